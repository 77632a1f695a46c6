"""Every hypothesis strategy of the verification tests, with its bounds, in one place.

Used by ``tests/test_differential.py``, ``tests/test_invariants.py`` and
``tests/test_fuzz.py`` (see ``docs/verification.md``).

Profiles
--------
Two profiles are registered here and one is loaded when this module is imported:

- ``ci`` (default): the number of examples of each property is fixed (``examples(n)``
  gives ``n``), sized so that the three verification files run in well under a minute
  on two cores; no deadline (the engine's first call registers a ruleset).
- ``long``: every property runs ``LONG_FACTOR`` times as many examples (the fuzz
  targets too). Select it by hand with ``RALLYRULES_HYPOTHESIS_PROFILE=long``.

What the tests expect is never read from the rule pack under test: the dates, rates and
day counts of the plan are read from the plan's own text (``PLAN``), so that a rule pack
that drifts from the plan fails them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from rallyrules.facts import FACT_KINDS, fact_field_types

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_PACK = ROOT / "rules" / "can-tho-2023"

# -- profiles ---------------------------------------------------------------------------

PROFILE_ENV = "RALLYRULES_HYPOTHESIS_PROFILE"
LONG_FACTOR = 25
settings.register_profile(
    "ci",
    deadline=None,
    print_blob=True,
    # The explain phase traces every line a failing case runs: minutes per failure here.
    phases=[p for p in Phase if p is not Phase.explain],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=100 * LONG_FACTOR)
PROFILE = os.environ.get(PROFILE_ENV, "ci")
if PROFILE not in ("ci", "long"):
    raise RuntimeError(f"{PROFILE_ENV} must be 'ci' or 'long' (found {PROFILE!r})")
settings.load_profile(PROFILE)


def examples(ci: int) -> int:
    """The number of examples of a property: ``ci`` in the ci profile, ``ci × LONG_FACTOR`` in long."""
    return ci * LONG_FACTOR if PROFILE == "long" else ci


def property_settings(ci: int, **kwargs: Any) -> settings:
    """``@settings`` for one property, with its fixed number of examples."""
    return settings(max_examples=examples(ci), deadline=None, **kwargs)


# -- the plan's own words: what the tests expect ------------------------------------------

PLAN = unicodedata.normalize("NFC", (BUNDLED_PACK / "plan-38-KH-BCD.txt").read_text("utf-8"))
_VN_DATE = r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})"


def _vn_date(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), int(month), int(day))


def _one(pattern: str) -> re.Match[str]:
    found = list(re.finditer(pattern, PLAN))
    assert len(found) == 1, f"the plan should say {pattern!r} exactly once (found {len(found)})"
    return found[0]


@dataclass(frozen=True)
class PlanFacts:
    """What the plan (38/KH-BCĐ) itself says, read from its text with regular expressions."""

    periods: dict[int, tuple[dt.date, dt.date]]  # wave -> (first day, last day), both included
    rallies: dict[int, dt.date]
    coverage_through: dt.date  # "có giá trị đến hết ngày ..."
    completion_rate: Fraction  # "đạt 100% trở lên"
    collective_cap: Fraction  # "tỷ lệ không quá 10% đối với tập thể"
    individual_cap: Fraction  # "... và 5% đối với cá nhân"
    list_days_before: int  # "trước mỗi đợt ra quân 05 ngày"
    district_reports: dict[int, dt.date]  # "Đợt 1: báo cáo trước ngày ..."
    city_reports: dict[int, dt.date]  # "BHXH thành phố tổng hợp, báo cáo ... trước ngày ..."
    bang_khen_giay_khen: int  # "phải có ít nhất 01 Giấy khen trong các đợt ra quân"
    bang_khen_target_rate: Fraction  # "đạt 100% trả lên chỉ tiêu thực hiện BHYT, BHXH, BHTN năm 2023"


def _plan_facts() -> PlanFacts:
    periods = {}
    for match in re.finditer(r"- Đợt (\d): Thi đua.*?Thời gian đợt thi đua tính từ " + _VN_DATE + " đến hết " + _VN_DATE, PLAN):
        periods[int(match[1])] = (_vn_date(*match.group(2, 3, 4)), _vn_date(*match.group(5, 6, 7)))
    rallies = {
        int(m[1]): _vn_date(*m.group(2, 3, 4))
        for m in re.finditer(r"Đợt (\d): lúc 08 giờ 00 phút, (?:thứ bảy, )?" + _VN_DATE, PLAN)
    }
    caps = _one(r"tỷ lệ không quá (\d+)% đối với tập thể và (\d+)% đối với cá nhân\)\.")
    district = {int(m[1]): _vn_date(*m.group(2, 3, 4)) for m in re.finditer(r"Đợt (\d): báo cáo trước " + _VN_DATE, PLAN)}
    city = [_vn_date(*m.group(1, 2, 3)) for m in re.finditer(r"báo cáo Ban Chỉ đạo thành phố trước " + _VN_DATE, PLAN)]
    facts = PlanFacts(
        periods=periods,
        rallies=rallies,
        coverage_through=_vn_date(*_one(r"thời hạn tham gia phải có giá trị đến hết " + _VN_DATE).groups()),
        completion_rate=Fraction(int(_one(r"Chỉ đạo thực hiện đạt (\d+)% trở lên")[1]), 100),
        collective_cap=Fraction(int(caps[1]), 100),
        individual_cap=Fraction(int(caps[2]), 100),
        list_days_before=int(_one(r"trước mỗi đợt ra quân (\d+) ngày")[1]),
        district_reports=district,
        city_reports=dict(enumerate(city, 1)),
        bang_khen_giay_khen=int(_one(r"phải có ít nhất (\d+) Giấy khen trong các đợt ra quân")[1]),
        bang_khen_target_rate=Fraction(int(_one(r"đạt (\d+)% trả lên chỉ tiêu thực hiện BHYT, BHXH, BHTN")[1]), 100),
    )
    assert (
        sorted(facts.periods)
        == sorted(facts.rallies)
        == sorted(facts.district_reports)
        == sorted(facts.city_reports)
        == [1, 2, 3]
    )
    return facts


PLAN_FACTS = _plan_facts()

# -- scalar values, with the engine's weak spots ---------------------------------------------

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Integers at the edges of what the engine (int64, and doubles inside it) represents exactly.
EDGE_INTS = (
    0, 1, -1, 2, 10, 2**31 - 1, 2**31, -(2**31), 2**32, 2**53, 2**53 + 1, -(2**53) - 1,
    2**62, 2**62 + 1, -(2**62), INT64_MAX - 1, INT64_MAX, INT64_MIN, INT64_MIN + 1,
)  # fmt: skip
#: Beyond int64: a rule pack with such a literal must be refused (CompileError), a fact a DataError.
BEYOND_INT64 = (2**63, 2**63 + 1, 2**64, INT64_MIN - 1, 10**30, -(10**30))
#: Vietnamese words as the plan writes them (NFC); the tests also send their NFD forms.
VIETNAMESE = (
    "Cần Thơ", "Ô Môn", "Phong Điền", "Ninh Kiều", "Bình Thủy", "Cái Răng", "Thốt Nốt", "Vĩnh Thạnh",
    "thành phố", "quận", "huyện", "xã", "phường", "Đợt", "Giấy khen", "Bằng khen", "Nguyễn Thị Ánh",
    "Trần Văn Ẩn", "Bưu điện", "tổ chức dịch vụ thu", "ầ", "ỗ", "Ư", "đ",
)  # fmt: skip
#: Text the engine might treat specially: empty, quotes, escapes, its own '$' keywords, NUL.
ODD_TEXT = ("", " ", "city", "district", "D1", 'a"b', "a\\b", "$gt", "$or", "$s", "a\x00b", "😀", "\t", "ß", "İ", "ﬁ")
#: Longest generated text, in characters. Text of 65,536 UTF-8 bytes or more breaks the
#: engine's string comparison and is refused (facts.MAX_TEXT_BYTES; tested at its edge in
#: test_differential); kept well below here.
MAX_TEXT = 200


def one_in(draw: st.DrawFn, n: int) -> bool:
    """True about once in ``n`` draws. (The rare case is the largest number: hypothesis
    favours small ones, and shrinks towards the common case.)"""
    return draw(st.integers(1, n)) == n


def nfd(text: str) -> str:
    """The decomposed (NFD) form of ``text``: how Vietnamese is often typed."""
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_VIET_LETTERS = "".join(sorted(set("".join(VIETNAMESE)) - {" "})) + "abcdeghiklmnopqrstuvxy0123456789-_ "

texts_nfc = st.one_of(
    st.sampled_from(VIETNAMESE + ODD_TEXT),
    st.text(alphabet=_VIET_LETTERS, max_size=12).map(nfc),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=MAX_TEXT).map(nfc),
)
#: Text in either normal form (rule literals may be typed in NFD; the loader makes them NFC).
texts_any_form = st.tuples(texts_nfc, st.booleans()).map(lambda t: nfd(t[0]) if t[1] else t[0])


def rule_file_text(text: str) -> str:
    """``text`` as a rule file may hold it (docs/rule-format.md, "Characters and sizes"):
    without the characters it refuses, and each word in one script (the letters of other
    scripts than its first letter's are left out). Records may hold any text; rule files not."""
    from confusable_homoglyphs import categories

    from rallyrules._yaml import refused_character

    words = []
    for word in "".join(ch for ch in text if refused_character(ch) is None).split(" "):
        first = next(
            (categories.alias(ch) for ch in word if ch.isalpha() and categories.alias(ch) not in ("COMMON", "INHERITED")), None
        )
        words.append("".join(ch for ch in word if not ch.isalpha() or categories.alias(ch) in (first, "COMMON", "INHERITED")))
    return " ".join(words)


#: Text literals of generated rule files: any text, as a rule file may hold it, in either normal form.
rule_texts_any_form = st.tuples(texts_nfc.map(rule_file_text).map(nfc), st.booleans()).map(lambda t: nfd(t[0]) if t[1] else t[0])
ints_in_range = st.one_of(st.sampled_from(EDGE_INTS), st.integers(-1000, 1000), st.integers(INT64_MIN, INT64_MAX))


@st.composite
def rates(draw: st.DrawFn) -> tuple[str, Fraction]:
    """A rate as written (``"12.5%"`` or ``"3/7"``) and its exact value.

    Bounds: percentages 0–1000 with at most 3 decimals, fractions with terms ≤ 10,000
    (rates whose exact terms exceed int64 are refused by a pinned test, not generated here).
    """
    kind = draw(st.sampled_from(["edge", "percent", "fraction"]))
    if kind == "edge":
        return draw(st.sampled_from([("100%", Fraction(1)), ("0%", Fraction(0)), ("10%", Fraction(1, 10)), ("5%", Fraction(1, 20)), ("1/3", Fraction(1, 3)), ("2/3", Fraction(2, 3)), ("150%", Fraction(3, 2))]))  # fmt: skip
    if kind == "percent":
        whole = draw(st.integers(0, 1000))
        decimals = draw(st.sampled_from(["", "5", "25", "125", "333", "0"]))
        text = f"{whole}.{decimals}%" if decimals else f"{whole}%"
        return text, Fraction(Decimal(text[:-1])) / 100
    num, den = draw(st.integers(0, 10_000)), draw(st.integers(1, 10_000))
    return f"{num}/{den}", Fraction(num, den)


def rate_value(text: str) -> Fraction:
    """The exact value of a rate as the format defines it (an implementation independent of the library's)."""
    if text.endswith("%"):
        return Fraction(Decimal(text[:-1])) / 100
    num, den = text.split("/")
    return Fraction(int(num), int(den))


# -- generated rule packs ---------------------------------------------------------------------

#: The condition language as docs/rule-format.md states it (checked against the code by a test).
DOC_OPERATORS = {
    "integer": {"at_least", "more_than", "at_most", "less_than", "equals", "not_equals", "one_of", "none_of"},
    "date": {"at_least", "more_than", "at_most", "less_than", "equals", "not_equals", "one_of", "none_of"},
    "text": {"equals", "not_equals", "one_of", "none_of"},
    "boolean": {"equals", "not_equals"},
    "rate": {"at_least", "more_than", "at_most", "less_than"},
}
ALL_OPERATORS = sorted(DOC_OPERATORS["integer"])
MEMBERSHIP = {"one_of", "none_of"}
FIELD_TYPES = {kind: fact_field_types(kind) for kind in FACT_KINDS}
#: Generated rule packs cite a line the plan has (section II.5.c).
CITATION = {"document": "38/KH-BCĐ", "section": "II.5.c", "quote": "Khen thưởng:"}

#: Bounds of generated rule packs (the "weak spot" tests go beyond them on purpose).
MAX_RULES = 6
MAX_CONDITIONS = 4
MAX_WHEN = 2
MAX_MEMBERS = 6  # values of a one_of/none_of list: the engine hangs near 510 per fact kind (pinned bug)
MAX_RATIOS_PER_RULE = 4  # the engine refuses 14 (error 113, pinned bug)


@dataclass(frozen=True)
class CondSpec:
    """One generated condition, as written in the rule file."""

    id: str
    op: str
    fact: str | None = None
    ratio: tuple[str, str] | None = None
    value: Any = None  # as written: int, str (maybe NFD), bool, rate text, or a list
    param: str | None = None
    extra: tuple[tuple[str, Any], ...] = ()  # further keys, written as they are (to break a condition)

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.ratio is not None:
            out["ratio"] = {"of": self.ratio[0], "to": self.ratio[1]}
        if self.fact is not None:
            out["fact"] = self.fact
        out["op"] = self.op
        if self.param is not None:
            out["param"] = self.param
        else:
            out["value"] = self.value
        out.update(self.extra)
        out["says"] = {"vi": "điều kiện " + self.id, "en": "condition " + self.id}
        return out


@dataclass(frozen=True)
class ParamSpec:
    id: str
    type: str
    value: Any  # as written

    def to_yaml(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "value": self.value,
            "title": {"vi": "tham số", "en": "parameter"},
            "source": dict(CITATION),
        }


@dataclass(frozen=True)
class RuleSpec:
    id: str
    kind: str
    conditions: tuple[CondSpec, ...]
    when: tuple[CondSpec, ...] = ()
    award: str | None = None

    def to_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "title": {"vi": "Quy tắc " + self.id, "en": "Rule " + self.id},
            "applies_to": self.kind,
        }
        if self.award is not None:
            out["award"] = self.award
        out["source"] = dict(CITATION)
        out["statement"] = {"vi": "Quy tắc sinh tự động", "en": "A generated rule"}
        if self.when:
            out["when"] = [c.to_yaml() for c in self.when]
        out["conditions"] = [c.to_yaml() for c in self.conditions]
        out["interpretations"] = []
        return out


