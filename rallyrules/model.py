"""A rule pack as typed values: what the YAML files of one pack folder say, checked.

Nothing here reads files or knows the engine; :func:`rallyrules.load_rule_pack` builds
these values, and everything downstream reads them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal, TypeVar

import attrs

ScalarValue = int | str | bool | dt.date | Fraction
ConditionValue = ScalarValue | tuple[ScalarValue, ...]
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


#: What one change of an alternative reading acts on (see :class:`Change`).
ChangeTarget = Literal["parameter", "counting", "rule", "condition", "cap", "grant", "targets", "award"]


@attrs.frozen
class Change:
    """One thing an alternative reading changes in the pack, as data.

    ``what`` names the kind of thing and ``target`` which one: a parameter (its id: the new
    ``value``), the counting policy (``target`` empty: the switches of
    :class:`CountingPolicy` to set), a rule (its id: its ``conditions``, ``when`` and
    ``statement`` replaced), one condition of a rule (``rule/condition``: the fields
    given — ``fact`` or ``ratio``, ``op``, ``value`` or ``param``, ``says``), a cap (its id: ``base``, ``rounding``, ``ranking``), a grant
    (``award/level``: ``per_scope``), the year targets (``target`` empty: the switches of
    :class:`Targets`) or an award (its id: ``next_rally``, when it is presented).
    ``values`` are the fields set, typed as in the model (a rule's conditions as
    :class:`Condition` values, a ranking as :class:`RankKey` values)."""

    what: ChangeTarget
    target: str
    values: tuple[tuple[str, Any], ...]

    def value(self, name: str, default: Any = None) -> Any:
        """The value this change sets for field ``name`` (``default`` when it sets none)."""
        return next((v for k, v in self.values if k == name), default)


@attrs.frozen
class Alternative:
    """Another reasonable reading of an interpretation's question: what it answers
    (``label``), why (``reason``), the clause it rests on (``source``) and the
    ``changes`` it makes to the pack when a reviewer chooses it (:meth:`RulePack.choose`)."""

    id: str
    label: Text
    reason: Text
    source: Citation
    changes: tuple[Change, ...]


@attrs.frozen
class Interpretation:
    """A choice made where the plan is silent, with the reason, for reviewers to check:
    each of ``question``, ``choice`` and ``reason`` in Vietnamese and English.

    ``alternatives`` are the other reasonable readings, each implemented as changes a
    reviewer can choose; an interpretation with none says why in ``sole_reading`` (e.g.
    "the attestation is an input"). Its id is the pack's one name for the question: the
    same interpretation may stand under several things it concerns (both caps of an award)."""

    id: str
    question: Text
    choice: Text
    reason: Text
    alternatives: tuple[Alternative, ...] = ()
    sole_reading: Text | None = None

    def alternative(self, alternative_id: str) -> Alternative:
        """The alternative ``alternative_id``; KeyError when there is none."""
        return _by_id(self.alternatives, alternative_id)


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
    """An emulation level (e.g. city, district): which authority awards its subjects.

    A ``scoped`` level has one awarding authority per area (a district's chairman for the
    subjects of that district): its subjects must say their ``scope``.
    """

    id: str
    name: Text
    scoped: bool = False


@attrs.frozen
class Authority:
    """Who signs an award (e.g. a director, a committee chairman). ``name_in_area`` names the
    authority of one area, ``{unit}`` standing for the area's name ("Chủ tịch UBND {unit}"
    -> "Chủ tịch UBND quận Ninh Kiều"); None: the name and the area side by side."""

    id: str
    name: Text
    source: Citation
    name_in_area: Text | None = None


@attrs.frozen
class Fund:
    """Which budget pays for an award."""

    id: str
    name: Text
    source: Citation


@attrs.frozen
class Grant:
    """For subjects of one level: who awards, from which fund, on whose proposal."""

    level: str
    authority: str
    fund: str
    source: Citation
    proposed_by: Text | None = None
    #: One authority per area (e.g. each district's chairman): caps are counted per scope.
    per_scope: bool = False


@attrs.frozen
class Occasion:
    """When an award is presented: at the next wave's rally when there is one
    (``next_rally``), otherwise at ``otherwise``."""

    next_rally: bool
    otherwise: Text
    source: Citation


@attrs.frozen
class Award:
    """A kind of award, e.g. a certificate of merit.

    ``round`` is ``per-wave`` (reviewed after each wave) or ``after-waves`` (once, after
    the last wave). ``grants`` say who awards it to the subjects of each level.
    """

    id: str
    name: Text
    source: Citation
    round: Literal["per-wave", "after-waves"] = "per-wave"
    grants: tuple[Grant, ...] = ()
    presented: Occasion | None = None
    interpretations: tuple[Interpretation, ...] = ()

    def grant_for(self, level: str) -> Grant | None:
        """The grant covering subjects of ``level``."""
        return next((g for g in self.grants if g.level == level), None)


@attrs.frozen
class RankKey:
    """One key of a ranking: ``ratio`` (of/to, exact), ``difference`` (of - to) or
    ``field`` (a fact field), ascending or descending."""

    by: Literal["ratio", "difference", "field"]
    order: Literal["ascending", "descending"]
    of: str | None = None
    to: str | None = None
    field: str | None = None


@attrs.frozen
class Cap:
    """The most awards of one kind one authority may give to one kind of subject in a round.

    maximum = ``rounding``(rate x base); ``base`` says what is counted: ``subjects-in-scope``
    (every subject of that kind the authority awards) or ``eligible`` (the eligible only).
    When more are eligible, the first ``maximum`` by ``ranking`` are selected.
    """

    id: str
    award: str
    subject_kind: Literal["collective", "individual"]
    rate_parameter: str
    rate: Fraction
    base: Literal["subjects-in-scope", "eligible"]
    rounding: Literal["floor", "ceiling"]
    ranking: tuple[RankKey, ...]
    source: Citation
    interpretations: tuple[Interpretation, ...] = ()


@attrs.frozen
class Deadline:
    """A submission due per wave: on time when made at least ``min_days_before`` days
    before the anchor date (a parameter in the rule that checks it)."""

    id: str
    name: Text
    submitter_level: str
    anchors: tuple[tuple[int, dt.date], ...]  # (wave, anchor date)
    source: Citation
    interpretations: tuple[Interpretation, ...] = ()

    def anchor(self, wave: int) -> dt.date | None:
        """The anchor date of ``wave``, if the deadline applies to it."""
        return next((d for w, d in self.anchors if w == wave), None)


@attrs.frozen
class Indicator:
    """A year target indicator (e.g. health-insurance participants)."""

    id: str
    name: Text


@attrs.frozen
class Targets:
    """The year targets a subject must reach, and where they come from."""

    indicators: tuple[Indicator, ...]
    individuals_use_parent_targets: bool
    source: Citation
    interpretations: tuple[Interpretation, ...] = ()
    #: A target of 0: ``met`` (nothing to reach: it is left out of the least achieved one)
    #: or ``missing`` (no target was given: the subject lacks one of its targets).
    zero_target: Literal["met", "missing"] = "met"
    #: Indicators read as one target (results and targets summed), e.g. both kinds of BHXH.
    combined: tuple[tuple[str, ...], ...] = ()


@attrs.frozen
class CoverageEntry:
    """One line of the plan and what encodes it (``encoded_by``: ``rule:<id>``,
    ``parameter:<id>``, ``wave:<n>``…) or why nothing can (``out_of_scope``)."""

    section: str
    text: str
    encoded_by: tuple[str, ...] = ()
    out_of_scope: Text | None = None


@attrs.frozen
class RosterRole:
    """A role in a submitted roster (e.g. a consulting group)."""

    id: str
    name: Text
    levels: tuple[str, ...]


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
class ExclusionSource:
    """What an exclusion reason of the counting rests on: the plan's clause and, when the
    plan leaves the question open, the pack's interpretation (its id)."""

    reason: str
    source: Citation
    interpretation: str | None = None


