"""The JSON API of the Eagle plan (雏鹰计划, /api/v1/eagle…, R-EGL-1..3, R-PUB-1).

The same service and builders as the pages (kefu.careers.eagle_service, pages_eagle), the
same permissions: every staff member reads a plan and applies; HR and managers run it. A
change names the plan version it was made on; when someone changed the plan first the answer
is a 409 and nothing is written. Errors are {"detail": …} with the error's status.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.careers import eagle_service as eagle
from kefu.errors import NotFound
from kefu.web import pages_eagle as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo, StaffNoPath
from kefu.web.security import require
from kefu.workflow.models import Objection

api = APIRouter(prefix="/api/v1", tags=["kefu"])

CareersViewer = Annotated[Viewer, Depends(require("careers.view"))]
Manager = Annotated[Viewer, Depends(require("eagle.manage"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="雏鹰计划编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
ComplaintPath = Annotated[int, Path(ge=1, le=INT_MAX, description="投诉编号")]
EmployeePath = StaffNoPath
LongText = Annotated[Text, Field(max_length=4000)]
Number = Annotated[StaffNo, Field(min_length=1, max_length=32)]
Score = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4)]
Version = Annotated[int, Field(ge=1, le=INT_MAX)]


class AnnounceIn(Strict):
    """A new plan's announcement (发布公告): title, application deadline, notes."""

    title: Annotated[Text, Field(min_length=1, max_length=200)]
    deadline: date
    notes: LongText = ""


class ApplicationIn(Strict):
    """An application (申请书, R-EGL-1); register fields are filled in by kefu."""

    version: Version
    results_summary: LongText
    supervisor_comment: LongText
    progress: LongText
    method: LongText
    exam_dates: LongText
    plan_months: Annotated[Decimal, Field(gt=0, le=120, decimal_places=4)]
    conversion_exam_score: Score | None = None


class FiguresIn(Strict):
    """What HR enters for an applicant: major complaints, the exam score, other awards."""

    version: Version
    major_complaints: Annotated[int, Field(ge=0, le=10_000)] | None = None
    conversion_exam_score: Score | None = None
    extra_awards: list[Annotated[Text, Field(max_length=64)]] = Field([], max_length=50)


class ShortlistIn(Strict):
    """The shortlist (omitted: every qualified applicant) and the two schedule days."""

    version: Version
    members: list[Number] | None = Field(None, max_length=views.MAX_LISTED)
    shortlist_on: date
    interview_on: date


class PanelIn(Strict):
    """面试官小组: 总经理, 副总经理, 客服总监, 人事经理."""

    gm: Annotated[Text, Field(max_length=64)]
    deputy_gm: Annotated[Text, Field(max_length=64)]
    cs_director: Annotated[Text, Field(max_length=64)]
    hr_manager: Annotated[Text, Field(max_length=64)]


class GroupIn(Strict):
    """The panel and the members chosen from the shortlist, with the leader (R-EGL-2)."""

    version: Version
    panel: PanelIn
    members: list[Number] = Field(max_length=views.MAX_LISTED)
    leader: Number


class DecisionIn(Strict):
    """A stage's decision on the plan version the decider saw."""

    decision: Literal["approve", "reject"]
    opinion: LongText
    version: Version


class ObjectionIn(Strict):
    """An objection during the public notice (R-PUB-1)."""

    text: LongText


class AnswerIn(Strict):
    """HR's investigation and answer; ``upheld`` rejects the result."""

    outcome: Literal["dismissed", "upheld"]
    finding: LongText
    reply: LongText


class PriorGapIn(Strict):
    """A GAP score from the original department and the day it was taken."""

    score: Score
    taken_on: date


class ExamsIn(Strict):
    """A member's SOSO upgrade exam and GAP exam, or the prior GAP score (R-EGL-3)."""

    version: Version
    soso_score: Score | None = None
    gap_score: Score | None = None
    prior_gap: PriorGapIn | None = None


class VersionIn(Strict):
    version: Version


class ComplaintIn(Strict):
    """A member's complaint about the leader, with the reasons (R-EGL-2)."""

    version: Version
    reasons: LongText


