"""Data in: the same tables from CSV, Excel, Parquet or DataFrames; Vietnamese headings;
day-first dates; every bad row named with its file and spreadsheet row."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import rallyrules as rr
from rallyrules import tables
from rallyrules.dataset import TABLES
from rallyrules.facts import record_fields

from .conftest import FIXTURES_DIR

pd = pytest.importorskip("pandas")

SCHEMA_DIR = Path(rr.__file__).parent / "_schema"
DOCS_DIR = FIXTURES_DIR.parent.parent / "docs"
DATE_COLUMNS = ("enrolled_on", "covered_until", "attested_on", "submitted_on")


def bundled_frames(limit: int | None = None) -> dict[str, Any]:
    """The bundled tables as DataFrames typed the way pandas reads them (numbers as
    numbers, blanks as NaN), dates as datetimes; enrolments cut to ``limit`` rows."""
    frames = {}
    for table in TABLES:
        # Codes are text (a code read as a number is refused: it may have lost leading zeros).
        frame = pd.read_csv(FIXTURES_DIR / f"{table}.csv", dtype=dict.fromkeys(tables.IDENTIFIER_COLUMNS, str))
        for column in DATE_COLUMNS:
            if column in frame:
                frame[column] = pd.to_datetime(frame[column])
        frames[table] = frame.head(limit) if limit and table == "enrolments" else frame
    return frames


def write_csv(folder: Path, name: str, header: list[str], rows: list[list[Any]]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def minimal_csv(folder: Path) -> None:
    """A small valid data set as CSV, to replace one table of in a test."""
    write_csv(
        folder,
        "subjects.csv",
        ["subject_id", "name", "kind", "level", "scope"],
        [["C1", "Xã A", "collective", "district", "916"]],
    )
    write_csv(folder, "quotas.csv", ["subject_id", "wave", "quota"], [["C1", "1", "12"]])
    write_csv(
        folder, "enrolments.csv", ["enrolment_id", "person_id", "scheme", "enrolled_on", "covered_until", "credited_to"],
        [["E1", "P1", "bhxh-tu-nguyen", "2023-05-06", "2023-12-31", "C1"]],
    )  # fmt: skip


@pytest.fixture(scope="module")
def cut_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data as CSV with 3000 enrolments (writing 40 000 rows to Excel is slow)."""
    folder = tmp_path_factory.mktemp("cut")
    for table in TABLES:
        shutil.copy(FIXTURES_DIR / f"{table}.csv", folder)
    lines = (FIXTURES_DIR / "enrolments.csv").read_text("utf-8").splitlines(keepends=True)
    (folder / "enrolments.csv").write_text("".join(lines[:3001]), "utf-8")
    return folder


def test_parquet_gives_the_same_dataset_as_csv(tmp_path: Path) -> None:
    """The whole bundled data set written to Parquet by pandas reads back to the same records."""
    pytest.importorskip("pyarrow")
    for table, frame in bundled_frames().items():
        frame.to_parquet(tmp_path / f"{table}.parquet", index=False)
    data = rr.load_dataset(tmp_path)
    assert rr.inputs_digest(data) == rr.inputs_digest(rr.load_dataset(FIXTURES_DIR))
    assert data.absent == ()


def test_xlsx_gives_the_same_dataset_as_csv(tmp_path: Path, cut_fixtures: Path) -> None:
    """The bundled tables written to Excel by pandas (dates as date cells, codes such as
    area_code as numbers, blanks as empty cells) read back to the same records."""
    pytest.importorskip("openpyxl")
    for table, frame in bundled_frames(limit=3000).items():
        frame.to_excel(tmp_path / f"{table}.xlsx", index=False)
    assert rr.inputs_digest(rr.load_dataset(tmp_path)) == rr.inputs_digest(rr.load_dataset(cut_fixtures))


def test_dataframes_give_the_same_dataset_as_csv() -> None:
    """Dataset.from_dataframes on the bundled tables (numbers, NaN, Timestamps) gives the CSV records."""
    data = rr.Dataset.from_dataframes(**{t.replace("-", "_"): f for t, f in bundled_frames().items()})
    assert rr.inputs_digest(data) == rr.inputs_digest(rr.load_dataset(FIXTURES_DIR))


def test_dataframes_optional_tables_default_to_absent() -> None:
    """Optional tables not given are absent, as with from_records."""
    frames = bundled_frames()
    data = rr.Dataset.from_dataframes(subjects=frames["subjects"], quotas=frames["quotas"], enrolments=frames["enrolments"])
    assert set(data.absent) == {"attestations", "targets", "submissions", "rosters", "admin-units"}


