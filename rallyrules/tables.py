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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .errors import Problem
from .facts import (
    INT64_MAX,
    INT64_MIN,
    AdminUnit,
    Attestation,
    Enrolment,
    Quota,
    RosterLine,
    Subject,
    Submission,
    TargetResult,
    record_fields,
)
from .text import Column, Message, MessageError, Quoted

__all__ = [
    "COLUMN_ALIASES",
    "FACT_OF_TABLE",
    "FORMATS",
    "HEADINGS_VI",
    "IDENTIFIER_COLUMNS",
    "OPTIONAL_TABLES",
    "REQUIRED_TABLES",
    "TABLES",
    "VALUE_ALIASES",
    "RawSource",
    "Row",
    "clean_text",
    "column_of",
    "convert_cells",
    "fact_from_cells",
    "find_table",
    "input_schema",
    "input_schema_text",
    "match_columns",
    "open_table",
    "parse_date",
    "plain_key",
    "raw_frame_of_dataframe",
    "read_table",
    "rows_from_dataframe",
    "validator_parts",
]

REQUIRED_TABLES = ("subjects", "quotas", "enrolments")
#: ``admin-units`` names the areas and scopes (docs/input-format.md): read like the others,
#: it decides nothing; it is in the inputs digest only when given (see rallyrules._digest).
OPTIONAL_TABLES = ("attestations", "targets", "submissions", "rosters", "admin-units")
TABLES = REQUIRED_TABLES + OPTIONAL_TABLES
FACT_OF_TABLE: dict[str, type] = {
    "subjects": Subject,
    "quotas": Quota,
    "enrolments": Enrolment,
    "attestations": Attestation,
    "targets": TargetResult,
    "submissions": Submission,
    "rosters": RosterLine,
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
    "deadline": ("hạn nộp", "loại báo cáo", "văn bản phải gửi"),
    "submitter": ("đơn vị nộp", "đơn vị gửi"),
    "submitted_on": ("ngày nộp", "ngày gửi"),
    "unit": ("đơn vị",),
    "role": ("vai trò", "lực lượng"),
    "people": ("số người", "số lượng"),
    # The statistics office's list of administrative units (admin-units).
    "province_code": ("mã tỉnh", "mã đơn vị cấp tỉnh"),
    "province": ("tỉnh", "tên tỉnh", "đơn vị cấp tỉnh"),
    "district_code": ("mã huyện", "mã quận huyện", "mã đơn vị cấp huyện"),
    "district": ("huyện", "quận huyện", "tên quận huyện", "đơn vị cấp huyện"),
    "district_type": ("loại đơn vị cấp huyện",),
    "commune_code": ("mã xã", "mã xã phường", "mã đơn vị cấp xã"),
    "commune": ("xã", "xã phường", "tên xã phường", "đơn vị cấp xã"),
    "commune_type": ("loại đơn vị cấp xã",),
    # Payment records (rallyrules.payments): the voluntary-BHXH list D05-TS says Tuthang/Sothang.
    "start_month": ("tuthang", "từ tháng", "tháng bắt đầu"),
    "months": ("sothang", "số tháng", "số tháng đóng"),
    "paid_on": ("ngày đóng", "ngày nộp tiền", "ngày đóng tiền"),
    "renewal": ("tái tục", "gia hạn", "tham gia tiếp"),
    "previous_expiry": ("hạn thẻ cũ", "hạn cũ", "hạn thẻ trước"),
}

