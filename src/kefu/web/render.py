"""Pages are rendered here: the Jinja environment, money and time filters, links, language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.routing import Route

from kefu.accounts.rules import ROLE_NAMES, Viewer
from kefu.explain.messages import Lang
from kefu.web.i18n import translate


def yuan(value: object) -> str:
    """Money as yuan with thousands separators: 1200 → ¥1,200 (cents only when there are any)."""
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def signed_yuan(value: object) -> str:
    """A change of money: +¥100, -¥50, ¥0."""
    amount = Decimal(str(value))
    sign = "+" if amount > 0 else ("-" if amount < 0 else "")
    return sign + yuan(abs(amount))


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
templates.filters["signed_yuan"] = signed_yuan
templates.filters["when"] = when


def route_params(routes: list[Any]) -> dict[str, tuple[str, set[str]]]:
    """Route name → (its path template, its path parameters): the app keeps this for links."""
    return {r.name: (r.path, set(r.param_convertors)) for r in routes if isinstance(r, Route)}


def link(request: Request, lang: Lang, name: str, params: dict[str, Any]) -> str:
    """The path of a named route; other params go in the query, and ?lang=en is kept.

    The path is filled in from the route's template (a page may hold thousands of links, and
    Starlette's url_path_for walks every route for each one).
    """
    routes: dict[str, tuple[str, set[str]]] = request.app.state.route_params
    if name not in routes:
        return str(request.app.url_path_for(name, **params))  # a mount, e.g. static files
    template, path_names = routes[name]
    path = template
    for key in path_names:
        path = path.replace("{" + key + "}", quote(str(params[key]), safe=""))
    query = {k: v for k, v in params.items() if k not in path_names and v not in (None, "")}
    if lang == "en":
        query["lang"] = "en"
    return path + (f"?{urlencode(query)}" if query else "")


def redirect(request: Request, lang: Lang, name: str, **params: Any) -> RedirectResponse:
    """A 303 to a named page after a form, keeping ?lang=en (as link does)."""
    return RedirectResponse(link(request, lang, name, params), status_code=303)


def switch_language(request: Request, lang: Lang) -> str:
    """This page in the other language (every other query parameter kept)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if lang == "zh":
        params.append(("lang", "en"))
    return quote(request.url.path) + (f"?{urlencode(params)}" if params else "")


# the menu: groups of (route name, label, the permission that shows it); a group with one
# entry the account may see shows as a plain link, a larger one as a drop-down (<details>)
NAV: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("", (("dashboard", "概览", "dashboard.view"), ("inbox", "待办", "careers.view"))),
    (
        "绩效结算",
        (
            ("closed_periods", "结算结果", "results.view"),
            ("imports", "导入", "import.monthly-scores"),
            ("close_page", "结算", "close"),
            ("pay_page", "薪资", "pay.close"),
            ("policy_page", "政策", "policy.view"),
            ("whatif_page", "假设测算", "whatif"),
        ),
    ),
    (
        "排班考勤",
        (
            ("shifts", "排班", "shifts.view"),
            ("leave", "请假", "leave.request"),
            ("calendar", "日历", "calendar.view"),
        ),
    ),
    (
        "人员发展",
        (
            ("roster", "员工名册", "roster.view"),
            ("careers", "职业发展", "careers.view"),
            ("training", "新员工培训", "training.view"),
            ("exams", "我的考试", "exams.sit"),
            ("exam_bank", "题库", "exams.manage"),
            ("exam_marking", "阅卷", "exams.mark"),
            ("bottom_list", "末位名单", "bottom.view"),
            ("recruitment", "招聘", "recruitment.manage"),
        ),
    ),
    (
        "服务质量",
        (
            ("qa_home", "监控评分", "qa.view"),
            ("monitoring", "监控成绩", "monitoring.view"),
            ("qa_disputes", "申诉复核", "qa.review"),
            ("qa_calibrations", "校准", "qa.calibrate"),
            ("autoqa_check", "自动质检", "autoqa.check"),
            ("autoqa_libraries", "话术库", "autoqa.check"),
            ("qa_reports", "监控报表", "qa.reports"),
            ("qa_plans", "改进计划", "qa.view"),
        ),
    ),
    (
        "现场管理",
        (
            ("conduct_events", "扣分", "conduct.view"),
            ("meetings", "会议", "meetings.view"),
            ("handovers", "交接班", "handover.write"),
        ),
    ),
    (
        "系统",
        (("audit_page", "审计日志", "audit.view"), ("users_page", "用户管理", "users.manage")),
    ),
)


@dataclass(frozen=True)
class MenuGroup:
    """One part of the menu: a drop-down with its label, or plain links (label empty)."""

    label: str
    links: list[tuple[str, str]]


def menu(viewer: Viewer, url: Callable[..., str], t: Callable[..., str]) -> list[MenuGroup]:
    """The menu an account sees: only what its role may open (R-PRV-1), grouped."""
    mine = []
    if viewer.employee_no and viewer.can("results.view"):
        mine.append((url("person", employee_no=viewer.employee_no), t("我的成绩")))
    if viewer.employee_no and viewer.can("pay.view"):
        mine.append((url("pay_history", employee_no=viewer.employee_no), t("我的薪资")))
    groups = [MenuGroup("", mine)] if mine else []
    for label, entries in NAV:
        links = [(url(name), t(text)) for name, text, action in entries if viewer.can(action)]
        if links:
            groups.append(MenuGroup(t(label) if label and len(links) > 1 else "", links))
    return groups


def render(
    request: Request, lang: Lang, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page: the template with the translator, the link builder, the viewer and the menu."""

    def t(text: str, **values: Any) -> str:
        return translate(text, lang, **values)

    def url(name: str, **params: Any) -> str:
        return link(request, lang, name, params)

    def path(name: str, **params: Any) -> str:
        # A GET form's action: its own fields make the query, so the action carries none.
        return str(request.app.url_path_for(name, **params))

    viewer: Viewer | None = getattr(request.state, "viewer", None)
    nav = menu(viewer, url, t) if viewer is not None else []
    html = templates.get_template(template).render(
        lang=lang,
        t=t,
        url=url,
        path=path,
        other_language_url=switch_language(request, lang),
        viewer=viewer,
        role_name=ROLE_NAMES[viewer.role][lang] if viewer else "",
        csrf_token=getattr(request.state, "csrf", ""),
        nav=nav,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)
