"""The receipt's input digest (format 3, ``rallyrules._digest``): the same records give the
same digest built from records or read back from Parquet (whole or streamed), in any
order; any change of a value, of which row misses a value, or of where text is cut between
fields, changes it; an absent optional table is not an empty one."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _digest

pytest.importorskip("polars")
pytest.importorskip("pyarrow")


def via_parquet(data: rr.Dataset, lazy: bool = True) -> rr.Dataset:
    """The same records written as Parquet files and read back (streamed when ``lazy``)."""
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    for table in ("subjects", "quotas", "enrolments"):
        data.frame(table).write_parquet(folder / f"{table}.parquet")
    read = rr.load_dataset(folder, lazy=lazy)
    read.frame("enrolments")  # read before the folder goes
    return read


TEXT = st.sampled_from(["", "a", "Xã Tân Lộc", "Xã Tân Lộc ", 'C "x"', "C\\y", "ưu tiên", "z" * 40])
DAYS = st.dates(dt.date(1969, 12, 1), dt.date(2024, 12, 31))
ROW = st.fixed_dictionaries(
    {
        "enrolment_id": st.sampled_from(["E1", "E2", "E10", "Ê1", "e1"]) | TEXT.filter(bool),
        "person_id": TEXT.filter(bool),
        "scheme": st.sampled_from(["bhxh-tu-nguyen", "bhyt-hgd"]),
        "enrolled_on": DAYS,
        "credited_to": TEXT.filter(lambda t: bool(t.strip())),
        "covered_until": st.none() | DAYS,
        "credited_individual": st.none() | TEXT.filter(lambda t: bool(t.strip())),
    }
)


def dataset(rows: list[dict[str, Any]]) -> rr.Dataset:
    records = [dict(r, covered_until=max(r["covered_until"], r["enrolled_on"]) if r.get("covered_until") else None) for r in rows]
    return rr.Dataset.from_records(subjects=[], quotas=[], enrolments=records)


@settings(max_examples=120, deadline=None)
@given(rows=st.lists(ROW, max_size=30), seed=st.integers(0, 2**16))
def test_row_and_columnar_paths_agree_in_any_order(rows: list[dict[str, Any]], seed: int) -> None:
    """Duplicate ids, missing values, text JSON escapes, Vietnamese text, dates before 1970."""
    data = dataset(rows)
    shuffled = dataset(random.Random(seed).sample(rows, len(rows)))
    assert rr.inputs_digest(data) == rr.inputs_digest(shuffled) == rr.inputs_digest(via_parquet(shuffled))


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(ROW, min_size=1, max_size=12), data=st.data())
def test_any_changed_value_changes_the_digest(rows: list[dict[str, Any]], data: st.DataObject) -> None:
    before = dataset(rows)
    i = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from(sorted(rows[i])))
    new = data.draw(ROW)[field]
    changed = [dict(r) for r in rows]
    changed[i][field] = new
    after = dataset(changed)
    same = sorted(map(repr, before.enrolments)) == sorted(map(repr, after.enrolments))
    assert (rr.inputs_digest(before) == rr.inputs_digest(after)) == same
    assert rr.inputs_digest(via_parquet(after, lazy=False)) == rr.inputs_digest(after)


def test_a_missing_value_is_not_an_empty_one_nor_a_value_moved_between_fields() -> None:
    """The mask tells which row misses a value, and lengths keep "ab"+"c" apart
    from "a"+"bc" (as concatenated bytes they are the same)."""
    base = {"enrolment_id": "E", "person_id": "P", "scheme": "s", "enrolled_on": dt.date(2023, 5, 1), "credited_to": "C"}
    one = dataset([dict(base, credited_individual=None), dict(base, enrolment_id="F", credited_individual="x")])
    two = dataset([dict(base, credited_individual="x"), dict(base, enrolment_id="F", credited_individual=None)])
    assert rr.inputs_digest(one) != rr.inputs_digest(two)
    ab = dataset([dict(base, enrolment_id="E", person_id="ab"), dict(base, enrolment_id="F", person_id="c")])
    bc = dataset([dict(base, enrolment_id="E", person_id="a"), dict(base, enrolment_id="F", person_id="bc")])
    assert rr.inputs_digest(ab) != rr.inputs_digest(bc)


def test_chunks_do_not_change_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """The columnar path hashes in chunks of rows; chunk boundaries are invisible."""
    rows = [
        {"enrolment_id": f"E{n}", "person_id": f"P{n % 7}", "scheme": "s", "enrolled_on": dt.date(2023, 5, 1 + n % 20),
         "credited_to": "Xã Tân Lộc", "covered_until": None if n % 3 else dt.date(2023, 12, 31),
         "credited_individual": None if n % 2 else "Nguyễn Văn A"}
        for n in range(50)
    ]  # fmt: skip
    data = dataset(rows)
    whole = rr.inputs_digest(data)
    monkeypatch.setattr(_digest, "_CHUNK", 7)
    assert rr.inputs_digest(data) == whole
    # Rows already in id order are hashed batch by batch as they stream: the same digest.
    in_order = dataset(sorted(rows, key=lambda r: r["enrolment_id"]))
    assert rr.inputs_digest(in_order) == whole


def test_an_absent_table_is_not_an_empty_one() -> None:
    """Optional tables left out and given empty are different inputs (they decide
    differently), so their digests differ."""
    base = {"subjects": [], "quotas": [], "enrolments": []}
    absent = rr.Dataset.from_records(**base)
    empty = rr.Dataset.from_records(**base, attestations=[], targets=[], submissions=[], rosters=[], admin_units=[])
    assert absent.absent and not empty.absent
    assert rr.inputs_digest(absent) != rr.inputs_digest(empty)
    # The names of areas, added after the format's first tables, change the digest only when given.
    named = rr.Dataset.from_records(**base, attestations=[], targets=[], submissions=[], rosters=[])
    assert named.absent == ("admin-units",) and rr.inputs_digest(named) != rr.inputs_digest(empty)
    assert rr.inputs_digest(named) == _digest_without_admin_units(named)


def _digest_without_admin_units(data: rr.Dataset) -> str:
    """The digest as format 3 had it before admin-units: the seven tables, in order."""
    from rallyrules._digest import digest_of

    digest = hashlib.sha256()
    for table in ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters"):
        if table in data.absent:
            digest.update(f"{table}\0absent\0".encode())
        else:
            digest_of(table, data.frame(table)).into(digest)
    return digest.hexdigest()
