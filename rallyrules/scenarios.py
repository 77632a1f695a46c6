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

``given`` is one fact (its kind and every field of that kind), decided by the rule
named; ``expect`` gives its ``outcome`` (``eligible``, ``not-eligible``, ``met``,
``not-met`` or ``not-applicable``), the conditions that must fail (``failed``: all of
them, in order) and ``needed``. A case on ``records`` (tables as in
``docs/input-format.md``) is evaluated in full, and its ``expect`` lists the
``decisions`` it must find, each by ``subject_id``, ``round`` (``wave-1``…,
``after-waves``) and ``rule``, with what it expects of it (``outcome``, ``failed``,
``needed``, ``selection``: ``selected``, ``not-selected`` or ``not-eligible``). A case
may say which other readings of the pack it runs under (``choose: {interpretation:
alternative}``, see :meth:`rallyrules.RulePack.choose`): that is how a reviewer shows
where an alternative decides differently from the pack's own reading.

Nothing passes by checking nothing: the files are read with the rule files' strict
reader and checked against a JSON Schema (``scenario_schema()``, shipped as
``_schema/scenarios.schema.json``; unknown keys and fact fields are refused with a
suggestion); every rule, round, subject, condition and outcome a case names must exist
in the pack (and suit the rule); each expected decision must match exactly one decision
(``outcome: not-applicable`` asserts that there is none, for a subject, round and rule
that exist); a records case must list at least one decision.

The test suite runs every case on each available engine through the pytest plugin
(:mod:`rallyrules.pytest_plugin`); ``rallyrules test`` does the same from the command
line (:func:`run_scenarios`) and reports the condition coverage
(:func:`condition_coverage`): whether every condition and ``when`` test of every rule was
seen both holding and not holding.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import jsonschema

from . import _engine
from ._evaluate import condition_holds
from ._yaml import MAX_FILE_BYTES, load_yaml, size_problem
from .dataset import Dataset, units
from .decisions import Decision
from .errors import DataError, Problem, RulePackError
from .evaluation import EngineChoice, decide_facts, evaluate
from .facts import FACT_KINDS, fact_field_types
from .model import Rule, RulePack
from .text import Message, t

__all__ = [
    "ConditionSeen",
    "Scenario",
    "ScenarioResult",
    "ScenarioRun",
    "check_scenario",
    "condition_coverage",
    "engines_available",
    "load_scenarios",
    "run_scenarios",
    "scenario_files",
    "scenario_schema",
]

AFTER_WAVES = "after-waves"
_AWARD_OUTCOMES = ("eligible", "not-eligible")
_CHECK_OUTCOMES = ("met", "not-met")
_NOT_APPLICABLE = "not-applicable"
_OUTCOMES = (*_AWARD_OUTCOMES, *_CHECK_OUTCOMES, _NOT_APPLICABLE)
_SELECTIONS = ("selected", "not-selected", "not-eligible")
_FACT_EXPECTATIONS = ("outcome", "failed", "needed")
_TABLES = ("subjects", "quotas", "enrolments", "attestations", "targets", "submissions", "rosters")
_JSON_TYPE = {"integer": "integer", "boolean": "boolean", "text": "string", "date": "string"}


@attrs.frozen
class Scenario:
    """One case of a scenario file.

    ``problems`` are what is wrong with the case itself (an unknown key, rule or round…):
    a case with problems fails, naming them, and is never run. ``decision_lines`` are the
    lines of the expected decisions of a records case."""

    id: str
    path: str
    line: int
    expect: Mapping[str, Any]
    rule: str | None = None
    says: str = ""
    given: Mapping[str, Any] | None = None
    records: Mapping[str, Any] | None = None
    problems: tuple[Problem, ...] = ()
    decision_lines: tuple[int, ...] = ()
    #: The other readings the case runs under: interpretation id -> alternative id.
    choose: Mapping[str, str] | None = None


def engines_available() -> tuple[EngineChoice, ...]:
    """The engines scenarios run on here: the Python evaluator, and durable_rules where it imports."""
    return ("python", "durable") if _engine.AVAILABLE else ("python",)


