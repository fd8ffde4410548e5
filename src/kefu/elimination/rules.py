"""Pure rules of bottom elimination (末位淘汰, R-BOT-1) and standby retraining (待岗培训, R-PAY-3).

Since seed 004 (末位淘汰制): an agent ranked in the last two (后两名) of the center in three
consecutive monthly assessments goes to standby retraining for the policy's months — base pay
only, training on the weak areas, a re-entry exam before returning; an agent who, after
returning, is again in the last two three months running is dismissed. No database, no web:
plain values in, results with their explanation out.

Decisions where the seed is silent (each tested in tests/elimination/test_rules.py):

* The ranking is the monthly close's ranking of agents (R-BON-2: score, then the tie-breaker;
  full ties share a rank, 1, 2, 2, 4). People the close keeps out of the pool are not ranked.
* Ties at the boundary: a person is in the last N when fewer than N people of the pool rank
  strictly below them — everyone tied at the boundary is in, so the last places can hold more
  than N people. Someone must rank above them: a pool of N people or fewer, or a pool tied from
  top to bottom, marks nobody (the rule singles out the bottom of a larger center).
* A month the person is not ranked (no row in the close: not hired yet, not an agent, gone; or
  kept out of the pool: probation, standby, absences, no score …) follows the policy's
  ``unranked_month``: ``skip`` neither counts nor breaks a run, ``break`` ends it.
* A calendar month that was never closed, between closed months, ends every run: no
  assessment was made that month.
* A run reaching ``consecutive_months`` makes the person due — for standby on a first run, for
  dismissal on a run after a return from standby — and they stay due until a case settles it.
* After a return only months whose first day is on or after the return day count (a return in
  mid-month counts from the next month). After a case that ended without effect (rejected,
  withdrawn) only the months after the last month it judged count.
* Weak areas (弱项): each score component's mean over the run against the center's mean over
  the same months (every ranked agent); the components below the center, furthest first.
* Standby runs from the first day of the month after the case becomes final for
  ``standby_months`` whole months. The re-entry exam may be taken from the standby's first day;
  a pass returns the person the day after the exam, but not before the standby has ended.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num, score_text
from kefu.periods import Month
from kefu.policy.lint import SCALE_TOP
from kefu.policy.schema import BottomElimination

RULE = "R-BOT-1"
PAY_RULE = "R-PAY-3"

Due = Literal["standby", "dismissal"]
MarkKind = Literal["last", "clear", "unranked", "not_closed"]

UNRANKED_REASONS = (
    "not_listed",
    "probation",
    "standby",
    "dismissed",
    "absence",
    "notice",
    "no_attendance",
    "no_score",
    "excluded",
)
"""Why a person is not in a month's ranking (words in kefu.elimination.messages)."""

COMPONENTS = ("call_quality", "work_ability", "overall_conduct")
"""通话评估成绩, 工作评估成绩, 综合工作表现: the parts of the monthly score (R-BON-1)."""

TRAINING_FOCUS: dict[str, tuple[str, ...]] = {
    "call_quality": ("service_phrases", "phone_skills"),
    "work_ability": ("business_knowledge", "system_skills"),
    "overall_conduct": ("service_standards",),
}
"""Seed 004's training contents (业务知识、系统操作技能、服务规范用语、电话沟通技巧) by the weak
component they address: the retraining plan's focus."""


def who(name: str, employee_no: str) -> str:
    """A person as a trace names them: 姓名 (工号)."""
    return f"{name} ({employee_no})"


# ---------------------------------------------------------------- one month's last places


@dataclass(frozen=True)
class Ranked:
    """One agent's place in a month's ranking of the center."""

    employee_no: str
    name: str
    rank: int


@dataclass(frozen=True)
class Placing:
    """Where a ranked person stands against the month's last places, and why."""

    employee_no: str
    name: str
    month: Month
    rank: int
    pool: int
    below: int | None
    """How many of the pool rank strictly below; None when not counted (far from the bottom)."""
    in_last: bool
    step: Step


