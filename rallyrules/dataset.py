"""Input records -> a checked :class:`Dataset` held as columns (the read stage).

A data set is three tables, ``subjects``, ``quotas`` and ``enrolments``, and five optional
ones (see ``docs/input-format.md``): ``attestations``, ``targets``, ``submissions``,
``rosters`` and ``admin-units`` (the names of areas, which decide nothing). :func:`load_dataset` reads them from a folder of CSV,
Excel or Parquet files; :meth:`Dataset.from_dataframes` takes pandas DataFrames and
:meth:`Dataset.from_records` plain dicts from anywhere else. However they come, each table
becomes one typed polars table (:mod:`rallyrules._columns`): text stripped and NFC, whole
numbers, dates — every bad cell reported with its file and row, all at once. The typed
records of :mod:`rallyrules.facts` (``dataset.subjects``…) are made from the columns only
when asked for.

:func:`check_dataset` then checks the records against each other and against a rule pack
(known levels, waves, schemes and subjects; no duplicate ids; no cycles) and makes the one
pass over the enrolments that also counts them (:mod:`rallyrules.count`) — so a data set is
read, checked, counted and digested walking its records once. With ``lazy=True``,
:func:`load_dataset` does not read the enrolments at all: they are streamed from their file
in that pass (a national season's 20 million records are never held whole), and their bad
rows are reported by it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import polars as pl

from . import tables
from ._columns import LABEL, ROW, convert, empty_typed, frame_of_records, record_problem
from ._digest import TableDigest, digest_of, inputs_digest_of_tables
from .count import Counting, EnrolmentPass, SubjectCodes, batches_of
from .errors import DataError, Problem
from .facts import AdminUnit, Attestation, Enrolment, Quota, RosterLine, Subject, Submission, TargetResult, record_fields
from .model import RulePack, Text, vocabulary_key
from .text import Message, Named, Quoted

__all__ = ["Checked", "Dataset", "check_dataset", "load_dataset"]

REQUIRED_TABLES = tables.REQUIRED_TABLES
OPTIONAL_TABLES = tables.OPTIONAL_TABLES
TABLES = tables.TABLES
_FACT_OF_TABLE = tables.FACT_OF_TABLE


class Dataset:
    """The input records of one campaign, as typed polars tables.

    ``subjects``, ``quotas``, ``enrolments``… are the records as typed values
    (:class:`~rallyrules.Subject`…, made when first asked for); :meth:`frame` gives a table
    as a polars DataFrame. ``absent`` lists the optional tables that were not given (their
    rules then have no facts to decide on): an absent table is not an empty one. ``notes``
    say what was read in an unusual way or not read at all (a file that is no table, a
    second sheet, a semicolon separator), for ``rallyrules check`` to show.

    Built from typed records (``Dataset(subjects=…, quotas=…, enrolments=…)``), by
    :meth:`from_records`, :meth:`from_dataframes` or :func:`load_dataset`.
    """

    def __init__(
        self,
        subjects: Iterable[Subject] = (),
        quotas: Iterable[Quota] = (),
        enrolments: Iterable[Enrolment] = (),
        attestations: Iterable[Attestation] = (),
        targets: Iterable[TargetResult] = (),
        submissions: Iterable[Submission] = (),
        rosters: Iterable[RosterLine] = (),
        *,
        admin_units: Iterable[AdminUnit] | None = None,
        origins: Mapping[str, Sequence[str]] | None = None,
        source: str = "<records>",
        absent: Iterable[str] = (),
    ) -> None:
        tables_ = (subjects, quotas, enrolments, attestations, targets, submissions, rosters, admin_units or ())
        given = dict(zip(TABLES, tables_, strict=True))
        self._records: dict[str, tuple[Any, ...]] = {t: tuple(r) for t, r in given.items()}
        self._frames: dict[str, pl.DataFrame] = {}
        self._labels = {
            t: list(origins[t]) for t in TABLES if origins and t in origins and len(origins[t]) == len(self._records[t])
        }
        self._stream: tables.RawSource | None = None
        self._paths: dict[str, str] = {}
        self.source = source
        self.absent = tuple(absent) + (("admin-units",) if admin_units is None and "admin-units" not in absent else ())
        self.notes: tuple[Problem, ...] = ()

    @classmethod
    def _of_frames(
        cls, frames: Mapping[str, pl.DataFrame], *, source: str, absent: Iterable[str], paths: Mapping[str, str],
        stream: tables.RawSource | None = None, notes: Iterable[Problem] = (),
    ) -> Dataset:  # fmt: skip
        dataset = cls(source=source, absent=absent, admin_units=())
        dataset._records = {}
        dataset._frames = {
            t: frames[t] if t in frames else empty_typed(_FACT_OF_TABLE[t]) for t in TABLES if t != "enrolments" or stream is None
        }
        dataset._stream = stream
        dataset._paths = dict(paths)
        dataset.notes = tuple(notes)
        return dataset

    # -- the tables ---------------------------------------------------------------------------

    def _typed(self, table: str) -> pl.DataFrame:
        """The typed table with its rows' places (:data:`ROW`, :data:`LABEL`)."""
        if table not in self._frames:
            if table == "enrolments" and self._stream is not None:
                parts, problems = [], []
                for batch, found in self.enrolment_batches():
                    parts.append(batch)
                    problems += found
                if problems:
                    raise DataError(Message("data.summary.bad-input", source=self.source), problems)
                self._frames[table] = pl.concat(parts) if parts else empty_typed(Enrolment)
            else:
                labels = self._labels.get(table)
                self._frames[table] = frame_of_records(_FACT_OF_TABLE[table], self._records[table], labels)
        return self._frames[table]

    def frame(self, table: str) -> pl.DataFrame:
        """One table (``"subjects"``, ``"enrolments"``…) as a polars DataFrame of its
        fields, typed (text, ``Int64``, ``Date``). Raises KeyError for an unknown table."""
        if table not in TABLES:
            raise KeyError(f"no table {table!r}; the tables are {list(TABLES)}")
        return self._typed(table).select(list(record_fields(_FACT_OF_TABLE[table])))

    def _records_of(self, table: str) -> tuple[Any, ...]:
        if table not in self._records:
            cls = _FACT_OF_TABLE[table]
            self._records[table] = tuple(cls(*row) for row in self.frame(table).iter_rows())
        return self._records[table]

    @property
    def subjects(self) -> tuple[Subject, ...]:
        """The emulation subjects, as typed records."""
        return self._records_of("subjects")

    @property
    def quotas(self) -> tuple[Quota, ...]:
        """The quotas per subject and wave."""
        return self._records_of("quotas")

    @property
    def enrolments(self) -> tuple[Enrolment, ...]:
        """The enrolments, as typed records (one Python object each: for small data sets;
        :meth:`frame` gives them as columns)."""
        return self._records_of("enrolments")

    @property
    def attestations(self) -> tuple[Attestation, ...]:
        """The attestations of individuals' leadership."""
        return self._records_of("attestations")

    @property
    def targets(self) -> tuple[TargetResult, ...]:
        """The year targets and results."""
        return self._records_of("targets")

    @property
    def submissions(self) -> tuple[Submission, ...]:
        """The submissions made (reports and lists), with their dates."""
        return self._records_of("submissions")

    @property
    def rosters(self) -> tuple[RosterLine, ...]:
        """The rosters of each rally."""
        return self._records_of("rosters")

    @property
    def admin_units(self) -> tuple[AdminUnit, ...]:
        """The administrative units that name areas and scopes (empty when not given)."""
        return self._records_of("admin-units")

    def unit_names(self) -> dict[str, str]:
        """Area code -> name, from the ``admin-units`` table: each province, district and
        commune code with its name (``{"916": "Quận Ninh Kiều", "31117": "Phường Cái Khế"…}``);
        empty when the table was not given. The first name a code is given wins (the checks
        refuse a code given two names)."""
        if not hasattr(self, "_unit_names"):
            names: dict[str, str] = {}
            frame = self.frame("admin-units")
            for level in ("province", "district", "commune"):
                for code, name in frame.select(f"{level}_code", level).drop_nulls().iter_rows():
                    names.setdefault(code, name)
            self._unit_names = names
        return dict(self._unit_names)

    @property
    def enrolment_count(self) -> int:
        """How many enrolment records there are (streamed data are read to count them)."""
        if self.streamed:
            return sum(batch.height for batch, _ in self.enrolment_batches())
        return int(self._typed("enrolments").height)

    @property
    def streamed(self) -> bool:
        """True when the enrolments are read from their file as they are counted."""
        return self._stream is not None and "enrolments" not in self._frames

    # -- where records come from ------------------------------------------------------------------

    @property
    def origins(self) -> Mapping[str, tuple[str, ...]]:
        """Per table, where each record came from (``file:row``, or ``table[label]``), in order."""
        return {
            t: tuple(self._place(t, i) for i in range(self._typed(t).height))
            for t in TABLES
            if not (t == "enrolments" and self.streamed)
        }

    def _place(self, table: str, index: int) -> str:
        frame = self._typed(table)
        row, label = frame.get_column(ROW)[index], frame.get_column(LABEL)[index]
        if label is not None:
            return str(label)
        if row is not None:
            return f"{self._paths.get(table, table)}:{row}"
        return f"{table}[{index}]"

    def origin(self, table: str, index: int) -> tuple[str, int | None]:
        """(file, row) of record ``index`` of ``table`` (or its label and None)."""
        frame = self._typed(table)
        if index < frame.height:
            row, label = frame.get_column(ROW)[index], frame.get_column(LABEL)[index]
            if label is not None:
                return str(label), None
            if row is not None:
                return self._paths.get(table, table), int(row)
        return f"{table}[{index}]", None

    def path_of(self, table: str) -> str:
        """The file a table was read from (its name when it came from elsewhere)."""
        return self._paths.get(table, table)

    # -- the enrolments, in batches ------------------------------------------------------------

    def enrolment_batches(self, size: int = tables.BATCH_ROWS) -> Iterator[tuple[pl.DataFrame, list[Problem]]]:
        """The enrolments as typed batches (with the places of their rows), and the problems
        of each batch's rows: streamed from their file (converted as they come) or sliced
        from the table in memory."""
        if not self.streamed:
            for batch in batches_of(self._typed("enrolments"), size):
                yield batch, []
            return
        stream = self._stream
        assert stream is not None
        for raw, layout in stream.batches(size):
            if raw is None:
                yield empty_typed(Enrolment), layout
                continue
            typed, problems = convert(raw, Enrolment, path=str(stream.path), table="enrolments")
            yield typed, layout + problems

    def enrolment_rows(self, rows: np.ndarray[Any, Any], places: np.ndarray[Any, Any]) -> pl.DataFrame:
        """The enrolments at positions ``rows`` (in record order; ``places`` are the same
        records' rows in their file), with their position in a ``row`` column. Streamed
        enrolments are read again, and only those rows converted."""
        if not self.streamed:
            wanted = np.sort(rows)
            return self._typed("enrolments")[wanted].with_columns(pl.Series("row", wanted, dtype=pl.Int64))
        stream = self._stream
        assert stream is not None
        position = pl.DataFrame({ROW: places, "row": rows}, schema={ROW: pl.Int64, "row": pl.Int64})
        parts = []
        for raw, _ in stream.batches():
            if raw is None:
                continue
            picked = raw.join(position, on=ROW, how="semi")
            if picked.height:
                typed, _problems = convert(picked, Enrolment, path=str(stream.path), table="enrolments")
                parts.append(typed.join(position, on=ROW, how="left"))
        return pl.concat(parts).sort("row") if parts else empty_typed(Enrolment).with_columns(row=pl.lit(None, pl.Int64))

    def enrolment_ids(self) -> pl.Series:
        """The enrolment ids, in record order."""
        if not self.streamed:
            return self._typed("enrolments").get_column("enrolment_id")
        parts = [batch.get_column("enrolment_id") for batch, _ in self.enrolment_batches()]
        return pl.concat(parts) if parts else pl.Series("enrolment_id", [], dtype=pl.String)

    # -- building -------------------------------------------------------------------------------------

    @classmethod
    def from_records(
        cls,
        *,
        subjects: Iterable[Mapping[str, Any]],
        quotas: Iterable[Mapping[str, Any]],
        enrolments: Iterable[Mapping[str, Any]],
        attestations: Iterable[Mapping[str, Any]] | None = None,
        targets: Iterable[Mapping[str, Any]] | None = None,
        submissions: Iterable[Mapping[str, Any]] | None = None,
        rosters: Iterable[Mapping[str, Any]] | None = None,
        source: str = "<records>",
        admin_units: Iterable[Mapping[str, Any]] | None = None,
    ) -> Dataset:
        """Build from plain records (dicts); raises :class:`DataError` listing every bad one.

        The optional tables default to absent (``None``), which is not the same as empty."""
        given = {
            "subjects": subjects, "quotas": quotas, "enrolments": enrolments, "attestations": attestations,
            "targets": targets, "submissions": submissions, "rosters": rosters, "admin-units": admin_units,
        }  # fmt: skip
        problems: list[Problem] = []
        built: dict[str, tuple[Any, ...]] = {}
        origins: dict[str, tuple[str, ...]] = {}
        for table, records in given.items():
            cls_: Any = _FACT_OF_TABLE[table]
            facts, names = [], []
            for i, record in enumerate(records or ()):
                try:
                    facts.append(cls_.from_record(record))
                except (ValueError, TypeError) as exc:
                    problems.append(Problem.of(record_problem(cls_, ValueError(str(exc)) if isinstance(exc, TypeError) else exc),
                                               f"{table}[{i}]"))  # fmt: skip
                    continue
                names.append(f"{table}[{i}]")
            built[table], origins[table] = tuple(facts), tuple(names)
        if problems:
            raise DataError(Message("data.summary.bad-records", source=source), problems)
        absent = tuple(t for t in OPTIONAL_TABLES if given[t] is None)
        units = built.pop("admin-units")
        return cls(**built, admin_units=units, origins=origins, source=source, absent=absent)

    @classmethod
    def from_dataframes(
        cls,
        *,
        subjects: Any,
        quotas: Any,
        enrolments: Any,
        attestations: Any | None = None,
        targets: Any | None = None,
        submissions: Any | None = None,
        rosters: Any | None = None,
        source: str = "<dataframes>",
        admin_units: Any | None = None,
    ) -> Dataset:
        """Build from pandas DataFrames, one per table, read like the files of
        :func:`load_dataset`: English or Vietnamese column names, dates as date cells,
        ``YYYY-MM-DD`` or ``dd/mm/yyyy``, missing values (NaN, NaT, None) as empty cells.
        A bad row is named ``table[index label]``. A whole-number column held as floats is
        refused (pandas reads ``3.000`` as 3.0): read it as integers (``dtype={'quota':
        'Int64'}``). Raises :class:`DataError` listing every problem. The optional tables
        default to absent."""
        given = {
            "subjects": subjects, "quotas": quotas, "enrolments": enrolments, "attestations": attestations,
            "targets": targets, "submissions": submissions, "rosters": rosters, "admin-units": admin_units,
        }  # fmt: skip
        problems: list[Problem] = []
        frames: dict[str, pl.DataFrame] = {}
        for table, frame in given.items():
            fact = _FACT_OF_TABLE[table]
            if frame is None:
                continue
            raw, found = tables.raw_frame_of_dataframe(frame, record_fields(fact), table)
            problems += found
            if raw is None:
                continue
            typed, found = convert(raw, fact, path=table, table=table)
            problems += found
            frames[table] = typed
        if problems:
            raise DataError(Message("data.summary.bad-records", source=source), problems)
        absent = tuple(t for t in OPTIONAL_TABLES if given[t] is None)
        return cls._of_frames(frames, source=source, absent=absent, paths={t: t for t in TABLES})

    def with_tables(self, **tables_: Iterable[Any]) -> Dataset:
        """A copy with some tables replaced by these typed records (the rest kept)."""
        tables_ = {t.replace("_", "-"): v for t, v in tables_.items()}  # admin_units= names the admin-units table
        records: dict[str, Any] = {t: tables_[t] if t in tables_ else self._records_of(t) for t in TABLES}
        units = records.pop("admin-units")
        absent = [t for t in self.absent if t not in tables_]
        return Dataset(**records, admin_units=None if "admin-units" in absent else units, source=self.source, absent=absent)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self.absent == other.absent and all(self.frame(t).equals(other.frame(t)) for t in TABLES)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        enrolments = "streamed" if self.streamed else str(self._typed("enrolments").height)
        return (
            f"rallyrules.Dataset(source={self.source!r}, subjects={self._typed('subjects').height}, "
            f"quotas={self._typed('quotas').height}, enrolments={enrolments})"
        )


