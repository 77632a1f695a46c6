"""Another year's plan needs no code change: a copy of the bundled rule folder, edited into a
fictional 2024 plan (2 waves, caps 20%/10%, coverage to 2024-12-31), runs on its own data.

The pack is ``tests/packs/another-2024/`` and its data ``tests/packs/another-2024-data/``
(the README there lists every deliberate case). This module uses the public API only; the
one private name it touches is ``rallyrules._engine.AVAILABLE``, to know whether
durable_rules imports on this Python.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import rallyrules
import rallyrules.cli
from rallyrules import _engine

HERE = Path(__file__).resolve().parent
PACK_DIR = HERE / "packs" / "another-2024"
DATA_DIR = HERE / "packs" / "another-2024-data"

GIAY_KHEN_TAP_THE = "giay-khen-tap-the-theo-dot"
GIAY_KHEN_CA_NHAN = "giay-khen-ca-nhan-theo-dot"
BANG_KHEN = "bang-khen-sau-hai-dot"


@pytest.fixture(scope="module")
def pack() -> rallyrules.RulePack:
    return rallyrules.load_rule_pack(PACK_DIR)


@pytest.fixture(scope="module")
def data() -> rallyrules.Dataset:
    return rallyrules.load_dataset(DATA_DIR)


@pytest.fixture(scope="module")
def evaluation(pack: rallyrules.RulePack, data: rallyrules.Dataset) -> rallyrules.Evaluation:
    return rallyrules.evaluate(pack, data, engine="python")


def decision(evaluation: rallyrules.Evaluation, round_id: str, rule_id: str, subject_id: str) -> rallyrules.Decision:
    found = [d for d in evaluation.for_round(round_id) if d.rule_id == rule_id and d.subject_id == subject_id]
    assert len(found) == 1, (round_id, rule_id, subject_id, found)
    return found[0]


def selected(evaluation: rallyrules.Evaluation, round_id: str, rule_id: str) -> set[str]:
    return {d.subject_id for d in evaluation.for_round(round_id) if d.rule_id == rule_id and d.selected}


def eligible(evaluation: rallyrules.Evaluation, round_id: str, rule_id: str) -> set[str]:
    return {d.subject_id for d in evaluation.for_round(round_id) if d.rule_id == rule_id and d.eligible}


def test_the_2024_pack_loads_with_two_waves_and_its_own_values(pack: rallyrules.RulePack) -> None:
    """The copied folder loads (every quote found in its own plan text) and carries the
    2024 values: two waves with their 2024 dates, coverage to 2024-12-31, caps 1/5 and 1/10."""
    assert pack.id == "another-2024"
    assert pack.document.number == "12/KH-BCĐ" and pack.document.issued == dt.date(2024, 3, 20)
    assert len(pack.waves) == 2
    assert [(w.number, w.rally_date, w.start, w.end) for w in pack.waves] == [
        (1, dt.date(2024, 4, 20), dt.date(2024, 4, 20), dt.date(2024, 6, 15)),
        (2, dt.date(2024, 8, 17), dt.date(2024, 8, 17), dt.date(2024, 10, 15)),
    ]
    params = {p.id: p.value for p in pack.parameters}
    assert params["coverage-required-through"] == dt.date(2024, 12, 31)
    assert params["participant-list-days-before"] == 7
    assert {c.id: c.rate for c in pack.caps} == {
        "giay-khen-tap-the": Fraction(1, 5), "giay-khen-ca-nhan": Fraction(1, 10),
        "bang-khen-tap-the": Fraction(1, 5), "bang-khen-ca-nhan": Fraction(1, 10),
    }  # fmt: skip
    assert {d.id: [w for w, _ in d.anchors] for d in pack.deadlines} == {
        "participant-list": [1, 2], "district-report": [1, 2], "city-report": [1, 2],
    }  # fmt: skip
    assert "2023" not in pack.source_text and "Đợt 3" not in pack.source_text


def test_rounds_are_two_waves_and_after_waves(evaluation: rallyrules.Evaluation) -> None:
    """Decisions fall in the rounds wave-1, wave-2 and after-waves only: no wave 3 anywhere."""
    assert {d.round for d in evaluation.decisions} == {"wave-1", "wave-2", "after-waves"}
    assert {d.wave for d in evaluation.decisions} == {1, 2, None}
    assert evaluation.for_round("wave-3") == () and evaluation.for_wave(3) == ()
    assert {d.rule_id for d in evaluation.for_round("after-waves")} == {BANG_KHEN}


@pytest.mark.skipif(not _engine.AVAILABLE, reason="durable_rules does not import on this Python")
def test_durable_rules_decides_exactly_as_the_python_evaluator(
    pack: rallyrules.RulePack, data: rallyrules.Dataset, evaluation: rallyrules.Evaluation
) -> None:
    """With durable_rules available, the engine gives identical decisions, selections and
    ledger on the 2024 pack."""
    durable = rallyrules.evaluate(pack, data, engine="durable")
    assert durable.engine.startswith("durable")
    assert [d.to_dict() for d in durable.decisions] == [d.to_dict() for d in evaluation.decisions]
    assert durable.counting.counted == evaluation.counting.counted
    assert durable.counting.excluded == evaluation.counting.excluded


def test_a_20_percent_cap_is_applied_to_collectives(evaluation: rallyrules.Evaluation) -> None:
    """Every collective award's maximum is floor(base x 1/5), rate "1/5"; individuals 1/10.
    With 6 city collectives 20% allows 1 (10% would allow 0); 5 in district 919 allow
    exactly 1; 3 in district 925 allow 0; the Bằng khen's 14 collectives allow 2."""
    capped = [d for d in evaluation.awards if d.selection is not None and d.selection.cap_id is not None]
    assert capped
    for d in capped:
        rate = Fraction(1, 5) if d.selection.subject_kind == "collective" else Fraction(1, 10)
        assert d.selection.rate == f"{rate.numerator}/{rate.denominator}"
        assert d.selection.maximum == math.floor(d.selection.base * rate)
    abc = decision(evaluation, "wave-1", GIAY_KHEN_TAP_THE, "TCDVT-ABC").selection
    assert (abc.base, abc.maximum, abc.rate, abc.status, abc.rank) == (6, 1, "1/5", "selected", 1)
    assert (abc.maximum, math.floor(abc.base * Fraction(1, 10))) == (1, 0)
    le_binh = decision(evaluation, "wave-1", GIAY_KHEN_TAP_THE, "BCD-31186").selection
    assert (le_binh.base, le_binh.maximum) == (5, 1)
    trung_an = decision(evaluation, "wave-1", GIAY_KHEN_TAP_THE, "BCD-31222")
    assert trung_an.eligible and (trung_an.selection.base, trung_an.selection.maximum) == (3, 0)
    assert trung_an.selection.status == "not-selected"
    bang_khen = decision(evaluation, "after-waves", BANG_KHEN, "TCDVT-ABC").selection
    assert (bang_khen.base, bang_khen.maximum, bang_khen.rate) == (14, 2, "1/5")
    person = decision(evaluation, "wave-1", GIAY_KHEN_CA_NHAN, "CN-01").selection
    assert (person.base, person.maximum, person.rate) == (10, 1, "1/10")


