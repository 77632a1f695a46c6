"""Injection as a kind (issue 13, fault 2): generated subject names — every dangerous first
character of OWASP's CSV rule (= + - @ tab CR), rich markup, HTML, links, brackets — on a
small data set, evaluated once per example, and written by every writer: the CSV for Excel
(a text cell that starts like a formula gets Excel's quote), the terminal (printed as
written, nothing interpreted), the HTML report (escaped, no element from the data) and the
review workbook (text cells, never a formula). Control characters are refused by the
reader naming the record (they are tested in tests/test_office_inert.py and here)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import rallyrules as rr
from rallyrules import reports
from rallyrules.outputs.html import render_report
from rallyrules.outputs.review import review_xlsx

from . import strategies as s
from .conftest import bundled_pack

openpyxl = pytest.importorskip("openpyxl")

#: Generated names per CI run.
NAMES = s.examples(40)

_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "")
_PIECES = (
    "[link=javascript:alert(1)]x[/link]", "[/]", "[b]", "[bold red]", "Ấp [/] 3", "<script>alert(1)</script>",
    "<a href='javascript:x'>", "&amp;", "HYPERLINK(\"http://example.invalid\",\"x\")", "cmd|' /C calc'!A0", "SUM(1+1)",
    "\"", "'", ";", ",", "Phường", "Tổ dân phố", " ", "1", "\x1b]8;;http://x\x1b\\",
)  # fmt: skip
_names = st.builds(
    lambda prefix, pieces: prefix + "".join(pieces),
    st.sampled_from(_PREFIXES),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5),
).filter(lambda n: "\x1b" not in n and n.strip())  # ESC is refused by the reader (below); blank is no name


def dataset_named(name: str) -> rr.Dataset:
    return rr.Dataset.from_records(
        subjects=[
            {"subject_id": "TP", "name": "Thành phố", "kind": "collective", "level": "city"},
            {"subject_id": "Q1", "name": name, "kind": "collective", "level": "district", "parent_id": "TP", "scope": "916"},
        ],
        quotas=[{"subject_id": "Q1", "wave": 1, "quota": 1}],
        enrolments=[
            {"enrolment_id": "E1", "person_id": "P1", "scheme": "bhxh-tu-nguyen", "enrolled_on": "2023-05-10",
             "covered_until": "2023-12-31", "credited_to": "Q1"},
        ],
    )  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@s.property_settings(NAMES)
@given(name=_names)
def test_a_generated_name_is_inert_and_whole_in_every_output(name: str) -> None:
    pack = bundled_pack()
    dataset = dataset_named(name)
    held = next(x.name for x in dataset.subjects if x.subject_id == "Q1")  # the reader strips the ends
    result = rr.evaluate(pack, dataset, engine="python")
    assert any(d.subject_id == "Q1" for d in result.decisions)

    # CSV: the cell is the name, or the name behind Excel's quote when it starts like a formula.
    written = reports.to_csv(result, "vi", pack=pack, bom=False)
    shown = [r for r in csv.DictReader(io.StringIO(written, newline="")) if r["Mã đối tượng"] == "Q1"]
    assert shown
    for row in shown:
        cell = row["Tên đối tượng"]
        if held.startswith(reports.FORMULA_TRIGGERS):
            assert cell == "'" + held, (held, cell)
        else:
            assert cell == held, (held, cell)

    # Terminal: printed as written (no markup read, no link made); wide enough that a long
    # name is not folded over two lines (folding is the layout's, tested in test_reports).
    console = Console(file=io.StringIO(), width=1000, color_system=None)
    reports.print_tables(result, console, "vi", all_rows=True, pack=pack)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert " ".join(held.split()) in " ".join(printed.split()), (held, printed)
    assert "\x1b]8;" not in printed

    # HTML: the name is text; no element or link came from it.
    page = _Page()
    page.feed(render_report(result, "vi", pack=pack))
    assert held in "".join(page.text)
    assert not [t for t, _ in page.tags if t in ("a", "img", "iframe", "object", "embed")] or all(
        (a.get("href") or "#").startswith("#") for t, a in page.tags if t == "a"
    )
    assert sum(1 for t, _ in page.tags if t == "script") == 1

    # Excel: every cell holding the name is text, none a formula.
    book = openpyxl.load_workbook(io.BytesIO(review_xlsx(result, pack)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == held and c.data_type == "s" for c in cells), held


@s.property_settings(s.examples(20))
@given(
    before=st.sampled_from(["", "Tổ ", "Phường"]),
    control=st.sampled_from(["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u200b", "\u202e", "\u2066"]),
    after=st.sampled_from([" 3", "x"]),  # inside the text: at its ends, whitespace controls are trimmed like spaces
)
def test_a_control_or_invisible_character_in_a_name_is_refused_naming_the_record(before: str, control: str, after: str) -> None:
    with pytest.raises(rr.DataError) as caught:
        dataset_named(f"Ấp {before}{control}{after}")
    assert any("subjects[1]" in str(p) for p in caught.value.problems), caught.value.problems
