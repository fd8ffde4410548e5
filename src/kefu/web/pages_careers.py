"""Pages of careers (职业发展): the ladder, my next level, who is eligible, promotion cases,
public notices and objections, and the inbox of what waits on me.

Thin routes over kefu.careers.promotion_service and kefu.workflow (R-ORG-3, R-PRO-1..4,
R-PUB-1). The builders return plain data the JSON API (api_careers) serves as well.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.attendance.service import work_calendar
from kefu.careers import ladder
from kefu.careers import promotion_service as promotion
from kefu.careers.flows import FLOWS as CAREER_FLOWS
from kefu.careers.flows import PROMOTION
from kefu.careers.models import PromotionRound
from kefu.careers.views import eligible_and_close, ladder_view, standing_view, stored_condition_rows
from kefu.elimination.flows import FLOWS as BOTTOM_FLOWS
from kefu.errors import KefuError, NotFound
from kefu.explain.messages import Lang
from kefu.training.flows import FLOWS as TRAINING_FLOWS
from kefu.web.deps import PageLang, SessionDep
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import NOTICE

pages = APIRouter()

CareersViewer = Annotated[Viewer, Depends(require("careers.view"))]
Overseer = Annotated[Viewer, Depends(require("careers.overview"))]
Reviewer = Annotated[Viewer, Depends(require("promotion.review"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
INT_MAX = 2**31 - 1
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="案件编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
Text = Annotated[str, Form(max_length=4000)]


def today() -> date:
    """The server's date: application windows and notices are counted from it."""
    return accounts.now().date()


# every kind of case: the inbox and the notice board list them all
FLOWS = CAREER_FLOWS + TRAINING_FLOWS + BOTTOM_FLOWS

# ---------------------------------------------------------------- builders (pages and API)


def case_row(case: Case, lang: Lang) -> dict[str, Any]:
    flow = next(f for f in FLOWS if f.kind == case.kind)
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
        "notice_first_day": case.notice_first_day.isoformat() if case.notice_first_day else None,
        "notice_last_day": case.notice_last_day.isoformat() if case.notice_last_day else None,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }


def visible_cases(session: Session, viewer: Viewer, lang: Lang) -> list[dict[str, Any]]:
    """The promotion cases the viewer may see, newest first (pages and API alike)."""
    return [case_row(c, lang) for c in promotion.all_cases(session) if may_see_case(viewer, c)]


def may_see_case(viewer: Viewer, case: Case) -> bool:
    """The subject, reviewers in scope; a case on notice is public to every staff member."""
    if case.state == NOTICE and viewer.can("cases.object"):
        return True
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        return True
    if not viewer.can("promotion.review"):
        return False
    return viewer.sees(case.subject_no or "", case.department, case.team)


