"""The bounded pool of worker processes that evaluations run in, off the event loop.

Processes, not threads (measured: ``benchmarks/service_pool_choice.py``, ``docs/service.md``):
memory an evaluation leaves behind in a thread stays with the web process (it grew 103 →
135 MB over 16 bundled-season evaluations), while a worker process gives all of it back
when it is replaced after ``max_tasks_per_worker`` jobs; a job over its time limit can only
be stopped by ending the process that runs it; durable_rules' C extension keeps global
state and is not documented as thread-safe, and a crash in it ends one worker, not the
service; processes also escape the GIL where there are free cores.

Pebble's ``ProcessPool`` does exactly this: a worker per slot, replaced after
``max_tasks`` jobs, a job over its ``timeout`` ended with its process (the pool goes on);
workers are forked from a ``forkserver`` that imported rallyrules once, so a replacement
starts in milliseconds without inheriting the web server's threads. Jobs waiting or running
are bounded by ``workers + max_queued``; beyond that the service answers 503.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
import secrets
import threading
from collections.abc import Callable
from typing import Any

from pebble import ProcessExpired, ProcessPool

from ._problems import ServiceProblem, problem

__all__ = ["Jobs"]

log = logging.getLogger("rallyrules.service")


class Jobs:
    """Schedules jobs (module-level functions of :mod:`._worker` taking a dict) on worker processes."""

    def __init__(self, workers: int, max_tasks: int, max_queued: int, max_seconds: float) -> None:
        self.workers, self.max_tasks, self.max_queued, self.max_seconds = workers, max_tasks, max_queued, max_seconds
        self._pending = 0
        self._lock = threading.Lock()
        self._pool: ProcessPool | None = None
        self._stopping = False

    def start(self) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["rallyrules", "rallyrules.service._worker"])
        self._pool = ProcessPool(max_workers=self.workers, max_tasks=self.max_tasks, context=context)

    def stop(self) -> None:
        """End every worker now (running jobs are marked interrupted by their callbacks)."""
        self._stopping = True
        if self._pool is not None:
            self._pool.stop()  # type: ignore[no-untyped-call]
            self._pool.join(timeout=30)
            self._pool = None

    @property
    def pending(self) -> int:
        return self._pending

    def submit(
        self,
        function: Callable[[dict[str, Any]], dict[str, Any]],
        spec: dict[str, Any],
        on_failure: Callable[[dict[str, Any]], None] | None = None,
    ) -> asyncio.Future[dict[str, Any]]:
        """Schedule ``function(spec)``; the awaitable outcome is the job's dict, or, when the
        job was stopped (time limit), died or was cancelled, ``{"ok": False, "problem": …}``
        (also passed to ``on_failure``, from the pool's thread). Raises 503 when full."""
        if self._pool is None:
            raise ServiceProblem.of("unavailable", "Service stopping", 503, "the service is not accepting work now")
        with self._lock:
            if self._pending >= self.workers + self.max_queued:
                raise ServiceProblem.of(
                    "busy", "Too many evaluations waiting", 503,
                    f"{self._pending} jobs are running or waiting (workers + max_queued = {self.workers + self.max_queued}); "
                    "try again later", headers={"Retry-After": "5"}, limit="max_queued",
                )  # fmt: skip
            self._pending += 1
        raw = self._pool.schedule(function, args=(spec,), timeout=self.max_seconds)
        outcome: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()

        def done(future: concurrent.futures.Future[dict[str, Any]]) -> None:
            with self._lock:
                self._pending -= 1
            value = self._outcome(future, spec)
            if not value["ok"] and on_failure is not None and value.get("stopped"):
                try:
                    on_failure(value["problem"])
                except Exception:  # pragma: no cover - logged; the outcome still goes back
                    log.exception("recording a stopped job failed")
            outcome.set_result(value)

        raw.add_done_callback(done)
        return asyncio.wrap_future(outcome)

    def _outcome(self, future: concurrent.futures.Future[dict[str, Any]], spec: dict[str, Any]) -> dict[str, Any]:
        if self._stopping and (future.cancelled() or future.exception() is not None):
            # Whatever the pool says of a job it was told to drop (cancelled, or its process ended).
            document = problem(
                "interrupted", "Evaluation interrupted", 503, "the service stopped while this job was waiting or running"
            )
            return {"ok": False, "problem": document, "stopped": True}
        try:
            return future.result()
        except concurrent.futures.TimeoutError:
            document = problem(
                "time-limit", "Time limit reached", 422,
                f"the job was stopped after the time limit of {self.max_seconds:g} s (max_seconds)", limit="max_seconds",
            )  # fmt: skip
        except concurrent.futures.CancelledError:
            document = problem("interrupted", "Evaluation interrupted", 503, "the service stopped while this job was running")
        except ProcessExpired as exc:
            incident = "inc-" + secrets.token_hex(8)
            log.error("incident %s: the worker of a %s job ended with exit code %s", incident, spec.get("job"), exc.exitcode)
            document = problem("worker-died", "The worker stopped", 500, f"the worker process ended unexpectedly; incident {incident}", incident=incident)  # fmt: skip
        except Exception:
            incident = "inc-" + secrets.token_hex(8)
            log.exception("incident %s: a %s job failed", incident, spec.get("job"))
            document = problem("internal", "Internal error", 500, f"incident {incident}", incident=incident)
        return {"ok": False, "problem": document, "stopped": True}
