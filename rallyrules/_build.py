"""Data set + counting -> the facts rules decide on, as tables (the facts stage).

One table per kind of fact (:data:`rallyrules.facts.FACT_KINDS`), with the fact's fields
as columns and :data:`SEQ`, the fact's place in the order decisions are listed: the
per-wave facts wave by wave (collectives, then individuals, by id), then the submissions,
then the rosters; the after-waves facts come in a round of their own. The facts do not
depend on the order of the input records. This module builds facts; it decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl

from .count import Counting
from .dataset import Dataset, units
from .model import RulePack

__all__ = ["SEQ", "round_one_facts", "year_facts"]

#: The column holding each fact's place in the order of decisions.
SEQ = "__seq"


def round_one_facts(pack: RulePack, dataset: Dataset, counting: Counting) -> dict[str, pl.DataFrame]:
    """The facts of the waves' round: ``collective-wave`` and ``individual-wave`` (one per
    subject and wave), ``submission`` (one per deadline, wave and unit that must submit,
    when submissions were given) and ``roster-role`` (when rosters were given)."""
    out = _wave_facts(pack, dataset, counting)
    offset = sum(f.height for f in out.values())
    submissions = _submission_facts(pack, dataset, offset)
    out["submission"] = submissions
    out["roster-role"] = _roster_facts(pack, dataset, offset + submissions.height)
    return out


def _subjects(dataset: Dataset) -> pl.DataFrame:
    """The subjects (first of any duplicate id) with their code, in the facts' order."""
    subjects = dataset.frame("subjects")
    return subjects.filter(pl.col("subject_id").is_first_distinct()).with_row_index("code").sort("kind", "subject_id")


def _wave_facts(pack: RulePack, dataset: Dataset, counting: Counting) -> dict[str, pl.DataFrame]:
    subjects = _subjects(dataset)
    quotas = dataset.frame("quotas").filter(pl.struct("subject_id", "wave").is_first_distinct())
    attested = dataset.frame("attestations").select("subject_id", "wave").unique().with_columns(attested=pl.lit(True))
    credits = counting.credits()
    n = subjects.height
    parts = []
    for index, wave in enumerate(pack.waves):
        codes = subjects.get_column("code").to_numpy()
        counted = credits[codes, index] if len(codes) else np.zeros(0, dtype=np.int64)
        parts.append(
            subjects.select("subject_id", "level", "kind").with_columns(
                wave=pl.lit(wave.number, pl.Int64),
                counted=pl.Series(counted, dtype=pl.Int64),
                **{SEQ: pl.int_range(index * n, (index + 1) * n, dtype=pl.Int64)},
            )
        )
    facts = pl.concat(parts) if parts else pl.DataFrame(schema={"subject_id": pl.String, "level": pl.String, "kind": pl.String,
                                                              "wave": pl.Int64, "counted": pl.Int64, SEQ: pl.Int64})  # fmt: skip
    facts = (
        facts.join(quotas.select("subject_id", "wave", "quota"), on=["subject_id", "wave"], how="left", maintain_order="left")
        .join(attested, on=["subject_id", "wave"], how="left", maintain_order="left")
        .with_columns(pl.col("quota").fill_null(0), pl.col("attested").fill_null(False))
    )
    collective = facts.filter(pl.col("kind") == "collective").select("subject_id", "level", "wave", "quota", "counted", SEQ)
    individual = facts.filter(pl.col("kind") == "individual").select(
        "subject_id", "level", "wave", "quota", "counted", "attested", SEQ
    )
    return {"collective-wave": collective, "individual-wave": individual}


def year_facts(pack: RulePack, dataset: Dataset, wave_awards: Mapping[str, int]) -> pl.DataFrame:
    """One ``subject-year`` fact per subject for the after-waves round: the per-wave awards
    it was *selected* for, and how its year targets stand — ``indicators_missing`` (the
    pack's indicators with no target for it) and ``worst_result``/``worst_target`` (its
    indicator with the lowest result/target ratio, exactly; the smaller indicator id on a
    tie; 0/0 when no target above 0 was given) with ``worst_indicator`` its id. An individual with no targets of its own
    is measured against its parent's when the pack says so."""
    subjects = _subjects(dataset).select("subject_id", "kind", "level", "parent_id")
    indicators = [i.id for i in pack.targets.indicators] if pack.targets else []
    targets = dataset.frame("targets").filter(pl.col("indicator").is_in(indicators))
    targets = targets.filter(pl.struct("subject_id", "indicator").is_first_distinct())
    own = set(targets.get_column("subject_id").unique().to_list())
    measured = subjects.with_columns(measured_by=pl.col("subject_id"))
    if pack.targets is not None and pack.targets.individuals_use_parent_targets:
        borrow = (pl.col("kind") == "individual") & ~pl.col("subject_id").is_in(list(own)) & pl.col("parent_id").is_not_null()
        measured = measured.with_columns(measured_by=pl.when(borrow).then(pl.col("parent_id")).otherwise(pl.col("subject_id")))
    given = targets.group_by("subject_id").agg(pl.len().alias("given"))
    worst = _worst(targets)
    facts = (
        measured.join(given.rename({"subject_id": "measured_by"}), on="measured_by", how="left", maintain_order="left")
        .join(worst.rename({"subject_id": "measured_by"}), on="measured_by", how="left", maintain_order="left")
        .with_columns(
            subject_kind=pl.col("kind"),
            wave_awards=pl.col("subject_id").replace_strict(dict(wave_awards), default=0, return_dtype=pl.Int64)
            if wave_awards
            else pl.lit(0, pl.Int64),
            indicators_missing=(len(indicators) - pl.col("given").fill_null(0)).cast(pl.Int64),
            worst_result=pl.col("worst_result").fill_null(0).cast(pl.Int64),
            worst_target=pl.col("worst_target").fill_null(0).cast(pl.Int64),
            worst_indicator=pl.col("worst_indicator").fill_null(""),
        )
    )
    return facts.select(
        "subject_id", "subject_kind", "level", "wave_awards", "indicators_missing", "worst_result", "worst_target",
        "worst_indicator", pl.int_range(0, facts.height, dtype=pl.Int64).alias(SEQ),
    )  # fmt: skip


