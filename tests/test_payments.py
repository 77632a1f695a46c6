"""Coverage end dates from payment records (SPEC C9): the month arithmetic, both schemes,
bad rows, and the payment-coverage pack read strictly."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import payments
from rallyrules._bundled import bundled_packs, bundled_rules_root
from rallyrules.payments import months_later, period_end

from .conftest import bundled_pack, subject

PACK_DIR = bundled_rules_root() / "payment-coverage"
D = dt.date

days = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
month_counts = st.integers(min_value=1, max_value=120)


@pytest.fixture(scope="module")
def pack() -> payments.PaymentPack:
    return payments.load_payment_pack()


def row(**cells: Any) -> dict[str, Any]:
    """A payment row: an enrolment credited to C1, plus the payment cells given."""
    return {"enrolment_id": "E1", "person_id": "P1", "enrolled_on": "2023-05-06", "credited_to": "C1"} | cells


def household(paid_on: str, months: int, renewal: str = "false", previous_expiry: str | None = None) -> dict[str, Any]:
    return row(scheme="bhyt-ho-gia-dinh", paid_on=paid_on, months=months, renewal=renewal, previous_expiry=previous_expiry)


def voluntary(start_month: Any, months: Any) -> dict[str, Any]:
    return row(scheme="bhxh-tu-nguyen", start_month=start_month, months=months)


# -- month arithmetic --------------------------------------------------------------------------------


@given(days, month_counts)
def test_months_later_is_the_same_day_or_the_first_of_the_next_month(day: dt.date, months: int) -> None:
    """n months after d is day d.day of the month n later; when that month is too short
    (31/01 + 1), it is the first day of the month after, never a day inside it."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    later = months_later(day, months)
    if day.day <= calendar.monthrange(year, month)[1]:
        assert later == D(year, month, day.day)
    else:
        assert later == D(year, month, calendar.monthrange(year, month)[1]) + dt.timedelta(days=1)


@given(days, month_counts)
def test_a_period_ends_the_day_before_it_would_start_again(start: dt.date, months: int) -> None:
    """The last day covered is the day before months_later; n months hold 28n to 31n days."""
    end = period_end(start, months)
    assert end + dt.timedelta(days=1) == months_later(start, months)
    assert 28 * months <= (end - start).days + 1 <= 31 * months


@given(days, days, month_counts, month_counts)
def test_later_starts_and_more_months_never_end_earlier(a: dt.date, b: dt.date, m: int, n: int) -> None:
    """Monotonic in the start day and strictly in the number of months."""
    first, second = sorted((a, b))
    assert period_end(first, m) <= period_end(second, m)
    if m < n:
        assert period_end(first, m) < period_end(first, n)


@given(st.integers(1990, 2090), st.integers(1, 12), month_counts, month_counts)
def test_whole_months_from_the_first_add_up(year: int, month: int, m: int, n: int) -> None:
    """From the 1st of a month, m then n months end where m + n months end, on a month's last day."""
    start = D(year, month, 1)
    joined = period_end(start, m + n)
    assert period_end(period_end(start, m) + dt.timedelta(days=1), n) == joined
    assert joined.day == calendar.monthrange(joined.year, joined.month)[1]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2023, 6, 5), 6, D(2023, 12, 4)),    # SPEC C9
        (D(2023, 6, 5), 12, D(2024, 6, 4)),    # SPEC C9
        (D(2024, 1, 31), 1, D(2024, 2, 29)),   # the 31st into a leap February: all of February
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2023, 1, 31), 12, D(2024, 1, 30)),  # 12 months from 31/01
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # from a leap day
        (D(2023, 3, 1), 12, D(2024, 2, 29)),   # a year that holds a leap day
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2023, 5, 31), 1, D(2023, 6, 30)),
        (D(2023, 12, 1), 1, D(2023, 12, 31)),
    ],
)  # fmt: skip
def test_month_ends_and_leap_years(start: dt.date, months: int, end: dt.date) -> None:
    """Worked examples at month ends, the 31st and 29/02."""
    assert period_end(start, months) == end


# -- household BHYT -----------------------------------------------------------------------------------


