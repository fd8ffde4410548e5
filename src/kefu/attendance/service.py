"""Use cases of attendance: import the roster and records, leave requests, cycles and ledgers.

The monthly bonus close used to read only an imported attendance summary; now, for everyone
with shifts rostered in a cycle, the summary is computed from the roster and the records
(R-BON-5) — an imported summary still serves people without a roster.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kefu.attendance import repository as repo
from kefu.attendance.imports import (
    EVENTS_SHEET,
    LEAVE_KINDS,
    ROSTER_SHEET,
    EventRow,
    ParsedAttendance,
    read_attendance_file,
)
from kefu.attendance.ledger import CompTimeUse, Ledger, PeriodHours, run_ledger
from kefu.attendance.models import LeaveRequest
from kefu.attendance.shifts import shift_window
from kefu.attendance.summary import (
    AttendanceEvent,
    CycleAttendance,
    DayMemo,
    RosterDay,
    attendance_for_cycle,
    cycle_hours,
)
from kefu.audit import service as audit
from kefu.bonuses.rules import AttendanceSummary
from kefu.config import get_settings
from kefu.db import claim
from kefu.errors import (
    Conflict,
    Forbidden,
    ImportProblem,
    ImportRejected,
    KefuError,
    NotFound,
)
from kefu.people import service as people
from kefu.periods import Month
from kefu.policy.schema import Hours, ShiftType
from kefu.policy.service import PolicyInForce, policy_for
from kefu.workdays.calendar import WorkCalendar
from kefu.workdays.files import load_calendar

LEAVE_NAMES = {"personal_leave": "事假", "sick_leave": "病假", "comp_time_leave": "换休"}
# the longest leave one request may cover
MAX_REQUEST_DAYS = 31


class LeaveRefused(KefuError):
    """A leave or comp-time request the rules do not allow (R-HRS-2)."""

    http_status = 422


def work_calendar() -> WorkCalendar:
    """The statutory calendar with the center's own schedule files (KEFU_CALENDAR_DIR)."""
    return load_calendar(get_settings().resolved_calendar_dir())


def hours_policy(policy: PolicyInForce) -> Hours:
    """The policy's hours section, or a refusal naming the policy."""
    hours = policy.policy.model.hours
    if hours is None:
        raise KefuError(
            f"政策 {policy.policy.name} 没有工时 (hours) 一节:无法计算排班工时 (R-SHF-1, R-HRS-1)"
        )
    return hours


def cycle_of(policy: PolicyInForce, month: Month) -> tuple[date, date]:
    """The attendance cycle labelled ``month`` under the policy in force (R-BON-5)."""
    policy.policy.require("attendance_cycle", "R-BON-5")
    cycle = policy.policy.model.attendance_cycle
    assert cycle is not None and cycle.start_day is not None
    return month.attendance_cycle(cycle.start_day)


def cycle_month(session: Session, day: date) -> Month:
    """The month whose attendance cycle holds ``day`` (R-BON-5: with a 26th start, 06-28 is July's).

    A day's shift codes, notice rules and ledger belong to the policy of its cycle, not of its
    calendar month: the first cycle of a policy in force from July starts on June 26.
    """
    later = Month.of(day).shift(1)
    try:
        start, _ = cycle_of(policy_for(session, later), later)
    except KefuError:
        return Month.of(day)
    return later if start <= day else Month.of(day)


# --- imports ----------------------------------------------------------------------------


@dataclass
class AttendanceImport:
    """What an import wrote: roster days (with and without a shift) and records."""

    shifts: int
    rest_days: int
    events: int
    people: int


