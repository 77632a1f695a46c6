"""The pipeline in one call, and what it produced.

:func:`evaluate` walks a data set through each stage once, each stage a module:

1. read (:mod:`rallyrules.dataset`, done by whoever built the data set) and check, count
   and digest in one pass over the enrolments (:func:`rallyrules.check_dataset`,
   :mod:`rallyrules.count`);
2. build the facts of the waves' round (:mod:`rallyrules._build`) and decide them
   (:mod:`rallyrules.decide`: the engine, cross-checked by two Python readings);
3. apply the caps of each per-wave award, round by round and authority by authority
   (:mod:`rallyrules.selection`);
4. build the after-waves facts (with the per-wave awards each subject was *selected*
   for), decide them and apply their caps;
5. add the plan-consistency findings (:mod:`rallyrules.consistency`) and the receipt.

The decisions stay a table (verdicts and selections as columns); a
:class:`~rallyrules.Decision` with its explanation is made only for what is asked
(:mod:`rallyrules.explain`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import polars as pl

from . import _engine
from ._build import SEQ, round_one_facts, year_facts
from ._digest import digest_of, inputs_digest_of_tables
from .consistency import consistency_findings
from .count import Counting
from .dataset import Dataset, check_dataset
from .decide import PYTHON_ENGINE, Decider, RuleVerdicts, facts_frame
from .decisions import Decision, Finding, decision_id, plain
from .explain import AFTER_WAVES, Explainer
from .facts import FACT_KINDS, KIND_OF_FACT, CollectiveWave, IndividualWave
from .model import Rule, RulePack
from .selection import Selection, select_round, subject_bases

__all__ = ["EngineChoice", "Evaluation", "Receipt", "evaluate", "inputs_digest", "subject_facts"]

EngineChoice = Literal["auto", "durable", "python"]
#: The version of the JSON form of results (``Evaluation.to_dict``; ``docs/results.md``).
RESULT_FORMAT = "rallyrules-result/4"
__all__ += ["AFTER_WAVES", "PYTHON_ENGINE", "RESULT_FORMAT"]


@attrs.frozen
class Receipt:
    """What produced a result, so that anyone can re-run and confirm it (``rallyrules verify``)
    on any machine: nothing in it is a local path.

    ``pack_digest`` is the SHA-256 of the rule files (:attr:`RulePack.digest`), and of the
    other readings chosen when ``choices`` names any (``{interpretation id: alternative
    id}``, in the pack's order; empty: the pack's own readings, :meth:`RulePack.choose`);
    ``inputs_digest`` the SHA-256 of the input records in a canonical form (independent of
    file format and record order: ``docs/results.md``); ``inputs`` the number of records of
    each table, or ``"absent"`` for an optional table that was not given (not the same as
    empty); ``engine`` the engine that decided; ``evaluated_at`` when it ran (UTC, ISO 8601,
    seconds) — the one field that differs between two runs on the same inputs, and the one
    field ``verify`` cannot check.
    """

    pack_id: str
    pack_digest: str
    choices: dict[str, str]
    inputs_digest: str
    inputs: dict[str, int | str]
    library_version: str
    engine: str
    evaluated_at: str


@attrs.frozen
class _RuleTable:
    """One rule's decisions in one round: its verdict table (with selections for an award)."""

    rule: Rule
    order: int  # the rule's place in the pack
    frame: pl.DataFrame
    final: bool  # the after-waves round


