"""Interpretations reviewers can switch and weigh: every other reading of the bundled pack
implemented, chosen by data (--choose, a choices file, choose=), weighed on the bundled
season, shown by scenarios, and every exclusion resting on a clause."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _engine
from rallyrules.cli import main
from rallyrules.scenarios import check_scenario, load_scenarios, scenario_files

from . import oracle
from .conftest import FIXTURES_DIR, PACK_DIR, enrolment, subject
from .conftest import bundled_pack as _pack

pl = pytest.importorskip("polars")
DATA = Path(__file__).parent / "data"
#: The interpretations of the bundled pack whose question has one reasonable answer only.
SOLE = {
    "enrolment-date-decides-wave", "outside-periods-not-counted", "credited-to-competing-subjects", "no-targets-not-eligible",
    "attestation-is-input", "individual-no-quota", "no-quota-not-eligible", "eligible-means-proposable", "judged-after-wave",
    "list-anchored-on-rally", "results-to-year-end",
}  # fmt: skip


@pytest.fixture(scope="module")
def season() -> rr.Dataset:
    return rr.load_dataset(FIXTURES_DIR)


@pytest.fixture(scope="module")
def weights(season: rr.Dataset) -> rr.Weights:
    return rr.weigh_interpretations(_pack(), season)


def _alternatives(pack: rr.RulePack) -> list[tuple[str, str]]:
    return [(i.id, a.id) for i in pack.interpretations() for a in i.alternatives]


# -- the pack's own readings are kept ------------------------------------------------------------


def _decision_table(result: rr.Evaluation) -> pl.DataFrame:
    facts = [json.dumps(d.facts, sort_keys=True, ensure_ascii=False, default=str) for d in result.decisions]
    return result.decision_frame().drop("group").with_columns(facts=pl.Series(facts))


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=pytest.mark.durable)])
def test_the_bundled_seasons_decisions_are_those_before_alternatives(season: rr.Dataset, engine: str, tmp_path: Path) -> None:
    """The decision table (outcome, failed condition, selection, rank, cap, base, the facts
    decided on) and the exclusion ledger of the bundled season are what they were before
    interpretations had alternatives (tests/data/bundled-season-*.csv, written by the
    version before them): the pack's own readings decide as they did."""
    if engine == "durable" and not _engine.AVAILABLE:
        pytest.skip("durable_rules does not import here")
    result = rr.evaluate(_pack(), season, engine=engine)  # type: ignore[arg-type]
    before = pl.read_csv(DATA / "bundled-season-decisions.csv", infer_schema=False)
    now = _decision_table(result)
    columns = [c for c in before.columns if c != "facts"]
    assert now.select(columns).cast(pl.String).rows() == before.select(columns).rows()
    for old, new in zip(before.get_column("facts").to_list(), now.get_column("facts").to_list(), strict=True):
        old_facts, new_facts = json.loads(old), json.loads(new)
        assert {k: new_facts[k] for k in old_facts} == old_facts  # new fields only added
    ledger = pl.read_csv(DATA / "bundled-season-ledger.csv", infer_schema=False)
    assert result.counting.ledger.select("enrolment_id", "reason").rows() == ledger.rows()
    # The records' digest is that of before too (a quota's scheme, given nowhere, is not digested;
    # the admin-units table added to the bundled data since is, so it is left out here).
    assert result.receipt is not None
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES_DIR, folder)
    (folder / "admin-units.csv").unlink()
    assert (
        rr.inputs_digest(rr.load_dataset(folder), _pack()) == "c2128bccde9bdc9a018134dc78c161711e3c9751322ccee630faf31f69baa39d"
    )


# -- every interpretation: its other readings, or why there are none -------------------------------


