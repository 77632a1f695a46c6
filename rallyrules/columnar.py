"""Columnar input and counting (polars), for seasons too large for one Python object per record.

A national season has ~20 million enrolment records and ~100,000 subjects. Counting is
the same as :func:`rallyrules.count_enrolments` — same checks in the same order, same
ledger, same counts — but done on columns: the enrolments are read into a polars frame
and never become one Python object each. What the rules decide on are the per-subject
aggregates, and those are typed facts as everywhere else.

- :func:`load_season` reads a data folder (Parquet or CSV; one file per table, the same
  files as :func:`rallyrules.load_dataset`) into a :class:`Season`: the small tables
  (subjects, quotas, attestations, targets, submissions, rosters) as a
  :class:`~rallyrules.Dataset` of typed facts, the enrolments as a polars DataFrame.
- :func:`count_enrolments_columnar` counts them into a :class:`ColumnarCounting`, which
  :func:`rallyrules.evaluate` takes wherever it takes a :class:`~rallyrules.Counting`
  (``evaluate(pack, season)``); its ledger is a polars DataFrame.

Why polars (not pyarrow compute): the counting needs filters, joins, group-bys, a sort of
the repeats and string building for the ledger, all multi-threaded and lazy; polars does
them in one engine (and reads Parquet through its own reader), where pyarrow compute
would need hand-made joins and more copies. pyarrow stays what the reference loader
uses to read Parquet.

The fast path reads values strictly (ISO or dd/mm/yyyy dates, whole numbers, text); any
value it cannot read exactly as the reference reader would, and any record or consistency
problem, sends the whole folder through the reference path (:func:`rallyrules.load_dataset`
and :func:`rallyrules.check_dataset`), so problems are reported exactly as there — slowly
for a national file, but never differently.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import tables
from .counting import Exclusion
from .dataset import Dataset, check_dataset, load_dataset
from .errors import DataError, EngineError
from .facts import MAX_TEXT_BYTES, Subject, record_fields
from .model import Citation, RulePack

try:
    import polars as pl
except ImportError:  # pragma: no cover - polars comes with the 'tables' extra
    pl = None  # type: ignore[assignment]

__all__ = ["ColumnarCounting", "Season", "count_enrolments_columnar", "load_season", "season_from_dataset"]

ENROLMENT_COLUMNS = tuple(record_fields(tables.FACT_OF_TABLE["enrolments"]))
REASONS = ("unknown-subject", "outside-periods", "coverage-missing", "coverage-too-short", "repeat-person-scheme")


def _polars() -> Any:
    if pl is None:  # pragma: no cover
        raise ImportError("columnar counting needs polars: pip install 'rallyrules[tables]'")
    return pl


class _Fallback(Exception):
    """The fast reader cannot read this exactly as the reference reader would."""


# -- the season ------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Season:
    """One campaign's input: the small tables as typed facts (``dataset``, whose
    ``enrolments`` is empty) and the enrolments as a polars DataFrame with the columns of
    :class:`~rallyrules.Enrolment` (text, dates), values exactly as the typed facts would
    hold them (stripped, NFC)."""

    dataset: Dataset
    enrolments: Any  # polars.DataFrame
    source: str

    @property
    def enrolment_count(self) -> int:
        return int(self.enrolments.height)

    def to_dataset(self) -> Dataset:
        """The same records as a :class:`~rallyrules.Dataset` of typed facts (one Python
        object per enrolment: for small seasons and tests)."""
        from .facts import Enrolment

        rows = self.enrolments.select(ENROLMENT_COLUMNS).iter_rows()
        return attrs.evolve(self.dataset, enrolments=tuple(itertools.starmap(Enrolment, rows)))

    def inputs_digest(self) -> str:
        """:func:`rallyrules.inputs_digest` of these records, computed on columns (equal to
        the digest of :meth:`to_dataset`)."""
        from ._digest import inputs_digest_columns

        return inputs_digest_columns(self.dataset, self.enrolments)

    def __repr__(self) -> str:
        d = self.dataset
        return (
            f"rallyrules.Season(source={self.source!r}, subjects={len(d.subjects)}, quotas={len(d.quotas)}, "
            f"enrolments={self.enrolment_count})"
        )


def season_from_dataset(dataset: Dataset) -> Season:
    """A :class:`Season` holding the records of ``dataset`` (its enrolments as columns)."""
    p = _polars()
    columns: dict[str, list[Any]] = {c: [getattr(e, c) for e in dataset.enrolments] for c in ENROLMENT_COLUMNS}
    frame = p.DataFrame(columns, schema=_enrolment_schema())
    return Season(attrs.evolve(dataset, enrolments=()), frame, dataset.source)


def _enrolment_schema() -> dict[str, Any]:
    p = _polars()
    kinds = record_fields(tables.FACT_OF_TABLE["enrolments"])
    return {c: p.Date if kinds[c][0] == "date" else p.String for c in ENROLMENT_COLUMNS}


def load_season(directory: str | Path, pack: RulePack | None = None) -> Season:
    """Read the tables in ``directory`` (as :func:`rallyrules.load_dataset` does) into a
    :class:`Season`; with ``pack``, also check them against it (as
    :func:`rallyrules.check_dataset` does). Raises :class:`~rallyrules.DataError` with
    exactly the problems the reference path reports."""
    directory = Path(directory)
    try:
        season = _load_fast(directory)
        if pack is not None:
            _check_fast(pack, season)
        return season
    except _Fallback:
        dataset = load_dataset(directory)  # raises DataError naming every bad record
        if pack is not None:
            check_dataset(pack, dataset)
        # The reference reader accepted what the fast one would not: same records, slowly.
        return season_from_dataset(dataset)


def _load_fast(directory: Path) -> Season:
    p = _polars()
    built: dict[str, tuple[Any, ...]] = {}
    absent = []
    enrolments = None
    for table in tables.TABLES:
        cls = tables.FACT_OF_TABLE[table]
        path, problems = tables.find_table(directory, table)
        if problems:
            raise _Fallback(table)
        if path is None:
            if table in tables.REQUIRED_TABLES:
                raise _Fallback(table)
            absent.append(table)
            built[table] = ()
            continue
        frame = _read_frame(path, record_fields(cls))
        if table == "enrolments":
            enrolments = frame
            built[table] = ()
            continue
        try:
            rows = frame.iter_rows()
            built[table] = tuple(itertools.starmap(cls, rows))  # the classes' own validators run
        except (ValueError, TypeError):
            raise _Fallback(table) from None
    assert enrolments is not None
    if enrolments.height:
        bad = enrolments.select((p.col("covered_until") < p.col("enrolled_on")).any()).item()
        if bad:
            raise _Fallback("enrolments")
    dataset = Dataset(**built, source=str(directory), absent=tuple(absent))  # type: ignore[arg-type]
    return Season(dataset, enrolments, str(directory))


def _read_frame(path: Path, fields: Mapping[str, tuple[str, bool]]) -> Any:
    """One table file as a frame with exactly the columns of ``fields`` (in their order),
    each converted as the reference reader converts cells; _Fallback where it cannot."""
    p = _polars()
    fmt = path.suffix.lstrip(".").lower()
    try:
        if fmt == "csv":
            # Missing cells are nulls (the default; polars 2 removed the option that said so).
            raw = p.read_csv(path, infer_schema=False, encoding="utf8", raise_if_empty=False)
            raw = raw.rename({raw.columns[0]: raw.columns[0].lstrip("\ufeff")}) if raw.width else raw
        elif fmt == "parquet":
            raw = p.read_parquet(path)
        else:
            raise _Fallback(fmt)
    except _Fallback:
        raise
    except (p.exceptions.PolarsError, OSError, ValueError):  # unreadable: the reference reader says why
        # Not Exception: a TypeError here is our call to polars being wrong (it hid a
        # removed option of read_csv once), not a file to read the slow way.
        raise _Fallback(str(path)) from None
    columns, problems = tables.match_columns(raw.columns, fields)
    if problems:
        raise _Fallback("header")
    out: dict[str, Any] = {}
    blank_headings = []
    for heading, column in zip(raw.columns, columns, strict=True):
        if column is None:
            blank_headings.append(heading)
            continue
        out[column] = _convert(raw.get_column(heading), fields[column][0], column)
    for heading in blank_headings:  # a blank heading's cells must be empty
        if _convert(raw.get_column(heading), "text", "").is_not_null().any():
            raise _Fallback("stray values")
    frame = p.DataFrame([out[c] if c in out else p.Series(c, [None] * raw.height, dtype=_dtype(fields[c][0])) for c in fields])
    if frame.width and min(frame.null_count().row(0)) > 0:
        frame = frame.filter(~p.all_horizontal(p.all().is_null()))  # an empty row holds no record
    if any(frame.get_column(c).null_count() for c, (_, req) in fields.items() if req):
        raise _Fallback("missing value")
    return frame


def _dtype(kind: str) -> Any:
    p = _polars()
    return {"date": p.Date, "integer": p.Int64}.get(kind, p.String)


_SPACE = r"[\s\x1c-\x1f]"


def _convert(series: Any, kind: str, column: str) -> Any:
    p = _polars()
    dtype = series.dtype
    name = series.name
    if dtype == p.Null:
        return series.cast(_dtype(kind)).alias(column)
    if kind == "text":
        if dtype.is_integer():
            return series.cast(p.String).alias(column)
        if dtype != p.String:
            raise _Fallback(column)
        if series.head(10_000).n_unique() < 2_000:  # few distinct values (codes): look at those only
            values = series.drop_nulls().unique()
            cleaned = _clean_text(values, column)
            if values.equals(cleaned):
                return series.alias(column)
            return series.replace_strict(values, cleaned, return_dtype=p.String).alias(column)
        if not series.str.contains(_NOT_CLEAN).any():
            return series.alias(column)  # ASCII, not blank, nothing to strip: as the reference reads it
        return _clean_text(series, column).alias(column)
    if kind == "integer":
        if dtype == p.Boolean:
            raise _Fallback(column)
        if dtype.is_integer():
            return series.cast(p.Int64).alias(column)
        if dtype == p.String:
            text = series.str.strip_chars()
            text = p.select(p.when(text.str.len_bytes() == 0).then(None).otherwise(text)).to_series()
            if not text.drop_nulls().str.contains(r"^-?[0-9]+$").all():
                raise _Fallback(column)
            return text.cast(p.Int64, strict=False).alias(column) if _all_fit(text) else _raise(column)
        if dtype.is_float():
            values = series.drop_nulls()
            if not (values.is_finite().all() and (values == values.floor()).all() and values.abs().max() < 2**53):
                raise _Fallback(column)
            return series.cast(p.Int64).alias(column)
        raise _Fallback(column)
    # dates
    if dtype == p.Date:
        return series.alias(column)
    if isinstance(dtype, p.Datetime):
        if dtype.time_zone is not None or (series.drop_nulls().dt.time() != dt.time(0)).any():
            raise _Fallback(column)
        return series.dt.date().alias(column)
    if dtype != p.String:
        raise _Fallback(column)
    text = series.str.strip_chars()
    text = p.select(p.when(text.str.len_bytes() == 0).then(None).otherwise(text)).to_series()
    iso = text.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    vn = text.str.contains(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$")
    parsed = p.select(
        p.when(iso)
        .then(text.str.to_date("%Y-%m-%d", strict=False))
        .when(vn)
        .then(text.str.to_date("%d/%m/%Y", strict=False))
        .otherwise(None)
    ).to_series()
    if (parsed.is_null() & text.is_not_null()).any():
        raise _Fallback(column)
    return parsed.alias(column or name)


_NOT_CLEAN = rf"^{_SPACE}|{_SPACE}$|[^\x00-\x7f]|^$"


def _clean_text(series: Any, column: str) -> Any:
    """Text cells as the reference reader reads them: stripped, NFC, blank -> null, and
    the words of a column with value aliases (``kind``) as their English word."""
    p = _polars()
    text = series.str.strip_chars()
    if text.str.contains(f"^{_SPACE}|{_SPACE}$").any():  # Python strips a few more characters
        raise _Fallback(column)
    text = p.select(p.when(text.str.len_bytes() == 0).then(None).otherwise(text)).to_series()
    if (text.str.len_bytes() != text.str.len_chars()).any():
        text = text.str.normalize("NFC")
    if column in tables.VALUE_ALIASES:
        words = {
            v: tables.convert_cells({column: v}, {column: ("text", False)})[0].get(column) for v in text.drop_nulls().unique()
        }
        text = text.replace_strict(words, default=None, return_dtype=p.String) if words else text
    return text


def _all_fit(text: Any) -> bool:
    return bool(text.cast(_polars().Int64, strict=False).null_count() == text.null_count())


def _raise(column: str) -> Any:
    raise _Fallback(column)


def check_season(pack: RulePack, season: Season) -> None:
    """:func:`rallyrules.check_dataset` for a season: the small tables as there, the
    enrolments on columns. Any problem is reported by the reference path, exactly."""
    try:
        _check_fast(pack, season)
    except _Fallback:
        dataset = season.to_dataset()
        check_dataset(pack, dataset)
        raise EngineError("the columnar check found a problem the reference check did not") from None


def _check_fast(pack: RulePack, season: Season) -> None:
    p = _polars()
    try:
        check_dataset(pack, season.dataset)
    except DataError:
        raise _Fallback("small tables") from None
    e = season.enrolments
    if not e.height:
        return
    individuals = p.Series([s.subject_id for s in season.dataset.subjects if s.kind == "individual"], dtype=p.String)
    schemes = p.Series([s.id for s in pack.schemes], dtype=p.String)
    # Distinct hashes are distinct ids; a collision (or a duplicate) goes the reference way.
    # Adjacent equal values after a sort (a hash table over 20 million rows took ~2 s); ids
    # already in order, as files usually are, need no sort and no hash.
    ids = e.get_column("enrolment_id")
    keys = ids if ids.is_sorted() else ids.hash(11).sort()
    if (keys.slice(1) == keys.slice(0, e.height - 1)).any():
        raise _Fallback("enrolments")
    text = [c for c, (kind, _) in record_fields(tables.FACT_OF_TABLE["enrolments"]).items() if kind == "text"]
    bad = e.select(
        # Text the reference reader refuses (facts.MAX_TEXT_BYTES) goes its way, to be named.
        p.any_horizontal(p.col(c).str.len_bytes().max() > MAX_TEXT_BYTES for c in text)
        | (~p.col("scheme").is_in(schemes.implode())).any()
        | (p.col("credited_individual").is_not_null() & ~p.col("credited_individual").is_in(individuals.implode())).any()
    ).item()
    if bad:
        raise _Fallback("enrolments")


# -- counting -------------------------------------------------------------------------------------


@attrs.frozen(repr=False, eq=False)
class ColumnarCounting:
    """The outcome of counting on columns, with the interface of
    :class:`~rallyrules.Counting`: ``count(subject, wave)``, ``input_total``,
    ``counted`` (a read-only mapping enrolment id -> wave, built on first use),
    ``excluded`` (the ledger as :class:`~rallyrules.Exclusion` values, built on first use)
    and ``excluded_by_reason()``. :attr:`ledger` is the same ledger as a polars DataFrame
    (``enrolment_id``, ``reason``, ``detail``, sorted by enrolment id), made on first use.
    """

    counts: Mapping[tuple[str, int], int]
    marked: Any  # the enrolments with their wave, required coverage date and reason code (REASONS index; null: counted)
    repeats: Any  # row, enrolment id counted instead, of every repeat
    input_total: int
    counted_total: int
    by_reason: Mapping[str, int]
    citations: Mapping[tuple[str, str | None], Citation | None]
    details: Mapping[str, Any]
    _cache: dict[str, Any] = attrs.field(factory=dict)

    def count(self, subject_id: str, wave: int) -> int:
        return self.counts.get((subject_id, wave), 0)

    @property
    def excluded_total(self) -> int:
        return sum(self.by_reason.values())

    def excluded_by_reason(self) -> dict[str, int]:
        return dict(self.by_reason)

    @property
    def counted(self) -> Mapping[str, int]:
        if "counted" not in self._cache:
            p = _polars()
            self._cache["counted"] = _FrameMapping(self.marked.filter(p.col("reason").is_null()).select("enrolment_id", "wave"))
        return self._cache["counted"]  # type: ignore[no-any-return]

    @property
    def ledger(self) -> Any:
        """The exclusion ledger: one row per excluded enrolment (``enrolment_id``,
        ``reason``, ``detail``), by enrolment id."""
        return self._ledger().select("enrolment_id", "reason", "detail")

    def _ledger(self) -> Any:
        if "ledger" not in self._cache:
            p = _polars()
            d = self.details
            first = p.lit(None, p.String)
            excluded = self.marked.with_row_index("row").filter(p.col("reason").is_not_null())
            # Reasons are kept as small codes on every row; their names only on the excluded.
            excluded = excluded.with_columns(
                p.col("reason").replace_strict(list(range(len(REASONS))), list(REASONS), return_dtype=p.String)
            )
            if self.repeats is not None and self.repeats.height:
                excluded = excluded.join(self.repeats, on="row", how="left")
                first = p.col("first")
            detail = (
                p.when(p.col("reason") == "unknown-subject")
                .then(p.format("credited to unknown subject '{}'", p.col("credited_to")))
                .when(p.col("reason") == "outside-periods")
                .then(p.format(d["outside"], p.col("enrolled_on").cast(p.String)))
                .when(p.col("reason") == "coverage-missing")
                .then(p.format("{} must be covered through {}; no coverage end date given", p.col("scheme"), p.col("through").cast(p.String)))
                .when(p.col("reason") == "coverage-too-short")
                .then(
                    p.format(
                        "covered until {}; {} must be covered through {}",
                        p.col("covered_until").cast(p.String), p.col("scheme"), p.col("through").cast(p.String),
                    )
                )
                .otherwise(p.format("person '{}' already counted in {} by enrolment '{}'", p.col("person_id"), p.col("scheme"), first))
            )  # fmt: skip
            self._cache["ledger"] = excluded.select("enrolment_id", "reason", "scheme", detail.alias("detail")).sort(
                "enrolment_id"
            )
        return self._cache["ledger"]

    @property
    def excluded(self) -> Sequence[Exclusion]:
        if "excluded" not in self._cache:
            rows = self._ledger().select("enrolment_id", "reason", "detail", "scheme").iter_rows()
            self._cache["excluded"] = tuple(Exclusion(i, r, d, self.citations.get((r, s))) for i, r, d, s in rows)
        return self._cache["excluded"]  # type: ignore[no-any-return]

    def ledger_records(self) -> list[dict[str, Any]]:
        """The ledger as the plain records of :meth:`rallyrules.Evaluation.to_dict`."""
        out = []
        for i, r, d, s in self._ledger().select("enrolment_id", "reason", "detail", "scheme").iter_rows():
            citation = self.citations.get((r, s))
            out.append({"enrolment_id": i, "reason": r, "detail": d, "citation": attrs.asdict(citation) if citation else None})
        return out

    def __repr__(self) -> str:
        return (
            f"rallyrules.ColumnarCounting(input={self.input_total}, counted={self.counted_total}, "
            f"excluded={self.excluded_total} {self.excluded_by_reason()})"
        )


class _FrameMapping(Mapping[str, int]):
    """enrolment id -> wave over a frame; the dict is built on the first lookup."""

    def __init__(self, frame: Any) -> None:
        self._frame = frame
        self._dict: dict[str, int] | None = None

    def _d(self) -> dict[str, int]:
        if self._dict is None:
            self._dict = dict(zip(self._frame["enrolment_id"].to_list(), self._frame["wave"].to_list(), strict=True))
        return self._dict

    def __len__(self) -> int:
        return int(self._frame.height)

    def __getitem__(self, key: str) -> int:
        return self._d()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._d())

    def __eq__(self, other: object) -> bool:
        return dict(self._d()) == other if isinstance(other, Mapping) else NotImplemented

    def __repr__(self) -> str:
        return f"<{len(self)} counted enrolments>"


def count_enrolments_columnar(
    pack: RulePack, season: Season | Iterable[Subject], enrolments: Any | None = None, *, check: bool = True
) -> ColumnarCounting:
    """Count the enrolments of ``season`` (or of the frame ``enrolments``, credited among
    ``subjects``) exactly as :func:`rallyrules.count_enrolments` does, on columns.

    With ``check`` (the default), the records are checked first (as
    :func:`rallyrules.check_dataset`); a :class:`Season` from :func:`load_season` with the
    same ``pack`` has been checked already.
    """
    _polars()
    if isinstance(season, Season):
        subjects: Sequence[Subject] = season.dataset.subjects
        frame = season.enrolments
        if check:
            check_season(pack, season)
    else:
        subjects = list(season)
        frame = enrolments
        if frame is None:
            raise TypeError("give a Season, or subjects and an enrolments frame")
        if check:
            dataset = Dataset(subjects=tuple(subjects), quotas=(), enrolments=())
            check_season(pack, Season(dataset, frame, "<frame>"))
    return _count(pack, subjects, frame)


def _count(pack: RulePack, subjects: Sequence[Subject], frame: Any) -> ColumnarCounting:
    p = _polars()
    total = int(frame.height)
    p.Enum(REASONS)
    known = p.Series([s.subject_id for s in subjects], dtype=p.String)
    wave = p.lit(None, dtype=p.Int8)
    for w in reversed(pack.waves):  # the first wave that contains the day wins
        wave = p.when(p.col("enrolled_on").is_between(w.start, w.end)).then(p.lit(w.number, dtype=p.Int8)).otherwise(wave)
    through_of = {s.id: s.coverage_through for s in pack.schemes if s.coverage_through is not None}
    through = p.col("scheme").replace_strict(through_of, default=None, return_dtype=p.Date) if through_of else p.lit(None, p.Date)
    code = {r: i for i, r in enumerate(REASONS)}
    reason = (
        p.when(~p.col("credited_to").is_in(known.implode()))
        .then(code["unknown-subject"])
        .when(p.col("wave").is_null())
        .then(code["outside-periods"])
        .when(p.col("through").is_not_null() & p.col("covered_until").is_null())
        .then(code["coverage-missing"])
        .when(p.col("through").is_not_null() & (p.col("covered_until") < p.col("through")))
        .then(code["coverage-too-short"])
        .otherwise(None)
        .cast(p.UInt8)
    )
    marked = frame.lazy().with_columns(wave=wave, through=through).with_columns(reason=reason).collect()

    repeats = None
    if pack.counting.one_enrolment_per_person_and_scheme and total:
        # Only a person counted more than once in a scheme needs ordering: find them by a
        # hash of (person, scheme) — a collision only adds rows to look at — and sort those.
        keys = marked.select(
            p.when(p.col("reason").is_null()).then(p.struct("person_id", "scheme").hash(7)).alias("key")
        ).to_series()
        # Repeated keys by sorting (adjacent equal), not is_duplicated: at 20 million rows
        # its hash table took 2.4 s, the sort 0.4 s.
        present = keys.drop_nulls().sort()
        repeated = present.filter(present == present.shift(1)).unique()
        rows = keys.is_in(repeated).fill_null(False).arg_true()
        if rows.len():
            many = marked.select("enrolment_id", "person_id", "scheme", "enrolled_on")[rows].with_columns(row=rows)
            ordered = many.sort("enrolled_on", "enrolment_id").with_columns(
                first=p.col("enrolment_id").first().over("person_id", "scheme")
            )
            repeats = ordered.filter(p.col("enrolment_id") != p.col("first")).select("row", "first")
            if repeats.height:
                reasons = marked.get_column("reason").scatter(repeats.get_column("row"), code["repeat-person-scheme"])
                marked = marked.with_columns(reasons)
    counted_total = marked.get_column("reason").null_count()
    by_reason = dict(sorted((REASONS[r], int(n)) for r, n in marked.get_column("reason").value_counts().drop_nulls().iter_rows()))

    # Credits: to the collective, up its parents (when the pack says so), and to the individual.
    # One pass over the counted rows (a group-by of 20 million rows costs seconds), then
    # the much smaller result is summed per collective and per individual.
    credited = (
        marked.lazy()
        .filter(p.col("reason").is_null())
        .group_by("credited_to", "credited_individual", "wave")
        .agg(p.len().alias("n"))
        .collect()
    )
    by_to = credited.group_by("credited_to", "wave").agg(p.col("n").sum())
    if pack.counting.credit_parents:
        parent = {s.subject_id: s.parent_id for s in subjects}
        pairs: list[tuple[str, str]] = []
        for s in subjects:
            pairs.append((s.subject_id, s.subject_id))
            up = s.parent_id
            while up is not None:
                pairs.append((s.subject_id, up))
                up = parent[up]
        chain = p.DataFrame(pairs, schema={"credited_to": p.String, "subject": p.String}, orient="row")
        by_to = by_to.join(chain, on="credited_to").select("subject", "wave", "n")
    else:
        by_to = by_to.rename({"credited_to": "subject"})
    by_individual = (
        credited.filter(p.col("credited_individual").is_not_null())
        .group_by("credited_individual", "wave")
        .agg(p.col("n").sum())
        .rename({"credited_individual": "subject"})
    )
    credits = p.concat([by_to, by_individual]).group_by("subject", "wave").agg(p.col("n").sum())
    counts = dict(
        zip(
            zip(credits.get_column("subject").to_list(), credits.get_column("wave").to_list(), strict=False),
            credits.get_column("n").to_list(),
            strict=False,
        )
    )

    excluded_total = sum(by_reason.values())
    if counted_total + excluded_total != total:
        raise EngineError(f"counting lost enrolments: {counted_total} counted + {excluded_total} excluded != {total} input")
    citations: dict[tuple[str, str | None], Citation | None] = {}
    for scheme in pack.schemes:
        coverage = pack.parameter(scheme.coverage_parameter).source if scheme.coverage_parameter else None
        citations[("coverage-missing", scheme.id)] = citations[("coverage-too-short", scheme.id)] = coverage
        citations[("repeat-person-scheme", scheme.id)] = pack.counting.source
    periods = ", ".join(f"{w.start.isoformat()}..{w.end.isoformat()}" for w in pack.waves)
    details = {"outside": "enrolled on {}, outside every emulation period " + periods.replace("{", "{{").replace("}", "}}")}
    return ColumnarCounting(counts, marked, repeats, total, counted_total, by_reason, citations, details)
