"""Pages of meetings and shift handover (会议制度, 交接班, R-MTG-1): the meetings list, one
meeting (minutes, attendance, follow-ups), a new meeting, follow-ups due, the schedule check;
handover notes with their acknowledgement.

Thin routes over kefu.meetings.service; the builders (kefu.meetings.views) serve the JSON API
and the CLI as well. Who sees what (R-PRV-1) is decided in the service.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import Response

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.explain.views import name_of
from kefu.meetings import rules, views
from kefu.meetings import service as meetings
from kefu.periods import Month
from kefu.web.deps import PageLang, SessionDep, StaffNoForm
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require

pages = APIRouter()

Reader = Annotated[Viewer, Depends(require("meetings.view"))]
Keeper = Annotated[Viewer, Depends(require("meetings.manage"))]
Leader = Annotated[Viewer, Depends(require("handover.write"))]
INT_MAX = 2**31 - 1
MeetingPath = Annotated[int, Path(ge=1, le=INT_MAX, description="会议编号")]
FollowUpPath = Annotated[int, Path(ge=1, le=INT_MAX, description="跟进事项编号")]
HandoverPath = Annotated[int, Path(ge=1, le=INT_MAX, description="交接班记录编号")]
Short = Annotated[str, Form(max_length=64)]
Text = Annotated[str, Form(max_length=20000)]
EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def now() -> datetime:
    """The server's clock (tests patch this seam)."""
    return accounts.now()


def today() -> date:
    """The server's date: follow-ups fall due and the check counts up to it."""
    return now().date()


# ---------------------------------------------------------------- form parsing


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise rules.MeetingInvalid(f"{what}「{text}」应为 YYYY-MM-DD") from None


def _clock(text: str, what: str) -> time | None:
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise rules.MeetingInvalid(f"{what}「{text}」应为 HH:MM")
    return time(int(m.group(1)), int(m.group(2)))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _no(text: str, what: str) -> str:
    text = text.strip()
    if not EMPLOYEE_NO.fullmatch(text):
        raise rules.MeetingInvalid(f"{what}「{text}」不是有效的工号")
    return text


def attendees_from(text: str) -> tuple[tuple[str, str], ...]:
    """One attendee a line: 「工号」 (present) or 「工号 absent|excused|缺席|请假」."""
    words = {
        "出席": rules.PRESENT,
        "缺席": rules.ABSENT,
        "请假": rules.EXCUSED,
        **{s: s for s in rules.ATTENDANCE},
    }
    out = []
    for line in _lines(text):
        no, _, status = line.partition(" ")
        status = status.strip() or rules.PRESENT
        if status not in words:
            raise rules.MeetingInvalid(f"参会人员「{line}」: 出席情况应为 出席、缺席 或 请假")
        out.append((_no(no, "参会人员"), words[status]))
    return tuple(out)


def follow_ups_from(text: str) -> tuple[meetings.FollowUpIn, ...]:
    """One follow-up a line: 「事项 | 负责人工号 | 期限(选填 YYYY-MM-DD)」."""
    out = []
    for line in _lines(text):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0]:
            raise rules.MeetingInvalid(f"跟进事项「{line}」应写成 事项 | 负责人工号 | 期限(选填)")
        due = _day(parts[2], "期限") if len(parts) == 3 and parts[2] else None
        out.append(meetings.FollowUpIn(parts[0], _no(parts[1], "负责人"), due))
    return tuple(out)


# ---------------------------------------------------------------- meetings


def _kinds(words: Lang) -> list[tuple[str, str]]:
    return [(k, name_of(rules.KIND_NAMES, k, words)) for k in rules.KINDS]


@pages.get("/meetings", name="meetings")
def meetings_page(
    request: Request,
    session: SessionDep,
    viewer: Reader,
    kind: Annotated[str, Query(max_length=16)] = "",
    month: Annotated[str, Query(max_length=7)] = "",
    team: Annotated[str, Query(max_length=64)] = "",
    lang: PageLang = None,
) -> Response:
    """会议: the meetings the viewer sees, by kind, month and team."""
    words = language(lang)
    if kind and kind not in rules.KINDS:
        raise rules.MeetingInvalid(f"会议类型「{kind}」不存在")
    if month:
        Month.parse(month)
    rows = [
        views.meeting_row(m, words)
        for m in meetings.meetings(session, viewer, kind=kind, month=month, team=team)
    ]
    return render(
        request,
        words,
        "meetings.html",
        rows=rows,
        kinds=_kinds(words),
        asked={"kind": kind, "month": month, "team": team},
        may_add=viewer.can("meetings.manage"),
    )


def _new_form(
    request: Request,
    viewer: Viewer,
    words: Lang,
    asked: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        words,
        "meeting_new.html",
        status_code=status,
        asked=asked,
        error=error,
        kinds=_kinds(words),
        kind_topics={k: "\n".join(v) for k, v in rules.KIND_TOPICS.items()},
        participants={k: "、".join(v) for k, v in rules.KIND_PARTICIPANTS.items()},
    )


