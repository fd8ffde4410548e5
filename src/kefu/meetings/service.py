"""Use cases of meetings and shift handover (会议制度, 交接班, R-MTG-1).

The rules are kefu.meetings.rules; this module reads and writes the tables and never commits
(the request or the CLI command owns the transaction).

Decisions where the seed is silent:

* Who sees a meeting (R-PRV-1): HR and managers every one; anyone else the meetings of their
  department (a department-wide one, or their own team's), the ones they chaired or were
  invited to, and the ones they recorded.
* Who records one (meetings.manage): HR and managers for any scope; a team leader for their
  own team or their department as a whole; QA (品管培训岗) for their own department. A meeting
  of the whole center (no department) is recorded by HR or a manager.
* A follow-up is marked done by whoever may record the meeting, or by its owner.
* A handover goes to a named leader or to the next shift; the named leader acknowledges it,
  or — handed to a shift — any other team leader of the department; a manager may always.
  Leaders see the handovers of their department; managers every one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.attendance import repository as roster_repo
from kefu.attendance import service as attendance
from kefu.attendance.shifts import clock_time, shift_window
from kefu.audit import service as audit
from kefu.db import claim
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.explain.trace import Step
from kefu.meetings import rules
from kefu.meetings.models import Handover, Meeting, MeetingAttendee, MeetingFollowUp
from kefu.meetings.rules import MeetingInvalid
from kefu.people import service as people
from kefu.people.identifiers import normalize_staff_no, staff_no_or_none
from kefu.people.models import EmployeeRecord
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Meetings, ShiftType
from kefu.policy.service import policy_for
from kefu.workflow.rules import Conflict

RULE = rules.RULE
# input limits, not policy
TOPICS_MAX = 30
TOPIC_MAX = 200
MINUTES_MAX = 20000
TEXT_MAX = 2000
NOTE_MAX = 255
ATTENDEES_MAX = 300
ITEMS_MAX = 50
CHECK_DAYS_MAX = 366


def _audit(session: Session, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
    """Into the audit log (R-AUD-1)."""
    audit.record(session, actor, action, target, detail)


# ---------------------------------------------------------------- policy


def meetings_policy(session: Session, on: date) -> tuple[Meetings, LoadedPolicy]:
    """The meetings section of the policy in force on ``on``, or a refusal naming it."""
    loaded = policy_for(session, Month.of(on)).policy
    section = loaded.model.meetings
    if section is None:
        raise KefuError(f"政策 {loaded.name} 没有会议制度 (meetings) 一节:无法处理会议 ({RULE})")
    return section, loaded


def shift_types(session: Session, on: date) -> dict[str, ShiftType]:
    """The shift types (班次) of the policy in force on ``on``."""
    hours = attendance.hours_policy(policy_for(session, Month.of(on)))
    return {s.code: s for s in hours.shift_types}


def _shift(session: Session, on: date, code: str) -> ShiftType:
    known = shift_types(session, on)
    if code not in known:
        raise MeetingInvalid(
            f"班次「{code}」不在 {on} 生效的政策中 (可选: {'、'.join(known) or '无'})"
        )
    return known[code]


def suggested_times(
    session: Session, kind: str, on: date, shift_code: str | None
) -> tuple[time, time | None, list[Step]]:
    """A pre- or post-shift meeting's time from its shift (R-MTG-1): start, end, steps.

    班前会: the shift's start less ``meetings.pre_shift_minutes_early``, ending when the shift
    starts. 班后会: when the shift ends. Other meetings have no suggested time.
    """
    rules.check_kind(kind)
    if kind not in (rules.PRE_SHIFT, rules.POST_SHIFT):
        raise MeetingInvalid(f"{rules.KIND_NAMES[kind]['zh']}没有建议时间，请填写开始时间")
    if not shift_code:
        raise MeetingInvalid(
            f"{rules.KIND_NAMES[kind]['zh']}需要班次才能推算时间，请填写班次或开始时间"
        )
    shift = _shift(session, on, shift_code)
    starts, ends = shift_window(shift, on)
    if kind == rules.POST_SHIFT:
        return ends.time(), None, []
    section, loaded = meetings_policy(session, on)
    loaded.require("meetings.pre_shift_minutes_early", RULE)
    assert section.pre_shift_minutes_early is not None
    at, step = rules.pre_shift_start(shift.code, starts.time(), section.pre_shift_minutes_early)
    return at, clock_time(shift.starts, shift.code), [step]


# ---------------------------------------------------------------- who sees and records what


def _record(session: Session, employee_no: str, what: str) -> EmployeeRecord:
    rec = people.current_record(session, employee_no)
    if rec is None:
        raise NotFound(f"没有找到工号 {employee_no} 的员工 ({what})")
    return rec


def may_hold(viewer: Viewer, department: str | None, team: str | None) -> bool:
    """Whether the viewer may record a meeting of this department and team."""
    if not viewer.can("meetings.manage"):
        return False
    if viewer.scope == "center":
        return True
    if department is None or department != viewer.department:
        return False
    if viewer.scope == "team":
        return team is None or team == viewer.team
    return True


def _check_hold(viewer: Viewer, department: str | None, team: str | None) -> None:
    if not may_hold(viewer, department, team):
        where = " ".join(x for x in (department, team) if x) or "全中心"
        raise Forbidden(f"您不能记录 {where} 的会议 (R-PRV-1)")


def sees_meeting(viewer: Viewer, meeting: Meeting, invited: Sequence[str]) -> bool:
    """Whether the viewer may see a meeting (R-PRV-1)."""
    if not viewer.can("meetings.view"):
        return False
    if viewer.scope == "center" or meeting.created_by == viewer.username:
        return True
    me = viewer.employee_no
    if me is not None and (me == meeting.chair_no or me in invited):
        return True
    if meeting.department is None or meeting.department != viewer.department:
        return False
    return meeting.team is None or meeting.team == viewer.team


def _invited(session: Session, meeting_id: int) -> list[str]:
    return list(
        session.scalars(
            select(MeetingAttendee.employee_no).where(MeetingAttendee.meeting_id == meeting_id)
        )
    )


def get_meeting(session: Session, viewer: Viewer, meeting_id: int) -> Meeting:
    """A meeting the viewer may see; 404 otherwise, so nothing leaks."""
    found = session.get(Meeting, meeting_id)
    if found is None or not sees_meeting(viewer, found, _invited(session, meeting_id)):
        raise NotFound(f"没有编号为 {meeting_id} 的会议 (no meeting {meeting_id})")
    return found


def may_manage(viewer: Viewer, meeting: Meeting) -> bool:
    """Whether the viewer may change a meeting's attendance and follow-ups."""
    return may_hold(viewer, meeting.department, meeting.team) or (
        viewer.can("meetings.manage") and meeting.created_by == viewer.username
    )


