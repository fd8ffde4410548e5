"""Tables of QA monitoring (监控, R-QA-1).

A scorecard (评分表) is never changed once used: editing adds a new version of its family, so an
evaluation keeps exactly the form it was scored with. A contact (被监控的联络) is one call,
e-mail, fax or chat of one agent, with its transcript or a recording reference. An evaluation
(监控评分) is one scoring of one contact on one scorecard version.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

Points = Numeric(9, 4)

__all__ = ["QaCalibration", "QaContact", "QaEvaluation", "QaEvaluationEvent", "QaScorecard"]


class QaScorecard(Base):
    """评分表: one version of a channel's scorecard.

    ``definition`` is ``{"sections": [{"key", "name", "name_en", "weight", "items": [{"key",
    "name", "name_en", "points", "critical", "na_allowed"}]}]}``; section weights sum to 1.
    """

    __tablename__ = "qa_scorecard"
    __table_args__ = (UniqueConstraint("family", "version", name="uq_qa_scorecard_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(String(64))
    """The scorecard's key; every version of it shares it (e.g. ``phone``)."""
    version: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    """phone | email | fax | chat"""
    title: Mapped[str] = mapped_column(String(128))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean)
    """The version new evaluations use; older versions stay for the evaluations made with them."""
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class QaContact(Base):
    """被监控的联络: one contact of one agent, with its transcript or a recording reference."""

    __tablename__ = "qa_contact"
    __table_args__ = (Index("ix_qa_contact_agent_time", "employee_no", "contact_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    contact_at: Mapped[datetime] = mapped_column(DateTime)
    reference: Mapped[str] = mapped_column(String(128))
    """A recording id, ticket number or message id; empty when none."""
    transcript: Mapped[str | None] = mapped_column(Text)
    """The transcript as given (plain text, or a JSON/CSV export of speaker turns)."""
    transcript_format: Mapped[str | None] = mapped_column(String(8))
    """text | json | csv"""
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class QaEvaluation(Base):
    """监控评分: one scoring of one contact on one scorecard version.

    ``marks`` is ``{item_key: {"points": "3" | null, "note": "…"}}``: ``null`` points mark an
    N/A item (不适用); ``note`` is the problem noted for the agent. ``state`` is draft |
    submitted | acknowledged | disputed | final. ``final_score`` is set when the evaluation is
    final (after a dispute, the second reviewer's score); the month's 通话评估成绩 is made from
    final evaluations by the month of ``contact_at``.
    """

    __tablename__ = "qa_evaluation"
    __table_args__ = (
        Index("ix_qa_evaluation_agent_month", "employee_no", "month"),
        Index("ix_qa_evaluation_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("qa_contact.id"))
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("qa_scorecard.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    department: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    month: Mapped[str] = mapped_column(String(7))
    evaluator: Mapped[str] = mapped_column(String(64))
    """The evaluating account's username."""
    purpose: Mapped[str] = mapped_column(String(16))
    """monitoring | calibration (a calibration scoring never reaches the agent or the month)."""
    calibration_id: Mapped[int | None] = mapped_column(Integer)
    marks: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[Decimal | None] = mapped_column(Points)
    critical_failed: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(16))
    auto_check_id: Mapped[int | None] = mapped_column(Integer)
    """The automatic check whose suggestion the evaluation started from, if any."""
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    respond_by: Mapped[date | None] = mapped_column(Date)
    """The last working day the agent may acknowledge or dispute (R-QA-1 window)."""
    final_score: Mapped[Decimal | None] = mapped_column(Points)
    final_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)


class QaEvaluationEvent(Base):
    """One step in an evaluation's history: who did what, when, with which note and score.

    ``action`` is save | submit | acknowledge | dispute | uphold | rescore | lapse.
    """

    __tablename__ = "qa_evaluation_event"
    __table_args__ = (Index("ix_qa_evaluation_event_evaluation", "evaluation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("qa_evaluation.id"))
    action: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    """The dispute's reason, the reviewer's written answer; empty otherwise."""
    score: Mapped[Decimal | None] = mapped_column(Points)
    """The evaluation's score after this step."""
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class QaCalibration(Base):
    """校准: several QA score the same contact blind; each is compared with the reference.

    ``participants`` lists the scoring accounts' usernames (the reference evaluator among
    them); ``state`` is open | closed. Its scorings are evaluations with purpose calibration.
    """

    __tablename__ = "qa_calibration"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("qa_contact.id"))
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("qa_scorecard.id"))
    reference_evaluator: Mapped[str] = mapped_column(String(64))
    participants: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)
