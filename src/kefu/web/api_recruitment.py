"""The JSON API of recruitment (招聘, /api/v1/recruitment, R-REC-1).

The same builders and services as the pages (kefu.web.pages_recruitment), the same permission
(recruitment.manage: HR and managers). A move names the candidate version it was made on;
when someone changed the candidate first the answer is a 409 and nothing is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.recruitment import service as recruitment
from kefu.recruitment.rules import InterviewSheet, Item
from kefu.web import pages_recruitment as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, OptionalStaffNo, SessionDep
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Manager = Annotated[Viewer, Depends(require("recruitment.manage"))]
CandidatePath = Annotated[int, Path(ge=1, le=INT_MAX, description="应聘者编号")]
SeenVersion = Annotated[int, Field(ge=1, le=INT_MAX, description="the version the client saw")]
Figure = Annotated[Decimal, Field(ge=0, lt=100_000, max_digits=9, decimal_places=4)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=9, decimal_places=4)]
Short = Annotated[Text, Field(max_length=64)]
StageName = Literal["applied", "first_test", "second_test", "training", "rejected", "withdrew"]


class CandidateIn(Strict):
    """An applicant (报名): name, contact, the day they applied, position, source, notes."""

    name: Short = Field(min_length=1)
    applied_on: date
    contact: Annotated[Text, Field(max_length=128)] = ""
    position: Short = ""
    source: Short = ""
    notes: Annotated[Text, Field(max_length=2000)] = ""


class ResultsIn(Strict):
    """Figures of the first test (上机测试, 朗读测试); the ones left out are not entered now."""

    taken_on: date
    chinese_typing: Figure | None = Field(None, description="中文输入速度 (字/分钟)")
    digit_typing: Figure | None = Field(None, description="数字输入速度 (个/分钟)")
    office_software: Score | None = Field(None, description="办公软件基本操作 (0–100)")
    reading_clarity: Score | None = Field(None, description="朗读发音清晰度 (0–100)")
    reading_accuracy: Score | None = Field(None, description="朗读准确度 (0–100)")


class InterviewIn(Strict):
    """One interviewer's sheet (面试): a score 0–100 for every dimension of the policy."""

    interviewer: Short = Field(min_length=1)
    taken_on: date
    scores: dict[Annotated[str, Field(max_length=64)], Score] = Field(max_length=50)


class MoveIn(Strict):
    """A move to the next stage, or out (rejected, withdrew: a reason is required); into
    training hires: staff number, department, optional team, the training's first day."""

    version: SeenVersion
    to: StageName
    reason: Annotated[Text, Field(max_length=2000)] = ""
    employee_no: Annotated[OptionalStaffNo, Field(max_length=32)] | None = None
    department: Short | None = None
    team: Short | None = None
    starts_on: date | None = None
    cohort: int | None = Field(default=None, ge=1, le=INT_MAX)


@api.get("/recruitment/candidates", name="api_recruitment_candidates")
def api_recruitment_candidates(
    session: SessionDep,
    viewer: Manager,
    stage: Annotated[StageName | Literal[""], Query()] = "",
    q: Annotated[str, Query(max_length=64)] = "",
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """Candidates, newest application first; at one stage, or matching a name, contact or 工号."""
    return views.candidate_rows(session, lang, stage=stage, search=q)


@api.post("/recruitment/candidates", name="api_recruitment_add", status_code=201)
def api_recruitment_add(
    session: SessionDep, viewer: Manager, body: CandidateIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Record an applicant at the first stage (报名)."""
    candidate = recruitment.add_candidate(
        session,
        viewer,
        name=body.name,
        applied_on=body.applied_on,
        contact=body.contact,
        position=body.position,
        source=body.source,
        notes=body.notes,
        today=views.today(),
    )
    return views.candidate_view(session, candidate, lang)


@api.get("/recruitment/candidates/{candidate_id}", name="api_recruitment_candidate")
def api_recruitment_candidate(
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    on: Annotated[date | None, Query(description="judge by the policy of this day")] = None,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """One candidate: each test against its pass mark, the next move, the history."""
    candidate = recruitment.get_candidate(session, candidate_id)
    return views.candidate_view(session, candidate, lang, on)


@api.post("/recruitment/candidates/{candidate_id}/results", name="api_recruitment_results")
def api_recruitment_results(
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    body: ResultsIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Record figures of the first test (each a new result: the newest counts)."""
    fields: dict[Item, Decimal | None] = {
        "chinese_typing": body.chinese_typing,
        "digit_typing": body.digit_typing,
        "office_software": body.office_software,
        "reading_clarity": body.reading_clarity,
        "reading_accuracy": body.reading_accuracy,
    }
    values = {item: value for item, value in fields.items() if value is not None}
    recruitment.record_results(
        session, viewer, candidate_id, values, taken_on=body.taken_on, today=views.today()
    )
    return views.candidate_view(session, recruitment.get_candidate(session, candidate_id), lang)


@api.post("/recruitment/candidates/{candidate_id}/interview", name="api_recruitment_interview")
def api_recruitment_interview(
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    body: InterviewIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Record one interviewer's sheet; the same interviewer's new sheet replaces the old."""
    recruitment.record_interview(
        session,
        viewer,
        candidate_id,
        InterviewSheet(body.interviewer, dict(body.scores)),
        taken_on=body.taken_on,
        today=views.today(),
    )
    return views.candidate_view(session, recruitment.get_candidate(session, candidate_id), lang)


@api.post("/recruitment/candidates/{candidate_id}/move", name="api_recruitment_move")
def api_recruitment_move(
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    body: MoveIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Move a candidate (R-REC-1); refused, naming what is missing or below the mark, unless the
    current stage's tests are all recorded and passed; 409 on a stale ``version``."""
    hire = None
    if body.to == "training":
        hire = recruitment.Hire(
            employee_no=body.employee_no or "",
            department=body.department or "",
            team=body.team,
            starts_on=body.starts_on or views.today(),
            cohort=body.cohort,
        )
    recruitment.move(
        session,
        viewer,
        candidate_id,
        body.to,
        seen_version=body.version,
        today=views.today(),
        reason=body.reason,
        hire=hire,
    )
    return views.candidate_view(session, recruitment.get_candidate(session, candidate_id), lang)


@api.get("/recruitment/reserve", name="api_recruitment_reserve")
def api_recruitment_reserve(
    session: SessionDep,
    viewer: Manager,
    on: Annotated[date | None, Query(description="YYYY-MM-DD; default today")] = None,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Reserve staffing: seats, target (share of the seats, rounded up), current, gap, why."""
    return views.reserve_view(session, lang, on)
