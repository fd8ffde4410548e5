"""Use cases of QA reports (监控日报、周报、月报) and improvement plans (改进计划, R-QA-1).

The rules are kefu.qa_reports.rules; the queries kefu.qa_reports.repository. This module never
commits (the request or the CLI command owns the transaction).

Who sees what (R-PRV-1): reports need ``qa.reports``; a team leader's report is made of their
team's evaluations only, QA's, HR's and a manager's of the whole center — cut before anything
is counted. Plans are seen by whoever may see the agent's monitoring (the agent their own);
QA and team leaders (``qa.plans``) make and follow them up for the agents in their scope; the
agent adds comments to their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import get_user, viewer_of
from kefu.audit import service as audit
from kefu.db import claim
from kefu.errors import Conflict, Forbidden, KefuError, NotFound
from kefu.people.service import current_record, roster
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Display, Monitoring
from kefu.policy.service import policy_for
from kefu.qa.models import QaEvaluation
from kefu.qa_reports import repository, rules
from kefu.qa_reports.models import QaPlan, QaPlanNote
from kefu.qa_reports.rules import Period, Progress, Report, Scored

RULE = rules.RULE
RECURRING_PARAMETER = "monitoring.recurring_at_least"
# input limits, not policy
TEXT_MAX = 4000
PROBLEMS_MAX = 50


# ---------------------------------------------------------------- policy


def monitoring_policy(session: Session, on: date) -> tuple[Monitoring | None, LoadedPolicy]:
    """The monitoring section of the policy in force on ``on`` (None when it has none)."""
    loaded = policy_for(session, Month.of(on)).policy
    return loaded.model.monitoring, loaded


def recurring_at_least(section: Monitoring | None) -> int | None:
    """The policy's threshold for a recurring problem (重复问题), or None while it is open.

    While ``monitoring.recurring_at_least`` is unset or [X] the report lists no recurring
    problems and says why.
    """
    return None if section is None else section.recurring_at_least


# ---------------------------------------------------------------- scope


def visible(viewer: Viewer, employee_no: str, department: str | None, team: str | None) -> bool:
    """Whether the viewer sees this agent's monitoring (QA, HR and managers: the center)."""
    scope = viewer.monitoring_scope()
    if scope == "center":
        return True
    if scope == "none":
        return False
    return viewer.sees(employee_no, department, team)


def scope_label(viewer: Viewer) -> str:
    scope = viewer.monitoring_scope()
    if scope == "center":
        return "全中心"
    if scope == "team":
        return " ".join(p for p in (viewer.department, viewer.team) if p) or "本组"
    return viewer.display_name or viewer.username


def _facts(
    session: Session,
    viewer: Viewer,
    start: date,
    end: date,
    team: str | None = None,
    employee_nos: Sequence[str] | None = None,
) -> list[Scored]:
    """The evaluations of the period the viewer may see, as the rules read them (cut first)."""
    people = dict(roster(session))
    out = []
    for evaluation, contact_at, definition in repository.monitoring_evaluations(
        session, start, end, employee_nos
    ):
        record = people.get(evaluation.employee_no)
        department = evaluation.department or (record.department if record else None)
        own_team = evaluation.team or (record.team if record else None)
        if not visible(viewer, evaluation.employee_no, department, own_team):
            continue
        if team and own_team != team:
            continue
        fact = scored(
            evaluation,
            contact_at.date(),
            definition,
            record.name if record else "",
            department,
            own_team,
        )
        if fact is not None:
            out.append(fact)
    return out


def scored(
    evaluation: QaEvaluation,
    contact_on: date,
    definition: dict[str, Any],
    name: str,
    department: str | None = None,
    team: str | None = None,
) -> Scored | None:
    """One evaluation as the rules read it (None when it has no score to count)."""
    score, final = rules.counted_score(evaluation.state, evaluation.score, evaluation.final_score)
    if score is None:
        return None
    return Scored(
        evaluation_id=evaluation.id,
        employee_no=evaluation.employee_no,
        name=name or evaluation.employee_no,
        department=department or evaluation.department,
        team=team or evaluation.team,
        contact_on=contact_on,
        score=Decimal(score),
        final=final,
        critical_failed=bool(evaluation.critical_failed),
        items=rules.item_marks(definition, evaluation.marks or {}),
    )


# ---------------------------------------------------------------- reports


