"""Pages of the automatic check (自动质检, R-QA-2): paste or upload a transcript and see what was
found with the agent's own words highlighted; the phrase libraries (list, one version, edit as
YAML); the checks of one contact.

Who sees what (R-PRV-1): QA, team leaders and managers check (autoqa.check); QA and managers
keep the libraries (autoqa.library). A contact's checks are shown to those who see the agent's
monitoring (QA: every agent; a leader: the team), else 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.autoqa import rules
from kefu.autoqa import service as autoqa
from kefu.autoqa.library import CHANNELS, LibraryInvalid
from kefu.autoqa.models import AutoqaCheck
from kefu.errors import ImportRejected, KefuError, NotFound
from kefu.explain.messages import Lang
from kefu.explain.messages import render as render_step
from kefu.explain.trace import Step, num
from kefu.imports.service import record_refusal
from kefu.people import service as people
from kefu.qa.models import QaContact
from kefu.web.deps import PageLang, SessionDep, StaffNoForm
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import must_see, require

pages = APIRouter()

Checker = Annotated[Viewer, Depends(require("autoqa.check"))]
Keeper = Annotated[Viewer, Depends(require("autoqa.library"))]
INT_MAX = 2**31 - 1
ContactPath = Annotated[int, Path(ge=1, le=INT_MAX, description="联络编号")]
KeyPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Transcript = Annotated[str, Form(max_length=rules.MAX_TRANSCRIPT)]
YamlText = Annotated[str, Form(max_length=200_000)]
MAX_UPLOAD = 2_000_000
FORMATS = (("", "自动识别"), ("text", "文本"), ("json", "JSON"), ("csv", "CSV"))


# ---------------------------------------------------------------- views shared with the API


def contact_for(session: Session, viewer: Viewer, contact_id: int) -> QaContact:
    """The contact, if the viewer sees the agent's monitoring (R-PRV-1); else 404."""
    contact = session.get(QaContact, contact_id)
    if contact is None:
        raise NotFound(f"联络 {contact_id} 不存在")
    if viewer.monitoring_scope() != "center":
        record = people.current_record(session, contact.employee_no)
        must_see(
            viewer,
            contact.employee_no,
            record.department if record else None,
            record.team if record else None,
        )
    return contact


