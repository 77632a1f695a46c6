"""The tables of a data set, from CSV, Excel (``.xlsx``), Parquet or pandas DataFrames.

Every reader hands on the same thing: per row, where it is (the file and its row, the
header being row 1; for a DataFrame, its index label) and its cells keyed by the English
column names. :func:`fact_from_cells` then turns each cell into a value of its column's
type (dates, whole numbers, text) and builds the typed fact
(:mod:`rallyrules.facts`); a row that cannot be built is reported with every reason.

Headers may be the English column names or the Vietnamese headings of BHXH exports
(:data:`COLUMN_ALIASES`), in any case, NFC or NFD, with or without diacritics, with
spaces, ``_`` or ``-`` between words. These aliases are the library's vocabulary of
social-insurance exports, not a plan's policy, so they live here, as data.

Reading ``.xlsx`` needs openpyxl, ``.parquet`` pyarrow, DataFrames pandas (the
``tables`` extra: ``pip install 'rallyrules[tables]'``); CSV needs nothing more.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .errors import Problem
from .facts import AdminUnit, Attestation, Enrolment, Quota, RosterLine, Subject, Submission, TargetResult, record_fields

__all__ = [
    "COLUMN_ALIASES",
    "FACT_OF_TABLE",
    "FORMATS",
    "OPTIONAL_TABLES",
    "REQUIRED_TABLES",
    "TABLES",
    "VALUE_ALIASES",
    "Row",
    "column_of",
    "convert_cells",
    "fact_from_cells",
    "find_table",
    "input_schema",
    "input_schema_text",
    "match_columns",
    "parse_date",
    "plain_key",
    "read_table",
    "rows_from_dataframe",
]

REQUIRED_TABLES = ("subjects", "quotas", "enrolments")
OPTIONAL_TABLES = ("attestations", "targets", "submissions", "rosters")
TABLES = REQUIRED_TABLES + OPTIONAL_TABLES
FACT_OF_TABLE: dict[str, type] = {
    "subjects": Subject,
    "quotas": Quota,
    "enrolments": Enrolment,
    "attestations": Attestation,
    "targets": TargetResult,
    "submissions": Submission,
    "rosters": RosterLine,
    # Optional names of the areas and scopes (docs/input-format.md); read by its own reader.
    "admin-units": AdminUnit,
}
#: The file formats a table may come in, as ``<table>.<format>``; one per table.
FORMATS = ("csv", "xlsx", "parquet")

#: Vietnamese headings accepted for each English column (any table that has the column).
#: Matching ignores case, Unicode form, diacritics and ``_``/``-``/spaces, so
#: ``mã đơn vị``, ``Mã Đơn Vị``, ``ma_don_vi`` and ``MA DON VI`` are all ``subject_id``.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "subject_id": ("mã đơn vị", "mã tập thể", "mã đối tượng", "mã đối tượng thi đua"),
    "name": ("tên", "tên đơn vị", "tên tập thể", "tên tập thể/cá nhân", "họ và tên", "họ tên"),
    "kind": ("loại", "loại đối tượng", "tập thể/cá nhân"),
    "level": ("cấp", "cấp khen thưởng", "cấp thi đua"),
    "parent_id": ("mã đơn vị cấp trên", "mã cấp trên", "đơn vị cấp trên"),
    "area_code": ("mã địa bàn", "mã đơn vị hành chính", "mã địa danh"),
    "scope": ("phạm vi", "địa bàn khen thưởng"),
    "wave": ("đợt", "đợt thi đua", "đợt ra quân"),
    "quota": ("chỉ tiêu", "chỉ tiêu được giao", "số chỉ tiêu"),
    "enrolment_id": ("mã hồ sơ", "số hồ sơ", "mã tham gia"),
    "person_id": ("mã số bhxh", "mã bhxh", "mã số bảo hiểm xã hội", "mã số bhxh/bhyt"),
    "scheme": ("loại hình", "chế độ", "loại hình tham gia"),
    "enrolled_on": ("ngày tham gia", "ngày đăng ký", "ngày đăng ký tham gia"),
    "covered_until": ("hạn thẻ", "giá trị đến", "giá trị sử dụng đến", "hạn sử dụng", "hạn tham gia", "đến ngày"),
    "credited_to": ("đơn vị vận động", "mã đơn vị vận động", "tập thể vận động"),
    "credited_individual": ("cá nhân vận động", "mã cá nhân vận động", "người vận động"),
    "attested_by": ("người xác nhận", "xác nhận bởi"),
    "attested_on": ("ngày xác nhận",),
    "indicator": ("chỉ số", "loại chỉ tiêu"),
    "target": ("kế hoạch", "chỉ tiêu năm", "mục tiêu"),
    "result": ("kết quả", "thực hiện"),
    "deadline": ("hạn nộp", "loại báo cáo"),
    "submitter": ("đơn vị nộp", "đơn vị gửi"),
    "submitted_on": ("ngày nộp", "ngày gửi"),
    "unit": ("đơn vị",),
    "role": ("vai trò", "lực lượng"),
    "people": ("số người", "số lượng"),
    # Payment records (rallyrules.payments): the voluntary-BHXH list D05-TS says Tuthang/Sothang.
    "start_month": ("tuthang", "từ tháng", "tháng bắt đầu"),
    "months": ("sothang", "số tháng", "số tháng đóng"),
    "paid_on": ("ngày đóng", "ngày nộp tiền", "ngày đóng tiền"),
    "renewal": ("tái tục", "gia hạn", "tham gia tiếp"),
    "previous_expiry": ("hạn thẻ cũ", "hạn cũ", "hạn thẻ trước"),
}

#: Words accepted for the values of a column, matched like headings.
VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {"collective": ("tập thể",), "individual": ("cá nhân",)},
}

Fields = Mapping[str, tuple[str, bool]]
#: One row as read: where it is (file, or DataFrame and label), its row number, its cells.
Row = tuple[str, int | None, dict[str, Any]]
T = TypeVar("T")

_SEPARATORS = re.compile(r"[\s_\-]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\Z")
_NEEDS = {"xlsx": "openpyxl", "parquet": "pyarrow", "DataFrame": "pandas"}


def _key(text: str) -> str:
    """A heading as compared: NFC, case-folded, words separated by one space."""
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def _plain(key: str) -> str:
    """``_key`` without diacritics: ``mã đơn vị`` -> ``ma don vi`` (đ is its own letter in Unicode)."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def plain_key(text: str) -> str:
    """Text as headings and value words are matched: case, Unicode form, diacritics and
    ``_``/``-``/spaces ignored (``Không`` -> ``khong``)."""
    return _plain(_key(text))


