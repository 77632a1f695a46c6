"""The counting oracle: the row-by-row counting of rallyrules 0.1 (one Python object per
enrolment), kept only to check the library's columnar counting (rallyrules.count) in the
tests. It is written from docs/counting.md, independently of the columnar code.

Which enrolments count, for which wave and which subjects — before any rule runs.

Every input enrolment ends up either counted for exactly one wave or excluded with a
reason in the ledger; :func:`count_enrolments` checks that counted + excluded = input
on every run and raises :class:`~rallyrules.EngineError` if not.

The checks, in this order (the first that fails is the reason given):

1. ``unknown-subject``: credited to a subject that is not in the data;
2. ``outside-periods``: enrolled on a day outside every wave's emulation period;
3. ``coverage-missing`` / ``coverage-too-short``: the scheme must be covered through a
   date (a pack parameter) and the enrolment has no coverage end date, or an earlier one;
4. ``repeat-person-scheme``: when the pack counts a person once per scheme, a later
   enrolment of a person already counted in that scheme (earliest date, then id, wins).

A counted enrolment is credited to its collective, to each subject above it when the
pack says ``credit_parents``, and to its credited individual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Literal, Protocol

import attrs

from rallyrules import Dataset, EngineError, Enrolment, RulePack, Subject
from rallyrules.count import Exclusion

__all__ = ["Counting", "count_enrolments"]

ExclusionReason = Literal["unknown-subject", "outside-periods", "coverage-missing", "coverage-too-short", "repeat-person-scheme"]


class _CountsBySubject(Protocol):
    """What fact building needs of a counting, on rows or on columns."""

    def count(self, subject_id: str, wave: int) -> int:
        """Enrolments that count for ``subject_id`` in ``wave``."""
        ...


@attrs.frozen(repr=False)
class Counting:
    """The outcome of counting: per (subject, wave) counts, and the exclusion ledger.

    ``counted`` maps each counted enrolment id to its wave. ``input_total`` =
    ``len(counted) + len(excluded)``, checked when built.
    """

    counts: Mapping[tuple[str, int], int]
    counted: Mapping[str, int]
    excluded: tuple[Exclusion, ...]
    input_total: int

    def count(self, subject_id: str, wave: int) -> int:
        """Enrolments that count for ``subject_id`` in ``wave``."""
        return self.counts.get((subject_id, wave), 0)

    @property
    def counted_total(self) -> int:
        """How many enrolments counted (``len(counted)``)."""
        return len(self.counted)

    @property
    def excluded_total(self) -> int:
        """How many enrolments were excluded (``len(excluded)``)."""
        return len(self.excluded)

    def excluded_by_reason(self) -> dict[str, int]:
        """How many enrolments each reason excluded."""
        return dict(sorted(Counter(e.reason for e in self.excluded).items()))

    def ledger_records(self) -> list[dict[str, Any]]:
        """The ledger as plain records (``Evaluation.to_dict``): enrolment id, reason, detail, citation."""
        return [attrs.asdict(e) for e in self.excluded]

    def __repr__(self) -> str:
        return (
            f"rallyrules.Counting(input={self.input_total}, counted={len(self.counted)}, "
            f"excluded={len(self.excluded)} {self.excluded_by_reason()})"
        )


def count_enrolments(pack: RulePack, dataset: Dataset) -> Counting:
    """Count every enrolment of ``dataset`` by the waves, schemes and policy of ``pack``.

    The records must have been checked (rallyrules.check_dataset).
    """
    subjects = {s.subject_id: s for s in dataset.subjects}
    schemes = {s.id: s for s in pack.schemes}
    excluded: list[Exclusion] = []
    candidates: list[tuple[Enrolment, int]] = []

    for enrolment in dataset.enrolments:
        if enrolment.credited_to not in subjects:
            excluded.append(
                Exclusion(enrolment.enrolment_id, "unknown-subject", f"credited to unknown subject '{enrolment.credited_to}'")
            )
            continue
        wave = next((w for w in pack.waves if w.contains(enrolment.enrolled_on)), None)
        if wave is None:
            excluded.append(
                Exclusion(
                    enrolment.enrolment_id, "outside-periods",
                    f"enrolled on {enrolment.enrolled_on.isoformat()}, outside every emulation period "
                    + ", ".join(f"{w.start.isoformat()}..{w.end.isoformat()}" for w in pack.waves),
                )
            )  # fmt: skip
            continue
        scheme = schemes[enrolment.scheme]
        if scheme.coverage_through is not None:
            citation = pack.parameter(scheme.coverage_parameter).source if scheme.coverage_parameter else None
            if enrolment.covered_until is None:
                excluded.append(
                    Exclusion(
                        enrolment.enrolment_id, "coverage-missing",
                        f"{scheme.id} must be covered through {scheme.coverage_through.isoformat()}; no coverage end date given",
                        citation,
                    )
                )  # fmt: skip
                continue
            if enrolment.covered_until < scheme.coverage_through:
                excluded.append(
                    Exclusion(
                        enrolment.enrolment_id, "coverage-too-short",
                        f"covered until {enrolment.covered_until.isoformat()}; {scheme.id} must be covered through "
                        f"{scheme.coverage_through.isoformat()}",
                        citation,
                    )
                )  # fmt: skip
                continue
        candidates.append((enrolment, wave.number))

    counted: dict[str, int] = {}
    first_of_person: dict[tuple[str, str], str] = {}
    credits: Counter[tuple[str, int]] = Counter()
    for enrolment, wave_number in sorted(candidates, key=lambda c: (c[0].enrolled_on, c[0].enrolment_id)):
        if pack.counting.one_enrolment_per_person_and_scheme:
            key = (enrolment.person_id, enrolment.scheme)
            if key in first_of_person:
                excluded.append(
                    Exclusion(
                        enrolment.enrolment_id, "repeat-person-scheme",
                        f"person '{enrolment.person_id}' already counted in {enrolment.scheme} by enrolment '{first_of_person[key]}'",
                        pack.counting.source,
                    )
                )  # fmt: skip
                continue
            first_of_person[key] = enrolment.enrolment_id
        counted[enrolment.enrolment_id] = wave_number
        for subject_id in _credited(enrolment, subjects, pack.counting.credit_parents):
            credits[(subject_id, wave_number)] += 1

    total = len(dataset.enrolments)
    if len(counted) + len(excluded) != total:
        raise EngineError(f"counting lost enrolments: {len(counted)} counted + {len(excluded)} excluded != {total} input")
    excluded.sort(key=lambda e: e.enrolment_id)
    return Counting(dict(credits), counted, tuple(excluded), total)


def _credited(enrolment: Enrolment, subjects: Mapping[str, Subject], credit_parents: bool) -> list[str]:
    out = [enrolment.credited_to]
    if credit_parents:
        parent = subjects[enrolment.credited_to].parent_id
        while parent is not None:
            out.append(parent)
            parent = subjects[parent].parent_id
    if enrolment.credited_individual is not None:
        out.append(enrolment.credited_individual)
    return out
