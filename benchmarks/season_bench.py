"""The whole pipeline at small, medium and national size: time per stage, peak memory,
and a hand-written polars pipeline of the same counting and ranking as the reference.

    python benchmarks/season_bench.py                      # small medium national
    python benchmarks/season_bench.py --sizes small medium  # fewer

Generates each season first if it is not there (``benchmarks/generate_season.py``, fixed
seed, into ``benchmarks/data/<size>``). Each size and engine runs in its own process (so
peak memory is that run's alone):

- **load**: :func:`rallyrules.columnar.load_season` (Parquet, typed small tables, checks);
- **count**: :func:`rallyrules.columnar.count_enrolments_columnar`;
- **facts**, **decide** (engine and explanations, both rounds), **caps** (caps and ranking),
  **digest+findings** (the receipt's input digest and the data findings): the steps of
  :func:`rallyrules.evaluate`;
- **report**: the summary, the exclusion ledger and one row per decision written as Parquet.

Then, apart from the end-to-end time: the engine alone per subject fact (durable_rules;
the Python evaluator's verdict; verdict + explanation), and the reference pipeline (plain
polars, written by hand for this pack), whose counts, eligibility, ranks and selections
must equal the library's — the script fails otherwise. ``ratio`` is the library's count +
caps time over the reference's count + rank time, on the same frames.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def reference_pipeline(directory: Path, pack: Any) -> tuple[Any, float, float]:
    """Counting and ranking of the per-wave Giấy khen, written directly in polars for this
    pack (its parameters read from the pack). Returns (result frame, read seconds, count +
    rank seconds)."""
    import polars as pl

    start = time.perf_counter()
    e = pl.read_parquet(directory / "enrolments.parquet")
    subjects = pl.read_parquet(directory / "subjects.parquet")
    quotas = pl.read_parquet(directory / "quotas.parquet")
    attest = pl.read_parquet(directory / "attestations.parquet")
    read = time.perf_counter() - start

    start = time.perf_counter()
    waves = pack.waves
    year_end = pack.parameter("coverage-required-through").value
    wave = pl.lit(None, dtype=pl.Int8)
    for w in reversed(waves):
        wave = pl.when(pl.col("enrolled_on").is_between(w.start, w.end)).then(pl.lit(w.number, pl.Int8)).otherwise(wave)
    must_cover = pl.col("scheme").is_in(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh"])
    counted = (
        e.lazy()
        .with_columns(wave=wave)
        .filter(
            pl.col("credited_to").is_in(subjects["subject_id"].implode())
            & pl.col("wave").is_not_null()
            & (~must_cover | (pl.col("covered_until") >= year_end).fill_null(False))
        )
        .sort("enrolled_on", "enrolment_id")
        .filter(pl.struct("person_id", "scheme").is_first_distinct())
        .select("credited_to", "credited_individual", "wave")
        .collect()
    )
    up = subjects.select("subject_id", "parent_id")
    chain = up.select(pl.col("subject_id").alias("credited_to"), pl.col("subject_id").alias("subject"))
    level = up.rename({"subject_id": "credited_to", "parent_id": "subject"})
    for _ in range(8):  # parents, grandparents... (the synthetic tree is shallower)
        chain = pl.concat([chain, level.filter(pl.col("subject").is_not_null())])
        level = level.join(up, left_on="subject", right_on="subject_id").select(
            "credited_to", pl.col("parent_id").alias("subject")
        )
    chain = chain.unique()
    counts = (
        pl.concat(
            [
                counted.group_by("credited_to", "wave").len().join(chain, on="credited_to").select("subject", "wave", "len"),
                counted.filter(pl.col("credited_individual").is_not_null())
                .group_by("credited_individual", "wave")
                .len()
                .rename({"credited_individual": "subject"}),
            ]
        )
        .group_by("subject", "wave")
        .agg(counted=pl.col("len").sum())
    )

    collective_rate = pack.parameter("collective-completion-rate").value
    individual_rate = pack.parameter("individual-completion-rate").value
    cap_rate = {
        "collective": pack.parameter("collective-cap-rate").value,
        "individual": pack.parameter("individual-cap-rate").value,
    }
    grid = subjects.select("subject_id", "kind", "level", "scope").join(
        pl.DataFrame({"wave": [w.number for w in waves]}, schema={"wave": pl.Int8}), how="cross"
    )
    grid = (
        grid.join(quotas.with_columns(pl.col("wave").cast(pl.Int8)), on=["subject_id", "wave"], how="left")
        .join(counts, left_on=["subject_id", "wave"], right_on=["subject", "wave"], how="left")
        .join(attest.select("subject_id", pl.col("wave").cast(pl.Int8), attested=pl.lit(True)), on=["subject_id", "wave"], how="left")
        .with_columns(pl.col("quota").fill_null(0), pl.col("counted").fill_null(0), pl.col("attested").fill_null(False))
        .with_columns(
            group=pl.when(pl.col("level") == "city").then(pl.lit("city")).otherwise(pl.col("scope")),
            eligible=pl.when(pl.col("kind") == "collective")
            .then((pl.col("quota") > 0) & (pl.col("counted") * collective_rate.denominator >= pl.col("quota") * collective_rate.numerator))
            .otherwise(
                pl.col("attested") & (pl.col("quota") > 0)
                & (pl.col("counted") * individual_rate.denominator >= pl.col("quota") * individual_rate.numerator)
            ),
        )
    )  # fmt: skip
    by = ["wave", "kind", "group"]
    rate_num = pl.col("kind").replace_strict({k: r.numerator for k, r in cap_rate.items()}, return_dtype=pl.Int64)
    rate_den = pl.col("kind").replace_strict({k: r.denominator for k, r in cap_rate.items()}, return_dtype=pl.Int64)
    ranked = (
        grid.with_columns(maximum=(pl.len().over(by) * rate_num) // rate_den)
        .sort(
            [pl.col("counted") / pl.col("quota"), pl.col("counted") - pl.col("quota"), "subject_id"],
            descending=[True, True, False],
        )
        .with_columns(rank=pl.when(pl.col("eligible")).then(pl.col("eligible").cum_sum().over(by)))
        .with_columns(selected=pl.col("eligible") & (pl.col("rank") <= pl.col("maximum")))
        .select("subject_id", pl.col("wave").cast(pl.Int64), "counted", "eligible", pl.col("rank").cast(pl.Int64), "selected")
        .sort("subject_id", "wave")
    )
    return ranked, read, time.perf_counter() - start


def library_result(evaluation: Any) -> Any:
    """The same columns as :func:`reference_pipeline`, from the library's decisions."""
    import polars as pl

    rows = [
        (d.subject_id, d.wave, d.facts["counted"], d.eligible, d.selection.rank if d.selection else None, d.selected)
        for d in evaluation.decisions
        if d.award is not None and d.award.award == "giay-khen"
    ]
    schema = {
        "subject_id": pl.String,
        "wave": pl.Int64,
        "counted": pl.Int64,
        "eligible": pl.Boolean,
        "rank": pl.Int64,
        "selected": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema, orient="row").sort("subject_id", "wave")


