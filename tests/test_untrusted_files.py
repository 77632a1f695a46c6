"""Rule files and scenario files can neither fool nor overload the library.

Four kinds, each with the reviewer's case and a property that generates further cases
(profile ``ci``; ×``LONG_FACTOR`` in ``long``, see docs/verification.md):

1. invisible and direction-changing characters, and words mixing scripts, anywhere in a
   rule file (values, keys, comments) or the plan's text: refused, named with file,
   line, column (``INVISIBLE`` examples: a file of the bundled pack, a refused character
   and a position);
2. files that cost too much: refused on their size, node count or nesting before any
   tree is built (``OVERSIZED`` examples around the limits);
3. every problem of every stage in one run (``MISTAKES`` examples: several independent
   mistakes in a copy of the bundled pack, each reported once, nothing else);
4. scenario files that would pass while checking nothing fail loudly (``MUTANTS``
   examples: a key, rule, round, subject, outcome, condition or number of a bundled case
   changed).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _validation, _yaml, scenarios
from rallyrules.cli import main
from rallyrules.scenarios import check_scenario, load_scenarios, scenario_schema, scenario_schema_text

from . import strategies as s
from .conftest import PACK_DIR, bundled_pack

INVISIBLE = s.examples(40)
OVERSIZED = s.examples(30)
MISTAKES = s.examples(15)
MUTANTS = s.examples(60)
TYPOS = Path(__file__).parent / "data" / "scenario-typos.yaml"
RULE_FILES = sorted(p.name for p in PACK_DIR.glob("*.yaml"))


def copy_pack(tmp: Path) -> Path:
    folder = tmp / "pack"
    shutil.copytree(PACK_DIR, folder, ignore=shutil.ignore_patterns("scenarios"))
    return folder


def problems_of(folder: Path) -> list[rr.Problem]:
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(folder)
    return list(caught.value.problems)


def edit(folder: Path, name: str, old: str, new: str, occurrence: int = 1) -> int:
    """Replace the ``occurrence``-th ``old`` in a file of ``folder``; returns its line."""
    path = folder / name
    text = path.read_text("utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(old, at + 1)
    path.write_text(text[:at] + new + text[at + len(old) :], "utf-8")
    return text.count("\n", 0, at) + 1


# -- 1. characters a reader cannot see ---------------------------------------------------------------

#: One of each class refused (docs/rule-format.md, "Characters").
REFUSED = {
    "\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER", "\u2062": "INVISIBLE TIMES", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE", "\u200e": "LEFT-TO-RIGHT MARK", "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK", "\u00ad": "SOFT HYPHEN", "\U000e0041": "TAG LATIN CAPITAL LETTER A",
    "\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE (NEL)", "\x9b": "<unnamed>",
    "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR", "\u00a0": "NO-BREAK SPACE", "\u3000": "IDEOGRAPHIC SPACE",
    "\u3164": "HANGUL FILLER", "\u2800": "BRAILLE PATTERN BLANK", "\ufe0f": "VARIATION SELECTOR-16", "\ue000": "<unnamed>",
}  # fmt: skip


def test_a_zero_width_space_in_a_value_is_refused_naming_file_line_column(tmp_path: Path) -> None:
    """The reviewer's case: `value: "district-report\\u200B"` passed `check` and 27 decisions vanished."""
    folder = copy_pack(tmp_path)
    line = edit(folder, "deadlines.yaml", "value: district-report", 'value: "district-report\u200b"')
    found = problems_of(folder)
    assert [(Path(p.path or "").name, p.line) for p in found] == [("deadlines.yaml", line)], found
    assert "column 32: U+200B ZERO WIDTH SPACE" in found[0].message


