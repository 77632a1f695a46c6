"""The HTTP service against a real server: uvicorn on 127.0.0.1 in a subprocess, talked to
with httpx (tests/servers.py). What it answers is what the library gives on the same data;
bad input gets the library's problems; without a valid token nothing is revealed; a
restart loses nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

import rallyrules as rr
from rallyrules._bundled import bundled_fixtures_root, bundled_packs
from rallyrules.cli import main
from rallyrules.decisions import decision_id

from .servers import FIXTURES, TOKEN, client, district_tables, live_server, season_files

pytest.importorskip("fastapi")
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

PACK_ID = "can-tho-2023"


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def expected_result(dataset: rr.Dataset) -> dict[str, Any]:
    """The library's result on ``dataset`` with the bundled pack, an id on each decision
    (computed here from ``decision_id``, not by the service's code)."""
    pack = rr.load_rule_pack(bundled_packs()[0])
    result = rr.evaluate(pack, dataset).to_dict()
    receipt = result["receipt"]
    result["decisions"] = [
        d
        if "id" in d
        else {"id": decision_id(receipt["pack_digest"], receipt["inputs_digest"], d["round"], d["rule_id"], d["subject_id"]), **d}
        for d in result["decisions"]
    ]
    return result


def masked(result: dict[str, Any]) -> dict[str, Any]:
    """What truly differs between two runs on the same data: the time."""
    out = json.loads(json.dumps(result))
    out["receipt"]["evaluated_at"] = "<time>"
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("service") / "db.sqlite3") as base:
        yield base


@pytest.fixture(scope="module")
def api(server: str) -> Iterator[httpx.Client]:
    with client(server) as c:
        yield c


@pytest.fixture(scope="module")
def season(api: httpx.Client) -> tuple[str, dict[str, Any], bytes]:
    """The bundled season posted as CSV files: (evaluation id, result, bytes served)."""
    response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files=season_files())
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    return response.headers["location"].rsplit("/", 1)[1], response.json(), response.content


def test_bundled_season_equals_the_library(season: tuple[str, dict[str, Any], bytes]) -> None:
    """POST /v1/evaluations of the bundled season's files gives rallyrules.evaluate's result on
    the same folder, decision ids included, byte for byte in canonical JSON but the
    evaluation time and the inputs' source."""
    _, result, _ = season
    expected = expected_result(rr.load_dataset(bundled_fixtures_root() / PACK_ID))
    assert not any("/" in str(v) for v in result["receipt"].values())  # no path of the service's
    assert canonical(masked(result)) == canonical(masked(expected))
    assert len(result["decisions"]) > 1000
    assert all(d["id"].startswith("d-") for d in result["decisions"])


def test_json_records_equal_the_library(api: httpx.Client) -> None:
    """One district as JSON records gives the library's result on Dataset.from_records of them."""
    tables = district_tables()
    response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables})
    assert response.status_code == 201, response.text
    expected = expected_result(rr.Dataset.from_records(**tables))
    assert canonical(masked(response.json())) == canonical(masked(expected))


def test_stored_result_and_status(api: httpx.Client, season: tuple[str, dict[str, Any], bytes]) -> None:
    """The status resource says succeeded with the digests; the stored result is the bytes served."""
    evaluation_id, result, body = season
    status = api.get(f"/v1/evaluations/{evaluation_id}").json()
    assert status["status"] == "succeeded"
    assert status["inputs_digest"] == result["receipt"]["inputs_digest"]
    assert status["decisions"] == len(result["decisions"])
    assert status["rows"] == sum(len(f[1].splitlines()) - 1 for f in season_files().values())
    assert api.get(status["links"]["result"]).content == body


def test_decisions_filtered_and_paged(api: httpx.Client, season: tuple[str, dict[str, Any], bytes]) -> None:
    """Decisions by subject, round, rule and outcome, in pages that add up to the result's."""
    evaluation_id, result, _ = season
    base = f"/v1/evaluations/{evaluation_id}/decisions"
    wanted = [d for d in result["decisions"] if d["round"] == "wave-1" and d["outcome"] == "eligible"]
    got: list[dict[str, Any]] = []
    url: str | None = f"{base}?round=wave-1&outcome=eligible&limit=7"
    while url:
        page = api.get(url).json()
        assert page["total"] == len(wanted)
        got += page["items"]
        url = page["next"]
    assert got == wanted
    subject = result["decisions"][0]["subject_id"]
    page = api.get(base, params={"subject": subject}).json()
    assert page["items"] == [d for d in result["decisions"] if d["subject_id"] == subject]
    one = result["decisions"][5]
    assert api.get(f"{base}/{one['id']}").json() == one
    assert api.get(f"{base}/d-{'0' * 32}").status_code == 404


