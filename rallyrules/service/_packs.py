"""The rule packs a service serves: loaded once at start, looked up by id, never by path.

A request names a pack by its id; the id is looked up in this set, and only the folder the
service was started with is ever read. JSON views of a pack keep to its public model
(:mod:`rallyrules.model`): fractions as ``"n/d"``, dates ISO, rule files by their name in the
pack (no server paths).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from .. import RulePack, load_rule_pack
from .._bundled import bundled_packs
from .._choices import all_interpretations
from ..scenarios import load_scenarios, scenario_files
from ._config import ConfigError

__all__ = ["ServedPack", "load_packs", "plain"]


@attrs.frozen
class ServedPack:
    pack: RulePack
    path: Path

    @property
    def id(self) -> str:
        return self.pack.id

    def summary(self) -> dict[str, Any]:
        p = self.pack
        return {
            "id": p.id,
            "digest": p.digest,
            "title": plain(p.title),
            "document": plain(p.document),
            "counts": {"rules": len(p.rules), "parameters": len(p.parameters), "waves": len(p.waves)},
        }

    def detail(self) -> dict[str, Any]:
        p = self.pack
        rules = []
        for rule in p.rules:
            data = plain(rule)
            data["path"] = Path(rule.path).name if rule.path else None  # the file in the pack, not a server path
            rules.append(data)
        return {
            "id": p.id,
            "digest": p.digest,
            "title": plain(p.title),
            "document": plain(p.document),
            "levels": plain(p.levels),
            "waves": plain(p.waves),
            "awards": plain(p.awards),
            "parameters": plain(p.parameters),
            "rules": rules,
            "interpretations": [
                {
                    "id": i.id,
                    "where": where,
                    "question": plain(i.question),
                    "choice": plain(i.choice),
                    "reason": plain(i.reason),
                    "alternatives": [
                        {"id": a.id, "label": plain(a.label), "reason": plain(a.reason), "source": plain(a.source)}
                        for a in i.alternatives
                    ],
                }
                for i, where in all_interpretations(p)
            ],
        }

    def scenarios(self) -> list[dict[str, Any]]:
        out = []
        for path in scenario_files(self.path):
            for case in load_scenarios(path):
                data = plain(case)
                data["path"] = path.name
                out.append(data)
        return out


def plain(value: Any) -> Any:
    """A model value as JSON: attrs classes as objects, fractions ``"n/d"``, dates ISO."""
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.name
    return value


def load_packs(bundled: bool, folders: Iterable[Path]) -> dict[str, ServedPack]:
    """Load every pack to serve; two packs with one id, or none at all, is a ConfigError
    (a broken pack is a RulePackError naming its problems)."""
    served: dict[str, ServedPack] = {}
    for folder in [*(bundled_packs() if bundled else []), *folders]:
        pack = load_rule_pack(folder)
        if pack.id in served:
            raise ConfigError(f"two rule packs with the id '{pack.id}': {served[pack.id].path} and {folder}")
        served[pack.id] = ServedPack(pack, Path(folder))
    if not served:
        raise ConfigError("no rule pack to serve: keep bundled_packs = true or give packs")
    return served