# -- reading a folder ---------------------------------------------------------------------------------


def load_dataset(directory: str | Path, *, lazy: bool = False) -> Dataset:
    """Read the tables of a data set from the files in ``directory``.

    Each table is one file, ``<table>.csv``, ``<table>.xlsx`` (its first sheet) or
    ``<table>.parquet``; two files for one table is an error. ``subjects``, ``quotas`` and
    ``enrolments`` are required; ``attestations``, ``targets``, ``submissions``,
    ``rosters`` and ``admin-units`` are read when present (and listed in
    :attr:`Dataset.absent` when not). A
    file whose name is a near miss of a table's (``attestation.csv``, ``ATTESTATIONS.CSV``)
    is an error, not an absent table; any other file is listed in :attr:`Dataset.notes` as
    not read. CSV files are UTF-8 (a byte-order mark from Excel is accepted), separated by
    commas or — as Excel writes them where the decimal mark is a comma — semicolons. Every
    file has a header row, in English or Vietnamese (:data:`rallyrules.tables.COLUMN_ALIASES`);
    an empty cell is no value; dates are ``YYYY-MM-DD``, ``dd/mm/yyyy`` or date cells; codes
    are text (a code typed as a number is refused: it may have lost its leading zeros).

    With ``lazy``, the enrolments are not read now: they are streamed from their file when
    the data set is checked or evaluated, and their bad rows reported then.

    Raises :class:`DataError` naming every missing file, unknown or missing column and bad
    row, with its file and row (the header is row 1).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DataError(
            Message("data.summary.cannot-read", source=str(directory)), [Problem.at("data.file.not-folder", str(directory))]
        )
    read = _read_folder(directory, lazy=lazy)
    if read.problems:
        raise DataError(Message("data.summary.bad-input", source=str(directory)), list(read.problems))
    return read.dataset


@attrs.frozen
class _Read:
    """A data folder as far as it could be read: ``dataset`` holds every table that was read
    (a table whose file could not be read at all is empty; a bad row is left out),
    ``problems`` what could not be read, ``unread`` the tables with a problem."""

    dataset: Dataset
    problems: tuple[Problem, ...]
    unread: frozenset[str]


def _read_folder(directory: Path, *, lazy: bool) -> _Read:
    problems: list[Problem] = []
    notes: list[Problem] = []
    frames: dict[str, pl.DataFrame] = {}
    paths: dict[str, str] = {}
    absent = []
    stream = None
    used: set[str] = set()
    unread: set[str] = set()
    for table in TABLES:
        cls = _FACT_OF_TABLE[table]
        path, found = tables.find_table(directory, table)
        used.update(Path(p.path).name for p in found if p.path)
        if path is None:
            if found:
                problems += found
                unread.add(table)
            elif table in REQUIRED_TABLES:
                others = " or ".join(f"{table}.{ext}" for ext in tables.FORMATS[1:])
                problems.append(Problem.at("data.file.missing", str(directory / f"{table}.csv"), others=others))
                unread.add(table)
            else:
                absent.append(table)
            continue
        used.add(path.name)
        paths[table] = str(path)
        source = tables.open_table(path, record_fields(cls), table)
        notes += [Problem.of(note, str(path)) for note in source.notes]
        if source.problems:
            problems += source.problems
            unread.add(table)
            continue
        if table == "enrolments" and lazy:
            stream = source
            continue
        parts, found = [], []
        for raw, layout in source.batches():
            found += layout
            if raw is None:
                continue
            typed, refused = convert(raw, cls, path=str(path), table=table)
            found += refused
            parts.append(typed)
        problems += sorted(found, key=lambda p: p.line or 0)
        unread.update([table] if found else [])
        frames[table] = pl.concat(parts) if parts else empty_typed(cls)
    misnamed, not_read = _other_files(directory, used, absent)
    problems += misnamed
    notes += not_read
    dataset = Dataset._of_frames(frames, source=str(directory), absent=absent, paths=paths, stream=stream, notes=notes)
    return _Read(dataset, tuple(problems), frozenset(unread))


def _other_files(directory: Path, used: set[str], absent: Sequence[str]) -> tuple[list[Problem], list[Problem]]:
    """The files that are not tables of the data set: an error when the name is a near miss
    of an absent table's (its table would silently count as absent), else a note."""
    misnamed: list[Problem] = []
    unread: list[Problem] = []
    names = [f"{t}.{ext}" for t in TABLES for ext in tables.FORMATS]
    for entry in sorted(directory.iterdir()):
        if entry.name in used or entry.name.startswith("."):
            continue
        stem, suffix = entry.stem.lower(), entry.suffix.lower().lstrip(".")
        close = difflib.get_close_matches(stem, list(absent), n=1, cutoff=0.75) if entry.is_file() else []
        if close and suffix in (*tables.FORMATS, "xls", "txt", "tsv"):
            name = f"{close[0]}.{suffix if suffix in tables.FORMATS else 'csv'}"
            misnamed.append(Problem.at("data.file.misnamed", str(entry), name=Quoted(name), table=Quoted(close[0])))
            continue
        what = Message("data.note.a-folder" if entry.is_dir() else "data.note.not-a-table")
        hint = difflib.get_close_matches(entry.name.lower(), names, n=1, cutoff=0.8)
        if hint:
            unread.append(Problem.at("data.note.not-read-hint", str(entry), what=what, name=Quoted(hint[0])))
        else:
            unread.append(Problem.at("data.note.not-read", str(entry), what=what))
    return misnamed, unread


