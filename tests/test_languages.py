"""Vietnamese throughout, English throughout (issue 11, "Done when").

Every human-facing output of the bundled evaluation is rendered in vi — the CLI table,
`explain` of a collective, an individual, a district and a Bằng khen subject, the findings,
the ledger's details, `check` problems of a broken pack and of a broken data folder, the
review workbook and the proposals (text taken out of the .xlsx and .docx), the HTML
report, the rulebook and the charts' labels — and searched for what a Vietnamese reader
must never meet: a fact id, a parameter id, an English enum value, an English word of
tests/data/english_words_in_vietnamese_output.txt. The same outputs in en are searched for
the pack's Vietnamese labels left untranslated.

What is masked before searching, because it is the reader's own or the plan's words: the
plan's quotes (“…”) and lines, values quoted from an input ('…', with the id in brackets after
a name: ``'Cấp huyện' (district)``), file paths, the names of subjects and areas and the
plan's title (proper names).
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

import rallyrules as rr
from rallyrules.cli import main
from rallyrules.facts import FACT_KINDS, fact_field_types

from .conftest import FIXTURES_DIR, PACK_DIR
from .test_rulebook import _running_text

HERE = Path(__file__).resolve().parent
#: A collective (commune BCĐ), an individual, a district BCĐ, a Bằng khen subject.
EXPLAINED = ("BCD-31126", "CN-0008", "BCD-918", "CQTP-HND")
#: The enumerated values of the facts and decisions, as the machine formats write them.
ENGLISH_ENUMS = (
    "collective", "individual", "wave-1", "wave-2", "wave-3", "after-waves", "city", "district",
    "eligible", "not-eligible", "selected", "not-selected", "met", "not-met", "per-wave",
)  # fmt: skip


def _cli(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": "200", **(env or {})})
    return result.output  # stdout and stderr, as a terminal shows them


def _english_words() -> list[str]:
    lines = (HERE / "data" / "english_words_in_vietnamese_output.txt").read_text("utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def _broken_pack(tmp: Path) -> Path:
    folder = tmp / "broken-pack"
    shutil.copytree(PACK_DIR, folder, ignore=shutil.ignore_patterns("scenarios"))
    for name, old, new in (
        ("giay-khen-tap-the.yaml", "op: at_least", "op: at_lest"),
        ("giay-khen-ca-nhan.yaml", "param: individual-completion-rate", "param: individual-completion-rat"),
    ):
        path = folder / name
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    with (folder / "parameters.yaml").open("a", encoding="utf-8") as file:
        file.write("x: 1\nx: 2\ny: 1.5\n")
    return folder


def _broken_data(tmp: Path) -> Path:
    folder = tmp / "broken-data"
    shutil.copytree(FIXTURES_DIR, folder)
    quotas = folder / "quotas.csv"
    lines = quotas.read_text("utf-8").splitlines()
    cells = lines[1].split(",")
    cells[-1] = "nhiều"  # not a number
    lines[1] = ",".join(cells)
    quotas.write_text("\n".join(lines) + "\n", "utf-8")
    subjects = folder / "subjects.csv"
    subjects.write_text(subjects.read_text("utf-8").replace(",individual,city,", ",cá nhân,Cấp xã,", 1), "utf-8")
    return folder


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _chart_text(figure: object) -> str:
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in figure.findobj(Text))  # type: ignore[attr-defined]


def _outputs(lang: str, tmp: Path) -> dict[str, str]:
    """Every human-facing output of the bundled evaluation in ``lang``, by name."""
    from rallyrules import charts
    from rallyrules.rulebook import render_markdown

    out: dict[str, str] = {}
    out["evaluate"] = _cli("evaluate", "--lang", lang, "--engine", "python")
    for subject in EXPLAINED:
        out[f"explain {subject}"] = _cli("explain", subject, "--lang", lang, "--engine", "python")
    out["check broken pack"] = _cli("check", "--rules", str(_broken_pack(tmp)), "--lang", lang)
    out["check broken data"] = _cli("check", "--data", str(_broken_data(tmp)), "--lang", lang)
    pack, dataset = rr.load_rule_pack(PACK_DIR), rr.load_dataset(FIXTURES_DIR)
    evaluation = rr.evaluate(pack, dataset, engine="python")
    out["findings"] = "\n".join(f.message_in(lang) for f in evaluation.findings)
    out["ledger"] = "\n".join(str(d) for d in evaluation.counting.ledger_in(lang)["detail"].unique().sort())
    folder = tmp / f"report-{lang}"
    _cli(
        "report",
        "-o",
        str(folder),
        "--lang",
        lang,
        "--engine",
        "python",
        *[f"--format={f}" for f in ("docx", "xlsx", "review", "html")],
    )
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            out[path.name] = _xlsx_text(path.read_bytes())
        elif path.suffix == ".docx":
            out[path.name] = _docx_text(path.read_bytes())
        elif path.suffix in (".html", ".htm"):
            html = path.read_text("utf-8")
            html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
            out[path.name] = re.sub(r"<[^>]+>", " ", html)
    assert any(name.endswith(".docx") for name in out) and any(name.endswith(".html") for name in out), sorted(out)
    out["rulebook"] = _running_text(render_markdown(pack, lang), pack)
    for name in ("caps_chart", "funnel_chart", "exclusions_chart"):
        make = getattr(charts, name)
        figure = make(evaluation, lang, pack=pack) if name != "exclusions_chart" else make(evaluation, lang)
        out[f"chart {name}"] = _chart_text(figure)
    out["chart progress_chart"] = _chart_text(charts.progress_chart(evaluation, lang=lang))  # type: ignore[arg-type]
    return out


def _proper_names() -> list[str]:
    """Names of subjects and areas, and the plan's title and issuer: proper names in every language."""
    dataset, pack = rr.load_dataset(FIXTURES_DIR), rr.load_rule_pack(PACK_DIR)
    names = {s.name for s in dataset.subjects} | set(dataset.unit_names().values())
    names |= {str(pack.document.title), str(pack.document.issuer)}
    plan = (PACK_DIR / "plan-38-KH-BCD.txt").read_text("utf-8")  # the plan's lines, shown verbatim
    names |= {line.strip(" -+•") for line in plan.splitlines() if len(line.strip()) > 20}
    return sorted((n for n in names if n), key=len, reverse=True)


