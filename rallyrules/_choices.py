"""A rule pack read with other readings: alternatives chosen, their changes applied.

An interpretation of the pack may list ``alternatives`` (:class:`~rallyrules.model.Alternative`):
other reasonable answers to its question, each a list of changes to the pack's data —
a parameter's value, a counting switch, a rule's conditions, a cap's base, rounding or
ranking, a grant's areas, the year targets' switches, when an award is presented. A
reviewer chooses alternatives by id (``--choose interpretation=alternative``, a choices
file, ``choose=`` in the API) and :func:`choose` gives the pack as it reads then: nothing
else changes, and nothing is edited in Python.

Values that come from parameters (a condition's value, a cap's rate, a scheme's coverage
date) are resolved again from the parameters after the changes, so a parameter changed
by one alternative reaches every rule, cap and scheme that names it.

A choices file is a small YAML mapping, read with the rule files' strict reader::

    # choices.yaml: the readings this review uses instead of the pack's own
    choose:
      individual-quota-is-own: unit-reached-quota
      which-schemes-count: voluntary-and-household-only
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from .errors import Problem, RulePackError
from .model import Award, Cap, Condition, Interpretation, Rule, RulePack, Scheme
from .text import Message

__all__ = ["DEFAULT", "all_interpretations", "choose", "load_choices", "parse_choice"]

#: The alternative id that keeps an interpretation's own reading.
DEFAULT = "default"


def all_interpretations(pack: RulePack) -> list[tuple[Interpretation, str]]:
    """Every interpretation once, with where it first stands (``award:<id>``,
    ``cap:<id>``, ``counting``, ``rule:<id>``, ``parameter:<id>``, ``deadline:<id>``,
    ``targets``), in the order of the rulebook's sections."""
    places: list[tuple[str, tuple[Interpretation, ...]]] = [
        *((f"award:{a.id}", a.interpretations) for a in pack.awards),
        *((f"cap:{c.id}", c.interpretations) for c in pack.caps),
        ("counting", pack.counting.interpretations),
        *((f"rule:{r.id}", r.interpretations) for r in pack.rules),
        *((f"parameter:{p.id}", p.interpretations) for p in pack.parameters),
        *((f"deadline:{d.id}", d.interpretations) for d in pack.deadlines),
        ("targets", pack.targets.interpretations if pack.targets else ()),
    ]
    seen: dict[str, tuple[Interpretation, str]] = {}
    for where, items in places:
        for item in items:
            seen.setdefault(item.id, (item, where))
    return list(seen.values())


def parse_choice(text: str) -> tuple[str, str]:
    """``"interpretation=alternative"`` -> the pair; ValueError for another shape."""
    interpretation, sep, alternative = text.partition("=")
    if not sep or not interpretation.strip() or not alternative.strip():
        raise ValueError(f"a choice is written interpretation=alternative (found {text!r})")
    return interpretation.strip(), alternative.strip()