def test_explanations_are_the_librarys(api: httpx.Client, season: tuple[str, dict[str, Any], bytes]) -> None:
    """The explanation of a subject is Evaluation.explain, in Vietnamese and English."""
    evaluation_id, result, _ = season
    evaluation = rr.evaluate(rr.load_rule_pack(bundled_packs()[0]), rr.load_dataset(bundled_fixtures_root() / PACK_ID))
    subjects = sorted({d["subject_id"] for d in result["decisions"]})
    for subject in subjects[:: max(1, len(subjects) // 12)] + ["916", "BCD-31126"]:
        for lang in ("vi", "en"):
            response = api.get(f"/v1/evaluations/{evaluation_id}/subjects/{subject}/explanation", params={"lang": lang})
            assert response.status_code == 200
            assert response.headers["content-language"] == lang
            assert response.text == evaluation.explain(subject, lang)
    accepted = api.get(f"/v1/evaluations/{evaluation_id}/subjects/BCD-31126/explanation", headers={"Accept-Language": "vi-VN"})
    assert accepted.text == evaluation.explain("BCD-31126", "vi")
    assert api.get(f"/v1/evaluations/{evaluation_id}/subjects/nobody/explanation").status_code == 404


def test_bad_files_get_the_problems_the_cli_prints(api: httpx.Client, tmp_path: Path) -> None:
    """Bad CSV files: 422 problem+json whose problems (file, line, message) are
    DataError.problems of the same folder, and what `rallyrules check --data` prints."""
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("subjects.csv", "quotas.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    lines = (FIXTURES / "enrolments.csv").read_text("utf-8").splitlines()[:40]
    cells = lines[3].split(",")
    cells[3] = "2023-13-05"  # enrolled_on: no 13th month
    lines[3] = ",".join(cells)
    lines[7] = lines[7].replace("bhxh-tu-nguyen", "")
    (folder / "enrolments.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(rr.DataError) as caught:
        rr.load_dataset(folder)
    expected = [(Path(p.path or "").name, p.line, p.message) for p in caught.value.problems]
    assert len(expected) >= 2

    files = {f"{p.stem}.csv": ("whatever.txt", p.read_bytes()) for p in folder.iterdir()}
    response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files=files)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert document["type"] == "urn:rallyrules:problem:bad-input-data"
    assert [(p["file"], p["line"], p["message"]) for p in document["problems"]] == expected
    assert str(tmp_path) not in response.text and "Traceback" not in response.text

    printed = CliRunner().invoke(main, ["check", "--data", str(folder)])
    assert printed.exit_code == 1
    for file, line, message in expected:
        assert f"{file}:{line}: {message}" in printed.output
    status = api.get(response.headers["location"]).json()
    assert status["status"] == "failed" and status["problem"]["problems"] == document["problems"]


def test_missing_table_and_unknown_fields(api: httpx.Client) -> None:
    """A missing required file is named as the library names it; a field that is not
    <table>.<format> is refused, and an uploaded file's own name is never used."""
    files = season_files()
    del files["quotas.csv"]
    files["subjects.csv"] = ("../../../etc/passwd", files["subjects.csv"][1])
    response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files=files)
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["file"] == "quotas.csv" and "does not exist" in problem["message"]
    response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files={"../subjects.csv": ("a.csv", b"x")})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "../subjects.csv"
    response = api.post("/v1/evaluations", data={"pack": "../../rules/can-tho-2023"}, files=season_files())
    assert response.status_code == 422 and response.json()["type"].endswith(":unknown-pack")


def test_bad_json_records_name_the_record(api: httpx.Client) -> None:
    """Bad records are named table[index] with the library's message; a bad envelope names its field."""
    tables = district_tables()
    tables["quotas"][2]["quota"] = "many"
    with pytest.raises(rr.DataError) as caught:
        rr.Dataset.from_records(**tables)
    response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables})
    assert response.status_code == 422
    assert [(p["file"], p["message"]) for p in response.json()["problems"]] == [
        (p.path, p.message) for p in caught.value.problems
    ]
    response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": {"subjects": []}})
    assert response.status_code == 422
    assert {p["field"] for p in response.json()["problems"]} == {"body.tables.quotas", "body.tables.enrolments"}
    response = api.post("/v1/evaluations", content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    twice = b'{"pack": "can-tho-2023", "pack": "other", "tables": {"subjects": [], "quotas": [], "enrolments": []}}'
    response = api.post("/v1/evaluations", content=twice, headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "'pack' appears twice" in response.json()["problems"][0]["message"]
    response = api.post("/v1/evaluations", content=b'{"pack": NaN}', headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "NaN is not a JSON number" in response.json()["problems"][0]["message"]
    response = api.post("/v1/evaluations", content=b"x", headers={"Content-Type": "text/csv"})
    assert response.status_code == 415


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789", TOKEN + "x", "", "Basic abc"])
def test_no_valid_token_reveals_nothing(server: str, season: tuple[str, dict[str, Any], bytes], token: str | None) -> None:
    """Missing, wrong or malformed tokens: 401, WWW-Authenticate: Bearer, one body for every
    path, whether the resource exists or not."""
    evaluation_id = season[0]
    headers = {"Authorization": token if token is None or token.startswith("Basic") else f"Bearer {token}"} if token else {}
    bodies = set()
    for method, path in [
        ("GET", f"/v1/evaluations/{evaluation_id}"), ("GET", f"/v1/evaluations/ev-{'0' * 32}"), ("GET", "/v1/evaluations/x"),
        ("GET", "/v1/packs"), ("GET", "/v1/no-such-path"), ("POST", "/v1/evaluations"), ("GET", f"/v1/evaluations/{evaluation_id}/result"),
    ]:  # fmt: skip
        response = httpx.request(method, server + path, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        bodies.add(response.content)
    reference = httpx.get(server + "/v1/packs").content  # no token at all
    assert bodies == {reference}
    assert json.loads(reference) == {
        "type": "urn:rallyrules:problem:unauthorized", "title": "Unauthorized", "status": 401,
        "detail": "a valid bearer token is required",
    }  # fmt: skip
    assert httpx.get(server + "/v1/health").json() == {"status": "ok"}


def test_verification(api: httpx.Client, season: tuple[str, dict[str, Any], bytes]) -> None:
    """A stored evaluation is confirmed from its kept inputs; a posted result is verified
    against the served pack and kept inputs: confirmed as served, not when an outcome or an
    id was changed."""
    evaluation_id, result, _ = season
    assert api.post(f"/v1/evaluations/{evaluation_id}/verification").json()["confirmed"] is True
    assert api.post("/v1/verifications", json={"result": result}).json()["confirmed"] is True
    forged = json.loads(json.dumps(result))
    forged["decisions"][3]["outcome"] = "eligible" if forged["decisions"][3]["outcome"] != "eligible" else "not-eligible"
    forged["decisions"][4]["id"] = "d-" + "1" * 32
    forged["receipt"]["library_version"] = "0.0.0"
    verdict = api.post("/v1/verifications", json={"result": forged}).json()
    assert verdict["confirmed"] is False
    assert any("d-" + "1" * 32 in d for d in verdict["differences"])
    assert any(forged["decisions"][3]["subject_id"] in d for d in verdict["differences"])
    unknown = json.loads(json.dumps(result))
    unknown["receipt"]["inputs_digest"] = "0" * 64
    response = api.post("/v1/verifications", json={"result": unknown})
    assert response.status_code == 422 and response.json()["type"].endswith(":no-inputs")


def test_verification_with_posted_records(api: httpx.Client) -> None:
    tables = district_tables()
    result = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables}).json()
    assert api.post("/v1/verifications", json={"result": result, "tables": tables}).json()["confirmed"] is True
    tables["enrolments"] = tables["enrolments"][:-1]
    verdict = api.post("/v1/verifications", json={"result": result, "tables": tables}).json()
    assert verdict["confirmed"] is False and any("the data used" in d for d in verdict["differences"])


def test_workbook_and_documents(api: httpx.Client, season: tuple[str, dict[str, Any], bytes], tmp_path: Path) -> None:
    """The workbook is rallyrules.export.to_excel of the same evaluation, byte for byte;
    documents answer 501 until rallyrules.outputs exists."""
    from rallyrules.export import to_excel

    evaluation_id, result, _ = season
    response = api.get(f"/v1/evaluations/{evaluation_id}/workbook", params={"lang": "vi"})
    assert response.status_code == 200, response.text
    pack = rr.load_rule_pack(bundled_packs()[0])
    import datetime as dt

    moment = dt.datetime.fromisoformat(result["receipt"]["evaluated_at"])
    data = rr.load_dataset(bundled_fixtures_root() / PACK_ID)
    evaluation = rr.evaluate(pack, data, evaluated_at=moment)
    evaluation.dataset.source = f"service:evaluations/{evaluation_id}"
    assert response.content == to_excel(evaluation, tmp_path / "w.xlsx", "vi", pack=pack).read_bytes()
    from rallyrules.outputs import office

    expected = office.proposals(evaluation, pack, data)
    names = api.get(f"/v1/evaluations/{evaluation_id}/documents").json()["items"]
    assert sorted(names) == sorted(p.file_stem for p in expected)
    one = next(p for p in expected if p.round == "wave-1")
    response = api.get(f"/v1/evaluations/{evaluation_id}/documents/{one.file_stem}", params={"format": "xlsx"})
    assert response.status_code == 200, response.text
    assert response.content == office.proposal_xlsx(one)
    response = api.get(f"/v1/evaluations/{evaluation_id}/documents/{one.file_stem}")
    assert response.status_code == 200 and b"word/document.xml" in response.content
    missing = api.get(f"/v1/evaluations/{evaluation_id}/documents/de-nghi-khong-co")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_packs_rulebook_schema_scenarios(api: httpx.Client) -> None:
    """The served packs and their rulebook, schema and scenarios are the library's."""
    from rallyrules.rulebook import render_markdown
    from rallyrules.scenarios import load_scenarios, scenario_files

    pack = rr.load_rule_pack(bundled_packs()[0])
    listing = api.get("/v1/packs").json()["items"]
    assert [(p["id"], p["digest"]) for p in listing] == [(pack.id, pack.digest)]
    detail = api.get(f"/v1/packs/{PACK_ID}").json()
    assert [r["id"] for r in detail["rules"]] == [r.id for r in pack.rules]
    assert all("/" not in (r["path"] or "") for r in detail["rules"])
    assert api.get(f"/v1/packs/{PACK_ID}/rulebook", params={"format": "md"}).text == render_markdown(pack)
    assert api.get(f"/v1/packs/{PACK_ID}/rulebook").headers["content-type"].startswith("text/html")
    assert api.get(f"/v1/packs/{PACK_ID}/schema").json() == rr.rule_pack_schema()
    scenarios = api.get(f"/v1/packs/{PACK_ID}/scenarios").json()["items"]
    assert [s["id"] for s in scenarios] == [c.id for f in scenario_files(pack.root) for c in load_scenarios(f)]
    assert api.get("/v1/packs/nope").status_code == 404


def test_openapi_is_committed(server: str) -> None:
    """docs/openapi.json is the document the service serves (regenerate: python docs/make_http_api.py)."""
    served = httpx.get(server + "/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    committed = json.loads((Path(__file__).resolve().parent.parent / "docs" / "openapi.json").read_text("utf-8"))
    assert served == committed


def test_decision_log(api: httpx.Client, season: tuple[str, dict[str, Any], bytes]) -> None:
    """The log holds every decision with its id, digests and time."""
    evaluation_id, result, _ = season
    one = result["decisions"][0]
    page = api.get("/v1/decision-log", params={"decision_id": one["id"]}).json()
    entries = [e for e in page["items"] if e["evaluation_id"] == evaluation_id]
    assert entries == [
        {
            "id": one["id"], "evaluation_id": evaluation_id, "decided_at": result["receipt"]["evaluated_at"],
            "subject_id": one["subject_id"], "round": one["round"], "rule_id": one["rule_id"], "outcome": one["outcome"],
            "selection": (one.get("selection") or {}).get("status"), "pack_digest": result["receipt"]["pack_digest"],
            "inputs_digest": result["receipt"]["inputs_digest"],
        }
    ]  # fmt: skip


# -- servers of their own --------------------------------------------------------------------------


def test_restart_keeps_evaluations_and_the_log(tmp_path: Path) -> None:
    """Stop the server, start it again on the same database: the evaluation, its result and
    the decision log are there; one left running by a dead process is marked interrupted."""
    database = tmp_path / "db.sqlite3"
    tables = district_tables()
    with live_server(database) as base, client(base) as api:
        response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables})
        assert response.status_code == 201
        location, body = response.headers["location"], response.content
        log_before = api.get("/v1/decision-log", params={"limit": 1000}).json()
    with sqlite3.connect(database) as conn:  # as if a process had died mid-evaluation
        conn.execute(
            "INSERT INTO evaluations (id, status, pack_id, pack_digest, engine_choice, inputs_kind, requested_by, created_at) "
            "VALUES (?, 'running', ?, '', 'auto', 'records', 't', '2026-01-01T00:00:00+00:00')",
            ("ev-" + "a" * 32, PACK_ID),
        )
    with live_server(database) as base, client(base) as api:  # stopped while a job runs
        response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files=season_files(), headers={"Prefer": "respond-async"})
        assert response.status_code == 202
        cut_short = response.headers["location"]
    with live_server(database) as base, client(base) as api:
        assert api.get(cut_short).json()["status"] == "interrupted"
        assert api.get(location + "/result").content == body
        assert api.get("/v1/decision-log", params={"limit": 1000}).json() == log_before
        assert log_before["total"] == len(json.loads(body)["decisions"])
        dead = api.get(f"/v1/evaluations/ev-{'a' * 32}").json()
        assert dead["status"] == "interrupted" and dead["problem"]["type"].endswith(":interrupted")
        assert api.post(location + "/verification").json()["confirmed"] is True
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,)]