@functools.cache
def _lookup(names: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """For the columns ``names``: exact keys -> column, plain keys -> column, and each key's
    spelling to show in suggestions. Two columns sharing a key would make a heading
    ambiguous: that is a mistake in the alias table, refused here."""
    exact: dict[str, str] = {}
    plain: dict[str, str] = {}
    shown: dict[str, str] = {}
    for name in names:
        for spelling in (name, *COLUMN_ALIASES.get(name, ())):
            for table, key in ((exact, _key(spelling)), (plain, _plain(_key(spelling)))):
                if table.get(key, name) != name:
                    raise ValueError(f"column alias {spelling!r} of {name!r} is also an alias of {table[key]!r}")
                table[key] = name
                shown.setdefault(key, spelling)
    return exact, plain, shown


def column_of(heading: str, names: Sequence[str]) -> str | None:
    """The English column a heading stands for, among ``names``; None when it is not one."""
    exact, plain, _ = _lookup(tuple(names))
    key = _key(heading)
    return exact.get(key) or plain.get(_plain(key))


def match_columns(header: Sequence[Any], fields: Fields) -> tuple[list[str | None], list[str]]:
    """The English column of each heading in ``header`` (None for a blank heading), and
    what is wrong with the header: missing, unknown (with a suggestion) or repeated columns."""
    names = tuple(fields)
    _exact, plain, shown = _lookup(names)
    columns: list[str | None] = []
    unknown: list[str] = []
    hints: list[str] = []
    first: dict[str, str] = {}
    repeated: list[str] = []
    for cell in header:
        heading = "" if cell is None else str(cell)
        if not heading.strip():
            columns.append(None)  # a blank heading: its cells must be empty (checked per row)
            continue
        column = column_of(heading, names)
        columns.append(column)
        if column is None:
            unknown.append(heading)
            close = difflib.get_close_matches(_plain(_key(heading)), list(plain), n=1, cutoff=0.6)
            if close:
                spelling = shown[close[0]]
                suggestion = f"'{plain[close[0]]}'" + (f" ('{spelling}')" if spelling != plain[close[0]] else "")
                hints.append(f"for '{heading}' did you mean {suggestion}?")
        elif column in first:
            repeated.append(f"'{first[column]}' and '{heading}' are both column '{column}'")
        else:
            first[column] = heading
    problems = []
    missing = [n for n, (_, required) in fields.items() if required and n not in first]
    if missing:
        problems.append(f"missing column(s) {missing}")
    if unknown:
        problems.append(f"unknown column(s) {unknown}" + (f" ({'; '.join(hints)})" if hints else ""))
    problems += repeated
    if problems:
        problems.append(f"expected columns {list(names)} or their Vietnamese names")
    return columns, problems


# -- cells -> values ------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and math.isnan(value))


def parse_date(value: Any) -> dt.date:
    """A date cell: ``YYYY-MM-DD`` or ``dd/mm/yyyy`` text (day first, as written in
    Vietnam), or a spreadsheet date (a datetime at midnight). Raises ValueError saying why not."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(f"expected a date, got a date and time with a time zone ({value.isoformat()})")
        if value.time() != dt.time(0):
            raise ValueError(f"expected a date, got a date and time ({value:%d/%m/%Y %H:%M:%S}); remove the time part")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        iso, vn = _ISO_DATE.match(text), _VN_DATE.match(text)
        if iso or vn:
            if iso:
                year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
            else:
                assert vn is not None
                day, month, year = int(vn[1]), int(vn[2]), int(vn[3])
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{text!r} is not a date that exists (day {day}, month {month}, year {year})") from None
        raise ValueError(f"expected a date as dd/mm/yyyy (day first) or YYYY-MM-DD, got {text!r}")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise ValueError(f"expected a date, got the number {value!r}; format the cell as a date, or write dd/mm/yyyy")
    raise ValueError(f"expected a date, got {value!r}")


def _whole(value: float | Decimal) -> int | None:
    """12.0 -> 12 (spreadsheets and data frames store whole numbers as floats); else None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value) if value == int(value) else None


