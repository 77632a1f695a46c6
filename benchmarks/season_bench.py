"""The whole pipeline against its floor, at small, medium, national and twice national size.

    python benchmarks/season_bench.py                               # small medium national national2
    python benchmarks/season_bench.py --sizes small medium          # fewer
    python benchmarks/season_bench.py --engines python --json out.json

Generates each season first if it is not there (``benchmarks/generate_season.py``, fixed
seed, Parquet, into ``benchmarks/data/<size>``). Each size and engine runs in a process of
its own (so peak memory is that run's alone), and in it, one after the other:

1. **the library, end to end**: ``load_dataset(folder, lazy=True)`` (the small tables, read
   and checked), then ``evaluate`` — *count* (one pass over the streamed enrolments: their
   rows checked, counted, the ledger and the digest), *facts*, *decide* (the engine and
   both Python cross-checks), *select* (the caps), the after-waves round, the findings and
   the receipt — then *report* (the decision table and the ledger's columns written as Parquet);
2. **the floor** (``benchmarks/floor.py``): the fastest correct polars pipeline of the
   per-wave counting and ranking we could write by hand — no checks, no ledger, no digest;
3. the engine alone: durable_rules per *distinct* fact it was sent, the Python verdict on
   columns per fact, and an explanation (a ``Decision``) made on demand.

The library's counts, eligibility, ranks and selections must equal the floor's, or the
script fails. Every ratio is within one run: ``e2e/floor`` = the library's end-to-end wall
time over the floor's count + rank; ``count+rank/floor`` = the library's count + select
stages over the floor's. CPU seconds (all threads) are reported beside wall seconds. Peak
RSS is the process's, against the input's in-memory columnar size (the tables as polars
holds them: ``estimated_size``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PACK = ROOT / "rules" / "can-tho-2023"
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

STAGES = ("read", "count", "facts", "decide", "select", "final", "findings", "report")


def library_result(evaluation: Any) -> Any:
    """The floor's columns (subject_id, wave, counted, eligible, rank, selected) from the
    library's per-wave Giấy khen decisions."""
    import polars as pl

    parts = []
    for rule in evaluation.pack.rules:
        if rule.award != "giay-khen":
            continue
        parts.append(
            evaluation.table(rule.id).select(
                "subject_id",
                pl.col("wave").cast(pl.Int64),
                pl.col("counted").cast(pl.Int64),
                eligible=pl.col("outcome") == "eligible",
                rank=pl.when(pl.col("outcome") == "eligible").then(pl.col("rank")).cast(pl.Int64),
                selected=pl.col("selection") == "selected",
            )
        )
    return pl.concat(parts).sort("subject_id", "wave")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(size: str, engine: str, directory: Path | None = None) -> dict[str, Any]:
    """One size with one engine, in this process: the figures as a dict. Raises
    SystemExit when the library's results and the floor's differ."""
    import polars as pl
    from floor import floor_pipeline

    import rallyrules as rr
    from rallyrules import _engine
    from rallyrules.decide import Decider, facts_frame, verdict_columns

    directory = directory or DATA / size
    pack = rr.load_rule_pack(PACK)
    out: dict[str, Any] = {"size": size, "engine": engine}

    # 1. the library, end to end
    marks: list[tuple[str, float, float]] = []

    def mark(stage: str) -> None:
        marks.append((stage, time.perf_counter(), time.process_time()))

    wall0, cpu0 = time.perf_counter(), time.process_time()
    mark("read")
    dataset = rr.load_dataset(directory, lazy=True)
    names = {"checking": "count", "compiling": "facts", "deciding the round": "final", "deciding": "decide", "applying": "select",
             "checking the data": "findings"}  # fmt: skip

    def progress(step: str) -> None:
        stage = next(v for k, v in sorted(names.items(), key=lambda kv: -len(kv[0])) if step.startswith(k))
        mark(stage)

    evaluation = rr.evaluate(
        pack, dataset, engine=engine, evaluated_at=dt.datetime(2024, 1, 15, tzinfo=dt.UTC), progress=progress
    )  # type: ignore[arg-type]
    mark("report")
    with tempfile.TemporaryDirectory() as tmp:
        evaluation.decision_frame().write_parquet(Path(tmp) / "decisions.parquet")
        # The ledger as columns (the machine form; its sentences are made for people who read them).
        evaluation.counting.ledger_frame().write_parquet(Path(tmp) / "ledger.parquet")
        summary = evaluation.summary()
    mark("end")
    out["total"] = time.perf_counter() - wall0
    out["total_cpu"] = time.process_time() - cpu0
    for (stage, wall, cpu), (_, next_wall, next_cpu) in itertools.pairwise(marks):
        out[stage] = out.get(stage, 0.0) + next_wall - wall
        out[f"{stage}_cpu"] = out.get(f"{stage}_cpu", 0.0) + next_cpu - cpu
    out["peak_mb"] = _rss_mb()
    out["enrolments"] = evaluation.counting.input_total
    out["subjects"] = dataset.frame("subjects").height
    out["decisions"] = sum(r["decisions"] for r in summary)
    out["input_mb"] = (
        sum(
            dataset.frame(t).estimated_size() for t in ("subjects", "quotas", "attestations", "targets", "submissions", "rosters")
        )
        + pl.read_parquet(directory / "enrolments.parquet").estimated_size()
    ) / 2**20

    # 2. the floor, after the library (so the library's peak memory is its own)
    floor, floor_times = floor_pipeline(directory, pack)
    out["floor"] = floor_times["count"] + floor_times["rank"]
    out["floor_cpu"] = floor_times["cpu"]
    out["floor_peak_mb"] = _rss_mb()

    mine = library_result(evaluation)
    if not floor.equals(mine):
        diff = floor.join(mine, on=["subject_id", "wave"], how="full", suffix="_lib").filter(
            pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_lib")) for c in ("counted", "eligible", "rank", "selected"))
        )
        raise SystemExit(f"{size}: the library and the floor differ on {diff.height} rows:\n{diff.head(10)}")
    out["ratio_e2e"] = out["total"] / out["floor"]
    out["ratio_core"] = (out["count"] + out["select"]) / out["floor"]

    # 3. the engine alone, on the per-wave facts of every subject
    facts = {
        kind: evaluation.table(rule.id).select(frame_fields(kind)).unique(maintain_order=True)
        for rule in pack.rules
        for kind in [rule.applies_to]
        if kind in ("collective-wave", "individual-wave")
    }
    n_facts = sum(f.height for f in facts.values())
    out["subject_facts"] = n_facts
    rules = [r for r in pack.rules if r.applies_to in facts]
    start = time.perf_counter()
    for rule in rules:
        facts[rule.applies_to].select(verdict_columns(rule))
    out["verdict_us"] = (time.perf_counter() - start) / n_facts * 1e6
    if engine == "durable" and _engine.AVAILABLE:
        decider = Decider(pack, use_durable=True)
        frames = {
            k: facts_frame(k, []).vstack(
                v.with_columns(pl.int_range(0, v.height).alias("__seq").cast(pl.Int64)).select(facts_frame(k, []).columns)
            )
            for k, v in facts.items()
        }
        start = time.perf_counter()
        decider.decide(frames)
        spent = time.perf_counter() - start
        decider.close()
        out["distinct"] = sum(decider.distinct.values())
        out["durable_us"] = spent / max(out["distinct"], 1) * 1e6
    start = time.perf_counter()
    some = evaluation.for_subject(str(floor.get_column("subject_id")[0]))
    out["explain_us"] = (time.perf_counter() - start) / max(len(some), 1) * 1e6
    return out


