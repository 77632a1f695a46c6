"""The pipeline in one call: count -> facts -> engine -> explained decisions -> caps.

:func:`evaluate` is what importers and the command line use:

1. count the enrolments (:mod:`rallyrules.counting`);
2. build the per-wave facts, submission facts and roster facts, and decide them;
3. apply the caps of each per-wave award, round by round and authority by authority
   (:mod:`rallyrules.selection`);
4. build the after-waves facts (with the per-wave awards each subject was *selected*
   for), decide them and apply their caps;
5. add the plan-consistency findings (:mod:`rallyrules.consistency`).

The engine decides; the Python evaluator explains each condition from the same rule
file, and if the two ever disagree the evaluation fails with :class:`EngineError`
instead of returning.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Union

import attrs

from . import _engine
from ._build import roster_facts, submission_facts, wave_facts, year_facts
from ._compile import compile_pack
from ._digest import inputs_digest_rows
from ._evaluate import condition_holds, found_value
from .consistency import consistency_findings
from .counting import Counting, count_enrolments
from .dataset import Dataset
from .decisions import AwardInfo, ConditionResult, Decision, Finding, display_value, plain
from .errors import EngineError
from .facts import KIND_OF_FACT, CollectiveWave, IndividualWave
from .model import Award, Condition, Rule, RulePack, Text
from .selection import Candidate, Selection, SelectionStatus, cap_maximum, select

if TYPE_CHECKING:
    from ._digest import inputs_digest_rows
from .columnar import ColumnarCounting, Season

#: What counting gives: :class:`Counting`, or on columns :class:`~rallyrules.columnar.ColumnarCounting`.
AnyCounting = Union[Counting, "ColumnarCounting"]

__all__ = ["EngineChoice", "Evaluation", "Receipt", "evaluate", "inputs_digest", "subject_facts"]

EngineChoice = Literal["auto", "durable", "python"]
#: The version of the JSON form of results (``Evaluation.to_dict``).
RESULT_FORMAT = "rallyrules-result/2"
PYTHON_ENGINE = "python (rallyrules evaluator)"
AFTER_WAVES = "after-waves"


@attrs.frozen
class Receipt:
    """What produced a result, so it can be re-run and confirmed (``rallyrules verify``).

    ``pack_digest`` is the SHA-256 of the rule files; ``inputs_digest`` the SHA-256 of the
    input records in a canonical form (independent of file format and record order);
    ``evaluated_at`` is when it ran (UTC, ISO 8601) — the one field that differs between
    two runs on the same inputs.
    """

    pack_id: str
    pack_digest: str
    pack_path: str
    inputs_digest: str
    inputs_source: str
    library_version: str
    engine: str
    evaluated_at: str


@attrs.frozen(repr=False)
class Evaluation:
    """Everything one evaluation produced, and what produced it.

    ``engine`` names the engine that decided (``durable-rules 2.0.28`` or the Python
    evaluator); ``receipt`` identifies the exact rule files and inputs.
    """

    pack_id: str
    pack_digest: str
    engine: str
    decisions: tuple[Decision, ...]
    counting: AnyCounting
    findings: tuple[Finding, ...] = ()
    receipt: Receipt | None = None

    def for_wave(self, wave: int) -> tuple[Decision, ...]:
        """The decisions of one wave (awards and checks)."""
        return tuple(d for d in self.decisions if d.wave == wave)

    def for_round(self, round_id: str) -> tuple[Decision, ...]:
        """The decisions of one round: ``wave-N`` or ``after-waves``."""
        return tuple(d for d in self.decisions if d.round == round_id)

    def for_subject(self, subject_id: str) -> tuple[Decision, ...]:
        """The decisions about one subject (or unit)."""
        return tuple(d for d in self.decisions if d.subject_id == subject_id)

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

    def summary(self) -> list[dict[str, Any]]:
        """Per round and rule: decisions, eligible (or met) and selected."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for d in self.decisions:
            row = rows.setdefault(
                (d.round, d.rule_id), {"round": d.round, "rule": d.rule_id, "decisions": 0, "eligible": 0, "selected": 0}
            )
            row["decisions"] += 1
            row["eligible"] += d.eligible
            row["selected"] += d.selected
        return sorted(rows.values(), key=lambda r: (r["round"] == AFTER_WAVES, r["round"], r["rule"]))

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
        """The JSON form of the whole evaluation, ledger and findings included."""
        return {
            "format": RESULT_FORMAT,
            "receipt": attrs.asdict(self.receipt) if self.receipt else None,
            "pack": {"id": self.pack_id, "digest": self.pack_digest},
            "engine": self.engine,
            "counting": {
                "input": self.counting.input_total,
                "counted": self.counting.counted_total,
                "excluded": self.counting.excluded_total,
                "excluded_by_reason": self.counting.excluded_by_reason(),
                "ledger": plain(self.counting.ledger_records()),
            },
            "decisions": [d.to_dict() for d in self.decisions],
            "findings": [plain(attrs.asdict(f)) for f in self.findings],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8, Vietnamese kept readable), deterministic."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        return (
            f"rallyrules.Evaluation(pack={self.pack_id!r}, engine={self.engine!r}, decisions={len(self.decisions)}, "
            f"eligible={len(self.eligible)}, selected={len(self.selected)}, checks_failed="
            f"{sum(not d.eligible for d in self.checks)}, enrolments={self.counting.input_total})"
        )


