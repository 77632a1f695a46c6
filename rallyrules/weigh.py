"""The weight of each interpretation: which decisions change when a reviewer reads a
question of the plan another way.

:func:`weigh_interpretations` evaluates a data set under the pack's own readings, then
under each alternative reading of each interpretation, one at a time (every other
question read as before), and compares the decisions: per round, how many are eligible
and selected (or met, for checks) before and after, and the subjects whose outcome or
selection flips, each with the clause the alternative rests on. It answers the reviewer's
question "which of our readings change who is honoured?" with the data at hand.

Named "weigh", not "diff": an alternative is weighed by what it changes on real data,
and one that changes nothing on a season is reported as such — that is a finding too.
:func:`format_weights` writes the answer for people, in Vietnamese or English, with names
rather than ids (through :mod:`rallyrules.text`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import polars as pl

from . import text as tx
from .dataset import Dataset
from .errors import CompileError, DataError, EngineError, RulePackError
from .evaluation import EngineChoice, Evaluation, evaluate
from .model import Alternative, Citation, Interpretation, RulePack, Text

__all__ = ["AlternativeWeight", "Flip", "RoundCount", "Weights", "format_weights", "weigh_interpretations"]

#: A decision's state, compared before and after: a selection status for awards (or the
#: outcome where no authority awards the subject), ``met``/``not-met`` for checks, and
#: ``none`` where a rule made no decision (it did not apply).
NO_DECISION = "none"


@attrs.frozen
class Flip:
    """One decision that an alternative reading changes: about ``subject_id`` (named
    ``subject_name``), in ``round`` (``wave-N`` or ``after-waves``), by ``rule_id``,
    from state ``before`` to ``after`` (``selected``, ``not-selected``, ``not-eligible``,
    ``eligible``, ``met``, ``not-met`` or ``none``)."""

    subject_id: str
    subject_name: str
    round: str
    rule_id: str
    rule_title: Text
    before: str
    after: str


@attrs.frozen
class RoundCount:
    """One round's award decisions eligible and selected, and its checks met, before and
    after an alternative reading."""

    round: str
    eligible_before: int
    eligible_after: int
    selected_before: int
    selected_after: int
    met_before: int
    met_after: int

    @property
    def changed(self) -> bool:
        """Whether any of the counts differ."""
        return (self.eligible_before, self.selected_before, self.met_before) != (
            self.eligible_after,
            self.selected_after,
            self.met_after,
        )


@attrs.frozen
class AlternativeWeight:
    """What one alternative reading does to the data set: the counts per round, the
    decisions that flip (in the order of the evaluation's decisions), and the enrolments
    counted before and after. ``error`` says why the data set could not be evaluated under
    it (the counts and flips are then empty)."""

    interpretation: Interpretation
    alternative: Alternative
    where: str
    rounds: tuple[RoundCount, ...]
    flips: tuple[Flip, ...]
    counted_before: int
    counted_after: int
    error: str | None = None

    @property
    def source(self) -> Citation:
        """The clause the alternative rests on."""
        return self.alternative.source

    @property
    def choice(self) -> str:
        """How to choose it: ``interpretation=alternative`` (``--choose``, ``choose=``)."""
        return f"{self.interpretation.id}={self.alternative.id}"

    def flips_in(self, round_id: str) -> int:
        """How many decisions of ``round_id`` it changes."""
        return sum(f.round == round_id for f in self.flips)


@attrs.frozen
class Weights:
    """The weight of every interpretation of a pack on one data set.

    ``alternatives`` has one entry per alternative reading, in the pack's order of
    interpretations; ``sole`` lists the interpretations with no other reading (each says
    why in ``sole_reading``). ``choices`` are the readings the comparison starts from (the
    pack's own when empty); ``baseline_error`` says why the data set could not be evaluated
    under them (then nothing can be compared)."""

    pack_id: str
    pack_digest: str
    source: str
    rounds: tuple[str, ...]
    choices: tuple[tuple[str, str], ...]
    alternatives: tuple[AlternativeWeight, ...]
    sole: tuple[tuple[Interpretation, str], ...]
    baseline_error: str | None = None

    def of(self, interpretation_id: str) -> tuple[AlternativeWeight, ...]:
        """The weights of the alternatives of one interpretation."""
        return tuple(w for w in self.alternatives if w.interpretation.id == interpretation_id)

    def to_dict(self) -> dict[str, Any]:
        """A plain form (JSON-ready): per alternative, its counts per round and its flips."""
        return {
            "pack": {"id": self.pack_id, "digest": self.pack_digest},
            "source": self.source,
            "choices": [list(c) for c in self.choices],
            "baseline_error": self.baseline_error,
            "alternatives": [
                {
                    "interpretation": w.interpretation.id,
                    "alternative": w.alternative.id,
                    "where": w.where,
                    "source": attrs.asdict(w.source),
                    "counted": {"before": w.counted_before, "after": w.counted_after},
                    "rounds": [attrs.asdict(r) for r in w.rounds],
                    "changed": len(w.flips),
                    "flips": [
                        {k: v for k, v in attrs.asdict(f).items() if k != "rule_title"}
                        | {"rule_title": attrs.asdict(f.rule_title)}
                        for f in w.flips
                    ],
                    "error": w.error,
                }
                for w in self.alternatives
            ],
            "sole": [{"interpretation": i.id, "where": where} for i, where in self.sole],
        }


def weigh_interpretations(
    pack: RulePack,
    dataset: Dataset,
    *,
    choose: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    engine: EngineChoice = "python",
) -> Weights:
    """Evaluate ``dataset`` under ``pack``'s readings and under each alternative reading of
    each interpretation, one at a time, and report which decisions change.

    ``choose`` (``{interpretation id: alternative id}``) sets the readings compared from
    (default: the pack's own); an interpretation chosen there is weighed from that reading,
    its other alternatives (and the pack's own reading, as ``default``) against it.
    ``engine`` decides (the Python evaluator by default: the engines agree, and it is the
    quicker for many small evaluations). Raises :class:`~rallyrules.RulePackError` for an
    unknown choice; a data set that cannot be evaluated under a reading is reported in
    that reading's ``error`` (or ``baseline_error``), not raised.

    Source: the interpretations and alternatives of the pack (``interpretations:`` in its
    rule files), each alternative resting on the clause it cites."""
    from ._choices import DEFAULT, all_interpretations

    pairs = tuple(choose.items()) if isinstance(choose, Mapping) else tuple(choose)
    base_pack = pack.choose(pairs) if pairs else pack
    chosen = dict(pairs)
    baseline, baseline_error = _evaluate(base_pack, dataset, engine)
    before = _states(baseline) if baseline is not None else None
    rounds = [f"wave-{w.number}" for w in pack.waves] + ["after-waves"]
    weights: list[AlternativeWeight] = []
    sole: list[tuple[Interpretation, str]] = []
    for interpretation, where in all_interpretations(pack):
        readings = list(interpretation.alternatives)
        if interpretation.id in chosen and chosen[interpretation.id] != DEFAULT:
            own = Alternative(DEFAULT, interpretation.choice, interpretation.reason, _source(pack, interpretation, where), ())
            readings = [own, *(a for a in readings if a.id != chosen[interpretation.id])]
        if not readings:
            sole.append((interpretation, where))
            continue
        for alternative in readings:
            try:
                variant = pack.choose({**chosen, interpretation.id: alternative.id})
            except RulePackError as exc:  # two readings that cannot hold together
                weights.append(AlternativeWeight(interpretation, alternative, where, (), (), 0, 0, _message(exc)))
                continue
            result, error = _evaluate(variant, dataset, engine)
            if result is None or baseline is None or before is None:
                counted = result.counting.counted_total if result is not None else 0
                weights.append(AlternativeWeight(interpretation, alternative, where, (), (), _counted(baseline), counted, error))
                continue
            after = _states(result)
            weights.append(
                AlternativeWeight(
                    interpretation,
                    alternative,
                    where,
                    _rounds(rounds, before, after),
                    _flips(before, after, result, baseline),
                    baseline.counting.counted_total,
                    result.counting.counted_total,
                )
            )
    return Weights(
        pack.id, base_pack.digest, dataset.source, tuple(rounds), tuple(base_pack.choices), tuple(weights), tuple(sole),
        baseline_error,
    )  # fmt: skip


def _source(pack: RulePack, interpretation: Interpretation, where: str) -> Citation:
    """The clause an interpretation's own reading rests on: the source of what it stands under."""
    kind, _, ident = where.partition(":")
    found: Any = {
        "award": lambda: pack.award(ident).source,
        "cap": lambda: next(c for c in pack.caps if c.id == ident).source,
        "counting": lambda: pack.counting.source,
        "rule": lambda: pack.rule(ident).source,
        "parameter": lambda: pack.parameter(ident).source,
        "deadline": lambda: next(d for d in pack.deadlines if d.id == ident).source,
        "targets": lambda: pack.targets.source if pack.targets else pack.counting.source,
    }[kind]
    source: Citation = found()
    return source


def _message(exc: Exception) -> str:
    problems = getattr(exc, "problems", ())
    return "; ".join(p.message for p in problems[:3]) if problems else str(exc)


def _evaluate(pack: RulePack, dataset: Dataset, engine: EngineChoice) -> tuple[Evaluation | None, str | None]:
    try:
        return evaluate(pack, dataset, engine=engine), None
    except (DataError, CompileError, EngineError) as exc:
        return None, _message(exc)


def _counted(result: Evaluation | None) -> int:
    return result.counting.counted_total if result is not None else 0


def _states(result: Evaluation) -> pl.DataFrame:
    """Each decision's key (subject, round, rule), its state, and whether it is an award's."""
    frame = result.decision_frame()
    if not frame.height:
        return pl.DataFrame(schema={"subject_id": pl.String, "round": pl.String, "rule_id": pl.String, "state": pl.String,
                                    "award": pl.Boolean, "order": pl.Int64})  # fmt: skip
    return frame.select(
        "subject_id", "round", "rule_id",
        state=pl.coalesce("selection", "outcome"),
        award=pl.col("award").is_not_null(),
        order=pl.int_range(0, pl.len(), dtype=pl.Int64),
    )  # fmt: skip


def _rounds(rounds: list[str], before: pl.DataFrame, after: pl.DataFrame) -> tuple[RoundCount, ...]:
    def counts(frame: pl.DataFrame, round_id: str) -> tuple[int, int, int]:
        part = frame.filter(pl.col("round") == round_id)
        awards = part.filter(pl.col("award"))
        eligible = awards.filter(pl.col("state").is_in(["selected", "not-selected", "eligible"])).height
        selected = awards.filter(pl.col("state") == "selected").height
        met = part.filter(~pl.col("award") & (pl.col("state") == "met")).height
        return eligible, selected, met

    out = []
    for round_id in rounds:
        (e0, s0, m0), (e1, s1, m1) = counts(before, round_id), counts(after, round_id)
        out.append(RoundCount(round_id, e0, e1, s0, s1, m0, m1))
    return tuple(out)


def _flips(before: pl.DataFrame, after: pl.DataFrame, result: Evaluation, baseline: Evaluation) -> tuple[Flip, ...]:
    key = ["subject_id", "round", "rule_id"]
    joined = before.join(after, on=key, how="full", coalesce=True, suffix="_after").with_columns(
        pl.col("state").fill_null(NO_DECISION), pl.col("state_after").fill_null(NO_DECISION)
    )
    changed = joined.filter(pl.col("state") != pl.col("state_after")).sort(
        pl.col("order").fill_null(pl.col("order_after") + 10**9), nulls_last=True
    )
    if not changed.height:
        return ()
    names = _names(result) | _names(baseline)
    titles = {r.id: r.title for r in (*result.pack.rules, *baseline.pack.rules)}
    return tuple(
        Flip(subject_id, names.get(subject_id, subject_id), round_id, rule_id, titles[rule_id], state, state_after)
        for subject_id, round_id, rule_id, state, state_after in changed.select(*key, "state", "state_after").iter_rows()
    )


def _names(result: Evaluation) -> dict[str, str]:
    subjects = result.dataset.frame("subjects").filter(pl.col("subject_id").is_first_distinct())
    return dict(zip(subjects.get_column("subject_id").to_list(), subjects.get_column("name").to_list(), strict=True))


# -- for people --------------------------------------------------------------------------------


def round_name(round_id: str, lang: str) -> str:
    """``wave-2`` -> "Đợt 2"/"Wave 2", ``after-waves`` -> "Sau các đợt"/"After the waves"."""
    if round_id.startswith("wave-"):
        return tx.t("report.round.wave", lang, n=round_id.removeprefix("wave-"))
    return tx.t("report.round.after-waves", lang)


def state_name(state: str, lang: str) -> str:
    """A decision's state in words (``selected`` -> "được chọn")."""
    return tx.t(f"weigh.state.{state}", lang)


def counts_line(count: RoundCount, lang: str) -> str:
    """One round's counts before -> after, in words: eligible and selected where the round
    decides awards, checks met where those changed (or the round has only checks)."""
    awards = bool(count.eligible_before or count.eligible_after or count.selected_before or count.selected_after)
    parts = []
    for code, before, after, shown in (
        ("weigh.count.eligible", count.eligible_before, count.eligible_after, awards),
        ("weigh.count.selected", count.selected_before, count.selected_after, awards),
        ("weigh.count.met", count.met_before, count.met_after, count.met_before != count.met_after or not awards),
    ):
        if shown:
            parts.append(tx.t(code, lang, before=tx.number(before, lang), after=tx.number(after, lang)))
    return f"{round_name(count.round, lang)}: " + "; ".join(parts)


def flip_line(flip: Flip, lang: str) -> str:
    """One flip in words: who, which round and rule, from what to what."""
    return tx.t(
        "weigh.flip", lang, name=flip.subject_name, id=flip.subject_id, round=round_name(flip.round, lang),
        rule=flip.rule_title.in_(lang), before=state_name(flip.before, lang), after=state_name(flip.after, lang),
    )  # fmt: skip


def format_weights(weights: Weights, pack: RulePack, lang: str = "vi", *, examples: int = 5, width: int | None = None) -> str:
    """The weights as text for people, in ``lang``: per interpretation its question and
    current reading, then each alternative with the clause it rests on, how to choose it,
    the decisions it changes per round and up to ``examples`` subjects whose decision flips
    (by name; -1: all); then the interpretations that have no other reading, and why.
    Lines are wrapped at ``width`` columns (None: not wrapped), indents kept."""
    lang = tx.resolve_lang(lang)
    out: list[tuple[int, str]] = [(0, tx.t("weigh.title", lang, pack=pack.title.in_(lang), source=weights.source)),
                                  (0, tx.t("weigh.intro", lang)), (0, "")]  # fmt: skip
    if weights.choices:
        out += [(0, tx.t("weigh.from-choices", lang, choices=", ".join(f"{i}={a}" for i, a in weights.choices))), (0, "")]
    if weights.baseline_error:
        out += [(0, tx.t("weigh.baseline-error", lang, error=weights.baseline_error)), (0, "")]
    current: str | None = None
    number = 0
    for weight in weights.alternatives:
        item = weight.interpretation
        if item.id != current:
            current, number = item.id, number + 1
            out += [(0, f"{number}. {item.question.in_(lang)}"), (3, tx.t("weigh.current", lang, choice=item.choice.in_(lang)))]
        out += [(0, ""), (3, "- " + tx.t("weigh.alternative", lang, label=weight.alternative.label.in_(lang)))]
        cite = weight.source
        out.append((5, tx.t("weigh.rests-on", lang, document=cite.document, section=cite.section, quote=cite.quote)))
        out.append((5, tx.t("weigh.choose", lang, choice=weight.choice)))
        if weight.error is not None:
            out += [(5, tx.t("weigh.error", lang, error=weight.error)), (0, "")]
            continue
        if weight.counted_before != weight.counted_after:
            before, after = tx.number(weight.counted_before, lang), tx.number(weight.counted_after, lang)
            out.append((5, tx.t("weigh.counted", lang, before=before, after=after)))
        if not weight.flips:
            out += [(5, tx.t("weigh.no-change", lang)), (0, "")]
            continue
        out.append((5, tx.t("weigh.changed", lang, n=tx.number(len(weight.flips), lang))))
        out += [(7, counts_line(c, lang)) for c in weight.rounds if c.changed or weight.flips_in(c.round)]
        shown = weight.flips[:examples] if examples >= 0 else weight.flips
        if shown:
            out.append((5, tx.t("weigh.examples", lang, shown=len(shown), n=tx.number(len(weight.flips), lang))))
            out += [(7, "· " + flip_line(f, lang)) for f in shown]
        out.append((0, ""))
    if weights.sole:
        out += [(0, ""), (0, tx.t("weigh.sole-heading", lang))]
        for item, _ in weights.sole:
            why = item.sole_reading.in_(lang) if item.sole_reading is not None else tx.t("weigh.sole-unsaid", lang)
            out.append((0, f"- {item.question.in_(lang)} — {why}"))
    lines = []
    for indent, line in out:
        if width is None or not line or len(line) + indent <= width:
            lines.append(" " * indent + line)
            continue
        hang = indent + (2 if line[:2] in ("- ", "· ") or line[:1].isdigit() else 0) + (1 if line[:1].isdigit() else 0)
        lines += textwrap.wrap(
            line, width, initial_indent=" " * indent, subsequent_indent=" " * hang, break_long_words=False, break_on_hyphens=False
        )
    text = "\n".join(line.rstrip() for line in lines).strip() + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
