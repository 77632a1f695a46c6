"""What an evaluation shows people, arranged once for every output: the terminal tables
(:mod:`rallyrules.reports`), the HTML report (:mod:`rallyrules.outputs.html`) and the charts.

An award round is split into *groups*: one awarding authority (per area where the grant is
per area) and one kind of subject, as the caps are counted (Kế hoạch's "10% of collectives,
5% of individuals per awarding authority"). Each group knows how many were considered,
eligible and selected, and its cap as ``rate × base = maximum`` — a cap of 0 included.

Everything here is plain text in the language asked for, made with :mod:`rallyrules.text`;
nothing is markup: each output escapes it its own way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from ._naming import authority_in_area
from .decisions import AwardInfo, Decision
from .evaluation import AFTER_WAVES, Evaluation
from .model import RulePack
from .text import number, percent, ratio, t

__all__ = [
    "Group",
    "achievement",
    "achievement_what",
    "authority_label",
    "cap_text",
    "groups",
    "rank_text",
    "round_label",
    "round_order",
    "rounds",
    "standing",
    "subject_label",
]

_KIND_ORDER = {"collective": 0, "individual": 1}
_STATUS_ORDER = {"selected": 0, "not-selected": 1, "not-eligible": 2}


@attrs.frozen
class Group:
    """The candidates one authority awards one award to, of one kind, in one round."""

    round: str
    round_label: str
    award_id: str
    award_name: str
    authority: str
    scope: str | None
    kind: str
    kind_label: str
    considered: int
    eligible: int
    selected: int
    maximum: int | None
    cap: str
    decisions: tuple[Decision, ...]

    @property
    def proposed(self) -> tuple[Decision, ...]:
        """The selected, by rank."""
        return tuple(d for d in self.decisions if d.selected)

    @property
    def not_selected(self) -> tuple[Decision, ...]:
        """The eligible the cap left out, by rank."""
        return tuple(d for d in self.decisions if d.eligible and not d.selected)

    @property
    def not_eligible(self) -> tuple[Decision, ...]:
        """The not eligible, by subject id."""
        return tuple(d for d in self.decisions if not d.eligible)

    @property
    def cap_zero(self) -> bool:
        """True when the cap allows nobody (rate × base below 1)."""
        return self.maximum == 0


def round_order(round_id: str) -> tuple[int, int, str]:
    """Sort key of rounds: waves by number, then the round after the waves."""
    if round_id.startswith("wave-") and round_id[5:].isdigit():
        return (0, int(round_id[5:]), "")
    return (1 if round_id == AFTER_WAVES else 2, 0, round_id)


def rounds(evaluation: Evaluation) -> list[str]:
    """The rounds of an evaluation, in order."""
    return sorted({d.round for d in evaluation.decisions}, key=round_order)


def round_label(round_id: str, lang: str, pack: RulePack | None = None) -> str:
    """``Đợt 1`` (the wave's name from the pack when given), ``Sau các đợt``."""
    key = round_order(round_id)
    if key[0] == 0:
        if pack is not None:
            for wave in pack.waves:
                if wave.number == key[1]:
                    return wave.name.in_(lang)
        return t("report.round.wave", lang, n=key[1])
    if round_id == AFTER_WAVES:
        return t("report.round.after-waves", lang)
    return round_id


def authority_label(
    award: AwardInfo, lang: str, unit_names: Mapping[str, str] | None = None, pack: RulePack | None = None
) -> str:
    """Who awards, with the area named: ``Chủ tịch UBND quận Ninh Kiều`` (the pack's
    ``name_in_area``), else ``Chủ tịch UBND quận, huyện — Quận Ninh Kiều``; an area missing
    from ``unit_names`` keeps its code, visibly (``— địa bàn mã 916``)."""
    return authority_in_area(pack, award, lang, unit_names)


def subject_label(decision: Decision, lang: str) -> str:
    """``Tên (mã)``: the name with the id in brackets (the id alone when there is no name)."""
    if not decision.subject_name or decision.subject_name == decision.subject_id:
        return decision.subject_id
    return t("report.subject", lang, name=decision.subject_name, id=decision.subject_id)


def _rate(rate: str | None) -> Fraction | None:
    if rate is None:
        return None
    num, _, den = rate.partition("/")
    return Fraction(int(num), int(den or 1))


def cap_text(decision: Decision, lang: str) -> str:
    """``10% × 12 = 1``: the cap of the decision's group, or ``không giới hạn``."""
    s = decision.selection
    rate = _rate(s.rate) if s is not None else None
    if s is None or s.cap_id is None or rate is None or s.maximum is None:
        return t("report.cap.none", lang)
    return t("report.cap", lang, rate=percent(rate, lang), base=number(s.base or 0, lang), maximum=number(s.maximum, lang))


def standing(decision: Decision, lang: str) -> str:
    """Where the cap put a subject, in words: ``được chọn · hạng 1/6 · tối đa 1``."""
    s = decision.selection
    if s is None or not decision.eligible:
        return t("report.standing.not-eligible", lang)
    if s.cap_id is None:
        return t("report.standing.selected-uncapped", lang)
    key = "report.standing.selected" if s.status == "selected" else "report.standing.not-selected"
    return t(key, lang, rank=rank_text(decision, lang))


def rank_text(decision: Decision, lang: str) -> str:
    """The rank among the eligible and the cap: ``hạng 4/6 · tối đa 1`` (empty when uncapped
    or not eligible)."""
    s = decision.selection
    if s is None or s.cap_id is None or s.rank is None:
        return ""
    return t(
        "report.rank",
        lang,
        rank=number(s.rank, lang),
        eligible=number(s.eligible or 0, lang),
        maximum=number(s.maximum or 0, lang),
    )


def _ratio_facts(decision: Decision) -> list[tuple[int, int]]:
    out = []
    for c in decision.conditions:
        of, slash, to = c.subject.partition("/")
        if not slash:
            continue
        a, b = decision.facts.get(of), decision.facts.get(to)
        if type(a) is int and type(b) is int and (a, b) not in out:
            out.append((a, b))
    return out


def achievement(decision: Decision, lang: str) -> str:
    """The ratios the rule checked, as ``68/60 (113,33%)`` (empty when it checks none)."""
    return "; ".join(ratio(a, b, lang) for a, b in _ratio_facts(decision))


def achievement_what(decisions: Iterable[Decision], lang: str) -> str:
    """What the achievement column measures, in the words of the rule's conditions."""
    says: dict[str, None] = {}
    for d in decisions:
        for c in d.conditions:
            if "/" in c.subject:
                says[c.says.in_(lang)] = None
    return "; ".join(says)


def groups(
    evaluation: Evaluation,
    lang: str,
    *,
    pack: RulePack | None = None,
    unit_names: Mapping[str, str] | None = None,
    round_id: str | None = None,
) -> list[Group]:
    """Every group of award decisions (of ``round_id``, or of every round): by round, award,
    authority (city-wide first, then areas by code) and kind (collectives first)."""
    if unit_names is None:  # the data set's own names of areas
        unit_names = evaluation.dataset.unit_names()
    members: dict[tuple[str, str, str, str, str], list[Decision]] = {}
    for d in evaluation.decisions:
        if d.award is None or (round_id is not None and d.round != round_id):
            continue
        kind = d.selection.subject_kind if d.selection is not None else ""
        key = (d.round, d.award.award, d.award.authority.vi, d.award.scope or "", kind)
        members.setdefault(key, []).append(d)
    award_order = {a.id: i for i, a in enumerate(pack.awards)} if pack is not None else {}

    def order(key: tuple[str, str, str, str, str]) -> tuple[object, ...]:
        round_, award, authority, scope, kind = key
        return (round_order(round_), award_order.get(award, len(award_order)), award, scope != "", scope, authority,
                _KIND_ORDER.get(kind, 2), kind)  # fmt: skip

    out = []
    for key in sorted(members, key=order):
        decisions = _ranked(members[key])
        first = decisions[0]
        assert first.award is not None
        s = first.selection
        kind = key[4]
        out.append(
            Group(
                round=first.round,
                round_label=round_label(first.round, lang, pack),
                award_id=first.award.award,
                award_name=first.award.name.in_(lang),
                authority=authority_label(first.award, lang, unit_names, pack),
                scope=first.award.scope,
                kind=kind,
                kind_label=t(f"report.kind.{kind}", lang) if kind in _KIND_ORDER else kind,
                considered=len(decisions),
                eligible=sum(d.eligible for d in decisions),
                selected=sum(d.selected for d in decisions),
                maximum=s.maximum if s is not None and s.cap_id is not None else None,
                cap=cap_text(first, lang),
                decisions=tuple(decisions),
            )
        )
    return out


def _ranked(decisions: Sequence[Decision]) -> list[Decision]:
    def key(d: Decision) -> tuple[int, int, str]:
        s = d.selection
        status = s.status if s is not None else ("selected" if d.eligible else "not-eligible")
        return (_STATUS_ORDER.get(status, 3), (s.rank or 0) if s is not None else 0, d.subject_id)

    return sorted(decisions, key=key)
