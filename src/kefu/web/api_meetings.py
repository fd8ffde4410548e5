"""The JSON API of meetings and shift handover (/api/v1/meetings, /api/v1/handovers, R-MTG-1).

The same services and builders as the pages (kefu.web.pages_meetings), the same permissions:
meetings.view reads the meetings one sees, meetings.manage records them and runs the schedule
check, handover.write writes and acknowledges handovers.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.meetings import rules, views
from kefu.meetings import service as meetings
from kefu.periods import Month
from kefu.web import pages_meetings as pages
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Reader = Annotated[Viewer, Depends(require("meetings.view"))]
Keeper = Annotated[Viewer, Depends(require("meetings.manage"))]
Leader = Annotated[Viewer, Depends(require("handover.write"))]
MeetingPath = Annotated[int, Path(ge=1, le=INT_MAX, description="会议编号")]
FollowUpPath = Annotated[int, Path(ge=1, le=INT_MAX, description="跟进事项编号")]
HandoverPath = Annotated[int, Path(ge=1, le=INT_MAX, description="交接班记录编号")]
Kind = Literal["pre_shift", "post_shift", "weekly", "monthly"]
Attendance = Literal["present", "absent", "excused"]
EmployeeNo = Annotated[StaffNo, Field(max_length=32)]
ShiftCode = Annotated[Text, Field(pattern=r"^[A-Za-z][A-Za-z0-9]{0,7}$")]
Name = Annotated[Text, Field(min_length=1, max_length=64)]


class AttendeeIn(Strict):
    """One person invited and whether they came."""

    employee_no: EmployeeNo
    status: Attendance = "present"
    note: Annotated[Text, Field(max_length=255)] | None = None


class FollowUpBody(Strict):
    """A follow-up: what, its owner, and a due date (default: the policy's days after)."""

    what: Annotated[Text, Field(min_length=1, max_length=2000)]
    owner_no: EmployeeNo
    due_on: date | None = None

    def item(self) -> meetings.FollowUpIn:
        return meetings.FollowUpIn(self.what, self.owner_no, self.due_on)


class MeetingBody(Strict):
    """A meeting: a pre-shift one without a start time starts the policy's minutes early."""

    kind: Kind
    held_on: date
    chair_no: EmployeeNo
    starts_at: time | None = None
    ends_at: time | None = None
    shift_code: ShiftCode | None = None
    department: Name | None = None
    team: Name | None = None
    topics: list[Annotated[Text, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=30
    )
    minutes: Annotated[Text, Field(max_length=20000)] = ""
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=300)
    follow_ups: list[FollowUpBody] = Field(default_factory=list, max_length=50)


class DoneBody(Strict):
    """A follow-up done on a day, with a note."""

    done_on: date
    note: Annotated[Text, Field(max_length=2000)] = ""


class HandoverBody(Strict):
    """A handover note to a leader or to the next shift."""

    shift_date: date
    shift_code: ShiftCode
    to_no: EmployeeNo | None = None
    to_shift: ShiftCode | None = None
    open_items: list[Annotated[Text, Field(min_length=1, max_length=2000)]] = Field(
        default_factory=list, max_length=50
    )
    notes: Annotated[Text, Field(max_length=20000)] = ""
    from_no: EmployeeNo | None = None


class AckBody(Strict):
    """The receiving leader's acknowledgement."""

    note: Annotated[Text, Field(max_length=2000)] = ""


@api.get("/meetings", name="api_meetings")
def api_meetings(
    session: SessionDep,
    viewer: Reader,
    kind: Kind | None = None,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")] = "",
    department: Annotated[str, Query(max_length=64)] = "",
    team: Annotated[str, Query(max_length=64)] = "",
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """The meetings the viewer sees, newest first (R-PRV-1)."""
    if month:
        Month.parse(month)
    return [
        views.meeting_row(m, lang)
        for m in meetings.meetings(
            session, viewer, kind=kind or "", month=month, department=department, team=team
        )
    ]


@api.post("/meetings", name="api_meeting_add", status_code=201)
def api_meeting_add(
    session: SessionDep, viewer: Keeper, body: MeetingBody, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Record a meeting with its attendance and follow-ups."""
    data = meetings.MeetingIn(
        kind=body.kind,
        held_on=body.held_on,
        chair_no=body.chair_no,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
        shift_code=body.shift_code,
        department=body.department,
        team=body.team,
        topics=tuple(body.topics),
        minutes=body.minutes,
        attendees=tuple((a.employee_no, a.status) for a in body.attendees),
        follow_ups=tuple(f.item() for f in body.follow_ups),
    )
    m = meetings.add_meeting(session, viewer, data)
    return views.meeting_detail(session, viewer, m, lang, pages.today())


@api.get("/meetings/follow-ups", name="api_meeting_follow_ups")
def api_meeting_follow_ups(
    session: SessionDep,
    viewer: Reader,
    within: Annotated[int | None, Query(ge=0, le=366)] = None,
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """Open follow-ups the viewer sees, soonest due first, overdue ones flagged."""
    day = pages.today()
    return views.due_rows(meetings.due_follow_ups(session, viewer, day, within), lang, day)


@api.get("/meetings/check", name="api_meeting_check")
def api_meeting_check(
    session: SessionDep,
    viewer: Keeper,
    start: date,
    end: date,
    department: Annotated[str, Query(max_length=64)] = "",
    team: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[list[Kind] | None, Query(max_length=4)] = None,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Which expected meetings of a period are missing, with attendance rates (R-MTG-1)."""
    check, scope = meetings.schedule_check(
        session,
        viewer,
        start,
        end,
        pages.today(),
        department=department or None,
        team=team or None,
        kinds=tuple(kind) if kind else rules.KINDS,
    )
    rates = meetings.attendance_rates(session, viewer, start, end, scope)
    return views.check_data(check, scope, rates, lang)


@api.get("/meetings/{meeting_id}", name="api_meeting")
def api_meeting(
    session: SessionDep, viewer: Reader, meeting_id: MeetingPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One meeting with minutes, attendance and follow-ups."""
    m = meetings.get_meeting(session, viewer, meeting_id)
    return views.meeting_detail(session, viewer, m, lang, pages.today())


@api.post("/meetings/{meeting_id}/attendance", name="api_meeting_attendance")
def api_meeting_attendance(
    session: SessionDep, viewer: Keeper, meeting_id: MeetingPath, body: AttendeeIn
) -> dict[str, Any]:
    """Mark one person present, absent or excused."""
    row = meetings.set_attendance(
        session, viewer, meeting_id, body.employee_no, body.status, body.note
    )
    return {"meeting_id": meeting_id, "employee_no": row.employee_no, "status": row.status}


@api.post("/meetings/{meeting_id}/follow-ups", name="api_meeting_follow_up_add", status_code=201)
def api_meeting_follow_up_add(
    session: SessionDep,
    viewer: Keeper,
    meeting_id: MeetingPath,
    body: FollowUpBody,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Add a follow-up to a meeting."""
    row = meetings.add_follow_up(session, viewer, meeting_id, body.item())
    return views.follow_up_row(row, lang, pages.today())


@api.post("/meetings/follow-ups/{follow_up_id}/done", name="api_meeting_follow_up_done")
def api_meeting_follow_up_done(
    session: SessionDep,
    viewer: Reader,
    follow_up_id: FollowUpPath,
    body: DoneBody,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Mark a follow-up done (its owner, or whoever keeps the meeting)."""
    day = pages.today()
    if body.done_on > day:
        raise rules.MeetingInvalid(f"完成日期 {body.done_on} 晚于今天")
    row = meetings.finish_follow_up(session, viewer, follow_up_id, body.done_on, body.note)
    return views.follow_up_row(row, lang, day)


@api.get("/handovers", name="api_handovers")
def api_handovers(
    session: SessionDep, viewer: Leader, pending: bool = False, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """Handovers the viewer sees, newest first; ``pending``: not yet acknowledged."""
    return [
        views.handover_row(h, viewer, lang)
        for h in meetings.handovers(session, viewer, pending=pending)
    ]


@api.post("/handovers", name="api_handover_add", status_code=201)
def api_handover_add(
    session: SessionDep, viewer: Leader, body: HandoverBody, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Write a handover note."""
    data = meetings.HandoverIn(
        shift_date=body.shift_date,
        shift_code=body.shift_code,
        to_no=body.to_no,
        to_shift=body.to_shift,
        open_items=tuple(body.open_items),
        notes=body.notes,
        from_no=body.from_no,
    )
    row = meetings.add_handover(session, viewer, data, pages.now())
    return views.handover_row(row, viewer, lang)


@api.post("/handovers/{handover_id}/ack", name="api_handover_ack")
def api_handover_ack(
    session: SessionDep,
    viewer: Leader,
    handover_id: HandoverPath,
    body: AckBody,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """The receiving leader acknowledges the handover."""
    row = meetings.acknowledge(session, viewer, handover_id, pages.now(), body.note)
    return views.handover_row(row, viewer, lang)
