"""What the engine costs per subject fact: durable_rules vs the Python evaluator.

    python benchmarks/engine_cost.py [--repeat 5]

Times, on the bundled pack: (1) the whole evaluation of the bundled data with each
engine; (2) the engine step alone (compile + decide) on the bundled facts and on
synthetic collective-wave facts at 1k, 10k and 100k, reporting µs per fact (median).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import rallyrules as rr
from rallyrules import _engine
from rallyrules._compile import compile_pack
from rallyrules._evaluate import rule_holds

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "rules" / "can-tho-2023"
DATA = ROOT / "fixtures" / "can-tho-2023"


def median_seconds(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    pack = rr.load_rule_pack(PACK)
    data = rr.load_dataset(DATA)
    counting = rr.count_enrolments(pack, data)
    import attrs

    from rallyrules.facts import KIND_OF_FACT

    facts = [(KIND_OF_FACT[type(f)], attrs.asdict(f)) for f in rr.subject_facts(pack, data, counting)]
    print(f"engine: {_engine.engine_version()}; bundled data: {len(data.enrolments)} enrolments, {len(facts)} subject facts")
    for engine in ("python", "durable") if _engine.AVAILABLE else ("python",):
        t = median_seconds(lambda engine=engine: rr.evaluate(pack, data, engine=engine), args.repeat)  # type: ignore[misc]
        print(f"evaluate(bundled, engine={engine}): {t * 1000:.1f} ms")
    rng = random.Random(1)
    rule = next(r for r in pack.rules if r.applies_to == "collective-wave")
    print(f"{'facts':>8} {'durable µs/fact':>16} {'python µs/fact':>15}")
    for n in [len(facts), *args.sizes]:
        sample = facts if n == len(facts) else [
            ("collective-wave", {"subject_id": f"S{i}", "level": "district", "wave": 1, "quota": rng.randint(0, 200), "counted": rng.randint(0, 250)})
            for i in range(n)
        ]  # fmt: skip
        repeat = args.repeat if n <= 10_000 else 1
        py = (
            median_seconds(lambda sample=sample: [rule_holds(rule, f) for k, f in sample if k == rule.applies_to], repeat)
            / n
            * 1e6
        )  # type: ignore[misc]
        if _engine.AVAILABLE:
            compiled = compile_pack(pack)
            du = median_seconds(lambda c=compiled, s=sample: _engine.DurableEvaluator(c).decide(s), repeat) / n * 1e6  # type: ignore[misc]
            print(f"{n:>8} {du:>16.1f} {py:>15.2f}")
        else:
            print(f"{n:>8} {'n/a':>16} {py:>15.2f}")


if __name__ == "__main__":
    main()
