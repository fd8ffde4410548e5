"""假设测算 (what-if): edit a draft of a closed month's policy, see who gains or loses, adopt it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from kefu.accounts.rules import Viewer
from kefu.closing import repository as repo
from kefu.closing.service import policy_of_close
from kefu.errors import Forbidden, KefuError
from kefu.periods import Month
from kefu.policy import service as policies
from kefu.web.deps import PageLang, SessionDep, chosen_month
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require
from kefu.whatif.rules import apply_edits, editable_fields
from kefu.whatif.service import closed_month, what_if

pages = APIRouter()

Planner = Annotated[Viewer, Depends(require("whatif"))]
EDIT_PREFIX = "edit."
MAX_EDITS = 200


async def _form(request: Request) -> FormData:
    """The request's form (parsed once, on the event loop; the route itself runs in a thread)."""
    return await request.form()


async def _edits(request: Request) -> dict[str, str]:
    """The form's changed fields: ``edit.<path>`` whose value differs from ``was.<path>``."""
    form = await request.form()
    edits: dict[str, str] = {}
    for key, value in form.multi_items():
        if not key.startswith(EDIT_PREFIX) or not isinstance(value, str):
            continue
        path = key[len(EDIT_PREFIX) :]
        was = form.get(f"was.{path}")
        if value.strip() != (was.strip() if isinstance(was, str) else None):
            edits[path] = value.strip()
    if len(edits) > MAX_EDITS:
        raise KefuError("一次修改的项目过多")
    return edits


PostedForm = Annotated[FormData, Depends(_form)]
Edits = Annotated[dict[str, str], Depends(_edits)]


def _month_field(value: object) -> Month:
    if not isinstance(value, str):
        raise KefuError("请选择一个已结算的月份")
    return Month.parse(value)


@pages.get("/whatif", name="whatif_page", response_class=HTMLResponse)
def whatif_page(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    month: Annotated[str, Query(max_length=7)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """The draft form: the closed month's policy numbers, ready to edit."""
    words = language(lang)
    months = sorted({c.period for c in repo.closes(session, "monthly")}, reverse=True)
    chosen = chosen_month(month, months)
    fields, label = [], ""
    if chosen:
        close = closed_month(session, Month.parse(chosen))
        policy = policy_of_close(session, close).policy
        fields, label = editable_fields(policy), policy.label
    return render(
        request,
        words,
        "whatif.html",
        month=chosen,
        months=months,
        fields=fields,
        policy_label=label,
        result=None,
        edits={},
        can_adopt=viewer.can("policy.adopt"),
        next_month=str(Month.of(date.today()).shift(1)),
    )


@pages.post("/whatif", name="whatif_run", response_class=HTMLResponse)
def whatif_run(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    form: PostedForm,
    edits: Edits,
    lang: PageLang = None,
) -> HTMLResponse:
    """Run the draft over the closed month's frozen inputs; nothing is written."""
    words = language(lang)
    month = _month_field(form.get("month"))
    close = closed_month(session, month)
    policy = policy_of_close(session, close).policy
    draft = apply_edits(policy.text, edits)
    result = what_if(session, month, draft, source="草案")
    template = "_whatif_result.html" if request.headers.get("HX-Request") else "whatif.html"
    return render(
        request,
        words,
        template,
        month=str(month),
        months=[str(month)],
        fields=editable_fields(policy),
        policy_label=policy.label,
        result=result,
        edits=edits,
        can_adopt=viewer.can("policy.adopt"),
        next_month=str(Month.of(date.today()).shift(1)),
    )


@pages.post("/whatif/adopt", name="whatif_adopt")
def whatif_adopt(
    request: Request,
    session: SessionDep,
    viewer: Planner,
    form: PostedForm,
    edits: Edits,
    lang: PageLang = None,
) -> Response:
    """Adopt the draft from a month: recorded with who adopted it and when (audited)."""
    if not viewer.can("policy.adopt"):
        raise Forbidden("您的角色无权启用政策 (R-PRV-1)")
    month = _month_field(form.get("month"))
    start = _month_field(form.get("from_month"))
    if not edits:
        raise KefuError("草案与现行政策相同，没有可启用的修改")
    close = closed_month(session, month)
    draft = apply_edits(policy_of_close(session, close).policy.text, edits)
    policies.use_policy_text(session, draft, f"假设测算草案 ({month})", start, viewer.username)
    return redirect(request, language(lang), "policy_page", month=str(start))
