"""The service's configuration: defaults, a TOML file, ``RALLYRULES_SERVE_*`` variables.

Precedence, lowest first: the defaults below, the file (``--config FILE`` or
``$RALLYRULES_SERVE_CONFIG``), the environment, the command line's options. Every key is
documented in ``docs/service.md``; an unknown key, a value of the wrong type or out of its
range is a :class:`ConfigError` naming the key and where it came from — the service does not
start on a configuration it does not understand.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..text import resolve_lang

__all__ = ["ENV_PREFIX", "ConfigError", "ServiceConfig", "load_config"]

ENV_PREFIX = "RALLYRULES_SERVE_"
#: Shorter tokens are refused: a bearer token is a password that never changes hands twice.
MIN_TOKEN_LENGTH = 16


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the key and what is wrong."""


def _positive(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value <= 0:
        raise ConfigError(f"{attribute.name} must be more than 0 (got {value!r})")


@attrs.frozen(kw_only=True)
class ServiceConfig:
    """Every setting of ``rallyrules serve``; see ``docs/service.md`` for each key."""

    host: str = "127.0.0.1"
    port: int = 8000
    #: The SQLite database of evaluations and the decision log (created on first start).
    database: Path = Path("rallyrules-serve.sqlite3")
    #: Rule pack folders served besides the bundled ones.
    packs: tuple[Path, ...] = ()
    bundled_packs: bool = True
    #: Bearer tokens, as SHA-256 digests (the tokens themselves are not kept).
    token_digests: tuple[bytes, ...] = attrs.field(default=(), repr=False)
    insecure_no_auth: bool = False
    workers: int = attrs.field(default=2, validator=_positive)
    max_tasks_per_worker: int = attrs.field(default=20, validator=_positive)
    max_queued: int = attrs.field(default=8, validator=_positive)
    sync_max_rows: int = 100_000
    max_upload_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_positive)
    max_rows: int = attrs.field(default=5_000_000, validator=_positive)
    max_seconds: float = attrs.field(default=900.0, validator=_positive)
    keep_inputs: bool = True
    cors_origins: tuple[str, ...] = ()
    lang: str = "vi"
    page_max: int = attrs.field(default=1000, validator=_positive)
    log_level: str = "info"
    tls_certfile: Path | None = None
    tls_keyfile: Path | None = None

    @property
    def spool(self) -> Path:
        """The private folder for uploads being evaluated (cleared at start)."""
        return self.database.with_name(self.database.name + ".spool")

    def check_can_start(self) -> None:
        """Raise :class:`ConfigError` unless serving is safe: tokens, or no tokens only on a
        loopback address with ``insecure_no_auth`` set explicitly."""
        if self.insecure_no_auth:
            if not _loopback(self.host):
                raise ConfigError(
                    f"insecure_no_auth serves without tokens, which is allowed only on a loopback address "
                    f"(127.0.0.1, ::1, localhost); host is {self.host!r}"
                )
            return
        if not self.token_digests:
            raise ConfigError(
                "no bearer tokens: give them in a file (tokens_file, one per line) or in "
                f"{ENV_PREFIX}TOKENS (comma-separated); or, on 127.0.0.1 only, start with --insecure-no-auth"
            )
        if (self.tls_certfile is None) != (self.tls_keyfile is None):
            raise ConfigError("tls_certfile and tls_keyfile go together: give both or neither")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# key: (type, parser of an environment value)
_KEYS: dict[str, type] = {
    "host": str, "port": int, "database": Path, "packs": tuple, "bundled_packs": bool, "tokens_file": Path,
    "insecure_no_auth": bool, "workers": int, "max_tasks_per_worker": int, "max_queued": int, "sync_max_rows": int,
    "max_upload_bytes": int, "max_rows": int, "max_seconds": float, "keep_inputs": bool, "cors_origins": tuple,
    "lang": str, "page_max": int, "log_level": str, "tls_certfile": Path, "tls_keyfile": Path,
}  # fmt: skip
#: Only in the environment (secrets are not written in files that get copied around).
_ENV_ONLY = {"tokens": str}


