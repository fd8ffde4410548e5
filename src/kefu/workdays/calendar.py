"""法定节假日与调休: working days, statutory holidays and standard hours (R-HRS-1, R-PAY-2).

Pure: no database, no web, no files. The years 2004–2026 come from the ``chinese-calendar``
package; a center's own schedule (one file a year, read by :mod:`kefu.workdays.files`) replaces
a package year entirely or adds a year the package lacks. A year neither knows is refused with
:class:`CalendarYearMissing` — never guessed from weekends.

How ``statutory`` (法定节假日) is derived from the package, which only lists days off, weekend
working days and "in lieu" rest days (docs/calendar.md says the same for users):

1. Group the year's days off by holiday name. For each holiday, its weekday days off that are
   not in-lieu days (rest days moved there by 调休) are as many as the law's statutory days of
   that holiday: every statutory day on a weekday is one of them, and every statutory day that
   falls on a weekend gives one weekday 补休 instead.
2. For the holidays whose statutory days the law fixes in the Gregorian calendar — 元旦 (1 Jan),
   劳动节 (from 1 May), 国庆节 (from 1 Oct) — and 清明节 (the 清明 solar term, which the package
   computes), the statutory days are that many consecutive days from the fixed date (so 2026's
   国庆节 is 10-1..10-3, Saturday 10-3 included, and Monday 10-5 is a 补休 rest day).
3. 春节, 端午节 and 中秋节 follow the lunar calendar, which the package does not know: their
   statutory days are the weekday days of step 1. This is exact whenever those days are
   weekdays (all of 2026; 2025 except 端午节 on Saturday 5-31, given here as Monday 6-2); a
   center that needs the exact day of such a year states it in its own file for the year.

Checked against the law (全国年节及纪念日放假办法): 11 statutory days a year up to 2024 and
13 from 2025; 2025 春节 1-28..1-31; 2025 国庆节 and 中秋节 10-1, 10-2, 10-3 and 10-6.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import NamedTuple

import chinese_calendar  # type: ignore[import-untyped]
from chinese_calendar import constants as package_data

from kefu.errors import KefuError
from kefu.explain.trace import Step, num
from kefu.periods import Month

RULE = "R-HRS-1"
PACKAGE_SOURCE = f"chinese-calendar {chinese_calendar.__version__}"
_SATURDAY = 5  # date.weekday(): Monday 0 … Saturday 5, Sunday 6

# The package's short names → the names the State Council notices (国务院办公厅通知) use.
_OFFICIAL_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
# 全国年节及纪念日放假办法 第二条: holidays whose statutory days start on a fixed date.
_FIXED_START = {"元旦": (1, 1), "劳动节": (5, 1), "国庆节": (10, 1)}
_QINGMING = "清明节"
_QINGMING_TERM = "清明"
_QINGMING_MONTH = 4  # the 清明 solar term always falls on 4–6 April


def is_weekend(day: date) -> bool:
    """Saturday or Sunday (周末)."""
    return day.weekday() >= _SATURDAY


@cache
def package_years() -> range:
    """The years the chinese-calendar package knows."""
    years = [d.year for d in package_data.holidays]
    return range(min(years), max(years) + 1)


class CalendarYearMissing(KefuError):
    """Neither the package nor a center file knows the holidays of a year."""

    http_status = 422

    def __init__(self, year: int, where: str | None = None) -> None:
        known = package_years()
        place = f"节假日安排目录 {where} " if where else "节假日安排目录"
        super().__init__(
            f"{year} 年的法定节假日与调休安排未知: {PACKAGE_SOURCE} 只含 "
            f"{known.start}–{known.stop - 1} 年，{place}中也没有 {year} 年的文件。"
            f"请按国务院办公厅当年的放假通知，在{place}中添加 {year}.yaml"
            f"（格式见 docs/calendar.md）；kefu 不会按周末推测工作日。"
            f" (No holiday schedule for {year}: add {year}.yaml to the calendar directory"
            f"{' ' + where if where else ''}; see docs/calendar.md.)"
        )
        self.year = year


@dataclass(frozen=True)
class YearSchedule:
    """One year's days off (放假), statutory holidays (法定节假日) and adjusted workdays (调休上班).

    ``days_off`` maps every holiday day off, weekend days inside a holiday period included, to
    its holiday's name; ``statutory`` are the days the law names (work on them is paid at the
    holiday multiplier, R-PAY-2); ``adjusted_workdays`` are weekend days worked to make up for a
    holiday. Every other weekday is a working day and every other weekend day a rest day.
    """

    year: int
    days_off: dict[date, str]
    statutory: frozenset[date]
    adjusted_workdays: dict[date, str]
    source: str

    def __post_init__(self) -> None:
        stray = [
            d
            for d in (*self.days_off, *self.statutory, *self.adjusted_workdays)
            if d.year != self.year
        ]
        if stray:
            raise ValueError(f"{self.source}: {stray[0]} is outside the year {self.year}")
        if not self.statutory <= self.days_off.keys():
            raise ValueError(f"{self.source}: every statutory day must be a day off")
        both = self.days_off.keys() & self.adjusted_workdays.keys()
        if both:
            raise ValueError(f"{self.source}: {min(both)} is both a day off and a workday")
        weekdays = [d for d in self.adjusted_workdays if not is_weekend(d)]
        if weekdays:
            raise ValueError(f"{self.source}: adjusted workday {weekdays[0]} is not a weekend day")

    def is_working_day(self, day: date) -> bool:
        """A weekday that is not a day off, or a weekend day worked by 调休."""
        if day in self.adjusted_workdays:
            return True
        return day not in self.days_off and not is_weekend(day)


class HolidayDay(NamedTuple):
    """A holiday day off inside a month or cycle; ``statutory`` marks a 法定节假日."""

    day: date
    name: str
    statutory: bool


class AdjustedWorkday(NamedTuple):
    """A weekend day worked by 调休, with the holiday it makes up for."""

    day: date
    name: str


@dataclass(frozen=True)
class MonthDays:
    """The working days and standard hours of a month or attendance cycle (R-HRS-1)."""

    start: date
    end: date
    working_days: int
    standard_hours: Decimal
    holidays: list[HolidayDay]
    adjusted_workdays: list[AdjustedWorkday]
    sources: list[str]
    steps: list[Step]


def _holiday_name(package_value: str) -> str:
    chinese: str = package_data.Holiday(package_value).chinese
    return _OFFICIAL_NAMES.get(chinese, chinese)


def _law_start(name: str, year: int) -> date | None:
    """The first statutory day of a holiday whose date the law fixes, else None (lunar)."""
    if name in _FIXED_START:
        month, day = _FIXED_START[name]
        return date(year, month, day)
    if name == _QINGMING:
        first = date(year, _QINGMING_MONTH, 1)
        terms = chinese_calendar.get_solar_terms(first, first + timedelta(days=29))
        for day, term in terms:
            if term == _QINGMING_TERM:
                return day  # type: ignore[no-any-return]
    return None


def derive_statutory(
    year: int, days_off: Mapping[date, str], in_lieu: frozenset[date]
) -> frozenset[date]:
    """The 法定节假日 among a year's days off, as the module docstring explains."""
    by_name: dict[str, list[date]] = {}
    for day in sorted(days_off):
        by_name.setdefault(days_off[day], []).append(day)
    statutory: set[date] = set()
    for name, days in by_name.items():
        named = [d for d in days if not is_weekend(d) and d not in in_lieu]
        start = _law_start(name, year)
        if start is not None:
            run = [start + timedelta(days=i) for i in range(len(named))]
            # only where the fixed dates really are this holiday's days off in the package
            if all(days_off.get(d) == name for d in run):
                named = run
        statutory.update(named)
    return frozenset(statutory)


