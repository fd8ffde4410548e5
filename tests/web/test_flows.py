"""What people do in the browser, over HTTP: import with a preview, close, correct and re-close,
what-if and adopt, manage users, sign in and out — each change audited, nothing half-written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from kefu.audit.models import AuditEvent
from kefu.db import engine_for, unit_of_work
from kefu.scores.models import MonthlyScore
from kefu.web.app import create_app
from tests.factories import make_attendance, make_scores, make_workbook
from tests.web import MONTH, csrf_of, make_demo_database, sign_in

NEW_MONTH = "2026-11"
PERSON = "1005"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_flows"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


def client_for(app: FastAPI, role: str) -> TestClient:
    client = TestClient(app, base_url="https://testserver")
    client.__enter__()
    return sign_in(client, role)


@pytest.fixture(scope="module")
def manager(app: FastAPI) -> Iterator[TestClient]:
    client = client_for(app, "manager")
    yield client
    client.__exit__(None, None, None)


def scores_in(url: str, month: str) -> int:
    with unit_of_work(engine_for(url)) as session:
        return (
            session.scalar(
                select(func.count()).select_from(MonthlyScore).where(MonthlyScore.month == month)
            )
            or 0
        )


def audit_actions(url: str) -> list[tuple[str, str]]:
    with unit_of_work(engine_for(url)) as session:
        return [
            (e.action, e.actor) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def upload(client: TestClient, path: Path, **fields: str) -> Response:
    with path.open("rb") as f:
        return client.post(
            "/imports/preview",
            data={"csrf_token": csrf_of(client), **fields},
            files={"file": (path.name, f, "application/octet-stream")},
        )


def test_an_import_with_errors_shows_every_problem_and_writes_nothing(
    manager: TestClient, database_url: str, tmp_path: Path
) -> None:
    bad = make_workbook(
        tmp_path / "成绩.xlsx",
        {
            "月度成绩": [
                make_scores("9999", NEW_MONTH, 80, 80, 80),
                make_scores(PERSON, NEW_MONTH, 150, 80, 80),
            ]
        },
    )
    page = upload(manager, bad)
    assert page.status_code == 422
    text = page.text
    assert "发现 2 个问题，未写入任何数据" in text
    assert "9999" in text and "未知员工" in text and "150" in text
    assert "确认导入" not in text
    assert scores_in(database_url, NEW_MONTH) == 0


def test_a_good_import_is_previewed_then_written_on_confirmation(
    manager: TestClient, database_url: str, tmp_path: Path
) -> None:
    good = make_workbook(
        tmp_path / "成绩.xlsx",
        {
            "月度成绩": [make_scores(PERSON, NEW_MONTH, 90, 88, 86)],
            "考勤汇总": [make_attendance(PERSON, NEW_MONTH)],
        },
    )
    page = upload(manager, good)
    assert page.status_code == 200
    assert "检查通过" in page.text
    assert scores_in(database_url, NEW_MONTH) == 0  # a preview writes nothing
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    done = manager.post(
        "/imports/confirm", data={"csrf_token": csrf_of(manager), "token": token.group(1)}
    )
    assert done.status_code == 200
    assert "已导入 2 行" in done.text
    assert scores_in(database_url, NEW_MONTH) == 1
    assert audit_actions(database_url)[-1] == ("import", "manager")
    again = manager.post(
        "/imports/confirm", data={"csrf_token": csrf_of(manager), "token": token.group(1)}
    )
    assert again.status_code == 404  # a preview is confirmed once


def test_closing_then_correcting_and_closing_again_makes_a_revision_listing_the_change(
    manager: TestClient, database_url: str, tmp_path: Path
) -> None:
    first = manager.post(f"/close/monthly/{NEW_MONTH}", data={"csrf_token": csrf_of(manager)})
    assert first.status_code == 200
    assert "已结算:修订 1" in first.text
    assert PERSON in manager.get(f"/months/{NEW_MONTH}").text
    fix = make_workbook(
        tmp_path / "更正.xlsx", {"月度成绩": [make_scores(PERSON, NEW_MONTH, 70, 88, 86)]}
    )
    refused = upload(manager, fix)
    assert refused.status_code == 422 and "已结算" in refused.text
    page = upload(manager, fix, correct="true")
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    manager.post(
        "/imports/confirm",
        data={"csrf_token": csrf_of(manager), "token": token.group(1), "correct": "true"},
    )
    second = manager.post(f"/close/monthly/{NEW_MONTH}", data={"csrf_token": csrf_of(manager)})
    assert "已结算:修订 2" in second.text
    assert "与修订 1 相比的变化" in second.text
    assert "call_quality" in second.text and "manager" in second.text
    actions = [a for a, _ in audit_actions(database_url)]
    assert actions[-1] == "reclose" and "close" in actions


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    manager: TestClient, database_url: str
) -> None:
    before = audit_actions(database_url)
    answer = manager.post(f"/close/monthly/{MONTH}")
    assert answer.status_code == 403
    assert "CSRF" in answer.text
    forged = manager.post(f"/close/monthly/{MONTH}", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert audit_actions(database_url) == before


def test_what_if_shows_who_gains_and_the_cost_without_writing(
    manager: TestClient, database_url: str
) -> None:
    form = manager.get("/whatif", params={"month": MONTH}).text
    field = re.search(r'name="was\.(monthly_bonus\.bands\.0\.amount)" value="([^"]+)"', form)
    assert field is not None
    path, value = field.group(1), field.group(2)
    before = audit_actions(database_url)
    data = {
        "csrf_token": csrf_of(manager),
        "month": MONTH,
        f"was.{path}": value,
        f"edit.{path}": str(int(float(value)) + 100),
    }
    page = manager.post("/whatif", data=data)
    assert page.status_code == 200
    assert "测算结果" in page.text and "+¥100" in page.text
    fragment = manager.post("/whatif", data=data, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "测算结果" in fragment.text
    assert audit_actions(database_url) == before


def test_adopting_a_draft_records_who_and_from_which_month(
    manager: TestClient, database_url: str
) -> None:
    form = manager.get("/whatif", params={"month": MONTH}).text
    field = re.search(r'name="was\.(monthly_bonus\.bands\.0\.amount)" value="([^"]+)"', form)
    assert field is not None
    path, value = field.group(1), field.group(2)
    answer = manager.post(
        "/whatif/adopt",
        data={
            "csrf_token": csrf_of(manager),
            "month": MONTH,
            "from_month": "2027-01",
            f"was.{path}": value,
            f"edit.{path}": str(int(float(value)) + 50),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    policy = manager.get("/policy", params={"month": "2027-01"}).text
    assert "2027-01" in policy and "-draft" in policy
    assert audit_actions(database_url)[-1] == ("policy.use", "manager")


def test_an_administrator_adds_a_user_who_can_then_sign_in(app: FastAPI, database_url: str) -> None:
    admin = client_for(app, "admin")
    answer = admin.post(
        "/users",
        data={
            "csrf_token": csrf_of(admin),
            "username": "wang",
            "password": "a long password",
            "role": "hr",
            "display_name": "王芳",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "王芳" in admin.get("/users").text
    with TestClient(app, base_url="https://testserver") as wang:
        sign_in(wang, "wang", "a long password")
        assert wang.get("/close").status_code == 200
    refused = admin.post(
        "/users",
        data={"csrf_token": csrf_of(admin), "username": "x", "password": "short", "role": "hr"},
    )
    assert refused.status_code == 422 and "至少" in refused.text
    assert ("user.add", "admin") in audit_actions(database_url)


def test_five_wrong_passwords_slow_down_that_address_until_an_administrator_lifts_it(
    app: FastAPI,
) -> None:
    def attempt(browser: TestClient, password: str) -> Response:
        page = browser.get("/sign-in")
        token = re.search(r'name="sign_in_csrf" value="([^"]+)"', page.text)
        assert token is not None
        return browser.post(
            "/sign-in",
            data={"username": "qa", "password": password, "sign_in_csrf": token.group(1)},
            follow_redirects=False,
        )

    with TestClient(app, base_url="https://testserver", client=("203.0.113.9", 1)) as browser:
        for _ in range(5):
            assert attempt(browser, "wrong!").status_code == 401
        slowed = attempt(browser, "qa123456")
        assert slowed.status_code == 401 and "尝试过于频繁" in slowed.text
    with TestClient(app, base_url="https://testserver", client=("198.51.100.7", 1)) as office:
        assert attempt(office, "qa123456").status_code == 303
    admin = client_for(app, "admin")
    assert "登录受限至" in admin.get("/users").text
    admin.post("/users/qa", data={"csrf_token": csrf_of(admin), "unlock": "true"})
    assert "登录受限至" not in admin.get("/users").text
    with TestClient(app, base_url="https://testserver", client=("203.0.113.9", 1)) as browser:
        sign_in(browser, "qa")


def test_sign_in_without_its_form_token_is_refused(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as browser:
        answer = browser.post("/sign-in", data={"username": "hr", "password": "hr123456"})
        assert answer.status_code == 403
        assert "kefu_session" not in answer.cookies


def test_the_session_cookie_is_secure_http_only_and_same_site(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as browser:
        page = browser.get("/sign-in")
        token = re.search(r'name="sign_in_csrf" value="([^"]+)"', page.text)
        assert token is not None
        answer = browser.post(
            "/sign-in",
            data={"username": "hr", "password": "hr123456", "sign_in_csrf": token.group(1)},
            follow_redirects=False,
        )
        cookie = next(
            v for k, v in answer.headers.multi_items() if k == "set-cookie" and "kefu_session" in v
        )
        lowered = cookie.lower()
        assert "secure" in lowered and "httponly" in lowered and "samesite=lax" in lowered


@pytest.mark.parametrize(
    ("asked", "landed"),
    [("/people/1005", "/people/1005"), ("//evil.example/x", "/"), ("https://evil.example", "/")],
)
def test_sign_in_goes_on_only_to_a_page_of_this_site(app: FastAPI, asked: str, landed: str) -> None:
    with TestClient(app, base_url="https://testserver") as browser:
        page = browser.get("/sign-in")
        token = re.search(r'name="sign_in_csrf" value="([^"]+)"', page.text)
        assert token is not None
        answer = browser.post(
            "/sign-in",
            data={
                "username": "manager",
                "password": "manager123456",
                "sign_in_csrf": token.group(1),
                "next": asked,
            },
            follow_redirects=False,
        )
        assert answer.headers["location"] == landed


def test_signing_out_ends_the_session_on_the_server(app: FastAPI) -> None:
    browser = client_for(app, "hr")
    cookie = browser.cookies.get("kefu_session")
    assert cookie
    out = browser.post("/sign-out", data={"csrf_token": csrf_of(browser)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"].startswith("/sign-in")
    with TestClient(app, base_url="https://testserver") as replay:
        replay.cookies.set("kefu_session", cookie)
        assert replay.get("/api/v1/me").status_code == 401


def test_the_preview_shows_rows_under_the_sheets_chinese_headers(
    manager: TestClient, tmp_path: Path
) -> None:
    path = make_workbook(
        tmp_path / "成绩.xlsx", {"月度成绩": [make_scores(PERSON, "2027-02", 90, 88, 86)]}
    )
    page = upload(manager, path).text
    sample = page.split("<h2>", 1)[1]
    for header in ("行", "工号", "月份", "通话评估成绩", "工作评估成绩", "综合工作表现"):
        assert f"<th>{header}</th>" in sample
    assert "call_quality" not in sample
