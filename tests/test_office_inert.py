"""Text from the data never acts and is never lost in the office files: names that look like
formulas, markup or links (tests/data/injection-names.csv, from the shared cases) are shown
exactly as the data set holds them, as text; control characters XML cannot hold are shown
as their pictures (␋, ␀) instead of crashing a writer."""

from __future__ import annotations

import copy
import csv
import functools
import io
import shutil
import zipfile
from pathlib import Path

import attrs
import pytest

import rallyrules as rr
from rallyrules.outputs import office, review

from ._office import AT
from .conftest import FIXTURES_DIR, bundled_pack

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

CASES = Path(__file__).parent / "data" / "injection-names.csv"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def injection_names() -> dict[str, str]:
    with CASES.open(encoding="utf-8") as f:
        return {row["subject_id"]: row["name"] for row in csv.DictReader(f)}


def data_with_names(folder: Path, names: dict[str, str]) -> rr.Dataset:
    """A copy of the bundled data in ``folder`` with these subjects renamed."""
    shutil.copytree(FIXTURES_DIR, folder)
    path = folder / "subjects.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["name"] = names.get(row["subject_id"], row["name"])
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rr.load_dataset(folder)


@functools.cache
def selected_ids() -> list[str]:
    """Subjects proposed in some round of the bundled season, one per proposal first."""
    result = rr.evaluate(bundled_pack(), rr.load_dataset(FIXTURES_DIR), engine="python", evaluated_at=AT)
    ids: list[str] = []
    for d in result.selected:
        if d.subject_id not in ids:
            ids.append(d.subject_id)
    return ids


def cells(path: Path) -> list[object]:
    book = openpyxl.load_workbook(path)
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def word_texts(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")]


def test_injection_names_are_shown_as_written_and_inert_everywhere(tmp_path: Path) -> None:
    """The shared cases' names, on their own subjects (review workbook: every one) and on
    subjects that are proposed (every proposal, .docx and .xlsx): each name appears exactly
    as the data set holds it, as a text cell with Excel's quote prefix; no cell anywhere is
    a formula; the Word files hold no field but the page number and no hyperlink."""
    names = injection_names()
    on_proposed = dict(zip(selected_ids(), names.values(), strict=False))
    assert len(on_proposed) == len(names)
    dataset = data_with_names(tmp_path / "data", names | on_proposed)
    held = {s.subject_id: s.name for s in dataset.subjects}
    result = rr.evaluate(bundled_pack(), dataset, engine="python", evaluated_at=AT)
    out = tmp_path / "out"
    out.mkdir()
    written = office.write_proposals(result, bundled_pack(), dataset, out)
    written.append(review.write_review(result, out / "xet-duyet.xlsx", bundled_pack()))
    expected = {held[i] for i in on_proposed}
    shown: dict[str, set[str]] = {}
    for path in written:
        if path.suffix == ".xlsx":
            found = cells(path)
            assert not [c.coordinate for c in found if c.data_type == "f"], path.name
            for cell in found:
                hits = {n for n in expected if isinstance(cell.value, str) and n in cell.value}
                if hits:
                    assert cell.data_type == "s" and cell.quotePrefix, (path.name, cell.coordinate)
                    shown.setdefault(path.suffix, set()).update(hits)
        else:
            xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
            assert "<w:hyperlink" not in xml and "<w:instrText" not in xml and "<w:fldSimple" not in xml, path.name
            for line in word_texts(path):
                shown.setdefault(path.suffix, set()).update(n for n in expected if n in line)
    assert shown[".docx"] == expected == shown[".xlsx"]
    review_names = {c.value for c in cells(out / "xet-duyet.xlsx")}
    assert {held[i] for i in names | on_proposed} <= review_names
    # What the data set holds is what was written, but for the reader's own choices
    # (it strips a leading tab: '\t=1+1 (tab first)' is held as '=1+1 (tab first)').
    assert set(held.values()) >= {n.strip() for n in names.values()}


def test_control_characters_are_shown_not_crashed_on(tmp_path: Path) -> None:
    """A name with a vertical tab or a NUL (refused by the data reader upstream, but a writer
    must not crash on it): written with its picture, ␋ or ␀; an overlong name is cut in
    Excel (which holds 32,767 characters a cell) with a mark saying how much, and whole in Word."""
    result = rr.evaluate(bundled_pack(), rr.load_dataset(FIXTURES_DIR), engine="python", evaluated_at=AT)
    target = next(d for d in result.selected if d.round == "wave-1")
    weird = "Tổ\x0bdân phố\x00 1\x1f"
    long = "Ấ" * 40_000
    altered = copy.copy(result)  # the same evaluation with one name changed in its decisions
    altered._all = tuple(attrs.evolve(d, subject_name=weird) if d is target else d for d in result.decisions)
    data = review.review_xlsx(altered, bundled_pack())
    values = {c.value for ws in openpyxl.load_workbook(io.BytesIO(data)).worksheets for row in ws.iter_rows() for c in row}
    assert "Tổ\u240bdân phố\u2400 1\u241f" in values
    proposal = next(p for p in office.proposals(result, bundled_pack(), rr.load_dataset(FIXTURES_DIR)) if p.round == "wave-1")
    line = proposal.collectives[0]
    for name in (weird, long):
        changed = attrs.evolve(proposal, collectives=(attrs.evolve(line, values=(line.values[0], name, *line.values[2:])),))
        sheet_values = [
            c.value for row in openpyxl.load_workbook(io.BytesIO(office.proposal_xlsx(changed))).active.iter_rows() for c in row
        ]
        text = "\n".join(word_texts_bytes(office.proposal_docx(changed)))
        if name is weird:
            assert "Tổ\u240bdân phố\u2400 1\u241f" in sheet_values and "Tổ\u240bdân phố\u2400 1\u241f" in text
        else:
            cut = next(v for v in sheet_values if isinstance(v, str) and v.startswith("ẤẤẤ"))
            assert len(cut) <= 32_767 and cut.endswith(f"… (+{40_000 - 32_747:,})") and long in text


def word_texts_bytes(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")]


def test_texts_from_the_pack_are_inert_too() -> None:
    """A rule pack is input as well: a form whose texts look like formulas gives text cells
    (merged cells included), never a formula."""
    pack = bundled_pack()
    form = pack.documents.form_for("giay-khen", "chu-tich-ubnd-huyen")
    assert form is not None
    odd = attrs.evolve(form, parent_body="=1+1", issuer="@SUM(A1)", award_title="+Giấy khen", signer=("-KT",))
    forms = tuple(odd if f is form else f for f in pack.documents.proposals)
    changed = attrs.evolve(pack, documents=attrs.evolve(pack.documents, proposals=forms))
    result = rr.evaluate(bundled_pack(), rr.load_dataset(FIXTURES_DIR), engine="python", evaluated_at=AT)
    proposal = next(p for p in office.proposals(result, changed, rr.load_dataset(FIXTURES_DIR)) if p.scope == "916")
    book = openpyxl.load_workbook(io.BytesIO(office.proposal_xlsx(proposal)))
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in found if c.data_type == "f"]
    values = {c.value for c in found}
    assert {"=1+1", "-KT", "DANH SÁCH ĐỀ NGHỊ TẶNG +GIẤY KHEN"} <= values
    assert "=1+1" in "\n".join(word_texts_bytes(office.proposal_docx(proposal)))
