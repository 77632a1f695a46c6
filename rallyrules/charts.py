"""Charts of an evaluation for analysts: progress against quota, whom a cap selected, where
the caps bite (:func:`caps_chart`), the funnel from enrolments to proposals
(:func:`funnel_chart`) and the enrolments not counted (:func:`exclusions_chart`).

Each function returns a :class:`matplotlib.figure.Figure`, built without pyplot: nothing
here chooses a backend, opens a window or keeps figures alive, so it works headless (Agg),
in a notebook (the figure displays itself) and in a server alike; save one with
``fig.savefig("chart.png")``.

Numbers are exact: percentages are computed from the integer counts with fractions and
shown rounded *down* to 0.1%, so a bar labelled 100.0% did reach its quota. The newer
charts write numbers as :mod:`rallyrules.text` does (``39.779``, ``7,05%`` in Vietnamese).
Needs the ``charts`` extra (``pip install 'rallyrules[charts]'``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Literal

import attrs

try:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.ticker import FuncFormatter, MaxNLocator
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError("rallyrules.charts needs matplotlib: pip install 'rallyrules[charts]'") from error

from . import _view
from .decisions import Decision
from .evaluation import Evaluation
from .model import RulePack
from .text import number, percent, t

__all__ = [
    "CapGroup",
    "cap_chart",
    "cap_groups",
    "caps_chart",
    "exclusions_chart",
    "format_percent",
    "funnel_chart",
    "progress_chart",
]

Lang = Literal["vi", "en"]
By = Literal["district", "subject"]

# One colour per wave (colour-blind safe, from matplotlib's "tab10"), cycled past six.
_WAVE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf")
_SELECTED, _NOT_SELECTED, _QUOTA_LINE, _CUT_LINE = "#2e7d32", "#f9a825", "#c62828", "#212121"
_LABEL_CHARS = 64  # longer subject names are cut: the full names are in decision_rows()

_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "title-district": "Tỷ lệ đạt chỉ tiêu theo quận, huyện (tập thể cấp huyện)",
        "title-subject": "Tỷ lệ đạt chỉ tiêu của từng tập thể",
        "wave": "Đợt",
        "all-waves": "các đợt",
        "after-waves": "Sau các đợt",
        "x-progress": "Số người tham gia được tính / chỉ tiêu (%)",
        "y-district": "Quận, huyện",
        "y-subject": "Tập thể",
        "quota-line": "100% chỉ tiêu",
        "no-quota": "không có chỉ tiêu",
        "rounded": "Tỷ lệ tính từ số nguyên, làm tròn xuống 0.1%.",
        "collective": "tập thể",
        "individual": "cá nhân",
        "cap-title": "Giới hạn tỷ lệ: {group} ({kind})",
        "cap-subtitle": "tối đa {maximum} = {rate} × {base} · {eligible} đủ điều kiện · {selected} được chọn",
        "selected": "Được chọn",
        "not-selected": "Đủ điều kiện, không được chọn (giới hạn tỷ lệ)",
        "cut": "Mức tối đa: {maximum}",
        "y-cap": "Hạng · đơn vị",
        "none-eligible": "Không có ai đủ điều kiện",
    },
    "en": {
        "title-district": "Achievement against quota by district (district-level collectives)",
        "title-subject": "Achievement against quota per collective",
        "wave": "Wave",
        "all-waves": "all waves",
        "after-waves": "After the waves",
        "x-progress": "Counted enrolments / quota (%)",
        "y-district": "District",
        "y-subject": "Collective",
        "quota-line": "100% of quota",
        "no-quota": "no quota",
        "rounded": "Percentages from integer counts, rounded down to 0.1%.",
        "collective": "collectives",
        "individual": "individuals",
        "cap-title": "Cap: {group} ({kind})",
        "cap-subtitle": "maximum {maximum} = {rate} × {base} · {eligible} eligible · {selected} selected",
        "selected": "Selected",
        "not-selected": "Eligible, not selected (cap)",
        "cut": "Maximum: {maximum}",
        "y-cap": "Rank · subject",
        "none-eligible": "Nobody is eligible",
    },
}


def format_percent(numerator: int, denominator: int) -> str:
    """``numerator / denominator`` as a percentage rounded down to 0.1%, e.g. ``100.3%``.

    Rounded down so that a value that falls short never reads as reached (99.96% is
    ``99.9%``, not ``100.0%``).
    """
    tenths = math.floor(Fraction(numerator * 1000, denominator))
    return f"{tenths // 10}.{tenths % 10}%"


def progress_chart(
    evaluation: Evaluation,
    wave: int | None = None,
    by: By = "district",
    lang: Lang = "vi",
    *,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """Achievement against quota, per wave: one horizontal bar of counted/quota (%) per
    group and wave, with the 100% line.

    ``by="district"``: the collectives awarded per district (``Decision.award.scope``,
    e.g. commune steering committees and district Post Offices), summed per district:
    counted and quota are added up, then divided. City-level collectives have no district
    and are left out. ``by="subject"``: one group per collective (every collective with a
    per-wave award decision). ``wave``: one wave only (default: every wave). ``names``:
    optional labels for the district codes (e.g. ``{"916": "Quận Ninh Kiều"}``).
    """
    if by not in ("district", "subject"):
        raise ValueError(f"by must be 'district' or 'subject' (got {by!r})")
    words = _WORDS[lang]
    counts = _collective_counts(evaluation)
    waves = sorted({w for (_, w) in counts}) if wave is None else [wave]
    if wave is not None and wave not in {w for (_, w) in counts}:
        raise ValueError(f"no collective was decided in wave {wave} (waves: {sorted({w for (_, w) in counts})})")
    # group (district code or subject id) -> wave -> [counted, quota]; then their labels
    groups: dict[str, dict[int, list[int]]] = {}
    labels: dict[str, str] = {}
    for (subject_id, w), (scope, name, counted, quota) in sorted(counts.items()):
        if w not in waves or (by == "district" and scope is None):
            continue  # city-level collectives have no district
        key = scope if by == "district" and scope is not None else subject_id
        if by == "district":
            labels[key] = f"{names[key]} ({key})" if names and key in names else key
        else:
            labels[key] = _short(f"{subject_id} — {name}")
        cell = groups.setdefault(key, {}).setdefault(w, [0, 0])
        cell[0] += counted
        cell[1] += quota
    if not groups:
        raise ValueError("no district-level collective in this evaluation: try by='subject'")
    order = sorted(groups)  # district codes / subject ids, as in the data

    rows = len(order) * len(waves)
    fig = Figure(figsize=(10, 1.6 + 0.24 * rows + 0.1 * len(order)), layout="constrained")
    ax = fig.add_subplot()
    height = 0.8 / len(waves)
    top = 100.0
    for j, w in enumerate(waves):
        ys, widths, texts = [], [], []
        for i, key in enumerate(order):
            counted, quota = groups[key].get(w, (0, 0))
            ys.append(i + (j - (len(waves) - 1) / 2) * height)
            widths.append(float(Fraction(counted * 100, quota)) if quota > 0 else 0.0)
            texts.append(f"{format_percent(counted, quota)} ({counted}/{quota})" if quota > 0 else words["no-quota"])
        colour = _WAVE_COLOURS[(w - 1) % len(_WAVE_COLOURS)]
        bars = ax.barh(ys, widths, height=height * 0.92, color=colour, label=f"{words['wave']} {w}")
        _on_white(ax.bar_label(bars, labels=texts, padding=3, fontsize=7))
        top = max(top, *widths)
    ax.axvline(100, color=_QUOTA_LINE, linestyle="--", linewidth=1.2, label=words["quota-line"], zorder=1)
    ax.set_xlim(0, top * 1.22)  # room for the value labels right of the longest bar
    ax.set_yticks(range(len(order)), [labels[key] for key in order], fontsize=8)
    ax.set_ylim(len(order) - 0.5, -0.5)  # first group on top
    ax.set_xlabel(words["x-progress"])
    ax.set_ylabel(words[f"y-{by}"])
    which = f"{words['wave']} {wave}" if wave is not None else words["all-waves"]
    ax.set_title(f"{words[f'title-{by}']} — {which}", fontsize=11)
    # Outside the axes, under the title: inside, it would hide bars of some district.
    fig.legend(loc="outside upper center", ncols=len(waves) + 1, fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    fig.text(0.01, 0.0, f"{evaluation.pack_id} · {words['rounded']}", fontsize=7, color="#555555", va="bottom")
    return fig


@attrs.frozen
class CapGroup:
    """One capped group of a round: the candidates one authority awards, of one kind."""

    round: str
    group: str
    kind: str
    cap_id: str
    rate: str
    base: int
    maximum: int
    eligible: int
    selected: int


def cap_groups(evaluation: Evaluation, round_id: str | None = None) -> list[CapGroup]:
    """Every capped group (of ``round_id``, or of every round), in a stable order."""
    members: dict[tuple[str, str, str], list[Decision]] = {}
    for d in evaluation.awards:
        s = d.selection
        if s is not None and s.cap_id is not None and (round_id is None or d.round == round_id):
            members.setdefault((d.round, s.group, s.subject_kind), []).append(d)
    out = []
    for (round_, group, kind), decisions in sorted(members.items()):
        s = decisions[0].selection
        assert s is not None and s.cap_id is not None and s.rate is not None
        out.append(
            CapGroup(
                round_, group, kind, s.cap_id, s.rate, s.base or 0, s.maximum or 0,
                sum(d.eligible for d in decisions), sum(d.selected for d in decisions),
            )
        )  # fmt: skip
    return out


def cap_chart(
    evaluation: Evaluation,
    round_id: str,
    group: str | None = None,
    *,
    kind: str | None = None,
    measure: tuple[str, str] = ("counted", "quota"),
    lang: Lang = "vi",
) -> Figure:
    """The eligible of one capped group, ranked as the cap ranked them, with the cut-off.

    One bar per eligible candidate (rank 1 on top) of ``measure`` (numerator and
    denominator facts, default counted/quota) in %, coloured selected / not selected; the
    cut-off line is drawn after the ``maximum``-th bar, so it sits at y = maximum.
    ``group`` is a :attr:`Selection.group` (see :func:`cap_groups`), with ``kind`` when
    the group caps several kinds; by default the group of ``round_id`` with the most
    eligible candidates.
    """
    words = _WORDS[lang]
    chosen = _choose_group(cap_groups(evaluation, round_id), round_id, group, kind)
    ranked = sorted(
        (d for d in evaluation.for_round(round_id) if _in_group(d, chosen) and d.eligible),
        key=lambda d: (d.selection.rank or 0) if d.selection else 0,
    )
    of, to = measure
    missing = [f for f in measure if ranked and f not in ranked[0].facts]
    if missing:
        raise ValueError(f"measure {measure}: facts {missing} not decided on here (facts: {sorted(ranked[0].facts)})")

    shown = max(len(ranked), chosen.maximum, 1)
    fig = Figure(figsize=(10, 1.9 + 0.3 * shown), layout="constrained")
    ax: Axes = fig.add_subplot()
    widths = [float(Fraction(d.facts[of] * 100, d.facts[to])) if d.facts[to] > 0 else 0.0 for d in ranked]
    # Bar r (rank r) spans y in [r-1, r]: the cut after the maximum-th bar is at y = maximum.
    bars = ax.barh(
        [r - 0.5 for r in range(1, len(ranked) + 1)], widths, height=0.8,
        color=[_SELECTED if d.selected else _NOT_SELECTED for d in ranked],
    )  # fmt: skip
    labels = ax.bar_label(
        bars, padding=3, fontsize=8,
        labels=[f"{format_percent(d.facts[of], d.facts[to])} ({d.facts[of]}/{d.facts[to]})" if d.facts[to] > 0 else "—"
                for d in ranked],
    )  # fmt: skip
    _on_white(labels)
    ax.axhline(chosen.maximum, color=_CUT_LINE, linewidth=2)
    ax.axvline(100, color=_QUOTA_LINE, linestyle="--", linewidth=1, alpha=0.7, zorder=1)
    top = max([100.0, *widths]) * 1.25
    ax.set_xlim(0, top)
    if not ranked:
        ax.text(top / 2, shown / 2, words["none-eligible"], ha="center", va="center")
    ax.set_yticks(
        [r - 0.5 for r in range(1, len(ranked) + 1)],
        [_short(f"{d.selection.rank if d.selection else ''}. {d.subject_id} — {d.subject_name}") for d in ranked],
        fontsize=8,
    )
    # Rank 1 on top; a cut-off below every bar (room to spare) stays visible above the axis.
    ax.set_ylim(shown if chosen.maximum < shown else chosen.maximum + 0.5, 0)
    ax.set_xlabel(words["x-progress"] if measure == ("counted", "quota") else f"{of} / {to} (%)")
    ax.set_ylabel(words["y-cap"])
    rate = Fraction(*(int(x) for x in chosen.rate.split("/")))
    rate_text = f"{chosen.rate} ({format_percent(rate.numerator, rate.denominator)})"
    ax.set_title(
        words["cap-title"].format(group=_group_title(chosen, words), kind=words.get(chosen.kind, chosen.kind)) + "\n"
        + words["cap-subtitle"].format(
            maximum=chosen.maximum, rate=rate_text, base=chosen.base, eligible=chosen.eligible, selected=chosen.selected
        ),
        fontsize=11,
    )  # fmt: skip
    fig.legend(
        handles=[
            Patch(color=_SELECTED, label=words["selected"]),
            Patch(color=_NOT_SELECTED, label=words["not-selected"]),
            Line2D([], [], color=_CUT_LINE, linewidth=2, label=words["cut"].format(maximum=chosen.maximum)),
        ],
        loc="outside upper center",
        ncols=3,
        fontsize=8,
        frameon=False,
    )
    ax.grid(axis="x", alpha=0.3)
    return fig


def _collective_counts(evaluation: Evaluation) -> dict[tuple[str, int], tuple[str | None, str, int, int]]:
    """(subject, wave) -> (district scope, name, counted, quota) of every collective decided
    per wave. Keyed by subject and wave because several award rules may decide the same
    subject in the same wave, on the same facts."""
    out: dict[tuple[str, int], tuple[str | None, str, int, int]] = {}
    for d in evaluation.awards:
        s, f = d.selection, d.facts
        if d.wave is None or s is None or s.subject_kind != "collective" or "counted" not in f or "quota" not in f:
            continue
        out[(d.subject_id, d.wave)] = (d.award.scope if d.award else None, d.subject_name, f["counted"], f["quota"])
    return out


def _choose_group(groups: Sequence[CapGroup], round_id: str, group: str | None, kind: str | None) -> CapGroup:
    candidates = [g for g in groups if (group is None or g.group == group) and (kind is None or g.kind == kind)]
    if not candidates:
        known = "; ".join(f"{g.group!r} ({g.kind})" for g in groups) or "none"
        raise ValueError(f"no capped group {group!r} ({kind or 'any kind'}) in round {round_id!r}; capped groups: {known}")
    if group is not None and len(candidates) > 1:
        raise ValueError(f"group {group!r} caps {[g.kind for g in candidates]}: pass kind=")
    # Default: where the cap decides the most (most eligible), ties by name: deterministic.
    return min(candidates, key=lambda g: (-g.eligible, g.group, g.kind))


def _in_group(d: Decision, group: CapGroup) -> bool:
    s = d.selection
    return s is not None and s.group == group.group and s.subject_kind == group.kind


def _group_title(group: CapGroup, words: Mapping[str, str]) -> str:
    """The group's name with its round in words: ``Đợt 1 · Giám đốc BHXH thành phố``."""
    prefix = f"{group.round} · "
    if not group.group.startswith(prefix):
        return group.group
    if group.round.startswith("wave-"):
        round_words = f"{words['wave']} {group.round.removeprefix('wave-')}"
    else:
        round_words = words.get(group.round, group.round)
    return f"{round_words} · {group.group.removeprefix(prefix)}"


