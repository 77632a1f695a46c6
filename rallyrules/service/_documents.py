"""The extension point for proposal documents (Word/PDF lists and decisions made from an
evaluation), which ``rallyrules.outputs`` will provide.

Until that module exists every document answers 501 (not implemented). When it does, wire
it here and only here: :func:`available` lists the names it can make, and :func:`respond`
makes one (the route already checked that the evaluation succeeded). Making a document from
a stored evaluation goes through the worker pool like the workbook does
(``_worker.workbook_job``): the kept inputs are evaluated again at the receipt's time and
checked against the stored result before anything is made from them.
"""

from __future__ import annotations

import importlib.util

from fastapi.responses import Response

from ._problems import ServiceProblem

__all__ = ["available", "respond"]


def _outputs_present() -> bool:
    try:
        return importlib.util.find_spec("rallyrules.outputs") is not None
    except (ImportError, ValueError):  # pragma: no cover
        return False


def available() -> list[str]:
    """The documents that can be made (none yet)."""
    return []


def respond(name: str, lang: str) -> Response:
    """The document ``name`` in ``lang``; 501 until ``rallyrules.outputs`` is wired here."""
    where = (
        "rallyrules.outputs exists but is not wired into the service yet"
        if _outputs_present()
        else "rallyrules.outputs does not exist yet"
    )
    raise ServiceProblem.of(
        "not-implemented", "Documents are not available yet", 501,
        f"the document '{name}' ({lang}) cannot be made: {where}; the workbook is at …/workbook",
    )  # fmt: skip
