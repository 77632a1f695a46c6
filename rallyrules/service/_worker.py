"""What runs in the worker processes: evaluate, verify, make a workbook.

Each job is a plain dict in and a plain dict out (both cross a process boundary); the
library's exceptions never cross it — they become problem documents here, with the file,
line and message of every problem, and paths inside the service's private spool folder
shown as the bare file names the client sent. Anything unexpected is logged here with its
traceback and an incident id, and only the id goes back.

An evaluation job writes its own outcome to the database (the decision log in one
transaction with the result), so the web process never parses a result it serves.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import tempfile
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import (
    CompileError,
    DataError,
    Dataset,
    EngineError,
    Evaluation,
    ResultError,
    RulePack,
    RulePackError,
    check_dataset,
    evaluate,
    load_dataset,
    load_rule_pack,
)
from ..decisions import decision_id
from ._problems import problem, problems_of
from ._store import Store

__all__ = ["evaluate_job", "result_with_ids", "verify_job", "workbook_job"]

log = logging.getLogger("rallyrules.service")


# -- results with decision ids -------------------------------------------------------------------


def result_with_ids(evaluation: Evaluation) -> dict[str, Any]:
    """``evaluation.to_dict()``, with each decision's stable id (``decision_id``) as ``"id"``,
    first, unless the library's result already carries it."""
    result = evaluation.to_dict()
    receipt = result["receipt"]
    decisions = []
    for d in result["decisions"]:
        if "id" not in d:
            d = {
                "id": decision_id(receipt["pack_digest"], receipt["inputs_digest"], d["round"], d["rule_id"], d["subject_id"]),
                **d,
            }
        decisions.append(d)
    result["decisions"] = decisions
    return result


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def result_texts(result: Mapping[str, Any]) -> tuple[bytes, list[str]]:
    """The JSON served for a result (compact, UTF-8, keys in the library's order) and the JSON
    of each decision in it, each made once: the decisions are written one by one and put in
    their place, which gives the same bytes as dumping the whole."""
    texts = [_dumps(d) for d in result["decisions"]]
    marker = _dumps(secrets.token_hex(16))  # a place-holder no input can know
    skeleton = _dumps({**result, "decisions": json.loads(marker)})
    if skeleton.count(marker) != 1:  # pragma: no cover - 2**-128
        return _dumps(result).encode("utf-8"), texts
    head, _, tail = skeleton.partition(marker)
    return (head + "[" + ",".join(texts) + "]" + tail).encode("utf-8"), texts


def result_bytes(result: Mapping[str, Any]) -> bytes:
    """The JSON served for a result (see :func:`result_texts`)."""
    return result_texts(result)[0]


# -- inputs ----------------------------------------------------------------------------------------


def _dataset(inputs: Mapping[str, Any], source: str) -> Dataset:
    """The data set of a job: records (as ``Dataset.from_records`` takes them) or a spool
    folder of ``<table>.<format>`` files read by ``load_dataset``; its source is ``source``."""
    if inputs["kind"] == "records":
        tables = {name.replace("-", "_"): records for name, records in inputs["tables"].items()}  # admin-units
        return Dataset.from_records(**tables, source=source)
    dataset = load_dataset(inputs["folder"])
    dataset.source = source  # the spool folder is the service's business, not the result's
    return dataset


def _rows(dataset: Dataset) -> int:
    return sum(
        len(getattr(dataset, t))
        for t in ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters")
    )


#: Packs this worker loaded, by folder: a pack is immutable, and the service evaluates the one
#: it announced (the digest in the job), so a worker loads each folder once.
_PACKS: dict[str, RulePack] = {}


def _pack(spec: Mapping[str, Any]) -> RulePack:
    """The served pack (checked unchanged on disk), read with the job's ``choose``."""
    pack = _served_pack(spec)
    return pack.choose(spec["choose"]) if spec.get("choose") else pack


def _served_pack(spec: Mapping[str, Any]) -> RulePack:
    cached = _PACKS.get(spec["pack_path"])
    if cached is not None and cached.digest == spec["pack_digest"]:
        return cached
    pack = _PACKS[spec["pack_path"]] = load_rule_pack(spec["pack_path"])
    if pack.digest != spec["pack_digest"]:
        raise _Stop(
            problem(
                "pack-changed",
                "The rule pack changed on disk",
                503,
                f"the files of rule pack '{pack.id}' changed since the service started (digest {spec['pack_digest'][:12]}… "
                f"now {pack.digest[:12]}…); the service evaluates only what it announced — restart it to serve the new files",
            )
        )
    return pack


class _Stop(Exception):
    def __init__(self, document: dict[str, Any]) -> None:
        super().__init__(document["detail"])
        self.document = document


def _guarded(spec: Mapping[str, Any], work: Any) -> dict[str, Any]:
    """Run ``work()``; the library's errors become problem documents, anything else an incident."""
    folder = spec.get("inputs", {}).get("folder") or ""
    try:
        out: dict[str, Any] = work()
        return out
    except _Stop as stop:
        return {"ok": False, "problem": stop.document}
    except DataError as exc:
        return {"ok": False, "problem": problems_of("bad-input-data", "The input data is not valid", 422, exc, folder)}
    except ResultError as exc:
        return {"ok": False, "problem": problems_of("bad-result", "The result is not a well-formed result", 422, exc, folder)}
    except RulePackError as exc:
        return {"ok": False, "problem": problems_of("bad-rule-pack", "The rule pack is not valid", 500, exc, folder)}
    except CompileError as exc:
        return {"ok": False, "problem": problems_of("compile-error", "The rule pack cannot be run faithfully", 500, exc, folder)}
    except EngineError as exc:
        return {"ok": False, "problem": problem("engine-error", "The engine failed", 500, _portable(str(exc), folder))}
    except Exception:
        incident = "inc-" + secrets.token_hex(8)
        log.error("incident %s in a %s job:\n%s", incident, spec.get("job"), traceback.format_exc())
        return {"ok": False, "problem": problem("internal", "Internal error", 500, f"incident {incident}", incident=incident)}