def _on_white(texts: Sequence[Text]) -> None:
    """A white box behind value labels, so reference lines crossing them do not."""
    for text in texts:
        text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})
        text.set_zorder(4)


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


# -- where the caps bite, the funnel, the exclusions ------------------------------------------------

_ELIGIBLE, _CAP, _ZERO = "#b7c7d9", "#212121", "#c62828"


def caps_chart(
    evaluation: Evaluation,
    lang: Lang = "vi",
    *,
    pack: RulePack | None = None,
    unit_names: Mapping[str, str] | None = None,
) -> Figure:
    """Where the caps bite: one panel per round and kind of subject (collectives,
    individuals), one row per awarding authority, with the eligible (a light bar), the
    selected (a dark bar over it) and the cap (a black tick at ``maximum``). A cap of 0 is
    a red tick at 0 and says so, however many are eligible: e.g. 5% of 9 individuals of a
    district allows none. Each row is labelled ``eligible · cap · selected``.

    ``unit_names`` (area code -> name) names the areas of the authorities; ``pack`` the
    waves. Raises ValueError when no award was decided."""
    groups = _view.groups(evaluation, lang, pack=pack, unit_names=unit_names)
    if not groups:
        raise ValueError("no award decision in this evaluation")
    rounds = list(dict.fromkeys(g.round for g in groups))
    kinds = list(dict.fromkeys(g.kind for g in sorted(groups, key=lambda g: g.kind != "collective")))
    rows_per_round = [max(sum(1 for g in groups if g.round == r and g.kind == k) for k in kinds) for r in rounds]
    fig = Figure(figsize=(6.2 * len(kinds), 1.2 + sum(0.32 * n + 0.7 for n in rows_per_round)), layout="constrained")
    grid = fig.add_gridspec(len(rounds), len(kinds), height_ratios=[n + 1.5 for n in rows_per_round])
    top = max(max(g.eligible, g.maximum or 0) for g in groups)
    for i, round_id in enumerate(rounds):
        for j, kind in enumerate(kinds):
            ax = fig.add_subplot(grid[i, j])
            members = [g for g in groups if g.round == round_id and g.kind == kind]
            _caps_panel(ax, members, top, lang)
            label = t(f"report.kinds.{kind}", lang) if kind in ("collective", "individual") else kind
            round_words = members[0].round_label if members else _view.round_label(round_id, lang, pack)
            ax.set_title(t("report.chart.caps-panel", lang, round=round_words, kind=label), fontsize=10, loc="left")
    fig.suptitle(t("report.chart.caps-title", lang), fontsize=12)
    fig.legend(
        handles=[
            Patch(color=_ELIGIBLE, label=t("report.chart.eligible", lang)),
            Patch(color=_SELECTED, label=t("report.chart.selected", lang)),
            Line2D(
                [],
                [],
                color=_CAP,
                marker="|",
                linestyle="none",
                markersize=12,
                markeredgewidth=2.5,
                label=t("report.chart.cap", lang),
            ),
            Line2D(
                [],
                [],
                color=_ZERO,
                marker="|",
                linestyle="none",
                markersize=12,
                markeredgewidth=2.5,
                label=t("report.chart.cap-zero", lang),
            ),
        ],
        loc="outside lower center",
        ncols=4,
        fontsize=8,
        frameon=False,
    )
    return fig


