"""Re-run a saved result and confirm it, or say what differs (``rallyrules verify``).

A result names its rule pack by id and digest and its inputs by digest (its receipt holds
no path). Verifying takes the pack from the bundled packs (by id) or from the folder
given, and the data from the bundled data of that pack or from the folder (or records)
given — never from a place the result names — checks each by its digest, evaluates again
with the same kind of engine at the result's evaluation time, and compares the **whole**
result with the new one in a canonical form (keys sorted, every value with its JSON type:
``1``, ``1.0`` and ``true`` differ). Every field but ``receipt.evaluated_at`` is checked:
a changed, added, removed, repeated or reordered field or decision is a difference.

A file that is not a well-formed result (not JSON, a key twice in one object, a field
missing, unknown or of the wrong type, an older format) is refused with
:class:`~rallyrules.ResultError` listing every problem; it is never half-read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from . import _engine
from ._bundled import bundled_fixtures_root, bundled_packs
from ._json import loads_strict
from ._validation import load_rule_pack
from .dataset import Dataset, load_dataset
from .decisions import decision_id
from .errors import Problem, ResultError, RulePackError
from .evaluation import RESULT_FORMAT, EngineChoice, evaluate
from .model import RulePack
from .text import Message

__all__ = ["Verification", "read_result", "verify_result"]

#: How many differences are described one by one per part of a result (the rest are counted).
MAX_DETAILS = 50


@attrs.frozen
class Verification:
    """The outcome of re-running a result.

    ``confirmed`` is True when the new evaluation gives the same result, every field but
    the evaluation time; else ``differences`` says what differs, each naming its place in
    the result. ``pack_source``/``pack_digest`` and ``data_source``/``inputs_digest`` say
    which rule pack and which data were actually used (and their digests), ``engine`` the
    engine that decided again.
    """

    confirmed: bool
    differences: tuple[str, ...]
    engine: str
    pack_source: str = ""
    pack_digest: str = ""
    data_source: str = ""
    inputs_digest: str = ""
    pack_from: Message | None = attrs.field(default=None, eq=False, repr=False)
    data_from: Message | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        return self.in_("en")

    def in_(self, lang: str) -> str:
        """The outcome for people in ``lang`` (``vi`` or ``en``): confirmed or not, each
        difference (its place in the result and the values, as the JSON has them), and the
        rules, data and engine used. The engine's name in the reader's language."""
        from .text import engine_name, t

        used = [
            t(
                "verify.rules",
                lang,
                source=self.pack_from.in_(lang) if self.pack_from else self.pack_source,
                digest=self.pack_digest,
            ),
            t(
                "verify.data",
                lang,
                source=self.data_from.in_(lang) if self.data_from else self.data_source,
                digest=self.inputs_digest,
            ),
            t("verify.engine", lang, engine=engine_name(self.engine, lang)),
        ]
        if self.confirmed:
            return "\n".join([t("verify.confirmed", lang), *used])
        return "\n".join(
            [t("verify.not-confirmed", lang), *(f"  - {d}" for d in self.differences), t("verify.checked-with", lang), *used]
        )


# -- reading a result ------------------------------------------------------------------------------


def read_result(source: Mapping[str, Any] | str | Path, *, whole: bool = True) -> dict[str, Any]:
    """A result as plain JSON values, read strictly: from a file (UTF-8 JSON; a key twice in
    one object, NaN or Infinity refused) or from a mapping (which must be plain JSON values).
    Checks its form against ``docs/result.schema.json`` (every field present, none unknown,
    each of its type; with ``whole=False`` all but the items of the decisions and the ledger,
    which take most of the time). Raises :class:`~rallyrules.ResultError` listing every problem."""
    where = "<result>"
    if isinstance(source, Mapping):
        try:
            data = json.loads(_canonical(source))
        except (TypeError, ValueError, RecursionError) as exc:
            raise ResultError("not a rallyrules result", [Problem(f"not plain JSON values: {exc}", where)]) from None
    else:
        where = str(source)
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise ResultError(
                f"cannot read result {where}", [Problem(f"cannot read the file: {exc.strerror or exc}", where)]
            ) from None
        try:
            data = loads_strict(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise ResultError(f"cannot read result {where}", [Problem(f"not UTF-8 text (byte {exc.start})", where)]) from None
        except json.JSONDecodeError as exc:
            raise ResultError(f"cannot read result {where}", [Problem(f"not JSON: {exc.msg}", where, exc.lineno)]) from None
        except (ValueError, RecursionError) as exc:
            message = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
            raise ResultError(f"cannot read result {where}", [Problem(message, where)]) from None
    if not isinstance(data, dict):
        raise ResultError("not a rallyrules result", [Problem(f"expected a JSON object, found {_json_type(data)}", where)])
    fmt = data.get("format")
    if fmt in ("rallyrules-result/1", "rallyrules-result/2", "rallyrules-result/3"):
        raise ResultError(
            "a result of an older format",
            [
                Problem(
                    f"format {fmt!r} (a development version of 0.1.0) digests its inputs differently or names local paths "
                    f"and repeats the pack and engine; evaluate again to get a '{RESULT_FORMAT}' result, then verify that",
                    where,
                )
            ],
        )
    if fmt != RESULT_FORMAT:
        raise ResultError(
            "not a rallyrules result",
            [Problem(f"expected 'format': '{RESULT_FORMAT}', found {_show(fmt) if 'format' in data else 'none'}", where)],
        )
    _check_form(data if whole else _skeleton(data), where)
    if data["receipt"] is None:
        raise ResultError("a result without a receipt", [Problem("'receipt' is null: nothing says what to re-run", where)])
    return data


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(resources.files("rallyrules").joinpath("_schema/result.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _skeleton(data: Mapping[str, Any]) -> dict[str, Any]:
    """The result without the items of its long lists (for a quick check of its form)."""
    counting = data.get("counting")
    out = {**data}
    if isinstance(data.get("decisions"), list):
        out["decisions"] = []
    if isinstance(counting, dict) and isinstance(counting.get("ledger"), list):
        out["counting"] = {**counting, "ledger": []}
    return out


def _check_form(data: Mapping[str, Any], where: str, known: Mapping[str, Any] | None = None) -> None:
    """Raise ResultError listing every place where ``data`` is not of the result's form.
    With ``known`` (a well-formed result), the decisions and ledger entries that are also in
    it are not checked again: a large result that differs in a few places is checked fast."""
    places: dict[str, list[int]] = {}
    if known is not None and isinstance(data.get("decisions"), list) and isinstance(data.get("counting"), dict):
        ledger = data["counting"].get("ledger")
        if isinstance(ledger, list):
            seen = {_canonical(x) for x in known["decisions"]}
            places["decisions"] = [i for i, x in enumerate(data["decisions"]) if _canonical(x) not in seen]
            seen = {_canonical(x) for x in known["counting"]["ledger"]}
            places["ledger"] = [i for i, x in enumerate(ledger) if _canonical(x) not in seen]
            data = {
                **data,
                "decisions": [data["decisions"][i] for i in places["decisions"]],
                "counting": {**data["counting"], "ledger": [ledger[i] for i in places["ledger"]]},
            }
    problems = [Problem(message, where) for message in _form_problems(data, places)]
    if problems:
        raise ResultError(f"not a well-formed {RESULT_FORMAT} result", problems)


def _form_problems(data: Mapping[str, Any], places: Mapping[str, list[int]] | None = None) -> list[str]:
    """Every place where ``data`` is not of the result's form (the first 50, then a count);
    ``places`` maps the items of a list checked alone back to their places in the result."""
    errors = sorted(
        (leaf for error in _validator().iter_errors(data) for leaf in _leaves(error)),
        key=lambda e: [str(p) for p in e.absolute_path],
    )

    def where(error: Any) -> str:
        parts = list(error.absolute_path)
        for name, depth in (("decisions", 1), ("ledger", 2)):
            if places and name in places and len(parts) > depth and parts[depth - 1] == name and isinstance(parts[depth], int):
                parts[depth] = places[name][parts[depth]]
        return _path(parts) or "the top"

    out = [f"at {where(e)}: {_schema_message(e)}" for e in errors[:MAX_DETAILS]]
    if len(errors) > MAX_DETAILS:
        out.append(f"and {len(errors) - MAX_DETAILS} more places not of the result's form")
    return out


def _leaves(error: Any) -> Iterator[Any]:
    """An error of an ``anyOf`` (an object or null…) as the errors of the branch that fits
    the value's type, so that ``"receipt": {}`` says which keys are missing."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        # the branches whose type does not fit fail at the value itself; the one that fits, deeper
        fitting = [e for e in error.context if e.relative_path or e.validator not in ("type", "const")]
        if fitting:
            for sub in fitting:
                yield from _leaves(sub)
            return
    yield error


