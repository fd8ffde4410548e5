"""The real attendance: the roster of shifts, attendance events, leave requests, comp time."""

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

Days = Numeric(7, 2)
Hours = Numeric(9, 4)


class ShiftAssignment(Base):
    """排班: who works which shift on which day (R-SHF-1); one shift a person a day."""

    __tablename__ = "shift_assignment"
    __table_args__ = (
        UniqueConstraint("employee_id", "day"),
        Index("ix_shift_assignment_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    day: Mapped[date] = mapped_column(Date)
    shift_code: Mapped[str] = mapped_column(String(8))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    source: Mapped[str] = mapped_column(String(255))


class AttendanceEvent(Base):
    """考勤记录: a clock punch or an exception (late, leave, absence, swap …) on a day."""

    __tablename__ = "attendance_event"
    __table_args__ = (Index("ix_attendance_event_emp_day", "employee_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime | None] = mapped_column(DateTime)
    minutes: Mapped[int | None] = mapped_column(Integer)
    days: Mapped[Decimal] = mapped_column(Days)
    voluntary: Mapped[bool | None] = mapped_column(Boolean)
    approved: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(255))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("leave_request.id"))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    source: Mapped[str] = mapped_column(String(255))


class LeaveRequest(Base):
    """请假/换休申请: asked by the person, decided by their team leader (R-HRS-2)."""

    __tablename__ = "leave_request"
    __table_args__ = (Index("ix_leave_request_emp", "employee_id", "first_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    kind: Mapped[str] = mapped_column(String(24))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str | None] = mapped_column(String(255))


class CompTimeEntry(Base):
    """换休台账: one append-only entry (earned, used, offset, expired) frozen by a pay close."""

    __tablename__ = "comp_time_entry"
    __table_args__ = (
        Index("ix_comp_time_entry_close_emp", "close_id", "employee_id"),
        Index("ix_comp_time_entry_emp", "employee_id", "on_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(ForeignKey("period_close.id"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    on_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    hours: Mapped[Decimal] = mapped_column(Hours)
    lot_earned_on: Mapped[date] = mapped_column(Date)
    lot_expires_on: Mapped[date] = mapped_column(Date)
    balance_after: Mapped[Decimal] = mapped_column(Hours)
    rule: Mapped[str] = mapped_column(String(16))
