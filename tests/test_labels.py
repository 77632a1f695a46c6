"""What reviewers read is in both languages, and every fact, field and value has a name.

- the loader refuses a pack (rule pack or payment pack) in which any text it requires in
  Vietnamese and English lacks one of them, naming the file and line (property-based:
  any bilingual field of the bundled packs);
- every field a rule or cap uses has a label; a kind, field or value the block names that
  does not exist is refused with a suggestion;
- the names of fields, units, ratios and values come from the pack through
  ``RulePack.field_label`` and friends, and a missing name shows the raw id visibly;
- the input vocabulary maps each value's Vietnamese (and English) name, in NFC or NFD and
  any case, to its id, and a name that would mean two values is refused when the pack loads.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import rallyrules as rr
from rallyrules._bundled import bundled_rules_root
from rallyrules._yaml import load_yaml
from rallyrules.facts import FACT_KINDS, fact_field_types
from rallyrules.model import VOCABULARY_COLUMNS, missing_label, vocabulary_key
from rallyrules.payments import load_payment_pack

from . import strategies as s
from .conftest import PACK_DIR

HERE = Path(__file__).resolve().parent
OTHER_PACK = HERE / "packs" / "another-2024"
PAYMENT_PACK = bundled_rules_root() / "payment-coverage"


def _bilingual(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every mapping that gives the same words in Vietnamese and English."""
    out = []
    if isinstance(data, dict):
        if isinstance(data.get("vi"), str) and isinstance(data.get("en"), str):
            out.append(path)
        for key, value in data.items():
            out += _bilingual(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _bilingual(value, path + (i,))
    return out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


#: (pack folder, file, path of a bilingual mapping) for every such mapping of the bundled packs.
TARGETS = [
    (folder, path.name, where)
    for folder in (PACK_DIR, PAYMENT_PACK)
    for path in _files(folder)
    for where in _bilingual(yaml.safe_load(path.read_text("utf-8")))
]


def test_the_packs_have_bilingual_texts_everywhere_reviewers_read() -> None:
    """Interpretations, out-of-scope reasons, labels and condition wording are all there."""
    kinds = {where[-1] for _, _, where in TARGETS if isinstance(where[-1], str)}
    assert {"question", "choice", "reason", "out_of_scope", "says", "about", "undefined", "unit"} <= kinds
    assert len(TARGETS) > 400


def _load(copy: Path, original: Path) -> Any:
    return load_payment_pack(copy) if original == PAYMENT_PACK else rr.load_rule_pack(copy)


@s.property_settings(40)
@given(target=st.sampled_from(TARGETS), lang=st.sampled_from(["vi", "en"]))
def test_a_text_without_one_of_its_languages_is_refused_with_file_and_line(
    target: tuple[Path, str, tuple[Any, ...]], lang: str
) -> None:
    """Drop 'vi' or 'en' from any bilingual text of the bundled packs: the pack does not
    load, and the error names the file and the line of that text."""
    folder, name, where = target
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy)
        data = yaml.safe_load((copy / name).read_text("utf-8"))
        node = data
        for key in where:
            node = node[key]
        del node[lang]
        text = s.dump_yaml(data)
        (copy / name).write_text(text, "utf-8")
        document, found = load_yaml(text, str(copy / name))
        assert document is not None and not found
        with pytest.raises(rr.RulePackError) as caught:
            _load(copy, folder)
    problems = [p for p in caught.value.problems if p.path == str(copy / name)]
    assert any(f"missing the required key '{lang}'" in p.message and p.line == document.line_of(where) for p in problems), str(
        caught.value
    )


@pytest.mark.parametrize("folder", [PACK_DIR, OTHER_PACK])
def test_every_field_a_rule_or_cap_uses_has_a_label_and_every_ratio_its_words(folder: Path) -> None:
    """The bundled packs name every field their rules and caps use, give a unit to every
    count and the words of every ratio (also when it is undefined)."""
    pack = rr.load_rule_pack(folder)
    for rule in pack.rules:
        labels = pack.labels_of(rule.applies_to)
        assert labels is not None
        for condition in (*rule.when, *rule.conditions):
            fields = [condition.fact] if condition.ratio is None else [condition.ratio.of, condition.ratio.to]
            for field in fields:
                assert labels.field(str(field)) is not None, (rule.id, field)
            if condition.ratio is not None:
                assert pack.ratio_undefined(rule.applies_to, condition.ratio.of, condition.ratio.to) is not None
    for kind in FACT_KINDS:  # the bundled packs name every field of every kind, ids included
        assert {f.field for f in pack.labels_of(kind).fields} == set(fact_field_types(kind))  # type: ignore[union-attr]
    assert pack.unit("collective-wave", "counted") == rr.Text("người", "people")
    assert pack.unit("collective-wave", "subject_id") is None