def test_every_interpretation_has_other_readings_or_says_why_not() -> None:
    """Each interpretation of the bundled pack lists alternatives or says (sole_reading, in
    both languages) why its question has one reasonable answer; which ones have none is
    pinned here, so a reading dropped or added is seen."""
    pack = _pack()
    items = pack.interpretations()
    assert len(items) == 38
    assert {i.id for i in items if not i.alternatives} == SOLE
    for item in items:
        assert bool(item.alternatives) != (item.sole_reading is not None), item.id
        if item.sole_reading is not None:
            assert item.sole_reading.vi and item.sole_reading.en
        for alternative in item.alternatives:
            assert alternative.label.vi and alternative.label.en and alternative.reason.vi and alternative.reason.en
            assert alternative.source.quote in pack.source_text and alternative.changes
    assert len(_alternatives(pack)) == 28
    # The readings: a personal quota, the unit's quota, compulsory BHXH, people once, duplicate ids.
    assert {a.id for a in pack.interpretation("individual-quota-is-own").alternatives} == {
        "unit-reached-quota", "own-credits-against-unit-quota",
    }  # fmt: skip
    for interpretation, alternative in (
        ("which-schemes-count", "voluntary-and-household-only"), ("one-person-one-scheme", "once-overall"),
        ("duplicate-enrolment-ids", "exclude-duplicates"), ("quota-per-scheme", "sum-of-schemes"),
        ("truoc-ngay-strictly-before", "on-the-day-accepted"), ("cap-rounded-down", "rounded-up"),
        ("district-level-per-district", "caps-city-wide"), ("cap-ranking", "most-over-quota-first"),
        ("zero-target-is-met", "zero-is-not-given"),
    ):  # fmt: skip
        assert pack.interpretation(interpretation).alternative(alternative)


def test_an_interpretation_under_two_things_is_one_interpretation() -> None:
    """The caps of one award share their questions: written once in full, then by
    ``same_as``; both caps carry the same interpretation, alternatives and all."""
    pack = _pack()
    caps = {c.id: c for c in pack.caps}
    assert caps["giay-khen-tap-the"].interpretations == caps["giay-khen-ca-nhan"].interpretations
    rounding = pack.interpretation("cap-rounded-down")
    assert all(rounding in c.interpretations for c in pack.caps)
    assert [i.id for i in pack.interpretations()].count("cap-rounded-down") == 1


# -- choosing ------------------------------------------------------------------------------------


def test_choosing_an_alternative_applies_its_changes_and_nothing_else() -> None:
    pack = _pack()
    chosen = pack.choose({"individual-quota-is-own": "unit-reached-quota", "dat-va-vuot-means-at-least": "strictly-more"})
    rule = chosen.rule("giay-khen-ca-nhan-theo-dot")
    has_quota, reached = rule.conditions[1], rule.conditions[2]
    assert (has_quota.fact, has_quota.op, has_quota.value) == ("unit_quota", "more_than", 0)
    assert reached.ratio == rr.Ratio("unit_counted", "unit_quota") and reached.op == "more_than" and reached.value == 1
    assert reached.param == "individual-completion-rate"  # the rate still comes from its parameter
    assert chosen.choices == (("dat-va-vuot-means-at-least", "strictly-more"), ("individual-quota-is-own", "unit-reached-quota"))
    assert chosen.digest != pack.digest and re.fullmatch(r"[0-9a-f]{64}", chosen.digest)
    assert [r for r in chosen.rules if r.id != rule.id] == [r for r in pack.rules if r.id != rule.id]
    assert chosen.caps == pack.caps and chosen.counting == pack.counting
    # The same choices in another order read the same pack.
    again = pack.choose([("dat-va-vuot-means-at-least", "strictly-more"), ("individual-quota-is-own", "unit-reached-quota")])
    assert again == chosen
    assert pack.choose({}) is pack and pack.choose({"credit-rolls-up": "default"}) is pack


def test_a_parameter_chosen_reaches_every_rule_cap_and_scheme_that_names_it() -> None:
    pack = _pack()
    later = pack.choose({"coverage-end-day-included": "past-year-end"})
    assert {s.coverage_through for s in later.schemes if s.coverage_parameter} == {dt.date(2024, 1, 1)}
    on_the_day = pack.choose({"truoc-ngay-strictly-before": "on-the-day-accepted"})
    values = [c.value for r in on_the_day.rules for c in r.conditions if c.param == "days-before-for-truoc-ngay"]
    assert values == [0, 0]
    rounded = pack.choose({"completion-compared-exactly": "rounded-percent"})
    assert [c.value for c in rounded.rule("giay-khen-tap-the-theo-dot").conditions if c.param] == [rr.parse_rate("99.5%")]


