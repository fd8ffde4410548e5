"""Security headers on every response: what a browser may run, frame, send and keep.

The Content-Security-Policy allows scripts, styles, fonts and requests only from the app itself
(no inline script or style: the pages keep their code in /static/kefu/, chart figures travel in
<script type="application/json"> blocks, which are data and never run). No page may be framed.
Pages and API answers carry pay and personal data: no browser or proxy stores them
(Cache-Control: no-store); only /static/ files may be cached. HSTS is sent when the request came
over HTTPS: uvicorn sets the scheme from X-Forwarded-Proto only for a proxy it trusts
(FORWARDED_ALLOW_IPS, by default 127.0.0.1), so a client cannot claim HTTPS itself.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000"  # a year; subdomains are left to their own servers
STATIC_PREFIX = "/static/"

ALWAYS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
)


class SecurityHeaders:
    """An ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        static = str(scope.get("path", "")).startswith(STATIC_PREFIX)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS:
                    headers[name] = value
                if https:
                    headers["Strict-Transport-Security"] = HSTS
                if not static:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)
