"""Bad input, fuzzed: malformed rule files and record sets yield only rallyrules' own
exceptions (RallyRulesError subclasses) naming the file (and line) or the record — never
a bare KeyError/TypeError, a hang or a crash — and rule files never execute code.

CI runs (profile ``ci``; ×``LONG_FACTOR`` in ``long``, see docs/verification.md):

- ``RULE_FILES`` broken rule files, each in a small pack (``load_rule_pack``): a seed file
  mutated in its structure (keys removed, added, misspelt; values of the wrong type, empty,
  huge, NFD; unknown facts, operators, parameters, kinds; bad dates and rates; ids
  repeated) and in its text or bytes (anchors, aliases and alias bombs, tags including
  ``!!python/object/apply``, merge keys, YAML 1.1 booleans, unquoted dates, floats, hex,
  duplicate keys, tabs, truncation, several documents, deep nesting, huge integers,
  non-UTF-8 bytes, UTF-16, BOMs, NUL and control characters);
- ``BUNDLED_RULE_FILES`` of the bundled pack's own rule files mutated in the same ways,
  in a pack with the bundled base files;
- ``RECORD_SETS`` broken record sets (``Dataset.from_records``, ``check_dataset``, then a
  whole evaluation): fields missing, unknown, of the wrong type, empty, huge, NFD; records
  duplicated or referring to what does not exist; parents in cycles;
- ``CSV_FOLDERS`` data folders with one CSV file broken in its text or bytes (``load_dataset``);
- ``ODD_RECORD_SETS`` valid-looking records with odd values (NUL, lone surrogates, NFD,
  64 KiB text, integers beyond int64) evaluated on both engines.

Each target prints what it found (outcome → count). A known bug (``KNOWN_BUGS``, each
pinned by a strict xfail test) would be counted apart and tolerated; anything else fails.
The bugs the fuzz found are fixed, and the tests at the end of this file hold the fixes.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _engine

from . import strategies as s

RULE_FILES = s.examples(2_000)
BUNDLED_RULE_FILES = s.examples(200)
RECORD_SETS = s.examples(7_000)
CSV_FOLDERS = s.examples(600)
ODD_RECORD_SETS = s.examples(200)
TOTAL = RULE_FILES + BUNDLED_RULE_FILES + RECORD_SETS + CSV_FOLDERS + ODD_RECORD_SETS
BROKEN = "zz-broken.yaml"

# -- what may come out --------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownBug:
    """An outcome the fuzz found that is a bug, pinned by a strict xfail test below."""

    name: str
    kind: type[BaseException]
    message: str  # a regular expression the exception's text matches
    pinned_by: str


#: Bugs the fuzz has found and the library does not yet refuse properly, each pinned by a
#: strict xfail test. Empty: the eleven found so far are fixed (docs/verification.md).
KNOWN_BUGS: tuple[KnownBug, ...] = ()


def known_bug(exc: BaseException) -> KnownBug | None:
    """The known bug ``exc`` shows, if any: a library error matches only a library error's
    entry (a DataError is also a ValueError), a bare exception only a bare one's."""
    ours = isinstance(exc, rr.RallyRulesError)
    for bug in KNOWN_BUGS:
        if issubclass(bug.kind, rr.RallyRulesError) == ours and isinstance(exc, bug.kind) and re.search(bug.message, str(exc)):
            return bug
    return None


#: Seconds one input may take before the fuzz calls it a hang (inputs take milliseconds).
HANG_SECONDS = 20


class Hang(Exception):
    """An input was still being processed after HANG_SECONDS."""


