"""Typed facts: the input records (subjects, quotas, enrolments) and the per-subject
facts that rules decide on.

Input facts are frozen attrs classes built from plain records (one CSV row, one dict)
by their ``from_record`` constructors, through cattrs; validators reject bad values with
a message that names the field and what was found. What a value *means* for a given
plan (is this scheme or level known?) is checked against the rule pack later, in
:mod:`rallyrules.dataset`.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Literal, Self, TypeVar

import attrs
import cattrs
from attrs import validators as v

from .text import Column, Message, MessageError, Quoted

__all__ = [
    "FACT_KINDS",
    "AdminUnit",
    "Attestation",
    "CollectiveWave",
    "Enrolment",
    "IndividualWave",
    "Quota",
    "RosterCheck",
    "RosterLine",
    "Subject",
    "SubjectYear",
    "Submission",
    "SubmissionCheck",
    "TargetResult",
    "fact_field_types",
    "record_fields",
]

SubjectKind = Literal["collective", "individual"]


def _nfc(value: str) -> str:
    # Text is compared byte for byte by the engine: one normal form everywhere.
    return unicodedata.normalize("NFC", value.strip(TRIMMED))


def _nfc_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = _nfc(value)
    return value or None


_non_empty: Callable[[Any, attrs.Attribute[Any], Any], None] = v.min_len(1)


def _coverage_not_before_enrolment(instance: Enrolment, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    if value is not None and value < instance.enrolled_on:
        raise MessageError(Message("data.coverage-before-enrolment", until=value, enrolled=instance.enrolled_on))


class _Record:
    """Input facts are built from plain records with a named constructor, not
    ``Fact(**row)``, so that a file's layout does not leak into the class."""

    __slots__ = ()

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Self:
        """Build from a plain record (a CSV row or a dict): empty cells are missing values,
        dates ISO ``YYYY-MM-DD``, numbers whole. Raises ValueError naming every bad field."""
        return _structure(record, cls)


@attrs.frozen
class Subject(_Record):
    """An emulation subject: a collective (an organisation) or an individual.

    ``level`` is the emulation level that awards it (e.g. ``city``, ``district``);
    ``parent_id`` is the subject above it (a commune committee's district committee, an
    individual's collective), used for crediting when the pack says so. ``scope`` is the
    area whose authority awards it, for levels with one authority per area (e.g. the
    district code for a district-level subject).
    """

    subject_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    name: str = attrs.field(converter=_nfc, validator=_non_empty)
    kind: SubjectKind = attrs.field(validator=v.in_(("collective", "individual")))
    level: str = attrs.field(converter=_nfc, validator=_non_empty)
    parent_id: str | None = attrs.field(default=None, converter=_nfc_or_none)
    area_code: str | None = attrs.field(default=None, converter=_nfc_or_none)
    scope: str | None = attrs.field(default=None, converter=_nfc_or_none)


@attrs.frozen
class Quota(_Record):
    """The number of participants a subject is to mobilise in one wave; with ``scheme``,
    in that scheme only (a quota handed down per scheme: so many voluntary BHXH
    participants, so many household BHYT ones)."""

    subject_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    wave: int = attrs.field(validator=v.ge(1))
    quota: int = attrs.field(validator=v.ge(0))
    scheme: str | None = attrs.field(default=None, converter=_nfc_or_none)


@attrs.frozen
class Enrolment(_Record):
    """A person newly joining a scheme, credited to the collective (and optionally the
    individual) who mobilised them. ``covered_until`` is the last day covered."""

    enrolment_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    person_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    scheme: str = attrs.field(converter=_nfc, validator=_non_empty)
    enrolled_on: dt.date = attrs.field()
    credited_to: str = attrs.field(converter=_nfc, validator=_non_empty)
    covered_until: dt.date | None = attrs.field(default=None, validator=_coverage_not_before_enrolment)
    credited_individual: str | None = attrs.field(default=None, converter=_nfc_or_none)


@attrs.frozen
class Attestation(_Record):
    """A person's attestation that an individual led with outstanding achievement in a
    wave: a judgement, so an input, never computed."""

    subject_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    wave: int = attrs.field(validator=v.ge(1))
    attested_by: str = attrs.field(converter=_nfc, validator=_non_empty)
    attested_on: dt.date | None = None


