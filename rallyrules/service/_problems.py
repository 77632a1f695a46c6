"""Errors as ``application/problem+json`` (RFC 9457): type, title, status, detail, instance,
and ``problems``: every problem of an input with its file, line, field and message, as the
library names them (:class:`rallyrules.Problem`). Never a stack trace.

Problem types are URNs, ``urn:rallyrules:problem:<slug>``, each described in
``docs/service.md``.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem

__all__ = ["PROBLEM_JSON", "ServiceProblem", "problem", "problem_item", "problems_of"]

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:rallyrules:problem:"


def problem(slug: str, title: str, status: int, detail: str, **extra: Any) -> dict[str, Any]:
    """A problem document (without ``instance``, which the handler adds)."""
    out: dict[str, Any] = {"type": TYPE_PREFIX + slug, "title": title, "status": status, "detail": detail}
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def problem_item(p: Problem, folder: str = "") -> dict[str, Any]:
    """One :class:`rallyrules.Problem` as ``{file, line, field, rule_id, message}``; a path in
    the service's spool ``folder`` becomes the bare file name the client sent."""
    path, message = p.path, p.message
    if folder:
        prefix = folder.rstrip("/") + "/"
        if path is not None and path.startswith(prefix):
            path = path[len(prefix) :]
        message = message.replace(prefix, "").replace(folder.rstrip("/"), "the upload")
    return {"file": path, "line": p.line, "field": None, "rule_id": p.rule_id, "message": message}


def problems_of(slug: str, title: str, status: int, exc: Any, folder: str = "") -> dict[str, Any]:
    """The problem document of a library error that carries ``problems`` and ``summary``."""
    items = [problem_item(p, folder) for p in exc.problems]
    summary = str(getattr(exc, "summary", title))
    if folder:
        summary = summary.replace(folder.rstrip("/"), "the upload")
    return problem(slug, title, status, f"{summary} ({len(items)} problem{'s' if len(items) != 1 else ''})", problems=items)


class ServiceProblem(Exception):
    """Raised by a route: answered with its problem document and status (and headers)."""

    def __init__(self, document: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(document.get("detail", ""))
        self.document = document
        self.headers = headers or {}

    @classmethod
    def of(
        cls, slug: str, title: str, status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> ServiceProblem:
        return cls(problem(slug, title, status, detail, **extra), headers)
