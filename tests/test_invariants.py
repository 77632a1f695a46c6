"""Invariants of the whole pipeline, each as a property test on generated data sets.

- counting: counted + excluded = input, each enrolment counted for the wave whose period
  holds it or excluded for the first reason that applies (an independent counting oracle);
- adding a counted enrolment never turns an eligible subject ineligible;
- caps: selected ⊆ eligible, |selected| = min(|eligible|, floor(rate × base)), and the
  selected are exactly the top of the declared ranking;
- decisions depend neither on the order of the input records nor on that of the rule files;
- the same inputs give byte-identical output;
- boundaries: first/last day of each period, coverage to exactly the required date and one
  day less, exactly 100% and one short, caps where rate × base is an integer and just
  below, deadlines on the day and the day after.

Expected values come from the plan's text (``strategies.PLAN_FACTS``), not from the rule
pack under test, and evaluations use the engine the installation has (``auto``).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import shutil
from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

import rallyrules as rr

from . import strategies as s

MOMENT = dt.datetime(2024, 1, 15, 9, 0, tzinfo=dt.UTC)
PLAN = s.PLAN_FACTS
DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def pack() -> rr.RulePack:
    return rr.load_rule_pack(s.BUNDLED_PACK)


def evaluate(pack: rr.RulePack, records: dict[str, list[dict[str, Any]]]) -> rr.Evaluation:
    return rr.evaluate(pack, rr.Dataset.from_records(**records), engine="auto", evaluated_at=MOMENT)


# -- counting ------------------------------------------------------------------------------


def expected_counting(
    records: dict[str, list[dict[str, Any]]],
) -> tuple[dict[str, int], dict[str, str], Counter[tuple[str, int]]]:
    """(counted id -> wave, excluded id -> reason, credits per (subject, wave)), by docs/counting.md,
    with the plan's periods and coverage date, crediting parents and the credited individual."""
    subjects = {s.nfc(r["subject_id"]): r for r in records["subjects"]}
    counted: dict[str, int] = {}
    excluded: dict[str, str] = {}
    candidates = []
    for e in records["enrolments"]:
        day = dt.date.fromisoformat(e["enrolled_on"])
        wave = next((w for w, (start, end) in PLAN.periods.items() if start <= day <= end), None)
        if s.nfc(e["credited_to"]) not in subjects:
            excluded[e["enrolment_id"]] = "unknown-subject"
        elif wave is None:
            excluded[e["enrolment_id"]] = "outside-periods"
        elif e["scheme"] in s.SCHEMES_WITH_COVERAGE and e["covered_until"] is None:
            excluded[e["enrolment_id"]] = "coverage-missing"
        elif e["scheme"] in s.SCHEMES_WITH_COVERAGE and dt.date.fromisoformat(e["covered_until"]) < PLAN.coverage_through:
            excluded[e["enrolment_id"]] = "coverage-too-short"
        else:
            candidates.append((day, e["enrolment_id"], e, wave))
    seen: set[tuple[str, str]] = set()
    credits: Counter[tuple[str, int]] = Counter()
    for _, ident, e, wave in sorted(candidates, key=lambda c: (c[0], c[1])):
        if (e["person_id"], e["scheme"]) in seen:
            excluded[ident] = "repeat-person-scheme"
            continue
        seen.add((e["person_id"], e["scheme"]))
        counted[ident] = wave
        who = s.nfc(e["credited_to"])
        while who is not None:
            credits[(who, wave)] += 1
            parent = subjects[who]["parent_id"]
            who = s.nfc(parent) if parent else None
        if e["credited_individual"]:
            credits[(s.nfc(e["credited_individual"]), wave)] += 1
    return counted, excluded, credits


