"""Tables of the question bank and exams (题库与考试, R-EXM-1).

A question is never changed once written: editing adds a new version of its family (题目族)
and retires the old one, so a paper keeps exactly the questions it was drawn with. A sitting
(一次考试) is one person's go at one paper within a window; its answers are saved as they come
and graded when it ends.
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
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

Points = Numeric(9, 4)

__all__ = ["Answer", "Paper", "PaperQuestion", "Question", "Sitting"]


class Question(Base):
    """试题: one version of a question of the bank."""

    __tablename__ = "exam_question"
    __table_args__ = (
        Index("ix_exam_question_bank", "exam_kind", "topic", "difficulty"),
        Index("ix_exam_question_family", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(Integer)
    """The first version's id: every version of a question shares it."""
    version: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    exam_kind: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[int] = mapped_column(Integer)
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    key: Mapped[list[str]] = mapped_column(JSON)
    """Option letters (choice), accepted answers (fill-in); empty for the marked kinds."""
    reference: Mapped[str | None] = mapped_column(Text)
    """The reference answer or marking notes (参考答案 / 解析)."""
    points: Mapped[Decimal] = mapped_column(Points)
    created_by: Mapped[str] = mapped_column(String(64))
    created_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(255))
    retired_on: Mapped[date | None] = mapped_column(Date)
    retired_by: Mapped[str | None] = mapped_column(String(64))


class Paper(Base):
    """试卷: questions drawn from the bank for one exam, with its time limit and pass mark."""

    __tablename__ = "exam_paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    exam_kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(String(24))
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    """What was asked of the bank: topics, difficulty mix, excluded papers."""
    seed: Mapped[int] = mapped_column(Integer)
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    """The paper's own limit; None: the policy's when a sitting is assigned."""
    pass_mark: Mapped[Decimal] = mapped_column(Points)
    total_points: Mapped[Decimal] = mapped_column(Points)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    drawn_by: Mapped[str] = mapped_column(String(64))
    drawn_on: Mapped[date] = mapped_column(Date)
    policy_name: Mapped[str | None] = mapped_column(String(64))


class PaperQuestion(Base):
    """One question of a paper, in its place, with the points it carries there."""

    __tablename__ = "exam_paper_question"
    __table_args__ = (
        UniqueConstraint("paper_id", "question_id", name="uq_exam_paper_question_question"),
        UniqueConstraint("paper_id", "position", name="uq_exam_paper_question_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("exam_paper.id"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("exam_question.id"))
    points: Mapped[Decimal] = mapped_column(Points)


class Sitting(Base):
    """一次考试: one person's sitting of one paper within a window, and its result."""

    __tablename__ = "exam_sitting"
    __table_args__ = (
        UniqueConstraint("paper_id", "employee_no"),
        Index("ix_exam_sitting_employee", "employee_no", "status"),
        Index("ix_exam_sitting_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("exam_paper.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(24))
    context: Mapped[dict[str, Any]] = mapped_column(JSON)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    time_limit_minutes: Mapped[int] = mapped_column(Integer)
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The policy's grading rules as of the assignment: multiple choice, display, its name."""
    assigned_by: Mapped[str] = mapped_column(String(64))
    assigned_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_how: Mapped[str | None] = mapped_column(String(16))
    taken_on: Mapped[date | None] = mapped_column(Date)
    earned: Mapped[Decimal | None] = mapped_column(Points)
    score: Mapped[Decimal | None] = mapped_column(Points)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    final: Mapped[bool] = mapped_column(Boolean, default=False)


class Answer(Base):
    """The answer given to one question of a sitting, its points and (for marked kinds) mark."""

    __tablename__ = "exam_answer"
    __table_args__ = (UniqueConstraint("sitting_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("exam_sitting.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("exam_question.id"))
    response: Mapped[list[str]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTime)
    points: Mapped[Decimal | None] = mapped_column(Points)
    """Points given: by kefu for objective questions, by the marker for the others."""
    marked_by: Mapped[str | None] = mapped_column(String(64))
    marked_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)
