"""Builders shared by the exams tests: a small center, its accounts and a question bank."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.exams import service as exams
from kefu.exams.models import Paper, Sitting
from kefu.exams.rules import QuestionIn
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import use_policy, use_policy_text

DAY = date(2026, 11, 20)
NINE = datetime(2026, 11, 20, 9, 0)
PEOPLE = {
    # username: (工号, name, record role, access role)
    "agent": ("1001", "王芳", "csr", "agent"),
    "colleague": ("1002", "陈杰", "csr", "agent"),
    "qa": ("1003", "林静", "qa", "qa"),
    "hr": ("3001", "张敏", "csr", "hr"),
    "leader": ("2001", "李强", "team_leader", "team_leader"),
}


def make_center(session: Session, policy: str = "demo", text: str | None = None) -> None:
    """The demo policy (or ``text``) from 2026-01 and five people in the register."""
    if text is None:
        use_policy(session, policy, Month(2026, 1), "test")
    else:
        use_policy_text(session, text, "test", Month(2026, 1), "test")
    for no, name, role, _ in PEOPLE.values():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2024, 1, 2),
                name=name,
                department="客服一部",
                team="客服一部1组",
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


def as_(session: Session, username: str) -> Viewer:
    """The account of ``username`` as the services see it (no password hashing needed)."""
    no, name, _, access = PEOPLE[username]
    return Viewer(username=username, role=access, employee_no=no, display_name=name)  # type: ignore[arg-type]


def make_question(
    topic: str = "服务用语",
    kind: str = "single",
    difficulty: int = 1,
    points: int | str = 2,
    stem: str = "标准问候语是?",
    options: tuple[str, ...] = ("您好，请问什么可以帮您?", "喂?", "说吧", "请讲"),
    key: tuple[str, ...] = ("A",),
    exam_kind: str = "written",
    reference: str | None = None,
) -> QuestionIn:
    return QuestionIn(
        topic=topic,
        kind=kind,
        exam_kind=exam_kind,
        difficulty=difficulty,
        stem=stem,
        options=options if kind in ("single", "multiple") else (),
        key=key,
        reference=reference,
        points=Decimal(points),
    )


def make_bank(
    session: Session, per_topic: int = 4, topics: tuple[str, ...] = ("服务用语", "退费流程")
) -> None:
    """``per_topic`` single-choice questions (key A) of difficulty 1 or 2 in each topic."""
    qa = as_(session, "qa")
    for topic in topics:
        for i in range(per_topic):
            exams.add_question(
                session,
                qa,
                make_question(topic=topic, difficulty=1 + i % 2, stem=f"{topic}第{i + 1}题"),
                DAY,
            )


def objective_paper(session: Session, **overrides: object) -> Paper:
    """A paper of two single-choice questions (2 points each) drawn by QA."""
    args: dict[str, object] = {
        "title": "月考",
        "exam_kind": "written",
        "purpose": "monthly",
        "topics": {"服务用语": 2},
        "seed": 1,
        "today": DAY,
    }
    args.update(overrides)
    return exams.draw_paper(session, as_(session, "qa"), **args)  # type: ignore[arg-type]


def assign_to(
    session: Session, paper: Paper, *employee_nos: str, closes_on: date = DAY
) -> list[Sitting]:
    return exams.assign(
        session,
        as_(session, "qa"),
        paper.id,
        list(employee_nos),
        opens_on=DAY,
        closes_on=closes_on,
        purpose=paper.purpose,
        context={"cohort": 3},
        today=DAY,
    )