class Evaluation:
    """Everything one evaluation produced, and what produced it.

    ``engine`` names the engine that decided (``durable-rules 2.0.28`` or the Python
    evaluator); ``receipt`` identifies the exact rule files and inputs. The decisions are
    kept as a table: :attr:`decisions` (every one, in a stable order), :meth:`for_subject`,
    :meth:`for_round` and :meth:`for_wave` make :class:`~rallyrules.Decision` values with
    their explanations when asked; :meth:`decision_frame` gives them as one polars table.
    """

    def __init__(
        self, pack: RulePack, dataset: Dataset, counting: Counting, tables: Sequence[_RuleTable], findings: Sequence[Finding],
        receipt: Receipt | None, engine: str,
    ) -> None:  # fmt: skip
        self.pack = pack
        self.dataset = dataset
        self.pack_id = pack.id
        self.pack_digest = pack.digest
        self.engine = engine
        self.counting = counting
        self.findings = tuple(findings)
        self.receipt = receipt
        self._tables = tuple(tables)
        subjects = dataset.frame("subjects").filter(pl.col("subject_id").is_first_distinct())
        ids = subjects.get_column("subject_id").to_list()
        self._explainer = Explainer(
            pack,
            dict(zip(ids, subjects.get_column("name").to_list(), strict=True)),
            dict(zip(ids, subjects.get_column("level").to_list(), strict=True)),
            dict(zip(ids, subjects.get_column("scope").to_list(), strict=True)),
            dataset.unit_names(),
        )
        self._all: tuple[Decision, ...] | None = None

    # -- decisions, made when asked ---------------------------------------------------------------

    def _decisions(self, where: Callable[[_RuleTable], pl.Expr | None] | None = None) -> Iterator[Decision]:
        """The decisions (of the rows ``where`` selects), in order: round by round, fact by
        fact, and for each fact its rules in the pack's order."""
        for final in (False, True):
            chosen = [t for t in self._tables if t.final == final]
            parts = []
            for index, table in enumerate(chosen):
                frame = table.frame
                condition = where(table) if where is not None else None
                if condition is not None:
                    frame = frame.filter(condition)
                if frame.height:
                    parts.append(
                        frame.select(SEQ).with_columns(__t=pl.lit(index), __o=pl.lit(table.order), __i=pl.int_range(0, pl.len()))
                    )
            if not parts:
                continue
            order = pl.concat(parts).sort(SEQ, "__o")
            rows: dict[int, list[dict[str, Any]]] = {}
            for index, table in enumerate(chosen):
                condition = where(table) if where is not None else None
                rows[index] = (table.frame.filter(condition) if condition is not None else table.frame).to_dicts()
            for t, i in order.select("__t", "__i").iter_rows():
                yield self._decision(chosen[t].rule, rows[t][i])

    def _decision(self, rule: Rule, row: dict[str, Any]) -> Decision:
        values = {n: row[n] for n in _FIELDS[rule.applies_to]}
        selection = None
        if row.get("__award"):
            selection = Selection(
                row["__status"], row["__group"], row["__kind"], row["__cap"], row["__rank"] if row["__status"] != "not-eligible" else None,
                row["__eligible"] if row["__cap"] is not None else None, row["__maximum"], row["__base"], row["__rate"],
            )  # fmt: skip
        return self._explainer.decision(rule, values, row["passed"], row["failed"], selection)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every decision, in a stable order (made on first use)."""
        if self._all is None:
            self._all = tuple(self._decisions())
        return self._all

    def for_wave(self, wave: int) -> tuple[Decision, ...]:
        """The decisions of one wave (awards and checks)."""
        return tuple(self._decisions(lambda t: pl.lit(False) if t.final else pl.col("wave") == wave))

    def for_round(self, round_id: str) -> tuple[Decision, ...]:
        """The decisions of one round: ``wave-N`` or ``after-waves``."""
        if round_id == AFTER_WAVES:
            return tuple(self._decisions(lambda t: None if t.final else pl.lit(False)))
        prefix, _, number = round_id.partition("-")
        if prefix != "wave" or not number.isdigit():
            return ()
        return self.for_wave(int(number))

    def for_subject(self, subject_id: str) -> tuple[Decision, ...]:
        """The decisions about one subject (or unit)."""

        def mine(table: _RuleTable) -> pl.Expr:
            column = next(c for c in ("subject_id", "submitter", "unit") if c in table.frame.columns)
            return pl.col(column) == subject_id

        return tuple(self._decisions(mine))

    @property
    def awards(self) -> tuple[Decision, ...]:
        """The decisions of award rules."""
        return tuple(d for d in self.decisions if d.award is not None)

    @property
    def checks(self) -> tuple[Decision, ...]:
        """The decisions of check rules (deadlines, rosters)."""
        return tuple(d for d in self.decisions if d.award is None)

    @property
    def eligible(self) -> tuple[Decision, ...]:
        """The award decisions whose outcome is eligible."""
        return tuple(d for d in self.awards if d.eligible)

    @property
    def selected(self) -> tuple[Decision, ...]:
        """The award decisions that give the award (eligible and within the cap)."""
        return tuple(d for d in self.awards if d.selected)

    def explain(self, subject_id: str, lang: str = "en") -> str:
        """Why, clause by clause, every decision about one subject (or unit) came out as it did."""
        decisions = self.for_subject(subject_id)
        if not decisions:
            raise KeyError(f"no decision about '{subject_id}'")
        return "\n\n".join(d.explain(lang) for d in decisions)

    # -- the table --------------------------------------------------------------------------------

    def table(self, rule_id: str) -> pl.DataFrame:
        """The decisions of one rule as a polars table: the facts decided on (one column
        per field), ``round``, ``outcome``, ``failed`` (the first condition not met) and, for
        an award, ``selection``, ``rank``, ``eligible`` (in the group), ``maximum``, ``base``
        and ``group``. Raises KeyError for a rule that made no decision."""
        tables = [t for t in self._tables if t.rule.id == rule_id]
        if not tables:
            raise KeyError(f"no decision of rule '{rule_id}'")
        award = tables[0].rule.award is not None
        parts = []
        for t in tables:
            fields = list(_FIELDS[t.rule.applies_to])
            selection = (
                [pl.col("__status").alias("selection"), pl.col("__rank").alias("rank"), pl.col("__eligible").alias("eligible"),
                 pl.col("__maximum").alias("maximum"), pl.col("__base").alias("base"), pl.col("__group").alias("group")]
                if award else []
            )  # fmt: skip
            parts.append(
                t.frame.sort(SEQ).select(
                    *fields,
                    (pl.lit(AFTER_WAVES) if t.final else pl.format("wave-{}", pl.col("wave"))).alias("round"),
                    pl.when(pl.col("passed"))
                    .then(pl.lit("eligible" if award else "met"))
                    .otherwise(pl.lit("not-eligible" if award else "not-met"))
                    .alias("outcome"),
                    "failed",
                    *selection,
                )
            )
        return pl.concat(parts, how="vertical_relaxed")

    def decision_frame(self) -> pl.DataFrame:
        """Every decision as one row of a polars table, without explanations: ``subject_id``,
        ``round``, ``wave``, ``rule_id``, ``award``, ``outcome``, ``failed`` (the first
        condition not met), ``selection``, ``rank``, ``eligible``, ``maximum``, ``base``,
        ``group``; in the order of :attr:`decisions`."""
        parts = []
        for table in self._tables:
            frame = table.frame
            who = next(c for c in ("subject_id", "submitter", "unit") if c in frame.columns)
            award = table.rule.award is not None
            parts.append(
                frame.select(
                    pl.lit(table.final).alias("__final"),
                    SEQ,
                    pl.lit(table.order).alias("__o"),
                    pl.col(who).alias("subject_id"),
                    (pl.lit(AFTER_WAVES) if table.final else pl.format("wave-{}", pl.col("wave"))).alias("round"),
                    (pl.lit(None, pl.Int64) if table.final else pl.col("wave")).alias("wave"),
                    pl.lit(table.rule.id).alias("rule_id"),
                    pl.lit(table.rule.award, pl.String).alias("award"),
                    pl.when(pl.col("passed"))
                    .then(pl.lit("eligible" if award else "met"))
                    .otherwise(pl.lit("not-eligible" if award else "not-met"))
                    .alias("outcome"),
                    pl.col("failed"),
                    *(
                        [
                            pl.col("__status").alias("selection"),
                            pl.col("__rank").alias("rank"),
                            pl.col("__eligible").alias("eligible"),
                            pl.col("__maximum").alias("maximum"),
                            pl.col("__base").alias("base"),
                            pl.col("__group").alias("group"),
                        ]
                        if award
                        else [
                            pl.lit(None, pl.String).alias(c) if c in ("selection", "group") else pl.lit(None, pl.Int64).alias(c)
                            for c in ("selection", "rank", "eligible", "maximum", "base", "group")
                        ]
                    ),
                )
            )
        if not parts:
            return pl.DataFrame()
        frame = pl.concat(parts, how="vertical_relaxed").sort("__final", SEQ, "__o")
        return frame.drop("__final", SEQ, "__o")

    def summary(self) -> list[dict[str, Any]]:
        """Per round and rule: decisions, eligible (or met) and selected."""
        frame = self.decision_frame()
        if not frame.height:
            return []
        rows = (
            frame.group_by("round", "rule_id")
            .agg(
                pl.len().alias("decisions"),
                pl.col("outcome").is_in(["eligible", "met"]).sum().alias("eligible"),
                (pl.col("selection") == "selected").sum().alias("selected"),
            )
            .rename({"rule_id": "rule"})
            .to_dicts()
        )
        return sorted(
            ({k: int(v) if isinstance(v, (int, np.integer)) and k != "round" else v for k, v in r.items()} for r in rows),
            key=lambda r: (r["round"] == AFTER_WAVES, r["round"], r["rule"]),
        )

    def _repr_markdown_(self) -> str:
        c = self.counting
        lines = [
            f"**rallyrules evaluation** of pack `{self.pack_id}` — engine: {self.engine}",
            "",
            f"Enrolments: {c.input_total} in, {c.counted_total} counted, {c.excluded_total} excluded {c.excluded_by_reason()}.",
            "",
            "| round | rule | decisions | eligible / met | selected |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['round']} | {r['rule']} | {r['decisions']} | {r['eligible']} | {r['selected']} |" for r in self.summary()
        ]
        if self.findings:
            lines += ["", f"{len(self.findings)} data finding(s): " + "; ".join(f.message for f in self.findings[:3])]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from markdown_it import MarkdownIt

        html: str = MarkdownIt("commonmark", {"html": False}).enable("table").render(self._repr_markdown_())
        return html

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the whole evaluation (format :data:`RESULT_FORMAT`, described by
        ``docs/result.schema.json``): the receipt (the one place of the pack, the inputs, the
        engine and the time), the counting with its ledger, every decision with its ``id``,
        and the data findings. Only plain JSON values: a result read back from its JSON
        compares equal to this."""
        return {
            "format": RESULT_FORMAT,
            "receipt": attrs.asdict(self.receipt) if self.receipt else None,
            "counting": {
                "input": self.counting.input_total,
                "counted": self.counting.counted_total,
                "excluded": self.counting.excluded_total,
                "excluded_by_reason": self.counting.excluded_by_reason(),
                "ledger": plain(self.counting.ledger_records()),
            },
            "decisions": [self._with_id(d.to_dict()) for d in self.decisions],
            "findings": [f.to_dict() for f in self.findings],
        }

    def _with_id(self, decision: dict[str, Any]) -> dict[str, Any]:
        """A decision's JSON form with its stable id first (:func:`rallyrules.decisions.decision_id`)."""
        digest = self.receipt.inputs_digest if self.receipt is not None else ""
        ident = decision_id(self.pack_digest, digest, decision["round"], decision["rule_id"], decision["subject_id"])
        return {"id": ident, **decision}

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8, Vietnamese kept readable), deterministic;
        ``indent=None`` gives the compact form (one line, no space after ``,`` and ``:``)."""
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        frame = self.decision_frame()
        awards = frame.filter(pl.col("award").is_not_null()) if frame.height else frame
        checks = frame.filter(pl.col("award").is_null()) if frame.height else frame
        eligible = int((awards.get_column("outcome") == "eligible").sum()) if frame.height else 0
        selected = int((awards.get_column("selection") == "selected").sum()) if frame.height else 0
        failed = int((checks.get_column("outcome") == "not-met").sum()) if frame.height else 0
        return (
            f"rallyrules.Evaluation(pack={self.pack_id!r}, engine={self.engine!r}, decisions={frame.height}, "
            f"eligible={eligible}, selected={selected}, checks_failed={failed}, enrolments={self.counting.input_total})"
        )


_FIELDS = {kind: tuple(attrs.fields_dict(cls)) for kind, cls in FACT_KINDS.items()}


def subject_facts(pack: RulePack, dataset: Dataset, counting: Counting) -> list[CollectiveWave | IndividualWave]:
    """One fact per subject and wave (collectives and individuals), in a stable order."""
    facts = round_one_facts(pack, dataset, counting)
    rows: list[tuple[int, CollectiveWave | IndividualWave]] = [
        (r[SEQ], CollectiveWave(*[r[f] for f in _FIELDS["collective-wave"]])) for r in facts["collective-wave"].to_dicts()
    ]
    rows += [(r[SEQ], IndividualWave(*[r[f] for f in _FIELDS["individual-wave"]])) for r in facts["individual-wave"].to_dicts()]
    return [fact for _, fact in sorted(rows, key=lambda r: r[0])]


def evaluate(
    pack: RulePack,
    dataset: Dataset,
    *,
    engine: EngineChoice = "auto",
    evaluated_at: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Evaluate every rule of ``pack`` on ``dataset``.

    ``engine``: ``"durable"`` (durable_rules decides; the Python evaluators cross-check),
    ``"python"`` (the Python evaluator decides), or ``"auto"`` (durable where it imports,
    else Python). Raises :class:`DataError` for bad or inconsistent records (every problem
    of every table at once), :class:`CompileError` for a pack the engine cannot run
    faithfully, and :class:`EngineError` if the engine loses or contradicts a decision.
    ``evaluated_at`` (default: now) is recorded in the receipt; ``progress``, if given, is
    called with the name of each step as it starts (for progress bars on long runs).
    """
    step = progress or (lambda _: None)
    if engine not in ("auto", "durable", "python"):
        raise ValueError(f"engine must be 'auto', 'durable' or 'python' (got {engine!r})")
    step("checking and counting the records")
    checked = check_dataset(pack, dataset, digest=True)
    dataset, counting = checked.dataset, checked.counting
    step("compiling rules")
    decider = Decider(pack, use_durable=engine == "durable" or (engine == "auto" and _engine.AVAILABLE))
    try:
        facts = round_one_facts(pack, dataset, counting)
        step(f"deciding {sum(f.height for f in facts.values())} facts of the waves")
        first = decider.decide(facts)
        step("applying caps")
        subjects = dataset.frame("subjects")
        bases = subject_bases(pack, subjects)
        tables = _select(pack, first, subjects, bases, final=False)
        selected: dict[str, int] = {}
        eligible: dict[str, int] = {}
        for table in tables:
            if table.rule.award is not None and pack.award(table.rule.award).round == "per-wave":
                for status, into in (("selected", selected), (None, eligible)):
                    chosen = pl.col("__status") == status if status is not None else pl.col("passed") & pl.col("__award")
                    for subject_id, n in table.frame.filter(chosen).group_by("subject_id").len().iter_rows():
                        into[subject_id] = into.get(subject_id, 0) + n
        step("deciding the round after the waves")
        final = decider.decide({"subject-year": year_facts(pack, dataset, selected, eligible)})
        tables += _select(pack, final, subjects, bases, final=True)
        engine_name = decider.engine_name
    finally:
        decider.close()
    step("checking the data's consistency")
    moment = (evaluated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    findings = tuple(consistency_findings(pack, dataset))
    assert checked.digest is not None
    receipt = Receipt(
        pack.id,
        pack.digest,
        dict(pack.choices),
        checked.digest,
        table_sizes(dataset, counting),
        _version(),
        engine_name,
        moment.isoformat(timespec="seconds"),
    )
    return Evaluation(pack, dataset, counting, tables, findings, receipt, engine_name)


def table_sizes(dataset: Dataset, counting: Counting) -> dict[str, int | str]:
    """Per table (in the order of ``rallyrules.dataset.TABLES``), its number of records, or
    ``"absent"`` for an optional table not given."""
    from .dataset import TABLES

    return {
        t: "absent" if t in dataset.absent else counting.input_total if t == "enrolments" else dataset.frame(t).height
        for t in TABLES
    }


def _select(pack: RulePack, verdicts: list[RuleVerdicts], subjects: pl.DataFrame, bases: Any, *, final: bool) -> list[_RuleTable]:
    """Each rule's verdicts with the selection of its award applied, round by round."""
    order = {rule.id: i for i, rule in enumerate(pack.rules)}
    if final:
        rounds = {AFTER_WAVES: verdicts}
    else:
        rounds = {
            f"wave-{w.number}": [RuleVerdicts(v.rule, v.kind, v.frame.filter(pl.col("wave") == w.number)) for v in verdicts]
            for w in pack.waves
        }
    chosen: dict[str, list[pl.DataFrame]] = {}
    for round_id, part in rounds.items():
        selections = select_round(pack, round_id, part, subjects, bases)
        for v in part:
            chosen.setdefault(v.rule.id, []).append(selections.get(v.rule.id, v.frame))
    out = []
    for v in verdicts:
        frames = chosen.get(v.rule.id, [v.frame])
        out.append(
            _RuleTable(
                v.rule, order[v.rule.id], pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0], final
            )
        )
    return out