def subject_facts(pack: RulePack, dataset: Dataset, counting: AnyCounting) -> list[CollectiveWave | IndividualWave]:
    """One fact per subject and wave (collectives and individuals), in a stable order."""
    return wave_facts(pack, dataset, counting)


def evaluate(
    pack: RulePack,
    dataset: Dataset | Season,
    *,
    engine: EngineChoice = "auto",
    evaluated_at: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
    counting: AnyCounting | None = None,
) -> Evaluation:
    """Evaluate every rule of ``pack`` on ``dataset``.

    ``engine``: ``"durable"`` (durable_rules decides; the Python evaluator explains and
    cross-checks), ``"python"`` (the Python evaluator decides), or ``"auto"`` (durable
    where it imports, else Python). Raises :class:`DataError` for inconsistent records,
    :class:`CompileError` for a pack the engine cannot run faithfully, and
    :class:`EngineError` if the engine loses or contradicts a decision. ``evaluated_at``
    (default: now) is recorded in the receipt; ``progress``, if given, is called with the
    name of each step as it starts (for progress bars on long runs).

    ``dataset`` may also be a :class:`rallyrules.columnar.Season` (a season read on
    columns, :func:`rallyrules.columnar.load_season`): its enrolments are then counted on
    columns (:func:`rallyrules.columnar.count_enrolments_columnar`), with the same
    results. ``counting``, if given, is the counting of these records already made (by
    either function); it is not made again.
    """
    step = progress or (lambda _: None)
    if engine not in ("auto", "durable", "python"):
        raise ValueError(f"engine must be 'auto', 'durable' or 'python' (got {engine!r})")
    step("counting enrolments")
    season = dataset if not isinstance(dataset, Dataset) else None
    digesting = None
    if season is not None:
        from concurrent.futures import ThreadPoolExecutor

        from .columnar import count_enrolments_columnar

        # The receipt's digest of ~all input records runs beside the rest (polars and
        # hashlib release the GIL): on a second core it costs no time.
        pool = ThreadPoolExecutor(1, thread_name_prefix="rallyrules-digest")
        digesting = pool.submit(season.inputs_digest)
        pool.shutdown(wait=False)
        records = season.dataset
        if counting is None:
            counting = count_enrolments_columnar(pack, season)
        total = season.enrolment_count
    else:
        assert isinstance(dataset, Dataset)
        records = dataset
        if counting is None:
            counting = count_enrolments(pack, dataset)
        total = len(dataset.enrolments)
    if counting.input_total != total:
        raise ValueError(f"the counting given is of {counting.input_total} enrolments, the data has {total}")
    step("compiling rules")
    decider = _Decider(pack, records, use_durable=engine == "durable" or (engine == "auto" and _engine.AVAILABLE))

    first: list[Any] = [*wave_facts(pack, records, counting), *submission_facts(pack, records), *roster_facts(pack, records)]
    step(f"deciding {len(first)} facts of the waves")
    pending = decider.pending(first)
    step("applying caps")
    caps = _Caps(pack, records)
    decisions = caps.apply(decider, pending)
    selected = Counter(
        d.subject_id for d in decisions if d.selected and d.award is not None and pack.award(d.award.award).round == "per-wave"
    )
    step("deciding the round after the waves")
    final = decider.pending(year_facts(pack, records, selected))
    decisions += caps.apply(decider, final)
    step("checking the data's consistency")
    moment = (evaluated_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    findings = tuple(consistency_findings(pack, records))
    digest = digesting.result() if digesting is not None else inputs_digest(records)
    receipt = Receipt(
        pack.id, pack.digest, pack.root, digest, records.source, _version(), decider.engine_name,
        moment.isoformat(timespec="seconds"),
    )  # fmt: skip
    return Evaluation(pack.id, pack.digest, decider.engine_name, tuple(decisions), counting, findings, receipt)


def inputs_digest(dataset: Dataset | Season) -> str:
    """SHA-256 of the input records in a canonical form (format 2, defined in
    ``rallyrules._digest``): CSV, Excel, Parquet, frames or dicts of the same records, in
    any order, give the same digest, on the row and the columnar path alike."""
    if not isinstance(dataset, Dataset):
        return dataset.inputs_digest()
    return inputs_digest_rows(dataset)


def _version() -> str:
    from . import __version__

    return __version__


def _single_getter(name: str) -> Callable[[Any], tuple[Any, ...]]:
    """Like ``operator.attrgetter(name)``, but always a tuple (as with several names)."""
    return lambda fact: (getattr(fact, name),)


Verdict = tuple[str, str | None]
_PASS: Verdict = ("pass", None)
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "at_least": operator.ge, "more_than": operator.gt, "at_most": operator.le, "less_than": operator.lt,
    "equals": operator.eq, "not_equals": operator.ne,
}  # fmt: skip


