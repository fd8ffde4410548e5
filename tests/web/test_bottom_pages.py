"""Bottom elimination in the browser and over the JSON API (R-BOT-1, R-PUB-1, R-PRV-1).

The demo center after its closes of 2026-04..10: 肖浩桂 (1008) has been in the last two from
August to October and the demo opened his standby case; 邓刚 (1043) is in the last two of
October for the first time. The server's day is fixed (the notice is counted from it); expected
figures come from the service on the same database, never written into the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.db import engine_for, unit_of_work
from kefu.elimination import case_service as bottom_cases
from kefu.elimination.service import bottom_list
from kefu.web import pages_elimination
from kefu.web.app import create_app
from kefu.web.i18n import EN
from tests.web import csrf_of, make_demo_database, sign_in

DAY = date(2026, 11, 2)  # the demo's today, a Monday: a 3-day notice runs 2, 3, 4 November
DUE, FIRST_TIME = "1008", "1043"
TEMPLATES = Path(pages_elimination.__file__).parent / "templates"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_elimination, "today", lambda: DAY)
        yield make_demo_database(tmp_path_factory.mktemp("web_bottom"))


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


def demo_case(url: str) -> int:
    """The standby case the demo opened for 1008."""
    with unit_of_work(engine_for(url)) as session:
        return next(c.id for c in bottom_cases.all_cases(session) if c.subject_no == DUE)


def version_of(url: str, case_id: int) -> int:
    with unit_of_work(engine_for(url)) as session:
        return bottom_cases.get_case(session, case_id).version


def post(client: TestClient, path: str, data: dict[str, object]) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return sent


def test_R_BOT_1_the_list_shows_the_newest_closed_months_last_places(
    clients: dict[str, TestClient], database_url: str
) -> None:
    page = clients["hr"].get("/bottom")
    assert page.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        expected = bottom_list(session, today=DAY)
    assert str(expected.month) == "2026-10"
    rows = re.findall(r'<tr data-person="(\d+)">', page.text)
    assert rows == [e.employee_no for e in expected.in_last] == [DUE, FIRST_TIME]
    assert "连续 3 个月(2026-08、2026-09、2026-10)排名末位:应接受待岗培训" in page.text
    assert "2026-10 在 91 人中排第 91 名" in page.text
    english = clients["hr"].get("/bottom?lang=en")
    assert "Bottom list" in english.text and "due for standby retraining" in english.text


def test_R_BOT_1_an_earlier_month_lists_its_own_last_places(
    clients: dict[str, TestClient],
) -> None:
    june = clients["manager"].get("/bottom", params={"month": "2026-06"}).text
    assert re.findall(r'<tr data-person="(\d+)">', june) == [DUE, "1031"]
    # 周玲 (1031) was due in June but has left since: nobody can open a case for her
    assert 'data-due="1031"' not in june
    missing = clients["hr"].get("/bottom", params={"month": "2030-01"})
    assert missing.status_code == 404 and "尚未结算" in missing.text


def test_R_PRV_1_a_team_leader_sees_their_team_and_agents_see_no_list(
    clients: dict[str, TestClient],
) -> None:
    leader = clients["leader"].get("/bottom").text
    assert re.findall(r'<tr data-person="(\d+)">', leader) == [DUE]  # 客服一部1组 only
    assert clients["leader"].get(f"/bottom/people/{DUE}").status_code == 200
    assert clients["leader"].get(f"/bottom/people/{FIRST_TIME}").status_code == 404
    for who in ("agent", "qa"):
        assert clients[who].get("/bottom").status_code == 403
        assert clients[who].get("/api/v1/bottom").status_code == 403
    assert 'action="/bottom/standby"' not in leader  # leaders read, HR opens


def test_R_BOT_1_one_persons_page_explains_every_month(clients: dict[str, TestClient]) -> None:
    page = clients["hr"].get(f"/bottom/people/{DUE}")
    assert page.status_code == 200
    months = re.findall(r'<tr data-month="(\d{4}-\d{2})"', page.text)
    assert months == [f"2026-{m:02d}" for m in range(4, 11)]
    assert "未参加排名: 试用期" in page.text  # April: still on probation
    assert "2026-07 在 82 人中排第 80 名:不在后 2 名" in page.text
    assert "2026-07 起此前连续 2 个月的末位中断" in page.text


def test_R_BOT_1_the_api_lists_and_refuses_as_the_pages_do(
    clients: dict[str, TestClient],
) -> None:
    listed = clients["hr"].get("/api/v1/bottom").json()
    assert listed["month"] == "2026-10" and listed["places"] == 2 and listed["needed"] == 3
    first = next(e for e in listed["in_last"] if e["employee_no"] == FIRST_TIME)
    assert first["run_length"] == 1 and first["due"] is None
    person = clients["hr"].get(f"/api/v1/bottom/people/{DUE}", params={"lang": "en"}).json()
    assert person["due"] == "standby" and person["due_months"] == ["2026-08", "2026-09", "2026-10"]
    assert any("due for standby retraining" in s["text"] for s in person["explanation"])
    hr = {"X-CSRF-Token": csrf_of(clients["hr"])}
    refused = clients["hr"].post(
        "/api/v1/bottom/standby", json={"employee_no": FIRST_TIME}, headers=hr
    )
    assert refused.status_code == 400 and "R-BOT-1" in refused.json()["detail"]
    again = clients["hr"].post("/api/v1/bottom/standby", json={"employee_no": DUE}, headers=hr)
    assert again.status_code == 400 and "已有正在办理的案件" in again.json()["detail"]
    by_manager = clients["manager"].post(
        "/api/v1/bottom/standby",
        json={"employee_no": DUE},
        headers={"X-CSRF-Token": csrf_of(clients["manager"])},
    )
    assert by_manager.status_code == 403


def test_R_BOT_1_the_page_refuses_a_standby_case_for_someone_not_due(
    clients: dict[str, TestClient],
) -> None:
    refused = post(clients["hr"], "/bottom/standby", {"employee_no": FIRST_TIME})
    assert refused.status_code == 400
    assert "不符合待岗培训的条件 (R-BOT-1)" in refused.text


def test_R_BOT_1_the_demo_case_from_approval_to_return(
    clients: dict[str, TestClient], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = demo_case(database_url)
    path = f"/bottom/standby/{case_id}"
    waiting = clients["manager"].get(path).text
    assert "待经理审批" in waiting and 'name="decision"' in waiting
    assert "培训计划：弱项" in waiting and "中心平均" in waiting
    assert clients["agent"].get(path).status_code == 404  # not public before the notice
    decided = post(
        clients["manager"],
        f"/bottom/cases/{case_id}/decision",
        {
            "decision": "approve",
            "opinion": "同意待岗培训",
            "version": version_of(database_url, case_id),
        },
    )
    assert decided.status_code == 303 and decided.headers["location"].endswith("done=decided")
    public = clients["agent"].get(path)
    assert public.status_code == 200 and "2026-11-02 — 2026-11-04" in public.text
    assert "培训计划：弱项" not in public.text  # the plan stays with the person and managers
    objected = post(clients["agent"], f"/bottom/cases/{case_id}/objections", {"text": "请复核"})
    assert objected.status_code == 303
    hr_page = clients["hr"].get(path).text
    objection = re.search(r'data-objection="(\d+)"', hr_page)
    assert objection is not None
    answered = post(
        clients["hr"],
        f"/bottom/objections/{objection.group(1)}/answer",
        {"outcome": "dismissed", "finding": "排名复核无误", "reply": "维持原决定"},
    )
    assert answered.status_code == 303
    too_early = post(clients["hr"], f"/bottom/cases/{case_id}/final", {})
    assert too_early.status_code == 400 and "2026-11-04" in too_early.text
    monkeypatch.setattr(pages_elimination, "today", lambda: date(2026, 11, 5))
    final = post(clients["hr"], f"/bottom/cases/{case_id}/final", {})
    assert final.status_code == 303
    page = clients["hr"].get(path).text
    assert "2026-12-01 至 2026-12-31" in page and "只发基本工资" in page
    monkeypatch.setattr(pages_elimination, "today", lambda: date(2026, 12, 30))
    passed = post(
        clients["hr"],
        f"/bottom/standby/{case_id}/re-entry",
        {"score": "88", "version": version_of(database_url, case_id)},
    )
    assert passed.status_code == 303
    page = clients["hr"].get(path).text
    assert "自 2027-01-01 起重新上岗" in page  # the exam came before the standby ended
    shown = clients["hr"].get(f"/api/v1/bottom/cases/{case_id}").json()
    assert shown["standby"]["outcome"] == "returned" and shown["exams"][0]["passed"]


def test_every_bottom_template_text_has_an_english_translation() -> None:
    used = {
        text
        for template in TEMPLATES.glob("bottom_*.html")
        for text in re.findall(r"""\bt\(\s*["']([^"']+)["']""", template.read_text("utf-8"))
    }
    assert used
    assert sorted(used - EN.keys()) == []
