"""Pages of pay (薪资, R-PAY-1..3): the pay closes, the pay sheet, one person's pay explained.

Pay is confidential (R-PRV-1, Viewer.sees_pay): HR and managers see everyone's; anyone else
sees only their own row — a team leader does not see their team's pay. A person whose pay the
viewer may not see is a 404, and every list, sum and export is cut to the viewer first.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from kefu.accounts.rules import Viewer
from kefu.closing import repository as closing_repo
from kefu.closing.models import PeriodClose
from kefu.errors import NotFound
from kefu.explain.messages import Lang
from kefu.explain.trace import Step
from kefu.pay import service as pay
from kefu.pay.models import PayResult
from kefu.pay.rules import LINE_LABELS
from kefu.pay.sheet import PAY_COLUMNS, TOTAL_LABELS, PaySheet, pay_sheet, write_pay_xlsx
from kefu.periods import Month
from kefu.policy.models import PolicyVersion
from kefu.policy.service import load_version
from kefu.web.deps import PageLang, Revision, SessionDep, StaffNoPath
from kefu.web.i18n import language
from kefu.web.pages_attendance import step_parts
from kefu.web.pages_results import PAGE_SIZES, XLSX
from kefu.web.render import render
from kefu.web.security import require

pages = APIRouter()

PayViewer = Annotated[Viewer, Depends(require("pay.view"))]
PayCloser = Annotated[Viewer, Depends(require("pay.close"))]
MonthPath = Annotated[str, Path(max_length=16, description="YYYY-MM, e.g. 2026-10")]
EmployeePath = StaffNoPath
NameQuery = Annotated[str, Query(max_length=64)]
MONEY_KEYS = (*PAY_COLUMNS, *TOTAL_LABELS)
CENT = Decimal("0.01")


def hidden_pay(employee_no: str) -> NotFound:
    """The same 404 for pay that does not exist and pay the viewer may not see (R-PRV-1)."""
    return NotFound(f"没有找到工号 {employee_no} 的薪资记录")


def policy_label(session: Session, close: PeriodClose) -> str:
    """The label of the policy a close used."""
    version = session.get(PolicyVersion, close.policy_version_id)
    return load_version(version).label if version else ""


def matching_pay(
    rows: list[dict[str, Any]], department: str = "", team: str = "", search: str = ""
) -> list[dict[str, Any]]:
    """Pay rows of a department and team whose 工号 or 姓名 contains the search text."""
    needle = search.strip().casefold()
    return [
        r
        for r in rows
        if (not department or r["department"] == department)
        and (not team or (r["team"] or "") == team)
        and (not needle or needle in r["employee_no"].casefold() or needle in r["name"].casefold())
    ]


def visible_sheet(
    session: Session, viewer: Viewer, month: Month, revision: int | None = None
) -> PaySheet:
    """The month's pay sheet cut to the rows the viewer may see (R-PRV-1, pay confidential)."""
    sheet = pay_sheet(session, month, revision)
    rows = [r for r in sheet.rows if viewer.sees_pay(r["employee_no"])]
    return PaySheet(sheet.close, sheet.policy_label, rows)


