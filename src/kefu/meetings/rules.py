"""会议制度 and 交接班 (R-MTG-1) as pure rules: no database, no web.

Since seed 004 (会议制度): a pre-shift meeting (班前学习会) starts ``pre_shift_minutes_early``
minutes before the shift; a post-shift meeting (班后总结会) sums the shift up; the phone
center's weekly meeting (工作例会) is held on ``weekly_weekday``; the department's monthly
meeting (部门工作例会) by ``monthly_by_day`` of the month. Each has a chair, attendees, topics,
minutes and follow-ups (跟进事项).

Decisions where the seed is silent:

* A team is expected to hold one pre-shift and one post-shift meeting on each day it works: a
  day on which one of its people is on the roster. Where the roster is not kept for a day at
  all, the statutory working days stand in (the step says which).
* The weekly meeting is expected once in every week whose meeting day falls in the period; one
  held on another day of that week counts, and the check says so.
* The monthly meeting is expected in every month whose last allowed day falls in the period;
  one held later in the month is late, not missing.
* Only days up to ``today`` are expected: tomorrow's meeting is not missing yet.
* The attendance rate is present ÷ (present + absent): an excused absence (请假) counts
  neither way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue

Args = dict[str, TraceValue]

RULE = "R-MTG-1"
PRE_SHIFT, POST_SHIFT, WEEKLY, MONTHLY = "pre_shift", "post_shift", "weekly", "monthly"
KINDS = (PRE_SHIFT, POST_SHIFT, WEEKLY, MONTHLY)
KIND_NAMES: dict[str, dict[str, str]] = {
    PRE_SHIFT: {"zh": "班前会", "en": "Pre-shift meeting"},
    POST_SHIFT: {"zh": "班后会", "en": "Post-shift meeting"},
    WEEKLY: {"zh": "工作例会", "en": "Weekly meeting"},
    MONTHLY: {"zh": "部门工作例会", "en": "Monthly department meeting"},
}
# what each kind of meeting is for (seed 004 会议制度 内容), offered as its default topics
KIND_TOPICS: dict[str, tuple[str, ...]] = {
    PRE_SHIFT: ("调动员工情绪", "业务培训学习", "布置工作新内容", "讲解注意事项", "应答技巧"),
    POST_SHIFT: ("本班工作小结", "近期工作目标"),
    WEEKLY: ("总结交流一周工作", "指出存在的问题", "探讨解决措施", "下一步工作安排"),
    MONTHLY: (
        "总结交流上月工作",
        "指出存在的问题",
        "探讨解决措施",
        "传达公司指示和新政策",
        "当月工作目标任务及安排",
    ),
}
# who takes part (seed 004): the chair first
KIND_PARTICIPANTS: dict[str, tuple[str, ...]] = {
    PRE_SHIFT: ("值班长", "品管培训岗", "信息协调岗", "座席代表"),
    POST_SHIFT: ("值班长", "品管培训岗", "信息协调岗", "座席代表"),
    WEEKLY: ("电话中心主任", "值班长", "品管培训岗", "信息协调岗"),
    MONTHLY: ("客服中心经理", "电话中心主任", "值班长", "品管培训岗", "信息协调岗"),
}
PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"
ATTENDANCE = (PRESENT, ABSENT, EXCUSED)
ATTENDANCE_NAMES: dict[str, dict[str, str]] = {
    PRESENT: {"zh": "出席", "en": "present"},
    ABSENT: {"zh": "缺席", "en": "absent"},
    EXCUSED: {"zh": "请假", "en": "excused"},
}
OPEN, DONE = "open", "done"
FOLLOW_UP_STATES = (OPEN, DONE)
FOLLOW_UP_NAMES: dict[str, dict[str, str]] = {
    OPEN: {"zh": "未完成", "en": "open"},
    DONE: {"zh": "已完成", "en": "done"},
}
HELD, HELD_OTHER_DAY, LATE, MISSING = "held", "held_other_day", "late", "missing"
CHECK_NAMES: dict[str, dict[str, str]] = {
    HELD: {"zh": "已召开", "en": "held"},
    HELD_OTHER_DAY: {"zh": "已召开(非规定日)", "en": "held on another day"},
    LATE: {"zh": "逾期召开", "en": "held late"},
    MISSING: {"zh": "未召开", "en": "missing"},
}
# units of the calendar, not policy numbers
DAYS_PER_WEEK = 7
MINUTES_PER_DAY = 24 * 60
# how a percentage is shown (the exact rate is kept)
PERCENT_PLACES = Decimal("0.1")


class MeetingInvalid(KefuError):
    """A meeting, follow-up or handover that cannot be recorded as given."""

    http_status = 422


# ---------------------------------------------------------------- times and due dates


def pre_shift_start(shift_code: str, shift_starts: time, minutes_early: int) -> tuple[time, Step]:
    """班前会 start: the shift's start less ``minutes_early`` (班前提早[X]分钟, R-MTG-1)."""
    if minutes_early < 0 or minutes_early >= MINUTES_PER_DAY:
        raise MeetingInvalid(f"班前会提前的分钟数 {minutes_early} 不正确")
    starts = (datetime.combine(date.min, shift_starts) + timedelta(days=1)) - timedelta(
        minutes=minutes_early
    )
    at = starts.time()
    step = Step(
        RULE,
        "meeting.pre_shift_start",
        {
            "shift": shift_code,
            "shift_starts": shift_starts.strftime("%H:%M"),
            "minutes_early": minutes_early,
            "starts": at.strftime("%H:%M"),
        },
    )
    return at, step


