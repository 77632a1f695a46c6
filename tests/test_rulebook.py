"""The rulebook: the rule pack as a document for legal reviewers, in Markdown and HTML, one
language from top to bottom (Vietnamese: rulebook.md; English: rulebook.en.md)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

import rallyrules as rr
from rallyrules._plan import parse_plan
from rallyrules.cli import main
from rallyrules.facts import FACT_KINDS, fact_field_types
from rallyrules.model import Citation, Interpretation
from rallyrules.rulebook import render_html, render_markdown, rule_order, section_key

from .conftest import PACK_DIR

HERE = Path(__file__).resolve().parent
OTHER_PACK = HERE / "packs" / "another-2024"

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
        out += [rule.source, *rule.operative, *rule.see_also]
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


def _running_text(markdown: str, pack: rr.RulePack | None = None) -> str:
    """What a reader reads as the document's own text: without code spans (ids in small
    print) and link targets, and without the plan's own words (its lines, quoted verbatim:
    the plan itself writes "file", "Fanpage")."""
    text = re.sub(r"(`+)(?:(?!\1).)+?\1", " ", markdown)
    text = _unescaped(re.sub(r"\]\(#[^)]*\)", "]", text))
    for line in parse_plan(pack.source_text).lines if pack is not None else ():
        text = text.replace(line.text, " ")
    return text


def _english_words() -> list[str]:
    lines = (HERE / "rulebook_english_words.txt").read_text("utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def _ids(pack: rr.RulePack) -> set[str]:
    """Every id a reader must never meet in running text: parameters, fact kinds and fields,
    roles, levels, schemes, indicators, deadlines, awards, caps, rules, conditions,
    interpretations and subject kinds."""
    ids = {p.id for p in pack.parameters} | set(FACT_KINDS) | {r.id for r in pack.roster_roles}
    ids |= {f for kind in FACT_KINDS for f in fact_field_types(kind)}
    ids |= {lv.id for lv in pack.levels} | {s.id for s in pack.schemes} | {d.id for d in pack.deadlines}
    ids |= {a.id for a in pack.awards} | {c.id for c in pack.caps} | {r.id for r in pack.rules}
    ids |= {c.id for r in pack.rules for c in (*r.when, *r.conditions)} | {i.id for i in _interpretations(pack)}
    ids |= {i.id for i in pack.targets.indicators} if pack.targets else set()
    return ids | {"collective", "individual"}


@pytest.fixture(scope="module")
def markdown(pack: rr.RulePack) -> str:
    return render_markdown(pack, "vi")


@pytest.fixture(scope="module")
def english(pack: rr.RulePack) -> str:
    return render_markdown(pack, "en")


@pytest.fixture(scope="module")
def html(pack: rr.RulePack) -> str:
    return render_html(pack, "vi")


def test_markdown_names_every_rule_interpretation_and_parameter(pack: rr.RulePack, markdown: str, english: str) -> None:
    """Every rule, parameter and interpretation of the bundled pack has its place: by name,
    with its id in small print, in each edition in its own language."""
    for rule in pack.rules:
        assert f"### {rule.title.vi} · `{rule.id}`" in markdown
        assert f"### {rule.title.en} · `{rule.id}`" in _unescaped(english)
    for parameter in pack.parameters:
        assert f"· `{parameter.id}`" in markdown
    interpretations = _interpretations(pack)
    assert len(interpretations) > 20
    for item in interpretations:
        assert f"> **Diễn giải** · `{item.id}`" in markdown
        for words in (item.question.vi, item.choice.vi, item.reason.vi):
            assert words in _unescaped(markdown)
        for words in (item.question.en, item.choice.en, item.reason.en):
            assert words in _unescaped(english) and words not in _unescaped(markdown)


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


def test_sections_come_in_the_reviewers_order(markdown: str, english: str) -> None:
    """Title, document cited, contents, calendar, awards, caps, counting, rules, parameters,
    deadlines, targets, roster roles, facts and their names, clause coverage."""
    headings = [line[3:] for line in english.splitlines() if line.startswith("## ")]
    assert headings == [
        "Document cited", "Contents", "Calendar", "Awards", "Caps", "Counting", "Rules", "Parameters",
        "Deadlines", "Year targets", "Roster roles", "Facts and their names", "Clause coverage",
    ]  # fmt: skip
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == [
        "Văn bản được trích dẫn", "Mục lục", "Lịch các đợt thi đua", "Khen thưởng", "Tỷ lệ khen thưởng tối đa",
        "Cách tính số người tham gia", "Quy tắc", "Tham số", "Thời hạn", "Chỉ tiêu năm", "Vai trò trong danh sách lực lượng",
        "Dữ kiện được xét và tên gọi", "Đối chiếu các dòng của Kế hoạch",
    ]  # fmt: skip
    assert markdown.startswith("# Các đợt ra quân")
    assert "38/KH-BCĐ" in markdown and "ngày 05 tháng 4 năm 2023" in markdown
    assert "Ban Chỉ đạo thực hiện chính sách BHXH" in markdown


def test_the_vietnamese_rulebook_holds_no_english_words(pack: rr.RulePack, markdown: str, english: str) -> None:
    """The Vietnamese edition is Vietnamese from top to bottom: none of the English words
    listed in rulebook_english_words.txt appears in its running text (the English edition,
    checked the same way, is full of them: the list catches English)."""
    words = _english_words()
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
    found = sorted({m.group(0) for m in pattern.finditer(_running_text(markdown, pack))})
    assert found == []
    assert len({m.group(0).lower() for m in pattern.finditer(_running_text(english))}) > 30


def test_the_vietnamese_rulebook_names_things_and_never_shows_ids(pack: rr.RulePack, markdown: str) -> None:
    """No id of a parameter, fact kind or field, role, level, scheme, deadline, rule,
    condition or interpretation is in the running text: ids are only in small print
    (code spans) and anchors. Roles read by name: 'Vai trò …: Viên chức BHXH'."""
    text = _running_text(markdown)
    ids = _ids(pack)
    assert {"bhxh-officials", "city-bhxh-officials", "counted", "collective-wave"} <= ids
    shown = sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert shown == []
    assert "Kiểm tra: Vai trò trong danh sách lực lượng: Viên chức BHXH" in markdown
    assert "Vai trò: Viên chức BHXH · `role-bhxh-officials`" in markdown


def test_rules_appear_in_the_plans_order(pack: rr.RulePack, markdown: str) -> None:
    """Rules come by the section they cite (II.3.b, II.3.c, II.5.c, II.5.d, III.1.g), then
    by where their words stand in the plan: not by file name."""
    order = [rule.id for rule in pack.rules]
    positions = {rule_id: markdown.index(f"· `{rule_id}`\n") for rule_id in order}
    shown = sorted(order, key=positions.__getitem__)
    sections = [pack.rule(r).source.section for r in shown]
    assert sections == sorted(sections, key=section_key)
    assert sections[0] == "II.3.b" and sections[-1] == "III.1.g"
    assert (
        shown.index("giay-khen-tap-the-theo-dot")
        < shown.index("giay-khen-ca-nhan-theo-dot")
        < shown.index("bang-khen-sau-ba-dot")
    )
    assert shown.index("doi-tuyen-truyen-luu-dong") < shown.index("dieu-hanh-bhxh-thanh-pho")  # earlier in II.3.b's text
    assert shown == [r.id for r in rule_order(pack)]
    assert sorted(order) != order or shown != sorted(order)  # the files' order is not the plan's


@pytest.mark.parametrize(
    ("before", "after"),
    [("II.3.b", "II.5.c"), ("II.5.c", "III.1.g"), ("II.9", "II.10"), ("III.1.d", "III.1.đ"), ("III.1.đ", "III.1.e"),
     ("VIII", "IX"), ("IV.1", "V"), ("II", "II.1"), ("II.1.a", "II.2")],
)  # fmt: skip
def test_section_ids_sort_as_the_plan_numbers_them(before: str, after: str) -> None:
    """Roman parts as numbers, numbers as numbers, letters in the Vietnamese order (đ after d)."""
    assert section_key(before) < section_key(after)


def test_the_operative_clauses_stand_beside_the_rule(pack: rr.RulePack, markdown: str, html: str) -> None:
    """For giay-khen-tap-the-theo-dot the lead-in is shown with the clauses it introduces
    (100% of the quota; coverage to 31/12/2023), beside the statement, not under 'Xem thêm'."""
    rule = pack.rule("giay-khen-tap-the-theo-dot")
    assert rule.source.quote.endswith("như sau:")
    assert [c.quote[:30] for c in rule.operative] == ["Chỉ đạo thực hiện đạt 100% trở", "BHXH tự nguyện và BHYT hộ gia "]
    plan = (
        f"> 38/KH-BCĐ II.5.c: “{rule.source.quote}”\n>\n"
        + "\n".join(f"> - 38/KH-BCĐ II.5.c: “{c.quote}”" for c in rule.operative)
        + f"\n\n**Nội dung quy tắc**\n\n{rule.statement.vi}"
    )
    assert plan in markdown
    see_also = markdown.split(f"· `{rule.id}`\n", 1)[1].split("**Xem thêm**", 1)[1].split("**Diễn giải**", 1)[0]
    assert "Chỉ đạo thực hiện" not in see_also
    boxes = re.findall(r'<div class="plan">(.*?)</div>', html, re.S)
    assert len(boxes) == len(pack.rules)
    assert any("Chỉ đạo thực hiện đạt 100% trở lên" in b and "đến hết ngày 31 tháng 12 năm 2023" in b for b in boxes)


@pytest.mark.parametrize("folder", [PACK_DIR, OTHER_PACK])
def test_no_rule_quotes_only_a_lead_in(folder: Path) -> None:
    """A rule whose clause ends with ':' introduces others: it names them as operative."""
    for rule in rr.load_rule_pack(folder).rules:
        assert not rule.source.quote.rstrip().endswith(":") or rule.operative, rule.id


def test_conditions_read_in_words_with_their_parameters(markdown: str, english: str) -> None:
    """Tests are spelt out with the fields' names, units and the parameter's title."""
    assert (
        "- Được giao chỉ tiêu của đợt (lớn hơn 0) · `has-quota`\n  - Kiểm tra: Chỉ tiêu được giao của đợt lớn hơn 0 người"
        in markdown
    )
    assert (
        "Kiểm tra: Tỷ lệ hoàn thành chỉ tiêu của đợt từ 100% trở lên (tham số: [Tỷ lệ hoàn thành chỉ tiêu của từng đợt"
        in markdown
    )
    assert "Kiểm tra: Cấp thi đua: Cấp thành phố" in markdown  # a `when` test
    assert "Kiểm tra: Số người của đội, nhóm, tổ chức ít người nhất từ 5 người trở lên (tham số: [" in markdown
    assert "Test: Quota for the wave more than 0 people" in english
    assert "Test: Roster role: Social insurance officials" in english


def test_interpretations_are_highlighted_boxes_in_html(pack: rr.RulePack, html: str) -> None:
    """Every interpretation is in a box with its own background, with question, choice and reason."""
    boxes = html.count('<div class="interpretation">')
    assert boxes == len(_interpretations(pack))
    assert re.search(r"\.interpretation blockquote \{[^}]*background: #", html)
    assert "Câu hỏi:" in html and "Lựa chọn:" in html and "Lý do:" in html


def test_html_is_a_well_formed_page_with_tables_and_working_links(html: str) -> None:
    """The page parses with every tag closed, is in Vietnamese, has tables and a readable
    width, and every link of the contents (and cross-reference) reaches a heading."""
    page = _page(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "<table" in html and "max-width" in html and "border" in html
    assert page.links and set(page.links) <= page.ids
    assert not any(tag in ("script", "link", "img") for tag, _ in page.tags)  # self-contained


def test_vietnamese_text_is_never_set_in_a_monospace_font(html: str) -> None:
    """The body's fonts have every Vietnamese letter (Noto Sans first); the monospace font
    of code spans only ever shows ids, which are plain ASCII."""
    body = re.search(r"body \{[^}]*font-family: ([^;]*);", html)
    assert body is not None and body[1].startswith('"Noto Sans"') and "mono" not in body[1].lower()
    codes = re.findall(r"<code>(.*?)</code>", html)
    assert codes and all(re.fullmatch(r"[A-Za-z0-9._=\- ]+", c) for c in codes), [c for c in codes if not c.isascii()][:5]


def test_html_escapes_markup_in_the_pack(tmp_path: Path) -> None:
    """A '<script>' (and other markup) written in a condition's words is shown, never run."""
    folder = tmp_path / "pack"
    shutil.copytree(PACK_DIR, folder)
    path = folder / "giay-khen-tap-the.yaml"
    original = 'vi: "Được giao chỉ tiêu của đợt (lớn hơn 0)"'
    assert original in path.read_text("utf-8")
    injected = 'vi: "<script>alert(1)</script> *bold* [link](javascript:x) &amp; | cell"'
    path.write_text(path.read_text("utf-8").replace(original, injected), "utf-8")
    pack = rr.load_rule_pack(folder)

    html = render_html(pack)
    page = _page(html)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script> *bold* [link](javascript:x) &amp; | cell" in "".join(page.text)
    assert not any(tag == "a" and "javascript" in str(attrs.get("href")) for tag, attrs in page.tags)


