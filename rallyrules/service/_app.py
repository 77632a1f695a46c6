"""The ASGI application (FastAPI): routes, the bearer-token gate, limits, problem documents.

Order of the outer layers, outermost first: CORS (only when origins are configured, so a
browser's preflight is answered), the token gate (every path under ``/v1`` but
``/v1/health``: a request without a valid token learns nothing, not even whether a
resource exists), the body limit (``max_upload_bytes``, checked on ``Content-Length`` and
counted as the body arrives). Then the routes, whose errors are problem documents.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import platform
import secrets
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, MutableMapping
from typing import Annotated, Any, Literal

import pydantic
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import RulePackError, __version__, rule_pack_schema
from .._io import open_atomic
from .._json import loads_strict
from ..evaluation import RESULT_FORMAT
from ..rulebook import render_html, render_markdown
from ..scenarios import engines_available
from ..tables import FORMATS, TABLES
from . import _documents, _models, _worker
from ._config import ServiceConfig
from ._jobs import Jobs
from ._openapi import finish_openapi
from ._packs import ServedPack, load_packs
from ._problems import PROBLEM_JSON, ServiceProblem, problem
from ._store import Store, unfinished

__all__ = ["create_app"]

log = logging.getLogger("rallyrules.service")

EVALUATION_ID = r"^ev-[0-9a-f]{32}$"
DECISION_ID = r"^d-[0-9a-f]{32}$"
PACK_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
_UNAUTHORIZED = problem("unauthorized", "Unauthorized", 401, "a valid bearer token is required")
_FILE_FIELDS = {f"{table}.{fmt}": (table, fmt) for table in TABLES for fmt in FORMATS}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# -- outer layers ----------------------------------------------------------------------------------


async def _send_problem(send: Send, document: dict[str, Any], headers: dict[str, str] | None = None) -> None:
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": document["status"], "headers": raw})
    await send({"type": "http.response.body", "body": body})


class TokenGate:
    """Bearer tokens, compared as SHA-256 digests in constant time (``hmac.compare_digest``,
    against every known digest, no early exit). Missing, malformed and wrong tokens get the
    same 401 with ``WWW-Authenticate: Bearer``."""

    def __init__(self, app: ASGIApp, digests: tuple[bytes, ...], open_paths: frozenset[str], enabled: bool) -> None:
        self.app, self.digests, self.open_paths, self.enabled = app, digests, open_paths, enabled

    def identity(self, header: str | None) -> str | None:
        if not header or header[:7].lower() != "bearer ":
            return None
        digest = hashlib.sha256(header[7:].strip().encode("utf-8", "surrogateescape")).digest()
        match = False
        for known in self.digests:
            match |= hmac.compare_digest(digest, known)
        return "token-" + hashlib.sha256(digest).hexdigest()[:12] if match else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.open_paths or not scope["path"].startswith("/v1"):
            await self.app(scope, receive, send)
            return
        if not self.enabled:
            scope.setdefault("state", {})["identity"] = "anonymous (insecure_no_auth)"
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
        who = self.identity(header)
        if who is None:
            await _send_problem(send, _UNAUTHORIZED, {"WWW-Authenticate": 'Bearer realm="rallyrules"'})
            return
        scope.setdefault("state", {})["identity"] = who
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """At most ``limit`` bytes of request body: refused up front on ``Content-Length``,
    stopped as soon as more arrives otherwise."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _send_problem(send, _too_large(self.limit) | {"instance": scope["path"]})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> dict[str, Any]:
    return problem(
        "too-large",
        "Request too large",
        413,
        f"the request body is over {limit} bytes (max_upload_bytes)",
        limit="max_upload_bytes",
    )


# -- the application -------------------------------------------------------------------------------


