"""The team-leader election in the browser and over the JSON API (R-ELE-1, R-PUB-1, R-PRV-1).

The demo center's people stand for 客服一部2组: the demo agent signs up, HR adds a colleague,
enters the scores, submits; a manager approves the notice. Expected scores come from the
election service on the same database, never written into the test. The server's day is
fixed (the notice and the probation are counted from it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.accounts.service import users
from kefu.careers import election_service as elections
from kefu.db import engine_for, unit_of_work
from kefu.explain.trace import score_text
from kefu.people import service as people
from kefu.web import pages_election
from kefu.web.app import create_app
from tests.web import csrf_of, make_demo_database, sign_in

DAY = date(2026, 11, 24)  # a Tuesday: the notice runs 24, 25, 26 November
DEPARTMENT, TEAM = "客服一部", "客服一部2组"


@dataclass(frozen=True)
class People:
    agent: str  # the demo agent (客服一部1组), regular: signs up
    colleague: str  # a regular agent of 客服一部2组: HR adds them
    newcomer: str  # someone on probation: may not stand


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_election, "today", lambda: DAY)
        yield make_demo_database(tmp_path_factory.mktemp("web_election"))


@pytest.fixture(scope="module")
def who(database_url: str) -> People:
    with unit_of_work(engine_for(database_url)) as session:
        roster = dict(people.roster(session))
        linked = {u.username: u.employee_no for u in users(session)}
    agent = linked["agent"]
    assert agent is not None
    colleague = next(
        no
        for no, r in sorted(roster.items())
        if (r.department, r.team, r.role, r.status) == (DEPARTMENT, TEAM, "csr", "regular")
    )
    newcomer = next(no for no, r in sorted(roster.items()) if r.status == "probation")
    return People(agent, colleague, newcomer)


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


def client_for(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app, base_url="https://testserver")
    client.__enter__()
    return sign_in(client, username)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {name: client_for(app, name) for name in ("agent", "hr", "manager", "leader")}
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def version_of(url: str, case_id: int) -> int:
    with unit_of_work(engine_for(url)) as session:
        return elections.get_election(session, case_id).version


def post(client: TestClient, path: str, data: dict[str, object]) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return sent


SCORES = {
    "ability": "88",
    "pm": "60, 62",
    "interviews": "面试官甲 80\n面试官乙：84",
    "manager": "90",
    "peers": "同事甲 70\n同事乙 90\n同事丙 80",
}


@pytest.fixture(scope="module")
def election(database_url: str, clients: dict[str, TestClient], who: People) -> int:
    """An election for 客服一部2组 with the agent signed up and HR's colleague added, scored."""
    hr = clients["hr"]
    opened = post(hr, "/elections", {"department": DEPARTMENT, "team": TEAM, "title": ""})
    assert opened.status_code == 303, opened.text
    location = opened.headers["location"]
    found = re.search(r"/elections/(\d+)\?done=opened", location)
    assert found is not None, location
    case_id = int(found.group(1))
    signed = post(
        clients["agent"],
        f"/elections/{case_id}/sign-up",
        {"version": version_of(database_url, case_id)},
    )
    assert signed.status_code == 303
    added = post(
        hr,
        f"/elections/{case_id}/candidates",
        {"version": version_of(database_url, case_id), "employee_no": who.colleague},
    )
    assert added.status_code == 303
    saved = post(
        hr,
        f"/elections/{case_id}/candidates/{who.agent}/scores",
        {"version": version_of(database_url, case_id), **SCORES},
    )
    assert saved.status_code == 303, saved.text
    return case_id


def test_R_ELE_1_the_election_pages_render_in_chinese_and_english(
    clients: dict[str, TestClient], election: int
) -> None:
    hr = clients["hr"]
    listing = hr.get("/elections")
    assert listing.status_code == 200
    assert f'href="/elections/{election}"' in listing.text and TEAM in listing.text
    page = hr.get(f"/elections/{election}")
    assert page.status_code == 200
    assert "组长竞聘" in page.text and "待评分录入" in page.text
    assert "PM成绩: 60、62 共 2 项，平均 61.00" in page.text  # the PM band, in words
    english = hr.get(f"/elections/{election}", params={"lang": "en"})
    assert english.status_code == 200
    assert "awaiting scoring" in english.text
    assert "PM score: 60, 62 (2 scores, mean 61.00), in the band from 60" in english.text
    assert "lang=en" in hr.get("/elections", params={"lang": "en"}).text


