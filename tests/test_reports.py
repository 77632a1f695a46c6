"""What `rallyrules evaluate` prints and writes: no column lost at any width, no markup from
the data ever read, CSV that Excel opens right and never runs."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

import rallyrules as rr
from rallyrules import reports
from rallyrules.cli import main
from rallyrules.text import t

from .conftest import FIXTURES_DIR
from .test_outputs_html import INJECTION_NAMES, injected_data

WIDTHS = (80, 120, 160, 200)
HEADINGS = ("authority", "kind", "eligible", "cap-short", "selected", "achievement", "standing", "reasons", "unit",
            "requirement", "check", "wave", "message")  # fmt: skip
#: On a card, the number, id and name are its first line ("4. BCD-31117 · Ban Chỉ đạo…"), not headed.
CARD_TITLE = re.compile(r"^\d+\. [\w-]+ · \S", re.MULTILINE)


def evaluate(*args: str, width: int | None = None) -> str:
    env = {"COLUMNS": str(width)} if width is not None else {"COLUMNS": ""}
    result = CliRunner().invoke(main, ["evaluate", "--engine", "python", *args], env=env)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def whole(word: str, text: str) -> bool:
    """``word`` appears in ``text`` not cut (nothing of an id before or after it)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def result(pack: rr.RulePack) -> rr.Evaluation:
    return rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR), engine="python")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_column_lost_at_any_width(width: int, result: rr.Evaluation) -> None:
    """Every line fits; every column heading and every subject id appears whole, either in
    a table or on a card ("Heading: value")."""
    out = evaluate("--all", "--lang", "vi", width=width)
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    for code in HEADINGS:
        assert t(f"report.h.{code}", "vi") in out, code
    for code in ("no", "id", "name"):  # a column of the table, or the card's title
        assert t(f"report.h.{code}", "vi") in out or CARD_TITLE.search(out), code
    # Units are named: a district by its name and code, the city by its level's name (no id).
    levels = {level.id: level.name.vi for level in result.pack.levels}
    missing = sorted({d.subject_id for d in result.decisions if d.subject_id not in levels and not whole(d.subject_id, out)})
    assert not missing, missing
    assert all(levels[d.subject_id] in out for d in result.checks if d.subject_id in levels)
    assert not any(whole(level, out) for level in levels)
    for d in result.awards:
        assert d.subject_name in out or width < 200, d.subject_name  # wrapped at 80; whole at 200


@pytest.mark.parametrize("width", (80, 200))
def test_the_default_is_a_summary_and_the_proposed(width: int, result: rr.Evaluation) -> None:
    out = evaluate("--lang", "vi", width=width)
    assert out.index("Tổng hợp theo đợt và người tặng") < out.index("Đợt 1 — Đề nghị tặng Giấy khen")
    assert len(out.splitlines()) < (320 if width == 80 else 200)  # not 1,620 lines
    for d in result.selected:
        assert whole(d.subject_id, out), d.subject_id
    assert "5% × 10 = 0" in out  # a cap of 0 is shown
    assert "Tối đa 0:" in out and "“hạng 4/6”" in out  # the legends
    assert "xem từng đối tượng với --all" in out


def test_piped_width_is_columns_else_160() -> None:
    out = evaluate(width=None)
    assert max(cell_len(line) for line in out.splitlines()) <= 160
    assert any(cell_len(line) > 120 for line in out.splitlines())


@pytest.mark.parametrize("width", (80, 200))
def test_names_are_never_markup(width: int, tmp_path: Path) -> None:
    """Names that look like rich markup are printed as written: no MarkupError for
    `Ấp [/] 3`, `[b]` kept, `[link=…]` not a link."""
    data = injected_data(tmp_path)
    out = evaluate("--all", "--lang", "vi", "--data", str(data), width=width)
    for short in ("Ấp [/] 3", "Tổ [bhxh] khu vực [b]2", "<script>alert(1)</script>Phường"):
        assert short in out, short
    assert "[link=javascript:alert(document.domain)]Phường" in out.replace("\n", " ") or width < 200
    assert "\x1b]8;" not in out  # no terminal hyperlink


def test_every_name_exactly_on_a_wide_console(pack: rr.RulePack, tmp_path: Path) -> None:
    evaluation = rr.evaluate(pack, rr.load_dataset(injected_data(tmp_path)), engine="python")
    console = Console(file=io.StringIO(), width=400, color_system=None)
    reports.print_tables(evaluation, console, "vi", all_rows=True, pack=pack)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    shown = {d.subject_id: d.subject_name for d in evaluation.decisions if d.subject_id in INJECTION_NAMES}
    for name in shown.values():
        assert name.expandtabs(8) in out or name.strip() in out, name


