"""The office documents as printed: rendered by LibreOffice to PDF and read back with poppler.
Page counts, the title and every column heading on the list's first page (no column cut
off), the Tờ trình on one page, and only Times New Roman's metric twin (Liberation Serif,
which has the Vietnamese letters) in the PDF.

Skipped where LibreOffice or poppler is missing; on CI (CI set) that is a failure: the
noxfile installs them (libreoffice-writer-nogui, libreoffice-calc-nogui, fonts-liberation2,
poppler-utils)."""

from __future__ import annotations

import functools
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from rallyrules.outputs import office

from ._office import dataset, evaluation, fonts, need_tools, page_text, pages, to_pdf
from .conftest import bundled_pack

pytest.importorskip("docx")
pytest.importorskip("xlsxwriter")


@functools.cache
def rendered(round_id: str, authority: str, scope: str | None, suffix: str) -> tuple[Path, office.Proposal]:
    """One proposal of the bundled season written and rendered to PDF (once per session)."""
    proposal = next(
        p
        for p in office.proposals(evaluation(), bundled_pack(), dataset())
        if (p.round, p.authority, p.scope) == (round_id, authority, scope)
    )
    folder = Path(tempfile.mkdtemp(prefix="rallyrules-render-"))
    document = folder / f"{proposal.file_stem}.{suffix}"
    document.write_bytes(office.proposal_docx(proposal) if suffix == "docx" else office.proposal_xlsx(proposal))
    return to_pdf(document, folder / "pdf"), proposal


@pytest.fixture(autouse=True)
def _tools() -> None:
    need_tools()


def headings(proposal: office.Proposal) -> list[str]:
    return [*dict.fromkeys(c.group for c in proposal.columns if c.group), *(c.heading for c in proposal.columns)]


def all_words_on(page: str, texts: list[str]) -> Counter[str]:
    """The words of ``texts`` missing from ``page`` (counted: two headings saying 'người'
    need it twice). A heading wrapped in its cell is read line by line across the row, so
    whole headings cannot be matched; a column cut off loses all its words."""
    return Counter(w for t in texts for w in t.split()) - Counter(page.split())


def test_district_wave_one_proposal_in_word_is_a_one_page_submission_and_a_one_page_list() -> None:
    """The bundled wave-1 proposal of district 916: the Tờ trình on page 1 (national heading,
    title, Kính gửi, the signature block), the list on page 2 with its title and every column
    heading: nothing cut off."""
    pdf, proposal = rendered("wave-1", "chu-tich-ubnd-huyen", "916", "docx")
    assert pages(pdf) == 2
    first = page_text(pdf, 1)
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỜ TRÌNH", "Kính gửi: Chủ tịch Ủy ban nhân dân",
                 "Số: ……/TTr-BCĐ", "Nơi nhận:", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "xem xét, quyết định./."):  # fmt: skip
        assert text in first, text
    listing = page_text(pdf, 2)
    assert proposal.list_title in listing and "I. TẬP THỂ" in listing and proposal.total in listing
    assert not all_words_on(listing, headings(proposal))
    for line in proposal.collectives:
        assert str(line.values[1]) in listing


def test_district_wave_one_list_in_excel_prints_on_one_or_two_pages_with_every_column() -> None:
    pdf, proposal = rendered("wave-1", "chu-tich-ubnd-huyen", "916", "xlsx")
    assert 1 <= pages(pdf) <= 2
    first = page_text(pdf, 1)
    assert proposal.list_title in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert not all_words_on(first, headings(proposal))


def test_the_widest_list_keeps_every_column_on_the_page() -> None:
    """The Bằng khen list (17 columns: target, result and share of four indicators): every
    heading and every number on the list's first page, in Word and in Excel."""
    for suffix, page in (("docx", 2), ("xlsx", 1)):
        pdf, proposal = rendered("after-waves", "chu-tich-ubnd-tp", None, suffix)
        text = page_text(pdf, page)
        assert proposal.list_title in text, suffix
        assert not all_words_on(text, headings(proposal)), suffix
        # Word shows the Vietnamese separators; Excel those of the regional settings (here LibreOffice's).
        for value in ("161.557", "103,17%", "26.749") if suffix == "docx" else ("161",):
            assert value in text, (suffix, value)


def test_printed_in_times_new_roman_or_its_metric_twin_only() -> None:
    """Every glyph came from Times New Roman (or Liberation Serif, its metric twin with the
    Vietnamese letters): a font without them would have pulled in a fallback font."""
    for args in (("wave-1", "chu-tich-ubnd-huyen", "916", "docx"), ("after-waves", "chu-tich-ubnd-tp", None, "xlsx")):
        pdf, _ = rendered(*args)
        used = fonts(pdf)
        assert used and all(name.startswith(("LiberationSerif", "TimesNewRoman")) for name in used), used
