"""A synthetic rally season at national scale, for the bundled Cần Thơ rule pack, as Parquet.

    python benchmarks/generate_season.py national [--out benchmarks/data] [--seed 20230405]

Sizes (``SIZES``): ``small`` (~140 collectives, 1,000 individuals, 200,000 enrolments),
``medium`` (~1,400 / 10,000 / 2,000,000) and ``national`` (~15,000 collectives — 10,600
communes in 63 provinces — 100,000 individuals and 20,000,000 enrolments over the three
waves). The same seed and size give the same files. Columnar throughout (numpy and
polars): no record ever becomes a Python object, so the national season is written in
well under a minute.

The season has what the rules and the counting must handle: enrolments outside every
period, without coverage or covered too briefly, repeats of a person in a scheme, a few
credited to an unknown subject, enrolments credited to an individual as well; quotas of 0
and missing quotas; attestations, year targets, submissions (some late or missing) and
rosters per district.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import polars as pl

#: size -> (communes, individuals, enrolments)
SIZES: dict[str, tuple[int, int, int]] = {
    "small": (100, 1_000, 200_000),
    "medium": (1_000, 10_000, 2_000_000),
    "national": (10_600, 100_000, 20_000_000),
    # Twice national: is the cost linear?
    "national2": (21_200, 200_000, 40_000_000),
}
SEED = 20230405
WAVES = [
    (dt.date(2023, 5, 6), dt.date(2023, 6, 9)),
    (dt.date(2023, 7, 1), dt.date(2023, 7, 31)),
    (dt.date(2023, 9, 9), dt.date(2023, 10, 10)),
]
SCHEMES = ["bhxh-tu-nguyen", "bhyt-ho-gia-dinh", "bhxh-bat-buoc"]
INDICATORS = ["bhyt", "bhxh-bat-buoc", "bhxh-tu-nguyen", "bhtn"]
ROLES_CITY = ["bhxh-officials", "post-office", "collector"]
ROLES_DISTRICT = ["bhxh-officials", "post-office", "collector", "mobile-team", "consulting-group"]
EPOCH = dt.date(1970, 1, 1)


def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def generate(size: str, out: Path, seed: int = SEED) -> dict[str, int]:
    """Write the season of ``size`` into ``out`` (one Parquet file per table); rows per table."""
    communes, n_individuals, n_enrolments = SIZES[size]
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    provinces = max(1, round(communes / 168))
    districts = max(provinces, round(communes / 15))
    orgs = round(communes * 0.27)

    # -- subjects -------------------------------------------------------------------------
    district_of_commune = np.sort(rng.integers(0, districts, communes))
    district_of_commune[:districts] = np.arange(districts)  # every district has a commune
    district_of_commune.sort()
    province_of_district = np.minimum(np.arange(districts) * provinces // districts, provinces - 1)
    dcode = [f"D{d:04d}" for d in range(districts)]
    ids: list[str] = []
    names: list[str] = []
    levels: list[str] = []
    parents: list[str | None] = []
    scopes: list[str | None] = []
    areas: list[str | None] = []
    for p in range(provinces):
        ids.append(f"BCD-P{p:02d}"), names.append(f"Ban Chỉ đạo BHXH, BHYT tỉnh {p:02d}"), levels.append("city")
        parents.append(None), scopes.append(None), areas.append(f"P{p:02d}")
        ids.append(f"BD-P{p:02d}"), names.append(f"Bưu điện tỉnh {p:02d}"), levels.append("city")
        parents.append(None), scopes.append(None), areas.append(None)
    for d in range(districts):
        p = int(province_of_district[d])
        ids.append(f"BCD-{dcode[d]}"), names.append(f"Ban Chỉ đạo BHXH, BHYT huyện {dcode[d]}"), levels.append("city")
        parents.append(f"BCD-P{p:02d}"), scopes.append(None), areas.append(dcode[d])
        ids.append(f"BD-{dcode[d]}"), names.append(f"Bưu điện huyện {dcode[d]}"), levels.append("district")
        parents.append(f"BD-P{p:02d}"), scopes.append(dcode[d]), areas.append(None)
    for c in range(communes):
        d = int(district_of_commune[c])
        ids.append(f"BCD-{c:05d}"), names.append(f"Ban Chỉ đạo BHXH, BHYT xã {c:05d}"), levels.append("district")
        parents.append(f"BCD-{dcode[d]}"), scopes.append(dcode[d]), areas.append(f"{c:05d}")
    org_district = rng.integers(0, districts, orgs)
    for k in range(orgs):
        d = int(org_district[k])
        ids.append(f"TCDVT-{k:05d}"), names.append(f"Tổ chức dịch vụ thu {k:05d}"), levels.append("district")
        parents.append(None), scopes.append(dcode[d]), areas.append(None)
    n_collectives = len(ids)
    collectives = pl.DataFrame(
        {
            "subject_id": ids,
            "name": names,
            "kind": "collective",
            "level": levels,
            "parent_id": parents,
            "area_code": areas,
            "scope": scopes,
        },
        schema=dict.fromkeys(("subject_id", "name", "kind", "level", "parent_id", "area_code", "scope"), pl.String),
    )
    # Who receives enrolments: communes (80%), district post offices (10%), collection organisations (10%).
    commune_ids = np.array([f"BCD-{c:05d}" for c in range(communes)])
    post_ids = np.array([f"BD-{x}" for x in dcode])
    org_ids = np.array([f"TCDVT-{k:05d}" for k in range(orgs)])
    receivers = np.concatenate([commune_ids, post_ids, org_ids])
    weights = np.concatenate(
        [np.full(communes, 0.8 / communes), np.full(districts, 0.1 / districts), np.full(orgs, 0.1 / max(orgs, 1))]
    )
    weights /= weights.sum()
    scope_of = dict(zip(collectives["subject_id"].to_list(), collectives["scope"].to_list(), strict=True))

    # Individuals: 90% district level under a commune or organisation, 10% city level under a district committee.
    ind_ids = [f"CN-{i:06d}" for i in range(n_individuals)]
    city_level = rng.random(n_individuals) < 0.1
    parent_choice = rng.choice(np.concatenate([commune_ids, org_ids]), n_individuals)
    district_parent = rng.integers(0, districts, n_individuals)
    ind_parent = [
        f"BCD-{dcode[int(district_parent[i])]}" if city_level[i] else str(parent_choice[i]) for i in range(n_individuals)
    ]
    individuals = pl.DataFrame(
        {
            "subject_id": ind_ids,
            "name": [f"Cá nhân {i:06d}" for i in range(n_individuals)],
            "kind": "individual",
            "level": ["city" if c else "district" for c in city_level],
            "parent_id": ind_parent,
            "area_code": None,
            "scope": [None if c else scope_of[p] for c, p in zip(city_level, ind_parent, strict=True)],
        },
        schema=collectives.schema,
    )
    subjects = pl.concat([collectives, individuals])

    # -- enrolments --------------------------------------------------------------------------
    n = n_enrolments
    lengths = np.array([(e - s).days + 1 for s, e in WAVES])
    inside = rng.random(n) < 0.93
    wave_of = rng.choice(3, n, p=lengths / lengths.sum())
    starts = np.array([_day(s) for s, _ in WAVES])
    day = starts[wave_of] + (rng.random(n) * lengths[wave_of]).astype(np.int64)
    outside_days = np.array([d for d in range(_day(dt.date(2023, 4, 1)), _day(dt.date(2023, 11, 30)) + 1)
                             if not any(_day(s) <= d <= _day(e) for s, e in WAVES)])  # fmt: skip
    day = np.where(inside, day, rng.choice(outside_days, n)).astype(np.int32)
    scheme = rng.choice(3, n, p=[0.41, 0.49, 0.10]).astype(np.int8)
    cover_kind = rng.choice(4, n, p=[0.64, 0.22, 0.07, 0.07])  # year end, later, none, too short
    later = np.array([_day(dt.date(2024, m, 28)) for m in (3, 4, 6, 8)], dtype=np.int32)
    covered = np.select(
        [cover_kind == 0, cover_kind == 1, cover_kind == 3],
        [_day(dt.date(2023, 12, 31)), rng.choice(later, n), _day(dt.date(2023, 11, 30))],
        default=-1,
    ).astype(np.int32)
    covered = np.where((cover_kind == 3) & (covered < day), day, covered)
    person = rng.permutation(n).astype(np.int64)
    repeat = rng.random(n) < 0.01  # ~1% re-enrol a person already drawn (same scheme or not)
    person = np.where(repeat, person[rng.integers(0, n, n)], person)
    receiver = rng.choice(len(receivers), n, p=weights)
    unknown = rng.random(n) < 0.00005
    with_individual = rng.random(n) < 0.25
    individual = rng.integers(0, n_individuals, n)
    enrolments = (
        pl.DataFrame(
            {
                "i": np.arange(n, dtype=np.int64),
                "person": person + 9_000_000_000,
                "scheme_i": scheme,
                "enrolled_on": day,
                "covered_until": covered,
                "receiver": receiver.astype(np.int32),
                "unknown": unknown,
                "with_individual": with_individual,
                "individual": individual.astype(np.int32),
            }
        )
        .lazy()
        .select(
            enrolment_id=pl.lit("E") + pl.col("i").cast(pl.String).str.zfill(9),
            person_id=pl.col("person").cast(pl.String),
            scheme=pl.col("scheme_i").replace_strict(list(range(3)), SCHEMES, return_dtype=pl.String),
            enrolled_on=pl.col("enrolled_on").cast(pl.Date),
            covered_until=pl.when(pl.col("covered_until") >= 0).then(pl.col("covered_until")).cast(pl.Date),
            credited_to=pl.when(pl.col("unknown"))
            .then(pl.lit("BCD-99999"))
            .otherwise(
                pl.col("receiver").replace_strict(list(range(len(receivers))), receivers.tolist(), return_dtype=pl.String)
            ),
            credited_individual=pl.when(pl.col("with_individual")).then(
                pl.lit("CN-") + pl.col("individual").cast(pl.String).str.zfill(6)
            ),
        )
        .collect()
    )
    # Compulsory insurance need not be covered to year end: no end date for most of it.
    enrolments = enrolments.with_columns(
        covered_until=pl.when((pl.col("scheme") == "bhxh-bat-buoc") & (pl.col("enrolment_id").str.slice(9, 1) < "8"))
        .then(None)
        .otherwise(pl.col("covered_until"))
    )

    # -- quotas: each subject's expected result per wave, give or take; some 0, some missing --
    per_receiver = n * 0.93 * 0.78 / 3 / len(receivers)
    per_individual = n * 0.25 * 0.93 * 0.78 / 3 / max(n_individuals, 1)
    rows = subjects.select("subject_id", "kind", "parent_id").with_row_index("k")
    quota_rows = []
    for wave in (1, 2, 3):
        base = np.where(rows["kind"].to_numpy() == "collective", per_receiver, per_individual)
        quota = np.maximum(0, np.round(base * rng.uniform(0.75, 1.15, len(rows)))).astype(np.int64)
        quota[rng.random(len(rows)) < 0.02] = 0
        keep = rng.random(len(rows)) >= 0.01
        quota_rows.append(pl.DataFrame({"subject_id": rows["subject_id"], "wave": wave, "quota": quota}).filter(pl.Series(keep)))
    quotas = pl.concat(quota_rows).with_columns(pl.col("wave").cast(pl.Int64))
    # A parent's quota is the sum handed down to its children (most of the time).
    handed = (
        quotas.join(subjects.select("subject_id", "parent_id", "kind"), on="subject_id")
        .filter(pl.col("parent_id").is_not_null() & (pl.col("kind") == "collective"))
        .group_by("parent_id", "wave")
        .agg(pl.col("quota").sum().alias("handed"))
    )
    quotas = (
        quotas.join(handed, left_on=["subject_id", "wave"], right_on=["parent_id", "wave"], how="left")
        .with_columns(quota=pl.coalesce(pl.col("handed"), pl.col("quota")))
        .drop("handed")
        .sort("subject_id", "wave")
    )

    # -- attestations, targets, submissions, rosters -----------------------------------------
    attest = []
    for wave in (1, 2, 3):
        chosen = rng.random(n_individuals) < 0.3
        attest.append(
            pl.DataFrame(
                {
                    "subject_id": ind_ids,
                    "wave": wave,
                    "attested_by": "Giám đốc BHXH huyện",
                    "attested_on": dt.date(2023, 6 + 2 * wave, 12),
                }
            ).filter(pl.Series(chosen))
        )
    attestations = pl.concat(attest).with_columns(pl.col("wave").cast(pl.Int64))
    target_subjects = collectives.filter(
        pl.col("subject_id").str.starts_with("BCD-") | pl.col("subject_id").str.starts_with("BD-")
    )["subject_id"]
    target_rows = []
    for indicator in INDICATORS:
        target = rng.integers(1_000, 200_000, len(target_subjects))
        result = (target * rng.uniform(0.9, 1.12, len(target_subjects))).astype(np.int64)
        given_ = rng.random(len(target_subjects)) >= 0.03
        target_rows.append(
            pl.DataFrame({"subject_id": target_subjects, "indicator": indicator, "target": target, "result": result}).filter(
                pl.Series(given_)
            )
        )
    targets = pl.concat(target_rows)
    units = ["city", *dcode]
    sub_rows: dict[str, list[object]] = {"deadline": [], "wave": [], "submitter": [], "submitted_on": []}
    anchors = {
        "participant-list": (["city"] and dcode, [w[0] for w in WAVES], -10),
        "district-report": (dcode, [dt.date(2023, 6, 20), dt.date(2023, 8, 15), dt.date(2023, 10, 20)], -2),
        "city-report": (["city"], [dt.date(2023, 6, 25), dt.date(2023, 8, 25), dt.date(2023, 10, 30)], -2),
    }
    for deadline, (submitters, days, early) in anchors.items():
        for wave, anchor in enumerate(days, 1):
            offsets = rng.integers(early - 3, 4, len(submitters))
            missing = rng.random(len(submitters)) < 0.03
            for unit, offset, miss in zip(submitters, offsets, missing, strict=True):
                if not miss:
                    sub_rows["deadline"].append(deadline), sub_rows["wave"].append(wave), sub_rows["submitter"].append(unit)
                    sub_rows["submitted_on"].append(anchor + dt.timedelta(days=int(offset)))
    submissions = pl.DataFrame(
        sub_rows, schema={"deadline": pl.String, "wave": pl.Int64, "submitter": pl.String, "submitted_on": pl.Date}
    )
    ros: dict[str, list[object]] = {"wave": [], "unit": [], "role": [], "name": [], "people": []}
    for wave in (1, 2, 3):
        for unit in units:
            for role in ROLES_CITY if unit == "city" else ROLES_DISTRICT:
                for line in range(int(rng.integers(1, 4))):
                    ros["wave"].append(wave), ros["unit"].append(unit), ros["role"].append(role)
                    ros["name"].append(f"{role} {unit} {line + 1}"), ros["people"].append(int(rng.integers(2, 40)))
    rosters = pl.DataFrame(
        ros, schema={"wave": pl.Int64, "unit": pl.String, "role": pl.String, "name": pl.String, "people": pl.Int64}
    )

    tables = {
        "subjects": subjects, "quotas": quotas, "enrolments": enrolments, "attestations": attestations,
        "targets": targets, "submissions": submissions, "rosters": rosters,
    }  # fmt: skip
    for table, frame in tables.items():
        frame.write_parquet(out / f"{table}.parquet", compression="lz4", statistics=False)
    return {t: f.height for t, f in tables.items()} | {"collectives": n_collectives, "individuals": n_individuals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("--out", type=Path, default=None, help="folder (default: benchmarks/data/<size>)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    out = args.out or Path(__file__).resolve().parent / "data" / args.size
    start = time.perf_counter()
    rows = generate(args.size, out, args.seed)
    print(f"{args.size}: {rows} -> {out} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
