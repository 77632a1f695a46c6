"""Input records -> a checked :class:`Dataset`, every bad record reported at once.

A data set is three tables: ``subjects``, ``quotas`` and ``enrolments``, and four optional
ones (see ``docs/input-format.md``). :func:`load_dataset` reads them from a folder of CSV,
Excel or Parquet files (:mod:`rallyrules.tables`); :meth:`Dataset.from_dataframes` takes
pandas DataFrames and :meth:`Dataset.from_records` plain dicts from anywhere else. Either
way each record is built into a typed fact or reported with its file and line, and
:func:`check_dataset` then checks the records against each other and against a rule
pack (known levels, waves, schemes and subjects; no duplicate ids; no cycles).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from . import tables
from .errors import DataError, Problem
from .facts import Attestation, Enrolment, Quota, RosterLine, Subject, Submission, TargetResult, record_fields
from .model import RulePack

__all__ = ["Dataset", "check_dataset", "load_dataset"]

# The tables and their fact classes are defined with the readers (rallyrules.tables).
REQUIRED_TABLES = tables.REQUIRED_TABLES
OPTIONAL_TABLES = tables.OPTIONAL_TABLES
TABLES = tables.TABLES
_FACT_OF_TABLE = tables.FACT_OF_TABLE

T = TypeVar("T")


@attrs.frozen(repr=False)
class Dataset:
    """The input records of one campaign, as typed facts.

    ``origins`` gives, per table, where each record came from (``file:line``), in the
    same order as the records, so that later checks can name them.
    """

    subjects: tuple[Subject, ...]
    quotas: tuple[Quota, ...]
    enrolments: tuple[Enrolment, ...]
    attestations: tuple[Attestation, ...] = ()
    targets: tuple[TargetResult, ...] = ()
    submissions: tuple[Submission, ...] = ()
    rosters: tuple[RosterLine, ...] = ()
    origins: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False)
    source: str = "<records>"
    #: Optional tables that were not given (their rules then have no facts to decide on).
    absent: tuple[str, ...] = ()

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
    ) -> Dataset:
        """Build from plain records (dicts); raises :class:`DataError` listing every bad one.

        The optional tables default to absent (``None``), which is not the same as empty.
        """
        given = {
            "subjects": subjects, "quotas": quotas, "enrolments": enrolments, "attestations": attestations,
            "targets": targets, "submissions": submissions, "rosters": rosters,
        }  # fmt: skip
        problems: list[Problem] = []
        built: dict[str, tuple[Any, ...]] = {}
        origins: dict[str, tuple[str, ...]] = {}
        for table, records in given.items():
            numbered = [(f"{table}[{i}]", None, r) for i, r in enumerate(records or ())]
            built[table], origins[table] = _build(_FACT_OF_TABLE[table], numbered, problems)
        if problems:
            raise DataError(f"bad records in {source}", problems)
        absent = tuple(t for t in OPTIONAL_TABLES if given[t] is None)
        return cls(**built, origins=origins, source=source, absent=absent)

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
    ) -> Dataset:
        """Build from pandas DataFrames, one per table, read like the files of
        :func:`load_dataset`: English or Vietnamese column names, dates as date cells,
        ``YYYY-MM-DD`` or ``dd/mm/yyyy``, whole numbers stored as floats accepted, missing
        values (NaN, NaT, None) as empty cells. A bad row is named ``table[index label]``;
        raises :class:`DataError` listing every one. The optional tables default to absent.
        """
        given = {
            "subjects": subjects, "quotas": quotas, "enrolments": enrolments, "attestations": attestations,
            "targets": targets, "submissions": submissions, "rosters": rosters,
        }  # fmt: skip
        problems: list[Problem] = []
        built: dict[str, tuple[Any, ...]] = {}
        origins: dict[str, tuple[str, ...]] = {}
        for table, frame in given.items():
            fact = _FACT_OF_TABLE[table]
            rows: list[tables.Row] = []
            if frame is not None:
                rows, found = tables.rows_from_dataframe(frame, record_fields(fact), table)
                problems += found
            built[table], origins[table] = _build(fact, rows, problems, from_cells=True)
        if problems:
            raise DataError(f"bad records in {source}", problems)
        absent = tuple(t for t in OPTIONAL_TABLES if given[t] is None)
        return cls(**built, origins=origins, source=source, absent=absent)

    def origin(self, table: str, index: int) -> tuple[str, int | None]:
        """(file, line) of record ``index`` of ``table``."""
        where = self.origins.get(table, ())
        if index < len(where):
            path, _, line = where[index].rpartition(":")
            if line.isdigit():
                return path, int(line)
            return where[index], None
        return f"{table}[{index}]", None

    def __repr__(self) -> str:
        return (
            f"rallyrules.Dataset(source={self.source!r}, subjects={len(self.subjects)}, "
            f"quotas={len(self.quotas)}, enrolments={len(self.enrolments)})"
        )


def _build(
    cls: type[T],
    numbered: Iterable[tuple[str, int | None, Mapping[str, Any]]],
    problems: list[Problem],
    *,
    from_cells: bool = False,
) -> tuple[tuple[T, ...], tuple[str, ...]]:
    # Cells of files and frames are first converted to each column's type (dd/mm/yyyy,
    # 12.0, spreadsheet dates); plain records go to from_record as they are.
    from_record: Callable[[Mapping[str, Any]], T] = (
        functools.partial(tables.fact_from_cells, cls) if from_cells else cls.from_record  # type: ignore[attr-defined]
    )
    facts: list[T] = []
    origins: list[str] = []
    for path, line, record in numbered:
        try:
            facts.append(from_record(record))
        except (ValueError, TypeError) as exc:
            problems.append(Problem(f"{cls.__name__.lower()} record: {exc}", path, line))
            continue
        origins.append(f"{path}:{line}" if line is not None else path)
    return tuple(facts), tuple(origins)


def load_dataset(directory: str | Path) -> Dataset:
    """Read the tables of a data set from the files in ``directory``.

    Each table is one file, ``<table>.csv``, ``<table>.xlsx`` (its first sheet) or
    ``<table>.parquet``; two files for one table is an error. ``subjects``, ``quotas`` and
    ``enrolments`` are required; ``attestations``, ``targets``, ``submissions`` and
    ``rosters`` are read when present (and listed in :attr:`Dataset.absent` when not).
    CSV files are UTF-8 (a byte-order mark from Excel is accepted). Every file has a
    header row, in English or Vietnamese (:data:`rallyrules.tables.COLUMN_ALIASES`); an
    empty cell is no value; dates are ``YYYY-MM-DD``, ``dd/mm/yyyy`` or date cells. Raises
    :class:`DataError` naming every missing file, unknown or missing column and bad row,
    with its file and row (the header is row 1).
    """
    directory = Path(directory)
    problems: list[Problem] = []
    built: dict[str, tuple[Any, ...]] = {}
    origins: dict[str, tuple[str, ...]] = {}
    absent = []
    for table in TABLES:
        cls = _FACT_OF_TABLE[table]
        path, found = tables.find_table(directory, table)
        rows: list[tables.Row] = []
        if path is not None:
            rows, found = tables.read_table(path, record_fields(cls))
        elif table in REQUIRED_TABLES and not found:
            others = " or ".join(f"{table}.{ext}" for ext in tables.FORMATS[1:])
            found.append(Problem(f"cannot read the file: it does not exist (nor {others})", str(directory / f"{table}.csv")))
        elif not found:
            absent.append(table)
        built[table], origins[table] = _build(cls, rows, found, from_cells=True)
        # Layout problems (found while reading) and bad records, in the order of the rows.
        problems += sorted(found, key=lambda p: p.line or 0)
    if problems:
        raise DataError(f"bad input data in {directory}", problems)
    return Dataset(**built, origins=origins, source=str(directory), absent=tuple(absent))


def check_dataset(pack: RulePack, dataset: Dataset) -> None:
    """Check the records against each other and against ``pack``.

    Raises :class:`DataError` listing every problem: duplicate subject, quota or
    enrolment ids; unknown levels, waves and schemes; parents and credited individuals
    that do not exist; cycles of parents. (An enrolment credited to an unknown
    collective is not an error: counting excludes it, with that reason.)
    """
    problems: list[Problem] = []

    def at(table: str, index: int, message: str) -> None:
        path, line = dataset.origin(table, index)
        problems.append(Problem(message, path, line))

    levels = {level.id for level in pack.levels}
    waves = {wave.number for wave in pack.waves}
    schemes = {scheme.id for scheme in pack.schemes}
    subjects: dict[str, Subject] = {}
    for i, subject in enumerate(dataset.subjects):
        if subject.subject_id in subjects:
            at("subjects", i, f"duplicate subject_id '{subject.subject_id}'")
            continue
        subjects[subject.subject_id] = subject
        if subject.level not in levels:
            at("subjects", i, f"subject '{subject.subject_id}': unknown level '{subject.level}'; the pack knows {sorted(levels)}")
    for i, subject in enumerate(dataset.subjects):
        if subject.parent_id is not None and subject.parent_id not in subjects:
            at("subjects", i, f"subject '{subject.subject_id}': parent_id '{subject.parent_id}' is not a subject")
    for i, subject in enumerate(dataset.subjects):
        seen = {subject.subject_id}
        parent = subject.parent_id
        while parent is not None and parent in subjects:
            if parent in seen:
                at("subjects", i, f"subject '{subject.subject_id}': its parents form a cycle through '{parent}'")
                break
            seen.add(parent)
            parent = subjects[parent].parent_id

    quota_keys: set[tuple[str, int]] = set()
    for i, quota in enumerate(dataset.quotas):
        key = (quota.subject_id, quota.wave)
        if key in quota_keys:
            at("quotas", i, f"a second quota for subject '{quota.subject_id}' in wave {quota.wave}")
        quota_keys.add(key)
        if quota.subject_id not in subjects:
            at("quotas", i, f"quota for unknown subject '{quota.subject_id}'")
        if quota.wave not in waves:
            at("quotas", i, f"quota for wave {quota.wave}, but the pack has waves {sorted(waves)}")

    enrolment_ids: set[str] = set()
    for i, enrolment in enumerate(dataset.enrolments):
        if enrolment.enrolment_id in enrolment_ids:
            at("enrolments", i, f"duplicate enrolment_id '{enrolment.enrolment_id}'")
        enrolment_ids.add(enrolment.enrolment_id)
        if enrolment.scheme not in schemes:
            at(
                "enrolments",
                i,
                f"enrolment '{enrolment.enrolment_id}': unknown scheme '{enrolment.scheme}'; the pack knows {sorted(schemes)}",
            )
        individual = enrolment.credited_individual
        if individual is not None and (individual not in subjects or subjects[individual].kind != "individual"):
            at(
                "enrolments",
                i,
                f"enrolment '{enrolment.enrolment_id}': credited_individual '{individual}' is not an individual subject",
            )
    _check_campaign_tables(pack, dataset, subjects, at)
    if problems:
        raise DataError(f"inconsistent input data in {dataset.source}", problems)


def units(pack: RulePack, subjects: Iterable[Subject]) -> dict[str, str]:
    """Every unit that submits reports and rosters, and its level: the id of each unscoped
    level (e.g. the whole city) and each scope of a scoped level (e.g. each district)."""
    out = {level.id: level.id for level in pack.levels if not level.scoped}
    scoped = {level.id for level in pack.levels if level.scoped}
    for subject in subjects:
        if subject.level in scoped and subject.scope is not None:
            out.setdefault(subject.scope, subject.level)
    return out


def _check_campaign_tables(
    pack: RulePack, dataset: Dataset, subjects: Mapping[str, Subject], at: Callable[[str, int, str], None]
) -> None:
    waves = {wave.number for wave in pack.waves}
    levels = {level.id: level for level in pack.levels}
    for i, subject in enumerate(dataset.subjects):
        level = levels.get(subject.level)
        if level is not None and level.scoped and subject.scope is None:
            at("subjects", i, f"subject '{subject.subject_id}': level '{subject.level}' is awarded per area; give its scope")
    seen: set[tuple[Any, ...]] = set()
    for i, attestation in enumerate(dataset.attestations):
        attested = subjects.get(attestation.subject_id)
        if attested is None or attested.kind != "individual":
            at("attestations", i, f"attestation for '{attestation.subject_id}', which is not an individual subject")
        if attestation.wave not in waves:
            at("attestations", i, f"attestation for wave {attestation.wave}, but the pack has waves {sorted(waves)}")
        if ("a", attestation.subject_id, attestation.wave) in seen:
            at("attestations", i, f"a second attestation for '{attestation.subject_id}' in wave {attestation.wave}")
        seen.add(("a", attestation.subject_id, attestation.wave))
    indicators = {i.id for i in pack.targets.indicators} if pack.targets else set()
    for i, target in enumerate(dataset.targets):
        if target.subject_id not in subjects:
            at("targets", i, f"target for unknown subject '{target.subject_id}'")
        if target.indicator not in indicators:
            at("targets", i, f"unknown indicator '{target.indicator}'; the pack knows {sorted(indicators)}")
        if ("t", target.subject_id, target.indicator) in seen:
            at("targets", i, f"a second '{target.indicator}' target for '{target.subject_id}'")
        seen.add(("t", target.subject_id, target.indicator))
    known_units = units(pack, dataset.subjects)
    deadlines = {d.id: d for d in pack.deadlines}
    for i, submission in enumerate(dataset.submissions):
        deadline = deadlines.get(submission.deadline)
        if deadline is None:
            at("submissions", i, f"unknown deadline '{submission.deadline}'; the pack knows {sorted(deadlines)}")
            continue
        if deadline.anchor(submission.wave) is None:
            at("submissions", i, f"deadline '{deadline.id}' has no date for wave {submission.wave}")
        if known_units.get(submission.submitter) != deadline.submitter_level:
            at(
                "submissions",
                i,
                f"'{submission.submitter}' is not a {deadline.submitter_level}-level unit that submits '{deadline.id}'",
            )
        key = ("s", submission.deadline, submission.wave, submission.submitter)
        if key in seen:
            at(
                "submissions",
                i,
                f"a second '{submission.deadline}' submission by '{submission.submitter}' for wave {submission.wave}",
            )
        seen.add(key)
    roles = {r.id: r for r in pack.roster_roles}
    for i, line in enumerate(dataset.rosters):
        if line.wave not in waves:
            at("rosters", i, f"roster for wave {line.wave}, but the pack has waves {sorted(waves)}")
        unit_level = known_units.get(line.unit)
        if unit_level is None:
            at("rosters", i, f"unknown unit '{line.unit}'; units are {sorted(known_units)}")
        role = roles.get(line.role)
        if role is None:
            at("rosters", i, f"unknown roster role '{line.role}'; the pack knows {sorted(roles)}")
        elif unit_level is not None and unit_level not in role.levels:
            at("rosters", i, f"role '{line.role}' is not used at the {unit_level} level")