def test_unknown_or_clashing_choices_are_refused_with_suggestions(tmp_path: Path) -> None:
    pack = _pack()
    with pytest.raises(rr.RulePackError) as caught:
        pack.choose({"credit-rolls-upp": "direct-credit-only", "credit-rolls-up": "direct-only", "attestation-is-input": "x"})
    text = str(caught.value)
    assert "no interpretation 'credit-rolls-upp'" in text and "did you mean 'credit-rolls-up'" in text
    assert "has no alternative 'direct-only'" in text and "did you mean 'direct-credit-only'" in text
    assert "'attestation-is-input' has no alternative 'x'; it has no alternative reading" in text
    # Two readings that set one thing differently cannot both be chosen.
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target, ignore=shutil.ignore_patterns("scenarios"))
    caps = (target / "caps.yaml").read_text("utf-8")
    caps = caps.replace(
        "              - cap: {id: giay-khen-ca-nhan, base: eligible}\n",
        "              - cap: {id: giay-khen-ca-nhan, base: eligible}\n              - cap: {id: bang-khen-tap-the, rounding: floor}\n",
        1,
    )
    (target / "caps.yaml").write_text(caps, "utf-8")
    copy = rr.load_rule_pack(target)
    with pytest.raises(rr.RulePackError, match=r"both change cap 'bang-khen-tap-the' \(rounding\) differently"):
        copy.choose({"cap-base-subjects-in-scope": "eligible-only", "cap-rounded-down": "rounded-up"})
    assert copy.choose({"cap-base-subjects-in-scope": "eligible-only"}).caps[2].rounding == "floor"


def test_load_rule_pack_takes_choices() -> None:
    pack = rr.load_rule_pack(PACK_DIR, choose={"credit-rolls-up": "direct-credit-only"})
    assert not pack.counting.credit_parents and pack.choices == (("credit-rolls-up", "direct-credit-only"),)


# -- the loader checks every alternative ---------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("counting.yaml", "counting: {credit_parents: false}", "counting: {credit_parent: false}",
         "unknown key 'credit_parent'"),
        ("counting.yaml", "schemes_counted: [bhxh-tu-nguyen, bhyt-ho-gia-dinh]", "schemes_counted: [bhxh-tu-nguyen, bhyt-ho-gia-dinhh]",
         "unknown scheme 'bhyt-ho-gia-dinhh'. Did you mean 'bhyt-ho-gia-dinh'?"),
        ("parameters.yaml", 'parameter: {id: coverage-required-through, value: "2024-01-01"}',
         'parameter: {id: coverage-required-through, value: "2024-02-30"}', "expected a real calendar date"),
        ("parameters.yaml", "parameter: {id: days-before-for-truoc-ngay, value: 0}", "parameter: {id: days-before-for-truoc-ngay, value: 1}",
         "sets parameter 'days-before-for-truoc-ngay' to the value it has"),
        ("parameters.yaml", "parameter: {id: days-before-for-truoc-ngay, value: 0}", "parameter: {id: days-before-for-truoc-ngai, value: 0}",
         "unknown parameter 'days-before-for-truoc-ngai'. Did you mean 'days-before-for-truoc-ngay'?"),
        ("parameters.yaml", "ratio: {of: unit_counted, to: unit_quota}", "ratio: {of: unit_countd, to: unit_quota}",
         "ratio.of must be an integer field of individual-wave"),
        ("parameters.yaml", "id: reached-quota, op: more_than}", "id: reached-quotas, op: more_than}",
         "unknown condition 'reached-quotas' in rule 'giay-khen-ca-nhan-theo-dot'"),
        ("bang-khen.yaml", "fact: wave_eligible", "fact: wave_eligibles", "unknown fact 'wave_eligibles'"),
        ("caps.yaml", "- {by: field, field: wave_awards, order: descending}\n                    - {by: ratio",
         "- {by: field, field: wave_award, order: descending}\n                    - {by: ratio", "ranks by 'wave_award'"),
        ("caps.yaml", "{same_as: cap-ranking}", "{same_as: cap-rankin}", "same_as: no interpretation 'cap-rankin'"),
        ("caps.yaml", "{same_as: cap-ranking}", "{same_as: cap-ranking, id: x}", "holds only 'same_as'"),
        ("counting.yaml", "    - reason: outside-periods\n      interpretation: outside-periods-not-counted\n",
         "    - reason: outside-period\n      interpretation: outside-periods-not-counted\n", "must be one of"),
        ("counting.yaml", "    - reason: repeat-person\n      interpretation: one-person-one-scheme\n",
         "    - reason: scheme-not-counted\n      interpretation: one-person-one-scheme\n", "cited twice"),
        ("pack.yaml", "- grant: {award: bang-khen, level: district, per_scope: true}",
         "- grant: {award: bang-khen, level: commune, per_scope: true}", "has no grant for level 'commune'"),
        ("pack.yaml", "alternatives:\n          - id: at-review-conference", "alternatives:\n          - id: default",
         "'default' names the pack's own reading"),
        ("bang-khen.yaml", "      sole_reading:\n        vi: \"Kết quả thực hiện năm", "      alternatives: []\n      sole_reading:\n        vi: \"Kết quả thực hiện năm",
         None),
    ],
)  # fmt: skip
def test_each_mistake_in_an_alternative_is_named(tmp_path: Path, file: str, old: str, new: str, words: str | None) -> None:
    """An alternative is checked as the rest of the pack is: every change names what
    exists and sets a value of its type, with the file and line."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target, ignore=shutil.ignore_patterns("scenarios"))
    text = (target / file).read_text("utf-8")
    assert old in text, old
    (target / file).write_text(text.replace(old, new, 1), "utf-8")
    if words is None:  # an empty list of alternatives beside sole_reading is fine
        rr.load_rule_pack(target)
        return
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(target)
    found = [p for p in caught.value.problems if words in p.message]
    assert found, str(caught.value)
    assert all(p.path and p.path.endswith(file) and p.line for p in found), str(caught.value)


def test_an_exclusion_reason_without_a_clause_is_refused(tmp_path: Path) -> None:
    """Nothing is excluded without a source: a reason the counting can give under the pack's
    readings or an alternative's must be cited."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target, ignore=shutil.ignore_patterns("scenarios"))
    text = (target / "counting.yaml").read_text("utf-8")
    start = text.index("    - reason: duplicate-enrolment-id")
    end = text.index("  interpretations:")
    (target / "counting.yaml").write_text(text[:start] + text[end:], "utf-8")
    with pytest.raises(rr.RulePackError, match="can exclude enrolments as 'duplicate-enrolment-id' but cites no clause"):
        rr.load_rule_pack(target)


