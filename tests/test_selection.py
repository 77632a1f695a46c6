"""Caps and selection (C5): exact maxima, floor rounding, ranking, a cap of 0 reported."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules.selection import Candidate, cap_maximum, select

from .conftest import bundled_pack as _pack

RANKING = (
    rr.RankKey("ratio", "descending", of="counted", to="quota"),
    rr.RankKey("difference", "descending", of="counted", to="quota"),
    rr.RankKey("field", "ascending", field="subject_id"),
)


def cap(rate: Fraction, rounding: str = "floor") -> rr.Cap:
    citation = rr.Citation("38/KH-BCĐ", "II.5.d", "x")
    return rr.Cap("c", "giay-khen", "collective", "r", rate, "subjects-in-scope", rounding, RANKING, citation)  # type: ignore[arg-type]


def candidate(i: int, quota: int, counted: int) -> Candidate:
    eligible = quota > 0 and counted >= quota
    return Candidate(i, f"S{i:03d}", "collective", eligible, {"subject_id": f"S{i:03d}", "quota": quota, "counted": counted})


def test_floor_of_exact_rates() -> None:
    """10% of 20 is 2; of 19 is 1 (floor); of 9 is 0; 5% of 20 is 1; ceiling rounds up."""
    assert cap_maximum(cap(Fraction(1, 10)), 20) == 2
    assert cap_maximum(cap(Fraction(1, 10)), 19) == 1
    assert cap_maximum(cap(Fraction(1, 10)), 9) == 0
    assert cap_maximum(cap(Fraction(1, 20)), 20) == 1
    assert cap_maximum(cap(Fraction(1, 10), "ceiling"), 11) == 2


def test_ranking_by_ratio_then_surplus_then_id() -> None:
    """Higher ratio first; equal ratios by more over quota; then by id."""
    people = [candidate(1, 10, 12), candidate(2, 5, 6), candidate(3, 10, 15), candidate(4, 20, 24)]
    result = select(people, cap(Fraction(1, 2)), base=4, group="g")
    # ratios: 1.2, 1.2, 1.5, 1.2 -> S003 first; then surplus 4 (S004), 2 (S001), 1 (S002)
    assert [result[i].rank for i in (3, 4, 1, 2)] == [1, 2, 3, 4]
    assert [result[i].status for i in (3, 4, 1, 2)] == ["selected", "selected", "not-selected", "not-selected"]


def test_cap_of_zero_is_reported() -> None:
    """With a maximum of 0, the eligible are 'not-selected' and the maximum says 0."""
    result = select([candidate(1, 5, 5)], cap(Fraction(1, 10)), base=9, group="g")
    assert result[1].status == "not-selected" and result[1].maximum == 0 and result[1].base == 9


def test_no_cap_selects_every_eligible() -> None:
    result = select([candidate(1, 5, 5), candidate(2, 5, 4)], None, base=2, group="g")
    assert result[1].status == "selected" and result[2].status == "not-eligible"


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 60)), max_size=40),
    st.sampled_from([Fraction(1, 10), Fraction(1, 20), Fraction(1, 3), Fraction(1), Fraction(0)]),
    st.integers(0, 30),
)
def test_selection_invariants(rows: list[tuple[int, int]], rate: Fraction, extra: int) -> None:
    """selected ⊆ eligible; |selected| = min(eligible, floor(rate × base)); the selected
    are exactly the top of the ranking."""
    people = [candidate(i, q, n) for i, (q, n) in enumerate(rows)]
    base = len(people) + extra
    result = select(people, cap(rate), base=base, group="g")
    eligible = [c for c in people if c.eligible]
    selected = [c for c in people if result[c.key].status == "selected"]
    assert {c.key for c in selected} <= {c.key for c in eligible}
    assert len(selected) == min(len(eligible), math.floor(rate * base))
    ranked = sorted(
        eligible,
        key=lambda c: (-Fraction(c.facts["counted"], c.facts["quota"]), -(c.facts["counted"] - c.facts["quota"]), c.subject_id),
    )
    assert [c.key for c in ranked[: len(selected)]] == sorted((c.key for c in selected), key=lambda k: result[k].rank)  # type: ignore[arg-type, return-value]


def test_bundled_season_respects_every_cap() -> None:
    """On the bundled data, every selection group selects at most its maximum, from the eligible."""
    pack = _pack()
    from .conftest import FIXTURES_DIR

    result = rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR), engine="python")
    groups: dict[tuple[str, str], list[rr.Decision]] = {}
    for d in result.awards:
        assert d.selection is not None
        groups.setdefault((d.selection.group, d.selection.subject_kind), []).append(d)
    assert len(groups) > 10
    for members in groups.values():
        maximum = members[0].selection.maximum  # type: ignore[union-attr]
        chosen = [d for d in members if d.selected]
        assert all(d.eligible for d in chosen)
        assert maximum is None or len(chosen) <= maximum
    # some are capped out, and some groups have a cap of 0
    assert any(d.selection.status == "not-selected" for d in result.awards)  # type: ignore[union-attr]
    assert any(d.selection.maximum == 0 for d in result.awards)  # type: ignore[union-attr]