def test_a_bidi_override_in_a_comment_is_refused(tmp_path: Path) -> None:
    """Trojan Source: a comment that reorders what a reviewer sees."""
    folder = copy_pack(tmp_path)
    edit(folder, "deadlines.yaml", "value: district-report", "value: district-report  # \u202e\u2066 tropxe \u2069\u2066")
    messages = [p.message for p in problems_of(folder)]
    assert any("U+202E RIGHT-TO-LEFT OVERRIDE" in m for m in messages), messages
    assert any("U+2066 LEFT-TO-RIGHT ISOLATE" in m for m in messages), messages


@pytest.mark.parametrize("char", list(REFUSED), ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_each_class_of_refused_character_is_named(char: str) -> None:
    """Each refused character, in a value, is named with its code point and name."""
    _, found = _yaml.load_yaml(f'a: "x{char}y"\n', "f.yaml")
    assert any(f"U+{ord(char):04X} {REFUSED[char]}" in p.message for p in found), found


def test_a_character_written_as_an_escape_is_refused() -> None:
    """`"\\u200b"` in a double-quoted value is not in the file's text, but is in the value."""
    _, found = _yaml.load_yaml('a: "district-report\\u200b"\nb: "\\u0430bc"\n', "f.yaml")
    assert "U+200B ZERO WIDTH SPACE" in found[0].message and "escape" in found[0].message


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("value: district-r\u0435port", "U+0435 CYRILLIC SMALL LETTER IE"),  # a Cyrillic е in an enum-like value
        ("id: \u0430t-least", "U+0430 CYRILLIC SMALL LETTER A"),  # in an id
        ("\u0440aram: x", "U+0440 CYRILLIC SMALL LETTER ER"),  # in a key
        ('says: "Gi\u0430y khen"', "U+0430 CYRILLIC SMALL LETTER A"),  # in a word of Vietnamese text
        ("value: district-rep\u03bfrt", "U+03BF GREEK SMALL LETTER OMICRON"),
    ],
)
def test_words_mixing_scripts_are_refused(text: str, letter: str) -> None:
    _, found = _yaml.load_yaml(f"a: 1\n{text}\n", "f.yaml")
    assert [(p.line, "mixes" in p.message and letter in p.message) for p in found] == [(2, True)], found


def test_vietnamese_in_nfc_and_nfd_and_other_scripts_alone_are_accepted() -> None:
    """Vietnamese letters (composed or not), typographic quotes and dashes, and a word wholly
    in another script are ordinary text."""
    text = "Chỉ đạo thực hiện đạt 100% — “Giấy khen” (Ủy ban) ≥ 10% ĐẠT đợt"
    for form in ("NFC", "NFD"):
        document, found = _yaml.load_yaml(f'a: "{unicodedata.normalize(form, text)}"\nb: Москва\n', "f.yaml")
        assert found == [] and document is not None
        assert document.data["a"] == unicodedata.normalize("NFC", text)


def test_a_byte_order_mark_at_the_start_is_accepted() -> None:
    document, found = _yaml.load_yaml("\ufeffa: 1\n".encode(), "f.yaml")
    assert found == [] and document is not None and document.data == {"a": 1}


def test_the_plan_text_is_held_to_the_same_characters_but_page_breaks(tmp_path: Path) -> None:
    """A zero-width space in the plan's text is refused; a form feed (a page break, as text
    from a PDF has) is not."""
    folder = copy_pack(tmp_path)
    plan = folder / "plan-38-KH-BCD.txt"
    plan.write_text(plan.read_text("utf-8").replace("II. NỘI DUNG", "\fII. NỘI DUNG", 1), "utf-8")
    rr.load_rule_pack(folder)
    plan.write_text(plan.read_text("utf-8").replace("Khen thưởng:", "Khen\u200b thưởng:", 1), "utf-8")
    found = problems_of(folder)
    assert any(Path(p.path or "").name == plan.name and "U+200B" in p.message for p in found), found


