"""Input tables as an office keeps them read back to the same inputs (issue 11, point 6).

`export.input_tables` writes a data set with Vietnamese headings, enumerated values by the
pack's names (``Cấp huyện``, ``BHYT hộ gia đình``, ``Tập thể``), codes as text and dates as
``dd/mm/yyyy``; `load_dataset` must read them back to the same records: the same inputs
digest and the same decisions — also when the names are typed in NFD or in capitals, as
another program or a person may."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest

import rallyrules as rr
from rallyrules.export import input_tables

from .conftest import FIXTURES_DIR, PACK_DIR

pytest.importorskip("openpyxl")

MOMENT = dt.datetime(2024, 1, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def pack() -> rr.RulePack:
    return rr.load_rule_pack(PACK_DIR)


@pytest.fixture(scope="module")
def season() -> rr.Dataset:
    return rr.load_dataset(FIXTURES_DIR)


def decided(pack: rr.RulePack, dataset: rr.Dataset) -> dict[str, object]:
    result = rr.evaluate(pack, dataset, engine="python", evaluated_at=MOMENT).to_dict()
    result["receipt"].pop("evaluated_at")
    return result


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_season_written_as_an_office_keeps_it_reads_back_the_same(
    pack: rr.RulePack, season: rr.Dataset, tmp_path: Path, fmt: str
) -> None:
    written = input_tables(season, tmp_path, pack=pack, lang="vi", fmt=fmt)
    assert {p.name for p in written} >= {f"subjects.{fmt}", f"quotas.{fmt}", f"enrolments.{fmt}"}
    if fmt == "csv":
        header = (tmp_path / "subjects.csv").read_text("utf-8-sig").splitlines()[0]
        assert "Mã đối tượng" in header and "subject_id" not in header
        assert "Cấp huyện" in (tmp_path / "subjects.csv").read_text("utf-8-sig")
        assert "/2023" in (tmp_path / "enrolments.csv").read_text("utf-8-sig")  # dd/mm/yyyy
    again = rr.load_dataset(tmp_path)
    assert rr.inputs_digest(again, pack) == rr.inputs_digest(season, pack)
    assert decided(pack, again) == decided(pack, season)


def _retyped(path: Path, change: object) -> None:
    """Every cell of ``path`` (a CSV written by input_tables) passed through ``change``."""
    text = path.read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([change(cell) for cell in row])  # type: ignore[operator]
    path.write_text(out.getvalue(), "utf-8-sig")


@pytest.mark.parametrize(
    ("form", "change"),
    [
        ("NFD", lambda cell: unicodedata.normalize("NFD", cell)),
        ("capitals", lambda cell: cell.upper() if cell in ("Cấp huyện", "Cấp thành phố", "Tập thể", "Cá nhân") else cell),
    ],
)
def test_names_in_nfd_or_capitals_read_as_the_same_values(
    pack: rr.RulePack, season: rr.Dataset, tmp_path: Path, form: str, change: object
) -> None:
    input_tables(season, tmp_path, pack=pack, lang="vi", fmt="csv")
    for table in ("subjects.csv", "enrolments.csv", "quotas.csv"):
        _retyped(tmp_path / table, change)
    subjects = (tmp_path / "subjects.csv").read_text("utf-8-sig")
    assert ("CẤP HUYỆN" in subjects) if form == "capitals" else (unicodedata.normalize("NFD", "Cấp huyện") in subjects)
    again = rr.load_dataset(tmp_path)
    assert rr.inputs_digest(again, pack) == rr.inputs_digest(season, pack)


def test_quotas_per_scheme_keep_their_scheme(pack: rr.RulePack, tmp_path: Path) -> None:
    """The quota table's optional scheme column has a Vietnamese heading and round-trips."""
    records = {
        "subjects": [{"subject_id": "A", "name": "Ấp A", "kind": "collective", "level": "city", "parent_id": None, "scope": None}],
        "quotas": [
            {"subject_id": "A", "wave": 1, "quota": 3, "scheme": "bhxh-tu-nguyen"},
            {"subject_id": "A", "wave": 1, "quota": 2, "scheme": "bhyt-ho-gia-dinh"},
        ],
        "enrolments": [
            {"enrolment_id": "E1", "person_id": "0100000001", "scheme": "bhxh-tu-nguyen", "enrolled_on": dt.date(2023, 5, 10),
             "credited_to": "A", "covered_until": dt.date(2023, 12, 31), "credited_individual": None},
        ],
    }  # fmt: skip
    dataset = rr.Dataset.from_records(**records)
    input_tables(dataset, tmp_path, pack=pack, lang="vi", fmt="csv")
    header = (tmp_path / "quotas.csv").read_text("utf-8-sig").splitlines()[0]
    assert "Loại hình tham gia" in header and "scheme" not in header
    assert "BHXH tự nguyện" in (tmp_path / "quotas.csv").read_text("utf-8-sig")
    again = rr.load_dataset(tmp_path)
    assert rr.inputs_digest(again, pack) == rr.inputs_digest(dataset, pack)
