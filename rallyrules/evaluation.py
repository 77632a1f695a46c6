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
import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

from . import _engine
from ._build import roster_facts, submission_facts, wave_facts, year_facts
from ._compile import compile_pack
from ._evaluate import condition_holds, found_value
from .consistency import consistency_findings
from .counting import Counting, count_enrolments
from .dataset import TABLES, Dataset
from .decisions import AwardInfo, ConditionResult, Decision, Finding, display_value, plain
from .errors import EngineError
from .facts import KIND_OF_FACT, CollectiveWave, IndividualWave
from .model import Award, Condition, Rule, RulePack, Text
from .selection import Candidate, select

__all__ = ["EngineChoice", "Evaluation", "Receipt", "evaluate", "inputs_digest", "subject_facts"]

EngineChoice = Literal["auto", "durable", "python"]
#: The version of the JSON form of results (``Evaluation.to_dict``).
RESULT_FORMAT = "rallyrules-result/1"
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
    counting: Counting
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
            row = rows.setdefault((d.round, d.rule_id), {"round": d.round, "rule": d.rule_id, "decisions": 0, "eligible": 0, "selected": 0})
            row["decisions"] += 1
            row["eligible"] += d.eligible
            row["selected"] += d.selected
        return sorted(rows.values(), key=lambda r: (r["round"] == AFTER_WAVES, r["round"], r["rule"]))

    def _repr_markdown_(self) -> str:
        c = self.counting
        lines = [
            f"**rallyrules evaluation** of pack `{self.pack_id}` — engine: {self.engine}",
            "",
            f"Enrolments: {c.input_total} in, {len(c.counted)} counted, {len(c.excluded)} excluded {c.excluded_by_reason()}.",
            "",
            "| round | rule | decisions | eligible / met | selected |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| {r['round']} | {r['rule']} | {r['decisions']} | {r['eligible']} | {r['selected']} |" for r in self.summary()]
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
                "counted": len(self.counting.counted),
                "excluded": len(self.counting.excluded),
                "excluded_by_reason": self.counting.excluded_by_reason(),
                "ledger": [plain(attrs.asdict(e)) for e in self.counting.excluded],
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


def subject_facts(pack: RulePack, dataset: Dataset, counting: Counting) -> list[CollectiveWave | IndividualWave]:
    """One fact per subject and wave (collectives and individuals), in a stable order."""
    return wave_facts(pack, dataset, counting)


