"""Closed periods (结算) and their frozen results, one revision per close (R-AUD-1)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
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

Money = Numeric(12, 2)


class PeriodClose(Base):
    """One revision of a closed month or quarter, with the policy used and what changed."""

    __tablename__ = "period_close"
    __table_args__ = (UniqueConstraint("kind", "period", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    closed_by: Mapped[str] = mapped_column(String(64))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_version.id"))
    inputs_digest: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class MonthlyResult(Base):
    """One person's frozen monthly figures, inputs and reasons."""

    __tablename__ = "monthly_result"
    __table_args__ = (Index("ix_monthly_result_close_emp", "close_id", "employee_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("period_close.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    grp: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(64))
    score: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    rank: Mapped[int | None] = mapped_column(Integer)
    pool_size: Mapped[int] = mapped_column(Integer)
    tier: Mapped[str | None] = mapped_column(String(16))
    bonus: Mapped[Decimal] = mapped_column(Money)
    eligible: Mapped[bool] = mapped_column(Boolean)
    awards: Mapped[list[Any]] = mapped_column(JSON)
    star_wage: Mapped[Decimal] = mapped_column(Money)
    clean_streak: Mapped[int] = mapped_column(Integer)
    """Frozen input kept as a column too: next month's close reads it for 100,000 people."""
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
    """The reason steps; the full trace is re-derived from ``inputs`` (see closing.results.explain)."""


class QuarterlyResult(Base):
    """One agent's frozen quarterly stars, inputs and trace."""

    __tablename__ = "quarterly_result"
    __table_args__ = (Index("ix_quarterly_result_close_emp", "close_id", "employee_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("period_close.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(64))
    score: Mapped[Decimal | None] = mapped_column(Numeric(14, 8))
    rank: Mapped[int | None] = mapped_column(Integer)
    pool_size: Mapped[int] = mapped_column(Integer)
    stars: Mapped[int] = mapped_column(Integer)
    star_wage: Mapped[Decimal] = mapped_column(Money)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    trace: Mapped[list[Any]] = mapped_column(JSON)