class JudgementIn(Strict):
    """Whether a complaint's reasons hold (投诉理由得当), with HR's finding."""

    version: Version
    valid: bool
    note: LongText


class LeaderIn(Strict):
    """The new leader, a member (另立组长)."""

    version: Version
    leader: Number


def _plan(session: SessionDep, viewer: Viewer, case_id: int, lang: ApiLang) -> dict[str, Any]:
    return views.plan_view(session, viewer, eagle.get_plan(session, case_id), lang)


@api.get("/eagle", name="api_eagle_plans")
def api_plans(
    session: SessionDep, viewer: CareersViewer, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """Every Eagle plan, newest first."""
    return [views.plan_row(c, lang) for c in eagle.plans(session)]


@api.post("/eagle", name="api_eagle_announce", status_code=201)
def api_announce(
    session: SessionDep, viewer: Manager, body: AnnounceIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Announce a plan with its application deadline (R-EGL-1)."""
    case = eagle.announce(
        session,
        viewer,
        title=body.title,
        deadline=body.deadline,
        notes=body.notes,
        today=views.today(),
    )
    return views.plan_view(session, viewer, case, lang)


@api.get("/eagle/{case_id}", name="api_eagle_plan")
def api_plan(
    session: SessionDep, viewer: CareersViewer, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One plan as the viewer may see it (applications and screening: HR and managers)."""
    views.plan_in_view(session, case_id)
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/applications", name="api_eagle_apply", status_code=201)
def api_apply(
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    body: ApplicationIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Apply by the deadline (after it: refused with the date)."""
    views.plan_in_view(session, case_id)
    eagle.apply(
        session,
        viewer,
        case_id,
        results_summary=body.results_summary,
        supervisor_comment=body.supervisor_comment,
        progress=body.progress,
        method=body.method,
        exam_dates=body.exam_dates,
        plan_months=body.plan_months,
        conversion_exam_score=body.conversion_exam_score,
        seen_version=body.version,
        today=views.today(),
    )
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/applications/{employee_no}/figures", name="api_eagle_figures")
def api_figures(
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    body: FiguresIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """HR enters an applicant's major complaints, conversion-exam score and other awards."""
    views.plan_in_view(session, case_id)
    eagle.record_figures(
        session,
        viewer,
        case_id,
        employee_no,
        major_complaints=body.major_complaints,
        conversion_exam_score=body.conversion_exam_score,
        extra_awards=body.extra_awards,
        seen_version=body.version,
        today=views.today(),
    )
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/shortlist", name="api_eagle_shortlist")
def api_shortlist(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: ShortlistIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """The shortlist and the interview day; days outside the windows come back flagged."""
    views.plan_in_view(session, case_id)
    eagle.set_shortlist(
        session,
        viewer,
        case_id,
        members=body.members,
        shortlist_on=body.shortlist_on,
        interview_on=body.interview_on,
        seen_version=body.version,
        today=views.today(),
    )
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/group", name="api_eagle_group")
def api_group(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: GroupIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """The panel and the group with its leader; a group off the seats is refused (R-EGL-2)."""
    views.plan_in_view(session, case_id)
    eagle.record_group(
        session,
        viewer,
        case_id,
        panel=body.panel.model_dump(),
        members=body.members,
        leader=body.leader,
        seen_version=body.version,
        today=views.today(),
    )
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/decision", name="api_eagle_decide")
def api_decide(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: DecisionIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Decide the current stage; 409 when the plan changed since ``version``."""
    views.plan_in_view(session, case_id)
    eagle.decide(
        session,
        viewer,
        case_id,
        body.decision,
        body.opinion,
        body.version,
        views.today(),
        views.eagle_calendar(),
    )
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/objections", name="api_eagle_object", status_code=201)
def api_object(
    session: SessionDep, viewer: Objector, case_id: CasePath, body: ObjectionIn
) -> dict[str, Any]:
    """Object during the notice, up to its last working day (R-PUB-1)."""
    views.plan_in_view(session, case_id)
    return views.objection_row(eagle.object_to(session, viewer, case_id, body.text, views.today()))


@api.post("/eagle/objections/{objection_id}/answer", name="api_eagle_answer")
def api_answer(
    session: SessionDep, viewer: Manager, objection_id: ObjectionPath, body: AnswerIn
) -> dict[str, Any]:
    """HR answers an objection after investigating it."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    views.plan_in_view(session, objection.case_id)
    answered = eagle.answer(
        session,
        viewer,
        objection_id,
        upheld=body.outcome == "upheld",
        finding=body.finding,
        reply=body.reply,
        today=views.today(),
    )
    return views.objection_row(answered)


@api.post("/eagle/{case_id}/final", name="api_eagle_final")
def api_final(
    session: SessionDep, viewer: Manager, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Make the group final after its notice."""
    views.plan_in_view(session, case_id)
    eagle.finalize(session, viewer, case_id, views.today())
    return _plan(session, viewer, case_id, lang)


@api.post("/eagle/{case_id}/exams/{employee_no}", name="api_eagle_exams")
def api_exams(
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    body: ExamsIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A member's exams; the answer says GAP exempt or not and passed, failed or pending."""
    views.plan_in_view(session, case_id)
    prior = (body.prior_gap.taken_on, body.prior_gap.score) if body.prior_gap else None
    outcome = eagle.record_exams(
        session,
        viewer,
        case_id,
        employee_no,
        soso_score=body.soso_score,
        gap_score=body.gap_score,
        prior_gap=prior,
        seen_version=body.version,
        today=views.today(),
    )
    return {
        "employee_no": employee_no,
        "gap_exempt": outcome.gap_exempt,
        "passed": outcome.passed,
        "steps": [views.step_row(s, lang) for s in outcome.steps],
        "version": eagle.get_plan(session, case_id).version,
    }


@api.get("/eagle/{case_id}/certificate/{employee_no}", name="api_eagle_certificate")
def api_certificate(
    session: SessionDep, viewer: CareersViewer, case_id: CasePath, employee_no: EmployeePath
) -> dict[str, Any]:
    """The certificate of a member who passed both exams (the member, HR and managers)."""
    return views.certificate_view(eagle.certificate(session, viewer, case_id, employee_no))


@api.post("/eagle/{case_id}/transfers/{employee_no}", name="api_eagle_transfer")
def api_transfer(
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    body: VersionIn,
) -> dict[str, Any]:
    """Confirm a passing member's transfer: a register record from tomorrow (R-EGL-3)."""
    views.plan_in_view(session, case_id)
    record = eagle.transfer(session, viewer, case_id, employee_no, body.version, views.today())
    return {
        "employee_no": employee_no,
        "department": record.department,
        "effective_on": record.effective_on.isoformat(),
        "version": eagle.get_plan(session, case_id).version,
    }


@api.post("/eagle/{case_id}/complaints", name="api_eagle_complain", status_code=201)
def api_complain(
    session: SessionDep, viewer: CareersViewer, case_id: CasePath, body: ComplaintIn
) -> dict[str, Any]:
    """A member complains about the leader (R-EGL-2)."""
    views.plan_in_view(session, case_id)
    return eagle.file_complaint(session, viewer, case_id, body.reasons, body.version, views.today())


@api.post("/eagle/{case_id}/complaints/{complaint_id}/judgement", name="api_eagle_judge")
def api_judge(
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    complaint_id: ComplaintPath,
    body: JudgementIn,
) -> dict[str, Any]:
    """HR decides whether a complaint's reasons hold."""
    views.plan_in_view(session, case_id)
    return eagle.judge_complaint(
        session,
        viewer,
        case_id,
        complaint_id,
        valid=body.valid,
        note=body.note,
        seen_version=body.version,
        today=views.today(),
    )


@api.post("/eagle/{case_id}/leader", name="api_eagle_leader")
def api_leader(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: LeaderIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Record the new leader once valid complaints of more than the share say so."""
    views.plan_in_view(session, case_id)
    eagle.replace_leader(session, viewer, case_id, body.leader, body.version, views.today())
    return _plan(session, viewer, case_id, lang)
