"""The rulebook: a rule pack as a document for legal reviewers who do not read Python.

Everything the pack says, in the order a reviewer checks it: the document cited, the
calendar, the awards, the caps, the counting, then the rules in the plan's order (by the
section they cite: II.3.b before II.5.c before III.1.g), each with the plan's clauses
beside the plain statement, the tests in words and every interpretation highlighted; the
parameters, deadlines, targets, roster roles, the facts and their names, and the clause
coverage report.

One document is in one language from top to bottom (:func:`render_markdown` with
``lang="vi"`` or ``"en"``): the document's own words come from the text catalog
(:mod:`rallyrules.text`, codes ``rulebook.*``), the pack's from the pack, and things are
named by their names (levels, roles, parameters, fields); ids appear only in small print
(code spans) and in anchors, so that a reviewer can find them in the rule files.
:func:`render_html` renders the same Markdown (with markdown-it) inside a small
self-contained page. The output depends only on the pack: no timestamps, no paths outside
the pack, so regenerating it changes nothing unless the rules changed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import text as tx
from .coverage import clause_coverage
from .model import (
    VALUE_DOMAINS,
    Alternative,
    Award,
    Cap,
    Change,
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

if TYPE_CHECKING:
    from .weigh import Weights

__all__ = [
    "RULEBOOK_LANGS", "bundled_weights", "check_rulebook_targets", "render_html", "render_markdown", "rule_order", "section_key",
    "write_rulebook",
]  # fmt: skip

Format = Literal["md", "html", "both"]
#: The languages a rulebook is written in, and the name of each one's files (the
#: Vietnamese edition, for the reviewers the plan is written for, is ``rulebook.md``).
RULEBOOK_LANGS: dict[str, str] = {"vi": "rulebook", "en": "rulebook.en"}


# -- the plan's order ---------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
#: Letters of sections in Vietnamese alphabetical order (đ after d; no f, j, w, z).
_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _roman(numeral: str) -> int:
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN[char]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


def section_key(section: str) -> tuple[int, ...]:
    """A section id as it sorts in the plan: ``II.5.c`` -> (2, 5, 3). Roman parts are read
    as numbers (IX after VIII), numbers as numbers (II.10 after II.9) and letters in the
    Vietnamese order (``III.1.đ`` after ``III.1.d``, before ``III.1.e``). A part that is
    not of that form sorts after every one that is."""
    key: list[int] = []
    for depth, part in enumerate(section.split(".")):
        if depth == 0 and part and set(part) <= set(_ROMAN):
            key.append(_roman(part))
        elif depth == 1 and part.isdigit():
            key.append(int(part))
        elif depth == 2 and len(part) == 1 and part in _LETTERS:
            key.append(_LETTERS.index(part) + 1)
        else:
            key.append(10**6)
    return tuple(key)


def rule_order(pack: RulePack) -> list[Rule]:
    """The pack's rules in the plan's order: by the section their ``source`` cites, then
    by where its words stand in the plan's text, then as the files list them."""
    position = {rule.id: i for i, rule in enumerate(pack.rules)}

    def key(rule: Rule) -> tuple[tuple[int, ...], int, int]:
        found = pack.source_text.find(rule.source.quote)
        return section_key(rule.source.section), found if found >= 0 else len(pack.source_text), position[rule.id]

    return sorted(pack.rules, key=key)


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


@attrs.frozen
class _Doc:
    """What every part of the document needs: the pack and the language, and what each
    alternative reading changes on the pack's bundled data (None: not weighed)."""

    pack: RulePack
    lang: str
    weights: Weights | None = None

    def t(self, key: str, **params: Any) -> str:
        """A word of the document's own, escaped for Markdown (parameters are inserted as given)."""
        return tx.t(f"rulebook.{key}", self.lang, **{k: _Raw(v) for k, v in params.items()})

    def name(self, text: Text) -> str:
        """A text of the pack in the document's language, escaped."""
        return _esc(text.in_(self.lang))


class _Raw(str):
    """A parameter already in Markdown: format() inserts it as it is."""


# -- Markdown text ------------------------------------------------------------------------

# Characters that would turn data into markup (emphasis, links, raw HTML, entities, table
# cells, headings, strikethrough on GitHub): each is escaped so the data reads as written.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#~])")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", " ", text)


def _esc(text: str, line_start: bool = True) -> str:
    """Data as literal Markdown inline text (a plan quote stays word for word when rendered).

    A line break would end a table row or a list item, so it becomes a space;
    ``line_start``: escape a list marker the text starts with (not needed in a table cell).
    """
    escaped = _SPECIAL.sub(r"\\\1", _one_line(text))
    if not line_start:
        return escaped
    # A list marker or setext underline at the start of a line would change the block.
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def _code(text: str) -> str:
    """An identifier as a code span (small print in the page), whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cite(citation: Citation) -> str:
    """``<document> <section>: “<quote>”``, the quote verbatim."""
    return f"{_esc(citation.document)} {_esc(citation.section)}: “{_esc(citation.quote)}”"


def _slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"[^\w\- ]", "", lowered).replace(" ", "-")


def _heading_text(ident: str, name: str) -> str:
    """The plain text of an entity's heading, ``name · id`` (see :func:`_entity_heading`)."""
    return f"{_one_line(name).strip()} · {ident}"


def _entity_heading(ident: str, name: str) -> str:
    """``### name · `id```: the name first, the id in small print after it."""
    return f"### {_esc(name)} · {_code(ident)}"


def _link(ident: str, name: str) -> str:
    """A link, by name, to the heading of entity ``ident`` named ``name``."""
    return f"[{_esc(name)}](#{_slug(_heading_text(ident, name))})"


