"""A 工号 typed full-width in a form, a path or the API is the register's person; hidden
characters in a 工号 or a name are refused naming their code point — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from kefu.accounts import service as accounts
from kefu.accounts.models import User
from kefu.db import unit_of_work
from kefu.imports.service import import_file
from kefu.people.models import Employee
from kefu.web.app import create_app
from tests.factories import make_person, make_workbook
from tests.web import csrf_of, sign_in

PASSWORD = "correct horse"


@dataclass
class Center:
    engine: Engine
    browser: TestClient  # signed in as the administrator, with a session cookie
    api: TestClient  # the administrator's bearer token
    manager: TestClient  # signed in as a manager, who reads people's pages
    manager_api: TestClient  # the manager's bearer token


@pytest.fixture
def center(engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Center]:
    roster = make_workbook(tmp_path / "roster.xlsx", {"员工": [make_person("1005", "王芳")]})
    with unit_of_work(engine) as session:
        import_file(session, roster, None, "hr", date(2026, 11, 1))
        accounts.add_user(session, "tester", "boss", PASSWORD, "admin", "管理员")
        accounts.add_user(session, "tester", "chief", PASSWORD, "manager", "经理")
        token = accounts.create_api_token(session, "tester", "boss", "tests")
        manager_token = accounts.create_api_token(session, "tester", "chief", "tests")
    app = create_app(database_url)
    url = "https://testserver"
    with (
        TestClient(app, base_url=url) as browser,
        TestClient(app, base_url=url, headers={"Authorization": f"Bearer {token}"}) as api,
        TestClient(app, base_url=url) as manager,
        TestClient(
            app, base_url=url, headers={"Authorization": f"Bearer {manager_token}"}
        ) as manager_api,
    ):
        sign_in(browser, "boss", PASSWORD)
        sign_in(manager, "chief", PASSWORD)
        yield Center(engine, browser, api, manager, manager_api)


def people_count(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(Employee)) or 0


def linked_no(engine: Engine, username: str) -> str | None:
    with unit_of_work(engine) as session:
        return session.scalar(select(User.employee_no).where(User.username == username))


def test_the_api_finds_a_person_by_a_full_width_staff_number(center: Center) -> None:
    answer = center.manager_api.get("/api/v1/people/１００５")
    assert answer.status_code == 200
    assert answer.json()["employee_no"] == "1005"
    assert answer.json()["records"][-1]["name"] == "王芳"


def test_the_person_page_opens_for_a_full_width_staff_number(center: Center) -> None:
    page = center.manager.get("/people/１００５")
    assert page.status_code == 200
    assert "王芳" in page.text


@pytest.mark.parametrize(("number", "code"), [("10\u200b05", "U+200B"), ("1005\u202e", "U+202E")])
def test_a_staff_number_hiding_a_zero_width_space_or_override_is_a_422_naming_it(
    center: Center, number: str, code: str
) -> None:
    answer = center.manager_api.get(f"/api/v1/people/{number}")
    assert answer.status_code == 422
    assert code in answer.json()["detail"][0]["msg"]


def test_an_account_added_through_the_api_with_a_full_width_staff_number_is_linked(
    center: Center,
) -> None:
    body = {"username": "wang", "password": PASSWORD, "role": "agent", "employee_no": "１００５"}
    answer = center.api.post("/api/v1/users", json=body)
    assert answer.status_code == 201
    assert linked_no(center.engine, "wang") == "1005"
    assert people_count(center.engine) == 1


@pytest.mark.parametrize(
    ("name", "code"), [("\x1b[31m王芳", "U+001B"), ("王\x07芳", "U+0007"), ("王芳\u202e", "U+202E")]
)
def test_an_account_name_with_an_escape_bell_or_override_is_refused_through_the_api(
    center: Center, name: str, code: str
) -> None:
    body = {"username": "wang", "password": PASSWORD, "role": "hr", "display_name": name}
    answer = center.api.post("/api/v1/users", json=body)
    assert answer.status_code == 400
    assert code in answer.json()["detail"]
    assert linked_no(center.engine, "wang") is None


def test_an_account_added_by_the_form_with_a_full_width_staff_number_is_linked(
    center: Center,
) -> None:
    form = {
        "csrf_token": csrf_of(center.browser),
        "username": "wang",
        "password": PASSWORD,
        "role": "agent",
        "display_name": "王芳",
        "employee_no": "１００５",
    }
    answer = center.browser.post("/users", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert linked_no(center.engine, "wang") == "1005"


@pytest.mark.parametrize(
    ("name", "code"), [("\x1b[31m王芳", "U+001B"), ("王\x07芳", "U+0007"), ("王芳\u202e", "U+202E")]
)
def test_an_account_name_with_an_escape_bell_or_override_is_refused_by_the_form(
    center: Center, name: str, code: str
) -> None:
    form = {
        "csrf_token": csrf_of(center.browser),
        "username": "wang",
        "password": PASSWORD,
        "role": "hr",
        "display_name": name,
    }
    answer = center.browser.post("/users", data=form, follow_redirects=False)
    assert answer.status_code == 400
    assert code in answer.text
    assert linked_no(center.engine, "wang") is None


def test_a_staff_number_with_a_zero_width_space_in_a_form_is_refused_naming_it(
    center: Center,
) -> None:
    form = {
        "csrf_token": csrf_of(center.browser),
        "username": "wang",
        "password": PASSWORD,
        "role": "agent",
        "employee_no": "10\u200b05",
    }
    answer = center.browser.post("/users", data=form, follow_redirects=False)
    assert answer.status_code == 400
    assert "U+200B" in answer.text
    assert linked_no(center.engine, "wang") is None
