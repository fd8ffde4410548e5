"""The web app (网页) and HTTP API: sign-in, role-scoped pages and /api/v1 (R-PRV-1).

Routes stay thin: they parse, check the viewer's permission and scope, call the services and
render. A KefuError becomes a page (or {"detail": …} under /api/) with the error's HTTP status;
a request without a session goes to the sign-in page (401 under /api/). Bad input never reaches
the database as a 500: NUL characters are refused up front, bodies above the upload limit get a
413, and a value the database itself rejects (too long, out of range) is a 400.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kefu.config import get_settings
from kefu.db import engine_for, ensure_schema
from kefu.errors import KefuError, StoredMeanwhile
from kefu.web import (
    api_attendance,
    api_autoqa,
    api_careers,
    api_conduct,
    api_eagle,
    api_election,
    api_elimination,
    api_exams,
    api_meetings,
    api_qa,
    api_qa_reports,
    api_recruitment,
    api_training,
    api_v1,
    pages_admin,
    pages_attendance,
    pages_auth,
    pages_autoqa,
    pages_careers,
    pages_conduct,
    pages_eagle,
    pages_election,
    pages_elimination,
    pages_exams,
    pages_meetings,
    pages_pay,
    pages_people,
    pages_qa,
    pages_qa_reports,
    pages_recruitment,
    pages_results,
    pages_training,
    pages_whatif,
)
from kefu.web.headers import SecurityHeaders
from kefu.web.i18n import language, translate
from kefu.web.render import render, route_params
from kefu.web.render import yuan as yuan
from kefu.web.security import NotSignedIn

API_PREFIX = "/api/"
log = logging.getLogger("kefu.web")

# front-end packages installed from the npm registry by `make setup` (package-lock.json)
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
VENDOR = {"echarts": "echarts/dist", "htmx": "htmx.org/dist", "swagger": "swagger-ui-dist"}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    lang = language(request.query_params.get("lang"))
    return render(request, lang, "error.html", status_code, status=status_code, message=message)


NUL_REFUSED = "请求中含有不允许的控制字符 NUL (\\x00)，请删除后重试"
VALUE_REFUSED = "请求中的数据无法保存或查询:数值超出范围、文字过长或含有不允许的字符"


def _has_nul(text: str | None) -> bool:
    return text is not None and "\x00" in text


async def refuse_nul_characters(request: Request) -> None:
    """No NUL in the path, the query or a form field: PostgreSQL cannot store or compare it."""
    if _has_nul(request.scope.get("path")) or any(
        _has_nul(k) or _has_nul(v) for k, v in request.query_params.multi_items()
    ):
        raise KefuError(NUL_REFUSED)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        # the form is parsed once and cached on the request: the route reads the same one
        form = await request.form()
        for key, value in form.multi_items():
            shown = value.filename if isinstance(value, UploadFile) else value
            if _has_nul(key) or _has_nul(shown):
                raise KefuError(NUL_REFUSED)


SHOWN_INPUT = 200  # characters of a refused value echoed back in a 422


def _plain(value: object, depth: int = 0) -> object:
    """A refused input as JSON can always carry it: short valid text, finite numbers."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if value.bit_length() <= 64 else "…"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        text = value if len(value) <= SHOWN_INPUT else value[:SHOWN_INPUT] + "…"
        # a lone surrogate ("\\ud800" in JSON) cannot be written back as UTF-8
        return text.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, bytes):
        return _plain(value[: SHOWN_INPUT * 4].decode("utf-8", "replace"), depth)
    if isinstance(value, UploadFile):
        return _plain(value.filename, depth)
    if depth < 3 and isinstance(value, dict):
        items = list(value.items())[:20]
        return {str(_plain(str(k), depth + 1)): _plain(v, depth + 1) for k, v in items}
    if depth < 3 and isinstance(value, list | tuple):
        return [_plain(v, depth + 1) for v in value[:20]]
    return f"({type(value).__name__})"


def _plain_error(error: Any) -> dict[str, object]:
    """One validation error for {"detail": […]}: type, loc, msg, the input, plain limits."""
    out: dict[str, object] = {
        "type": error["type"],
        "loc": [_plain(p) for p in error["loc"]],
        "msg": _plain(error["msg"]),
        "input": _plain(error.get("input")),
    }
    ctx = {
        k: _plain(v)
        for k, v in (error.get("ctx") or {}).items()
        if not isinstance(v, BaseException)  # a validator's exception: its text is in msg
    }
    if ctx:
        out["ctx"] = ctx
    return out


