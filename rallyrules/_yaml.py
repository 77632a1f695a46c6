"""Strict, safe YAML: one rule file -> plain data, with the line of every value kept.

PyYAML only *composes* the node tree here; nothing is constructed from tags, so no
code can run from a rule file. We then build plain values ourselves, refusing what
plain YAML would silently get wrong for a legal text:

- duplicate keys (PyYAML keeps the last one);
- YAML 1.1 booleans such as ``NO``/``on`` (PyYAML turns them into False/True);
- unquoted dates and non-decimal or float numbers (dates stay quoted ISO text; rates
  are written exactly as ``"10%"`` or ``"1/10"``);
- anchors, aliases, merge keys and explicit tags (no alias bombs, one meaning per text);
- characters a reader cannot see or that change how text is shown (zero-width and
  bidirectional controls, other format characters, control characters but tab and line
  breaks, odd spaces, invisible fillers: :func:`character_problems`), anywhere in the
  file, comments included ("Trojan Source"), and words that mix scripts (a Cyrillic
  ``а`` inside a Latin id: :func:`script_problems`);
- files that would cost too much to read: more than ``MAX_FILE_BYTES`` bytes (refused
  before they are decoded), more than ``MAX_NODES`` YAML nodes or ``MAX_DEPTH`` levels of
  nesting (counted on the parser's event stream, before any tree is composed).

Every string is normalised to Unicode NFC, so Vietnamese typed in NFD compares equal to
the same words in NFC (the engine compares raw bytes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import attrs
import yaml
from confusable_homoglyphs import categories as _scripts  # type: ignore[import-untyped]

from .errors import Problem
from .text import Message

Path = tuple[str | int, ...]

#: No number in a rule pack needs more; Python's int() refuses beyond 4,300 digits.
_MAX_DIGITS = 100
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq")}
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
#: Limits on what one file may cost to read. The bundled pack's largest file is ~35 KB with
#: ~930 nodes and 7 levels; a 12 MB file of 2 million items used to take minutes and GBs.
MAX_FILE_BYTES = 2**20
MAX_NODES = 50_000
MAX_DEPTH = 64
_MAX_DEPTH = MAX_DEPTH
#: At most this many character problems are listed per file (a file can hold thousands).
_MAX_LISTED = 20

try:  # the C composer is faster; both compose identical trees
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@attrs.frozen
class YamlDocument:
    """The plain data of one YAML file, and the 1-based line of each value by its path.

    ``nodes`` is how many YAML nodes the file holds; ``bad`` the paths of values that were
    refused while reading (already reported; they read as None)."""

    path: str
    data: Any
    lines: dict[Path, int]
    nodes: int = 0
    bad: frozenset[Path] = frozenset()

    def line_of(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(
    text_or_bytes: str | bytes,
    path: str,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_nodes: int = MAX_NODES,
    what: str | Message | None = None,
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document strictly. Returns the document (None if unreadable) and
    every problem found; a document with problems must not be used.

    ``max_bytes`` and ``max_nodes`` bound what reading it may cost (checked before the
    text is decoded, and on the parser's events before a tree is built); ``what`` names
    the kind of file in messages (a rule file when None)."""
    what = what if what is not None else Message("yaml.what.rule-file")
    size = len(text_or_bytes) if isinstance(text_or_bytes, bytes) else _utf8_size(text_or_bytes, max_bytes)
    if size > max_bytes:
        return None, [size_problem(size, path, what, max_bytes)]
    if isinstance(text_or_bytes, bytes):
        try:
            text = text_or_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text_or_bytes[: exc.start].count(b"\n") + 1
            return None, [Problem.at("yaml.not-utf8", path, line, byte=str(exc.start), reason=exc.reason)]
    else:
        text = text_or_bytes
    text = text.removeprefix("\ufeff")  # a byte-order mark at the start is how some editors save UTF-8
    problems = character_problems(text, path, what)
    events = _scan_events(text, path, max_nodes, problems)
    if events is None:
        return None, problems
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark is not None else None
        return None, [*problems, Problem.at("yaml.invalid", path, where, reason=str(exc.problem or exc.context))]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [*problems, Problem.at("yaml.invalid", path, reason=f"{type(exc).__name__}: {exc}")]
    if len(nodes) > 1:
        return None, [*problems, Problem.at("yaml.several-documents", path)]
    builder = _Builder(path)
    data = builder.build(nodes[0], (), 0) if nodes else None
    if data is None and not builder.problems:
        builder.problems.append(Problem.at("yaml.empty", path, 1))
    return YamlDocument(path, data, builder.lines, events, frozenset(builder.bad)), problems + builder.problems


def size_problem(size: int, path: str, what: str | Message | None = None, limit: int = MAX_FILE_BYTES) -> Problem:
    """The problem of a file of ``size`` bytes, over the ``limit`` (``what`` names the kind of file; a rule file when None)."""
    what = what if what is not None else Message("yaml.what.rule-file")
    return Problem.at("yaml.too-large", path, size=_size(size), what=what, limit=_size(limit))


