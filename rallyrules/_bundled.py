"""Where the bundled rule packs and data sets are: ``rules/`` and ``fixtures/`` beside the
package in a source checkout. The code names no pack: the default is the only pack there."""

from __future__ import annotations

from pathlib import Path

_HOME = Path(__file__).resolve().parent.parent


def bundled_rules_root() -> Path:
    """The folder of bundled rule packs (one sub-folder per pack)."""
    return _HOME / "rules"


def bundled_fixtures_root() -> Path:
    """The folder of bundled data sets (one sub-folder per pack id)."""
    return _HOME / "fixtures"


def bundled_packs() -> list[Path]:
    """Every bundled pack folder, sorted."""
    root = bundled_rules_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
