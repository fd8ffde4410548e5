"""Signing in, changing one's own password, idle sessions and API tokens — over HTTP.

Every test runs on SQLite and on PostgreSQL with a few accounts (no demo center).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from kefu.accounts import service as accounts
from kefu.accounts.models import ApiToken, LoginSession
from kefu.audit.models import AuditEvent
from kefu.config import get_settings
from kefu.db import unit_of_work
from kefu.web.app import create_app
from tests.web import sign_in

PASSWORD = "Quiet-Harbour-Lamp"
NEW_PASSWORD = "Copper-Kettle-Moss"
PLAIN_HTTP_WARNING = "不是 HTTPS"


@pytest.fixture
def app(engine: Engine, database_url: str) -> FastAPI:
    with unit_of_work(engine) as session:
        accounts.add_user(session, "setup", "boss", PASSWORD, "manager", "王经理")
        accounts.add_user(session, "setup", "root", PASSWORD, "admin", "管理员")
    return create_app(database_url)


def client(app: FastAPI, address: str = "198.51.100.20") -> TestClient:
    return TestClient(app, base_url="https://kefu.example", client=(address, 50000))


@pytest.fixture
def boss(app: FastAPI) -> Iterator[TestClient]:
    with client(app) as browser:
        yield sign_in(browser, "boss", PASSWORD)


def post_sign_in(browser: TestClient, username: str, password: str) -> tuple[int, str]:
    page = browser.get("/sign-in")
    token = re.search(r'name="sign_in_csrf" value="([^"]+)"', page.text)
    assert token is not None
    answer = browser.post(
        "/sign-in",
        data={"username": username, "password": password, "sign_in_csrf": token.group(1)},
        follow_redirects=False,
    )
    return answer.status_code, answer.text


def csrf_on(browser: TestClient, path: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).text)
    assert token is not None
    return token.group(1)


def test_five_wrong_passwords_from_one_address_leave_the_administrator_free_elsewhere(
    app: FastAPI,
) -> None:
    with client(app, "203.0.113.9") as attacker:
        for _ in range(5):
            assert post_sign_in(attacker, "root", "guess-guess")[0] == 401
        assert post_sign_in(attacker, "root", PASSWORD)[0] == 401
    with client(app, "198.51.100.7") as office:
        assert post_sign_in(office, "root", PASSWORD)[0] == 303


def test_an_unknown_user_and_a_throttled_user_get_the_identical_answer(app: FastAPI) -> None:
    with client(app, "203.0.113.9") as attacker:
        for _ in range(6):
            post_sign_in(attacker, "root", "guess-guess")
        throttled = post_sign_in(attacker, "root", PASSWORD)
        unknown = post_sign_in(attacker, "nobody", PASSWORD)
    assert throttled == unknown
    assert throttled[0] == 401 and "用户名或密码错误，或尝试过于频繁，请稍后再试" in throttled[1]


@pytest.mark.parametrize(
    ("base_url", "warned"),
    [
        ("http://kefu.example", True),
        ("http://192.0.2.10:8000", True),
        ("https://kefu.example", False),
        ("http://127.0.0.1:8000", False),
        ("http://localhost:8000", False),
    ],
)
def test_the_sign_in_page_says_when_plain_http_will_keep_the_cookie_away(
    app: FastAPI, base_url: str, warned: bool
) -> None:
    with TestClient(app, base_url=base_url) as browser:
        page = browser.get("/sign-in")
    assert page.status_code == 200
    assert (PLAIN_HTTP_WARNING in page.text) is warned


def test_changing_ones_own_password_ends_other_sessions_and_tokens(
    app: FastAPI, engine: Engine, boss: TestClient
) -> None:
    with client(app, "198.51.100.30") as elsewhere:
        sign_in(elsewhere, "boss", PASSWORD)
        with unit_of_work(engine) as session:
            token = accounts.create_api_token(session, "root", "boss", "export")
        api = {"Authorization": f"Bearer {token}"}
        assert boss.get("/api/v1/me", headers=api).status_code == 200
        answer = boss.post(
            "/account/password",
            data={
                "csrf_token": csrf_on(boss, "/account/password"),
                "current_password": PASSWORD,
                "new_password": NEW_PASSWORD,
                "new_password_again": NEW_PASSWORD,
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert boss.get("/account/password").status_code == 200  # this browser stays signed in
        assert "/sign-in" in str(elsewhere.get("/account/password").url)
        assert boss.get("/api/v1/me", headers=api).status_code == 401
    with client(app) as again:
        assert post_sign_in(again, "boss", PASSWORD)[0] == 401
        assert post_sign_in(again, "boss", NEW_PASSWORD)[0] == 303
    with unit_of_work(engine) as session:
        actions = session.execute(
            select(AuditEvent.actor, AuditEvent.action, AuditEvent.target).where(
                AuditEvent.action == "user.password"
            )
        ).all()
    assert [tuple(a) for a in actions] == [("boss", "user.password", "boss")]


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong-current", NEW_PASSWORD, NEW_PASSWORD, "当前密码不正确"),
        (PASSWORD, "12345678", "12345678", "常见密码"),
        (PASSWORD, "boss-boss-boss", "boss-boss-boss", "用户名"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "不一致"),
    ],
)
def test_a_password_change_is_refused_with_the_reason(
    boss: TestClient, current: str, new: str, again: str, message: str
) -> None:
    answer = boss.post(
        "/account/password",
        data={
            "csrf_token": csrf_on(boss, "/account/password"),
            "current_password": current,
            "new_password": new,
            "new_password_again": again,
        },
    )
    assert answer.status_code == 422 and message in answer.text


def test_a_password_change_without_the_form_token_is_refused(boss: TestClient) -> None:
    answer = boss.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert answer.status_code == 403


def test_a_session_left_idle_past_the_idle_timeout_is_signed_out(
    engine: Engine, boss: TestClient
) -> None:
    assert boss.get("/account/password").status_code == 200
    idle = timedelta(minutes=get_settings().session_idle_minutes, seconds=1)
    with unit_of_work(engine) as session:
        session.execute(update(LoginSession).values(last_seen_at=accounts.now() - idle))
    assert "/sign-in" in str(boss.get("/account/password").url)


def test_a_session_in_use_outlives_the_idle_timeout(engine: Engine, boss: TestClient) -> None:
    almost = timedelta(minutes=get_settings().session_idle_minutes, seconds=-30)
    with unit_of_work(engine) as session:
        session.execute(update(LoginSession).values(last_seen_at=accounts.now() - almost))
    assert boss.get("/account/password").status_code == 200
    with unit_of_work(engine) as session:
        seen = session.scalar(select(LoginSession.last_seen_at))
    assert seen is not None and seen > accounts.now() - timedelta(seconds=30)


def test_an_expired_or_revoked_api_token_gets_401_saying_so(app: FastAPI, engine: Engine) -> None:
    with unit_of_work(engine) as session:
        expiring = accounts.create_api_token(session, "root", "boss", "old export")
        revoked = accounts.create_api_token(session, "root", "boss", "leaked")
        session.execute(
            update(ApiToken)
            .where(ApiToken.label == "old export")
            .values(expires_at=accounts.now() - timedelta(seconds=1))
        )
        leaked = session.scalar(select(ApiToken.id).where(ApiToken.label == "leaked"))
        assert leaked is not None
        accounts.revoke_api_token(session, "root", "boss", leaked)
    with client(app) as program:
        for token, message in ((expiring, "已过期"), (revoked, "已撤销"), ("kefu_x", "无效")):
            answer = program.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 401 and message in answer.json()["detail"]


def test_the_api_refuses_a_common_password_for_a_new_user(app: FastAPI, engine: Engine) -> None:
    with unit_of_work(engine) as session:
        token = accounts.create_api_token(session, "root", "root", "admin tool")
    with client(app) as program:
        answer = program.post(
            "/api/v1/users",
            headers={"Authorization": f"Bearer {token}"},
            json={"username": "wang", "password": "password", "role": "hr"},
        )
    assert answer.status_code == 422 and "常见密码" in answer.json()["detail"]


def test_the_warning_and_the_password_page_speak_english_when_asked(
    app: FastAPI, boss: TestClient
) -> None:
    with TestClient(app, base_url="http://kefu.example") as browser:
        page = browser.get("/sign-in", params={"lang": "en"})
    assert "did not come over HTTPS" in page.text and PLAIN_HTTP_WARNING not in page.text
    english = boss.get("/account/password", params={"lang": "en"}).text
    assert "Current password" in english and "当前密码" not in english
