"""The rulebook: a rule pack as a document for legal reviewers who do not read Python.

Everything the pack says, in the order a reviewer checks it: the document cited, the
calendar, the awards, the caps, the counting, then one section per rule (the plan's words
beside the plain statement, the tests in words, every interpretation highlighted), the
parameters, deadlines, targets, roster roles and the clause coverage report.

:func:`render_markdown` gives Markdown; :func:`render_html` renders the same Markdown
(with markdown-it) inside a small self-contained page. The output depends only on the
pack: no timestamps, no paths outside the pack, so regenerating it changes nothing
unless the rules changed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .coverage import clause_coverage
from .decisions import display_value
from .facts import FACT_KINDS
from .model import (
    OPERATOR_WORDS,
    Award,
    Cap,
    Citation,
    Condition,
    Deadline,
    Grant,
    Interpretation,
    Parameter,
    RankKey,
    Rule,
    RulePack,
    Text,
)

__all__ = ["render_html", "render_markdown", "write_rulebook"]

Langs = Sequence[str]
Format = Literal["md", "html", "both"]


# -- the document as blocks ---------------------------------------------------------------


@attrs.frozen
class _Part:
    """Markdown for one or more blocks; ``css`` names the HTML box that wraps it."""

    md: str
    css: str | None = None


@attrs.frozen
class _Beside:
    """Two pieces read together: one after the other in Markdown, side by side in HTML."""

    left: str
    right: str


_Block = _Part | _Beside


def _markdown_of(block: _Block) -> str:
    return block.md if isinstance(block, _Part) else f"{block.left}\n\n{block.right}"


# -- labels -------------------------------------------------------------------------------

#: Every word of the document's own (not the pack's), in both languages.
_LABELS: dict[str, Text] = {
    "rulebook": Text("Sổ tay quy tắc", "Rulebook"),
    "pack": Text("Bộ quy tắc", "Rule pack"),
    "intro": Text(
        "Mỗi quy tắc trích nguyên văn Kế hoạch bên cạnh nội dung quy tắc bằng lời thường. Các diễn giải "
        "(lựa chọn được đưa ra khi Kế hoạch không quy định rõ) được làm nổi bật để người rà soát kiểm tra.",
        "Each rule quotes the plan verbatim beside the rule in plain words. Interpretations (choices made "
        "where the plan is silent) are highlighted for reviewers to check.",
    ),
    "document": Text("Văn bản được trích dẫn", "Document cited"),
    "number": Text("Số", "Number"),
    "doc-title": Text("Trích yếu", "Title"),
    "issuer": Text("Cơ quan ban hành", "Issuer"),
    "issued": Text("Ngày ban hành", "Issued"),
    "verbatim": Text(
        "Mọi trích dẫn trong tài liệu này có nguyên văn trong văn bản Kế hoạch; bộ quy tắc không được nạp nếu thiếu.",
        "Every quote in this document appears verbatim in the plan's text; the rule pack does not load otherwise.",
    ),
    "contents": Text("Mục lục", "Contents"),
    "calendar": Text("Lịch các đợt thi đua", "Calendar"),
    "wave": Text("Đợt", "Wave"),
    "theme": Text("Chủ đề", "Theme"),
    "rally": Text("Ngày ra quân", "Rally"),
    "venue": Text("Địa điểm", "Venue"),
    "period": Text("Thời gian thi đua (tính cả ngày đầu và ngày cuối)", "Emulation period (both ends included)"),
    "period-short": Text("thời gian thi đua", "emulation period"),
    "rally-short": Text("ra quân", "rally"),
    "sources": Text("Nguồn", "Sources"),
    "source": Text("Nguồn", "Source"),
    "awards": Text("Khen thưởng", "Awards"),
    "levels": Text("Cấp thi đua", "Emulation levels"),
    "level": Text("Cấp", "Level"),
    "name": Text("Tên", "Name"),
    "per-area": Text("Mỗi địa bàn một người tặng", "One awarding authority per area"),
    "round": Text("Xét tặng", "Round"),
    "granted": Text("Người tặng theo cấp", "Who awards, per level"),
    "awarded-by": Text("Người tặng", "Awarded by"),
    "fund": Text("Kinh phí", "Fund"),
    "proposed-by": Text("Đề xuất", "Proposed by"),
    "presented": Text("Trao tặng", "Presented"),
    "caps": Text("Giới hạn tỷ lệ khen thưởng", "Caps"),
    "award": Text("Hình thức khen thưởng", "Award"),
    "subjects": Text("Đối tượng", "Subjects"),
    "rate": Text("Tỷ lệ", "Rate"),
    "base": Text("Cơ sở tính", "Base"),
    "rounding": Text("Làm tròn", "Rounding"),
    "most": Text("Số khen thưởng tối đa", "Most awards"),
    "ranking": Text("Thứ tự xét chọn khi số đủ điều kiện vượt giới hạn", "Ranking when more are eligible than the cap allows"),
    "counting": Text("Cách tính số người tham gia", "Counting"),
    "schemes": Text("Loại hình bảo hiểm được tính", "Schemes that count"),
    "scheme": Text("Loại hình", "Scheme"),
    "covered": Text("Phải có giá trị đến hết ngày", "Must be covered through"),
    "no-coverage": Text("không yêu cầu", "no requirement"),
    "credit-parents": Text("Ghi nhận cho cấp trên", "Credit to the subjects above"),
    "once-per-scheme": Text("Mỗi người tính một lần cho mỗi loại hình", "One enrolment per person and scheme"),
    "rules": Text("Quy tắc", "Rules"),
    "title": Text("Tên", "Title"),
    "applies-to": Text("Áp dụng cho", "Applies to"),
    "fields": Text("trường dữ liệu", "fields"),
    "kind": Text("Loại", "Kind"),
    "check": Text("kiểm tra một yêu cầu, không xét khen thưởng", "a check of a requirement, no award"),
    "file": Text("Tệp", "File"),
    "line": Text("dòng", "line"),
    "plan-says": Text("Kế hoạch quy định", "The plan says"),
    "statement": Text("Nội dung quy tắc", "Plain statement"),
    "when": Text("Áp dụng khi (mọi điều kiện đều đúng)", "Applies when (all of these hold)"),
    "when-short": Text("Áp dụng khi", "Applies when"),
    "always": Text("mọi trường hợp", "always"),
    "conditions": Text("Điều kiện (tất cả phải đạt)", "Conditions (all must hold)"),
    "see-also": Text("Xem thêm", "See also"),
    "interpretations": Text("Diễn giải", "Interpretations"),
    "none": Text("không có", "none"),
    "question": Text("Câu hỏi", "Question"),
    "choice": Text("Lựa chọn", "Choice"),
    "reason": Text("Lý do", "Reason"),
    "parameters": Text("Tham số", "Parameters"),
    "parameter": Text("Tham số", "Parameter"),
    "parameter-word": Text("tham số", "parameter"),
    "scheme-word": Text("loại hình", "scheme"),
    "type": Text("Kiểu", "Type"),
    "value": Text("Giá trị", "Value"),
    "used-by": Text("Dùng trong", "Used by"),
    "deadlines": Text("Thời hạn", "Deadlines"),
    "submitter": Text("Cấp gửi", "Submitted by"),
    "anchors": Text("Ngày mốc theo đợt", "Anchor date per wave"),
    "on-time": Text(
        "Đúng hạn khi gửi trước ngày mốc ít nhất số ngày mà quy tắc kiểm tra quy định.",
        "On time when made at least as many days before the anchor date as the rule that checks it requires.",
    ),
    "rally-day": Text("ngày ra quân", "the rally day"),
    "checked-by": Text("Kiểm tra bởi", "Checked by"),
    "targets": Text("Chỉ tiêu năm", "Year targets"),
    "indicator": Text("Chỉ tiêu", "Indicator"),
    "parent-targets": Text("Cá nhân dùng chỉ tiêu của tập thể", "Individuals use their collective's targets"),
    "no-targets": Text("Bộ quy tắc không đặt chỉ tiêu năm.", "The pack sets no year targets."),
    "roster-roles": Text("Vai trò trong danh sách lực lượng", "Roster roles"),
    "role": Text("Vai trò", "Role"),
    "coverage": Text("Mức độ bao phủ các dòng của Kế hoạch", "Clause coverage"),
    "yes": Text("có", "yes"),
    "no": Text("không", "no"),
}

_ROUNDS = {
    "per-wave": Text("sau mỗi đợt thi đua", "after each wave"),
    "after-waves": Text("một lần, sau khi kết thúc các đợt thi đua", "once, after the last wave"),
}
_KINDS = {"collective": Text("tập thể", "collectives"), "individual": Text("cá nhân", "individuals")}
_BASES = {
    "subjects-in-scope": Text(
        "mọi đối tượng cùng loại mà người tặng xét tặng trong lượt xét",
        "every subject of that kind the awarding authority awards in the round",
    ),
    "eligible": Text("chỉ các đối tượng đủ điều kiện", "the eligible subjects only"),
}
_ROUNDINGS = {"floor": Text("làm tròn xuống", "rounded down"), "ceiling": Text("làm tròn lên", "rounded up")}
_ORDERS = {
    "descending": Text("giảm dần (lớn trước)", "descending (highest first)"),
    "ascending": Text("tăng dần (nhỏ trước)", "ascending (lowest first)"),
}
_CREDIT = {
    True: Text(
        "số người ghi nhận cho một đối tượng cũng được tính cho mọi đối tượng cấp trên (chuỗi parent_id)",
        "an enrolment credited to a subject also counts for every subject above it (its parent_id chain)",
    ),
    False: Text("chỉ tính cho đối tượng được ghi nhận", "it counts only for the subject it is credited to"),
}
_ONCE = {
    True: Text("một người chỉ được tính một lần cho mỗi loại hình", "a person counts once per scheme"),
    False: Text("mỗi lần tham gia đều được tính", "every enrolment counts"),
}


def _label(key: str, langs: Langs) -> str:
    """A label of the document in every language of ``langs``, joined by " / "."""
    return _both(_LABELS[key], langs)


def _both(text: Text, langs: Langs) -> str:
    """Short pack text (a name) in every language, escaped; once when the languages agree."""
    words = list(dict.fromkeys(text.in_(lang) for lang in langs))
    return " / ".join(_esc(w) for w in words)


def _yes_no(flag: bool, langs: Langs) -> str:
    return _label("yes" if flag else "no", langs)


# -- Markdown text ------------------------------------------------------------------------

# Characters that would turn data into markup (emphasis, links, raw HTML, entities, table
# cells, headings, strikethrough on GitHub): each is escaped so the data reads as written.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#~])")
_SPECIAL_BUT_PIPES = re.compile(r"([\\`*_\[\]<>&#~])")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def _esc(text: str, pipes: bool = True, line_start: bool = True) -> str:
    """Data as literal Markdown inline text (a plan quote stays word for word when rendered).

    A line break would end a table row or a list item, so it becomes a space. ``pipes``:
    escape "|" (not for text that coverage.to_markdown() escapes itself); ``line_start``:
    escape a list marker the text starts with (not needed in a table cell).
    """
    flat = _one_line(text)
    escaped = (_SPECIAL if pipes else _SPECIAL_BUT_PIPES).sub(r"\\\1", flat)
    if not line_start:
        return escaped
    # A list marker or setext underline at the start of a line would change the block.
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def _code(text: str) -> str:
    """An identifier as a code span, whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _value(value: Any) -> str:
    """A compared value: text as code (so ``city`` reads as a value, not a word), the rest
    as :func:`~rallyrules.decisions.display_value` shows it."""
    if isinstance(value, str):
        return _code(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _esc(display_value(value))


def _cite(citation: Citation) -> str:
    """``<document> <section>: “<quote>”``, the quote verbatim."""
    return f"{_esc(citation.document)} {_esc(citation.section)}: “{_esc(citation.quote)}”"


def _slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w\- ]", "", lowered).replace(" ", "-")


