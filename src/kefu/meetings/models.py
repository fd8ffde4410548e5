"""Tables of meetings (会议, R-MTG-1): the meeting, who attended, its follow-ups; and the
shift handover notes between team leaders (交接班记录)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from kefu.db import Base

__all__ = ["Handover", "Meeting", "MeetingAttendee", "MeetingFollowUp"]


class Meeting(Base):
    """一次会议: 班前会, 班后会, 工作例会 or 部门工作例会, with its chair, topics and minutes."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_held_on", "held_on"),
        Index("ix_meeting_scope", "department", "team", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    shift_code: Mapped[str | None] = mapped_column(String(8))
    """The shift a pre- or post-shift meeting belongs to."""
    department: Mapped[str | None] = mapped_column(String(64))
    """None: a meeting of the whole center."""
    team: Mapped[str | None] = mapped_column(String(64))
    chair_no: Mapped[str] = mapped_column(String(32))
    chair_name: Mapped[str] = mapped_column(String(64))
    topics: Mapped[list[str]] = mapped_column(JSON)
    minutes: Mapped[str] = mapped_column(Text)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    """How its time was found (a pre-shift meeting's suggested start)."""
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class MeetingAttendee(Base):
    """One person invited to a meeting: present, absent or excused (出席 / 缺席 / 请假)."""

    __tablename__ = "meeting_attendee"
    __table_args__ = (
        UniqueConstraint("meeting_id", "employee_no"),
        Index("ix_meeting_attendee_employee", "employee_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    employee_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(255))


class MeetingFollowUp(Base):
    """跟进事项: what is to be done after a meeting, by whom, by when; open or done."""

    __tablename__ = "meeting_follow_up"
    __table_args__ = (
        Index("ix_meeting_follow_up_meeting", "meeting_id"),
        Index("ix_meeting_follow_up_status", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    what: Mapped[str] = mapped_column(String(2000))
    owner_no: Mapped[str] = mapped_column(String(32))
    owner_name: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[date] = mapped_column(Date)
    steps: Mapped[list[Any]] = mapped_column(JSON)
    """How the due date was found (given, or the policy's days after the meeting)."""
    status: Mapped[str] = mapped_column(String(8))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_note: Mapped[str | None] = mapped_column(String(2000))
    done_by: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Handover(Base):
    """交接班记录: what one leader hands to the next (or the next shift), acknowledged on receipt."""

    __tablename__ = "shift_handover"
    __table_args__ = (
        Index("ix_shift_handover_shift_date", "shift_date"),
        Index("ix_shift_handover_to_no", "to_no"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_date: Mapped[date] = mapped_column(Date)
    shift_code: Mapped[str] = mapped_column(String(8))
    department: Mapped[str | None] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(64))
    from_no: Mapped[str] = mapped_column(String(32))
    from_name: Mapped[str] = mapped_column(String(64))
    to_no: Mapped[str | None] = mapped_column(String(32))
    to_name: Mapped[str | None] = mapped_column(String(64))
    to_shift: Mapped[str | None] = mapped_column(String(8))
    """The next shift it is handed to, when no one leader is named."""
    open_items: Mapped[list[str]] = mapped_column(JSON)
    """Open issues and calls to follow (待跟进的问题和来电)."""
    notes: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(DateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_note: Mapped[str | None] = mapped_column(String(2000))