def test_R_PRV_1_an_agent_may_not_enter_scores_but_hr_may(
    database_url: str, clients: dict[str, TestClient], election: int, who: People
) -> None:
    seen = version_of(database_url, election)
    refused = post(
        clients["agent"],
        f"/elections/{election}/candidates/{who.colleague}/scores",
        {"version": seen, **SCORES},
    )
    assert refused.status_code == 403
    by_manager = post(
        clients["manager"],
        f"/elections/{election}/candidates/{who.colleague}/scores",
        {"version": seen, **SCORES},
    )
    assert by_manager.status_code == 403
    assert version_of(database_url, election) == seen
    saved = post(
        clients["hr"],
        f"/elections/{election}/candidates/{who.colleague}/scores",
        {"version": seen, **SCORES, "ability": "75"},
    )
    assert saved.status_code == 303
    assert version_of(database_url, election) == seen + 1
    stale = post(
        clients["hr"],
        f"/elections/{election}/candidates/{who.colleague}/scores",
        {"version": seen, **SCORES},
    )
    assert stale.status_code == 409
    assert "已被他人处理" in stale.text


def test_R_ELE_1_a_candidate_on_probation_is_refused_on_the_page(
    database_url: str, clients: dict[str, TestClient], election: int, who: People
) -> None:
    refused = post(
        clients["hr"],
        f"/elections/{election}/candidates",
        {"version": version_of(database_url, election), "employee_no": who.newcomer},
    )
    assert refused.status_code == 400
    assert "只有转正员工才能参加组长竞聘" in refused.text


def test_R_PRV_1_before_the_notice_a_candidate_sees_only_their_own_scores(
    clients: dict[str, TestClient], election: int, who: People
) -> None:
    page = clients["agent"].get(f"/elections/{election}").text
    assert f'data-candidate="{who.agent}"' in page
    assert f'data-candidate="{who.colleague}"' not in page
    assert "面试官甲" not in page  # the interviewers' names stay with HR
    assert "人中排第" not in page  # nor where the candidate stands among the others
    outsider = clients["leader"].get(f"/elections/{election}").text
    assert 'data-candidate="' not in outsider
    assert "评分与排名在公示时公开" in outsider


def test_R_ELE_1_the_json_api_returns_the_ranking_with_its_explanation(
    database_url: str, clients: dict[str, TestClient], election: int, who: People
) -> None:
    answer = clients["hr"].get(f"/api/v1/elections/{election}", params={"lang": "en"})
    assert answer.status_code == 200
    body = answer.json()
    with unit_of_work(engine_for(database_url)) as session:
        expected = elections.standing(session, elections.get_election(session, election))
    assert [r["employee_no"] for r in body["ranking"]] == [r.employee_no for r in expected.ranked]
    for row, ranked in zip(body["ranking"], expected.ranked, strict=True):
        assert row["score"] == score_text(ranked.score)
        assert row["rank"] == ranked.rank
        assert [s["code"] for s in row["explanation"]] == [s.code for s in ranked.steps]
    mine = next(r for r in body["ranking"] if r["employee_no"] == who.agent)
    assert any("in the band" in s["text"] for s in mine["explanation"])
    listed = clients["agent"].get("/api/v1/elections").json()
    assert any(row["id"] == election for row in listed)
    own = clients["agent"].get(f"/api/v1/elections/{election}").json()
    assert [r["employee_no"] for r in own["ranking"]] == [who.agent]
    assert own["ranking"][0]["scores"]["interviews"] == [
        {"who": None, "score": "80"},
        {"who": None, "score": "84"},
    ]


