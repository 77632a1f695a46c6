"""The whole plan on the bundled season: Bằng khen after the waves, deadlines, rosters,
authorities, funds, occasions and data findings."""

from __future__ import annotations

import pytest

import rallyrules as rr

from .conftest import FIXTURES_DIR


@pytest.fixture(scope="module")
def season(pack: rr.RulePack) -> rr.Evaluation:
    return rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR), engine="python")


def one(season: rr.Evaluation, subject: str, round_id: str, rule: str) -> rr.Decision:
    [d] = [d for d in season.decisions if (d.subject_id, d.round, d.rule_id) == (subject, round_id, rule)]
    return d


def test_rounds(season: rr.Evaluation) -> None:
    assert {d.round for d in season.decisions} == {"wave-1", "wave-2", "wave-3", "after-waves"}


def test_authority_fund_and_occasion(season: rr.Evaluation) -> None:
    """City-level Giấy khen: the BHXH director, BHXH fund; district-level: the district
    chairman of the subject's district, district budget; wave 1 presented at wave 2's rally,
    wave 3 at the nearest review conference; Bằng khen: city chairman, year-end review."""
    city = one(season, "BCD-916", "wave-1", "giay-khen-tap-the-theo-dot").award
    assert city is not None and city.authority.vi == "Giám đốc BHXH thành phố" and city.scope is None
    assert city.fund.vi.startswith("Quỹ phúc lợi") and "01/07/2023" in city.occasion.vi
    commune = one(season, "BCD-31117", "wave-3", "giay-khen-tap-the-theo-dot").award
    assert commune is not None and commune.authority.vi == "Chủ tịch UBND quận, huyện" and commune.scope == "916"
    assert commune.fund.vi.startswith("Kinh phí khen thưởng") and commune.occasion.en == "the nearest review conference"
    assert commune.proposed_by is not None
    bang_khen = one(season, "BCD-923", "after-waves", "bang-khen-sau-ba-dot").award
    assert bang_khen is not None and bang_khen.authority.vi == "Chủ tịch UBND thành phố"
    assert bang_khen.occasion.en == "the year-end review conference"


def test_bang_khen_needs_an_awarded_giay_khen(season: rr.Evaluation) -> None:
    """Bằng khen counts Giấy khen actually selected, not merely eligible."""
    for d in season.for_round("after-waves"):
        selected = sum(
            1 for w in season.for_subject(d.subject_id) if w.round.startswith("wave-") and w.award is not None and w.selected
        )
        assert d.facts["wave_awards"] == selected
    assert any(d.selected for d in season.for_round("after-waves"))


def test_deadlines(season: rr.Evaluation) -> None:
    """The fixture's deliberate cases: exactly 5 days before is on time, 4 is late; a report
    on the deadline day is late ('trước ngày' strictly), the day before on time; one missing."""
    assert one(season, "917", "wave-1", "danh-sach-truoc-ra-quan").outcome == "met"
    assert one(season, "926", "wave-2", "danh-sach-truoc-ra-quan").outcome == "not-met"
    assert one(season, "918", "wave-1", "bao-cao-quan-huyen-dung-han").outcome == "not-met"
    assert one(season, "919", "wave-1", "bao-cao-quan-huyen-dung-han").outcome == "met"
    missing = one(season, "924", "wave-3", "bao-cao-quan-huyen-dung-han")
    assert [c.condition_id for c in missing.failed] == ["submitted", "before-deadline"]
    assert one(season, "city", "wave-2", "bao-cao-thanh-pho-dung-han").outcome == "not-met"


def test_rosters(season: rr.Evaluation) -> None:
    """Each deliberate shortfall of the fixture is reported, with its clause; nothing else."""
    failed = {(d.subject_id, d.round, d.rule_id) for d in season.checks if not d.eligible and d.facts.get("role")}
    assert failed == {
        ("city", "wave-1", "dieu-hanh-to-chuc-dich-vu-thu"),
        ("918", "wave-1", "nhom-tu-van"),
        ("927", "wave-1", "dieu-hanh-bhxh-quan-huyen"),
        ("city", "wave-2", "dieu-hanh-buu-dien-thanh-pho"),
        ("925", "wave-2", "nhom-tu-van"),
        ("923", "wave-3", "dieu-hanh-buu-dien-quan-huyen"),
        ("924", "wave-3", "doi-tuyen-truyen-luu-dong"),
    }
    for d in season.checks:
        assert d.citation.section in ("II.3.b", "II.3.c", "III.1.g")


def test_quota_allocation_findings(season: rr.Evaluation) -> None:
    """The city Post Office keeps a share of its own: its quota differs from what it hands down."""
    findings = [f for f in season.findings if f.check == "quota-allocation"]
    assert findings and all(f.details["difference"] == f.details["quota"] - f.details["handed_down"] for f in findings)
    assert {f.subject_id for f in findings} == {"TCDVT-BDTP"}


def test_missing_scope_is_a_data_error(pack: rr.RulePack) -> None:
    """A district-level subject without its district has no awarding authority: refused."""
    data = rr.Dataset.from_records(
        subjects=[{"subject_id": "C", "name": "Xã C", "kind": "collective", "level": "district"}], quotas=[], enrolments=[]
    )
    with pytest.raises(rr.DataError, match="give its scope"):
        rr.check_dataset(pack, data)
