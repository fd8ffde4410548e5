"""Builders of the training tests: a small center with trainees, mentors and trainers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.models import User
from kefu.accounts.rules import AccessRole, Viewer
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import use_policy
from kefu.training import scores
from kefu.training import service as training
from kefu.training.models import Cohort, Trainee, TrainingScore
from kefu.workdays.calendar import WorkCalendar

CALENDAR = WorkCalendar()
START = date(2026, 11, 2)  # a Monday: day 22, the conversion exam, is Monday 11-23
DEPARTMENT = "客服一部"
D = Decimal
# 工号: (name, register role, status, team)
PEOPLE: dict[str, tuple[str, str, str, str | None]] = {
    "2001": ("王新", "csr", "probation", None),
    "2002": ("李新", "csr", "probation", None),
    "2003": ("陈新", "csr", "probation", None),
    "1001": ("张师", "csr", "regular", "客服一部1组"),
    "1002": ("赵师", "csr", "regular", "客服一部1组"),
    "3001": ("品管甲", "qa", "regular", None),
    "3002": ("品管乙", "qa", "regular", None),
}
# username: (access role, 工号)
ACCOUNTS: dict[str, tuple[AccessRole, str | None]] = {
    "qa": ("qa", "3001"),
    "qa2": ("qa", "3002"),
    "hr": ("hr", None),
    "hr2": ("hr", None),
    "boss": ("manager", None),
    "mentor": ("agent", "1001"),
    "trainee": ("agent", "2001"),
}


def make_center(session: Session, preset: str = "demo") -> None:
    """The register, the policy from January 2026 and the trainers' accounts."""
    use_policy(session, preset, Month(2026, 1), "test")
    for no, (name, role, status, team) in PEOPLE.items():
        employee = Employee(employee_no=no, name=name)
        session.add(employee)
        session.flush()
        hired = date(2026, 11, 2) if status == "probation" else date(2023, 1, 5)
        session.add(
            EmployeeRecord(
                employee_id=employee.id,
                effective_on=hired,
                name=name,
                department=DEPARTMENT,
                team=team,
                role=role,
                level=None,
                status=status,
                hired_on=hired,
                converted_on=None if status == "probation" else date(2023, 4, 5),
                recorded_by="test",
                source="test",
            )
        )
    session.flush()
    for username in ("qa", "qa2", "hr", "boss"):
        access, no = ACCOUNTS[username]
        # no sign-in here: the trainer's account need only exist (hashing costs time)
        session.add(
            User(
                username=username,
                display_name=username,
                role=access,
                employee_no=no,
                password_hash="-",
                active=True,
                created_by="test",
            )
        )
    session.flush()


def as_(username: str) -> Viewer:
    access, no = ACCOUNTS[username]
    return Viewer(username, access, no, DEPARTMENT, None, username)


def make_cohort(session: Session, start: date = START, *trainees: str, by: str = "qa") -> Cohort:
    """A cohort trained by ``by`` with the given register members (2001, 2002 by default)."""
    cohort = training.open_cohort(
        session, as_(by), name="十一月新员工培训班", starts_on=start, today=start
    )
    for no in trainees or ("2001", "2002"):
        training.add_trainee(session, as_(by), cohort.id, no, today=start)
    return cohort


def trainee_of(session: Session, cohort_id: int, employee_no: str) -> Trainee:
    return next(t for t in training.trainees(session, cohort_id) if t.employee_no == employee_no)


def make_score(
    session: Session,
    trainee_id: int,
    kind: str,
    score: str,
    on: date,
    by: str = "qa",
    today: date | None = None,
) -> TrainingScore:
    return scores.record_score(
        session,
        as_(by),
        trainee_id,
        kind=kind,
        taken_on=on,
        score=D(score),
        feedback="继续努力",
        today=today or on,
    )


def make_conduct(
    session: Session, trainee_id: int, on: date, attendance: str, attitude: str, teamwork: str
) -> TrainingScore:
    return scores.record_score(
        session,
        as_("qa"),
        trainee_id,
        kind="conduct",
        taken_on=on,
        parts={"attendance": D(attendance), "attitude": D(attitude), "teamwork": D(teamwork)},
        feedback="注意出勤",
        today=on,
    )
