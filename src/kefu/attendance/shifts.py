"""班次工时 (R-SHF-1): a shift's absolute times and its hours split by calendar day.

Shift types are policy data (``kefu.policy.schema.ShiftType``). A shift whose end is not after
its start ends the next day (the W night shift, 20:30–08:30). A shift belongs to the day it
starts, but its hours are split at midnight so that each calendar day (a statutory holiday, a
cycle's first or last day) gets the hours worked on it.

Time is in whole minutes; hours are exact Decimals, ``minutes / 60``, never rounded here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from kefu.errors import KefuError
from kefu.explain.trace import Step, num
from kefu.policy.schema import ShiftType

# Units of time, not policy numbers.
MINUTES_PER_HOUR = 60
_CLOCK = re.compile(r"^(\d{2}):(\d{2})$")


def hours_of(minutes: int) -> Decimal:
    """Whole minutes as hours, exactly ``Decimal(minutes) / 60`` (not rounded)."""
    return Decimal(minutes) / MINUTES_PER_HOUR


@lru_cache(maxsize=1024)
def clock_time(text: str, code: str) -> time:
    """A policy clock time "HH:MM" as a time; a KefuError naming the shift when invalid."""
    m = _CLOCK.match(text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise KefuError(
            f"班次 {code} 的时刻「{text}」无效，应为 00:00–23:59 (invalid clock time in shift {code})"
        )
    return time(int(m.group(1)), int(m.group(2)))


def minutes_between(starts: datetime, ends: datetime) -> int:
    """Whole minutes from ``starts`` to ``ends`` (both on whole minutes)."""
    return int((ends - starts).total_seconds()) // 60


def shift_window(shift: ShiftType, day: date) -> tuple[datetime, datetime]:
    """The shift's start and end on ``day`` as naive local date-times (R-SHF-1).

    A shift whose ``ends`` is not after its ``starts`` ends the next day (W 20:30→08:30).
    """
    starts = datetime.combine(day, clock_time(shift.starts, shift.code))
    ends = datetime.combine(day, clock_time(shift.ends, shift.code))
    if ends <= starts:
        ends += timedelta(days=1)
    return starts, ends


@dataclass(frozen=True)
class HoursPart:
    """The hours of one shift that fall on one calendar day."""

    day: date
    counted: Decimal
    on_site: Decimal
    statutory_holiday: bool


@dataclass(frozen=True)
class ShiftHours:
    """One shift's hours (R-SHF-1): attributed to the day it starts, split by calendar day.

    ``starts``/``ends`` are the shift's scheduled window; the time on site is that window
    less ``late_minutes`` at the start and ``early_minutes`` at the end.
    """

    code: str
    day: date
    starts: datetime
    ends: datetime
    counted: Decimal
    on_site: Decimal
    night: bool
    parts: tuple[HoursPart, ...]
    steps: tuple[Step, ...]
    late_minutes: int = 0
    early_minutes: int = 0

    @property
    def holiday_hours(self) -> Decimal:
        """Counted hours that fall on statutory holidays (法定节假日)."""
        return sum((p.counted for p in self.parts if p.statutory_holiday), Decimal(0))

    def counted_between(self, first: date, last: date) -> Decimal:
        """Counted hours of the parts falling on ``first``..``last`` (inclusive)."""
        return sum((p.counted for p in self.parts if first <= p.day <= last), Decimal(0))

    def scaled(self, share: Decimal) -> ShiftHours:
        """These hours × ``share`` (a part-day leave, 0 ≤ share ≤ 1); the parts still sum up."""
        counted, on_site = self.counted * share, self.on_site * share
        part_counted = _with_last_as_remainder([p.counted * share for p in self.parts], counted)
        part_on_site = _with_last_as_remainder([p.on_site * share for p in self.parts], on_site)
        parts = tuple(
            replace(p, counted=c, on_site=o)
            for p, c, o in zip(self.parts, part_counted, part_on_site, strict=True)
        )
        step = Step(
            "R-SHF-1",
            "shift.share",
            {
                "shift": self.code,
                "day": self.day.isoformat(),
                "share": num(share),
                "counted": num(counted),
            },
        )
        return replace(
            self, counted=counted, on_site=on_site, parts=parts, steps=(*self.steps, step)
        )

    def holiday_hours_between(self, first: date, last: date) -> Decimal:
        """Counted holiday hours of the parts falling on ``first``..``last`` (inclusive)."""
        return sum(
            (p.counted for p in self.parts if p.statutory_holiday and first <= p.day <= last),
            Decimal(0),
        )


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _placed_breaks(
    shift: ShiftType, starts: datetime, ends: datetime
) -> list[tuple[datetime, datetime]]:
    """The shift's breaks as date-times inside its window (a break may be after midnight)."""
    placed: list[tuple[datetime, datetime]] = []
    for brk in shift.breaks:
        b_start = datetime.combine(starts.date(), clock_time(brk.starts, shift.code))
        if b_start < starts:
            b_start += timedelta(days=1)
        b_end = datetime.combine(b_start.date(), clock_time(brk.ends, shift.code))
        if b_end <= b_start:
            b_end += timedelta(days=1)
        if b_end > ends:
            raise KefuError(
                f"班次 {shift.code} 的休息时间 {brk.starts}–{brk.ends} 不在班次时间 "
                f"{shift.starts}–{shift.ends} 之内 (break outside shift {shift.code})"
            )
        placed.append((b_start, b_end))
    placed.sort()
    for (_, first_end), (second_start, _) in pairwise(placed):
        if second_start < first_end:
            raise KefuError(
                f"班次 {shift.code} 的休息时间互相重叠 (overlapping breaks in shift {shift.code})"
            )
    return placed