@s.property_settings(150)
@given(records=s.seasons(max_enrolments=80, campaign_tables=False))
def test_counted_plus_excluded_is_input(pack: rr.RulePack, records: dict[str, list[dict[str, Any]]]) -> None:
    """Every enrolment is counted for exactly one wave or excluded, never both, never lost;
    each for the reason (and wave, and credits) the counting rules of the plan give."""
    counting = rr.count_enrolments(pack, rr.Dataset.from_records(**records))
    ids = [e["enrolment_id"] for e in records["enrolments"]]
    excluded = {e.enrolment_id: e.reason for e in counting.excluded}
    assert len(counting.counted) + len(counting.excluded) == counting.input_total == len(ids)
    assert set(counting.counted).isdisjoint(excluded) and set(counting.counted) | set(excluded) == set(ids)
    want_counted, want_excluded, want_credits = expected_counting(records)
    assert dict(counting.counted) == want_counted
    assert excluded == want_excluded
    assert {k: v for k, v in counting.counts.items() if v} == dict(want_credits)


# -- monotonicity ----------------------------------------------------------------------------


@st.composite
def season_and_one_more(draw: st.DrawFn) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any]]:
    records = draw(s.seasons(max_enrolments=40))
    subjects = records["subjects"]
    individuals = [r["subject_id"] for r in subjects if r["kind"] == "individual"]
    wave = draw(st.sampled_from(sorted(PLAN.periods)))
    start, end = PLAN.periods[wave]
    scheme = draw(st.sampled_from(s.SCHEMES))
    extra = {
        "enrolment_id": "E-THEM", "person_id": "P-MOI", "scheme": scheme,
        "enrolled_on": draw(st.sampled_from([start, end]) | st.dates(start, end)).isoformat(),
        "covered_until": PLAN.coverage_through.isoformat() if scheme in s.SCHEMES_WITH_COVERAGE else None,
        "credited_to": draw(st.sampled_from([r["subject_id"] for r in subjects])),
        "credited_individual": draw(st.sampled_from([None, *individuals])),
    }  # fmt: skip
    return records, extra


@s.property_settings(60)
@given(case=season_and_one_more())
def test_a_counted_enrolment_never_makes_an_eligible_subject_ineligible(pack: rr.RulePack, case: Any) -> None:
    """After adding one enrolment that counts, every per-wave decision that held still holds
    (checks included); an after-waves decision changes only where the per-wave awards its
    subject was selected for changed (caps may move selection between subjects)."""
    records, extra = case
    before = evaluate(pack, records)
    after = evaluate(pack, {**records, "enrolments": records["enrolments"] + [extra]})
    assert after.counting.counted.get("E-THEM") is not None, "the added enrolment must count"
    assert len(after.counting.counted) == len(before.counting.counted) + 1
    later = {(d.rule_id, d.subject_id, d.wave): d for d in after.decisions}
    assert len(later) == len(after.decisions) == len(before.decisions)
    for d in before.decisions:
        now = later[(d.rule_id, d.subject_id, d.wave)]
        if d.round != "after-waves":
            assert not (d.eligible and not now.eligible), f"{d.rule_id} {d.subject_id} wave {d.wave} lost its eligibility"
        elif d.facts.get("wave_awards") == now.facts.get("wave_awards"):
            assert now.outcome == d.outcome


# -- caps and selection ------------------------------------------------------------------------


def authority_of(award: str, level: str) -> str:
    """Who awards, by the plan's II.5.d: the city director (city level) or the district's
    chairman (district level, per district) the Giấy khen; the city chairman every Bằng khen."""
    if award == "bang-khen":
        return "city chairman"
    return "city director" if level == "city" else "district chairman"


def plan_rate(kind: str) -> Fraction:
    return PLAN.collective_cap if kind == "collective" else PLAN.individual_cap


