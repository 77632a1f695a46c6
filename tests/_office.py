"""Shared by the office-document tests: the bundled season evaluated once at a fixed time,
district names from the bundled administrative units, and a renderer (LibreOffice, poppler)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import rallyrules as rr

from .conftest import FIXTURES_DIR, bundled_pack

AT = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)
TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdffonts")


@functools.cache
def dataset() -> rr.Dataset:
    return rr.load_dataset(FIXTURES_DIR)


@functools.cache
def evaluation() -> rr.Evaluation:
    """The bundled season, evaluated once (Python evaluator), at a fixed time."""
    return rr.evaluate(bundled_pack(), dataset(), engine="python", evaluated_at=AT)


@functools.cache
def district_names() -> dict[str, str]:
    """District code -> name, from the bundled administrative units (what the data set will carry)."""
    with (FIXTURES_DIR / "admin-units.csv").open(encoding="utf-8") as f:
        return {row["district_code"]: row["district"] for row in csv.DictReader(f)}


def need_tools() -> None:
    """Skip when LibreOffice or poppler is missing here; on CI (CI set) that is a failure:
    the noxfile installs them there."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        message = f"rendering needs {', '.join(missing)} (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def to_pdf(document: Path, out: Path) -> Path:
    """``document`` converted by LibreOffice (headless, a profile of its own) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / ".lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(document)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out / (document.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF of {document.name}"
    return pdf


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_text(pdf: Path, page: int) -> str:
    """The text of one page, whitespace collapsed (a heading wrapped in its cell reads whole)."""
    raw = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(raw.split())


def fonts(pdf: Path) -> set[str]:
    """The names of the fonts embedded in ``pdf`` (subset prefixes removed)."""
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in listing if line.strip()}
