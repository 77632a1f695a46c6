"""The service's configuration, its error handler, and its reference page, without a server."""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi")

from rallyrules.service import ConfigError, ServiceConfig, create_app, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_reference_page_is_generated_from_the_document() -> None:
    """docs/http-api.md is docs/make_http_api.py's page of docs/openapi.json, and names every operation."""
    spec = importlib.util.spec_from_file_location("make_http_api", ROOT / "docs" / "make_http_api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    document = json.loads((ROOT / "docs" / "openapi.json").read_text("utf-8"))
    page = (ROOT / "docs" / "http-api.md").read_text("utf-8")
    assert page == module.markdown(document)
    for path, operations in document["paths"].items():
        for method in operations:
            assert f"`{method.upper()} {path}`" in page


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    """File < environment < options; paths in the file are relative to it; tokens kept as digests."""
    (tmp_path / "tokens").write_text("# ops\nfile-token-0123456789abcdef\n", "utf-8")
    (tmp_path / "serve.toml").write_text('port = 9000\nworkers = 3\ndatabase = "db.sqlite3"\ntokens_file = "tokens"\n', "utf-8")
    env = {
        "RALLYRULES_SERVE_WORKERS": "4",
        "RALLYRULES_SERVE_TOKENS": "env-token-0123456789abcdef",
        "RALLYRULES_SERVE_LANG": "vi",
    }
    config = load_config(tmp_path / "serve.toml", environ=env, port=9100)
    assert (config.port, config.workers, config.lang) == (9100, 4, "vi")
    assert config.database == tmp_path / "db.sqlite3"
    assert set(config.token_digests) == {
        hashlib.sha256(t.encode()).digest() for t in ("file-token-0123456789abcdef", "env-token-0123456789abcdef")
    }
    assert "env-token" not in repr(config)


@pytest.mark.parametrize(
    ("text", "env", "words"),
    [
        ("prot = 1\n", {}, "unknown key(s) ['prot']"),
        ('port = "80"\n', {}, "'port' must be a whole number"),
        ('tokens = "x"\n', {}, "not written in the file"),
        ("", {"RALLYRULES_SERVE_WORKERS": "two"}, "RALLYRULES_SERVE_WORKERS: expected a number"),
        ("", {"RALLYRULES_SERVE_WORKERS": "0"}, "workers must be more than 0"),
        ("", {"RALLYRULES_SERVE_CORS_ORIGINS": "*"}, "'*' is not accepted"),
        ("", {"RALLYRULES_SERVE_INSECURE_NO_AUTH": "perhaps"}, "expected true or false"),
    ],
)
def test_bad_configuration_is_named(tmp_path: Path, text: str, env: dict[str, str], words: str) -> None:
    (tmp_path / "serve.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=None) as caught:
        load_config(tmp_path / "serve.toml", environ=env)
    assert words in str(caught.value)


def test_an_unexpected_error_is_an_incident_without_a_trace(caplog: pytest.LogCaptureFixture) -> None:
    """A bug behind a route: 500 problem+json with an incident id only; the traceback is logged with that id."""
    app = create_app(ServiceConfig(insecure_no_auth=True))

    @app.get("/v1/boom")
    def boom() -> None:
        raise RuntimeError("secret detail /srv/data/bhxh.csv")

    response = request(app, "GET", "/v1/boom")
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert document["incident"].startswith("inc-") and "secret" not in response.text and "Traceback" not in response.text
    assert any(document["incident"] in r.getMessage() and r.exc_info for r in caplog.records)


def test_no_cors_unless_configured() -> None:
    preflight = {"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"}
    closed = request(create_app(ServiceConfig(insecure_no_auth=True)), "OPTIONS", "/v1/packs", preflight)
    assert "access-control-allow-origin" not in closed.headers
    config = ServiceConfig(insecure_no_auth=True, cors_origins=("https://portal.example",))
    opened = request(create_app(config), "OPTIONS", "/v1/packs", preflight)
    assert opened.headers["access-control-allow-origin"] == "https://portal.example"


def request(app: Any, method: str, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    """One request to the application in this process (no server, no lifespan: nothing that needs the database)."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.request(method, path, headers=headers)

    return asyncio.run(send())


def test_sample_configuration_and_documented_keys() -> None:
    """The sample file loads, and docs/service.md documents every key the loader knows."""
    from rallyrules.service._config import _KEYS

    config = load_config(ROOT / "docs" / "service.sample.toml", environ={"RALLYRULES_SERVE_TOKENS": "a-token-of-enough-length"})
    assert config.database == ROOT / "docs" / "rallyrules-serve.sqlite3"
    page = (ROOT / "docs" / "service.md").read_text("utf-8")
    for key in [*_KEYS, "RALLYRULES_SERVE_TOKENS"]:
        assert f"`{key}`" in page, key


def test_result_bytes_are_json_dumps_of_the_whole() -> None:
    """The served bytes, made decision by decision, are json.dumps of the whole result."""
    from hypothesis import given
    from hypothesis import strategies as st

    from rallyrules.service._worker import result_texts

    text = st.text(max_size=8)
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | text, lambda inner: st.lists(inner, max_size=3), max_leaves=6
    )

    @given(st.dictionaries(text, values, max_size=4), st.lists(st.dictionaries(text, values, max_size=3), max_size=4))
    def check(extra: dict[str, Any], decisions: list[dict[str, Any]]) -> None:
        result = {"format": "x", **{k: v for k, v in extra.items() if k != "decisions"}, "decisions": decisions, "findings": []}
        body, texts = result_texts(result)
        assert body == json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        assert [json.loads(t) for t in texts] == decisions

    check()


def test_the_library_never_imports_the_service() -> None:
    """Only the command line's `serve` reaches rallyrules.service, and only when it runs."""
    import re

    package = ROOT / "rallyrules"
    importers = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if "service" not in p.parts
        and re.search(
            r"^\s*from \.service import|import rallyrules\.service|from rallyrules\.service", p.read_text("utf-8"), re.M
        )
    )
    assert importers == ["cli.py"]
    assert re.search(r"^from \.service", (package / "cli.py").read_text("utf-8"), re.M) is None  # not at import time