def frame_fields(kind: str) -> list[str]:
    import attrs

    from rallyrules.facts import FACT_KINDS

    return list(attrs.fields_dict(FACT_KINDS[kind]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", default=["small", "medium", "national", "national2"])
    parser.add_argument("--engines", nargs="*", default=["durable", "python"])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--markdown", type=Path, help="print the table as Markdown from figures written by --json, and stop")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.markdown:
        print_markdown(json.loads(args.markdown.read_text("utf-8")))
        return
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    from generate_season import generate

    from rallyrules import _engine

    engines = [e for e in args.engines if e != "durable" or _engine.AVAILABLE]
    results = []
    for size in args.sizes:
        if not (DATA / size / "enrolments.parquet").is_file():
            print(f"generating the {size} season…", file=sys.stderr)
            generate(size, DATA / size)
        for engine in engines:
            print(f"running {size} with {engine}…", file=sys.stderr)
            done = subprocess.run(
                [sys.executable, __file__, "--one", size, engine], capture_output=True, text=True,
                env=os.environ | {"PYTHONHASHSEED": "0"},
            )  # fmt: skip
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                raise SystemExit(done.returncode or 1)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def print_table(results: list[dict[str, Any]]) -> None:
    head = (
        f"{'size':<10}{'engine':<8}{'enrolments':>11}{'floor':>7}{'fl.cpu':>7}"
        + "".join(f"{s:>8}" for s in STAGES)
        + f"{'total':>8}{'cpu':>7}{'e2e/fl':>7}{'core/fl':>8}{'peak MB':>8}{'in MB':>7}{'peak/in':>8}{'distinct':>9}{'dur µs':>7}{'vrd µs':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        stages = "".join(f"{r.get(s, 0.0):>8.2f}" for s in STAGES)
        durable = f"{r['durable_us']:.1f}" if "durable_us" in r else "-"
        distinct = f"{r['distinct']:,}" if "distinct" in r else "-"
        print(
            f"{r['size']:<10}{r['engine']:<8}{r['enrolments']:>11,}{r['floor']:>7.2f}{r['floor_cpu']:>7.2f}{stages}"
            f"{r['total']:>8.2f}{r['total_cpu']:>7.2f}{r['ratio_e2e']:>7.2f}{r['ratio_core']:>8.2f}{r['peak_mb']:>8.0f}"
            f"{r['input_mb']:>7.0f}{r['peak_mb'] / r['input_mb']:>8.2f}{distinct:>9}{durable:>7}{r['verdict_us']:>7.3f}"
        )
    print(
        "\nwall seconds per stage (CPU seconds of all threads: cpu); floor = the hand-written polars count + rank "
        "(benchmarks/floor.py) in the same process;\ne2e/fl = total / floor; core/fl = (count + select) / floor; "
        "peak/in = peak RSS / the input's in-memory columnar size;\ndistinct = facts durable_rules was sent (distinct "
        "projections), dur µs per distinct fact; vrd µs = the Python verdict on columns per fact."
    )


def print_markdown(results: list[dict[str, Any]]) -> None:
    """The table of docs/performance.md."""
    head = ["size", "engine", "enrolments", "floor s (cpu)", *STAGES, "**total** s (cpu)", "**e2e/floor**", "count+select/floor",
            "peak MB", "input MB", "peak/input", "distinct facts", "durable µs", "verdict µs"]  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in results:
        row = [
            r["size"], r["engine"], f"{r['enrolments']:,}", f"{r['floor']:.2f} ({r['floor_cpu']:.1f})",
            *(f"{r.get(stage, 0.0):.2f}" for stage in STAGES),
            f"**{r['total']:.2f}** ({r['total_cpu']:.1f})", f"**{r['ratio_e2e']:.2f}**", f"{r['ratio_core']:.2f}",
            f"{r['peak_mb']:,.0f}", f"{r['input_mb']:,.0f}", f"{r['peak_mb'] / r['input_mb']:.2f}",
            f"{r['distinct']:,}" if "distinct" in r else "–", f"{r['durable_us']:.1f}" if "durable_us" in r else "–",
            f"{r['verdict_us']:.3f}",
        ]  # fmt: skip
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