def evaluate(
    pack: RulePack,
    dataset: Dataset,
    *,
    engine: EngineChoice = "auto",
    evaluated_at: dt.datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Evaluate every rule of ``pack`` on ``dataset``.

    ``engine``: ``"durable"`` (durable_rules decides; the Python evaluator explains and
    cross-checks), ``"python"`` (the Python evaluator decides), or ``"auto"`` (durable
    where it imports, else Python). Raises :class:`DataError` for inconsistent records,
    :class:`CompileError` for a pack the engine cannot run faithfully, and
    :class:`EngineError` if the engine loses or contradicts a decision. ``evaluated_at``
    (default: now) is recorded in the receipt; ``progress``, if given, is called with the
    name of each step as it starts (for progress bars on long runs).
    """
    step = progress or (lambda _: None)
    if engine not in ("auto", "durable", "python"):
        raise ValueError(f"engine must be 'auto', 'durable' or 'python' (got {engine!r})")
    step("counting enrolments")
    counting = count_enrolments(pack, dataset)
    step("compiling rules")
    decider = _Decider(pack, dataset, use_durable=engine == "durable" or (engine == "auto" and _engine.AVAILABLE))

    first: list[Any] = [*wave_facts(pack, dataset, counting), *submission_facts(pack, dataset), *roster_facts(pack, dataset)]
    step(f"deciding {len(first)} facts of the waves")
    decisions = decider.decide(first)
    step("applying caps")
    decisions = _apply_caps(pack, dataset, decisions)
    selected = Counter(
        d.subject_id for d in decisions if d.selected and d.award is not None and pack.award(d.award.award).round == "per-wave"
    )
    step("deciding the round after the waves")
    final = decider.decide(year_facts(pack, dataset, selected))
    decisions += _apply_caps(pack, dataset, final)
    step("checking the data's consistency")
    moment = (evaluated_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    receipt = Receipt(
        pack.id, pack.digest, pack.root, inputs_digest(dataset), dataset.source, _version(), decider.engine_name,
        moment.isoformat(timespec="seconds"),
    )  # fmt: skip
    return Evaluation(
        pack.id, pack.digest, decider.engine_name, tuple(decisions), counting, tuple(consistency_findings(pack, dataset)), receipt
    )


def inputs_digest(dataset: Dataset) -> str:
    """SHA-256 of the input records in a canonical form: per table, each record as sorted
    JSON, the records sorted — so CSV or dicts, in any order, give the same digest."""
    digest = hashlib.sha256()
    for table in TABLES:
        rows = sorted(json.dumps(attrs.asdict(r), sort_keys=True, default=str, ensure_ascii=False) for r in getattr(dataset, table))
        digest.update(f"{table}\0{len(rows)}\0".encode())
        for row in rows:
            digest.update(row.encode() + b"\n")
    return digest.hexdigest()


def _version() -> str:
    from . import __version__

    return __version__


class _Decider:
    """Decides facts with the chosen engine and explains every decision."""

    def __init__(self, pack: RulePack, dataset: Dataset, *, use_durable: bool) -> None:
        self.pack = pack
        self.names = {s.subject_id: s.name for s in dataset.subjects}
        self.subjects = {s.subject_id: s for s in dataset.subjects}
        self.rules_by_kind: dict[str, list[Rule]] = {}
        for rule in pack.rules:
            self.rules_by_kind.setdefault(rule.applies_to, []).append(rule)
        self.durable = _engine.DurableEvaluator(compile_pack(pack)) if use_durable else None
        self.engine_name = _engine.engine_version() if use_durable else PYTHON_ENGINE

    def decide(self, facts: Sequence[Any]) -> list[Decision]:
        pairs = [(KIND_OF_FACT[type(f)], attrs.asdict(f)) for f in facts]
        verdicts = self.durable.decide(pairs) if self.durable is not None else None
        decisions = []
        for ref, (kind, values) in enumerate(pairs):
            for rule in self.rules_by_kind.get(kind, ()):
                when = [_explain_condition(self.pack, rule, c, values) for c in rule.when]
                explained = tuple(_explain_condition(self.pack, rule, c, values) for c in rule.conditions)
                python_verdict = _verdict(when, explained)
                if verdicts is not None and verdicts[ref][rule.id] != python_verdict:
                    raise EngineError(
                        f"rule '{rule.id}' on {values}: the engine's verdict is {verdicts[ref][rule.id]!r}, "
                        f"the rule file's is {python_verdict!r}"
                    )
                if python_verdict[0] == "skip":
                    continue
                decisions.append(self._decision(rule, values, explained, python_verdict[0] == "pass"))
        return decisions

    def _decision(self, rule: Rule, values: Mapping[str, Any], explained: tuple[ConditionResult, ...], holds: bool) -> Decision:
        # The subject, or the unit a check is about (submissions and rosters).
        subject_id = str(values.get("subject_id") or values.get("submitter") or values.get("unit"))
        wave = values.get("wave")
        subject = self.subjects.get(subject_id)
        award = self.pack.award(rule.award) if rule.award else None
        if award is not None:
            outcome = "eligible" if holds else "not-eligible"
        else:
            outcome = "met" if holds else "not-met"
        return Decision(
            subject_id=subject_id,
            subject_name=self.names.get(subject_id, subject_id),
            level=values.get("level", subject.level if subject else ""),
            wave=wave,
            round=f"wave-{wave}" if wave is not None else AFTER_WAVES,
            rule_id=rule.id,
            rule_title=rule.title,
            outcome=outcome,  # type: ignore[arg-type]
            conditions=explained,
            citation=rule.source,
            facts=dict(values),
            award=_award_info(self.pack, award, subject, wave) if award is not None and subject is not None else None,
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


def _apply_caps(pack: RulePack, dataset: Dataset, decisions: list[Decision]) -> list[Decision]:
    """Each award decision with its selection; other decisions unchanged."""
    kinds = {s.subject_id: s.kind for s in dataset.subjects}
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, d in enumerate(decisions):
        if d.award is None:
            continue
        award = pack.award(d.award.award)
        grant = award.grant_for(d.level)
        authority = grant.authority if grant else "-"
        groups.setdefault((d.round, d.award.award, authority, d.award.scope, kinds[d.subject_id]), []).append(i)
    out = list(decisions)
    for (round_id, award_id, authority, scope, kind), members in sorted(groups.items(), key=lambda g: str(g[0])):
        caps = pack.caps_for(award_id, kind)
        cap = caps[0] if caps else None
        authority_name = pack.authority(authority).name.vi if authority != "-" else "-"
        group = f"{round_id} · {authority_name}" + (f" {scope}" if scope else "")
        base = _base(pack, dataset, award_id, authority, scope, kind)
        candidates = [
            Candidate(i, decisions[i].subject_id, kind, decisions[i].eligible, decisions[i].facts) for i in members
        ]
        for key, selection in select(candidates, cap, base=base, group=group).items():
            out[key] = attrs.evolve(out[key], selection=selection)
    return out


def _base(pack: RulePack, dataset: Dataset, award_id: str, authority: str, scope: str | None, kind: str) -> int:
    """Subjects of ``kind`` the authority awards ``award_id`` to, in ``scope``."""
    award = pack.award(award_id)
    count = 0
    for subject in dataset.subjects:
        grant = award.grant_for(subject.level)
        if subject.kind == kind and grant is not None and grant.authority == authority:
            if not grant.per_scope or subject.scope == scope:
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