def run_one(size: str, engine: str, directory: Path | None = None) -> dict[str, Any]:
    """One size with one engine, in this process: the figures as a dict. Raises
    SystemExit when the library's results and the reference pipeline's differ."""
    import polars as pl

    import rallyrules as rr
    from rallyrules import _engine
    from rallyrules._build import wave_facts
    from rallyrules.columnar import count_enrolments_columnar, load_season
    from rallyrules.evaluation import _Decider

    directory = directory or DATA / size
    pack = rr.load_rule_pack(PACK)
    out: dict[str, Any] = {"size": size, "engine": engine}
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    start = time.perf_counter()
    season = load_season(directory, pack)
    out["load"] = time.perf_counter() - start
    start = time.perf_counter()
    counting = count_enrolments_columnar(pack, season, check=False)
    out["count"] = time.perf_counter() - start

    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    evaluation = rr.evaluate(
        pack, season, engine=engine, counting=counting, progress=lambda step: marks.append((step, time.perf_counter())),  # type: ignore[arg-type]
        evaluated_at=dt.datetime(2024, 1, 15, tzinfo=dt.UTC),
    )  # fmt: skip
    end = time.perf_counter()
    marks.append(("end", end))
    spans = {marks[i][0].split(" ")[0]: marks[i + 1][1] - marks[i][1] for i in range(len(marks) - 1)}
    out["facts"] = spans["compiling"]
    out["decide"] = next(v for k, v in spans.items() if k == "deciding")
    after = [marks[i + 1][1] - marks[i][1] for i in range(len(marks) - 1) if marks[i][0].startswith("deciding the round")]
    out["decide"] += after[0] if after else 0.0
    out["caps"] = spans["applying"]
    out["digest"] = spans["checking"]
    out["evaluate"] = end - start

    start = time.perf_counter()
    summary = evaluation.summary()
    with tempfile.TemporaryDirectory() as tmp:
        counting.ledger.write_parquet(Path(tmp) / "ledger.parquet")
        rows = [
            (d.subject_id, d.round, d.rule_id, d.outcome, d.selection.status if d.selection else None,
             d.selection.rank if d.selection else None, d.needed, "; ".join(c.condition_id for c in d.conditions if not c.holds))
            for d in evaluation.decisions
        ]  # fmt: skip
        schema = {"subject_id": pl.String, "round": pl.String, "rule_id": pl.String, "outcome": pl.String, "selection": pl.String,
                  "rank": pl.Int64, "needed": pl.Int64, "failed": pl.String}  # fmt: skip
        pl.DataFrame(rows, schema=schema, orient="row").write_parquet(Path(tmp) / "decisions.parquet")
    out["report"] = time.perf_counter() - start
    out["end_to_end"] = out["load"] + out["count"] + out["evaluate"] + out["report"]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["base_rss_mb"] = base_rss / 1024
    out["enrolments"] = season.enrolment_count
    out["subjects"] = len(season.dataset.subjects)
    out["decisions"] = len(evaluation.decisions)
    out["summary_rows"] = len(summary)

    # The engine alone, per subject fact (the per-wave facts of every subject).
    facts = wave_facts(pack, season.dataset, counting)
    out["subject_facts"] = len(facts)
    decider = _Decider(pack, season.dataset, use_durable=False)
    start = time.perf_counter()
    decider.verdicts(facts)
    out["python_verdict_us"] = (time.perf_counter() - start) / len(facts) * 1e6
    decider = _Decider(pack, season.dataset, use_durable=False)
    start = time.perf_counter()
    [decider.decision(p) for p in decider.pending(facts)]
    out["python_explained_us"] = (time.perf_counter() - start) / len(facts) * 1e6
    if engine == "durable":
        from rallyrules._compile import compile_pack

        pairs = [(k, v) for k, v in ((rr.facts.KIND_OF_FACT[type(f)], decider._values(f)) for f in facts)]
        evaluator = _engine.DurableEvaluator(compile_pack(pack))
        start = time.perf_counter()
        evaluator.decide(pairs)
        out["durable_us"] = (time.perf_counter() - start) / len(facts) * 1e6

    # The reference: the same counting and ranking, by hand, on the same files.
    ranked, read, ref_time = reference_pipeline(directory, pack)
    mine = library_result(evaluation)
    if not ranked.equals(mine):
        diff = ranked.join(mine, on=["subject_id", "wave"], how="full", suffix="_lib").filter(
            pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_lib")) for c in ("counted", "eligible", "rank", "selected"))
        )
        raise SystemExit(f"{size}: the library and the reference pipeline differ on {diff.height} rows:\n{diff.head(10)}")
    out["reference_read"] = read
    out["reference"] = ref_time
    out["ratio"] = (out["count"] + out["caps"]) / ref_time
    out["input_mb"] = sum(pl.read_parquet(p).estimated_size() for p in directory.glob("*.parquet")) / 2**20
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="*", default=["small", "medium", "national"])
    parser.add_argument("--engines", nargs="*", default=["durable", "python"])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
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
                [sys.executable, __file__, "--one", size, engine],
                capture_output=True,
                text=True,
                env=os.environ | {"PYTHONHASHSEED": "0"},
            )
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                raise SystemExit(done.returncode or 1)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def print_table(results: list[dict[str, Any]]) -> None:
    head = (
        f"{'size':<9}{'engine':<8}{'enrolments':>11}{'subj.facts':>11}{'load':>7}{'count':>7}{'facts':>7}{'decide':>8}{'caps':>7}"
        f"{'digest':>8}{'report':>8}{'total':>8}{'peak MB':>9}{'input MB':>9}{'ref':>7}{'ratio':>7}"
        f"{'durable':>9}{'verdict':>9}{'+explain':>9}{'ns/enrol':>9}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        durable = f"{r['durable_us']:.1f}" if "durable_us" in r else "-"
        print(
            f"{r['size']:<9}{r['engine']:<8}{r['enrolments']:>11,}{r['subject_facts']:>11,}{r['load']:>7.2f}{r['count']:>7.2f}"
            f"{r['facts']:>7.2f}{r['decide']:>8.2f}{r['caps']:>7.2f}{r['digest']:>8.2f}{r['report']:>8.2f}{r['end_to_end']:>8.2f}"
            f"{r['peak_rss_mb']:>9.0f}{r['input_mb']:>9.0f}{r['reference']:>7.2f}{r['ratio']:>7.2f}"
            f"{durable:>9}{r['python_verdict_us']:>9.2f}{r['python_explained_us']:>9.2f}"
            f"{(r['load'] + r['count']) / r['enrolments'] * 1e9:>9.0f}"
        )
    print(
        "\nseconds per stage; total = load + count + evaluate (facts, decide, caps, digest+findings) + report; "
        "ref = hand-written polars count + rank; ratio = (count + caps) / ref;\n"
        "durable / verdict / +explain = µs per subject fact: durable_rules alone, the Python evaluator's verdict, "
        "verdict + explanation (a Decision); ns/enrol = (load + count) per enrolment."
    )


if __name__ == "__main__":
    main()
