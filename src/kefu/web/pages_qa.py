"""Pages of QA monitoring (监控, R-QA-1): the QA home with lists to do, a contact and its
evaluation form, one evaluation (acknowledge, dispute, review), the agent's own evaluations,
disputes to review, scorecards and their versions, calibration sessions and their drift.

Thin routes over kefu.qa.service. The builders return plain data that the JSON API (api_qa)
serves as well. Who sees what (R-PRV-1): agents their own submitted evaluations, leaders
their team's, QA every agent's, HR and managers the center; drafts only the evaluators.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.autoqa.models import AutoqaCheck
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.explain.trace import num
from kefu.explain.views import name_of, step_rows
from kefu.qa import rules
from kefu.qa import service as qa
from kefu.qa.models import QaCalibration, QaContact, QaEvaluation, QaScorecard
from kefu.qa.rules import Mark
from kefu.web import pages_autoqa as autoqa_views
from kefu.web.deps import PageLang, SessionDep, StaffNoForm, StaffNoQuery
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require

pages = APIRouter()

Viewing = Annotated[Viewer, Depends(require("qa.view"))]
Evaluator = Annotated[Viewer, Depends(require("qa.evaluate"))]
Reviewer = Annotated[Viewer, Depends(require("qa.review"))]
Keeper = Annotated[Viewer, Depends(require("qa.scorecards"))]
Calibrator = Annotated[Viewer, Depends(require("qa.calibrate"))]
INT_MAX = 2**31 - 1
EvaluationPath = Annotated[int, Path(ge=1, le=INT_MAX, description="监控评分编号")]
ContactPath = Annotated[int, Path(ge=1, le=INT_MAX, description="监控联络编号")]
CalibrationPath = Annotated[int, Path(ge=1, le=INT_MAX, description="校准编号")]
FamilyPath = Annotated[str, Path(min_length=1, max_length=64, description="评分表")]
Version = Annotated[int, Form(ge=1, le=INT_MAX)]
Short = Annotated[str, Form(max_length=128)]
Text = Annotated[str, Form(max_length=qa.REASON_MAX)]
UPLOAD_MAX = qa.TRANSCRIPT_MAX * 4  # bytes of a transcript file (UTF-8)
Done = Literal[
    "", "added", "saved", "submitted", "acknowledged", "disputed", "reviewed", "opened", "closed"
]


def now() -> datetime:
    """The server's clock (tests patch this seam)."""
    return accounts.now()


def today() -> date:
    return now().date()


# ---------------------------------------------------------------- builders (pages, API, CLI)


def scorecard_row(card: QaScorecard, lang: Lang) -> dict[str, Any]:
    """One scorecard version with its sections and items."""
    sections = []
    for s in card.definition["sections"]:
        sections.append(
            {
                "key": s["key"],
                "name": s["name"] if lang == "zh" else s["name_en"],
                "weight": s["weight"],
                "items": [
                    {
                        "key": i["key"],
                        "name": i["name"] if lang == "zh" else i["name_en"],
                        "points": i["points"],
                        "critical": i["critical"],
                        "na_allowed": i["na_allowed"],
                    }
                    for i in s["items"]
                ],
            }
        )
    return {
        "id": card.id,
        "family": card.family,
        "version": card.version,
        "channel": card.channel,
        "channel_name": name_of(rules.CHANNEL_NAMES, card.channel, lang),
        "title": card.title,
        "active": card.active,
        "created_by": card.created_by,
        "created_at": card.created_at.isoformat(timespec="minutes") if card.created_at else None,
        "sections": sections,
    }


def contact_row(c: QaContact, names: Mapping[str, str], lang: Lang) -> dict[str, Any]:
    return {
        "id": c.id,
        "employee_no": c.employee_no,
        "name": names.get(c.employee_no, ""),
        "channel": c.channel,
        "channel_name": name_of(rules.CHANNEL_NAMES, c.channel, lang),
        "contact_at": c.contact_at.isoformat(sep=" ", timespec="minutes"),
        "reference": c.reference,
        "transcript": c.transcript,
        "transcript_format": c.transcript_format,
        "created_by": c.created_by,
    }


