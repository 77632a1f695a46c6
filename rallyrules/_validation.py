"""A pack folder -> a checked :class:`~rallyrules.model.RulePack`, or every problem at once.

Three passes, each collecting problems rather than stopping at the first:
1. each ``*.yaml`` file is read strictly (:mod:`rallyrules._yaml`);
2. each file is checked against the packaged JSON Schema (the same schema an editor
   can use while a file is typed);
3. the files are checked together: ids unique, every fact, parameter, award and
   scheme named exists, values have the type their fact needs, operators suit that
   type, and every quote appears verbatim in the plan's text.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import hashlib
import itertools
import json
import re
import string
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, cast

import attrs
import jsonschema

from ._plan import parse_plan
from ._yaml import (
    MAX_FILE_BYTES,
    YamlDocument,
    character_problems,
    is_suspicious,
    load_yaml,
    script_problems,
    size_problem,
    visible,
)
from .errors import Problem, RulePackError
from .facts import FACT_KINDS, fact_field_types
from .model import (
    FORM_PLACEHOLDERS,
    SUBJECT_KINDS,
    UNIT_PLACEHOLDERS,
    VALUE_DOMAINS,
    Alternative,
    Authority,
    Award,
    Cap,
    Change,
    Citation,
    Condition,
    CountingPolicy,
    CoverageEntry,
    Deadline,
    Document,
    ExclusionSource,
    FactLabels,
    FieldLabel,
    Fund,
    Grant,
    Indicator,
    Interpretation,
    Level,
    Occasion,
    OfficeDocuments,
    Parameter,
    ProposalForm,
    RankKey,
    Ratio,
    RatioLabel,
    RosterRole,
    Rule,
    RulePack,
    Scheme,
    Targets,
    Text,
    ValueLabel,
    Wave,
    vocabulary_key,
)
from .text import Message, MessageError

__all__ = ["load_rule_pack", "rule_pack_schema"]

#: A plan's text is tens of kilobytes; a bound keeps a rule file from making the loader read a huge file.
MAX_SOURCE_TEXT_BYTES = 16 * 2**20
#: Bounds on a whole pack (each file has its own, in rallyrules._yaml). The bundled pack has
#: 10 rule files, ~100 KB and ~3,700 nodes in all: these allow 10-50 times as much.
MAX_RULE_FILES = 100
MAX_PACK_BYTES = 4 * 2**20
MAX_PACK_NODES = 200_000

_ORDERING = {"at_least", "more_than", "at_most", "less_than"}
#: Blocks a coverage entry may refer to: (block, reference prefix, id key).
_REFERABLE = (
    ("rules", "rule", "id"), ("parameters", "parameter", "id"), ("waves", "wave", "number"), ("awards", "award", "id"),
    ("authorities", "authority", "id"), ("funds", "fund", "id"), ("caps", "cap", "id"), ("deadlines", "deadline", "id"),
    ("schemes", "scheme", "id"), ("levels", "level", "id"), ("roster_roles", "roster-role", "id"),
)  # fmt: skip
_EQUALITY = {"equals", "not_equals"}
_MEMBERSHIP = {"one_of", "none_of"}
#: The operators each value type allows.
OPERATORS_FOR_TYPE = {
    "integer": _ORDERING | _EQUALITY | _MEMBERSHIP,
    "date": _ORDERING | _EQUALITY | _MEMBERSHIP,
    "text": _EQUALITY | _MEMBERSHIP,
    "boolean": _EQUALITY,
    "rate": _ORDERING,
}
_RATE = re.compile(r"(?P<pct>[0-9]+(\.[0-9]+)?)%\Z|(?P<num>[0-9]+)/(?P<den>[1-9][0-9]*)\Z")


def rule_pack_schema() -> dict[str, Any]:
    """The JSON Schema of one rule-pack YAML file (shipped in the package)."""
    text = resources.files("rallyrules").joinpath("_schema/rule-pack.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def parse_rate(text: str) -> Fraction:
    """``"100%"`` -> 1, ``"12.5%"`` -> 1/8, ``"1/10"`` -> 1/10; exact, never a float."""
    match = _RATE.match(text.strip())
    if not match:
        raise MessageError(Message("pack.rate.expected", value=repr(text)))
    if match["pct"] is not None:
        return Fraction(match["pct"]) / 100
    return Fraction(int(match["num"]), int(match["den"]))


def load_rule_pack(directory: str | Path, *, choose: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> RulePack:
    """Load and check the rule pack in ``directory`` (its ``*.yaml`` files).

    ``choose`` reads some of its interpretations another way: ``{interpretation id:
    alternative id}``, as :meth:`~rallyrules.RulePack.choose` does (the alternatives each
    interpretation lists in the rule files). Raises :class:`~rallyrules.RulePackError`
    listing every problem found, each with its file, line and rule id, what was expected
    and what was found (or naming an unknown interpretation or alternative).
    """
    pack = _load_rule_pack(directory)
    return pack.choose(choose) if choose else pack


def _load_rule_pack(directory: str | Path) -> RulePack:
    root = Path(directory)
    problems: list[Problem] = []
    cannot = Message("pack.summary.cannot-load", pack=str(root))
    if not root.is_dir():
        raise RulePackError(cannot, [Problem.at("data.file.not-folder", str(root))])
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise RulePackError(cannot, [Problem.at("pack.no-files", str(root))])

    if len(files) > MAX_RULE_FILES:
        raise RulePackError(cannot, [Problem.at("pack.too-many-files", str(root), files=len(files), limit=MAX_RULE_FILES)])

    validator = jsonschema.Draft202012Validator(rule_pack_schema())
    documents: list[YamlDocument] = []
    quoted: list[tuple[YamlDocument, list[tuple[Any, ...]]]] = []
    checkable = _Checkable()
    partial = False
    digest = hashlib.sha256()
    total_bytes = total_nodes = 0
    for path in files:
        raw, refused = _read_rule_file(path, root)
        if raw is None:
            problems.append(refused)  # type: ignore[arg-type]
            partial = True  # what a file not read defines is unknown
            continue
        if total_bytes + len(raw) > MAX_PACK_BYTES:
            problems.append(_pack_limit(root, Message("pack.limit.bytes", mib=MAX_PACK_BYTES // 2**20)))
            partial = True
            break
        total_bytes += len(raw)
        digest.update(path.name.encode() + b"\0" + raw + b"\0")
        document, found = load_yaml(raw, str(path))
        problems += found
        if document is None or not isinstance(document.data, dict):
            partial = partial or bool(found)
            continue
        total_nodes += document.nodes
        if total_nodes > MAX_PACK_NODES:
            problems.append(_pack_limit(root, Message("pack.limit.nodes", nodes=MAX_PACK_NODES)))
            partial = True
            break
        # Schema problems are reported, and the parts they leave intact are checked with
        # the other files; the parts they break are left out of the checks (_Checkable).
        errors = list(validator.iter_errors(document.data))
        problems += _reported(errors, document)
        quoted.append((document, [tuple(e.absolute_path) for e in errors] + list(document.bad)))
        cleaned = checkable.clean(document, errors)
        if cleaned is None:
            partial = True
        else:
            documents.append(cleaned)

    # The files that were readable are checked together even when others were not, so
    # one run reports as much as it can; references into unreadable files are not reported.
    builder = _PackBuilder(root, documents, problems, partial=partial, checkable=checkable, quoted=quoted)
    pack = builder.build(digest)
    if problems or pack is None:
        raise RulePackError(Message("pack.summary.not-valid", pack=str(root)), problems)
    return pack


def _read_rule_file(path: Path, root: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of one rule file, or why it is not read: a link to outside the pack's
    folder, or larger than a rule file may be (known from its size, and never read past
    the limit, should the size lie: a device, a file still growing)."""
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return None, Problem.at("pack.file.outside", str(path))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, size_problem(size, str(path))
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, Problem.at("pack.file.unreadable", str(path), reason=str(exc.strerror or exc))
    if len(raw) > MAX_FILE_BYTES:
        return None, size_problem(len(raw), str(path))
    return raw, None


def _pack_limit(root: Path, what: Message) -> Problem:
    return Problem.at("pack.limit", str(root), what=what)


# -- pass 2: the JSON Schema ------------------------------------------------------------