def last_places(
    month: Month, ranking: Sequence[Ranked], places: int, pool_size: int | None = None
) -> dict[str, Placing]:
    """Who of a month's ranking is in the last ``places`` of the center (R-BOT-1).

    ``ranking`` is the whole pool, or (with ``pool_size``) its bottom: every person whose rank
    is at or below the lowest rank looked at, so the count of people strictly below each is
    exact. In the last places: fewer than ``places`` people rank strictly below, and somebody
    ranks above (a pool of ``places`` people or fewer marks nobody).
    """
    if places < 1:
        raise KefuError(f"末位名额应至少为 1，而不是 {places} (last_places must be at least 1)")
    size = len(ranking) if pool_size is None else pool_size
    if size < len(ranking):
        raise KefuError(
            f"{month} 的排名人数 {size} 少于名单中的 {len(ranking)} 人 (the pool is smaller "
            f"than the ranking given)"
        )
    seen: set[str] = set()
    for entry in ranking:
        if entry.employee_no in seen:
            raise KefuError(
                f"{month} 的排名中工号 {entry.employee_no} 出现了两次 "
                f"(employee {entry.employee_no} is ranked twice)"
            )
        seen.add(entry.employee_no)
        if not 1 <= entry.rank <= size:
            raise KefuError(
                f"{month} 的排名中 {who(entry.name, entry.employee_no)} 的名次 {entry.rank} "
                f"不在 1–{size} 之间 (a rank outside the pool)"
            )
    ranks = sorted(e.rank for e in ranking)
    by_rank: dict[int, list[Ranked]] = {}
    for entry in ranking:
        by_rank.setdefault(entry.rank, []).append(entry)
    out: dict[str, Placing] = {}
    for entry in ranking:
        below = len(ranks) - bisect.bisect_right(ranks, entry.rank)
        args: dict[str, TraceValue] = {
            "month": str(month),
            "rank": entry.rank,
            "pool": size,
            "places": places,
        }
        in_last = False
        if size <= places:
            step = Step(RULE, "bottom.pool_too_small", args)
        elif below >= places:
            step = Step(RULE, "bottom.not_last", args)
        elif entry.rank == 1:
            step = Step(RULE, "bottom.all_tied", args)
        else:
            in_last = True
            tied = sorted(
                (o for o in by_rank[entry.rank] if o is not entry), key=lambda o: o.employee_no
            )
            step = Step(
                RULE,
                "bottom.in_last",
                {**args, "below": below, "tied": [who(o.name, o.employee_no) for o in tied]},
            )
        out[entry.employee_no] = Placing(
            entry.employee_no, entry.name, month, entry.rank, size, below, in_last, step
        )
    return out


def outside_last(
    month: Month, employee_no: str, name: str, rank: int, pool: int, places: int
) -> Placing:
    """A ranked person above the month's bottom: not in the last places (R-BOT-1)."""
    args: dict[str, TraceValue] = {
        "month": str(month),
        "rank": rank,
        "pool": pool,
        "places": places,
    }
    code = "bottom.pool_too_small" if pool <= places else "bottom.not_last"
    return Placing(employee_no, name, month, rank, pool, None, False, Step(RULE, code, args))


# ---------------------------------------------------------------- months in a row


@dataclass(frozen=True)
class MonthMark:
    """One person's month: in the last places, ranked above them, not ranked, or not closed."""

    month: Month
    kind: MarkKind
    step: Step | None = None
    """The placing step of a ranked month."""
    why: tuple[str, ...] = ()
    """Why the person is not ranked (UNRANKED_REASONS)."""
    rank: int | None = None
    pool: int | None = None


def mark_placed(placing: Placing) -> MonthMark:
    """A ranked month: in the last places or not."""
    kind: MarkKind = "last" if placing.in_last else "clear"
    return MonthMark(placing.month, kind, placing.step, (), placing.rank, placing.pool)


def mark_unranked(month: Month, why: Sequence[str]) -> MonthMark:
    """A month the person is not in the center's ranking, with why."""
    unknown = [w for w in why if w not in UNRANKED_REASONS]
    if unknown:
        raise ValueError(f"unknown reasons: {unknown}")
    return MonthMark(month, "unranked", None, tuple(why) or ("excluded",))


def mark_not_closed(month: Month) -> MonthMark:
    """A month that was never closed: no assessment."""
    return MonthMark(month, "not_closed")


@dataclass(frozen=True)
class Since:
    """From which month a person's months count: after a return or after an earlier case."""

    first_month: Month
    why: Literal["returned", "case"]
    day: date | None = None
    """The return day (why == "returned")."""
    case_id: int | None = None
    """The case that judged the months before (why == "case")."""


def counting_from(
    returned_on: date | None, settled_through: Month | None = None, case_id: int | None = None
) -> Since | None:
    """The first month that counts: after the return, after a settled case; the later wins."""
    found: Since | None = None
    if returned_on is not None:
        month = Month.of(returned_on)
        first = month if returned_on == month.first_day else month.shift(1)
        found = Since(first, "returned", day=returned_on)
    if settled_through is not None:
        first = settled_through.shift(1)
        if found is None or first > found.first_month:
            found = Since(first, "case", case_id=case_id)
    return found


@dataclass(frozen=True)
class Run:
    """A person's consecutive months in the last places, and whether they are due (R-BOT-1)."""

    employee_no: str
    name: str
    through: Month | None
    months: tuple[Month, ...]
    """The current run, oldest first: the last-place months up to ``through``."""
    in_last: bool
    """In the last places in ``through``."""
    after_return: bool
    due: Due | None
    due_months: tuple[Month, ...]
    """The run that made the person due (its first ``consecutive_months`` months)."""
    since: Since | None
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.months)

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.steps if s.reason]


