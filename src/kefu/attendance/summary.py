"""考勤汇总 (R-BON-4/5, R-AWD-1/2, R-HRS-1/2): one person's attendance cycle from roster + events.

The cycle (考勤计算周期, R-BON-5) is a policy parameter, e.g. the 26th to the 25th, not the
calendar month. The result gives the seven figures of ``kefu.bonuses.rules.AttendanceSummary``
plus the cycle's counted hours, holiday hours, night shifts and comp-time leave.

Decisions where the rules are silent:

* A shift belongs to the day it starts (R-SHF-1 night shifts): its counts, lateness, night
  shift and leave are in the cycle of its start day. Its *hours* are split by calendar day and
  only the parts inside the cycle count to the cycle's hours: a W shift on the cycle's last day
  gives its morning hours to the next cycle, and a W shift started the evening before the
  cycle gives this cycle its morning hours — so pass the roster (and events) of the day before
  the cycle too. Such a day is judged for its hours only; its lateness and leave belong to the
  previous cycle. It is judged on its own punches if it has any, else on exceptions only.
* An event's ``day`` is the rostered day it concerns, the day the shift starts: the clock-out of
  a W shift at 08:30 the next morning is dated the W shift's day, ``at`` holds the real time.
* Punches: if a person has any punch (clock-in or clock-out) dated in the cycle, the cycle is
  judged on punches: a rostered day with no punch and no leave, absence, late or early event is
  unapproved absence (旷工), one day. A person with no punch at all in the cycle is judged on
  exceptions only: a rostered day counts as worked unless an event says otherwise.
* Lateness: a clock-in after start + grace is late by (clock-in − start) minutes; exactly at the
  grace is not late, and a clock-in within the grace costs no hours. A clock-out before the end
  is early by (end − clock-out) minutes (no grace). Part minutes count as whole minutes (any
  second late is late when the grace is 0). The earliest clock-in and latest clock-out of a day
  count. An explicit late or early event overrides the punch of its side; its ``minutes`` may
  be None (late, but no hours taken off), and minutes within the grace are not late.
* A day with only a clock-in or only a clock-out is reported (a reason step) and the missing
  side is taken as on time.
* Leave and absence events: ``days`` is the share of that day's shift (0 < days ≤ 1; one shift a
  person a day; a day's events may not add up to more than 1). Personal and sick leave count
  unless ``approved`` is False; comp-time leave (换休) needs ``approved`` True (R-HRS-2: leave
  taken without approval is 旷工). The hours of the rest of the shift still count (× (1 − days));
  on a part-day leave lateness is not judged from punches (the leave explains the gap).
* ``absence_days`` totals plain absence, personal and sick leave and unapproved absence;
  approved comp-time leave is not absence. ``comp_time_leave_hours`` = the replaced shift's
  counted hours × days.
* ``shifts_worked`` and ``night_shifts`` count rostered days of the cycle with no leave or
  absence at all (a late arrival still worked the shift).
* Shift swaps count only when ``voluntary`` is True (主动换班, R-AWD-1), on any day of the cycle.
* Events on days that are not rostered: leave and absence are ignored (nothing was missed, a
  plain step); a punch, late or early event is reported as a problem (a reason step) and not
  counted. Other events outside the cycle are ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal, NamedTuple

from kefu.attendance.ledger import CompTimeUse
from kefu.attendance.shifts import ShiftHours, shift_window, worked_hours
from kefu.bonuses.rules import AttendanceSummary
from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num
from kefu.policy.schema import ShiftType

EventKind = Literal[
    "clock_in",
    "clock_out",
    "late",
    "early_leave",
    "absence",
    "personal_leave",
    "sick_leave",
    "comp_time_leave",
    "shift_swap",
    "unapproved_absence",
]
DayStatus = Literal["worked", "leave", "comp_time", "absent"]
Mode = Literal["punches", "exceptions"]

PUNCH_KINDS: tuple[EventKind, ...] = ("clock_in", "clock_out")
EXCEPTION_KINDS: tuple[EventKind, ...] = ("late", "early_leave")
OFF_KINDS: tuple[EventKind, ...] = (
    "absence",
    "personal_leave",
    "sick_leave",
    "comp_time_leave",
    "unapproved_absence",
)
ZERO = Decimal(0)
ONE = Decimal(1)
_MINUTE = timedelta(minutes=1)


class RosterDay(NamedTuple):
    """排班: the shift a person works on a day (a tuple: a close reads a million of them)."""

    day: date
    shift_code: str


@dataclass(frozen=True)
class AttendanceEvent:
    """考勤记录: a punch (打卡) or an exception (迟到, 早退, 缺勤, 事假, 病假, 换休, 换班, 旷工)."""

    day: date
    kind: EventKind
    at: datetime | None = None
    minutes: int | None = None
    days: Decimal = Decimal(1)
    voluntary: bool | None = None
    approved: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class DayOutcome:
    """How one rostered day went: status, lateness, leave and the shift's hours."""

    day: date
    shift_code: str
    in_cycle: bool
    """False for a shift started before the cycle that only lends the cycle its hours."""
    status: DayStatus
    late: bool
    late_minutes: int
    early_leave: bool
    early_minutes: int
    absence_days: Decimal
    personal_leave_days: Decimal
    sick_leave_days: Decimal
    unapproved_absence_days: Decimal
    comp_time_days: Decimal
    comp_time_hours: Decimal
    hours: ShiftHours | None
    """The hours worked (None when the shift was not worked at all)."""
    cycle_hours: Decimal
    """The counted hours of this shift that fall inside the cycle."""
    cycle_holiday_hours: Decimal
    """The part of ``cycle_hours`` on statutory holidays."""
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class CycleAttendance:
    """One person's attendance cycle (R-BON-5): the summary figures, hours and every day."""

    first_day: date
    last_day: date
    mode: Mode
    absence_days: Decimal
    personal_leave_days: Decimal
    sick_leave_days: Decimal
    late_count: int
    early_leave_count: int
    shift_swap_count: int
    unapproved_absence_days: Decimal
    counted_hours: Decimal
    holiday_hours: Decimal
    night_shifts: int
    shifts_worked: int
    comp_time_leave_hours: Decimal
    days: tuple[DayOutcome, ...]
    steps: tuple[Step, ...]

    def summary(self) -> AttendanceSummary:
        """The seven figures the bonus and award rules read (R-BON-4, R-AWD-1/2)."""
        return AttendanceSummary(
            absence_days=self.absence_days,
            personal_leave_days=self.personal_leave_days,
            sick_leave_days=self.sick_leave_days,
            late_count=self.late_count,
            early_leave_count=self.early_leave_count,
            shift_swap_count=self.shift_swap_count,
            unapproved_absence_days=self.unapproved_absence_days,
        )

    def comp_time_uses(self) -> tuple[CompTimeUse, ...]:
        """The approved comp-time leave of the cycle as ledger uses (R-HRS-2)."""
        return tuple(
            CompTimeUse(d.day, d.comp_time_hours)
            for d in self.days
            if d.in_cycle and d.comp_time_hours > 0
        )

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.steps if s.reason]