@contextmanager
def watchdog(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Interrupt Python code still running after ``seconds`` (SIGALRM; main thread, POSIX)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome_of(run: Callable[[], Any], *, names: Callable[[rr.RallyRulesError], None]) -> str:
    """Run one input; the outcome's name for the tally. Fails on anything but a library
    error that ``names`` accepts, or a known bug; and on an input that takes HANG_SECONDS."""
    try:
        with watchdog():
            run()
    except Hang as exc:
        raise AssertionError(f"a hang: {exc}") from exc
    except rr.RallyRulesError as exc:
        bug = known_bug(exc)
        if bug is not None:
            return f"KNOWN BUG: {bug.name}"
        names(exc)
        assert not INTERNALS.search(str(exc)), f"a message shows Python internals: {exc}"
        first = exc.problems[0].message if getattr(exc, "problems", ()) else str(exc)
        return f"{type(exc).__name__}: {category(first)}"
    except RecursionError:
        raise
    except Exception as exc:  # a bare exception: a bug, unless a known one
        bug = known_bug(exc)
        if bug is None:
            raise AssertionError(f"a bare {type(exc).__name__} escaped: {exc}") from exc
        return f"KNOWN BUG: {bug.name}"
    return "accepted"


def category(message: str) -> str:
    """The kind of a problem message, without its particular values."""
    message = re.sub(r"^\w+ record: ", "", message[:200])  # (long values would make the patterns below slow)
    message = re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|[-\d.]+|\S*[<>]\S*|(?<=got ).*", "…", message)
    message = re.sub(r"…(\W*…)+", "…", message)
    return " ".join(message.split()[:6])


def names_the_file(directory: Path) -> Callable[[rr.RallyRulesError], None]:
    def check(exc: rr.RallyRulesError) -> None:
        assert isinstance(exc, rr.RulePackError), f"a rule file gave {type(exc).__name__}: {exc}"
        assert exc.problems, exc
        for p in exc.problems:
            assert p.path and Path(p.path).is_relative_to(directory), f"a problem that names no file of the pack: {p}"
            if Path(p.path).name == BROKEN and p.line is not None:
                assert p.line >= 1, p

    return check


#: Python internals a message for people must not show (checked in every fuzz outcome).
INTERNALS = re.compile(r"Attribute\(name=|object at 0x|<function |Traceback|mappingproxy")


def names_the_record(exc: rr.RallyRulesError) -> None:
    assert isinstance(exc, (rr.DataError, rr.RulePackError)), f"bad records gave {type(exc).__name__}: {exc}"
    assert exc.problems, exc
    for p in exc.problems:
        assert p.path and (re.fullmatch(r"\w+\[\d+\]", p.path) or p.line is not None or p.path.endswith(".csv")), (
            f"a problem that names no record: {p}"
        )


def fuzz_settings(count: int) -> settings:
    """``count`` examples (already scaled by the profile), no example database: each run
    draws its own inputs, and a failure prints the input and how to reproduce it."""
    return settings(max_examples=count, deadline=None, database=None)


def report(tally: s.Tally, title: str, expected: int) -> None:
    print("\n" + tally.table(title))
    assert tally.total >= expected, f"{title}: ran {tally.total} inputs, expected {expected}"


# -- seeds: small rule files valid in a small pack ------------------------------------------------------

SOURCE = {"document": "38/KH-BCĐ", "section": "II.5.c", "quote": "Khen thưởng:"}
TEXT = {"vi": "Chữ", "en": "Text"}
#: The plan's lines the small pack cites (a few lines of 38/KH-BCĐ, section II.5.c).
SMALL_PLAN = "II. NỘI DUNG\n\n5. Thi đua, khen thưởng\n\nc) Khen thưởng:\n\n- Các tập thể đề nghị khen thưởng phải đảm bảo các điều kiện theo từng đợt thi đua như sau:\n"
SMALL_PACK = {
    "pack": {"id": "fuzz", "title": TEXT, "document": {"number": "38/KH-BCĐ", "title": "t", "issued": "2023-04-05", "issuer": "i"},
             "source_text": "plan.txt"},
    "levels": [{"id": "city", "name": {"vi": "Cấp thành phố", "en": "City"}},
               {"id": "district", "name": {"vi": "Cấp huyện", "en": "District"}, "scoped": True}],
    "authorities": [{"id": "giam-doc", "name": TEXT, "source": SOURCE}],
    "funds": [{"id": "quy", "name": TEXT, "source": SOURCE}],
    "awards": [
        {"id": "giay-khen", "name": TEXT, "source": SOURCE, "round": "per-wave",
         "granted_by": [{"level": "city", "authority": "giam-doc", "fund": "quy", "source": SOURCE}]},
        {"id": "bang-khen", "name": TEXT, "source": SOURCE, "round": "after-waves",
         "granted_by": [{"level": "city", "authority": "giam-doc", "fund": "quy", "source": SOURCE}]},
    ],
    "waves": [{"number": 1, "name": TEXT, "theme": TEXT, "rally": {"date": "2023-05-06", "venue": "v", "source": SOURCE},
               "period": {"start": "2023-05-06", "end": "2023-06-09", "source": SOURCE}}],
    "schemes": [{"id": "bhxh-tu-nguyen", "name": {"vi": "BHXH tự nguyện", "en": "Voluntary"}, "coverage_required_through": "han"},
                {"id": "bhxh-bat-buoc", "name": {"vi": "BHXH bắt buộc", "en": "Compulsory"}}],
    "counting": {
        "credit_parents": True, "one_enrolment_per_person_and_scheme": True, "source": SOURCE,
        "exclusions": [{"reason": r, "source": SOURCE} for r in ("unknown-subject", "outside-periods", "repeat-person-scheme")],
    },
    "parameters": [
        {"id": "han", "type": "date", "value": "2023-12-31", "title": TEXT, "source": SOURCE},
        {"id": "ty-le", "type": "rate", "value": "100%", "title": TEXT, "source": SOURCE},
        {"id": "tran", "type": "rate", "value": "10%", "title": TEXT, "source": SOURCE},
        {"id": "so-ngay", "type": "integer", "value": 5, "title": TEXT, "source": SOURCE},
    ],
    # The bundled pack's words of every kind of fact and field (a rule's fields need labels).
    "labels": yaml.safe_load((s.BUNDLED_PACK / "labels.yaml").read_text("utf-8"))["labels"],
}  # fmt: skip


def _rule(ident: str, kind: str, conditions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "title": TEXT,
        "applies_to": kind,
        **extra,
        "source": SOURCE,
        "statement": TEXT,
        "conditions": conditions,
        "interpretations": [],
    }


def _cond(ident: str, **parts: Any) -> dict[str, Any]:
    return {"id": ident, **parts, "says": TEXT}


SEEDS: tuple[dict[str, Any], ...] = (
    {"rules": [_rule("tap-the", "collective-wave", [
        _cond("co-chi-tieu", fact="quota", op="more_than", value=0),
        _cond("dat", ratio={"of": "counted", "to": "quota"}, op="at_least", param="ty-le"),
        _cond("cap", fact="level", op="one_of", value=["city", "Cần Thơ"]),
    ], award="giay-khen", when=[_cond("dot", fact="wave", op="none_of", value=[9])])]},
    {"rules": [_rule("ca-nhan", "individual-wave", [
        _cond("xac-nhan", fact="attested", op="equals", value=True),
        _cond("dat", ratio={"of": "counted", "to": "quota"}, op="more_than", value="12.5%"),
    ], award="giay-khen")]},
    {"rules": [_rule("bang-khen", "subject-year", [
        _cond("giay-khen", fact="wave_awards", op="at_least", value=1),
        _cond("muc-tieu", ratio={"of": "worst_result", "to": "worst_target"}, op="at_least", value="1/1"),
    ], award="bang-khen")]},
    {"rules": [_rule("dung-han", "submission", [
        _cond("da-gui", fact="submitted", op="not_equals", value=False),
        _cond("som", fact="days_before", op="at_least", param="so-ngay"),
    ], when=[_cond("loai", fact="deadline", op="equals", value="bao-cao")])]},
    {"rules": [_rule("nhom", "roster-role", [_cond("du", fact="people", op="less_than", value=2**62)])]},
    {"parameters": [
        {"id": "p-int", "type": "integer", "value": -3, "title": TEXT, "source": SOURCE},
        {"id": "p-text", "type": "text", "value": "Ô Môn", "title": TEXT, "source": SOURCE},
        {"id": "p-bool", "type": "boolean", "value": False, "title": TEXT, "source": SOURCE},
        {"id": "p-rate", "type": "rate", "value": "3/7", "title": TEXT, "source": SOURCE},
        {"id": "p-date", "type": "date", "value": "2024-02-29", "title": TEXT, "source": SOURCE},
    ]},
    {"caps": [{"id": "cap", "award": "giay-khen", "subject_kind": "collective", "rate": "tran", "base": "eligible", "rounding": "ceiling",
               "ranking": [{"by": "ratio", "of": "counted", "to": "quota", "order": "descending"}, {"by": "field", "field": "subject_id", "order": "ascending"}],
               "source": SOURCE, "interpretations": []}]},
    {"deadlines": [{"id": "bao-cao", "name": TEXT, "submitter_level": "district", "anchors": [{"wave": 1, "date": "2023-06-20", "source": SOURCE}], "source": SOURCE},
                   {"id": "danh-sach", "name": {"vi": "Danh sách", "en": "List"}, "submitter_level": "city", "anchors": [{"wave": 1}], "source": SOURCE}]},
    {"targets": {"indicators": [{"id": "bhyt", "name": TEXT}], "individuals_use_parent_targets": False, "source": SOURCE},
     "roster_roles": [{"id": "nhom-tu-van", "name": TEXT, "levels": ["district"]}]},
    {"coverage": [{"section": "II.5.c", "text": "c) Khen thưởng:", "out_of_scope": TEXT}]},
)  # fmt: skip


@pytest.fixture(scope="module")
def small_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-pack")
    (folder / "pack.yaml").write_text(s.dump_yaml(SMALL_PACK), "utf-8")
    (folder / "plan.txt").write_text(SMALL_PLAN, "utf-8")
    for seed in SEEDS:  # every seed is valid in this pack
        (folder / BROKEN).write_text(s.dump_yaml(seed), "utf-8")
        rr.load_rule_pack(folder)
    return folder


@pytest.fixture(scope="module")
def bundled_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-bundled")
    for name in s.BASE_FILES:
        shutil.copy(s.BUNDLED_PACK / name, folder)
    return folder


BUNDLED_SEEDS = tuple(
    yaml.safe_load((s.BUNDLED_PACK / name).read_text("utf-8"))
    for name in (
        "giay-khen-tap-the.yaml",
        "giay-khen-ca-nhan.yaml",
        "bang-khen.yaml",
        "caps.yaml",
        "deadlines.yaml",
        "rosters.yaml",
    )
)

# -- mutations of a rule file -------------------------------------------------------------------------------

SENTINEL = Path("/tmp/rallyrules-fuzz-code-ran")
#: Values of the wrong type, empty, huge, or almost right.
ODD_YAML_VALUES = (
    None, 0, -1, 1, True, False, "", " ", "x", [], {}, [None], [[]], {"a": {"b": None}}, 2**63, 2**64, -(2**63) - 1, 10**30,
    "2023-02-30", "2023-5-6", "06/05/2023", "2023-13-01", "100", "100 %", "1/0", "%", "１０%", "-5%", "0.1", "1e3",
    "x" * 100_000, list(range(1000)), "a\x00b", "😀", s.nfd("Cần Thơ"), "Khen thưởng", "$gt", "quota", "collective_wave",
    "greater_than", "II.5.z", "ii.5.c", "nope-param", "a b", "A", "-", "é",
)  # fmt: skip
TYPOS = {
    "conditions": "conditons",
    "applies_to": "apply_to",
    "op": "operator",
    "value": "values",
    "fact": "field",
    "id": "ID",
    "source": "sources",
    "quote": "qoute",
}
EXTRA_KEYS = ("conditons", "ID", "Điều", s.nfd("Điều"), "x", "rules", "pack", "<<", "when ", "1")


def paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += paths(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += paths(v, path + (i,))
    return out


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        data = data[p]
    return data


@st.composite
def structural_mutation(draw: st.DrawFn, data: Any) -> Any:
    """``data`` (a copy) with one node removed, replaced, renamed, added to or repeated."""
    data = copy.deepcopy(data)
    nodes = paths(data)[1:]
    if not nodes:  # nothing left inside: the whole document becomes an odd value
        return copy.deepcopy(draw(st.sampled_from(ODD_YAML_VALUES)))
    where = draw(st.sampled_from(nodes))
    parent, key = at(data, where[:-1]), where[-1]
    how = draw(st.sampled_from(["delete", "replace", "replace", "rename", "add-key", "repeat", "nfd", "deepen", "empty"]))
    if how == "delete":
        del parent[key]
    elif how == "replace":
        parent[key] = copy.deepcopy(draw(st.sampled_from(ODD_YAML_VALUES)))
    elif how == "rename" and isinstance(parent, dict):
        new = TYPOS.get(key, draw(st.sampled_from(EXTRA_KEYS)))
        if new not in parent:
            parent[new] = parent.pop(key)
    elif how == "add-key" and isinstance(parent[key], dict):
        parent[key][draw(st.sampled_from(EXTRA_KEYS))] = copy.deepcopy(draw(st.sampled_from(ODD_YAML_VALUES)))
    elif how == "repeat" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    elif how == "nfd":
        parent[key] = _map_strings(parent[key], s.nfd)
    elif how == "deepen":
        value: Any = parent[key]
        for _ in range(draw(st.sampled_from([1, 5, 70]))):
            value = [value]
        parent[key] = value
    else:
        parent[key] = type(parent[key])() if isinstance(parent[key], (list, dict, str)) else None
    return data


def _map_strings(value: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {fn(k): _map_strings(v, fn) for k, v in value.items()}
    return value


def _alias_bomb() -> str:
    lines = ['bomb0: &b0 ["lol", "lol"]'] + [f"bomb{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 12)]
    return "\n".join(lines) + "\n"


#: Text edits: (name, edit of the lines). Each returns the new lines.
TEXT_EDITS: dict[str, Callable[[list[str], int], list[str]]] = {
    "anchor-alias": lambda ls, i: ls[:i] + [re.sub(r": (\S.*)$", r": &anchor \1", ls[i])] + ls[i + 1 :] + ["again: *anchor"],
    "alias-bomb": lambda ls, i: ls + [_alias_bomb()],
    "python-tag": lambda ls, i: (
        ls[:i] + [re.sub(r": (.*)$", f': !!python/object/apply:os.system ["touch {SENTINEL}"]', ls[i])] + ls[i + 1 :]
    ),
    "python-name": lambda ls, i: ls[:i] + [re.sub(r": (.*)$", ": !!python/name:os.system", ls[i])] + ls[i + 1 :],
    "pathlib-tag": lambda ls, i: (
        ls + [f'x: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ["{SENTINEL}"]]']
    ),
    "other-tag": lambda ls, i: ls[:i] + [re.sub(r": (.*)$", r": !!binary aGVsbG8=", ls[i])] + ls[i + 1 :],
    "local-tag": lambda ls, i: ls[:i] + [re.sub(r": (.*)$", r": !vi \1", ls[i])] + ls[i + 1 :],
    "merge-key": lambda ls, i: ["base: &m {a: 1}"] + ls + ["y:", "  <<: *m"],
    "yaml11-bool": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": yes", ls[i])] + ls[i + 1 :],
    "unquoted-date": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": 2023-12-31", ls[i])] + ls[i + 1 :],
    "float": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": 0.1", ls[i])] + ls[i + 1 :],
    "hex": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": 0x1F", ls[i])] + ls[i + 1 :],
    "inf-nan-null": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": .inf", ls[i])] + ls[i + 1 :] + ["z: .nan", "w: ~"],
    "huge-int": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": " + "9" * 5000, ls[i])] + ls[i + 1 :],
    "big-int": lambda ls, i: ls[:i] + [re.sub(r": (\S+)$", ": " + "9" * 40, ls[i])] + ls[i + 1 :],
    "duplicate-line": lambda ls, i: ls[: i + 1] + ls[i:],
    "delete-line": lambda ls, i: ls[:i] + ls[i + 1 :],
    "tab-indent": lambda ls, i: ls[:i] + [ls[i].replace("  ", "\t", 1)] + ls[i + 1 :],
    "unbalanced": lambda ls, i: ls[:i] + [ls[i] + ' ["'] + ls[i + 1 :],
    "two-documents": lambda ls, i: ls[:i] + ["---"] + ls[i:],
    "only-comments": lambda ls, i: ["# nothing here"],
    "empty": lambda ls, i: [],
    "deep-flow": lambda ls, i: ls + ["deep: " + "[" * 200 + "]" * 200],
    "deep-block": lambda ls, i: ls + ["deep:"] + ["  " * (d + 1) + "- " for d in range(100)],
    "control-char": lambda ls, i: ls[:i] + [ls[i] + "\x07\x1b"] + ls[i + 1 :],
    "long-line": lambda ls, i: ls[:i] + [ls[i] + " " + "x" * 200_000] + ls[i + 1 :],
    "indent": lambda ls, i: ls[:i] + [" " + ls[i]] + ls[i + 1 :],
}
#: Byte edits of the encoded file.
BYTE_EDITS: dict[str, Callable[[bytes, int], bytes]] = {
    "invalid-utf8": lambda b, i: b[:i] + b"\xff\xfe\xc3\x28" + b[i:],
    "truncate": lambda b, i: b[:i],
    "truncate-in-char": lambda b, i: b[: max(0, b.find("ầ".encode()) + 1)] if "ầ".encode() in b else b[:i],
    "nul": lambda b, i: b[:i] + b"\x00" + b[i:],
    "utf8-bom": lambda b, i: b"\xef\xbb\xbf" + b,
    "utf16": lambda b, i: b.decode("utf-8", "replace").encode("utf-16"),
    "latin1": lambda b, i: b.decode("utf-8", "replace").encode("latin-1", "replace"),
    "cesu-surrogate": lambda b, i: b[:i] + b"\xed\xa0\x80" + b[i:],
    "crlf": lambda b, i: b.replace(b"\n", b"\r\n"),
    "cr-only": lambda b, i: b.replace(b"\n", b"\r"),
    "flip": lambda b, i: b[:i] + bytes([b[i] ^ 0x20]) + b[i + 1 :] if i < len(b) else b,
}


