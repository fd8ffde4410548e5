"""A training elimination in a real browser (R-NEW-1..4, R-EXM-1, R-PUB-1): the demo trainee,
who already failed one theory exam, sits an objective theory exam set for the cohort, is
graded, fails a second time in a row and appears on the preliminary elimination list; the
manager opens the case, the trainer (QA) holds the talk, a colleague objects during the notice,
HR answers, makes the final decision, ticks the offboarding checklist and records the exit
talk; the register says the trainee left.

The paper is drawn from the demo bank for this test and set for the trainee for today, so the
journey holds whatever the other journeys did; the training pages' day is set by the test
(the notice is counted in working days from it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kefu.accounts.rules import Viewer
from kefu.db import engine_for, unit_of_work
from kefu.exams import service as exams
from kefu.people.service import current_record
from kefu.training import exams_link
from kefu.training import service as training
from kefu.training.demo import ACCOUNT_OF
from kefu.training.elimination_service import get_case
from kefu.web import pages_training
from tests.browser import DemoCenter, sign_in

Screenshot = Callable[[str], Path]


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[date]]:
    today = [date.today()]
    monkeypatch.setattr(pages_training, "today", lambda: today[0])
    yield today


def _theory_exam(demo_center: DemoCenter) -> tuple[int, int, dict[int, tuple[str, list[str]]]]:
    """An objective theory paper set for the demo trainee today: (trainee id, sitting id,
    question id → (kind, key))."""
    today = date.today()
    qa = Viewer(username="qa", role="qa")
    with unit_of_work(engine_for(demo_center.database_url)) as session:
        trainee = training.trainee_records(session, ACCOUNT_OF)[0]
        paper = exams.draw_paper(
            session,
            qa,
            title="新员工理论考试(浏览器)",
            exam_kind="written",
            purpose="training_theory",
            topics={"服务用语": 3, "系统操作": 2},
            seed=23,
            today=today,
        )
        (sitting,) = exams_link.assign_exam(
            session,
            qa,
            trainee.cohort_id,
            paper.id,
            purpose="training_theory",
            opens_on=today,
            closes_on=today + timedelta(days=1),
            employee_nos=[ACCOUNT_OF],
            today=today,
        )
        keys = {
            i.question.id: (i.question.kind, list(i.question.key))
            for i in exams.paper_items(session, paper.id)
        }
        return trainee.id, sitting.id, keys


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))


def _wrong(kind: str, key: list[str]) -> str:
    """An answer that misses: another letter, or a word no key accepts."""
    if kind == "fill":
        return "不知道"
    return next(letter for letter in "ABCD" if letter not in key)


def test_R_NEW_3_a_trainee_fails_twice_in_a_row_and_the_case_runs_to_the_end(
    page: Page, screenshot: Screenshot, demo_center: DemoCenter, day: list[date]
) -> None:
    trainee_id, sitting_id, keys = _theory_exam(demo_center)
    trainee_url = f"/training/trainees/{trainee_id}"

    # the trainee: my plan and scores, then the exam set for the cohort
    sign_in(page, "trainee", "/training")
    page.get_by_role("link", name="我的培训计划与成绩").click()
    expect(page).to_have_url(re.compile(re.escape(trainee_url) + "$"))
    expect(page.get_by_role("heading", name="我的培训计划")).to_be_visible()
    expect(page.locator("table.scores")).to_contain_text("52.00")
    screenshot("my-plan")
    page.locator(f'tr[data-sitting="{sitting_id}"]').get_by_role(
        "link", name=f"#{sitting_id}"
    ).click()
    expect(page).to_have_url(re.compile(rf"/exams/sittings/{sitting_id}$"))
    page.get_by_role("button", name="开始考试").click()
    expect(page.get_by_role("status")).to_have_text("考试已开始，请在截止时间前交卷。")
    page.wait_for_load_state("load")
    for question_id, (kind, key) in keys.items():
        box = page.locator(f'fieldset[data-question="{question_id}"]')
        if kind == "fill":
            box.locator("input[type=text]").fill(_wrong(kind, key))
        else:
            box.locator(f'input[value="{_wrong(kind, key)}"]').check()
    page.get_by_role("button", name="交卷").click()
    expect(page).to_have_url(re.compile(rf"/exams/sittings/{sitting_id}\?done=handed_in$"))
    expect(page.locator(".outcome.result")).to_have_text("成绩 0.00 分 · 未通过")
    screenshot("failed-exam")
    page.goto(trainee_url)
    page.wait_for_load_state("load")
    expect(page.locator(f'tr[data-score="sitting:{sitting_id}"]')).to_contain_text("0.00")
    expect(page.get_by_text("淘汰标准")).to_have_count(0)  # the flags stay with the trainers
    _sign_out(page)

    # the manager: the trainee is on the preliminary list; the case opens from it
    sign_in(page, "manager", "/training")
    listed = page.locator(f'table.preliminary tr[data-trainee="{ACCOUNT_OF}"]')
    expect(listed).to_contain_text("理论考核连续不及格")
    screenshot("preliminary-list")
    listed.get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(trainee_url) + "$"))
    expect(page.locator("p.preliminary")).to_have_text("已列入初步淘汰名单。")
    expect(page.locator('li[data-flag="theory"]')).to_contain_text("理论考核连续 2 次低于 60 分")
    page.get_by_role("button", name="发起培训淘汰").click()
    expect(page.get_by_role("status")).to_have_text("培训淘汰已发起，等待沟通面谈。")
    case_url = re.sub(r"\?.*$", "", page.url.split(demo_center.base_url, 1)[-1])
    expect(page.locator("dd.state")).to_have_text("待沟通面谈")
    _sign_out(page)

    # the trainer (QA): the face-to-face talk puts the elimination on notice
    sign_in(page, "qa", case_url)
    page.get_by_label("向本人说明的淘汰原因和依据").fill("理论考核连续两次不及格，依据已当面说明")
    page.get_by_label("本人意见").fill("本人表示理解")
    page.get_by_role("button", name="面谈完毕，公示").click()
    expect(page.get_by_role("status")).to_have_text("面谈已记录。")
    expect(page.locator("dd.state")).to_have_text("公示中")
    _sign_out(page)

    # a colleague objects during the notice; HR investigates and answers
    sign_in(page, "agent", case_url)
    page.get_by_label("申诉理由").fill("考试当天系统卡顿，请核实")
    page.get_by_role("button", name="提出申诉").click()
    expect(page.get_by_role("status")).to_have_text("申诉已提交，人事将调查核实并答复。")
    _sign_out(page)
    sign_in(page, "hr", case_url)
    page.get_by_label("调查核实情况").fill("系统日志显示考试期间运行正常")
    page.get_by_label("答复申诉人").fill("申诉不成立")
    page.get_by_role("button", name="申诉不成立").click()
    expect(page.get_by_role("status")).to_have_text("申诉已答复。")

    # after the notice: HR's final decision, the checklist, the exit talk
    with unit_of_work(engine_for(demo_center.database_url)) as session:
        last_day = get_case(session, int(case_url.rsplit("/", 1)[1])).notice_last_day
    assert last_day is not None
    day[0] = last_day + timedelta(days=1)
    page.goto(case_url)
    page.wait_for_load_state("load")
    page.get_by_label("最终决定意见").fill("依据充分，申诉已答复，予以淘汰")
    page.get_by_role("button", name="确认淘汰").click()
    expect(page.get_by_role("status")).to_have_text("淘汰决定已生效。")
    expect(page.locator("dd.left-on")).to_have_text(day[0].isoformat())
    for name in ("结算工资", "退还工作证件", "清理办公设备"):
        page.get_by_role("button", name=f"办理 {name}").click()
        # the status reads the same after each item: wait for this item's button to go, which
        # only the page after this post shows (a click on the old page would post a stale form)
        expect(page.get_by_role("button", name=f"办理 {name}")).to_have_count(0)
        expect(page.get_by_role("status")).to_have_text("离职手续已记录。")
        page.wait_for_load_state("load")
    page.get_by_label("本人对培训和淘汰的意见").fill("节奏偏快，但理解结果")
    page.get_by_label("评价与职业建议").fill("表达清楚，可考虑电话回访类岗位")
    page.get_by_role("button", name="记录离职面谈").click()
    expect(page.get_by_role("status")).to_have_text("离职面谈已记录。")
    expect(page.locator("ul.checklist")).not_to_contain_text("未办理")
    screenshot("case-final")
    _sign_out(page)

    # the manager reads the case as it ended
    sign_in(page, "manager", case_url)
    expect(page.locator("dd.state")).to_have_text("已生效")
    expect(page.locator("ol.actions li")).to_have_count(11)
    with unit_of_work(engine_for(demo_center.database_url)) as session:
        record = current_record(session, ACCOUNT_OF)
        assert record is not None
        assert (record.status, record.leave_reason, record.left_on) == (
            "left",
            "eliminated",
            day[0],
        )