# ---------------------------------------------------------------- meetings


@dataclass(frozen=True)
class FollowUpIn:
    """A follow-up as given: what, by whom, by when (None: the policy's default)."""

    what: str
    owner_no: str
    due_on: date | None = None


@dataclass(frozen=True)
class MeetingIn:
    """A meeting as given on a form, the API or the command line."""

    kind: str
    held_on: date
    chair_no: str
    starts_at: time | None = None
    ends_at: time | None = None
    shift_code: str | None = None
    department: str | None = None
    team: str | None = None
    topics: tuple[str, ...] = ()
    minutes: str = ""
    attendees: tuple[tuple[str, str], ...] = ()
    follow_ups: tuple[FollowUpIn, ...] = field(default_factory=tuple)


def add_meeting(session: Session, viewer: Viewer, data: MeetingIn) -> Meeting:
    """Record a meeting with its attendance and follow-ups (R-MTG-1); audited."""
    rules.check_kind(data.kind)
    department = data.department or None
    team = data.team or None
    if team is not None and department is None:
        raise MeetingInvalid("填写班组时也要填写部门")
    _check_hold(viewer, department, team)
    topics = [t.strip() for t in data.topics if t.strip()]
    if len(topics) > TOPICS_MAX or any(len(t) > TOPIC_MAX for t in topics):
        raise MeetingInvalid(f"议题最多 {TOPICS_MAX} 条，每条不超过 {TOPIC_MAX} 字")
    if len(data.minutes) > MINUTES_MAX:
        raise MeetingInvalid(f"会议纪要不超过 {MINUTES_MAX} 字")
    if len(data.attendees) > ATTENDEES_MAX:
        raise MeetingInvalid(f"参会人员最多 {ATTENDEES_MAX} 人")
    shift_code = data.shift_code or None
    if shift_code is not None:
        _shift(session, data.held_on, shift_code)
    steps: list[Step] = []
    starts, ends = data.starts_at, data.ends_at
    if starts is None:
        starts, suggested_end, steps = suggested_times(session, data.kind, data.held_on, shift_code)
        ends = ends or suggested_end
    rules.check_times(starts, ends)
    chair_no = normalize_staff_no(data.chair_no, "主持人工号")
    chair = _record(session, chair_no, "主持人")
    seen: set[str] = set()
    invited: list[tuple[str, str, str]] = []
    for given, status in data.attendees:
        no = normalize_staff_no(given, "参会人员工号")
        rules.check_attendance(status)
        if no in seen:
            raise MeetingInvalid(f"参会人员工号 {no} 重复")
        seen.add(no)
        invited.append((no, _record(session, no, "参会人员").name, status))
    meeting = Meeting(
        kind=data.kind,
        held_on=data.held_on,
        starts_at=starts,
        ends_at=ends,
        shift_code=shift_code,
        department=department,
        team=team,
        chair_no=chair_no,
        chair_name=chair.name,
        topics=topics,
        minutes=data.minutes,
        steps=[s.as_dict() for s in steps],
        created_by=viewer.username,
    )
    session.add(meeting)
    session.flush()
    for no, name, status in invited:
        session.add(
            MeetingAttendee(meeting_id=meeting.id, employee_no=no, name=name, status=status)
        )
    session.flush()
    _audit(
        session,
        viewer.username,
        "meeting.add",
        f"meeting:{meeting.id}",
        {"kind": data.kind, "held_on": data.held_on.isoformat(), "attendees": len(invited)},
    )
    for item in data.follow_ups:
        add_follow_up(session, viewer, meeting.id, item)
    return meeting


