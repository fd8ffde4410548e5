"""Pages of the question bank and exams (题库与考试, R-EXM-1): 我的考试 and the sitting with its
countdown, the result and its explanation; the bank (filters, import, one question and its
versions); papers (draw, one paper, assign, results); the marking queue.

Thin routes over kefu.exams.service. The builders return plain data that the JSON API
(api_exams) and the CLI serve as well. Who sees what (R-PRV-1): everyone with a staff number
sits and sees their own sittings; QA, HR and managers keep the bank, draw, assign and mark,
and see every sitting. Nobody marks their own sitting.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path as FilePath
from tempfile import TemporaryDirectory
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.responses import FileResponse

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers.views import step_text
from kefu.errors import ImportRejected, KefuError
from kefu.exams import rules
from kefu.exams import service as exams
from kefu.exams.imports import write_template
from kefu.exams.models import Paper, Question, Sitting
from kefu.exams.rules import QuestionIn
from kefu.explain.messages import Lang
from kefu.explain.trace import Step, num
from kefu.explain.views import name_of, step_rows
from kefu.imports.service import record_refusal
from kefu.people import service as people
from kefu.web.deps import PageLang, SessionDep
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.web.uploads import clean_name

pages = APIRouter()

Sitter = Annotated[Viewer, Depends(require("exams.sit"))]
Manager = Annotated[Viewer, Depends(require("exams.manage"))]
Marker = Annotated[Viewer, Depends(require("exams.mark"))]
INT_MAX = 2**31 - 1
SittingPath = Annotated[int, Path(ge=1, le=INT_MAX, description="考试编号")]
PaperPath = Annotated[int, Path(ge=1, le=INT_MAX, description="试卷编号")]
QuestionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="试题编号")]
Short = Annotated[str, Form(max_length=64)]
Text = Annotated[str, Form(max_length=4000)]
LongText = Annotated[str, Form(max_length=10000)]
SHOWN_TO_SITTER = frozenset({exams.IN_PROGRESS, exams.MARKING, exams.GRADED})
BANK_ROWS = 500  # the bank page lists at most this many questions; filters narrow it
TEMPLATE_NAME = "题库导入模板.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def now() -> datetime:
    """The server's clock: sittings start, save and end by it (tests patch this seam)."""
    return accounts.now()


def today() -> date:
    """The server's date: papers are drawn and assigned on it."""
    return now().date()


# ---------------------------------------------------------------- words of the domain


# ---------------------------------------------------------------- builders (pages, API, CLI)


def question_row(q: Question, lang: Lang, with_key: bool = True) -> dict[str, Any]:
    """One question of the bank as shown and served."""
    options = [
        {"letter": rules.OPTION_LETTERS[i], "text": text} for i, text in enumerate(q.options)
    ]
    return {
        "id": q.id,
        "family_id": q.family_id,
        "version": q.version,
        "topic": q.topic,
        "kind": q.kind,
        "kind_name": name_of(rules.KIND_NAMES, q.kind, lang),
        "exam_kind": q.exam_kind,
        "exam_kind_name": name_of(rules.EXAM_KIND_NAMES, q.exam_kind, lang),
        "difficulty": q.difficulty,
        "stem": q.stem,
        "options": options,
        "key": list(q.key) if with_key else None,
        "key_text": _key_text(q) if with_key else None,
        "reference": q.reference if with_key else None,
        "points": num(q.points),
        "auto": rules.auto_graded(q.kind, q.exam_kind),
        "created_by": q.created_by,
        "created_on": q.created_on.isoformat(),
        "source": q.source,
        "retired_on": q.retired_on.isoformat() if q.retired_on else None,
    }


def _key_text(q: Question) -> str:
    if q.kind in rules.CHOICE_KINDS:
        return "".join(q.key)
    if q.kind == "fill":
        return " | ".join(q.key)
    return ""


def paper_row(paper: Paper, lang: Lang) -> dict[str, Any]:
    """One paper in a list."""
    return {
        "id": paper.id,
        "title": paper.title,
        "exam_kind": paper.exam_kind,
        "exam_kind_name": name_of(rules.EXAM_KIND_NAMES, paper.exam_kind, lang),
        "purpose": paper.purpose,
        "purpose_name": name_of(rules.PURPOSE_NAMES, paper.purpose, lang),
        "time_limit_minutes": paper.time_limit_minutes,
        "pass_mark": num(paper.pass_mark),
        "total_points": num(paper.total_points),
        "drawn_by": paper.drawn_by,
        "drawn_on": paper.drawn_on.isoformat(),
        "seed": paper.seed,
        "request": paper.request,
        "policy": paper.policy_name,
    }


