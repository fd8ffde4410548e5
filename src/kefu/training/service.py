"""Use cases of the new-hire programme (新员工培训, R-NEW-1): cohorts and their own copy of the
plan, trainees and mentors, and what the other use cases share (the policy, who acts).

The scores, warnings, criteria and flags live in kefu.training.scores, the conversion exam in
kefu.training.conversion, the elimination case in kefu.training.elimination_service; the
calculations are the pure rules of kefu.training.rules. Nothing here commits: the request or
the CLI command owns the transaction.

Decisions where the seeds are silent:

* A cohort is judged by the policy in force in the month it starts (pass marks, counts, days):
  the rules are announced when the programme begins. It copies the plan the policy names.
* The trainer of a cohort is a QA or HR account (品管培训岗); HR and managers act on every
  cohort, a QA account on the cohorts it trains.
* Trainees are register members on probation (试用). Someone not yet in the register is added
  to it on probation from their hire date (the cohort's start by default) when they join.
  A person is in one running cohort at a time.
* A mentor is a regular member of the register other than the trainee.
* Every score carries its feedback to the trainee (结果反馈): a score without feedback is
  refused. A score is dated by the day it was taken: not before the cohort starts, not in the
  future. A correction is a new score naming the old one, with its reason.
* A graded exam sitting of kefu.exams assigned to the cohort (context {"cohort": id}) counts
  as a theory or practical score by its purpose the moment it is graded; the trainer may add
  feedback, which keeps a copy of the result beside the typed scores.
* The conversion result is recorded by the trainer (typed, or from the graded sitting) and
  applied at once: the register says regular from the next day, or sets the re-exam.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.models import User
from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.db import claim
from kefu.errors import Conflict, Forbidden, KefuError, NotFound
from kefu.people import service as people
from kefu.people.identifiers import check_person_name, normalize_staff_no
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.rules import STATUS_NAMES
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.service import policy_for
from kefu.training import rules
from kefu.training.models import (
    Cohort,
    CohortDay,
    PlanEdit,
    Trainee,
)
from kefu.training.plans import load_plan
from kefu.training.rules import Calendar, DayOnCalendar, PlanDay

PROBATION = "probation"
REGULAR = "regular"
LEFT = "left"
TRAINER_ROLES = frozenset({"qa", "hr"})
# where a trainee stands (Trainee.stage)
TRAINING = "training"
RE_EXAM = "re_exam"
DECISION = "decision"
EXTENDED = "extended"
CONVERTED = "converted"
ELIMINATING = "eliminating"
ELIMINATED = "eliminated"
STAGES: dict[str, tuple[str, str]] = {
    TRAINING: ("培训中", "in training"),
    RE_EXAM: ("待补考", "re-exam set"),
    DECISION: ("待经理决定", "awaiting the manager's choice"),
    EXTENDED: ("延长试用期", "probation extended"),
    CONVERTED: ("已转正", "converted"),
    ELIMINATING: ("淘汰流程中", "elimination under way"),
    ELIMINATED: ("已淘汰", "eliminated"),
}
RUNNING = frozenset({TRAINING, RE_EXAM, DECISION, EXTENDED, ELIMINATING})
OCCASIONS: dict[str, tuple[str, str]] = {
    "periodic": ("定期评估", "periodic evaluation"),
    "lesson": ("重要知识点后评估", "after a key lesson"),
    "exam": ("计划考试", "plan exam"),
    "conversion": ("转正考试", "conversion exam"),
}
# the exam purposes (kefu.exams.rules.PURPOSES) that are training scores, by score kind
EXAM_PURPOSES: dict[str, str] = {
    "training_theory": rules.THEORY,
    "training_practical": rules.PRACTICAL,
    "conversion": rules.CONVERSION,
    "re_exam": rules.RE_EXAM,
}
TEXT_MAX = 4000
NAME_MAX = 100
# input limits of a score, not policy: exact enough to store, short enough to read
SCORE_TEXT_MAX = 16
SCORE_DECIMALS = 4


# ---------------------------------------------------------------- policy and access


def policy_on(session: Session, on: date) -> LoadedPolicy:
    """The policy in force in the month of ``on``; refused when it has no training section."""
    loaded = policy_for(session, Month(on.year, on.month)).policy
    rules.section_of(loaded, rules.PLAN_RULE)
    return loaded


def policy_of(session: Session, cohort: Cohort) -> LoadedPolicy:
    """The policy a cohort is judged by: the one in force in the month it starts."""
    return policy_on(session, cohort.starts_on)


def manages(viewer: Viewer, cohort: Cohort) -> bool:
    """HR and managers act on every cohort; a QA account on the cohorts it trains."""
    if not viewer.can("training.manage"):
        return False
    return viewer.role != "qa" or cohort.trainer == viewer.username


def check_manages(viewer: Viewer, cohort: Cohort) -> None:
    if not manages(viewer, cohort):
        raise Forbidden(
            f"培训班「{cohort.name}」由培训负责人 {cohort.trainer}、人事或客服经理办理 "
            f"(the cohort's trainer, HR or a manager acts on it)"
        )


def not_self(viewer: Viewer, trainee: Trainee, what: str) -> None:
    rules.not_own_case(viewer.employee_no, [trainee.employee_no], what)


def cleaned_text(value: str, what: str, required: bool = True, limit: int = TEXT_MAX) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise KefuError(f"请填写{what} ({what} is required)")
    if len(cleaned) > limit:
        raise KefuError(f"{what}最多 {limit} 个字 (at most {limit} characters)")
    return cleaned


def parse_score(text: str, what: str = "成绩") -> Decimal:
    """A score typed in: a finite number, at most four decimals (range checked by the rules)."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > SCORE_TEXT_MAX:
        raise KefuError(f"{what}「{cleaned[:SCORE_TEXT_MAX]}」不是分数 (not a score)")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise KefuError(f"{what}「{cleaned}」不是数字 (not a number)") from None
    if not value.is_finite():
        raise KefuError(f"{what}「{cleaned}」不是数字 (not a number)")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > SCORE_DECIMALS:
        raise KefuError(f"{what}最多 {SCORE_DECIMALS} 位小数 (at most {SCORE_DECIMALS} decimals)")
    return value