def test_vietnamese_headings_are_aliases(tmp_path: Path) -> None:
    """Vietnamese headings, in any case, NFD or without diacritics, read like the English ones."""
    english = tmp_path / "en"
    english.mkdir()
    minimal_csv(english)
    vietnamese = tmp_path / "vi"
    vietnamese.mkdir()
    nfd = unicodedata.normalize("NFD", "Tên")
    write_csv(
        vietnamese, "subjects.csv", ["MÃ ĐƠN VỊ", nfd, "loai", "Cấp", "Phạm vi"], [["C1", "Xã A", "Tập thể", "district", "916"]]
    )
    write_csv(vietnamese, "quotas.csv", ["ma_don_vi", "Đợt", "Chỉ tiêu"], [["C1", "1", "12"]])
    write_csv(
        vietnamese, "enrolments.csv", ["Mã hồ sơ", "Mã số BHXH", "Loại hình", "Ngày tham gia", "Hạn thẻ", "Đơn vị vận động"],
        [["E1", "P1", "bhxh-tu-nguyen", "06/05/2023", "31/12/2023", "C1"]],
    )  # fmt: skip
    assert rr.inputs_digest(rr.load_dataset(vietnamese)) == rr.inputs_digest(rr.load_dataset(english))


def test_every_alias_names_one_column_per_table() -> None:
    """No heading could mean two columns of one table, with or without diacritics."""
    for table in TABLES:
        tables.match_columns([], record_fields(tables.FACT_OF_TABLE[table]))  # builds and checks the lookup
    assert tables.match_columns(["giá trị đến", "gia tri den"], record_fields(rr.Enrolment))[0] == ["covered_until"] * 2


def test_unknown_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    """A misspelt Vietnamese heading is unknown, with the column it probably means."""
    minimal_csv(tmp_path)
    write_csv(
        tmp_path, "enrolments.csv", ["Mã hồ sơ", "Mã số BHXH", "Loại hình", "Ngày tham gja", "Đơn vị vận động", "colour"],
        [["E1", "P1", "bhxh-tu-nguyen", "06/05/2023", "C1", "red"]],
    )  # fmt: skip
    with pytest.raises(rr.DataError) as caught:
        rr.load_dataset(tmp_path)
    (problem,) = caught.value.problems
    assert (Path(problem.path or "").name, problem.line) == ("enrolments.csv", 1)
    for words in (
        "missing column(s) ['enrolled_on']",
        "unknown column(s) ['Ngày tham gja', 'colour']",
        "did you mean 'enrolled_on'",
    ):
        assert words in problem.message, problem.message


def test_a_heading_given_twice_is_refused(tmp_path: Path) -> None:
    """Two headings for one column (English and Vietnamese) are an error naming both."""
    minimal_csv(tmp_path)
    write_csv(tmp_path, "quotas.csv", ["subject_id", "Mã đơn vị", "wave", "quota"], [["C1", "C1", "1", "12"]])
    with pytest.raises(rr.DataError, match="'subject_id' and 'Mã đơn vị' are both column 'subject_id'"):
        rr.load_dataset(tmp_path)


