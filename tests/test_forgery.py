"""A result file no one can forge or fool: ``verify`` checks the whole result.

The threat (docs/verification.md, "The result file"): anyone may edit a result file before
handing it on. ``verify`` must then refuse it (``ResultError``: not a well-formed result) or
say it is NOT confirmed — never confirm it. The property test below makes one edit to a
result of a small season — a value replaced (by its neighbours, other types, NaN, text
with invisible characters…), a key deleted, renamed, added or written twice, a list item
deleted, repeated (changed or not) or moved — and checks that every one is caught. The
two fields verify cannot check by re-running are left out and said so:
``receipt.evaluated_at`` (any well-formed time) and ``receipt.engine`` named as the other
engine that runs here (both engines give the same result by construction).

The faults a reviewer found are kept as tests, each failing on the code before.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _engine
from rallyrules.cli import main
from rallyrules.decide import PYTHON_ENGINE
from rallyrules.verify import read_result, verify_result

from . import strategies as s
from .conftest import FIXTURES_DIR, PACK_DIR, bundled_pack
from .test_fuzz import fuzz_settings, report

#: Single-field edits of a result per run (×25 in the long profile).
EDITS = s.examples(250)


# -- a small season --------------------------------------------------------------------------------


def small_season(out: Path, district: str = "916", per_subject: int = 40) -> Path:
    """One district of the bundled season (its subjects, their parents, two city
    individuals; at most ``per_subject`` enrolments each; quotas divided by 6 so that some
    reach them and caps select): decisions of every kind, selections, a ledger, findings."""
    out.mkdir(parents=True, exist_ok=True)
    subjects = pl.read_csv(FIXTURES_DIR / "subjects.csv", infer_schema=False)
    keep = set(
        subjects.filter(
            (pl.col("scope") == district) | pl.col("subject_id").is_in(["CN-0001", "CN-0002", f"BCD-{district}"])
        ).get_column("subject_id")
    )
    parent = dict(zip(subjects.get_column("subject_id"), subjects.get_column("parent_id"), strict=True))
    for subject_id in list(keep):
        while parent.get(subject_id):
            subject_id = parent[subject_id]
            keep.add(subject_id)
    subjects.filter(pl.col("subject_id").is_in(keep)).write_csv(out / "subjects.csv")
    quotas = pl.read_csv(FIXTURES_DIR / "quotas.csv", infer_schema=False).filter(pl.col("subject_id").is_in(keep))
    quotas.with_columns(quota=(pl.col("quota").cast(pl.Int64) // 6).cast(pl.String)).write_csv(out / "quotas.csv")
    for table in ("attestations", "targets"):
        frame = pl.read_csv(FIXTURES_DIR / f"{table}.csv", infer_schema=False)
        frame.filter(pl.col("subject_id").is_in(keep)).write_csv(out / f"{table}.csv")
    enrolments = pl.read_csv(FIXTURES_DIR / "enrolments.csv", infer_schema=False).filter(pl.col("credited_to").is_in(keep))
    enrolments = enrolments.filter(pl.int_range(pl.len()).over("credited_to") < per_subject).with_columns(
        credited_individual=pl.when(pl.col("credited_individual").is_in(keep)).then(pl.col("credited_individual"))
    )
    enrolments.write_csv(out / "enrolments.csv")
    for table, column in (("submissions", "submitter"), ("rosters", "unit")):
        frame = pl.read_csv(FIXTURES_DIR / f"{table}.csv", infer_schema=False)
        frame.filter(pl.col(column).is_in([district, "city"])).write_csv(out / f"{table}.csv")
    return out


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> tuple[rr.Dataset, dict[str, Any]]:
    folder = small_season(tmp_path_factory.mktemp("small-season"))
    dataset = rr.load_dataset(folder)
    result = rr.evaluate(bundled_pack(), dataset, engine="python").to_dict()
    assert any(d["selection"] and d["selection"]["status"] == "selected" for d in result["decisions"])
    assert result["counting"]["ledger"] and result["findings"]
    return dataset, json.loads(json.dumps(result))


# -- one edit ----------------------------------------------------------------------------------


def nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a JSON value (the root left out)."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from nodes(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from nodes(item, (*path, i))


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@cache
def all_paths(text: str) -> tuple[tuple[Any, ...], ...]:
    return tuple(nodes(json.loads(text)))


@cache
def paths_of_kind(text: str, kind: str) -> tuple[tuple[Any, ...], ...]:
    value = json.loads(text)
    if kind == "object":
        return tuple(p for p in all_paths(text) if isinstance(at(value, p), dict)) + ((),)
    return tuple(p for p in all_paths(text) if isinstance(at(value, p), list) and at(value, p))


INVISIBLE = ["\u200b", "\u00a0", "\u202e", "\ufeff", "\u0301"]


@st.composite
def near(draw: st.DrawFn, old: Any) -> Any:
    """A value close to ``old``: the kind of change a forger makes, or a slip."""
    if isinstance(old, bool):
        return draw(st.sampled_from([not old, int(old), str(old).lower(), None]))
    if isinstance(old, int):
        return draw(st.sampled_from([old + 1, old - 1, -old if old else 1, float(old), str(old), old * 10, 2**63]))
    if isinstance(old, str):
        edits = [old + " ", old.upper(), old[:-1], "x" + old, unicodedata.normalize("NFD", old), old.replace("-", "_")]
        edits += [old[: len(old) // 2] + c + old[len(old) // 2 :] for c in INVISIBLE]
        return draw(st.sampled_from([e for e in edits if e != old] or ["x"]))
    if isinstance(old, list):
        options: list[Any] = [[], [None]]
        if old:
            options += [old[:-1], [*old, old[-1]], old[::-1], [old[0]]]
        return draw(st.sampled_from(options))
    if isinstance(old, dict):
        options = [{}, None]
        if old:
            first = next(iter(old))
            options += [{k: v for k, v in old.items() if k != first}, {**old, first: None}, list(old.values())]
        return draw(st.sampled_from(options))
    return draw(st.sampled_from([0, False, "", "null", []]))


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)


def any_value() -> st.SearchStrategy[Any]:
    return st.recursive(
        JSON_SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    )


def dumps_with_duplicate(value: Any, path: tuple[Any, ...], key: str, extra: Any) -> str:
    """JSON text of ``value`` in which the object at ``path`` has ``key`` written a second time."""

    def write(node: Any, here: tuple[Any, ...]) -> str:
        if isinstance(node, dict):
            pairs = [f"{json.dumps(k, ensure_ascii=False)}: {write(v, (*here, k))}" for k, v in node.items()]
            if here == path:
                pairs.append(f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(extra, ensure_ascii=False)}")
            return "{" + ", ".join(pairs) + "}"
        if isinstance(node, list):
            return "[" + ", ".join(write(v, (*here, i)) for i, v in enumerate(node)) + "]"
        return json.dumps(node, ensure_ascii=False)

    return write(value, ())


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


KINDS = ["replace", "replace", "replace", "delete", "add-key", "rename-key", "duplicate-key", "repeat-item", "move-item"]


#: The result being edited (kept here, not passed to the strategy, whose repr it would be).
BASE: dict[str, Any] = {}


@st.composite
def one_edit(draw: st.DrawFn) -> tuple[str, str, str]:
    """(kind, where, the edited JSON text) of one edit of the result in ``BASE``."""
    result = BASE["result"]
    text = BASE["text"]
    kind = draw(st.sampled_from(KINDS))
    edited = copy.deepcopy(result)
    paths = all_paths(text)
    if kind in ("add-key", "rename-key", "duplicate-key"):
        paths = paths_of_kind(text, "object")
    elif kind in ("repeat-item", "move-item"):
        paths = paths_of_kind(text, "list")
    path = draw(st.sampled_from(paths))
    where = ".".join(map(str, path)) or "(top)"
    node = at(edited, path)
    if kind == "replace":
        old = at(result, path)
        new = draw(st.one_of(near(old), any_value()))
        if path == ("receipt", "evaluated_at") and isinstance(new, str):
            assume(not _a_time(new))  # any well-formed time: the one claim verify cannot check
        if path == ("receipt", "engine"):
            assume(new not in _engines_here())  # the other engine gives the same result
        at(edited, path[:-1])[path[-1]] = new
    elif kind == "delete":
        del at(edited, path[:-1])[path[-1]]
    elif kind == "add-key":
        key = draw(
            st.sampled_from(["pack", "engine", "pack_path", "inputs_source", "note", "id", "selected", "x"]) | st.text(max_size=6)
        )
        assume(key not in node)
        node[key] = draw(any_value())
    elif kind == "rename-key":
        assume(bool(node))
        key = draw(st.sampled_from(sorted(node)))
        new_key = draw(st.sampled_from([key.upper(), key + "_", key.replace("_", "-"), key[:-1] or "x"]))
        assume(new_key not in node)
        node[new_key] = node.pop(key)
    elif kind == "duplicate-key":
        assume(bool(node))
        key = draw(st.sampled_from(sorted(node)))
        extra = draw(st.one_of(st.just(node[key]), near(node[key])))
        return kind, f"{where}.{key}", dumps_with_duplicate(edited, path, key, extra)
    elif kind == "repeat-item":
        i = draw(st.integers(0, len(node) - 1))
        copy_ = copy.deepcopy(node[i])
        if isinstance(copy_, dict) and copy_ and draw(st.booleans()):
            inner = draw(st.sampled_from([p for p in nodes(copy_) if len(p) == 1 or draw(st.booleans())] or [next(iter(copy_))]))
            parent = at(copy_, inner[:-1]) if isinstance(inner, tuple) else copy_
            last = inner[-1] if isinstance(inner, tuple) else inner
            parent[last] = draw(near(parent[last]))
        node.insert(draw(st.integers(0, len(node))), copy_)
    else:  # move-item
        assume(len(node) > 1)
        i, j = draw(st.integers(0, len(node) - 1)), draw(st.integers(0, len(node) - 1))
        node.insert(j, node.pop(i))
    assume(canonical(edited) != canonical(result))  # a real edit, not a no-op
    return kind, where, json.dumps(edited, ensure_ascii=False)


def _a_time(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", text):
        return False
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _engines_here() -> set[str]:
    return {PYTHON_ENGINE} | ({_engine.engine_version()} if _engine.AVAILABLE else set())


def test_every_single_field_edit_of_a_result_is_caught(
    season: tuple[rr.Dataset, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every edit of one field (replaced, deleted, renamed, added, written twice; an item
    repeated or moved) of a result is refused or not confirmed — never confirmed."""
    dataset, result = season
    pack = bundled_pack()
    folder = tmp_path_factory.mktemp("forged")
    path = folder / "result.json"
    path.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    assert verify_result(path, rules=pack, data=dataset).confirmed
    tally = s.Tally()
    BASE.update(result=result, text=json.dumps(result, ensure_ascii=False))

    @fuzz_settings(EDITS)
    @given(st.data())
    def one(data: st.DataObject) -> None:
        kind, where, text = data.draw(one_edit(), label="edit")
        path.write_text(text, "utf-8")
        try:
            verification = verify_result(path, rules=pack, data=dataset)
        except rr.ResultError as exc:
            assert all(p.path == str(path) for p in exc.problems), exc
            tally.add(f"{kind}: refused (ResultError)")
            return
        assert not verification.confirmed, f"an edit at {where} ({kind}) was confirmed: {text[:0]}"
        assert verification.differences
        tally.add(f"{kind}: NOT confirmed")

    one()
    report(tally, "single-field edits of a result", EDITS)


