"""The receipt's input digest: one SHA-256 of the input records, whatever their form.

The same records give the same digest from CSV, Excel, Parquet, data frames or dicts, in
any order of rows, on the row path (:class:`~rallyrules.Dataset`) and the columnar one
(:class:`~rallyrules.columnar.Season`). Format 2 (``rallyrules-result/2``):

- for each table in ``tables.TABLES`` order, ``"<table>\\0<rows>\\0"``, then
- the small tables (all but enrolments): each record as JSON (keys sorted, not ASCII-escaped,
  dates ISO), the records sorted by that text, each followed by ``"\\n"`` (as in format 1);
- the enrolments, column by column: rows ordered by their fields in declaration order
  (``enrolment_id`` first, which the data checks keep unique; missing values last), and per
  field ``"<field>\\0<type>\\0"`` followed by three SHA-256 digests: of the missing-value mask
  (one byte per row, 1 = missing), of the values (integers as int64, dates as int32 days
  since 1970-01-01, text as the int64 UTF-8 byte length; missing = 0; little-endian) and of
  the text's UTF-8 bytes, concatenated (empty for other types).

Why enrolments by column: at national size (20 million rows) sorted JSON text was ~4 GB to
build, sort and hash (~18 s of a 47 s run); the columns are ~1 GB hashed straight from
polars' buffers, in chunks, sorted by one key. The small tables stay as text: they are small.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from . import tables
from .facts import record_fields

_EPOCH = dt.date(1970, 1, 1).toordinal()
_CHUNK = 1_000_000  # rows gathered at a time on the columnar path: bounds the extra memory


def inputs_digest_rows(dataset: Any) -> str:
    """The digest of a :class:`~rallyrules.Dataset` (typed facts)."""
    digest = hashlib.sha256()
    for table in tables.TABLES:
        records = getattr(dataset, table)
        digest.update(f"{table}\0{len(records)}\0".encode())
        if table == "enrolments":
            _enrolment_columns_from_facts(records, digest)
        else:
            _text_rows(records, digest)
    return digest.hexdigest()


def inputs_digest_columns(dataset: Any, enrolments: Any) -> str:
    """The digest of a :class:`~rallyrules.columnar.Season`: its small tables from their
    typed facts, its enrolments from a polars DataFrame."""
    digest = hashlib.sha256()
    for table in tables.TABLES:
        if table == "enrolments":
            digest.update(f"{table}\0{enrolments.height}\0".encode())
            _enrolment_columns_from_frame(enrolments, digest)
            continue
        records = getattr(dataset, table)
        digest.update(f"{table}\0{len(records)}\0".encode())
        _text_rows(records, digest)
    return digest.hexdigest()


def _text_rows(records: Sequence[Any], digest: Any) -> None:
    if not records:
        return
    names = [f.name for f in attrs.fields(type(records[0]))]
    get = operator.attrgetter(*names)
    dumps = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False).encode
    if len(names) == 1:
        rows = sorted(dumps({names[0]: get(r)}) for r in records)
    else:
        rows = sorted(dumps(dict(zip(names, get(r), strict=True))) for r in records)
    for row in rows:
        digest.update(row.encode() + b"\n")


class _Column:
    """The three running digests of one field: missing mask, values, text bytes."""

    def __init__(self, name: str, kind: str) -> None:
        self.head = f"{name}\0{kind}\0".encode()
        self.nulls, self.values, self.text = hashlib.sha256(), hashlib.sha256(), hashlib.sha256()

    def into(self, digest: Any) -> None:
        digest.update(self.head + self.nulls.digest() + self.values.digest() + self.text.digest())


def _little_endian(numbers: array[int]) -> bytes:
    if sys.byteorder == "big":  # pragma: no cover - every platform we run on is little-endian
        numbers.byteswap()
    return numbers.tobytes()


def _enrolment_columns_from_facts(records: Sequence[Any], digest: Any) -> None:
    fields = record_fields(tables.FACT_OF_TABLE["enrolments"])
    names = list(fields)
    get = operator.attrgetter(*names)
    rows = sorted((get(r) for r in records), key=lambda row: tuple((v is None, v) for v in row))
    for i, (name, (kind, _)) in enumerate(fields.items()):
        column = _Column(name, kind)
        values = [row[i] for row in rows]
        column.nulls.update(bytes(v is None for v in values))
        if kind == "text":
            encoded = [b"" if v is None else v.encode("utf-8") for v in values]
            column.values.update(_little_endian(array("q", map(len, encoded))))
            column.text.update(b"".join(encoded))
        elif kind == "date":
            column.values.update(_little_endian(array("i", (0 if v is None else v.toordinal() - _EPOCH for v in values))))
        else:
            column.values.update(_little_endian(array("q", (0 if v is None else v for v in values))))
        column.into(digest)


def _enrolment_columns_from_frame(frame: Any, digest: Any) -> None:
    import numpy as np
    import polars as pl
    import pyarrow as pa

    fields = record_fields(tables.FACT_OF_TABLE["enrolments"])
    columns = {name: _Column(name, kind) for name, (kind, _) in fields.items()}
    if not frame.height:
        for column in columns.values():
            column.into(digest)
        return
    # Python orders missing values last and text by code point, as polars orders UTF-8 bytes.
    # The checked data has unique enrolment ids, and then the id alone orders the rows (a
    # sort on every field costs ten times more); equal ids fall back to every field.
    # Files are often written in id order: then no row moves (slices are not copies).
    ids = frame.get_column("enrolment_id")
    order = None if ids.is_sorted() else frame.select(pl.arg_sort_by("enrolment_id")).to_series()
    if order is not None:
        ids = ids.gather(order)
    if ids.null_count() or (ids.slice(1) == ids.slice(0, len(ids) - 1)).any():
        order = frame.select(pl.arg_sort_by(list(fields), nulls_last=True)).to_series()
    columns_only = frame.select(list(fields))
    for start in range(0, frame.height, _CHUNK):
        chunk = columns_only.slice(start, _CHUNK) if order is None else columns_only[order[start : start + _CHUNK]]
        for name, (kind, _) in fields.items():
            series, column = chunk.get_column(name), columns[name]
            column.nulls.update(series.is_null().cast(pl.UInt8).to_numpy().tobytes())
            if kind == "text":
                text = series.fill_null("")
                column.values.update(text.str.len_bytes().cast(pl.Int64).to_numpy().astype("<i8").tobytes())
                for part in _utf8_buffers(text, pa, np):
                    column.text.update(part)
            elif kind == "date":
                column.values.update(series.cast(pl.Int32).fill_null(0).to_numpy().astype("<i4").tobytes())
            else:
                column.values.update(series.cast(pl.Int64).fill_null(0).to_numpy().astype("<i8").tobytes())
    for column in columns.values():
        column.into(digest)


def _utf8_buffers(series: Any, pa: Any, np: Any) -> Iterable[memoryview]:
    """The UTF-8 bytes of a text Series without nulls, concatenated, as Arrow buffers."""
    import polars as pl

    arrow = series.to_arrow(compat_level=pl.CompatLevel.oldest())
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    for chunk in chunks:
        if chunk.type != pa.large_string():
            chunk = chunk.cast(pa.large_string())
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        if len(chunk):
            yield memoryview(chunk.buffers()[2])[int(offsets[0]) : int(offsets[-1])]