# -- what each reading does to the bundled season ------------------------------------------------


def test_every_alternative_evaluates_the_bundled_season(weights: rr.Weights) -> None:
    """The bundled season is evaluated under each of the 28 alternatives, one at a time:
    none fails, and those the issue names change who is honoured."""
    assert weights.baseline_error is None
    assert len(weights.alternatives) == 28 and all(w.error is None for w in weights.alternatives)
    changed = {(w.interpretation.id, w.alternative.id): len(w.flips) for w in weights.alternatives}
    assert changed[("individual-quota-is-own", "unit-reached-quota")] > 0
    assert changed[("which-schemes-count", "voluntary-and-household-only")] > 0
    assert changed[("district-level-per-district", "caps-city-wide")] > 0
    assert changed[("truoc-ngay-strictly-before", "on-the-day-accepted")] == 1  # district 918's report made on the day
    # Readings that change nothing on this season are reported as such (no duplicate ids, no quotas per scheme).
    assert changed[("duplicate-enrolment-ids", "exclude-duplicates")] == 0
    assert changed[("quota-per-scheme", "sum-of-schemes")] == 0
    assert changed[("presented-at-next-rally", "at-review-conference")] == 0
    schemes = weights.of("which-schemes-count")[0]
    assert schemes.counted_after < schemes.counted_before
    assert {s[0].id for s in weights.sole} == SOLE


def test_a_flip_is_what_the_two_evaluations_decide(season: rr.Dataset, weights: rr.Weights) -> None:
    """The flips and the counts per round of one reading are those of evaluating the season
    under it and under the pack's own readings."""
    weight = weights.of("individual-quota-is-own")[0]
    before = rr.evaluate(_pack(), season, engine="python")
    after = rr.evaluate(_pack().choose({weight.interpretation.id: weight.alternative.id}), season, engine="python")
    key = ("subject_id", "round", "rule_id")
    states = [
        {tuple(r[k] for k in key): r["selection"] or r["outcome"] for r in e.decision_frame().iter_rows(named=True)}
        for e in (before, after)
    ]
    differing = {k for k in states[0] if states[0][k] != states[1][k]}
    assert {(f.subject_id, f.round, f.rule_id) for f in weight.flips} == differing
    flip = weight.flips[0]
    assert (flip.before, flip.after) == (
        states[0][(flip.subject_id, flip.round, flip.rule_id)],
        states[1][(flip.subject_id, flip.round, flip.rule_id)],
    )
    assert flip.subject_name == next(s.name for s in season.subjects if s.subject_id == flip.subject_id)
    wave_1 = next(c for c in weight.rounds if c.round == "wave-1")
    assert wave_1.eligible_before == sum(1 for d in before.for_wave(1) if d.award and d.eligible)
    assert wave_1.eligible_after == sum(1 for d in after.for_wave(1) if d.award and d.eligible)


