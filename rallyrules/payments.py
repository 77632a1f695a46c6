"""Coverage end dates from payment records, by the rules of a payment-coverage pack.

BHXH exports often say how a person paid rather than until when they are covered: the
voluntary-BHXH list D05-TS gives a start month (``Tuthang``) and a number of months
(``Sothang``); household BHYT gives the payment day and whether it renews a card. The
rules that turn a payment into a last day covered come from the insurance laws, not from
a campaign plan, so they live in their own pack (``rules/payment-coverage/``), each with
its legal source, its interpretations and a note to verify it before relying on it.

The code knows two kinds of record and the situations of each; every number (months
allowed, days added, the gap that breaks continuity) is data:

- ``start-month``: covered from the first day of the start month;
- ``payment-date``: covered from the payment day, or the day after the old card's
  expiry, plus a number of days, by situation (first time, renewal before expiry,
  renewal after a short or a long gap).

Either way the last day covered is ``start + months − minus_days`` (see :func:`period_end`).
:func:`enrolments_from_payments` turns payment rows into enrolment records with their
``covered_until``, refusing every bad row with its reason (see ``docs/payments.md``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import attrs
import jsonschema
from dateutil.relativedelta import relativedelta

from . import tables
from ._bundled import bundled_rules_root
from ._validation import _schema_problems
from ._yaml import YamlDocument, load_yaml
from .errors import DataError, Problem, RulePackError
from .facts import Enrolment, _nfc, _nfc_or_none, _non_empty, _structure, record_fields
from .model import Interpretation, Text

__all__ = [
    "Coverage",
    "LawCitation",
    "PaymentPack",
    "PaymentRecord",
    "PaymentRule",
    "StartCase",
    "coverage",
    "coverage_end",
    "enrolments_from_payments",
    "load_payment_pack",
    "months_later",
    "payment_pack_schema",
    "period_end",
    "read_payments",
]

Situation = Literal["always", "first-time", "renewal-before-expiry", "renewal-after-short-gap", "renewal-after-long-gap"]
_SITUATIONS: dict[str, tuple[str, ...]] = {
    "start-month": ("always",),
    "payment-date": ("first-time", "renewal-before-expiry", "renewal-after-short-gap", "renewal-after-long-gap"),
}
#: The record columns each kind of record uses (the rest of a payment row is the enrolment).
_USES = {"start-month": ("start_month", "months"), "payment-date": ("paid_on", "months", "renewal", "previous_expiry")}
_MONTH = re.compile(r"(?:(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4}))\Z")
_YES = {"true", "1", "yes", "x", "co"}
_NO = {"false", "0", "no", "khong"}


# -- month arithmetic ----------------------------------------------------------------------


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; when that month has no such day (31/01 + 1 month),
    the first day of the month after, so that whole months are never cut short."""
    later: dt.date = day + relativedelta(months=months)
    if later.day != day.day:  # relativedelta clipped 31/02 to the month's last day
        later += dt.timedelta(days=1)
    return later


def period_end(start: dt.date, months: int, minus_days: int = 1) -> dt.date:
    """The last day of ``months`` paid from ``start``: ``months_later(start, months) −
    minus_days``. 05/06 + 6 months ends 04/12; 01/03 + 12 months ends on 28/02 or 29/02;
    31/08 + 6 months ends on the last day of February."""
    return months_later(start, months) - dt.timedelta(days=minus_days)


# -- the pack ------------------------------------------------------------------------------------


@attrs.frozen
class LawCitation:
    """A provision of law and what it says, in a summary (a paraphrase, not a quote)."""

    law: str
    article: str
    summary: Text
    clause: str | None = None
    point: str | None = None

    def __str__(self) -> str:
        # Vietnamese order, smallest first: "điểm a khoản 2 Điều 87".
        parts = (
            [f"điểm {self.point}"] * bool(self.point) + [f"khoản {self.clause}"] * bool(self.clause) + [f"Điều {self.article}"]
        )
        return f"{self.law}, {' '.join(parts)}"


