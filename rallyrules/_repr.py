"""Reprs that say where a value comes from: ``rallyrules.Citation(...)``, not ``Citation(...)``."""

from __future__ import annotations

from typing import Any

import attrs


def qualify_repr(cls: type[Any]) -> None:
    """Give the attrs class ``cls`` a repr ``rallyrules.<Name>(field=value, …)``."""
    names = [a.name for a in attrs.fields(cls) if a.repr]

    def __repr__(self: Any) -> str:
        return f"rallyrules.{type(self).__name__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in names) + ")"

    setattr(cls, "__repr__", __repr__)  # noqa: B010 - assigning a method to a class mypy cannot type