def meetings(
    session: Session,
    viewer: Viewer,
    *,
    kind: str = "",
    month: str = "",
    department: str = "",
    team: str = "",
    limit: int = 500,
) -> list[Meeting]:
    """The meetings the viewer sees, newest first, by kind, month, department and team."""
    stmt = select(Meeting)
    if kind:
        rules.check_kind(kind)
        stmt = stmt.where(Meeting.kind == kind)
    if month:
        m = Month.parse(month)
        stmt = stmt.where(Meeting.held_on >= m.first_day, Meeting.held_on <= m.last_day)
    if department:
        stmt = stmt.where(Meeting.department == department)
    if team:
        stmt = stmt.where(Meeting.team == team)
    if viewer.scope != "center":
        mine = select(MeetingAttendee.meeting_id).where(
            MeetingAttendee.employee_no == (viewer.employee_no or "")
        )
        stmt = stmt.where(
            or_(
                Meeting.department == (viewer.department or ""),
                Meeting.chair_no == (viewer.employee_no or ""),
                Meeting.created_by == viewer.username,
                Meeting.id.in_(mine),
            )
        )
    rows = list(session.scalars(stmt.order_by(Meeting.held_on.desc(), Meeting.id.desc())))
    invited = _invited_of(session, [m.id for m in rows])
    return [m for m in rows if sees_meeting(viewer, m, invited.get(m.id, []))][:limit]