#: The heading the library writes for each column in Vietnamese (one of its aliases, so that
#: what it writes is read back), and by which Vietnamese messages name a column.
HEADINGS_VI: dict[str, str] = {
    "subject_id": "Mã đối tượng", "name": "Tên", "kind": "Loại đối tượng", "level": "Cấp thi đua",
    "parent_id": "Mã đơn vị cấp trên", "area_code": "Mã địa bàn", "scope": "Địa bàn khen thưởng", "wave": "Đợt thi đua",
    "quota": "Chỉ tiêu", "enrolment_id": "Mã hồ sơ", "person_id": "Mã số BHXH", "scheme": "Loại hình tham gia",
    "enrolled_on": "Ngày tham gia", "covered_until": "Hạn tham gia", "credited_to": "Đơn vị vận động",
    "credited_individual": "Cá nhân vận động", "attested_by": "Người xác nhận", "attested_on": "Ngày xác nhận",
    "indicator": "Loại chỉ tiêu", "target": "Chỉ tiêu năm", "result": "Kết quả", "deadline": "Văn bản phải gửi",
    "submitter": "Đơn vị gửi", "submitted_on": "Ngày gửi", "unit": "Đơn vị", "role": "Vai trò", "people": "Số người",
    "province_code": "Mã đơn vị cấp tỉnh", "province": "Đơn vị cấp tỉnh", "district_code": "Mã đơn vị cấp huyện",
    "district": "Đơn vị cấp huyện", "district_type": "Loại đơn vị cấp huyện", "commune_code": "Mã đơn vị cấp xã",
    "commune": "Đơn vị cấp xã", "commune_type": "Loại đơn vị cấp xã",
}  # fmt: skip

#: Columns that hold identifiers (codes): compared as the exact text typed. A number in such
#: a cell is refused, not turned into text: a spreadsheet that took 0100000001 for a number
#: shows 100000001, and the office's records say otherwise.
IDENTIFIER_COLUMNS = frozenset(
    {"subject_id", "parent_id", "area_code", "scope", "enrolment_id", "person_id", "credited_to", "credited_individual",
     "submitter", "unit", "province_code", "district_code", "commune_code"}
)  # fmt: skip

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


def clean_text(value: str) -> str | None:
    """Text as records hold it: stripped, in NFC; blank is no value (None)."""
    value = unicodedata.normalize("NFC", value.strip())
    return value or None


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


def match_columns(header: Sequence[Any], fields: Fields) -> tuple[list[str | None], list[Message]]:
    """The English column of each heading in ``header`` (None for a blank heading), and
    what is wrong with the header (catalog messages): missing, unknown (with a suggestion)
    or repeated columns."""
    names = tuple(fields)
    _exact, plain, shown = _lookup(names)
    columns: list[str | None] = []
    unknown: list[Quoted] = []
    hints: list[Message] = []
    first: dict[str, str] = {}
    repeated: list[Message] = []
    for cell in header:
        heading = "" if cell is None else str(cell)
        if not heading.strip():
            columns.append(None)  # a blank heading: its cells must be empty (checked per row)
            continue
        column = column_of(heading, names)
        columns.append(column)
        if column is None:
            unknown.append(Quoted(heading))
            close = difflib.get_close_matches(_plain(_key(heading)), list(plain), n=1, cutoff=0.6)
            if close:
                spelling = shown[close[0]]
                if spelling != plain[close[0]]:
                    hints.append(
                        Message("data.header.did-you-mean-spelled", heading=Quoted(heading), column=Quoted(plain[close[0]]),
                                spelling=spelling)
                    )  # fmt: skip
                else:
                    hints.append(Message("data.header.did-you-mean", heading=Quoted(heading), column=Column(plain[close[0]])))
        elif column in first:
            repeated.append(
                Message("data.header.repeated", first=Quoted(first[column]), heading=Quoted(heading), column=Column(column))
            )
        else:
            first[column] = heading
    problems: list[Message] = []
    missing = [Column(n) for n, (_, required) in fields.items() if required and n not in first]
    if missing:
        problems.append(Message("data.header.missing", columns=missing))
    if unknown:
        if hints:
            problems.append(Message("data.header.unknown-hints", headings=unknown, hints=hints))
        else:
            problems.append(Message("data.header.unknown", headings=unknown))
    problems += repeated
    if problems:
        problems.append(Message("data.header.expected", columns=[Column(n) for n in names if fields[n][1]]))
    return columns, problems


# -- cells -> values ------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and math.isnan(value))