def _worst(targets: pl.DataFrame) -> pl.DataFrame:
    """Per subject, (result, target) of its indicator with the lowest result/target among
    targets above 0, exactly: as floats where two different fractions of these sizes cannot
    share a float (every |result| × target below 2**52), else as fractions."""
    positive = targets.filter(pl.col("target") > 0)
    if not positive.height:
        return pl.DataFrame(
            schema={"subject_id": pl.String, "worst_result": pl.Int64, "worst_target": pl.Int64, "worst_indicator": pl.String}
        )
    biggest = positive.select(pl.col("result").abs().max() * pl.col("target").max()).item()
    if biggest < 2**52:
        ordered = positive.sort("subject_id", pl.col("result") / pl.col("target"), "indicator")
    else:  # pragma: no cover - targets of more than 2**26 people
        from fractions import Fraction

        rows = sorted(
            positive.iter_rows(named=True), key=lambda r: (r["subject_id"], Fraction(r["result"], r["target"]), r["indicator"])
        )
        ordered = pl.DataFrame(rows, schema=positive.schema)
    return (
        ordered.group_by("subject_id", maintain_order=True)
        .first()
        .select("subject_id", worst_result="result", worst_target="target", worst_indicator="indicator")
    )


def _submission_facts(pack: RulePack, dataset: Dataset, offset: int) -> pl.DataFrame:
    """One fact per deadline, wave and unit that must submit: made or not, and how many
    days before the anchor date. A submission with no row counts as not made; with no
    submissions table at all (absent), there is nothing to decide on."""
    schema = {"submitter": pl.String, "deadline": pl.String, "wave": pl.Int64, "submitted": pl.Boolean, "days_before": pl.Int64}
    if "submissions" in dataset.absent:
        return pl.DataFrame(schema={**schema, SEQ: pl.Int64})
    made: dict[tuple[Any, ...], Any] = {}
    for deadline, wave, submitter, day in dataset.frame("submissions").iter_rows():
        made.setdefault((deadline, wave, submitter), day)
    unit_levels = units(pack, dataset.frame("subjects"))
    rows = []
    for deadline in pack.deadlines:
        submitters = sorted(u for u, level in unit_levels.items() if level == deadline.submitter_level)
        for wave, anchor in sorted(deadline.anchors):
            for submitter in submitters:
                day = made.get((deadline.id, wave, submitter))
                rows.append((submitter, deadline.id, wave, day is not None, (anchor - day).days if day is not None else 0))
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.with_columns(pl.int_range(offset, offset + frame.height, dtype=pl.Int64).alias(SEQ))


def _roster_facts(pack: RulePack, dataset: Dataset, offset: int) -> pl.DataFrame:
    """One fact per wave, unit and roster role used at the unit's level (when rosters were
    given): the number of lines, their people in all, and the smallest line."""
    schema = {"unit": pl.String, "level": pl.String, "wave": pl.Int64, "role": pl.String, "lines": pl.Int64, "people": pl.Int64,
              "smallest": pl.Int64}  # fmt: skip
    if "rosters" in dataset.absent:
        return pl.DataFrame(schema={**schema, SEQ: pl.Int64})
    lines: dict[tuple[int, str, str], list[int]] = {}
    for wave, unit, role, _name, people in dataset.frame("rosters").iter_rows():
        lines.setdefault((wave, unit, role), []).append(people)
    unit_levels = units(pack, dataset.frame("subjects"))
    rows = []
    for wave in pack.waves:
        for unit, level in sorted(unit_levels.items()):
            for role in pack.roster_roles:
                if level not in role.levels:
                    continue
                people = lines.get((wave.number, unit, role.id), [])
                rows.append((unit, level, wave.number, role.id, len(people), sum(people), min(people, default=0)))
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.with_columns(pl.int_range(offset, offset + frame.height, dtype=pl.Int64).alias(SEQ))
