"""Pages of QA reports (监控日报、周报、月报) and improvement plans (改进计划, R-QA-1).

Thin routes over kefu.qa_reports.service. The builders return plain data that the JSON API
(api_qa_reports) and the CLI serve as well. Who sees what (R-PRV-1): reports are cut to the
viewer's monitoring scope before anything is counted (a team leader: their team; QA, HR and
managers: the center); plans are seen by whoever sees the agent's monitoring, made and followed
up by QA and team leaders, and commented on by the agent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.bonuses.rules import display_score
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.explain.trace import num
from kefu.explain.views import step_rows
from kefu.policy.schema import Display
from kefu.qa_reports import export, repository, rules
from kefu.qa_reports import service as qa_reports
from kefu.qa_reports.models import QaPlan, QaPlanNote
from kefu.qa_reports.rules import Stats
from kefu.qa_reports.service import PlanView, ReportView
from kefu.web.deps import INT_MAX, PageLang, SessionDep, StaffNoForm, StaffNoQuery
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require

pages = APIRouter()

Reader = Annotated[Viewer, Depends(require("qa.reports"))]
Planner = Annotated[Viewer, Depends(require("qa.plans"))]
Watcher = Annotated[Viewer, Depends(require("qa.view"))]
PlanPath = Annotated[int, Path(ge=1, le=INT_MAX, description="改进计划编号")]
PeriodKind = Annotated[str, Query(max_length=8, description="day | week | month")]
DayText = Annotated[str, Query(max_length=10, description="YYYY-MM-DD")]
TeamName = Annotated[str, Query(max_length=64)]
Short = Annotated[str, Form(max_length=64)]
Text = Annotated[str, Form(max_length=4000)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_LOSING = 3  # items shown per agent on the page; the workbook and the API list them all


def today() -> date:
    """The server's date: plans start, are followed up and fall overdue by it."""
    return accounts.now().date()


def parse_day(text: str, what: str = "日期") -> date | None:
    """A YYYY-MM-DD value (None when empty); anything else is a domain error."""
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"{what}「{text}」应为 YYYY-MM-DD") from None


def parse_score(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise KefuError(f"目标平均分「{text}」应为数字") from None


def report_day(session: Session, asked: str) -> date:
    """The day asked for; else the day of the newest evaluation; else today."""
    return parse_day(asked) or repository.newest_contact_day(session) or today()


# ---------------------------------------------------------------- builders (pages, API, CLI)


def _shown(value: Decimal | None, display: Display) -> str | None:
    return None if value is None else display_score(value, display)


def _stats(s: Stats, display: Display) -> dict[str, Any]:
    return {
        "count": s.count,
        "mean": _shown(s.mean, display),
        "mean_exact": num(s.mean),
        "minimum": _shown(s.minimum, display),
        "maximum": _shown(s.maximum, display),
        "critical": s.critical,
    }


def _period(p: rules.Period, lang: Lang) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "name": rules.PERIOD_NAMES[p.kind][lang],
        "label": p.label,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
    }


