"""Test sessions: `python3 -m pip install nox && python3 -m nox` runs them all.

- tests-3.11 / tests-3.12: the whole suite with durable_rules deciding (it imports there);
- tests-3.13: the whole suite where durable_rules cannot import, so the Python evaluator
  decides; the engine's own tests are skipped there, every other test runs;
- lint: ruff (lint and format check) and mypy --strict on rallyrules/; any finding fails.

Interpreters are found on PATH, or under pyenv's versions folder when they are
installed there but not activated. An interpreter that is missing is skipped locally
and is an error on CI (nox's default when CI is set), except 3.12, which is optional.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

# pyenv keeps other Pythons under ~/.pyenv/versions/X.Y.Z/bin; make them findable.
_pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
if _pyenv.is_dir():
    extra = [str(p / "bin") for p in sorted(_pyenv.glob("3.1[1-9]*")) if (p / "bin").is_dir()]
    os.environ["PATH"] = os.pathsep.join(extra + [os.environ.get("PATH", "")])

PYTHONS = ["3.11", "3.13"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install rallyrules with its test extras and run pytest."""
    session.install("-e", ".[test]")
    session.run("python", "-c", "import rallyrules._engine as e; print('engine:', e.engine_version())")
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy --strict: clean, or the run fails."""
    # Pinned: a newer ruff or mypy may format or judge differently, and fail CI for nothing.
    session.install(
        "-e",
        ".[tables,charts,serve]",
        "ruff==0.17.6",
        "mypy==2.4.1",
        "types-PyYAML==6.0.12.20261122",
        "types-jsonschema==4.26.0.20261006",
        "types-python-dateutil==2.9.0.20261116",
        "pytest>=8",  # the pytest plugin is type-checked against it
    )
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
