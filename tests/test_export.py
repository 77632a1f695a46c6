"""Results out for notebooks: the DataFrame, and to_excel / workbook writing the review workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rallyrules import export

from ._office import evaluation
from .conftest import bundled_pack

pd = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")


def test_to_excel_writes_the_review_workbook(tmp_path: Path) -> None:
    """to_excel writes the committee's review workbook (with the pack of the receipt by
    default): a summary, one sheet per round, checks, findings, the ledger, the receipt."""
    path = export.to_excel(evaluation(), tmp_path / "xet-duyet.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Tổng hợp",
        "Đợt 1",
        "Đợt 2",
        "Đợt 3",
        "Sau các đợt",
        "Kiểm tra",
        "Dữ liệu cần xem",
        "Loại trừ",
        "Thông tin",
    ]
    assert book["Đợt 1"]["A2"].value.startswith("Thực hiện Kế hoạch số 38/KH-BCĐ ngày 05 tháng 4 năm 2023 của Ban Chỉ đạo")
    assert book["Đợt 1"]["A4"].value == "Đợt 1: từ 06/05/2023 đến 09/06/2023"


def test_same_evaluation_same_bytes(tmp_path: Path) -> None:
    """Writing twice gives identical files: no clock but the receipt's."""
    first = export.to_excel(evaluation(), tmp_path / "a.xlsx").read_bytes()
    second = export.to_excel(evaluation(), tmp_path / "b.xlsx").read_bytes()
    assert first == second
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.created == dt.datetime(2024, 1, 15, 8, 0)


def test_workbook_reads_it_back_and_english_works() -> None:
    book = export.workbook(evaluation(), "en", pack=bundled_pack())
    assert book.sheetnames[:2] == ["Summary", "Wave 1"]
    assert [c.value for c in book["Wave 1"][5]][:3] == ["No.", "Id", "Collective or individual"]


def test_without_receipt_or_pack_the_pack_id_is_named(tmp_path: Path) -> None:
    """An evaluation with no receipt still exports: the plan line names the pack id."""
    import copy

    bare = copy.copy(evaluation())
    bare.receipt = None
    sheet = openpyxl.load_workbook(export.to_excel(bare, tmp_path / "bare.xlsx"))["Đợt 1"]
    assert sheet["A2"].value == "Bộ quy tắc: can-tho-2023" and sheet["C3"].value is None


def test_refused_before_writing(tmp_path: Path) -> None:
    """An unknown language, a name that is not .xlsx or a missing folder: ValueError, no file."""
    with pytest.raises(ValueError, match="lang must be"):
        export.to_excel(evaluation(), tmp_path / "x.xlsx", lang="fr")
    with pytest.raises(ValueError, match=r"\.xlsx"):
        export.to_excel(evaluation(), tmp_path / "x.csv")
    with pytest.raises(ValueError, match="does not exist"):
        export.to_excel(evaluation(), tmp_path / "no" / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbook is written beside the target and renamed: a failure half-way leaves the
    previous file as it was, and no temporary file."""
    path = export.to_excel(evaluation(), tmp_path / "x.xlsx")
    before = path.read_bytes()
    from rallyrules.outputs import _excel

    def broken(self: object, sheet: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(_excel.ReviewWriter, "info", broken)
    with pytest.raises(OSError, match="disk full"):
        export.to_excel(evaluation(), path)
    assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == [path]


def test_dataframe_has_a_row_per_decision_with_typed_columns() -> None:
    """to_dataframe: one row per subject, round and rule, with outcome, reasons, rank, cap,
    authority, fund and occasion; integer columns stay integers despite gaps."""
    frame = export.to_dataframe(evaluation())
    assert len(frame) == len(evaluation().decisions)
    for column in ("round", "subject_id", "rule_id", "outcome", "reasons", "rank", "cap", "authority", "fund", "occasion"):
        assert column in frame.columns, column
    assert str(frame["rank"].dtype) == "Int64" and str(frame["quota"].dtype) == "Int64"
    selected = frame[frame["selection"] == "selected"]
    assert selected["authority"].notna().all() and (selected["rank"] >= 1).all()
    assert export.to_dataframe(evaluation(), lang="en")["authority"].dropna().str.contains("Chairman|Director").all()
