"""Results out: a pandas DataFrame for notebooks, and an Excel workbook laid out like an
office's list of proposals for commendation ("Danh sách đề nghị khen thưởng").

:func:`to_dataframe` is :func:`rallyrules.reports.decision_rows` as a DataFrame (one row
per subject, round and rule), with empty cells as missing values and whole numbers as
integers. :func:`to_excel` writes one sheet per award round (the proposals first), one
with the exclusion ledger ("Loại trừ"), one with the checks not met ("Kiểm tra") and one
with the receipt ("Thông tin"). JSON and CSV stay with ``Evaluation.to_json`` and
``reports.to_csv``.

The workbook holds numbers as numbers and dates as dates, with Excel number formats
(``#,##0``, ``0.00%``, ``dd/mm/yyyy``): Excel shows them with the separators of the
computer's regional settings, so ``1.234`` and ``98,18%`` on a Vietnamese one. Texts
written out by the library use the Vietnamese separators themselves. The same
evaluation always gives the same file, byte for byte: the only time in it is the
receipt's.

Needs pandas (DataFrames) and openpyxl (workbooks): ``pip install 'rallyrules[tables]'``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .decisions import Decision
from .errors import RallyRulesError
from .evaluation import AFTER_WAVES, Evaluation
from .model import RulePack
from .reports import decision_rows

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["to_dataframe", "to_excel", "workbook"]

_INTEGER = "#,##0"
_PERCENT = "0.00%"
_DATE = "dd/mm/yyyy"
#: Columns of a round's sheet: key, Vietnamese and English heading, width, number format.
_COLUMNS: tuple[tuple[str, str, str, int, str | None], ...] = (
    ("no", "STT", "No.", 6, None),
    ("subject_id", "Mã đơn vị", "Subject id", 14, None),
    ("name", "Tên tập thể/cá nhân", "Collective or individual", 44, None),
    ("level", "Cấp", "Level", 14, None),
    ("quota", "Chỉ tiêu", "Quota", 11, _INTEGER),
    ("counted", "Số người tham gia được tính", "Participants counted", 14, _INTEGER),
    ("rate", "Tỷ lệ đạt", "Achieved", 11, _PERCENT),
    ("result", "Kết quả", "Result", 26, None),
    ("rank", "Xếp hạng", "Rank", 9, _INTEGER),
    ("authority", "Người tặng", "Awarded by", 30, None),
    ("fund", "Nguồn kinh phí", "Fund", 34, None),
    ("occasion", "Thời điểm trao", "Presented at", 34, None),
    ("notes", "Ghi chú/Lý do", "Notes / reasons", 70, None),
)
_WORDS: dict[str, dict[str, Any]] = {
    "vi": {
        "title": "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "wave": "Đợt", "after-waves": "Sau các đợt", "plan": "Thực hiện Kế hoạch số",
        "of": "ngày", "by": "của", "pack": "Bộ quy tắc", "period": "từ {start} đến {end}", "prepared": "Ngày lập",
        "summary": "Đề nghị {selected} / {eligible} đủ điều kiện / {total} được xét",
        "selected": "Đề nghị khen thưởng", "not-selected": "Đủ điều kiện, không được chọn (giới hạn tỷ lệ)",
        "not-eligible": "Không đủ điều kiện", "rank": "Hạng {rank}/{eligible} trong số đủ điều kiện",
        "cap": "tối đa {maximum} = {rate} × {base} ({group})", "no-cap": "không giới hạn tỷ lệ", "needed": "còn thiếu {n}",
        "excluded": "Loại trừ", "excluded-title": "DANH SÁCH HỒ SƠ KHÔNG ĐƯỢC TÍNH",
        "input": "Tổng số hồ sơ", "counted": "Được tính", "excluded-total": "Bị loại",
        "excluded-columns": ("STT", "Mã hồ sơ", "Lý do", "Chi tiết", "Căn cứ"),
        "checks": "Kiểm tra", "checks-title": "CÁC YÊU CẦU KHÔNG ĐẠT",
        "checks-columns": ("STT", "Đợt", "Đơn vị", "Yêu cầu", "Lý do", "Căn cứ"), "none": "Không có.",
        "info": "Thông tin", "info-title": "THÔNG TIN VỀ KẾT QUẢ",
        "info-rows": ("Bộ quy tắc", "Mã băm bộ quy tắc (SHA-256)", "Thư mục bộ quy tắc", "Dữ liệu", "Mã băm dữ liệu (SHA-256)",
                      "Bộ máy quyết định", "Phiên bản rallyrules", "Thời điểm đánh giá (UTC)"),
        "reasons": {
            "unknown-subject": "Đơn vị vận động không có trong danh sách", "outside-periods": "Ngoài thời gian các đợt",
            "coverage-missing": "Không có thời hạn tham gia", "coverage-too-short": "Thời hạn tham gia không đủ",
            "repeat-person-scheme": "Trùng người trong cùng loại hình",
        },
    },
    "en": {
        "title": "LIST OF PROPOSALS FOR COMMENDATION", "wave": "Wave", "after-waves": "After the waves", "plan": "Under plan no.",
        "of": "of", "by": "by", "pack": "Rule pack", "period": "from {start} to {end}", "prepared": "Prepared on",
        "summary": "Proposed {selected} / {eligible} eligible / {total} reviewed",
        "selected": "Proposed", "not-selected": "Eligible, not selected (cap)", "not-eligible": "Not eligible",
        "rank": "Rank {rank}/{eligible} among the eligible", "cap": "cap {maximum} = {rate} × {base} ({group})",
        "no-cap": "no cap", "needed": "{n} more needed",
        "excluded": "Excluded", "excluded-title": "ENROLMENTS NOT COUNTED",
        "input": "Enrolments", "counted": "Counted", "excluded-total": "Excluded",
        "excluded-columns": ("No.", "Enrolment", "Reason", "Detail", "Basis"),
        "checks": "Checks", "checks-title": "CHECKS NOT MET",
        "checks-columns": ("No.", "Wave", "Unit", "Requirement", "Why", "Basis"), "none": "None.",
        "info": "About", "info-title": "ABOUT THIS RESULT",
        "info-rows": ("Rule pack", "Rule pack digest (SHA-256)", "Rule pack folder", "Data", "Data digest (SHA-256)",
                      "Engine that decided", "rallyrules version", "Evaluated at (UTC)"),
        "reasons": {
            "unknown-subject": "Credited to an unknown subject", "outside-periods": "Outside every wave's period",
            "coverage-missing": "No coverage end date", "coverage-too-short": "Coverage too short",
            "repeat-person-scheme": "Same person again in the scheme",
        },
    },
}  # fmt: skip
_STATUS_ORDER = {"selected": 0, "not-selected": 1, "not-eligible": 2}


def to_dataframe(evaluation: Evaluation, lang: str = "vi") -> pd.DataFrame:
    """Every decision as a row of a pandas DataFrame: the columns of
    :func:`rallyrules.reports.decision_rows` (round, subject, rule, the facts decided on,
    outcome, selection, rank, cap, authority, fund, occasion, needed, reasons…), texts in
    ``lang``; empty cells are missing values, and columns of whole numbers are integers."""
    import pandas as pd

    _check_lang(lang)
    rows = decision_rows(evaluation, lang)
    frame = pd.DataFrame([{k: (None if v == "" else v) for k, v in row.items()} for row in rows])
    # Nullable dtypes: a rank column with gaps stays integers (Int64), not floats.
    return frame.convert_dtypes() if len(frame.columns) else frame


def to_excel(
    evaluation: Evaluation,
    path: str | Path,
    lang: str = "vi",
    *,
    pack: RulePack | None = None,
    prepared_on: dt.date | None = None,
) -> Path:
    """Write :func:`workbook` to ``path`` (``.xlsx``), deterministically: the same
    evaluation gives the same bytes. Returns the path."""
    book = workbook(evaluation, lang, pack=pack, prepared_on=prepared_on)
    path = Path(path)
    path.write_bytes(_deterministic_bytes(book, _moment(evaluation)))
    return path


def workbook(
    evaluation: Evaluation, lang: str = "vi", *, pack: RulePack | None = None, prepared_on: dt.date | None = None
) -> Workbook:
    """The workbook of an evaluation (openpyxl), laid out as a list of proposals.

    ``pack`` (default: the pack of the receipt, when its files are unchanged) gives the
    plan's number, title and issuer, the waves' periods and the levels' names; without
    it the sheets name the pack by its id. ``prepared_on`` (default: the date of the
    receipt) is the date printed under the title.
    """
    from openpyxl import Workbook

    _check_lang(lang)
    words = _WORDS[lang]
    pack = pack if pack is not None else _receipt_pack(evaluation)
    moment = _moment(evaluation)
    prepared = prepared_on or (moment.date() if evaluation.receipt is not None else None)
    book = Workbook()
    book.remove(book.active)
    awards = [d for d in evaluation.decisions if d.award is not None]
    for round_id in sorted({d.round for d in awards}, key=_round_order):
        decisions = [d for d in awards if d.round == round_id]
        _round_sheet(book.create_sheet(_round_name(round_id, pack, lang)), decisions, round_id, evaluation, pack, prepared, lang)
    _excluded_sheet(book.create_sheet(words["excluded"]), evaluation, lang)
    _checks_sheet(book.create_sheet(words["checks"]), evaluation, lang)
    _info_sheet(book.create_sheet(words["info"]), evaluation, lang)
    book.properties.creator = "rallyrules"
    book.properties.created = book.properties.modified = moment.replace(tzinfo=None)
    return book


# -- a round's sheet -------------------------------------------------------------------------------


def _round_sheet(
    sheet: Worksheet, decisions: Sequence[Decision], round_id: str, evaluation: Evaluation, pack: RulePack | None,
    prepared: dt.date | None, lang: str,
) -> None:  # fmt: skip
    from openpyxl.styles import Alignment, Font

    words = _WORDS[lang]
    headings = [c[1] if lang == "vi" else c[2] for c in _COLUMNS]
    award_names = ", ".join(dict.fromkeys(d.award.name.in_(lang) for d in decisions if d.award is not None))
    round_line = f"{_round_name(round_id, pack, lang)} — {award_names}"
    wave = _wave_number(round_id)
    if pack is not None and wave is not None:
        w = pack.wave(wave)
        round_line = (
            f"{w.name.in_(lang)}: {words['period'].format(start=f'{w.start:%d/%m/%Y}', end=f'{w.end:%d/%m/%Y}')} — {award_names}"
        )
    eligible = sum(d.eligible for d in decisions)
    selected = sum(d.selected for d in decisions)
    title_rows: list[list[Any]] = [
        [words["title"]],
        [_plan_line(evaluation, pack, lang)],
        [round_line],
        [f"{words['prepared']}:", prepared],
        [
            words["summary"].format(
                selected=_vi_int(selected, lang), eligible=_vi_int(eligible, lang), total=_vi_int(len(decisions), lang)
            )
        ],
        [],
    ]
    for row in title_rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(_COLUMNS))
    if prepared is not None:
        sheet["B4"].number_format = _DATE
        sheet["B4"].alignment = Alignment(horizontal="left")
    header_row = len(title_rows) + 1
    sheet.append(headings)
    ordered = sorted(decisions, key=_proposal_order)
    for number, decision in enumerate(ordered, start=1):
        sheet.append([_cell_of(decision, key, number, pack, lang) for key, *_ in _COLUMNS])
    _format_table(sheet, header_row, len(ordered), [(c[3], c[4]) for c in _COLUMNS])


def _proposal_order(d: Decision) -> tuple[Any, ...]:
    """Proposals first, then the eligible not selected, then the rest; within each, by
    authority group and rank, then by how close to the quota, then by id."""
    s = d.selection
    status = s.status if s is not None else ("selected" if d.eligible else "not-eligible")
    ratio = _ratio(d)
    return (_STATUS_ORDER[status], s.group if s else "", s.rank if s and s.rank is not None else 0,
            -(ratio[2] if ratio and ratio[2] is not None else -1), d.subject_id, d.rule_id)  # fmt: skip


def _cell_of(d: Decision, key: str, number: int, pack: RulePack | None, lang: str) -> Any:
    words = _WORDS[lang]
    s, a = d.selection, d.award
    ratio = _ratio(d)
    status = s.status if s is not None else ("selected" if d.eligible else "not-eligible")
    if key == "no":
        return number
    if key == "subject_id":
        return d.subject_id
    if key == "name":
        return d.subject_name
    if key == "level":
        return _level_name(d.level, pack, lang)
    if key in ("quota", "counted"):
        return ratio[1 if key == "quota" else 0] if ratio else None
    if key == "rate":
        return float(ratio[2]) if ratio and ratio[2] is not None else None
    if key == "result":
        return words[status]
    if key == "rank":
        return s.rank if s is not None and s.rank is not None else None
    if key in ("authority", "fund", "occasion"):
        if a is None or status != "selected":
            return None  # only a proposal has someone to award it, a fund and an occasion
        if key == "authority":
            return a.authority.in_(lang) + (f" ({a.scope})" if a.scope else "")
        return (a.fund if key == "fund" else a.occasion).in_(lang)
    return _notes(d, status, lang)


def _notes(d: Decision, status: str, lang: str) -> str:
    words = _WORDS[lang]
    s = d.selection
    if status == "not-eligible" or s is None:
        reasons = d.reasons(lang)
        if d.needed:
            reasons.append(words["needed"].format(n=_vi_int(d.needed, lang)))
        return "; ".join(reasons)
    cap = words["no-cap"]
    if s.cap_id is not None and s.rate is not None:
        cap = words["cap"].format(maximum=_vi_int(s.maximum or 0, lang), rate=_vi_percent(Fraction(s.rate), lang),
                                  base=_vi_int(s.base or 0, lang), group=s.group)  # fmt: skip
    rank = words["rank"].format(rank=s.rank, eligible=s.eligible) if s.rank is not None else ""
    return "; ".join(p for p in (rank, cap) if p)


def _ratio(d: Decision) -> tuple[int, int, Fraction | None] | None:
    """(of, to, of/to) of the decision's first ratio condition (e.g. counted/quota), read
    from the facts decided on; the ratio is None when ``to`` is not positive."""
    for c in d.conditions:
        of, _, to = c.subject.partition("/")
        if to and isinstance(d.facts.get(of), int) and isinstance(d.facts.get(to), int):
            top, bottom = d.facts[of], d.facts[to]
            return top, bottom, Fraction(top, bottom) if bottom > 0 else None
    return None


# -- ledger, checks, receipt -----------------------------------------------------------------------


def _excluded_sheet(sheet: Worksheet, evaluation: Evaluation, lang: str) -> None:
    from openpyxl.styles import Font

    words = _WORDS[lang]
    counting = evaluation.counting
    sheet.append([words["excluded-title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([words["input"], counting.input_total])
    sheet.append([words["counted"], counting.counted_total])
    sheet.append([words["excluded-total"], counting.excluded_total])
    for reason, count in counting.excluded_by_reason().items():
        sheet.append([f"  {words['reasons'].get(reason, reason)}", count])
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row, min_col=2, max_col=2):
        row[0].number_format = _INTEGER
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(list(words["excluded-columns"]))
    for number, e in enumerate(counting.excluded, start=1):
        basis = f"{e.citation.document} {e.citation.section}" if e.citation is not None else None
        sheet.append([number, e.enrolment_id, words["reasons"].get(e.reason, e.reason), e.detail, basis])
    _format_table(sheet, header_row, counting.excluded_total, [(6, None), (14, None), (34, None), (90, None), (20, None)])


def _checks_sheet(sheet: Worksheet, evaluation: Evaluation, lang: str) -> None:
    from openpyxl.styles import Font

    words = _WORDS[lang]
    failed = sorted(
        (d for d in evaluation.checks if not d.eligible), key=lambda d: (_round_order(d.round), d.rule_id, d.subject_id)
    )
    sheet.append([words["checks-title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(list(words["checks-columns"]))
    for number, d in enumerate(failed, start=1):
        why = "; ".join(c.sentence(lang) for c in d.failed)
        sheet.append([number, d.wave, d.subject_id, d.rule_title.in_(lang), why, f"{d.citation.document} {d.citation.section}"])
    if not failed:
        sheet.append([None, None, words["none"]])
    _format_table(sheet, 3, len(failed), [(6, None), (6, None), (12, None), (50, None), (90, None), (20, None)])


def _info_sheet(sheet: Worksheet, evaluation: Evaluation, lang: str) -> None:
    from openpyxl.styles import Font

    words = _WORDS[lang]
    r = evaluation.receipt
    values = (
        [r.pack_id, r.pack_digest, r.pack_path, r.inputs_source, r.inputs_digest, r.engine, r.library_version, r.evaluated_at]
        if r is not None
        else [evaluation.pack_id, evaluation.pack_digest, None, None, None, evaluation.engine, None, None]
    )
    sheet.append([words["info-title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in zip(words["info-rows"], values, strict=True):
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 70


def _format_table(sheet: Worksheet, header_row: int, rows: int, columns: Sequence[tuple[int, str | None]]) -> None:
    """Bold wrapped headings, widths, number formats, a filter and frozen headings."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for index, (width, number_format) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        heading = sheet.cell(row=header_row, column=index)
        heading.font = Font(bold=True)
        heading.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        if number_format is not None:
            for row in range(header_row + 1, header_row + rows + 1):
                sheet.cell(row=row, column=index).number_format = number_format
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(rows, 1)}"
    sheet.freeze_panes = f"A{header_row + 1}"