@attrs.frozen
class CountingPolicy:
    """How enrolments are credited, beyond the periods and coverage of each scheme.

    ``schemes_counted``: the schemes whose enrolments count (None: every scheme of the
    pack; the others are excluded as ``scheme-not-counted``). ``one_enrolment_per_person``:
    a person counts once whatever the scheme (later enrolments are excluded as
    ``repeat-person``), beyond once per scheme. ``duplicate_ids``: a second record with an
    enrolment id already seen refuses the data set (``refuse``) or is excluded as
    ``duplicate-enrolment-id`` (``exclude``). ``quota_per_scheme``: where quotas are given
    per scheme, ``each`` scheme's quota must be reached, or their ``sum``. ``exclusions``:
    the clause (and interpretation) each exclusion reason rests on."""

    credit_parents: bool
    one_enrolment_per_person_and_scheme: bool
    source: Citation
    interpretations: tuple[Interpretation, ...] = ()
    schemes_counted: tuple[str, ...] | None = None
    one_enrolment_per_person: bool = False
    duplicate_ids: Literal["refuse", "exclude"] = "refuse"
    quota_per_scheme: Literal["each", "sum"] = "each"
    exclusions: tuple[ExclusionSource, ...] = ()

    def exclusion(self, reason: str) -> ExclusionSource | None:
        """What exclusion ``reason`` rests on, when the pack says."""
        return next((e for e in self.exclusions if e.reason == reason), None)


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
    """A rule of the plan, on one kind of fact.

    It applies to the facts for which every ``when`` condition holds; on those, it holds
    when every one of its ``conditions`` holds. An award rule (``award`` set) makes the
    subject eligible for the award; a check rule (no award) says a requirement is met.

    ``source`` is the clause the rule encodes. When that clause is a lead-in ("… các điều
    kiện … như sau:"), ``operative`` holds the clauses it introduces, which the conditions
    encode; :attr:`clauses` gives what to show beside the rule either way.
    """

    id: str
    title: Text
    applies_to: str
    award: str | None
    source: Citation
    statement: Text
    conditions: tuple[Condition, ...]
    interpretations: tuple[Interpretation, ...]
    see_also: tuple[Citation, ...] = ()
    when: tuple[Condition, ...] = ()
    path: str = ""
    line: int = 0
    operative: tuple[Citation, ...] = ()

    @property
    def clauses(self) -> tuple[Citation, ...]:
        """The plan's words the rule encodes: the lead-in and its operative clauses, or the
        one clause that is both."""
        return (self.source, *self.operative)