def _rule_id_at(document: YamlDocument, path: tuple[Any, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rule = document.data["rules"][path[1]]
        except (KeyError, IndexError, TypeError):
            return None
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        return rule_id if isinstance(rule_id, str) else None
    return None


def _schema_problems(validator: jsonschema.Draft202012Validator, document: YamlDocument) -> list[Problem]:
    return _reported(list(validator.iter_errors(document.data)), document)


def _reported(errors: list[jsonschema.ValidationError], document: YamlDocument) -> list[Problem]:
    """The problems of ``errors`` (of ``document``), but those reported when it was read,
    and a required key missing because an unknown key misspells it ('thme' for 'theme')."""
    misspelt = {
        (tuple(e.absolute_path), f"the required key '{close}'")
        for e in errors
        if e.validator == "additionalProperties" and isinstance(e.instance, dict) and isinstance(e.schema, dict)
        for key in e.instance
        if key not in e.schema.get("properties", {})
        for close in difflib.get_close_matches(str(key), list(e.schema.get("properties", {})), n=1)
    }
    out = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if _reported_already(document, path, error.instance):
            continue
        for message, at in _describe(error, path):
            if any(at == where and str(message).endswith(missing) for where, missing in misspelt):
                continue
            out.append(Problem.of(message, document.path, document.line_of(at), _rule_id_at(document, at)))
    return out


def _reported_already(document: YamlDocument, path: tuple[Any, ...], instance: Any) -> bool:
    """A value the YAML reader refused (it reads as None), or a text holding a refused
    character or mixed scripts, was reported when the file was read: not a second time."""
    if any(path[: len(bad)] == bad for bad in document.bad):
        return True
    return isinstance(instance, str) and is_suspicious(instance)


def _where(path: tuple[Any, ...]) -> Message | str:
    if not path:
        return Message("pack.where.file")
    return "'" + "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path)) + "'"


def _found(value: Any) -> Message | str:
    if isinstance(value, dict):
        return Message("pack.found.mapping")
    if isinstance(value, list):
        return Message("pack.found.list")
    return f"{type(value).__name__} {value!r}"


def _words(exc: ValueError) -> list[Message]:
    """The catalog messages of an error raised while reading a value (its text when it has none)."""
    return list(exc.messages) if isinstance(exc, MessageError) else [Message("text.raw", text=str(exc))]


def _describe(error: jsonschema.ValidationError, path: tuple[Any, ...]) -> list[tuple[Message, tuple[Any, ...]]]:
    """Turn one schema error into messages that say what was expected and found."""
    kind, instance = error.validator, error.instance
    # jsonschema types these as unions with its "unset" marker; here they are always set.
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    expected: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        out = []
        for key in instance:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            hint: Message | str = (
                Message("pack.hint.did-you-mean", name=close[0])
                if close
                else Message("pack.hint.allowed-keys", keys=str(allowed))
            )
            out.append((Message("pack.schema.unknown-key", key=key, where=_where(path), hint=hint), path + (key,)))
        return out
    if kind == "required":
        missing = [k for k in expected if isinstance(instance, dict) and k not in instance]
        return [(Message("pack.schema.missing-key", where=_where(path), key=k), path) for k in missing]
    if kind == "oneOf" and all(set(s) == {"required"} for s in expected):
        keys = [s["required"][0] for s in expected]
        given = [k for k in keys if isinstance(instance, dict) and k in instance]
        found: Message | str = str(given) if given else Message("pack.found.none")
        return [(Message("pack.schema.one-of-keys", where=_where(path), keys=str(keys), found=found), path)]
    if kind == "type":
        return [(Message("pack.schema.type", where=_where(path), expected=str(expected), found=_found(instance)), path)]
    if kind == "enum":
        close = difflib.get_close_matches(str(instance), [str(x) for x in expected], n=1)
        hint = Message("pack.hint.did-you-mean", name=close[0]) if close else ""
        return [(Message("pack.schema.enum", where=_where(path), expected=str(expected), found=repr(instance), hint=hint), path)]
    if kind == "pattern":
        what = schema.get("description") or Message("pack.schema.matching", pattern=str(expected))
        return [(Message("pack.schema.pattern", where=_where(path), what=what, found=repr(instance)), path)]
    if kind in ("maxProperties", "minProperties") and "description" in schema:
        size = len(cast(dict[str, Any], instance))
        found = _found(instance)
        return [(Message("pack.schema.size", where=_where(path), what=schema["description"], found=found, keys=size), path)]
    return [(Message("pack.schema.other", where=_where(path), message=error.message), path)]


# -- what can still be checked ----------------------------------------------------------

#: Keys whose values only carry words or citations into the model: when one is wrong, a
#: placeholder stands in for it, so the rest of its rule (or wave, award…) is still checked.
_WORDS = {"title", "name", "statement", "says", "theme", "proposed_by", "otherwise", "source", "interpretations", "see_also"}
_PLACEHOLDERS: dict[str, Any] = {
    "source": {"document": "", "section": "", "quote": ""}, "interpretations": [], "see_also": [],
}  # fmt: skip
_TEXT_PLACEHOLDER = {"vi": "", "en": ""}
#: Where a problem in the pack block stops the other checks: the plan's text and number.
_PACK_NEEDED = {"source_text", "document"}
_DROPPED = None  # a list element left out of the checks keeps its place, so lines stay right
_BLOCKS = tuple(
    json.loads(resources.files("rallyrules").joinpath("_schema/rule-pack.schema.json").read_text("utf-8"))["properties"]
)


class _Checkable:
    """Leaves the parts of a file that its schema problems break out of the cross-file
    checks, and remembers what they defined, so that a reference to a broken definition
    is not reported as a second problem:

    - a wrong words field (title, source, says…) is replaced by a placeholder;
    - a wrong condition leaves its rule (the rule's other parts are still checked);
    - any other problem leaves its element of a block (a rule, a parameter, a wave…) out,
      and its id is remembered as ``broken``; without a readable id, references into
      its whole block are not checked (``opaque``);
    - a wrong ``counting`` or ``targets`` block, or a wrong plan text or number in
      ``pack``, is left out (``dropped``): "exactly one" is then not reported.
    """

    def __init__(self) -> None:
        self.broken: set[str] = set()
        self.opaque: set[str] = set()
        self.touched: set[str] = set()
        self.dropped: set[str] = set()

    def clean(self, document: YamlDocument, errors: list[jsonschema.ValidationError]) -> YamlDocument | None:
        """The document as the cross-file checks may read it; None when nothing of it can be."""
        paths: list[tuple[Any, ...]] = list(document.bad)
        for error in errors:
            path = tuple(error.absolute_path)
            if error.validator == "additionalProperties":  # unknown keys are not read by the checks…
                if not path and isinstance(error.instance, dict):  # …but a misspelt block hides what it defines
                    for key in error.instance:
                        close = difflib.get_close_matches(str(key), _BLOCKS, n=1)
                        if key not in _BLOCKS and close:
                            self.opaque.add(close[0])
                continue
            if error.validator == "required" and isinstance(error.instance, dict):
                required: list[str] = error.validator_value  # type: ignore[assignment]
                paths += [path + (key,) for key in required if key not in error.instance]
            elif not (path == () and error.validator == "minProperties"):
                paths.append(path)
        if not paths:
            return document
        if any(not p for p in paths):
            return None
        data = copy.deepcopy(document.data)
        units: set[tuple[Any, ...]] = set()
        for path in paths:
            words = next((i for i, key in enumerate(path) if i and key in _WORDS), None)
            if words is not None:
                _put(data, path[: words + 1], _PLACEHOLDERS.get(str(path[words]), _TEXT_PLACEHOLDER))
            elif path[0] == "pack" and len(path) > 1 and path[1] not in _PACK_NEEDED:
                continue  # the pack's id, title… matter only once the pack is valid
            elif path[:2] == ("pack", "document") and len(path) > 2 and path[2] != "number":
                continue
            else:
                units.add(_unit(path))
        for unit in sorted(units, key=len):
            self.leave_out(document, data, unit)
        return YamlDocument(document.path, data, document.lines, document.nodes, document.bad)

    def leave_out(self, document: YamlDocument, data: dict[str, Any], unit: tuple[Any, ...]) -> None:
        block = str(unit[0])
        self.touched.add(block)
        if len(unit) == 1:
            data.pop(block, None)
            self.dropped.add(block)
            self.broken.add(block)  # the coverage map refers to 'counting' and 'targets' by name
            self.opaque.add(block)
            return
        original = _get(document.data, unit)
        # The interpretations given in full in a part left out: a 'same_as' elsewhere may name them.
        items = original.get("interpretations") if isinstance(original, dict) else None
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.broken.update((item["id"], visible(item["id"])))
        if len(unit) == 2:
            key = "number" if block == "waves" else "id"
            ident = original.get(str(key)) if isinstance(original, dict) else None
            if isinstance(ident, (str, int)) and not isinstance(ident, bool):
                prefix = next((p for b, p, _ in _REFERABLE if b == block), block)
                for name in {str(ident), visible(str(ident))}:
                    self.broken.update((name, f"{prefix}:{name}"))
            else:
                self.opaque.add(block)
        _put(data, unit, _DROPPED)

    def hides(self, ident: str, among: str | None) -> bool:
        """Whether a reference to ``ident`` (an id of block ``among``) may be to a broken definition."""
        if among in self.opaque or ident in self.broken or visible(ident) in self.broken or is_suspicious(ident):
            return True
        # A broken id with look-alike letters ('district-rеport'): the reference may mean it.
        return any(
            len(b) == len(ident) and all(x == y or not x.isascii() for x, y in zip(b, ident, strict=True))
            for b in self.broken
            if not b.isascii()
        )


def _unit(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a file a problem at ``path`` leaves out: a condition, an element of a
    block, or a whole block."""
    if len(path) >= 4 and path[0] == "rules" and path[2] in ("conditions", "when") and isinstance(path[3], int):
        return path[:4]
    if len(path) >= 2 and isinstance(path[1], int):
        return path[:2]
    return path[:1]


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _put(data: Any, path: tuple[Any, ...], value: Any) -> None:
    parent, key = _get(data, path[:-1]), path[-1]
    if isinstance(parent, dict) or (isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent)):
        parent[key] = copy.deepcopy(value)


# -- pass 3: the files together ---------------------------------------------------------


class _PackBuilder:
    """Gathers the blocks of every file, checks them together and builds the RulePack."""

    def __init__(
        self,
        root: Path,
        documents: list[YamlDocument],
        problems: list[Problem],
        partial: bool,
        checkable: _Checkable | None = None,
        quoted: list[tuple[YamlDocument, list[tuple[Any, ...]]]] | None = None,
    ) -> None:
        self.root = root
        self.documents = documents
        self.problems = problems
        # Some files were refused: what they define is unknown, so references are not checked.
        self.partial = partial
        # What schema problems left out of the checks (already reported).
        self.checkable = checkable or _Checkable()
        # Ids whose definition was wrong (already reported): references to them are not.
        self.broken: set[str] = self.checkable.broken
        # The files as read (schema problems and all) with the paths of their problems: their quotes are checked.
        self.quoted = quoted if quoted is not None else [(d, []) for d in documents]

    def problem(self, document: YamlDocument, path: tuple[Any, ...], message: Message) -> None:
        self.problems.append(Problem.of(message, document.path, document.line_of(path), _rule_id_at(document, path)))

    def unresolved(
        self, document: YamlDocument, path: tuple[Any, ...], ident: str, message: Message, among: str | None = None
    ) -> None:
        """A reference to something not defined (an id of block ``among``): reported unless
        its definition may be in a refused file or was itself reported as wrong."""
        if not self.partial and not self.checkable.hides(ident, among):
            self.problem(document, path, message)

    def items(self, key: str) -> Iterator[tuple[YamlDocument, tuple[Any, ...], dict[str, Any]]]:
        for document in self.documents:
            for i, item in enumerate(document.data.get(key, [])):
                if item is not _DROPPED:
                    yield document, (key, i), item

    def unique(self, key: str, id_key: str = "id") -> dict[Any, tuple[YamlDocument, tuple[Any, ...], dict[str, Any]]]:
        seen: dict[Any, tuple[YamlDocument, tuple[Any, ...], dict[str, Any]]] = {}
        for document, path, item in self.items(key):
            ident = item[id_key]
            if ident in seen:
                first_doc, first_path, _ = seen[ident]
                self.problem(
                    document, path + (id_key,),
                    Message("pack.defined-twice", what=f"{key[:-1]} {id_key}", block=key, key=id_key, ident=repr(ident),
                            first=f"{first_doc.path}:{first_doc.line_of(first_path)}"),
                )  # fmt: skip
                continue
            seen[ident] = (document, path, item)
        return seen

    def build(self, digest: Any) -> RulePack | None:
        packs = [(d, d.data["pack"]) for d in self.documents if "pack" in d.data]
        unknown = self.partial or "pack" in self.checkable.dropped  # the pack block may be in what was not read
        if len(packs) != 1 and not (unknown and not packs):
            where = ", ".join(d.path for d, _ in packs) or Message("pack.none-of-its-files")
            self.problems.append(Problem.at("pack.one-pack-block", str(self.root), where=where))
        # Without the pack block there is no plan text to check quotes against; everything else is checked.
        pack_doc, pack_data = packs[0] if len(packs) == 1 else (None, None)
        source_text = self.source_text(pack_doc, pack_data) if pack_doc is not None and pack_data is not None else None

        levels = {
            k: Level(k, _text(item["name"]), item.get("scoped", False)) for k, (_, _, item) in self.unique("levels").items()
        }
        authorities = {}
        for k, (document, path, i) in self.unique("authorities").items():
            for lang in ("vi", "en") if "name_in_area" in i else ():
                self.check_placeholders(document, (*path, "name_in_area", lang), i["name_in_area"][lang], ("unit",))
            in_area = _text(i["name_in_area"]) if "name_in_area" in i else None
            authorities[k] = Authority(k, _text(i["name"]), _citation(i["source"]), in_area)
        funds = {k: Fund(k, _text(i["name"]), _citation(i["source"])) for k, (_, _, i) in self.unique("funds").items()}
        parameters = self.parameters()
        awards = self.awards(levels, authorities, funds)
        waves = self.waves()
        schemes = self.schemes(parameters)
        counting = self.counting(schemes)
        fact_labels, value_labels = self.labels()
        rules = self.rules(awards, parameters, fact_labels)
        caps = self.caps(awards, parameters)
        self.check_cap_fields(caps, rules, fact_labels)
        deadlines = self.deadlines(levels, waves)
        targets = self.targets()
        roster_roles = self.roster_roles(levels)
        self.check_vocabulary()
        office = self.office_documents(awards, authorities)
        # What the files declare (even where a definition was wrong and is reported on its
        # own): coverage references are checked against these, so one mistake is one problem.
        known = {f"{prefix}:{item[key]}": True for block, prefix, key in _REFERABLE for _, _, item in self.items(block)}
        known.update({"counting": counting is not None, "targets": targets is not None})
        coverage = self.coverage(known, source_text)
        for what, found in (("levels", levels), ("awards", awards), ("waves", waves), ("schemes", schemes)):
            if not found and not self.partial and what not in self.checkable.touched:
                self.problems.append(Problem.at("pack.defines-no", str(self.root), what=what))
        if source_text is not None and pack_data is not None:
            self.check_quotes(source_text, pack_data["document"]["number"])
        built = _Built(parameters, schemes, rules, {c.id: c for c in caps}, awards, targets, fact_labels)
        interpretations = self.alternatives(built)
        if counting is not None:
            self.check_exclusions(counting, interpretations)
        if self.problems or counting is None or pack_data is None:
            return None

        def full(items: tuple[Interpretation, ...]) -> tuple[Interpretation, ...]:
            return tuple(interpretations.get(i.id, i) for i in items)

        parameters = {k: attrs.evolve(p, interpretations=full(p.interpretations)) for k, p in parameters.items()}
        awards = {k: attrs.evolve(a, interpretations=full(a.interpretations)) for k, a in awards.items()}
        caps = [attrs.evolve(c, interpretations=full(c.interpretations)) for c in caps]
        rules = [attrs.evolve(r, interpretations=full(r.interpretations)) for r in rules]
        deadlines = [attrs.evolve(d, interpretations=full(d.interpretations)) for d in deadlines]
        counting = attrs.evolve(counting, interpretations=full(counting.interpretations))
        targets = attrs.evolve(targets, interpretations=full(targets.interpretations)) if targets is not None else None
        document = pack_data["document"]
        return RulePack(
            id=pack_data["id"],
            title=_text(pack_data["title"]),
            document=Document(
                document["number"], document["title"], dt.date.fromisoformat(document["issued"]), document["issuer"]
            ),
            levels=tuple(levels.values()),
            awards=tuple(awards.values()),
            waves=tuple(sorted(waves.values(), key=lambda w: w.number)),
            schemes=tuple(schemes.values()),
            parameters=tuple(parameters.values()),
            counting=counting,
            rules=tuple(rules),
            source_text=source_text or "",
            root=str(self.root),
            digest=digest.hexdigest(),
            authorities=tuple(authorities.values()),
            funds=tuple(funds.values()),
            caps=tuple(caps),
            deadlines=tuple(deadlines),
            targets=targets,
            roster_roles=tuple(roster_roles),
            coverage=tuple(coverage),
            fact_labels=tuple(fact_labels.values()),
            value_labels=tuple(value_labels),
            documents=office,
        )

    def source_text(self, document: YamlDocument, pack: dict[str, Any]) -> str | None:
        # Rule files must not make the loader read anything but the pack's own plan text: no
        # path outside the folder, no device or pipe (which would never end), nothing huge.
        path = self.root / pack["source_text"]
        try:
            inside = path.resolve().is_relative_to(self.root.resolve())
            if not inside or not path.is_file():
                code = "pack.source.outside" if not inside else "pack.source.not-file"
                self.problem(document, ("pack", "source_text"), Message(code, path=repr(pack["source_text"])))
                return None
            if path.stat().st_size > MAX_SOURCE_TEXT_BYTES:
                self.problem(
                    document,
                    ("pack", "source_text"),
                    Message("pack.source.too-large", name=path.name, mib=MAX_SOURCE_TEXT_BYTES // 2**20),
                )
                return None
            text = path.read_text("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(document, ("pack", "source_text"), Message("pack.source.unreadable", path=str(path), reason=str(exc)))
            return None
        # The plan's text is held to the rule files' rules on characters (a quote must match
        # it, the rulebook shows it), except the form feed: a page break, as text from a PDF has.
        self.problems.extend(character_problems(text, str(path), Message("pack.what.plan-text"), allow="\f"))
        for number, line in enumerate(text.split("\n"), 1):
            self.problems.extend(script_problems(unicodedata.normalize("NFC", line), str(path), number))
        return unicodedata.normalize("NFC", text)

    def check_quotes(self, source_text: str, number: str) -> None:
        plan = parse_plan(source_text)
        sections = plan.sections
        for document, wrong in self.quoted:
            for path, citation in _citations(document.data, ()):
                if any(w[: len(path)] == path for w in wrong) or not all(
                    isinstance(citation.get(k), str) for k in ("section", "quote")
                ):
                    continue  # a citation with a problem of its own (reported) is not checked against the plan
                if citation.get("document") != number:
                    self.problem(
                        document, path + ("document",),
                        Message("pack.quote.document", cited=repr(citation.get("document")), number=repr(number)),
                    )  # fmt: skip
                section = citation["section"]
                if section not in sections:
                    close = difflib.get_close_matches(section, sorted(sections), n=1)
                    hint = Message("pack.hint.did-you-mean", name=close[0]) if close else ""
                    self.problem(document, path + ("section",), Message("pack.quote.no-section", section=section, hint=hint))
                elif citation["quote"] not in plan.text_of(section):
                    where = (
                        Message("pack.quote.in-plan")
                        if citation["quote"] not in source_text
                        else Message("pack.quote.in-section", section=section)
                    )
                    self.problem(
                        document, path + ("quote",), Message("pack.quote.not-found", where=where, quote=repr(citation["quote"]))
                    )

    def parameters(self) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        for ident, (document, path, item) in self.unique("parameters").items():
            try:
                value = _parameter_value(item["type"], item["value"])
            except ValueError as exc:
                self.problem(document, path + ("value",), Message("pack.parameter.value", ident=ident, problems=_words(exc)))
                self.broken.add(ident)
                continue
            out[ident] = Parameter(
                ident, item["type"], value, _text(item["title"]), _citation(item["source"]), _interpretations(item)
            )
        return out

    def waves(self) -> dict[int, Wave]:
        out: dict[int, Wave] = {}
        for number, (document, path, item) in self.unique("waves", "number").items():
            try:
                rally_date = _date(item["rally"]["date"])
                start, end = _date(item["period"]["start"]), _date(item["period"]["end"])
            except ValueError as exc:
                self.problem(document, path, Message("pack.wave.value", number=str(number), problems=_words(exc)))
                self.broken.update((str(number), f"wave:{number}"))
                continue
            if end < start:
                self.problem(
                    document,
                    path + ("period",),
                    Message("pack.wave.backwards", number=str(number), end=str(end), start=str(start)),
                )
                continue
            out[number] = Wave(
                number, _text(item["name"]), _text(item["theme"]), rally_date, item["rally"]["venue"], start, end,
                _citation(item["rally"]["source"]), _citation(item["period"]["source"]),
            )  # fmt: skip
        ordered = sorted(out.values(), key=lambda w: w.start)
        for before, after in itertools.pairwise(ordered):
            if after.start <= before.end:
                document, path, _ = self.unique("waves", "number")[after.number]
                self.problem(
                    document, path + ("period",), Message("pack.wave.overlap", after=str(after.number), before=str(before.number))
                )
        numbers = sorted(out)
        if numbers and numbers != list(range(1, len(numbers) + 1)) and "waves" not in self.checkable.touched:
            self.problems.append(Problem.at("pack.wave.gaps", str(self.root), numbers=str(numbers)))
        return out

    def schemes(self, parameters: dict[str, Parameter]) -> dict[str, Scheme]:
        out: dict[str, Scheme] = {}
        for ident, (document, path, item) in self.unique("schemes").items():
            param_id = item.get("coverage_required_through")
            through = None
            if param_id is not None:
                parameter = parameters.get(param_id)
                if parameter is None:
                    self.unresolved(
                        document, path + ("coverage_required_through",), param_id,
                        Message("pack.scheme.no-parameter", ident=ident, param=param_id, suggest=_suggest(param_id, parameters)),
                        "parameters",
                    )  # fmt: skip
                    continue
                if parameter.type != "date":
                    self.problem(
                        document, path + ("coverage_required_through",),
                        Message("pack.scheme.not-date", ident=ident, type=parameter.type, param=param_id,
                                suggest=_suggest(param_id, parameters)),
                    )  # fmt: skip
                    continue
                through = parameter.value
            out[ident] = Scheme(ident, _text(item["name"]), param_id, through)  # type: ignore[arg-type]
        return out

    def counting(self, schemes: dict[str, Scheme]) -> CountingPolicy | None:
        blocks = [(d, d.data["counting"]) for d in self.documents if "counting" in d.data]
        if not blocks and (self.partial or "counting" in self.checkable.dropped):
            return None
        if len(blocks) != 1:
            self.problems.append(Problem.at("pack.one-counting-block", str(self.root), found=len(blocks)))
            return None
        document, item = blocks[0]
        counted = item.get("schemes_counted")
        if counted is not None:
            self.check_schemes(document, ("counting", "schemes_counted"), counted, schemes)
        exclusions = tuple(
            ExclusionSource(e["reason"], _citation(e["source"]), e.get("interpretation")) for e in item.get("exclusions", [])
        )
        for i, found in enumerate(exclusions):
            if any(e.reason == found.reason for e in exclusions[:i]):
                self.problem(document, ("counting", "exclusions", i), Message("pack.exclusion.twice", reason=found.reason))
        return CountingPolicy(
            item["credit_parents"], item["one_enrolment_per_person_and_scheme"], _citation(item["source"]), _interpretations(item),
            tuple(counted) if counted is not None else None, item.get("one_enrolment_per_person", False),
            item.get("duplicate_ids", "refuse"), item.get("quota_per_scheme", "each"), exclusions,
        )  # fmt: skip

    def check_schemes(self, document: YamlDocument, at: tuple[Any, ...], ids: list[str], schemes: dict[str, Scheme]) -> None:
        """A list of scheme ids (``schemes_counted``): each a scheme of the pack."""
        # A scheme declared but wrongly (its coverage parameter refused) is reported on its own.
        declared = {item.get("id") for _, _, item in self.items("schemes")}
        for i, ident in enumerate(ids):
            if ident not in schemes and ident not in declared:
                self.unresolved(
                    document, at + (i,), ident,
                    Message("pack.unknown", what=Message("pack.what.scheme"), ident=ident, suggest=_suggest(ident, schemes)), "schemes",
                )  # fmt: skip

    def awards(self, levels: dict[str, Level], authorities: dict[str, Authority], funds: dict[str, Fund]) -> dict[str, Award]:
        out: dict[str, Award] = {}
        for ident, (document, path, item) in self.unique("awards").items():
            grants = []
            for i, raw in enumerate(item.get("granted_by", [])):
                at = path + ("granted_by", i)
                for key, known in (("level", levels), ("authority", authorities), ("fund", funds)):
                    if raw[key] not in known:
                        self.unresolved(
                            document, at + (key,), raw[key],
                            Message("pack.unknown", what=Message(f"pack.what.{key}"), ident=raw[key], suggest=_suggest(raw[key], known)),
                            key + "s" if key != "authority" else "authorities",
                        )  # fmt: skip
                proposed = _text(raw["proposed_by"]) if "proposed_by" in raw else None
                grants.append(
                    Grant(
                        raw["level"],
                        raw["authority"],
                        raw["fund"],
                        _citation(raw["source"]),
                        proposed,
                        raw.get("per_scope", False),
                    )
                )
            presented = None
            if "presented" in item:
                raw = item["presented"]
                presented = Occasion(raw["next_rally"], _text(raw["otherwise"]), _citation(raw["source"]))
            out[ident] = Award(
                ident, _text(item["name"]), _citation(item["source"]), item.get("round", "per-wave"), tuple(grants), presented,
                _interpretations(item),
            )  # fmt: skip
        return out

    def caps(self, awards: dict[str, Award], parameters: dict[str, Parameter]) -> list[Cap]:
        out = []
        for ident, (document, path, item) in self.unique("caps").items():
            if item["award"] not in awards:
                self.unresolved(
                    document, path + ("award",), item["award"],
                    Message("pack.unknown", what=Message("pack.what.award"), ident=item["award"], suggest=_suggest(item["award"], awards)), "awards",
                )  # fmt: skip
            rate = parameters.get(item["rate"])
            if rate is None or rate.type != "rate":
                if rate is None:
                    self.unresolved(
                        document, path + ("rate",), item["rate"],
                        Message("pack.unknown", what=Message("pack.what.parameter"), ident=item["rate"], suggest=_suggest(item["rate"], parameters)),
                        "parameters",
                    )  # fmt: skip
                else:
                    self.problem(
                        document, path + ("rate",), Message("pack.cap.not-rate", ident=ident, param=rate.id, type=rate.type)
                    )
                continue
            ranking = self.rank_keys(document, path + ("ranking",), item["ranking"])
            if ranking is None:
                continue
            out.append(
                Cap(
                    ident, item["award"], item["subject_kind"], rate.id, rate.value, item["base"], item["rounding"],  # type: ignore[arg-type]
                    ranking, _citation(item["source"]), _interpretations(item),
                )
            )  # fmt: skip
        return out

    def check_cap_fields(self, caps: list[Cap], rules: list[Rule], labels: dict[str, FactLabels]) -> None:
        """Every ranking key names integer (ratio, difference) or any fields of the facts
        the capped award's rules decide on, each with a label (a ranking is explained)."""
        for cap in caps:
            document, path, _ = self.unique("caps")[cap.id]
            self.check_ranking(document, path + ("ranking",), cap.id, cap.award, cap.ranking, rules, labels)

    def check_ranking(
        self, document: YamlDocument, at: tuple[Any, ...], cap_id: str, award: str, ranking: tuple[RankKey, ...],
        rules: list[Rule], labels: dict[str, FactLabels],
    ) -> None:  # fmt: skip
        for rule in (r for r in rules if r.award == award):
            fields = fact_field_types(rule.applies_to)
            for i, key in enumerate(ranking):
                names = [key.of, key.to] if key.by != "field" else [key.field]
                for name in names:
                    ok = name in fields and (key.by == "field" or fields[name] == "integer")
                    if not ok:
                        self.problem(
                            document, at + (i,),
                            Message("pack.cap.ranks-by-field" if key.by == "field" else "pack.cap.ranks-by-integer",
                                    cap=cap_id, name=str(name), kind=rule.applies_to, rule=rule.id, suggest=_suggest(str(name), fields)),
                        )  # fmt: skip
                    else:
                        self.check_label(document, at + (i,), labels, rule.applies_to, str(name))

    def rank_keys(self, document: YamlDocument, at: tuple[Any, ...], raw: list[dict[str, Any]]) -> tuple[RankKey, ...] | None:
        """A ranking's keys; None when one lacks what its kind needs (reported)."""
        ranking = []
        for i, key in enumerate(raw):
            needs = ("of", "to") if key["by"] in ("ratio", "difference") else ("field",)
            missing = [n for n in needs if n not in key]
            if missing:
                self.problem(
                    document,
                    at + (i,),
                    Message("pack.cap.ranking-needs", by=key["by"], needs=str(list(needs)), missing=str(missing)),
                )
                return None
            ranking.append(RankKey(key["by"], key["order"], key.get("of"), key.get("to"), key.get("field")))
        return tuple(ranking)

    # -- interpretations and their alternatives --------------------------------------------

    def alternatives(self, built: _Built) -> dict[str, Interpretation]:
        """Every interpretation of the pack in full, by id: its alternatives parsed and
        checked (each change names what exists and sets values of the right type), and the
        references (``same_as``) resolved. An id given in full twice is a problem: the
        second place says ``same_as``."""
        full: dict[str, tuple[YamlDocument, tuple[Any, ...], Interpretation]] = {}
        references: list[tuple[YamlDocument, tuple[Any, ...], str]] = []
        whole = _interpretation_validator()
        for document in self.documents:
            for path, item in _interpretation_items(document.data, ()):
                if not whole.is_valid(item):
                    continue  # its schema problem is reported where it stands; nothing in it is read
                if "same_as" in item:
                    references.append((document, path, item["same_as"]))
                    continue
                ident = item["id"]
                if ident in full:
                    first, where, _ = full[ident]
                    self.problem(
                        document, path + ("id",),
                        Message("pack.interpretation.twice", ident=ident, first=f"{first.path}:{first.line_of(where)}"),
                    )  # fmt: skip
                    continue
                alternatives = self.alternative_list(document, path, item, built)
                sole = _text(item["sole_reading"]) if "sole_reading" in item else None
                if sole is not None and item.get("alternatives"):
                    self.problem(
                        document, path + ("sole_reading",),
                        Message("pack.interpretation.sole-and-alternatives", ident=ident),
                    )  # fmt: skip
                interpretation = Interpretation(
                    ident, _text(item["question"]), _text(item["choice"]), _text(item["reason"]), tuple(alternatives), sole
                )
                full[ident] = (document, path, interpretation)
        for document, path, ident in references:
            if ident not in full:
                self.unresolved(
                    document,
                    path + ("same_as",),
                    ident,
                    Message("pack.interpretation.same-as", ident=ident, suggest=_suggest(ident, full)),
                )
        return {ident: interpretation for ident, (_, _, interpretation) in full.items()}

    def alternative_list(
        self, document: YamlDocument, path: tuple[Any, ...], item: dict[str, Any], built: _Built
    ) -> list[Alternative]:
        out: list[Alternative] = []
        for a, raw in enumerate(item.get("alternatives", [])):
            at = path + ("alternatives", a)
            if raw["id"] == _DEFAULT_READING or any(x.id == raw["id"] for x in out):
                why = (
                    Message("pack.alternative.default", default=_DEFAULT_READING)
                    if raw["id"] == _DEFAULT_READING
                    else Message("pack.alternative.used-twice")
                )
                self.problem(document, at + ("id",), Message("pack.alternative.id", ident=raw["id"], of=item["id"], why=why))
                continue
            changes: list[Change] = []
            for c, change in enumerate(raw["changes"]):
                parsed = self.change(document, at + ("changes", c), change, built)
                if parsed is None:
                    continue
                for name, _ in parsed.values:
                    if any(
                        (x.what, x.target) == (parsed.what, parsed.target) and x.value(name, _UNSET) is not _UNSET
                        for x in changes
                    ):
                        self.problem(
                            document,
                            at + ("changes", c),
                            Message("pack.alternative.changes-twice", what=parsed.what, target=parsed.target, name=name),
                        )
                changes.append(parsed)
            out.append(
                Alternative(raw["id"], _text(raw["label"]), _text(raw["reason"]), _citation(raw["source"]), tuple(changes))
            )
        return out

    def change(self, document: YamlDocument, at: tuple[Any, ...], change: dict[str, Any], built: _Built) -> Change | None:
        """One change of an alternative, checked against what the pack defines."""
        ((what, raw),) = change.items()
        at = at + (what,)
        if what == "parameter":
            parameter = built.parameters.get(raw["id"])
            if parameter is None:
                self.unresolved(
                    document,
                    at + ("id",),
                    raw["id"],
                    Message(
                        "pack.unknown",
                        what=Message("pack.what.parameter"),
                        ident=raw["id"],
                        suggest=_suggest(raw["id"], built.parameters),
                    ),
                    "parameters",
                )
                return None
            try:
                value = _parameter_value(parameter.type, raw["value"])
            except ValueError as exc:
                self.problem(document, at + ("value",), Message("pack.parameter.value", ident=parameter.id, problems=_words(exc)))
                return None
            if value == parameter.value:
                self.problem(document, at + ("value",), Message("pack.alternative.same-value", param=parameter.id))
            return Change("parameter", parameter.id, (("value", value),))
        if what in ("counting", "targets"):
            if what == "targets" and built.targets is None:
                self.problem(document, at, Message("pack.alternative.no-targets"))
                return None
            if "schemes_counted" in raw:
                self.check_schemes(document, at + ("schemes_counted",), raw["schemes_counted"], built.schemes)
            if "combined" in raw and built.targets is not None:
                groups = tuple(tuple(g) for g in raw["combined"])
                self.check_combined(document, at + ("combined",), groups, [i.id for i in built.targets.indicators])
            switches = tuple(
                (k, tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v)
                for k, v in raw.items()
            )
            return Change(what, "", switches)  # type: ignore[arg-type]
        if what == "rule":
            return self.rule_change(document, at, raw, built)
        if what == "condition":
            return self.condition_change(document, at, raw, built)
        if what == "cap":
            cap = built.caps.get(raw["id"])
            if cap is None:
                self.unresolved(
                    document,
                    at + ("id",),
                    raw["id"],
                    Message(
                        "pack.unknown", what=Message("pack.what.cap"), ident=raw["id"], suggest=_suggest(raw["id"], built.caps)
                    ),
                    "caps",
                )
                return None
            values: list[tuple[str, Any]] = [(k, raw[k]) for k in ("base", "rounding") if k in raw]
            if "ranking" in raw:
                ranking = self.rank_keys(document, at + ("ranking",), raw["ranking"])
                if ranking is None:
                    return None
                self.check_ranking(document, at + ("ranking",), cap.id, cap.award, ranking, built.rules, built.labels)
                values.append(("ranking", ranking))
            return Change("cap", cap.id, tuple(values))
        award = built.awards.get(raw["award"] if what == "grant" else raw["id"])
        if award is None:
            ident = raw["award"] if what == "grant" else raw["id"]
            self.unresolved(
                document, at, ident,
                Message("pack.unknown", what=Message("pack.what.award"), ident=ident, suggest=_suggest(ident, built.awards)), "awards",
            )  # fmt: skip
            return None
        if what == "grant":
            if award.grant_for(raw["level"]) is None:
                levels = [g.level for g in award.grants]
                self.problem(
                    document,
                    at + ("level",),
                    Message("pack.alternative.no-grant", award=award.id, level=raw["level"], levels=str(levels)),
                )
                return None
            return Change("grant", f"{award.id}/{raw['level']}", (("per_scope", raw["per_scope"]),))
        if award.presented is None:
            self.problem(document, at, Message("pack.alternative.not-presented", award=award.id))
            return None
        return Change("award", award.id, (("next_rally", raw["next_rally"]),))

    def rule_change(self, document: YamlDocument, at: tuple[Any, ...], raw: dict[str, Any], built: _Built) -> Change | None:
        """A rule's conditions (and ``when`` tests, statement) as an alternative reads it."""
        rule = next((r for r in built.rules if r.id == raw["id"]), None)
        if rule is None:
            known = [r.id for r in built.rules]
            self.unresolved(
                document, at + ("id",), raw["id"],
                Message("pack.unknown", what=Message("pack.what.rule"), ident=raw["id"], suggest=_suggest(raw["id"], known)), "rules",
            )  # fmt: skip
            return None
        kind, fields = rule.applies_to, fact_field_types(rule.applies_to)
        values: list[tuple[str, Any]] = []
        seen: set[str] = set()
        for part in ("when", "conditions"):
            if part not in raw:
                seen.update(c.id for c in (rule.when if part == "when" else rule.conditions))
                continue
            found = []
            for i, condition_raw in enumerate(raw[part]):
                where = at + (part, i)
                if condition_raw["id"] in seen:
                    self.problem(
                        document, where + ("id",), Message("pack.condition.twice-in", ident=condition_raw["id"], rule=rule.id)
                    )
                seen.add(condition_raw["id"])
                condition = self.condition(document, where, condition_raw, kind, fields, built.parameters)
                if condition is None:
                    continue
                ratio = condition.ratio
                used = (
                    [("fact", condition.fact)] if condition.fact or ratio is None else [("ratio", ratio.of), ("ratio", ratio.to)]
                )
                for key, name in used:
                    self.check_label(document, where + (key,), built.labels, kind, str(name))
                found.append(condition)
            values.append((part, tuple(found)))
        if "statement" in raw:
            values.append(("statement", _text(raw["statement"])))
        return Change("rule", rule.id, tuple(values))

    def condition_change(self, document: YamlDocument, at: tuple[Any, ...], raw: dict[str, Any], built: _Built) -> Change | None:
        """Some fields of one condition of a rule: the condition they make is checked whole
        (a field and its operator, a value of the field's type, a parameter that exists)."""
        rule = next((r for r in built.rules if r.id == raw["rule"]), None)
        original = next(
            (c for _, _, item in self.items("rules") if item["id"] == raw["rule"]
             for c in (*item.get("when", []), *item.get("conditions", [])) if isinstance(c, dict) and c["id"] == raw["id"]),
            None,
        )  # fmt: skip
        if rule is None or original is None:
            known = [r.id for r in built.rules] if rule is None else [c.id for c in (*rule.when, *rule.conditions)]
            suggest = _suggest(raw["rule"] if rule is None else raw["id"], known)
            message = (
                Message("pack.unknown", what=Message("pack.what.rule"), ident=raw["rule"], suggest=suggest)
                if rule is None
                else Message("pack.alternative.unknown-condition", ident=raw["id"], rule=rule.id, suggest=suggest)
            )
            self.unresolved(document, at, raw["id"], message, "rules")
            return None
        if not any(c.id == raw["id"] for c in (*rule.when, *rule.conditions)):
            return None  # the condition itself is wrong, and reported once where it stands
        merged = {**original, **{k: v for k, v in raw.items() if k != "rule"}}
        for given, drop in (("ratio", "fact"), ("fact", "ratio"), ("value", "param"), ("param", "value")):
            if given in raw:
                merged.pop(drop, None)
        condition = self.condition(document, at, merged, rule.applies_to, fact_field_types(rule.applies_to), built.parameters)
        if condition is None:
            return None
        used = [("fact", condition.fact)] if condition.fact else [("ratio", condition.ratio.of), ("ratio", condition.ratio.to)]  # type: ignore[union-attr]
        for key, name in used:
            self.check_label(document, at + (key,), built.labels, rule.applies_to, str(name))
        typed = {"op": condition.op, "fact": condition.fact, "ratio": condition.ratio, "value": condition.value,
                 "param": condition.param, "says": condition.says}  # fmt: skip
        values = tuple((k, typed[k]) for k in ("fact", "ratio", "op", "value", "param", "says") if k in raw)
        return Change("condition", f"{rule.id}/{condition.id}", values)

    def check_exclusions(self, counting: CountingPolicy, interpretations: dict[str, Interpretation]) -> None:
        """Every exclusion reason the counting can give — under the pack's own readings or
        an alternative's — cites a clause (the coverage reasons cite their scheme's
        parameter when the block does not); each interpretation named exists."""
        document = next(d for d in self.documents if "counting" in d.data)
        switches: dict[str, set[Any]] = {
            "one_enrolment_per_person_and_scheme": {counting.one_enrolment_per_person_and_scheme},
            "one_enrolment_per_person": {counting.one_enrolment_per_person},
            "schemes_counted": {counting.schemes_counted is not None},
            "duplicate_ids": {counting.duplicate_ids},
        }
        for interpretation in interpretations.values():
            for alternative in interpretation.alternatives:
                for change in (c for c in alternative.changes if c.what == "counting"):
                    for name, value in change.values:
                        if name in switches:
                            switches[name].add(value if name != "schemes_counted" else True)
        possible = ["unknown-subject", "outside-periods"]
        possible += ["repeat-person-scheme"] if True in switches["one_enrolment_per_person_and_scheme"] else []
        possible += ["repeat-person"] if True in switches["one_enrolment_per_person"] else []
        possible += ["scheme-not-counted"] if True in switches["schemes_counted"] else []
        possible += ["duplicate-enrolment-id"] if "exclude" in switches["duplicate_ids"] else []
        for reason in possible:
            if counting.exclusion(reason) is None and not self.partial:
                self.problem(
                    document, ("counting",),
                    Message("pack.exclusion.uncited", reason=reason),
                )  # fmt: skip
        for i, exclusion in enumerate(counting.exclusions):
            if exclusion.interpretation is not None and exclusion.interpretation not in interpretations:
                self.unresolved(
                    document, ("counting", "exclusions", i, "interpretation"), exclusion.interpretation,
                    Message("pack.exclusion.no-interpretation", reason=exclusion.reason, ident=exclusion.interpretation,
                            suggest=_suggest(exclusion.interpretation, interpretations)),
                )  # fmt: skip

    def deadlines(self, levels: dict[str, Level], waves: dict[int, Wave]) -> list[Deadline]:
        out = []
        for ident, (document, path, item) in self.unique("deadlines").items():
            if item["submitter_level"] not in levels:
                self.unresolved(
                    document, path + ("submitter_level",), item["submitter_level"],
                    Message("pack.unknown", what=Message("pack.what.level"), ident=item["submitter_level"], suggest=""), "levels",
                )  # fmt: skip
            anchors = []
            for i, raw in enumerate(item["anchors"]):
                wave = waves.get(raw["wave"])
                if wave is None:
                    self.unresolved(
                        document, path + ("anchors", i, "wave"), str(raw["wave"]),
                        Message("pack.deadline.no-wave", ident=ident, wave=str(raw["wave"])), "waves",
                    )  # fmt: skip
                    continue
                try:
                    anchors.append((wave.number, _date(raw["date"]) if "date" in raw else wave.rally_date))
                except ValueError as exc:
                    self.problem(
                        document, path + ("anchors", i, "date"), Message("pack.deadline.value", ident=ident, problems=_words(exc))
                    )
            out.append(
                Deadline(
                    ident,
                    _text(item["name"]),
                    item["submitter_level"],
                    tuple(anchors),
                    _citation(item["source"]),
                    _interpretations(item),
                )
            )
        return out

    def targets(self) -> Targets | None:
        blocks = [d.data["targets"] for d in self.documents if "targets" in d.data]
        if len(blocks) > 1:
            self.problems.append(Problem.at("pack.one-block", str(self.root), block="targets"))
        if not blocks:
            return None
        item = blocks[0]
        document = next(d for d in self.documents if "targets" in d.data)
        indicators = tuple(Indicator(i["id"], _text(i["name"])) for i in item["indicators"])
        combined = tuple(tuple(group) for group in item.get("combined", []))
        self.check_combined(document, ("targets", "combined"), combined, [i.id for i in indicators])
        return Targets(
            indicators, item["individuals_use_parent_targets"], _citation(item["source"]), _interpretations(item),
            item.get("zero_target", "met"), combined,
        )  # fmt: skip

    def check_combined(
        self, document: YamlDocument, at: tuple[Any, ...], groups: tuple[tuple[str, ...], ...], indicators: list[str]
    ) -> None:
        """Groups of indicators read as one target: known indicators, each in one group at most."""
        seen: set[str] = set()
        for g, group in enumerate(groups):
            for i, ident in enumerate(group):
                if ident not in indicators:
                    self.problem(
                        document, at + (g, i),
                        Message("pack.unknown", what=Message("pack.what.indicator"), ident=ident, suggest=_suggest(ident, indicators)),
                    )  # fmt: skip
                elif ident in seen:
                    self.problem(document, at + (g, i), Message("pack.targets.two-groups", ident=ident))
                seen.add(ident)

    def office_documents(self, awards: dict[str, Award], authorities: dict[str, Authority]) -> OfficeDocuments:
        """The ``documents:`` block: at most one; each form names an award and one of its
        authorities, once; texts hold only the placeholders they may (the area's only for a
        per-scope authority); wording overrides known ``office.*`` texts with their parameters."""
        blocks = [(d, d.data["documents"]) for d in self.documents if "documents" in d.data]
        if len(blocks) > 1:
            self.problems.append(Problem.at("pack.one-block", str(self.root), block="documents"))
        if not blocks:
            return OfficeDocuments()
        document, item = blocks[0]
        at: tuple[Any, ...] = ("documents",)
        wording = []
        for code, text in item.get("wording", {}).items():
            allowed = _catalog_parameters(code)
            if allowed is None:
                close = difflib.get_close_matches(code, _office_codes(), n=1)
                hint = Message("pack.hint.did-you-mean", name=close[0]) if close else ""
                self.problem(document, at + ("wording", code), Message("pack.wording.unknown", code=code, hint=hint))
                continue
            self.check_placeholders(document, at + ("wording", code), text, allowed)
            wording.append((code, text))
        forms: dict[tuple[str, str], ProposalForm] = {}
        for i, raw in enumerate(item.get("proposals", [])):
            where = at + ("proposals", i)
            award, authority = awards.get(raw["award"]), raw["authority"]
            if award is None:
                self.unresolved(
                    document, where + ("award",), raw["award"],
                    Message("pack.unknown", what=Message("pack.what.award"), ident=raw["award"], suggest=_suggest(raw["award"], awards)),
                )  # fmt: skip
                continue
            grants = [g for g in award.grants if g.authority == authority]
            if not grants:
                given = sorted({g.authority for g in award.grants})
                self.unresolved(
                    document, where + ("authority",), authority,
                    Message("pack.form.not-given-by", award=award.id, authority=authority, given=str(given),
                            suggest="" if authority in authorities else _suggest(authority, given)),
                )  # fmt: skip
                continue
            if (award.id, authority) in forms:
                self.problem(document, where, Message("pack.form.second", award=award.id, authority=authority))
                continue
            allowed = FORM_PLACEHOLDERS if any(g.per_scope for g in grants) else tuple(
                p for p in FORM_PLACEHOLDERS if p not in UNIT_PLACEHOLDERS
            )  # fmt: skip
            for key, value in raw.items():
                for j, text in enumerate(value if isinstance(value, list) else [value]):
                    if key not in ("award", "authority"):
                        self.check_placeholders(
                            document, where + ((key, j) if isinstance(value, list) else (key,)), text, allowed
                        )
            forms[(award.id, authority)] = ProposalForm(
                award.id, authority, raw["parent_body"], raw["issuing_body"], raw["issuer"], raw["number"], raw["place"],
                raw["recipient"], raw.get("award_title"), tuple(raw.get("signer", [])), raw.get("signer_name"),
                tuple(raw.get("copies", [])), tuple(raw.get("legal_bases", [])),
            )  # fmt: skip
        fallback = item.get("unit_fallback")
        if fallback is not None:
            for lang in ("vi", "en"):
                self.check_placeholders(document, at + ("unit_fallback", lang), fallback[lang], ("code",))
        return OfficeDocuments(
            item.get("plan_kind"), _text(fallback) if fallback else None, tuple(item.get("unit_kinds", [])),
            tuple(wording), tuple(forms.values()),
        )  # fmt: skip

    def check_placeholders(self, document: YamlDocument, path: tuple[Any, ...], text: str, allowed: tuple[str, ...]) -> None:
        """``{name}`` placeholders in a document text: only ``allowed`` names, and no lone brace."""
        names = _PLACEHOLDER.findall(text)
        unknown = [n for n in names if n not in allowed]
        if unknown:
            may: Message | str = ", ".join("{" + a + "}" for a in allowed) or Message("pack.found.none")
            self.problem(
                document, path,
                Message("pack.placeholder.unknown", name="{" + unknown[0] + "}", allowed=may, suggest=_suggest(unknown[0], allowed, after=True)),
            )  # fmt: skip
        elif _PLACEHOLDER.sub("", text).count("{") or _PLACEHOLDER.sub("", text).count("}"):
            self.problem(document, path, Message("pack.placeholder.brace", text=repr(text)))

    def coverage(self, known: dict[str, bool], source_text: str | None) -> list[CoverageEntry]:
        """The clause coverage map: each entry a line of the plan, in its section, mapped to
        things the pack defines or marked out of scope."""
        plan = parse_plan(source_text) if source_text is not None else None
        lines = {(line.section, line.text) for line in plan.lines} if plan else set()
        out = []
        seen: dict[str, int] = {}
        for document, path, item in self.items("coverage"):
            if plan is not None and (item["section"], item["text"]) not in lines:
                where = next((s for s, t in lines if t == item["text"]), None)
                hint = Message("pack.coverage.in-section", section=where) if where else Message("pack.coverage.no-line")
                self.problem(
                    document,
                    path + ("text",),
                    Message("pack.coverage.not-a-line", section=item["section"], hint=hint, text=repr(item["text"][:60])),
                )
            if item["text"] in seen:
                self.problem(document, path + ("text",), Message("pack.coverage.twice", line=str(seen[item["text"]])))
            seen.setdefault(item["text"], document.line_of(path) or 0)
            for i, ref in enumerate(item.get("encoded_by", [])):
                if not known.get(ref):
                    self.unresolved(
                        document, path + ("encoded_by", i), ref, Message("pack.coverage.undefined", ref=ref, suggest=_suggest(ref, known)),
                        next((b for b, prefix, _ in _REFERABLE if ref.startswith(prefix + ":")), ref),
                    )  # fmt: skip
            reason = _text(item["out_of_scope"]) if "out_of_scope" in item else None
            out.append(CoverageEntry(item["section"], item["text"], tuple(item.get("encoded_by", [])), reason))
        return out

    def labels(self) -> tuple[dict[str, FactLabels], list[ValueLabel]]:
        """The 'labels:' block: the words of each kind of fact and its fields, and the names
        of the subject kinds; unknown kinds, fields and values refused with a suggestion."""
        blocks = [(d, d.data["labels"]) for d in self.documents if "labels" in d.data]
        if len(blocks) > 1:
            where = ", ".join(d.path for d, _ in blocks)
            self.problems.append(Problem.at("pack.one-labels-block", str(self.root), where=where))
        if not blocks:
            return {}, []
        document, item = blocks[0]
        out: dict[str, FactLabels] = {}
        for kind, raw in item["facts"].items():
            at: tuple[Any, ...] = ("labels", "facts", kind)
            if kind not in FACT_KINDS:
                self.problem(document, at, Message("pack.labels.unknown-kind", kind=kind, suggest=_suggest(kind, FACT_KINDS)))
                continue
            types = fact_field_types(kind)
            fields = []
            for name, label in raw["fields"].items():
                if name not in types:
                    self.problem(
                        document,
                        at + ("fields", name),
                        Message("pack.labels.not-a-field", name=name, kind=kind, suggest=_suggest(name, types)),
                    )
                    continue
                unit = _text(label["unit"]) if "unit" in label else None
                fields.append(FieldLabel(name, _text(label), unit))
            ratios: list[RatioLabel] = []
            for i, ratio in enumerate(raw.get("ratios", [])):
                bad = [ratio[side] for side in ("of", "to") if types.get(ratio[side]) != "integer"]
                for name in bad:
                    self.problem(
                        document, at + ("ratios", i),
                        Message("pack.labels.ratio-not-integer", name=name, kind=kind,
                                suggest=_suggest(name, [n for n, t in types.items() if t == "integer"])),
                    )  # fmt: skip
                if any((r.of, r.to) == (ratio["of"], ratio["to"]) for r in ratios):
                    self.problem(
                        document,
                        at + ("ratios", i),
                        Message("pack.labels.ratio-twice", of=ratio["of"], to=ratio["to"], kind=kind),
                    )
                elif not bad:
                    named_by = ratio.get("named_by")
                    if named_by is not None and (types.get(named_by) != "text" or named_by not in VALUE_DOMAINS):
                        self.problem(
                            document, at + ("ratios", i, "named_by"),
                            Message("pack.labels.named-by", name=named_by, kind=kind,
                                    suggest=_suggest(named_by, [n for n in types if n in VALUE_DOMAINS])),
                        )  # fmt: skip
                        named_by = None
                    ratios.append(RatioLabel(ratio["of"], ratio["to"], _text(ratio), _text(ratio["undefined"]), named_by))
            out[kind] = FactLabels(kind, _text(raw["name"]), _text(raw["about"]), tuple(fields), tuple(ratios))
        values = []
        kinds = item["values"]["kind"]
        for value, text in kinds.items():
            if value not in SUBJECT_KINDS:
                self.problem(
                    document, ("labels", "values", "kind", value),
                    Message("pack.labels.unknown-subject-kind", value=value, suggest=_suggest(value, SUBJECT_KINDS)),
                )  # fmt: skip
                continue
            values.append(ValueLabel("kind", value, _text(text)))
        missing = [k for k in SUBJECT_KINDS if k not in kinds]
        if missing:
            self.problem(document, ("labels", "values", "kind"), Message("pack.labels.kinds-unnamed", kinds=str(missing)))
        return out, values

    def check_label(
        self, document: YamlDocument, at: tuple[Any, ...], labels: dict[str, FactLabels], kind: str, name: str
    ) -> None:
        """A field a rule or cap uses must have a label: explanations name it, never show its id."""
        if kind in labels and labels[kind].field(name) is None and not self.partial:
            self.problem(document, at, Message("pack.labels.missing", name=name, kind=kind))

    def check_vocabulary(self) -> None:
        """No word (an id, or a Vietnamese or English name, as input cells are matched) may
        name two values of one input column: a data file using it would be ambiguous."""
        named: dict[str, list[tuple[YamlDocument, tuple[Any, ...], str, Any]]] = {
            c: [] for c in ("kind", "level", "scheme", "role", "deadline", "indicator")
        }
        for column, block in (("level", "levels"), ("scheme", "schemes"), ("role", "roster_roles"), ("deadline", "deadlines")):
            named[column] += [(d, p, item["id"], item["name"]) for d, p, item in self.items(block)]
        for document in self.documents:
            targets = document.data.get("targets")
            if targets is not None:
                named["indicator"] += [
                    (document, ("targets", "indicators", i), x["id"], x["name"]) for i, x in enumerate(targets["indicators"])
                ]
            labels = document.data.get("labels")
            if labels is not None:
                named["kind"] += [
                    (document, ("labels", "values", "kind", k), k, name) for k, name in labels["values"]["kind"].items()
                ]
        for column, entries in named.items():
            seen: dict[str, tuple[str, YamlDocument, tuple[Any, ...]]] = {}
            for document, path, ident, name in entries:
                for word in dict.fromkeys((ident, name["vi"], name["en"])):
                    key = vocabulary_key(word)
                    first = seen.setdefault(key, (ident, document, path))
                    if first[0] != ident:
                        self.problem(
                            document, path,
                            Message("pack.vocabulary.ambiguous", word=word, column=column, first=first[0],
                                    at=f"{first[1].path}:{first[1].line_of(first[2])}", ident=ident),
                        )  # fmt: skip

    def roster_roles(self, levels: dict[str, Level]) -> list[RosterRole]:
        out = []
        for ident, (document, path, item) in self.unique("roster_roles").items():
            for i, level in enumerate(item["levels"]):
                if level not in levels:
                    self.unresolved(
                        document, path + ("levels", i), level, Message("pack.unknown", what=Message("pack.what.level"), ident=level, suggest=_suggest(level, levels)),
                        "levels",
                    )  # fmt: skip
            out.append(RosterRole(ident, _text(item["name"]), tuple(item["levels"])))
        return out

    def rules(self, awards: dict[str, Award], parameters: dict[str, Parameter], labels: dict[str, FactLabels]) -> list[Rule]:
        out: list[Rule] = []
        for ident, (document, path, item) in self.unique("rules").items():
            kind = item["applies_to"]
            if kind not in FACT_KINDS:
                self.problem(
                    document,
                    path + ("applies_to",),
                    Message("pack.rule.unknown-kind", kind=kind, suggest=_suggest(kind, FACT_KINDS)),
                )
                continue
            award = item.get("award")
            if award is not None and award not in awards:
                self.unresolved(
                    document, path + ("award",), award, Message("pack.unknown", what=Message("pack.what.award"), ident=award, suggest=_suggest(award, awards)),
                    "awards",
                )  # fmt: skip
            if kind not in labels and not self.partial:
                self.problem(document, path + ("applies_to",), Message("pack.rule.kind-unlabelled", kind=kind))
            fields = fact_field_types(kind)
            parts: dict[str, list[Condition]] = {"when": [], "conditions": []}
            seen: set[str] = set()
            for part, found in parts.items():
                for i, raw in enumerate(item.get(part, [])):
                    if raw is _DROPPED:  # a condition with a problem of its own (reported)
                        continue
                    at = path + (part, i)
                    if raw["id"] in seen:
                        self.problem(document, at + ("id",), Message("pack.condition.twice", ident=raw["id"]))
                    seen.add(raw["id"])
                    condition = self.condition(document, at, raw, kind, fields, parameters)
                    if condition is not None:
                        found.append(condition)
                        if kind in labels:
                            used = (
                                [("fact", raw["fact"])]
                                if "fact" in raw
                                else [("ratio", raw["ratio"]["of"]), ("ratio", raw["ratio"]["to"])]
                            )
                            for key, name in used:
                                self.check_label(document, at + (key,), labels, kind, name)
            out.append(
                Rule(
                    ident, _text(item["title"]), kind, award, _citation(item["source"]), _text(item["statement"]),
                    tuple(parts["conditions"]), _interpretations(item), tuple(_citation(c) for c in item.get("see_also", [])),
                    tuple(parts["when"]), document.path, document.line_of(path) or 0,
                    tuple(_citation(c) for c in item.get("operative", [])),
                )
            )  # fmt: skip
        return out

    def condition(
        self,
        document: YamlDocument,
        at: tuple[Any, ...],
        raw: dict[str, Any],
        kind: str,
        fields: dict[str, str],
        parameters: dict[str, Parameter],
    ) -> Condition | None:
        op = raw["op"]
        ratio = None
        if "ratio" in raw:
            ratio = Ratio(raw["ratio"]["of"], raw["ratio"]["to"])
            for side in ("of", "to"):
                name = raw["ratio"][side]
                if fields.get(name) != "integer":
                    found = (
                        Message("pack.found.no-field") if name not in fields else Message("pack.found.a-field", type=fields[name])
                    )
                    self.problem(
                        document, at + ("ratio", side),
                        Message("pack.condition.ratio-side", side=side, kind=kind, found=found, name=name, suggest=_suggest(name, fields)),
                    )  # fmt: skip
                    return None
            value_type = "rate"
        else:
            name = raw["fact"]
            if name not in fields:
                self.problem(
                    document,
                    at + ("fact",),
                    Message("pack.condition.unknown-fact", name=name, kind=kind, suggest=_suggest(name, fields)),
                )
                return None
            value_type = fields[name]
        if op not in OPERATORS_FOR_TYPE[value_type]:
            self.problem(
                document,
                at + ("op",),
                Message("pack.condition.operator", op=op, type=value_type, ops=str(sorted(OPERATORS_FOR_TYPE[value_type]))),
            )
            return None
        if "param" in raw:
            parameter = parameters.get(raw["param"])
            if parameter is None:
                self.unresolved(
                    document, at + ("param",), raw["param"],
                    Message("pack.unknown", what=Message("pack.what.parameter"), ident=raw["param"], suggest=_suggest(raw["param"], parameters)),
                    "parameters",
                )  # fmt: skip
                return None
            if parameter.type != value_type or op in _MEMBERSHIP:
                self.problem(
                    document,
                    at + ("param",),
                    Message("pack.condition.param-type", param=parameter.id, type=parameter.type, needs=value_type),
                )
                return None
            value: Any = parameter.value
        else:
            try:
                value = _condition_value(value_type, op, raw["value"])
            except ValueError as exc:
                self.problem(document, at + ("value",), Message("pack.condition.value", ident=raw["id"], problems=_words(exc)))
                return None
        return Condition(raw["id"], op, _text(raw["says"]), value, raw.get("fact"), ratio, raw.get("param"))


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
#: The alternative id that names an interpretation's own reading (rallyrules._choices.DEFAULT).
_DEFAULT_READING = "default"
_UNSET = object()


@attrs.frozen
class _Built:
    """What the changes of alternatives are checked against: the pack as built."""

    parameters: dict[str, Parameter]
    schemes: dict[str, Scheme]
    rules: list[Rule]
    caps: dict[str, Cap]
    awards: dict[str, Award]
    targets: Targets | None
    labels: dict[str, FactLabels]


@functools.cache
def _interpretation_validator() -> jsonschema.Draft202012Validator:
    """The schema of one interpretation entry (in full, or ``same_as``)."""
    schema = rule_pack_schema()
    return jsonschema.Draft202012Validator({"$ref": "#/$defs/interpretation", "$defs": schema["$defs"]})


def _interpretation_items(data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every interpretation entry in a file's data, with its path, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not path and key not in _BLOCKS:
                continue  # an unknown block is reported as such; nothing in it is read
            if key == "interpretations" and isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        yield path + (key, i), item
            elif key != "alternatives":
                yield from _interpretation_items(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _interpretation_items(value, path + (i,))


def _catalog_parameters(code: str) -> tuple[str, ...] | None:
    """The ``{parameters}`` of the catalog's office text ``code`` (None: no such text)."""
    from .text.messages import MESSAGES

    if not code.startswith("office.") or code not in MESSAGES:
        return None
    return tuple(name for _, name, _, _ in string.Formatter().parse(MESSAGES[code]["vi"]) if name)


def _office_codes() -> list[str]:
    from .text.messages import MESSAGES

    return [c for c in MESSAGES if c.startswith("office.")]


def _citations(data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    if isinstance(data, dict):
        if "quote" in data and "section" in data and isinstance(data["quote"], str):
            yield path, data
        for key, value in data.items():
            yield from _citations(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _citations(value, path + (i,))


def _suggest(name: str, known: Any, *, after: bool = False) -> Message:
    """``. Did you mean 'x'?`` or ``. Known: [...]`` (``after`` a bracket: `` Known: [...]``)."""
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return Message("pack.suggest.close", name=close[0])
    return Message("pack.suggest.known-after" if after else "pack.suggest.known", known=str(sorted(known)))


def _text(data: dict[str, str]) -> Text:
    return Text(data["vi"], data["en"])


def _citation(data: dict[str, str]) -> Citation:
    return Citation(data["document"], data["section"], data["quote"])


def _interpretations(item: dict[str, Any]) -> tuple[Interpretation, ...]:
    """The interpretations of one element, their words only: alternatives and references
    (``same_as``) are resolved once the whole pack is built (``_PackBuilder.alternatives``)."""
    empty = Text("", "")
    return tuple(
        Interpretation(i["same_as"], empty, empty, empty)
        if "same_as" in i
        else Interpretation(i["id"], _text(i["question"]), _text(i["choice"]), _text(i["reason"]))
        for i in item.get("interpretations", [])
    )


def _date(text: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise MessageError(Message("pack.value.date", found=repr(text))) from None


def _parameter_value(kind: str, raw: Any) -> Any:
    return _scalar(kind, raw)


def _scalar(kind: str, raw: Any) -> Any:
    if kind == "date":
        if not isinstance(raw, str):
            raise MessageError(Message("pack.value.quoted-date", found=_found(raw)))
        return _date(raw)
    if kind == "rate":
        if not isinstance(raw, str):
            raise MessageError(Message("pack.value.quoted-rate", found=_found(raw)))
        return parse_rate(raw)
    if kind == "integer":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise MessageError(Message("pack.value.integer", found=_found(raw)))
        return raw
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise MessageError(Message("pack.value.boolean", found=_found(raw)))
        return raw
    if not isinstance(raw, str):
        raise MessageError(Message("pack.value.text", found=_found(raw)))
    return raw


def _condition_value(kind: str, op: str, raw: Any) -> Any:
    if op in _MEMBERSHIP:
        if not isinstance(raw, list) or not raw:
            raise MessageError(Message("pack.value.list", op=op, found=_found(raw)))
        return tuple(_scalar(kind, item) for item in raw)
    if isinstance(raw, list):
        raise MessageError(Message("pack.value.one", op=op))
    return _scalar(kind, raw)