def load_choices(path: str | Path) -> dict[str, str]:
    """Read a choices file: ``choose:`` mapping interpretation ids to alternative ids.

    Read with the rule files' strict reader (size limits, no anchors or tags, refused
    characters); raises :class:`RulePackError` naming the file and line of every problem."""
    from ._yaml import MAX_FILE_BYTES, load_yaml, size_problem

    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RulePackError(f"cannot read choices file {path}", [Problem(str(exc.strerror or exc), str(path))]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise RulePackError(
            f"choices file {path} is not valid", [size_problem(len(raw), str(path), Message("yaml.what.choices-file"))]
        )
    document, problems = load_yaml(raw, str(path), what=Message("yaml.what.choices-file"))
    if document is None or problems:
        raise RulePackError(f"choices file {path} is not valid", problems)
    data = document.data
    shape = "a choices file holds one key, 'choose:', mapping interpretation ids to alternative ids"
    if not isinstance(data, dict) or set(data) != {"choose"} or not isinstance(data["choose"], dict):
        raise RulePackError(f"choices file {path} is not valid", [Problem(shape, str(path), 1)])
    out: dict[str, str] = {}
    bad = []
    for key, value in data["choose"].items():
        if not isinstance(key, str) or not isinstance(value, str) or not key or not value:
            bad.append(Problem(f"'{key}': {shape} (found {value!r})", str(path), document.line_of(("choose", key))))
            continue
        out[key] = value
    if bad:
        raise RulePackError(f"choices file {path} is not valid", bad)
    return out


def choose(pack: RulePack, choices: Mapping[str, str] | Iterable[tuple[str, str]]) -> RulePack:
    """See :meth:`rallyrules.RulePack.choose`."""
    pairs = list(choices.items()) if isinstance(choices, Mapping) else list(choices)
    known = {i.id: i for i, _ in all_interpretations(pack)}
    order = list(known)
    problems: list[Problem] = []
    chosen: dict[str, str] = {}
    for interpretation_id, alternative_id in pairs:
        item = known.get(interpretation_id)
        if item is None:
            problems.append(
                Problem(f"no interpretation '{interpretation_id}' in pack '{pack.id}'{_hint(interpretation_id, known)}")
            )
            continue
        if alternative_id in (DEFAULT, ""):
            continue
        if not any(a.id == alternative_id for a in item.alternatives):
            ids = [a.id for a in item.alternatives]
            offered = f"its alternatives are {ids}" if ids else "it has no alternative reading"
            problems.append(
                Problem(
                    f"interpretation '{interpretation_id}' has no alternative '{alternative_id}'{_hint(alternative_id, ids)}; "
                    f"{offered} (or '{DEFAULT}')"
                )
            )
            continue
        if chosen.get(interpretation_id, alternative_id) != alternative_id:
            problems.append(Problem(f"interpretation '{interpretation_id}' is chosen twice, differently"))
            continue
        chosen[interpretation_id] = alternative_id
    # Two readings that set one thing to different values cannot both hold.
    setters: dict[tuple[str, str, str], tuple[Any, str]] = {}
    for interpretation_id, alternative_id in chosen.items():
        for change in known[interpretation_id].alternative(alternative_id).changes:
            for name, value in change.values:
                key = (change.what, change.target, name)
                before = setters.setdefault(key, (value, f"{interpretation_id}={alternative_id}"))
                if before[0] != value:
                    problems.append(
                        Problem(
                            f"{before[1]} and {interpretation_id}={alternative_id} both change {change.what} "
                            f"'{change.target or change.what}' ({name}) differently: choose one"
                        )
                    )
    # A rule replaced whole and one of its conditions changed by another reading: one of them loses.
    replaced = {t: v for (what, t, _), (_, v) in setters.items() if what == "rule"}
    for (what, target, _), (_, by) in setters.items():
        rule_id = target.partition("/")[0]
        if what == "condition" and rule_id in replaced and replaced[rule_id] != by:
            problems.append(
                Problem(f"{replaced[rule_id]} rewrites rule '{rule_id}' and {by} changes its condition '{target}': choose one")
            )
    if problems:
        raise RulePackError(f"cannot choose these readings of pack '{pack.id}'", problems)
    if not chosen:
        return pack
    ordered = tuple(sorted(chosen.items(), key=lambda c: order.index(c[0])))
    changed = pack
    for interpretation_id, alternative_id in ordered:
        for change in known[interpretation_id].alternative(alternative_id).changes:
            changed = _apply(changed, change.what, change.target, dict(change.values))
    changed = _resolve(changed)
    problems = list(_check_conditions(changed, pack))
    if problems:
        raise RulePackError(f"cannot choose these readings of pack '{pack.id}' together", problems)
    text = "\0".join(f"{i}={a}" for i, a in (*pack.choices, *ordered))
    digest = hashlib.sha256(f"{pack.digest}\0choices\0{text}".encode()).hexdigest()
    return attrs.evolve(changed, choices=(*pack.choices, *ordered), digest=digest)


def _hint(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _apply(pack: RulePack, what: str, target: str, values: dict[str, Any]) -> RulePack:
    """``pack`` with one change applied (the loader checked that its target exists)."""
    if what == "parameter":
        parameters = tuple(attrs.evolve(p, value=values["value"]) if p.id == target else p for p in pack.parameters)
        return attrs.evolve(pack, parameters=parameters)
    if what == "counting":
        return attrs.evolve(pack, counting=attrs.evolve(pack.counting, **values))
    if what == "targets":
        assert pack.targets is not None
        return attrs.evolve(pack, targets=attrs.evolve(pack.targets, **values))
    if what == "rule":
        return attrs.evolve(pack, rules=tuple(attrs.evolve(r, **values) if r.id == target else r for r in pack.rules))
    if what == "condition":
        rule_id, _, condition_id = target.partition("/")
        return attrs.evolve(pack, rules=tuple(_patched(r, condition_id, values) if r.id == rule_id else r for r in pack.rules))
    if what == "cap":
        return attrs.evolve(pack, caps=tuple(attrs.evolve(c, **values) if c.id == target else c for c in pack.caps))
    if what == "grant":
        award_id, _, level = target.partition("/")
        return attrs.evolve(pack, awards=tuple(_grant(a, level, values) if a.id == award_id else a for a in pack.awards))
    if what == "award":
        return attrs.evolve(pack, awards=tuple(_presented(a, values) if a.id == target else a for a in pack.awards))
    raise AssertionError(what)  # pragma: no cover - the loader knows every kind of change


def _patched(rule: Rule, condition_id: str, values: dict[str, Any]) -> Rule:
    """``rule`` with the fields ``values`` set on its condition ``condition_id``: a field
    replaces a ratio (and a ratio a field), a value replaces a parameter."""
    cleared = {"fact": {"ratio": None}, "ratio": {"fact": None}, "value": {"param": None}}
    extra: dict[str, Any] = {}
    for name in values:
        extra.update(cleared.get(name, {}))

    def patch(c: Condition) -> Condition:
        return attrs.evolve(c, **{**extra, **values}) if c.id == condition_id else c

    return attrs.evolve(rule, when=tuple(map(patch, rule.when)), conditions=tuple(map(patch, rule.conditions)))


def _check_conditions(pack: RulePack, base: RulePack) -> Iterator[Problem]:
    """The conditions readings changed, checked as the loader checks them (each change was
    checked alone; two changing one condition must still make a condition that works)."""
    from ._validation import OPERATORS_FOR_TYPE, _scalar
    from .facts import fact_field_types

    before = {r.id: r for r in base.rules}
    for rule in pack.rules:
        old = before[rule.id]
        if (rule.when, rule.conditions) == (old.when, old.conditions):
            continue
        types = fact_field_types(rule.applies_to)
        for c in (*rule.when, *rule.conditions):
            kind = "rate" if c.ratio is not None else types.get(str(c.fact), "")
            fine = c.op in OPERATORS_FOR_TYPE.get(kind, set())
            if fine and c.param is None and kind != "rate":
                try:
                    values = c.value if isinstance(c.value, tuple) else (c.value,)
                    fine = all(_scalar(kind, v if not hasattr(v, "isoformat") else v.isoformat()) == v for v in values)
                except ValueError:
                    fine = False
            if not fine:
                yield Problem(f"rule '{rule.id}', condition '{c.id}': these readings together compare {c.subject} ({kind}) "
                              f"with {c.op} {c.value!r}, which does not work")  # fmt: skip


def _grant(award: Award, level: str, values: dict[str, Any]) -> Award:
    return attrs.evolve(award, grants=tuple(attrs.evolve(g, **values) if g.level == level else g for g in award.grants))


def _presented(award: Award, values: dict[str, Any]) -> Award:
    assert award.presented is not None
    return attrs.evolve(award, presented=attrs.evolve(award.presented, **values))


def _resolve(pack: RulePack) -> RulePack:
    """Values taken from parameters, taken again: conditions, caps' rates, schemes' coverage."""
    values = {p.id: p.value for p in pack.parameters}

    def condition(c: Condition) -> Condition:
        return attrs.evolve(c, value=values[c.param]) if c.param is not None and c.param in values else c

    def rule(r: Rule) -> Rule:
        return attrs.evolve(r, conditions=tuple(map(condition, r.conditions)), when=tuple(map(condition, r.when)))

    def cap(c: Cap) -> Cap:
        rate = values.get(c.rate_parameter, c.rate)
        assert isinstance(rate, Fraction)  # a rate parameter's type (checked at load)
        return attrs.evolve(c, rate=rate)

    def scheme(s: Scheme) -> Scheme:
        if s.coverage_parameter is None or s.coverage_parameter not in values:
            return s
        through = values[s.coverage_parameter]
        assert isinstance(through, dt.date)  # a date parameter (checked at load)
        return attrs.evolve(s, coverage_through=through)

    return attrs.evolve(
        pack, rules=tuple(map(rule, pack.rules)), caps=tuple(map(cap, pack.caps)), schemes=tuple(map(scheme, pack.schemes))
    )
