"""The HTML report of an evaluation: one self-contained page a committee can open, filter,
sort and print.

:func:`render_report` renders the Jinja2 templates in ``rallyrules/outputs/templates/``
(autoescaped: every value from the data is escaped, nothing in a name is ever read as HTML
or markup). The page needs nothing from the network: its style sheet and its small script
are inline, it names fonts the computer has (``"Times New Roman", "Liberation Serif",
"Noto Serif", "DejaVu Serif", serif`` — each with every Vietnamese letter; no monospace
font), and its Content-Security-Policy allows only its own inline style and script (by
their SHA-256), so nothing else can load or run even if it were in the page.

In order: the summary per round and awarding authority (eligible, the cap as ``rate ×
base = maximum`` — a cap of 0 marked —, selected); the proposed, per round and
authority, collectives then individuals ("I. Tập thể", "II. Cá nhân"); the rest (eligible
but over the cap, with their rank; not eligible, with the reasons in words); the
requirements not met, the data findings, the enrolments not counted and the receipt. A
text box filters every table and a click on a column heading sorts it (the page works
without the script); printed, it is A4 with the headings repeated on every page.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import _view
from .._io import write_atomic
from ..decisions import Decision
from ..evaluation import Evaluation
from ..model import RulePack
from ..text import LANGS, date, engine_name, local_time, long_date, number, t

__all__ = ["render_report", "write_report"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("rallyrules.outputs", "templates"),
    autoescape=True,  # every {{ value }} is escaped; no template uses |safe on data
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_report(
    evaluation: Evaluation,
    lang: str,
    *,
    pack: RulePack | None = None,
    unit_names: Mapping[str, str] | None = None,
) -> str:
    """The report as one HTML page (text), in ``lang`` (``"vi"`` or ``"en"``).

    ``pack`` (the rule pack that decided; optional) gives the plan's number and title and
    the waves' names and periods; ``unit_names`` (area code -> name, e.g. ``{"916": "Quận
    Ninh Kiều"}``) names the area of each authority that awards per area — an area it does
    not name is shown by its code. Raises ValueError for another language."""
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' or 'en' (got {lang!r})")
    style = _ENV.get_template("report.css").render()
    script = _ENV.get_template("report.js").render()
    context = _context(evaluation, lang, pack, unit_names)
    # Our own files, not data: the only texts of the page that are not escaped.
    context.update(style=Markup(style), script=Markup(script), style_hash=_csp_hash(style), script_hash=_csp_hash(script))
    return _ENV.get_template("report.html.j2").render(context)


def write_report(
    evaluation: Evaluation,
    path: str | Path,
    lang: str,
    *,
    pack: RulePack | None = None,
    unit_names: Mapping[str, str] | None = None,
) -> Path:
    """Write :func:`render_report` to ``path`` (UTF-8) atomically: a failed write leaves
    the previous file as it was. Returns the path."""
    return write_atomic(path, render_report(evaluation, lang, pack=pack, unit_names=unit_names))


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _sort_key(decision: Decision) -> str:
    """The achievement as a number for sorting (the first ratio the rule checked)."""
    for c in decision.conditions:
        of, slash, to = c.subject.partition("/")
        a, b = decision.facts.get(of), decision.facts.get(to)
        if slash and type(a) is int and type(b) is int and b > 0:
            return f"{float(Fraction(a, b)):.6f}"
    return ""


def _row(decision: Decision, lang: str, no: int) -> dict[str, Any]:
    s = decision.selection
    return {
        "no": no,
        "subject": _view.subject_label(decision, lang),
        "achievement": _view.achievement(decision, lang),
        "achievement_key": _sort_key(decision),
        "rank": _view.rank_text(decision, lang),
        "rank_key": s.rank if s is not None and s.rank is not None else "",
        "standing": _view.standing(decision, lang),
        "reasons": decision.reasons(lang),
        "needed": number(decision.needed, lang) if decision.needed else "",
        "needed_key": decision.needed or "",
    }


def _round_heading(round_id: str, lang: str, pack: RulePack | None) -> str:
    label = _view.round_label(round_id, lang, pack)
    key = _view.round_order(round_id)
    if pack is not None and key[0] == 0:
        for wave in pack.waves:
            if wave.number == key[1]:
                return f"{label} ({date(wave.start, lang)} – {date(wave.end, lang)})"
    return label


def _context(evaluation: Evaluation, lang: str, pack: RulePack | None, unit_names: Mapping[str, str] | None) -> dict[str, Any]:
    if unit_names is None:  # the data set's own names of areas
        unit_names = evaluation.dataset.unit_names()
    groups = _view.groups(evaluation, lang, pack=pack, unit_names=unit_names)
    summary: list[dict[str, Any]] = []
    proposed: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for round_id in _view.rounds(evaluation):
        heading = _round_heading(round_id, lang, pack)
        round_groups = [g for g in groups if g.round == round_id]
        for award_id in dict.fromkeys(g.award_id for g in round_groups):
            award_groups = [g for g in round_groups if g.award_id == award_id]
            title = f"{heading} · {award_groups[0].award_name}"
            by_authority: dict[str, dict[str, _view.Group]] = {}
            for g in award_groups:
                by_authority.setdefault(g.authority, {})[g.kind] = g
            summary.append({"title": title, "rows": [{"authority": a, "kinds": k} for a, k in by_authority.items()]})
            authorities: dict[str, list[dict[str, Any]]] = {}
            for g in award_groups:
                if g.proposed:
                    authorities.setdefault(g.authority, []).append(
                        {"kind": g.kind, "cap": g.cap, "rows": [_row(d, lang, i) for i, d in enumerate(g.proposed, 1)]}
                    )
            proposed.append(
                {"title": title, "authorities": [{"name": name, "kinds": kinds} for name, kinds in authorities.items()]}
            )
            not_selected = [(g, _row(d, lang, 0)) for g in award_groups for d in g.not_selected]
            not_eligible = [(g, _row(d, lang, 0)) for g in award_groups for d in g.not_eligible]
            rest.append({"title": title, "not_selected": not_selected, "not_eligible": not_eligible})

    checks = []
    for round_id in _view.rounds(evaluation):
        decided = [d for d in evaluation.for_round(round_id) if d.award is None]
        failed = [d for d in decided if not d.eligible]
        if decided:
            checks.append(
                {
                    "title": t(
                        "report.title.checks-round", lang, round=_view.round_label(round_id, lang, pack),
                        failed=number(len(failed), lang), total=number(len(decided), lang),
                    ),
                    "rows": [
                        {"unit": d.subject_label(lang), "rule": d.rule_title.in_(lang),
                         "reasons": [c.sentence(lang) for c in d.failed], "section": f"{d.citation.document} {d.citation.section}"}
                        for d in failed
                    ],
                }
            )  # fmt: skip

    c = evaluation.counting
    exclusions = [
        {"reason": _exclusion(reason, lang), "count": number(n, lang), "key": n} for reason, n in c.excluded_by_reason().items()
    ]
    receipt = evaluation.receipt
    about = [
        (t("report.about.pack", lang), pack.id if pack is not None else evaluation.pack_id),
        (t("report.about.pack-digest", lang), evaluation.pack_digest),
        (t("report.about.engine", lang), engine_name(evaluation.engine, lang)),
    ]
    if receipt is not None:
        about += [
            (t("report.about.inputs", lang), evaluation.dataset.source),
            (t("report.about.inputs-digest", lang), receipt.inputs_digest),
            (t("report.about.version", lang), receipt.library_version),
            (t("report.about.evaluated", lang), local_time(receipt.evaluated_at, lang)),
        ]
    plan = ""
    if pack is not None:
        doc = pack.document
        plan = t("report.plan", lang, plan=f"{doc.number} — {doc.title} ({long_date(doc.issued, lang)}, {doc.issuer})")
    legends = [t("report.legend.standing", lang)]
    if any(g.cap_zero for g in groups):
        legends.append(t("report.legend.cap-zero", lang))
    what = _view.achievement_what((d for g in groups for d in g.decisions), lang)
    if what:
        legends.append(t("report.legend.achievement", lang, what=what))

    def words(code: str, **params: Any) -> str:
        return t(code, lang, **params)

    return {
        "lang": lang,
        "t": words,
        "page_title": t("report.title.page", lang),
        "pack_title": pack.title.in_(lang) if pack is not None else evaluation.pack_id,
        "plan": plan,
        "evaluated": local_time(receipt.evaluated_at, lang) if receipt is not None else "",
        "counting": t(
            "report.counting",
            lang,
            input=number(c.input_total, lang),
            counted=number(c.counted_total, lang),
            excluded=number(c.excluded_total, lang),
            reasons="",
        ),
        "engine": t("report.engine", lang, engine=engine_name(evaluation.engine, lang)),
        "summary": summary,
        "proposed": proposed,
        "rest": rest,
        "checks": checks,
        "findings": [
            {
                "check": f.check_label(lang),
                "subject": _unit(f.subject_id, unit_names) if f.subject_id else "",
                "wave": f.wave or "",
                "message": f.message_in(lang),
            }
            for f in evaluation.findings
        ],
        "exclusions": exclusions,
        "about": about,
        "legends": legends,
        "number": lambda n: number(n, lang),
        "kinds_order": ("collective", "individual"),
    }


def _unit(code: str, unit_names: Mapping[str, str] | None) -> str:
    name = (unit_names or {}).get(code)
    return f"{name} ({code})" if name else code


def _exclusion(reason: str, lang: str) -> str:
    try:
        return t(f"report.exclusion.{reason}", lang)
    except KeyError:
        return reason
