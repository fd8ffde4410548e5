"""The career pages: the ladder, my next level, eligible staff, a promotion case through its
reviews, notice, objection and answer, the inbox, and the JSON API of the same.

The demo center's figures (业绩指标) make its agent account eligible for the next level;
expected figures come from the promotion service on the same database, never from the test.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kefu.accounts.service import users
from kefu.careers import promotion_service as promotion
from kefu.db import engine_for, unit_of_work
from kefu.people import service as people
from kefu.web import pages_careers
from kefu.web.app import create_app
from tests.web import csrf_of, make_demo_database, sign_in

ROLES = ("agent", "leader", "qa", "hr", "manager", "admin")
APPLY_DAY = date(2026, 11, 24)  # November: an application month of the demo policy


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_careers"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    out = {}
    for role in ROLES:
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        out[role] = sign_in(client, role)
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[date]]:
    """The pages' today, settable by the test (a list so a test can move it on)."""
    day = [APPLY_DAY]
    monkeypatch.setattr(pages_careers, "today", lambda: day[0])
    yield day


def text_of(page: str) -> str:
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def agent_no(database_url: str) -> str:
    with unit_of_work(engine_for(database_url)) as session:
        linked = {u.username: u.employee_no for u in users(session)}
    assert linked["agent"]
    return linked["agent"]


def post(client: TestClient, url: str, **data: object) -> object:
    return client.post(url, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False)


def test_the_ladder_shows_five_levels_with_duties_and_the_demo_conditions(
    clients: dict[str, TestClient], on_day: list[date]
) -> None:
    page = clients["agent"].get("/careers")
    assert page.status_code == 200
    words = text_of(page.text)
    for level in ("初级客服", "中级客服", "高级客服", "客服主管", "客服经理"):
        assert level in words
    assert "岗位职责" in words and "任职要求" in words
    assert "申请月份 5、11" in words
    english = clients["agent"].get("/careers?lang=en")
    assert "Career ladder" in english.text and "Duties" in english.text


