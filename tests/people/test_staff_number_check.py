"""The register check names every 工号 stored before 工号 had one form, and changes nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.people.models import Employee
from kefu.people.service import staff_number_problems


def make_people(session: Session, *people: tuple[str, str]) -> None:
    session.add_all(Employee(employee_no=no, name=name) for no, name in people)
    session.flush()


def test_a_clean_register_has_no_staff_number_problems(session: Session) -> None:
    make_people(session, ("1005", "王芳"), ("E001", "李娜"))
    assert staff_number_problems(session) == []


def test_full_width_and_hidden_characters_are_named_with_the_collision_and_nothing_changes(
    session: Session,
) -> None:
    make_people(
        session, ("1005", "王芳"), ("１００５", "王芳"), ("10\u200b07", "张伟"), ("1008", "刘洋")
    )
    problems = {p.employee_no: p for p in staff_number_problems(session)}
    assert set(problems) == {"１００５", "10\u200b07"}
    assert problems["１００５"].normal == "1005"
    assert problems["１００５"].collides_with == ("1005",)
    assert "须人工合并" in problems["１００５"].describe()
    assert problems["10\u200b07"].normal is None
    assert "U+200B" in problems["10\u200b07"].describe()
    stored = session.scalars(select(Employee.employee_no).order_by(Employee.id)).all()
    assert stored == ["1005", "１００５", "10\u200b07", "1008"]
