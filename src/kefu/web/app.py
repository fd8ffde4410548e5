"""The read-only web surface (网页): closed months and quarters, explanations, and a JSON API.

Routes stay thin: they parse the period, call kefu.closing.results and render. A KefuError
becomes an HTML page (or {"detail": …} under /api/) with the error's HTTP status.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from kefu.closing import repository as repo
from kefu.closing import results
from kefu.closing.models import PeriodClose
from kefu.config import get_settings
from kefu.db import engine_for, migrate, unit_of_work
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.people.roles import role_duties
from kefu.periods import Month, Quarter
from kefu.web.i18n import language, translate

API_PREFIX = "/api/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_STEP = re.compile(r"^\s*(\d+)\.\s+(.*)$")
_RULE = re.compile(r"^(R-[A-Z]+-\d+):\s*(.*)$")


# ---------------------------------------------------------------- templates and formatting


def yuan(value: object) -> str:
    """Money as yuan with thousands separators: 1200 → ¥1,200 (cents only when there are any)."""
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def when(value: datetime | None) -> str:
    """A moment to the minute, as the CLI and the bonus sheet show it."""
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["yuan"] = yuan
templates.filters["when"] = when


def _path_params(name: str) -> set[str]:
    """The path parameters of a named route (looked up in the routers: FastAPI wraps them)."""
    for route in [*pages.routes, *api.routes]:
        if isinstance(route, Route) and route.name == name:
            return set(route.param_convertors)
    return set()


def link(request: Request, lang: Lang, name: str, params: dict[str, Any]) -> str:
    """The path of a named route; other params go in the query, and ?lang=en is kept."""
    path_names = _path_params(name)
    path = request.app.url_path_for(
        name, **{k: str(v) for k, v in params.items() if k in path_names}
    )
    query = {k: v for k, v in params.items() if k not in path_names and v not in (None, "")}
    if lang == "en":
        query["lang"] = "en"
    return str(path) + (f"?{urlencode(query)}" if query else "")


def switch_language(request: Request, lang: Lang) -> str:
    """This page in the other language (every other query parameter kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if lang == "zh":
        params.append(("lang", "en"))
    return quote(request.url.path) + (f"?{urlencode(params)}" if params else "")


def render(
    request: Request, lang: Lang, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page: the template with the translator, the link builder and the language switch."""

    def t(text: str, **values: Any) -> str:
        return translate(text, lang, **values)

    def url(name: str, **params: Any) -> str:
        return link(request, lang, name, params)

    def path(name: str, **params: Any) -> str:
        # A GET form's action: its own fields make the query, so the action carries none.
        return str(request.app.url_path_for(name, **params))

    html = templates.get_template(template).render(
        lang=lang,
        t=t,
        url=url,
        path=path,
        other_language_url=switch_language(request, lang),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


# ---------------------------------------------------------------- request plumbing


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request, on the app's engine."""
    with unit_of_work(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
PageLang = Annotated[str | None, Query(description="zh (default) | en")]
ApiLang = Annotated[Lang, Query(description="zh | en")]
Revision = Annotated[int | None, Query(ge=1, description="a revision; default: the newest")]


def _newest(closes: list[PeriodClose]) -> list[PeriodClose]:
    """The newest revision of each period (closes come newest period, newest revision first)."""
    seen: set[str] = set()
    newest = []
    for close in closes:
        if close.period not in seen:
            seen.add(close.period)
            newest.append(close)
    return newest


def matching(
    rows: list[dict[str, Any]], department: str, group: str, search: str
) -> list[dict[str, Any]]:
    """Rows of a department and group whose 工号 or 姓名 contains the search text."""
    needle = search.strip().casefold()
    return [
        r
        for r in rows
        if (not department or r["department"] == department)
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


# ---------------------------------------------------------------- pages

pages = APIRouter()


@pages.get("/", name="home", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, lang: PageLang = None) -> HTMLResponse:
    """中心概览: closed months with their totals, and closed quarters."""
    return render(
        request,
        language(lang),
        "home.html",
        months=_newest(repo.closes(session, "monthly")),
        quarters=_newest(repo.closes(session, "quarterly")),
    )


@pages.get("/roles", name="roles", response_class=HTMLResponse)
def roles_page(request: Request, lang: PageLang = None) -> HTMLResponse:
    """岗位职责 (R-ORG-2): every role and its duties."""
    return render(request, language(lang), "roles.html", roles=role_duties())


@pages.get("/months/{month}", name="month", response_class=HTMLResponse)
def month_page(
    request: Request,
    session: SessionDep,
    month: str,
    lang: PageLang = None,
    revision: Revision = None,
    department: str = "",
    group: str = "",
    q: str = "",
) -> HTMLResponse:
    """月度结算结果: the month's table, filtered by department, group and 工号/姓名."""
    m, words = Month.parse(month), language(lang)
    period = results.monthly(session, m, words, revision)
    rows = [month_view(r, words) for r in matching(period.rows, department, group, q)]
    return render(
        request,
        words,
        "month.html",
        month=str(m),
        period=period,
        rows=rows,
        total_people=len(period.rows),
        sums={k: sum(r[k] for r in rows) for k in ("bonus", "awards_total", "star_wage", "total")},
        departments=sorted({r["department"] for r in period.rows}),
        groups={k: v[words] for k, v in results.GROUP_NAMES.items()},
        revisions=repo.revisions(session, "monthly", str(m)),
        chosen_revision=revision,
        filters={"department": department, "group": group, "q": q},
    )


@pages.get("/months/{month}/bonus-sheet.xlsx", name="month_xlsx")
def month_xlsx(
    session: SessionDep, month: str, lang: PageLang = None, revision: Revision = None
) -> FileResponse:
    """奖金表: the month's .xlsx bonus sheet for payroll, as `kefu results monthly -f xlsx`."""
    m, words = Month.parse(month), language(lang)
    period = results.monthly(session, m, words, revision)
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
    month: str,
    employee_no: str,
    lang: PageLang = None,
    revision: Revision = None,
) -> HTMLResponse:
    """结算说明: every step behind one person's month, the result line emphasised (R-EXP-1)."""
    m, words = Month.parse(month), language(lang)
    lines = results.explain(session, m, employee_no, words, revision)
    return render(
        request,
        words,
        "person_month.html",
        month=str(m),
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
        rows=period.rows,
        revisions=repo.revisions(session, "quarterly", str(qt)),
        chosen_revision=revision,
    )


# ---------------------------------------------------------------- JSON API

api = APIRouter(prefix="/api")


@api.get("/health", name="api_health")
def health() -> dict[str, str]:
    """Liveness: the app answers."""
    return {"status": "ok"}


@api.get("/months/{month}/results", name="api_month_results")
def api_month_results(
    session: SessionDep, month: str, lang: ApiLang = "zh", revision: Revision = None
) -> JSONResponse:
    """The month's rows, exactly as `kefu results monthly -f json` prints them."""
    return JSONResponse(results.monthly(session, Month.parse(month), lang, revision).rows)


@api.get("/months/{month}/people/{employee_no}/explain", name="api_person_explain")
def api_person_explain(
    session: SessionDep,
    month: str,
    employee_no: str,
    lang: ApiLang = "zh",
    revision: Revision = None,
) -> dict[str, list[str]]:
    """The explanation lines of one person's month (R-EXP-1)."""
    return {"lines": results.explain(session, Month.parse(month), employee_no, lang, revision)}


@api.get("/quarters/{quarter}/results", name="api_quarter_results")
def api_quarter_results(
    session: SessionDep, quarter: str, lang: ApiLang = "zh", revision: Revision = None
) -> JSONResponse:
    """The quarter's rows, as `kefu results quarterly -f json` prints them."""
    return JSONResponse(results.quarterly(session, Quarter.parse(quarter), lang, revision).rows)


# ---------------------------------------------------------------- errors


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    lang = language(request.query_params.get("lang"))
    return render(request, lang, "error.html", status_code, status=status_code, message=message)


def install_error_handlers(app: FastAPI) -> None:
    """Expected failures as pages (or JSON under /api/) with their status; never a 500."""

    @app.exception_handler(KefuError)
    async def kefu_error(request: Request, exc: KefuError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.message}, status_code=exc.http_status)
        return _error_page(request, exc.http_status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return await http_exception_handler(request, exc)
        lang = language(request.query_params.get("lang"))
        message = translate("页面不存在", lang) if exc.status_code == 404 else str(exc.detail)
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):
            return await request_validation_exception_handler(request, exc)
        lang = language(request.query_params.get("lang"))
        fields = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        return _error_page(request, 400, f"{translate('请求参数不正确', lang)} ({fields})")


# ---------------------------------------------------------------- the app


def create_app(database_url: str | None = None) -> FastAPI:
    """The web app on a database (default: KEFU_DATABASE_URL or ./var/kefu.sqlite3)."""
    engine = engine_for(database_url or get_settings().resolved_database_url())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(migrate, engine)
        yield

    app = FastAPI(title="kefu 客服", lifespan=lifespan)
    app.state.engine = engine
    app.include_router(pages)
    app.include_router(api)
    install_error_handlers(app)
    return app
