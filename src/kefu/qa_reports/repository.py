"""Every query of QA reports and improvement plans (reads the monitoring tables of kefu.qa)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.qa.models import QaContact, QaEvaluation, QaScorecard
from kefu.qa_reports.models import QaPlan, QaPlanNote
from kefu.qa_reports.rules import COUNTED_STATES, MONITORING


def monitoring_evaluations(
    session: Session, start: date, end: date, employee_nos: Sequence[str] | None = None
) -> list[tuple[QaEvaluation, datetime, dict[str, Any]]]:
    """Monitoring evaluations that reached the agent, of contacts from ``start`` to ``end``:
    each with its contact's time and its scorecard's definition, oldest contact first."""
    stmt = (
        select(QaEvaluation, QaContact.contact_at, QaScorecard.definition)
        .join(QaContact, QaContact.id == QaEvaluation.contact_id)
        .join(QaScorecard, QaScorecard.id == QaEvaluation.scorecard_id)
        .where(
            QaEvaluation.purpose == MONITORING,
            QaEvaluation.state.in_(COUNTED_STATES),
            QaContact.contact_at >= datetime.combine(start, time.min),
            QaContact.contact_at < datetime.combine(end + timedelta(days=1), time.min),
        )
    )
    if employee_nos is not None:
        stmt = stmt.where(QaEvaluation.employee_no.in_(list(employee_nos)))
    rows = session.execute(stmt.order_by(QaContact.contact_at, QaEvaluation.id)).all()
    return [(e, at, dict(definition or {})) for e, at, definition in rows]


def plans(
    session: Session, status: str | None = None, employee_no: str | None = None
) -> list[QaPlan]:
    """Improvement plans, newest first."""
    stmt = select(QaPlan)
    if status:
        stmt = stmt.where(QaPlan.status == status)
    if employee_no:
        stmt = stmt.where(QaPlan.employee_no == employee_no)
    return list(session.scalars(stmt.order_by(QaPlan.starts_on.desc(), QaPlan.id.desc())))


def plan(session: Session, plan_id: int) -> QaPlan | None:
    return session.get(QaPlan, plan_id)


def notes(session: Session, plan_id: int) -> list[QaPlanNote]:
    """A plan's follow-ups and comments, oldest first."""
    return list(
        session.scalars(
            select(QaPlanNote)
            .where(QaPlanNote.plan_id == plan_id)
            .order_by(QaPlanNote.noted_on, QaPlanNote.id)
        )
    )


def newest_contact_day(session: Session) -> date | None:
    """The day of the newest contact with a monitoring evaluation that reached the agent."""
    newest = session.scalar(
        select(func.max(QaContact.contact_at))
        .join(QaEvaluation, QaEvaluation.contact_id == QaContact.id)
        .where(QaEvaluation.purpose == MONITORING, QaEvaluation.state.in_(COUNTED_STATES))
    )
    return newest.date() if newest is not None else None
