"""The shared compare-and-set: a change is written only while the row holds what was read."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kefu.db import claim
from kefu.errors import Conflict
from kefu.people.models import Employee


def person(session: Session, name: str = "王芳") -> Employee:
    row = Employee(employee_no="1001", name=name)
    session.add(row)
    session.flush()
    return row


def refused(now: Employee) -> Conflict:
    return Conflict(f"{now.name} ({now.employee_no}) 已被他人修改，请刷新后查看")


def test_a_claim_on_the_state_read_writes_the_values_and_reloads_the_row(session: Session) -> None:
    row = person(session)
    assert claim(session, row, {"name": "王芳"}, {"name": "王芳芳"}, refused) is True
    assert row.name == "王芳芳"


def test_a_claim_on_a_state_changed_meanwhile_refuses_naming_the_state_now(
    session: Session,
) -> None:
    row = person(session, "王芳芳")
    with pytest.raises(Conflict) as refusal:
        claim(session, row, {"name": "王芳"}, {"name": "王小芳"}, refused)
    assert refusal.value.http_status == 409
    assert refusal.value.message == "王芳芳 (1001) 已被他人修改，请刷新后查看"
    assert row.name == "王芳芳"


def test_a_claim_takes_any_of_several_states_and_an_empty_column(session: Session) -> None:
    row = person(session)
    assert claim(session, row, {"name": ("李强", "王芳")}, {"name": "王芳芳"}, refused)
    assert claim(session, row, {"created_at": None}, {"name": "王小芳"}, None) is False
    assert row.name == "王芳芳"
