"""A form's change is committed before its response leaves the server.

A browser follows the redirect after a form at once; if the commit ran after the response
was sent, the next page could show the state from before the form (a leave request still
pending after it was approved).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from kefu.attendance.models import LeaveRequest
from kefu.db import engine_for, unit_of_work
from kefu.web.app import create_app
from tests.web import make_demo_database, sign_in

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _requests(url: str) -> int:
    with unit_of_work(engine_for(url)) as session:
        return int(session.scalar(select(func.count()).select_from(LeaveRequest)) or 0)


class _SeenAtResponseStart:
    """ASGI wrapper: counts leave requests, from another connection, as each response starts."""

    def __init__(self, app: Any, url: str) -> None:
        self.app, self.url, self.counts = app, url, list[int]()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def watching(message: Message) -> None:
            if message["type"] == "http.response.start" and scope.get("method") == "POST":
                self.counts.append(_requests(self.url))
            await send(message)

        await self.app(scope, receive, watching)


def test_a_posted_form_is_committed_before_its_redirect_is_sent(tmp_path: Path) -> None:
    url = make_demo_database(tmp_path)
    probe = _SeenAtResponseStart(create_app(url), url)
    with TestClient(probe, base_url="https://testserver") as client:
        sign_in(client, "agent")
        token = client.get("/leave").text.split('name="csrf_token" value="', 1)[1].split('"')[0]
        before = _requests(url)
        probe.counts.clear()
        filed = client.post(
            "/leave",
            data={
                "csrf_token": token,
                "kind": "personal_leave",
                "first_day": "2026-12-15",
                "last_day": "2026-12-15",
                "reason": "家里有事",
            },
            follow_redirects=False,
        )
    assert filed.status_code == 303
    assert probe.counts == [before + 1]
