"""Pages of recruitment (招聘, R-REC-1): the candidates by stage, one candidate with their tests,
results against the pass marks and history of moves, the forms that record results and move
stages, and reserve staffing (人员储备).

Thin routes over kefu.recruitment.service. The builders return plain data the JSON API
(api_recruitment) and the command line serve as well. Only HR and managers
(recruitment.manage) see candidates: applicants are not staff.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers.views import step_text
from kefu.db import unit_of_work
from kefu.errors import ImportRejected, KefuError
from kefu.explain.messages import Lang
from kefu.explain.trace import Step, num, score_text
from kefu.explain.views import step_rows
from kefu.imports.service import record_refusal
from kefu.recruitment import imports, rules
from kefu.recruitment import service as recruitment
from kefu.recruitment.messages import ITEM_NAMES, TEST_NAMES, stage_name, unit
from kefu.recruitment.models import RecruitCandidate
from kefu.recruitment.rules import InterviewSheet, Item
from kefu.web import uploads
from kefu.web.deps import PageLang, SessionDep, StaffNoForm
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require

pages = APIRouter()

Manager = Annotated[Viewer, Depends(require("recruitment.manage"))]
INT_MAX = 2**31 - 1
CandidatePath = Annotated[int, Path(ge=1, le=INT_MAX, description="应聘者编号")]
Version = Annotated[int, Form(ge=1, le=INT_MAX)]
Short = Annotated[str, Form(max_length=64)]
DayField = Annotated[str, Form(max_length=16)]
Text = Annotated[str, Form(max_length=2000)]
StageFilter = Literal[
    "", "applied", "first_test", "second_test", "training", "rejected", "withdrew"
]
# input limits, not policy: a figure's text, and the interview form's rows
FIGURE_TEXT_MAX = 16
DIMENSIONS_MAX = 50


def today() -> date:
    """The server's date: tests are dated and moves made on it."""
    return accounts.now().date()


def cohort_id(text: str) -> int | None:
    """The training cohort's number from the move form (empty: none)."""
    text = text.strip().lstrip("#")
    if not text:
        return None
    if not text.isdigit():
        raise KefuError(f"培训班编号应为数字:{text} (the cohort is given by its number)")
    return int(text)


# ---------------------------------------------------------------- parsing form input


def parse_day(text: str, what: str = "日期") -> date:
    """A date written YYYY-MM-DD, else a refusal naming the field."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"{what}「{text[:20]}」应为 YYYY-MM-DD (a date as YYYY-MM-DD)") from None


def parse_figure(text: str, item: Item, what: str | None = None) -> Decimal:
    """A result typed in: a number, checked against its item's scale (R-REC-1)."""
    label = what or rules.item_zh(item)
    cleaned = text.strip()
    if len(cleaned) > FIGURE_TEXT_MAX:
        raise KefuError(f"{label}「{cleaned[:FIGURE_TEXT_MAX]}…」不是数字 (not a number)")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise KefuError(f"{label}「{cleaned}」不是数字 (not a number)") from None
    try:
        return rules.check_value(item, value)
    except KefuError as exc:
        raise KefuError(f"{label}: {exc.message}") from None


def figures_from_form(fields: dict[Item, str]) -> dict[Item, Decimal]:
    """The first-test form's figures: an empty field is a figure not entered now."""
    return {item: parse_figure(text, item) for item, text in fields.items() if text.strip()}


def sheet_from_form(
    interviewer: str, dimensions: Sequence[str], scores: Sequence[str]
) -> InterviewSheet:
    """One interviewer's form: a score for each dimension, in the order the form lists them."""
    if len(dimensions) != len(scores) or len(dimensions) > DIMENSIONS_MAX:
        raise KefuError("面试评分表不完整，请刷新页面后重填 (the interview form is incomplete)")
    found: dict[str, Decimal] = {}
    for dimension, text in zip(dimensions, scores, strict=True):
        if not text.strip():
            continue
        found[dimension] = parse_figure(text, "interview", f"面试「{dimension[:64]}」")
    return InterviewSheet(interviewer, found)