def _caps_panel(ax: Axes, members: Sequence[_view.Group], top: int, lang: str) -> None:
    ys = list(range(len(members)))
    ax.barh(ys, [g.eligible for g in members], height=0.7, color=_ELIGIBLE)
    ax.barh(ys, [g.selected for g in members], height=0.7, color=_SELECTED)
    for y, g in zip(ys, members, strict=True):
        if g.maximum is not None:
            colour = _ZERO if g.maximum == 0 else _CAP
            ax.plot([g.maximum], [y], marker="|", color=colour, markersize=14, markeredgewidth=2.5, linestyle="none")
        label = t(
            "report.chart.caps-label", lang, eligible=number(g.eligible, lang),
            maximum=number(g.maximum, lang) if g.maximum is not None else "—", selected=number(g.selected, lang),
        )  # fmt: skip
        text = ax.text(max(g.eligible, g.maximum or 0) + top * 0.02, y, label, va="center", fontsize=7,
                       color=_ZERO if g.cap_zero else "#333333")  # fmt: skip
        _on_white([text])
    ax.set_yticks(ys, [_short(_authority_short(g.authority)) for g in members], fontsize=7)
    ax.set_ylim(len(members) - 0.5, -0.5)
    ax.set_xlim(-top * 0.025 - 0.2, top * 1.55 + 1)  # room left of 0, where a cap of 0 is drawn
    ax.xaxis.set_major_locator(_integer_locator())
    ax.tick_params(axis="x", labelsize=7)
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel(t("report.chart.subjects", lang), fontsize=8)


