"""Typed facts are built from plain records, and bad values are refused clearly."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rallyrules import Enrolment, Quota, Subject


def test_records_become_typed_facts() -> None:
    """Strings from a CSV become dates and integers; empty cells become None."""
    e = Enrolment.from_record(
        {"enrolment_id": "E1", "person_id": "P1", "scheme": "bhxh-tu-nguyen", "enrolled_on": "2023-05-06",
         "covered_until": "2023-12-31", "credited_to": "C1", "credited_individual": ""}
    )  # fmt: skip
    assert e.enrolled_on == dt.date(2023, 5, 6) and e.covered_until == dt.date(2023, 12, 31)
    assert e.credited_individual is None
    assert Quota.from_record({"subject_id": "C1", "wave": "2", "quota": "15"}) == Quota("C1", 2, 15)


@pytest.mark.parametrize(
    ("cls", "record", "words"),
    [
        (Quota, {"subject_id": "C1", "wave": 1, "quota": -1}, "'quota' must be >= 0"),
        (Quota, {"subject_id": "C1", "wave": 1, "quota": "many"}, "expected a whole number"),
        (Quota, {"subject_id": "C1", "wave": 0, "quota": 1}, "'wave' must be >= 1"),
        (Quota, {"subject_id": "C1", "wave": 1}, "missing 'quota'"),
        (Quota, {"subject_id": "C1", "wave": 1, "quota": 1, "colour": "red"}, "unknown field 'colour'"),
        (Subject, {"subject_id": "S", "name": "x", "kind": "robot", "level": "city"}, "'kind' must be in"),
        (Subject, {"subject_id": " ", "name": "x", "kind": "collective", "level": "city"}, "missing 'subject_id'"),
        (
            Enrolment,
            {
                "enrolment_id": "E",
                "person_id": "P",
                "scheme": "s",
                "enrolled_on": "2023-06-01",
                "covered_until": "2023-05-31",
                "credited_to": "C",
            },
            "coverage cannot end before the enrolment",
        ),
        (
            Enrolment,
            {"enrolment_id": "E", "person_id": "P", "scheme": "s", "enrolled_on": "06/05/2023", "credited_to": "C"},
            "expected an ISO date",
        ),
        (
            Enrolment,
            {"enrolment_id": "E", "person_id": "P", "scheme": "s", "enrolled_on": "2023-02-30", "credited_to": "C"},
            "expected an ISO date",
        ),
    ],
)
def test_bad_values_are_refused(cls: type, record: dict[str, object], words: str) -> None:
    """Each bad value raises ValueError naming the field and what was found."""
    with pytest.raises(ValueError, match=re.escape(words)):
        cls.from_record(record)  # type: ignore[attr-defined]


def test_text_is_nfc() -> None:
    """Names typed in NFD are stored in NFC, as the engine compares bytes."""
    s = Subject.from_record({"subject_id": "S1", "name": "Pho\u0302\u0300ng", "kind": "collective", "level": "city"})
    assert s.name == "Phồng"
