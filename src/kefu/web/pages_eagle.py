"""Pages of the Eagle plan (雏鹰计划): the plans, one plan from its announcement to the
group, the exams, the certificate, the transfer and the leader (R-EGL-1..3, R-PUB-1).

Thin routes over kefu.careers.eagle_service. ``plan_view`` builds the plain data the page
and the JSON API (api_eagle) both show, in the viewer's scope (R-PRV-1): every staff member
sees the announcement and, once on notice, the group; applicants see their own application
and screening; members their own exams and complaints; HR and managers everything.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers import eagle_service as eagle
from kefu.careers.eagle import Screened
from kefu.careers.flows import EAGLE
from kefu.errors import KefuError, NotFound
from kefu.explain.messages import Lang
from kefu.explain.messages import render as render_step
from kefu.explain.trace import Step
from kefu.web.deps import PageLang, SessionDep, StaffNo, StaffNoForm, StaffNoPath
from kefu.web.i18n import language, translate
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, NOTICE, Calendar

pages = APIRouter()

CareersViewer = Annotated[Viewer, Depends(require("careers.view"))]
Manager = Annotated[Viewer, Depends(require("eagle.manage"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
INT_MAX = 2**31 - 1
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="雏鹰计划编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
ComplaintPath = Annotated[int, Path(ge=1, le=INT_MAX, description="投诉编号")]
EmployeePath = StaffNoPath
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=64)]
Version = Annotated[int, Form(ge=1, le=INT_MAX)]
Numbers = Annotated[list[StaffNo] | None, Form()]
MAX_LISTED = 200
DECIMAL_TEXT = re.compile(r"[0-9]{1,6}(\.[0-9]{1,4})?")
COUNT_TEXT = re.compile(r"[0-9]{1,6}")
STAGES = {s.key for s in EAGLE.stages}
LOG_NAMES = {
    "apply": "提交雏鹰计划申请",
    "figures": "录入筛选数据",
    "shortlist": "确定入围名单",
    "group": "记录面试结果与小组",
    "exams": "录入考试成绩",
    "transfer": "确认调动",
    "complaint": "投诉组长",
    "judge": "认定投诉",
    "leader": "另立组长",
}


def today() -> date:
    """The server's date: deadlines and notices are counted from it."""
    return accounts.now().date()


def eagle_calendar() -> Calendar:
    from kefu.attendance.service import work_calendar

    return work_calendar()


# ---------------------------------------------------------------- parsing form text


def parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"{what}「{text}」应为日期 YYYY-MM-DD (a date)") from None


def parse_decimal(text: str, what: str) -> Decimal | None:
    """A number typed in a form (digits, at most four decimals); empty is None."""
    text = text.strip()
    if not text:
        return None
    if not DECIMAL_TEXT.fullmatch(text):
        raise KefuError(f"{what}「{text}」不是数字，如 85 或 1.5 (a number such as 85 or 1.5)")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover — the pattern admits only numbers
        raise KefuError(f"{what}「{text}」不是数字 (not a number)") from None