def _cell(value: Any, kind: str, column: str) -> Any:
    """One non-blank cell as a value of ``kind`` (text, integer, date); ValueError if it cannot be."""
    if kind == "date":
        return parse_date(value)
    if isinstance(value, bool):
        raise ValueError(f"expected {'a whole number' if kind == 'integer' else 'text'}, got {value!r}")
    if kind == "integer":
        if isinstance(value, (float, Decimal)):
            whole = _whole(value)
            if whole is None:
                raise ValueError(f"expected a whole number, got {value!r}")
            return whole
        return value  # ints, and text that facts reads as digits (or refuses, naming it)
    # text: codes typed into a spreadsheet often become numbers (916, 9285416030.0)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        whole = _whole(value)
        if whole is None:
            raise ValueError(f"expected text, got the number {value!r}")
        return str(whole)
    if isinstance(value, dt.date):
        raise ValueError(f"expected text, got the date {value:%d/%m/%Y} (a spreadsheet may have turned the text into a date)")
    if isinstance(value, str):
        words = VALUE_ALIASES.get(column)
        if words:
            key = _plain(_key(value))
            for word, aliases in words.items():
                if key in {_plain(_key(a)) for a in aliases}:
                    return word
        return value
    raise ValueError(f"expected text, got {value!r}")


def convert_cells(cells: Mapping[str, Any], fields: Fields) -> tuple[dict[str, Any], dict[str, str]]:
    """Each non-blank cell as a value of its column's type; and the problem of each cell
    that could not be converted (by column)."""
    record: dict[str, Any] = {}
    bad: dict[str, str] = {}
    for column, value in cells.items():
        kind = fields[column][0] if column in fields else "text"
        if type(value) is str:
            if not value.strip():
                continue
            if kind != "date" and column not in VALUE_ALIASES:
                record[column] = value  # the common case of CSV: from_record reads text and digits
                continue
        elif _is_blank(value):
            continue
        try:
            record[column] = _cell(value, kind, column)
        except ValueError as exc:
            bad[column] = f"'{column}': {exc}"
    return record, bad


@functools.cache
def _fields_of(cls: type) -> dict[str, tuple[str, bool]]:
    return record_fields(cls)


def fact_from_cells(cls: type[T], cells: Mapping[str, Any]) -> T:
    """Build an input fact from the cells of a row (any reader): converted to each
    column's type, then checked by ``cls.from_record``. Raises ValueError naming every
    bad field of the row."""
    record, bad = convert_cells(cells, _fields_of(cls))  # type: ignore[arg-type]  # classes are hashable
    try:
        fact: T = cls.from_record(record)  # type: ignore[attr-defined]
    except ValueError as exc:
        if not bad:
            raise
        # The bad cells were left out, so from_record calls them missing: say why instead.
        rest = [m for m in str(exc).split("; ") if m not in {f"missing '{c}'" for c in bad}]
        raise ValueError("; ".join([*bad.values(), *rest])) from None
    if bad:
        raise ValueError("; ".join(bad.values()))
    return fact


