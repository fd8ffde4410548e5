"""Use cases of promotion (晋升): my next level, who is eligible, apply, review, notice, final.

The ladder's conditions are checked with the register, the monthly performance indicators
and the policy in force (R-PRO-1); the case moves through PROMOTION's reviews (R-PRO-3);
on becoming final the new level is entered in the register from the next month, its pay
checked against the old (R-PRO-4) and the promotion training plan attached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.careers import ladder
from kefu.careers.flows import PROMOTION
from kefu.careers.models import PerformanceIndicator, PromotionRound
from kefu.errors import Conflict, Forbidden, KefuError, NotFound
from kefu.exams import service as exam_feed
from kefu.exams.rules import ExamScore
from kefu.explain.trace import Step, num
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.rules import RecordView
from kefu.people.service import RECORD_FIELDS, latest_records, records_of
from kefu.people.service import histories as people_histories
from kefu.periods import Month
from kefu.policy.lint import SCALE_TOP
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Promotion
from kefu.policy.service import policy_for
from kefu.workflow import service as cases
from kefu.workflow.models import Case
from kefu.workflow.rules import ENDS, Calendar, Decision

# conditions the reviews decide: unknown when applying, settled at the department review
REVIEWED_CONDITIONS = frozenset({"supervisor_assessment"})


def may_apply(check: ladder.LadderCheck) -> bool:
    """No condition fails, and every one is decided except those the reviews settle."""
    return all(
        c.holds is True or (c.holds is None and c.code in REVIEWED_CONDITIONS)
        for c in check.conditions
    )


def promotion_policy(session: Session, on: date) -> tuple[Promotion, LoadedPolicy]:
    """The promotion section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month(on.year, on.month)).policy
    section = loaded.model.promotion
    if section is None:
        raise KefuError(
            f"政策 {loaded.name} 没有晋升制度 (promotion) 一节:无法检查晋升条件 (R-PRO-1)"
        )
    return section, loaded


@dataclass(frozen=True)
class Standing:
    """A person against the next rung of the ladder, as of a day."""

    employee_no: str
    name: str
    department: str
    team: str | None
    level: str | None
    level_since: date | None
    check: ladder.LadderCheck | None
    reason: str | None  # why there is no check: at the top, no level, …


def _figures(
    session: Session, employee_id: int, promotion: Promotion
) -> tuple[list[ladder.MonthIndicators], ladder.ExamResult | None, list[ladder.Violation]]:
    rows = list(
        session.scalars(
            select(PerformanceIndicator)
            .where(PerformanceIndicator.employee_id == employee_id)
            .order_by(PerformanceIndicator.month)
        )
    )
    return _from_rows(rows, promotion)


def _from_rows(
    rows: Sequence[PerformanceIndicator], promotion: Promotion
) -> tuple[list[ladder.MonthIndicators], ladder.ExamResult | None, list[ladder.Violation]]:
    months = [
        ladder.MonthIndicators(
            month=r.month,
            satisfaction=r.satisfaction,
            avg_response_minutes=r.avg_response_minutes,
            on_time_response_pct=r.on_time_response_pct,
            resolution_pct=r.resolution_pct,
            complaint_pct=r.complaint_pct,
            kpi_completion_pct=r.kpi_completion_pct,
        )
        for r in rows
    ]
    exam = None
    for r in rows:  # the latest month with a skills exam score
        if r.skills_exam_score is not None:
            scale = _exam_scale(promotion)
            if scale is not None:
                exam = ladder.ExamResult(Month.parse(r.month).last_day, r.skills_exam_score, scale)
    violations = [
        ladder.Violation(Month.parse(r.month).first_day, f"{r.month} 违规违纪 {r.violations} 次")
        for r in rows
        if r.violations
    ]
    return months, exam, violations


def _newer_exam(
    imported: ladder.ExamResult | None, own: ExamScore | None
) -> ladder.ExamResult | None:
    """kefu's newest final monthly exam (out of 100) is the latest skills exam when it is newer
    than the imported one (R-EXM-1)."""
    if own is None or (imported is not None and own.taken_on <= imported.taken_on):
        return imported
    return ladder.ExamResult(own.taken_on, own.score, SCALE_TOP)


def _exam_scale(promotion: Promotion) -> Decimal | None:
    """The scale the imported skills exam scores are on: the ladder's (one for the center)."""
    scales = {lv.skills_exam_scale for lv in promotion.levels if lv.skills_exam_scale is not None}
    return next(iter(scales)) if len(scales) == 1 else None