@cache
def package_schedule(year: int) -> YearSchedule:
    """The package's schedule of ``year`` (shared: do not change its dicts)."""
    if year not in package_years():
        raise CalendarYearMissing(year)
    days_off = {d: _holiday_name(v) for d, v in package_data.holidays.items() if d.year == year}
    workdays = {d: _holiday_name(v) for d, v in package_data.workdays.items() if d.year == year}
    in_lieu = frozenset(d for d in package_data.in_lieu_days if d.year == year)
    return YearSchedule(
        year=year,
        days_off=dict(sorted(days_off.items())),
        statutory=derive_statutory(year, days_off, in_lieu),
        adjusted_workdays=dict(sorted(workdays.items())),
        source=PACKAGE_SOURCE,
    )


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


class WorkCalendar:
    """The statutory calendar: the package's years, each replaced or extended by a center file."""

    def __init__(
        self, overrides: Mapping[int, YearSchedule] | None = None, *, where: str | None = None
    ) -> None:
        """``where`` names the calendar directory in the message of a missing year."""
        self._overrides = dict(overrides or {})
        for year, schedule in self._overrides.items():
            if schedule.year != year:
                raise ValueError(f"override for {year} holds the year {schedule.year}")
        self._where = where

    @property
    def years(self) -> list[int]:
        """Every year this calendar knows, oldest first."""
        return sorted(set(package_years()) | self._overrides.keys())

    def schedule(self, year: int) -> YearSchedule:
        """The center's file for ``year``, else the package's year; CalendarYearMissing if neither."""
        if year in self._overrides:
            return self._overrides[year]
        if year in package_years():
            return package_schedule(year)
        raise CalendarYearMissing(year, self._where)

    def is_working_day(self, day: date) -> bool:
        """A working day: a weekday not off, or a weekend day worked by 调休."""
        return self.schedule(day.year).is_working_day(day)

    def is_statutory_holiday(self, day: date) -> bool:
        """A 法定节假日, the days work is paid at the holiday multiplier (R-PAY-2)."""
        return day in self.schedule(day.year).statutory

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday ``day`` is a day off of; None for any other day."""
        return self.schedule(day.year).days_off.get(day)

    def working_days(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included; every year must be known."""
        return self._tally(start, end).working_days

    def month(self, m: Month, hours_per_working_day: Decimal) -> MonthDays:
        """A calendar month's working days and standard hours (R-HRS-1)."""
        return self.period(m.first_day, m.last_day, hours_per_working_day)

    def period(self, start: date, end: date, hours_per_working_day: Decimal) -> MonthDays:
        """Working days and standard hours of any inclusive range, e.g. a cycle 9-26..10-25."""
        tally = self._tally(start, end)
        # R-HRS-1: 月总工时为 22 天（或 21 天）× 8 小时为当月标准工时 — the month's working days
        # as the calendar has them, times the policy's hours a working day.
        standard = tally.working_days * hours_per_working_day
        steps = [
            tally.step,
            Step(
                RULE,
                "hours.standard_hours",
                {
                    "working_days": tally.working_days,
                    "hours_per_working_day": num(hours_per_working_day),
                    "standard_hours": num(standard),
                },
            ),
        ]
        return MonthDays(
            start=start,
            end=end,
            working_days=tally.working_days,
            standard_hours=standard,
            holidays=tally.holidays,
            adjusted_workdays=tally.adjusted,
            sources=tally.sources,
            steps=steps,
        )

    def _tally(self, start: date, end: date) -> _Tally:
        if start > end:
            raise KefuError(f"日期范围 {start}–{end} 不正确: 开始日期晚于结束日期")
        schedules = {y: self.schedule(y) for y in range(start.year, end.year + 1)}
        weekdays = weekday_days_off = 0
        holidays: list[HolidayDay] = []
        adjusted: list[AdjustedWorkday] = []
        for day in _days(start, end):
            schedule = schedules[day.year]
            weekend = is_weekend(day)
            weekdays += not weekend
            name = schedule.days_off.get(day)
            if name is not None:
                holidays.append(HolidayDay(day, name, day in schedule.statutory))
                weekday_days_off += not weekend
            elif day in schedule.adjusted_workdays:
                adjusted.append(AdjustedWorkday(day, schedule.adjusted_workdays[day]))
        working = weekdays - weekday_days_off + len(adjusted)
        sources = list(dict.fromkeys(s.source for s in schedules.values()))
        step = Step(
            RULE,
            "calendar.working_days",
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "weekdays": weekdays,
                "weekday_days_off": weekday_days_off,
                "adjusted_workdays": len(adjusted),
                "working_days": working,
                "sources": sources,
            },
        )
        return _Tally(working, holidays, adjusted, sources, step)


class _Tally(NamedTuple):
    working_days: int
    holidays: list[HolidayDay]
    adjusted: list[AdjustedWorkday]
    sources: list[str]
    step: Step
