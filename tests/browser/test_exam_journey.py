"""An exam in a real browser (R-EXM-1): the agent signs in, opens 我的考试, starts an objective
exam, answers with the countdown running (the answers save themselves), hands it in and reads
the graded result with its explanation.

The paper is drawn from the demo bank for this test and assigned to the demo agent for today,
so the journey holds whatever the other journeys did and whatever the day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from kefu.accounts.rules import Viewer
from kefu.db import engine_for, unit_of_work
from kefu.exams import service as exams
from tests.browser import DemoCenter, sign_in

Screenshot = Callable[[str], Path]


def _objective_sitting(demo_center: DemoCenter) -> tuple[int, dict[int, tuple[str, list[str]]]]:
    """A new objective paper for the demo agent, open today: (sitting id, id → (kind, key))."""
    today = date.today()
    qa = Viewer(username="qa", role="qa")
    with unit_of_work(engine_for(demo_center.database_url)) as session:
        paper = exams.draw_paper(
            session,
            qa,
            title="浏览器练习卷",
            exam_kind="written",
            purpose="practice",
            topics={"服务用语": 3, "系统操作": 2},
            seed=11,
            today=today,
        )
        (sitting,) = exams.assign(
            session,
            qa,
            paper.id,
            [demo_center.agent_no],
            opens_on=today,
            closes_on=today + timedelta(days=1),
            purpose="practice",
            context={},
            today=today,
        )
        keys = {
            i.question.id: (i.question.kind, list(i.question.key))
            for i in exams.paper_items(session, paper.id)
        }
        return sitting.id, keys


def test_R_EXM_1_an_agent_sits_an_objective_exam_and_sees_the_graded_result(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter
) -> None:
    sitting_id, keys = _objective_sitting(demo_center)
    sign_in(page, "agent", "/exams")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的考试")
    row = page.locator(f'tr[data-sitting="{sitting_id}"]')
    expect(row).to_contain_text("浏览器练习卷")
    expect(row).to_contain_text("未开始")
    screenshot("my-exams")
    row.get_by_role("link", name=f"#{sitting_id}").click()
    expect(page).to_have_url(re.compile(rf"/exams/sittings/{sitting_id}$"))
    page.get_by_role("button", name="开始考试").click()
    expect(page.get_by_role("status")).to_have_text("考试已开始，请在截止时间前交卷。")
    page.wait_for_load_state("load")  # htmx saves the answers once its script has run
    expect(page.get_by_role("timer")).to_contain_text("剩余时间")
    expect(page.locator("#exam-countdown")).to_have_text(re.compile(r"^(30:00|29:\d\d)$"))

    for question_id, (kind, key) in keys.items():
        box = page.locator(f'fieldset[data-question="{question_id}"]')
        if kind == "fill":
            box.locator("input[type=text]").fill(key[0])
        else:
            for letter in key:
                box.locator(f'input[value="{letter}"]').check()
    expect(page.locator("#exam-saved")).to_contain_text("已自动保存")
    screenshot("answering")

    page.get_by_role("button", name="交卷").click()
    expect(page).to_have_url(re.compile(rf"/exams/sittings/{sitting_id}\?done=handed_in$"))
    expect(page.get_by_role("status")).to_have_text("已交卷。")
    expect(page.locator(".outcome.result")).to_have_text("成绩 100.00 分 · 通过")
    expect(page.locator("table.explanation tbody tr")).to_have_count(len(keys))
    expect(page.locator("ol.steps")).to_contain_text("达到及格线 60，通过")
    screenshot("result")

    with unit_of_work(engine_for(demo_center.database_url)) as session:
        sitting = exams.get_sitting(session, sitting_id)
        assert (sitting.status, sitting.ended_how, sitting.passed) == ("graded", "handed_in", True)