# -- words and numbers -------------------------------------------------------------------------------


def _check_lang(lang: str) -> None:
    if lang not in _WORDS:
        raise ValueError(f"lang must be 'vi' or 'en' (got {lang!r})")


def _vi_int(n: int, lang: str) -> str:
    """1234 -> '1.234' in Vietnamese, '1,234' in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "vi" else text


def _vi_percent(value: Fraction, lang: str) -> str:
    """1/10 -> '10%'; 54/55 -> '98,18%' in Vietnamese ('98.18%' in English)."""
    percent = value * 100
    text = f"{percent.numerator // percent.denominator}%" if percent.denominator == 1 else f"{float(percent):.2f}%"
    return text.replace(".", ",") if lang == "vi" else text


def _round_order(round_id: str) -> tuple[bool, int]:
    wave = _wave_number(round_id)
    return (wave is None, wave or 0)


def _wave_number(round_id: str) -> int | None:
    prefix, _, number = round_id.partition("-")
    return int(number) if prefix == "wave" and number.isdigit() else None


def _round_name(round_id: str, pack: RulePack | None, lang: str) -> str:
    """A sheet's name: the wave's name in the pack ('Đợt 1'), or 'Sau các đợt'."""
    wave = _wave_number(round_id)
    if round_id == AFTER_WAVES or wave is None:
        return str(_WORDS[lang]["after-waves"])
    name = pack.wave(wave).name.in_(lang) if pack is not None else f"{_WORDS[lang]['wave']} {wave}"
    # Excel refuses sheet names over 31 characters or with []:*?/\
    return "".join(c for c in name if c not in "[]:*?/\\")[:31]


def _level_name(level: str, pack: RulePack | None, lang: str) -> str:
    if pack is not None:
        try:
            return pack.level(level).name.in_(lang)
        except KeyError:
            pass
    return level


def _plan_line(evaluation: Evaluation, pack: RulePack | None, lang: str) -> str:
    words = _WORDS[lang]
    if pack is None:
        return f"{words['pack']}: {evaluation.pack_id}"
    doc = pack.document
    return f"{words['plan']} {doc.number} {words['of']} {doc.issued:%d/%m/%Y} {words['by']} {doc.issuer}: {doc.title}"


def _receipt_pack(evaluation: Evaluation) -> RulePack | None:
    """The pack of the receipt, when its files are still the ones that decided."""
    from ._validation import load_rule_pack

    receipt = evaluation.receipt
    if receipt is None or not receipt.pack_path:
        return None
    try:
        pack = load_rule_pack(receipt.pack_path)
    except (RallyRulesError, OSError):
        return None
    return pack if pack.digest == evaluation.pack_digest else None


def _moment(evaluation: Evaluation) -> dt.datetime:
    """The receipt's time (UTC), the only time the workbook holds; without a receipt, 1980-01-01."""
    if evaluation.receipt is not None:
        return dt.datetime.fromisoformat(evaluation.receipt.evaluated_at).astimezone(dt.UTC)
    return dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def _deterministic_bytes(book: Workbook, moment: dt.datetime) -> bytes:
    """The .xlsx bytes, with no clock in them but ``moment``: openpyxl's ``save`` stamps
    the workbook and each zip entry with the time of saving, so the writer is driven
    here and the zip entries re-stamped."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    stamp = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return out.getvalue()
