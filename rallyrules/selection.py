"""Caps and selection: who of the eligible receives an award when the plan caps it.

For each award round (a wave, or after the waves) and awarding authority (one per area
when the grant says ``per_scope``), and each kind of subject the pack caps:

- ``maximum = rounding(rate x base)``, exactly (``fractions.Fraction``); ``base`` is the
  number of subjects of that kind the authority awards in that round
  (``subjects-in-scope``) or the number eligible (``eligible``), as the cap declares;
- the eligible are ranked by the cap's ranking keys (each on the fact decided on); the
  first ``maximum`` are selected, the rest are "eligible, not selected" with their rank;
- the not eligible stay not eligible; a maximum of 0 is reported, never hidden.

With no cap on an award, every eligible subject is selected.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from .model import Cap, RankKey

__all__ = ["Candidate", "Selection", "SelectionStatus", "cap_maximum", "rank_key", "select"]

SelectionStatus = Literal["selected", "not-selected", "not-eligible"]


@attrs.frozen
class Selection:
    """What the cap did to one candidate.

    ``group`` names the round and authority the cap was counted in; ``rank`` is the
    candidate's place among the eligible of that group (1 = first); ``maximum`` is the
    number of awards allowed there, from ``rate`` x ``base``.
    """

    status: SelectionStatus
    group: str
    subject_kind: str
    cap_id: str | None = None
    rank: int | None = None
    eligible: int | None = None
    maximum: int | None = None
    base: int | None = None
    rate: str | None = None


@attrs.frozen
class Candidate:
    """A subject decided on for an award in one round, as selection sees it."""

    key: Any
    subject_id: str
    subject_kind: str
    eligible: bool
    facts: Mapping[str, Any]


def cap_maximum(cap: Cap, base: int) -> int:
    """``rounding(rate x base)``, exactly."""
    value = cap.rate * base
    return math.floor(value) if cap.rounding == "floor" else math.ceil(value)


def rank_key(keys: Iterable[RankKey], facts: Mapping[str, Any]) -> tuple[Any, ...]:
    """A sort key putting the best first: each ranking key in order; an undefined ratio
    (denominator 0) comes after every defined one."""
    out: list[Any] = []
    for key in keys:
        value: Any
        if key.by == "ratio":
            to = facts[key.to]  # type: ignore[index]
            value = Fraction(facts[key.of], to) if to > 0 else None  # type: ignore[index]
        elif key.by == "difference":
            value = facts[key.of] - facts[key.to]  # type: ignore[index]
        else:
            value = facts[key.field]  # type: ignore[index]
        out.append((value is None, _Ordered(value, key.order == "descending")))
    return tuple(out)


@attrs.frozen(order=False)
class _Ordered:
    """A value that sorts ascending, or descending when ``reverse`` (works for text too)."""

    value: Any
    reverse: bool

    def __lt__(self, other: _Ordered) -> bool:
        if self.value is None or other.value is None:
            return False
        return bool(self.value > other.value) if self.reverse else bool(self.value < other.value)


def select(candidates: Iterable[Candidate], cap: Cap | None, *, base: int, group: str) -> dict[Any, Selection]:
    """The selection of every candidate of one group (round x authority x subject kind)."""
    candidates = list(candidates)
    eligible = [c for c in candidates if c.eligible]
    kind = candidates[0].subject_kind if candidates else ""
    if cap is None:
        return {c.key: Selection("selected" if c.eligible else "not-eligible", group, kind) for c in candidates}
    counted_base = base if cap.base == "subjects-in-scope" else len(eligible)
    maximum = cap_maximum(cap, counted_base)
    ranked = sorted(eligible, key=lambda c: (rank_key(cap.ranking, c.facts), c.subject_id))
    rate = f"{cap.rate.numerator}/{cap.rate.denominator}"
    out: dict[Any, Selection] = {}
    for place, c in enumerate(ranked, 1):
        status: SelectionStatus = "selected" if place <= maximum else "not-selected"
        out[c.key] = Selection(status, group, kind, cap.id, place, len(eligible), maximum, counted_base, rate)
    for c in candidates:
        if not c.eligible:
            out[c.key] = Selection("not-eligible", group, kind, cap.id, None, len(eligible), maximum, counted_base, rate)
    return out