@attrs.frozen
class StartCase:
    """In one situation, the first day covered: ``anchor`` (``start-month``, ``paid_on``
    or ``previous_expiry``) plus ``plus_days``."""

    when: Situation
    anchor: str
    plus_days: int
    says: Text
    source: tuple[LawCitation, ...] = ()


@attrs.frozen
class PaymentRule:
    """How the payments of one scheme date its coverage."""

    id: str
    scheme: str
    outside_plan: str
    title: Text
    statement: Text
    record: Literal["start-month", "payment-date"]
    months_allowed: tuple[int, ...]
    multiples_of: int | None
    at_most: int | None
    gap_months: int | None
    starts: tuple[StartCase, ...]
    minus_days: int
    source: tuple[LawCitation, ...]
    verify: Text
    interpretations: tuple[Interpretation, ...]

    def allows(self, months: int) -> bool:
        """True when ``months`` is a period that may be paid."""
        if months in self.months_allowed:
            return True
        return (
            self.multiples_of is not None
            and self.at_most is not None
            and months % self.multiples_of == 0
            and 0 < months <= self.at_most
        )

    def periods(self) -> str:
        """The periods allowed, in words: ``1, 3, 6, 12 or a multiple of 12 up to 60``."""
        words = ", ".join(str(m) for m in self.months_allowed)
        return words + (f" or a multiple of {self.multiples_of} up to {self.at_most}" if self.multiples_of else "")

    def start_case(self, when: str) -> StartCase:
        """The start rule of situation ``when`` (the loader checks each is there once)."""
        return next(c for c in self.starts if c.when == when)


@attrs.frozen(repr=False)
class PaymentPack:
    """The rules of a payment-coverage pack, one per scheme; ``digest`` is the SHA-256 of its files."""

    id: str
    title: Text
    outside_plan: str
    outside_plan_note: Text
    verify: Text
    rules: tuple[PaymentRule, ...]
    digest: str
    root: str

    def rule_for(self, scheme: str) -> PaymentRule | None:
        """The rule dating the payments of ``scheme``, if the pack has one."""
        return next((r for r in self.rules if r.scheme == scheme), None)

    def __repr__(self) -> str:
        return f"rallyrules.PaymentPack({self.id!r}, schemes={[r.scheme for r in self.rules]})"


