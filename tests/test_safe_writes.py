"""No command writes where it was not told to, a bad output is refused before any work,
and a write that fails or is interrupted (Ctrl-C) half way leaves the previous file as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rallyrules import cli
from rallyrules.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def no_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any evaluation started fails the test: what is checked must be checked before it."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the evaluation started before the output was checked")

    monkeypatch.setattr(cli, "_run_all", refuse)


@pytest.mark.usefixtures("no_evaluation")
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "json", "-o", "/no/such/dir/x.json"], "does not exist"),
        (["--format", "csv", "-o", "{tmp}/report.xlsx"], "writes .csv, not .xlsx"),
        (["--format", "json", "-o", "{tmp}/result.csv"], "writes .json, not .csv"),
        (["--format", "table", "--compact"], "--compact is for --format json"),
        (["--format", "json", "-o", "{tmp}"], "is a directory"),
    ],
    ids=["missing-folder", "csv-as-xlsx", "json-as-csv", "compact-table", "a-folder"],
)
def test_evaluate_refuses_a_bad_output_before_evaluating(tmp_path: Path, args: list[str], says: str) -> None:
    """`evaluate --format json -o /no/such/dir/x.json` ran the whole evaluation and then died
    with a traceback: now a usage error (exit 2) before any work, and nothing written."""
    code, _, err = run("evaluate", *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and says in err, err
    assert "Traceback" not in err and list(tmp_path.iterdir()) == []


class _Interrupted(KeyboardInterrupt):
    pass


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
def test_ctrl_c_while_writing_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    """A writer that is interrupted half way (KeyboardInterrupt, as Ctrl-C raises it): the
    previous file is untouched and no partial or temporary file is left beside it."""
    from rallyrules import reports
    from rallyrules.evaluation import Evaluation

    def half_table(result: Any, console: Any, *args: Any, **kwargs: Any) -> None:
        console.print("the first half of a table\n" * 2000)
        console.file.flush()
        raise _Interrupted

    def half_text(*args: Any, **kwargs: Any) -> str:
        raise _Interrupted

    monkeypatch.setattr(reports, "print_tables", half_table)
    monkeypatch.setattr(reports, "to_csv", half_text)
    monkeypatch.setattr(Evaluation, "to_json", half_text)
    target = tmp_path / {"table": "out.txt", "csv": "out.csv", "json": "out.json"}[output_format]
    target.write_text("the previous good file\n", "utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--engine", "python", "--format", output_format, "-o", str(target)])
    assert result.exit_code != 0
    assert target.read_text("utf-8") == "the previous good file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_evaluate_writes_compact_json(tmp_path: Path) -> None:
    """--compact: one line, no space after ',' or ':', the same JSON values as the indented form."""
    compact, indented = tmp_path / "c.json", tmp_path / "i.json"
    assert run("evaluate", "--engine", "python", "--format", "json", "--compact", "-o", str(compact))[0] == 0
    assert run("evaluate", "--engine", "python", "--format", "json", "-o", str(indented))[0] == 0
    text = compact.read_text("utf-8")
    assert text.count("\n") == 1 and text.endswith("}\n") and '", "' not in text and '": ' not in text
    one, two = json.loads(text), json.loads(indented.read_text("utf-8"))
    one["receipt"]["evaluated_at"] = two["receipt"]["evaluated_at"]
    assert one == two
    assert compact.stat().st_size < 0.8 * indented.stat().st_size


def test_rulebook_needs_a_folder_and_writes_nothing_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`rallyrules rulebook` silently overwrote ./docs/rulebook.{md,html} wherever it was run:
    now the folder must be named, and a run without one writes nothing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    code, _, err = run("rulebook")
    assert code == 2 and "--output-dir" in err
    assert list((tmp_path / "docs").iterdir()) == []


def test_rulebook_never_replaces_a_file_it_did_not_write(tmp_path: Path) -> None:
    """A file named rulebook.md that is not a rulebook stops the run before anything is
    written (exit 2, the file named); a rulebook written before is replaced, and the run
    prints every file it wrote."""
    mine = tmp_path / "rulebook.md"
    mine.write_text("# My own notes\n\nNot to be lost.\n", "utf-8")
    code, out, err = run("rulebook", "-o", str(tmp_path))
    assert code == 2 and "rulebook.md" in err and "not a rulebook" in err
    assert mine.read_text("utf-8") == "# My own notes\n\nNot to be lost.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rulebook.md"]
    mine.unlink()
    code, out, _ = run("rulebook", "-o", str(tmp_path))
    assert code == 0 and len(out.split()) == 4
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out2, _ = run("rulebook", "-o", str(tmp_path))
    assert code == 0 and out2 == out and {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_rulebook_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rulebook interrupted while writing its second file leaves the first complete and the
    previous second file as it was, with no temporary file."""
    from rallyrules import rulebook

    assert run("rulebook", "-o", str(tmp_path), "--lang", "vi")[0] == 0
    before = (tmp_path / "rulebook.html").read_bytes()
    real = rulebook.render_html

    def interrupted(*args: Any, **kwargs: Any) -> str:
        real(*args, **kwargs)
        raise _Interrupted

    monkeypatch.setattr(rulebook, "render_html", interrupted)
    assert CliRunner().invoke(main, ["rulebook", "-o", str(tmp_path), "--lang", "vi"]).exit_code != 0
    assert (tmp_path / "rulebook.html").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["rulebook.html", "rulebook.md"]