# -- checking -------------------------------------------------------------------------------------------


@attrs.frozen
class Checked:
    """What checking a data set against a pack gives besides its verdict: the counting of
    its enrolments (made in the same pass), the inputs digest when asked for, and the
    notes a person should see (files not read, unknown subjects that look like known ones)."""

    dataset: Dataset
    counting: Counting
    digest: str | None
    notes: tuple[Problem, ...] = ()


def check_dataset(pack: RulePack, dataset: Dataset, *, digest: bool = False) -> Checked:
    """Check the records against each other and against ``pack``, and count the
    enrolments in the same pass.

    Enumerated values (levels, schemes, roster roles, indicators, deadlines) may be given
    by the pack's Vietnamese or English names instead of their ids, in any case and Unicode
    form: they are read as the ids. Raises :class:`DataError` listing every problem, of
    every table, at once: duplicate subject, quota or enrolment ids; unknown levels, waves
    and schemes; parents and credited individuals that do not exist; cycles of parents;
    and, for streamed enrolments, their bad rows. (An enrolment credited to an unknown
    collective is not an error: counting excludes it, with that reason — and a note when
    the id looks like a known one.) With ``digest``, the result also holds the inputs
    digest of the receipt.
    """
    dataset = _canonical(pack, dataset)
    problems = _check_tables(pack, dataset)
    subjects = dataset._typed("subjects")
    codes = SubjectCodes(subjects)
    parts: dict[str, TableDigest | None] = {}
    pool = ThreadPoolExecutor(1, thread_name_prefix="rallyrules-digest") if digest else None
    pending: list[Future[None]] = []
    enrolment_digest = TableDigest("enrolments") if digest else None

    def feed(batch: pl.DataFrame) -> None:
        # Hashing runs beside the counting (hashlib releases the GIL); at most two batches wait.
        assert pool is not None and enrolment_digest is not None
        if len(pending) >= 2:
            pending.pop(0).result()
        pending.append(pool.submit(enrolment_digest.update, batch))

    scheme_words = _vocabulary(pack).get("scheme", {})
    count = EnrolmentPass(pack, codes, path=dataset.path_of("enrolments"), digest=feed if digest else None)
    try:
        for batch, found in dataset.enrolment_batches():
            problems += found
            if scheme_words and not batch.get_column("scheme").is_in(count.schemes).all():
                batch = _canonical_column(batch, "scheme", scheme_words)  # a name given for a scheme: its id
            count.add(batch)
        counting = count.finish(dataset, other_problems=bool(problems))
        for future in pending:
            future.result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    problems += count.problems
    if problems:
        raise DataError(Message("data.summary.inconsistent", source=dataset.source), problems)
    assert counting is not None
    if digest:
        for table in TABLES:
            if table in dataset.absent:
                parts[table] = None
            elif table == "enrolments":
                parts[table] = enrolment_digest
            else:
                parts[table] = digest_of(table, dataset.frame(table))
    notes = list(dataset.notes) + _unknown_subject_notes(counting, dataset)
    return Checked(dataset, counting, inputs_digest_of_tables(parts) if digest else None, tuple(notes))


