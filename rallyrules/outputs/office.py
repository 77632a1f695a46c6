"""The documents an office files: per award round and awarding authority, a cover
submission (Tờ trình) and the attached list of proposals (Danh sách đề nghị khen thưởng),
as Word (.docx) and Excel (.xlsx) files.

:func:`proposals` turns an evaluation into :class:`Proposal` values: only the subjects
*selected* for an award, one proposal per round (a wave, or after the waves), award and
authority (one per district for a district chairman), collectives (``I. TẬP THỂ``) before
individuals (``II. CÁ NHÂN``), numbered from 1 in each group. Everything the documents say
about the plan and the paperwork comes from the rule pack: the plan's number, date and
issuer (``RulePack.document``), the award, authority and their sections, and the pack's
``documents:`` block (who issues the proposal, to whom, legal bases, signer, copies:
:class:`rallyrules.ProposalForm`); fixed wording comes from the catalog
(``rallyrules.text``, ``office.*``), which the pack may override. Where the pack gives no
form, the documents hold visible blanks (``……``) for the office to fill.

The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I (A4; margins 20/20/30/15 mm; Times
New Roman; national heading; number and place-and-date line; page number centred at the
top from page 2): see ``docs/office-documents.md`` for each choice and how sure we are.
The documents are Vietnamese, as filed with a Vietnamese authority.

Needs the ``office`` extra (python-docx, XlsxWriter): ``pip install 'rallyrules[office]'``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .. import text
from .._io import write_atomic
from ..dataset import Dataset
from ..decisions import Decision
from ..evaluation import AFTER_WAVES, Evaluation
from ..model import FORM_PLACEHOLDERS, ProposalForm, RulePack
from ..text.messages import MESSAGES
from ._safe import inert, slug

if TYPE_CHECKING:
    from ..columnar import Season

__all__ = [
    "PROPOSAL_FORMATS",
    "Column",
    "IndicatorResult",
    "Proposal",
    "ProposalLine",
    "decision_stem",
    "proposal_docx",
    "proposal_stem",
    "proposal_xlsx",
    "proposals",
    "round_name",
    "unit_label",
    "write_proposals",
]

#: The file formats of a proposal.
PROPOSAL_FORMATS = ("docx", "xlsx")
ColumnKind = Literal["text", "integer", "rate"]
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@attrs.frozen
class Column:
    """A column of the list: its heading, the heading above it shared with its neighbours
    (``group``, e.g. ``Kết quả Đợt 1``), its width (in characters at 12 pt) and the kind of
    its values (``integer``: people; ``rate``: an exact share, shown rounded down)."""

    key: str
    heading: str
    width: float
    kind: ColumnKind = "text"
    group: str | None = None


@attrs.frozen
class IndicatorResult:
    """One year target of a subject: the indicator's name, the target and the result (people)."""

    indicator: str
    target: int
    result: int


@attrs.frozen
class ProposalLine:
    """One proposed subject: ``values`` holds one value per column of its proposal, in order
    (``STT`` numbered within its group): text, an integer, a share (``Fraction``) or None."""

    subject_id: str
    subject_kind: str
    values: tuple[Any, ...]


@attrs.frozen
class Proposal:
    """One proposal: the submission (Tờ trình) and its list, as the texts and rows the
    writers lay out. ``file_stem`` names its files (ASCII, stable: round, award,
    authority id and the area's code)."""

    round: str
    wave: int | None
    award: str
    authority: str
    scope: str | None
    file_stem: str
    parent_body: str
    issuing_body: str
    issuer: str
    number: str
    dateline: str
    recipient: str
    subject: str
    bases: tuple[str, ...]
    body: tuple[str, ...]
    signer: tuple[str, ...]
    signer_name: str
    copies: tuple[str, ...]
    list_title: str
    list_subtitle: str
    attached: str
    columns: tuple[Column, ...]
    collectives: tuple[ProposalLine, ...]
    individuals: tuple[ProposalLine, ...]
    group_titles: tuple[str, str]
    total: str
    words: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    moment: dt.datetime = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)

    @property
    def groups(self) -> tuple[tuple[str, tuple[ProposalLine, ...]], ...]:
        """The non-empty groups, numbered ``I.``, ``II.``: (heading, lines)."""
        present = [
            (title, lines) for title, lines in zip(self.group_titles, (self.collectives, self.individuals), strict=True) if lines
        ]
        return tuple((f"{_ROMAN[i]}. {title}", lines) for i, (title, lines) in enumerate(present))