def _fast_test(condition: Condition) -> Callable[[Mapping[str, Any]], bool]:
    """``condition_holds(condition, ·)`` without building values: a ratio ``of/to <op> n/d``
    as the integers ``of*d <op> n*to`` (for ``to > 0``: exact); other conditions as in
    :mod:`rallyrules._evaluate`. Checked against it on every decision."""
    op = condition.op
    if condition.ratio is not None:
        of, to, value = condition.ratio.of, condition.ratio.to, condition.value
        if op in _ORDER and isinstance(value, (int, Fraction)) and not isinstance(value, bool):
            n, d, compare = Fraction(value).numerator, Fraction(value).denominator, _ORDER[op]

            def ratio_holds(fact: Mapping[str, Any]) -> bool:
                denominator = fact[to]
                return bool(denominator > 0 and compare(fact[of] * d, n * denominator))

            return ratio_holds
        return lambda fact: condition_holds(condition, fact)
    field, value = str(condition.fact), condition.value
    if op in _ORDER:
        compare = _ORDER[op]

        def holds(fact: Mapping[str, Any]) -> bool:
            found = fact[field]
            return found is not None and bool(compare(found, value))

        return holds
    if op in ("one_of", "none_of"):
        inside = op == "one_of"

        def member(fact: Mapping[str, Any]) -> bool:
            found = fact[field]
            return found is not None and (found in value) == inside  # type: ignore[operator]

        return member
    return lambda fact: condition_holds(condition, fact)