def follow_up_due(
    held_on: date, due_on: date | None, follow_up_days: int | None
) -> tuple[date, Step]:
    """A follow-up's due date: its own, else ``follow_up_days`` after the meeting (R-MTG-1)."""
    if due_on is not None:
        if due_on < held_on:
            raise MeetingInvalid(f"跟进事项的完成期限 {due_on} 早于会议日期 {held_on}")
        return due_on, Step(RULE, "meeting.due_given", {"due_on": due_on.isoformat()})
    if follow_up_days is None:
        raise MeetingInvalid("跟进事项没有完成期限，政策也未设置默认期限 (meetings.follow_up_days)")
    due = held_on + timedelta(days=follow_up_days)
    return due, Step(
        RULE,
        "meeting.due_default",
        {"held_on": held_on.isoformat(), "days": follow_up_days, "due_on": due.isoformat()},
    )


def overdue(status: str, due_on: date, today: date) -> bool:
    """An open follow-up past its due date (逾期)."""
    return status == OPEN and due_on < today


def overdue_step(what: str, owner: str, due_on: date, today: date) -> Step:
    """Why a follow-up is listed as overdue."""
    return Step(
        RULE,
        "meeting.follow_up_overdue",
        {
            "what": what,
            "owner": owner,
            "due_on": due_on.isoformat(),
            "today": today.isoformat(),
            "days": (today - due_on).days,
        },
        reason=True,
    )


# ---------------------------------------------------------------- attendance


@dataclass(frozen=True)
class AttendanceRate:
    """One person's meeting attendance: counts and present ÷ (present + absent)."""

    employee_no: str
    present: int
    absent: int
    excused: int
    rate: Decimal | None
    steps: list[Step]

    @property
    def invited(self) -> int:
        return self.present + self.absent + self.excused


def percent(rate: Decimal | None) -> str | None:
    """A rate as a percentage shown to one decimal (display only; the rate stays exact)."""
    if rate is None:
        return None
    return str((rate * 100).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP))


def attendance_rates(records: Iterable[tuple[str, str]]) -> dict[str, AttendanceRate]:
    """出勤率 of each person from (employee_no, status) records (R-MTG-1)."""
    counts: dict[str, dict[str, int]] = {}
    for no, status in records:
        if status not in ATTENDANCE:
            raise MeetingInvalid(f"出席情况「{status}」应为 present、absent 或 excused")
        counts.setdefault(no, dict.fromkeys(ATTENDANCE, 0))[status] += 1
    out: dict[str, AttendanceRate] = {}
    for no, c in sorted(counts.items()):
        counted = c[PRESENT] + c[ABSENT]
        rate = Decimal(c[PRESENT]) / Decimal(counted) if counted else None
        step = Step(
            RULE,
            "meeting.attendance_rate" if rate is not None else "meeting.attendance_none",
            {
                "present": c[PRESENT],
                "absent": c[ABSENT],
                "excused": c[EXCUSED],
                "rate": percent(rate),
            },
        )
        out[no] = AttendanceRate(no, c[PRESENT], c[ABSENT], c[EXCUSED], rate, [step])
    return out


# ---------------------------------------------------------------- the schedule check


@dataclass(frozen=True)
class HeldMeeting:
    """What the schedule check needs to know of a meeting held."""

    id: int
    kind: str
    held_on: date
    department: str | None
    team: str | None


@dataclass(frozen=True)
class TeamDays:
    """The days a team is expected to meet, and where they come from (roster | calendar)."""

    department: str
    team: str
    days: Mapping[date, str]


