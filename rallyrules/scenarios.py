"""Scenario files: cases legal reviewers can read and write — given these facts (or
records), expect these outcomes and reasons — checked against the rule pack.

A pack keeps them in ``<pack>/scenarios/*.yaml``::

    scenarios:
      - id: exactly-100-percent
        rule: giay-khen-tap-the-theo-dot
        says: "30 of 30 is 100%: eligible"
        given:
          collective-wave: {subject_id: X, level: district, wave: 1, quota: 30, counted: 30}
        expect: {outcome: eligible}
      - id: one-short
        rule: giay-khen-tap-the-theo-dot
        given:
          collective-wave: {subject_id: X, level: district, wave: 1, quota: 30, counted: 29}
        expect: {outcome: not-eligible, failed: [reached-quota], needed: 1}

``given`` is one fact (its kind and every field), decided by the rule named; or
``records`` (tables as in ``docs/input-format.md``) evaluated in full, with ``expect``
giving a list of ``decisions`` to find (by subject, round and rule). Outcomes are
``eligible``, ``not-eligible``, ``met``, ``not-met`` or ``not-applicable``; ``failed``
lists the conditions that must fail (all of them, in order); ``selection`` is
``selected``, ``not-selected`` or ``not-eligible``.

The files are read with the same strict YAML reader as rule files. The test suite runs
every case with each available engine through the pytest plugin
(:mod:`rallyrules.pytest_plugin`), naming the file and the case when one fails.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from . import _engine
from ._yaml import load_yaml
from .dataset import Dataset
from .decisions import Decision
from .errors import Problem, RulePackError
from .evaluation import EngineChoice, decide_facts, evaluate
from .facts import FACT_KINDS
from .model import RulePack

__all__ = ["Scenario", "check_scenario", "engines_available", "load_scenarios"]

_CASE_KEYS = {"id", "rule", "says", "given", "records", "expect"}
_EXPECT_KEYS = {"outcome", "failed", "needed", "selection", "decisions"}


@attrs.frozen
class Scenario:
    """One case of a scenario file."""

    id: str
    path: str
    line: int
    expect: Mapping[str, Any]
    rule: str | None = None
    says: str = ""
    given: Mapping[str, Any] | None = None
    records: Mapping[str, Any] | None = None


def engines_available() -> tuple[EngineChoice, ...]:
    """The engines scenarios run on here: the Python evaluator, and durable_rules where it imports."""
    return ("python", "durable") if _engine.AVAILABLE else ("python",)


def load_scenarios(path: str | Path) -> list[Scenario]:
    """Read one scenario file; raises :class:`RulePackError` listing every problem."""
    document, problems = load_yaml(Path(path).read_bytes(), str(path))
    cases: list[Scenario] = []
    if document is not None and not problems:
        data = document.data
        if not isinstance(data, dict) or set(data) != {"scenarios"} or not isinstance(data["scenarios"], list):
            problems.append(Problem("a scenario file holds one key, 'scenarios:', a list of cases", str(path), 1))
        else:
            for i, raw in enumerate(data["scenarios"]):
                line = document.line_of(("scenarios", i)) or 0
                case = _case(raw, str(path), line, problems)
                if case is not None:
                    cases.append(case)
    if problems:
        raise RulePackError(f"scenario file {path} is not valid", problems)
    return cases


def _case(raw: Any, path: str, line: int, problems: list[Problem]) -> Scenario | None:
    def bad(message: str) -> None:
        problems.append(Problem(message, path, line))

    if not isinstance(raw, dict):
        bad("a case is a mapping with id, rule, given (or records) and expect")
        return None
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        bad(f"case {raw.get('id')!r}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_CASE_KEYS)}")
    if not isinstance(raw.get("id"), str) or not isinstance(raw.get("expect"), dict):
        bad("a case needs an 'id' (text) and an 'expect' (mapping)")
        return None
    if ("given" in raw) == ("records" in raw):
        bad(f"case '{raw['id']}': give exactly one of 'given' (one fact) or 'records' (tables)")
        return None
    if "given" in raw:
        given = raw["given"]
        if not isinstance(given, dict) or len(given) != 1 or next(iter(given)) not in FACT_KINDS:
            bad(f"case '{raw['id']}': 'given' holds one fact, keyed by its kind: one of {sorted(FACT_KINDS)}")
            return None
        if not isinstance(raw.get("rule"), str):
            bad(f"case '{raw['id']}': a case on one fact names the 'rule' it checks")
            return None
    unknown = set(raw["expect"]) - _EXPECT_KEYS
    if unknown:
        bad(f"case '{raw['id']}': unknown expectation(s) {sorted(unknown)}; allowed: {sorted(_EXPECT_KEYS)}")
    return Scenario(
        raw["id"], path, line, raw["expect"], raw.get("rule"), raw.get("says", ""), raw.get("given"), raw.get("records")
    )


def check_scenario(pack: RulePack, scenario: Scenario, engine: EngineChoice = "python") -> list[str]:
    """Run one case; returns the mismatches between what it expects and what happened."""
    if scenario.given is not None:
        return _check_fact(pack, scenario, engine)
    return _check_records(pack, scenario, engine)


def _check_fact(pack: RulePack, scenario: Scenario, engine: EngineChoice) -> list[str]:
    assert scenario.given is not None and scenario.rule is not None
    try:
        rule = pack.rule(scenario.rule)
    except KeyError:
        return [f"the pack has no rule '{scenario.rule}'"]
    kind, values = next(iter(scenario.given.items()))
    if kind != rule.applies_to:
        return [f"rule '{rule.id}' applies to {rule.applies_to}, not {kind}"]
    try:
        fact = FACT_KINDS[kind](**values)
    except TypeError as exc:
        return [f"the {kind} fact is incomplete or has unknown fields: {exc}"]
    decisions = [d for d in decide_facts(pack, [fact], engine=engine) if d.rule_id == rule.id]
    return _compare(scenario.expect, decisions[0] if decisions else None)


def _check_records(pack: RulePack, scenario: Scenario, engine: EngineChoice) -> list[str]:
    assert scenario.records is not None
    data = Dataset.from_records(**scenario.records, source=f"{scenario.path}:{scenario.id}")
    result = evaluate(pack, data, engine=engine)
    wanted = scenario.expect.get("decisions", [])
    mismatches = []
    for want in wanted:
        key = (want.get("subject_id"), want.get("round"), want.get("rule"))
        found = [d for d in result.decisions if (d.subject_id, d.round, d.rule_id) == key]
        mismatches += [f"{key}: {m}" for m in _compare(want, found[0] if found else None)]
    return mismatches


def _compare(expect: Mapping[str, Any], decision: Decision | None) -> list[str]:
    outcome = decision.outcome if decision is not None else "not-applicable"
    out = []
    if "outcome" in expect and expect["outcome"] != outcome:
        out.append(f"outcome: expected {expect['outcome']!r}, got {outcome!r}" + _why(decision))
    if decision is None:
        return out
    if "failed" in expect and list(expect["failed"]) != [c.condition_id for c in decision.failed]:
        out.append(f"failed conditions: expected {list(expect['failed'])}, got {[c.condition_id for c in decision.failed]}")
    if "needed" in expect and expect["needed"] != decision.needed:
        out.append(f"needed: expected {expect['needed']!r}, got {decision.needed!r}")
    if "selection" in expect:
        got = decision.selection.status if decision.selection else None
        if expect["selection"] != got:
            out.append(f"selection: expected {expect['selection']!r}, got {got!r}")
    return out


def _why(decision: Decision | None) -> str:
    if decision is None or not decision.failed:
        return ""
    return " (" + "; ".join(c.sentence("en") for c in decision.failed) + ")"


def scenario_files(pack_dir: str | Path) -> Iterator[Path]:
    """The scenario files of a pack folder, sorted."""
    folder = Path(pack_dir) / "scenarios"
    if folder.is_dir():
        yield from sorted(folder.glob("*.yaml"))