def report_data(view: ReportView, lang: Lang) -> dict[str, Any]:
    """A report as plain data: every table, the explanation, what it was made under."""
    r, d = view.report, view.display
    en = lang == "en"
    return {
        "period": _period(r.period, lang),
        "previous": _period(r.previous, lang),
        "scope": view.scope,
        "scope_label": view.scope_label,
        "team": view.team,
        "policy": view.policy_label,
        "score_basis": "final_score when final, else score (provisional)",
        "total": _stats(r.total, d),
        "finals": r.finals,
        "provisional": r.provisional,
        "agents": [
            {
                "employee_no": a.employee_no,
                "name": a.name,
                "department": a.department,
                "team": a.team,
                **_stats(a.stats, d),
                "finals": a.finals,
                "losing": [
                    {"key": x.key, "name": x.name_en if en else x.name, "times": x.times}
                    for x in a.losing
                ],
            }
            for a in r.agents
        ],
        "teams": [
            {"department": g.department, "team": g.team, "agents": g.agents, **_stats(g.stats, d)}
            for g in r.teams
        ],
        "departments": [
            {"department": g.department, "agents": g.agents, **_stats(g.stats, d)}
            for g in r.departments
        ],
        "items": [
            {
                "key": i.key,
                "name": i.name_en if en else i.name,
                "scored": i.scored,
                "not_applicable": i.not_applicable,
                "lost": i.lost,
                "mean_kept_percent": _shown(None if i.mean_kept is None else i.mean_kept * 100, d),
                "notes": list(i.notes),
            }
            for i in r.items
        ],
        "recurring_at_least": r.recurring_at_least,
        "recurring": None
        if r.recurring is None
        else [
            {
                "employee_no": x.employee_no,
                "name": x.name,
                "key": x.key,
                "item": x.item_en if en else x.item,
                "times": x.times,
                "evaluation_ids": list(x.evaluation_ids),
            }
            for x in r.recurring
        ],
        "improvement": [
            {
                "employee_no": c.employee_no,
                "name": c.name,
                "mean": _shown(c.mean, d),
                "count": c.count,
                "previous_mean": _shown(c.previous_mean, d),
                "previous_count": c.previous_count,
                "change": _shown(c.change, d),
                "change_exact": num(c.change),
            }
            for c in r.improvement
        ],
        "steps": step_rows(r.steps, lang),
    }


def plan_row(plan: QaPlan, name: str, overdue: tuple[str, ...], lang: Lang) -> dict[str, Any]:
    """One plan as listed and served."""
    return {
        "id": plan.id,
        "employee_no": plan.employee_no,
        "name": name,
        "department": plan.department,
        "team": plan.team,
        "problems": list(plan.problems),
        "problem_text": plan.problem_text,
        "goal": plan.goal,
        "target_score": num(plan.target_score),
        "actions": plan.actions,
        "owner": plan.owner,
        "starts_on": plan.starts_on.isoformat(),
        "due_on": plan.due_on.isoformat(),
        "next_follow_up_on": plan.next_follow_up_on.isoformat() if plan.next_follow_up_on else None,
        "status": plan.status,
        "status_name": rules.PLAN_STATUS_NAMES[plan.status][lang],
        "closed_on": plan.closed_on.isoformat() if plan.closed_on else None,
        "closing_note": plan.closing_note,
        "created_by": plan.created_by,
        "overdue": list(overdue),
    }


def note_row(note: QaPlanNote, lang: Lang) -> dict[str, Any]:
    return {
        "id": note.id,
        "kind": note.kind,
        "kind_name": rules.NOTE_NAMES[note.kind][lang],
        "noted_on": note.noted_on.isoformat(),
        "text": note.text,
        "author": note.author,
        "mean_since_start": num(note.mean_since_start),
        "evaluations": note.evaluations,
    }


def plan_data(view: PlanView, display: Display | None, lang: Lang) -> dict[str, Any]:
    """One plan with its notes and the agent's mean since it started, explained."""
    p = view.progress
    return {
        **plan_row(view.plan, view.name, view.overdue, lang),
        "notes": [note_row(n, lang) for n in view.notes],
        "progress": {
            "since": p.since.isoformat(),
            "until": p.until.isoformat(),
            "evaluations": p.count,
            "mean": _shown(p.mean, display) if display else num(p.mean),
            "mean_exact": num(p.mean),
            "target": num(p.target),
            "reached": p.reached,
            "steps": step_rows(p.steps, lang),
        },
        "may_manage": view.may_manage,
        "may_comment": view.may_comment,
    }


def plan_display(session: Session, view: PlanView) -> Display | None:
    """The display rule of the policy in force when the plan started (None without one)."""
    try:
        _, loaded = qa_reports.monitoring_policy(session, view.plan.starts_on)
    except KefuError:
        return None
    return loaded.model.display


