"""Pages of the team-leader election (组长竞聘): the elections, one election with its
candidates, scores, ranking and explanation, the reviews, the notice and objections, and the
new leader's probation.

Thin routes over kefu.careers.election_service (R-ELE-1, R-PUB-1). The builders return plain
data the JSON API (api_election) and the CLI serve as well. Who sees what (R-PRV-1): HR and
managers see every score; a candidate sees their own; once the result is on notice every
staff member sees the candidates, the ranking and its explanation (the names of interviewers
and colleagues who scored stay with HR and managers).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers import election as rules
from kefu.careers import election_service as elections
from kefu.careers.flows import ELECTION
from kefu.careers.views import step_text
from kefu.errors import KefuError, NotFound
from kefu.explain.messages import Lang
from kefu.explain.trace import num, score_text
from kefu.explain.views import step_rows
from kefu.people import service as people
from kefu.people.rules import STATUS_NAMES
from kefu.web.deps import PageLang, SessionDep, StaffNoForm, StaffNoPath
from kefu.web.i18n import language
from kefu.web.pages_careers import case_row, objection_row
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, NOTICE, REJECTED

pages = APIRouter()

Staff = Annotated[Viewer, Depends(require("careers.view"))]
Manager = Annotated[Viewer, Depends(require("election.manage"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
INT_MAX = 2**31 - 1
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="竞聘编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
EmployeePath = StaffNoPath
Version = Annotated[int, Form(ge=1, le=INT_MAX)]
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=64)]

# the steps that place a candidate among the others: shown once the result is public
PLACING = frozenset({"election.ranked", "election.tie"})
PART_EN = {
    "ability": "ability",
    "pm": "PM score",
    "interview": "interview",
    "manager": "manager's score",
    "peers": "peers' score",
}


def today() -> date:
    """The server's date: sign-up deadlines, notices and probations are counted from it."""
    return accounts.now().date()


def election_calendar() -> Any:
    from kefu.attendance.service import work_calendar

    return work_calendar()


# ---------------------------------------------------------------- builders (pages, API, CLI)


def part_name(part: str, lang: Lang) -> str:
    names: dict[str, str] = dict(rules.PART_NAMES) if lang == "zh" else PART_EN
    return names.get(part, part)


def is_public(case: Case) -> bool:
    """The result has been published (公示): every staff member may read it (R-PUB-1)."""
    return case.state in (NOTICE, FINAL) or (
        case.state == REJECTED and case.notice_published_on is not None
    )


def election_in_view(session: Session, case_id: int) -> Case:
    """Every staff member may open an election (to sign up or to read its notice)."""
    case = session.get(Case, case_id)
    if case is None or case.kind != ELECTION.kind:
        raise NotFound(f"没有编号为 {case_id} 的组长竞聘 (no election {case_id})")
    return case


def election_row(case: Case, lang: Lang) -> dict[str, Any]:
    """One election in a list: the case row with its team, deadline and candidate count."""
    return {
        **case_row(case, lang),
        "sign_up_until": case.data.get("sign_up_until"),
        "candidates": len(case.data.get("candidates", [])),
        "winner": (case.data.get("result") or {}).get("name") if is_public(case) else None,
    }


def election_rows(session: Session, lang: Lang) -> list[dict[str, Any]]:
    return [election_row(c, lang) for c in elections.elections(session)]


def _scores_view(entry: dict[str, Any], named: bool) -> dict[str, Any]:
    """A candidate's entered scores as text (and as the score form's fields).

    The names of interviewers and colleagues are shown to HR and managers only (``named``).
    """
    s = elections.scores_of(entry)

    def giver(name: str) -> str | None:
        return name if named else None

    return {
        "ability": num(s.ability) or "",
        "pm": ", ".join(str(num(v)) for v in s.pm_scores),
        "interviews": [{"who": giver(e.who), "score": num(e.score)} for e in s.interviews],
        "manager": num(s.manager_score) or "",
        "peers": [{"who": giver(e.who), "score": num(e.score)} for e in s.peers],
        "interviews_text": "\n".join(f"{e.who} {num(e.score)}" for e in s.interviews)
        if named
        else "",
        "peers_text": "\n".join(f"{e.who} {num(e.score)}" for e in s.peers) if named else "",
    }