def _invited_of(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    for mid, no in session.execute(
        select(MeetingAttendee.meeting_id, MeetingAttendee.employee_no).where(
            MeetingAttendee.meeting_id.in_(list(ids))
        )
    ):
        out.setdefault(mid, []).append(no)
    return out


def attendees(session: Session, meeting_id: int) -> list[MeetingAttendee]:
    """A meeting's attendance list, in 工号 order."""
    return list(
        session.scalars(
            select(MeetingAttendee)
            .where(MeetingAttendee.meeting_id == meeting_id)
            .order_by(MeetingAttendee.employee_no)
        )
    )


def follow_ups(session: Session, meeting_id: int) -> list[MeetingFollowUp]:
    """A meeting's follow-ups, by due date."""
    return list(
        session.scalars(
            select(MeetingFollowUp)
            .where(MeetingFollowUp.meeting_id == meeting_id)
            .order_by(MeetingFollowUp.due_on, MeetingFollowUp.id)
        )
    )


def set_attendance(
    session: Session,
    viewer: Viewer,
    meeting_id: int,
    employee_no: str,
    status: str,
    note: str | None = None,
) -> MeetingAttendee:
    """Mark one person present, absent or excused (adding them to the list if new); audited."""
    meeting = get_meeting(session, viewer, meeting_id)
    if not may_manage(viewer, meeting):
        raise Forbidden("您不能修改这次会议的出席情况 (R-PRV-1)")
    rules.check_attendance(status)
    employee_no = normalize_staff_no(employee_no, "参会人员工号")
    if note is not None and len(note) > NOTE_MAX:
        raise MeetingInvalid(f"备注不超过 {NOTE_MAX} 字")
    row = session.scalar(
        select(MeetingAttendee).where(
            MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.employee_no == employee_no
        )
    )
    if row is None:
        rec = _record(session, employee_no, "参会人员")
        row = MeetingAttendee(
            meeting_id=meeting_id, employee_no=employee_no, name=rec.name, status=status
        )
        session.add(row)
    before = row.status if row.id else None
    row.status = status
    row.note = note or None
    session.flush()
    _audit(
        session,
        viewer.username,
        "meeting.attendance",
        f"meeting:{meeting_id}",
        {"employee_no": employee_no, "from": before, "to": status},
    )
    return row


def add_follow_up(
    session: Session, viewer: Viewer, meeting_id: int, item: FollowUpIn
) -> MeetingFollowUp:
    """A follow-up of a meeting: due on its own date or the policy's days after (R-MTG-1)."""
    meeting = get_meeting(session, viewer, meeting_id)
    if not may_manage(viewer, meeting):
        raise Forbidden("您不能为这次会议添加跟进事项 (R-PRV-1)")
    what = item.what.strip()
    if not what or len(what) > TEXT_MAX:
        raise MeetingInvalid(f"跟进事项内容不能为空，且不超过 {TEXT_MAX} 字")
    owner_no = normalize_staff_no(item.owner_no, "跟进事项负责人工号")
    owner = _record(session, owner_no, "跟进事项负责人")
    follow_up_days: int | None = None
    if item.due_on is None:
        section, loaded = meetings_policy(session, meeting.held_on)
        loaded.require("meetings.follow_up_days", RULE)
        follow_up_days = section.follow_up_days
    due, step = rules.follow_up_due(meeting.held_on, item.due_on, follow_up_days)
    row = MeetingFollowUp(
        meeting_id=meeting_id,
        what=what,
        owner_no=owner_no,
        owner_name=owner.name,
        due_on=due,
        steps=[step.as_dict()],
        status=rules.OPEN,
        created_by=viewer.username,
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        viewer.username,
        "meeting.follow_up",
        f"meeting:{meeting_id}",
        {"follow_up": row.id, "owner": owner_no, "due_on": due.isoformat()},
    )
    return row


def get_follow_up(session: Session, viewer: Viewer, follow_up_id: int) -> MeetingFollowUp:
    """A follow-up the viewer may see (its meeting's visibility, or its owner)."""
    row = session.get(MeetingFollowUp, follow_up_id)
    if row is None:
        raise NotFound(f"没有编号为 {follow_up_id} 的跟进事项")
    if viewer.employee_no is None or row.owner_no != viewer.employee_no:
        try:
            get_meeting(session, viewer, row.meeting_id)
        except NotFound:
            raise NotFound(f"没有编号为 {follow_up_id} 的跟进事项") from None
    return row


def finish_follow_up(
    session: Session, viewer: Viewer, follow_up_id: int, on: date, note: str = ""
) -> MeetingFollowUp:
    """Mark a follow-up done on ``on`` with a note; its owner or the meeting's keeper; audited."""
    row = get_follow_up(session, viewer, follow_up_id)
    meeting = session.get(Meeting, row.meeting_id)
    assert meeting is not None
    owner = viewer.employee_no is not None and viewer.employee_no == row.owner_no
    if not owner and not may_manage(viewer, meeting):
        raise Forbidden("跟进事项由负责人或会议记录人标记完成 (R-PRV-1)")
    if row.status == rules.DONE:
        raise Conflict(f"跟进事项 #{follow_up_id} 已于 {row.done_on} 标记完成")
    if len(note) > TEXT_MAX:
        raise MeetingInvalid(f"完成说明不超过 {TEXT_MAX} 字")
    if on < meeting.held_on:
        raise MeetingInvalid(f"完成日期 {on} 早于会议日期 {meeting.held_on}")
    claim(
        session,
        row,
        {"status": rules.OPEN},
        {
            "status": rules.DONE,
            "done_on": on,
            "done_note": note.strip() or None,
            "done_by": viewer.username,
        },
        lambda now: Conflict(
            f"跟进事项 #{now.id} 已由 {now.done_by} 于 {now.done_on} 标记完成，请刷新后查看"
        ),
    )
    _audit(
        session,
        viewer.username,
        "meeting.follow_up_done",
        f"meeting:{meeting.id}",
        {"follow_up": row.id, "done_on": on.isoformat()},
    )
    return row


@dataclass(frozen=True)
class DueFollowUp:
    """An open follow-up with its meeting and whether it is overdue (and why)."""

    follow_up: MeetingFollowUp
    meeting: Meeting
    overdue: bool
    steps: list[Step]


def due_follow_ups(
    session: Session, viewer: Viewer, today: date, within_days: int | None = None
) -> list[DueFollowUp]:
    """Open follow-ups the viewer sees, soonest due first; overdue ones say so (R-MTG-1)."""
    stmt = (
        select(MeetingFollowUp, Meeting)
        .join(Meeting, Meeting.id == MeetingFollowUp.meeting_id)
        .where(MeetingFollowUp.status == rules.OPEN)
    )
    if within_days is not None:
        stmt = stmt.where(MeetingFollowUp.due_on <= today + timedelta(days=within_days))
    rows = session.execute(stmt.order_by(MeetingFollowUp.due_on, MeetingFollowUp.id)).all()
    invited = _invited_of(session, sorted({m.id for _, m in rows}))
    out = []
    for f, m in rows:
        own = viewer.employee_no is not None and f.owner_no == viewer.employee_no
        if not own and not sees_meeting(viewer, m, invited.get(m.id, [])):
            continue
        late = rules.overdue(f.status, f.due_on, today)
        steps = [Step.from_dict(s) for s in f.steps]
        if late:
            steps.append(rules.overdue_step(f.what, f.owner_name, f.due_on, today))
        out.append(DueFollowUp(f, m, late, steps))
    return out


# ---------------------------------------------------------------- the schedule check


@dataclass(frozen=True)
class CheckScope:
    """Which department and team a schedule check covers (None: all the viewer may)."""

    department: str | None
    team: str | None


def check_scope(viewer: Viewer, department: str | None, team: str | None) -> CheckScope:
    """The department and team a viewer checks: a leader their own, QA their department."""
    if not viewer.can("meetings.manage"):
        raise Forbidden("会议检查由组长、QA、人事或客服经理查看 (R-PRV-1)")
    department = department or None
    team = team or None
    if viewer.scope == "center":
        return CheckScope(department, team)
    if department not in (None, viewer.department):
        raise NotFound(f"没有找到部门 {department}")
    if viewer.scope == "team":
        if team not in (None, viewer.team):
            raise NotFound(f"没有找到班组 {team}")
        return CheckScope(viewer.department, viewer.team)
    return CheckScope(viewer.department, team)


def schedule_check(
    session: Session,
    viewer: Viewer,
    start: date,
    end: date,
    today: date,
    *,
    department: str | None = None,
    team: str | None = None,
    kinds: Sequence[str] = rules.KINDS,
) -> tuple[rules.ScheduleCheck, CheckScope]:
    """Which expected meetings of the period are missing for a scope (R-MTG-1)."""
    scope = check_scope(viewer, department, team)
    if start > end:
        raise MeetingInvalid(f"日期范围 {start}–{end} 不正确: 开始日期晚于结束日期")
    if (end - start).days >= CHECK_DAYS_MAX:
        raise MeetingInvalid(f"一次最多检查 {CHECK_DAYS_MAX} 天")
    section, loaded = meetings_policy(session, start)
    if rules.MONTHLY in kinds:
        loaded.require("meetings.monthly_by_day", RULE)
    last = min(end, today)
    team_days: list[rules.TeamDays] = []
    if last >= start and (rules.PRE_SHIFT in kinds or rules.POST_SHIFT in kinds):
        team_days = _team_days(session, scope, start, last)
    held = session.scalars(
        select(Meeting).where(
            Meeting.held_on >= start - timedelta(days=rules.DAYS_PER_WEEK),
            Meeting.held_on <= end + timedelta(days=31),
        )
    )
    facts = [rules.HeldMeeting(m.id, m.kind, m.held_on, m.department, m.team) for m in held]
    check = rules.schedule_check(
        start=start,
        end=end,
        today=today,
        teams=team_days,
        departments=[scope.department],
        meetings=facts,
        kinds=kinds,
        weekly_weekday=section.weekly_weekday,
        monthly_by_day=section.monthly_by_day,
    )
    return check, scope


def _team_days(
    session: Session, scope: CheckScope, start: date, last: date
) -> list[rules.TeamDays]:
    members: dict[tuple[str, str], list[str]] = {}
    for no, rec in people.roster(session):
        if rec.team is None or rec.status == "left":
            continue
        if scope.department is not None and rec.department != scope.department:
            continue
        if scope.team is not None and rec.team != scope.team:
            continue
        members.setdefault((rec.department, rec.team), []).append(no)
    ids = people.employee_ids(session, [no for nos in members.values() for no in nos])
    shifts = roster_repo.roster_between(session, start, last, list(ids.values()))
    kept = {
        day for days in roster_repo.roster_between(session, start, last).values() for day, _ in days
    }
    calendar = attendance.work_calendar()
    working = set()
    day = start
    while day <= last:
        if day not in kept and calendar.is_working_day(day):
            working.add(day)
        day += timedelta(days=1)
    out = []
    for (dept, team), nos in sorted(members.items()):
        rostered = {d for no in nos for d, _ in shifts.get(ids[no], [])}
        out.append(rules.team_days(dept, team, rostered, kept, working, start, last))
    return out


def _sees_person(viewer: Viewer, employee_no: str, rec: EmployeeRecord | None) -> bool:
    dept, team = (rec.department, rec.team) if rec else (None, None)
    if viewer.sees(employee_no, dept, team):
        return True
    # QA (品管培训岗) keeps its department's meetings with the leaders
    return viewer.role == "qa" and dept is not None and dept == viewer.department


def attendance_rates(
    session: Session, viewer: Viewer, start: date, end: date, scope: CheckScope
) -> list[tuple[str, str, rules.AttendanceRate]]:
    """(工号, name, rate) of each person's meetings in the period, cut to the viewer (R-PRV-1)."""
    rows = session.execute(
        select(MeetingAttendee.employee_no, MeetingAttendee.name, MeetingAttendee.status)
        .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(Meeting.held_on >= start, Meeting.held_on <= end)
    ).all()
    register = dict(people.roster(session))
    names: dict[str, str] = {}
    kept: list[tuple[str, str]] = []
    for no, name, status in rows:
        rec = register.get(no)
        if not _sees_person(viewer, no, rec):
            continue
        if scope.department is not None and (rec is None or rec.department != scope.department):
            continue
        if scope.team is not None and (rec is None or rec.team != scope.team):
            continue
        names[no] = name
        kept.append((no, status))
    return [(no, names[no], rate) for no, rate in rules.attendance_rates(kept).items()]


# ---------------------------------------------------------------- handover


@dataclass(frozen=True)
class HandoverIn:
    """A handover note as given: the shift, to whom (a leader or the next shift), what is open."""

    shift_date: date
    shift_code: str
    to_no: str | None = None
    to_shift: str | None = None
    open_items: tuple[str, ...] = ()
    notes: str = ""
    from_no: str | None = None
    """Whose handover: the writer's own; HR or a manager may write one for a leader."""


def sees_handover(viewer: Viewer, h: Handover) -> bool:
    """Leaders see their department's handovers; managers every one (R-PRV-1)."""
    if not viewer.can("handover.write"):
        return False
    if viewer.scope == "center" or h.written_by == viewer.username:
        return True
    if viewer.employee_no is not None and viewer.employee_no in (h.from_no, h.to_no):
        return True
    return h.department is not None and h.department == viewer.department


def add_handover(session: Session, viewer: Viewer, data: HandoverIn, at: datetime) -> Handover:
    """A handover note from one leader to the next (交接班, R-MTG-1); audited."""
    if not viewer.can("handover.write"):
        raise Forbidden("交接班记录由组长或客服经理填写 (R-PRV-1)")
    from_no = staff_no_or_none(data.from_no, "交班人工号") or viewer.employee_no
    if from_no is None:
        raise MeetingInvalid("交班人工号未填写")
    if from_no != viewer.employee_no and viewer.scope != "center":
        raise Forbidden("只能填写自己的交班记录 (R-PRV-1)")
    giver = _record(session, from_no, "交班人")
    _shift(session, data.shift_date, data.shift_code)
    to_no = staff_no_or_none(data.to_no, "接班人工号")
    to_shift = data.to_shift or None
    if to_no is None and to_shift is None:
        raise MeetingInvalid("请填写接班人或接班班次")
    to_name = None
    if to_no is not None:
        if to_no == from_no:
            raise MeetingInvalid("接班人不能是交班人本人")
        to_name = _record(session, to_no, "接班人").name
    if to_shift is not None:
        _shift(session, data.shift_date, to_shift)
    items = [i.strip() for i in data.open_items if i.strip()]
    if len(items) > ITEMS_MAX or any(len(i) > TEXT_MAX for i in items):
        raise MeetingInvalid(f"待跟进事项最多 {ITEMS_MAX} 条，每条不超过 {TEXT_MAX} 字")
    if len(data.notes) > MINUTES_MAX:
        raise MeetingInvalid(f"交接说明不超过 {MINUTES_MAX} 字")
    row = Handover(
        shift_date=data.shift_date,
        shift_code=data.shift_code,
        department=giver.department,
        team=giver.team,
        from_no=from_no,
        from_name=giver.name,
        to_no=to_no,
        to_name=to_name,
        to_shift=to_shift,
        open_items=items,
        notes=data.notes,
        written_by=viewer.username,
        written_at=at,
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        viewer.username,
        "handover.add",
        f"handover:{row.id}",
        {"shift_date": data.shift_date.isoformat(), "to": to_no or to_shift},
    )
    return row


def get_handover(session: Session, viewer: Viewer, handover_id: int) -> Handover:
    """A handover the viewer may see; 404 otherwise."""
    row = session.get(Handover, handover_id)
    if row is None or not sees_handover(viewer, row):
        raise NotFound(f"没有编号为 {handover_id} 的交接班记录")
    return row


def handovers(session: Session, viewer: Viewer, *, pending: bool = False) -> list[Handover]:
    """The handovers the viewer sees, newest first; ``pending``: not yet acknowledged."""
    if not viewer.can("handover.write"):
        raise Forbidden("交接班记录由组长或客服经理查看 (R-PRV-1)")
    stmt = select(Handover)
    if pending:
        stmt = stmt.where(Handover.acknowledged_at.is_(None))
    rows = session.scalars(stmt.order_by(Handover.shift_date.desc(), Handover.id.desc()))
    return [h for h in rows if sees_handover(viewer, h)]


def may_acknowledge(viewer: Viewer, h: Handover) -> bool:
    """The named leader, or for a shift any other leader of the department; a manager."""
    if not viewer.can("handover.write") or h.acknowledged_at is not None:
        return False
    if viewer.scope == "center":
        return True
    me = viewer.employee_no
    if me is None or me == h.from_no:
        return False
    if h.to_no is not None:
        return me == h.to_no
    return h.department is not None and h.department == viewer.department


def acknowledge(
    session: Session, viewer: Viewer, handover_id: int, at: datetime, note: str = ""
) -> Handover:
    """The receiving leader confirms the handover (确认接班); audited."""
    row = get_handover(session, viewer, handover_id)
    if row.acknowledged_at is not None:
        raise Conflict(f"交接班记录 #{handover_id} 已由 {row.acknowledged_by} 确认")
    if not may_acknowledge(viewer, row):
        raise Forbidden("只有接班人可以确认这份交接班记录 (R-PRV-1)")
    if len(note) > TEXT_MAX:
        raise MeetingInvalid(f"确认说明不超过 {TEXT_MAX} 字")
    claim(
        session,
        row,
        {"acknowledged_at": None},
        {
            "acknowledged_by": viewer.username,
            "acknowledged_at": at,
            "acknowledged_note": note.strip() or None,
        },
        lambda now: Conflict(f"交接班记录 #{now.id} 已由 {now.acknowledged_by} 确认，请刷新后查看"),
    )
    _audit(session, viewer.username, "handover.ack", f"handover:{row.id}", {})
    return row
