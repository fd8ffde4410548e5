"""Tables of conduct points (扣分, R-DIS-1).

An event (扣分事件) is what a leader saw: when, which rule of the catalogue, what happened and
the evidence. Each person involved has a charge (扣分记录) with their own points, which an
objection (申诉, R-PUB-1) may uphold, reduce or cancel. Nothing is edited in place: an event
is withdrawn with its reason (and a correction is a new event naming the one it corrects).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

__all__ = ["ConductCharge", "ConductEvent", "ConductObjection"]


class ConductEvent(Base):
    """扣分事件: one incident, the catalogue rule it breaks, and who recorded it."""

    __tablename__ = "conduct_event"
    __table_args__ = (
        Index("ix_conduct_event_month", "month", "state"),
        Index("ix_conduct_event_rule", "rule_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    on_day: Mapped[date] = mapped_column(Date)
    month: Mapped[str] = mapped_column(String(7))
    """The month of the event's date: its points count there."""
    rule_code: Mapped[str] = mapped_column(String(64))
    rule_name: Mapped[str] = mapped_column(String(255))
    rule_name_en: Mapped[str] = mapped_column(String(255))
    min_points: Mapped[int] = mapped_column(Integer)
    max_points: Mapped[int] = mapped_column(Integer)
    each_person: Mapped[bool] = mapped_column(Boolean)
    points: Mapped[int] = mapped_column(Integer)
    """Points deducted from each person charged (the catalogue's range as of the event)."""
    what: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(String(255))
    policy_name: Mapped[str] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("conduct_event.id"))
    """The event this one corrects (withdrawn with the same reason)."""
    state: Mapped[str] = mapped_column(String(16))
    withdrawn_by: Mapped[str | None] = mapped_column(String(64))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdraw_reason: Mapped[str | None] = mapped_column(Text)


class ConductCharge(Base):
    """扣分记录: one person's points from an event, and what an objection made of them."""

    __tablename__ = "conduct_charge"
    __table_args__ = (
        UniqueConstraint("event_id", "employee_no", name="uq_conduct_charge_person"),
        Index("ix_conduct_charge_employee", "employee_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("conduct_event.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    department: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    points: Mapped[int] = mapped_column(Integer)
    """The points as recorded."""
    final_points: Mapped[int] = mapped_column(Integer)
    """The points that count: as recorded, or as an objection's answer left them."""
    state: Mapped[str] = mapped_column(String(16))
    """standing | objected | upheld | reduced | cancelled."""


class ConductObjection(Base):
    """申诉: the person charged objects within the window; another leader answers (R-PUB-1)."""

    __tablename__ = "conduct_objection"
    __table_args__ = (UniqueConstraint("charge_id", name="uq_conduct_objection_charge"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("conduct_charge.id"))
    filed_by: Mapped[str] = mapped_column(String(64))
    filed_on: Mapped[date] = mapped_column(Date)
    filed_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    last_day: Mapped[date] = mapped_column(Date)
    """The window's last working day (as of filing)."""
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    """open | answered."""
    outcome: Mapped[str | None] = mapped_column(String(16))
    """upheld | reduced | cancelled."""
    points_after: Mapped[int | None] = mapped_column(Integer)
    reply: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_on: Mapped[date | None] = mapped_column(Date)