def _utf8_size(text: str, limit: int) -> int:
    # A character is at least one byte: a text longer than the limit need not be encoded.
    return len(text) if len(text) > limit else len(text.encode("utf-8", "surrogatepass"))


def _size(count: int) -> Message:
    if count >= 2**20 and count % 2**20 == 0:
        return Message("yaml.size.mib", mib=count // 2**20, bytes=count)
    return Message("yaml.size.bytes", bytes=count)


def _scan_events(text: str, path: str, max_nodes: int, problems: list[Problem]) -> int | None:
    """Count the nodes and the nesting on the parser's event stream, and check every
    scalar's words; None (with a problem) when the text is not YAML or is over a limit.
    Nothing is built, so an oversized file costs no more than reading up to the limit."""
    nodes = depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                nodes, depth = nodes + 1, depth + 1
                if depth > MAX_DEPTH:
                    problems.append(Problem.at("yaml.too-deep-limit", path, _line(event), depth=MAX_DEPTH))
                    return None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                nodes += 1
                if isinstance(event, yaml.ScalarEvent):
                    problems += _scalar_problems(text, event, path)
            if nodes > max_nodes:
                problems.append(Problem.at("yaml.too-many-nodes", path, _line(event), nodes=max_nodes))
                return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem.at("yaml.invalid", path, mark.line + 1 if mark else None, reason=str(exc.problem or exc.context)))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem.at("yaml.invalid", path, reason=f"{type(exc).__name__}: {exc}"))
        return None
    return nodes


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _scalar_problems(text: str, event: yaml.ScalarEvent, path: str) -> list[Problem]:
    """A scalar's words in one script each; and refused characters written as escapes
    (``"\\u200b"``), which the scan of the file's text cannot see."""
    value: str = event.value
    line = _line(event)
    out = script_problems(unicodedata.normalize("NFC", value), path, line)
    written = text[event.start_mark.index : event.end_mark.index] if event.start_mark and event.end_mark else value
    if event.style == '"' and "\\" in written:
        for ch in dict.fromkeys(value):
            if refused_character(ch) is not None and ch not in written:
                out.append(Problem.at("yaml.char.escaped", path, line, character=_describe_character(ch)))
    return out


# -- characters a reader cannot see ----------------------------------------------------------

#: Characters with no glyph that are letters or marks (so not in the categories below):
#: Hangul fillers, the blank Braille pattern, the combining grapheme joiner, Khmer inherent
#: vowels, Mongolian free variation selectors and the variation selectors.
_INVISIBLE_LETTERS = frozenset(
    [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x034F, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F]
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)
_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x1B: "ESCAPE",
    0x7F: "DELETE", 0x85: "NEXT LINE (NEL)",
}  # fmt: skip
#: Everything but printable ASCII, tab and line breaks: only these are looked at.
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\t\n\r]")


def refused_character(ch: str) -> str | None:
    """Why ``ch`` may not appear in a rule, scenario or plan file, or None if it may.

    Refused: format characters (Unicode category Cf: zero-width U+200B–U+200D, U+2060–U+2064,
    U+FEFF, bidirectional controls U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C, the
    soft hyphen, tags…); control characters (Cc) but tab, line feed and carriage return;
    line and paragraph separators (U+2028, U+2029); spaces other than U+0020 (no-break,
    thin, ideographic…); private-use, surrogate and unassigned code points; and letters or
    marks that show nothing (Hangul fillers, U+2800, U+034F, variation selectors)."""
    category = unicodedata.category(ch)
    if category == "Cc":
        return None if ch in "\t\n\r" else "a control character"
    if category == "Cf":
        return "an invisible or direction-changing format character"
    if category in ("Zl", "Zp"):
        return "a line or paragraph separator (YAML reads a line break, editors may not show one)"
    if category == "Zs" and ch != " ":
        return "a space other than the plain space"
    if category in ("Co", "Cs", "Cn"):
        return "a private-use, surrogate or unassigned code point"
    if ord(ch) in _INVISIBLE_LETTERS:
        return "a character that shows nothing"
    return None


#: The reasons of refused_character as catalog codes (the English text is the code's).
_REFUSED_CODES = {
    "a control character": "yaml.refused.control",
    "an invisible or direction-changing format character": "yaml.refused.format",
    "a line or paragraph separator (YAML reads a line break, editors may not show one)": "yaml.refused.separator",
    "a space other than the plain space": "yaml.refused.space",
    "a private-use, surrogate or unassigned code point": "yaml.refused.private",
    "a character that shows nothing": "yaml.refused.invisible",
}


def _describe_character(ch: str) -> Message:
    name = unicodedata.name(ch, None) or _CONTROL_NAMES.get(ord(ch)) or "<unnamed>"
    return Message("yaml.character", code=f"U+{ord(ch):04X}", name=name, why=Message(_REFUSED_CODES[refused_character(ch) or ""]))


