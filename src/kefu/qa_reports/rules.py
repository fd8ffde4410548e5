"""QA reports (监控日报、周报、月报) and improvement plans (改进计划): the pure rules (R-QA-1).

No database, no web: the functions take the monitoring evaluations of a period as plain values
(already cut to what the viewer may see, R-PRV-1) and return the report with its explanation.

Decisions where the seed is silent:

* A report covers the monitoring evaluations (purpose ``monitoring``) that reached the agent:
  submitted, acknowledged, disputed or final. A final evaluation counts with its final score;
  the others with the score as evaluated (provisional), and the report says how many of each.
* An evaluation belongs to the day of its contact (as it counts for the month of its contact).
* A week is the ISO week, Monday to Sunday; a month the calendar month. "Who improves" compares
  each agent's mean with the period before of the same kind (the day, week or month before).
* An item loses points when it was scored (not N/A) below its full points. An item recurs for an
  agent when it lost points in at least ``monitoring.recurring_at_least`` evaluations of the
  period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from kefu.errors import KefuError
from kefu.explain.trace import Step, num, score_text
from kefu.periods import Month

RULE = "R-QA-1"
PERIOD_KINDS = ("day", "week", "month")
PERIOD_NAMES: dict[str, dict[str, str]] = {
    "day": {"zh": "日报", "en": "daily report"},
    "week": {"zh": "周报", "en": "weekly report"},
    "month": {"zh": "月报", "en": "monthly report"},
}
# the states in which an evaluation has reached the agent (drafts are QA's own work)
COUNTED_STATES = ("submitted", "acknowledged", "disputed", "final")
MONITORING = "monitoring"

OPEN, ACHIEVED, NOT_ACHIEVED, CANCELLED = "open", "achieved", "not_achieved", "cancelled"
PLAN_STATUSES = (OPEN, ACHIEVED, NOT_ACHIEVED, CANCELLED)
CLOSING_STATUSES = (ACHIEVED, NOT_ACHIEVED, CANCELLED)
PLAN_STATUS_NAMES: dict[str, dict[str, str]] = {
    OPEN: {"zh": "进行中", "en": "open"},
    ACHIEVED: {"zh": "已达成", "en": "achieved"},
    NOT_ACHIEVED: {"zh": "未达成", "en": "not achieved"},
    CANCELLED: {"zh": "已取消", "en": "cancelled"},
}
FOLLOW_UP, COMMENT = "follow_up", "comment"
NOTE_NAMES: dict[str, dict[str, str]] = {
    FOLLOW_UP: {"zh": "跟进", "en": "follow-up"},
    COMMENT: {"zh": "本人意见", "en": "agent's comment"},
}


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A report's period: a day, an ISO week (Monday–Sunday) or a calendar month."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return str(Month.of(self.start))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before (the day, week or month before)."""
        return period_of(self.kind, self.start - timedelta(days=1))

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_of(kind: str, on: date) -> Period:
    """The day, ISO week (Monday–Sunday) or calendar month holding ``on``."""
    if kind == "day":
        return Period(kind, on, on)
    if kind == "week":
        monday = on - timedelta(days=on.weekday())
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == "month":
        month = Month.of(on)
        return Period(kind, month.first_day, month.last_day)
    raise KefuError(f"报表期间「{kind}」应为 day (日报)、week (周报) 或 month (月报)")


# ---------------------------------------------------------------- one evaluation as read


@dataclass(frozen=True)
class ItemMark:
    """One scorecard item of one evaluation: its full points, the points given (None: N/A)."""

    key: str
    name: str
    name_en: str
    points: Decimal
    given: Decimal | None
    note: str = ""

    @property
    def ident(self) -> tuple[str, str]:
        """Items are told apart by key and name (two scorecards may reuse a key)."""
        return (self.key, self.name)

    @property
    def lost(self) -> bool:
        """Scored below its full points (an N/A item loses nothing)."""
        return self.given is not None and self.given < self.points

    @property
    def kept(self) -> Decimal | None:
        """The share of the item's points kept (None for N/A or an item worth nothing)."""
        if self.given is None or self.points <= 0:
            return None
        return self.given / self.points