def parse_date(value: Any) -> dt.date:
    """A date cell: ``YYYY-MM-DD`` or ``dd/mm/yyyy`` text (day first, as written in
    Vietnam), or a spreadsheet date (a datetime at midnight). Raises ValueError saying why not."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise MessageError(Message("data.date.time-zone", value=value.isoformat()))
        if value.time() != dt.time(0):
            raise MessageError(Message("data.date.time", value=f"{value:%d/%m/%Y %H:%M:%S}"))
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
                raise MessageError(
                    Message("data.date.no-such-day", value=repr(text), day=str(day), month=str(month), year=str(year))
                ) from None
        raise MessageError(Message("data.date.expected-text", value=repr(text)))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise MessageError(Message("data.date.number", value=repr(value)))
    raise MessageError(Message("data.date.expected", value=repr(value)))


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
        raise MessageError(Message("data.whole.expected" if kind == "integer" else "data.text.expected", value=repr(value)))
    if kind == "integer":
        if isinstance(value, (float, Decimal)):
            whole = _whole(value)
            if whole is None:
                raise MessageError(Message("data.whole.expected", value=repr(value)))
            return whole
        return value  # ints, and text that facts reads as digits (or refuses, naming it)
    if isinstance(value, (int, float, Decimal)) and column in IDENTIFIER_COLUMNS:
        shown = _whole(value) if isinstance(value, (float, Decimal)) and _whole(value) is not None else value
        raise MessageError(Message("data.code.number", value=str(shown)))
    # Other text (names, words): a number typed there is read as its digits.
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        whole = _whole(value)
        if whole is None:
            raise MessageError(Message("data.text.number", value=repr(value)))
        return str(whole)
    if isinstance(value, dt.date):
        raise MessageError(Message("data.text.date", value=f"{value:%d/%m/%Y}"))
    if isinstance(value, str):
        words = VALUE_ALIASES.get(column)
        if words:
            key = _plain(_key(value))
            for word, aliases in words.items():
                if key in {_plain(_key(a)) for a in aliases}:
                    return word
        return value
    raise MessageError(Message("data.text.expected", value=repr(value)))


def convert_cells(cells: Mapping[str, Any], fields: Fields) -> tuple[dict[str, Any], dict[str, Message]]:
    """Each non-blank cell as a value of its column's type; and the problem of each cell
    that could not be converted (by column), as a catalog message."""
    record: dict[str, Any] = {}
    bad: dict[str, Message] = {}
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
        except MessageError as exc:
            bad[column] = Message("data.field", field=Column(column), problem=list(exc.messages))
    return record, bad


@functools.cache
def _fields_of(cls: type) -> dict[str, tuple[str, bool]]:
    return record_fields(cls)


def fact_from_cells(cls: type[T], cells: Mapping[str, Any]) -> T:
    """Build an input fact from the cells of a row (any reader): converted to each
    column's type, then checked by ``cls.from_record``. Raises
    :class:`~rallyrules.text.MessageError` (a ValueError) naming every bad field of the row."""
    record, bad = convert_cells(cells, _fields_of(cls))  # type: ignore[arg-type]  # classes are hashable
    try:
        fact: T = cls.from_record(record)  # type: ignore[attr-defined]
    except MessageError as exc:
        if not bad:
            raise
        # The bad cells were left out, so from_record calls them missing: say why instead.
        rest = [m for m in exc.messages if not (m.code == "data.record.missing" and m.params.get("field") in bad)]
        raise MessageError(*bad.values(), *rest) from None
    if bad:
        raise MessageError(*bad.values())
    return fact


# -- files and frames -> rows ----------------------------------------------------------------


def find_table(directory: Path, table: str) -> tuple[Path | None, list[Problem]]:
    """The one file of ``table`` in ``directory`` (``.csv``, ``.xlsx`` or ``.parquet``), or
    None; two files for one table is a problem naming both."""
    found = [directory / f"{table}.{ext}" for ext in FORMATS if (directory / f"{table}.{ext}").is_file()]
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        return None, [Problem.at("data.file.twice", str(found[0]), table=Quoted(table), names=names)]
    if not found and (directory / f"{table}.xls").is_file():
        return None, [Problem.at("data.file.xls", str(directory / f"{table}.xls"))]
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
            return [], [Problem.at("data.file.format", name, fmt=fmt, formats=_FORMAT_LIST)]
    except ImportError as exc:
        return [], [Problem.at("data.file.needs", name, fmt=fmt, need=_NEEDS.get(fmt, exc.name or ""))]
    except _Unreadable as exc:
        return [], [Problem.of(exc.message, name, exc.line)]
    return _rows(name, header, ((name, line, cells) for line, cells in body), fields, ragged=fmt != "csv")


def rows_from_dataframe(frame: Any, fields: Fields, name: str) -> tuple[list[Row], list[Problem]]:
    """The rows of a pandas DataFrame, each named ``name[index label]``; missing values
    (NaN, NaT, None, pd.NA) are empty cells."""
    try:
        import pandas as pd
    except ImportError:
        return [], [Problem.at("data.frame.needs-pandas", name)]
    if not isinstance(frame, pd.DataFrame):
        return [], [Problem.at("data.frame.not-frame", name, type=type(frame).__name__)]
    if isinstance(frame.columns, pd.MultiIndex):
        return [], [Problem.at("data.frame.multi-index", name)]

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
        problems.append(Problem.at("data.frame.index", name, names=[Quoted(n) for n in index_names]))
    return rows, problems


#: The formats a table may come in, as a message shows them.
_FORMAT_LIST = ", ".join("." + f for f in FORMATS)


class _Unreadable(Exception):
    def __init__(self, message: Message, line: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.line = line


def _csv_rows(path: Path, separator: str = ",") -> tuple[list[str], list[tuple[int, Sequence[Any]]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=separator)
            header = next(reader, [])
            body: list[tuple[int, Sequence[Any]]] = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise _Unreadable(Message("data.file.unreadable", reason=str(exc.strerror or exc))) from None
    except UnicodeDecodeError as exc:
        raise _Unreadable(Message("data.file.not-utf8-reason", reason=exc.reason)) from None
    except csv.Error as exc:
        raise _Unreadable(Message("data.file.not-csv", reason=str(exc))) from None
    return header, body


def _xlsx_rows(path: Path) -> tuple[list[Any], list[tuple[int, Sequence[Any]]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: the values Excel last computed, not formulas; read_only: streams big sheets.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _Unreadable(Message("data.file.workbook", reason=str(exc))) from None
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
        raise _Unreadable(Message("data.file.parquet", reason=str(exc))) from None
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
        return [], [Problem.at("data.header", name, header_line, problems=header_problems)]
    rows: list[Row] = []
    problems: list[Problem] = []
    for where, line, cells in body:
        if all(_is_blank(c) for c in cells):
            continue  # an empty row holds no record (CSV readers skip blank lines too)
        if not ragged and len(cells) != len(columns):
            problems.append(Problem.at("data.row.columns", where, line, header=len(columns), row=len(cells)))
            continue
        stray = [i for i, c in enumerate(cells) if (i >= len(columns) or columns[i] is None) and not _is_blank(c)]
        if stray:
            letters = ", ".join(_letter(i) for i in stray)
            problems.append(Problem.at("data.row.no-heading", where, line, letters=letters))
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
        for validator in validator_parts(attribute.validator):
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


def validator_parts(validator: Any) -> list[Any]:
    """The single validators an attrs field's validator is made of (``and_`` unpacked)."""
    if validator is None:
        return []
    inner = getattr(validator, "_validators", None)  # attrs' and_(), from a list of validators
    return [v for part in inner for v in validator_parts(part)] if inner is not None else [validator]


