"""Use cases of conduct points (扣分, R-DIS-1): record an event, withdraw or correct it, the
person's objection and its answer (R-PUB-1), lists cut to the viewer, and the month's points
as the close reads them.

The rules are kefu.conduct.rules; this module reads and writes the tables and never commits
(the request or the CLI command owns the transaction).

Decisions where the seed is silent:

* Team leaders record for the people of their own team, HR and managers for the center; nobody
  records points against themselves.
* A rule that is not ``each_person`` charges one person: several people are separate events.
* Nothing is edited: an event is withdrawn with its reason; a correction is a new event that
  names the one it corrects, which is withdrawn with the same reason.
* The person charged may object within ``conduct.objection_working_days`` working days of the
  statutory calendar, counted from the day the event was recorded. Another leader, HR or a
  manager answers — never the recorder nor the person: upheld, reduced (within the rule's
  range, below the recorded points) or cancelled.
* Points under an open objection count as recorded until it is answered; the month says how
  many objections are open.
* An event counts in the month of its date, withdrawn events and cancelled charges not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit import service as audit
from kefu.conduct import rules
from kefu.conduct.models import ConductCharge, ConductEvent, ConductObjection
from kefu.conduct.rules import ConductItem
from kefu.db import claim
from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.explain.trace import Step
from kefu.people.service import current_record
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import Conduct, ConductRule
from kefu.policy.service import policy_for
from kefu.scores.models import MonthlyScore
from kefu.workflow.rules import Calendar, Conflict, check_objection, notice_window

RULE = rules.RULE
RECORDED, WITHDRAWN = "recorded", "withdrawn"
STANDING, OBJECTED, UPHELD, REDUCED, CANCELLED = (
    "standing",
    "objected",
    "upheld",
    "reduced",
    "cancelled",
)
OPEN, ANSWERED = "open", "answered"
Outcome = Literal["upheld", "reduced", "cancelled"]
STATE_NAMES: dict[str, dict[str, str]] = {
    RECORDED: {"zh": "有效", "en": "recorded"},
    WITHDRAWN: {"zh": "已撤销", "en": "withdrawn"},
    STANDING: {"zh": "有效", "en": "standing"},
    OBJECTED: {"zh": "申诉中", "en": "objection open"},
    UPHELD: {"zh": "申诉未成立，维持", "en": "objection answered: upheld"},
    REDUCED: {"zh": "申诉后减少扣分", "en": "objection answered: reduced"},
    CANCELLED: {"zh": "申诉后撤销", "en": "objection answered: cancelled"},
}
# input limits, not policy: what happened, the evidence, a reason, an attachment's name
TEXT_MAX = 4000
NAME_MAX = 255
PEOPLE_MAX = 50


# ---------------------------------------------------------------- the API the close uses


@dataclass(frozen=True)
class ConductMonth:
    """One person's conduct points of a month, as the close reads them (R-DIS-1)."""

    employee_no: str
    points: int
    """The month's total: events of the month by their date, withdrawn and cancelled left out."""
    events: int
    items: tuple[ConductItem, ...]
    """(rule code, points, date) of each event counted."""
    open_objections: int = 0
    """Charges still under objection (counted as recorded until answered)."""

    def step(self, month: str) -> Step:
        """The month's points in words, for the bonus explanation (R-EXP-1)."""
        return Step(
            RULE,
            "conduct.month",
            {
                "month": month,
                "events": self.events,
                "points": self.points,
                "open": self.open_objections,
                "items": [f"{i.on.isoformat()} {i.rule_code} {i.points}" for i in self.items],
            },
        )


