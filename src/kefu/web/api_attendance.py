"""The JSON API of shifts, attendance, leave, comp time, pay and the calendar (/api/v1).

The same builders and services as the pages, the same permissions and scopes (R-PRV-1): a
person outside the viewer's scope is a 404, pay is seen only by the person, HR and managers.
Errors are {"detail": …} with the error's status, as everywhere under /api/.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.attendance import service as attendance
from kefu.attendance.models import LeaveRequest
from kefu.cli.attendance import ledger_json
from kefu.closing.service import CloseReport
from kefu.explain.messages import render as render_step
from kefu.explain.trace import num
from kefu.pay import service as pay
from kefu.periods import Month
from kefu.web import pages_attendance as views
from kefu.web.api_v1 import INT_MAX, ApiRevision, MonthText, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo, StaffNoPath
from kefu.web.pages_pay import matching_pay, pay_totals, person_pay_view, visible_sheet
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

ShiftViewer = Annotated[Viewer, Depends(require("shifts.view"))]
ShiftEditor = Annotated[Viewer, Depends(require("shifts.edit"))]
AttendanceViewer = Annotated[Viewer, Depends(require("attendance.view"))]
LeaveRequester = Annotated[Viewer, Depends(require("leave.request"))]
LeaveDecider = Annotated[Viewer, Depends(require("leave.decide"))]
PayViewer = Annotated[Viewer, Depends(require("pay.view"))]
PayCloser = Annotated[Viewer, Depends(require("pay.close"))]
CalendarViewer = Annotated[Viewer, Depends(require("calendar.view"))]
MonthPath = Annotated[str, Path(max_length=16, description="YYYY-MM, e.g. 2026-10")]
EmployeePath = StaffNoPath
RequestPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申请编号")]
MonthQuery = Annotated[str, Query(max_length=16, description="YYYY-MM; default: the current one")]
NameQuery = Annotated[str, Query(max_length=64)]
# the most cells one PUT may change: a big department's whole cycle
MAX_CELLS = 20_000


class CellIn(Strict):
    """One roster cell: a person's shift on a day, or null for a rest day (休)."""

    employee_no: StaffNo = Field(min_length=1, max_length=32)
    day: date
    shift_code: Text | None = Field(None, max_length=8)


class CellsIn(Strict):
    """Roster cells to save: all of them or none (R-SHF-1)."""

    cells: list[CellIn] = Field(max_length=MAX_CELLS)


class LeaveIn(Strict):
    """A leave or comp-time request of the account's own 工号 (R-HRS-2)."""

    kind: Literal["personal_leave", "sick_leave", "comp_time_leave"]
    first_day: date
    last_day: date
    reason: Text = Field("", max_length=255)


class DecisionIn(Strict):
    """Approve or refuse a pending request, with an optional note."""

    approve: bool
    note: Text = Field("", max_length=255)


class PayCloseIn(Strict):
    """The month whose pay to close."""

    month: MonthText


def _request(session: SessionDep, found: LeaveRequest) -> dict[str, Any]:
    row = views.request_row(found, views._by_id(session))
    return _plain(row)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Dates and times as ISO text."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def _report(report: CloseReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "period": report.period,
        "revision": report.revision,
        "created": report.created,
        "people": report.people,
        "policy": report.policy_label,
        "totals": report.totals,
        "input_changes": report.input_changes,
        "result_changes": report.result_changes,
    }


@api.get("/shifts", name="api_shifts")
def api_shifts(
    session: SessionDep,
    viewer: ShiftViewer,
    month: MonthQuery = "",
    department: NameQuery = "",
    team: NameQuery = "",
) -> dict[str, Any]:
    """The cycle's roster of the people the viewer sees (HR and managers: all, or filtered)."""
    m = views.chosen_cycle(session, month)
    grid = views.shift_grid(session, viewer, m, department, team, whole_center=True)
    return {
        "month": str(m),
        "start": grid.cycle.start.isoformat(),
        "end": grid.cycle.end.isoformat(),
        "shift_types": views.shift_type_rows(grid.shift_types),
        "calendar_problem": grid.calendar_problem,
        "days": [
            {
                "date": d.day.isoformat(),
                "weekend": d.weekend,
                "holiday": d.holiday,
                "statutory": d.statutory,
                "adjusted_workday": d.adjusted,
            }
            for d in grid.days
        ],
        "people": [
            {
                "employee_no": p.employee_no,
                "name": p.name,
                "department": p.department,
                "team": p.team,
                "shifts": {
                    d.isoformat(): code
                    for d, code in sorted(grid.cells.get(p.employee_no, {}).items())
                },
            }
            for p in grid.people
        ],
    }


@api.put("/shifts", name="api_shifts_save")
def api_shifts_save(session: SessionDep, viewer: ShiftEditor, body: CellsIn) -> dict[str, Any]:
    """Save roster cells of people in scope: every cell checked, one bad cell saves none (422)."""
    cells = [(c.employee_no, c.day, c.shift_code or None) for c in body.cells]
    views.check_cells(cells, views.people_in_view(session, viewer), None)
    shifts = attendance.set_roster(session, viewer.username, cells)  # ImportRejected: a 422
    return {"cells": len(cells), "shifts": shifts}


