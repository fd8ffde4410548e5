"""The JSON API of the new-hire programme (新员工培训, /api/v1/training, R-NEW-1..4, R-PUB-1).

The same builders and services as the pages (kefu.web.pages_training), the same permissions:
the cohort's trainer, HR and managers act; a trainee reads their own plan and scores, a mentor
their mentees'; a case on notice is open to every staff member. A change to an elimination
case names the version it was made on: when someone changed it first the answer is a 409.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.errors import NotFound
from kefu.training import conversion, exams_link, scores
from kefu.training import elimination_service as elimination
from kefu.training import service as training
from kefu.training.models import Criterion
from kefu.web import pages_training as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, OptionalStaffNo, SessionDep, StaffNo
from kefu.web.pages_careers import objection_row
from kefu.web.security import require
from kefu.workflow.models import Objection

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Staff = Annotated[Viewer, Depends(require("training.view"))]
Trainer = Annotated[Viewer, Depends(require("training.manage"))]
Decider = Annotated[Viewer, Depends(require("training.decide"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
CohortPath = Annotated[int, Path(ge=1, le=INT_MAX, description="培训班编号")]
TraineePath = Annotated[int, Path(ge=1, le=INT_MAX, description="学员编号")]
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="案件编号")]
ItemPath = Annotated[int, Path(ge=1, le=INT_MAX, description="编号")]
DayPath = Annotated[int, Path(ge=1, le=366, description="计划第几天")]
LongText = Annotated[Text, Field(max_length=4000)]
ShortText = Annotated[Text, Field(max_length=64)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=12, decimal_places=4)]
SeenVersion = Annotated[int, Field(ge=1, le=INT_MAX, description="the version the client saw")]
Purpose = Literal["training_theory", "training_practical", "conversion", "re_exam"]


class CohortIn(Strict):
    """A new cohort from a day; the trainer is a QA or HR account (default: the caller)."""

    name: Text = Field(min_length=1, max_length=100)
    starts_on: date
    trainer: ShortText = ""
    department: ShortText = ""


class TraineeIn(Strict):
    """A register member on probation joins; a new hire also gives a name (and department)."""

    employee_no: StaffNo = Field(min_length=1, max_length=32)
    name: ShortText = ""
    department: ShortText = ""
    hired_on: date | None = None
    mentor_no: OptionalStaffNo = Field("", max_length=32)


class PlanDayIn(Strict):
    """A day's new content, lead or exam (fields left out stay as they are), with the reason."""

    title: Text | None = Field(None, max_length=200)
    lead: ShortText | None = None
    content: list[LongText] | None = Field(None, max_length=50)
    exam: Literal["", "ability", "theory", "practical", "comprehensive", "conversion"] | None = None
    exam_items: list[Annotated[Text, Field(max_length=200)]] | None = Field(None, max_length=20)
    reason: LongText


class ExamIn(Strict):
    """A paper of the question bank set for the cohort (all it is for, or the ones named)."""

    paper_id: int = Field(ge=1, le=INT_MAX)
    purpose: Purpose
    opens_on: date
    closes_on: date
    employee_nos: list[Annotated[StaffNo, Field(max_length=32)]] = Field(
        default_factory=list, max_length=500
    )
    plan_day: int | None = Field(None, ge=1, le=366)


class MentorIn(Strict):
    mentor_no: StaffNo = Field(min_length=1, max_length=32)


class ScoreIn(Strict):
    """A theory or practical score out of 100, or daily conduct by its parts, with feedback."""

    kind: Literal["theory", "practical", "conduct"]
    taken_on: date
    feedback: LongText
    score: Score | None = None
    attendance: Score | None = None
    attitude: Score | None = None
    teamwork: Score | None = None
    occasion: Literal["periodic", "lesson", "exam"] = "periodic"
    plan_day: int | None = Field(None, ge=1, le=366)
    corrects: int | None = Field(None, ge=1, le=INT_MAX)
    reason: LongText = ""


class AdoptIn(Strict):
    sitting_id: int = Field(ge=1, le=INT_MAX)
    feedback: LongText