@dataclass(frozen=True)
class PackSpec:
    """A generated rules file (and its parameters), and what the generator broke on purpose."""

    rules: tuple[RuleSpec, ...]
    params: tuple[ParamSpec, ...] = ()
    broken: str | None = None  # None: a valid pack; else what is wrong (a RulePackError is expected)

    @property
    def kinds(self) -> list[str]:
        return sorted({r.kind for r in self.rules})

    def param(self, ident: str) -> ParamSpec:
        return next(p for p in self.params if p.id == ident)


class _NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_text(dumper: Any, data: str) -> yaml.ScalarNode:
    # PyYAML writes NEL and other line breaks raw in plain/single-quoted text, where YAML
    # reads them as line breaks (folded to a space): write such text double-quoted.
    special = any(c in "\x85\u2028\u2029" or not c.isprintable() for c in data)
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"' if special else None)


_NoAliases.add_representer(str, _represent_text)


def dump_yaml(data: Any) -> str:
    """Block-style YAML the strict loader reads back (quoted dates, no anchors)."""
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)


RULES_FILE = "zz-generated-rules.yaml"
PARAMS_FILE = "zz-generated-parameters.yaml"
#: The files of the bundled pack a generated pack starts from (the rules, caps, deadlines
#: and rosters of the bundled pack are left out unless asked for).
BASE_FILES = ("pack.yaml", "calendar.yaml", "counting.yaml", "labels.yaml", "parameters.yaml", "plan-38-KH-BCD.txt")