# ---------------------------------------------------------------- builders (pages, API, CLI)


def stage_options(lang: Lang) -> list[dict[str, str]]:
    return [{"code": s, "name": stage_name(s, lang)} for s in rules.STAGES]


def candidate_row(candidate: RecruitCandidate, lang: Lang) -> dict[str, Any]:
    """One candidate in a list."""
    return {
        "id": candidate.id,
        "name": candidate.name,
        "contact": candidate.contact,
        "applied_on": candidate.applied_on.isoformat(),
        "position": candidate.position,
        "source": candidate.source,
        "stage": candidate.stage,
        "stage_name": stage_name(candidate.stage, lang),
        "stage_since": candidate.stage_since.isoformat(),
        "employee_no": candidate.employee_no,
        "department": candidate.department,
        "team": candidate.team,
        "training_starts_on": candidate.training_starts_on.isoformat()
        if candidate.training_starts_on
        else None,
        "cohort": candidate.cohort,
        "version": candidate.version,
    }


def candidate_rows(
    session: Session, lang: Lang, *, stage: str = "", search: str = ""
) -> list[dict[str, Any]]:
    return [
        candidate_row(c, lang) for c in recruitment.candidates(session, stage=stage, search=search)
    ]


def _item_row(result: rules.ItemResult, lang: Lang) -> dict[str, Any]:
    value = result.value
    return {
        "item": result.item,
        "name": ITEM_NAMES[result.item][lang],
        "test": TEST_NAMES[rules.ITEM_TESTS[result.item]][lang],
        "value": score_text(value) if result.item == "interview" else num(value),
        "mark": num(result.mark),
        "path": rules.path_of(result.item),
        "unit": unit(result.item, lang),
        "passed": result.passed,
        "missing": result.missing,
        "open": result.open,
        "explanation": step_rows(result.steps, lang),
    }


def candidate_view(
    session: Session, candidate: RecruitCandidate, lang: Lang, on: date | None = None
) -> dict[str, Any]:
    """A candidate with their tests judged by the policy in force on ``on`` (default today),
    every result recorded, the move open to them and the history of moves."""
    day = on or today()
    problem: str | None = None
    found: recruitment.Standing | None = None
    try:
        found = recruitment.standing(session, candidate, day)
    except KefuError as exc:
        problem = exc.message
    moves = recruitment.moves_of(session, candidate.id)
    entered = {m.to_stage for m in moves}
    stages = []
    if found is not None:
        # the tests of the stages the candidate has reached (not yet the ones ahead)
        for stage, check in found.checks.items():
            if stage not in entered:
                continue
            stages.append(
                {
                    "stage": stage,
                    "stage_name": stage_name(stage, lang),
                    "passed": check.passed,
                    "items": [_item_row(r, lang) for r in check.results],
                    "summary": step_text(check.steps[-1], lang),
                }
            )
    dimensions = list(found.marks.dimensions) if found is not None else []
    sheets = []
    if found is not None:
        for sheet in found.sheets:
            sheets.append(
                {
                    "interviewer": sheet.interviewer,
                    "scores": [
                        {"dimension": d, "score": num(sheet.scores.get(d))} for d in dimensions
                    ]
                    + [
                        {"dimension": d, "score": num(v)}
                        for d, v in sheet.scores.items()
                        if d not in dimensions
                    ],
                }
            )
    results = [
        {
            "id": r.id,
            "item": r.item,
            "name": ITEM_NAMES.get(r.item, {"zh": r.item, "en": r.item})[lang],
            "interviewer": r.interviewer,
            "dimension": r.dimension,
            "value": num(r.value),
            "unit": unit(r.item, lang),
            "taken_on": r.taken_on.isoformat(),
            "recorded_by": r.recorded_by,
        }
        for r in recruitment.results_of(session, candidate.id)
    ]
    history = [
        {
            "from": m.from_stage,
            "from_name": stage_name(m.from_stage, lang) if m.from_stage else None,
            "to": m.to_stage,
            "to_name": stage_name(m.to_stage, lang),
            "on": m.moved_on.isoformat(),
            "by": m.moved_by,
            "reason": m.reason,
            "explanation": step_rows([Step.from_dict(s) for s in m.steps], lang),
        }
        for m in moves
    ]
    final = candidate.stage in rules.FINAL
    next_stage = rules.next_stage(recruitment.stage_of(candidate.stage))
    return {
        **candidate_row(candidate, lang),
        "notes": candidate.notes,
        "policy": found.policy if found is not None else None,
        "problem": problem,
        "tests": stages,
        "dimensions": dimensions,
        "sheets": sheets,
        "results": results,
        "history": history,
        "next_stage": next_stage,
        "next_stage_name": stage_name(next_stage, lang) if next_stage else None,
        "blocked": found.blocked if found is not None else problem,
        "may_record_first": candidate.stage == "first_test",
        "may_record_interview": candidate.stage == "second_test" and bool(dimensions),
        "may_move": not final,
        "hires": next_stage == "training",
        "scored_items": [
            {"item": i, "name": ITEM_NAMES[i][lang], "unit": unit(i, lang)}
            for i in rules.STAGE_ITEMS["first_test"]
        ],
        "today": day.isoformat(),
    }


