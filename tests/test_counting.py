"""Counting (C2): which enrolments count for which wave, and the exclusion ledger.

Property tests cover the boundaries: the first and last day of each period and the
days around them, coverage ending on and a day before the required date, and the
reconciliation counted + excluded = input for any data set.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr

from .conftest import bundled_pack as _pack
from .conftest import enrolment, subject

DAY = dt.timedelta(days=1)


def count(pack: rr.RulePack, enrolments: list[dict[str, object]], subjects: list[dict[str, object]] | None = None) -> rr.Counting:
    subjects = subjects or [subject("D", level="city"), subject("C", parent="D")]
    return rr.count_enrolments(pack, rr.Dataset.from_records(subjects=subjects, quotas=[], enrolments=enrolments))


def test_each_reason_is_recorded(pack: rr.RulePack) -> None:
    """Unknown subject, outside periods, coverage missing/too short, repeats: each in the ledger."""
    c = count(
        pack,
        [
            enrolment(1, "NOBODY", "2023-05-10"),
            enrolment(2, "C", "2023-06-10"),
            enrolment(3, "C", "2023-05-10", covered_until=None),
            enrolment(4, "C", "2023-05-10", covered_until="2023-12-30"),
            enrolment(5, "C", "2023-05-10", person="P1"),
            enrolment(6, "C", "2023-07-10", person="P1"),
            enrolment(7, "C", "2023-07-10", scheme="bhxh-bat-buoc", covered_until=None),
        ],
    )
    assert {e.enrolment_id: e.reason for e in c.excluded} == {
        "E000001": "unknown-subject",
        "E000002": "outside-periods",
        "E000003": "coverage-missing",
        "E000004": "coverage-too-short",
        "E000006": "repeat-person-scheme",
    }
    assert c.counted == {"E000005": 1, "E000007": 2}
    assert c.count("C", 1) == 1 and c.count("D", 1) == 1, "credit rolls up to the parent"
    coverage = next(e for e in c.excluded if e.reason == "coverage-too-short")
    assert coverage.citation is not None and coverage.citation.section == "II.5.c"


@given(st.integers(0, 2), st.sampled_from(["start", "end"]), st.integers(-1, 1))
def test_period_boundaries(pack_index: int, end: str, offset: int) -> None:
    """First and last day of each period count; the day before the first and the day
    after the last do not."""
    pack = _pack()
    wave = pack.waves[pack_index]
    day = (wave.start if end == "start" else wave.end) + offset * DAY
    c = count(pack, [enrolment(1, "C", day.isoformat())])
    inside = wave.start <= day <= wave.end
    assert (c.counted.get("E000001") == wave.number) == inside
    if not inside:
        assert [e.reason for e in c.excluded] == ["outside-periods"]


@given(st.integers(-3, 3), st.sampled_from(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh"]))
def test_coverage_boundary(offset: int, scheme: str) -> None:
    """Coverage ending on the required date counts; one day less does not."""
    pack = _pack()
    required = pack.parameter("coverage-required-through").value
    assert isinstance(required, dt.date)
    c = count(pack, [enrolment(1, "C", "2023-05-10", covered_until=(required + offset * DAY).isoformat(), scheme=scheme)])
    assert ("E000001" in c.counted) == (offset >= 0)


_enrolments = st.lists(
    st.tuples(
        st.sampled_from(["C", "D", "NOBODY"]),
        st.dates(dt.date(2023, 4, 1), dt.date(2023, 11, 30)),
        st.one_of(st.none(), st.dates(dt.date(2023, 11, 25), dt.date(2024, 6, 30))),
        st.sampled_from(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh", "bhxh-bat-buoc"]),
        st.integers(0, 30),
    ),
    max_size=60,
)


@settings(max_examples=200)
@given(_enrolments)
def test_counted_plus_excluded_is_input(rows: list[tuple[str, dt.date, dt.date | None, str, int]]) -> None:
    """Every enrolment is counted for exactly one wave or excluded with a reason."""
    pack = _pack()
    records = []
    for n, (who, day, until, scheme, person) in enumerate(rows):
        if until is not None and until < day:
            until = day
        records.append(enrolment(n, who, day.isoformat(), until.isoformat() if until else None, scheme, f"P{person}"))
    c = count(pack, records)
    counted, excluded = set(c.counted), {e.enrolment_id for e in c.excluded}
    assert counted.isdisjoint(excluded)
    assert counted | excluded == {r["enrolment_id"] for r in records}
    assert len(c.counted) + len(c.excluded) == c.input_total == len(records)
    # Credits roll up: the parent D counts everything C counts, plus its own.
    for wave in pack.waves:
        assert c.count("D", wave.number) >= c.count("C", wave.number)
    assert sum(c.count("C", w.number) for w in pack.waves) == sum(
        1 for r in records if r["enrolment_id"] in counted and r["credited_to"] == "C"
    )


def test_earliest_enrolment_of_a_person_wins(pack: rr.RulePack) -> None:
    """Per person and scheme the earliest countable enrolment counts, whatever the input order."""
    rows = [enrolment(2, "C", "2023-07-05", person="P"), enrolment(1, "C", "2023-09-10", person="P")]
    c = count(pack, rows)
    assert c.counted == {"E000002": 2}
    assert [e.enrolment_id for e in c.excluded] == ["E000001"]
