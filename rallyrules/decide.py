"""Facts -> each rule's verdict on each fact, as columns (the decide stage).

Three readings of the same rule file decide, and must agree, or the evaluation fails with
:class:`~rallyrules.EngineError` instead of returning:

1. the rule's conditions compiled to polars expressions (:func:`verdict_columns`) decide
   every fact at once — exact integers (a ratio ``of/to >= n/d`` is ``of*d >= n*to`` in
   128-bit integers, guarded by ``to > 0``), no floats;
2. durable_rules (when chosen) decides each *distinct* fact once: the facts of a kind are
   projected on the fields its rules read, and only the distinct projections are sent
   (tens of thousands where there are hundreds of thousands of facts); its verdicts are
   mapped back;
3. the Python evaluator of :mod:`rallyrules._evaluate` (which explains decisions) reads
   every distinct projection too.

A verdict is ``pass``, ``fail`` with the first condition that does not hold, or ``skip``
with the first ``when`` test that does not hold (the rule does not apply; no decision).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import polars as pl

from . import _engine
from ._build import SEQ
from ._compile import compile_pack
from ._evaluate import condition_holds
from .errors import EngineError
from .facts import FACT_KINDS, KIND_OF_FACT
from .model import Condition, Rule, RulePack

__all__ = ["RuleVerdicts", "decide", "fields_read", "verdict_columns"]

STATUS = "__status"
TEST = "__test"

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "at_least": operator.ge, "more_than": operator.gt, "at_most": operator.le, "less_than": operator.lt,
    "equals": operator.eq, "not_equals": operator.ne,
}  # fmt: skip


@attrs.frozen
class RuleVerdicts:
    """One rule's verdicts: ``frame`` holds the facts it applies to (its kind's fields and
    :data:`rallyrules._build.SEQ`), ``passed`` (every condition holds) and ``failed`` (the
    first condition that does not, else null)."""

    rule: Rule
    kind: str
    frame: pl.DataFrame


def fields_read(rules: Sequence[Rule]) -> list[str]:
    """The fact fields the rules' conditions and ``when`` tests read, in first-use order."""
    out: list[str] = []
    for rule in rules:
        for c in (*rule.when, *rule.conditions):
            for name in (c.ratio.of, c.ratio.to) if c.ratio is not None else (c.fact,):
                if name is not None and name not in out:
                    out.append(name)
    return out


_INT64 = (-(2**63), 2**63 - 1)


def _literal(value: Any) -> pl.Expr:
    if isinstance(value, bool):
        return pl.lit(value, pl.Boolean)
    if isinstance(value, int):
        return pl.lit(value, pl.Int64 if _INT64[0] <= value <= _INT64[1] else pl.Int128)
    return pl.lit(value)


#: Products of a ratio's terms must stay below this for 128-bit integers to hold them.
_INT128_SAFE = 2**126


def exact_on_columns(rule: Rule, frame: pl.DataFrame) -> bool:
    """Whether :func:`verdict_columns` decides ``rule`` exactly on ``frame``: every integer
    (and every product a ratio compares) fits polars' integers. Facts read from data always
    fit (they are 64-bit); typed facts built by hand may not, and are then decided row by
    row by the exact evaluator."""
    for c in (*rule.when, *rule.conditions):
        if isinstance(c.value, int) and not isinstance(c.value, bool) and not -_INT128_SAFE < c.value < _INT128_SAFE:
            return False
        if isinstance(c.value, tuple) and any(isinstance(v, int) and not -_INT128_SAFE < v < _INT128_SAFE for v in c.value):
            return False
        if c.ratio is None:
            continue
        rate = Fraction(c.value)  # type: ignore[arg-type]
        of = frame.get_column(c.ratio.of).abs().max() or 0
        to = frame.get_column(c.ratio.to).abs().max() or 0
        if int(of) * rate.denominator >= _INT128_SAFE or int(to) * abs(rate.numerator) >= _INT128_SAFE:  # type: ignore[arg-type]
            return False
    return True


def _python_columns(rule: Rule, frame: pl.DataFrame) -> list[pl.Series]:
    """:func:`verdict_columns` computed by the exact evaluator, row by row (distinct rows once)."""
    fields = fields_read([rule])
    verdicts: dict[tuple[Any, ...], tuple[str, str | None]] = {}
    status, test = [], []
    for row in frame.select(fields).iter_rows() if fields else ((),) * frame.height:
        verdict = verdicts.get(row)
        if verdict is None:
            verdict = verdicts[row] = _python_verdict(rule, dict(zip(fields, row, strict=True)))
        status.append(verdict[0])
        test.append(verdict[1])
    return [pl.Series(f"{STATUS}:{rule.id}", status, dtype=pl.String), pl.Series(f"{TEST}:{rule.id}", test, dtype=pl.String)]


