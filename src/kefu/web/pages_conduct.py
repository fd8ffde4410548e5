"""Pages of conduct points (扣分, R-DIS-1): the list (by month, person and rule), the record
form, one event with its withdrawal, objection and answer (R-PUB-1), a person's months with
综合工作表现 as the policy's mapping makes it, and the catalogue.

Thin routes over kefu.conduct.service. The builders return plain data that the JSON API
(api_conduct) and the CLI serve as well. Who sees what (R-PRV-1): everyone their own points;
a team leader their team's, which they record; HR and managers the center.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.accounts import service as accounts
from kefu.accounts.rules import Viewer
from kefu.careers.views import step_text
from kefu.conduct import rules
from kefu.conduct import service as conduct
from kefu.conduct.models import ConductCharge, ConductEvent, ConductObjection
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.explain.trace import Step, num
from kefu.periods import Month
from kefu.policy.schema import ConductRule
from kefu.web.deps import INT_MAX, PageLang, SessionDep, StaffNoPath, StaffNoQuery
from kefu.web.i18n import language
from kefu.web.render import redirect, render
from kefu.web.security import require

pages = APIRouter()

Looker = Annotated[Viewer, Depends(require("conduct.view"))]
Recorder = Annotated[Viewer, Depends(require("conduct.record"))]
EventPath = Annotated[int, Path(ge=1, le=INT_MAX, description="扣分事件编号")]
ObjectionPath = Annotated[int, Path(ge=1, le=INT_MAX, description="申诉编号")]
PersonPath = StaffNoPath
Short = Annotated[str, Form(max_length=64)]
LongText = Annotated[str, Form(max_length=conduct.TEXT_MAX)]
MonthQuery = Annotated[str, Query(max_length=7, pattern=r"^(\d{4}-\d{2})?$")]
PersonQuery = StaffNoQuery
RuleQuery = Annotated[str, Query(max_length=64)]


def now() -> datetime:
    """The server's clock (tests patch this seam)."""
    return accounts.now()


def today() -> date:
    """The server's date: events are recorded and objections filed on it."""
    return now().date()


# ---------------------------------------------------------------- builders (pages, API, CLI)


def state_name(state: str, lang: Lang) -> str:
    return conduct.STATE_NAMES.get(state, {"zh": state, "en": state})[lang]


def steps_view(steps: Sequence[Step], lang: Lang) -> list[dict[str, Any]]:
    return [{"rule": s.rule, "code": s.code, "text": step_text(s, lang)} for s in steps]


def rule_row(rule: ConductRule, lang: Lang) -> dict[str, Any]:
    """One rule of the catalogue."""
    return {
        "code": rule.code,
        "name": rule.name if lang == "zh" else rule.name_en,
        "min_points": rule.min_points,
        "max_points": rule.max_points,
        "each_person": rule.each_person,
        "reference": rule.reference,
    }


def objection_row(o: ConductObjection | None, lang: Lang) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "id": o.id,
        "filed_by": o.filed_by,
        "filed_on": o.filed_on.isoformat(),
        "last_day": o.last_day.isoformat(),
        "reason": o.reason,
        "state": o.state,
        "outcome": o.outcome,
        "outcome_name": state_name(o.outcome, lang) if o.outcome else None,
        "points_after": o.points_after,
        "reply": o.reply,
        "answered_by": o.answered_by,
        "answered_on": o.answered_on.isoformat() if o.answered_on else None,
    }


def charge_row(
    event: ConductEvent, charge: ConductCharge, objection: ConductObjection | None, lang: Lang
) -> dict[str, Any]:
    """One person's points from one event, as lists show and the API serves them."""
    counts = event.state == conduct.RECORDED and charge.state != conduct.CANCELLED
    return {
        "event_id": event.id,
        "charge_id": charge.id,
        "on": event.on_day.isoformat(),
        "occurred_at": event.occurred_at.strftime("%Y-%m-%d %H:%M"),
        "month": event.month,
        "rule_code": event.rule_code,
        "rule_name": event.rule_name if lang == "zh" else event.rule_name_en,
        "employee_no": charge.employee_no,
        "name": charge.name,
        "team": charge.team,
        "points": charge.points,
        "final_points": charge.final_points,
        "counts": counts,
        "event_state": event.state,
        "state": charge.state if event.state == conduct.RECORDED else event.state,
        "state_name": state_name(
            charge.state if event.state == conduct.RECORDED else event.state, lang
        ),
        "recorded_by": event.recorded_by,
        "objection": objection_row(objection, lang),
    }


