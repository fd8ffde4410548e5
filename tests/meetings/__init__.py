"""Builders shared by the meetings tests: a small center of two teams and its accounts."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import use_policy, use_policy_text

DAY = date(2026, 11, 2)  # a Monday
FRIDAY = date(2026, 10, 30)
PEOPLE = {
    # username: (工号, name, department, team, record role, access role)
    "agent": ("1001", "王芳", "客服一部", "客服一部1组", "csr", "agent"),
    "colleague": ("1002", "陈杰", "客服一部", "客服一部1组", "csr", "agent"),
    "leader": ("2001", "李强", "客服一部", "客服一部1组", "team_leader", "team_leader"),
    "leader2": ("2002", "赵敏", "客服一部", "客服一部2组", "team_leader", "team_leader"),
    "other": ("1003", "孙丽", "客服一部", "客服一部2组", "csr", "agent"),
    "outsider": ("1004", "周涛", "客服二部", "客服二部1组", "csr", "agent"),
    "leader3": ("2003", "吴刚", "客服二部", "客服二部1组", "team_leader", "team_leader"),
    "qa": ("3001", "林静", "客服一部", None, "qa", "qa"),
}


def make_center(session: Session, text: str | None = None) -> None:
    """The demo policy (or ``text``) from 2026-01 and the people above in the register."""
    if text is None:
        use_policy(session, "demo", Month(2026, 1), "test")
    else:
        use_policy_text(session, text, "test", Month(2026, 1), "test")
    for no, name, dept, team, role, _ in PEOPLE.values():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2024, 1, 2),
                name=name,
                department=dept,
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
    if username in ("hr", "manager"):
        return Viewer(username=username, role=username)  # type: ignore[arg-type]
    no, name, dept, team, _, access = PEOPLE[username]
    return Viewer(
        username=username,
        role=access,  # type: ignore[arg-type]
        employee_no=no,
        department=dept,
        team=team,
        display_name=name,
    )


def policy_with(**meetings: str) -> str:
    """The demo policy's text with some meetings parameters replaced."""
    from kefu.policy.loader import load_policy

    text = load_policy("demo").text
    for key, value in meetings.items():
        head, sep, rest = text.partition(f"\n  {key}:")
        assert sep, key
        rest = rest.split("\n", 1)[1]
        text = f"{head}\n  {key}: {value}\n{rest}"
    return text