def _item(label: str, value: str = "") -> str:
    return f"- **{label}:** {value}".rstrip()


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _rate(value: Fraction, lang: str) -> str:
    """A rate as the plan writes it: ``100%``, ``12,5%``; a rate no percentage shows exactly
    as its fraction and its percentage, rounded down (``1/3 (33,33%)``)."""
    shown = tx.percent(value, lang, places=4)
    if Fraction(value) * 100 * 10**4 % 1 == 0:
        return shown
    return f"{value.numerator}/{value.denominator} ({tx.percent(value, lang)})"


def _plain(value: Any, lang: str) -> str:
    """A value as people read it in ``lang``: dates dd/mm/yyyy, numbers grouped, yes/no."""
    if isinstance(value, bool):
        return tx.t("rulebook.yes" if value else "rulebook.no", lang)
    if isinstance(value, Fraction):
        return _rate(value, lang)
    if isinstance(value, dt.date):
        return tx.date(value, lang)
    if isinstance(value, int):
        return tx.number(value, lang)
    return str(value)


# -- interpretations and conditions -------------------------------------------------------


def _interpretation(item: Interpretation, doc: _Doc) -> _Part:
    """The highlighted callout: a blockquote in Markdown, a coloured box in HTML; under
    the choice, each other reading (what it says, why, the clause it rests on, what it
    changes, how to choose it, and what it does to the bundled data), or why there is none."""
    lines = [
        f"> **{doc.t('interpretation')}** · {_code(item.id)}",
        f"> **{doc.t('question')}:** {doc.name(item.question)}",
        f"> **{doc.t('choice')}:** {doc.name(item.choice)}",
        f"> **{doc.t('reason')}:** {doc.name(item.reason)}",
    ]
    if item.alternatives:
        lines.append(f"> **{doc.t('alternatives')}:**")
        lines += [_alternative(item, alternative, doc) for alternative in item.alternatives]
    else:
        why = doc.name(item.sole_reading) if item.sole_reading is not None else doc.t("sole-unsaid")
        lines.append(f"> **{doc.t('sole-reading')}:** {why}")
    return _Part("\n>\n".join(lines), css="interpretation")


def _alternative(item: Interpretation, alternative: Alternative, doc: _Doc) -> str:
    """One other reading, as a list item of the callout (its parts as paragraphs)."""
    changes = "; ".join(_change(change, doc) for change in alternative.changes)
    parts = [
        f"- **{doc.t('alternative')}:** {doc.name(alternative.label)} · {_code(alternative.id)}",
        f"  **{doc.t('alternative-reason')}:** {doc.name(alternative.reason)}",
        f"  **{doc.t('alternative-source')}:** {_cite(alternative.source)}",
        f"  **{doc.t('alternative-changes')}:** {changes}",
        f"  **{doc.t('alternative-choose')}:** {_code(f'--choose {item.id}={alternative.id}')}",
        f"  **{doc.t('alternative-effect')}:** {_effect(item, alternative, doc)}",
    ]
    return "\n>\n".join(f"> {part}" for part in parts)


def _effect(item: Interpretation, alternative: Alternative, doc: _Doc) -> str:
    """What the reading does to the bundled data: decisions changed per round, two examples."""
    from .weigh import counts_line, round_name, state_name

    weights = doc.weights
    found = next((w for w in weights.of(item.id) if w.alternative.id == alternative.id), None) if weights else None
    if found is None:
        return doc.t("alternative-not-weighed")
    if found.error is not None:
        return _esc(tx.t("weigh.error", doc.lang, error=found.error))
    if not found.flips:
        return _esc(tx.t("weigh.no-change", doc.lang))
    rounds = "; ".join(counts_line(c, doc.lang) for c in found.rounds if c.changed or found.flips_in(c.round))
    lang = doc.lang
    examples = "; ".join(
        tx.t("weigh.flip", lang, name=_esc(f.subject_name), id=_code(f.subject_id), round=_esc(round_name(f.round, lang)),
             rule=doc.name(f.rule_title), before=_esc(state_name(f.before, lang)), after=_esc(state_name(f.after, lang)))
        for f in found.flips[:2]
    )  # fmt: skip
    shown = tx.t("weigh.examples", lang, shown=min(2, len(found.flips)), n=tx.number(len(found.flips), lang))
    changed = tx.t("weigh.changed", lang, n=tx.number(len(found.flips), lang))
    return f"{_esc(changed)} {_esc(rounds)}. {_esc(shown)} {examples}."


def _change(change: Change, doc: _Doc) -> str:
    """One change of an alternative in words, the things it changes named (and linked)."""
    pack, lang = doc.pack, doc.lang

    def switch(name: str, value: Any) -> str:
        if name == "schemes_counted":
            schemes = ", ".join(doc.name(pack.value_label("scheme", s)) for s in value)
            return doc.t("switch.schemes_counted", schemes=schemes)
        if name == "combined":
            groups = "; ".join(" + ".join(doc.name(pack.value_label("indicator", i)) for i in g) for g in value)
            return doc.t("switch.combined", groups=groups)
        if name == "ranking":
            kind = _kind_of_award(pack, next(c.award for c in pack.caps if c.id == change.target))
            return doc.t("switch.ranking", keys="; ".join(_rank_key(key, kind, doc) for key in value))
        if name == "base":
            return doc.t(f"base.{value}")
        if name == "rounding":
            return doc.t(f"rounding.{value}")
        return doc.t(f"switch.{name}.{str(value).lower()}")

    def what() -> str:
        return ", ".join(switch(name, value) for name, value in change.values)

    if change.what == "parameter":
        parameter = pack.parameter(change.target)
        return doc.t("change.parameter", name=_parameter_link(parameter, doc), value=_esc(_plain(change.value("value"), lang)))
    if change.what in ("counting", "targets"):
        return doc.t(f"change.{change.what}", what=what())
    if change.what == "cap":
        cap = next(c for c in pack.caps if c.id == change.target)
        return doc.t("change.cap", name=_esc(_cap_name(cap, doc)), what=what())
    if change.what == "rule":
        rule = pack.rule(change.target)
        tests = "; ".join(_test(c, rule.applies_to, doc) for c in change.value("conditions", rule.conditions))
        return f"{doc.t('change.rule', name=_rule_link(rule, doc))}: {tests}"
    if change.what == "condition":
        rule_id, _, condition_id = change.target.partition("/")
        rule = pack.rule(rule_id)
        original = next(c for c in (*rule.when, *rule.conditions) if c.id == condition_id)
        fields = dict(change.values)
        cleared = {"ratio": {"fact": None}, "fact": {"ratio": None}, "value": {"param": None}}
        extra = {k: v for name in fields for k, v in cleared.get(name, {}).items()}
        condition = attrs.evolve(original, **{**extra, **fields})
        if condition.param is not None:
            condition = attrs.evolve(condition, value=pack.parameter(condition.param).value)
        return f"{doc.t('change.condition', says=doc.name(original.says), name=_rule_link(rule, doc))}: {_test(condition, rule.applies_to, doc)}"
    award_id = change.target.partition("/")[0]
    return doc.t(f"change.{change.what}", name=_award_link(pack.award(award_id), doc), what=what())


