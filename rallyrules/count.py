"""Which enrolments count, for which wave and which subjects (the count stage).

One pass over the enrolment records, in batches — streamed from their file, or sliced
from a table in memory — before any rule runs. Each batch is checked (its scheme, its
credited individual, its id not seen before), digested for the receipt, and counted:

1. ``duplicate-enrolment-id``: when the pack excludes them (``duplicate_ids: exclude``;
   else they refuse the data set), a record whose enrolment id an earlier record has;
2. ``unknown-subject``: credited to a subject that is not in the data;
3. ``outside-periods``: enrolled on a day outside every wave's emulation period;
4. ``scheme-not-counted``: a scheme the pack does not count (``schemes_counted``);
5. ``coverage-missing`` / ``coverage-too-short``: the scheme must be covered through a
   date (a pack parameter) and the enrolment has no coverage end date, or an earlier one;
6. ``repeat-person-scheme``: when the pack counts a person once per scheme, a later
   enrolment of a person already counted in that scheme (earliest date, then id, wins);
   ``repeat-person``: when it counts a person once whatever the scheme, a later enrolment
   of a person already counted.

The first reason that applies is the one given; each rests on the clause (and
interpretation) the pack's ``counting: exclusions:`` cites for it. A counted enrolment is
credited to its collective, to each subject above it when the pack says
``credit_parents``, and to its credited individual, per wave and per scheme. Every input enrolment ends up counted for exactly one wave or in the
exclusion ledger with its reason; counted + excluded = input is checked on every run.

How it stays cheap at national size (20 million records): subject ids become integer
codes (a cast to an ``Enum`` of the ids), counts are ``np.bincount`` over code × wave,
credits go up the parent chain one level at a time, and only the records whose
(person, scheme) hash repeats are looked at again to find the repeats. Nothing is held
per record but a byte of reason, a byte of wave and, for the records that count, a hash.
The exclusion ledger is kept as columns (:attr:`Counting.ledger`); its
:class:`Exclusion` values are made when asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import polars as pl

from ._columns import LABEL, ROW
from .errors import EngineError, Problem
from .model import Citation, RulePack
from .text import Message, Named, Quoted, date
from .text.messages import MESSAGES

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["REASONS", "Counting", "Exclusion", "ExclusionReason", "SubjectCodes", "count_enrolments"]

ExclusionReason = Literal[
    "unknown-subject", "outside-periods", "coverage-missing", "coverage-too-short", "repeat-person-scheme",
    "scheme-not-counted", "repeat-person", "duplicate-enrolment-id",
]  # fmt: skip
REASONS: tuple[ExclusionReason, ...] = (
    "unknown-subject", "outside-periods", "coverage-missing", "coverage-too-short", "repeat-person-scheme",
    "scheme-not-counted", "repeat-person", "duplicate-enrolment-id",
)  # fmt: skip
_CODE = {r: i for i, r in enumerate(REASONS)}
#: The reason byte of a counted record.
COUNTED = 255
_NO_WAVE = 0


@attrs.frozen
class Exclusion:
    """An enrolment that counts for no wave, and why."""

    enrolment_id: str
    reason: ExclusionReason
    detail: str
    citation: Citation | None = None


class SubjectCodes:
    """The subjects as integer codes (their order in the subject table): what counting,
    facts and selection index arrays by."""

    def __init__(self, subjects: pl.DataFrame) -> None:
        ids = subjects.get_column("subject_id")
        unique = ids.unique(maintain_order=True)  # duplicates are reported by the checks
        self.ids: list[str] = unique.to_list()
        self.enum = pl.Enum(unique)
        self.index = {s: i for i, s in enumerate(self.ids)}
        first = subjects.filter(ids.is_first_distinct())
        self.individual = (first.get_column("kind") == "individual").to_numpy()
        parents = first.get_column("parent_id").to_list()
        self.parent = np.array([self.index.get(p, -1) if p is not None else -1 for p in parents], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def codes(self, column: pl.Expr) -> pl.Expr:
        """Each id's code; null for an id that is not a subject (or no id)."""
        return column.cast(self.enum, strict=False).to_physical().cast(pl.Int64)

    def suggestion(self, unknown: str) -> str | None:
        """The subject an unknown id most likely means: the one id that differs from it only
        in case, accents and tone marks (``Hoà``/``Hòa``), spaces, dashes or leading zeros."""
        return self._near().get(_near_key(unknown))

    def _near(self) -> dict[str, str | None]:
        if not hasattr(self, "_near_ids"):
            keys = near_keys(pl.Series(self.ids, dtype=pl.String)).to_list()
            near: dict[str, str | None] = {}
            for subject_id, key in zip(self.ids, keys, strict=True):
                near[key] = subject_id if key not in near else None  # two candidates: no suggestion
            self._near_ids = near
        return self._near_ids


