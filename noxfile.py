"""Test sessions: `python3 -m pip install nox && python3 -m nox` runs them all.

- tests-3.11 / tests-3.12: the whole suite with durable_rules deciding (it imports there);
- tests-3.13: the whole suite where durable_rules cannot import, so the Python evaluator
  decides; the engine's own tests are skipped there, every other test runs;
- lint: ruff (lint and format check) and mypy --strict on rallyrules/; any finding fails.

On CI the test sessions first install what the rendering tests of the office documents need
(LibreOffice, poppler, fonts-liberation2) with apt-get when it is missing.

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
#: What the rendering tests of the office documents need (tests/test_office_render.py):
#: LibreOffice turns the .docx/.xlsx into PDF, poppler reads the PDF, and Liberation Serif 2
#: is Times New Roman's metric twin with the Vietnamese letters (fonts-liberation 1.x lacks them).
RENDER_PACKAGES = ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "fonts-liberation2", "poppler-utils")
RENDER_TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts")


def _install_render_tools(session: nox.Session) -> None:
    """On CI (CI set, a clean Debian machine, root), install the rendering tools when they are
    missing; locally the rendering tests skip without them."""
    if not os.environ.get("CI"):
        return
    if all(shutil.which(tool) for tool in RENDER_TOOLS) and Path("/usr/share/fonts/truetype/liberation2").is_dir():
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run("apt-get", "update", "-qq", external=True, env=env, silent=True)
    session.run("apt-get", "install", "-y", "-qq", *RENDER_PACKAGES, external=True, env=env, silent=True)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install rallyrules with its test extras (and, on CI, the rendering tools) and run pytest."""
    _rulebook_tools(session)
    _install_render_tools(session)
    session.install("-e", ".[test]")
    if os.environ.get("CI") and shutil.which("chromium") is None:
        # tests/test_outputs_html.py renders the HTML report in headless Chromium (skipped locally without it).
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", external=True)
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


def _rulebook_tools(session: nox.Session) -> None:
    """On CI: Chromium (the rulebook's screenshot test) and a font with every Vietnamese letter."""
    if os.environ.get("CI") and shutil.which("chromium") is None:
        session.run("apt-get", "update", external=True)
        session.run("apt-get", "install", "-y", "--no-install-recommends", "chromium", "fonts-noto-core", external=True)