def _interpretations(items: Sequence[Interpretation], doc: _Doc, say_none: bool = False) -> list[_Block]:
    if not items:
        # For a rule, "none" is itself worth reading: it makes no choice beyond the text.
        return [_Part(f"**{doc.t('interpretations')}:** {doc.t('none')}")] if say_none else []
    return [_Part(f"**{doc.t('interpretations')}**"), *(_interpretation(i, doc) for i in items)]


def _value(condition: Condition, kind: str, doc: _Doc) -> str:
    """The value a condition compares with, named: a role by its name, a count with its
    unit, a rate as a percentage (a parameter's value when it names one)."""
    pack, lang = doc.pack, doc.lang

    def one(value: Any) -> str:
        if condition.fact in VALUE_DOMAINS and isinstance(value, str | int) and not isinstance(value, bool):
            return f"{doc.name(pack.value_label(condition.fact, value))}"
        shown = _esc(_plain(value, lang))
        unit = pack.unit(kind, condition.fact) if condition.fact is not None else None
        if unit is not None and isinstance(value, int) and not isinstance(value, bool):
            shown += f" {doc.name(unit)}"
        return shown

    value = condition.value
    return ", ".join(one(v) for v in value) if isinstance(value, tuple) else one(value)


def _test(condition: Condition, kind: str, doc: _Doc) -> str:
    """A test in words: ``Tỷ lệ hoàn thành chỉ tiêu của đợt từ 100% trở lên (tham số: …)``."""
    pack = doc.pack
    if condition.ratio is not None:
        subject = pack.ratio_label(kind, condition.ratio.of, condition.ratio.to)
    else:
        subject = pack.field_label(kind, condition.fact or "")
    test = doc.t(f"op.{condition.op}", subject=doc.name(subject), value=_value(condition, kind, doc))
    if condition.param is None:
        return test
    parameter = pack.parameter(condition.param)
    return f"{test} ({doc.t('parameter-ref', link=_parameter_link(parameter, doc))})"


def _conditions(conditions: Sequence[Condition], kind: str, doc: _Doc) -> str:
    """Each condition: what it says, its id in small print, and the test in words."""
    items = []
    for c in conditions:
        items.append(f"- {doc.name(c.says)} · {_code(c.id)}\n  - {doc.t('test')}: {_test(c, kind, doc)}")
    return "\n".join(items)


def _parameter_link(parameter: Parameter, doc: _Doc) -> str:
    return _link(parameter.id, parameter.title.in_(doc.lang))


def _rule_link(rule: Rule, doc: _Doc) -> str:
    return _link(rule.id, rule.title.in_(doc.lang))


def _award_link(award: Award, doc: _Doc) -> str:
    return _link(award.id, award.name.in_(doc.lang))


def _cap_name(cap: Cap, doc: _Doc) -> str:
    return f"{doc.pack.award(cap.award).name.in_(doc.lang)}, {tx.t(f'rulebook.kind.{cap.subject_kind}', doc.lang)}"


def _rules_selecting(pack: RulePack, fact: str, value: str) -> list[Rule]:
    """The rules whose ``when`` picks facts with ``fact`` equal to ``value`` (deadline, role…)."""

    def picks(c: Condition) -> bool:
        if c.fact != fact:
            return False
        return c.value == value if c.op == "equals" else c.op == "one_of" and value in c.value  # type: ignore[operator]

    return [r for r in rule_order(pack) if any(picks(c) for c in r.when)]


# -- sections -----------------------------------------------------------------------------


def _title(doc: _Doc) -> list[_Block]:
    pack = doc.pack
    about = f"**{doc.t('rulebook')}** · {doc.t('pack')} {_code(pack.id)} · SHA-256 {_code(pack.digest)}"
    return [_Part(f"# {doc.name(pack.title)}"), _Part(about), _Part(_esc(doc.t("intro")))]


def _document_cited(doc: _Doc) -> list[_Block]:
    document = doc.pack.document
    items = [
        _item(doc.t("number"), _esc(document.number)),
        _item(doc.t("doc-title"), _esc(document.title)),
        _item(doc.t("issuer"), _esc(document.issuer)),
        _item(doc.t("issued"), _esc(tx.long_date(document.issued, doc.lang))),
    ]
    return [_Part(f"## {doc.t('document')}"), _Part("\n".join(items)), _Part(_esc(doc.t("verbatim")))]