@st.composite
def broken_rule_file(draw: st.DrawFn, seeds: tuple[Any, ...]) -> tuple[bytes, list[str]]:
    """A seed, mutated 1–3 times in its structure, then 0–2 times in its text and 0–1 in its bytes."""
    data = draw(st.sampled_from(seeds))
    done = []
    for _ in range(draw(st.integers(1, 3))):
        data = draw(structural_mutation(data))
        done.append("structure")
    text = s.dump_yaml(data)
    for _ in range(draw(st.integers(0, 2))):
        lines = text.splitlines()
        name = draw(st.sampled_from(sorted(TEXT_EDITS)))
        text = "\n".join(TEXT_EDITS[name](lines, draw(st.integers(0, max(0, len(lines) - 1))))) + "\n"
        done.append(name)
    raw = text.encode("utf-8")
    if draw(st.integers(0, 3)) == 3:
        name = draw(st.sampled_from(sorted(BYTE_EDITS)))
        raw = BYTE_EDITS[name](raw, draw(st.integers(0, max(0, len(raw) - 1))))
        done.append(name)
    return raw, done


def _fuzz_rule_files(folder: Path, seeds: tuple[Any, ...], count: int, title: str) -> None:
    tally = s.Tally()
    SENTINEL.unlink(missing_ok=True)

    @fuzz_settings(count)
    @given(case=broken_rule_file(seeds))
    def one(case: tuple[bytes, list[str]]) -> None:
        raw, _ = case
        (folder / BROKEN).write_bytes(raw)
        tally.add(outcome_of(lambda: rr.load_rule_pack(folder), names=names_the_file(folder)))

    one()
    assert not SENTINEL.exists(), "a rule file ran code"
    report(tally, title, count)


