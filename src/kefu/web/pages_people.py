"""Pages of people (员工): the roster with search, and one person's page with history and trends."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from kefu.accounts.rules import Viewer
from kefu.closing import repository as repo
from kefu.errors import NotFound
from kefu.people import service as people
from kefu.people.rules import ROLE_NAMES, STATUS_NAMES
from kefu.web.deps import PageLang, SessionDep, StaffNoPath
from kefu.web.i18n import language
from kefu.web.render import render
from kefu.web.security import CurrentViewer, must_see, require

Roster = Annotated[Viewer, Depends(require("roster.view"))]

pages = APIRouter()


def roster_rows(
    session: SessionDep, viewer: Viewer, q: str = "", department: str = "", status: str = ""
) -> list[dict[str, Any]]:
    """Everyone's current record the viewer may see, filtered by search, department, status."""
    needle = q.strip().casefold()
    out = []
    for no, rec in people.roster(session):
        if not viewer.sees(no, rec.department, rec.team):
            continue
        if needle and needle not in no.casefold() and needle not in rec.name.casefold():
            continue
        if department and rec.department != department:
            continue
        if status and rec.status != status:
            continue
        out.append(
            {
                "employee_no": no,
                "name": rec.name,
                "department": rec.department,
                "team": rec.team,
                "role": rec.role,
                "level": rec.level,
                "status": rec.status,
                "hired_on": rec.hired_on,
                "converted_on": rec.converted_on,
                "left_on": rec.left_on,
            }
        )
    return out


@pages.get("/people", name="roster", response_class=HTMLResponse)
def roster_page(
    request: Request,
    session: SessionDep,
    viewer: Roster,
    lang: PageLang = None,
    q: str = "",
    department: str = "",
    status: str = "",
) -> HTMLResponse:
    """员工名册: current records with search by 工号/姓名, department and status."""
    words = language(lang)
    everyone = roster_rows(session, viewer)
    rows = roster_rows(session, viewer, q, department, status)
    return render(
        request,
        words,
        "roster.html",
        rows=rows,
        total=len(everyone),
        departments=sorted({r["department"] for r in everyone}),
        statuses=STATUS_NAMES,
        role_names=ROLE_NAMES,
        filters={"q": q, "department": department, "status": status},
    )


def person_history(session: SessionDep, employee_no: str) -> list[dict[str, Any]]:
    """The person's figures in every closed month (newest revision each)."""
    out = []
    for month, revision, r in repo.person_results(session, employee_no):
        awards = sum(int(Decimal(str(a["amount"]))) for a in r.awards)
        bonus, star = int(Decimal(str(r.bonus))), int(Decimal(str(r.star_wage)))
        out.append(
            {
                "month": month,
                "revision": revision,
                "score": None if r.score is None else f"{Decimal(str(r.score)):.2f}",
                "rank": r.rank,
                "pool_size": r.pool_size,
                "tier": r.tier,
                "bonus": bonus,
                "awards": awards,
                "award_names": [a["theme"] for a in r.awards],
                "star_wage": star,
                "total": bonus + awards + star,
                "eligible": bool(r.eligible),
            }
        )
    return out


@pages.get("/people/{employee_no}", name="person", response_class=HTMLResponse)
def person_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentViewer,
    employee_no: StaffNoPath,
    lang: PageLang = None,
) -> HTMLResponse:
    """个人页面: register history, every closed month, and trends of score, rank and tier."""
    words = language(lang)
    records = people.records_of(session, employee_no)
    if not records:
        raise NotFound(f"没有工号 {employee_no} 的员工")
    current = records[-1]
    must_see(viewer, employee_no, current.department, current.team)
    if not viewer.can("results.view"):
        raise NotFound(f"没有找到工号 {employee_no} 的记录")
    months = person_history(session, employee_no)
    chart = {
        "months": [m["month"] for m in months],
        "score": [None if m["score"] is None else float(m["score"]) for m in months],
        "rank": [m["rank"] for m in months],
        "tier": [m["tier"] or "-" for m in months],
        "total": [m["total"] for m in months],
        "labels": {
            "score": "得分" if words == "zh" else "Score",
            "rank": "排名" if words == "zh" else "Rank",
            "tier": "档位" if words == "zh" else "Tier",
            "total": "收入合计" if words == "zh" else "Total pay",
        },
    }
    return render(
        request,
        words,
        "person.html",
        employee_no=employee_no,
        current=current,
        records=records,
        months=months,
        chart_json=orjson.dumps(chart).decode("utf-8"),
        role_names=ROLE_NAMES,
        status_names=STATUS_NAMES,
    )
