"""Pure rules of the new-hire programme (新员工培训, R-NEW-1..4): the plan on the calendar, the
training scores, the automatic elimination flags and the conversion exam.

Since seed 000 (第五篇, the day-by-day plan) and seed 002 (培训淘汰制度). No database, no web:
plain values in, results with their explanation (``Step``) out.

Decisions where the seeds are silent (each tested in tests/training/test_rules.py):

* Plan day N falls on the cohort's start + N − 1 (calendar days: the seed counts days since
  joining). Only an exam day moves: an exam on a day that is not a working day of the statutory
  calendar sits on the next working day, and its explanation says so. Two exams may then share
  a day.
* "Twice in a row" (连续两次) counts the theory (or practical) scores in the order they were
  taken — by day, then by the order they were recorded. Fails separated by a pass are not in a
  row. Once a run of fails has happened the flag stays: a later pass does not undo the fact
  (the talk weighs it). The flag is dated by the fail that completed the run.
* The conduct flag is the present state: the mean of every daily-conduct score so far below the
  pass mark, with at least the policy's number of warnings (提醒) recorded — of any kind, the
  seed's 多次提醒. It is dated by the day both first held in the run of days they still hold.
* The conversion exam passes at the conversion pass mark (inclusive). Pass: regular from the
  next day. Fail: the re-exam sits the policy's days later (moved like any exam to a working
  day). The re-exam's pass: a probation of the policy's months from the next day (the day
  before the same day N months later, clamped to the month's end), regular from the day after.
* A re-exam paper must not repeat a question of the failed paper: two papers of the question
  bank are compared question by question; a paper entered by hand is known only by its name,
  which must differ from the failed one's (the trainer vouches for its questions).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, Protocol

from kefu.errors import Forbidden, KefuError
from kefu.explain.trace import Step, TraceValue, num, score_text
from kefu.periods import add_months
from kefu.policy.lint import SCALE_TOP
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import NewHireTraining

PLAN_RULE = "R-NEW-1"
SCORE_RULE = "R-NEW-2"
FLAG_RULE = "R-NEW-3"
CASE_RULE = "R-NEW-4"
SECTION = "new_hire_training"

# the kinds of exam a plan day may hold (Chinese, English)
EXAM_KINDS: dict[str, tuple[str, str]] = {
    "ability": ("基本能力测试", "ability test"),
    "theory": ("理论考试", "theory exam"),
    "practical": ("实操考试", "practical exam"),
    "comprehensive": ("综合考试", "comprehensive exam"),
    "conversion": ("转正考试", "conversion exam"),
}
CONVERSION: Literal["conversion"] = "conversion"
RE_EXAM: Literal["re_exam"] = "re_exam"
THEORY = "theory"
PRACTICAL = "practical"
CONDUCT = "conduct"
ScoreKind = Literal["theory", "practical", "conduct", "conversion", "re_exam"]
SCORE_KINDS: dict[str, tuple[str, str]] = {
    THEORY: ("理论考核", "theory"),
    PRACTICAL: ("实践考核", "practical"),
    CONDUCT: ("日常表现", "daily conduct"),
    CONVERSION: ("转正考试", "conversion exam"),
    RE_EXAM: ("转正补考", "conversion re-exam"),
}
CONDUCT_PARTS: dict[str, tuple[str, str]] = {
    "attendance": ("出勤情况", "attendance"),
    "attitude": ("学习态度", "learning attitude"),
    "teamwork": ("团队协作", "teamwork"),
}
# the criteria a trainer records with evidence (R-NEW-3; the ability test of 000 第1天/第3天)
CRITERIA: dict[str, tuple[str, str]] = {
    "serious_violation": ("严重违反公司规章制度", "serious violation of the rules"),
    "unable_after_coaching": (
        "经多次培训辅导仍无法掌握基本技能",
        "still unable to do the basic job after repeated coaching",
    ),
    "serious_complaint": ("服务态度恶劣引发严重客户投诉", "a serious complaint caused by attitude"),
    "refuses_cooperation": ("不配合团队工作，影响团队", "persistent refusal to cooperate"),
    "ability_far_below": (
        "基本能力测试离岗位要求差太多",
        "ability test far below what the job needs",
    ),
}
# the automatic flags (R-NEW-3), in the order they are listed
FLAG_KINDS: dict[str, tuple[str, str]] = {
    THEORY: ("理论考核连续不及格", "theory failed in a row"),
    PRACTICAL: ("实践考核连续不及格", "practical failed in a row"),
    CONDUCT: ("日常表现平均分不及格且多次提醒", "daily conduct below the pass mark after warnings"),
}


class ParameterUnset(KefuError):
    """A rule needs a policy value the policy does not give at all (neither set nor [X])."""

    http_status = 409


class Calendar(Protocol):
    """What the rules need of the statutory calendar (kefu.workdays.WorkCalendar)."""

    def is_working_day(self, day: date) -> bool: ...

    def holiday_name(self, day: date) -> str | None: ...


# ---------------------------------------------------------------- the policy


def section_of(loaded: LoadedPolicy, rule: str) -> NewHireTraining:
    """The policy's new_hire_training section, or a refusal naming it."""
    section = loaded.model.new_hire_training
    if section is None:
        raise ParameterUnset(
            f"政策 {loaded.name} 没有新员工培训 ({SECTION}) 一节：规则 {rule} 无法执行 "
            f"(the policy has no {SECTION} section; {rule} needs it)"
        )
    return section