class Service:
    """What the routes share: the configuration, the packs, the store, the jobs."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.packs: dict[str, ServedPack] = load_packs(config.bundled_packs, config.packs)
        self.store = Store(config.database)
        self.jobs = Jobs(config.workers, config.max_tasks_per_worker, config.max_queued, config.max_seconds)
        self.rulebooks: dict[tuple[str, str], str] = {}

    def start(self) -> None:
        marked = self.store.initialise()
        if marked:
            log.warning("%d evaluation(s) left unfinished by the previous run were marked interrupted", marked)
        shutil.rmtree(self.config.spool, ignore_errors=True)  # uploads of a previous run: nobody will read them
        self.config.spool.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.jobs.start()

    def stop(self) -> None:
        self.jobs.stop()
        shutil.rmtree(self.config.spool, ignore_errors=True)

    def pack(self, pack_id: str) -> ServedPack:
        served = self.packs.get(pack_id)
        if served is None:
            raise ServiceProblem.of("not-found", "No such rule pack", 404, f"this service serves no rule pack '{pack_id}'")
        return served

    def status(self, evaluation_id: str) -> dict[str, Any]:
        row = self.store.status(evaluation_id)
        if row is None:
            raise ServiceProblem.of("not-found", "No such evaluation", 404, f"no evaluation '{evaluation_id}'")
        return self.with_links(row)

    @staticmethod
    def with_links(row: dict[str, Any]) -> dict[str, Any]:
        """A status row with the links of what can be asked next."""
        base = f"/v1/evaluations/{row['id']}"
        links = {"self": base}
        if row["status"] == "succeeded":
            links |= {
                "result": f"{base}/result", "decisions": f"{base}/decisions", "verification": f"{base}/verification",
                "workbook": f"{base}/workbook", "documents": f"{base}/documents",
            }  # fmt: skip
        row["links"] = links
        return row

    def succeeded(self, evaluation_id: str) -> dict[str, Any]:
        row = self.status(evaluation_id)
        if row["status"] != "succeeded":
            raise ServiceProblem.of(
                "not-finished" if unfinished(row["status"]) else "no-result",
                "The evaluation has no result" + (" yet" if unfinished(row["status"]) else ""),
                409,
                f"evaluation '{evaluation_id}' is {row['status']}",
            )
        return row


def create_app(config: ServiceConfig) -> FastAPI:
    """The service as an ASGI application (run it with uvicorn: ``rallyrules serve``).
    Loads the packs now (a broken pack stops it here); opens the database and starts the
    worker processes when the application starts (lifespan)."""
    config.check_can_start()
    service = Service(config)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(service.start)
        try:
            yield
        finally:
            await run_in_threadpool(service.stop)

    app = FastAPI(
        title="rallyrules",
        version=__version__,
        summary="Rule packs of rally plans, evaluated on campaign data, with decisions that explain themselves.",
        description=(
            "Every path under /v1 except /v1/health needs `Authorization: Bearer <token>`. Errors are "
            "`application/problem+json` (RFC 9457). See docs/service.md."
        ),
        docs_url=None,  # the interactive pages load scripts from the network; the document is at /openapi.json
        redoc_url=None,
        lifespan=lifespan,
        responses={401: {"model": _models.Problem, "description": "No valid bearer token"}},
    )
    app.state.service = service
    _handlers(app)
    app.include_router(_router(service), prefix="/v1")
    app.openapi = lambda: finish_openapi(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, limit=config.max_upload_bytes)
    app.add_middleware(
        TokenGate,
        digests=config.token_digests,
        open_paths=frozenset({"/v1/health"}),
        enabled=not config.insecure_no_auth,
    )
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Prefer"],
            expose_headers=["Location", "Retry-After"],
        )
    return app


def _problem_response(request: Request, document: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    document = {**document, "instance": document.get("instance") or request.url.path}
    return JSONResponse(document, status_code=document["status"], media_type=PROBLEM_JSON, headers=headers)


def _handlers(app: FastAPI) -> None:
    async def service_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ServiceProblem)
        return _problem_response(request, exc.document, exc.headers)

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        items = [
            {"file": None, "line": None, "field": ".".join(str(p) for p in e["loc"]), "rule_id": None, "message": e["msg"]}
            for e in exc.errors()
        ]
        return _problem_response(
            request,
            problem(
                "invalid-request", "The request is not valid", 422, f"{len(items)} problem(s) in the request", problems=items
            ),
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return _problem_response(
            request, problem(slug, str(exc.detail), exc.status_code, str(exc.detail)), dict(exc.headers or {})
        )

    async def too_large(request: Request, exc: Exception) -> Response:
        return _problem_response(request, _too_large(request.app.state.service.config.max_upload_bytes))

    async def internal(request: Request, exc: Exception) -> Response:
        incident = "inc-" + secrets.token_hex(8)
        log.error("incident %s on %s %s", incident, request.method, request.url.path, exc_info=exc)
        return _problem_response(request, problem("internal", "Internal error", 500, f"incident {incident}", incident=incident))

    app.add_exception_handler(ServiceProblem, service_problem)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_exception_handler(Exception, internal)


# -- routes ----------------------------------------------------------------------------------------

_P = {"model": _models.Problem}
_JSON_RESULT = {"application/json": {"schema": {"$ref": "#/components/schemas/Result"}}}
EvaluationId = Annotated[str, PathParam(pattern=EVALUATION_ID, description="ev- and 32 hex digits")]
PackId = Annotated[str, PathParam(pattern=PACK_ID, description="A pack id (GET /v1/packs)")]
Limit = Annotated[int, Query(ge=1, le=100_000, description="Page size (at most page_max)")]
Offset = Annotated[int, Query(ge=0, le=2**62)]
LangQ = Annotated[_models.Lang | None, Query(description="vi or en; default: Accept-Language, else the service's lang")]


def _router(service: Service) -> APIRouter:
    config, store = service.config, service.store
    router = APIRouter(responses={401: _P})

    def page_limit(limit: int) -> int:
        return min(limit, config.page_max)

    def lang_of(request: Request, lang: str | None) -> str:
        if lang is not None:
            return lang
        accept = request.headers.get("accept-language", "").lower()
        for part in accept.split(","):
            code = part.split(";")[0].strip()[:2]
            if code in ("vi", "en"):
                return code
        return config.lang

    @router.get("/health", tags=["service"], response_model=_models.Health)
    async def health() -> dict[str, str]:
        """Alive (no token needed; says nothing else)."""
        return {"status": "ok"}

    @router.get("/version", tags=["service"], response_model=_models.Version)
    async def version() -> dict[str, Any]:
        """The library's version, the result format and the engines this service can run."""
        return {
            "rallyrules": __version__, "api": "v1", "result_format": RESULT_FORMAT, "engines": list(engines_available()),
            "python": platform.python_version(),
        }  # fmt: skip

    # -- packs -------------------------------------------------------------------------------------

    @router.get("/packs", tags=["packs"], response_model=_models.PackList)
    async def packs() -> dict[str, Any]:
        """The rule packs this service serves (the bundled ones and those it was started with)."""
        return {"items": [p.summary() for p in service.packs.values()]}

    @router.get("/packs/{pack_id}", tags=["packs"], response_model=_models.PackDetail, responses={404: _P, 422: _P})
    async def pack(pack_id: PackId) -> dict[str, Any]:
        """One pack: its levels, waves, awards, parameters and rules."""
        return service.pack(pack_id).detail()

    @router.get(
        "/packs/{pack_id}/rulebook",
        tags=["packs"],
        response_class=Response,
        responses={
            200: {"content": {"text/html": {"schema": {"type": "string"}}, "text/markdown": {"schema": {"type": "string"}}}},
            404: _P, 422: _P,
        },
    )  # fmt: skip
    async def rulebook(pack_id: PackId, format: Annotated[str, Query(pattern="^(html|md)$")] = "html") -> Response:
        """The pack's rulebook for legal reviewers (``rallyrules.rulebook``), HTML or Markdown."""
        served = service.pack(pack_id)
        key = (pack_id, format)
        if key not in service.rulebooks:
            render = render_html if format == "html" else render_markdown
            service.rulebooks[key] = await run_in_threadpool(render, served.pack)
        media = "text/html" if format == "html" else "text/markdown"
        return Response(service.rulebooks[key], media_type=f"{media}; charset=utf-8")

    @router.get(
        "/packs/{pack_id}/schema",
        tags=["packs"],
        responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}, 404: _P, 422: _P},
    )
    async def schema(pack_id: PackId) -> dict[str, Any]:
        """The JSON Schema of rule files (``rallyrules.rule_pack_schema()``)."""
        service.pack(pack_id)
        return rule_pack_schema()

    @router.get("/packs/{pack_id}/scenarios", tags=["packs"], response_model=_models.ScenarioList, responses={404: _P, 422: _P})
    async def scenarios(pack_id: PackId) -> dict[str, Any]:
        """The pack's scenario cases (``<pack>/scenarios/*.yaml``): given these facts, expect these outcomes."""
        served = service.pack(pack_id)
        return {"items": await run_in_threadpool(served.scenarios)}

    # -- evaluations -------------------------------------------------------------------------------

    @router.post(
        "/evaluations",
        tags=["evaluations"],
        status_code=201,
        response_class=Response,
        responses={
            201: {"description": "Evaluated at once: the result, with an id on each decision", "content": _JSON_RESULT,
                  "headers": {"Location": {"schema": {"type": "string"}, "description": "The evaluation's status"}}},
            202: {"description": "Accepted: poll the status at Location", "model": _models.EvaluationStatus,
                  "headers": {"Location": {"schema": {"type": "string"}, "description": "The evaluation's status"}}},
            404: _P, 413: _P, 415: _P, 422: _P, 500: _P, 503: _P,
        },
        openapi_extra={"requestBody": {"$ref": "#/components/requestBodies/EvaluationInputs"}},
    )  # fmt: skip
    async def create_evaluation(request: Request) -> Response:
        """Evaluate a pack on a data set: records as JSON, or files (multipart: fields
        ``<table>.<format>``, e.g. ``subjects.csv``, ``enrolments.parquet``; the files'
        own names are never used).

        Small data sets (JSON records or CSV files of at most ``sync_max_rows`` rows) are
        answered at once: 201 with the result. Others, and any request with
        ``Prefer: respond-async``, get 202 and the evaluation's status (poll ``Location``).
        """
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        evaluation_id = "ev-" + secrets.token_hex(16)
        if ctype == "application/json":
            spec, kept, rows, row_count_known = await _json_inputs(service, request)
        elif ctype == "multipart/form-data":
            spec, kept, rows, row_count_known = await _form_inputs(service, request, evaluation_id)
        else:
            raise ServiceProblem.of(
                "unsupported-media-type", "Unsupported media type", 415,
                "send application/json (records) or multipart/form-data (files)",
            )  # fmt: skip
        served: ServedPack = spec.pop("served")
        try:
            if rows > config.max_rows:
                raise ServiceProblem.of(
                    "too-large", "Too many rows", 413, f"{rows} rows; this service evaluates at most {config.max_rows} (max_rows)",
                    limit="max_rows",
                )  # fmt: skip
            prefer = request.headers.get("prefer", "").lower()
            sync = row_count_known and rows <= config.sync_max_rows and "respond-async" not in prefer
            row = {
                "id": evaluation_id, "pack_id": served.id, "pack_digest": spec.pop("digest"), "engine_choice": spec["engine"],
                "inputs_kind": spec["inputs"]["kind"], "rows": rows if row_count_known else None,
                "requested_by": request.scope.get("state", {}).get("identity", "?"), "created_at": _store_now(),
            }  # fmt: skip
            await run_in_threadpool(store.create, row, kept if config.keep_inputs else [])
            spec |= {
                "job": "evaluate", "database": str(config.database), "evaluation_id": evaluation_id, "pack_path": str(served.path),
                "pack_digest": served.pack.digest, "source": f"service:evaluations/{evaluation_id}", "max_rows": config.max_rows,
                "respond": sync,
            }  # fmt: skip
            future = service.jobs.submit(_worker.evaluate_job, spec, on_failure=_recorder(store, evaluation_id))
        except BaseException:
            _remove(spec.get("inputs", {}).get("folder"))
            raise
        future.add_done_callback(lambda _: _remove(spec["inputs"].get("folder")))
        location = {"Location": f"/v1/evaluations/{evaluation_id}"}
        if sync:
            outcome = await asyncio.shield(future)
            if outcome["ok"]:
                return Response(outcome["body"], status_code=201, media_type="application/json", headers=location)
            return _problem_response(request, outcome["problem"], location)
        status = await run_in_threadpool(service.status, evaluation_id)
        return JSONResponse(status, status_code=202, headers=location | {"Retry-After": "2"})

    @router.get("/evaluations", tags=["evaluations"], response_model=_models.EvaluationList, responses={422: _P})
    async def evaluations(status: _models.Status | None = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Every evaluation this service has made or was asked for, newest first (paged)."""
        limit = page_limit(limit)
        total, rows = await run_in_threadpool(store.listing, limit, offset, status)
        items = [service.with_links(r) for r in rows]
        query = f"&status={status}" if status else ""
        nxt = f"/v1/evaluations?limit={limit}&offset={offset + limit}{query}" if offset + limit < total else None
        return {"total": total, "limit": limit, "offset": offset, "next": nxt, "items": items}

    @router.get(
        "/evaluations/{evaluation_id}",
        tags=["evaluations"],
        response_model=_models.EvaluationStatus,
        responses={404: _P, 422: _P},
    )
    async def evaluation(evaluation_id: EvaluationId) -> dict[str, Any]:
        """What became of one evaluation: queued, running, succeeded, failed (with its problem) or interrupted."""
        return await run_in_threadpool(service.status, evaluation_id)

    @router.get(
        "/evaluations/{evaluation_id}/result",
        tags=["evaluations"],
        response_class=Response,
        responses={200: {"content": _JSON_RESULT}, 404: _P, 409: _P, 422: _P},
    )
    async def result(evaluation_id: EvaluationId) -> Response:
        """The result (format ``rallyrules-result/3``, each decision with its id), byte for byte as first served."""
        await run_in_threadpool(service.succeeded, evaluation_id)
        body = await run_in_threadpool(store.result, evaluation_id)
        return Response(body, media_type="application/json")

    @router.get(
        "/evaluations/{evaluation_id}/decisions",
        tags=["evaluations"],
        response_model=_models.DecisionPage,
        response_class=Response,
        responses={404: _P, 409: _P, 422: _P},
    )
    async def decisions(
        request: Request,
        evaluation_id: EvaluationId,
        subject: Annotated[str | None, Query(max_length=200)] = None,
        round: Annotated[str | None, Query(max_length=200, description="wave-N or after-waves")] = None,
        rule: Annotated[str | None, Query(max_length=200)] = None,
        outcome: Annotated[str | None, Query(pattern="^(eligible|not-eligible|met|not-met)$")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Response:
        """The decisions of one evaluation, in the order decided, filtered and paged."""
        await run_in_threadpool(service.succeeded, evaluation_id)
        limit = page_limit(limit)
        filters = {"subject_id": subject, "round": round, "rule_id": rule, "outcome": outcome}
        total, bodies = await run_in_threadpool(store.decisions, evaluation_id, filters, limit, offset)
        nxt = None
        if offset + limit < total:
            nxt = str(request.url.include_query_params(limit=limit, offset=offset + limit))
            nxt = nxt[nxt.index("/v1/") :]
        head = json.dumps(
            {"total": total, "limit": limit, "offset": offset, "next": nxt}, ensure_ascii=False, separators=(",", ":")
        )
        return Response(head[:-1] + ',"items":[' + ",".join(bodies) + "]}", media_type="application/json")

    @router.get(
        "/evaluations/{evaluation_id}/decisions/{decision_id}",
        tags=["evaluations"],
        responses={
            200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Decision"}}}},
            404: _P,
            409: _P,
            422: _P,
        },
        response_class=Response,
    )
    async def decision(evaluation_id: EvaluationId, decision_id: Annotated[str, PathParam(pattern=DECISION_ID)]) -> Response:
        """One decision of an evaluation, by its id."""
        await run_in_threadpool(service.succeeded, evaluation_id)
        _, bodies = await run_in_threadpool(store.decisions, evaluation_id, {"id": decision_id}, 1, 0)
        if not bodies:
            raise ServiceProblem.of(
                "not-found", "No such decision", 404, f"evaluation '{evaluation_id}' has no decision '{decision_id}'"
            )
        return Response(bodies[0], media_type="application/json")

    @router.get(
        "/evaluations/{evaluation_id}/subjects/{subject_id}/explanation",
        tags=["evaluations"],
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, 404: _P, 409: _P, 422: _P},
    )
    async def explanation(
        request: Request, evaluation_id: EvaluationId, subject_id: Annotated[str, PathParam(max_length=200)], lang: LangQ = None
    ) -> Response:
        """Why, clause by clause, every decision about one subject (or unit) came out as it
        did (``Evaluation.explain``), in Vietnamese or English: made from the kept inputs
        evaluated again at the receipt's time (checked to give the stored result byte for
        byte), once per language, then kept."""
        await run_in_threadpool(service.succeeded, evaluation_id)
        chosen = lang_of(request, lang)
        body = await _kept_artifact(
            service, request, evaluation_id, f"explanations-{chosen}.json", _worker.explanations_job, chosen
        )
        text = json.loads(body).get(subject_id)
        if text is None:
            raise ServiceProblem.of(
                "not-found", "No such subject", 404, f"no decision about '{subject_id}' in evaluation '{evaluation_id}'"
            )
        return Response(text, media_type="text/plain; charset=utf-8", headers={"Content-Language": chosen})

    @router.get(
        "/evaluations/{evaluation_id}/workbook",
        tags=["outputs"],
        response_class=Response,
        responses={
            200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
            404: _P, 409: _P, 422: _P, 500: _P, 503: _P,
        },
    )  # fmt: skip
    async def workbook(request: Request, evaluation_id: EvaluationId, lang: LangQ = None) -> Response:
        """The proposals for commendation as an Excel workbook (``rallyrules.export.to_excel``),
        made from the kept inputs evaluated again at the receipt's time (and checked to give
        the stored result byte for byte); kept once made."""
        chosen = lang_of(request, lang)
        body = await _kept_artifact(service, request, evaluation_id, f"workbook-{chosen}.xlsx", _worker.workbook_job, chosen)
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{evaluation_id}-{chosen}.xlsx"'},
        )

    @router.get(
        "/evaluations/{evaluation_id}/documents",
        tags=["outputs"],
        response_model=_models.DocumentList,
        responses={404: _P, 409: _P, 422: _P},
    )
    async def documents(evaluation_id: EvaluationId) -> dict[str, Any]:
        """The proposal documents that can be made from an evaluation: one per round, award and
        awarding authority (and area) with a subject selected, by name; each is at
        ``…/documents/{name}?format=docx|xlsx``."""
        row = await run_in_threadpool(service.succeeded, evaluation_id)
        served = service.packs.get(row["pack_id"])
        if served is None:
            raise ServiceProblem.of(
                "unknown-pack", "The pack is no longer served", 409, f"rule pack '{row['pack_id']}' is not served now"
            )
        body = await run_in_threadpool(service.store.result, evaluation_id)
        return {"items": _documents.available(served.pack, json.loads(body or b"{}"))}

    @router.get(
        "/evaluations/{evaluation_id}/documents/{name}",
        tags=["outputs"],
        response_class=Response,
        responses={
            200: {"content": {t: {"schema": {"type": "string", "format": "binary"}} for t in _documents.MEDIA_TYPES.values()}},
            404: _P, 409: _P, 422: _P, 500: _P, 503: _P,
        },
    )  # fmt: skip
    async def document(
        request: Request,
        evaluation_id: EvaluationId,
        name: Annotated[str, PathParam(pattern=r"^[a-z0-9-]{1,96}$")],
        format: Annotated[
            Literal["docx", "xlsx"], Query(description="docx (the Tờ trình and its list) or xlsx (the list)")
        ] = "docx",
    ) -> Response:
        """One proposal document of the evaluation (``rallyrules.outputs.office``): the Tờ trình
        and the Danh sách đề nghị khen thưởng as Word (``docx``), or the list as Excel
        (``xlsx``); made from the kept inputs evaluated again and checked; kept once made."""
        file_name = f"{name}.{format}"
        body = await run_in_threadpool(store.artifact, evaluation_id, file_name)
        if body is None:
            spec = await _stored_job(service, evaluation_id, "document")
            spec.update(name=name, format=format)
            body = await _run_job(service, _worker.document_job, spec, request)
            await run_in_threadpool(store.keep_artifact, evaluation_id, file_name, body)
        return Response(
            body, media_type=_documents.MEDIA_TYPES[format],
            headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
        )  # fmt: skip

    @router.post(
        "/evaluations/{evaluation_id}/verification",
        tags=["verification"],
        response_model=_models.Verification,
        responses={404: _P, 409: _P, 422: _P, 500: _P, 503: _P},
    )
    async def verify_stored(request: Request, evaluation_id: EvaluationId) -> dict[str, Any]:
        """Re-run a stored evaluation from its kept inputs and the served pack, and confirm
        its result (``rallyrules.verify.verify_result``) or list what differs."""
        spec = await _stored_job(service, evaluation_id, "verify")
        body = await run_in_threadpool(store.result, evaluation_id)
        spec["result"] = json.loads(body or b"{}")
        return await _run_job(service, _worker.verify_job, spec, request, value="verification")  # type: ignore[no-any-return]

    @router.post(
        "/verifications",
        tags=["verification"],
        response_model=_models.Verification,
        responses={413: _P, 415: _P, 422: _P, 500: _P, 503: _P},
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerificationRequest"}}}}},
    )  # fmt: skip
    async def verify_posted(request: Request) -> dict[str, Any]:
        """Verify a posted result against the packs this service serves (the pack named by
        its receipt's ``pack_id``, never a path in it) and its inputs: the tables posted
        with it, or the inputs this service kept with the receipt's inputs digest."""
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise ServiceProblem.of("unsupported-media-type", "Unsupported media type", 415, "send application/json")
        parsed, raw = await _parse_json(request, _models.VerificationRequest)
        assert isinstance(parsed, _models.VerificationRequest)
        receipt = parsed.result.receipt
        served = service.packs.get(receipt.pack_id)
        if served is None:
            raise ServiceProblem.of(
                "unknown-pack", "The result's pack is not served here", 422,
                f"the result is of rule pack '{receipt.pack_id}'; this service serves {sorted(service.packs)}",
            )  # fmt: skip
        if parsed.tables is not None:
            tables = {name: records for name, records in raw["tables"].items() if records is not None}
            inputs: dict[str, Any] = {"kind": "records", "tables": tables}
            spec: dict[str, Any] = {"inputs": inputs}
        else:
            stored = await run_in_threadpool(store.evaluation_with_inputs, served.id, receipt.inputs_digest)
            if stored is None:
                raise ServiceProblem.of(
                    "no-inputs", "No inputs to verify against", 422,
                    f"this service keeps no inputs with digest {receipt.inputs_digest[:12]}…; post the tables with the result",
                )  # fmt: skip
            spec = await _stored_job(service, stored, "verify")
        spec |= {"job": "verify", "pack_path": str(served.path), "pack_digest": served.pack.digest, "result": raw["result"]}
        return await _run_job(service, _worker.verify_job, spec, request, value="verification")  # type: ignore[no-any-return]

    @router.get("/decision-log", tags=["evaluations"], response_model=_models.LogPage, responses={422: _P})
    async def decision_log(
        decision_id: Annotated[str | None, Query(pattern=DECISION_ID)] = None,
        subject: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=40, description="ISO 8601 UTC time: decided at or after")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The decision log: every decision with its id, evaluation, time, pack digest and
        inputs digest — what was decided when, from what — oldest first (paged)."""
        limit = page_limit(limit)
        filters = {"id": decision_id, "subject_id": subject, "since": since}
        total, items = await run_in_threadpool(store.log, filters, limit, offset)
        nxt = None
        if offset + limit < total:
            query = "".join(f"&{k}={v}" for k, v in (("decision_id", decision_id), ("subject", subject), ("since", since)) if v)
            nxt = f"/v1/decision-log?limit={limit}&offset={offset + limit}{query}"
        return {"total": total, "limit": limit, "offset": offset, "next": nxt, "items": items}

    return router


# -- helpers of the routes -------------------------------------------------------------------------


def _store_now() -> str:
    from ._store import now

    return now()


def _remove(folder: str | None) -> None:
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _recorder(store: Store, evaluation_id: str) -> Callable[[dict[str, Any]], None]:
    def record(document: dict[str, Any]) -> None:
        store.fail(evaluation_id, document, "interrupted" if document["type"].endswith(":interrupted") else "failed")

    return record


def _invalid(message: str, field: str = "body", count: int = 1, items: list[dict[str, Any]] | None = None) -> ServiceProblem:
    items = items or [{"file": None, "line": None, "field": field, "rule_id": None, "message": message}]
    return ServiceProblem.of(
        "invalid-request", "The request is not valid", 422, f"{count} problem(s) in the request body", problems=items
    )


async def _parse_json(request: Request, model: type[pydantic.BaseModel]) -> tuple[pydantic.BaseModel, dict[str, Any]]:
    """The body as ``model`` and as plain JSON (the records are handed on as sent). Strict
    JSON: a key twice in one object, NaN or Infinity are refused, not silently read."""
    body = await request.body()

    def parse() -> tuple[pydantic.BaseModel, dict[str, Any]]:
        try:
            raw = loads_strict(body)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise _invalid(f"not valid JSON: {exc}") from None
        try:
            parsed = model.model_validate(raw)
        except pydantic.ValidationError as exc:
            items = [
                {
                    "file": None,
                    "line": None,
                    "field": ".".join(str(p) for p in ("body", *e["loc"])),
                    "rule_id": None,
                    "message": e["msg"],
                }
                for e in exc.errors(include_url=False)[:100]
            ]
            raise _invalid("", count=len(exc.errors()), items=items) from None
        return parsed, raw

    return await run_in_threadpool(parse)


async def _json_inputs(service: Service, request: Request) -> tuple[dict[str, Any], list[tuple[str, bytes]], int, bool]:
    parsed, raw = await _parse_json(request, _models.EvaluationRequest)
    assert isinstance(parsed, _models.EvaluationRequest)
    served = service.pack(parsed.pack) if parsed.pack in service.packs else None
    if served is None:
        raise ServiceProblem.of(
            "unknown-pack", "No such rule pack", 422, f"this service serves no rule pack '{parsed.pack}'; it serves {sorted(service.packs)}",
            problems=[{"file": None, "line": None, "field": "body.pack", "rule_id": None, "message": "unknown rule pack"}],
        )  # fmt: skip
    _check_engine(parsed.engine)
    digest = _chosen(served, parsed.choose, "body.choose")
    tables = {name: records for name, records in raw["tables"].items() if records is not None}
    rows = sum(len(records) for records in tables.values())
    kept = [("tables.json", await run_in_threadpool(_encode, tables))]
    spec = {
        "served": served, "engine": parsed.engine, "choose": dict(parsed.choose), "digest": digest,
        "inputs": {"kind": "records", "tables": tables},
    }  # fmt: skip
    return spec, kept, rows, True


def _chosen(served: ServedPack, choose: Mapping[str, str], field: str) -> str:
    """The digest of the served pack read with ``choose`` (the readings are checked here,
    before anything is stored or run: an unknown one is a 422 naming each problem)."""
    if not choose:
        return served.pack.digest
    try:
        return served.pack.choose(choose).digest
    except RulePackError as exc:
        raise ServiceProblem.of(
            "invalid-choices",
            "The readings chosen cannot be used",
            422,
            f"{len(exc.problems)} problem(s) in {field}",
            problems=[{"file": None, "line": None, "field": field, "rule_id": None, "message": p.message} for p in exc.problems],
        ) from None


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _check_engine(engine: str) -> None:
    if engine != "auto" and engine not in engines_available():
        raise ServiceProblem.of(
            "engine-unavailable", "Engine not available", 422,
            f"the engine '{engine}' cannot run on this server (available: {', '.join(engines_available())})",
            problems=[{"file": None, "line": None, "field": "engine", "rule_id": None, "message": "engine not available"}],
        )  # fmt: skip


async def _form_inputs(
    service: Service, request: Request, evaluation_id: str
) -> tuple[dict[str, Any], list[tuple[str, bytes]], int, bool]:
    """Uploaded files, written under fixed names ``<table>.<format>`` into a private spool
    folder (the form field names them; the uploaded file names are never used)."""
    try:
        form = await request.form(max_files=len(_FILE_FIELDS), max_fields=len(_FILE_FIELDS) + 40)  # + pack, engine, choose…
    except StarletteHTTPException as exc:  # a malformed form, or more parts than there are fields
        raise ServiceProblem.of("invalid-request", "The form cannot be read", 422, str(exc.detail)) from None
    try:
        return await _read_form(service, form, evaluation_id)
    finally:
        await form.close()  # the parser's temporary copies of the files (personal data) go now


async def _read_form(
    service: Service, form: Any, evaluation_id: str
) -> tuple[dict[str, Any], list[tuple[str, bytes]], int, bool]:
    problems: list[dict[str, Any]] = []
    texts: dict[str, str] = {}
    files: dict[str, tuple[str, str, UploadFile]] = {}

    def bad(field: str, message: str) -> None:
        problems.append({"file": None, "line": None, "field": field, "rule_id": None, "message": message})

    choose: dict[str, str] = {}
    for field, value in form.multi_items():
        if field == "choose":  # repeatable: interpretation=alternative
            interpretation, sep, alternative = value.partition("=") if isinstance(value, str) else ("", "", "")
            if not sep or not interpretation or not alternative:
                bad(field, "interpretation=alternative (GET /v1/packs/{id} lists them)")
            elif choose.get(interpretation.strip(), alternative.strip()) != alternative.strip():
                bad(field, f"interpretation '{interpretation.strip()[:100]}' chosen twice, differently")
            else:
                choose[interpretation.strip()] = alternative.strip()
        elif field in ("pack", "engine"):
            if not isinstance(value, str):
                bad(field, "a text field, not a file")
            elif field in texts:
                bad(field, "given twice")
            else:
                texts[field] = value
        elif field in _FILE_FIELDS:
            table, fmt = _FILE_FIELDS[field]
            if not isinstance(value, UploadFile):
                bad(field, "a file, not a text field")
            elif table in files:
                bad(field, f"a second file for the table '{table}' (one of {', '.join(f'{table}.{f}' for f in FORMATS)})")
            else:
                files[table] = (field, fmt, value)
        else:
            bad(
                field[:100],
                f"unknown field; fields are pack, engine, choose and <table>.<format> with tables {', '.join(TABLES)} and formats {', '.join(FORMATS)}",
            )
    if "pack" not in texts:
        bad("pack", "missing: the id of a rule pack this service serves")
    engine = texts.get("engine", "auto")
    if engine not in ("auto", "durable", "python"):
        bad("engine", "one of auto, durable, python")
    if problems:
        raise ServiceProblem.of(
            "invalid-request", "The request is not valid", 422, f"{len(problems)} problem(s) in the form", problems=problems
        )
    served = service.packs.get(texts["pack"])
    if served is None:
        raise ServiceProblem.of(
            "unknown-pack", "No such rule pack", 422,
            f"this service serves no rule pack '{texts['pack'][:100]}'; it serves {sorted(service.packs)}",
            problems=[{"file": None, "line": None, "field": "pack", "rule_id": None, "message": "unknown rule pack"}],
        )  # fmt: skip
    _check_engine(engine)
    digest = _chosen(served, choose, "choose")
    folder = service.config.spool / evaluation_id

    def write() -> tuple[list[tuple[str, bytes]], int, bool]:
        folder.mkdir(mode=0o700)
        kept, rows, known = [], 0, True
        for table, (name, fmt, upload) in files.items():
            target = folder / f"{table}.{fmt}"
            upload.file.seek(0)
            with open_atomic(target, "wb") as out:
                shutil.copyfileobj(upload.file, out, 1 << 20)
            data = target.read_bytes()
            if service.config.keep_inputs:
                kept.append((name, data))
            if fmt == "csv":
                rows += max(data.count(b"\n") - 1 + (not data.endswith(b"\n") and bool(data)), 0)
            else:
                known = False  # counting rows of a workbook or Parquet file means parsing it: the worker does
        return kept, rows, known

    try:
        kept, rows, known = await run_in_threadpool(write)
    except BaseException:
        _remove(str(folder))
        raise
    # A missing table is left to the library, which names each missing file as the command line does.
    spec = {
        "served": served,
        "engine": engine,
        "choose": choose,
        "digest": digest,
        "inputs": {"kind": "files", "folder": str(folder)},
    }
    return spec, kept, rows, known


async def _kept_artifact(
    service: Service, request: Request, evaluation_id: str, name: str, job: Callable[[dict[str, Any]], dict[str, Any]], lang: str
) -> bytes:
    """What ``job`` makes of a stored evaluation in ``lang`` (from its kept inputs, evaluated
    again and checked), made on first request and kept under ``name``."""
    body = await run_in_threadpool(service.store.artifact, evaluation_id, name)
    if body is None:
        spec = await _stored_job(service, evaluation_id, name.split("-", 1)[0])
        spec["lang"] = lang
        body = await _run_job(service, job, spec, request)
        await run_in_threadpool(service.store.keep_artifact, evaluation_id, name, body)
    assert isinstance(body, bytes)
    return body


async def _stored_job(service: Service, evaluation_id: str, job: str) -> dict[str, Any]:
    """The spec of a job on a stored evaluation's kept inputs (files go to a fresh spool folder)."""
    row = await run_in_threadpool(service.succeeded, evaluation_id)
    served = service.packs.get(row["pack_id"])
    if served is None:
        raise ServiceProblem.of(
            "unknown-pack", "The pack is no longer served", 409, f"rule pack '{row['pack_id']}' is not served now"
        )
    kept = await run_in_threadpool(service.store.inputs, evaluation_id)
    if not kept:
        raise ServiceProblem.of(
            "inputs-not-kept", "The inputs were not kept", 409,
            f"evaluation '{evaluation_id}' was made with keep_inputs = false; its inputs are gone",
        )  # fmt: skip
    body = await run_in_threadpool(service.store.result, evaluation_id)
    result = json.loads(body or b"{}")
    receipt = result["receipt"]
    spec: dict[str, Any] = {
        "job": job, "pack_path": str(served.path), "pack_digest": served.pack.digest, "source": f"service:evaluations/{evaluation_id}",
        "evaluated_at": receipt["evaluated_at"], "engine": "durable" if str(receipt["engine"]).startswith("durable") else "python",
        "expected": body, "choose": receipt.get("choices", {}),
    }  # fmt: skip
    if [name for name, _ in kept] == ["tables.json"]:
        spec["inputs"] = {"kind": "records", "tables": json.loads(kept[0][1])}
    else:
        folder = service.config.spool / f"{evaluation_id}-{job}-{secrets.token_hex(4)}"

        def write() -> None:
            folder.mkdir(mode=0o700)
            for name, data in kept:
                table, fmt = _FILE_FIELDS[name]
                with open_atomic(folder / f"{table}.{fmt}", "wb") as out:
                    out.write(data)

        await run_in_threadpool(write)
        spec["inputs"] = {"kind": "files", "folder": str(folder)}
    return spec


async def _run_job(
    service: Service,
    function: Callable[[dict[str, Any]], dict[str, Any]],
    spec: dict[str, Any],
    request: Request,
    value: str = "body",
) -> Any:
    try:
        future = service.jobs.submit(function, spec)
    except BaseException:
        _remove(spec["inputs"].get("folder"))
        raise
    future.add_done_callback(lambda _: _remove(spec["inputs"].get("folder")))
    outcome = await asyncio.shield(future)
    if not outcome["ok"]:
        raise ServiceProblem(outcome["problem"])
    return outcome[value]
