"""Pure rules of the Eagle plan (雏鹰计划, R-EGL-1..3): screening, schedule, group, exams.

Since seed 000 (第一篇): regular agents with a year in a customer-service department apply,
are screened and ranked, study in a group of four with a leader, sit two exams and, passing
both, move to the VIP department. No database, no web: plain values in, results with their
explanation out.

Decisions where the seed is silent (each tested in tests/careers/test_eagle.py):

* Only staff whose register status is regular (正式) qualify: someone on probation, standby or
  notice, or gone, cannot be trained into another department.
* Tenure counts from the day the person joined a regular CS department (``regular_since``,
  else ``hired_on``) and is inclusive (任职一年以上: 以上 includes the year itself): the
  anniversary is the same day N months later, clamped to the month's end (2024-02-29 → 2025-02-28).
* A plan outside the policy's months is flagged, not rejected (原则1个月至2个月: "in principle").
* Award weights are needed only when a qualified applicant has an award; an open
  ``award_weights`` then refuses, and an award theme it does not weigh is refused too (a
  guessed 0 could push the applicant down).
* Ranking: award points, conversion-exam score (none last), preferred level (unlisted last),
  earlier application, employee number. Each applicant's step says which criterion put them
  behind the one just ahead: adjacent comparisons explain the whole order.
* Schedule in calendar days (the seed says 天, not 工作日); shortlisting on the deadline day is
  allowed, before it is flagged.
* A prior GAP score exempts when ≥ the pass mark (RULES: ≥ 80, the seed's 超过 read as "reaches")
  and taken on or after the application day minus N months (month-end clamped) and not after
  the application day. The exams' outcome is False as soon as a taken exam fails, None while a
  result is still missing.
* The leader is replaced when the distinct members complaining with valid reasons are strictly
  more than the share (半数以上: 3 of 4, not 2 of 4).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kefu.careers.election import open_parameter, refuse_open, who
from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num
from kefu.periods import add_months
from kefu.policy.lint import SCALE_TOP
from kefu.policy.schema import EaglePlan

RULE_SCREEN = "R-EGL-1"
RULE_GROUP = "R-EGL-2"
RULE_EXAM = "R-EGL-3"
REGULAR = "regular"
MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class Application:
    """One 雏鹰计划 application (申请书): who, where from, record and study plan."""

    employee_no: str
    name: str
    department: str
    level: str
    status: str
    hired_on: date
    regular_since: date | None
    """Since when in a regular CS department; None: ``hired_on``."""
    applied_on: date
    major_complaints: int
    awards: tuple[str, ...]
    """Award themes won (a theme won twice is listed twice)."""
    conversion_exam_score: Decimal | None
    plan_months: Decimal
    """How long the study plan takes (计划所需时间)."""
    progress: str = ""
    method: str = ""
    exam_dates: str = ""
    duration: str = ""
    supervisor_comment: str = ""
    results_summary: str = ""


@dataclass(frozen=True)
class Screened:
    """An application after screening: its place among the qualified, or why it failed."""

    employee_no: str
    name: str
    qualified: bool
    place: int | None
    award_points: Decimal | None
    flagged: bool
    """Qualified, but something needs a look (a plan outside 1–2 months)."""
    steps: tuple[Step, ...]

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.steps if s.reason]


@dataclass(frozen=True)
class ExamOutcome:
    """The two exams of R-EGL-3: GAP exempt or not; passed, failed, or None while one is missing."""

    gap_exempt: bool
    passed: bool | None
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class LeaderReplacement:
    """Whether valid complaints from more than the share of members replace the leader."""

    must_replace: bool
    step: Step


def screen(
    plan: EaglePlan, open_paths: Collection[str], applications: Sequence[Application]
) -> tuple[Screened, ...]:
    """Qualified applicants in order (R-EGL-1 合格候选人标准), then the others with reasons."""
    tenure_months = _tenure_months(plan)
    seen: set[str] = set()
    checked: list[tuple[Application, list[Step], bool, bool]] = []
    for app in applications:
        if app.employee_no in seen:
            raise KefuError(
                f"工号 {app.employee_no} 重复申请 (employee {app.employee_no} applied twice)"
            )
        seen.add(app.employee_no)
        _check_application(app)
        steps, qualified, flagged = _qualify(plan, tenure_months, app)
        checked.append((app, steps, qualified, flagged))
    qualified_apps = [app for app, _, ok, _ in checked if ok]
    weights = _award_weights(plan, open_paths, qualified_apps)
    points = {app.employee_no: _award_points(weights, app) for app in qualified_apps}
    keys = {app.employee_no: _key(plan, app, points[app.employee_no]) for app in qualified_apps}
    ordered = sorted(
        ((app, steps, flagged) for app, steps, ok, flagged in checked if ok),
        key=lambda item: keys[item[0].employee_no],
    )
    pool = len(ordered)
    out: list[Screened] = []
    for place, (app, steps, flagged) in enumerate(ordered, start=1):
        steps = [*steps, *_ranking_steps(plan, app, points[app.employee_no], weights)]
        steps.append(Step(RULE_SCREEN, "eagle.placed", {"place": place, "pool": pool}))
        if place > 1:
            ahead = ordered[place - 2][0]
            steps.append(_behind_step(app, ahead, keys, points))
        out.append(
            Screened(
                app.employee_no,
                app.name,
                True,
                place,
                points[app.employee_no],
                flagged,
                tuple(steps),
            )
        )
    for app, steps, ok, flagged in checked:
        if not ok:
            out.append(
                Screened(app.employee_no, app.name, False, None, None, flagged, tuple(steps))
            )
    return tuple(out)


def proposed_schedule(plan: EaglePlan, deadline: date) -> tuple[date, date, date]:
    """Shortlist by, interview from, interview to: calendar days after the deadline (R-EGL-1)."""
    if plan.interview_from_days > plan.interview_to_days:
        raise KefuError(
            f"eagle_plan.interview_from_days: 面试最早 {plan.interview_from_days} 天晚于最迟 "
            f"{plan.interview_to_days} 天 (the interview window is empty)"
        )
    return (
        deadline + timedelta(days=plan.shortlist_within_days),
        deadline + timedelta(days=plan.interview_from_days),
        deadline + timedelta(days=plan.interview_to_days),
    )


def check_schedule(
    plan: EaglePlan, deadline: date, shortlist_on: date | None, interview_on: date | None
) -> tuple[Step, ...]:
    """The shortlist and interview days against the deadline; flags are reason steps (R-EGL-1)."""
    shortlist_by, interview_from, interview_to = proposed_schedule(plan, deadline)
    if shortlist_on is None:
        state = "pending"
    elif shortlist_on < deadline:
        state = "early"
    elif shortlist_on > shortlist_by:
        state = "late"
    else:
        state = "ok"
    steps = [
        Step(
            RULE_SCREEN,
            "eagle.schedule.shortlist",
            {
                "on": _iso(shortlist_on),
                "deadline": deadline.isoformat(),
                "by": shortlist_by.isoformat(),
                "days": plan.shortlist_within_days,
                "state": state,
            },
            reason=state in {"early", "late"},
        )
    ]
    if interview_on is None:
        state = "pending"
    elif interview_from <= interview_on <= interview_to:
        state = "ok"
    else:
        state = "outside"
    steps.append(
        Step(
            RULE_SCREEN,
            "eagle.schedule.interview",
            {
                "on": _iso(interview_on),
                "deadline": deadline.isoformat(),
                "from": interview_from.isoformat(),
                "to": interview_to.isoformat(),
                "state": state,
            },
            reason=state == "outside",
        )
    )
    if shortlist_on is not None and interview_on is not None and interview_on < shortlist_on:
        steps.append(
            Step(
                RULE_SCREEN,
                "eagle.schedule.interview_before_shortlist",
                {
                    "shortlist_on": shortlist_on.isoformat(),
                    "interview_on": interview_on.isoformat(),
                },
                reason=True,
            )
        )
    return tuple(steps)


def check_group(
    plan: EaglePlan, members: Sequence[tuple[str, str]], leader: str | None
) -> tuple[Step, ...]:
    """The group's seats by department, its size and its leader (R-EGL-2); refuses a bad group.

    ``members`` are (employee_no, department); ``leader`` None: not appointed yet (flagged).
    """
    seats = Counter[str]()
    for seat in plan.group:
        if seat.department in seats:
            raise KefuError(
                f"eagle_plan.group: 部门「{seat.department}」出现两次 "
                f"(department {seat.department} has two seat rows)"
            )
        seats[seat.department] = seat.members
    if seats.total() != plan.members:
        raise KefuError(
            f"eagle_plan.group: 各部门名额合计 {seats.total()} 人，与小组人数 {plan.members} 不符 "
            f"(the seats add up to {seats.total()}, not {plan.members})"
        )
    counts = Counter(no for no, _ in members)
    twice = sorted(no for no, n in counts.items() if n > 1)
    if twice:
        raise KefuError(
            f"小组成员 {'、'.join(twice)} 重复列出 (listed more than once: {', '.join(twice)})"
        )
    if len(members) != plan.members:
        raise KefuError(
            f"小组应有 {plan.members} 名成员，现有 {len(members)} 名 "
            f"(the group needs {plan.members} members, not {len(members)})"
        )
    by_department: dict[str, list[str]] = {}
    for no, department in members:
        by_department.setdefault(department, []).append(no)
    wrong = [
        f"{d} {len(by_department.get(d, []))}/{seats[d]}"
        for d in [*seats, *(d for d in by_department if d not in seats)]
        if len(by_department.get(d, [])) != seats[d]
    ]
    if wrong:
        raise KefuError(
            f"小组成员的部门与名额不符: {'、'.join(wrong)} (实有/应有) "
            f"(members by department do not match the seats: {', '.join(wrong)} actual/seats)"
        )
    steps = [
        Step(
            RULE_GROUP,
            "eagle.group.seats",
            {"department": d, "seats": seats[d], "members": sorted(by_department[d])},
        )
        for d in seats
    ]
    if leader is None:
        steps.append(Step(RULE_GROUP, "eagle.group.no_leader", reason=True))
    elif leader not in counts:
        raise KefuError(
            f"组长 {leader} 不是小组成员 (the leader {leader} is not a member of the group)"
        )
    else:
        steps.append(Step(RULE_GROUP, "eagle.group.leader", {"leader": leader}))
    return tuple(steps)


def gap_window_start(plan: EaglePlan, applied_on: date) -> date:
    """The first day a prior GAP score can exempt: the application day minus N months."""
    return add_months(applied_on, -plan.gap_exempt_within_months)


def exam_outcome(
    plan: EaglePlan,
    applied_on: date,
    soso_score: Decimal | None,
    gap_score: Decimal | None,
    prior_gap: tuple[date, Decimal] | None,
) -> ExamOutcome:
    """SOSO upgrade exam (never exempt) and GAP exam, exempt by a recent prior score (R-EGL-3)."""
    for label, value in (("SOSO", soso_score), ("GAP", gap_score)):
        _check_score(value, f"{label} 考试成绩", f"{label} exam score")
    steps: list[Step] = []
    exempt = False
    if prior_gap is None:
        steps.append(Step(RULE_EXAM, "eagle.exam.gap_no_prior"))
    else:
        taken_on, prior_score = prior_gap
        _check_score(prior_score, "原部门 GAP 成绩", "prior GAP score")
        since = gap_window_start(plan, applied_on)
        if prior_score < plan.pass_mark:
            why = "low"
        elif taken_on > applied_on:
            why = "after"
        elif taken_on < since:
            why = "old"
        else:
            why = "exempt"
        exempt = why == "exempt"
        steps.append(
            Step(
                RULE_EXAM,
                "eagle.exam.gap_prior",
                {
                    "taken_on": taken_on.isoformat(),
                    "score": num(prior_score),
                    "pass_mark": num(plan.pass_mark),
                    "since": since.isoformat(),
                    "applied_on": applied_on.isoformat(),
                    "months": plan.gap_exempt_within_months,
                    "why": why,
                },
            )
        )
    states = [_exam_step(plan, "soso", soso_score, steps)]
    if exempt:
        steps.append(Step(RULE_EXAM, "eagle.exam.result_exempt", {"exam": "gap"}))
    else:
        states.append(_exam_step(plan, "gap", gap_score, steps))
    passed: bool | None
    if "fail" in states:
        passed, result = False, "failed"
    elif "missing" in states:
        passed, result = None, "pending"
    else:
        passed, result = True, "passed"
    steps.append(Step(RULE_EXAM, "eagle.exam.result", {"result": result}, reason=True))
    return ExamOutcome(exempt, passed, tuple(steps))


def certificate_due(outcome: ExamOutcome) -> bool:
    """Passing both exams earns the certificate (奖状) and the transfer (R-EGL-3)."""
    return outcome.passed is True


def transfer_department(plan: EaglePlan) -> str:
    """Where those who pass are transferred, with its pay and benefits (R-EGL-3)."""
    return plan.target_department


def completion_step(plan: EaglePlan, outcome: ExamOutcome) -> Step:
    """Certificate and transfer, or why not yet (R-EGL-3)."""
    return Step(
        RULE_EXAM,
        "eagle.certificate",
        {"due": certificate_due(outcome), "department": transfer_department(plan)},
        reason=True,
    )


def leader_must_be_replaced(
    plan: EaglePlan, members_count: int, valid_complaints_from: Collection[str]
) -> LeaderReplacement:
    """另立组长 when distinct members with valid complaints are strictly more than the share
    of the members (R-EGL-2: 半数以上 — 3 of 4 is enough, 2 of 4 is not)."""
    if members_count < 1:
        raise KefuError(f"小组人数应至少为 1，而不是 {members_count} (a group has members)")
    complainers = set(valid_complaints_from)
    if len(complainers) > members_count:
        raise KefuError(
            f"投诉人数 {len(complainers)} 多于小组人数 {members_count} "
            f"(more complainers than members)"
        )
    share = plan.leader_replaced_above_share
    must = len(complainers) > share * members_count
    step = Step(
        RULE_GROUP,
        "eagle.leader_complaints",
        {
            "count": len(complainers),
            "members": members_count,
            "share": num(share * 100),
            "must_replace": must,
        },
        reason=must,
    )
    return LeaderReplacement(must, step)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _tenure_months(plan: EaglePlan) -> int:
    months = plan.min_tenure_years * MONTHS_A_YEAR
    if months != months.to_integral_value():
        raise KefuError(
            f"eagle_plan.min_tenure_years: {num(plan.min_tenure_years)} 年不是整月数 "
            f"(the tenure must be a whole number of months)"
        )
    return int(months)


def _check_score(value: Decimal | None, zh: str, en: str) -> None:
    if value is not None and not 0 <= value <= SCALE_TOP:
        raise KefuError(
            f"{zh} {num(value)} 不在 0–{num(SCALE_TOP)} 分之间 "
            f"({en} {num(value)} is outside 0–{num(SCALE_TOP)})"
        )


def _check_application(app: Application) -> None:
    label = who(app.name, app.employee_no)
    if app.major_complaints < 0:
        raise KefuError(f"{label} 的重大投诉次数不能为负 (major complaints cannot be negative)")
    if app.plan_months <= 0:
        raise KefuError(f"{label} 的计划所需时间应大于 0 (the plan must take some time)")
    if app.regular_since is not None and app.regular_since < app.hired_on:
        raise KefuError(
            f"{label} 进入普通客服部的日期早于入职日期 (joined a CS department before being hired)"
        )
    _check_score(app.conversion_exam_score, f"{label} 的转正考试成绩", "conversion exam score")


def _qualify(
    plan: EaglePlan, tenure_months: int, app: Application
) -> tuple[list[Step], bool, bool]:
    """The checks of 合格候选人标准 (R-EGL-1): steps, qualified, flagged."""
    failed: list[str] = []
    steps: list[Step] = []

    def check(code: str, ok: bool, args: dict[str, TraceValue]) -> None:
        steps.append(Step(RULE_SCREEN, code, {**args, "ok": ok}, reason=not ok))
        if not ok:
            failed.append(code.removeprefix("eagle."))

    check("eagle.status", app.status == REGULAR, {"status": app.status})
    check(
        "eagle.department",
        app.department in plan.source_departments,
        {"department": app.department, "allowed": list(plan.source_departments)},
    )
    since = app.regular_since or app.hired_on
    anniversary = add_months(since, tenure_months)
    check(
        "eagle.tenure",
        app.applied_on >= anniversary,
        {
            "since": since.isoformat(),
            "from_hire": app.regular_since is None,
            "years": num(plan.min_tenure_years),
            "anniversary": anniversary.isoformat(),
            "applied_on": app.applied_on.isoformat(),
        },
    )
    check("eagle.complaints", app.major_complaints == 0, {"count": app.major_complaints})
    in_range = plan.plan_months_min <= app.plan_months <= plan.plan_months_max
    # 原则1个月至2个月 ("in principle"): outside is flagged for the panel, not a rejection.
    steps.append(
        Step(
            RULE_SCREEN,
            "eagle.plan_months",
            {
                "months": num(app.plan_months),
                "min": num(plan.plan_months_min),
                "max": num(plan.plan_months_max),
                "ok": in_range,
            },
            reason=not in_range,
        )
    )
    qualified = not failed
    if qualified:
        steps.append(Step(RULE_SCREEN, "eagle.qualified"))
    else:
        steps.append(Step(RULE_SCREEN, "eagle.unqualified", {"failed": failed}, reason=True))
    return steps, qualified, not in_range


def _award_weights(
    plan: EaglePlan, open_paths: Collection[str], qualified: Sequence[Application]
) -> dict[str, Decimal]:
    """The award weights, needed only when a qualified applicant has an award."""
    awarded = [app for app in qualified if app.awards]
    if not awarded:
        return {}
    path = "eagle_plan.award_weights"
    refuse_open(open_paths, path, RULE_SCREEN)
    if plan.award_weights is None:
        raise open_parameter(path, RULE_SCREEN)
    for app in awarded:
        for theme in app.awards:
            if theme not in plan.award_weights:
                raise KefuError(
                    f"{who(app.name, app.employee_no)} 的奖项「{theme}」在 {path} 中没有权重 "
                    f"(award {theme} has no weight in {path})"
                )
    return plan.award_weights


def _award_points(weights: dict[str, Decimal], app: Application) -> Decimal:
    return sum((weights[theme] for theme in app.awards), Decimal(0))


def _level_index(plan: EaglePlan, level: str) -> int:
    """Position in the preferred levels; a level not listed comes after all of them."""
    levels = plan.preferred_levels
    return levels.index(level) if level in levels else len(levels)


_Key = tuple[Decimal, bool, Decimal, int, date, str]


def _key(plan: EaglePlan, app: Application, points: Decimal) -> _Key:
    """Sort key, smallest first: more award points, a higher exam (none last), preferred level,
    earlier application, employee number."""
    exam = app.conversion_exam_score
    return (
        -points,
        exam is None,
        -(exam if exam is not None else Decimal(0)),
        _level_index(plan, app.level),
        app.applied_on,
        app.employee_no,
    )


def _ranking_steps(
    plan: EaglePlan, app: Application, points: Decimal, weights: dict[str, Decimal]
) -> list[Step]:
    """What the ranking looks at for one applicant: awards, exam, level."""
    index = _level_index(plan, app.level)
    return [
        Step(
            RULE_SCREEN,
            "eagle.awards",
            {
                "awards": [f"{theme}×{num(weights[theme])}" for theme in app.awards],
                "points": num(points),
            },
        ),
        Step(RULE_SCREEN, "eagle.conversion_exam", {"score": num(app.conversion_exam_score)}),
        Step(
            RULE_SCREEN,
            "eagle.level",
            {
                "level": app.level,
                "preferred": list(plan.preferred_levels),
                "position": index + 1 if index < len(plan.preferred_levels) else None,
            },
        ),
    ]


def _behind_step(
    app: Application,
    ahead: Application,
    keys: dict[str, _Key],
    points: dict[str, Decimal],
) -> Step:
    """Which criterion put ``app`` just behind ``ahead``: the first one that differs."""
    mine, theirs = keys[app.employee_no], keys[ahead.employee_no]
    # Key positions per criterion; the exam takes two (present?, score).
    spans = {"awards": (0, 1), "exam": (1, 3), "level": (3, 4), "applied_on": (4, 5)}
    criterion = "employee_no"
    for name, (lo, hi) in spans.items():
        if mine[lo:hi] != theirs[lo:hi]:
            criterion = name
            break
    return Step(
        RULE_SCREEN,
        "eagle.behind",
        {
            "ahead": who(ahead.name, ahead.employee_no),
            "criterion": criterion,
            "mine": _criterion_value(criterion, app, points),
            "theirs": _criterion_value(criterion, ahead, points),
        },
    )


def _criterion_value(criterion: str, app: Application, points: dict[str, Decimal]) -> str | None:
    """An applicant's value of one ranking criterion, as a trace shows it."""
    if criterion == "awards":
        return num(points[app.employee_no])
    if criterion == "exam":
        return num(app.conversion_exam_score)
    if criterion == "level":
        return app.level
    if criterion == "applied_on":
        return app.applied_on.isoformat()
    return app.employee_no


def _exam_step(plan: EaglePlan, exam: str, score: Decimal | None, steps: list[Step]) -> str:
    """One exam against the pass mark; returns pass, fail or missing."""
    state = "missing" if score is None else ("pass" if score >= plan.pass_mark else "fail")
    steps.append(
        Step(
            RULE_EXAM,
            "eagle.exam.score",
            {"exam": exam, "score": num(score), "pass_mark": num(plan.pass_mark), "state": state},
        )
    )
    return state
