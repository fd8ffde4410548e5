"""The figures careers are judged on (R-PRO-1) and the promotion rounds HR opens (R-PRO-2)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
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

Figure = Numeric(9, 4)


class PerformanceIndicator(Base):
    """业绩指标 of one month (R-PRO-1): satisfaction, response, resolution, complaints, KPI,
    the periodic skills exam and disciplinary violations; imported like the monthly scores."""

    __tablename__ = "performance_indicator"
    __table_args__ = (
        UniqueConstraint("employee_id", "month"),
        Index("ix_performance_indicator_month", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    month: Mapped[str] = mapped_column(String(7))
    satisfaction: Mapped[Decimal | None] = mapped_column(Figure)
    avg_response_minutes: Mapped[Decimal | None] = mapped_column(Figure)
    on_time_response_pct: Mapped[Decimal | None] = mapped_column(Figure)
    resolution_pct: Mapped[Decimal | None] = mapped_column(Figure)
    complaint_pct: Mapped[Decimal | None] = mapped_column(Figure)
    kpi_completion_pct: Mapped[Decimal | None] = mapped_column(Figure)
    skills_exam_score: Mapped[Decimal | None] = mapped_column(Figure)
    violations: Mapped[int] = mapped_column(Integer, default=0)


class PromotionRound(Base):
    """本期晋升: HR opens applications in an application month until a closing day (R-PRO-2)."""

    __tablename__ = "promotion_round"
    __table_args__ = (UniqueConstraint("month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    note: Mapped[str | None] = mapped_column(String(255))
