"""The package's public face and its promise to hold no policy (SPEC C8)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import rallyrules

PACKAGE = Path(rallyrules.__file__).parent


def test_all_is_exactly_the_public_names() -> None:
    """Every name in __all__ exists, and no other public name is exported."""
    # Submodules are attributes once imported; pytest adds '@py_builtins' when it rewrites
    # the plugin's package. Neither is API.
    public = {n for n in dir(rallyrules) if not n.startswith(("_", "@")) and not inspect.ismodule(getattr(rallyrules, n))}
    assert set(rallyrules.__all__) - {"__version__"} == public
    for name in rallyrules.__all__:
        assert hasattr(rallyrules, name)


def test_every_public_name_is_documented() -> None:
    for name in rallyrules.__all__:
        obj = getattr(rallyrules, name)
        if callable(obj) and not isinstance(obj, type(rallyrules)) and getattr(obj, "__module__", "").startswith("rallyrules"):
            assert obj.__doc__, f"{name} has no docstring"


def test_py_typed_ships() -> None:
    assert (PACKAGE / "py.typed").exists()


def test_only_one_module_imports_durable() -> None:
    """durable_rules stays behind rallyrules/_engine.py."""
    importers = [
        p.name for p in PACKAGE.rglob("*.py") if re.search(r"^\s*(import durable|from durable)", p.read_text("utf-8"), re.M)
    ]
    assert importers == ["_engine.py"]


def test_code_names_no_place_year_or_policy() -> None:
    """Nothing in rallyrules/*.py names Cần Thơ, 2023 or a policy number: that is data."""
    pattern = re.compile(r"cần thơ|can.?tho|2023|38/KH|182/QĐ|KH-BCĐ|QĐ-UBND", re.I)
    offenders = [
        f"{p.name}:{i}: {line.strip()}"
        for p in PACKAGE.rglob("*.py")
        for i, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_reprs_name_the_package() -> None:
    """Every public value prints as rallyrules.X(...)."""
    import attrs

    citation = rallyrules.Citation("38/KH-BCĐ", "II.5.c", "x")
    assert repr(citation) == "rallyrules.Citation(document='38/KH-BCĐ', section='II.5.c', quote='x')"
    for name in rallyrules.__all__:
        obj = getattr(rallyrules, name)
        if isinstance(obj, type) and attrs.has(obj):
            # either the shared qualified repr, or a summary repr of the class's own (which says rallyrules.X too)
            assert obj.__repr__.__module__ == "rallyrules._repr" or "rallyrules." + name in inspect.getsource(obj.__repr__), name
