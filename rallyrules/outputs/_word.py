"""A proposal as a Word document (python-docx): the Tờ trình on A4 portrait, then the list
in a landscape section whose pages are numbered from 1 again.

Layout after Nghị định 30/2020/NĐ-CP, Phụ lục I: margins top and bottom 20 mm, left 30 mm,
right 15 mm; Times New Roman (body 14 pt); the header as a table without borders (parent
and issuing body left, national heading right, a rule under the issuing body and under the
motto); page numbers centred at the top, none on a section's first page. Text from the data
is written as runs of text (python-docx escapes it; nothing in it can become a field).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .. import text
from ._safe import inert, reproducible_zip
from .office import Column, Proposal

FONT = "Times New Roman"
#: A4 and the margins of Nghị định 30/2020/NĐ-CP, Phụ lục I (mm).
PAGE = (210, 297)
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE = 10
_CENTER, _LEFT, _JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
# Mean width of a character (mm per point of size), measured on Liberation Serif (Times New
# Roman's metrics) over Vietnamese text: to size the rules under headings.
_CHAR_MM_PER_PT = {"regular": 0.171, "bold-caps": 0.217}


def proposal_document(proposal: Proposal) -> bytes:
    """The .docx bytes of ``proposal``; the same proposal gives the same bytes."""
    doc = Document()
    _styles(doc)
    first = doc.sections[0]
    _page(first, landscape=False)
    _page_numbers(first)
    width = PAGE[0] - MARGINS["left"] - MARGINS["right"]
    _submission(doc, proposal, width)
    listing = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(listing, landscape=True)
    _restart_numbering(listing)
    _listing(doc, proposal, PAGE[1] - MARGINS["left"] - MARGINS["right"])
    props = doc.core_properties
    props.title, props.subject, props.author, props.last_modified_by = proposal.subject, proposal.list_title, "rallyrules", ""
    props.language, props.keywords, props.comments = "vi-VN", "", ""
    props.created = props.modified = props.last_printed = proposal.moment.replace(tzinfo=None)
    props.revision = 1
    # python-docx's template carries a thumbnail of another document: none is better.
    package_rels = doc.part.package.rels
    for rel_id in [k for k, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[rel_id]
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue(), proposal.moment)


# -- page, styles, fields ---------------------------------------------------------------------------


def _styles(doc: DocumentObject) -> None:
    """Times New Roman everywhere (every script slot, so Word does not fall back to its theme
    font for Vietnamese letters), 14 pt, Vietnamese as the proofing language."""
    for name in ("Normal", "Header", "Footer", "Table Grid"):
        style = doc.styles[name]
        font = style.font
        font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "vi-VN")
    doc.styles["Normal"].font.size = Pt(14)
    doc.styles["Normal"].paragraph_format.space_after = Pt(0)


def _page(section: Section, *, landscape: bool) -> None:
    short, long = Mm(PAGE[0]), Mm(PAGE[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)
    # Page numbers centred at the top, none on a section's first page (NĐ 30, Phụ lục I).
    section.different_first_page_header_footer = True


def _page_numbers(section: Section) -> None:
    """A PAGE field centred in the header (later sections inherit it)."""
    header = section.header.paragraphs[0]
    header.alignment = _CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = "2"  # what shows until the field is updated (LibreOffice and Word update it)
    run.append(number)
    field.append(run)
    header._p.append(field)


def _restart_numbering(section: Section) -> None:
    """The list is numbered on its own from page 1 (an attachment's pages are numbered
    separately, NĐ 30 Phụ lục I)."""
    sect = section._sectPr
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    later = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
             "w:docGrid", "w:printerSettings", "w:sectPrChange")  # fmt: skip
    after = next((child for child in sect if child.tag in {qn(t) for t in later}), None)
    if after is not None:
        after.addprevious(numbering)
    else:
        sect.append(numbering)


def _para(
    box: Any,
    content: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: Any = _CENTER,
    before: float = 0,
    after: float = 0,
    first_line: float | None = None,
    line: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    """A paragraph in ``box`` (the document or a table cell; a cell's first, empty paragraph
    is used first). Newlines in ``content`` become line breaks."""
    paragraphs = getattr(box, "paragraphs", [])
    reuse = isinstance(box, _Cell) and len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0].runs
    p: Paragraph = paragraphs[0] if reuse else box.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_line is not None:
        fmt.first_line_indent = Mm(first_line)
    if line is not None:
        fmt.line_spacing = line
    fmt.keep_with_next = keep_next
    if content:
        run = p.add_run(inert(content))  # python-docx refuses what XML cannot hold: show it instead
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    else:
        p.paragraph_format.line_spacing = Pt(size)  # an empty paragraph as tall as its size
    return p


def _rule(box: Any, length: float, width: float) -> None:
    """A centred horizontal rule ``length`` mm long under the previous line of a ``width`` mm
    box: the bottom border of a tiny paragraph indented from both sides."""
    p = _para(box, size=1)
    side = max(0.0, (width - length) / 2)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def _text_width(content: str, size: float, style: str) -> float:
    return len(content) * size * _CHAR_MM_PER_PT[style]


def _widths(table: Table, widths: Sequence[float]) -> None:
    """Fixed column widths (mm) that Word and LibreOffice both honour: the grid, every cell,
    and a fixed layout; cell margins of 1 mm left and right."""
    table.autofit = False
    props = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(round(1 * 56.7)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    props.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _row_flags(row: Any, *, heading: bool) -> None:
    """A row never splits across pages; heading rows repeat on every page."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if heading:
        trpr.append(OxmlElement("w:tblHeader"))