@dataclass(frozen=True)
class ReportView:
    """A report as the viewer may see it, with what it was made under."""

    report: Report
    scope: str
    scope_label: str
    team: str | None
    policy_label: str
    display: Display

    @property
    def period(self) -> Period:
        return self.report.period


def report(
    session: Session, viewer: Viewer, kind: str, on: date, team: str | None = None
) -> ReportView:
    """The day's, week's or month's monitoring report holding ``on``, cut to the viewer."""
    if not viewer.can("qa.reports"):
        raise Forbidden("监控报表由业务组长、QA、人事和客服经理查看 (R-PRV-1)")
    period = rules.period_of(kind, on)
    section, loaded = monitoring_policy(session, period.end)
    before = period.previous()
    current = _facts(session, viewer, period.start, period.end, team or None)
    previous = _facts(session, viewer, before.start, before.end, team or None)
    built = rules.build_report(period, current, previous, recurring_at_least(section))
    return ReportView(
        report=built,
        scope=viewer.monitoring_scope(),
        scope_label=scope_label(viewer) + (f" · {team}" if team else ""),
        team=team or None,
        policy_label=loaded.label,
        display=loaded.model.display,
    )


# ---------------------------------------------------------------- improvement plans


@dataclass(frozen=True)
class PlanIn:
    """What a plan says: the problems (scorecard items and free text), goal, actions, dates."""

    employee_no: str
    problems: tuple[tuple[str, str], ...]
    """(item key, item name) of the scorecard items the plan works on."""
    problem_text: str
    goal: str
    actions: str
    due_on: date
    target_score: Decimal | None = None
    owner: str | None = None
    starts_on: date | None = None
    next_follow_up_on: date | None = None


@dataclass(frozen=True)
class PlanView:
    plan: QaPlan
    name: str
    notes: list[QaPlanNote]
    progress: Progress
    overdue: tuple[str, ...]
    may_manage: bool
    may_comment: bool


def _may_manage(viewer: Viewer) -> None:
    if not viewer.can("qa.plans"):
        raise Forbidden("改进计划由 QA 和业务组长制定与跟进 (R-PRV-1)")