def election_view(
    session: Session, viewer: Viewer, case: Case, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """An election as its viewer may see it: candidates, ranking, decisions, notice, probation."""
    day = on or today()
    data = case.data
    manages = viewer.can("election.manage")
    public = is_public(case)
    mine = viewer.employee_no is not None and viewer.employee_no in case.involved
    by_no = {c["employee_no"]: c for c in data.get("candidates", [])}
    problem: str | None = None
    found: elections.Standing | None = None
    try:
        found = elections.standing(session, case)
    except KefuError as exc:
        problem = exc.message
    winner_no = found.winner.employee_no if found and found.winner else None
    ranked = list(found.ranked) if found else []
    rows = []
    sees_result = manages or public
    for r in ranked:
        if not (sees_result or r.employee_no == viewer.employee_no):
            continue
        entry = by_no[r.employee_no]
        # before the notice a candidate sees their own composite, not where it places them
        steps = r.steps if sees_result else tuple(s for s in r.steps if s.code not in PLACING)
        rows.append(
            {
                "employee_no": r.employee_no,
                "name": r.name,
                "department": entry["department"],
                "team": entry["team"],
                "status": STATUS_NAMES.get(entry["status"], entry["status"])
                if lang == "zh"
                else entry["status"],
                "how": entry["how"],
                "rank": r.rank if sees_result else None,
                "score": score_text(r.score),
                "tied": r.tied and sees_result,
                "complete": r.score is not None,
                "missing": [part_name(p, lang) for p in elections.missing_parts(r)],
                "winner": sees_result and r.employee_no == winner_no,
                "explanation": step_rows(steps, lang),
                "scores": _scores_view(entry, manages)
                if manages or r.employee_no == viewer.employee_no
                else None,
                "named": manages,
            }
        )
    if not ranked:  # a policy problem: still list the candidates the viewer may see
        for no, entry in by_no.items():
            if manages or public or no == viewer.employee_no:
                rows.append(
                    {
                        "employee_no": no,
                        "name": entry["name"],
                        "department": entry["department"],
                        "team": entry["team"],
                        "status": STATUS_NAMES.get(entry["status"], entry["status"])
                        if lang == "zh"
                        else entry["status"],
                        "how": entry["how"],
                        "rank": None,
                        "score": None,
                        "tied": False,
                        "complete": False,
                        "missing": [],
                        "winner": False,
                        "explanation": [],
                        "scores": _scores_view(entry, manages) if manages else None,
                        "named": manages,
                    }
                )
    tie_break = data.get("tie_break")
    leader = data.get("leader")
    in_scoring = case.state == elections.SCORING
    not_involved = not mine
    may_score = in_scoring and viewer.role in ELECTION.stage("scoring").roles and not_involved
    may_decide, decide_problem = False, None
    if case.state in {s.key for s in ELECTION.stages} and manages:
        try:
            cases.check_may_decide(session, ELECTION, case, viewer)
            may_decide = True
        except KefuError as exc:
            decide_problem = exc.message
    sign_up_problem = _sign_up_problem(session, viewer, case, day) if in_scoring else None
    probation = data.get("probation")
    sees_probation = manages or (leader is not None and viewer.employee_no == leader["employee_no"])
    leader_view = None
    if leader is not None:
        leader_view = {
            **{k: leader[k] for k in ("employee_no", "name", "starts_on", "ends_on", "months")},
            "text": step_text(leader["step"], lang),
            "ended": day > date.fromisoformat(leader["ends_on"]),
        }
    actions = [
        {
            "at": a.at,
            "on_day": a.on_day.isoformat(),
            "actor": a.actor,
            "action": a.action,
            "stage": ELECTION.state_name(a.stage, lang) if a.stage else None,
            "decision": a.decision,
            "opinion": a.opinion,
            "state_after": ELECTION.state_name(a.state_after, lang),
        }
        for a in cases.actions(session, case.id)
        if a.action in cases.MOVES and (manages or a.action != "answer")
    ]
    objections = [
        objection_row(o)
        for o in cases.objections(session, case.id)
        if manages or o.filed_by == viewer.username  # as with promotion: HR and the objector
    ]
    log = [
        {
            "action": e["action"],
            "by": e["by"],
            "on": e["on"],
            "employee_no": e.get("employee_no"),
            "name": by_no.get(e.get("employee_no") or "", {}).get("name", e.get("name")),
            "reason": e.get("reason"),
            "decision": e.get("decision"),
            "scores": e.get("scores"),
        }
        for e in data.get("log", [])
    ]
    return {
        **election_row(case, lang),
        "opened_on": data.get("opened_on"),
        "policy": case.policy_name,
        "manages": manages,
        "public": public,
        "mine": mine,
        "sees_result": sees_result,
        "ranking": rows,
        "hidden": 0 if sees_result else len(by_no) - len(rows),
        "problem": problem,
        "winner_text": step_text(found.winner_step, lang) if found and sees_result else None,
        "winner_no": winner_no if sees_result else None,
        "tied": [
            {"employee_no": r.employee_no, "name": r.name, "score": score_text(r.score)}
            for r in (found.tied if found else ())
        ]
        if sees_result
        else [],
        "tie_break": tie_break if sees_result else None,
        "tie_break_applies": bool(found and found.tie_break_applies),
        "result": data.get("result") if sees_result else None,
        "actions": actions,
        "log": log if manages else [],
        "objections": objections,
        "leader": leader_view if public else None,
        "probation": probation if sees_probation else None,
        "may_add": manages and in_scoring,
        "may_score": may_score,
        "may_tie_break": may_score and bool(found and found.tied),
        "may_sign_up": in_scoring and sign_up_problem is None,
        "sign_up_problem": sign_up_problem,
        "may_withdraw": in_scoring and mine,
        "may_decide": may_decide,
        "decide_problem": decide_problem,
        "stage_key": case.state,
        "may_object": case.state == NOTICE
        and viewer.can("cases.object")
        and viewer.employee_no != (data.get("result") or {}).get("winner"),
        "may_answer": viewer.role in ELECTION.answer_roles and not_involved,
        "may_finalize": case.state == NOTICE
        and viewer.role in ELECTION.answer_roles
        and not_involved
        and case.notice_last_day is not None
        and day > case.notice_last_day,
        "may_probation": case.state == FINAL
        and leader is not None
        and probation is None
        and viewer.role in ELECTION.stage("approval").roles
        and viewer.employee_no != leader["employee_no"],
        "today": day.isoformat(),
    }


def _sign_up_problem(session: Session, viewer: Viewer, case: Case, day: date) -> str | None:
    """Why this viewer can't sign up now, or None when they can.

    A known reason is a key the page words ("no_staff", "already", "closed", "no_record");
    a refusal of the rule (not regular staff) is its message.
    """
    if viewer.employee_no is None:
        return "no_staff"
    if viewer.employee_no in case.involved:
        return "already"
    deadline = case.data.get("sign_up_until")
    if deadline is not None and day > date.fromisoformat(deadline):
        return "closed"
    record = people.current_record(session, viewer.employee_no)
    if record is None:
        return "no_record"
    try:
        rules.may_stand(record.status, record.name, viewer.employee_no)
    except KefuError as exc:
        return exc.message
    return None


def scores_from_form(
    ability: str, pm: str, interviews: str, manager: str, peers: str
) -> elections.Scores:
    """The score form's fields as Scores: empty fields are parts not entered yet."""
    return elections.Scores(
        ability=elections.parse_score(ability, "能力表现") if ability.strip() else None,
        pm_scores=elections.parse_scores(pm, "PM成绩"),
        interviews=elections.parse_named_scores(interviews, "面试考评"),
        manager_score=elections.parse_score(manager, "经理评分") if manager.strip() else None,
        peers=elections.parse_named_scores(peers, "同事打分"),
    )


def teams(session: Session) -> list[tuple[str, str]]:
    """(department, team) of everyone employed now: the teams an election can be for."""
    found = {
        (r.department, r.team)
        for _, r in people.roster(session)
        if r.team and (r.left_on is None or r.left_on > today())
    }
    return sorted((d, t) for d, t in found if t is not None)


# ---------------------------------------------------------------- pages


Done = Literal[
    "",
    "opened",
    "added",
    "signed_up",
    "removed",
    "scored",
    "tie_break",
    "decided",
    "objected",
    "answered",
    "final",
    "probation",
]


@pages.get("/elections", name="elections", response_class=HTMLResponse)
def elections_page(
    request: Request, session: SessionDep, viewer: Staff, lang: PageLang = None
) -> HTMLResponse:
    """组长竞聘: every election with its state; HR and managers open a new one here."""
    return _list_page(request, session, viewer, language(lang))


def _list_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    words: Lang,
    status: int = 200,
    error: str | None = None,
    asked: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        words,
        "election_cases.html",
        status,
        cases=election_rows(session, words),
        teams=teams(session) if viewer.can("election.manage") else [],
        may_open=viewer.can("election.manage"),
        error=error,
        asked=asked or {"department": "", "team": "", "title": "", "sign_up_until": ""},
        today=today().isoformat(),
    )