def case_in_view(session: Session, viewer: Viewer, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or case.kind != PROMOTION.kind or not may_see_case(viewer, case):
        raise NotFound(f"没有编号为 {case_id} 的晋升申请 (no promotion case {case_id})")
    return case


def case_view(session: Session, viewer: Viewer, case: Case, lang: Lang) -> dict[str, Any]:
    """A case with its application, checks, every action, the notice and its objections."""
    row = case_row(case, lang)
    data = case.data
    sees_detail = viewer.employee_no in case.involved or viewer.can("promotion.review")
    actions = [
        {
            "at": a.at,
            "on_day": a.on_day.isoformat(),
            "actor": a.actor,
            "actor_role": a.actor_role,
            "action": a.action,
            "stage": PROMOTION.state_name(a.stage, lang) if a.stage else None,
            "decision": a.decision,
            "opinion": a.opinion,
            "state_after": PROMOTION.state_name(a.state_after, lang),
            "interview_score": a.data.get("interview_score"),
        }
        for a in cases.actions(session, case.id)
    ]
    objections = [
        objection_row(o)
        for o in cases.objections(session, case.id)
        if sees_detail or o.filed_by == viewer.username
    ]
    may_decide = False
    decide_problem = None
    if case.state in {s.key for s in PROMOTION.stages} and viewer.can("promotion.review"):
        try:
            cases.check_may_decide(session, PROMOTION, case, viewer)
            may_decide = True
        except KefuError as exc:
            decide_problem = exc.message
    return {
        **row,
        "from_level": data.get("from_level"),
        "to_level": data.get("to_level"),
        "application": {k: data.get(k) for k in ("achievements", "growth", "plan")}
        if sees_detail
        else None,
        "check": stored_condition_rows(data.get("check"), lang) if sees_detail else [],
        "recheck": stored_condition_rows(data.get("recheck"), lang) if sees_detail else [],
        "effective_on": data.get("effective_on"),
        "training_plan": data.get("training_plan", []),
        "actions": actions if sees_detail else [a for a in actions if a["action"] != "answer"],
        "objections": objections,
        "may_decide": may_decide,
        "decide_problem": decide_problem,
        "stage_key": case.state,
        "may_object": case.state == NOTICE
        and viewer.can("cases.object")
        and viewer.employee_no not in case.involved,
        "may_answer": viewer.role in PROMOTION.answer_roles
        and viewer.employee_no not in case.involved,
        "may_finalize": case.state == NOTICE
        and viewer.role in PROMOTION.answer_roles
        and case.notice_last_day is not None
        and today() > case.notice_last_day,
        "may_withdraw": viewer.employee_no == case.subject_no
        and case.state in {s.key for s in PROMOTION.stages},
        "today": today().isoformat(),
    }


def objection_row(o: Objection) -> dict[str, Any]:
    return {
        "id": o.id,
        "filed_by": o.filed_by,
        "filed_on": o.filed_on.isoformat(),
        "text": o.text,
        "state": o.state,
        "finding": o.finding,
        "answer": o.answer,
        "answered_by": o.answered_by,
        "answered_on": o.answered_on.isoformat() if o.answered_on else None,
    }


def inbox_rows(session: Session, viewer: Viewer, lang: Lang) -> list[dict[str, Any]]:
    """What waits on this account, across every kind of case."""
    return [
        {**case_row(w.case, lang), "what": w.what}
        for w in cases.inbox(session, FLOWS, viewer, today())
    ]


def notices(session: Session, lang: Lang) -> list[dict[str, Any]]:
    """Every case on public notice now (公示), for every staff member to read."""
    rows = session.scalars(select(Case).where(Case.state == NOTICE).order_by(Case.id.desc()))
    return [case_row(c, lang) for c in rows]


def parse_score(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise KefuError(f"面试/测评成绩「{text}」不是数字 (not a number)") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise KefuError(f"面试/测评成绩应在 0–100 之间，而不是 {text} (a score from 0 to 100)")
    return value


# ---------------------------------------------------------------- pages


@pages.get("/careers", name="careers", response_class=HTMLResponse)
def careers_page(
    request: Request, session: SessionDep, viewer: CareersViewer, lang: PageLang = None
) -> HTMLResponse:
    """晋升阶梯: the five levels, their duties, requirements and conditions (R-ORG-3)."""
    words = language(lang)
    return render(request, words, "careers_ladder.html", view=ladder_view(session, words, today()))


Done = Literal["", "applied", "decided", "objected", "answered", "final", "withdrawn"]


@pages.get("/careers/me", name="careers_me", response_class=HTMLResponse)
def my_next_level(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """我的晋升: each condition of the next level with my own figure, and the application."""
    return _my_page(request, session, viewer, language(lang), done=done)


def _my_page(
    request: Request,
    session: SessionDep,
    viewer: Viewer,
    words: Lang,
    status: int = 200,
    error: str | None = None,
    asked: dict[str, str] | None = None,
    done: str = "",
) -> HTMLResponse:
    context: dict[str, Any] = {"standing": None, "problem": None, "window": None, "mine": []}
    if viewer.employee_no is None:
        context["problem"] = "您的账号没有关联工号，没有晋升阶梯可看。"
    else:
        try:
            found = promotion.standing(session, viewer.employee_no, today())
            context["standing"] = standing_view(found, words)
        except KefuError as exc:
            context["problem"] = exc.message
        try:
            section, loaded = promotion.promotion_policy(session, today())
            ladder.in_application_window(section, loaded.open_parameters, today())
            current = promotion.round_on(session, today())
            if current is None:
                context["window_problem"] = (
                    "本期晋升申请尚未开放或已截止:人力资源部在申请月份发起后方可申请 (R-PRO-2)。"
                )
            else:
                context["window"] = True
                context["round"] = round_row(current)
        except KefuError as exc:
            context["window_problem"] = exc.message
        mine = session.scalars(
            select(Case)
            .where(Case.kind == PROMOTION.kind, Case.subject_no == viewer.employee_no)
            .order_by(Case.id.desc())
        )
        context["mine"] = [case_row(c, words) for c in mine]
        context["open_case"] = promotion.open_case_of(session, viewer.employee_no)
    return render(
        request,
        words,
        "careers_me.html",
        status,
        error=error,
        asked=asked or {"achievements": "", "growth": "", "plan": ""},
        done=done,
        today=today().isoformat(),
        **context,
    )


@pages.post("/careers/apply", name="promotion_apply", response_class=HTMLResponse)
def promotion_apply(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    achievements: Text = "",
    growth: Text = "",
    plan: Text = "",
    lang: PageLang = None,
) -> Response:
    """Apply for the next level (R-PRO-2); a refusal comes back on the page with its reasons."""
    words = language(lang)
    asked = {"achievements": achievements, "growth": growth, "plan": plan}
    try:
        case = promotion.apply(
            session, viewer, achievements=achievements, growth=growth, plan=plan, today=today()
        )
    except KefuError as exc:
        session.rollback()
        return _my_page(request, session, viewer, words, 422, exc.message, asked)
    return redirect(request, words, "promotion_case", case_id=case.id, done="applied")


@pages.get("/careers/eligible", name="careers_eligible", response_class=HTMLResponse)
def eligible_page(
    request: Request, session: SessionDep, viewer: Overseer, lang: PageLang = None
) -> HTMLResponse:
    """Who may apply now and who is one condition away, in the viewer's scope (R-PRO-1)."""
    words = language(lang)
    problem = None
    rows: list[dict[str, Any]] = []
    try:
        rows = [standing_view(s, words) for s in promotion.overview(session, today(), viewer)]
    except KefuError as exc:
        problem = exc.message
    eligible, close = eligible_and_close(rows)
    return render(
        request,
        words,
        "careers_eligible.html",
        eligible=eligible,
        close=close,
        total=len(rows),
        problem=problem,
        today=today().isoformat(),
    )


def round_row(r: PromotionRound) -> dict[str, Any]:
    return {
        "month": r.month,
        "opens_on": r.opens_on.isoformat(),
        "closes_on": r.closes_on.isoformat(),
        "opened_by": r.opened_by,
        "note": r.note,
        "open": r.opens_on <= today() <= r.closes_on,
    }


@pages.get("/promotions", name="promotion_cases", response_class=HTMLResponse)
def promotion_cases(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    done: Literal["", "round"] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """Promotion cases the viewer may see, newest first; the rounds, and HR's form to open one."""
    return _cases_page(request, session, viewer, language(lang), done=done)


def _cases_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    words: Lang,
    status: int = 200,
    error: str | None = None,
    done: str = "",
) -> HTMLResponse:
    return render(
        request,
        words,
        "promotion_cases.html",
        status,
        cases=visible_cases(session, viewer, words),
        rounds=[round_row(r) for r in promotion.rounds(session)],
        may_open=viewer.role in ("hr", "manager"),
        error=error,
        done=done,
        today=today().isoformat(),
    )


@pages.post("/promotions/rounds", name="promotion_round_open")
def promotion_round_open(
    request: Request,
    session: SessionDep,
    viewer: Reviewer,
    closes_on: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=255)] = "",
    lang: PageLang = None,
) -> Response:
    """HR opens this month's applications (R-PRO-2); refused outside the policy's months."""
    words = language(lang)
    try:
        until = date.fromisoformat(closes_on) if closes_on else None
    except ValueError:
        message = f"截止日「{closes_on}」应为 YYYY-MM-DD"
        return _cases_page(request, session, viewer, words, 422, message)
    try:
        promotion.open_round(session, viewer, today(), until, note)
    except KefuError as exc:
        session.rollback()
        return _cases_page(request, session, viewer, words, exc.http_status, exc.message)
    return redirect(request, words, "promotion_cases", done="round")


@pages.get("/promotions/{case_id}", name="promotion_case", response_class=HTMLResponse)
def promotion_case(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One case: application, conditions, each review, the notice, objections and answers."""
    words = language(lang)
    case = case_in_view(session, viewer, case_id)
    return render(
        request,
        words,
        "promotion_case.html",
        case=case_view(session, viewer, case, words),
        done=done,
        error=None,
    )


def _case_error(
    request: Request, session: Session, viewer: Viewer, case_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    case = case_in_view(session, viewer, case_id)
    return render(
        request,
        words,
        "promotion_case.html",
        exc.http_status,
        case=case_view(session, viewer, case, words),
        done="",
        error=exc.message,
    )


@pages.post("/promotions/{case_id}/decision", name="promotion_decide")
def promotion_decide(
    request: Request,
    session: SessionDep,
    viewer: Reviewer,
    case_id: CasePath,
    decision: Annotated[Literal["approve", "reject"], Form()],
    version: Annotated[int, Form(ge=1, le=INT_MAX)],
    opinion: Text = "",
    interview_score: Annotated[str, Form(max_length=16)] = "",
    lang: PageLang = None,
) -> Response:
    """A review's decision; a conflict (someone decided first) says so and writes nothing."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        promotion.decide(
            session,
            viewer,
            case_id,
            decision,
            opinion,
            version,
            today(),
            work_calendar(),
            interview_score=parse_score(interview_score),
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "promotion_case", case_id=case_id, done="decided")


@pages.post("/promotions/{case_id}/objections", name="promotion_object")
def promotion_object(
    request: Request,
    session: SessionDep,
    viewer: Objector,
    case_id: CasePath,
    text: Text = "",
    lang: PageLang = None,
) -> Response:
    """Any staff member objects during the notice (R-PUB-1)."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        promotion.object_to(session, viewer, case_id, text, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "promotion_case", case_id=case_id, done="objected")


@pages.post("/promotions/objections/{objection_id}/answer", name="promotion_answer")
def promotion_answer(
    request: Request,
    session: SessionDep,
    viewer: Reviewer,
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
        promotion.answer(
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
    return redirect(request, words, "promotion_case", case_id=case_id, done="answered")


@pages.post("/promotions/{case_id}/final", name="promotion_final")
def promotion_final(
    request: Request,
    session: SessionDep,
    viewer: Reviewer,
    case_id: CasePath,
    lang: PageLang = None,
) -> Response:
    """After the notice with every objection answered, the promotion takes effect."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        promotion.finalize(session, viewer, case_id, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "promotion_case", case_id=case_id, done="final")


@pages.post("/promotions/{case_id}/withdraw", name="promotion_withdraw")
def promotion_withdraw(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    lang: PageLang = None,
) -> Response:
    """The applicant takes the application back before it goes on notice."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        cases.withdraw(session, PROMOTION, case_id, viewer, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "promotion_case", case_id=case_id, done="withdrawn")


@pages.get("/inbox", name="inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request, session: SessionDep, viewer: CareersViewer, lang: PageLang = None
) -> HTMLResponse:
    """待办: cases waiting for my decision, objections to answer, notices ended; and notices."""
    words = language(lang)
    return render(
        request,
        words,
        "inbox.html",
        waiting=inbox_rows(session, viewer, words),
        notices=notices(session, words),
    )