@attrs.frozen
class TargetResult(_Record):
    """A subject's year target for one indicator, and its result at the end of the year."""

    subject_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    indicator: str = attrs.field(converter=_nfc, validator=_non_empty)
    target: int = attrs.field(validator=v.ge(0))
    result: int = attrs.field(validator=v.ge(0))


@attrs.frozen
class Submission(_Record):
    """A submission due by a deadline: who, for which wave, and when it was made (None: never)."""

    deadline: str = attrs.field(converter=_nfc, validator=_non_empty)
    wave: int = attrs.field(validator=v.ge(1))
    submitter: str = attrs.field(converter=_nfc, validator=_non_empty)
    submitted_on: dt.date | None = None


@attrs.frozen
class RosterLine(_Record):
    """One line of a submitted roster: a team, group or organisation and its number of people."""

    wave: int = attrs.field(validator=v.ge(1))
    unit: str = attrs.field(converter=_nfc, validator=_non_empty)
    role: str = attrs.field(converter=_nfc, validator=_non_empty)
    name: str = attrs.field(converter=_nfc, validator=_non_empty)
    people: int = attrs.field(validator=v.ge(0))


@attrs.frozen
class AdminUnit(_Record):
    """An administrative unit of the statistics office's list (mã đơn vị hành chính): a
    district (``commune_*`` empty) or a commune with its district, by code and name, so
    that areas and scopes read by name, not by code. Codes are text: they may start with 0."""

    province_code: str = attrs.field(converter=_nfc, validator=_non_empty)
    province: str = attrs.field(converter=_nfc, validator=_non_empty)
    district_code: str = attrs.field(converter=_nfc, validator=_non_empty)
    district: str = attrs.field(converter=_nfc, validator=_non_empty)
    district_type: str | None = attrs.field(default=None, converter=_nfc_or_none)
    commune_code: str | None = attrs.field(default=None, converter=_nfc_or_none)
    commune: str | None = attrs.field(default=None, converter=_nfc_or_none)
    commune_type: str | None = attrs.field(default=None, converter=_nfc_or_none)


@attrs.frozen
class CollectiveWave:
    """What the per-wave rules of collectives decide on: one collective in one wave.

    ``counted`` is the number of enrolments that count for it in that wave (after
    every exclusion); ``quota`` is 0 where no quota was assigned.
    """

    subject_id: str
    level: str
    wave: int
    quota: int
    counted: int


@attrs.frozen
class IndividualWave:
    """What the per-wave rules of individuals decide on: one individual in one wave.

    ``attested`` is whether a person attested their outstanding leadership that wave.
    ``quota`` and ``counted`` are the individual's own (a quota handed to them, the
    enrolments credited to them); ``unit_quota`` and ``unit_counted`` are those of the unit
    they lead (their ``parent_id``; 0 and 0 when they have none), for the readings that
    measure an individual by their unit (II.5.c: "trực tiếp chỉ đạo").
    """

    subject_id: str
    level: str
    wave: int
    quota: int
    counted: int
    attested: bool
    unit_quota: int
    unit_counted: int


@attrs.frozen
class SubjectYear:
    """What the after-waves rules decide on: one subject over the whole campaign.

    ``wave_awards`` is the number of per-wave awards it was *selected* for (not merely
    eligible). Year targets: ``indicators_missing`` counts the pack's indicators with no
    target for it; ``worst_result``/``worst_target`` are those of its indicator with the
    lowest result/target ratio (0/0 when it has none), and ``worst_indicator`` that
    indicator's id ("" when it has none): no rule reads it, explanations name it.
    ``wave_eligible`` is the number of per-wave awards it was eligible for (selected or
    not); ``total_result`` and ``total_target`` are its year results and targets summed
    over the indicators, for the readings that count eligibility or an average instead.
    """

    subject_id: str
    subject_kind: str
    level: str
    wave_awards: int
    indicators_missing: int
    worst_result: int
    worst_target: int
    wave_eligible: int
    total_result: int
    total_target: int
    worst_indicator: str = ""


