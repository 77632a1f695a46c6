"""Evaluating a pack on data: decisions with reasons, the same from either engine."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _engine

from .conftest import FIXTURES_DIR, enrolment, requires_durable, subject
from .conftest import bundled_pack as _pack


def small(quotas: dict[str, int], counts: dict[str, int]) -> rr.Dataset:
    subjects = [subject(s, level="city") for s in quotas]
    enrolments = []
    n = 0
    for who, k in counts.items():
        for _ in range(k):
            n += 1
            enrolments.append(enrolment(n, who, "2023-05-20"))
    quota_rows = [{"subject_id": s, "wave": 1, "quota": q} for s, q in quotas.items()]
    return rr.Dataset.from_records(subjects=subjects, quotas=quota_rows, enrolments=enrolments)


@pytest.mark.parametrize("engine", ["python", pytest.param("durable", marks=requires_durable)])
def test_exactly_100_percent_one_short_and_no_quota(pack: rr.RulePack, engine: str) -> None:
    """30/30 is eligible; 29/30 is not and needs 1 more; quota 0 is not, for want of a quota."""
    result = rr.evaluate(pack, small({"A": 30, "B": 30, "C": 0}, {"A": 30, "B": 29, "C": 4}), engine=engine)  # type: ignore[arg-type]
    by = {d.subject_id: d for d in result.for_wave(1)}
    assert by["A"].eligible and by["A"].needed is None
    assert not by["B"].eligible and by["B"].needed == 1
    assert [c.condition_id for c in by["B"].failed] == ["reached-quota"]
    assert [c.condition_id for c in by["C"].failed] == ["has-quota", "reached-quota"]
    assert by["B"].failed[0].citation.section == "II.5.c"
    assert "29/30" in by["B"].failed[0].found
    assert by["B"].explain("vi").count("không đạt") == 1


def test_a_decision_says_everything_a_reviewer_needs(pack: rr.RulePack) -> None:
    """Every condition carries the value found, the value required, rule id, section, quote."""
    result = rr.evaluate(pack, small({"A": 10}, {"A": 12}), engine="python")
    decision = result.for_subject("A")[0]
    data = decision.to_dict()
    assert data["rule_id"] == "giay-khen-tap-the-theo-dot" and data["outcome"] == "eligible"
    for condition in data["conditions"]:
        assert {"found", "required", "citation", "holds"} <= set(condition)
        assert condition["citation"]["quote"] in pack.source_text
    json.dumps(data, ensure_ascii=False)  # plain JSON values only


@requires_durable
def test_both_engines_decide_the_bundled_season_alike(pack: rr.RulePack) -> None:
    """On the bundled data, durable_rules and the Python evaluator give identical decisions."""
    data = rr.load_dataset(FIXTURES_DIR)
    by_durable = rr.evaluate(pack, data, engine="durable")
    by_python = rr.evaluate(pack, data, engine="python")
    assert by_durable.engine.startswith("durable-rules")
    assert by_python.engine.startswith("python")
    assert by_durable.decisions == by_python.decisions
    assert 0 < len(by_durable.eligible) < len(by_durable.decisions)


def test_output_is_deterministic(pack: rr.RulePack) -> None:
    """The same inputs give byte-identical JSON, whatever the order of the input records."""
    data = rr.load_dataset(FIXTURES_DIR)
    at = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)
    shuffled = data.with_tables(
        **{
            t: tuple(reversed(getattr(data, t)))
            for t in ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters")
        },
    )
    first = rr.evaluate(pack, data, engine="python", evaluated_at=at).to_json()
    assert first == rr.evaluate(pack, data, engine="python", evaluated_at=at).to_json()
    assert first == rr.evaluate(pack, shuffled, engine="python", evaluated_at=at).to_json()


def test_auto_uses_durable_where_it_imports(pack: rr.RulePack) -> None:
    """'auto' says which engine decided: durable_rules if importable, else Python."""
    result = rr.evaluate(pack, small({"A": 1}, {"A": 1}))
    assert result.engine.startswith("durable-rules" if _engine.AVAILABLE else "python")


def test_durable_requested_where_absent_is_a_clear_error(pack: rr.RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking for durable_rules where it cannot import is an EngineError that says so."""
    monkeypatch.setattr(_engine, "AVAILABLE", False)
    with pytest.raises(rr.EngineError, match="not available"):
        rr.evaluate(pack, small({"A": 1}, {"A": 1}), engine="durable")


