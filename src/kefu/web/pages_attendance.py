"""Pages of shifts and attendance (排班与考勤): the roster grid, a person's attendance cycle,
leave and comp-time requests, the hours and comp-time ledgers, and the working-day calendar.

Thin routes over kefu.attendance.service and kefu.workdays (R-SHF-1, R-HRS-1/2, R-BON-5).
Every person shown is one the viewer may see (R-PRV-1); anyone else is a 404, so nothing leaks.
The builders here return plain data that the JSON API (api_attendance) serves as well.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.attendance import repository as repo
from kefu.attendance import service as attendance
from kefu.attendance.ledger import Ledger
from kefu.attendance.models import LeaveRequest
from kefu.attendance.summary import CycleAttendance, DayOutcome
from kefu.errors import Forbidden, ImportRejected, KefuError, NotFound
from kefu.explain.messages import Lang
from kefu.explain.messages import render as render_step
from kefu.explain.trace import Step, num
from kefu.people import service as people
from kefu.people.models import EmployeeRecord
from kefu.periods import Month
from kefu.policy.schema import Hours, ShiftType
from kefu.policy.service import policy_for
from kefu.web.deps import PageLang, SessionDep, StaffNoPath
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.workdays.calendar import CalendarYearMissing, MonthDays, is_weekend

pages = APIRouter()

ShiftViewer = Annotated[Viewer, Depends(require("shifts.view"))]
ShiftEditor = Annotated[Viewer, Depends(require("shifts.edit"))]
AttendanceViewer = Annotated[Viewer, Depends(require("attendance.view"))]
LeaveRequester = Annotated[Viewer, Depends(require("leave.request"))]
LeaveDecider = Annotated[Viewer, Depends(require("leave.decide"))]
CalendarViewer = Annotated[Viewer, Depends(require("calendar.view"))]
# bounded parameters: a giant value is refused before any query runs
EmployeePath = StaffNoPath
MonthQuery = Annotated[str, Query(max_length=16, description="YYYY-MM; default: the current one")]
NameQuery = Annotated[str, Query(max_length=64)]
INT_MAX = 2**31 - 1
RequestPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申请编号")]

# a grid cell's form field: c|工号|YYYY-MM-DD|the code shown (empty: rest), its value the new code
CELL_PREFIX = "c|"
# cells a grid form may hold: Starlette parses at most 1,000 fields of a form
MAX_FORM_CELLS = 900
REST = "休"
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
}
DAY_STATUS_NAMES = {"worked": "出勤", "leave": "请假", "comp_time": "换休", "absent": "缺勤"}
ENTRY_KIND_NAMES = {"earned": "获得", "used": "使用", "offset": "抵扣不足工时", "expired": "过期"}


def today() -> date:
    """The server's date: the day leave notice is counted from (R-HRS-2)."""
    return accounts.now().date()


# ---------------------------------------------------------------- people and cycles


def unknown_person(employee_no: str) -> NotFound:
    """The same 404 for a 工号 that does not exist and one outside the viewer's scope."""
    return NotFound(f"没有找到工号 {employee_no} 的记录")


def person_in_view(session: Session, viewer: Viewer, employee_no: str) -> EmployeeRecord:
    """A person's current record, if the viewer may see them (R-PRV-1); else a 404."""
    record = people.current_record(session, employee_no)
    if record is None or not viewer.sees(employee_no, record.department, record.team):
        raise unknown_person(employee_no)
    return record


def chosen_cycle(session: Session, asked: str) -> Month:
    """The cycle a page shows: the one asked for, else the one running today."""
    return Month.parse(asked) if asked else attendance.cycle_month(session, today())


def last_finished_cycle(session: Session) -> Month:
    """The newest cycle that has ended: its ledger line is final (R-HRS-1)."""
    return attendance.cycle_month(session, today()).shift(-1)


@dataclass(frozen=True)
class Cycle:
    """An attendance cycle: its month, first and last day, and the policy's hours section."""

    month: Month
    start: date
    end: date
    hours: Hours

    @property
    def days(self) -> list[date]:
        """Every day of the cycle, first to last."""
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def cycle_for(session: Session, month: Month) -> Cycle:
    """The cycle labelled ``month`` under the policy in force then (R-BON-5, R-SHF-1)."""
    policy = policy_for(session, month)
    hours = attendance.hours_policy(policy)
    start, end = attendance.cycle_of(policy, month)
    return Cycle(month, start, end, hours)