def run_of(
    employee_no: str,
    name: str,
    marks: Sequence[MonthMark],
    section: BottomElimination,
    *,
    returned_on: date | None = None,
    settled_through: Month | None = None,
    settled_by: int | None = None,
) -> Run:
    """The run of last places ending at the newest month, and whether it makes the person due.

    ``marks`` are consecutive calendar months, oldest first. ``returned_on``: the day the person
    came back from standby (a run after it leads to dismissal); ``settled_through``: the last
    month an earlier case (``settled_by``) judged.
    """
    for before, after in itertools.pairwise(marks):
        if after.month != before.month.shift(1):
            raise ValueError(f"months not consecutive: {before.month} then {after.month}")
    needed = section.consecutive_months
    rule = section.unranked_month
    after_return = returned_on is not None
    kind: Due = "dismissal" if after_return else "standby"
    since = counting_from(returned_on, settled_through, settled_by)
    dated: list[tuple[Month | None, Step]] = []
    if since is not None:
        dated.append((None, _since_step(since)))
    run: list[Month] = []
    due: Due | None = None
    due_months: tuple[Month, ...] = ()
    for mark in marks:
        if since is not None and mark.month < since.first_month:
            continue
        month = str(mark.month)
        if mark.kind == "last":
            assert mark.step is not None
            run.append(mark.month)
            dated.append((mark.month, mark.step))
            if len(run) == needed and due is None:
                due, due_months = kind, tuple(run)
            continue
        if mark.kind == "clear":
            assert mark.step is not None
            dated.append((mark.month, mark.step))
        elif mark.kind == "unranked":
            args: dict[str, TraceValue] = {
                "month": month,
                "why": list(mark.why),
                "rule": rule,
                "run": len(run),
            }
            dated.append((mark.month, Step(RULE, "bottom.unranked", args)))
            if rule == "skip":
                continue
        else:
            dated.append((mark.month, Step(RULE, "bottom.not_closed", {"month": month})))
        if run and mark.kind != "unranked":
            ends: dict[str, TraceValue] = {"month": month, "length": len(run)}
            dated.append((mark.month, Step(RULE, "bottom.run_ends", ends)))
        run = []
    through = marks[-1].month if marks else None
    in_last = bool(marks) and marks[-1].kind == "last"
    if run:
        summary = Step(
            RULE,
            "bottom.run",
            {
                "months": [str(m) for m in run],
                "length": len(run),
                "needed": needed,
                "through": str(through),
            },
        )
    else:
        summary = Step(RULE, "bottom.no_run", {"through": str(through) if through else None})
    dated.append((None, summary))
    if due is not None:
        dated.append(
            (
                None,
                Step(
                    RULE,
                    "bottom.due",
                    {
                        "kind": due,
                        "months": [str(m) for m in due_months],
                        "needed": needed,
                        "returned_on": returned_on.isoformat() if returned_on else None,
                    },
                ),
            )
        )
    else:
        dated.append(
            (
                None,
                Step(RULE, "bottom.not_due", {"length": len(run), "needed": needed, "kind": kind}),
            )
        )
    starts = [m[0] for m in (run, due_months) if m]
    window = min(starts) if starts else None
    steps = tuple(
        replace(step, reason=True)
        if month is None or (window is not None and month >= window)
        else step
        for month, step in dated
    )
    return Run(
        employee_no,
        name,
        through,
        tuple(run),
        in_last,
        after_return,
        due,
        due_months,
        since,
        steps,
    )


def _since_step(since: Since) -> Step:
    return Step(
        RULE,
        "bottom.counts_from",
        {
            "first_month": str(since.first_month),
            "why": since.why,
            "day": since.day.isoformat() if since.day else None,
            "case": since.case_id,
        },
    )


# ---------------------------------------------------------------- weak areas and the plan