def test_weighing_from_chosen_readings_weighs_the_pack_own_reading_too(season: rr.Dataset) -> None:
    """With choose=, the comparison starts from those readings; the pack's own reading of a
    chosen interpretation is weighed as 'default', and reverses the flips."""
    start = {"credit-rolls-up": "direct-credit-only"}
    chosen = rr.weigh_interpretations(_pack(), season, choose=start)
    assert chosen.choices == (("credit-rolls-up", "direct-credit-only"),)
    [back] = chosen.of("credit-rolls-up")
    assert back.alternative.id == "default"
    plain = rr.weigh_interpretations(_pack(), season)
    [forth] = plain.of("credit-rolls-up")
    assert {(f.subject_id, f.round, f.rule_id, f.after, f.before) for f in back.flips} == {
        (f.subject_id, f.round, f.rule_id, f.before, f.after) for f in forth.flips
    }


def test_weights_say_why_a_data_set_cannot_be_evaluated() -> None:
    """A data set the pack's readings refuse (a repeated enrolment id) is no crash: the
    baseline says why, and the reading that excludes duplicates is still evaluated."""
    records = {
        "subjects": [subject("A", level="city")], "quotas": [{"subject_id": "A", "wave": 1, "quota": 1}],
        "enrolments": [enrolment(1, "A", "2023-05-10"), enrolment(1, "A", "2023-05-11")],
    }  # fmt: skip
    weights = rr.weigh_interpretations(_pack(), rr.Dataset.from_records(**records))
    assert weights.baseline_error is not None and "duplicate enrolment_id 'E000001'" in weights.baseline_error
    [duplicates] = weights.of("duplicate-enrolment-ids")
    assert duplicates.error is None and duplicates.counted_after == 1


def test_the_weights_read_in_both_languages_by_name(weights: rr.Weights) -> None:
    pack = _pack()
    vi = rr.format_weights(weights, pack, "vi")
    en = rr.format_weights(weights, pack, "en", examples=-1)
    assert "Cá nhân được đánh giá theo số người tham gia nào?" in vi and "Cách hiểu khác: Theo kết quả của đơn vị" in vi
    assert "--choose individual-quota-is-own=unit-reached-quota" in vi
    assert "Against what number of participants is an individual measured?" in en and "Other reading:" not in vi
    assert "Châu Công Đạt" in en  # a subject by name
    assert "Các câu hỏi chỉ có một cách hiểu hợp lý" in vi and "Questions with one reasonable reading only" in en
    assert en.count("·") > vi.count("·")  # every flip shown with examples=-1
    wrapped = rr.format_weights(weights, pack, "vi", width=80)
    assert max(len(line) for line in wrapped.splitlines()) <= 80
    assert json.loads(json.dumps(weights.to_dict()))["alternatives"][0]["interpretation"] == "presented-at-next-rally"


# -- scenarios of every alternative --------------------------------------------------------------


def test_every_alternative_has_a_scenario_that_decides_differently() -> None:
    """Each alternative (but the presentation occasion, which changes no decision) runs in
    at least one scenario case; each such case passes under it and fails under the pack's
    own readings — it shows where the two differ."""
    pack = _pack()
    cases = [c for path in scenario_files(PACK_DIR) for c in load_scenarios(path, pack)]
    chosen: dict[tuple[str, str], list[Any]] = {}
    for case in cases:
        for item in (case.choose or {}).items():
            chosen.setdefault(item, []).append(case)
    assert set(_alternatives(pack)) - set(chosen) == {("presented-at-next-rally", "at-review-conference")}
    for item, under in chosen.items():
        for case in under:
            assert check_scenario(pack, case) == [], (item, case.id)
            own = check_scenario(pack, _without_choices(case))
            assert own, f"{case.id} decides the same under the pack's own reading of {item[0]}"


def _without_choices(case: Any) -> Any:
    import attrs

    return attrs.evolve(case, choose=None)


def test_a_scenario_naming_an_unknown_reading_fails_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "scenarios:\n  - id: x\n    rule: giay-khen-tap-the-theo-dot\n    choose: {credit-rolls-up: direct-only}\n"
        "    given:\n      collective-wave: {subject_id: X, level: city, wave: 1, quota: 1, counted: 1}\n"
        "    expect: {outcome: eligible}\n",
        "utf-8",
    )
    [case] = load_scenarios(path, strict=False)
    [problem] = check_scenario(_pack(), case)
    assert "has no alternative 'direct-only'" in problem
    with pytest.raises(rr.RulePackError, match="direct-only"):
        load_scenarios(path, _pack())


# -- the command line ----------------------------------------------------------------------------