class _FastRule:
    """One rule, compiled for the Python evaluator: its verdict per fact, and the fields
    its explanation depends on."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.when = [(c.id, _fast_test(c)) for c in rule.when]
        self.conditions = [(c.id, _fast_test(c)) for c in rule.conditions]
        fields: list[str] = []
        for c in (*rule.when, *rule.conditions):
            for name in (c.ratio.of, c.ratio.to) if c.ratio is not None else (c.fact,):
                if name is not None and name not in fields:
                    fields.append(name)
        self.fields = tuple(fields)

    def verdict(self, fact: Mapping[str, Any]) -> Verdict:
        for condition_id, test in self.when:
            if not test(fact):
                return ("skip", condition_id)
        for condition_id, test in self.conditions:
            if not test(fact):
                return ("fail", condition_id)
        return _PASS


_MISSING = object()


class _Pending:
    """A decided fact and rule, explained, before its Decision is made (caps come first)."""

    __slots__ = ("award", "eligible", "explained", "kind", "rule", "subject", "subject_id", "values", "wave")

    def __init__(self, rule: Rule, values: dict[str, Any], explained: tuple[ConditionResult, ...], eligible: bool,
                 subject_id: str, subject: Any, award: AwardInfo | None) -> None:  # fmt: skip
        self.rule, self.values, self.explained, self.eligible = rule, values, explained, eligible
        self.subject_id, self.subject, self.award = subject_id, subject, award
        self.wave = values.get("wave")
        self.kind = subject.kind if subject is not None else None


class _Decider:
    """Decides facts with the chosen engine and explains every decision.

    The Python evaluator's verdict (:class:`_FastRule`) and the explanation of every
    condition (``_explain_condition``, from :mod:`rallyrules._evaluate`) are both made for
    every fact and rule, and must agree with each other and with the engine's. An
    explanation depends only on the values of the fields its rule looks at, so facts with
    the same values share one (immutable) explanation.
    """

    def __init__(self, pack: RulePack, dataset: Dataset, *, use_durable: bool) -> None:
        self.pack = pack
        self.names = {s.subject_id: s.name for s in dataset.subjects}
        self.subjects = {s.subject_id: s for s in dataset.subjects}
        self.rules_by_kind: dict[str, list[_FastRule]] = {}
        for rule in pack.rules:
            self.rules_by_kind.setdefault(rule.applies_to, []).append(_FastRule(rule))
        self.durable = _engine.DurableEvaluator(compile_pack(pack)) if use_durable else None
        self.engine_name = _engine.engine_version() if use_durable else PYTHON_ENGINE
        self._explained: dict[tuple[Any, ...], tuple[Verdict, tuple[ConditionResult, ...]]] = {}
        self._awards: dict[tuple[Any, ...], AwardInfo | None] = {}
        self._getters: dict[type, tuple[tuple[str, ...], Callable[[Any], Any]]] = {}

    def _values(self, fact: Any) -> dict[str, Any]:
        cls = type(fact)
        if cls not in self._getters:
            names = tuple(f.name for f in attrs.fields(cls))
            self._getters[cls] = (
                names,
                operator.attrgetter(*names) if len(names) > 1 else _single_getter(names[0]),
            )
        names, get = self._getters[cls]
        return dict(zip(names, get(fact), strict=True))

    def verdicts(self, facts: Sequence[Any]) -> list[dict[str, Verdict]]:
        """The Python evaluator's verdicts only (no explanation): per fact, per rule id."""
        out = []
        for fact in facts:
            values = self._values(fact)
            out.append({r.rule.id: r.verdict(values) for r in self.rules_by_kind.get(KIND_OF_FACT[type(fact)], ())})
        return out

    def decide(self, facts: Sequence[Any]) -> list[Decision]:
        """Decisions on ``facts`` (without caps applied)."""
        return [self.decision(p) for p in self.pending(facts)]

    def pending(self, facts: Sequence[Any]) -> list[_Pending]:
        pairs = [(KIND_OF_FACT[type(f)], self._values(f)) for f in facts]
        verdicts = self.durable.decide(pairs) if self.durable is not None else None
        out: list[_Pending] = []
        explained_cache = self._explained
        for ref, (kind, values) in enumerate(pairs):
            for fast in self.rules_by_kind.get(kind, ()):
                rule = fast.rule
                key = (rule.id, *[values[f] for f in fast.fields])
                cached = explained_cache.get(key)
                if cached is None:
                    when = [_explain_condition(self.pack, rule, c, values) for c in rule.when]
                    explained = tuple(_explain_condition(self.pack, rule, c, values) for c in rule.conditions)
                    cached = explained_cache[key] = (_verdict(when, explained), explained)
                python_verdict, explained = cached
                fast_verdict = fast.verdict(values)
                if fast_verdict != python_verdict:  # two readings of the same rule file
                    raise EngineError(
                        f"rule '{rule.id}' on {values}: the evaluator's verdict {fast_verdict!r} and its explanation's {python_verdict!r} differ"
                    )
                if verdicts is not None and verdicts[ref][rule.id] != python_verdict:
                    raise EngineError(
                        f"rule '{rule.id}' on {values}: the engine's verdict is {verdicts[ref][rule.id]!r}, "
                        f"the rule file's is {python_verdict!r}"
                    )
                if python_verdict[0] == "skip":
                    continue
                # The subject, or the unit a check is about (submissions and rosters).
                subject_id = str(values.get("subject_id") or values.get("submitter") or values.get("unit"))
                subject = self.subjects.get(subject_id)
                award = self._award(rule, subject, values.get("wave")) if rule.award and subject is not None else None
                out.append(_Pending(rule, dict(values), explained, python_verdict[0] == "pass", subject_id, subject, award))
        return out

    def _award(self, rule: Rule, subject: Any, wave: int | None) -> AwardInfo | None:
        # Looked up once per award, level, scope and wave (one call per decision otherwise
        # costs ~2 s at national size); the info itself keeps the scope only where the
        # grant is per scope, so subjects of one level share it where it is not.
        key = (rule.award, subject.level, subject.scope, wave)
        info = self._awards.get(key, _MISSING)
        if info is _MISSING:
            info = self._awards[key] = _award_info(self.pack, self.pack.award(rule.award), subject, wave)  # type: ignore[arg-type]
        return info  # type: ignore[return-value]

    def decision(self, p: _Pending, selection: Selection | None = None) -> Decision:
        rule, values, wave = p.rule, p.values, p.wave
        outcome = ("eligible" if p.eligible else "not-eligible") if rule.award is not None else "met" if p.eligible else "not-met"
        return Decision(
            subject_id=p.subject_id,
            subject_name=self.names.get(p.subject_id, p.subject_id),
            level=values.get("level", p.subject.level if p.subject else ""),
            wave=wave,
            round=f"wave-{wave}" if wave is not None else AFTER_WAVES,
            rule_id=rule.id,
            rule_title=rule.title,
            outcome=outcome,  # type: ignore[arg-type]
            conditions=p.explained,
            citation=rule.source,
            facts=values,
            award=p.award,
            selection=selection,
        )


