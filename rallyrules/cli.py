"""The command line: ``evaluate``, ``explain``, ``report``, ``check``, ``verify``, ``test``, ``rulebook``, ``interpretations`` and ``serve``.

Exit codes: 0 success; 1 bad input (rule pack or data: every problem is printed);
2 wrong usage; 3 the engine failed or could not be trusted; 4 ``verify`` found differences.
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import io
import os
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__, text
from ._bundled import bundled_fixtures_root, bundled_packs
from ._io import write_atomic
from ._validation import load_rule_pack
from .dataset import Dataset, check_dataset, load_dataset
from .errors import CompileError, DataError, EngineError, RulePackError
from .evaluation import Evaluation
from .evaluation import evaluate as run_evaluation
from .model import RulePack

EXIT_BAD_INPUT = 1
EXIT_ENGINE = 3
EXIT_DIFFERENT = 4


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _pack(rules: Path | None) -> RulePack:
    if rules is None:
        packs = bundled_packs()
        if len(packs) != 1:
            raise click.UsageError(f"choose a rule pack with --rules (bundled: {[p.name for p in packs] or 'none'})")
        rules = packs[0]
    pack = load_rule_pack(rules)
    choices = click.get_current_context().meta.get(_CHOICES, {})
    return pack.choose(choices) if choices else pack


_CHOICES = "rallyrules.choices"


def _store_choices(ctx: click.Context, param: click.Parameter, value: object) -> None:
    """--choices FILE and --choose interpretation=alternative (which wins), kept for _pack."""
    from ._choices import load_choices, parse_choice

    choices = ctx.meta.setdefault(_CHOICES, {})
    try:
        if param.name == "choices_file" and value is not None:
            choices.update({k: v for k, v in load_choices(str(value)).items() if k not in choices})
        elif param.name == "choose":
            choices.update(parse_choice(str(v)) for v in value)  # type: ignore[attr-defined]
    except (ValueError, RulePackError) as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def _choose_options(command: Any) -> Any:
    """--choose and --choices: read the pack with other readings (`rallyrules interpretations` lists them)."""
    command = click.option(
        "--choices", "choices_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), expose_value=False,
        callback=_store_choices, help="A YAML file choosing other readings: 'choose: {interpretation: alternative}'.",
    )(command)  # fmt: skip
    return click.option(
        "--choose", multiple=True, metavar="INTERPRETATION=ALTERNATIVE", expose_value=False, callback=_store_choices,
        is_eager=True, help="Read one interpretation another way (repeatable; `rallyrules interpretations` lists them).",
    )(command)  # fmt: skip


_rules_option = click.option(
    "--rules", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Rule pack folder [default: the bundled pack]."
)
_data_option = click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Data folder: subjects, quotas, enrolments (and optional attestations, targets, submissions, rosters) "
    "as .csv, .xlsx or .parquet [default: the bundled data of the pack].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rallyrules")
def main() -> None:
    """Evaluate a rally plan's rules (a rule pack) on campaign data, with reasons.

    Start with `rallyrules evaluate`: it runs the bundled rule pack on its bundled data.
    """


@main.command()
@_rules_option
@_data_option
@_choose_options
@click.option("--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option(
    "--engine",
    type=click.Choice(["auto", "durable", "python"]),
    default="auto",
    show_default=True,
    help="auto: durable_rules where it imports (Python < 3.13), else the Python evaluator.",
)
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Language of reasons.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of the screen.")
@click.option("--all", "all_rows", is_flag=True, help="Tables: every subject considered (not only the summary and the proposed).")
@click.option(
    "--excel/--no-excel",
    default=True,
    show_default=True,
    help="CSV: start with a UTF-8 byte order mark so that Excel reads Vietnamese letters right.",
)
def evaluate(
    rules: Path | None, data: Path | None, output_format: str, engine: str, lang: str, output: Path | None, all_rows: bool,
    excel: bool,
) -> None:  # fmt: skip
    """Decide every rule for every subject and wave, and say why.

    With no options: the bundled rule pack on its bundled data, as tables: a summary per
    round and awarding authority, then the proposed (--all: every subject). The tables fit
    the terminal's width (a card per subject where a table cannot); piped or written to a
    file, the width is $COLUMNS, else 160. CSV is for Excel: UTF-8 with a byte order mark
    (--no-excel: without), headings and values in --lang, and any cell starting with
    = + - @ (or a tab) prefixed with ' so that it is never run as a formula.
    """
    pack, dataset, result = _run_all(rules, data, engine)
    from .reports import print_tables, to_csv  # imported by the commands that print

    try:
        if output_format == "table":
            units = _unit_names(Path(dataset.source))
            if output is None and Console().is_terminal:
                print_tables(result, Console(), lang, all_rows=all_rows, pack=pack, unit_names=units)
                return
            buffer = io.StringIO()
            print_tables(result, Console(file=buffer, width=_piped_width()), lang, all_rows=all_rows, pack=pack, unit_names=units)
            text = buffer.getvalue()
        elif output_format == "json":
            text = result.to_json() + "\n"
        else:
            text = to_csv(result, lang, pack=pack, bom=excel)
        if output is not None:
            write_atomic(output, text)
        else:
            click.echo(text, nl=False)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}", EXIT_BAD_INPUT)


#: The width of tables piped or written to a file when $COLUMNS is not set.
PIPED_WIDTH = 160


def _piped_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def _unit_names(folder: Path) -> dict[str, str]:
    """Area code -> name from the data folder's ``admin-units.csv`` (province, district and
    commune codes), when there is one; else none (areas are then shown by code)."""
    # Until the data set carries its administrative units itself.
    path = folder / "admin-units.csv"
    names: dict[str, str] = {}
    if not path.is_file():
        return names
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for level in ("province", "district", "commune"):
                code, name = (row.get(f"{level}_code") or "").strip(), (row.get(level) or "").strip()
                if code and name:
                    names[code] = name
    return names


def _run(rules: Path | None, data: Path | None, engine: str) -> Evaluation:
    """Load, check and evaluate, with a progress bar on a terminal; exit with a clear
    message on bad input or an engine failure."""
    return _run_all(rules, data, engine)[2]


def _run_all(rules: Path | None, data: Path | None, engine: str) -> tuple[RulePack, Dataset, Evaluation]:
    """:func:`_run`, returning the pack and the data set too."""
    console = Console(stderr=True)
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                      transient=True, disable=not console.is_terminal) as bar:  # fmt: skip
            task = bar.add_task("loading the rule pack")
            pack = _pack(rules)
            bar.update(task, description="reading the data")
            dataset = load_dataset(data if data is not None else bundled_fixtures_root() / pack.id)
            result = run_evaluation(
                pack,
                dataset,
                engine=engine,  # type: ignore[arg-type]
                progress=lambda step: bar.update(task, description=step),
            )
            return pack, dataset, result
    except (RulePackError, DataError, CompileError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except EngineError as exc:
        _fail(f"engine failure: {exc}", EXIT_ENGINE)
    raise AssertionError("unreachable")  # pragma: no cover - _fail exits


@main.command()
@click.argument("subject")
@_rules_option
@_data_option
@_choose_options
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True)
def explain(subject: str, rules: Path | None, data: Path | None, engine: str, lang: str) -> None:
    """Say why, clause by clause, for every decision about SUBJECT (a subject id, or a unit
    such as a district code for deadlines and rosters)."""
    result = _run(rules, data, engine)
    try:
        click.echo(result.explain(subject, lang))
    except KeyError:
        known = sorted({d.subject_id for d in result.decisions})
        close = difflib.get_close_matches(subject, known, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        _fail(f"no decision about '{subject}'.{hint}", EXIT_BAD_INPUT)


#: What `report` can write: the proposals (.docx, .xlsx), the review workbook, the HTML report.
REPORT_FORMATS = ("docx", "xlsx", "review", "html")
DEFAULT_REPORT_FORMATS = ("docx", "xlsx", "review")
#: Suffixes that make an -o look like a file where `report` needs a folder.
_FILE_SUFFIXES = (".xlsx", ".xls", ".docx", ".doc", ".csv", ".html", ".htm", ".json", ".pdf", ".txt")


def _report_folder(folder: Path) -> Path:
    """The folder `report` writes into, checked before any work: a folder (or a new one
    whose parent is a writable folder), never something that looks like a file name."""
    if folder.suffix.lower() in _FILE_SUFFIXES:
        raise click.UsageError(
            f"-o names the folder to write into; {folder} looks like a file name (try -o {folder.with_suffix('')})"
        )
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"-o {folder}: exists and is not a folder")
    parent = folder if folder.exists() else folder.parent
    if not parent.is_dir():
        raise click.UsageError(f"-o {folder}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise click.UsageError(f"-o {folder}: {parent} cannot be written to")
    return folder


@main.command()
@_rules_option
@_data_option
@_choose_options
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(REPORT_FORMATS),
    help="What to write; repeat for several: docx, xlsx (the proposals), review (the review workbook), "
    "html (the tables as a web page) [default: docx, xlsx and review].",
)
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    help="Language of the review workbook and the HTML page [default: $RALLYRULES_LANG, else the locale]. "
    "The proposals are in Vietnamese, as filed.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=True, dir_okay=True, path_type=Path),
    help="Folder to write into (made if missing; its parent must exist) [default: ./rallyrules-report-<pack id>].",
)
def report(
    rules: Path | None, data: Path | None, formats: tuple[str, ...], engine: str, lang: str | None, output: Path | None
) -> None:
    """Write the documents of an evaluation into a folder: per round and awarding authority, the
    proposal an office files (a Tờ trình and its Danh sách đề nghị khen thưởng, .docx and
    .xlsx), the review workbook for the committee (every subject, with reasons, ranks and
    caps), and on request an HTML page of the tables. Prints the files written."""
    try:
        language = text.resolve_lang(lang)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    chosen = tuple(f for f in REPORT_FORMATS if f in (formats or DEFAULT_REPORT_FORMATS))
    # Everything that can be checked is checked before any evaluation work.
    needs = {"docx": "docx", "xlsx": "xlsxwriter", "review": "xlsxwriter"}
    for fmt in chosen:
        module = needs.get(fmt)
        if module is not None and importlib.util.find_spec(module) is None:
            _fail(f"the {fmt} output needs {module}: pip install 'rallyrules[office]'", EXIT_BAD_INPUT)
    if output is not None:
        _report_folder(output)
    elif not os.access(Path.cwd(), os.W_OK | os.X_OK):  # the default folder (named after the pack) goes here
        raise click.UsageError(f"the current folder {Path.cwd()} cannot be written to: choose a folder with -o")
    pack, dataset, result = _run_all(rules, data, engine)
    folder = _report_folder(output if output is not None else Path(f"rallyrules-report-{pack.id}"))
    unit_names = _unit_names(Path(dataset.source))
    written: list[Path] = []
    try:
        folder.mkdir(exist_ok=True)
        from .outputs import office

        proposal_formats = [f for f in chosen if f in office.PROPOSAL_FORMATS]
        if proposal_formats:
            office.write_proposals(
                result, pack, dataset, folder, proposal_formats, unit_names=unit_names, progress=written.append
            )
        if "review" in chosen:
            from .outputs.review import write_review

            written.append(write_review(result, folder / f"xet-duyet-{pack.id}.xlsx", pack, language, unit_names=unit_names))
        if "html" in chosen:
            from .outputs.html import write_report

            written.append(write_report(result, folder / f"bao-cao-{pack.id}.html", language, pack=pack, unit_names=unit_names))
    except OSError as exc:
        for path in written:
            click.echo(str(path))
        _fail(f"cannot write into {folder}: {exc}", EXIT_BAD_INPUT)
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_rules_option
@_data_option
def verify(result: Path, rules: Path | None, data: Path | None) -> None:
    """Re-run a saved result (from `evaluate --format json`) and confirm it, or show what differs.

    The result's receipt names the rule pack and the data; --rules/--data point elsewhere.
    Exit 0 when confirmed, 4 when something differs.
    """
    from .verify import verify_result

    try:
        verification = verify_result(result, rules=rules, data=data)
    except (RulePackError, DataError, CompileError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except EngineError as exc:
        _fail(f"engine failure: {exc}", EXIT_ENGINE)
    click.echo(str(verification))
    if not verification.confirmed:
        sys.exit(EXIT_DIFFERENT)


@main.command()
@_rules_option
@_data_option
@_choose_options
def check(rules: Path | None, data: Path | None) -> None:
    """Check a rule pack (and a data set, with --data) and report every problem."""
    try:
        pack = _pack(rules)
        click.echo(
            f"rule pack {pack.id}: {len(pack.rules)} rules, {len(pack.waves)} waves, {len(pack.parameters)} parameters — OK"
        )
        if data is not None:
            dataset = load_dataset(data)
            check_dataset(pack, dataset)
            click.echo(f"data {data}: {dataset!r} — OK")
    except (RulePackError, DataError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)


@main.command("test")
@click.argument("pack_dir", metavar="[PACK]", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--engine",
    type=click.Choice(["auto", "python", "durable"]),
    default="auto",
    show_default=True,
    help="auto: each engine that runs here (durable_rules where it imports, and the Python evaluator).",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language of the messages [default: RALLYRULES_LANG, the locale, else en].",
)
@click.option("--coverage", "show_coverage", is_flag=True, help="Print the condition coverage table.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=None,
    help="Fail when less than this percentage of conditions was seen both holding and not holding.",
)
def test_command(pack_dir: Path | None, engine: str, lang: str | None, show_coverage: bool, threshold: float | None) -> None:
    """Run a rule pack's scenarios (PACK/scenarios/*.yaml; default: the bundled pack) on
    each engine, as `opa test` or `openfisca test` do: a line per failing case (file:line,
    engine, what differed), then `N passed, M failed` and the condition coverage — the
    share of conditions and `when` tests of the pack's rules that its scenarios show both
    holding and not holding (--coverage prints them rule by rule).

    Exit codes: 0 every case passed (and the coverage reached --threshold); 1 a case
    failed, a scenario or rule file is not valid, the pack has no scenario files, or the
    coverage is below --threshold; 2 wrong usage (--engine durable where durable_rules
    does not import).
    """
    from fractions import Fraction

    from rich.table import Table

    from .scenarios import engines_available, run_scenarios, scenario_files
    from .text import number, percent, resolve_lang, t

    lang = resolve_lang(lang)
    engines = engines_available() if engine == "auto" else (engine,)
    if any(e not in engines_available() for e in engines):
        raise click.UsageError(t("test.engine-missing", lang))
    try:
        pack = _pack(pack_dir)
        folder = pack_dir if pack_dir is not None else bundled_packs()[0]
        files = list(scenario_files(folder))
        if not files:
            _fail(t("test.no-scenarios", lang, pack=folder), EXIT_BAD_INPUT)
        run = run_scenarios(pack, files, engines, lang)  # type: ignore[arg-type]
    except (RulePackError, DataError, CompileError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    for result in (r for r in run.results if not r.passed):
        case = result.scenario
        click.echo(t("test.failed-case", lang, where=f"{case.path}:{case.line}", case=case.id, engine=result.engine))
        if case.says:
            click.echo(t("test.says", lang, says=case.says))
        for mismatch in result.mismatches:
            click.echo(f"  - {mismatch}")
    if show_coverage:
        table = Table(
            t("test.col-rule", lang), t("test.col-condition", lang), t("test.col-true", lang), t("test.col-false", lang)
        )
        for column in table.columns[:2]:
            column.overflow = "fold"  # ids wrap at 80 columns, never cut
        for seen in run.coverage:
            name = f"{t('test.when', lang)}: {seen.condition_id}" if seen.part == "when" else seen.condition_id
            marks = [number(n, lang) if n else "[bold red]0[/]" for n in (seen.holding, seen.not_holding)]
            table.add_row(seen.rule_id, name, *marks)
        Console(highlight=False).print(table)
    total = len(run.coverage)
    share = Fraction(run.covered, total) if total else Fraction(1)
    click.echo(t("test.coverage", lang, covered=run.covered, total=total, share=percent(share, lang)))
    click.echo(t("test.summary", lang, passed=run.passed, failed=run.failed))
    below = threshold is not None and share * 100 < Fraction(str(threshold))
    if below:
        click.echo(t("test.below-threshold", lang, share=percent(share, lang), threshold=threshold))
    if run.failed or below:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@_rules_option
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs"),
    show_default=True,
    help="Folder to write rulebook.md / rulebook.html (Vietnamese) and rulebook.en.md / .html (English) into (created if missing).",
)
@click.option("--format", "output_format", type=click.Choice(["md", "html", "both"]), default="both", show_default=True)
@click.option(
    "--lang", "rulebook_lang", type=click.Choice(["vi", "en", "both"]), default="both", show_default=True,
    help="The edition(s) to write; each is in one language from top to bottom.",
)  # fmt: skip
def rulebook(rules: Path | None, output_dir: Path, output_format: str, rulebook_lang: str) -> None:
    """Write the rule pack as a document for legal reviewers: every rule beside the plan's words."""
    try:
        pack = _pack(rules)
    except RulePackError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    langs = ("vi", "en") if rulebook_lang == "both" else (rulebook_lang,)
    from .rulebook import bundled_weights, write_rulebook

    try:
        weights = bundled_weights(pack)  # what each other reading changes on the pack's bundled data
        written = write_rulebook(pack, output_dir, output_format, langs, weights)  # type: ignore[arg-type]
    except OSError as exc:
        _fail(f"cannot write the rulebook to {output_dir}: {exc}", EXIT_BAD_INPUT)
    for path in written:
        click.echo(str(path))