def _check_event(event: AttendanceEvent) -> None:
    if event.kind in PUNCH_KINDS and event.at is None:
        raise KefuError(f"{_where(event)}缺少打卡时间 (a punch needs its time)")
    if event.minutes is not None and event.minutes < 0:
        raise KefuError(f"{_where(event)}的分钟数不能为负 (minutes cannot be negative)")
    if event.kind in OFF_KINDS and not ZERO < event.days <= ONE:
        raise KefuError(
            f"{_where(event)}的天数应大于 0 且不超过 1（每个班次一条记录），而不是 "
            f"{num(event.days)} (leave days must be more than 0 and at most 1 per shift)"
        )


def _where(event: AttendanceEvent) -> str:
    return f"{event.day.isoformat()} 的考勤记录（{event.kind}）"


def _whole_minutes(delta: timedelta) -> int:
    """A positive time span in minutes, a part minute counting as a whole one."""
    whole, rest = divmod(delta, _MINUTE)
    return int(whole) + (1 if rest else 0)


@dataclass
class _Day:
    """The figures of one day while it is being judged."""

    absence: Decimal = ZERO
    personal: Decimal = ZERO
    sick: Decimal = ZERO
    unapproved: Decimal = ZERO
    comp: Decimal = ZERO
    late: bool = False
    late_minutes: int = 0
    early: bool = False
    early_minutes: int = 0

    @property
    def off(self) -> Decimal:
        return self.absence + self.personal + self.sick + self.unapproved + self.comp

    @property
    def status(self) -> DayStatus:
        if self.absence or self.unapproved:
            return "absent"
        if self.personal or self.sick:
            return "leave"
        if self.comp:
            return "comp_time"
        return "worked"


