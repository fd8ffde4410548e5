"""The JSON API of bottom elimination (末位淘汰, /api/v1/bottom, R-BOT-1, R-PAY-3, R-PUB-1).

The same builders and services as the pages (kefu.web.pages_elimination), the same
permissions: team leaders read their team's people on the list, HR and managers the center;
a case is read by its person, by HR and managers, and by everyone on staff during its notice.
A change names the case version it was made on; when someone changed it first the answer is a
409 and nothing is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.elimination import case_service as bottom_cases
from kefu.errors import NotFound
from kefu.web import pages_elimination as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo, StaffNoPath
from kefu.web.pages_careers import objection_row
from kefu.web.security import require
from kefu.workflow.models import Objection

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Overseer = Annotated[Viewer, Depends(require("bottom.view"))]
Manager = Annotated[Viewer, Depends(require("bottom.manage"))]
Staff = Annotated[Viewer, Depends(require("cases.object"))]
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="案件编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
EmployeePath = StaffNoPath
MonthQuery = Annotated[
    str, Query(max_length=16, description="YYYY-MM; default: the newest closed month")
]
LongText = Annotated[Text, Field(max_length=4000)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=12, decimal_places=6)]
SeenVersion = Annotated[int, Field(ge=1, le=INT_MAX, description="the version the client saw")]


class OpenIn(Strict):
    """HR opens a standby or dismissal case for a person due, with an optional note."""

    employee_no: StaffNo = Field(min_length=1, max_length=32)
    note: LongText = ""


class DecisionIn(Strict):
    """The manager approves (→ public notice) or rejects; ``version`` as last read."""

    version: SeenVersion
    decision: Literal["approve", "reject"]
    opinion: LongText


class ObjectionIn(Strict):
    """An objection during the public notice (R-PUB-1)."""

    text: LongText


class AnswerIn(Strict):
    """HR's investigation and answer; ``upheld`` rejects the case."""

    outcome: Literal["dismissed", "upheld"]
    finding: LongText
    reply: LongText


class ReEntryIn(Strict):
    """The re-entry exam: a score typed in, or a graded ``re_entry`` sitting of kefu.exams."""

    version: SeenVersion
    score: Score | None = None
    sitting_id: int | None = Field(None, ge=1, le=INT_MAX)


class AfterExamIn(Strict):
    """After a failed re-entry exam: extend the standby to a day, or dismiss, with a reason."""

    version: SeenVersion
    choice: Literal["extend", "dismiss"]
    until: date | None = None
    reason: LongText


def _case(session: SessionDep, viewer: Viewer, case_id: int, lang: ApiLang) -> dict[str, Any]:
    case = views.case_in_view(session, viewer, case_id)
    return views.case_view(session, viewer, case, lang)


@api.get("/bottom", name="api_bottom_list")
def api_bottom_list(
    session: SessionDep, viewer: Overseer, month: MonthQuery = "", lang: ApiLang = "zh"
) -> dict[str, Any]:
    """A closed month's last places (default: the newest), the runs, who is due, the cases."""
    return views.list_view(session, viewer, views.month_of(month), lang)


