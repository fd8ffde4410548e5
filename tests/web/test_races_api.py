"""Through the API: of decisions sent at once on one leave request, one is written, the rest 409."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from kefu.accounts.service import add_user, create_api_token
from kefu.attendance.models import AttendanceEvent
from kefu.attendance.service import get_request, request_leave
from kefu.db import unit_of_work
from kefu.errors import StoredMeanwhile
from kefu.web.app import create_app
from tests.attendance.test_imports import make_center
from tests.races import audit_rows

STORED_MEANWHILE = StoredMeanwhile().message

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


def test_a_duplicate_refused_by_the_database_is_a_409_with_a_message_not_a_500(
    database_url: str,
) -> None:
    """Two requests creating the same thing at once: the database keeps one (a unique key)."""
    app = create_app(database_url)

    def created_twice() -> None:
        raise IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed"))

    app.add_api_route("/api/v1/created-twice", created_twice)
    app.add_api_route("/created-twice", created_twice)
    client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
    api = client.get("/api/v1/created-twice")
    assert (api.status_code, api.json()["detail"]) == (409, STORED_MEANWHILE)
    page = client.get("/created-twice")
    assert page.status_code == 409 and STORED_MEANWHILE in page.text