@st.composite
def invisible_insertions(draw: st.DrawFn) -> tuple[str, int, str]:
    name = draw(st.sampled_from(RULE_FILES))
    size = len((PACK_DIR / name).read_text("utf-8"))
    char = draw(st.sampled_from(sorted(REFUSED)))
    # A byte order mark is allowed where it means one: at the very start of a file.
    position = draw(st.integers(1 if char == "\ufeff" else 0, size))
    return name, position, char


@s.property_settings(INVISIBLE)
@given(invisible_insertions())
def test_a_refused_character_anywhere_in_a_rule_file_is_named_where_it_is(insertion: tuple[str, int, str]) -> None:
    """Any refused character at any position of any file of the bundled pack: the pack is
    refused, and one problem names that file, line and column and the character."""
    name, position, char = insertion
    text = (PACK_DIR / name).read_text("utf-8")
    text = text[:position] + char + text[position:]
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    folder = Path(_scratch()) / "pack"
    (folder / name).write_text(text, "utf-8")
    found = problems_of(folder)
    where = [(Path(p.path or "").name, p.line, p.message.split(":")[0]) for p in found if f"U+{ord(char):04X}" in p.message]
    assert (name, line, f"column {column}") in where, found


_SCRATCH: dict[str, Path] = {}


def _scratch() -> Path:
    """A copy of the bundled pack, restored before each example (hypothesis tests take no tmp_path)."""
    import tempfile

    if "root" not in _SCRATCH:
        _SCRATCH["root"] = Path(tempfile.mkdtemp(prefix="rallyrules-untrusted-"))
    root = _SCRATCH["root"]
    shutil.rmtree(root / "pack", ignore_errors=True)
    copy_pack(root)
    return root


# -- 2. files that cost too much ----------------------------------------------------------------------


def test_a_12_mb_rule_file_is_refused_on_its_size(tmp_path: Path) -> None:
    """The reviewer's case: 2 million items in 12 MB took 115 s and 7.5 GB before refusal.
    Now refused from its size, unread (measured: well under a millisecond)."""
    folder = copy_pack(tmp_path)
    (folder / "big.yaml").write_text("rules:\n" + "  - 1\n" * 2_000_000, "utf-8")
    found = problems_of(folder)
    assert [Path(p.path or "").name for p in found] == ["big.yaml"], found
    assert "is 12,000,007 bytes" in found[0].message and "at most 1 MiB (1,048,576 bytes)" in found[0].message