def test_broken_rule_files_raise_only_rule_pack_errors(small_pack: Path) -> None:
    """Broken rule files (structure, text and bytes mutated) are refused with a
    RulePackError naming the pack's files (and the line), or loaded; never a bare
    exception, a hang, or code run from the file."""
    _fuzz_rule_files(small_pack, SEEDS, RULE_FILES, "broken rule files (small pack)")


def test_broken_bundled_rule_files_raise_only_rule_pack_errors(bundled_base: Path) -> None:
    """The bundled pack's own rule files, broken the same ways, next to its base files."""
    _fuzz_rule_files(bundled_base, BUNDLED_SEEDS, BUNDLED_RULE_FILES, "broken bundled rule files")


@pytest.mark.parametrize(
    "payload",
    [
        f'a: !!python/object/apply:os.system ["touch {SENTINEL}"]\n',
        f'a: !!python/object/new:subprocess.Popen [["touch", "{SENTINEL}"]]\n',
        "a: !!python/name:os.system\n",
        "a: !!python/module:os\n",
        f'a: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ["{SENTINEL}"]]\n',
        f'rules: [{{id: x, title: !!python/object/apply:os.system ["touch {SENTINEL}"]}}]\n',
        f'a: !<tag:yaml.org,2002:python/object/apply:os.system> ["touch {SENTINEL}"]\n',
        f'%TAG !p! tag:yaml.org,2002:python/\n---\na: !p!object/apply:os.system ["touch {SENTINEL}"]\n',
    ],
)
def test_rule_files_never_execute_code(small_pack: Path, payload: str) -> None:
    """YAML tags that would run code in a plain YAML loader are refused, and run nothing."""
    SENTINEL.unlink(missing_ok=True)
    (small_pack / BROKEN).write_text(payload, "utf-8")
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(small_pack)
    assert not SENTINEL.exists()
    assert any(Path(p.path or "").name == BROKEN and p.line for p in caught.value.problems), caught.value
    assert re.search(r"tag|not valid YAML", str(caught.value))


