"""Pages of closed periods (结算结果): the dashboard, a month, a person's month, a quarter, awards.

Every list is cut to what the viewer may see (R-PRV-1) before it is counted, summed or exported.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from kefu.accounts.rules import Viewer
from kefu.closing import repository as repo
from kefu.closing import results
from kefu.closing.models import PeriodClose
from kefu.closing.service import policy_of_close
from kefu.explain.messages import Lang
from kefu.people.roles import role_duties
from kefu.periods import Month, Quarter
from kefu.web.deps import PageLang, Revision, SessionDep, StaffNoPath, chosen_month
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import CurrentViewer, must_see, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STEP = re.compile(r"^\s*(\d+)\.\s+(.*)$")
_RULE = re.compile(r"^(R-[A-Z]+-\d+):\s*(.*)$")
SORT_NAMES = {
    "employee_no": "工号",
    "name": "姓名",
    "department": "部门",
    "team": "班组",
    "score": "得分",
    "rank": "排名",
    "bonus": "月度奖金",
    "total": "合计",
}
SORTS = tuple(SORT_NAMES)
PAGE_SIZES = (50, 100, 200, 500)

Results = Annotated[Viewer, Depends(require("results.view"))]
Dashboard = Annotated[Viewer, Depends(require("dashboard.view"))]

pages = APIRouter()


def _newest(closes: list[PeriodClose]) -> list[PeriodClose]:
    """The newest revision of each period (closes come newest period, newest revision first)."""
    seen: set[str] = set()
    newest = []
    for close in closes:
        if close.period not in seen:
            seen.add(close.period)
            newest.append(close)
    return newest


def visible(viewer: Viewer, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of people the viewer may see (R-PRV-1)."""
    if viewer.scope == "center":
        return rows
    return [r for r in rows if viewer.sees(r["employee_no"], r["department"], r.get("team"))]


def matching(
    rows: list[dict[str, Any]], department: str, group: str, search: str, team: str = ""
) -> list[dict[str, Any]]:
    """Rows of a department, team and group whose 工号 or 姓名 contains the search text."""
    needle = search.strip().casefold()
    return [
        r
        for r in rows
        if (not department or r["department"] == department)
        and (not team or (r.get("team") or "") == team)
        and (not group or r["group"] == group)
        and (not needle or needle in r["employee_no"].casefold() or needle in r["name"].casefold())
    ]


def _awards_total(row: dict[str, Any]) -> int:
    return sum(int(a["amount"]) for a in row["awards"])