def test_too_many_nodes_are_refused_before_a_tree_is_built(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    (folder / "wide.yaml").write_text("rules: [" + "1," * 60_000 + "1]\n", "utf-8")
    found = problems_of(folder)
    assert any("more than 50,000 YAML nodes" in p.message for p in found), found


def test_nesting_deeper_than_the_limit_is_refused(tmp_path: Path) -> None:
    _, found = _yaml.load_yaml("a: " + "[" * 65 + "]" * 65 + "\n", "f.yaml")
    assert [p.message for p in found] == ["nested more than 64 levels deep (the limit on nesting)"]
    _, found = _yaml.load_yaml("a: " + "[" * 63 + "]" * 63 + "\n", "f.yaml")
    assert found == []


def test_a_pack_of_too_many_or_too_large_files_is_refused(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    for i in range(_validation.MAX_RULE_FILES):
        (folder / f"extra-{i:03d}.yaml").write_text("levels: []\n")
    assert "at most 100 (the limit on rule files)" in problems_of(folder)[0].message
    folder = copy_pack(tmp_path / "2")
    for i in range(5):  # 5 files of 0.9 MiB: each under the file limit, together over the pack's
        (folder / f"zz-{i}.yaml").write_text("# " + "x" * (9 * 2**20 // 10) + "\nlevels: []\n")
    assert any("at most 4 MiB of rule files" in p.message for p in problems_of(folder))


def test_a_rule_file_linked_from_outside_the_pack_is_not_read(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text("levels: []\n")
    (folder / "linked.yaml").symlink_to(outside)
    assert any("outside the pack's folder" in p.message for p in problems_of(folder))


def test_the_bundled_files_are_far_below_the_limits() -> None:
    """At least ten times below each limit, so a pack may grow without meeting them."""
    total_bytes = total_nodes = 0
    for path in [*PACK_DIR.glob("*.yaml"), *PACK_DIR.glob("scenarios/*.yaml")]:
        document, found = _yaml.load_yaml(path.read_bytes(), str(path))
        assert found == [] and document is not None
        assert path.stat().st_size * 10 < _yaml.MAX_FILE_BYTES and document.nodes * 10 < _yaml.MAX_NODES, path
        if path.parent == PACK_DIR:
            total_bytes, total_nodes = total_bytes + path.stat().st_size, total_nodes + document.nodes
    assert total_bytes * 10 < _validation.MAX_PACK_BYTES and total_nodes * 10 < _validation.MAX_PACK_NODES


def _shapes(kind: str, n: int) -> tuple[str, int, int]:
    """A YAML text of ``kind`` and size ``n``: (text, its nodes, its depth)."""
    if kind == "list":
        return "a:\n" + "  - 1\n" * n, n + 3, 2
    if kind == "flow":
        return "a: [" + ", ".join(["x"] * n) + "]\n", n + 3, 2
    if kind == "mapping":
        return "".join(f"k{i}: v\n" for i in range(n)), 2 * n + 1, 1
    return "a: " + "[" * n + "]" * n + "\n", n + 2, n + 1  # nesting


@s.property_settings(OVERSIZED)
@given(st.sampled_from(["list", "flow", "mapping", "nesting"]), st.integers(1, 120), st.integers(20, 100))
def test_a_file_is_refused_exactly_when_over_a_limit(kind: str, n: int, limit: int) -> None:
    """Lists, flow lists, mappings and nesting around a node limit (scaled down here; the
    same code holds the real one) and the depth limit: refused naming the limit exactly
    when over it, and never a tree built for a refused file."""
    text, nodes, depth = _shapes(kind, n)
    document, found = _yaml.load_yaml(text, "f.yaml", max_nodes=limit)
    over_nodes, over_depth = nodes > limit, depth > _yaml.MAX_DEPTH
    if over_depth or over_nodes:  # the first limit the parser's events reach is named
        named = ["levels deep (the limit on nesting)"] * over_depth + [f"more than {limit:,} YAML nodes"] * over_nodes
        assert document is None and any(n in p.message for p in found for n in named), found
    else:
        assert found == [] and document is not None and document.nodes == nodes
    _, found = _yaml.load_yaml(text, "f.yaml", max_bytes=len(text.encode()) - 1)
    assert [p.message.split(":")[0] for p in found] == [f"is {len(text.encode()):,} bytes"]


# -- 3. every problem of every stage at once ------------------------------------------------------------


def test_three_mistakes_in_one_file_are_all_reported_in_one_run(tmp_path: Path) -> None:
    """The reviewer's case: an operator typo (schema), a parameter typo (cross-reference) and
    a changed quote (the plan's text) — reported as one problem, then two after a fix."""
    folder = copy_pack(tmp_path)
    edit(folder, "giay-khen-tap-the.yaml", "op: at_least", "op: at_lest")
    edit(folder, "giay-khen-tap-the.yaml", 'quote: "Các tập thể', 'quote: "Mọi tập thể')
    edit(folder, "giay-khen-ca-nhan.yaml", "param: individual-completion-rate", "param: individual-completion-rat")
    messages = [f"{Path(p.path or '').name}: {p.message}" for p in problems_of(folder)]
    assert len(messages) == 3, messages
    for says in (
        "giay-khen-tap-the.yaml: 'rules[0].conditions[1].op' must be one of",
        "(found 'at_lest')",
        "giay-khen-ca-nhan.yaml: unknown parameter 'individual-completion-rat'",
        "giay-khen-tap-the.yaml: quote not found verbatim in the plan's text: 'Mọi tập thể",
    ):
        assert any(says in m for m in messages), (says, messages)  # fmt: skip


def test_a_schema_problem_and_a_reference_in_the_same_file_are_both_reported(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    edit(folder, "giay-khen-tap-the.yaml", "op: at_least", "op: at_lest")
    edit(folder, "giay-khen-tap-the.yaml", "param: collective-completion-rate", "param: collective-completion-rat")
    messages = [p.message for p in problems_of(folder)]
    # The typo'd operator and the typo'd parameter are in one condition: the condition is
    # broken, and its parameter is not reported as a second problem.
    assert len(messages) == 1 and "at_lest" in messages[0], messages


#: Independent mistakes, each in its own part of the bundled pack: (file, old, new, what the problem says).
MISTAKE_KINDS: dict[str, tuple[str, str, str, str]] = {
    "operator typo": ("giay-khen-tap-the.yaml", "op: more_than", "op: more_thn", "(found 'more_thn')"),
    "parameter typo": ("giay-khen-ca-nhan.yaml", "param: individual-completion-rate", "param: individual-completion-rat",
                       "unknown parameter 'individual-completion-rat'"),
    "changed quote": ("bang-khen.yaml", 'quote: "đạt 100% trả lên', 'quote: "đạt 99% trả lên', "quote not found verbatim"),
    "unknown fact": ("deadlines.yaml", "fact: days_before", "fact: days_befor", "unknown fact 'days_befor'"),
    "key typo": ("calendar.yaml", "    theme:", "    thme:", "unknown key 'thme'"),
    "no such date": ("parameters.yaml", 'value: "2023-12-31"', 'value: "2023-02-30"', "real calendar date"),
    "coverage reference typo": ("coverage.yaml", '"rule:giay-khen-tap-the-theo-dot"]', '"rule:giay-khen-tap-the-theo-dott"]',
                                "'rule:giay-khen-tap-the-theo-dott' is not defined"),
    "invisible character": ("rosters.yaml", "value: mobile-team", 'value: "mobile-team\u2060"', "U+2060 WORD JOINER"),
    "YAML 1.1 boolean": ("counting.yaml", "credit_parents: true", "credit_parents: yes", "YAML 1.1 boolean"),
    "unknown level": ("deadlines.yaml", "submitter_level: district", "submitter_level: distrct", "unknown level 'distrct'"),
    "mixed scripts": ("caps.yaml", "award: giay-khen", "award: gi\u0430y-khen", "mixes Latin and Cyrillic"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(MISTAKE_KINDS))
def test_each_mistake_alone_is_one_problem(tmp_path: Path, kind: str) -> None:
    """No consequential noise: one mistake, one problem, in its file."""
    name, old, new, says = MISTAKE_KINDS[kind]
    folder = copy_pack(tmp_path)
    edit(folder, name, old, new)
    found = problems_of(folder)
    assert len(found) == 1 and says in found[0].message and Path(found[0].path or "").name == name, found


@s.property_settings(MISTAKES)
@given(st.sets(st.sampled_from(sorted(MISTAKE_KINDS)), min_size=2, max_size=6))
def test_independent_mistakes_are_all_reported_in_one_run(kinds: set[str]) -> None:
    """Any few of the mistakes together: each reported, in one run, and nothing else."""
    folder = Path(_scratch()) / "pack"
    for kind in sorted(kinds):
        name, old, new, _ = MISTAKE_KINDS[kind]
        edit(folder, name, old, new)
    found = problems_of(folder)
    for kind in kinds:
        name, _, _, says = MISTAKE_KINDS[kind]
        assert any(says in p.message and Path(p.path or "").name == name for p in found), (kind, found)
    assert len(found) == len(kinds), found


# -- 4. scenario files that check nothing ----------------------------------------------------------------


def test_the_shipped_scenario_schema_is_generated_and_published() -> None:
    import json

    import jsonschema

    jsonschema.Draft202012Validator.check_schema(scenario_schema())
    assert (Path(rr.__file__).parent / "_schema" / "scenarios.schema.json").read_text("utf-8") == scenario_schema_text()
    assert (PACK_DIR.parent.parent / "docs" / "scenarios.schema.json").read_text("utf-8") == scenario_schema_text()
    assert json.loads(scenario_schema_text()) == scenario_schema()


def test_the_bundled_scenarios_are_valid_against_the_pack() -> None:
    for path in sorted(PACK_DIR.glob("scenarios/*.yaml")):
        assert load_scenarios(path, bundled_pack())


TYPO_CASES = {
    "fact-field-typo": "unknown fact field 'countd' of collective-wave. Did you mean 'counted'?",
    "records-outcome-at-top-level": "'outcome' at the top of 'expect' is read only for a case on one fact",
    "records-rule-id-typo-failed-only": "the pack has no rule 'giay-khen-tap-the-theo-dott'. Did you mean 'giay-khen-tap-the-theo-dot'?",
    "records-key-typo-in-decision": "unknown key 'outcom'. Did you mean 'outcome'?",
    "records-round-typo-outcome": "there is no round 'wave 1'. Did you mean 'wave-1'? The rounds are: wave-1, wave-2, wave-3, after-waves",
}


@pytest.mark.parametrize("engine", scenarios.engines_available())
def test_every_reviewer_typo_fails_naming_it(engine: rr.EngineChoice) -> None:
    """The five cases of scenario-typos.yaml (4 of them passed on both engines): each fails,
    with one message naming its slip."""
    cases = {c.id: c for c in load_scenarios(TYPOS, strict=False)}
    assert set(cases) == set(TYPO_CASES)
    for case_id, says in TYPO_CASES.items():
        mismatches = check_scenario(bundled_pack(), cases[case_id], engine)
        assert len(mismatches) == 1 and says in mismatches[0], (case_id, mismatches)


def test_loading_with_the_pack_reports_every_slip_of_the_file_at_once() -> None:
    with pytest.raises(rr.RulePackError) as caught:
        load_scenarios(TYPOS, bundled_pack())
    assert len(caught.value.problems) == 5 and all(p.line for p in caught.value.problems), caught.value


def _records_case(decisions: list[dict[str, Any]], case_id: str = "c") -> dict[str, Any]:
    return {
        "id": case_id,
        "records": {
            "subjects": [{"subject_id": "A", "name": "Phường A", "kind": "collective", "level": "city"}],
            "quotas": [{"subject_id": "A", "wave": 1, "quota": 5}],
            "enrolments": [],
        },
        "expect": {"decisions": decisions},
    }


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    """YAML as a person writes it: no anchors for repeated values (the reader refuses them)."""
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def _check_cases(tmp_path: Path, cases: list[dict[str, Any]], engine: rr.EngineChoice = "python") -> list[list[str]]:
    path = tmp_path / "s.yaml"
    path.write_text(dump({"scenarios": cases}), "utf-8")
    return [check_scenario(bundled_pack(), c, engine) for c in load_scenarios(path, strict=False)]


def test_an_expectation_must_match_exactly_one_decision(tmp_path: Path) -> None:
    decision = {"subject_id": "A", "round": "wave-1", "rule": "giay-khen-tap-the-theo-dot"}
    results = _check_cases(tmp_path, [
        _records_case([decision | {"outcome": "not-eligible", "failed": ["reached-quota"], "needed": 5}]),  # right
        _records_case([decision | {"round": "after-waves", "outcome": "not-eligible"}], "c1"),  # a per-wave rule: no decision
        _records_case([decision | {"outcome": "not-applicable"}], "c2"),  # there is a decision
        _records_case([decision | {"subject_id": "B", "outcome": "eligible"}], "c3"),  # no such subject
        _records_case([decision | {"outcome": "met"}], "c4"),  # a check's outcome for an award rule
        _records_case([decision | {"failed": ["reached-quot"]}], "c5"),  # no such condition
    ])  # fmt: skip
    assert results[0] == []
    assert "there is no such decision; the decisions about A: " in results[1][0], results[1]
    assert "wave-1 giay-khen-tap-the-theo-dot: not-eligible" in results[1][0]
    assert "expected none (not-applicable), found one: not-eligible" in results[2][0]
    assert "no subject or unit 'B'" in results[3][0]
    assert "outcome 'met' cannot come from rule 'giay-khen-tap-the-theo-dot' (an award rule)" in results[4][0]
    assert "has no condition 'reached-quot'. Did you mean 'reached-quota'?" in results[5][0]


def test_a_case_that_expects_nothing_is_refused(tmp_path: Path) -> None:
    fact = {"collective-wave": {"subject_id": "X", "level": "city", "wave": 1, "quota": 1, "counted": 1}}
    results = _check_cases(tmp_path, [
        {"id": "a", "rule": "giay-khen-tap-the-theo-dot", "given": fact, "expect": {}},
        _records_case([]),
        {"id": "b", "given": fact, "expect": {"outcome": "eligible"}},
        {"id": "d", "rule": "giay-khen-tap-the-theo-dot", "given": fact, "expect": {"outcome": "eligible", "decisions": []}},
    ])  # fmt: skip
    assert "'expect' is empty" in results[0][0]
    assert "lists at least one decision" in results[1][0]
    assert "has no 'rule'" in results[2][0]
    assert "unknown key 'decisions'" in results[3][0]


def test_scenarios_decide_one_fact_in_one_function_only() -> None:
    """Scenarios decide a single fact outside a whole evaluation in one place only."""
    source = Path(scenarios.__file__).read_text("utf-8")
    body = source[source.index("def _decide_one_fact") :]
    body = body[: body.index("\ndef ", 1)]
    assert source.count("decide_facts(") == body.count("decide_facts(") == 1
    assert re.findall(r"from \.evaluation import (.*)", source) == ["EngineChoice, decide_facts, evaluate"]


def _typo(draw: st.DrawFn, word: str) -> str:
    """``word`` with one character inserted, deleted, replaced or two swapped."""
    while True:
        i = draw(st.integers(0, max(len(word) - 1, 0)))
        how = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        char = draw(st.sampled_from("aeioutnrs-_"))
        new = {
            "insert": word[:i] + char + word[i:], "delete": word[:i] + word[i + 1 :],
            "replace": word[:i] + char + word[i + 1 :], "swap": word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :],
        }[how]  # fmt: skip
        if new != word and new:
            return new


_BUNDLED_CASES = [
    (path.name, i)
    for path in sorted(PACK_DIR.glob("scenarios/*.yaml"))
    for i, _ in enumerate(yaml.safe_load(path.read_text("utf-8"))["scenarios"])
]


def _keys(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every key in ``data``."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += [(*path, key), *_keys(value, (*path, key))]
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _keys(value, (*path, i))
    return out


@st.composite
def scenario_mutants(draw: st.DrawFn) -> tuple[str, dict[str, Any], str]:
    """A bundled case with one slip: a key, or the value of a rule, round, subject,
    outcome, failed condition or needed count."""
    name, index = draw(st.sampled_from(_BUNDLED_CASES))
    case = yaml.safe_load((PACK_DIR / "scenarios" / name).read_text("utf-8"))["scenarios"][index]
    expectations = [case["expect"]] if "given" in case else case["expect"]["decisions"]
    want = draw(st.sampled_from(expectations))
    kinds = ["key", "outcome", "failed", "needed"] + (["rule"] if "given" in case else ["rule", "round", "subject"])
    kind = draw(st.sampled_from(kinds))
    if kind == "key":
        path = draw(st.sampled_from([p for p in _keys(case) if p[-1] != "says"]))
        parent: Any = case
        for step in path[:-1]:
            parent = parent[step]
        parent[_typo(draw, path[-1])] = parent.pop(path[-1])
    elif kind == "rule":
        target = case if "given" in case else want
        target["rule"] = _typo(draw, target["rule"])
    elif kind == "round":
        want["round"] = draw(st.sampled_from([_typo(draw, want["round"]), want["round"].replace("-", " "), "wave-4"]))
    elif kind == "subject":
        want["subject_id"] = _typo(draw, want["subject_id"])
    elif kind == "outcome":
        others = [o for o in ("eligible", "not-eligible", "met", "not-met", "not-applicable") if o != want.get("outcome")]
        want["outcome"] = draw(st.sampled_from([*others, _typo(draw, want.get("outcome", "eligible"))]))
    elif kind == "failed":
        failed = list(want.get("failed") or [])
        if failed and draw(st.booleans()):
            i = draw(st.integers(0, len(failed) - 1))
            failed[i] = _typo(draw, failed[i])
        else:
            failed = failed[1:] if failed else ["has-quota"]
        want["failed"] = failed
    else:
        want["needed"] = (want.get("needed") or 0) + draw(st.integers(1, 3))
    return name, case, kind


@s.property_settings(MUTANTS)
@given(scenario_mutants())
def test_a_mutated_bundled_scenario_never_passes_silently(mutant: tuple[str, dict[str, Any], str]) -> None:
    """Each mutant of a bundled case fails loudly: refused when read, or a mismatch."""
    name, case, kind = mutant
    path = _scratch() / name
    path.write_text(dump({"scenarios": [case]}), "utf-8")
    try:
        cases = load_scenarios(path, strict=False)
    except rr.RulePackError:
        return
    mismatches = check_scenario(bundled_pack(), cases[0], "python")
    assert mismatches, f"{kind} mutant of {name} passed: {case}"


# -- rallyrules test ----------------------------------------------------------------------------------


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, ["test", *args], catch_exceptions=False)


def test_the_test_command_runs_the_bundled_scenarios() -> None:
    result = invoke("--engine", "python", "--lang", "en", "--threshold", "100")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-2] == "condition coverage: 39/39 conditions seen both holding and not holding (100%)"
    assert re.fullmatch(r"\d+ passed, 0 failed", lines[-1]), lines


def test_the_test_command_names_each_failing_case_and_exits_1(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    (folder / "scenarios").mkdir()
    shutil.copy(TYPOS, folder / "scenarios" / "typos.yaml")
    result = invoke(str(folder), "--engine", "python", "--lang", "vi")
    assert result.exit_code == 1
    failing = [line for line in result.output.splitlines() if "không đạt với bộ máy python" in line]
    assert len(failing) == 5 and all(re.match(r".*typos\.yaml:\d+: trường hợp '", line) for line in failing), result.output
    assert "Có phải là 'wave-1'?" in result.output
    assert result.output.splitlines()[-1] == "0 đạt, 5 không đạt"


def test_the_coverage_table_and_threshold(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    (folder / "scenarios").mkdir()
    shutil.copy(PACK_DIR / "scenarios" / "giay-khen-tap-the.yaml", folder / "scenarios")
    result = invoke(str(folder), "--engine", "python", "--lang", "en", "--coverage", "--threshold", "50")
    assert result.exit_code == 1, result.output
    assert "condition is below the threshold" not in result.output
    assert re.search(r"│\s+reached-quota\s+│\s+2\s+│\s+3\s+│", result.output), result.output
    assert "giay-khen-tap-the" in result.output and "…" not in result.output  # ids wrap, never cut, at 80 columns
    assert "below the threshold of 50.0%" in result.output
    assert invoke(str(folder), "--engine", "python", "--threshold", "5").exit_code == 0


def test_the_test_command_without_scenarios_fails(tmp_path: Path) -> None:
    result = invoke(str(copy_pack(tmp_path)), "--lang", "en")
    assert result.exit_code == 1 and "nothing to test" in result.output
