"""Pages of bottom elimination (末位淘汰): the list of each closed month's last places, one
person's run with its explanation, and the standby and dismissal cases — decisions, notice,
objections, the re-entry exam and the return.

Thin routes over kefu.elimination.service and case_service (R-BOT-1, R-PAY-3, R-PUB-1). The
builders return plain data the JSON API (api_elimination) and the CLI serve as well. Who sees
what (R-PRV-1): team leaders their team's people, HR and managers the center; a person sees
their own case; everyone on staff sees a case while it is on public notice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers.views import step_text
from kefu.elimination import case_service as bottom_cases
from kefu.elimination import messages as words_of
from kefu.elimination import service as bottom
from kefu.elimination.flows import CHOOSERS, DISMISSAL, OPENERS, STANDBY
from kefu.errors import KefuError, NotFound
from kefu.explain.messages import Lang
from kefu.explain.views import step_rows
from kefu.people.rules import STATUS_NAMES
from kefu.periods import Month
from kefu.web.deps import PageLang, SessionDep, StaffNoForm, StaffNoPath
from kefu.web.i18n import language
from kefu.web.pages_careers import objection_row
from kefu.web.render import redirect, render
from kefu.web.security import must_see, require
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, NOTICE

pages = APIRouter()

Overseer = Annotated[Viewer, Depends(require("bottom.view"))]
Manager = Annotated[Viewer, Depends(require("bottom.manage"))]
Staff = Annotated[Viewer, Depends(require("cases.object"))]
INT_MAX = 2**31 - 1
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="案件编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
EmployeePath = StaffNoPath
MonthQuery = Annotated[str, Query(max_length=16, description="YYYY-MM; default: the newest")]
Version = Annotated[int, Form(ge=1, le=INT_MAX)]
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=64)]

STATUS_EN = {
    "probation": "probation",
    "regular": "regular",
    "standby": "standby",
    "notice_period": "notice period",
    "left": "left",
}
DUE_NAMES = {
    "standby": {"zh": "应待岗培训", "en": "due for standby"},
    "dismissal": {"zh": "应辞退", "en": "due for dismissal"},
}


def today() -> date:
    """The server's date: notices, standby periods and exams are counted from it."""
    return accounts.now().date()


def bottom_calendar() -> Any:
    from kefu.attendance.service import work_calendar

    return work_calendar()


# ---------------------------------------------------------------- builders (pages, API, CLI)


def month_of(text: str) -> Month | None:
    """The month asked (YYYY-MM), or None for the newest closed month."""
    return Month.parse(text) if text.strip() else None


def status_name(status: str | None, lang: Lang) -> str:
    if status is None:
        return "—"
    return STATUS_NAMES.get(status, status) if lang == "zh" else STATUS_EN.get(status, status)


def case_row(case: Case, lang: Lang) -> dict[str, Any]:
    """One standby or dismissal case in a list."""
    flow = bottom_cases.flow_of(case)
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_name": flow.name_zh if lang == "zh" else flow.name_en,
        "title": case.title,
        "subject_no": case.subject_no,
        "department": case.department,
        "team": case.team,
        "state": case.state,
        "state_name": flow.state_name(case.state, lang),
        "version": case.version,
        "opened_by": case.opened_by,
        "opened_at": case.opened_at,
        "opened_on": case.data.get("opened_on"),
        "through": case.data.get("through"),
        "notice_first_day": case.notice_first_day.isoformat() if case.notice_first_day else None,
        "notice_last_day": case.notice_last_day.isoformat() if case.notice_last_day else None,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }


def _figure_row(f: bottom.MonthFigure, lang: Lang) -> dict[str, Any]:
    return {
        "month": f.month,
        "revision": f.revision,
        "rank": f.rank,
        "pool": f.pool,
        "score": f.score,
        "in_last": f.in_last,
        "why": words_of.why(list(f.why), lang) if f.why else None,
    }