def month_conduct(session: Session, month: str) -> dict[str, ConductMonth]:
    """Each person's conduct points of ``month`` (YYYY-MM), in one query."""
    rows = session.execute(
        select(
            ConductCharge.employee_no,
            ConductEvent.rule_code,
            ConductCharge.final_points,
            ConductEvent.on_day,
            ConductCharge.state,
        )
        .join(ConductEvent, ConductEvent.id == ConductCharge.event_id)
        .where(
            ConductEvent.month == str(Month.parse(month)),
            ConductEvent.state == RECORDED,
            ConductCharge.state != CANCELLED,
        )
        .order_by(ConductCharge.employee_no, ConductEvent.on_day, ConductEvent.id)
    ).all()
    items: dict[str, list[ConductItem]] = defaultdict(list)
    open_count: dict[str, int] = defaultdict(int)
    for no, code, points, on, state in rows:
        items[no].append(ConductItem(code, points, on))
        open_count[no] += state == OBJECTED
    return {
        no: ConductMonth(no, rules.month_points(found), len(found), tuple(found), open_count[no])
        for no, found in items.items()
    }


def overall_for(
    session: Session, month: str, imported: Decimal | None, points: int
) -> tuple[Decimal, Step]:
    """综合工作表现 after ``points`` by the mapping of the policy in force in ``month``."""
    section, _ = conduct_policy_of_month(session, Month.parse(month))
    return rules.overall_conduct(imported, points, section.overall_conduct)


# ---------------------------------------------------------------- policy


def conduct_policy_of_month(session: Session, month: Month) -> tuple[Conduct, LoadedPolicy]:
    """The conduct section of the policy in force in ``month``, or a refusal naming it."""
    loaded = policy_for(session, month).policy
    section = loaded.model.conduct
    if section is None:
        raise KefuError(f"政策 {loaded.name} 没有扣分标准 (conduct) 一节:无法记录扣分 ({RULE})")
    problems = rules.check_catalogue(section)
    if problems:
        raise KefuError(f"政策 {loaded.name} 的扣分标准有误:\n" + "\n".join(problems))
    return section, loaded


def conduct_policy(session: Session, on: date) -> tuple[Conduct, LoadedPolicy]:
    """The conduct section of the policy in force on ``on``."""
    return conduct_policy_of_month(session, Month.of(on))


def catalogue(session: Session, on: date) -> list[ConductRule]:
    """The catalogue of conduct rules (扣分标准) in force on ``on``."""
    return list(conduct_policy(session, on)[0].rules)


def objection_days(session: Session, on: date) -> int:
    """The objection window in working days, or a refusal naming the open parameter."""
    section, loaded = conduct_policy(session, on)
    if section.objection_working_days is None:
        raise PolicyParameterMissing(
            loaded.name, "conduct.objection_working_days", rules.OBJECTION_RULE
        )
    return section.objection_working_days


def work_calendar() -> Calendar:
    """The statutory calendar (working days for the objection window)."""
    from kefu.attendance.service import work_calendar as statutory

    return statutory()


# ---------------------------------------------------------------- reading


def get_event(session: Session, event_id: int) -> ConductEvent:
    found = session.get(ConductEvent, event_id)
    if found is None:
        raise NotFound(f"没有编号为 {event_id} 的扣分事件 (no conduct event {event_id})")
    return found


def charges_of(session: Session, event_id: int) -> list[ConductCharge]:
    return list(
        session.scalars(
            select(ConductCharge)
            .where(ConductCharge.event_id == event_id)
            .order_by(ConductCharge.employee_no)
        )
    )


def _sees(viewer: Viewer, charge: ConductCharge) -> bool:
    return viewer.sees(charge.employee_no, charge.department, charge.team)


def event_in_view(
    session: Session, viewer: Viewer, event_id: int
) -> tuple[ConductEvent, list[ConductCharge]]:
    """An event and the charges the viewer may see; 404 when they see none (R-PRV-1)."""
    event = get_event(session, event_id)
    seen = [c for c in charges_of(session, event_id) if _sees(viewer, c)]
    if not seen and event.recorded_by != viewer.username:
        raise NotFound(f"没有编号为 {event_id} 的扣分事件 (no conduct event {event_id})")
    return event, seen


def objections_of(session: Session, charge_ids: Sequence[int]) -> dict[int, ConductObjection]:
    """The objection filed against each charge (by charge id)."""
    if not charge_ids:
        return {}
    found = session.scalars(
        select(ConductObjection).where(ConductObjection.charge_id.in_(list(charge_ids)))
    )
    return {o.charge_id: o for o in found}


