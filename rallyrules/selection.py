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
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from .model import Cap, RankKey, RulePack

__all__ = ["Candidate", "Selection", "SelectionStatus", "cap_maximum", "rank_key", "select", "select_round", "subject_bases"]

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


# -- on columns (the select stage of an evaluation) -------------------------------------------------

#: Columns the selection adds to an award rule's verdicts (see :func:`select_round`).
SELECTION_COLUMNS = (
    "__award",
    "__status",
    "__rank",
    "__eligible",
    "__maximum",
    "__base",
    "__cap",
    "__rate",
    "__group",
    "__scope",
    "__kind",
)


def subject_bases(pack: RulePack, subjects: Any) -> dict[tuple[str, str, str | None, str], int]:
    """The cap bases of a data set: (award, authority, scope, kind) -> how many subjects of
    that kind the authority awards that award to (within ``scope`` where the grant is per
    scope; ``scope`` None where it is not)."""
    import polars as pl

    counts = subjects.filter(pl.col("subject_id").is_first_distinct()).group_by("level", "scope", "kind").agg(pl.len().alias("n"))
    out: dict[tuple[str, str, str | None, str], int] = {}
    for award in pack.awards:
        for level, scope, kind, n in counts.iter_rows():
            grant = award.grant_for(level)
            if grant is None:
                continue
            key = (award.id, grant.authority, scope if grant.per_scope else None, kind)
            out[key] = out.get(key, 0) + n
    return out


def select_round(
    pack: RulePack, round_id: str, verdicts: Sequence[Any], subjects: Any, bases: Mapping[tuple[str, str, str | None, str], int]
) -> dict[str, Any]:
    """Apply the caps of one round (``wave-N`` or ``after-waves``) to the verdicts of its
    award rules (:class:`rallyrules.decide.RuleVerdicts`), as :func:`select` does, on
    columns. Returns, per award rule id, its verdict table with :data:`SELECTION_COLUMNS`:
    whether an authority awards the subject (``__award``), the status, rank, number
    eligible, maximum, base, cap id, rate ``n/d`` and group label (null where there is no
    selection: no authority awards the subject's level)."""
    import polars as pl

    info = subjects.filter(pl.col("subject_id").is_first_distinct()).select("subject_id", __scope="scope", __kind="kind")
    out: dict[str, Any] = {}
    candidates: dict[tuple[str, str], list[tuple[int, Any]]] = {}
    for index, decided in enumerate(verdicts):
        rule = decided.rule
        if rule.award is None:
            continue
        award = pack.award(rule.award)
        grants = {g.level: g for g in award.grants}
        frame = decided.frame.join(info, on="subject_id", how="left", maintain_order="left")
        level = pl.col("level")
        frame = frame.with_columns(
            __award=level.is_in(list(grants)) & pl.col("__kind").is_not_null(),
            __authority=level.replace_strict({k: g.authority for k, g in grants.items()}, default=None, return_dtype=pl.String),
            __group_scope=pl.when(
                level.replace_strict({k: g.per_scope for k, g in grants.items()}, default=False, return_dtype=pl.Boolean)
            )
            .then(pl.col("__scope"))
            .otherwise(None),
        )
        for kind in ("collective", "individual"):
            part = frame.filter(pl.col("__kind") == kind)
            if part.height:
                candidates.setdefault((rule.award, kind), []).append((index, part))
        out[rule.id] = frame
    selected: dict[int, list[Any]] = {}
    for (award_id, kind), parts in candidates.items():
        caps = pack.caps_for(award_id, kind)
        cap = caps[0] if caps else None
        for index, frame in parts:
            selected.setdefault(index, []).append(_select_frame(pack, round_id, award_id, kind, cap, frame, parts, bases))
    result: dict[str, Any] = {}
    for index, decided in enumerate(verdicts):
        rule = decided.rule
        if rule.award is None:
            continue
        frame = out[rule.id]
        chosen = pl.concat(selected[index]) if index in selected else None
        empty = {c: pl.lit(None) for c in SELECTION_COLUMNS if c not in ("__award",)}
        if chosen is None:
            result[rule.id] = frame.with_columns(**empty, __award=pl.lit(False)).select(
                *decided.frame.columns, *SELECTION_COLUMNS
            )
            continue
        merged = frame.select(*decided.frame.columns, "__award").join(
            chosen.drop("__award"), on="__seq", how="left", maintain_order="left"
        )
        result[rule.id] = merged.select(*decided.frame.columns, *SELECTION_COLUMNS)
    return result


