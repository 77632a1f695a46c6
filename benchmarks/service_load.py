"""A bounded load test of `rallyrules serve`, on 127.0.0.1 only (not a test: a benchmark).

    .venv/bin/python benchmarks/service_load.py --clients 4 --seconds 240 --max-requests 1000

It starts its own server (a temporary database, a random token, uvicorn on 127.0.0.1 and a
free port) and stops it at the end, and:

1. overhead: the bundled season posted as CSV files by one client, one request at a time,
   against the library call on the same files in this process (``load_dataset`` +
   ``evaluate`` + ``to_json``), in ``--repeat`` pairs (one of each, in turn, so both see the
   same load of a shared machine): the medians, and the median of each pair's overhead;
2. load: ``--clients`` concurrent clients post, for at most ``--seconds`` and
   ``--max-requests`` requests in all, the bundled season (a ``--season-share`` of the
   requests) or one district of it as JSON records (the others, district by district);
   requests/s, p50/p95/p99 latency per kind, failed requests, and the RSS of the server and
   its worker processes before, every 100 requests and after.

Prints a Markdown table (docs/performance.md keeps one). Traffic goes only to 127.0.0.1;
every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import psutil  # noqa: E402

import rallyrules as rr  # noqa: E402
from tests.servers import FIXTURES, district_tables, live_server, season_files  # noqa: E402


def rss_mb(pid: int) -> tuple[float, float]:
    """(server, server + workers) resident memory in MB."""
    process = psutil.Process(pid)
    own = process.memory_info().rss
    children = sum(c.memory_info().rss for c in process.children(recursive=True) if c.is_running())
    return own / 2**20, (own + children) / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=240.0)
    parser.add_argument("--max-requests", type=int, default=1000)
    parser.add_argument("--season-share", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each side of the overhead comparison")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    token = secrets.token_urlsafe(24)
    files = season_files()
    import csv

    with (FIXTURES / "subjects.csv").open(encoding="utf-8") as f:
        scopes = sorted({row["scope"] for row in csv.DictReader(f) if row["scope"] and row["level"] == "district"})
    districts = [{"pack": "can-tho-2023", "tables": district_tables(scope)} for scope in scopes]
    env = {"RALLYRULES_SERVE_WORKERS": str(args.workers), "RALLYRULES_SERVE_MAX_QUEUED": str(4 * args.clients)}
    with tempfile.TemporaryDirectory() as folder, live_server(Path(folder) / "db.sqlite3", tokens=token, env=env) as base:
        pid = next(p.pid for p in psutil.process_iter(["cmdline", "environ"]) if _is_server(p, base))
        headers = {"Authorization": f"Bearer {token}"}
        pack = rr.load_rule_pack(ROOT / "rules" / "can-tho-2023")
        library_times, service_times = [], []
        with httpx.Client(base_url=base, headers=headers, timeout=300) as one:
            for _ in range(2):  # warm the workers
                one.post("/v1/evaluations", data={"pack": "can-tho-2023"}, files=files).raise_for_status()
            for _ in range(args.repeat):  # in pairs, so that both sides see the same load of the machine
                start = time.perf_counter()
                rr.evaluate(pack, rr.load_dataset(FIXTURES)).to_json(indent=None)
                middle = time.perf_counter()
                one.post("/v1/evaluations", data={"pack": "can-tho-2023"}, files=files).raise_for_status()
                library_times.append(middle - start)
                service_times.append(time.perf_counter() - middle)
        library = statistics.median(library_times)
        service = statistics.median(service_times)
        overhead = statistics.median(s / lib - 1 for s, lib in zip(service_times, library_times, strict=True))

        before = rss_mb(pid)
        samples = [(0, *before)]
        lock = threading.Lock()
        results: list[tuple[str, float, int]] = []
        deadline = time.monotonic() + args.seconds
        rng = random.Random(2023)

        def client_loop(seed: int) -> None:
            local = random.Random(seed)
            with httpx.Client(base_url=base, headers=headers, timeout=300) as http:
                while time.monotonic() < deadline:
                    with lock:
                        if len(results) >= args.max_requests:
                            return
                    season = local.random() < args.season_share
                    start = time.perf_counter()
                    try:
                        if season:
                            response = http.post("/v1/evaluations", data={"pack": "can-tho-2023"}, files=files)
                        else:
                            response = http.post("/v1/evaluations", json=local.choice(districts))
                        status = response.status_code
                    except httpx.HTTPError:
                        status = 0
                    with lock:
                        results.append(("season" if season else "district", time.perf_counter() - start, status))
                        if len(results) % 100 == 0:
                            samples.append((len(results), *rss_mb(pid)))

        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(client_loop, [rng.randrange(2**32) for _ in range(args.clients)]))
        elapsed = time.monotonic() - started
        after = rss_mb(pid)

    failed = [r for r in results if r[2] != 201]
    print(f"load: {args.clients} clients, {args.workers} workers, {len(results)} requests in {elapsed:.0f} s, "
          f"{args.season_share:.0%} bundled season; machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print()
    print(f"overhead: library call (load_dataset + evaluate + to_json) {library:.2f} s; one request {service:.2f} s "
          f"(medians of {args.repeat} pairs); overhead, median of the pairs: {overhead:+.0%}")  # fmt: skip
    print()
    print("| requests | count | req/s | p50 s | p95 s | p99 s | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in ("season", "district", "all"):
        times = [t for k, t, _ in results if kind in ("all", k)]
        bad = sum(1 for k, _, s in results if kind in ("all", k) and s != 201)
        print(f"| {kind} | {len(times)} | {len(times) / elapsed:.2f} | {percentile(times, 50):.2f} | {percentile(times, 95):.2f} | "
              f"{percentile(times, 99):.2f} | {bad} |")  # fmt: skip
    print()
    print("| after requests | server RSS MB | server + workers RSS MB |")
    print("|---:|---:|---:|")
    for n, own, total in [*samples, (len(results), *after)]:
        print(f"| {n} | {own:.0f} | {total:.0f} |")
    if failed:
        print("\nfailed:", json.dumps(failed[:10]))


def _is_server(process: Any, base: str) -> bool:
    try:
        cmd = process.info["cmdline"] or []
        env = process.info["environ"] or {}
    except (psutil.Error, KeyError):
        return False
    return "serve" in cmd and env.get("RALLYRULES_SERVE_PORT") == base.rsplit(":", 1)[1]


if __name__ == "__main__":
    main()
