"""Re-run a saved result and confirm it, or show what differs (``rallyrules verify``).

A result's receipt names the rule pack and the inputs (path and digest). Verifying
loads them again (or the folders given instead), says if either changed since, evaluates
again with the same kind of engine, and compares every decision and the counting ledger;
only the evaluation time may differ.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ._validation import load_rule_pack
from .dataset import Dataset, load_dataset
from .errors import DataError, Problem
from .evaluation import RESULT_FORMAT, EngineChoice, evaluate, inputs_digest

__all__ = ["Verification", "verify_result"]


@attrs.frozen
class Verification:
    """The outcome of re-running a result: ``confirmed``, or the differences found."""

    confirmed: bool
    differences: tuple[str, ...]
    engine: str

    def __str__(self) -> str:
        if self.confirmed:
            return f"confirmed: the same rules and inputs give the same result ({self.engine})"
        return "NOT confirmed:\n" + "\n".join(f"  - {d}" for d in self.differences)


def verify_result(
    result: Mapping[str, Any] | str | Path, *, rules: str | Path | None = None, data: str | Path | Dataset | None = None
) -> Verification:
    """Re-run the result (a dict, or a path to its JSON file) and compare. ``data`` is a
    data folder, or the records themselves as a :class:`~rallyrules.Dataset` (e.g. from
    ``Dataset.from_records``); by default the folder the receipt names."""
    if not isinstance(result, Mapping):
        path = str(result)
        try:
            result = json.loads(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError(f"cannot read result {path}", [Problem(f"not a readable JSON result: {exc}", path)]) from None
    old = result.get("format") if isinstance(result, Mapping) else None
    if old in ("rallyrules-result/1", "rallyrules-result/2"):
        raise DataError(
            "a result of an older format",
            [
                Problem(
                    f"format {old!r} digests its inputs differently (development versions of 0.1.0); "
                    f"evaluate again to get a '{RESULT_FORMAT}' result, then verify that"
                )
            ],
        )
    if not isinstance(result, Mapping) or result.get("format") != RESULT_FORMAT or not isinstance(result.get("receipt"), Mapping):
        raise DataError(
            "not a rallyrules result", [Problem(f"expected a JSON object with format '{RESULT_FORMAT}' and a receipt")]
        )
    receipt = result["receipt"]
    pack = load_rule_pack(rules if rules is not None else receipt["pack_path"])
    dataset = data if isinstance(data, Dataset) else load_dataset(data if data is not None else receipt["inputs_source"])
    differences = []
    if pack.digest != receipt["pack_digest"]:
        differences.append(f"the rule pack changed since (digest {receipt['pack_digest'][:12]}… now {pack.digest[:12]}…)")
    digest = inputs_digest(dataset)
    if digest != receipt["inputs_digest"]:
        differences.append(f"the inputs changed since (digest {receipt['inputs_digest'][:12]}… now {digest[:12]}…)")
    engine: EngineChoice = "durable" if str(receipt["engine"]).startswith("durable") else "python"
    again = evaluate(pack, dataset, engine=engine).to_dict()
    if again["receipt"]["engine"] != receipt["engine"]:
        differences.append(f"engine: was {receipt['engine']!r}, now {again['receipt']['engine']!r}")
    differences += _compare(result, again)
    return Verification(not differences, tuple(differences), again["receipt"]["engine"])


def _compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    out = []
    if before.get("counting") != after["counting"]:
        out.append("the counting (counted, excluded or the ledger) differs")
    old = {_key(d): d for d in before.get("decisions", [])}
    new = {_key(d): d for d in after["decisions"]}
    for key in sorted(set(old) | set(new)):
        if key not in new:
            out.append(f"decision {key} is no longer made")
        elif key not in old:
            out.append(f"decision {key} is new")
        elif old[key] != new[key]:
            fields = sorted(k for k in set(old[key]) | set(new[key]) if old[key].get(k) != new[key].get(k))
            out.append(f"decision {key} differs in {fields}: was {_brief(old[key])}, now {_brief(new[key])}")
    if before.get("findings") != after["findings"]:
        out.append("the data findings differ")
    return out


def _key(decision: Mapping[str, Any]) -> tuple[str, str, str]:
    return (decision.get("subject_id", ""), decision.get("round", ""), decision.get("rule_id", ""))


def _brief(decision: Mapping[str, Any]) -> str:
    selection = decision.get("selection") or {}
    return f"{decision.get('outcome')}/{selection.get('status', '-')}"