def _verdict(when: list[ConditionResult], conditions: tuple[ConditionResult, ...]) -> tuple[str, str | None]:
    skipped = next((c.condition_id for c in when if not c.holds), None)
    if skipped is not None:
        return ("skip", skipped)
    failed = next((c.condition_id for c in conditions if not c.holds), None)
    return ("fail", failed) if failed is not None else ("pass", None)


def _award_info(pack: RulePack, award: Award, subject: Any, wave: int | None) -> AwardInfo | None:
    grant = award.grant_for(subject.level)
    if grant is None:
        return None
    occasion = award.presented.otherwise if award.presented else Text("", "")
    if award.presented is not None and award.presented.next_rally and wave is not None:
        following = [w for w in pack.waves if w.number == wave + 1]
        if following:
            nxt = following[0]
            occasion = Text(
                f"Lễ ra quân {nxt.name.vi} ({nxt.rally_date:%d/%m/%Y}), {nxt.venue}",
                f"the rally of {nxt.name.en} ({nxt.rally_date.isoformat()}), {nxt.venue}",
            )
    return AwardInfo(
        award=award.id,
        name=award.name,
        authority=pack.authority(grant.authority).name,
        scope=subject.scope if grant.per_scope else None,
        fund=pack.fund(grant.fund).name,
        occasion=occasion,
        proposed_by=grant.proposed_by,
    )


