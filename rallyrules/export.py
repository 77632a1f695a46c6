"""Results out for notebooks: a pandas DataFrame, and the committee's review workbook.

:func:`to_dataframe` is :func:`rallyrules.reports.decision_rows` as a DataFrame (one row
per subject, round and rule), with empty cells as missing values and whole numbers as
integers. :func:`to_excel` writes the review workbook of :mod:`rallyrules.outputs.review`
(every subject of every round with outcome, reasons, rank and cap; checks; the exclusion
ledger; the receipt): what a committee reviews. The documents an office files (a Tờ trình
and its list per round and awarding authority) are :mod:`rallyrules.outputs.office`'s, or
``rallyrules report``'s. JSON and CSV stay with ``Evaluation.to_json`` and ``reports.to_csv``.

The workbook holds numbers as numbers and dates as dates, with Excel number formats
(``#,##0``, ``0.00%``, ``dd/mm/yyyy``): Excel shows them with the separators of the
computer's regional settings, so ``1.234`` and ``98,18%`` on a Vietnamese one. The same
evaluation always gives the same file, byte for byte: the only time in it is the receipt's.

Needs pandas (DataFrames), XlsxWriter (writing) and openpyxl (:func:`workbook` reads the
written file back): ``pip install 'rallyrules[tables]'``.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .evaluation import Evaluation
from .model import RulePack
from .reports import decision_rows

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl import Workbook

__all__ = ["to_dataframe", "to_excel", "workbook"]


def to_dataframe(evaluation: Evaluation, lang: str = "vi") -> pd.DataFrame:
    """Every decision as a row of a pandas DataFrame: the columns of
    :func:`rallyrules.reports.decision_rows` (round, subject, rule, the facts decided on,
    outcome, selection, rank, cap, authority, fund, occasion, needed, reasons…), texts in
    ``lang``; empty cells are missing values, and columns of whole numbers are integers."""
    import pandas as pd

    _check_lang(lang)
    rows = decision_rows(evaluation, lang)
    frame = pd.DataFrame([{k: (None if v == "" else v) for k, v in row.items()} for row in rows])
    # Nullable dtypes: a rank column with gaps stays integers (Int64), not floats.
    return frame.convert_dtypes() if len(frame.columns) else frame


def to_excel(
    evaluation: Evaluation,
    path: str | Path,
    lang: str = "vi",
    *,
    pack: RulePack | None = None,
    prepared_on: dt.date | None = None,
) -> Path:
    """Write the review workbook (:func:`rallyrules.outputs.review.write_review`) to
    ``path``, which must end in ``.xlsx`` (ValueError otherwise, before anything is
    written), atomically: a failure leaves the previous file. ``pack`` (default: the pack of
    the receipt, when its files are unchanged) names the plan, the rounds and their periods;
    ``prepared_on`` (default: the day of the receipt) is printed under each title. The same
    evaluation gives the same bytes. Returns the path."""
    from ._io import check_writable
    from .outputs.review import write_review

    _check_lang(lang)
    path = check_writable(path, (".xlsx",))
    return write_review(evaluation, path, pack if pack is not None else _receipt_pack(evaluation), lang, prepared_on=prepared_on)


def workbook(
    evaluation: Evaluation, lang: str = "vi", *, pack: RulePack | None = None, prepared_on: dt.date | None = None
) -> Workbook:
    """The review workbook of :func:`to_excel`, read back as an openpyxl ``Workbook`` (to
    inspect or change in a notebook; for a national season write it with :func:`to_excel`)."""
    from openpyxl import load_workbook

    from .outputs.review import review_xlsx

    _check_lang(lang)
    data = review_xlsx(evaluation, pack if pack is not None else _receipt_pack(evaluation), lang, prepared_on=prepared_on)
    return load_workbook(io.BytesIO(data))


def _check_lang(lang: str) -> None:
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en' (got {lang!r})")


def _receipt_pack(evaluation: Evaluation) -> RulePack | None:
    """The pack that decided, when the evaluation has its receipt."""
    return evaluation.pack if evaluation.receipt is not None else None