def sitting_row(s: Sitting, paper: Paper | None, lang: Lang) -> dict[str, Any]:
    """One sitting in a list: who, which paper, its window, state and (once final) score."""
    return {
        "id": s.id,
        "paper_id": s.paper_id,
        "title": paper.title if paper else None,
        "employee_no": s.employee_no,
        "name": s.name,
        "purpose": s.purpose,
        "purpose_name": name_of(rules.PURPOSE_NAMES, s.purpose, lang),
        "context": s.context,
        "opens_on": s.opens_on.isoformat(),
        "closes_on": s.closes_on.isoformat(),
        "time_limit_minutes": s.time_limit_minutes,
        "status": s.status,
        "status_name": name_of(exams.STATUS_NAMES, s.status, lang),
        "started_at": _moment(s.started_at),
        "deadline_at": _moment(s.deadline_at),
        "ended_at": _moment(s.ended_at),
        "ended_how": s.ended_how,
        "taken_on": s.taken_on.isoformat() if s.taken_on else None,
        "score": shown_score(s),
        "pass_mark": num(paper.pass_mark) if paper else None,
        "passed": s.passed,
        "final": s.final,
    }


def shown_score(s: Sitting) -> str | None:
    """A sitting's score with the decimals of the policy it was graded by (80 → "80.00")."""
    if s.score is None:
        return None
    decimals = int(s.rules.get("score_decimals", 2))
    return str(s.score.quantize(Decimal(1).scaleb(-decimals)))


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(sep=" ", timespec="seconds") if value else None


def my_sittings(session: Session, viewer: Viewer, lang: Lang, at: datetime) -> list[dict[str, Any]]:
    """我的考试: the viewer's own sittings, newest first."""
    if viewer.employee_no is None:
        return []
    out = []
    for s in exams.sittings_of(session, viewer.employee_no, at):
        row = sitting_row(s, exams.get_paper(session, s.paper_id), lang)
        row["may_start"] = (
            s.status == exams.ASSIGNED and rules.may_start(at, s.opens_on, s.closes_on) is None
        )
        out.append(row)
    return out


def sitting_view(
    session: Session, viewer: Viewer, sitting: Sitting, lang: Lang, at: datetime
) -> dict[str, Any]:
    """A sitting as its viewer may see it: the questions while sitting, the result once ended.

    The person sitting it never sees a key before their sitting ends; markers see answers,
    keys and mark forms once it is handed in; nobody marks their own sitting.
    """
    exams.close_expired(session, at)
    view = exams.grade_sitting(session, sitting)
    paper = view.paper
    own = viewer.employee_no is not None and viewer.employee_no == sitting.employee_no
    ended = sitting.status in exams.ENDED
    marks = viewer.can("exams.mark") and not own
    sees_keys = ended or (viewer.can("exams.manage") and not own)
    questions = []
    for item, graded in zip(view.items, view.outcome.questions, strict=True):
        q, a = item.question, item.answer
        pending = graded.points is None
        questions.append(
            {
                **question_row(q, lang, with_key=sees_keys),
                "position": item.position,
                "points": num(item.points),
                "response": list(a.response) if a else [],
                "response_text": "\n".join(a.response) if a else "",
                "saved_at": _moment(a.saved_at) if a else None,
                "answerable": q.exam_kind == rules.AUTO_EXAM_KIND,
                "earned": num(graded.points) if ended else None,
                "pending": pending and ended,
                "explanation": step_text(graded.step, lang) if ended else None,
                "reason": graded.step.reason if ended else False,
                "may_mark": marks
                and sitting.status == exams.MARKING
                and not rules.auto_graded(q.kind, q.exam_kind),
                "marked_by": a.marked_by if a and (ended or marks) else None,
                "comment": a.comment if a and ended else None,
            }
        )
    seconds_left = None
    if sitting.status == exams.IN_PROGRESS and sitting.deadline_at is not None:
        seconds_left = max(0, int((sitting.deadline_at - at).total_seconds()))
    start_problem = None
    if sitting.status == exams.ASSIGNED:
        start_problem = rules.may_start(at, sitting.opens_on, sitting.closes_on)
    return {
        **sitting_row(sitting, paper, lang),
        "paper": paper_row(paper, lang),
        "own": own,
        "ended": ended,
        "questions": questions if not own or sitting.status in SHOWN_TO_SITTER else [],
        "count": len(view.items),
        "unanswered": sum(1 for q in questions if q["answerable"] and not q["response"]),
        "seconds_left": seconds_left,
        "may_start": own and sitting.status == exams.ASSIGNED and start_problem is None,
        "start_problem": start_problem,
        "may_answer": own and sitting.status == exams.IN_PROGRESS,
        "marks": marks and sitting.status == exams.MARKING,
        "waiting": view.outcome.waiting if ended else None,
        "explanation": step_rows(view.outcome.steps, lang) if ended else [],
        "earned": num(view.outcome.earned) if ended else None,
        "total": num(view.outcome.total),
        "rules": sitting.rules,
        "multiple_choice": name_of(
            {
                "all_or_nothing": {"zh": "全对才得分", "en": "all or nothing"},
                "partial": {"zh": "少选按比例得分、错选不得分", "en": "partial credit"},
            },
            sitting.rules.get("multiple_choice", ""),
            lang,
        ),
    }