def _edit(tmp_path: Path, name: str, old: str, new: str) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    path = target / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "old", "new", "words", "where"),
    [
        ("labels.yaml", '        quota: {vi: "Chỉ tiêu được giao của đợt", en: "Quota for the wave", unit: {vi: "người", en: "people"}}\n',
         "", "field 'quota' of collective-wave has no label", "giay-khen-tap-the.yaml"),
        ("labels.yaml", "        counted: {", "        countd: {", "'countd' is not a field of collective-wave. Did you mean 'counted'?",
         "labels.yaml"),
        ("labels.yaml", "    submission:\n", "    submision:\n", "unknown fact kind 'submision'. Did you mean 'submission'?",
         "labels.yaml"),
        ("labels.yaml", "    roster-role:\n", "    not-roster-role:\n", "the rule applies to roster-role, which 'labels: facts:' does not describe",
         "rosters.yaml"),
        ("labels.yaml", "      individual: {", "      individuel: {", "unknown subject kind 'individuel'. Did you mean 'individual'?",
         "labels.yaml"),
        ("labels.yaml", "        - of: worst_result", "        - of: wave", "ratio of 'wave', which is not an integer field",
         "labels.yaml"),
        ("rosters.yaml", '    name: {vi: "Bưu điện", en: "Post Office"}', '    name: {vi: "VIÊN CHỨC  BHXH", en: "Post Office"}',
         "'VIÊN CHỨC  BHXH' names both role 'bhxh-officials'", "rosters.yaml"),
        ("pack.yaml", '    name: {vi: "Cấp huyện", en: "District level"}', '    name: {vi: "city", en: "District level"}',
         "'city' names both level 'city'", "pack.yaml"),
    ],
)  # fmt: skip
def test_the_labels_block_is_checked(tmp_path: Path, name: str, old: str, new: str, words: str, where: str) -> None:
    """A field used without a label, an unknown kind, field, subject kind or ratio field,
    a kind a rule applies to left undescribed, and a name that would mean two values of
    one column: each refused, with its file and line."""
    target = _edit(tmp_path, name, old, new)
    with pytest.raises(rr.RulePackError) as caught:
        rr.load_rule_pack(target)
    found = [p for p in caught.value.problems if words in p.message]
    assert found, str(caught.value)
    assert any(p.path.endswith(where) for p in found) and all(p.line for p in found), str(caught.value)


def test_names_come_from_the_pack(pack: rr.RulePack) -> None:
    """Fields, ratios and values read by name; a value the pack does not name shows its raw
    id, visibly marked, never passed off as a name."""
    assert pack.field_label("collective-wave", "counted") == rr.Text("Số người tham gia được tính", "Participants counted")
    assert pack.ratio_label("subject-year", "worst_result", "worst_target").vi == "Tỷ lệ thực hiện của chỉ tiêu năm đạt thấp nhất"
    assert pack.ratio_undefined("subject-year", "worst_result", "worst_target") == rr.Text(
        "chưa được giao chỉ tiêu năm", "no year target given"
    )
    assert (
        pack.ratio_label("collective-wave", "quota", "counted").vi == "Chỉ tiêu được giao của đợt / Số người tham gia được tính"
    )
    assert pack.ratio_undefined("collective-wave", "quota", "counted") is None
    assert pack.value_label("role", "bhxh-officials") == rr.Text("Viên chức BHXH", "Social insurance officials")
    assert pack.value_label("subject_kind", "collective") == rr.Text("Tập thể", "Collective")
    assert pack.value_label("kind", "individual").vi == "Cá nhân"
    assert pack.value_label("level", "district").vi == "Cấp huyện"
    assert pack.value_label("unit", "city").vi == "Cấp thành phố"
    assert pack.value_label("scheme", "bhxh-tu-nguyen").vi == "BHXH tự nguyện"
    assert pack.value_label("indicator", "bhtn").vi == "BHTN"
    assert pack.value_label("deadline", "city-report").vi.startswith("Báo cáo tổng hợp")
    assert pack.value_label("wave", 2) == rr.Text("Đợt 2", "Wave 2")
    assert pack.value_label("award", "giay-khen").vi == "Giấy khen"
    assert (
        pack.value_label("unit", "916")
        == missing_label("916")
        == rr.Text("916 (chưa có tên trong bộ quy tắc)", "916 (no name in the rule pack)")
    )
    assert pack.field_label("collective-wave", "nope").vi == "nope (chưa có tên trong bộ quy tắc)"
    with pytest.raises(KeyError):
        pack.value_label("quota", 5)