def test_long_evaluations_are_jobs_and_limits_hold(tmp_path: Path) -> None:
    """Over sync_max_rows (or asked with Prefer: respond-async): 202, Location, poll to the
    result. Over max_upload_bytes or max_rows: 413 naming the limit. Over max_seconds: the
    job is stopped and marked failed, naming the limit."""
    env = {
        "RALLYRULES_SERVE_SYNC_MAX_ROWS": "100",
        "RALLYRULES_SERVE_MAX_UPLOAD_BYTES": "8000000",
        "RALLYRULES_SERVE_MAX_ROWS": "20000",
    }
    tables = district_tables()
    with live_server(tmp_path / "db.sqlite3", env=env) as base, client(base) as api:
        response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables})
        assert response.status_code == 202 and response.headers["location"].startswith("/v1/evaluations/ev-")
        status = _poll(api, response.headers["location"])
        assert status["status"] == "succeeded"
        result = api.get(status["links"]["result"]).json()
        assert canonical(masked(result)) == canonical(masked(expected_result(rr.Dataset.from_records(**tables))))

        big = {"pack": PACK_ID, "tables": {**tables, "enrolments": tables["enrolments"] * 4}}
        response = api.post("/v1/evaluations", json=big)
        assert response.status_code == 413 and response.json()["limit"] == "max_rows"
        response = api.post("/v1/evaluations", content=b"x" * 8_000_001, headers={"Content-Type": "application/json"})
        assert response.status_code == 413 and response.json()["limit"] == "max_upload_bytes"
    with live_server(tmp_path / "db2.sqlite3", env={"RALLYRULES_SERVE_MAX_SECONDS": "0.01"}) as base, client(base) as api:
        response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files=season_files(), headers={"Prefer": "respond-async"})
        assert response.status_code == 202
        status = _poll(api, response.headers["location"])
        assert status["status"] == "failed"
        assert status["problem"]["type"].endswith(":time-limit") and status["problem"]["limit"] == "max_seconds"
        assert api.get("/v1/health").status_code == 200
        # the pool goes on after a stopped job
        response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables})
        assert response.status_code == 422 and response.json()["limit"] == "max_seconds"
        assert api.get(response.headers["location"]).json()["status"] == "failed"