# -- tables as columns (the one reading path of data sets) -----------------------------------------

#: The separators a CSV file may use: Excel in a locale whose decimal mark is a comma (as in
#: Vietnam) saves "CSV" with semicolons.
_SEPARATORS_TRIED = (",", ";", "\t")
#: Rows per batch when a table is read in batches (the enrolments, streamed).
BATCH_ROWS = 1_000_000


@attrs.frozen
class RawSource:
    """One table's file, opened: its header matched to the English columns, its rows
    readable as raw columns in batches (:meth:`batches`).

    ``problems`` are the header's and the file's (when there are any, no rows are read);
    ``notes`` say what was read differently from the usual or not read at all (a separator
    other than the comma, the sheets after the first), for ``check`` to show.
    """

    table: str
    path: Path
    fmt: str
    columns: tuple[str | None, ...]
    problems: tuple[Problem, ...] = ()
    notes: tuple[Message, ...] = ()
    separator: str = ","
    #: A file the fast reader cannot read exactly (ragged CSV rows): read row by row instead.
    by_rows: bool = False

    def batches(self, size: int = BATCH_ROWS) -> Iterator[tuple[Any, list[Problem]]]:
        """The rows as raw polars frames of at most ``size`` rows: the known columns by their
        English names, each row's place in :data:`rallyrules._columns.ROW` (the header is row
        1); with each batch, the problems of its rows' layout (values under no heading)."""
        if self.problems:
            return
        if self.fmt == "xlsx" or self.by_rows:
            yield from _batches_of_rows(self, size)
            return
        import polars as pl

        from ._columns import ROW

        names = [c if c is not None else f"__blank{i}" for i, c in enumerate(self.columns)]
        if self.fmt == "csv":
            lazy = pl.scan_csv(
                self.path, separator=self.separator, has_header=True, new_columns=names, infer_schema=False,
                encoding="utf8", raise_if_empty=False, quote_char='"',
            )  # fmt: skip
        else:
            lazy = pl.scan_parquet(self.path)
            lazy = lazy.rename(dict(zip(lazy.collect_schema().names(), names, strict=True)))
        lazy = lazy.with_row_index(ROW, offset=2)
        try:
            for frame in lazy.collect_batches(chunk_size=size):
                yield _raw_batch(self, frame.with_columns(pl.col(ROW).cast(pl.Int64)), names)
        except pl.exceptions.PolarsError as exc:
            yield None, [Problem.of(_unreadable_words(str(exc), self.fmt), str(self.path))]


