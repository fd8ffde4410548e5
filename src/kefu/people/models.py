"""The staff register (员工): people and their effective-dated records (R-ORG-1..4)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base


class Employee(Base):
    """A person known by their 工号; everything that changes lives in EmployeeRecord."""

    __tablename__ = "employee"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class EmployeeRecord(Base):
    """What is true of a person from ``effective_on`` on; a change adds a record, never overwrites."""

    __tablename__ = "employee_record"
    __table_args__ = (Index("ix_employee_record_emp_eff", "employee_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    level: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    hired_on: Mapped[date] = mapped_column(Date)
    converted_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    recorded_by: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(255))
