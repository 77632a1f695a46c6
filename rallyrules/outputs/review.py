"""The review workbook for the committee (a separate file from the proposals): every
subject of every round with its outcome, the reasons in words, its rank and the cap of its
group (rank r of n eligible; at most m = rate × base), the checks of deadlines and rosters,
the data findings, the exclusion ledger and the receipt.

Sheets: ``Tổng hợp`` (per round, award, authority and kind: reviewed, eligible, base, rate,
maximum, proposed, and the proposal's file), one per round (``Đợt 1``…, ``Sau các đợt``),
``Kiểm tra``, ``Dữ liệu cần xem``, ``Loại trừ`` and ``Thông tin``. Each table has a frozen,
filtered heading row and prints on A4 landscape, one page wide, the heading row repeated.

The exclusion ledger: ``Loại trừ`` starts with the count per reason (what prints) and then
lists every excluded enrolment as data. A ledger longer than one sheet holds (Excel's
1,048,576 rows, as at national size) continues on ``Loại trừ (2)``, ``Loại trừ (3)``…,
each with its heading row; the workbook is streamed to disk, so its size in memory does
not grow with the ledger.

Needs the ``office`` extra (XlsxWriter).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .._io import open_atomic
from ..decisions import Decision
from ..evaluation import Evaluation
from ..model import RulePack
from .office import decision_stem

if TYPE_CHECKING:
    from ._excel import ReviewWriter

__all__ = ["review_xlsx", "write_review"]


def _writer(evaluation: Evaluation, pack: RulePack | None, lang: str, unit_names: Mapping[str, str] | None,
            prepared_on: dt.date | None) -> ReviewWriter:  # fmt: skip
    from .. import text
    from ._excel import ReviewWriter

    lang = text.resolve_lang(lang)
    if pack is not None and pack.digest != evaluation.pack_digest:
        raise ValueError(f"the pack {pack.id} ({pack.digest[:12]}) is not the one that decided ({evaluation.pack_digest[:12]})")

    def stem(d: Decision) -> str | None:
        return decision_stem(pack, d) if pack is not None else None

    names = unit_names if unit_names is not None else evaluation.dataset.unit_names()  # the data set's own names of areas
    return ReviewWriter(evaluation, pack, lang, unit_names=names, prepared_on=prepared_on, stems=stem)


def review_xlsx(
    evaluation: Evaluation,
    pack: RulePack | None = None,
    lang: str = "vi",
    *,
    unit_names: Mapping[str, str] | None = None,
    prepared_on: dt.date | None = None,
) -> bytes:
    """The review workbook as .xlsx bytes (see the module's docstring); the same evaluation
    gives the same bytes. ``pack`` (the pack that decided; ValueError for another) names
    the rounds, periods and plan; ``unit_names`` maps area codes to names; ``prepared_on``
    (default: the day of the receipt) is printed under each title."""
    out = io.BytesIO()
    _writer(evaluation, pack, lang, unit_names, prepared_on).write(out)
    return out.getvalue()


def write_review(
    evaluation: Evaluation,
    path: str | Path,
    pack: RulePack | None = None,
    lang: str = "vi",
    *,
    unit_names: Mapping[str, str] | None = None,
    prepared_on: dt.date | None = None,
) -> Path:
    """Write :func:`review_xlsx` to ``path`` (``.xlsx``) atomically, streaming it to disk
    (a failure leaves the previous file). Returns the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path.name}: the review workbook is an .xlsx file")
    writer = _writer(evaluation, pack, lang, unit_names, prepared_on)
    with open_atomic(path, "wb") as out:
        writer.write(out)
    return path
