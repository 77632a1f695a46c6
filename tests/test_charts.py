"""Charts of the bundled season: the right bars, numbers, lines and words, rendered to PNG.

Bar lengths are checked against an independent count (the counting ledger and the quota
records), not against the decisions the charts read.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

import rallyrules as rr

pytest.importorskip("matplotlib")

import numpy as np
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from rallyrules import charts

from .conftest import FIXTURES_DIR

DISTRICTS = ["916", "917", "918", "919", "923", "924", "925", "926", "927"]
GROUP_916 = "wave-1 · Chủ tịch UBND quận, huyện 916"


@pytest.fixture(scope="module")
def dataset() -> rr.Dataset:
    return rr.load_dataset(FIXTURES_DIR)


@pytest.fixture(scope="module")
def result(pack: rr.RulePack, dataset: rr.Dataset) -> rr.Evaluation:
    return rr.evaluate(pack, dataset)


def _district_percent(result: rr.Evaluation, dataset: rr.Dataset, district: str, wave: int) -> float:
    """Counted / quota (%) of the district-level collectives of a district, from the data."""
    members = [s.subject_id for s in dataset.subjects if s.kind == "collective" and s.level == "district" and s.scope == district]
    counted = sum(result.counting.count(m, wave) for m in members)
    quota = sum(q.quota for q in dataset.quotas if q.subject_id in members and q.wave == wave)
    return float(Fraction(counted * 100, quota))


def _ys(line: Line2D) -> list[float]:
    return [float(y) for y in np.asarray(line.get_ydata())]


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=60)
    return out.getvalue()


def test_format_percent_is_exact_and_rounds_down() -> None:
    assert charts.format_percent(1210, 1210) == "100.0%"
    assert charts.format_percent(9996, 10000) == "99.9%"  # never shown as reached
    assert charts.format_percent(2, 3) == "66.6%"
    assert charts.format_percent(888, 885) == "100.3%"
    assert charts.format_percent(0, 5) == "0.0%"


def test_progress_chart_has_nine_districts_times_three_waves(result: rr.Evaluation, dataset: rr.Dataset) -> None:
    fig = charts.progress_chart(result)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == DISTRICTS
    assert len(ax.containers) == 3 and all(len(bars) == 9 for bars in ax.containers)
    for wave, bars in enumerate(ax.containers, 1):
        for district, bar in zip(DISTRICTS, bars, strict=False):
            assert bar.get_width() == pytest.approx(_district_percent(result, dataset, district, wave), abs=1e-9)
    assert [line.get_xdata() for line in ax.lines] == [[100, 100]]  # the 100% line
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["100% chỉ tiêu", "Đợt 1", "Đợt 2", "Đợt 3"]
    assert ax.get_xlabel() == "Số người tham gia được tính / chỉ tiêu (%)"
    assert ax.get_title().startswith("Tỷ lệ đạt chỉ tiêu theo quận, huyện")
    labels = {t.get_text() for t in ax.texts}
    assert "100.0% (1210/1210)" in labels  # Ô Môn, wave 3: exactly at quota
    assert "92.3% (988/1070)" in labels


def test_progress_chart_of_one_wave_in_english_with_names(result: rr.Evaluation, dataset: rr.Dataset) -> None:
    fig = charts.progress_chart(result, wave=2, lang="en", names={"916": "Quận Ninh Kiều"})
    (ax,) = fig.axes
    assert len(ax.containers) == 1 and len(ax.containers[0]) == 9
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Quận Ninh Kiều (916)" and ticks[1:] == DISTRICTS[1:]
    assert ax.get_xlabel() == "Counted enrolments / quota (%)"
    assert ax.get_title().endswith("— Wave 2")
    assert ax.containers[0][0].get_width() == pytest.approx(_district_percent(result, dataset, "916", 2))


def test_progress_chart_by_subject_has_every_collective(result: rr.Evaluation, dataset: rr.Dataset) -> None:
    fig = charts.progress_chart(result, wave=1, by="subject", lang="en")
    (ax,) = fig.axes
    collectives = sorted(s.subject_id for s in dataset.subjects if s.kind == "collective")
    assert [t.get_text().split(" — ")[0] for t in ax.get_yticklabels()] == collectives
    assert len(ax.containers[0]) == len(collectives) == 113


def test_progress_chart_refuses_what_it_cannot_draw(result: rr.Evaluation) -> None:
    with pytest.raises(ValueError, match="by must be"):
        charts.progress_chart(result, by="level")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="wave 9"):
        charts.progress_chart(result, wave=9)


def test_cap_chart_draws_the_cut_off_at_the_maximum(result: rr.Evaluation) -> None:
    group = next(g for g in charts.cap_groups(result, "wave-1") if g.group == GROUP_916 and g.kind == "collective")
    assert (group.maximum, group.base, group.rate, group.eligible, group.selected) == (1, 12, "1/10", 6, 1)
    fig = charts.cap_chart(result, "wave-1", GROUP_916, kind="collective")
    (ax,) = fig.axes
    (bars,) = ax.containers
    assert len(bars) == group.eligible
    cut = [line for line in ax.lines if _ys(line) == [group.maximum, group.maximum]]
    assert len(cut) == 1  # the cut-off line, at y = maximum: below exactly `maximum` bars
    assert sum(bar.get_y() + bar.get_height() <= group.maximum for bar in bars) == group.maximum
    colours = [to_hex(bar.get_facecolor()) for bar in bars]
    assert colours == ["#2e7d32"] + ["#f9a825"] * 5  # selected, then not selected
    widths = [bar.get_width() for bar in bars]
    assert widths == sorted(widths, reverse=True)  # ranked by achievement
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0].startswith("1. BCD-31123 — ") and ticks[3].startswith("4. BCD-31117 — ")
    assert "Đợt 1 · Chủ tịch UBND quận, huyện 916 (tập thể)" in ax.get_title()
    assert "tối đa 1 = 1/10 (10.0%) × 12 · 6 đủ điều kiện · 1 được chọn" in ax.get_title()
    assert "128.1% (141/110)" in {t.get_text() for t in ax.texts}


def test_cap_chart_default_group_and_english(result: rr.Evaluation) -> None:
    fig = charts.cap_chart(result, "wave-1", lang="en")  # the group with the most eligible
    (ax,) = fig.axes
    assert "Wave 1 · Giám đốc BHXH thành phố (individuals)" in ax.get_title()
    assert "maximum 2 = 1/20 (5.0%) × 56 · 19 eligible · 2 selected" in ax.get_title()
    assert len(ax.containers[0]) == 19
    assert any(_ys(line) == [2, 2] for line in ax.lines)
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Selected", "Eligible, not selected (cap)", "Maximum: 2"]


def test_cap_chart_after_the_waves_with_another_measure(result: rr.Evaluation) -> None:
    fig = charts.cap_chart(result, "after-waves", kind="collective", measure=("worst_result", "worst_target"), lang="en")
    (ax,) = fig.axes
    assert ax.get_title().startswith("Cap: After the waves · Chủ tịch UBND thành phố (collectives)")
    assert ax.get_xlabel() == "worst_result / worst_target (%)"
    with pytest.raises(ValueError, match="not decided on here"):
        charts.cap_chart(result, "after-waves", kind="collective")  # no counted/quota after the waves


def test_cap_chart_names_the_groups_when_it_cannot_choose(result: rr.Evaluation) -> None:
    with pytest.raises(ValueError, match="pass kind="):
        charts.cap_chart(result, "wave-1", GROUP_916)
    with pytest.raises(ValueError, match="capped groups: 'wave-2 · Chủ tịch UBND quận, huyện 916'"):
        charts.cap_chart(result, "wave-2", "no such group")


def test_charts_render_to_png_deterministically(result: rr.Evaluation, tmp_path: Path) -> None:
    figures: dict[str, Callable[[], Figure]] = {
        "progress": lambda: charts.progress_chart(result),
        "cap": lambda: charts.cap_chart(result, "wave-1", GROUP_916, kind="collective"),
    }
    for name, draw in figures.items():
        png = _png(draw())
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert png == _png(draw()), f"{name}: two renderings differ"
        (tmp_path / f"{name}.png").write_bytes(png)


# -- where the caps bite, the funnel, the exclusions -------------------------------------------------

NAMES = {"916": "Quận Ninh Kiều", "917": "Quận Ô Môn"}


def test_caps_chart_shows_every_cap_a_zero_in_red(result: rr.Evaluation, pack: rr.RulePack) -> None:
    fig = charts.caps_chart(result, "vi", pack=pack, unit_names=NAMES)
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    titles = [ax.get_title(loc="left") for ax in panels]
    assert titles[:2] == ["Đợt 1 — Tập thể", "Đợt 1 — Cá nhân"] and titles[-1] == "Sau các đợt — Cá nhân"
    assert len(panels) == 8  # 4 rounds x 2 kinds
    first = panels[1]  # wave 1, individuals
    ticks = [t.get_text() for t in first.get_yticklabels()]
    assert ticks[:3] == ["Giám đốc BHXH thành phố", "Chủ tịch UBND quận Ninh Kiều", "Chủ tịch UBND quận Ô Môn"]
    assert ticks[3] == "địa bàn mã 918"  # no name given: the code, visibly
    eligible, selected = first.containers
    # cap_groups orders by the group's name; the chart puts the city-wide authority first.
    groups = sorted((g for g in charts.cap_groups(result, "wave-1") if g.kind == "individual"),
                    key=lambda g: (g.group.endswith("quận, huyện " + g.group[-3:]), g.group))  # fmt: skip
    assert [b.get_width() for b in eligible] == [g.eligible for g in groups]
    assert [b.get_width() for b in selected] == [g.selected for g in groups]
    caps = [(float(np.asarray(line.get_xdata())[0]), to_hex(line.get_color())) for line in first.lines]
    assert caps == [(g.maximum, "#c62828" if g.maximum == 0 else "#212121") for g in groups]
    assert sum(g.maximum == 0 for g in groups) == 9  # every district: 5% of under 20 individuals allows none
    labels = [t.get_text() for t in first.texts]
    assert labels[0] == "19 đủ ĐK · tối đa 2 · chọn 2" and labels[1] == "5 đủ ĐK · tối đa 0 · chọn 0"
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()][-1] == "Tối đa 0: không ai được chọn"


def test_funnel_chart_from_enrolments_to_proposals(result: rr.Evaluation, pack: rr.RulePack) -> None:
    fig = charts.funnel_chart(result, "vi", pack=pack)
    left, right = fig.axes
    assert [b.get_width() for b in left.containers[0]] == [39779, 35080]
    assert {t.get_text() for t in left.texts} == {"39.779", "35.080 (88,18%)"}
    considered, eligible, selected = right.containers
    assert [b.get_width() for b in considered] == [263, 263, 263, 263]
    assert [b.get_width() for b in selected] == [9, 9, 9, 4]
    assert eligible[0].get_width() == sum(d.eligible for d in result.for_round("wave-1") if d.award)
    assert [t.get_text() for t in right.get_yticklabels()] == ["Đợt 1", "Đợt 2", "Đợt 3", "Sau các đợt"]


def test_exclusions_chart_by_reason(result: rr.Evaluation) -> None:
    fig = charts.exclusions_chart(result, "vi")
    (ax,) = fig.axes
    reasons = result.counting.excluded_by_reason()
    assert [b.get_width() for b in ax.containers[0]] == sorted(reasons.values(), reverse=True)
    assert ax.get_yticklabels()[0].get_text() == "Thời hạn tham gia không đủ"
    labels = [t.get_text() for t in ax.texts]
    assert labels[0] == "2.808 (7,05%)" and labels[-1] == "1 (<0,01%)"  # never "0%" for one
    assert "39.779" in ax.get_xlabel()


def test_new_charts_render_to_png(result: rr.Evaluation, pack: rr.RulePack, tmp_path: Path) -> None:
    for name, draw in {
        "caps": lambda: charts.caps_chart(result, "en", pack=pack),
        "funnel": lambda: charts.funnel_chart(result, "en"),
        "exclusions": lambda: charts.exclusions_chart(result, "en"),
    }.items():
        png = _png(draw())
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and png == _png(draw()), name
        (tmp_path / f"{name}.png").write_bytes(png)
