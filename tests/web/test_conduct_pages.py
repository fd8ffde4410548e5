"""Conduct points in the browser and over the JSON API (R-DIS-1, R-PUB-1, R-PRV-1).

The demo center holds four events of 2026-11-02 (see tests/web/access_rows_conduct.py); the
server's clock is fixed on the next day, inside the objection window. Expected figures come
from the conduct service on the same database, never written into the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.accounts.service import get_user
from kefu.conduct import service as conduct
from kefu.db import engine_for, unit_of_work
from kefu.web import pages_conduct
from kefu.web.app import create_app
from kefu.web.words_conduct import WORDS
from tests.web import csrf_of, make_demo_database, sign_in

NOW = datetime(2026, 11, 3, 10, 0)
TEMPLATES = Path(pages_conduct.__file__).parent / "templates"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_conduct, "now", lambda: NOW)
        yield make_demo_database(tmp_path_factory.mktemp("web_conduct"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("agent", "leader", "qa", "hr", "manager"):
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def post(client: TestClient, path: str, data: dict[str, object]) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return sent


def number_of(url: str, username: str) -> str:
    with unit_of_work(engine_for(url)) as session:
        no = get_user(session, username).employee_no
    assert no is not None
    return no


def points_of(url: str, employee_no: str) -> int:
    with unit_of_work(engine_for(url)) as session:
        found = conduct.month_conduct(session, "2026-11").get(employee_no)
    return found.points if found else 0


def test_R_PRV_1_the_agent_lists_only_their_own_points(
    clients: dict[str, TestClient], database_url: str
) -> None:
    me = number_of(database_url, "agent")
    page = clients["agent"].get("/conduct")
    assert page.status_code == 200
    people = set(re.findall(r'data-person="(\d+)"', page.text))
    assert people == {me}
    api = clients["agent"].get("/api/v1/conduct/events").json()
    assert {r["employee_no"] for r in api} == {me}


def test_R_PRV_1_the_leader_lists_their_team_and_hr_the_center(
    clients: dict[str, TestClient],
) -> None:
    team = {r["employee_no"] for r in clients["leader"].get("/api/v1/conduct/events").json()}
    center = {r["employee_no"] for r in clients["hr"].get("/api/v1/conduct/events").json()}
    assert len(team) == 2
    assert team < center
    assert clients["qa"].get("/api/v1/conduct/events").json() == []


def test_R_DIS_1_the_list_filters_by_rule_and_month(clients: dict[str, TestClient]) -> None:
    rows = clients["hr"].get("/api/v1/conduct/events", params={"rule": "chatting"}).json()
    assert {r["rule_code"] for r in rows} == {"chatting"} and len(rows) == 2
    assert clients["hr"].get("/api/v1/conduct/events", params={"month": "2026-10"}).json() == []
    page = clients["hr"].get("/conduct", params={"rule": "chatting", "month": "2026-11"})
    assert page.text.count('data-event="1"') == 2


def test_R_DIS_1_a_leader_records_an_event_from_the_form(
    clients: dict[str, TestClient], database_url: str
) -> None:
    teammate = next(
        r["employee_no"]
        for r in clients["leader"].get("/api/v1/conduct/events").json()
        if r["rule_code"] == "untidy-desk"
    )
    before = points_of(database_url, teammate)
    refused = post(
        clients["leader"],
        "/conduct/record",
        {
            "rule": "left-post",
            "points": "15",
            "people": teammate,
            "day": "2026-11-03",
            "what": "擅自离岗",
            "evidence": "巡视",
        },
    )
    assert refused.status_code == 422
    assert "扣 20 分，不能扣 15 分" in refused.text
    done = post(
        clients["leader"],
        "/conduct/record",
        {
            "rule": "left-post",
            "points": "20",
            "people": teammate,
            "day": "2026-11-03",
            "at": "09:40",
            "what": "擅自离岗十五分钟",
            "evidence": "巡视",
        },
    )
    assert done.status_code == 303
    page = clients["leader"].get(done.headers["location"])
    assert "擅自离岗十五分钟" in page.text
    assert points_of(database_url, teammate) == before + 20


def test_R_PUB_1_the_agent_objects_and_hr_answers_on_the_event_page(
    clients: dict[str, TestClient], database_url: str
) -> None:
    me = number_of(database_url, "agent")
    before = points_of(database_url, me)
    page = clients["agent"].get("/conduct/events/1")
    assert 'name="reason"' in page.text  # the chatting event: not objected yet
    done = post(
        clients["agent"], "/conduct/events/1/objection", {"reason": "我在回答同事的业务问题"}
    )
    assert done.status_code == 303
    again = post(clients["agent"], "/conduct/events/1/objection", {"reason": "再次申诉"})
    assert again.status_code == 409  # one objection per charge: the second is a conflict
    event = clients["hr"].get("/api/v1/conduct/events/1").json()
    objection = next(p["objection"] for p in event["people"] if p["employee_no"] == me)
    assert objection["state"] == "open"
    answered = post(
        clients["hr"],
        f"/conduct/objections/{objection['id']}/answer",
        {"outcome": "cancelled", "reply": "经核实属业务交流"},
    )
    assert answered.status_code == 303
    assert points_of(database_url, me) == before - 20


def test_R_PUB_1_the_recorder_may_not_answer(clients: dict[str, TestClient]) -> None:
    refused = post(
        clients["leader"], "/conduct/objections/1/answer", {"outcome": "upheld", "reply": "维持"}
    )
    assert refused.status_code == 403


def test_R_DIS_1_a_person_page_shows_the_month_and_overall_conduct(
    clients: dict[str, TestClient], database_url: str
) -> None:
    me = number_of(database_url, "agent")
    data = clients["agent"].get(f"/api/v1/conduct/people/{me}").json()
    (month,) = data["months"]
    assert month["month"] == "2026-11"
    assert month["points"] == points_of(database_url, me)
    assert "综合工作表现 =" in month["steps"][0]["text"]
    page = clients["agent"].get(f"/conduct/people/{me}", params={"lang": "en"})
    assert "Overall conduct =" in page.text
    assert clients["leader"].get(f"/conduct/people/{me}").status_code == 200
    assert clients["qa"].get(f"/conduct/people/{me}").status_code == 404


def test_R_DIS_1_the_month_api_gives_the_close_figures(
    clients: dict[str, TestClient], database_url: str
) -> None:
    data = clients["hr"].get("/api/v1/conduct/months/2026-11").json()
    for person in data["people"]:
        assert person["points"] == points_of(database_url, person["employee_no"])
    mine = clients["agent"].get("/api/v1/conduct/months/2026-11").json()
    assert [p["employee_no"] for p in mine["people"]] == [number_of(database_url, "agent")]


def test_R_DIS_1_withdrawing_over_the_api_needs_a_reason(clients: dict[str, TestClient]) -> None:
    token = {"X-CSRF-Token": csrf_of(clients["hr"])}
    refused = clients["hr"].post("/api/v1/conduct/events/4/withdraw", json={}, headers=token)
    assert refused.status_code == 422
    done = clients["hr"].post(
        "/api/v1/conduct/events/4/withdraw", json={"reason": "误记"}, headers=token
    )
    assert done.status_code == 200
    assert done.json()["state"] == "withdrawn"


def test_the_catalogue_and_pages_render_in_chinese_and_english(
    clients: dict[str, TestClient],
) -> None:
    for path in ("/conduct", "/conduct/rules", "/conduct/record", "/conduct/events/2"):
        zh = clients["leader"].get(path)
        en = clients["leader"].get(path, params={"lang": "en"})
        assert zh.status_code == en.status_code == 200, path
    assert "扣分标准" in clients["leader"].get("/conduct/rules").text
    assert "Conduct rules" in clients["leader"].get("/conduct/rules?lang=en").text


def test_every_conduct_template_string_has_english_words() -> None:
    from kefu.web.i18n import EN

    found: set[str] = set()
    for template in [*TEMPLATES.glob("conduct_*.html"), TEMPLATES / "_conduct_table.html"]:
        found |= set(re.findall(r't\("([^"]+)"', template.read_text(encoding="utf-8")))
    missing = sorted(text for text in found if text not in EN)
    assert missing == []
    assert set(WORDS) <= set(EN)
