"""Columnar counting (rallyrules.columnar): the same counts, ledger, digest and evaluation
as the reference path (rallyrules.counting), on the bundled data and on generated data."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr

from .conftest import FIXTURES_DIR, enrolment, subject
from .conftest import bundled_pack as _pack

pl = pytest.importorskip("polars")
from rallyrules.columnar import count_enrolments_columnar, load_season, season_from_dataset  # noqa: E402
from rallyrules.evaluation import _select  # noqa: E402
from rallyrules.selection import Candidate, select  # noqa: E402

AT = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)


def same_counting(columnar: object, reference: rr.Counting) -> None:
    assert columnar.input_total == reference.input_total  # type: ignore[attr-defined]
    assert dict(columnar.counts) == dict(reference.counts)  # type: ignore[attr-defined]
    assert dict(columnar.counted) == dict(reference.counted)  # type: ignore[attr-defined]
    assert tuple(columnar.excluded) == reference.excluded  # type: ignore[attr-defined]
    assert columnar.excluded_by_reason() == reference.excluded_by_reason()  # type: ignore[attr-defined]
    assert columnar.counted_total == reference.counted_total  # type: ignore[attr-defined]
    assert columnar.ledger_records() == reference.ledger_records()  # type: ignore[attr-defined]
    ledger = columnar.ledger  # type: ignore[attr-defined]
    assert ledger.columns == ["enrolment_id", "reason", "detail"]
    assert ledger.rows() == [(e.enrolment_id, e.reason, e.detail) for e in reference.excluded]


def test_bundled_counting_is_the_reference_counting(pack: rr.RulePack) -> None:
    """On the bundled season: the same counts per subject and wave, the same counted
    enrolments and the same ledger, entry for entry."""
    reference = rr.count_enrolments(pack, rr.load_dataset(FIXTURES_DIR))
    season = load_season(FIXTURES_DIR, pack)
    assert season.enrolment_count == reference.input_total
    same_counting(count_enrolments_columnar(pack, season), reference)


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=pytest.mark.durable)])
def test_bundled_evaluation_is_the_same(pack: rr.RulePack, engine: str) -> None:
    """evaluate() on the season read on columns gives the same JSON, receipt digest included."""
    from rallyrules import _engine

    if engine == "durable" and not _engine.AVAILABLE:
        pytest.skip("durable_rules does not import here")
    data = rr.load_dataset(FIXTURES_DIR)
    reference = rr.evaluate(pack, data, engine=engine, evaluated_at=AT).to_dict()  # type: ignore[arg-type]
    season = load_season(FIXTURES_DIR, pack)
    columnar = rr.evaluate(pack, season, engine=engine, evaluated_at=AT)  # type: ignore[arg-type]
    assert columnar.to_dict() == reference
    assert rr.inputs_digest(season) == rr.inputs_digest(data) == reference["receipt"]["inputs_digest"]
    # A counting made beforehand is used as it is.
    counting = count_enrolments_columnar(pack, season)
    assert rr.evaluate(pack, season, engine=engine, evaluated_at=AT, counting=counting).to_dict() == reference  # type: ignore[arg-type]
    assert rr.evaluate(pack, data, engine=engine, evaluated_at=AT, counting=counting).to_dict() == reference  # type: ignore[arg-type]


def test_parquet_and_csv_read_alike(pack: rr.RulePack, tmp_path: Path) -> None:
    """The same tables as Parquet give the same season (and digest) as the CSV files."""
    season = load_season(FIXTURES_DIR, pack)
    for table in ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters"):
        pl.read_csv(FIXTURES_DIR / f"{table}.csv", infer_schema=False).write_parquet(tmp_path / f"{table}.parquet")
    again = load_season(tmp_path, pack)
    assert again.enrolments.equals(season.enrolments)
    assert again.dataset.subjects == season.dataset.subjects
    assert again.inputs_digest() == season.inputs_digest()


def test_problems_are_reported_as_the_reference_reports_them(pack: rr.RulePack, tmp_path: Path) -> None:
    """A bad record or an inconsistent one: the same DataError as load_dataset/check_dataset."""
    import shutil

    shutil.copytree(FIXTURES_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "enrolments.csv"
    text = path.read_text("utf-8").splitlines()
    text[5] = text[5].replace(",2023-12-31,", ",1999-12-31,")  # covered before enrolled
    text[7] = text[7].replace("bhxh-tu-nguyen", "bhxh-khac").replace("bhyt-ho-gia-dinh", "bhxh-khac")
    path.write_text("\n".join(text) + "\n", "utf-8")
    with pytest.raises(rr.DataError) as reference:
        rr.check_dataset(pack, rr.load_dataset(tmp_path))
    with pytest.raises(rr.DataError) as columnar:
        load_season(tmp_path, pack)
    assert [str(p) for p in columnar.value.problems] == [str(p) for p in reference.value.problems]


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
@given(_rows)
def test_generated_data_counts_alike(rows: list[tuple[str, dt.date, dt.date | None, str, int, str | None, int]]) -> None:
    """On any small data set: columnar counting equals the reference counting (repeats of a
    person in a scheme on the same day included: the enrolment id decides)."""
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
    reference = rr.count_enrolments(pack, data)
    season = season_from_dataset(data)
    same_counting(count_enrolments_columnar(pack, season), reference)
    assert season.inputs_digest() == rr.inputs_digest(data)


def test_digest_of_text_that_json_escapes(pack: rr.RulePack) -> None:
    """Ids with quotes, backslashes or spaces (which sort differently as JSON): the digest
    still equals the reference digest."""
    subjects = [subject("D", level="city"), subject('C "x"', parent="D"), subject("C\\y", parent="D"), subject("C z", parent="D")]
    records = [enrolment(n, who, "2023-05-10", person=f"P {n}") for n, who in enumerate(['C "x"', "C\\y", "C z", "C z", "D"])]
    data = rr.Dataset.from_records(subjects=subjects, quotas=[], enrolments=records)
    assert season_from_dataset(data).inputs_digest() == rr.inputs_digest(data)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.booleans()), max_size=40),
    st.sampled_from(["giay-khen-tap-the", "bang-khen-tap-the"]),
)
def test_fast_selection_is_select(rows: list[tuple[int, int, bool]], cap_id: str) -> None:
    """The caps' fast ranking (plain numbers where exact) selects as selection.select does."""
    pack = _pack()
    cap = next(c for c in pack.caps if c.id == cap_id)
    rng = random.Random(len(rows))
    candidates = []
    for i, (a, b, eligible) in enumerate(rows):
        subject_id = f"S{rng.randint(0, 9)}{i:02d}"
        facts = {
            "subject_id": subject_id,
            "counted": a,
            "quota": b,
            "worst_result": a,
            "worst_target": b,
            "wave_awards": rng.randint(0, 3),
        }
        candidates.append(Candidate(i, subject_id, "collective", eligible, facts))
    for base in (0, 7, 40):
        assert _select(candidates, cap, base=base, group="g") == select(candidates, cap, base=base, group="g")


