"""Months, quarters and attendance cycles (考勤计算周期) as plain values."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from kefu.errors import KefuError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written YYYY-MM."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse YYYY-MM (a one-digit month is accepted); raise a KefuError otherwise."""
        m = _MONTH.match(text.strip())
        if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
            raise KefuError(f"月份「{text}」格式不正确，应为 YYYY-MM，例如 2026-10")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @cached_property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Month:
        """The month ``months`` later (negative: earlier)."""
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, (self.month - 1) // 3 + 1)

    def attendance_cycle(self, start_day: int) -> tuple[date, date]:
        """The cycle labelled by this month: from ``start_day`` of the month before (R-BON-5).

        A start day of 1 is the calendar month itself.
        """
        if start_day == 1:
            return self.first_day, self.last_day
        previous = self.shift(-1)
        start = date(previous.year, previous.month, start_day)
        end = date(self.year, self.month, start_day) - timedelta(days=1)
        return start, end


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written YYYYQn."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        m = _QUARTER.match(text.strip())
        if not m:
            raise KefuError(f"季度「{text}」格式不正确，应为 YYYYQn，例如 2026Q3")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return f"{self.year:04d}Q{self.number}"

    @property
    def months(self) -> tuple[Month, Month, Month]:
        first = Month(self.year, (self.number - 1) * 3 + 1)
        return first, first.shift(1), first.shift(2)

    @property
    def first_day(self) -> date:
        return self.months[0].first_day

    @property
    def last_day(self) -> date:
        return self.months[2].last_day

    def paid_months(self, count: int) -> list[Month]:
        """The months after the quarter in which its star wage is paid (R-STAR-1)."""
        last = self.months[2]
        return [last.shift(i) for i in range(1, count + 1)]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (negative: earlier), clamped to that month's last day.

    2026-08-31 minus 6 months is 2026-02-28; 2024-02-29 plus 12 months is 2025-02-28.
    """
    month = Month.of(day).shift(months)
    return date(month.year, month.month, min(day.day, month.last_day.day))