def test_spec_example_first_time_household(pack: payments.PaymentPack) -> None:
    """SPEC C9: paid 06/05/2023 for the first time, covered from 05/06/2023; 6 months end
    04/12/2023 (short of 31/12/2023), 12 months end 04/06/2024."""
    six = payments.coverage(household("06/05/2023", 6, renewal="không"), pack)
    assert (six.start, six.end, six.situation) == (D(2023, 6, 5), D(2023, 12, 4), "first-time")
    assert payments.coverage_end(household("06/05/2023", 12), pack) == D(2024, 6, 4)


@pytest.mark.parametrize(
    ("paid_on", "previous_expiry", "situation", "start"),
    [
        ("2023-05-06", "2023-05-31", "renewal-before-expiry", D(2023, 6, 1)),
        ("2023-05-31", "2023-05-31", "renewal-before-expiry", D(2023, 6, 1)),   # paid on the last valid day
        ("2023-06-01", "2023-05-31", "renewal-after-short-gap", D(2023, 6, 1)),
        ("2023-08-31", "2023-05-31", "renewal-after-short-gap", D(2023, 8, 31)),
        ("2023-09-01", "2023-05-31", "renewal-after-long-gap", D(2023, 10, 1)),  # 3 months without a card
    ],
)  # fmt: skip
def test_household_renewals(
    pack: payments.PaymentPack, paid_on: str, previous_expiry: str, situation: str, start: dt.date
) -> None:
    """Before expiry the card runs on; after a short gap it starts on payment; after 3
    months or more it waits 30 days, as a first time."""
    covered = payments.coverage(household(paid_on, 12, renewal="có", previous_expiry=previous_expiry), pack)
    assert (covered.situation, covered.start, covered.end) == (situation, start, period_end(start, 12))


# -- voluntary BHXH ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_month", "months", "end"),
    [
        ("2023-05", 6, D(2023, 10, 31)),
        ("05/2023", 12, D(2024, 4, 30)),
        ("5/2023", 1, D(2023, 5, 31)),
        (dt.datetime(2023, 5, 1), 12.0, D(2024, 4, 30)),  # Excel turned 05/2023 into a date, Sothang a float
        ("12/2023", 3, D(2024, 2, 29)),
        ("2023-05", 60, D(2028, 4, 30)),
    ],
)
def test_voluntary_bhxh_covers_whole_months(pack: payments.PaymentPack, start_month: Any, months: Any, end: dt.date) -> None:
    """Tuthang/Sothang: covered to the last day of month start + months − 1."""
    assert payments.coverage_end(voluntary(start_month, months), pack) == end


@given(st.integers(2000, 2080), st.integers(1, 12), st.sampled_from([1, 3, 6, 12, 24, 36, 48, 60]))
def test_voluntary_bhxh_ends_on_the_last_day_of_the_right_month(year: int, month: int, months: int) -> None:
    """For every allowed period, the end is the last day of month (start + months − 1)."""
    end = payments.coverage_end(voluntary(f"{month:02d}/{year}", months), payments.load_payment_pack())
    last_year, last_month = divmod(month - 1 + months - 1, 12)
    assert (end.year, end.month) == (year + last_year, last_month + 1)
    assert end.day == calendar.monthrange(end.year, end.month)[1]


# -- bad rows -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (
            voluntary("05/2023", 8),
            "8 is not a period that may be paid for 'bhxh-tu-nguyen' (1, 3, 6, 12 or a multiple of 12 up to 60)",
        ),
        (voluntary("05/2023", 72), "72 is not a period"),
        (voluntary("13/2023", 6), "expected a month as YYYY-MM or MM/YYYY, got '13/2023'"),
        (voluntary(dt.date(2023, 5, 6), 6), "expected a month, got the day 06/05/2023"),
        (voluntary("05/2023", None), "missing 'months'"),
        (voluntary("05/2023", 6) | {"renewal": "true"}, "['renewal'] not used for scheme 'bhxh-tu-nguyen'"),
        (household("06/05/2023", 1), "1 is not a period that may be paid for 'bhyt-ho-gia-dinh' (3, 6, 12)"),
        (household("06/05/2023", 6, renewal="true"), "missing 'previous_expiry'"),
        (household("06/05/2023", 6, previous_expiry="2023-05-31"), "'renewal' is false"),
        (household("06/05/2023", 6, renewal="perhaps"), "expected true or false"),
        (household("2023/05/06", 6), "'paid_on': expected a date as dd/mm/yyyy"),
        (row(scheme="bhxh-bat-buoc", months=6), "no payment rule for scheme 'bhxh-bat-buoc'"),
    ],
)
def test_bad_payment_records_say_why(pack: payments.PaymentPack, record: dict[str, Any], words: str) -> None:
    """Each bad record raises ValueError naming the field and what was found."""
    with pytest.raises(ValueError) as caught:
        payments.coverage(record, pack)
    assert words in str(caught.value)


