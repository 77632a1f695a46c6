"""Evaluations as tables and files: rows for CSV and pandas, readable terminal tables.

Generic over the rules: columns come from the facts each rule decided on, so a pack
with other facts gets other columns without code changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from .decisions import Decision
from .evaluation import Evaluation

__all__ = ["decision_rows", "print_tables", "to_csv"]

_IDENTITY = ("subject_id", "level", "wave", "submitter", "unit")


def decision_rows(evaluation: Evaluation, lang: str = "en") -> list[dict[str, Any]]:
    """One flat row per decision: identity, the facts decided on, outcome, selection,
    who awards and why not. The same columns for every row (empty where not relevant)."""
    fact_columns = _fact_columns(evaluation.decisions)
    rows = []
    for d in evaluation.decisions:
        s, a = d.selection, d.award
        row: dict[str, Any] = {
            "round": d.round,
            "wave": d.wave if d.wave is not None else "",
            "subject_id": d.subject_id,
            "subject_name": d.subject_name,
            "level": d.level,
            "rule_id": d.rule_id,
            "award": a.award if a else "",
        }
        row.update({c: d.facts.get(c, "") for c in fact_columns})
        row.update(
            {
                "outcome": d.outcome,
                "selection": s.status if s else "",
                "rank": s.rank if s and s.rank is not None else "",
                "cap": s.maximum if s and s.maximum is not None else "",
                "cap_base": s.base if s and s.base is not None else "",
                "cap_group": s.group if s else "",
                "authority": a.authority.in_(lang) if a else "",
                "scope": a.scope or "" if a else "",
                "fund": a.fund.in_(lang) if a else "",
                "occasion": a.occasion.in_(lang) if a else "",
                "needed": d.needed if d.needed is not None else "",
                "failed_conditions": "; ".join(c.condition_id for c in d.failed),
                "reasons": "; ".join(d.reasons(lang)),
                "section": d.citation.section,
                "engine": evaluation.engine,
            }
        )
        rows.append(row)
    return rows


def to_csv(evaluation: Evaluation, lang: str = "en") -> str:
    """:func:`decision_rows` as CSV text (header first; empty text if no decisions)."""
    rows = decision_rows(evaluation, lang)
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


_WORDS = {
    "en": {
        "subject": "Subject", "name": "Name", "outcome": "Outcome", "selection": "Selection", "needed": "Needed",
        "why": "Why not", "wave": "Wave", "after-waves": "After the waves", "eligible": "eligible",
        "not-eligible": "not eligible", "met": "met", "not-met": "NOT met", "selected": "selected",
        "not-selected": "not selected (cap)", "caps": "Caps", "group": "Round · authority", "kind": "Kind",
        "base": "Base", "rate": "Rate", "max": "Max", "chosen": "Selected", "fund": "Fund", "occasion": "Presented at",
        "checks": "Checks not met", "findings": "Data findings",
        "hidden": "{n} more not eligible on every condition (all rows: --format csv or json)",
        "summary": "Enrolments: {input} in, {counted} counted, {excluded} excluded {reasons}. Engine: {engine}.",
        "unit": "Unit", "rule": "Rule",
    },
    "vi": {
        "subject": "Mã", "name": "Tên", "outcome": "Kết quả", "selection": "Xét chọn", "needed": "Còn thiếu",
        "why": "Lý do", "wave": "Đợt", "after-waves": "Sau các đợt", "eligible": "đủ điều kiện",
        "not-eligible": "không đủ điều kiện", "met": "đạt", "not-met": "KHÔNG đạt", "selected": "được chọn",
        "not-selected": "không được chọn (tỷ lệ)", "caps": "Giới hạn tỷ lệ", "group": "Đợt · người tặng", "kind": "Loại",
        "base": "Tổng số", "rate": "Tỷ lệ", "max": "Tối đa", "chosen": "Được chọn", "fund": "Kinh phí",
        "occasion": "Trao tại", "checks": "Yêu cầu không đạt",
        "hidden": "còn {n} không đạt điều kiện nào (đầy đủ: --format csv hoặc json)",
        "findings": "Phát hiện về dữ liệu",
        "summary": "Hồ sơ: {input} đầu vào, {counted} được tính, {excluded} bị loại {reasons}. Bộ máy: {engine}.",
        "unit": "Đơn vị", "rule": "Quy tắc",
    },
}  # fmt: skip


def print_tables(evaluation: Evaluation, console: Console, lang: str = "en") -> None:
    """Print, per round: the award decisions with their selection, the caps, the checks
    not met; then the data findings and the counting summary."""
    words = _WORDS[lang]
    rounds = sorted({d.round for d in evaluation.decisions}, key=lambda r: (r == "after-waves", r))
    for round_id in rounds:
        decisions = evaluation.for_round(round_id)
        title = words["after-waves"] if round_id == "after-waves" else f"{words['wave']} {round_id.split('-', 1)[1]}"
        awards = [d for d in decisions if d.award is not None]
        for rule_id in dict.fromkeys(d.rule_id for d in awards):
            _award_table(console, [d for d in awards if d.rule_id == rule_id], title, words, lang)
        if awards:
            _caps_table(console, awards, title, words, lang)
        checks = [d for d in decisions if d.award is None]
        if checks:
            _checks_table(console, checks, title, words, lang)
    if evaluation.findings:
        table = Table(title=words["findings"], title_justify="left")
        for column in ("check", words["subject"], words["wave"], "message"):
            table.add_column(column, overflow="fold")
        for f in evaluation.findings:
            table.add_row(f.check, f.subject_id or "", str(f.wave or ""), f.message)
        console.print(table)
    c = evaluation.counting
    console.print(
        words["summary"].format(
            input=c.input_total,
            counted=c.counted_total,
            excluded=c.excluded_total,
            reasons=c.excluded_by_reason(),
            engine=evaluation.engine,
        )
    )


def _award_table(console: Console, decisions: Sequence[Decision], title: str, words: dict[str, str], lang: str) -> None:
    first = decisions[0]
    eligible = sum(d.eligible for d in decisions)
    selected = sum(d.selected for d in decisions)
    table = Table(
        title=f"{title} — {first.rule_title.in_(lang)}: {eligible}/{len(decisions)} {words['eligible']}, "
        f"{selected} {words['selected']}",
        title_justify="left",
    )
    # Subjects that met no condition at all are counted, not listed: the table is for reading.
    hidden = [d for d in decisions if not any(c.holds for c in d.conditions)]
    decisions = [d for d in decisions if any(c.holds for c in d.conditions)]
    if hidden:
        table.caption = words["hidden"].format(n=len(hidden))
    fact_columns = _fact_columns(decisions)
    table.add_column(words["subject"], no_wrap=True)
    table.add_column(words["name"], min_width=24, max_width=44)
    for column in fact_columns:
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column(words["outcome"], no_wrap=True)
    table.add_column(words["selection"], no_wrap=True)
    table.add_column(words["needed"], justify="right", no_wrap=True)
    table.add_column(words["why"], overflow="fold", min_width=30)
    for d in decisions:
        table.add_row(
            d.subject_id, d.subject_name, *(str(d.facts.get(c, "")) for c in fact_columns), words[d.outcome],
            _selection_cell(d, words), str(d.needed or ""), "; ".join(f"{c.condition_id}: {c.found}" for c in d.failed),
            style="green" if d.selected else ("yellow" if d.eligible else None),
        )  # fmt: skip
    console.print(table)


def _selection_cell(d: Decision, words: dict[str, str]) -> str:
    s = d.selection
    if s is None or s.status == "not-eligible":
        return ""
    if s.cap_id is None:
        return words["selected"]
    return f"{words[s.status]} #{s.rank}/{s.maximum}"


def _caps_table(console: Console, awards: Sequence[Decision], title: str, words: dict[str, str], lang: str) -> None:
    groups: dict[tuple[str, str], list[Decision]] = {}
    for d in awards:
        if d.selection is not None:
            groups.setdefault((d.selection.group, d.selection.subject_kind), []).append(d)
    table = Table(title=f"{title} — {words['caps']}", title_justify="left")
    for column in (words["group"], words["kind"], words["base"], words["rate"], words["max"], words["eligible"],
                   words["chosen"], words["fund"], words["occasion"]):  # fmt: skip
        table.add_column(column, overflow="fold")
    for (group, kind), members in sorted(groups.items()):
        s = members[0].selection
        a = members[0].award
        assert s is not None and a is not None
        table.add_row(
            group, kind, str(s.base if s.base is not None else "—"), _rate(s.rate), str(s.maximum if s.maximum is not None else "—"),
            str(sum(d.eligible for d in members)), str(sum(d.selected for d in members)), a.fund.in_(lang), a.occasion.in_(lang),
            style="red" if s.maximum == 0 else None,
        )  # fmt: skip
    console.print(table)


def _rate(rate: str | None) -> str:
    if rate is None:
        return "—"
    num, den = (int(x) for x in rate.split("/"))
    percent = num * 100 / den
    return f"{percent:g}%"


def _checks_table(console: Console, checks: Sequence[Decision], title: str, words: dict[str, str], lang: str) -> None:
    failed = [d for d in checks if not d.eligible]
    table = Table(title=f"{title} — {words['checks']}: {len(failed)} / {len(checks)}", title_justify="left")
    for column in (words["unit"], words["rule"], words["why"]):
        table.add_column(column, overflow="fold")
    for d in failed:
        table.add_row(d.subject_id, d.rule_title.in_(lang), "; ".join(c.sentence(lang) for c in d.failed), style="red")
    console.print(table)


def _fact_columns(decisions: Iterable[Decision]) -> list[str]:
    columns: dict[str, None] = {}
    for d in decisions:
        columns.update(dict.fromkeys(k for k in d.facts if k not in _IDENTITY))
    return list(columns)
