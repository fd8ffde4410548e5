"""QA monitoring in a real browser (R-QA-1, R-QA-2): QA adds a call with its transcript, reads
the automatic check's quoted evidence, accepts its suggested score and submits the evaluation;
the agent disputes it within the window; a second QA reviewer upholds it with an answer, and
the agent finds it final.

The call is dated today, so its acknowledgement window is open whatever the day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser import DemoCenter, sign_in

Screenshot = Callable[[str], Path]

TRANSCRIPT = "\n".join(
    [
        "坐席：您好，工號120為您服務。",
        "客户：我的会员卡积分怎么少了？",
        "坐席：这事不归我们管，您去问前台吧。",
        "客户：好吧。",
    ]
)


def test_R_QA_1_an_evaluation_goes_from_qa_to_the_agent_and_a_second_reviewer(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter
) -> None:
    sign_in(page, "qa", "/qa/contacts/new")
    page.get_by_label("客服代表工号").fill(demo_center.agent_no)
    page.locator("select[name=channel]").select_option("chat")
    page.locator("textarea[name=transcript]").fill(TRANSCRIPT)
    page.get_by_role("button", name="登记并自动质检").click()
    expect(page).to_have_url(re.compile(r"/qa/contacts/\d+"))
    # R-QA-2: the forbidden phrase is quoted from the agent's turn, traditional forms and all
    check = page.locator(".autoqa-result")
    expect(check).to_contain_text("「这事不归我们管」")
    expect(check).to_contain_text("工號120為您服務")
    screenshot("qa-contact-checked")

    page.get_by_role("button", name=re.compile(r"^采纳建议分")).click()
    expect(page).to_have_url(re.compile(r"/qa/evaluations/\d+"))
    evaluation_url = page.url
    page.get_by_role("button", name="提交给客服代表").click()
    expect(page.locator(".outcome")).to_contain_text("待确认")

    page.context.clear_cookies()
    sign_in(page, "agent", "/qa/mine")
    page.goto(evaluation_url)
    expect(page.get_by_role("heading", name="确认或申诉")).to_be_visible()
    page.get_by_label("申诉原因").fill("我已告知客户去前台，并非推诿。")
    page.get_by_role("button", name="对评分提出申诉").click()
    expect(page.locator(".outcome")).to_contain_text("申诉")
    screenshot("qa-disputed")

    page.context.clear_cookies()
    sign_in(page, "qa2", "/qa/disputes")
    page.goto(evaluation_url)
    page.get_by_label("复核答复").fill("录音复核: 坐席使用了服务忌语，维持原分。")
    page.get_by_role("button", name="提交复核结论").click()
    expect(page.locator(".outcome")).to_contain_text("最终成绩")

    page.context.clear_cookies()
    sign_in(page, "agent", "/qa/mine")
    page.goto(evaluation_url)
    expect(page.locator(".outcome")).to_contain_text("最终成绩")
    answer = page.locator("p.notice", has_text="录音复核: 坐席使用了服务忌语，维持原分。")
    expect(answer).to_be_visible()
    expect(page.get_by_role("heading", name="确认或申诉")).to_have_count(0)
    screenshot("qa-final")
