"""Tables of recruitment (招聘, R-REC-1): candidates, their test results, their stage moves.

A result is never overwritten: a retest adds a row and the newest counts; the moves are the
candidate's history (who moved them, when, why, and the tests it was decided on).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base


class RecruitCandidate(Base):
    """应聘者: who applied, when, for what, and the stage they are at."""

    __tablename__ = "recruitment_candidate"
    __table_args__ = (Index("ix_recruitment_candidate_stage", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    contact: Mapped[str] = mapped_column(String(128))
    applied_on: Mapped[date] = mapped_column(Date)
    position: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(String(2000))
    stage: Mapped[str] = mapped_column(String(16))
    stage_since: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    employee_no: Mapped[str | None] = mapped_column(String(32))
    """The staff number HR gave on the move into training (入职)."""
    department: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    training_starts_on: Mapped[date | None] = mapped_column(Date)
    cohort: Mapped[str | None] = mapped_column(String(64))
    """The training cohort, as a reference only (the new-hire programme keeps the cohorts)."""
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class RecruitResult(Base):
    """One test result: a figure of the computer or reading test, or one interviewer's score
    of one interview dimension."""

    __tablename__ = "recruitment_result"
    __table_args__ = (Index("ix_recruitment_result_candidate", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("recruitment_candidate.id"))
    item: Mapped[str] = mapped_column(String(24))
    interviewer: Mapped[str | None] = mapped_column(String(64))
    dimension: Mapped[str | None] = mapped_column(String(64))
    value: Mapped[Decimal] = mapped_column(Numeric(9, 4))
    taken_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class RecruitMove(Base):
    """A candidate's move from one stage to another (the first: into 报名), with its why."""

    __tablename__ = "recruitment_move"
    __table_args__ = (Index("ix_recruitment_move_candidate", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("recruitment_candidate.id"))
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    moved_on: Mapped[date] = mapped_column(Date)
    moved_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(2000))
    steps: Mapped[list[Any]] = mapped_column(JSON)
    """The explanation the move was decided on (Step.as_dict of each step)."""
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


__all__ = ["RecruitCandidate", "RecruitMove", "RecruitResult"]
