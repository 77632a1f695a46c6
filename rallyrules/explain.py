"""Decisions made on demand from the decision table, each explaining itself.

An evaluation keeps its decisions as columns (verdicts, selections); a
:class:`~rallyrules.Decision` — every condition with the value found, the value required
and the words of the plan behind it — is made only for the decisions someone asks for
(:meth:`rallyrules.Evaluation.for_subject`, ``explain``, ``to_json``…). An explanation
depends only on the rule and the values of the fields it reads, so facts with the same
values share one (immutable) explanation; the explanation's verdict must be the table's,
or :class:`~rallyrules.EngineError` is raised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ._evaluate import condition_holds, found_value
from ._naming import AFTER_WAVES, Naming
from .decisions import AwardInfo, ConditionResult, ConditionWords, Decision, display_value, json_value
from .errors import EngineError
from .model import Award, Condition, Rule, RulePack, Text
from .selection import Selection
from .text import date

__all__ = ["AFTER_WAVES", "Explainer", "explain_condition"]


class Explainer:
    """Makes the decisions of one evaluation: explanations and award details looked up
    once per distinct input and shared."""

    def __init__(
        self, pack: RulePack, names: Mapping[str, str], levels: Mapping[str, str], scopes: Mapping[str, str | None],
        unit_names: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        self.pack = pack
        self.names = names
        self.levels = levels
        self.scopes = scopes
        #: How the decisions name subjects, units, areas, fields and values (rallyrules._naming).
        self.naming = Naming(pack, names, unit_names)
        self._explained: dict[tuple[Any, ...], tuple[ConditionResult, ...]] = {}
        self._awards: dict[tuple[Any, ...], AwardInfo | None] = {}
        self._fields: dict[str, tuple[str, ...]] = {}

    def conditions(self, rule: Rule, values: Mapping[str, Any]) -> tuple[ConditionResult, ...]:
        """Every condition of ``rule`` explained on a fact's ``values``."""
        fields = self._fields.get(rule.id)
        if fields is None:
            from .decide import fields_read

            fields = self._fields[rule.id] = tuple(dict.fromkeys([*fields_read([rule]), *_naming_fields(self.pack, rule)]))
        key = (rule.id, *[values.get(f) for f in fields])
        explained = self._explained.get(key)
        if explained is None:
            seen = {f: values.get(f) for f in fields}
            explained = self._explained[key] = tuple(
                explain_condition(self.pack, rule, c, values, words=ConditionWords(self.naming, rule.applies_to, c, seen))
                for c in rule.conditions
            )
        return explained

    def award(self, rule: Rule, subject_id: str, wave: int | None) -> AwardInfo | None:
        """Who awards ``rule``'s award to the subject, from which fund, and when."""
        if rule.award is None or subject_id not in self.levels:
            return None
        level, scope = self.levels[subject_id], self.scopes.get(subject_id)
        key = (rule.award, level, scope, wave)
        if key not in self._awards:
            self._awards[key] = award_info(self.pack, self.pack.award(rule.award), level, scope, wave)
        return self._awards[key]

    def decision(
        self, rule: Rule, values: Mapping[str, Any], passed: bool, failed: str | None, selection: Selection | None
    ) -> Decision:
        """The decision of ``rule`` on one fact, with its verdict (``passed``, the first
        ``failed`` condition) and its selection."""
        conditions = self.conditions(rule, values)
        first = next((c.condition_id for c in conditions if not c.holds), None)
        if (first is None) != passed or (not passed and first != failed):
            raise EngineError(
                f"rule '{rule.id}' on {dict(values)}: the explanation's verdict differs from the table's ({failed!r})"
            )
        subject_id = str(values.get("subject_id") or values.get("submitter") or values.get("unit"))
        wave = values.get("wave")
        award = rule.award is not None
        outcome = ("eligible" if passed else "not-eligible") if award else ("met" if passed else "not-met")
        return Decision(
            subject_id=subject_id,
            subject_name=self.names.get(subject_id, subject_id),
            level=values.get("level", self.levels.get(subject_id, "")),
            wave=wave,
            round=f"wave-{wave}" if wave is not None else AFTER_WAVES,
            rule_id=rule.id,
            rule_title=rule.title,
            outcome=outcome,  # type: ignore[arg-type]
            conditions=conditions,
            citation=rule.source,
            facts=dict(values),
            award=self.award(rule, subject_id, wave) if selection is not None else None,
            selection=selection,
            naming=self.naming,
        )


def award_info(pack: RulePack, award: Award, level: str, scope: str | None, wave: int | None) -> AwardInfo | None:
    """Who awards ``award`` to subjects of ``level`` (in ``scope``), from which fund, on
    whose proposal and when it is presented (the next wave's rally when there is one)."""
    grant = award.grant_for(level)
    if grant is None:
        return None
    occasion = award.presented.otherwise if award.presented else Text("", "")
    if award.presented is not None and award.presented.next_rally and wave is not None:
        following = [w for w in pack.waves if w.number == wave + 1]
        if following:
            nxt = following[0]
            occasion = Text(
                f"Lễ ra quân {nxt.name.vi} ({date(nxt.rally_date, 'vi')}), {nxt.venue}",
                f"the rally of {nxt.name.en} ({date(nxt.rally_date, 'en')}), {nxt.venue}",
            )
    return AwardInfo(
        award=award.id,
        name=award.name,
        authority=pack.authority(grant.authority).name,
        scope=scope if grant.per_scope else None,
        fund=pack.fund(grant.fund).name,
        occasion=occasion,
        proposed_by=grant.proposed_by,
    )


def _naming_fields(pack: RulePack, rule: Rule) -> list[str]:
    """The fields that name what a ratio of ``rule`` is of (``named_by`` in the pack's labels)."""
    labels = pack.labels_of(rule.applies_to)
    out = []
    for c in rule.conditions:
        found = labels.ratio(c.ratio.of, c.ratio.to) if labels is not None and c.ratio is not None else None
        if found is not None and found.named_by:
            out.append(found.named_by)
    return out


def explain_condition(
    pack: RulePack, rule: Rule, condition: Condition, fact: Mapping[str, Any], *, words: ConditionWords | None = None
) -> ConditionResult:
    """One condition of ``rule`` checked on ``fact``: the value found, the value required,
    whether it holds, where the required value comes from and, for a ratio short of its
    rate, how much more of the numerator would make it hold. ``words`` (default: the pack's
    names, without the data's) is what its sentences name things with."""
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
    found_plain = json_value(found)
    if condition.ratio is not None:
        of, to = fact[condition.ratio.of], fact[condition.ratio.to]
        found_plain = {"of": of, "to": to}
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
        found_value=found_plain,
        required_value=json_value(condition.value),
        words=words if words is not None else ConditionWords(Naming(pack), rule.applies_to, condition, dict(fact)),
    )