def paper_view(session: Session, paper: Paper, lang: Lang) -> dict[str, Any]:
    """One paper: how it was drawn and why, its questions with keys, its sittings."""
    items = exams.paper_items(session, paper.id)
    sittings = exams.paper_sittings(session, paper.id)
    rows = [sitting_row(s, paper, lang) for s in sittings]
    final = [s for s in sittings if s.final and s.score is not None]
    mean = (
        sum((s.score for s in final if s.score is not None), Decimal(0)) / len(final)
        if final
        else None
    )
    return {
        **paper_row(paper, lang),
        "explanation": step_rows([Step.from_dict(s) for s in paper.steps], lang),
        "questions": [
            {**question_row(i.question, lang), "position": i.position, "points": num(i.points)}
            for i in items
        ],
        "sittings": rows,
        "summary": {
            "assigned": len(sittings),
            "final": len(final),
            "passed": sum(1 for s in final if s.passed),
            "marking": sum(1 for s in sittings if s.status == exams.MARKING),
            "mean": None if mean is None else num(mean.quantize(Decimal("0.01"))),
        },
    }


def results_rows(
    session: Session,
    lang: Lang,
    *,
    paper_id: int | None = None,
    purpose: str | None = None,
    final_only: bool = False,
    at: datetime | None = None,
) -> list[dict[str, Any]]:
    """Every ended sitting (newest first), by paper or purpose: the results of the exams."""
    found = exams.results(
        session,
        purposes=[purpose] if purpose else None,
        final_only=final_only,
        now=at,
    )
    papers: dict[int, Paper] = {}
    out = []
    for r in reversed(found):
        if paper_id is not None and r.paper_id != paper_id:
            continue
        paper = papers.get(r.paper_id) or papers.setdefault(
            r.paper_id, exams.get_paper(session, r.paper_id)
        )
        out.append(sitting_row(exams.get_sitting(session, r.sitting_id), paper, lang))
    return out


def queue_rows(session: Session, viewer: Viewer, lang: Lang) -> list[dict[str, Any]]:
    """The marking queue: sittings with answers waiting, oldest first, never the marker's own."""
    return [
        {**sitting_row(e.sitting, e.paper, lang), "waiting": e.waiting}
        for e in exams.marking_queue(session, viewer)
    ]


def teams(session: Session, day: date) -> list[tuple[str, str]]:
    """(department, team) of the agents employed on ``day``: whole teams can sit a paper."""
    found = {
        (r.department, r.team)
        for _, r in people.roster(session)
        if r.team and r.role == "csr" and (r.left_on is None or r.left_on > day)
    }
    return sorted((d, t) for d, t in found if t is not None)


def team_members(session: Session, department: str, team: str, day: date) -> list[str]:
    """The 工号 of the agents of a team employed on ``day``."""
    return sorted(
        no
        for no, r in people.roster(session)
        if (r.department, r.team) == (department, team)
        and r.role == "csr"
        and (r.left_on is None or r.left_on > day)
    )


# ---------------------------------------------------------------- parsing forms


def parse_day(text: str, what: str = "日期") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"{what}「{text}」应为 YYYY-MM-DD (a date as YYYY-MM-DD)") from None


def parse_int(text: str, what: str, low: int = 0, high: int = INT_MAX) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"-?\d{1,10}", cleaned) or not low <= int(cleaned) <= high:
        raise KefuError(f"{what}「{cleaned[:20]}」应为 {low}–{high} 的整数 (a whole number)")
    return int(cleaned)


def parse_decimal(text: str, what: str) -> Decimal:
    cleaned = text.strip()
    if len(cleaned) > 16:
        raise KefuError(f"{what}「{cleaned[:16]}…」不是数字 (not a number)")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise KefuError(f"{what}「{cleaned}」不是数字 (not a number)") from None
    if not value.is_finite():
        raise KefuError(f"{what}「{cleaned}」不是数字 (not a number)")
    return value