class _Caps:
    """Applies the caps of each award round, authority and kind of subject (as
    :func:`rallyrules.selection.select` does), counting each base once per data set."""

    def __init__(self, pack: RulePack, dataset: Dataset) -> None:
        self.pack = pack
        self.kinds = {s.subject_id: s.kind for s in dataset.subjects}
        # base(award, authority, scope, kind) = subjects the authority awards without a
        # scope + those of that scope (see _base).
        self.unscoped: Counter[tuple[str, str, str]] = Counter()
        self.scoped: Counter[tuple[str, str, str | None, str]] = Counter()
        for award in pack.awards:
            grants = {g.level: g for g in award.grants}
            for subject in dataset.subjects:
                grant = grants.get(subject.level)
                if grant is None:
                    continue
                if grant.per_scope:
                    self.scoped[(award.id, grant.authority, subject.scope, subject.kind)] += 1
                else:
                    self.unscoped[(award.id, grant.authority, subject.kind)] += 1

    def base(self, award_id: str, authority: str, scope: str | None, kind: str) -> int:
        return self.unscoped[(award_id, authority, kind)] + self.scoped[(award_id, authority, scope, kind)]

    def apply(self, decider: _Decider, pending: list[_Pending]) -> list[Decision]:
        """Each pending decision as a Decision, with its selection when it is an award's."""
        pack = self.pack
        groups: dict[tuple[Any, ...], list[int]] = {}
        for i, p in enumerate(pending):
            if p.award is None:
                continue
            grant = pack.award(p.award.award).grant_for(p.values.get("level", p.subject.level if p.subject else ""))
            authority = grant.authority if grant else "-"
            round_id = f"wave-{p.wave}" if p.wave is not None else AFTER_WAVES
            groups.setdefault((round_id, p.award.award, authority, p.award.scope, self.kinds[p.subject_id]), []).append(i)
        selections: dict[int, Selection] = {}
        for (round_id, award_id, authority, scope, kind), members in sorted(groups.items(), key=lambda g: str(g[0])):
            caps = pack.caps_for(award_id, kind)
            cap = caps[0] if caps else None
            authority_name = pack.authority(authority).name.vi if authority != "-" else "-"
            group = f"{round_id} · {authority_name}" + (f" {scope}" if scope else "")
            base = self.base(award_id, authority, scope, kind) if authority != "-" else 0
            candidates = [Candidate(i, pending[i].subject_id, kind, pending[i].eligible, pending[i].values) for i in members]
            selections.update(_select(candidates, cap, base=base, group=group))
        return [decider.decision(p, selections.get(i)) for i, p in enumerate(pending)]


def _select(candidates: list[Candidate], cap: Any, *, base: int, group: str) -> dict[Any, Selection]:
    """:func:`rallyrules.selection.select`, with a sort key of plain numbers where that is
    exact: a ratio ``of/to`` as the float ``of/to`` when every ``|of| * to`` of the group
    is below 2**52 (two different fractions then give two floats in the same order, equal
    ones the same float). Anything else is left to ``select``."""
    if cap is None:
        return select(candidates, cap, base=base, group=group)
    eligible = [c for c in candidates if c.eligible]
    keys = _fast_rank_keys(cap.ranking, eligible)
    if keys is None:
        return select(candidates, cap, base=base, group=group)
    kind = candidates[0].subject_kind if candidates else ""
    counted_base = base if cap.base == "subjects-in-scope" else len(eligible)
    maximum = cap_maximum(cap, counted_base)
    order = sorted(range(len(eligible)), key=lambda i: (keys[i], eligible[i].subject_id))
    rate = f"{cap.rate.numerator}/{cap.rate.denominator}"
    out: dict[Any, Selection] = {}
    for place, i in enumerate(order, 1):
        status: SelectionStatus = "selected" if place <= maximum else "not-selected"
        out[eligible[i].key] = Selection(status, group, kind, cap.id, place, len(eligible), maximum, counted_base, rate)
    for c in candidates:
        if not c.eligible:
            out[c.key] = Selection("not-eligible", group, kind, cap.id, None, len(eligible), maximum, counted_base, rate)
    return out


