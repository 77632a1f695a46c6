"""Shared fixtures: the bundled pack and small data sets built in code."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

import rallyrules as rr
from rallyrules import _engine

ROOT = Path(__file__).resolve().parent.parent
PACK_DIR = ROOT / "rules" / "can-tho-2023"
FIXTURES_DIR = ROOT / "fixtures" / "can-tho-2023"

requires_durable = pytest.mark.skipif(not _engine.AVAILABLE, reason="durable_rules does not import on this Python")


@functools.cache
def bundled_pack() -> rr.RulePack:
    """The bundled pack, loaded once (hypothesis tests cannot take function-scoped fixtures)."""
    return rr.load_rule_pack(PACK_DIR)


@pytest.fixture(scope="session")
def pack() -> rr.RulePack:
    return bundled_pack()


def subject(subject_id: str, level: str = "district", parent: str | None = None, kind: str = "collective",
            scope: str | None = "D1") -> dict[str, Any]:  # fmt: skip
    """A subject record; district-level subjects get a scope (their district)."""
    return {
        "subject_id": subject_id, "name": f"Đơn vị {subject_id}", "kind": kind, "level": level, "parent_id": parent,
        "scope": scope if level == "district" else None,
    }  # fmt: skip


def enrolment(n: int, credited_to: str, enrolled_on: str, covered_until: str | None = "2023-12-31",
              scheme: str = "bhxh-tu-nguyen", person: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "enrolment_id": f"E{n:06d}",
        "person_id": person or f"P{n:06d}",
        "scheme": scheme,
        "enrolled_on": enrolled_on,
        "covered_until": covered_until,
        "credited_to": credited_to,
    }
