"""Pages of the new-hire programme (新员工培训): the overview, a cohort with its plan on real
dates and its trainees, one trainee (their plan with today marked, scores with feedback,
flags, warnings, criteria, the conversion exam), and the training elimination case.

Thin routes over kefu.training (R-NEW-1..4, R-PUB-1). The builders return plain data the JSON
API (api_training) and the CLI serve as well. Who sees what (R-PRV-1): the cohort's trainer
(QA), HR and managers see and act on everything; a trainee sees their own plan, scores,
feedback and warnings; a mentor sees their mentees' the same way; the elimination flags and the
recorded criteria stay with the trainers until the talk; a case on public notice is open to
every staff member.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers.views import step_text
from kefu.errors import Forbidden, KefuError, NotFound
from kefu.exams import service as exams
from kefu.explain.messages import Lang
from kefu.explain.trace import num, score_text
from kefu.explain.views import step_rows
from kefu.training import conversion, exams_link, rules, scores
from kefu.training import elimination_service as elimination
from kefu.training import service as training
from kefu.training.models import Cohort, Trainee
from kefu.training.scores import ScoreEntry, Standing
from kefu.web.deps import PageLang, SessionDep, StaffNoForm
from kefu.web.i18n import language
from kefu.web.pages_careers import objection_row
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.workflow import service as cases
from kefu.workflow.models import Case, Objection
from kefu.workflow.rules import FINAL, NOTICE, REJECTED

pages = APIRouter()

Staff = Annotated[Viewer, Depends(require("training.view"))]
Trainer = Annotated[Viewer, Depends(require("training.manage"))]
Decider = Annotated[Viewer, Depends(require("training.decide"))]
Objector = Annotated[Viewer, Depends(require("cases.object"))]
INT_MAX = 2**31 - 1
CohortPath = Annotated[int, Path(ge=1, le=INT_MAX, description="培训班编号")]
TraineePath = Annotated[int, Path(ge=1, le=INT_MAX, description="学员编号")]
CasePath = Annotated[int, Path(ge=1, le=INT_MAX, description="案件编号")]
DayPath = Annotated[int, Path(ge=1, le=366, description="计划第几天")]
ItemPath = Annotated[int, Path(ge=1, le=INT_MAX, description="编号")]
Version = Annotated[int, Form(ge=1, le=INT_MAX)]
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=64)]
Day = Annotated[str, Form(max_length=16)]

FLOW = elimination.FLOW


def today() -> date:
    """The server's date: the plan's today, scores' days and notices are counted from it."""
    return accounts.now().date()


def training_calendar() -> Any:
    from kefu.attendance.service import work_calendar

    return work_calendar()


# ---------------------------------------------------------------- small helpers


def _pair(names: dict[str, tuple[str, str]], key: str | None, lang: Lang) -> str:
    if key is None:
        return ""
    zh, en = names.get(key, (key, key))
    return zh if lang == "zh" else en