@main.command()
@_rules_option
@_data_option
@_choose_options
@click.option("--lang", type=click.Choice(["vi", "en"]), help="Language [default: $RALLYRULES_LANG, else the locale].")
@click.option("--examples", type=click.IntRange(-1), default=5, show_default=True, help="Subjects shown per reading (-1: all).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of the screen.")
def interpretations(
    rules: Path | None, data: Path | None, lang: str | None, examples: int, output_format: str, output: Path | None
) -> None:
    """Weigh every interpretation of the rule pack: evaluate the data under each other
    reading, one at a time, and say which decisions change — per round, eligible and
    selected before and after, and the subjects whose outcome or selection flips, with the
    clause each reading rests on. With --choose/--choices, compared from those readings.
    Any command that evaluates takes the same --choose to decide under another reading."""
    import json

    from .weigh import format_weights, weigh_interpretations

    language = text.resolve_lang(lang)
    try:
        base = _pack(rules)
        pack = load_rule_pack(base.root) if base.choices else base
        dataset = load_dataset(data if data is not None else bundled_fixtures_root() / pack.id)
        weights = weigh_interpretations(pack, dataset, choose=base.choices)
    except (RulePackError, DataError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    body = (
        json.dumps(weights.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if output_format == "json"
        else format_weights(weights, pack, language, examples=examples, width=_text_width(output))
    )
    try:
        write_atomic(output, body) if output is not None else click.echo(body, nl=False)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}", EXIT_BAD_INPUT)


def _text_width(output: Path | None) -> int | None:
    """Wrap text at the terminal's width on screen, at $COLUMNS (else not at all) elsewhere."""
    if output is None and Console().is_terminal:
        return Console().width
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 20 else None


@main.command()
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A TOML configuration file [default: $RALLYRULES_SERVE_CONFIG, else none] (docs/service.md).",
)
@click.option("--host", help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), help="Port [default: 8000].")
@click.option(
    "--rules",
    "packs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A rule pack folder to serve besides the bundled ones (repeatable).",
)
@click.option("--database", type=click.Path(dir_okay=False, path_type=Path), help="The SQLite database of evaluations.")
@click.option(
    "--insecure-no-auth",
    is_flag=True,
    default=None,
    help="Serve without bearer tokens: allowed only on a loopback address (127.0.0.1), for trying it out.",
)
def serve(
    config_file: Path | None,
    host: str | None,
    port: int | None,
    packs: tuple[Path, ...],
    database: Path | None,
    insecure_no_auth: bool | None,
) -> None:
    """Serve the rule packs over HTTP (OpenAPI at /openapi.json), for systems not written in Python.

    Needs the 'serve' extra: pip install 'rallyrules[serve]'. Settings: a TOML file,
    RALLYRULES_SERVE_* variables (tokens in RALLYRULES_SERVE_TOKENS), these options; see docs/service.md.
    """
    try:
        from .service import ConfigError, load_config, run
    except ImportError as exc:  # fastapi, uvicorn, pebble: the 'serve' extra
        _fail(f"the service needs its dependencies: pip install 'rallyrules[serve]' ({exc})", EXIT_BAD_INPUT)
    try:
        config = load_config(
            config_file, host=host, port=port, packs=packs or None, database=database, insecure_no_auth=insecure_no_auth
        )
        run(config)
    except ConfigError as exc:
        _fail(f"cannot start the service: {exc}", EXIT_BAD_INPUT)
    except RulePackError as exc:
        _fail(f"cannot start the service: {exc}", EXIT_BAD_INPUT)
