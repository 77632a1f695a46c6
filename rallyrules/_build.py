"""Data set + counting -> the typed facts rules decide on (one module per pipeline step:
this one builds facts; it decides nothing).

Every builder returns facts in a stable order (by wave, then ids), so results do not
depend on the order of input records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from .counting import CountsBySubject
from .dataset import Dataset, units
from .facts import CollectiveWave, IndividualWave, RosterCheck, SubjectYear, SubmissionCheck, TargetResult
from .model import RulePack


def wave_facts(pack: RulePack, dataset: Dataset, counting: CountsBySubject) -> list[CollectiveWave | IndividualWave]:
    """One fact per subject and wave: :class:`CollectiveWave` or :class:`IndividualWave`."""
    quotas = {(q.subject_id, q.wave): q.quota for q in dataset.quotas}
    attested = {(a.subject_id, a.wave) for a in dataset.attestations}
    facts: list[CollectiveWave | IndividualWave] = []
    for wave in pack.waves:
        for subject in sorted(dataset.subjects, key=lambda s: (s.kind, s.subject_id)):
            key = (subject.subject_id, wave.number)
            common = {
                "subject_id": subject.subject_id,
                "level": subject.level,
                "wave": wave.number,
                "quota": quotas.get(key, 0),
                "counted": counting.count(*key),
            }
            if subject.kind == "collective":
                facts.append(CollectiveWave(**common))  # type: ignore[arg-type]
            else:
                facts.append(IndividualWave(**common, attested=key in attested))  # type: ignore[arg-type]
    return facts


def year_facts(pack: RulePack, dataset: Dataset, wave_awards: Mapping[str, int]) -> list[SubjectYear]:
    """One fact per subject for the after-waves round: per-wave awards it was selected
    for, and how its year targets stand."""
    by_subject: dict[str, list[TargetResult]] = {}
    for target in dataset.targets:
        by_subject.setdefault(target.subject_id, []).append(target)
    subjects = {s.subject_id: s for s in dataset.subjects}
    indicators = [i.id for i in pack.targets.indicators] if pack.targets else []
    facts = []
    for subject in sorted(dataset.subjects, key=lambda s: (s.kind, s.subject_id)):
        rows = by_subject.get(subject.subject_id, [])
        if not rows and subject.kind == "individual" and pack.targets and pack.targets.individuals_use_parent_targets:
            parent = subjects.get(subject.parent_id) if subject.parent_id else None
            rows = by_subject.get(parent.subject_id, []) if parent else []
        missing, worst = _targets(indicators, rows)
        facts.append(
            SubjectYear(
                subject_id=subject.subject_id,
                subject_kind=subject.kind,
                level=subject.level,
                wave_awards=wave_awards.get(subject.subject_id, 0),
                indicators_missing=missing,
                worst_result=worst[0],
                worst_target=worst[1],
            )
        )
    return facts


def _targets(indicators: list[str], rows: Iterable[TargetResult]) -> tuple[int, tuple[int, int]]:
    """(indicators without a target, (result, target) of the lowest result/target ratio).

    A target of 0 asks for nothing and is met; with no target above 0 the worst is 0/0
    (undefined, so a ratio condition on it does not hold)."""
    given = {r.indicator: r for r in rows if r.indicator in indicators}
    missing = sum(1 for i in indicators if i not in given)
    ratios = [(Fraction(r.result, r.target), r.indicator) for r in given.values() if r.target > 0]
    if not ratios:
        return missing, (0, 0)
    _, worst_indicator = min(ratios)
    worst = given[worst_indicator]
    return missing, (worst.result, worst.target)


def submission_facts(pack: RulePack, dataset: Dataset) -> list[SubmissionCheck]:
    """One fact per deadline, wave and unit that must submit: made or not, and how many
    days before the anchor date. A submission with no row counts as not made."""
    made = {(s.deadline, s.wave, s.submitter): s.submitted_on for s in dataset.submissions}
    unit_levels = units(pack, dataset.subjects)
    facts = []
    for deadline in pack.deadlines:
        submitters = sorted(u for u, level in unit_levels.items() if level == deadline.submitter_level)
        for wave, anchor in sorted(deadline.anchors):
            for submitter in submitters:
                day = made.get((deadline.id, wave, submitter))
                facts.append(
                    SubmissionCheck(
                        submitter=submitter,
                        deadline=deadline.id,
                        wave=wave,
                        submitted=day is not None,
                        days_before=(anchor - day).days if day is not None else 0,
                    )
                )
    return facts


def roster_facts(pack: RulePack, dataset: Dataset) -> list[RosterCheck]:
    """One fact per wave, unit and roster role used at the unit's level (when rosters
    were given): the number of lines, their people in all, and the smallest line."""
    if "rosters" in dataset.absent:
        return []
    lines: dict[tuple[int, str, str], list[int]] = {}
    for line in dataset.rosters:
        lines.setdefault((line.wave, line.unit, line.role), []).append(line.people)
    unit_levels = units(pack, dataset.subjects)
    facts = []
    for wave in pack.waves:
        for unit, level in sorted(unit_levels.items()):
            for role in pack.roster_roles:
                if level not in role.levels:
                    continue
                people = lines.get((wave.number, unit, role.id), [])
                facts.append(
                    RosterCheck(
                        unit=unit, level=level, wave=wave.number, role=role.id,
                        lines=len(people), people=sum(people), smallest=min(people, default=0),
                    )
                )  # fmt: skip
    return facts
