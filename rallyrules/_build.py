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
    attested = dataset.frame("attestations").select("subject_id", "wave").unique().with_columns(attested=pl.lit(True))
    credits = counting.credits()
    n = subjects.height
    parts = []
    for index, wave in enumerate(pack.waves):
        codes = subjects.get_column("code").to_numpy()
        counted = credits[codes, index] if len(codes) else np.zeros(0, dtype=np.int64)
        parts.append(
            subjects.select("subject_id", "level", "kind", "parent_id").with_columns(
                wave=pl.lit(wave.number, pl.Int64),
                counted=pl.Series(counted, dtype=pl.Int64),
                **{SEQ: pl.int_range(index * n, (index + 1) * n, dtype=pl.Int64)},
            )
        )
    facts = pl.concat(parts) if parts else pl.DataFrame(schema={"subject_id": pl.String, "level": pl.String, "kind": pl.String,
                                                              "parent_id": pl.String, "wave": pl.Int64, "counted": pl.Int64,
                                                              SEQ: pl.Int64})  # fmt: skip
    measured = _measured(pack, dataset, counting, subjects)
    facts = (
        facts.join(measured, on=["subject_id", "wave"], how="left", maintain_order="left")
        .with_columns(counted=pl.coalesce("scheme_counted", "counted"), quota=pl.col("quota").fill_null(0))
        .join(attested, on=["subject_id", "wave"], how="left", maintain_order="left")
        .with_columns(pl.col("attested").fill_null(False))
    )
    # The unit an individual leads is their parent: its quota and count in the wave.
    units = facts.select(parent_id="subject_id", wave="wave", unit_quota="quota", unit_counted="counted")
    facts = facts.join(units, on=["parent_id", "wave"], how="left", maintain_order="left").with_columns(
        pl.col("unit_quota").fill_null(0), pl.col("unit_counted").fill_null(0)
    )
    collective = facts.filter(pl.col("kind") == "collective").select("subject_id", "level", "wave", "quota", "counted", SEQ)
    individual = facts.filter(pl.col("kind") == "individual").select(
        "subject_id", "level", "wave", "quota", "counted", "attested", "unit_quota", "unit_counted", SEQ
    )
    return {"collective-wave": collective, "individual-wave": individual}


def _measured(pack: RulePack, dataset: Dataset, counting: Counting, subjects: pl.DataFrame) -> pl.DataFrame:
    """Per subject and wave with a quota: ``quota``, and ``scheme_counted`` where the quota
    is given per scheme (null: the subject's count in every scheme counts).

    A quota for the wave in all is that quota. Quotas per scheme are read as the pack's
    ``quota_per_scheme`` says: ``sum``, their sum against the participants of those schemes;
    ``each``, the scheme reached least (lowest counted/quota among quotas above 0, exactly;
    the pack's order of schemes on a tie), so that 100% of it is 100% of every one; with
    every scheme's quota 0, a quota of 0."""
    quotas = dataset.frame("quotas").filter(pl.struct("subject_id", "wave", "scheme").is_first_distinct())
    whole = quotas.filter(pl.col("scheme").is_null()).select("subject_id", "wave", "quota", scheme_counted=pl.lit(None, pl.Int64))
    split = quotas.filter(pl.col("scheme").is_not_null())
    if not split.height:
        return whole
    by_scheme = counting.credits_by_scheme()
    waves = [w.number for w in pack.waves]
    codes = dict(zip(subjects.get_column("subject_id").to_list(), subjects.get_column("code").to_list(), strict=True))
    scheme_index = {s: i for i, s in enumerate(counting.schemes)}
    rows = split.filter(pl.col("wave").is_in(waves)).to_dicts()
    for row in rows:
        code, w = codes.get(row["subject_id"]), waves.index(row["wave"])
        row["counted"] = int(by_scheme[code, w, scheme_index[row["scheme"]]]) if code is not None else 0
        row["order"] = scheme_index[row["scheme"]]
    long = pl.DataFrame(rows, schema={**split.schema, "counted": pl.Int64, "order": pl.Int64}, orient="row") if rows else None
    if long is None:
        return whole
    if pack.counting.quota_per_scheme == "sum":
        per = long.group_by("subject_id", "wave", maintain_order=True).agg(
            pl.col("quota").sum(), scheme_counted=pl.col("counted").sum()
        )
    else:
        positive = long.filter(pl.col("quota") > 0)
        biggest = positive.select(pl.col("counted").max() * pl.col("quota").max()).item() if positive.height else 0
        if biggest is not None and biggest >= 2**52:  # pragma: no cover - quotas of more than 2**26 people
            from fractions import Fraction

            ordered = pl.DataFrame(
                sorted(
                    positive.to_dicts(),
                    key=lambda r: (r["subject_id"], r["wave"], Fraction(r["counted"], r["quota"]), r["order"]),
                ),
                schema=positive.schema,
            )
        else:
            ordered = positive.sort("subject_id", "wave", pl.col("counted") / pl.col("quota"), "order")
        least = (
            ordered.group_by("subject_id", "wave", maintain_order=True)
            .first()
            .select("subject_id", "wave", "quota", scheme_counted="counted")
        )
        nothing = (
            long.group_by("subject_id", "wave")
            .agg(scheme_counted=pl.col("counted").sum())
            .join(least.select("subject_id", "wave"), on=["subject_id", "wave"], how="anti")
            .with_columns(quota=pl.lit(0, pl.Int64))
        )
        per = pl.concat([least, nothing.select("subject_id", "wave", "quota", "scheme_counted")])
    return pl.concat(
        [whole, per.select("subject_id", "wave", pl.col("quota").cast(pl.Int64), pl.col("scheme_counted").cast(pl.Int64))]
    )