def chart_data(data: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """What the page's charts draw: each agent's mean, and the items that lose points most."""
    return {
        "agents": [
            {"label": a["name"] or a["employee_no"], "value": a["mean"]} for a in data["agents"]
        ],
        "items": [{"label": i["name"], "value": i["lost"]} for i in data["items"] if i["lost"]],
        "labels": {
            "mean": "平均分" if lang == "zh" else "Mean",
            "lost": "失分次数" if lang == "zh" else "Times lost",
        },
    }


# ---------------------------------------------------------------- reports


@pages.get("/qa/reports", name="qa_reports", response_class=HTMLResponse)
def reports_page(
    request: Request,
    session: SessionDep,
    viewer: Reader,
    period: PeriodKind = "week",
    on: DayText = "",
    team: TeamName = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """监控报表: the day's, week's or month's monitoring report, with charts and its .xlsx."""
    words = language(lang)
    day = report_day(session, on)
    view = qa_reports.report(session, viewer, period, day, team or None)
    data = report_data(view, words)
    return render(
        request,
        words,
        "qa_report.html",
        data=data,
        charts=chart_data(data, words),
        on=day.isoformat(),
        kind=period,
        team=team,
        kinds=[(k, rules.PERIOD_NAMES[k][words]) for k in rules.PERIOD_KINDS],
        shown_losing=SHOWN_LOSING,
        plans=viewer.can("qa.plans"),
    )


@pages.get("/qa/reports.xlsx", name="qa_report_xlsx")
def report_xlsx(
    session: SessionDep,
    viewer: Reader,
    period: PeriodKind = "week",
    on: DayText = "",
    team: TeamName = "",
) -> Response:
    """The report as an .xlsx workbook (Chinese headers and a 说明 sheet)."""
    view = qa_reports.report(session, viewer, period, report_day(session, on), team or None)
    plain, shown = export.file_name(view)
    return Response(
        export.report_workbook(view),
        media_type=XLSX,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(shown)}"
            )
        },
    )


# ---------------------------------------------------------------- plans


@pages.get("/qa/plans", name="qa_plans", response_class=HTMLResponse)
def plans_page(
    request: Request,
    session: SessionDep,
    viewer: Watcher,
    status: Annotated[str, Query(max_length=16)] = "",
    employee_no: StaffNoQuery = "",
    overdue: bool = False,
    lang: PageLang = None,
) -> HTMLResponse:
    """改进计划: the plans the viewer may see, the overdue ones, and (QA, leaders) a new plan."""
    words = language(lang)
    day = today()
    rows = qa_reports.list_plans(session, viewer, day, status or None, None, overdue)
    late = [r for r in qa_reports.list_plans(session, viewer, day) if r.overdue]
    candidates: list[rules.Losing] = []
    if employee_no and viewer.can("qa.plans"):
        candidates = qa_reports.problem_candidates(session, viewer, employee_no, day)
    return render(
        request,
        words,
        "qa_plans.html",
        rows=[plan_row(r.plan, r.name, r.overdue, words) for r in rows],
        late=[plan_row(r.plan, r.name, r.overdue, words) for r in late],
        status=status,
        overdue=overdue,
        statuses=[(s, rules.PLAN_STATUS_NAMES[s][words]) for s in rules.PLAN_STATUSES],
        manages=viewer.can("qa.plans"),
        employee_no=employee_no,
        candidates=candidates,
        today=day.isoformat(),
    )


def _problems(keys: list[str]) -> tuple[tuple[str, str], ...]:
    """Checkbox values "key|name" → (key, name)."""
    out = []
    for value in keys:
        key, sep, name = value.partition("|")
        if not sep or not key.strip():
            raise KefuError(f"评分项「{value}」无法识别")
        out.append((key.strip(), name.strip() or key.strip()))
    return tuple(out)