def _schema_message(error: Any) -> str:
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown key(s) {unknown}: not part of a {RESULT_FORMAT} result"
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is missing")
    message = str(error.message)
    return message if len(message) <= 200 else message[:200] + "…"


# -- verifying -------------------------------------------------------------------------------------


def verify_result(
    result: Mapping[str, Any] | str | Path,
    *,
    rules: str | Path | RulePack | None = None,
    data: str | Path | Dataset | None = None,
) -> Verification:
    """Re-run a result (a mapping, or the path of its JSON file) and compare the whole of it.

    ``rules``: the rule pack's folder (or the pack); by default the bundled pack whose id the
    result names. ``data``: a data folder, or the records as a :class:`~rallyrules.Dataset`;
    by default the bundled data of that pack. Nothing is read from a place the result
    names. Raises :class:`~rallyrules.ResultError` for a result that is not well formed
    (every problem listed) or whose pack or data cannot be found,
    :class:`~rallyrules.RulePackError`/:class:`~rallyrules.DataError` for a bad pack or data
    folder given, :class:`~rallyrules.EngineError` if the engine fails; a well-formed result
    that differs gives ``confirmed=False`` with the differences."""
    claimed = read_result(result, whole=False)  # the rest of its form is checked when it differs
    where = "<result>" if isinstance(result, Mapping) else str(result)
    receipt = claimed["receipt"]
    pack, pack_source = _find_pack(receipt["pack_id"], rules, where)
    if receipt["choices"]:
        # The readings the result was made under: its pack digest covers them.
        try:
            pack = pack.choose(receipt["choices"])
        except RulePackError as exc:
            raise ResultError(
                "the result's readings cannot be chosen",
                [Problem(f"at receipt.choices: {p.message}", where) for p in exc.problems],
            ) from None
        pack_source = Message(
            "verify.source.readings", source=pack_source, choices=", ".join(f"{i}={a}" for i, a in pack.choices)
        )
    dataset, data_source = _find_data(pack, data, where)
    try:
        moment = dt.datetime.fromisoformat(receipt["evaluated_at"])
    except ValueError:
        raise ResultError(
            "not a well-formed result", [Problem(f"at receipt.evaluated_at: not a time: {_show(receipt['evaluated_at'])}", where)]
        ) from None
    durable = str(receipt["engine"]).startswith("durable")
    engine: EngineChoice = "durable" if durable and _engine.AVAILABLE else "python"
    evaluation = evaluate(pack, dataset, engine=engine, evaluated_at=moment)
    again = json.loads(_canonical(evaluation.to_dict()))
    fresh = again["receipt"]
    differences: list[str] = []
    if pack.id != receipt["pack_id"]:
        differences.append(f"the rule pack used is '{pack.id}', the result names '{_text(receipt['pack_id'])}'")
    if pack.digest != receipt["pack_digest"]:
        differences.append(
            f"the rule pack used ({pack_source}) has digest {pack.digest}; the result was made by a pack with digest "
            f"{_text(receipt['pack_digest'])}: other rule files (the decisions below follow from that)"
        )
    if fresh["inputs_digest"] != receipt["inputs_digest"]:
        differences.append(
            f"the data used ({data_source}) have digest {fresh['inputs_digest']}; the result was made from data with digest "
            f"{_text(receipt['inputs_digest'])}: other records (the decisions below follow from that)"
        )
    if durable and not _engine.AVAILABLE:
        differences.append(
            f"the result was decided by {_text(receipt['engine'])}, which does not run here; the Python evaluator decided "
            "again, so the engine named cannot be confirmed"
        )
    if _canonical(claimed) != _canonical(again):
        _check_form(claimed, where, again)  # a malformed part is refused, not compared
        differences += _ids(claimed)
        differences += _differences(claimed, again)
        if not differences:  # pragma: no cover - the canonical forms differ, so some part does
            differences.append("the result differs from the new evaluation")
    return Verification(
        not differences, tuple(differences), evaluation.engine, str(pack_source), pack.digest, str(data_source), fresh["inputs_digest"],
        pack_from=pack_source, data_from=data_source,
    )  # fmt: skip


