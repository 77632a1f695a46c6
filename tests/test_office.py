"""The documents an office files (rallyrules.outputs.office): one proposal per round and
awarding authority, only the proposed, groups I/II, what each number is; the Word and Excel
files read back for their structure (page setup, fonts, heading rows, page numbers)."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

import rallyrules as rr
from rallyrules.outputs import office

from ._office import dataset, district_names, evaluation
from .conftest import bundled_pack

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

MM = 36_000  # EMUs per millimetre
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@functools.cache
def all_proposals(names: bool = False) -> tuple[office.Proposal, ...]:
    # Without names ({}: not the data set's own admin-units table) areas are named by code.
    return tuple(office.proposals(evaluation(), bundled_pack(), dataset(), unit_names=district_names() if names else {}))


def find(round_id: str, authority: str, scope: str | None = None, names: bool = False) -> office.Proposal:
    return next(p for p in all_proposals(names) if p.round == round_id and p.authority == authority and p.scope == scope)


@functools.cache
def word(round_id: str = "wave-1", authority: str = "chu-tich-ubnd-huyen", scope: str | None = "916") -> docx.document.Document:
    return docx.Document(io.BytesIO(office.proposal_docx(find(round_id, authority, scope))))


@functools.cache
def sheet(round_id: str = "wave-1", authority: str = "giam-doc-bhxh-tp", scope: str | None = None) -> object:
    return openpyxl.load_workbook(io.BytesIO(office.proposal_xlsx(find(round_id, authority, scope)))).active


def texts(document: docx.document.Document) -> list[str]:
    """Every paragraph of the document, table cells included, in order."""
    out = []
    for block in document.element.body.iter(f"{W}p"):
        out.append("".join(t.text or "" for t in block.iter(f"{W}t")))
    return out


# -- which proposals, and what they hold ----------------------------------------------------------


def test_one_proposal_per_round_award_authority_and_district_with_someone_selected() -> None:
    """Every selected decision is in exactly one proposal; a proposal never mixes rounds,
    awards, authorities or districts; no proposal is empty (districts where no one was
    selected have none)."""
    selected = {(d.round, d.subject_id) for d in evaluation().selected}
    listed = [(p.round, line.subject_id) for p in all_proposals() for line in (*p.collectives, *p.individuals)]
    assert sorted(listed) == sorted(selected) and len(listed) == len(set(listed))
    keys = [(p.round, p.award, p.authority, p.scope) for p in all_proposals()]
    assert len(keys) == len(set(keys)) == 19
    for p in all_proposals():
        assert p.collectives or p.individuals
        for d in evaluation().for_round(p.round):
            if d.selected and any(line.subject_id == d.subject_id for line in (*p.collectives, *p.individuals)):
                assert d.award is not None and d.award.award == p.award and d.award.scope == p.scope
    assert {p.scope for p in all_proposals() if p.round == "wave-1" and p.authority == "chu-tich-ubnd-huyen"} == {
        "916", "923", "924", "925", "927",
    }  # fmt: skip


def test_groups_collectives_then_individuals_numbered_from_one() -> None:
    """I. TẬP THỂ then II. CÁ NHÂN, STT restarting at 1 in each; collectives in one, people in the other."""
    p = find("wave-1", "giam-doc-bhxh-tp")
    assert [title for title, _ in p.groups] == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    assert [line.values[0] for line in p.collectives] == [1, 2] and [line.values[0] for line in p.individuals] == [1, 2]
    assert {line.subject_kind for line in p.collectives} == {"collective"}
    assert {line.subject_kind for line in p.individuals} == {"individual"}
    only = find("wave-1", "chu-tich-ubnd-huyen", "916")
    assert [title for title, _ in only.groups] == ["I. TẬP THỂ"]  # no empty group II


def test_wave_columns_say_what_each_number_is() -> None:
    """Per-wave Giấy khen: the quota, the participants counted and the rate, under the round;
    individuals named with their code and their unit."""
    p = find("wave-1", "giam-doc-bhxh-tp")
    headings = [c.heading for c in p.columns]
    assert headings == [
        "STT", "Tên tập thể, họ và tên cá nhân", "Đơn vị công tác", "Chỉ tiêu được giao (người)",
        "Số người tham gia được tính (người)", "Tỷ lệ đạt", "Ghi chú",
    ]  # fmt: skip
    assert {c.group for c in p.columns if c.kind != "text" and c.key != "no"} == {"Kết quả Đợt 1"}
    decisions = {d.subject_id: d for d in evaluation().for_round("wave-1") if d.award is not None}
    for line in (*p.collectives, *p.individuals):
        row = dict(zip([c.key for c in p.columns], line.values, strict=True))
        d = decisions[line.subject_id]
        assert (row["quota"], row["counted"], row["rate"]) == (
            d.facts["quota"],
            d.facts["counted"],
            Fraction(d.facts["counted"], d.facts["quota"]),
        )
        assert row["notes"] == f"Xếp hạng {d.selection.rank}/{d.selection.eligible}"
    person = dict(zip([c.key for c in p.columns], p.individuals[0].values, strict=True))
    subject = next(s for s in dataset().subjects if s.subject_id == p.individuals[0].subject_id)
    parent = next(s for s in dataset().subjects if s.subject_id == subject.parent_id)
    assert person["name"] == f"{subject.name} ({subject.subject_id})" and person["unit"] == parent.name
    # A list of collectives only has no unit column.
    assert "unit" not in [c.key for c in find("wave-1", "chu-tich-ubnd-huyen", "916").columns]


def test_bang_khen_columns_give_target_and_result_per_indicator() -> None:
    """After the waves: each year indicator under its own heading with the target, the result
    and the share, read from the data set (an individual with none of their own: their unit's)."""
    p = find("after-waves", "chu-tich-ubnd-tp")
    groups = [c.group for c in p.columns if c.group]
    assert list(dict.fromkeys(groups)) == ["Chỉ tiêu BHYT", "Chỉ tiêu BHXH bắt buộc", "Chỉ tiêu BHXH tự nguyện", "Chỉ tiêu BHTN"]
    assert [c.heading for c in p.columns if c.group == "Chỉ tiêu BHYT"] == ["Được giao", "Thực hiện", "Tỷ lệ"]
    assert not any(c.heading.startswith("Số người tham gia") for c in p.columns)
    targets = {(t.subject_id, t.indicator): (t.target, t.result) for t in dataset().targets}
    subjects = {s.subject_id: s for s in dataset().subjects}
    for line in (*p.collectives, *p.individuals):
        row = dict(zip([c.key for c in p.columns], line.values, strict=True))
        owner = line.subject_id if (line.subject_id, "bhyt") in targets else subjects[line.subject_id].parent_id
        assert (row["target:bhyt"], row["result:bhyt"]) == targets[(owner, "bhyt")]
        assert row["share:bhtn"] == Fraction(targets[(owner, "bhtn")][1], targets[(owner, "bhtn")][0])
        assert row["awards"] >= 1
        if owner != line.subject_id:
            assert "chỉ tiêu của đơn vị công tác" in row["notes"]


def test_everything_about_the_plan_comes_from_the_pack() -> None:
    """Issuer, recipient, number pattern, legal bases with the plan's number and date, the
    place of the date line, the signer and the copies: the pack's documents: block."""
    p = find("after-waves", "chu-tich-ubnd-tp")
    assert p.parent_body == "BẢO HIỂM XÃ HỘI VIỆT NAM" and p.issuing_body == "BẢO HIỂM XÃ HỘI\nTHÀNH PHỐ CẦN THƠ"
    assert p.number == "Số: ……/TTr-BHXH" and p.dateline == "Cần Thơ, ngày …… tháng …… năm ……"
    assert p.recipient == "Chủ tịch Ủy ban nhân dân thành phố Cần Thơ" and p.signer == ("GIÁM ĐỐC",)
    assert p.bases[-1].startswith(
        "Căn cứ Kế hoạch số 38/KH-BCĐ ngày 05 tháng 4 năm 2023 của Ban Chỉ đạo thực hiện chính sách BHXH, BHYT thành phố Cần Thơ"
    )
    assert any("98/2023/NĐ-CP" in b for b in p.bases)
    assert "mục II.5.d" in p.body[0] and "tối đa 11 trên tổng số 113 tập thể" in p.body[0]
    assert p.body[-1] == "Kính trình Chủ tịch Ủy ban nhân dân thành phố Cần Thơ xem xét, quyết định./."
    assert p.copies[-1].startswith("Lưu: VT")
    assert p.attached == "(Kèm theo Tờ trình số ……/TTr-BHXH ngày …… tháng …… năm …… của Bảo hiểm xã hội thành phố Cần Thơ)"
    dated = office.proposals(evaluation(), bundled_pack(), dataset(), dated=dt.date(2024, 2, 5))[-1]
    assert dated.dateline == "Cần Thơ, ngày 05 tháng 02 năm 2024"


def test_a_district_is_named_by_its_code_until_names_are_given() -> None:
    """Without unit names the district shows as its code, visibly (and the date line's place is
    left blank); with them, 'Chủ tịch Ủy ban nhân dân quận Ninh Kiều' and 'Ninh Kiều, ngày …'."""
    bare = find("wave-1", "chu-tich-ubnd-huyen", "916")
    assert bare.recipient == "Chủ tịch Ủy ban nhân dân quận, huyện 916" and bare.parent_body == "UBND QUẬN, HUYỆN 916"
    assert bare.dateline.startswith("……, ngày")
    named = find("wave-1", "chu-tich-ubnd-huyen", "916", names=True)
    assert named.recipient == "Chủ tịch Ủy ban nhân dân quận Ninh Kiều" and named.parent_body == "UBND QUẬN NINH KIỀU"
    assert named.dateline == "Ninh Kiều, ngày …… tháng …… năm ……"
    assert named.list_title == "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN NINH KIỀU"
    assert named.file_stem == bare.file_stem == "de-nghi-dot-1-giay-khen-chu-tich-ubnd-huyen-916"


def test_a_pack_without_forms_gets_visible_blanks_and_its_own_wording(tmp_path: Path) -> None:
    """No form for an award and authority: blanks (……) where the office writes, the grant's
    proposer, the authority as recipient. A pack may reword an office text."""
    pack = bundled_pack()
    bare = attrs.evolve(pack, documents=rr.OfficeDocuments(wording=(("office.ttr.title", "TỜ TRÌNH (DỰ THẢO)"),)))
    p = next(p for p in office.proposals(evaluation(), bare, dataset(), unit_names={}) if p.scope == "916")
    assert p.parent_body == "……" and p.issuing_body == "BAN CHỈ ĐẠO CẤP HUYỆN" and p.number == "Số: ……/TTr-……"
    assert p.recipient == "Chủ tịch UBND quận, huyện (đơn vị 916)" and p.words["ttr.title"] == "TỜ TRÌNH (DỰ THẢO)"
    assert p.bases == (
        "Căn cứ văn bản số 38/KH-BCĐ ngày 05 tháng 4 năm 2023 của Ban Chỉ đạo thực hiện chính sách BHXH, BHYT thành phố Cần Thơ;",
    )


def test_the_pack_must_be_the_one_that_decided() -> None:
    other = attrs.evolve(bundled_pack(), digest="0" * 64)
    with pytest.raises(ValueError, match="is not the one that decided"):
        office.proposals(evaluation(), other, dataset())


def test_write_proposals_writes_each_format_once_and_refuses_unknown(tmp_path: Path) -> None:
    written = office.write_proposals(evaluation(), bundled_pack(), dataset(), tmp_path, ["xlsx"])
    assert len(written) == 19 and all(p.suffix == ".xlsx" and zipfile.is_zipfile(p) for p in written)
    assert sorted(tmp_path.iterdir()) == sorted(written)
    with pytest.raises(ValueError, match="unknown proposal format"):
        office.write_proposals(evaluation(), bundled_pack(), dataset(), tmp_path, ["pdf"])


# -- the Word file --------------------------------------------------------------------------------


def test_word_pages_a4_portrait_then_landscape_with_the_decrees_margins() -> None:
    """Section 1 (the Tờ trình) A4 portrait, section 2 (the list) A4 landscape; margins top
    and bottom 20 mm, left 30 mm, right 15 mm (NĐ 30, Phụ lục I)."""
    first, second = word().sections
    assert (round(first.page_width / MM), round(first.page_height / MM)) == (210, 297)
    assert (round(second.page_width / MM), round(second.page_height / MM)) == (297, 210)
    assert (
        second.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE and first.orientation == docx.enum.section.WD_ORIENT.PORTRAIT
    )
    for section in (first, second):
        margins = [round(m / MM) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
        assert margins == [20, 20, 30, 15]
        assert section.different_first_page_header_footer


def test_word_page_numbers_centred_at_the_top_from_page_two_and_restart_for_the_list() -> None:
    first, second = word().sections
    header = first.header._element
    fields = [f.get(f"{W}instr") for f in header.iter(f"{W}fldSimple")]
    assert [f.strip() for f in fields] == ["PAGE"]
    assert first.header.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert not list(first.first_page_header._element.iter(f"{W}fldSimple"))
    restart = second._sectPr.find(f"{W}pgNumType")
    assert restart is not None and restart.get(f"{W}start") == "1"


def test_word_fonts_are_times_new_roman_in_every_script_slot() -> None:
    normal = word().styles["Normal"]
    fonts = normal.element.rPr.find(f"{W}rFonts")
    assert {fonts.get(f"{W}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert normal.font.size.pt == 14
    assert normal.element.rPr.find(f"{W}lang").get(f"{W}val") == "vi-VN"


def test_word_submission_reads_as_a_to_trinh() -> None:
    """National heading, number and date placeholders, TỜ TRÌNH, the subject, Kính gửi, the
    bases, the request, Nơi nhận and the signature block, in that order."""
    lines = [line for line in texts(word()) if line]
    order = [
        # the header table: its left cell, then its right cell
        "UBND QUẬN, HUYỆN 916", "Số: ……/TTr-BCĐ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "……, ngày …… tháng …… năm ……", "TỜ TRÌNH", "Kính gửi: Chủ tịch Ủy ban nhân dân quận, huyện 916.", "Nơi nhận:", "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN", "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN, HUYỆN 916", "I. TẬP THỂ",
    ]  # fmt: skip
    positions = [next(i for i, line in enumerate(lines) if line.startswith(want)) for want in order]
    assert positions == sorted(positions)
    assert any(line.startswith("Về việc đề nghị tặng Giấy khen") for line in lines)
    assert any(line.endswith("(có danh sách kèm theo).") for line in lines)
    assert "- Lưu: VT." in lines


def test_word_list_has_repeating_headings_groups_and_only_the_proposed() -> None:
    """The list's table: heading rows marked to repeat on every page, rows that do not split,
    the group rows, the proposed subjects only, a total line."""
    table = word().tables[-1]
    rows = table.rows
    heading_flags = [row._tr.trPr.find(f"{W}tblHeader") is not None for row in rows]
    assert heading_flags[:3] == [True, True, True] and not any(heading_flags[3:])
    assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in rows)
    cells = [[cell.text for cell in row.cells] for row in rows]
    assert cells[0][2] == "Kết quả Đợt 1" and cells[1][2:5] == [
        "Chỉ tiêu được giao (người)",
        "Số người tham gia được tính (người)",
        "Tỷ lệ đạt",
    ]
    assert cells[2] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
    assert cells[3][0] == "I. TẬP THỂ" and cells[-1][0] == "Tổng cộng: 01 tập thể"
    proposed = [d for d in evaluation().for_round("wave-1") if d.selected and d.award and d.award.scope == "916"]
    assert [row[1] for row in cells[4:-1]] == [d.subject_name for d in proposed]
    d = proposed[0]
    assert cells[4][2:5] == [
        str(d.facts["quota"]),
        str(d.facts["counted"]),
        rr.text.percent(Fraction(d.facts["counted"], d.facts["quota"]), "vi"),
    ]


def test_word_and_excel_bytes_are_reproducible() -> None:
    p = find("wave-2", "giam-doc-bhxh-tp")
    assert office.proposal_docx(p) == office.proposal_docx(p)
    assert office.proposal_xlsx(p) == office.proposal_xlsx(p)


# -- the Excel file -------------------------------------------------------------------------------


def test_excel_page_setup_a4_landscape_one_page_wide_with_print_titles() -> None:
    ws = sheet()
    setup = ws.page_setup
    assert setup.paperSize == 9 and setup.orientation == "landscape"
    # fitToWidth 1 is the default, which XlsxWriter leaves out
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)
    margins = ws.page_margins
    assert [round(v * 25.4) for v in (margins.top, margins.bottom, margins.left, margins.right)] == [20, 20, 30, 15]
    assert ws.print_title_rows == "$8:$10"  # the two heading rows and the row of column numbers
    assert [c.value for c in ws[8]][:3] == ["STT", "Tên tập thể, họ và tên cá nhân", "Đơn vị công tác"]
    assert [c.value for c in ws[10]][:2] == ["(1)", "(2)"]


def test_excel_page_numbers_from_page_two() -> None:
    ws = sheet()
    assert ws.HeaderFooter.differentFirst and "&P" in ws.oddHeader.center.text
    assert not (ws.firstHeader.center.text or "")


def test_excel_cells_bordered_wrapped_times_new_roman_numbers_as_numbers() -> None:
    ws = sheet()
    rows = list(ws.iter_rows(min_row=11))
    group_row = rows[0]
    assert group_row[0].value == "I. TẬP THỂ" and group_row[0].font.b
    data = rows[1]
    assert data[0].value == 1 and isinstance(data[3].value, int) and data[3].number_format == "#,##0"
    assert isinstance(data[5].value, float) and data[5].number_format == "0.00%"
    for cell in data:
        assert cell.border.left.style == "thin" and cell.alignment.wrap_text and cell.font.name == "Times New Roman"
    quota, counted = data[3].value, data[4].value
    assert data[5].value == pytest.approx(counted / quota, abs=1e-4) and data[5].value <= counted / quota
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "II. CÁ NHÂN" in values and "Tổng cộng: 02 tập thể và 02 cá nhân" in values
    assert "TRƯỞNG PHÒNG" in values and "Cần Thơ, ngày …… tháng …… năm ……" in values


def test_a_share_never_rounds_up_to_a_whole_percent() -> None:
    """99,996% is stored as 0.9999 (shown 99,99%), never 1 (100,00%)."""
    from rallyrules.outputs._excel import floor_share

    assert floor_share(Fraction(99996, 100000)) == 0.9999
    assert floor_share(Fraction(54, 55)) == 0.9818 and floor_share(Fraction(1)) == 1.0


def test_file_stems_are_ascii() -> None:
    assert all(re.fullmatch(r"[a-z0-9-]+", p.file_stem) for p in all_proposals(names=True))
