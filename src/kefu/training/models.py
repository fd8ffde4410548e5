"""Tables of the new-hire programme (R-NEW-1..4): cohorts with their own copy of the plan,
trainees and mentors, training scores, warnings and the criteria a trainer records.

Scores, warnings, criteria and plan edits are only ever added: a corrected score is a new row
naming the one it corrects, a withdrawn criterion keeps who withdrew it and why.
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

__all__ = [
    "Cohort",
    "CohortDay",
    "Criterion",
    "PlanEdit",
    "Reminder",
    "Trainee",
    "TrainingScore",
]


class Cohort(Base):
    """培训班 (一期): new hires who start on the same day under one trainer (品管培训岗)."""

    __tablename__ = "training_cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    plan_name: Mapped[str] = mapped_column(String(64))
    trainer: Mapped[str] = mapped_column(String(64))
    """The trainer's account (a QA, HR or manager account)."""
    department: Mapped[str | None] = mapped_column(String(64))
    policy_name: Mapped[str | None] = mapped_column(String(64))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class CohortDay(Base):
    """One day of a cohort's own copy of the plan (its trainer may edit it, R-NEW-1)."""

    __tablename__ = "training_cohort_day"
    __table_args__ = (UniqueConstraint("cohort_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohort.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    lead: Mapped[str] = mapped_column(String(64))
    content: Mapped[list[str]] = mapped_column(JSON)
    exam: Mapped[str | None] = mapped_column(String(16))
    exam_items: Mapped[list[str]] = mapped_column(JSON)
    assigns_mentor: Mapped[bool] = mapped_column(Boolean)
    targeted: Mapped[bool] = mapped_column(Boolean)


class PlanEdit(Base):
    """A trainer's edit of one plan day: the day before and after, who, when and why."""

    __tablename__ = "training_plan_edit"
    __table_args__ = (Index("ix_training_plan_edit_cohort", "cohort_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohort.id"))
    number: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_on: Mapped[date] = mapped_column(Date)
    changed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Trainee(Base):
    """A new hire in a cohort (学员): their mentor and where they stand in the programme.

    ``stage``: training, re_exam (failed the conversion exam, re-exam set), decision (failed
    the re-exam: the manager chooses), extended, converted (regular from ``regular_from``),
    eliminating (an elimination case is open), eliminated.
    """

    __tablename__ = "training_trainee"
    __table_args__ = (
        UniqueConstraint("cohort_id", "employee_no"),
        Index("ix_training_trainee_employee", "employee_no"),
        Index("ix_training_trainee_mentor", "mentor_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohort.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    how: Mapped[str] = mapped_column(String(16))
    """register (an existing probation record) or hired (added to the register with it)."""
    added_by: Mapped[str] = mapped_column(String(64))
    added_on: Mapped[date] = mapped_column(Date)
    mentor_no: Mapped[str | None] = mapped_column(String(32))
    mentor_since: Mapped[date | None] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(16))
    re_exam_on: Mapped[date | None] = mapped_column(Date)
    regular_from: Mapped[date | None] = mapped_column(Date)
    extended_until: Mapped[date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(16))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(Integer)


class TrainingScore(Base):
    """One score of a trainee (R-NEW-2): theory, practical, daily conduct (its three parts),
    the conversion exam or its re-exam; entered by the trainer or taken from an exam sitting.

    ``corrects_id`` names the score this one replaces (a correction keeps the old row).
    """

    __tablename__ = "training_score"
    __table_args__ = (Index("ix_training_score_trainee", "trainee_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("training_trainee.id"))
    kind: Mapped[str] = mapped_column(String(16))
    taken_on: Mapped[date] = mapped_column(Date)
    score: Mapped[Decimal] = mapped_column(Points)
    attendance: Mapped[Decimal | None] = mapped_column(Points)
    attitude: Mapped[Decimal | None] = mapped_column(Points)
    teamwork: Mapped[Decimal | None] = mapped_column(Points)
    occasion: Mapped[str] = mapped_column(String(16))
    """periodic (定期评估), lesson (重要知识点后), exam (a plan day's exam), conversion."""
    plan_day: Mapped[int | None] = mapped_column(Integer)
    feedback: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(8))
    """typed (entered by hand) or exam (a graded sitting of kefu.exams)."""
    sitting_id: Mapped[int | None] = mapped_column(Integer)
    paper_id: Mapped[int | None] = mapped_column(Integer)
    paper_label: Mapped[str | None] = mapped_column(String(200))
    pass_mark: Mapped[Decimal | None] = mapped_column(Points)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    corrects_id: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Reminder(Base):
    """提醒: a warning the trainer gave a trainee, with its note (R-NEW-3)."""

    __tablename__ = "training_warning"
    __table_args__ = (Index("ix_training_warning_trainee", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("training_trainee.id"))
    given_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    given_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Criterion(Base):
    """An elimination criterion the trainer records with its evidence (R-NEW-3): a serious
    violation, still unable after coaching, a serious complaint, refusal to cooperate …"""

    __tablename__ = "training_criterion"
    __table_args__ = (Index("ix_training_criterion_trainee", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("training_trainee.id"))
    criterion: Mapped[str] = mapped_column(String(32))
    observed_on: Mapped[date] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    withdrawn_by: Mapped[str | None] = mapped_column(String(64))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
