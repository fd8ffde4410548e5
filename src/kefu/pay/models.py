"""Pay: other allowances and deductions entered for a month, and the frozen pay sheet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

Money = Numeric(12, 2)


class PayAdjustment(Base):
    """其它津贴 / 其它扣款 of a person's month, as imported (R-PAY-1)."""

    __tablename__ = "pay_adjustment"
    __table_args__ = (Index("ix_pay_adjustment_month", "month", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    month: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(64))
    amount: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(String(255))


class PayResult(Base):
    """One person's frozen pay for a month: lines, totals, the inputs and the reasons."""

    __tablename__ = "pay_result"
    __table_args__ = (Index("ix_pay_result_close_emp", "close_id", "employee_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("period_close.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    level: Mapped[str | None] = mapped_column(String(32))
    base_pay: Mapped[Decimal] = mapped_column(Money)
    gross: Mapped[Decimal] = mapped_column(Money)
    deductions: Mapped[Decimal] = mapped_column(Money)
    net: Mapped[Decimal] = mapped_column(Money)
    lines: Mapped[list[Any]] = mapped_column(JSON)
    hours: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The hours ledger of the period: counted, standard, carried, surplus, comp time."""
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
