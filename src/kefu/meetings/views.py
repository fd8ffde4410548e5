"""Meetings and handovers as plain data: what the pages, the JSON API and the CLI show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.explain.messages import Lang
from kefu.explain.trace import Step
from kefu.explain.views import name_of, step_rows
from kefu.meetings import rules
from kefu.meetings import service as meetings
from kefu.meetings.models import Handover, Meeting, MeetingFollowUp


def _clock(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _moment(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M") if value else None


def meeting_row(m: Meeting, lang: Lang) -> dict[str, Any]:
    """One meeting in a list."""
    return {
        "id": m.id,
        "kind": m.kind,
        "kind_name": name_of(rules.KIND_NAMES, m.kind, lang),
        "held_on": m.held_on.isoformat(),
        "starts_at": _clock(m.starts_at),
        "ends_at": _clock(m.ends_at),
        "shift_code": m.shift_code,
        "department": m.department,
        "team": m.team,
        "chair_no": m.chair_no,
        "chair_name": m.chair_name,
        "topics": list(m.topics),
    }


def follow_up_row(
    f: MeetingFollowUp, lang: Lang, today: date, viewer: Viewer | None = None
) -> dict[str, Any]:
    """One follow-up: what, who, when, its state and why it is due then."""
    late = rules.overdue(f.status, f.due_on, today)
    found = [Step.from_dict(s) for s in f.steps]
    if late:
        found.append(rules.overdue_step(f.what, f.owner_name, f.due_on, today))
    return {
        "id": f.id,
        "meeting_id": f.meeting_id,
        "what": f.what,
        "owner_no": f.owner_no,
        "owner_name": f.owner_name,
        "due_on": f.due_on.isoformat(),
        "status": f.status,
        "status_name": name_of(rules.FOLLOW_UP_NAMES, f.status, lang),
        "overdue": late,
        "done_on": f.done_on.isoformat() if f.done_on else None,
        "done_note": f.done_note,
        "done_by": f.done_by,
        "steps": step_rows(found, lang),
    }


def meeting_detail(
    session: Session, viewer: Viewer, m: Meeting, lang: Lang, today: date
) -> dict[str, Any]:
    """A meeting with its minutes, attendance, follow-ups and what the viewer may do."""
    manage = meetings.may_manage(viewer, m)
    rows = []
    for f in meetings.follow_ups(session, m.id):
        row = follow_up_row(f, lang, today)
        row["may_finish"] = f.status == rules.OPEN and (
            manage or (viewer.employee_no is not None and viewer.employee_no == f.owner_no)
        )
        rows.append(row)
    return {
        **meeting_row(m, lang),
        "minutes": m.minutes,
        "created_by": m.created_by,
        "steps": step_rows(m.steps, lang),
        "attendees": [
            {
                "employee_no": a.employee_no,
                "name": a.name,
                "status": a.status,
                "status_name": name_of(rules.ATTENDANCE_NAMES, a.status, lang),
                "note": a.note,
            }
            for a in meetings.attendees(session, m.id)
        ],
        "follow_ups": rows,
        "may_manage": manage,
    }


def due_rows(
    items: Sequence[meetings.DueFollowUp], lang: Lang, today: date
) -> list[dict[str, Any]]:
    """Open follow-ups with their meeting."""
    out = []
    for item in items:
        row = follow_up_row(item.follow_up, lang, today)
        row["meeting"] = meeting_row(item.meeting, lang)
        out.append(row)
    return out


def handover_row(h: Handover, viewer: Viewer, lang: Lang) -> dict[str, Any]:
    """One handover note and whether the viewer may acknowledge it."""
    return {
        "id": h.id,
        "shift_date": h.shift_date.isoformat(),
        "shift_code": h.shift_code,
        "department": h.department,
        "team": h.team,
        "from_no": h.from_no,
        "from_name": h.from_name,
        "to_no": h.to_no,
        "to_name": h.to_name,
        "to_shift": h.to_shift,
        "open_items": list(h.open_items),
        "notes": h.notes,
        "written_by": h.written_by,
        "written_at": _moment(h.written_at),
        "acknowledged": h.acknowledged_at is not None,
        "acknowledged_by": h.acknowledged_by,
        "acknowledged_at": _moment(h.acknowledged_at),
        "acknowledged_note": h.acknowledged_note,
        "may_acknowledge": meetings.may_acknowledge(viewer, h),
    }


def check_data(
    check: rules.ScheduleCheck,
    scope: meetings.CheckScope,
    rates: Sequence[tuple[str, str, rules.AttendanceRate]],
    lang: Lang,
) -> dict[str, Any]:
    """The schedule check: counts by kind, every expected meeting, attendance rates."""
    counts = check.counts()
    return {
        "start": check.start.isoformat(),
        "end": check.end.isoformat(),
        "department": scope.department,
        "team": scope.team,
        "summary": [
            {
                "kind": kind,
                "kind_name": name_of(rules.KIND_NAMES, kind, lang),
                "expected": sum(counts[kind].values()),
                **{status: counts[kind].get(status, 0) for status in rules.CHECK_NAMES},
            }
            for kind in rules.KINDS
            if kind in counts
        ],
        "expected": [
            {
                "kind": e.kind,
                "kind_name": name_of(rules.KIND_NAMES, e.kind, lang),
                "due_on": e.due_on.isoformat(),
                "department": e.department,
                "team": e.team,
                "status": e.status,
                "status_name": name_of(rules.CHECK_NAMES, e.status, lang),
                "meeting_id": e.meeting_id,
                "held_on": e.held_on.isoformat() if e.held_on else None,
                "steps": step_rows(e.steps, lang),
            }
            for e in check.expected
        ],
        "steps": step_rows(check.steps, lang),
        "attendance": [
            {
                "employee_no": no,
                "name": name,
                "present": r.present,
                "absent": r.absent,
                "excused": r.excused,
                "rate": rules.percent(r.rate),
                "steps": step_rows(r.steps, lang),
            }
            for no, name, r in rates
        ],
    }