def test_boundary_enrolments_follow_the_2024_dates(evaluation: rallyrules.Evaluation) -> None:
    """Both ends of each 2024 period count, the days around them do not; coverage must
    reach 2024-12-31 (12-30 is too short); 2023 plan dates count for nothing."""
    counted = evaluation.counting.counted
    reasons = {e.enrolment_id: e.reason for e in evaluation.counting.excluded}
    assert {i: counted[i] for i in ("E0002", "E0003", "E0010", "E0016")} == dict.fromkeys(("E0002", "E0003", "E0010", "E0016"), 1)
    assert {i: counted[i] for i in ("E0006", "E0007", "E0012", "E0013")} == dict.fromkeys(("E0006", "E0007", "E0012", "E0013"), 2)
    assert reasons == {
        "E0001": "outside-periods", "E0004": "outside-periods", "E0005": "outside-periods",
        "E0008": "outside-periods", "E0014": "outside-periods", "E0015": "outside-periods",
        "E0009": "coverage-too-short", "E0011": "coverage-too-short", "E0019": "coverage-missing",
        "E0017": "repeat-person-scheme", "E0018": "unknown-subject",
    }  # fmt: skip
    assert "2024-04-20..2024-06-15" in next(e.detail for e in evaluation.counting.excluded if e.enrolment_id == "E0001")
    assert "2024-12-31" in next(e.detail for e in evaluation.counting.excluded if e.enrolment_id == "E0009")
    assert evaluation.counting.input_total == 209 == len(counted) + len(evaluation.counting.excluded)
    assert Counter(counted.values()) == {1: 106, 2: 92}
    ba_lang = [decision(evaluation, f"wave-{w}", GIAY_KHEN_TAP_THE, "BCD-31195") for w in (1, 2)]
    assert [(d.facts["counted"], d.facts["quota"], d.eligible) for d in ba_lang] == [(5, 6, False), (5, 5, True)]
    assert ba_lang[0].needed == 1


