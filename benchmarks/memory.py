"""Memory over many evaluations in one process: it must stay flat.

    python benchmarks/memory.py                       # 10,000 evaluations per engine (hours)
    python benchmarks/memory.py --evaluations 2000    # what fits in a coffee break
    python benchmarks/memory.py --engine python --evaluations 500 --every 50

Each evaluation does what one request to ``rallyrules serve`` does: read the bundled
season's folder, evaluate it (both engines where durable_rules imports), and make its JSON
(every Decision with its explanation) — then drops it. The process's resident memory (RSS)
is read after the first 100 evaluations (when every cache and the allocator have warmed
up) and at the end; the growth between the two must stay within ``--budget`` MB (50 by
default), or the script exits 1. With ``--every N`` it prints RSS every N evaluations.
Needs psutil (the 'bench' extra).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import psutil

import rallyrules as rr
from rallyrules import _engine

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "rules" / "can-tho-2023"
DATA = ROOT / "fixtures" / "can-tho-2023"
WARM = 100


def rss_mb() -> float:
    gc.collect()
    return float(psutil.Process().memory_info().rss) / 2**20


def run(engine: str, count: int, every: int) -> tuple[float, float, float]:
    """(RSS after WARM evaluations, RSS at the end, seconds per evaluation)."""
    pack = rr.load_rule_pack(PACK)
    warm = rss_mb()
    start = time.perf_counter()
    for i in range(1, count + 1):
        dataset = rr.load_dataset(DATA)
        result = rr.evaluate(pack, dataset, engine=engine)  # type: ignore[arg-type]
        result.to_json(indent=None)
        del result, dataset
        if i == min(WARM, count):
            warm = rss_mb()
        if every and i % every == 0:
            print(f"  {engine}: {i:>6} evaluations, RSS {rss_mb():8.1f} MB", flush=True)
    return warm, rss_mb(), (time.perf_counter() - start) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--evaluations", type=int, default=10_000, help="evaluations per engine [10,000]")
    parser.add_argument("--engine", choices=["python", "durable", "both"], default="both")
    parser.add_argument("--every", type=int, default=0, help="print RSS every N evaluations")
    parser.add_argument("--budget", type=float, default=50.0, help="allowed growth after warm-up, MB [50]")
    args = parser.parse_args()
    engines = ["python", "durable"] if args.engine == "both" else [args.engine]
    if "durable" in engines and not _engine.AVAILABLE:
        print("durable_rules does not import here: the Python evaluator only")
        engines.remove("durable")
    print(f"rallyrules {rr.__version__}, Python {sys.version.split()[0]}, start RSS {rss_mb():.1f} MB")
    failed = False
    for engine in engines:
        warm, end, seconds = run(engine, args.evaluations, args.every)
        growth = end - warm
        verdict = "ok" if growth <= args.budget else "OVER BUDGET"
        failed |= growth > args.budget
        print(
            f"{engine}: RSS after {min(WARM, args.evaluations)} evaluations {warm:.1f} MB, after {args.evaluations} "
            f"{end:.1f} MB: {growth:+.1f} MB ({verdict}, budget {args.budget:.0f} MB); {seconds:.2f} s per evaluation"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