def entry_row(entry: bottom.Entry, lang: Lang, full: bool = False) -> dict[str, Any]:
    """One person on the list: where they stand, their run, due or not, and why."""
    run = entry.run
    placing = entry.placing
    current = entry.figures[-1] if entry.figures else None
    return {
        "employee_no": entry.employee_no,
        "name": entry.name,
        "department": entry.department,
        "team": entry.team,
        "status": entry.status,
        "status_name": status_name(entry.status, lang),
        "in_last": entry.in_last,
        "rank": placing.rank if placing is not None else None,
        "pool": placing.pool if placing is not None else (current.pool if current else None),
        "score": current.score if current is not None else None,
        "run_length": run.length,
        "run_months": [str(m) for m in run.months],
        "after_return": run.after_return,
        "due": run.due,
        "due_name": DUE_NAMES[run.due][lang] if run.due else None,
        "due_months": [str(m) for m in run.due_months],
        "actionable": entry.actionable,
        "open_case": case_row(entry.open_case, lang) if entry.open_case is not None else None,
        "cases": [case_row(c, lang) for c in entry.cases],
        "explanation": step_rows(run.steps if full else run.reasons, lang),
        "months": [_figure_row(f, lang) for f in entry.figures] if full else [],
    }


def closed_months(session: Session) -> list[str]:
    """Every closed month, newest first (the month picker)."""
    return [c.period for c in reversed(bottom.newest_closes(session))]


