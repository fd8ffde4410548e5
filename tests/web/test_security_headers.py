"""Every response carries the security headers, and no page runs a script the CSP would block.

The Content-Security-Policy allows scripts and styles only from the app's own files: a page
with an inline <script>, an on*= handler, a javascript: URL, an inline <style> or a style
attribute would break (or, worse, show that the policy was loosened). Pages and API answers are
never stored by a browser or proxy (pay and personal data); static files may be cached. HSTS
is sent only on a request that came over HTTPS.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from kefu.web.app import create_app
from tests.web import KNOWN_PERSON, MONTH, QUARTER, make_demo_database, sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "kefu" / "web" / "templates"
ON = "2026-11-02"  # a day with QA evaluations in the demo

PAGES = {
    "manager": (
        "/",
        "/dashboard",
        f"/months/{MONTH}",
        f"/months/{MONTH}/people/{KNOWN_PERSON[0]}",
        f"/quarters/{QUARTER}",
        f"/people/{KNOWN_PERSON[0]}",
        "/whatif",
        "/audit",
        "/docs",
        "/months/1999-01",  # an error page
    ),
    "qa": (f"/qa/reports?period=month&on={ON}",),
}
API = ("/api/v1/health", "/openapi.json", f"/api/v1/months/{MONTH}/results")
STATIC = (
    "/static/kefu/kefu.js",
    "/static/kefu/kefu.css",
    "/static/kefu/exam-timer.js",
    "/static/kefu/api-docs.js",
    "/static/htmx/htmx.min.js",
)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_security_headers"))


@pytest.fixture(scope="module")
def clients(database_url: str) -> Iterator[dict[str, TestClient]]:
    app = create_app(database_url)
    made = {}
    for name in PAGES:
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def policy(response: Response) -> dict[str, list[str]]:
    """The Content-Security-Policy as directive → sources."""
    header = response.headers["content-security-policy"]
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_secured(response: Response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in s for sources in csp.values() for s in sources)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


class InlineCode(HTMLParser):
    """Finds what a strict CSP blocks: inline scripts and styles, handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
            if "src" not in values and values.get("type") != "application/json":
                self.found.append(f"inline <script {attrs}>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if value and value.strip().lower().startswith(("javascript:", "js:")):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_code(html: str) -> InlineCode:
    parser = InlineCode()
    parser.feed(html)
    return parser


def test_every_page_carries_the_security_headers_and_is_never_stored(
    clients: dict[str, TestClient],
) -> None:
    for name, paths in PAGES.items():
        for path in paths:
            page = clients[name].get(path)
            assert page.headers["content-type"].startswith("text/html"), path
            assert_secured(page)
            assert page.headers["cache-control"] == "no-store", path
            assert page.headers["strict-transport-security"].startswith("max-age="), path


def test_the_sign_in_page_and_api_answers_carry_them_too(database_url: str) -> None:
    with TestClient(create_app(database_url), base_url="https://testserver") as anonymous:
        assert_secured(anonymous.get("/sign-in"))
        assert anonymous.get("/sign-in").headers["cache-control"] == "no-store"
        refused = anonymous.get(f"/api/v1/months/{MONTH}/results")
        assert refused.status_code == 401
        assert_secured(refused)
    signed_in = next(iter(PAGES))
    with TestClient(create_app(database_url), base_url="https://testserver") as client:
        sign_in(client, signed_in)
        for path in API:
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert_secured(answer)
            assert answer.headers["cache-control"] == "no-store", path


def test_static_files_may_be_cached(clients: dict[str, TestClient]) -> None:
    for path in STATIC:
        answer = clients["manager"].get(path)
        assert answer.status_code == 200, path
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "no-store" not in answer.headers.get("cache-control", ""), path


def test_hsts_is_sent_only_over_https(database_url: str) -> None:
    with TestClient(create_app(database_url), base_url="http://testserver") as plain:
        page = plain.get("/sign-in")
        assert_secured(page)
        assert "strict-transport-security" not in page.headers


def test_a_forwarded_https_counts_only_from_a_trusted_proxy(database_url: str) -> None:
    """As `kefu serve` runs it: uvicorn's proxy headers, trusted from FORWARDED_ALLOW_IPS."""
    forwarded = {"X-Forwarded-Proto": "https"}
    for trusted, hsts in (("127.0.0.1", False), ("*", True)):
        behind = ProxyHeadersMiddleware(create_app(database_url), trusted_hosts=trusted)
        with TestClient(behind, base_url="http://testserver") as client:
            page = client.get("/sign-in", headers=forwarded)
        assert ("strict-transport-security" in page.headers) is hsts, trusted


def test_no_page_holds_code_the_policy_would_block(clients: dict[str, TestClient]) -> None:
    with_scripts = 0
    for name, paths in PAGES.items():
        for path in paths:
            found = inline_code(clients[name].get(path).text)
            assert found.found == [], (path, found.found)
            with_scripts += found.scripts > 0
    assert with_scripts >= 5  # the chart pages and the API docs load their scripts from files


def test_no_template_holds_code_the_policy_would_block() -> None:
    for template in sorted(TEMPLATES.glob("*.html")):
        # Jinja expressions and statements could hide an attribute from the parser: blank them
        source = re.sub(r"{[{%#].*?[}%#]}", " ", template.read_text("utf-8"), flags=re.S)
        found = inline_code(source)
        assert found.found == [], (template.name, found.found)


def test_htmx_is_told_not_to_evaluate_strings_or_inject_styles(
    clients: dict[str, TestClient],
) -> None:
    page = clients["manager"].get("/whatif").text
    meta = re.search(r"<meta name=\"htmx-config\" content=(['\"])(.+?)\1>", page)
    assert meta is not None
    config = json.loads(html.unescape(meta.group(2)))
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False


def test_every_script_and_stylesheet_a_template_names_is_one_of_the_apps_files() -> None:
    static = TEMPLATES.parent / "static"
    named = {
        name
        for template in TEMPLATES.glob("*.html")
        for name in re.findall(r'(?:src|href)="/static/kefu/([^"]+)"', template.read_text("utf-8"))
    }
    assert {"kefu.js", "kefu.css", "exam-timer.js"} <= named
    assert all((static / name).is_file() for name in named), named
