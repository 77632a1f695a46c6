"""Decisions that explain themselves: per subject, wave and rule, every condition with the
value found, the value required and the words of the plan behind it.

Decisions are plain frozen attrs values; :meth:`Decision.to_dict` gives their JSON form.
They say nothing of how they were reached (engine internals); the evaluation that made
them records which engine decided.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from fractions import Fraction
from typing import Any, Literal

import attrs

from .model import OPERATOR_WORDS, Citation, Text
from .selection import Selection

__all__ = ["AwardInfo", "ConditionResult", "Decision", "Finding", "Outcome", "decision_id", "display_value", "json_value"]

#: Award rules: eligible / not-eligible. Check rules (deadlines, rosters): met / not-met.
Outcome = Literal["eligible", "not-eligible", "met", "not-met"]


def decision_id(pack_digest: str, inputs_digest: str, round_id: str, rule_id: str, subject_id: str) -> str:
    """The stable id of a decision: ``d-`` and 32 hex digits of the SHA-256 of the pack's and
    the inputs' digests, the round, the rule and the subject (or unit). The same rules on the
    same inputs give the same ids on every run and machine; anything else, other ids — so an
    id names one decision in a decision log (as OPA's decision ids do), and a result file's
    ids can be checked against its receipt."""
    key = "\0".join((pack_digest, inputs_digest, round_id, rule_id, subject_id))
    return "d-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


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


def json_value(value: Any) -> Any:
    """A value as a JSON value, exactly: integers, booleans and text as themselves, a date
    as ``YYYY-MM-DD``, an exact ratio or rate as ``{"of": 54, "to": 55}`` (a rate in lowest
    terms: 100% is ``{"of": 1, "to": 1}``), a list of values as a list, None as null."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Fraction):
        return {"of": value.numerator, "to": value.denominator}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [json_value(v) for v in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")


@attrs.frozen
class ConditionResult:
    """One condition of a rule, checked for one subject.

    ``found`` and ``required`` are display text (exact: ratios as fractions);
    ``citation`` is where the required value comes from (the parameter's source when the
    rule names a parameter, else the rule's); ``needed`` is, for a ratio condition that
    does not hold, how much more of the numerator would make it hold.

    ``found_value`` and ``required_value`` are the same values for machines, as JSON
    values (:func:`json_value`): integers, booleans, text, ISO dates, and a ratio as
    ``{"of": 54, "to": 55}`` — for a ratio condition the value found is the two fields
    as they are (``to`` may be 0: the ratio is then undefined and the condition does not
    hold), the value required the rate in lowest terms.
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
    found_value: Any = None
    required_value: Any = None

    def sentence(self, lang: str = "en") -> str:
        """e.g. ``counted/quota = 27/30 (≈90.00%), required at least 100% — not met``."""
        verdict = {"en": ("met", "not met"), "vi": ("đạt", "không đạt")}[lang][0 if self.holds else 1]
        words = OPERATOR_WORDS[self.op][lang]
        label = "cần" if lang == "vi" else "required"
        return f"{self.says.in_(lang)}: {self.subject} = {self.found}, {label} {words} {self.required} — {verdict}"


@attrs.frozen
class AwardInfo:
    """Who awards, from which fund, on whose proposal, and when it is presented."""

    award: str
    name: Text
    authority: Text
    scope: str | None
    fund: Text
    occasion: Text
    proposed_by: Text | None = None


@attrs.frozen(repr=False)
class Decision:
    """The outcome of one rule for one subject (or unit), in one round.

    ``round`` is ``wave-N`` for per-wave rules and ``after-waves`` for the final round.
    Award decisions carry ``award`` (who awards, fund, occasion) and, once caps are
    applied, ``selection``; check decisions (deadlines, rosters) carry neither.
    """

    subject_id: str
    subject_name: str
    level: str
    wave: int | None
    round: str
    rule_id: str
    rule_title: Text
    outcome: Outcome
    conditions: tuple[ConditionResult, ...]
    citation: Citation
    facts: dict[str, Any] = attrs.field(factory=dict)
    award: AwardInfo | None = None
    selection: Selection | None = None

    @property
    def eligible(self) -> bool:
        """True when every condition holds (an award rule's 'eligible', a check's 'met')."""
        return self.outcome in ("eligible", "met")

    @property
    def selected(self) -> bool:
        """True when the subject receives the award (eligible, and within the cap)."""
        return self.selection is not None and self.selection.status == "selected"

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
        round_words = (f"wave {self.wave}" if lang == "en" else f"đợt {self.wave}") if self.wave else self.round
        if self.award is not None:
            verdict = {
                "en": f"{'eligible' if self.eligible else 'not eligible'} for {self.award.name.en}",
                "vi": f"{'đủ điều kiện' if self.eligible else 'không đủ điều kiện'} đề nghị {self.award.name.vi}",
            }[lang]
        else:
            verdict = {"en": "met" if self.eligible else "NOT met", "vi": "đạt" if self.eligible else "KHÔNG đạt"}[lang]
        rule_word = "rule" if lang == "en" else "quy tắc"
        lines = [
            f"{self.subject_name} ({self.subject_id}), {round_words}: {verdict} — {self.rule_title.in_(lang)} ({rule_word} {self.rule_id})"
        ]
        for c in self.conditions:
            lines.append(f"  [{'x' if c.holds else ' '}] {c.sentence(lang)}")
            lines.append(f"      {c.citation.document} {c.citation.section}: “{c.citation.quote}”")
        if self.needed:
            lines.append(f"  {'Needed' if lang == 'en' else 'Còn thiếu'} {self.needed} {'more' if lang == 'en' else ''}".rstrip())
        if self.selection is not None and self.award is not None:
            lines.append("  " + _selection_sentence(self.selection, lang))
            if self.selected:
                by = "Awarded by" if lang == "en" else "Người tặng"
                fund = "fund" if lang == "en" else "kinh phí"
                at = "presented at" if lang == "en" else "trao tại"
                scope = f" ({self.award.scope})" if self.award.scope else ""
                lines.append(
                    f"  {by}: {self.award.authority.in_(lang)}{scope}; {fund}: {self.award.fund.in_(lang)}; "
                    f"{at}: {self.award.occasion.in_(lang)}"
                )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: plain dicts, lists, strings, numbers and booleans."""
        data = attrs.asdict(self, recurse=True)
        data["needed"] = self.needed
        out: dict[str, Any] = plain(data)
        return out

    def to_markdown(self, lang: str = "en") -> str:
        """The decision as a Markdown table of its conditions, for notebooks and documents."""
        lines = self.explain(lang).splitlines()
        head, rest = lines[0], [line for line in lines[1:] if not line.startswith("      ")]
        found, required, held, clause = (
            ("found", "required", "met", "clause") if lang == "en" else ("giá trị", "yêu cầu", "đạt", "điều khoản")
        )
        table = [f"**{_md(head)}**", "", f"| condition | {found} | {required} | {held} | {clause} |", "|---|---|---|---|---|"]
        for c in self.conditions:
            table.append(
                f"| {_md(c.says.in_(lang))} | {_md(c.found)} | {_md(OPERATOR_WORDS[c.op][lang])} {_md(c.required)} | "
                f"{'✔' if c.holds else '✘'} | {c.citation.document} {c.citation.section}: “{_md(c.citation.quote)}” |"
            )
        extra = [line.strip() for line in rest if not line.lstrip().startswith("[")]
        return "\n".join(table + [""] + [f"- {_md(line)}" for line in extra])

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return _html(self.to_markdown())

    def __repr__(self) -> str:
        gap = f", needed={self.needed}" if self.needed else ""
        chosen = f", {self.selection.status}" if self.selection is not None else ""
        return f"rallyrules.Decision({self.subject_id!r}, {self.round}, {self.rule_id!r}: {self.outcome}{chosen}{gap})"


def _selection_sentence(selection: Selection, lang: str) -> str:
    if selection.cap_id is None:
        return {"en": "No cap on this award.", "vi": "Giải thưởng này không giới hạn tỷ lệ."}[lang]
    cap = (
        f"cap {selection.maximum} = {selection.rate} × {selection.base} ({selection.group})"
        if lang == "en"
        else f"tối đa {selection.maximum} = {selection.rate} × {selection.base} ({selection.group})"
    )
    if selection.status == "selected":
        return (
            f"Selected: rank {selection.rank} of {selection.eligible} eligible, {cap}"
            if lang == "en"
            else (f"Được chọn: hạng {selection.rank}/{selection.eligible} đủ điều kiện, {cap}")
        )
    if selection.status == "not-selected":
        return (
            f"Eligible, not selected (cap): rank {selection.rank} of {selection.eligible}, {cap}"
            if lang == "en"
            else (f"Đủ điều kiện nhưng không được chọn (giới hạn tỷ lệ): hạng {selection.rank}/{selection.eligible}, {cap}")
        )
    return f"Not eligible ({cap})" if lang == "en" else f"Không đủ điều kiện ({cap})"


@attrs.frozen
class Finding:
    """Something about the data itself a reviewer should see (e.g. quotas handed down
    that do not add up), with the numbers behind it. Not a decision."""

    check: str
    subject_id: str | None
    wave: int | None
    message: str
    details: dict[str, Any] = attrs.field(factory=dict)


def plain(value: Any) -> Any:
    """``value`` with JSON's own types only (tuples become lists), so that a result read
    back from its JSON compares equal to the result itself."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _html(markdown: str) -> str:
    """Markdown rendered to HTML (markdown-it comes with rich), escaped."""
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return html