def _heading_text(ident: str, name: str) -> str:
    """The plain text of an entity's heading, ``id — name`` (see :func:`_entity_heading`)."""
    return f"{ident} — {_one_line(name).strip()}"


def _entity_heading(ident: str, name: str) -> str:
    return f"### {_code(ident)} — {_esc(name)}"


def _link(ident: str, name: str) -> str:
    """A link to the heading of entity ``ident`` named ``name``."""
    return f"[{_code(ident)}](#{_slug(_heading_text(ident, name))})"


def _item(label: str, value: str = "") -> str:
    return f"- **{label}:** {value}".rstrip()


def _lang_items(texts: Iterable[tuple[str, str]], indent: str = "") -> str:
    """One list item per language: ``- **vi:** …``."""
    return "\n".join(f"{indent}- **{lang}:** {text}" for lang, text in texts)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# -- interpretations and conditions -------------------------------------------------------


def _interpretation(item: Interpretation, langs: Langs) -> _Part:
    """The highlighted callout: a blockquote in Markdown, a coloured box in HTML."""
    lines = [
        f"> **Interpretation — {_esc(item.id)}**",
        f"> **{_label('question', langs)}:** {_esc(item.question)}",
        f"> **{_label('choice', langs)}:** {_esc(item.choice)}",
        f"> **{_label('reason', langs)}:** {_esc(item.reason)}",
    ]
    return _Part("\n>\n".join(lines), css="interpretation")


