"""Names instead of ids, for everything a person reads about a decision.

A :class:`Naming` knows the pack (the labels of facts, fields and values, the names of
levels, waves, authorities), the data's names of subjects and of areas (the ``admin-units``
table) — and so says ``Ban Chỉ đạo BHXH, BHYT Phường An Nghiệp (BCD-31126)`` for a subject,
``Quận Bình Thuỷ (918)`` for a unit, ``Chủ tịch UBND quận Ninh Kiều`` for the authority of
an area, ``Tỷ lệ hoàn thành chỉ tiêu của đợt: 54/55 (98,18%)`` for a condition. A name it
does not have falls back to the id, visibly marked, never silently.

Decisions keep a reference to the naming of the evaluation that made them, so that every
output that shows a decision (explanations, tables, CSV, workbooks, HTML) names things the
same way, in the language asked when it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .model import OPERATOR_WORDS, VALUE_DOMAINS, Condition, RulePack
from .text import date, number, percent, ratio, t

if TYPE_CHECKING:
    from .decisions import AwardInfo
    from .selection import Selection

__all__ = ["AFTER_WAVES", "Naming", "authority_in_area", "lower_first"]

AFTER_WAVES = "after-waves"


def lower_first(name: str) -> str:
    """``Quận Ninh Kiều`` -> ``quận Ninh Kiều``: an area's name mid-sentence, as Vietnamese writes it."""
    return name[:1].lower() + name[1:]


def authority_in_area(pack: RulePack | None, award: AwardInfo, lang: str, unit_names: Mapping[str, str] | None = None) -> str:
    """Who awards, with the area named: the pack's ``name_in_area`` with the area's name
    (``Chủ tịch UBND quận Ninh Kiều``), else the name and the area side by side (``Chủ tịch UBND
    quận, huyện — Quận Ninh Kiều``); an area missing from ``unit_names`` keeps its code,
    visibly (``— địa bàn mã 916``)."""
    name = award.authority.in_(lang)
    if not award.scope:
        return name
    area = (unit_names or {}).get(award.scope)
    if not area:
        return t("report.authority.code", lang, authority=name, code=award.scope)
    authority = next((a for a in pack.authorities if a.name == award.authority), None) if pack is not None else None
    if authority is not None and authority.name_in_area is not None:
        return authority.name_in_area.in_(lang).replace("{unit}", lower_first(area) if lang == "vi" else area)
    return t("report.authority.named", lang, authority=name, area=area)