def _leave(tally: _Day, event: AttendanceEvent, shift: ShiftType, steps: list[Step]) -> None:
    """Count one leave or absence event of a rostered day (R-BON-4, R-HRS-2)."""
    args: dict[str, TraceValue] = {
        "day": event.day.isoformat(),
        "shift": shift.code,
        "kind": event.kind,
        "days": num(event.days),
    }
    if event.kind == "absence":
        tally.absence += event.days
        steps.append(Step("R-BON-4", "attendance.absence", args, reason=True))
    elif event.kind == "unapproved_absence":
        tally.unapproved += event.days
        steps.append(Step("R-HRS-2", "attendance.unapproved_absence", args, reason=True))
    elif event.kind == "comp_time_leave" and event.approved is True:
        tally.comp += event.days
        args["hours"] = num(shift.counted_hours * event.days)
        steps.append(Step("R-HRS-2", "attendance.comp_time_leave", args))
    elif event.kind == "comp_time_leave" or event.approved is False:
        # 未经批准擅自休假者论旷工处理 (R-HRS-2)
        tally.unapproved += event.days
        args["approved"] = event.approved
        steps.append(Step("R-HRS-2", "attendance.leave_unapproved", args, reason=True))
    else:
        if event.kind == "personal_leave":
            tally.personal += event.days
        else:
            tally.sick += event.days
        steps.append(Step("R-BON-4", "attendance.leave", args, reason=True))


def _explicit(
    events: list[AttendanceEvent], grace: int, code: str, shift: ShiftType, steps: list[Step]
) -> tuple[bool, int]:
    """An explicit late or early event: (counts, minutes); minutes within the grace are not late."""
    known = [e.minutes for e in events if e.minutes is not None]
    minutes = sum(known)
    args: dict[str, TraceValue] = {
        "day": events[0].day.isoformat(),
        "shift": shift.code,
        "minutes": minutes if len(known) == len(events) else None,
        "grace": grace,
        "source": "record",
    }
    if code == "attendance.late" and len(known) == len(events) and minutes <= grace:
        steps.append(Step("R-AWD-2", "attendance.within_grace", args))
        return False, 0
    steps.append(Step("R-AWD-2", code, args, reason=True))
    return True, minutes