def test_repr_and_lazy_views(pack: rr.RulePack) -> None:
    season = load_season(FIXTURES_DIR, pack)
    counting = count_enrolments_columnar(pack, season)
    assert "enrolments=39779" in repr(season)
    assert "counted=35080" in repr(counting) and "excluded=4699" in repr(counting)
    assert len(counting.counted) == 35080 and len(counting.excluded) == 4699
    assert attrs.evolve(season.to_dataset(), origins={}) == attrs.evolve(rr.load_dataset(FIXTURES_DIR), origins={})


def parquet_folder(dataset: rr.Dataset, directory: Path) -> Path:
    """``dataset`` written as one Parquet file per table, typed: the columnar fast path's input."""
    from rallyrules import tables
    from rallyrules.facts import record_fields

    types = {"text": pl.String, "integer": pl.Int64, "date": pl.Date}
    directory.mkdir()
    for table in tables.TABLES:
        facts = getattr(dataset, table)
        if not facts and table not in tables.REQUIRED_TABLES:
            continue
        fields = record_fields(tables.FACT_OF_TABLE[table])
        schema = {name: types[kind] for name, (kind, _) in fields.items()}
        pl.DataFrame([attrs.asdict(f) for f in facts], schema=schema, orient="row").write_parquet(directory / f"{table}.parquet")
    return directory


@pytest.mark.parametrize("in_order", [True, False])
def test_a_duplicate_enrolment_id_is_reported_as_the_reference_reports_it(
    pack: rr.RulePack, tmp_path: Path, in_order: bool
) -> None:
    """A repeated enrolment id (rows in id order: compared as text; otherwise by a sorted
    hash) sends the folder the reference way: the same DataError naming the record."""
    from rallyrules import columnar

    data = rr.load_dataset(FIXTURES_DIR)
    enrolments = sorted(data.enrolments, key=lambda e: e.enrolment_id) if in_order else list(data.enrolments)
    clean = parquet_folder(attrs.evolve(data, enrolments=tuple(enrolments)), tmp_path / "clean")
    columnar._check_fast(pack, columnar._load_fast(clean))  # the fast path takes it (no _Fallback)
    twice = [*enrolments[:5], enrolments[3], *enrolments[5:]]
    if in_order:
        twice.sort(key=lambda e: e.enrolment_id)
    folder = parquet_folder(attrs.evolve(data, enrolments=tuple(twice)), tmp_path / "twice")
    assert columnar._load_fast(folder).enrolments.get_column("enrolment_id").is_sorted() == in_order
    with pytest.raises(rr.DataError, match=f"duplicate enrolment_id '{enrolments[3].enrolment_id}'"):
        load_season(folder, pack)


def test_the_bundled_csv_folder_takes_the_fast_path(pack: rr.RulePack) -> None:
    """CSV folders are read by the columnar reader, not sent the slow way: a polars
    release that dropped a read_csv option once sent every CSV file back, unnoticed, since
    the results are the same (only slower)."""
    from rallyrules import columnar

    season = columnar._load_fast(FIXTURES_DIR)
    columnar._check_fast(pack, season)
    assert season.enrolments.height == len(rr.load_dataset(FIXTURES_DIR).enrolments)


def test_enrolment_text_longer_than_facts_hold_is_refused_as_the_reference_refuses_it(pack: rr.RulePack, tmp_path: Path) -> None:
    """An enrolment id over facts.MAX_TEXT_BYTES: the fast path sends the folder the
    reference way, which names the record (the two paths accept the same data)."""
    from rallyrules.facts import MAX_TEXT_BYTES

    data = rr.load_dataset(FIXTURES_DIR)
    folder = parquet_folder(data, tmp_path / "long")
    frame = pl.read_parquet(folder / "enrolments.parquet")
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 7)
        .then(pl.lit("E" * (MAX_TEXT_BYTES + 1)))
        .otherwise(pl.col("enrolment_id"))
        .alias("enrolment_id")
    )
    frame.write_parquet(folder / "enrolments.parquet")
    with pytest.raises(rr.DataError, match=r"enrolments.parquet.*'enrolment_id': text of 65,536 UTF-8 bytes"):
        load_season(folder, pack)
