"""Through the API: of decisions sent at once on one leave request, one is written, the rest 409."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kefu.accounts.service import add_user, create_api_token
from kefu.attendance.models import AttendanceEvent
from kefu.attendance.service import get_request, request_leave
from kefu.db import unit_of_work
from kefu.web.app import create_app
from tests.attendance.test_imports import make_center
from tests.races import audit_rows

DECIDERS = ("hr-a", "hr-b", "hr-c", "hr-d")


def test_four_approvals_sent_at_once_get_one_200_and_three_409s_naming_the_decision(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    tokens: dict[str, str] = {}
    with unit_of_work(engine) as session:
        make_center(session, tmp_path)
        day = date(2026, 10, 13)
        request_id = request_leave(
            session, "1001", "1001", "personal_leave", day, day, "家事", date(2026, 10, 10)
        ).id
        for name in DECIDERS:
            add_user(session, "admin", name, "a-long-Passw0rd!", "hr")
            tokens[name] = create_api_token(session, "admin", name, "races")
    app = create_app(database_url)
    barrier = threading.Barrier(len(DECIDERS))
    answers: dict[str, httpx.Response] = {}

    def send(name: str) -> None:
        client = TestClient(app, base_url="https://testserver")  # the database is migrated
        barrier.wait(timeout=60)
        answers[name] = client.post(
            f"/api/v1/leave/{request_id}/decision",
            json={"approve": True, "note": name},
            headers={"Authorization": f"Bearer {tokens[name]}"},
        )

    threads = [threading.Thread(target=send, args=(name,)) for name in DECIDERS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    codes = sorted(a.status_code for a in answers.values())
    assert codes == [200, 409, 409, 409], {n: a.text for n, a in answers.items()}
    winner = next(n for n, a in answers.items() if a.status_code == 200)
    for answer in answers.values():
        if answer.status_code == 409:
            assert answer.json()["detail"] == (
                f"该请假申请 #{request_id} 已处理(已批准)，请刷新后查看"
            )
    with unit_of_work(engine) as session:
        decided = get_request(session, request_id)
        assert (decided.status, decided.decided_by) == ("approved", winner)
        leave_days = session.scalars(
            select(AttendanceEvent.day).where(AttendanceEvent.request_id == request_id)
        ).all()
        assert list(leave_days) == [day]
    assert audit_rows(engine, "leave.decide") == 1