def evaluation_row(e: QaEvaluation, names: Mapping[str, str], lang: Lang) -> dict[str, Any]:
    """One evaluation in a list."""
    return {
        "id": e.id,
        "contact_id": e.contact_id,
        "scorecard_id": e.scorecard_id,
        "employee_no": e.employee_no,
        "name": names.get(e.employee_no, ""),
        "department": e.department,
        "team": e.team,
        "month": e.month,
        "evaluator": e.evaluator,
        "score": num(e.score),
        "critical_failed": e.critical_failed,
        "state": e.state,
        "state_name": name_of(rules.STATE_NAMES, e.state, lang),
        "respond_by": e.respond_by.isoformat() if e.respond_by else None,
        "final_score": num(e.final_score),
        "final_on": e.final_on.isoformat() if e.final_on else None,
        "auto_check_id": e.auto_check_id,
        "version": e.version,
    }


def check_view(check: AutoqaCheck | None) -> dict[str, Any] | None:
    """An automatic check as data: its suggested score and every finding (R-QA-2)."""
    if check is None:
        return None
    return {
        "id": check.id,
        "library": check.library_key,
        "version": check.library_version,
        "suggested_score": num(check.suggested_score),
        "findings": check.findings,
    }


def check_page(check: AutoqaCheck | None, contact: QaContact, lang: Lang) -> dict[str, Any] | None:
    """An automatic check as the pages show it: the transcript marked, findings quoted."""
    if check is None:
        return None
    return autoqa_views.check_view(check, contact, lang) | {
        "suggested_score": num(check.suggested_score)
    }


