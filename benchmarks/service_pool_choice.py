"""Threads or processes for the service's evaluations? The measurement behind the choice.

    .venv/bin/python benchmarks/service_pool_choice.py --rounds 8

Runs ``--rounds`` rounds of two bundled-season evaluations at once (load_dataset +
evaluate + to_json), first on two threads of this process, then on a Pebble process pool of
two workers (forkserver, recycled after ``--max-tasks`` jobs, as the service runs them);
prints each round's wall time and the resident memory of this process and of the workers.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from pebble import ProcessPool

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def job(_: int = 0) -> int:
    import rallyrules as rr

    pack = rr.load_rule_pack(ROOT / "rules" / "can-tho-2023")
    return len(rr.evaluate(pack, rr.load_dataset(ROOT / "fixtures" / "can-tho-2023")).to_json(indent=None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--max-tasks", type=int, default=4)
    args = parser.parse_args()
    me = psutil.Process()
    job()  # imports and caches warm, in both cases
    print(f"start: this process {me.memory_info().rss >> 20} MB")
    print("\n| round | threads: s | this process MB | processes: s | this process MB | workers MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    threads: list[tuple[float, int]] = []
    with ThreadPoolExecutor(2) as pool:
        for _ in range(args.rounds):
            start = time.perf_counter()
            list(pool.map(job, range(2)))
            threads.append((time.perf_counter() - start, me.memory_info().rss >> 20))
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["rallyrules"])
    processes: list[tuple[float, int, list[int]]] = []
    with ProcessPool(2, max_tasks=args.max_tasks, context=context) as pool:
        for _ in range(args.rounds):
            start = time.perf_counter()
            [f.result() for f in [pool.schedule(job, args=(i,)) for i in range(2)]]
            workers = [c.memory_info().rss >> 20 for c in me.children(recursive=True) if c.is_running()]
            processes.append((time.perf_counter() - start, me.memory_info().rss >> 20, workers))
    for i, ((ts, tm), (ps, pm, pw)) in enumerate(zip(threads, processes, strict=True), 1):
        print(f"| {i} | {ts:.2f} | {tm} | {ps:.2f} | {pm} | {'+'.join(map(str, pw))} |")


if __name__ == "__main__":
    main()