# -- record sets ---------------------------------------------------------------------------------------

BASE_RECORDS: dict[str, list[dict[str, Any]]] = {
    "subjects": [
        s.subject_record("TP", "collective", "city", None, None, "Bưu điện thành phố"),
        s.subject_record("Q1", "collective", "district", "TP", "D1", "Ban Chỉ đạo quận Ninh Kiều"),
        s.subject_record("CN", "individual", "district", "Q1", "D1", "Nguyễn Thị Ánh"),
    ],
    "quotas": [{"subject_id": "TP", "wave": 1, "quota": 2}, {"subject_id": "Q1", "wave": 2, "quota": 1}, {"subject_id": "CN", "wave": 1, "quota": 1}],
    "enrolments": [
        {"enrolment_id": "E1", "person_id": "P1", "scheme": "bhxh-tu-nguyen", "enrolled_on": "2023-05-06", "covered_until": "2023-12-31", "credited_to": "Q1", "credited_individual": "CN"},
        {"enrolment_id": "E2", "person_id": "P2", "scheme": "bhxh-bat-buoc", "enrolled_on": "2023-07-31", "covered_until": None, "credited_to": "TP", "credited_individual": None},
    ],
    "attestations": [{"subject_id": "CN", "wave": 1, "attested_by": "Giám đốc", "attested_on": "2023-06-10"}],
    "targets": [{"subject_id": "TP", "indicator": "bhyt", "target": 10, "result": 12}],
    "submissions": [{"deadline": "district-report", "wave": 1, "submitter": "D1", "submitted_on": "2023-06-19"}],
    "rosters": [{"wave": 1, "unit": "D1", "role": "consulting-group", "name": "Nhóm 1", "people": 3}],
}  # fmt: skip
ODD_RECORD_VALUES = s.WRONG_VALUES + (
    "TP",
    "Q1",
    "CN",
    "D1",
    "city",
    "district",
    "individual",
    "KHÔNG-CÓ",
    4,
    0,
    2**63,
    "2023-06-09",
    "2023-06-10",
)
RECORD_FIELDS = sorted({k for rows in BASE_RECORDS.values() for row in rows for k in row} | {"area_code", "xyz", "Tên"})


