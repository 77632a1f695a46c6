"""Numbers, ratios, dates and times in Vietnamese outputs follow Vietnamese conventions
(issue 11, point 4): ``39.779``, ``98,18%``, one ratio format ``54/55 (98,18%)``, dates
``dd/mm/yyyy``, times in Asia/Ho_Chi_Minh; machine formats (JSON) stay ISO and UTC."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner

import rallyrules as rr
from rallyrules import text
from rallyrules.cli import main
from rallyrules.outputs.html import render_report

from .conftest import FIXTURES_DIR, PACK_DIR

MOMENT = dt.datetime(2023, 12, 31, 20, 30, tzinfo=dt.UTC)  # 03:30 on 1 January 2024 in Vietnam


@pytest.fixture(scope="module")
def evaluation() -> rr.Evaluation:
    return rr.evaluate(rr.load_rule_pack(PACK_DIR), rr.load_dataset(FIXTURES_DIR), engine="python", evaluated_at=MOMENT)


def test_the_formatters() -> None:
    assert text.number(39779, "vi") == "39.779" and text.number(39779, "en") == "39,779"
    assert text.ratio(54, 55, "vi") == "54/55 (98,18%)" and text.ratio(54, 55, "en") == "54/55 (98.18%)"
    assert text.percent(rr.parse_rate("99.999%"), "vi") != "100%"  # rounded down: 100% only when reached
    assert text.date(dt.date(2023, 4, 5), "vi") == "05/04/2023"
    assert text.long_date(dt.date(2023, 4, 5), "vi") == "ngày 05 tháng 4 năm 2023"
    assert text.local_time(MOMENT, "vi") == "01/01/2024 03:30 (GMT+7)"


def test_the_terminal_table_in_vietnamese() -> None:
    result = CliRunner().invoke(main, ["evaluate", "--lang", "vi", "--engine", "python"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "39.779 đầu vào, 35.080 được tính, 4.699 bị loại" in result.output
    assert not re.search(r"\b\d{1,3},\d{3}\b", result.output)  # no English thousands separator
    assert not re.search(r"\d+\.\d+%", result.output)  # no English decimal point in a percentage


def test_explanations_ledger_and_report(evaluation: rr.Evaluation) -> None:
    explained = evaluation.explain("BCD-31126", "vi")
    assert "54/55 (98,18%)" in explained and "còn thiếu 1 người" in explained
    assert not re.search(r"\d+/\d+ = \d+/\d+", explained)  # never a reduced fraction
    details = evaluation.counting.ledger_in("vi").get_column("detail").to_list()
    assert any(re.search(r"\b\d{2}/\d{2}/2023\b", d) for d in details)
    assert not any(re.search(r"\b2023-\d{2}-\d{2}\b", d) for d in details)
    page = render_report(evaluation, lang="vi")
    assert "01/01/2024 03:30 (GMT+7)" in page and "2023-12-31T20:30" not in page


def test_machine_formats_stay_iso_and_utc(evaluation: rr.Evaluation) -> None:
    receipt = json.loads(evaluation.to_json())["receipt"]
    assert receipt["evaluated_at"] == "2023-12-31T20:30:00+00:00"


def test_a_report_never_sent_is_not_shown_as_sent_0_days_before(evaluation: rr.Evaluation) -> None:
    """An unsent report's days_before is 0 in the facts (nothing came); people read 'chưa gửi'."""
    assert "Số ngày gửi trước ngày mốc: chưa gửi" in evaluation.explain("924", "vi")
    assert "not sent" in evaluation.explain("924", "en")
