"""Leave decisions given at once: exactly one is written, the others get a 409 (R-HRS-2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kefu.attendance.models import AttendanceEvent, LeaveRequest
from kefu.attendance.service import cancel_leave, decide_leave, get_request, request_leave
from kefu.db import unit_of_work
from kefu.errors import Conflict
from tests.attendance.test_imports import make_center
from tests.races import at_once, audit_rows, one_winner

TODAY = date(2026, 10, 10)
DAY = date(2026, 10, 13)


def filed(engine: Engine, tmp_path: Path) -> int:
    """A center with one pending 事假 request of agent 1001 for one day."""
    with unit_of_work(engine) as session:
        make_center(session, tmp_path)
        request = request_leave(session, "1001", "1001", "personal_leave", DAY, DAY, "家事", TODAY)
        return request.id


def events_of(engine: Engine, request_id: int) -> list[AttendanceEvent]:
    with unit_of_work(engine) as session:
        return list(
            session.scalars(select(AttendanceEvent).where(AttendanceEvent.request_id == request_id))
        )


def stored(engine: Engine, request_id: int) -> LeaveRequest:
    with unit_of_work(engine) as session:
        return get_request(session, request_id)


def test_four_approvals_at_once_write_one_decision_one_audit_row_and_one_leave_day(
    engine: Engine, tmp_path: Path
) -> None:
    request_id = filed(engine, tmp_path)
    approvers = ["2001", "hr-li", "hr-wang", "manager"]

    def approve(actor: str) -> object:
        return lambda s: decide_leave(s, request_id, True, actor, f"{actor} 同意")

    outcomes = at_once(
        engine, lambda s: get_request(s, request_id), [approve(a) for a in approvers]
    )
    winner = approvers[one_winner(outcomes, f"该请假申请 #{request_id} 已处理(已批准)")]
    assert audit_rows(engine, "leave.decide") == 1
    assert [(e.day, e.kind) for e in events_of(engine, request_id)] == [(DAY, "personal_leave")]
    decided = stored(engine, request_id)
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        "approved",
        winner,
        f"{winner} 同意",
    )


def test_approvals_and_refusals_at_once_leave_the_winners_decision_and_its_days_only(
    engine: Engine, tmp_path: Path
) -> None:
    request_id = filed(engine, tmp_path)
    deciders = [("2001", True), ("hr-li", False), ("hr-wang", True), ("manager", False)]

    def decide(actor: str, approve: bool) -> object:
        return lambda s: decide_leave(s, request_id, approve, actor)

    outcomes = at_once(engine, lambda s: get_request(s, request_id), [decide(*d) for d in deciders])
    actor, approved = deciders[one_winner(outcomes, "已处理")]
    decided = stored(engine, request_id)
    assert (decided.status, decided.decided_by) == ("approved" if approved else "refused", actor)
    status_now = "已批准" if approved else "已驳回"
    assert all(status_now in o.message for o in outcomes if isinstance(o, Exception))
    # a refused request leaves no leave day for the pay close to deduct
    assert len(events_of(engine, request_id)) == (1 if approved else 0)
    assert audit_rows(engine, "leave.decide") == 1


def test_a_withdrawal_and_approvals_at_once_either_withdraw_or_approve_never_both(
    engine: Engine, tmp_path: Path
) -> None:
    request_id = filed(engine, tmp_path)
    acts = [
        lambda s: cancel_leave(s, request_id, "1001"),
        lambda s: decide_leave(s, request_id, True, "2001"),
        lambda s: decide_leave(s, request_id, True, "hr-li"),
    ]
    winner = one_winner(at_once(engine, lambda s: get_request(s, request_id), acts), "已处理")
    decided = stored(engine, request_id)
    assert decided.status == ("cancelled" if winner == 0 else "approved")
    assert len(events_of(engine, request_id)) == (0 if winner == 0 else 1)
    assert audit_rows(engine, "leave.cancel") + audit_rows(engine, "leave.decide") == 1


def test_a_request_decided_earlier_is_a_409_naming_its_state(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    request = request_leave(session, "1001", "1001", "personal_leave", DAY, DAY, "家事", TODAY)
    decide_leave(session, request.id, False, "2001")
    with pytest.raises(Conflict) as refusal:
        decide_leave(session, request.id, True, "hr-li")
    assert refusal.value.http_status == 409
    assert refusal.value.message == f"该请假申请 #{request.id} 已处理(已驳回)，请刷新后查看"
