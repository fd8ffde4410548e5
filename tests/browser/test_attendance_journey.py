"""Shifts and leave in a real browser: a leader rosters a shift, the agent asks for leave on it,
the leader approves, and the agent's attendance shows the day as leave.

It writes only to the closed 2026-10 cycle (whose closes are frozen), so the other journeys
hold in any order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from kefu.attendance import repository as attendance_repo
from kefu.attendance import service as attendance
from kefu.db import engine_for, unit_of_work
from kefu.people import service as people
from kefu.periods import Month
from tests.browser import DemoCenter, sign_in

Screenshot = Callable[[str], Path]
CYCLE = "2026-10"


def _rest_day(database_url: str, employee_no: str) -> date:
    """A day of the cycle on which the person has no shift yet."""
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse(CYCLE))
        emp = people.employee_ids(session, [employee_no])[employee_no]
        planned = attendance_repo.roster_between(session, setting.start, setting.end, [emp])
    worked = {d for d, _ in planned.get(emp, [])}
    day = setting.start
    while day in worked:
        day += timedelta(days=1)
    return day


def _sign_out(page: Page) -> None:
    """Sign out and wait for the sign-in page, so the next sign-in is not raced by it."""
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def test_a_rostered_shift_taken_as_approved_leave_shows_in_the_attendance(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter
) -> None:
    agent = demo_center.agent_no
    day = _rest_day(demo_center.database_url, agent).isoformat()

    # the team leader gives the agent a C shift on a rest day, in the grid form
    sign_in(page, "leader", f"/shifts?month={CYCLE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"排班 · {CYCLE}")
    cell = page.get_by_label(f"{agent} {day}")
    expect(cell).to_have_value("")
    cell.select_option("C")
    screenshot("grid")
    cell.locator("xpath=ancestor::form").get_by_role("button", name="保存排班").click()
    expect(page.get_by_role("status")).to_have_text("已保存 1 个排班格子。")
    expect(page.get_by_label(f"{agent} {day}")).to_have_value("C")
    _sign_out(page)

    # the agent asks for personal leave on that day
    sign_in(page, "agent", "/leave")
    page.get_by_label("类型").select_option("personal_leave")
    page.get_by_label("开始日期").fill(day)
    page.get_by_label("结束日期").fill(day)
    page.get_by_label("事由").fill("家里有事")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("status")).to_have_text("申请已提交，等待审批。")
    mine = page.locator("table.mine tbody tr").first
    expect(mine).to_contain_text("待审批")
    request_id = mine.get_attribute("data-request")
    screenshot("requested")
    _sign_out(page)

    # the leader approves it from the pending list
    sign_in(page, "leader", "/leave")
    row = page.locator(f'table.pending tr[data-request="{request_id}"]')
    expect(row).to_contain_text(agent)
    row.get_by_label("审批意见(可空)").fill("同意")
    row.get_by_role("button", name="批准").click()
    expect(page.get_by_role("status")).to_have_text("已批准。")
    expect(page.locator(f'table.pending tr[data-request="{request_id}"]')).to_have_count(0)
    _sign_out(page)

    # the agent's attendance shows the day as leave, with its rule
    sign_in(page, "agent", f"/attendance/{agent}?month={CYCLE}")
    line = page.locator(f'tr[data-day="{day}"]')
    expect(line).to_contain_text("请假")
    expect(line).to_contain_text("R-BON-4")
    expect(page.locator('[data-total="personal_leave_days"]')).to_have_text(re.compile(r"^[1-9]"))
    screenshot("attendance")
