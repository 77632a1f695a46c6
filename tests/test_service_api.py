"""Property-based tests of the HTTP API, generated from its OpenAPI document (schemathesis,
on hypothesis) against a live server on 127.0.0.1: whatever the request, no 5xx, and every
response is one the document describes (status, content type, headers, body schema).

Example counts are bounded so CI stays fast; the server has one evaluation already, so the
operations on an evaluation meet a real one as well as made-up ids."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

pytest.importorskip("schemathesis")

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .servers import ROOT, TOKEN, client, district_tables, live_server

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::DeprecationWarning")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"RALLYRULES_SERVE_SYNC_MAX_ROWS": "50000"}
    with live_server(tmp_path_factory.mktemp("api") / "db.sqlite3", env=env) as url:
        with client(url) as api:
            response = api.post("/v1/evaluations", json={"pack": "can-tho-2023", "tables": district_tables()})
            assert response.status_code == 201
        yield url


# The operations, from the committed document (test_the_document_is_committed: the one served).
SCHEMA = schemathesis.openapi.from_dict(json.loads((ROOT / "docs" / "openapi.json").read_text("utf-8")))
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_error_and_responses_match_the_document(label: str, base: str) -> None:
    """Any request the document allows (and many it does not): a documented answer, never 5xx."""
    operation = OPERATIONS[label]
    seen: set[int] = set()

    @given(case=operation.as_strategy())
    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: schemathesis.Case) -> None:
        response = case.call_and_validate(base_url=base, headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)
        seen.add(response.status_code)

    run()
    assert seen - {401}, f"{label}: every request was refused at the door ({seen})"


def test_the_document_is_committed(base: str) -> None:
    """What schemathesis tested is docs/openapi.json (tests/test_service.py checks it too)."""
    import httpx

    committed = json.loads((ROOT / "docs" / "openapi.json").read_text("utf-8"))
    assert httpx.get(f"{base}/openapi.json").json() == committed