def test_a_full_queue_answers_503(tmp_path: Path) -> None:
    """At most workers + max_queued jobs run or wait; the next gets 503 with Retry-After."""
    env = {"RALLYRULES_SERVE_WORKERS": "1", "RALLYRULES_SERVE_MAX_QUEUED": "1"}
    with live_server(tmp_path / "db.sqlite3", env=env) as base, client(base) as api:
        answers = [
            api.post("/v1/evaluations", data={"pack": PACK_ID}, files=season_files(), headers={"Prefer": "respond-async"})
            for _ in range(3)
        ]
        assert [r.status_code for r in answers] == [202, 202, 503]
        assert answers[2].headers["retry-after"] and answers[2].json()["limit"] == "max_queued"
        for response in answers[:2]:
            assert _poll(api, response.headers["location"])["status"] == "succeeded"


def test_excel_and_parquet_uploads(api: httpx.Client, tmp_path: Path) -> None:
    """Other formats are read by the same reader: a district as .xlsx and .parquet files gives
    load_dataset's result on the same folder (a job: their rows are counted by the worker)."""
    import pandas as pd

    folder = tmp_path / "district"
    folder.mkdir()
    for i, (table, records) in enumerate(district_tables().items()):
        frame = pd.DataFrame.from_records(records)
        if i % 2:
            frame.to_parquet(folder / f"{table}.parquet")
        else:
            frame.to_excel(folder / f"{table}.xlsx", index=False)
    files = {p.name: ("x", p.read_bytes()) for p in folder.iterdir()}
    response = api.post("/v1/evaluations", data={"pack": PACK_ID}, files=files)
    assert response.status_code == 202
    status = _poll(api, response.headers["location"])
    assert status["status"] == "succeeded", status
    assert status["rows"] is None
    result = api.get(status["links"]["result"]).json()
    assert canonical(masked(result)) == canonical(masked(expected_result(rr.load_dataset(folder))))