@dataclass(frozen=True)
class Scored:
    """One monitoring evaluation as the report reads it."""

    evaluation_id: int
    employee_no: str
    name: str
    department: str | None
    team: str | None
    contact_on: date
    score: Decimal
    final: bool
    """Counted with its final score (else with the score as evaluated, provisional)."""
    critical_failed: bool
    items: tuple[ItemMark, ...] = ()


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        found = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() else None


def item_marks(definition: Mapping[str, Any], marks: Mapping[str, Any]) -> tuple[ItemMark, ...]:
    """The items of a scorecard definition with the marks given; unmarked items are left out."""
    out: list[ItemMark] = []
    for section in definition.get("sections") or ():
        for item in section.get("items") or ():
            key = str(item.get("key", ""))
            points = _decimal(item.get("points"))
            mark = marks.get(key)
            if not key or points is None or not isinstance(mark, Mapping):
                continue
            given = _decimal(mark.get("points"))
            if given is None and mark.get("points") is not None:
                continue  # unreadable points: not a mark
            out.append(
                ItemMark(
                    key=key,
                    name=str(item.get("name") or key),
                    name_en=str(item.get("name_en") or item.get("name") or key),
                    points=points,
                    given=given,
                    note=str(mark.get("note") or "").strip(),
                )
            )
    return tuple(out)


def counted_score(
    state: str, score: Decimal | None, final_score: Decimal | None
) -> tuple[Decimal | None, bool]:
    """The score a report counts and whether it is final: the final score once final."""
    if state == "final" and final_score is not None:
        return final_score, True
    return score, False


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Stats:
    """Count, mean, lowest and highest score, and failed critical items (致命项)."""

    count: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    critical: int


def stats(evaluations: Sequence[Scored]) -> Stats:
    """The figures of some evaluations (all None but the counts when there are none)."""
    scores = [e.score for e in evaluations]
    critical = sum(1 for e in evaluations if e.critical_failed)
    if not scores:
        return Stats(0, None, None, None, critical)
    return Stats(len(scores), mean(scores), min(scores), max(scores), critical)


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """The exact mean (None of nothing); rounding is for display only."""
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


@dataclass(frozen=True)
class Losing:
    """A scorecard item and how many evaluations it lost points in."""

    key: str
    name: str
    name_en: str
    times: int


@dataclass(frozen=True)
class AgentRow:
    employee_no: str
    name: str
    department: str | None
    team: str | None
    stats: Stats
    finals: int
    losing: tuple[Losing, ...]
    """Items that lost points, most often first."""


@dataclass(frozen=True)
class GroupRow:
    """A team (department and team) or a department (team None)."""

    department: str | None
    team: str | None
    agents: int
    stats: Stats


@dataclass(frozen=True)
class ItemRow:
    key: str
    name: str
    name_en: str
    scored: int
    """Evaluations that scored the item (not N/A)."""
    not_applicable: int
    lost: int
    mean_kept: Decimal | None
    """The mean share of the item's points kept, over the evaluations that scored it."""
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Recurring:
    """The same item losing points for the same agent again and again in the period."""

    employee_no: str
    name: str
    key: str
    item: str
    item_en: str
    times: int
    evaluation_ids: tuple[int, ...]


@dataclass(frozen=True)
class Change:
    """An agent's mean in the period against the period before."""

    employee_no: str
    name: str
    mean: Decimal
    count: int
    previous_mean: Decimal | None
    previous_count: int
    change: Decimal | None