def payment_pack_schema() -> dict[str, Any]:
    """The JSON Schema of one payment-coverage YAML file (shipped in the package)."""
    text = resources.files("rallyrules").joinpath("_schema/payment-coverage.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_payment_pack(directory: str | Path | None = None) -> PaymentPack:
    """Load and check the payment-coverage pack in ``directory`` (default: the bundled
    ``rules/payment-coverage``), read as strictly as a rule pack: no tags, anchors or
    duplicate keys, checked against its JSON Schema, then checked as a whole. Raises
    :class:`RulePackError` listing every problem with file and line."""
    root = Path(directory) if directory is not None else bundled_rules_root() / "payment-coverage"
    if not root.is_dir():
        raise RulePackError(f"cannot load payment pack {root}", [Problem("is not a folder", str(root))])
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    problems: list[Problem] = []
    documents: list[YamlDocument] = []
    validator = jsonschema.Draft202012Validator(payment_pack_schema())
    digest = hashlib.sha256()
    for path in files:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        document, found = load_yaml(raw, str(path))
        found += list(_schema_problems(validator, document)) if document is not None and not found else []
        problems += found
        if document is not None and not found:
            documents.append(document)
    pack = _build_pack(root, documents, problems, digest.hexdigest()) if not problems else None
    if problems or pack is None:
        problems = problems or [Problem("holds no .yml/.yaml files", str(root))]
        raise RulePackError(f"payment pack {root} is not valid", problems)
    return pack


def _build_pack(root: Path, documents: list[YamlDocument], problems: list[Problem], digest: str) -> PaymentPack | None:
    def problem(document: YamlDocument, path: tuple[Any, ...], message: str, rule_id: str | None = None) -> None:
        problems.append(Problem(message, document.path, document.line_of(path), rule_id))

    packs = [(d, d.data["pack"]) for d in documents if "pack" in d.data]
    if len(packs) != 1:
        where = ", ".join(d.path for d, _ in packs) or "none of its files"
        problems.append(Problem(f"a payment pack needs exactly one 'pack:' block (found in {where})", str(root)))
        return None
    rules: list[PaymentRule] = []
    seen: dict[tuple[str, str], str] = {}
    for document in documents:
        for i, item in enumerate(document.data.get("rules", [])):
            at = ("rules", i)
            for key in ("id", "scheme"):
                if (key, item[key]) in seen:
                    problem(
                        document, at + (key,), f"{key} '{item[key]}' has a rule already (in {seen[key, item[key]]})", item["id"]
                    )
                seen[key, item[key]] = document.path
            rule = _rule(item)
            situations = [c.when for c in rule.starts]
            expected = list(_SITUATIONS[rule.record])
            if sorted(situations) != sorted(expected):
                message = f"a {rule.record} rule needs one start for each of {expected} (found {situations})"
                problem(document, at + ("starts",), message, rule.id)
            for j, case in enumerate(rule.starts):
                # Only start-month records have a start month; a first time has no old card.
                wrong_anchor = (case.anchor == "start-month") != (rule.record == "start-month")
                if wrong_anchor or (case.when == "first-time" and case.anchor == "previous_expiry"):
                    message = f"'{case.when}' cannot count from '{case.anchor}' in a {rule.record} rule"
                    problem(document, at + ("starts", j, "from"), message, rule.id)
            if (rule.gap_months is None) != (rule.record != "payment-date"):
                problem(document, at, "'gap_months' is needed by payment-date rules and only by them", rule.id)
            rules.append(rule)
    if not rules:
        problems.append(Problem("a payment pack needs at least one rule", str(root)))
    data = packs[0][1]
    outside = data["outside_plan"]
    return PaymentPack(
        data["id"], _text(data["title"]), outside["plan"], Text(outside["vi"], outside["en"]), _text(data["verify"]),
        tuple(rules), digest, str(root),
    )  # fmt: skip


def _text(data: Mapping[str, str]) -> Text:
    return Text(data["vi"], data["en"])


def _citations(items: Iterable[Mapping[str, Any]]) -> tuple[LawCitation, ...]:
    return tuple(LawCitation(c["law"], c["article"], _text(c["summary"]), c.get("clause"), c.get("point")) for c in items)


def _rule(item: Mapping[str, Any]) -> PaymentRule:
    months = item["months"]
    starts = tuple(
        StartCase(s["when"], s["from"], s["plus_days"], _text(s["says"]), _citations(s.get("source", ()))) for s in item["starts"]
    )
    return PaymentRule(
        item["id"], item["scheme"], item["outside_plan"], _text(item["title"]), _text(item["statement"]), item["record"],
        tuple(months["allowed"]), months.get("multiples_of"), months.get("at_most"), item.get("gap_months"), starts,
        item["ends"]["minus_days"], _citations(item["source"]), _text(item["verify"]),
        tuple(
            Interpretation(i["id"], _text(i["question"]), _text(i["choice"]), _text(i["reason"])) for i in item["interpretations"]
        ),
    )  # fmt: skip


# -- payment records -> coverage -------------------------------------------------------------------


def _optional_months(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 1:
        raise ValueError(f"'{attribute.name}' must be at least 1 (got {value})")


@attrs.frozen
class PaymentRecord:
    """One payment row: the enrolment it makes, and how it was paid.

    ``start_month`` is ``YYYY-MM`` or ``MM/YYYY`` (voluntary BHXH's ``Tuthang``);
    ``months`` the number of months paid (``Sothang``); ``paid_on`` the payment day;
    ``renewal`` whether it renews a card (true/false, 1/0, có/không) and
    ``previous_expiry`` that card's last day. Which of these a scheme needs is its rule's.
    """

    enrolment_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    person_id: str = attrs.field(converter=_nfc, validator=_non_empty)
    scheme: str = attrs.field(converter=_nfc, validator=_non_empty)
    enrolled_on: dt.date = attrs.field()
    credited_to: str = attrs.field(converter=_nfc, validator=_non_empty)
    credited_individual: str | None = attrs.field(default=None, converter=_nfc_or_none)
    start_month: str | None = attrs.field(default=None, converter=_nfc_or_none)
    months: int | None = attrs.field(default=None, validator=_optional_months)
    paid_on: dt.date | None = None
    renewal: str | None = attrs.field(default=None, converter=_nfc_or_none)
    previous_expiry: dt.date | None = None

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> PaymentRecord:
        """Build from a plain record (dates as ISO text or dates; see :func:`enrolments_from_payments`
        for spreadsheet rows)."""
        return _structure(record, cls)


@attrs.frozen
class Coverage:
    """The coverage a payment buys: first and last day covered, by which rule and situation."""

    start: dt.date
    end: dt.date
    rule_id: str
    situation: str


def coverage(record: PaymentRecord | Mapping[str, Any], pack: PaymentPack) -> Coverage:
    """The coverage bought by one payment record (a :class:`PaymentRecord`, or a row of
    cells read like a spreadsheet's). Raises ValueError naming everything missing or wrong."""
    if not isinstance(record, PaymentRecord):
        cells, header = _by_column(record)
        if header:
            raise ValueError("; ".join(header))
        record = _record(cells)
    rule = pack.rule_for(record.scheme)
    if rule is None:
        raise ValueError(
            f"no payment rule for scheme '{record.scheme}'; the payment pack has rules for {[r.scheme for r in pack.rules]}"
        )
    wrong: list[str] = []
    unused = [
        f for f in ("start_month", "renewal", "previous_expiry") if f not in _USES[rule.record] and getattr(record, f) is not None
    ]
    if unused:
        wrong.append(
            f"{unused} not used for scheme '{rule.scheme}' (its coverage follows {list(_USES[rule.record])}); leave them empty"
        )
    if record.months is None:
        wrong.append("missing 'months' (the number of months paid)")
    elif not rule.allows(record.months):
        wrong.append(f"'months': {record.months} is not a period that may be paid for '{rule.scheme}' ({rule.periods()})")
    try:
        if rule.record == "start-month":
            if record.start_month is None:
                raise ValueError("missing 'start_month' (YYYY-MM or MM/YYYY)")
            situation, anchor = "always", _first_of_month(record.start_month)
        else:
            situation, anchor = _situation(rule, record)
    except ValueError as exc:
        wrong.append(str(exc))
    if wrong:
        raise ValueError("; ".join(wrong))
    assert record.months is not None
    start = anchor + dt.timedelta(days=rule.start_case(situation).plus_days)
    return Coverage(start, period_end(start, record.months, rule.minus_days), rule.id, situation)


def coverage_end(record: PaymentRecord | Mapping[str, Any], pack: PaymentPack) -> dt.date:
    """The last day covered by one payment record (see :func:`coverage`)."""
    return coverage(record, pack).end


def _situation(rule: PaymentRule, record: PaymentRecord) -> tuple[str, dt.date]:
    """For a payment-date record: its situation and the day its start counts from."""
    if record.paid_on is None:
        raise ValueError("missing 'paid_on' (the payment day)")
    if record.renewal is None:
        raise ValueError("missing 'renewal' (true for a renewal, false for a first time)")
    renewal = _yes_no(record.renewal)
    if not renewal:
        if record.previous_expiry is not None:
            raise ValueError("'previous_expiry' is given but 'renewal' is false; a first time has no previous card")
        return "first-time", record.paid_on
    if record.previous_expiry is None:
        raise ValueError("missing 'previous_expiry' (the old card's last day), needed for a renewal")
    if record.paid_on <= record.previous_expiry:
        case = rule.start_case("renewal-before-expiry")
    else:
        assert rule.gap_months is not None  # the loader requires it of payment-date rules
        long_gap = record.paid_on >= months_later(record.previous_expiry + dt.timedelta(days=1), rule.gap_months)
        case = rule.start_case("renewal-after-long-gap" if long_gap else "renewal-after-short-gap")
    return case.when, record.previous_expiry if case.anchor == "previous_expiry" else record.paid_on


def _yes_no(text: str) -> bool:
    key = tables.plain_key(text)
    if key in _YES or key in _NO:
        return key in _YES
    raise ValueError(f"'renewal': expected true or false (1/0, có/không), got {text!r}")


def _first_of_month(text: str) -> dt.date:
    match = _MONTH.match(text.strip())
    if match:
        year, month = (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
        if 1 <= month <= 12:
            return dt.date(year, month, 1)
    raise ValueError(f"'start_month': expected a month as YYYY-MM or MM/YYYY, got {text!r}")


def _record(cells: Mapping[str, Any]) -> PaymentRecord:
    # Spreadsheets turn "05/2024" into the date 01/05/2024 and "TRUE" into a boolean.
    cells = dict(cells)
    month = cells.get("start_month")
    if isinstance(month, dt.date):
        if (isinstance(month, dt.datetime) and month.time() != dt.time(0)) or month.day != 1:
            raise ValueError(f"'start_month': expected a month, got the day {month:%d/%m/%Y}")
        cells["start_month"] = f"{month:%Y-%m}"
    if isinstance(cells.get("renewal"), bool):
        cells["renewal"] = "true" if cells["renewal"] else "false"
    return tables.fact_from_cells(PaymentRecord, cells)


# -- rows -> enrolment records ----------------------------------------------------------------------


def _by_column(row: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A row keyed by English or Vietnamese headings (as :func:`read_payments` reads them) ->
    its cells keyed by column, and what is wrong with its headings (unknown, repeated)."""
    # Every column optional here: a missing value is the row's problem, said by from_record.
    fields = {name: (kind, False) for name, (kind, _) in record_fields(PaymentRecord).items()}
    columns, matched = tables.match_columns(tuple(row), fields)
    cells = {c: value for c, value in zip(columns, row.values(), strict=True) if c is not None}
    return cells, [str(m) for m in matched]


def enrolments_from_payments(
    rows: Iterable[Mapping[str, Any]], pack: PaymentPack, *, source: str = "<payments>"
) -> list[dict[str, Any]]:
    """Enrolment records (the columns of ``enrolments.csv``, ``covered_until`` computed)
    from payment rows: dicts or DataFrame records keyed by the English or Vietnamese
    column names (``Tuthang``, ``Sothang``…), cells as in a spreadsheet. Raises
    :class:`DataError` naming every bad row (``source[i]``) with its reasons."""
    numbered: list[tables.Row] = []
    refused: dict[tuple[str, ...], tuple[int, list[str], int]] = {}  # columns -> (first row, problems, rows)
    for i, row in enumerate(rows):
        cells, header = _by_column(row)
        if header:
            keys = tuple(row)
            first, _, count = refused.get(keys, (i, header, 0))
            refused[keys] = (first, header, count + 1)
            continue
        numbered.append((f"{source}[{i}]", None, cells))
    # Rows with the same wrong columns (every row of one export) are reported once.
    problems = [
        Problem(
            f"payment record: {'; '.join(header)}" + (f" ({count} rows with these columns)" if count > 1 else ""),
            f"{source}[{first}]",
        )
        for first, header, count in refused.values()
    ]
    return _enrolments(numbered, pack, problems, source)


def read_payments(path: str | Path, pack: PaymentPack) -> list[dict[str, Any]]:
    """:func:`enrolments_from_payments` of a file (``.csv``, ``.xlsx`` or ``.parquet``),
    every bad row named with the file and its row (the header is row 1)."""
    path = Path(path)
    rows, problems = tables.read_table(path, record_fields(PaymentRecord))
    return _enrolments(rows, pack, problems, str(path))


def _enrolments(rows: Iterable[tables.Row], pack: PaymentPack, problems: list[Problem], source: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for where, line, cells in rows:
        try:
            record = _record(cells)
            covered = coverage(record, pack)
            enrolment = Enrolment(
                record.enrolment_id, record.person_id, record.scheme, record.enrolled_on, record.credited_to,
                covered.end, record.credited_individual,
            )  # fmt: skip
        except ValueError as exc:
            problems.append(Problem(f"payment record: {exc}", where, line))
            continue
        out.append(attrs.asdict(enrolment))
    if problems:
        raise DataError(f"bad payment records in {source}", problems)
    return out