@requires_durable
def test_engine_and_explanation_disagreeing_is_an_engine_error(pack: rr.RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the engine's verdict differs from the rule file's, nothing is returned."""
    real = _engine.DurableEvaluator.decide

    def wrong(self: _engine.DurableEvaluator, facts: object, names: object = None) -> object:
        verdicts = real(self, facts, names)  # type: ignore[arg-type]
        verdicts[0] = {k: ("fail", "reached-quota") if v == ("pass", None) else ("pass", None) for k, v in verdicts[0].items()}
        return verdicts

    monkeypatch.setattr(_engine.DurableEvaluator, "decide", wrong)
    with pytest.raises(rr.EngineError, match="the engine's verdict is"):
        rr.evaluate(pack, small({"A": 1}, {"A": 1}), engine="durable")


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 50), st.integers(-1, 1), st.sampled_from(["python", "durable"] if _engine.AVAILABLE else ["python"]))
def test_quota_boundary_property(quota: int, delta: int, engine: str) -> None:
    """Eligible exactly when a quota is assigned and counted >= quota (100%), for any quota."""
    counted = max(quota + delta, 0)
    decision = rr.evaluate(_pack(), small({"A": quota}, {"A": counted}), engine=engine).for_wave(1)[0]  # type: ignore[arg-type]
    assert decision.eligible == (quota > 0 and counted >= quota)
    if quota > 0 and counted < quota:
        assert decision.needed == quota - counted


def test_receipt_identifies_rules_inputs_and_versions(pack: rr.RulePack) -> None:
    """Every result carries the pack and input digests, versions and the evaluation time;
    the input digest ignores record order and file format."""
    data = rr.load_dataset(FIXTURES_DIR)
    result = rr.evaluate(pack, data, engine="python")
    receipt = result.receipt
    assert receipt is not None
    assert receipt.pack_digest == pack.digest and len(receipt.inputs_digest) == 64
    assert receipt.library_version == rr.__version__ and receipt.engine == result.engine
    assert receipt.evaluated_at.endswith("+00:00")
    records = rr.Dataset.from_records(
        subjects=[attrs.asdict(s) for s in reversed(data.subjects)], quotas=[attrs.asdict(q) for q in data.quotas],
        enrolments=[attrs.asdict(e) for e in data.enrolments], attestations=[attrs.asdict(a) for a in data.attestations],
        targets=[attrs.asdict(t) for t in data.targets], submissions=[attrs.asdict(s) for s in data.submissions],
        rosters=[attrs.asdict(r) for r in data.rosters], admin_units=[attrs.asdict(u) for u in data.admin_units],
    )  # fmt: skip
    assert rr.inputs_digest(records) == receipt.inputs_digest


def test_verify_confirms_or_shows_differences(pack: rr.RulePack, tmp_path: Path) -> None:
    """A saved result re-runs to the same decisions; after a data change, verify says what differs."""
    import shutil

    from rallyrules.verify import verify_result

    data_dir = tmp_path / "data"
    shutil.copytree(FIXTURES_DIR, data_dir)
    result = rr.evaluate(pack, rr.load_dataset(data_dir), engine="python").to_dict()
    assert verify_result(result, data=data_dir).confirmed
    quotas = data_dir / "quotas.csv"
    quotas.write_text(quotas.read_text("utf-8").replace("BCD-31117,1,60", "BCD-31117,1,69"), "utf-8")
    verification = verify_result(result, data=data_dir)
    assert not verification.confirmed
    assert any("the data used" in d and "other records" in d for d in verification.differences)
    assert any("BCD-31117, wave-1, giay-khen-tap-the-theo-dot" in d for d in verification.differences), verification


def test_notebook_reprs_and_explain(pack: rr.RulePack) -> None:
    """An evaluation and a decision render as Markdown and HTML tables; explain(subject) gives
    every decision about a subject, clause by clause, in either language."""
    result = rr.evaluate(pack, small({"A": 30}, {"A": 29}), engine="python")
    assert "| wave-1 | giay-khen-tap-the-theo-dot | 1 | 0 | 0 |" in result._repr_markdown_()
    assert "<table>" in result._repr_html_()
    decision = result.for_subject("A")[0]
    assert "| ✘ |" in decision._repr_markdown_() and "II.5.c" in decision._repr_markdown_()
    assert "<td>" in decision._repr_html_() and "<script" not in decision._repr_html_()
    assert "không đạt" in result.explain("A", "vi")
    with pytest.raises(KeyError):
        result.explain("nobody")


def test_json_form_reads_back_equal(pack: rr.RulePack) -> None:
    """to_dict() uses JSON's own types only: read back from JSON, it is equal."""
    result = rr.evaluate(pack, rr.load_dataset(FIXTURES_DIR), engine="python").to_dict()
    assert json.loads(json.dumps(result)) == result