def _find_pack(pack_id: str, rules: str | Path | RulePack | None, where: str) -> tuple[RulePack, Message]:
    """The pack to re-run: the one given, else the bundled pack of that id (the id is only
    compared with the bundled packs' folder names, never used as a path)."""
    if isinstance(rules, RulePack):
        return rules, Message("verify.source.pack-given", pack=rules.id)
    if rules is not None:
        pack = load_rule_pack(rules)
        return pack, Message("verify.source.pack-folder", folder=str(rules))
    folders = bundled_packs()
    for folder in folders:
        if folder.name == pack_id:
            return load_rule_pack(folder), Message("verify.source.pack-bundled", pack=folder.name, folder=str(folder))
    raise ResultError(
        "the result's rule pack is not bundled",
        [
            Problem(
                f"the result is of rule pack {_show(pack_id)}, which is not bundled (bundled: {[f.name for f in folders]}); "
                "give its folder (rallyrules verify --rules DIR)",
                where,
            )
        ],
    )


def _find_data(pack: RulePack, data: str | Path | Dataset | None, where: str) -> tuple[Dataset, Message]:
    """The data to re-run on: the records or folder given, else the bundled data of the pack."""
    if isinstance(data, Dataset):
        return data, Message("verify.source.records", source=str(data.source))
    if data is not None:
        return load_dataset(data), Message("verify.source.data-folder", folder=str(data))
    root = bundled_fixtures_root()
    folders = {p.name: p for p in root.iterdir() if p.is_dir()} if root.is_dir() else {}
    folder = folders.get(pack.id)
    if folder is None:
        raise ResultError(
            "no data to verify against",
            [Problem(f"rule pack '{pack.id}' has no bundled data; give the data folder (rallyrules verify --data DIR)", where)],
        )
    return load_dataset(folder), Message("verify.source.data-bundled", pack=pack.id, folder=str(folder))