@dataclass(frozen=True)
class Report:
    period: Period
    previous: Period
    total: Stats
    finals: int
    agents: tuple[AgentRow, ...]
    teams: tuple[GroupRow, ...]
    departments: tuple[GroupRow, ...]
    items: tuple[ItemRow, ...]
    recurring: tuple[Recurring, ...] | None
    """None when the policy leaves the threshold open."""
    recurring_at_least: int | None
    improvement: tuple[Change, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def provisional(self) -> int:
        return self.total.count - self.finals


def _losing(evaluations: Iterable[Scored]) -> tuple[Losing, ...]:
    times: dict[tuple[str, str], int] = defaultdict(int)
    english: dict[tuple[str, str], str] = {}
    for e in evaluations:
        for ident in {m.ident for m in e.items if m.lost}:
            times[ident] += 1
        for m in e.items:
            english.setdefault(m.ident, m.name_en)
    ordered = sorted(times.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(Losing(k, n, english[(k, n)], t) for (k, n), t in ordered)


def agent_rows(evaluations: Sequence[Scored]) -> tuple[AgentRow, ...]:
    """Per agent (工号 order): the figures and the items most often losing points."""
    by_agent: dict[str, list[Scored]] = defaultdict(list)
    for e in evaluations:
        by_agent[e.employee_no].append(e)
    rows = []
    for no in sorted(by_agent):
        own = by_agent[no]
        last = own[-1]
        rows.append(
            AgentRow(
                employee_no=no,
                name=last.name,
                department=last.department,
                team=last.team,
                stats=stats(own),
                finals=sum(1 for e in own if e.final),
                losing=_losing(own),
            )
        )
    return tuple(rows)


def group_rows(evaluations: Sequence[Scored], by_team: bool) -> tuple[GroupRow, ...]:
    """Per team (department and team) or per department."""
    groups: dict[tuple[str, str], list[Scored]] = defaultdict(list)
    for e in evaluations:
        groups[(e.department or "", (e.team or "") if by_team else "")].append(e)
    return tuple(
        GroupRow(
            department=department or None,
            team=(team or None) if by_team else None,
            agents=len({e.employee_no for e in members}),
            stats=stats(members),
        )
        for (department, team), members in sorted(groups.items())
    )


def item_rows(evaluations: Sequence[Scored]) -> tuple[ItemRow, ...]:
    """Per scorecard item: how often it lost points, the share kept, the notes; worst first."""
    marks: dict[tuple[str, str], list[ItemMark]] = defaultdict(list)
    for e in evaluations:
        for m in e.items:
            marks[m.ident].append(m)
    rows = []
    for (key, name), found in marks.items():
        scored = [m for m in found if m.given is not None]
        kept = [k for m in scored if (k := m.kept) is not None]
        rows.append(
            ItemRow(
                key=key,
                name=name,
                name_en=found[0].name_en,
                scored=len(scored),
                not_applicable=len(found) - len(scored),
                lost=sum(1 for m in scored if m.lost),
                mean_kept=mean(kept),
                notes=tuple(m.note for m in found if m.note),
            )
        )
    return tuple(sorted(rows, key=lambda r: (-r.lost, r.key, r.name)))


def recurring(evaluations: Sequence[Scored], at_least: int) -> tuple[Recurring, ...]:
    """Items losing points for the same agent in ``at_least`` or more evaluations (most first)."""
    if at_least < 1:
        raise KefuError(f"重复问题的次数门槛应至少为 1，而不是 {at_least}")
    hits: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    english: dict[tuple[str, str], str] = {}
    for e in evaluations:
        names[e.employee_no] = e.name
        for m in e.items:
            english.setdefault(m.ident, m.name_en)
        for key, name in sorted({m.ident for m in e.items if m.lost}):
            hits[(e.employee_no, key, name)].append(e.evaluation_id)
    found = [
        Recurring(no, names[no], key, name, english[(key, name)], len(ids), tuple(ids))
        for (no, key, name), ids in hits.items()
        if len(ids) >= at_least
    ]
    return tuple(sorted(found, key=lambda r: (-r.times, r.employee_no, r.key, r.item)))


def improvement(current: Sequence[Scored], previous: Sequence[Scored]) -> tuple[Change, ...]:
    """Each agent of the period: their mean against the period before, most improved first.

    Agents with no evaluation in the period before come last (no change to compare).
    """
    before: dict[str, list[Decimal]] = defaultdict(list)
    for e in previous:
        before[e.employee_no].append(e.score)
    now: dict[str, list[Scored]] = defaultdict(list)
    for e in current:
        now[e.employee_no].append(e)
    changes = []
    for no, own in now.items():
        m = mean([e.score for e in own])
        assert m is not None
        prev = mean(before.get(no, []))
        changes.append(
            Change(
                employee_no=no,
                name=own[-1].name,
                mean=m,
                count=len(own),
                previous_mean=prev,
                previous_count=len(before.get(no, [])),
                change=None if prev is None else m - prev,
            )
        )
    return tuple(
        sorted(
            changes,
            key=lambda c: (c.change is None, -(c.change or Decimal(0)), c.employee_no),
        )
    )


def build_report(
    period: Period,
    current: Sequence[Scored],
    previous: Sequence[Scored],
    recurring_at_least: int | None,
) -> Report:
    """The report of a period over evaluations the viewer may see (cut before this, R-PRV-1)."""
    ordered = sorted(current, key=lambda e: (e.contact_on, e.evaluation_id))
    if any(not period.holds(e.contact_on) for e in ordered):
        raise ValueError("an evaluation outside the period was given")
    before = period.previous()
    total = stats(ordered)
    finals = sum(1 for e in ordered if e.final)
    steps = [
        Step(
            RULE,
            "qa_report.period",
            {
                "kind": period.kind,
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
        ),
        Step(
            RULE,
            "qa_report.counted",
            {
                "count": total.count,
                "finals": finals,
                "provisional": total.count - finals,
                "critical": total.critical,
                "mean": score_text(total.mean),
            },
        ),
    ]
    found: tuple[Recurring, ...] | None = None
    if recurring_at_least is None:
        steps.append(Step(RULE, "qa_report.recurring_unset", {}))
    else:
        found = recurring(ordered, recurring_at_least)
        steps.append(
            Step(
                RULE,
                "qa_report.recurring",
                {"at_least": recurring_at_least, "found": len(found)},
            )
        )
    steps.append(
        Step(
            RULE,
            "qa_report.improvement",
            {
                "label": before.label,
                "start": before.start.isoformat(),
                "end": before.end.isoformat(),
                "previous": len(previous),
            },
        )
    )
    return Report(
        period=period,
        previous=before,
        total=total,
        finals=finals,
        agents=agent_rows(ordered),
        teams=group_rows(ordered, by_team=True),
        departments=group_rows(ordered, by_team=False),
        items=item_rows(ordered),
        recurring=found,
        recurring_at_least=recurring_at_least,
        improvement=improvement(ordered, previous),
        steps=tuple(steps),
    )


# ---------------------------------------------------------------- improvement plans


@dataclass(frozen=True)
class Progress:
    """The agent's mean monitoring score since the plan started, against its target."""

    since: date
    until: date
    count: int
    mean: Decimal | None
    target: Decimal | None
    reached: bool | None
    """None when there is no target or no evaluation yet."""
    steps: tuple[Step, ...]


def progress(
    since: date, until: date, scores: Sequence[Decimal], target: Decimal | None
) -> Progress:
    """The mean of the agent's evaluations from the plan's start, and whether it meets the goal."""
    m = mean(scores)
    reached = None if m is None or target is None else m >= target
    args: dict[str, Any] = {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "count": len(scores),
        "mean": score_text(m),
        "target": num(target),
    }
    steps = [Step(RULE, "qa_plan.mean_since", args)]
    if reached is not None:
        steps.append(
            Step(RULE, "qa_plan.target_reached" if reached else "qa_plan.target_missed", args)
        )
    return Progress(since, until, len(scores), m, target, reached, tuple(steps))


def overdue(
    status: str, next_follow_up_on: date | None, due_on: date, today: date
) -> tuple[str, ...]:
    """Why an open plan is overdue: its follow-up date passed (``follow_up``), its due date
    passed (``due``); a closed plan is never overdue."""
    if status != OPEN:
        return ()
    reasons = []
    if next_follow_up_on is not None and next_follow_up_on < today:
        reasons.append("follow_up")
    if due_on < today:
        reasons.append("due")
    return tuple(reasons)


def check_dates(starts_on: date, due_on: date, next_follow_up_on: date | None) -> None:
    """A plan ends on or after it starts; its next follow-up falls within it."""
    if due_on < starts_on:
        raise KefuError(f"到期日 {due_on} 早于计划开始日 {starts_on}")
    if next_follow_up_on is not None and not starts_on <= next_follow_up_on:
        raise KefuError(f"下次跟进日 {next_follow_up_on} 早于计划开始日 {starts_on}")


def check_closing(status: str, new_status: str) -> None:
    """Only an open plan is closed, as achieved, not achieved or cancelled."""
    if new_status not in CLOSING_STATUSES:
        raise KefuError(
            "结束计划时的状态应为 achieved (已达成)、not_achieved (未达成) 或 cancelled (已取消)"
        )
    if status != OPEN:
        raise KefuError(f"计划已结束 ({PLAN_STATUS_NAMES[status]['zh']})，不能再更改")