def near_keys(ids: pl.Series) -> pl.Series:
    """Ids as near misses compare: case, accents and tone marks, đ/d, spaces, dashes and
    underscores, and leading zeros of numbers ignored (``BCĐ-An Hoà`` ~ ``bcd an hòa``)."""
    return ids.to_frame("id").select(
        pl.col("id").str.normalize("NFD").str.replace_all(r"\p{M}", "").str.to_lowercase().str.replace_all("đ", "d")
        .str.replace_all(r"[\s_\-]+", "").str.replace_all(r"(^|\D)0+(\d)", "$1$2")
    ).to_series()  # fmt: skip


def _near_key(text: str) -> str:
    return str(near_keys(pl.Series([text], dtype=pl.String))[0])


class Counting:
    """The outcome of counting: credits per subject and wave, and the exclusion ledger.

    ``count(subject, wave)`` is what facts are built from; :attr:`counts` (subject, wave)
    -> credits (non-zero only) and :attr:`counted` (enrolment id -> wave) are mappings made
    when first asked for; :attr:`ledger` is the ledger as a polars DataFrame
    (``enrolment_id``, ``reason``, ``detail``, ordered by enrolment id) and
    :attr:`excluded` the same as :class:`Exclusion` values. ``input_total`` =
    ``counted_total`` + ``excluded_total``, checked when it was made.
    """

    def __init__(
        self, *, codes: SubjectCodes, waves: Sequence[int], credits: np.ndarray[Any, Any], ledger: pl.DataFrame,
        reasons: np.ndarray[Any, Any], wave_of: np.ndarray[Any, Any], citations: Mapping[tuple[str, str | None], Citation | None],
        periods: str, ids: Any, through: Mapping[str, Any], schemes: Sequence[str] = (),
        interpretations: Mapping[str, str | None] | None = None, pack: RulePack | None = None,
    ) -> None:  # fmt: skip
        self._codes = codes
        self._waves = list(waves)
        self.schemes = tuple(schemes)
        self._by_scheme = credits if credits.ndim == 3 else None  # subjects x waves x schemes
        credits = credits.sum(axis=2) if credits.ndim == 3 else credits
        self._interpretations = dict(interpretations or {})
        self._credits = credits  # subjects x waves
        self._ledger = ledger
        self._reasons = reasons
        self._wave_of = wave_of
        self._citations = citations
        self._periods = periods
        self._ids = ids  # () -> the enrolment ids in record order (read again when asked)
        self._through = dict(through)  # scheme -> the day it must be covered through
        self._pack = pack  # names the schemes and the waves' periods in the details people read
        self.input_total = len(reasons)
        self.counted_total = int(np.count_nonzero(reasons == COUNTED))
        by_reason = ledger.get_column("reason").value_counts() if ledger.height else None
        self._by_reason = dict(sorted(by_reason.iter_rows())) if by_reason is not None else {}
        if self.counted_total + self.excluded_total != self.input_total:
            raise EngineError(
                f"counting lost enrolments: {self.counted_total} counted + {self.excluded_total} excluded != {self.input_total} input"
            )

    def count(self, subject_id: str, wave: int) -> int:
        """Enrolments that count for ``subject_id`` in ``wave``."""
        code = self._codes.index.get(subject_id)
        if code is None or wave not in self._waves:
            return 0
        return int(self._credits[code, self._waves.index(wave)])

    def credits(self) -> np.ndarray[Any, Any]:
        """Credits as an array: subject code x wave (in the pack's order of waves)."""
        return self._credits

    def credits_by_scheme(self) -> np.ndarray[Any, Any]:
        """Credits as an array: subject code x wave x scheme (in the pack's order of schemes,
        :attr:`schemes`), for quotas handed down per scheme."""
        if self._by_scheme is None:
            raise ValueError("this counting was not kept per scheme")
        return self._by_scheme

    def interpretation(self, reason: str) -> str | None:
        """The pack's interpretation (its id) behind excluding enrolments for ``reason``,
        when the pack names one (``counting: exclusions:``)."""
        return self._interpretations.get(reason)

    @property
    def counts(self) -> Mapping[tuple[str, int], int]:
        """(subject id, wave) -> enrolments that count for it (only those with some)."""
        if not hasattr(self, "_counts"):
            rows, columns = np.nonzero(self._credits)
            self._counts = {
                (self._codes.ids[r], self._waves[c]): int(self._credits[r, c])
                for r, c in zip(rows.tolist(), columns.tolist(), strict=True)
            }
        return self._counts

    @property
    def counted(self) -> Mapping[str, int]:
        """Enrolment id -> the wave it counts for, for every counted enrolment."""
        if not hasattr(self, "_counted"):
            ids = self._ids()
            keep = self._reasons == COUNTED
            frame = pl.DataFrame({"id": ids, "wave": self._wave_of}).filter(pl.Series(keep))
            self._counted = dict(zip(frame.get_column("id").to_list(), frame.get_column("wave").to_list(), strict=True))
        return self._counted

    @property
    def excluded_total(self) -> int:
        """How many enrolments were excluded."""
        return int(self._ledger.height)

    def excluded_by_reason(self) -> dict[str, int]:
        """How many enrolments each reason excluded."""
        return dict(self._by_reason)

    @property
    def ledger(self) -> pl.DataFrame:
        """The exclusion ledger: one row per excluded enrolment (``enrolment_id``, ``reason``,
        ``detail``), by enrolment id."""
        return self._detailed().select("enrolment_id", "reason", "detail")

    def ledger_frame(self) -> pl.DataFrame:
        """The ledger with the values its details are made of (``scheme``, ``enrolled_on``,
        ``covered_until``, ``credited_to``, ``first`` — the enrolment counted instead of a
        repeat — and ``suggestion``, the subject an unknown id likely means)."""
        return self._ledger

    def _detailed(self) -> pl.DataFrame:
        # Made each time it is asked for, not kept: at national size the sentences of the
        # ledger are a quarter of a gigabyte, wanted once (a report).
        ledger = self._ledger
        through = pl.col("scheme").replace_strict(self._through, default=None, return_dtype=pl.Date).cast(pl.String)
        unknown = pl.format("credited to unknown subject '{}'", pl.col("credited_to"))
        unknown = (
            pl.when(pl.col("suggestion").is_not_null())
            .then(pl.format("credited to unknown subject '{}' (did you mean '{}'?)", pl.col("credited_to"), pl.col("suggestion")))
            .otherwise(unknown)
        )
        sentences = {
            "unknown-subject": unknown,
            "outside-periods": pl.format(
                "enrolled on {}, outside every emulation period " + self._periods.replace("{", "{{").replace("}", "}}"),
                pl.col("enrolled_on").cast(pl.String),
            ),
            "coverage-missing": pl.format("{} must be covered through {}; no coverage end date given", pl.col("scheme"), through),
            "coverage-too-short": pl.format(
                "covered until {}; {} must be covered through {}",
                pl.col("covered_until").cast(pl.String),
                pl.col("scheme"),
                through,
            ),
            "scheme-not-counted": pl.format("{} is not among the schemes counted", pl.col("scheme")),
            "duplicate-enrolment-id": pl.format(
                "enrolment id '{}' given again (its first record is counted or excluded on its own)", pl.col("enrolment_id")
            ),
            "repeat-person": pl.format("person '{}' already counted by enrolment '{}'", pl.col("person_id"), pl.col("first")),
            "repeat-person-scheme": pl.format(
                "person '{}' already counted in {} by enrolment '{}'", pl.col("person_id"), pl.col("scheme"), pl.col("first")
            ),
        }
        # Each reason's sentences on its own rows: a when/then over all rows would build every
        # branch's sentence for every row (gigabytes at national size) and keep one.
        numbered = ledger.with_row_index("__at")
        parts = [
            numbered.filter(pl.col("reason") == reason).select("__at", sentence.alias("detail"))
            for reason, sentence in sentences.items()
        ]
        detail = pl.concat(parts).sort("__at").get_column("detail") if ledger.height else pl.Series("detail", [], dtype=pl.String)
        return ledger.with_columns(detail)

    @property
    def excluded(self) -> tuple[Exclusion, ...]:
        """The ledger as :class:`Exclusion` values, by enrolment id."""
        if not hasattr(self, "_excluded"):
            rows = self._detailed().select("enrolment_id", "reason", "detail", "scheme").iter_rows()
            self._excluded = tuple(Exclusion(i, r, d, self.citation(r, s)) for i, r, d, s in rows)
        return self._excluded

    def ledger_in(self, lang: str) -> pl.DataFrame:
        """The ledger with its details in ``lang`` (``vi`` or ``en``) for people: the pack's
        names of schemes, dates as ``dd/mm/yyyy`` (vi), the waves' periods
        (``enrolment_id``, ``reason``, ``detail``, ``scheme``, by enrolment id). The
        language-neutral ledger is :meth:`ledger_frame`; :attr:`ledger`'s English details
        are those of the JSON result."""
        return self._ledger.select("enrolment_id", "reason", _details(self._ledger, lang, self._pack, self._through), "scheme")

    def excluded_in(self, lang: str) -> tuple[Exclusion, ...]:
        """:attr:`excluded` with the details in ``lang`` (:meth:`ledger_in`)."""
        rows = self.ledger_in(lang).iter_rows()
        return tuple(Exclusion(i, r, d, self.citation(r, s)) for i, r, d, s in rows)

    def citation(self, reason: str, scheme: str | None) -> Citation | None:
        """The clause behind excluding an enrolment of ``scheme`` for ``reason``: the one the
        pack cites for the reason (for coverage, the scheme's own parameter); None only for
        a pack that cites none (the loader requires one for every reason it can give)."""
        found = self._citations.get((reason, scheme))
        return found if found is not None else self._citations.get((reason, None))

    def ledger_records(self) -> list[dict[str, Any]]:
        """The ledger as plain records: enrolment id, reason, detail, citation."""
        return [attrs.asdict(e) for e in self.excluded]

    def __repr__(self) -> str:
        return (
            f"rallyrules.Counting(input={self.input_total}, counted={self.counted_total}, "
            f"excluded={self.excluded_total} {self.excluded_by_reason()})"
        )


