"""Builders shared by the QA monitoring tests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import add_user
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import use_policy, use_policy_text
from kefu.qa import rules
from kefu.qa.rules import Mark


def make_card(**changes: Any) -> rules.Card:
    """Two sections: 服务 (weight 0.6: greeting 5, tone 5, read-back 10 N/A-able) and
    准确 (weight 0.4: answer 10 critical, hold 5 N/A-able)."""
    data: dict[str, Any] = {
        "sections": [
            {
                "key": "service",
                "name": "服务",
                "name_en": "Service",
                "weight": "0.6",
                "items": [
                    item("greeting", "5"),
                    item("tone", "5"),
                    item("read_back", "10", na_allowed=True),
                ],
            },
            {
                "key": "accuracy",
                "name": "准确",
                "name_en": "Accuracy",
                "weight": "0.4",
                "items": [
                    item("answer", "10", critical=True),
                    item("hold", "5", na_allowed=True),
                ],
            },
        ]
    }
    data.update(changes)
    return rules.parse_card(data)


def item(key: str, points: str, critical: bool = False, na_allowed: bool = False) -> dict[str, Any]:
    return {
        "key": key,
        "name": f"项目{key}",
        "name_en": key,
        "points": points,
        "critical": critical,
        "na_allowed": na_allowed,
    }


def full(card: rules.Card, **given: str | None) -> dict[str, Mark]:
    """Full points everywhere, except the items given (None: N/A)."""
    out = {k: Mark(i.points) for k, i in card.items.items()}
    for key, value in given.items():
        out[key] = Mark(None if value is None else Decimal(value))
    return out


# ---------------------------------------------------------------- a small center


PEOPLE = {
    # username: (工号, name, department, team, record role, access role)
    "agent": ("1001", "王芳", "客服一部", "客服一部1组", "csr", "agent"),
    "colleague": ("1002", "陈杰", "客服一部", "客服一部1组", "csr", "agent"),
    "outsider": ("1101", "周敏", "客服二部", "客服二部1组", "csr", "agent"),
    "leader": ("2001", "李强", "客服一部", "客服一部1组", "team_leader", "team_leader"),
    "qa": ("3001", "林静", "客服一部", None, "qa", "qa"),
    "qa2": ("3002", "赵磊", "客服二部", None, "qa", "qa"),
    "qa3": ("3003", "孙悦", "客服二部", None, "qa", "qa"),
}
SUBMITTED = datetime(2026, 11, 2, 10, 0)  # a Monday


def make_center(session: Session, text: str | None = None) -> None:
    """The demo policy (or ``text``) from 2026-01, seven people and their accounts."""
    if text is None:
        use_policy(session, "demo", Month(2026, 1), "test")
    else:
        use_policy_text(session, text, "test", Month(2026, 1), "test")
    for username, (no, name, dept, team, role, access) in PEOPLE.items():
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
        add_user(session, "test", username, "Test-Account-Pass-9", access, name, no)
    session.flush()


def as_(username: str) -> Viewer:
    no, name, dept, team, _, access = PEOPLE[username]
    return Viewer(
        username=username,
        role=access,  # type: ignore[arg-type]
        employee_no=no,
        department=dept,
        team=team,
        display_name=name,
    )


MANAGER = Viewer(username="boss", role="manager", display_name="经理")