@pages.post("/qa/plans", name="qa_plan_add")
def plan_add(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    employee_no: StaffNoForm,
    goal: Text,
    actions: Text,
    due_on: Annotated[str, Form(max_length=10)],
    problem: Annotated[list[str] | None, Form()] = None,
    problem_text: Text = "",
    target_score: Annotated[str, Form(max_length=16)] = "",
    owner: Short = "",
    starts_on: Annotated[str, Form(max_length=10)] = "",
    next_follow_up_on: Annotated[str, Form(max_length=10)] = "",
    lang: PageLang = None,
) -> RedirectResponse:
    """制定改进计划, then its page."""
    due = parse_day(due_on, "到期日")
    if due is None:
        raise KefuError("请填写到期日")
    plan = qa_reports.add_plan(
        session,
        viewer,
        qa_reports.PlanIn(
            employee_no=employee_no,
            problems=_problems(problem or []),
            problem_text=problem_text,
            goal=goal,
            actions=actions,
            due_on=due,
            target_score=parse_score(target_score),
            owner=owner.strip() or None,
            starts_on=parse_day(starts_on, "开始日"),
            next_follow_up_on=parse_day(next_follow_up_on, "下次跟进日"),
        ),
        today(),
    )
    return redirect(request, language(lang), "qa_plan", plan_id=plan.id)


@pages.get("/qa/plans/{plan_id}", name="qa_plan", response_class=HTMLResponse)
def plan_page(
    request: Request,
    session: SessionDep,
    viewer: Watcher,
    plan_id: PlanPath,
    lang: PageLang = None,
) -> HTMLResponse:
    """One plan: problems, goal, actions, the agent's mean since it started, the follow-ups."""
    words = language(lang)
    view = qa_reports.plan_view(session, viewer, plan_id, today())
    return render(
        request,
        words,
        "qa_plan.html",
        plan=plan_data(view, plan_display(session, view), words),
        closings=[(s, rules.PLAN_STATUS_NAMES[s][words]) for s in rules.CLOSING_STATUSES],
        today=today().isoformat(),
    )


@pages.post("/qa/plans/{plan_id}", name="qa_plan_change")
def plan_change(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    plan_id: PlanPath,
    goal: Text,
    actions: Text,
    due_on: Annotated[str, Form(max_length=10)],
    target_score: Annotated[str, Form(max_length=16)] = "",
    owner: Short = "",
    next_follow_up_on: Annotated[str, Form(max_length=10)] = "",
    lang: PageLang = None,
) -> RedirectResponse:
    """Change an open plan."""
    qa_reports.change_plan(
        session,
        viewer,
        plan_id,
        goal=goal,
        actions=actions,
        due_on=parse_day(due_on, "到期日"),
        target_score=parse_score(target_score),
        owner=owner.strip() or None,
        next_follow_up_on=parse_day(next_follow_up_on, "下次跟进日"),
    )
    return redirect(request, language(lang), "qa_plan", plan_id=plan_id)


@pages.post("/qa/plans/{plan_id}/follow-ups", name="qa_plan_follow_up")
def plan_follow_up(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    plan_id: PlanPath,
    text: Text,
    next_on: Annotated[str, Form(max_length=10)] = "",
    lang: PageLang = None,
) -> RedirectResponse:
    """跟进: a dated note with the agent's mean since the plan started."""
    qa_reports.follow_up(session, viewer, plan_id, text, today(), parse_day(next_on, "下次跟进日"))
    return redirect(request, language(lang), "qa_plan", plan_id=plan_id)


@pages.post("/qa/plans/{plan_id}/comments", name="qa_plan_comment")
def plan_comment(
    request: Request,
    session: SessionDep,
    viewer: Watcher,
    plan_id: PlanPath,
    text: Text,
    lang: PageLang = None,
) -> RedirectResponse:
    """The agent's comment on their own plan."""
    qa_reports.comment(session, viewer, plan_id, text, today())
    return redirect(request, language(lang), "qa_plan", plan_id=plan_id)


@pages.post("/qa/plans/{plan_id}/close", name="qa_plan_close")
def plan_close(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    plan_id: PlanPath,
    status: Annotated[str, Form(max_length=16)],
    note: Text,
    lang: PageLang = None,
) -> RedirectResponse:
    """End a plan as achieved, not achieved or cancelled."""
    qa_reports.close_plan(session, viewer, plan_id, status, note, today())
    return redirect(request, language(lang), "qa_plan", plan_id=plan_id)