@dataclass(frozen=True)
class ChargeRow:
    """One person's points from one event, as lists show them."""

    event: ConductEvent
    charge: ConductCharge
    objection: ConductObjection | None


def charge_rows(
    session: Session,
    viewer: Viewer,
    *,
    month: str = "",
    person: str = "",
    rule: str = "",
    include_withdrawn: bool = True,
) -> list[ChargeRow]:
    """Charges by month, person and rule, cut to the viewer's scope (R-PRV-1), newest first."""
    stmt = select(ConductEvent, ConductCharge).join(
        ConductCharge, ConductCharge.event_id == ConductEvent.id
    )
    if month:
        stmt = stmt.where(ConductEvent.month == str(Month.parse(month)))
    if person:
        stmt = stmt.where(ConductCharge.employee_no == person)
    if rule:
        stmt = stmt.where(ConductEvent.rule_code == rule)
    if not include_withdrawn:
        stmt = stmt.where(ConductEvent.state == RECORDED)
    if viewer.scope == "own" or viewer.scope == "none":
        stmt = stmt.where(ConductCharge.employee_no == (viewer.employee_no or ""))
    elif viewer.scope == "team":
        stmt = stmt.where(
            (ConductCharge.employee_no == (viewer.employee_no or ""))
            | (
                (ConductCharge.team == viewer.team)
                & (ConductCharge.department == viewer.department)
            )
        )
    rows = [
        (e, c)
        for e, c in session.execute(
            stmt.order_by(ConductEvent.on_day.desc(), ConductEvent.id.desc(), ConductCharge.id)
        ).all()
        if _sees(viewer, c)
    ]
    found = objections_of(session, [c.id for _, c in rows])
    return [ChargeRow(e, c, found.get(c.id)) for e, c in rows]


def imported_overall(session: Session, employee_no: str, month: str) -> Decimal | None:
    """The 综合工作表现 imported for a person's month, if any."""
    from kefu.people.models import Employee

    return session.scalar(
        select(MonthlyScore.overall_conduct)
        .join(Employee, Employee.id == MonthlyScore.employee_id)
        .where(Employee.employee_no == employee_no, MonthlyScore.month == month)
    )


@dataclass(frozen=True)
class PersonMonth:
    """A person's month: points, events, and 综合工作表现 as the mapping would make it."""

    month: str
    points: int
    events: int
    open_objections: int
    imported: Decimal | None
    overall: Decimal | None
    steps: tuple[Step, ...] = field(default=())
    problem: str | None = None


def person_months(session: Session, viewer: Viewer, employee_no: str) -> list[PersonMonth]:
    """Each month with conduct points of one person the viewer sees, newest first."""
    rows = charge_rows(session, viewer, person=employee_no, include_withdrawn=False)
    by_month: dict[str, list[ConductCharge]] = defaultdict(list)
    for row in rows:
        by_month[row.event.month].append(row.charge)
    out = []
    for month in sorted(by_month, reverse=True):
        counted = [c for c in by_month[month] if c.state != CANCELLED]
        points = rules.month_points(ConductItem("", c.final_points, date.min) for c in counted)
        imported = imported_overall(session, employee_no, month)
        try:
            value, step = overall_for(session, month, imported, points)
            steps: tuple[Step, ...] = (step,)
            problem = None
        except KefuError as exc:
            value, steps, problem = None, (), exc.message
        out.append(
            PersonMonth(
                month,
                points,
                len(counted),
                sum(c.state == OBJECTED for c in counted),
                imported,
                value,
                steps,
                problem,
            )
        )
    return out


def person_in_view(session: Session, viewer: Viewer, employee_no: str) -> tuple[str, str]:
    """(工号, name) of a person the viewer may see; 404 otherwise (R-PRV-1)."""
    record = current_record(session, employee_no)
    if record is None or not viewer.sees(employee_no, record.department, record.team):
        raise NotFound(f"没有找到工号 {employee_no} 的记录")
    return employee_no, record.name