def holds(condition: Condition) -> pl.Expr:
    """Whether ``condition`` holds, as a polars expression over a fact table: the
    semantics of :func:`rallyrules._evaluate.condition_holds` (a missing value and an
    undefined ratio hold nothing)."""
    op, value = condition.op, condition.value
    if condition.ratio is not None:
        rate = Fraction(value)  # type: ignore[arg-type]  # a ratio's value is a rate
        of, to = pl.col(condition.ratio.of).cast(pl.Int128), pl.col(condition.ratio.to).cast(pl.Int128)
        d, n = pl.lit(rate.denominator, pl.Int128), pl.lit(rate.numerator, pl.Int128)
        compared: pl.Expr = _COMPARE[op](of * d, to * n)
        return ((to > 0) & compared).fill_null(False)
    column = pl.col(str(condition.fact))
    if op in ("one_of", "none_of"):
        listed = list(value)  # type: ignore[arg-type]
        wide = any(isinstance(v, int) and not isinstance(v, bool) and not _INT64[0] <= v <= _INT64[1] for v in listed)
        inside = column.is_in(pl.Series(listed, dtype=pl.Int128) if wide else listed)
        return (inside if op == "one_of" else column.is_not_null() & ~inside).fill_null(False)
    result: pl.Expr = _COMPARE[op](column, _literal(value))
    return result.fill_null(False)


def verdict_columns(rule: Rule) -> list[pl.Expr]:
    """The rule's verdict on each fact as two columns: :data:`STATUS` (``pass``, ``fail``
    or ``skip``) and :data:`TEST` (the first ``when`` test or condition that does not hold)."""
    status: Any = pl
    test: Any = pl
    started = False
    for verdict, conditions in (("skip", rule.when), ("fail", rule.conditions)):
        for c in conditions:
            status = (status.when if started else pl.when)(~holds(c)).then(pl.lit(verdict))
            test = (test.when if started else pl.when)(~holds(c)).then(pl.lit(c.id))
            started = True
    if not started:
        return [pl.lit("pass").alias(STATUS), pl.lit(None, pl.String).alias(TEST)]
    return [status.otherwise(pl.lit("pass")).alias(STATUS), test.otherwise(pl.lit(None, pl.String)).alias(TEST)]


def _python_verdict(rule: Rule, values: Mapping[str, Any]) -> tuple[str, str | None]:
    for c in rule.when:
        if not condition_holds(c, values):
            return ("skip", c.id)
    for c in rule.conditions:
        if not condition_holds(c, values):
            return ("fail", c.id)
    return ("pass", None)


