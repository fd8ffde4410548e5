"""Pages that change things or watch them: import, close, monitoring, policy, audit log, users."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kefu.accounts import service as accounts
from kefu.accounts.rules import ACCESS_ROLES, ROLE_NAMES, Viewer
from kefu.audit import service as audit
from kefu.bonuses import feeds
from kefu.closing import repository as repo
from kefu.closing.service import close_month, close_quarter
from kefu.db import unit_of_work
from kefu.errors import KefuError, NotFound
from kefu.explain.trace import score_text
from kefu.people import service as people
from kefu.periods import Month, Quarter
from kefu.policy import service as policies
from kefu.policy.describe import describe
from kefu.policy.loader import preset_names, read_policy_text
from kefu.qa import service as qa
from kefu.scores import repository as scores
from kefu.web import imports_web, uploads
from kefu.web.deps import PageLang, SessionDep, StaffNoForm, chosen_month
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require

pages = APIRouter()

Monitoring = Annotated[Viewer, Depends(require("monitoring.view"))]
Closer = Annotated[Viewer, Depends(require("close"))]
PolicyReader = Annotated[Viewer, Depends(require("policy.view"))]
Adopter = Annotated[Viewer, Depends(require("policy.adopt"))]
Auditor = Annotated[Viewer, Depends(require("audit.view"))]
Admin = Annotated[Viewer, Depends(require("users.manage"))]
IMPORT_KINDS = (
    "roster",
    "monthly-scores",
    "attendance",
    "award-evidence",
    "performance-indicators",
)
KIND_NAMES = {
    "roster": "员工",
    "monthly-scores": "月度成绩",
    "attendance": "考勤汇总",
    "award-evidence": "奖项依据",
    "performance-indicators": "业绩指标",
    "monthly_scores": "月度成绩",
    "award_evidence": "奖项依据",
    "performance_indicators": "业绩指标",
}


Importer = Annotated[Viewer, Depends(imports_web.importer)]


# ---------------------------------------------------------------- monitoring (QA)


@pages.get("/monitoring", name="monitoring", response_class=HTMLResponse)
def monitoring(
    request: Request,
    session: SessionDep,
    viewer: Monitoring,
    month: Annotated[str, Query(max_length=7)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """监控成绩: each agent's monitoring inputs of a month (QA sees every agent), with the
    month's final QA evaluations beside the imported 通话评估成绩 (R-QA-1)."""
    words = language(lang)
    months = sorted(
        set(scores.score_months(session)) | set(qa.evaluation_months(session)), reverse=True
    )
    chosen = chosen_month(month, months)
    current = dict(people.roster(session))
    scope = viewer.monitoring_scope()
    finals = qa.month_final_scores(session, chosen, date.today()) if chosen else {}
    disputed = qa.open_disputes(session, chosen) if chosen else {}
    imported = {
        no: (call, work, conduct)
        for no, call, work, conduct in (scores.month_scores(session, chosen) if chosen else [])
    }
    rows = []
    for no in sorted(set(imported) | set(finals) | set(disputed)):
        call, work, conduct = imported.get(no, (None, None, None))
        rec = current.get(no)
        if rec is None or rec.role != "csr":
            continue
        if scope != "center" and not viewer.sees(no, rec.department, rec.team):
            continue
        rows.append(
            {
                "employee_no": no,
                "name": rec.name,
                "department": rec.department,
                "team": rec.team,
                "call_quality": call,
                "work_ability": work,
                "overall_conduct": conduct,
                "evaluations": len(finals.get(no, ())),
                "evaluation_mean": score_text(feeds.aggregate(finals[no], "mean"))
                if finals.get(no)
                else None,
                "disputed": disputed.get(no, 0),
            }
        )
    return render(request, words, "monitoring.html", month=chosen, months=months, rows=rows)


# ---------------------------------------------------------------- import


@pages.get("/imports", name="imports", response_class=HTMLResponse)
def imports_form(request: Request, viewer: Importer, lang: PageLang = None) -> HTMLResponse:
    """导入: upload a workbook (or a CSV of one kind) and see a preview before anything is written."""
    allowed = [
        k for k in IMPORT_KINDS if viewer.can(imports_web.KIND_PERMISSIONS[k.replace("-", "_")])
    ]
    return render(request, language(lang), "imports.html", kinds=allowed, kind_names=KIND_NAMES)


