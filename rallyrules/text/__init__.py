"""Every text a person reads, in Vietnamese or English: one catalog of messages and the
locale conventions of numbers, percentages, ratios and dates (CLDR, through Babel).

Messages are looked up by code (:func:`t`), with named parameters; the language is chosen
where a text is shown, never where it is made. Numbers and dates follow CLDR for the
locale (``vi``: ``39.779``, ``98,18%``, ``05/04/2024``); machine formats (JSON, Parquet)
stay ISO and UTC and never pass through here.

The language of a command is :func:`resolve_lang`: an explicit choice, else the
``RALLYRULES_LANG`` environment variable, else the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``: ``vi…`` is Vietnamese), else English.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any, Literal

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal as _format_decimal
from babel.numbers import format_percent as _format_percent

from .messages import MESSAGES

__all__ = [
    "LANGS",
    "LOCAL_TIME_ZONE",
    "Column",
    "Lang",
    "Message",
    "MessageError",
    "Named",
    "Quoted",
    "date",
    "engine_name",
    "local_time",
    "long_date",
    "number",
    "percent",
    "ratio",
    "render",
    "resolve_lang",
    "t",
]

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
#: Times shown to people are in Vietnam's time zone (UTC+7, no daylight saving).
LOCAL_TIME_ZONE = "Asia/Ho_Chi_Minh"
ENV_LANG = "RALLYRULES_LANG"


def resolve_lang(lang: str | None = None) -> Lang:
    """The language to show texts in: ``lang`` if given, else ``$RALLYRULES_LANG``, else the
    locale's (``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG``; ``vi_VN.UTF-8`` is Vietnamese), else
    English. Raises ValueError for a language other than ``vi`` or ``en``."""
    if lang is None:
        lang = os.environ.get(ENV_LANG) or None
    if lang is None:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = os.environ.get(name)
            if value:  # the first one set decides, as for gettext
                lang = "vi" if value.lower().startswith("vi") else "en"
                break
    lang = (lang or "en").strip().lower()
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' or 'en' (got {lang!r})")
    return lang


def _check(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'vi' or 'en' (got {lang!r})")
    return lang


def t(code: str, lang: str, /, **params: Any) -> str:
    """The message ``code`` in ``lang``, with ``params`` filled in (``{name}`` fields).

    Raises KeyError for an unknown code: every text has an entry in :data:`MESSAGES`."""
    return MESSAGES[code][_check(lang)].format(**params)


def number(value: int | Decimal, lang: str) -> str:
    """A whole number with the locale's grouping: ``39.779`` (vi), ``39,779`` (en)."""
    return str(_format_decimal(value, format="#,##0", locale=_check(lang)))