def ranked(cap: rr.Cap, decisions: list[rr.Decision]) -> list[rr.Decision]:
    """``decisions`` in the order of the cap's declared ranking (exact fractions; an undefined
    ratio last), ties by subject id: an implementation independent of the library's."""

    def value(key: rr.RankKey, d: rr.Decision) -> Any:
        if key.by == "ratio":
            to = d.facts[key.to]
            return Fraction(d.facts[key.of], to) if to > 0 else None
        if key.by == "difference":
            return d.facts[key.of] - d.facts[key.to]
        return d.facts[key.field]

    def compare(a: rr.Decision, b: rr.Decision) -> int:
        for key in cap.ranking:
            x, y = value(key, a), value(key, b)
            if x == y:
                continue
            if x is None or y is None:
                return 1 if x is None else -1
            better = x > y if key.order == "descending" else x < y
            return -1 if better else 1
        return (a.subject_id > b.subject_id) - (a.subject_id < b.subject_id)

    return sorted(decisions, key=functools.cmp_to_key(compare))


def check_selection(pack: rr.RulePack, records: dict[str, list[dict[str, Any]]], result: rr.Evaluation) -> int:
    """The cap invariants on every selection group; returns how many were selected."""
    subjects = [rr.Subject.from_record(r) for r in records["subjects"]]
    groups: dict[tuple[Any, ...], list[rr.Decision]] = {}
    for d in result.awards:
        assert d.selection is not None and d.award is not None
        subject = next(x for x in subjects if x.subject_id == d.subject_id)
        authority = authority_of(d.award.award, subject.level)
        scope = subject.scope if authority == "district chairman" else None
        groups.setdefault((d.round, d.award.award, authority, scope, subject.kind), []).append(d)
    total = 0
    for (_round, award, authority, scope, kind), members in groups.items():
        cap = pack.caps_for(award, kind)[0]
        assert cap.rate == plan_rate(kind), "the cap rate is the plan's (không quá 10% / 5%)"
        base = sum(
            1 for x in subjects
            if x.kind == kind and authority_of(award, x.level) == authority and (scope is None or x.scope == scope)
        )  # fmt: skip
        maximum = math.floor(plan_rate(kind) * base)
        eligible = [d for d in members if d.eligible]
        selected = [d for d in members if d.selected]
        assert {(d.subject_id, d.rule_id) for d in selected} <= {(d.subject_id, d.rule_id) for d in eligible}
        assert all(d.selection.maximum == maximum and d.selection.base == base for d in members)  # type: ignore[union-attr]
        assert len(selected) == min(len(eligible), maximum)
        order = ranked(cap, eligible)
        assert [d.subject_id for d in order[: len(selected)]] == [
            d.subject_id for d in sorted(selected, key=lambda d: d.selection.rank)
        ]  # type: ignore[union-attr]
        assert [d.selection.rank for d in order] == list(range(1, len(order) + 1))  # type: ignore[union-attr]
        total += len(selected)
    return total


@s.property_settings(40)
@given(records=s.capped_seasons())
def test_selection_is_the_top_of_the_ranking_within_the_cap(pack: rr.RulePack, records: dict[str, list[dict[str, Any]]]) -> None:
    """In every round, authority and kind of subject: selected ⊆ eligible; exactly
    min(eligible, floor(rate × base)) are selected, rate and base as the plan says; the
    selected are the first of the declared ranking (ratios compared exactly)."""
    result = evaluate(pack, records)
    selected = check_selection(pack, records, result)
    event("selected: " + ("none" if not selected else "1-5" if selected <= 5 else "more than 5"))
    event("a Bằng khen selected: " + str(any(d.selected for d in result.for_round("after-waves"))))
    event("some eligible not selected: " + str(any(d.eligible and not d.selected for d in result.awards)))


def test_the_bundled_caps_are_the_reviewed_ones(pack: rr.RulePack) -> None:
    """The caps rank as reviewers approved (the interpretations in caps.yaml): the Giấy khen
    by ratio counted/quota, then surplus, then id; the Bằng khen by the worst target's
    ratio, then per-wave awards, then id; floor; base: the subjects in scope."""
    giay_khen = [
        ("ratio", "descending", "counted", "quota", None),
        ("difference", "descending", "counted", "quota", None),
        ("field", "ascending", None, None, "subject_id"),
    ]
    bang_khen = [
        ("ratio", "descending", "worst_result", "worst_target", None),
        ("field", "descending", None, None, "wave_awards"),
        ("field", "ascending", None, None, "subject_id"),
    ]
    for cap in pack.caps:
        assert cap.rate == plan_rate(cap.subject_kind) and cap.rounding == "floor" and cap.base == "subjects-in-scope"
        ranking = [(k.by, k.order, k.of, k.to, k.field) for k in cap.ranking]
        assert ranking == (giay_khen if cap.award == "giay-khen" else bang_khen), cap.id