class Naming:
    """The names of one evaluation's ids: ``pack`` (labels, levels, waves, authorities),
    ``subject_names`` (subject id -> name) and ``unit_names`` (area code -> name, from the
    data's ``admin-units`` table). Every method takes the language (``vi`` or ``en``)."""

    def __init__(
        self, pack: RulePack, subject_names: Mapping[str, str] | None = None, unit_names: Mapping[str, str] | None = None
    ) -> None:
        self.pack = pack
        self.subject_names = dict(subject_names or {})
        self.unit_names = dict(unit_names or {})
        self._levels = {level.id for level in pack.levels}

    # -- who ---------------------------------------------------------------------------------------

    def subject(self, ident: str, lang: str) -> str:
        """A subject as ``Tên (mã)``; a unit that submits (a level such as the city, or an
        area) by its name; an id with no name at all, visibly marked."""
        name = self.subject_names.get(ident)
        if name and name != ident:
            return t("report.subject", lang, name=name, id=ident)
        return self.unit(ident, lang)

    def unit(self, code: str, lang: str) -> str:
        """A unit that submits reports and rosters: an unscoped level by its name (``Cấp thành
        phố``), an area by its name and code (``Quận Bình Thuỷ (918)``)."""
        if code in self._levels:
            return self.pack.value_label("level", code).in_(lang)
        return self.area(code, lang)

    def area(self, code: str, lang: str) -> str:
        """An area code with its name (``Quận Ninh Kiều (916)``), or the code visibly unnamed."""
        name = self.unit_names.get(code)
        if name:
            return t("report.subject", lang, name=name, id=code)
        return t("names.unnamed-area", lang, code=code)

    def authority(self, award: AwardInfo, lang: str) -> str:
        """:func:`authority_in_area` with this evaluation's names."""
        return authority_in_area(self.pack, award, lang, self.unit_names)

    def round(self, round_id: str, lang: str) -> str:
        """``Đợt 1`` (the wave's name in the pack), ``Sau các đợt``."""
        return round_words(round_id, lang, self.pack)

    # -- what --------------------------------------------------------------------------------------

    def label(self, kind: str, field: str, lang: str) -> str:
        """What field ``field`` of fact kind ``kind`` is called."""
        return self.pack.field_label(kind, field).in_(lang)

    def value(self, kind: str, field: str, value: Any, lang: str, *, with_unit: bool = True) -> str:
        """A value of a fact field as people read it: a level, scheme, indicator… by its
        name; a unit or area by name; yes/no; a count with its unit (``54 người``); a date
        ``dd/mm/yyyy`` (vi); a rate as a percentage; a list item by item."""
        if isinstance(value, (tuple, list)):
            return ", ".join(self.value(kind, field, v, lang, with_unit=with_unit) for v in value)
        if value is None:
            return t("names.none", lang)
        if isinstance(value, bool):
            return t("text.yes" if value else "text.no", lang)
        if isinstance(value, Fraction):
            return percent(value, lang)
        if isinstance(value, int):
            unit = self.pack.unit(kind, field) if with_unit else None
            return f"{number(value, lang)} {_counted(unit.in_(lang), value, lang)}" if unit is not None else number(value, lang)
        if isinstance(value, dt.date):
            return date(value, lang)
        if field in ("unit", "submitter"):
            return self.unit(str(value), lang)
        if field in ("subject_id",):
            return self.subject(str(value), lang)
        if field in VALUE_DOMAINS:
            return self.pack.value_label(field, value).in_(lang)
        return str(value)

    # -- conditions --------------------------------------------------------------------------------

    def condition_label(self, kind: str, condition: Condition, values: Mapping[str, Any], lang: str) -> str:
        """What a condition looks at: a field's label, or a ratio's words (with what it is of,
        when the pack names that: ``… (BHXH tự nguyện)``)."""
        if condition.ratio is None:
            return self.label(kind, str(condition.fact), lang)
        words = self.pack.ratio_label(kind, condition.ratio.of, condition.ratio.to).in_(lang)
        labels = self.pack.labels_of(kind)
        found = labels.ratio(condition.ratio.of, condition.ratio.to) if labels is not None else None
        named_by = found.named_by if found is not None else None
        which = values.get(named_by) if named_by else None
        if named_by and which:
            return t("names.ratio-of", lang, words=words, which=self.value(kind, named_by, which, lang))
        return words

    def found(self, kind: str, condition: Condition, values: Mapping[str, Any], lang: str) -> str:
        """The value a condition found: ``54/55 (98,18%)``, the pack's words for an undefined
        ratio (``chưa được giao chỉ tiêu năm``), ``0 ngày``, ``không``."""
        if condition.ratio is not None:
            of, to = values[condition.ratio.of], values[condition.ratio.to]
            if to > 0:
                return ratio(of, to, lang)
            undefined = self.pack.ratio_undefined(kind, condition.ratio.of, condition.ratio.to)
            return undefined.in_(lang) if undefined is not None else t("names.undefined-ratio", lang, of=number(of, lang))
        field = str(condition.fact)
        if kind == "submission" and field == "days_before" and values.get("submitted") is False:
            return t("names.not-submitted", lang)  # its days_before is 0 only because nothing came
        return self.value(kind, field, values.get(field), lang)

    def required(self, kind: str, condition: Condition, lang: str) -> str:
        """What the condition requires, with its operator: ``từ 100%``, ``lớn hơn 0 người``; a
        yes/no field's required value alone (``có``)."""
        if condition.ratio is not None:
            value = condition.value
            shown = percent(value, lang) if isinstance(value, (Fraction, int)) and not isinstance(value, bool) else str(value)
        else:
            shown = self.value(kind, str(condition.fact), condition.value, lang)
        if isinstance(condition.value, bool) and condition.op == "equals":
            return t("names.required-value", lang, value=shown)
        return t("names.required", lang, op=OPERATOR_WORDS[condition.op][lang], value=shown)

    def shortfall(self, kind: str, condition: Condition, needed: int | None, lang: str) -> str:
        """``còn thiếu 1 người``: how much more of a ratio's numerator would make it hold."""
        if not needed or condition.ratio is None:
            return ""
        unit = self.pack.unit(kind, condition.ratio.of)
        words = _counted(unit.in_(lang), needed, lang) if unit is not None else ""
        return t("names.shortfall", lang, needed=number(needed, lang), unit=words).rstrip()

    # -- caps --------------------------------------------------------------------------------------

    def cap(self, selection: Selection, lang: str) -> str:
        """``tối đa 1 = 10% × 12 tập thể``: the cap, its rate and what it is counted on."""
        rate = _rate(selection.rate)
        kind = t(f"report.kind.{selection.subject_kind}", lang) if selection.subject_kind in ("collective", "individual") else ""
        cap = next((c for c in self.pack.caps if c.id == selection.cap_id), None)
        base_code = "names.cap-base-eligible" if cap is not None and cap.base == "eligible" else "names.cap-base"
        base = t(base_code, lang, base=number(selection.base or 0, lang), kind=kind).strip()
        return t(
            "names.cap", lang, maximum=number(selection.maximum or 0, lang), rate=percent(rate, lang) if rate is not None else "",
            base=base,
        )  # fmt: skip

    def selection(self, selection: Selection, award: AwardInfo | None, round_id: str, lang: str) -> str:
        """What the cap did, in a sentence with the cap and the group it was counted in."""
        if selection.cap_id is None:
            return t("names.selection.uncapped", lang)
        group = self.round(round_id, lang)
        if award is not None:
            group = t("names.group", lang, authority=self.authority(award, lang), round=group)
        cap = self.cap(selection, lang)
        rank = number(selection.rank or 0, lang)
        eligible = number(selection.eligible or 0, lang)
        code = {"selected": "names.selection.selected", "not-selected": "names.selection.not-selected"}.get(
            selection.status, "names.selection.not-eligible"
        )
        return t(code, lang, rank=rank, eligible=eligible, cap=cap, group=group)


def round_words(round_id: str, lang: str, pack: RulePack | None = None) -> str:
    """A round in words: the wave's name (``Đợt 1``), else ``Đợt 1``/``Wave 1``; ``Sau các đợt``."""
    if round_id == AFTER_WAVES:
        return t("report.round.after-waves", lang)
    prefix, _, number_ = round_id.partition("-")
    if prefix == "wave" and number_.isdigit():
        if pack is not None:
            for wave in pack.waves:
                if wave.number == int(number_):
                    return wave.name.in_(lang)
        return t("report.round.wave", lang, n=int(number_))
    return round_id


def _counted(unit: str, value: int, lang: str) -> str:
    """The unit of a count: English units are plural (``targets``), one is one ``target``."""
    if lang == "en" and abs(value) == 1 and " " not in unit and unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


def _rate(rate: str | None) -> Fraction | None:
    if rate is None:
        return None
    num, _, den = rate.partition("/")
    return Fraction(int(num), int(den or 1))
