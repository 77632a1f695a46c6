"""The pipeline in one call: count -> subject facts -> engine -> explained decisions.

:func:`evaluate` is what importers and the command line use. The engine decides; the
Python evaluator explains each condition from the same rule file, and if the two ever
disagree the evaluation fails with :class:`EngineError` instead of returning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from . import _engine
from ._compile import compile_pack
from ._evaluate import condition_holds, found_value
from .counting import Counting, count_enrolments
from .dataset import Dataset
from .decisions import ConditionResult, Decision, display_value
from .errors import EngineError
from .facts import CollectiveWave
from .model import Condition, Rule, RulePack

__all__ = ["Evaluation", "EngineChoice", "evaluate", "subject_facts"]

EngineChoice = Literal["auto", "durable", "python"]
PYTHON_ENGINE = "python (rallyrules evaluator)"


@attrs.frozen(repr=False)
class Evaluation:
    """Everything one evaluation produced, and what produced it.

    ``engine`` names the engine that decided (``durable-rules 2.0.28`` or the Python
    evaluator); ``pack_digest`` identifies the exact rule files.
    """

    pack_id: str
    pack_digest: str
    engine: str
    decisions: tuple[Decision, ...]
    counting: Counting

    def for_wave(self, wave: int) -> tuple[Decision, ...]:
        """The decisions of one wave."""
        return tuple(d for d in self.decisions if d.wave == wave)

    def for_subject(self, subject_id: str) -> tuple[Decision, ...]:
        """The decisions about one subject."""
        return tuple(d for d in self.decisions if d.subject_id == subject_id)

    @property
    def eligible(self) -> tuple[Decision, ...]:
        """The decisions whose outcome is eligible."""
        return tuple(d for d in self.decisions if d.eligible)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the whole evaluation, ledger included."""
        return {
            "pack": {"id": self.pack_id, "digest": self.pack_digest},
            "engine": self.engine,
            "counting": {
                "input": self.counting.input_total,
                "counted": len(self.counting.counted),
                "excluded": len(self.counting.excluded),
                "excluded_by_reason": self.counting.excluded_by_reason(),
                "ledger": [attrs.asdict(e) for e in self.counting.excluded],
            },
            "decisions": [d.to_dict() for d in self.decisions],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8, Vietnamese kept readable), deterministic."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, sort_keys=False)

    def __repr__(self) -> str:
        return (
            f"rallyrules.Evaluation(pack={self.pack_id!r}, engine={self.engine!r}, decisions={len(self.decisions)}, "
            f"eligible={len(self.eligible)}, enrolments={self.counting.input_total})"
        )


def subject_facts(pack: RulePack, dataset: Dataset, counting: Counting) -> list[CollectiveWave]:
    """One :class:`CollectiveWave` per collective and wave, in a stable order."""
    quotas = {(q.subject_id, q.wave): q.quota for q in dataset.quotas}
    facts = []
    for wave in pack.waves:
        for subject in sorted(dataset.subjects, key=lambda s: s.subject_id):
            if subject.kind != "collective":
                continue
            facts.append(
                CollectiveWave(
                    subject_id=subject.subject_id,
                    level=subject.level,
                    wave=wave.number,
                    quota=quotas.get((subject.subject_id, wave.number), 0),
                    counted=counting.count(subject.subject_id, wave.number),
                )
            )
    return facts


def evaluate(pack: RulePack, dataset: Dataset, *, engine: EngineChoice = "auto") -> Evaluation:
    """Evaluate every rule of ``pack`` on ``dataset``.

    ``engine``: ``"durable"`` (durable_rules decides; the Python evaluator explains and
    cross-checks), ``"python"`` (the Python evaluator decides), or ``"auto"`` (durable
    where it imports, else Python). Raises :class:`DataError` for inconsistent records,
    :class:`CompileError` for a pack the engine cannot run faithfully, and
    :class:`EngineError` if the engine loses or contradicts a decision.
    """
    if engine not in ("auto", "durable", "python"):
        raise ValueError(f"engine must be 'auto', 'durable' or 'python' (got {engine!r})")
    use_durable = engine == "durable" or (engine == "auto" and _engine.AVAILABLE)
    counting = count_enrolments(pack, dataset)
    facts = subject_facts(pack, dataset, counting)
    names = {s.subject_id: s.name for s in dataset.subjects}
    kind_of = {CollectiveWave: "collective-wave"}
    pairs = [(kind_of[type(f)], attrs.asdict(f)) for f in facts]
    rules_by_kind: dict[str, list[Rule]] = {}
    for rule in pack.rules:
        rules_by_kind.setdefault(rule.applies_to, []).append(rule)

    verdicts: Mapping[int, Mapping[str, bool]] | None = None
    engine_name = PYTHON_ENGINE
    if use_durable:
        compiled = compile_pack(pack)
        verdicts = _engine.DurableEvaluator(compiled).decide(pairs)
        engine_name = _engine.engine_version()

    decisions = []
    for ref, (fact, (kind, values)) in enumerate(zip(facts, pairs)):
        for rule in rules_by_kind.get(kind, ()):
            explained = _explain(pack, rule, values)
            python_verdict = all(c.holds for c in explained)
            if verdicts is not None:
                first_failed = next((c.condition_id for c in explained if not c.holds), None)
                if verdicts[ref][rule.id] != first_failed:
                    raise EngineError(
                        f"rule '{rule.id}' on {values}: the engine's first failed condition is "
                        f"{verdicts[ref][rule.id]!r}, the rule file's is {first_failed!r}"
                    )
            decisions.append(
                Decision(
                    subject_id=fact.subject_id,
                    subject_name=names[fact.subject_id],
                    level=fact.level,
                    wave=fact.wave,
                    award=rule.award,
                    award_name=pack.award(rule.award).name,
                    rule_id=rule.id,
                    outcome="eligible" if python_verdict else "not-eligible",
                    conditions=explained,
                    citation=rule.source,
                    facts=dict(values),
                )
            )
    return Evaluation(pack.id, pack.digest, engine_name, tuple(decisions), counting)


def _explain(pack: RulePack, rule: Rule, fact: Mapping[str, Any]) -> tuple[ConditionResult, ...]:
    return tuple(_explain_condition(pack, rule, c, fact) for c in rule.conditions)


def _explain_condition(pack: RulePack, rule: Rule, condition: Condition, fact: Mapping[str, Any]) -> ConditionResult:
    holds = condition_holds(condition, fact)
    citation = pack.parameter(condition.param).source if condition.param else rule.source
    needed = None
    if condition.ratio is not None and not holds and condition.op in ("at_least", "more_than"):
        denominator = fact[condition.ratio.to]
        if denominator > 0:
            target = condition.value * denominator  # type: ignore[operator]
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