def test_cli_interpretations_in_both_languages_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    vi = runner.invoke(main, ["interpretations", "--lang", "vi", "--examples", "1"], env={"COLUMNS": "80"})
    assert vi.exit_code == 0, vi.output
    assert "Cách hiểu hiện hành:" in vi.output and "Thay đổi" in vi.output
    assert max(len(line) for line in vi.output.splitlines()) <= 80
    out = tmp_path / "weights.json"
    js = runner.invoke(
        main, ["interpretations", "--format", "json", "-o", str(out), "--choose", "credit-rolls-up=direct-credit-only"]
    )
    assert js.exit_code == 0, js.output
    data = json.loads(out.read_text("utf-8"))
    assert data["choices"] == [["credit-rolls-up", "direct-credit-only"]] and len(data["alternatives"]) == 28


def test_cli_evaluates_under_chosen_readings(tmp_path: Path) -> None:
    """--choose and --choices (a YAML file; --choose wins) change what evaluate decides."""
    runner = CliRunner()
    plain = runner.invoke(main, ["evaluate", "--format", "json", "--engine", "python"])
    choices = tmp_path / "choices.yaml"
    choices.write_text("choose:\n  individual-quota-is-own: unit-reached-quota\n  credit-rolls-up: direct-credit-only\n", "utf-8")
    chosen = runner.invoke(
        main,
        ["evaluate", "--format", "json", "--engine", "python", "--choices", str(choices), "--choose", "credit-rolls-up=default"],
    )
    assert plain.exit_code == chosen.exit_code == 0, chosen.output
    before, after = json.loads(plain.output), json.loads(chosen.output)
    assert before["receipt"]["pack_digest"] != after["receipt"]["pack_digest"]
    expected = _pack().choose({"individual-quota-is-own": "unit-reached-quota"}).digest
    assert after["receipt"]["pack_digest"] == expected  # --choose credit-rolls-up=default won over the file
    wrong = runner.invoke(main, ["evaluate", "--choose", "credit-rolls-up"])
    assert wrong.exit_code == 2 and "interpretation=alternative" in wrong.output
    unknown = runner.invoke(main, ["check", "--choose", "credit-rolls-up=nope"])
    assert unknown.exit_code == 1 and "has no alternative 'nope'" in unknown.output


# -- counting under every reading: columns equal the row-by-row oracle ---------------------------

_COUNTING_READINGS = [
    {}, {"credit-rolls-up": "direct-credit-only"}, {"which-schemes-count": "voluntary-and-household-only"},
    {"one-person-one-scheme": "once-overall"}, {"duplicate-enrolment-ids": "exclude-duplicates"},
    {"duplicate-enrolment-ids": "exclude-duplicates", "one-person-one-scheme": "once-overall",
     "which-schemes-count": "voluntary-and-household-only", "coverage-end-day-included": "past-year-end"},
]  # fmt: skip

