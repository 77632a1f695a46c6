"""Evaluations as tables and files: rows for CSV and pandas, a readable terminal table.

Generic over the rules: columns come from the facts each rule decided on, so a pack
with other facts gets other columns without code changes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

from .decisions import Decision
from .evaluation import Evaluation

__all__ = ["decision_rows", "print_tables", "to_csv"]

_IDENTITY = ("subject_id", "level", "wave")


def decision_rows(evaluation: Evaluation, lang: str = "en") -> list[dict[str, Any]]:
    """One flat row per decision: identity, the facts decided on, outcome and reasons."""
    rows = []
    for d in evaluation.decisions:
        row: dict[str, Any] = {
            "wave": d.wave,
            "subject_id": d.subject_id,
            "subject_name": d.subject_name,
            "level": d.level,
            "award": d.award,
            "rule_id": d.rule_id,
        }
        row.update({k: v for k, v in d.facts.items() if k not in _IDENTITY})
        row.update(
            {
                "outcome": d.outcome,
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


_HEAD = {
    "en": {"subject": "Subject", "name": "Name", "level": "Level", "outcome": "Outcome", "needed": "Needed",
           "why": "Why not", "eligible": "eligible", "not-eligible": "not eligible", "wave": "Wave",
           "summary": "Enrolments: {input} in, {counted} counted, {excluded} excluded {reasons}. Engine: {engine}."},
    "vi": {"subject": "Mã", "name": "Tên", "level": "Cấp", "outcome": "Kết quả", "needed": "Còn thiếu",
           "why": "Lý do", "eligible": "đủ điều kiện", "not-eligible": "không đủ điều kiện", "wave": "Đợt",
           "summary": "Hồ sơ: {input} đầu vào, {counted} được tính, {excluded} bị loại {reasons}. Bộ máy: {engine}."},
}  # fmt: skip


def print_tables(evaluation: Evaluation, console: Console, lang: str = "en") -> None:
    """Print one table per wave, then the counting summary."""
    words = _HEAD[lang]
    waves = sorted({d.wave for d in evaluation.decisions if d.wave is not None})
    for wave in waves:
        decisions = evaluation.for_wave(wave)
        eligible = sum(d.eligible for d in decisions)
        table = Table(title=f"{words['wave']} {wave}: {eligible}/{len(decisions)} {words['eligible']}", title_justify="left")
        fact_columns = _fact_columns(decisions)
        table.add_column(words["subject"], no_wrap=True)
        table.add_column(words["name"], max_width=48)
        table.add_column(words["level"], no_wrap=True)
        for column in fact_columns:
            table.add_column(column, justify="right", no_wrap=True)
        table.add_column(words["outcome"], no_wrap=True)
        table.add_column(words["needed"], justify="right", no_wrap=True)
        table.add_column(words["why"], overflow="fold")
        for d in decisions:
            style = "green" if d.eligible else None
            table.add_row(
                d.subject_id, d.subject_name, d.level, *(str(d.facts.get(c, "")) for c in fact_columns),
                words[d.outcome], str(d.needed or ""), "; ".join(f"{c.condition_id}: {c.found}" for c in d.failed), style=style,
            )  # fmt: skip
        console.print(table)
    c = evaluation.counting
    console.print(
        words["summary"].format(
            input=c.input_total, counted=len(c.counted), excluded=len(c.excluded), reasons=c.excluded_by_reason(), engine=evaluation.engine
        )
    )


def _fact_columns(decisions: Iterable[Decision]) -> list[str]:
    columns: dict[str, None] = {}
    for d in decisions:
        columns.update(dict.fromkeys(k for k in d.facts if k not in _IDENTITY))
    return list(columns)