def setting(loaded: LoadedPolicy, name: str, rule: str) -> Any:
    """A value of the policy's new_hire_training section; refused, naming it, while it is open
    ([X]) or not given."""
    path = f"{SECTION}.{name}"
    loaded.require(path, rule)
    value = getattr(section_of(loaded, rule), name)
    if value is None:
        raise ParameterUnset(
            f"政策 {loaded.name} 没有设置参数 {path}，规则 {rule} 需要它：请在政策文件中填写后再执行 "
            f"(policy parameter {path} is not set; {rule} needs it)"
        )
    return value


# ---------------------------------------------------------------- the plan (R-NEW-1)


@dataclass(frozen=True)
class PlanDay:
    """One day of the plan: its number, title, content items, who leads it, its exam."""

    number: int
    title: str
    content: tuple[str, ...]
    lead: str
    exam: str | None = None
    exam_items: tuple[str, ...] = ()
    assigns_mentor: bool = False
    """A mentor (导师/师傅) is assigned to each new hire on this day."""
    targeted: bool = False
    """The day's targeted training (专项培训) is for those who failed the conversion exam."""


def check_plan(days: Sequence[PlanDay]) -> None:
    """A plan's days are numbered 1, 2, … in order, exams of known kinds, one conversion exam."""
    if not days:
        raise KefuError("培训计划没有任何一天 (a plan needs days)")
    for i, day in enumerate(days, start=1):
        if day.number != i:
            raise KefuError(
                f"培训计划的第 {i} 项是第 {day.number} 天：天数应从 1 起连续编号 "
                f"(plan days are numbered 1, 2, … in order)"
            )
        if not day.title.strip():
            raise KefuError(f"第 {day.number} 天没有标题 (day {day.number} needs a title)")
        if day.exam is not None and day.exam not in EXAM_KINDS:
            raise KefuError(
                f"第 {day.number} 天的考试类别「{day.exam}」不存在，应为 "
                f"{', '.join(EXAM_KINDS)} (unknown exam kind)"
            )
    conversions = [d.number for d in days if d.exam == CONVERSION]
    if len(conversions) > 1:
        raise KefuError(
            f"培训计划有 {len(conversions)} 个转正考试日 (第 {conversions} 天)：只能有一个 "
            f"(a plan has one conversion exam)"
        )


@dataclass(frozen=True)
class DayOnCalendar:
    """A plan day laid out on the calendar: the day it falls on, where its exam sits."""

    day: PlanDay
    planned_on: date
    """The cohort's start + N − 1."""
    on: date
    """The day it is held: ``planned_on``, or the next working day for an exam."""
    steps: tuple[Step, ...]

    @property
    def moved(self) -> bool:
        return self.on != self.planned_on