_rows = st.lists(
    st.tuples(
        st.sampled_from(["C", "D", "E", "NOBODY"]),
        st.dates(dt.date(2023, 4, 1), dt.date(2023, 11, 30)),
        st.one_of(st.none(), st.dates(dt.date(2023, 11, 25), dt.date(2024, 6, 30))),
        st.sampled_from(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh", "bhxh-bat-buoc"]),
        st.integers(0, 6),
        st.sampled_from([None, "I1", "I2"]),
        st.integers(0, 12),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(_rows, st.sampled_from(range(len(_COUNTING_READINGS))), st.sampled_from([1, 4, 1000]), st.booleans())
def test_every_counting_reading_counts_as_the_oracle(
    rows: list[tuple[str, dt.date, dt.date | None, str, int, str | None, int]], reading: int, batch: int, shuffled: bool
) -> None:
    """Under each counting reading (and several at once), on any small data set in batches of
    any size, ids in order or not, repeated ids where the reading excludes them: the
    columnar counting equals the oracle's — counts per subject and wave and per scheme,
    counted enrolments, the ledger with its details and citations."""
    choices = _COUNTING_READINGS[reading]
    pack = _pack().choose(choices)
    duplicates = pack.counting.duplicate_ids == "exclude"
    subjects = [
        subject("D", level="city"), subject("C", parent="D"), subject("E", parent="C"),
        subject("I1", kind="individual", parent="C"), subject("I2", kind="individual", level="city"),
    ]  # fmt: skip
    records = []
    for n, (who, day, until, scheme, person, individual, number) in enumerate(rows):
        until = max(until, day) if until is not None else None
        ident = number if duplicates else number * 1000 + n  # small ids repeat
        record = enrolment(ident, who, day.isoformat(), until.isoformat() if until else None, scheme, f"P{person}")
        record["credited_individual"] = individual
        records.append(record)
    if not shuffled:
        records.sort(key=lambda r: r["enrolment_id"])
    data = rr.Dataset.from_records(subjects=subjects, quotas=[], enrolments=records)
    from rallyrules import tables

    original = tables.BATCH_ROWS
    try:
        tables.BATCH_ROWS = batch
        counting, reference = rr.count_enrolments(pack, data), oracle.count_enrolments(pack, data)
    finally:
        tables.BATCH_ROWS = original
    assert dict(counting.counts) == dict(reference.counts)
    assert dict(counting.counted) == dict(reference.counted)
    assert counting.ledger_records() == reference.ledger_records()
    by_scheme = counting.credits_by_scheme()
    ids, schemes = [s["subject_id"] for s in subjects], counting.schemes
    found = {
        (ids[s], w + 1, schemes[k]): int(by_scheme[s, w, k])
        for s in range(len(ids)) for w in range(by_scheme.shape[1]) for k in range(len(schemes)) if by_scheme[s, w, k]
    }  # fmt: skip
    assert found == dict(reference.counts_by_scheme)
    assert all(e.citation is not None for e in counting.excluded)


def test_every_exclusion_of_the_season_cites_a_clause_and_an_interpretation(season: rr.Dataset) -> None:
    """Under the pack's readings and under the counting alternatives, every excluded
    enrolment cites the clause its reason rests on; reasons other than coverage name the
    interpretation behind them too (coverage: its parameter's)."""
    for choices in _COUNTING_READINGS:
        counting = rr.count_enrolments(_pack().choose(choices), season)
        assert all(e.citation is not None and e.citation.quote in _pack().source_text for e in counting.excluded)
        for reason in counting.excluded_by_reason():
            assert counting.interpretation(reason) in {i.id for i in _pack().interpretations()}, reason
    schemes = rr.count_enrolments(_pack().choose(_COUNTING_READINGS[2]), season)
    assert schemes.excluded_by_reason()["scheme-not-counted"] > 3000  # the compulsory enrolments of the season
    assert schemes.citation("scheme-not-counted", "bhxh-bat-buoc").section == "II.3.c"  # type: ignore[union-attr]


# -- quotas per scheme ---------------------------------------------------------------------------


def _scheme_quotas(quotas: list[dict[str, Any]]) -> rr.Dataset:
    return rr.Dataset.from_records(
        subjects=[subject("A", level="city"), subject("X", kind="individual", level="city", parent="A")],
        quotas=quotas,
        enrolments=[enrolment(1, "A", "2023-05-10"), enrolment(2, "A", "2023-05-10", scheme="bhyt-ho-gia-dinh"),
                    enrolment(3, "A", "2023-05-11", scheme="bhyt-ho-gia-dinh")],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("quotas", "reading", "quota", "counted"),
    [
        ([{"subject_id": "A", "wave": 1, "quota": 3}], "each", 3, 3),
        ([{"subject_id": "A", "wave": 1, "quota": 2, "scheme": "bhxh-tu-nguyen"},
          {"subject_id": "A", "wave": 1, "quota": 1, "scheme": "bhyt-ho-gia-dinh"}], "each", 2, 1),
        ([{"subject_id": "A", "wave": 1, "quota": 2, "scheme": "bhxh-tu-nguyen"},
          {"subject_id": "A", "wave": 1, "quota": 1, "scheme": "bhyt-ho-gia-dinh"}], "sum", 3, 3),
        ([{"subject_id": "A", "wave": 1, "quota": 0, "scheme": "bhxh-tu-nguyen"},
          {"subject_id": "A", "wave": 1, "quota": 1, "scheme": "bhyt-ho-gia-dinh"}], "each", 1, 2),
        ([{"subject_id": "A", "wave": 1, "quota": 0, "scheme": "bhxh-tu-nguyen"}], "each", 0, 1),
        ([{"subject_id": "A", "wave": 1, "quota": 5, "scheme": "bhxh-bat-buoc"}], "sum", 5, 0),
    ],
)  # fmt: skip
def test_quotas_per_scheme_are_read_as_each_or_their_sum(
    quotas: list[dict[str, Any]], reading: str, quota: int, counted: int
) -> None:
    """A wave's quota handed down per scheme: 'each' judges the scheme reached least (0
    quotas left out), 'sum' the schemes together against their participants; the unit's
    numbers reach the individual it is led by."""
    pack = _pack().choose({"quota-per-scheme": "sum-of-schemes"} if reading == "sum" else {})
    result = rr.evaluate(pack, _scheme_quotas(quotas), engine="python")
    [fact] = [d.facts for d in result.for_wave(1) if d.subject_id == "A"]
    assert (fact["quota"], fact["counted"]) == (quota, counted)
    [person] = [d.facts for d in result.for_wave(1) if d.subject_id == "X"]
    assert (person["unit_quota"], person["unit_counted"]) == (quota, counted)


def test_quotas_per_scheme_are_checked(tmp_path: Path) -> None:
    data = _scheme_quotas([
        {"subject_id": "A", "wave": 1, "quota": 2, "scheme": "bhxh-tu-nguyen"},
        {"subject_id": "A", "wave": 1, "quota": 2, "scheme": "bhxh-tu-nguyen"},
        {"subject_id": "A", "wave": 1, "quota": 4},
        {"subject_id": "A", "wave": 2, "quota": 1, "scheme": "bhxh-khac"},
        {"subject_id": "A", "wave": 3, "quota": 1, "scheme": "BHYT hộ gia đình"},
    ])  # fmt: skip
    with pytest.raises(rr.DataError) as caught:
        rr.check_dataset(_pack(), data)
    messages = [p.message for p in caught.value.problems]
    assert "a second quota for subject 'A' in wave 1 for scheme 'bhxh-tu-nguyen'" in messages
    assert "subject 'A' has a quota for wave 1 in all and per scheme: give one or the other" in messages
    assert any("quota for unknown scheme 'bhxh-khac'" in m for m in messages)
    assert len(messages) == 3  # the scheme's Vietnamese name is read as its id
    # A scheme column given in some row changes the digest; given nowhere, it does not.
    without = _scheme_quotas([{"subject_id": "A", "wave": 1, "quota": 3}])
    empty = _scheme_quotas([{"subject_id": "A", "wave": 1, "quota": 3, "scheme": None}])
    split = _scheme_quotas([{"subject_id": "A", "wave": 1, "quota": 3, "scheme": "bhxh-tu-nguyen"}])
    assert rr.inputs_digest(without) == rr.inputs_digest(empty) != rr.inputs_digest(split)


# -- the unit an individual leads, and the year totals -------------------------------------------


def test_the_unit_an_individual_leads_is_on_their_fact(season: rr.Dataset) -> None:
    result = rr.evaluate(_pack(), season, engine="python")
    people = {s.subject_id: s for s in season.subjects}
    facts = {(d.subject_id, d.wave): d.facts for d in result.decisions if d.rule_id == "giay-khen-tap-the-theo-dot"}
    for decision in (d for d in result.for_wave(2) if d.rule_id == "giay-khen-ca-nhan-theo-dot"):
        unit = people[decision.subject_id].parent_id
        assert unit is not None
        assert (decision.facts["unit_quota"], decision.facts["unit_counted"]) == (
            facts[(unit, 2)]["quota"],
            facts[(unit, 2)]["counted"],
        )
    year = {d.subject_id: d.facts for d in result.for_round("after-waves")}
    assert (year["BCD-916"]["total_target"], year["BCD-916"]["total_result"]) == (
        226760 + 25520 + 9730 + 23090, 237067 + 27256 + 10399 + 24018,
    )  # fmt: skip
    assert all(f["wave_eligible"] >= f["wave_awards"] for f in year.values())


def test_a_result_made_under_other_readings_names_them_and_verifies(season: rr.Dataset, tmp_path: Path) -> None:
    """The receipt names the readings chosen (its pack digest covers them), verify applies
    them and confirms; the same result with the readings removed from its receipt, or an
    unknown reading, is not confirmed or refused — a result never passes for another reading."""
    from rallyrules.verify import verify_result

    choices = {"cap-rounded-down": "rounded-up"}
    pack = _pack().choose(choices)
    result = rr.evaluate(pack, season, engine="python").to_dict()
    assert result["receipt"]["choices"] == choices and result["receipt"]["pack_digest"] == pack.digest
    assert rr.evaluate(_pack(), season, engine="python").to_dict()["receipt"]["choices"] == {}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    verification = verify_result(path, data=season)
    assert verification.confirmed, verification.differences
    assert "cap-rounded-down=rounded-up" in verification.pack_source
    stripped = json.loads(json.dumps(result))
    stripped["receipt"]["choices"] = {}
    again = verify_result(stripped, data=season)
    assert not again.confirmed and any("digest" in d for d in again.differences)
    unknown = json.loads(json.dumps(result))
    unknown["receipt"]["choices"] = {"cap-rounded-down": "rounded-sideways"}
    with pytest.raises(rr.ResultError, match=r"receipt\.choices"):
        verify_result(unknown, data=season)