@st.composite
def broken_records(draw: st.DrawFn) -> dict[str, list[Any]]:
    """The base record set with 1–4 records broken: fields removed, added, set to odd
    values; records repeated, dropped, replaced by a non-mapping; parents in a cycle."""
    records: dict[str, list[Any]] = copy.deepcopy(BASE_RECORDS)
    for _ in range(draw(st.integers(1, 4))):
        table = draw(st.sampled_from(sorted(records)))
        rows = records[table]
        how = draw(
            st.sampled_from(["set"] * 8 + ["delete"] * 3 + ["add"] * 2 + ["repeat", "drop", "cycle", "nfd", "not-a-mapping"])
        )
        if not rows and how != "not-a-mapping":
            continue
        i = draw(st.integers(0, max(0, len(rows) - 1)))
        if how == "not-a-mapping":
            rows.append(draw(st.sampled_from([None, "TP,Tập thể,collective,city", ["TP"], 5, ("TP",)])))
        elif not isinstance(rows[i], dict):
            continue
        elif how == "set":
            rows[i][draw(st.sampled_from(sorted(rows[i])))] = draw(st.sampled_from(ODD_RECORD_VALUES))
        elif how == "delete":
            del rows[i][draw(st.sampled_from(sorted(rows[i])))]
        elif how == "add":
            rows[i][draw(st.sampled_from(RECORD_FIELDS))] = draw(st.sampled_from(ODD_RECORD_VALUES))
        elif how == "repeat":
            rows.append(copy.deepcopy(rows[i]))
        elif how == "drop":
            del rows[i]
        elif how == "cycle":
            records["subjects"][0]["parent_id"] = "CN" if draw(st.booleans()) else "Q1"
        else:
            rows[i] = _map_strings(rows[i], s.nfd)
    return records


def _evaluate_records(records: dict[str, list[Any]], pack: rr.RulePack, engine: str = "python") -> rr.Evaluation:
    dataset = rr.Dataset.from_records(**records)
    rr.check_dataset(pack, dataset)
    return rr.evaluate(pack, dataset, engine=engine)  # type: ignore[arg-type]