def _judge_day(
    roster_day: RosterDay,
    shift: ShiftType,
    events: list[AttendanceEvent],
    *,
    punch_mode: bool,
    grace: int,
    holidays: Collection[date],
    cycle: tuple[date, date],
    in_cycle: bool,
    hours_memo: dict[tuple[str, date, int, int], ShiftHours] | None = None,
) -> DayOutcome:
    """Judge one rostered day: leave, punches, lateness and the hours worked."""
    day = roster_day.day
    steps: list[Step] = []
    tally = _Day()
    for event in events:
        if event.kind in OFF_KINDS:
            _leave(tally, event, shift, steps)
    if tally.off > ONE:
        raise KefuError(
            f"{day.isoformat()} 的请假和缺勤合计 {num(tally.off)} 天，超过一个班次（1 天） "
            f"(leave and absence of one day add up to more than one shift)"
        )
    clock_ins = sorted(e.at for e in events if e.kind == "clock_in" and e.at is not None)
    clock_outs = sorted(e.at for e in events if e.kind == "clock_out" and e.at is not None)
    lates = [e for e in events if e.kind == "late"]
    earlies = [e for e in events if e.kind == "early_leave"]
    starts, ends = shift_window(shift, day)
    base: dict[str, TraceValue] = {"day": day.isoformat(), "shift": shift.code}
    hours: ShiftHours | None = None
    present = ONE - tally.off

    if present == 0:
        for event in events:
            if event.kind in PUNCH_KINDS or event.kind in EXCEPTION_KINDS:
                steps.append(
                    Step(
                        "R-BON-5",
                        "attendance.ignored_on_leave",
                        {**base, "kind": event.kind},
                        reason=True,
                    )
                )
    elif punch_mode and not (clock_ins or clock_outs or lates or earlies):
        tally.unapproved += present
        steps.append(
            Step(
                "R-BON-4", "attendance.no_punch_absent", {**base, "days": num(present)}, reason=True
            )
        )
    else:
        judge_punches = tally.off == 0
        if (clock_ins or clock_outs) and not judge_punches:
            steps.append(Step("R-BON-5", "attendance.punches_not_judged", dict(base)))
        if lates:
            tally.late, tally.late_minutes = _explicit(
                lates, grace, "attendance.late", shift, steps
            )
        elif clock_ins and judge_punches:
            clock_in = clock_ins[0]
            args = {**base, "at": clock_in.strftime("%Y-%m-%d %H:%M:%S"), "grace": grace}
            if clock_in > starts + timedelta(minutes=grace):
                tally.late, tally.late_minutes = True, _whole_minutes(clock_in - starts)
                args |= {"minutes": tally.late_minutes, "source": "punch"}
                steps.append(Step("R-AWD-2", "attendance.late", args, reason=True))
            elif clock_in > starts:
                args |= {"minutes": _whole_minutes(clock_in - starts), "source": "punch"}
                steps.append(Step("R-AWD-2", "attendance.within_grace", args))
        if earlies:
            tally.early, tally.early_minutes = _explicit(
                earlies, grace, "attendance.early_leave", shift, steps
            )
        elif clock_outs and judge_punches and clock_outs[-1] < ends:
            clock_out = clock_outs[-1]
            tally.early, tally.early_minutes = True, _whole_minutes(ends - clock_out)
            args = {
                **base,
                "at": clock_out.strftime("%Y-%m-%d %H:%M:%S"),
                "minutes": tally.early_minutes,
                "source": "punch",
            }
            steps.append(Step("R-AWD-2", "attendance.early_leave", args, reason=True))
        if judge_punches and bool(clock_ins) != bool(clock_outs):
            missing = "clock_out" if clock_ins else "clock_in"
            steps.append(
                Step(
                    "R-BON-5", "attendance.punch_missing", {**base, "missing": missing}, reason=True
                )
            )
        hours_key = (shift.code, day, tally.late_minutes, tally.early_minutes)
        found = None if hours_memo is None else hours_memo.get(hours_key)
        if found is None:
            found = worked_hours(
                shift,
                day,
                holidays,
                late_minutes=tally.late_minutes,
                early_minutes=tally.early_minutes,
            )
            if hours_memo is not None:
                hours_memo[hours_key] = found
        hours = found
        if present < ONE:
            hours = hours.scaled(present)

    cycle_hours = hours.counted_between(*cycle) if hours is not None else ZERO
    cycle_holiday = hours.holiday_hours_between(*cycle) if hours is not None else ZERO
    if hours is not None and tally.status == "worked":
        steps.append(
            Step(
                "R-HRS-1",
                "attendance.worked",
                {**base, "counted": num(hours.counted), "in_cycle": num(cycle_hours)},
            )
        )
    return DayOutcome(
        day=day,
        shift_code=shift.code,
        in_cycle=in_cycle,
        status=tally.status,
        late=tally.late,
        late_minutes=tally.late_minutes,
        early_leave=tally.early,
        early_minutes=tally.early_minutes,
        absence_days=tally.absence,
        personal_leave_days=tally.personal,
        sick_leave_days=tally.sick,
        unapproved_absence_days=tally.unapproved,
        comp_time_days=tally.comp,
        comp_time_hours=shift.counted_hours * tally.comp,
        hours=hours,
        cycle_hours=cycle_hours,
        cycle_holiday_hours=cycle_holiday,
        steps=tuple(steps),
    )


def _roster_by_day(
    roster: Iterable[RosterDay], shift_types: Mapping[str, ShiftType]
) -> dict[date, RosterDay]:
    by_day: dict[date, RosterDay] = {}
    for entry in roster:
        if entry.shift_code not in shift_types:
            known = "、".join(sorted(shift_types)) or "无"
            raise KefuError(
                f"{entry.day.isoformat()} 排班的班次「{entry.shift_code}」不在政策的班次中"
                f"（已有：{known}） (unknown shift code {entry.shift_code!r} on {entry.day})"
            )
        if entry.day in by_day:
            raise KefuError(
                f"{entry.day.isoformat()} 排了两个班次（{by_day[entry.day].shift_code}、"
                f"{entry.shift_code}），每人每天只能排一个班次 (one shift a person a day)"
            )
        by_day[entry.day] = entry
    return by_day


def _off_roster(event: AttendanceEvent) -> Step:
    """An event on a day with no shift: leave missed nothing; a punch or lateness is a problem."""
    args: dict[str, TraceValue] = {"day": event.day.isoformat(), "kind": event.kind}
    if event.kind in OFF_KINDS:
        return Step("R-BON-5", "attendance.off_day_leave_ignored", args)
    return Step("R-BON-5", "attendance.off_day_event", args, reason=True)