def standing(
    session: Session,
    employee_no: str,
    as_of: date,
    supervisor_approved: bool | None = None,
) -> Standing:
    """One person's conditions for the next level with their own figures (R-PRO-1)."""
    history = records_of(session, employee_no)
    if not history:
        raise NotFound(f"系统中没有工号 {employee_no} (no such employee)")
    promotion, loaded = promotion_policy(session, as_of)
    return _standing(
        session,
        employee_no,
        history[0].employee_id,
        history,
        promotion,
        loaded,
        as_of,
        supervisor_approved,
    )


def _standing(
    session: Session,
    no: str,
    employee_id: int,
    history: Sequence[EmployeeRecord | RecordView],
    promotion: Promotion,
    loaded: LoadedPolicy,
    as_of: date,
    supervisor_approved: bool | None,
    rows: Sequence[PerformanceIndicator] | None = None,
    kefu_exams: dict[str, ExamScore] | None = None,
) -> Standing:
    current = [r for r in history if r.effective_on <= as_of][-1:] or list(history[:1])
    cur = current[0]
    since = ladder.level_since(
        [(r.effective_on, r.level) for r in history if r.effective_on <= as_of]
    )
    base = Standing(no, cur.name, cur.department, cur.team, cur.level, since, None, None)
    if cur.level is None or since is None:
        return _with_reason(base, "登记册中没有职级，无法对照晋升阶梯")
    try:
        target = ladder.next_level(promotion, cur.level)
    except KefuError as refused:
        return _with_reason(base, refused.message)
    if target is None:
        return _with_reason(base, f"{cur.level} 已是晋升阶梯的最高一级")
    if rows is None:
        figures = _figures(session, employee_id, promotion)
    else:
        figures = _from_rows(rows, promotion)
    months, exam, violations = figures
    if kefu_exams is None:
        kefu_exams = exam_feed.latest_skills_exams(session, as_of, [no])
    exam = _newer_exam(exam, kefu_exams.get(no))
    check = ladder.check_ladder(
        promotion,
        loaded.open_parameters,
        cur.level,
        since,
        as_of,
        months,
        exam,
        supervisor_approved,
        violations,
    )
    return Standing(no, cur.name, cur.department, cur.team, cur.level, since, check, None)


def _with_reason(s: Standing, reason: str) -> Standing:
    return Standing(
        s.employee_no, s.name, s.department, s.team, s.level, s.level_since, None, reason
    )


def overview(session: Session, as_of: date, viewer: Viewer | None = None) -> list[Standing]:
    """Everyone employed on ``as_of`` against their next level (managers' eligible/close lists)."""
    promotion, loaded = promotion_policy(session, as_of)
    latest = latest_records(session)
    numbers: dict[int, str] = {
        i: n for i, n in session.execute(select(Employee.id, Employee.employee_no))
    }
    # everyone's register history up to the day and every month's figures, read once
    histories = people_histories(session, as_of)
    own_exams = exam_feed.latest_skills_exams(session, as_of)
    by_emp: dict[int, list[PerformanceIndicator]] = {}
    for row in session.scalars(select(PerformanceIndicator).order_by(PerformanceIndicator.month)):
        by_emp.setdefault(row.employee_id, []).append(row)
    out = []
    for emp_id, record in sorted(latest.items(), key=lambda kv: numbers[kv[0]]):
        if record.left_on is not None and record.left_on <= as_of:
            continue
        if viewer is not None and not viewer.sees(numbers[emp_id], record.department, record.team):
            continue
        no = numbers[emp_id]
        _, history = histories.get(no, (emp_id, []))
        if not history:
            continue  # nothing in the register yet on that day
        out.append(
            _standing(
                session,
                no,
                emp_id,
                history,
                promotion,
                loaded,
                as_of,
                None,
                by_emp.get(emp_id, []),
                own_exams,
            )
        )
    return out


def round_on(session: Session, day: date) -> PromotionRound | None:
    """The promotion round taking applications on ``day``, if HR has opened one."""
    return session.scalar(
        select(PromotionRound).where(
            PromotionRound.opens_on <= day, PromotionRound.closes_on >= day
        )
    )


def rounds(session: Session) -> list[PromotionRound]:
    return list(session.scalars(select(PromotionRound).order_by(PromotionRound.month.desc())))


