"""rallyrules as an HTTP service for the systems that are not written in Python.

``rallyrules serve`` runs :func:`create_app` under uvicorn: the rule packs it serves, their
rulebooks, schemas and scenarios; evaluations of posted data (JSON records or CSV, Excel,
Parquet files) with a stable id on every decision; their decisions, explanations and
workbooks; verification of results; an OpenAPI 3.1 document at ``/openapi.json``. Every
evaluation and decision is kept in a SQLite database, the decision log. See
``docs/service.md``.

This package sits on top of the library and uses its public API; the library never
imports it. It needs the ``serve`` extra: ``pip install 'rallyrules[serve]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._config import ConfigError, ServiceConfig, load_config

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ConfigError", "ServiceConfig", "create_app", "load_config", "openapi_document", "run"]


def create_app(config: ServiceConfig) -> FastAPI:
    """The ASGI application for ``config`` (raises :class:`ConfigError` when it may not start,
    :class:`rallyrules.RulePackError` when a pack to serve is broken)."""
    from ._app import create_app as make

    return make(config)


def openapi_document() -> str:
    """The OpenAPI document of the service, as committed in ``docs/openapi.json``."""
    from ._openapi import openapi_text

    return openapi_text(create_app(ServiceConfig(insecure_no_auth=True)))


def run(config: ServiceConfig) -> None:
    """Serve ``config`` with uvicorn until stopped (Ctrl-C or SIGTERM: running jobs are
    ended and marked interrupted)."""
    import logging

    import uvicorn

    app = create_app(config)
    logging.getLogger("rallyrules.service").setLevel(config.log_level.upper())
    if config.host not in ("127.0.0.1", "::1", "localhost") and config.tls_certfile is None:
        logging.getLogger("rallyrules.service").warning(
            "serving on %s without TLS: bearer tokens and personal data cross the network in clear; "
            "put a TLS proxy in front or set tls_certfile/tls_keyfile",
            config.host,
        )
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level=config.log_level,
        server_header=False,
        ssl_certfile=str(config.tls_certfile) if config.tls_certfile else None,
        ssl_keyfile=str(config.tls_keyfile) if config.tls_keyfile else None,
        timeout_graceful_shutdown=10,
    )
