"""Decisions that explain themselves: per subject, wave and rule, every condition with the
value found, the value required and the words of the plan behind it.

Decisions are plain frozen attrs values; :meth:`Decision.to_dict` gives their JSON form.
They say nothing of how they were reached (engine internals); the evaluation that made
them records which engine decided.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, Literal

import attrs

from .model import OPERATOR_WORDS, Citation, Text

__all__ = ["ConditionResult", "Decision", "Outcome", "display_value"]

Outcome = Literal["eligible", "not-eligible"]


def display_value(value: Any) -> str:
    """A value as people read it: exact ratios as a fraction and a percentage, dates ISO."""
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        percent = value * 100
        if percent.denominator == 1:
            return f"{percent.numerator}%"
        return f"{value.numerator}/{value.denominator} (≈{float(percent):.2f}%)"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(display_value(v) for v in value) + "]"
    return str(value)


@attrs.frozen
class ConditionResult:
    """One condition of a rule, checked for one subject.

    ``found`` and ``required`` are display text (exact: ratios as fractions);
    ``citation`` is where the required value comes from (the parameter's source when the
    rule names a parameter, else the rule's); ``needed`` is, for a ratio condition that
    does not hold, how much more of the numerator would make it hold.
    """

    condition_id: str
    holds: bool
    says: Text
    subject: str
    op: str
    found: str
    required: str
    citation: Citation
    param: str | None = None
    needed: int | None = None

    def sentence(self, lang: str = "en") -> str:
        """e.g. ``counted/quota = 27/30 (≈90.00%), required at least 100% — not met``."""
        verdict = {"en": ("met", "not met"), "vi": ("đạt", "không đạt")}[lang][0 if self.holds else 1]
        words = OPERATOR_WORDS[self.op][lang]
        label = "cần" if lang == "vi" else "required"
        return f"{self.says.in_(lang)}: {self.subject} = {self.found}, {label} {words} {self.required} — {verdict}"


@attrs.frozen(repr=False)
class Decision:
    """The outcome of one rule for one subject (in one wave, for per-wave rules)."""

    subject_id: str
    subject_name: str
    level: str
    wave: int | None
    award: str
    award_name: Text
    rule_id: str
    outcome: Outcome
    conditions: tuple[ConditionResult, ...]
    citation: Citation
    facts: dict[str, Any] = attrs.field(factory=dict)

    @property
    def eligible(self) -> bool:
        """True when every condition holds."""
        return self.outcome == "eligible"

    @property
    def failed(self) -> tuple[ConditionResult, ...]:
        """The conditions that do not hold: the reasons for 'not-eligible'."""
        return tuple(c for c in self.conditions if not c.holds)

    @property
    def needed(self) -> int | None:
        """How many more counted enrolments would have met the quota, when that is the gap."""
        gaps = [c.needed for c in self.conditions if c.needed is not None]
        return max(gaps) if gaps else None

    def reasons(self, lang: str = "en") -> list[str]:
        """The failed conditions in words (empty when eligible)."""
        prefix = "không đạt" if lang == "vi" else "not met"
        return [f"{prefix}: {c.says.in_(lang)} ({c.subject} = {c.found})" for c in self.failed]

    def explain(self, lang: str = "en") -> str:
        """Every condition, clause by clause, in ``lang`` ('en' or 'vi')."""
        head = {
            "en": f"{self.subject_name} ({self.subject_id}), wave {self.wave}: "
            f"{'eligible' if self.eligible else 'not eligible'} for {self.award_name.en} (rule {self.rule_id})",
            "vi": f"{self.subject_name} ({self.subject_id}), đợt {self.wave}: "
            f"{'đủ điều kiện' if self.eligible else 'không đủ điều kiện'} đề nghị {self.award_name.vi} (quy tắc {self.rule_id})",
        }[lang]
        lines = [head]
        for c in self.conditions:
            lines.append(f"  [{'x' if c.holds else ' '}] {c.sentence(lang)}")
            lines.append(f"      {c.citation.document} {c.citation.section}: “{c.citation.quote}”")
        if self.needed:
            lines.append(
                f"  {'Needed' if lang == 'en' else 'Còn thiếu'} {self.needed} "
                f"{'more counted enrolments' if lang == 'en' else 'người tham gia được tính'}"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: plain dicts, lists, strings, numbers and booleans."""
        data = attrs.asdict(self, recurse=True)
        data["needed"] = self.needed
        return data

    def __repr__(self) -> str:
        gap = f", needed={self.needed}" if self.needed else ""
        return f"rallyrules.Decision({self.subject_id!r}, wave={self.wave}, {self.award!r}: {self.outcome}{gap})"
