"""The documentation site builds with ``mkdocs build --strict``: every page in the nav
exists, every link and anchor resolves, and the API reference renders ``__all__``."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import rallyrules

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings_handlers") is None,
    reason="mkdocs and mkdocstrings[python] are not installed (pip install -e '.[docs]')",
)


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, f"mkdocs build --strict failed:\n{run.stderr}{run.stdout}"
    assert "WARNING" not in run.stderr, run.stderr

    for page in ("index.html", "rule-format/index.html", "rulebook/index.html", "api/index.html"):
        assert (site / page).is_file(), page
    assert (site / "notebooks" / "example.ipynb").is_file()  # linked from the home page
    rendered = (site / "notebooks" / "example" / "index.html").read_text(encoding="utf-8")
    assert rendered.count('<img alt="png" src="../example_files/') == 5  # the notebook's figures, shown offline
    assert (site / "outputs" / "index.html").is_file() and (site / "images" / "report-html.png").is_file()
    assert not (site / "notebooks" / "make_example.py").exists()

    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    missing = [name for name in rallyrules.__all__ if f'id="rallyrules.{name}"' not in api]
    assert not missing, f"public names missing from the API reference: {missing}"
    assert 'id="rallyrules.charts.progress_chart"' in api and 'id="rallyrules.reports.decision_rows"' in api
    assert 'id="rallyrules.outputs.html.render_report"' in api and 'id="rallyrules.charts.caps_chart"' in api