def _select_frame(
    pack: RulePack, round_id: str, award_id: str, kind: str, cap: Cap | None, frame: Any, parts: Sequence[tuple[int, Any]],
    bases: Mapping[tuple[str, str, str | None, str], int],
) -> Any:  # fmt: skip
    """The selection of the candidates in ``frame`` (one rule's), ranked among all the
    candidates of the same award and kind in ``parts`` (several rules may share an award)."""
    import polars as pl

    keys = ["__authority", "__group_scope"]
    fields = (
        []
        if cap is None
        else [k for key in cap.ranking for k in (key.of, key.to, key.field) if k is not None and k != "subject_id"]
    )
    everyone = pl.concat(
        [
            p.filter(pl.col("__award")).select(
                "__seq", "subject_id", "passed", *keys, *_rank_columns(cap), *dict.fromkeys(fields)
            )
            for _, p in parts
        ]
    )
    groups = everyone.group_by(keys).agg(pl.col("passed").sum().alias("__eligible"))
    rows: list[tuple[Any, ...]] = []
    for authority, scope, eligible in groups.iter_rows():
        base = bases.get((award_id, authority, scope, kind), 0)
        name = pack.authority(authority).name.vi
        label = f"{round_id} · {name}" + (f" {scope}" if scope else "")
        if cap is None:
            rows.append((authority, scope, eligible, None, None, None, None, label))
            continue
        counted = base if cap.base == "subjects-in-scope" else eligible
        rate = f"{cap.rate.numerator}/{cap.rate.denominator}"
        rows.append((authority, scope, eligible, cap_maximum(cap, counted), counted, cap.id, rate, label))
    group_frame = pl.DataFrame(
        rows,
        schema={"__authority": pl.String, "__group_scope": pl.String, "__eligible": pl.Int64, "__maximum": pl.Int64,
                "__base": pl.Int64, "__cap": pl.String, "__rate": pl.String, "__group": pl.String},
        orient="row",
    )  # fmt: skip
    ranks = _ranks(cap, everyone.filter(pl.col("passed")), keys)
    mine = frame.select("__seq", "subject_id", "passed", "__award", *keys, "__scope", "__kind")
    mine = mine.join(group_frame, on=keys, how="left", nulls_equal=True, maintain_order="left").join(
        ranks, on="__seq", how="left", maintain_order="left"
    )
    status = (
        pl.when(~pl.col("__award")).then(None)
        .when(~pl.col("passed")).then(pl.lit("not-eligible"))
        .when(pl.col("__cap").is_null()).then(pl.lit("selected"))
        .when(pl.col("__rank") <= pl.col("__maximum")).then(pl.lit("selected"))
        .otherwise(pl.lit("not-selected"))
    )  # fmt: skip
    return mine.with_columns(__status=status).select("__seq", *SELECTION_COLUMNS)


def _rank_columns(cap: Cap | None) -> list[Any]:
    """The ranking keys of ``cap`` as columns ``__k0``, ``__u0``… (value, undefined)."""
    import polars as pl

    if cap is None:
        return []
    out = []
    for i, key in enumerate(cap.ranking):
        if key.by == "ratio":
            of, to = pl.col(str(key.of)), pl.col(str(key.to))
            out += [pl.when(to > 0).then(of.cast(pl.Float64) / to.cast(pl.Float64)).alias(f"__k{i}"), (to <= 0).alias(f"__u{i}"),
                    of.abs().alias(f"__of{i}"), to.alias(f"__to{i}")]  # fmt: skip
        elif key.by == "difference":
            out += [
                (pl.col(str(key.of)).cast(pl.Int128) - pl.col(str(key.to)).cast(pl.Int128)).alias(f"__k{i}"),
                pl.lit(False).alias(f"__u{i}"),
            ]
        else:
            out += [pl.col(str(key.field)).alias(f"__k{i}"), pl.lit(False).alias(f"__u{i}")]
    return out


def _ranks(cap: Cap | None, eligible: Any, keys: list[str]) -> Any:
    """``__seq`` -> rank among the eligible of its group (1 = first), exactly."""
    import polars as pl

    if cap is None or not eligible.height:
        return pl.DataFrame(schema={"__seq": pl.Int64, "__rank": pl.Int64})
    exact = True
    for i, key in enumerate(cap.ranking):
        if key.by == "ratio":
            biggest = eligible.select(pl.col(f"__of{i}").max() * pl.col(f"__to{i}").max()).item()
            exact = exact and (biggest is None or biggest < 2**52)  # distinct fractions, distinct floats
    if not exact:  # pragma: no cover - counts of more than 2**26: the reference ordering, with fractions
        return _ranks_exactly(cap, eligible, keys)
    by, descending = list(keys), [False, False]
    for i, key in enumerate(cap.ranking):
        by += [f"__u{i}", f"__k{i}"]
        descending += [False, key.order == "descending"]
    ordered = eligible.sort([*by, "subject_id"], descending=[*descending, False], nulls_last=True)
    return ordered.select("__seq", __rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(keys))


def _ranks_exactly(cap: Cap, eligible: Any, keys: list[str]) -> Any:  # pragma: no cover - see _ranks
    import polars as pl

    rows = eligible.to_dicts()
    ranked: dict[int, int] = {}
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    for members in groups.values():
        facts = [{**row, **_key_facts(cap, row)} for row in members]
        order = sorted(facts, key=lambda f: (rank_key(cap.ranking, f), f["subject_id"]))
        ranked.update({row["__seq"]: place for place, row in enumerate(order, 1)})
    return pl.DataFrame({"__seq": list(ranked), "__rank": list(ranked.values())}, schema={"__seq": pl.Int64, "__rank": pl.Int64})


def _key_facts(cap: Cap, row: Mapping[str, Any]) -> dict[str, Any]:  # pragma: no cover - see _ranks
    return {k: row[k] for key in cap.ranking for k in (key.of, key.to, key.field) if k is not None and k in row}