def _interpretations(items: Sequence[Interpretation], langs: Langs, say_none: bool = False) -> list[_Block]:
    if not items:
        # For a rule, "none" is itself worth reading: it makes no choice beyond the text.
        return [_Part(f"**{_label('interpretations', langs)}:** {_label('none', langs)}")] if say_none else []
    return [_Part(f"**{_label('interpretations', langs)}**"), *(_interpretation(i, langs) for i in items)]


def _test(condition: Condition, lang: str, pack: RulePack, langs: Langs) -> str:
    """e.g. ``counted / quota at least 100% (parameter collective-completion-rate)``."""
    ratio = condition.ratio
    subject = f"{_code(ratio.of)} / {_code(ratio.to)}" if ratio is not None else _code(condition.fact or "")
    test = f"{subject} {OPERATOR_WORDS[condition.op][lang]} {_value(condition.value)}"
    if condition.param is None:
        return test
    link = _parameter_link(pack.parameter(condition.param), langs)
    return f"{test} ({_LABELS['parameter-word'].in_(lang)} {link})"


def _conditions(conditions: Sequence[Condition], pack: RulePack, langs: Langs) -> str:
    """Each condition: its id, then per language the test in words and what it says."""
    items = []
    for c in conditions:
        tests = ((lang, f"{_test(c, lang, pack, langs)} — {_esc(c.says.in_(lang))}") for lang in langs)
        items.append(f"- {_code(c.id)}\n{_lang_items(tests, indent='  ')}")
    return "\n".join(items)