def event_view(
    session: Session, viewer: Viewer, event_id: int, lang: Lang, on: date
) -> dict[str, Any]:
    """One event as the viewer may see it: its people, objections and what may be done."""
    event, charges = conduct.event_in_view(session, viewer, event_id)
    found = conduct.objections_of(session, [c.id for c in charges])
    mine = next(
        (c for c in charges if viewer.employee_no and c.employee_no == viewer.employee_no), None
    )
    window: dict[str, Any] | None = None
    window_problem: str | None = None
    try:
        first, last, step = conduct.window_of(session, event)
        window = {"first_day": first.isoformat(), "last_day": last.isoformat()}
        window["text"] = step_text(step, lang)
        window["open"] = on <= last
    except KefuError as exc:
        window_problem = exc.message
    recorder = (
        viewer.can("conduct.record")
        and event.state == conduct.RECORDED
        and not any(viewer.employee_no and c.employee_no == viewer.employee_no for c in charges)
    )
    corrected_by = conduct.corrections_of(session, event.id)
    return {
        "id": event.id,
        "occurred_at": event.occurred_at.strftime("%Y-%m-%d %H:%M"),
        "on": event.on_day.isoformat(),
        "month": event.month,
        "rule_code": event.rule_code,
        "rule_name": event.rule_name if lang == "zh" else event.rule_name_en,
        "range": _range(event.min_points, event.max_points, lang),
        "each_person": event.each_person,
        "points": event.points,
        "what": event.what,
        "evidence": event.evidence,
        "attachment": event.attachment,
        "policy": event.policy_name,
        "recorded_by": event.recorded_by,
        "recorded_on": event.recorded_on.isoformat(),
        "corrects": event.corrects_id,
        "corrected_by": corrected_by,
        "state": event.state,
        "state_name": state_name(event.state, lang),
        "withdrawn_by": event.withdrawn_by,
        "withdrawn_on": event.withdrawn_on.isoformat() if event.withdrawn_on else None,
        "withdraw_reason": event.withdraw_reason,
        "people": [charge_row(event, c, found.get(c.id), lang) for c in charges],
        "window": window,
        "window_problem": window_problem,
        "may_object": (
            mine is not None
            and event.state == conduct.RECORDED
            and mine.id not in found
            and window is not None
            and bool(window["open"])
        ),
        "may_withdraw": recorder,
        "may_answer": (
            viewer.can("conduct.record")
            and viewer.username != event.recorded_by
            and event.state == conduct.RECORDED
        ),
        "viewer_no": viewer.employee_no,
    }


def _range(low: int, high: int, lang: Lang) -> str:
    if lang == "zh":
        return rules.range_text(low, high)
    return f"{low} points" if low == high else f"{low}–{high} points"


def list_view(
    session: Session, viewer: Viewer, lang: Lang, month: str, person: str, rule: str
) -> list[dict[str, Any]]:
    """The charges the viewer sees, by month, person and rule, newest first."""
    rows = conduct.charge_rows(session, viewer, month=month, person=person, rule=rule)
    return [charge_row(r.event, r.charge, r.objection, lang) for r in rows]


def person_view(session: Session, viewer: Viewer, employee_no: str, lang: Lang) -> dict[str, Any]:
    """A person's conduct: each month's points and 综合工作表现 by the mapping, every event."""
    no, name = conduct.person_in_view(session, viewer, employee_no)
    months = [
        {
            "month": m.month,
            "points": m.points,
            "events": m.events,
            "open_objections": m.open_objections,
            "imported": num(m.imported),
            "overall": num(m.overall),
            "steps": steps_view(m.steps, lang),
            "problem": m.problem,
        }
        for m in conduct.person_months(session, viewer, no)
    ]
    return {
        "employee_no": no,
        "name": name,
        "months": months,
        "events": list_view(session, viewer, lang, "", no, ""),
    }


def month_view(session: Session, viewer: Viewer, month: str, lang: Lang) -> dict[str, Any]:
    """The month's points per person the viewer sees (the figures the close reads)."""
    asked = str(Month.parse(month))
    seen = {
        r.charge.employee_no
        for r in conduct.charge_rows(session, viewer, month=asked, include_withdrawn=False)
    }
    totals = conduct.month_conduct(session, asked)
    return {
        "month": asked,
        "people": [
            {
                "employee_no": no,
                "points": m.points,
                "events": m.events,
                "open_objections": m.open_objections,
                "items": [
                    {"rule_code": i.rule_code, "points": i.points, "on": i.on.isoformat()}
                    for i in m.items
                ],
                "text": step_text(m.step(asked), lang),
            }
            for no, m in sorted(totals.items())
            if no in seen
        ],
    }


# ---------------------------------------------------------------- parsing form text


def parse_people(text: str) -> list[str]:
    """工号 separated by commas, spaces or 、."""
    return [p for p in re.split(r"[\s,，、;；]+", text.strip()) if p]


