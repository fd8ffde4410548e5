"""The JSON API of QA reports and improvement plans (/api/v1/qa/reports, /api/v1/qa/plans).

The same builders and services as the pages (kefu.web.pages_qa_reports), the same permissions
and scope (R-PRV-1): a report is cut to the viewer's monitoring scope before it is counted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.qa_reports import service as qa_reports
from kefu.web import pages_qa_reports as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo, StaffNoQuery
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Reader = Annotated[Viewer, Depends(require("qa.reports"))]
Planner = Annotated[Viewer, Depends(require("qa.plans"))]
Watcher = Annotated[Viewer, Depends(require("qa.view"))]
PlanPath = Annotated[int, Path(ge=1, le=INT_MAX, description="改进计划编号")]
PlanText = Annotated[Text, Field(max_length=qa_reports.TEXT_MAX)]
Target = Annotated[Decimal, Field(ge=0, le=100, max_digits=9, decimal_places=4)]
Status = Literal["open", "achieved", "not_achieved", "cancelled"]


class ProblemIn(Strict):
    key: Text = Field(min_length=1, max_length=64)
    name: Text = Field(min_length=1, max_length=200)


class PlanBody(Strict):
    """A new plan: the agent, the problems, the goal, the actions, the dates."""

    employee_no: StaffNo = Field(min_length=1, max_length=32)
    problems: list[ProblemIn] = Field(default_factory=list, max_length=qa_reports.PROBLEMS_MAX)
    problem_text: PlanText = ""
    goal: PlanText = Field(min_length=1)
    target_score: Target | None = None
    actions: PlanText = Field(min_length=1)
    owner: Text | None = Field(None, max_length=64, description="username; default: yourself")
    starts_on: date | None = None
    due_on: date
    next_follow_up_on: date | None = None


class PlanChange(Strict):
    """What to change of an open plan (only the fields given)."""

    goal: PlanText | None = None
    target_score: Target | None = None
    actions: PlanText | None = None
    due_on: date | None = None
    owner: Text | None = Field(None, max_length=64)
    next_follow_up_on: date | None = None


class FollowUpIn(Strict):
    text: PlanText = Field(min_length=1)
    next_on: date | None = None


class CommentIn(Strict):
    text: PlanText = Field(min_length=1)


class CloseIn(Strict):
    status: Literal["achieved", "not_achieved", "cancelled"]
    note: PlanText = Field(min_length=1)


@api.get("/qa/reports", name="api_qa_report")
def api_qa_report(
    session: SessionDep,
    viewer: Reader,
    period: Literal["day", "week", "month"] = "week",
    on: date | None = None,
    team: Annotated[str, Query(max_length=64)] = "",
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """The day's, week's or month's monitoring report holding ``on`` (default: the newest day)."""
    day = on or views.report_day(session, "")
    view = qa_reports.report(session, viewer, period, day, team or None)
    return views.report_data(view, lang)


@api.get("/qa/plans", name="api_qa_plans")
def api_qa_plans(
    session: SessionDep,
    viewer: Watcher,
    status: Status | None = None,
    employee_no: StaffNoQuery = "",
    overdue: bool = False,
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """The plans the viewer may see (``overdue=true``: only those overdue)."""
    rows = qa_reports.list_plans(
        session, viewer, views.today(), status, employee_no or None, overdue
    )
    return [views.plan_row(r.plan, r.name, r.overdue, lang) for r in rows]


@api.post("/qa/plans", name="api_qa_plan_add", status_code=201)
def api_qa_plan_add(
    session: SessionDep, viewer: Planner, body: PlanBody, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """制定改进计划 for an agent in your scope."""
    plan = qa_reports.add_plan(
        session,
        viewer,
        qa_reports.PlanIn(
            employee_no=body.employee_no,
            problems=tuple((p.key, p.name) for p in body.problems),
            problem_text=body.problem_text,
            goal=body.goal,
            actions=body.actions,
            due_on=body.due_on,
            target_score=body.target_score,
            owner=body.owner,
            starts_on=body.starts_on,
            next_follow_up_on=body.next_follow_up_on,
        ),
        views.today(),
    )
    return _plan(session, viewer, plan.id, lang)


def _plan(session: Any, viewer: Viewer, plan_id: int, lang: ApiLang) -> dict[str, Any]:
    view = qa_reports.plan_view(session, viewer, plan_id, views.today())
    return views.plan_data(view, views.plan_display(session, view), lang)


@api.get("/qa/plans/{plan_id}", name="api_qa_plan")
def api_qa_plan(
    session: SessionDep, viewer: Watcher, plan_id: PlanPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One plan with its follow-ups and the agent's mean since it started."""
    return _plan(session, viewer, plan_id, lang)


@api.patch("/qa/plans/{plan_id}", name="api_qa_plan_change")
def api_qa_plan_change(
    session: SessionDep, viewer: Planner, plan_id: PlanPath, body: PlanChange, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Change an open plan."""
    qa_reports.change_plan(session, viewer, plan_id, **body.model_dump(exclude_none=True))
    return _plan(session, viewer, plan_id, lang)


@api.post("/qa/plans/{plan_id}/follow-ups", name="api_qa_plan_follow_up", status_code=201)
def api_qa_plan_follow_up(
    session: SessionDep, viewer: Planner, plan_id: PlanPath, body: FollowUpIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """跟进: a note with the agent's mean since the plan started, and the next follow-up date."""
    note = qa_reports.follow_up(session, viewer, plan_id, body.text, views.today(), body.next_on)
    return views.note_row(note, lang)


@api.post("/qa/plans/{plan_id}/comments", name="api_qa_plan_comment", status_code=201)
def api_qa_plan_comment(
    session: SessionDep, viewer: Watcher, plan_id: PlanPath, body: CommentIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """The agent's comment on their own plan."""
    note = qa_reports.comment(session, viewer, plan_id, body.text, views.today())
    return views.note_row(note, lang)


@api.post("/qa/plans/{plan_id}/close", name="api_qa_plan_close")
def api_qa_plan_close(
    session: SessionDep, viewer: Planner, plan_id: PlanPath, body: CloseIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """End a plan as achieved, not achieved or cancelled."""
    qa_reports.close_plan(session, viewer, plan_id, body.status, body.note, views.today())
    return _plan(session, viewer, plan_id, lang)
