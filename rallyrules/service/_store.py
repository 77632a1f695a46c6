"""Evaluations and the decision log in an embedded SQLite database (stdlib ``sqlite3``).

WAL mode (readers never wait for the writer), ``synchronous=FULL`` (a committed
evaluation survives a power cut), foreign keys on, one connection per operation (the web
threads and the worker processes each open their own). The schema carries its version in
``schema_version``; a database of an unknown version is refused rather than misread.

Tables:

- ``evaluations``: one row per request, whatever became of it — status (``queued``,
  ``running``, ``succeeded``, ``failed``, ``interrupted``), times, the pack, the digests,
  the result (zlib-compressed JSON, exactly the bytes served) or the problem.
- ``decisions``: the decision log, one row per decision: its id, the evaluation, the pack
  and inputs digests, when it was decided, and the decision's JSON.
- ``inputs``: the inputs as received (kept unless ``keep_inputs = false``), so that a
  stored evaluation can be verified and its workbook made again.
- ``artifacts``: files made from an evaluation on request (the workbook), cached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "now"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS evaluations (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'interrupted')),
    pack_id TEXT NOT NULL,
    pack_digest TEXT NOT NULL,
    engine_choice TEXT NOT NULL,
    inputs_kind TEXT NOT NULL,
    rows INTEGER,
    requested_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    inputs_digest TEXT,
    engine TEXT,
    decisions INTEGER,
    result BLOB,
    problem TEXT
);
CREATE INDEX IF NOT EXISTS evaluations_created ON evaluations (created_at, id);
CREATE TABLE IF NOT EXISTS decisions (
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    round TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    selection TEXT,
    pack_digest TEXT NOT NULL,
    inputs_digest TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, seq)
);
CREATE INDEX IF NOT EXISTS decisions_subject ON decisions (evaluation_id, subject_id);
CREATE INDEX IF NOT EXISTS decisions_id ON decisions (id);
CREATE TABLE IF NOT EXISTS inputs (
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (evaluation_id, name)
);
CREATE TABLE IF NOT EXISTS artifacts (
    evaluation_id TEXT NOT NULL REFERENCES evaluations (id),
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (evaluation_id, name)
);
"""

#: Columns of the evaluations table shown in a status resource.
STATUS_COLUMNS = (
    "id", "status", "pack_id", "pack_digest", "engine_choice", "inputs_kind", "rows", "created_at", "started_at",
    "finished_at", "inputs_digest", "engine", "decisions", "problem",
)  # fmt: skip
_UNFINISHED = ("queued", "running")
#: zlib's fastest level: results and CSV inputs still shrink ~20 times, at a third of level 6's time.
_LEVEL = 1


class StoreError(RuntimeError):
    """The database cannot be used (another schema version, or not a database)."""


