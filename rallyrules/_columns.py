"""Raw tables -> typed columns: the one way every data set's cells become values.

A *raw* table is a polars DataFrame of the cells as a file, a sheet or a data frame holds
them, keyed by the English column names, with the place of each row (:data:`ROW`: its row
in the file, the header being row 1; or :data:`LABEL`: a data frame's index label, a
record's index). :func:`convert` turns it into a *typed* table: text stripped and in NFC,
whole numbers ``Int64``, dates ``Date`` — exactly the values the typed records of
:mod:`rallyrules.facts` hold.

Each column is converted on columns. The rows a column conversion cannot vouch for (a
value with odd whitespace, a number where text is expected, a value a validator refuses,
a missing required value…) — few in practice — go through the record constructor
(:func:`rallyrules.tables.fact_from_cells`), which gives either their values or the words
that say why not. So a good row costs no Python, and a bad one is explained by the same
code, in the same words, whatever form the data came in.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import polars as pl

from . import tables
from .errors import Problem
from .facts import INT64_MAX, INT64_MIN, MAX_TEXT_BYTES, TRIMMED, record_fields
from .text import Message, MessageError

__all__ = ["LABEL", "ROW", "convert", "empty_typed", "frame_of_records", "typed_schema"]

#: The row's place in its file (the header is row 1), or null.
ROW = "__row"
#: The row's name where it has no row number: ``table[label]`` of a data frame or records.
LABEL = "__label"
#: Rows explained one by one per table at most; past it, the rest are counted (see convert).
MAX_EXPLAINED = 1_000

#: What is trimmed from text values, as the record constructor trims (rallyrules.facts.TRIMMED).
_WHITESPACE = TRIMMED
#: Text the record constructor refuses: control characters, invisible format characters
#: (zero-width, bidi controls, BOM, soft hyphen…) and line/paragraph separators.
_REFUSED_TEXT = (
    r"[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
#: Text that needs more than taking as it is: whitespace at an end, anything not plain ASCII
#: (NFC, refused characters) or a control character.
_NEEDS_CARE = r"^[\s\x1c-\x1f]|[\s\x1c-\x1f]$|[^\x20-\x7e]"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DAY_FIRST = r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$"
_POLARS_TYPE = {"text": pl.String, "integer": pl.Int64, "date": pl.Date}


def typed_schema(cls: type) -> dict[str, Any]:
    """The polars schema of the typed table of ``cls`` (its fields, in order)."""
    return {name: _POLARS_TYPE[kind] for name, (kind, _) in record_fields(cls).items()}


def empty_typed(cls: type) -> pl.DataFrame:
    """A typed table of ``cls`` with no rows (and the place columns)."""
    return pl.DataFrame(schema={**typed_schema(cls), ROW: pl.Int64, LABEL: pl.String})


def frame_of_records(cls: type, records: Any, labels: list[str] | None = None) -> pl.DataFrame:
    """The typed table of typed records (instances of ``cls``), in their order."""
    names = list(record_fields(cls))
    columns = {n: [getattr(r, n) for r in records] for n in names}
    frame = pl.DataFrame(columns, schema=typed_schema(cls))
    return frame.with_columns(
        pl.lit(None, dtype=pl.Int64).alias(ROW),
        pl.Series(LABEL, labels if labels is not None else [None] * frame.height, dtype=pl.String),
    )


def convert(raw: pl.DataFrame, cls: type, *, path: str, table: str) -> tuple[pl.DataFrame, list[Problem]]:
    """The typed table of ``raw`` (see the module's docstring), and a problem for each row
    that is not a valid record of ``cls``, naming its place (``path`` and row, or its label).

    Rows refused are left out of the typed table. When more than :data:`MAX_EXPLAINED`
    rows of one table cannot be read, the first are explained and one more problem counts
    the rest (a file that wrong needs fixing as a whole, not reading line by line)."""
    fields = record_fields(cls)
    n = raw.height
    odd = np.zeros(n, dtype=bool)
    columns: dict[str, pl.Series] = {}
    plain = _plain_text(raw, [c for c, (kind, _) in fields.items() if kind == "text" and c not in tables.VALUE_ALIASES])
    for name, (kind, required) in fields.items():
        series = raw.get_column(name) if name in raw.columns else _nulls(name, n, pl.Null)
        values, unsure = (series, _none(n)) if name in plain else _column(series, kind, name)
        columns[name] = values.alias(name)
        odd |= unsure.to_numpy()
        if required:
            odd |= values.is_null().to_numpy()
    typed = pl.DataFrame(columns)
    odd |= _validators(typed, cls)
    # A row with no value at all (a blank line, a row of spaces) holds no record.
    blank = typed.select(pl.all_horizontal(pl.all().is_null())).to_series().to_numpy()
    if blank.any():
        odd &= ~blank
    places = _places(raw, n)
    problems: list[Problem] = []
    suspects = np.flatnonzero(odd)
    if not len(suspects):
        typed = typed.with_columns(places)
        return (typed.filter(pl.Series(~blank)) if blank.any() else typed), problems
    refused: list[int] = []
    patched: dict[int, Any] = {}
    explained = 0
    cell_columns = [c for c in raw.columns if c in fields]
    for i in suspects.tolist():
        cells = dict(zip(cell_columns, raw.select(cell_columns).row(i), strict=True))
        try:
            patched[i] = tables.fact_from_cells(cls, cells)
        except ValueError as exc:
            refused.append(i)
            if explained < MAX_EXPLAINED:
                explained += 1
                problems.append(_problem(record_problem(cls, exc), path, table, places, i))
    if len(refused) > explained:
        problems.append(Problem.at("data.rows.more", path, None, more=len(refused) - explained, explained=explained))
    if patched:
        rows = pl.Series(list(patched), dtype=pl.Int64)
        typed = typed.with_columns(
            typed.get_column(name).scatter(
                rows, pl.Series([getattr(f, name) for f in patched.values()], dtype=typed.schema[name])
            )
            for name in fields
        )
    typed = typed.with_columns(places)
    if refused or blank.any():
        keep = ~blank
        keep[refused] = False
        typed = typed.filter(pl.Series(keep))
    return typed, problems


def _places(raw: pl.DataFrame, n: int) -> list[pl.Series]:
    row = raw.get_column(ROW).cast(pl.Int64) if ROW in raw.columns else _nulls(ROW, n, pl.Int64)
    label = raw.get_column(LABEL).cast(pl.String) if LABEL in raw.columns else _nulls(LABEL, n, pl.String)
    return [row.alias(ROW), label.alias(LABEL)]


def _nulls(name: str, n: int, dtype: Any) -> pl.Series:
    return pl.repeat(None, n, dtype=dtype, eager=True).alias(name)


def record_problem(cls: type, exc: ValueError) -> Message:
    """``subject record: …``: the problems of one record of ``cls``, as a catalog message."""
    problems = list(exc.messages) if isinstance(exc, MessageError) else [Message("text.raw", text=str(exc))]
    return Message("data.record", record=Message(f"data.record.{cls.__name__.lower()}"), problems=problems)


def _problem(message: Message, path: str, table: str, places: list[pl.Series], i: int) -> Problem:
    row, label = places[0][i], places[1][i]
    if label is not None:
        return Problem.of(message, f"{table}[{label}]" if not str(label).startswith(f"{table}[") else str(label))
    return Problem.of(message, path, row)


# -- one column -----------------------------------------------------------------------------


def _column(series: pl.Series, kind: str, name: str) -> tuple[pl.Series, pl.Series]:
    """(values, unsure): the column converted, and the rows whose value the record
    constructor must decide (their ``values`` are then placeholders)."""
    dtype = series.dtype
    n = len(series)
    nothing = _none(n)
    if dtype == pl.Null:
        return _nulls(name, n, _POLARS_TYPE[kind]), nothing
    if kind == "text":
        return _text(series, name)
    if kind == "integer":
        return _integer(series, name)
    return _date(series, name)


def _blank_to_null(text: pl.Series) -> pl.Series:
    return pl.select(pl.when(text.str.len_bytes() == 0).then(None).otherwise(text)).to_series()


def _text(series: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    n = len(series)
    if series.dtype != pl.String:
        # A number or a date in a text column: the constructor says what to do (an
        # identifier typed as a number loses its leading zeros, so it is refused).
        return _nulls(name, n, pl.String), series.is_not_null()
    if name in tables.VALUE_ALIASES:
        # Few distinct words (kind): each distinct value through the reference conversion.
        return _by_distinct(series, name)
    # Stripped as Python strips, NFC, refused characters flagged (a column of plain text is
    # taken as it is before it comes here: see _plain_text).
    text = _blank_to_null(series.str.strip_chars(_WHITESPACE))
    unsure = text.str.contains(_REFUSED_TEXT).fill_null(False) | (text.str.len_bytes() > MAX_TEXT_BYTES).fill_null(False)
    if (text.str.len_bytes() != text.str.len_chars()).any():
        text = text.str.normalize("NFC")
    return text, unsure


#: ASCII control characters (the only ones below U+0080 that text may not hold).
_CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f"]


def _plain_text(raw: pl.DataFrame, names: list[str]) -> set[str]:
    """The text columns of ``raw`` whose every value is printable ASCII, not empty and with no
    space at either end: text taken exactly as it is. Most columns of most files are; one
    scan of all of them at once (in parallel) says which."""
    candidates = [n for n in names if n in raw.columns and raw.schema[n] == pl.String]
    if not candidates:
        return set()

    def odd(column: pl.Expr) -> pl.Expr:
        size = column.str.len_bytes()
        return (
            (size == 0) | (size > MAX_TEXT_BYTES) | (size != column.str.len_chars())
            | column.str.starts_with(" ") | column.str.ends_with(" ") | column.str.contains_any(_CONTROLS)
        ).any()  # fmt: skip

    found = raw.select(odd(pl.col(n)).alias(n) for n in candidates).row(0, named=True)
    return {n for n in candidates if not found[n]}


def _none(n: int) -> pl.Series:
    return pl.Series(np.zeros(n, dtype=bool))


@functools.cache
def _alias_words(name: str) -> Callable[[str], str | None]:
    def word(value: str) -> str | None:
        record, bad = tables.convert_cells({name: value}, {name: ("text", False)})
        return None if bad else record.get(name)

    return word


def _by_distinct(series: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    distinct = series.drop_nulls().unique()
    word = _alias_words(name)
    mapped = {v: word(v) for v in distinct.to_list()}
    cleaned = {k: (None if v is None else tables.clean_text(v)) for k, v in mapped.items()}
    values = series.replace_strict(cleaned, default=None, return_dtype=pl.String) if cleaned else series.cast(pl.String)
    # A value that is not blank yet maps to nothing, or holds text the constructor refuses: let it explain.
    unsure = series.is_not_null() & (values.is_null() & series.str.strip_chars(_WHITESPACE).str.len_bytes().gt(0))
    unsure = unsure | values.str.contains(_REFUSED_TEXT).fill_null(False)
    return values, unsure.fill_null(False)


def _integer(series: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    dtype = series.dtype
    n = len(series)
    if dtype.is_integer():
        if dtype in (pl.UInt64,):
            too_big = series > INT64_MAX
            return series.clip(upper_bound=INT64_MAX).cast(pl.Int64), too_big.fill_null(False)
        return series.cast(pl.Int64), _none(n)
    if dtype.is_float():
        whole = series.is_finite() & (series == series.floor()) & (series.abs() < 2**53)
        unsure = series.is_not_null() & ~whole.fill_null(False)
        return pl.select(pl.when(whole).then(series).otherwise(None).cast(pl.Int64)).to_series(), unsure
    if dtype == pl.String:
        text = _blank_to_null(series.str.strip_chars(_WHITESPACE))
        digits = text.str.contains(r"^-?[0-9]{1,18}$").fill_null(False)
        values = pl.select(pl.when(digits).then(text).otherwise(None).cast(pl.Int64, strict=False)).to_series()
        return values, text.is_not_null() & ~digits
    return _nulls(name, n, pl.Int64), series.is_not_null()


def _date(series: pl.Series, name: str) -> tuple[pl.Series, pl.Series]:
    dtype = series.dtype
    n = len(series)
    if dtype == pl.Date:
        return series, _none(n)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return _nulls(name, n, pl.Date), series.is_not_null()
        midnight = series.dt.time() == dt.time(0)
        values = pl.select(pl.when(midnight).then(series.dt.date()).otherwise(None)).to_series()
        return values, (series.is_not_null() & ~midnight).fill_null(False)
    if dtype != pl.String:
        return _nulls(name, n, pl.Date), series.is_not_null()
    text = _blank_to_null(series.str.strip_chars(_WHITESPACE))
    iso, day_first = text.str.contains(_ISO), text.str.contains(_DAY_FIRST)
    values = pl.select(
        pl.when(iso)
        .then(text.str.to_date("%Y-%m-%d", strict=False))
        .when(day_first)
        .then(text.str.to_date("%d/%m/%Y", strict=False))
        .otherwise(None)
    ).to_series()
    return values, (values.is_null() & text.is_not_null()).fill_null(False)


# -- the records' validators, on columns ----------------------------------------------------------


def _validators(typed: pl.DataFrame, cls: type) -> np.ndarray[Any, Any]:
    """Where a row breaks a check of the record's attrs validators that a column conversion
    does not make (bounds of integers, the words a field allows, cross-field rules): the
    constructor then says which, in its words."""
    fields = attrs.fields(cls)
    broken = pl.lit(False)
    for field in fields:
        column = pl.col(field.name)
        for check in tables.validator_parts(field.validator):
            bound = getattr(check, "bound", None)
            op = getattr(check, "compare_op", None)
            options = getattr(check, "options", None)
            if op == ">=" and bound is not None:
                broken = broken | (column < bound).fill_null(False)
            elif op == "<=" and bound is not None:
                broken = broken | (column > bound).fill_null(False)
            elif options is not None:
                broken = broken | (column.is_not_null() & ~column.is_in(list(options)))
    names = {f.name for f in fields}
    if {"covered_until", "enrolled_on"} <= names:
        broken = broken | (pl.col("covered_until") < pl.col("enrolled_on")).fill_null(False)
    for name, (kind, _) in record_fields(cls).items():
        if kind == "integer":
            broken = broken | ~pl.col(name).is_between(INT64_MIN, INT64_MAX).fill_null(True)
    return typed.select(broken.alias("broken")).to_series().to_numpy().copy()


def table_places(frame: pl.DataFrame) -> Mapping[str, pl.Series]:
    """The place columns of a typed table."""
    return {ROW: frame.get_column(ROW), LABEL: frame.get_column(LABEL)}
