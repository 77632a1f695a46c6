"""Results have a documented, versioned JSON form: every result validates against the
packaged schema (rallyrules/_schema/result.schema.json, published in docs/)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import rallyrules as rr

from .conftest import FIXTURES_DIR, ROOT

PACKS = [
    (ROOT / "rules" / "can-tho-2023", FIXTURES_DIR),
    (ROOT / "tests" / "packs" / "another-2024", ROOT / "tests" / "packs" / "another-2024-data"),
]


def result_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(
        resources.files("rallyrules").joinpath("_schema/result.schema.json").read_text("utf-8")
    )
    return schema


def test_schema_is_valid_and_published() -> None:
    """The schema is a valid JSON Schema, and the copy under docs/ is the same."""
    jsonschema.Draft202012Validator.check_schema(result_schema())
    assert json.loads((ROOT / "docs" / "result.schema.json").read_text("utf-8")) == result_schema()


@pytest.mark.parametrize(("pack_dir", "data_dir"), PACKS, ids=["can-tho-2023", "another-2024"])
def test_every_result_validates(pack_dir: Path, data_dir: Path) -> None:
    """The whole result of each bundled and test season validates, after a JSON round trip."""
    result = rr.evaluate(rr.load_rule_pack(pack_dir), rr.load_dataset(data_dir), engine="python")
    data = json.loads(result.to_json())
    validator = jsonschema.Draft202012Validator(result_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert data["format"] == "rallyrules-result/4" and data["receipt"]["library_version"] == rr.__version__