def open_round(
    session: Session,
    viewer: Viewer,
    today: date,
    closes_on: date | None = None,
    note: str = "",
) -> PromotionRound:
    """HR opens this month's applications (R-PRO-2): only in the policy's application months.

    Applications are taken from today until ``closes_on`` (default: the month's last day).
    """
    if viewer.role not in ("hr", "manager"):
        raise Forbidden("本期晋升由人事或客服经理发起 (HR opens a promotion round)")
    promotion, loaded = promotion_policy(session, today)
    ladder.in_application_window(promotion, loaded.open_parameters, today)
    month = Month(today.year, today.month)
    if session.scalar(select(PromotionRound).where(PromotionRound.month == str(month))):
        raise KefuError(f"{month} 的晋升申请已经开放过 (the {month} round exists)")
    last = closes_on or month.last_day
    if last < today:
        raise KefuError(
            f"截止日 {last.isoformat()} 早于今天 {today.isoformat()} (the round closes before it opens)"
        )
    found = PromotionRound(
        month=str(month),
        opens_on=today,
        closes_on=last,
        opened_by=viewer.username,
        note=note.strip() or None,
    )
    session.add(found)
    session.flush()
    audit.record(
        session,
        viewer.username,
        "promotion.round",
        f"round:{month}",
        {"opens_on": today.isoformat(), "closes_on": last.isoformat()},
    )
    return found


def open_case_of(session: Session, employee_no: str) -> Case | None:
    """The person's promotion case that has not ended, if any."""
    return session.scalar(
        select(Case).where(
            Case.kind == PROMOTION.kind,
            Case.subject_no == employee_no,
            Case.state.not_in(list(ENDS)),
        )
    )


def apply(
    session: Session,
    viewer: Viewer,
    *,
    achievements: str,
    growth: str,
    plan: str,
    today: date,
) -> Case:
    """An agent applies for the next level in an application month (R-PRO-2).

    The ladder is pre-checked: a condition that fails refuses the application, listing it;
    one that can't be decided yet (the supervisor's assessment) is left to the reviews.
    """
    if viewer.employee_no is None:
        raise Forbidden("只有登记在册的员工可以申请晋升 (only staff apply)")
    promotion, loaded = promotion_policy(session, today)
    window_step = ladder.in_application_window(promotion, loaded.open_parameters, today)
    current = round_on(session, today)
    if current is None:
        raise KefuError(
            "本期晋升申请尚未开放或已截止:人力资源部在申请月份发起后方可申请 "
            "(R-PRO-2: no promotion round is open today)"
        )
    if open_case_of(session, viewer.employee_no) is not None:
        raise Conflict("您已有一份正在办理的晋升申请 (you already have an open application)")
    texts = {"achievements": achievements.strip(), "growth": growth.strip(), "plan": plan.strip()}
    missing = [k for k, v in texts.items() if not v]
    if missing:
        names = {
            "achievements": "个人工作业绩",
            "growth": "能力提升情况",
            "plan": "对新岗位的认识和规划",
        }
        raise KefuError(
            "请填写" + "、".join(names[k] for k in missing) + " (R-PRO-2: the application states "
            "achievements, growth and a plan for the new role)"
        )
    found = standing(session, viewer.employee_no, today)
    if found.check is None:
        raise KefuError(found.reason or "无法检查晋升条件")
    failing = [
        c
        for c in found.check.conditions
        if c.holds is False or (c.holds is None and c.code not in REVIEWED_CONDITIONS)
    ]
    if failing:
        raise KefuError(
            "尚不符合晋升条件:"
            + "；".join(f"{_condition_zh(c)}" for c in failing)
            + " (R-PRO-1: conditions not met or not verifiable)"
        )
    data: dict[str, Any] = {
        **texts,
        "from_level": found.level,
        "to_level": found.check.target.name,
        "to_level_code": found.check.target.level,
        "check": _check_dict(found.check),
        "window": window_step.as_dict(),
        "round": current.month,
        "round_closes_on": current.closes_on.isoformat(),
    }
    return cases.open_case(
        session,
        PROMOTION,
        viewer,
        title=f"{found.name} 申请晋升 {found.level} → {found.check.target.name}",
        subject_no=found.employee_no,
        involved=[found.employee_no],
        department=found.department,
        team=found.team,
        data=data,
        policy_name=loaded.label,
        today=today,
    )


def _condition_zh(c: ladder.Condition) -> str:
    from kefu.explain.messages import render

    return render(c.step).split(": ", 1)[-1]


def _check_dict(check: ladder.LadderCheck) -> dict[str, Any]:
    return {
        "target": check.target.name,
        "eligible": check.eligible,
        "conditions": [
            {
                "code": c.code,
                "figure": c.figure,
                "threshold": c.threshold,
                "holds": c.holds,
                "step": c.step.as_dict(),
            }
            for c in check.conditions
        ],
    }


