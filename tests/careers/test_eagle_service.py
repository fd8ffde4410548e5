"""The Eagle plan end to end on a real database (SQLite and PostgreSQL): announce, apply by
the deadline, screen and shortlist, the group of four, the notice, exams, the certificate,
the transfer in the register and the leader's replacement (R-EGL-1..3, R-PUB-1)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.careers import eagle_service as eagle
from kefu.careers.eagle import ExamOutcome
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import records_of
from kefu.periods import Month
from kefu.policy.service import policy_for, use_policy
from kefu.workdays.calendar import WorkCalendar
from kefu.workflow.rules import Conflict

CALENDAR = WorkCalendar()
ANNOUNCED = date(2026, 11, 16)  # a Monday
DEADLINE = date(2026, 11, 20)  # the Friday after
APPLIED = date(2026, 11, 18)
INTERVIEW = DEADLINE + timedelta(days=6)  # Thursday 26 November: inside 5–7 days
FINAL_DAY = date(2026, 12, 1)  # notice 26, 27 and 30 November (3 working days)
EXAM_DAY = date(2026, 12, 20)
PEOPLE = {
    # username: (工号, name, department, level, access role)
    "hr": ("3001", "张敏", "客服一部", "高级客服", "hr"),
    "boss": ("4001", "刘伟", "客服一部", "客服经理", "manager"),
    "p1": ("1001", "王芳", "电话中心", "高级客服", "agent"),
    "p2": ("1002", "李娜", "电话中心", "中级客服", "agent"),
    "p3": ("1003", "陈杰", "客服一部", "高级客服", "agent"),
    "p4": ("1004", "赵静", "客服二部", "中级客服", "agent"),
    "p5": ("1005", "孙磊", "客服一部", "中级客服", "agent"),
}
GROUP = ["1001", "1002", "1003", "1004"]  # 电话中心 ×2, 客服一部, 客服二部


def make_center(session: Session) -> None:
    use_policy(session, "demo", Month(2026, 1), "test")
    for no, name, department, level, _ in PEOPLE.values():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2024, 3, 1),
                name=name,
                department=department,
                team=f"{department}1组",
                role="csr",
                level=level,
                status="regular",
                hired_on=date(2024, 3, 1),
                converted_on=date(2024, 6, 1),
                recorded_by="test",
                source="test",
            )
        )
    session.flush()


def as_(username: str) -> Viewer:
    no, name, department, _, role = PEOPLE[username]
    return Viewer(username, role, no, department, f"{department}1组", name)  # type: ignore[arg-type]


def version(session: Session, case_id: int) -> int:
    return eagle.get_plan(session, case_id).version


def announce(session: Session) -> int:
    case = eagle.announce(
        session,
        as_("hr"),
        title="2026 年冬季雏鹰计划",
        deadline=DEADLINE,
        notes="申请表向人事部领取",
        today=ANNOUNCED,
    )
    return case.id


def apply(
    session: Session, case_id: int, username: str, months: str = "1.5", on: date = APPLIED
) -> None:
    eagle.apply(
        session,
        as_(username),
        case_id,
        results_summary="满意度连续半年 95 分以上",
        supervisor_comment="业务熟练，乐于助人",
        progress="第一个月 SOSO 后台，第二个月 GAP",
        method="组内互教，每周一次小测",
        exam_dates="2026-12 中旬",
        plan_months=Decimal(months),
        conversion_exam_score=Decimal(90) - int(PEOPLE[username][0][-1]),
        seen_version=version(session, case_id),
        today=on,
    )


def figures(session: Session, case_id: int, no: str, complaints: int = 0) -> None:
    entry = eagle.application_of(eagle.get_plan(session, case_id), no)
    assert entry is not None
    score = entry["conversion_exam_score"]
    eagle.record_figures(
        session,
        as_("hr"),
        case_id,
        no,
        major_complaints=complaints,
        conversion_exam_score=Decimal(score) if score is not None else None,
        extra_awards=[],
        seen_version=version(session, case_id),
        today=DEADLINE,
    )


def decide(session: Session, case_id: int, username: str, on: date) -> None:
    eagle.decide(
        session,
        as_(username),
        case_id,
        "approve",
        f"{username} 同意",
        version(session, case_id),
        on,
        CALENDAR,
    )


def screening_stage(
    session: Session, applicants: tuple[str, ...] = ("p1", "p2", "p3", "p4")
) -> int:
    """A plan whose applications are closed, every figure entered: waiting for screening."""
    make_center(session)
    case_id = announce(session)
    for username in applicants:
        apply(session, case_id, username)
        figures(session, case_id, PEOPLE[username][0])
    decide(session, case_id, "hr", DEADLINE)
    return case_id


def shortlist(
    session: Session, case_id: int, members: list[str] | None = None, interview: date = INTERVIEW
) -> None:
    eagle.set_shortlist(
        session,
        as_("hr"),
        case_id,
        members=members,
        shortlist_on=DEADLINE + timedelta(days=1),
        interview_on=interview,
        seen_version=version(session, case_id),
        today=DEADLINE + timedelta(days=1),
    )


PANEL = {"gm": "周总", "deputy_gm": "吴副总", "cs_director": "郑总监", "hr_manager": "冯经理"}


def group(session: Session, case_id: int, members: list[str], leader: str) -> None:
    eagle.record_group(
        session,
        as_("boss"),
        case_id,
        panel=PANEL,
        members=members,
        leader=leader,
        seen_version=version(session, case_id),
        today=INTERVIEW,
    )


def final_group(session: Session) -> int:
    """A plan made final: the group 1001–1004 with 1001 as leader."""
    case_id = screening_stage(session)
    shortlist(session, case_id)
    decide(session, case_id, "hr", DEADLINE + timedelta(days=1))
    group(session, case_id, GROUP, "1001")
    decide(session, case_id, "boss", INTERVIEW)
    eagle.finalize(session, as_("hr"), case_id, FINAL_DAY)
    return case_id


def exams(
    session: Session,
    case_id: int,
    no: str,
    soso: str | None,
    gap: str | None,
    prior: tuple[date, str] | None = None,
) -> ExamOutcome:
    return eagle.record_exams(
        session,
        as_("hr"),
        case_id,
        no,
        soso_score=Decimal(soso) if soso else None,
        gap_score=Decimal(gap) if gap else None,
        prior_gap=(prior[0], Decimal(prior[1])) if prior else None,
        seen_version=version(session, case_id),
        today=EXAM_DAY,
    )


# ---------------------------------------------------------------- applications


def test_R_EGL_1_an_application_after_the_deadline_is_refused_with_the_date(
    session: Session,
) -> None:
    make_center(session)
    case_id = announce(session)
    apply(session, case_id, "p1", on=DEADLINE)  # the deadline day itself is in time
    with pytest.raises(KefuError, match="2026-11-20"):
        apply(session, case_id, "p2", on=DEADLINE + timedelta(days=1))
    case = eagle.get_plan(session, case_id)
    entry = eagle.application_of(case, "1001")
    assert entry is not None
    assert (entry["hired_on"], entry["level"], entry["department"]) == (
        "2024-03-01",
        "高级客服",
        "电话中心",
    )
    assert entry["conversion_exam_by"] == "self" and entry["major_complaints"] is None
    assert eagle.application_of(case, "1002") is None
    assert case.involved == ["1001"]
    with pytest.raises(KefuError, match="已申请"):
        apply(session, case_id, "p1", on=DEADLINE)


def test_R_EGL_1_awards_come_from_the_closed_months_of_the_last_year(session: Session) -> None:
    make_center(session)
    version_id = policy_for(session, Month(2026, 10)).version_id
    for period, theme in (("2026-10", "全勤奖"), ("2025-12", "进步奖"), ("2025-11", "优质服务奖")):
        close = PeriodClose(
            kind="monthly",
            period=period,
            revision=1,
            closed_by="test",
            policy_version_id=version_id,
            inputs_digest="x",
            summary={},
            changes={},
        )
        session.add(close)
        session.flush()
        session.add(
            MonthlyResult(
                close_id=close.id,
                employee_no="1001",
                name="王芳",
                grp="",
                role="csr",
                department="电话中心",
                score=None,
                rank=None,
                pool_size=1,
                tier=None,
                bonus=Decimal(0),
                eligible=True,
                awards=[{"key": "k", "theme": theme, "theme_en": theme, "amount": "100"}],
                star_wage=Decimal(0),
                clean_streak=0,
                inputs={},
                reasons=[],
            )
        )
    session.flush()
    # November 2026 and the 11 months before it: December 2025 is in, November 2025 is not
    assert eagle.awards_won(session, "1001", APPLIED, 12) == [
        {"month": "2025-12", "theme": "进步奖"},
        {"month": "2026-10", "theme": "全勤奖"},
    ]
    # without a window (the seed sets none), every closed month counts
    assert [a["month"] for a in eagle.awards_won(session, "1001", APPLIED, None)] == [
        "2025-11",
        "2025-12",
        "2026-10",
    ]


# ---------------------------------------------------------------- screening and shortlist


def test_R_EGL_1_screening_flags_a_three_month_plan_but_keeps_the_applicant(
    session: Session,
) -> None:
    make_center(session)
    case_id = announce(session)
    apply(session, case_id, "p1", months="3")
    apply(session, case_id, "p2")
    found = eagle.screening(session, eagle.get_plan(session, case_id))
    assert found.problem is None and found.missing_complaints == ("1001", "1002")
    rows = {r.employee_no: r for r in found.rows}
    assert rows["1001"].qualified and rows["1001"].flagged and rows["1001"].place == 1
    assert [s.code for s in rows["1001"].reasons] == ["eagle.plan_months"]
    assert rows["1002"].qualified and not rows["1002"].flagged
    # 1002 is behind on the conversion exam (88 < 89): the ranking says so
    behind = next(s for s in rows["1002"].steps if s.code == "eagle.behind")
    assert behind.args["criterion"] == "exam"


def test_R_EGL_1_the_schedule_flags_an_interview_eight_days_after_the_deadline(
    session: Session,
) -> None:
    case_id = screening_stage(session)
    shortlist(session, case_id, interview=DEADLINE + timedelta(days=8))
    case = eagle.get_plan(session, case_id)
    assert case.data["shortlist"]["members"] == GROUP  # default: every qualified applicant
    steps = {s.code: s for s in eagle.schedule_steps(session, case)}
    interview = steps["eagle.schedule.interview"]
    assert interview.reason and interview.args["state"] == "outside"
    assert interview.args["to"] == "2026-11-27"
    assert not steps["eagle.schedule.shortlist"].reason
    decide(session, case_id, "hr", DEADLINE + timedelta(days=1))  # a flag, not a refusal
    assert eagle.get_plan(session, case_id).state == "interview"


def test_R_EGL_1_only_qualified_applicants_with_complaints_entered_are_shortlisted(
    session: Session,
) -> None:
    make_center(session)
    case_id = announce(session)
    for username in ("p1", "p3", "p5"):
        apply(session, case_id, username)
    figures(session, case_id, "1001")
    figures(session, case_id, "1005", complaints=1)
    decide(session, case_id, "hr", DEADLINE)
    with pytest.raises(KefuError, match="初审不合格"):
        shortlist(session, case_id, ["1001", "1005"])
    with pytest.raises(KefuError, match="1003 的重大投诉"):
        shortlist(session, case_id, ["1001", "1003"])
    found = eagle.screening(session, eagle.get_plan(session, case_id))
    five = next(r for r in found.rows if r.employee_no == "1005")
    assert not five.qualified and five.place is None
    assert any(s.code == "eagle.complaints" and s.reason for s in five.steps)


def test_R_EGL_1_applications_close_from_the_deadline_and_only_hr_closes_them(
    session: Session,
) -> None:
    make_center(session)
    case_id = announce(session)
    with pytest.raises(KefuError, match="没有人申请"):
        decide(session, case_id, "hr", DEADLINE)
    apply(session, case_id, "p1")
    with pytest.raises(KefuError, match="截止日起"):
        decide(session, case_id, "hr", DEADLINE - timedelta(days=1))
    with pytest.raises(Forbidden):
        decide(session, case_id, "p2", DEADLINE)
    with pytest.raises(Forbidden):  # a manager does not decide the 报名 stage
        decide(session, case_id, "boss", DEADLINE)
    decide(session, case_id, "hr", DEADLINE)
    assert eagle.get_plan(session, case_id).state == "screening"


def test_a_change_on_a_stale_version_is_a_conflict_and_nothing_is_written(
    session: Session,
) -> None:
    case_id = screening_stage(session)
    seen = version(session, case_id)
    shortlist(session, case_id)
    with pytest.raises(Conflict):
        eagle.set_shortlist(
            session,
            as_("hr"),
            case_id,
            members=["1001"],
            shortlist_on=DEADLINE,
            interview_on=INTERVIEW,
            seen_version=seen,
            today=DEADLINE,
        )
    assert eagle.get_plan(session, case_id).data["shortlist"]["members"] == GROUP


# ---------------------------------------------------------------- group and notice


def test_R_EGL_2_a_group_that_does_not_match_the_seats_is_refused(session: Session) -> None:
    case_id = screening_stage(session, ("p1", "p2", "p3", "p4", "p5"))
    shortlist(session, case_id)
    decide(session, case_id, "hr", DEADLINE + timedelta(days=1))
    with pytest.raises(KefuError, match="部门与名额不符"):
        group(session, case_id, ["1001", "1003", "1004", "1005"], "1001")
    with pytest.raises(KefuError, match="不是小组成员"):
        group(session, case_id, GROUP, "1005")
    with pytest.raises(KefuError, match="应有 4 名成员"):
        group(session, case_id, GROUP[:3], "1001")
    with pytest.raises(Forbidden):  # the interview stage is the manager's
        eagle.record_group(
            session,
            as_("hr"),
            case_id,
            panel=PANEL,
            members=GROUP,
            leader="1001",
            seen_version=version(session, case_id),
            today=INTERVIEW,
        )
    assert eagle.get_plan(session, case_id).data["group"] is None
    group(session, case_id, GROUP, "1001")
    assert eagle.member_numbers(eagle.get_plan(session, case_id)) == GROUP


def test_R_PUB_1_the_group_goes_on_notice_and_becomes_final_after_the_objection_is_answered(
    session: Session,
) -> None:
    case_id = screening_stage(session)
    shortlist(session, case_id)
    decide(session, case_id, "hr", DEADLINE + timedelta(days=1))
    group(session, case_id, GROUP, "1001")
    decide(session, case_id, "boss", INTERVIEW)
    case = eagle.get_plan(session, case_id)
    assert case.state == "notice"
    assert (case.notice_first_day, case.notice_last_day) == (INTERVIEW, date(2026, 11, 30))
    assert [r["employee_no"] for r in case.data["screening"]] == GROUP
    objection = eagle.object_to(session, as_("p5"), case_id, "1004 上月有重大投诉", INTERVIEW)
    with pytest.raises(KefuError, match="申诉未答复"):
        eagle.finalize(session, as_("hr"), case_id, FINAL_DAY)
    with pytest.raises(Forbidden):  # an applicant does not answer objections to their plan
        eagle.answer(
            session, as_("p1"), objection.id, upheld=False, finding="x", reply="y", today=FINAL_DAY
        )
    eagle.answer(
        session,
        as_("hr"),
        objection.id,
        upheld=False,
        finding="核查投诉记录，该投诉已撤销",
        reply="经核实该投诉已由客户撤销",
        today=FINAL_DAY,
    )
    eagle.finalize(session, as_("hr"), case_id, FINAL_DAY)
    case = eagle.get_plan(session, case_id)
    assert case.state == "final" and eagle.current_leader(case) == "1001"
    actions = [entry["action"] for entry in case.data["log"]]
    assert actions.count("apply") == 4 and "shortlist" in actions and "group" in actions


# ---------------------------------------------------------------- exams, certificate, transfer


def test_R_EGL_3_a_prior_gap_score_exactly_six_months_before_the_application_exempts(
    session: Session,
) -> None:
    case_id = final_group(session)
    # applied 2026-11-18: the window starts 2026-05-18, inclusive
    edge = exams(session, case_id, "1001", "85", None, (date(2026, 5, 18), "80"))
    assert edge.gap_exempt and edge.passed is True
    late = exams(session, case_id, "1002", "85", None, (date(2026, 5, 17), "95"))
    assert not late.gap_exempt and late.passed is None  # the GAP exam is still needed
    case = eagle.get_plan(session, case_id)
    assert case.data["exams"]["1001"]["gap_exempt"] is True
    assert case.data["exams"]["1002"]["passed"] is None


def test_R_EGL_3_only_a_member_who_passed_gets_a_certificate(session: Session) -> None:
    case_id = final_group(session)
    exams(session, case_id, "1001", "85", "80")
    exams(session, case_id, "1002", "79.5", "90")
    exams(session, case_id, "1003", "90", None)
    found = eagle.certificate(session, as_("p1"), case_id, "1001")
    assert (found.name, found.soso_score, found.gap_score) == ("王芳", "85", "80")
    assert found.department == "VIP客服部" and found.issued_on == EXAM_DAY.isoformat()
    assert (
        eagle.certificate(session, as_("hr"), case_id, "1001").plan_title == "2026 年冬季雏鹰计划"
    )
    for no in ("1002", "1003", "1004"):
        with pytest.raises(NotFound):
            eagle.certificate(session, as_("hr"), case_id, no)
    with pytest.raises(NotFound):  # another member does not see someone else's certificate
        eagle.certificate(session, as_("p2"), case_id, "1001")


def test_R_EGL_3_the_transfer_writes_the_register_record_from_the_next_day(
    session: Session,
) -> None:
    case_id = final_group(session)
    exams(session, case_id, "1001", "85", "88")
    exams(session, case_id, "1002", "60", "88")
    with pytest.raises(KefuError, match="尚未通过"):
        eagle.transfer(session, as_("hr"), case_id, "1002", version(session, case_id), EXAM_DAY)
    eagle.transfer(session, as_("hr"), case_id, "1001", version(session, case_id), EXAM_DAY)
    history = records_of(session, "1001")
    new = history[-1]
    assert new.effective_on == EXAM_DAY + timedelta(days=1)
    assert (new.department, new.team, new.level, new.status) == (
        "VIP客服部",
        None,
        "高级客服",
        "regular",
    )
    assert new.recorded_by == f"eagle:{case_id}" and history[-2].department == "电话中心"
    with pytest.raises(KefuError, match="已调动"):
        eagle.transfer(session, as_("hr"), case_id, "1001", version(session, case_id), EXAM_DAY)
    with pytest.raises(KefuError, match="已调入"):
        exams(session, case_id, "1001", "90", "90")
    assert eagle.certificate(session, as_("p1"), case_id, "1001").transferred_on == "2026-12-21"


# ---------------------------------------------------------------- the leader


def complain(session: Session, case_id: int, username: str) -> int:
    entry = eagle.file_complaint(
        session,
        as_(username),
        case_id,
        "学习计划一再拖延，未报备人事部",
        version(session, case_id),
        EXAM_DAY,
    )
    return int(entry["id"])


def judge(session: Session, case_id: int, complaint_id: int, valid: bool) -> None:
    eagle.judge_complaint(
        session,
        as_("hr"),
        case_id,
        complaint_id,
        valid=valid,
        note="核实属实" if valid else "理由不成立",
        seen_version=version(session, case_id),
        today=EXAM_DAY,
    )


def replace(session: Session, case_id: int, new_leader: str) -> None:
    eagle.replace_leader(
        session, as_("hr"), case_id, new_leader, version(session, case_id), EXAM_DAY
    )


def test_R_EGL_2_the_leader_is_replaced_only_on_valid_complaints_of_more_than_half(
    session: Session,
) -> None:
    case_id = final_group(session)
    with pytest.raises(KefuError, match="组长不能投诉自己"):
        complain(session, case_id, "p1")
    with pytest.raises(Forbidden):  # not a member
        complain(session, case_id, "p5")
    judge(session, case_id, complain(session, case_id, "p2"), True)
    judge(session, case_id, complain(session, case_id, "p3"), True)
    invalid = complain(session, case_id, "p4")
    judge(session, case_id, invalid, False)
    status = eagle.leader_status(session, eagle.get_plan(session, case_id))
    assert status is not None and not status.must_replace  # 2 of 4 is not more than half
    with pytest.raises(KefuError, match="不能另立组长"):
        replace(session, case_id, "1002")
    judge(session, case_id, complain(session, case_id, "p4"), True)
    status = eagle.leader_status(session, eagle.get_plan(session, case_id))
    assert status is not None and status.must_replace  # 3 of 4 is
    with pytest.raises(KefuError, match="不是小组成员"):
        replace(session, case_id, "1005")
    replace(session, case_id, "1002")
    case = eagle.get_plan(session, case_id)
    assert eagle.current_leader(case) == "1002"
    # complaints about the old leader do not count against the new one
    status = eagle.leader_status(session, case)
    assert status is not None and not status.must_replace
    with pytest.raises(KefuError, match="已认定"):
        judge(session, case_id, invalid, True)