def test_R_PRO_1_my_next_level_shows_each_condition_with_my_figure(
    clients: dict[str, TestClient], database_url: str, on_day: list[date]
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        expected = promotion.standing(session, agent_no(database_url), APPLY_DAY)
    assert expected.check is not None
    page = clients["agent"].get("/careers/me")
    words = text_of(page.text)
    assert f"晋升 {expected.check.target.name} 的条件" in words
    rows = re.findall(r'<tr data-condition="(\w+)">(.*?)</tr>', page.text, re.S)
    assert [code for code, _ in rows] == [c.code for c in expected.check.conditions]
    for (_, row), condition in zip(rows, expected.check.conditions, strict=True):
        if condition.figure is not None:
            assert html.escape(condition.figure) in row
    assert "提交晋升申请" in words  # November is an application month


def test_R_PRO_2_outside_the_application_months_there_is_no_form(
    clients: dict[str, TestClient], on_day: list[date]
) -> None:
    on_day[0] = date(2026, 10, 15)
    page = clients["agent"].get("/careers/me").text
    assert 'action="/careers/apply"' not in page
    assert "R-PRO-2" in text_of(page)


def test_an_account_without_a_staff_number_has_no_ladder_of_its_own(
    clients: dict[str, TestClient], on_day: list[date]
) -> None:
    assert clients["admin"].get("/careers/me").status_code == 403  # admin has no careers view
    assert clients["admin"].get("/careers/eligible").status_code == 403


def test_the_eligible_list_is_for_leaders_hr_and_managers(
    clients: dict[str, TestClient], database_url: str, on_day: list[date]
) -> None:
    assert clients["agent"].get("/careers/eligible").status_code == 403
    page = clients["manager"].get("/careers/eligible")
    assert page.status_code == 200
    assert f'data-employee="{agent_no(database_url)}"' in page.text.split('class="close"')[0]
    api = clients["hr"].get("/api/v1/careers/eligible").json()
    assert agent_no(database_url) in [r["employee_no"] for r in api["eligible"]]


def test_R_PRO_3_a_decision_on_a_case_that_moved_is_a_conflict_and_the_applicant_withdraws(
    clients: dict[str, TestClient], on_day: list[date]
) -> None:
    headers = {name: {"X-CSRF-Token": csrf_of(c)} for name, c in clients.items()}
    applied = clients["agent"].post(
        "/api/v1/promotions",
        json={"achievements": "业绩", "growth": "成长", "plan": "规划"},
        headers=headers["agent"],
    )
    assert applied.status_code == 201, applied.text
    case_id = applied.json()["id"]
    first = clients["leader"].post(
        f"/api/v1/promotions/{case_id}/decision",
        json={"decision": "approve", "opinion": "同意", "version": 1},
        headers=headers["leader"],
    )
    assert first.status_code == 200 and first.json()["state"] == "hr_review"
    late = clients["hr"].post(
        f"/api/v1/promotions/{case_id}/decision",
        json={"decision": "approve", "opinion": "同意", "version": 1},
        headers=headers["hr"],
    )
    assert late.status_code == 409 and "已被他人处理" in late.json()["detail"]
    withdrawn = post(clients["agent"], f"/promotions/{case_id}/withdraw")
    assert withdrawn.status_code == 303  # type: ignore[attr-defined]
    assert clients["agent"].get(f"/api/v1/promotions/{case_id}").json()["state"] == "withdrawn"


def test_R_PRO_3_a_case_through_three_reviews_an_objection_and_final(
    clients: dict[str, TestClient], database_url: str, on_day: list[date]
) -> None:
    agent = clients["agent"]
    applied = post(
        agent,
        "/careers/apply",
        achievements="连续三个月满意度 98 分",
        growth="独立处理升级投诉",
        plan="带教新人",
    )
    assert applied.status_code == 303  # type: ignore[attr-defined]
    case_url = applied.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    case_id = int(case_url.rsplit("/", 1)[1])
    # the agent's own page lists the case; a second application is refused on the page
    assert "您已有一份正在办理的申请" in agent.get("/careers/me").text
    # the reviewers in turn, each from their inbox
    for role in ("leader", "hr", "manager"):
        inbox = clients[role].get("/inbox")
        assert f'data-case="{case_id}"' in inbox.text, role
        version = re.search(r'name="version" value="(\d+)"', clients[role].get(case_url).text)
        assert version is not None, role
        extra = {"interview_score": "88"} if role == "hr" else {}
        done = post(
            clients[role],
            f"{case_url}/decision",
            decision="approve",
            opinion=f"{role} 同意",
            version=version.group(1),
            **extra,
        )
        assert done.status_code == 303, role  # type: ignore[attr-defined]
    page = agent.get(case_url)
    assert "公示中" in text_of(page.text)
    # 3 working days from Tuesday 24 November 2026
    assert "2026-11-24 — 2026-11-26" in text_of(page.text)
    # the QA colleague objects on the last notice day; HR answers; then it becomes final
    on_day[0] = date(2026, 11, 26)
    assert "申诉理由" in clients["qa"].get(case_url).text
    objected = post(clients["qa"], f"{case_url}/objections", text="请核实十月的投诉记录")
    assert objected.status_code == 303  # type: ignore[attr-defined]
    on_day[0] = date(2026, 11, 27)
    hr_page = clients["hr"].get(case_url).text
    objection = re.search(r"/promotions/objections/(\d+)/answer", hr_page)
    assert objection is not None
    answered = post(
        clients["hr"],
        objection.group(0),
        outcome="dismissed",
        finding="十月无有效投诉",
        reply="经核实，投诉已撤销",
    )
    assert answered.status_code == 303  # type: ignore[attr-defined]
    final = post(clients["hr"], f"{case_url}/final")
    assert final.status_code == 303  # type: ignore[attr-defined]
    words = text_of(agent.get(case_url).text)
    assert "已生效" in words and "2026-12-01" in words and "晋升培训计划" in words
    with unit_of_work(engine_for(database_url)) as session:
        levels = [
            (r.effective_on, r.level) for r in people.records_of(session, agent_no(database_url))
        ]
    assert levels[-1] == (date(2026, 12, 1), "中级客服")
    api = agent.get(f"/api/v1/promotions/{case_id}?lang=en").json()
    assert api["state"] == "final" and api["state_name"] == "final"
    assert [a["action"] for a in api["actions"]][-1] == "finalize"


def test_only_reviewers_decide_and_an_agent_cannot_see_a_colleagues_case(
    clients: dict[str, TestClient], on_day: list[date]
) -> None:
    applied = clients["agent"].post(
        "/api/v1/promotions",
        json={"achievements": "业绩", "growth": "成长", "plan": "规划"},
        headers={"X-CSRF-Token": csrf_of(clients["agent"])},
    )
    assert applied.status_code == 201, applied.text
    case_id = applied.json()["id"]
    decided = post(
        clients["agent"],
        f"/promotions/{case_id}/decision",
        decision="approve",
        opinion="x",
        version=1,
    )
    assert decided.status_code == 403  # type: ignore[attr-defined]
    assert clients["qa"].get(f"/promotions/{case_id}").status_code == 404  # not on notice
    assert clients["hr"].get(f"/promotions/{case_id}").status_code == 200
    withdrawn = post(clients["agent"], f"/promotions/{case_id}/withdraw")
    assert withdrawn.status_code == 303  # type: ignore[attr-defined]


def test_the_inbox_and_notices_in_english(
    clients: dict[str, TestClient], on_day: list[date]
) -> None:
    page = clients["hr"].get("/inbox?lang=en")
    assert page.status_code == 200
    assert "Inbox" in page.text and "On public notice" in page.text
