"""QA reports and improvement plans on the database (R-QA-1, R-PRV-1)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.audit.models import AuditEvent
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.policy.service import load_policy
from kefu.qa_reports import export
from kefu.qa_reports import service as qa_reports
from kefu.qa_reports.service import PlanIn
from tests.qa_reports import DAY, PEOPLE, as_, make_center, make_evaluation, make_scorecard

MONDAY = date(2026, 11, 2)


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session, accounts=True)
    card = make_scorecard(session)
    # this week: the agent twice (greeting lost both times), the teammate, an outsider
    make_evaluation(
        session,
        card,
        "agent",
        MONDAY,
        "80",
        lost={"greeting": "5"},
        state="final",
        final_score="82",
    )
    make_evaluation(session, card, "agent", DAY, "70", lost={"greeting": "4"}, na=("hold",))
    make_evaluation(session, card, "teammate", DAY, "95")
    make_evaluation(session, card, "outsider", DAY, "60", lost={"taboo": "0"}, critical=True)
    # never counted: a draft, a calibration scoring, a contact of the Monday after
    make_evaluation(session, card, "agent", DAY, "10", state="draft")
    make_evaluation(session, card, "agent", DAY, "20", purpose="calibration")
    make_evaluation(session, card, "agent", MONDAY + timedelta(days=7), "30")
    # last week: the agent did worse
    make_evaluation(session, card, "agent", MONDAY - timedelta(days=1), "60")
    return session


def test_R_QA_1_the_week_counts_monitoring_that_reached_the_agent_with_final_scores(
    center: Session,
) -> None:
    view = qa_reports.report(center, as_("qa"), "week", DAY)
    report = view.report
    assert (report.period.start, report.period.end) == (MONDAY, MONDAY + timedelta(days=6))
    assert report.total.count == 4 and report.finals == 1 and report.total.critical == 1
    agent = next(a for a in report.agents if a.employee_no == "1001")
    assert agent.stats.mean == Decimal(76)  # (82 final + 70) / 2
    assert agent.name == "王芳"
    assert view.scope == "center" and view.scope_label == "全中心"


def test_R_PRV_1_a_leaders_report_counts_only_their_team(center: Session) -> None:
    report = qa_reports.report(center, as_("leader"), "week", DAY).report
    assert {a.employee_no for a in report.agents} == {"1001", "1002"}
    assert report.total.count == 3 and report.total.critical == 0
    assert [(g.department, g.team) for g in report.teams] == [("客服一部", "1组")]
    assert all(i.key != "taboo" or i.lost == 0 for i in report.items)


def test_R_PRV_1_reports_are_refused_to_agents(center: Session) -> None:
    with pytest.raises(Forbidden):
        qa_reports.report(center, as_("agent"), "week", DAY)


def test_R_QA_1_a_team_filter_narrows_within_the_scope(center: Session) -> None:
    report = qa_reports.report(center, as_("hr"), "day", DAY, team="1组").report
    assert {a.employee_no for a in report.agents} == {"1001", "1002", "1101"}
    assert qa_reports.report(center, as_("hr"), "day", DAY, team="9组").report.agents == ()


def test_R_QA_1_who_improves_compares_with_the_week_before(center: Session) -> None:
    changes = qa_reports.report(center, as_("qa"), "week", DAY).report.improvement
    assert (changes[0].employee_no, changes[0].change) == ("1001", Decimal(16))
    assert {c.employee_no for c in changes[1:]} == {"1002", "1101"}
    assert all(c.change is None for c in changes[1:])


def test_R_QA_1_an_empty_day_is_an_empty_report(center: Session) -> None:
    report = qa_reports.report(center, as_("qa"), "day", date(2026, 11, 3)).report
    assert report.total.count == 0 and report.agents == ()


def test_R_QA_1_the_recurring_threshold_comes_from_the_policy() -> None:
    section = load_policy("demo").model.monitoring
    assert section is not None
    assert qa_reports.recurring_at_least(None) is None
    assert qa_reports.recurring_at_least(section) == 2
    unset = section.model_copy(update={"recurring_at_least": None})
    assert qa_reports.recurring_at_least(unset) is None


def test_R_QA_1_the_demo_policy_lists_items_lost_twice_as_recurring(center: Session) -> None:
    report = qa_reports.report(center, as_("qa"), "week", DAY).report
    assert report.recurring_at_least == 2 and report.recurring is not None


def test_R_QA_1_the_workbook_has_chinese_headers_the_scoped_rows_and_a_readme(
    center: Session,
) -> None:
    view = qa_reports.report(center, as_("leader"), "week", DAY)
    book = openpyxl.load_workbook(io.BytesIO(export.report_workbook(view)))
    assert book.sheetnames == ["座席", "班组", "部门", "评分项", "重复问题", "进步情况", "说明"]
    rows = list(book["座席"].iter_rows(values_only=True))
    assert rows[0][:3] == ("工号", "姓名", "部门")
    assert {r[0] for r in rows[1:]} == {"1001", "1002"}
    agent = next(r for r in rows[1:] if r[0] == "1001")
    assert agent[4] == 2 and agent[6] == 76 and "标准问候语 2 次" in agent[10]
    readme = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert readme["期间"] == "2026-W45 (2026-11-02 至 2026-11-08)"
    assert readme["范围"] == "客服一部 1组"
    assert readme["重复问题门槛"] == "2"
    items = list(book["评分项"].iter_rows(values_only=True))
    greeting = next(r for r in items if r[1] == "greeting")
    assert greeting[4] == 2 and "标准问候语不规范" in greeting[6]
    assert export.file_name(view)[0] == "qa-report-week-2026-W45.xlsx"


# ---------------------------------------------------------------- plans


def plan_in(**overrides: Any) -> PlanIn:
    given: dict[str, Any] = {
        "employee_no": "1001",
        "problems": (("greeting", "标准问候语"),),
        "problem_text": "",
        "goal": "平均分达到 85",
        "actions": "每天复习标准用语",
        "due_on": date(2026, 11, 30),
        "target_score": Decimal(85),
        "starts_on": MONDAY,
        "next_follow_up_on": date(2026, 11, 9),
    }
    given.update(overrides)
    return PlanIn(**given)


def test_R_QA_1_a_plan_is_made_followed_up_with_the_mean_and_closed(center: Session) -> None:
    qa = as_("qa")
    plan = qa_reports.add_plan(center, qa, plan_in(), DAY)
    assert plan.owner == "qa" and plan.status == "open" and plan.team == "1组"
    note = qa_reports.follow_up(center, qa, plan.id, "回听录音", DAY, date(2026, 11, 11))
    assert note.mean_since_start == Decimal(76) and note.evaluations == 2
    view = qa_reports.plan_view(center, qa, plan.id, DAY)
    assert view.progress.reached is False and view.plan.next_follow_up_on == date(2026, 11, 11)
    qa_reports.close_plan(center, qa, plan.id, "not_achieved", "未达标", DAY)
    with pytest.raises(KefuError, match="已结束"):
        qa_reports.follow_up(center, qa, plan.id, "再跟进", DAY)
    actions = [
        e.action
        for e in center.scalars(select(AuditEvent).order_by(AuditEvent.id))
        if e.target == f"qa_plan:{plan.id}"
    ]
    assert actions == ["qa_plan.add", "qa_plan.follow_up", "qa_plan.close"]


def test_R_QA_1_the_agent_sees_and_comments_on_their_own_plan_only(center: Session) -> None:
    plan = qa_reports.add_plan(center, as_("leader"), plan_in(owner="qa"), DAY)
    note = qa_reports.comment(center, as_("agent"), plan.id, "我会注意", DAY)
    assert note.kind == "comment" and note.author == "agent"
    assert [r.plan.id for r in qa_reports.list_plans(center, as_("agent"), DAY)] == [plan.id]
    with pytest.raises(NotFound):
        qa_reports.plan_view(center, as_("teammate"), plan.id, DAY)
    with pytest.raises(Forbidden):
        qa_reports.comment(center, as_("qa"), plan.id, "代写", DAY)
    with pytest.raises(Forbidden):
        qa_reports.follow_up(center, as_("agent"), plan.id, "自己跟进", DAY)


def test_R_PRV_1_a_leader_plans_only_for_their_team(center: Session) -> None:
    with pytest.raises(NotFound):
        qa_reports.add_plan(center, as_("leader"), plan_in(employee_no="1101"), DAY)
    outsider = qa_reports.add_plan(center, as_("qa"), plan_in(employee_no="1101"), DAY)
    assert [r.plan.id for r in qa_reports.list_plans(center, as_("leader"), DAY)] == []
    with pytest.raises(NotFound):
        qa_reports.get_plan(center, as_("leader"), outsider.id)
    with pytest.raises(KefuError, match="负责人"):
        qa_reports.add_plan(center, as_("qa"), plan_in(employee_no="1101", owner="leader"), DAY)
    with pytest.raises(KefuError, match="负责人"):
        qa_reports.add_plan(center, as_("qa"), plan_in(owner="hr"), DAY)


def test_R_QA_1_a_plan_needs_a_goal_actions_a_problem_and_sane_dates(center: Session) -> None:
    qa = as_("qa")
    with pytest.raises(KefuError, match="改进目标"):
        qa_reports.add_plan(center, qa, plan_in(goal="  "), DAY)
    with pytest.raises(KefuError, match="问题描述"):
        qa_reports.add_plan(center, qa, plan_in(problems=()), DAY)
    with pytest.raises(KefuError, match="到期日"):
        qa_reports.add_plan(center, qa, plan_in(due_on=date(2026, 11, 1)), DAY)
    with pytest.raises(KefuError, match="0 到 100"):
        qa_reports.add_plan(center, qa, plan_in(target_score=Decimal(101)), DAY)


def test_R_QA_1_overdue_plans_are_listed(center: Session) -> None:
    qa = as_("qa")
    late = qa_reports.add_plan(center, qa, plan_in(), DAY)
    qa_reports.add_plan(center, qa, plan_in(next_follow_up_on=date(2026, 11, 20)), DAY)
    rows = qa_reports.list_plans(center, qa, date(2026, 11, 10), overdue_only=True)
    assert [(r.plan.id, r.overdue) for r in rows] == [(late.id, ("follow_up",))]
    changed = qa_reports.change_plan(center, qa, late.id, next_follow_up_on=date(2026, 11, 12))
    assert changed.version == 2
    assert qa_reports.list_plans(center, qa, date(2026, 11, 10), overdue_only=True) == []


def test_R_QA_1_problem_candidates_are_the_items_that_lost_points(center: Session) -> None:
    found = qa_reports.problem_candidates(center, as_("qa"), "1001", DAY)
    assert [(x.key, x.times) for x in found] == [("greeting", 2)]


def test_the_people_of_the_tests_are_in_the_register() -> None:
    assert len({no for no, *_ in PEOPLE.values()}) == len(PEOPLE)