@pages.post("/elections", name="election_open")
def election_open(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    department: Short = "",
    team: Short = "",
    title: Annotated[str, Form(max_length=200)] = "",
    sign_up_until: Annotated[str, Form(max_length=16)] = "",
    lang: PageLang = None,
) -> Response:
    """Open an election for a team (R-ELE-1); a refusal comes back on the list page."""
    words = language(lang)
    asked = {
        "department": department,
        "team": team,
        "title": title,
        "sign_up_until": sign_up_until,
    }
    try:
        deadline = _day(sign_up_until) if sign_up_until.strip() else None
        case = elections.open_election(
            session,
            viewer,
            department=department,
            team=team,
            title=title,
            sign_up_until=deadline,
            today=today(),
        )
    except KefuError as exc:
        session.rollback()
        return _list_page(request, session, viewer, words, exc.http_status, exc.message, asked)
    return redirect(request, words, "election_case", case_id=case.id, done="opened")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"日期「{text}」应为 YYYY-MM-DD (a date as YYYY-MM-DD)") from None


@pages.get("/elections/{case_id}", name="election_case", response_class=HTMLResponse)
def election_case(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One election: candidates, scores, ranking and why, reviews, notice, objections."""
    words = language(lang)
    case = election_in_view(session, case_id)
    return render(
        request,
        words,
        "election_case.html",
        case=election_view(session, viewer, case, words),
        done=done,
        error=None,
    )


def _case_error(
    request: Request, session: Session, viewer: Viewer, case_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    case = election_in_view(session, case_id)
    return render(
        request,
        words,
        "election_case.html",
        exc.http_status,
        case=election_view(session, viewer, case, words),
        done="",
        error=exc.message,
    )


@pages.post("/elections/{case_id}/candidates", name="election_add_candidate")
def election_add_candidate(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    version: Version,
    employee_no: StaffNoForm = "",
    lang: PageLang = None,
) -> Response:
    """HR enters a candidate; only regular staff may stand (R-ELE-1)."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.add_candidate(session, viewer, case_id, employee_no, version, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="added")


@pages.post("/elections/{case_id}/sign-up", name="election_sign_up")
def election_sign_up(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    version: Version,
    lang: PageLang = None,
) -> Response:
    """A staff member signs themselves up (竞聘报名)."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.sign_up(session, viewer, case_id, version, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="signed_up")


@pages.post(
    "/elections/{case_id}/candidates/{employee_no}/withdraw", name="election_remove_candidate"
)
def election_remove_candidate(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    employee_no: EmployeePath,
    version: Version,
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """The candidate withdraws, or HR takes them off, while scoring; with a reason."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.remove_candidate(session, viewer, case_id, employee_no, reason, version, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="removed")


@pages.post("/elections/{case_id}/candidates/{employee_no}/scores", name="election_scores")
def election_scores(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    version: Version,
    ability: Short = "",
    pm: Annotated[str, Form(max_length=400)] = "",
    interviews: Text = "",
    manager: Short = "",
    peers: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR enters a candidate's five parts; a conflict (someone saved first) writes nothing."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        scores = scores_from_form(ability, pm, interviews, manager, peers)
        elections.put_scores(session, viewer, case_id, employee_no, scores, version, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="scored")


@pages.post("/elections/{case_id}/tie-break", name="election_tie_break")
def election_tie_break(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    version: Version,
    winner: Annotated[str, Form(max_length=32)] = "",
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR records who of those tied for first wins, and why (平局裁定)."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.break_tie(session, viewer, case_id, winner, reason, version, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="tie_break")


@pages.post("/elections/{case_id}/decision", name="election_decide")
def election_decide(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    decision: Annotated[Literal["approve", "reject"], Form()],
    version: Version,
    opinion: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR submits the result, the manager approves it for the notice, or either rejects."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.decide(
            session, viewer, case_id, decision, opinion, version, today(), election_calendar()
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="decided")


@pages.post("/elections/{case_id}/objections", name="election_object")
def election_object(
    request: Request,
    session: SessionDep,
    viewer: Objector,
    case_id: CasePath,
    text: Text = "",
    lang: PageLang = None,
) -> Response:
    """Any staff member objects to the result during its notice (R-PUB-1)."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.object_to(session, viewer, case_id, text, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="objected")


@pages.post("/elections/objections/{objection_id}/answer", name="election_answer")
def election_answer(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    objection_id: ObjectionPath,
    outcome: Annotated[Literal["dismissed", "upheld"], Form()],
    finding: Text = "",
    reply: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR's investigation and answer; an upheld objection rejects the result."""
    words = language(lang)
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case_id = objection.case_id
    election_in_view(session, case_id)
    try:
        elections.answer(
            session,
            viewer,
            objection_id,
            upheld=outcome == "upheld",
            finding=finding,
            reply=reply,
            today=today(),
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="answered")


@pages.post("/elections/{case_id}/final", name="election_final")
def election_final(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    lang: PageLang = None,
) -> Response:
    """After the notice with every objection answered: the winner leads from tomorrow."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.finalize(session, viewer, case_id, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="final")


@pages.post("/elections/{case_id}/probation", name="election_probation")
def election_probation(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    outcome: Annotated[Literal["confirmed", "not_confirmed"], Form()],
    version: Version,
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """After the probation a manager confirms the new leader (转正) or not, with a reason."""
    words = language(lang)
    election_in_view(session, case_id)
    try:
        elections.decide_probation(
            session, viewer, case_id, outcome == "confirmed", reason, version, today()
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "election_case", case_id=case_id, done="probation")
