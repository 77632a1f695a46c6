"""The only module that imports durable_rules: a synchronous Host, batches, integrity checks.

What it guards against (each reproduced on durable-rules 2.0.28; see docs/engine.md):

- ``Host()`` starts timer threads that run actions after a call returned: our Host's
  ``_run`` does nothing, so every action runs inside the call that caused it;
- facts in one state are keyed by a 32-bit hash, and a colliding distinct fact is
  dropped without its actions running: facts go in small batches, each in a fresh
  state that is deleted afterwards, and every fact must come back with exactly one
  verdict per rule. A fact that did not is sent again alone; still missing, or a
  verdict twice, is an :class:`EngineError`, never a partial result;
- exceptions inside actions are swallowed by the engine: ours catch their own and the
  call fails with :class:`EngineError`;
- durable's exceptions (and anything else it raises) become :class:`EngineError` here,
  chained to the original.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from .errors import CompileError, EngineError, Problem

try:
    import durable.engine as _durable
    import durable_rules_engine as _native

    AVAILABLE = True
    _IMPORT_ERROR: BaseException | None = None
except ImportError as exc:  # Python 3.13+: the C extension does not import
    _durable = None
    _native = None
    AVAILABLE = False
    _IMPORT_ERROR = exc

from ._compile import KIND_FIELD, REF_FIELD, CompiledPack

#: Facts per engine state: small enough that a 32-bit id collision is ~1 in 10^6 per batch.
BATCH_SIZE = 128
_RULESET = "rallyrules"
_MESSAGE = re.compile(r'\{"([^"\\]+)":\{"m":\{"' + KIND_FIELD + r'": "[^"\\]*", "' + REF_FIELD + r'": (\d+)[,}]')


def engine_version() -> str:
    """``durable-rules <version>``, or why it is unavailable."""
    if not AVAILABLE:
        return f"durable-rules unavailable ({_IMPORT_ERROR})"
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"durable-rules {version('durable-rules')}"
    except PackageNotFoundError:  # pragma: no cover - imported but not installed as a distribution
        return "durable-rules (unknown version)"


@contextmanager
def _translated(what: str) -> Iterator[None]:
    """Every exception durable raises becomes an EngineError, chained to the original."""
    try:
        yield
    except EngineError:
        raise
    except Exception as exc:  # durable raises bare Exception, MemoryError and its own classes
        raise EngineError(f"durable_rules failed while {what}: {type(exc).__name__}: {exc}") from exc


#: durable's registration errors that mean "too big for the engine" (rules.h), in words.
_REGISTRATION_LIMITS = {
    106: "more different tests after one test than it holds",
    107: "more than 128 patterns with an any-of group after the same tests (e.g. one one_of shared by many rules)",
    108: "more than 256 engine rules ending on the same tests (identical rules)",
    113: "a pattern needs more than 31 expression slots",
}

#: ("pass", None), ("fail", first failed condition id) or ("skip", first failed when-test id).
Verdict = tuple[str, str | None]
#: Per fact index, per rule id: the verdict.
Verdicts = dict[int, dict[str, Verdict]]


class DurableEvaluator:
    """Evaluates encoded facts with one private, synchronous durable_rules Host.

    A new evaluator per evaluation: no state outlives it or leaks between runs.
    """

    def __init__(self, compiled: CompiledPack) -> None:
        if not AVAILABLE:
            raise EngineError(f"the durable_rules engine is not available here: {_IMPORT_ERROR}")
        self._compiled = compiled
        self._verdicts: list[tuple[int, str, Verdict]] = []
        self._action_errors: list[BaseException] = []
        self._batch = 0

        class _SynchronousHost(_durable.Host):  # type: ignore[misc]
            def _run(self) -> None:  # no timer threads: actions run inside our calls
                pass

        definition = copy.deepcopy(compiled.ruleset)  # registering consumes 'run' from the dict
        for name in definition:
            definition[name]["run"] = self._action(*compiled.engine_rules[name])
        self._host = _SynchronousHost()
        try:
            self._host.register_rulesets({_RULESET: definition})
        except Exception as exc:  # durable raises bare Exception with the C code in the text
            code = re.search(r"error code: (\d+)", str(exc))
            if code is None or int(code[1]) not in _REGISTRATION_LIMITS:
                raise EngineError(f"durable_rules failed while registering the ruleset: {type(exc).__name__}: {exc}") from exc
            # A limit compile_pack does not model exactly: the pack cannot run on this
            # engine, which is a CompileError before any fact is decided, never a late failure.
            raise CompileError(
                "the rule pack cannot run on the engine",
                [Problem(f"durable_rules refused the ruleset (error {code[1]}: {_REGISTRATION_LIMITS[int(code[1])]})")],
            ) from exc
        with _translated("registering the ruleset"):
            self._ruleset_handle = self._host.get_ruleset(_RULESET)._handle

    def close(self) -> None:
        """Delete the native ruleset now: durable_rules keeps a registered ruleset (and its
        ~0.5 MB of node tables) until it is deleted, whatever happens to the Python objects,
        so a process running many evaluations would grow without end. Idempotent."""
        handle = getattr(self, "_ruleset_handle", None)
        if handle is None:
            return
        self._ruleset_handle = None
        with _translated("deleting the ruleset"):
            _native.delete_ruleset(handle)
        self._host = None  # type: ignore[assignment]

    def __del__(self) -> None:
        with suppress(Exception):  # never raise from a finaliser; close() is called where it matters
            self.close()

    def _action(self, rule_id: str, status: str, test: str | None) -> Callable[[Any], None]:
        verdict = (status, test)

        def record(c: Any) -> None:
            try:
                self._verdicts.append((int(c.m[REF_FIELD]), rule_id, verdict))
            except BaseException as exc:  # the engine would swallow it
                self._action_errors.append(exc)

        return record

    def decide(self, facts: Sequence[tuple[str, Mapping[str, Any]]], names: Sequence[str] | None = None) -> Verdicts:
        """Verdicts per fact index and rule id for ``(kind, fact)`` pairs, or EngineError.
        ``names`` (one per fact) name the facts in a DataError about a value the engine
        cannot hold (a fact may be a projection without its subject's id)."""
        expected = {ref: set(self._compiled.rules_by_kind.get(kind, ())) for ref, (kind, _) in enumerate(facts)}
        encoded = [
            self._compiled.encode(kind, ref, fact, names[ref] if names is not None else None)
            for ref, (kind, fact) in enumerate(facts)
            if expected[ref]
        ]
        verdicts: Verdicts = {ref: {} for ref in expected}
        for start in range(0, len(encoded), BATCH_SIZE):
            self._run_batch(encoded[start : start + BATCH_SIZE], verdicts)
        missing = [e for e in encoded if set(verdicts[e[REF_FIELD]]) != expected[e[REF_FIELD]]]
        for fact in missing:  # dropped by an id collision: alone in a fresh state it cannot collide
            verdicts[fact[REF_FIELD]] = {}
            self._run_batch([fact], verdicts)
        for ref, rules in expected.items():
            if set(verdicts[ref]) != rules:
                lost = sorted(rules - set(verdicts[ref]))
                raise EngineError(f"the engine returned no verdict for fact {ref} on rule(s) {lost}, even when sent alone")
        return verdicts

    def _run_batch(self, batch: list[dict[str, Any]], verdicts: Verdicts) -> None:
        """Assert ``batch`` in a fresh state and collect one verdict per matched engine rule.

        A thin driver of durable's C extension, doing what ``Host.assert_facts`` does
        (assert, then start and complete each action in turn) without its per-action
        Python machinery: no closure, no state decoded and re-encoded to JSON, no clock
        read; the action is our own recording of the verdict, run here. Every check stays:
        durable's result codes raise as ``Host`` raises them (EngineError here), an action
        that fails fails the call, a state is deleted only after an action fired in it, and
        :meth:`decide` checks exactly one verdict per fact and rule.
        """
        if not batch:
            return
        sid = f"batch-{self._batch}"
        self._batch += 1
        handle = self._ruleset_handle
        fired: list[tuple[int, str, Verdict]] = []
        engine_rules = self._compiled.engine_rules
        with _translated(f"asserting {len(batch)} facts"):
            facts = [dict(fact, sid=sid) for fact in batch]
            result = _native.assert_facts(handle, json.dumps(facts, ensure_ascii=False))
            if result[0] == 1:
                raise _durable.MessageNotHandledException(facts)
            if result[0] == 2:
                raise _durable.MessageObservedException(facts)
            state_handle = 0 if result[0] == 3 else result[1]
            started = _native.start_action_for_state(handle, state_handle)
            if started:
                state, message = started[0], started[1]
                while message:
                    # The message is {"<engine rule>":{"m":<the fact's own JSON text>}}, and
                    # our facts' text begins with the kind and the ref: read those two
                    # without decoding the rest (anything else is decoded in full).
                    quick = _MESSAGE.match(message)
                    try:
                        if quick is not None:
                            action, ref = quick[1], int(quick[2])
                        else:
                            action, matched = next(iter(json.loads(message).items()))
                            ref = int(matched["m"][REF_FIELD])
                        rule_id, status, test = engine_rules[action]
                    except Exception as exc:  # what the engine would have swallowed
                        _native.abandon_action(handle, state_handle)
                        raise EngineError(f"an engine action failed: {exc!r}") from exc
                    fired.append((ref, rule_id, (status, test)))
                    _native.update_state(handle, state)
                    message = _native.complete_and_start_action(handle, state_handle)
        if fired:
            # Only a state in which an action fired can be deleted safely (durable segfaults otherwise).
            with _translated("deleting a finished state"):
                _native.delete_state(handle, sid)
        for ref, rule_id, verdict in fired:
            if rule_id in verdicts[ref]:
                raise EngineError(f"the engine decided fact {ref} on rule '{rule_id}' twice")
            verdicts[ref][rule_id] = verdict