def _overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> int:
    """Minutes two intervals share."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return minutes_between(lo, hi) if hi > lo else 0


def _check_policy(
    shift: ShiftType, window_minutes: int, breaks: list[tuple[datetime, datetime]]
) -> None:
    """The shift type must agree with itself: window = on-site hours, breaks = the unpaid time."""
    if shift.on_site_hours * MINUTES_PER_HOUR != window_minutes:
        raise KefuError(
            f"班次 {shift.code} 的在岗工时 {num(shift.on_site_hours)} 小时与上下班时间 "
            f"{shift.starts}–{shift.ends}（{num(hours_of(window_minutes))} 小时）不符 "
            f"(on-site hours of shift {shift.code} do not match its times)"
        )
    if shift.counted_hours > shift.on_site_hours:
        raise KefuError(
            f"班次 {shift.code} 的计算工时 {num(shift.counted_hours)} 小时超过在岗工时 "
            f"{num(shift.on_site_hours)} 小时 (counted hours exceed on-site hours in shift {shift.code})"
        )
    if breaks:
        break_minutes = sum(minutes_between(s, e) for s, e in breaks)
        unpaid = (shift.on_site_hours - shift.counted_hours) * MINUTES_PER_HOUR
        if break_minutes != unpaid:
            raise KefuError(
                f"班次 {shift.code} 的休息时间共 {break_minutes} 分钟，与在岗工时减计算工时"
                f"（{num(unpaid)} 分钟）不符 (breaks of shift {shift.code} do not add up to "
                f"on-site minus counted hours)"
            )


def _split_at_midnight(starts: datetime, ends: datetime) -> list[tuple[datetime, datetime]]:
    """[starts, ends) cut at every midnight; empty when nothing is left."""
    pieces: list[tuple[datetime, datetime]] = []
    cursor = starts
    while cursor < ends:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), time())
        piece_end = min(midnight, ends)
        pieces.append((cursor, piece_end))
        cursor = piece_end
    return pieces


def _with_last_as_remainder(values: list[Decimal], total: Decimal) -> list[Decimal]:
    """All but the last value as computed, the last one the rest, so they sum to ``total``."""
    if not values:
        return values
    head = values[:-1]
    return [*head, total - sum(head, Decimal(0))]


_Frame = tuple[datetime, datetime, int, tuple[tuple[datetime, datetime], ...], tuple[Step, ...]]
_FRAMES: dict[tuple[object, ...], _Frame] = {}


def _frame(shift: ShiftType, day: date) -> _Frame:
    """A shift on a day: its window, minutes, placed breaks and opening steps (checked once)."""
    key = (
        shift.code,
        shift.starts,
        shift.ends,
        shift.on_site_hours,
        shift.counted_hours,
        shift.night,
        tuple((b.starts, b.ends) for b in shift.breaks),
        day,
    )
    found = _FRAMES.get(key)
    if found is None:
        if len(_FRAMES) >= 8192:
            _FRAMES.clear()
        found = _FRAMES[key] = _make_frame(shift, day)
    return found


def _make_frame(shift: ShiftType, day: date) -> _Frame:
    starts, ends = shift_window(shift, day)
    window = minutes_between(starts, ends)
    breaks = _placed_breaks(shift, starts, ends)
    _check_policy(shift, window, breaks)
    steps = [
        Step(
            "R-SHF-1",
            "shift.window",
            {
                "shift": shift.code,
                "day": day.isoformat(),
                "starts": _stamp(starts),
                "ends": _stamp(ends),
                "on_site": num(shift.on_site_hours),
                "counted": num(shift.counted_hours),
                "night": shift.night,
            },
        )
    ]
    if breaks:
        steps.append(
            Step(
                "R-SHF-1",
                "shift.breaks",
                {"shift": shift.code, "breaks": [f"{_stamp(s)}–{e:%H:%M}" for s, e in breaks]},
            )
        )
    elif shift.counted_hours != shift.on_site_hours:
        steps.append(
            Step(
                "R-SHF-1",
                "shift.spread",
                {
                    "shift": shift.code,
                    "counted": num(shift.counted_hours),
                    "on_site": num(shift.on_site_hours),
                },
            )
        )

    return starts, ends, window, tuple(breaks), tuple(steps)


def worked_hours(
    shift: ShiftType,
    day: date,
    holidays: Collection[date],
    *,
    late_minutes: int = 0,
    early_minutes: int = 0,
) -> ShiftHours:
    """Counted and on-site hours of ``shift`` started on ``day``, split by calendar day (R-SHF-1).

    The time on site is [start + late, end − early]. With ``breaks`` in the shift type, the
    counted hours of a day are its on-site time less the break time in it. Without breaks the
    unpaid time is spread evenly: a day's counted hours are its on-site time × counted_hours /
    on_site_hours (exact Decimal). The full shift gives exactly the policy's counted_hours.
    """
    if late_minutes < 0 or early_minutes < 0:
        raise KefuError(
            f"班次 {shift.code}（{day.isoformat()}）的迟到/早退分钟数不能为负 "
            f"(late and early minutes cannot be negative)"
        )
    starts, ends, window, breaks, opening = _frame(shift, day)
    steps = list(opening)

    on_from = starts + timedelta(minutes=late_minutes)
    on_to = max(on_from, ends - timedelta(minutes=early_minutes))
    pieces = _split_at_midnight(on_from, on_to)
    piece_minutes = [minutes_between(s, e) for s, e in pieces]
    on_site_minutes = sum(piece_minutes)
    full = late_minutes == 0 and early_minutes == 0

    if breaks:
        counted_minutes = [
            m - sum(_overlap(piece, brk) for brk in breaks)
            for piece, m in zip(pieces, piece_minutes, strict=True)
        ]
        part_counted = [hours_of(m) for m in counted_minutes]
        total_counted = shift.counted_hours if full else hours_of(sum(counted_minutes))
    else:
        # counted_hours / on_site_hours of every on-site minute: the unpaid time spread evenly
        part_counted = [Decimal(m) * shift.counted_hours / window for m in piece_minutes]
        total_counted = (
            shift.counted_hours if full else Decimal(on_site_minutes) * shift.counted_hours / window
        )
    total_on_site = shift.on_site_hours if full else hours_of(on_site_minutes)
    part_counted = _with_last_as_remainder(part_counted, total_counted)
    part_on_site = _with_last_as_remainder([hours_of(m) for m in piece_minutes], total_on_site)

    if not full:
        steps.append(
            Step(
                "R-SHF-1",
                "shift.shortened",
                {
                    "shift": shift.code,
                    "day": day.isoformat(),
                    "late": late_minutes,
                    "early": early_minutes,
                    "on_site": num(total_on_site),
                    "counted": num(total_counted),
                },
            )
        )
    parts: list[HoursPart] = []
    for (piece_start, _), counted, on_site in zip(pieces, part_counted, part_on_site, strict=True):
        part = HoursPart(piece_start.date(), counted, on_site, piece_start.date() in holidays)
        parts.append(part)
        steps.append(
            Step(
                "R-SHF-1",
                "shift.part",
                {
                    "shift": shift.code,
                    "day": part.day.isoformat(),
                    "counted": num(part.counted),
                    "on_site": num(part.on_site),
                    "holiday": part.statutory_holiday,
                },
            )
        )
    return ShiftHours(
        code=shift.code,
        day=day,
        starts=starts,
        ends=ends,
        counted=total_counted,
        on_site=total_on_site,
        night=shift.night,
        parts=tuple(parts),
        steps=tuple(steps),
        late_minutes=late_minutes,
        early_minutes=early_minutes,
    )