def parse_count(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not COUNT_TEXT.fullmatch(text):
        raise KefuError(f"{what}「{text}」应为 0 或正整数 (a whole number)")
    return int(text)


def parse_list(text: str) -> list[str]:
    """Names or numbers separated by commas, 、 or spaces."""
    for sep in ("，", "、", ";", "；", " "):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def numbers(values: list[str] | None) -> list[str]:
    values = values or []
    if len(values) > MAX_LISTED or any(len(v) > 32 for v in values):
        raise KefuError("工号列表过长或工号格式不正确 (too many or too long employee numbers)")
    return [v.strip() for v in values if v.strip()]


def prior_gap(score: str, on: str) -> tuple[date, Decimal] | None:
    """The prior GAP score and its day, both or neither."""
    value = parse_decimal(score, "原部门 GAP 成绩")
    if value is None and not on.strip():
        return None
    if value is None or not on.strip():
        raise KefuError("原部门 GAP 成绩和考试日期须同时填写 (the prior GAP score needs its date)")
    return parse_day(on, "原部门 GAP 考试日期"), value


# ---------------------------------------------------------------- builders (pages and API)


def step_row(step: Step | list[Any], lang: Lang) -> dict[str, Any]:
    """A stored or live step in words, its rule apart, and whether it is a flag or reason."""
    found = step if isinstance(step, Step) else Step.from_dict(step)
    text = render_step(found, lang).split(": ", 1)[-1]
    return {"rule": found.rule, "code": found.code, "text": text, "flag": found.reason}


def plan_row(case: Case, lang: Lang) -> dict[str, Any]:
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_name": EAGLE.name_zh if lang == "zh" else EAGLE.name_en,
        "title": case.title,
        "state": case.state,
        "state_name": EAGLE.state_name(case.state, lang),
        "version": case.version,
        "announced_on": case.data.get("announced_on"),
        "deadline": case.data.get("deadline"),
        "applications": len(case.data.get("applications", [])),
        "opened_by": case.opened_by,
        "opened_at": case.opened_at.strftime("%Y-%m-%d %H:%M") if case.opened_at else "",
        "notice_first_day": _iso(case.notice_first_day),
        "notice_last_day": _iso(case.notice_last_day),
        "closed_on": _iso(case.closed_on),
    }


def plan_in_view(session: Session, case_id: int) -> Case:
    """Every staff member sees a plan's announcement; what else they see is in plan_view."""
    case = session.get(Case, case_id)
    if case is None or case.kind != EAGLE.kind:
        raise NotFound(f"没有编号为 {case_id} 的雏鹰计划 (no Eagle plan {case_id})")
    return case


def _entered_by(by: str | None, lang: Lang) -> str | None:
    if by is None:
        return None
    if by == "self":
        return translate("申请人自填", lang)
    return translate("人事录入 ({who})", lang, who=by)