def import_attendance(
    session: Session, path: Path, actor: str, only: str | None = None
) -> AttendanceImport:
    """Import 排班 and 考勤记录 sheets, all or nothing (``only``: "roster" or "events")."""
    parsed = read_attendance_file(path)
    # by the sheets, not the good rows: a sheet of bad records is refused as the other kind too
    if only == "roster" and "events" in parsed.sheets:
        parsed.problems.append(
            ImportProblem(
                EVENTS_SHEET,
                None,
                None,
                None,
                "本命令只导入排班；考勤记录请用 kefu attendance import",
            )
        )
    if only == "events" and "roster" in parsed.sheets:
        parsed.problems.append(
            ImportProblem(
                ROSTER_SHEET, None, None, None, "本命令只导入考勤记录；排班请用 kefu roster import"
            )
        )
    numbers = {c.employee_no for c in parsed.roster} | {e.employee_no for e in parsed.events}
    ids = people.employee_ids(session, sorted(numbers))
    problems = list(parsed.problems)
    unknown_rows: set[tuple[str, int]] = set()
    for c in parsed.roster:
        # one problem a grid row, not one a day of it
        if c.employee_no not in ids and (c.sheet, c.row) not in unknown_rows:
            unknown_rows.add((c.sheet, c.row))
            problems.append(
                ImportProblem(c.sheet, c.row, "工号", c.employee_no, "系统中没有该工号")
            )
    for e in parsed.events:
        if e.employee_no not in ids:
            problems.append(
                ImportProblem(e.sheet, e.row, "工号", e.employee_no, "系统中没有该工号")
            )
    codes: dict[Month, dict[str, ShiftType] | str] = {}
    months: dict[date, Month] = {}
    for c in parsed.roster:
        if c.shift_code is None:
            continue
        # the policy of the day's attendance cycle, not of its calendar month (R-BON-5)
        month = months.get(c.day) or months.setdefault(c.day, cycle_month(session, c.day))
        if month not in codes:
            codes[month] = _shift_types_or_reason(session, month)
        known = codes[month]
        if isinstance(known, str):
            problems.append(ImportProblem(c.sheet, c.row, c.column, c.shift_code, known))
        elif c.shift_code.upper() not in {k.upper() for k in known}:
            problems.append(
                ImportProblem(
                    c.sheet,
                    c.row,
                    c.column,
                    c.shift_code,
                    "不是政策中的班次；可用班次:" + "、".join(known),
                )
            )
    if parsed.events:
        parsed.events = _next_morning_clock_outs(session, parsed, ids, codes, months)
    if parsed.events:
        found = [e for e in parsed.events if e.employee_no in ids]
        if found:
            existing = repo.event_keys(
                session,
                sorted({ids[e.employee_no] for e in found}),
                min(e.day for e in found),
                max(e.day for e in found),
            )
            seen: dict[tuple[Any, ...], int] = {}
            for e in found:
                key = (ids[e.employee_no], e.day, e.kind, e.at)
                if key in existing:
                    problems.append(
                        ImportProblem(e.sheet, e.row, None, None, "这条考勤记录已经导入过")
                    )
                elif key in seen:
                    problems.append(
                        ImportProblem(e.sheet, e.row, None, None, f"与第 {seen[key]} 行重复")
                    )
                seen[key] = e.row
    if problems:
        # listed as the user reads the file: sheet by sheet, row by row
        order = {name: i for i, name in enumerate(dict.fromkeys(p.sheet for p in problems))}
        problems.sort(key=lambda p: (order[p.sheet], p.row or 0))
        raise ImportRejected(problems)
    source = f"import {path.name}"
    shifts = [
        {
            "employee_id": ids[c.employee_no],
            "day": c.day,
            "shift_code": _canonical(codes[months[c.day]], c.shift_code),
            "recorded_by": actor,
            "source": source,
        }
        for c in parsed.roster
        if c.shift_code is not None
    ]
    if parsed.roster:
        repo.replace_roster(
            session,
            sorted({ids[c.employee_no] for c in parsed.roster}),
            sorted({c.day for c in parsed.roster}),
            shifts,
        )
    repo.add_events(
        session,
        [
            {
                "employee_id": ids[e.employee_no],
                "day": e.day,
                "kind": e.kind,
                "at": e.at,
                "minutes": e.minutes,
                "days": e.days,
                "voluntary": e.voluntary,
                "approved": e.approved,
                "note": e.note,
                "request_id": None,
                "recorded_by": actor,
                "source": source,
            }
            for e in parsed.events
        ],
    )
    report = AttendanceImport(
        shifts=len(shifts),
        rest_days=len(parsed.roster) - len(shifts),
        events=len(parsed.events),
        people=len({c.employee_no for c in parsed.roster} | {e.employee_no for e in parsed.events}),
    )
    audit.record(
        session,
        actor,
        "import",
        path.name,
        {"shifts": report.shifts, "rest_days": report.rest_days, "events": report.events},
    )
    return report