def test_giay_khen_per_wave(evaluation: rallyrules.Evaluation) -> None:
    """Each wave's certificates of merit: the eligible (credits rolled up, attested
    individuals with a quota) and, within the caps, the selected."""
    assert eligible(evaluation, "wave-1", GIAY_KHEN_TAP_THE) == {
        "TCDVT-ABC", "BCD-919", "CQTP-HND", "BCD-31186", "BCD-31189", "BCD-31222", "TCDVT-BD-925"}  # fmt: skip
    assert selected(evaluation, "wave-1", GIAY_KHEN_TAP_THE) == {"TCDVT-ABC", "BCD-31186"}
    assert eligible(evaluation, "wave-2", GIAY_KHEN_TAP_THE) == {
        "BCD-925", "CQTP-LDLD", "TCDVT-BDTP", "TCDVT-BD-919", "BCD-31192", "BCD-31195", "BCD-31222", "BCD-31261"}  # fmt: skip
    assert selected(evaluation, "wave-2", GIAY_KHEN_TAP_THE) == {"BCD-925", "TCDVT-BD-919"}
    assert eligible(evaluation, "wave-1", GIAY_KHEN_CA_NHAN) == {"CN-01", "CN-04", "CN-09", "CN-11"}
    assert selected(evaluation, "wave-1", GIAY_KHEN_CA_NHAN) == {"CN-01"}
    assert eligible(evaluation, "wave-2", GIAY_KHEN_CA_NHAN) == {"CN-02", "CN-03", "CN-09", "CN-12"}
    assert selected(evaluation, "wave-2", GIAY_KHEN_CA_NHAN) == {"CN-03"}
    rolled_up = decision(evaluation, "wave-1", GIAY_KHEN_TAP_THE, "BCD-919")
    assert (rolled_up.facts["counted"], rolled_up.facts["quota"], rolled_up.selection.rank) == (32, 30, 2)
    not_attested = decision(evaluation, "wave-1", GIAY_KHEN_CA_NHAN, "CN-02")
    assert [c.condition_id for c in not_attested.failed] == ["attested"]
    no_quota = decision(evaluation, "wave-2", GIAY_KHEN_CA_NHAN, "CN-05")
    assert "has-quota" in [c.condition_id for c in no_quota.failed]


def test_bang_khen_after_the_two_waves(evaluation: rallyrules.Evaluation) -> None:
    """The Bằng khen round comes after wave 2: a Giấy khen from either wave plus every 2024
    target met; two collectives and one individual fit under the caps."""
    assert eligible(evaluation, "after-waves", BANG_KHEN) == {"TCDVT-ABC", "BCD-925", "BCD-31186", "CN-01", "CN-03"}
    assert selected(evaluation, "after-waves", BANG_KHEN) == {"TCDVT-ABC", "BCD-925", "CN-03"}
    exactly_100 = decision(evaluation, "after-waves", BANG_KHEN, "BCD-31186")
    assert (exactly_100.selection.status, exactly_100.selection.rank) == ("not-selected", 3)
    assert decision(evaluation, "after-waves", BANG_KHEN, "BCD-925").facts["wave_awards"] == 1
    no_giay_khen = decision(evaluation, "after-waves", BANG_KHEN, "BCD-919")
    assert [c.condition_id for c in no_giay_khen.failed] == ["has-giay-khen"]
    no_targets = decision(evaluation, "after-waves", BANG_KHEN, "TCDVT-BD-919")
    assert "has-all-targets" in [c.condition_id for c in no_targets.failed]
    assert "02 đợt thi đua" in no_giay_khen.citation.quote


def test_deadlines_and_rosters_follow_the_2024_plan(evaluation: rallyrules.Evaluation) -> None:
    """Checks run for two waves with the 2024 dates and minimums: lists 7 days before the
    rally, reports strictly before 25/6 and 25/10, 20 city officials, 8 consulting groups."""
    failed = {(d.round, d.subject_id, d.rule_id) for d in evaluation.checks if not d.eligible}
    assert failed == {
        ("wave-1", "925", "danh-sach-truoc-ra-quan"),
        ("wave-1", "925", "bao-cao-quan-huyen-dung-han"),
        ("wave-2", "925", "bao-cao-quan-huyen-dung-han"),
        ("wave-2", "city", "dieu-hanh-bhxh-thanh-pho"),
        ("wave-2", "919", "nhom-tu-van"),
        ("wave-2", "925", "nhom-tu-van"),
    }
    on_the_day = decision(evaluation, "wave-1", "danh-sach-truoc-ra-quan", "919")
    assert on_the_day.eligible and on_the_day.facts["days_before"] == 7
    five_days = decision(evaluation, "wave-1", "danh-sach-truoc-ra-quan", "925")
    assert five_days.facts["days_before"] == 5
    eight_groups = decision(evaluation, "wave-1", "nhom-tu-van", "919")
    assert eight_groups.eligible and eight_groups.facts["lines"] == 8


def test_cli_evaluates_the_2024_pack_as_json(evaluation: rallyrules.Evaluation) -> None:
    """`rallyrules evaluate --rules <pack> --data <data> --format json` exits 0 and reports
    the 2024 pack's decisions, the same as the library's."""
    result = CliRunner().invoke(
        rallyrules.cli.main, ["evaluate", "--rules", str(PACK_DIR), "--data", str(DATA_DIR), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["receipt"]["pack_id"] == "another-2024"
    assert {d["round"] for d in out["decisions"]} == {"wave-1", "wave-2", "after-waves"}
    assert out["decisions"] == json.loads(evaluation.to_json())["decisions"]
    assert out["counting"]["input"] == 209


def test_this_module_uses_only_the_public_api() -> None:
    """The proof runs on public names: no private module is imported here except
    ``rallyrules._engine``, and of it only ``AVAILABLE`` is used."""
    tree = ast.parse(Path(__file__).read_text("utf-8"))
    private = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        private += [n for n in names if any(part.startswith("_") for part in n.split(".")) and n != "__future__.annotations"]
    assert private == ["rallyrules._engine"]
    used = {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "_engine"
    }
    assert used == {"AVAILABLE"}
