"""What people do in the web app, in a real browser: sign in, import, close, explain, what-if.

Each test keeps full-page screenshots under test-output/screenshots/. Tests that write use a
month of their own (2026-11 for the close, 2026-12 for the import), so they hold in any order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from kefu.periods import Month
from tests.browser import (
    SCORE_HEADERS,
    DemoCenter,
    make_workbook,
    next_month_workbook,
    sign_in,
)
from tests.web import KNOWN_PERSON, MONTH

Screenshot = Callable[[str], Path]
DEMO_USERNAMES = ("agent", "leader", "qa", "hr", "manager", "admin")
NOT_FOUND = re.compile("页面不存在|没有找到")


def test_a_manager_signs_in_through_the_form_and_sees_the_dashboard_charts(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/$"))
    accounts = page.locator("section.notice table tbody")
    for username in DEMO_USERNAMES:
        expect(accounts).to_contain_text(username)
        expect(accounts).to_contain_text(username + "123456")
    screenshot("sign-in")

    page.get_by_label("用户名").fill("manager")
    page.get_by_label("密码").fill("manager123456")
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^概览 · 2026-\d\d$"))
    expect(page.get_by_role("heading", name="得分分布(客服代表)")).to_be_visible()
    expect(page.locator("#chart-histogram canvas")).to_be_visible()
    expect(page.locator("#chart-tiers canvas")).to_be_visible()
    expect(page.locator("header.site")).to_contain_text("客服经理")
    # the session cookie is Secure, and Chromium keeps it on http://127.0.0.1 (a secure context)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["kefu_session"]["secure"] is True
    assert cookies["kefu_session"]["httpOnly"] is True
    screenshot("dashboard")


def test_an_import_with_errors_lists_every_problem_and_the_fixed_file_imports(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter, tmp_path: Path
) -> None:
    month = "2026-12"
    agent, colleague = demo_center.agent_no, demo_center.colleague_no
    broken = make_workbook(
        tmp_path / "有错误的成绩.xlsx",
        {
            "月度成绩": (
                SCORE_HEADERS,
                [["9999", month, 80, 80, 80], [agent, month, 150, 80, 80]],
            )
        },
    )
    sign_in(page, "manager", then="/imports")
    page.get_by_label("文件", exact=True).set_input_files(broken)
    page.get_by_role("button", name="预览").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("导入预览 · 有错误的成绩.xlsx")
    expect(page.get_by_role("alert")).to_have_text(
        "发现 2 个问题，未写入任何数据。请修改文件后重新上传。"
    )
    expect(page.locator("table.problems thead th")).to_have_text(
        ["工作表", "行", "列", "值", "原因"]
    )
    problems = page.locator("table.problems > tbody > tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0).locator("td")).to_have_text(
        ["月度成绩", "2", "工号", "9999", re.compile("未知员工")]
    )
    expect(problems.nth(1).locator("td")).to_have_text(
        ["月度成绩", "3", "通话评估成绩", "150", re.compile("0 到 100")]
    )
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    screenshot("problems")

    fixed = make_workbook(
        tmp_path / "改正后的成绩.xlsx",
        {"月度成绩": (SCORE_HEADERS, [[colleague, month, 80, 80, 80], [agent, month, 95, 80, 80]])},
    )
    page.get_by_role("link", name="重新上传").click()
    page.get_by_label("文件", exact=True).set_input_files(fixed)
    page.get_by_role("button", name="预览").click()

    expect(page.locator(".ok")).to_have_text("检查通过:共 2 行，尚未写入。确认后一次性写入。")
    screenshot("check-passed")
    page.get_by_role("button", name="确认导入").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("导入完成")
    expect(page.get_by_role("status")).to_have_text("已导入 2 行 · 改正后的成绩.xlsx")
    expect(page.locator("main table tbody tr").first.locator("td")).to_have_text(
        ["月度成绩", "2", "0", "0"]
    )
    screenshot("done")


def test_a_manager_closes_a_month_and_opens_its_results(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter, tmp_path: Path
) -> None:
    month = Month(2026, 11)
    workbook = next_month_workbook(
        demo_center.folder, demo_center.database_url, tmp_path / "2026-11-月度数据.xlsx", month
    )
    sign_in(page, "manager", then="/imports")
    page.get_by_label("文件", exact=True).set_input_files(workbook)
    page.get_by_role("button", name="预览").click()
    expect(page.locator(".ok")).to_contain_text("检查通过")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("导入完成")

    page.get_by_role("link", name="去结算").click()
    row = page.locator("table.close-months > tbody > tr").filter(has_text="2026-11")
    expect(row.locator("td").nth(1)).to_have_text("未结算")
    screenshot("before")
    row.get_by_role("button", name="结算 2026-11", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("结算 2026-11")
    result = page.get_by_role("status")
    expect(result).to_have_text(re.compile(r"^已结算:修订 1，\d+ 人，政策 demo"))
    closed = re.search(r"修订 1，(\d+) 人", result.inner_text())
    assert closed is not None
    people = int(closed.group(1))
    screenshot("closed")

    page.get_by_role("link", name="查看结果").click()
    expect(page).to_have_url(re.compile(r"/months/2026-11$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("2026-11 月度结算结果")
    facts = page.locator("dl.facts > div")
    expect(facts.filter(has_text="修订").locator("dd")).to_have_text("1")
    expect(facts.filter(has_text="人数").locator("dd")).to_have_text(str(people))
    # a page at a time (50 rows), the count saying everyone was closed
    expect(page.locator("table.results > tbody > tr")).to_have_count(min(people, 50))
    expect(page.locator("main")).to_contain_text(f"显示 {people} / {people} 人")
    screenshot("results")

    page.goto("/close")
    expect(row.locator("td").nth(1)).to_have_text("已结算")
    expect(row.get_by_role("button", name="重新结算 2026-11")).to_be_visible()


def test_a_persons_explanation_shows_numbered_steps_with_rule_ids(
    page: Page, screenshot: Screenshot
) -> None:
    employee_no, name = KNOWN_PERSON
    sign_in(page, "manager", then=f"/months/{MONTH}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{MONTH} 月度结算结果")
    screenshot("month")
    page.get_by_role("link", name=employee_no, exact=True).click()

    expect(page).to_have_url(re.compile(rf"/months/{MONTH}/people/{employee_no}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    steps = page.locator("ol.steps > li")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 3
    numbers = [int(v) for v in steps.evaluate_all("items => items.map(li => li.value)")]
    assert numbers == list(range(1, len(numbers) + 1))
    expect(
        page.locator("ol.steps code.rule").filter(has_text=re.compile(r"^R-BON-\d+$")).first
    ).to_be_visible()
    expect(page.locator("p.outcome")).not_to_be_empty()
    screenshot("explanation")


def test_a_what_if_shows_who_gains_and_the_change_in_total_cost(
    page: Page, screenshot: Screenshot
) -> None:
    sign_in(page, "manager", then=f"/whatif?month={MONTH}")
    first_amount = page.get_by_role("textbox", name=re.compile(r"^月度奖金档位 \w+：金额")).first
    was = int(first_amount.input_value())
    first_amount.fill(str(was + 300))
    page.get_by_role("button", name="测算", exact=True).click()

    result = page.locator("#whatif-result section.whatif-result")
    expect(result.get_by_role("heading")).to_have_text(f"测算结果 · {MONTH}")
    expect(page).to_have_url(re.compile(rf"/whatif\?month={MONTH}$"))  # htmx swapped, no reload
    cost = result.locator(".card").filter(has_text="总成本")
    expect(cost.locator(".up")).to_have_text(re.compile(r"^\+¥[\d,]+"))
    gainers = result.locator("table.whatif-people > tbody > tr")
    expect(gainers.first).to_be_visible()
    count = gainers.count()
    expect(cost.locator(".up")).to_contain_text(f"+¥{count * 300:,}")
    for delta in gainers.locator("td.up").all_inner_texts():
        assert delta == "+¥300"
    expect(
        result.locator(".card").filter(has_text="增加 / 减少 / 不变").locator(".big")
    ).to_have_text(re.compile(rf"^{count} / 0 / \d+$"))
    screenshot("result")


def test_an_agent_sees_their_own_results_and_never_a_colleagues(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter
) -> None:
    own, colleague = demo_center.agent_no, demo_center.colleague_no
    sign_in(page, "agent")
    expect(page).to_have_url(re.compile(rf"/people/{own}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(own)
    expect(page.locator("table.person-months > tbody > tr").first).to_be_visible()
    screenshot("own-page")

    for path in (f"/people/{colleague}", f"/months/{MONTH}/people/{colleague}"):
        answer = page.goto(path)
        assert answer is not None and answer.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("出错了 (404)")
        expect(page.locator("main")).to_contain_text(NOT_FOUND)
        expect(page.locator("main")).not_to_contain_text(demo_center.colleague_name)
    screenshot("colleague-not-found")

    page.goto(f"/months/{MONTH}")
    rows = page.locator("table.results > tbody > tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text(own)
    # the close's facts count only the people the agent may see (R-PRV-1)
    expect(page.locator("dl.facts > div").filter(has_text="人数").locator("dd")).to_have_text("1")
    screenshot("month-one-row")


def test_the_dashboard_switches_to_english(page: Page, screenshot: Screenshot) -> None:
    sign_in(page, "manager", then="/dashboard")
    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Dashboard · 2026-\d\d$")
    )
    expect(page.get_by_role("heading", name="Score distribution (agents)")).to_be_visible()
    expect(page.locator("#chart-histogram canvas")).to_be_visible()
    expect(page.get_by_role("link", name="中文")).to_be_visible()
    screenshot("english")


def test_signing_out_ends_the_session(page: Page, screenshot: Screenshot) -> None:
    sign_in(page, "manager", then="/roles")
    session = next(c for c in page.context.cookies() if c["name"] == "kefu_session")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    assert "kefu_session" not in {c["name"] for c in page.context.cookies()}
    screenshot("signed-out")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/$"))
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()

    # the server ended the session too: the old cookie, put back, no longer signs anyone in
    page.context.add_cookies([session])
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=/dashboard$"))