def _authority_short(authority: str) -> str:
    """The area alone where an authority awards per area (``Quận Ninh Kiều``): the
    authority is the same on every such row and named in the panel's rows above."""
    return authority.rsplit(" — ", 1)[-1]


def _integer_locator() -> MaxNLocator:
    return MaxNLocator(integer=True)


def funnel_chart(evaluation: Evaluation, lang: Lang = "vi", *, pack: RulePack | None = None) -> Figure:
    """From enrolments to proposals: the enrolments in and counted (left), then per award
    round the subjects considered, eligible and selected (right), each bar labelled with
    its number and its share of the bar before it (``35.080 (88,18%)``)."""
    c = evaluation.counting
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.6])
    values = [c.input_total, c.counted_total]
    labels = [t("report.chart.input", lang), t("report.chart.counted", lang)]
    bars = left.barh([0, 1], values, color=["#90a4ae", "#1f77b4"], height=0.6)
    texts = [
        number(c.input_total, lang),
        f"{number(c.counted_total, lang)} ({percent(Fraction(c.counted_total, c.input_total), lang) if c.input_total else '—'})",
    ]
    _on_white(left.bar_label(bars, labels=texts, padding=3, fontsize=8))
    left.set_yticks([0, 1], labels, fontsize=9)
    left.set_ylim(1.6, -0.6)
    left.set_xlim(0, max(values + [1]) * 1.45)
    left.set_title(t("report.chart.enrolments", lang), fontsize=10, loc="left")
    left.tick_params(axis="x", labelsize=7)
    left.xaxis.set_major_formatter(_number_formatter(lang))

    rounds = _view.rounds(evaluation)
    stages = ("considered", "eligible", "selected")
    colours = ("#b0bec5", _ELIGIBLE, _SELECTED)
    height = 0.8 / len(stages)
    counts = []
    for round_id in rounds:
        awards = [d for d in evaluation.for_round(round_id) if d.award is not None]
        counts.append((len(awards), sum(d.eligible for d in awards), sum(d.selected for d in awards)))
    shown_rounds = [r for r, n in zip(rounds, counts, strict=True) if n[0]]
    counts = [n for n in counts if n[0]]
    top = max([n[0] for n in counts] + [1])
    for k, stage in enumerate(stages):
        ys = [i + (k - 1) * height for i in range(len(counts))]
        widths = [n[k] for n in counts]
        bars = right.barh(ys, widths, height=height * 0.92, color=colours[k], label=t(f"report.chart.{stage}", lang))
        texts = [number(n[k], lang) + (f" ({percent(Fraction(n[k], n[k - 1]), lang)})" if k and n[k - 1] else "") for n in counts]
        _on_white(right.bar_label(bars, labels=texts, padding=3, fontsize=7))
    right.set_yticks(range(len(counts)), [_view.round_label(r, lang, pack) for r in shown_rounds], fontsize=9)
    right.set_ylim(len(counts) - 0.5, -0.5)
    right.set_xlim(0, top * 1.35)
    right.set_title(t("report.chart.decisions", lang), fontsize=10, loc="left")
    right.legend(loc="lower right", fontsize=8, frameon=False)
    right.tick_params(axis="x", labelsize=7)
    right.xaxis.set_major_formatter(_number_formatter(lang))
    fig.suptitle(t("report.chart.funnel-title", lang), fontsize=12)
    return fig