def _unknown_subject_notes(counting: Counting, dataset: Dataset) -> list[Problem]:
    ledger = counting.ledger_frame().filter((pl.col("reason") == "unknown-subject") & pl.col("suggestion").is_not_null())
    if not ledger.height:
        return []
    grouped = ledger.group_by("credited_to", "suggestion", maintain_order=True).agg(pl.len().alias("n"))
    return [
        Problem.at("data.note.unknown-subject", dataset.path_of("enrolments"), n=n, unknown=Quoted(unknown), known=Quoted(known))
        for unknown, known, n in grouped.iter_rows()
    ]


@attrs.frozen
class _FolderCheck:
    """``rallyrules check --data`` on a folder: ``problems`` of every stage that could run
    (reading every table, then the tables against each other and the pack), ``notes`` (files
    not read, near-miss subjects, stages not run and why); ``checked`` when nothing was wrong."""

    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...]
    checked: Checked | None


def _check_folder(pack: RulePack | None, directory: Path) -> _FolderCheck:
    """Every problem of a data folder in one run, as far as each stage can run on what the
    one before left. Reading goes on past a bad file or row (a file that cannot be read gives
    an empty table, a bad row is left out); the consistency checks then run on what was read,
    which can only miss problems (a quota or enrolment row left out), never invent one —
    except when subjects could not be read whole (every check looks ids up in it: a subject
    left out would make its quotas, parents and enrolments "unknown"), or there is no pack
    (``pack`` None, when the pack has problems): then those checks are not run, and a note
    says so."""
    if not directory.is_dir():
        return _FolderCheck((Problem.at("data.file.not-folder", str(directory)),), (), None)
    read = _read_folder(directory, lazy=False)
    problems, notes = list(read.problems), list(read.dataset.notes)
    if pack is None:
        notes.append(Problem.at("data.note.not-checked-pack", str(directory)))
    elif "subjects" in read.unread:
        notes.append(Problem.at("data.note.not-checked-subjects", read.dataset.path_of("subjects") or str(directory)))
    else:
        try:
            checked = check_dataset(pack, read.dataset)
        except DataError as exc:
            problems += exc.problems
        else:
            notes = list(checked.notes)
            if not problems:
                return _FolderCheck((), tuple(notes), checked)
    return _FolderCheck(tuple(problems), tuple(notes), None)