# Random sheets: any text, any width from 20 up; tables or cards, never a lost column.
_cell_text = st.lists(st.sampled_from([*"ab [/]=#ạẾ-", "Ấp", "[b]", "[/]", " ", "Phường Xuân Khánh"]), max_size=12).map("".join)
_ids = st.from_regex(r"[A-Z]{2,6}-[0-9]{1,6}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_ids, _cell_text, _cell_text), min_size=1, max_size=6),
    width=st.integers(min_value=20, max_value=220),
)
def test_any_sheet_fits_any_width(rows: list[tuple[str, str, str]], width: int) -> None:
    columns = (reports._Column("Mã", key=True, wrap=False), reports._Column("Tên", key=True), reports._Column("Lý do"))
    sheet = reports._Sheet("Bảng", columns, tuple(reports._Row(tuple(Text(c) for c in row)) for row in rows))
    console = Console(file=io.StringIO(), width=width, color_system=None)
    reports._print_sheet(console, sheet)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(cell_len(line) for line in out.splitlines()) <= width
    for subject_id, _, _ in rows:
        if len(subject_id) < width - 4:
            assert whole(subject_id, out), (subject_id, out)
    table = reports._fit(sheet, width) is not None
    for heading in ("Mã", "Tên", "Lý do"):
        assert heading in out or not table


# -- CSV ---------------------------------------------------------------------------------------------


def test_csv_for_excel_in_vietnamese(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua.csv"
    evaluate("--format", "csv", "--lang", "vi", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    first = rows[0]
    assert list(first)[:4] == ["Đợt xét", "Đợt", "Mã đối tượng", "Tên đối tượng"]
    by_subject = {(r["Mã đối tượng"], r["Đợt xét"], r["Mã quy tắc"]): r for r in rows}
    row = by_subject[("BCD-31117", "Đợt 1", "giay-khen-tap-the-theo-dot")]
    assert row["Kết quả"] == "đủ điều kiện"
    assert row["Xét chọn"] == "không được chọn (vượt giới hạn tỷ lệ)"
    assert (row["Hạng"], row["Số được chọn tối đa"], row["Tỷ lệ tối đa"]) == ("4", "1", "10%")
    assert row["Người tặng"] == "Chủ tịch UBND quận Ninh Kiều" and row["Mã địa bàn"] == "916"
    assert row["Cấp"] == "Cấp huyện" and row["Chỉ tiêu"] == "60" and row["Số người tham gia được tính"] == "68"
    assert {r["Kết quả"] for r in rows} <= {"đủ điều kiện", "không đủ điều kiện", "đạt", "không đạt"}


def test_csv_without_bom_and_in_english() -> None:
    out = evaluate("--format", "csv", "--no-excel")
    assert not out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"Subject id", "Outcome", "Selection", "Quota", "Participants counted"} <= set(rows[0])
    assert {r["Outcome"] for r in rows} <= {"eligible", "not eligible", "met", "not met"}


def test_csv_cells_never_run_as_formulas(tmp_path: Path) -> None:
    data = injected_data(tmp_path)
    out = evaluate("--format", "csv", "--lang", "vi", "--data", str(data))
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    names = {r["Mã đối tượng"]: r["Tên đối tượng"] for r in rows}
    for subject_id, name in INJECTION_NAMES.items():
        shown = names[subject_id]
        if name.lstrip("\t").startswith(("=", "+", "-", "@")) or name.startswith("\t"):
            assert shown.startswith("'") and shown[1:] in (name, name.strip()), (name, shown)
        else:
            assert shown == name
    for row in rows:
        for value in row.values():
            assert not value.startswith(reports.FORMULA_TRIGGERS) or re.fullmatch(r"-\d+", value), value


def test_csv_numbers_stay_numbers(result: rr.Evaluation) -> None:
    rows = reports.csv_rows(result, "vi")
    quotas = [r["Chỉ tiêu"] for r in rows if r["Chỉ tiêu"] != ""]
    assert quotas and all(type(q) is int for q in quotas)
    text = reports.to_csv(result, "vi")
    assert ",39.779," not in text  # no locale grouping inside numbers
    assert reports._inert(-3) == -3 and reports._inert("-3") == "'-3"


def test_decision_rows_keep_their_english_columns(result: rr.Evaluation) -> None:
    """The DataFrame's columns (rallyrules.export.to_dataframe) stay stable ids and codes."""
    row = reports.decision_rows(result, "vi")[0]
    assert {"round", "subject_id", "outcome", "selection", "rank", "cap", "reasons"} <= set(row)
    assert row["outcome"] in ("eligible", "not-eligible", "met", "not-met")