# -- order and determinism ---------------------------------------------------------------------------


@s.property_settings(25)
@given(records=s.seasons(max_enrolments=40), seed=st.integers(0, 2**32 - 1))
def test_decisions_do_not_depend_on_the_order_of_records(
    pack: rr.RulePack, records: dict[str, list[dict[str, Any]]], seed: int
) -> None:
    """Every table shuffled: the whole output (decisions, counting ledger, findings,
    receipt) is byte for byte the same."""
    shuffled = {table: random.Random(seed + i).sample(rows, len(rows)) for i, (table, rows) in enumerate(records.items())}
    assert evaluate(pack, shuffled).to_json() == evaluate(pack, records).to_json()


def _decisions_as_set(result: rr.Evaluation) -> tuple[list[str], Any, Any]:
    import json

    data = result.to_dict()
    # Decision ids name the pack's files by digest: rule files renamed or reordered change it.
    return (
        sorted(
            json.dumps({k: v for k, v in d.items() if k != "id"}, sort_keys=True, ensure_ascii=False) for d in data["decisions"]
        ),
        data["counting"],
        data["findings"],
    )


@pytest.fixture(scope="module")
def reordered_packs(tmp_path_factory: pytest.TempPathFactory) -> list[rr.RulePack]:
    """The bundled pack three more times: its files renamed so that they load in another
    order, and the rules of each file reversed."""
    files = sorted(p for p in s.BUNDLED_PACK.iterdir() if p.suffix == ".yaml")
    out = []
    for n, order in enumerate([files[::-1], files[1:] + files[:1], random.Random(7).sample(files, len(files))]):
        folder = tmp_path_factory.mktemp(f"reordered-{n}")
        shutil.copy(s.BUNDLED_PACK / "plan-38-KH-BCD.txt", folder)
        for i, path in enumerate(order):
            text = path.read_text("utf-8")
            if n == 2 and "\nrules:" in text:
                data = yaml.safe_load(text)
                data["rules"] = data["rules"][::-1]
                text = s.dump_yaml(data)
            (folder / f"{i:02d}-{path.name}").write_text(text, "utf-8")
        out.append(rr.load_rule_pack(folder))
    return out


@s.property_settings(15)
@given(records=s.seasons(max_enrolments=40))
def test_decisions_do_not_depend_on_the_order_of_rule_files(
    pack: rr.RulePack, reordered_packs: list[rr.RulePack], records: dict[str, Any]
) -> None:
    """The same rules in files loaded in another order, or listed in another order, give
    the same decisions, counting and findings."""
    want = _decisions_as_set(evaluate(pack, records))
    assert [r.id for r in pack.rules] != [r.id for r in reordered_packs[0].rules]
    for other in reordered_packs:
        assert _decisions_as_set(evaluate(other, records)) == want


@s.property_settings(15)
@given(records=s.seasons(max_enrolments=40))
def test_the_same_inputs_give_byte_identical_output(pack: rr.RulePack, records: dict[str, Any]) -> None:
    """Evaluated twice, and with the pack loaded again, the JSON output is byte for byte
    the same."""
    first = evaluate(pack, records).to_json()
    assert evaluate(pack, records).to_json() == first
    assert evaluate(rr.load_rule_pack(s.BUNDLED_PACK), records).to_json() == first


# -- boundaries -----------------------------------------------------------------------------------------