_ROMAN = ("I", "II", "III", "IV")


def round_name(round_id: str, pack: RulePack | None, lang: str = "vi") -> str:
    """A round as people name it: the wave's name in the pack (``Đợt 1``), else ``Đợt N``;
    ``after-waves`` is ``Sau các đợt``."""
    if round_id == AFTER_WAVES:
        return text.t("review.round.final", lang)
    number = int(round_id.removeprefix("wave-"))
    if pack is not None:
        try:
            return pack.wave(number).name.in_(lang)
        except KeyError:
            pass
    return text.t("review.round.wave", lang, n=number)


def proposal_stem(pack: RulePack | None, round_id: str, award_id: str, authority_id: str, scope: str | None) -> str:
    """The file name (without suffix) of a proposal: ASCII, stable whatever the names of
    areas: ``de-nghi-dot-1-giay-khen-chu-tich-ubnd-huyen-916``."""
    scope_part = f"-{slug(scope)}" if scope else ""
    return f"de-nghi-{slug(round_name(round_id, pack))}-{slug(award_id)}-{slug(authority_id)}{scope_part}"


def decision_stem(pack: RulePack, d: Decision) -> str | None:
    """The file name (without suffix) of the proposal ``d`` belongs to (None: not an award)."""
    if d.award is None:
        return None
    grant = pack.award(d.award.award).grant_for(d.level)
    return proposal_stem(pack, d.round, d.award.award, grant.authority, d.award.scope) if grant is not None else None


def unit_label(code: str, pack: RulePack | None, unit_names: Mapping[str, str] | None, lang: str = "vi") -> str:
    """The area ``code`` (a district's) as named in ``unit_names`` (code -> name, e.g.
    ``Quận Ninh Kiều``), else by the pack's ``unit_fallback`` with its code, visibly
    (``quận, huyện 916``)."""
    if unit_names and unit_names.get(code):
        return inert(unit_names[code])
    fallback = pack.documents.unit_fallback if pack is not None else None
    template = fallback.in_(lang) if fallback is not None else ("đơn vị {code}" if lang == "vi" else "unit {code}")
    return _fill(template, {"code": inert(code)})


def proposals(
    evaluation: Evaluation,
    pack: RulePack,
    dataset: Dataset | Season,
    *,
    unit_names: Mapping[str, str] | None = None,
    dated: dt.date | None = None,
) -> list[Proposal]:
    """The proposals of ``evaluation``: one per round, award and awarding authority (and
    area, for a per-scope authority) with at least one subject selected, in the order of
    the pack's waves, awards and authorities.

    ``pack`` must be the pack that decided (its digest is checked: ValueError otherwise);
    ``dataset`` gives what decisions do not carry (an individual's unit, the year targets
    per indicator). ``unit_names`` maps area codes to names (``916`` -> ``Quận Ninh Kiều``;
    default: the data set's ``admin-units`` table); an area without a name is named by code, visibly. ``dated`` fills in the date of signing
    (default: left blank, ``ngày …… tháng …… năm ……``, as the number is).
    """
    if pack.digest != evaluation.pack_digest:
        raise ValueError(f"the pack {pack.id} ({pack.digest[:12]}) is not the one that decided ({evaluation.pack_digest[:12]})")
    records = dataset if isinstance(dataset, Dataset) else dataset.dataset
    names = unit_names if unit_names is not None else records.unit_names()  # the data set's own names of areas
    builder = _Builder(evaluation, pack, records, names, dated)
    return builder.build()


def proposal_docx(proposal: Proposal) -> bytes:
    """The proposal as a Word document: the Tờ trình (A4 portrait) and the list (a landscape
    section, pages numbered from 1 again). Needs python-docx."""
    from ._word import proposal_document

    return proposal_document(proposal)


def proposal_xlsx(proposal: Proposal) -> bytes:
    """The list of the proposal as an Excel workbook (one sheet, A4 landscape, one page wide,
    heading rows repeated, date line and signature). Needs XlsxWriter."""
    from ._excel import proposal_workbook

    return proposal_workbook(proposal)