def open_table(path: Path, fields: Fields, table: str) -> RawSource:
    """Open one table's file and check its header (see :class:`RawSource`)."""
    fmt = path.suffix.lstrip(".").lower()
    name = str(path)
    try:
        if fmt == "csv":
            return _open_csv(path, fields, table)
        if fmt == "xlsx":
            header, notes = _xlsx_header(path)
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            header, notes = list(pq.read_schema(path).names), ()
        else:
            return RawSource(table, path, fmt, (), (Problem.at("data.file.format", name, fmt=fmt, formats=_FORMAT_LIST),))
    except ImportError as exc:
        need = _NEEDS.get(fmt, exc.name or "")
        return RawSource(table, path, fmt, (), (Problem.at("data.file.needs", name, fmt=fmt, need=need),))
    except _Unreadable as exc:
        return RawSource(table, path, fmt, (), (Problem.of(exc.message, name, exc.line),))
    except Exception as exc:  # pyarrow's and openpyxl's own errors for files that are not what they say
        return RawSource(table, path, fmt, (), (Problem.at("data.file.unreadable", name, reason=str(exc)),))
    columns, header_problems = match_columns(header, fields)
    problems = (Problem.at("data.header", name, 1, problems=header_problems),) if header_problems else ()
    return RawSource(table, path, fmt, tuple(columns), problems, tuple(notes))


def _open_csv(path: Path, fields: Fields, table: str) -> RawSource:
    name = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        return RawSource(table, path, "csv", (), (Problem.at("data.file.unreadable", name, reason=str(exc.strerror or exc)),))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return RawSource(table, path, "csv", (), (Problem.at("data.file.utf16", name),))
    text = head.removeprefix(b"\xef\xbb\xbf")
    try:
        first = text.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return RawSource(table, path, "csv", (), (Problem.at("data.file.legacy-encoding", name, 1),))
    # The separator: the one that splits the header into known columns (Excel in a
    # Vietnamese locale writes ';'); the comma unless another fits better.
    best, best_known = ",", -1
    for separator in _SEPARATORS_TRIED:
        header = next(csv.reader([first], delimiter=separator), [])
        known = sum(column_of(h, tuple(fields)) is not None for h in header)
        if known > best_known:
            best, best_known = separator, known
    header = next(csv.reader([first], delimiter=best), [])
    notes = () if best == "," else (Message("data.note.separator", separator=repr(best)),)
    columns, header_problems = match_columns(header, fields)
    if header_problems:
        if best == "," and any(s in first for s in (";", "\t")) and len(header) == 1:
            header_problems.append(Message("data.header.no-commas"))
        problem = Problem.at("data.header", name, 1, problems=header_problems)
        return RawSource(table, path, "csv", tuple(columns), (problem,), notes, best)
    return RawSource(table, path, "csv", tuple(columns), (), notes, best)


