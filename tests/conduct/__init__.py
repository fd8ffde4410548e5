"""Builders shared by the conduct tests: a small center with the demo policy and its accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.conduct import service as conduct
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import use_policy, use_policy_text

DAY = date(2026, 11, 2)  # a Monday: the objection window runs to Wednesday the 4th
TEAM = ("客服一部", "客服一部1组")
OTHER = ("客服二部", "客服二部1组")
PEOPLE = {
    # username: (工号, name, record role, access role, (department, team))
    "agent": ("1001", "王芳", "csr", "agent", TEAM),
    "colleague": ("1002", "陈杰", "csr", "agent", TEAM),
    "outsider": ("1101", "周敏", "csr", "agent", OTHER),
    "leader": ("2001", "李强", "team_leader", "team_leader", TEAM),
    "leader2": ("2002", "刘洋", "team_leader", "team_leader", TEAM),
    "hr": ("3001", "张敏", "csr", "hr", TEAM),
}


def make_center(session: Session, text: str | None = None) -> None:
    """The demo policy (or ``text``) from 2026-01 and the people above in the register."""
    if text is None:
        use_policy(session, "demo", Month(2026, 1), "test")
    else:
        use_policy_text(session, text, "test", Month(2026, 1), "test")
    for no, name, role, _, (department, team) in PEOPLE.values():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2024, 1, 2),
                name=name,
                department=department,
                team=team,
                role=role,
                level="初级客服",
                status="regular",
                hired_on=date(2024, 1, 2),
                converted_on=date(2024, 4, 2),
                recorded_by="test",
                source="test",
            )
        )
    session.flush()


def as_(username: str) -> Viewer:
    """The account of ``username`` as the services see it."""
    no, name, _, access, (department, team) = PEOPLE[username]
    return Viewer(
        username=username,
        role=access,  # type: ignore[arg-type]
        employee_no=no,
        department=department,
        team=team,
        display_name=name,
    )


def manager() -> Viewer:
    return Viewer(username="manager", role="manager")


def make_event(
    session: Session,
    *,
    by: str = "leader",
    rule: str = "bad-language",
    points: int = 10,
    people: tuple[str, ...] = ("1001",),
    on: date = DAY,
) -> conduct.Recorded:
    """A conduct event recorded on its own day."""
    return conduct.record(
        session,
        as_(by) if by != "manager" else manager(),
        rule_code=rule,
        points=points,
        people=list(people),
        occurred_at=datetime.combine(on, datetime.min.time()).replace(hour=10),
        what="通话后在座位上说粗话",
        evidence="组长现场所见",
        today=on,
    )