def test_every_value_a_fact_can_hold_has_a_name_in_both_languages(pack: rr.RulePack) -> None:
    """Subject kinds, levels, roles, deadlines, schemes, indicators, waves: named in vi and en."""
    values = {
        "subject_kind": ["collective", "individual"], "level": [lv.id for lv in pack.levels],
        "role": [r.id for r in pack.roster_roles], "deadline": [d.id for d in pack.deadlines],
        "scheme": [sc.id for sc in pack.schemes], "indicator": [i.id for i in pack.targets.indicators],  # type: ignore[union-attr]
        "wave": [w.number for w in pack.waves],
    }  # fmt: skip
    for what, ids in values.items():
        for ident in ids:
            name = pack.value_label(what, ident)
            assert name != missing_label(str(ident)) and name.vi and name.en, (what, ident)


def _spellings(word: str) -> list[str]:
    nfd = unicodedata.normalize("NFD", word)
    return [word, nfd, word.upper(), unicodedata.normalize("NFD", word.upper()), word.lower(), f"  {word.title()} "]


@pytest.mark.parametrize(
    ("column", "word", "ident"),
    [
        ("kind", "Tập thể", "collective"), ("kind", "Cá nhân", "individual"), ("level", "Cấp huyện", "district"),
        ("level", "Cấp thành phố", "city"), ("scheme", "BHXH tự nguyện", "bhxh-tu-nguyen"),
        ("scheme", "BHYT hộ gia đình", "bhyt-ho-gia-dinh"), ("role", "Viên chức BHXH", "bhxh-officials"),
        ("role", "Tổ chức dịch vụ thu (khác Bưu điện)", "collector"), ("indicator", "BHXH bắt buộc", "bhxh-bat-buoc"),
        ("deadline", "Báo cáo kết quả đợt ra quân của BHXH quận, huyện", "district-report"),
        ("level", "District level", "district"), ("role", "post-office", "post-office"),
    ],
)  # fmt: skip
def test_the_input_vocabulary_maps_names_in_any_form_and_case_to_ids(
    pack: rr.RulePack, column: str, word: str, ident: str
) -> None:
    """A data file may write a value's Vietnamese (or English) name or its id, in NFC or
    NFD, in any case, with extra spaces: the vocabulary gives the id."""
    vocabulary = pack.input_vocabulary()
    assert set(vocabulary) == set(VOCABULARY_COLUMNS)
    for spelling in _spellings(word):
        assert vocabulary[column][vocabulary_key(spelling)] == ident, spelling


@given(word=st.sampled_from(["Tập thể", "Cấp huyện", "BHXH tự nguyện", "Viên chức BHXH", "Đội tuyên truyền lưu động"]),
       upper=st.lists(st.booleans(), min_size=30, max_size=30), form=st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))  # fmt: skip
def test_vocabulary_keys_ignore_case_and_unicode_form(word: str, upper: list[bool], form: str) -> None:
    """Any mix of upper and lower case in any Unicode normal form gives the same key."""
    mixed = "".join(c.upper() if u else c for c, u in zip(word, upper, strict=False)) + word[len(upper) :]
    assert vocabulary_key(unicodedata.normalize(form, mixed)) == vocabulary_key(word)


def test_the_other_years_pack_has_the_same_vocabulary_shape() -> None:
    vocabulary = rr.load_rule_pack(OTHER_PACK).input_vocabulary()
    assert vocabulary["kind"][vocabulary_key("TẬP THỂ")] == "collective"


def test_the_glossary_covers_every_label(pack: rr.RulePack) -> None:
    """docs/glossary.md pairs every name of the bundled pack with its English: fact kinds,
    fields, units, ratios (and their undefined words), subject kinds, levels, schemes,
    roles, indicators, deadlines, awards, authorities, funds and waves."""
    glossary = (PACK_DIR.parent.parent / "docs" / "glossary.md").read_text("utf-8")
    texts: list[rr.Text] = []
    for labels in pack.fact_labels:
        texts += [labels.name, *(f.label for f in labels.fields), *(f.unit for f in labels.fields if f.unit)]
        texts += [t for r in labels.ratios for t in (r.label, r.undefined)]
    texts += [v.label for v in pack.value_labels] + [lv.name for lv in pack.levels] + [sc.name for sc in pack.schemes]
    texts += [r.name for r in pack.roster_roles] + [i.name for i in pack.targets.indicators]  # type: ignore[union-attr]
    texts += [d.name for d in pack.deadlines] + [a.name for a in pack.awards] + [a.name for a in pack.authorities]
    texts += [f.name for f in pack.funds] + [w.name for w in pack.waves]
    missing = [t for t in texts if f"| {t.vi} | {t.en} |" not in glossary]
    assert missing == []
