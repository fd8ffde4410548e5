"""The JSON API of the ladder, promotion cases, notices and the inbox (/api/v1).

The same builders and services as the pages (kefu.careers.views, pages_careers), the same
permissions and scopes: a case the viewer may not see is a 404. A decision names the case
version it was taken on; when someone decided first the answer is a 409 and nothing changes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.attendance.service import work_calendar
from kefu.careers import promotion_service as promotion
from kefu.careers.views import eligible_and_close, ladder_view, standing_view
from kefu.errors import NotFound
from kefu.web import pages_careers as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNoPath
from kefu.web.security import require
from kefu.workflow.models import Objection

api = APIRouter(prefix="/api/v1", tags=["kefu"])

CareersViewer = Annotated[Viewer, Depends(require("careers.view"))]
Overseer = Annotated[Viewer, Depends(require("careers.overview"))]
Reviewer = Annotated[Viewer, Depends(require("promotion.review"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="案件编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
LongText = Annotated[str, Field(max_length=4000)]


class ApplicationIn(Strict):
    """A promotion application (R-PRO-2): achievements, growth and a plan for the new role."""

    achievements: LongText
    growth: LongText
    plan: LongText


class DecisionIn(Strict):
    """A review's decision on the case version the reviewer saw (R-PRO-3)."""

    decision: Literal["approve", "reject"]
    opinion: LongText
    version: int = Field(ge=1, le=INT_MAX)
    interview_score: Text | None = Field(None, max_length=16)


class ObjectionIn(Strict):
    """An objection during the public notice (R-PUB-1)."""

    text: LongText


class AnswerIn(Strict):
    """HR's investigation and answer; ``upheld`` rejects the case."""

    outcome: Literal["dismissed", "upheld"]
    finding: LongText
    reply: LongText


@api.get("/careers/ladder", name="api_careers_ladder")
def api_ladder(session: SessionDep, viewer: CareersViewer, lang: ApiLang = "zh") -> dict[str, Any]:
    """The five levels with duties, requirements and the policy's conditions (R-ORG-3)."""
    return ladder_view(session, lang, views.today())


@api.get("/careers/standing/{employee_no}", name="api_careers_standing")
def api_standing(
    session: SessionDep,
    viewer: CareersViewer,
    employee_no: StaffNoPath,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A person's conditions for the next level with their figures (own, team or center)."""
    found = promotion.standing(session, employee_no, views.today())
    if not viewer.sees(employee_no, found.department, found.team):
        raise NotFound(f"没有找到工号 {employee_no} 的记录")
    return standing_view(found, lang)


@api.get("/careers/eligible", name="api_careers_eligible")
def api_eligible(session: SessionDep, viewer: Overseer, lang: ApiLang = "zh") -> dict[str, Any]:
    """Who in the viewer's scope meets every condition now, and who is one away."""
    rows = [standing_view(s, lang) for s in promotion.overview(session, views.today(), viewer)]
    eligible, close = eligible_and_close(rows)
    return {"as_of": views.today().isoformat(), "eligible": eligible, "close": close}


@api.get("/promotions", name="api_promotions")
def api_promotions(
    session: SessionDep, viewer: CareersViewer, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """The promotion cases the viewer may see, newest first."""
    return views.visible_cases(session, viewer, lang)


class RoundIn(Strict):
    """Open this month's promotion round (R-PRO-2); it closes on ``closes_on`` (default: month end)."""

    closes_on: date | None = None
    note: Text = Field("", max_length=255)


@api.get("/promotions/rounds", name="api_promotion_rounds")
def api_rounds(session: SessionDep, viewer: CareersViewer) -> list[dict[str, Any]]:
    """Every promotion round, newest first, and whether it takes applications today."""
    return [views.round_row(r) for r in promotion.rounds(session)]


@api.post("/promotions/rounds", name="api_promotion_round_open", status_code=201)
def api_round_open(session: SessionDep, viewer: Reviewer, body: RoundIn) -> dict[str, Any]:
    """HR opens this month's applications; refused outside the policy's application months."""
    found = promotion.open_round(session, viewer, views.today(), body.closes_on, body.note)
    return views.round_row(found)


@api.post("/promotions", name="api_promotion_apply", status_code=201)
def api_apply(
    session: SessionDep, viewer: CareersViewer, body: ApplicationIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Apply for the next level (R-PRO-2); refused outside the months or with a failing condition."""
    case = promotion.apply(
        session,
        viewer,
        achievements=body.achievements,
        growth=body.growth,
        plan=body.plan,
        today=views.today(),
    )
    return views.case_view(session, viewer, case, lang)


@api.get("/promotions/{case_id}", name="api_promotion")
def api_case(
    session: SessionDep, viewer: CareersViewer, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One case: application, conditions, every action, the notice and the objections."""
    case = views.case_in_view(session, viewer, case_id)
    return views.case_view(session, viewer, case, lang)


@api.post("/promotions/{case_id}/decision", name="api_promotion_decide")
def api_decide(
    session: SessionDep, viewer: Reviewer, case_id: CasePath, body: DecisionIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Decide the current review; 409 when the case moved since ``version``."""
    views.case_in_view(session, viewer, case_id)
    case = promotion.decide(
        session,
        viewer,
        case_id,
        body.decision,
        body.opinion,
        body.version,
        views.today(),
        work_calendar(),
        interview_score=views.parse_score(body.interview_score or ""),
    )
    return views.case_view(session, viewer, case, lang)


@api.post("/promotions/{case_id}/objections", name="api_promotion_object", status_code=201)
def api_object(
    session: SessionDep, viewer: Objector, case_id: CasePath, body: ObjectionIn
) -> dict[str, Any]:
    """Object during the notice, up to its last working day (R-PUB-1)."""
    views.case_in_view(session, viewer, case_id)
    return views.objection_row(
        promotion.object_to(session, viewer, case_id, body.text, views.today())
    )


@api.post("/promotions/objections/{objection_id}/answer", name="api_promotion_answer")
def api_answer(
    session: SessionDep, viewer: Reviewer, objection_id: ObjectionPath, body: AnswerIn
) -> dict[str, Any]:
    """HR answers an objection after investigating it."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    views.case_in_view(session, viewer, objection.case_id)
    answered = promotion.answer(
        session,
        viewer,
        objection_id,
        upheld=body.outcome == "upheld",
        finding=body.finding,
        reply=body.reply,
        today=views.today(),
    )
    return views.objection_row(answered)


@api.post("/promotions/{case_id}/final", name="api_promotion_final")
def api_final(
    session: SessionDep, viewer: Reviewer, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Make the promotion final after its notice (R-PRO-4: new level from next month)."""
    views.case_in_view(session, viewer, case_id)
    case = promotion.finalize(session, viewer, case_id, views.today())
    return views.case_view(session, viewer, case, lang)


@api.get("/inbox", name="api_inbox")
def api_inbox(session: SessionDep, viewer: CareersViewer, lang: ApiLang = "zh") -> dict[str, Any]:
    """What waits on me, and every case on public notice now."""
    return {
        "waiting": views.inbox_rows(session, viewer, lang),
        "notices": views.notices(session, lang),
    }