@dataclass(frozen=True)
class Area:
    """One score component over the run: the person's mean against the center's."""

    component: str
    own: Decimal
    center: Decimal
    gap: Decimal
    """own − center: negative is below the center."""
    months: int


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def weak_areas(
    own: Mapping[str, Sequence[Decimal]], center: Mapping[str, tuple[Decimal, int]]
) -> tuple[tuple[Area, ...], tuple[Step, ...]]:
    """Each component's gap to the center, furthest below first, and the weak ones (弱项).

    ``own``: the person's component scores in the run's months; ``center``: the sum and count
    of every ranked agent's scores of the same months. A component missing on either side is
    left out, and said so.
    """
    areas: list[tuple[Fraction, Area]] = []
    steps: list[Step] = []
    for component in COMPONENTS:
        values = [v for v in own.get(component, ()) if v is not None]
        total, count = center.get(component, (Decimal(0), 0))
        if not values or count == 0:
            steps.append(Step(RULE, "bottom.area_missing", {"component": component}))
            continue
        own_mean = Fraction(sum(values, Decimal(0))) / len(values)
        center_mean = Fraction(total) / count
        gap = own_mean - center_mean
        area = Area(
            component, _decimal(own_mean), _decimal(center_mean), _decimal(gap), len(values)
        )
        areas.append((gap, area))
    areas.sort(key=lambda pair: (pair[0], COMPONENTS.index(pair[1].component)))
    for _, area in areas:
        steps.append(
            Step(
                RULE,
                "bottom.area",
                {
                    "component": area.component,
                    "own": score_text(area.own),
                    "center": score_text(area.center),
                    "gap": signed_score(area.gap),
                    "months": area.months,
                },
            )
        )
    weak = [a.component for gap, a in areas if gap < 0]
    if weak:
        steps.append(Step(RULE, "bottom.weak", {"components": weak}, reason=True))
    else:
        steps.append(Step(RULE, "bottom.no_weak", reason=True))
    return tuple(a for _, a in areas), tuple(steps)


def signed_score(value: Decimal) -> str | None:
    """A gap as exact text with its sign: +1.50, −25.699275…"""
    text = score_text(abs(value))
    return None if text is None else ("−" if value < 0 else "+") + text


def training_focus(areas: Sequence[Area]) -> list[str]:
    """The training contents for the weak components, weakest first (seed 004)."""
    out: list[str] = []
    for area in areas:
        if area.gap < 0:
            out += [f for f in TRAINING_FOCUS[area.component] if f not in out]
    return out


# ---------------------------------------------------------------- standby, exam, dismissal


def standby_period(final_on: date, months: int) -> tuple[date, date]:
    """待岗 from the first day of the month after the case became final, for whole months."""
    if months < 1:
        raise KefuError(f"待岗培训应至少 1 个月，而不是 {months} (standby_months ≥ 1)")
    starts = Month.of(final_on).shift(1).first_day
    ends = Month.of(starts).shift(months).first_day - timedelta(days=1)
    return starts, ends


def standby_step(starts_on: date, ends_on: date, months: int) -> Step:
    """The standby in words: its months, first and last day, base pay only (R-PAY-3)."""
    return Step(
        RULE,
        "bottom.standby",
        {"months": months, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        reason=True,
    )


def check_exam_score(score: Decimal) -> Decimal:
    """A re-entry exam score is a finite number from 0 to 100."""
    if not score.is_finite() or not Decimal(0) <= score <= SCALE_TOP:
        raise KefuError(
            f"重新上岗考试成绩应在 0–{num(SCALE_TOP)} 分之间，而不是 {score} "
            f"(a score from 0 to {num(SCALE_TOP)})"
        )
    return score


@dataclass(frozen=True)
class Verdict:
    """The re-entry exam (重新上岗考试) against the pass mark, and the return day on a pass."""

    passed: bool
    return_on: date | None
    step: Step


def re_entry_verdict(
    score: Decimal, pass_mark: Decimal, taken_on: date, standby_ends_on: date, source: str
) -> Verdict:
    """Pass at ``pass_mark`` or above: back the day after the exam, not before the standby ends."""
    check_exam_score(score)
    args: dict[str, TraceValue] = {
        "score": score_text(score),
        "pass_mark": num(pass_mark),
        "taken_on": taken_on.isoformat(),
        "source": source,
    }
    if score < pass_mark:
        return Verdict(False, None, Step(RULE, "bottom.re_entry_fail", args, reason=True))
    return_on = max(taken_on, standby_ends_on) + timedelta(days=1)
    args |= {
        "return_on": return_on.isoformat(),
        "waited": taken_on < standby_ends_on,
        "ends_on": standby_ends_on.isoformat(),
    }
    return Verdict(True, return_on, Step(RULE, "bottom.re_entry_pass", args, reason=True))


def extension_step(ends_on: date, until: date) -> Step:
    """The manager extends the standby after a failed exam: to a later day."""
    if until <= ends_on:
        raise KefuError(
            f"延长待岗须晚于当前的结束日 {ends_on.isoformat()}，而不是 {until.isoformat()} "
            f"(an extension ends after {ends_on.isoformat()})"
        )
    return Step(
        RULE,
        "bottom.extended",
        {"from": ends_on.isoformat(), "until": until.isoformat()},
        reason=True,
    )


def dismissal_day(final_on: date) -> date:
    """The dismissal takes effect the day after the case becomes final."""
    return final_on + timedelta(days=1)


def dismissal_step(left_on: date, grounds: str) -> Step:
    """The register records the person as left (辞退, 绩效不佳) from ``left_on``."""
    return Step(
        RULE, "bottom.dismissal", {"left_on": left_on.isoformat(), "grounds": grounds}, reason=True
    )
