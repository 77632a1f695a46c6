"""A real ``rallyrules serve`` for the tests: uvicorn in a subprocess on 127.0.0.1 and a
free port, with its own database; always stopped (SIGTERM, then killed) at the end."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

TOKEN = "test-token-0123456789abcdef"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(database: Path, *, tokens: str | None = TOKEN, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start the service on ``database``; yield its base URL once /v1/health answers."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("RALLYRULES_SERVE_")}
    environ |= {
        "RALLYRULES_SERVE_DATABASE": str(database),
        "RALLYRULES_SERVE_PORT": str(port),
        "RALLYRULES_SERVE_LOG_LEVEL": "warning",
    }
    if tokens is not None:
        environ["RALLYRULES_SERVE_TOKENS"] = tokens
    environ |= env or {}
    log = database.with_suffix(".log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", "rallyrules", "serve"], env=environ, stdout=log, stderr=log, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited with {process.returncode}: {database.with_suffix('.log').read_text()}")
            try:
                if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the service did not start in 90 s")
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - only if shutdown hangs
            process.kill()
            process.wait()
        log.close()


def client(base: str, token: str | None = TOKEN) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=base, headers=headers, timeout=120)


FIXTURES = ROOT / "fixtures" / "can-tho-2023"
TABLE_FILES = ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters", "admin-units")


def season_files(folder: Path = FIXTURES) -> dict[str, tuple[str, bytes]]:
    """The bundled season as multipart files, one field per table (``subjects.csv``, …)."""
    return {f"{t}.csv": (f"{t}.csv", (folder / f"{t}.csv").read_bytes()) for t in TABLE_FILES if (folder / f"{t}.csv").exists()}


def district_tables(scope: str = "916") -> dict[str, list[dict[str, str | None]]]:
    """One district of the bundled season as JSON records (as ``Dataset.from_records`` takes
    them): its subjects and their parents, their quotas, enrolments, targets, attestations,
    and the district's submissions and rosters."""
    import csv

    def read(table: str) -> list[dict[str, str | None]]:
        with (FIXTURES / f"{table}.csv").open(encoding="utf-8") as f:
            return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]

    subjects = read("subjects")
    by_id = {s["subject_id"]: s for s in subjects}
    keep = {s["subject_id"] for s in subjects if s["scope"] == scope}
    for sid in list(keep):
        parent = by_id[sid]["parent_id"]  # type: ignore[index]
        while parent is not None and parent not in keep:
            keep.add(parent)
            parent = by_id[parent]["parent_id"]
    return {
        "subjects": [s for s in subjects if s["subject_id"] in keep],
        "quotas": [q for q in read("quotas") if q["subject_id"] in keep],
        "enrolments": [e for e in read("enrolments") if e["credited_to"] in keep and e["credited_individual"] in (None, *keep)],
        "attestations": [a for a in read("attestations") if a["subject_id"] in keep],
        "targets": [t for t in read("targets") if t["subject_id"] in keep],
        "submissions": [s for s in read("submissions") if s["submitter"] in (scope, "city")],
        "rosters": [r for r in read("rosters") if r["unit"] in (scope, "city")],
    }
