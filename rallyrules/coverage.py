"""The clause coverage report: every line of the plan's normative sections mapped to
what encodes it, or marked out of scope with a reason — so a legal reviewer can see that
nothing in the plan was silently left out.

The unit is a line of the plan's text (a paragraph or bullet; see
:mod:`rallyrules._plan`). The pack's ``coverage:`` block maps lines to rule ids,
parameters, waves… (each checked to exist when the pack loads); this report adds the
lines the block does not mention, as ``unmapped``.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

import attrs

from ._plan import parse_plan
from .model import RulePack, Text
from .text import t

__all__ = ["CoverageLine", "CoverageReport", "clause_coverage"]

CoverageStatus = Literal["encoded", "out-of-scope", "unmapped"]


@attrs.frozen
class CoverageLine:
    """One line of the plan: its section, text, status and what encodes it (or why not:
    ``reason``, in Vietnamese and English)."""

    section: str
    line: int
    text: str
    status: CoverageStatus
    encoded_by: tuple[str, ...] = ()
    reason: Text | None = None


@attrs.frozen
class CoverageReport:
    """Every line of the covered sections with its status."""

    sections: tuple[str, ...]
    lines: tuple[CoverageLine, ...]

    @property
    def unmapped(self) -> tuple[CoverageLine, ...]:
        """Lines nothing maps: the gaps a reviewer must resolve."""
        return tuple(line for line in self.lines if line.status == "unmapped")

    @property
    def complete(self) -> bool:
        """True when every line is encoded or out of scope with a reason."""
        return not self.unmapped

    def counts(self) -> dict[str, int]:
        """How many lines have each status."""
        return dict(Counter(line.status for line in self.lines))

    def to_markdown(self, lang: str = "en") -> str:
        """The report as a Markdown table in ``lang`` (``vi`` or ``en``), for docs and
        reviewers; what encodes a line is given by reference (``rule:<id>``…)."""
        c = self.counts()
        summary = t(
            "coverage.summary", lang, sections=", ".join(self.sections), lines=len(self.lines), encoded=c.get("encoded", 0),
            out=c.get("out-of-scope", 0), unmapped=c.get("unmapped", 0),
        )  # fmt: skip
        header = [t(f"coverage.{key}", lang) for key in ("section", "line", "how")]
        out = [summary, "", "| " + " | ".join(header) + " |", "|---|---|---|"]
        for line in self.lines:
            what = ", ".join(f"`{r}`" for r in line.encoded_by) if line.encoded_by else (
                f"*{t('coverage.out-of-scope', lang)}:* {line.reason.in_(lang)}" if line.reason
                else f"**{t('coverage.unmapped', lang)}**"
            )  # fmt: skip
            text = line.text.replace("|", "\\|")
            out.append(f"| {line.section} | {text} | {what} |")
        return "\n".join(out) + "\n"


def clause_coverage(pack: RulePack, sections: tuple[str, ...] = ("II", "III")) -> CoverageReport:
    """The coverage of the plan's ``sections`` (by default II and III, the normative part)."""
    plan = parse_plan(pack.source_text)
    mapped = {(e.section, e.text): e for e in pack.coverage}
    lines = []
    for line in plan.lines_of(*sections):
        entry = mapped.get((line.section, line.text))
        if entry is None:
            lines.append(CoverageLine(line.section, line.number, line.text, "unmapped"))
        elif entry.encoded_by:
            lines.append(CoverageLine(line.section, line.number, line.text, "encoded", entry.encoded_by))
        else:
            lines.append(CoverageLine(line.section, line.number, line.text, "out-of-scope", reason=entry.out_of_scope))
    return CoverageReport(sections, tuple(lines))
