"""Plan consistency: checks that the data itself is sane, reported as findings.

- ``quota-allocation``: a subject's quota for a wave against the sum of the quotas of
  the subjects directly below it (its children) — quotas are handed down, so a
  difference is reported with its size (it may be deliberate: a parent may keep a share
  of its own);
- ``no-awarding-authority``: a subject whose level no grant of an award covers.

(Overlapping waves and subjects without a level are refused earlier, when the pack
and the data are loaded.)
"""

from __future__ import annotations

from .dataset import Dataset
from .decisions import Finding
from .model import RulePack

__all__ = ["consistency_findings"]


def consistency_findings(pack: RulePack, dataset: Dataset) -> list[Finding]:
    """Every consistency finding, in a stable order."""
    findings: list[Finding] = []
    quotas = {(q.subject_id, q.wave): q.quota for q in dataset.quotas}
    children: dict[str, list[str]] = {}
    kinds = {s.subject_id: s.kind for s in dataset.subjects}
    for subject in dataset.subjects:
        if subject.parent_id is not None and kinds.get(subject.parent_id) == subject.kind:
            children.setdefault(subject.parent_id, []).append(subject.subject_id)
    for parent, below in sorted(children.items()):
        for wave in pack.waves:
            handed = [quotas[(c, wave.number)] for c in below if (c, wave.number) in quotas]
            if not handed or (parent, wave.number) not in quotas:
                continue
            own, total = quotas[(parent, wave.number)], sum(handed)
            if own != total:
                findings.append(
                    Finding(
                        "quota-allocation", parent, wave.number,
                        f"quota {own} of '{parent}' in wave {wave.number} differs from the {total} handed down to "
                        f"{len(handed)} subject(s) below it by {own - total:+d}",
                        {"quota": own, "handed_down": total, "difference": own - total, "children": len(handed)},
                    )
                )  # fmt: skip
    for award in pack.awards:
        if not award.grants:
            continue
        covered = {g.level for g in award.grants}
        for subject in sorted(dataset.subjects, key=lambda s: s.subject_id):
            if subject.level not in covered:
                findings.append(
                    Finding(
                        "no-awarding-authority", subject.subject_id, None,
                        f"no authority awards {award.id} to '{subject.subject_id}' at level '{subject.level}'",
                        {"award": award.id, "level": subject.level},
                    )
                )  # fmt: skip
    return findings
