"""Strict, safe YAML: one rule file -> plain data, with the line of every value kept.

PyYAML only *composes* the node tree here; nothing is constructed from tags, so no
code can run from a rule file. We then build plain values ourselves, refusing what
plain YAML would silently get wrong for a legal text:

- duplicate keys (PyYAML keeps the last one);
- YAML 1.1 booleans such as ``NO``/``on`` (PyYAML turns them into False/True);
- unquoted dates and non-decimal or float numbers (dates stay quoted ISO text; rates
  are written exactly as ``"10%"`` or ``"1/10"``);
- anchors, aliases, merge keys and explicit tags (no alias bombs, one meaning per text).

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

from .errors import Problem

Path = tuple[str | int, ...]

#: No number in a rule pack needs more; Python's int() refuses beyond 4,300 digits.
_MAX_DIGITS = 100
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq")}
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_MAX_DEPTH = 64

try:  # the C composer is faster; both compose identical trees
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@attrs.frozen
class YamlDocument:
    """The plain data of one YAML file, and the 1-based line of each value by its path."""

    path: str
    data: Any
    lines: dict[Path, int]

    def line_of(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(text_or_bytes: str | bytes, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document strictly. Returns the document (None if unreadable) and
    every problem found; a document with problems must not be used."""
    if isinstance(text_or_bytes, bytes):
        try:
            text = text_or_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text_or_bytes[: exc.start].count(b"\n") + 1
            return None, [Problem(f"not valid UTF-8 (byte {exc.start}: {exc.reason}); save the file as UTF-8", path, line)]
    else:
        text = text_or_bytes
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = mark.line + 1 if mark is not None else None
        return None, [Problem(f"not valid YAML: {exc.problem or exc.context}", path, where)]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [Problem(f"not valid YAML: {type(exc).__name__}: {exc}", path)]
    if len(nodes) > 1:
        return None, [Problem("holds several YAML documents ('---'); put one in each file", path)]
    builder = _Builder(path)
    data = builder.build(nodes[0], (), 0) if nodes else None
    if data is None and not builder.problems:
        builder.problems.append(Problem("is empty", path, 1))
    return YamlDocument(path, data, builder.lines), builder.problems


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def _problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(message, self.path, node.start_mark.line + 1))

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if depth > _MAX_DEPTH:
            self._problem(node, f"nested more than {_MAX_DEPTH} levels deep")
            return None
        if id(node) in self._seen:
            # The composer hands back the anchored node again for each alias.
            self._problem(node, "uses a YAML anchor/alias (& or *); write each value out in full")
            return None
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self._problem(node, f"uses the YAML tag '{node.tag}'; tags are not allowed in rule files")
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
                self._problem(key_node, "keys must be plain names (no merge keys '<<' or complex keys)")
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            if key in result or key in first_line:
                self._problem(key_node, f"duplicate key '{key}' (first given on line {first_line[key]})")
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
            self._problem(node, f"'{value}' would be read as a YAML 1.1 boolean; write true or false, or quote it")
            return None
        if node.tag == _TAG + "int":
            if _DECIMAL.match(value):
                if len(value.lstrip("+-")) > _MAX_DIGITS:  # int() refuses past Python's digit limit anyway
                    self._problem(node, f"an integer of {len(value.lstrip('+-'))} digits; at most {_MAX_DIGITS} are read")
                    return None
                return int(value)
            self._problem(node, f"'{value}' is not a plain decimal integer; write digits only, or quote it")
            return None
        if node.tag == _TAG + "timestamp":
            self._problem(node, f'dates must be quoted ISO text, e.g. "{value}" (got the unquoted {value})')
            return None
        if node.tag == _TAG + "float":
            self._problem(
                node, f'\'{value}\' is a floating-point number; write rates exactly as quoted text such as "10%" or "1/10"'
            )
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