def _floor(value: Fraction, places: int) -> Decimal:
    """``value`` rounded toward minus infinity to ``places`` decimals, exactly."""
    scale = 10**places
    return Decimal(value.numerator * scale // value.denominator).scaleb(-places)


def percent(value: Fraction | int, lang: str, places: int = 2) -> str:
    """A share as a percentage, rounded *down* to ``places`` decimals (so 100% is shown
    only when reached: 99.996% reads ``99,99%``) and without trailing zeros:
    ``98,18%``, ``97,5%``, ``60%`` (vi); ``98.18%`` (en)."""
    share = _floor(Fraction(value) * 100, places) / 100
    pattern = "#,##0" + ("." + "#" * places if places else "") + "%"
    return str(
        _format_percent(share.quantize(Decimal(1).scaleb(-places - 2), rounding=ROUND_FLOOR), pattern, locale=_check(lang))
    )


def ratio(of: int, to: int, lang: str) -> str:
    """Counts and their share, the one ratio format everywhere: ``54/55 (98,18%)``.
    With ``to`` not above 0 the share is undefined and only the counts are shown."""
    counts = f"{number(of, lang)}/{number(to, lang)}"
    return f"{counts} ({percent(Fraction(of, to), lang)})" if to > 0 else counts


def date(day: dt.date, lang: str) -> str:
    """A date in tables: ``05/04/2024`` (vi), ``5 Apr 2024`` (en)."""
    return str(_format_date(day, "dd/MM/yyyy" if _check(lang) == "vi" else "d MMM y", locale=lang))


def long_date(day: dt.date, lang: str) -> str:
    """A date in prose, as Vietnamese administrative documents write it (Nghị định
    30/2020/NĐ-CP, Phụ lục I: a leading 0 for days below 10 and for months 1 and 2):
    ``ngày 05 tháng 4 năm 2024``, ``ngày 15 tháng 02 năm 2025``; in English ``5 April 2024``."""
    if _check(lang) == "vi":
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return str(_format_date(day, "d MMMM y", locale="en"))


def engine_name(engine: str, lang: str) -> str:
    """The engine that decided, as a reader says it: the pure-Python evaluator in words
    (``bộ đánh giá Python của rallyrules``); durable_rules by its name and version, a
    product's name. ``engine`` is :attr:`rallyrules.Evaluation.engine` (the receipt's)."""
    if engine.startswith("python"):
        return t("text.engine.python", lang)
    return engine


def local_time(moment: dt.datetime | str, lang: str) -> str:
    """A moment (aware, or ISO 8601 text with an offset) in Vietnam's time:
    ``29/11/2026 15:30 (GMT+7)``."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        raise ValueError("a moment to show must carry its time zone")
    pattern = "dd/MM/yyyy HH:mm" if _check(lang) == "vi" else "d MMM y HH:mm"
    return f"{_format_datetime(moment, pattern, tzinfo=zoneinfo.ZoneInfo(LOCAL_TIME_ZONE), locale=lang)} (GMT+7)"


# -- messages kept as codes and parameters, rendered where they are shown -------------------------


class Message:
    """A text as a catalog code and its parameters, rendered in a language only when shown:
    what problems, findings and ledger details keep, so that one object reads in
    Vietnamese or English. ``str()`` is the English text.

    A parameter is rendered by :func:`render` (numbers grouped, dates, yes/no, nested
    messages, lists); text is taken as it is."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message {code!r} in the catalog")
        self.code = code
        self.params = params

    def in_(self, lang: str) -> str:
        """The message in ``lang``."""
        return t(self.code, lang, **{k: render(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.in_("en")

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.code, self.params) == (other.code, other.params)

    __hash__ = None  # type: ignore[assignment]


class Quoted(str):
    """Text shown in quotes, as a value typed by someone (an id, a cell): ``'BCD-916'``."""

    __slots__ = ()


class Named(str):
    """An id with its name (a level, an indicator, a role…): shown ``'district'`` in
    English, as ids are typed, and ``'Cấp huyện' (district)`` in Vietnamese, where the name
    is what an office writes (data files accept the pack's names for ids)."""

    label: Any

    def __new__(cls, ident: str, label: Any) -> Named:
        made = super().__new__(cls, ident)
        made.label = label  # a rallyrules.model.Text, or anything with in_(lang)
        return made


class Column(str):
    """A column of an input table, by its English name: shown ``'quota'`` in English and by
    the Vietnamese heading the library writes for it, with the name, in Vietnamese
    (``'Chỉ tiêu' (quota)``; :data:`rallyrules.tables.HEADINGS_VI`)."""

    __slots__ = ()


def render(value: Any, lang: str) -> str:
    """A message parameter as text in ``lang``: a :class:`Message` in that language; an int
    with the locale's grouping (``3.880``); a date ``dd/mm/yyyy`` (vi); a Fraction as a
    percentage; True/False as ``có``/``không``; :class:`Quoted` text in quotes; a list or
    tuple item by item, messages joined by ``; ``, other values by ``, ``; other text as it is."""
    if isinstance(value, Message):
        return value.in_(lang)
    if isinstance(value, Quoted):
        return f"'{value}'"
    if isinstance(value, Named):
        name = value.label.in_(lang) if lang == "vi" else ""
        return f"'{name}' ({value})" if name and name != str(value) else f"'{value}'"
    if isinstance(value, Column):
        if _check(lang) == "vi":
            from ..tables import HEADINGS_VI

            heading = HEADINGS_VI.get(str(value))
            if heading is not None:
                return f"'{heading}' ({value})"
        return f"'{value}'"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return t("text.yes" if value else "text.no", lang)
    if isinstance(value, int):
        return number(value, lang)
    if isinstance(value, dt.datetime):
        return local_time(value, lang) if value.tzinfo is not None else str(value)
    if isinstance(value, dt.date):
        return date(value, lang)
    if isinstance(value, Fraction):
        return percent(value, lang)
    if hasattr(value, "in_") and hasattr(value, "vi"):  # a rallyrules.model.Text: the words in each language
        return str(value.in_(lang))
    if isinstance(value, (list, tuple)):
        separator = "; " if value and all(isinstance(v, Message) for v in value) else ", "
        return separator.join(render(v, lang) for v in value)
    return str(value)


class MessageError(ValueError):
    """A ValueError whose words are catalog messages (``messages``), so that whoever shows it
    can show it in Vietnamese or English; ``str()`` is the English text, ``; ``-joined."""

    def __init__(self, *messages: Message) -> None:
        self.messages: tuple[Message, ...] = messages
        super().__init__("; ".join(m.in_("en") for m in messages))

    def in_(self, lang: str) -> str:
        """The messages in ``lang``, ``; ``-joined."""
        return "; ".join(m.in_(lang) for m in self.messages)