# -- files and frames -> rows ----------------------------------------------------------------


def find_table(directory: Path, table: str) -> tuple[Path | None, list[Problem]]:
    """The one file of ``table`` in ``directory`` (``.csv``, ``.xlsx`` or ``.parquet``), or
    None; two files for one table is a problem naming both."""
    found = [directory / f"{table}.{ext}" for ext in FORMATS if (directory / f"{table}.{ext}").is_file()]
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        return None, [Problem(f"table '{table}' is given twice, as {names}; keep one file per table", str(found[0]))]
    if not found and (directory / f"{table}.xls").is_file():
        return None, [Problem("is an Excel 97-2003 workbook; save it as .xlsx (Excel Workbook)", str(directory / f"{table}.xls"))]
    return (found[0] if found else None), []


def read_table(path: Path, fields: Fields) -> tuple[list[Row], list[Problem]]:
    """The rows of one table file (by its suffix: ``.csv``, ``.xlsx`` — the first sheet —
    or ``.parquet``), with the row number of each (header = 1), and every problem of its
    header or layout. A file whose header is wrong yields no rows."""
    name = str(path)
    fmt = path.suffix.lstrip(".").lower()
    header: Sequence[Any]
    body: Sequence[tuple[int, Sequence[Any]]]
    try:
        if fmt == "csv":
            header, body = _csv_rows(path)
        elif fmt == "xlsx":
            header, body = _xlsx_rows(path)
        elif fmt == "parquet":
            header, body = _parquet_rows(path)
        else:
            return [], [Problem(f"cannot read a '.{fmt}' file; give the table as {', '.join('.' + f for f in FORMATS)}", name)]
    except ImportError as exc:
        return [], [Problem(f"reading .{fmt} files needs {_NEEDS.get(fmt, exc.name)}: pip install 'rallyrules[tables]'", name)]
    except _Unreadable as exc:
        return [], [Problem(str(exc), name, exc.line)]
    return _rows(name, header, ((name, line, cells) for line, cells in body), fields, ragged=fmt != "csv")


def rows_from_dataframe(frame: Any, fields: Fields, name: str) -> tuple[list[Row], list[Problem]]:
    """The rows of a pandas DataFrame, each named ``name[index label]``; missing values
    (NaN, NaT, None, pd.NA) are empty cells."""
    try:
        import pandas as pd
    except ImportError:
        return [], [Problem("reading DataFrames needs pandas: pip install 'rallyrules[tables]'", name)]
    if not isinstance(frame, pd.DataFrame):
        return [], [Problem(f"expected a pandas DataFrame, got {type(frame).__name__}", name)]
    if isinstance(frame.columns, pd.MultiIndex):
        return [], [Problem("has several header levels (a MultiIndex); give one heading per column", name)]

    def value(cell: Any) -> Any:
        if pd.api.types.is_scalar(cell) and pd.isna(cell):
            return None
        if isinstance(cell, pd.Timestamp):
            return cell.to_pydatetime()
        return cell.item() if hasattr(cell, "item") and type(cell).__module__ == "numpy" else cell

    body = (
        (f"{name}[{label}]", None, [value(c) for c in cells])
        for label, cells in zip(frame.index, frame.itertuples(index=False, name=None), strict=True)
    )
    rows, problems = _rows(name, list(frame.columns), body, fields, ragged=False, header_line=None)
    index_names = [n for n in frame.index.names if n in fields]
    if problems and index_names:
        problems.append(Problem(f"{index_names} is the DataFrame's index; call .reset_index() to make it a column", name))
    return rows, problems