def marks_view(card: QaScorecard, marks: Mapping[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """Each section's items with the marks given (points, N/A, note)."""
    out = []
    for section in scorecard_row(card, lang)["sections"]:
        items = []
        for item in section["items"]:
            mark = marks.get(item["key"]) or {}
            items.append(
                {
                    **item,
                    "given": mark.get("points") if mark else None,
                    "na": bool(mark) and mark.get("points") is None,
                    "note": mark.get("note", "") if mark else "",
                }
            )
        out.append({**section, "items": items})
    return out


def evaluation_detail(
    session: Session, viewer: Viewer, e: QaEvaluation, lang: Lang
) -> dict[str, Any]:
    """One evaluation with its scorecard version, marks, notes, explanation and history."""
    card = qa.get_scorecard(session, e.scorecard_id)
    contact = qa.get_contact(session, e.contact_id)
    names = qa.names_of(session, [e.employee_no])
    events = qa.history(session, e.id)
    on = today()
    reason = next((ev.note for ev in reversed(events) if ev.action == "dispute"), "")
    answer = next((ev.note for ev in reversed(events) if ev.action in ("uphold", "rescore")), "")
    own = viewer.employee_no is not None and viewer.employee_no == e.employee_no
    return {
        **evaluation_row(e, names, lang),
        "scorecard": {
            "id": card.id,
            "family": card.family,
            "version": card.version,
            "title": card.title,
            "active": card.active,
        },
        "contact": contact_row(contact, names, lang),
        "marks": marks_view(card, e.marks, lang),
        "steps": step_rows(qa.explain(session, e), lang),
        "dispute_reason": reason,
        "review_answer": answer,
        "history": [
            {
                "action": ev.action,
                "action_name": name_of(EVENT_NAMES, ev.action, lang),
                "actor": ev.actor,
                "on": ev.on.isoformat(),
                "note": ev.note,
                "score": num(ev.score),
            }
            for ev in events
        ],
        "check": check_page(qa.latest_check(session, e.contact_id), contact, lang)
        if e.auto_check_id is not None
        else None,
        "may_answer": own
        and e.state == rules.SUBMITTED
        and e.respond_by is not None
        and on <= e.respond_by,
        "may_submit": e.state == rules.DRAFT and e.evaluator == viewer.username,
        "may_review": e.state == rules.DISPUTED
        and viewer.can("qa.review")
        and e.evaluator != viewer.username,
    }


EVENT_NAMES: dict[str, dict[str, str]] = {
    "save": {"zh": "评分", "en": "scored"},
    "submit": {"zh": "提交给客服代表", "en": "sent to the agent"},
    "acknowledge": {"zh": "客服代表确认", "en": "acknowledged"},
    "dispute": {"zh": "客服代表申诉", "en": "disputed"},
    "uphold": {"zh": "复核维持原分", "en": "upheld on review"},
    "rescore": {"zh": "复核重新评分", "en": "re-scored on review"},
    "lapse": {"zh": "确认期满，按原分生效", "en": "window passed, final as it stands"},
}


def marks_from_form(session: Session, scorecard_id: int, form: FormData) -> dict[str, Mark]:
    """The evaluation form's fields: ``p_<item>`` points, ``na_<item>`` N/A, ``n_<item>`` note."""
    card = qa.card_of(qa.get_scorecard(session, scorecard_id))
    out: dict[str, Mark] = {}
    for key, item in card.items.items():
        note = form.get(f"n_{key}")
        note_text = note.strip() if isinstance(note, str) else ""
        if len(note_text) > rules.NOTE_MAX:
            raise rules.MarksInvalid(f"评分项「{item.name}」的问题记录最多 {rules.NOTE_MAX} 字")
        if form.get(f"na_{key}"):
            out[key] = Mark(None, note_text)
            continue
        given = form.get(f"p_{key}")
        text = given.strip() if isinstance(given, str) else ""
        if not text:
            raise rules.MarksInvalid(f"评分项「{item.name}」({key}) 未评分")
        parsed = rules.parse_marks({key: {"points": text[:16], "note": note_text}})
        out[key] = parsed[key]
    return out


async def form_data(request: Request) -> FormData:
    return await request.form()


AnyForm = Annotated[FormData, Depends(form_data)]


# ---------------------------------------------------------------- the QA home and lists


def _filters(month: str, agent: str, team: str, state: str) -> dict[str, str]:
    return {"month": month, "agent": agent, "team": team, "state": state}


@pages.get("/qa", name="qa_home", response_class=HTMLResponse)
def qa_home(
    request: Request,
    session: SessionDep,
    viewer: Viewing,
    month: Annotated[str, Query(max_length=7)] = "",
    agent: StaffNoQuery = "",
    team: Annotated[str, Query(max_length=64)] = "",
    state: Annotated[str, Query(max_length=16)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """QA 监控: contacts to score, evaluations (filtered by agent, team, month, state)."""
    words = language(lang)
    if state and state not in rules.STATE_NAMES:
        raise KefuError(f"状态「{state}」应为 {' | '.join(rules.STATES)}")
    found = qa.evaluations(
        session,
        viewer,
        today(),
        month=month or None,
        employee_no=agent.strip() or None,
        team=team.strip() or None,
        state=state or None,
    )
    to_do = qa.contacts_to_do(session, viewer) if viewer.can("qa.evaluate") else []
    names = qa.names_of(session, [e.employee_no for e in found] + [c.employee_no for c in to_do])
    return render(
        request,
        words,
        "qa_home.html",
        evaluations=[evaluation_row(e, names, words) for e in found],
        contacts=[contact_row(c, names, words) for c in to_do],
        filters=_filters(month, agent, team, state),
        states=[(s, name_of(rules.STATE_NAMES, s, words)) for s in rules.STATES],
        evaluates=viewer.can("qa.evaluate"),
        reviews=viewer.can("qa.review"),
        calibrates=viewer.can("qa.calibrate"),
        waiting=len(qa.disputes_to_review(session, viewer)) if viewer.can("qa.review") else 0,
    )


@pages.get("/qa/mine", name="qa_mine", response_class=HTMLResponse)
def qa_mine(
    request: Request, session: SessionDep, viewer: Viewing, lang: PageLang = None
) -> HTMLResponse:
    """我的监控评分: the agent's own submitted evaluations, to acknowledge or dispute."""
    words = language(lang)
    found = (
        qa.evaluations(session, viewer, today(), employee_no=viewer.employee_no)
        if viewer.employee_no
        else []
    )
    found = [e for e in found if e.state != rules.DRAFT]
    names = qa.names_of(session, [e.employee_no for e in found])
    return render(
        request,
        words,
        "qa_mine.html",
        evaluations=[evaluation_row(e, names, words) for e in found],
        today=today().isoformat(),
    )


@pages.get("/qa/disputes", name="qa_disputes", response_class=HTMLResponse)
def qa_disputes(
    request: Request, session: SessionDep, viewer: Reviewer, lang: PageLang = None
) -> HTMLResponse:
    """申诉复核: disputed evaluations waiting for a second reviewer (never one's own)."""
    words = language(lang)
    qa.settle(session, today())
    found = qa.disputes_to_review(session, viewer)
    names = qa.names_of(session, [e.employee_no for e in found])
    return render(
        request,
        words,
        "qa_disputes.html",
        evaluations=[evaluation_row(e, names, words) for e in found],
    )


# ---------------------------------------------------------------- contacts and scoring


@pages.get("/qa/contacts/new", name="qa_contact_new", response_class=HTMLResponse)
def qa_contact_new(
    request: Request, session: SessionDep, viewer: Evaluator, lang: PageLang = None
) -> HTMLResponse:
    """The form to add a monitored contact (transcript pasted or uploaded)."""
    return _contact_form(request, language(lang))


def _contact_form(
    request: Request,
    words: Lang,
    error: str | None = None,
    asked: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        words,
        "qa_contact_new.html",
        status,
        channels=[(c, name_of(rules.CHANNEL_NAMES, c, words)) for c in rules.CHANNELS],
        formats=list(qa.FORMATS),
        error=error,
        asked=asked
        or {
            "employee_no": "",
            "channel": "phone",
            "contact_at": "",
            "reference": "",
            "transcript": "",
            "transcript_format": "text",
        },
        now=now().isoformat(timespec="minutes"),
    )


def parse_when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise KefuError(f"联络时间「{text[:20]}」应为 YYYY-MM-DD HH:MM") from None


def read_upload(upload: UploadFile | None) -> tuple[str | None, str | None]:
    """A transcript file (.txt, .json, .csv, UTF-8) as text and its format."""
    if upload is None or not upload.filename:
        return None, None
    name = upload.filename.lower()
    kinds = {".txt": "text", ".json": "json", ".csv": "csv"}
    kind = next((k for suffix, k in kinds.items() if name.endswith(suffix)), None)
    if kind is None:
        raise KefuError("通话记录文件应为 .txt、.json 或 .csv")
    data = upload.file.read(UPLOAD_MAX + 1)
    if len(data) > UPLOAD_MAX:
        raise KefuError("通话记录文件过大")
    try:
        return data.decode("utf-8-sig"), kind
    except UnicodeDecodeError:
        raise KefuError("通话记录文件应为 UTF-8 编码") from None


@pages.post("/qa/contacts", name="qa_contact_add")
def qa_contact_add(
    request: Request,
    session: SessionDep,
    viewer: Evaluator,
    employee_no: StaffNoForm,
    channel: Annotated[str, Form(max_length=16)],
    contact_at: Annotated[str, Form(max_length=32)],
    reference: Short = "",
    transcript: Annotated[str, Form(max_length=qa.TRANSCRIPT_MAX)] = "",
    transcript_format: Annotated[str, Form(max_length=8)] = "text",
    file: Annotated[UploadFile | None, File()] = None,
    lang: PageLang = None,
) -> Response:
    """Add a contact; it is checked automatically, then scored on its page."""
    words = language(lang)
    asked = {
        "employee_no": employee_no,
        "channel": channel,
        "contact_at": contact_at,
        "reference": reference,
        "transcript": transcript,
        "transcript_format": transcript_format,
    }
    try:
        uploaded, kind = read_upload(file)
        contact = qa.add_contact(
            session,
            viewer,
            employee_no=employee_no,
            channel=channel,
            contact_at=parse_when(contact_at),
            reference=reference,
            transcript=uploaded if uploaded is not None else transcript,
            transcript_format=kind or transcript_format,
        )
    except KefuError as exc:
        session.rollback()
        return _contact_form(request, words, exc.message, asked, exc.http_status)
    return redirect(request, words, "qa_contact", contact_id=contact.id, done="added")


def _contact_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    contact_id: int,
    words: Lang,
    *,
    done: str = "",
    error: str | None = None,
    status: int = 200,
    family: str = "",
) -> HTMLResponse:
    contact = qa.contact_in_view(session, viewer, contact_id)
    cards = [c for c in qa.scorecards(session) if c.channel == contact.channel]
    card = next((c for c in cards if c.family == family), cards[0] if cards else None)
    scored = qa.evaluations(session, viewer, today(), contact_id=contact.id)
    names = qa.names_of(session, [contact.employee_no])
    draft = next(
        (e for e in scored if e.state == rules.DRAFT and e.evaluator == viewer.username), None
    )
    if draft is not None:
        card = qa.get_scorecard(session, draft.scorecard_id)
    elif scored:
        card = None  # scored already: the evaluation's own page shows it
    return render(
        request,
        words,
        "qa_contact.html",
        status,
        c=contact_row(contact, names, words),
        check=check_page(qa.latest_check(session, contact.id), contact, words),
        cards=[scorecard_row(x, words) for x in cards],
        card=scorecard_row(card, words) if card else None,
        marks=marks_view(card, draft.marks if draft else {}, words) if card else [],
        draft=evaluation_row(draft, names, words) if draft else None,
        evaluations=[evaluation_row(e, names, words) for e in scored],
        done=done,
        error=error,
    )


@pages.get("/qa/contacts/{contact_id}", name="qa_contact", response_class=HTMLResponse)
def qa_contact(
    request: Request,
    session: SessionDep,
    viewer: Evaluator,
    contact_id: ContactPath,
    done: Done = "",
    family: Annotated[str, Query(max_length=64)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """A contact: transcript, automatic check, and the evaluation form."""
    return _contact_page(
        request, session, viewer, contact_id, language(lang), done=done, family=family
    )


@pages.post("/qa/contacts/{contact_id}/evaluations", name="qa_evaluate")
def qa_evaluate(
    request: Request,
    session: SessionDep,
    viewer: Evaluator,
    contact_id: ContactPath,
    form: AnyForm,
    lang: PageLang = None,
) -> Response:
    """Score a contact: marks per item with notes, or the automatic check's suggestion."""
    words = language(lang)
    qa.contact_in_view(session, viewer, contact_id)
    try:
        scorecard_id = _required_int(form, "scorecard_id")
        evaluation_id = _form_int(form, "evaluation_id", required=False)
        seen = _form_int(form, "version", required=False)
        accept = form.get("accept") == "1"
        marks = {} if accept else marks_from_form(session, scorecard_id, form)
        e = qa.evaluate(
            session,
            viewer,
            contact_id,
            marks,
            today(),
            evaluation_id=evaluation_id,
            scorecard_id=scorecard_id,
            accept_check=accept,
            seen_version=seen,
        )
        if form.get("then") == "submit":
            qa.submit(session, viewer, e.id, now(), e.version)
            return redirect(request, words, "qa_evaluation", evaluation_id=e.id, done="submitted")
    except KefuError as exc:
        session.rollback()
        return _contact_page(
            request, session, viewer, contact_id, words, error=exc.message, status=exc.http_status
        )
    return redirect(request, words, "qa_evaluation", evaluation_id=e.id, done="saved")


def _required_int(form: FormData, field: str) -> int:
    found = _form_int(form, field)
    assert found is not None
    return found


def _form_int(form: FormData, field: str, required: bool = True) -> int | None:
    raw = form.get(field)
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        if required:
            raise KefuError(f"表单缺少 {field}，请刷新页面后重试")
        return None
    if not text.isdigit() or len(text) > 10 or int(text) > INT_MAX or int(text) < 1:
        raise KefuError("表单有误，请刷新页面后重试 (the form is not valid)")
    return int(text)


# ---------------------------------------------------------------- one evaluation


def _evaluation_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    evaluation_id: int,
    words: Lang,
    done: str = "",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    qa.settle(session, today())
    e = qa.evaluation_in_view(session, viewer, evaluation_id)
    return render(
        request,
        words,
        "qa_evaluation.html",
        status,
        e=evaluation_detail(session, viewer, e, words),
        done=done,
        error=error,
    )


@pages.get("/qa/evaluations/{evaluation_id}", name="qa_evaluation", response_class=HTMLResponse)
def qa_evaluation(
    request: Request,
    session: SessionDep,
    viewer: Viewing,
    evaluation_id: EvaluationPath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One evaluation: score, scorecard version, per-item notes, why, history and what to do."""
    return _evaluation_page(request, session, viewer, evaluation_id, language(lang), done)


def _refused(
    request: Request,
    session: Session,
    viewer: Viewer,
    evaluation_id: int,
    words: Lang,
    exc: KefuError,
) -> HTMLResponse:
    session.rollback()
    return _evaluation_page(
        request, session, viewer, evaluation_id, words, error=exc.message, status=exc.http_status
    )


@pages.post("/qa/evaluations/{evaluation_id}/submit", name="qa_submit")
def qa_submit(
    request: Request,
    session: SessionDep,
    viewer: Evaluator,
    evaluation_id: EvaluationPath,
    version: Version,
    lang: PageLang = None,
) -> Response:
    """Send a draft to the agent; the window to answer starts."""
    words = language(lang)
    try:
        qa.submit(session, viewer, evaluation_id, now(), version)
    except KefuError as exc:
        return _refused(request, session, viewer, evaluation_id, words, exc)
    return redirect(request, words, "qa_evaluation", evaluation_id=evaluation_id, done="submitted")


@pages.post("/qa/evaluations/{evaluation_id}/acknowledge", name="qa_acknowledge")
def qa_acknowledge(
    request: Request,
    session: SessionDep,
    viewer: Viewing,
    evaluation_id: EvaluationPath,
    version: Version,
    lang: PageLang = None,
) -> Response:
    """The agent acknowledges: the evaluation is final at its score."""
    words = language(lang)
    try:
        qa.acknowledge(session, viewer, evaluation_id, today(), version)
    except KefuError as exc:
        return _refused(request, session, viewer, evaluation_id, words, exc)
    return redirect(
        request, words, "qa_evaluation", evaluation_id=evaluation_id, done="acknowledged"
    )


@pages.post("/qa/evaluations/{evaluation_id}/dispute", name="qa_dispute")
def qa_dispute(
    request: Request,
    session: SessionDep,
    viewer: Viewing,
    evaluation_id: EvaluationPath,
    version: Version,
    reason: Text = "",
    lang: PageLang = None,
) -> Response:
    """The agent disputes with a reason, within the window."""
    words = language(lang)
    try:
        qa.dispute(session, viewer, evaluation_id, reason, today(), version)
    except KefuError as exc:
        return _refused(request, session, viewer, evaluation_id, words, exc)
    return redirect(request, words, "qa_evaluation", evaluation_id=evaluation_id, done="disputed")


@pages.post("/qa/evaluations/{evaluation_id}/review", name="qa_review")
def qa_review(
    request: Request,
    session: SessionDep,
    viewer: Reviewer,
    evaluation_id: EvaluationPath,
    form: AnyForm,
    lang: PageLang = None,
) -> Response:
    """A second reviewer upholds the score or re-scores, with a written answer."""
    words = language(lang)
    try:
        e = qa.evaluation_in_view(session, viewer, evaluation_id)
        seen = _required_int(form, "version")
        answer = form.get("answer")
        answer_text = answer if isinstance(answer, str) else ""
        marks = (
            marks_from_form(session, e.scorecard_id, form)
            if form.get("decision") == "rescore"
            else None
        )
        qa.review(session, viewer, evaluation_id, answer_text, today(), seen, marks)
    except KefuError as exc:
        return _refused(request, session, viewer, evaluation_id, words, exc)
    return redirect(request, words, "qa_evaluation", evaluation_id=evaluation_id, done="reviewed")


# ---------------------------------------------------------------- scorecards


@pages.get("/qa/scorecards", name="qa_scorecards", response_class=HTMLResponse)
def qa_scorecards(
    request: Request, session: SessionDep, viewer: Viewing, lang: PageLang = None
) -> HTMLResponse:
    """评分表: the version of each family in use."""
    words = language(lang)
    return render(
        request,
        words,
        "qa_scorecards.html",
        cards=[scorecard_row(c, words) for c in qa.scorecards(session)],
        keeps=viewer.can("qa.scorecards"),
    )


def _scorecard_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    family: str,
    version: int | None,
    words: Lang,
    *,
    done: str = "",
    error: str | None = None,
    text: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    versions = qa.scorecard_versions(session, family)
    shown = qa.scorecard_version(session, family, version)
    return render(
        request,
        words,
        "qa_scorecard.html",
        status,
        card=scorecard_row(shown, words),
        versions=[scorecard_row(v, words) for v in versions],
        yaml_text=text if text is not None else qa.scorecard_yaml(versions[0]),
        keeps=viewer.can("qa.scorecards"),
        done=done,
        error=error,
    )


@pages.get("/qa/scorecards/{family}", name="qa_scorecard", response_class=HTMLResponse)
def qa_scorecard(
    request: Request,
    session: SessionDep,
    viewer: Viewing,
    family: FamilyPath,
    version: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One scorecard: a version, the version history, and (for QA) the editor."""
    return _scorecard_page(request, session, viewer, family, version, language(lang), done=done)


@pages.post("/qa/scorecards", name="qa_scorecard_save")
def qa_scorecard_save(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    definition: Annotated[str, Form(max_length=200_000)],
    lang: PageLang = None,
) -> Response:
    """A new version from the edited YAML (checked strictly; the newest becomes the one in use)."""
    words = language(lang)
    try:
        card = qa.save_scorecard(session, viewer, definition)
    except KefuError as exc:
        session.rollback()
        given = qa.read_family(definition)
        if given is None or not qa.has_family(session, given):
            return render(
                request,
                words,
                "error.html",
                exc.http_status,
                status=exc.http_status,
                message=exc.message,
            )
        return _scorecard_page(
            request,
            session,
            viewer,
            given,
            None,
            words,
            error=exc.message,
            text=definition,
            status=exc.http_status,
        )
    return redirect(request, words, "qa_scorecard", family=card.family, done="saved")


# ---------------------------------------------------------------- calibration


def calibration_row(cal: QaCalibration, lang: Lang) -> dict[str, Any]:
    return {
        "id": cal.id,
        "contact_id": cal.contact_id,
        "scorecard_id": cal.scorecard_id,
        "reference": cal.reference_evaluator,
        "participants": list(cal.participants),
        "state": cal.state,
        "state_name": name_of(CALIBRATION_STATES, cal.state, lang),
        "opened_by": cal.opened_by,
        "opened_on": cal.opened_on.isoformat(),
        "closed_on": cal.closed_on.isoformat() if cal.closed_on else None,
    }


CALIBRATION_STATES = {
    "open": {"zh": "评分中", "en": "open"},
    "closed": {"zh": "已结束", "en": "closed"},
}


def calibration_detail(
    session: Session, viewer: Viewer, calibration_id: int, lang: Lang
) -> dict[str, Any]:
    v = qa.calibration_view(session, viewer, calibration_id)
    names = qa.names_of(session, [v.contact.employee_no])
    return {
        **calibration_row(v.calibration, lang),
        "contact": contact_row(v.contact, names, lang),
        "scorecard": scorecard_row(v.scorecard, lang),
        "scored_by": v.scored_by,
        "participant": viewer.username in v.calibration.participants,
        "marks": marks_view(v.scorecard, v.mine.marks if v.mine else {}, lang),
        "scorings": [
            {
                "evaluator": e.evaluator,
                "score": num(e.score),
                "reference": e.evaluator == v.calibration.reference_evaluator,
                "marks": {k: (m or {}).get("points") for k, m in e.marks.items()},
            }
            for e in v.scorings
        ],
        "deviations": [
            {
                "evaluator": d.evaluator,
                "score": num(d.score),
                "total": num(d.total),
                "items": {k: num(x) for k, x in d.items.items()},
                "flagged": d.flagged,
            }
            for d in v.deviations
        ],
        "tolerance": num(v.tolerance),
    }


@pages.get("/qa/calibrations", name="qa_calibrations", response_class=HTMLResponse)
def qa_calibrations(
    request: Request, session: SessionDep, viewer: Calibrator, lang: PageLang = None
) -> HTMLResponse:
    """校准: the sessions, and a form to open one."""
    words = language(lang)
    return render(
        request,
        words,
        "qa_calibrations.html",
        calibrations=[calibration_row(c, words) for c in qa.calibrations(session, viewer)],
    )


@pages.get("/qa/calibrations/over-time", name="qa_calibration_drift", response_class=HTMLResponse)
def qa_calibration_drift(
    request: Request, session: SessionDep, viewer: Calibrator, lang: PageLang = None
) -> HTMLResponse:
    """校准趋势: each evaluator's mean absolute deviation per month, flagged beyond tolerance."""
    words = language(lang)
    return render(
        request,
        words,
        "qa_calibration_drift.html",
        rows=[drift_row(r) for r in qa.calibration_over_time(session, viewer)],
    )


def drift_row(r: qa.DriftRow) -> dict[str, Any]:
    return {
        "evaluator": r.evaluator,
        "month": r.month,
        "sessions": r.sessions,
        "mean_absolute": num(r.mean_absolute),
        "tolerance": num(r.tolerance),
        "flagged": r.flagged,
    }


@pages.post("/qa/calibrations", name="qa_calibration_open")
def qa_calibration_open(
    request: Request,
    session: SessionDep,
    viewer: Calibrator,
    contact_id: Annotated[int, Form(ge=1, le=INT_MAX)],
    participants: Annotated[str, Form(max_length=1000)],
    reference: Annotated[str, Form(max_length=64)],
    lang: PageLang = None,
) -> Response:
    """Open a session on a contact: participants (accounts) and the reference evaluator."""
    words = language(lang)
    names = [p for p in participants.replace("，", ",").replace(" ", ",").split(",") if p]
    cal = qa.open_calibration(session, viewer, contact_id, names, reference, today())
    return redirect(request, words, "qa_calibration", calibration_id=cal.id, done="opened")


def _calibration_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    calibration_id: int,
    words: Lang,
    done: str = "",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        words,
        "qa_calibration.html",
        status,
        cal=calibration_detail(session, viewer, calibration_id, words),
        done=done,
        error=error,
    )


@pages.get("/qa/calibrations/{calibration_id}", name="qa_calibration", response_class=HTMLResponse)
def qa_calibration(
    request: Request,
    session: SessionDep,
    viewer: Calibrator,
    calibration_id: CalibrationPath,
    done: Done = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One session: score blind while open; every scoring and its deviation once closed."""
    return _calibration_page(request, session, viewer, calibration_id, language(lang), done)


@pages.post("/qa/calibrations/{calibration_id}/score", name="qa_calibration_score")
def qa_calibration_score(
    request: Request,
    session: SessionDep,
    viewer: Calibrator,
    calibration_id: CalibrationPath,
    form: AnyForm,
    lang: PageLang = None,
) -> Response:
    """A participant's blind scoring."""
    words = language(lang)
    try:
        cal = qa.get_calibration(session, calibration_id)
        marks = marks_from_form(session, cal.scorecard_id, form)
        qa.calibration_score(session, viewer, calibration_id, marks, today())
    except KefuError as exc:
        session.rollback()
        return _calibration_page(
            request,
            session,
            viewer,
            calibration_id,
            words,
            error=exc.message,
            status=exc.http_status,
        )
    return redirect(request, words, "qa_calibration", calibration_id=calibration_id, done="saved")


@pages.post("/qa/calibrations/{calibration_id}/close", name="qa_calibration_close")
def qa_calibration_close(
    request: Request,
    session: SessionDep,
    viewer: Calibrator,
    calibration_id: CalibrationPath,
    lang: PageLang = None,
) -> Response:
    """Close the session: the marks and deviations are shown."""
    words = language(lang)
    try:
        qa.close_calibration(session, viewer, calibration_id, today())
    except KefuError as exc:
        session.rollback()
        return _calibration_page(
            request,
            session,
            viewer,
            calibration_id,
            words,
            error=exc.message,
            status=exc.http_status,
        )
    return redirect(request, words, "qa_calibration", calibration_id=calibration_id, done="closed")