@api.get("/attendance/{employee_no}", name="api_attendance")
def api_attendance(
    session: SessionDep,
    viewer: AttendanceViewer,
    employee_no: EmployeePath,
    month: MonthQuery = "",
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A person's cycle day by day, its totals and the steps (R-BON-5, R-HRS-1)."""
    view = views.person_cycle(
        session, viewer, employee_no, views.chosen_cycle(session, month), lang
    )
    return {
        "employee_no": employee_no,
        "name": view.record.name,
        "month": str(view.cycle.month),
        "start": view.cycle.start.isoformat(),
        "end": view.cycle.end.isoformat(),
        "rostered": view.found is not None,
        "standard_hours": num(view.standard_hours) or "0",
        "totals": view.totals,
        "days": [_plain(r) for r in view.rows],
        "notes": view.notes,
    }


@api.get("/leave", name="api_leave")
def api_leave(session: SessionDep, viewer: LeaveRequester) -> dict[str, Any]:
    """The account's own requests and, for deciders, the pending requests in scope."""
    return {
        "own": [_plain(r) for r in views.own_requests(session, viewer)],
        "pending": [_plain(r) for r in views.pending_requests(session, viewer)],
    }


@api.post("/leave", name="api_leave_request", status_code=201)
def api_leave_request(session: SessionDep, viewer: LeaveRequester, body: LeaveIn) -> dict[str, Any]:
    """File a request of one's own; comp time needs the policy's notice (R-HRS-2, else 422)."""
    found = views.file_request(
        session, viewer, body.kind, body.first_day, body.last_day, body.reason
    )
    return _request(session, found)


@api.post("/leave/{request_id}/decision", name="api_leave_decide")
def api_leave_decide(
    session: SessionDep, viewer: LeaveDecider, request_id: RequestPath, body: DecisionIn
) -> dict[str, Any]:
    """Approve or refuse a pending request of someone in scope (never one's own)."""
    return _request(session, views.decide(session, viewer, request_id, body.approve, body.note))


@api.post("/leave/{request_id}/cancel", name="api_leave_cancel")
def api_leave_cancel(
    session: SessionDep, viewer: LeaveRequester, request_id: RequestPath
) -> dict[str, Any]:
    """Withdraw one's own pending request."""
    return _request(session, views.withdraw(session, viewer, request_id))


@api.get("/comp-time/{employee_no}", name="api_comp_time")
def api_comp_time(
    session: SessionDep,
    viewer: AttendanceViewer,
    employee_no: EmployeePath,
    through: MonthQuery = "",
) -> dict[str, Any]:
    """The hours and comp-time ledgers through a finished cycle (R-HRS-1/2)."""
    view = views.hours_view(session, viewer, employee_no, Month.parse(through) if through else None)
    if view.ledger is None:
        return {"employee_no": employee_no, "through": str(view.through), "ledger": None}
    return {"through": str(view.through), **ledger_json(employee_no, view.ledger)}


@api.post("/pay/closes", name="api_pay_close")
def api_pay_close(session: SessionDep, viewer: PayCloser, body: PayCloseIn) -> dict[str, Any]:
    """Close a month's pay (a new revision only when something changed, R-AUD-1)."""
    return _report(pay.close_pay(session, Month.parse(body.month), viewer.username))


@api.get("/pay/{month}", name="api_pay_month")
def api_pay_month(
    session: SessionDep,
    viewer: PayViewer,
    month: MonthPath,
    revision: ApiRevision = None,
    department: NameQuery = "",
    team: NameQuery = "",
    q: NameQuery = "",
) -> dict[str, Any]:
    """The month's pay rows the viewer may see (their own only, unless HR or a manager)."""
    sheet = visible_sheet(session, viewer, Month.parse(month), revision)
    rows = matching_pay(sheet.rows, department, team, q)
    return {
        "month": sheet.close.period,
        "revision": sheet.close.revision,
        "policy": sheet.policy_label,
        "people": len(rows),
        "totals": pay_totals(rows),
        "rows": rows,
    }


@api.get("/pay/{month}/{employee_no}", name="api_pay_person")
def api_pay_person(
    session: SessionDep,
    viewer: PayViewer,
    month: MonthPath,
    employee_no: EmployeePath,
    revision: ApiRevision = None,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """One person's pay lines, totals, hours and the explanation's lines (R-EXP-1)."""
    view = person_pay_view(session, viewer, Month.parse(month), employee_no, revision)
    row = view.row
    return {
        "employee_no": row.employee_no,
        "name": row.name,
        "month": view.close.period,
        "revision": view.close.revision,
        "policy": view.policy_label,
        "lines": row.lines,
        "gross": str(row.gross),
        "deductions": str(row.deductions),
        "net": str(row.net),
        "hours": row.hours,
        "explanation": [render_step(s, lang) for s in view.steps],
    }


@api.get("/calendar/{month}", name="api_calendar")
def api_calendar(session: SessionDep, viewer: CalendarViewer, month: MonthPath) -> dict[str, Any]:
    """A month's working days, standard hours, holidays and 调休 workdays (422 for an unknown year)."""
    view = views.calendar_view(session, Month.parse(month))
    days = view.days
    return {
        "month": str(view.month),
        "working_days": days.working_days,
        "hours_per_working_day": num(view.hours_per_day),
        "standard_hours": num(days.standard_hours) if view.hours_per_day else None,
        "holidays": [
            {"date": h.day.isoformat(), "name": h.name, "statutory": h.statutory}
            for h in days.holidays
        ],
        "adjusted_workdays": [
            {"date": a.day.isoformat(), "name": a.name} for a in days.adjusted_workdays
        ],
        "sources": days.sources,
        "problem": view.problem,
    }
