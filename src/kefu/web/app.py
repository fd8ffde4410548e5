"""The web app (网页) and HTTP API: sign-in, role-scoped pages and /api/v1 (R-PRV-1).

Routes stay thin: they parse, check the viewer's permission and scope, call the services and
render. A KefuError becomes a page (or {"detail": …} under /api/) with the error's HTTP status;
a request without a session goes to the sign-in page (401 under /api/).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kefu.config import get_settings
from kefu.db import engine_for, migrate
from kefu.errors import KefuError
from kefu.web import api_v1, pages_admin, pages_auth, pages_people, pages_results, pages_whatif
from kefu.web.i18n import language, translate
from kefu.web.render import render, route_params
from kefu.web.render import yuan as yuan
from kefu.web.security import NotSignedIn

API_PREFIX = "/api/"
log = logging.getLogger("kefu.web")

# front-end packages installed from the npm registry by `make setup` (package-lock.json)
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
VENDOR = {"echarts": "echarts/dist", "htmx": "htmx.org/dist"}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    lang = language(request.query_params.get("lang"))
    return render(request, lang, "error.html", status_code, status=status_code, message=message)


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
            return await request_validation_exception_handler(request, exc)
        lang = language(request.query_params.get("lang"))
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        return _error_page(request, 400, f"{translate('请求参数不正确', lang)} ({fields})")


class UploadLimit:
    """Refuse request bodies above the configured size with a 413, before anything parses them."""

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

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        mb = self.max_bytes // (1024 * 1024)
        response = JSONResponse({"detail": f"上传内容过大:最多 {mb} MB"}, status_code=413)
        await response(scope, _no_receive, send)


class _TooLarge(Exception):
    pass


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def create_app(database_url: str | None = None) -> FastAPI:
    """The web app on a database (default: KEFU_DATABASE_URL or ./var/kefu.sqlite3)."""
    engine = engine_for(database_url or get_settings().resolved_database_url())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(migrate, engine)
        yield

    app = FastAPI(
        title="kefu 客服",
        description=(
            "客服中心绩效与奖金 — the JSON API of kefu. Sign in with a session cookie (the web "
            "pages) or send `Authorization: Bearer <token>` (create one with `kefu user token`)."
        ),
        version="1",
        lifespan=lifespan,
    )
    app.state.engine = engine
    routers = (
        pages_auth.pages,
        pages_results.pages,
        pages_people.pages,
        pages_admin.pages,
        pages_whatif.pages,
        api_v1.api,
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
    return app