def write_proposals(
    evaluation: Evaluation,
    pack: RulePack,
    dataset: Dataset | Season,
    folder: str | Path,
    formats: Iterable[str] = PROPOSAL_FORMATS,
    *,
    unit_names: Mapping[str, str] | None = None,
    dated: dt.date | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write every proposal into ``folder`` (which must exist) in ``formats`` (``docx``,
    ``xlsx``): ``<file_stem>.docx`` / ``.xlsx``, each written atomically (a failure leaves
    the previous file). ``progress``, if given, is called with each path once written.
    Returns the paths written, in order."""
    chosen = (formats,) if isinstance(formats, str) else tuple(formats)
    unknown = sorted(set(chosen) - set(PROPOSAL_FORMATS))
    if unknown:
        raise ValueError(f"unknown proposal format(s) {unknown}; choose from {list(PROPOSAL_FORMATS)}")
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"the folder {folder} does not exist")
    writers: dict[str, Callable[[Proposal], bytes]] = {"docx": proposal_docx, "xlsx": proposal_xlsx}
    written = []
    for proposal in proposals(evaluation, pack, dataset, unit_names=unit_names, dated=dated):
        for fmt in (f for f in PROPOSAL_FORMATS if f in chosen):
            written.append(write_atomic(folder / f"{proposal.file_stem}.{fmt}", writers[fmt](proposal)))
            if progress is not None:
                progress(written[-1])
    return written


# -- building the proposals -------------------------------------------------------------------------


def _fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with its ``{name}`` placeholders replaced (a pack's text is data, so no
    ``str.format``: only plain names, checked when the pack is loaded)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def _count(n: int) -> str:
    """A count as Vietnamese documents write it: ``01``…``09`` with a leading zero (as the
    plan itself writes ``03 đợt``, ``01 Giấy khen``), then ``10``, ``1.234``."""
    return f"{n:02d}" if 0 < n < 10 else text.number(n, "vi")


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


class _Builder:
    def __init__(self, evaluation: Evaluation, pack: RulePack, dataset: Dataset, unit_names: Mapping[str, str] | None,
                 dated: dt.date | None) -> None:  # fmt: skip
        self.evaluation, self.pack, self.unit_names, self.dated = evaluation, pack, unit_names, dated
        self.subjects = {s.subject_id: s for s in dataset.subjects}
        self.targets: dict[str, dict[str, tuple[int, int]]] = {}
        for row in dataset.targets:
            self.targets.setdefault(row.subject_id, {})[row.indicator] = (row.target, row.result)
        self.wording = dict(pack.documents.wording)
        receipt = evaluation.receipt
        self.moment = (
            dt.datetime.fromisoformat(receipt.evaluated_at) if receipt is not None else dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
        )

    def say(self, code: str, **params: str) -> str:
        """The office text ``code`` in Vietnamese, as the pack words it if it does."""
        template = self.wording.get(code, MESSAGES[code]["vi"])
        return _fill(template, params)

    def build(self) -> list[Proposal]:
        groups: dict[tuple[str, str, str, str | None], list[Decision]] = {}
        for d in self.evaluation.decisions:
            if d.award is None or d.selection is None:
                continue
            grant = self.pack.award(d.award.award).grant_for(d.level)
            if grant is None:
                continue
            groups.setdefault((d.round, d.award.award, grant.authority, d.award.scope), []).append(d)
        order = {a.id: i for i, a in enumerate(self.pack.awards)}
        authorities = {a.id: i for i, a in enumerate(self.pack.authorities)}

        def rank(key: tuple[str, str, str, str | None]) -> tuple[Any, ...]:
            round_id, award, authority, scope = key
            wave = 10**9 if round_id == AFTER_WAVES else int(round_id.removeprefix("wave-"))
            return (wave, order.get(award, 0), authorities.get(authority, 0), scope or "")

        return [self.proposal(key, groups[key]) for key in sorted(groups, key=rank) if any(d.selected for d in groups[key])]

    def unit_values(self, scope: str | None) -> dict[str, str]:
        if scope is None:
            return {}
        blank = MESSAGES["office.blank"]["vi"]
        known = bool(self.unit_names and self.unit_names.get(scope))
        name = unit_label(scope, self.pack, self.unit_names)
        place = blank
        if known:
            place = name
            for kind in sorted(self.pack.documents.unit_kinds, key=len, reverse=True):
                if name.lower().startswith(kind.lower() + " ") and name[len(kind) + 1 :].strip():
                    place = name[len(kind) + 1 :].strip()
                    break
        return {"unit": _lower_first(name) if known else name, "UNIT": name.upper(), "unit_place": place}

    def plan_values(self) -> dict[str, str]:
        doc = self.pack.document
        kind = self.pack.documents.plan_kind or self.say("office.plan.kind")
        date = text.long_date(doc.issued, "vi")
        return {
            "plan": self.say("office.plan", kind=kind, number=doc.number, date=date, issuer=doc.issuer),
            "plan_number": doc.number, "plan_date": date, "plan_issuer": doc.issuer, "kind": kind,
            "plan_short": self.say("office.plan.short", kind=kind, number=doc.number),
        }  # fmt: skip

    def form(self, award_id: str, authority_id: str, scope: str | None) -> dict[str, Any]:
        """The form's texts with the area and plan filled in; a pack without a form for this
        award and authority gets visible blanks where the office must write."""
        values = {**self.plan_values(), **self.unit_values(scope)}
        values = {k: v for k, v in values.items() if k in FORM_PLACEHOLDERS}
        form = self.pack.documents.form_for(award_id, authority_id)
        blank = self.say("office.blank")
        authority = self.pack.authority(authority_id).name.vi
        if form is None:
            proposer = next(
                (g.proposed_by for g in self.pack.award(award_id).grants if g.authority == authority_id and g.proposed_by), None
            )
            unit = f" ({values['unit']})" if scope is not None else ""
            form = ProposalForm(
                award_id, authority_id, blank, proposer.vi.upper() if proposer else blank, proposer.vi if proposer else blank,
                f"{blank}/TTr-{blank}", blank, authority + unit, None, (blank,), None,
                tuple(line.removeprefix("- ") for line in self.say("office.copies.default").split("\n")),
                (self.say("office.basis.plan", plan=values["plan"]),),
            )  # fmt: skip

        def fill(template: str) -> str:
            return _fill(template, values)

        return {
            "parent_body": fill(form.parent_body), "issuing_body": fill(form.issuing_body), "issuer": fill(form.issuer),
            "number": fill(form.number), "place": fill(form.place), "recipient": fill(form.recipient),
            "award_title": fill(form.award_title) if form.award_title else self.pack.award(award_id).name.vi,
            "signer": tuple(fill(s) for s in form.signer) or (blank,),
            "signer_name": fill(form.signer_name) if form.signer_name else self.say("office.blank") * 4,
            "copies": tuple(fill(c) for c in form.copies), "bases": tuple(fill(b) for b in form.legal_bases),
        }  # fmt: skip

    def counts(self, by_kind: Mapping[str, int], zero: bool = False) -> str:
        parts = [self.say(f"office.count.{k}", n=_count(by_kind.get(k, 0))) for k in ("collective", "individual")
                 if by_kind.get(k, 0) or zero]  # fmt: skip
        if not parts:
            parts = [self.say("office.count.collective", n="0")]
        return parts[0] if len(parts) == 1 else self.say("office.and", first=parts[0], second=parts[1])

    def proposal(self, key: tuple[str, str, str, str | None], decisions: list[Decision]) -> Proposal:
        round_id, award_id, authority_id, scope = key
        pack = self.pack
        form = self.form(award_id, authority_id, scope)
        plan = self.plan_values()
        selected = [d for d in decisions if d.selected]
        kinds = {d.selection.subject_kind for d in decisions if d.selection is not None}
        chosen_kinds = {d.selection.subject_kind for d in selected if d.selection is not None}
        whom = self.say("office.whom.both") if len(chosen_kinds) > 1 else self.say(f"office.whom.{next(iter(chosen_kinds))}")
        wave = None if round_id == AFTER_WAVES else int(round_id.removeprefix("wave-"))
        rname = round_name(round_id, pack)
        if wave is not None:
            w = pack.wave(wave)
            achievement = self.say("office.achievement.wave", whom=whom, round=rname, theme=w.theme.vi)
            short = self.say("office.achievement.wave.short", whom=whom, round=rname)
        else:
            achievement = short = self.say("office.achievement.final", whom=whom, waves=_count(len(pack.waves)))
        eligible = {k: sum(1 for d in decisions if d.eligible and d.selection and d.selection.subject_kind == k) for k in kinds}
        chosen = {k: sum(1 for d in selected if d.selection and d.selection.subject_kind == k) for k in kinds}
        caps = []
        for kind in ("collective", "individual"):
            s = next((d.selection for d in decisions if d.selection and d.selection.subject_kind == kind), None)
            if s is None or s.rate is None or s.maximum is None:
                continue
            kind_word = self.say(f"office.kind.{kind}")
            caps.append(self.say("office.cap", rate=text.percent(Fraction(s.rate), "vi"), kind=kind_word,
                                 maximum=_count(s.maximum) if s.maximum else "0", base=_count(s.base or 0)))  # fmt: skip
        caps_text = self.say("office.and", first=caps[0], second=caps[1]) if len(caps) == 2 else (caps[0] if caps else "")
        sections = ", ".join(dict.fromkeys(d.citation.section for d in decisions))
        params = {
            "plan": plan["plan_short"], "kind": plan["kind"], "round": rname, "issuer": form["issuer"],
            "section": sections, "eligible": self.counts(eligible, zero=True), "caps": caps_text,
            "selected": self.counts(chosen), "waves": _count(len(pack.waves)),
        }  # fmt: skip
        if wave is not None:
            w = pack.wave(wave)
            params |= {"start": text.long_date(w.start, "vi"), "end": text.long_date(w.end, "vi")}
            result = self.say("office.ttr.result.wave", **params)
        else:
            result = self.say("office.ttr.result.final", **params)
        award_title = form["award_title"]
        body = (
            result,
            self.say("office.ttr.request", issuer=form["issuer"], recipient=form["recipient"], award=award_title,
                     selected=self.counts(chosen)),
            self.say("office.ttr.closing", recipient=form["recipient"]),
        )  # fmt: skip
        date = text.long_date(self.dated, "vi") if self.dated else self.say("office.date.blank")
        columns = self.columns(round_id, rname)
        lines = {k: self.lines(sorted((d for d in selected if d.selection and d.selection.subject_kind == k), key=_by_rank), columns)
                 for k in ("collective", "individual")}  # fmt: skip
        # A list of collectives only has no one whose unit to name: no such column.
        empty = [
            i
            for i, c in enumerate(columns)
            if c.key == "unit" and not any(line.values[i] for ls in lines.values() for line in ls)
        ]
        if empty:
            keep = [i for i in range(len(columns)) if i not in empty]
            columns = tuple(columns[i] for i in keep)
            lines = {
                k: tuple(attrs.evolve(line, values=tuple(line.values[i] for i in keep)) for line in ls) for k, ls in lines.items()
            }
        stem = proposal_stem(pack, round_id, award_id, authority_id, scope)
        return Proposal(
            round=round_id, wave=wave, award=award_id, authority=authority_id, scope=scope, file_stem=stem,
            parent_body=form["parent_body"], issuing_body=form["issuing_body"], issuer=form["issuer"],
            number=self.say("office.number", number=form["number"]),
            dateline=self.say("office.dateline", place=form["place"], date=date), recipient=form["recipient"],
            subject=self.say("office.ttr.subject", award=award_title, achievement=short),
            bases=form["bases"], body=body, signer=form["signer"], signer_name=form["signer_name"], copies=form["copies"],
            list_title=self.say("office.list.title", award=award_title.upper()),
            list_subtitle=self.say("office.list.subtitle", achievement=achievement),
            attached=self.say("office.list.attached", number=form["number"], date=date, issuer=form["issuer"]),
            columns=columns, collectives=lines["collective"], individuals=lines["individual"],
            group_titles=(self.say("office.group.collectives"), self.say("office.group.individuals")),
            total=self.say("office.total", count=self.counts(chosen)),
            words={"national.name": self.say("office.national.name"), "national.motto": self.say("office.national.motto"),
                   "ttr.title": self.say("office.ttr.title"), "copies": self.say("office.copies"),
                   "to": self.say("office.ttr.to", recipient=form["recipient"]), "sheet": self.say("office.list.sheet")},
            moment=self.moment,
        )  # fmt: skip

    def columns(self, round_id: str, rname: str) -> tuple[Column, ...]:
        say = self.say
        head = (Column("no", say("office.col.no"), 5, "integer"), Column("name", say("office.col.name"), 36),
                Column("unit", say("office.col.unit"), 26))  # fmt: skip
        notes = Column("notes", say("office.col.notes"), 14)
        if round_id != AFTER_WAVES:
            group = say("office.col.achievement", round=rname)
            return (*head, Column("quota", say("office.col.quota"), 12, "integer", group),
                    Column("counted", say("office.col.counted"), 13, "integer", group),
                    Column("rate", say("office.col.rate"), 10, "rate", group), notes)  # fmt: skip
        per_wave = ", ".join(a.name.vi for a in self.pack.awards if a.round == "per-wave") or self.say("office.blank")
        indicators = self.pack.targets.indicators if self.pack.targets else ()
        cells = []
        for indicator in indicators:
            group = say("office.col.indicator", indicator=indicator.name.vi)
            cells += [Column(f"target:{indicator.id}", say("office.col.target"), 10, "integer", group),
                      Column(f"result:{indicator.id}", say("office.col.result"), 10, "integer", group),
                      Column(f"share:{indicator.id}", say("office.col.share"), 8, "rate", group)]  # fmt: skip
        narrow = (
            Column("no", head[0].heading, 4, "integer"),
            Column("name", head[1].heading, 24),
            Column("unit", head[2].heading, 17),
        )
        return (*narrow, Column("awards", say("office.col.awards", award=per_wave), 9, "integer"), *cells,
                Column("notes", notes.heading, 14))  # fmt: skip

    def lines(self, decisions: Sequence[Decision], columns: Sequence[Column]) -> tuple[ProposalLine, ...]:
        names = [d.subject_name for d in decisions]
        out = []
        for number, d in enumerate(decisions, 1):
            subject = self.subjects.get(d.subject_id)
            kind = d.selection.subject_kind if d.selection else (subject.kind if subject else "collective")
            # The code where it helps: always for people (names repeat), for a collective
            # only when another line bears the same name.
            name = (
                f"{d.subject_name} ({d.subject_id})"
                if kind == "individual" or names.count(d.subject_name) > 1
                else d.subject_name
            )
            parent = self.subjects.get(subject.parent_id) if subject is not None and subject.parent_id else None
            unit = parent.name if parent is not None and kind == "individual" else ""
            notes = []
            s = d.selection
            if s is not None and s.rank is not None and s.eligible is not None:
                notes.append(self.say("office.rank", rank=str(s.rank), eligible=str(s.eligible)))
            indicators, owner = self.indicators(d.subject_id)
            if owner is not None and owner != d.subject_id:  # measured against the targets of the unit they work at
                notes.append(self.say("office.targets.unit"))
            values: dict[str, Any] = {"no": number, "name": inert(name), "unit": inert(unit), "notes": "; ".join(notes)}
            ratio = _ratio(d)
            if ratio is not None:
                values |= {"quota": ratio[1], "counted": ratio[0], "rate": Fraction(ratio[0], ratio[1]) if ratio[1] > 0 else None}
            if isinstance(d.facts.get("wave_awards"), int):
                values["awards"] = d.facts["wave_awards"]
            for r in indicators:
                values |= {f"target:{r.indicator}": r.target, f"result:{r.indicator}": r.result,
                           f"share:{r.indicator}": Fraction(r.result, r.target) if r.target > 0 else None}  # fmt: skip
            out.append(ProposalLine(d.subject_id, kind, tuple(values.get(c.key) for c in columns)))
        return tuple(out)

    def indicators(self, subject_id: str) -> tuple[list[IndicatorResult], str | None]:
        """The year targets of a subject, per indicator of the pack, and whose targets they
        are: an individual with none of their own is measured against their collective's
        when the pack says so (``individuals_use_parent_targets``), as the rule was."""
        targets = self.pack.targets
        if targets is None:
            return [], None
        owner: str | None = subject_id
        rows = self.targets.get(subject_id)
        subject = self.subjects.get(subject_id)
        if not rows and subject is not None and subject.kind == "individual" and targets.individuals_use_parent_targets:
            owner = subject.parent_id
            rows = self.targets.get(owner) if owner else None
        if not rows:
            return [], None
        return [IndicatorResult(i.id, *rows[i.id]) for i in targets.indicators if i.id in rows], owner


def _by_rank(d: Decision) -> tuple[int, str]:
    return (d.selection.rank if d.selection is not None and d.selection.rank is not None else 10**9, d.subject_id)


def _ratio(d: Decision) -> tuple[int, int] | None:
    """(counted, quota) of a per-wave decision, from the facts decided on."""
    counted, quota = d.facts.get("counted"), d.facts.get("quota")
    if isinstance(counted, int) and isinstance(quota, int):
        return counted, quota
    return None