def _poll(api: httpx.Client, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        status: dict[str, Any] = api.get(location).json()
        if status["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def test_refuses_to_start_without_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No tokens: refused, saying how to give them; --insecure-no-auth only on loopback."""
    for name in [n for n in __import__("os").environ if n.startswith("RALLYRULES_SERVE_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("RALLYRULES_SERVE_DATABASE", str(tmp_path / "db.sqlite3"))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1 and "no bearer tokens" in result.output and "--insecure-no-auth" in result.output
    result = CliRunner().invoke(main, ["serve", "--insecure-no-auth", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "loopback" in result.output
    monkeypatch.setenv("RALLYRULES_SERVE_TOKENS", "short")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1 and "shorter than 16" in result.output


def test_evaluations_under_other_readings(api: httpx.Client) -> None:
    """'choose' evaluates under other readings, as rallyrules --choose does: the result's
    receipt names them, the stored status has the chosen pack's digest, the stored result
    verifies; the pack's detail lists every interpretation's alternatives; an unknown
    reading is a 422 naming it, in JSON and in a form."""
    detail = api.get(f"/v1/packs/{PACK_ID}").json()
    offered = {i["id"]: [a["id"] for a in i["alternatives"]] for i in detail["interpretations"]}
    assert "rounded-up" in offered["cap-rounded-down"]
    choose = {"cap-rounded-down": "rounded-up"}
    tables = district_tables()
    response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables, "choose": choose})
    assert response.status_code == 201, response.text
    pack = rr.load_rule_pack(bundled_packs()[0]).choose(choose)
    expected = rr.evaluate(pack, rr.Dataset.from_records(**tables)).to_dict()
    got = response.json()
    assert got["receipt"]["choices"] == choose and got["receipt"]["pack_digest"] == pack.digest
    assert [d["outcome"] for d in got["decisions"]] == [d["outcome"] for d in expected["decisions"]]
    assert [d["selection"] for d in got["decisions"]] == [d["selection"] for d in expected["decisions"]]
    status = api.get(response.headers["location"]).json()
    assert status["pack_digest"] == pack.digest
    assert api.post(f"{response.headers['location']}/verification").json()["confirmed"] is True
    assert api.post("/v1/verifications", json={"result": got, "tables": tables}).json()["confirmed"] is True
    bad = api.post(
        "/v1/evaluations", json={"pack": PACK_ID, "tables": tables, "choose": {"cap-rounded-down": "rounded-sideways"}}
    )
    assert bad.status_code == 422 and bad.json()["type"].endswith(":invalid-choices"), bad.text
    assert any("rounded-sideways" in p["message"] and p["field"] == "body.choose" for p in bad.json()["problems"])
    form = api.post("/v1/evaluations", data={"pack": PACK_ID, "choose": "no-such-question=x"}, files=season_files())
    assert form.status_code == 422 and any("no-such-question" in p["message"] for p in form.json()["problems"]), form.text


def test_json_records_take_the_admin_units_table(api: httpx.Client) -> None:
    """The admin-units table the OpenAPI document lists is taken as JSON records too, and
    digested as the library digests it (it was refused as an extra input)."""
    import csv

    tables: dict[str, Any] = dict(district_tables())
    with (FIXTURES / "admin-units.csv").open(encoding="utf-8") as f:
        tables["admin-units"] = [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]
    response = api.post("/v1/evaluations", json={"pack": PACK_ID, "tables": tables})
    assert response.status_code == 201, response.text
    records = {k.replace("-", "_"): v for k, v in tables.items()}
    expected = expected_result(rr.Dataset.from_records(**records))
    got = response.json()
    assert got["receipt"]["inputs"]["admin-units"] == len(tables["admin-units"])
    assert canonical(masked(got)) == canonical(masked(expected))
