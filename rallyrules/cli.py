"""The command line: ``evaluate``, ``explain``, ``report``, ``check``, ``verify``, ``test``, ``rulebook``, ``interpretations`` and ``serve``.

Exit codes: 0 success; 1 bad input (rule pack or data: every problem is printed);
2 wrong usage; 3 the engine failed or could not be trusted; 4 ``verify`` found differences.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__, text
from ._bundled import bundled_fixtures_root, bundled_packs
from ._io import check_writable, open_atomic, write_atomic
from ._validation import load_rule_pack
from .dataset import Dataset, load_dataset
from .errors import CompileError, DataError, EngineError, ResultError, RulePackError
from .evaluation import Evaluation
from .evaluation import evaluate as run_evaluation
from .model import RulePack

EXIT_BAD_INPUT = 1
EXIT_ENGINE = 3
EXIT_DIFFERENT = 4


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _lang(lang: str | None) -> str:
    """The language of a command: --lang, else $RALLYRULES_LANG, else the locale, else en."""
    try:
        return text.resolve_lang(lang)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _pack(rules: Path | None, lang: str = "en") -> RulePack:
    if rules is None:
        packs = bundled_packs()
        if len(packs) != 1:
            names = ", ".join(p.name for p in packs) or text.t("cli.none", lang)
            raise click.UsageError(text.t("cli.choose-pack", lang, packs=names))
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
    help="Data folder: subjects, quotas, enrolments (and optional attestations, targets, submissions, rosters, "
    "admin-units) as .csv, .xlsx or .parquet [default: the bundled data of the pack].",
)
#: Every command's language: messages, reasons, tables. The one default everywhere.
_lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language of what is printed [default: $RALLYRULES_LANG, else the locale (vi_VN: vi), else en].",
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
@_lang_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of the screen (checked before the evaluation; replaced only when complete).",
)
@click.option("--compact", is_flag=True, help="JSON: on one line, without spaces after ',' and ':' (a quarter smaller).")
@click.option("--all", "all_rows", is_flag=True, help="Tables: every subject considered (not only the summary and the proposed).")
@click.option(
    "--excel/--no-excel",
    default=True,
    show_default=True,
    help="CSV: start with a UTF-8 byte order mark so that Excel reads Vietnamese letters right.",
)
def evaluate(
    rules: Path | None, data: Path | None, output_format: str, engine: str, lang: str | None, output: Path | None, compact: bool,
    all_rows: bool, excel: bool,
) -> None:  # fmt: skip
    """Decide every rule for every subject and wave, and say why.

    With no options: the bundled rule pack on its bundled data, as tables: a summary per
    round and awarding authority, then the proposed (--all: every subject). The tables fit
    the terminal's width (a card per subject where a table cannot); piped or written to a
    file, the width is $COLUMNS, else 160. CSV is for Excel: UTF-8 with a byte order mark
    (--no-excel: without), headings and values in --lang, and any cell starting with
    = + - @ (or a tab) prefixed with ' so that it is never run as a formula.
    """
    lang = _lang(lang)
    if compact and output_format != "json":
        raise click.UsageError("--compact is for --format json")
    if output is not None:
        _check_output(output, output_format)  # before any work: a bad -o never costs a whole evaluation
    pack, dataset, result = _run_all(rules, data, engine, lang)
    from .reports import print_tables, to_csv  # imported by the commands that print

    if output is None:
        if output_format == "table":
            units = dataset.unit_names()
            width = None if Console().is_terminal else _piped_width()
            print_tables(result, Console(width=width), lang, all_rows=all_rows, pack=pack, unit_names=units)
        elif output_format == "json":
            click.echo(result.to_json(indent=None if compact else 2))
        else:
            click.echo(to_csv(result, lang, pack=pack, bom=excel), nl=False)
        return
    try:
        # Written beside the target and renamed over it only when complete: an error or a
        # Ctrl-C half way leaves the previous file as it was.
        with open_atomic(output, "w", encoding="utf-8", newline="") as handle:
            if output_format == "table":
                units = dataset.unit_names()
                console = Console(file=handle, width=_piped_width())
                print_tables(result, console, lang, all_rows=all_rows, pack=pack, unit_names=units)
            elif output_format == "json":
                handle.write(result.to_json(indent=None if compact else 2) + "\n")
            else:
                handle.write(to_csv(result, lang, pack=pack, bom=excel))
    except OSError as exc:
        _fail(text.t("cli.cannot-write", lang, path=str(output), reason=str(exc)), EXIT_BAD_INPUT)


#: The file names each --format of `evaluate -o` may have; a name of another known kind is refused.
_OUTPUT_SUFFIXES = {"table": (".txt", ".md"), "json": (".json",), "csv": (".csv",)}
_KNOWN_SUFFIXES = {".json", ".csv", ".tsv", ".txt", ".md", ".xlsx", ".xls", ".docx", ".doc", ".html", ".htm", ".pdf", ".parquet"}


def _check_output(output: Path, output_format: str) -> None:
    """A usage error unless ``output`` can be written (its folder exists and is writable, it
    is not a folder) and its name does not say another format (``-o x.xlsx`` for CSV)."""
    try:
        check_writable(output)
    except ValueError as exc:
        raise click.UsageError(f"-o {output}: {exc}") from None
    suffix = output.suffix.lower()
    wanted = _OUTPUT_SUFFIXES[output_format]
    if suffix in _KNOWN_SUFFIXES and suffix not in wanted:
        raise click.UsageError(
            f"-o {output}: --format {output_format} writes {' or '.join(wanted)}, not {suffix} (try -o {output.with_suffix(wanted[0])})"
        )


#: The width of tables piped or written to a file when $COLUMNS is not set.
PIPED_WIDTH = 160


def _piped_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH


def _run(rules: Path | None, data: Path | None, engine: str, lang: str = "en") -> Evaluation:
    """Load, check and evaluate, with a progress bar on a terminal; exit with a clear
    message on bad input or an engine failure."""
    return _run_all(rules, data, engine, lang)[2]


def _step(step: str, lang: str) -> str:
    """A step of the evaluation (named in English by :func:`rallyrules.evaluate`) in ``lang``."""
    code = f"cli.step.{step.split()[0]}"
    from .text.messages import MESSAGES

    return text.t(code, lang) if code in MESSAGES else step


def _run_all(rules: Path | None, data: Path | None, engine: str, lang: str = "en") -> tuple[RulePack, Dataset, Evaluation]:
    """:func:`_run`, returning the pack and the data set too."""
    console = Console(stderr=True)
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                      transient=True, disable=not console.is_terminal) as bar:  # fmt: skip
            task = bar.add_task(text.t("cli.step.loading", lang))
            pack = _pack(rules, lang)
            bar.update(task, description=text.t("cli.step.reading", lang))
            dataset = load_dataset(data if data is not None else bundled_fixtures_root() / pack.id)
            result = run_evaluation(
                pack,
                dataset,
                engine=engine,  # type: ignore[arg-type]
                progress=lambda step: bar.update(task, description=_step(step, lang)),
            )
            return pack, dataset, result
    except (RulePackError, DataError, CompileError) as exc:
        _fail(exc.in_(lang), EXIT_BAD_INPUT)
    except EngineError as exc:
        _fail(text.t("cli.engine-failure", lang, reason=str(exc)), EXIT_ENGINE)
    raise AssertionError("unreachable")  # pragma: no cover - _fail exits


@main.command()
@click.argument("subject")
@_rules_option
@_data_option
@_choose_options
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@_lang_option
def explain(subject: str, rules: Path | None, data: Path | None, engine: str, lang: str | None) -> None:
    """Say why, clause by clause, for every decision about SUBJECT (a subject id, or a unit
    such as a district code for deadlines and rosters)."""
    lang = _lang(lang)
    result = _run(rules, data, engine, lang)
    try:
        click.echo(result.explain(subject, lang))
    except KeyError:
        known = sorted({d.subject_id for d in result.decisions})
        close = difflib.get_close_matches(subject, known, n=3)
        hint = text.t("cli.did-you-mean", lang, names=", ".join(close)) if close else ""
        _fail(text.t("cli.no-decision", lang, subject=subject, hint=hint), EXIT_BAD_INPUT)


#: What `report` can write: the proposals (.docx, .xlsx), the review workbook, the HTML report.
REPORT_FORMATS = ("docx", "xlsx", "review", "html")
DEFAULT_REPORT_FORMATS = ("docx", "xlsx", "review")
#: Suffixes that make an -o look like a file where `report` needs a folder.
_FILE_SUFFIXES = (".xlsx", ".xls", ".docx", ".doc", ".csv", ".html", ".htm", ".json", ".pdf", ".txt")


def _report_folder(folder: Path, lang: str = "en") -> Path:
    """The folder `report` writes into, checked before any work: a folder (or a new one
    whose parent is a writable folder), never something that looks like a file name."""
    if folder.suffix.lower() in _FILE_SUFFIXES:
        raise click.UsageError(text.t("cli.report.file-name", lang, folder=str(folder), folder_only=str(folder.with_suffix(""))))
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(text.t("cli.report.not-folder", lang, folder=str(folder)))
    parent = folder if folder.exists() else folder.parent
    if not parent.is_dir():
        raise click.UsageError(text.t("cli.report.no-parent", lang, folder=str(folder), parent=str(parent)))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise click.UsageError(text.t("cli.report.read-only", lang, folder=str(folder), parent=str(parent)))
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
    "html (the HTML report: sortable, filterable, printable) [default: docx, xlsx and review].",
)
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    help="Language of the review workbook, the HTML page and the messages [default: $RALLYRULES_LANG, else the locale "
    "(vi_VN: vi), else en]. The proposals are in Vietnamese, as filed.",
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
    language = _lang(lang)
    chosen = tuple(f for f in REPORT_FORMATS if f in (formats or DEFAULT_REPORT_FORMATS))
    # Everything that can be checked is checked before any evaluation work.
    needs = {"docx": "docx", "xlsx": "xlsxwriter", "review": "xlsxwriter"}
    for fmt in chosen:
        module = needs.get(fmt)
        if module is not None and importlib.util.find_spec(module) is None:
            _fail(text.t("cli.report.needs", language, fmt=fmt, module=module), EXIT_BAD_INPUT)
    if output is not None:
        _report_folder(output, language)
    elif not os.access(Path.cwd(), os.W_OK | os.X_OK):  # the default folder (named after the pack) goes here
        raise click.UsageError(text.t("cli.report.cwd-read-only", language, folder=str(Path.cwd())))
    pack, dataset, result = _run_all(rules, data, engine, language)
    folder = _report_folder(output if output is not None else Path(f"rallyrules-report-{pack.id}"), language)
    unit_names = dataset.unit_names()
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
        _fail(text.t("cli.cannot-write-into", language, folder=str(folder), reason=str(exc)), EXIT_BAD_INPUT)
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_rules_option
@_data_option
@_lang_option
def verify(result: Path, rules: Path | None, data: Path | None, lang: str | None) -> None:
    """Re-run a saved result (from `evaluate --format json`) and confirm it, or show what differs.

    The result's receipt names the rule pack and the data; --rules/--data point elsewhere.
    Exit 0 when confirmed, 4 when something differs.
    """
    from .verify import verify_result

    lang = _lang(lang)
    try:
        verification = verify_result(result, rules=rules, data=data)
    except (RulePackError, DataError, CompileError, ResultError) as exc:
        _fail(exc.in_(lang), EXIT_BAD_INPUT)
    except EngineError as exc:
        _fail(text.t("cli.engine-failure", lang, reason=str(exc)), EXIT_ENGINE)
    click.echo(verification.in_(lang))
    if not verification.confirmed:
        sys.exit(EXIT_DIFFERENT)


@main.command()
@_rules_option
@_data_option
@_lang_option
@_choose_options
def check(rules: Path | None, data: Path | None, lang: str | None) -> None:
    """Check a rule pack (and a data set, with --data) and report every problem."""
    from .dataset import _check_folder

    lang = _lang(lang)
    # Every stage that can run does, so that one run reports every problem: the data are read
    # even when the pack has problems, and checked against it as far as what was read allows.
    failed: list[str] = []
    pack: RulePack | None = None
    try:
        pack = _pack(rules, lang)
        click.echo(
            text.t("cli.check.pack", lang, pack=pack.id, rules=text.number(len(pack.rules), lang),
                   waves=text.number(len(pack.waves), lang), parameters=text.number(len(pack.parameters), lang))
        )  # fmt: skip
    except RulePackError as exc:
        failed.append(exc.in_(lang))
    if data is not None:
        found = _check_folder(pack, data)
        for note in found.notes:
            click.echo(f"  {note.in_(lang)}")
        if found.checked is not None:
            dataset = found.checked.dataset
            click.echo(
                text.t("cli.check.data", lang, data=str(data), subjects=text.number(len(dataset.subjects), lang),
                       quotas=text.number(len(dataset.quotas), lang), enrolments=text.number(dataset.enrolment_count, lang))
            )  # fmt: skip
        elif found.problems:
            failed.append(DataError(text.Message("data.summary.bad-input", source=str(data)), list(found.problems)).in_(lang))
    if failed:
        _fail("\n".join(failed), EXIT_BAD_INPUT)


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
    help="Language of the messages [default: $RALLYRULES_LANG, else the locale (vi_VN: vi), else en].",
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
    from .text import number, percent, t

    lang = _lang(lang)
    engines = engines_available() if engine == "auto" else (engine,)
    if any(e not in engines_available() for e in engines):
        raise click.UsageError(t("test.engine-missing", lang))
    try:
        pack = _pack(pack_dir, lang)
        folder = pack_dir if pack_dir is not None else bundled_packs()[0]
        files = list(scenario_files(folder))
        if not files:
            _fail(t("test.no-scenarios", lang, pack=folder), EXIT_BAD_INPUT)
        run = run_scenarios(pack, files, engines, lang)  # type: ignore[arg-type]
    except (RulePackError, DataError, CompileError) as exc:
        _fail(exc.in_(lang), EXIT_BAD_INPUT)
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
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write rulebook.md / rulebook.html (Vietnamese) and rulebook.en.md / .html (English) into "
    "(made if missing; its parent must exist). A file of those names that is not a rulebook is never replaced.",
)
@click.option("--format", "output_format", type=click.Choice(["md", "html", "both"]), default="both", show_default=True)
@click.option(
    "--lang", "rulebook_lang", type=click.Choice(["vi", "en", "both"]), default="both", show_default=True,
    help="The edition(s) to write; each is in one language from top to bottom.",
)  # fmt: skip
def rulebook(rules: Path | None, output_dir: Path, output_format: str, rulebook_lang: str) -> None:
    """Write the rule pack as a document for legal reviewers: every rule beside the plan's words.

    Prints the files written. The folder is always named (-o DIR: there is no default, so
    that no run writes where it was not told to); a rulebook written there before is
    replaced, any other file of the same name is left alone (exit 2, nothing written).
    """
    from .rulebook import bundled_weights, check_rulebook_targets, write_rulebook

    lang = rulebook_lang if rulebook_lang in ("vi", "en") else _lang(None)  # the messages' language
    langs = ("vi", "en") if rulebook_lang == "both" else (rulebook_lang,)
    try:
        check_rulebook_targets(output_dir, output_format, langs)  # type: ignore[arg-type]
    except ValueError as exc:
        raise click.UsageError(f"-o {output_dir}: {exc}") from None
    try:
        pack = _pack(rules, lang)
    except RulePackError as exc:
        _fail(exc.in_(lang), EXIT_BAD_INPUT)
    try:
        weights = bundled_weights(pack)  # what each other reading changes on the pack's bundled data
        written = write_rulebook(pack, output_dir, output_format, langs, weights)  # type: ignore[arg-type]
    except (OSError, ValueError) as exc:
        _fail(text.t("cli.cannot-write-rulebook", lang, folder=str(output_dir), reason=str(exc)), EXIT_BAD_INPUT)
    for path in written:
        click.echo(str(path))


@main.command()
@_rules_option
@_data_option
@_choose_options
@_lang_option
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

    language = _lang(lang)
    if output is not None:
        try:
            check_writable(output)
        except ValueError as exc:
            raise click.UsageError(f"-o {output}: {exc}") from None
    try:
        base = _pack(rules, language)
        pack = load_rule_pack(base.root) if base.choices else base
        dataset = load_dataset(data if data is not None else bundled_fixtures_root() / pack.id)
        weights = weigh_interpretations(pack, dataset, choose=base.choices)
    except (RulePackError, DataError) as exc:
        _fail(exc.in_(language), EXIT_BAD_INPUT)
    body = (
        json.dumps(weights.to_dict(), ensure_ascii=False, indent=2) + "\n"
        if output_format == "json"
        else format_weights(weights, pack, language, examples=examples, width=_text_width(output))
    )
    try:
        write_atomic(output, body) if output is not None else click.echo(body, nl=False)
    except OSError as exc:
        _fail(text.t("cli.cannot-write", language, path=str(output), reason=str(exc)), EXIT_BAD_INPUT)


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