def _swap(event: AttendanceEvent) -> tuple[int, Step]:
    """Only voluntary shift swaps count (主动换班, R-AWD-1)."""
    args: dict[str, TraceValue] = {"day": event.day.isoformat(), "voluntary": event.voluntary}
    if event.voluntary is True:
        return 1, Step("R-AWD-1", "attendance.shift_swap", args, reason=True)
    return 0, Step("R-AWD-1", "attendance.shift_swap_not_counted", args)


class DayMemo:
    """Day outcomes shared by everyone closed in one cycle.

    Once the shift types, cycle, holidays and grace are fixed, a rostered day's outcome depends
    only on its shift, date, mode and records — so a close of 5,000 people judges each such
    combination once instead of once a person (most days have no record at all; equal
    records, like a day of approved personal leave, repeat too). Use one memo per cycle and
    policy: it refuses to be used with other settings.
    """

    def __init__(
        self,
        shift_types: Mapping[str, ShiftType],
        cycle: tuple[date, date],
        holidays: Collection[date],
        late_grace_minutes: int,
    ) -> None:
        self.settings = (shift_types, cycle, holidays, late_grace_minutes)
        self.days: dict[tuple[str, date, bool, bool, tuple[AttendanceEvent, ...]], DayOutcome] = {}
        self.hours: dict[tuple[str, date, int, int], ShiftHours] = {}
        # a rostered day without records: the hours it gives the cycle (exceptions mode)
        self.plain: dict[RosterDay, Decimal] = {}
        # a whole roster of the cycle: its hours without records and its days by date
        self.rosters: dict[
            tuple[RosterDay, ...], tuple[Decimal, dict[date, RosterDay]] | Literal[False]
        ] = {}

    def check(
        self,
        shift_types: Mapping[str, ShiftType],
        cycle: tuple[date, date],
        holidays: Collection[date],
        late_grace_minutes: int,
    ) -> None:
        mine = self.settings
        if not (
            mine[0] is shift_types
            and mine[1] == cycle
            and mine[2] is holidays
            and mine[3] == late_grace_minutes
        ):
            raise ValueError("a DayMemo serves only the cycle settings it was made for")


def _check_settings(
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo | None,
) -> None:
    first, last = cycle
    if last < first:
        raise KefuError(
            f"考勤周期 {first.isoformat()}–{last.isoformat()} 的结束日早于开始日 "
            f"(the cycle ends before it starts)"
        )
    if late_grace_minutes < 0:
        raise KefuError("迟到宽限分钟数不能为负 (the late grace cannot be negative)")
    if memo is not None:
        memo.check(shift_types, cycle, holidays, late_grace_minutes)


def _prepare(
    roster: Iterable[RosterDay],
    events: Iterable[AttendanceEvent],
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo | None,
) -> tuple[dict[date, RosterDay], dict[date, list[AttendanceEvent]], Mode]:
    """Check the inputs; the roster and the records by day, and the cycle's mode."""
    first, last = cycle
    _check_settings(shift_types, cycle, holidays, late_grace_minutes, memo)
    by_day = _roster_by_day(roster, shift_types)
    events_by_day: dict[date, list[AttendanceEvent]] = {}
    punches = False
    for event in events:
        _check_event(event)
        events_by_day.setdefault(event.day, []).append(event)
        punches = punches or (event.kind in PUNCH_KINDS and first <= event.day <= last)
    return by_day, events_by_day, "punches" if punches else "exceptions"


def _day_outcomes(
    by_day: dict[date, RosterDay],
    events_by_day: dict[date, list[AttendanceEvent]],
    mode: Mode,
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo | None,
) -> list[DayOutcome]:
    """Each rostered day of the cycle judged, and the evening shift before it (hours only)."""
    first, last = cycle
    outcomes: list[DayOutcome] = []
    cycle_opens = datetime.combine(first, time())
    no_events: list[AttendanceEvent] = []
    for day in sorted(by_day):
        if day > last:
            continue
        shift = shift_types[by_day[day].shift_code]
        day_events = events_by_day.get(day, no_events)
        in_cycle = day >= first
        if not in_cycle and shift_window(shift, day)[1] <= cycle_opens:
            continue
        day_mode = mode == "punches" if in_cycle else any(e.kind in PUNCH_KINDS for e in day_events)
        # records are part of the key: equal records on the same shift are judged alike
        key = (shift.code, day, day_mode, in_cycle, tuple(day_events))
        known = None if memo is None else memo.days.get(key)
        if known is not None:
            outcomes.append(known)
            continue
        outcome = _judge_day(
            by_day[day],
            shift,
            day_events,
            punch_mode=day_mode,
            grace=late_grace_minutes,
            holidays=holidays,
            cycle=cycle,
            in_cycle=in_cycle,
            hours_memo=None if memo is None else memo.hours,
        )
        if memo is not None:
            memo.days[key] = outcome
        outcomes.append(outcome)
    return outcomes