def _next_morning_clock_outs(
    session: Session,
    parsed: ParsedAttendance,
    ids: dict[str, int],
    codes: dict[Month, dict[str, ShiftType] | str],
    months: dict[date, Month],
) -> list[EventRow]:
    """Records with a night shift's clock-out moved to the morning after its day (R-SHF-1).

    A record is dated the day its shift starts, so the W shift's clock-out "08:30" is read on
    that day; before the shift has even started it can only mean the next morning. The shift of
    the day is the file's own roster cell, else the stored roster.
    """
    outs = [
        e
        for e in parsed.events
        if e.kind == "clock_out" and e.at is not None and e.employee_no in ids
    ]
    if not outs:
        return parsed.events
    planned: dict[tuple[str, date], str | None] = {
        (c.employee_no, c.day): c.shift_code for c in parsed.roster
    }
    numbers = {ids[e.employee_no]: e.employee_no for e in outs}
    stored = repo.roster_between(
        session, min(e.day for e in outs), max(e.day for e in outs), sorted(numbers)
    )
    for emp, days in stored.items():
        for day, stored_code in days:
            planned.setdefault((numbers[emp], day), stored_code)
    moved = []
    for e in parsed.events:
        code = planned.get((e.employee_no, e.day))
        if e.kind == "clock_out" and e.at is not None and code is not None:
            month = months.get(e.day) or months.setdefault(e.day, cycle_month(session, e.day))
            if month not in codes:
                codes[month] = _shift_types_or_reason(session, month)
            known = codes[month]
            shift = None if isinstance(known, str) else known.get(_canonical(known, code))
            if shift is not None:
                starts, ends = shift_window(shift, e.day)
                if ends.date() > e.day and e.at < starts:
                    moved.append(replace(e, at=e.at + timedelta(days=1)))
                    continue
        moved.append(e)
    return moved


def _canonical(known: dict[str, ShiftType] | str, code: str | None) -> str:
    """The policy's spelling of a shift code (r → R)."""
    assert code is not None and not isinstance(known, str)
    for k in known:
        if k.upper() == code.upper():
            return k
    return code


def _shift_types_or_reason(session: Session, month: Month) -> dict[str, ShiftType] | str:
    try:
        policy = policy_for(session, month)
    except KefuError as exc:
        return str(exc)
    hours = policy.policy.model.hours
    if hours is None:
        return f"{month} 的政策没有班次定义 (hours.shift_types)"
    return {s.code: s for s in hours.shift_types}


# --- leave and comp-time requests (R-HRS-2) ---------------------------------------------


def request_leave(
    session: Session,
    actor: str,
    employee_no: str,
    kind: str,
    first_day: date,
    last_day: date,
    reason: str,
    today: date,
) -> LeaveRequest:
    """File a leave or comp-time request; comp time needs the policy's notice (R-HRS-2)."""
    if kind not in LEAVE_KINDS:
        raise LeaveRefused(f"请假类型「{kind}」无效；可选:" + "、".join(LEAVE_NAMES.values()))
    if last_day < first_day:
        raise LeaveRefused("结束日期不能早于开始日期")
    if (last_day - first_day).days + 1 > MAX_REQUEST_DAYS:
        raise LeaveRefused(f"一次申请最多 {MAX_REQUEST_DAYS} 天")
    ids = people.employee_ids(session, [employee_no])
    if employee_no not in ids:
        raise NotFound(f"没有工号为 {employee_no} 的员工")
    if kind == "comp_time_leave":
        month = cycle_month(session, first_day)
        hours = hours_policy(policy_for(session, month))
        ahead = hours.comp_time_request_days_ahead
        if ahead is None:
            policy_for(session, month).policy.require(
                "hours.comp_time_request_days_ahead", "R-HRS-2"
            )
        elif (first_day - today).days < ahead:
            raise LeaveRefused(
                f"换休须至少提前 {ahead} 天申请 (R-HRS-2「休假需提前3天申请，批准后方可执行」)："
                f"{first_day.isoformat()} 距今天 {today.isoformat()} 只有 "
                f"{(first_day - today).days} 天"
            )
    request = LeaveRequest(
        employee_id=ids[employee_no],
        kind=kind,
        first_day=first_day,
        last_day=last_day,
        reason=reason.strip()[:255],
        status="pending",
        requested_by=actor,
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        actor,
        "leave.request",
        f"{employee_no} #{request.id}",
        {"kind": kind, "first_day": first_day.isoformat(), "last_day": last_day.isoformat()},
    )
    return request


