"""Data sets: read from CSV or records, checked against each other and the pack; every
bad record named with its file and line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import rallyrules as rr

from .conftest import FIXTURES_DIR, enrolment, subject


def write(folder: Path, name: str, rows: list[dict[str, object]], header: list[str]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


SUBJECT_COLUMNS = ["subject_id", "name", "kind", "level", "parent_id", "area_code", "scope"]
QUOTA_COLUMNS = ["subject_id", "wave", "quota"]
ENROLMENT_COLUMNS = ["enrolment_id", "person_id", "scheme", "enrolled_on", "covered_until", "credited_to", "credited_individual"]


def test_bundled_data_loads(pack: rr.RulePack) -> None:
    """The bundled data set reads and is consistent with the bundled pack."""
    data = rr.load_dataset(FIXTURES_DIR)
    rr.check_dataset(pack, data)
    assert len(data.enrolments) > 10_000
    assert {s.level for s in data.subjects} == {"city", "district"}


def test_every_bad_record_is_reported_with_its_line(tmp_path: Path) -> None:
    """Two bad rows in two files: one DataError naming both, with line numbers."""
    write(tmp_path, "subjects.csv", [subject("C1") | {"area_code": ""}], SUBJECT_COLUMNS)
    write(
        tmp_path,
        "quotas.csv",
        [{"subject_id": "C1", "wave": 1, "quota": 5}, {"subject_id": "C1", "wave": 2, "quota": -3}],
        QUOTA_COLUMNS,
    )
    rows = [enrolment(1, "C1", "2023-05-06"), enrolment(2, "C1", "2023-13-01")]
    write(tmp_path, "enrolments.csv", [r | {"credited_individual": ""} for r in rows], ENROLMENT_COLUMNS)
    with pytest.raises(rr.DataError) as caught:
        rr.load_dataset(tmp_path)
    found = {(Path(p.path).name, p.line) for p in caught.value.problems}
    assert found == {("quotas.csv", 3), ("enrolments.csv", 3)}, str(caught.value)
    assert "'quota' must be >= 0" in str(caught.value)


def test_missing_files_and_columns_are_named(tmp_path: Path) -> None:
    """A missing file and a header without a required column are both reported."""
    write(tmp_path, "subjects.csv", [], ["subject_id", "name", "kind"])
    write(tmp_path, "quotas.csv", [], QUOTA_COLUMNS)
    with pytest.raises(rr.DataError) as caught:
        rr.load_dataset(tmp_path)
    text = str(caught.value)
    assert "missing column(s) ['level']" in text and "enrolments.csv" in text and "cannot read" in text


def test_check_dataset_reports_every_inconsistency(pack: rr.RulePack) -> None:
    """Duplicates, unknown levels, waves, schemes and parents, and cycles: all at once."""
    data = rr.Dataset.from_records(
        subjects=[subject("A", parent="B"), subject("B", parent="A"), subject("A"), subject("X", level="province"), subject("Y", parent="Z")],
        quotas=[{"subject_id": "A", "wave": 1, "quota": 1}, {"subject_id": "A", "wave": 1, "quota": 2}, {"subject_id": "A", "wave": 9, "quota": 1}],
        enrolments=[enrolment(1, "A", "2023-05-06", scheme="bhyt-doanh-nghiep"), enrolment(1, "A", "2023-05-06")],
    )  # fmt: skip
    with pytest.raises(rr.DataError) as caught:
        rr.check_dataset(pack, data)
    text = str(caught.value)
    for words in ("duplicate subject_id 'A'", "unknown level 'province'", "parent_id 'Z' is not a subject", "cycle",
                  "a second quota", "wave 9", "unknown scheme 'bhyt-doanh-nghiep'", "duplicate enrolment_id"):  # fmt: skip
        assert words in text, words
    assert all(p.path for p in caught.value.problems)