@attrs.frozen
class FieldLabel:
    """What one field of a kind of fact is called, and what it counts (``unit``, e.g.
    "người"/"people"; None for a field that counts nothing, such as a date or an id)."""

    field: str
    label: Text
    unit: Text | None = None


@attrs.frozen
class RatioLabel:
    """How a ratio ``of / to`` of two fields reads, and the words for it when ``to`` is 0
    or less and the ratio is undefined (e.g. "chưa được giao chỉ tiêu của đợt").
    ``named_by`` is a field of the fact that says what the ratio is of (the indicator of
    the least achieved year target), named beside the ratio's words."""

    of: str
    to: str
    label: Text
    undefined: Text
    named_by: str | None = None


@attrs.frozen
class FactLabels:
    """The words of one kind of fact (``collective-wave``…): its ``name``, ``about`` (what
    one fact of the kind is, the rulebook's "applies to" text), its fields and ratios."""

    kind: str
    name: Text
    about: Text
    fields: tuple[FieldLabel, ...] = ()
    ratios: tuple[RatioLabel, ...] = ()

    def field(self, name: str) -> FieldLabel | None:
        """The label of field ``name``, if the pack gives one."""
        return next((f for f in self.fields if f.field == name), None)

    def ratio(self, of: str, to: str) -> RatioLabel | None:
        """The words of ratio ``of / to``, if the pack gives them."""
        return next((r for r in self.ratios if (r.of, r.to) == (of, to)), None)


@attrs.frozen
class ValueLabel:
    """The name of one enumerated value that is not an entity of its own in the pack
    (e.g. the subject kind ``collective``: "Tập thể"/"Collective")."""

    what: str
    value: str
    label: Text


