"""The receipt's input digest: one SHA-256 of the input records, whatever their form.

The same records give the same digest from CSV, Excel, Parquet, data frames or dicts, in
any order of rows, read in memory or streamed. Format 3 (``rallyrules-result/3``):

- for each table in ``tables.TABLES`` order: ``"<table>\\0absent\\0"`` when the table was
  not given (an optional table), else ``"<table>\\0<rows>\\0"`` and then its columns;
  ``admin-units`` (the names of areas, added later) only when given, nothing when absent;
- a table's rows in canonical order: sorted by every field in declaration order (missing
  values last, text by code point) — for the enrolments, whose ids the checks keep
  unique, that is the order of ``enrolment_id``;
- per field, ``"<field>\\0<type>\\0"`` followed by three SHA-256 digests: of the
  missing-value mask (one byte per row, 1 = missing), of the values (integers as int64,
  dates as int32 days since 1970-01-01, text as the int64 UTF-8 byte length; missing = 0;
  little-endian) and of the text's UTF-8 bytes, concatenated (empty for other types);
- a field of :data:`LATER_FIELDS` (added after format 3, e.g. a quota's ``scheme``) that no
  row gives is left out, so the records of before it existed keep their digest.

Why columns: at national size (20 million enrolments) one JSON text per record was ~4 GB
to build, sort and hash; the columns are ~1 GB, hashed straight from polars' buffers in
batches as they stream in (hashlib releases the GIL, so this runs on another core beside
the counting). Format 2 did not tell an absent optional table from an empty one — two
inputs that decide differently had one digest — and digested the small tables as JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import polars as pl

from . import tables
from .facts import record_fields

__all__ = ["TableDigest", "digest_of", "inputs_digest_of_tables"]

#: Tables added to the format after its first seven: digested only when given (an absent one
#: adds nothing), so that data without them keeps the digest it had.
_GIVEN_ONLY = ("admin-units",)
#: Optional columns added to a table after format 3 was fixed: a table that gives them in no
#: row is digested without them, as it was before they existed (records made before keep
#: their digest); a table that gives one in some row is digested with it.
LATER_FIELDS = frozenset({("quotas", "scheme")})
#: Rows hashed at a time when a table in memory is digested.
_CHUNK = 1_000_000


class TableDigest:
    """The running digest of one table, fed its rows in canonical order, in batches."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.fields = record_fields(tables.FACT_OF_TABLE[table])
        self.rows = 0
        self._columns = {name: (hashlib.sha256(), hashlib.sha256(), hashlib.sha256()) for name in self.fields}
        self._given: set[str] = set()  # the fields with a value in some row

    def update(self, frame: pl.DataFrame) -> None:
        """Add the next rows (a frame with the table's fields, already in canonical order)."""
        self.rows += frame.height
        for name, (kind, _) in self.fields.items():
            series = frame.get_column(name)
            nulls, values, text = self._columns[name]
            if name not in self._given and series.null_count() < series.len():
                self._given.add(name)
            nulls.update(series.is_null().cast(pl.UInt8).to_numpy().tobytes())
            if kind == "text":
                _text_column(series, values, text)
            elif kind == "date":
                values.update(_little(series.cast(pl.Int32).fill_null(0).to_numpy(), "<i4"))
            else:
                values.update(_little(series.cast(pl.Int64).fill_null(0).to_numpy(), "<i8"))

    def add_sorted(self, frame: pl.DataFrame) -> None:
        """Add a whole table in any order: it is put in canonical order first."""
        names = list(self.fields)
        ordered = (
            frame.select(names).sort(names, nulls_last=True, maintain_order=True) if frame.height > 1 else frame.select(names)
        )
        for start in range(0, ordered.height, _CHUNK):
            self.update(ordered.slice(start, _CHUNK))

    def into(self, digest: Any) -> None:
        digest.update(f"{self.table}\0{self.rows}\0".encode())
        for name, (kind, _) in self.fields.items():
            if (self.table, name) in LATER_FIELDS and name not in self._given:
                continue  # a column added after format 3, given nowhere: digested as before it existed
            nulls, values, text = self._columns[name]
            digest.update(f"{name}\0{kind}\0".encode() + nulls.digest() + values.digest() + text.digest())


def inputs_digest_of_tables(parts: Mapping[str, TableDigest | None]) -> str:
    """The digest of a data set from its tables' digests (None: the table is absent)."""
    digest = hashlib.sha256()
    for table in tables.TABLES:
        part = parts.get(table)
        if part is None:
            if table not in _GIVEN_ONLY:
                digest.update(f"{table}\0absent\0".encode())
        else:
            part.into(digest)
    return digest.hexdigest()


def digest_of(table: str, frame: pl.DataFrame) -> TableDigest:
    """The digest of a whole table held in memory, in any order."""
    part = TableDigest(table)
    part.add_sorted(frame)
    return part


def _little(array: Any, dtype: str) -> bytes:
    out: bytes = array.astype(dtype, copy=False).tobytes()
    return out


def _text_column(series: pl.Series, values: Any, text: Any) -> None:
    """Hash a text column's lengths (int64, 0 when missing) and its UTF-8 bytes straight
    from its Arrow buffers: the offsets give the lengths, the data the bytes."""
    import numpy as np
    import pyarrow as pa

    if series.null_count():
        series = series.fill_null("")  # Arrow lets a missing value span bytes: make them empty
    arrow = series.to_arrow(compat_level=pl.CompatLevel.oldest())
    for chunk in arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]:
        if chunk.type != pa.large_string():
            chunk = chunk.cast(pa.large_string())
        if not len(chunk):
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        values.update(_little(np.diff(offsets), "<i8"))
        if chunk.buffers()[2] is not None and offsets[-1] > offsets[0]:
            text.update(memoryview(chunk.buffers()[2])[int(offsets[0]) : int(offsets[-1])])


def _utf8_buffers(series: pl.Series) -> Any:
    """The UTF-8 bytes of a text Series without nulls, concatenated, as Arrow buffers."""
    import numpy as np
    import pyarrow as pa

    arrow = series.to_arrow(compat_level=pl.CompatLevel.oldest())
    chunks = arrow.chunks if isinstance(arrow, pa.ChunkedArray) else [arrow]
    for chunk in chunks:
        if chunk.type != pa.large_string():
            chunk = chunk.cast(pa.large_string())
        if not len(chunk):
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        yield memoryview(chunk.buffers()[2])[int(offsets[0]) : int(offsets[-1])]
