"""A rule pack as typed values: what the YAML files of one pack folder say, checked.

Nothing here reads files or knows the engine; :func:`rallyrules.load_rule_pack` builds
these values, and everything downstream reads them.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Literal, Union

import attrs

ScalarValue = Union[int, str, bool, dt.date, Fraction]
ConditionValue = Union[ScalarValue, tuple[ScalarValue, ...]]
ParameterType = Literal["date", "integer", "rate", "text", "boolean"]
Operator = Literal["at_least", "more_than", "at_most", "less_than", "equals", "not_equals", "one_of", "none_of"]

#: How each operator reads, for explanations.
OPERATOR_WORDS: dict[str, dict[str, str]] = {
    "at_least": {"en": "at least", "vi": "từ"},
    "more_than": {"en": "more than", "vi": "lớn hơn"},
    "at_most": {"en": "at most", "vi": "không quá"},
    "less_than": {"en": "less than", "vi": "nhỏ hơn"},
    "equals": {"en": "equal to", "vi": "bằng"},
    "not_equals": {"en": "not equal to", "vi": "khác"},
    "one_of": {"en": "one of", "vi": "một trong"},
    "none_of": {"en": "none of", "vi": "không thuộc"},
}


@attrs.frozen
class Text:
    """The same words in Vietnamese and English."""

    vi: str
    en: str

    def in_(self, lang: str) -> str:
        """The text in ``lang`` ('vi' or 'en')."""
        return self.vi if lang == "vi" else self.en


@attrs.frozen
class Citation:
    """Where a value or rule comes from: the document, its section, and its words verbatim."""

    document: str
    section: str
    quote: str


@attrs.frozen
class Interpretation:
    """A choice made where the plan is silent, with the reason, for reviewers to check."""

    id: str
    question: str
    choice: str
    reason: str


@attrs.frozen
class Parameter:
    """A named, cited value of the plan (a date, a rate, a number…)."""

    id: str
    type: ParameterType
    value: ScalarValue
    title: Text
    source: Citation
    interpretations: tuple[Interpretation, ...] = ()


@attrs.frozen
class Level:
    """An emulation level (e.g. city, district): which authority awards its subjects."""

    id: str
    name: Text


@attrs.frozen
class Award:
    """A kind of award, e.g. a certificate of merit."""

    id: str
    name: Text
    source: Citation


@attrs.frozen
class Wave:
    """One rally wave: its rally and its emulation period (both ends included)."""

    number: int
    name: Text
    theme: Text
    rally_date: dt.date
    venue: str
    start: dt.date
    end: dt.date
    rally_source: Citation
    period_source: Citation

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` lies in the emulation period, both ends included."""
        return self.start <= day <= self.end


@attrs.frozen
class Scheme:
    """An insurance scheme; enrolments in it count only if covered through ``coverage_through``
    (when set), as parameter ``coverage_parameter`` says."""

    id: str
    name: Text
    coverage_parameter: str | None = None
    coverage_through: dt.date | None = None


@attrs.frozen
class CountingPolicy:
    """How enrolments are credited, beyond the periods and coverage of each scheme."""

    credit_parents: bool
    one_enrolment_per_person_and_scheme: bool
    source: Citation
    interpretations: tuple[Interpretation, ...] = ()


@attrs.frozen
class Ratio:
    """The exact ratio ``of / to`` of two integer fields."""

    of: str
    to: str


@attrs.frozen
class Condition:
    """One test of a rule: a fact field (or a ratio of two) compared with a value.

    ``value`` is the value compared with, resolved from ``param`` when the rule names a
    parameter (a rate for ratios; a tuple for ``one_of``/``none_of``).
    """

    id: str
    op: Operator
    says: Text
    value: ConditionValue
    fact: str | None = None
    ratio: Ratio | None = None
    param: str | None = None

    @property
    def subject(self) -> str:
        """The field, or ``of/to``, this condition is about."""
        return self.fact if self.fact is not None else f"{self.ratio.of}/{self.ratio.to}"  # type: ignore[union-attr]


@attrs.frozen
class Rule:
    """A rule of the plan: on one kind of fact, all conditions hold -> eligible for ``award``."""

    id: str
    title: Text
    applies_to: str
    award: str
    source: Citation
    statement: Text
    conditions: tuple[Condition, ...]
    interpretations: tuple[Interpretation, ...]
    see_also: tuple[Citation, ...] = ()
    path: str = ""
    line: int = 0


@attrs.frozen
class Document:
    """The plan the pack encodes."""

    number: str
    title: str
    issued: dt.date
    issuer: str


@attrs.frozen(repr=False)
class RulePack:
    """Everything one pack folder says: calendar, schemes, parameters, rules.

    ``digest`` is a SHA-256 over the pack's files (names and bytes), so a result can
    say exactly which rules decided it.
    """

    id: str
    title: Text
    document: Document
    levels: tuple[Level, ...]
    awards: tuple[Award, ...]
    waves: tuple[Wave, ...]
    schemes: tuple[Scheme, ...]
    parameters: tuple[Parameter, ...]
    counting: CountingPolicy
    rules: tuple[Rule, ...]
    source_text: str
    root: str
    digest: str

    def wave(self, number: int) -> Wave:
        """The wave numbered ``number``."""
        for wave in self.waves:
            if wave.number == number:
                return wave
        raise KeyError(number)

    def parameter(self, parameter_id: str) -> Parameter:
        """The parameter ``parameter_id``."""
        for parameter in self.parameters:
            if parameter.id == parameter_id:
                return parameter
        raise KeyError(parameter_id)

    def rule(self, rule_id: str) -> Rule:
        """The rule ``rule_id``."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def award(self, award_id: str) -> Award:
        """The award ``award_id``."""
        for award in self.awards:
            if award.id == award_id:
                return award
        raise KeyError(award_id)

    def __repr__(self) -> str:
        return (
            f"rallyrules.RulePack(id={self.id!r}, document={self.document.number!r}, "
            f"waves={len(self.waves)}, rules={len(self.rules)}, digest={self.digest[:12]!r})"
        )