def test_every_bad_row_is_reported_at_once(pack: payments.PaymentPack) -> None:
    """Rows keyed by D05-TS and Vietnamese headings; good rows become enrolments, every
    bad one is named source[i] with all its reasons in one DataError."""
    good = {"Mã hồ sơ": "E1", "Mã số BHXH": "P1", "Loại hình": "bhxh-tu-nguyen", "Ngày tham gia": "06/05/2023",
            "Đơn vị vận động": "C1", "Tuthang": "05/2023", "Sothang": 12}  # fmt: skip
    assert payments.enrolments_from_payments([good], pack)[0]["covered_until"] == D(2024, 4, 30)
    rows = [
        good,
        good | {"Tuthang": "13/2023", "Sothang": 5},
        good | {"Ngày tham gia": "2025-01-01"},
        {"Mã hồ sơ": "E9", "colour": "x"},
    ]
    with pytest.raises(rr.DataError) as caught:
        payments.enrolments_from_payments(rows, pack, source="d05")
    found = {p.path: p.message for p in caught.value.problems}
    assert set(found) == {"d05[1]", "d05[2]", "d05[3]"}
    assert "'months': 5" in found["d05[1]"] and "'start_month'" in found["d05[1]"]
    assert "coverage cannot end before the enrolment" in found["d05[2]"]
    assert "unknown column(s) ['colour']" in found["d05[3]"]


