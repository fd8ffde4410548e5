"""Who is asking: the session cookie (pages) or a bearer token (programs), CSRF, permissions.

Every page and API route except sign-in, health and the static files depends on ``current``;
routes that need a permission depend on ``require(action)`` (R-PRV-1). Unsafe requests made
with the session cookie must carry the session's CSRF token (form field or X-CSRF-Token).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.db import unit_of_work
from kefu.errors import Forbidden, KefuError, NotFound, TokenRefused

SESSION_COOKIE = "kefu_session"
SIGN_IN_CSRF_COOKIE = "kefu_sign_in"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotSignedIn(KefuError):
    """No valid session or token: pages redirect to the sign-in page, the API answers 401."""

    http_status = 401


class CsrfRejected(KefuError):
    """An unsafe request with the session cookie but without its CSRF token."""

    http_status = 403


def set_session_cookie(response: Response, token: str, max_age: int) -> None:
    """The session cookie: Secure, HttpOnly, SameSite=Lax, for the whole site."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        secure=True,
        httponly=True,
        samesite="lax",
        path="/",
    )


def set_sign_in_cookie(response: Response, token: str) -> None:
    """The sign-in form's CSRF token, paired with a cookie (no session exists yet)."""
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE, token, secure=True, httponly=True, samesite="strict", path="/"
    )


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy: from X-Forwarded-For, which
    uvicorn trusts from the addresses in FORWARDED_ALLOW_IPS)."""
    return request.client.host if request.client is not None else ""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _resolve(session: Session, request: Request) -> tuple[Viewer, str | None]:
    """The viewer and the CSRF token the request must carry (None for a bearer token)."""
    token = _bearer(request)
    if token is not None:
        try:
            user = accounts.check_api_token(session, token)
        except TokenRefused as refused:
            raise NotSignedIn(refused.message) from refused
        return accounts.viewer_of(session, user), None
    cookie = request.cookies.get(SESSION_COOKIE)
    found = accounts.session_user(session, cookie) if cookie else None
    if found is None:
        raise NotSignedIn("请先登录")
    user, csrf = found
    return accounts.viewer_of(session, user), csrf


def _lookup(request: Request) -> tuple[Viewer, str | None]:
    with unit_of_work(request.app.state.engine) as session:
        return _resolve(session, request)


async def _csrf_from(request: Request) -> str | None:
    sent = request.headers.get(CSRF_HEADER)
    if sent:
        return sent
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def current(request: Request) -> Viewer:
    """The signed-in viewer; unsafe cookie requests must prove they come from our own pages."""
    cached = getattr(request.state, "viewer", None)
    if isinstance(cached, Viewer):
        return cached
    # the lookup blocks on the database: never on the event loop, or every request waits
    viewer, csrf = await run_in_threadpool(_lookup, request)
    if csrf is not None and request.method not in SAFE_METHODS:
        sent = await _csrf_from(request)
        if sent is None or not secrets.compare_digest(sent, csrf):
            raise CsrfRejected("表单已过期或来源不明(CSRF 校验失败)，请刷新页面后重试")
    request.state.viewer = viewer
    request.state.csrf = csrf or ""
    return viewer


CurrentViewer = Annotated[Viewer, Depends(current)]


def require(action: str) -> Callable[[Request], Awaitable[Viewer]]:
    """A dependency: the viewer, if their role may take ``action`` (else 403)."""

    async def check(request: Request) -> Viewer:
        viewer = await current(request)
        if not viewer.can(action):
            raise Forbidden("您的角色无权访问此功能 (R-PRV-1)")
        return viewer

    check.__name__ = f"require_{action.replace('.', '_').replace('-', '_')}"
    return check


def must_see(viewer: Viewer, employee_no: str, department: str | None, team: str | None) -> None:
    """Refuse a person's records outside the viewer's scope; 404, so nothing leaks (R-PRV-1)."""
    if not viewer.sees(employee_no, department, team):
        raise NotFound(f"没有找到工号 {employee_no} 的记录")
