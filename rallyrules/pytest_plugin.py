"""pytest plugin: runs the scenario files of rule packs as tests.

Installed with rallyrules (entry point ``pytest11``). pytest then collects every
``scenarios/*.yaml`` inside a rule-pack folder it visits (add the ``rules/`` folder to
``testpaths``) as one test per case and engine, named ``<file>::<case>[<engine>]``; a
failing case prints the file, the line of the case and what differed. A case that checks
nothing — an unknown key, rule, round, subject or condition, an outcome where a records
case reads none — fails, naming it; a file that cannot be read as a scenario file is a
collection error listing every problem. For each pack it also checks that every rule has
at least one scenario. ``rallyrules test`` runs the same cases from the command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._validation import load_rule_pack
from .model import RulePack
from .scenarios import Scenario, check_scenario, engines_available, load_scenarios

_PACKS: dict[Path, RulePack] = {}


def _pack(folder: Path) -> RulePack:
    if folder not in _PACKS:
        _PACKS[folder] = load_rule_pack(folder)
    return _PACKS[folder]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect ``<pack>/scenarios/*.yaml`` next to a pack's YAML files."""
    if file_path.suffix == ".yaml" and file_path.parent.name == "scenarios" and any(file_path.parent.parent.glob("*.yaml")):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    """One scenario file: a test per case and engine, and the per-rule coverage check."""

    def collect(self) -> Iterator[pytest.Item]:
        pack_dir = self.path.parent.parent
        # Not strict: a case with problems of its own is an item that fails, naming them.
        for case in load_scenarios(self.path, strict=False):
            for engine in engines_available():
                yield ScenarioItem.from_parent(self, name=f"{case.id}[{engine}]", case=case, engine=engine, pack_dir=pack_dir)
        if self.path == sorted(self.path.parent.glob("*.yaml"))[0]:
            yield EveryRuleHasAScenario.from_parent(self, name="every-rule-has-a-scenario", pack_dir=pack_dir)


class ScenarioItem(pytest.Item):
    """One case, on one engine."""

    def __init__(self, *, case: Scenario, engine: str, pack_dir: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case, self.engine, self.pack_dir = case, engine, pack_dir

    def runtest(self) -> None:
        mismatches = check_scenario(_pack(self.pack_dir), self.case, self.engine)  # type: ignore[arg-type]
        if mismatches:
            raise ScenarioFailed(self.case, self.engine, mismatches)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            e = excinfo.value
            lines = [f"{e.case.path}:{e.case.line}: scenario '{e.case.id}' failed on the {e.engine} engine"]
            if e.case.says:
                lines.append(f"  it says: {e.case.says}")
            lines += [f"  - {m}" for m in e.mismatches]
            return "\n".join(lines)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"scenario {self.case.id} [{self.engine}]"


class EveryRuleHasAScenario(pytest.Item):
    """Every rule of the pack is checked by at least one scenario on one fact."""

    def __init__(self, *, pack_dir: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pack_dir = pack_dir

    def runtest(self) -> None:
        pack = _pack(self.pack_dir)
        cases = [c for f in sorted((self.pack_dir / "scenarios").glob("*.yaml")) for c in load_scenarios(f, strict=False)]
        covered = {c.rule for c in cases} | {
            d.get("rule") for c in cases for d in c.expect.get("decisions", []) if isinstance(d, dict)
        }
        missing = sorted(r.id for r in pack.rules if r.id not in covered)
        if missing:
            raise AssertionError(f"{self.pack_dir}: rules without a scenario: {missing}")

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "every rule has a scenario"


class ScenarioFailed(Exception):
    """A scenario's expectations were not met."""

    def __init__(self, case: Scenario, engine: str, mismatches: list[str]) -> None:
        super().__init__("; ".join(mismatches))
        self.case, self.engine, self.mismatches = case, engine, mismatches
