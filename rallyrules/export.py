"""Results out for notebooks: a pandas DataFrame, and the committee's review workbook.

:func:`to_dataframe` is :func:`rallyrules.reports.decision_rows` as a DataFrame (one row
per subject, round and rule), with empty cells as missing values and whole numbers as
integers. :func:`to_excel` writes the review workbook of :mod:`rallyrules.outputs.review`
(every subject of every round with outcome, reasons, rank and cap; checks; the exclusion
ledger; the receipt): what a committee reviews. The documents an office files (a Tờ trình
and its list per round and awarding authority) are :mod:`rallyrules.outputs.office`'s, or
``rallyrules report``'s. JSON and CSV stay with ``Evaluation.to_json`` and ``reports.to_csv``.
:func:`input_tables` writes the inputs themselves as an office keeps them (Vietnamese
headings and names, ``dd/mm/yyyy``), in a form :func:`rallyrules.load_dataset` reads back.

The workbook holds numbers as numbers and dates as dates, with Excel number formats
(``#,##0``, ``0.00%``, ``dd/mm/yyyy``): Excel shows them with the separators of the
computer's regional settings, so ``1.234`` and ``98,18%`` on a Vietnamese one. The same
evaluation always gives the same file, byte for byte: the only time in it is the receipt's.

Needs pandas (DataFrames), XlsxWriter (writing) and openpyxl (:func:`workbook` reads the
written file back): ``pip install 'rallyrules[tables]'``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .dataset import Dataset
from .evaluation import Evaluation
from .model import RulePack
from .reports import decision_rows

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook

__all__ = ["input_tables", "to_dataframe", "to_excel", "workbook"]


def to_dataframe(evaluation: Evaluation, lang: str = "vi") -> pd.DataFrame:
    """Every decision as a row of a pandas DataFrame: the columns of
    :func:`rallyrules.reports.decision_rows` (round, subject, rule, the facts decided on,
    outcome, selection, rank, cap, authority, fund, occasion, needed, reasons…), texts in
    ``lang``; empty cells are missing values, and columns of whole numbers are integers."""
    import pandas as pd

    _check_lang(lang)
    rows = decision_rows(evaluation, lang)
    frame = pd.DataFrame([{k: (None if v == "" else v) for k, v in row.items()} for row in rows])
    # Nullable dtypes: a rank column with gaps stays integers (Int64), not floats.
    return frame.convert_dtypes() if len(frame.columns) else frame


def to_excel(
    evaluation: Evaluation,
    path: str | Path,
    lang: str = "vi",
    *,
    pack: RulePack | None = None,
    prepared_on: dt.date | None = None,
) -> Path:
    """Write the review workbook (:func:`rallyrules.outputs.review.write_review`) to
    ``path``, which must end in ``.xlsx`` (ValueError otherwise, before anything is
    written), atomically: a failure leaves the previous file. ``pack`` (default: the pack of
    the receipt, when its files are unchanged) names the plan, the rounds and their periods;
    ``prepared_on`` (default: the day of the receipt) is printed under each title. The same
    evaluation gives the same bytes. Returns the path."""
    from ._io import check_writable
    from .outputs.review import write_review

    _check_lang(lang)
    path = check_writable(path, (".xlsx",))
    return write_review(evaluation, path, pack if pack is not None else _receipt_pack(evaluation), lang, prepared_on=prepared_on)


def workbook(
    evaluation: Evaluation, lang: str = "vi", *, pack: RulePack | None = None, prepared_on: dt.date | None = None
) -> Workbook:
    """The review workbook of :func:`to_excel`, read back as an openpyxl ``Workbook`` (to
    inspect or change in a notebook; for a national season write it with :func:`to_excel`)."""
    from openpyxl import load_workbook

    from .outputs.review import review_xlsx

    _check_lang(lang)
    data = review_xlsx(evaluation, pack if pack is not None else _receipt_pack(evaluation), lang, prepared_on=prepared_on)
    return load_workbook(io.BytesIO(data))


def input_tables(
    dataset: Dataset, folder: str | Path, *, pack: RulePack | None = None, lang: str = "vi", fmt: str = "xlsx"
) -> list[Path]:
    """Write the input tables of ``dataset`` into ``folder`` (made if missing) as an office
    would keep them, one file per table given (``<table>.xlsx`` or ``<table>.csv``), so that
    :func:`rallyrules.load_dataset` reads them back to the same records (the same inputs
    digest, the same decisions):

    - headings in ``lang``: the Vietnamese headings of :data:`rallyrules.tables.HEADINGS_VI`
      (``Mã đối tượng``, ``Cấp thi đua``…), or the English column names;
    - enumerated values by their names in the pack (``Cấp huyện``, ``BHYT hộ gia đình``,
      ``Tập thể``) when ``pack`` is given, else their ids; codes as text (an Excel cell of
      text: ``0100`` keeps its zero); whole numbers as numbers, without separators;
    - dates as date cells shown ``dd/mm/yyyy`` (xlsx), or ``dd/mm/yyyy`` text (CSV, vi) and
      ``YYYY-MM-DD`` (CSV, en).

    CSV files are UTF-8 with a byte order mark, for Excel. Nothing written can act: Excel
    cells are strings, and a CSV text cell starting with ``= + - @`` (or a tab) gets a
    leading ``'`` (OWASP), which such a cell then keeps when read back. An absent optional
    table is not written (it stays absent). Each file is written atomically. Returns the
    paths written. Raises ValueError for a ``fmt`` other than ``xlsx`` or ``csv``."""
    from . import tables
    from ._io import write_atomic
    from .facts import record_fields

    _check_lang(lang)
    if fmt not in ("xlsx", "csv"):
        raise ValueError(f"fmt must be 'xlsx' or 'csv' (got {fmt!r})")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables.TABLES:
        if table in dataset.absent:
            continue
        fields = record_fields(tables.FACT_OF_TABLE[table])
        headings = [tables.HEADINGS_VI.get(c, c) if lang == "vi" else c for c in fields]
        rows = [[_input_value(column, value, pack, lang) for column, value in zip(fields, row, strict=True)]
                for row in dataset.frame(table).iter_rows()]  # fmt: skip
        kinds = [kind for kind, _ in fields.values()]
        path = folder / f"{table}.{fmt}"
        data = _input_xlsx(table, headings, kinds, rows) if fmt == "xlsx" else _input_csv(headings, rows, lang)
        written.append(write_atomic(path, data))
    return written


def _input_value(column: str, value: object, pack: RulePack | None, lang: str) -> object:
    """A cell of an input table: an enumerated value by its name in ``lang`` (the name reads
    back as the id), anything else as it is."""
    from .model import VALUE_DOMAINS, VOCABULARY_COLUMNS

    if pack is not None and isinstance(value, str) and column in VOCABULARY_COLUMNS and column in VALUE_DOMAINS:
        return pack.value_label(column, value).in_(lang)
    return value


def _input_csv(headings: list[str], rows: list[list[object]], lang: str) -> str:
    import csv

    from .reports import BOM, FORMULA_TRIGGERS

    def cell(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return f"{value:%d/%m/%Y}" if lang == "vi" else value.isoformat()
        if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
            return "'" + value
        return value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([cell(h) for h in headings])
    writer.writerows([cell(v) for v in row] for row in rows)
    return BOM + out.getvalue()


def _input_xlsx(table: str, headings: list[str], kinds: list[str], rows: list[list[object]]) -> bytes:
    import xlsxwriter

    from .outputs._safe import excel_text

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(table[:31])
    bold, day, text_cell = (
        book.add_format({"bold": True}),
        book.add_format({"num_format": "dd/mm/yyyy"}),
        book.add_format({"num_format": "@"}),
    )
    for col, (heading, kind) in enumerate(zip(headings, kinds, strict=True)):
        sheet.write_string(0, col, excel_text(heading), bold)
        sheet.set_column(col, col, max(12, len(heading) + 2), text_cell if kind == "text" else day if kind == "date" else None)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, int) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, excel_text(value), text_cell)  # text, never a formula
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def _check_lang(lang: str) -> None:
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en' (got {lang!r})")


def _receipt_pack(evaluation: Evaluation) -> RulePack | None:
    """The pack that decided, when the evaluation has its receipt."""
    return evaluation.pack if evaluation.receipt is not None else None
