"""The monthly close as one pure function: people's inputs in, every figure with its trace out.

Agents (客服代表) are scored, ranked and banded (R-BON-1..5); team leaders and QA take ranked
places (R-LQA-1..4); agents compete for the month's award themes (R-AWD-1..2) and receive the
star wage earned in the previous quarter (R-STAR-1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from kefu.bonuses.awards import (
    AwardCandidate,
    AwardEvidence,
    AwardWin,
    award_ineligibility,
    award_month,
)
from kefu.bonuses.rules import (
    AttendanceSummary,
    Placing,
    StatusFacts,
    assign_band,
    band_table,
    bonus_exclusions,
    competition_rank,
    place_amount,
    rank_step,
    weighted_score,
)
from kefu.explain.trace import Step, TraceValue, num, score_text
from kefu.people.rules import ROLE_NAMES, STATUS_NAMES
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy

Group = Literal["csr", "leader_qa"]
Role = Literal["csr", "qa", "team_leader"]


@dataclass(frozen=True)
class StarWageDue:
    """Stars earned in a closed quarter and the wage they pay this month (R-STAR-1)."""

    quarter: str
    stars: int
    amount: Decimal


@dataclass(frozen=True)
class PersonMonth:
    """Everything the monthly close needs to know of one person."""

    employee_no: str
    name: str
    role: Role
    department: str
    team: str | None
    components: dict[str, Decimal | None]
    facts: StatusFacts
    attendance: AttendanceSummary | None
    evidence: AwardEvidence | None = None
    previous_rank: int | None = None
    clean_streak: int = 0
    star_wage: StarWageDue | None = None
    status: str = "regular"
    star_note: Step | None = None
    """Why no star wage is due (e.g. last quarter not closed), shown in the trace."""
    attendance_source: str | None = None
    """"records" when the summary was computed from the roster and records, else imported."""
    exam_note: Step | None = None
    """Where the evidence's lowest exam score came from when kefu's exams gave one (R-EXM-1)."""
    notes: tuple[Step, ...] = ()
    """How kefu computed components from its own records: 通话评估成绩 from QA evaluations
    (R-QA-1), 综合工作表现 after conduct points (R-DIS-1), 最低监控成绩 (R-AWD-1)."""

    @property
    def group(self) -> Group:
        return "csr" if self.role == "csr" else "leader_qa"


@dataclass(slots=True)
class MonthlyOutcome:
    """One person's result for the month, with the steps that produced it."""

    employee_no: str
    name: str
    group: Group
    role: Role
    department: str
    score: Decimal | None = None
    rank: int | None = None
    pool_size: int = 0
    tier: str | None = None
    bonus: Decimal = Decimal(0)
    eligible: bool = False
    awards: list[AwardWin] = field(default_factory=list)
    star_wage: Decimal = Decimal(0)
    trace: list[Step] = field(default_factory=list)

    @property
    def reasons(self) -> list[Step]:
        return [s for s in self.trace if s.reason]

    @property
    def total(self) -> Decimal:
        return self.bonus + sum((a.amount for a in self.awards), Decimal(0)) + self.star_wage