def reserve_view(session: Session, lang: Lang, on: date | None = None) -> dict[str, Any]:
    """Reserve staffing on ``on`` (default today): seats, target, current, gap and why."""
    day = on or today()
    try:
        found = recruitment.reserve(session, day)
    except KefuError as exc:
        return {"on": day.isoformat(), "problem": exc.message}
    return {
        "on": day.isoformat(),
        "problem": None,
        "seats": found.seats,
        "seats_from": found.seats_from,
        "share": num(found.share * 100),
        "target": found.target,
        "current": found.current,
        "gap": found.gap,
        "people": list(found.people),
        "explanation": step_rows(found.steps, lang),
        "in_training": candidate_rows(session, lang, stage="training"),
    }


def departments(session: Session) -> list[tuple[str, str | None]]:
    """(department, team) pairs of the register: where a new hire can go."""
    from kefu.people import service as people

    found = {(r.department, r.team) for _, r in people.roster(session)}
    return sorted(found, key=lambda p: (p[0], p[1] or ""))


# ---------------------------------------------------------------- pages


Done = Literal["", "added", "results", "interview", "moved"]


@pages.get("/recruitment", name="recruitment", response_class=HTMLResponse)
def recruitment_page(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    stage: Annotated[StageFilter, Query()] = "",
    q: Annotated[str, Query(max_length=64)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """招聘: the candidates by stage (filters), and a form to record a new one."""
    return _list_page(request, session, language(lang), stage, q)


def _list_page(
    request: Request,
    session: Session,
    words: Lang,
    stage: str = "",
    q: str = "",
    status: int = 200,
    error: str | None = None,
    asked: dict[str, str] | None = None,
) -> HTMLResponse:
    counts = recruitment.stage_counts(session)
    return render(
        request,
        words,
        "recruitment_candidates.html",
        status,
        candidates=candidate_rows(session, words, stage=stage, search=q),
        stages=[{**s, "count": counts.get(s["code"], 0)} for s in stage_options(words)],
        stage=stage,
        q=q,
        total=sum(counts.values()),
        error=error,
        asked=asked
        or {
            "name": "",
            "contact": "",
            "applied_on": today().isoformat(),
            "position": recruitment.DEFAULT_POSITION,
            "source": "",
            "notes": "",
        },
        today=today().isoformat(),
    )


@pages.post("/recruitment/candidates", name="recruitment_add")
def recruitment_add(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    name: Short = "",
    contact: Annotated[str, Form(max_length=128)] = "",
    applied_on: DayField = "",
    position: Short = "",
    source: Short = "",
    notes: Text = "",
    lang: PageLang = None,
) -> Response:
    """Record an applicant (报名); a refusal comes back on the list page."""
    words = language(lang)
    asked = {
        "name": name,
        "contact": contact,
        "applied_on": applied_on,
        "position": position,
        "source": source,
        "notes": notes,
    }
    try:
        candidate = recruitment.add_candidate(
            session,
            viewer,
            name=name,
            contact=contact,
            applied_on=parse_day(applied_on, "报名日期") if applied_on.strip() else today(),
            position=position,
            source=source,
            notes=notes,
            today=today(),
        )
    except KefuError as exc:
        session.rollback()
        return _list_page(
            request, session, words, status=exc.http_status, error=exc.message, asked=asked
        )
    return redirect(
        request, words, "recruitment_candidate", candidate_id=candidate.id, done="added"
    )


@pages.get(
    "/recruitment/candidates/{candidate_id}",
    name="recruitment_candidate",
    response_class=HTMLResponse,
)
def recruitment_candidate(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One candidate: tests and results against the pass marks, the next move, the history."""
    words = language(lang)
    candidate = recruitment.get_candidate(session, candidate_id)
    return _candidate_page(request, session, candidate, words, done=done)


def _candidate_page(
    request: Request,
    session: Session,
    candidate: RecruitCandidate,
    words: Lang,
    *,
    status: int = 200,
    done: str = "",
    error: str | None = None,
) -> HTMLResponse:
    return render(
        request,
        words,
        "recruitment_candidate.html",
        status,
        c=candidate_view(session, candidate, words),
        places=departments(session),
        done=done,
        error=error,
    )


def _candidate_error(
    request: Request, session: Session, candidate_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    candidate = recruitment.get_candidate(session, candidate_id)
    return _candidate_page(
        request, session, candidate, words, status=exc.http_status, error=exc.message
    )


@pages.post("/recruitment/candidates/{candidate_id}/results", name="recruitment_results")
def recruitment_results(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    taken_on: DayField = "",
    chinese_typing: Short = "",
    digit_typing: Short = "",
    office_software: Short = "",
    reading_clarity: Short = "",
    reading_accuracy: Short = "",
    lang: PageLang = None,
) -> Response:
    """Record figures of the first test (上机测试, 朗读测试); empty fields are not entered."""
    words = language(lang)
    recruitment.get_candidate(session, candidate_id)
    try:
        values = figures_from_form(
            {
                "chinese_typing": chinese_typing,
                "digit_typing": digit_typing,
                "office_software": office_software,
                "reading_clarity": reading_clarity,
                "reading_accuracy": reading_accuracy,
            }
        )
        recruitment.record_results(
            session,
            viewer,
            candidate_id,
            values,
            taken_on=parse_day(taken_on, "测试日期") if taken_on.strip() else today(),
            today=today(),
        )
    except KefuError as exc:
        return _candidate_error(request, session, candidate_id, words, exc)
    return redirect(
        request, words, "recruitment_candidate", candidate_id=candidate_id, done="results"
    )


@pages.post("/recruitment/candidates/{candidate_id}/interview", name="recruitment_interview")
def recruitment_interview(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    interviewer: Short = "",
    taken_on: DayField = "",
    dimension: Annotated[list[str] | None, Form()] = None,
    score: Annotated[list[str] | None, Form()] = None,
    lang: PageLang = None,
) -> Response:
    """Record one interviewer's sheet (面试): a score 0–100 for each dimension."""
    words = language(lang)
    recruitment.get_candidate(session, candidate_id)
    try:
        sheet = sheet_from_form(interviewer, dimension or [], score or [])
        recruitment.record_interview(
            session,
            viewer,
            candidate_id,
            sheet,
            taken_on=parse_day(taken_on, "面试日期") if taken_on.strip() else today(),
            today=today(),
        )
    except KefuError as exc:
        return _candidate_error(request, session, candidate_id, words, exc)
    return redirect(
        request, words, "recruitment_candidate", candidate_id=candidate_id, done="interview"
    )


@pages.post("/recruitment/candidates/{candidate_id}/move", name="recruitment_move")
def recruitment_move(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    candidate_id: CandidatePath,
    to: Annotated[StageFilter, Form()],
    version: Version,
    reason: Text = "",
    employee_no: StaffNoForm = "",
    department: Short = "",
    team: Short = "",
    starts_on: DayField = "",
    cohort: Short = "",
    lang: PageLang = None,
) -> Response:
    """Move a candidate on (or out); into training hires them into the register (R-REC-1)."""
    words = language(lang)
    recruitment.get_candidate(session, candidate_id)
    try:
        hire = None
        if to == "training":
            hire = recruitment.Hire(
                employee_no=employee_no,
                department=department,
                team=team or None,
                starts_on=parse_day(starts_on, "培训开始日期") if starts_on.strip() else today(),
                cohort=cohort_id(cohort),
            )
        recruitment.move(
            session,
            viewer,
            candidate_id,
            to,
            seen_version=version,
            today=today(),
            reason=reason,
            hire=hire,
        )
    except KefuError as exc:
        return _candidate_error(request, session, candidate_id, words, exc)
    return redirect(
        request, words, "recruitment_candidate", candidate_id=candidate_id, done="moved"
    )


@pages.get("/recruitment/reserve", name="recruitment_reserve", response_class=HTMLResponse)
def recruitment_reserve(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    on: Annotated[date | None, Query(description="YYYY-MM-DD; default today")] = None,
    lang: PageLang = None,
) -> HTMLResponse:
    """人员储备: the target share of the seats, the reserve now, the gap, and why."""
    words = language(lang)
    return render(
        request, words, "recruitment_reserve.html", reserve=reserve_view(session, words, on)
    )


# ---------------------------------------------------------------- importing results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = quote(f"{imports.SHEET}.xlsx")


@pages.get("/recruitment/import/template", name="recruitment_template")
def recruitment_template(session: SessionDep, viewer: Manager) -> Response:
    """The 招聘测试 workbook to fill in (the interview dimensions of today's policy)."""
    dimensions = recruitment.pass_marks(session, today()).dimensions
    return Response(
        imports.template(dimensions),
        media_type=XLSX,
        headers={
            "Content-Disposition": "attachment; filename*=UTF-8''%E6%8B%9B%E8%81%98%E6%B5%8B%E8%AF%95.xlsx"
        },
    )


def _import(
    engine: Engine, viewer: Viewer, path: FilePath, source: str
) -> tuple[imports.ResultsImport | None, list[dict[str, object]], int]:
    """Import in one unit of work: every row, or none with the problems listed and counted
    (the refusal alone is recorded, in a unit of work of its own)."""
    try:
        with unit_of_work(engine) as session:
            return imports.import_tests(session, viewer, path, today=today()), [], 0
    except ImportRejected as exc:
        with unit_of_work(engine) as session:
            record_refusal(session, viewer.username, source, "recruitment_tests", None, exc)
        return None, exc.listed(), exc.total


@pages.post("/recruitment/import", name="recruitment_import", response_class=HTMLResponse)
def recruitment_import(
    request: Request,
    viewer: Manager,
    file: Annotated[UploadFile, File()],
    lang: PageLang = None,
) -> HTMLResponse:
    """Import candidates' test results from Excel: all rows or none, every problem listed."""
    token, path = uploads.save(file)
    try:
        source = uploads.clean_name(file.filename)
        done, problems, count = _import(request.app.state.engine, viewer, path, source)
    finally:
        uploads.discard(token)
    return render(
        request,
        language(lang),
        "recruitment_import.html",
        422 if problems else 200,
        done=done,
        problems=problems,
        problem_count=count,
        source=source,
    )