# -- the faults a reviewer found, each pinned --------------------------------------------------------


@cache
def season_result() -> dict[str, Any]:
    """The bundled season's result (python engine)."""
    out: dict[str, Any] = json.loads(
        rr.evaluate(bundled_pack(), rr.load_dataset(FIXTURES_DIR), engine="python").to_json(indent=None)
    )
    return out


def verify_cli(tmp_path: Path, result: dict[str, Any] | str, *args: str) -> tuple[int, str]:
    path = tmp_path / "result.json"
    path.write_text(result if isinstance(result, str) else json.dumps(result, ensure_ascii=False), "utf-8")
    outcome = CliRunner().invoke(main, ["verify", str(path), *args])
    return outcome.exit_code, outcome.stdout + outcome.stderr


def test_a_repeated_decision_changed_to_selected_is_not_confirmed(tmp_path: Path) -> None:
    """A copy of one decision with its selection set to 'selected', inserted before the real
    one, was confirmed (exit 0), and the file then showed 32 selected where 31 were."""
    result = copy.deepcopy(season_result())
    decisions = result["decisions"]
    i = next(i for i, d in enumerate(decisions) if d["selection"] and d["selection"]["status"] == "not-selected")
    forged = copy.deepcopy(decisions[i])
    forged["selection"]["status"] = "selected"
    decisions.insert(i, forged)
    assert sum(1 for d in decisions if d["selection"] and d["selection"]["status"] == "selected") == 32
    code, out = verify_cli(tmp_path, result)
    assert code == 4 and "NOT confirmed" in out
    assert f"repeats the id {forged['id']}" in out and f"decisions[{i}] ({forged['id']}" in out


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda r: r["receipt"].__setitem__("library_version", "0.0.9"), 'receipt.library_version: the result says "0.0.9"'),
        (lambda r: r["receipt"].__setitem__("engine", "durable-rules 9.9.9"), "receipt.engine"),
        (lambda r: r["receipt"].__setitem__("pack_digest", "0" * 64), "made by a pack with digest 0000"),
        (lambda r: r["receipt"].__setitem__("inputs_digest", "0" * 64), "made from data with digest 0000"),
        (lambda r: r["receipt"]["inputs"].__setitem__("rosters", "absent"), 'receipt.inputs.rosters: the result says "absent"'),
        (lambda r: r["decisions"][5].__setitem__("id", "d-" + "0" * 32), "is not the id of the receipt"),
        (lambda r: r["counting"].__setitem__("excluded", r["counting"]["excluded"] - 1), "counting.excluded"),
        (lambda r: r["findings"].pop(), "findings: missing"),
    ],
    ids=["library-version", "engine", "pack-digest", "inputs-digest", "inputs-table", "decision-id", "counting", "findings"],
)
def test_fields_not_checked_before_are_checked(tmp_path: Path, edit: Any, says: str) -> None:
    """receipt.library_version, the pack's digest, the engine, the inputs, the decision ids,
    the counting and the findings: each edit is NOT confirmed (exit 4), naming the place."""
    result = copy.deepcopy(season_result())
    edit(result)
    code, out = verify_cli(tmp_path, result)
    assert code == 4 and says in out, out


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda r: r.__setitem__("pack", {"id": "can-tho-2023", "digest": "0" * 64}), "unknown key(s) ['pack']"),
        (lambda r: r.__setitem__("engine", "durable-rules 2.0.28"), "unknown key(s) ['engine']"),
        (lambda r: r["receipt"].__setitem__("pack_path", "/etc"), "unknown key(s) ['pack_path']"),
        (lambda r: r["decisions"][0].__setitem__("selected", True), "at decisions[0]: unknown key(s) ['selected']"),
        (lambda r: r.__setitem__("receipt", {}), "at receipt: 'pack_id' is missing"),
        (lambda r: r.__setitem__("receipt", None), "'receipt' is null"),
        (lambda r: r.__setitem__("receipt", []), "at receipt:"),
        (lambda r: r["decisions"][0].__setitem__("conditions", None), "at decisions[0].conditions"),
        (lambda r: r.__delitem__("decisions"), "'decisions' is missing"),
        (lambda r: r.__setitem__("format", "rallyrules-result/3"), "older format"),
    ],
    ids=["top-pack", "top-engine", "pack-path", "decision-key", "empty-receipt", "null-receipt", "list-receipt",
         "null-conditions", "no-decisions", "format-3"],
)  # fmt: skip
def test_a_malformed_result_is_a_clear_result_error(tmp_path: Path, edit: Any, says: str) -> None:
    """Extra keys, a malformed receipt ("receipt": {} ended in a raw KeyError/TypeError): a
    ResultError naming the place (exit 1), never a traceback."""
    result = copy.deepcopy(season_result())
    edit(result)
    code, out = verify_cli(tmp_path, result)
    assert code == 1 and says in out and "Traceback" not in out, out
    with pytest.raises(rr.ResultError):
        verify_result(result)


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "rallyrules-result/4", "format": "rallyrules-result/4"}',
        "[1, 2]",
        "{",
        "\xff\xfe",
        '{"a": NaN}',
        "[" * 100_000,
    ],
    ids=["duplicate-key", "array", "truncated", "not-utf8", "nan", "deep"],
)
def test_text_that_is_no_result_is_a_result_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(text.encode("latin-1") if text == "\xff\xfe" else text.encode("utf-8"))
    with pytest.raises(rr.ResultError) as caught:
        read_result(path)
    assert caught.value.problems[0].path == str(path)