def count_enrolments(pack: RulePack, dataset: Dataset) -> Counting:
    """Count every enrolment of ``dataset`` by the waves, schemes and policy of ``pack``.

    Checks the data first (:func:`~rallyrules.check_dataset`: raises
    :class:`~rallyrules.DataError` listing every problem)."""
    from .dataset import check_dataset

    return check_dataset(pack, dataset).counting


# -- the pass ---------------------------------------------------------------------------------------


class EnrolmentPass:
    """The one pass over the enrolment batches: checks, counts, the ledger's rows and the
    records' digest (fed to ``digest``, a callable taking each typed batch in canonical
    order, when given). Built by :func:`rallyrules.dataset.check_dataset`."""

    def __init__(self, pack: RulePack, codes: SubjectCodes, *, path: str, digest: Any | None) -> None:
        self.pack = pack
        self.codes = codes
        self.path = path
        self.digest = digest
        self.waves = [w.number for w in pack.waves]
        self.problems: list[Problem] = []
        policy = pack.counting
        self.schemes = [s.id for s in pack.schemes]
        n, n_waves, n_schemes = len(codes), len(self.waves), len(self.schemes)
        self.direct = np.zeros((n, n_waves, n_schemes), dtype=np.int64)
        self.individual = np.zeros((n, n_waves, n_schemes), dtype=np.int64)
        self.reasons: list[np.ndarray[Any, Any]] = []
        self.wave_of: list[np.ndarray[Any, Any]] = []
        self.keys: list[pl.DataFrame] = []
        self.ledger: list[pl.DataFrame] = []
        self.offset = 0
        self.last_id: str | None = None
        self.in_order = True
        self.unordered: list[pl.DataFrame] = []  # the batches kept when the ids are not in order
        self.exclude_duplicates = policy.duplicate_ids == "exclude"
        self.duplicates: list[np.ndarray[Any, Any]] = []  # positions of records whose id came before (when excluded)
        # Repeats: once per person and scheme, or once per person whatever the scheme.
        self.overall = policy.one_enrolment_per_person
        self.per_person = policy.one_enrolment_per_person_and_scheme or self.overall
        # Built once: casting to an Enum of ~100,000 ids costs as much to set up as to run.
        self.to_code = codes.codes(pl.col("credited_to")).fill_null(-1).alias("to")
        self.ind_code = codes.codes(pl.col("credited_individual")).fill_null(-1).alias("ind")
        self.scheme_code = pl.col("scheme").replace_strict(self.schemes, list(range(n_schemes)), default=-1, return_dtype=pl.Int8)
        counted = policy.schemes_counted
        self.not_counted = (
            ~pl.col("scheme").is_in(list(counted)) if counted is not None else pl.lit(False)
        )  # fmt: skip
        wave = pl.lit(_NO_WAVE, dtype=pl.Int8)
        for w in reversed(pack.waves):  # the first wave holding the day wins
            wave = pl.when(pl.col("enrolled_on").is_between(w.start, w.end)).then(pl.lit(w.number, pl.Int8)).otherwise(wave)
        self.wave = wave
        through = {s.id: s.coverage_through for s in pack.schemes if s.coverage_through is not None}
        self.through = (
            pl.col("scheme").replace_strict(through, default=None, return_dtype=pl.Date) if through else pl.lit(None, pl.Date)
        )

    # -- per batch ---------------------------------------------------------------------------

    def _key(self) -> pl.Expr:
        """The hash of what a person counts once for: (person, scheme), or the person alone."""
        if not self.per_person:
            return pl.lit(0, pl.UInt64).alias("key")
        if self.overall:
            return pl.col("person_id").hash(7).alias("key")
        return (pl.col("person_id").hash(7) ^ pl.col("scheme").hash(11)).alias("key")

    def add(self, batch: pl.DataFrame) -> None:
        """Take one typed batch (the enrolment fields, :data:`ROW` and :data:`LABEL`)."""
        n = batch.height
        if not n:
            return
        start = self.offset
        self.offset += n
        # One select (polars runs its columns in parallel), then plain arrays: no text is
        # copied but the excluded records' (for the ledger).
        marked = batch.select(
            self.to_code, self.ind_code,
            self.wave.alias("wave"),
            self.scheme_code.alias("s"),
            pl.col("credited_individual").is_not_null().alias("has_ind"),
            pl.col("scheme").is_in(self.schemes).alias("scheme_ok"),
            self._key(),
            self.not_counted.alias("not_counted"),
            pl.col("covered_until").is_null().alias("uncovered"),
            (pl.col("covered_until") < self.through).fill_null(False).alias("short"),
            self.through.is_not_null().alias("must_cover"),
        )  # fmt: skip
        to, ind = marked.get_column("to").to_numpy(), marked.get_column("ind").to_numpy()
        wave, scheme = marked.get_column("wave").to_numpy(), marked.get_column("s").to_numpy()
        must = marked.get_column("must_cover").to_numpy()
        reason = np.full(n, COUNTED, dtype=np.uint8)
        reason[must & marked.get_column("short").to_numpy()] = _CODE["coverage-too-short"]
        reason[must & marked.get_column("uncovered").to_numpy()] = _CODE["coverage-missing"]
        reason[marked.get_column("not_counted").to_numpy()] = _CODE["scheme-not-counted"]
        reason[wave == _NO_WAVE] = _CODE["outside-periods"]
        reason[to < 0] = _CODE["unknown-subject"]  # the first reason that applies is the one given
        self._check(batch, marked, ind)
        self._order(batch, start)
        self.reasons.append(reason)
        self.wave_of.append(wave)
        # An unknown scheme is a data problem _check reports; it is credited nowhere meanwhile.
        counted = reason == COUNTED
        credit = counted & (scheme >= 0)
        self._credit(to[credit], ind[credit], wave[credit], scheme[credit], +1)
        if self.per_person:
            # 16 bytes per counted record: the row, its place in its file and the hash.
            rows = np.flatnonzero(credit)
            places = batch.get_column(ROW).fill_null(0).to_numpy()[rows] if rows.size else rows
            self.keys.append(
                pl.DataFrame(
                    {
                        "row": (rows + start).astype(np.uint32),
                        ROW: places.astype(np.uint32),
                        "key": marked.get_column("key").to_numpy()[rows],
                    }
                )
            )
        if not counted.all():
            excluded = ~counted
            self.ledger.append(_ledger_rows(batch, np.flatnonzero(excluded), start, reason[excluded]))

    def _credit(
        self, to: np.ndarray[Any, Any], ind: np.ndarray[Any, Any], wave: np.ndarray[Any, Any], scheme: np.ndarray[Any, Any],
        sign: int,
    ) -> None:  # fmt: skip
        """Credit counted records (their subject and individual codes, -1 for none, waves and scheme codes)."""
        if not len(to):
            return
        n_waves, n_schemes = len(self.waves), len(self.schemes)
        shape = (len(self.codes), n_waves, n_schemes)
        size = shape[0] * n_waves * n_schemes
        cell = (wave.astype(np.int64) - 1) * n_schemes + scheme.astype(np.int64)
        self.direct += sign * np.bincount(to.astype(np.int64) * n_waves * n_schemes + cell, minlength=size).reshape(shape)
        has = ind >= 0
        if has.any():
            self.individual += sign * np.bincount(
                ind[has].astype(np.int64) * n_waves * n_schemes + cell[has], minlength=size
            ).reshape(shape)

    def _check(self, batch: pl.DataFrame, marked: pl.DataFrame, ind: np.ndarray[Any, Any]) -> None:
        """What a record must be beside its own fields: a scheme of the pack, a credited
        individual who is an individual subject."""
        individual = np.append(self.codes.individual, False)  # code -1 (not a subject): not an individual
        ind_bad = marked.get_column("has_ind").to_numpy() & ~individual[ind]
        scheme_bad = ~marked.get_column("scheme_ok").to_numpy()
        if not (ind_bad.any() or scheme_bad.any()):
            return
        bad = batch.with_columns(scheme_bad=pl.Series(scheme_bad), ind_bad=pl.Series(ind_bad)).filter(
            pl.col("scheme_bad") | pl.col("ind_bad")
        )
        for row in bad.iter_rows(named=True):
            if row["scheme_bad"]:
                known = [Named(s, self.pack.value_label("scheme", s)) for s in sorted(self.schemes)]
                self._problem(
                    row,
                    Message(
                        "data.check.unknown-scheme",
                        enrolment=Quoted(row["enrolment_id"]),
                        scheme=Quoted(row["scheme"]),
                        known=known,
                    ),
                )
            if row["ind_bad"]:
                self._problem(
                    row,
                    Message(
                        "data.check.not-individual",
                        enrolment=Quoted(row["enrolment_id"]),
                        individual=Quoted(row["credited_individual"]),
                    ),
                )

    def _problem(self, row: Mapping[str, Any], message: Message) -> None:
        if row.get(LABEL) is not None:
            self.problems.append(Problem.of(message, row[LABEL]))
        else:
            self.problems.append(Problem.of(message, self.path, row.get(ROW)))

    def _order(self, batch: pl.DataFrame, start: int) -> None:
        """Duplicate ids, and the digest: while the ids come in order (as exports usually
        are), each batch is checked against its neighbour and digested at once; after the
        first one out of order, the batches are kept and sorted at the end."""
        if self.in_order:
            ids = batch.get_column("enrolment_id")
            sorted_here = ids.is_sorted() and (self.last_id is None or ids[0] >= self.last_id)
            if sorted_here:
                self._duplicates(batch, ids, self.last_id, np.arange(start, start + batch.height))
                self.last_id = ids[-1]
                if self.digest is not None:
                    self.digest(batch.drop(ROW, LABEL))
                return
            self.in_order = False
        self.unordered.append(batch.with_columns(pl.int_range(start, start + batch.height, dtype=pl.Int64).alias(_POSITION)))

    def _duplicates(self, batch: pl.DataFrame, ids: pl.Series, before: str | None, positions: np.ndarray[Any, Any]) -> None:
        """Records whose id the record before them has (ids in order): a problem each, or,
        when the pack excludes them, their positions (the first record of an id stays)."""
        previous = ids.shift(1, fill_value=before) if before is not None else ids.shift(1)
        same = (ids == previous).fill_null(False)
        if not same.any():
            return
        if self.exclude_duplicates:
            self.duplicates.append(positions[same.to_numpy()])
            return
        for row in batch.filter(same).iter_rows(named=True):
            self._problem(row, Message("data.check.duplicate-enrolment", enrolment=Quoted(row["enrolment_id"])))

    # -- after the last batch ----------------------------------------------------------------

    def finish(self, dataset: Dataset, *, other_problems: bool = False) -> Counting | None:
        """The counting, or None when the records had problems (in :attr:`problems`, or
        ``other_problems`` in the other tables: a counting is then meaningless)."""
        if not self.in_order:
            self._finish_unordered()
        if self.problems or other_problems:
            self.problems.sort(key=lambda p: (p.path or "", p.line or 0))
            return None
        reasons = np.concatenate(self.reasons) if self.reasons else np.zeros(0, dtype=np.uint8)
        wave_of = np.concatenate(self.wave_of) if self.wave_of else np.zeros(0, dtype=np.int8)
        ledger = pl.concat(self.ledger) if self.ledger else _empty_ledger()
        self.ledger = []
        in_order = self.in_order
        if self.duplicates:
            ledger = self._exclude_duplicates(dataset, reasons, ledger)
            in_order = False  # the ledger is sorted again below
        repeats = self._repeats(dataset)
        if repeats is not None and repeats.height:
            reasons[repeats.get_column("row").to_numpy()] = repeats.get_column("reason").to_numpy()
            repeats = repeats.select(ledger.columns).sort("enrolment_id")
            # Ids that came in order give a ledger in order: merged, not sorted again.
            ledger = ledger.merge_sorted(repeats, key="enrolment_id") if in_order else pl.concat([ledger, repeats])
        credits = self._credits()
        ledger = self._named(ledger, in_order)
        citations, interpretations = _citations(self.pack)
        periods = ", ".join(f"{w.start.isoformat()}..{w.end.isoformat()}" for w in self.pack.waves)
        return Counting(
            codes=self.codes, waves=self.waves, credits=credits, ledger=ledger, reasons=reasons, wave_of=wave_of,
            citations=citations, periods=periods, ids=lambda: dataset.enrolment_ids(),
            through={s.id: s.coverage_through for s in self.pack.schemes if s.coverage_through is not None},
            schemes=self.schemes, interpretations=interpretations, pack=self.pack,
        )  # fmt: skip

    def _finish_unordered(self) -> None:
        whole = pl.concat(self.unordered) if self.unordered else None
        self.unordered = []
        if whole is None:
            return
        # Stable: of equal ids the first in record order stays first, the others are named.
        ordered = whole.sort("enrolment_id", maintain_order=True)
        self._duplicates(ordered, ordered.get_column("enrolment_id"), None, ordered.get_column(_POSITION).to_numpy())
        if self.digest is not None and not self.problems:
            for start in range(0, ordered.height, 1_000_000):
                self.digest(ordered.slice(start, 1_000_000).drop(ROW, LABEL, _POSITION))

    def _exclude_duplicates(self, dataset: Dataset, reasons: np.ndarray[Any, Any], ledger: pl.DataFrame) -> pl.DataFrame:
        """Records whose id an earlier record has, excluded as ``duplicate-enrolment-id`` (the
        first reason: a second record of an id is no record of its own). Those that were
        counted give their credits back and take no part in finding repeats."""
        rows = np.unique(np.concatenate(self.duplicates)).astype(np.int64)
        self.duplicates = []
        records = self._records_at(dataset, rows).with_columns(
            to=self.codes.codes(pl.col("credited_to")), ind=self.codes.codes(pl.col("credited_individual")),
            wave=self.wave, s=self.scheme_code,
        )  # fmt: skip
        counted = records.filter(pl.Series(reasons[rows] == COUNTED))
        self._credit(
            counted.get_column("to").to_numpy(), counted.get_column("ind").fill_null(-1).to_numpy(),
            counted.get_column("wave").to_numpy(), counted.get_column("s").to_numpy(), -1,
        )  # fmt: skip
        gone = pl.Series(rows).implode()
        if self.keys:
            self.keys = [pl.concat(self.keys).filter(~pl.col("row").cast(pl.Int64).is_in(gone))]
        reasons[rows] = _CODE["duplicate-enrolment-id"]
        fresh = _ledger_rows(records, np.arange(records.height), 0, np.full(records.height, _CODE["duplicate-enrolment-id"]))
        fresh = fresh.with_columns(row=pl.Series(rows))
        return pl.concat([ledger.filter(~pl.col("row").is_in(gone)), fresh]).sort("enrolment_id", "row")

    @staticmethod
    def _records_at(dataset: Dataset, rows: np.ndarray[Any, Any]) -> pl.DataFrame:
        """The enrolments at positions ``rows`` (sorted, in record order); streamed ones read again."""
        if not dataset.streamed:
            return dataset.enrolment_rows(rows, np.zeros(rows.size, dtype=np.int64)).sort("row")
        wanted, parts, position = set(rows.tolist()), [], 0
        for batch, _ in dataset.enrolment_batches():
            picked = [i for i in range(batch.height) if position + i in wanted]
            if picked:
                parts.append(batch[picked])
            position += batch.height
        return pl.concat(parts)

    def _repeats(self, dataset: Dataset) -> pl.DataFrame | None:
        """The enrolments excluded as repeats of a person in a scheme — or of a person, when
        the pack counts a person once whatever the scheme — (their credits taken back), with
        the enrolment counted instead. Only rows whose hash repeats are read again; their
        real values decide, so a collision changes nothing."""
        if not self.keys:
            return None
        keys = pl.concat(self.keys)
        self.keys = []
        ordered = keys.get_column("key").sort()
        repeated = ordered.filter(ordered == ordered.shift(1)).unique()
        if not repeated.len():
            return None
        suspects = keys.filter(pl.col("key").is_in(repeated.implode()))
        details = dataset.enrolment_rows(suspects.get_column("row").to_numpy(), suspects.get_column(ROW).to_numpy())
        codes = self.codes
        details = details.with_columns(
            to=codes.codes(pl.col("credited_to")), ind=codes.codes(pl.col("credited_individual")), wave=self.wave,
            through=self.through, s=self.scheme_code,
        ).sort("enrolled_on", "enrolment_id")  # fmt: skip
        group = ["person_id"] if self.overall else ["person_id", "scheme"]
        ranked = details.with_columns(first=pl.col("enrolment_id").first().over(group))
        later = ranked.filter(pl.col("enrolment_id") != pl.col("first"))
        self._credit(
            later.get_column("to").to_numpy(),
            later.get_column("ind").fill_null(-1).to_numpy(),
            later.get_column("wave").to_numpy(),
            later.get_column("s").to_numpy(),
            -1,
        )
        reason = _CODE["repeat-person" if self.overall else "repeat-person-scheme"]
        return later.with_columns(reason=pl.lit(reason, pl.UInt8)).select(
            "row",
            "enrolment_id",
            "reason",
            "scheme",
            "enrolled_on",
            "covered_until",
            "credited_to",
            "through",
            "person_id",
            "first",
        )

    def _credits(self) -> np.ndarray[Any, Any]:
        """Credits per subject, wave and scheme: its own, its descendants' when the pack
        credits parents (one level of ancestors at a time), and those as a credited individual."""
        total = self.direct.copy()
        if self.pack.counting.credit_parents:
            parent = self.codes.parent
            up = parent.copy()
            below = np.arange(len(parent))
            n = len(parent)
            for _ in range(n):  # at most n levels: the checks refuse cycles of parents before this
                has = up >= 0
                if not has.any():
                    break
                for k in range(len(self.waves)):
                    for j in range(len(self.schemes)):
                        total[:, k, j] += np.bincount(up[has], weights=self.direct[below[has], k, j], minlength=n).astype(
                            np.int64
                        )
                below, up = below[has], parent[up[has]]
        return total + self.individual

    def _named(self, ledger: pl.DataFrame, in_order: bool) -> pl.DataFrame:
        """The ledger with reasons by name and suggestions for unknown subjects, by id."""
        unknown = ledger.filter(pl.col("reason") == _CODE["unknown-subject"]).get_column("credited_to").unique().to_list()
        suggestions = {u: self.codes.suggestion(u) for u in unknown if u is not None}
        suggestions = {k: v for k, v in suggestions.items() if v is not None}
        named = ledger.with_columns(
            pl.col("reason").replace_strict(list(range(len(REASONS))), list(REASONS), return_dtype=pl.String),
            suggestion=pl.col("credited_to").replace_strict(suggestions, default=None, return_dtype=pl.String)
            if suggestions
            else pl.lit(None, pl.String),
        )
        return named if in_order else named.sort("enrolment_id", maintain_order=True)