# -- the header of both parts -----------------------------------------------------------------------


def _heading(doc: DocumentObject, proposal: Proposal, width: float, *, numbered: bool) -> None:
    """The two columns of NĐ 30's header: parent and issuing body (number below when
    ``numbered``), national name and motto (place and date below when ``numbered``)."""
    left, right = width * 0.42, width * 0.58
    if width > 200:  # the landscape list: the same two blocks, at the page's two sides
        left, right = 95.0, width - 95.0
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (left, right))
    a, b = table.rows[0].cells
    _para(a, proposal.parent_body, size=13)
    _para(a, proposal.issuing_body, size=13, bold=True)
    issuing_line = min(max(_text_width(line, 13, "bold-caps") for line in proposal.issuing_body.split("\n")), left - 2)
    _rule(a, issuing_line / 3, left - 2)
    _para(b, proposal.words["national.name"], size=12, bold=True)
    _para(b, proposal.words["national.motto"], size=13, bold=True)
    _rule(b, 56.0, right - 2)  # as long as the motto at 13 pt (measured)
    if numbered:
        _para(a, proposal.number, size=13, before=4)
        _para(b, proposal.dateline, size=14, italic=True, before=4)


# -- the Tờ trình -----------------------------------------------------------------------------------


def _submission(doc: DocumentObject, proposal: Proposal, width: float) -> None:
    _heading(doc, proposal, width, numbered=True)
    _para(doc, proposal.words["ttr.title"], bold=True, before=18, keep_next=True)
    _para(doc, proposal.subject, bold=True, keep_next=True)
    _rule(doc, min(_text_width(proposal.subject, 14, "regular"), width) / 3, width)
    _para(doc, proposal.words["to"], before=8, after=8)
    for paragraph in (*proposal.bases, *proposal.body):
        _para(doc, paragraph, align=_JUSTIFY, first_line=10, after=6, line=1.0, keep_next=paragraph is proposal.body[-1])
    _sign_off(doc, proposal, width)


def _sign_off(doc: DocumentObject, proposal: Proposal, width: float) -> None:
    """Nơi nhận on the left (12 pt bold italic; entries 11 pt), the signature block on the
    right (capacity and title bold in capitals; room for signature and seal; the name)."""
    table = doc.add_table(rows=1, cols=2)
    left, right = width * 0.45, width * 0.55
    _widths(table, (left, right))
    _row_flags(table.rows[0], heading=False)
    a, b = table.rows[0].cells
    _para(a, proposal.words["copies"], size=12, bold=True, italic=True, align=_LEFT, before=6)
    for entry in proposal.copies:
        _para(a, f"- {entry}", size=11, align=_LEFT)
    first = True
    for line in proposal.signer:
        _para(b, line, bold=True, before=6 if first else 0)
        first = False
    for _ in range(4):  # room for the signature and the seal
        _para(b, size=14)
    _para(b, proposal.signer_name, bold=True)
    for cell in (a, b):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


# -- the Danh sách ----------------------------------------------------------------------------------


