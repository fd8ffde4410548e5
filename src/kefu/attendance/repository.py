"""Every query of attendance: roster days, events, leave requests, comp-time entries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, bindparam, delete, insert, select, text
from sqlalchemy.orm import Session

from kefu.attendance.models import AttendanceEvent, CompTimeEntry, LeaveRequest, ShiftAssignment
from kefu.attendance.summary import RosterDay
from kefu.db import fetch_rows, run_on_driver

# SQLite allows 32,766 bound parameters a statement; stay far below it
_CHUNK = 5000


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def roster_between(
    session: Session, start: date, end: date, employee_ids: Sequence[int] | None = None
) -> dict[int, list[tuple[date, str]]]:
    """employee id → [(day, shift code)] from ``start`` to ``end`` inclusive, in day order."""
    stmt = (
        select(ShiftAssignment.employee_id, ShiftAssignment.day, ShiftAssignment.shift_code)
        .where(ShiftAssignment.day >= start, ShiftAssignment.day <= end)
        .order_by(ShiftAssignment.employee_id, ShiftAssignment.day)
    )
    out: dict[int, list[tuple[date, str]]] = defaultdict(list)
    if employee_ids is None:
        for emp, day, code in fetch_rows(session, stmt):
            out[emp].append((day, code))
        return dict(out)
    for part in _chunks(list(employee_ids)):
        for emp, day, code in fetch_rows(
            session, stmt.where(ShiftAssignment.employee_id.in_(list(part)))
        ):
            out[emp].append((day, code))
    return dict(out)


def rostered_people(session: Session, start: date, end: date) -> set[int]:
    """Everyone with at least one shift between ``start`` and ``end``."""
    rows = fetch_rows(
        session,
        select(ShiftAssignment.employee_id)
        .where(ShiftAssignment.day >= start, ShiftAssignment.day <= end)
        .distinct(),
    )
    return {r[0] for r in rows}


EVENT_FIELDS = ("day", "kind", "at", "minutes", "days", "voluntary", "approved", "note", "id")


def events_between(
    session: Session, start: date, end: date, employee_ids: Sequence[int] | None = None
) -> dict[int, list[tuple[Any, ...]]]:
    """employee id → event tuples (EVENT_FIELDS order) from ``start`` to ``end``."""
    stmt = (
        select(AttendanceEvent.employee_id, *[getattr(AttendanceEvent, f) for f in EVENT_FIELDS])
        .where(AttendanceEvent.day >= start, AttendanceEvent.day <= end)
        .order_by(AttendanceEvent.employee_id, AttendanceEvent.day, AttendanceEvent.id)
    )
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    parts = [None] if employee_ids is None else list(_chunks(list(employee_ids)))
    for part in parts:
        query = stmt if part is None else stmt.where(AttendanceEvent.employee_id.in_(list(part)))
        for row in fetch_rows(session, query):
            out[row[0]].append(row[1:])
    return dict(out)


def event_keys(
    session: Session, employee_ids: Sequence[int], start: date, end: date
) -> set[tuple[int, date, str, Any]]:
    """(employee id, day, kind, time) of the events already recorded, to refuse duplicates."""
    out: set[tuple[int, date, str, Any]] = set()
    for part in _chunks(list(employee_ids)):
        rows = fetch_rows(
            session,
            select(
                AttendanceEvent.employee_id,
                AttendanceEvent.day,
                AttendanceEvent.kind,
                AttendanceEvent.at,
            ).where(
                AttendanceEvent.employee_id.in_(list(part)),
                AttendanceEvent.day >= start,
                AttendanceEvent.day <= end,
            ),
        )
        out.update((r[0], r[1], r[2], r[3]) for r in rows)
    return out


def replace_roster(
    session: Session,
    employee_ids: Sequence[int],
    days: Sequence[date],
    shifts: list[dict[str, Any]],
) -> None:
    """The grid is authoritative for its people and days: clear them, then write its shifts."""
    for part in _chunks(list(employee_ids)):
        session.execute(
            delete(ShiftAssignment).where(
                ShiftAssignment.employee_id.in_(list(part)), ShiftAssignment.day.in_(list(days))
            )
        )
    for part in _chunks(shifts):
        session.execute(insert(ShiftAssignment), list(part))


def add_events(session: Session, events: list[dict[str, Any]]) -> None:
    for part in _chunks(events):
        session.execute(insert(AttendanceEvent), list(part))


def approved_requests_between(
    session: Session, start: date, end: date, employee_ids: Sequence[int] | None = None
) -> dict[int, list[tuple[str, date, date]]]:
    """employee id → [(kind, first day, last day)] of approved requests overlapping the range."""
    stmt = select(
        LeaveRequest.employee_id, LeaveRequest.kind, LeaveRequest.first_day, LeaveRequest.last_day
    ).where(
        LeaveRequest.status == "approved",
        LeaveRequest.first_day <= end,
        LeaveRequest.last_day >= start,
    )
    if employee_ids is not None:
        stmt = stmt.where(LeaveRequest.employee_id.in_(list(employee_ids)))
    out: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    for emp, kind, first, last in fetch_rows(session, stmt):
        out[emp].append((kind, first, last))
    return dict(out)


def leave_requests(
    session: Session, employee_ids: Sequence[int] | None = None, status: str | None = None
) -> list[LeaveRequest]:
    """Requests, newest first, optionally for some people or in one status."""
    stmt = select(LeaveRequest).order_by(LeaveRequest.requested_at.desc(), LeaveRequest.id.desc())
    if employee_ids is not None:
        stmt = stmt.where(LeaveRequest.employee_id.in_(list(employee_ids)))
    if status:
        stmt = stmt.where(LeaveRequest.status == status)
    return list(session.scalars(stmt))


def comp_time_entries(
    session: Session, close_ids: Sequence[int], employee_id: int
) -> list[CompTimeEntry]:
    """A person's frozen comp-time entries of the given closes, oldest first."""
    if not close_ids:
        return []
    return list(
        session.scalars(
            select(CompTimeEntry)
            .where(
                CompTimeEntry.close_id.in_(list(close_ids)),
                CompTimeEntry.employee_id == employee_id,
            )
            .order_by(CompTimeEntry.on_day, CompTimeEntry.id)
        )
    )


