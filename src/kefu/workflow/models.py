"""Cases, the decisions taken on them and the objections filed during their notice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base


class Case(Base):
    """案件: one promotion application, election or Eagle plan moving through its flow.

    ``version`` goes up with every change: a decision names the version its reviewer saw,
    and only one of two reviewers acting on the same version gets through (R-PRO-3).
    """

    __tablename__ = "workflow_case"
    __table_args__ = (Index("ix_workflow_case_kind_state", "kind", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(255))
    subject_no: Mapped[str | None] = mapped_column(String(32))
    involved: Mapped[list[str]] = mapped_column(JSON)
    department: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_name: Mapped[str | None] = mapped_column(String(64))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    notice_published_on: Mapped[date | None] = mapped_column(Date)
    notice_first_day: Mapped[date | None] = mapped_column(Date)
    notice_last_day: Mapped[date | None] = mapped_column(Date)
    notice_working_days: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[date | None] = mapped_column(Date)


class CaseAction(Base):
    """One thing done on a case: opened, decided at a stage, published, objected, answered …"""

    __tablename__ = "workflow_action"
    __table_args__ = (Index("ix_workflow_action_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("workflow_case.id"))
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    on_day: Mapped[date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(24))
    stage: Mapped[str | None] = mapped_column(String(24))
    decision: Mapped[str | None] = mapped_column(String(16))
    opinion: Mapped[str | None] = mapped_column(Text)
    state_before: Mapped[str | None] = mapped_column(String(24))
    state_after: Mapped[str] = mapped_column(String(24))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Objection(Base):
    """申诉: filed by any staff member during a notice, investigated and answered (R-PUB-1)."""

    __tablename__ = "workflow_objection"
    __table_args__ = (Index("ix_workflow_objection_case", "case_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("workflow_case.id"))
    filed_by: Mapped[str] = mapped_column(String(64))
    filed_on: Mapped[date] = mapped_column(Date)
    filed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    finding: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_on: Mapped[date | None] = mapped_column(Date)