def month_view(row: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """A result row with what the table shows besides: group name, totals, non-column reasons."""
    awards = _awards_total(row)
    return {
        **row,
        "group_name": results.GROUP_NAMES[row["group"]][lang],
        "awards_total": awards,
        "total": row["bonus"] + awards + row["star_wage"],
        "notes": [r for r in row["reasons"] if not r.startswith(results.COLUMN_REASONS)],
    }


def sorted_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Rows by a column; ``-column`` for descending; people without a value go last."""
    key = sort.lstrip("-")
    if key not in SORTS:
        return rows
    if key == "total":
        return sorted(rows, key=row_total, reverse=sort.startswith("-"))
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]

    def value(r: dict[str, Any]) -> Any:
        v = r[key]
        return Decimal(v) if key == "score" else v

    return sorted(present, key=value, reverse=sort.startswith("-")) + missing


def row_total(row: dict[str, Any]) -> int:
    """What a person is paid for the month: bonus, awards and star wage."""
    return int(row["bonus"] + _awards_total(row) + row["star_wage"])


@dataclass(frozen=True)
class Overview:
    """What the month page shows of everyone the viewer sees: sums and the filter choices."""

    sums: tuple[int, int, int]
    departments: list[str]
    teams: dict[str, list[str]]


_OVERVIEWS: results.FrozenCache[Overview] = results.FrozenCache(size=16)


def _sums(rows: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Bonus, awards and star wage of the rows."""
    return (
        sum(r["bonus"] for r in rows),
        sum(_awards_total(r) for r in rows),
        sum(r["star_wage"] for r in rows),
    )


def _overview(period: results.ClosedPeriod, viewer: Viewer, mine: list[dict[str, Any]]) -> Overview:
    """The sums and choices; for the whole center kept with the frozen revision's rows."""
    key = period.key if viewer.scope == "center" else None
    if key is not None and (found := _OVERVIEWS.get(key)) is not None:
        return found
    teams: dict[str, set[str]] = {}
    for r in mine:
        names = teams.setdefault(r["department"], set())
        if r.get("team"):
            names.add(r["team"])
    overview = Overview(
        _sums(mine), sorted(teams), {d: sorted(names) for d, names in teams.items()}
    )
    if key is not None:
        _OVERVIEWS.put(key, overview)
    return overview


@dataclass(frozen=True)
class ExplainedStep:
    """One numbered step of an explanation, its rule ID split off."""

    number: str
    rule: str | None
    text: str


def explained_steps(lines: list[str]) -> list[ExplainedStep]:
    """The numbered lines of results.explain as steps (R-EXP-1)."""
    steps = []
    for line in lines:
        step = _STEP.match(line)
        if step is None:
            continue
        rule = _RULE.match(step.group(2))
        if rule:
            steps.append(ExplainedStep(step.group(1), rule.group(1), rule.group(2)))
        else:
            steps.append(ExplainedStep(step.group(1), None, step.group(2)))
    return steps


def person_of_month(
    session: SessionDep, viewer: Viewer, month: Month, employee_no: str, revision: int | None
) -> None:
    """Refuse one person's month outside the viewer's scope (404, nothing leaks)."""
    close = results.close_of(session, "monthly", str(month), revision)
    row = repo.monthly_row(session, close.id, employee_no)
    if row is None:
        must_see(viewer, employee_no, None, None)
        return
    must_see(viewer, employee_no, row.department, row.inputs.get("team"))


@pages.get("/", name="home", response_class=HTMLResponse)
def home(request: Request, viewer: CurrentViewer, lang: PageLang = None) -> Response:
    """Each role's start page: the dashboard, one's own results, monitoring or user admin."""
    words = language(lang)
    if viewer.can("dashboard.view"):
        return redirect(request, words, "dashboard")
    if viewer.role == "qa":
        return redirect(request, words, "monitoring")
    if viewer.employee_no and viewer.can("results.view"):
        return redirect(request, words, "person", employee_no=viewer.employee_no)
    if viewer.can("users.manage"):
        return redirect(request, words, "users_page")
    return redirect(request, words, "policy_page")


@pages.get("/periods", name="closed_periods", response_class=HTMLResponse)
def closed_periods(
    request: Request, session: SessionDep, viewer: Results, lang: PageLang = None
) -> HTMLResponse:
    """已结算期间: closed months with their totals (center totals for HR and managers)."""
    return render(
        request,
        language(lang),
        "home.html",
        months=_newest(repo.closes(session, "monthly")),
        quarters=_newest(repo.closes(session, "quarterly")),
        show_totals=viewer.scope == "center",
    )


@pages.get("/roles", name="roles", response_class=HTMLResponse)
def roles_page(request: Request, viewer: CurrentViewer, lang: PageLang = None) -> HTMLResponse:
    """岗位职责 (R-ORG-2): every role and its duties."""
    return render(request, language(lang), "roles.html", roles=role_duties())


@pages.get("/months/{month}", name="month", response_class=HTMLResponse)
def month_page(
    request: Request,
    session: SessionDep,
    viewer: Results,
    month: str,
    lang: PageLang = None,
    revision: Revision = None,
    department: str = "",
    team: str = "",
    group: str = "",
    q: str = "",
    sort: str = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=10, le=1000)] = PAGE_SIZES[0],
) -> HTMLResponse:
    """月度结算结果: the month's table, filtered, sorted, a page at a time (sums over all of
    the filtered people), only the people the viewer may see."""
    m, words = Month.parse(month), language(lang)
    period = results.monthly(session, m, words, revision)
    mine = visible(viewer, period.rows)
    filtered = bool(department or team or group or q.strip())
    chosen = matching(mine, department, group, q, team) if filtered else mine
    chosen = sorted_rows(chosen, sort)
    pages_count = max(1, -(-len(chosen) // per_page))
    page = min(page, pages_count)
    shown = [month_view(r, words) for r in chosen[(page - 1) * per_page : page * per_page]]
    whole = _overview(period, viewer, mine)
    bonus, awards, stars = whole.sums if not filtered else _sums(chosen)
    return render(
        request,
        words,
        "month.html",
        month=str(m),
        period=period,
        rows=shown,
        matched=len(chosen),
        page=page,
        pages=pages_count,
        per_page=per_page,
        page_sizes=PAGE_SIZES,
        total_people=len(mine),
        sums={
            "bonus": bonus,
            "awards_total": awards,
            "star_wage": stars,
            "total": bonus + awards + stars,
        },
        departments=whole.departments,
        teams=whole.teams.get(department, ()) if department else (),
        groups={k: v[words] for k, v in results.GROUP_NAMES.items()},
        revisions=repo.revisions(session, "monthly", str(m)),
        chosen_revision=revision,
        filters={"department": department, "team": team, "group": group, "q": q, "sort": sort},
        sorts=SORTS,
        sort_names=SORT_NAMES,
    )


@pages.get("/months/{month}/bonus-sheet.xlsx", name="month_xlsx")
def month_xlsx(
    session: SessionDep,
    viewer: Results,
    month: str,
    lang: PageLang = None,
    revision: Revision = None,
    department: str = "",
    team: str = "",
    group: str = "",
    q: str = "",
) -> FileResponse:
    """奖金表: the .xlsx bonus sheet of the rows the viewer may see, with the page's filters."""
    m, words = Month.parse(month), language(lang)
    period = results.monthly(session, m, words, revision)
    rows = matching(visible(viewer, period.rows), department, group, q, team)
    period = results.ClosedPeriod(period.close, period.policy_label, rows)
    handle, name = tempfile.mkstemp(prefix="kefu-", suffix=".xlsx")
    os.close(handle)
    path = Path(name)
    try:
        results.write_monthly_xlsx(period, path, words)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    rev = period.close.revision
    plain = f"bonus-sheet-{m}-rev{rev}.xlsx"
    shown = f"奖金表-{m}-修订{rev}.xlsx" if words == "zh" else plain
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


@pages.get("/months/{month}/people/{employee_no}", name="person_month", response_class=HTMLResponse)
def person_month(
    request: Request,
    session: SessionDep,
    viewer: Results,
    month: str,
    employee_no: StaffNoPath,
    lang: PageLang = None,
    revision: Revision = None,
) -> HTMLResponse:
    """结算说明: every step behind one person's month, the result line emphasised (R-EXP-1)."""
    m, words = Month.parse(month), language(lang)
    person_of_month(session, viewer, m, employee_no, revision)
    lines = results.explain(session, m, employee_no, words, revision)
    return render(
        request,
        words,
        "person_month.html",
        month=str(m),
        employee_no=employee_no,
        title=lines[0],
        meta=lines[1:2],
        steps=explained_steps(lines),
        outcome=lines[-1],
        chosen_revision=revision,
    )


@pages.get("/quarters/{quarter}", name="quarter", response_class=HTMLResponse)
def quarter_page(
    request: Request,
    session: SessionDep,
    viewer: Results,
    quarter: str,
    lang: PageLang = None,
    revision: Revision = None,
) -> HTMLResponse:
    """季度星级: each agent's quarter score, rank, stars and monthly star wage."""
    qt, words = Quarter.parse(quarter), language(lang)
    period = results.quarterly(session, qt, words, revision)
    return render(
        request,
        words,
        "quarter.html",
        quarter=str(qt),
        period=period,
        rows=visible(viewer, period.rows),
        revisions=repo.revisions(session, "quarterly", str(qt)),
        chosen_revision=revision,
    )


@pages.get("/awards", name="awards", response_class=HTMLResponse)
def awards_page(
    request: Request,
    session: SessionDep,
    viewer: Results,
    month: Annotated[str, Query()] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """表现优异奖: each theme's winners of a closed month (newest closed month by default)."""
    words = language(lang)
    months = [c.period for c in _newest(repo.closes(session, "monthly"))]
    chosen = chosen_month(month, months)
    winners: dict[str, list[dict[str, Any]]] = {}
    if chosen:
        period = results.monthly(session, Month.parse(chosen), words)
        for row in visible(viewer, period.rows):
            for award in row["awards"]:
                winners.setdefault(award["theme"], []).append(row | {"amount": award["amount"]})
    return render(request, words, "awards.html", month=chosen, months=months, winners=winners)


@pages.get("/dashboard", name="dashboard", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    viewer: Dashboard,
    month: Annotated[str, Query()] = "",
    margin: Annotated[Decimal, Query(gt=0, le=20)] = Decimal(1),
    lang: PageLang = None,
) -> HTMLResponse:
    """概览: the month's score distribution, tier counts, bonus vs last month, near a boundary."""
    words = language(lang)
    months = [c.period for c in _newest(repo.closes(session, "monthly"))]
    chosen = chosen_month(month, months)
    data = None
    if chosen:
        data = dashboard_data(session, viewer, Month.parse(chosen), margin, words)
    return render(
        request,
        words,
        "dashboard.html",
        month=chosen,
        months=months,
        data=data,
        margin=margin,
    )


def dashboard_data(
    session: SessionDep, viewer: Viewer, month: Month, margin: Decimal, lang: Lang
) -> dict[str, Any]:
    """The figures of the dashboard, from the closed rows the viewer may see."""
    period = results.monthly(session, month, lang)
    rows = visible(viewer, period.rows)
    policy = policy_of_close(session, period.close).policy.model
    bands = policy.monthly_bonus.bands if policy.monthly_bonus else []
    agents = [r for r in rows if r["group"] == "csr"]
    scores = [Decimal(r["score"]) for r in agents if r["score"] is not None]
    # the distribution's buckets follow the monthly bonus bands' floors
    edges = sorted({b.score_from for b in bands})
    histogram = []
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        label = f"{low}–{high}" if high is not None else f"≥{low}"
        count = sum(1 for s in scores if s >= low and (high is None or s < high))
        histogram.append({"label": label, "count": count})
    tiers: dict[str, int] = {b.label: 0 for b in bands}
    no_tier = 0
    for r in agents:
        if r["tier"]:
            tiers[r["tier"]] = tiers.get(r["tier"], 0) + 1
        else:
            no_tier += 1
    near = []
    for r in agents:
        if r["score"] is None or not r["eligible"]:
            continue
        score = Decimal(r["score"])
        above = [b for b in bands if b.score_from > score]
        if not above:
            continue
        nxt = min(above, key=lambda b: b.score_from)
        gap = nxt.score_from - score
        if gap <= margin:
            near.append(r | {"next_tier": nxt.label, "gap": gap})
    near.sort(key=lambda r: (r["gap"], r["employee_no"]))

    previous = repo.latest_close(session, "monthly", str(month.shift(-1)))
    last_total = None
    if previous is not None:
        last_rows = visible(viewer, results.monthly(session, month.shift(-1), lang).rows)
        last_total = sum(row_total(r) for r in last_rows)
    return {
        "people": len(rows),
        "agents": len(agents),
        "histogram": histogram,
        "tiers": [{"label": k, "count": v} for k, v in tiers.items()],
        "no_tier": no_tier,
        "bonus": sum(r["bonus"] for r in rows),
        "total": sum(row_total(r) for r in rows),
        "last_total": last_total,
        "near": near,
        "close": period.close,
        "policy_label": period.policy_label,
    }