def _details(ledger: pl.DataFrame, lang: str, pack: RulePack | None, through: Mapping[str, Any]) -> pl.Expr:
    """The ledger's details in ``lang`` as one expression: each reason's catalog text
    (``ledger.<reason>``) filled from the ledger's columns, on columns."""
    day = "%d/%m/%Y" if lang == "vi" else "%-d %b %Y"  # text.date's patterns, as strftime writes them

    def shown(column: str) -> pl.Expr:
        return pl.col(column).dt.strftime(day)

    schemes = {s.id: s.name.in_(lang) for s in pack.schemes} if pack is not None else {}
    scheme = (
        pl.col("scheme").replace_strict(schemes, default=pl.col("scheme"), return_dtype=pl.String)
        if schemes
        else pl.col("scheme")
    )
    until = {k: date(v, lang) for k, v in through.items()}
    periods = "; ".join(f"{date(w.start, lang)} – {date(w.end, lang)}" for w in pack.waves) if pack is not None else ""
    values = {
        "enrolment_id": pl.col("enrolment_id"), "credited_to": pl.col("credited_to"), "suggestion": pl.col("suggestion"), "enrolled_on": shown("enrolled_on"),
        "covered_until": shown("covered_until"), "scheme": scheme, "person_id": pl.col("person_id"), "first": pl.col("first"),
        "periods": pl.lit(periods), "through": pl.col("scheme").replace_strict(until, default=None, return_dtype=pl.String),
    }  # fmt: skip
    detail: pl.Expr = pl.lit(None, pl.String)
    for reason in REASONS:  # one reason per row: each its own text
        detail = pl.when(pl.col("reason") == reason).then(_filled(MESSAGES[f"ledger.{reason}"][lang], values)).otherwise(detail)
    hint = (
        pl.when(pl.col("suggestion").is_not_null())
        .then(_filled(MESSAGES["ledger.did-you-mean"][lang], values))
        .otherwise(pl.lit(""))
    )
    return pl.concat_str(detail, pl.when(pl.col("reason") == "unknown-subject").then(hint).otherwise(pl.lit(""))).alias("detail")