def test_a_pack_changed_under_the_same_id_is_named_with_its_digest(tmp_path: Path) -> None:
    """A result made with a modified pack that keeps the pack id (caps raised: 180 selected
    instead of 31) was "confirmed" without naming which pack was used. Against the bundled
    pack it is NOT confirmed, both digests named; with --rules the modified folder, it is
    confirmed, and the output names that folder and its digest."""
    modified = tmp_path / "pack"
    shutil.copytree(PACK_DIR, modified)
    parameters = modified / "parameters.yaml"
    parameters.write_text(
        parameters.read_text("utf-8").replace('value: "10%"', 'value: "100%"').replace('value: "5%"', 'value: "100%"'), "utf-8"
    )
    pack = rr.load_rule_pack(modified)
    result = rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR), engine="python").to_dict()
    selected = sum(1 for d in result["decisions"] if d["selection"] and d["selection"]["status"] == "selected")
    assert selected > 31
    code, out = verify_cli(tmp_path, result)
    assert code == 4 and pack.digest in out and bundled_pack().digest in out and "other rule files" in out
    code, out = verify_cli(tmp_path, result, "--rules", str(modified))
    assert code == 0 and f"rules: the pack folder given, {modified}, digest {pack.digest}" in out
    assert f"digest {result['receipt']['inputs_digest']}" in out


