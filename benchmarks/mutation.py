"""Mutation check: small, plausible mistakes in the rule pack and the engine adapter, and
whether the test suite catches each one.

    python benchmarks/mutation.py                  # every mutation, the whole suite (tests/ and rules/)
    python benchmarks/mutation.py --suite new      # only the verification tests (differential, invariants, fuzz)
    python benchmarks/mutation.py --only R01 C03   # some mutations
    python benchmarks/mutation.py --list           # what each mutation does

Each mutation changes one thing — a date one day off, ``>=`` to ``>``, a cap rate, a
rounding, an engine pattern, a guard — in a copy of the repository (never in the working
tree): the checkout's tracked files and its untracked files that git does not ignore (so no
``.git``, ``.nox``, caches, build output or generated data). Then pytest runs on the copy (``-x``, a fixed hypothesis seed,
the ``ci`` profile); the mutation is **killed** when the run fails (or hangs past
``--timeout``), **survived** when it passes. The unmutated copy must pass first.

A mutation whose text is no longer in the file (the code moved on) is reported as
``n/a`` and left out of the score. Prints a table and the score (killed / applied).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACK = "rules/can-tho-2023"
IGNORED = shutil.ignore_patterns(
    ".git", ".nox", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", "__pycache__", "build", "dist", "site",
    "*.egg-info", ".venv*",
)  # fmt: skip
SUITES = {
    "full": ["tests", "rules"],
    "new": ["tests/test_differential.py", "tests/test_invariants.py", "tests/test_fuzz.py"],
}


@dataclass(frozen=True)
class Mutation:
    id: str
    path: str
    old: str
    new: str
    what: str
    nth: int | None = None  # which occurrence to change (1 = the first); None: the text must occur once


MUTATIONS = (
    # -- the rule pack: what the plan says, slightly wrong -------------------------------------------------------
    Mutation("R01", f"{PACK}/calendar.yaml", 'end: "2023-06-09"', 'end: "2023-06-08"', "wave 1 ends one day early"),
    Mutation("R02", f"{PACK}/calendar.yaml", 'start: "2023-07-01"', 'start: "2023-07-02"', "wave 2 starts one day late"),
    Mutation("R03", f"{PACK}/parameters.yaml", 'value: "2023-12-31"', 'value: "2023-12-30"', "coverage required one day less"),
    Mutation("R04", f"{PACK}/parameters.yaml", '- id: collective-completion-rate\n    type: rate\n    value: "100%"',
             '- id: collective-completion-rate\n    type: rate\n    value: "99%"', "collective completion rate 100% → 99%"),
    Mutation("R05", f"{PACK}/parameters.yaml", '- id: collective-cap-rate\n    type: rate\n    value: "10%"',
             '- id: collective-cap-rate\n    type: rate\n    value: "11%"', "collective cap 10% → 11%"),
    Mutation("R06", f"{PACK}/parameters.yaml", '- id: individual-cap-rate\n    type: rate\n    value: "5%"',
             '- id: individual-cap-rate\n    type: rate\n    value: "6%"', "individual cap 5% → 6%"),
    Mutation("R07", f"{PACK}/caps.yaml", "    rounding: floor\n", "    rounding: ceiling\n", "collective Giấy khen cap rounds up (ceiling)", nth=1),
    Mutation("R08", f"{PACK}/caps.yaml", "{by: ratio, of: counted, to: quota, order: descending}",
             "{by: ratio, of: counted, to: quota, order: ascending}", "collective Giấy khen ranked by ratio ascending", nth=1),
    Mutation("R09", f"{PACK}/giay-khen-tap-the.yaml", "ratio: {of: counted, to: quota}\n        op: at_least",
             "ratio: {of: counted, to: quota}\n        op: more_than", "collectives: ≥ 100% becomes > 100%"),
    Mutation("R10", f"{PACK}/giay-khen-ca-nhan.yaml", "fact: quota\n        op: more_than\n        value: 0",
             "fact: quota\n        op: at_least\n        value: 0", "individuals: 'has a quota' accepts a quota of 0"),
    Mutation("R11", f"{PACK}/giay-khen-ca-nhan.yaml", "fact: attested\n        op: equals\n        value: true",
             "fact: attested\n        op: not_equals\n        value: true", "individuals: attestation test inverted"),
    Mutation("R12", f"{PACK}/parameters.yaml", "- id: participant-list-days-before\n    type: integer\n    value: 5",
             "- id: participant-list-days-before\n    type: integer\n    value: 4", "participant lists due 4 days before, not 5"),
    Mutation("R13", f"{PACK}/parameters.yaml", "- id: days-before-for-truoc-ngay\n    type: integer\n    value: 1",
             "- id: days-before-for-truoc-ngay\n    type: integer\n    value: 0", "'trước ngày X' accepts day X itself"),
    Mutation("R14", f"{PACK}/deadlines.yaml", 'date: "2023-06-20"', 'date: "2023-06-21"', "district report deadline of wave 1 one day late"),
    Mutation("R15", f"{PACK}/counting.yaml", "credit_parents: true", "credit_parents: false", "credit no longer rolls up to parents"),
    Mutation("R16", f"{PACK}/counting.yaml", "one_enrolment_per_person_and_scheme: true", "one_enrolment_per_person_and_scheme: false",
             "a person counts more than once per scheme"),
    Mutation("R17", f"{PACK}/bang-khen.yaml", "fact: wave_awards\n        op: at_least", "fact: wave_awards\n        op: more_than",
             "Bằng khen needs two Giấy khen, not one"),
    # -- compiling rules to the engine -----------------------------------------------------------------------------
    Mutation("C01", "rallyrules/_compile.py", '"at_least": "$gte"', '"at_least": "$gt"', "engine: at_least compiled as >"),
    Mutation("C02", "rallyrules/_compile.py", '"less_than": "at_least",', '"less_than": "more_than",', "engine: the negation of less_than is > (not ≥)"),
    Mutation("C03", "rallyrules/_compile.py", "rate.denominator, rate.numerator, f\"{rule_id}", "rate.numerator, rate.denominator, f\"{rule_id}",
             "engine: ratio factors swapped (of·n − d·to)"),
    Mutation("C04", "rallyrules/_compile.py", 'holds = {"$and": [{"$gt": {guard: 0}}', 'holds = {"$and": [{"$gte": {guard: 0}}',
             "engine: a ratio with to = 0 is defined"),
    Mutation("C05", "rallyrules/_compile.py", "MAX_ENGINE_RULES_PER_FACT = 64", "MAX_ENGINE_RULES_PER_FACT = 65", "engine: 65 rules per kind allowed"),
    Mutation("C06", "rallyrules/_compile.py", "encoded = tuple(dict.fromkeys(_engine_literal(types[field], v, rule_id, condition.id) for v in value))",
             "encoded = tuple(_engine_literal(types[field], v, rule_id, condition.id) for v in value)", "engine: one_of values not deduplicated"),
    Mutation("C07", "rallyrules/facts.py", "INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1", "INT64_MIN, INT64_MAX = -(2**63), 2**63",
             "engine: 2**63 taken as an int64"),
    Mutation("C08", "rallyrules/_compile.py", "MAX_PATTERN_EXPRESSIONS = 31", "MAX_PATTERN_EXPRESSIONS = 32",
             "engine: a pattern may use the 32nd expression slot"),
    Mutation("C09", "rallyrules/facts.py", "MAX_TEXT_BYTES = 65_535", "MAX_TEXT_BYTES = 65_536", "engine: text of 65,536 bytes allowed"),
    # -- the engine adapter ------------------------------------------------------------------------------------------
    Mutation("E01", "rallyrules/_engine.py", "fired.append((ref, rule_id, (status, test)))", "fired.append((ref, rule_id, (status, None)))",
             "adapter: the failed condition is lost from the verdict"),
    Mutation("E02", "rallyrules/_engine.py", "        for fact in missing:", "        for fact in missing[:0]:", "adapter: dropped facts are not re-sent"),
    Mutation("E03", "rallyrules/_engine.py", "            if rule_id in verdicts[ref]:", "            if False:", "adapter: a verdict twice goes unnoticed"),
    Mutation("E04", "rallyrules/_evaluate.py", '"at_least": operator.ge,', '"at_least": operator.gt,', "Python evaluator: at_least as >"),
    # -- counting -------------------------------------------------------------------------------------------------------
    Mutation("K01", "rallyrules/count.py", '(pl.col("covered_until") < self.through)', '(pl.col("covered_until") <= self.through)',
             "coverage ending on the required day is too short"),
    Mutation("K02", "rallyrules/count.py", '        ).sort("enrolled_on", "enrolment_id")  # fmt: skip', '        ).sort("enrolment_id")  # fmt: skip',
             "repeats: the lowest id wins, not the earliest"),
    Mutation("K03", "rallyrules/count.py", "                below, up = below[has], parent[up[has]]", "                break",
             "credit rolls up one level only"),
    # -- caps and selection ---------------------------------------------------------------------------------------------
    Mutation("S01", "rallyrules/selection.py", '"selected" if place <= maximum else', '"selected" if place < maximum else',
             "selection: one fewer than the cap"),
    Mutation("S02", "rallyrules/selection.py", "math.floor(value) if cap.rounding == \"floor\" else math.ceil(value)",
             "math.ceil(value) if cap.rounding == \"floor\" else math.floor(value)", "selection: floor and ceiling swapped"),
    Mutation("S03", "rallyrules/selection.py", 'counted_base = base if cap.base == "subjects-in-scope" else len(eligible)',
             'counted_base = len(eligible) if cap.base == "subjects-in-scope" else base', "selection: base counts the eligible only"),
    Mutation("S04", "rallyrules/selection.py", '.when(pl.col("__rank") <= pl.col("__maximum"))', '.when(pl.col("__rank") < pl.col("__maximum"))',
             "selection on columns: one fewer than the cap"),
    Mutation("S05", "rallyrules/selection.py", 'counted = base if cap.base == "subjects-in-scope" else eligible',
             'counted = eligible if cap.base == "subjects-in-scope" else base', "selection on columns: base counts the eligible only"),
    # -- the receipt's input digest ----------------------------------------------------------------------------------
    Mutation("D01", "rallyrules/_digest.py", "            nulls.update(series.is_null().cast(pl.UInt8).to_numpy().tobytes())\n",
             "", "digest: which values are missing is left out"),
    Mutation("D02", "rallyrules/_digest.py",
             "frame.select(names).sort(names, nulls_last=True, maintain_order=True) if frame.height > 1 else frame.select(names)",
             "frame.select(names)", "digest: the records' order counts"),
    Mutation("Y01", "rallyrules/_yaml.py", '            return unicodedata.normalize("NFC", value)\n        if node.tag == _TAG + "null":',
             '            return value\n        if node.tag == _TAG + "null":', "loader: quoted text not normalised to NFC"),
)  # fmt: skip


def copy_repository(target: Path) -> Path:
    """The checkout's files (tracked, and untracked but not ignored) copied to ``target``."""
    try:
        listed = (
            subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
            )
            .stdout.decode("utf-8")
            .split("\0")
        )
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: everything but caches and build output
        shutil.copytree(ROOT, target, ignore=IGNORED, symlinks=True)
        return target
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run_pytest(copy: Path, python: str, paths: list[str], timeout: float) -> tuple[str, float, str]:
    """('passed' | 'failed' | 'timeout', seconds, first failure)."""
    # The wheel test builds and installs a wheel: packaging, not what the mutations touch.
    env = dict(
        os.environ,
        PYTHONPATH=str(copy),
        RALLYRULES_HYPOTHESIS_PROFILE="ci",
        RALLYRULES_SKIP_WHEEL="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    command = [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=20230405", *paths]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - start, f"no result after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    if done.returncode == 0:
        return "passed", elapsed, ""
    first = next((line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
    if not first:
        first = (done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or ["?"])[-1]
    return "failed", elapsed, first[:150]


def apply(copy: Path, mutation: Mutation) -> str | None:
    """Apply ``mutation`` in ``copy``; returns the original text, or None if not applicable."""
    path = copy / mutation.path
    if not path.exists():
        return None
    text = path.read_text("utf-8")
    found = text.count(mutation.old)
    if (mutation.nth is None and found != 1) or (mutation.nth is not None and found < mutation.nth):
        return None
    at = -1
    for _ in range(mutation.nth or 1):
        at = text.index(mutation.old, at + 1)
    path.write_text(text[:at] + mutation.new + text[at + len(mutation.old) :], "utf-8")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--python", default=sys.executable, help="the Python with rallyrules' test dependencies (default: this one)"
    )
    parser.add_argument("--suite", choices=sorted(SUITES), default="full")
    parser.add_argument("--only", nargs="*", help="mutation ids to run")
    parser.add_argument("--jobs", type=int, default=1, help="mutations run at once, each in its own copy")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run counts as hung (killed)")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or m.id in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.id}  {m.path:<36} {m.what}")
        return 0
    paths = SUITES[args.suite]
    with tempfile.TemporaryDirectory(prefix="rallyrules-mutation-") as scratch:
        copies = [copy_repository(Path(scratch) / f"copy-{i}") for i in range(max(1, args.jobs))]
        check = subprocess.run(
            [args.python, "-c", "import rallyrules, sys; print(rallyrules.__file__)"], cwd=copies[0],
            env=dict(os.environ, PYTHONPATH=str(copies[0])), capture_output=True, text=True,
        )  # fmt: skip
        if not check.stdout.strip().startswith(str(copies[0])):
            print(f"rallyrules does not import from the copy ({check.stdout.strip() or check.stderr.strip()})", file=sys.stderr)
            return 2
        print(f"suite: {' '.join(paths)} · python: {args.python} · {len(chosen)} mutations · copies in {scratch}")
        status, seconds, first = run_pytest(copies[0], args.python, paths, args.timeout)
        print(f"baseline (no mutation): {status} in {seconds:.0f} s {first}")
        if status != "passed":
            print("the unmutated suite must pass first", file=sys.stderr)
            return 2
        free = list(copies)
        rows: dict[str, tuple[str, float, str]] = {}

        def run_one(mutation: Mutation) -> tuple[Mutation, str, float, str]:
            copy = free.pop()
            try:
                original = apply(copy, mutation)
                if original is None:
                    return mutation, "n/a", 0.0, "the text to mutate is not in the file (as expected)"
                try:
                    result, elapsed, failure = run_pytest(copy, args.python, paths, args.timeout)
                finally:
                    (copy / mutation.path).write_text(original, "utf-8")
                verdict = {"passed": "SURVIVED", "failed": "killed", "timeout": "killed (hang)"}[result]
                return mutation, verdict, elapsed, failure
            finally:
                free.append(copy)

        with concurrent.futures.ThreadPoolExecutor(max_workers=len(copies)) as pool:
            for mutation, verdict, elapsed, failure in pool.map(run_one, chosen):
                rows[mutation.id] = (verdict, elapsed, failure)
                print(f"  {mutation.id} {verdict:<14} {elapsed:6.1f} s  {mutation.what}", flush=True)
    print()
    print("| id | file | mutation | result | caught by | time |")
    print("|---|---|---|---|---|---|")
    for m in chosen:
        verdict, elapsed, failure = rows[m.id]
        caught = re.sub(r"^(FAILED|ERROR) ", "", failure).split(" - ")[0] if verdict.startswith("killed") else failure
        print(f"| {m.id} | `{m.path}` | {m.what} | {verdict} | {caught.replace('|', '/')} | {elapsed:.0f} s |")
    applied = [r for r in rows.values() if r[0] != "n/a"]
    killed = sum(r[0].startswith("killed") for r in applied)
    print(
        f"\nmutation score ({args.suite} suite): {killed}/{len(applied)} killed = {killed / max(1, len(applied)):.0%}"
        f" ({len(rows) - len(applied)} not applicable)"
    )
    return 0 if killed == len(applied) else 1


if __name__ == "__main__":
    sys.exit(main())