def get_request(session: Session, request_id: int) -> LeaveRequest:
    request = session.get(LeaveRequest, request_id)
    if request is None:
        raise NotFound(f"没有编号为 {request_id} 的申请")
    return request


def decide_leave(
    session: Session, request_id: int, approve: bool, actor: str, note: str = ""
) -> LeaveRequest:
    """Approve or refuse a pending request; approval records the leave on each of its days.

    The decision claims the request while it is still pending: of several decisions given at
    once exactly one is written (with its leave days and one audit row); the others get a 409.
    """
    request = get_request(session, request_id)
    if request.requested_by == actor:
        raise Forbidden("不能审批自己的申请 (R-HRS-2: 由组长或人事审批)")
    if request.status != "pending":
        raise _already_handled(request)
    claim(
        session,
        request,
        {"status": "pending"},
        {
            "status": "approved" if approve else "refused",
            "decided_by": actor,
            "decided_at": datetime.now().replace(microsecond=0),
            "decision_note": note.strip()[:255] or None,
        },
        _already_handled,
    )
    if approve:
        # a day already recorded with this leave (imported before the approval) keeps its one
        # record, now covered by the request: a second would count the day twice (R-HRS-2)
        recorded = {
            row[0]
            for row in repo.events_between(
                session, request.first_day, request.last_day, [request.employee_id]
            ).get(request.employee_id, ())
            if row[1] == request.kind
        }
        first, last = request.first_day, request.last_day
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        events = [
            {
                "employee_id": request.employee_id,
                "day": day,
                "kind": request.kind,
                "at": None,
                "minutes": None,
                "days": Decimal(1),
                "voluntary": None,
                "approved": True,
                "note": request.reason or None,
                "request_id": request.id,
                "recorded_by": actor,
                "source": f"申请 #{request.id}",
            }
            for day in days
            if day not in recorded
        ]
        repo.add_events(session, events)
    session.flush()
    audit.record(
        session,
        actor,
        "leave.decide",
        f"#{request.id}",
        {"status": request.status, "note": request.decision_note},
    )
    return request


def cancel_leave(session: Session, request_id: int, actor: str) -> LeaveRequest:
    """The requester withdraws a request that is still pending (a decision given meanwhile wins)."""
    request = get_request(session, request_id)
    if request.requested_by != actor:
        raise Forbidden("只有申请人可以撤回申请")
    if request.status != "pending":
        raise _already_handled(request, "不能撤回")
    claim(
        session,
        request,
        {"status": "pending"},
        {"status": "cancelled"},
        lambda now: _already_handled(now, "不能撤回"),
    )
    audit.record(session, actor, "leave.cancel", f"#{request.id}")
    return request


def _already_handled(request: LeaveRequest, then: str = "请刷新后查看") -> Conflict:
    """The 409 of a request someone decided or withdrew first, naming its state now."""
    return Conflict(f"该请假申请 #{request.id} 已处理({STATUS_NAMES[request.status]})，{then}")


STATUS_NAMES = {
    "pending": "待审批",
    "approved": "已批准",
    "refused": "已驳回",
    "cancelled": "已撤回",
}


# --- cycles, summaries and ledgers -------------------------------------------------------


@dataclass(frozen=True)
class CycleSetting:
    """What computing one attendance cycle needs from the policy and the calendar."""

    month: Month
    start: date
    end: date
    shift_types: dict[str, ShiftType]
    grace: int
    holidays: frozenset[date]
    standard_hours: Decimal
    hours_per_day: Decimal
    policy: PolicyInForce