def one_subject(quota: int = 1, wave: int = 1, kind: str = "collective") -> dict[str, list[dict[str, Any]]]:
    subjects = [s.subject_record("TP", "collective", "city", None, None, "Bưu điện thành phố")]
    if kind == "individual":
        subjects.append(s.subject_record("CN", "individual", "city", "TP", None, "Nguyễn Thị Ánh"))
    who = "CN" if kind == "individual" else "TP"
    return {
        "subjects": subjects,
        "quotas": [{"subject_id": who, "wave": wave, "quota": quota}],
        "enrolments": [],
        "attestations": [{"subject_id": "CN", "wave": wave, "attested_by": "Giám đốc"}] if kind == "individual" else [],
    }


def enrolment(
    n: int, day: dt.date, *, scheme: str = "bhxh-bat-buoc", covered: dt.date | None = None, individual: str | None = None
) -> dict[str, Any]:
    return {
        "enrolment_id": f"E{n:05d}", "person_id": f"P{n:05d}", "scheme": scheme, "enrolled_on": day.isoformat(),
        "covered_until": covered.isoformat() if covered else None, "credited_to": "TP", "credited_individual": individual,
    }  # fmt: skip


def decision(result: rr.Evaluation, subject_id: str, wave: int) -> rr.Decision:
    found = [d for d in result.for_wave(wave) if d.subject_id == subject_id and d.award is not None]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("wave", sorted(PLAN.periods))
@pytest.mark.parametrize(("end", "offset"), [("first", -1), ("first", 0), ("first", 1), ("last", -1), ("last", 0), ("last", 1)])
def test_first_and_last_day_of_each_period(pack: rr.RulePack, wave: int, end: str, offset: int) -> None:
    """An enrolment on the first or last day of a period counts for that wave; the day
    before the first and the day after the last count for none ("từ ngày … đến hết ngày …")."""
    start, last = PLAN.periods[wave]
    day = (start if end == "first" else last) + offset * DAY
    records = one_subject(wave=wave)
    records["enrolments"] = [enrolment(1, day)]
    result = evaluate(pack, records)
    inside = start <= day <= last
    assert decision(result, "TP", wave).eligible == inside
    assert [e.reason for e in result.counting.excluded] == ([] if inside else ["outside-periods"])


@pytest.mark.parametrize("scheme", s.SCHEMES_WITH_COVERAGE)
@pytest.mark.parametrize("offset", [-2, -1, 0, 1])
def test_coverage_to_exactly_the_required_date(pack: rr.RulePack, scheme: str, offset: int) -> None:
    """Coverage to the end of 31/12/2023 counts; to 30/12 it does not (too short); with no
    end date it does not (missing). Compulsory insurance needs no coverage date."""
    covered = PLAN.coverage_through + offset * DAY
    records = one_subject()
    records["enrolments"] = [
        enrolment(1, PLAN.periods[1][0], scheme=scheme, covered=covered),
        enrolment(2, PLAN.periods[1][0], scheme=scheme, covered=None),
        enrolment(3, PLAN.periods[1][0], scheme="bhxh-bat-buoc", covered=None),
    ]
    counting = evaluate(pack, records).counting
    reasons = {e.enrolment_id: e.reason for e in counting.excluded}
    assert ("E00001" in counting.counted) == (offset >= 0)
    assert reasons.get("E00001") == (None if offset >= 0 else "coverage-too-short")
    assert reasons["E00002"] == "coverage-missing" and "E00003" in counting.counted


