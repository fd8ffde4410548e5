"""The pages of shifts, attendance, leave, hours and comp time, and the working-day calendar.

The demo center holds a roster and attendance records for the cycles 2026-09 and 2026-10
(26th to 25th), a few leave requests and the pay of both months. Expected figures are computed
by the attendance services on the same database, never written into the test.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from starlette.datastructures import FormData, UploadFile

from kefu.accounts.service import users
from kefu.attendance import repository as attendance_repo
from kefu.attendance import service as attendance
from kefu.attendance.ledger import PeriodHours, run_ledger
from kefu.attendance.models import LeaveRequest
from kefu.audit.models import AuditEvent
from kefu.config import get_settings
from kefu.db import engine_for, unit_of_work
from kefu.demo import DEMO_TODAY
from kefu.people import service as people
from kefu.people.models import EmployeeRecord
from kefu.periods import Month
from kefu.web import pages_attendance
from kefu.web.app import create_app
from kefu.web.pages_attendance import HoursView, open_lots
from tests.web import csrf_of, make_demo_database, sign_in

CYCLE = "2026-10"  # 2026-09-26 … 2026-10-25, with 国庆节 10-01..10-03 statutory
ROLES = ("agent", "leader", "qa", "hr", "manager", "admin")


@dataclass(frozen=True)
class Team:
    """The demo people the tests visit."""

    agent: str
    leader: str
    qa: str
    teammate: str  # in the agent's and the leader's team
    outsider: str  # an agent of another department


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_attendance"))


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
    out = {}
    for role in ROLES:
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        out[role] = sign_in(client, role)
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


@pytest.fixture
def demo_today(monkeypatch: pytest.MonkeyPatch) -> date:
    """The pages' "today" is the demo's (a week after the last closed cycle)."""
    monkeypatch.setattr(pages_attendance, "today", lambda: DEMO_TODAY)
    return DEMO_TODAY


def text_of(page: str) -> str:
    """The page's visible words, one space between them."""
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def grid_cells(page: str) -> dict[str, str]:
    """The grid's <select> fields and their selected values, as a browser would post them."""
    out = {}
    for name, options in re.findall(r'<select name="(c\|[^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        out[html.unescape(name)] = chosen.group(1) if chosen else ""
    return out


def grid_rows(page: str) -> set[str]:
    """The 工号 of the rows of every grid on the page."""
    return set(re.findall(r'<td class="person"><a href="/attendance/(\d+)', page))


def roster_of(url: str, employee_no: str, day: date) -> str | None:
    """The shift code stored for a person and a day."""
    with unit_of_work(engine_for(url)) as session:
        emp = people.employee_ids(session, [employee_no])[employee_no]
        days = attendance_repo.roster_between(session, day, day, [emp]).get(emp, [])
    return days[0][1] if days else None


def count_audit(url: str, action: str) -> int:
    with unit_of_work(engine_for(url)) as session:
        found = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        )
    return int(found or 0)