def first_roster_day(session: Session, employee_ids: Sequence[int] | None = None) -> date | None:
    """The earliest rostered day (of some people, or of anyone)."""
    from sqlalchemy import func

    stmt = select(func.min(ShiftAssignment.day))
    if employee_ids is not None:
        stmt = stmt.where(ShiftAssignment.employee_id.in_(list(employee_ids)))
    return session.scalar(stmt)


def roster_days(
    session: Session, start: date, end: date, employee_ids: Sequence[int] | None = None
) -> dict[int, list[RosterDay]]:
    """employee id → RosterDay list in day order, for up to a year of a whole center.

    A pay close reads a million roster days: each distinct (day, shift) becomes one shared
    RosterDay, converted from the driver's value once, instead of once a row.
    """
    conn = session.connection()
    day = ShiftAssignment.__table__.c.day
    if employee_ids is None and conn.dialect.name in _JOINED_ROSTER:
        return _joined_roster_days(session, start, end)
    if conn.dialect.name == "sqlite":
        # over months of a whole center a table scan beats the day index (which costs one
        # random lookup a row); unary + keeps SQLite's planner off the index
        where: Any = text(
            "+shift_assignment.day >= :start AND +shift_assignment.day <= :end"
        ).bindparams(bindparam("start", start, type_=Date()), bindparam("end", end, type_=Date()))
    else:
        where = and_(day >= start, day <= end)
    stmt = select(
        ShiftAssignment.employee_id, ShiftAssignment.day, ShiftAssignment.shift_code
    ).where(where)
    to_date = day.type.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
    shared: dict[tuple[Any, str], RosterDay] = {}
    out: dict[int, list[RosterDay]] = {}
    parts = [None] if employee_ids is None else list(_chunks(list(employee_ids)))
    for part in parts:
        query = stmt if part is None else stmt.where(ShiftAssignment.employee_id.in_(list(part)))
        current: list[RosterDay] = []
        last_emp = None
        for emp, raw, code in run_on_driver(session, query).fetchall():
            key = (raw, code)
            entry = shared.get(key)
            if entry is None:
                value = raw if to_date is None else to_date(raw)
                assert isinstance(value, date)
                entry = shared[key] = RosterDay(value, code)
            if emp != last_emp:
                current = out.setdefault(emp, [])
                last_emp = emp
            current.append(entry)
    for days in out.values():
        days.sort()  # one shift a person a day: the days alone order them
    return out


# one text a person of "2026-10-01C,2026-10-02R,…": the database joins, Python splits
_JOINED_ROSTER = {
    "sqlite": (
        "SELECT employee_id, group_concat(day || shift_code, ',') FROM shift_assignment"
        " WHERE +day >= :start AND +day <= :end GROUP BY employee_id"
    ),
    "postgresql": (
        # a date as text is ISO (YYYY-MM-DD) under the DateStyle psycopg itself needs
        "SELECT employee_id, string_agg(day::text || shift_code, ',')"
        " FROM shift_assignment WHERE day >= :start AND day <= :end GROUP BY employee_id"
    ),
}


def _joined_roster_days(session: Session, start: date, end: date) -> dict[int, list[RosterDay]]:
    """``roster_days`` of everyone: one text a person, cut apart here.

    A day is its ISO text and a shift code is letters and digits (the policy's pattern), so
    the text is cut apart without ambiguity — a fraction of the time of fetching a million
    rows one by one (on SQLite the table scan, ``+day``, beats the day index).
    """
    dialect = session.connection().dialect.name
    rows = session.execute(
        text(_JOINED_ROSTER[dialect]).bindparams(
            bindparam("start", start, type_=Date()), bindparam("end", end, type_=Date())
        )
    ).all()
    shared = _RosterCells()
    out: dict[int, list[RosterDay]] = {}
    for emp, joined in rows:
        cells = joined.split(",")
        cells.sort()  # one shift a person a day: the ISO day orders them
        out[emp] = list(map(shared.__getitem__, cells))
    return out


class _RosterCells(dict[str, RosterDay]):
    """ "2026-10-01C" → its RosterDay, made on first sight and shared after."""

    def __missing__(self, cell: str) -> RosterDay:
        entry = self[cell] = RosterDay(date.fromisoformat(cell[:10]), cell[10:])
        return entry