@pages.post("/imports/preview", name="import_preview", response_class=HTMLResponse)
def import_preview(
    request: Request,
    viewer: Importer,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form(max_length=32)] = "",
    correct: Annotated[bool, Form()] = False,
    lang: PageLang = None,
) -> HTMLResponse:
    """The rows read and every problem (sheet, row, column, value, reason); nothing written."""
    if kind and kind not in IMPORT_KINDS:
        raise KefuError(f"未知的数据类型 {kind}")
    token, path = uploads.save(file)
    source = file.filename or path.name
    found = imports_web.preview(
        request.app.state.engine, viewer, path, source, kind or None, correct
    )
    if found.problems:
        uploads.discard(token)
    return render(
        request,
        language(lang),
        "import_preview.html",
        status_code=422 if found.problems else 200,
        preview=found,
        token=token,
        kind=kind,
        correct=correct,
        kind_names=KIND_NAMES,
    )


@pages.post("/imports/confirm", name="import_confirm", response_class=HTMLResponse)
def import_confirm(
    request: Request,
    viewer: Importer,
    token: Annotated[str, Form(max_length=64)],
    kind: Annotated[str, Form(max_length=32)] = "",
    correct: Annotated[bool, Form()] = False,
    lang: PageLang = None,
) -> HTMLResponse:
    """Write the previewed file: all rows or none."""
    if kind and kind not in IMPORT_KINDS:
        raise KefuError(f"未知的数据类型 {kind}")
    path, source = uploads.find(token)
    try:
        report = imports_web.apply(
            request.app.state.engine, viewer, path, source, kind or None, correct
        )
    finally:
        uploads.discard(token)
    return render(
        request,
        language(lang),
        "import_done.html",
        report=report,
        source=source,
        kind_names=KIND_NAMES,
    )


# ---------------------------------------------------------------- close


@pages.get("/close", name="close_page", response_class=HTMLResponse)
def close_page(
    request: Request, session: SessionDep, viewer: Closer, lang: PageLang = None
) -> HTMLResponse:
    """结算: months with inputs and their close state; close a month or a quarter."""
    closed = {c.period: c for c in reversed(repo.closes(session, "monthly"))}
    months = sorted(set(scores.score_months(session)) | set(closed), reverse=True)
    quarters = sorted({str(Month.parse(m).quarter) for m in months}, reverse=True)
    closed_q = {c.period: c for c in reversed(repo.closes(session, "quarterly"))}
    return render(
        request,
        language(lang),
        "close.html",
        months=[(m, closed.get(m)) for m in months],
        quarters=[(q, closed_q.get(q)) for q in quarters],
    )


@pages.post("/close/{kind}/{period}", name="close_post", response_class=HTMLResponse)
def close_post(
    request: Request,
    session: SessionDep,
    viewer: Closer,
    kind: str,
    period: str,
    lang: PageLang = None,
) -> HTMLResponse:
    """Close a month or quarter; a re-close after corrections lists what changed (R-AUD-1)."""
    if kind == "monthly":
        report = close_month(session, Month.parse(period), viewer.username)
    elif kind == "quarterly":
        report = close_quarter(session, Quarter.parse(period), viewer.username)
    else:
        raise KefuError(f"未知的结算类型 {kind}:monthly 或 quarterly")
    return render(request, language(lang), "close_done.html", report=report)


# ---------------------------------------------------------------- policy