@attrs.frozen
class SubmissionCheck:
    """One submission due: made or not, and how many days before its anchor date."""

    submitter: str
    deadline: str
    wave: int
    submitted: bool
    days_before: int


@attrs.frozen
class RosterCheck:
    """One role in one unit's roster for a wave: how many lines (teams, groups,
    organisations), their people in all, and the smallest line (0 when none)."""

    unit: str
    level: str
    wave: int
    role: str
    lines: int
    people: int
    smallest: int


#: The kinds of fact a rule may apply to (``applies_to:`` in a rule file).
FACT_KINDS: dict[str, type] = {
    "collective-wave": CollectiveWave,
    "individual-wave": IndividualWave,
    "subject-year": SubjectYear,
    "submission": SubmissionCheck,
    "roster-role": RosterCheck,
}
KIND_OF_FACT: dict[type, str] = {cls: kind for kind, cls in FACT_KINDS.items()}

_TYPE_NAMES = {int: "integer", str: "text", bool: "boolean", dt.date: "date"}


def fact_field_types(kind: str) -> dict[str, str]:
    """The fields of fact kind ``kind`` and the condition-language type of each."""
    cls = FACT_KINDS[kind]
    hints = typing.get_type_hints(cls)
    return {f.name: _TYPE_NAMES[hints[f.name]] for f in attrs.fields(cls)}


def record_fields(cls: type) -> dict[str, tuple[str, bool]]:
    """The columns of an input fact class (``Subject``, ``Enrolment``…): each field's
    value type (``text``, ``integer`` or ``date``) and whether it is required.

    Readers of spreadsheets and data frames use it to turn cells into values of the right
    type before :meth:`from_record` checks them (:mod:`rallyrules.tables`).
    """
    hints = typing.get_type_hints(cls)
    out: dict[str, tuple[str, bool]] = {}
    for field in attrs.fields(cls):
        hint = hints[field.name]
        # `X | None` -> X; a Literal of words (Subject.kind) has its words as args: text.
        args = [t for t in typing.get_args(hint) or (hint,) if t is not type(None)]
        (kind,) = {_TYPE_NAMES.get(t, "text") for t in args}
        out[field.name] = (kind, field.default is attrs.NOTHING)
    return out


# -- building from records ------------------------------------------------------------

_converter = cattrs.Converter(forbid_extra_keys=True)

#: Integers facts may hold: the engine's (durable_rules compares 64-bit integers).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: The longest text a fact may hold: durable_rules compares longer text wrongly (measured:
#: 65,536 bytes and more, a length beyond 16 bits, compare wrongly on either side of a test),
#: so both evaluators refuse it alike.
MAX_TEXT_BYTES = 65_535
_MAX_DIGITS = 40


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise MessageError(Message("data.date.has-time", value=repr(value)))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise MessageError(Message("data.date.iso", value=repr(value)))


_THOUSANDS = re.compile(r"[0-9]{1,3}([.,][0-9]{3})+\Z")


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool):
        raise MessageError(Message("data.whole.expected", value=repr(value)))
    if isinstance(value, str) and _THOUSANDS.match(value.strip()):
        plain = value.strip().replace(".", "").replace(",", "")
        raise MessageError(Message("data.whole.thousands", value=repr(value.strip()), plain=plain))
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        if len(value.strip()) > _MAX_DIGITS:  # int() would refuse past Python's digit limit
            raise MessageError(Message("data.whole.beyond", value=_short(value), low=str(INT64_MIN), high=str(INT64_MAX)))
        value = int(value.strip())
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise MessageError(Message("data.whole.beyond", value=str(value), low=str(INT64_MIN), high=str(INT64_MAX)))
        return value
    raise MessageError(Message("data.whole.expected", value=_short(value)))


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise MessageError(Message("data.text.expected", value=_short(value)))
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise MessageError(Message("data.text.surrogate", value=_short(value))) from None
    if size > MAX_TEXT_BYTES:
        raise MessageError(Message("data.text.too-long", size=size, limit=MAX_TEXT_BYTES, value=_short(value)))
    hidden = _HIDDEN.search(value.strip(TRIMMED))
    if hidden is not None:
        raise MessageError(
            Message(
                "data.text.hidden",
                character=_character(hidden.group()),
                at=hidden.start() + 1,
                value=_short(value.strip(TRIMMED)),
            )
        )
    return value