@dataclass(frozen=True)
class RosterPerson:
    """Someone who can be rostered: their current record's name, department and team."""

    employee_id: int
    employee_no: str
    name: str
    department: str
    team: str | None


def people_in_view(session: Session, viewer: Viewer) -> dict[str, EmployeeRecord]:
    """Everyone's current record the viewer may see, by 工号 (R-PRV-1)."""
    return {
        no: rec for no, rec in people.roster(session) if viewer.sees(no, rec.department, rec.team)
    }


def roster_people(session: Session, viewer: Viewer, cycle: Cycle) -> list[RosterPerson]:
    """Everyone the viewer sees who is employed during the cycle or rostered in it."""
    rostered = repo.rostered_people(session, cycle.start, cycle.end)
    out = []
    for no, rec in people_in_view(session, viewer).items():
        employed = rec.hired_on <= cycle.end and (rec.left_on is None or rec.left_on >= cycle.start)
        if employed or rec.employee_id in rostered:
            out.append(RosterPerson(rec.employee_id, no, rec.name, rec.department, rec.team))
    return sorted(out, key=lambda p: (p.department, p.team or "", p.employee_no))


# ---------------------------------------------------------------- the shift grid (排班)


@dataclass(frozen=True)
class GridDay:
    """A column of the grid: the day, and whether it is a weekend, holiday or 调休 workday."""

    day: date
    weekend: bool
    holiday: str | None
    statutory: bool
    adjusted: str | None


def marked_days(cycle: Cycle) -> tuple[list[GridDay], str | None]:
    """The cycle's days with the calendar's marks; a missing calendar year says so instead."""
    holidays: dict[date, tuple[str, bool]] = {}
    adjusted: dict[date, str] = {}
    problem = None
    try:
        span = attendance.work_calendar().period(
            cycle.start, cycle.end, cycle.hours.hours_per_working_day
        )
        holidays = {h.day: (h.name, h.statutory) for h in span.holidays}
        adjusted = {a.day: a.name for a in span.adjusted_workdays}
    except KefuError as exc:  # CalendarYearMissing, or a bad schedule file
        problem = exc.message
    days = []
    for day in cycle.days:
        name, statutory = holidays.get(day, (None, False))
        days.append(GridDay(day, is_weekend(day), name, statutory, adjusted.get(day)))
    return days, problem


