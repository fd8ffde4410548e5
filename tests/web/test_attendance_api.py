"""The JSON API of shifts, attendance, leave, comp time, pay and the calendar (/api/v1).

Same permissions and scopes as the pages; bearer tokens and sessions both work; errors are
{"detail": …}. Expected figures come from the services on the same database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kefu.accounts.service import create_api_token, users
from kefu.attendance import repository as attendance_repo
from kefu.attendance import service as attendance
from kefu.cli.attendance import ledger_json
from kefu.config import get_settings
from kefu.db import engine_for, unit_of_work
from kefu.demo import DEMO_TODAY
from kefu.explain.messages import render as render_step
from kefu.explain.trace import Step
from kefu.pay.service import person_pay
from kefu.pay.sheet import pay_sheet
from kefu.people import service as people
from kefu.periods import Month
from kefu.web import pages_attendance
from kefu.web.app import create_app
from tests.web import csrf_of, make_demo_database, sign_in

CYCLE = "2026-10"
ROLES = ("agent", "leader", "qa", "hr", "manager", "admin")


@dataclass(frozen=True)
class Team:
    """The demo people the tests visit."""

    agent: str
    leader: str
    qa: str
    teammate: str
    outsider: str


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_attendance_api"))


@pytest.fixture(scope="module")
def team(database_url: str) -> Team:
    with unit_of_work(engine_for(database_url)) as session:
        roster = dict(people.roster(session))
        linked = {u.username: u.employee_no for u in users(session)}
    agent, leader, qa = linked["agent"], linked["leader"], linked["qa"]
    assert agent and leader and qa
    home = roster[agent]
    teammate = next(
        no
        for no, r in sorted(roster.items())
        if no not in (agent, leader)
        and r.role == "csr"
        and (r.department, r.team) == (home.department, home.team)
        and r.status == "regular"
    )
    outsider = next(
        no
        for no, r in sorted(roster.items())
        if r.role == "csr" and r.department != home.department and r.status == "regular"
    )
    return Team(agent, leader, qa, teammate, outsider)


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """A client with a bearer token for each role (no cookie, no CSRF)."""
    with unit_of_work(app.state.engine) as session:
        tokens = {role: create_api_token(session, "tester", role, "tests") for role in ROLES}
    out = {}
    for role in ROLES:
        client = TestClient(
            app,
            base_url="https://testserver",
            headers={"Authorization": f"Bearer {tokens[role]}"},
        )
        client.__enter__()
        out[role] = client
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


@pytest.fixture
def demo_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(pages_attendance, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


def rest_day_of(url: str, employee_no: str) -> date:
    """A day of the 2026-10 cycle on which the person has no shift."""
    with unit_of_work(engine_for(url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [employee_no])[employee_no]
        planned = attendance_repo.roster_between(session, setting.start, setting.end, [emp])
    worked = {d for d, _ in planned.get(emp, [])}
    day = setting.start
    while day in worked:
        day += timedelta(days=1)
    return day


def roster_of(url: str, employee_no: str, day: date) -> str | None:
    with unit_of_work(engine_for(url)) as session:
        emp = people.employee_ids(session, [employee_no])[employee_no]
        days = attendance_repo.roster_between(session, day, day, [emp]).get(emp, [])
    return days[0][1] if days else None


# ---------------------------------------------------------------- shifts


def test_shifts_are_cut_to_the_viewers_scope(clients: dict[str, TestClient], team: Team) -> None:
    mine = clients["agent"].get("/api/v1/shifts", params={"month": CYCLE})
    assert mine.status_code == 200
    assert [p["employee_no"] for p in mine.json()["people"]] == [team.agent]
    answer = clients["leader"].get("/api/v1/shifts", params={"month": CYCLE})
    led = {p["employee_no"] for p in answer.json()["people"]}
    assert {team.agent, team.teammate, team.leader} <= led and team.outsider not in led
    center = clients["hr"].get("/api/v1/shifts", params={"month": CYCLE}).json()
    assert {team.agent, team.outsider} <= {p["employee_no"] for p in center["people"]}


def test_shifts_give_the_cycle_the_shift_types_and_each_days_marks(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    found = clients["agent"].get("/api/v1/shifts", params={"month": CYCLE}).json()
    assert (found["start"], found["end"]) == ("2026-09-26", "2026-10-25")
    assert [s["code"] for s in found["shift_types"]] == ["R", "C", "W"]
    days = {d["date"]: d for d in found["days"]}
    assert len(days) == 30 and days["2026-10-01"]["statutory"] is True
    with unit_of_work(engine_for(database_url)) as session:
        emp = people.employee_ids(session, [team.agent])[team.agent]
        planned = attendance_repo.roster_between(
            session, date(2026, 9, 26), date(2026, 10, 25), [emp]
        )[emp]
    assert found["people"][0]["shifts"] == {d.isoformat(): code for d, code in planned}


def test_a_leader_puts_cells_and_the_roster_has_them(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    day = rest_day_of(database_url, team.teammate)
    answer = clients["leader"].put(
        "/api/v1/shifts",
        json={"cells": [{"employee_no": team.teammate, "day": day.isoformat(), "shift_code": "r"}]},
    )
    assert answer.status_code == 200
    assert answer.json() == {"cells": 1, "shifts": 1}
    assert roster_of(database_url, team.teammate, day) == "R"  # the policy's spelling
    rest = clients["leader"].put(
        "/api/v1/shifts",
        json={
            "cells": [{"employee_no": team.teammate, "day": day.isoformat(), "shift_code": None}]
        },
    )
    assert rest.json() == {"cells": 1, "shifts": 0}
    assert roster_of(database_url, team.teammate, day) is None


def test_a_bad_cell_is_a_422_and_no_cell_is_saved(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    day = rest_day_of(database_url, team.agent)
    answer = clients["leader"].put(
        "/api/v1/shifts",
        json={
            "cells": [
                {"employee_no": team.agent, "day": day.isoformat(), "shift_code": "C"},
                {"employee_no": team.teammate, "day": day.isoformat(), "shift_code": "X9"},
            ]
        },
    )
    assert answer.status_code == 422
    assert "不是政策中的班次" in answer.json()["detail"]
    assert roster_of(database_url, team.agent, day) is None


def test_cells_of_someone_outside_the_scope_are_a_404(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    day = rest_day_of(database_url, team.outsider)
    cell = {"employee_no": team.outsider, "day": day.isoformat(), "shift_code": "C"}
    assert clients["leader"].put("/api/v1/shifts", json={"cells": [cell]}).status_code == 404
    assert clients["agent"].put("/api/v1/shifts", json={"cells": [cell]}).status_code == 403
    assert roster_of(database_url, team.outsider, day) is None


def test_a_session_put_needs_the_csrf_header(app: FastAPI, team: Team, database_url: str) -> None:
    day = rest_day_of(database_url, team.teammate)
    body = {"cells": [{"employee_no": team.teammate, "day": day.isoformat(), "shift_code": "C"}]}
    with TestClient(app, base_url="https://testserver") as browser:
        sign_in(browser, "leader")
        assert browser.put("/api/v1/shifts", json=body).status_code == 403
        ok = browser.put("/api/v1/shifts", json=body, headers={"X-CSRF-Token": csrf_of(browser)})
        assert ok.status_code == 200


# ---------------------------------------------------------------- attendance


def test_attendance_gives_the_days_and_the_totals_of_the_service(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    answer = clients["leader"].get(f"/api/v1/attendance/{team.agent}", params={"month": CYCLE})
    assert answer.status_code == 200
    found = answer.json()
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [team.agent])[team.agent]
        cycle = attendance.cycle_attendance(session, setting, [emp])[emp]
    assert Decimal(found["totals"]["counted_hours"]) == cycle.counted_hours
    assert found["totals"]["night_shifts"] == cycle.night_shifts
    assert Decimal(found["standard_hours"]) == setting.standard_hours
    rostered = [d for d in found["days"] if d["shift"] is not None and d["in_cycle"]]
    assert [d["day"] for d in rostered] == [o.day.isoformat() for o in cycle.days if o.in_cycle]
    assert all(s["rule"].startswith("R-") for d in rostered for s in d["steps"])


def test_attendance_outside_the_scope_is_a_404(clients: dict[str, TestClient], team: Team) -> None:
    params = {"month": CYCLE}
    assert (
        clients["agent"].get(f"/api/v1/attendance/{team.teammate}", params=params).status_code
        == 404
    )
    assert (
        clients["leader"].get(f"/api/v1/attendance/{team.outsider}", params=params).status_code
        == 404
    )
    assert (
        clients["admin"].get(f"/api/v1/attendance/{team.agent}", params=params).status_code == 403
    )


# ---------------------------------------------------------------- leave


def test_a_request_approved_through_the_api_shows_in_the_attendance(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [team.agent])[team.agent]
        before = attendance.cycle_attendance(session, setting, [emp])[emp]
    day = [d.day for d in before.days if d.in_cycle and d.status == "worked"][-2]
    filed = clients["agent"].post(
        "/api/v1/leave",
        json={"kind": "sick_leave", "first_day": day.isoformat(), "last_day": day.isoformat()},
    )
    assert filed.status_code == 201
    request = filed.json()
    assert request["status"] == "pending" and request["employee_no"] == team.agent
    pending = clients["leader"].get("/api/v1/leave").json()["pending"]
    assert request["id"] in [r["id"] for r in pending]
    decided = clients["leader"].post(
        f"/api/v1/leave/{request['id']}/decision", json={"approve": True, "note": "好"}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    after = clients["agent"].get(f"/api/v1/attendance/{team.agent}", params={"month": CYCLE})
    totals = after.json()["totals"]
    assert Decimal(totals["sick_leave_days"]) == before.sick_leave_days + 1
    assert next(d for d in after.json()["days"] if d["day"] == day.isoformat())["status"] == "leave"


def test_comp_time_two_days_ahead_is_a_422_citing_R_HRS_2(
    clients: dict[str, TestClient], demo_today: date
) -> None:
    soon = (demo_today + timedelta(days=2)).isoformat()
    answer = clients["agent"].post(
        "/api/v1/leave", json={"kind": "comp_time_leave", "first_day": soon, "last_day": soon}
    )
    assert answer.status_code == 422
    assert (
        "R-HRS-2" in answer.json()["detail"]
        and "换休须至少提前 3 天申请" in answer.json()["detail"]
    )
    later = (demo_today + timedelta(days=3)).isoformat()
    filed = clients["agent"].post(
        "/api/v1/leave", json={"kind": "comp_time_leave", "first_day": later, "last_day": later}
    )
    assert filed.status_code == 201 and filed.json()["kind_name"] == "换休"


def test_the_leave_list_shows_a_comp_time_requests_balance_to_the_decider(
    clients: dict[str, TestClient], team: Team, database_url: str, demo_today: date
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        emp = people.employee_ids(session, [team.agent])[team.agent]
        ledger = attendance.ledgers(session, Month.parse(CYCLE), [emp])[0][emp]
    pending = clients["leader"].get("/api/v1/leave").json()["pending"]
    comp = [r for r in pending if r["kind"] == "comp_time_leave"]
    assert comp and all(Decimal(r["comp_time_balance"]) == ledger.balance for r in comp)


def test_cancelling_and_deciding_follow_the_rules(
    clients: dict[str, TestClient], team: Team
) -> None:
    filed = (
        clients["qa"]
        .post(
            "/api/v1/leave",
            json={"kind": "personal_leave", "first_day": "2026-10-12", "last_day": "2026-10-12"},
        )
        .json()
    )
    assert clients["agent"].post(f"/api/v1/leave/{filed['id']}/cancel").status_code == 404
    assert (
        clients["leader"]
        .post(f"/api/v1/leave/{filed['id']}/decision", json={"approve": True})
        .status_code
        == 404
    )  # QA is not in the leader's team
    cancelled = clients["qa"].post(f"/api/v1/leave/{filed['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = clients["hr"].post(f"/api/v1/leave/{filed['id']}/decision", json={"approve": True})
    assert again.status_code == 409 and "已处理(已撤回)" in again.json()["detail"]


def test_an_invalid_request_is_a_422(clients: dict[str, TestClient]) -> None:
    answer = clients["agent"].post(
        "/api/v1/leave", json={"kind": "holiday", "first_day": "2026-11-20", "last_day": "x"}
    )
    assert answer.status_code == 422
    backwards = clients["agent"].post(
        "/api/v1/leave",
        json={"kind": "sick_leave", "first_day": "2026-11-20", "last_day": "2026-11-19"},
    )
    assert backwards.status_code == 422 and "结束日期不能早于开始日期" in backwards.json()["detail"]
    assert (
        clients["hr"]
        .post(
            "/api/v1/leave",
            json={"kind": "sick_leave", "first_day": "2026-11-20", "last_day": "2026-11-20"},
        )
        .status_code
        == 422
    )  # HR's account has no 工号


# ---------------------------------------------------------------- comp time


def test_comp_time_is_the_ledger_as_the_cli_prints_it(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    answer = clients["agent"].get(f"/api/v1/comp-time/{team.agent}", params={"through": CYCLE})
    assert answer.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        emp = people.employee_ids(session, [team.agent])[team.agent]
        ledger = attendance.ledgers(session, Month.parse(CYCLE), [emp])[0][emp]
    assert answer.json() == {"through": CYCLE, **ledger_json(team.agent, ledger)}
    assert clients["agent"].get(f"/api/v1/comp-time/{team.teammate}").status_code == 404


# ---------------------------------------------------------------- pay


def test_pay_rows_are_cut_to_the_viewer(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        everyone = pay_sheet(session, Month.parse(CYCLE)).rows
    center = clients["hr"].get(f"/api/v1/pay/{CYCLE}").json()
    assert [r["employee_no"] for r in center["rows"]] == [r["employee_no"] for r in everyone]
    net = sum((Decimal(r["net"]) for r in everyone), Decimal(0))
    assert Decimal(center["totals"]["net"]) == net
    for role, own in (("agent", team.agent), ("leader", team.leader), ("qa", team.qa)):
        rows = clients[role].get(f"/api/v1/pay/{CYCLE}").json()["rows"]
        assert [r["employee_no"] for r in rows] == [own], role
    assert clients["admin"].get(f"/api/v1/pay/{CYCLE}").status_code == 403


def test_one_persons_pay_gives_the_lines_and_the_explanation(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    answer = clients["agent"].get(f"/api/v1/pay/{CYCLE}/{team.agent}", params={"lang": "en"})
    assert answer.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        row = person_pay(session, Month.parse(CYCLE), team.agent)
    found = answer.json()
    assert found["lines"] == row.lines and Decimal(found["net"]) == row.net
    assert found["explanation"] == [render_step(Step.from_dict(d), "en") for d in row.reasons]
    assert clients["leader"].get(f"/api/v1/pay/{CYCLE}/{team.teammate}").status_code == 404


def test_closing_pay_through_the_api(clients: dict[str, TestClient]) -> None:
    answer = clients["manager"].post("/api/v1/pay/closes", json={"month": CYCLE})
    assert answer.status_code == 200
    report = answer.json()
    assert report["period"] == CYCLE and report["kind"] == "pay"
    assert set(report["totals"]) == {"gross", "deductions", "net"}
    assert clients["agent"].post("/api/v1/pay/closes", json={"month": CYCLE}).status_code == 403
    bad = clients["manager"].post("/api/v1/pay/closes", json={"month": "2026-1"})
    assert bad.status_code == 422


def test_an_unclosed_pay_month_is_a_404(clients: dict[str, TestClient]) -> None:
    answer = clients["hr"].get("/api/v1/pay/2026-08")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "2026-08 的薪资尚未结算"}


# ---------------------------------------------------------------- calendar


@pytest.fixture
def calendar_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "calendar"
    folder.mkdir()
    monkeypatch.setenv("KEFU_CALENDAR_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_the_calendar_of_a_known_month(clients: dict[str, TestClient], calendar_dir: Path) -> None:
    answer = clients["admin"].get(f"/api/v1/calendar/{CYCLE}")
    assert answer.status_code == 200
    found = answer.json()
    per_day = Decimal(found["hours_per_working_day"])
    expected = attendance.work_calendar().month(Month.parse(CYCLE), per_day)
    assert found["working_days"] == expected.working_days
    assert Decimal(found["standard_hours"]) == expected.standard_hours
    assert [h["date"] for h in found["holidays"] if h["statutory"]] == [
        h.day.isoformat() for h in expected.holidays if h.statutory
    ]
    assert found["sources"] == expected.sources


def test_a_missing_calendar_year_is_a_422_with_what_to_do(
    clients: dict[str, TestClient], calendar_dir: Path
) -> None:
    answer = clients["agent"].get("/api/v1/calendar/2027-01")
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "2027 年的法定节假日与调休安排未知" in detail and str(calendar_dir) in detail