# ---------------------------------------------------------------- cohorts and the plan


def cohorts(session: Session) -> list[Cohort]:
    """Every cohort, newest start first."""
    return list(session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.id)))


def get_cohort(session: Session, cohort_id: int) -> Cohort:
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound(f"没有编号为 {cohort_id} 的培训班 (no cohort {cohort_id})")
    return cohort


def _trainer_account(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise NotFound(f"没有启用的账号「{username}」(no active account {username!r})")
    if user.role not in TRAINER_ROLES:
        raise KefuError(
            f"培训负责人应为 QA 或人事账号，「{username}」的角色是 {user.role} "
            f"(the trainer is a QA or HR account)"
        )
    return user


def open_cohort(
    session: Session,
    viewer: Viewer,
    *,
    name: str,
    starts_on: date,
    trainer: str = "",
    department: str = "",
    today: date,
) -> Cohort:
    """A new cohort (培训班) from a day, with its own copy of the policy's plan (R-NEW-1)."""
    if not viewer.can("training.manage"):
        raise Forbidden("培训班由培训负责人、人事或客服经理开设 (the trainer, HR or a manager)")
    name = cleaned_text(name, "培训班名称", limit=NAME_MAX)
    trainer = trainer.strip() or (viewer.username if viewer.role in TRAINER_ROLES else "")
    if not trainer:
        raise KefuError("请指定培训负责人 (QA 或人事账号) (name the trainer)")
    _trainer_account(session, trainer)
    if viewer.role == "qa" and trainer != viewer.username:
        raise Forbidden("QA 只能开设由自己负责的培训班 (a QA account opens its own cohorts)")
    loaded = policy_on(session, starts_on)
    plan = load_plan(str(rules.setting(loaded, "plan", rules.PLAN_RULE)))
    cohort = Cohort(
        name=name,
        starts_on=starts_on,
        plan_name=plan.name,
        trainer=trainer,
        department=department.strip() or None,
        policy_name=loaded.label[:64],
        opened_by=viewer.username,
    )
    session.add(cohort)
    session.flush()
    for day in plan.days:
        session.add(
            CohortDay(
                cohort_id=cohort.id,
                number=day.number,
                title=day.title,
                lead=day.lead,
                content=list(day.content),
                exam=day.exam,
                exam_items=list(day.exam_items),
                assigns_mentor=day.assigns_mentor,
                targeted=day.targeted,
            )
        )
    session.flush()
    audit.record(
        session,
        viewer.username,
        "training.cohort",
        f"cohort:{cohort.id}",
        {"name": name, "starts_on": starts_on.isoformat(), "plan": plan.name, "on": str(today)},
    )
    return cohort


def cohort_days(session: Session, cohort_id: int) -> list[CohortDay]:
    return list(
        session.scalars(
            select(CohortDay).where(CohortDay.cohort_id == cohort_id).order_by(CohortDay.number)
        )
    )


def plan_day(row: CohortDay) -> PlanDay:
    return PlanDay(
        number=row.number,
        title=row.title,
        content=tuple(row.content),
        lead=row.lead,
        exam=row.exam,
        exam_items=tuple(row.exam_items),
        assigns_mentor=row.assigns_mentor,
        targeted=row.targeted,
    )


def laid_out(session: Session, cohort: Cohort, calendar: Calendar) -> tuple[DayOnCalendar, ...]:
    """The cohort's plan on real dates, exams on working days (R-NEW-1)."""
    return rules.lay_out(
        [plan_day(d) for d in cohort_days(session, cohort.id)], cohort.starts_on, calendar
    )


def _day_dict(day: CohortDay) -> dict[str, Any]:
    return {
        "title": day.title,
        "lead": day.lead,
        "content": list(day.content),
        "exam": day.exam,
        "exam_items": list(day.exam_items),
    }


KEEP = object()


def edit_plan_day(
    session: Session,
    viewer: Viewer,
    cohort_id: int,
    number: int,
    *,
    title: str | None = None,
    lead: str | None = None,
    content: Sequence[str] | None = None,
    exam: str | object | None = KEEP,
    exam_items: Sequence[str] | None = None,
    reason: str,
    today: date,
) -> PlanEdit:
    """The trainer changes a day of the cohort's plan (content, who leads, the exam's kind);
    the day before and after are kept with the reason (R-NEW-1)."""
    cohort = get_cohort(session, cohort_id)
    check_manages(viewer, cohort)
    reason = cleaned_text(reason, "修改原因")
    days = cohort_days(session, cohort_id)
    row = next((d for d in days if d.number == number), None)
    if row is None:
        raise NotFound(f"培训班 {cohort.id} 的计划没有第 {number} 天 (no day {number})")
    before = _day_dict(row)
    if title is not None:
        row.title = cleaned_text(title, "标题", limit=200)
    if lead is not None:
        row.lead = cleaned_text(lead, "负责人", limit=64)
    if content is not None:
        items = [cleaned_text(c, "培训内容") for c in content if c.strip()]
        if not items:
            raise KefuError("每天至少有一项培训内容 (a day has at least one content item)")
        row.content = items
    if exam is not KEEP:
        row.exam = str(exam) if exam else None
    if exam_items is not None:
        row.exam_items = [cleaned_text(c, "考试项目", limit=200) for c in exam_items if c.strip()]
    if row.exam is None:
        row.exam_items = []
    rules.check_plan([plan_day(d) for d in days])
    after = _day_dict(row)
    if after == before:
        raise KefuError(f"第 {number} 天没有改动 (nothing changed)")
    edit = PlanEdit(
        cohort_id=cohort.id,
        number=number,
        before=before,
        after=after,
        reason=reason,
        changed_by=viewer.username,
        changed_on=today,
    )
    session.add(edit)
    session.flush()
    audit.record(session, viewer.username, "training.plan", f"cohort:{cohort.id}", {"day": number})
    return edit


def plan_edits(session: Session, cohort_id: int) -> list[PlanEdit]:
    return list(
        session.scalars(
            select(PlanEdit).where(PlanEdit.cohort_id == cohort_id).order_by(PlanEdit.id)
        )
    )


# ---------------------------------------------------------------- trainees and mentors


def trainees(session: Session, cohort_id: int) -> list[Trainee]:
    return list(
        session.scalars(
            select(Trainee).where(Trainee.cohort_id == cohort_id).order_by(Trainee.employee_no)
        )
    )


def get_trainee(session: Session, trainee_id: int) -> Trainee:
    trainee = session.get(Trainee, trainee_id)
    if trainee is None:
        raise NotFound(f"没有编号为 {trainee_id} 的学员 (no trainee {trainee_id})")
    return trainee


def trainee_records(session: Session, employee_no: str) -> list[Trainee]:
    """Every cohort place of a person, newest first."""
    return list(
        session.scalars(
            select(Trainee).where(Trainee.employee_no == employee_no).order_by(Trainee.id.desc())
        )
    )


def mentees(session: Session, mentor_no: str) -> list[Trainee]:
    """The trainees a staff member mentors (带教), newest first."""
    return list(
        session.scalars(
            select(Trainee).where(Trainee.mentor_no == mentor_no).order_by(Trainee.id.desc())
        )
    )


def may_see(viewer: Viewer, trainee: Trainee, cohort: Cohort) -> bool:
    """The trainer, HR and managers; the trainee; their mentor (R-PRV-1)."""
    if manages(viewer, cohort):
        return True
    if viewer.employee_no is None:
        return False
    return viewer.employee_no in (trainee.employee_no, trainee.mentor_no)


def add_trainee(
    session: Session,
    actor: Viewer,
    cohort_id: int,
    employee_no: str,
    *,
    name: str = "",
    department: str = "",
    team: str = "",
    hired_on: date | None = None,
    mentor_no: str = "",
    today: date,
) -> Trainee:
    """A new hire joins a cohort (R-NEW-1): a register member on probation, or — given a name
    — a person added to the register on probation from their hire date (recruitment calls
    this when a candidate passes into training)."""
    cohort = get_cohort(session, cohort_id)
    check_manages(actor, cohort)
    employee_no = normalize_staff_no(employee_no)
    record = people.current_record(session, employee_no)
    how = "register"
    if record is None:
        how = "hired"
        record = _hire(session, actor, cohort, employee_no, name, department, team, hired_on)
    elif record.left_on is not None and record.left_on <= today:
        raise KefuError(f"{record.name} ({employee_no}) 已于 {record.left_on} 离职 (has left)")
    elif record.status != PROBATION:
        shown = STATUS_NAMES.get(record.status, record.status)
        raise KefuError(
            f"{record.name} ({employee_no}) 的状态为「{shown}」：只有试用期员工参加新员工培训 "
            f"(only staff on probation are trainees; status is {record.status})"
        )
    for other in trainee_records(session, employee_no):
        if other.stage in RUNNING:
            raise KefuError(
                f"{record.name} ({employee_no}) 已在培训班 {other.cohort_id} 培训中 "
                f"(already in a running cohort)"
            )
    trainee = Trainee(
        cohort_id=cohort.id,
        employee_no=employee_no,
        name=record.name,
        how=how,
        added_by=actor.username,
        added_on=today,
        stage=TRAINING,
    )
    session.add(trainee)
    session.flush()
    audit.record(
        session,
        actor.username,
        "training.trainee",
        f"cohort:{cohort.id}",
        {"employee_no": employee_no, "how": how},
    )
    if mentor_no.strip():
        assign_mentor(session, actor, trainee.id, mentor_no, today)
    return trainee


def _hire(
    session: Session,
    actor: Viewer,
    cohort: Cohort,
    employee_no: str,
    name: str,
    department: str,
    team: str,
    hired_on: date | None,
) -> EmployeeRecord:
    """A person not yet in the register enters it on probation as a customer-service agent."""
    name = name.strip()
    if not name:
        raise NotFound(
            f"员工名册中没有工号 {employee_no}：新入职人员请同时填写姓名 "
            f"(not in the register: give the new hire's name to add them)"
        )
    department = department.strip() or (cohort.department or "")
    if not department:
        raise KefuError(f"请填写 {name} 的部门 (a department for the new hire)")
    hired = hired_on or cohort.starts_on
    employee = Employee(employee_no=employee_no, name=check_person_name(name))
    session.add(employee)
    session.flush()
    record = EmployeeRecord(
        employee_id=employee.id,
        effective_on=hired,
        name=employee.name,
        department=cleaned_text(department, "部门", limit=64),
        team=team.strip() or None,
        role="csr",
        level=None,
        status=PROBATION,
        hired_on=hired,
        converted_on=None,
        left_on=None,
        leave_reason=None,
        recorded_by=actor.username,
        source=f"新员工培训 {cohort.name}",
    )
    session.add(record)
    session.flush()
    return record


def assign_mentor(
    session: Session, viewer: Viewer, trainee_id: int, mentor_no: str, today: date
) -> Trainee:
    """指定导师(师傅): a regular member of the register mentors the trainee (R-NEW-1)."""
    trainee = get_trainee(session, trainee_id)
    cohort = get_cohort(session, trainee.cohort_id)
    check_manages(viewer, cohort)
    mentor_no = normalize_staff_no(mentor_no, "导师工号")
    if mentor_no == trainee.employee_no:
        raise KefuError("学员不能做自己的导师 (a trainee does not mentor themselves)")
    record = people.current_record(session, mentor_no)
    if record is None:
        raise NotFound(f"员工名册中没有工号 {mentor_no} (no such employee)")
    if (record.left_on is not None and record.left_on <= today) or record.status != REGULAR:
        shown = STATUS_NAMES.get(record.status, record.status)
        raise KefuError(
            f"{record.name} ({mentor_no}) 的状态为「{shown}」：导师应为在职的正式员工 "
            f"(a mentor is a regular member of staff)"
        )
    before = trainee.mentor_no
    trainee.mentor_no = mentor_no
    trainee.mentor_since = today
    session.flush()
    audit.record(
        session,
        viewer.username,
        "training.mentor",
        f"trainee:{trainee.id}",
        {"mentor": mentor_no, "before": before},
    )
    return trainee


def move_stage(session: Session, trainee: Trainee, expected: str, **values: Any) -> None:
    """Move a trainee on only if nobody moved them since (two trainers at once: one wins)."""

    def refusal(now: Trainee) -> Conflict:
        zh, en = STAGES.get(now.stage, (now.stage, now.stage))
        return Conflict(
            f"{now.name} 现为「{zh}」，已由他人办理：请刷新后再看 (someone acted first: {en})"
        )

    claim(session, trainee, {"stage": expected}, values, refusal)