class Decider:
    """Decides fact tables with the chosen engine; one per evaluation (its durable_rules
    host, when used, lives as long as it and is deleted with it)."""

    def __init__(self, pack: RulePack, *, use_durable: bool) -> None:
        self.pack = pack
        self.rules_by_kind: dict[str, list[Rule]] = {}
        for rule in pack.rules:
            self.rules_by_kind.setdefault(rule.applies_to, []).append(rule)
        self.durable = _engine.DurableEvaluator(compile_pack(pack)) if use_durable else None
        self.engine_name = _engine.engine_version() if use_durable else PYTHON_ENGINE
        #: distinct facts sent to durable_rules, per kind (for the benchmark's figures)
        self.distinct: dict[str, int] = {}

    def close(self) -> None:
        """Free the engine's native memory now (else when the decider is collected)."""
        if self.durable is not None:
            self.durable.close()
            self.durable = None

    def decide(self, facts: Mapping[str, pl.DataFrame]) -> list[RuleVerdicts]:
        """Every rule's verdicts on the facts of its kind (the skipped left out), in the
        pack's order of rules."""
        tables: dict[str, pl.DataFrame] = {}
        for kind, frame in facts.items():
            rules = self.rules_by_kind.get(kind, [])
            if not rules or not frame.height:
                continue
            columns: list[Any] = []
            for rule in rules:
                if exact_on_columns(rule, frame):
                    columns += [e.alias(f"{e.meta.output_name()}:{rule.id}") for e in verdict_columns(rule)]
                else:
                    columns += _python_columns(rule, frame)
            tables[kind] = frame.with_columns(columns)
            self._cross_check(kind, rules, tables[kind])
        out = []
        for rule in self.pack.rules:
            table = tables.get(rule.applies_to)
            if table is None:
                continue
            status, test = f"{STATUS}:{rule.id}", f"{TEST}:{rule.id}"
            names = list(attrs.fields_dict(FACT_KINDS[rule.applies_to]))
            decided = table.filter(pl.col(status) != "skip").select(
                *names, SEQ, passed=pl.col(status) == "pass", failed=pl.when(pl.col(status) == "fail").then(pl.col(test))
            )
            out.append(RuleVerdicts(rule, rule.applies_to, decided))
        return out

    def _cross_check(self, kind: str, rules: list[Rule], table: pl.DataFrame) -> None:
        """The engine's and the explaining evaluator's verdicts on each distinct projection
        must be the columns' verdicts."""
        fields = fields_read(rules)
        verdicts = [c for rule in rules for c in (f"{STATUS}:{rule.id}", f"{TEST}:{rule.id}")]
        distinct = table.select(*fields, *verdicts).unique(subset=fields, maintain_order=True) if fields else table.head(1)
        agree = table.select(*fields, *verdicts).unique(maintain_order=True)
        if agree.height != distinct.height:  # the columns gave one projection two verdicts: they read another field
            raise EngineError(f"the verdicts on {kind} facts depend on fields the rules do not read ({fields})")
        self.distinct[kind] = distinct.height
        rows = distinct.to_dicts()
        engine = None
        if self.durable is not None:
            who = next((c for c in ("subject_id", "submitter", "unit") if c in table.columns), None)
            names = None
            if who is not None:  # each projection named by the first fact holding it, for errors
                named = (
                    table.select(*dict.fromkeys([*fields, who])).unique(subset=fields, keep="first", maintain_order=True)
                    if fields
                    else table.select(who).head(1)
                )
                names = [str(n) for n in named.get_column(who).to_list()]
            engine = self.durable.decide([(kind, {f: row[f] for f in fields}) for row in rows], names)
        for ref, row in enumerate(rows):
            values = {f: row[f] for f in fields}
            for rule in rules:
                mine = (row[f"{STATUS}:{rule.id}"], row[f"{TEST}:{rule.id}"])
                python = _python_verdict(rule, values)
                if python != mine:
                    raise EngineError(
                        f"rule '{rule.id}' on {values}: the evaluator's verdict {python!r} and the columns' {mine!r} differ"
                    )
                if engine is not None and engine[ref][rule.id] != mine:
                    raise EngineError(
                        f"rule '{rule.id}' on {values}: the engine's verdict is {engine[ref][rule.id]!r}, the rule file's is {mine!r}"
                    )


PYTHON_ENGINE = "python (rallyrules evaluator)"


def facts_frame(kind: str, facts: Sequence[Any]) -> pl.DataFrame:
    """Typed facts of one kind (e.g. :class:`~rallyrules.CollectiveWave`) as a fact table
    (integers beyond 64 bits, which only hand-made facts hold, as 128-bit integers)."""
    schema = _schema(kind)
    columns = {n: [getattr(f, n) for f in facts] for n in schema}
    for name, dtype in schema.items():
        if dtype == pl.Int64 and any(not _INT64[0] <= v <= _INT64[1] for v in columns[name] if isinstance(v, int)):
            schema[name] = pl.Int128
    frame = pl.DataFrame(columns, schema=schema, strict=False)
    return frame.with_columns(pl.int_range(0, frame.height, dtype=pl.Int64).alias(SEQ))


def _schema(kind: str) -> dict[str, Any]:
    from .facts import fact_field_types

    types = {"integer": pl.Int64, "text": pl.String, "boolean": pl.Boolean, "date": pl.Date}
    return {n: types[t] for n, t in fact_field_types(kind).items()}


def by_kind(facts: Sequence[Any]) -> dict[str, list[tuple[int, Any]]]:
    """Typed facts grouped by kind, each with its position."""
    out: dict[str, list[tuple[int, Any]]] = {}
    for i, fact in enumerate(facts):
        out.setdefault(KIND_OF_FACT[type(fact)], []).append((i, fact))
    return out


def decide(pack: RulePack, facts: Mapping[str, pl.DataFrame], *, use_durable: bool) -> tuple[list[RuleVerdicts], str]:
    """Every rule's verdicts on ``facts`` (fact tables by kind), and the engine's name."""
    decider = Decider(pack, use_durable=use_durable)
    try:
        return decider.decide(facts), decider.engine_name
    finally:
        decider.close()