def marked_turns(turns: list[rules.Turn], data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each turn as segments, the quoted words marked with their finding's kind."""
    marks: dict[int, list[tuple[int, int, str, str]]] = {}

    def add(quote: dict[str, Any] | None, css: str, title: str) -> None:
        if quote:
            marks.setdefault(quote["turn"], []).append((quote["start"], quote["end"], css, title))

    for f in data["situations"]:
        if f["due"]:
            add(f["quote"], "found", f["name"])
            add(f["trigger"], "trigger", f["name"])
    for f in data["steps"]:
        if f["due"]:
            add(f["quote"], "found", f["name"])
    for f in data["forbidden"]:
        for q in f["quotes"]:
            add(q, "forbidden", f["name"])
    for f in data["mentions"]:
        for q in f["quotes"]:
            add(q, "mention", f["name"])
    out = []
    for index, turn in enumerate(turns):
        segments: list[tuple[str, str, str]] = []
        at = 0
        for start, end, css, title in sorted(marks.get(index, [])):
            if start < at:
                continue
            if start > at:
                segments.append((turn.text[at:start], "", ""))
            segments.append((turn.text[start:end], css, title))
            at = end
        if at < len(turn.text):
            segments.append((turn.text[at:], "", ""))
        out.append(
            {"n": index + 1, "speaker": turn.speaker, "at": turn.start, "segments": segments}
        )
    return out


def result_view(raw: str, fmt: str | None, data: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """The check to show: findings, the marked turns and the explanation (R-EXP-1)."""
    steps = [render_step(Step.from_dict(s), lang) for s in data.get("trace", [])]
    return {
        "data": data,
        "turns": marked_turns(rules.parse_transcript(raw, fmt), data),
        "explanation": steps,
    }


def check_view(check: AutoqaCheck, contact: QaContact, lang: Lang) -> dict[str, Any]:
    return {
        "id": check.id,
        "library": check.library_key,
        "version": check.library_version,
        "score": str(check.findings.get("suggested_score")),
        "checked_at": check.checked_at,
        **result_view(contact.transcript or "", contact.transcript_format, check.findings, lang),
    }


def _libraries(session: Session) -> list[dict[str, Any]]:
    rows = autoqa.library_rows(session)
    out = []
    for row in rows:
        try:
            applies = ", ".join(autoqa.parsed(row).applies_to)
        except KefuError:
            applies = ""
        out.append(
            {
                "key": row.key,
                "version": row.version,
                "name": row.name,
                "active": row.active,
                "applies_to": applies,
                "created_by": row.created_by,
                "created_at": row.created_at,
            }
        )
    return out


# ---------------------------------------------------------------- check a transcript


def _check_page(
    request: Request,
    lang: Lang,
    session: Session,
    asked: dict[str, str],
    result: dict[str, Any] | None = None,
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        lang,
        "autoqa_check.html",
        status_code=status_code,
        asked=asked,
        result=result,
        error=error,
        libraries=[lib for lib in _libraries(session) if lib["active"]],
        formats=FORMATS,
    )


@pages.get("/qa/autoqa", name="autoqa_check", response_class=HTMLResponse)
def autoqa_check_page(
    request: Request,
    session: SessionDep,
    viewer: Checker,
    lang: PageLang = None,
) -> HTMLResponse:
    """粘贴或上传一份转写, 看自动质检结果。"""
    lg = language(lang)
    return _check_page(
        request, lg, session, {"text": "", "library": "", "format": "", "rest_day": ""}
    )


@pages.post("/qa/autoqa", name="autoqa_check_run", response_class=HTMLResponse)
def autoqa_check_run(
    request: Request,
    session: SessionDep,
    viewer: Checker,
    text: Transcript = "",
    library: Annotated[str, Form(max_length=64)] = "",
    fmt: Annotated[str, Form(alias="format", max_length=8)] = "",
    rest_day: Annotated[bool, Form()] = False,
    upload: Annotated[UploadFile | None, File()] = None,
    lang: PageLang = None,
) -> HTMLResponse:
    lg = language(lang)
    asked = {"text": text, "library": library, "format": fmt, "rest_day": "1" if rest_day else ""}
    try:
        if upload is not None and upload.filename:
            data = upload.file.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise KefuError("文件过大")
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise KefuError("文件不是 UTF-8 编码") from None
            asked["text"] = text
            suffix = upload.filename.rsplit(".", 1)[-1].lower()
            fmt = fmt or {"txt": "text", "json": "json", "csv": "csv"}.get(suffix, "")
        if not text.strip():
            raise KefuError("请粘贴转写文本或上传文件")
        lib = library_for_check(session, library)
        result = rules.check_text(lib, text, fmt or None, rest_day)
        view = result_view(text, fmt or None, result.as_dict(), lg)
    except KefuError as error:
        return _check_page(
            request, lg, session, asked, error=error.message, status_code=error.http_status
        )
    return _check_page(request, lg, session, asked, result=view)


def library_for_check(session: Session, key: str) -> Any:
    if key:
        return autoqa.resolve(session, autoqa.library_row(session, key))
    row = autoqa.library_for_channel(session, "phone")
    if row is None:
        raise NotFound("还没有载入话术库")
    return autoqa.resolve(session, row)


# ---------------------------------------------------------------- libraries


@pages.get("/qa/autoqa/libraries", name="autoqa_libraries", response_class=HTMLResponse)
def autoqa_libraries_page(
    request: Request,
    session: SessionDep,
    viewer: Checker,
    lang: PageLang = None,
) -> HTMLResponse:
    """话术库及其版本。"""
    lg = language(lang)
    return render(
        request, lg, "autoqa_libraries.html", libraries=_libraries(session), error="", text=""
    )


@pages.post("/qa/autoqa/libraries", name="autoqa_library_add", response_model=None)
def autoqa_library_add(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    text: YamlText = "",
    lang: PageLang = None,
) -> Response:
    """载入一个新的话术库 (或已有话术库的新版本)。"""
    lg = language(lang)
    try:
        if not text.strip():
            raise KefuError("请填写话术库 YAML")
        row = autoqa.save_library(session, viewer.username, text)
    except KefuError as error:
        return render(
            request,
            lg,
            "autoqa_libraries.html",
            status_code=error.http_status,
            libraries=_libraries(session),
            error=error.message,
            problems=error.problems if isinstance(error, LibraryInvalid) else [],
            text=text,
        )
    return redirect(request, lg, "autoqa_library", key=row.key)


@pages.get("/qa/autoqa/libraries/{key}", name="autoqa_library", response_class=HTMLResponse)
def autoqa_library_page(
    request: Request,
    session: SessionDep,
    viewer: Checker,
    key: KeyPath,
    version: int | None = None,
    lang: PageLang = None,
) -> HTMLResponse:
    """一个话术库: 当前(或指定)版本的 YAML、各版本, 以及编辑。"""
    lg = language(lang)
    row = autoqa.library_row(session, key, version)
    return _library_page(request, lg, session, row.key, row.version, row.yaml_text, "", [])


def _library_page(
    request: Request,
    lg: Lang,
    session: Session,
    key: str,
    version: int,
    text: str,
    error: str,
    problems: list[str],
    status_code: int = 200,
) -> HTMLResponse:
    row = autoqa.library_row(session, key, version)
    library = autoqa.parsed(row)
    return render(
        request,
        lg,
        "autoqa_library.html",
        status_code=status_code,
        row=row,
        library=library,
        versions=autoqa.library_rows(session, key),
        text=text,
        error=error,
        problems=problems,
    )


@pages.post("/qa/autoqa/libraries/{key}", name="autoqa_library_save", response_model=None)
def autoqa_library_save(
    request: Request,
    session: SessionDep,
    viewer: Keeper,
    key: KeyPath,
    text: YamlText = "",
    lang: PageLang = None,
) -> Response:
    """保存编辑后的 YAML 为新版本 (逐行校验; 已有检查结果不变)。"""
    lg = language(lang)
    row = autoqa.library_row(session, key)
    try:
        if not text.strip():
            raise KefuError("请填写话术库 YAML")
        saved = autoqa.save_library(session, viewer.username, text)
    except KefuError as error:
        problems = error.problems if isinstance(error, LibraryInvalid) else []
        return _library_page(
            request,
            lg,
            session,
            key,
            row.version,
            text,
            error.message,
            problems,
            error.http_status,
        )
    return redirect(request, lg, "autoqa_library", key=saved.key)


# ---------------------------------------------------------------- the checks of a contact


@pages.get("/qa/contacts/{contact_id}/checks", name="autoqa_contact", response_class=HTMLResponse)
def autoqa_contact_page(
    request: Request,
    session: SessionDep,
    viewer: Checker,
    contact_id: ContactPath,
    lang: PageLang = None,
) -> HTMLResponse:
    """一个联络的自动质检结果 (最新在前)。"""
    lg = language(lang)
    contact = contact_for(session, viewer, contact_id)
    checks = [check_view(c, contact, lg) for c in autoqa.checks_of(session, contact.id)]
    return render(request, lg, "autoqa_contact.html", contact=contact, checks=checks)


@pages.post("/qa/contacts/{contact_id}/checks", name="autoqa_contact_check", response_model=None)
def autoqa_contact_check(
    request: Request,
    session: SessionDep,
    viewer: Checker,
    contact_id: ContactPath,
    lang: PageLang = None,
) -> Response:
    """用当前话术库重新检查这个联络 (旧结果保留)。"""
    lg = language(lang)
    contact = contact_for(session, viewer, contact_id)
    if autoqa.check_contact(session, contact) is None:
        raise KefuError("这个联络没有转写, 或没有适用于它渠道的话术库")
    return redirect(request, lg, "autoqa_contact", contact_id=contact.id)


# ---------------------------------------------------------------- many transcripts at once

Importer = Annotated[Viewer, Depends(require("qa.evaluate"))]
MAX_BUNDLE = 20_000_000


def _import_page(
    request: Request,
    lang: Lang,
    asked: dict[str, str],
    done: list[dict[str, Any]] | None = None,
    problems: list[dict[str, object]] | None = None,
    error: str = "",
    status_code: int = 200,
    count: int = 0,
) -> HTMLResponse:
    return render(
        request,
        lang,
        "autoqa_import.html",
        status_code=status_code,
        asked=asked,
        channels=CHANNELS,
        done=done,
        problems=problems or [],
        problem_count=count,
        error=error,
    )


@pages.get("/qa/autoqa/import", name="autoqa_import", response_class=HTMLResponse)
def autoqa_import_page(request: Request, viewer: Importer, lang: PageLang = None) -> HTMLResponse:
    """上传一批转写 (.zip、CSV 表或单个文件), 每份登记为联络并自动质检。"""
    return _import_page(request, language(lang), {"agent": "", "channel": "phone", "at": ""})


@pages.post("/qa/autoqa/import", name="autoqa_import_run", response_class=HTMLResponse)
def autoqa_import_run(
    request: Request,
    session: SessionDep,
    viewer: Importer,
    upload: Annotated[UploadFile | None, File()] = None,
    agent: StaffNoForm = "",
    channel: Annotated[str, Form(max_length=16)] = "phone",
    at: Annotated[str, Form(max_length=32)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """All or nothing: every transcript becomes a contact and is checked, or none is."""
    lg = language(lang)
    asked = {"agent": agent.strip(), "channel": channel, "at": at}
    try:
        if upload is None or not upload.filename:
            raise KefuError("请选择要上传的文件 (.zip、.csv、.txt 或 .json)")
        data = upload.file.read(MAX_BUNDLE + 1)
        if len(data) > MAX_BUNDLE:
            raise KefuError("文件过大")
        if channel not in CHANNELS:
            raise KefuError(f"渠道应为 {' | '.join(CHANNELS)}")
        when = autoqa.parse_when(at) if at.strip() else None
        if at.strip() and when is None:
            raise KefuError(f"时间「{at}」应为 YYYY-MM-DD HH:MM")
        default_at = when or accounts.now().replace(second=0, microsecond=0)
        name = upload.filename
        files = autoqa.read_zip(data) if name.lower().endswith(".zip") else [(name, data)]
        incoming = autoqa.read_bundle(files, (asked["agent"], channel, default_at))
        checks = autoqa.import_transcripts(session, viewer.username, incoming)
    except ImportRejected as rejected:
        session.rollback()  # nothing of the upload is kept; only its refusal is recorded
        name = (upload.filename if upload is not None else None) or ""
        record_refusal(session, viewer.username, name, "transcripts", None, rejected)
        return _import_page(
            request, lg, asked, problems=rejected.listed(), count=rejected.total, status_code=422
        )
    except KefuError as error:
        return _import_page(request, lg, asked, error=error.message, status_code=error.http_status)
    done = [
        {
            "contact_id": check.contact_id if check else None,
            "employee_no": item.employee_no,
            "reference": item.reference,
            "score": num(check.suggested_score) if check else None,
        }
        for item, check in zip(incoming, checks, strict=True)
    ]
    return _import_page(request, lg, asked, done=done)
