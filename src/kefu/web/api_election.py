"""The JSON API of the team-leader election (组长竞聘, /api/v1/elections, R-ELE-1, R-PUB-1).

The same builders and services as the pages (kefu.web.pages_election), the same permissions:
every staff member reads an election as the pages show it to them (scores to HR, managers and
each candidate their own; everything once on notice). A change names the election version it
was made on; when someone changed it first the answer is a 409 and nothing is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.careers import election_service as elections
from kefu.errors import NotFound
from kefu.web import pages_election as views
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import ApiLang, SessionDep, StaffNo, StaffNoPath
from kefu.web.pages_careers import objection_row
from kefu.web.security import require
from kefu.workflow.models import Objection

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Staff = Annotated[Viewer, Depends(require("careers.view"))]
Manager = Annotated[Viewer, Depends(require("election.manage"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="竞聘编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
EmployeePath = StaffNoPath
LongText = Annotated[Text, Field(max_length=4000)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=12, decimal_places=6)]
SeenVersion = Annotated[int, Field(ge=1, le=INT_MAX, description="the version the client saw")]


class ElectionIn(Strict):
    """A new election for a team of the register, with an optional sign-up deadline."""

    department: Text = Field(min_length=1, max_length=64)
    team: Text = Field(min_length=1, max_length=64)
    title: Text = Field("", max_length=200)
    sign_up_until: date | None = None


class CandidateIn(Strict):
    """HR enters a candidate by 工号; without one, the account's own staff member signs up."""

    version: SeenVersion
    employee_no: StaffNo | None = Field(None, min_length=1, max_length=32)


class WithdrawIn(Strict):
    """A candidate withdraws (or HR takes them off) while scoring, with the reason."""

    version: SeenVersion
    reason: LongText


class NamedScoreIn(Strict):
    """One interviewer's or colleague's score out of 100."""

    name: Text = Field(min_length=1, max_length=64)
    score: Score


class ScoresIn(Strict):
    """A candidate's five parts (each 0–100); a part left empty is not entered yet."""

    version: SeenVersion
    ability: Score | None = None
    pm_scores: list[Score] = Field(default_factory=list, max_length=60)
    interviews: list[NamedScoreIn] = Field(default_factory=list, max_length=50)
    manager_score: Score | None = None
    peers: list[NamedScoreIn] = Field(default_factory=list, max_length=500)


class TieBreakIn(Strict):
    """Who of the candidates tied for first wins, and why (平局裁定)."""

    version: SeenVersion
    winner: Text = Field(min_length=1, max_length=32)
    reason: LongText


class DecisionIn(Strict):
    """HR submits the scoring / the manager approves the result; reject ends the election."""

    version: SeenVersion
    decision: Literal["approve", "reject"]
    opinion: LongText


class ObjectionIn(Strict):
    """An objection during the public notice (R-PUB-1)."""

    text: LongText


class AnswerIn(Strict):
    """HR's investigation and answer; ``upheld`` rejects the result."""

    outcome: Literal["dismissed", "upheld"]
    finding: LongText
    reply: LongText


class ProbationIn(Strict):
    """After the probation: the new leader confirmed (转正) or not (reason required)."""

    version: SeenVersion
    outcome: Literal["confirmed", "not_confirmed"]
    reason: LongText = ""


def _view(session: SessionDep, viewer: Viewer, case_id: int, lang: ApiLang) -> dict[str, Any]:
    case = views.election_in_view(session, case_id)
    return views.election_view(session, viewer, case, lang)


@api.get("/elections", name="api_elections")
def api_elections(session: SessionDep, viewer: Staff, lang: ApiLang = "zh") -> list[dict[str, Any]]:
    """Every election, newest first: team, deadline, state, notice and (once public) winner."""
    return views.election_rows(session, lang)