@pages.get("/meetings/new", name="meeting_new")
def meeting_new(
    request: Request,
    viewer: Keeper,
    kind: Annotated[str, Query(max_length=16)] = rules.PRE_SHIFT,
    lang: PageLang = None,
) -> Response:
    """新建会议: the form, with the viewer's department and team and the kind's usual topics."""
    words = language(lang)
    kind = kind if kind in rules.KINDS else rules.PRE_SHIFT
    asked = {
        "kind": kind,
        "held_on": today().isoformat(),
        "starts_at": "",
        "ends_at": "",
        "shift_code": "",
        "department": viewer.department or "",
        "team": viewer.team or "" if kind in (rules.PRE_SHIFT, rules.POST_SHIFT) else "",
        "chair_no": viewer.employee_no or "",
        "topics": "\n".join(rules.KIND_TOPICS[kind]),
        "minutes": "",
        "attendees": "",
        "follow_ups": "",
    }
    return _new_form(request, viewer, words, asked)


@pages.post("/meetings", name="meeting_add")
def meeting_add(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    kind: Short,
    held_on: Short,
    chair_no: Short,
    starts_at: Short = "",
    ends_at: Short = "",
    shift_code: Short = "",
    department: Short = "",
    team: Short = "",
    topics: Text = "",
    minutes: Text = "",
    attendees: Text = "",
    follow_ups: Text = "",
    lang: PageLang = None,
) -> Response:
    """Record a meeting; on a refusal the form comes back with what was typed."""
    words = language(lang)
    asked = {
        "kind": kind,
        "held_on": held_on,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "shift_code": shift_code,
        "department": department,
        "team": team,
        "chair_no": chair_no,
        "topics": topics,
        "minutes": minutes,
        "attendees": attendees,
        "follow_ups": follow_ups,
    }
    try:
        data = meetings.MeetingIn(
            kind=kind,
            held_on=_day(held_on, "会议日期"),
            chair_no=_no(chair_no, "主持人"),
            starts_at=_clock(starts_at, "开始时间"),
            ends_at=_clock(ends_at, "结束时间"),
            shift_code=shift_code.strip() or None,
            department=department.strip() or None,
            team=team.strip() or None,
            topics=_lines(topics),
            minutes=minutes.strip(),
            attendees=attendees_from(attendees),
            follow_ups=follow_ups_from(follow_ups),
        )
        meeting = meetings.add_meeting(session, viewer, data)
    except KefuError as exc:
        session.rollback()
        return _new_form(request, viewer, words, asked, exc.message, exc.http_status)
    return redirect(request, words, "meeting", meeting_id=meeting.id, done="added")


@pages.get("/meetings/follow-ups", name="meeting_follow_ups")
def meeting_follow_ups(
    request: Request,
    session: SessionDep,
    viewer: Reader,
    within: Annotated[int | None, Query(ge=0, le=366)] = None,
    lang: PageLang = None,
) -> Response:
    """跟进事项: the open follow-ups the viewer sees, soonest due first, overdue flagged."""
    words = language(lang)
    day = today()
    rows = views.due_rows(meetings.due_follow_ups(session, viewer, day, within), words, day)
    for row in rows:
        row["may_finish"] = viewer.employee_no == row["owner_no"] or viewer.can("meetings.manage")
    return render(
        request, words, "meeting_follow_ups.html", rows=rows, today=day.isoformat(), within=within
    )


@pages.get("/meetings/check", name="meeting_check")
def meeting_check(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    start: Annotated[str, Query(max_length=10)] = "",
    end: Annotated[str, Query(max_length=10)] = "",
    department: Annotated[str, Query(max_length=64)] = "",
    team: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[list[str] | None, Query(max_length=4)] = None,
    lang: PageLang = None,
) -> Response:
    """会议检查: which expected meetings of a period are missing, and attendance rates."""
    words = language(lang)
    day = today()
    first = _day(start, "开始日期") if start else day.replace(day=1)
    last = _day(end, "结束日期") if end else day
    kinds = tuple(kind) if kind else rules.KINDS
    error = None
    data: dict[str, Any] | None = None
    try:
        check, scope = meetings.schedule_check(
            session,
            viewer,
            first,
            last,
            day,
            department=department or None,
            team=team or None,
            kinds=kinds,
        )
        rates = meetings.attendance_rates(session, viewer, first, last, scope)
        data = views.check_data(check, scope, rates, words)
    except KefuError as exc:
        if exc.http_status in (403, 404):
            raise
        error = exc.message
    return render(
        request,
        words,
        "meeting_check.html",
        status_code=200 if error is None else 409,
        data=data,
        error=error,
        kinds=_kinds(words),
        asked={
            "start": first.isoformat(),
            "end": last.isoformat(),
            "department": department,
            "team": team,
            "kinds": list(kinds),
        },
    )


