"""The command line: the main job on the bundled data, formats, and clear failures."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rallyrules.cli import main

from .conftest import FIXTURES_DIR, PACK_DIR


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_with_no_arguments_prints_a_summary_and_the_proposed_per_wave() -> None:
    """`rallyrules evaluate` runs the bundled pack on its bundled data: a summary per round
    and authority, then the proposed and the requirements not met per round."""
    code, out, _ = run("evaluate")
    assert code == 0
    assert out.index("Summary by round and awarding authority") < out.index("Wave 1 — Proposed for the Certificate of merit")
    for wave in (1, 2, 3):
        assert f"Wave {wave} — Proposed for the Certificate of merit" in out
        assert f"Wave {wave} — Requirements not met" in out
    assert "After the waves — Proposed for the Certificate of commendation" in out
    assert "BCD-31123" in out and "counted" in out and "Decided by:" in out and "Data findings" in out
    assert "BCD-31117" not in out  # eligible, not selected: listed with --all
    code, out, _ = run("evaluate", "--all")
    assert code == 0 and "BCD-31117" in out and "rank 4 of 6" in out


def test_evaluate_json_and_csv() -> None:
    """--format json gives the whole evaluation; csv one row per decision."""
    code, out, _ = run("evaluate", "--format", "json", "--engine", "python")
    assert code == 0
    data = json.loads(out)
    assert data["receipt"]["pack_id"] == "can-tho-2023" and data["receipt"]["engine"].startswith("python")
    assert data["counting"]["input"] == data["counting"]["counted"] + data["counting"]["excluded"]
    code, out, _ = run("evaluate", "--format", "csv", "--rules", str(PACK_DIR), "--data", str(FIXTURES_DIR), "--lang", "vi")
    assert code == 0
    assert out.startswith("\ufeff")  # for Excel
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == len(data["decisions"])
    assert {"Đợt", "Mã đối tượng", "Chỉ tiêu", "Số người tham gia được tính", "Kết quả", "Còn thiếu", "Lý do"} <= set(rows[0])


def test_bad_rules_exit_1_with_every_problem(tmp_path: Path) -> None:
    """A broken rule pack exits 1 and prints its problems with file and line."""
    target = tmp_path / "pack"
    shutil.copytree(PACK_DIR, target)
    path = target / "giay-khen-tap-the.yaml"
    path.write_text(path.read_text("utf-8").replace("applies_to:", "aplies_to:"), "utf-8")
    code, _, err = run("evaluate", "--rules", str(target))
    assert code == 1
    assert "giay-khen-tap-the.yaml:" in err and "Did you mean 'applies_to'?" in err


def test_bad_data_exit_1(tmp_path: Path) -> None:
    """A data folder without its files exits 1 naming them."""
    code, _, err = run("evaluate", "--data", str(tmp_path))
    assert code == 1 and "subjects.csv" in err


def test_check_and_help() -> None:
    """`check` validates the pack and data; --help explains the commands."""
    code, out, _ = run("check", "--data", str(FIXTURES_DIR))
    assert code == 0 and "OK" in out
    code, out, _ = run("--help")
    assert code == 0 and "evaluate" in out and "check" in out


def test_explain_a_subject_in_vietnamese() -> None:
    """`explain SUBJECT` prints every decision about it, clause by clause."""
    code, out, _ = run("explain", "BCD-31126", "--lang", "vi", "--engine", "python")
    assert code == 0
    assert "Đợt 1" in out and "II.5.c" in out and "còn thiếu 1 người" in out


def test_explain_an_unknown_subject_suggests() -> None:
    code, _, err = run("explain", "BCD-3112", "--engine", "python")
    assert code == 1 and "Did you mean" in err


def test_verify_a_saved_result(tmp_path: Path) -> None:
    """A saved JSON result verifies (exit 0); edited, it does not (exit 4)."""
    saved = tmp_path / "result.json"
    code, _, _ = run("evaluate", "--format", "json", "--engine", "python", "-o", str(saved))
    assert code == 0
    code, out, _ = run("verify", str(saved))
    assert code == 0 and out.startswith("confirmed")
    data = json.loads(saved.read_text("utf-8"))
    data["decisions"][0]["outcome"] = "eligible" if data["decisions"][0]["outcome"] != "eligible" else "not-eligible"
    saved.write_text(json.dumps(data), "utf-8")
    code, out, _ = run("verify", str(saved))
    assert code == 4 and "NOT confirmed" in out and "decisions[0].outcome: the result says" in out


def test_report_writes_every_proposal_and_the_review_into_a_folder(tmp_path: Path) -> None:
    """`report -o DIR` writes per round and authority the proposal as .docx and .xlsx, the
    review workbook, and prints exactly the files it wrote."""
    import zipfile

    out = tmp_path / "ho-so"
    code, stdout, err = run("report", "--engine", "python", "-o", str(out))
    assert code == 0, err
    listed = [Path(line) for line in stdout.splitlines()]
    assert sorted(listed) == sorted(out.iterdir())
    proposals = [p for p in listed if p.name.startswith("de-nghi-")]
    assert len([p for p in proposals if p.suffix == ".docx"]) == len([p for p in proposals if p.suffix == ".xlsx"]) == 19
    assert out / "de-nghi-dot-1-giay-khen-chu-tich-ubnd-huyen-916.docx" in listed
    assert out / "xet-duyet-can-tho-2023.xlsx" in listed
    for path in listed:
        names = zipfile.ZipFile(path).namelist()
        assert ("word/document.xml" if path.suffix == ".docx" else "xl/workbook.xml") in names, path


def test_report_format_selects_and_lang_chooses_the_review_language(tmp_path: Path) -> None:
    import openpyxl

    code, stdout, err = run(
        "report", "--format", "review", "--format", "html", "--lang", "en", "--engine", "python", "-o", str(tmp_path)
    )
    assert code == 0, err
    assert [Path(line).name for line in stdout.splitlines()] == ["xet-duyet-can-tho-2023.xlsx", "bao-cao-can-tho-2023.html"]
    assert openpyxl.load_workbook(tmp_path / "xet-duyet-can-tho-2023.xlsx", read_only=True).sheetnames[0] == "Summary"
    page = (tmp_path / "bao-cao-can-tho-2023.html").read_text("utf-8")
    assert '<html lang="en"' in page and "<table" in page


def test_report_checks_where_and_what_it_writes_before_any_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file name for -o (as the old `-o x.xlsx`), a file in the way, a missing parent, an
    unknown format: usage errors before the evaluation starts, and nothing written."""
    from rallyrules import cli

    def no_evaluation(*args: object) -> None:
        raise AssertionError("evaluated before checking the output")

    monkeypatch.setattr(cli, "_run_all", no_evaluation)
    (tmp_path / "a-file").write_text("keep", "utf-8")
    for args in (["-o", str(tmp_path / "x.xlsx")], ["-o", str(tmp_path / "x.csv")], ["-o", str(tmp_path / "a-file")],
                 ["-o", str(tmp_path / "no" / "dir")], ["--format", "pdf", "-o", str(tmp_path / "ok")]):  # fmt: skip
        code, _, err = run("report", *args)
        assert code == 2, (args, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"] and (tmp_path / "a-file").read_text("utf-8") == "keep"
    code, _, err = run("report", "-o", str(tmp_path / "x.xlsx"))
    assert "looks like a file name" in err


def test_report_writes_into_a_folder_named_after_the_pack_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run("report", "--format", "review", "--engine", "python")
    assert code == 0, err
    assert stdout.strip() == str(Path("rallyrules-report-can-tho-2023") / "xet-duyet-can-tho-2023.xlsx")


def test_report_failing_half_way_keeps_the_files_it_had(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails (a full disk) exits 1 and leaves every earlier file as it was, with no
    partial file beside it."""
    from rallyrules.outputs import office

    code, _, err = run("report", "--format", "docx", "--engine", "python", "-o", str(tmp_path))
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real, calls = office.proposal_docx, []

    def fails_third(proposal: office.Proposal) -> bytes:
        calls.append(proposal)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(proposal)

    monkeypatch.setattr(office, "proposal_docx", fails_third)
    code, stdout, err = run("report", "--format", "docx", "--engine", "python", "-o", str(tmp_path))
    assert code == 1 and "No space left on device" in err
    rewritten = [Path(line).name for line in stdout.splitlines()]
    assert len(rewritten) == 2  # the two written before the failure are listed
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if k not in rewritten} == {k: v for k, v in before.items() if k not in rewritten}
