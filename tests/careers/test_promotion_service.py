"""Promotion cases end to end on a real database (SQLite and PostgreSQL): apply, three
reviews, a notice in working days, an objection, the answer, final, the register next month."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import add_user, get_user, viewer_of
from kefu.careers import promotion_service as promotion
from kefu.careers.models import PerformanceIndicator
from kefu.db import unit_of_work
from kefu.errors import Forbidden, KefuError
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.rules import month_state
from kefu.people.service import histories
from kefu.periods import Month
from kefu.policy.loader import read_policy_text
from kefu.policy.service import use_policy, use_policy_text
from kefu.workdays.calendar import WorkCalendar
from kefu.workflow import service as cases
from kefu.workflow.models import CaseAction
from kefu.workflow.rules import Conflict

CALENDAR = WorkCalendar()
APPLIED = date(2026, 11, 24)  # a Tuesday in November, an application month of the demo policy
GOOD = {
    "satisfaction": Decimal("95"),
    "avg_response_minutes": Decimal("1.5"),
    "on_time_response_pct": Decimal("96"),
    "resolution_pct": Decimal("92"),
    "complaint_pct": Decimal("0.8"),
    "kpi_completion_pct": Decimal("108"),
}
PEOPLE = {
    # username: (工号, name, role of the record, access role, level, team)
    "agent": ("1001", "王芳", "csr", "agent", "初级客服", "客服一部1组"),
    "leader": ("2001", "李强", "team_leader", "team_leader", "高级客服", "客服一部1组"),
    "hr": ("3001", "张敏", "csr", "hr", "高级客服", None),
    "hr2": ("3002", "赵静", "csr", "hr", "高级客服", None),
    "boss": ("4001", "刘伟", "manager", "manager", "客服经理", None),
    "colleague": ("5001", "陈杰", "csr", "agent", "中级客服", "客服一部2组"),
}


def make_center(session: Session, policy_text: str | None = None) -> None:
    if policy_text is None:
        use_policy(session, "demo", Month(2026, 1), "test")
    else:
        use_policy_text(session, policy_text, "test", Month(2026, 1), "test")
    for username, (no, name, role, access, level, team) in PEOPLE.items():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2023, 1, 5),
                name=name,
                department="客服一部",
                team=team,
                role=role,
                level=level,
                status="regular",
                hired_on=date(2023, 1, 5),
                converted_on=date(2023, 4, 5),
                recorded_by="test",
                source="test",
            )
        )
        session.flush()
        add_user(session, "test", username, "Test-Account-Pass-9", access, name, no)
        if username == "agent":
            for m in range(5, 11):
                session.add(
                    PerformanceIndicator(
                        employee_id=emp.id,
                        month=f"2026-{m:02d}",
                        skills_exam_score=Decimal(88) if m == 9 else None,
                        violations=0,
                        **GOOD,
                    )
                )
    session.flush()
    promotion.open_round(session, as_(session, "hr"), date(2026, 11, 2))


def as_(session: Session, username: str) -> Viewer:
    return viewer_of(session, get_user(session, username))


def apply(session: Session, on: date = APPLIED) -> int:
    case = promotion.apply(
        session,
        as_(session, "agent"),
        achievements="满意度连续半年 95 分以上",
        growth="学会处理复杂投诉",
        plan="带教新人，分担组长的质检复核",
        today=on,
    )
    return case.id


def review(
    session: Session, case_id: int, username: str, on: date = APPLIED, **extra: object
) -> None:
    case = cases.get_case(session, case_id)
    promotion.decide(
        session,
        as_(session, username),
        case_id,
        "approve",
        f"{username} 同意",
        case.version,
        on,
        CALENDAR,
        **extra,  # type: ignore[arg-type]
    )


def test_R_PRO_2_an_eligible_agent_applies_in_an_application_month(session: Session) -> None:
    make_center(session)
    case = cases.get_case(session, apply(session))
    assert case.state == "dept_review"
    assert case.data["from_level"] == "初级客服" and case.data["to_level"] == "中级客服"
    holds = {c["code"]: c["holds"] for c in case.data["check"]["conditions"]}
    assert holds["satisfaction"] is True and holds["supervisor_assessment"] is None


def test_R_PRO_2_an_application_outside_the_window_is_refused(session: Session) -> None:
    make_center(session)
    with pytest.raises(KefuError, match="R-PRO-2"):
        apply(session, date(2026, 10, 30))


def test_R_PRO_2_hr_opens_a_round_only_in_an_application_month_and_once(
    session: Session,
) -> None:
    make_center(session)  # opened the November round on 2 November
    found = promotion.round_on(session, APPLIED)
    assert found is not None and (found.month, found.closes_on) == ("2026-11", date(2026, 11, 30))
    with pytest.raises(KefuError, match="已经开放过"):
        promotion.open_round(session, as_(session, "hr"), date(2026, 11, 20))
    with pytest.raises(KefuError, match="R-PRO-2"):
        promotion.open_round(session, as_(session, "hr"), date(2026, 10, 20))
    with pytest.raises(Forbidden):
        promotion.open_round(session, as_(session, "agent"), date(2027, 5, 3))


def test_R_PRO_2_no_application_after_the_round_closes(session: Session) -> None:
    make_center(session)
    found = promotion.round_on(session, APPLIED)
    assert found is not None
    found.closes_on = date(2026, 11, 20)
    session.flush()
    with pytest.raises(KefuError, match="尚未开放或已截止"):
        apply(session)


def test_R_PRO_1_a_failing_condition_refuses_the_application_and_names_it(session: Session) -> None:
    make_center(session)
    row = session.scalars(
        select(PerformanceIndicator).where(PerformanceIndicator.month == "2026-10")
    ).one()
    row.complaint_pct = Decimal("5.5")  # mean of Aug–Oct 2.37%: the demo's maximum is 2%
    session.flush()
    with pytest.raises(KefuError, match="投诉率"):
        apply(session)


def test_R_PRO_3_the_whole_way_to_final_and_the_register_next_month(session: Session) -> None:
    make_center(session)
    case_id = apply(session)
    review(session, case_id, "leader")
    review(session, case_id, "hr", interview_score=Decimal("86"))
    review(session, case_id, "boss")
    case = cases.get_case(session, case_id)
    assert case.state == "notice"
    # 3 working days from Tuesday 24 November: 24, 25, 26
    assert (case.notice_first_day, case.notice_last_day) == (APPLIED, date(2026, 11, 26))
    objection = promotion.object_to(
        session, as_(session, "colleague"), case_id, "他上月有一次投诉未计入", date(2026, 11, 26)
    )
    with pytest.raises(KefuError, match="申诉未答复"):
        promotion.finalize(session, as_(session, "hr"), case_id, date(2026, 11, 27))
    promotion.answer(
        session,
        as_(session, "hr"),
        objection.id,
        upheld=False,
        finding="核查投诉记录，该投诉已撤销",
        reply="经核实该投诉已由客户撤销，不影响晋升",
        today=date(2026, 11, 27),
    )
    promotion.finalize(session, as_(session, "hr"), case_id, date(2026, 11, 27))
    case = cases.get_case(session, case_id)
    assert case.state == "final"
    assert case.data["effective_on"] == "2026-12-01"
    assert case.data["training_plan"]
    history = histories(session, date(2026, 12, 31))["1001"][1]
    november = month_state("1001", history, Month(2026, 11))
    december = month_state("1001", history, Month(2026, 12))
    assert november is not None and november.current.level == "初级客服"
    assert december is not None and december.current.level == "中级客服"
    steps = [a.action for a in cases.actions(session, case_id)]
    assert steps == [
        "open",
        "decide",
        "decide",
        "decide",
        "publish",
        "object",
        "answer",
        "finalize",
    ]
    interview = session.scalars(
        select(CaseAction).where(CaseAction.case_id == case_id, CaseAction.stage == "hr_review")
    ).one()
    assert interview.data["interview_score"] == "86"


def test_R_PUB_1_an_upheld_objection_rejects_the_case_and_the_register_stays(
    session: Session,
) -> None:
    make_center(session)
    case_id = apply(session)
    for who in ("leader", "hr", "boss"):
        review(session, case_id, who)
    objection = promotion.object_to(
        session, as_(session, "colleague"), case_id, "数据有误", date(2026, 11, 25)
    )
    promotion.answer(
        session,
        as_(session, "hr"),
        objection.id,
        upheld=True,
        finding="十月满意度数据录入错误",
        reply="申诉成立，晋升不予通过",
        today=date(2026, 11, 25),
    )
    assert cases.get_case(session, case_id).state == "rejected"
    levels = session.scalars(select(EmployeeRecord.level).where(EmployeeRecord.employee_id == 1))
    assert set(levels) == {"初级客服"}


def test_R_PUB_1_no_objection_after_the_last_notice_day(session: Session) -> None:
    make_center(session)
    case_id = apply(session)
    for who in ("leader", "hr", "boss"):
        review(session, case_id, who)
    with pytest.raises(KefuError, match="已于 2026-11-26 结束"):
        promotion.object_to(
            session, as_(session, "colleague"), case_id, "迟到的申诉", date(2026, 11, 27)
        )


def test_R_PRO_3_a_rejection_needs_its_reason_and_ends_the_case(session: Session) -> None:
    make_center(session)
    case_id = apply(session)
    case = cases.get_case(session, case_id)
    with pytest.raises(KefuError, match="审批意见"):
        promotion.decide(
            session, as_(session, "leader"), case_id, "reject", " ", case.version, APPLIED, CALENDAR
        )
    promotion.decide(
        session,
        as_(session, "leader"),
        case_id,
        "reject",
        "本季度质检复核不达标",
        case.version,
        APPLIED,
        CALENDAR,
    )
    assert cases.get_case(session, case_id).state == "rejected"


def test_R_PRO_3_reviewers_act_only_at_their_stage_and_scope(session: Session) -> None:
    make_center(session)
    case_id = apply(session)
    case = cases.get_case(session, case_id)
    with pytest.raises(Forbidden):
        promotion.decide(
            session, as_(session, "hr"), case_id, "approve", "同意", case.version, APPLIED, CALENDAR
        )
    with pytest.raises(Forbidden):  # an agent never reviews, not even a colleague's case
        promotion.decide(
            session,
            as_(session, "colleague"),
            case_id,
            "approve",
            "同意",
            case.version,
            APPLIED,
            CALENDAR,
        )
    review(session, case_id, "leader")
    inbox = cases.inbox(session, [promotion.PROMOTION], as_(session, "hr"), APPLIED)
    assert [w.what for w in inbox] == ["decide"]
    assert cases.inbox(session, [promotion.PROMOTION], as_(session, "leader"), APPLIED) == []


def test_R_PRO_4_a_new_level_paying_less_than_the_policys_share_is_refused(
    session: Session,
) -> None:
    text, _ = read_policy_text("demo")
    make_center(session, text.replace("min_new_pay_pct_of_old: 110", "min_new_pay_pct_of_old: 120"))
    case_id = apply(session)
    review(session, case_id, "leader")
    review(session, case_id, "hr")
    with pytest.raises(KefuError, match="R-PRO-4"):
        review(session, case_id, "boss")  # 中级 4800 < 120% of 初级 4200 (5040)
    assert cases.get_case(session, case_id).state == "approval"


def test_R_PRO_3_a_decision_on_an_old_version_is_a_conflict(session: Session) -> None:
    make_center(session)
    case_id = apply(session)
    seen = cases.get_case(session, case_id).version
    review(session, case_id, "leader")
    with pytest.raises(Conflict, match="已被他人处理"):
        promotion.decide(
            session, as_(session, "boss"), case_id, "approve", "同意", seen, APPLIED, CALENDAR
        )


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_R_PRO_3_two_hr_reviewers_at_once_exactly_one_wins(engine: Engine) -> None:
    """Two transactions on the production database (PostgreSQL) decide the same version."""
    with unit_of_work(engine) as s:
        make_center(s)
        case_id = apply(s)
        review(s, case_id, "leader")
    with unit_of_work(engine) as s:
        seen = cases.get_case(s, case_id).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(username: str) -> None:
        try:
            with unit_of_work(engine) as s:
                viewer = as_(s, username)
                cases.get_case(s, case_id)
                barrier.wait()
                promotion.decide(
                    s, viewer, case_id, "approve", f"{username} 复审通过", seen, APPLIED, CALENDAR
                )
            outcomes[username] = "won"
        except Conflict as exc:
            outcomes[username] = exc.message

    threads = [threading.Thread(target=act, args=(u,)) for u in ("hr", "hr2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v == "won" for v in outcomes.values()) == [False, True]
    loser = next(v for v in outcomes.values() if v != "won")
    assert "已被他人处理" in loser
    with unit_of_work(engine) as s:
        decided = [a for a in cases.actions(s, case_id) if a.stage == "hr_review"]
        assert len(decided) == 1 and cases.get_case(s, case_id).state == "approval"