@pages.get("/meetings/{meeting_id}", name="meeting")
def meeting_page(
    request: Request,
    session: SessionDep,
    viewer: Reader,
    meeting_id: MeetingPath,
    done: Annotated[str, Query(max_length=16)] = "",
    lang: PageLang = None,
) -> Response:
    """One meeting: time, chair, topics, minutes, attendance and follow-ups."""
    words = language(lang)
    m = meetings.get_meeting(session, viewer, meeting_id)
    detail = views.meeting_detail(session, viewer, m, words, today())
    return render(
        request,
        words,
        "meeting.html",
        m=detail,
        today=today().isoformat(),
        done=done if done in ("added", "attendance", "follow_up", "finished") else "",
        statuses=[(s, name_of(rules.ATTENDANCE_NAMES, s, words)) for s in rules.ATTENDANCE],
    )


@pages.post("/meetings/{meeting_id}/attendance", name="meeting_attendance")
def meeting_attendance(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    meeting_id: MeetingPath,
    employee_no: StaffNoForm,
    status: Short,
    note: Annotated[str, Form(max_length=255)] = "",
    lang: PageLang = None,
) -> Response:
    """Mark one person present, absent or excused."""
    words = language(lang)
    meetings.set_attendance(
        session, viewer, meeting_id, _no(employee_no, "工号"), status, note.strip() or None
    )
    return redirect(request, words, "meeting", meeting_id=meeting_id, done="attendance")


@pages.post("/meetings/{meeting_id}/follow-ups", name="meeting_follow_up_add")
def meeting_follow_up_add(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    meeting_id: MeetingPath,
    what: Annotated[str, Form(min_length=1, max_length=2000)],
    owner_no: Short,
    due_on: Short = "",
    lang: PageLang = None,
) -> Response:
    """Add a follow-up; without a due date the policy's days after the meeting."""
    words = language(lang)
    item = meetings.FollowUpIn(
        what, _no(owner_no, "负责人"), _day(due_on, "期限") if due_on.strip() else None
    )
    meetings.add_follow_up(session, viewer, meeting_id, item)
    return redirect(request, words, "meeting", meeting_id=meeting_id, done="follow_up")


@pages.post("/meetings/follow-ups/{follow_up_id}/done", name="meeting_follow_up_done")
def meeting_follow_up_done(
    request: Request,
    session: SessionDep,
    viewer: Reader,
    follow_up_id: FollowUpPath,
    done_on: Short,
    note: Annotated[str, Form(max_length=2000)] = "",
    lang: PageLang = None,
) -> Response:
    """Mark a follow-up done (its owner, or whoever keeps the meeting); not on a later day."""
    words = language(lang)
    day = _day(done_on, "完成日期")
    if day > today():
        raise rules.MeetingInvalid(f"完成日期 {day} 晚于今天")
    row = meetings.finish_follow_up(session, viewer, follow_up_id, day, note)
    return redirect(request, words, "meeting", meeting_id=row.meeting_id, done="finished")


# ---------------------------------------------------------------- handover


@pages.get("/handovers", name="handovers")
def handovers_page(
    request: Request,
    session: SessionDep,
    viewer: Leader,
    pending: Annotated[bool, Query()] = False,
    done: Annotated[str, Query(max_length=16)] = "",
    lang: PageLang = None,
) -> Response:
    """交接班记录: the handovers the viewer sees (or only those not yet acknowledged), the form."""
    words = language(lang)
    rows = [
        views.handover_row(h, viewer, words)
        for h in meetings.handovers(session, viewer, pending=pending)
    ]
    return render(
        request,
        words,
        "handovers.html",
        rows=rows,
        pending=pending,
        done=done if done in ("added", "acknowledged") else "",
        today=today().isoformat(),
        error=None,
        asked={},
    )


@pages.post("/handovers", name="handover_add")
def handover_add(
    request: Request,
    session: SessionDep,
    viewer: Leader,
    shift_date: Short,
    shift_code: Short,
    to_no: Short = "",
    to_shift: Short = "",
    open_items: Text = "",
    notes: Text = "",
    from_no: Short = "",
    lang: PageLang = None,
) -> Response:
    """Write a handover to a leader or the next shift."""
    words = language(lang)
    data = meetings.HandoverIn(
        shift_date=_day(shift_date, "班次日期"),
        shift_code=shift_code.strip(),
        to_no=_no(to_no, "接班人") if to_no.strip() else None,
        to_shift=to_shift.strip() or None,
        open_items=_lines(open_items),
        notes=notes.strip(),
        from_no=_no(from_no, "交班人") if from_no.strip() else None,
    )
    meetings.add_handover(session, viewer, data, now())
    return redirect(request, words, "handovers", done="added")


@pages.post("/handovers/{handover_id}/ack", name="handover_ack")
def handover_ack(
    request: Request,
    session: SessionDep,
    viewer: Leader,
    handover_id: HandoverPath,
    read: Annotated[Literal["yes"], Form(description="已阅读待跟进事项")],
    note: Annotated[str, Form(max_length=2000)] = "",
    lang: PageLang = None,
) -> Response:
    """The receiving leader confirms the handover, having read its open items."""
    words = language(lang)
    meetings.acknowledge(session, viewer, handover_id, now(), note)
    return redirect(request, words, "handovers", done="acknowledged")
