"""Loading rule packs: the bundled pack is complete and cited; a wrong pack gets one
error that lists every problem with its file, line and rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest

import rallyrules as rr
from rallyrules._validation import parse_rate

from .conftest import PACK_DIR


def test_bundled_pack_loads(pack: rr.RulePack) -> None:
    """The bundled pack has its three waves, schemes and the collective Giấy khen rule."""
    assert [w.number for w in pack.waves] == [1, 2, 3]
    assert pack.rule("giay-khen-tap-the-theo-dot").applies_to == "collective-wave"
    assert pack.parameter("coverage-required-through").value.isoformat() == "2023-12-31"
    assert len(pack.digest) == 64


def test_every_quote_is_verbatim_in_the_plan(pack: rr.RulePack) -> None:
    """Every citation of the pack quotes the plan's text word for word."""
    citations = [r.source for r in pack.rules] + [c for r in pack.rules for c in r.see_also]
    citations += [p.source for p in pack.parameters] + [a.source for a in pack.awards] + [pack.counting.source]
    citations += [w.rally_source for w in pack.waves] + [w.period_source for w in pack.waves]
    assert len(citations) >= 12
    for citation in citations:
        assert citation.quote in pack.source_text, citation
        assert citation.document == "38/KH-BCĐ"


def test_every_rule_is_written_for_reviewers(pack: rr.RulePack) -> None:
    """Each rule has titles and statements in both languages; award rules list their interpretations."""
    for rule in pack.rules:
        assert rule.title.vi and rule.title.en and rule.statement.vi and rule.statement.en
        assert rule.interpretations or rule.award is None, f"{rule.id} lists no interpretations"
        for condition in rule.conditions:
            assert condition.says.vi and condition.says.en


def test_schema_is_a_valid_json_schema() -> None:
    """The packaged schema is itself valid (editors can use it)."""
    jsonschema.Draft202012Validator.check_schema(rr.rule_pack_schema())


