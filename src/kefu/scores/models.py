"""Monthly inputs: scores, attendance summaries, award evidence, and the log of their changes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

Score = Numeric(9, 4)
Days = Numeric(7, 2)


class MonthlyScore(Base):
    """月度成绩: the three components of one person's month (R-BON-1)."""

    __tablename__ = "monthly_score"
    __table_args__ = (
        UniqueConstraint("employee_id", "month"),
        Index("ix_monthly_score_month", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    month: Mapped[str] = mapped_column(String(7))
    call_quality: Mapped[Decimal | None] = mapped_column(Score)
    work_ability: Mapped[Decimal | None] = mapped_column(Score)
    overall_conduct: Mapped[Decimal | None] = mapped_column(Score)


class AttendanceSummary(Base):
    """考勤汇总 of one attendance cycle (R-BON-5)."""

    __tablename__ = "attendance_summary"
    __table_args__ = (
        UniqueConstraint("employee_id", "cycle"),
        Index("ix_attendance_cycle", "cycle"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    cycle: Mapped[str] = mapped_column(String(7))
    absence_days: Mapped[Decimal] = mapped_column(Days)
    personal_leave_days: Mapped[Decimal] = mapped_column(Days)
    sick_leave_days: Mapped[Decimal] = mapped_column(Days)
    late_count: Mapped[int] = mapped_column(Integer)
    early_leave_count: Mapped[int] = mapped_column(Integer)
    shift_swap_count: Mapped[int] = mapped_column(Integer)
    unapproved_absence_days: Mapped[Decimal] = mapped_column(Days)


class AwardEvidence(Base):
    """奖项依据 of one month (R-AWD-1)."""

    __tablename__ = "award_evidence"
    __table_args__ = (
        UniqueConstraint("employee_id", "month"),
        Index("ix_award_evidence_month", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    month: Mapped[str] = mapped_column(String(7))
    commendations: Mapped[int] = mapped_column(Integer)
    erroneous_work_orders: Mapped[int] = mapped_column(Integer)
    erroneous_refunds: Mapped[int] = mapped_column(Integer)
    min_monitoring_score: Mapped[Decimal | None] = mapped_column(Score)
    min_exam_score: Mapped[Decimal | None] = mapped_column(Score)


class InputChange(Base):
    """Who changed which input of a closed period, from what to what (R-AUD-1)."""

    __tablename__ = "input_change"
    __table_args__ = (Index("ix_input_change_period", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    changed_by: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    employee_no: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(String(64))
    new_value: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(255))
