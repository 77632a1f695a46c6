"""The exceptions rallyrules raises, and only these.

::

    RallyRulesError                  root: catch this to catch everything of ours
    ├── RulePackError (ValueError)   a rule pack is wrong; .problems lists every problem
    ├── DataError (ValueError)       input records are wrong; .problems lists every problem
    ├── ResultError (ValueError)     a result file is not a well-formed result (verify); .problems
    ├── CompileError (ValueError)    a valid rule pack the engine cannot run faithfully
    └── EngineError (RuntimeError)   the engine lost, duplicated or contradicted a decision,
                                     or failed; never returned as a partial result

Every problem is a :class:`Problem` that names where it is (file and line, or file and
record) and says what was expected and what was found, so that one run reports all the
problems of a rule pack or a data set at once.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CompileError",
    "DataError",
    "EngineError",
    "Problem",
    "RallyRulesError",
    "ResultError",
    "RulePackError",
]


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where it is.

    ``line`` is a line of a rule file, or the line of a record in a data file (the
    header is line 1). ``rule_id`` names the rule the problem is in, when there is one.
    """

    message: str
    path: str | None = None
    line: int | None = None
    rule_id: str | None = None

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        rule = f" rule '{self.rule_id}':" if self.rule_id else ""
        return f"{where}:{rule} {self.message}"


class RallyRulesError(Exception):
    """The root of every exception rallyrules raises on purpose."""


class _ProblemsError(RallyRulesError):
    """An error that carries every problem found, not just the first."""

    def __init__(self, summary: str, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        lines = [f"{summary} ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}):"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class RulePackError(_ProblemsError, ValueError):
    """A rule pack could not be loaded; ``problems`` lists every problem with file and line."""


class DataError(_ProblemsError, ValueError):
    """Input records could not be read; ``problems`` lists every bad record with file and line."""


class ResultError(_ProblemsError, ValueError):
    """A result (a JSON file of ``rallyrules evaluate --format json``) is not a well-formed
    result of this format: not JSON, a key twice in one object, a field missing, unknown or
    of the wrong type, an older format, a pack that cannot be found. ``problems`` lists every
    problem, each naming the file and the place in it (``receipt.pack_digest``). A result
    that is well formed but differs from what its rules give on its data is not an error:
    :func:`rallyrules.verify.verify_result` says so."""


class CompileError(_ProblemsError, ValueError):
    """A rule pack is valid but cannot be compiled to the engine without changing its meaning."""


class EngineError(RallyRulesError, RuntimeError):
    """The rules engine failed, or its decisions cannot be trusted (lost, duplicated or
    contradicted by the explanation). No partial result is ever returned."""