def _listing(doc: DocumentObject, proposal: Proposal, width: float) -> None:
    _heading(doc, proposal, width, numbered=False)
    _para(doc, proposal.list_title, bold=True, before=12, keep_next=True)
    _para(doc, proposal.list_subtitle, bold=True, keep_next=True)
    _para(doc, proposal.attached, size=13, italic=True, after=8, keep_next=True)
    columns = proposal.columns
    size, widths = fit_columns(columns, [line.values for _, lines in proposal.groups for line in lines], width)
    grouped = any(c.group for c in columns)
    heading_rows = 3 if grouped else 2
    rows = heading_rows + sum(1 + len(lines) for _, lines in proposal.groups) + 1
    table = doc.add_table(rows=rows, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    _heading_rows(table, columns, size, grouped)
    r = heading_rows
    for title, lines in proposal.groups:
        row = table.rows[r]
        _row_flags(row, heading=False)
        merged = row.cells[0].merge(row.cells[-1])
        _para(merged, title, size=size, bold=True, align=_LEFT)
        r += 1
        for line in lines:
            row = table.rows[r]
            _row_flags(row, heading=False)
            for cell, column, value in zip(row.cells, columns, line.values, strict=True):
                _para(
                    cell, _shown(value, column), size=size, align=_LEFT if column.kind == "text" else _CENTER, before=2, after=2
                )
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            r += 1
    row = table.rows[r]
    _row_flags(row, heading=False)
    merged = row.cells[0].merge(row.cells[-1])
    _para(merged, proposal.total, size=size, bold=True, align=_LEFT)


def _heading_rows(table: Table, columns: Sequence[Column], size: float, grouped: bool) -> None:
    """The heading: a shared heading over grouped columns (others span both rows), then a
    row of column numbers (1), (2)…; all repeated on every page."""
    for r in range(3 if grouped else 2):
        _row_flags(table.rows[r], heading=True)
    if grouped:
        top, below = table.rows[0].cells, table.rows[1].cells
        i = 0
        while i < len(columns):
            group = columns[i].group
            if group is None:
                cell = top[i].merge(below[i])
                _para(cell, columns[i].heading, size=size, bold=True)
                i += 1
                continue
            j = i
            while j + 1 < len(columns) and columns[j + 1].group == group:
                j += 1
            _para(top[i].merge(top[j]), group, size=size, bold=True)
            for k in range(i, j + 1):
                _para(below[k], columns[k].heading, size=size, bold=True)
            i = j + 1
    else:
        for cell, column in zip(table.rows[0].cells, columns, strict=True):
            _para(cell, column.heading, size=size, bold=True)
    numbers = table.rows[2 if grouped else 1].cells
    for n, cell in enumerate(numbers, 1):
        _para(cell, f"({n})", size=size - 1, italic=True)
    for r in range(3 if grouped else 2):
        for cell in table.rows[r].cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


# Advance widths in ems of Times New Roman (Liberation Serif): digits, separators and the
# like exactly; other characters at the mean of Vietnamese text (bold a little wider).
_EMS = {**dict.fromkeys("0123456789", 0.5), ".": 0.25, ",": 0.25, "%": 0.833, "(": 0.333, ")": 0.333, "/": 0.278, " ": 0.25}
_CELL_PADDING = 2.6  # mm: the cell margins (1 mm each side) and a little room


def _mm(content: str, size: float, bold: bool = False) -> float:
    ems = sum(_EMS.get(c, (0.74 if bold else 0.7) if c.isupper() else (0.52 if bold else 0.48)) for c in content)
    return ems * size * 25.4 / 72


def fit_columns(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: float) -> tuple[float, list[float]]:
    """The largest font size (12 down to 9 pt) at which every number of the list, and every
    word of a heading, fits its column on one line (and a number's heading on three), and
    the column widths (mm) at that size: numbers get what they need, text columns share the
    rest by their weights."""
    for size in (12, 11, 10, 9):
        need = []
        for i, column in enumerate(columns):
            words = [w for w in column.heading.split() if w] + [f"({i + 1})"]
            cells = [_shown(row[i], column) for row in rows] if column.kind != "text" else []
            longest = max([_mm(w, size, bold=True) for w in words] + [_mm(c, size) for c in cells])
            # Text: room for a few words a line; numbers: their heading on three lines at most.
            minimum = column.width * 1.3 if column.kind == "text" else _mm(column.heading, size, bold=True) / 3
            need.append(max(longest + _CELL_PADDING, minimum))
        spare = width - sum(need)
        if spare >= 0 or size == 9:
            texts = [i for i, c in enumerate(columns) if c.kind == "text"]
            weight = sum(columns[i].width for i in texts) or 1
            widths = [n + (max(spare, 0) * columns[i].width / weight if i in texts else 0) for i, n in enumerate(need)]
            scale = width / sum(widths)  # a list too wide even at 9 pt shrinks evenly (never wider than the page)
            return size, [w * min(1.0, scale) for w in widths]
    raise AssertionError("unreachable")


def _shown(value: Any, column: Column) -> str:
    """A value as the list shows it: people with Vietnamese grouping (``39.779``), shares
    rounded down (``98,18%``: 100% only when reached), text as it is (made inert)."""
    if value is None:
        return ""
    if column.kind == "rate" and isinstance(value, Fraction):
        return text.percent(value, "vi")
    if column.kind == "integer" and isinstance(value, int):
        return str(value) if column.key == "no" else text.number(value, "vi")
    return inert(value)