@pytest.fixture
def broken_pack(tmp_path: Path) -> Path:
    """A copy of the bundled pack with a bad key, a bad date, a duplicate key and an unknown fact."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    rules = (target / "giay-khen-tap-the.yaml").read_text("utf-8")
    rules = rules.replace("    conditions:\n", "    conditons:\n", 1)  # misspelt key
    (target / "giay-khen-tap-the.yaml").write_text(rules, "utf-8")
    params = (target / "parameters.yaml").read_text("utf-8")
    params = params.replace('value: "2023-12-31"', 'value: "2023-12-32"', 1)  # no such day
    (target / "parameters.yaml").write_text(params, "utf-8")
    calendar = (target / "calendar.yaml").read_text("utf-8")
    calendar = calendar.replace(
        '      venue: "UBND thành phố"\n', '      venue: "UBND thành phố"\n      venue: "UBND thành phố"\n', 1
    )
    (target / "calendar.yaml").write_text(calendar, "utf-8")  # duplicate key
    extra = (
        "rules:\n"
        "  - id: extra-rule\n"
        '    title: {vi: "x", en: "x"}\n'
        "    applies_to: collective-wave\n"
        "    award: giay-khen\n"
        '    source: {document: "38/KH-BCĐ", section: "II.5.c", quote: "Khen thưởng:"}\n'
        '    statement: {vi: "x", en: "x"}\n'
        "    conditions:\n"
        "      - id: c\n"
        "        fact: countd\n"
        "        op: at_least\n"
        "        value: 1\n"
        '        says: {vi: "x", en: "x"}\n'
        "    interpretations: []\n"
    )
    (target / "extra.yaml").write_text(extra, "utf-8")
    return target


def test_a_wrong_pack_reports_every_problem_at_once(broken_pack: Path) -> None:
    """Bad key, bad date, duplicate key, unknown fact: one error, each with file and line."""
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(broken_pack)
    text = str(caught.value)
    problems = caught.value.problems
    assert any("unknown key 'conditons'" in p.message and "Did you mean 'conditions'?" in p.message for p in problems), text
    assert any(p.rule_id == "giay-khen-tap-the-theo-dot" and p.path.endswith("giay-khen-tap-the.yaml") for p in problems), text
    assert any("duplicate key 'venue'" in p.message and p.path.endswith("calendar.yaml") for p in problems), text
    assert any("2023-12-32" in p.message and p.path.endswith("parameters.yaml") and p.line == 8 for p in problems), text
    assert any("unknown fact 'countd'" in p.message and "Did you mean 'counted'?" in p.message for p in problems), text
    assert len(problems) == 4, text  # the misspelt key is one problem: the 'conditions' it leaves missing is not reported again
    assert all(p.line is not None and p.path for p in problems), text


def test_bad_date_is_reported_with_its_line(tmp_path: Path) -> None:
    """A date that does not exist is named with the file and line of the value."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    params = (target / "parameters.yaml").read_text("utf-8").replace('"2023-12-31"', '"2023-12-32"', 1)
    (target / "parameters.yaml").write_text(params, "utf-8")
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(target)
    [problem] = caught.value.problems
    assert problem.path.endswith("parameters.yaml") and problem.line == 8
    assert "2023-12-32" in problem.message and "real calendar date" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('quote: "Chỉ đạo thực hiện đạt 100%', 'quote: "Chỉ đạo thực hiện đạt 90%', "quote not found verbatim"),
        ("param: collective-completion-rate", "param: collective-completion-rat", "Did you mean 'collective-completion-rate'?"),
        ("op: at_least", "op: at_leest", "Did you mean 'at_least'?"),
        ("award: giay-khen\n", "award: giay-khenn\n", "Did you mean 'giay-khen'?"),
        ("applies_to: collective-wave", "applies_to: colective-wave", "Did you mean 'collective-wave'?"),
        (
            "fact: quota\n        op: more_than\n        value: 0",
            'fact: quota\n        op: more_than\n        value: "0"',
            "expected an integer",
        ),
        ("fact: quota\n        op: more_than", "fact: level\n        op: more_than", "cannot compare a text"),
    ],
)
def test_each_mistake_in_a_rule_is_named(tmp_path: Path, old: str, new: str, words: str) -> None:
    """Misspelt names get a suggestion; wrong types and operators say what was expected."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    for path in target.glob("*.yaml"):
        text = path.read_text("utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), "utf-8")
            break
    else:
        pytest.fail(f"{old!r} not found in the pack")
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(target)
    assert any(words in p.message for p in caught.value.problems), str(caught.value)
    assert all(p.line for p in caught.value.problems if p.path and p.path.endswith(".yaml"))


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    """A folder that is not there, or holds no YAML, is a RulePackError, not an OSError."""
    with pytest.raises(rr.RulePackError, match="is not a folder"):
        rr.load_rule_pack(tmp_path / "nope")
    with pytest.raises(rr.RulePackError, match=r"no \.yaml rule files"):
        rr.load_rule_pack(tmp_path)


@pytest.mark.parametrize(("text", "value"), [("100%", 1), ("10%", "1/10"), ("12.5%", "1/8"), ("1/20", "1/20")])
def test_rates_are_exact(text: str, value: object) -> None:
    """Rates are exact fractions, never floats."""
    from fractions import Fraction

    assert parse_rate(text) == Fraction(value)  # type: ignore[arg-type]


def test_a_rate_that_is_not_a_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a rate"):
        parse_rate("ten percent")


def test_clause_coverage_is_complete(pack: rr.RulePack) -> None:
    """Every line of the plan's sections II and III is encoded or out of scope with a reason."""
    from rallyrules.coverage import clause_coverage

    report = clause_coverage(pack)
    assert report.complete, [(line.section, line.text) for line in report.unmapped]
    assert len(report.lines) == 113
    assert all(line.reason for line in report.lines if line.status == "out-of-scope")
    assert report.counts()["encoded"] >= 30


def test_a_citation_of_a_missing_section_is_refused(tmp_path: Path) -> None:
    """A rule citing a section the plan does not have is an error naming it."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    path = target / "giay-khen-tap-the.yaml"
    path.write_text(path.read_text("utf-8").replace('section: "II.5.c"', 'section: "II.7.c"', 1), "utf-8")
    with pytest.raises(rr.RulePackError, match=r"the plan has no section 'II\.7\.c'"):
        rr.load_rule_pack(target)


def test_a_coverage_line_that_is_not_in_the_plan_is_refused(tmp_path: Path) -> None:
    """A coverage entry must quote a line of the plan in its section."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    path = target / "coverage.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('section: "II.1.a"', 'section: "II.1.b"', 1), "utf-8")
    with pytest.raises(rr.RulePackError, match=r"not a line of section II\.1\.b"):
        rr.load_rule_pack(target)
