"""A promotion in a real browser: the agent applies, the team leader, HR and the manager
approve in turn, a colleague objects during the notice, HR answers, the case becomes final
and the register shows the new level from next month.

The pages' today is set by the test (the demo policy takes applications in May and November).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from kefu.careers import promotion_service as promotion
from kefu.db import engine_for, unit_of_work
from kefu.web import pages_careers
from tests.browser import DemoCenter, sign_in

Screenshot = Callable[[str], Path]


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[date]]:
    today = [date(2026, 11, 24)]
    monkeypatch.setattr(pages_careers, "today", lambda: today[0])
    yield today


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def _approve(page: Page, who: str, case_url: str, opinion: str) -> None:
    sign_in(page, who, "/inbox")
    page.get_by_role("link", name=f"#{case_url.rsplit('/', 1)[1]}", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(case_url) + "$"))
    page.get_by_label("审批意见").fill(opinion)
    page.get_by_role("button", name="同意", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("审批意见已记录。")
    _sign_out(page)


def test_an_agent_is_promoted_through_reviews_notice_and_objection(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter, day: list[date]
) -> None:
    with unit_of_work(engine_for(demo_center.database_url)) as session:
        before = promotion.standing(session, demo_center.agent_no, day[0])
    assert before.check is not None
    target = before.check.target.name

    sign_in(page, "agent", "/careers/me")
    expect(page.get_by_role("heading", level=2).first).to_have_text(f"晋升 {target} 的条件")
    screenshot("my-next-level")
    page.get_by_label("个人工作业绩").fill("连续三个月客户满意度 98 分以上")
    page.get_by_label("能力提升情况").fill("能独立处理升级投诉")
    page.get_by_label("对新岗位的认识和规划").fill("协助组长带教新人")
    page.get_by_role("button", name="提交晋升申请").click()
    expect(page.get_by_role("status")).to_have_text("申请已提交，等待部门初审。")
    case_url = urlparse(page.url).path
    _sign_out(page)

    _approve(page, "leader", case_url, "业绩突出，同意推荐")
    _approve(page, "hr", case_url, "数据核实无误")
    _approve(page, "manager", case_url, "同意晋升")

    # any colleague may object during the notice: the QA does, on its last day
    day[0] = date(2026, 11, 26)
    sign_in(page, "qa", case_url)
    expect(page.locator("dd.state")).to_have_text("公示中")
    page.get_by_label("申诉理由").fill("请核实十月的投诉记录")
    page.get_by_role("button", name="提出申诉").click()
    expect(page.get_by_role("status")).to_have_text("申诉已提交，人事将调查核实并答复。")
    _sign_out(page)

    # HR investigates and answers after the notice, then makes the promotion final
    day[0] = date(2026, 11, 27)
    sign_in(page, "hr", case_url)
    page.get_by_label("调查核实情况").fill("十月投诉已由客户撤销")
    page.get_by_label("答复申诉人").fill("经核实，投诉已撤销，不影响晋升")
    page.get_by_role("button", name="申诉不成立").click()
    expect(page.get_by_role("status")).to_have_text("申诉已答复。")
    page.get_by_role("button", name="确认生效").click()
    expect(page.get_by_role("status")).to_have_text("晋升已生效。")
    expect(page.locator("dd.state")).to_have_text("已生效")
    screenshot("final")

    # the register: the new level from the first day of next month
    page.goto(f"/people/{demo_center.agent_no}")
    expect(page.locator("main")).to_contain_text("2026-12-01")
    expect(page.locator("main")).to_contain_text(target)
    screenshot("register")
