"""The command line: ``rallyrules evaluate``, ``rallyrules check`` and ``rallyrules rulebook``.

Exit codes: 0 success; 1 bad input (rule pack or data: every problem is printed);
2 wrong usage; 3 the engine failed or could not be trusted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from . import __version__
from ._bundled import bundled_fixtures_root, bundled_packs
from ._validation import load_rule_pack
from .dataset import check_dataset, load_dataset
from .errors import CompileError, DataError, EngineError, RulePackError
from .evaluation import evaluate as run_evaluation
from .model import RulePack
from .reports import print_tables, to_csv
from .rulebook import write_rulebook

EXIT_BAD_INPUT = 1
EXIT_ENGINE = 3


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
    help="Data folder with subjects.csv, quotas.csv, enrolments.csv [default: the bundled data of the pack].",
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
    """Decide every rule for every subject and wave, and say why."""
    try:
        pack = _pack(rules)
        dataset = load_dataset(data if data is not None else bundled_fixtures_root() / pack.id)
        result = run_evaluation(pack, dataset, engine=engine)  # type: ignore[arg-type]
    except (RulePackError, DataError, CompileError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except EngineError as exc:
        _fail(f"engine failure: {exc}", EXIT_ENGINE)
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


@main.command()
@_rules_option
@_data_option
def check(rules: Path | None, data: Path | None) -> None:
    """Check a rule pack (and a data set, with --data) and report every problem."""
    try:
        pack = _pack(rules)
        click.echo(f"rule pack {pack.id}: {len(pack.rules)} rules, {len(pack.waves)} waves, {len(pack.parameters)} parameters — OK")
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