def cycle_hours(
    roster: Iterable[RosterDay],
    events: Iterable[AttendanceEvent],
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo | None = None,
) -> tuple[Decimal, tuple[CompTimeUse, ...]]:
    """Only a cycle's counted hours and comp-time uses: what the ledger of an earlier cycle needs.

    The same figures as ``attendance_for_cycle`` (same day judgments), without its day-by-day
    record and totals — a pay close runs a year of cycles for thousands of people (R-HRS-1).
    With a memo, a day without records adds hours the memo knows for its shift and date.
    """
    if memo is not None:
        quick = _quick_cycle_hours(
            roster, events, shift_types, cycle, holidays, late_grace_minutes, memo
        )
        if quick is not None:
            return quick
    return _cycle_hours(roster, events, shift_types, cycle, holidays, late_grace_minutes, memo)


def _quick_cycle_hours(
    roster: Iterable[RosterDay],
    events: Iterable[AttendanceEvent],
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo,
) -> tuple[Decimal, tuple[CompTimeUse, ...]] | None:
    """``cycle_hours`` from the memo's rosters; None when it can't be used.

    Without punches every day is judged on its own records alone (exceptions mode), so a
    day without any gives the same hours to everyone rostered on that shift that day, and a
    roster — a center has few distinct ones — its hours as if nobody had a record. A person's
    hours are those of their roster, less the days they have records on, judged as usual.
    A roster naming a day twice falls back to the full path, which refuses it.
    """
    events = events if isinstance(events, list) else list(events)
    for event in events:
        if event.kind in PUNCH_KINDS:
            return None
    _check_settings(shift_types, cycle, holidays, late_grace_minutes, memo)
    rostered = roster if isinstance(roster, tuple) else tuple(roster)
    known = memo.rosters.get(rostered)
    if known is None:
        known = memo.rosters[rostered] = _roster_hours(
            rostered, shift_types, cycle, holidays, late_grace_minutes, memo
        )
    if known is False:
        return None
    total, by_day = known
    if not events:
        return total, ()
    rest = []
    for day in {e.day for e in events}:
        entry = by_day.get(day)
        if entry is not None:
            rest.append(entry)
            total -= memo.plain[entry]
    more, uses = _cycle_hours(rest, events, shift_types, cycle, holidays, late_grace_minutes, memo)
    return total + more, uses


def _roster_hours(
    roster: tuple[RosterDay, ...],
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo,
) -> tuple[Decimal, dict[date, RosterDay]] | Literal[False]:
    """A roster's hours with no record on any day, and its days; False if a day repeats."""
    plain = memo.plain
    by_day: dict[date, RosterDay] = {}
    total = ZERO
    for entry in roster:
        if entry.day in by_day:
            return False
        by_day[entry.day] = entry
        hours = plain.get(entry)
        if hours is None:
            alone = _day_outcomes(
                _roster_by_day([entry], shift_types),
                {},
                "exceptions",
                shift_types,
                cycle,
                holidays,
                late_grace_minutes,
                memo,
            )
            hours = plain[entry] = sum((o.cycle_hours for o in alone), ZERO)
        total += hours
    return total, by_day


def _cycle_hours(
    roster: Iterable[RosterDay],
    events: Iterable[AttendanceEvent],
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo | None,
) -> tuple[Decimal, tuple[CompTimeUse, ...]]:
    by_day, events_by_day, mode = _prepare(
        roster, events, shift_types, cycle, holidays, late_grace_minutes, memo
    )
    total = ZERO
    uses: list[CompTimeUse] = []
    for outcome in _day_outcomes(
        by_day, events_by_day, mode, shift_types, cycle, holidays, late_grace_minutes, memo
    ):
        total += outcome.cycle_hours
        if outcome.in_cycle and outcome.comp_time_hours > 0:
            uses.append(CompTimeUse(outcome.day, outcome.comp_time_hours))
    return total, tuple(uses)