def test_languages(pack: rr.RulePack, english: str) -> None:
    """lang="en" is the English edition; any other language than vi or en is refused."""
    assert english.startswith("# The 2023 rally waves")
    assert "## Document cited" in english and "Văn bản được trích dẫn" not in english
    assert '<html lang="en">' in render_html(pack, "en")
    with pytest.raises(ValueError, match="lang"):
        render_markdown(pack, "fr")


def test_the_other_years_pack_renders_in_both_languages() -> None:
    """A pack made by copying the folder renders with its own names and order."""
    pack = rr.load_rule_pack(OTHER_PACK)
    text = _running_text(render_markdown(pack, "vi"))
    assert "Bằng khen của Chủ tịch UBND thành phố sau 02 đợt thi đua" in text
    assert not [i for i in _ids(pack) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]


def test_output_is_deterministic(pack: rr.RulePack, markdown: str, html: str, tmp_path: Path) -> None:
    """The same pack gives byte-identical output, also when loaded from another folder."""
    assert render_markdown(pack) == markdown and render_html(pack) == html
    shutil.copytree(PACK_DIR, tmp_path / "copy")
    copy = rr.load_rule_pack(tmp_path / "copy")
    assert render_markdown(copy) == markdown and render_html(copy) == html
    assert str(tmp_path) not in markdown and str(PACK_DIR) not in markdown