def now() -> str:
    """The current time, UTC, ISO 8601 with milliseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Store:
    """The database at ``path``; every method opens and closes its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            yield conn
        finally:
            conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def initialise(self) -> int:
        """Create the database on first start (WAL mode, the schema, its version); mark
        evaluations left queued or running by a previous process as interrupted. Returns
        how many were marked. Raises :class:`StoreError` for a database of another version."""
        try:
            with self.connect() as conn:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(_SCHEMA)
                with self.transaction() as tx:
                    found = [row[0] for row in tx.execute("SELECT version FROM schema_version")]
                    if not found:
                        tx.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
                    elif found != [SCHEMA_VERSION]:
                        raise StoreError(
                            f"{self.path}: database schema version {found}, this service knows version {SCHEMA_VERSION}"
                        )
                    problem = json.dumps(
                        {
                            "type": "urn:rallyrules:problem:interrupted",
                            "title": "Evaluation interrupted",
                            "status": 503,
                            "detail": "the service stopped while this evaluation was queued or running; post it again",
                        }
                    )
                    marked = tx.execute(
                        "UPDATE evaluations SET status = 'interrupted', finished_at = ?, problem = ? "
                        "WHERE status IN ('queued', 'running')",
                        (now(), problem),
                    ).rowcount
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot be used as the service's database ({exc})") from None
        return int(marked)

    # -- evaluations -------------------------------------------------------------------------------

    def create(self, row: dict[str, Any], inputs: Sequence[tuple[str, bytes]]) -> None:
        """A new evaluation (status ``queued``), with its inputs when they are kept."""
        columns = ("id", "status", "pack_id", "pack_digest", "engine_choice", "inputs_kind", "rows", "requested_by", "created_at")
        with self.transaction() as tx:
            tx.execute(
                f"INSERT INTO evaluations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                tuple(row.get(c, "queued" if c == "status" else None) for c in columns),
            )
            tx.executemany(
                "INSERT INTO inputs (evaluation_id, name, data) VALUES (?, ?, ?)",
                [(row["id"], name, zlib.compress(data, _LEVEL)) for name, data in inputs],
            )

    def start(self, evaluation_id: str) -> None:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE evaluations SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'",
                (now(), evaluation_id),
            )

    def succeed(self, evaluation_id: str, result: dict[str, Any], body: bytes, decision_texts: Sequence[str]) -> None:
        """Store a finished evaluation: the result served (``body``) and one log row per
        decision (``decision_texts``: each decision's JSON, as inside ``body``)."""
        receipt = result["receipt"]
        decided_at = receipt["evaluated_at"]
        rows = []
        for seq, (d, text) in enumerate(zip(result["decisions"], decision_texts, strict=True)):
            selection = (d.get("selection") or {}).get("status")
            rows.append((
                evaluation_id, seq, d["id"], d["subject_id"], d["round"], d["rule_id"], d["outcome"], selection,
                receipt["pack_digest"], receipt["inputs_digest"], decided_at, text,
            ))  # fmt: skip
        with self.transaction() as tx:
            tx.executemany(f"INSERT INTO decisions VALUES ({', '.join('?' * 12)})", rows)
            tx.execute(
                "UPDATE evaluations SET status = 'succeeded', finished_at = ?, inputs_digest = ?, engine = ?, "
                "decisions = ?, result = ? WHERE id = ? AND status IN ('queued', 'running')",
                (now(), receipt["inputs_digest"], receipt["engine"], len(rows), zlib.compress(body, _LEVEL), evaluation_id),
            )

    def fail(self, evaluation_id: str, problem: dict[str, Any], status: str = "failed") -> bool:
        """Mark an unfinished evaluation failed (or interrupted) with its problem; False if it had finished."""
        with self.transaction() as tx:
            count = tx.execute(
                "UPDATE evaluations SET status = ?, finished_at = ?, problem = ? WHERE id = ? AND status IN ('queued', 'running')",
                (status, now(), json.dumps(problem, ensure_ascii=False), evaluation_id),
            ).rowcount
        return bool(count)

    def status(self, evaluation_id: str) -> dict[str, Any] | None:
        with self.connect() as conn:
            row = conn.execute(f"SELECT {', '.join(STATUS_COLUMNS)} FROM evaluations WHERE id = ?", (evaluation_id,)).fetchone()
        return _status(row) if row else None

    def listing(self, limit: int, offset: int, status: str | None = None) -> tuple[int, list[dict[str, Any]]]:
        where, params = ("WHERE status = ?", [status]) if status else ("", [])
        with self.connect() as conn:
            total = conn.execute(f"SELECT count(*) FROM evaluations {where}", params).fetchone()[0]
            rows = conn.execute(
                f"SELECT {', '.join(STATUS_COLUMNS)} FROM evaluations {where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return int(total), [_status(r) for r in rows]

    def result(self, evaluation_id: str) -> bytes | None:
        """The result served for a succeeded evaluation, byte for byte."""
        with self.connect() as conn:
            row = conn.execute("SELECT result FROM evaluations WHERE id = ?", (evaluation_id,)).fetchone()
        return zlib.decompress(row[0]) if row and row[0] is not None else None

    def inputs(self, evaluation_id: str) -> list[tuple[str, bytes]]:
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT name, data FROM inputs WHERE evaluation_id = ? ORDER BY name", (evaluation_id,)
            ).fetchall()
        return [(name, zlib.decompress(data)) for name, data in rows]

    def evaluation_with_inputs(self, pack_id: str, inputs_digest: str) -> str | None:
        """The latest succeeded evaluation of ``pack_id`` whose inputs had ``inputs_digest``
        and are kept: the inputs to verify a posted result against."""
        with self.connect() as conn:
            row = conn.execute(
                "SELECT e.id FROM evaluations e WHERE e.status = 'succeeded' AND e.pack_id = ? AND e.inputs_digest = ? "
                "AND EXISTS (SELECT 1 FROM inputs i WHERE i.evaluation_id = e.id) ORDER BY e.created_at DESC LIMIT 1",
                (pack_id, inputs_digest),
            ).fetchone()
        return str(row[0]) if row else None

    # -- decisions ---------------------------------------------------------------------------------

    def decisions(
        self, evaluation_id: str | None, filters: dict[str, str | None], limit: int, offset: int
    ) -> tuple[int, list[str]]:
        """(total, JSON texts of one page) of the decisions matching ``filters`` (column ->
        value; ``None`` is no filter), in the order decided."""
        clauses, params = [], []
        if evaluation_id is not None:
            clauses.append("evaluation_id = ?")
            params.append(evaluation_id)
        for column, value in filters.items():
            if value is not None:
                clauses.append(f"{column} = ?")  # column names come from code, never from a request
                params.append(value)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with self.connect() as conn:
            total = conn.execute(f"SELECT count(*) FROM decisions {where}", params).fetchone()[0]
            rows = conn.execute(
                f"SELECT body FROM decisions {where} ORDER BY evaluation_id, seq LIMIT ? OFFSET ?", [*params, limit, offset]
            ).fetchall()
        return int(total), [r[0] for r in rows]

    def log(self, filters: dict[str, str | None], limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """The decision log: who decided what, when, from what (no decision bodies)."""
        clauses, params = [], []
        for column, value in filters.items():
            if value is not None:
                op = ">=" if column == "since" else "="
                clauses.append(f"{'decided_at' if column == 'since' else column} {op} ?")
                params.append(value)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        columns = ("id", "evaluation_id", "decided_at", "subject_id", "round", "rule_id", "outcome", "selection",
                   "pack_digest", "inputs_digest")  # fmt: skip
        with self.connect() as conn:
            total = conn.execute(f"SELECT count(*) FROM decisions {where}", params).fetchone()[0]
            rows = conn.execute(
                f"SELECT {', '.join(columns)} FROM decisions {where} ORDER BY decided_at, evaluation_id, seq LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return int(total), [dict(zip(columns, r, strict=True)) for r in rows]

    # -- artifacts ---------------------------------------------------------------------------------

    def artifact(self, evaluation_id: str, name: str) -> bytes | None:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT data FROM artifacts WHERE evaluation_id = ? AND name = ?", (evaluation_id, name)
            ).fetchone()
        return bytes(row[0]) if row else None

    def keep_artifact(self, evaluation_id: str, name: str, data: bytes) -> None:
        with self.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?)", (evaluation_id, name, data))


def _status(row: Sequence[Any]) -> dict[str, Any]:
    out = dict(zip(STATUS_COLUMNS, row, strict=True))
    out["problem"] = json.loads(out["problem"]) if out["problem"] else None
    return out


def unfinished(status: str) -> bool:
    return status in _UNFINISHED