@pytest.mark.parametrize(
    ("text", "day"),
    [("06/05/2023", dt.date(2023, 5, 6)), ("6/5/2023", dt.date(2023, 5, 6)), ("2023-05-06", dt.date(2023, 5, 6)),
     ("29/02/2024", dt.date(2024, 2, 29)), (" 31/12/2023 ", dt.date(2023, 12, 31))],
)  # fmt: skip
def test_dates_are_iso_or_day_first(text: str, day: dt.date) -> None:
    """dd/mm/yyyy is read day first (06/05/2023 is 6 May), ISO as ISO."""
    assert tables.parse_date(text) == day


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2023/05/06", "expected a date as dd/mm/yyyy"),
        ("5/6/23", "expected a date as dd/mm/yyyy"),
        ("06-05-2023", "expected a date as dd/mm/yyyy"),
        ("20230506", "expected a date as dd/mm/yyyy"),
        ("31/02/2023", "is not a date that exists"),
        ("2023-02-29", "is not a date that exists"),
        (dt.datetime(2023, 5, 6, 8, 30), "remove the time part"),
        (dt.datetime(2023, 5, 6, tzinfo=dt.UTC), "time zone"),
        (45052, "format the cell as a date"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused(value: object, words: str) -> None:
    """Year-first with slashes, two-digit years, impossible days, times and serial numbers."""
    with pytest.raises(ValueError, match=words):
        tables.parse_date(value)


def test_spreadsheet_dates_are_accepted() -> None:
    """A date cell (a datetime at midnight, or a date) is that day."""
    assert tables.parse_date(dt.datetime(2023, 5, 6)) == dt.date(2023, 5, 6) == tables.parse_date(dt.date(2023, 5, 6))


def test_every_bad_xlsx_row_is_named_with_its_row(tmp_path: Path) -> None:
    """All bad rows of a workbook in one DataError, each with the row Excel shows (header = 1,
    blank rows counted), and the field and value that are wrong; 12.0 is 12, 12.5 is not."""
    minimal_csv(tmp_path)
    (tmp_path / "quotas.csv").unlink()
    (tmp_path / "enrolments.csv").unlink()
    write_xlsx(tmp_path / "quotas.xlsx", [["Mã đơn vị", "Đợt", "Chỉ tiêu"], ["C1", 1, 12.0], [None, None, None], ["C1", 2, 12.5]])
    write_xlsx(
        tmp_path / "enrolments.xlsx",
        [
            ["Mã hồ sơ", "Mã số BHXH", "Loại hình", "Ngày tham gia", "Hạn thẻ", "Đơn vị vận động"],
            ["E1", 9285416030, "bhxh-tu-nguyen", "06/05/2023", dt.datetime(2023, 12, 31), "C1"],
            ["E2", "P2", "bhxh-tu-nguyen", "2023/05/06", None, "C1"],
            ["E3", "P3", "bhxh-tu-nguyen", "5/6/23", "31/02/2023", "C1"],
            ["E4", "P4", "bhxh-tu-nguyen", dt.datetime(2023, 5, 6, 8, 30), None, "C1"],
            ["E5", "P5", "bhxh-tu-nguyen", dt.date(2023, 5, 6), None, "C1", "stray"],
        ],
    )
    with pytest.raises(rr.DataError) as caught:
        rr.load_dataset(tmp_path)
    found = {(Path(p.path or "").name, p.line): p.message for p in caught.value.problems}
    assert set(found) == {("quotas.xlsx", 4)} | {("enrolments.xlsx", n) for n in (2, 3, 4, 5, 6)}
    assert "'quota': expected a whole number, got 12.5" in found["quotas.xlsx", 4]
    # A code typed as a number (the person's BHXH number) is refused: it may have lost its leading zeros.
    assert "'person_id': expected the code as text, got the number 9285416030" in found["enrolments.xlsx", 2]
    assert "'enrolled_on'" in found["enrolments.xlsx", 3] and "'2023/05/06'" in found["enrolments.xlsx", 3]
    assert "'enrolled_on'" in found["enrolments.xlsx", 4] and "'covered_until'" in found["enrolments.xlsx", 4]
    assert "remove the time part" in found["enrolments.xlsx", 5]
    assert "column(s) G, which have no heading" in found["enrolments.xlsx", 6]


def test_xlsx_cells_become_typed_values(tmp_path: Path) -> None:
    """Whole-number floats and date cells read as the same records as CSV text; a code
    typed as a number is refused, naming the cell's row and column."""
    minimal_csv(tmp_path)
    expected = rr.load_dataset(tmp_path)
    (tmp_path / "subjects.csv").unlink()
    (tmp_path / "quotas.csv").unlink()
    subjects = [["subject_id", "name", "kind", "level", "scope"], ["C1", "Xã A", "collective", "district", "916"]]
    write_xlsx(tmp_path / "subjects.xlsx", subjects)
    write_xlsx(tmp_path / "quotas.xlsx", [["subject_id", "wave", "quota"], ["C1", 1.0, 12.0]])
    assert rr.inputs_digest(rr.load_dataset(tmp_path)) == rr.inputs_digest(expected)
    subjects[1][4] = 916.0
    write_xlsx(tmp_path / "subjects.xlsx", subjects)
    with pytest.raises(
        rr.DataError, match=r"subjects.xlsx:2: subject record: 'scope': expected the code as text, got the number 916"
    ):
        rr.load_dataset(tmp_path)


def test_one_table_in_two_formats_is_an_error(tmp_path: Path) -> None:
    """quotas.csv and quotas.xlsx together: which one is meant is unknown, so both are named."""
    minimal_csv(tmp_path)
    write_xlsx(tmp_path / "quotas.xlsx", [["subject_id", "wave", "quota"], ["C1", 1, 12]])
    with pytest.raises(rr.DataError, match=r"'quotas' is given twice, as quotas\.csv and quotas\.xlsx"):
        rr.load_dataset(tmp_path)


def test_a_missing_required_table_names_every_format(tmp_path: Path) -> None:
    """No subjects file in any format: the problem says which files were looked for."""
    minimal_csv(tmp_path)
    (tmp_path / "subjects.csv").unlink()
    with pytest.raises(rr.DataError, match=r"nor subjects\.xlsx or subjects\.parquet"):
        rr.load_dataset(tmp_path)


def test_bad_dataframe_rows_are_named_by_index_label() -> None:
    """A bad DataFrame row is named table[label]; a column moved into the index is pointed out."""
    frames = {
        "subjects": pd.DataFrame({"subject_id": ["C1"], "name": ["Xã A"], "kind": ["collective"], "level": ["district"]}),
        "quotas": pd.DataFrame({"subject_id": ["C1", "C1"], "wave": [1, 2], "quota": [12.0, 2.5]}, index=["a", "b"]),
        "enrolments": pd.DataFrame(
            {"enrolment_id": ["E1"], "person_id": ["P1"], "scheme": ["s"], "enrolled_on": ["2023/05/06"], "credited_to": ["C1"]}
        ).set_index("enrolment_id"),
    }
    with pytest.raises(rr.DataError) as caught:
        rr.Dataset.from_dataframes(**frames)
    text = str(caught.value)
    # pandas held the quotas as floats (3.000 may have been three thousand): the column is refused.
    assert "quotas: column 'quota' (quota) holds floats where whole numbers are expected" in text
    assert "missing column(s) ['enrolment_id']" in text and ".reset_index()" in text


def test_shipped_input_schemas_follow_the_classes() -> None:
    """Each _schema/input-<table>.schema.json, and its copy published in docs/, is what
    input_schema() generates from the fact classes."""
    for table in TABLES:
        for folder in (SCHEMA_DIR, DOCS_DIR):
            assert (folder / f"input-{table}.schema.json").read_text("utf-8") == tables.input_schema_text(table), (folder, table)


def test_bundled_rows_are_valid_against_the_input_schemas() -> None:
    """The bundled CSV rows, typed as their columns say, are valid against the published schemas."""
    jsonschema = pytest.importorskip("jsonschema")
    for table in TABLES:
        schema = json.loads((SCHEMA_DIR / f"input-{table}.schema.json").read_text("utf-8"))
        fields = record_fields(tables.FACT_OF_TABLE[table])
        with (FIXTURES_DIR / f"{table}.csv").open(encoding="utf-8") as handle:
            rows = [
                {k: (None if v == "" else int(v) if fields[k][0] == "integer" else v) for k, v in row.items()}
                for row in list(csv.DictReader(handle))[:500]
            ]
        jsonschema.validate(rows, schema)
    quota = json.loads((SCHEMA_DIR / "input-quotas.schema.json").read_text("utf-8"))["items"]["properties"]["quota"]
    assert quota["minimum"] == 0 and "chỉ tiêu" in quota["x-aliases"]


def test_docs_list_every_alias() -> None:
    """docs/input-format.md lists exactly the headings of COLUMN_ALIASES."""
    docs = (DOCS_DIR / "input-format.md").read_text("utf-8")
    section = docs.split("## Headings", 1)[1].split("\n## ", 1)[0]
    listed = {
        line.split("|")[1].strip(" `"): tuple(a.strip() for a in line.split("|")[2].split(","))
        for line in section.splitlines()
        if line.startswith("| `")
    }
    for column, aliases in tables.COLUMN_ALIASES.items():
        if column in listed:
            assert listed[column] == aliases, column
        else:  # the payment-record columns, listed in the paragraph below the table
            assert all(alias in section for alias in aliases), column


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("where", ["start", "end"])
def test_a_control_or_separator_character_at_an_end_of_a_value_is_refused_not_trimmed(
    tmp_path: Path, char: str, where: str
) -> None:
    """Only white space is trimmed from the ends of a value (spaces, no-break spaces, tabs
    and line ends); the characters refused inside a value are refused at its ends too, by the
    CSV reader and by the record constructor alike, naming the character."""
    name = char + "Ấp 3" if where == "start" else "Ấp 3" + char
    rows = [{"subject_id": "A", "name": name, "kind": "collective", "level": "city"}]
    with pytest.raises(rr.DataError) as caught:
        rr.Dataset.from_records(subjects=rows, quotas=[], enrolments=[])
    assert f"U+{ord(char):04X}" in str(caught.value)
    (tmp_path / "subjects.csv").write_text("subject_id,name,kind,level\n" + f'A,"{name}",collective,city\n', "utf-8")
    (tmp_path / "quotas.csv").write_text("subject_id,wave,quota\n", "utf-8")
    (tmp_path / "enrolments.csv").write_text(
        "enrolment_id,person_id,scheme,enrolled_on,credited_to,covered_until,credited_individual\n", "utf-8"
    )
    with pytest.raises(rr.DataError) as read:
        rr.load_dataset(tmp_path)
    assert f"U+{ord(char):04X}" in str(read.value) and "subjects.csv" in str(read.value)
    kept = rr.Dataset.from_records(subjects=[dict(rows[0], name="\u00a0 Ấp 3\t\r\n")], quotas=[], enrolments=[])
    assert kept.frame("subjects").get_column("name").to_list() == ["Ấp 3"]