def character_problems(text: str, path: str, what: str | Message | None = None, allow: str = "") -> list[Problem]:
    """Every refused character (:func:`refused_character`) in ``text``, with its line and
    column (1-based, in characters) and its name; at most ``_MAX_LISTED``, then a count.
    ``allow`` lists characters this kind of file may hold even so."""
    if text.isascii() and not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        return []
    what = what if what is not None else Message("yaml.what.rule-file")
    out: list[Problem] = []
    more = 0
    line, line_start = 1, 0
    counted_to = 0
    for match in _NOT_PLAIN.finditer(text):
        ch = match.group()
        if ch in allow or refused_character(ch) is None:
            continue
        if len(out) >= _MAX_LISTED:
            more += 1
            continue
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        line_start = text.rfind("\n", 0, match.start()) + 1
        column = match.start() - line_start + 1
        out.append(Problem.at("yaml.char.refused", path, line, column=column, character=_describe_character(ch), what=what))
    if more:
        out.append(Problem.at("yaml.char.more", path, more=more))
    return out


def visible(text: str) -> str:
    """``text`` without the characters :func:`refused_character` refuses."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(ch for ch in text if refused_character(ch) is None)


def is_suspicious(text: str) -> bool:
    """Whether ``text`` holds a refused character or a word of mixed scripts (reported
    where the file is read; a check that finds such a text need not report it again)."""
    return visible(text) != text or bool(script_problems(text, "", None))


def script_problems(text: str, path: str, line: int | None) -> list[Problem]:
    """A problem for each word of ``text`` (split at white space) whose letters come from
    more than one script (e.g. a Cyrillic ``а`` in a Latin id): look-alike letters make two
    names that read the same differ. Digits, punctuation and combining marks (Common and
    Inherited) go with any script."""
    out = []
    for word in text.split():
        if word.isascii():
            continue
        letters: dict[str, list[str]] = {}
        for ch in word:
            if ch.isalpha():
                script = _scripts.alias(ch)
                if script not in ("COMMON", "INHERITED"):
                    letters.setdefault(script, []).append(ch)
        if len(letters) > 1:
            # The script most of the word is written in is taken as meant; the others are named.
            ordered = sorted(letters, key=lambda s: -len(letters[s]))
            odd = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for s in ordered[1:] for c in dict.fromkeys(letters[s]))
            names = " and ".join(s.title() for s in ordered)
            out.append(Problem.at("yaml.mixed-scripts", path, line, word=word[:80], scripts=names, odd=odd))
    return out


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.bad: set[Path] = set()
        self._seen: set[int] = set()

    def _problem(self, node: yaml.Node, code: str, **params: Any) -> None:
        self.problems.append(Problem.at(code, self.path, node.start_mark.line + 1, **params))

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        before = len(self.problems)
        value = self._build(node, path, depth)
        if value is None and len(self.problems) > before:
            self.bad.add(path)  # refused here: the None it reads as is not a second mistake
        return value

    def _build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if depth > _MAX_DEPTH:
            self._problem(node, "yaml.too-deep", depth=_MAX_DEPTH)
            return None
        if id(node) in self._seen:
            # The composer hands back the anchored node again for each alias.
            self._problem(node, "yaml.alias")
            return None
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self._problem(node, "yaml.tag", tag=node.tag)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge" or key_node.value == "<<":
                self._problem(key_node, "yaml.key-not-plain")
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            if key in result or key in first_line:
                self._problem(key_node, "yaml.duplicate-key", key=key, line=str(first_line[key]))
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, path + (key,), depth + 1)
            self.lines[path + (key,)] = key_node.start_mark.line + 1
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        if node.style or node.tag == _TAG + "str":  # quoted or block text (plain is None or "")
            return unicodedata.normalize("NFC", value)
        if node.tag == _TAG + "null":
            return None
        if node.tag == _TAG + "bool":
            if value in ("true", "false"):
                return value == "true"
            self._problem(node, "yaml.boolean", value=value)
            return None
        if node.tag == _TAG + "int":
            if _DECIMAL.match(value):
                if len(value.lstrip("+-")) > _MAX_DIGITS:  # int() refuses past Python's digit limit anyway
                    self._problem(node, "yaml.digits", digits=len(value.lstrip("+-")), most=_MAX_DIGITS)
                    return None
                return int(value)
            self._problem(node, "yaml.not-decimal", value=value)
            return None
        if node.tag == _TAG + "timestamp":
            self._problem(node, "yaml.unquoted-date", value=value)
            return None
        if node.tag == _TAG + "float":
            self._problem(node, "yaml.float", value=value)
            return None
        return unicodedata.normalize("NFC", value)  # pragma: no cover - tags are all handled above


def iter_paths(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) in plain data, depth first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_paths(value, path + (i,))