def _parameter_link(parameter: Parameter, langs: Langs) -> str:
    return _link(parameter.id, parameter.title.in_(langs[0]))


def _rule_link(rule: Rule, langs: Langs) -> str:
    return _link(rule.id, rule.title.in_(langs[0]))


def _award_link(award: Award, langs: Langs) -> str:
    return _link(award.id, award.name.in_(langs[0]))


def _cap_name(cap: Cap, pack: RulePack, langs: Langs) -> str:
    return f"{pack.award(cap.award).name.in_(langs[0])}, {_KINDS[cap.subject_kind].in_(langs[0])}"


def _paragraphs(key: str, langs: Langs) -> str:
    """A sentence of the document's own, one paragraph per language."""
    return "\n\n".join(_esc(_LABELS[key].in_(lang)) for lang in langs)


def _rules_selecting(pack: RulePack, fact: str, value: str) -> list[Rule]:
    """The rules whose ``when`` picks facts with ``fact`` equal to ``value`` (deadline, role…)."""

    def picks(c: Condition) -> bool:
        if c.fact != fact:
            return False
        return c.value == value if c.op == "equals" else c.op == "one_of" and value in c.value  # type: ignore[operator]

    return [r for r in pack.rules if any(picks(c) for c in r.when)]


# -- sections -----------------------------------------------------------------------------


def _title(pack: RulePack, langs: Langs) -> list[_Block]:
    titles = list(dict.fromkeys(pack.title.in_(lang) for lang in langs))
    lines = [f"# {_esc(titles[0])}", *(f"*{_esc(t)}*" for t in titles[1:])]
    about = f"**{_label('rulebook', langs)}** · {_label('pack', langs)} {_code(pack.id)} · SHA-256 {_code(pack.digest)}"
    return [_Part("\n\n".join(lines)), _Part(about), _Part(_paragraphs("intro", langs))]


def _document_cited(pack: RulePack, langs: Langs) -> list[_Block]:
    doc = pack.document
    items = [
        _item(_label("number", langs), _esc(doc.number)),
        _item(_label("doc-title", langs), _esc(doc.title)),
        _item(_label("issuer", langs), _esc(doc.issuer)),
        _item(_label("issued", langs), display_value(doc.issued)),
    ]
    return [_Part(f"## {_label('document', langs)}"), _Part("\n".join(items)), _Part(_paragraphs("verbatim", langs))]


def _calendar(pack: RulePack, langs: Langs) -> list[_Block]:
    header = [_label(k, langs) for k in ("wave", "theme", "rally", "venue", "period")]
    rows = [
        [_both(w.name, langs), _both(w.theme, langs), display_value(w.rally_date), _esc(w.venue),
         f"{display_value(w.start)} → {display_value(w.end)}"]
        for w in pack.waves
    ]  # fmt: skip
    sources = []
    for w in pack.waves:
        sources.append(f"- {_both(w.name, langs)}, {_label('rally-short', langs)}: {_cite(w.rally_source)}")
        sources.append(f"- {_both(w.name, langs)}, {_label('period-short', langs)}: {_cite(w.period_source)}")
    return [
        _Part(f"## {_label('calendar', langs)}"),
        _Part(_table(header, rows)),
        _Part(f"**{_label('sources', langs)}**"),
        _Part("\n".join(sources)),
    ]


def _levels(pack: RulePack, langs: Langs) -> list[_Block]:
    header = [_label("level", langs), _label("name", langs), _label("per-area", langs)]
    rows = [[_code(lv.id), _both(lv.name, langs), _yes_no(lv.scoped, langs)] for lv in pack.levels]
    return [_Part(f"**{_label('levels', langs)}**"), _Part(_table(header, rows))]


def _occasion(award: Award, langs: Langs) -> str:
    occasion = award.presented
    if occasion is None:
        return "—"
    if occasion.next_rally:
        # "next_rally": at the next wave's rally when there is one, otherwise at "otherwise".
        words = Text(
            f"tại Lễ ra quân của đợt tiếp theo; khi không còn đợt nào: {occasion.otherwise.vi}",
            f"at the next wave's rally; when there is none: {occasion.otherwise.en}",
        )
    else:
        words = occasion.otherwise
    return f"{_both(words, langs)} — {_cite(occasion.source)}"


def _grant(grant: Grant, pack: RulePack, langs: Langs) -> str:
    """One level of an award: who awards, from which fund, on whose proposal, and why."""
    level = _both(pack.level(grant.level).name, langs)
    scope = f" ({_label('per-area', langs)})" if grant.per_scope else ""
    authority, fund = pack.authority(grant.authority), pack.fund(grant.fund)
    # The authority's own citation only when it adds words the grant's does not show.
    by = _both(authority.name, langs) + ("" if authority.source == grant.source else f" — {_cite(authority.source)}")
    lines = [
        f"- **{level}**{scope}: {_cite(grant.source)}",
        f"  - **{_label('awarded-by', langs)}:** {by}",
        f"  - **{_label('fund', langs)}:** {_both(fund.name, langs)} — {_cite(fund.source)}",
    ]
    if grant.proposed_by is not None:
        lines.append(f"  - **{_label('proposed-by', langs)}:** {_both(grant.proposed_by, langs)}")
    return "\n".join(lines)


