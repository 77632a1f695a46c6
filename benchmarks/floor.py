"""The floor: the fastest correct polars pipeline of the per-wave counting and ranking we
can write by hand, for the bundled Cần Thơ pack's rules, on a season's Parquet files.

Every ratio the benchmark reports is against this pipeline, measured in the same run
(``season_bench.py``); its results (counted, eligible, rank, selected per subject and
wave) must equal the library's, or the benchmark fails. It does only what the Giấy khen
round needs — no checks of the data, no exclusion ledger, no digest, no explanations —
so it is a floor, not a competitor. The techniques (issue "One columnar path"):

- subject ids become integer codes inside the lazy query (a join with the small subject
  table), so nothing after the read touches text;
- one streaming pass computes, per enrolment, the wave, whether it counts, the codes and a
  64-bit hash of (person, scheme);
- repeats of a person in a scheme: sort the hashes, and order (by date, then id) only the
  rows whose hash repeats, comparing the real values so a hash collision changes nothing;
- counts by ``np.bincount`` on code × wave; parents credited by summing along the
  ancestor chain, one level at a time.

The pack's parameters (periods, coverage date, rates) are read from the pack, as the
library does; what the rules *mean* (which conditions, which ranking) is written here.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl


def floor_pipeline(directory: Path, pack: Any) -> tuple[pl.DataFrame, dict[str, float]]:
    """Count and rank the per-wave Giấy khen of the season in ``directory``. Returns the
    result (subject_id, wave, counted, eligible, rank, selected) and the seconds of its
    steps: ``read`` (the small tables), ``count`` (the streaming pass over the enrolments
    and the repeats), ``rank``, and their CPU seconds (``cpu``)."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    subjects = pl.read_parquet(directory / "subjects.parquet").with_row_index("code")
    quotas = pl.read_parquet(directory / "quotas.parquet")
    attest = pl.read_parquet(directory / "attestations.parquet")
    read = time.perf_counter() - wall0

    start = time.perf_counter()
    n = subjects.height
    waves = pack.waves
    n_waves = len(waves)
    codes = subjects.select(pl.col("subject_id"), pl.col("code").cast(pl.Int64))
    # Subject ids -> codes: a cast to an Enum of the ids (unknown ids become null) is a
    # dictionary lookup of each distinct string, far cheaper than a join.
    ids = pl.Enum(subjects.get_column("subject_id"))
    wave = pl.lit(None, dtype=pl.Int8)
    for w in reversed(waves):
        wave = pl.when(pl.col("enrolled_on").is_between(w.start, w.end)).then(pl.lit(w.number, pl.Int8)).otherwise(wave)
    through = {s.id: s.coverage_through for s in pack.schemes if s.coverage_through is not None}
    needs = pl.col("scheme").replace_strict(through, default=None, return_dtype=pl.Date)
    counts_ok = needs.is_null() | (pl.col("covered_until") >= needs).fill_null(False)
    rows = (
        pl.scan_parquet(directory / "enrolments.parquet")
        .with_row_index("row")
        .with_columns(
            to=pl.col("credited_to").cast(ids, strict=False).to_physical(),
            ind=pl.col("credited_individual").cast(ids, strict=False).to_physical(),
            wave=wave,
        )
        .filter(pl.col("to").is_not_null() & pl.col("wave").is_not_null() & counts_ok)
        .select("row", "to", "ind", "wave", key=pl.col("person_id").hash(7) ^ pl.col("scheme").hash(11))
        .collect(engine="streaming")
    )
    # Repeats: only keys seen more than once need their rows ordered.
    keys = rows.get_column("key").sort()
    repeated = keys.filter(keys == keys.shift(1)).unique()
    suspects = rows.filter(pl.col("key").is_in(repeated.implode())).get_column("row")
    dropped: np.ndarray[Any, Any] = np.empty(0, dtype=np.uint32)
    if suspects.len():
        details = (
            pl.scan_parquet(directory / "enrolments.parquet")
            .with_row_index("row")
            .filter(pl.col("row").is_in(suspects.implode()))
            .select("row", "person_id", "scheme", "enrolled_on", "enrolment_id")
            .collect()
            .sort("enrolled_on", "enrolment_id")
        )
        later = details.filter(pl.struct("person_id", "scheme").is_first_distinct().not_())
        dropped = later.get_column("row").to_numpy()
    counted = rows.filter(~pl.col("row").is_in(pl.Series(dropped).implode())) if len(dropped) else rows
    to = counted.get_column("to").to_numpy().astype(np.int64)
    w = counted.get_column("wave").to_numpy().astype(np.int64) - 1
    direct = np.bincount(to * n_waves + w, minlength=n * n_waves).reshape(n, n_waves)
    total = direct.copy()
    parent_code = (
        subjects.join(codes.rename({"subject_id": "parent_id", "code": "p"}), on="parent_id", how="left", maintain_order="left")
        .get_column("p")
        .fill_null(-1)
        .to_numpy()
    )
    up = parent_code.copy()
    below = np.arange(n)
    while True:  # each subject's own credits go to every ancestor, one level at a time
        has = up >= 0
        if not has.any():
            break
        for k in range(n_waves):
            total[:, k] += np.bincount(up[has], weights=direct[below[has], k], minlength=n).astype(np.int64)
        below, up = below[has], parent_code[up[has]]
    with_ind = counted.filter(pl.col("ind").is_not_null())
    ind = with_ind.get_column("ind").to_numpy().astype(np.int64)
    iw = with_ind.get_column("wave").to_numpy().astype(np.int64) - 1
    total += np.bincount(ind * n_waves + iw, minlength=n * n_waves).reshape(n, n_waves)
    count = time.perf_counter() - start

    start = time.perf_counter()
    result = _rank(pack, subjects, quotas, attest, total)
    rank = time.perf_counter() - start
    return result, {"read": read, "count": count, "rank": rank, "cpu": time.process_time() - cpu0}