def _vocabulary(pack: RulePack) -> dict[str, dict[str, str]]:
    """Per column, the words a data file may use for the pack's enumerated values (their ids
    and their Vietnamese and English names, as :func:`rallyrules.model.vocabulary_key`
    compares them) -> the id: :meth:`RulePack.input_vocabulary`, the one vocabulary."""
    return pack.input_vocabulary()


def _canonical_column(frame: pl.DataFrame, column: str, words: Mapping[str, str]) -> pl.DataFrame:
    values = frame.get_column(column)
    distinct = values.drop_nulls().unique().to_list()
    mapping = {v: words.get(vocabulary_key(v), v) for v in distinct}
    if all(k == v for k, v in mapping.items()):
        return frame
    return frame.with_columns(values.replace_strict(mapping, default=None, return_dtype=pl.String).alias(column))


def _canonical(pack: RulePack, dataset: Dataset) -> Dataset:
    """The data set with the pack's names of enumerated values read as their ids."""
    words = _vocabulary(pack)
    changed: dict[str, pl.DataFrame] = {}
    pairs = (
        ("subjects", "level"),
        ("rosters", "role"),
        ("targets", "indicator"),
        ("submissions", "deadline"),
        ("quotas", "scheme"),
    )
    for table, column in pairs:
        frame = dataset._typed(table)
        new = _canonical_column(frame, column, words[column])
        if new is not frame:
            changed[table] = new
    if "enrolments" in dataset._frames or not dataset.streamed:
        frame = dataset._typed("enrolments")
        new = _canonical_column(frame, "scheme", words["scheme"])
        if new is not frame:
            changed["enrolments"] = new
    if not changed:
        return dataset
    frames = {t: changed.get(t, dataset._typed(t)) for t in TABLES if t != "enrolments" or not dataset.streamed}
    return Dataset._of_frames(
        frames, source=dataset.source, absent=dataset.absent, paths=dataset._paths, stream=dataset._stream if dataset.streamed else None,
        notes=dataset.notes,
    )  # fmt: skip