def _award(award: Award, pack: RulePack, langs: Langs) -> list[_Block]:
    rules = [_rule_link(r, langs) for r in pack.rules if r.award == award.id]
    caps = [_link(c.id, _cap_name(c, pack, langs)) for c in pack.caps if c.award == award.id]
    items = [
        _item(_label("name", langs), _both(award.name, langs)),
        _item(_label("round", langs), _both(_ROUNDS[award.round], langs)),
        _item(_label("source", langs), _cite(award.source)),
        _item(_label("presented", langs), _occasion(award, langs)),
        _item(_label("rules", langs), ", ".join(rules) or "—"),
        _item(_label("caps", langs), ", ".join(caps) or "—"),
    ]
    blocks: list[_Block] = [_Part(_entity_heading(award.id, award.name.in_(langs[0]))), _Part("\n".join(items))]
    if award.grants:
        grants = "\n".join(_grant(g, pack, langs) for g in award.grants)
        blocks += [_Part(f"**{_label('granted', langs)}**"), _Part(grants)]
    return blocks + _interpretations(award.interpretations, langs)


def _awards(pack: RulePack, langs: Langs) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {_label('awards', langs)}"), *_levels(pack, langs)]
    for award in pack.awards:
        blocks += _award(award, pack, langs)
    return blocks


def _rank_key(key: RankKey, lang: str) -> str:
    if key.by == "ratio":
        what = f"{'tỷ lệ' if lang == 'vi' else 'ratio'} {_code(key.of or '')} / {_code(key.to or '')}"
        what += " (chính xác)" if lang == "vi" else " (exact)"
    elif key.by == "difference":
        what = f"{'hiệu' if lang == 'vi' else 'difference'} {_code(key.of or '')} − {_code(key.to or '')}"
    else:
        what = _code(key.field or "")
    return f"{what}, {_ORDERS[key.order].in_(lang)}"


def _ranking(keys: Sequence[RankKey], langs: Langs) -> str:
    """Numbered keys, each in every language (a nested list inside the numbered item)."""
    items = []
    for number, key in enumerate(keys, 1):
        words = [f"- **{lang}:** {_rank_key(key, lang)}" for lang in langs]
        items.append(f"{number}. " + "\n   ".join(words))
    return "\n".join(items)


def _cap(cap: Cap, pack: RulePack, langs: Langs) -> list[_Block]:
    award, rate = pack.award(cap.award), _esc(display_value(cap.rate))
    parameter = _parameter_link(pack.parameter(cap.rate_parameter), langs)
    left, right = ("⌊", "⌋") if cap.rounding == "floor" else ("⌈", "⌉")
    most = Text(f"{left}{rate} × cơ sở tính{right}", f"{left}{rate} × base{right}")
    items = [
        _item(_label("award", langs), f"{_award_link(award, langs)} — {_both(award.name, langs)}"),
        _item(_label("subjects", langs), _both(_KINDS[cap.subject_kind], langs)),
        _item(_label("rate", langs), f"{rate} ({_label('parameter-word', langs)} {parameter})"),
        _item(_label("base", langs), f"{_code(cap.base)} — {_both(_BASES[cap.base], langs)}"),
        _item(_label("rounding", langs), f"{_code(cap.rounding)} — {_both(_ROUNDINGS[cap.rounding], langs)}"),
        _item(_label("most", langs), " / ".join(dict.fromkeys(most.in_(lang) for lang in langs))),
        _item(_label("source", langs), _cite(cap.source)),
    ]
    ranking = _ranking(cap.ranking, langs)
    return [
        _Part(_entity_heading(cap.id, _cap_name(cap, pack, langs))),
        _Part("\n".join(items)),
        _Part(f"**{_label('ranking', langs)}**"),
        _Part(ranking),
        *_interpretations(cap.interpretations, langs),
    ]


def _caps(pack: RulePack, langs: Langs) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {_label('caps', langs)}")]
    for cap in pack.caps:
        blocks += _cap(cap, pack, langs)
    return blocks