def _calendar(doc: _Doc) -> list[_Block]:
    lang = doc.lang
    header = [doc.t(k) for k in ("wave", "theme", "rally", "venue", "period")]
    rows = [
        [doc.name(w.name), doc.name(w.theme), tx.date(w.rally_date, lang), _esc(w.venue),
         doc.t("period-range", start=tx.date(w.start, lang), end=tx.date(w.end, lang))]
        for w in doc.pack.waves
    ]  # fmt: skip
    sources = []
    for w in doc.pack.waves:
        sources.append(f"- {doc.name(w.name)}, {doc.t('rally-short')}: {_cite(w.rally_source)}")
        sources.append(f"- {doc.name(w.name)}, {doc.t('period-short')}: {_cite(w.period_source)}")
    return [
        _Part(f"## {doc.t('calendar')}"),
        _Part(_table(header, rows)),
        _Part(f"**{doc.t('sources')}**"),
        _Part("\n".join(sources)),
    ]


def _in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, unless the word is an
    abbreviation (``BHXH``) or a name's capital is part of it (two capitals in a row)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _yes_no(flag: bool, doc: _Doc) -> str:
    return doc.t("yes" if flag else "no")


def _levels(doc: _Doc) -> list[_Block]:
    header = [doc.t("level"), doc.t("per-area")]
    rows = [[f"{doc.name(lv.name)} {_code(lv.id)}", _yes_no(lv.scoped, doc)] for lv in doc.pack.levels]
    return [_Part(f"**{doc.t('levels')}**"), _Part(_table(header, rows))]


def _occasion(award: Award, doc: _Doc) -> str:
    occasion = award.presented
    if occasion is None:
        return "—"
    # "next_rally": at the next wave's rally when there is one, otherwise at "otherwise".
    otherwise = doc.name(occasion.otherwise)
    words = doc.t("next-rally", otherwise=otherwise) if occasion.next_rally else otherwise
    return f"{words} — {_cite(occasion.source)}"


def _grant(grant: Grant, doc: _Doc) -> str:
    """One level of an award: who awards, from which fund, on whose proposal, and why."""
    pack = doc.pack
    level = doc.name(pack.level(grant.level).name)
    scope = f" ({doc.t('per-area')})" if grant.per_scope else ""
    authority, fund = pack.authority(grant.authority), pack.fund(grant.fund)
    # The authority's own citation only when it adds words the grant's does not show.
    by = doc.name(authority.name) + ("" if authority.source == grant.source else f" — {_cite(authority.source)}")
    lines = [
        f"- **{level}**{scope}: {_cite(grant.source)}",
        f"  - **{doc.t('awarded-by')}:** {by}",
        f"  - **{doc.t('fund')}:** {doc.name(fund.name)} — {_cite(fund.source)}",
    ]
    if grant.proposed_by is not None:
        lines.append(f"  - **{doc.t('proposed-by')}:** {doc.name(grant.proposed_by)}")
    return "\n".join(lines)


def _award(award: Award, doc: _Doc) -> list[_Block]:
    pack = doc.pack
    rules = [_rule_link(r, doc) for r in rule_order(pack) if r.award == award.id]
    caps = [_link(c.id, _cap_name(c, doc)) for c in pack.caps if c.award == award.id]
    items = [
        _item(doc.t("round"), doc.t(f"round.{award.round}")),
        _item(doc.t("source"), _cite(award.source)),
        _item(doc.t("presented"), _occasion(award, doc)),
        _item(doc.t("rules"), ", ".join(rules) or "—"),
        _item(doc.t("caps"), ", ".join(caps) or "—"),
    ]
    blocks: list[_Block] = [_Part(_entity_heading(award.id, award.name.in_(doc.lang))), _Part("\n".join(items))]
    if award.grants:
        grants = "\n".join(_grant(g, doc) for g in award.grants)
        blocks += [_Part(f"**{doc.t('granted')}**"), _Part(grants)]
    return blocks + _interpretations(award.interpretations, doc)


def _awards(doc: _Doc) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {doc.t('awards')}"), *_levels(doc)]
    for award in doc.pack.awards:
        blocks += _award(award, doc)
    return blocks


def _kind_of_award(pack: RulePack, award_id: str) -> str | None:
    """The fact kind the award's rules decide on (caps rank those facts)."""
    return next((r.applies_to for r in pack.rules if r.award == award_id), None)


def _rank_key(key: RankKey, kind: str | None, doc: _Doc) -> str:
    pack = doc.pack

    def label(field: str | None) -> str:
        return doc.name(pack.field_label(kind or "", field or ""))

    if key.by == "ratio":
        what = doc.t("rank.ratio", ratio=doc.name(pack.ratio_label(kind or "", key.of or "", key.to or "")))
    elif key.by == "difference":
        what = doc.t("rank.difference", of=label(key.of), to=label(key.to))
    else:
        what = label(key.field)
    return f"{what}, {doc.t(f'order.{key.order}')}"


def _cap(cap: Cap, doc: _Doc) -> list[_Block]:
    pack, lang = doc.pack, doc.lang
    award, rate = pack.award(cap.award), _esc(_rate(cap.rate, lang))
    parameter = _parameter_link(pack.parameter(cap.rate_parameter), doc)
    left, right = ("⌊", "⌋") if cap.rounding == "floor" else ("⌈", "⌉")
    kind = _kind_of_award(pack, cap.award)
    items = [
        _item(doc.t("award"), _award_link(award, doc)),
        _item(doc.t("subjects"), doc.t(f"kind.{cap.subject_kind}")),
        _item(doc.t("rate"), f"{rate} ({doc.t('parameter-ref', link=parameter)})"),
        _item(doc.t("base"), doc.t(f"base.{cap.base}")),
        _item(doc.t("rounding"), doc.t(f"rounding.{cap.rounding}")),
        _item(doc.t("most"), doc.t("most-formula", left=left, rate=rate, right=right)),
        _item(doc.t("source"), _cite(cap.source)),
    ]
    ranking = "\n".join(f"{n}. {_rank_key(key, kind, doc)}" for n, key in enumerate(cap.ranking, 1))
    return [
        _Part(_entity_heading(cap.id, _cap_name(cap, doc))),
        _Part("\n".join(items)),
        _Part(f"**{doc.t('ranking')}**"),
        _Part(ranking),
        *_interpretations(cap.interpretations, doc),
    ]