def parse_counts(text: str) -> dict[str, int]:
    """ "知识点 题数" per line ("服务用语 5", "退费流程：3") → {知识点: 题数}."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        found = re.fullmatch(r"(.+?)\s*[\s:：=,，]\s*(\d{1,4})", line)
        if found is None:
            raise KefuError(
                f"「{line[:40]}」应写成「知识点 题数」，每行一个 (one 'topic count' per line)"
            )
        topic = found.group(1).strip()
        if topic in out:
            raise KefuError(f"知识点「{topic}」写了两次 (a topic is listed twice)")
        out[topic] = int(found.group(2))
    return out


def parse_numbers(text: str) -> list[str]:
    """工号 or ids separated by spaces, commas or new lines."""
    return [p for p in re.split(r"[\s,，、;；]+", text) if p]


def question_from_form(
    topic: str,
    kind: str,
    exam_kind: str,
    difficulty: str,
    points: str,
    stem: str,
    options: str,
    answer: str,
    reference: str,
) -> QuestionIn:
    """The question form's fields as a question (checked by the service)."""
    kind = kind.strip()
    key: tuple[str, ...]
    if kind in rules.CHOICE_KINDS:
        key = tuple(re.sub(r"[\s,，、;；/]", "", answer))
    elif kind == "fill":
        key = rules.split_accepted(answer)
    else:
        key = ()
    return QuestionIn(
        topic=topic,
        kind=kind,
        exam_kind=exam_kind.strip() or "written",
        difficulty=parse_int(difficulty, "难度", 1, 5),
        stem=stem,
        options=tuple(line.strip() for line in options.splitlines() if line.strip()),
        key=key,
        reference=reference.strip() or None,
        points=parse_decimal(points, "分值"),
    )


async def form_data(request: Request) -> FormData:
    """The posted form as sent (the answer fields are named after the questions)."""
    return await request.form()


AnyForm = Annotated[FormData, Depends(form_data)]


def responses_from(form: FormData) -> dict[int, list[str]]:
    """The answers of the sitting form: ``shown`` lists the questions, ``q<id>`` their answers."""
    out: dict[int, list[str]] = {}
    for shown in form.getlist("shown")[: exams.PAPER_QUESTIONS_MAX]:
        if not isinstance(shown, str) or not re.fullmatch(r"\d{1,10}", shown):
            raise KefuError("表单有误，请刷新页面后重试 (the form is not valid)")
        values = [v for v in form.getlist(f"q{shown}") if isinstance(v, str)]
        out[int(shown)] = values[:20]
    return out


# ---------------------------------------------------------------- 我的考试 and the sitting


Done = Literal["", "started", "saved", "handed_in", "late", "marked"]


@pages.get("/exams", name="exams", response_class=HTMLResponse)
def exams_page(
    request: Request, session: SessionDep, viewer: Sitter, lang: PageLang = None
) -> HTMLResponse:
    """我的考试: the viewer's sittings; links to the bank, papers and marking for those who keep them."""
    words = language(lang)
    at = now()
    return render(
        request,
        words,
        "exam_mine.html",
        sittings=my_sittings(session, viewer, words, at),
        manages=viewer.can("exams.manage"),
        marks=viewer.can("exams.mark"),
        waiting=len(exams.marking_queue(session, viewer)) if viewer.can("exams.mark") else 0,
    )


def _sitting_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    sitting_id: int,
    words: Lang,
    done: str = "",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    sitting = exams.sitting_in_view(session, viewer, sitting_id)
    return render(
        request,
        words,
        "exam_sitting.html",
        status,
        s=sitting_view(session, viewer, sitting, words, now()),
        done=done,
        error=error,
    )