def _counting(pack: RulePack, langs: Langs) -> list[_Block]:
    header = [_label("scheme", langs), _label("name", langs), _label("covered", langs)]
    rows = []
    for scheme in pack.schemes:
        if scheme.coverage_parameter is None:
            covered = _label("no-coverage", langs)
        else:
            link = _parameter_link(pack.parameter(scheme.coverage_parameter), langs)
            covered = f"{display_value(scheme.coverage_through)} ({_label('parameter-word', langs)} {link})"
        rows.append([_code(scheme.id), _both(scheme.name, langs), covered])
    policy = pack.counting
    credit, once = policy.credit_parents, policy.one_enrolment_per_person_and_scheme
    items = [
        _item(_label("credit-parents", langs), f"{_yes_no(credit, langs)} — {_both(_CREDIT[credit], langs)}"),
        _item(_label("once-per-scheme", langs), f"{_yes_no(once, langs)} — {_both(_ONCE[once], langs)}"),
        _item(_label("source", langs), _cite(policy.source)),
    ]
    return [
        _Part(f"## {_label('counting', langs)}"),
        _Part(f"**{_label('schemes', langs)}**"),
        _Part(_table(header, rows)),
        _Part("\n".join(items)),
        *_interpretations(policy.interpretations, langs),
    ]


def _fact_kind(kind: str, langs: Langs) -> str:
    """The kind of fact a rule decides on, as the library documents it, with its fields."""
    cls = FACT_KINDS.get(kind)
    if cls is None:
        return _code(kind)
    about = _one_line((cls.__doc__ or "").strip().split("\n\n")[0])
    fields = ", ".join(_code(f.name) for f in attrs.fields(cls))
    return f"{_code(kind)} — {_esc(about)} ({_label('fields', langs)}: {fields})"


def _rule_facts(rule: Rule, pack: RulePack, langs: Langs) -> str:
    if rule.award is not None:
        award = pack.award(rule.award)
        kind = _item(_label("award", langs), f"{_award_link(award, langs)} — {_both(award.name, langs)}")
    else:
        kind = _item(_label("kind", langs), _label("check", langs))
    # Only the file's name: the folder differs between machines, the rulebook must not.
    where = f"{_code(Path(rule.path).name)}, {_label('line', langs)} {rule.line}" if rule.path else "—"
    items = [
        _item(_label("title", langs), _both(rule.title, langs)),
        _item(_label("applies-to", langs), _fact_kind(rule.applies_to, langs)),
        kind,
        _item(_label("file", langs), where),
    ]
    return "\n".join(items)


def _rule(rule: Rule, pack: RulePack, langs: Langs) -> list[_Block]:
    plan = f"**{_label('plan-says', langs)}**\n\n> {_cite(rule.source)}"
    statements = _lang_items((lang, _esc(rule.statement.in_(lang))) for lang in langs)
    statement = f"**{_label('statement', langs)}**\n\n{statements}"
    if rule.when:
        when = f"**{_label('when', langs)}**\n\n{_conditions(rule.when, pack, langs)}"
    else:
        when = f"**{_label('when-short', langs)}:** {_label('always', langs)}"
    blocks: list[_Block] = [
        _Part(_entity_heading(rule.id, rule.title.in_(langs[0]))),
        _Part(_rule_facts(rule, pack, langs)),
        _Beside(plan, statement),
        _Part(when),
        _Part(f"**{_label('conditions', langs)}**\n\n{_conditions(rule.conditions, pack, langs)}"),
    ]
    if rule.see_also:
        blocks.append(_Part(f"**{_label('see-also', langs)}**\n\n" + "\n".join(f"- {_cite(c)}" for c in rule.see_also)))
    return blocks + _interpretations(rule.interpretations, langs, say_none=True)


def _rules(pack: RulePack, langs: Langs) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {_label('rules', langs)}")]
    for rule in pack.rules:
        blocks += _rule(rule, pack, langs)
    return blocks


def _users(parameter: Parameter, pack: RulePack, langs: Langs) -> list[str]:
    """Where a parameter is used: rule conditions, caps, schemes."""
    out = []
    for rule in pack.rules:
        used = [c.id for c in (*rule.when, *rule.conditions) if c.param == parameter.id]
        out += [f"{_rule_link(rule, langs)} ({', '.join(_code(c) for c in used)})"] if used else []
    out += [_link(c.id, _cap_name(c, pack, langs)) for c in pack.caps if c.rate_parameter == parameter.id]
    scheme = _label("scheme-word", langs)
    out += [f"{scheme} {_code(s.id)}" for s in pack.schemes if s.coverage_parameter == parameter.id]
    return out


def _parameter(parameter: Parameter, pack: RulePack, langs: Langs) -> list[_Block]:
    items = [
        _item(_label("type", langs), _code(parameter.type)),
        _item(_label("value", langs), _esc(display_value(parameter.value))),
        _item(_label("title", langs)),
        _lang_items(((lang, _esc(parameter.title.in_(lang))) for lang in langs), indent="  "),
        _item(_label("source", langs), _cite(parameter.source)),
        _item(_label("used-by", langs), ", ".join(_users(parameter, pack, langs)) or "—"),
    ]
    return [
        _Part(_entity_heading(parameter.id, parameter.title.in_(langs[0]))),
        _Part("\n".join(items)),
        *_interpretations(parameter.interpretations, langs),
    ]