class WarningIn(Strict):
    note: LongText
    given_on: date


class CriterionIn(Strict):
    criterion: Literal[
        "serious_violation",
        "unable_after_coaching",
        "serious_complaint",
        "refuses_cooperation",
        "ability_far_below",
    ]
    evidence: LongText
    observed_on: date


class ReasonIn(Strict):
    reason: LongText


class ConversionIn(Strict):
    """The conversion exam's (or re-exam's) result: typed with its paper, or a graded sitting."""

    taken_on: date
    feedback: LongText
    score: Score | None = None
    paper: Text = Field("", max_length=200)
    sitting_id: int | None = Field(None, ge=1, le=INT_MAX)


class ReExamPaperIn(Strict):
    """Draw the re-exam paper from the bank without the failed paper's questions."""

    topics: dict[Annotated[Text, Field(max_length=64)], Annotated[int, Field(ge=1, le=200)]] = (
        Field(min_length=1, max_length=50)
    )
    exam_kind: Literal["written", "oral", "practical"] = "written"
    title: Text = Field("", max_length=200)
    seed: int | None = Field(None, ge=0, le=INT_MAX)


class DecisionIn(Strict):
    """After a failed re-exam: eliminate, or extend the probation to a day."""

    choice: Literal["eliminate", "extend"]
    reason: LongText
    until: date | None = None


class TalkIn(Strict):
    version: SeenVersion
    decision: Literal["approve", "reject"]
    reasons: LongText
    response: LongText = ""


class ObjectionIn(Strict):
    text: LongText


class AnswerIn(Strict):
    outcome: Literal["dismissed", "upheld"]
    finding: LongText
    reply: LongText


class FinalIn(Strict):
    opinion: LongText


class ChecklistIn(Strict):
    version: SeenVersion
    item: Literal["final_pay", "badge", "equipment"]
    done_on: date


class ExitIn(Strict):
    version: SeenVersion
    feedback: LongText
    advice: LongText


# ---------------------------------------------------------------- reading


@api.get("/training", name="api_training")
def api_training(session: SessionDep, viewer: Staff, lang: ApiLang = "zh") -> dict[str, Any]:
    """What the programme holds for the caller: my training, mentees, cohorts, the list …"""
    return views.home_view(session, viewer, lang)


@api.get("/training/cohorts", name="api_training_cohorts")
def api_training_cohorts(session: SessionDep, viewer: Trainer) -> list[dict[str, Any]]:
    """The cohorts the caller acts on, newest start first."""
    return views.cohort_rows(session, viewer)


