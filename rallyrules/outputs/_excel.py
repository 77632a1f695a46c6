"""Excel workbooks (XlsxWriter): a proposal's list, and the review workbook.

XlsxWriter rather than openpyxl: every value is written by its type (``write_string`` for
every text, so a name such as ``=HYPERLINK(…)`` stays text; it also gets Excel's quote
prefix, so editing the cell does not turn it into a formula), the page setup of a printed
list is one call each (A4, landscape, one page wide, heading rows repeated), and its
``constant_memory`` mode streams rows to disk, so the review workbook of a national
season (millions of exclusions) does not hold them all in memory.

Numbers stay numbers with Excel formats (``#,##0``, ``0.00%``) and dates are dates
(``dd/mm/yyyy``): Excel shows them with the separators of the computer's regional
settings (``39.779``, ``98,18%`` on a Vietnamese one). A share is stored rounded *down* to
0.01% (54/55 -> 0.9818), so no cell shows 100,00% for 99,996%.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .. import text
from .._naming import authority_in_area
from ..counting import Exclusion
from ..decisions import Decision
from ..evaluation import AFTER_WAVES, Evaluation
from ..model import RulePack
from ..text.messages import MESSAGES
from ._safe import excel_text, reproducible_zip
from .office import Column, Proposal, round_name, unit_label

FONT = "Times New Roman"
INTEGER, PERCENT, DATE = "#,##0", "0.00%", "dd/mm/yyyy"
#: Rows of one worksheet (Excel's limit).
MAX_ROWS = 1_048_576
# Margins of Nghị định 30/2020/NĐ-CP, Phụ lục I (mm -> inches).
_MARGINS = {"left": 30 / 25.4, "right": 15 / 25.4, "top": 20 / 25.4, "bottom": 20 / 25.4}
_HEADER_MARGIN = 10 / 25.4
_PRINTABLE_MM = 297 - 30 - 15
# Excel's width unit (the digit of its default font) against a Times New Roman character
# at 12 pt: about 0.9 characters per unit; a line of 12 pt is ~15.75 pt high.
_CHARS_PER_UNIT = 1.1
_LINE_PT = 1.25


def floor_share(value: Fraction) -> float:
    """A share rounded down to 0.01% (4 decimals), as a number Excel formats ``0.00%``."""
    return math.floor(value * 10_000) / 10_000


class _Formats:
    """XlsxWriter formats made once per combination of properties."""

    def __init__(self, book: xlsxwriter.Workbook, size: float = 12) -> None:
        self.book, self.size = book, size
        self.cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def __call__(self, **props: Any) -> Format:
        props = {"font_name": FONT, "font_size": self.size, "valign": "vcenter", **props}
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.book.add_format(props)
        return self.cache[key]


def _lines(content: str, width_units: float) -> int:
    """How many lines ``content`` wraps to in a column ``width_units`` wide (an estimate)."""
    per_line = max(1.0, width_units * _CHARS_PER_UNIT)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in content.split("\n"))


def _height(lines: int, size: float) -> float:
    return lines * size * _LINE_PT + 3


def _column_width(column: Column, index: int, values: Sequence[Any], size: float) -> float:
    """A column's width in Excel's units: a number's column as wide as its longest value or
    heading word; a text column its weight (the sheet prints one page wide anyway)."""
    if column.kind == "text":
        return column.width * size / 12
    shown = [text.percent(v, "vi") if isinstance(v, Fraction) else text.number(v, "vi") for v in values if v is not None]
    words = [*column.heading.split(), f"({index + 1})", *shown]
    return max(len(w) for w in words) * size / 11 + 2.5


def _write_text(sheet: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None) -> None:
    """Text (from the data, the pack or the catalog) as text: never a formula, never lost
    (see ``_safe.excel_text``)."""
    sheet.write_string(row, col, excel_text(value), fmt)


def _merge(sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, value: Any, fmt: Format) -> None:
    """Merged cells holding text: XlsxWriter's ``merge_range`` writes its value with the
    generic ``write`` (``=…`` would be a formula), so the range is merged empty and its first
    cell written as text."""
    sheet.merge_range(first_row, first_col, last_row, last_col, "", fmt)
    _write_text(sheet, first_row, first_col, value, fmt)


def _page_setup(
    sheet: Worksheet, *, repeat: tuple[int, int] | None, footer: str | None = None, header: str | None = None
) -> None:
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.set_margins(**_MARGINS)
    sheet.center_horizontally()
    if repeat is not None:
        sheet.repeat_rows(*repeat)
    if header is not None:
        sheet.set_header(header, {"margin": _HEADER_MARGIN})
    if footer is not None:
        sheet.set_footer(footer, {"margin": _HEADER_MARGIN})


# -- the proposal's list ----------------------------------------------------------------------------


def proposal_workbook(proposal: Proposal) -> bytes:
    """The list of ``proposal`` as an .xlsx (one sheet), the same bytes for the same proposal."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": proposal.list_title, "author": "rallyrules", "created": proposal.moment.replace(tzinfo=None)})
    sheet = book.add_worksheet(_sheet_name(proposal.words["sheet"]))
    _proposal_sheet(book, sheet, proposal)
    book.close()

    def first_page_plain(name: str, data: bytes) -> bytes:
        # Page numbers from page 2 only (NĐ 30): XlsxWriter has no "different first page"
        # header, so the flag is set on its sheet's <headerFooter>; with no <firstHeader>
        # the first page has none.
        if name.startswith("xl/worksheets/sheet"):
            return data.replace(b"<headerFooter>", b'<headerFooter differentFirst="1">', 1)
        return data

    return reproducible_zip(out.getvalue(), proposal.moment, first_page_plain)