def _filled(template: str, values: Mapping[str, pl.Expr]) -> pl.Expr:
    """``template``'s ``{name}`` fields filled with the columns of ``values`` (a missing value as empty)."""
    parts = re.split(r"\{(\w+)\}", template)
    pieces = [pl.lit(part) if i % 2 == 0 else values[part].cast(pl.String).fill_null("") for i, part in enumerate(parts)]
    return pl.concat_str(pieces)


#: The column holding a record's position in record order, in the batches kept out of order.
_POSITION = "__position"


def _ledger_rows(batch: pl.DataFrame, rows: np.ndarray[Any, Any], start: int, reasons: np.ndarray[Any, Any]) -> pl.DataFrame:
    """The ledger's rows of the records at ``rows`` of ``batch`` (positions from ``start``)."""
    return batch[rows].select(
        pl.Series("row", rows + start, dtype=pl.Int64),
        "enrolment_id",
        pl.Series("reason", reasons, dtype=pl.UInt8),
        "scheme",
        "enrolled_on",
        "covered_until",
        "credited_to",
        person_id=pl.lit(None, pl.String),
        first=pl.lit(None, pl.String),
    )


def _empty_ledger() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"row": pl.Int64, "enrolment_id": pl.String, "reason": pl.UInt8, "scheme": pl.String, "enrolled_on": pl.Date,
                "covered_until": pl.Date, "credited_to": pl.String, "person_id": pl.String, "first": pl.String}
    )  # fmt: skip


