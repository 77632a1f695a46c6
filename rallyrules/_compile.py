"""A rule pack -> a durable_rules JSON ruleset, with the guards the engine needs.

Knows the engine's JSON language and its limits, not its runtime (that is
:mod:`rallyrules._engine`). Each rule becomes one engine rule per verdict: ``<rule>$pass``
(every condition holds), ``<rule>$fail$<condition>`` (that condition is the first that
does not hold) and ``<rule>$skip$<test>`` (that ``when`` test is the first that does
not hold: the rule does not apply), so every fact produces positive evidence for every
rule of its kind, and the engine's verdict names the test that decided. The patterns are built so that
exactly one can match a fact; the engine adapter checks that each fact got exactly one
verdict per rule, and the evaluation checks the verdict against the Python evaluator.

What the engine cannot do is done here, exactly, before facts are sent:

- dates become day numbers (``date.toordinal()``), booleans 0/1 (the engine has no
  dates, and ``True == 1 == "1"`` inside it);
- a ratio condition ``of/to <op> rate`` becomes the integer ``of*den - num*to``
  compared with 0, guarded by ``to > 0`` (undefined ratios never hold);
- the branches of every ``$or`` exclude each other (the engine fires an action once per
  matching branch: measured, it decided a fact twice);
- every pattern starts with a positive ``kind`` tag, so the state object the engine
  re-asserts after each action can never match a rule (it would loop forever).

Rule packs the engine could not run faithfully are refused with :class:`CompileError`
(each limit measured on durable-rules 2.0.28; see docs/engine.md):

- integers (and the terms of a rate) beyond int64, text literals of more than
  ``MAX_TEXT_BYTES`` UTF-8 bytes (longer text compares wrongly);
- more rules on one kind of fact than the engine lets match one fact (64);
- facts with more fields than it indexes (252);
- an engine rule whose nested ``$and``/``$or`` groups need more than the 31 expression
  slots of a pattern (error 113): 2 for the pattern, 2 per group;
- 512 or more different tests on one kind of fact: a test node with 512 children makes
  the engine loop forever, so the distinct tests of a kind are kept below that.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import attrs

from .errors import CompileError, DataError, Problem
from .facts import INT64_MAX, INT64_MIN, MAX_TEXT_BYTES, fact_field_types
from .model import Condition, RulePack

INT64 = (INT64_MIN, INT64_MAX)  # one definition, in facts: records and rules share it
MAX_ENGINE_RULES_PER_FACT = 64
MAX_FIELDS_PER_FACT = 250
#: A pattern's expression slots (durable's MAX_SEQUENCE_EXPRESSIONS is 32; the 32nd fails).
MAX_PATTERN_EXPRESSIONS = 31
#: Children of one test node: the engine's hash set of next nodes has 512 slots and no
#: check for a full one (measured: 512 children hang ``assert_fact``, 513 hang registration).
MAX_DISTINCT_TESTS_PER_KIND = 511
KIND_FIELD = "kind"
REF_FIELD = "ref"
RESERVED = {"id", "sid", KIND_FIELD, REF_FIELD}

_TEST = {"at_least": "$gte", "more_than": "$gt", "at_most": "$lte", "less_than": "$lt", "equals": "$eq", "not_equals": "$neq"}
_NEGATION = {
    "at_least": "less_than",
    "more_than": "at_most",
    "at_most": "more_than",
    "less_than": "at_least",
    "equals": "not_equals",
    "not_equals": "equals",
    "one_of": "none_of",
    "none_of": "one_of",
}


@attrs.frozen
class _Derived:
    """An integer field computed before the engine: ``of*num_factor - to*den_factor``."""

    name: str
    of: str
    to: str
    of_factor: int
    to_factor: int
    condition: str  # "<rule id>: <condition id>", for messages


@attrs.frozen
class CompiledPack:
    """The engine's ruleset (JSON-able, actions not yet bound) and how to encode facts."""

    ruleset: dict[str, Any]
    engine_rules: dict[str, tuple[str, str, str | None]]  # engine rule name -> (rule id, verdict)
    rules_by_kind: dict[str, tuple[str, ...]]
    derived: dict[str, tuple[_Derived, ...]]
    field_types: dict[str, dict[str, str]]

    def encode(self, kind: str, ref: int, fact: Mapping[str, Any], named: str | None = None) -> dict[str, Any]:
        """The engine's form of one fact: tagged, numbered, every value engine-safe
        (``named`` names the fact in a DataError: its subject, when the fact does not say)."""
        types = self.field_types[kind]
        out: dict[str, Any] = {KIND_FIELD: kind, REF_FIELD: ref}
        for name, value in fact.items():
            out[name] = _encode_value(types[name], value, name)
        for d in self.derived[kind]:
            value = fact[d.of] * d.of_factor - fact[d.to] * d.to_factor
            if not INT64[0] <= value <= INT64[1]:
                who = named or fact.get("subject_id", f"fact {ref}")
                raise DataError(
                    "value beyond the engine's integers",
                    [
                        Problem(
                            f"{kind} of {who}: the ratio of {d.condition} compares {d.of} × {d.of_factor} with "
                            f"{d.to} × {d.to_factor} = {value}, beyond the engine's 64-bit integers",
                            rule_id=d.condition.split(":")[0],
                        )
                    ],
                )
            out[d.name] = value
        return out