def _masked(text: str, names: Iterable[str]) -> str:
    """``text`` without what is not the library's own words (see the module's docstring)."""
    text = re.sub(r"“[^”]*”|\"[^\"\n]*\"", " ", text)  # the plan's quotes, quoted values
    text = re.sub(r"'[^'\n]*'(?: \([\w-]+\))?", " ", text)  # values quoted from an input, 'Tên' (mã)
    text = re.sub(r"(?:/[\w.+-]+)+/?", " ", text)  # file paths
    text = re.sub(r"[\w.-]+\.(?:yaml|csv|xlsx|docx|html|parquet)\b", " ", text)
    for name in names:
        text = text.replace(name, " ")
    return text


@pytest.fixture(scope="module")
def vi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _outputs("vi", tmp_path_factory.mktemp("vi"))


@pytest.fixture(scope="module")
def en(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return _outputs("en", tmp_path_factory.mktemp("en"))


def _ids(pack: rr.RulePack) -> set[str]:
    """Fact ids (the fields of every fact kind), parameter ids and the English enum values."""
    ids = {f for kind in FACT_KINDS for f in fact_field_types(kind)} | {p.id for p in pack.parameters}
    return ids | set(ENGLISH_ENUMS)


def _leaks(outputs: dict[str, str], pack: rr.RulePack) -> dict[str, list[str]]:
    words = _english_words()
    english = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.IGNORECASE)
    ids = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(_ids(pack), key=len, reverse=True))) + r")(?![\w-])")
    names = _proper_names()
    found: dict[str, list[str]] = {}
    for name, text in outputs.items():
        text = _masked(text, names)
        hits = sorted({m.group(0) for m in ids.finditer(text)} | {m.group(0).lower() for m in english.finditer(text)})
        if hits:
            found[name] = hits
    return found