#: Characters refused in data text: control characters, invisible format characters
#: (zero-width spaces and joiners, bidi controls, the BOM, soft hyphens…) and the line and
#: paragraph separators. Text shown to people must be what it looks like.
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)

#: What is trimmed from the ends of a text value: white space, but not the control and
#: separator characters refused anywhere else (a vertical tab, a form feed, U+0085, U+2028…
#: at an end is refused too, not silently cut); tabs and line ends are trimmed.
TRIMMED = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and (c in "\t\n\r" or not _HIDDEN.match(c)))


def _character(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: a character named so a person can find it."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}"


def _short(value: Any) -> str:
    # Messages quote the bad value, but not all of a 1 MB one.
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:50]}… ({len(text):,} characters)"


_converter.register_structure_hook(dt.date, _structure_date)
_converter.register_structure_hook(int, _structure_int)
_converter.register_structure_hook(str, _structure_str)
# The attrs validator names the field and the allowed values better than cattrs' Literal check.
_converter.register_structure_hook_func(lambda t: t == SubjectKind, _structure_str)

T = TypeVar("T")


def _structure(record: Mapping[str, Any], cls: type[T]) -> T:
    """cattrs, with empty cells as missing values and every field's problem in one message.
    Raises :class:`~rallyrules.text.MessageError` (a ValueError) whose messages say each."""
    if not isinstance(record, Mapping):
        raise MessageError(Message("data.record.not-mapping", type=type(record).__name__, value=_short(record)))
    cleaned = {k: v for k, v in record.items() if not (v is None or (isinstance(v, str) and not v.strip()))}
    fields = attrs.fields(cls)  # type: ignore[arg-type]
    names = {f.name for f in fields}
    unknown = sorted(set(cleaned) - names)
    missing = sorted(f.name for f in fields if f.default is attrs.NOTHING and f.name not in cleaned)
    problems = [Message("data.record.unknown-field", field=Column(k)) for k in unknown]
    problems += [Message("data.record.missing", field=Column(k)) for k in missing]
    if problems:
        raise MessageError(*problems)
    try:
        return _converter.structure(cleaned, cls)
    except cattrs.ClassValidationError as exc:
        raise MessageError(*_messages(exc)) from None


def _messages(exc: BaseException) -> list[Message]:
    if isinstance(exc, cattrs.ClassValidationError):
        out: list[Message] = []
        for sub in exc.exceptions:
            note = next((n for n in getattr(sub, "__notes__", []) if "@ attribute" in n), "")
            field = note.rsplit("@ attribute", 1)[-1].strip() if note else ""
            out += [Message("data.field", field=Column(field), problem=m) if field else m for m in _messages(sub)]
        return out
    if isinstance(exc, MessageError):
        return list(exc.messages)
    return [_validator_message(exc)]


_BOUND = re.compile(r"'(?P<field>[^']+)' must be (?P<op>>=|<=|>|<) (?P<bound>\S+): (?P<value>.*)\Z", re.DOTALL)
_LENGTH = re.compile(r"Length of '(?P<field>[^']+)' must be >= (?P<bound>\S+): (?P<value>.*)\Z", re.DOTALL)


def _validator_message(exc: BaseException) -> Message:
    """attrs' own validators' words as a catalog message: ``in_`` puts the field, the allowed
    values and the value in args; ``ge`` and ``min_len`` say it in their text."""
    args = exc.args
    if len(args) == 4 and isinstance(args[1], attrs.Attribute):
        options = [Quoted(o) for o in args[2]]
        return Message("data.value.one-of", field=Column(args[1].name), options=options, value=repr(args[3]))
    text = str(exc)
    bound, length = _BOUND.match(text), _LENGTH.match(text)
    if bound is not None and bound["op"] == ">=":
        return Message("data.value.at-least", field=Column(bound["field"]), bound=bound["bound"], value=bound["value"])
    if length is not None:
        return Message("data.value.length", field=Column(length["field"]), bound=length["bound"], value=length["value"])
    return Message("text.raw", text=text)
