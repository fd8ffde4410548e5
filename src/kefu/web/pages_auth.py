"""Signing in and out (登录 / 退出), and changing one's own password (修改密码)."""

from __future__ import annotations

import ipaddress
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kefu.accounts import service as accounts
from kefu.accounts.rules import ROLE_NAMES
from kefu.config import get_settings
from kefu.db import unit_of_work
from kefu.errors import AccountInvalid, SignInFailed
from kefu.web.deps import PageLang
from kefu.web.i18n import language, translate
from kefu.web.render import redirect, render
from kefu.web.security import (
    SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    CurrentViewer,
    client_address,
    set_session_cookie,
    set_sign_in_cookie,
)

pages = APIRouter()


def _safe_next(target: str) -> str:
    """Only a path on this site (never another host) may follow a sign-in."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def plain_http_elsewhere(request: Request) -> bool:
    """Whether the page came over plain http to a host other than this machine.

    Browsers keep a Secure cookie away from such a page, so signing in would seem to do nothing;
    http://localhost and 127.0.0.1 count as secure to them and work.
    """
    if request.url.scheme != "http":
        return False
    host = (request.url.hostname or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def _sign_in_page(
    request: Request, lang: str | None, next_url: str, error: str = "", status: int = 200
) -> HTMLResponse:
    words = language(lang)
    with unit_of_work(request.app.state.engine) as session:
        demo = [
            {
                "username": u.username,
                "password": u.demo_password,
                "role": ROLE_NAMES[u.role][words],
                "name": u.display_name,
            }
            for u in accounts.demo_accounts(session)
        ]
        no_accounts = not accounts.users(session)
    token = request.cookies.get(SIGN_IN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request,
        words,
        "sign_in.html",
        status_code=status,
        next_url=next_url,
        error=error,
        demo=demo,
        no_accounts=no_accounts,
        sign_in_csrf=token,
        plain_http=plain_http_elsewhere(request),
    )
    set_sign_in_cookie(response, token)
    return response


@pages.get("/sign-in", name="sign_in", response_class=HTMLResponse)
def sign_in_form(request: Request, lang: PageLang = None, next: str = "/") -> HTMLResponse:
    """登录: the form, and the demo center's accounts while they exist."""
    return _sign_in_page(request, lang, _safe_next(next))


@pages.post("/sign-in", name="sign_in_post", response_class=HTMLResponse)
def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    sign_in_csrf: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=512)] = "/",
    lang: PageLang = None,
) -> Response:
    """Check the password; on success a new session cookie and on to the page asked for."""
    words = language(lang)
    expected = request.cookies.get(SIGN_IN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, sign_in_csrf):
        return _sign_in_page(
            request, lang, _safe_next(next), translate("登录表单已过期，请重试", words), 403
        )
    with unit_of_work(request.app.state.engine) as session:
        try:
            user = accounts.authenticate(session, username, password, client_address(request))
        except SignInFailed as failure:
            session.commit()  # keep the failure count and its audit event
            message = translate(failure.message, words)
            return _sign_in_page(request, lang, _safe_next(next), message, 401)
        token, _ = accounts.start_session(session, user)
    target = _safe_next(next)
    if words == "en" and "lang=" not in target:
        target += ("&" if "?" in target else "?") + "lang=en"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token, get_settings().session_hours * 3600)
    response.delete_cookie(SIGN_IN_CSRF_COOKIE, path="/")
    return response


@pages.post("/sign-out", name="sign_out")
def sign_out(request: Request, viewer: CurrentViewer, lang: PageLang = None) -> Response:
    """退出登录: the session ends on the server and the cookie is cleared."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with unit_of_work(request.app.state.engine) as session:
            accounts.end_session(session, token)
    response = redirect(request, language(lang), "sign_in")
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="lax")
    return response


def _password_page(
    request: Request, lang: str | None, error: str = "", done: bool = False, status: int = 200
) -> HTMLResponse:
    return render(
        request, language(lang), "account_password.html", status_code=status, error=error, done=done
    )


@pages.get("/account/password", name="account_password", response_class=HTMLResponse)
def password_form(
    request: Request, viewer: CurrentViewer, lang: PageLang = None, done: str = ""
) -> HTMLResponse:
    """修改密码: the signed-in user's own password."""
    return _password_page(request, lang, done=bool(done))


@pages.post("/account/password", name="account_password_post", response_class=HTMLResponse)
def change_password(
    request: Request,
    viewer: CurrentViewer,
    current_password: Annotated[str, Form(max_length=256)],
    new_password: Annotated[str, Form(max_length=256)],
    new_password_again: Annotated[str, Form(max_length=256)],
    lang: PageLang = None,
) -> Response:
    """A new password; this browser stays signed in, other sessions and API tokens end."""
    words = language(lang)
    with unit_of_work(request.app.state.engine) as session:
        try:
            accounts.change_own_password(
                session,
                viewer.username,
                current_password,
                new_password,
                new_password_again,
                request.cookies.get(SESSION_COOKIE, ""),
                client_address(request),
            )
        except SignInFailed:
            session.commit()  # the wrong current password counts like a failed sign-in
            message = translate("当前密码不正确，或尝试过于频繁，请稍后再试", words)
            return _password_page(request, lang, message, status=422)
        except AccountInvalid as refused:
            session.rollback()
            return _password_page(request, lang, translate(refused.message, words), status=422)
    return redirect(request, words, "account_password", done="1")