def _portable(text: str, folder: str) -> str:
    return text.replace(folder.rstrip("/") + "/", "").replace(folder, "the upload") if folder else text


# -- jobs ------------------------------------------------------------------------------------------


def evaluate_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Evaluate the inputs of one stored evaluation, store the outcome; return it (with the
    served bytes when ``spec["respond"]``)."""
    store = Store(Path(spec["database"]))
    store.start(spec["evaluation_id"])

    def work() -> dict[str, Any]:
        pack = _pack(spec)
        dataset = _dataset(spec["inputs"], spec["source"])
        rows = _rows(dataset)
        if rows > spec["max_rows"]:
            raise _Stop(
                problem(
                    "too-large",
                    "Too many rows",
                    413,
                    f"{rows} rows; this service evaluates at most {spec['max_rows']} (max_rows)",
                )
            )
        check_dataset(pack, dataset)
        evaluation = evaluate(pack, dataset, engine=spec["engine"])
        result = result_with_ids(evaluation)
        body, texts = result_texts(result)
        store.succeed(spec["evaluation_id"], result, body, texts)
        return {"ok": True, "body": body if spec.get("respond") else None}

    outcome = _guarded(spec, work)
    if not outcome["ok"]:
        store.fail(spec["evaluation_id"], outcome["problem"])
    return outcome


def verify_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Verify a result (``spec["result"]``) against a served pack and the given inputs."""
    from ..verify import verify_result

    def work() -> dict[str, Any]:
        pack = _served_pack(spec)  # a pack the service serves, never a path from the result (verify applies its readings)
        inputs = spec["inputs"]
        data: Path | Dataset = Path(inputs["folder"]) if inputs["kind"] == "files" else _dataset(inputs, "the records posted")
        verification = verify_result(spec["result"], rules=pack, data=data)
        return {
            "ok": True,
            "verification": {
                "confirmed": verification.confirmed,
                "differences": [_portable(d, inputs.get("folder") or "") for d in verification.differences],
                "engine": verification.engine,
                "pack_digest": verification.pack_digest,
                "inputs_digest": verification.inputs_digest,
            },
        }

    return _guarded(spec, work)


def document_job(spec: dict[str, Any]) -> dict[str, Any]:
    """One proposal document (``spec["name"]``, ``spec["format"]`` docx or xlsx) of a stored
    evaluation (``rallyrules.outputs.office``): the inputs evaluated again at the receipt's
    time, checked to give the stored result byte for byte."""
    from ..outputs import office

    def work() -> dict[str, Any]:
        pack = _pack(spec)
        dataset = _dataset(spec["inputs"], spec["source"])
        evaluation = _reproduced(spec, pack, dataset, "document")
        for proposal in office.proposals(evaluation, pack, dataset):
            if proposal.file_stem == spec["name"]:
                write = office.proposal_docx if spec["format"] == "docx" else office.proposal_xlsx
                return {"ok": True, "body": write(proposal)}
        raise _Stop(problem("not-found", "No such document", 404, f"the evaluation has no proposal '{spec['name']}'"))

    return _guarded(spec, work)


def _reproduced(spec: Mapping[str, Any], pack: RulePack, dataset: Dataset, what: str) -> Evaluation:
    """The stored evaluation made again from its kept inputs, or a problem if it differs."""
    moment = dt.datetime.fromisoformat(spec["evaluated_at"])
    evaluation = evaluate(pack, dataset, engine=spec["engine"], evaluated_at=moment)
    if result_bytes(result_with_ids(evaluation)) != spec["expected"]:
        raise _Stop(
            problem(
                "not-reproduced", "The evaluation could not be reproduced", 500,
                f"evaluated again, the stored inputs do not give the stored result; no {what} is made from a result "
                "that cannot be reproduced",
            )
        )  # fmt: skip
    return evaluation


def explanations_job(spec: dict[str, Any]) -> dict[str, Any]:
    """Every explanation of a stored evaluation in ``spec["lang"]`` (``Evaluation.explain``,
    by subject or unit, as JSON): the inputs evaluated again at the receipt's time, checked
    to give the stored result byte for byte, so that the explanations name units, fields and
    indicators exactly as the library does."""

    def work() -> dict[str, Any]:
        pack = _pack(spec)
        dataset = _dataset(spec["inputs"], spec["source"])
        evaluation = _reproduced(spec, pack, dataset, "explanation")
        subjects = sorted({d["subject_id"] for d in evaluation.decision_frame().select("subject_id").to_dicts()})
        texts = {subject: evaluation.explain(subject, spec["lang"]) for subject in subjects}
        return {"ok": True, "body": json.dumps(texts, ensure_ascii=False).encode("utf-8")}

    return _guarded(spec, work)


def workbook_job(spec: dict[str, Any]) -> dict[str, Any]:
    """The Excel workbook of a stored evaluation (``rallyrules.export.to_excel``): the inputs
    evaluated again at the receipt's time, checked to give the stored result byte for byte."""
    from ..export import to_excel

    def work() -> dict[str, Any]:
        pack = _pack(spec)
        dataset = _dataset(spec["inputs"], spec["source"])
        evaluation = _reproduced(spec, pack, dataset, "workbook")
        with tempfile.TemporaryDirectory(prefix="rallyrules-workbook-") as folder:
            path = to_excel(evaluation, Path(folder) / "workbook.xlsx", spec["lang"], pack=pack)
            return {"ok": True, "body": path.read_bytes()}

    return _guarded(spec, work)
