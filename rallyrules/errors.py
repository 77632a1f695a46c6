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

from collections.abc import Iterable, Mapping
from typing import Any

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

    ``code`` and ``params`` are the problem as a message of the catalog
    (:mod:`rallyrules.text`), so that it can be shown in Vietnamese or English
    (:meth:`message_in`, :meth:`in_`); ``message`` is its English text. Problems made with
    :meth:`at` have both; a problem made from text alone has no code and reads the same
    in every language.
    """

    message: str
    path: str | None = None
    line: int | None = None
    rule_id: str | None = None
    code: str | None = attrs.field(default=None, eq=False, kw_only=True)
    params: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)

    @classmethod
    def at(
        cls, code: str, path: str | None = None, line: int | None = None, rule_id: str | None = None, /, **params: Any
    ) -> Problem:
        """The problem ``code`` of the catalog with ``params``, at ``path`` (and ``line``)."""
        from .text import Message

        message = Message(code, **params)
        return cls(message.in_("en"), path, line, rule_id, code=code, params=params)

    @classmethod
    def of(cls, message: Any, path: str | None = None, line: int | None = None, rule_id: str | None = None) -> Problem:
        """The problem said by ``message`` (a :class:`rallyrules.text.Message`, or a
        :class:`rallyrules.text.MessageError`'s messages), at ``path`` (and ``line``)."""
        from .text import Message, MessageError

        if isinstance(message, MessageError):
            message = message.messages[0] if len(message.messages) == 1 else Message("text.joined", items=list(message.messages))
        if isinstance(message, Message):
            return cls(message.in_("en"), path, line, rule_id, code=message.code, params=message.params)
        return cls(str(message), path, line, rule_id)

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (``vi`` or ``en``); ``message`` when the problem has no code."""
        if self.code is None:
            return self.message
        from .text import Message

        return Message(self.code, **self.params).in_(lang)

    def in_(self, lang: str) -> str:
        """The problem as one line in ``lang``: where it is, the rule, the message."""
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        if not self.rule_id:
            return f"{where}: {self.message_in(lang)}"
        from .text import t

        return f"{where}: {t('problem.rule', lang, rule=self.rule_id)} {self.message_in(lang)}"

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

    def __init__(self, summary: Any, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        #: The summary as a catalog message (a :class:`rallyrules.text.Message`), or None.
        self.summary_message = summary if not isinstance(summary, str) else None
        self.summary = str(summary)
        super().__init__(self.in_("en"))

    def in_(self, lang: str) -> str:
        """The summary and every problem, one a line, in ``lang`` (``vi`` or ``en``)."""
        from .text import t

        summary = self.summary_message.in_(lang) if self.summary_message is not None else self.summary
        lines = [t("problem.summary", lang, summary=summary, n=len(self.problems), s="s" if len(self.problems) != 1 else "")]
        lines += [f"  {p.in_(lang)}" for p in self.problems]
        return "\n".join(lines)


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