def install_error_handlers(app: FastAPI) -> None:
    """Expected failures as pages (or JSON under /api/) with their status; never a 500."""

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.message}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        lang = "&lang=en" if request.query_params.get("lang") == "en" else ""
        return RedirectResponse(f"/sign-in?next={quote(target)}{lang}", status_code=303)

    @app.exception_handler(KefuError)
    async def kefu_error(request: Request, exc: KefuError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.message}, status_code=exc.http_status)
        return _error_page(request, exc.http_status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return await http_exception_handler(request, exc)
        lang = language(request.query_params.get("lang"))
        message = translate("页面不存在", lang) if exc.status_code == 404 else str(exc.detail)
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": [_plain_error(e) for e in exc.errors()]}, 422)
        lang = language(request.query_params.get("lang"))
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        return _error_page(request, 400, f"{translate('请求参数不正确', lang)} ({fields})")

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def value_refused(request: Request, exc: Exception) -> Response:
        # A safety net: inputs are checked before they reach the database, so this means a
        # check is missing somewhere; the request still gets a 400, and the log says where.
        log.warning(
            "value out of range or refused by the database: %s %s",
            request.method,
            request.url.path,
            exc_info=exc,
        )
        if _wants_json(request):
            return JSONResponse({"detail": VALUE_REFUSED}, status_code=400)
        return _error_page(request, 400, VALUE_REFUSED)

    @app.exception_handler(IntegrityError)
    async def stored_meanwhile(request: Request, exc: IntegrityError) -> Response:
        # A safety net for two requests creating the same thing at once (a unique key the
        # database keeps): the second is rolled back and told so with a 409, never a 500.
        log.warning(
            "refused by a database constraint: %s %s",
            request.method,
            request.url.path,
            exc_info=exc,
        )
        return await kefu_error(request, StoredMeanwhile())


def _size(n: int) -> str:
    """A byte count as people read it: 20 MB, 1.5 KB, 300 字节."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} 字节"


class UploadTooLarge(StarletteHTTPException):
    """A request body above the configured limit, noticed while the body is read (413)."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"上传内容过大:最多 {_size(max_bytes)}，请拆分成较小的文件后重试")


class UploadLimit:
    """Refuse request bodies above the configured size with a 413, before anything parses them.

    A declared Content-Length above the limit is refused without reading the body; a body sent
    in chunks is counted as it is read, and the read that passes the limit raises UploadTooLarge,
    which the error handlers turn into a page (or {"detail": …} under /api/) like any other error.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise UploadTooLarge(self.max_bytes)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except UploadTooLarge:
            # read outside the routes' error handlers (e.g. by another middleware)
            if started:
                raise
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        request = Request(scope, _no_receive)
        message = str(UploadTooLarge(self.max_bytes).detail)
        response: Response
        if _wants_json(request) or "app" not in scope:
            response = JSONResponse({"detail": message}, status_code=413)
        else:
            response = _error_page(request, 413, message)
        response.headers["Connection"] = "close"
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


# Swagger UI started by a file of the app's own (the Content-Security-Policy allows no inline script)
API_DOCS = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>kefu API</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<link rel="icon" href="/static/swagger/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="/openapi.json"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/kefu/api-docs.js"></script>
</body>
</html>
"""


def create_app(database_url: str | None = None) -> FastAPI:
    """The web app on a database (default: KEFU_DATABASE_URL or ./var/kefu.sqlite3)."""
    engine = engine_for(database_url or get_settings().resolved_database_url())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Routes run in worker threads, which take turns on one interpreter lock: beyond a
        # few, more threads only stretch the slowest requests. Requests wait their turn on
        # the event loop instead (KEFU_WEB_THREADS).
        to_thread.current_default_thread_limiter().total_tokens = get_settings().web_threads
        await run_in_threadpool(ensure_schema, engine)
        yield

    app = FastAPI(
        title="kefu 客服",
        description=(
            "客服中心绩效与奖金 — the JSON API of kefu. Sign in with a session cookie (the web "
            "pages) or send `Authorization: Bearer <token>` (create one with `kefu user token`)."
        ),
        version="1",
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul_characters)],
        # the API docs load Swagger UI from the npm package the app serves, not from a CDN
        docs_url=None,
        redoc_url=None,
    )

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS)

    app.state.engine = engine
    routers = (
        pages_auth.pages,
        pages_results.pages,
        pages_people.pages,
        pages_admin.pages,
        pages_whatif.pages,
        pages_attendance.pages,
        pages_careers.pages,
        pages_election.pages,
        pages_eagle.pages,
        pages_pay.pages,
        pages_exams.pages,
        pages_training.pages,
        pages_elimination.pages,
        pages_recruitment.pages,
        pages_qa.pages,
        pages_autoqa.pages,
        pages_qa_reports.pages,
        pages_conduct.pages,
        pages_meetings.pages,
        api_v1.api,
        api_attendance.api,
        api_careers.api,
        api_election.api,
        api_eagle.api,
        api_exams.api,
        api_training.api,
        api_elimination.api,
        api_recruitment.api,
        api_qa.api,
        api_autoqa.api,
        api_qa_reports.api,
        api_conduct.api,
        api_meetings.api,
    )
    for router in routers:
        app.include_router(router)
    app.state.route_params = route_params([r for router in routers for r in router.routes])
    for name, sub in VENDOR.items():
        folder = NODE_MODULES / sub
        if folder.is_dir():
            app.mount(f"/static/{name}", StaticFiles(directory=folder), name=f"static_{name}")
        else:
            log.warning("front-end package %s missing (run make setup): %s", name, folder)
    app.mount(
        "/static/kefu",
        StaticFiles(directory=Path(__file__).parent / "static"),
        name="static_kefu",
    )
    install_error_handlers(app)
    app.add_middleware(UploadLimit, max_bytes=get_settings().max_upload_bytes)
    # outermost: the headers go on every answer, the upload limit's refusals included
    app.add_middleware(SecurityHeaders)
    return app