def exclusions_chart(evaluation: Evaluation, lang: Lang = "vi") -> Figure:
    """The enrolments not counted, one bar per reason (most first), each labelled with its
    number and its share of the enrolments in (``2.808 (7,05%)``)."""
    c = evaluation.counting
    reasons = sorted(c.excluded_by_reason().items(), key=lambda item: (-item[1], item[0]))
    fig = Figure(figsize=(9, 1.6 + 0.45 * max(len(reasons), 1)), layout="constrained")
    ax = fig.add_subplot()
    if not reasons:
        ax.text(0.5, 0.5, t("report.chart.none-excluded", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        ys = list(range(len(reasons)))
        bars = ax.barh(ys, [n for _, n in reasons], color="#ef6c00", height=0.6)
        labels = [f"{number(n, lang)} ({_share(n, c.input_total, lang)})" for _, n in reasons]
        _on_white(ax.bar_label(bars, labels=labels, padding=3, fontsize=8))
        ax.set_yticks(ys, [_exclusion_words(r, lang) for r, _ in reasons], fontsize=9)
        ax.set_ylim(len(reasons) - 0.5, -0.5)
        ax.set_xlim(0, reasons[0][1] * 1.35)
        ax.set_xlabel(t("report.chart.exclusions-x", lang, input=number(c.input_total, lang)), fontsize=9)
        ax.xaxis.set_major_formatter(_number_formatter(lang))
        ax.grid(axis="x", alpha=0.3)
    ax.set_title(t("report.chart.exclusions-title", lang), fontsize=11)
    return fig


def _share(part: int, whole: int, lang: str) -> str:
    """``part / whole`` as a percentage rounded down, but never "0%" for a part above 0."""
    shown = percent(Fraction(part, whole), lang)
    if part > 0 and Fraction(part, whole) < Fraction(1, 10000):
        return "<" + percent(Fraction(1, 10000), lang)
    return shown


def _exclusion_words(reason: str, lang: str) -> str:
    try:
        return t(f"report.exclusion.{reason}", lang)
    except KeyError:
        return reason


def _number_formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _: number(int(value), lang) if float(value).is_integer() else f"{value:g}")
