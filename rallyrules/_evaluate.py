"""The Python evaluator of the condition language.

It explains every condition (the value found, the value required, whether it holds)
and it decides where durable_rules cannot run (Python 3.13+). It shares no evaluation
code with :mod:`rallyrules._compile`, so the two check each other on every run.

Semantics (``docs/rule-format.md`` states them once for both evaluators):

- integers and dates compare by value; text by exact (NFC) equality; booleans only by
  ``equals``/``not_equals``; the loader guarantees a value has its fact's type;
- ``one_of`` holds when the value equals any listed value, ``none_of`` when it equals none;
- a ratio ``of/to`` is the exact fraction; when ``to`` is 0 or less it is undefined and
  the condition does not hold (nor does any other comparison with it);
- a rule applies to a fact when every ``when`` test holds, and then holds when every
  one of its conditions holds.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from .model import Condition, Rule

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "at_least": operator.ge,
    "more_than": operator.gt,
    "at_most": operator.le,
    "less_than": operator.lt,
    "equals": operator.eq,
    "not_equals": operator.ne,
    "one_of": lambda found, allowed: found in allowed,
    "none_of": lambda found, allowed: found not in allowed,
}


def found_value(condition: Condition, fact: Mapping[str, Any]) -> Any:
    """The value a condition looks at: a field, or the exact ratio (None if undefined)."""
    if condition.ratio is None:
        return fact[condition.fact]  # type: ignore[index]
    numerator, denominator = fact[condition.ratio.of], fact[condition.ratio.to]
    if denominator <= 0:
        return None
    return Fraction(numerator, denominator)


def condition_holds(condition: Condition, fact: Mapping[str, Any]) -> bool:
    """Whether ``condition`` holds for ``fact`` (a mapping of field -> value)."""
    found = found_value(condition, fact)
    if found is None:
        return False
    return _COMPARE[condition.op](found, condition.value)


def rule_applies(rule: Rule, fact: Mapping[str, Any]) -> bool:
    """Whether every ``when`` test of ``rule`` holds for ``fact`` (the rule applies)."""
    return all(condition_holds(c, fact) for c in rule.when)


def rule_holds(rule: Rule, fact: Mapping[str, Any]) -> bool:
    """Whether every condition of ``rule`` holds for ``fact``."""
    return all(condition_holds(c, fact) for c in rule.conditions)
