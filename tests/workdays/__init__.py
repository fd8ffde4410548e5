"""Builders for the calendar tests: schedules and schedule files made up for the tests.

Every year written here (2027, 2028, a different 2026) is a fixture, not a real notice: kefu has
no real 2027 data, and the tests only need dates whose weekdays they can count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

from kefu.workdays.calendar import YearSchedule

FIXTURE_NOTICE = "测试用虚构安排 (a made-up fixture, not a real notice)"


def d(text: str) -> date:
    """A date written YYYY-MM-DD."""
    return date.fromisoformat(text)


def dates(*texts: str) -> list[date]:
    return [d(t) for t in texts]


def weekdays_between(start: date, end: date) -> int:
    """Mondays to Fridays from ``start`` to ``end``, counted one day at a time (the baseline)."""
    count = 0
    day = start
    while day <= end:
        count += day.weekday() < 5
        day += timedelta(days=1)
    return count


def make_schedule(
    year: int,
    days_off: Mapping[str, str] | None = None,
    statutory: Iterable[str] = (),
    adjusted_workdays: Mapping[str, str] | None = None,
    source: str = "fixture",
) -> YearSchedule:
    """A schedule from dates written as text (a made-up year unless a test says otherwise)."""
    return YearSchedule(
        year=year,
        days_off={d(k): v for k, v in (days_off or {}).items()},
        statutory=frozenset(d(s) for s in statutory),
        adjusted_workdays={d(k): v for k, v in (adjusted_workdays or {}).items()},
        source=source,
    )


FIXTURE_2027 = f"""\
kefu_calendar: 1
year: 2027
source: {FIXTURE_NOTICE}
holidays:
  - {{name: 元旦, days_off: [2027-01-01, 2027-01-02, 2027-01-03], statutory: [2027-01-01]}}
  - name: 春节
    days_off: [2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10, 2027-02-11]
    statutory: [2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08]
adjusted_workdays:
  - {{date: 2027-02-20, name: 春节}}
"""

FIXTURE_2028 = f"""\
kefu_calendar: 1
year: 2028
source: {FIXTURE_NOTICE}
holidays:
  - {{name: 闰日假, days_off: [2028-02-28, 2028-02-29], statutory: [2028-02-29]}}
"""

# A made-up 2026 that replaces the package's: only 国庆节 10-1..10-3 off, no 调休.
FIXTURE_2026 = f"""\
kefu_calendar: 1
year: 2026
source: {FIXTURE_NOTICE}
holidays:
  - {{name: 国庆节, days_off: [2026-10-01, 2026-10-02, 2026-10-03], statutory: [2026-10-01]}}
"""


def write_file(directory: Path, name: str, text: str) -> Path:
    """Write ``text`` as ``directory/name`` (the directory is made) and return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(text: str, *edits: tuple[str, str]) -> str:
    """``text`` with each (old, new) replaced once; each old must occur."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text