def _caps(doc: _Doc) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {doc.t('caps')}")]
    for cap in doc.pack.caps:
        blocks += _cap(cap, doc)
    return blocks


def _counting(doc: _Doc) -> list[_Block]:
    pack = doc.pack
    header = [doc.t("scheme"), doc.t("covered")]
    rows = []
    for scheme in pack.schemes:
        if scheme.coverage_parameter is None or scheme.coverage_through is None:
            covered = doc.t("no-coverage")
        else:
            link = _parameter_link(pack.parameter(scheme.coverage_parameter), doc)
            covered = f"{tx.date(scheme.coverage_through, doc.lang)} ({doc.t('parameter-ref', link=link)})"
        rows.append([f"{doc.name(scheme.name)} {_code(scheme.id)}", covered])
    policy = pack.counting
    credit, once = policy.credit_parents, policy.one_enrolment_per_person_and_scheme
    yes_no = {True: "yes", False: "no"}
    counted = policy.schemes_counted
    items = [
        _item(doc.t("credit-parents"), f"{_yes_no(credit, doc)} — {doc.t(f'credit-parents.{yes_no[credit]}')}"),
        _item(doc.t("once-per-scheme"), f"{_yes_no(once, doc)} — {doc.t(f'once-per-scheme.{yes_no[once]}')}"),
        _item(doc.t("once-overall"), f"{_yes_no(policy.one_enrolment_per_person, doc)} — "
              + doc.t(f"switch.one_enrolment_per_person.{str(policy.one_enrolment_per_person).lower()}")),
        _item(doc.t("schemes-counted"), doc.t("schemes-counted.all") if counted is None
              else ", ".join(doc.name(pack.value_label("scheme", c)) for c in counted)),
        _item(doc.t("duplicate-ids"), doc.t(f"switch.duplicate_ids.{policy.duplicate_ids}")),
        _item(doc.t("quota-per-scheme"), doc.t(f"switch.quota_per_scheme.{policy.quota_per_scheme}")),
        _item(doc.t("source"), _cite(policy.source)),
    ]  # fmt: skip
    return [
        _Part(f"## {doc.t('counting')}"),
        _Part(f"**{doc.t('schemes')}**"),
        _Part(_table(header, rows)),
        _Part("\n".join(items)),
        _Part(f"**{doc.t('exclusions')}**"),
        _Part(_exclusions(doc)),
        *_interpretations(policy.interpretations, doc),
    ]


def _exclusions(doc: _Doc) -> str:
    """Each reason the counting leaves an enrolment out for, the clause and interpretation it rests on."""
    from .count import REASONS

    pack = doc.pack
    named = {i.id: i for i in pack.interpretations()}
    rows = []
    for reason in ("duplicate-enrolment-id", *(r for r in REASONS if r != "duplicate-enrolment-id")):
        found = pack.counting.exclusion(reason)
        if found is not None:
            interpretation = named.get(found.interpretation or "")
            rows.append([doc.t(f"exclusion.{reason}") + f" {_code(reason)}", _cite(found.source),
                         f"{doc.name(interpretation.question)} {_code(interpretation.id)}" if interpretation else doc.t("none")])  # fmt: skip
        elif reason.startswith("coverage-"):
            links = sorted(
                {_parameter_link(pack.parameter(s.coverage_parameter), doc) for s in pack.schemes if s.coverage_parameter}
            )
            rows.append([doc.t(f"exclusion.{reason}") + f" {_code(reason)}",
                         ", ".join(doc.t("exclusion.coverage-parameter", link=link) for link in links), doc.t("none")])  # fmt: skip
    return _table([doc.t("exclusion-reason"), doc.t("exclusion-source"), doc.t("exclusion-interpretation")], rows)


def _fact_kind(kind: str, doc: _Doc) -> str:
    """The kind of fact a rule decides on, in the pack's words, linked to its names."""
    labels = doc.pack.labels_of(kind)
    if labels is None:
        return _code(kind)
    return f"{_link(kind, labels.name.in_(doc.lang))} — {doc.name(labels.about)}"


def _rule_facts(rule: Rule, doc: _Doc) -> str:
    pack = doc.pack
    if rule.award is not None:
        kind = _item(doc.t("award"), _award_link(pack.award(rule.award), doc))
    else:
        kind = _item(doc.t("kind"), doc.t("check"))
    # Only the file's name: the folder differs between machines, the rulebook must not.
    where = f"{_code(Path(rule.path).name)}, {doc.t('line')} {rule.line}" if rule.path else "—"
    items = [_item(doc.t("applies-to"), _fact_kind(rule.applies_to, doc)), kind, _item(doc.t("file"), where)]
    return "\n".join(items)


def _plan_says(rule: Rule, doc: _Doc) -> str:
    """The clause the rule encodes; under a lead-in, each operative clause it introduces."""
    lines = [f"**{doc.t('plan-says')}**", "", f"> {_cite(rule.source)}"]
    if rule.operative:
        lines.append(">")
        lines += [f"> - {_cite(clause)}" for clause in rule.operative]
    return "\n".join(lines)