@pages.get("/exams/sittings/{sitting_id}", name="exam_sitting", response_class=HTMLResponse)
def exam_sitting(
    request: Request,
    session: SessionDep,
    viewer: Sitter,
    sitting_id: SittingPath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One sitting: start it, answer with a countdown, hand in; then the result and why."""
    return _sitting_page(request, session, viewer, sitting_id, language(lang), done)


def _refused(
    request: Request, session: Session, viewer: Viewer, sitting_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    if isinstance(exc, exams.TooLate):
        exams.close_expired(session, now())
    return _sitting_page(
        request, session, viewer, sitting_id, words, error=exc.message, status=exc.http_status
    )


@pages.post("/exams/sittings/{sitting_id}/start", name="exam_sitting_start")
def exam_sitting_start(
    request: Request,
    session: SessionDep,
    viewer: Sitter,
    sitting_id: SittingPath,
    lang: PageLang = None,
) -> Response:
    """The person starts their sitting: the time limit runs from now."""
    words = language(lang)
    exams.sitting_in_view(session, viewer, sitting_id)
    try:
        exams.start(session, viewer, sitting_id, now())
    except KefuError as exc:
        return _refused(request, session, viewer, sitting_id, words, exc)
    return redirect(request, words, "exam_sitting", sitting_id=sitting_id, done="started")


@pages.post("/exams/sittings/{sitting_id}/answers", name="exam_sitting_save")
def exam_sitting_save(
    request: Request,
    session: SessionDep,
    viewer: Sitter,
    sitting_id: SittingPath,
    form: AnyForm,
    lang: PageLang = None,
) -> Response:
    """Answers saved as they go (htmx posts the form on every change; without script, a button)."""
    words = language(lang)
    exams.sitting_in_view(session, viewer, sitting_id)
    htmx = request.headers.get("HX-Request") == "true"
    at = now()
    try:
        exams.save_answers(session, viewer, sitting_id, responses_from(form), at)
    except KefuError as exc:
        if not htmx:
            return _refused(request, session, viewer, sitting_id, words, exc)
        session.rollback()
        if isinstance(exc, exams.TooLate):
            exams.close_expired(session, at)
        answer = render(request, words, "_exam_saved.html", saved_at=None, error=exc.message)
        if isinstance(exc, exams.TooLate) or exc.http_status == 409:
            answer.headers["HX-Redirect"] = str(
                request.url_for("exam_sitting", sitting_id=sitting_id)
            )
        return answer
    if htmx:
        return render(
            request, words, "_exam_saved.html", saved_at=at.strftime("%H:%M:%S"), error=None
        )
    return redirect(request, words, "exam_sitting", sitting_id=sitting_id, done="saved")


@pages.post("/exams/sittings/{sitting_id}/hand-in", name="exam_sitting_hand_in")
def exam_sitting_hand_in(
    request: Request,
    session: SessionDep,
    viewer: Sitter,
    sitting_id: SittingPath,
    form: AnyForm,
    lang: PageLang = None,
) -> Response:
    """交卷: the answers on the form are saved, objective ones graded, the rest queued."""
    words = language(lang)
    exams.sitting_in_view(session, viewer, sitting_id)
    at = now()
    try:
        exams.hand_in(session, viewer, sitting_id, at, responses_from(form))
    except exams.TooLate:
        session.rollback()
        exams.close_expired(session, at)
        return redirect(request, words, "exam_sitting", sitting_id=sitting_id, done="late")
    except KefuError as exc:
        return _refused(request, session, viewer, sitting_id, words, exc)
    return redirect(request, words, "exam_sitting", sitting_id=sitting_id, done="handed_in")


@pages.post("/exams/sittings/{sitting_id}/marks", name="exam_mark")
def exam_mark(
    request: Request,
    session: SessionDep,
    viewer: Marker,
    sitting_id: SittingPath,
    question_id: Annotated[int, Form(ge=1, le=INT_MAX)],
    points: Short = "",
    comment: Text = "",
    lang: PageLang = None,
) -> Response:
    """A marker gives points within the question's points, with a comment (阅卷)."""
    words = language(lang)
    exams.sitting_in_view(session, viewer, sitting_id)
    try:
        given = parse_decimal(points, "评分")
        exams.mark(session, viewer, sitting_id, question_id, given, comment, now())
    except KefuError as exc:
        return _refused(request, session, viewer, sitting_id, words, exc)
    return redirect(request, words, "exam_sitting", sitting_id=sitting_id, done="marked")


@pages.get("/exams/marking", name="exam_marking", response_class=HTMLResponse)
def exam_marking(
    request: Request, session: SessionDep, viewer: Marker, lang: PageLang = None
) -> HTMLResponse:
    """阅卷: sittings with subjective answers waiting for a marker (never one's own)."""
    words = language(lang)
    exams.close_expired(session, now())
    return render(request, words, "exam_marking.html", queue=queue_rows(session, viewer, words))


# ---------------------------------------------------------------- the bank


BankDone = Literal["", "added", "revised", "retired", "imported"]
EMPTY_QUESTION = {
    "topic": "",
    "kind": "single",
    "exam_kind": "written",
    "difficulty": "2",
    "points": "2",
    "stem": "",
    "options": "",
    "answer": "",
    "reference": "",
}


def _bank_page(
    request: Request,
    session: Session,
    words: Lang,
    *,
    topic: str = "",
    kind: str = "",
    exam_kind: str = "",
    difficulty: str = "",
    retired: bool = False,
    done: str = "",
    error: str | None = None,
    problems: list[dict[str, object]] | None = None,
    asked: dict[str, str] | None = None,
    status: int = 200,
    count: int | None = None,
) -> HTMLResponse:
    level = parse_int(difficulty, "难度", 1, 5) if difficulty.strip() else None
    found = exams.questions(
        session,
        topic=topic or None,
        kind=kind or None,
        exam_kind=exam_kind or None,
        difficulty=level,
        include_retired=retired,
        limit=BANK_ROWS + 1,
    )
    return render(
        request,
        words,
        "exam_bank.html",
        status,
        questions=[question_row(q, words) for q in found[:BANK_ROWS]],
        more=len(found) > BANK_ROWS,
        counts=exams.bank_counts(session),
        topics=exams.topics(session),
        kinds=[(k, name_of(rules.KIND_NAMES, k, words)) for k in rules.KINDS],
        exam_kinds=[(k, name_of(rules.EXAM_KIND_NAMES, k, words)) for k in rules.EXAM_KINDS],
        filters={
            "topic": topic,
            "kind": kind,
            "exam_kind": exam_kind,
            "difficulty": difficulty,
            "retired": retired,
        },
        done=done,
        count=count,
        error=error,
        problems=problems or [],
        asked=asked or dict(EMPTY_QUESTION),
    )


@pages.get("/exams/bank", name="exam_bank", response_class=HTMLResponse)
def exam_bank(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    topic: Annotated[str, Query(max_length=64)] = "",
    kind: Annotated[str, Query(max_length=16)] = "",
    exam_kind: Annotated[str, Query(max_length=16)] = "",
    difficulty: Annotated[str, Query(max_length=2)] = "",
    retired: bool = False,
    done: BankDone = "",
    count: Annotated[int | None, Query(ge=0, le=INT_MAX)] = None,
    lang: PageLang = None,
) -> HTMLResponse:
    """题库: the questions by topic, kind, exam kind and difficulty; import, add one."""
    words = language(lang)
    try:
        return _bank_page(
            request,
            session,
            words,
            topic=topic,
            kind=kind,
            exam_kind=exam_kind,
            difficulty=difficulty,
            retired=retired,
            done=done,
            count=count,
        )
    except KefuError as exc:
        return _bank_page(request, session, words, error=exc.message, status=exc.http_status)


@pages.get("/exams/bank/template", name="exam_bank_template")
def exam_bank_template(viewer: Manager) -> Response:
    """The blank 题库 template to fill in and import."""
    folder = TemporaryDirectory(prefix="kefu-exam-template-")
    path = FilePath(folder.name) / "template.xlsx"
    write_template(path)
    return FileResponse(
        path, media_type=XLSX, filename=TEMPLATE_NAME, background=BackgroundTask(folder.cleanup)
    )


@pages.post("/exams/bank/import", name="exam_bank_import")
def exam_bank_import(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    file: Annotated[UploadFile, File(description="题库 .xlsx")],
    lang: PageLang = None,
) -> Response:
    """Import a 题库 sheet: every question or none; each bad row named."""
    words = language(lang)
    name = clean_name(file.filename) or "题库.xlsx"
    suffix = FilePath(name).suffix.lower()[:8] or ".xlsx"
    with TemporaryDirectory(prefix="kefu-exam-bank-") as folder:
        path = FilePath(folder) / f"upload{suffix}"
        path.write_bytes(file.file.read())
        try:
            done = exams.import_bank(session, viewer, path, today(), name)
        except ImportRejected as rejected:
            session.rollback()  # nothing of the file is kept; only its refusal is recorded
            record_refusal(session, viewer.username, name, "question_bank", None, rejected)
            return _bank_page(
                request,
                session,
                words,
                error=rejected.message.splitlines()[0],
                problems=rejected.listed(),
                status=rejected.http_status,
            )
        except KefuError as exc:
            session.rollback()
            return _bank_page(request, session, words, error=exc.message, status=exc.http_status)
    return redirect(request, words, "exam_bank", done="imported", count=done.added)


@pages.post("/exams/bank", name="exam_question_add")
def exam_question_add(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    topic: Short = "",
    kind: Short = "single",
    exam_kind: Short = "written",
    difficulty: Short = "",
    points: Short = "",
    stem: Text = "",
    options: Text = "",
    answer: Text = "",
    reference: Text = "",
    lang: PageLang = None,
) -> Response:
    """Add one question to the bank."""
    words = language(lang)
    asked = {
        "topic": topic,
        "kind": kind,
        "exam_kind": exam_kind,
        "difficulty": difficulty,
        "points": points,
        "stem": stem,
        "options": options,
        "answer": answer,
        "reference": reference,
    }
    try:
        q = question_from_form(
            topic, kind, exam_kind, difficulty, points, stem, options, answer, reference
        )
        added = exams.add_question(session, viewer, q, today())
    except KefuError as exc:
        session.rollback()
        return _bank_page(
            request, session, words, error=exc.message, asked=asked, status=exc.http_status
        )
    return redirect(request, words, "exam_question", question_id=added.id, done="added")


def question_view(session: Session, q: Question, lang: Lang) -> dict[str, Any]:
    """One question with every version of it and the papers each is on."""
    return {
        **question_row(q, lang),
        "versions": [
            {**question_row(v, lang), "papers": exams.papers_with(session, v.id)}
            for v in exams.versions(session, q.family_id)
        ],
        "papers": exams.papers_with(session, q.id),
    }


def _form_of(q: Question) -> dict[str, str]:
    answer = _key_text(q) if q.kind != "fill" else " | ".join(q.key)
    return {
        "topic": q.topic,
        "kind": q.kind,
        "exam_kind": q.exam_kind,
        "difficulty": str(q.difficulty),
        "points": str(num(q.points)),
        "stem": q.stem,
        "options": "\n".join(q.options),
        "answer": answer,
        "reference": q.reference or "",
    }


def _question_page(
    request: Request,
    session: Session,
    question_id: int,
    words: Lang,
    done: str = "",
    error: str | None = None,
    asked: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    q = exams.get_question(session, question_id)
    return render(
        request,
        words,
        "exam_question.html",
        status,
        q=question_view(session, q, words),
        asked=asked or _form_of(q),
        kinds=[(k, name_of(rules.KIND_NAMES, k, words)) for k in rules.KINDS],
        exam_kinds=[(k, name_of(rules.EXAM_KIND_NAMES, k, words)) for k in rules.EXAM_KINDS],
        done=done,
        error=error,
    )


@pages.get("/exams/bank/{question_id}", name="exam_question", response_class=HTMLResponse)
def exam_question(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    question_id: QuestionPath,
    done: BankDone = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One question: its versions and the papers that hold them; edit makes a new version."""
    return _question_page(request, session, question_id, language(lang), done)


@pages.post("/exams/bank/{question_id}", name="exam_question_revise")
def exam_question_revise(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    question_id: QuestionPath,
    topic: Short = "",
    kind: Short = "single",
    exam_kind: Short = "written",
    difficulty: Short = "",
    points: Short = "",
    stem: Text = "",
    options: Text = "",
    answer: Text = "",
    reference: Text = "",
    lang: PageLang = None,
) -> Response:
    """Edit a question: a new version; the old one is retired, papers keep what they drew."""
    words = language(lang)
    exams.get_question(session, question_id)
    asked = {
        "topic": topic,
        "kind": kind,
        "exam_kind": exam_kind,
        "difficulty": difficulty,
        "points": points,
        "stem": stem,
        "options": options,
        "answer": answer,
        "reference": reference,
    }
    try:
        q = question_from_form(
            topic, kind, exam_kind, difficulty, points, stem, options, answer, reference
        )
        new = exams.revise_question(session, viewer, question_id, q, today())
    except KefuError as exc:
        session.rollback()
        return _question_page(
            request,
            session,
            question_id,
            words,
            error=exc.message,
            asked=asked,
            status=exc.http_status,
        )
    return redirect(request, words, "exam_question", question_id=new.id, done="revised")


@pages.post("/exams/bank/{question_id}/retire", name="exam_question_retire")
def exam_question_retire(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    question_id: QuestionPath,
    lang: PageLang = None,
) -> Response:
    """Take a question out of the bank; papers keep it."""
    words = language(lang)
    exams.get_question(session, question_id)
    try:
        exams.retire_question(session, viewer, question_id, today())
    except KefuError as exc:
        session.rollback()
        return _question_page(
            request, session, question_id, words, error=exc.message, status=exc.http_status
        )
    return redirect(request, words, "exam_question", question_id=question_id, done="retired")


# ---------------------------------------------------------------- papers


EMPTY_DRAW = {
    "title": "",
    "exam_kind": "written",
    "purpose": "monthly",
    "topics": "",
    **{f"d{level}": "" for level in rules.DIFFICULTIES},
    "exclude": "",
    "time_limit": "",
    "pass_mark": "",
    "seed": "",
}


def _papers_page(
    request: Request,
    session: Session,
    words: Lang,
    error: str | None = None,
    asked: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        words,
        "exam_papers.html",
        status,
        papers=[paper_row(p, words) for p in exams.papers(session)],
        counts=exams.bank_counts(session),
        exam_kinds=[(k, name_of(rules.EXAM_KIND_NAMES, k, words)) for k in rules.EXAM_KINDS],
        purposes=[(p, name_of(rules.PURPOSE_NAMES, p, words)) for p in rules.PURPOSES],
        difficulties=rules.DIFFICULTIES,
        error=error,
        asked=asked or dict(EMPTY_DRAW),
    )


@pages.get("/exams/papers", name="exam_papers", response_class=HTMLResponse)
def exam_papers(
    request: Request, session: SessionDep, viewer: Manager, lang: PageLang = None
) -> HTMLResponse:
    """试卷: every paper; draw a new one from the bank by topic and difficulty."""
    return _papers_page(request, session, language(lang))


@pages.post("/exams/papers", name="exam_paper_draw")
def exam_paper_draw(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    title: Annotated[str, Form(max_length=200)] = "",
    exam_kind: Short = "written",
    purpose: Short = "monthly",
    topics: Text = "",
    d1: Short = "",
    d2: Short = "",
    d3: Short = "",
    d4: Short = "",
    d5: Short = "",
    exclude: Short = "",
    time_limit: Short = "",
    pass_mark: Short = "",
    seed: Short = "",
    lang: PageLang = None,
) -> Response:
    """Draw a paper (组卷): counts by topic, an optional difficulty mix, papers to exclude."""
    words = language(lang)
    levels = {1: d1, 2: d2, 3: d3, 4: d4, 5: d5}
    asked = {
        "title": title,
        "exam_kind": exam_kind,
        "purpose": purpose,
        "topics": topics,
        **{f"d{k}": v for k, v in levels.items()},
        "exclude": exclude,
        "time_limit": time_limit,
        "pass_mark": pass_mark,
        "seed": seed,
    }
    try:
        mix = {
            k: parse_int(v, f"难度 {k}", 0, exams.PAPER_QUESTIONS_MAX)
            for k, v in levels.items()
            if v.strip()
        }
        paper = exams.draw_paper(
            session,
            viewer,
            title=title,
            exam_kind=exam_kind,
            purpose=purpose,
            topics=parse_counts(topics),
            difficulty=mix or None,
            exclude_papers=[parse_int(p, "试卷编号", 1) for p in parse_numbers(exclude)],
            time_limit_minutes=parse_int(time_limit, "考试时长", 1, exams.TIME_LIMIT_MAX)
            if time_limit.strip()
            else None,
            pass_mark=parse_decimal(pass_mark, "及格线") if pass_mark.strip() else None,
            seed=parse_int(seed, "随机种子", 0, exams.SEED_MAX) if seed.strip() else None,
            today=today(),
        )
    except KefuError as exc:
        session.rollback()
        return _papers_page(request, session, words, exc.message, asked, exc.http_status)
    return redirect(request, words, "exam_paper", paper_id=paper.id, done="drawn")


PaperDone = Literal["", "drawn", "assigned"]


def _paper_page(
    request: Request,
    session: Session,
    paper_id: int,
    words: Lang,
    done: str = "",
    error: str | None = None,
    asked: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    paper = exams.get_paper(session, paper_id)
    day = today()
    return render(
        request,
        words,
        "exam_paper.html",
        status,
        p=paper_view(session, paper, words),
        teams=teams(session, day),
        purposes=[(p, name_of(rules.PURPOSE_NAMES, p, words)) for p in rules.PURPOSES],
        done=done,
        error=error,
        asked=asked
        or {
            "employee_nos": "",
            "team": "",
            "opens_on": day.isoformat(),
            "closes_on": day.isoformat(),
            "purpose": paper.purpose,
        },
    )


@pages.get("/exams/papers/{paper_id}", name="exam_paper", response_class=HTMLResponse)
def exam_paper(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    paper_id: PaperPath,
    done: PaperDone = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One paper: how it was drawn, its questions and keys, who sits it and the results."""
    exams.close_expired(session, now())
    return _paper_page(request, session, paper_id, language(lang), done)


@pages.post("/exams/papers/{paper_id}/assign", name="exam_paper_assign")
def exam_paper_assign(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    paper_id: PaperPath,
    employee_nos: Text = "",
    team: Annotated[str, Form(max_length=140)] = "",
    opens_on: Short = "",
    closes_on: Short = "",
    purpose: Short = "",
    lang: PageLang = None,
) -> Response:
    """Assign the paper to people (工号) or a whole team, to sit within a window."""
    words = language(lang)
    paper = exams.get_paper(session, paper_id)
    asked = {
        "employee_nos": employee_nos,
        "team": team,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "purpose": purpose,
    }
    try:
        wanted = parse_numbers(employee_nos)
        if team.strip():
            department, _, name = team.partition("|")
            wanted += team_members(session, department, name, today())
        exams.assign(
            session,
            viewer,
            paper_id,
            wanted,
            opens_on=parse_day(opens_on, "开始日"),
            closes_on=parse_day(closes_on, "截止日"),
            purpose=purpose or paper.purpose,
            context={},
            today=today(),
        )
    except KefuError as exc:
        session.rollback()
        return _paper_page(
            request,
            session,
            paper_id,
            words,
            error=exc.message,
            asked=asked,
            status=exc.http_status,
        )
    return redirect(request, words, "exam_paper", paper_id=paper_id, done="assigned")


@pages.get(
    "/exams/papers/{paper_id}/results", name="exam_paper_results", response_class=HTMLResponse
)
def exam_paper_results(
    request: Request,
    session: SessionDep,
    viewer: Manager,
    paper_id: PaperPath,
    lang: PageLang = None,
) -> HTMLResponse:
    """成绩: every sitting of a paper with its score, pass or fail, and a link to why."""
    words = language(lang)
    exams.close_expired(session, now())
    paper = exams.get_paper(session, paper_id)
    return render(request, words, "exam_results.html", p=paper_view(session, paper, words))