def list_view(
    session: Session, viewer: Viewer, month: Month | None, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """The last places of a closed month (default: the newest) and everyone due (R-BOT-1)."""
    found = bottom.bottom_list(session, month, today=on or today(), viewer=viewer)
    entries = [entry_row(e, lang) for e in found.entries]
    return {
        "month": str(found.month) if found.month else None,
        "revision": found.revision,
        "policy": found.policy_label,
        "places": found.places,
        "needed": found.needed,
        "unranked_rule": found.unranked_rule,
        "pool": found.pool,
        "in_last": [e for e in entries if e["in_last"]],
        "due": [e for e in entries if e["actionable"]],
        "entries": entries,
        "months": closed_months(session),
        "cases": [
            case_row(c, lang)
            for c in bottom_cases.all_cases(session)
            if bottom_cases.may_see(viewer, c)
        ],
        "may_open": viewer.role in OPENERS and viewer.can("bottom.manage"),
    }


def person_view(
    session: Session,
    viewer: Viewer,
    employee_no: str,
    month: Month | None,
    lang: Lang,
    on: date | None = None,
) -> dict[str, Any]:
    """One person's months, run and whole explanation (R-BOT-1, R-EXP-1)."""
    entry = bottom.person_entry(session, employee_no, month, today=on or today())
    must_see(viewer, employee_no, entry.department, entry.team)
    return {
        **entry_row(entry, lang, full=True),
        "through": str(entry.run.through) if entry.run.through else None,
        "may_open": viewer.role in OPENERS and viewer.can("bottom.manage"),
        "months_closed": closed_months(session),
    }


def case_in_view(session: Session, viewer: Viewer, case_id: int, kind: str | None = None) -> Case:
    case = session.get(Case, case_id)
    kinds = {STANDBY.kind, DISMISSAL.kind} if kind is None else {kind}
    if case is None or case.kind not in kinds or not bottom_cases.may_see(viewer, case):
        raise NotFound(
            f"没有编号为 {case_id} 的末位淘汰案件 (no bottom-elimination case {case_id})"
        )
    return case


def case_view(
    session: Session, viewer: Viewer, case: Case, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """A case with its run, plan, decisions, notice, objections, exams and outcome."""
    day = on or today()
    flow = bottom_cases.flow_of(case)
    data = case.data
    manages = viewer.can("bottom.manage")
    mine = viewer.employee_no is not None and viewer.employee_no in case.involved
    close_view = (
        manages
        or mine
        or (
            viewer.can("bottom.view")
            and viewer.sees(case.subject_no or "", case.department, case.team)
        )
    )
    may_decide, decide_problem = False, None
    if case.state in {s.key for s in flow.stages} and manages:
        try:
            cases.check_may_decide(session, flow, case, viewer)
            may_decide = True
        except KefuError as exc:
            decide_problem = exc.message
    run = data.get("run", {})
    period = bottom_cases.standby_of(session, case.id) if flow is STANDBY else None
    exams = [
        {
            **{
                k: e[k]
                for k in ("score", "pass_mark", "taken_on", "source", "sitting_id", "passed")
            },
            "return_on": e["return_on"],
            "by": e["by"],
            "on": e["on"],
            "text": step_text(e["step"], lang),
        }
        for e in data.get("exams", [])
    ]
    choices = [
        {
            "choice": c["choice"],
            "until": c["until"],
            "reason": c["reason"],
            "by": c["by"],
            "on": c["on"],
            "text": step_text(c["step"], lang) if c.get("step") else None,
        }
        for c in data.get("choices", [])
    ]
    standby = data.get("standby")
    awaiting = (
        period is not None and case.state == FINAL and bottom_cases.awaiting_choice(session, case)
    )
    on_standby = period is not None and period.outcome is None and case.state == FINAL
    sittings: list[dict[str, Any]] = []
    if on_standby and manages and period is not None and case.subject_no:
        sittings = [
            {"sitting_id": s.sitting_id, "taken_on": s.taken_on.isoformat(), "score": str(s.score)}
            for s in bottom_cases.re_entry_sittings(session, case.subject_no, period.starts_on)
            if s.final and s.score is not None
        ]
    dismissal = data.get("dismissal")
    return {
        **case_row(case, lang),
        "policy": case.policy_name,
        "note": data.get("note") or "",
        "manages": manages,
        "mine": mine,
        "details": close_view,
        "grounds": words_of.grounds(data["grounds"], lang) if data.get("grounds") else None,
        "standby_case": data.get("standby_case"),
        "run_months": run.get("months", []),
        "due_months": run.get("due_months", []),
        "figures": [
            {
                **f,
                "why": words_of.why(f["why"], lang) if f.get("why") else None,
            }
            for f in run.get("figures", [])
        ],
        "explanation": step_rows(run.get("explanation", []), lang),
        "weak_areas": [
            {**a, "name": words_of.component(a["component"], lang)}
            for a in data.get("weak_areas", [])
        ]
        if close_view
        else [],
        "weak_text": step_rows(data.get("weak_steps", []), lang) if close_view else [],
        "focus": [words_of.focus(f, lang) for f in data.get("focus", [])] if close_view else [],
        "standby": {
            **{k: standby[k] for k in ("starts_on", "ends_on", "months")},
            "text": step_text(standby["step"], lang),
            "extended_to": period.extended_to.isoformat()
            if period and period.extended_to
            else None,
            "returned_on": period.returned_on.isoformat()
            if period and period.returned_on
            else None,
            "outcome": period.outcome if period else None,
        }
        if standby
        else None,
        "exams": exams if close_view else [],
        "choices": choices if close_view else [],
        "dismissal": {"left_on": dismissal["left_on"], "text": step_text(dismissal["step"], lang)}
        if dismissal
        else None,
        "actions": [
            {
                "at": a.at,
                "on_day": a.on_day.isoformat(),
                "actor": a.actor,
                "action": a.action,
                "stage": flow.state_name(a.stage, lang) if a.stage else None,
                "decision": a.decision,
                "opinion": a.opinion,
                "state_after": flow.state_name(a.state_after, lang),
            }
            for a in cases.actions(session, case.id)
            if a.action in cases.MOVES and (manages or a.action != "answer")
        ],
        "objections": [
            objection_row(o)
            for o in cases.objections(session, case.id)
            if manages or mine or o.filed_by == viewer.username
        ],
        "may_decide": may_decide,
        "decide_problem": decide_problem,
        "may_object": case.state == NOTICE and viewer.can("cases.object"),
        "may_answer": viewer.role in flow.answer_roles and not mine,
        "may_finalize": case.state == NOTICE
        and viewer.role in flow.answer_roles
        and not mine
        and case.notice_last_day is not None
        and day > case.notice_last_day,
        "may_re_entry": on_standby and viewer.role in OPENERS and not mine and not awaiting,
        "may_choose": awaiting and viewer.role in CHOOSERS and not mine,
        "may_open_dismissal": period is not None
        and period.outcome == "dismissal"
        and viewer.role in OPENERS
        and not mine
        and case.subject_no is not None
        and bottom_cases.chosen_dismissal(session, case.subject_no) is not None,
        "awaiting_choice": awaiting,
        "sittings": sittings,
        "today": day.isoformat(),
    }


def parse_exam_score(text: str) -> Decimal:
    """A typed re-entry exam score: a number from 0 to 100."""
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise KefuError(f"成绩「{cleaned[:16]}」不是数字 (not a number)") from None
    return value


def parse_sitting(text: str) -> int:
    """A chosen exam sitting's number."""
    cleaned = text.strip()
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= INT_MAX:
        raise KefuError(f"考试编号「{cleaned[:16]}」不正确 (not a sitting number)")
    return int(cleaned)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"日期「{text[:16]}」应为 YYYY-MM-DD (a date as YYYY-MM-DD)") from None


# ---------------------------------------------------------------- pages


Done = Literal["", "opened", "decided", "objected", "answered", "final", "re_entry", "choice"]


@pages.get("/bottom", name="bottom_list", response_class=HTMLResponse)
def bottom_list_page(
    request: Request,
    session: SessionDep,
    viewer: Overseer,
    month: MonthQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """末位名单: a closed month's last places, how many months running, who is due."""
    words = language(lang)
    return _list_page(request, session, viewer, words, month)


def _list_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    words: Lang,
    month: str = "",
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    view: dict[str, Any] | None = None
    problem = None
    try:
        view = list_view(session, viewer, month_of(month), words)
    except KefuError as exc:
        problem = exc.message
        status = status if status != 200 else exc.http_status
    return render(
        request,
        words,
        "bottom_list.html",
        status,
        view=view,
        problem=problem,
        error=error,
    )


@pages.get("/bottom/people/{employee_no}", name="bottom_person", response_class=HTMLResponse)
def bottom_person_page(
    request: Request,
    session: SessionDep,
    viewer: Overseer,
    employee_no: EmployeePath,
    month: MonthQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One person's months in the ranking, their run and its explanation."""
    words = language(lang)
    person = person_view(session, viewer, employee_no, month_of(month), words)
    return render(request, words, "bottom_person.html", person=person)


def _open(
    request: Request,
    session: Session,
    viewer: Viewer,
    words: Lang,
    kind: Literal["standby", "dismissal"],
    employee_no: str,
    note: str,
) -> Response:
    try:
        opener = bottom_cases.open_standby if kind == "standby" else bottom_cases.open_dismissal
        case = opener(session, viewer, employee_no, note=note, today=today())
    except KefuError as exc:
        session.rollback()
        return _list_page(request, session, viewer, words, "", exc.http_status, exc.message)
    return _to_case(request, words, case, "opened")


def _to_case(request: Request, words: Lang, case: Case, done: str) -> Response:
    name = "bottom_standby_case" if case.kind == STANDBY.kind else "bottom_dismissal_case"
    return redirect(request, words, name, case_id=case.id, done=done)


@pages.post("/bottom/standby", name="bottom_standby_open")
def bottom_standby_open(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    employee_no: StaffNoForm = "",
    note: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR opens a standby case for a person due (R-BOT-1); a refusal comes back on the list."""
    return _open(request, session, viewer, language(lang), "standby", employee_no, note)


@pages.post("/bottom/dismissal", name="bottom_dismissal_open")
def bottom_dismissal_open(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    employee_no: StaffNoForm = "",
    note: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR opens a dismissal case for a person due after a return (R-BOT-1)."""
    return _open(request, session, viewer, language(lang), "dismissal", employee_no, note)


def _case_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    case_id: int,
    kind: str,
    words: Lang,
    done: str = "",
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    case = case_in_view(session, viewer, case_id, kind)
    return render(
        request,
        words,
        "bottom_case.html",
        status,
        case=case_view(session, viewer, case, words),
        done=done,
        error=error,
    )


@pages.get("/bottom/standby/{case_id}", name="bottom_standby_case", response_class=HTMLResponse)
def bottom_standby_case(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """A standby case: the run, the plan, the decision, notice, objections, exams, return."""
    return _case_page(request, session, viewer, case_id, STANDBY.kind, language(lang), done)


@pages.get("/bottom/dismissal/{case_id}", name="bottom_dismissal_case", response_class=HTMLResponse)
def bottom_dismissal_case(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """A dismissal case: the grounds, the decision, notice, objections and the leaving day."""
    return _case_page(request, session, viewer, case_id, DISMISSAL.kind, language(lang), done)


def _case_error(
    request: Request, session: Session, viewer: Viewer, case_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    case = case_in_view(session, viewer, case_id)
    return _case_page(
        request, session, viewer, case_id, case.kind, words, "", exc.http_status, exc.message
    )


def _done(request: Request, session: Session, words: Lang, case_id: int, done: str) -> Response:
    return _to_case(request, words, bottom_cases.get_case(session, case_id), done)


@pages.post("/bottom/cases/{case_id}/decision", name="bottom_decide")
def bottom_decide(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    decision: Annotated[Literal["approve", "reject"], Form()],
    version: Version,
    opinion: Text = "",
    lang: PageLang = None,
) -> Response:
    """The manager approves (→ public notice) or rejects the case."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        bottom_cases.decide(
            session, viewer, case_id, decision, opinion, version, today(), bottom_calendar()
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _done(request, session, words, case_id, "decided")


@pages.post("/bottom/cases/{case_id}/objections", name="bottom_object")
def bottom_object(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    text: Text = "",
    lang: PageLang = None,
) -> Response:
    """Anyone on staff — the person first — objects during the notice (申诉, R-PUB-1)."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        bottom_cases.object_to(session, viewer, case_id, text, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _done(request, session, words, case_id, "objected")


@pages.post("/bottom/objections/{objection_id}/answer", name="bottom_answer")
def bottom_answer(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    objection_id: ObjectionPath,
    outcome: Annotated[Literal["dismissed", "upheld"], Form()],
    finding: Text = "",
    reply: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR's investigation and answer; an upheld objection rejects the case."""
    words = language(lang)
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case_id = objection.case_id
    case_in_view(session, viewer, case_id)
    try:
        bottom_cases.answer(
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
    return _done(request, session, words, case_id, "answered")


@pages.post("/bottom/cases/{case_id}/final", name="bottom_final")
def bottom_final(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    lang: PageLang = None,
) -> Response:
    """After the notice: standby from next month, or leaving from the next day."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        bottom_cases.finalize(session, viewer, case_id, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _done(request, session, words, case_id, "final")


@pages.post("/bottom/standby/{case_id}/re-entry", name="bottom_re_entry")
def bottom_re_entry(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    version: Version,
    score: Short = "",
    sitting_id: Annotated[str, Form(max_length=16)] = "",
    lang: PageLang = None,
) -> Response:
    """HR records the re-entry exam: a typed score or a graded sitting; a pass returns."""
    words = language(lang)
    case_in_view(session, viewer, case_id, STANDBY.kind)
    try:
        typed = parse_exam_score(score) if score.strip() else None
        bottom_cases.record_re_entry(
            session,
            viewer,
            case_id,
            score=typed,
            sitting_id=parse_sitting(sitting_id) if sitting_id.strip() else None,
            seen_version=version,
            today=today(),
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _done(request, session, words, case_id, "re_entry")


@pages.post("/bottom/standby/{case_id}/after-exam", name="bottom_after_exam")
def bottom_after_exam(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    choice: Annotated[Literal["extend", "dismiss"], Form()],
    version: Version,
    until: Annotated[str, Form(max_length=16)] = "",
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """After a failed re-entry exam the manager extends the standby or chooses dismissal."""
    words = language(lang)
    case_in_view(session, viewer, case_id, STANDBY.kind)
    try:
        bottom_cases.decide_after_exam(
            session,
            viewer,
            case_id,
            choice,
            until=parse_day(until) if until.strip() else None,
            reason=reason,
            seen_version=version,
            today=today(),
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _done(request, session, words, case_id, "choice")