def year_facts(
    pack: RulePack, dataset: Dataset, wave_awards: Mapping[str, int], wave_eligible: Mapping[str, int] | None = None
) -> pl.DataFrame:
    """One ``subject-year`` fact per subject for the after-waves round: the per-wave awards
    it was *selected* for (``wave_awards``) and *eligible* for (``wave_eligible``), and how
    its year targets stand — ``indicators_missing`` (the pack's indicators with no target
    for it), ``worst_result``/``worst_target`` (its indicator with the lowest result/target
    ratio, exactly; the smaller indicator id on a tie; 0/0 when no target above 0 was
    given) with ``worst_indicator`` its id, and ``total_result``/``total_target`` (summed over its
    indicators). An individual
    with no targets of its own is measured against its parent's when the pack says so.

    The pack's targets block decides two things more: ``combined`` indicators are read as
    one target (targets and results summed; given only when each of them is), and a target
    of 0 is ``met`` (nothing to reach: it is left out of the least achieved one; a subject
    whose targets are all 0 has none to measure, 0/0) or ``missing`` (not given)."""
    subjects = _subjects(dataset).select("subject_id", "kind", "level", "parent_id")
    indicators = [i.id for i in pack.targets.indicators] if pack.targets else []
    targets = dataset.frame("targets").filter(pl.col("indicator").is_in(indicators))
    targets = targets.filter(pl.struct("subject_id", "indicator").is_first_distinct())
    targets, expected = _combined(pack, targets, indicators)
    own = set(targets.get_column("subject_id").unique().to_list())
    measured = subjects.with_columns(measured_by=pl.col("subject_id"))
    if pack.targets is not None and pack.targets.individuals_use_parent_targets:
        borrow = (pl.col("kind") == "individual") & ~pl.col("subject_id").is_in(list(own)) & pl.col("parent_id").is_not_null()
        measured = measured.with_columns(measured_by=pl.when(borrow).then(pl.col("parent_id")).otherwise(pl.col("subject_id")))
    zero_missing = pack.targets is not None and pack.targets.zero_target == "missing"
    counted_given = targets.filter(pl.col("target") > 0) if zero_missing else targets
    given = counted_given.group_by("subject_id").agg(pl.len().alias("given"))
    totals = targets.group_by("subject_id").agg(total_result=pl.col("result").sum(), total_target=pl.col("target").sum())
    worst = _worst(targets)
    counts = {"wave_awards": wave_awards, "wave_eligible": wave_eligible or {}}
    facts = (
        measured.join(given.rename({"subject_id": "measured_by"}), on="measured_by", how="left", maintain_order="left")
        .join(worst.rename({"subject_id": "measured_by"}), on="measured_by", how="left", maintain_order="left")
        .join(totals.rename({"subject_id": "measured_by"}), on="measured_by", how="left", maintain_order="left")
        .with_columns(
            subject_kind=pl.col("kind"),
            **{
                name: pl.col("subject_id").replace_strict(dict(values), default=0, return_dtype=pl.Int64)
                if values
                else pl.lit(0, pl.Int64)
                for name, values in counts.items()
            },
            indicators_missing=(expected - pl.col("given").fill_null(0)).cast(pl.Int64),
            worst_result=pl.col("worst_result").fill_null(0).cast(pl.Int64),
            worst_target=pl.col("worst_target").fill_null(0).cast(pl.Int64),
            total_result=pl.col("total_result").fill_null(0).cast(pl.Int64),
            total_target=pl.col("total_target").fill_null(0).cast(pl.Int64),
            worst_indicator=pl.col("worst_indicator").fill_null(""),
        )
    )
    return facts.select(
        "subject_id", "subject_kind", "level", "wave_awards", "indicators_missing", "worst_result", "worst_target",
        "wave_eligible", "total_result", "total_target", "worst_indicator", pl.int_range(0, facts.height, dtype=pl.Int64).alias(SEQ),
    )  # fmt: skip


def _combined(pack: RulePack, targets: pl.DataFrame, indicators: list[str]) -> tuple[pl.DataFrame, int]:
    """The targets with the pack's ``combined`` indicators read as one (targets and results
    summed, kept only where every indicator of the group is given), and how many targets a
    subject is to have then."""
    groups = pack.targets.combined if pack.targets else ()
    if not groups:
        return targets, len(indicators)
    name = {member: "+".join(group) for group in groups for member in group}
    size = {"+".join(group): len(group) for group in groups}
    merged = (
        targets.with_columns(indicator=pl.col("indicator").replace(name))
        .group_by("subject_id", "indicator", maintain_order=True)
        .agg(pl.col("target").sum(), pl.col("result").sum(), pl.len().alias("members"))
        .filter(pl.col("members") == pl.col("indicator").replace_strict(size, default=1, return_dtype=pl.UInt32))
        .select(targets.columns)
    )
    return merged, len(indicators) - sum(len(g) - 1 for g in groups)


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