def _unreadable_words(message: str, fmt: str) -> Message:
    first = message.strip().splitlines()[0] if message.strip() else message
    if "utf-8" in message.lower() or "utf8" in message.lower():
        return Message("data.file.not-utf8")
    return Message("data.file.unreadable-kind", kind=fmt.upper() if fmt != "xlsx" else "workbook", reason=first)


def _raw_batch(source: RawSource, frame: Any, names: list[str]) -> tuple[Any, list[Problem]]:
    """A batch as raw columns: blank rows dropped, values under no heading reported."""
    import polars as pl

    from ._columns import ROW

    data = [n for n in names if not n.startswith("__blank")]
    blank_columns = [n for n in names if n.startswith("__blank")]
    problems: list[Problem] = []
    # (Rows without any value are dropped by the conversion: they hold no record.)
    if blank_columns:
        present = {
            n: pl.col(n).is_not_null() & (pl.col(n).cast(pl.String).str.strip_chars().str.len_bytes() > 0) for n in blank_columns
        }
        stray = frame.filter(pl.any_horizontal(present.values()))
        for row in stray.iter_rows(named=True):
            letters = ", ".join(_letter(names.index(n)) for n in blank_columns if row[n] is not None and str(row[n]).strip())
            problems.append(Problem.at("data.row.no-heading", str(source.path), row[ROW], letters=letters))
        if stray.height:
            frame = frame.join(stray.select(ROW), on=ROW, how="anti", maintain_order="left")
    return frame.select(*data, ROW), problems


def _batches_of_rows(source: RawSource, size: int) -> Iterator[tuple[Any, list[Problem]]]:
    """XLSX sheets and CSV files the fast reader cannot take: read row by row (the
    reference reader), then as raw columns."""
    import polars as pl

    from ._columns import ROW

    fields = {c: ("text", False) for c in source.columns if c is not None}
    if source.fmt == "xlsx":
        try:
            header, body, problems = _xlsx_cells(source.path)
        except _Unreadable as exc:
            yield None, [Problem.of(exc.message, str(source.path), exc.line)]
            return
    else:
        try:
            header, body = _csv_rows(source.path, source.separator)
        except _Unreadable as exc:
            yield None, [Problem.of(exc.message, str(source.path), exc.line)]
            return
        problems = []
    named = str(source.path)
    rows, layout = _rows(named, header, ((named, line, cells) for line, cells in body), fields, ragged=source.fmt != "csv")
    problems = problems + layout
    columns = [c for c in source.columns if c is not None]
    for start in range(0, max(len(rows), 1), size):
        part = rows[start : start + size]
        data: dict[str, Any] = {ROW: pl.Series(ROW, [line for _, line, _ in part], dtype=pl.Int64)}
        for column in columns:
            data[column] = _python_column(column, [cells.get(column) for _, _, cells in part])
        yield pl.DataFrame(data).select(*columns, ROW), problems if start == 0 else []


def _python_column(name: str, values: list[Any]) -> Any:
    """A raw column of Python cell values: typed when the cells share one type, else
    objects (each row then goes through the record constructor)."""
    import polars as pl

    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pl.Series(name, values, dtype=pl.Null)
    if kinds <= {str}:
        return pl.Series(name, values, dtype=pl.String)
    if kinds <= {int}:
        if all(INT64_MIN <= v <= INT64_MAX for v in values if v is not None):
            return pl.Series(name, values, dtype=pl.Int64)
    elif kinds <= {float} or kinds <= {int, float}:
        return pl.Series(name, values, dtype=pl.Float64)
    elif kinds <= {dt.datetime}:
        return pl.Series(name, values, dtype=pl.Datetime("us"))
    elif kinds <= {dt.date}:
        return pl.Series(name, values, dtype=pl.Date)
    return pl.Series(name, values, dtype=pl.Object)


