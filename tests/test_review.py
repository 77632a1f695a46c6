"""The review workbook (rallyrules.outputs.review): every subject of every round with outcome,
reasons, rank and cap; headings that say what each number is; frozen, filtered, printable;
numbers and dates typed; the exclusion ledger, split over sheets past Excel's row limit."""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path

import attrs
import pytest

from rallyrules.outputs import _excel, review

from ._office import district_names, evaluation
from .conftest import bundled_pack

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

HEAD = 5  # the heading row of every table (1-based): title, plan line, date prepared, period


@functools.cache
def book(lang: str = "vi") -> object:
    data = review.review_xlsx(evaluation(), bundled_pack(), lang, unit_names=district_names())
    return openpyxl.load_workbook(io.BytesIO(data))


def table(ws: object, head: int = HEAD) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(min_row=head, values_only=True))  # type: ignore[attr-defined]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if any(v is not None for v in row)]


def test_sheets_summary_rounds_checks_findings_ledger_receipt() -> None:
    assert book().sheetnames == [
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
    assert book("en").sheetnames == [
        "Summary",
        "Wave 1",
        "Wave 2",
        "Wave 3",
        "After the waves",
        "Checks",
        "Data findings",
        "Excluded",
        "About",
    ]


def test_every_subject_of_every_round_with_outcome_rank_and_cap() -> None:
    """One row per award decision of the round; outcome in words; rank r of n eligible and
    the cap m = rate × base of its group; the reasons in words for the not eligible."""
    for sheet, round_id in (("Đợt 1", "wave-1"), ("Sau các đợt", "after-waves")):
        rows = table(book()[sheet])
        decisions = {d.subject_id: d for d in evaluation().for_round(round_id) if d.award is not None}
        assert len(rows) == len(decisions) == 263
        assert {r["Mã"] for r in rows} == set(decisions)
        for r in rows:
            d = decisions[str(r["Mã"])]
            s = d.selection
            assert r["Tên tập thể, cá nhân"] == d.subject_name
            assert r["Kết quả"] == {"selected": "Đề nghị khen thưởng", "not-selected": "Đủ điều kiện, không được chọn (giới hạn tỷ lệ)",
                                    "not-eligible": "Không đủ điều kiện"}[s.status]  # fmt: skip
            assert (r["Xếp hạng"], r["Số đủ điều kiện trong nhóm"], r["Số tối đa được đề nghị"], r["Cơ số tính tỷ lệ"]) == (
                s.rank,
                s.eligible,
                s.maximum,
                s.base,
            )
            if s.status == "not-eligible":
                assert r["Lý do"] and str(r["Lý do"]).startswith("; ".join(d.reasons("vi"))[:20])
            else:
                assert f"/{s.eligible} " in str(r["Lý do"]) and f"tối đa {s.maximum} = " in str(r["Lý do"])
    first = table(book()["Đợt 1"])[0]
    assert first["Người tặng"] == "Giám đốc BHXH thành phố" and first["Kết quả"] == "Đề nghị khen thưởng"
    district = next(r for r in table(book()["Đợt 1"]) if r["Mã"] == "BCD-31123")
    assert district["Người tặng"] == "Chủ tịch UBND quận Ninh Kiều"


def test_year_indicators_are_never_under_wave_headings() -> None:
    """After the waves: the Giấy khen held and the least achieved year target (result, target,
    share) under headings that say so; no 'Chỉ tiêu' / 'Số người tham gia được tính' columns."""
    headings = [c.value for c in book()["Sau các đợt"][HEAD]]
    assert "Chỉ tiêu được giao" not in headings and "Số người tham gia được tính" not in headings
    for h in (
        "Số Giấy khen được tặng trong các đợt",
        "Chỉ tiêu năm đạt thấp nhất: thực hiện",
        "Chỉ tiêu năm đạt thấp nhất: chỉ tiêu",
    ):
        assert h in headings
    row = next(r for r in table(book()["Sau các đợt"]) if r["Mã"] == "CN-0017")
    # CN-0017's least achieved target is BHTN: 26.749 of 26.010 (targets.csv)
    assert (row["Chỉ tiêu năm đạt thấp nhất: thực hiện"], row["Chỉ tiêu năm đạt thấp nhất: chỉ tiêu"]) == (26749, 26010)
    wave_headings = [c.value for c in book()["Đợt 1"][HEAD]]
    assert {"Chỉ tiêu được giao", "Số người tham gia được tính", "Tỷ lệ đạt", "Còn thiếu (người)"} <= set(wave_headings)


def test_numbers_are_numbers_and_dates_are_dates() -> None:
    ws = book()["Đợt 1"]
    cols = {c.value: c.column for c in ws[HEAD]}
    row = HEAD + 1
    quota, counted, rate = (ws.cell(row, cols[h]) for h in ("Chỉ tiêu được giao", "Số người tham gia được tính", "Tỷ lệ đạt"))
    assert isinstance(quota.value, int) and quota.number_format == "#,##0"
    assert isinstance(rate.value, float) and rate.number_format == "0.00%" and rate.value <= counted.value / quota.value
    assert ws.cell(row, cols["Tỷ lệ tối đa"]).number_format == "0%"
    summary = book()["Tổng hợp"]
    start = summary.cell(HEAD + 1, 2)
    assert start.value == dt.datetime(2023, 5, 6) and start.number_format == "dd/mm/yyyy"
    prepared = summary["C3"]
    assert prepared.value == dt.datetime(2024, 1, 15) and prepared.number_format == "dd/mm/yyyy"


def test_tables_are_frozen_filtered_and_print_on_a4_landscape_one_page_wide() -> None:
    for name in ("Tổng hợp", "Đợt 1", "Sau các đợt", "Kiểm tra"):
        ws = book()[name]
        assert ws.freeze_panes in (f"A{HEAD + 1}", f"D{HEAD + 1}")
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{HEAD}:")
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == f"${HEAD}:${HEAD}"
        assert "&P" in ws.oddFooter.center.text


def test_summary_gives_each_group_its_cap_and_proposal_file() -> None:
    rows = table(book()["Tổng hợp"])
    city = next(
        r for r in rows if r["Đợt"] == "Đợt 1" and r["Người tặng"] == "Giám đốc BHXH thành phố" and r["Loại"] == "Tập thể"
    )
    assert (city["Cơ số tính tỷ lệ"], city["Tỷ lệ tối đa"], city["Số tối đa được đề nghị"], city["Số đề nghị"]) == (21, 0.1, 2, 2)
    assert city["Hồ sơ đề nghị"] == "de-nghi-dot-1-giay-khen-giam-doc-bhxh-tp"
    nobody = next(r for r in rows if r["Đợt"] == "Đợt 1" and "quận Ô Môn" in str(r["Người tặng"]) and r["Loại"] == "Tập thể")
    assert nobody["Số đề nghị"] == 0 and nobody["Hồ sơ đề nghị"] is None
    assert sum(int(r["Số đề nghị"]) for r in rows) == len(evaluation().selected)


def test_ledger_sheet_accounts_for_every_enrolment() -> None:
    ws = book()["Loại trừ"]
    counting = evaluation().counting
    assert [ws["B4"].value, ws["B5"].value, ws["B6"].value] == [
        counting.input_total,
        counting.counted_total,
        counting.excluded_total,
    ]
    head = next(c.row for c in ws["A"] if c.value == "STT")
    rows = table(ws, head)
    assert [r["Mã hồ sơ"] for r in rows] == [e.enrolment_id for e in counting.excluded]
    assert {r["Lý do"] for r in rows} == {"Ngoài thời gian các đợt", "Thời hạn tham gia không đủ", "Trùng người trong cùng loại hình",
                                         "Đơn vị vận động không có trong danh sách"}  # fmt: skip
    assert "dữ liệu, không để in" in str(ws.cell(head - 1, 1).value)
    assert ws.print_area == [f"'Loại trừ'!$A$1:$E${head - 3}"] or ws.print_area == f"'Loại trừ'!$A$1:$E${head - 3}"


def test_a_ledger_longer_than_a_sheet_continues_on_further_sheets(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Past the rows one sheet holds, the ledger continues on 'Loại trừ (2)', '(3)'…, each
    with its heading row; nothing is lost (the limit is made small here to try it)."""
    monkeypatch.setattr(_excel, "MAX_ROWS", 2000)
    path = review.write_review(evaluation(), tmp_path / "r.xlsx", bundled_pack())
    wb = openpyxl.load_workbook(path, read_only=True)
    ledger = [n for n in wb.sheetnames if n.startswith("Loại trừ")]
    assert ledger == ["Loại trừ", "Loại trừ (2)", "Loại trừ (3)"]
    ids = []
    for name in ledger:
        rows = list(wb[name].iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r[0] == "STT")
        assert len(rows) <= 2000
        ids += [r[1] for r in rows[head + 1 :] if r[0] is not None]
    assert ids == [e.enrolment_id for e in evaluation().counting.excluded]
    note = next(str(r[0]) for r in wb["Loại trừ"].iter_rows(values_only=True) if r[0] and "không để in" in str(r[0]))
    assert "Loại trừ (2), Loại trừ (3)" in note


def test_checks_and_receipt() -> None:
    rows = table(book()["Kiểm tra"])
    assert len(rows) == len(evaluation().checks)
    failed = [r for r in rows if r["Kết quả"] == "Không đạt"]
    assert len(failed) == sum(not d.eligible for d in evaluation().checks) > 0 and rows[0]["Kết quả"] == "Không đạt"
    assert any(r["Đơn vị"] == "Quận Bình Thuỷ (918)" for r in failed)
    info = [row[1] for row in book()["Thông tin"].iter_rows(min_row=3, values_only=True)]
    receipt = evaluation().receipt
    assert receipt is not None and receipt.pack_digest in info and receipt.inputs_digest in info
    assert "15/01/2024 15:00 (GMT+7)" in info


def test_same_evaluation_same_bytes_and_the_pack_must_match(tmp_path: Path) -> None:
    first = review.write_review(evaluation(), tmp_path / "a.xlsx", bundled_pack()).read_bytes()
    assert first == review.review_xlsx(evaluation(), bundled_pack())
    with pytest.raises(ValueError, match="is not the one that decided"):
        review.review_xlsx(evaluation(), attrs.evolve(bundled_pack(), digest="1" * 64))
    with pytest.raises(ValueError, match=r"\.xlsx"):
        review.write_review(evaluation(), tmp_path / "a.csv", bundled_pack())
    assert not (tmp_path / "a.csv").exists()
