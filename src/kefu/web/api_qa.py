"""The JSON API of QA monitoring (/api/v1/qa, R-QA-1).

The same builders and services as the pages (kefu.web.pages_qa), the same permissions: agents
read their own submitted evaluations and acknowledge or dispute them, leaders read their
team's, QA and managers score, review disputes, keep the scorecards and calibrate.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.qa import rules
from kefu.qa import service as qa
from kefu.qa.rules import Mark
from kefu.web import pages_qa as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo, StaffNoQuery
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Viewing = Annotated[Viewer, Depends(require("qa.view"))]
Evaluator = Annotated[Viewer, Depends(require("qa.evaluate"))]
Reviewer = Annotated[Viewer, Depends(require("qa.review"))]
Keeper = Annotated[Viewer, Depends(require("qa.scorecards"))]
Calibrator = Annotated[Viewer, Depends(require("qa.calibrate"))]
EvaluationPath = Annotated[int, Path(ge=1, le=INT_MAX, description="监控评分编号")]
ContactPath = Annotated[int, Path(ge=1, le=INT_MAX, description="监控联络编号")]
CalibrationPath = Annotated[int, Path(ge=1, le=INT_MAX, description="校准编号")]
FamilyPath = Annotated[str, Path(min_length=1, max_length=64, description="评分表")]
Version = Annotated[int, Field(ge=1, le=INT_MAX, description="the version you saw")]
Note = Annotated[Text, Field(max_length=rules.NOTE_MAX)]
Points = Annotated[str, Field(max_length=16, pattern=r"^\d{1,6}(\.\d{1,4})?$")]
ItemKey = Annotated[str, Field(min_length=1, max_length=64)]


class MarkIn(Strict):
    """One item's mark: points (null: N/A) and the problem noted."""

    points: Points | None
    note: Note = ""


Marks = Annotated[dict[ItemKey, MarkIn], Field(max_length=200)]


def _marks(given: dict[str, MarkIn]) -> dict[str, Mark]:
    return rules.parse_marks({k: {"points": m.points, "note": m.note} for k, m in given.items()})


class ContactIn(Strict):
    employee_no: StaffNo = Field(min_length=1, max_length=32)
    channel: Literal["phone", "email", "fax", "chat"]
    contact_at: datetime
    reference: Text = Field("", max_length=qa.REFERENCE_MAX)
    transcript: Text | None = Field(None, max_length=qa.TRANSCRIPT_MAX)
    transcript_format: Literal["text", "json", "csv"] = "text"


class EvaluateIn(Strict):
    """Marks for every item, or ``accept_check`` to take the automatic check's suggestion."""

    marks: Marks = Field(default_factory=dict)
    scorecard_id: int | None = Field(None, ge=1, le=INT_MAX)
    evaluation_id: int | None = Field(None, ge=1, le=INT_MAX)
    version: Version | None = None
    accept_check: bool = False
    submit: bool = False


class VersionIn(Strict):
    version: Version


class DisputeIn(Strict):
    version: Version
    reason: Text = Field(min_length=1, max_length=qa.REASON_MAX)


class ReviewIn(Strict):
    """Uphold (no marks) or re-score (marks), with a written answer."""

    version: Version
    answer: Text = Field(min_length=1, max_length=qa.REASON_MAX)
    marks: Marks | None = None


class ScorecardIn(Strict):
    definition: Text = Field(min_length=1, max_length=200_000, description="the scorecard YAML")


class CalibrationIn(Strict):
    contact_id: int = Field(ge=1, le=INT_MAX)
    participants: list[Annotated[Text, Field(min_length=1, max_length=64)]] = Field(
        min_length=2, max_length=20
    )
    reference: Text = Field(min_length=1, max_length=64)
    scorecard_id: int | None = Field(None, ge=1, le=INT_MAX)


class CalibrationScoreIn(Strict):
    marks: Marks


def _detail(session: Any, viewer: Viewer, evaluation_id: int, lang: ApiLang) -> dict[str, Any]:
    e = qa.evaluation_in_view(session, viewer, evaluation_id)
    return views.evaluation_detail(session, viewer, e, lang)


