"""The wheel: built from this checkout, installed into a fresh virtual environment, it
carries the schema, the bundled rule pack and data, and runs from another directory."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    os.environ.get("RALLYRULES_SKIP_WHEEL") == "1", reason="RALLYRULES_SKIP_WHEEL=1 (the wheel test builds and installs)"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    [built] = out.glob("rallyrules-*.whl")
    return built


def test_wheel_carries_package_data(wheel: Path) -> None:
    """Schema, py.typed, the bundled pack (with its plan text, documents block and scenarios),
    its data, and the subpackages (text catalog, office documents)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "rallyrules/py.typed",
        "rallyrules/_schema/rule-pack.schema.json",
        "rallyrules/_bundled_rules/can-tho-2023/pack.yaml",
        "rallyrules/_bundled_rules/can-tho-2023/labels.yaml",
        "rallyrules/_bundled_rules/payment-coverage/pack.yml",
        "rallyrules/_schema/input-admin-units.schema.json",
        "rallyrules/text/messages.py",
        "rallyrules/_bundled_rules/can-tho-2023/plan-38-KH-BCD.txt",
        "rallyrules/_bundled_rules/can-tho-2023/scenarios/giay-khen-tap-the.yaml",
        "rallyrules/_bundled_fixtures/can-tho-2023/enrolments.csv",
        "rallyrules/text/messages.py",
        "rallyrules/outputs/html.py",
        "rallyrules/outputs/templates/report.html.j2",
        "rallyrules/outputs/templates/report.css",
        "rallyrules/outputs/templates/report.js",
        "rallyrules/_bundled_rules/can-tho-2023/documents.yaml",
        "rallyrules/text/messages.py",
        "rallyrules/outputs/office.py",
        "rallyrules/outputs/_word.py",
        "rallyrules/outputs/_excel.py",
    ):
        assert name in names, name
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """pip install the wheel into a fresh venv; `rallyrules evaluate` and an import-and-evaluate
    script work from a directory that is not the checkout."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = subprocess.run(
        [str(env_dir / "bin" / "rallyrules"), "evaluate", "--format", "csv"], cwd=elsewhere, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "giay-khen-tap-the-theo-dot" in run.stdout
    script = (
        "import rallyrules, rallyrules._bundled as b\n"
        "pack = rallyrules.load_rule_pack(b.bundled_packs()[0])\n"
        "data = rallyrules.load_dataset(b.bundled_fixtures_root() / pack.id)\n"
        "result = rallyrules.evaluate(pack, data)\n"
        "from rallyrules.outputs.html import render_report\n"
        "assert '<table' in render_report(result, 'vi', pack=pack)\n"
        "assert 'site-packages' in str(b.bundled_rules_root()), b.bundled_rules_root()\n"
        "print(len(result.selected), result.engine)\n"
    )
    run = subprocess.run([str(python), "-c", script], cwd=elsewhere, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[0].isdigit()