def _fast_rank_keys(ranking: Sequence[Any], eligible: list[Candidate]) -> list[tuple[Any, ...]] | None:
    columns: list[list[Any]] = []
    for key in ranking:
        if key.by == "ratio":
            pairs = [(c.facts[key.of], c.facts[key.to]) for c in eligible]
            if not all(type(a) is int and type(b) is int for a, b in pairs):
                return None
            if pairs and max(abs(a) for a, _ in pairs) * max(abs(b) for _, b in pairs) >= 2**52:
                return None
            sign = -1.0 if key.order == "descending" else 1.0
            columns.append([(False, sign * (a / b)) if b > 0 else (True, 0.0) for a, b in pairs])
        elif key.by == "difference":
            values = [c.facts[key.of] - c.facts[key.to] for c in eligible]
            if not all(type(v) is int for v in values):
                return None
            columns.append([(False, -v if key.order == "descending" else v) for v in values])
        else:
            values = [c.facts[key.field] for c in eligible]
            if all(type(v) is int for v in values):
                columns.append([(False, -v if key.order == "descending" else v) for v in values])
            elif all(type(v) is str for v in values) and key.order == "ascending":
                columns.append([(False, v) for v in values])
            else:
                return None
    return [tuple(column[i] for column in columns) for i in range(len(eligible))]


def _base(pack: RulePack, dataset: Dataset, award_id: str, authority: str, scope: str | None, kind: str) -> int:
    """Subjects of ``kind`` the authority awards ``award_id`` to, in ``scope``."""
    award = pack.award(award_id)
    count = 0
    for subject in dataset.subjects:
        grant = award.grant_for(subject.level)
        in_scope = grant is not None and (not grant.per_scope or subject.scope == scope)
        if subject.kind == kind and in_scope and grant is not None and grant.authority == authority:
            count += 1
    return count


def _explain_condition(pack: RulePack, rule: Rule, condition: Condition, fact: Mapping[str, Any]) -> ConditionResult:
    holds = condition_holds(condition, fact)
    citation = pack.parameter(condition.param).source if condition.param else rule.source
    needed = None
    if condition.ratio is not None and not holds and condition.op in ("at_least", "more_than"):
        denominator = fact[condition.ratio.to]
        if denominator > 0:
            target = condition.value * denominator
            # at_least: smallest n with n >= target; more_than: smallest n with n > target
            least = math.ceil(target) if condition.op == "at_least" else math.floor(target) + 1
            needed = least - fact[condition.ratio.of]
    found = found_value(condition, fact)
    found_text = display_value(found)
    if condition.ratio is not None:
        of, to = fact[condition.ratio.of], fact[condition.ratio.to]
        if found is None:
            found_text = f"{of}/{to} (undefined: '{condition.ratio.to}' is not more than 0)"
        elif (found.numerator, found.denominator) != (of, to):  # in lowest terms it already reads "of/to"
            found_text = f"{of}/{to} = {found_text}"
    return ConditionResult(
        condition_id=condition.id,
        holds=holds,
        says=condition.says,
        subject=condition.subject,
        op=condition.op,
        found=found_text,
        required=display_value(condition.value),
        citation=citation,
        param=condition.param,
        needed=needed,
    )
