"""Builders shared by the QA report tests: a small center, a scorecard and evaluations.

Evaluations are written straight into the monitoring tables (kefu.qa.models), as the QA
monitoring module would leave them.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import add_user
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import use_policy
from kefu.qa.models import QaContact, QaEvaluation, QaScorecard

DAY = date(2026, 11, 4)  # a Wednesday
PEOPLE = {
    # username: (工号, name, department, team, record role, access role)
    "agent": ("1001", "王芳", "客服一部", "1组", "csr", "agent"),
    "teammate": ("1002", "陈杰", "客服一部", "1组", "csr", "agent"),
    "outsider": ("1101", "刘洋", "客服二部", "1组", "csr", "agent"),
    "leader": ("2001", "李强", "客服一部", "1组", "team_leader", "team_leader"),
    "qa": ("3001", "林静", "品管部", None, "qa", "qa"),
    "hr": ("4001", "张敏", "人事部", None, "csr", "hr"),
}
DEFINITION: dict[str, Any] = {
    "sections": [
        {
            "key": "open",
            "name": "开场",
            "name_en": "Opening",
            "weight": "0.4",
            "items": [
                {
                    "key": "greeting",
                    "name": "标准问候语",
                    "name_en": "Greeting",
                    "points": "10",
                    "critical": False,
                    "na_allowed": False,
                },
                {
                    "key": "hold",
                    "name": "等候用语",
                    "name_en": "Hold phrase",
                    "points": "5",
                    "critical": False,
                    "na_allowed": True,
                },
            ],
        },
        {
            "key": "close",
            "name": "结束",
            "name_en": "Closing",
            "weight": "0.6",
            "items": [
                {
                    "key": "closing",
                    "name": "结束语",
                    "name_en": "Closing phrase",
                    "points": "10",
                    "critical": False,
                    "na_allowed": False,
                },
                {
                    "key": "taboo",
                    "name": "未使用服务忌语",
                    "name_en": "No forbidden phrase",
                    "points": "20",
                    "critical": True,
                    "na_allowed": False,
                },
            ],
        },
    ]
}


def make_center(session: Session, accounts: bool = False) -> None:
    """The demo policy from 2026-01 and the people of PEOPLE in the register."""
    use_policy(session, "demo", Month(2026, 1), "test")
    for username, (no, name, department, team, role, access) in PEOPLE.items():
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
        if accounts:
            add_user(session, "test", username, "Test-Account-Pass-9", access, name, no)
    session.flush()


def as_(username: str) -> Viewer:
    """The account of ``username`` as the services see it."""
    no, name, department, team, _, access = PEOPLE[username]
    return Viewer(
        username=username,
        role=access,  # type: ignore[arg-type]
        employee_no=no,
        department=department,
        team=team,
        display_name=name,
    )


def make_scorecard(session: Session) -> QaScorecard:
    card = QaScorecard(
        family="phone",
        version=1,
        channel="phone",
        title="电话评分表",
        definition=DEFINITION,
        active=True,
        created_by="qa",
    )
    session.add(card)
    session.flush()
    return card


def make_evaluation(
    session: Session,
    card: QaScorecard,
    username: str,
    on: date,
    score: str,
    *,
    lost: dict[str, str] | None = None,
    na: tuple[str, ...] = (),
    state: str = "submitted",
    final_score: str | None = None,
    purpose: str = "monitoring",
    critical: bool = False,
) -> QaEvaluation:
    """One evaluation of ``username``'s contact on ``on``; ``lost`` gives item → points given
    (full points otherwise), ``na`` the items marked N/A."""
    no, _, department, team, _, _ = PEOPLE[username]
    contact = QaContact(
        employee_no=no,
        channel="phone",
        contact_at=datetime.combine(on, time(10, 30)),
        reference="REC-1",
        transcript=None,
        transcript_format=None,
        created_by="qa",
    )
    session.add(contact)
    session.flush()
    marks: dict[str, Any] = {}
    for section in DEFINITION["sections"]:
        for item in section["items"]:
            key = item["key"]
            if key in na:
                marks[key] = {"points": None, "note": ""}
            elif lost and key in lost:
                marks[key] = {"points": lost[key], "note": f"{item['name']}不规范"}
            else:
                marks[key] = {"points": item["points"], "note": ""}
    evaluation = QaEvaluation(
        contact_id=contact.id,
        scorecard_id=card.id,
        employee_no=no,
        department=department,
        team=team,
        month=str(Month.of(on)),
        evaluator="qa",
        purpose=purpose,
        calibration_id=None,
        marks=marks,
        score=Decimal(score),
        critical_failed=critical,
        state=state,
        auto_check_id=None,
        submitted_at=datetime.combine(on, time(16)),
        respond_by=None,
        final_score=Decimal(final_score) if final_score is not None else None,
        final_on=on if final_score is not None else None,
        version=1,
    )
    session.add(evaluation)
    session.flush()
    return evaluation