@api.get("/bottom/people/{employee_no}", name="api_bottom_person")
def api_bottom_person(
    session: SessionDep,
    viewer: Overseer,
    employee_no: EmployeePath,
    month: MonthQuery = "",
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """One person's months in the ranking, their run and its whole explanation."""
    return views.person_view(session, viewer, employee_no, views.month_of(month), lang)


@api.get("/bottom/cases", name="api_bottom_cases")
def api_bottom_cases(
    session: SessionDep, viewer: Staff, lang: ApiLang = "zh"
) -> list[dict[str, Any]]:
    """The standby and dismissal cases the caller may see, newest first."""
    return [
        views.case_row(c, lang)
        for c in bottom_cases.all_cases(session)
        if bottom_cases.may_see(viewer, c)
    ]


@api.get("/bottom/cases/{case_id}", name="api_bottom_case")
def api_bottom_case(
    session: SessionDep, viewer: Staff, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One case: the run explained, the plan, decisions, notice, objections, exams, outcome."""
    return _case(session, viewer, case_id, lang)


@api.post("/bottom/standby", name="api_bottom_standby_open", status_code=201)
def api_bottom_standby_open(
    session: SessionDep, viewer: Manager, body: OpenIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR opens a standby case for a person due; refused, citing R-BOT-1, for one who is not."""
    case = bottom_cases.open_standby(
        session, viewer, body.employee_no, note=body.note, today=views.today()
    )
    return views.case_view(session, viewer, case, lang)


@api.post("/bottom/dismissal", name="api_bottom_dismissal_open", status_code=201)
def api_bottom_dismissal_open(
    session: SessionDep, viewer: Manager, body: OpenIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR opens a dismissal case for a person due after a return (or after a failed exam)."""
    case = bottom_cases.open_dismissal(
        session, viewer, body.employee_no, note=body.note, today=views.today()
    )
    return views.case_view(session, viewer, case, lang)


@api.post("/bottom/cases/{case_id}/decision", name="api_bottom_decide")
def api_bottom_decide(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: DecisionIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Decide the manager's approval; 409 when the case changed since ``version``."""
    views.case_in_view(session, viewer, case_id)
    bottom_cases.decide(
        session,
        viewer,
        case_id,
        body.decision,
        body.opinion,
        body.version,
        views.today(),
        views.bottom_calendar(),
    )
    return _case(session, viewer, case_id, lang)


@api.post("/bottom/cases/{case_id}/objections", name="api_bottom_object", status_code=201)
def api_bottom_object(
    session: SessionDep, viewer: Staff, case_id: CasePath, body: ObjectionIn
) -> dict[str, Any]:
    """Object during the notice, up to its last working day (R-PUB-1)."""
    views.case_in_view(session, viewer, case_id)
    return objection_row(bottom_cases.object_to(session, viewer, case_id, body.text, views.today()))


@api.post("/bottom/objections/{objection_id}/answer", name="api_bottom_answer")
def api_bottom_answer(
    session: SessionDep, viewer: Manager, objection_id: ObjectionPath, body: AnswerIn
) -> dict[str, Any]:
    """HR answers an objection after investigating it."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    views.case_in_view(session, viewer, objection.case_id)
    answered = bottom_cases.answer(
        session,
        viewer,
        objection_id,
        upheld=body.outcome == "upheld",
        finding=body.finding,
        reply=body.reply,
        today=views.today(),
    )
    return objection_row(answered)


@api.post("/bottom/cases/{case_id}/final", name="api_bottom_final")
def api_bottom_final(
    session: SessionDep, viewer: Manager, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """After the notice: standby from next month, or leaving from the next day."""
    views.case_in_view(session, viewer, case_id)
    bottom_cases.finalize(session, viewer, case_id, views.today())
    return _case(session, viewer, case_id, lang)


@api.post("/bottom/cases/{case_id}/re-entry", name="api_bottom_re_entry")
def api_bottom_re_entry(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: ReEntryIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR records the re-entry exam; at the pass mark the person returns."""
    views.case_in_view(session, viewer, case_id)
    bottom_cases.record_re_entry(
        session,
        viewer,
        case_id,
        score=body.score,
        sitting_id=body.sitting_id,
        seen_version=body.version,
        today=views.today(),
    )
    return _case(session, viewer, case_id, lang)


@api.post("/bottom/cases/{case_id}/after-exam", name="api_bottom_after_exam")
def api_bottom_after_exam(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: AfterExamIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """After a failed re-entry exam the manager extends the standby or chooses dismissal."""
    views.case_in_view(session, viewer, case_id)
    bottom_cases.decide_after_exam(
        session,
        viewer,
        case_id,
        body.choice,
        until=body.until,
        reason=body.reason,
        seen_version=body.version,
        today=views.today(),
    )
    return _case(session, viewer, case_id, lang)