def test_payment_file_rows_are_named_by_row(tmp_path: Path, pack: payments.PaymentPack) -> None:
    """read_payments reads a workbook with D05-TS headings; a bad row is named file:row."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for values in (
        [
            "enrolment_id",
            "person_id",
            "scheme",
            "enrolled_on",
            "credited_to",
            "Tuthang",
            "Sothang",
            "Ngày đóng",
            "Tái tục",
            "Hạn thẻ cũ",
        ],
        ["E1", "9285416030", "bhxh-tu-nguyen", dt.datetime(2023, 5, 6), "C1", dt.datetime(2023, 5, 1), 12.0, None, None, None],
        ["E2", "P2", "bhyt-ho-gia-dinh", "06/05/2023", "C1", None, 12, dt.datetime(2023, 5, 6), False, None],
        ["E3", "P3", "bhyt-ho-gia-dinh", "06/05/2023", "C1", None, 12, dt.datetime(2023, 5, 6), True, None],
    ):
        book.active.append(values)
    book.save(tmp_path / "d05.xlsx")
    with pytest.raises(rr.DataError) as caught:
        payments.read_payments(tmp_path / "d05.xlsx", pack)
    ((path, line),) = {(Path(p.path or "").name, p.line) for p in caught.value.problems}
    assert (path, line) == ("d05.xlsx", 4)
    book.active.delete_rows(4)
    book.save(tmp_path / "d05.xlsx")
    records = payments.read_payments(tmp_path / "d05.xlsx", pack)
    assert [(r["person_id"], r["covered_until"]) for r in records] == [("9285416030", D(2024, 4, 30)), ("P2", D(2024, 6, 4))]


def test_derived_enrolments_are_counted_by_the_plan(pack: payments.PaymentPack) -> None:
    """Enrolments from payments feed a data set: 12 months of household BHYT paid on
    06/05/2023 count for wave 1; 6 months stop on 04/12/2023 and are excluded (SPEC C2)."""
    rows = [household("06/05/2023", 12) | {"enrolment_id": "E1", "person_id": "P1"},
            household("06/05/2023", 6) | {"enrolment_id": "E2", "person_id": "P2"}]  # fmt: skip
    data = rr.Dataset.from_records(
        subjects=[subject("C1")], quotas=[{"subject_id": "C1", "wave": 1, "quota": 1}],
        enrolments=payments.enrolments_from_payments(rows, pack),
    )  # fmt: skip
    counting = rr.count_enrolments(bundled_pack(), data)
    assert dict(counting.counted) == {"E1": 1}
    assert [(e.enrolment_id, e.reason) for e in counting.excluded] == [("E2", "coverage-too-short")]


# -- the pack -------------------------------------------------------------------------------------------


def test_every_rule_cites_the_law_and_is_marked_outside_the_plan(pack: payments.PaymentPack) -> None:
    """Each rule has a legal source with an article, names the plan it is not part of,
    says to verify it, and lists its interpretations."""
    assert {r.scheme for r in pack.rules} == {"bhxh-tu-nguyen", "bhyt-ho-gia-dinh"}
    assert pack.outside_plan == "38/KH-BCĐ" and pack.verify.vi and pack.verify.en
    for rule in pack.rules:
        assert rule.outside_plan == "38/KH-BCĐ"
        assert rule.source and all(c.law and c.article and c.summary.vi for c in rule.source)
        assert rule.verify.en and rule.interpretations
    assert "Điều 87" in str(pack.rule_for("bhxh-tu-nguyen").source[0])  # type: ignore[union-attr]


def test_durations_are_data(tmp_path: Path) -> None:
    """Changing the 30 days' wait in the YAML changes the coverage: nothing is in the code."""
    copy = tmp_path / "payment-coverage"
    shutil.copytree(PACK_DIR, copy)
    path = copy / "bhyt-ho-gia-dinh.yml"
    path.write_text(path.read_text("utf-8").replace("plus_days: 30", "plus_days: 15"), "utf-8")
    changed = payments.load_payment_pack(copy)
    assert payments.coverage(household("06/05/2023", 12), changed).start == D(2023, 5, 21)
    assert changed.digest != payments.load_payment_pack().digest


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("plus_days: 30", "plus_days: 30\n        plus_days: 31", "duplicate key 'plus_days'"),
        ("plus_days: 30", "plus_day: 30", "Did you mean 'plus_days'?"),
        ("allowed: [3, 6, 12]", "allowed: [3, 6, 12.5]", "floating-point"),
        ("when: renewal-after-long-gap", "when: renewal-after-short-gap", "needs one start for each of"),
        ("from: previous_expiry", "from: start-month", "cannot count from 'start-month'"),
        ("    gap_months: 3\n", "", "'gap_months' is needed"),
        ("scheme: bhyt-ho-gia-dinh", "scheme: bhxh-tu-nguyen", "scheme 'bhxh-tu-nguyen' has a rule already"),
    ],
)
def test_the_pack_is_read_strictly(tmp_path: Path, old: str, new: str, words: str) -> None:
    """Strict YAML, the JSON Schema and the checks across rules each name the file and line."""
    copy = tmp_path / "payment-coverage"
    shutil.copytree(PACK_DIR, copy)
    path = copy / "bhyt-ho-gia-dinh.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(rr.RulePackError) as caught:
        payments.load_payment_pack(copy)
    assert any(words in p.message for p in caught.value.problems), str(caught.value)
    assert all(p.line for p in caught.value.problems if p.path and p.path.endswith(".yml"))


def test_payment_pack_is_not_a_campaign_pack() -> None:
    """The folder is not offered as a bundled campaign pack (rallyrules evaluate picks the only one)."""
    assert PACK_DIR.is_dir() and PACK_DIR not in bundled_packs()


def test_the_pack_schema_is_published() -> None:
    """docs/payment-coverage.schema.json is the schema shipped in the package."""
    docs = bundled_rules_root().parent / "docs" / "payment-coverage.schema.json"
    assert json.loads(docs.read_text("utf-8")) == payments.payment_pack_schema()
