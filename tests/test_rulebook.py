"""The rulebook: the rule pack as a document for legal reviewers, in Markdown and HTML."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

import rallyrules as rr
from rallyrules.cli import main
from rallyrules.model import Citation, Interpretation
from rallyrules.rulebook import render_html, render_markdown

from .conftest import PACK_DIR

_VOID = {"meta", "br", "hr", "img", "input", "link"}


class _Page(HTMLParser):
    """Checks that tags nest and close, and keeps the text, ids and internal links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and str(found.get("href", "")).startswith("#"):
            self.links.append(unquote(str(found["href"])[1:]))
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    assert page.stack == [], f"unclosed tags: {page.stack}"
    return page


def _unescaped(markdown: str) -> str:
    """Markdown with its backslash escapes undone: the data as a reader sees it."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _citations(pack: rr.RulePack) -> list[Citation]:
    out = [w.rally_source for w in pack.waves] + [w.period_source for w in pack.waves]
    for rule in pack.rules:
        out += [rule.source, *rule.see_also]
    out += [p.source for p in pack.parameters] + [c.source for c in pack.caps] + [d.source for d in pack.deadlines]
    for award in pack.awards:
        out += [award.source, *(g.source for g in award.grants)] + ([award.presented.source] if award.presented else [])
    out += [a.source for a in pack.authorities] + [f.source for f in pack.funds] + [pack.counting.source]
    return out + ([pack.targets.source] if pack.targets else [])


def _interpretations(pack: rr.RulePack) -> list[Interpretation]:
    owners: list[tuple[Interpretation, ...]] = [
        *(r.interpretations for r in pack.rules), *(p.interpretations for p in pack.parameters),
        *(c.interpretations for c in pack.caps), *(d.interpretations for d in pack.deadlines),
        *(a.interpretations for a in pack.awards), pack.counting.interpretations,
        pack.targets.interpretations if pack.targets else (),
    ]  # fmt: skip
    return [i for owned in owners for i in owned]


@pytest.fixture(scope="module")
def markdown(pack: rr.RulePack) -> str:
    return render_markdown(pack)


@pytest.fixture(scope="module")
def html(pack: rr.RulePack) -> str:
    return render_html(pack)


def test_markdown_names_every_rule_interpretation_and_parameter(pack: rr.RulePack, markdown: str) -> None:
    """Every rule, parameter and interpretation of the bundled pack has its place, by id."""
    for rule in pack.rules:
        assert f"### `{rule.id}` — {rule.title.vi}" in markdown
    for parameter in pack.parameters:
        assert f"### `{parameter.id}` — " in markdown
    interpretations = _interpretations(pack)
    assert len(interpretations) > 20
    for item in interpretations:
        assert f"> **Interpretation — {item.id}**" in markdown


def test_every_quote_appears_verbatim_as_a_citation(pack: rr.RulePack, markdown: str, html: str) -> None:
    """Each citation reads '38/KH-BCĐ II.5.c: “quote”' with the plan's exact words, in the
    Markdown (once its escapes are read) and in the text of the HTML page."""
    text = "".join(_page(html).text)
    for citation in _citations(pack):
        cited = f"{citation.document} {citation.section}: “{citation.quote}”"
        assert cited in _unescaped(markdown)
        assert cited in text
        if not re.search(r"[\\`*_\[\]<>&|#~]", citation.quote):  # nothing to escape: as is
            assert cited in markdown


def test_quotes_with_markdown_characters_are_not_turned_into_markup(pack: rr.RulePack, markdown: str, html: str) -> None:
    """The caps quote '(*tỷ lệ … cá nhân*)' keeps its asterisks: no italics in the page."""
    quote = "(*tỷ lệ không quá 10% đối với tập thể và 5% đối với cá nhân*)"
    assert any(c.quote == quote for c in _citations(pack))
    assert r"(\*tỷ lệ không quá 10% đối với tập thể và 5% đối với cá nhân\*)" in markdown
    assert quote in html and "<em>tỷ lệ" not in html


def test_sections_come_in_the_reviewers_order(markdown: str) -> None:
    """Title, document cited, contents, calendar, awards, caps, counting, rules, parameters,
    deadlines, targets, roster roles, clause coverage."""
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert [h.split(" / ")[-1] for h in headings] == [
        "Document cited", "Contents", "Calendar", "Awards", "Caps", "Counting", "Rules", "Parameters",
        "Deadlines", "Year targets", "Roster roles", "Clause coverage",
    ]  # fmt: skip
    assert markdown.startswith("# Các đợt ra quân")
    assert "38/KH-BCĐ" in markdown and "2023-04-05" in markdown and "Ban Chỉ đạo thực hiện chính sách BHXH" in markdown


def test_conditions_read_in_words_with_their_parameters(markdown: str) -> None:
    """Tests are spelt out with the operator's words and display values, naming the parameter."""
    assert "- **en:** `quota` more than 0 — Was given a quota for the wave (more than 0)" in markdown
    assert "- **vi:** `quota` lớn hơn 0 — " in markdown
    assert "`counted` / `quota` at least 100% (parameter [`collective-completion-rate`](#collective-completion-rate--" in markdown
    assert "`level` equal to `city` — City level" in markdown  # a `when` test
    assert "- **en:** `smallest` at least 5 (parameter [`collector-people`]" in markdown


