"""The durable_rules adapter: it decides as the rule files say, returns exactly one
verdict per fact and rule, and turns every engine failure into EngineError."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules import _engine
from rallyrules._compile import compile_pack
from rallyrules._evaluate import condition_holds

from .conftest import bundled_pack as _pack
from .conftest import requires_durable

pytestmark = [requires_durable, pytest.mark.durable]


def facts_of(rows: list[tuple[int, int]]) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("collective-wave", {"subject_id": f"S{i}", "level": "district", "wave": 1, "quota": q, "counted": n})
        for i, (q, n) in enumerate(rows)
    ]


RULE = "giay-khen-tap-the-theo-dot"


def verdict(pack: rr.RulePack, fact: dict[str, Any]) -> tuple[str, str | None]:
    rule = pack.rule(RULE)
    failed = next((c.id for c in rule.conditions if not condition_holds(c, fact)), None)
    return ("fail", failed) if failed else ("pass", None)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**12), st.integers(0, 10**12)), max_size=300))
def test_engine_agrees_with_the_rule_file(rows: list[tuple[int, int]]) -> None:
    """On any quotas and counts, the engine's verdict is the Python evaluator's."""
    pack = _pack()
    facts = facts_of(rows)
    verdicts = _engine.DurableEvaluator(compile_pack(pack)).decide(facts)
    assert set(verdicts) == set(range(len(facts)))
    for ref, (_, fact) in enumerate(facts):
        assert verdicts[ref] == {RULE: verdict(pack, fact)}


def test_boundaries(pack: rr.RulePack) -> None:
    """Exactly 100% passes, one short fails on the quota, quota 0 fails on having a quota."""
    facts = facts_of([(30, 30), (30, 29), (0, 0), (0, 5), (1, 10**9)])
    verdicts = _engine.DurableEvaluator(compile_pack(pack)).decide(facts)
    assert [verdicts[i][RULE] for i in range(5)] == [
        ("pass", None),
        ("fail", "reached-quota"),
        ("fail", "has-quota"),
        ("fail", "has-quota"),
        ("pass", None),
    ]


def test_a_dropped_fact_is_sent_again(pack: rr.RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact the engine drops (as on a 32-bit id collision) is re-sent alone."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    real = evaluator._run_batch
    calls: list[int] = []

    def lossy(batch: list[dict[str, Any]], verdicts: Any) -> None:
        calls.append(len(batch))
        if len(calls) == 1:
            batch = batch[1:]  # the engine "loses" the first fact
        real(batch, verdicts)

    monkeypatch.setattr(evaluator, "_run_batch", lossy)
    verdicts = evaluator.decide(facts_of([(1, 1), (2, 1), (3, 3)]))
    assert calls == [3, 1]
    assert verdicts[0] == {RULE: ("pass", None)}


def test_a_fact_lost_for_good_is_an_engine_error(pack: rr.RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the engine never decides a fact, the evaluation fails; it never returns partial."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    real = evaluator._run_batch
    monkeypatch.setattr(evaluator, "_run_batch", lambda batch, verdicts: real([f for f in batch if f["ref"] != 1], verdicts))
    with pytest.raises(rr.EngineError, match="no verdict for fact 1"):
        evaluator.decide(facts_of([(1, 1), (2, 1), (3, 3)]))


def test_a_verdict_twice_is_an_engine_error(pack: rr.RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact decided twice on one rule (as an '$or' with overlapping branches would) fails."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    real = evaluator._run_batch
    monkeypatch.setattr(evaluator, "_run_batch", lambda batch, verdicts: real(batch + [dict(batch[0], person="again")], verdicts))
    with pytest.raises(rr.EngineError, match="twice"):
        evaluator.decide(facts_of([(1, 1)]))


def test_an_action_error_is_not_swallowed(pack: rr.RulePack) -> None:
    """An exception inside an action (which durable swallows) fails the evaluation."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    facts = facts_of([(1, 1)])
    encoded = evaluator._compiled.encode("collective-wave", 0, facts[0][1])
    encoded["ref"] = "not-a-number"
    with pytest.raises(rr.EngineError, match="action failed"):
        evaluator._run_batch([encoded], {0: {}})


def test_durable_exceptions_are_translated(pack: rr.RulePack) -> None:
    """A fact no rule matches makes durable raise; we raise EngineError, chained."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    with pytest.raises(rr.EngineError, match="durable_rules failed") as caught:
        evaluator._run_batch([{"kind": "unknown", "ref": 0}], {0: {}})
    assert caught.value.__cause__ is not None


def test_no_state_outlives_an_evaluation(pack: rr.RulePack) -> None:
    """Each batch's state is deleted afterwards: durable no longer knows it (error 309)."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    evaluator.decide(facts_of([(1, 1)] * 300))
    assert evaluator._batch == 3
    for batch in range(evaluator._batch):
        with pytest.raises(Exception, match="309"):
            evaluator._host.get_facts("rallyrules", f"batch-{batch}")


def test_integers_beyond_int64_are_refused(pack: rr.RulePack) -> None:
    """The engine clamps integers at int64: such a value is a DataError, not a wrong answer."""
    evaluator = _engine.DurableEvaluator(compile_pack(pack))
    with pytest.raises(rr.DataError, match="64-bit"):
        evaluator.decide(facts_of([(2**63, 1)]))
