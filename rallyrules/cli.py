"""The command line: ``evaluate``, ``explain``, ``report``, ``check``, ``verify``, ``rulebook`` and ``serve``.

Exit codes: 0 success; 1 bad input (rule pack or data: every problem is printed);
2 wrong usage; 3 the engine failed or could not be trusted; 4 ``verify`` found differences.
"""

from __future__ import annotations

import difflib
import io
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from . import __version__
from ._bundled import bundled_fixtures_root, bundled_packs
from ._validation import load_rule_pack
from .dataset import check_dataset, load_dataset
from .errors import CompileError, DataError, EngineError, RulePackError
from .evaluation import Evaluation
from .evaluation import evaluate as run_evaluation
from .model import RulePack
from .reports import print_tables, to_csv
from .rulebook import write_rulebook
from .verify import verify_result

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
    return load_rule_pack(rules)


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
def evaluate(rules: Path | None, data: Path | None, output_format: str, engine: str, lang: str, output: Path | None) -> None:
    """Decide every rule for every subject and wave, and say why.

    With no options: the bundled rule pack on its bundled data, as tables per wave.
    """
    result = _run(rules, data, engine)
    if output_format == "table":
        console = Console(file=output.open("w", encoding="utf-8") if output else None)
        if not console.is_terminal:  # a file or a pipe: wide enough that ids and names do not wrap
            console = Console(file=console.file, width=160)
        print_tables(result, console, lang)
        return
    text = result.to_json() + "\n" if output_format == "json" else to_csv(result, lang)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _run(rules: Path | None, data: Path | None, engine: str) -> Evaluation:
    """Load, check and evaluate, with a progress bar on a terminal; exit with a clear
    message on bad input or an engine failure."""
    console = Console(stderr=True)
    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                      transient=True, disable=not console.is_terminal) as bar:  # fmt: skip
            task = bar.add_task("loading the rule pack")
            pack = _pack(rules)
            bar.update(task, description="reading the data")
            dataset = load_dataset(data if data is not None else bundled_fixtures_root() / pack.id)
            return run_evaluation(
                pack,
                dataset,
                engine=engine,  # type: ignore[arg-type]
                progress=lambda step: bar.update(task, description=step),
            )
    except (RulePackError, DataError, CompileError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except EngineError as exc:
        _fail(f"engine failure: {exc}", EXIT_ENGINE)
    raise AssertionError("unreachable")  # pragma: no cover - _fail exits


@main.command()
@click.argument("subject")
@_rules_option
@_data_option
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


@main.command()
@_rules_option
@_data_option
@click.option("--format", "output_format", type=click.Choice(["xlsx", "html"]), default="xlsx", show_default=True)
@click.option("--engine", type=click.Choice(["auto", "durable", "python"]), default="auto", show_default=True)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
def report(rules: Path | None, data: Path | None, output_format: str, engine: str, lang: str, output: Path) -> None:
    """Write the proposals for commendation as an Excel workbook (one sheet per round, as an
    office's "Danh sách đề nghị khen thưởng") or as an HTML page of the tables."""
    result = _run(rules, data, engine)
    try:
        if output_format == "xlsx":
            try:
                from .export import to_excel
            except ImportError as exc:  # openpyxl is the 'tables' extra
                _fail(f"the Excel report needs openpyxl: pip install 'rallyrules[tables]' ({exc})", EXIT_BAD_INPUT)
            to_excel(result, output, lang)
        else:
            console = Console(record=True, width=160, file=io.StringIO())  # recorded, not shown
            print_tables(result, console, lang)
            output.write_text(console.export_html(inline_styles=True), encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc}", EXIT_BAD_INPUT)
    click.echo(str(output))


@main.command()
@click.argument("result", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_rules_option
@_data_option
def verify(result: Path, rules: Path | None, data: Path | None) -> None:
    """Re-run a saved result (from `evaluate --format json`) and confirm it, or show what differs.

    The result's receipt names the rule pack and the data; --rules/--data point elsewhere.
    Exit 0 when confirmed, 4 when something differs.
    """
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


@main.command()
@_rules_option
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs"),
    show_default=True,
    help="Folder to write rulebook.md / rulebook.html into (created if missing).",
)
@click.option("--format", "output_format", type=click.Choice(["md", "html", "both"]), default="both", show_default=True)
def rulebook(rules: Path | None, output_dir: Path, output_format: str) -> None:
    """Write the rule pack as a document for legal reviewers: every rule beside the plan's words."""
    try:
        pack = _pack(rules)
    except RulePackError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    try:
        written = write_rulebook(pack, output_dir, output_format)  # type: ignore[arg-type]
    except OSError as exc:
        _fail(f"cannot write the rulebook to {output_dir}: {exc}", EXIT_BAD_INPUT)
    for path in written:
        click.echo(str(path))


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