def next_working_day(calendar: Calendar, day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def exam_on(calendar: Calendar, planned: date, what: str) -> tuple[date, Step | None]:
    """The day an exam sits: ``planned`` if a working day, else the next working day (R-NEW-1)."""
    held = next_working_day(calendar, planned)
    if held == planned:
        return held, None
    return held, Step(
        PLAN_RULE,
        "training.exam_moved",
        {
            "what": what,
            "planned_on": planned.isoformat(),
            "holiday": calendar.holiday_name(planned),
            "weekday": planned.weekday(),
            "on": held.isoformat(),
        },
        reason=True,
    )


def lay_out(
    days: Sequence[PlanDay], starts_on: date, calendar: Calendar
) -> tuple[DayOnCalendar, ...]:
    """Every plan day on a real date: day N = start + N − 1; exams on working days (R-NEW-1)."""
    out = []
    for day in days:
        planned = starts_on + timedelta(days=day.number - 1)
        steps = [
            Step(
                PLAN_RULE,
                "training.plan_day",
                {"day": day.number, "starts_on": starts_on.isoformat(), "on": planned.isoformat()},
            )
        ]
        held = planned
        if day.exam is not None:
            held, moved = exam_on(calendar, planned, f"day:{day.number}:{day.exam}")
            if moved is not None:
                steps.append(moved)
        out.append(DayOnCalendar(day, planned, held, tuple(steps)))
    return tuple(out)


def programme_day(starts_on: date, today: date) -> int:
    """Which day of the programme ``today`` is (1 on the start; 0 or less before it)."""
    return (today - starts_on).days + 1


def mentor_due(laid: Sequence[DayOnCalendar]) -> date:
    """The day by which every trainee has a mentor: the plan's mentor day (else its first)."""
    for entry in laid:
        if entry.day.assigns_mentor:
            return entry.on
    return laid[0].on


def without_mentor(due: date, today: date, has_mentor: bool) -> Step | None:
    """A trainee still without a mentor after the plan's mentor day (R-NEW-1), else None."""
    if has_mentor or today <= due:
        return None
    return Step(PLAN_RULE, "training.no_mentor", {"due": due.isoformat()}, reason=True)


def conversion_day(laid: Sequence[DayOnCalendar]) -> DayOnCalendar | None:
    """The laid-out day of the plan's conversion exam (转正考试), if the plan has one."""
    return next((d for d in laid if d.day.exam == CONVERSION), None)


def evaluation_days(starts_on: date, programme_days: int, every_weeks: int) -> list[date]:
    """The last day of each evaluation period (每N周评估) within the programme (R-NEW-2)."""
    if every_weeks < 1 or programme_days < 1:
        raise KefuError("评估周期和培训天数都应至少为 1 (at least 1)")
    last = starts_on + timedelta(days=programme_days - 1)
    out = []
    k = 1
    while (end := starts_on + timedelta(days=7 * every_weeks * k - 1)) <= last:
        out.append(end)
        k += 1
    return out


# ---------------------------------------------------------------- scores (R-NEW-2)


@dataclass(frozen=True)
class Mark:
    """One theory, practical, conversion or re-exam score as the rules see it."""

    ref: str
    """Where it comes from: "score:12" (entered) or "sitting:34" (an exam sitting)."""
    taken_on: date
    score: Decimal


@dataclass(frozen=True)
class ConductScore:
    """One daily-conduct evaluation: attendance + attitude + teamwork."""

    ref: str
    taken_on: date
    parts: Mapping[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.parts.values(), Decimal(0))


@dataclass(frozen=True)
class Reminder:
    """A warning (提醒) the trainer recorded, with its day."""

    ref: str
    given_on: date


def check_mark(value: Decimal, what: str = "成绩") -> Decimal:
    """A score out of 100: a finite number from 0 to 100 (R-NEW-2)."""
    if not value.is_finite() or not Decimal(0) <= value <= SCALE_TOP:
        raise KefuError(
            f"{what}应在 0–{num(SCALE_TOP)} 分之间，而不是 {value} "
            f"(a score from 0 to {num(SCALE_TOP)})"
        )
    return value


def conduct_total(parts: Mapping[str, Decimal], maxima: Mapping[str, Decimal]) -> Step:
    """Daily conduct = attendance + attitude + teamwork, each within its policy maximum."""
    unknown = sorted(set(parts) - set(CONDUCT_PARTS))
    if unknown:
        raise KefuError(f"日常表现没有「{'、'.join(unknown)}」这一项 (unknown conduct part)")
    for part, (zh, en) in CONDUCT_PARTS.items():
        if part not in parts:
            raise KefuError(f"日常表现缺少「{zh}」的得分 (the {en} part is missing)")
        value = parts[part]
        top = maxima[part]
        if not value.is_finite() or not Decimal(0) <= value <= top:
            raise KefuError(
                f"{zh}应在 0–{num(top)} 分之间，而不是 {value} ({en} is scored 0 to {num(top)})"
            )
    total = sum((parts[p] for p in CONDUCT_PARTS), Decimal(0))
    return Step(
        SCORE_RULE,
        "training.conduct",
        {
            "parts": [f"{p}={num(parts[p])}/{num(maxima[p])}" for p in CONDUCT_PARTS],
            "total": score_text(total),
        },
    )


def mark_step(kind: str, mark: Mark, pass_mark: Decimal) -> Step:
    """A theory or practical score against the pass mark, in words."""
    return Step(
        SCORE_RULE,
        "training.mark",
        {
            "kind": kind,
            "on": mark.taken_on.isoformat(),
            "score": score_text(mark.score),
            "pass_mark": num(pass_mark),
            "passed": mark.score >= pass_mark,
        },
    )


# ---------------------------------------------------------------- flags (R-NEW-3)


@dataclass(frozen=True)
class Check:
    """One automatic criterion for a trainee: whether it holds, since when, on what evidence."""

    kind: str
    held: bool
    since: date | None
    evidence: tuple[str, ...]
    """The refs of the scores (and warnings) it rests on."""
    steps: tuple[Step, ...] = field(default=())


def _sorted_marks(marks: Sequence[Mark]) -> list[Mark]:
    # the order taken: by day; within a day the order given (the order recorded)
    return sorted(marks, key=lambda m: m.taken_on)


def _shown(mark: Mark) -> str:
    return f"{mark.taken_on.isoformat()} {score_text(mark.score)}"


def fails_in_a_row(kind: str, marks: Sequence[Mark], pass_mark: Decimal, needed: int) -> Check:
    """Theory (or practical) below the pass mark ``needed`` times in a row (R-NEW-3).

    The first run of ``needed`` consecutive fails flags, dated by its last fail; fails with a
    pass between them are not in a row.
    """
    if needed < 1:
        raise KefuError(f"连续不及格次数应至少为 1，而不是 {needed} (at least 1)")
    ordered = _sorted_marks(marks)
    run: list[Mark] = []
    for mark in ordered:
        if mark.score < pass_mark:
            run.append(mark)
            if len(run) == needed:
                step = Step(
                    FLAG_RULE,
                    "training.fails_in_a_row",
                    {
                        "kind": kind,
                        "needed": needed,
                        "pass_mark": num(pass_mark),
                        "scores": [_shown(m) for m in run],
                    },
                    reason=True,
                )
                return Check(kind, True, mark.taken_on, tuple(m.ref for m in run), (step,))
        else:
            run = []
    fails = [m for m in ordered if m.score < pass_mark]
    args: dict[str, TraceValue] = {
        "kind": kind,
        "needed": needed,
        "pass_mark": num(pass_mark),
        "count": len(ordered),
        "fails": [_shown(m) for m in fails],
        "in_a_row": len(run),
    }
    return Check(kind, False, None, (), (Step(FLAG_RULE, "training.no_fail_run", args),))


def conduct_flag(
    scores: Sequence[ConductScore],
    warnings: Sequence[Reminder],
    pass_mark: Decimal,
    warnings_needed: int,
) -> Check:
    """Mean daily conduct below the pass mark with at least ``warnings_needed`` warnings
    recorded (经多次提醒仍无明显改进, R-NEW-3): the state now, dated by the day it began."""
    if warnings_needed < 1:
        raise KefuError(f"提醒次数应至少为 1，而不是 {warnings_needed} (at least 1)")
    ordered = sorted(scores, key=lambda s: s.taken_on)
    warned = sorted(warnings, key=lambda w: w.given_on)

    def holds_on(day: date) -> bool:
        upto = [s.total for s in ordered if s.taken_on <= day]
        count = sum(1 for w in warned if w.given_on <= day)
        if not upto or count < warnings_needed:
            return False
        return sum(upto, Decimal(0)) / len(upto) < pass_mark

    mean = sum((s.total for s in ordered), Decimal(0)) / len(ordered) if ordered else None
    args: dict[str, TraceValue] = {
        "count": len(ordered),
        "mean": score_text(mean),
        "pass_mark": num(pass_mark),
        "warnings": len(warned),
        "needed": warnings_needed,
        "scores": [f"{s.taken_on.isoformat()} {score_text(s.total)}" for s in ordered],
        "warned_on": [w.given_on.isoformat() for w in warned],
    }
    days = sorted({s.taken_on for s in ordered} | {w.given_on for w in warned})
    if not days or not holds_on(days[-1]):
        return Check(CONDUCT, False, None, (), (Step(FLAG_RULE, "training.conduct_ok", args),))
    since = days[-1]
    for day in reversed(days):
        if not holds_on(day):
            break
        since = day
    evidence = tuple(s.ref for s in ordered) + tuple(w.ref for w in warned)
    step = Step(FLAG_RULE, "training.conduct_flag", {**args, "since": since.isoformat()}, True)
    return Check(CONDUCT, True, since, evidence, (step,))


# ---------------------------------------------------------------- conversion (R-NEW-1)


@dataclass(frozen=True)
class Outcome:
    """The result of a conversion exam or its re-exam, and what follows from it."""

    attempt: Literal["conversion", "re_exam"]
    passed: bool
    regular_from: date | None
    """The first day as regular staff (passed)."""
    re_exam_on: date | None
    """The day of the re-exam (the conversion exam failed)."""
    probation_ends: date | None
    """The last day of the probation after a passed re-exam."""
    steps: tuple[Step, ...]


def check_exam_day(what: str, taken_on: date, scheduled: date) -> Step:
    """A conversion exam (or its re-exam) is sat on its day or later, never before (R-NEW-1)."""
    if taken_on < scheduled:
        zh, en = SCORE_KINDS[what]
        raise KefuError(
            f"{zh}安排在 {scheduled.isoformat()}，{taken_on.isoformat()} 还不能考 "
            f"(the {en} is on {scheduled.isoformat()})"
        )
    return Step(
        PLAN_RULE,
        "training.exam_day",
        {"what": what, "scheduled": scheduled.isoformat(), "on": taken_on.isoformat()},
    )


def conversion_outcome(
    score: Decimal,
    pass_mark: Decimal,
    taken_on: date,
    re_exam_after_days: int,
    calendar: Calendar,
) -> Outcome:
    """转正考试: pass → regular from the next day; fail → targeted training and a re-exam
    ``re_exam_after_days`` later, on a working day (R-NEW-1)."""
    check_mark(score, "转正考试成绩")
    shown: dict[str, TraceValue] = {
        "score": score_text(score),
        "pass_mark": num(pass_mark),
        "on": taken_on.isoformat(),
    }
    if score >= pass_mark:
        regular = taken_on + timedelta(days=1)
        step = Step(
            PLAN_RULE, "training.converted", {**shown, "regular_from": regular.isoformat()}, True
        )
        return Outcome(CONVERSION, True, regular, None, None, (step,))
    planned = taken_on + timedelta(days=re_exam_after_days)
    held, moved = exam_on(calendar, planned, RE_EXAM)
    steps = [
        Step(
            PLAN_RULE,
            "training.conversion_failed",
            {**shown, "days": re_exam_after_days, "re_exam_on": planned.isoformat()},
            True,
        )
    ]
    if moved is not None:
        steps.append(moved)
    return Outcome(CONVERSION, False, None, held, None, tuple(steps))


def probation_end(starts_on: date, months: int) -> date:
    """The last day of a probation of ``months`` from ``starts_on``: the day before the same
    day N months later, clamped to that month's end (0 months: the day before ``starts_on``)."""
    same_day = add_months(starts_on, months)
    if same_day.day != starts_on.day:
        return same_day
    return same_day - timedelta(days=1)


def re_exam_outcome(
    score: Decimal, pass_mark: Decimal, taken_on: date, probation_months: int
) -> Outcome:
    """转正补考: pass → regular after ``probation_months`` of probation from the next day;
    fail → the manager chooses: eliminate or extend the probation (R-NEW-1)."""
    check_mark(score, "补考成绩")
    shown: dict[str, TraceValue] = {
        "score": score_text(score),
        "pass_mark": num(pass_mark),
        "on": taken_on.isoformat(),
    }
    if score >= pass_mark:
        starts = taken_on + timedelta(days=1)
        ends = probation_end(starts, probation_months)
        regular = ends + timedelta(days=1)
        step = Step(
            PLAN_RULE,
            "training.re_exam_passed",
            {
                **shown,
                "months": probation_months,
                "starts_on": starts.isoformat(),
                "ends_on": ends.isoformat(),
                "regular_from": regular.isoformat(),
            },
            True,
        )
        return Outcome(RE_EXAM, True, regular, None, ends, (step,))
    step = Step(PLAN_RULE, "training.re_exam_failed", shown, True)
    return Outcome(RE_EXAM, False, None, None, None, (step,))


def extension_outcome(score: Decimal, pass_mark: Decimal, taken_on: date) -> Outcome:
    """The exam that ends an extended probation (延长试用期): pass → regular from the next day
    (the extension was the probation); fail → the manager chooses again (R-NEW-1)."""
    check_mark(score, "延长试用期后的考试成绩")
    shown: dict[str, TraceValue] = {
        "score": score_text(score),
        "pass_mark": num(pass_mark),
        "on": taken_on.isoformat(),
    }
    if score >= pass_mark:
        regular = taken_on + timedelta(days=1)
        step = Step(
            PLAN_RULE,
            "training.extension_passed",
            {**shown, "regular_from": regular.isoformat()},
            True,
        )
        return Outcome(RE_EXAM, True, regular, None, None, (step,))
    step = Step(PLAN_RULE, "training.re_exam_failed", shown, True)
    return Outcome(RE_EXAM, False, None, None, None, (step,))


@dataclass(frozen=True)
class Paper:
    """The paper an exam was sat on: a paper of the question bank (its questions known) or one
    named by hand."""

    paper_id: int | None
    label: str
    questions: frozenset[int] | None = None


def check_re_exam_paper(failed: Paper, re_exam: Paper) -> Step:
    """The re-exam paper shares no question with the failed one (考试题目与上次不同, R-EXM-1)."""
    if failed.questions is not None and re_exam.questions is not None:
        shared = failed.questions & re_exam.questions
        if failed.paper_id == re_exam.paper_id or shared:
            raise KefuError(
                f"补考试卷「{re_exam.label}」与未通过的试卷「{failed.label}」有 "
                f"{len(shared)} 道相同的题目：补考须换一份没有重复题目的试卷 "
                f"(the re-exam paper repeats {len(shared)} question(s) of the failed one)"
            )
        return Step(
            PLAN_RULE,
            "training.paper_differs",
            {"failed": failed.label, "paper": re_exam.label, "compared": len(re_exam.questions)},
        )
    same_id = failed.paper_id is not None and failed.paper_id == re_exam.paper_id
    same_label = failed.label.strip() == re_exam.label.strip()
    if same_id or same_label:
        raise KefuError(
            f"补考试卷「{re_exam.label}」就是未通过的试卷：补考须换一份题目不同的试卷 "
            f"(the re-exam must be on a different paper)"
        )
    return Step(
        PLAN_RULE,
        "training.paper_named",
        {"failed": failed.label, "paper": re_exam.label},
    )


def check_extension(until: date, today: date, reason: str) -> Step:
    """Extending the probation: to a later day, with its reason (R-NEW-1)."""
    if until <= today:
        raise KefuError(
            f"延长试用期至 {until.isoformat()} 不晚于今天 {today.isoformat()} "
            f"(the probation is extended to a later day)"
        )
    if not reason.strip():
        raise KefuError("延长试用期须写明原因 (an extension needs its reason)")
    return Step(PLAN_RULE, "training.extended", {"until": until.isoformat()}, True)


def not_own_case(actor_no: str | None, subject_nos: Collection[str], what: str) -> None:
    """Nobody decides their own case (R-NEW-4)."""
    if actor_no is not None and actor_no in subject_nos:
        raise Forbidden(f"不能{what}与自己有关的事项 (nobody decides their own case)")