# -- comparing -------------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    """The canonical text of a JSON value: keys sorted, no spaces, every value with its JSON
    type (``1``, ``1.0`` and ``true`` differ), NaN refused."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _ids(claimed: Mapping[str, Any]) -> list[str]:
    """Decisions whose id is not the id of the receipt, round, rule and subject, and ids
    that appear more than once."""
    receipt = claimed["receipt"]
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, d in enumerate(claimed["decisions"]):
        expected = decision_id(receipt["pack_digest"], receipt["inputs_digest"], d["round"], d["rule_id"], d["subject_id"])
        if d["id"] != expected:
            out.append(f"decisions[{i}].id {_text(d['id'])} is not the id of the receipt, round, rule and subject ({expected})")
        if d["id"] in seen:
            out.append(f"decisions[{i}] repeats the id {_text(d['id'])} of decisions[{seen[d['id']]}]: one decision given twice")
        seen.setdefault(d["id"], i)
    return out[:MAX_DETAILS] + (
        [f"and {len(out) - MAX_DETAILS} more decisions with ids that do not fit"] if len(out) > MAX_DETAILS else []
    )


def _differences(claimed: Mapping[str, Any], again: Mapping[str, Any]) -> list[str]:
    """What differs between the result and the new evaluation, place by place."""
    out: list[str] = []
    for key in sorted(set(claimed) | set(again)):
        if key in ("decisions", "findings"):
            out += _list_differences(key, claimed.get(key, []), again.get(key, []))
        elif key == "counting":
            before, after = claimed.get(key, {}), again.get(key, {})
            for part in sorted(set(before) | set(after)):
                if part == "ledger":
                    out += _list_differences("counting.ledger", before.get(part, []), after.get(part, []))
                else:
                    out += list(_value_differences(f"counting.{part}", before.get(part, _MISSING), after.get(part, _MISSING)))
        else:
            out += list(_value_differences(key, claimed.get(key, _MISSING), again.get(key, _MISSING)))
    return out


