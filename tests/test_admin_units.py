"""The optional admin-units table: its record class and its published JSON Schema."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest

from rallyrules import tables
from rallyrules.facts import AdminUnit

from .conftest import FIXTURES_DIR, ROOT


def _rows() -> list[dict[str, str]]:
    with (FIXTURES_DIR / "admin-units.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_schema_is_generated_shipped_and_published() -> None:
    """_schema/input-admin-units.schema.json and its docs/ copy are what input_schema makes."""
    text = tables.input_schema_text("admin-units")
    for folder in (ROOT / "rallyrules" / "_schema", ROOT / "docs"):
        assert (folder / "input-admin-units.schema.json").read_text("utf-8") == text, folder
    schema = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["items"]["required"] == ["province_code", "province", "district_code", "district"]


def test_the_bundled_units_are_valid_records_and_rows() -> None:
    """Cần Thơ's 83 communes in 9 districts build as records and validate against the schema."""
    rows = _rows()
    units = [AdminUnit.from_record(row) for row in rows]
    assert len(units) == 83 and len({u.district_code for u in units}) == 9
    jsonschema.validate(rows, tables.input_schema("admin-units"))
    ninh_kieu = next(u for u in units if u.district_code == "916")
    assert ninh_kieu.district == "Quận Ninh Kiều" and ninh_kieu.province == "Thành phố Cần Thơ"
    # The official spellings are kept as they are; docs/input-format.md lists the aliases.
    assert {u.district for u in units if u.district_code == "918"} == {"Quận Bình Thuỷ"}
    assert any(u.commune == "Xã Thạnh Qưới" for u in units)


def test_a_district_row_without_commune_is_accepted_and_codes_stay_text() -> None:
    unit = AdminUnit.from_record(
        {"province_code": "01", "province": "Thành phố Hà Nội", "district_code": "001", "district": "Quận Ba Đình"}
    )
    assert (unit.province_code, unit.district_code, unit.commune_code) == ("01", "001", None)


@pytest.mark.parametrize("missing", ["province_code", "province", "district_code", "district"])
def test_a_row_without_a_required_column_is_refused(missing: str) -> None:
    row = dict(_rows()[0])
    del row[missing]
    with pytest.raises(ValueError, match=f"missing '{missing}'"):
        AdminUnit.from_record(row)


def test_the_fixture_is_the_shared_list() -> None:
    """fixtures/can-tho-2023/admin-units.csv is a byte-for-byte copy of the shared list, when it is here."""
    shared = ROOT.parent / "shared" / "data" / "can-tho-admin-units-2023.csv"  # shared/ lies beside the clone
    if not shared.is_file():
        pytest.skip("the shared data folder is not on this machine")
    assert (FIXTURES_DIR / "admin-units.csv").read_bytes() == shared.read_bytes()