def test_broken_record_sets_raise_only_data_errors() -> None:
    """Broken records are refused with a DataError naming each bad record (table[index]),
    or evaluated; never a bare exception."""
    pack = rr.load_rule_pack(s.BUNDLED_PACK)
    tally = s.Tally()

    # Four record sets per example: the same inputs for less of hypothesis' per-example work.
    @fuzz_settings(-(-RECORD_SETS // 4))
    @given(batch=st.lists(broken_records(), min_size=4, max_size=4))
    def one(batch: list[dict[str, list[Any]]]) -> None:
        for records in batch:
            tally.add(outcome_of(lambda records=records: _evaluate_records(records, pack), names=names_the_record))

    one()
    report(tally, "broken record sets", RECORD_SETS)


# -- CSV folders ------------------------------------------------------------------------------------------

CSV_EDITS: dict[str, Callable[[str, int], str]] = {
    "drop-header-column": lambda t, i: re.sub(r"^[^,\n]*,", "", t, count=1),
    "unknown-column": lambda t, i: t.replace("\n", ",ghi_chu\n", 1),
    "duplicate-column": lambda t, i: re.sub(r"^([^,\n]*)", r"\1,\1", t, count=1),
    "short-row": lambda t, i: t.rstrip("\n").rsplit(",", 1)[0] + "\n",
    "long-row": lambda t, i: t.rstrip("\n") + ",thừa\n",
    "unbalanced-quote": lambda t, i: t[:i] + '"' + t[i:],
    "huge-field": lambda t, i: t.rstrip("\n") + "x" * 140_000 + "\n",
    "empty-file": lambda t, i: "",
    "header-only": lambda t, i: t.split("\n", 1)[0] + "\n",
    "nfd": lambda t, i: s.nfd(t),
    "spaces": lambda t, i: t.replace(",", " , "),
    "semicolons": lambda t, i: t.replace(",", ";"),
    "nul": lambda t, i: t[:i] + "\x00" + t[i:],
    "blank-lines": lambda t, i: t.replace("\n", "\n\n"),
    "odd-value": lambda t, i: re.sub(r"(?m)^([^,\n]*),([^,\n]*)", r"\1,9999999999999999999999", t, count=2),
}


def _write_csv(folder: Path, records: dict[str, list[dict[str, Any]]]) -> None:
    for table, rows in records.items():
        header = list(rows[0]) if rows else ["x"]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
        (folder / f"{table}.csv").write_text(out.getvalue(), "utf-8")


def test_broken_csv_folders_raise_only_data_errors(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A data folder with one CSV file broken in its text or bytes is refused with a
    DataError naming the file (and line), or evaluated; never a bare exception."""
    pack = rr.load_rule_pack(s.BUNDLED_PACK)
    folder = tmp_path_factory.mktemp("fuzz-csv")
    tally = s.Tally()

    @fuzz_settings(CSV_FOLDERS)
    @given(
        table=st.sampled_from(sorted(BASE_RECORDS)),
        edits=st.lists(st.tuples(st.sampled_from(sorted(CSV_EDITS)), st.integers(0, 400)), min_size=1, max_size=2),
        byte_edit=st.none() | st.tuples(st.sampled_from(sorted(BYTE_EDITS)), st.integers(0, 400)),
        drop=st.none() | st.sampled_from(sorted(BASE_RECORDS)),
    )
    def one(table: str, edits: list[tuple[str, int]], byte_edit: tuple[str, int] | None, drop: str | None) -> None:
        for old in folder.iterdir():
            old.unlink()
        _write_csv(folder, BASE_RECORDS)
        path = folder / f"{table}.csv"
        text = path.read_text("utf-8")
        for name, i in edits:
            text = CSV_EDITS[name](text, min(i, len(text)))
        raw = text.encode("utf-8", "surrogatepass")
        if byte_edit is not None:
            raw = BYTE_EDITS[byte_edit[0]](raw, min(byte_edit[1], max(0, len(raw) - 1)))
        path.write_bytes(raw)
        if drop is not None:
            (folder / f"{drop}.csv").unlink()

        def run() -> None:
            dataset = rr.load_dataset(folder)
            rr.check_dataset(pack, dataset)
            rr.evaluate(pack, dataset, engine="python")

        tally.add(outcome_of(run, names=names_the_record))

    one()
    report(tally, "broken CSV folders", CSV_FOLDERS)


# -- odd but well-typed records, on both engines ---------------------------------------------------------------

ODD_TEXT_VALUES = ("a\x00b", "\ud800", "x\udfff", s.nfd("Ô Môn"), "x" * 70_000, "😀", " TP ", "TP\u200b", "ﬁ")
ODD_INT_VALUES = (0, 2**62, 2**63 - 1, 2**63, 10**30)


@st.composite
def odd_records(draw: st.DrawFn) -> dict[str, list[Any]]:
    records: dict[str, list[Any]] = copy.deepcopy(BASE_RECORDS)
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(["subjects", "quotas", "targets", "rosters"]))
        row = draw(st.sampled_from(records[table]))
        ints = [k for k, v in row.items() if isinstance(v, int)]
        if ints and draw(st.booleans()):
            row[draw(st.sampled_from(ints))] = draw(st.sampled_from(ODD_INT_VALUES))
        elif table == "subjects":
            field = draw(st.sampled_from(["name", "subject_id", "scope"]))
            value = draw(st.sampled_from(ODD_TEXT_VALUES))
            old = row[field]
            row[field] = value
            if field in ("subject_id", "scope") and old is not None:  # keep the records consistent
                records = _map_strings(records, lambda t, old=old, value=value: value if t == old else t)
    return records


@pytest.mark.skipif(not _engine.AVAILABLE, reason="durable_rules does not import on this Python")
def test_odd_records_on_both_engines() -> None:
    """Records with odd but well-typed values (NUL, lone surrogates, NFD, 70,000
    characters, integers at and beyond int64) are decided alike by both engines, or
    refused with an error naming the record."""
    pack = rr.load_rule_pack(s.BUNDLED_PACK)
    tally = s.Tally()

    @fuzz_settings(ODD_RECORD_SETS)
    @given(records=odd_records())
    def one(records: dict[str, list[Any]]) -> None:
        results = []

        def run() -> None:
            for engine in ("python", "durable"):
                out = _evaluate_records(records, pack, engine).to_dict()
                results.append((out["decisions"], out["counting"]))
            assert results[0] == results[1], "the engines decided differently"

        tally.add(outcome_of(run, names=names_the_record))

    one()
    report(tally, "odd record sets on both engines", ODD_RECORD_SETS)


# -- bugs the fuzz found, fixed ------------------------------------------------------------------------------------------


def test_a_huge_integer_in_a_rule_file_is_refused_naming_the_line(small_pack: Path) -> None:
    """A 5,000-digit integer literal (past Python's int() digit limit: it was a bare
    ValueError) is a RulePackError naming the file and line."""
    (small_pack / BROKEN).write_text("parameters:\n  - id: lon\n    type: integer\n    value: " + "9" * 5000 + "\n", "utf-8")
    with pytest.raises(rr.RulePackError, match="digits") as caught:
        rr.load_rule_pack(small_pack)
    assert any(p.line == 4 and p.path and p.path.endswith(BROKEN) for p in caught.value.problems)


@pytest.mark.parametrize("record", [None, "TP,Tập thể,collective,city", ["TP"]])
def test_a_record_that_is_not_a_mapping_is_refused_naming_it(record: Any) -> None:
    """A record that is not a mapping (it was a bare AttributeError) is a DataError naming it."""
    with pytest.raises(rr.DataError, match=r"subjects\[3\].*must map field names to values"):
        rr.Dataset.from_records(subjects=[*BASE_RECORDS["subjects"], record], quotas=[], enrolments=[])


def test_a_lone_surrogate_in_a_record_is_refused_naming_it() -> None:
    """A subject id with a lone surrogate (possible through Dataset.from_records; it failed
    later in the receipt or in durable) is a DataError naming subjects[0]."""
    records = {"subjects": [s.subject_record("T\ud800", "collective", "city", None, None, "x")], "quotas": [], "enrolments": []}
    with pytest.raises(rr.DataError, match=r"subjects\[0\].*lone surrogate"):
        rr.Dataset.from_records(**records)


@pytest.mark.parametrize("quota", [2**63, -(2**63) - 1, 10**30, "9" * 5000])
def test_an_integer_beyond_int64_in_a_record_is_refused_naming_it(quota: Any) -> None:
    """A quota beyond int64 (it failed inside the engine, naming no record; 5,000 digits as
    text would pass Python's int() digit limit) is a DataError naming quotas[0], on both
    engines alike; int64's own edges are read."""
    records = {"subjects": [s.subject_record("T", "collective", "city", None, None, "x")], "enrolments": []}
    with pytest.raises(rr.DataError, match=r"quotas\[0\].*beyond the whole numbers") as caught:
        rr.Dataset.from_records(**records, quotas=[{"subject_id": "T", "wave": 1, "quota": quota}])
    assert len(str(caught.value)) < 1000
    assert (
        rr.Dataset.from_records(**records, quotas=[{"subject_id": "T", "wave": 1, "quota": 2**63 - 1}]).quotas[0].quota
        == 2**63 - 1
    )


@pytest.mark.parametrize("source", ["/dev/zero", "../outside.txt", "/etc/hostname", "."])
def test_source_text_must_be_a_file_in_the_pack(tmp_path: Path, source: str) -> None:
    """A pack's source_text naming a device, a file outside the pack or a folder (it made
    the loader read /dev/zero until memory ran out) is a RulePackError naming pack.yaml."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text("text", "utf-8")
    pack = dict(SMALL_PACK, pack=dict(SMALL_PACK["pack"], source_text=source))
    (folder / "pack.yaml").write_text(s.dump_yaml(pack), "utf-8")
    with watchdog(), pytest.raises(rr.RulePackError, match="plan's text") as caught:
        rr.load_rule_pack(folder)
    assert any(p.path and p.path.endswith("pack.yaml") and p.line for p in caught.value.problems)


def test_a_value_outside_a_fields_choices_is_explained_in_words() -> None:
    """An unknown subject kind is explained in words (it showed attrs' Attribute(...) repr)."""
    with pytest.raises(rr.DataError) as caught:
        rr.Dataset.from_records(subjects=[s.subject_record("T", "tập thể", "city", None, None, "x")], quotas=[], enrolments=[])
    assert "subjects[0]" in str(caught.value) and "'kind' must be in ('collective', 'individual') (got 'tập thể')" in str(
        caught.value
    )
    assert not INTERNALS.search(str(caught.value)), str(caught.value)
