"""Test sessions: `python3 -m pip install nox && python3 -m nox` runs them all.

- tests-3.11 / tests-3.12: the whole suite with durable_rules deciding (it imports there);
- tests-3.13: the whole suite where durable_rules cannot import, so the Python evaluator
  decides; the engine's own tests are skipped there, every other test runs;
- lint: ruff (lint and format check) and mypy --strict on rallyrules/; any finding fails.

On CI the test sessions first install what the rendering tests need (LibreOffice, poppler,
fonts, Chromium: DEBIAN_PACKAGES) with apt-get when it is missing.

Interpreters are found on PATH, or under pyenv's versions folder when they are
installed there but not activated. An interpreter that is missing is skipped locally
and is an error on CI (nox's default when CI is set), except 3.12, which is optional.
"""

from __future__ import annotations

import os
import shutil
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
#: What the rendering tests need from Debian (installed on CI when missing; the tests skip
#: locally without them): LibreOffice turns the office documents into PDF, poppler reads the
#: PDF, Liberation Serif 2 is Times New Roman's metric twin with the Vietnamese letters
#: (fonts-liberation 1.x lacks them), Chromium renders the HTML report and the rulebook, Noto
#: covers every Vietnamese letter on screen.
DEBIAN_PACKAGES = (
    "libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-liberation2", "poppler-utils", "chromium", "fonts-noto-core",
)  # fmt: skip
DEBIAN_TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts", "chromium")


def _install_debian_tools(session: nox.Session) -> None:
    """On CI (CI set, a clean Debian machine, root), install the rendering tools when any is
    missing, in one apt run."""
    if not os.environ.get("CI"):
        return
    fonts = Path("/usr/share/fonts/truetype/liberation2").is_dir() and Path("/usr/share/fonts/truetype/noto").is_dir()
    if all(shutil.which(tool) for tool in DEBIAN_TOOLS) and fonts:
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env, silent=True)
    session.run(
        "apt-get", "install", "-y", "-qq", "--no-install-recommends", *DEBIAN_PACKAGES, external=True, env=env, silent=True
    )


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install rallyrules with its test extras (and, on CI, the rendering tools) and run pytest."""
    _install_debian_tools(session)
    session.install("-e", ".[test]")
    session.run("python", "-c", "import rallyrules._engine as e; print('engine:', e.engine_version())")
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy --strict: clean, or the run fails."""
    # Pinned: a newer ruff or mypy may format or judge differently, and fail CI for nothing.
    session.install(
        "-e",
        ".[tables,charts,office,serve]",
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