def _rule(rule: Rule, doc: _Doc) -> list[_Block]:
    statement = f"**{doc.t('statement')}**\n\n{doc.name(rule.statement)}"
    if rule.when:
        when = f"**{doc.t('when')}**\n\n{_conditions(rule.when, rule.applies_to, doc)}"
    else:
        when = f"**{doc.t('when-short')}:** {doc.t('always')}"
    blocks: list[_Block] = [
        _Part(_entity_heading(rule.id, rule.title.in_(doc.lang))),
        _Part(_rule_facts(rule, doc)),
        _Beside(_plan_says(rule, doc), statement),
        _Part(when),
        _Part(f"**{doc.t('conditions')}**\n\n{_conditions(rule.conditions, rule.applies_to, doc)}"),
    ]
    if rule.see_also:
        blocks.append(_Part(f"**{doc.t('see-also')}**\n\n" + "\n".join(f"- {_cite(c)}" for c in rule.see_also)))
    return blocks + _interpretations(rule.interpretations, doc, say_none=True)


def _rules(doc: _Doc) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {doc.t('rules')}"), _Part(_esc(doc.t("rules-order")))]
    for rule in rule_order(doc.pack):
        blocks += _rule(rule, doc)
    return blocks


def _users(parameter: Parameter, doc: _Doc) -> list[str]:
    """Where a parameter is used: rule conditions, caps, schemes."""
    pack = doc.pack
    out = []
    for rule in rule_order(pack):
        used = [c.id for c in (*rule.when, *rule.conditions) if c.param == parameter.id]
        out += [f"{_rule_link(rule, doc)} ({', '.join(_code(c) for c in used)})"] if used else []
    out += [_link(c.id, _cap_name(c, doc)) for c in pack.caps if c.rate_parameter == parameter.id]
    out += [doc.t("scheme-word", name=doc.name(s.name)) for s in pack.schemes if s.coverage_parameter == parameter.id]
    return out


def _parameter(parameter: Parameter, doc: _Doc) -> list[_Block]:
    items = [
        _item(doc.t("value"), _esc(_plain(parameter.value, doc.lang))),
        _item(doc.t("type"), doc.t(f"type.{parameter.type}")),
        _item(doc.t("source"), _cite(parameter.source)),
        _item(doc.t("used-by"), ", ".join(_users(parameter, doc)) or "—"),
    ]
    return [
        _Part(_entity_heading(parameter.id, parameter.title.in_(doc.lang))),
        _Part("\n".join(items)),
        *_interpretations(parameter.interpretations, doc),
    ]


def _parameters(doc: _Doc) -> list[_Block]:
    header = [doc.t(k) for k in ("parameter", "value", "type")]
    rows = [[_parameter_link(p, doc), _esc(_plain(p.value, doc.lang)), doc.t(f"type.{p.type}")] for p in doc.pack.parameters]
    blocks: list[_Block] = [_Part(f"## {doc.t('parameters')}"), _Part(_table(header, rows))]
    for parameter in doc.pack.parameters:
        blocks += _parameter(parameter, doc)
    return blocks


def _deadline(deadline: Deadline, doc: _Doc) -> list[_Block]:
    pack = doc.pack
    anchors = []
    for number, day in deadline.anchors:
        wave = pack.wave(number)
        rally = f" ({doc.t('rally-day')})" if day == wave.rally_date else ""
        anchors.append(f"  - {doc.name(wave.name)}: {tx.date(day, doc.lang)}{rally}")
    checked = [_rule_link(r, doc) for r in _rules_selecting(pack, "deadline", deadline.id)]
    items = [
        _item(doc.t("submitter"), doc.name(pack.level(deadline.submitter_level).name)),
        _item(doc.t("anchors")),
        *anchors,
        _item(doc.t("checked-by"), ", ".join(checked) or "—"),
        _item(doc.t("source"), _cite(deadline.source)),
    ]
    return [
        _Part(_entity_heading(deadline.id, deadline.name.in_(doc.lang))),
        _Part("\n".join(items)),
        *_interpretations(deadline.interpretations, doc),
    ]


def _deadlines(doc: _Doc) -> list[_Block]:
    blocks: list[_Block] = [_Part(f"## {doc.t('deadlines')}"), _Part(_esc(doc.t("on-time")))]
    for deadline in doc.pack.deadlines:
        blocks += _deadline(deadline, doc)
    return blocks


def _targets(doc: _Doc) -> list[_Block]:
    heading = _Part(f"## {doc.t('targets')}")
    targets = doc.pack.targets
    if targets is None:
        return [heading, _Part(_esc(doc.t("no-targets")))]
    rows = [[f"{doc.name(i.name)} {_code(i.id)}"] for i in targets.indicators]
    items = [
        _item(doc.t("parent-targets"), _yes_no(targets.individuals_use_parent_targets, doc)),
        _item(doc.t("source"), _cite(targets.source)),
    ]
    return [
        heading,
        _Part(_table([doc.t("indicator")], rows)),
        _Part("\n".join(items)),
        *_interpretations(targets.interpretations, doc),
    ]


def _roster_roles(doc: _Doc) -> list[_Block]:
    pack = doc.pack
    header = [doc.t(k) for k in ("role", "levels", "checked-by")]
    rows = [
        [f"{doc.name(role.name)} {_code(role.id)}", ", ".join(doc.name(pack.level(lv).name) for lv in role.levels),
         ", ".join(_rule_link(r, doc) for r in _rules_selecting(pack, "role", role.id)) or "—"]
        for role in pack.roster_roles
    ]  # fmt: skip
    return [_Part(f"## {doc.t('roster-roles')}"), _Part(_table(header, rows) if rows else "—")]


