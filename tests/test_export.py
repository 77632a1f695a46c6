"""Results out: the DataFrame for notebooks and the Excel list of proposals, read back."""

from __future__ import annotations

import datetime as dt
import functools
from fractions import Fraction
from pathlib import Path

import pytest

import rallyrules as rr
from rallyrules import export

from .conftest import FIXTURES_DIR, bundled_pack

pd = pytest.importorskip("pandas")
openpyxl = pytest.importorskip("openpyxl")

HEADINGS = [
    "STT", "Mã đơn vị", "Tên tập thể/cá nhân", "Cấp", "Chỉ tiêu", "Số người tham gia được tính", "Tỷ lệ đạt", "Kết quả",
    "Xếp hạng", "Người tặng", "Nguồn kinh phí", "Thời điểm trao", "Ghi chú/Lý do",
]  # fmt: skip
HEADER_ROW = 7
AT = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)


@functools.cache
def evaluation() -> rr.Evaluation:
    """The bundled season, evaluated once, at a fixed time."""
    return rr.evaluate(bundled_pack(), rr.load_dataset(FIXTURES_DIR), engine="python", evaluated_at=AT)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = export.to_excel(evaluation(), tmp_path_factory.mktemp("xlsx") / "de-nghi.xlsx", pack=bundled_pack())
    return openpyxl.load_workbook(path)


def table(sheet: object, header_row: int = HEADER_ROW) -> list[dict[str, object]]:
    """The rows under a sheet's heading row, as dicts by heading."""
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))  # type: ignore[attr-defined]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_one_sheet_per_round_then_ledger_checks_and_receipt(book: openpyxl.Workbook) -> None:
    """Sheets: Đợt 1–3 and Sau các đợt (named from the pack), Loại trừ, Kiểm tra, Thông tin."""
    assert book.sheetnames == ["Đợt 1", "Đợt 2", "Đợt 3", "Sau các đợt", "Loại trừ", "Kiểm tra", "Thông tin"]


def test_round_sheet_has_title_block_and_vietnamese_headings(book: openpyxl.Workbook) -> None:
    """A title, the plan's number and title, the round and its period, the date it was
    prepared (a date cell, dd/mm/yyyy), then the office's headings."""
    sheet = book["Đợt 1"]
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert sheet["A2"].value.startswith("Thực hiện Kế hoạch số 38/KH-BCĐ ngày 05/04/2023")
    assert sheet["A3"].value == "Đợt 1: từ 06/05/2023 đến 09/06/2023 — Giấy khen"
    assert sheet["B4"].value == dt.datetime(2024, 1, 15) and sheet["B4"].number_format == "dd/mm/yyyy"
    assert [c.value for c in sheet[HEADER_ROW]] == HEADINGS


def test_every_award_decision_of_the_round_is_listed_proposals_first(book: openpyxl.Workbook) -> None:
    """One row per award decision of the wave; the proposals (selected) first, then the
    eligible not selected, then the rest; STT numbers them 1, 2, 3…"""
    rows = table(book["Đợt 1"])
    decisions = [d for d in evaluation().for_round("wave-1") if d.award is not None]
    assert len(rows) == len(decisions)
    assert [r["STT"] for r in rows] == list(range(1, len(rows) + 1))
    order = {"Đề nghị khen thưởng": 0, "Đủ điều kiện, không được chọn (giới hạn tỷ lệ)": 1, "Không đủ điều kiện": 2}
    results = [order[str(r["Kết quả"])] for r in rows]
    assert results == sorted(results)
    proposed = {r["Mã đơn vị"] for r in rows if r["Kết quả"] == "Đề nghị khen thưởng"}
    assert proposed == {d.subject_id for d in decisions if d.selected}
    first = rows[0]
    assert first["Người tặng"] and first["Nguồn kinh phí"] and first["Thời điểm trao"]
    assert all(r["Ghi chú/Lý do"] for r in rows if r["Kết quả"] == "Không đủ điều kiện")


def test_numbers_stay_numbers_with_number_formats(book: openpyxl.Workbook) -> None:
    """Quota, counted and rank are integers formatted #,##0; the rate is the exact ratio
    as a number formatted 0.00% (Excel shows 98,18% with Vietnamese regional settings)."""
    sheet = book["Đợt 1"]
    cells = {c.value: c.column_letter for c in sheet[HEADER_ROW]}
    row = HEADER_ROW + 1
    quota, counted, rate = (sheet[f"{cells[h]}{row}"] for h in ("Chỉ tiêu", "Số người tham gia được tính", "Tỷ lệ đạt"))
    assert isinstance(quota.value, int) and quota.number_format == "#,##0"
    assert isinstance(counted.value, int) and counted.number_format == "#,##0"
    assert rate.value == pytest.approx(counted.value / quota.value) and rate.number_format == "0.00%"
    assert sheet[f"{cells['Xếp hạng']}{row}"].number_format == "#,##0"


