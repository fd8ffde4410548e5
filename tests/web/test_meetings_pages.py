"""Meetings and handovers in the browser and over the JSON API (R-MTG-1, R-PRV-1).

The demo center holds the demo leader's team's pre- and post-shift meetings of 2026-11-02, a
neighbouring team's pre-shift meeting, the department's weekly meeting of Friday 2026-10-30
with one follow-up done and one open, and two handovers (one acknowledged). The server's date
is fixed at 2026-11-10 by the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.accounts.service import get_user, viewer_of
from kefu.db import engine_for, unit_of_work
from kefu.meetings import service as meetings
from kefu.web import pages_meetings
from kefu.web.app import create_app
from tests.web import csrf_of, make_demo_database, sign_in

NOW = datetime(2026, 11, 10, 10, 0)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_meetings, "now", lambda: NOW)
        yield make_demo_database(tmp_path_factory.mktemp("web_meetings"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("agent", "leader", "qa", "manager"):
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


def seen_ids(database_url: str, username: str) -> list[int]:
    with unit_of_work(engine_for(database_url)) as session:
        viewer = viewer_of(session, get_user(session, username))
        return [m.id for m in meetings.meetings(session, viewer)]


def test_R_PRV_1_the_meetings_list_shows_what_the_service_lets_each_role_see(
    clients: dict[str, TestClient], database_url: str
) -> None:
    for name in ("agent", "leader", "manager"):
        page = clients[name].get("/meetings")
        assert page.status_code == 200
        shown = [int(x) for x in re.findall(r'data-meeting="(\d+)"', page.text)]
        assert shown == seen_ids(database_url, name)
    assert len(seen_ids(database_url, "agent")) < len(seen_ids(database_url, "manager"))


def test_R_MTG_1_the_pre_shift_meeting_page_explains_its_start(
    clients: dict[str, TestClient],
) -> None:
    page = clients["agent"].get("/meetings/1")
    assert page.status_code == 200
    assert "班前会" in page.text and "提前 15 分钟" in page.text
    assert "meeting_attendance" not in page.text and "/attendance" not in page.text
    english = clients["agent"].get("/meetings/1?lang=en")
    assert "Pre-shift meeting" in english.text and "15 minutes" in english.text


def test_R_MTG_1_the_weekly_meeting_shows_one_follow_up_done_and_one_open(
    clients: dict[str, TestClient],
) -> None:
    rows = clients["manager"].get("/api/v1/meetings?kind=weekly").json()
    assert [r["held_on"] for r in rows] == ["2026-10-30"]
    detail = clients["manager"].get(f"/api/v1/meetings/{rows[0]['id']}").json()
    assert sorted(f["status"] for f in detail["follow_ups"]) == ["done", "open"]
    assert detail["chair_no"] and len(detail["attendees"]) >= 4


def test_R_MTG_1_the_open_follow_up_is_overdue_and_its_owner_marks_it_done(
    clients: dict[str, TestClient],
) -> None:
    due = clients["leader"].get("/api/v1/meetings/follow-ups").json()
    mine = [f for f in due if f["meeting"]["kind"] == "weekly"]
    assert len(mine) == 1 and mine[0]["overdue"]  # due 11-06, today 11-10
    assert "逾期" in clients["leader"].get("/meetings/follow-ups").text
    sent = post(
        clients["leader"],
        f"/meetings/follow-ups/{mine[0]['id']}/done",
        {"done_on": "2026-11-09", "note": "已检查各组记录"},
    )
    assert sent.status_code == 303
    left = clients["leader"].get("/api/v1/meetings/follow-ups").json()
    assert mine[0]["id"] not in [f["id"] for f in left]


def test_R_MTG_1_a_leader_records_a_meeting_with_the_form(
    clients: dict[str, TestClient], database_url: str
) -> None:
    assert clients["leader"].get("/meetings/new").status_code == 200
    leader = clients["leader"].get("/api/v1/me").json()
    team = leader.get("team") or ""
    sent = post(
        clients["leader"],
        "/meetings",
        {
            "kind": "post_shift",
            "held_on": "2026-11-09",
            "shift_code": "C",
            "department": leader.get("department") or "",
            "team": team,
            "chair_no": leader["employee_no"],
            "topics": "本班小结\n明日目标",
            "attendees": f"{leader['employee_no']}\n",
            "follow_ups": f"回访 | {leader['employee_no']} |",
        },
    )
    assert sent.status_code == 303, sent.text
    meeting_id = int(sent.headers["location"].split("/meetings/")[1].split("?")[0])
    detail = clients["leader"].get(f"/api/v1/meetings/{meeting_id}").json()
    assert detail["starts_at"] == "18:00"  # C ends 18:00
    assert detail["follow_ups"][0]["due_on"] == "2026-11-16"


def test_R_MTG_1_a_refused_form_comes_back_with_the_message(
    clients: dict[str, TestClient],
) -> None:
    sent = post(
        clients["leader"],
        "/meetings",
        {"kind": "weekly", "held_on": "2026-11-09", "chair_no": "1001", "department": "别的部门"},
    )
    assert sent.status_code == 403
    assert 'role="alert"' in sent.text and "别的部门" in sent.text


def test_R_MTG_1_the_check_page_lists_missing_meetings_with_reasons(
    clients: dict[str, TestClient],
) -> None:
    page = clients["leader"].get("/meetings/check?start=2026-10-26&end=2026-11-02")
    assert page.status_code == 200
    assert "未召开" in page.text and "出勤率" in page.text
    data = clients["leader"].get("/api/v1/meetings/check?start=2026-10-26&end=2026-11-02").json()
    weekly = [e for e in data["expected"] if e["kind"] == "weekly"]
    assert [e["status"] for e in weekly] == ["held"]
    held = [e for e in data["expected"] if e["kind"] == "pre_shift" and e["status"] == "held"]
    assert [e["due_on"] for e in held] == ["2026-11-02"]


def test_R_MTG_1_the_pending_handover_is_acknowledged_by_a_leader_of_the_department(
    clients: dict[str, TestClient],
) -> None:
    pending = clients["leader"].get("/api/v1/handovers?pending=true").json()
    assert len(pending) == 1 and pending[0]["may_acknowledge"]
    missing_box = post(clients["leader"], f"/handovers/{pending[0]['id']}/ack", {})
    assert missing_box.status_code == 400  # a page form without its box: refused, not done
    sent = post(clients["leader"], f"/handovers/{pending[0]['id']}/ack", {"read": "yes"})
    assert sent.status_code == 303
    assert clients["leader"].get("/api/v1/handovers?pending=true").json() == []
    manager = clients["manager"]
    again = manager.post(
        f"/api/v1/handovers/{pending[0]['id']}/ack",
        json={},
        headers={"X-CSRF-Token": csrf_of(manager)},
    )
    assert again.status_code == 409


def test_R_PRV_1_agents_and_qa_cannot_open_handovers(clients: dict[str, TestClient]) -> None:
    assert clients["agent"].get("/handovers").status_code == 403
    assert clients["qa"].get("/api/v1/handovers").status_code == 403