def decide(
    session: Session,
    viewer: Viewer,
    case_id: int,
    decision: Decision,
    opinion: str,
    seen_version: int,
    today: date,
    calendar: Calendar,
    *,
    interview_score: Decimal | None = None,
) -> Case:
    """A review's decision (R-PRO-3), with what each review adds.

    部门初审: approving is the supervisor's assessment (经上级领导评估认可). 人力资源部复审:
    the figures are checked again as of today — approving refuses while a condition fails;
    an interview or assessment score may be recorded. 管理层审批: approving checks the new
    level's pay against the old (R-PRO-4) and puts the case on notice for the policy's
    working days.
    """
    case = cases.get_case(session, case_id, PROMOTION.kind)
    data: dict[str, Any] = {}
    notice_days = None
    if decision == "approve" and case.state == "hr_review":
        assert case.subject_no is not None
        again = standing(session, case.subject_no, today, supervisor_approved=True)
        if again.check is None:
            raise KefuError(again.reason or "无法复核晋升条件")
        data["recheck"] = _check_dict(again.check)
        failing = [c for c in again.check.conditions if c.holds is not True]
        if failing:
            raise KefuError(
                "复核未通过，不能批准:"
                + "；".join(_condition_zh(c) for c in failing)
                + " (R-PRO-3: the HR review re-verifies the figures)"
            )
    if interview_score is not None:
        if case.state != "hr_review":
            raise KefuError("面试/测评成绩由人力资源部复审时录入 (HR records the interview)")
        data["interview_score"] = num(interview_score)
    if decision == "approve" and case.state == "approval":
        promotion, loaded = promotion_policy(session, today)
        data["pay"] = _pay_check(session, case, promotion, loaded, today).as_dict()
        loaded.require("promotion.public_notice_working_days", "R-PRO-3")
        notice_days = promotion.public_notice_working_days
    if decision == "approve" and case.state == "dept_review":
        data["supervisor_assessment"] = True
    return cases.decide(
        session,
        PROMOTION,
        case_id,
        viewer,
        decision,
        opinion,
        seen_version,
        today,
        calendar=calendar,
        notice_days=notice_days,
        data=data,
    )


def _pay_check(
    session: Session, case: Case, promotion: Promotion, loaded: LoadedPolicy, on: date
) -> Step:
    """R-PRO-4: the new level's base pay at least the policy's share of the old level's."""
    pay = loaded.model.pay
    old_level, new_level = case.data["from_level"], case.data["to_level"]
    if pay is None:
        raise KefuError(f"政策 {loaded.name} 没有薪资 (pay) 一节:无法核对晋升后的薪酬 (R-PRO-4)")
    loaded.require("pay.base_pay_by_level", "R-PRO-4")
    table = pay.base_pay_by_level or {}
    for level in (old_level, new_level):
        if table.get(level) is None:
            raise KefuError(
                f"政策 {loaded.name} 没有职级「{level}」的基本工资:无法核对晋升后的薪酬 (R-PRO-4)"
            )
    return ladder.check_new_pay(
        promotion, loaded.open_parameters, Decimal(table[old_level]), Decimal(table[new_level])
    )


def object_to(session: Session, viewer: Viewer, case_id: int, text: str, today: date) -> Any:
    return cases.file_objection(session, PROMOTION, case_id, viewer, text, today)


def answer(
    session: Session,
    viewer: Viewer,
    objection_id: int,
    *,
    upheld: bool,
    finding: str,
    reply: str,
    today: date,
) -> Any:
    return cases.answer_objection(
        session,
        PROMOTION,
        objection_id,
        viewer,
        upheld=upheld,
        finding=finding,
        answer=reply,
        today=today,
    )


def finalize(session: Session, viewer: Viewer, case_id: int, today: date) -> Case:
    """After the notice: the promotion takes effect (R-PRO-4)."""
    return cases.finalize(session, PROMOTION, case_id, viewer, today, on_final=_promote)


def _promote(session: Session, case: Case, today: date) -> None:
    """New level in the register from the first day of next month; pay re-checked; plan."""
    promotion, loaded = promotion_policy(session, today)
    pay_step = _pay_check(session, case, promotion, loaded, today)
    assert case.subject_no is not None
    history = records_of(session, case.subject_no)
    current = history[-1]
    starts = Month(today.year, today.month).shift(1).first_day
    values = {f: getattr(current, f) for f in RECORD_FIELDS}
    values["level"] = case.data["to_level"]
    session.add(
        EmployeeRecord(
            employee_id=current.employee_id,
            effective_on=starts,
            recorded_by=f"promotion:{case.id}",
            source=f"晋升申请 {case.id}",
            **values,
        )
    )
    case.data = {
        **case.data,
        "effective_on": starts.isoformat(),
        "training_plan": list(promotion.training_plan),
        "final_pay": pay_step.as_dict(),
    }
    session.flush()


def all_cases(session: Session) -> list[Case]:
    """Every promotion case, newest first (the pages and the API keep those the viewer sees)."""
    return list(
        session.scalars(select(Case).where(Case.kind == PROMOTION.kind).order_by(Case.id.desc()))
    )
