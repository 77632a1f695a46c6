"""The national-scale benchmark, at its small size: it runs, and the library's counts,
eligibility, ranks and selections equal those of the hand-written polars pipeline.
No timing is asserted (the figures are for docs/performance.md, not for tests)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("polars")
pytest.importorskip("numpy")

from rallyrules import _engine

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("season")
    rows = _module("generate_season").generate("small", directory)
    assert rows["enrolments"] == 200_000 and rows["individuals"] == 1_000
    return directory


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=pytest.mark.durable)])
def test_small_season_matches_the_reference_pipeline(season: Path, engine: str) -> None:
    if engine == "durable" and not _engine.AVAILABLE:
        pytest.skip("durable_rules does not import here")
    bench = _module("season_bench")
    figures = bench.run_one("small", engine, directory=season)  # SystemExit if the results differ
    assert figures["enrolments"] == 200_000
    assert figures["subject_facts"] == 3 * figures["subjects"]
    assert figures["decisions"] > figures["subject_facts"]


def test_generation_is_deterministic(season: Path, tmp_path: Path) -> None:
    import polars as pl

    _module("generate_season").generate("small", tmp_path)
    for table in ("subjects", "quotas", "enrolments"):
        assert pl.read_parquet(tmp_path / f"{table}.parquet").equals(pl.read_parquet(season / f"{table}.parquet"))
