"""The structure of a plan's text: its numbered sections and their lines.

Vietnamese administrative plans number their parts ``I.``, ``II.`` (roman), then
``1.``, ``2.``, then ``a)``, ``b)``… (Vietnamese order: a, b, c, d, đ, e, g…), sometimes
after a bullet dash (``- a)``). Section ids join them with dots: ``II.5.c``. A section's
text includes its subsections', so a quote from ``II.1.a`` is also in ``II.1``.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

_ROMAN = re.compile(r"^(?P<n>[IVXLC]+)\.\s")
_NUMBER = re.compile(r"^(?P<n>[0-9]+)\.\s")
_LETTER = re.compile(r"^(?:-\s*)?(?P<n>[a-zđ])\)\s")


@attrs.frozen
class PlanLine:
    """One non-empty line of the plan, with the section it belongs to."""

    section: str
    number: int
    text: str


@attrs.frozen
class PlanText:
    """The plan's lines grouped by section id."""

    lines: tuple[PlanLine, ...]

    @property
    def sections(self) -> set[str]:
        """Every section id that exists (``II``, ``II.5``, ``II.5.c``…)."""
        out: set[str] = set()
        for line in self.lines:
            parts = line.section.split(".") if line.section else []
            out.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        return out

    def text_of(self, section: str) -> str:
        """The text of ``section`` and all its subsections, one line per line."""
        return "\n".join(line.text for line in self.lines if line.section == section or line.section.startswith(section + "."))

    def lines_of(self, *top: str) -> tuple[PlanLine, ...]:
        """The lines under the given top-level sections (e.g. ``"II", "III"``)."""
        return tuple(line for line in self.lines if line.section.split(".")[0] in top)


def parse_plan(text: str) -> PlanText:
    """Split a plan's text into lines labelled with their section ids."""
    roman = number = letter = ""
    lines = []
    for i, raw in enumerate(unicodedata.normalize("NFC", text).splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if m := _ROMAN.match(line):
            roman, number, letter = m["n"], "", ""
        elif roman and (m := _NUMBER.match(line)):
            number, letter = m["n"], ""
        elif number and (m := _LETTER.match(line)):
            letter = m["n"]
        section = ".".join(p for p in (roman, number, letter) if p)
        lines.append(PlanLine(section, i, line))
    return PlanText(tuple(lines))