def test_verify_reads_nothing_a_result_names(tmp_path: Path) -> None:
    """verify loaded whatever folder the result named and echoed values from files found
    there. A result cannot name a folder (a path-like key is unknown; a pack id is matched
    against the bundled packs' names only), and verify opens no file outside the result,
    the folders given, the bundled packs and data, and the library itself."""
    bait = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES_DIR, bait)
    (bait / "subjects.csv").write_text("subject_id,name\nSECRET,Secret\n", "utf-8")
    result = copy.deepcopy(season_result())
    for key, value in (("inputs_source", str(bait)), ("pack_path", str(bait))):
        forged = copy.deepcopy(result)
        forged["receipt"][key] = value
        code, out = verify_cli(tmp_path, forged)
        assert code == 1 and "SECRET" not in out and "unknown key" in out
    forged = copy.deepcopy(result)
    forged["receipt"]["pack_id"] = f"../../{bait.name}"
    code, out = verify_cli(tmp_path, forged)
    assert code == 1 and "not bundled" in out
    opened: list[str] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, bytes)) and watching:
            opened.append(str(Path(args[0] if isinstance(args[0], str) else args[0].decode()).resolve()))

    watching = False
    sys.addaudithook(audit)
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result), "utf-8")
    watching = True
    try:
        assert verify_result(path).confirmed
    finally:
        watching = False
    allowed = [
        str(p.resolve())
        for p in (path, PACK_DIR, FIXTURES_DIR, Path(rr.__file__).parent, Path(sys.prefix), Path(sys.base_prefix))
    ]
    outside = [
        p
        for p in opened
        if not any(p == a or p.startswith(a + "/") for a in allowed) and not p.startswith(("/proc/", "/dev/", "/sys/"))
    ]
    assert not outside, outside


def test_a_result_moved_to_another_machine_verifies(tmp_path: Path) -> None:
    """No local path in a result: a result written here, with the data folder copied under
    another name, verifies with --data that folder (and names it)."""
    moved = tmp_path / "elsewhere" / "data"
    shutil.copytree(FIXTURES_DIR, moved)
    result = season_result()
    assert str(PACK_DIR) not in json.dumps(result) and str(FIXTURES_DIR) not in json.dumps(result)
    code, out = verify_cli(tmp_path, result, "--data", str(moved))
    assert code == 0 and f"data: the data folder given, {moved}" in out