@api.get("/qa/evaluations")
def api_qa_evaluations(
    session: SessionDep,
    viewer: Viewing,
    month: Annotated[str, Query(max_length=7)] = "",
    agent: StaffNoQuery = "",
    team: Annotated[str, Query(max_length=64)] = "",
    state: Annotated[Literal["", "draft", "submitted", "disputed", "final"], Query()] = "",
    lang: ApiLang = "zh",
) -> list[dict[str, Any]]:
    """Monitoring evaluations in the viewer's scope (R-PRV-1), newest first."""
    found = qa.evaluations(
        session,
        viewer,
        views.today(),
        month=month or None,
        employee_no=agent or None,
        team=team or None,
        state=state or None,
    )
    names = qa.names_of(session, [e.employee_no for e in found])
    return [views.evaluation_row(e, names, lang) for e in found]


@api.get("/qa/evaluations/{evaluation_id}")
def api_qa_evaluation(
    session: SessionDep, viewer: Viewing, evaluation_id: EvaluationPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One evaluation: marks, notes, scorecard version, explanation and history."""
    qa.settle(session, views.today())
    return _detail(session, viewer, evaluation_id, lang)


@api.post("/qa/contacts", status_code=201)
def api_qa_contact_add(
    session: SessionDep, viewer: Evaluator, body: ContactIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Add a monitored contact (checked automatically when it has a transcript)."""
    c = qa.add_contact(
        session,
        viewer,
        employee_no=body.employee_no,
        channel=body.channel,
        contact_at=body.contact_at.replace(tzinfo=None),
        reference=body.reference,
        transcript=body.transcript,
        transcript_format=body.transcript_format,
    )
    names = qa.names_of(session, [c.employee_no])
    return {
        **views.contact_row(c, names, lang),
        "check": views.check_view(qa.latest_check(session, c.id)),
    }


@api.get("/qa/contacts/{contact_id}")
def api_qa_contact(
    session: SessionDep, viewer: Evaluator, contact_id: ContactPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """A contact with its automatic check and its evaluations."""
    c = qa.contact_in_view(session, viewer, contact_id)
    found = qa.evaluations(session, viewer, views.today(), contact_id=c.id)
    names = qa.names_of(session, [c.employee_no])
    return {
        **views.contact_row(c, names, lang),
        "check": views.check_view(qa.latest_check(session, c.id)),
        "evaluations": [views.evaluation_row(e, names, lang) for e in found],
    }


@api.post("/qa/contacts/{contact_id}/evaluations")
def api_qa_evaluate(
    session: SessionDep,
    viewer: Evaluator,
    contact_id: ContactPath,
    body: EvaluateIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Score a contact (a draft; ``submit`` sends it to the agent at once)."""
    e = qa.evaluate(
        session,
        viewer,
        contact_id,
        _marks(body.marks),
        views.today(),
        evaluation_id=body.evaluation_id,
        scorecard_id=body.scorecard_id,
        accept_check=body.accept_check,
        seen_version=body.version,
    )
    if body.submit:
        qa.submit(session, viewer, e.id, views.now(), e.version)
    return views.evaluation_detail(session, viewer, e, lang)


@api.post("/qa/evaluations/{evaluation_id}/submit")
def api_qa_submit(
    session: SessionDep,
    viewer: Evaluator,
    evaluation_id: EvaluationPath,
    body: VersionIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """Send a draft to the agent."""
    qa.submit(session, viewer, evaluation_id, views.now(), body.version)
    return _detail(session, viewer, evaluation_id, lang)


@api.post("/qa/evaluations/{evaluation_id}/acknowledge")
def api_qa_acknowledge(
    session: SessionDep,
    viewer: Viewing,
    evaluation_id: EvaluationPath,
    body: VersionIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """The agent acknowledges: final at its score."""
    qa.acknowledge(session, viewer, evaluation_id, views.today(), body.version)
    return _detail(session, viewer, evaluation_id, lang)


@api.post("/qa/evaluations/{evaluation_id}/dispute")
def api_qa_dispute(
    session: SessionDep,
    viewer: Viewing,
    evaluation_id: EvaluationPath,
    body: DisputeIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """The agent disputes with a reason, within the window."""
    qa.dispute(session, viewer, evaluation_id, body.reason, views.today(), body.version)
    return _detail(session, viewer, evaluation_id, lang)


@api.post("/qa/evaluations/{evaluation_id}/review")
def api_qa_review(
    session: SessionDep,
    viewer: Reviewer,
    evaluation_id: EvaluationPath,
    body: ReviewIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A second reviewer upholds or re-scores, with a written answer."""
    marks = _marks(body.marks) if body.marks is not None else None
    qa.review(session, viewer, evaluation_id, body.answer, views.today(), body.version, marks)
    return _detail(session, viewer, evaluation_id, lang)


@api.get("/qa/disputes")
def api_qa_disputes(
    session: SessionDep, viewer: Reviewer, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """Open disputes the viewer may decide."""
    qa.settle(session, views.today())
    found = qa.disputes_to_review(session, viewer)
    names = qa.names_of(session, [e.employee_no for e in found])
    return [views.evaluation_row(e, names, lang) for e in found]


@api.get("/qa/scorecards")
def api_qa_scorecards(
    session: SessionDep, viewer: Viewing, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """The scorecard version in use of each family."""
    return [views.scorecard_row(c, lang) for c in qa.scorecards(session)]


@api.get("/qa/scorecards/{family}")
def api_qa_scorecard(
    session: SessionDep,
    viewer: Viewing,
    family: FamilyPath,
    version: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """One version of a scorecard (default: in use) and the list of versions."""
    shown = qa.scorecard_version(session, family, version)
    return {
        **views.scorecard_row(shown, lang),
        "versions": [v.version for v in qa.scorecard_versions(session, family)],
    }


@api.post("/qa/scorecards", status_code=201)
def api_qa_scorecard_save(
    session: SessionDep, viewer: Keeper, body: ScorecardIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """A new version of a scorecard from its YAML."""
    return views.scorecard_row(qa.save_scorecard(session, viewer, body.definition), lang)


@api.get("/qa/calibrations")
def api_qa_calibrations(
    session: SessionDep, viewer: Calibrator, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """Calibration sessions, newest first."""
    return [views.calibration_row(c, lang) for c in qa.calibrations(session, viewer)]


@api.get("/qa/calibrations/over-time")
def api_qa_calibration_drift(session: SessionDep, viewer: Calibrator) -> list[dict[str, Any]]:
    """Each evaluator's mean absolute deviation per month, flagged beyond the tolerance."""
    return [views.drift_row(r) for r in qa.calibration_over_time(session, viewer)]


@api.post("/qa/calibrations", status_code=201)
def api_qa_calibration_open(
    session: SessionDep, viewer: Calibrator, body: CalibrationIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Open a calibration session."""
    cal = qa.open_calibration(
        session,
        viewer,
        body.contact_id,
        body.participants,
        body.reference,
        views.today(),
        body.scorecard_id,
    )
    return views.calibration_row(cal, lang)


@api.get("/qa/calibrations/{calibration_id}")
def api_qa_calibration(
    session: SessionDep, viewer: Calibrator, calibration_id: CalibrationPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One session: blind while open, every scoring and deviation once closed."""
    return views.calibration_detail(session, viewer, calibration_id, lang)


@api.post("/qa/calibrations/{calibration_id}/score")
def api_qa_calibration_score(
    session: SessionDep,
    viewer: Calibrator,
    calibration_id: CalibrationPath,
    body: CalibrationScoreIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """A participant's blind scoring."""
    qa.calibration_score(session, viewer, calibration_id, _marks(body.marks), views.today())
    return views.calibration_detail(session, viewer, calibration_id, lang)


@api.post("/qa/calibrations/{calibration_id}/close")
def api_qa_calibration_close(
    session: SessionDep, viewer: Calibrator, calibration_id: CalibrationPath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Close the session and show the deviations."""
    qa.close_calibration(session, viewer, calibration_id, views.today())
    return views.calibration_detail(session, viewer, calibration_id, lang)
