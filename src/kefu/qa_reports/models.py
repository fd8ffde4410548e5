"""Tables of improvement plans (改进计划, R-QA-1).

A plan (改进计划) is made for one agent out of the monitoring reports: the problems found
(scorecard items and free text), the goal (e.g. a target mean score by a date), the actions,
its owner (QA or the team leader), its due date and status. Its notes (跟进记录) are the owner's
follow-ups and the agent's comments, each dated; a follow-up keeps the agent's mean monitoring
score since the plan started as it stood that day.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

__all__ = ["QaPlan", "QaPlanNote"]


class QaPlan(Base):
    """改进计划: one agent's plan to fix the problems the monitoring found."""

    __tablename__ = "qa_plan"
    __table_args__ = (
        Index("ix_qa_plan_agent", "employee_no"),
        Index("ix_qa_plan_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(32))
    department: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    """The agent's department and team when the plan was made (who may see it, R-PRV-1)."""
    problems: Mapped[list[Any]] = mapped_column(JSON)
    """The scorecard items the plan works on: ``[{"key", "name"}]``."""
    problem_text: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)
    target_score: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    """The mean monitoring score the agent aims at from the start, if the goal is a score."""
    actions: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(64))
    """The username of the QA or team leader who follows the plan up."""
    starts_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    next_follow_up_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    """open | achieved | not_achieved | cancelled"""
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, default=1)


class QaPlanNote(Base):
    """跟进记录: a dated follow-up by the owner, or a comment by the agent."""

    __tablename__ = "qa_plan_note"
    __table_args__ = (Index("ix_qa_plan_note_plan", "plan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("qa_plan.id"))
    kind: Mapped[str] = mapped_column(String(16))
    """follow_up (the owner's 跟进) | comment (the agent's 意见)"""
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    mean_since_start: Mapped[Decimal | None] = mapped_column(Numeric(9, 4))
    """The agent's mean monitoring score from the plan's start to ``noted_on``, as it stood."""
    evaluations: Mapped[int] = mapped_column(Integer, default=0)
    """How many evaluations that mean is made of."""
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