# -- the schema --------------------------------------------------------------------------------


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of one scenario file (shipped in the package, published in docs/)."""
    text = resources.files("rallyrules").joinpath("_schema/scenarios.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def scenario_schema_text() -> str:
    """The scenario schema as the exact text of its shipped file, made from the fact kinds
    (the fields ``given`` may hold) and the input tables (the records)."""
    from .tables import input_schema

    text = {"type": "object", "required": ["vi", "en"], "additionalProperties": False,
            "properties": {"vi": {"type": "string"}, "en": {"type": "string"}}}  # fmt: skip
    facts = {
        kind: {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in attrs.fields(FACT_KINDS[kind]) if f.default is attrs.NOTHING],
            "properties": {name: {"type": _JSON_TYPE[kind_of]} for name, kind_of in fact_field_types(kind).items()},
        }
        for kind in FACT_KINDS
    }
    condition_ids = {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True,
                     "description": "the conditions that do not hold: all of them, in the rule's order"}  # fmt: skip
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rallyrules.invalid/schema/scenarios/1",
        "title": "rallyrules scenario file",
        "description": (
            "Cases a rule pack must decide as written (<pack>/scenarios/*.yaml): given one fact, what one rule "
            "decides; or given whole records, which decisions come out. Run by `rallyrules test` and the pytest "
            "plugin on every engine."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["scenarios"],
        "properties": {"scenarios": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/case"}}},
        "$defs": {
            "case": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "expect"],
                "properties": {
                    "id": {
                        "type": "string",
                        "pattern": "^[a-z0-9][a-z0-9-]*$",
                        "description": "lower-case letters, digits and hyphens",
                    },
                    "rule": {"type": "string", "minLength": 1, "description": "the rule a case on one fact checks"},
                    "says": {"anyOf": [{"type": "string"}, text], "description": "what the case shows, in words"},
                    "choose": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {"type": "string", "minLength": 1},
                        "description": "the other readings the case runs under: interpretation id -> alternative id",
                    },
                    "given": {"$ref": "#/$defs/given"},
                    "records": {"$ref": "#/$defs/records"},
                    "expect": {"type": "object"},
                },
                "oneOf": [{"required": ["given"]}, {"required": ["records"]}],
                "allOf": [
                    {
                        "if": {"required": ["given"]},
                        "then": {"required": ["rule"], "properties": {"expect": {"$ref": "#/$defs/fact_expect"}}},
                    },
                    {
                        "if": {"required": ["records"]},
                        "then": {"not": {"required": ["rule"]}, "properties": {"expect": {"$ref": "#/$defs/records_expect"}}},
                    },
                ],
            },
            "given": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": False,
                "description": "one fact, keyed by its kind, with every field of that kind",
                "properties": facts,
            },
            "records": {
                "type": "object",
                "additionalProperties": False,
                "required": ["subjects", "quotas", "enrolments"],
                "description": "the input tables (docs/input-format.md), each a list of records",
                "properties": {table: {"type": "array", "items": input_schema(table)["items"]} for table in _TABLES},
            },
            "fact_expect": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "outcome": {"enum": list(_OUTCOMES)},
                    "failed": condition_ids,
                    "needed": {"type": ["integer", "null"]},
                },
            },
            "records_expect": {
                "type": "object",
                "additionalProperties": False,
                "required": ["decisions"],
                "properties": {"decisions": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/decision"}}},
            },
            "decision": {
                "type": "object",
                "additionalProperties": False,
                "required": ["subject_id", "round", "rule"],
                "anyOf": [{"required": [key]} for key in ("outcome", "failed", "needed", "selection")],
                "properties": {
                    "subject_id": {"type": "string", "minLength": 1},
                    "round": {
                        "type": "string",
                        "pattern": "^(wave-[1-9][0-9]*|after-waves)$",
                        "description": "wave-1, wave-2… or after-waves",
                    },
                    "rule": {"type": "string", "minLength": 1},
                    "outcome": {"enum": list(_OUTCOMES)},
                    "failed": condition_ids,
                    "needed": {"type": ["integer", "null"]},
                    "selection": {"enum": list(_SELECTIONS)},
                },
            },
        },
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


# -- reading ---------------------------------------------------------------------------------


def load_scenarios(path: str | Path, pack: RulePack | None = None, *, strict: bool = True) -> list[Scenario]:
    """Read one scenario file, and check its cases against ``pack`` when given.

    Raises :class:`RulePackError` listing every problem of the file and of its cases, each
    with its line; with ``strict=False`` only problems of the whole file (unreadable YAML,
    refused characters, a file over the size limits, no ``scenarios:`` list) are raised,
    and each case comes back with its own ``problems`` (it then fails when checked)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as file:  # never read past the limit, whatever the size says
            raw = file.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        raise RulePackError(f"cannot read scenario file {path}", [Problem(str(exc.strerror or exc), str(path))]) from None
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        raise RulePackError(
            f"scenario file {path} is not valid",
            [size_problem(max(size, len(raw)), str(path), Message("yaml.what.scenario-file"))],
        )
    document, problems = load_yaml(raw, str(path), what=Message("yaml.what.scenario-file"))
    if document is None or problems:
        raise RulePackError(f"scenario file {path} is not valid", problems)
    data = document.data
    errors = list(jsonschema.Draft202012Validator(scenario_schema()).iter_errors(data))
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list) or set(data) != {"scenarios"}:
        problems = [Problem("a scenario file holds one key, 'scenarios:', a list of cases", str(path), 1)]
        raise RulePackError(f"scenario file {path} is not valid", problems)
    cases: list[Scenario] = []
    seen: dict[str, int] = {}
    for i, raw_case in enumerate(data["scenarios"]):
        at = ("scenarios", i)
        line = document.line_of(at) or 1
        rounds = _rounds(pack) if pack is not None else None
        found = [Problem(m, str(path), document.line_of(p)) for m, p in _case_problems(raw_case, at, errors, rounds)]
        raw_case = raw_case if isinstance(raw_case, dict) else {}
        case_id = str(raw_case["id"]) if isinstance(raw_case.get("id"), str) else f"#{i + 1}"
        expect: dict[str, Any] = raw_case["expect"] if isinstance(raw_case.get("expect"), dict) else {}
        if case_id in seen:
            found.append(Problem(f"case '{case_id}' is given twice (first on line {seen[case_id]})", str(path), line))
        seen.setdefault(case_id, line)
        decisions = expect.get("decisions")
        count = len(decisions) if isinstance(decisions, list) else 0
        decision_lines = tuple(document.line_of(at + ("expect", "decisions", k)) or line for k in range(count))
        choose = raw_case.get("choose") if isinstance(raw_case.get("choose"), dict) else None
        case = Scenario(
            case_id, str(path), line, expect,
            raw_case.get("rule"), _says(raw_case.get("says")), raw_case.get("given"), raw_case.get("records"),
            (), decision_lines, choose,
        )  # fmt: skip
        if not found and case.records is not None:
            found += _records_problems(case)
        if not found and pack is not None:
            found += [Problem(f"case '{case_id}': {m}", str(path), n) for m, n in _pack_problems(pack, case, "en")]
        cases.append(attrs.evolve(case, problems=tuple(found)))
    problems = [p for case in cases for p in case.problems]
    if strict and problems:
        raise RulePackError(f"scenario file {path} is not valid", problems)
    return cases