def _facts(doc: _Doc) -> list[_Block]:
    """Each kind of fact the pack names: what one fact holds, its fields' names and units,
    its ratios and what is said when one is undefined; then the subject kinds."""
    pack = doc.pack
    blocks: list[_Block] = [_Part(f"## {doc.t('facts')}"), _Part(_esc(doc.t("facts-intro")))]
    for labels in pack.fact_labels:
        rows = [[f"{doc.name(f.label)} {_code(f.field)}", doc.name(f.unit) if f.unit is not None else "—"] for f in labels.fields]
        blocks += [
            _Part(_entity_heading(labels.kind, labels.name.in_(doc.lang))),
            _Part(doc.name(labels.about)),
            _Part(_table([doc.t("field"), doc.t("unit")], rows)),
        ]
        if labels.ratios:
            ratio_rows = [
                [doc.name(r.label), doc.t("ratio-of", of=doc.name(pack.field_label(labels.kind, r.of)),
                 to=_in_sentence(doc.name(pack.field_label(labels.kind, r.to)))), doc.name(r.undefined)]
                for r in labels.ratios
            ]  # fmt: skip
            blocks.append(_Part(_table([doc.t("ratio"), doc.t("ratio-how"), doc.t("undefined")], ratio_rows)))
    kinds = [v for v in pack.value_labels if v.what == "kind"]
    if kinds:
        rows = [[f"{doc.name(v.label)} {_code(v.value)}"] for v in kinds]
        blocks += [_Part(f"**{doc.t('subject-kinds')}**"), _Part(_table([doc.t("name")], rows))]
    return blocks


def _reference(ref: str, doc: _Doc) -> str:
    """What encodes a line of the plan (``rule:<id>``, ``wave:2``…), by its name."""
    pack, lang = doc.pack, doc.lang
    if ref in ("counting", "targets"):
        return f"[{doc.t(ref)}](#{_slug(doc.t(ref))})"
    what, _, ident = ref.partition(":")
    if what == "rule":
        return _rule_link(pack.rule(ident), doc)
    if what == "parameter":
        return _parameter_link(pack.parameter(ident), doc)
    if what == "award":
        return _award_link(pack.award(ident), doc)
    if what == "cap":
        cap = next(c for c in pack.caps if c.id == ident)
        return _link(cap.id, _cap_name(cap, doc))
    if what == "deadline":
        deadline = next(d for d in pack.deadlines if d.id == ident)
        return _link(deadline.id, deadline.name.in_(lang))
    names = {
        "wave": lambda: pack.wave(int(ident)).name, "authority": lambda: pack.authority(ident).name,
        "fund": lambda: pack.fund(ident).name, "scheme": lambda: pack.value_label("scheme", ident),
        "level": lambda: pack.level(ident).name, "roster-role": lambda: pack.value_label("role", ident),
    }  # fmt: skip
    return doc.name(names[what]())


def _coverage(doc: _Doc) -> list[_Block]:
    report = clause_coverage(doc.pack)
    counts = report.counts()
    summary = tx.t(
        "coverage.summary", doc.lang, sections=", ".join(report.sections), lines=len(report.lines),
        encoded=counts.get("encoded", 0), out=counts.get("out-of-scope", 0), unmapped=counts.get("unmapped", 0),
    )  # fmt: skip
    rows = []
    for line in report.lines:
        if line.encoded_by:
            how = ", ".join(_reference(r, doc) for r in line.encoded_by)
        elif line.reason is not None:
            how = f"*{tx.t('coverage.out-of-scope', doc.lang)}:* {doc.name(line.reason)}"
        else:
            how = f"**{tx.t('coverage.unmapped', doc.lang)}**"
        rows.append([_esc(line.section), _esc(line.text, line_start=False), how])
    header = [tx.t(f"coverage.{key}", doc.lang) for key in ("section", "line", "how")]
    return [_Part(f"## {doc.t('coverage')}"), _Part(_esc(summary)), _Part(_table(header, rows))]


# -- the whole document -------------------------------------------------------------------


def _lang(lang: str) -> str:
    if lang not in RULEBOOK_LANGS:
        raise ValueError(f"lang must be one of {sorted(RULEBOOK_LANGS)} (found {lang!r})")
    return lang


#: The sections after the contents, in the order a reviewer reads them.
_SECTIONS = (_calendar, _awards, _caps, _counting, _rules, _parameters, _deadlines, _targets, _roster_roles, _facts, _coverage)


def _blocks(doc: _Doc) -> list[_Block]:
    """Every block of the rulebook, in reading order, the table of contents included."""
    head = _title(doc) + _document_cited(doc)
    if doc.weights is not None:
        head.append(_Part(doc.t("weights-source", source=_code(doc.weights.source))))
    toc_heading = _Part(f"## {doc.t('contents')}")
    body: list[_Block] = []
    for section in _SECTIONS:
        body += section(doc)
    # The contents list adds no heading, so the anchors found without it are the final ones.
    headings = _headings([*head, toc_heading, *body])
    return [*head, toc_heading, _Part(_contents(headings, skip=toc_heading)), *body]


def _contents(headings: list[tuple[int, str, str]], skip: _Part) -> str:
    skipped = skip.md.removeprefix("## ")
    lines = []
    for level, text, anchor in headings:
        if level in (2, 3) and text != skipped:
            name, _, ident = text.rpartition(" · ")
            entry = f"{_esc(name)} · {_code(ident)}" if level == 3 and name else _esc(text)
            lines.append(f"{'  ' * (level - 2)}- [{entry}](#{anchor})")
    return "\n".join(lines)


def render_markdown(pack: RulePack, lang: str = "vi", weights: Weights | None = None) -> str:
    """The rulebook of ``pack`` as Markdown, wholly in ``lang`` (``"vi"`` or ``"en"``);
    with ``weights`` (:func:`bundled_weights`), each other reading of an interpretation
    shows what it changes on the bundled data.

    Raises ValueError for another language."""
    return "\n\n".join(_markdown_of(b) for b in _blocks(_Doc(pack, _lang(lang), weights))) + "\n"