def _int64(value: int, name: str) -> int:
    if not INT64[0] <= value <= INT64[1]:
        raise DataError("value beyond the engine's integers", [Problem(f"'{name}' = {value} is outside the 64-bit range")])
    return value


def _encode_value(kind: str, value: Any, name: str) -> Any:
    if kind == "date":
        return value.toordinal() if isinstance(value, dt.date) else value
    if kind == "boolean":
        return int(value)
    if kind == "integer":
        return _int64(value, name)
    return value


def compile_pack(pack: RulePack) -> CompiledPack:
    """Compile every rule of ``pack``; raises :class:`CompileError` listing what cannot run."""
    problems: list[Problem] = []
    ruleset: dict[str, Any] = {}
    engine_rules: dict[str, tuple[str, str, str | None]] = {}
    rules_by_kind: dict[str, list[str]] = {}
    derived: dict[str, list[_Derived]] = {}
    field_types: dict[str, dict[str, str]] = {}

    for rule in pack.rules:
        kind = rule.applies_to
        types = field_types.setdefault(kind, fact_field_types(kind))
        for reserved in RESERVED & set(types):
            problems.append(Problem(f"fact kind '{kind}' has a field named '{reserved}', which the engine reserves"))
        rules_by_kind.setdefault(kind, []).append(rule.id)
        derived.setdefault(kind, [])
        # One engine rule per possible verdict: "<rule>$skip$<w>" when applicability test w
        # is the first that fails, "<rule>$fail$<c>" when c is the first condition that
        # fails, "<rule>$pass" when all hold. Exactly one can match a fact, and the
        # engine's verdict names the test that decided.
        holds_so_far: list[dict[str, Any]] = [{KIND_FIELD: kind}]
        for status, condition in [("skip", w) for w in rule.when] + [("fail", c) for c in rule.conditions]:
            try:
                holds, fails = _condition_tests(condition, types, derived[kind], rule.id)
            except CompileError as exc:
                problems += [attrs.evolve(p, path=rule.path, line=rule.line, rule_id=rule.id) for p in exc.problems]
                break
            name = f"{rule.id}${status}${condition.id}"
            ruleset[name] = {"all": [{"m": {"$and": holds_so_far + [fails]}}]}
            engine_rules[name] = (rule.id, status, condition.id)
            holds_so_far = holds_so_far + [holds]
        name = f"{rule.id}$pass"
        ruleset[name] = {"all": [{"m": {"$and": holds_so_far}}]}
        engine_rules[name] = (rule.id, "pass", None)
        slots = max(_expression_slots(ruleset[n]["all"][0]["m"]) for n in engine_rules if engine_rules[n][0] == rule.id)
        if slots > MAX_PATTERN_EXPRESSIONS:
            problems.append(
                Problem(
                    f"the engine cannot hold this rule's tests: {slots} expression slots, at most "
                    f"{MAX_PATTERN_EXPRESSIONS} (2 for the rule, 2 for each ratio, one_of or none_of condition, "
                    "2 more when the failing one is a ratio); split the rule or use fewer such conditions",
                    rule.path,
                    rule.line,
                    rule_id=rule.id,
                )
            )

    for kind, rule_ids in rules_by_kind.items():
        # Each fact matches one engine rule per rule of its kind.
        if len(rule_ids) > MAX_ENGINE_RULES_PER_FACT:
            problems.append(
                Problem(
                    f"{len(rule_ids)} rules apply to '{kind}'; the engine fails when more than "
                    f"{MAX_ENGINE_RULES_PER_FACT} rules match one fact"
                )
            )
        tests: set[str] = set()
        for name, (rule_id, _, _) in engine_rules.items():
            if rule_id in rule_ids:
                _collect_tests(ruleset[name]["all"][0]["m"], tests)
        if len(tests) > MAX_DISTINCT_TESTS_PER_KIND:
            problems.append(
                Problem(
                    f"the rules on '{kind}' make {len(tests)} different tests of its facts (each value of a one_of or "
                    f"none_of is one); the engine hangs past {MAX_DISTINCT_TESTS_PER_KIND}: use shorter lists"
                )
            )
        if len(field_types[kind]) + len(derived[kind]) + 2 > MAX_FIELDS_PER_FACT:
            problems.append(Problem(f"facts of '{kind}' would need more than {MAX_FIELDS_PER_FACT} fields in the engine"))
    if problems:
        raise CompileError(f"rule pack {pack.id} cannot run on the engine", problems)
    return CompiledPack(
        ruleset,
        engine_rules,
        {k: tuple(v) for k, v in rules_by_kind.items()},
        {k: tuple(v) for k, v in derived.items()},
        field_types,
    )


