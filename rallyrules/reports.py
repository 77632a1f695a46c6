"""Evaluations as tables and files: rows for pandas, CSV for Excel, and terminal tables.

- :func:`decision_rows`: one flat row per decision with stable English column names and
  machine values (``outcome`` is ``eligible``…), for DataFrames
  (:func:`rallyrules.export.to_dataframe`) and programs. Generic over the rules: the fact
  columns come from the facts each rule decided on, so a pack with other facts gets other
  columns without code changes.
- :func:`to_csv`: the same rows for people and Excel: headings and values in the language
  asked for (``--lang vi``: ``Kết quả`` = ``đủ điều kiện``), ids in columns of their own,
  numbers as plain numbers, UTF-8 with a byte order mark (so Excel on Windows reads it as
  UTF-8), and every text cell that a spreadsheet would take for a formula (first
  character ``= + - @``, tab or carriage return) prefixed with ``'`` (OWASP, "CSV
  Injection").
- :func:`print_tables`: what ``rallyrules evaluate`` prints — a summary per round and
  awarding authority, the proposed, and with ``all_rows`` every subject; every column is
  shown whole or wrapped, and where a table cannot fit the width it is printed as one card
  per subject instead. Data is always printed as plain text (:class:`rich.text.Text`):
  brackets in a name are never read as markup.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from . import _view
from .decisions import Decision
from .evaluation import Evaluation
from .model import VALUE_DOMAINS, RulePack
from .text import engine_name, number, percent, t

__all__ = ["FORMULA_TRIGGERS", "csv_rows", "decision_rows", "print_tables", "to_csv"]

_IDENTITY = ("subject_id", "level", "wave", "submitter", "unit")
#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: A byte order mark: Excel reads a CSV file as UTF-8 only when it starts with one.
BOM = "\ufeff"


def decision_rows(evaluation: Evaluation, lang: str = "en") -> list[dict[str, Any]]:
    """One flat row per decision: identity, the facts decided on, outcome, selection,
    who awards and why not. The same columns for every row (empty where not relevant).

    Column names and codes (``outcome``, ``selection``) are stable English ids, for
    programs and DataFrames; texts (authority, fund, occasion, reasons) are in ``lang``.
    """
    fact_columns = _fact_columns(evaluation.decisions)
    rows = []
    for d in evaluation.decisions:
        s, a = d.selection, d.award
        row: dict[str, Any] = {
            "round": d.round,
            "wave": d.wave if d.wave is not None else "",
            "subject_id": d.subject_id,
            "subject_name": d.subject_name,
            "level": d.level,
            "rule_id": d.rule_id,
            "award": a.award if a else "",
        }
        row.update({c: d.facts.get(c, "") for c in fact_columns})
        row.update(
            {
                "outcome": d.outcome,
                "selection": s.status if s else "",
                "rank": s.rank if s and s.rank is not None else "",
                "cap": s.maximum if s and s.maximum is not None else "",
                "cap_base": s.base if s and s.base is not None else "",
                "cap_group": s.group if s else "",
                "authority": a.authority.in_(lang) if a else "",
                "scope": a.scope or "" if a else "",
                "fund": a.fund.in_(lang) if a else "",
                "occasion": a.occasion.in_(lang) if a else "",
                "needed": d.needed if d.needed is not None else "",
                "failed_conditions": "; ".join(c.condition_id for c in d.failed),
                "reasons": "; ".join(d.reasons(lang)),
                "section": d.citation.section,
                "engine": evaluation.engine,
            }
        )
        rows.append(row)
    return rows


# -- CSV for people and Excel --------------------------------------------------------------------


def csv_rows(evaluation: Evaluation, lang: str = "en", *, pack: RulePack | None = None) -> list[dict[str, Any]]:
    """The rows of :func:`to_csv`: headings in ``lang`` (``Mã đối tượng``, ``Kết quả``…),
    outcome, selection, round, rule, award and authority in words, ids (subject, rule,
    award, conditions, area) in columns of their own, numbers as ``int``, yes/no as words.
    ``pack`` (optional) names the levels (``Cấp huyện``) instead of giving their ids."""
    fact_columns = _fact_columns(evaluation.decisions)
    levels = {level.id: level.name.in_(lang) for level in pack.levels} if pack is not None else {}
    rows = []
    for d in evaluation.decisions:
        s, a = d.selection, d.award
        values: list[tuple[str, Any]] = [
            (t("report.csv.round", lang), _view.round_label(d.round, lang, pack)),
            (t("report.csv.wave", lang), d.wave),
            (t("report.csv.subject_id", lang), d.subject_id),
            (t("report.csv.subject_name", lang), d.subject_name),
            (t("report.csv.level", lang), levels.get(d.level, d.level)),
            (t("report.csv.rule_id", lang), d.rule_id),
            (t("report.csv.rule", lang), d.rule_title.in_(lang)),
            (t("report.csv.award", lang), a.award if a else None),
            (t("report.csv.award_name", lang), a.name.in_(lang) if a else None),
        ]
        values += [(_fact_heading(c, lang), _cell(d.facts.get(c), lang, c, pack)) for c in fact_columns]
        rate = _view._rate(s.rate) if s is not None and s.cap_id is not None else None
        values += [
            (t("report.csv.outcome", lang), t(f"report.outcome.{d.outcome}", lang)),
            (t("report.csv.selection", lang), t(f"report.selection.{s.status}", lang) if s else None),
            (t("report.csv.rank", lang), s.rank if s else None),
            (t("report.csv.eligible_in_group", lang), s.eligible if s and s.cap_id else None),
            (t("report.csv.cap", lang), s.maximum if s and s.cap_id else None),
            (t("report.csv.cap_base", lang), s.base if s and s.cap_id else None),
            (t("report.csv.cap_rate", lang), percent(rate, lang) if rate is not None else None),
            (
                t("report.csv.authority", lang),
                (d.naming.authority(a, lang) if d.naming else a.authority.in_(lang)) if a else None,
            ),
            (t("report.csv.scope", lang), a.scope if a else None),
            (t("report.csv.fund", lang), a.fund.in_(lang) if a else None),
            (t("report.csv.occasion", lang), a.occasion.in_(lang) if a else None),
            (t("report.csv.needed", lang), d.needed),
            (t("report.csv.failed_conditions", lang), "; ".join(c.condition_id for c in d.failed)),
            (t("report.csv.reasons", lang), "; ".join(d.reasons(lang))),
            (t("report.csv.section", lang), d.citation.section),
            (t("report.csv.engine", lang), engine_name(evaluation.engine, lang)),
        ]
        rows.append({k: ("" if v is None else v) for k, v in values})
    return rows


def to_csv(evaluation: Evaluation, lang: str = "en", *, pack: RulePack | None = None, bom: bool = True) -> str:
    """:func:`csv_rows` as CSV text (header first; empty text if no decisions).

    ``bom`` (default True) starts the text with a byte order mark, so that Excel opens the
    file as UTF-8 (without it, Excel on Windows shows Vietnamese letters as mojibake);
    programs that read UTF-8 skip it (Python: ``encoding="utf-8-sig"``). Text cells that
    start with ``= + - @``, a tab or a carriage return get a leading ``'`` so that no
    spreadsheet runs them as a formula (OWASP "CSV Injection"); numbers are written as
    they are (``-3`` stays a number).
    """
    rows = csv_rows(evaluation, lang, pack=pack)
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writerow({k: _inert(k) for k in rows[0]})
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return (BOM if bom else "") + out.getvalue()


def _inert(value: Any) -> Any:
    """A text cell no spreadsheet reads as a formula (numbers are left as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _cell(value: Any, lang: str, column: str = "", pack: RulePack | None = None) -> Any:
    if isinstance(value, bool):
        return t("report.yes" if value else "report.no", lang)
    if isinstance(value, str) and value and pack is not None and column in VALUE_DOMAINS:
        return pack.value_label(column, value).in_(lang)  # a kind, deadline, role, indicator: its name
    return value


def _fact_heading(fact: str, lang: str) -> str:
    code = f"report.fact.{fact}"
    try:
        return t(code, lang)
    except KeyError:  # a fact of another pack's rules: its id is its name
        return fact


def _fact_columns(decisions: Iterable[Decision]) -> list[str]:
    columns: dict[str, None] = {}
    for d in decisions:
        columns.update(dict.fromkeys(k for k in d.facts if k not in _IDENTITY))
    return list(columns)


# -- terminal tables ---------------------------------------------------------------------------------

#: The narrowest a wrapping column may be (names, other texts); where the columns do not fit
#: at these widths, cards read better than a table of slivers. A longer word is folded.
_NAME_MIN = 18
_TEXT_MIN = 12


@attrs.frozen
class _Column:
    heading: str
    key: bool = False  # part of the card's title in the card layout
    numeric: bool = False
    wrap: bool = True  # False: shown on one line, whole (ids)
    repeat: bool = True  # False: in a table, left blank where it repeats the row above


@attrs.frozen
class _Row:
    cells: tuple[Text, ...]
    style: str = ""
    section: str | None = None  # a heading row (an authority) instead of cells


@attrs.frozen
class _Sheet:
    """A table to print: as a table when it fits the width, else as cards."""

    title: str
    columns: tuple[_Column, ...]
    rows: tuple[_Row, ...]
    caption: tuple[str, ...] = ()


def print_tables(
    evaluation: Evaluation,
    console: Console,
    lang: str = "en",
    *,
    all_rows: bool = False,
    pack: RulePack | None = None,
    unit_names: Mapping[str, str] | None = None,
) -> None:
    """Print an evaluation for people, in ``lang``, fitted to ``console.width``:

    1. the enrolments counted and the engine;
    2. a summary per round and awarding authority: considered, eligible, the cap
       (``rate × base = maximum``; a cap of 0 in red) and selected;
    3. per round, the proposed (selected) by authority, collectives then individuals,
       with their achievement and standing; how many more were left out and why;
       ``all_rows`` lists every subject considered instead (the not selected with their
       rank, the not eligible with their reasons);
    4. the requirements not met (deadlines, rosters; with ``all_rows`` the met ones too) and
       the data findings.

    A table whose columns cannot all be shown at the width is printed as one card per row.
    ``unit_names`` (area code -> name) names the areas of the authorities; ``pack`` the waves.
    """
    c = evaluation.counting
    reasons = c.excluded_by_reason()
    reason_text = (
        " (" + "; ".join(f"{_exclusion(r, lang)}: {number(n, lang)}" for r, n in reasons.items()) + ")" if reasons else ""
    )
    title = pack.title.in_(lang) if pack is not None else evaluation.pack_id
    console.print(Text(title, style="bold"))
    console.print(
        Text(
            t("report.counting", lang, input=number(c.input_total, lang), counted=number(c.counted_total, lang),
              excluded=number(c.excluded_total, lang), reasons=reason_text)
        )
    )  # fmt: skip
    console.print(Text(t("report.engine", lang, engine=engine_name(evaluation.engine, lang))))
    console.print()

    all_groups = _view.groups(evaluation, lang, pack=pack, unit_names=unit_names)
    if all_groups:
        _print_sheet(console, _summary_sheet(all_groups, lang))
    legends = [t("report.legend.standing", lang)]
    if any(g.cap_zero for g in all_groups):
        legends.append(t("report.legend.cap-zero", lang))
    what = _view.achievement_what((d for g in all_groups for d in g.decisions), lang)
    if what:
        legends.append(t("report.legend.achievement", lang, what=what))

    for legend in legends:
        console.print(Text(legend, style="dim"))
    console.print()

    for round_id in _view.rounds(evaluation):
        round_groups = [g for g in all_groups if g.round == round_id]
        for award_id in dict.fromkeys(g.award_id for g in round_groups):
            award_groups = [g for g in round_groups if g.award_id == award_id]
            _print_sheet(console, _award_sheet(award_groups, lang, all_rows=all_rows))
        checks = [d for d in evaluation.for_round(round_id) if d.award is None]
        if checks:
            _print_sheet(console, _checks_sheet(checks, round_id, lang, pack, all_rows=all_rows))
    if evaluation.findings:
        _print_sheet(console, _findings_sheet(evaluation, lang))


def _summary_sheet(groups: Sequence[_view.Group], lang: str) -> _Sheet:
    columns = (
        _Column(t("report.h.authority", lang), key=True, repeat=False),
        _Column(t("report.h.kind", lang), key=True, wrap=False),
        _Column(t("report.h.eligible", lang), numeric=True),
        _Column(t("report.h.cap-short", lang), numeric=True, wrap=False),
        _Column(t("report.h.selected", lang), numeric=True),
    )
    rows = []
    previous: tuple[str, str] | None = None
    for g in groups:
        if (g.round, g.award_id) != previous:
            rows.append(_Row((), section=f"{g.round_label} · {g.award_name}"))
            previous = (g.round, g.award_id)
        rows.append(
            _Row(
                (
                    Text(g.authority),
                    Text(g.kind_label),
                    Text(number(g.eligible, lang)),
                    Text(g.cap, style="bold red" if g.cap_zero else ""),
                    Text(number(g.selected, lang)),
                ),
                style="green" if g.selected else "",
            )
        )
    return _Sheet(t("report.title.summary", lang), columns, tuple(rows))


def _award_sheet(groups: Sequence[_view.Group], lang: str, *, all_rows: bool) -> _Sheet:
    first = groups[0]
    columns = [
        _Column(t("report.h.no", lang), numeric=True),
        _Column(t("report.h.id", lang), key=True, wrap=False),
        _Column(t("report.h.name", lang), key=True),
        _Column(t("report.h.achievement", lang)),
        _Column(t("report.h.standing", lang)),
    ]
    if all_rows:
        columns.append(_Column(t("report.h.reasons", lang)))
    rows: list[_Row] = []
    for g in groups:
        shown = g.decisions if all_rows else g.proposed
        if not shown:
            continue
        rows.append(_Row((), section=f"{g.authority} · {g.kind_label} ({g.cap})"))
        for i, d in enumerate(shown, 1):
            place = _view.standing(d, lang) if all_rows else _view.rank_text(d, lang) or _view.standing(d, lang)
            cells = [
                Text(number(i, lang)),
                Text(d.subject_id),
                Text(d.subject_name),
                Text(_view.achievement(d, lang)),
                Text(place),
            ]
            if all_rows:
                cells.append(Text("; ".join(d.reasons(lang))))
            rows.append(_Row(tuple(cells), style="green" if d.selected else ("yellow" if d.eligible else "")))
    key = "report.title.all-round" if all_rows else "report.title.proposed-round"
    title = t(key, lang, round=first.round_label, award=first.award_name)
    caption: list[str] = []
    if not rows:
        caption.append(t("report.none-proposed", lang))
    if not all_rows:
        not_selected = sum(len(g.not_selected) for g in groups)
        not_eligible = sum(len(g.not_eligible) for g in groups)
        if not_selected or not_eligible:
            caption.append(
                t("report.rest", lang, not_selected=number(not_selected, lang), not_eligible=number(not_eligible, lang))
            )
    return _Sheet(title, tuple(columns), tuple(rows), tuple(caption))


def _checks_sheet(checks: Sequence[Decision], round_id: str, lang: str, pack: RulePack | None, *, all_rows: bool) -> _Sheet:
    failed = [d for d in checks if not d.eligible]
    columns = [_Column(t("report.h.unit", lang), key=True), _Column(t("report.h.requirement", lang), key=True)]
    if all_rows:
        columns.append(_Column(t("report.csv.outcome", lang), wrap=False))
    columns.append(_Column(t("report.h.reasons", lang)))
    rows = []
    for d in checks if all_rows else failed:
        cells = [Text(d.subject_label(lang)), Text(d.rule_title.in_(lang))]
        if all_rows:
            cells.append(Text(t(f"report.outcome.{d.outcome}", lang)))
        cells.append(Text("; ".join(c.sentence(lang) for c in d.failed)))
        rows.append(_Row(tuple(cells), "" if d.eligible else "red"))
    title = t(
        "report.title.checks-round", lang, round=_view.round_label(round_id, lang, pack), failed=number(len(failed), lang),
        total=number(len(checks), lang),
    )  # fmt: skip
    return _Sheet(title, tuple(columns), tuple(rows), () if rows else (t("report.none", lang),))


def _findings_sheet(evaluation: Evaluation, lang: str) -> _Sheet:
    columns = (
        _Column(t("report.h.check", lang), key=True, wrap=False),
        _Column(t("report.h.id", lang), key=True, wrap=False),
        _Column(t("report.h.wave", lang), numeric=True),
        _Column(t("report.h.message", lang)),
    )
    rows = tuple(
        _Row((Text(f.check_label(lang)), Text(f.subject_id or ""), Text(str(f.wave) if f.wave is not None else ""),
              Text(f.message_in(lang))))
        for f in evaluation.findings
    )  # fmt: skip
    return _Sheet(t("report.title.findings", lang), columns, rows)


def _exclusion(reason: str, lang: str) -> str:
    try:
        return t(f"report.exclusion.{reason}", lang)
    except KeyError:
        return reason


def _print_sheet(console: Console, sheet: _Sheet) -> None:
    widths = _fit(sheet, console.width)
    if widths is not None:
        console.print(_table(sheet, widths))
    else:
        console.print(_cards(sheet))
    for line in sheet.caption:
        console.print(Text(line, style="italic"))
    console.print()


# A table's frame: box.SIMPLE_HEAD draws a space between columns and a line under the
# headings, no outer edge; every column has one space of padding on each side.
_PADDING = 2
_SEPARATOR = 1


def _words(text: Text) -> int:
    return max((Text(w).cell_len for w in text.plain.split()), default=0)


def _lines(text: Text) -> int:
    return max((Text(line).cell_len for line in text.plain.splitlines()), default=0)


def _fit(sheet: _Sheet, width: int) -> list[int] | None:
    """Column widths that show every heading and key whole within ``width``, or None when
    the table cannot fit (then it is printed as cards).

    Each column gets at least its heading and, for columns that do not wrap (ids), its
    longest value; a wrapping column at least 18 cells for names, 12 for other texts (or
    its longest value when shorter), a longer word being folded. The room left goes to
    the widest wanting columns first (as rich does, but never below those least widths,
    which rich may cut into)."""
    data = [row for row in sheet.rows if row.section is None]
    lowest, highest = [], []
    for i, column in enumerate(sheet.columns):
        cells = [row.cells[i] for row in data]
        heading = Text(column.heading).cell_len
        longest = max([_lines(c) for c in cells], default=0)
        if not column.wrap:
            least = max(heading, longest)
        else:
            comfortable = _NAME_MIN if column.key else _TEXT_MIN
            least = max(heading, min(max([_words(c) for c in cells], default=0), comfortable), min(longest, comfortable))
        lowest.append(least)
        highest.append(max(least, longest))
    frame = len(sheet.columns) * _PADDING + (len(sheet.columns) - 1) * _SEPARATOR
    room = width - frame
    if sum(lowest) > room:
        return None
    widths = list(highest)
    excess = sum(widths) - room
    while excess > 0:
        # Narrow the widest column that may still give, by one cell.
        i = max((j for j in range(len(widths)) if widths[j] > lowest[j]), key=lambda j: (widths[j], -j))
        widths[i] -= 1
        excess -= 1
    return widths


def _table(sheet: _Sheet, widths: Sequence[int]) -> Group:
    """The sheet as a table of fixed column widths; a heading row spans the whole width
    (the table is printed in pieces of the same widths, so the columns line up)."""

    def piece(header: bool) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, show_header=header, padding=(0, 1), pad_edge=True, expand=False)
        for column, width in zip(sheet.columns, widths, strict=True):
            table.add_column(
                Text(column.heading, style="bold"), justify="right" if column.numeric else "left", width=width,
                no_wrap=not column.wrap, overflow="fold",
            )  # fmt: skip
        return table

    parts: list[Any] = [Text(sheet.title, style="bold"), piece(header=True)]
    current: Table | None = None
    above: tuple[Text, ...] = ()
    for row in sheet.rows:
        if row.section is not None:
            parts.append(Padding(Text(row.section, style="bold"), (0, 0, 0, 1)))
            current, above = None, ()
            continue
        if current is None:
            current = piece(header=False)
            parts.append(current)
        shown = [
            Text("") if not column.repeat and above and cell.plain == above[i].plain else cell
            for i, (column, cell) in enumerate(zip(sheet.columns, row.cells, strict=True))
        ]
        current.add_row(*shown, style=row.style or None)
        above = row.cells
    return Group(*parts)


def _cards(sheet: _Sheet) -> Group:
    """One block per row: its number and keys on the first line, then ``Heading: value`` lines."""
    parts: list[Any] = [Text(sheet.title, style="bold")]
    numbered = sheet.columns[0].numeric and not sheet.columns[0].key
    for row in sheet.rows:
        if row.section is not None:
            parts.append(Text(row.section, style="bold underline"))
            continue
        pairs = list(zip(sheet.columns, row.cells, strict=True))
        keys = [cell.plain for column, cell in pairs if column.key and cell.plain]
        head = Text(" · ".join(keys) or pairs[0][1].plain, style=f"bold {row.style}".strip())
        if numbered and keys:
            head = Text.assemble(f"{pairs[0][1].plain}. ", head)
            pairs = pairs[1:]
        parts.append(head)
        for column, cell in pairs:
            if column.key or not cell.plain:
                continue
            line = Text(f"{column.heading}: ", style="dim")
            line.append_text(cell)
            parts.append(Padding(line, (0, 0, 0, 2)))
    return Group(*parts)