def _xlsx_header(path: Path) -> tuple[list[Any], tuple[Message, ...]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _Unreadable(Message("data.file.workbook", reason=str(exc))) from None
    try:
        sheets = workbook.worksheets
        header = list(next(sheets[0].iter_rows(min_row=1, max_row=1, values_only=True), ()))
        notes = tuple(
            Message("data.note.sheet", sheet=repr(sheet.title))
            for sheet in sheets[1:]
            if any(any(v is not None for v in row) for row in sheet.iter_rows(values_only=True))
        )
    finally:
        workbook.close()
    while header and _is_blank(header[-1]):
        header.pop()
    return header, notes


def _xlsx_cells(path: Path) -> tuple[list[Any], list[tuple[int, Sequence[Any]]], list[Problem]]:
    """The first sheet's header and rows of values (what Excel last computed), and a
    problem for each cell holding a formula whose value was never computed (a file written
    by a program, not saved by Excel): read as empty, it would silently lose a value."""
    from openpyxl import load_workbook

    header, body = _xlsx_rows(path)
    problems: list[Problem] = []
    formulas = load_workbook(path, read_only=True, data_only=False)
    try:
        for number, cells in enumerate(formulas.worksheets[0].iter_rows(min_row=1), start=1):
            if number == 1:
                continue
            values = body[number - 2][1] if number - 2 < len(body) else ()
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f" and (index >= len(values) or values[index] is None):
                    problems.append(
                        Problem.at(
                            "data.cell.formula", str(path), number, cell=f"{_letter(index)}{number}", formula=str(cell.value)[:60]
                        )
                    )
    finally:
        formulas.close()
    return header, body, problems


def raw_frame_of_dataframe(frame: Any, fields: Fields, table: str) -> tuple[Any, list[Problem]]:
    """A pandas DataFrame as a raw table (see :mod:`rallyrules._columns`): its columns
    matched like headings, each row labelled ``table[index label]``. A whole-number field
    held as floats is refused for the whole column: pandas reads ``3.000`` (three thousand,
    written the Vietnamese way) as the float 3.0, so a float column's whole numbers cannot
    be trusted."""
    import polars as pl

    from ._columns import LABEL

    try:
        import pandas as pd
    except ImportError:
        return None, [Problem.at("data.frame.needs-pandas", table)]
    if not isinstance(frame, pd.DataFrame):
        return None, [Problem.at("data.frame.not-frame", table, type=type(frame).__name__)]
    if isinstance(frame.columns, pd.MultiIndex):
        return None, [Problem.at("data.frame.multi-index", table)]
    columns, header_problems = match_columns(list(frame.columns), fields)
    if header_problems:
        problems = [Problem.at("data.header", table, problems=header_problems)]
        index_names = [n for n in frame.index.names if n in fields]
        if index_names:
            problems.append(Problem.at("data.frame.index", table, names=[Quoted(n) for n in index_names]))
        return None, problems
    problems = []
    data: dict[str, Any] = {}
    for position, column in enumerate(columns):
        if column is None:
            continue
        series = frame.iloc[:, position]
        kind = fields[column][0]
        if kind == "integer" and pd.api.types.is_float_dtype(series.dtype):
            problems.append(
                Problem.at(
                    "data.frame.floats", table, heading=repr(str(frame.columns[position])), column=column, dtype=str(series.dtype)
                )
            )
            continue
        data[column] = _python_column(column, [_pandas_cell(v, pd) for v in series.tolist()])
    labels = pl.Series(LABEL, [f"{table}[{label}]" for label in frame.index], dtype=pl.String)
    return pl.DataFrame({**data, LABEL: labels}) if not problems else None, problems


def _pandas_cell(cell: Any, pd: Any) -> Any:
    if pd.api.types.is_scalar(cell) and pd.isna(cell):
        return None
    if isinstance(cell, pd.Timestamp):
        return cell.to_pydatetime()
    return cell.item() if hasattr(cell, "item") and type(cell).__module__ == "numpy" else cell