@dataclass
class ShiftGrid:
    """The roster of a cycle for the people shown: who works which shift on which day."""

    cycle: Cycle
    days: list[GridDay]
    calendar_problem: str | None
    people: list[RosterPerson]
    cells: dict[str, dict[date, str]]
    departments: list[str]
    teams: list[str]
    department: str
    team: str

    @property
    def shift_types(self) -> list[ShiftType]:
        """The shift types of the policy in force in the cycle (R-SHF-1)."""
        return list(self.cycle.hours.shift_types)

    def groups(self) -> list[GridGroup]:
        """The people by department and team, a grid each; a big team in several parts, so
        that no form holds more cells than the server parses (MAX_FORM_CELLS)."""
        teams: list[tuple[str, str | None, list[RosterPerson]]] = []
        for p in self.people:
            if teams and (teams[-1][0], teams[-1][1]) == (p.department, p.team):
                teams[-1][2].append(p)
            else:
                teams.append((p.department, p.team, [p]))
        size = max(1, MAX_FORM_CELLS // max(1, len(self.days)))
        out = []
        for department, team, members in teams:
            parts = -(-len(members) // size)
            for i in range(parts):
                chunk = members[i * size : (i + 1) * size]
                out.append(GridGroup(department, team, chunk, i + 1, parts))
        return out


@dataclass(frozen=True)
class GridGroup:
    """One grid (and one form) of the page: a team, or a part of a big team."""

    department: str
    team: str | None
    people: list[RosterPerson]
    part: int
    parts: int


def shift_grid(
    session: Session,
    viewer: Viewer,
    month: Month,
    department: str = "",
    team: str = "",
    whole_center: bool = False,
) -> ShiftGrid:
    """The cycle's grid of the people the viewer sees, narrowed to a department and team.

    HR and managers see one department at a time on the page (the first by default);
    ``whole_center`` (the API) leaves the department open.
    """
    cycle = cycle_for(session, month)
    everyone = roster_people(session, viewer, cycle)
    departments = sorted({p.department for p in everyone})
    if viewer.scope == "center" and not department and not whole_center and departments:
        department = departments[0]
    shown = [p for p in everyone if not department or p.department == department]
    teams = sorted({p.team for p in shown if p.team})
    if team:
        shown = [p for p in shown if p.team == team]
    days, problem = marked_days(cycle)
    planned = repo.roster_between(session, cycle.start, cycle.end, [p.employee_id for p in shown])
    number = {p.employee_id: p.employee_no for p in shown}
    cells = {number[emp]: dict(days_) for emp, days_ in planned.items() if emp in number}
    return ShiftGrid(cycle, days, problem, shown, cells, departments, teams, department, team)


def shift_type_rows(shift_types: Sequence[ShiftType]) -> list[dict[str, Any]]:
    """The legend: each shift type's times, hours on site and counted hours (R-SHF-1)."""
    return [
        {
            "code": s.code,
            "name": s.name or s.code,
            "starts": s.starts,
            "ends": s.ends,
            "overnight": s.ends <= s.starts,
            "on_site_hours": num(s.on_site_hours),
            "counted_hours": num(s.counted_hours),
            "night": s.night,
        }
        for s in shift_types
    ]


Cell = tuple[str, date, str | None]


def cells_from_form(form: FormData) -> tuple[list[Cell], dict[tuple[str, date], str], list[str]]:
    """The grid cells the form changed, every submitted value, and the unreadable fields."""
    changed: list[Cell] = []
    submitted: dict[tuple[str, date], str] = {}
    problems: list[str] = []
    for key, value in form.multi_items():
        if not key.startswith(CELL_PREFIX) or not isinstance(value, str):
            continue
        parts = key.split("|")
        try:
            if len(parts) != 4:
                raise ValueError(key)
            no, day, shown = parts[1], date.fromisoformat(parts[2]), parts[3]
        except ValueError:
            problems.append(f"无法识别的排班格子「{key[:60]}」")
            continue
        code = value.strip()
        submitted[(no, day)] = code
        if code.upper() != shown.upper():
            changed.append((no, day, code or None))
    return changed, submitted, problems


def check_cells(
    cells: Sequence[Cell], visible: dict[str, EmployeeRecord], cycle: Cycle | None
) -> list[str]:
    """Refuse a person the viewer may not see (404); list days outside the cycle."""
    problems = []
    for no, day, code in cells:
        if no not in visible:
            raise unknown_person(no)
        if cycle is not None and not cycle.start <= day <= cycle.end:
            problems.append(
                f"{no} {day.isoformat()}「{code or REST}」: 不在考勤周期 "
                f"{cycle.start.isoformat()}–{cycle.end.isoformat()} 之内"
            )
    return problems


def save_cells(session: Session, viewer: Viewer, cells: Sequence[Cell]) -> list[str]:
    """Save the cells through set_roster: all or none; the problems when refused (R-SHF-1)."""
    try:
        attendance.set_roster(session, viewer.username, cells)
    except ImportRejected as exc:
        return [p.describe() for p in exc.errors]
    return []


def _grid_page(
    request: Request,
    lang: Lang,
    grid: ShiftGrid,
    viewer: Viewer,
    status_code: int = 200,
    errors: Sequence[str] = (),
    submitted: dict[tuple[str, date], str] | None = None,
    saved: int | None = None,
) -> HTMLResponse:
    cells = {no: dict(days) for no, days in grid.cells.items()}
    for (no, day), code in (submitted or {}).items():
        cells.setdefault(no, {})[day] = code
    return render(
        request,
        lang,
        "shifts_grid.html",
        status_code,
        grid=grid,
        cells=cells,
        legend=shift_type_rows(grid.shift_types),
        codes=[s.code for s in grid.shift_types],
        weekdays=WEEKDAYS[lang],
        editable=viewer.can("shifts.edit"),
        center=viewer.scope == "center",
        errors=list(errors),
        saved=saved,
        month=str(grid.cycle.month),
        previous=str(grid.cycle.month.shift(-1)),
        following=str(grid.cycle.month.shift(1)),
    )


@pages.get("/shifts", name="shifts", response_class=HTMLResponse)
def shifts_page(
    request: Request,
    session: SessionDep,
    viewer: ShiftViewer,
    month: MonthQuery = "",
    department: NameQuery = "",
    team: NameQuery = "",
    saved: Annotated[int | None, Query(ge=0, le=INT_MAX)] = None,
    lang: PageLang = None,
) -> HTMLResponse:
    """排班: the cycle as a grid per team; agents see their own row, leaders their team."""
    m = chosen_cycle(session, month)
    grid = shift_grid(session, viewer, m, department, team)
    return _grid_page(request, language(lang), grid, viewer, saved=saved)


async def posted_form(request: Request) -> FormData:
    """The request's form (parsed once; the NUL check has read it already)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


@pages.post("/shifts", name="shifts_save", response_class=HTMLResponse)
def shifts_save(
    request: Request,
    session: SessionDep,
    viewer: ShiftEditor,
    form: PostedForm,
    lang: PageLang = None,
) -> Response:
    """Save the changed cells of the grid: every cell is checked, one bad cell saves none."""
    words = language(lang)
    month = Month.parse(_field(form, "month"))
    department, team = _field(form, "department"), _field(form, "team")
    cycle = cycle_for(session, month)
    cells, submitted, problems = cells_from_form(form)
    problems += check_cells(cells, people_in_view(session, viewer), cycle)
    if not problems and cells:
        problems = save_cells(session, viewer, cells)
    if problems:
        grid = shift_grid(session, viewer, month, department, team)
        return _grid_page(request, words, grid, viewer, 422, problems, submitted)
    where = {"month": str(month), "department": department, "team": team}
    return redirect(request, words, "shifts", **where, saved=len(cells))


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip()[:64] if isinstance(value, str) else ""


# ---------------------------------------------------------------- a person's cycle (考勤)


def step_parts(step: Step, lang: Lang) -> dict[str, str]:
    """A stored step as its rule and its sentence (R-EXP-1)."""
    text = render_step(step, lang)
    rule, _, sentence = text.partition(": ")
    return {"rule": rule, "text": sentence or text}


def day_row(day: date, outcome: DayOutcome | None, lang: Lang) -> dict[str, Any]:
    """One line of the cycle: the shift, how the day went, its hours and its steps."""
    if outcome is None:
        return {"day": day, "weekday": WEEKDAYS[lang][day.weekday()], "shift": None}
    leave = (
        outcome.personal_leave_days
        + outcome.sick_leave_days
        + outcome.absence_days
        + outcome.unapproved_absence_days
        + outcome.comp_time_days
    )
    return {
        "day": day,
        "weekday": WEEKDAYS[lang][day.weekday()],
        "shift": outcome.shift_code,
        "in_cycle": outcome.in_cycle,
        "status": outcome.status,
        "status_name": DAY_STATUS_NAMES[outcome.status],
        "late_minutes": outcome.late_minutes if outcome.late else None,
        "early_minutes": outcome.early_minutes if outcome.early_leave else None,
        "off_days": num(leave) if leave else None,
        "counted_hours": num(outcome.hours.counted) if outcome.hours else "0",
        "cycle_hours": num(outcome.cycle_hours),
        "holiday_hours": num(outcome.cycle_holiday_hours),
        "steps": [step_parts(s, lang) for s in outcome.steps],
    }


def cycle_rows(found: CycleAttendance | None, cycle: Cycle, lang: Lang) -> list[dict[str, Any]]:
    """Every day of the cycle (a rest day too), after a night shift lent from the day before."""
    by_day = {o.day: o for o in found.days} if found else {}
    rows = [day_row(o.day, o, lang) for o in by_day.values() if not o.in_cycle]
    return rows + [day_row(d, by_day.get(d), lang) for d in cycle.days]


def cycle_totals(found: CycleAttendance | None) -> dict[str, str | int]:
    """The seven figures of the bonus rules and the cycle's hours (R-BON-4/5, R-HRS-1)."""
    if found is None:
        return {}
    summary = found.summary()
    return {
        "absence_days": num(summary.absence_days) or "0",
        "personal_leave_days": num(summary.personal_leave_days) or "0",
        "sick_leave_days": num(summary.sick_leave_days) or "0",
        "unapproved_absence_days": num(summary.unapproved_absence_days) or "0",
        "late_count": summary.late_count,
        "early_leave_count": summary.early_leave_count,
        "shift_swap_count": summary.shift_swap_count,
        "counted_hours": num(found.counted_hours) or "0",
        "holiday_hours": num(found.holiday_hours) or "0",
        "night_shifts": found.night_shifts,
        "shifts_worked": found.shifts_worked,
        "comp_time_leave_hours": num(found.comp_time_leave_hours) or "0",
    }


TOTAL_NAMES = {
    "absence_days": "缺勤天数",
    "personal_leave_days": "事假天数",
    "sick_leave_days": "病假天数",
    "unapproved_absence_days": "旷工天数",
    "late_count": "迟到次数",
    "early_leave_count": "早退次数",
    "shift_swap_count": "主动换班次数",
    "counted_hours": "计算工时",
    "holiday_hours": "国定假日工时",
    "night_shifts": "夜班次数",
    "shifts_worked": "出勤班次",
    "comp_time_leave_hours": "换休工时",
}


@dataclass
class PersonCycle:
    """One person's attendance cycle as the page and the API show it."""

    employee_no: str
    record: EmployeeRecord
    cycle: Cycle
    standard_hours: Decimal
    found: CycleAttendance | None
    rows: list[dict[str, Any]]
    totals: dict[str, str | int]
    notes: list[dict[str, str]] = field(default_factory=list)


def person_cycle(
    session: Session, viewer: Viewer, employee_no: str, month: Month, lang: Lang
) -> PersonCycle:
    """A person's cycle day by day from the roster and the records (R-BON-5, R-HRS-1)."""
    record = person_in_view(session, viewer, employee_no)
    setting = attendance.cycle_setting(session, month)
    cycle = Cycle(month, setting.start, setting.end, attendance.hours_policy(setting.policy))
    found = attendance.cycle_attendance(session, setting, [record.employee_id]).get(
        record.employee_id
    )
    # the steps of the cycle that belong to no day: swaps, events off the roster, the totals
    of_days = {id(s) for o in (found.days if found else ()) for s in o.steps}
    notes = [step_parts(s, lang) for s in (found.steps if found else ()) if id(s) not in of_days]
    return PersonCycle(
        employee_no,
        record,
        cycle,
        setting.standard_hours,
        found,
        cycle_rows(found, cycle, lang),
        cycle_totals(found),
        notes,
    )


@pages.get("/attendance/{employee_no}", name="attendance", response_class=HTMLResponse)
def attendance_page(
    request: Request,
    session: SessionDep,
    viewer: AttendanceViewer,
    employee_no: EmployeePath,
    month: MonthQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """考勤: a person's cycle day by day and its totals, each figure with its steps."""
    words = language(lang)
    view = person_cycle(session, viewer, employee_no, chosen_cycle(session, month), words)
    return render(
        request,
        words,
        "attendance_person.html",
        view=view,
        month=str(view.cycle.month),
        previous=str(view.cycle.month.shift(-1)),
        following=str(view.cycle.month.shift(1)),
        total_names=TOTAL_NAMES,
        standard_hours=num(view.standard_hours) or "0",
        sees_pay=viewer.can("pay.view") and viewer.sees_pay(employee_no),
    )


# ---------------------------------------------------------------- hours and comp time (工时与换休)


@dataclass
class HoursView:
    """A person's hours ledger and comp-time ledger through a cycle (R-HRS-1/2)."""

    employee_no: str
    record: EmployeeRecord
    through: Month
    ledger: Ledger | None
    expiring_by: date | None


def hours_view(
    session: Session, viewer: Viewer, employee_no: str, through: Month | None
) -> HoursView:
    """The ledgers through a finished cycle (default: the newest finished one)."""
    record = person_in_view(session, viewer, employee_no)
    newest = last_finished_cycle(session)
    month = through or newest
    if month > newest:
        # an unfinished cycle would count as closed with the hours worked so far (R-HRS-1)
        raise KefuError(
            f"考勤周期 {month} 尚未结束:工时台账最多算到 {newest} (the cycle has not ended yet)"
        )
    found, _ = attendance.ledgers(session, month, [record.employee_id])
    expiring_by = None
    with suppress(KefuError):
        # comp time still in the bank that runs out before the next cycle ends (R-HRS-2)
        expiring_by = cycle_for(session, month.shift(1)).end
    return HoursView(employee_no, record, month, found.get(record.employee_id), expiring_by)


def ledger_entries(view: HoursView) -> list[dict[str, Any]]:
    """The comp-time entries oldest first, with the upcoming expiries marked (R-HRS-2)."""
    if view.ledger is None:
        return []
    entries = sorted(view.ledger.entries, key=lambda e: e.on)
    return [
        {
            "on": e.on,
            "kind": e.kind,
            "kind_name": ENTRY_KIND_NAMES[e.kind],
            "hours": num(e.hours),
            "lot_earned_on": e.lot_earned_on,
            "lot_expires_on": e.lot_expires_on,
            "balance_after": num(e.balance_after),
            "rule": e.rule,
        }
        for e in entries
    ]


def ledger_periods(view: HoursView) -> list[dict[str, str]]:
    """The hours ledger a cycle a line: counted against standard, carried, used, offset."""
    if view.ledger is None:
        return []
    keys = (
        "counted",
        "standard",
        "carried_in",
        "required",
        "comp_time_used",
        "surplus",
        "shortfall",
        "offset",
        "carried_out",
    )
    return [
        {"period": p.period} | {k: num(getattr(p, k)) or "0" for k in keys}
        for p in view.ledger.periods
    ]


def open_lots(view: HoursView) -> list[dict[str, Any]]:
    """The lots with hours left, soonest expiry first; those due before the next cycle ends."""
    if view.ledger is None:
        return []
    lots = sorted((x for x in view.ledger.lots if x.remaining > 0), key=lambda x: x.expires_on)
    return [
        {
            "earned_on": x.earned_on,
            "expires_on": x.expires_on,
            "hours": num(x.hours),
            "remaining": num(x.remaining),
            "soon": view.expiring_by is not None and x.expires_on <= view.expiring_by,
        }
        for x in lots
    ]


@pages.get("/hours/{employee_no}", name="hours", response_class=HTMLResponse)
def hours_page(
    request: Request,
    session: SessionDep,
    viewer: AttendanceViewer,
    employee_no: EmployeePath,
    through: MonthQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """工时与换休: the hours ledger per cycle and the comp-time ledger, with the balance."""
    view = hours_view(session, viewer, employee_no, Month.parse(through) if through else None)
    return render(
        request,
        language(lang),
        "hours_ledger.html",
        view=view,
        through=str(view.through),
        previous=str(view.through.shift(-1)),
        periods=ledger_periods(view),
        entries=ledger_entries(view),
        lots=open_lots(view),
        balance=num(view.ledger.balance) if view.ledger else None,
        shortfall=num(view.ledger.carried_shortfall) if view.ledger else None,
    )


# ---------------------------------------------------------------- leave and comp time (请假与换休)


def request_row(r: LeaveRequest, numbers: dict[int, tuple[str, EmployeeRecord]]) -> dict[str, Any]:
    """A leave request as the pages and the API show it."""
    no, rec = numbers.get(r.employee_id, ("?", None))
    return {
        "id": r.id,
        "employee_no": no,
        "name": rec.name if rec else "",
        "department": rec.department if rec else "",
        "team": rec.team if rec else None,
        "kind": r.kind,
        "kind_name": attendance.LEAVE_NAMES.get(r.kind, r.kind),
        "first_day": r.first_day,
        "last_day": r.last_day,
        "days": (r.last_day - r.first_day).days + 1,
        "reason": r.reason,
        "status": r.status,
        "status_name": attendance.STATUS_NAMES.get(r.status, r.status),
        "requested_by": r.requested_by,
        "requested_at": r.requested_at,
        "decided_by": r.decided_by,
        "decided_at": r.decided_at,
        "decision_note": r.decision_note,
        "comp_time_balance": None,
    }


def _by_id(session: Session) -> dict[int, tuple[str, EmployeeRecord]]:
    return {rec.employee_id: (no, rec) for no, rec in people.roster(session)}


def own_requests(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """The viewer's own requests, newest first (none for an account without a 工号)."""
    if viewer.employee_no is None:
        return []
    ids = people.employee_ids(session, [viewer.employee_no])
    if viewer.employee_no not in ids:
        return []
    numbers = _by_id(session)
    return [
        request_row(r, numbers) for r in repo.leave_requests(session, [ids[viewer.employee_no]])
    ]


def pending_requests(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """Pending requests of the people the decider sees, but not their own (R-HRS-2)."""
    if not viewer.can("leave.decide"):
        return []
    numbers = _by_id(session)
    rows = []
    for r in repo.leave_requests(session, status="pending"):
        no, rec = numbers.get(r.employee_id, (None, None))
        if no is None or rec is None or no == viewer.employee_no:
            continue
        if viewer.sees(no, rec.department, rec.team):
            rows.append(request_row(r, numbers))
    comp = sorted({r["employee_no"] for r in rows if r["kind"] == "comp_time_leave"})
    if comp:
        balances = comp_time_balances(session, comp)
        for row in rows:
            if row["kind"] == "comp_time_leave":
                row["comp_time_balance"] = balances.get(row["employee_no"])
    return sorted(rows, key=lambda r: (r["first_day"], r["id"]))


def comp_time_balances(session: Session, numbers: Sequence[str]) -> dict[str, str]:
    """Each person's comp-time balance at the end of the newest finished cycle (R-HRS-2)."""
    ids = people.employee_ids(session, list(numbers))
    try:
        found, _ = attendance.ledgers(session, last_finished_cycle(session), list(ids.values()))
    except KefuError:
        return {}
    return {no: num(found[i].balance) or "0" for no, i in ids.items() if i in found}


def notice_days(session: Session) -> int | None:
    """How many days ahead comp time must be asked for, this month (R-HRS-2)."""
    try:
        hours = attendance.hours_policy(policy_for(session, Month.of(today())))
    except KefuError:
        return None
    return hours.comp_time_request_days_ahead


def file_request(
    session: Session,
    viewer: Viewer,
    kind: str,
    first_day: date,
    last_day: date,
    reason: str,
) -> LeaveRequest:
    """File the viewer's own leave or comp-time request (R-HRS-2: comp time needs notice)."""
    if viewer.employee_no is None:
        raise attendance.LeaveRefused("您的账号没有关联工号，不能提交请假或换休申请")
    return attendance.request_leave(
        session, viewer.username, viewer.employee_no, kind, first_day, last_day, reason, today()
    )


def request_in_view(session: Session, viewer: Viewer, request_id: int) -> LeaveRequest:
    """A request of someone the viewer sees; anything else is a 404 (R-PRV-1)."""
    found = session.get(LeaveRequest, request_id)
    if found is not None:
        numbers = _by_id(session)
        no, rec = numbers.get(found.employee_id, (None, None))
        if no is not None and rec is not None and viewer.sees(no, rec.department, rec.team):
            return found
    raise NotFound(f"没有编号为 {request_id} 的申请")


def decide(
    session: Session, viewer: Viewer, request_id: int, approve: bool, note: str
) -> LeaveRequest:
    """Approve or refuse a request of someone in scope; never one's own (R-HRS-2)."""
    found = request_in_view(session, viewer, request_id)
    own = people.employee_ids(session, [viewer.employee_no]) if viewer.employee_no else {}
    if found.employee_id in own.values() or found.requested_by == viewer.username:
        raise Forbidden("不能审批自己的申请，请由上级审批")
    return attendance.decide_leave(session, request_id, approve, viewer.username, note)


def withdraw(session: Session, viewer: Viewer, request_id: int) -> LeaveRequest:
    """The requester withdraws a pending request; someone else's is a 404."""
    found = session.get(LeaveRequest, request_id)
    if found is None or found.requested_by != viewer.username:
        raise NotFound(f"没有编号为 {request_id} 的申请")
    return attendance.cancel_leave(session, request_id, viewer.username)


def _leave_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    lang: Lang,
    status_code: int = 200,
    error: str | None = None,
    asked: dict[str, str] | None = None,
    done: str = "",
) -> HTMLResponse:
    return render(
        request,
        lang,
        "leave_requests.html",
        status_code,
        mine=own_requests(session, viewer),
        pending=pending_requests(session, viewer),
        kinds=attendance.LEAVE_NAMES,
        notice_days=notice_days(session),
        error=error,
        asked=asked or {"kind": "", "first_day": "", "last_day": "", "reason": ""},
        done=done,
        today=today(),
    )


LeaveDone = Literal["", "requested", "withdrawn", "approved", "refused"]


@pages.get("/leave", name="leave", response_class=HTMLResponse)
def leave_page(
    request: Request,
    session: SessionDep,
    viewer: LeaveRequester,
    done: LeaveDone = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """请假与换休: one's own requests and a form; for deciders, the pending requests in scope."""
    return _leave_page(request, session, viewer, language(lang), done=done)


@pages.post("/leave", name="leave_request", response_class=HTMLResponse)
def leave_request(
    request: Request,
    session: SessionDep,
    viewer: LeaveRequester,
    kind: Annotated[str, Form(max_length=32)],
    first_day: Annotated[date, Form()],
    last_day: Annotated[date, Form()],
    reason: Annotated[str, Form(max_length=255)] = "",
    lang: PageLang = None,
) -> Response:
    """File a request; a refusal (e.g. comp time without notice, R-HRS-2) comes back listed."""
    words = language(lang)
    try:
        file_request(session, viewer, kind, first_day, last_day, reason)
    except attendance.LeaveRefused as exc:
        asked = {
            "kind": kind,
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
            "reason": reason,
        }
        return _leave_page(request, session, viewer, words, 422, exc.message, asked)
    return redirect(request, words, "leave", done="requested")


@pages.post("/leave/{request_id}/cancel", name="leave_cancel")
def leave_cancel(
    request: Request,
    session: SessionDep,
    viewer: LeaveRequester,
    request_id: RequestPath,
    lang: PageLang = None,
) -> Response:
    """Withdraw one's own pending request."""
    withdraw(session, viewer, request_id)
    return redirect(request, language(lang), "leave", done="withdrawn")


@pages.post("/leave/{request_id}/decision", name="leave_decide")
def leave_decide(
    request: Request,
    session: SessionDep,
    viewer: LeaveDecider,
    request_id: RequestPath,
    decision: Annotated[Literal["approve", "refuse"], Form()],
    note: Annotated[str, Form(max_length=255)] = "",
    lang: PageLang = None,
) -> Response:
    """Approve (the leave is recorded on each of its days) or refuse a pending request."""
    decide(session, viewer, request_id, decision == "approve", note)
    done = "approved" if decision == "approve" else "refused"
    return redirect(request, language(lang), "leave", done=done)


# ---------------------------------------------------------------- the calendar (工作日历)


@dataclass
class CalendarView:
    """A month's working days, standard hours, holidays and 调休 workdays (R-HRS-1)."""

    month: Month
    days: MonthDays
    hours_per_day: Decimal | None
    problem: str | None
    weeks: list[list[dict[str, Any] | None]]

    @property
    def standard_text(self) -> str | None:
        """The standard hours, when the policy says a working day's hours (R-HRS-1)."""
        return num(self.days.standard_hours) if self.hours_per_day else None

    @property
    def per_day_text(self) -> str | None:
        """The policy's hours of a working day, as text."""
        return num(self.hours_per_day)


def calendar_view(session: Session, month: Month) -> CalendarView:
    """The month by the calendar; the standard hours when the policy in force says a day's hours.

    A year the calendar does not know raises CalendarYearMissing (a 422 with what to do).
    """
    cal = attendance.work_calendar()
    cal.schedule(month.year)
    hours_per_day: Decimal | None = None
    problem = None
    try:
        hours_per_day = attendance.hours_policy(policy_for(session, month)).hours_per_working_day
    except KefuError as exc:
        problem = exc.message
    days = cal.month(month, hours_per_day or Decimal(0))
    holidays = {h.day: h for h in days.holidays}
    adjusted = {a.day: a.name for a in days.adjusted_workdays}
    weeks = []
    # day numbers, 0 outside the month: no date is made beyond the month (year 9999 stays safe)
    for week in month_calendar.Calendar().monthdayscalendar(month.year, month.month):
        row: list[dict[str, Any] | None] = []
        for number in week:
            if number == 0:
                row.append(None)
                continue
            day = date(month.year, month.month, number)
            holiday = holidays.get(day)
            row.append(
                {
                    "day": day,
                    "working": cal.is_working_day(day),
                    "holiday": holiday.name if holiday else None,
                    "statutory": bool(holiday and holiday.statutory),
                    "adjusted": adjusted.get(day),
                }
            )
        weeks.append(row)
    return CalendarView(month, days, hours_per_day, problem, weeks)


@pages.get("/calendar", name="calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    session: SessionDep,
    viewer: CalendarViewer,
    month: MonthQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """工作日历: working days, standard hours, holidays, 调休 workdays and where they come from."""
    words = language(lang)
    m = Month.parse(month) if month else Month.of(today())
    context: dict[str, Any] = {
        "month": str(m),
        "previous": str(m.shift(-1)),
        "following": str(m.shift(1)),
        "weekdays": WEEKDAYS[words],
    }
    try:
        view = calendar_view(session, m)
    except CalendarYearMissing as exc:
        context |= {"view": None, "missing": exc.message}
        return render(request, words, "calendar_month.html", exc.http_status, **context)
    return render(request, words, "calendar_month.html", view=view, missing=None, **context)
