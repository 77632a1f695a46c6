"""Strict JSON for untrusted input (result files, HTTP bodies): a key twice in one object,
``NaN`` or ``Infinity`` are refused, never read silently (``json.loads`` keeps the last of
two keys and reads ``NaN`` as a float)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["loads_strict"]


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def loads_strict(text: str | bytes) -> Any:
    """``json.loads`` that refuses repeated keys and non-numbers. Raises ValueError
    (``json.JSONDecodeError`` for bad syntax, ``UnicodeDecodeError`` for bad bytes) or
    RecursionError for nesting too deep."""
    return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