def test_R_PUB_1_and_R_ELE_1_through_the_notice_to_final_and_the_leaders_probation(
    database_url: str,
    clients: dict[str, TestClient],
    election: int,
    who: People,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One journey (its steps need each other, so one test): the API takes the election to its
    notice, an objection is answered after it, the winner serves a probation a manager decides."""
    hr, manager = clients["hr"], clients["manager"]
    headers = {"X-CSRF-Token": csrf_of(hr)}
    scores = {
        "ability": 70,
        "pm_scores": ["59.5"],
        "interviews": [{"name": "面试官甲", "score": 60}],
        "manager_score": "65",
        "peers": [{"name": "同事甲", "score": 70}],
    }
    put = hr.put(
        f"/api/v1/elections/{election}/candidates/{who.colleague}/scores",
        json={"version": version_of(database_url, election), **scores},
        headers=headers,
    )
    assert put.status_code == 200, put.text
    submitted = hr.post(
        f"/api/v1/elections/{election}/decision",
        json={
            "version": version_of(database_url, election),
            "decision": "approve",
            "opinion": "成绩已核对",
        },
        headers=headers,
    )
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["state"] == "approval"
    approved = manager.post(
        f"/api/v1/elections/{election}/decision",
        json={
            "version": version_of(database_url, election),
            "decision": "approve",
            "opinion": "同意，公示",
        },
        headers={"X-CSRF-Token": csrf_of(manager)},
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["state"] == "notice"
    assert (body["notice_first_day"], body["notice_last_day"]) == ("2026-11-24", "2026-11-26")
    assert body["result"]["winner"] == who.agent
    public = clients["leader"].get(f"/elections/{election}").text  # on notice: everyone sees
    assert f'data-candidate="{who.colleague}"' in public and "面试官甲" not in public
    objected = clients["leader"].post(
        f"/api/v1/elections/{election}/objections",
        json={"text": "同事打分人数偏少"},
        headers={"X-CSRF-Token": csrf_of(clients["leader"])},
    )
    assert objected.status_code == 201, objected.text
    early = hr.post(f"/api/v1/elections/{election}/final", headers=headers)
    assert early.status_code == 400 and "2026-11-26" in early.json()["detail"]

    # after the notice: HR answers the objection, makes it final; the probation follows
    monkeypatch.setattr(pages_election, "today", lambda: date(2026, 11, 27))
    page = hr.get(f"/elections/{election}").text
    objection = re.search(r'data-objection="(\d+)"', page)
    assert objection is not None
    answered = post(
        hr,
        f"/elections/objections/{objection.group(1)}/answer",
        {"outcome": "dismissed", "finding": "同事打分共 3 人，符合要求", "reply": "排名不变"},
    )
    assert answered.status_code == 303, answered.text
    final = post(hr, f"/elections/{election}/final", {})
    assert final.status_code == 303, final.text
    shown = manager.get(f"/elections/{election}").text
    assert "自 2026-11-28 起任 客服一部2组 业务组长" in shown
    assert "试用期到 2026-12-27 才结束" in shown
    assert manager.get(f"/elections/{election}", params={"lang": "en"}).status_code == 200
    early = post(
        manager,
        f"/elections/{election}/probation",
        {"version": version_of(database_url, election), "outcome": "confirmed"},
    )
    assert early.status_code == 400 and "试用期到 2026-12-27 才结束" in early.text
    monkeypatch.setattr(pages_election, "today", lambda: date(2026, 12, 28))
    confirmed = post(
        manager,
        f"/elections/{election}/probation",
        {"version": version_of(database_url, election), "outcome": "confirmed", "reason": "称职"},
    )
    assert confirmed.status_code == 303, confirmed.text
    assert "试用期结论" in manager.get(f"/elections/{election}").text
    with unit_of_work(engine_for(database_url)) as session:
        record = people.current_record(session, who.agent)
        assert record is not None and (record.role, record.team) == ("team_leader", TEAM)
    everyone = clients["leader"].get(f"/elections/{election}").text
    assert "起任 客服一部2组 业务组长" in everyone and "称职" not in everyone
