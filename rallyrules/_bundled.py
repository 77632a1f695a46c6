"""Where the bundled rule packs and data sets are.

Installed from a wheel, they are package data (``rallyrules._bundled_rules`` and
``rallyrules._bundled_fixtures``, mapped from the repository's ``rules/`` and
``fixtures/`` at build time) read with :mod:`importlib.resources`; in a source checkout
or an editable install, the repository's own folders. The code names no pack: the
default is the only pack there.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _root(package: str, folder: str) -> Path:
    try:
        # A plain (unzipped) install: the package's folder on disk.
        first = next(iter(resources.files(package).iterdir()))
        return Path(str(first)).parent
    except (ModuleNotFoundError, StopIteration, NotADirectoryError, FileNotFoundError):
        return _CHECKOUT / folder


def bundled_rules_root() -> Path:
    """The folder of bundled rule packs (one sub-folder per pack)."""
    return _root("rallyrules._bundled_rules", "rules")


def bundled_fixtures_root() -> Path:
    """The folder of bundled data sets (one sub-folder per pack id)."""
    return _root("rallyrules._bundled_fixtures", "fixtures")


def bundled_packs() -> list[Path]:
    """Every bundled pack folder, sorted."""
    root = bundled_rules_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