def rest_day_of(url: str, employee_no: str, month: str) -> date:
    """A day of the cycle on which the person has no shift."""
    with unit_of_work(engine_for(url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(month))
        emp = people.employee_ids(session, [employee_no])[employee_no]
        planned = attendance_repo.roster_between(session, setting.start, setting.end, [emp])
    worked = {d for d, _ in planned.get(emp, [])}
    day = setting.start
    while day in worked:
        day += timedelta(days=1)
    return day


# ---------------------------------------------------------------- the shift grid (排班)


def test_an_agent_sees_only_their_own_row_of_the_grid_and_no_form(
    clients: dict[str, TestClient], team: Team
) -> None:
    page = clients["agent"].get("/shifts", params={"month": CYCLE})
    assert page.status_code == 200
    assert grid_rows(page.text) == {team.agent}
    assert '<select name="c|' not in page.text
    assert 'action="/shifts" class="grid-form"' not in page.text


def test_a_leader_sees_the_whole_team_and_nobody_else(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    page = clients["leader"].get("/shifts", params={"month": CYCLE}).text
    rows = grid_rows(page)
    assert {team.agent, team.teammate, team.leader} <= rows
    assert team.outsider not in rows
    with unit_of_work(engine_for(database_url)) as session:
        current = dict(people.roster(session))
    home = (current[team.leader].department, current[team.leader].team)
    assert all((current[no].department, current[no].team) == home for no in rows)


def test_hr_picks_a_department_and_a_team(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        outsider = people.current_record(session, team.outsider)
    assert outsider is not None and outsider.team
    page = (
        clients["hr"]
        .get(
            "/shifts",
            params={"month": CYCLE, "department": outsider.department, "team": outsider.team},
        )
        .text
    )
    rows = grid_rows(page)
    assert team.outsider in rows and team.agent not in rows
    assert f"<h2>{outsider.department} · {outsider.team}</h2>" in page
    # without a choice, HR sees the first department, one grid per team
    first = clients["hr"].get("/shifts", params={"month": CYCLE}).text
    assert first.count('<table class="grid">') > 1


def test_the_grid_covers_the_cycle_and_marks_weekends_and_statutory_holidays(
    clients: dict[str, TestClient],
) -> None:
    page = clients["agent"].get("/shifts", params={"month": CYCLE}).text
    assert "考勤周期 2026-09-26 至 2026-10-25" in page
    head = page.split('<table class="grid">', 1)[1].split("</thead>", 1)[0]
    columns = re.findall(r'<th class="([^"]*)" title="(\d{4}-\d\d-\d\d)', head)
    first, last = date(2026, 9, 26), date(2026, 10, 25)
    assert [d for _, d in columns] == [
        (first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)
    ]
    span = attendance.work_calendar().period(first, last, Decimal(8))
    holidays = {h.day: h for h in span.holidays}
    adjusted = {a.day for a in span.adjusted_workdays}
    for mark, text in columns:
        day = date.fromisoformat(text)
        if day in holidays:
            assert mark == "holiday", text
        elif day in adjusted:
            assert mark == "adjusted", text
        else:
            assert mark == ("weekend" if day.weekday() >= 5 else ""), text
    assert any(h.statutory for h in holidays.values())  # 国庆节 10-01..10-03
    statutory = head.split('title="2026-10-01 国庆节">', 1)[1].split("</th>", 1)[0]
    assert "法" in statutory


def test_the_legend_gives_each_shift_types_times_and_counted_hours(
    clients: dict[str, TestClient], database_url: str
) -> None:
    page = clients["agent"].get("/shifts", params={"month": CYCLE}).text
    legend = page.split('<table class="legend">', 1)[1].split("</table>", 1)[0]
    with unit_of_work(engine_for(database_url)) as session:
        cycle = pages_attendance.cycle_for(session, Month.parse(CYCLE))
    for shift in cycle.hours.shift_types:
        row = next(r for r in legend.split("<tr>") if f"<strong>{shift.code}</strong>" in r)
        assert shift.starts in row and shift.ends in row
        assert f'<td class="num">{shift.counted_hours.normalize():f}</td>' in row
        assert ("次日" in row) == (shift.ends <= shift.starts)


def test_a_leader_saves_a_changed_cell_and_the_roster_has_it(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    leader = clients["leader"]
    day = rest_day_of(database_url, team.teammate, CYCLE)
    page = leader.get("/shifts", params={"month": CYCLE}).text
    form = grid_cells(page)
    key = next(k for k in form if k.startswith(f"c|{team.teammate}|{day.isoformat()}|"))
    assert form[key] == ""  # a rest day
    form[key] = "C"
    before = count_audit(database_url, "roster.edit")
    answer = leader.post(
        "/shifts",
        data={"csrf_token": csrf_of(leader), "month": CYCLE, **form},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/shifts?month={CYCLE}&saved=1"
    assert roster_of(database_url, team.teammate, day) == "C"
    assert count_audit(database_url, "roster.edit") == before + 1
    shown = leader.get(answer.headers["location"]).text
    assert "已保存 1 个排班格子。" in shown


def test_posting_the_grid_unchanged_saves_nothing(
    clients: dict[str, TestClient], database_url: str
) -> None:
    leader = clients["leader"]
    form = grid_cells(leader.get("/shifts", params={"month": CYCLE}).text)
    before = count_audit(database_url, "roster.edit")
    answer = leader.post("/shifts", data={"csrf_token": csrf_of(leader), "month": CYCLE, **form})
    assert answer.status_code == 200
    assert "没有修改任何排班格子。" in answer.text
    assert count_audit(database_url, "roster.edit") == before


def test_a_bad_cell_is_listed_and_no_cell_is_saved(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    leader = clients["leader"]
    day = rest_day_of(database_url, team.agent, CYCLE)
    other = rest_day_of(database_url, team.teammate, "2026-09")
    answer = leader.post(
        "/shifts",
        data={
            "csrf_token": csrf_of(leader),
            "month": CYCLE,
            f"c|{team.agent}|{day.isoformat()}|": "R",  # a good cell
            f"c|{team.teammate}|{day.isoformat()}|": "X9",  # not a shift of the policy
            f"c|{team.teammate}|{other.isoformat()}|": "C",  # another cycle
        },
    )
    assert answer.status_code == 422
    words = text_of(answer.text)
    assert "排班未保存" in words
    assert "不在考勤周期 2026-09-26–2026-10-25 之内" in words
    assert roster_of(database_url, team.agent, day) is None
    # the page shows what was sent, so it can be corrected
    assert f'<select name="c|{team.agent}|{day.isoformat()}|"' in answer.text


def test_an_unknown_shift_code_is_refused_by_the_policy(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    leader = clients["leader"]
    day = rest_day_of(database_url, team.agent, CYCLE)
    answer = leader.post(
        "/shifts",
        data={
            "csrf_token": csrf_of(leader),
            "month": CYCLE,
            f"c|{team.agent}|{day.isoformat()}|": "X9",
        },
    )
    assert answer.status_code == 422
    assert "不是政策中的班次" in text_of(answer.text)
    assert roster_of(database_url, team.agent, day) is None


def test_a_leader_cannot_roster_someone_outside_the_team(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    leader = clients["leader"]
    day = rest_day_of(database_url, team.outsider, CYCLE)
    answer = leader.post(
        "/shifts",
        data={
            "csrf_token": csrf_of(leader),
            "month": CYCLE,
            f"c|{team.outsider}|{day.isoformat()}|": "C",
        },
    )
    assert answer.status_code == 404
    assert roster_of(database_url, team.outsider, day) is None


def test_an_agent_cannot_save_the_grid(clients: dict[str, TestClient], team: Team) -> None:
    agent = clients["agent"]
    answer = agent.post(
        "/shifts",
        data={"csrf_token": csrf_of(agent), "month": CYCLE, f"c|{team.agent}|2026-10-01|": "C"},
    )
    assert answer.status_code == 403


def test_the_grid_in_english(clients: dict[str, TestClient]) -> None:
    page = clients["leader"].get("/shifts", params={"month": CYCLE, "lang": "en"}).text
    assert "Attendance cycle 2026-09-26 to 2026-10-25" in page
    assert "Save the roster" in page and "Counted hours" in page


# ---------------------------------------------------------------- a person's cycle (考勤)


def test_the_attendance_page_shows_every_day_and_the_cycles_totals(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    page = clients["agent"].get(f"/attendance/{team.agent}", params={"month": CYCLE})
    assert page.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [team.agent])[team.agent]
        cycle = attendance.cycle_attendance(session, setting, [emp])[emp]
    summary = cycle.summary()
    totals = dict(re.findall(r'data-total="(\w+)">([^<]*)<', page.text))
    assert Decimal(totals["counted_hours"]) == cycle.counted_hours
    assert Decimal(totals["holiday_hours"]) == cycle.holiday_hours
    assert int(totals["night_shifts"]) == cycle.night_shifts
    assert int(totals["shifts_worked"]) == cycle.shifts_worked
    assert int(totals["late_count"]) == summary.late_count
    assert int(totals["shift_swap_count"]) == summary.shift_swap_count
    assert Decimal(totals["personal_leave_days"]) == summary.personal_leave_days
    days = re.findall(r'<tr data-day="([\d-]+)">', page.text)
    assert days == [d.day.isoformat() for d in cycle.days if d.in_cycle]
    words = text_of(page.text)
    assert "R-HRS-1" in words and "计算工时" in words
    assert f"标准工时 {setting.standard_hours.normalize():f}" in words


def test_a_statutory_holiday_shift_counts_its_holiday_hours(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [team.agent])[team.agent]
        cycle = attendance.cycle_attendance(session, setting, [emp])[emp]
    on_holiday = [d for d in cycle.days if d.cycle_holiday_hours > 0]
    page = clients["agent"].get(f"/attendance/{team.agent}", params={"month": CYCLE}).text
    for d in on_holiday:
        row = page.split(f'<tr data-day="{d.day.isoformat()}">', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="num">{d.cycle_holiday_hours.normalize():f}</td>' in row


def test_a_leader_sees_a_teammates_attendance_but_not_an_outsiders(
    clients: dict[str, TestClient], team: Team
) -> None:
    leader = clients["leader"]
    assert leader.get(f"/attendance/{team.teammate}", params={"month": CYCLE}).status_code == 200
    assert leader.get(f"/attendance/{team.outsider}", params={"month": CYCLE}).status_code == 404


def test_an_agent_sees_only_their_own_attendance(
    clients: dict[str, TestClient], team: Team
) -> None:
    agent = clients["agent"]
    assert agent.get(f"/attendance/{team.agent}", params={"month": CYCLE}).status_code == 200
    hidden = agent.get(f"/attendance/{team.teammate}", params={"month": CYCLE})
    unknown = agent.get("/attendance/0000", params={"month": CYCLE})
    assert hidden.status_code == unknown.status_code == 404
    assert text_of(hidden.text).replace(team.teammate, "X") == text_of(unknown.text).replace(
        "0000", "X"
    )


def test_a_cycle_without_shifts_says_so(clients: dict[str, TestClient], team: Team) -> None:
    page = clients["agent"].get(f"/attendance/{team.agent}", params={"month": "2026-08"})
    assert page.status_code == 200
    assert f"{team.agent} 在 2026-08 考勤周期没有排班。" in text_of(page.text)


def test_the_attendance_page_in_english(clients: dict[str, TestClient], team: Team) -> None:
    page = (
        clients["agent"]
        .get(f"/attendance/{team.agent}", params={"month": CYCLE, "lang": "en"})
        .text
    )
    assert "Cycle totals" in page and "Counted hours" in page and "Day by day" in page


def test_a_malformed_month_is_a_400_page(clients: dict[str, TestClient], team: Team) -> None:
    answer = clients["agent"].get(f"/attendance/{team.agent}", params={"month": "2026-13"})
    assert answer.status_code == 400
    assert "格式不正确" in answer.text


# ---------------------------------------------------------------- leave and comp time (请假)


def test_a_leave_request_once_approved_shows_in_the_attendance(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    agent, leader = clients["agent"], clients["leader"]
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [team.agent])[team.agent]
        before = attendance.cycle_attendance(session, setting, [emp])[emp]
    worked = [d for d in before.days if d.in_cycle and d.status == "worked"]
    day = worked[-1].day  # a shift the agent worked, well inside the cycle
    filed = agent.post(
        "/leave",
        data={
            "csrf_token": csrf_of(agent),
            "kind": "personal_leave",
            "first_day": day.isoformat(),
            "last_day": day.isoformat(),
            "reason": "家里有事",
        },
        follow_redirects=False,
    )
    assert filed.status_code == 303 and filed.headers["location"] == "/leave?done=requested"
    with unit_of_work(engine_for(database_url)) as session:
        request_id = max(r.id for r in attendance_repo.leave_requests(session, [emp]))
    assert f'data-request="{request_id}"' in leader.get("/leave").text
    decided = leader.post(
        f"/leave/{request_id}/decision",
        data={"csrf_token": csrf_of(leader), "decision": "approve", "note": "同意"},
        follow_redirects=False,
    )
    assert decided.status_code == 303 and decided.headers["location"] == "/leave?done=approved"
    page = agent.get(f"/attendance/{team.agent}", params={"month": CYCLE}).text
    row = page.split(f'<tr data-day="{day.isoformat()}">', 1)[1].split("</tr>", 1)[0]
    assert "请假" in row and "R-BON-4" in row
    totals = dict(re.findall(r'data-total="(\w+)">([^<]*)<', page))
    assert Decimal(totals["personal_leave_days"]) == before.personal_leave_days + 1
    mine = agent.get("/leave").text.split(f'data-request="{request_id}"', 1)[1].split("</tr>")[0]
    assert "已批准" in mine and "同意" in mine


def test_comp_time_asked_two_days_ahead_is_refused_citing_R_HRS_2(
    clients: dict[str, TestClient], database_url: str, demo_today: date
) -> None:
    agent = clients["agent"]
    with unit_of_work(engine_for(database_url)) as session:
        count = len(attendance_repo.leave_requests(session))
    soon = demo_today + timedelta(days=2)
    answer = agent.post(
        "/leave",
        data={
            "csrf_token": csrf_of(agent),
            "kind": "comp_time_leave",
            "first_day": soon.isoformat(),
            "last_day": soon.isoformat(),
            "reason": "",
        },
    )
    assert answer.status_code == 422
    words = text_of(answer.text)
    assert (
        "申请未提交: 换休须至少提前 3 天申请 (R-HRS-2「休假需提前3天申请，批准后方可执行」)"
        in words
    )
    assert f'value="{soon.isoformat()}"' in answer.text  # the form keeps what was asked
    with unit_of_work(engine_for(database_url)) as session:
        assert len(attendance_repo.leave_requests(session)) == count


def test_the_form_states_the_comp_time_notice_rule(
    clients: dict[str, TestClient], demo_today: date
) -> None:
    words = text_of(clients["agent"].get("/leave").text)
    assert "换休须至少提前 3 天申请，批准后方可执行" in words and "(R-HRS-2)" in words
    assert f"今天是 {demo_today.isoformat()}" in words


def test_a_leader_sees_a_comp_time_request_with_the_persons_balance(
    clients: dict[str, TestClient], team: Team, database_url: str, demo_today: date
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        emp = people.employee_ids(session, [team.agent])[team.agent]
        ledgers, _ = attendance.ledgers(session, Month.parse(CYCLE), [emp])
        pending = [
            r
            for r in attendance_repo.leave_requests(session, [emp], "pending")
            if r.kind == "comp_time_leave"
        ]
    assert pending, "the demo files a comp-time request for the agent"
    page = clients["leader"].get("/leave").text
    row = page.split(f'data-request="{pending[0].id}"', 1)[1].split("</tr>", 1)[0]
    assert "换休" in row
    balance = re.search(r'href="/hours/\d+">([^<]+)</a>', row)
    assert balance is not None and Decimal(balance.group(1)) == ledgers[emp].balance


def test_a_requester_withdraws_a_pending_request(
    clients: dict[str, TestClient], database_url: str
) -> None:
    qa = clients["qa"]
    filed = qa.post(
        "/leave",
        data={
            "csrf_token": csrf_of(qa),
            "kind": "sick_leave",
            "first_day": "2026-10-20",
            "last_day": "2026-10-21",
            "reason": "看病",
        },
        follow_redirects=False,
    )
    assert filed.status_code == 303
    request_id = int(re.findall(r'data-request="(\d+)"', qa.get("/leave").text)[0])
    withdrawn = qa.post(
        f"/leave/{request_id}/cancel", data={"csrf_token": csrf_of(qa)}, follow_redirects=False
    )
    assert withdrawn.headers["location"] == "/leave?done=withdrawn"
    with unit_of_work(engine_for(database_url)) as session:
        found = session.get(LeaveRequest, request_id)
        assert found is not None and found.status == "cancelled"
    again = qa.post(f"/leave/{request_id}/cancel", data={"csrf_token": csrf_of(qa)})
    assert again.status_code == 409 and "已处理(已撤回)" in again.text


def test_nobody_withdraws_or_decides_someone_elses_request_outside_their_scope(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        day = date(2026, 10, 6)
        filed = attendance.request_leave(
            session, "tester", team.outsider, "personal_leave", day, day, "", DEMO_TODAY
        )
        request_id = filed.id
    agent, leader, hr = clients["agent"], clients["leader"], clients["hr"]
    assert (
        agent.post(f"/leave/{request_id}/cancel", data={"csrf_token": csrf_of(agent)}).status_code
        == 404
    )
    decision = {"decision": "refuse", "note": ""}
    assert (
        leader.post(
            f"/leave/{request_id}/decision", data={"csrf_token": csrf_of(leader), **decision}
        ).status_code
        == 404
    )
    assert (
        agent.post(
            f"/leave/{request_id}/decision", data={"csrf_token": csrf_of(agent), **decision}
        ).status_code
        == 403
    )
    assert (
        hr.post(
            f"/leave/{request_id}/decision",
            data={"csrf_token": csrf_of(hr), **decision},
            follow_redirects=False,
        ).status_code
        == 303
    )


def test_a_leader_cannot_approve_their_own_request(
    clients: dict[str, TestClient], database_url: str
) -> None:
    leader, manager = clients["leader"], clients["manager"]
    leader.post(
        "/leave",
        data={
            "csrf_token": csrf_of(leader),
            "kind": "personal_leave",
            "first_day": "2026-10-07",
            "last_day": "2026-10-07",
            "reason": "",
        },
    )
    own = int(re.findall(r'data-request="(\d+)"', leader.get("/leave").text)[0])
    pending = leader.get("/leave").text.split("<h2>待审批</h2>", 1)[1]
    assert f'data-request="{own}"' not in pending
    refused = leader.post(
        f"/leave/{own}/decision", data={"csrf_token": csrf_of(leader), "decision": "approve"}
    )
    assert refused.status_code == 403 and "不能审批自己的申请" in refused.text
    approved = manager.post(
        f"/leave/{own}/decision",
        data={"csrf_token": csrf_of(manager), "decision": "approve"},
        follow_redirects=False,
    )
    assert approved.status_code == 303


def test_an_account_without_an_employee_number_is_told_it_cannot_file(
    clients: dict[str, TestClient],
) -> None:
    page = clients["hr"].get("/leave").text
    assert "您的账号没有关联工号，不能提交请假或换休申请。" in text_of(page)
    assert 'name="first_day"' not in page
    assert "待审批" in page


def test_the_admin_has_no_leave_page(clients: dict[str, TestClient]) -> None:
    assert clients["admin"].get("/leave").status_code == 403


# ---------------------------------------------------------------- hours and comp time (工时与换休)


def test_the_hours_page_shows_the_ledgers_the_service_computes(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    page = clients["agent"].get(f"/hours/{team.agent}", params={"through": CYCLE})
    assert page.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        emp = people.employee_ids(session, [team.agent])[team.agent]
        ledger = attendance.ledgers(session, Month.parse(CYCLE), [emp])[0][emp]
    balance = re.search(r'<div class="big" id="balance">([^<]+)</div>', page.text)
    assert balance is not None and Decimal(balance.group(1)) == ledger.balance
    table = page.text.split('<table class="hours">', 1)[1].split("</table>", 1)[0]
    for p in ledger.periods:
        row = table.split(f">{p.period}</a>", 1)[1].split("</tr>", 1)[0]
        cells = [Decimal(c) for c in re.findall(r'<td class="num">([^<]+)</td>', row)]
        assert cells[:3] == [p.counted, p.standard, p.carried_in]
        assert cells[-1] == p.carried_out
    kinds = re.findall(r'<tr class="entry-(\w+)">', page.text)
    assert kinds == [e.kind for e in sorted(ledger.entries, key=lambda e: e.on)]


def test_the_hours_page_defaults_to_the_newest_finished_cycle(
    clients: dict[str, TestClient], team: Team, demo_today: date
) -> None:
    page = clients["agent"].get(f"/hours/{team.agent}").text
    assert "截至 2026-10 考勤周期" in text_of(page)  # 2026-11-02 is inside the 2026-11 cycle


def test_an_unfinished_cycle_has_no_ledger_yet(
    clients: dict[str, TestClient], team: Team, demo_today: date
) -> None:
    answer = clients["agent"].get(f"/hours/{team.agent}", params={"through": "2026-11"})
    assert answer.status_code == 400
    assert "考勤周期 2026-11 尚未结束" in answer.text


def test_a_leader_sees_a_teammates_hours_but_an_agent_does_not(
    clients: dict[str, TestClient], team: Team
) -> None:
    params = {"through": CYCLE}
    assert clients["leader"].get(f"/hours/{team.teammate}", params=params).status_code == 200
    assert clients["agent"].get(f"/hours/{team.teammate}", params=params).status_code == 404
    assert clients["leader"].get(f"/hours/{team.outsider}", params=params).status_code == 404


def test_comp_time_expiring_before_the_next_cycle_ends_is_highlighted() -> None:
    # one lot of 4 hours earned 2026-05-25, expiring 6 months later, on 2026-11-25
    periods = [
        PeriodHours("2026-05", date(2026, 4, 26), date(2026, 5, 25), Decimal(4), Decimal(0)),
        PeriodHours("2026-06", date(2026, 5, 26), date(2026, 6, 25), Decimal(2), Decimal(0)),
    ]
    ledger = run_ledger(periods, [], 6, date(2026, 10, 25))
    record = EmployeeRecord()
    soon = HoursView("1", record, Month(2026, 10), ledger, date(2026, 11, 25))
    later = HoursView("1", record, Month(2026, 10), ledger, date(2026, 11, 24))
    assert [x["soon"] for x in open_lots(soon)] == [True, False]
    assert [x["soon"] for x in open_lots(later)] == [False, False]


# ---------------------------------------------------------------- the calendar (工作日历)


@pytest.fixture
def calendar_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty calendar directory of the center's own files (KEFU_CALENDAR_DIR)."""
    folder = tmp_path / "calendar"
    folder.mkdir()
    monkeypatch.setenv("KEFU_CALENDAR_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_the_calendar_shows_a_months_working_days_holidays_and_sources(
    clients: dict[str, TestClient], calendar_dir: Path
) -> None:
    page = clients["agent"].get("/calendar", params={"month": CYCLE})
    assert page.status_code == 200
    expected = attendance.work_calendar().month(Month.parse(CYCLE), Decimal(8))
    working = re.search(r'id="working-days">(\d+)<', page.text)
    assert working is not None and int(working.group(1)) == expected.working_days
    table = page.text.split('<table class="holidays">', 1)[1].split("</table>", 1)[0]
    for h in expected.holidays:
        row = table.split(f"<td>{h.day.isoformat()}</td>", 1)[1].split("</tr>", 1)[0]
        assert h.name in row and ("是" if h.statutory else "否") in row
    assert any(h.statutory for h in expected.holidays)
    assert expected.sources[0] in page.text


def test_the_calendar_gives_the_standard_hours_of_the_policy(
    clients: dict[str, TestClient], calendar_dir: Path, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        per_day = pages_attendance.cycle_for(session, Month.parse(CYCLE)).hours
    expected = attendance.work_calendar().month(Month.parse(CYCLE), per_day.hours_per_working_day)
    page = clients["agent"].get("/calendar", params={"month": CYCLE}).text
    standard = re.search(r'id="standard-hours">([^<]+)<', page)
    assert standard is not None and Decimal(standard.group(1)) == expected.standard_hours


def test_a_year_the_calendar_does_not_know_is_a_clear_422(
    clients: dict[str, TestClient], calendar_dir: Path
) -> None:
    page = clients["agent"].get("/calendar", params={"month": "2027-01"})
    assert page.status_code == 422
    words = text_of(page.text)
    assert "2027 年的法定节假日与调休安排未知" in words
    assert str(calendar_dir) in words and "2027.yaml" in words


def test_a_center_file_adds_the_year_the_package_lacks(
    clients: dict[str, TestClient], calendar_dir: Path
) -> None:
    (calendar_dir / "2027.yaml").write_text(
        "kefu_calendar: 1\n"
        "year: 2027\n"
        "source: 测试用的 2027 年安排\n"
        "holidays:\n"
        "  - name: 元旦\n"
        "    days_off: [2027-01-01, 2027-01-02, 2027-01-03]\n"
        "    statutory: [2027-01-01]\n",
        encoding="utf-8",
    )
    page = clients["agent"].get("/calendar", params={"month": "2027-01"})
    assert page.status_code == 200
    assert "测试用的 2027 年安排" in page.text and "元旦" in page.text


def test_the_calendar_in_english(clients: dict[str, TestClient]) -> None:
    page = clients["admin"].get("/calendar", params={"month": CYCLE, "lang": "en"}).text
    assert "Working-day calendar" in page and "Statutory holiday" in page


# ---------------------------------------------------------------- navigation


def test_the_menu_offers_each_role_its_new_pages(clients: dict[str, TestClient]) -> None:
    agent = clients["agent"].get("/calendar").text
    nav = agent.split("<nav>", 1)[1].split("</nav>", 1)[0]
    assert 'href="/shifts"' in nav and 'href="/leave"' in nav and 'href="/calendar"' in nav
    assert "我的薪资" in nav and 'href="/pay"' not in nav
    manager = clients["manager"].get("/calendar").text.split("<nav>", 1)[1].split("</nav>")[0]
    assert 'href="/pay"' in manager and "我的薪资" not in manager
    admin = clients["admin"].get("/calendar").text.split("<nav>", 1)[1].split("</nav>")[0]
    assert 'href="/calendar"' in admin and 'href="/shifts"' not in admin


def test_the_person_page_links_to_attendance_hours_and_own_pay(
    clients: dict[str, TestClient], team: Team
) -> None:
    own = clients["agent"].get(f"/people/{team.agent}").text
    assert f'href="/attendance/{team.agent}"' in own and f'href="/hours/{team.agent}"' in own
    assert f'href="/people/{team.agent}/pay"' in own
    teammate = clients["leader"].get(f"/people/{team.teammate}").text
    assert f'href="/attendance/{team.teammate}"' in teammate
    assert f'href="/people/{team.teammate}/pay"' not in teammate  # a leader sees no team pay


def test_a_big_team_is_shown_in_parts_that_each_fit_in_one_form(database_url: str) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        cycle = pages_attendance.cycle_for(session, Month.parse(CYCLE))
    days, _ = pages_attendance.marked_days(cycle)
    members = [pages_attendance.RosterPerson(i, str(i), "某", "一部", "大组") for i in range(70)]
    grid = pages_attendance.ShiftGrid(cycle, days, None, members, {}, [], [], "", "")
    parts = grid.groups()
    per_form = pages_attendance.MAX_FORM_CELLS // len(days)
    assert [len(g.people) for g in parts] == [per_form, per_form, 70 - 2 * per_form]
    assert [(g.part, g.parts) for g in parts] == [(1, 3), (2, 3), (3, 3)]
    assert all(len(g.people) * len(days) <= pages_attendance.MAX_FORM_CELLS for g in parts)


def test_a_malformed_cell_field_is_listed_and_nothing_is_saved(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    leader = clients["leader"]
    day = rest_day_of(database_url, team.agent, CYCLE)
    answer = leader.post(
        "/shifts",
        data={
            "csrf_token": csrf_of(leader),
            "month": CYCLE,
            f"c|{team.agent}|{day.isoformat()}|": "C",
            "c|nonsense": "R",
            f"c|{team.agent}|2026-02-30|": "R",
        },
    )
    assert answer.status_code == 422
    assert text_of(answer.text).count("无法识别的排班格子") == 2
    assert roster_of(database_url, team.agent, day) is None


def test_the_leave_page_in_english(clients: dict[str, TestClient]) -> None:
    page = clients["leader"].get("/leave", params={"lang": "en"}).text
    assert "Leave and comp time" in page and "File a request" in page and "Pending" in page
    assert "Comp time off" in page


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1005", "1006", "1013"]),
            st.dates(date(2026, 9, 26), date(2026, 10, 25)),
            st.sampled_from(["", "R", "C", "W"]),
            st.sampled_from(["", "R", "C", "W", "r", " c "]),
        ),
        unique_by=lambda cell: (cell[0], cell[1]),
    )
)
def test_only_the_cells_a_form_changed_are_saved(
    cells: list[tuple[str, date, str, str]],
) -> None:
    fields: list[tuple[str, str | UploadFile]] = [("month", CYCLE)]
    fields += [(f"c|{no}|{day}|{shown}", new) for no, day, shown, new in cells]
    form = FormData(fields)
    changed, submitted, problems = pages_attendance.cells_from_form(form)
    assert problems == []
    assert submitted == {(no, day): new.strip() for no, day, _, new in cells}
    assert changed == [
        (no, day, new.strip() or None)
        for no, day, shown, new in cells
        if new.strip().upper() != shown.upper()
    ]