def compute_month(
    policy: LoadedPolicy,
    month: str,
    people: Sequence[PersonMonth],
    traced: Collection[str] | None = None,
) -> list[MonthlyOutcome]:
    """Close one month for everyone given; pure and deterministic (same inputs, same results).

    Every outcome carries its reasons; the full step-by-step trace is kept for everyone when
    ``traced`` is None, else only for the employee numbers in it (the close stores reasons and
    frozen inputs; ``explain`` re-runs this function on those inputs for one person).
    """
    p = policy.model
    if p.monthly_bonus is None:
        from kefu.errors import CloseRefused

        raise CloseRefused(
            f"政策 {policy.name} 没有月度奖金 (monthly_bonus) 一节，不能结算月度奖金"
        )
    policy.require("attendance_cycle", "R-BON-5")
    month = str(Month.parse(month))
    mb = p.monthly_bonus
    outcomes = {
        x.employee_no: MonthlyOutcome(x.employee_no, x.name, x.group, x.role, x.department)
        for x in people
    }
    by_no = {x.employee_no: x for x in people}
    if traced is None:
        full = dict.fromkeys(by_no, True)
    else:
        full = dict.fromkeys(by_no, False)
        full.update((no, True) for no in traced if no in full)

    cycle_start, cycle_end = Month.parse(month).attendance_cycle(_cycle_start(policy))
    for x in people:
        if full[x.employee_no]:
            outcomes[x.employee_no].trace.extend(_input_steps(x, month, cycle_start, cycle_end))

    # R-BON-1, R-BON-4: agents' scores and who may take a place in the pool
    pools: dict[str, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    csrs = [x for x in people if x.group == "csr"]
    bonus_excluded: set[str] = set()
    for x in csrs:
        out = outcomes[x.employee_no]
        out.score, step = weighted_score(x.components, mb.weights, "R-BON-1", full[x.employee_no])
        if step is not None:
            out.trace.append(step)
        exclusions = bonus_exclusions(x.facts, x.attendance, mb.exclusions, "R-BON-4")
        if exclusions:
            out.trace.extend(exclusions)
            if any(s.rule == "R-BON-4" for s in exclusions):
                bonus_excluded.add(x.employee_no)
        pool_key = "center" if mb.pool_scope == "center" else x.department
        pools.setdefault(pool_key, [])
        if out.score is not None and not exclusions:
            tb = x.components[mb.tie_breaker]
            assert tb is not None
            pools[pool_key].append((x.employee_no, out.score, tb))
        elif out.score is not None:
            out.trace.append(Step("R-BON-4", "pool.excluded", reason=False))

    # R-BON-2, R-BON-3: rank within each pool, then the band table
    for pool_key, entries in pools.items():
        placings = competition_rank(entries)
        table = band_table(mb.bands, len(entries))
        for no, placing in placings.items():
            out = outcomes[no]
            out.rank, out.pool_size, out.eligible = placing.rank, placing.pool_size, True
            if full[no]:
                out.trace.append(_rank_step("R-BON-2", placing, by_no, mb.tie_breaker, pool_key))
            assert out.score is not None
            decision = assign_band(
                out.score, placing.rank, placing.pool_size, mb.bands, "R-BON-3", full[no], table
            )
            out.trace.extend(decision.steps)
            if decision.band is not None:
                out.tier, out.bonus = decision.band.label, decision.band.amount
    for x in csrs:
        out = outcomes[x.employee_no]
        if out.rank is None:
            pool_key = "center" if mb.pool_scope == "center" else x.department
            out.pool_size = len(pools.get(pool_key, []))
            out.trace.append(Step("R-BON-3", "bonus.none", {"pool": out.pool_size}, reason=True))

    _leaders_and_qa(policy, people, outcomes, by_no, traced)
    _awards(policy, month, csrs, outcomes, bonus_excluded)
    for x in people:
        _star_wage(x, outcomes[x.employee_no])
        if not full[x.employee_no]:
            out = outcomes[x.employee_no]
            out.trace = [s for s in out.trace if s.reason]
    return [outcomes[x.employee_no] for x in people]


def _cycle_start(policy: LoadedPolicy) -> int:
    cycle = policy.model.attendance_cycle
    assert cycle is not None and cycle.start_day is not None  # checked by policy.require
    return cycle.start_day


def _input_steps(x: PersonMonth, month: str, start: date, end: date) -> list[Step]:
    """The inputs as they were used, first in every trace (R-EXP-1)."""
    steps = [
        Step(
            "R-ORG-4",
            "input.status",
            {
                "role": ROLE_NAMES.get(x.role, x.role),
                "department": x.department,
                "status": STATUS_NAMES.get(x.status, x.status),
            },
        ),
        Step(
            "R-BON-1",
            "input.components",
            {
                "names": list(x.components),
                "values": [score_text(v) for v in x.components.values()],  # type: ignore[misc]
            },
        ),
        *x.notes,
    ]
    period: dict[str, TraceValue] = {
        "cycle": month,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }
    a = x.attendance
    if a is None:
        steps.append(Step("R-BON-5", "input.no_attendance", period))
    else:
        steps.append(
            Step(
                "R-BON-5",
                "input.attendance",
                period
                | {
                    "absence": num(a.absence_days),
                    "personal": num(a.personal_leave_days),
                    "sick": num(a.sick_leave_days),
                    "unapproved": num(a.unapproved_absence_days),
                    "late": a.late_count,
                    "early": a.early_leave_count,
                    "swaps": a.shift_swap_count,
                },
            )
        )
    ev = x.evidence
    if x.group == "csr" and ev is not None:
        steps.append(
            Step(
                "R-AWD-1",
                "input.evidence",
                {
                    "commendations": ev.commendations,
                    "work_orders": ev.erroneous_work_orders,
                    "refunds": ev.erroneous_refunds,
                    "monitoring": score_text(ev.min_monitoring_score),
                    "exam": score_text(ev.min_exam_score),
                },
            )
        )
        if x.exam_note is not None:
            steps.append(x.exam_note)
    return steps


def _rank_step(
    rule: str, placing: Placing, by_no: dict[str, PersonMonth], tie_breaker: str, pool: str
) -> Step:
    """The ranking step, naming tied people by 工号 and name."""
    return rank_step(
        rule,
        placing,
        pool,
        tie_breaker,
        lambda k: f"{by_no[str(k)].employee_no} {by_no[str(k)].name}",
    )


def _leaders_and_qa(
    policy: LoadedPolicy,
    people: Sequence[PersonMonth],
    outcomes: dict[str, MonthlyOutcome],
    by_no: dict[str, PersonMonth],
    traced: Collection[str] | None,
) -> None:
    """R-LQA-1..4: 50/50 score, one or two pools, places paid above the floor."""
    lq = policy.model.leader_qa_bonus
    leaders = [x for x in people if x.group == "leader_qa"]
    if not leaders:
        return
    if lq is None:
        for x in leaders:
            outcomes[x.employee_no].trace.append(Step("R-LQA-1", "lqa.no_policy", reason=True))
        return
    team_means: dict[tuple[str, str], tuple[Decimal, int]] = {}
    if lq.team_leader_work_ability_from_team_mean:
        sums: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
        for x in people:
            score = outcomes[x.employee_no].score
            if x.group == "csr" and x.team and score is not None:
                sums[(x.department, x.team)].append(score)
        team_means = {t: (sum(v, Decimal(0)) / len(v), len(v)) for t, v in sums.items()}
    pools: dict[str, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    for x in leaders:
        out = outcomes[x.employee_no]
        components = dict(x.components)
        if lq.team_leader_work_ability_from_team_mean and x.role == "team_leader":
            mean = team_means.get((x.department, x.team or ""))
            components["work_ability"] = mean[0] if mean else None
            out.trace.append(
                Step(
                    "R-LQA-3",
                    "lqa.team_mean",
                    {
                        "team": x.team,
                        "mean": score_text(mean[0]) if mean else None,
                        "count": mean[1] if mean else 0,
                    },
                )
            )
        out.score, step = weighted_score(components, lq.weights, "R-LQA-1")
        if step is not None:
            out.trace.append(step)
        exclusions = bonus_exclusions(x.facts, x.attendance, lq.exclusions, "R-LQA-4")
        out.trace.extend(exclusions)
        pool_key: str = "leader_qa" if lq.pools == "together" else x.role
        pools.setdefault(pool_key, [])
        if out.score is not None and not exclusions:
            tb = components[lq.tie_breaker]
            assert tb is not None
            pools[pool_key].append((x.employee_no, out.score, tb))
    for pool_key, entries in pools.items():
        for no, placing in competition_rank(entries).items():
            out = outcomes[no]
            out.rank, out.pool_size, out.eligible = placing.rank, placing.pool_size, True
            if traced is None or no in traced:
                out.trace.append(_rank_step("R-LQA-1", placing, by_no, lq.tie_breaker, pool_key))
            assert out.score is not None
            out.bonus, step = place_amount(
                out.score, placing.rank, lq.score_above, lq.place_amounts, "R-LQA-2"
            )
            out.trace.append(step)
    for x in leaders:
        out = outcomes[x.employee_no]
        if out.rank is None:
            pool_key = "leader_qa" if lq.pools == "together" else x.role
            out.pool_size = len(pools.get(pool_key, []))
            out.trace.append(Step("R-LQA-2", "bonus.none", {"pool": out.pool_size}, reason=True))


def _awards(
    policy: LoadedPolicy,
    month: str,
    csrs: Sequence[PersonMonth],
    outcomes: dict[str, MonthlyOutcome],
    bonus_excluded: set[str],
) -> None:
    """R-AWD-1..2; ``bonus_excluded`` are the agents a R-BON-4 condition kept out of the bonus."""
    awards = policy.model.awards
    if awards is None:
        return
    candidates = []
    for x in csrs:
        out = outcomes[x.employee_no]
        excluded = x.employee_no in bonus_excluded or x.facts.standby
        why_not = award_ineligibility(x.attendance)
        if excluded:
            out.trace.append(Step("R-AWD-2", "award.excluded_bonus", reason=True))
        elif why_not is not None:
            out.trace.append(why_not)
        candidates.append(
            AwardCandidate(
                key=x.employee_no,
                eligible=not excluded and why_not is None,
                attendance=x.attendance,
                evidence=x.evidence,
                rank=out.rank,
                previous_rank=x.previous_rank,
                clean_streak=x.clean_streak,
            )
        )
    for no, (wins, steps) in award_month(awards.themes, month, candidates).items():
        outcomes[no].awards.extend(wins)
        outcomes[no].trace.extend(steps)


def _star_wage(x: PersonMonth, out: MonthlyOutcome) -> None:
    """The star wage earned last quarter is paid this month unless on standby (R-STAR-1, R-PAY-3)."""
    if x.group != "csr":
        return
    if x.star_wage is None:
        if x.star_note is not None:
            out.trace.append(x.star_note)
        return
    due = x.star_wage
    if x.facts.standby:
        out.trace.append(
            Step(
                "R-PAY-3", "star.standby", {"quarter": due.quarter, "stars": due.stars}, reason=True
            )
        )
        return
    out.star_wage = due.amount
    out.trace.append(
        Step(
            "R-STAR-1",
            "star.paid",
            {"quarter": due.quarter, "stars": due.stars, "amount": num(due.amount)},
            reason=True,
        )
    )