def _text(value: str, what: str, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise KefuError(f"请填写{what}")
    if len(text) > TEXT_MAX:
        raise KefuError(f"{what}不能超过 {TEXT_MAX} 字")
    return text


def _target(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise KefuError(f"目标平均分应在 0 到 100 之间，而不是 {value}")
    return value


def get_plan(session: Session, viewer: Viewer, plan_id: int) -> QaPlan:
    """A plan the viewer may see; any other is a 404 (nothing leaks, R-PRV-1)."""
    found = repository.plan(session, plan_id)
    if (
        found is None
        or not viewer.can("qa.view")
        or not visible(viewer, found.employee_no, found.department, found.team)
    ):
        raise NotFound(f"没有编号为 {plan_id} 的改进计划")
    return found


def _agent(
    session: Session, viewer: Viewer, employee_no: str
) -> tuple[str, str | None, str | None]:
    record = current_record(session, employee_no.strip())
    if record is None or not visible(viewer, employee_no.strip(), record.department, record.team):
        raise NotFound(f"没有找到工号 {employee_no} 的记录")
    return record.name, record.department, record.team


def _owner(
    session: Session, username: str, employee_no: str, department: str | None, team: str | None
) -> str:
    owner = viewer_of(session, get_user(session, username))
    if not owner.can("qa.plans") or not visible(owner, employee_no, department, team):
        raise KefuError(f"负责人 {username} 应为能跟进该座席的 QA 或业务组长")
    return owner.username


def progress(session: Session, plan: QaPlan, until: date) -> Progress:
    """The agent's mean monitoring score from the plan's start to ``until`` (R-QA-1)."""
    end = max(until, plan.starts_on)
    scores = []
    for evaluation, contact_at, definition in repository.monitoring_evaluations(
        session, plan.starts_on, end, [plan.employee_no]
    ):
        fact = scored(evaluation, contact_at.date(), definition, "")
        if fact is not None:
            scores.append(fact.score)
    return rules.progress(plan.starts_on, end, scores, plan.target_score)


def add_plan(session: Session, viewer: Viewer, given: PlanIn, today: date) -> QaPlan:
    """制定改进计划 for an agent in the viewer's scope (QA or the team leader)."""
    _may_manage(viewer)
    _, department, team = _agent(session, viewer, given.employee_no)
    starts_on = given.starts_on or today
    rules.check_dates(starts_on, given.due_on, given.next_follow_up_on)
    if len(given.problems) > PROBLEMS_MAX:
        raise KefuError(f"问题评分项最多 {PROBLEMS_MAX} 项")
    problem_text = _text(given.problem_text, "问题描述", required=not given.problems)
    owner = _owner(
        session, given.owner or viewer.username, given.employee_no.strip(), department, team
    )
    plan = QaPlan(
        employee_no=given.employee_no.strip(),
        department=department,
        team=team,
        problems=[{"key": k, "name": n} for k, n in given.problems],
        problem_text=problem_text,
        goal=_text(given.goal, "改进目标"),
        target_score=_target(given.target_score),
        actions=_text(given.actions, "改进措施"),
        owner=owner,
        starts_on=starts_on,
        due_on=given.due_on,
        next_follow_up_on=given.next_follow_up_on,
        status=rules.OPEN,
        created_by=viewer.username,
        version=1,
    )
    session.add(plan)
    session.flush()
    audit.record(
        session,
        viewer.username,
        "qa_plan.add",
        f"qa_plan:{plan.id}",
        {"employee_no": plan.employee_no, "owner": owner, "due_on": plan.due_on.isoformat()},
    )
    return plan


def change_plan(
    session: Session,
    viewer: Viewer,
    plan_id: int,
    *,
    goal: str | None = None,
    target_score: Decimal | None = None,
    actions: str | None = None,
    due_on: date | None = None,
    owner: str | None = None,
    next_follow_up_on: date | None = None,
) -> QaPlan:
    """Change an open plan's goal, target, actions, due date, owner or next follow-up."""
    _may_manage(viewer)
    plan = get_plan(session, viewer, plan_id)
    if plan.status != rules.OPEN:
        raise KefuError("计划已结束，不能再更改")
    _claim_open(session, plan, {})
    changed: dict[str, Any] = {}
    if goal is not None:
        plan.goal = changed["goal"] = _text(goal, "改进目标")
    if target_score is not None:
        plan.target_score = _target(target_score)
        changed["target_score"] = str(target_score)
    if actions is not None:
        plan.actions = changed["actions"] = _text(actions, "改进措施")
    if due_on is not None:
        plan.due_on = due_on
        changed["due_on"] = due_on.isoformat()
    if next_follow_up_on is not None:
        plan.next_follow_up_on = next_follow_up_on
        changed["next_follow_up_on"] = next_follow_up_on.isoformat()
    if owner is not None:
        plan.owner = changed["owner"] = _owner(
            session, owner, plan.employee_no, plan.department, plan.team
        )
    rules.check_dates(plan.starts_on, plan.due_on, plan.next_follow_up_on)
    if not changed:
        raise KefuError("没有要修改的内容")
    audit.record(session, viewer.username, "qa_plan.change", f"qa_plan:{plan.id}", changed)
    return plan


def follow_up(
    session: Session,
    viewer: Viewer,
    plan_id: int,
    text: str,
    today: date,
    next_on: date | None = None,
) -> QaPlanNote:
    """跟进: a dated note with the agent's mean since the plan started as it stands today."""
    _may_manage(viewer)
    plan = get_plan(session, viewer, plan_id)
    if plan.status != rules.OPEN:
        raise KefuError("计划已结束，不能再跟进")
    body = _text(text, "跟进记录")
    if next_on is not None and next_on <= today:
        raise KefuError(f"下次跟进日 {next_on} 应在今天 {today} 之后")
    found = progress(session, plan, today)
    _claim_open(session, plan, {"next_follow_up_on": next_on})
    note = QaPlanNote(
        plan_id=plan.id,
        kind=rules.FOLLOW_UP,
        noted_on=today,
        text=body,
        author=viewer.username,
        mean_since_start=found.mean.quantize(Decimal("0.0001")) if found.mean is not None else None,
        evaluations=found.count,
    )
    session.add(note)
    session.flush()
    audit.record(
        session,
        viewer.username,
        "qa_plan.follow_up",
        f"qa_plan:{plan.id}",
        {"note": note.id, "next_follow_up_on": next_on.isoformat() if next_on else None},
    )
    return note


def comment(session: Session, viewer: Viewer, plan_id: int, text: str, today: date) -> QaPlanNote:
    """The agent's own comment (意见) on their plan."""
    plan = get_plan(session, viewer, plan_id)
    if viewer.employee_no is None or viewer.employee_no != plan.employee_no:
        raise Forbidden("只有计划对象本人可以提出意见")
    note = QaPlanNote(
        plan_id=plan.id,
        kind=rules.COMMENT,
        noted_on=today,
        text=_text(text, "意见"),
        author=viewer.username,
        evaluations=0,
    )
    session.add(note)
    session.flush()
    audit.record(
        session, viewer.username, "qa_plan.comment", f"qa_plan:{plan.id}", {"note": note.id}
    )
    return note


def close_plan(
    session: Session, viewer: Viewer, plan_id: int, status: str, note: str, today: date
) -> QaPlan:
    """End a plan: achieved, not achieved or cancelled, with a note (the mean is kept in it)."""
    _may_manage(viewer)
    plan = get_plan(session, viewer, plan_id)
    rules.check_closing(plan.status, status)
    found = progress(session, plan, today)
    _claim_open(
        session,
        plan,
        {
            "status": status,
            "closed_on": today,
            "closing_note": _text(note, "结束说明"),
            "next_follow_up_on": None,
        },
    )
    audit.record(
        session,
        viewer.username,
        "qa_plan.close",
        f"qa_plan:{plan.id}",
        {"status": status, "mean_since_start": str(found.mean) if found.mean is not None else None},
    )
    return plan


def _claim_open(session: Session, plan: QaPlan, values: dict[str, Any]) -> None:
    """Change a plan only while it is open: a close given at the same moment goes first or
    refuses this change (409); nothing is written to a plan someone has just closed."""
    claim(
        session,
        plan,
        {"status": rules.OPEN},
        {"version": QaPlan.version + 1, **values},
        lambda now: Conflict(
            f"改进计划 #{now.id} 已由他人结束({rules.PLAN_STATUS_NAMES[now.status]['zh']})，"
            f"请刷新后查看 (someone closed the plan first)"
        ),
    )


def plan_view(session: Session, viewer: Viewer, plan_id: int, today: date) -> PlanView:
    """One plan with its notes, the mean since it started and whether it is overdue."""
    plan = get_plan(session, viewer, plan_id)
    record = current_record(session, plan.employee_no)
    until = plan.closed_on or today
    return PlanView(
        plan=plan,
        name=record.name if record else plan.employee_no,
        notes=repository.notes(session, plan.id),
        progress=progress(session, plan, until),
        overdue=rules.overdue(plan.status, plan.next_follow_up_on, plan.due_on, today),
        may_manage=viewer.can("qa.plans") and plan.status == rules.OPEN,
        may_comment=viewer.employee_no is not None and viewer.employee_no == plan.employee_no,
    )


@dataclass(frozen=True)
class PlanRow:
    plan: QaPlan
    name: str
    overdue: tuple[str, ...]


def list_plans(
    session: Session,
    viewer: Viewer,
    today: date,
    status: str | None = None,
    employee_no: str | None = None,
    overdue_only: bool = False,
) -> list[PlanRow]:
    """The plans the viewer may see (cut before anything else), newest first."""
    if not viewer.can("qa.view"):
        raise Forbidden("您的角色无权查看改进计划 (R-PRV-1)")
    if status and status not in rules.PLAN_STATUSES:
        raise KefuError("状态应为 open、achieved、not_achieved 或 cancelled")
    names = {no: r.name for no, r in roster(session)}
    rows = []
    for plan in repository.plans(session, status or None, employee_no or None):
        if not visible(viewer, plan.employee_no, plan.department, plan.team):
            continue
        late = rules.overdue(plan.status, plan.next_follow_up_on, plan.due_on, today)
        if overdue_only and not late:
            continue
        rows.append(PlanRow(plan, names.get(plan.employee_no, plan.employee_no), late))
    return rows


def problem_candidates(
    session: Session, viewer: Viewer, employee_no: str, today: date
) -> list[rules.Losing]:
    """The scorecard items that lost points for the agent this month and the month before."""
    _agent(session, viewer, employee_no)
    month = Month.of(today)
    facts = _facts(
        session, viewer, month.shift(-1).first_day, today, employee_nos=[employee_no.strip()]
    )
    rows = rules.agent_rows(facts)
    return list(rows[0].losing) if rows else []