def units(pack: RulePack, subjects: pl.DataFrame) -> dict[str, str]:
    """Every unit that submits reports and rosters, and its level: the id of each unscoped
    level (e.g. the whole city) and each scope of a scoped level (e.g. each district)."""
    out = {level.id: level.id for level in pack.levels if not level.scoped}
    scoped = [level.id for level in pack.levels if level.scoped]
    found = subjects.filter(pl.col("level").is_in(scoped) & pl.col("scope").is_not_null()).select("scope", "level")
    for scope, level in found.unique(subset="scope", keep="first", maintain_order=True).iter_rows():
        out.setdefault(scope, level)
    return out


def _check_tables(pack: RulePack, dataset: Dataset) -> list[Problem]:
    """Every problem of the small tables against each other and the pack, in the order the
    checks are listed (each check's problems in the order of the records)."""
    problems: list[Problem] = []

    def report(table: str, frame: pl.DataFrame, message: Callable[[dict[str, Any]], Message]) -> None:
        path = dataset.path_of(table)
        for row in frame.iter_rows(named=True):
            if row[LABEL] is not None:
                problems.append(Problem.of(message(row), row[LABEL]))
            elif row[ROW] is not None:
                problems.append(Problem.of(message(row), path, row[ROW]))
            else:
                problems.append(Problem.of(message(row), f"{table}[{row['__i']}]"))

    def numbered(table: str) -> pl.DataFrame:
        return dataset._typed(table).with_row_index("__i")

    def said(code: str, /, **params: Any) -> Callable[[dict[str, Any]], Message]:
        # A parameter naming a column (``subject="subject_id"``) takes the row's value, quoted;
        # ``_WAVE`` the row's wave; any other value is taken as it is.
        def message(r: dict[str, Any]) -> Message:
            values = {k: r["wave"] if v is _WAVE else Quoted(r[v]) if type(v) is str and v in r else v for k, v in params.items()}
            return Message(code, **values)

        return message

    def named(domain: str, ids: Iterable[Any]) -> list[Named]:
        return [Named(str(i), pack.value_label(domain, i)) for i in ids]

    levels = named("level", sorted(level.id for level in pack.levels))
    waves = sorted(wave.number for wave in pack.waves)
    scoped = [level.id for level in pack.levels if level.scoped]
    subjects = numbered("subjects")
    ids = subjects.get_column("subject_id")
    first = ids.is_first_distinct()
    report("subjects", subjects.filter(~first), said("data.check.duplicate-subject", subject="subject_id"))
    report(
        "subjects", subjects.filter(first & ~pl.col("level").is_in([str(v) for v in levels])),
        said("data.check.unknown-level", subject="subject_id", level="level", known=levels),
    )  # fmt: skip
    known = ids.unique()
    report(
        "subjects", subjects.filter(pl.col("parent_id").is_not_null() & ~pl.col("parent_id").is_in(known.implode())),
        said("data.check.unknown-parent", subject="subject_id", parent="parent_id"),
    )  # fmt: skip
    for index, through in _cycles(subjects):
        looped = pl.DataFrame([subjects.row(index, named=True)], schema=subjects.schema)
        report("subjects", looped, _cycle_message(through))

    quotas = numbered("quotas")
    second = quotas.filter(~pl.struct("subject_id", "wave", "scheme").is_first_distinct())
    report(
        "quotas", second.filter(pl.col("scheme").is_null()),
        said("data.check.second-quota", subject="subject_id", wave=_WAVE),
    )  # fmt: skip
    report(
        "quotas", second.filter(pl.col("scheme").is_not_null()),
        said("data.check.second-quota-scheme", subject="subject_id", wave=_WAVE, scheme="scheme"),
    )  # fmt: skip
    # A quota is given for the wave or per scheme, not both: which one to reach would be unclear.
    mixed = quotas.filter(pl.col("scheme").is_null().any().over("subject_id", "wave") & pl.col("scheme").is_not_null())
    report(
        "quotas", mixed.filter(pl.struct("subject_id", "wave").is_first_distinct()),
        said("data.check.quota-mixed", subject="subject_id", wave=_WAVE),
    )  # fmt: skip
    schemes = named("scheme", sorted(s.id for s in pack.schemes))
    report(
        "quotas", quotas.filter(pl.col("scheme").is_not_null() & ~pl.col("scheme").is_in([str(s) for s in schemes])),
        said("data.check.quota-unknown-scheme", scheme="scheme", known=schemes),
    )  # fmt: skip
    report(
        "quotas",
        quotas.filter(~pl.col("subject_id").is_in(known.implode())),
        said("data.check.quota-unknown-subject", subject="subject_id"),
    )
    report("quotas", quotas.filter(~pl.col("wave").is_in(waves)), _wave_message("data.check.quota-wave", waves))
    report(
        "subjects", subjects.filter(pl.col("level").is_in(scoped) & pl.col("scope").is_null()),
        lambda r: Message("data.check.needs-scope", subject=Quoted(r["subject_id"]),
                          level=Named(r["level"], pack.value_label("level", r["level"]))),
    )  # fmt: skip

    individuals = subjects.filter(pl.col("kind") == "individual").get_column("subject_id").unique()
    attest = numbered("attestations")
    report(
        "attestations", attest.filter(~pl.col("subject_id").is_in(individuals.implode())),
        said("data.check.attestation-not-individual", subject="subject_id"),
    )  # fmt: skip
    report("attestations", attest.filter(~pl.col("wave").is_in(waves)), _wave_message("data.check.attestation-wave", waves))
    report(
        "attestations", attest.filter(~pl.struct("subject_id", "wave").is_first_distinct()),
        said("data.check.second-attestation", subject="subject_id", wave=_WAVE),
    )  # fmt: skip

    indicators = named("indicator", sorted(i.id for i in pack.targets.indicators) if pack.targets else [])
    targets = numbered("targets")
    report(
        "targets",
        targets.filter(~pl.col("subject_id").is_in(known.implode())),
        said("data.check.target-unknown-subject", subject="subject_id"),
    )
    report(
        "targets", targets.filter(~pl.col("indicator").is_in([str(i) for i in indicators])),
        said("data.check.unknown-indicator", indicator="indicator", known=indicators),
    )  # fmt: skip
    report(
        "targets", targets.filter(~pl.struct("subject_id", "indicator").is_first_distinct()),
        said("data.check.second-target", indicator="indicator", subject="subject_id"),
    )  # fmt: skip

    unit_levels = units(pack, subjects)
    deadlines = {d.id: d for d in pack.deadlines}

    def at(table: str, row: Mapping[str, Any], message: Message) -> None:
        report(table, pl.DataFrame([dict(row)], schema=dataset._typed(table).with_row_index("__i").schema), lambda _: message)

    submissions = numbered("submissions")
    for row in submissions.iter_rows(named=True):
        deadline = deadlines.get(row["deadline"])
        if deadline is None:
            at("submissions", row, Message("data.check.unknown-deadline", deadline=Quoted(row["deadline"]),
                                           known=named("deadline", sorted(deadlines))))  # fmt: skip
            continue
        if deadline.anchor(row["wave"]) is None:
            at("submissions", row, Message("data.check.deadline-no-date", deadline=Named(deadline.id, deadline.name),
                                           wave=row["wave"]))  # fmt: skip
        if unit_levels.get(row["submitter"]) != deadline.submitter_level:
            level = Text(pack.value_label("level", deadline.submitter_level).vi, deadline.submitter_level)
            at("submissions", row, Message("data.check.not-submitter", submitter=Quoted(row["submitter"]), level=level,
                                           deadline=Named(deadline.id, deadline.name)))  # fmt: skip
    report(
        "submissions",
        submissions.filter(
            pl.col("deadline").is_in(list(deadlines)) & ~pl.struct("deadline", "wave", "submitter").is_first_distinct()
        ),
        lambda r: Message("data.check.second-submission", deadline=Named(r["deadline"], deadlines[r["deadline"]].name),
                          submitter=Quoted(r["submitter"]), wave=r["wave"]),
    )  # fmt: skip

    roles = {r.id: r for r in pack.roster_roles}
    rosters = numbered("rosters")
    report("rosters", rosters.filter(~pl.col("wave").is_in(waves)), _wave_message("data.check.roster-wave", waves))
    for row in rosters.iter_rows(named=True):
        unit_level, role = unit_levels.get(row["unit"]), roles.get(row["role"])
        if unit_level is None:
            at(
                "rosters",
                row,
                Message("data.check.unknown-unit", unit=Quoted(row["unit"]), known=[Quoted(u) for u in sorted(unit_levels)]),
            )
        if role is None:
            at("rosters", row, Message("data.check.unknown-role", role=Quoted(row["role"]), known=named("role", sorted(roles))))
        elif unit_level is not None and unit_level not in role.levels:
            at("rosters", row, Message("data.check.role-level", role=Named(role.id, role.name),
                                       level=Text(pack.value_label("level", unit_level).vi, unit_level)))  # fmt: skip

    # A code is one area: one name (the same district on many commune rows), one commune row.
    areas = numbered("admin-units")
    for area in ("province", "district", "commune"):
        coded = areas.filter(pl.col(f"{area}_code").is_not_null())
        first_name = coded.group_by(f"{area}_code", maintain_order=True).agg(pl.col(area).first().alias("__first"))
        report(
            "admin-units",
            coded.join(first_name, on=f"{area}_code", how="left", maintain_order="left").filter(pl.col(area) != pl.col("__first")),
            _two_names(area),
        )  # fmt: skip
    report(
        "admin-units", areas.filter(pl.col("commune_code").is_not_null() & ~pl.col("commune_code").is_first_distinct()),
        said("data.check.second-commune", code="commune_code"),
    )  # fmt: skip
    return problems