_MISSING = object()


def _value_differences(path: str, before: Any, after: Any) -> Iterator[str]:
    """The places where two JSON values differ (type-strict), deepest first named."""
    if before is _MISSING:
        yield f"{path}: missing from the result (these rules give {_show(after)})"
    elif after is _MISSING:
        yield f"{path}: not part of a result of these rules ({_show(before)})"
    elif isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after)):
            yield from _value_differences(f"{path}.{key}", before.get(key, _MISSING), after.get(key, _MISSING))
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            yield from _value_differences(f"{path}[{i}]", b, a)
    elif _canonical(before) != _canonical(after):
        yield f"{path}: the result says {_show(before)}, these rules give {_show(after)}"


def _list_differences(path: str, before: Sequence[Any], after: Sequence[Any]) -> list[str]:
    """Items of a list (decisions, ledger, findings) added, removed, moved or changed."""
    if not isinstance(before, list) or not isinstance(after, list):
        return list(_value_differences(path, before, after))
    old, new = [_canonical(x) for x in before], [_canonical(x) for x in after]
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            details = list(_value_differences(f"{path}[{i1 + k}]", before[i1 + k], after[j1 + k]))
            out.append(f"{path}[{i1 + k}] {_name(before[i1 + k])} differs: " + "; ".join(details))
        for i in range(i1 + paired, i2):
            out.append(f"{path}[{i}] {_name(before[i])}: not made by these rules on these data (added, repeated or moved)")
        for j in range(j1 + paired, j2):
            out.append(f"{path}: missing, at place {j}: {_name(after[j])} (these rules make it)")
    if len(out) > MAX_DETAILS:
        out = out[:MAX_DETAILS] + [f"and {len(out) - MAX_DETAILS} more differences in {path}"]
    return out


def _name(item: Any) -> str:
    """A short name of a list item: a decision's id, subject, round, rule and outcome; a
    ledger entry's enrolment and reason."""
    if not isinstance(item, dict):
        return _show(item)
    if "rule_id" in item:
        selection = item.get("selection")
        status = f"/{selection.get('status')}" if isinstance(selection, dict) else ""
        return (
            f"({_text(item.get('id'))}: {_text(item.get('subject_id'))}, {_text(item.get('round'))}, "
            f"{_text(item.get('rule_id'))}: {_text(item.get('outcome'))}{_text(status)})"
        )
    if "enrolment_id" in item:
        return f"(enrolment {_text(item.get('enrolment_id'))}: {_text(item.get('reason'))})"
    if "check" in item:
        return f"({_text(item.get('check'))}: {_text(item.get('subject_id'))}, wave {_text(item.get('wave'))})"
    return ""


def _show(value: Any) -> str:
    """A JSON value as it is written in the file, shortened."""
    text = _canonical(value) if value is not _MISSING else "(none)"
    return text if len(text) <= 120 else text[:117] + "…"


def _text(value: Any) -> str:
    """Text from a result, inert and short, for a message."""
    shown = value if isinstance(value, str) else _canonical(value)
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in shown)
    return shown if len(shown) <= 120 else shown[:117] + "…"


def _path(parts: Sequence[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "text", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), "null"
    )
