"""The demo center's improvement plans (改进计划, R-QA-1).

Two plans made on the demo's newest monitoring day: one for the demo agent, owned by QA and
already followed up once; one for a teammate, owned by the team leader. Their problems are the
scorecard items the demo's evaluations found losing points (a plain description when there are
none).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import get_user, viewer_of
from kefu.people.service import roster
from kefu.qa_reports import service as qa_reports

# the demo's own figures (not policy): a plan runs four weeks, follow-ups are weekly
PLAN_DAYS = 28
FOLLOW_UP_DAYS = 7
AGENT_TARGET = Decimal(85)
TEAMMATE_TARGET = Decimal(80)


def load(session: Session, today: date) -> list[str]:
    """Add the demo's improvement plans as of ``today``; one line a thing done, for the log."""
    qa = viewer_of(session, get_user(session, "qa"))
    leader = viewer_of(session, get_user(session, "leader"))
    agent = viewer_of(session, get_user(session, "agent"))
    assert agent.employee_no is not None
    mine = dict(roster(session))[agent.employee_no]
    teammate = next(
        (
            no
            for no, r in roster(session)
            if no != agent.employee_no
            and r.role == "csr"
            and (r.department, r.team) == (mine.department, mine.team)
            and (r.left_on is None or r.left_on > today)
        ),
        None,
    )
    first = qa_reports.add_plan(
        session,
        qa,
        _plan(session, qa, agent.employee_no, today, AGENT_TARGET, "qa"),
        today,
    )
    qa_reports.follow_up(
        session,
        qa,
        first.id,
        "与座席一起回听了 11 月 2 日的录音，逐句对照标准用语；座席表示理解，下周再抽查两通电话。",
        today,
        today + timedelta(days=FOLLOW_UP_DAYS),
    )
    lines = [f"改进计划 #{first.id}: {agent.employee_no} (负责人 qa，已跟进 1 次)"]
    if teammate is not None:
        second = qa_reports.add_plan(
            session,
            leader,
            _plan(session, leader, teammate, today, TEAMMATE_TARGET, "leader"),
            today,
        )
        lines.append(f"改进计划 #{second.id}: {teammate} (负责人 leader)")
    return lines


def _plan(
    session: Session, viewer: Viewer, employee_no: str, today: date, target: Decimal, owner: str
) -> qa_reports.PlanIn:
    losing = qa_reports.problem_candidates(session, viewer, employee_no, today)[:3]
    problems = tuple((x.key, x.name) for x in losing)
    text = (
        "监控中多次在这些评分项失分，需要针对性练习。"
        if problems
        else "通话中标准用语使用不规范，结束通话前未确认客户问题已解决。"
    )
    return qa_reports.PlanIn(
        employee_no=employee_no,
        problems=problems,
        problem_text=text,
        goal=f"四周内监控平均分达到 {target} 分，相同问题不再重复出现",
        target_score=target,
        actions="每天班前复习标准用语；QA 每周抽听两通电话并反馈；组长在班后会点评。",
        owner=owner,
        starts_on=today,
        due_on=today + timedelta(days=PLAN_DAYS),
        next_follow_up_on=today + timedelta(days=FOLLOW_UP_DAYS),
    )