def parse_points(text: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d{1,4}", text):
        raise KefuError(f"扣分「{text}」应为正整数 (points are a whole number)")
    return int(text)


def parse_when(day_text: str, time_text: str) -> datetime:
    try:
        on = date.fromisoformat(day_text.strip())
    except ValueError:
        raise KefuError(f"日期「{day_text}」应为 YYYY-MM-DD") from None
    if not time_text.strip():
        return datetime.combine(on, time(0, 0))
    try:
        at = time.fromisoformat(time_text.strip())
    except ValueError:
        raise KefuError(f"时间「{time_text}」应为 HH:MM") from None
    return datetime.combine(on, at.replace(second=0, microsecond=0))


# ---------------------------------------------------------------- pages


@pages.get("/conduct", name="conduct_events", response_class=HTMLResponse)
def conduct_events(
    request: Request,
    session: SessionDep,
    viewer: Looker,
    month: MonthQuery = "",
    person: PersonQuery = "",
    rule: RuleQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """扣分记录: the points the viewer sees, filtered; objections waiting for an answer."""
    words = language(lang)
    on = today()
    try:
        catalogue = [rule_row(r, words) for r in conduct.catalogue(session, on)]
    except KefuError:
        catalogue = []
    waiting = [
        {"objection": objection_row(o, words), **charge_row(r.event, r.charge, o, words)}
        for o, r in conduct.open_objections(session, viewer)
    ]
    return render(
        request,
        words,
        "conduct_events.html",
        rows=list_view(session, viewer, words, month, person, rule),
        month=month,
        person=person,
        rule=rule,
        catalogue=catalogue,
        waiting=waiting,
        records=viewer.can("conduct.record"),
    )


@pages.get("/conduct/rules", name="conduct_rules", response_class=HTMLResponse)
def conduct_rules(
    request: Request, session: SessionDep, viewer: Looker, lang: PageLang = None
) -> HTMLResponse:
    """扣分标准: the catalogue in force today and how points reach 综合工作表现."""
    words = language(lang)
    section, loaded = conduct.conduct_policy(session, today())
    mapping = section.overall_conduct
    return render(
        request,
        words,
        "conduct_rules.html",
        catalogue=[rule_row(r, words) for r in section.rules],
        policy=loaded.label,
        mapping={
            "mode": mapping.mode,
            "base": num(mapping.base),
            "per_point": num(mapping.score_per_point),
            "floor": num(mapping.floor),
        },
        objection_days=section.objection_working_days,
    )


def _form_page(
    request: Request,
    session: Session,
    words: Lang,
    asked: dict[str, Any],
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    on = today()
    return render(
        request,
        words,
        "conduct_record.html",
        status,
        catalogue=[rule_row(r, words) for r in conduct.catalogue(session, on)],
        asked=asked,
        today=on.isoformat(),
        error=error,
    )


@pages.get("/conduct/record", name="conduct_record_form", response_class=HTMLResponse)
def conduct_record_form(
    request: Request,
    session: SessionDep,
    viewer: Recorder,
    corrects: Annotated[int | None, Query(ge=1, le=INT_MAX)] = None,
    person: PersonQuery = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """The record form; ``corrects`` fills it in from an event to correct."""
    words = language(lang)
    asked: dict[str, Any] = {
        "rule": "",
        "points": "",
        "people": person,
        "day": today().isoformat(),
        "at": "",
        "what": "",
        "evidence": "",
        "attachment": "",
        "corrects": "",
        "reason": "",
    }
    if corrects is not None:
        event, charges = conduct.event_in_view(session, viewer, corrects)
        asked |= {
            "rule": event.rule_code,
            "points": str(event.points),
            "people": ", ".join(c.employee_no for c in charges),
            "day": event.on_day.isoformat(),
            "at": event.occurred_at.strftime("%H:%M"),
            "what": event.what,
            "evidence": event.evidence,
            "attachment": event.attachment or "",
            "corrects": str(event.id),
        }
    return _form_page(request, session, words, asked)


@pages.post("/conduct/record", name="conduct_record")
def conduct_record(
    request: Request,
    session: SessionDep,
    viewer: Recorder,
    rule: Short = "",
    points: Short = "",
    people: Annotated[str, Form(max_length=2000)] = "",
    day: Short = "",
    at: Short = "",
    what: LongText = "",
    evidence: LongText = "",
    attachment: Annotated[str, Form(max_length=255)] = "",
    corrects: Short = "",
    reason: LongText = "",
    lang: PageLang = None,
) -> Response:
    """Record an event (or a correction of one, with its reason)."""
    words = language(lang)
    asked = {
        "rule": rule,
        "points": points,
        "people": people,
        "day": day,
        "at": at,
        "what": what,
        "evidence": evidence,
        "attachment": attachment,
        "corrects": corrects,
        "reason": reason,
    }
    try:
        if corrects.strip() and not corrects.strip().isdigit():
            raise KefuError("更正的事件编号应为数字")
        done = conduct.record(
            session,
            viewer,
            rule_code=rule.strip(),
            points=parse_points(points),
            people=parse_people(people),
            occurred_at=parse_when(day, at),
            what=what,
            evidence=evidence,
            attachment=attachment,
            today=today(),
            corrects=int(corrects) if corrects.strip() else None,
            reason=reason,
        )
    except KefuError as exc:
        session.rollback()
        return _form_page(request, session, words, asked, exc.message, exc.http_status)
    return redirect(request, words, "conduct_event", event_id=done.event.id, done="recorded")


def _event_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    event_id: int,
    words: Lang,
    done: str = "",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        words,
        "conduct_event.html",
        status,
        e=event_view(session, viewer, event_id, words, today()),
        done=done,
        error=error,
    )


@pages.get("/conduct/events/{event_id}", name="conduct_event", response_class=HTMLResponse)
def conduct_event(
    request: Request,
    session: SessionDep,
    viewer: Looker,
    event_id: EventPath,
    done: Annotated[str, Query(max_length=16)] = "",
    lang: PageLang = None,
) -> HTMLResponse:
    """One event: what happened, the evidence, the people and their points, objections."""
    return _event_page(request, session, viewer, event_id, language(lang), done)


def _refused(
    request: Request, session: Session, viewer: Viewer, event_id: int, words: Lang, exc: KefuError
) -> HTMLResponse:
    session.rollback()
    return _event_page(
        request, session, viewer, event_id, words, error=exc.message, status=exc.http_status
    )


@pages.post("/conduct/events/{event_id}/withdraw", name="conduct_withdraw")
def conduct_withdraw(
    request: Request,
    session: SessionDep,
    viewer: Recorder,
    event_id: EventPath,
    reason: LongText = "",
    lang: PageLang = None,
) -> Response:
    """Withdraw an event with its reason (it stays on record and no longer counts)."""
    words = language(lang)
    conduct.event_in_view(session, viewer, event_id)
    try:
        conduct.withdraw(session, viewer, event_id, reason, today())
    except KefuError as exc:
        if exc.http_status in (403, 404):
            raise
        return _refused(request, session, viewer, event_id, words, exc)
    return redirect(request, words, "conduct_event", event_id=event_id, done="withdrawn")


@pages.post("/conduct/events/{event_id}/objection", name="conduct_object")
def conduct_object(
    request: Request,
    session: SessionDep,
    viewer: Looker,
    event_id: EventPath,
    reason: LongText = "",
    lang: PageLang = None,
) -> Response:
    """The person charged objects to their points within the window (申诉, R-PUB-1)."""
    words = language(lang)
    conduct.event_in_view(session, viewer, event_id)
    try:
        conduct.object_to(session, viewer, event_id, reason, today())
    except KefuError as exc:
        if exc.http_status in (403, 404):
            raise
        return _refused(request, session, viewer, event_id, words, exc)
    return redirect(request, words, "conduct_event", event_id=event_id, done="objected")


@pages.post("/conduct/objections/{objection_id}/answer", name="conduct_answer")
def conduct_answer(
    request: Request,
    session: SessionDep,
    viewer: Recorder,
    objection_id: ObjectionPath,
    outcome: Short = "",
    points: Short = "",
    reply: LongText = "",
    lang: PageLang = None,
) -> Response:
    """Another leader, HR or a manager answers: upheld, reduced points, or cancelled."""
    words = language(lang)
    event_id = conduct.event_of_objection(session, viewer, objection_id)
    try:
        conduct.answer(
            session,
            viewer,
            objection_id,
            outcome=outcome,
            reply=reply,
            today=today(),
            points=parse_points(points) if points.strip() else None,
        )
    except KefuError as exc:
        if exc.http_status in (403, 404):
            raise
        return _refused(request, session, viewer, event_id, words, exc)
    return redirect(request, words, "conduct_event", event_id=event_id, done="answered")


@pages.get("/conduct/people/{employee_no}", name="conduct_person", response_class=HTMLResponse)
def conduct_person(
    request: Request,
    session: SessionDep,
    viewer: Looker,
    employee_no: PersonPath,
    lang: PageLang = None,
) -> HTMLResponse:
    """A person's conduct: month totals, 综合工作表现 by the mapping, every event."""
    words = language(lang)
    return render(
        request,
        words,
        "conduct_person.html",
        p=person_view(session, viewer, employee_no, words),
        records=viewer.can("conduct.record") and viewer.employee_no != employee_no,
    )
