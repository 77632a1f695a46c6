"""The catalog: every message code with its Vietnamese and English text.

One table, so that a translator reads every text in one place and a test can check that
each code has both languages with the same ``{parameters}``. Codes are grouped by the
part of the library that shows them (``cli.``, ``data.``, ``pack.``, ``explain.``…).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "unit.people": {"vi": "người", "en": "people"},
}