def bundled_weights(pack: RulePack) -> Weights | None:
    """What each alternative reading of ``pack`` changes on the pack's bundled data set
    (the folder named after the pack among the bundled data), or None when it has none.

    Computed when the rulebook is written rather than kept in a file: an evaluation of the
    bundled season takes a tenth of a second, so weighing every reading takes a few; the
    rulebook then cannot show effects of another version of the rules or the data."""
    from ._bundled import bundled_fixtures_root
    from .dataset import load_dataset
    from .weigh import weigh_interpretations

    folder = bundled_fixtures_root() / pack.id
    if not folder.is_dir():
        return None
    weights = weigh_interpretations(pack, load_dataset(folder))
    return attrs.evolve(weights, source=f"{pack.id}")


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


# Vietnamese text needs a font with every precomposed letter (ấ, ế, ủ…): Noto Sans, Segoe
# UI, Roboto, Arial (Liberation Sans on Linux) and DejaVu Sans have them. Monospace fonts
# often lack them, so only ids (plain ASCII) are set in one, small, as small print.
_CSS = """\
body { margin: 0; color: #1f2328; background: #fff; line-height: 1.55;
  font-family: "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
main { max-width: 68rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { margin-top: 2.5rem; padding-bottom: .25rem; border-bottom: 2px solid #d0d7de; }
h3 { margin-top: 2.25rem; padding-top: 1rem; border-top: 1px solid #eaeef2; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
th, td { border: 1px solid #8c959f; padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
code { font-family: ui-monospace, "Liberation Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .72em;
  font-weight: normal; color: #57606a; background: #f3f4f6; padding: 0 .25em; border-radius: 3px; white-space: nowrap; }
blockquote { margin: 1rem 0; padding: .6rem 1rem; border-left: 4px solid #8c959f; background: #f6f8fa; }
.beside { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; align-items: start; }
.beside .plan blockquote { border-left-color: #0969da; background: #ddf4ff; }
.beside .plan blockquote ul { padding-left: 1.2rem; }
.interpretation blockquote { background: #fff8c5; border: 1px solid #d4a72c; border-left: 6px solid #9a6700; }
.interpretation blockquote p:first-child { color: #7d4e00; }
@media (max-width: 48rem) { .beside { grid-template-columns: 1fr; } main { padding: 1rem; } }
@media print { .beside, .interpretation { break-inside: avoid; } }
"""


def render_html(pack: RulePack, lang: str = "vi", weights: Weights | None = None) -> str:
    """The rulebook as one self-contained HTML page in ``lang``: the Markdown of
    :func:`render_markdown`, rendered, with the plan's words beside each statement and
    interpretations in boxes."""
    doc = _Doc(pack, _lang(lang), weights)
    md, seen = _markdown_it(), dict[str, int]()
    body = "".join(_html_of(block, md, seen) for block in _blocks(doc))
    title = html.escape(f"{tx.t('rulebook.rulebook', lang)} — {pack.title.in_(lang)}")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def rulebook_paths(directory: Path, output_format: Format = "both", langs: Sequence[str] = tuple(RULEBOOK_LANGS)) -> list[Path]:
    """The files :func:`write_rulebook` writes into ``directory``, in order."""
    suffixes = ("md", "html") if output_format == "both" else (output_format,)
    return [directory / f"{RULEBOOK_LANGS[_lang(lang)]}.{suffix}" for lang in langs for suffix in suffixes]


def _is_rulebook(path: Path) -> bool:
    """Whether ``path`` is a rulebook this library wrote: its heading line (Markdown) or its
    title (HTML) starts with the word for rulebook in one of its languages."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    words = [tx.t("rulebook.rulebook", lang) for lang in RULEBOOK_LANGS]
    if path.suffix == ".md":
        return any(f"\n**{word}** · " in head for word in words)
    return any(f"<title>{html.escape(word)} — " in head for word in words)


def check_rulebook_targets(
    directory: Path, output_format: Format = "both", langs: Sequence[str] = tuple(RULEBOOK_LANGS)
) -> list[Path]:
    """Check, before anything is written, that the rulebook can be written into ``directory``:
    it is a folder or can be made (its parent is a folder), and no file it would replace is
    something else than a rulebook (a file of the same name that this library did not
    write is never overwritten). Returns the paths; raises ValueError saying what is wrong."""
    paths = rulebook_paths(directory, output_format, langs)
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{directory} exists and is not a folder")
    if not directory.exists() and not directory.parent.is_dir():
        raise ValueError(f"the folder {directory.parent} does not exist")
    others = [p for p in paths if p.exists() and (not p.is_file() or not _is_rulebook(p))]
    if others:
        names = ", ".join(str(p) for p in others)
        raise ValueError(f"{names}: not a rulebook written by rallyrules; it is not replaced (move it, or choose another folder)")
    return paths


def write_rulebook(
    pack: RulePack, directory: Path, output_format: Format = "both", langs: Sequence[str] = tuple(RULEBOOK_LANGS),
    weights: Weights | None = None,
) -> list[Path]:  # fmt: skip
    """Write the rulebook in each of ``langs`` into ``directory`` (created if missing; its
    parent must exist): ``rulebook.md``/``rulebook.html`` in Vietnamese, ``rulebook.en.md``/
    ``.html`` in English, or only the format asked for (UTF-8, "\\n" line ends); return the
    paths written. ``weights``: what each other reading changes on the bundled data
    (:func:`bundled_weights`). A file of one of those names that is not a rulebook is never
    replaced, and each file is replaced only when complete (:func:`rallyrules._io.write_atomic`).
    Raises ValueError for an unknown language or a folder or file in the way (before
    anything is written), OSError when a file cannot be written."""
    from ._io import write_atomic

    paths = check_rulebook_targets(directory, output_format, langs)
    directory.mkdir(exist_ok=True)
    renderers = {"md": render_markdown, "html": render_html}
    for path in paths:
        lang = next(lang for lang, stem in RULEBOOK_LANGS.items() if path.name == f"{stem}{path.suffix}")
        write_atomic(path, renderers[path.suffix.lstrip(".")](pack, lang, weights).encode("utf-8"))
    return paths