def cycle_setting(
    session: Session, month: Month, calendar: WorkCalendar | None = None
) -> CycleSetting:
    """The cycle's dates, shift types, grace, statutory holidays and standard hours."""
    policy = policy_for(session, month)
    hours = hours_policy(policy)
    start, end = cycle_of(policy, month)
    cal = calendar or work_calendar()
    days = cal.period(
        start - timedelta(days=1), end + timedelta(days=1), hours.hours_per_working_day
    )
    holidays = frozenset(d for d, _, statutory in days.holidays if statutory)
    standard = cal.period(start, end, hours.hours_per_working_day).standard_hours
    return CycleSetting(
        month,
        start,
        end,
        {s.code: s for s in hours.shift_types},
        hours.late_grace_minutes,
        holidays,
        standard,
        hours.hours_per_working_day,
        policy,
    )


def cycle_attendance(
    session: Session,
    setting: CycleSetting,
    employee_ids: Sequence[int] | None = None,
) -> dict[int, CycleAttendance]:
    """Each rostered person's attendance over the cycle, from the roster and the records."""
    first = setting.start - timedelta(days=1)  # a night shift started the evening before
    roster = repo.roster_between(session, first, setting.end, employee_ids)
    events = repo.events_between(session, first, setting.end, employee_ids)
    approved = repo.approved_requests_between(
        session, setting.start, setting.end, list(roster) if employee_ids is None else employee_ids
    )
    memo = DayMemo(
        setting.shift_types, (setting.start, setting.end), setting.holidays, setting.grace
    )
    out: dict[int, CycleAttendance] = {}
    for emp, days in roster.items():
        out[emp] = attendance_for_cycle(
            [RosterDay(d, code) for d, code in days],
            [_event(row, approved.get(emp, ())) for row in events.get(emp, ())],
            setting.shift_types,
            (setting.start, setting.end),
            setting.holidays,
            setting.grace,
            memo,
        )
    return out


def _event(row: tuple[Any, ...], approved: Sequence[tuple[str, date, date]]) -> AttendanceEvent:
    """A stored record as the rules see it; a leave is approved when a request covers it."""
    day, kind, at, minutes, days, voluntary, ok, note, _id = row
    if kind in LEAVE_KINDS and ok is None:
        ok = any(k == kind and first <= day <= last for k, first, last in approved) or False
    return AttendanceEvent(
        day=day,
        kind=kind,
        at=at,
        minutes=minutes,
        days=days,
        voluntary=voluntary,
        approved=ok,
        note=note,
    )


def computed_summaries(session: Session, month: Month) -> dict[int, AttendanceSummary]:
    """The cycle's summary for everyone rostered in it (fed to the bonus close, R-BON-5)."""
    policy = policy_for(session, month)
    if (
        policy.policy.model.hours is None
        or "attendance_cycle.start_day" in policy.policy.open_parameters
    ):
        return {}
    start, end = cycle_of(policy, month)
    rostered = repo.rostered_people(session, start, end)
    if not rostered:
        return {}
    setting = cycle_setting(session, month)
    # only people with a shift inside the cycle: a W shift the evening before only lends the
    # cycle its morning hours, and its person keeps their imported summary (R-BON-5)
    found = cycle_attendance(session, setting, sorted(rostered))
    return {emp: c.summary() for emp, c in found.items()}