def inputs_digest(dataset: Dataset, pack: RulePack | None = None) -> str:
    """SHA-256 of the input records in a canonical form (format 3, defined in
    ``rallyrules._digest``): CSV, Excel, Parquet, frames or dicts of the same records, in
    any order, read whole or streamed, give the same digest; an absent optional table and
    an empty one give different digests. With ``pack``, enumerated values given by the
    pack's names are read as their ids first (as the receipt's digest is)."""
    if pack is not None:
        digest = check_dataset(pack, dataset, digest=True).digest
        assert digest is not None
        return digest
    from .dataset import TABLES

    parts = {t: None if t in dataset.absent else digest_of(t, dataset.frame(t)) for t in TABLES}
    return inputs_digest_of_tables(parts)


def decide_facts(pack: RulePack, facts: Sequence[Any], *, engine: EngineChoice = "python") -> list[Decision]:
    """The decisions of every rule on typed facts (:class:`~rallyrules.CollectiveWave`…),
    without caps: for scenario files and tests. Skipped rules make no decision. The facts'
    subjects are unknown, so decisions carry no award details."""
    decider = Decider(pack, use_durable=engine == "durable" or (engine == "auto" and _engine.AVAILABLE))
    try:
        frames: dict[str, pl.DataFrame] = {}
        positions: dict[str, list[int]] = {}
        for i, fact in enumerate(facts):
            positions.setdefault(KIND_OF_FACT[type(fact)], []).append(i)
        for kind, where in positions.items():
            frame = facts_frame(kind, [facts[i] for i in where])
            frames[kind] = frame.with_columns(pl.Series(SEQ, where, dtype=pl.Int64))
        verdicts = decider.decide(frames)
    finally:
        decider.close()
    explainer = Explainer(pack, {}, {}, {})
    order = {rule.id: i for i, rule in enumerate(pack.rules)}
    made = []
    for v in verdicts:
        for row in v.frame.to_dicts():
            values = {n: row[n] for n in _FIELDS[v.kind]}
            made.append((row[SEQ], order[v.rule.id], explainer.decision(v.rule, values, row["passed"], row["failed"], None)))
    return [d for _, _, d in sorted(made, key=lambda m: (m[0], m[1]))]


def _version() -> str:
    from . import __version__

    return __version__