def _parameters(pack: RulePack, langs: Langs) -> list[_Block]:
    header = [_label(k, langs) for k in ("parameter", "type", "value", "title")]
    rows = [
        [_parameter_link(p, langs), _code(p.type), _esc(display_value(p.value)), _esc(p.title.in_(langs[0]))]
        for p in pack.parameters
    ]
    blocks: list[_Block] = [_Part(f"## {_label('parameters', langs)}"), _Part(_table(header, rows))]
    for parameter in pack.parameters:
        blocks += _parameter(parameter, pack, langs)
    return blocks


def _deadline(deadline: Deadline, pack: RulePack, langs: Langs) -> list[_Block]:
    anchors = []
    for number, day in deadline.anchors:
        wave = pack.wave(number)
        rally = f" ({_label('rally-day', langs)})" if day == wave.rally_date else ""
        anchors.append(f"  - {_both(wave.name, langs)}: {display_value(day)}{rally}")
    checked = [_rule_link(r, langs) for r in _rules_selecting(pack, "deadline", deadline.id)]
    items = [
        _item(_label("name", langs), _both(deadline.name, langs)),
        _item(_label("submitter", langs), _both(pack.level(deadline.submitter_level).name, langs)),
        _item(_label("anchors", langs)),
        *anchors,
        _item(_label("checked-by", langs), ", ".join(checked) or "—"),
        _item(_label("source", langs), _cite(deadline.source)),
    ]
    return [
        _Part(_entity_heading(deadline.id, deadline.name.in_(langs[0]))),
        _Part("\n".join(items)),
        *_interpretations(deadline.interpretations, langs),
    ]


def _deadlines(pack: RulePack, langs: Langs) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {_label('deadlines', langs)}"), _Part(_paragraphs("on-time", langs))]
    for deadline in pack.deadlines:
        blocks += _deadline(deadline, pack, langs)
    return blocks


def _targets(pack: RulePack, langs: Langs) -> list[_Block]:
    heading = _Part(f"## {_label('targets', langs)}")
    targets = pack.targets
    if targets is None:
        return [heading, _Part(_paragraphs("no-targets", langs))]
    rows = [[_code(i.id), _both(i.name, langs)] for i in targets.indicators]
    items = [
        _item(_label("parent-targets", langs), _yes_no(targets.individuals_use_parent_targets, langs)),
        _item(_label("source", langs), _cite(targets.source)),
    ]
    return [
        heading,
        _Part(_table([_label("indicator", langs), _label("name", langs)], rows)),
        _Part("\n".join(items)),
        *_interpretations(targets.interpretations, langs),
    ]


def _roster_roles(pack: RulePack, langs: Langs) -> list[_Block]:
    header = [_label(k, langs) for k in ("role", "name", "levels", "checked-by")]
    rows = [
        [_code(role.id), _both(role.name, langs), ", ".join(_code(lv) for lv in role.levels),
         ", ".join(_rule_link(r, langs) for r in _rules_selecting(pack, "role", role.id)) or "—"]
        for role in pack.roster_roles
    ]  # fmt: skip
    return [_Part(f"## {_label('roster-roles', langs)}"), _Part(_table(header, rows) if rows else "—")]


def _coverage(pack: RulePack, langs: Langs) -> list[_Block]:
    report = clause_coverage(pack)
    # to_markdown() escapes only "|" in the plan's lines (and nothing in reasons): escape
    # the rest first, so that the plan's words read as written and never become markup.
    lines = tuple(
        attrs.evolve(
            line,
            text=_esc(line.text, pipes=False, line_start=False),
            reason=None if line.reason is None else _esc(line.reason, line_start=False),
        )
        for line in report.lines
    )
    table = attrs.evolve(report, lines=lines).to_markdown().rstrip("\n")
    return [_Part(f"## {_label('coverage', langs)}"), _Part(table)]


# -- the whole document -------------------------------------------------------------------


def _langs(lang_order: Sequence[str]) -> tuple[str, ...]:
    langs = tuple(lang_order)
    if not langs or any(lang not in ("vi", "en") for lang in langs):
        raise ValueError(f"lang_order must name 'vi' and/or 'en' (found {langs!r})")
    return langs


#: The sections after the contents, in the order a reviewer reads them.
_SECTIONS = (_calendar, _awards, _caps, _counting, _rules, _parameters, _deadlines, _targets, _roster_roles, _coverage)


def _blocks(pack: RulePack, langs: Langs) -> list[_Block]:
    """Every block of the rulebook, in reading order, the table of contents included."""
    head = _title(pack, langs) + _document_cited(pack, langs)
    toc_heading = _Part(f"## {_label('contents', langs)}")
    body: list[_Block] = []
    for section in _SECTIONS:
        body += section(pack, langs)
    # The contents list adds no heading, so the anchors found without it are the final ones.
    headings = _headings([*head, toc_heading, *body])
    return [*head, toc_heading, _Part(_contents(headings, skip=toc_heading)), *body]


def _contents(headings: list[tuple[int, str, str]], skip: _Part) -> str:
    skipped = skip.md.removeprefix("## ")
    lines = []
    for level, text, anchor in headings:
        if level in (2, 3) and text != skipped:
            lines.append(f"{'  ' * (level - 2)}- [{_esc(text)}](#{anchor})")
    return "\n".join(lines)