def parse_day(text: str, what: str = "日期") -> date:
    """A day typed in a form: YYYY-MM-DD, else a refusal naming the field."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"{what}「{text}」应为 YYYY-MM-DD (a date as YYYY-MM-DD)") from None


def _optional_day(text: str, default: date) -> date:
    return parse_day(text) if text.strip() else default


def _optional_score(text: str, what: str) -> Decimal | None:
    return training.parse_score(text, what) if text.strip() else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("，", "\n").splitlines() if line.strip()]


# ---------------------------------------------------------------- builders (pages, API, CLI)


def cohort_row(session: Session, cohort: Cohort) -> dict[str, Any]:
    """One cohort in a list."""
    people_here = training.trainees(session, cohort.id)
    return {
        "id": cohort.id,
        "name": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "trainer": cohort.trainer,
        "department": cohort.department,
        "plan": cohort.plan_name,
        "policy": cohort.policy_name,
        "trainees": len(people_here),
        "running": sum(1 for t in people_here if t.stage in training.RUNNING),
    }


def cohort_rows(session: Session, viewer: Viewer) -> list[dict[str, Any]]:
    """The cohorts this account acts on (a QA account: the ones it trains)."""
    return [
        cohort_row(session, c) for c in training.cohorts(session) if training.manages(viewer, c)
    ]


def plan_rows(laid: tuple[rules.DayOnCalendar, ...], day: date, lang: Lang) -> list[dict[str, Any]]:
    """The plan on real dates: each day, its exam, where it moved, today marked (R-NEW-1)."""
    out = []
    for entry in laid:
        d = entry.day
        out.append(
            {
                "number": d.number,
                "title": d.title,
                "lead": d.lead,
                "content": list(d.content),
                "exam": d.exam,
                "exam_name": _pair(rules.EXAM_KINDS, d.exam, lang),
                "exam_items": list(d.exam_items),
                "assigns_mentor": d.assigns_mentor,
                "targeted": d.targeted,
                "planned_on": entry.planned_on.isoformat(),
                "on": entry.on.isoformat(),
                "moved": entry.moved,
                "today": entry.on == day or (entry.planned_on == day and not entry.moved),
                "past": entry.on < day,
                "explanation": step_rows(entry.steps, lang),
            }
        )
    return out


def score_row(entry: ScoreEntry, lang: Lang) -> dict[str, Any]:
    return {
        "ref": entry.ref,
        "id": entry.score_id,
        "kind": entry.kind,
        "kind_name": _pair(rules.SCORE_KINDS, entry.kind, lang),
        "taken_on": entry.taken_on.isoformat(),
        "score": score_text(entry.score),
        "parts": {k: num(v) for k, v in entry.parts.items()} if entry.parts else None,
        "occasion": _pair(training.OCCASIONS, entry.occasion, lang),
        "plan_day": entry.plan_day,
        "feedback": entry.feedback,
        "source": entry.source,
        "sitting_id": entry.sitting_id,
        "paper": entry.paper_label or (f"#{entry.paper_id}" if entry.paper_id else None),
        "recorded_by": entry.recorded_by,
        "explanation": step_rows(entry.steps, lang),
    }


def flag_rows(found: Standing, lang: Lang) -> list[dict[str, Any]]:
    """Every automatic criterion with whether it holds, since when and why (R-NEW-3)."""
    return [
        {
            "kind": c.kind,
            "name": _pair(rules.FLAG_KINDS, c.kind, lang),
            "held": c.held,
            "since": c.since.isoformat() if c.since else None,
            "evidence": list(c.evidence),
            "explanation": step_rows(c.steps, lang),
        }
        for c in found.checks
    ]


def criterion_rows(found: Standing, lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "criterion": c.criterion,
            "name": _pair(rules.CRITERIA, c.criterion, lang),
            "observed_on": c.observed_on.isoformat(),
            "evidence": c.evidence,
            "recorded_by": c.recorded_by,
            "withdrawn": c.withdrawn_on is not None,
            "withdrawn_by": c.withdrawn_by,
            "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
            "withdrawn_reason": c.withdrawn_reason,
        }
        for c in [*found.criteria, *found.withdrawn]
    ]


def trainee_row(found: Standing, lang: Lang, trainer: bool) -> dict[str, Any]:
    """A trainee in a cohort's list: stage, mentor, flags (for trainers), the newest scores."""
    t = found.trainee
    return {
        "id": t.id,
        "employee_no": t.employee_no,
        "name": t.name,
        "stage": t.stage,
        "stage_name": _pair(training.STAGES, t.stage, lang),
        "mentor_no": t.mentor_no,
        "no_mentor": step_text(found.no_mentor, lang) if found.no_mentor else None,
        "preliminary": found.preliminary if trainer else None,
        "flags": [_pair(rules.FLAG_KINDS, f.kind, lang) for f in found.flags] if trainer else [],
        "criteria": [_pair(rules.CRITERIA, c.criterion, lang) for c in found.criteria]
        if trainer
        else [],
        "scores": len(found.scores),
        "regular_from": t.regular_from.isoformat() if t.regular_from else None,
        "re_exam_on": t.re_exam_on.isoformat() if t.re_exam_on else None,
        "case_id": t.case_id,
    }