def test_each_rule_shows_the_plan_beside_its_statement(pack: rr.RulePack, markdown: str, html: str) -> None:
    """In Markdown the quote (blockquote) comes right before the statement; in HTML they
    sit side by side in one box."""
    rule = pack.rule("giay-khen-tap-the-theo-dot")
    quote = f"> 38/KH-BCĐ II.5.c: “{rule.source.quote}”"
    statement = f"- **vi:** {rule.statement.vi}\n- **en:** {rule.statement.en}"
    assert re.search(re.escape(quote) + r"\n\n\*\*[^\n]*Plain statement\*\*\n\n" + re.escape(statement), markdown)
    assert html.count('<div class="beside">') == len(pack.rules)
    assert '<div class="plan">' in html and '<div class="statement">' in html


def test_interpretations_are_highlighted_boxes_in_html(pack: rr.RulePack, html: str) -> None:
    """Every interpretation is in a box with its own background, with question, choice and reason."""
    boxes = html.count('<div class="interpretation">')
    assert boxes == len(_interpretations(pack))
    assert re.search(r"\.interpretation blockquote \{[^}]*background: #", html)
    assert "Interpretation — no-quota-not-eligible" in html and "Question:" in html and "Reason:" in html


def test_html_is_a_well_formed_page_with_tables_and_working_links(html: str) -> None:
    """The page parses with every tag closed, is in Vietnamese, has tables and a readable
    width, and every link of the contents (and cross-reference) reaches a heading."""
    page = _page(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "<table" in html and "max-width" in html and "border" in html
    assert page.links and set(page.links) <= page.ids
    assert not any(tag in ("script", "link", "img") for tag, _ in page.tags)  # self-contained


def test_html_escapes_markup_in_the_pack(tmp_path: Path) -> None:
    """A '<script>' (and other markup) written in a condition's words is shown, never run."""
    folder = tmp_path / "pack"
    shutil.copytree(PACK_DIR, folder)
    path = folder / "giay-khen-tap-the.yaml"
    original = 'en: "Was given a quota for the wave (more than 0)"'
    assert original in path.read_text("utf-8")
    injected = 'en: "<script>alert(1)</script> *bold* [link](javascript:x) &amp; | cell"'
    path.write_text(path.read_text("utf-8").replace(original, injected), "utf-8")
    pack = rr.load_rule_pack(folder)

    html = render_html(pack)
    page = _page(html)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script> *bold* [link](javascript:x) &amp; | cell" in "".join(page.text)
    assert not any(tag == "a" and "javascript" in str(attrs.get("href")) for tag, attrs in page.tags)


def test_languages_follow_lang_order(pack: rr.RulePack) -> None:
    """lang_order=("en", "vi") puts English first: title, labels, statements."""
    english = render_markdown(pack, lang_order=("en", "vi"))
    assert english.startswith("# The 2023 rally waves")
    assert "## Document cited / Văn bản được trích dẫn" in english
    assert '<html lang="en">' in render_html(pack, lang_order=("en",))
    with pytest.raises(ValueError, match="lang_order"):
        render_markdown(pack, lang_order=("fr",))


def test_output_is_deterministic(pack: rr.RulePack, markdown: str, html: str, tmp_path: Path) -> None:
    """The same pack gives byte-identical output, also when loaded from another folder."""
    assert render_markdown(pack) == markdown and render_html(pack) == html
    shutil.copytree(PACK_DIR, tmp_path / "copy")
    copy = rr.load_rule_pack(tmp_path / "copy")
    assert render_markdown(copy) == markdown and render_html(copy) == html
    assert str(tmp_path) not in markdown and str(PACK_DIR) not in markdown


def test_cli_writes_both_files_identically_twice(tmp_path: Path) -> None:
    """`rallyrules rulebook --output-dir DIR` writes rulebook.md and .html (UTF-8) and prints
    their paths; a second run writes the same bytes."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["rulebook", "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(out / "rulebook.md"), str(out / "rulebook.html")]
    first = {name: (out / name).read_bytes() for name in ("rulebook.md", "rulebook.html")}
    assert first["rulebook.md"].decode("utf-8").startswith("# Các đợt ra quân")
    assert CliRunner().invoke(main, ["rulebook", "--output-dir", str(out)]).exit_code == 0
    assert {name: (out / name).read_bytes() for name in first} == first


def test_cli_format_writes_one_file(tmp_path: Path) -> None:
    """--format md (or html) writes only that file."""
    result = CliRunner().invoke(main, ["rulebook", "--output-dir", str(tmp_path), "--format", "html"])
    assert result.exit_code == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["rulebook.html"]


def test_cli_bad_pack_exits_1_with_the_problems(tmp_path: Path) -> None:
    """A pack that does not load: exit 1, the RulePackError text on stderr, nothing written."""
    folder = tmp_path / "pack"
    shutil.copytree(PACK_DIR, folder)
    path = folder / "giay-khen-tap-the.yaml"
    path.write_text(path.read_text("utf-8").replace("op: more_than", "op: more_then"), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["rulebook", "--rules", str(folder), "--output-dir", str(out)])
    assert result.exit_code == 1
    assert "is not valid" in result.stderr and "more_then" in result.stderr
    assert not out.exists()