def _from_env(key: str, kind: type, text: str) -> Any:
    where = f"{ENV_PREFIX}{key.upper()}"
    if kind is bool:
        if text.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if text.strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{where}: expected true or false (got {text!r})")
    if kind is tuple:
        # Folders are separated like PATH; origins with commas.
        separator = os.pathsep if key == "packs" else ","
        return [part.strip() for part in text.split(separator) if part.strip()]
    if kind in (int, float):
        try:
            return kind(text.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{where}: expected a number (got {text!r})") from None
    return text


def _typed(key: str, value: Any, where: str) -> Any:
    kind = _KEYS[key]
    if kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: '{key}' must be true or false (got {value!r})")
        return value
    if kind is int or kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
            raise ConfigError(f"{where}: '{key}' must be {'a whole number' if kind is int else 'a number'} (got {value!r})")
        return kind(value)
    if kind is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of texts (got {value!r})")
        return tuple(value)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be a text (got {value!r})")
    return Path(value) if kind is Path else value


def _read_tokens(path: Path) -> list[str]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"tokens_file {path}: cannot be read ({exc})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_config(path: str | Path | None = None, *, environ: Mapping[str, str] | None = None, **overrides: Any) -> ServiceConfig:
    """The configuration from ``path`` (TOML; default ``$RALLYRULES_SERVE_CONFIG``, else none),
    then the environment, then ``overrides`` (the command line's options; ``None`` values are
    ignored). Relative paths in a file are relative to the file's folder. Raises
    :class:`ConfigError`."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if path is None and env.get(f"{ENV_PREFIX}CONFIG"):
        path = env[f"{ENV_PREFIX}CONFIG"]
    base = Path.cwd()
    if path is not None:
        path = Path(path)
        try:
            document = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"configuration file {path}: cannot be read ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"configuration file {path}: not valid TOML ({exc})") from None
        base = path.resolve().parent
        unknown = sorted(set(document) - set(_KEYS))
        if "tokens" in document:
            raise ConfigError(f"{path}: tokens are not written in the file; use tokens_file or {ENV_PREFIX}TOKENS")
        if unknown:
            raise ConfigError(f"{path}: unknown key(s) {unknown}; known: {sorted(_KEYS)}")
        for key, value in document.items():
            values[key] = _typed(key, value, str(path))
            if _KEYS[key] is Path:
                values[key] = base / values[key]
            if key == "packs":
                values[key] = tuple(base / p for p in values[key])
    for key, kind in {**_KEYS, **_ENV_ONLY}.items():
        text = env.get(f"{ENV_PREFIX}{key.upper()}")
        if text is not None:
            values[key] = _from_env(key, kind, text)
    for key, value in overrides.items():
        if value is not None:
            if key not in _KEYS:
                raise ConfigError(f"unknown setting {key!r}")
            values[key] = value
    return _build(values)


def _build(values: dict[str, Any]) -> ServiceConfig:
    tokens: list[str] = []
    if values.get("tokens"):
        tokens += [t.strip() for t in str(values.pop("tokens")).split(",") if t.strip()]
    values.pop("tokens", None)
    tokens_file = values.pop("tokens_file", None)
    if tokens_file is not None:
        tokens += _read_tokens(Path(tokens_file))
    short = [t for t in tokens if len(t) < MIN_TOKEN_LENGTH]
    if short:
        raise ConfigError(f"{len(short)} bearer token(s) shorter than {MIN_TOKEN_LENGTH} characters; use long random tokens")
    for key in ("database", "tls_certfile", "tls_keyfile"):
        if key in values and values[key] is not None:
            values[key] = Path(values[key])
    if "packs" in values:
        values["packs"] = tuple(Path(p) for p in values["packs"])
    if "cors_origins" in values:
        values["cors_origins"] = tuple(values["cors_origins"])
        if "*" in values["cors_origins"]:
            raise ConfigError("cors_origins: list the origins allowed; '*' is not accepted")
    try:
        values["lang"] = resolve_lang(values.get("lang"))
    except ValueError as exc:
        raise ConfigError(f"lang: {exc}") from None
    if values.get("log_level", "info") not in ("critical", "error", "warning", "info", "debug"):
        raise ConfigError(f"log_level must be critical, error, warning, info or debug (got {values['log_level']!r})")
    digests = tuple(dict.fromkeys(hashlib.sha256(t.encode("utf-8")).digest() for t in tokens))
    try:
        return ServiceConfig(token_digests=digests, **values)
    except TypeError as exc:  # pragma: no cover - every key is checked above
        raise ConfigError(str(exc)) from None