def _says(says: Any) -> str:
    if isinstance(says, dict):
        return str(says.get("en") or says.get("vi") or "")
    return says if isinstance(says, str) else ""


def _case_problems(
    raw: Any, at: tuple[Any, ...], errors: list[jsonschema.ValidationError], rounds: list[str] | None
) -> list[tuple[str, tuple[Any, ...]]]:
    """The schema problems of one case, in words; a misplaced expectation is named as such,
    and what an unknown key's misspelling makes missing is not reported again."""
    from ._validation import _describe

    mine = [e for e in errors if tuple(e.absolute_path)[: len(at)] == at]
    out: list[tuple[str, tuple[Any, ...]]] = []
    name = f"case '{raw.get('id')}'" if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"case {at[1] + 1}"
    misspelt = {
        (tuple(e.absolute_path), close)
        for e in mine
        if e.validator == "additionalProperties" and isinstance(e.instance, dict) and isinstance(e.schema, dict)
        for key in e.instance
        for close in difflib.get_close_matches(str(key), list(e.schema.get("properties", {})), n=1)
    }
    misplaced = False
    for error in sorted(mine, key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path])):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
            for key in error.instance:
                if key in allowed:
                    continue
                if (
                    path == at + ("expect",)
                    and key in (*_FACT_EXPECTATIONS, "selection")
                    and isinstance(raw, dict)
                    and "records" in raw
                ):
                    misplaced = True
                    out.append((
                        f"{name}: '{key}' at the top of 'expect' is read only for a case on one fact ('given'); a records "
                        f"case expects a list of decisions, each with its subject_id, round and rule and its own '{key}': "
                        f"expect: {{decisions: [{{subject_id: …, round: wave-1, rule: …, {key}: …}}]}}",
                        path + (key,),
                    ))  # fmt: skip
                    continue
                close = difflib.get_close_matches(str(key), allowed, n=1)
                where = "fact field" if len(path) == len(at) + 2 and path[len(at)] == "given" else "key"
                of = f" of {path[-1]}" if where == "fact field" else ""
                hint = f" Did you mean '{close[0]}'?" if close else f" Allowed: {sorted(allowed)}."
                out.append((f"{name}: unknown {where} '{key}'{of}.{hint}", path + (key,)))
            continue
        if error.validator == "required" and isinstance(error.instance, dict):
            required: list[str] = error.validator_value  # type: ignore[assignment]
            for key in required:
                if key in error.instance or (path, key) in misspelt or (misplaced and key == "decisions"):
                    continue
                what = "decision" if "decisions" in path else "case"
                out.append((f"{name}: the {what} at {_where(path)} has no '{key}'", path))
            continue
        if error.validator == "not" and path == at:
            out.append((f"{name}: a records case names no 'rule'; each expected decision names its own", path + ("rule",)))
        elif error.validator in ("minProperties", "maxProperties") and path == at + ("given",):
            out.append((f"{name}: 'given' holds one fact, keyed by its kind: one of {sorted(FACT_KINDS)}", path))
        elif error.validator == "anyOf" and "decisions" in path:
            if any((path, key) in misspelt for key in ("outcome", "failed", "needed", "selection")):
                continue
            out.append(
                (f"{name}: the decision at {_where(path)} expects nothing; give its outcome, failed, needed or selection", path)
            )
        elif error.validator == "minProperties" and path == at + ("expect",):
            out.append((f"{name}: 'expect' is empty; give the outcome (and failed, needed) the rule must decide", path))
        elif error.validator == "minItems" and path[-1:] == ("decisions",):
            out.append((f"{name}: a records case lists at least one decision it expects", path))
        elif error.validator == "oneOf" and path == at:
            given = [k for k in ("given", "records") if isinstance(raw, dict) and k in raw]
            out.append((f"{name}: give exactly one of 'given' (one fact) or 'records' (tables) (found {given or 'none'})", path))
        elif error.validator == "pattern" and path[-1:] == ("round",):
            if rounds is None:
                continue  # named with the pack's rounds when the case is checked against it
            known = rounds
            hint = _suggest(str(error.instance).replace(" ", "-").lower(), known) or _suggest(str(error.instance), known)
            out.append((f"{name}: there is no round '{error.instance}'.{hint} The rounds are: {', '.join(known)}", path))
        elif error.validator in ("if", "allOf"):
            continue  # their 'then' errors are reported on their own
        else:
            out += [(f"{name}: {message}", where) for message, where in _describe(error, path)]
    return out