#: A wave number in a message: rendered as a number, never quoted.
_WAVE = object()


def _wave_message(code: str, waves: list[int]) -> Callable[[dict[str, Any]], Message]:
    return lambda r: Message(code, wave=r["wave"], waves=waves)


def _two_names(area: str) -> Callable[[dict[str, Any]], Message]:
    return lambda r: Message(
        "data.check.area-two-names", code=Quoted(r[f"{area}_code"]), name=Quoted(r[area]), first=Quoted(r["__first"])
    )


def _cycle_message(through: str) -> Callable[[dict[str, Any]], Message]:
    return lambda r: Message("data.check.cycle", subject=Quoted(r["subject_id"]), through=Quoted(through))


def _cycles(subjects: pl.DataFrame) -> Iterator[tuple[int, str]]:
    """(row, the subject the cycle passes through) for each subject whose parents loop."""
    first = subjects.filter(pl.col("subject_id").is_first_distinct())
    parent = dict(zip(first.get_column("subject_id").to_list(), first.get_column("parent_id").to_list(), strict=True))
    rows = zip(subjects.get_column("subject_id").to_list(), subjects.get_column("parent_id").to_list(), strict=True)
    for index, (subject_id, up) in enumerate(rows):
        seen = {subject_id}
        while up is not None and up in parent:
            if up in seen:
                yield index, up
                break
            seen.add(up)
            up = parent[up]
