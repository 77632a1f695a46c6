"""The example notebook: stored clean, exactly as its script writes it, and it runs top to
bottom in a real kernel of this interpreter, producing figures."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "docs" / "notebooks"
NOTEBOOK = NOTEBOOKS / "example.ipynb"
KERNEL = "rallyrules-test-python"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_example", NOTEBOOKS / "make_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_notebook_is_stored_clean() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_rendered_notebook_on_the_site_holds_every_cell() -> None:
    """example.md (the docs site's page, written by `make_example.py --render`) shows every
    cell of the notebook and every figure it refers to is there."""
    rendered = (NOTEBOOKS / "example.md").read_text(encoding="utf-8")
    for kind, source in _script().CELLS:
        assert source.strip() in rendered, f"example.md lacks a {kind} cell: run make_example.py --render"
    figures = re.findall(r"!\[png\]\((example_files/[^)]+\.png)\)", rendered)
    assert len(figures) == 5 and all((NOTEBOOKS / f).is_file() for f in figures), figures
    stored = {f"example_files/{p.name}" for p in (NOTEBOOKS / "example_files").glob("*.png")}
    assert stored == set(figures), "figures left over from an older rendering"


def test_the_notebook_is_what_its_script_writes() -> None:
    assert NOTEBOOK.read_text(encoding="utf-8") == nbformat.writes(_script().build()), (
        "docs/notebooks/example.ipynb differs from its script: run python docs/notebooks/make_example.py"
    )


@pytest.fixture
def kernel_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec for *this* interpreter, in a temporary Jupyter path.

    A 'python3' kernelspec found on the machine may belong to another Python (one without
    rallyrules); registering sys.executable under our own name makes the kernel the
    interpreter running the tests, in a fresh venv too. Runtime files and IPython's
    history go to the temporary folder, so the test leaves nothing behind."""
    spec_dir = tmp_path / "jupyter" / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python {sys.version_info.major}.{sys.version_info.minor} (rallyrules tests)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLBACKEND", "Agg")  # no display, whatever the machine has
    return KERNEL


def test_the_notebook_runs_and_draws(kernel_name: str) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel_name, timeout=180, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 5, "the caps, funnel, exclusions, progress and cap charts"
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "rallyrules.Evaluation(pack='can-tho-2023'" in text
    assert "Phường Cái Khế (BCD-31117), Đợt 1: đủ điều kiện" in text  # explain("vi")
