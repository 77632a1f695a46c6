"""One data path: counting on columns equals the row-by-row oracle (tests/oracle.py), and a
data set read in memory, streamed from its files or built from records gives the same
counts, ledger, digest, problems and evaluation."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr

from . import oracle
from .conftest import FIXTURES_DIR, enrolment, subject
from .conftest import bundled_pack as _pack

pl = pytest.importorskip("polars")
from rallyrules.selection import Candidate, select, select_round, subject_bases  # noqa: E402

AT = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)


def same_counting(counting: rr.Counting, reference: oracle.Counting) -> None:
    assert counting.input_total == reference.input_total
    assert dict(counting.counts) == dict(reference.counts)
    assert dict(counting.counted) == dict(reference.counted)
    assert tuple(counting.excluded) == reference.excluded
    assert counting.excluded_by_reason() == reference.excluded_by_reason()
    assert counting.counted_total == reference.counted_total
    assert counting.ledger_records() == reference.ledger_records()
    ledger = counting.ledger
    assert ledger.columns == ["enrolment_id", "reason", "detail"]
    assert ledger.rows() == [(e.enrolment_id, e.reason, e.detail) for e in reference.excluded]


def test_bundled_counting_is_the_oracle_counting(pack: rr.RulePack) -> None:
    """On the bundled season: the same counts per subject and wave, the same counted
    enrolments and the same ledger, entry for entry — read in memory and streamed."""
    data = rr.load_dataset(FIXTURES_DIR)
    reference = oracle.count_enrolments(pack, data)
    same_counting(rr.count_enrolments(pack, data), reference)
    streamed = rr.load_dataset(FIXTURES_DIR, lazy=True)
    assert streamed.streamed and streamed.enrolment_count == reference.input_total
    same_counting(rr.count_enrolments(pack, streamed), reference)


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=pytest.mark.durable)])
def test_streamed_and_in_memory_evaluations_are_the_same(pack: rr.RulePack, engine: str) -> None:
    """evaluate() on the enrolments streamed from their file gives the same JSON as on the
    data set read whole, receipt digest included."""
    from rallyrules import _engine

    if engine == "durable" and not _engine.AVAILABLE:
        pytest.skip("durable_rules does not import here")
    data = rr.load_dataset(FIXTURES_DIR)
    reference = rr.evaluate(pack, data, engine=engine, evaluated_at=AT).to_dict()  # type: ignore[arg-type]
    streamed = rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR, lazy=True), engine=engine, evaluated_at=AT)  # type: ignore[arg-type]
    assert streamed.to_dict() == reference
    assert rr.inputs_digest(data) == reference["receipt"]["inputs_digest"]


def test_parquet_and_csv_read_alike(tmp_path: Path) -> None:
    """The same tables as Parquet give the same data set (and digest) as the CSV files."""
    for table in ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters", "admin-units"):
        pl.read_csv(FIXTURES_DIR / f"{table}.csv", infer_schema=False).write_parquet(tmp_path / f"{table}.parquet")
    again, csv = rr.load_dataset(tmp_path), rr.load_dataset(FIXTURES_DIR)
    assert again == csv
    assert rr.inputs_digest(again) == rr.inputs_digest(csv) == rr.inputs_digest(rr.load_dataset(tmp_path, lazy=True))


def test_problems_are_the_same_streamed_or_read_whole(pack: rr.RulePack, tmp_path: Path) -> None:
    """A bad record and an inconsistent one: the same problems, in one DataError, whether
    the enrolments are read whole (reported by load_dataset and check_dataset) or streamed
    (reported by check_dataset)."""
    shutil.copytree(FIXTURES_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "enrolments.csv"
    text = path.read_text("utf-8").splitlines()
    text[5] = text[5].replace(",2023-12-31,", ",1999-12-31,")  # covered before enrolled
    text[7] = text[7].replace("bhxh-tu-nguyen", "bhxh-khac").replace("bhyt-ho-gia-dinh", "bhxh-khac")
    path.write_text("\n".join(text) + "\n", "utf-8")
    with pytest.raises(rr.DataError) as whole:
        rr.load_dataset(tmp_path)
    with pytest.raises(rr.DataError) as streamed:
        rr.check_dataset(pack, rr.load_dataset(tmp_path, lazy=True))
    found = [str(p) for p in streamed.value.problems]
    assert [str(p) for p in whole.value.problems] == [p for p in found if "covered_until" in p]
    assert any("unknown scheme 'bhxh-khac'" in p and "enrolments.csv:8" in p for p in found)


_rows = st.lists(
    st.tuples(
        st.sampled_from(["C", "D", "E", "NOBODY"]),
        st.dates(dt.date(2023, 4, 1), dt.date(2023, 11, 30)),
        st.one_of(st.none(), st.dates(dt.date(2023, 11, 25), dt.date(2024, 6, 30))),
        st.sampled_from(["bhxh-tu-nguyen", "bhyt-ho-gia-dinh", "bhxh-bat-buoc"]),
        st.integers(0, 12),
        st.sampled_from([None, "I1", "I2"]),
        st.integers(0, 10**6),
    ),
    max_size=80,
)


@settings(max_examples=120, deadline=None)
@given(_rows, st.sampled_from([1, 3, 1000]))
def test_generated_data_counts_as_the_oracle(
    rows: list[tuple[str, dt.date, dt.date | None, str, int, str | None, int]], batch: int
) -> None:
    """On any small data set, in batches of any size: the columnar counting equals the
    oracle's (repeats of a person in a scheme on the same day included: the enrolment id
    decides; repeats across batches too)."""
    pack = _pack()
    subjects = [
        subject("D", level="city"), subject("C", parent="D"), subject("E", parent="C"),
        subject("I1", kind="individual", parent="C"), subject("I2", kind="individual", level="city"),
    ]  # fmt: skip
    records = []
    for n, (who, day, until, scheme, person, individual, number) in enumerate(rows):
        if until is not None and until < day:
            until = day
        record = enrolment(number * 100 + n, who, day.isoformat(), until.isoformat() if until else None, scheme, f"P{person}")
        record["credited_individual"] = individual
        records.append(record)
    data = rr.Dataset.from_records(subjects=subjects, quotas=[], enrolments=records)
    from rallyrules import tables

    original = tables.BATCH_ROWS
    try:
        tables.BATCH_ROWS = batch
        same_counting(rr.count_enrolments(pack, data), oracle.count_enrolments(pack, data))
    finally:
        tables.BATCH_ROWS = original


def test_digest_of_text_that_json_escapes() -> None:
    """Ids with quotes, backslashes or spaces: the same digest in any order of records."""
    subjects = [subject("D", level="city"), subject('C "x"', parent="D"), subject("C\\y", parent="D"), subject("C z", parent="D")]
    records = [enrolment(n, who, "2023-05-10", person=f"P {n}") for n, who in enumerate(['C "x"', "C\\y", "C z", "C z", "D"])]
    data = rr.Dataset.from_records(subjects=subjects, quotas=[], enrolments=records)
    backwards = rr.Dataset.from_records(subjects=subjects[::-1], quotas=[], enrolments=records[::-1])
    assert rr.inputs_digest(data) == rr.inputs_digest(backwards)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.booleans()), max_size=40),
    st.sampled_from(["giay-khen-tap-the", "bang-khen-tap-the"]),
    st.sampled_from([0, 7, 40]),
)
def test_selection_on_columns_is_select(rows: list[tuple[int, int, bool]], cap_id: str, extra: int) -> None:
    """The caps applied on columns select exactly as selection.select does (the reference,
    with exact fractions), whatever the ties."""
    from rallyrules.decide import RuleVerdicts

    pack = _pack()
    cap = next(c for c in pack.caps if c.id == cap_id)
    rule = next(r for r in pack.rules if r.award == cap.award and r.applies_to in ("collective-wave", "subject-year"))
    rng = random.Random(len(rows))
    subjects, facts, candidates = [], [], []
    for i, (a, b, eligible) in enumerate(rows):
        subject_id = f"S{rng.randint(0, 9)}{i:02d}"
        subjects.append({"subject_id": subject_id, "name": "x", "kind": "collective", "level": "city"})
        awards = rng.randint(0, 3)
        values = (
            {"subject_id": subject_id, "level": "city", "wave": 1, "quota": b, "counted": a}
            if rule.applies_to == "collective-wave"
            else {"subject_id": subject_id, "subject_kind": "collective", "level": "city", "wave_awards": awards,
                  "indicators_missing": 0, "worst_result": a, "worst_target": b}
        )  # fmt: skip
        facts.append({**values, "__seq": i, "passed": eligible, "failed": None if eligible else "x"})
        candidates.append(
            Candidate(
                i,
                subject_id,
                "collective",
                eligible,
                {**values, "worst_result": a, "worst_target": b, "counted": a, "quota": b, "wave_awards": awards},
            )
        )
    for n in range(extra):
        subjects.append({"subject_id": f"Z{n:03d}", "name": "x", "kind": "collective", "level": "city"})
    subject_frame = rr.Dataset.from_records(subjects=subjects, quotas=[], enrolments=[]).frame("subjects")
    frame = pl.DataFrame(facts, schema_overrides={"failed": pl.String}) if facts else None
    if frame is None:
        return
    round_id = "wave-1" if rule.applies_to == "collective-wave" else "after-waves"
    chosen = select_round(
        pack, round_id, [RuleVerdicts(rule, rule.applies_to, frame)], subject_frame, subject_bases(pack, subject_frame)
    )[rule.id]
    expected = select(candidates, cap, base=len(subjects), group="g")
    for row in chosen.iter_rows(named=True):
        want = expected[row["__seq"]]
        assert (row["__status"], row["__maximum"], row["__base"]) == (want.status, want.maximum, want.base)
        assert (row["__rank"] if row["__status"] != "not-eligible" else None) == want.rank


def test_repr_and_lazy_views(pack: rr.RulePack) -> None:
    data = rr.load_dataset(FIXTURES_DIR, lazy=True)
    counting = rr.count_enrolments(pack, data)
    assert "enrolments=streamed" in repr(data)
    assert "counted=35080" in repr(counting) and "excluded=4699" in repr(counting)
    assert len(counting.counted) == 35080 and len(counting.excluded) == 4699
    assert data == rr.load_dataset(FIXTURES_DIR)  # reading the enrolments whole when compared


def parquet_folder(dataset: rr.Dataset, directory: Path) -> Path:
    """``dataset`` written as one Parquet file per table, typed."""
    from rallyrules import tables

    directory.mkdir()
    for table in tables.TABLES:
        if table in dataset.absent:
            continue
        dataset.frame(table).write_parquet(directory / f"{table}.parquet")
    return directory


@pytest.mark.parametrize("in_order", [True, False])
@pytest.mark.parametrize("lazy", [True, False])
def test_a_duplicate_enrolment_id_is_reported(pack: rr.RulePack, tmp_path: Path, in_order: bool, lazy: bool) -> None:
    """A repeated enrolment id is named with its row, whether the ids come in order (checked
    batch by batch) or not (sorted at the end), streamed or read whole."""
    from rallyrules import tables

    data = rr.load_dataset(FIXTURES_DIR)
    enrolments = sorted(data.enrolments, key=lambda e: e.enrolment_id) if in_order else list(data.enrolments)[::-1]
    twice = [*enrolments[:5], enrolments[3], *enrolments[5:]]
    if in_order:
        twice.sort(key=lambda e: e.enrolment_id)
    folder = parquet_folder(data.with_tables(enrolments=twice), tmp_path / "twice")
    original = tables.BATCH_ROWS
    try:
        tables.BATCH_ROWS = 1000  # the duplicate may sit on a batch boundary
        with pytest.raises(rr.DataError, match=f"duplicate enrolment_id '{enrolments[3].enrolment_id}'"):
            rr.check_dataset(pack, rr.load_dataset(folder, lazy=lazy))
    finally:
        tables.BATCH_ROWS = original


def test_enrolment_text_longer_than_facts_hold_is_refused(pack: rr.RulePack, tmp_path: Path) -> None:
    """An enrolment id over facts.MAX_TEXT_BYTES is refused naming its file and row, streamed
    or read whole."""
    from rallyrules.facts import MAX_TEXT_BYTES

    folder = parquet_folder(rr.load_dataset(FIXTURES_DIR), tmp_path / "long")
    frame = pl.read_parquet(folder / "enrolments.parquet")
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 7)
        .then(pl.lit("E" * (MAX_TEXT_BYTES + 1)))
        .otherwise(pl.col("enrolment_id"))
        .alias("enrolment_id")
    )
    frame.write_parquet(folder / "enrolments.parquet")
    pattern = r"enrolments.parquet:9: enrolment record: 'enrolment_id': text of 65,536 UTF-8 bytes"
    with pytest.raises(rr.DataError, match=pattern):
        rr.load_dataset(folder)
    with pytest.raises(rr.DataError, match=pattern):
        rr.check_dataset(pack, rr.load_dataset(folder, lazy=True))
