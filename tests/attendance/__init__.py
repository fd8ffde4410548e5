"""Builders shared by the attendance rule tests: small ``make_<noun>()`` helpers, no database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from kefu.attendance.ledger import PeriodHours
from kefu.attendance.summary import AttendanceEvent, EventKind, RosterDay
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy, load_policy
from kefu.policy.schema import Hours, ShiftBreak, ShiftType

D = Decimal

# The test's own statutory holidays (法定节假日): National Day 2026 and the Spring Festival
# days used below. Real dates come from the work calendar; the rules only see a collection.
NATIONAL_DAY_2026 = frozenset({date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)})


@cache
def demo_policy() -> LoadedPolicy:
    """The demo preset: seed 003 with every open parameter filled."""
    return load_policy("demo")


def demo_hours() -> Hours:
    hours = demo_policy().model.hours
    assert hours is not None
    return hours


def shift_types() -> dict[str, ShiftType]:
    """The seed's shift types R, C and W by code (R-SHF-1)."""
    return {s.code: s for s in demo_hours().shift_types}


def seed_shift(code: str) -> ShiftType:
    return shift_types()[code]


def cycle_start_day() -> int:
    cycle = demo_policy().model.attendance_cycle
    assert cycle is not None and cycle.start_day is not None
    return cycle.start_day


def demo_cycle(month: str) -> tuple[date, date]:
    """The demo policy's attendance cycle labelled ``month`` (26th to 25th, R-BON-5)."""
    return Month.parse(month).attendance_cycle(cycle_start_day())


def make_shift(
    code: str = "N",
    starts: str = "22:00",
    ends: str = "06:00",
    on_site: str | int = 8,
    counted: str | int = "7.5",
    *,
    night: bool = False,
    breaks: Sequence[tuple[str, str]] = (),
) -> ShiftType:
    """A shift type written in a test (a night shift 22:00–06:00 with 30 unpaid minutes)."""
    return ShiftType(
        code=code,
        starts=starts,
        ends=ends,
        on_site_hours=D(on_site),
        counted_hours=D(counted),
        night=night,
        breaks=[ShiftBreak(starts=s, ends=e) for s, e in breaks],
    )


def minutes_as_hours(minutes: int) -> Decimal:
    """The expected hours of a number of minutes, written out in the test's terms."""
    return D(minutes) / 60


def at(day: date, clock: str, *, next_day: bool = False, seconds: int = 0) -> datetime:
    """A local date-time: ``clock`` "HH:MM" on ``day`` (or the morning after)."""
    hh, mm = (int(x) for x in clock.split(":"))
    moment = datetime.combine(day, time(hh, mm, seconds))
    return moment + timedelta(days=1) if next_day else moment


def make_event(day: date, kind: EventKind, **values: object) -> AttendanceEvent:
    """One attendance record of ``kind`` on the rostered ``day``."""
    return AttendanceEvent(day, kind, **values)  # type: ignore[arg-type]


def punches(
    day: date, clock_in: str, clock_out: str, *, out_next_day: bool = False
) -> list[AttendanceEvent]:
    """A clock-in and a clock-out of the shift rostered on ``day``."""
    return [
        make_event(day, "clock_in", at=at(day, clock_in)),
        make_event(day, "clock_out", at=at(day, clock_out, next_day=out_next_day)),
    ]


def make_roster(*entries: tuple[date, str]) -> list[RosterDay]:
    return [RosterDay(day, code) for day, code in entries]


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def make_periods(
    first_month: str,
    counted: Sequence[Decimal | int | str],
    standard: Decimal | int | str = 168,
    start_day: int = 1,
) -> list[PeriodHours]:
    """Consecutive periods from ``first_month``: calendar months, or cycles from ``start_day``."""
    month = Month.parse(first_month)
    out = []
    for i, hours in enumerate(counted):
        m = month.shift(i)
        starts_on, ends_on = m.attendance_cycle(start_day)
        out.append(PeriodHours(str(m), starts_on, ends_on, D(str(hours)), D(str(standard))))
    return out
