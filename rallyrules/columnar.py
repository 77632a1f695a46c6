"""The columnar path's names of rallyrules 0.1, kept for code written against them.

There is one data path now: every data set is held as columns (:class:`~rallyrules.Dataset`)
and counted in one pass (:mod:`rallyrules.count`). A *season* is a data set whose
enrolments are streamed from their file (``load_dataset(folder, lazy=True)``).
"""

from __future__ import annotations

from pathlib import Path

from .count import Counting
from .dataset import Dataset, check_dataset, load_dataset
from .model import RulePack

__all__ = ["ColumnarCounting", "Season", "count_enrolments_columnar", "load_season", "season_from_dataset"]

#: A data set (the enrolments streamed from their file when it was read with ``lazy=True``).
Season = Dataset
#: The counting (one kind now).
ColumnarCounting = Counting


def load_season(directory: str | Path, pack: RulePack | None = None) -> Dataset:
    """``load_dataset(directory, lazy=True)``; with ``pack``, also checked against it
    (raises :class:`~rallyrules.DataError` naming every problem)."""
    dataset = load_dataset(directory, lazy=True)
    if pack is not None:
        check_dataset(pack, dataset)
    return dataset


def season_from_dataset(dataset: Dataset) -> Dataset:
    """The data set itself (it is held as columns already)."""
    return dataset


def count_enrolments_columnar(pack: RulePack, season: Dataset, *, check: bool = True) -> Counting:
    """The counting of ``season``'s enrolments (:func:`rallyrules.count_enrolments`); the
    records are always checked, in the same pass (``check`` is kept for old callers)."""
    del check
    return check_dataset(pack, season).counting
