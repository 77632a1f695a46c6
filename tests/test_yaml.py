"""The strict YAML reader refuses what plain YAML would silently get wrong."""

from __future__ import annotations

import pytest

from rallyrules._yaml import load_yaml


def problems_of(text: str | bytes) -> list[str]:
    _, problems = load_yaml(text, "f.yaml")
    return [str(p) for p in problems]


def test_plain_values_are_read() -> None:
    """Quoted text, decimal integers, true/false and null come through as themselves."""
    document, problems = load_yaml('a: "2023-12-31"\nb: 12\nc: true\nd: null\ne: text\n', "f.yaml")
    assert problems == []
    assert document is not None
    assert document.data == {"a": "2023-12-31", "b": 12, "c": True, "d": None, "e": "text"}
    assert document.lines[("b",)] == 2


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a' (first given on line 1)"),
        ("a: NO\n", "YAML 1.1 boolean"),
        ("a: on\n", "YAML 1.1 boolean"),
        ("a: 2023-12-31\n", "dates must be quoted"),
        ("a: 0.1\n", "floating-point"),
        ("a: 0x1F\n", "not a plain decimal integer"),
        ("a: &x [1]\nb: *x\n", "anchor/alias"),
        ("a: !!python/object:os.system echo\n", "tag"),
        ("<<: {a: 1}\n", "merge keys"),
        ("a: [1\n", "not valid YAML"),
        ("a: 1\n---\nb: 2\n", "several YAML documents"),
        ("", "is empty"),
        (b"a: \xff\n", "not valid UTF-8"),
        ("a: " + "[" * 80 + "]" * 80 + "\n", "nested more than"),
    ],
)
def test_refuses_with_a_clear_message(text: str | bytes, words: str) -> None:
    """Each trap of plain YAML is refused, naming the file and what to write instead."""
    found = problems_of(text)
    assert found, "expected a problem"
    assert any(words in p and p.startswith("f.yaml") for p in found), found


def test_text_is_normalised_to_nfc() -> None:
    """Vietnamese typed in NFD reads the same as NFC (the engine compares bytes)."""
    nfd = "Ha\u0300 Nô\u0323i"
    document, _ = load_yaml(f'a: "{nfd}"\n', "f.yaml")
    assert document is not None
    assert document.data["a"] == "Hà Nội"


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion-laughs document is refused, not expanded."""
    lines = ['a0: &a0 ["lol"]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    found = problems_of("\n".join(lines) + "\n")
    assert any("anchor/alias" in p for p in found)