@s.property_settings(30)
@given(quota=st.integers(1, 150), delta=st.sampled_from([-1, 0, 1]), kind=st.sampled_from(["collective", "individual"]))
@example(quota=100, delta=-1, kind="collective")
@example(quota=150, delta=-1, kind="individual")
@example(quota=1, delta=0, kind="collective")
def test_exactly_100_percent_and_one_short(pack: rr.RulePack, quota: int, delta: int, kind: str) -> None:
    """Counted = quota is eligible ("đạt 100% trở lên"); quota − 1 is not, and needs 1 more;
    for collectives and (attested) individuals alike. (A quota of 0: see the next test.)"""
    records = one_subject(quota=quota, kind=kind)
    who = "CN" if kind == "individual" else "TP"
    records["enrolments"] = [
        enrolment(i, PLAN.periods[1][0], individual=who if kind == "individual" else None) for i in range(quota + delta)
    ]
    d = decision(evaluate(pack, records), who, 1)
    assert PLAN.completion_rate == 1  # "đạt 100% trở lên"
    assert d.eligible == (delta >= 0)
    assert d.needed == (1 if delta < 0 else None)


@pytest.mark.parametrize(
    ("kind", "base"),
    [("collective", b) for b in (9, 10, 11, 19, 20, 29, 30)] + [("individual", b) for b in (19, 20, 21, 39, 40)],
)
def test_caps_where_rate_times_base_is_an_integer_and_just_below(pack: rr.RulePack, kind: str, base: int) -> None:
    """With every subject of the group eligible, exactly floor(rate × base) are selected:
    10% of 10 collectives is 1, of 9 is 0; 5% of 20 individuals is 1, of 19 is 0."""
    subjects = [s.subject_record("TP-CHA", "collective", "district", None, "D9", "Ban Chỉ đạo")]
    if kind == "collective":
        subjects += [s.subject_record(f"T{i:02d}", "collective", "city", None, None, f"Tập thể {i}") for i in range(base)]
    else:
        subjects += [s.subject_record(f"N{i:02d}", "individual", "city", "TP-CHA", None, f"Cá nhân {i}") for i in range(base)]
    records: dict[str, list[dict[str, Any]]] = {"subjects": subjects, "quotas": [], "enrolments": [], "attestations": []}
    for i, subject in enumerate(subjects[1:]):
        who = subject["subject_id"]
        records["quotas"].append({"subject_id": who, "wave": 1, "quota": 1})
        records["enrolments"].append({
            "enrolment_id": f"E{i:03d}", "person_id": f"P{i:03d}", "scheme": "bhxh-bat-buoc", "enrolled_on": PLAN.periods[1][0].isoformat(),
            "covered_until": None, "credited_to": who if kind == "collective" else "TP-CHA", "credited_individual": who if kind == "individual" else None,
        })  # fmt: skip
        if kind == "individual":
            records["attestations"].append({"subject_id": who, "wave": 1, "attested_by": "Giám đốc"})
    result = evaluate(pack, records)
    awards = [d for d in result.for_wave(1) if d.award is not None and d.subject_id != "TP-CHA"]
    assert len(awards) == base and all(d.eligible for d in awards)
    assert sum(d.selected for d in awards) == math.floor(plan_rate(kind) * base)
    assert check_selection(pack, records, result) >= sum(d.selected for d in awards)


@pytest.mark.parametrize("wave", sorted(PLAN.rallies))
@pytest.mark.parametrize("days", [-1, 0, 1, 2])
def test_deadlines_on_the_day_and_the_day_after(pack: rr.RulePack, wave: int, days: int) -> None:
    """Participant lists sent 5 days before the rally are on time, 4 days before late
    ("trước mỗi đợt ra quân 05 ngày"); a report "trước ngày X" made on X − 1 is on time,
    on X late (the pack's reviewed reading: strictly before)."""
    records = {
        "subjects": [s.subject_record("Q", "collective", "district", None, "D1", "Ban Chỉ đạo quận")],
        "quotas": [], "enrolments": [],
        "submissions": [
            {"deadline": "participant-list", "wave": wave, "submitter": "D1", "submitted_on": (PLAN.rallies[wave] - (PLAN.list_days_before + days - 1) * DAY).isoformat()},
            {"deadline": "district-report", "wave": wave, "submitter": "D1", "submitted_on": (PLAN.district_reports[wave] - days * DAY).isoformat()},
            {"deadline": "city-report", "wave": wave, "submitter": "city", "submitted_on": (PLAN.city_reports[wave] - days * DAY).isoformat()},
        ],
    }  # fmt: skip
    checks = {d.facts["deadline"]: d for d in evaluate(pack, records).checks if d.wave == wave and "deadline" in d.facts}
    assert checks["participant-list"].eligible == (PLAN.list_days_before + days - 1 >= PLAN.list_days_before)
    assert checks["district-report"].eligible == (days >= 1)
    assert checks["city-report"].eligible == (days >= 1)