def attendance_for_cycle(
    roster: Iterable[RosterDay],
    events: Iterable[AttendanceEvent],
    shift_types: Mapping[str, ShiftType],
    cycle: tuple[date, date],
    holidays: Collection[date],
    late_grace_minutes: int,
    memo: DayMemo | None = None,
) -> CycleAttendance:
    """One person's attendance over the cycle ``(first, last)`` from roster and events (R-BON-5).

    ``memo`` (optional) shares the outcome of days without records between people of the
    same cycle; results are the same with or without it.
    """
    first, last = cycle
    by_day, events_by_day, mode = _prepare(
        roster, events, shift_types, cycle, holidays, late_grace_minutes, memo
    )
    all_events = [e for day_events in events_by_day.values() for e in day_events]
    steps = [
        Step(
            "R-BON-5",
            "attendance.cycle",
            {"first": first.isoformat(), "last": last.isoformat(), "mode": mode},
        )
    ]
    outcomes = _day_outcomes(
        by_day, events_by_day, mode, shift_types, cycle, holidays, late_grace_minutes, memo
    )
    for outcome in outcomes:
        if not outcome.in_cycle:
            # its counts belong to the previous cycle; only its hours come here (R-SHF-1)
            args: dict[str, TraceValue] = {
                "day": outcome.day.isoformat(),
                "shift": outcome.shift_code,
                "hours": num(outcome.cycle_hours),
            }
            steps.append(Step("R-SHF-1", "attendance.hours_before_cycle", args))
            continue
        steps.extend(outcome.steps)
        if outcome.hours is not None and outcome.cycle_hours != outcome.hours.counted:
            args = {
                "day": outcome.day.isoformat(),
                "shift": outcome.shift_code,
                "hours": num(outcome.hours.counted - outcome.cycle_hours),
            }
            steps.append(Step("R-SHF-1", "attendance.hours_after_cycle", args))

    swaps = 0
    for event in sorted(all_events, key=lambda e: e.day):
        if not first <= event.day <= last:
            continue
        if event.kind == "shift_swap":
            counted, step = _swap(event)
            swaps += counted
            steps.append(step)
        elif event.day not in by_day:
            steps.append(_off_roster(event))

    # the cycle's figures in one pass: counts from its own days, hours from every shift part
    personal: Decimal = ZERO
    sick: Decimal = ZERO
    unapproved: Decimal = ZERO
    plain: Decimal = ZERO
    comp: Decimal = ZERO
    in_cycle_hours: Decimal = ZERO
    holiday: Decimal = ZERO
    late_count = early_count = night = worked = 0
    for o in outcomes:
        in_cycle_hours += o.cycle_hours
        holiday += o.cycle_holiday_hours
        if not o.in_cycle:
            continue
        personal += o.personal_leave_days
        sick += o.sick_leave_days
        unapproved += o.unapproved_absence_days
        plain += o.absence_days
        comp += o.comp_time_hours
        late_count += o.late
        early_count += o.early_leave
        if o.status == "worked":
            worked += 1
            night += shift_types[o.shift_code].night
    absence = plain + personal + sick + unapproved
    steps.append(
        Step(
            "R-BON-5",
            "attendance.totals",
            {
                "absence_days": num(absence),
                "personal_leave_days": num(personal),
                "sick_leave_days": num(sick),
                "unapproved_absence_days": num(unapproved),
                "late_count": late_count,
                "early_leave_count": early_count,
                "shift_swap_count": swaps,
                "counted_hours": num(in_cycle_hours),
                "holiday_hours": num(holiday),
                "night_shifts": night,
                "shifts_worked": worked,
                "comp_time_leave_hours": num(comp),
            },
        )
    )
    return CycleAttendance(
        first_day=first,
        last_day=last,
        mode=mode,
        absence_days=absence,
        personal_leave_days=personal,
        sick_leave_days=sick,
        late_count=late_count,
        early_leave_count=early_count,
        shift_swap_count=swaps,
        unapproved_absence_days=unapproved,
        counted_hours=in_cycle_hours,
        holiday_hours=holiday,
        night_shifts=night,
        shifts_worked=worked,
        comp_time_leave_hours=comp,
        days=tuple(outcomes),
        steps=tuple(steps),
    )