@dataclass(frozen=True)
class Expected:
    """One meeting the schedule asks for, and whether it was held."""

    kind: str
    due_on: date
    """The day it is due: the working day, the weekly meeting day, the monthly last day."""
    department: str | None
    team: str | None
    status: str
    meeting_id: int | None
    held_on: date | None
    steps: list[Step]


@dataclass
class ScheduleCheck:
    """Every expected meeting of a period for a scope, with the steps saying why."""

    start: date
    end: date
    expected: list[Expected] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def missing(self) -> list[Expected]:
        return [e for e in self.expected if e.status == MISSING]

    def counts(self) -> dict[str, dict[str, int]]:
        """kind → status → how many."""
        out: dict[str, dict[str, int]] = {}
        for e in self.expected:
            out.setdefault(e.kind, {}).setdefault(e.status, 0)
            out[e.kind][e.status] += 1
        return out


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _week_day(day: date, weekday: int) -> date:
    """The ``weekday`` (1 = Monday) of ``day``'s ISO week."""
    return day - timedelta(days=day.isoweekday() - 1) + timedelta(days=weekday - 1)


def _month_last_allowed(day: date, by_day: int) -> date:
    return day.replace(day=by_day)


def schedule_check(
    *,
    start: date,
    end: date,
    today: date,
    teams: Sequence[TeamDays],
    departments: Collection[str | None],
    meetings: Sequence[HeldMeeting],
    kinds: Collection[str] = KINDS,
    weekly_weekday: int | None = None,
    monthly_by_day: int | None = None,
) -> ScheduleCheck:
    """Which expected meetings of ``start``–``end`` (up to ``today``) were held (R-MTG-1).

    ``teams`` give the days each team works (pre- and post-shift meetings); ``departments``
    the scopes of the weekly and monthly meetings (None: the whole center). A weekly or
    monthly meeting of the whole center (no department) counts for every department.
    """
    if start > end:
        raise MeetingInvalid(f"日期范围 {start}–{end} 不正确: 开始日期晚于结束日期")
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise MeetingInvalid(f"会议类型「{'、'.join(sorted(unknown))}」不存在")
    last = min(end, today)
    check = ScheduleCheck(start, end)
    check.steps.append(
        Step(
            RULE,
            "meeting.check_period",
            {"start": start.isoformat(), "end": end.isoformat(), "through": last.isoformat()},
        )
    )
    by_kind: dict[str, list[HeldMeeting]] = {k: [] for k in KINDS}
    for m in sorted(meetings, key=lambda m: (m.held_on, m.id)):
        by_kind.setdefault(m.kind, []).append(m)
    for kind in (PRE_SHIFT, POST_SHIFT):
        if kind in kinds:
            check.expected += _shift_meetings(kind, teams, by_kind[kind], start, last)
    if WEEKLY in kinds:
        if weekly_weekday is None or not 1 <= weekly_weekday <= DAYS_PER_WEEK:
            raise MeetingInvalid("工作例会的召开日 (meetings.weekly_weekday) 应为 1–7")
        for dept in departments:
            check.expected += _weekly(dept, by_kind[WEEKLY], weekly_weekday, start, last)
    if MONTHLY in kinds:
        if monthly_by_day is None:
            raise MeetingInvalid("部门工作例会的期限 (meetings.monthly_by_day) 未设置")
        for dept in departments:
            check.expected += _monthly(dept, by_kind[MONTHLY], monthly_by_day, start, last)
    counts = check.counts()
    for kind in KINDS:
        if kind in counts:
            c = counts[kind]
            check.steps.append(
                Step(
                    RULE,
                    "meeting.check_summary",
                    {
                        "kind": kind,
                        "expected": sum(c.values()),
                        "held": c.get(HELD, 0) + c.get(HELD_OTHER_DAY, 0),
                        "late": c.get(LATE, 0),
                        "missing": c.get(MISSING, 0),
                    },
                    reason=c.get(MISSING, 0) > 0,
                )
            )
    return check


def _matches(m: HeldMeeting, department: str | None, team: str | None) -> bool:
    if team is not None:
        return (m.department, m.team) == (department, team)
    return department is None or m.department is None or m.department == department


def _shift_meetings(
    kind: str, teams: Sequence[TeamDays], held: Sequence[HeldMeeting], start: date, last: date
) -> list[Expected]:
    out = []
    for t in teams:
        found: dict[date, HeldMeeting] = {}
        for m in held:
            if _matches(m, t.department, t.team):
                found.setdefault(m.held_on, m)
        for day in sorted(d for d in t.days if start <= d <= last):
            source = t.days[day]
            args: Args = {
                "kind": kind,
                "day": day.isoformat(),
                "team": t.team,
                "source": source,
            }
            got = found.get(day)
            if got is not None:
                step = Step(RULE, "meeting.shift_held", {**args, "meeting": got.id})
                out.append(Expected(kind, day, t.department, t.team, HELD, got.id, day, [step]))
            else:
                step = Step(RULE, "meeting.shift_missing", args, reason=True)
                out.append(Expected(kind, day, t.department, t.team, MISSING, None, None, [step]))
    return out