def test_texts_use_vietnamese_separators() -> None:
    """Numbers written into texts: thousands with '.', decimals with ','."""
    assert export._vi_int(1234, "vi") == "1.234" and export._vi_int(1234, "en") == "1,234"
    assert export._vi_percent(Fraction(54, 55), "vi") == "98,18%"
    assert export._vi_percent(Fraction(1, 10), "vi") == "10%"


def test_ledger_sheet_accounts_for_every_enrolment(book: openpyxl.Workbook) -> None:
    """Loại trừ: totals (input = counted + excluded) and one row per exclusion with its reason."""
    sheet = book["Loại trừ"]
    counting = evaluation().counting
    totals = [sheet["B2"].value, sheet["B3"].value, sheet["B4"].value]
    assert totals == [counting.input_total, len(counting.counted), len(counting.excluded)]
    assert sheet["B2"].number_format == "#,##0"
    header_row = next(c.row for c in sheet["A"] if c.value == "STT")
    rows = table(sheet, header_row)
    assert len(rows) == len(counting.excluded)
    assert [r["Mã hồ sơ"] for r in rows] == [e.enrolment_id for e in counting.excluded]
    assert {r["Lý do"] for r in rows} <= set(export._WORDS["vi"]["reasons"].values())


def test_checks_sheet_lists_the_checks_not_met(book: openpyxl.Workbook) -> None:
    """Kiểm tra: exactly the check decisions not met, each with why and the plan's section."""
    rows = table(book["Kiểm tra"], 3)
    failed = [d for d in evaluation().checks if not d.eligible]
    assert len(rows) == len(failed) > 0
    assert {(r["Đợt"], r["Đơn vị"]) for r in rows} == {(d.wave, d.subject_id) for d in failed}
    assert all("không đạt" in str(r["Lý do"]) and str(r["Căn cứ"]).startswith("38/KH-BCĐ") for r in rows)


def test_receipt_sheet_identifies_the_result(book: openpyxl.Workbook) -> None:
    """Thông tin: the pack and data digests and the engine, to verify the list later."""
    values = [row[1] for row in book["Thông tin"].iter_rows(min_row=2, values_only=True)]
    receipt = evaluation().receipt
    assert receipt is not None
    assert receipt.pack_digest in values and receipt.inputs_digest in values and receipt.engine in values


def test_same_evaluation_same_bytes(tmp_path: Path) -> None:
    """Writing twice gives identical files: no clock but the receipt's."""
    first = export.to_excel(evaluation(), tmp_path / "a.xlsx").read_bytes()
    second = export.to_excel(evaluation(), tmp_path / "b.xlsx").read_bytes()
    assert first == second
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").properties.modified == dt.datetime(2024, 1, 15, 8, 0)


def test_english_workbook_and_pack_from_the_receipt(tmp_path: Path) -> None:
    """lang='en' gives English sheets and headings; without pack= the receipt's pack is used."""
    book = openpyxl.load_workbook(export.to_excel(evaluation(), tmp_path / "en.xlsx", lang="en"))
    assert book.sheetnames == ["Wave 1", "Wave 2", "Wave 3", "After the waves", "Excluded", "Checks", "About"]
    assert book["Wave 1"]["A3"].value == "Wave 1: from 06/05/2023 to 09/06/2023 — Certificate of merit"
    assert [c.value for c in book["Wave 1"][HEADER_ROW]][:3] == ["No.", "Subject id", "Collective or individual"]


def test_without_receipt_or_pack_the_pack_id_is_named(tmp_path: Path) -> None:
    """An evaluation with no receipt still exports: the plan line names the pack id."""
    import copy

    bare = copy.copy(evaluation())
    bare.receipt = None
    sheet = openpyxl.load_workbook(export.to_excel(bare, tmp_path / "bare.xlsx"))["Đợt 1"]
    assert sheet["A2"].value == "Bộ quy tắc: can-tho-2023" and sheet["B4"].value is None


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    """lang must be 'vi' or 'en'."""
    with pytest.raises(ValueError, match="lang must be"):
        export.to_excel(evaluation(), tmp_path / "x.xlsx", lang="fr")


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