def application_row(entry: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """An application with what the register gave, what the applicant wrote, what HR entered."""
    return {
        **entry,
        "award_themes": [a["theme"] for a in entry.get("awards", [])],
        "award_list": [f"{a['month']} {a['theme']}" for a in entry.get("awards", [])],
        "conversion_exam_source": _entered_by(entry.get("conversion_exam_by"), lang),
        "major_complaints_source": _entered_by(entry.get("major_complaints_by"), lang),
        "extra_awards_source": _entered_by(entry.get("extra_awards_by"), lang),
    }


def _screened_row(row: Screened | dict[str, Any], lang: Lang) -> dict[str, Any]:
    if isinstance(row, dict):
        steps = [step_row(s, lang) for s in row["steps"]]
        return {**{k: v for k, v in row.items() if k != "steps"}, "steps": steps}
    return {
        "employee_no": row.employee_no,
        "name": row.name,
        "qualified": row.qualified,
        "place": row.place,
        "award_points": str(row.award_points) if row.award_points is not None else None,
        "flagged": row.flagged,
        "steps": [step_row(s, lang) for s in row.steps],
    }


def screening_view(
    session: Session, case: Case, lang: Lang, only: str | None
) -> dict[str, Any] | None:
    """Live during screening, frozen after it; ``only``: one applicant's own row."""
    frozen = case.data.get("screening")
    if frozen is not None:
        rows = [_screened_row(r, lang) for r in frozen]
        problem, missing = None, []
    elif case.state == eagle.SCREENING or (case.state == eagle.APPLYING and only is None):
        found = eagle.screening(session, case)
        rows = [_screened_row(r, lang) for r in found.rows]
        problem, missing = found.problem, list(found.missing_complaints)
    else:
        return None
    if only is not None:
        rows = [r for r in rows if r["employee_no"] == only]
        missing = [no for no in missing if no == only]
        problem = None
    return {"rows": rows, "problem": problem, "missing_complaints": missing}


def _may(check: Any) -> tuple[bool, str | None]:
    try:
        check()
    except KefuError as exc:
        return False, exc.message
    return True, None


def plan_view(session: Session, viewer: Viewer, case: Case, lang: Lang) -> dict[str, Any]:
    """One plan as the viewer may see it, with the forms they may use."""
    data = case.data
    row = plan_row(case, lang)
    manage = viewer.can("eagle.manage")
    me = viewer.employee_no
    involved = me is not None and me in case.involved
    mine = eagle.application_of(case, me) if me else None
    day = today()
    deadline = eagle.deadline_of(case)
    members = eagle.member_numbers(case)
    leader = eagle.current_leader(case)
    public_group = case.state in (NOTICE, FINAL)

    may_decide, decide_problem = False, None
    if case.state in STAGES and manage:
        may_decide, decide_problem = _may(
            lambda: cases.check_may_decide(session, EAGLE, case, viewer)
        )
    apply_problem = None
    if case.state == eagle.APPLYING and me is not None and mine is None and day > deadline:
        apply_problem = translate("申请已于 {day} 截止。", lang, day=deadline.isoformat())

    group = data.get("group")
    group_view = None
    if group and (manage or public_group):
        group_view = {
            "panel": [
                {"seat": translate(zh, lang), "name": group["panel"].get(seat, "")}
                for seat, (zh, _en) in eagle.PANEL_SEATS.items()
            ],
            "members": [{**m, "leader": m["employee_no"] == leader} for m in group["members"]],
            "leader": leader,
            "steps": [step_row(s, lang) for s in group.get("steps", [])],
            "recorded_by": group.get("by"),
            "recorded_on": group.get("recorded_on"),
        }

    shortlist = data.get("shortlist")
    schedule: list[dict[str, Any]] = []
    if case.state not in (eagle.APPLYING,):
        try:
            schedule = [step_row(s, lang) for s in eagle.schedule_steps(session, case)]
        except KefuError as exc:
            schedule = [{"rule": "R-EGL-1", "code": "", "text": exc.message, "flag": True}]

    member_rows = []
    if case.state == FINAL:
        for m in group["members"] if group else []:
            no = m["employee_no"]
            if not manage and no != me:
                continue
            exams = data.get("exams", {}).get(no)
            member_rows.append(
                {
                    **m,
                    "leader": no == leader,
                    "exams": exams,
                    "exam_steps": [step_row(s, lang) for s in exams["steps"]] if exams else [],
                    "completion": step_row(exams["completion"], lang) if exams else None,
                    "passed": exams.get("passed") if exams else None,
                    "transfer": data.get("transfers", {}).get(no),
                    "may_exams": manage and not involved and no not in data.get("transfers", {}),
                    "may_transfer": manage
                    and not involved
                    and bool(exams and exams.get("passed") is True)
                    and no not in data.get("transfers", {}),
                }
            )

    complaints = [
        c for c in data.get("complaints", []) if manage or (me is not None and c["by"] == me)
    ]
    status = None
    if case.state == FINAL and (manage or (me is not None and me in members)):
        try:
            found = eagle.leader_status(session, case)
            # HR sees the count; members only learn that the leader must be replaced
            if found is not None and (manage or found.must_replace):
                status = {"must_replace": found.must_replace, **step_row(found.step, lang)}
        except KefuError as exc:
            if manage:
                status = {"must_replace": False, "rule": "R-EGL-2", "text": exc.message}

    objections = [
        objection_row(o)
        for o in cases.objections(session, case.id)
        if manage or o.filed_by == viewer.username
    ]
    actions = [
        {
            "at": a.at.strftime("%Y-%m-%d %H:%M") if a.at else "",
            "on_day": a.on_day.isoformat(),
            "actor": a.actor,
            "action": a.action,
            "stage": EAGLE.state_name(a.stage, lang) if a.stage else None,
            "decision": a.decision,
            "opinion": a.opinion,
            "state_after": EAGLE.state_name(a.state_after, lang),
        }
        for a in cases.actions(session, case.id)
        # an objection's answer is for the objector and HR (R-PRV-1)
        if a.action in cases.MOVES and (manage or a.action != "answer")
    ]
    award_weights: list[str] = []
    target = ""
    try:
        plan, _ = eagle.policy_of(session, case)
        award_weights = list(plan.award_weights or {}) if manage else []
        target = plan.target_department
    except KefuError:
        pass
    shortlisted = (shortlist or {}).get("members", [])
    shortlist_rows = [
        {k: e[k] for k in ("employee_no", "name", "department", "level")}
        for no in shortlisted
        if (e := eagle.application_of(case, no)) is not None
    ]
    return {
        **row,
        "notes": data.get("notes", ""),
        "proposed": data.get("proposed"),
        "policy": case.policy_name,
        "today": day.isoformat(),
        "manage": manage,
        "involved": involved,
        "my_application": application_row(mine, lang) if mine else None,
        "applicants": [application_row(e, lang) for e in data.get("applications", [])]
        if manage
        else [],
        "screening": screening_view(session, case, lang, None if manage else me)
        if manage or mine
        else None,
        "shortlist": shortlist if manage else None,
        "on_shortlist": bool(shortlist and me in shortlist.get("members", [])),
        "schedule": schedule if manage else [],
        "group": group_view,
        "members": member_rows,
        "leader": leader if (manage or public_group) else None,
        "leader_name": _name_of(case, leader) if (manage or public_group) else None,
        "complaints": complaints,
        "leader_status": status,
        "award_weights": award_weights,
        "objections": objections,
        "actions": actions,
        "log": [
            {**e, "action_name": translate(LOG_NAMES.get(e["action"], e["action"]), lang)}
            for e in data.get("log", [])
        ]
        if manage
        else [],
        "target_department": target,
        "shortlist_rows": shortlist_rows if manage else [],
        "group_numbers": members,
        "panel_names": {
            seat: (group or {}).get("panel", {}).get(seat, "") for seat in eagle.PANEL_SEATS
        },
        "may_apply": case.state == eagle.APPLYING
        and me is not None
        and mine is None
        and day <= deadline,
        "apply_problem": apply_problem,
        "may_figures": manage and not involved and case.state in (eagle.APPLYING, eagle.SCREENING),
        "may_shortlist": may_decide and case.state == eagle.SCREENING,
        "may_group": may_decide and case.state == eagle.INTERVIEW,
        "may_decide": may_decide,
        "decide_problem": decide_problem,
        "may_object": case.state == NOTICE and viewer.can("cases.object"),
        "may_answer": viewer.role in EAGLE.answer_roles and not involved,
        "may_finalize": case.state == NOTICE
        and viewer.role in EAGLE.answer_roles
        and not involved
        and case.notice_last_day is not None
        and day > case.notice_last_day,
        "may_complain": case.state == FINAL and me is not None and me in members and me != leader,
        "may_judge": manage and not involved,
        "may_replace": bool(manage and not involved and status and status["must_replace"]),
    }


def _name_of(case: Case, employee_no: str | None) -> str | None:
    entry = eagle.application_of(case, employee_no) if employee_no else None
    return entry["name"] if entry else None


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
        "answered_on": _iso(o.answered_on),
    }