@api.post("/elections", name="api_election_open", status_code=201)
def api_election_open(
    session: SessionDep, viewer: Manager, body: ElectionIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Open an election for a team (HR or a manager)."""
    case = elections.open_election(
        session,
        viewer,
        department=body.department,
        team=body.team,
        title=body.title,
        sign_up_until=body.sign_up_until,
        today=views.today(),
    )
    return views.election_view(session, viewer, case, lang)


@api.get("/elections/{case_id}", name="api_election")
def api_election(
    session: SessionDep, viewer: Staff, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """One election: candidates, the ranking with each composite explained, the decisions."""
    return _view(session, viewer, case_id, lang)


@api.post("/elections/{case_id}/candidates", name="api_election_candidate", status_code=201)
def api_election_candidate(
    session: SessionDep, viewer: Staff, case_id: CasePath, body: CandidateIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR enters a candidate, or (no 工号) the caller signs up; only regular staff stand."""
    views.election_in_view(session, case_id)
    if body.employee_no is None:
        elections.sign_up(session, viewer, case_id, body.version, views.today())
    else:
        elections.add_candidate(
            session, viewer, case_id, body.employee_no, body.version, views.today()
        )
    return _view(session, viewer, case_id, lang)


@api.post("/elections/{case_id}/candidates/{employee_no}/withdraw", name="api_election_withdraw")
def api_election_withdraw(
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    employee_no: EmployeePath,
    body: WithdrawIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """The candidate withdraws, or HR takes them off, while scoring."""
    views.election_in_view(session, case_id)
    elections.remove_candidate(
        session, viewer, case_id, employee_no, body.reason, body.version, views.today()
    )
    return _view(session, viewer, case_id, lang)


@api.put("/elections/{case_id}/candidates/{employee_no}/scores", name="api_election_scores")
def api_election_scores(
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    body: ScoresIn,
    lang: ApiLang = "zh",
) -> dict[str, Any]:
    """HR puts a candidate's five parts (all of them, replacing what was entered)."""
    views.election_in_view(session, case_id)
    scores = elections.Scores(
        ability=body.ability,
        pm_scores=tuple(body.pm_scores),
        interviews=tuple(elections.NamedScore(e.name, e.score) for e in body.interviews),
        manager_score=body.manager_score,
        peers=tuple(elections.NamedScore(e.name, e.score) for e in body.peers),
    )
    elections.put_scores(session, viewer, case_id, employee_no, scores, body.version, views.today())
    return _view(session, viewer, case_id, lang)


@api.post("/elections/{case_id}/tie-break", name="api_election_tie_break")
def api_election_tie_break(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: TieBreakIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """HR records who of those tied for first wins, with the reason."""
    views.election_in_view(session, case_id)
    elections.break_tie(
        session, viewer, case_id, body.winner, body.reason, body.version, views.today()
    )
    return _view(session, viewer, case_id, lang)


@api.post("/elections/{case_id}/decision", name="api_election_decide")
def api_election_decide(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: DecisionIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """Decide the current stage; 409 when the election changed since ``version``."""
    views.election_in_view(session, case_id)
    elections.decide(
        session,
        viewer,
        case_id,
        body.decision,
        body.opinion,
        body.version,
        views.today(),
        views.election_calendar(),
    )
    return _view(session, viewer, case_id, lang)


@api.post("/elections/{case_id}/objections", name="api_election_object", status_code=201)
def api_election_object(
    session: SessionDep, viewer: Objector, case_id: CasePath, body: ObjectionIn
) -> dict[str, Any]:
    """Object to the result during its notice, up to its last working day (R-PUB-1)."""
    views.election_in_view(session, case_id)
    return objection_row(elections.object_to(session, viewer, case_id, body.text, views.today()))


@api.post("/elections/objections/{objection_id}/answer", name="api_election_answer")
def api_election_answer(
    session: SessionDep, viewer: Manager, objection_id: ObjectionPath, body: AnswerIn
) -> dict[str, Any]:
    """HR answers an objection after investigating it."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    views.election_in_view(session, objection.case_id)
    answered = elections.answer(
        session,
        viewer,
        objection_id,
        upheld=body.outcome == "upheld",
        finding=body.finding,
        reply=body.reply,
        today=views.today(),
    )
    return objection_row(answered)


@api.post("/elections/{case_id}/final", name="api_election_final")
def api_election_final(
    session: SessionDep, viewer: Manager, case_id: CasePath, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """After the notice: the winner is team leader from the next day, on probation."""
    views.election_in_view(session, case_id)
    elections.finalize(session, viewer, case_id, views.today())
    return _view(session, viewer, case_id, lang)


@api.post("/elections/{case_id}/probation", name="api_election_probation")
def api_election_probation(
    session: SessionDep, viewer: Manager, case_id: CasePath, body: ProbationIn, lang: ApiLang = "zh"
) -> dict[str, Any]:
    """After the probation a manager confirms the new leader or not (role back next day)."""
    views.election_in_view(session, case_id)
    elections.decide_probation(
        session,
        viewer,
        case_id,
        body.outcome == "confirmed",
        body.reason,
        body.version,
        views.today(),
    )
    return _view(session, viewer, case_id, lang)