def render_markdown(pack: RulePack, lang_order: Sequence[str] = ("vi", "en")) -> str:
    """The rulebook of ``pack`` as Markdown; texts in both languages in ``lang_order``."""
    return "\n\n".join(_markdown_of(b) for b in _blocks(pack, _langs(lang_order))) + "\n"


# -- HTML ---------------------------------------------------------------------------------


def _markdown_it() -> MarkdownIt:
    # Raw HTML is off: the Markdown already escapes every piece of data, and this makes
    # sure nothing a pack says can ever become markup in the page.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _inline_text(token: Token) -> str:
    return "".join(c.content for c in token.children or [] if c.type in ("text", "text_special", "code_inline"))


def _unique(slug: str, seen: dict[str, int]) -> str:
    """GitHub's rule for repeated anchors: the second ``x`` is ``x-1``, then ``x-2``…"""
    anchor = slug
    while anchor in seen:
        seen[slug] += 1
        anchor = f"{slug}-{seen[slug]}"
    seen[anchor] = 0
    return anchor


def _parse(md: MarkdownIt, source: str, seen: dict[str, int]) -> list[Token]:
    """Parse Markdown and give every heading the anchor GitHub would."""
    tokens = md.parse(source)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", _unique(_slug(_inline_text(tokens[i + 1])), seen))
    return tokens


def _headings(blocks: Sequence[_Block]) -> list[tuple[int, str, str]]:
    """(level, text, anchor) of every heading, anchors as the HTML page and GitHub give them."""
    md, seen, out = _markdown_it(), dict[str, int](), list[tuple[int, str, str]]()
    for block in blocks:
        tokens = _parse(md, _markdown_of(block), seen)
        for i, token in enumerate(tokens):
            if token.type == "heading_open":
                out.append((int(token.tag[1:]), _inline_text(tokens[i + 1]), str(token.attrGet("id"))))
    return out


def _render(md: MarkdownIt, source: str, seen: dict[str, int]) -> str:
    return str(md.renderer.render(_parse(md, source, seen), md.options, {}))


def _html_of(block: _Block, md: MarkdownIt, seen: dict[str, int]) -> str:
    if isinstance(block, _Beside):
        left, right = _render(md, block.left, seen), _render(md, block.right, seen)
        return f'<div class="beside">\n<div class="plan">\n{left}</div>\n<div class="statement">\n{right}</div>\n</div>\n'
    rendered = _render(md, block.md, seen)
    return f'<div class="{block.css}">\n{rendered}</div>\n' if block.css else rendered


_CSS = """\
body { margin: 0; color: #1f2328; background: #fff; line-height: 1.55;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
main { max-width: 68rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { margin-top: 2.5rem; padding-bottom: .25rem; border-bottom: 2px solid #d0d7de; }
h3 { margin-top: 2.25rem; padding-top: 1rem; border-top: 1px solid #eaeef2; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #8c959f; padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em;
  background: #f3f4f6; padding: 0 .2em; border-radius: 3px; }
blockquote { margin: 1rem 0; padding: .6rem 1rem; border-left: 4px solid #8c959f; background: #f6f8fa; }
.beside { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; align-items: start; }
.beside .plan blockquote { border-left-color: #0969da; background: #ddf4ff; }
.interpretation blockquote { background: #fff8c5; border: 1px solid #d4a72c; border-left: 6px solid #9a6700; }
.interpretation blockquote p:first-child { color: #7d4e00; }
@media (max-width: 48rem) { .beside { grid-template-columns: 1fr; } main { padding: 1rem; } }
@media print { .beside, .interpretation { break-inside: avoid; } }
"""


def render_html(pack: RulePack, lang_order: Sequence[str] = ("vi", "en")) -> str:
    """The rulebook as one self-contained HTML page: the Markdown of :func:`render_markdown`,
    rendered, with the plan's words beside each statement and interpretations in boxes."""
    langs = _langs(lang_order)
    md, seen = _markdown_it(), dict[str, int]()
    body = "".join(_html_of(block, md, seen) for block in _blocks(pack, langs))
    title = html.escape(f"{_LABELS['rulebook'].in_(langs[0])} — {pack.title.in_(langs[0])}")
    return (
        f'<!DOCTYPE html>\n<html lang="{langs[0]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def write_rulebook(pack: RulePack, directory: Path, output_format: Format = "both") -> list[Path]:
    """Write ``rulebook.md`` and/or ``rulebook.html`` (UTF-8, "\\n" line ends) into
    ``directory``, creating it; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    renderers = {"md": render_markdown, "html": render_html}
    written = []
    for suffix, render in renderers.items():
        if output_format in (suffix, "both"):
            path = directory / f"rulebook.{suffix}"
            path.write_text(render(pack), encoding="utf-8", newline="\n")
            written.append(path)
    return written