def _where(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


def _records_problems(case: Scenario) -> list[Problem]:
    assert case.records is not None
    try:
        Dataset.from_records(**case.records, source=f"{case.path}:{case.id}")
    except DataError as exc:
        return [Problem(f"case '{case.id}': records.{p.path}: {p.message}", case.path, case.line) for p in exc.problems]
    return []


def _rounds(pack: RulePack) -> list[str]:
    return [f"wave-{w.number}" for w in pack.waves] + [AFTER_WAVES]


def _suggest(name: str, known: Sequence[str], lang: str = "en") -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return " " + t("scenario.did-you-mean", lang, name=close[0]) if close else ""


def _pack_problems(pack: RulePack, case: Scenario, lang: str) -> list[tuple[str, int]]:
    """What a case names that the pack does not have, or that does not suit the rule: each
    with its line. A case that names what does not exist would otherwise check nothing."""
    if case.choose:
        try:
            pack = pack.choose(case.choose)
        except RulePackError as exc:
            return [(t("scenario.bad-choice", lang, problem=p.message), case.line) for p in exc.problems]
    rules = {r.id: r for r in pack.rules}
    out: list[tuple[str, int]] = []

    def expectations(rule: Rule, want: Mapping[str, Any], line: int) -> None:
        outcome = want.get("outcome")
        fits = _AWARD_OUTCOMES if rule.award is not None else _CHECK_OUTCOMES
        if outcome is not None and outcome not in (*fits, _NOT_APPLICABLE):
            kind = t("scenario.kind-award" if rule.award is not None else "scenario.kind-check", lang)
            out.append((t("scenario.outcome-unfit", lang, outcome=outcome, rule=rule.id, kind=kind, fits=", ".join(fits)), line))
        known = [c.id for c in rule.conditions]
        for condition in want.get("failed") or ():
            if condition not in known:
                out.append((t("scenario.unknown-condition", lang, rule=rule.id, condition=condition,
                              hint=_suggest(condition, known, lang), known=", ".join(known)), line))  # fmt: skip

    if case.given is not None:
        rule = rules.get(str(case.rule))
        if rule is None:
            return [
                (t("scenario.unknown-rule", lang, rule=case.rule, hint=_suggest(str(case.rule), list(rules), lang)), case.line)
            ]
        kind = next(iter(case.given))
        if kind != rule.applies_to:
            out.append((t("scenario.wrong-kind", lang, rule=rule.id, kind=rule.applies_to, given=kind), case.line))
        expectations(rule, case.expect, case.line)
        return out
    rounds = _rounds(pack)
    subjects = _subjects(pack, case)
    for want, line in zip(case.expect.get("decisions") or (), case.decision_lines, strict=False):
        rule = rules.get(want["rule"])
        if rule is None:
            out.append(
                (t("scenario.unknown-rule", lang, rule=want["rule"], hint=_suggest(want["rule"], list(rules), lang)), line)
            )
        else:
            expectations(rule, want, line)
        if want["round"] not in rounds:
            out.append((t("scenario.unknown-round", lang, round=want["round"], hint=_suggest(want["round"], rounds, lang),
                          rounds=", ".join(rounds)), line))  # fmt: skip
        if subjects is not None and want["subject_id"] not in subjects:
            known = sorted(subjects)
            out.append((t("scenario.unknown-subject", lang, subject=want["subject_id"], hint=_suggest(want["subject_id"], known, lang),
                          known=", ".join(known[:20])), line))  # fmt: skip
        if want.get("selection") is not None and rule is not None and rule.award is None:
            out.append((t("scenario.selection-of-check", lang, rule=rule.id), line))
    return out


def _subjects(pack: RulePack, case: Scenario) -> set[str] | None:
    """The subjects and units a records case can have decisions about (None if its records are unreadable)."""
    try:
        data = Dataset.from_records(**(case.records or {}), source=f"{case.path}:{case.id}")
    except (DataError, TypeError):
        return None
    return {s.subject_id for s in data.subjects} | set(units(pack, data.frame("subjects")))


# -- checking --------------------------------------------------------------------------------


def check_scenario(pack: RulePack, scenario: Scenario, engine: EngineChoice = "python", lang: str = "en") -> list[str]:
    """Run one case on ``engine``; returns what differed from what it expects (empty when
    it passes), in ``lang`` ('vi' or 'en'). A case with problems of its own, or naming what
    the pack does not have, returns those and is not run."""
    return _check(pack, scenario, engine, lang)[0]


#: (rule id or None for every rule of the kind, fact kind, fact values) put to the rules by a case.
_Seen = tuple[str | None, str, Mapping[str, Any]]


def _check(pack: RulePack, scenario: Scenario, engine: EngineChoice, lang: str) -> tuple[list[str], list[_Seen]]:
    if scenario.problems:
        at = [t("scenario.at-line", lang, line=p.line) if p.line not in (None, scenario.line) else "" for p in scenario.problems]
        return [where + p.message for where, p in zip(at, scenario.problems, strict=True)], []
    static = _pack_problems(pack, scenario, lang)
    if static:
        return [
            message if line == scenario.line else t("scenario.at-line", lang, line=line) + message for message, line in static
        ], []
    if scenario.choose:
        pack = pack.choose(scenario.choose)  # the readings the case runs under (checked above)
    if scenario.given is not None:
        kind, values = next(iter(scenario.given.items()))
        try:
            decision = _decide_one_fact(pack, str(scenario.rule), kind, values, engine)
        except (TypeError, ValueError) as exc:
            return [t("scenario.bad-fact", lang, kind=kind, error=str(exc))], []
        return _compare(scenario.expect, decision, lang), [(scenario.rule, kind, values)]
    return _check_records(pack, scenario, engine, lang)


def _decide_one_fact(pack: RulePack, rule_id: str, kind: str, values: Mapping[str, Any], engine: EngineChoice) -> Decision | None:
    """The decision of rule ``rule_id`` on one fact, or None when the rule does not apply.

    The one place scenarios reach into the evaluation's internals (the decider of one
    fact, outside a whole evaluation): swap it here when those change."""
    fact = FACT_KINDS[kind](**values)
    return next((d for d in decide_facts(pack, [fact], engine=engine) if d.rule_id == rule_id), None)


def _check_records(pack: RulePack, scenario: Scenario, engine: EngineChoice, lang: str) -> tuple[list[str], list[_Seen]]:
    assert scenario.records is not None
    data = Dataset.from_records(**scenario.records, source=f"{scenario.path}:{scenario.id}")
    try:
        result = evaluate(pack, data, engine=engine)
    except DataError as exc:  # the checks refuse the records (e.g. a repeated enrolment id): no decision to compare
        return [t("scenario.refused", lang, problems="; ".join(p.message for p in exc.problems[:3]))], []
    rules = {r.id: r for r in pack.rules}
    mismatches = []
    for want, line in zip(scenario.expect["decisions"], scenario.decision_lines, strict=True):
        key = (want["subject_id"], want["round"], want["rule"])
        named = t("scenario.decision", lang, subject=key[0], round=key[1], rule=key[2])
        found = [d for d in result.decisions if (d.subject_id, d.round, d.rule_id) == key]
        at = t("scenario.at-line", lang, line=line)
        if want.get("outcome") == _NOT_APPLICABLE:
            if found:
                mismatches.append(f"{at}{named}: " + t("scenario.expected-none", lang, outcome=found[0].outcome))
            mismatches += [f"{at}{named}: {m}" for m in _compare(want, None, lang)]
            continue
        if len(found) != 1:
            about = sorted({f"{d.round} {d.rule_id}: {d.outcome}" for d in result.decisions if d.subject_id == key[0]})
            listed = "; ".join(about[:12]) + (" …" if len(about) > 12 else "") or "—"
            code = "scenario.no-decision" if not found else "scenario.several-decisions"
            mismatches.append(f"{at}{named}: " + t(code, lang, count=len(found), subject=key[0], found=listed))
            continue
        mismatches += [f"{at}{named}: {m}" for m in _compare(want, found[0], lang)]
    # Every fact the engine decided was put to every rule of its kind: all are seen.
    facts = {(rules[d.rule_id].applies_to, tuple(sorted(d.facts.items()))) for d in result.decisions if d.rule_id in rules}
    return mismatches, [(None, kind, dict(values)) for kind, values in sorted(facts, key=repr)]


def _compare(expect: Mapping[str, Any], decision: Decision | None, lang: str) -> list[str]:
    outcome = decision.outcome if decision is not None else _NOT_APPLICABLE
    out = []
    if "outcome" in expect and expect["outcome"] != outcome:
        out.append(t("scenario.outcome", lang, expected=expect["outcome"], got=outcome) + _why(decision, lang))
    if decision is None:
        # No decision has no failed conditions, gap or selection: expecting one checks nothing.
        if any(k in expect for k in ("failed", "needed", "selection")) and outcome == expect.get("outcome", outcome):
            out.append(t("scenario.no-decision-for-fact", lang))
        return out
    got_failed = [c.condition_id for c in decision.failed]
    if "failed" in expect and list(expect["failed"]) != got_failed:
        out.append(t("scenario.failed", lang, expected=list(expect["failed"]), got=got_failed))
    if "needed" in expect and expect["needed"] != decision.needed:
        out.append(t("scenario.needed", lang, expected=expect["needed"], got=decision.needed))
    if "selection" in expect:
        got = decision.selection.status if decision.selection else None
        if expect["selection"] != got:
            out.append(t("scenario.selection", lang, expected=expect["selection"], got=got))
    return out


def _why(decision: Decision | None, lang: str) -> str:
    if decision is None or not decision.failed:
        return ""
    return " (" + "; ".join(c.sentence(lang) for c in decision.failed) + ")"


def scenario_files(pack_dir: str | Path) -> Iterator[Path]:
    """The scenario files of a pack folder, sorted."""
    folder = Path(pack_dir) / "scenarios"
    if folder.is_dir():
        yield from sorted(folder.glob("*.yaml"))


# -- condition coverage ----------------------------------------------------------------------


@attrs.frozen
class ConditionSeen:
    """How often one condition (or ``when`` test) of a rule was seen holding and not
    holding on the facts a pack's scenarios put to the rule."""

    rule_id: str
    condition_id: str
    part: str  # "when" or "conditions"
    holding: int
    not_holding: int

    @property
    def both_ways(self) -> bool:
        """Seen holding and seen not holding: the scenarios show what it decides."""
        return self.holding > 0 and self.not_holding > 0


def condition_coverage(pack: RulePack, scenarios: Iterable[Scenario]) -> list[ConditionSeen]:
    """For every condition and ``when`` test of every rule of ``pack``, how often the
    facts of ``scenarios`` made it hold and not hold (a rule's conditions only on the
    facts it applies to: its ``when`` tests all hold). Records cases are evaluated with the
    Python evaluator; cases with problems are left out."""
    seen: list[_Seen] = []
    for case in scenarios:
        # Coverage is of the pack's own readings: a case under other readings shows theirs.
        if not case.problems and not case.choose and not _pack_problems(pack, case, "en"):
            seen += _seen_by(pack, case)
    return _coverage(pack, seen)


def _seen_by(pack: RulePack, case: Scenario) -> list[_Seen]:
    if case.given is not None:
        kind, values = next(iter(case.given.items()))
        return [(case.rule, kind, values)]
    return _check_records(pack, case, "python", "en")[1]


def _coverage(pack: RulePack, seen: Iterable[_Seen]) -> list[ConditionSeen]:
    counts: dict[tuple[str, str], list[int]] = {}
    for rule in pack.rules:
        for condition in (*rule.when, *rule.conditions):
            counts[(rule.id, condition.id)] = [0, 0]
    by_kind: dict[str, list[Rule]] = {}
    for rule in pack.rules:
        by_kind.setdefault(rule.applies_to, []).append(rule)
    for rule_id, kind, values in seen:
        for rule in by_kind.get(kind, ()):
            if rule_id is not None and rule.id != rule_id:
                continue
            applies = True
            for condition in rule.when:
                holds = condition_holds(condition, values)
                applies = applies and holds
                counts[(rule.id, condition.id)][0 if holds else 1] += 1
            if applies:
                for condition in rule.conditions:
                    counts[(rule.id, condition.id)][0 if condition_holds(condition, values) else 1] += 1
    return [
        ConditionSeen(rule.id, c.id, part, *counts[(rule.id, c.id)])
        for rule in pack.rules
        for part, conditions in (("when", rule.when), ("conditions", rule.conditions))
        for c in conditions
    ]


# -- a whole pack's scenarios ------------------------------------------------------------------


@attrs.frozen
class ScenarioResult:
    """One case on one engine: ``mismatches`` is empty when it passed."""

    scenario: Scenario
    engine: str
    mismatches: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when the case decided as it expects."""
        return not self.mismatches


@attrs.frozen
class ScenarioRun:
    """Every case of a pack's scenario files on each engine, and the condition coverage."""

    results: tuple[ScenarioResult, ...]
    coverage: tuple[ConditionSeen, ...]

    @property
    def passed(self) -> int:
        """How many case runs (a case on one engine) passed."""
        return sum(r.passed for r in self.results)

    @property
    def failed(self) -> int:
        """How many case runs failed."""
        return sum(not r.passed for r in self.results)

    @property
    def covered(self) -> int:
        """How many conditions were seen both holding and not holding."""
        return sum(c.both_ways for c in self.coverage)


def run_scenarios(pack: RulePack, files: Iterable[str | Path], engines: Sequence[EngineChoice], lang: str = "en") -> ScenarioRun:
    """Run every case of ``files`` on each of ``engines`` (``rallyrules test``).

    Raises :class:`RulePackError` for a file that cannot be read as a scenario file at
    all; a case with problems of its own fails on each engine, naming them."""
    results: list[ScenarioResult] = []
    seen: list[_Seen] = []
    for path in files:
        for case in load_scenarios(path, strict=False):
            for n, engine in enumerate(engines):
                mismatches, facts = _check(pack, case, engine, lang)
                results.append(ScenarioResult(case, engine, tuple(mismatches)))
                if n == 0 and not case.choose:  # coverage is of the pack's own readings
                    seen += facts
    return ScenarioRun(tuple(results), tuple(_coverage(pack, seen)))