def test_every_output_is_rendered(vi: dict[str, str], en: dict[str, str]) -> None:
    """The search looks at something: each output is there and not empty, in both languages."""
    assert set(vi) == set(en)
    assert {"evaluate", "check broken pack", "check broken data", "ledger", "rulebook"} <= set(vi)
    assert [name for name, text in vi.items() if len(text.strip()) < 20] == []
    assert "khóa 'x' bị lặp" in vi["check broken pack"]
    assert "Có phải là 'individual-completion-rate'?" in vi["check broken pack"]
    assert "Còn thiếu 1" in vi["explain BCD-31126"] or "còn thiếu 1" in vi["explain BCD-31126"]


def test_vietnamese_outputs_hold_no_ids_enums_or_english_words(vi: dict[str, str], pack: rr.RulePack) -> None:
    """No fact id, parameter id, English enum value or listed English word in any vi output."""
    assert _leaks(vi, pack) == {}


def test_the_search_finds_a_leak(vi: dict[str, str], en: dict[str, str], pack: rr.RulePack) -> None:
    """The search can fail: a field id, an enum value, an English word put into a vi output are
    found; and the English outputs are full of what it looks for."""
    planted = {"evaluate": vi["evaluate"] + "\nworst_target wave-1 because the rule"}
    assert _leaks(planted, pack) == {"evaluate": ["because", "rule", "wave-1", "worst_target"]} or set(
        _leaks(planted, pack)["evaluate"]
    ) >= {"rule", "wave-1", "worst_target"}
    assert len(_leaks(en, pack)) >= 5


def _vietnamese_labels(pack: rr.RulePack) -> set[str]:
    """The pack's Vietnamese labels that differ from their English ones: fields, units,
    ratios, the kinds and levels of subjects. Names of schemes, awards and indicators are
    left out: the English texts name them as the plan does (BHXH tự nguyện, Giấy khen)."""
    texts = []
    for labels in pack.fact_labels:
        texts += [labels.name] if hasattr(labels, "name") else []
        texts += [f.label for f in labels.fields] + [f.unit for f in labels.fields if f.unit is not None]
        texts += [r.label for r in labels.ratios]
    texts += [v.label for v in pack.value_labels] + [lv.name for lv in pack.levels]
    awards = " ".join(str(a.name.vi) for a in pack.awards)  # Giấy khen, Bằng khen: proper names in every language
    return {t.vi for t in texts if t.vi and t.vi != t.en and len(t.vi) > 3 and t.vi not in awards}


def test_english_outputs_hold_no_untranslated_vietnamese_labels(
    en: dict[str, str], vi: dict[str, str], pack: rr.RulePack
) -> None:
    """No Vietnamese label of the pack is left in an en output (the office documents, which
    an office files in Vietnamese whatever the language of the messages, are left out)."""
    labels = _vietnamese_labels(pack)
    assert len(labels) > 20
    names = _proper_names()
    found = {}
    for name, text in en.items():
        if name.startswith("de-nghi-"):
            continue  # the proposals are Vietnamese documents in every language
        text = _masked(text, names)
        hits = sorted(label for label in labels if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text))
        if hits:
            found[name] = hits
    assert found == {}
    assert any(any(label in text for label in labels) for text in vi.values())


def test_the_catalog_has_both_languages_with_the_same_parameters() -> None:
    """Every message has vi and en with the same {parameters} (the vi plural may drop {s})."""
    import string

    from rallyrules.text.messages import MESSAGES

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    wrong = [code for code, texts in MESSAGES.items() if set(texts) != {"vi", "en"} or fields(texts["vi"]) - fields(texts["en"])]
    assert wrong == []
    assert [c for c, texts in MESSAGES.items() if fields(texts["en"]) - fields(texts["vi"]) - {"s"}] == []