@pages.get("/policy", name="policy_page", response_class=HTMLResponse)
def policy_page(
    request: Request,
    session: SessionDep,
    viewer: PolicyReader,
    month: Annotated[str, Query(max_length=7)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """政策: the policy in force in a month, in readable words, and the history of adoptions."""
    words = language(lang)
    history = policies.assignments(session)
    chosen = Month.parse(month) if month else Month.of(accounts.now().date())
    in_force = None
    sections: list[Any] = []
    if history:
        try:
            in_force = policies.policy_for(session, chosen)
            sections = describe(in_force.policy, words)
        except KefuError:
            in_force = None
    return render(
        request,
        words,
        "policy.html",
        month=str(chosen),
        in_force=in_force,
        sections=sections,
        history=history,
        presets=preset_names(),
    )


@pages.post("/policy/adopt", name="policy_adopt", response_class=HTMLResponse)
def policy_adopt(
    request: Request,
    session: SessionDep,
    viewer: Adopter,
    from_month: Annotated[str, Form(max_length=7)],
    preset: Annotated[str, Form(max_length=64)] = "",
    file: Annotated[UploadFile | None, File()] = None,
    lang: PageLang = None,
) -> Response:
    """Put a preset or an uploaded YAML file in force from a month (validated; audited)."""
    start = Month.parse(from_month)
    if file is not None and file.filename:
        raw = file.file.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise KefuError("政策文件必须是 UTF-8 编码的 YAML 文本") from None
        policies.use_policy_text(session, text, file.filename, start, viewer.username)
    elif preset:
        if preset not in preset_names():
            raise NotFound(f"没有名为 {preset} 的预置政策；可用: {', '.join(preset_names())}")
        text, source = read_policy_text(preset)
        policies.use_policy_text(session, text, source, start, viewer.username)
    else:
        raise KefuError("请选择一个预置政策或上传政策文件")
    return redirect(request, language(lang), "policy_page", month=str(start))


# ---------------------------------------------------------------- audit log


@pages.get("/audit", name="audit_page", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: SessionDep,
    viewer: Auditor,
    action: Annotated[str, Query(max_length=32)] = "",
    actor: Annotated[str, Query(max_length=64)] = "",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    lang: PageLang = None,
) -> HTMLResponse:
    """审计日志: every change, newest first, filtered by action and by who made it."""
    size = 50
    events, total = audit.events(session, action, actor, size, (page - 1) * size)
    return render(
        request,
        language(lang),
        "audit.html",
        events=events,
        total=total,
        page=page,
        pages=max(1, (total + size - 1) // size),
        actions=audit.ACTIONS,
        filters={"action": action, "actor": actor},
    )


# ---------------------------------------------------------------- users


@pages.get("/users", name="users_page", response_class=HTMLResponse)
def users_page(
    request: Request, session: SessionDep, viewer: Admin, lang: PageLang = None, done: str = ""
) -> HTMLResponse:
    """用户管理: accounts, their roles and 工号; add, change, switch off, unlock, reset."""
    return render(
        request,
        language(lang),
        "users.html",
        users=accounts.users(session),
        waits=accounts.sign_in_waits(session),
        roles=ACCESS_ROLES,
        role_names=ROLE_NAMES,
        done=done,
    )


def _back_to_users(request: Request, lang: str | None, done: str) -> RedirectResponse:
    return redirect(request, language(lang), "users_page", done=done)


@pages.post("/users", name="user_add")
def user_add(
    request: Request,
    viewer: Admin,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    role: Annotated[str, Form(max_length=16)],
    display_name: Annotated[str, Form(max_length=64)] = "",
    employee_no: StaffNoForm = "",
    lang: PageLang = None,
) -> Response:
    with unit_of_work(request.app.state.engine) as session:
        accounts.add_user(
            session, viewer.username, username, password, role, display_name, employee_no
        )
    return _back_to_users(request, lang, "added")


@pages.post("/users/{username}", name="user_change")
def user_change(
    request: Request,
    viewer: Admin,
    username: str,
    role: Annotated[str, Form(max_length=16)] = "",
    employee_no: Annotated[str | None, Form(max_length=32)] = None,
    active: Annotated[str, Form(max_length=8)] = "",
    unlock: Annotated[bool, Form()] = False,
    password: Annotated[str, Form(max_length=256)] = "",
    lang: PageLang = None,
) -> Response:
    with unit_of_work(request.app.state.engine) as session:
        accounts.change_user(
            session,
            viewer.username,
            username,
            role=role or None,
            employee_no=employee_no,
            active=None if not active else active == "1",
            unlock=unlock,
        )
        if password:
            accounts.set_password(session, viewer.username, username, password)
    return _back_to_users(request, lang, "changed")