def _rank(pack: Any, subjects: pl.DataFrame, quotas: pl.DataFrame, attest: pl.DataFrame, total: Any) -> pl.DataFrame:
    waves = [w.number for w in pack.waves]
    counted = pl.DataFrame(
        {"code": np.repeat(np.arange(subjects.height, dtype=np.uint32), len(waves)), "wave": np.tile(waves, subjects.height),
         "counted": total.reshape(-1)},
        schema={"code": pl.UInt32, "wave": pl.Int64, "counted": pl.Int64},
    )  # fmt: skip
    collective_rate = pack.parameter("collective-completion-rate").value
    individual_rate = pack.parameter("individual-completion-rate").value
    cap_rate = {
        "collective": pack.parameter("collective-cap-rate").value,
        "individual": pack.parameter("individual-cap-rate").value,
    }
    grid = (
        counted.join(subjects.select("code", "subject_id", "kind", "level", "scope"), on="code")
        .join(quotas.select("subject_id", pl.col("wave").cast(pl.Int64), "quota"), on=["subject_id", "wave"], how="left")
        .join(
            attest.select("subject_id", pl.col("wave").cast(pl.Int64), attested=pl.lit(True)),
            on=["subject_id", "wave"],
            how="left",
        )
        .with_columns(pl.col("quota").fill_null(0), pl.col("attested").fill_null(False))
    )
    reached = lambda rate: pl.col("counted") * rate.denominator >= pl.col("quota") * rate.numerator  # noqa: E731
    grid = grid.with_columns(
        group=pl.when(pl.col("level") == "city").then(pl.lit("city")).otherwise(pl.col("scope")),
        eligible=pl.when(pl.col("kind") == "collective")
        .then((pl.col("quota") > 0) & reached(collective_rate))
        .otherwise(pl.col("attested") & (pl.col("quota") > 0) & reached(individual_rate)),
    )
    by = ["wave", "kind", "group"]
    num = pl.col("kind").replace_strict({k: r.numerator for k, r in cap_rate.items()}, return_dtype=pl.Int64)
    den = pl.col("kind").replace_strict({k: r.denominator for k, r in cap_rate.items()}, return_dtype=pl.Int64)
    return (
        grid.with_columns(maximum=(pl.len().over(by) * num) // den)
        .sort(
            [pl.col("counted") / pl.col("quota"), pl.col("counted") - pl.col("quota"), "subject_id"],
            descending=[True, True, False],
        )
        .with_columns(rank=pl.when(pl.col("eligible")).then(pl.col("eligible").cum_sum().over(by)))
        .with_columns(selected=pl.col("eligible") & (pl.col("rank") <= pl.col("maximum")))
        .select("subject_id", "wave", "counted", "eligible", pl.col("rank").cast(pl.Int64), "selected")
        .sort("subject_id", "wave")
    )