def _condition_tests(
    condition: Condition, types: dict[str, str], derived: list[_Derived], rule_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The engine tests for ``condition`` holding and for it failing."""
    if condition.ratio is not None:
        rate = condition.value
        if not all(INT64[0] <= term <= INT64[1] for term in (rate.numerator, rate.denominator)):  # type: ignore[union-attr]
            raise CompileError(
                f"rule {rule_id}",
                [Problem(f"condition '{condition.id}': the rate {rate} has terms beyond the engine's 64-bit integers")],
            )
        name = f"r{len(derived)}"
        # of/to >= n/d  <=>  of*d - n*to >= 0, for to > 0
        derived.append(
            _Derived(name, condition.ratio.of, condition.ratio.to, rate.denominator, rate.numerator, f"{rule_id}: {condition.id}")  # type: ignore[union-attr]
        )
        guard = condition.ratio.to
        holds = {"$and": [{"$gt": {guard: 0}}, _test(condition.op, name, 0)]}
        # The branches of an "$or" must exclude each other: the engine runs the action
        # once for every branch that matches.
        fails = {"$or": [{"$lte": {guard: 0}}, {"$and": [{"$gt": {guard: 0}}, _test(_NEGATION[condition.op], name, 0)]}]}
        return holds, fails
    field = condition.fact
    assert field is not None
    value = condition.value
    encoded: Any
    if isinstance(value, tuple):
        # Listed once each, so that the branches of a one_of "$or" exclude each other.
        encoded = tuple(dict.fromkeys(_engine_literal(types[field], v, rule_id, condition.id) for v in value))
    else:
        encoded = _engine_literal(types[field], value, rule_id, condition.id)
    return _test(condition.op, field, encoded), _test(_NEGATION[condition.op], field, encoded)


def _engine_literal(kind: str, value: Any, rule_id: str, condition_id: str) -> Any:
    if isinstance(value, str) and len(value.encode("utf-8")) > MAX_TEXT_BYTES:
        raise CompileError(
            f"rule {rule_id}",
            [
                Problem(
                    f"condition '{condition_id}': a text of more than {MAX_TEXT_BYTES:,} UTF-8 bytes, which the engine compares wrongly"
                )
            ],
        )
    try:
        return _encode_value(kind, value, condition_id)
    except DataError:
        raise CompileError(
            f"rule {rule_id}", [Problem(f"condition '{condition_id}': {value} is outside the engine's 64-bit integers")]
        ) from None


def _test(op: str, field: str, value: Any) -> dict[str, Any]:
    if op == "one_of":
        return {"$or": [{field: v} for v in value]}
    if op == "none_of":
        return {"$and": [{"$neq": {field: v}} for v in value]}
    if op == "equals":
        return {field: value}
    return {_TEST[op]: {field: value}}


def _expression_slots(pattern: Any) -> int:
    """The expression slots durable needs for ``pattern``: 2 per ``$and``/``$or`` group
    (operator and end), the outer one included; plain tests need none (they are test nodes).
    Checked against the engine on random nestings (tests/test_differential.py)."""
    if isinstance(pattern, dict) and len(pattern) == 1 and next(iter(pattern)) in ("$and", "$or"):
        return 2 + sum(_expression_slots(p) for p in next(iter(pattern.values())))
    return 0


def _collect_tests(pattern: Any, tests: set[str]) -> None:
    """Every plain test in ``pattern`` (as canonical JSON text), into ``tests``."""
    if isinstance(pattern, dict) and len(pattern) == 1 and next(iter(pattern)) in ("$and", "$or"):
        for p in next(iter(pattern.values())):
            _collect_tests(p, tests)
    else:
        tests.add(json.dumps(pattern, sort_keys=True))
