"""Input records -> a checked :class:`Dataset`, every bad record reported at once.

A data set is three tables: ``subjects``, ``quotas`` and ``enrolments`` (see
``docs/input-format.md``). :func:`load_dataset` reads them from a folder of CSV files;
:meth:`Dataset.from_records` takes plain dicts from anywhere else. Either way each
record is built into a typed fact or reported with its file and line, and
:func:`check_dataset` then checks the records against each other and against a rule
pack (known levels, waves, schemes and subjects; no duplicate ids; no cycles).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from .errors import DataError, Problem
from .facts import Enrolment, Quota, Subject
from .model import RulePack

__all__ = ["Dataset", "check_dataset", "load_dataset"]

TABLES = ("subjects", "quotas", "enrolments")
_FACT_OF_TABLE: dict[str, type] = {"subjects": Subject, "quotas": Quota, "enrolments": Enrolment}

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
    origins: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False)
    source: str = "<records>"

    @classmethod
    def from_records(
        cls,
        *,
        subjects: Iterable[Mapping[str, Any]],
        quotas: Iterable[Mapping[str, Any]],
        enrolments: Iterable[Mapping[str, Any]],
        source: str = "<records>",
    ) -> Dataset:
        """Build from plain records (dicts); raises :class:`DataError` listing every bad one."""
        problems: list[Problem] = []
        built: dict[str, tuple[Any, ...]] = {}
        origins: dict[str, tuple[str, ...]] = {}
        for table, records in (("subjects", subjects), ("quotas", quotas), ("enrolments", enrolments)):
            numbered = [(f"{table}[{i}]", None, r) for i, r in enumerate(records)]
            built[table], origins[table] = _build(_FACT_OF_TABLE[table], numbered, problems)
        if problems:
            raise DataError(f"bad records in {source}", problems)
        return cls(built["subjects"], built["quotas"], built["enrolments"], origins, source)

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
    cls: type[T], numbered: Iterable[tuple[str, int | None, Mapping[str, Any]]], problems: list[Problem]
) -> tuple[tuple[T, ...], tuple[str, ...]]:
    from_record: Callable[[Mapping[str, Any]], T] = cls.from_record  # type: ignore[attr-defined]
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
    """Read ``subjects.csv``, ``quotas.csv`` and ``enrolments.csv`` from ``directory``.

    Files are UTF-8 (a byte-order mark from Excel is accepted), with a header row; an
    empty cell is no value. Raises :class:`DataError` naming every missing file, unknown
    or missing column and bad record, with its line.
    """
    directory = Path(directory)
    problems: list[Problem] = []
    built: dict[str, tuple[Any, ...]] = {}
    origins: dict[str, tuple[str, ...]] = {}
    for table in TABLES:
        path = directory / f"{table}.csv"
        cls = _FACT_OF_TABLE[table]
        rows = _read_csv(path, cls, problems)
        built[table], origins[table] = _build(cls, rows, problems)
    if problems:
        raise DataError(f"bad input data in {directory}", problems)
    return Dataset(built["subjects"], built["quotas"], built["enrolments"], origins, str(directory))


def _read_csv(path: Path, cls: type, problems: list[Problem]) -> list[tuple[str, int | None, dict[str, str]]]:
    name = str(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        problems.append(Problem(f"cannot read the file: {exc.strerror or exc}", name))
        return []
    rows: list[tuple[str, int | None, dict[str, str]]] = []
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            expected = [f.name for f in attrs.fields(cls)]
            required = [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]
            unknown = [h for h in header if h not in expected]
            missing = [h for h in required if h not in header]
            if unknown or missing or len(set(header)) != len(header):
                detail = []
                if missing:
                    detail.append(f"missing column(s) {missing}")
                if unknown:
                    detail.append(f"unknown column(s) {unknown}")
                if len(set(header)) != len(header):
                    detail.append("a column appears twice")
                problems.append(Problem(f"header: {'; '.join(detail)}; expected columns {expected}", name, 1))
                return []
            for row in reader:
                if None in row or any(value is None for value in row.values()):
                    problems.append(Problem(f"has {len(header)} columns in the header but not in this row", name, reader.line_num))
                    continue
                rows.append((name, reader.line_num, row))
        except UnicodeDecodeError as exc:
            problems.append(Problem(f"not valid UTF-8 ({exc.reason}); save the file as UTF-8", name))
            return []
        except csv.Error as exc:
            problems.append(Problem(f"not valid CSV: {exc}", name))
            return []
    return rows


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
            at("enrolments", i, f"enrolment '{enrolment.enrolment_id}': unknown scheme '{enrolment.scheme}'; the pack knows {sorted(schemes)}")
        individual = enrolment.credited_individual
        if individual is not None and (individual not in subjects or subjects[individual].kind != "individual"):
            at("enrolments", i, f"enrolment '{enrolment.enrolment_id}': credited_individual '{individual}' is not an individual subject")
    if problems:
        raise DataError(f"inconsistent input data in {dataset.source}", problems)