def cohort_view(
    session: Session, viewer: Viewer, cohort: Cohort, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """A cohort for its trainer: the plan on real dates, the trainees, flags, edits."""
    day = on or today()
    training.check_manages(viewer, cohort)
    calendar = training_calendar()
    found, problem = scores.cohort_standings(session, cohort, calendar, day)
    laid = found[0].laid if found else ()
    if not found and problem is None:
        try:
            laid = training.laid_out(session, cohort, calendar)
        except KefuError as exc:
            problem = exc.message
    evaluations: list[str] = []
    evaluation_problem = None
    try:
        loaded = training.policy_of(session, cohort)
        weeks = int(rules.setting(loaded, "evaluation_every_weeks", rules.SCORE_RULE))
        length = int(rules.setting(loaded, "programme_days", rules.PLAN_RULE))
        evaluations = [
            d.isoformat() for d in rules.evaluation_days(cohort.starts_on, length, weeks)
        ]
    except KefuError as exc:
        evaluation_problem = exc.message
    return {
        **cohort_row(session, cohort),
        "today": day.isoformat(),
        "programme_day": rules.programme_day(cohort.starts_on, day),
        "plan": plan_rows(laid, day, lang),
        "plan_problem": problem,
        "evaluations": evaluations,
        "evaluation_problem": evaluation_problem,
        "trainee_rows": [trainee_row(s, lang, True) for s in found],
        "preliminary": [trainee_row(s, lang, True) for s in found if s.preliminary],
        "edits": [
            {
                "number": e.number,
                "before": e.before,
                "after": e.after,
                "reason": e.reason,
                "by": e.changed_by,
                "on": e.changed_on.isoformat(),
            }
            for e in training.plan_edits(session, cohort.id)
        ],
        "exam_kinds": [(k, _pair(rules.EXAM_KINDS, k, lang)) for k in rules.EXAM_KINDS],
    }


def trainee_in_view(session: Session, viewer: Viewer, trainee_id: int) -> Trainee:
    """A trainee this account may see: the trainer's side, the trainee, the mentor."""
    trainee = training.get_trainee(session, trainee_id)
    if not training.may_see(viewer, trainee, training.get_cohort(session, trainee.cohort_id)):
        raise Forbidden("只能查看本人、所带学员或所负责培训班的培训记录 (not yours to see)")
    return trainee


def trainee_view(
    session: Session, viewer: Viewer, trainee: Trainee, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """One trainee as this account may see them (R-PRV-1)."""
    day = on or today()
    cohort = training.get_cohort(session, trainee.cohort_id)
    trainer = training.manages(viewer, cohort)
    found = scores.standing(session, trainee, training_calendar(), day, cohort=cohort)
    entries = [score_row(s, lang) for s in found.scores]
    attempts = [s for s in entries if s["kind"] in (rules.CONVERSION, rules.RE_EXAM)]
    running = trainee.stage in training.RUNNING
    mine = viewer.employee_no is not None and viewer.employee_no == trainee.employee_no
    may_decide = viewer.can("training.decide") and trainee.stage == training.DECISION and not mine
    return {
        "id": trainee.id,
        "employee_no": trainee.employee_no,
        "name": trainee.name,
        "cohort": cohort_row(session, cohort),
        "stage": trainee.stage,
        "stage_name": _pair(training.STAGES, trainee.stage, lang),
        "mentor_no": trainee.mentor_no,
        "mentor_since": trainee.mentor_since.isoformat() if trainee.mentor_since else None,
        "mentor_due": found.mentor_due.isoformat() if found.mentor_due else None,
        "no_mentor": step_text(found.no_mentor, lang) if found.no_mentor else None,
        "today": day.isoformat(),
        "programme_day": rules.programme_day(cohort.starts_on, day),
        "plan": plan_rows(found.laid, day, lang),
        "plan_problem": found.plan_problem,
        "conversion_on": found.conversion_on.isoformat() if found.conversion_on else None,
        "re_exam_on": trainee.re_exam_on.isoformat() if trainee.re_exam_on else None,
        "regular_from": trainee.regular_from.isoformat() if trainee.regular_from else None,
        "extended_until": trainee.extended_until.isoformat() if trainee.extended_until else None,
        "decision": {
            "choice": trainee.decision,
            "by": trainee.decided_by,
            "on": trainee.decided_on.isoformat() if trainee.decided_on else None,
            "reason": trainee.decision_reason,
        }
        if trainee.decision
        else None,
        "case_id": trainee.case_id,
        "scores": [s for s in entries if s["kind"] not in (rules.CONVERSION, rules.RE_EXAM)],
        "conversion": attempts,
        "warnings": [
            {"given_on": w.given_on.isoformat(), "note": w.note, "by": w.given_by}
            for w in found.warnings
        ],
        "trainer": trainer,
        "mine": mine,
        "flags": flag_rows(found, lang) if trainer else [],
        "flag_problems": found.problems if trainer else [],
        "criteria": criterion_rows(found, lang) if trainer else [],
        "preliminary": found.preliminary if trainer else None,
        "may_act": trainer and running and not mine,
        "may_convert": trainer
        and not mine
        and trainee.stage in (training.TRAINING, training.RE_EXAM, training.EXTENDED),
        "may_open_case": trainer and not mine and found.preliminary,
        "may_decide": may_decide,
        "pending_exams": [
            s for s in entries if s["source"] == "exam" and s["id"] is None and trainer
        ],
        "kinds": [(k, _pair(rules.SCORE_KINDS, k, lang)) for k in rules.SCORE_KINDS][:3],
        "occasions": [
            (k, _pair(training.OCCASIONS, k, lang)) for k in training.OCCASIONS if k != "conversion"
        ],
        "criteria_kinds": [(k, _pair(rules.CRITERIA, k, lang)) for k in rules.CRITERIA],
        "exam_days": [d.day.number for d in found.laid if d.day.exam],
        "exams": [
            {
                "id": x.id,
                "purpose": x.purpose,
                "purpose_name": _pair(rules.SCORE_KINDS, training.EXAM_PURPOSES[x.purpose], lang),
                "opens_on": x.opens_on.isoformat(),
                "closes_on": x.closes_on.isoformat(),
                "status": x.status,
                "status_name": exams.STATUS_NAMES.get(x.status, {}).get(lang, x.status),
                "score": score_text(x.score) if x.final else None,
                "plan_day": x.context.get("plan_day"),
            }
            for x in exams_link.sittings_for(session, trainee)
        ],
    }


def case_in_view(session: Session, viewer: Viewer, case_id: int) -> Case:
    """The trainer's side and the person see the case; on notice every staff member does."""
    case = elimination.get_case(session, case_id)
    if case.state == NOTICE and viewer.can("cases.object"):
        return case
    if viewer.employee_no is not None and viewer.employee_no in case.involved:
        return case
    if viewer.can("training.manage"):
        cohort = training.get_cohort(session, case.data["cohort"])
        if training.manages(viewer, cohort):
            return case
    raise NotFound(f"没有编号为 {case_id} 的培训淘汰案件 (no such case)")


def case_view(
    session: Session, viewer: Viewer, case: Case, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """A training elimination: grounds, talk, notice and objections, final, checklist, exit."""
    day = on or today()
    data = case.data
    trainer_side = viewer.can("training.manage")
    mine = viewer.employee_no is not None and viewer.employee_no in case.involved
    may_talk, talk_problem = False, None
    if case.state in {s.key for s in FLOW.stages} and trainer_side:
        try:
            cases.check_may_decide(session, FLOW, case, viewer)
            may_talk = True
        except KefuError as exc:
            talk_problem = exc.message
    answers = viewer.role in FLOW.answer_roles and not mine
    grounds = [
        {
            "kind": g["kind"],
            "code": g["code"],
            "name": _ground_name(g, lang),
            "since": g.get("since"),
            "evidence": g.get("evidence", []),
            "by": g.get("by") or g.get("decided_by"),
            "reason": g.get("reason"),
            "explanation": step_rows(elimination.ground_steps(g), lang),
        }
        for g in data.get("grounds", [])
    ]
    actions = [
        {
            "at": a.at,
            "on_day": a.on_day.isoformat(),
            "actor": a.actor,
            "action": a.action,
            "stage": FLOW.state_name(a.stage, lang) if a.stage else None,
            "decision": a.decision,
            "opinion": a.opinion,
            "state_after": FLOW.state_name(a.state_after, lang),
        }
        for a in cases.actions(session, case.id)
    ]
    objections = [
        objection_row(o)
        for o in cases.objections(session, case.id)
        if trainer_side or o.filed_by == viewer.username or mine
    ]
    checklist = [
        {
            "item": item,
            "name": _pair(elimination.CHECKLIST, item, lang),
            "done": data.get("checklist", {}).get(item),
        }
        for item in elimination.CHECKLIST
    ]
    final = case.state == FINAL
    return {
        **_own_case_row(case, lang),
        "employee_no": data.get("employee_no"),
        "name": data.get("name"),
        "trainee": data.get("trainee"),
        "cohort": data.get("cohort"),
        "cohort_name": data.get("cohort_name"),
        "opened_on": data.get("opened_on"),
        "reason": data.get("reason"),
        "grounds": grounds,
        "talk": data.get("talk") if trainer_side or mine else None,
        "final": data.get("final"),
        "left_on": data.get("left_on"),
        "checklist": checklist,
        "exit": data.get("exit") if trainer_side or mine else None,
        "actions": actions,
        "objections": objections,
        "mine": mine,
        "may_talk": may_talk,
        "talk_problem": talk_problem,
        "may_object": case.state == NOTICE and viewer.can("cases.object"),
        "may_answer": answers,
        "may_finalize": case.state == NOTICE
        and answers
        and case.notice_last_day is not None
        and day > case.notice_last_day,
        "may_offboard": final and answers,
        "stage_key": case.state,
        "ended": case.state == REJECTED,
        "today": day.isoformat(),
    }


def _ground_name(ground: dict[str, Any], lang: Lang) -> str:
    """A ground of the case in words: a flag, a recorded criterion or the failed re-exam."""
    if ground["kind"] == "re_exam":
        return (
            "转正补考未通过，经理决定淘汰"
            if lang == "zh"
            else "failed the re-exam; the manager chose elimination"
        )
    names = rules.FLAG_KINDS if ground["kind"] == "flag" else rules.CRITERIA
    return _pair(names, ground["code"], lang)


def _own_case_row(case: Case, lang: Lang) -> dict[str, Any]:
    """The case as a list shows it (careers' case_row knows only its own flows)."""
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_name": FLOW.name_zh if lang == "zh" else FLOW.name_en,
        "title": case.title,
        "subject_no": case.subject_no,
        "department": case.department,
        "team": case.team,
        "state": case.state,
        "state_name": FLOW.state_name(case.state, lang),
        "version": case.version,
        "opened_by": case.opened_by,
        "opened_at": case.opened_at,
        "notice_first_day": case.notice_first_day.isoformat() if case.notice_first_day else None,
        "notice_last_day": case.notice_last_day.isoformat() if case.notice_last_day else None,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
    }


def case_rows(session: Session, viewer: Viewer, lang: Lang) -> list[dict[str, Any]]:
    """The training eliminations this account may see, newest first."""
    out = []
    for case in elimination.all_cases(session):
        try:
            case_in_view(session, viewer, case.id)
        except NotFound:
            continue
        out.append({**_own_case_row(case, lang), "name": case.data.get("name")})
    return out


def home_view(
    session: Session, viewer: Viewer, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """What the programme holds for this account: my training, my mentees, the cohorts,
    the preliminary list, the manager's decisions and the elimination cases."""
    day = on or today()
    mine = training.trainee_records(session, viewer.employee_no) if viewer.employee_no else []
    mentored = training.mentees(session, viewer.employee_no) if viewer.employee_no else []
    calendar = training_calendar()
    preliminary: list[dict[str, Any]] = []
    if viewer.can("training.manage"):
        for s in scores.preliminary_list(session, calendar, day):
            if training.manages(viewer, s.cohort):
                preliminary.append(
                    {
                        **trainee_row(s, lang, True),
                        "cohort": s.cohort.name,
                        "cohort_id": s.cohort.id,
                    }
                )
    decisions = []
    if viewer.can("training.decide"):
        for t in conversion.waiting_decisions(session):
            decisions.append(
                {
                    "id": t.id,
                    "employee_no": t.employee_no,
                    "name": t.name,
                    "cohort_id": t.cohort_id,
                    "mine": t.employee_no == viewer.employee_no,
                }
            )
    return {
        "today": day.isoformat(),
        "mine": [
            {
                "id": t.id,
                "cohort_id": t.cohort_id,
                "stage_name": _pair(training.STAGES, t.stage, lang),
            }
            for t in mine
        ],
        "mentees": [
            {
                "id": t.id,
                "employee_no": t.employee_no,
                "name": t.name,
                "cohort_id": t.cohort_id,
                "stage_name": _pair(training.STAGES, t.stage, lang),
            }
            for t in mentored
        ],
        "cohorts": cohort_rows(session, viewer) if viewer.can("training.manage") else [],
        "may_open": viewer.can("training.manage"),
        "preliminary": preliminary,
        "decisions": decisions,
        "cases": case_rows(session, viewer, lang)
        if viewer.can("training.manage") or viewer.can("training.decide")
        else [],
    }


# ---------------------------------------------------------------- pages


@pages.get("/training", name="training", response_class=HTMLResponse)
def training_page(
    request: Request, session: SessionDep, viewer: Staff, lang: PageLang = None
) -> HTMLResponse:
    """新员工培训: my training, my mentees; for trainers the cohorts and the preliminary list;
    for managers the decisions after a failed re-exam and the elimination cases."""
    words = language(lang)
    return _home(request, session, viewer, words)


def _home(
    request: Request,
    session: Session,
    viewer: Viewer,
    words: Lang,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        words,
        "training_home.html",
        status,
        home=home_view(session, viewer, words),
        error=error,
    )


@pages.get("/training/me", name="training_me")
def training_me(
    request: Request, session: SessionDep, viewer: Staff, lang: PageLang = None
) -> Response:
    """My plan and scores: the newest cohort place of the signed-in staff member."""
    words = language(lang)
    mine = training.trainee_records(session, viewer.employee_no) if viewer.employee_no else []
    if not mine:
        return _home(
            request,
            session,
            viewer,
            words,
            200,
            "您没有参加新员工培训的记录 (no training of yours)",
        )
    return redirect(request, words, "training_trainee", trainee_id=mine[0].id)


@pages.post("/training/cohorts", name="training_open_cohort")
def training_open_cohort(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    name: Annotated[str, Form(max_length=100)] = "",
    starts_on: Day = "",
    trainer: Short = "",
    department: Short = "",
    lang: PageLang = None,
) -> Response:
    """Open a cohort on a day with its own copy of the plan (R-NEW-1)."""
    words = language(lang)
    try:
        cohort = training.open_cohort(
            session,
            viewer,
            name=name,
            starts_on=parse_day(starts_on, "开班日期"),
            trainer=trainer,
            department=department,
            today=today(),
        )
    except KefuError as exc:
        session.rollback()
        return _home(request, session, viewer, words, exc.http_status, exc.message)
    return redirect(request, words, "training_cohort", cohort_id=cohort.id, done="opened")


Done = Literal[
    "",
    "opened",
    "added",
    "edited",
    "mentor",
    "scored",
    "warned",
    "criterion",
    "withdrawn",
    "converted",
    "decided",
    "case",
    "talk",
    "objected",
    "answered",
    "final",
    "checklist",
    "exit",
]


@pages.get("/training/cohorts/{cohort_id}", name="training_cohort", response_class=HTMLResponse)
def training_cohort(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    cohort_id: CohortPath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """A cohort: the plan on real dates (exams moved off rest days), trainees, flags."""
    words = language(lang)
    cohort = training.get_cohort(session, cohort_id)
    return render(
        request,
        words,
        "training_cohort.html",
        cohort=cohort_view(session, viewer, cohort, words),
        done=done,
        error=None,
    )


def _cohort_error(
    request: Request, session: Session, viewer: Viewer, cohort_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    cohort = training.get_cohort(session, cohort_id)
    return render(
        request,
        words,
        "training_cohort.html",
        exc.http_status,
        cohort=cohort_view(session, viewer, cohort, words),
        done="",
        error=exc.message,
    )


@pages.post("/training/cohorts/{cohort_id}/trainees", name="training_add_trainee")
def training_add_trainee(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    cohort_id: CohortPath,
    employee_no: StaffNoForm = "",
    name: Short = "",
    department: Short = "",
    hired_on: Day = "",
    mentor_no: StaffNoForm = "",
    lang: PageLang = None,
) -> Response:
    """A trainee joins: a register member on probation, or a new hire given their name."""
    words = language(lang)
    training.get_cohort(session, cohort_id)
    try:
        training.add_trainee(
            session,
            viewer,
            cohort_id,
            employee_no,
            name=name,
            department=department,
            hired_on=parse_day(hired_on, "入职日期") if hired_on.strip() else None,
            mentor_no=mentor_no,
            today=today(),
        )
    except KefuError as exc:
        return _cohort_error(request, session, viewer, cohort_id, words, exc)
    return redirect(request, words, "training_cohort", cohort_id=cohort_id, done="added")


@pages.post("/training/cohorts/{cohort_id}/plan/{number}", name="training_edit_day")
def training_edit_day(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    cohort_id: CohortPath,
    number: DayPath,
    title: Annotated[str, Form(max_length=200)] = "",
    lead: Short = "",
    content: Text = "",
    exam: Short = "",
    exam_items: Annotated[str, Form(max_length=1000)] = "",
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """The trainer edits a day of the cohort's plan; the edit is kept with its reason."""
    words = language(lang)
    training.get_cohort(session, cohort_id)
    try:
        training.edit_plan_day(
            session,
            viewer,
            cohort_id,
            number,
            title=title if title.strip() else None,
            lead=lead if lead.strip() else None,
            content=[c.strip() for c in content.splitlines()] if content.strip() else None,
            exam=exam.strip() or None,
            exam_items=_lines(exam_items),
            reason=reason,
            today=today(),
        )
    except KefuError as exc:
        return _cohort_error(request, session, viewer, cohort_id, words, exc)
    return redirect(request, words, "training_cohort", cohort_id=cohort_id, done="edited")


@pages.get("/training/trainees/{trainee_id}", name="training_trainee", response_class=HTMLResponse)
def training_trainee(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    trainee_id: TraineePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One trainee: the plan with today marked, scores with feedback, flags, conversion."""
    words = language(lang)
    trainee = trainee_in_view(session, viewer, trainee_id)
    return render(
        request,
        words,
        "training_trainee.html",
        person=trainee_view(session, viewer, trainee, words),
        done=done,
        error=None,
    )


def _trainee_error(
    request: Request,
    session: Session,
    viewer: Viewer,
    trainee_id: int,
    words: Lang,
    exc: KefuError,
) -> HTMLResponse:
    session.rollback()
    trainee = trainee_in_view(session, viewer, trainee_id)
    return render(
        request,
        words,
        "training_trainee.html",
        exc.http_status,
        person=trainee_view(session, viewer, trainee, words),
        done="",
        error=exc.message,
    )


def _acted(request: Request, words: Lang, trainee_id: int, done: str) -> Response:
    return redirect(request, words, "training_trainee", trainee_id=trainee_id, done=done)


@pages.post("/training/trainees/{trainee_id}/mentor", name="training_mentor")
def training_mentor(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    mentor_no: StaffNoForm = "",
    lang: PageLang = None,
) -> Response:
    """指定导师: a regular member of staff mentors the trainee."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        training.assign_mentor(session, viewer, trainee_id, mentor_no, today())
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "mentor")


@pages.post("/training/trainees/{trainee_id}/scores", name="training_score")
def training_score(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    kind: Short = "",
    taken_on: Day = "",
    score: Short = "",
    attendance: Short = "",
    attitude: Short = "",
    teamwork: Short = "",
    occasion: Short = "periodic",
    plan_day: Short = "",
    feedback: Text = "",
    corrects: Short = "",
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """The trainer enters (or corrects) a theory, practical or daily-conduct score with its
    feedback (R-NEW-2)."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        parts = None
        if kind == rules.CONDUCT:
            parts = {
                "attendance": training.parse_score(attendance, "出勤情况"),
                "attitude": training.parse_score(attitude, "学习态度"),
                "teamwork": training.parse_score(teamwork, "团队协作"),
            }
        scores.record_score(
            session,
            viewer,
            trainee_id,
            kind=kind,
            taken_on=_optional_day(taken_on, today()),
            feedback=feedback,
            score=_optional_score(score, "成绩") if kind != rules.CONDUCT else None,
            parts=parts,
            occasion=occasion,
            plan_number=_int(plan_day, "计划第几天"),
            corrects=_int(corrects, "更正的成绩编号"),
            reason=reason,
            today=today(),
        )
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "scored")


def _int(text: str, what: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not cleaned.isdigit() or len(cleaned) > 9:
        raise KefuError(f"{what}「{cleaned}」应为正整数 (a whole number)")
    return int(cleaned)


@pages.post("/training/trainees/{trainee_id}/exam-results", name="training_adopt")
def training_adopt(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    sitting_id: Annotated[int, Form(ge=1, le=INT_MAX)],
    feedback: Text = "",
    lang: PageLang = None,
) -> Response:
    """The trainer adds feedback to a graded exam sitting of the cohort."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        scores.adopt_exam_result(session, viewer, trainee_id, sitting_id, feedback, today())
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "scored")


@pages.post("/training/trainees/{trainee_id}/warnings", name="training_warn")
def training_warn(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    note: Text = "",
    given_on: Day = "",
    lang: PageLang = None,
) -> Response:
    """提醒: a warning with its note (the conduct flag counts them, R-NEW-3)."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        scores.warn(session, viewer, trainee_id, note, _optional_day(given_on, today()), today())
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "warned")


@pages.post("/training/trainees/{trainee_id}/criteria", name="training_criterion")
def training_criterion(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    criterion: Short = "",
    evidence: Text = "",
    observed_on: Day = "",
    lang: PageLang = None,
) -> Response:
    """The trainer records an elimination criterion with its evidence (R-NEW-3)."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        scores.record_criterion(
            session,
            viewer,
            trainee_id,
            criterion,
            evidence,
            _optional_day(observed_on, today()),
            today(),
        )
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "criterion")


@pages.post("/training/criteria/{criterion_id}/withdraw", name="training_withdraw_criterion")
def training_withdraw_criterion(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    criterion_id: ItemPath,
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """A recorded criterion found wrong is withdrawn, with the reason."""
    words = language(lang)
    from kefu.training.models import Criterion

    row = session.get(Criterion, criterion_id)
    if row is None:
        raise NotFound(f"没有编号为 {criterion_id} 的淘汰依据 (no criterion {criterion_id})")
    trainee_id = row.trainee_id
    trainee_in_view(session, viewer, trainee_id)
    try:
        scores.withdraw_criterion(session, viewer, criterion_id, reason, today())
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "withdrawn")


@pages.post("/training/trainees/{trainee_id}/conversion", name="training_convert")
def training_convert(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    taken_on: Day = "",
    score: Short = "",
    paper: Annotated[str, Form(max_length=200)] = "",
    sitting_id: Short = "",
    feedback: Text = "",
    lang: PageLang = None,
) -> Response:
    """The conversion exam's (or the re-exam's) result, applied at once (R-NEW-1)."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        sitting = _int(sitting_id, "考试编号")
        conversion.record_conversion(
            session,
            viewer,
            trainee_id,
            taken_on=_optional_day(taken_on, today()),
            feedback=feedback,
            score=_optional_score(score, "成绩") if sitting is None else None,
            paper_label=paper,
            sitting_id=sitting,
            calendar=training_calendar(),
            today=today(),
        )
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "converted")


@pages.post("/training/trainees/{trainee_id}/decision", name="training_decide")
def training_decide(
    request: Request,
    session: SessionDep,
    viewer: Decider,
    trainee_id: TraineePath,
    choice: Annotated[Literal["eliminate", "extend"], Form()],
    reason: Text = "",
    until: Day = "",
    lang: PageLang = None,
) -> Response:
    """After a failed re-exam the manager chooses: eliminate, or extend the probation."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        conversion.decide(
            session,
            viewer,
            trainee_id,
            choice,
            reason,
            until=parse_day(until, "延长至") if until.strip() else None,
            calendar=training_calendar(),
            today=today(),
        )
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return _acted(request, words, trainee_id, "decided")


@pages.post("/training/trainees/{trainee_id}/elimination", name="training_open_case")
def training_open_case(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    trainee_id: TraineePath,
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """From the preliminary list the trainer opens the elimination case (R-NEW-4)."""
    words = language(lang)
    trainee_in_view(session, viewer, trainee_id)
    try:
        case = elimination.open_case(
            session,
            viewer,
            trainee_id,
            calendar=training_calendar(),
            today=today(),
            reason=reason,
        )
    except KefuError as exc:
        return _trainee_error(request, session, viewer, trainee_id, words, exc)
    return redirect(request, words, "training_case", case_id=case.id, done="case")


# ---------------------------------------------------------------- the elimination case


@pages.get("/training/cases/{case_id}", name="training_case", response_class=HTMLResponse)
def training_case(
    request: Request,
    session: SessionDep,
    viewer: Staff,
    case_id: CasePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """培训淘汰: grounds, talk, notice and objections, final, checklist, exit feedback."""
    words = language(lang)
    case = case_in_view(session, viewer, case_id)
    return render(
        request,
        words,
        "training_case.html",
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
        "training_case.html",
        exc.http_status,
        case=case_view(session, viewer, case, words),
        done="",
        error=exc.message,
    )


def _case_done(request: Request, words: Lang, case_id: int, done: str) -> Response:
    return redirect(request, words, "training_case", case_id=case_id, done=done)


@pages.post("/training/cases/{case_id}/talk", name="training_talk")
def training_talk(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    case_id: CasePath,
    decision: Annotated[Literal["approve", "reject"], Form()],
    version: Version,
    reasons: Text = "",
    response: Text = "",
    lang: PageLang = None,
) -> Response:
    """沟通面谈: the reasons told and the trainee's response; on to the notice, or ended."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        elimination.talk(
            session,
            viewer,
            case_id,
            decision,
            reasons,
            response,
            version,
            calendar=training_calendar(),
            today=today(),
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _case_done(request, words, case_id, "talk")


@pages.post("/training/cases/{case_id}/objections", name="training_object")
def training_object(
    request: Request,
    session: SessionDep,
    viewer: Objector,
    case_id: CasePath,
    text: Text = "",
    lang: PageLang = None,
) -> Response:
    """Anyone on staff objects during the notice (R-PUB-1)."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        elimination.object_to(session, viewer, case_id, text, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _case_done(request, words, case_id, "objected")


@pages.post("/training/cases/objections/{objection_id}/answer", name="training_answer")
def training_answer(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    objection_id: ItemPath,
    outcome: Annotated[Literal["dismissed", "upheld"], Form()],
    finding: Text = "",
    reply: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR's investigation and answer; an upheld objection ends the case."""
    words = language(lang)
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    case_id = objection.case_id
    case_in_view(session, viewer, case_id)
    try:
        elimination.answer(
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
    return _case_done(request, words, case_id, "answered")


@pages.post("/training/cases/{case_id}/final", name="training_final")
def training_final(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    case_id: CasePath,
    opinion: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR's final decision after the notice: the person leaves from that day (R-NEW-4)."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        elimination.finalize(session, viewer, case_id, opinion, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _case_done(request, words, case_id, "final")


@pages.post("/training/cases/{case_id}/checklist", name="training_checklist")
def training_checklist(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    case_id: CasePath,
    item: Short,
    version: Version,
    done_on: Day = "",
    lang: PageLang = None,
) -> Response:
    """HR ticks an item of the offboarding checklist, with its day."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        elimination.tick(
            session,
            viewer,
            case_id,
            item,
            _optional_day(done_on, today()),
            version,
            today(),
        )
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _case_done(request, words, case_id, "checklist")


@pages.post("/training/cases/{case_id}/exit", name="training_exit")
def training_exit(
    request: Request,
    session: SessionDep,
    viewer: Trainer,
    case_id: CasePath,
    version: Version,
    feedback: Text = "",
    advice: Text = "",
    lang: PageLang = None,
) -> Response:
    """HR records the exit talk: the person's feedback and the career advice given."""
    words = language(lang)
    case_in_view(session, viewer, case_id)
    try:
        elimination.record_exit(session, viewer, case_id, feedback, advice, version, today())
    except KefuError as exc:
        return _case_error(request, session, viewer, case_id, words, exc)
    return _case_done(request, words, case_id, "exit")