#: Which entities name the values a fact field or input column holds: ``value_label`` and
#: ``input_vocabulary`` look values up here. ``unit``/``submitter`` hold the id of an
#: unscoped level (e.g. ``city``) or a scope code (a district's code, named by the data).
VALUE_DOMAINS: dict[str, str] = {
    "kind": "kind",
    "subject_kind": "kind",
    "level": "level",
    "unit": "level",
    "submitter": "level",
    "scheme": "scheme",
    "role": "role",
    "indicator": "indicator",
    "deadline": "deadline",
    "award": "award",
    "wave": "wave",
    "worst_indicator": "indicator",
}
#: The input columns whose values are enumerated by the pack, with the Vietnamese (and
#: English) names a data file may use for them (see :meth:`RulePack.input_vocabulary`).
VOCABULARY_COLUMNS = ("kind", "level", "scheme", "role", "indicator", "deadline")
#: The subject kinds a fact can hold; the pack's ``labels.values.kind`` names each.
SUBJECT_KINDS = ("collective", "individual")

_SPACES = re.compile(r"\s+")


def vocabulary_key(text: str) -> str:
    """A value word as an input cell is matched against the pack's vocabulary: Unicode NFC,
    case-folded, runs of white space as one space, trimmed (``"  CẤP  Huyện"`` and the NFD
    spelling of ``"cấp huyện"`` give the same key). Diacritics are kept: in Vietnamese they
    tell words apart."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _SPACES.sub(" ", folded).strip()


def missing_label(raw: str) -> Text:
    """What a name reads when the pack gives none: the raw id, visibly marked, so that an
    explanation never passes an id off as a name (``"dot-4 (chưa có tên)"``)."""
    return Text(f"{raw} (chưa có tên trong bộ quy tắc)", f"{raw} (no name in the rule pack)")


@attrs.frozen
class Document:
    """The plan the pack encodes."""

    number: str
    title: str
    issued: dt.date
    issuer: str


#: The ``{names}`` a proposal form's texts may hold: the area of a per-scope authority
#: (its name mid-sentence, in capitals, and as a place name), and the plan.
UNIT_PLACEHOLDERS = ("unit", "UNIT", "unit_place")
FORM_PLACEHOLDERS = (*UNIT_PLACEHOLDERS, "plan", "plan_number", "plan_date", "plan_issuer")


@attrs.frozen
class ProposalForm:
    """How the proposals of one award to one authority are drafted (a Tờ trình and its
    Danh sách đề nghị): who issues them, to whom, on which legal bases, who signs and who
    receives copies. Every text is Vietnamese as the office files it; ``{unit}``, ``{UNIT}``
    and ``{unit_place}`` stand for the area of a per-scope authority (e.g. a district),
    ``{plan}``, ``{plan_number}``, ``{plan_date}`` and ``{plan_issuer}`` for the plan.
    Layout after Nghị định 30/2020/NĐ-CP, Phụ lục I (see docs/office-documents.md)."""

    award: str
    authority: str
    parent_body: str
    issuing_body: str
    issuer: str
    number: str
    place: str
    recipient: str
    award_title: str | None = None
    signer: tuple[str, ...] = ()
    signer_name: str | None = None
    copies: tuple[str, ...] = ()
    legal_bases: tuple[str, ...] = ()


@attrs.frozen
class OfficeDocuments:
    """What the office documents need beyond the rules (the pack's ``documents:`` block):
    the plan's kind of document (``Kế hoạch``), how to name an area with no name at hand
    (``unit_fallback``, with ``{code}``), the leading words of an area's name that are not
    its place name (``unit_kinds``: ``Quận``…), overrides of the catalog's ``office.*``
    wording (``wording``: code -> text with the same ``{parameters}``), and one form per
    award and authority (``proposals``)."""

    plan_kind: str | None = None
    unit_fallback: Text | None = None
    unit_kinds: tuple[str, ...] = ()
    wording: tuple[tuple[str, str], ...] = ()
    proposals: tuple[ProposalForm, ...] = ()

    def form_for(self, award_id: str, authority_id: str) -> ProposalForm | None:
        """The form of the proposals of ``award_id`` to ``authority_id``, if the pack gives one."""
        return next((f for f in self.proposals if f.award == award_id and f.authority == authority_id), None)


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
    authorities: tuple[Authority, ...] = ()
    funds: tuple[Fund, ...] = ()
    caps: tuple[Cap, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    targets: Targets | None = None
    roster_roles: tuple[RosterRole, ...] = ()
    coverage: tuple[CoverageEntry, ...] = ()
    fact_labels: tuple[FactLabels, ...] = ()
    value_labels: tuple[ValueLabel, ...] = ()
    #: The ``documents:`` block (office documents); empty when the pack has none.
    documents: OfficeDocuments = attrs.field(factory=OfficeDocuments)
    #: The alternative readings chosen (interpretation id, alternative id), in the order of
    #: the pack's interpretations; empty for the pack's own readings (:meth:`choose`).
    choices: tuple[tuple[str, str], ...] = ()

    # -- interpretations and their alternatives -------------------------------------------

    def interpretations(self) -> tuple[Interpretation, ...]:
        """Every interpretation of the pack once, in the order of the files' blocks (an
        interpretation standing under several things, e.g. two caps, is listed once)."""
        from ._choices import all_interpretations

        return tuple(i for i, _ in all_interpretations(self))

    def interpretation(self, interpretation_id: str) -> Interpretation:
        """The interpretation ``interpretation_id``; KeyError when the pack has none."""
        return _by_id(self.interpretations(), interpretation_id)

    def choose(self, choices: Mapping[str, str] | Iterable[tuple[str, str]]) -> RulePack:
        """The pack read with other readings: ``{interpretation id: alternative id}``, each
        alternative's changes applied (parameters, counting switches, rules' conditions,
        caps, grants, targets). An alternative id equal to ``default`` (or ``""``) keeps
        the pack's own reading. The result's ``digest`` covers the choices (a result made
        under them never passes for one of the pack's own readings) and ``choices`` lists
        them. Raises :class:`~rallyrules.RulePackError` naming an unknown interpretation
        or alternative, or two alternatives that change the same thing differently."""
        from ._choices import choose

        return choose(self, choices)

    # -- names, for explanations and documents --------------------------------------------

    def labels_of(self, kind: str) -> FactLabels | None:
        """The words of fact kind ``kind`` (``collective-wave``…), if the pack gives them
        (the loader makes sure it does for every kind a rule applies to)."""
        return next((k for k in self.fact_labels if k.kind == kind), None)

    def field_label(self, kind: str, field: str) -> Text:
        """What field ``field`` of fact kind ``kind`` is called, e.g. ``counted`` of
        ``collective-wave``: "Số người tham gia được tính" / "Participants counted".

        Every field a rule or cap uses has a label (the loader refuses the pack otherwise);
        for any other field without one, :func:`missing_label` of the field's id."""
        labels = self.labels_of(kind)
        found = labels.field(field) if labels is not None else None
        return found.label if found is not None else missing_label(field)

    def unit(self, kind: str, field: str) -> Text | None:
        """What field ``field`` of ``kind`` counts ("người"/"people"), or None: a field that
        counts nothing (an id, a date, a yes/no) or one the pack gives no unit."""
        labels = self.labels_of(kind)
        found = labels.field(field) if labels is not None else None
        return found.unit if found is not None else None

    def ratio_label(self, kind: str, of: str, to: str) -> Text:
        """How the ratio ``of / to`` of ``kind`` reads: the pack's words, else the two
        fields' labels joined by " / "."""
        labels = self.labels_of(kind)
        found = labels.ratio(of, to) if labels is not None else None
        if found is not None:
            return found.label
        a, b = self.field_label(kind, of), self.field_label(kind, to)
        return Text(f"{a.vi} / {b.vi}", f"{a.en} / {b.en}")

    def ratio_undefined(self, kind: str, of: str, to: str) -> Text | None:
        """The words for the ratio ``of / to`` of ``kind`` when ``to`` is 0 or less (e.g.
        "chưa được giao chỉ tiêu năm" / "no year target given"), or None when the pack
        gives none (then say it in the library's own words)."""
        labels = self.labels_of(kind)
        found = labels.ratio(of, to) if labels is not None else None
        return found.undefined if found is not None else None

    def value_label(self, what: str, value: object) -> Text:
        """The name of ``value`` held by field or column ``what`` (see
        :data:`VALUE_DOMAINS`): a level, scheme, roster role, indicator, deadline, award,
        wave or subject kind, e.g. ``value_label("role", "bhxh-officials")`` -> "Viên chức
        BHXH" / "Social insurance officials".

        A value the pack does not name (an unknown id; a scope code, which the data's
        admin-units table names) gives :func:`missing_label` of the raw value: visibly
        marked, never silently the id. Raises KeyError for a ``what`` that holds no
        enumerated values."""
        domain = VALUE_DOMAINS[what]
        found = self._names(domain).get(str(value))
        return found if found is not None else missing_label(str(value))

    def input_vocabulary(self) -> dict[str, dict[str, str]]:
        """Per input column of :data:`VOCABULARY_COLUMNS` (``kind``, ``level``, ``scheme``,
        ``role``, ``indicator``, ``deadline``), every word a data file may use for a value
        -> the value's id: the id itself and its Vietnamese and English names, each as
        :func:`vocabulary_key` gives it (so ``Cấp huyện``, ``CẤP HUYỆN`` and its NFD
        spelling all map to ``district``). The loader refuses a pack in which one word
        would name two values of the same column."""
        out: dict[str, dict[str, str]] = {}
        for column in VOCABULARY_COLUMNS:
            words: dict[str, str] = {}
            for ident, name in self._names(column).items():
                for word in (ident, name.vi, name.en):
                    words.setdefault(vocabulary_key(word), ident)
            out[column] = words
        return out

    def _names(self, domain: str) -> dict[str, Text]:
        """Each value of ``domain`` (a :data:`VALUE_DOMAINS` target) -> its name."""
        if domain == "kind":
            return {v.value: v.label for v in self.value_labels if v.what == "kind"}
        if domain == "wave":
            return {str(w.number): w.name for w in self.waves}
        if domain == "indicator":
            return {i.id: i.name for i in (self.targets.indicators if self.targets else ())}
        entities: dict[
            str, tuple[Level, ...] | tuple[Scheme, ...] | tuple[RosterRole, ...] | tuple[Deadline, ...] | tuple[Award, ...]
        ]
        entities = {
            "level": self.levels, "scheme": self.schemes, "role": self.roster_roles,
            "deadline": self.deadlines, "award": self.awards,
        }  # fmt: skip
        return {e.id: e.name for e in entities[domain]}

    def level(self, level_id: str) -> Level:
        """The level ``level_id``."""
        return _by_id(self.levels, level_id)

    def authority(self, authority_id: str) -> Authority:
        """The authority ``authority_id``."""
        return _by_id(self.authorities, authority_id)

    def fund(self, fund_id: str) -> Fund:
        """The fund ``fund_id``."""
        return _by_id(self.funds, fund_id)

    def caps_for(self, award_id: str, subject_kind: str) -> tuple[Cap, ...]:
        """The caps on ``award_id`` for subjects of ``subject_kind``."""
        return tuple(c for c in self.caps if c.award == award_id and c.subject_kind == subject_kind)

    def wave(self, number: int) -> Wave:
        """The wave numbered ``number``."""
        for wave in self.waves:
            if wave.number == number:
                return wave
        raise KeyError(number)

    def parameter(self, parameter_id: str) -> Parameter:
        """The parameter ``parameter_id``."""
        return _by_id(self.parameters, parameter_id)

    def rule(self, rule_id: str) -> Rule:
        """The rule ``rule_id``."""
        return _by_id(self.rules, rule_id)

    def award(self, award_id: str) -> Award:
        """The award ``award_id``."""
        return _by_id(self.awards, award_id)

    def __repr__(self) -> str:
        return (
            f"rallyrules.RulePack(id={self.id!r}, document={self.document.number!r}, "
            f"waves={len(self.waves)}, rules={len(self.rules)}, digest={self.digest[:12]!r})"
        )


T = TypeVar("T")


def _by_id(items: tuple[T, ...], ident: str) -> T:
    for item in items:
        if item.id == ident:  # type: ignore[attr-defined]
            return item
    raise KeyError(ident)