def certificate_view(found: eagle.Certificate) -> dict[str, Any]:
    return {
        "case_id": found.case_id,
        "plan_title": found.plan_title,
        "employee_no": found.employee_no,
        "name": found.name,
        "soso_score": found.soso_score,
        "gap_score": found.gap_score,
        "gap_exempt": found.gap_exempt,
        "prior_gap_score": found.prior_gap_score,
        "prior_gap_on": found.prior_gap_on,
        "issued_on": found.issued_on,
        "department": found.department,
        "transferred_on": found.transferred_on,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# ---------------------------------------------------------------- pages


Done = Literal[
    "",
    "announced",
    "applied",
    "figures",
    "shortlist",
    "group",
    "decided",
    "objected",
    "answered",
    "final",
    "exams",
    "transfer",
    "complaint",
    "judged",
    "leader",
]


@pages.get("/eagle", name="eagle_plans", response_class=HTMLResponse)
def eagle_plans(
    request: Request, session: SessionDep, viewer: CareersViewer, lang: PageLang = None
) -> HTMLResponse:
    """雏鹰计划: every plan, newest first; HR and managers announce a new one here."""
    return _plans_page(request, session, viewer, language(lang))


def _plans_page(
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
        "eagle_plans.html",
        status,
        plans=[plan_row(c, words) for c in eagle.plans(session)],
        may_announce=viewer.can("eagle.manage"),
        error=error,
        asked=asked or {"title": "", "deadline": "", "notes": ""},
    )


@pages.post("/eagle", name="eagle_announce", response_class=HTMLResponse)
def eagle_announce(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    title: Annotated[str, Form(max_length=200)] = "",
    deadline: Short = "",
    notes: Text = "",
    lang: PageLang = None,
) -> Response:
    """发布公告: the plan's title, application deadline and notes (R-EGL-1)."""
    words = language(lang)
    try:
        case = eagle.announce(
            session,
            viewer,
            title=title,
            deadline=parse_day(deadline, "申请截止日"),
            notes=notes,
            today=today(),
        )
    except KefuError as exc:
        session.rollback()
        asked = {"title": title, "deadline": deadline, "notes": notes}
        return _plans_page(request, session, viewer, words, exc.http_status, exc.message, asked)
    return redirect(request, words, "eagle_case", case_id=case.id, done="announced")


@pages.get("/eagle/{case_id}", name="eagle_case", response_class=HTMLResponse)
def eagle_case(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One plan: announcement, applications, screening, group, notice, exams, the leader."""
    words = language(lang)
    case = plan_in_view(session, case_id)
    return render(
        request,
        words,
        "eagle_case.html",
        plan=plan_view(session, viewer, case, words),
        done=done,
        error=None,
    )


def _case_error(
    request: Request, session: Session, viewer: Viewer, case_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    case = plan_in_view(session, case_id)
    return render(
        request,
        words,
        "eagle_case.html",
        exc.http_status,
        plan=plan_view(session, viewer, case, words),
        done="",
        error=exc.message,
    )


def _acted(
    request: Request,
    session: Session,
    viewer: Viewer,
    case_id: int,
    words: Lang,
    done: str,
    act: Any,
) -> Response:
    """Run one change; a refusal comes back on the plan's page with its status."""
    plan_in_view(session, case_id)
    try:
        act()
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return redirect(request, words, "eagle_case", case_id=case_id, done=done)


@pages.post("/eagle/{case_id}/apply", name="eagle_apply")
def eagle_apply(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    version: Version,
    results_summary: Text = "",
    supervisor_comment: Text = "",
    progress: Text = "",
    method: Text = "",
    exam_dates: Text = "",
    plan_months: Short = "",
    conversion_exam_score: Short = "",
    lang: PageLang = None,
) -> Response:
    """申请书 (R-EGL-1): results, the supervisor's comment, the study plan."""
    words = language(lang)

    def act() -> None:
        months = parse_decimal(plan_months, "计划所需时间(月)")
        if months is None:
            raise KefuError("请填写计划所需时间(月) (the plan's duration in months)")
        eagle.apply(
            session,
            viewer,
            case_id,
            results_summary=results_summary,
            supervisor_comment=supervisor_comment,
            progress=progress,
            method=method,
            exam_dates=exam_dates,
            plan_months=months,
            conversion_exam_score=parse_decimal(conversion_exam_score, "转正考试成绩"),
            seen_version=version,
            today=today(),
        )

    return _acted(request, session, viewer, case_id, words, "applied", act)


@pages.post("/eagle/{case_id}/applications/{employee_no}", name="eagle_figures")
def eagle_figures(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    version: Version,
    major_complaints: Short = "",
    conversion_exam_score: Short = "",
    extra_awards: Annotated[str, Form(max_length=500)] = "",
    lang: PageLang = None,
) -> Response:
    """HR enters major complaints, the conversion-exam score and other awards."""
    words = language(lang)

    def act() -> None:
        eagle.record_figures(
            session,
            viewer,
            case_id,
            employee_no,
            major_complaints=parse_count(major_complaints, "重大投诉次数"),
            conversion_exam_score=parse_decimal(conversion_exam_score, "转正考试成绩"),
            extra_awards=parse_list(extra_awards),
            seen_version=version,
            today=today(),
        )

    return _acted(request, session, viewer, case_id, words, "figures", act)


@pages.post("/eagle/{case_id}/shortlist", name="eagle_shortlist")
def eagle_shortlist(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    version: Version,
    shortlist_on: Short = "",
    interview_on: Short = "",
    members: Numbers = None,
    lang: PageLang = None,
) -> Response:
    """The shortlist (none ticked: every qualified applicant) and the interview day."""
    words = language(lang)

    def act() -> None:
        chosen = numbers(members)
        eagle.set_shortlist(
            session,
            viewer,
            case_id,
            members=chosen or None,
            shortlist_on=parse_day(shortlist_on or today().isoformat(), "入围日期"),
            interview_on=parse_day(interview_on, "面试日期"),
            seen_version=version,
            today=today(),
        )

    return _acted(request, session, viewer, case_id, words, "shortlist", act)


@pages.post("/eagle/{case_id}/group", name="eagle_group")
def eagle_group(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    version: Version,
    leader: StaffNoForm = "",
    gm: Short = "",
    deputy_gm: Short = "",
    cs_director: Short = "",
    hr_manager: Short = "",
    members: Numbers = None,
    lang: PageLang = None,
) -> Response:
    """The panel and the group of members with its leader (R-EGL-2)."""
    words = language(lang)

    def act() -> None:
        eagle.record_group(
            session,
            viewer,
            case_id,
            panel={
                "gm": gm,
                "deputy_gm": deputy_gm,
                "cs_director": cs_director,
                "hr_manager": hr_manager,
            },
            members=numbers(members),
            leader=leader,
            seen_version=version,
            today=today(),
        )

    return _acted(request, session, viewer, case_id, words, "group", act)


@pages.post("/eagle/{case_id}/decision", name="eagle_decide")
def eagle_decide(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    decision: Annotated[Literal["approve", "reject"], Form()],
    version: Version,
    opinion: Text = "",
    lang: PageLang = None,
) -> Response:
    """Close the applications, approve the screening, approve the group (then on notice)."""
    words = language(lang)

    def act() -> None:
        eagle.decide(
            session, viewer, case_id, decision, opinion, version, today(), eagle_calendar()
        )

    return _acted(request, session, viewer, case_id, words, "decided", act)


@pages.post("/eagle/{case_id}/objections", name="eagle_object")
def eagle_object(
    request: Request,
    session: SessionDep,
    viewer: Objector,
    case_id: CasePath,
    text: Text = "",
    lang: PageLang = None,
) -> Response:
    """Any staff member objects during the notice (R-PUB-1)."""
    words = language(lang)

    def act() -> None:
        eagle.object_to(session, viewer, case_id, text, today())

    return _acted(request, session, viewer, case_id, words, "objected", act)


@pages.post("/eagle/objections/{objection_id}/answer", name="eagle_answer")
def eagle_answer(
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

    def act() -> None:
        eagle.answer(
            session,
            viewer,
            objection_id,
            upheld=outcome == "upheld",
            finding=finding,
            reply=reply,
            today=today(),
        )

    return _acted(request, session, viewer, objection.case_id, words, "answered", act)


@pages.post("/eagle/{case_id}/final", name="eagle_final")
def eagle_final(
    request: Request, session: SessionDep, viewer: Manager, case_id: CasePath, lang: PageLang = None
) -> Response:
    """After the notice with every objection answered, the group is final."""
    words = language(lang)

    def act() -> None:
        eagle.finalize(session, viewer, case_id, today())

    return _acted(request, session, viewer, case_id, words, "final", act)


@pages.post("/eagle/{case_id}/exams/{employee_no}", name="eagle_exams")
def eagle_exams(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    version: Version,
    soso_score: Short = "",
    gap_score: Short = "",
    prior_gap_score: Short = "",
    prior_gap_on: Short = "",
    lang: PageLang = None,
) -> Response:
    """A member's two exams, or the prior GAP score that exempts (R-EGL-3)."""
    words = language(lang)

    def act() -> None:
        eagle.record_exams(
            session,
            viewer,
            case_id,
            employee_no,
            soso_score=parse_decimal(soso_score, "SOSO升级考试成绩"),
            gap_score=parse_decimal(gap_score, "GAP上机考试成绩"),
            prior_gap=prior_gap(prior_gap_score, prior_gap_on),
            seen_version=version,
            today=today(),
        )

    return _acted(request, session, viewer, case_id, words, "exams", act)


@pages.get(
    "/eagle/{case_id}/certificate/{employee_no}",
    name="eagle_certificate",
    response_class=HTMLResponse,
)
def eagle_certificate(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    employee_no: EmployeePath,
    lang: PageLang = None,
) -> HTMLResponse:
    """奖状: a printable certificate for a member who passed both exams (R-EGL-3)."""
    words = language(lang)
    found = eagle.certificate(session, viewer, case_id, employee_no)
    return render(request, words, "eagle_certificate.html", cert=certificate_view(found))


@pages.post("/eagle/{case_id}/transfers/{employee_no}", name="eagle_transfer")
def eagle_transfer(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    employee_no: EmployeePath,
    version: Version,
    lang: PageLang = None,
) -> Response:
    """HR confirms the transfer to the VIP department from tomorrow (R-EGL-3)."""
    words = language(lang)

    def act() -> None:
        eagle.transfer(session, viewer, case_id, employee_no, version, today())

    return _acted(request, session, viewer, case_id, words, "transfer", act)


@pages.post("/eagle/{case_id}/complaints", name="eagle_complain")
def eagle_complain(
    request: Request,
    session: SessionDep,
    viewer: CareersViewer,
    case_id: CasePath,
    version: Version,
    reasons: Text = "",
    lang: PageLang = None,
) -> Response:
    """A member complains about the leader, with the reasons (R-EGL-2)."""
    words = language(lang)

    def act() -> None:
        eagle.file_complaint(session, viewer, case_id, reasons, version, today())

    return _acted(request, session, viewer, case_id, words, "complaint", act)


@pages.post("/eagle/{case_id}/complaints/{complaint_id}", name="eagle_judge")
def eagle_judge(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    complaint_id: ComplaintPath,
    verdict: Annotated[Literal["valid", "invalid"], Form()],
    version: Version,
    note: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR decides whether a complaint's reasons hold (投诉理由得当)."""
    words = language(lang)

    def act() -> None:
        eagle.judge_complaint(
            session,
            viewer,
            case_id,
            complaint_id,
            valid=verdict == "valid",
            note=note,
            seen_version=version,
            today=today(),
        )

    return _acted(request, session, viewer, case_id, words, "judged", act)


@pages.post("/eagle/{case_id}/leader", name="eagle_leader")
def eagle_leader(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    case_id: CasePath,
    version: Version,
    leader: StaffNoForm = "",
    lang: PageLang = None,
) -> Response:
    """另立组长: HR records the new leader once the complaints say so (R-EGL-2)."""
    words = language(lang)

    def act() -> None:
        eagle.replace_leader(session, viewer, case_id, leader, version, today())

    return _acted(request, session, viewer, case_id, words, "leader", act)