@api.post("/training/cohorts", name="api_training_open_cohort", status_code=201)
def api_training_open_cohort(
    session: SessionDep, viewer: Trainer, body: CohortIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Open a cohort with its own copy of the policy's plan (R-NEW-1)."""
    cohort = training.open_cohort(
        session,
        viewer,
        name=body.name,
        starts_on=body.starts_on,
        trainer=body.trainer,
        department=body.department,
        today=views.today(),
    )
    return views.cohort_view(session, viewer, cohort, lang)


@api.get("/training/cohorts/{cohort_id}", name="api_training_cohort")
def api_training_cohort(
    session: SessionDep, viewer: Trainer, cohort_id: CohortPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """A cohort: the plan on real dates with each moved exam explained, trainees, flags."""
    return views.cohort_view(session, viewer, training.get_cohort(session, cohort_id), lang)


@api.get("/training/preliminary", name="api_training_preliminary")
def api_training_preliminary(
    session: SessionDep, viewer: Trainer, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """初步名单: trainees with an automatic flag or a recorded criterion (R-NEW-3)."""
    found: list[dict[str, Any]] = views.home_view(session, viewer, lang)["preliminary"]
    return found


@api.get("/training/trainees/{trainee_id}", name="api_training_trainee")
def api_training_trainee(
    session: SessionDep, viewer: Staff, trainee_id: TraineePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One trainee: the plan with today marked, scores with feedback, flags (trainers)."""
    trainee = views.trainee_in_view(session, viewer, trainee_id)
    return views.trainee_view(session, viewer, trainee, lang)


@api.get("/training/cases", name="api_training_cases")
def api_training_cases(
    session: SessionDep, viewer: Staff, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """The training eliminations the caller may see, newest first."""
    return views.case_rows(session, viewer, lang)


@api.get("/training/cases/{case_id}", name="api_training_case")
def api_training_case(
    session: SessionDep, viewer: Staff, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """A training elimination with its grounds, talk, notice, objections, final, checklist."""
    return views.case_view(session, viewer, views.case_in_view(session, viewer, case_id), lang)


# ---------------------------------------------------------------- the cohort and its trainees


def _trainee(session: SessionDep, viewer: Viewer, trainee_id: int, lang: ApiLang) -> dict[str, Any]:
    trainee = views.trainee_in_view(session, viewer, trainee_id)
    return views.trainee_view(session, viewer, trainee, lang)


@api.post(
    "/training/cohorts/{cohort_id}/trainees", name="api_training_add_trainee", status_code=201
)
def api_training_add_trainee(
    session: SessionDep,
    viewer: Trainer,
    cohort_id: CohortPath,
    body: TraineeIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A register member on probation joins the cohort, or a new hire joins the register."""
    trainee = training.add_trainee(
        session,
        viewer,
        cohort_id,
        body.employee_no,
        name=body.name,
        department=body.department,
        hired_on=body.hired_on,
        mentor_no=body.mentor_no,
        today=views.today(),
    )
    return _trainee(session, viewer, trainee.id, lang)


@api.put("/training/cohorts/{cohort_id}/plan/{number}", name="api_training_edit_day")
def api_training_edit_day(
    session: SessionDep,
    viewer: Trainer,
    cohort_id: CohortPath,
    number: DayPath,
    body: PlanDayIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Edit a day of the cohort's plan; the edit is recorded with its reason."""
    training.edit_plan_day(
        session,
        viewer,
        cohort_id,
        number,
        title=body.title,
        lead=body.lead,
        content=body.content,
        exam=training.KEEP if body.exam is None else (body.exam or None),
        exam_items=body.exam_items,
        reason=body.reason,
        today=views.today(),
    )
    return views.cohort_view(session, viewer, training.get_cohort(session, cohort_id), lang)


@api.post("/training/cohorts/{cohort_id}/exams", name="api_training_exam", status_code=201)
def api_training_exam(
    session: SessionDep, viewer: Trainer, cohort_id: CohortPath, body: ExamIn
) -> list[dict[str, Any]]:
    """Set a paper of the question bank for the cohort's trainees (R-EXM-1)."""
    sittings = exams_link.assign_exam(
        session,
        viewer,
        cohort_id,
        body.paper_id,
        purpose=body.purpose,
        opens_on=body.opens_on,
        closes_on=body.closes_on,
        employee_nos=body.employee_nos,
        plan_day=body.plan_day,
        today=views.today(),
    )
    return [{"sitting_id": s.id, "employee_no": s.employee_no} for s in sittings]


@api.put("/training/trainees/{trainee_id}/mentor", name="api_training_mentor")
def api_training_mentor(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: MentorIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """指定导师 (a regular member of staff)."""
    views.trainee_in_view(session, viewer, trainee_id)
    training.assign_mentor(session, viewer, trainee_id, body.mentor_no, views.today())
    return _trainee(session, viewer, trainee_id, lang)


@api.post("/training/trainees/{trainee_id}/scores", name="api_training_score", status_code=201)
def api_training_score(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: ScoreIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Enter (or correct) a theory, practical or daily-conduct score with its feedback."""
    views.trainee_in_view(session, viewer, trainee_id)
    parts = None
    if body.kind == "conduct":
        given = {
            "attendance": body.attendance,
            "attitude": body.attitude,
            "teamwork": body.teamwork,
        }
        parts = {k: v for k, v in given.items() if v is not None}
    scores.record_score(
        session,
        viewer,
        trainee_id,
        kind=body.kind,
        taken_on=body.taken_on,
        feedback=body.feedback,
        score=body.score,
        parts=parts,
        occasion=body.occasion,
        plan_number=body.plan_day,
        corrects=body.corrects,
        reason=body.reason,
        today=views.today(),
    )
    return _trainee(session, viewer, trainee_id, lang)


@api.post(
    "/training/trainees/{trainee_id}/exam-results",
    name="api_training_adopt",
    status_code=201,
)
def api_training_adopt(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: AdoptIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Feedback on a graded exam sitting of the cohort."""
    views.trainee_in_view(session, viewer, trainee_id)
    scores.adopt_exam_result(
        session, viewer, trainee_id, body.sitting_id, body.feedback, views.today()
    )
    return _trainee(session, viewer, trainee_id, lang)


@api.post("/training/trainees/{trainee_id}/warnings", name="api_training_warn", status_code=201)
def api_training_warn(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: WarningIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """提醒, with its note."""
    views.trainee_in_view(session, viewer, trainee_id)
    scores.warn(session, viewer, trainee_id, body.note, body.given_on, views.today())
    return _trainee(session, viewer, trainee_id, lang)


@api.post(
    "/training/trainees/{trainee_id}/criteria", name="api_training_criterion", status_code=201
)
def api_training_criterion(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: CriterionIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Record an elimination criterion with its evidence (R-NEW-3)."""
    views.trainee_in_view(session, viewer, trainee_id)
    scores.record_criterion(
        session, viewer, trainee_id, body.criterion, body.evidence, body.observed_on, views.today()
    )
    return _trainee(session, viewer, trainee_id, lang)


@api.post("/training/criteria/{criterion_id}/withdraw", name="api_training_withdraw_criterion")
def api_training_withdraw_criterion(
    session: SessionDep,
    viewer: Trainer,
    criterion_id: ItemPath,
    body: ReasonIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Withdraw a recorded criterion found wrong, with the reason."""
    row = session.get(Criterion, criterion_id)
    if row is None:
        raise NotFound(f"没有编号为 {criterion_id} 的淘汰依据 (no criterion {criterion_id})")
    views.trainee_in_view(session, viewer, row.trainee_id)
    scores.withdraw_criterion(session, viewer, criterion_id, body.reason, views.today())
    return _trainee(session, viewer, row.trainee_id, lang)


@api.post("/training/trainees/{trainee_id}/conversion", name="api_training_convert")
def api_training_convert(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: ConversionIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """The conversion exam's (or re-exam's) result, applied at once (R-NEW-1)."""
    views.trainee_in_view(session, viewer, trainee_id)
    conversion.record_conversion(
        session,
        viewer,
        trainee_id,
        taken_on=body.taken_on,
        feedback=body.feedback,
        score=body.score,
        paper_label=body.paper,
        sitting_id=body.sitting_id,
        calendar=views.training_calendar(),
        today=views.today(),
    )
    return _trainee(session, viewer, trainee_id, lang)


@api.post(
    "/training/trainees/{trainee_id}/re-exam-paper",
    name="api_training_re_exam_paper",
    status_code=201,
)
def api_training_re_exam_paper(
    session: SessionDep, viewer: Trainer, trainee_id: TraineePath, body: ReExamPaperIn
) -> dict[str, Any]:
    """Draw the re-exam paper without a question of the failed one (R-NEW-1, R-EXM-1)."""
    views.trainee_in_view(session, viewer, trainee_id)
    paper = exams_link.draw_re_exam_paper(
        session,
        viewer,
        trainee_id,
        topics=dict(body.topics),
        exam_kind=body.exam_kind,
        title=body.title,
        seed=body.seed,
        today=views.today(),
    )
    return {"paper_id": paper.id, "title": paper.title}


@api.post("/training/trainees/{trainee_id}/decision", name="api_training_decide")
def api_training_decide(
    session: SessionDep,
    viewer: Decider,
    trainee_id: TraineePath,
    body: DecisionIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """After a failed re-exam the manager chooses: eliminate, or extend the probation."""
    views.trainee_in_view(session, viewer, trainee_id)
    conversion.decide(
        session,
        viewer,
        trainee_id,
        body.choice,
        body.reason,
        until=body.until,
        calendar=views.training_calendar(),
        today=views.today(),
    )
    return _trainee(session, viewer, trainee_id, lang)


# ---------------------------------------------------------------- the elimination case


def _case(session: SessionDep, viewer: Viewer, case_id: int, lang: ApiLang) -> dict[str, Any]:
    return views.case_view(session, viewer, views.case_in_view(session, viewer, case_id), lang)


@api.post(
    "/training/trainees/{trainee_id}/elimination",
    name="api_training_open_case",
    status_code=201,
)
def api_training_open_case(
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    body: ReasonIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """From the preliminary list: open the elimination case (R-NEW-4)."""
    views.trainee_in_view(session, viewer, trainee_id)
    case = elimination.open_case(
        session,
        viewer,
        trainee_id,
        calendar=views.training_calendar(),
        today=views.today(),
        reason=body.reason,
    )
    return _case(session, viewer, case.id, lang)


@api.post("/training/cases/{case_id}/talk", name="api_training_talk")
def api_training_talk(
    session: SessionDep, viewer: Trainer, case_id: CasePath, body: TalkIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """沟通面谈: reasons and response; on to the notice, or the case ends. 409 on a stale version."""
    views.case_in_view(session, viewer, case_id)
    elimination.talk(
        session,
        viewer,
        case_id,
        body.decision,
        body.reasons,
        body.response,
        body.version,
        calendar=views.training_calendar(),
        today=views.today(),
    )
    return _case(session, viewer, case_id, lang)


@api.post("/training/cases/{case_id}/objections", name="api_training_object", status_code=201)
def api_training_object(
    session: SessionDep, viewer: Objector, case_id: CasePath, body: ObjectionIn
) -> dict[str, Any]:
    """Object during the notice (R-PUB-1)."""
    views.case_in_view(session, viewer, case_id)
    return objection_row(elimination.object_to(session, viewer, case_id, body.text, views.today()))


@api.post("/training/cases/objections/{objection_id}/answer", name="api_training_answer")
def api_training_answer(
    session: SessionDep, viewer: Trainer, objection_id: ItemPath, body: AnswerIn
) -> dict[str, Any]:
    """HR answers an objection after investigating it."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    views.case_in_view(session, viewer, objection.case_id)
    answered = elimination.answer(
        session,
        viewer,
        objection_id,
        upheld=body.outcome == "upheld",
        finding=body.finding,
        reply=body.reply,
        today=views.today(),
    )
    return objection_row(answered)


@api.post("/training/cases/{case_id}/final", name="api_training_final")
def api_training_final(
    session: SessionDep, viewer: Trainer, case_id: CasePath, body: FinalIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR's final decision after the notice: the person leaves from that day."""
    views.case_in_view(session, viewer, case_id)
    elimination.finalize(session, viewer, case_id, body.opinion, views.today())
    return _case(session, viewer, case_id, lang)


@api.post("/training/cases/{case_id}/checklist", name="api_training_checklist")
def api_training_checklist(
    session: SessionDep, viewer: Trainer, case_id: CasePath, body: ChecklistIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR ticks an offboarding item with its day."""
    views.case_in_view(session, viewer, case_id)
    elimination.tick(session, viewer, case_id, body.item, body.done_on, body.version, views.today())
    return _case(session, viewer, case_id, lang)


@api.post("/training/cases/{case_id}/exit", name="api_training_exit")
def api_training_exit(
    session: SessionDep, viewer: Trainer, case_id: CasePath, body: ExitIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR records the exit talk: feedback and career advice."""
    views.case_in_view(session, viewer, case_id)
    elimination.record_exit(
        session, viewer, case_id, body.feedback, body.advice, body.version, views.today()
    )
    return _case(session, viewer, case_id, lang)
