"""Findings about the data itself that a reviewer should see, though no rule decides
them: quotas handed down that do not add up, subjects no authority awards.

Computed on the tables (polars), so they cost little at national size.
"""

from __future__ import annotations

import polars as pl

from ._naming import Naming
from .dataset import Dataset
from .decisions import Finding
from .model import RulePack

__all__ = ["consistency_findings"]


def consistency_findings(pack: RulePack, dataset: Dataset) -> list[Finding]:
    """Every consistency finding, in a stable order."""
    findings: list[Finding] = []
    subjects = dataset.frame("subjects").filter(pl.col("subject_id").is_first_distinct())
    names = dict(zip(subjects.get_column("subject_id").to_list(), subjects.get_column("name").to_list(), strict=True))
    naming = Naming(pack, names, dataset.unit_names())
    # A wave's quota: as given, or (handed down per scheme) the sum over its schemes.
    quotas = (
        dataset.frame("quotas").filter(pl.struct("subject_id", "wave", "scheme").is_first_distinct())
        .group_by("subject_id", "wave", maintain_order=True).agg(pl.col("quota").sum())
    )  # fmt: skip
    waves = [w.number for w in pack.waves]
    kinds = subjects.select("subject_id", "kind")
    # A parent's quota against the quotas of its children of the same kind, per wave.
    children = (
        subjects.filter(pl.col("parent_id").is_not_null())
        .join(kinds.rename({"subject_id": "parent_id", "kind": "parent_kind"}), on="parent_id")
        .filter(pl.col("kind") == pl.col("parent_kind"))
    )
    handed = (
        children.join(quotas, on="subject_id")
        .filter(pl.col("wave").is_in(waves))
        .group_by("parent_id", "wave")
        .agg(pl.col("quota").sum().alias("handed_down"), pl.len().alias("children"))
    )
    differing = (
        handed.join(quotas.rename({"subject_id": "parent_id"}), on=["parent_id", "wave"])
        .filter(pl.col("quota") != pl.col("handed_down"))
        .with_columns(wave_index=pl.col("wave").replace_strict(waves, list(range(len(waves)))))
        .sort("parent_id", "wave_index")
    )
    for parent, wave, handed_down, count, own, _ in differing.iter_rows():
        findings.append(
            Finding(
                "quota-allocation", parent, wave,
                f"quota {own} of '{parent}' in wave {wave} differs from the {handed_down} handed down to "
                f"{count} subject(s) below it by {own - handed_down:+d}",
                {"quota": own, "handed_down": handed_down, "difference": own - handed_down, "children": count},
                subject_name=names.get(parent), naming=naming,
            )
        )  # fmt: skip
    for award in pack.awards:
        if not award.grants:
            continue
        covered = [g.level for g in award.grants]
        for subject_id, level in (
            subjects.filter(~pl.col("level").is_in(covered)).sort("subject_id").select("subject_id", "level").iter_rows()
        ):
            findings.append(
                Finding(
                    "no-awarding-authority", subject_id, None,
                    f"no authority awards {award.id} to '{subject_id}' at level '{level}'",
                    {"award": award.id, "level": level},
                    subject_name=names.get(subject_id), naming=naming,
                )
            )  # fmt: skip
    return findings