class _Unreadable(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _csv_rows(path: Path) -> tuple[list[str], list[tuple[int, Sequence[Any]]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            body: list[tuple[int, Sequence[Any]]] = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise _Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"not valid UTF-8 ({exc.reason}); save the file as UTF-8") from None
    except csv.Error as exc:
        raise _Unreadable(f"not valid CSV: {exc}") from None
    return header, body


def _xlsx_rows(path: Path) -> tuple[list[Any], list[tuple[int, Sequence[Any]]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: the values Excel last computed, not formulas; read_only: streams big sheets.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _Unreadable(f"cannot read the workbook: {exc}") from None
    try:
        sheet = workbook.worksheets[0]
        # Read-only sheets give every row from the first, empty ones included, so the
        # position is the row number Excel shows.
        rows = enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        header = list(next(rows, (0, ()))[1])
        body = [(number, row) for number, row in rows]
    finally:
        workbook.close()
    while header and _is_blank(header[-1]):
        header.pop()  # Excel often reports formatted but empty columns after the table
    return header, body


def _parquet_rows(path: Path) -> tuple[list[str], list[tuple[int, Sequence[Any]]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        raise _Unreadable(f"cannot read the Parquet file: {exc}") from None
    columns = [column.to_pylist() for column in table.columns]
    # Rows are numbered as if the file were a sheet whose row 1 is the header.
    return list(table.column_names), [(i + 2, row) for i, row in enumerate(zip(*columns, strict=True))]


def _rows(
    name: str,
    header: Sequence[Any],
    body: Iterable[tuple[str, int | None, Sequence[Any]]],
    fields: Fields,
    *,
    ragged: bool,
    header_line: int | None = 1,
) -> tuple[list[Row], list[Problem]]:
    columns, header_problems = match_columns(header, fields)
    if header_problems:
        return [], [Problem(f"header: {'; '.join(header_problems)}", name, header_line)]
    rows: list[Row] = []
    problems: list[Problem] = []
    for where, line, cells in body:
        if all(_is_blank(c) for c in cells):
            continue  # an empty row holds no record (CSV readers skip blank lines too)
        if not ragged and len(cells) != len(columns):
            problems.append(Problem(f"has {len(columns)} columns in the header but {len(cells)} in this row", where, line))
            continue
        stray = [i for i, c in enumerate(cells) if (i >= len(columns) or columns[i] is None) and not _is_blank(c)]
        if stray:
            letters = ", ".join(_letter(i) for i in stray)
            problems.append(Problem(f"has values in column(s) {letters}, which have no heading", where, line))
            continue
        # A sheet's row may stop before the last heading (empty cells) or, blank, go past it.
        rows.append((where, line, {c: v for c, v in zip(columns, cells, strict=False) if c is not None}))
    return rows, problems


def _letter(index: int) -> str:
    """The spreadsheet name of the column at 0-based ``index``: A, B, … Z, AA…"""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


# -- the published input format ------------------------------------------------------------------

_DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"


def input_schema(table: str) -> dict[str, Any]:
    """The JSON Schema of ``table`` (e.g. ``"subjects"``): an array of rows, each an
    object keyed by the English column names, with each column's type, bounds and
    Vietnamese aliases (``x-aliases``). Shipped as ``_schema/input-<table>.schema.json``."""
    cls = FACT_OF_TABLE[table]
    properties: dict[str, Any] = {}
    for attribute in attrs.fields(cls):
        kind, required = record_fields(cls)[attribute.name]
        prop: dict[str, Any]
        if kind == "integer":
            prop = {"type": "integer"}
        elif kind == "date":
            prop = {"type": "string", "pattern": _DATE_PATTERN, "description": "a date: YYYY-MM-DD or dd/mm/yyyy (day first)"}
        else:
            prop = {"type": "string"} | ({"minLength": 1} if required else {})
        for validator in _validators(attribute.validator):
            # attrs' own validators expose their bounds and options: the schema follows the classes.
            if getattr(validator, "compare_op", None) == ">=":
                prop["minimum"] = validator.bound
            if getattr(validator, "options", None) is not None:
                prop["enum"] = list(validator.options)
        if not required:
            prop["type"] = [prop["type"], "null"]
            if "enum" in prop:
                prop["enum"].append(None)
        aliases = COLUMN_ALIASES.get(attribute.name, ())
        if aliases:
            prop["x-aliases"] = list(aliases)
        properties[attribute.name] = prop
    first_line = (cls.__doc__ or "").strip().split("\n\n")[0]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://rallyrules.invalid/schema/input-{table}/1",
        "title": f"rallyrules input table '{table}'",
        "description": (
            f"The rows of {table}.csv, {table}.xlsx (first sheet) or {table}.parquet, each as an object keyed by the "
            f"English column names (Vietnamese headings are accepted as the aliases listed in x-aliases). "
            f"One row: {' '.join(first_line.split())} An empty cell is no value (null)."
        ),
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": [n for n, (_, required) in record_fields(cls).items() if required],
            "properties": properties,
        },
    }


def input_schema_text(table: str) -> str:
    """:func:`input_schema` as the exact text of its shipped file."""
    return json.dumps(input_schema(table), ensure_ascii=False, indent=2) + "\n"


def _validators(validator: Any) -> list[Any]:
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)  # attrs' and_(), from a list of validators
    return [v for part in inner for v in _validators(part)] if inner is not None else [validator]