def _proposal_sheet(book: xlsxwriter.Workbook, sheet: Worksheet, p: Proposal) -> None:
    columns = p.columns
    size = 12 if len(columns) <= 8 else 10
    f = _Formats(book, size)
    rows = [line.values for _, lines in p.groups for line in lines]
    widths = [_column_width(c, i, [r[i] for r in rows], size) for i, c in enumerate(columns)]
    # As wide as the printable width of A4 landscape (one unit ~1.85 mm), the text columns
    # taking what the numbers leave: printed at full size, never enlarged past the page.
    spare = (_PRINTABLE_MM / 1.85) - sum(widths)
    texts = [i for i, c in enumerate(columns) if c.kind == "text"]
    if spare > 0 and texts:
        weight = sum(columns[i].width for i in texts)
        widths = [w + (spare * columns[i].width / weight if i in texts else 0) for i, w in enumerate(widths)]
    for i, w in enumerate(widths):
        sheet.set_column(i, i, w)
    last = len(columns) - 1
    total = sum(widths)
    # The header's two blocks: the bodies over the first columns (a third of the width or
    # more), the national heading over the rest.
    split, running = 0, 0.0
    while split < last - 1 and running < total / 3:
        running += widths[split]
        split += 1
    left, right = (0, split - 1), (split, last)

    def block(row: int, span: tuple[int, int], value: str, fmt: Format) -> None:
        if span[0] == span[1]:
            _write_text(sheet, row, span[0], value, fmt)
        else:
            _merge(sheet, row, span[0], row, span[1], value, fmt)

    center = {"align": "center", "text_wrap": True}
    block(0, left, p.parent_body, f(font_size=12, **center))
    block(0, right, p.words["national.name"], f(font_size=12, bold=True, **center))
    block(1, left, p.issuing_body, f(font_size=12, bold=True, **center))
    block(1, right, p.words["national.motto"], f(font_size=13, bold=True, underline=1, **center))
    for r, content in ((0, p.parent_body), (1, p.issuing_body)):
        sheet.set_row(r, _height(_lines(content, sum(widths[left[0] : left[1] + 1]) * 0.85), 13))
    row = 3
    for content, fmt in ((p.list_title, f(font_size=14, bold=True, **center)), (p.list_subtitle, f(font_size=13, bold=True, **center)),
                         (p.attached, f(font_size=12, italic=True, **center))):  # fmt: skip
        sheet.set_row(row, _height(_lines(content, total * 0.85), 14))
        block(row, (0, last), content, fmt)
        row += 1
    row += 1
    heading = f(bold=True, border=1, **center)
    grouped = any(c.group for c in columns)
    first_heading = row
    if grouped:
        group_lines = max(_lines(c.group or "", widths[i] * 2) for i, c in enumerate(columns))
        sheet.set_row(row, _height(group_lines, size))
        sub_lines = max(_lines(c.heading, widths[i]) for i, c in enumerate(columns) if c.group)
        sheet.set_row(row + 1, _height(sub_lines, size))
        i = 0
        while i < len(columns):
            group = columns[i].group
            if group is None:
                _merge(sheet, row, i, row + 1, i, columns[i].heading, heading)
                i += 1
                continue
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == group:
                j += 1
            if j > i:
                _merge(sheet, row, i, row, j, group, heading)
            else:
                _write_text(sheet, row, i, group, heading)
            for k in range(i, j + 1):
                _write_text(sheet, row + 1, k, columns[k].heading, heading)
            i = j + 1
        row += 2
    else:
        sheet.set_row(row, _height(max(_lines(c.heading, widths[i]) for i, c in enumerate(columns)), size))
        for i, c in enumerate(columns):
            _write_text(sheet, row, i, c.heading, heading)
        row += 1
    for i in range(len(columns)):
        _write_text(sheet, row, i, f"({i + 1})", f(italic=True, border=1, align="center", font_size=size - 1))
    sheet.repeat_rows(first_heading, row)
    row += 1
    cell = {"border": 1, "text_wrap": True}
    for title, lines in p.groups:
        _merge(sheet, row, 0, row, last, title, f(bold=True, **cell))
        row += 1
        for line in lines:
            height = 1
            for i, (column, value) in enumerate(zip(columns, line.values, strict=True)):
                if value is None or value == "":
                    sheet.write_blank(row, i, None, f(**cell))
                elif column.kind == "text":
                    _write_text(sheet, row, i, value, f(quote_prefix=True, **cell))
                    height = max(height, _lines(str(value), widths[i]))
                elif column.kind == "rate":
                    sheet.write_number(row, i, floor_share(value), f(num_format=PERCENT, align="center", **cell))
                else:
                    sheet.write_number(
                        row, i, value, f(num_format="0" if column.key == "no" else INTEGER, align="center", **cell)
                    )
            sheet.set_row(row, _height(height, size))
            row += 1
    _merge(sheet, row, 0, row, last, p.total, f(bold=True, **cell))
    row += 2
    sign = f(bold=True, font_size=13, align="center")
    block(row, right, p.dateline, f(italic=True, font_size=13, align="center"))
    row += 1
    for signer_line in p.signer:
        block(row, right, signer_line, sign)
        row += 1
    row += 3  # room for the signature and the seal
    block(row, right, p.signer_name, sign)
    _page_setup(sheet, repeat=None, header=f'&C&"{FONT}"&12&P')
    sheet.repeat_rows(first_heading, first_heading + (2 if grouped else 1))
    sheet.print_area(0, 0, row, last)