@pytest.mark.parametrize("kind", ["collective", "individual"])
@pytest.mark.parametrize("counted", [0, 3])
def test_no_quota_is_not_eligible_for_want_of_a_quota(pack: rr.RulePack, kind: str, counted: int) -> None:
    """With no quota for the wave (0), a subject is not eligible, whatever it counted, and the
    first reason given is that it has no quota (the pack's reviewed reading of "theo chỉ tiêu
    được giao": no quota assigned, no achievement)."""
    records = one_subject(quota=0, kind=kind)
    who = "CN" if kind == "individual" else "TP"
    records["enrolments"] = [
        enrolment(i, PLAN.periods[1][0], individual=who if kind == "individual" else None) for i in range(counted)
    ]
    d = decision(evaluate(pack, records), who, 1)
    assert not d.eligible
    assert d.failed[0].condition_id == "has-quota"
    assert d.needed is None


def bang_khen_season(waves_awarded: int, short: bool, missing: bool) -> dict[str, list[dict[str, Any]]]:
    """Ten city collectives; T00 alone is eligible (and so selected: 10% of 10) in the
    first ``waves_awarded`` waves; its year targets are all met exactly, or one is one short,
    or one indicator has no target."""
    subjects = [s.subject_record(f"T{i:02d}", "collective", "city", None, None, f"Tập thể {i}") for i in range(10)]
    records: dict[str, list[dict[str, Any]]] = {"subjects": subjects, "quotas": [], "enrolments": [], "targets": []}
    for wave in range(1, waves_awarded + 1):
        records["quotas"].append({"subject_id": "T00", "wave": wave, "quota": 1})
        records["enrolments"].append({
            "enrolment_id": f"E{wave}", "person_id": f"P{wave}", "scheme": "bhxh-bat-buoc", "enrolled_on": PLAN.periods[wave][0].isoformat(),
            "covered_until": None, "credited_to": "T00", "credited_individual": None,
        })  # fmt: skip
    for i, indicator in enumerate(s.INDICATORS):
        if missing and i == 0:
            continue
        target = 1000
        records["targets"].append(
            {"subject_id": "T00", "indicator": indicator, "target": target, "result": target - (short and i == 1)}
        )
    return records


@pytest.mark.parametrize("waves_awarded", [0, 1, 2])
@pytest.mark.parametrize(("short", "missing"), [(False, False), (True, False), (False, True)])
def test_bang_khen_needs_one_giay_khen_and_every_target(
    pack: rr.RulePack, waves_awarded: int, short: bool, missing: bool
) -> None:
    """The Bằng khen needs at least one Giấy khen awarded in the waves ("phải có ít nhất 01
    Giấy khen") and 100% of every year target ("đạt 100% trả lên chỉ tiêu"): one Giấy khen
    and every target met exactly is enough; none, one target one short, or one without a
    target is not."""
    result = evaluate(pack, bang_khen_season(waves_awarded, short, missing))
    awarded = [d for d in result.decisions if d.subject_id == "T00" and d.round != "after-waves" and d.selected]
    assert len(awarded) == waves_awarded
    [year] = [d for d in result.for_round("after-waves") if d.subject_id == "T00"]
    assert PLAN.bang_khen_giay_khen == 1 and PLAN.bang_khen_target_rate == 1
    assert year.eligible == (waves_awarded >= PLAN.bang_khen_giay_khen and not short and not missing)
    assert year.selected == year.eligible  # 10% of 10 collectives: one Bằng khen