def pay_totals(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Every money column summed over the rows, as the sheet shows it (deductions positive)."""
    return {
        key: str(sum((abs(Decimal(r[key])) for r in rows), Decimal(0)).quantize(CENT))
        for key in MONEY_KEYS
    }


def shown_columns(rows: list[dict[str, Any]], lang: Lang) -> list[tuple[str, str]]:
    """The pay lines anyone shown has (code, label), then the three totals."""
    index = 0 if lang == "zh" else 1
    used = [c for c in PAY_COLUMNS if any(Decimal(r[c]) != 0 for r in rows)]
    return [(c, LINE_LABELS[c][index]) for c in used] + [
        (t, TOTAL_LABELS[t][index]) for t in TOTAL_LABELS
    ]


@dataclass(frozen=True)
class PayClose:
    """A month with its bonus close and, if any, its newest pay close."""

    month: str
    bonus_revision: int
    close: PeriodClose | None


def pay_months(session: Session) -> list[PayClose]:
    """Every month whose bonus is closed (newest first), with its newest pay close (R-PAY-1)."""
    newest_pay: dict[str, PeriodClose] = {}
    for c in closing_repo.closes(session, pay.PAY_KIND):
        newest_pay.setdefault(c.period, c)
    bonus: dict[str, int] = {}
    for c in closing_repo.closes(session, "monthly"):
        bonus.setdefault(c.period, c.revision)
    months = sorted(set(bonus) | set(newest_pay), reverse=True)
    return [PayClose(m, bonus.get(m, 0), newest_pay.get(m)) for m in months]


@pages.get("/pay", name="pay_page", response_class=HTMLResponse)
def pay_page(
    request: Request, session: SessionDep, viewer: PayCloser, lang: PageLang = None
) -> HTMLResponse:
    """薪资: the months, their pay closes with totals, and a form to close a month's pay."""
    return render(request, language(lang), "pay_closes.html", months=pay_months(session))


@pages.post("/pay/closes", name="pay_close", response_class=HTMLResponse)
def pay_close(
    request: Request,
    session: SessionDep,
    viewer: PayCloser,
    month: Annotated[str, Form(max_length=16)],
    lang: PageLang = None,
) -> HTMLResponse:
    """Close a month's pay: a new revision only when something changed, listing who (R-AUD-1)."""
    words = language(lang)
    report = pay.close_pay(session, Month.parse(month), viewer.username)
    return render(
        request,
        words,
        "pay_close_done.html",
        report=report,
        field_label=lambda f: change_label(f, words),
    )


def change_label(field: str, lang: Lang) -> str:
    """A changed figure of a pay revision in words: net, a pay line, or a named item."""
    index = 0 if lang == "zh" else 1
    if field == "net":
        return TOTAL_LABELS["net"][index]
    code, _, item = field.partition(":")
    if code not in LINE_LABELS:
        return field
    label = LINE_LABELS[code][index]
    if not item:
        return label
    return f"{label}「{item}」" if lang == "zh" else f"{label}: {item}"


@pages.get("/people/{employee_no}/pay", name="pay_history", response_class=HTMLResponse)
def pay_history(
    request: Request,
    session: SessionDep,
    viewer: PayViewer,
    employee_no: EmployeePath,
    lang: PageLang = None,
) -> HTMLResponse:
    """我的薪资: a person's pay of every closed month, with links to each month's explanation."""
    if not viewer.sees_pay(employee_no):
        raise hidden_pay(employee_no)
    rows = person_pay_months(session, employee_no)
    name = rows[0]["name"] if rows else ""
    return render(
        request,
        language(lang),
        "pay_history.html",
        employee_no=employee_no,
        name=name,
        rows=rows,
    )


def person_pay_months(session: Session, employee_no: str) -> list[dict[str, Any]]:
    """The person's newest pay row of each closed month, newest month first."""
    out = []
    for month in pay_months(session):
        if month.close is None:
            continue
        try:
            row = pay.person_pay(session, Month.parse(month.month), employee_no)
        except NotFound:
            continue
        out.append(
            {
                "month": month.month,
                "revision": month.close.revision,
                "name": row.name,
                "gross": row.gross,
                "deductions": row.deductions,
                "net": row.net,
            }
        )
    return out


@pages.get("/pay/{month}.xlsx", name="pay_xlsx")
def pay_xlsx(
    session: SessionDep,
    viewer: PayViewer,
    month: MonthPath,
    revision: Revision = None,
    department: NameQuery = "",
    team: NameQuery = "",
    q: NameQuery = "",
    lang: PageLang = None,
) -> FileResponse:
    """工资表: the .xlsx pay sheet of the rows the viewer may see, with the page's filters."""
    m, words = Month.parse(month), language(lang)
    sheet = visible_sheet(session, viewer, m, revision)
    sheet = PaySheet(sheet.close, sheet.policy_label, matching_pay(sheet.rows, department, team, q))
    handle, name = tempfile.mkstemp(prefix="kefu-pay-", suffix=".xlsx")
    os.close(handle)
    path = FilePath(name)
    try:
        write_pay_xlsx(sheet, path, words)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    rev = sheet.close.revision
    plain = f"pay-sheet-{m}-rev{rev}.xlsx"
    shown = f"工资表-{m}-修订{rev}.xlsx" if words == "zh" else plain
    return FileResponse(
        path,
        media_type=XLSX,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(shown)}"
            )
        },
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@pages.get("/pay/{month}", name="pay_month", response_class=HTMLResponse)
def pay_month(
    request: Request,
    session: SessionDep,
    viewer: PayViewer,
    month: MonthPath,
    revision: Revision = None,
    department: NameQuery = "",
    team: NameQuery = "",
    q: NameQuery = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=10, le=1000)] = PAGE_SIZES[0],
    lang: PageLang = None,
) -> HTMLResponse:
    """工资表: the month's pay a page at a time; sums over all the filtered people."""
    m, words = Month.parse(month), language(lang)
    sheet = visible_sheet(session, viewer, m, revision)
    chosen = matching_pay(sheet.rows, department, team, q)
    pages_count = max(1, -(-len(chosen) // per_page))
    page = min(page, pages_count)
    shown = chosen[(page - 1) * per_page : page * per_page]
    teams: dict[str, set[str]] = {}
    for r in sheet.rows:
        names = teams.setdefault(r["department"], set())
        if r["team"]:
            names.add(r["team"])
    return render(
        request,
        words,
        "pay_sheet.html",
        month=str(m),
        sheet=sheet,
        rows=[r | {"money": {k: abs(Decimal(r[k])) for k in MONEY_KEYS}} for r in shown],
        columns=shown_columns(sheet.rows, words),
        totals=pay_totals(chosen),
        matched=len(chosen),
        total_people=len(sheet.rows),
        page=page,
        pages=pages_count,
        per_page=per_page,
        page_sizes=PAGE_SIZES,
        departments=sorted(teams),
        teams=sorted(teams.get(department, ())),
        revisions=closing_repo.revisions(session, pay.PAY_KIND, str(m)),
        chosen_revision=revision,
        filters={"department": department, "team": team, "q": q},
    )


@dataclass
class PersonPay:
    """One person's frozen pay of a month: its lines, totals, hours and explanation."""

    row: PayResult
    close: PeriodClose
    policy_label: str
    steps: list[Step]


def person_pay_view(
    session: Session, viewer: Viewer, month: Month, employee_no: str, revision: int | None
) -> PersonPay:
    """A person's pay of a closed month, if the viewer may see it (R-PRV-1); else a 404."""
    if not viewer.sees_pay(employee_no):
        raise hidden_pay(employee_no)
    close = pay.pay_close_of(session, month, revision)
    row = pay.person_pay(session, month, employee_no, revision)
    return PersonPay(
        row, close, policy_label(session, close), [Step.from_dict(d) for d in row.reasons]
    )


@pages.get("/pay/{month}/{employee_no}", name="pay_person", response_class=HTMLResponse)
def pay_person(
    request: Request,
    session: SessionDep,
    viewer: PayViewer,
    month: MonthPath,
    employee_no: EmployeePath,
    revision: Revision = None,
    lang: PageLang = None,
) -> HTMLResponse:
    """工资说明: one person's pay lines and every step behind them (R-EXP-1, R-PAY-1..3)."""
    m, words = Month.parse(month), language(lang)
    view = person_pay_view(session, viewer, m, employee_no, revision)
    index = 0 if words == "zh" else 1
    return render(
        request,
        words,
        "pay_person.html",
        month=str(m),
        employee_no=employee_no,
        view=view,
        lines=[
            {
                "label": line["label"] if index == 0 else line["label_en"],
                "amount": Decimal(line["amount"]),
                "rule": line["rule"],
            }
            for line in view.row.lines
        ],
        steps=[step_parts(s, words) for s in view.steps],
        revisions=closing_repo.revisions(session, pay.PAY_KIND, str(m)),
        chosen_revision=revision,
        sees_attendance=viewer.can("attendance.view"),
    )
