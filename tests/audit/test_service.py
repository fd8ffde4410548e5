"""The audit log is append-only and records every kind of change (R-AUD-1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import DBAPIError

from kefu.audit import service as audit
from kefu.audit.models import AuditEvent
from kefu.closing.service import close_month
from kefu.db import unit_of_work
from kefu.imports.service import import_file
from kefu.periods import Month
from kefu.policy.service import use_policy
from tests.factories import make_person, make_workbook, month_sheets


def test_the_database_refuses_to_change_or_delete_an_audit_event(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        audit.record(session, "admin", "user.add", "zhang")
    for statement in (update(AuditEvent).values(actor="someone else"), delete(AuditEvent)):
        with pytest.raises(DBAPIError, match="append-only"), unit_of_work(engine) as session:
            session.execute(statement)
    with unit_of_work(engine) as session:
        assert session.scalars(select(AuditEvent.actor)).all() == ["admin"]


def test_an_unknown_action_is_not_recorded(engine: Engine) -> None:
    with pytest.raises(ValueError), unit_of_work(engine) as session:
        audit.record(session, "admin", "party", "x")


def test_import_policy_adoption_close_and_re_close_are_logged_in_order(
    engine: Engine, tmp_path: Path
) -> None:
    sheets = {"员工": [make_person(f"A{i}", f"员工{i}") for i in range(3)]}
    sheets |= month_sheets("2026-10", {f"A{i}": (80 + i, 80, 80) for i in range(3)})
    path = make_workbook(tmp_path / "m.xlsx", sheets)
    with unit_of_work(engine) as session:
        import_file(session, path, None, "hr1", date(2026, 11, 2))
        use_policy(session, "demo", Month(2026, 1), "mgr")
        close_month(session, Month(2026, 10), "mgr")
        close_month(session, Month(2026, 10), "mgr")  # unchanged: no new revision, no event
    with unit_of_work(engine) as session:
        events, total = audit.events(session)
    assert [(e.action, e.actor) for e in reversed(events)] == [
        ("import", "hr1"),
        ("policy.use", "mgr"),
        ("close", "mgr"),
    ]
    assert total == 3
    assert events[0].target == "monthly 2026-10" and events[0].detail["revision"] == 1
    assert events[2].detail["rows"] > 0