# -- the review workbook ----------------------------------------------------------------------------


class ReviewWriter:
    """Writes the review workbook of an evaluation to a binary stream, sheet after sheet
    (rows in order: XlsxWriter's constant-memory mode)."""

    def __init__(self, evaluation: Evaluation, pack: RulePack | None, lang: str, *, unit_names: Mapping[str, str] | None,
                 prepared_on: dt.date | None, stems: Callable[[Decision], str | None]) -> None:  # fmt: skip
        self.evaluation, self.pack, self.lang, self.unit_names = evaluation, pack, lang, unit_names
        self.prepared_on, self.stems = prepared_on, stems
        receipt = evaluation.receipt
        self.moment = dt.datetime.fromisoformat(receipt.evaluated_at).astimezone(dt.UTC) if receipt else None

    def t(self, code: str, **params: Any) -> str:
        return text.t(code, self.lang, **params)

    def write(self, out: IO[bytes]) -> None:
        book = xlsxwriter.Workbook(out, {"constant_memory": True})
        created = (self.moment or dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).replace(tzinfo=None)
        book.set_properties({"title": self.t("review.title"), "author": "rallyrules", "created": created})
        self.f = _Formats(book, 11)
        try:
            awards = [d for d in self.evaluation.decisions if d.award is not None]
            rounds = sorted({d.round for d in awards}, key=lambda r: (r == AFTER_WAVES, len(r), r))
            self.summary(book.add_worksheet(self.sheet_name("review.sheet.summary")), awards, rounds)
            for round_id in rounds:
                name = _sheet_name(round_name(round_id, self.pack, self.lang))
                self.round_sheet(book.add_worksheet(name), round_id, [d for d in awards if d.round == round_id])
            self.checks(book.add_worksheet(self.sheet_name("review.sheet.checks")))
            self.findings(book.add_worksheet(self.sheet_name("review.sheet.findings")))
            self.excluded(book)
            self.info(book.add_worksheet(self.sheet_name("review.sheet.info")))
        except BaseException:
            _discard(book)
            raise
        book.close()

    def sheet_name(self, code: str, **params: Any) -> str:
        return _sheet_name(self.t(code, **params))

    # -- shared pieces

    def authority_order(self, d: Decision) -> tuple[int, str]:
        """Where the authority of ``d`` stands: the pack's order of authorities, then the area."""
        assert d.award is not None
        ids = [a.id for a in self.pack.authorities] if self.pack is not None else []
        grant = self.pack.award(d.award.award).grant_for(d.level) if self.pack is not None else None
        return (ids.index(grant.authority) if grant is not None and grant.authority in ids else len(ids), d.award.scope or "")

    def authority(self, d: Decision) -> str:
        assert d.award is not None
        name = d.award.authority.in_(self.lang)
        if d.award.scope and self.unit_names and self.unit_names.get(d.award.scope):
            return authority_in_area(self.pack, d.award, self.lang, self.unit_names)  # Chủ tịch UBND quận Ninh Kiều
        return f"{name} ({unit_label(d.award.scope, self.pack, self.unit_names, self.lang)})" if d.award.scope else name

    def title_block(self, sheet: Worksheet, title: str, width: int) -> int:
        """Title, plan line and date prepared; returns the next free row."""
        f = self.f
        _merge(sheet, 0, 0, 0, max(1, width - 1), title, f(bold=True, font_size=14, align="center"))
        doc = self.pack.document if self.pack is not None else None
        if doc is not None:
            kind = (
                self.pack.documents.plan_kind
                if self.pack is not None and self.pack.documents.plan_kind
                else self.t("office.plan.kind")
            )
            plan = self.t(
                "office.plan", kind=kind, number=doc.number, date=text.long_date(doc.issued, self.lang), issuer=doc.issuer
            )
            line = self.t("review.plan", plan=plan)
        else:
            line = self.t("review.pack", pack=self.evaluation.pack_id)
        _merge(sheet, 1, 0, 1, max(1, width - 1), line, f(align="center", text_wrap=True))
        # The label over two columns, so that it is never cut by the date beside it.
        _merge(sheet, 2, 0, 2, 1, self.t("review.prepared"), f(italic=True))
        prepared = self.prepared_on or (self.moment.date() if self.moment else None)
        if prepared is not None:
            sheet.write_datetime(2, 2, dt.datetime.combine(prepared, dt.time()), f(num_format=DATE, align="left"))
        return 4

    def table_head(self, sheet: Worksheet, row: int, headings: Sequence[tuple[str, float]]) -> None:
        f = self.f
        lines = max(_lines(h, w) for h, w in headings)
        sheet.set_row(row, _height(lines, 11))
        for i, (heading, width) in enumerate(headings):
            sheet.set_column(i, i, width)
            _write_text(sheet, row, i, heading, f(bold=True, border=1, align="center", text_wrap=True, bg_color="#E7EEF7"))

    def finish(self, sheet: Worksheet, head_row: int, last_row: int, columns: int, freeze_col: int = 0) -> None:
        if last_row > head_row:
            sheet.autofilter(head_row, 0, last_row, columns - 1)
        sheet.freeze_panes(head_row + 1, freeze_col)
        _page_setup(sheet, repeat=(head_row, head_row), footer=f'&C&"{FONT}"&10{self.t("review.page")}')

    def cells(self, sheet: Worksheet, row: int, values: Sequence[tuple[str, Any]], widths: Sequence[float]) -> None:
        """One row: (kind, value) per column: text, integer, share, date or blank."""
        f = self.f
        cell = {"border": 1, "text_wrap": True, "valign": "top"}
        lines = 1
        for col, (kind, value) in enumerate(values):
            if value is None or value == "":
                sheet.write_blank(row, col, None, f(**cell))
            elif kind == "text":
                _write_text(sheet, row, col, value, f(quote_prefix=True, **cell))
                lines = max(lines, _lines(str(value), widths[col]))
            elif kind == "share":
                whole = (Fraction(value) * 100).denominator == 1  # a cap rate: 10%, not 10.00%
                sheet.write_number(row, col, floor_share(value), f(num_format="0%" if whole else PERCENT, **cell))
            elif kind == "date":
                sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), f(num_format=DATE, **cell))
            else:
                sheet.write_number(row, col, value, f(num_format=INTEGER, **cell))
        if lines > 1:
            sheet.set_row(row, _height(min(lines, 30), 11))

    # -- sheets

    def summary(self, sheet: Worksheet, awards: Sequence[Decision], rounds: Sequence[str]) -> None:
        t = self.t
        headings = [(t("review.col.round"), 10), (t("review.col.start"), 12), (t("review.col.end"), 12), (t("review.col.award"), 22),
                    (t("review.col.authority"), 30), (t("review.col.kind"), 10), (t("review.col.considered"), 10),
                    (t("review.col.eligible"), 12), (t("review.col.base"), 10), (t("review.col.cap-rate"), 9),
                    (t("review.col.maximum"), 11), (t("review.col.proposed"), 10), (t("review.col.file"), 44)]  # fmt: skip
        sheet.set_row(0, 22)
        row = self.title_block(sheet, t("review.summary.title"), len(headings))
        head = row
        self.table_head(sheet, row, headings)
        groups: dict[tuple[Any, ...], list[Decision]] = {}
        for d in awards:
            assert d.award is not None
            kind = d.selection.subject_kind if d.selection is not None else ""
            groups.setdefault((d.round, d.award.award, self.authority(d), kind), []).append(d)
        order = {r: i for i, r in enumerate(rounds)}
        widths = [w for _, w in headings]
        for key in sorted(groups, key=lambda k: (order[k[0]], self.authority_order(groups[k][0]), k[3])):
            members = groups[key]
            d = members[0]
            assert d.award is not None
            s = d.selection
            start = end = None
            if d.wave is not None and self.pack is not None:
                wave = self.pack.wave(d.wave)
                start, end = wave.start, wave.end
            proposed = sum(m.selected for m in members)
            row += 1
            self.cells(sheet, row, [
                ("text", round_name(d.round, self.pack, self.lang)), ("date", start), ("date", end), ("text", d.award.name.in_(self.lang)),
                ("text", key[2]), ("text", t(f"review.kind.{key[3]}") if key[3] else ""), ("integer", len(members)),
                ("integer", sum(m.eligible for m in members)), ("integer", s.base if s else None),
                ("share", Fraction(s.rate) if s and s.rate else None), ("integer", s.maximum if s else None),
                ("integer", proposed), ("text", (self.stems(d) or "") if proposed else ""),
            ], widths)  # fmt: skip
        self.finish(sheet, head, row, len(headings))

    def round_sheet(self, sheet: Worksheet, round_id: str, decisions: Sequence[Decision]) -> None:
        t = self.t
        final = any("worst_result" in d.facts for d in decisions)
        per_wave_awards = ", ".join(a.name.in_(self.lang) for a in self.pack.awards if a.round == "per-wave") if self.pack else ""
        facts: list[tuple[str, float]] = (
            [(t("review.col.awards", award=per_wave_awards or "…"), 11), (t("review.col.targets-missing"), 10),
             (t("review.col.worst-result"), 12), (t("review.col.worst-target"), 12), (t("review.col.worst-rate"), 11)]
            if final else
            [(t("review.col.quota"), 10), (t("review.col.counted"), 11), (t("review.col.rate"), 9), (t("review.col.needed"), 9)]
        )  # fmt: skip
        headings = [(t("review.col.no"), 6), (t("review.col.id"), 13), (t("review.col.name"), 34), (t("review.col.kind"), 9),
                    (t("review.col.authority"), 26), (t("review.col.outcome"), 18), *facts, (t("review.col.rank"), 8),
                    (t("review.col.eligible"), 10), (t("review.col.maximum"), 10), (t("review.col.cap-rate"), 8),
                    (t("review.col.base"), 9), (t("review.col.reasons"), 60), (t("review.col.basis"), 14)]  # fmt: skip
        widths = [w for _, w in headings]
        title = f"{t('review.title')} — {round_name(round_id, self.pack, self.lang).upper()}"
        wave = decisions[0].wave if decisions else None
        row = self.title_block(sheet, title, len(headings))
        if wave is not None and self.pack is not None:
            w = self.pack.wave(wave)
            period = t(
                "review.period", round=w.name.in_(self.lang), start=text.date(w.start, self.lang), end=text.date(w.end, self.lang)
            )
            _write_text(sheet, 3, 0, period, self.f(italic=True))
        head = row
        self.table_head(sheet, row, headings)
        status_order = {"selected": 0, "not-selected": 1, "not-eligible": 2}

        def order(d: Decision) -> tuple[Any, ...]:
            s = d.selection
            return (self.authority_order(d), s.subject_kind if s else "", status_order.get(s.status if s else "", 3),
                    s.rank if s and s.rank is not None else 0, d.subject_id)  # fmt: skip

        for n, d in enumerate(sorted(decisions, key=order), 1):
            s = d.selection
            status = s.status if s is not None else ("selected" if d.eligible else "not-eligible")
            if final:
                worst_r, worst_t = d.facts.get("worst_result"), d.facts.get("worst_target")
                share = (
                    Fraction(worst_r, worst_t) if isinstance(worst_r, int) and isinstance(worst_t, int) and worst_t > 0 else None
                )
                fact_cells = [("integer", d.facts.get("wave_awards")), ("integer", d.facts.get("indicators_missing")),
                              ("integer", worst_r), ("integer", worst_t), ("share", share)]  # fmt: skip
            else:
                quota, counted = d.facts.get("quota"), d.facts.get("counted")
                share = Fraction(counted, quota) if isinstance(counted, int) and isinstance(quota, int) and quota > 0 else None
                fact_cells = [("integer", quota), ("integer", counted), ("share", share), ("integer", d.needed)]
            row += 1
            self.cells(sheet, row, [
                ("integer", n), ("text", d.subject_id), ("text", d.subject_name),
                ("text", t(f"review.kind.{s.subject_kind}") if s else ""), ("text", self.authority(d)),
                ("text", t(f"review.status.{status}")), *fact_cells,
                ("integer", s.rank if s else None), ("integer", s.eligible if s else None), ("integer", s.maximum if s else None),
                ("share", Fraction(s.rate) if s and s.rate else None), ("integer", s.base if s else None),
                ("text", self.reasons(d, status)), ("text", f"{d.citation.document} {d.citation.section}"),
            ], widths)  # fmt: skip
        self.finish(sheet, head, row, len(headings), freeze_col=3)

    def reasons(self, d: Decision, status: str) -> str:
        s = d.selection
        if status == "not-eligible":
            parts = list(d.reasons(self.lang))
            if d.needed:
                parts.append(self.t("review.needed", n=text.number(d.needed, self.lang)))
            return "; ".join(parts)
        if s is None or s.cap_id is None or s.rate is None:
            return self.t("review.no-cap")
        cap = self.t("review.cap", maximum=text.number(s.maximum or 0, self.lang), rate=text.percent(Fraction(s.rate), self.lang),
                     base=text.number(s.base or 0, self.lang))  # fmt: skip
        rank = self.t("review.rank", rank=s.rank, eligible=s.eligible) if s.rank is not None else ""
        return "; ".join(p for p in (rank, cap) if p)

    def checks(self, sheet: Worksheet) -> None:
        t = self.t
        headings = [(t("review.col.no"), 6), (t("review.col.round"), 10), (t("review.col.unit"), 22), (t("review.col.requirement"), 50),
                    (t("review.col.outcome"), 11), (t("review.col.reasons"), 60), (t("review.col.basis"), 14)]  # fmt: skip
        widths = [w for _, w in headings]
        row = self.title_block(sheet, t("review.checks.title"), len(headings))
        head = row
        self.table_head(sheet, row, headings)
        checks = sorted(self.evaluation.checks, key=lambda d: (d.eligible, d.wave or 0, d.rule_id, d.subject_id))
        for n, d in enumerate(checks, 1):
            unit = d.subject_label(self.lang)
            row += 1
            self.cells(sheet, row, [
                ("integer", n), ("text", round_name(d.round, self.pack, self.lang)), ("text", unit), ("text", d.rule_title.in_(self.lang)),
                ("text", t("review.status.met" if d.eligible else "review.status.not-met")),
                ("text", "; ".join(c.sentence(self.lang) for c in d.failed)), ("text", f"{d.citation.document} {d.citation.section}"),
            ], widths)  # fmt: skip
        if not checks:
            _write_text(sheet, row + 1, 0, t("review.none"))
        self.finish(sheet, head, row, len(headings))

    def findings(self, sheet: Worksheet) -> None:
        t = self.t
        headings = [(t("review.col.no"), 6), (t("review.col.check"), 20), (t("review.col.round"), 10), (t("review.col.unit"), 16),
                    (t("review.col.message"), 90)]  # fmt: skip
        widths = [w for _, w in headings]
        row = self.title_block(sheet, t("review.findings.title"), len(headings))
        head = row
        self.table_head(sheet, row, headings)
        for n, finding in enumerate(self.evaluation.findings, 1):
            row += 1
            wave = round_name(f"wave-{finding.wave}", self.pack, self.lang) if finding.wave is not None else ""
            self.cells(sheet, row, [("integer", n), ("text", finding.check_label(self.lang)), ("text", wave),
                                    ("text", finding.subject_id or ""), ("text", finding.message_in(self.lang))], widths)  # fmt: skip
        if not self.evaluation.findings:
            _write_text(sheet, row + 1, 0, t("review.none"))
        self.finish(sheet, head, row, len(headings))

    def excluded(self, book: xlsxwriter.Workbook) -> None:
        """The summary by reason (printable), then the ledger as data; a ledger longer than a
        sheet continues on further sheets, each with its heading row."""
        t, f = self.t, self.f
        counting = self.evaluation.counting
        sheet = first = book.add_worksheet(self.sheet_name("review.sheet.excluded"))
        _page_setup(first, repeat=None, footer=f'&C&"{FONT}"&10{self.t("review.page")}')
        headings = [(t("review.col.no"), 10), (t("review.col.enrolment"), 16), (t("review.col.reason"), 34),
                    (t("review.col.detail"), 80), (t("review.col.basis"), 24)]  # fmt: skip
        widths = [w for _, w in headings]
        for i, w in enumerate(widths):
            sheet.set_column(i, i, w)
        _merge(sheet, 0, 0, 0, len(headings) - 1, t("review.excluded.title"), f(bold=True, font_size=14, align="center"))
        rows = [(t("review.excluded.input"), counting.input_total), (t("review.excluded.counted"), counting.counted_total),
                (t("review.excluded.excluded"), counting.excluded_total)]  # fmt: skip
        rows += [(f"    {self.reason(code)}", n) for code, n in counting.excluded_by_reason().items()]
        row = 2
        _write_text(sheet, row, 0, t("review.col.reason"), f(bold=True, border=1))
        _write_text(sheet, row, 1, t("review.col.count"), f(bold=True, border=1, align="center"))
        for label, n in rows:
            row += 1
            _write_text(sheet, row, 0, label, f(border=1))
            sheet.write_number(row, 1, n, f(border=1, num_format=INTEGER))
        summary_end = row
        total = counting.excluded_total
        # Rows of the ledger on this sheet (below the summary, a note and the heading row),
        # then MAX_ROWS - 1 on each further sheet.
        first_capacity = MAX_ROWS - (row + 4)
        extra = math.ceil((total - first_capacity) / (MAX_ROWS - 1)) if total > first_capacity else 0
        names = [self.sheet_name("review.sheet.excluded.more", n=i + 2) for i in range(extra)]
        where = t("review.excluded.split", limit=text.number(MAX_ROWS, self.lang), sheets=", ".join(names)) if names else ""
        row += 2
        _write_text(sheet, row, 0, t("review.excluded.data", rows=text.number(total, self.lang), where=where), f(italic=True))
        row += 1
        head = row
        self.table_head(sheet, row, headings)
        ledger: Iterable[Exclusion] = counting.excluded_in(self.lang)
        n, more = 0, iter(names)
        for exclusion in ledger:
            if row + 1 >= MAX_ROWS:  # this sheet is full: the next one, with its heading row
                sheet.freeze_panes(head + 1, 0)
                sheet = book.add_worksheet(next(more))
                row = head = 0
                self.table_head(sheet, 0, headings)
            n += 1
            row += 1
            basis = f"{exclusion.citation.document} {exclusion.citation.section}" if exclusion.citation else ""
            sheet.write_number(row, 0, n, f(num_format=INTEGER))
            for col, value in enumerate((exclusion.enrolment_id, self.reason(exclusion.reason), exclusion.detail, basis), 1):
                if value:
                    _write_text(sheet, row, col, value, f(quote_prefix=True))
        if n == 0:
            _write_text(sheet, row + 1, 0, t("review.none"))
        sheet.freeze_panes(head + 1, 0)
        # Printing prints the summary; the ledger below is data (said in the sheet).
        first.print_area(0, 0, summary_end, len(headings) - 1)

    def reason(self, code: str) -> str:
        key = f"review.reason.{code}"
        return text.t(key, self.lang) if key in MESSAGES else code

    def info(self, sheet: Worksheet) -> None:
        t, f = self.t, self.f
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 80)
        _write_text(sheet, 0, 0, t("review.info.title"), f(bold=True, font_size=14))
        receipt = self.evaluation.receipt
        values = [
            (t("review.info.pack"), self.evaluation.pack_id), (t("review.info.pack-digest"), self.evaluation.pack_digest),
            (t("review.info.pack-path"), self.evaluation.pack.root), (t("review.info.data"), self.evaluation.dataset.source),
            (t("review.info.data-digest"), receipt.inputs_digest if receipt else ""), (t("review.info.engine"), text.engine_name(self.evaluation.engine, self.lang)),
            (t("review.info.version"), receipt.library_version if receipt else ""),
            (t("review.info.evaluated"), text.local_time(receipt.evaluated_at, self.lang) if receipt else ""),
        ]  # fmt: skip
        for r, (label, value) in enumerate(values, 2):
            _write_text(sheet, r, 0, label, f(bold=True))
            _write_text(sheet, r, 1, value, f(quote_prefix=True))
        _page_setup(sheet, repeat=None)


def _discard(book: xlsxwriter.Workbook) -> None:
    """Close and remove the temporary files a constant-memory workbook streams its rows to,
    when it will not be written after all."""
    for sheet in book.worksheets():
        handle, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", None)
        if handle is not None and not handle.closed:
            handle.close()
        if name:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _sheet_name(name: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    for char in "[]:*?/\\":
        name = name.replace(char, "-")
    return excel_text(name).strip("'")[:31] or "-"
