"""The JSON API of conduct points (/api/v1/conduct, R-DIS-1).

The same builders and services as the pages (kefu.web.pages_conduct), the same permissions:
everyone reads their own points and objects to them; team leaders, HR and managers record,
withdraw and answer within their scope (R-PRV-1).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.conduct import service as conduct
from kefu.web import pages_conduct as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNoPath, StaffNoQuery
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Looker = Annotated[Viewer, Depends(require("conduct.view"))]
Recorder = Annotated[Viewer, Depends(require("conduct.record"))]
EventPath = Annotated[int, Path(ge=1, le=INT_MAX, description="扣分事件编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
PersonPath = StaffNoPath
MonthPath = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM")]
LongText = Annotated[Text, Field(min_length=1, max_length=conduct.TEXT_MAX)]


class EventIn(Strict):
    """A conduct event: the rule, points within its range, the people, what and evidence."""

    rule: Text = Field(min_length=1, max_length=64)
    points: int = Field(ge=1, le=9999)
    people: list[Annotated[Text, Field(min_length=1, max_length=32)]] = Field(
        min_length=1, max_length=conduct.PEOPLE_MAX
    )
    occurred_at: datetime
    what: LongText
    evidence: LongText
    attachment: Text | None = Field(None, max_length=255)
    corrects: int | None = Field(None, ge=1, le=INT_MAX)
    reason: Text = Field("", max_length=conduct.TEXT_MAX)


class ReasonIn(Strict):
    """Why: a withdrawal's or an objection's reason."""

    reason: LongText


class AnswerIn(Strict):
    """An objection's answer: upheld, reduced (with the new points) or cancelled."""

    outcome: conduct.Outcome
    points: int | None = Field(None, ge=1, le=9999)
    reply: LongText


@api.get("/conduct/rules", name="api_conduct_rules")
def api_conduct_rules(
    session: SessionDep, viewer: Looker, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """The catalogue of conduct rules (扣分标准) in force today."""
    return [views.rule_row(r, lang) for r in conduct.catalogue(session, views.today())]


@api.get("/conduct/events", name="api_conduct_events")
def api_conduct_events(
    session: SessionDep,
    viewer: Looker,
    month: Annotated[str, Query(max_length=7, pattern=r"^(\d{4}-\d{2})?$")] = "",
    person: StaffNoQuery = "",
    rule: Annotated[str, Query(max_length=64)] = "",
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """Each person's points from each event the caller sees, newest first."""
    return views.list_view(session, viewer, lang, month, person, rule)


@api.post("/conduct/events", name="api_conduct_record", status_code=201)
def api_conduct_record(
    session: SessionDep, viewer: Recorder, body: EventIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Record an event (or a correction, naming the event it corrects and why)."""
    done = conduct.record(
        session,
        viewer,
        rule_code=body.rule,
        points=body.points,
        people=body.people,
        occurred_at=body.occurred_at.replace(tzinfo=None, second=0, microsecond=0),
        what=body.what,
        evidence=body.evidence,
        attachment=body.attachment,
        today=views.today(),
        corrects=body.corrects,
        reason=body.reason,
    )
    out = views.event_view(session, viewer, done.event.id, lang, views.today())
    out["steps"] = views.steps_view(done.steps, lang)
    return out


@api.get("/conduct/events/{event_id}", name="api_conduct_event")
def api_conduct_event(
    session: SessionDep, viewer: Looker, event_id: EventPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One event as the caller may see it."""
    return views.event_view(session, viewer, event_id, lang, views.today())


@api.post("/conduct/events/{event_id}/withdraw", name="api_conduct_withdraw")
def api_conduct_withdraw(
    session: SessionDep, viewer: Recorder, event_id: EventPath, body: ReasonIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Withdraw an event with its reason."""
    conduct.withdraw(session, viewer, event_id, body.reason, views.today())
    return views.event_view(session, viewer, event_id, lang, views.today())


@api.post("/conduct/events/{event_id}/objection", name="api_conduct_object", status_code=201)
def api_conduct_object(
    session: SessionDep, viewer: Looker, event_id: EventPath, body: ReasonIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """The person charged objects to their points (申诉, R-PUB-1)."""
    conduct.object_to(session, viewer, event_id, body.reason, views.today())
    return views.event_view(session, viewer, event_id, lang, views.today())


@api.post("/conduct/objections/{objection_id}/answer", name="api_conduct_answer")
def api_conduct_answer(
    session: SessionDep,
    viewer: Recorder,
    objection_id: ObjectionPath,
    body: AnswerIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Answer an objection: upheld, reduced points, or cancelled."""
    event_id = conduct.event_of_objection(session, viewer, objection_id)
    conduct.answer(
        session,
        viewer,
        objection_id,
        outcome=body.outcome,
        reply=body.reply,
        today=views.today(),
        points=body.points,
    )
    return views.event_view(session, viewer, event_id, lang, views.today())


@api.get("/conduct/people/{employee_no}", name="api_conduct_person")
def api_conduct_person(
    session: SessionDep, viewer: Looker, employee_no: PersonPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """A person's months (points, 综合工作表现 by the mapping) and events."""
    return views.person_view(session, viewer, employee_no, lang)


@api.get("/conduct/months/{month}", name="api_conduct_month")
def api_conduct_month(
    session: SessionDep, viewer: Looker, month: MonthPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """The month's points per person the caller sees (what the close reads)."""
    return views.month_view(session, viewer, month, lang)