def _first(found: Sequence[HeldMeeting]) -> HeldMeeting | None:
    return found[0] if found else None


def _weekly(
    department: str | None, held: Sequence[HeldMeeting], weekday: int, start: date, last: date
) -> list[Expected]:
    out = []
    monday = start - timedelta(days=start.isoweekday() - 1)
    while monday <= last:
        due = _week_day(monday, weekday)
        week_end = monday + timedelta(days=DAYS_PER_WEEK - 1)
        if start <= due <= last:
            in_week = [
                m for m in held if monday <= m.held_on <= week_end and _matches(m, department, None)
            ]
            args: Args = {
                "department": department,
                "week_from": monday.isoformat(),
                "week_to": week_end.isoformat(),
                "due_on": due.isoformat(),
                "weekday": weekday,
            }
            on_day = [m for m in in_week if m.held_on == due]
            chosen = _first(on_day or in_week)
            if chosen is None:
                status, code = MISSING, "meeting.weekly_missing"
            elif on_day:
                status, code = HELD, "meeting.weekly_held"
            else:
                status, code = HELD_OTHER_DAY, "meeting.weekly_other_day"
            if chosen is not None:
                args |= {"meeting": chosen.id, "held_on": chosen.held_on.isoformat()}
            step = Step(RULE, code, args, reason=status == MISSING)
            out.append(
                Expected(
                    WEEKLY,
                    due,
                    department,
                    None,
                    status,
                    chosen.id if chosen else None,
                    chosen.held_on if chosen else None,
                    [step],
                )
            )
        monday += timedelta(days=DAYS_PER_WEEK)
    return out


def _monthly(
    department: str | None, held: Sequence[HeldMeeting], by_day: int, start: date, last: date
) -> list[Expected]:
    out = []
    first = start.replace(day=1)
    while first <= last:
        due = _month_last_allowed(first, by_day)
        next_first = (first + timedelta(days=32)).replace(day=1)
        if start <= due <= last:
            in_month = [
                m for m in held if first <= m.held_on < next_first and _matches(m, department, None)
            ]
            in_time = [m for m in in_month if m.held_on <= due]
            args: Args = {
                "department": department,
                "month": first.strftime("%Y-%m"),
                "due_on": due.isoformat(),
            }
            chosen = _first(in_time or in_month)
            if chosen is None:
                status, code = MISSING, "meeting.monthly_missing"
            elif in_time:
                status, code = HELD, "meeting.monthly_held"
            else:
                status, code = LATE, "meeting.monthly_late"
            if chosen is not None:
                args |= {"meeting": chosen.id, "held_on": chosen.held_on.isoformat()}
            step = Step(RULE, code, args, reason=status in (MISSING, LATE))
            out.append(
                Expected(
                    MONTHLY,
                    due,
                    department,
                    None,
                    status,
                    chosen.id if chosen else None,
                    chosen.held_on if chosen else None,
                    [step],
                )
            )
        first = next_first
    return out


def team_days(
    department: str,
    team: str,
    rostered: Collection[date],
    roster_kept: Collection[date],
    working_days: Collection[date],
    start: date,
    end: date,
) -> TeamDays:
    """The days a team meets: rostered days, or the working days where no roster is kept."""
    days: dict[date, str] = {}
    for day in _days(start, end):
        if day in roster_kept:
            if day in rostered:
                days[day] = "roster"
        elif day in working_days:
            days[day] = "calendar"
    return TeamDays(department, team, days)


# ---------------------------------------------------------------- checks on input


def check_times(starts_at: time, ends_at: time | None) -> None:
    """A meeting ends after it starts (a meeting does not run past midnight)."""
    if ends_at is not None and ends_at <= starts_at:
        raise MeetingInvalid(
            f"会议结束时间 {ends_at.strftime('%H:%M')} 应晚于开始时间 {starts_at.strftime('%H:%M')}"
        )


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise MeetingInvalid(f"会议类型「{kind}」应为 {'、'.join(KINDS)} 之一")


def check_attendance(status: str) -> None:
    if status not in ATTENDANCE:
        raise MeetingInvalid(f"出席情况「{status}」应为 present、absent 或 excused")