# ---------------------------------------------------------------- recording


def _may_record(viewer: Viewer) -> None:
    if not viewer.can("conduct.record"):
        raise Forbidden("扣分由组长、人事或客服经理记录 (team leaders, HR or managers)")


def _audit(session: Session, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
    """Into the audit log (R-AUD-1)."""
    audit.record(session, actor, action, target, detail)


def _clean(text: str, what: str, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise KefuError(f"请填写{what}")
    if len(text) > TEXT_MAX:
        raise KefuError(f"{what}最多 {TEXT_MAX} 个字 ({what} is too long)")
    return text


@dataclass(frozen=True)
class Recorded:
    """A recorded event, its charges and why it was accepted."""

    event: ConductEvent
    charges: list[ConductCharge]
    steps: tuple[Step, ...]


def record(
    session: Session,
    viewer: Viewer,
    *,
    rule_code: str,
    points: int,
    people: Sequence[str],
    occurred_at: datetime,
    what: str,
    evidence: str,
    today: date,
    attachment: str | None = None,
    corrects: int | None = None,
    reason: str = "",
) -> Recorded:
    """Record a conduct event: its rule, points within the range, the people, the evidence."""
    _may_record(viewer)
    section, loaded = conduct_policy(session, occurred_at.date())
    rule = rules.find_rule(section, rule_code)
    what = _clean(what, "事件经过 (what happened)")
    evidence = _clean(evidence, "证据 (evidence)")
    attachment = (attachment or "").strip()[:NAME_MAX] or None
    people = [p.strip() for p in people if p.strip()]
    if len(people) > PEOPLE_MAX:
        raise KefuError(f"一次最多记录 {PEOPLE_MAX} 人 (at most {PEOPLE_MAX} people)")
    if occurred_at.date() > today:
        raise KefuError(
            f"事件日期 {occurred_at.date().isoformat()} 晚于今天，不能预先记录 "
            f"(an event cannot be in the future)"
        )
    steps = [
        rules.check_points(rule.code, rule.min_points, rule.max_points, points),
        rules.check_people(rule, people),
    ]
    found = []
    for no in people:
        if viewer.employee_no is not None and no == viewer.employee_no:
            raise Forbidden("不能给自己记录扣分 (nobody records points against themselves)")
        person = current_record(session, no)
        if person is None or not viewer.sees(no, person.department, person.team):
            raise NotFound(f"没有找到工号 {no} 的记录")
        found.append((no, person))
    old: ConductEvent | None = None
    if corrects is not None:
        reason = _clean(reason, "更正原因 (reason)")
        old = get_event(session, corrects)
        _check_withdraw(session, viewer, old)
    event = ConductEvent(
        occurred_at=occurred_at,
        on_day=occurred_at.date(),
        month=str(Month.of(occurred_at.date())),
        rule_code=rule.code,
        rule_name=rule.name,
        rule_name_en=rule.name_en,
        min_points=rule.min_points,
        max_points=rule.max_points,
        each_person=rule.each_person,
        points=points,
        what=what,
        evidence=evidence,
        attachment=attachment,
        policy_name=loaded.name,
        recorded_by=viewer.username,
        recorded_on=today,
        corrects_id=corrects,
        state=RECORDED,
    )
    session.add(event)
    session.flush()
    charges = []
    for no, person in found:
        charge = ConductCharge(
            event_id=event.id,
            employee_no=no,
            name=person.name,
            department=person.department,
            team=person.team,
            points=points,
            final_points=points,
            state=STANDING,
        )
        session.add(charge)
        charges.append(charge)
    session.flush()
    _audit(
        session,
        viewer.username,
        "conduct.record",
        f"conduct:{event.id}",
        {"rule": rule.code, "points": points, "people": list(people), "corrects": corrects},
    )
    if old is not None:
        _withdraw(session, viewer, old, f"{reason} (更正为 #{event.id})", today)
    return Recorded(event, charges, tuple(steps))


def _check_withdraw(session: Session, viewer: Viewer, event: ConductEvent) -> None:
    _may_record(viewer)
    if event.state == WITHDRAWN:
        raise Conflict(f"扣分事件 #{event.id} 已撤销 (already withdrawn)")
    for charge in charges_of(session, event.id):
        if not _sees(viewer, charge):
            raise NotFound(f"没有编号为 {event.id} 的扣分事件 (no conduct event {event.id})")
        if viewer.employee_no is not None and charge.employee_no == viewer.employee_no:
            raise Forbidden("不能撤销或更正自己的扣分 (not one's own points)")


def _withdraw(
    session: Session, viewer: Viewer, event: ConductEvent, reason: str, today: date
) -> None:
    # of two withdrawals or corrections given at once, the first takes the event; the second
    # finds it withdrawn and nothing of it (not even a correcting event) is written
    claim(
        session,
        event,
        {"state": RECORDED},
        {
            "state": WITHDRAWN,
            "withdrawn_by": viewer.username,
            "withdrawn_on": today,
            "withdraw_reason": reason,
        },
        lambda now: Conflict(
            f"扣分事件 #{now.id} 已由 {now.withdrawn_by} 撤销，请刷新后查看 (already withdrawn)"
        ),
    )
    _audit(session, viewer.username, "conduct.withdraw", f"conduct:{event.id}", {"reason": reason})


def withdraw(
    session: Session, viewer: Viewer, event_id: int, reason: str, today: date
) -> ConductEvent:
    """Withdraw an event with its reason: it stays on record and no longer counts."""
    event = get_event(session, event_id)
    _check_withdraw(session, viewer, event)
    _withdraw(session, viewer, event, _clean(reason, "撤销原因 (reason)"), today)
    return event


# ---------------------------------------------------------------- objections (R-PUB-1)


def window_of(
    session: Session, event: ConductEvent, calendar: Calendar | None = None
) -> tuple[date, date, Step]:
    """The objection window of an event: from its recording day, N working days."""
    days = objection_days(session, event.recorded_on)
    window = notice_window(calendar or work_calendar(), event.recorded_on, days)
    return window.first_day, window.last_day, window.step(rules.OBJECTION_RULE)


def object_to(
    session: Session,
    viewer: Viewer,
    event_id: int,
    reason: str,
    today: date,
    calendar: Calendar | None = None,
) -> ConductObjection:
    """The person charged objects to their points within the window (申诉, R-PUB-1)."""
    event = get_event(session, event_id)
    charge = next(
        (
            c
            for c in charges_of(session, event_id)
            if viewer.employee_no is not None and c.employee_no == viewer.employee_no
        ),
        None,
    )
    if charge is None:
        event_in_view(session, viewer, event_id)
        raise Forbidden("只有被扣分的本人可以申诉 (only the person charged may object)")
    if event.state == WITHDRAWN:
        raise KefuError(f"扣分事件 #{event.id} 已撤销，无需申诉 (the event is withdrawn)")
    if session.scalar(
        select(func.count(ConductObjection.id)).where(ConductObjection.charge_id == charge.id)
    ):
        raise Conflict("您已对这项扣分提出过申诉，请刷新后查看 (one objection per charge)")
    reason = _clean(reason, "申诉理由 (reason)")
    days = objection_days(session, event.recorded_on)
    window = notice_window(calendar or work_calendar(), event.recorded_on, days)
    check_objection(window, today, rules.OBJECTION_RULE)
    objection = ConductObjection(
        charge_id=charge.id,
        filed_by=viewer.username,
        filed_on=today,
        last_day=window.last_day,
        reason=reason,
        state=OPEN,
    )
    # one objection per charge, also when two are sent at once: the first claims the charge
    claim(
        session,
        charge,
        {"state": charge.state},
        {"state": OBJECTED},
        lambda _: Conflict("您已对这项扣分提出过申诉，请刷新后查看 (one objection per charge)"),
    )
    session.add(objection)
    session.flush()
    _audit(
        session,
        viewer.username,
        "conduct.object",
        f"conduct:{event.id}",
        {"objection": objection.id, "employee_no": charge.employee_no},
    )
    return objection


def get_objection(session: Session, objection_id: int) -> ConductObjection:
    found = session.get(ConductObjection, objection_id)
    if found is None:
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    return found


def event_of_objection(session: Session, viewer: Viewer, objection_id: int) -> int:
    """The event an objection is about, if the viewer sees the person; 404 otherwise."""
    objection = get_objection(session, objection_id)
    charge = session.get(ConductCharge, objection.charge_id)
    if charge is None or not _sees(viewer, charge):
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    return charge.event_id


def corrections_of(session: Session, event_id: int) -> list[int]:
    """The events that correct this one."""
    return list(
        session.scalars(
            select(ConductEvent.id)
            .where(ConductEvent.corrects_id == event_id)
            .order_by(ConductEvent.id)
        )
    )


def answer(
    session: Session,
    viewer: Viewer,
    objection_id: int,
    *,
    outcome: str,
    reply: str,
    today: date,
    points: int | None = None,
) -> ConductObjection:
    """Another leader, HR or a manager answers: upheld, reduced points, or cancelled."""
    _may_record(viewer)
    objection = get_objection(session, objection_id)
    charge = session.get(ConductCharge, objection.charge_id)
    assert charge is not None
    if not _sees(viewer, charge):
        raise NotFound(f"没有编号为 {objection_id} 的申诉 (no objection {objection_id})")
    event = get_event(session, charge.event_id)
    if objection.state != OPEN:
        raise KefuError(f"申诉 #{objection.id} 已答复 (already answered)")
    if viewer.username == event.recorded_by:
        raise Forbidden("申诉须由记录人以外的组长、人事或经理答复 (not the recorder)")
    if viewer.employee_no is not None and viewer.employee_no == charge.employee_no:
        raise Forbidden("不能答复自己的申诉 (not one's own objection)")
    reply = _clean(reply, "答复 (reply)")
    if outcome == REDUCED:
        if points is None:
            raise KefuError("减少扣分时请填写新的扣分 (the reduced points)")
        rules.check_reduced(event.min_points, charge.points, points)
        after = points
    elif outcome == UPHELD:
        after = charge.points
    elif outcome == CANCELLED:
        after = 0
    else:
        raise KefuError("结论应为 upheld、reduced 或 cancelled")
    # claim the objection only while it is still open: of two answers given at once, the
    # second finds it answered (the database re-checks the state) and nothing of it is written
    claim(
        session,
        objection,
        {"state": OPEN},
        {
            "state": ANSWERED,
            "outcome": outcome,
            "points_after": after,
            "reply": reply,
            "answered_by": viewer.username,
            "answered_on": today,
        },
        lambda now: Conflict(f"申诉 #{now.id} 已由他人答复 (someone answered it first)"),
    )
    charge.state = outcome
    charge.final_points = after
    session.flush()
    _audit(
        session,
        viewer.username,
        "conduct.answer",
        f"conduct:{event.id}",
        {"objection": objection.id, "outcome": outcome, "points": after},
    )
    return objection


def open_objections(session: Session, viewer: Viewer) -> list[tuple[ConductObjection, ChargeRow]]:
    """Objections waiting for an answer that the viewer may give, oldest first."""
    if not viewer.can("conduct.record"):
        return []
    rows = session.execute(
        select(ConductObjection, ConductCharge, ConductEvent)
        .join(ConductCharge, ConductCharge.id == ConductObjection.charge_id)
        .join(ConductEvent, ConductEvent.id == ConductCharge.event_id)
        .where(ConductObjection.state == OPEN)
        .order_by(ConductObjection.id)
    ).all()
    return [
        (o, ChargeRow(e, c, o))
        for o, c, e in rows
        if _sees(viewer, c)
        and e.recorded_by != viewer.username
        and c.employee_no != viewer.employee_no
    ]
