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
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .model import OPERATOR_WORDS, Citation, Condition, Text
from .selection import Selection
from .text import number, percent, t

if TYPE_CHECKING:
    from ._naming import Naming

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


#: Fields that are not part of the JSON form of a decision (what it needs to speak, not what it says).
_NOT_JSON = {"json": False}


def _json(attribute: attrs.Attribute[Any], _value: Any) -> bool:
    return bool(attribute.metadata.get("json", True))


@attrs.frozen
class ConditionWords:
    """What a condition result needs to name what it checked: the evaluation's naming, the
    kind of fact, the condition and the values of the fields it reads (and of the field that
    names what a ratio is of)."""

    naming: Naming
    kind: str
    condition: Condition
    values: dict[str, Any]


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

    ``found`` and ``required`` are display text for machines, in English (exact: ratios as
    fractions); ``citation`` is where the required value comes from (the parameter's source
    when the rule names a parameter, else the rule's); ``needed`` is, for a ratio condition
    that does not hold, how much more of the numerator would make it hold. People read
    :meth:`sentence`, :meth:`reason`, :meth:`found_in` and :meth:`required_in`: the pack's
    labels and the data's names, numbers and dates in the language asked.

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
    words: ConditionWords | None = attrs.field(default=None, eq=False, repr=False, kw_only=True, metadata=_NOT_JSON)

    def label(self, lang: str = "en") -> str:
        """What the condition looks at: ``Tỷ lệ hoàn thành chỉ tiêu của đợt`` (the field's id
        or ``of/to`` when the condition carries no names)."""
        w = self.words
        return w.naming.condition_label(w.kind, w.condition, w.values, lang) if w is not None else self.subject

    def found_in(self, lang: str = "en") -> str:
        """The value found, for people: ``54/55 (98,18%)``, ``0 ngày``, ``không``."""
        w = self.words
        return w.naming.found(w.kind, w.condition, w.values, lang) if w is not None else _shown(self.found, lang)

    def required_in(self, lang: str = "en") -> str:
        """What is required, with the operator: ``từ 100%``, ``lớn hơn 0 người``."""
        w = self.words
        if w is not None:
            return w.naming.required(w.kind, w.condition, lang)
        return t("names.required", lang, op=OPERATOR_WORDS[self.op][lang], value=_shown(self.required, lang))

    def shortfall(self, lang: str = "en") -> str:
        """``còn thiếu 1 người`` for a ratio short of its rate; empty otherwise."""
        w = self.words
        if w is not None:
            return w.naming.shortfall(w.kind, w.condition, self.needed, lang)
        return t("names.shortfall", lang, needed=number(self.needed, lang), unit="").rstrip() if self.needed else ""

    def sentence(self, lang: str = "en") -> str:
        """The condition checked, in words: ``Số người tham gia được tính đạt từ 100% chỉ tiêu
        của đợt trở lên — Tỷ lệ hoàn thành chỉ tiêu của đợt: 54/55 (98,18%); cần từ 100% —
        không đạt, còn thiếu 1 người``."""
        short = self.shortfall(lang)
        verdict = t("names.met", lang) if self.holds else t("names.not-met", lang) + (f", {short}" if short else "")
        return t(self._code("names.condition", lang), lang, **self._parts(lang), verdict=verdict)

    def reason(self, lang: str = "en") -> str:
        """The condition not met, in words (the sentence without its verdict, with the shortfall)."""
        short = self.shortfall(lang)
        return t(self._code("names.reason", lang), lang, **self._parts(lang), short=f"; {short}" if short else "")

    def _code(self, code: str, lang: str) -> str:
        # "Đã gửi — Đã gửi: có" says it twice: where the condition's words are its label, once.
        return code + ".same" if self.says.in_(lang).casefold() == self.label(lang).casefold() else code

    def _parts(self, lang: str) -> dict[str, str]:
        return {
            "says": self.says.in_(lang),
            "label": self.label(lang),
            "found": self.found_in(lang),
            "required": self.required_in(lang),
        }


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
    #: The names of the evaluation that made it (not part of the JSON form).
    naming: Naming | None = attrs.field(default=None, eq=False, repr=False, kw_only=True, metadata=_NOT_JSON)

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
        """The failed conditions in words (empty when eligible), as :meth:`ConditionResult.reason`."""
        return [c.reason(lang) for c in self.failed]

    def _naming(self, pack: Any | None, unit_names: Any | None) -> Naming | None:
        if pack is None and unit_names is None:
            return self.naming
        from ._naming import Naming

        base = self.naming
        chosen = pack if pack is not None else (base.pack if base is not None else None)
        if chosen is None:
            return None
        names = base.subject_names if base is not None else {self.subject_id: self.subject_name}
        units = unit_names if unit_names is not None else (base.unit_names if base is not None else {})
        return Naming(chosen, names, units)

    def subject_label(self, lang: str = "en") -> str:
        """Who the decision is about: ``Tên (mã)`` of a subject, the name of a unit."""
        if self.naming is not None:
            return self.naming.subject(self.subject_id, lang)
        if self.subject_name and self.subject_name != self.subject_id:
            return t("report.subject", lang, name=self.subject_name, id=self.subject_id)
        return self.subject_id

    def explain(self, lang: str = "en", *, pack: Any | None = None, unit_names: Any | None = None) -> str:
        """Every condition, clause by clause, in ``lang`` ('en' or 'vi'): who, the round, the
        verdict and the rule; each condition in the pack's words with the value found and the
        value required, and the clause behind it; what the cap did; who awards. The names
        come from the evaluation that made the decision; ``pack`` (a RulePack) and
        ``unit_names`` (area code -> name) name things for a decision made without them."""
        decision = self if (pack is None and unit_names is None) else attrs.evolve(self, naming=self._naming(pack, unit_names))
        return decision._explain(lang)

    def _explain(self, lang: str) -> str:
        from ._naming import round_words

        naming = self.naming
        round_ = naming.round(self.round, lang) if naming is not None else round_words(self.round, lang)
        if self.award is not None:
            verdict = t("names.verdict.eligible" if self.eligible else "names.verdict.not-eligible", lang,
                        award=self.award.name.in_(lang))  # fmt: skip
        else:
            verdict = t("names.verdict.met" if self.eligible else "names.verdict.not-met", lang)
        lines = [
            t("names.decision", lang, subject=self.subject_label(lang), round=round_, verdict=verdict,
              rule=self.rule_title.in_(lang), rule_id=self.rule_id)
        ]  # fmt: skip
        conditions = self.conditions if naming is None else tuple(_with_naming(c, naming) for c in self.conditions)
        for c in conditions:
            lines.append(f"  [{'x' if c.holds else ' '}] {c.sentence(lang)}")
            lines.append(f"      {c.citation.document} {c.citation.section}: “{c.citation.quote}”")
        if self.selection is not None and self.award is not None:
            if naming is not None:
                lines.append("  " + naming.selection(self.selection, self.award, self.round, lang))
            else:
                lines.append("  " + _selection_sentence(self.selection, lang))
            if self.selected:
                authority = naming.authority(self.award, lang) if naming is not None else self.award.authority.in_(lang)
                if naming is None and self.award.scope:
                    authority = t("report.authority.code", lang, authority=authority, code=self.award.scope)
                lines.append(
                    "  " + t("names.awarded", lang, authority=authority, fund=self.award.fund.in_(lang),
                             occasion=self.award.occasion.in_(lang))
                )  # fmt: skip
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: plain dicts, lists, strings, numbers and booleans."""
        data = attrs.asdict(self, recurse=True, filter=_json)
        data["needed"] = self.needed
        out: dict[str, Any] = plain(data)
        return out

    def to_markdown(self, lang: str = "en", *, pack: Any | None = None, unit_names: Any | None = None) -> str:
        """The decision as a Markdown table of its conditions, for notebooks and documents."""
        lines = self.explain(lang, pack=pack, unit_names=unit_names).splitlines()
        head, rest = lines[0], [line for line in lines[1:] if not line.startswith("      ")]
        naming = self._naming(pack, unit_names)
        conditions = self.conditions if naming is None else tuple(_with_naming(c, naming) for c in self.conditions)
        heads = [t(f"names.md.{h}", lang) for h in ("condition", "found", "required", "met", "clause")]
        table = [f"**{_md(head)}**", "", "| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
        for c in conditions:
            table.append(
                f"| {_md(c.says.in_(lang))} — {_md(c.label(lang))} | {_md(c.found_in(lang))} | {_md(c.required_in(lang))} | "
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


def _with_naming(c: ConditionResult, naming: Naming) -> ConditionResult:
    """``c`` named by ``naming`` (a condition result made without names keeps its own words)."""
    if c.words is None or c.words.naming is naming:
        return c
    return attrs.evolve(c, words=attrs.evolve(c.words, naming=naming))


def _shown(value: str, lang: str) -> str:
    """A machine display value (``display_value``) for people, where no names are at hand:
    yes/no in words, ``≈98.18%`` in the locale's form."""
    if value in ("true", "false"):
        return t("text.yes" if value == "true" else "text.no", lang)
    if value == "undefined":
        return t("names.none", lang)
    return value


def _selection_sentence(selection: Selection, lang: str) -> str:
    """What the cap did, for a decision made without names (its group as the selection says it)."""
    if selection.cap_id is None:
        return t("names.selection.uncapped", lang)
    num, _, den = (selection.rate or "0").partition("/")
    rate = Fraction(int(num), int(den or 1))
    cap = t("names.cap", lang, maximum=number(selection.maximum or 0, lang), rate=percent(rate, lang),
            base=number(selection.base or 0, lang))  # fmt: skip
    code = {"selected": "names.selection.selected", "not-selected": "names.selection.not-selected"}.get(
        selection.status, "names.selection.not-eligible"
    )
    rank, eligible = number(selection.rank or 0, lang), number(selection.eligible or 0, lang)
    return t(code, lang, rank=rank, eligible=eligible, cap=cap, group=selection.group)


@attrs.frozen
class Finding:
    """Something about the data itself a reviewer should see (e.g. quotas handed down
    that do not add up), with the numbers behind it. Not a decision.

    ``message`` is the English text; :meth:`message_in` says it in Vietnamese or English
    (catalog ``finding.<check>``, from ``details`` and the subject's name)."""

    check: str
    subject_id: str | None
    wave: int | None
    message: str
    details: dict[str, Any] = attrs.field(factory=dict)
    #: The name of the subject (not part of the JSON form).
    subject_name: str | None = attrs.field(default=None, eq=False, kw_only=True, metadata=_NOT_JSON)
    #: The pack's names of what the details hold (not part of the JSON form).
    naming: Naming | None = attrs.field(default=None, eq=False, repr=False, kw_only=True, metadata=_NOT_JSON)

    def message_in(self, lang: str = "en") -> str:
        """The finding in ``lang``: who (``Tên (mã)``), the round, the numbers."""
        from ._naming import round_words

        code = f"finding.{self.check}"
        if code not in _catalog():
            return self.message
        subject = self.subject_id or ""
        if self.subject_name and self.subject_name != self.subject_id:
            subject = t("report.subject", lang, name=self.subject_name, id=subject)
        params: dict[str, Any] = {k: (number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v)
                                  for k, v in self.details.items()}  # fmt: skip
        if isinstance(self.details.get("difference"), int):
            params["difference"] = ("+" if self.details["difference"] > 0 else "") + number(self.details["difference"], lang)
        if self.naming is not None:
            for field in ("award", "level"):
                if isinstance(self.details.get(field), str):
                    params[field] = self.naming.value("", field, self.details[field], lang)
        wave = round_words(f"wave-{self.wave}", lang, self.naming.pack if self.naming is not None else None) if self.wave else ""
        return t(code, lang, subject=subject, wave=wave, **params)

    def check_label(self, lang: str = "en") -> str:
        """What kind of finding it is, in words (catalog ``finding.check.<check>``)."""
        code = f"finding.check.{self.check}"
        return t(code, lang) if code in _catalog() else self.check

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``check``, ``subject_id``, ``wave``, ``message`` (English) and ``details``."""
        out: dict[str, Any] = plain(attrs.asdict(self, filter=_json))
        return out


def _catalog() -> dict[str, dict[str, str]]:
    from .text.messages import MESSAGES

    return MESSAGES


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
