"""Tables of bottom elimination: standby periods (待岗) and re-entry exams (重新上岗考试).

The cases themselves (opening, approval, notice, objections) are kefu.workflow's; these tables
keep what a final standby case set in motion, so "who is on standby until when" is a query.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

ExamScore = Numeric(12, 6)

__all__ = ["ReEntryExam", "StandbyPeriod"]


class StandbyPeriod(Base):
    """待岗培训: one person's standby from a final case, its end, extension and outcome (R-BOT-1)."""

    __tablename__ = "bottom_standby"
    __table_args__ = (
        UniqueConstraint("case_id"),
        Index("ix_bottom_standby_employee_no", "employee_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("workflow_case.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    extended_to: Mapped[date | None] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(16))
    """None while on standby; ``returned``, ``dismissal`` (the manager's choice) or ``dismissed``."""
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    @property
    def last_day(self) -> date:
        """The standby's last day: the extension's, else the planned one."""
        return self.extended_to or self.ends_on


class ReEntryExam(Base):
    """重新上岗考试: a score typed in by HR or taken from a graded exam sitting (R-BOT-1)."""

    __tablename__ = "bottom_re_entry_exam"
    __table_args__ = (Index("ix_bottom_re_entry_exam_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("workflow_case.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    taken_on: Mapped[date] = mapped_column(Date)
    score: Mapped[Decimal] = mapped_column(ExamScore)
    pass_mark: Mapped[Decimal] = mapped_column(ExamScore)
    passed: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(16))
    """``typed`` (entered by HR) or ``sitting`` (a graded kefu.exams sitting)."""
    sitting_id: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
