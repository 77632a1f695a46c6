"""The proposal documents of a stored evaluation (``rallyrules.outputs.office``).

:func:`available` lists them from the stored result alone: one per round, award and
awarding authority (and area, for a per-scope authority) with at least one subject
selected, named by the proposal's file stem (``de-nghi-dot-1-giay-khen-chu-tich-ubnd-huyen-916``).
Making one (``.docx`` or ``.xlsx``) goes through the worker pool like the workbook does
(``_worker.document_job``): the kept inputs are evaluated again at the receipt's time and
checked against the stored result before anything is made from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import RulePack

__all__ = ["FORMATS", "MEDIA_TYPES", "available"]

FORMATS = ("docx", "xlsx")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def available(pack: RulePack, result: Mapping[str, Any]) -> list[str]:
    """The names of the proposal documents of a stored result, in the order of its decisions."""
    from ..outputs.office import proposal_stem

    names: dict[str, None] = {}
    for d in result.get("decisions", []):
        award, selection = d.get("award"), d.get("selection")
        if not award or not selection or selection.get("status") != "selected":
            continue
        grant = pack.award(award["award"]).grant_for(d["level"])
        if grant is not None:
            names[proposal_stem(pack, d["round"], award["award"], grant.authority, award.get("scope"))] = None
    return list(names)
