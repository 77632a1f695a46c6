"""The OpenAPI 3.1 document: FastAPI's, completed with what the routes cannot say themselves.

- the result format (``rallyrules-result/3``) from the library's own JSON Schema
  (``rallyrules/_schema/result.schema.json``), each decision with its ``id``;
- the input tables from :func:`rallyrules.tables.input_schema` (records keyed by the
  English column names), and the two forms of an evaluation's inputs: JSON records or
  files (``multipart/form-data``, fields ``<table>.<format>``);
- errors as ``application/problem+json``; the bearer-token scheme (all of ``/v1`` but
  ``/v1/health``).

The document is committed as ``docs/openapi.json`` (``python -m rallyrules.service.openapi``
writes it); a test checks that it is what the service serves.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from ..tables import FORMATS, REQUIRED_TABLES, TABLES, input_schema
from . import _models
from ._problems import PROBLEM_JSON

__all__ = ["finish_openapi", "openapi_text"]

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_ERRORS = {
    "401": "No valid bearer token (the same answer for every path)",
    "404": "No such pack, evaluation, decision or subject",
    "409": "The evaluation has no result (yet), or its inputs were not kept",
    "413": "Over max_upload_bytes or max_rows (`limit` names it)",
    "415": "Neither application/json nor multipart/form-data",
    "422": "Not valid: `problems` names each problem's file, line or field",
    "500": "A failure of the service, the engine or a served pack (`incident` to quote)",
    "501": "Not available yet (proposal documents)",
    "503": "Busy (Retry-After) or stopping",
}
_OPEN = {"/v1/health"}


def _result_schemas() -> dict[str, Any]:
    """The library's result schema, its $defs hoisted into components, decisions with an id."""
    schema = json.loads(resources.files("rallyrules").joinpath("_schema/result.schema.json").read_text("utf-8"))
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    schema.pop("$id", None)
    names = {name: "Result" + name[:1].upper() + name[1:] for name in defs}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: rewrite(v) for k, v in node.items()}
            ref = out.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                out["$ref"] = "#/components/schemas/" + names[ref[len("#/$defs/") :]]
            return out
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    schema = rewrite(schema)
    decision = schema["properties"]["decisions"]["items"]
    if "id" not in decision.get("properties", {}):
        decision["properties"] = {
            "id": {"type": "string", "pattern": "^d-[0-9a-f]{32}$", "description": "The decision's stable id (decision_id)"},
            **decision["properties"],
        }
        decision["required"] = ["id", *decision.get("required", [])]
    schema["properties"]["decisions"]["items"] = {"$ref": "#/components/schemas/Decision"}
    out = {names[name]: rewrite(value) for name, value in defs.items()}
    out["Decision"] = decision
    out["Result"] = schema
    return out


def _input_schemas() -> dict[str, Any]:
    out = {}
    for table in TABLES:
        schema = input_schema(table)
        schema.pop("$schema", None)
        schema.pop("$id", None)
        out["Input" + table.capitalize()] = schema
    return out


def _hoisted(model: type[Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {**defs, model.__name__: schema}


def _multipart() -> dict[str, Any]:
    properties: dict[str, Any] = {
        "pack": {"type": "string", "maxLength": 200, "description": "The id of a pack this service serves"},
        "engine": {"type": "string", "enum": ["auto", "durable", "python"], "default": "auto"},
    }
    for table in TABLES:
        for fmt in FORMATS:
            required = " (required: one format of it)" if table in REQUIRED_TABLES else ""
            properties[f"{table}.{fmt}"] = {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": f"The table '{table}' as a .{fmt} file{required}; the file's own name is not used",
            }
    return {"type": "object", "required": ["pack"], "properties": properties, "additionalProperties": False}


def finish_openapi(app: FastAPI) -> dict[str, Any]:
    """The service's OpenAPI document (built once per application)."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title, version=app.version, openapi_version=app.openapi_version, summary=app.summary,
        description=app.description, routes=app.routes,
    )  # fmt: skip
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(_result_schemas())
    schemas.update(_input_schemas())
    schemas.update(_hoisted(_models.EvaluationRequest))
    schemas.update(_hoisted(_models.VerificationRequest))
    schemas.update(_hoisted(_models.Problem))
    tables = schemas["Tables"]["properties"]
    for table in TABLES:
        ref = {"$ref": f"#/components/schemas/Input{table.capitalize()}"}
        tables[table] = ref if table in REQUIRED_TABLES else {"anyOf": [ref, {"type": "null"}], "default": None}
    doc["components"]["requestBodies"] = {
        "EvaluationInputs": {
            "required": True,
            "description": "The data set: JSON records, or files as multipart/form-data",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/EvaluationRequest"}},
                "multipart/form-data": {"schema": _multipart()},
            },
        }
    }
    doc["components"]["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from the service's tokens_file or RALLYRULES_SERVE_TOKENS",
        }
    }
    doc["security"] = [{"bearer": []}]
    for path, operations in doc.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if path in _OPEN:
                operation["security"] = []
                responses.pop("401", None)
            for status, response in responses.items():
                if status[:1] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": copy.deepcopy(_PROBLEM_REF)}}
                    response["description"] = _ERRORS.get(status, "Problem")
    app.openapi_schema = doc
    return doc


def openapi_text(app: FastAPI) -> str:
    """The document as committed in ``docs/openapi.json``: indented, keys in their order, UTF-8."""
    return json.dumps(finish_openapi(app), ensure_ascii=False, indent=2) + "\n"