def _citations(pack: RulePack) -> tuple[dict[tuple[str, str | None], Citation | None], dict[str, str | None]]:
    """(reason, scheme or None for any) -> the clause excluding for ``reason`` rests on, and
    reason -> the pack's interpretation of it: as the pack's ``counting: exclusions:`` cite
    them; a coverage reason cites its scheme's coverage parameter first (the date it sets)."""
    out: dict[tuple[str, str | None], Citation | None] = {}
    interpretations: dict[str, str | None] = {}
    for exclusion in pack.counting.exclusions:
        out[(exclusion.reason, None)] = exclusion.source
        interpretations[exclusion.reason] = exclusion.interpretation
    for scheme in pack.schemes:
        if scheme.coverage_parameter:
            parameter = pack.parameter(scheme.coverage_parameter)
            for reason in ("coverage-missing", "coverage-too-short"):
                out.setdefault((reason, scheme.id), parameter.source)
                if parameter.interpretations:
                    interpretations.setdefault(reason, parameter.interpretations[0].id)
    return out, interpretations


def batches_of(frame: pl.DataFrame, size: int = 1_000_000) -> Iterator[pl.DataFrame]:
    """A table in memory as batches (slices: no copy)."""
    for start in range(0, frame.height, size):
        yield frame.slice(start, size)