def write_pack(spec: PackSpec, directory: Path, *, whole_bundled_pack: bool = False) -> Path:
    """Write ``spec`` as a pack folder: the bundled base files plus the generated files."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.iterdir():
        stale.unlink()
    sources = sorted(p.name for p in BUNDLED_PACK.iterdir() if p.is_file()) if whole_bundled_pack else BASE_FILES
    for name in sources:
        raw = (BUNDLED_PACK / name).read_bytes()
        if not whole_bundled_pack and name.endswith(".yaml") and b"alternatives:" in raw:
            # Other readings change bundled rules a generated pack leaves out.
            raw = dump_yaml(_without_alternatives(yaml.safe_load(raw))).encode()
        (directory / name).write_bytes(raw)
    (directory / RULES_FILE).write_text(dump_yaml({"rules": [r.to_yaml() for r in spec.rules]}), "utf-8")
    if spec.params:
        (directory / PARAMS_FILE).write_text(dump_yaml({"parameters": [p.to_yaml() for p in spec.params]}), "utf-8")
    return directory


def _without_alternatives(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_alternatives(v) for k, v in node.items() if k != "alternatives"}
    if isinstance(node, list):
        return [_without_alternatives(v) for v in node]
    return node


def _literal(type_: str, beyond: bool) -> st.SearchStrategy[Any]:
    if type_ == "integer":
        if beyond:  # in a pack allowed values beyond int64: one literal in five
            return st.integers(1, 5).flatmap(lambda k: st.sampled_from(BEYOND_INT64) if k == 5 else ints_in_range)
        return ints_in_range
    if type_ == "text":
        return rule_texts_any_form
    if type_ == "boolean":
        return st.booleans()
    raise AssertionError(type_)


@st.composite
def _condition(draw: st.DrawFn, kind: str, ident: str, params: list[ParamSpec], ratios_left: int, domain: Mapping[str, Any] | None,
               beyond: bool) -> CondSpec:  # fmt: skip
    fields = FIELD_TYPES[kind]
    integers = sorted(f for f, t in fields.items() if t == "integer")
    if ratios_left > 0 and one_in(draw, 4):
        of, to = draw(st.sampled_from(integers)), draw(st.sampled_from(integers))
        op = draw(st.sampled_from(sorted(DOC_OPERATORS["rate"])))
        text, _ = draw(rates())
        if draw(st.booleans()):
            param = ParamSpec(f"gp-{len(params)}", "rate", text)
            params.append(param)
            return CondSpec(ident, op, ratio=(of, to), param=param.id)
        return CondSpec(ident, op, ratio=(of, to), value=text)
    name = draw(st.sampled_from(sorted(fields)))
    type_ = fields[name]
    op = draw(st.sampled_from(sorted(DOC_OPERATORS[type_])))
    literal = _literal(type_, beyond) if domain is None or name not in domain else domain[name]
    if op in MEMBERSHIP:
        values = draw(st.lists(literal, min_size=1, max_size=MAX_MEMBERS))
        if values and one_in(draw, 5):  # a value listed twice (or as its NFC/NFD twin)
            twin = values[0]
            values.append(nfd(twin) if isinstance(twin, str) else twin)
        return CondSpec(ident, op, fact=name, value=values)
    value = draw(literal)
    if one_in(draw, 4):
        param = ParamSpec(f"gp-{len(params)}", type_, value)
        params.append(param)
        return CondSpec(ident, op, fact=name, param=param.id)
    return CondSpec(ident, op, fact=name, value=value)


@st.composite
def _rule(draw: st.DrawFn, ident: str, kind: str, params: list[ParamSpec], max_conditions: int, max_when: int,
          domain: Mapping[str, Any] | None, awards: Mapping[str, str] | None, beyond: bool) -> RuleSpec:  # fmt: skip
    ratios_left = MAX_RATIOS_PER_RULE
    tests: list[CondSpec] = []
    n_when = draw(st.integers(0, max_when))
    n_cond = draw(st.integers(1, max_conditions))
    for i in range(n_when + n_cond):
        prefix = "w" if i < n_when else "c"
        condition = draw(_condition(kind, f"{prefix}{i}", params, ratios_left, domain, beyond))
        ratios_left -= condition.ratio is not None
        tests.append(condition)
    award = None
    if awards and kind in awards and draw(st.booleans()):
        award = awards[kind]
    return RuleSpec(ident, kind, tuple(tests[n_when:]), tuple(tests[:n_when]), award)


#: What ``_break`` can do to a valid pack; each must be a RulePackError naming the file and line.
BREAKS = (
    "operator-for-type", "unknown-operator", "unknown-field", "unknown-kind", "value-type", "membership-scalar",
    "empty-list", "list-for-single", "param-type", "param-membership", "unknown-param", "ratio-of-text",
    "fact-and-ratio", "value-and-param",
)  # fmt: skip


def _break(draw: st.DrawFn, rules: list[RuleSpec], params: list[ParamSpec]) -> str:
    """Break one condition of one rule in place; returns what was broken."""
    how = draw(st.sampled_from(BREAKS))
    r = draw(st.integers(0, len(rules) - 1))
    rule = rules[r]
    fields = FIELD_TYPES[rule.kind]
    texts = sorted(f for f, t in fields.items() if t == "text")
    ints = sorted(f for f, t in fields.items() if t == "integer")
    bools = sorted(f for f, t in fields.items() if t == "boolean")
    cid = "broken"
    if how == "operator-for-type":
        if bools and draw(st.booleans()):
            op = draw(st.sampled_from(["at_least", "less_than", "one_of"]))
            c = CondSpec(cid, op, fact=bools[0], value=[True] if op == "one_of" else True)
        else:
            c = CondSpec(
                cid,
                draw(st.sampled_from(["at_least", "more_than", "at_most", "less_than"])),
                fact=draw(st.sampled_from(texts)),
                value="x",
            )
    elif how == "unknown-operator":
        c = CondSpec(cid, draw(st.sampled_from(["greater_than", "is", "==", "between", "At_least", ""])), fact=ints[0], value=1)
    elif how == "unknown-field":
        c = CondSpec(cid, "equals", fact=draw(st.sampled_from(["quotas", "count", "subject", "attested_by", "x_1"])), value=1)
    elif how == "unknown-kind":
        rules[r] = RuleSpec(
            rule.id,
            draw(st.sampled_from(["collective_wave", "collective", "wave", "Collective-Wave"])),
            rule.conditions,
            rule.when,
        )
        return how
    elif how == "value-type":
        c = draw(st.sampled_from([
            CondSpec(cid, "equals", fact=ints[0], value="0"), CondSpec(cid, "equals", fact=ints[0], value=True),
            CondSpec(cid, "equals", fact=texts[0], value=5), CondSpec(cid, "equals", fact=texts[0], value=False),
            CondSpec(cid, "at_least", ratio=(ints[0], ints[-1]), value=1), CondSpec(cid, "at_least", ratio=(ints[0], ints[-1]), value="ten"),
            CondSpec(cid, "at_least", ratio=(ints[0], ints[-1]), value="1/0"),
        ] + ([CondSpec(cid, "equals", fact=bools[0], value=1), CondSpec(cid, "equals", fact=bools[0], value="true")] if bools else [])))  # fmt: skip
    elif how == "membership-scalar":
        c = CondSpec(cid, draw(st.sampled_from(sorted(MEMBERSHIP))), fact=ints[0], value=3)
    elif how == "empty-list":
        c = CondSpec(cid, draw(st.sampled_from(sorted(MEMBERSHIP))), fact=texts[0], value=[])
    elif how == "list-for-single":
        c = CondSpec(cid, "equals", fact=ints[0], value=[1, 2])
    elif how == "param-type":
        param = ParamSpec(f"gp-{len(params)}", "text", "mười")
        params.append(param)
        c = CondSpec(cid, "equals", fact=ints[0], param=param.id)
    elif how == "param-membership":
        param = ParamSpec(f"gp-{len(params)}", "integer", 1)
        params.append(param)
        c = CondSpec(cid, "one_of", fact=ints[0], param=param.id)
    elif how == "unknown-param":
        c = CondSpec(cid, "equals", fact=ints[0], param="no-such-parameter")
    elif how == "ratio-of-text":
        c = CondSpec(cid, "at_least", ratio=(texts[0], ints[0]), value="100%")
    elif how == "fact-and-ratio":
        c = CondSpec(cid, "at_least", fact=ints[0], ratio=(ints[0], ints[-1]), value="100%")
    else:  # value-and-param
        c = CondSpec(cid, "equals", fact=ints[0], param="minimum-giay-khen-for-bang-khen", extra=(("value", 1),))
    rules[r] = RuleSpec(rule.id, rule.kind, rule.conditions + (c,), rule.when, rule.award)
    return how


@st.composite
def rule_packs(
    draw: st.DrawFn,
    *,
    kinds: Sequence[str] = tuple(FACT_KINDS),
    min_rules: int = 1,
    max_rules: int = MAX_RULES,
    max_conditions: int = MAX_CONDITIONS,
    max_when: int = MAX_WHEN,
    broken_share: int = 3,
    beyond_share: int = 8,
    domain: Mapping[str, st.SearchStrategy[Any]] | None = None,
    awards: Mapping[str, str] | None = None,
) -> PackSpec:
    """A generated rules file over every operator and fact type the format allows.

    Bounds: ``min_rules``–``max_rules`` rules over ``kinds``; each with 0–``max_when``
    ``when`` tests and 1–``max_conditions`` conditions (at most ``MAX_RATIOS_PER_RULE``
    ratios); membership lists of 1–``MAX_MEMBERS`` values. One pack in ``broken_share``
    (0: none) has one condition broken on purpose (``PackSpec.broken``); in one pack in
    ``beyond_share`` (0: none) a fifth of the integer literals are beyond int64. ``domain`` maps a
    field to the strategy of its literals (default: any value of its type, int64 edges,
    beyond int64, NFC and NFD text); ``awards`` maps a fact kind to an award its rules may give.
    """
    params: list[ParamSpec] = []
    n = draw(st.integers(min_rules, max_rules))
    beyond = bool(beyond_share) and one_in(draw, beyond_share)
    rules = []
    for i in range(n):
        kind = draw(st.sampled_from(list(kinds)))
        rules.append(draw(_rule(f"gen-{i}", kind, params, max_conditions, max_when, domain, awards, beyond)))
    broken = None
    if broken_share and one_in(draw, broken_share):
        broken = _break(draw, rules, params)
    return PackSpec(tuple(rules), tuple(params), broken)


# -- what a rule file says, evaluated straight from the spec (the oracle) ----------------------


def _typed(spec: PackSpec, c: CondSpec, type_: str) -> Any:
    raw = spec.param(c.param).value if c.param is not None else c.value
    if type_ == "rate":
        return rate_value(raw)
    if isinstance(raw, list):
        return [nfc(v) if isinstance(v, str) else v for v in raw]
    return nfc(raw) if isinstance(raw, str) else raw


def oracle_holds(spec: PackSpec, kind: str, c: CondSpec, fact: Mapping[str, Any]) -> bool:
    """Whether ``c`` holds for ``fact``, by docs/rule-format.md ("Conditions: exact semantics")."""
    if c.ratio is not None:
        of, to = fact[c.ratio[0]], fact[c.ratio[1]]
        if to <= 0:
            return False  # undefined: holds for no operator
        found: Any = Fraction(of, to)
        required = _typed(spec, c, "rate")
    else:
        assert c.fact is not None
        found = fact[c.fact]
        required = _typed(spec, c, FIELD_TYPES[kind][c.fact])
    return {
        "at_least": lambda: found >= required,
        "more_than": lambda: found > required,
        "at_most": lambda: found <= required,
        "less_than": lambda: found < required,
        "equals": lambda: found == required,
        "not_equals": lambda: found != required,
        "one_of": lambda: any(found == v for v in required),
        "none_of": lambda: all(found != v for v in required),
    }[c.op]()


def oracle_decisions(
    spec: PackSpec, facts: Sequence[tuple[str, Mapping[str, Any]]]
) -> list[tuple[int, str, bool, tuple[str, ...]]]:
    """(fact index, rule id, holds, failed condition ids) for every rule that applies, in order."""
    out = []
    for ref, (kind, values) in enumerate(facts):
        for rule in spec.rules:
            if rule.kind != kind or not all(oracle_holds(spec, kind, w, values) for w in rule.when):
                continue
            failed = tuple(c.id for c in rule.conditions if not oracle_holds(spec, kind, c, values))
            out.append((ref, rule.id, not failed, failed))
    return out


def beyond_int64(value: int) -> bool:
    return not INT64_MIN <= value <= INT64_MAX


def compile_refusal_expected(spec: PackSpec) -> list[str]:
    """Why the engine must refuse ``spec`` (CompileError), by docs/engine.md; [] if it must not."""
    why = []
    for rule in spec.rules:
        for c in rule.when + rule.conditions:
            if c.ratio is None and FIELD_TYPES[rule.kind][c.fact or ""] == "integer":  # type: ignore[index]
                raw = spec.param(c.param).value if c.param is not None else c.value
                values = raw if isinstance(raw, list) else [raw]
                if any(beyond_int64(v) for v in values):
                    why.append(f"{rule.id}/{c.id}: integer beyond int64")
    per_kind: dict[str, int] = {}
    for rule in spec.rules:
        per_kind[rule.kind] = per_kind.get(rule.kind, 0) + 1
    why += [f"{k}: {n} rules > 64" for k, n in per_kind.items() if n > 64]
    return why


def engine_overflow_expected(spec: PackSpec, facts: Sequence[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """Fact values the engine cannot hold exactly (a DataError is expected from it). The
    engine is sent each fact's projection on the fields its kind's rules read, so only
    those fields count."""
    why = []
    for kind, values in facts:
        if kind not in spec.kinds:
            continue
        read = {
            name for rule in spec.rules if rule.kind == kind for c in rule.when + rule.conditions
            for name in (c.ratio if c.ratio is not None else (c.fact,)) if name is not None
        }  # fmt: skip
        for name, value in values.items():
            if name in read and FIELD_TYPES[kind][name] == "integer" and beyond_int64(value):
                why.append(f"{kind}.{name} = {value}")
        for rule in spec.rules:
            for c in rule.when + rule.conditions:
                if rule.kind == kind and c.ratio is not None:
                    rate = _typed(spec, c, "rate")
                    derived = values[c.ratio[0]] * rate.denominator - rate.numerator * values[c.ratio[1]]
                    if beyond_int64(derived):
                        why.append(
                            f"{rule.id}/{c.id}: {c.ratio[0]}*{rate.denominator} - {rate.numerator}*{c.ratio[1]} = {derived}"
                        )
    return why


# -- generated facts -----------------------------------------------------------------------


def _interesting(spec: PackSpec, kind: str) -> dict[str, list[Any]]:
    """Per field, the values a condition of ``spec`` compares it with, and their neighbours."""
    out: dict[str, list[Any]] = {}
    for rule in spec.rules:
        if rule.kind != kind:
            continue
        for c in rule.when + rule.conditions:
            if c.fact is None or (c.param is not None and not any(p.id == c.param for p in spec.params)):
                continue
            type_ = FIELD_TYPES[kind].get(c.fact)
            if type_ is None:
                continue
            raw = spec.param(c.param).value if c.param is not None else c.value
            for v in raw if isinstance(raw, list) else [raw]:
                if type_ == "integer" and isinstance(v, int) and not isinstance(v, bool):
                    out.setdefault(c.fact, []).extend(x for x in (v - 1, v, v + 1) if not beyond_int64(x))
                elif type_ == "text" and isinstance(v, str):
                    out.setdefault(c.fact, []).append(nfc(v))
    return out


@st.composite
def facts_for(draw: st.DrawFn, spec: PackSpec, *, max_facts: int = 12, beyond_share: int = 8, small: bool = False) -> list[Any]:
    """Facts (the library's fact classes) of the kinds ``spec`` decides on, built to sit on
    its boundaries: each value a literal of the pack, its neighbour, a small number, an
    int64 edge, or any; ratio fields placed just below, on and above the rate. In one list
    in ``beyond_share`` (0: none), one fact has an integer beyond int64 (the engine must
    refuse it with a DataError).

    Bounds: 1–``max_facts`` facts; text as the library builds it (NFC), ≤ ``MAX_TEXT`` chars;
    with ``small``, integers within ±10**6 only (no int64 edges).
    """
    kinds = spec.kinds or list(FACT_KINDS)
    # A field of a ratio condition holding an int64 edge overflows the engine's integer
    # form of the ratio (a DataError for the whole call): only in one list in four.
    huge_ratios = not small and one_in(draw, 4)
    out = []
    for _ in range(draw(st.integers(1, max_facts))):
        kind = draw(st.sampled_from(kinds))
        near = _interesting(spec, kind)
        in_ratios = {name for r in spec.rules if r.kind == kind for c in r.when + r.conditions if c.ratio for name in c.ratio}
        values: dict[str, Any] = {}
        for name, type_ in FIELD_TYPES[kind].items():
            if type_ == "integer":
                modest = small or (name in in_ratios and not huge_ratios)
                close = [v for v in near.get(name, []) if not modest or abs(v) <= 10**6]
                choices = (
                    ([] if modest else [ints_in_range])
                    + [st.integers(-3, 30), st.integers(-3, 30)]
                    + ([st.sampled_from(close)] * 3 if close else [])
                )
                values[name] = draw(st.one_of(*choices))
            elif type_ == "text":
                choices = [texts_nfc] + ([st.sampled_from(near[name])] * 3 if near.get(name) else [])
                values[name] = draw(st.one_of(*choices))
            else:
                values[name] = draw(st.booleans())
        ratios = [
            c
            for r in spec.rules
            if r.kind == kind
            for c in r.when + r.conditions
            if c.ratio is not None and c.ratio[0] != c.ratio[1]
        ]
        ratios = [c for c in ratios if c.param is None or any(p.id == c.param for p in spec.params)]
        if ratios and draw(st.integers(0, 2)):
            c = draw(st.sampled_from(ratios))
            rate = _typed(spec, c, "rate")
            to = draw(
                st.one_of(
                    st.integers(-2, 40),
                    st.integers(-2, 40),
                    st.sampled_from([10**6, 2**40, 2**53 + 1] if huge_ratios else [10**6]),
                )
            )
            exact = rate * to
            values[c.ratio[1]] = to  # type: ignore[index]
            values[c.ratio[0]] = exact.numerator // exact.denominator + draw(st.integers(-1, 2))  # type: ignore[index]
        out.append((kind, values))
    if beyond_share and one_in(draw, beyond_share):
        kind, victim = draw(st.sampled_from(out))
        ints = [n for n, t in FIELD_TYPES[kind].items() if t == "integer"]
        victim[draw(st.sampled_from(ints))] = draw(st.sampled_from(BEYOND_INT64))
    return [FACT_KINDS[kind](**values) for kind, values in out]


# -- generated data sets for the bundled pack ----------------------------------------------------

SCHEMES_WITH_COVERAGE = ("bhxh-tu-nguyen", "bhyt-ho-gia-dinh")
SCHEMES = SCHEMES_WITH_COVERAGE + ("bhxh-bat-buoc",)
SCOPES = ("D1", "D2", "Ô Môn")
INDICATORS = ("bhyt", "bhxh-bat-buoc", "bhxh-tu-nguyen", "bhtn")
DEADLINES = ("participant-list", "district-report", "city-report")
ROSTER_ROLES = ("bhxh-officials", "post-office", "collector", "mobile-team", "consulting-group")  # the first three at both levels
DAY = dt.timedelta(days=1)


def _boundary_days() -> list[dt.date]:
    days = []
    for start, end in PLAN_FACTS.periods.values():
        days += [start - DAY, start, start + DAY, end - DAY, end, end + DAY]
    return days


BOUNDARY_DAYS = tuple(_boundary_days())
enrolment_days = st.one_of(st.sampled_from(BOUNDARY_DAYS), st.dates(dt.date(2023, 4, 1), dt.date(2023, 11, 30)))
coverage_days = st.one_of(
    st.none(),
    st.sampled_from([PLAN_FACTS.coverage_through - DAY, PLAN_FACTS.coverage_through, PLAN_FACTS.coverage_through + DAY]),
    st.dates(dt.date(2023, 6, 1), dt.date(2024, 12, 31)),
)


def subject_record(subject_id: str, kind: str, level: str, parent: str | None, scope: str | None, name: str) -> dict[str, Any]:
    return {"subject_id": subject_id, "name": name, "kind": kind, "level": level, "parent_id": parent, "scope": scope}


@st.composite
def seasons(
    draw: st.DrawFn,
    *,
    max_subjects: int = 10,
    max_enrolments: int = 50,
    campaign_tables: bool = True,
    nfd_text: bool = True,
) -> dict[str, list[dict[str, Any]]]:
    """Records (for ``Dataset.from_records``) consistent with the bundled pack's levels,
    waves, schemes, deadlines, roster roles and indicators.

    Bounds: 1–``max_subjects`` subjects (collectives and individuals, city and district
    level, parent chains without cycles), 0–``max_enrolments`` enrolments on the days
    around every period's ends and anywhere from April to November 2023, coverage around
    the required date, few persons (so repeats happen), a rare unknown subject; quotas
    0–12; with ``campaign_tables``, attestations, targets, submissions and roster lines.
    Names (and some ids) in NFC or NFD when ``nfd_text``.
    """
    n = draw(st.integers(1, max_subjects))
    subjects: list[dict[str, Any]] = []
    for i in range(n):
        kind = draw(st.sampled_from(["collective", "collective", "individual"]))
        level = draw(st.sampled_from(["city", "district"]))
        scope = draw(st.sampled_from(SCOPES)) if level == "district" else None
        collectives = [s["subject_id"] for s in subjects if s["kind"] == "collective"]
        parent = draw(st.sampled_from([None, *collectives])) if collectives else None
        base = draw(st.sampled_from(VIETNAMESE)) if nfd_text else "Đơn vị"
        name = nfd(base) if nfd_text and draw(st.booleans()) else base
        ident = f"{'T' if kind == 'collective' else 'N'}{i:02d}"
        if nfd_text and one_in(draw, 5):
            ident = nfd(f"Ấp-{i}") if draw(st.booleans()) else f"Ấp-{i}"
        subjects.append(
            subject_record(ident, kind, level, parent, nfd(scope) if scope and nfd_text and draw(st.booleans()) else scope, name)
        )
    ids = [s["subject_id"] for s in subjects]
    individuals = [s["subject_id"] for s in subjects if s["kind"] == "individual"]
    quotas = []
    for sid in ids:
        for wave in (1, 2, 3):
            if draw(st.integers(0, 2)):
                quotas.append({"subject_id": sid, "wave": wave, "quota": draw(st.integers(0, 12))})
    enrolments = []
    for e in range(draw(st.integers(0, max_enrolments))):
        day = draw(enrolment_days)
        until = draw(coverage_days)
        if until is not None and until < day:
            until = day
        enrolments.append({
            "enrolment_id": f"E{e:05d}",
            "person_id": f"P{draw(st.integers(0, max(3, max_enrolments // 2)))}",
            "scheme": draw(st.sampled_from(SCHEMES)),
            "enrolled_on": day.isoformat(),
            "covered_until": until.isoformat() if until else None,
            "credited_to": draw(st.sampled_from(ids)) if draw(st.integers(0, 15)) else "KHÔNG-CÓ",
            "credited_individual": draw(st.sampled_from([None, *individuals])) if individuals else None,
        })  # fmt: skip
    records: dict[str, list[dict[str, Any]]] = {"subjects": subjects, "quotas": quotas, "enrolments": enrolments}
    if campaign_tables:
        records.update(draw(_campaign_tables(subjects)))
    return records


@st.composite
def _campaign_tables(draw: st.DrawFn, subjects: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    individuals = [s["subject_id"] for s in subjects if s["kind"] == "individual"]
    attestations = [
        {"subject_id": sid, "wave": wave, "attested_by": "Giám đốc"}
        for sid in individuals for wave in (1, 2, 3) if draw(st.booleans())
    ]  # fmt: skip
    targets = []
    for s in subjects:
        if draw(st.booleans()):
            for indicator in INDICATORS:
                if draw(st.integers(0, 5)):
                    targets.append(
                        {
                            "subject_id": s["subject_id"],
                            "indicator": indicator,
                            "target": draw(st.integers(0, 20)),
                            "result": draw(st.integers(0, 25)),
                        }
                    )
    scopes = sorted({nfc(s["scope"]) for s in subjects if s["level"] == "district" and s["scope"]})
    submissions = []
    for deadline, units, anchors in (
        ("participant-list", scopes, PLAN_FACTS.rallies),
        ("district-report", scopes, PLAN_FACTS.district_reports),
        ("city-report", ["city"], PLAN_FACTS.city_reports),
    ):
        for unit in units:
            for wave, anchor in anchors.items():
                if draw(st.integers(0, 2)):
                    offset = draw(st.sampled_from([-1, 0, 1, 4, 5, 6, 10]))
                    submissions.append(
                        {
                            "deadline": deadline,
                            "wave": wave,
                            "submitter": unit,
                            "submitted_on": (anchor - offset * DAY).isoformat(),
                        }
                    )
    rosters = []
    roles = {"city": ROSTER_ROLES[:3], "district": ROSTER_ROLES}
    for unit, level in [("city", "city")] + [(s, "district") for s in scopes]:
        for wave in (1, 2, 3):
            for role in roles[level]:
                for k in range(draw(st.integers(0, 2))):
                    rosters.append(
                        {"wave": wave, "unit": unit, "role": role, "name": f"{role}-{k}", "people": draw(st.integers(0, 30))}
                    )
    return {"attestations": attestations, "targets": targets, "submissions": submissions, "rosters": rosters}


# -- malformed input, for the fuzz tests ------------------------------------------------------------


#: Ways a record value can be wrong.
WRONG_VALUES = (
    None, "", " ", 0, -1, 1.5, float("nan"), True, [], {}, ["x"], {"a": 1}, b"bytes", "9" * 5000, 10**30, -(10**30),
    "2023-02-30", "2023-13-01", "2023/05/06", "06/05/2023", "x" * 10_000, nfd("Cần Thơ"), "a\x00b", "١", "²",
    dt.datetime(2023, 5, 6, 8, 0), dt.date(2023, 5, 6), "--1", " 7 ", "\ud800",
)  # fmt: skip


def iter_strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from iter_strings(k)
            yield from iter_strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from iter_strings(v)


@dataclass
class Tally:
    """What a fuzz target produced, by outcome, for the report."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def table(self, title: str, most: int = 15) -> str:
        ordered = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        known = [kv for kv in ordered if kv[0].startswith("KNOWN BUG")]
        shown = [kv for kv in ordered if not kv[0].startswith("KNOWN BUG")][:most] + known
        rest = self.total - sum(v for _, v in shown)
        width = max([len(k) for k, _ in shown] + [10])
        lines = [f"{title}: {self.total} inputs"] + [f"  {k:<{width}} {v:>6}" for k, v in shown]
        if rest:
            lines.append(f"  {'(other outcomes)':<{width}} {rest:>6}")
        return "\n".join(lines)


#: Literals for rules added to the bundled pack and run on generated seasons: the values
#: the facts of ``seasons()`` take, their neighbours, and a few they never take.
SEASON_DOMAIN: dict[str, st.SearchStrategy[Any]] = {
    "subject_id": st.sampled_from([f"T{i:02d}" for i in range(6)] + [f"N{i:02d}" for i in range(6)] + ["Ấp-3", nfd("Ấp-3"), "X"]),
    "level": st.sampled_from(["city", "district", "Cấp huyện"]),
    "wave": st.integers(0, 4),
    "quota": st.integers(-1, 13),
    "counted": st.integers(-1, 13),
    "subject_kind": st.sampled_from(["collective", "individual", "tập thể"]),
    "wave_awards": st.integers(0, 4),
    "indicators_missing": st.integers(0, 5),
    "worst_result": st.integers(0, 26),
    "worst_target": st.integers(0, 21),
    "worst_indicator": st.sampled_from(["", "bhyt", "bhxh-tu-nguyen", "bhyt+bhtn", "x"]),
    "wave_eligible": st.integers(0, 4),
    "total_result": st.integers(0, 60),
    "total_target": st.integers(0, 50),
    "unit_quota": st.integers(-1, 13),
    "unit_counted": st.integers(-1, 13),
    "submitter": st.sampled_from(["city", "D1", "D2", "Ô Môn", nfd("Ô Môn"), "D9"]),
    "deadline": st.sampled_from([*DEADLINES, "báo-cáo"]),
    "days_before": st.integers(-3, 12),
    "unit": st.sampled_from(["city", "D1", "D2", "Ô Môn", nfd("Ô Môn")]),
    "role": st.sampled_from([*ROSTER_ROLES, "x"]),
    "lines": st.integers(0, 3),
    "people": st.integers(0, 61),
    "smallest": st.integers(0, 31),
}
#: Awards generated rules may give when added to the bundled pack (its caps rank by these kinds' fields).
SEASON_AWARDS = {"collective-wave": "giay-khen", "individual-wave": "giay-khen", "subject-year": "bang-khen"}


@st.composite
def capped_seasons(draw: st.DrawFn, *, max_collectives: int = 25, max_individuals: int = 42) -> dict[str, list[dict[str, Any]]]:
    """A season where the caps bite: many city-level and district-level (scope D1)
    collectives and city-level individuals, each with a quota of 1–3 in every wave and 0–4
    counted enrolments per wave, attestations, and year targets (some of them large, near
    2**27, so that rankings by ratio are close).

    Bounds: 0–``max_collectives`` collectives per level, 0–``max_individuals`` individuals.
    """
    subjects = []
    for level, scope, n in (
        ("city", None, draw(st.integers(0, max_collectives))),
        ("district", "D1", draw(st.integers(0, max_collectives))),
    ):
        subjects += [
            subject_record(f"{level[0].upper()}{i:02d}", "collective", level, None, scope, f"Tập thể {i}") for i in range(n)
        ]
    collectives = [s["subject_id"] for s in subjects]
    individuals = [
        subject_record(
            f"N{i:02d}", "individual", "city", draw(st.sampled_from(collectives)) if collectives else None, None, f"Cá nhân {i}"
        )
        for i in range(draw(st.integers(0, max_individuals)))
    ]
    subjects += individuals
    quotas, enrolments, attestations, targets = [], [], [], []
    for s in subjects:
        for wave, (start, end) in PLAN_FACTS.periods.items():
            quotas.append({"subject_id": s["subject_id"], "wave": wave, "quota": draw(st.integers(1, 3))})
            for _ in range(draw(st.integers(0, 4))):
                day = draw(st.sampled_from([start, end, start + (end - start) // 2]))
                individual = s["subject_id"] if s["kind"] == "individual" else None
                credited = s["parent_id"] if individual else s["subject_id"]
                if credited is None:
                    continue
                enrolments.append({
                    "enrolment_id": f"E{len(enrolments):05d}", "person_id": f"P{len(enrolments):05d}", "scheme": "bhxh-bat-buoc",
                    "enrolled_on": day.isoformat(), "covered_until": None, "credited_to": credited, "credited_individual": individual,
                })  # fmt: skip
            if s["kind"] == "individual" and draw(st.integers(0, 3)):
                attestations.append({"subject_id": s["subject_id"], "wave": wave, "attested_by": "Giám đốc BHXH"})
        if draw(st.integers(0, 2)):
            big = draw(st.booleans())
            for indicator in INDICATORS:
                target = draw(st.integers(2**27 - 3, 2**27) if big else st.integers(1, 20))
                targets.append(
                    {
                        "subject_id": s["subject_id"],
                        "indicator": indicator,
                        "target": target,
                        "result": max(0, target + draw(st.sampled_from([0, 0, 1, 2, 3, -1]))),
                    }
                )
    return {"subjects": subjects, "quotas": quotas, "enrolments": enrolments, "attestations": attestations, "targets": targets}