def test_the_published_rulebook_is_the_bundled_packs(pack: rr.RulePack) -> None:
    """docs/rulebook.md (.html) and docs/rulebook.en.md (.html) are what `rallyrules rulebook` writes,
    each other reading of an interpretation with its effect on the bundled data."""
    from rallyrules.rulebook import bundled_weights

    docs = PACK_DIR.parent.parent / "docs"
    weights = bundled_weights(pack)
    assert weights is not None
    assert (docs / "rulebook.md").read_text("utf-8") == render_markdown(pack, "vi", weights)
    assert (docs / "rulebook.html").read_text("utf-8") == render_html(pack, "vi", weights)
    assert (docs / "rulebook.en.md").read_text("utf-8") == render_markdown(pack, "en", weights)
    assert (docs / "rulebook.en.html").read_text("utf-8") == render_html(pack, "en", weights)


_CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_CHROMIUM is None, reason="Chromium is not installed (CI installs it: noxfile.py)")
def test_the_page_renders_in_chromium_with_a_font_for_vietnamese(html: str, tmp_path: Path) -> None:
    """Headless Chromium renders the page to a picture of the whole width, and the fonts the
    page names for its text include one installed with every Vietnamese letter."""
    page = tmp_path / "rulebook.html"
    page.write_text(html, "utf-8")
    shot = tmp_path / "rulebook.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [_CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={shot}",
             "--window-size=1280,2000", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1280, 2000)
    fonts = subprocess.run(["fc-list", ":lang=vi", "family"], capture_output=True, text=True, check=False).stdout
    named = re.search(r"body \{[^}]*font-family: ([^;]*);", html)[1]  # type: ignore[index]
    assert any(f.strip().strip('"') in fonts for f in named.split(",")), fonts[:500]


def test_cli_writes_both_editions_identically_twice(tmp_path: Path) -> None:
    """`rallyrules rulebook --output-dir DIR` writes rulebook.md/.html (Vietnamese) and
    rulebook.en.md/.html (English), UTF-8, and prints their paths; a second run writes the same bytes."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["rulebook", "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    names = ["rulebook.md", "rulebook.html", "rulebook.en.md", "rulebook.en.html"]
    assert result.stdout.split() == [str(out / name) for name in names]
    first = {name: (out / name).read_bytes() for name in names}
    assert first["rulebook.md"].decode("utf-8").startswith("# Các đợt ra quân")
    assert first["rulebook.en.md"].decode("utf-8").startswith("# The 2023 rally waves")
    assert CliRunner().invoke(main, ["rulebook", "--output-dir", str(out)]).exit_code == 0
    assert {name: (out / name).read_bytes() for name in first} == first


def test_cli_format_and_lang_write_what_is_asked(tmp_path: Path) -> None:
    """--format html writes only pages; --lang vi only the Vietnamese edition."""
    result = CliRunner().invoke(main, ["rulebook", "--output-dir", str(tmp_path), "--format", "html", "--lang", "vi"])
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