def ledgers(
    session: Session,
    through: Month,
    employee_ids: Sequence[int] | None = None,
    calendar: WorkCalendar | None = None,
    as_of: date | None = None,
    detail: Collection[Month] | None = None,
) -> tuple[dict[int, Ledger], dict[int, dict[Month, CycleAttendance]]]:
    """Hours and comp-time ledgers from each person's first rostered cycle through ``through``.

    Reads every roster day and record of the whole span once, then runs each person's cycles
    in turn; days without records are judged once a cycle for everyone (DayMemo). The cycles
    in ``detail`` (default: all) come back day by day; of the others the ledger needs only
    the hours and comp-time uses.
    """
    first_day = repo.first_roster_day(session, employee_ids)
    if first_day is None:
        return {}, {}
    cal = calendar or work_calendar()
    settings: dict[Month, CycleSetting] = {}
    month = cycle_month(session, first_day)  # a first shift on 06-28 is in July's cycle
    while month <= through:
        setting = cycle_setting(session, month, cal)
        if setting.end >= first_day:
            settings[month] = setting
        month = month.shift(1)
    if through not in settings:
        return {}, {}
    span_start = min(s.start for s in settings.values()) - timedelta(days=1)
    span_end = settings[through].end
    roster = repo.roster_days(session, span_start, span_end, employee_ids)
    events = repo.events_between(session, span_start, span_end, employee_ids)
    approved = repo.approved_requests_between(session, span_start, span_end, employee_ids)
    memos = {
        m: DayMemo(s.shift_types, (s.start, s.end), s.holidays, s.grace)
        for m, s in settings.items()
    }
    hours = hours_policy(settings[through].policy)
    settings[through].policy.policy.require("hours.comp_time_expires_months", "R-HRS-2")
    assert hours.comp_time_expires_months is not None
    out: dict[int, Ledger] = {}
    per_person: dict[int, dict[Month, CycleAttendance]] = {}
    # each cycle's bounds once: its days and the evening before (a night shift lends hours)
    bounds = {
        m: ((s.start - timedelta(days=1),), (s.end, "\uffff"), s.start - timedelta(days=1), s.end)
        for m, s in settings.items()
    }
    for emp, days in roster.items():
        records = [_event(row, approved.get(emp, ())) for row in events.get(emp, ())]
        record_days = [e.day for e in records]
        cycles: dict[Month, CycleAttendance] = {}
        periods: list[PeriodHours] = []
        uses: list[CompTimeUse] = []
        for m, setting in settings.items():
            first_key, last_key, first_day, last_day = bounds[m]
            lo = bisect_left(days, first_key)
            hi = bisect_right(days, last_key)
            if lo == hi and not periods:
                continue  # before this person's first rostered cycle
            counted = Decimal(0)
            if lo < hi:
                rlo = bisect_left(record_days, first_day) if record_days else 0
                rhi = bisect_right(record_days, last_day) if record_days else 0
                inputs = (
                    days[lo:hi],
                    records[rlo:rhi],
                    setting.shift_types,
                    (setting.start, setting.end),
                    setting.holidays,
                    setting.grace,
                    memos[m],
                )
                if detail is None or m in detail:
                    found = attendance_for_cycle(*inputs)
                    cycles[m] = found
                    counted = found.counted_hours
                    uses += found.comp_time_uses()
                else:
                    counted, used = cycle_hours(*inputs)
                    uses += used
            periods.append(
                PeriodHours(str(m), setting.start, setting.end, counted, setting.standard_hours)
            )
        per_person[emp] = cycles
        if periods:
            out[emp] = run_ledger(
                periods, uses, hours.comp_time_expires_months, as_of or settings[through].end
            )
    return out, per_person


def set_roster(session: Session, actor: str, cells: Sequence[tuple[str, date, str | None]]) -> int:
    """Save edited roster cells (工号, day, shift code or None for rest); returns shifts saved.

    Every cell is checked first (the person exists, the code is a shift type of the policy in
    force that day); one bad cell refuses them all.
    """
    ids = people.employee_ids(session, sorted({no for no, _, _ in cells}))
    problems = []
    codes: dict[Month, dict[str, ShiftType] | str] = {}
    shifts = []
    for no, day, code in cells:
        if no not in ids:
            problems.append(ImportProblem("排班", None, "工号", no, "系统中没有该工号"))
            continue
        if code is None:
            continue
        month = cycle_month(session, day)  # the policy of the day's cycle (R-BON-5)
        if month not in codes:
            codes[month] = _shift_types_or_reason(session, month)
        known = codes[month]
        if isinstance(known, str) or code.upper() not in {k.upper() for k in known}:
            reason = known if isinstance(known, str) else "不是政策中的班次"
            problems.append(ImportProblem("排班", None, day.isoformat(), code, f"{no}: {reason}"))
            continue
        shifts.append(
            {
                "employee_id": ids[no],
                "day": day,
                "shift_code": _canonical(known, code),
                "recorded_by": actor,
                "source": "web",
            }
        )
    if problems:
        raise ImportRejected(problems)
    if not cells:
        return 0
    for no in sorted({no for no, _, _ in cells}):
        days = sorted({d for n, d, _ in cells if n == no})
        mine = [s for s in shifts if s["employee_id"] == ids[no]]
        repo.replace_roster(session, [ids[no]], days, mine)
    audit.record(
        session,
        actor,
        "roster.edit",
        f"{len({no for no, _, _ in cells})} 人",
        {"cells": len(cells), "shifts": len(shifts)},
    )
    return len(shifts)
