"""The counting oracle: the row-by-row counting of rallyrules 0.1 (one Python object per
enrolment), kept only to check the library's columnar counting (rallyrules.count) in the
tests. It is written from docs/counting.md, independently of the columnar code.

Which enrolments count, for which wave and which subjects — before any rule runs.

Every input enrolment ends up either counted for exactly one wave or excluded with a
reason in the ledger; :func:`count_enrolments` checks that counted + excluded = input
on every run and raises :class:`~rallyrules.EngineError` if not.

The checks, in this order (the first that fails is the reason given):

1. ``duplicate-enrolment-id``: when the pack excludes them, a record whose enrolment id an
   earlier record (in record order) has;
2. ``unknown-subject``: credited to a subject that is not in the data;
3. ``outside-periods``: enrolled on a day outside every wave's emulation period;
4. ``scheme-not-counted``: a scheme not among the pack's ``schemes_counted``;
5. ``coverage-missing`` / ``coverage-too-short``: the scheme must be covered through a
   date (a pack parameter) and the enrolment has no coverage end date, or an earlier one;
6. ``repeat-person-scheme``: when the pack counts a person once per scheme, a later
   enrolment of a person already counted in that scheme (earliest date, then id, wins);
   ``repeat-person``: when it counts a person once whatever the scheme, a later enrolment
   of a person already counted.

A counted enrolment is credited to its collective, to each subject above it when the
pack says ``credit_parents``, and to its credited individual; per wave, and per wave and
scheme. Each exclusion cites the clause the pack's ``counting: exclusions:`` gives for its
reason (a coverage reason: its scheme's coverage parameter).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Literal, Protocol

import attrs

from rallyrules import Citation, Dataset, EngineError, Enrolment, RulePack, Subject
from rallyrules.count import Exclusion

__all__ = ["Counting", "count_enrolments"]

ExclusionReason = Literal[
    "unknown-subject", "outside-periods", "coverage-missing", "coverage-too-short", "repeat-person-scheme",
    "scheme-not-counted", "repeat-person", "duplicate-enrolment-id",
]  # fmt: skip


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
    counts_by_scheme: Mapping[tuple[str, int, str], int] = attrs.field(factory=dict)

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
    policy = pack.counting
    excluded: list[Exclusion] = []
    candidates: list[tuple[Enrolment, int]] = []

    def cite(reason: str, scheme: str) -> Citation | None:
        if reason.startswith("coverage-") and schemes[scheme].coverage_parameter:
            return pack.parameter(schemes[scheme].coverage_parameter).source  # type: ignore[arg-type]
        found = policy.exclusion(reason)
        return found.source if found is not None else None

    def exclude(enrolment: Enrolment, reason: str, detail: str) -> None:
        excluded.append(Exclusion(enrolment.enrolment_id, reason, detail, cite(reason, enrolment.scheme)))  # type: ignore[arg-type]

    seen_ids: set[str] = set()
    for enrolment in dataset.enrolments:
        if enrolment.enrolment_id in seen_ids:
            if policy.duplicate_ids != "exclude":
                raise EngineError(f"duplicate enrolment_id '{enrolment.enrolment_id}': the checks refuse it before counting")
            exclude(
                enrolment, "duplicate-enrolment-id",
                f"enrolment id '{enrolment.enrolment_id}' given again (its first record is counted or excluded on its own)",
            )  # fmt: skip
            continue
        seen_ids.add(enrolment.enrolment_id)
        if enrolment.credited_to not in subjects:
            exclude(enrolment, "unknown-subject", f"credited to unknown subject '{enrolment.credited_to}'")
            continue
        wave = next((w for w in pack.waves if w.contains(enrolment.enrolled_on)), None)
        if wave is None:
            exclude(
                enrolment, "outside-periods",
                f"enrolled on {enrolment.enrolled_on.isoformat()}, outside every emulation period "
                + ", ".join(f"{w.start.isoformat()}..{w.end.isoformat()}" for w in pack.waves),
            )  # fmt: skip
            continue
        if policy.schemes_counted is not None and enrolment.scheme not in policy.schemes_counted:
            exclude(enrolment, "scheme-not-counted", f"{enrolment.scheme} is not among the schemes counted")
            continue
        scheme = schemes[enrolment.scheme]
        if scheme.coverage_through is not None:
            if enrolment.covered_until is None:
                exclude(
                    enrolment, "coverage-missing",
                    f"{scheme.id} must be covered through {scheme.coverage_through.isoformat()}; no coverage end date given",
                )  # fmt: skip
                continue
            if enrolment.covered_until < scheme.coverage_through:
                exclude(
                    enrolment, "coverage-too-short",
                    f"covered until {enrolment.covered_until.isoformat()}; {scheme.id} must be covered through "
                    f"{scheme.coverage_through.isoformat()}",
                )  # fmt: skip
                continue
        candidates.append((enrolment, wave.number))

    counted: dict[str, int] = {}
    first_of_person: dict[tuple[str, ...], str] = {}
    credits: Counter[tuple[str, int]] = Counter()
    by_scheme: Counter[tuple[str, int, str]] = Counter()
    for enrolment, wave_number in sorted(candidates, key=lambda c: (c[0].enrolled_on, c[0].enrolment_id)):
        if policy.one_enrolment_per_person:
            if (enrolment.person_id,) in first_of_person:
                first = first_of_person[(enrolment.person_id,)]
                exclude(enrolment, "repeat-person", f"person '{enrolment.person_id}' already counted by enrolment '{first}'")
                continue
            first_of_person[(enrolment.person_id,)] = enrolment.enrolment_id
        elif policy.one_enrolment_per_person_and_scheme:
            key = (enrolment.person_id, enrolment.scheme)
            if key in first_of_person:
                exclude(
                    enrolment, "repeat-person-scheme",
                    f"person '{enrolment.person_id}' already counted in {enrolment.scheme} by enrolment '{first_of_person[key]}'",
                )  # fmt: skip
                continue
            first_of_person[key] = enrolment.enrolment_id
        counted[enrolment.enrolment_id] = wave_number
        for subject_id in _credited(enrolment, subjects, policy.credit_parents):
            credits[(subject_id, wave_number)] += 1
            by_scheme[(subject_id, wave_number, enrolment.scheme)] += 1

    total = len(dataset.enrolments)
    if len(counted) + len(excluded) != total:
        raise EngineError(f"counting lost enrolments: {len(counted)} counted + {len(excluded)} excluded != {total} input")
    excluded.sort(key=lambda e: e.enrolment_id)
    return Counting(dict(credits), counted, tuple(excluded), total, dict(by_scheme))


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
