"""The monthly pay close (薪资结算, R-PAY-1..3): gather, compute, freeze, with the hours ledger.

A pay close needs the month's bonus close (monthly bonus, awards and star wage come from its
newest revision), the policy's pay and hours sections, and — for everyone rostered — the
attendance cycle computed from shifts and records, and the hours and comp-time ledgers
(R-HRS-1..2). Like every close it is all or nothing and never changes an earlier revision
(R-AUD-1): closing again after a change writes a new revision listing who changed how.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kefu.attendance import service as attendance
from kefu.attendance.ledger import Ledger, PeriodLedger
from kefu.attendance.models import CompTimeEntry
from kefu.attendance.summary import CycleAttendance
from kefu.closing import repository as closing_repo
from kefu.closing.service import (
    CloseReport,
    _audit_close,
    _compare,
    _digest,
    _next_revision,
    _no_cyclic_gc,
    _report,
)
from kefu.db import fetch_rows
from kefu.errors import CloseRefused, NotFound
from kefu.explain.trace import num
from kefu.pay.models import PayAdjustment, PayResult
from kefu.pay.rules import PayInputs, PayOutcome, compute_pay
from kefu.people import service as people
from kefu.people.rules import month_state
from kefu.periods import Month
from kefu.policy.schema import Pay
from kefu.policy.service import policy_for
from kefu.workdays.calendar import WorkCalendar

PAY_KIND = "pay"


@dataclass(frozen=True)
class PayPerson:
    """Everything frozen for one person's pay: the rules' inputs and the hours ledger."""

    employee_id: int
    inputs: PayInputs
    hours: dict[str, Any]


def close_pay(session: Session, month: Month, actor: str, today: date | None = None) -> CloseReport:
    """Compute and freeze a month's pay; a new revision only when something changed."""
    with _no_cyclic_gc():
        return _close_pay(session, month, actor, today or date.today())


def _close_pay(session: Session, month: Month, actor: str, today: date) -> CloseReport:
    policy = policy_for(session, month)
    bonus_close = closing_repo.latest_close(session, "monthly", str(month))
    if bonus_close is None:
        raise CloseRefused(
            f"{month} 的月度奖金尚未结算:薪资中的月度奖金、表现优异奖和星级工资取自该结算 (R-PAY-1)，"
            f"请先执行 kefu close monthly {month}"
        )
    _, cycle_end = attendance.cycle_of(policy, month)
    if today <= cycle_end:
        # the hours ledger would take the unfinished cycle's missing hours as a shortfall
        raise CloseRefused(
            f"{month} 的考勤周期到 {cycle_end.isoformat()} 才结束:周期结束后才能结算薪资 "
            "(工时不足与换休在周期结束时结算, R-HRS-1)"
        )
    calendar = attendance.work_calendar()
    gathered, ledgers = gather_pay(session, month, bonus_close.id, bonus_close.revision, calendar)
    outcomes = compute_pay(policy.policy, str(month), [p.inputs for p in gathered])
    frozen = {p.inputs.employee_no: _frozen(p) for p in gathered}
    digest = _digest(policy.policy.sha256, sorted(frozen.items()))
    totals = _totals(outcomes)
    summary = {"people": len(outcomes), "totals": totals, "bonus_revision": bonus_close.revision}
    previous, close = _next_revision(session, PAY_KIND, str(month), policy, actor, digest, summary)
    report = _report(close, previous, len(outcomes), policy, totals)
    if close is None:
        return report
    _audit_close(session, actor, close, report)
    by_no = {p.inputs.employee_no: p for p in gathered}
    rows = [_row(close.id, o, by_no[o.employee_no], frozen[o.employee_no]) for o in outcomes]
    if rows:
        session.execute(insert(PayResult), rows)
    _freeze_ledger(session, close.id, month, gathered, ledgers)
    if previous is not None:
        old = {r.employee_no: _comparable(r.lines, r.net) for r in pay_rows(session, previous.id)}
        new = {r["employee_no"]: _comparable(r["lines"], r["net"]) for r in rows}
        fields = tuple(sorted({f for v in (*old.values(), *new.values()) for f in v}))
        report.result_changes = _compare(old, new, fields)
        close.changes = {
            "from_revision": previous.revision,
            "result_changes": report.result_changes,
        }
    return report


def gather_pay(
    session: Session, month: Month, bonus_close_id: int, bonus_revision: int, calendar: WorkCalendar
) -> tuple[list[PayPerson], dict[int, Ledger]]:
    """Everyone employed in the month, with every input of their pay, in a few bulk reads."""
    policy = policy_for(session, month)
    hist = people.histories(session, month.last_day)
    bonus = {r.employee_no: r for r in closing_repo.monthly_rows(session, bonus_close_id)}
    summaries = closing_repo.attendance_for(session, str(month))
    setting = attendance.cycle_setting(session, month, calendar)
    ledgers, cycles = attendance.ledgers(session, month, calendar=calendar, detail={month})
    # as in the bonus close: only a shift inside the cycle makes the figures come from the
    # records; a W shift the evening before only lends its morning hours (R-BON-5)
    rostered = {
        emp
        for emp, found in cycles.items()
        if month in found and any(day.in_cycle for day in found[month].days)
    }
    adjustments = _adjustments(session, str(month))
    hours = policy.policy.model.hours
    assert hours is not None
    month_days = calendar.month(month, hours.hours_per_working_day).working_days
    out: list[PayPerson] = []
    for no, (emp_id, records) in hist.items():
        state = month_state(no, records, month)
        if state is None or not state.employed:
            continue
        cur = state.current
        share = _base_share(cur.hired_on, cur.left_on, month, month_days, calendar)
        result = bonus.get(no)
        cycle: CycleAttendance | None = (
            cycles.get(emp_id, {}).get(month) if emp_id in rostered else None
        )
        sources = {"bonus": f"{month} 月度结算第 {bonus_revision} 版"}
        if cycle is not None:
            night, worked, holiday = cycle.night_shifts, cycle.shifts_worked, cycle.holiday_hours
            personal, sick = cycle.personal_leave_days, cycle.sick_leave_days
            unapproved = cycle.unapproved_absence_days
            sources["attendance"] = (
                f"排班与考勤记录 {setting.start.isoformat()}—{setting.end.isoformat()}"
            )
        else:
            night, worked, holiday = 0, 0, Decimal(0)
            row = summaries.get(emp_id)
            personal = Decimal(row[1]) if row else Decimal(0)
            sick = Decimal(row[2]) if row else Decimal(0)
            unapproved = Decimal(row[6]) if row else Decimal(0)
            sources["attendance"] = "考勤汇总（导入）" if row else "无考勤记录"
        allowances, deductions = adjustments.get(emp_id, ((), ()))
        allowances = _policy_allowances(policy.policy.model.pay, share, worked, night) + allowances
        inputs = PayInputs(
            employee_no=no,
            name=cur.name,
            role=cur.role,
            department=cur.department,
            team=cur.team,
            level=cur.level,
            status=cur.status,
            standby=state.standby,
            base_share=share,
            star_wage=_money(result.star_wage) if result else Decimal(0),
            monthly_bonus=_money(result.bonus) if result else Decimal(0),
            awards=tuple(
                (a["theme"], Decimal(a["amount"])) for a in (result.awards if result else [])
            ),
            night_shifts=night,
            shifts_worked=worked,
            holiday_hours=holiday,
            personal_leave_days=personal,
            sick_leave_days=sick,
            unapproved_absence_days=unapproved,
            other_allowances=allowances,
            other_deductions=deductions,
            sources=sources,
        )
        ledger = ledgers.get(emp_id)
        out.append(PayPerson(emp_id, inputs, _hours_of(ledger, str(month))))
    return out, ledgers


def _policy_allowances(
    pay: Pay | None, share: Decimal, worked: int, night: int
) -> tuple[tuple[str, Decimal], ...]:
    """The policy's other allowances for the month (R-PAY-1 其它津贴).

    A monthly allowance follows the share of the month employed, like the base.
    """
    if pay is None:
        return ()
    out = []
    for item in pay.other_allowances:
        count = {"month": share, "shift_worked": Decimal(worked), "night_shift": Decimal(night)}
        out.append((item.name, item.amount * count[item.per]))
    return tuple(out)


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _base_share(
    hired: date, left: date | None, month: Month, month_days: int, calendar: WorkCalendar
) -> Decimal:
    """Share of the month's working days employed (1 for a whole month)."""
    first = max(hired, month.first_day)
    last = min(left, month.last_day) if left else month.last_day
    if first == month.first_day and last == month.last_day:
        return Decimal(1)
    if last < first or month_days == 0:
        return Decimal(0)
    return Decimal(calendar.working_days(first, last)) / Decimal(month_days)


def _adjustments(
    session: Session, month: str
) -> dict[int, tuple[tuple[tuple[str, Decimal], ...], tuple[tuple[str, Decimal], ...]]]:
    rows = fetch_rows(
        session,
        select(
            PayAdjustment.employee_id, PayAdjustment.kind, PayAdjustment.label, PayAdjustment.amount
        )
        .where(PayAdjustment.month == month)
        .order_by(PayAdjustment.employee_id, PayAdjustment.id),
    )
    found: dict[int, tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]]]] = {}
    for emp, kind, label, amount in rows:
        plus, minus = found.setdefault(emp, ([], []))
        (plus if kind == "allowance" else minus).append((label, Decimal(str(amount))))
    return {emp: (tuple(p), tuple(m)) for emp, (p, m) in found.items()}


def _hours_of(ledger: Ledger | None, period: str) -> dict[str, Any]:
    """The month's line of the hours ledger, with the comp-time balance at its end."""
    if ledger is None:
        return {}
    line: PeriodLedger | None = next((p for p in ledger.periods if p.period == period), None)
    if line is None:
        return {}
    return {
        "period": period,
        "counted": num(line.counted),
        "standard": num(line.standard),
        "carried_in": num(line.carried_in),
        "required": num(line.required),
        "comp_time_used": num(line.comp_time_used),
        "surplus": num(line.surplus),
        "shortfall": num(line.shortfall),
        "offset": num(line.offset),
        "carried_out": num(line.carried_out),
        "balance": num(ledger.balance),
    }


def _frozen(p: PayPerson) -> dict[str, Any]:
    """A person's pay inputs as JSON-safe data (also hashed into the close's digest)."""
    x = p.inputs
    return {
        "name": x.name,
        "role": x.role,
        "department": x.department,
        "team": x.team,
        "level": x.level,
        "status": x.status,
        "standby": x.standby,
        "base_share": num(x.base_share),
        "star_wage": num(x.star_wage),
        "monthly_bonus": num(x.monthly_bonus),
        "awards": [[name, num(amount)] for name, amount in x.awards],
        "night_shifts": x.night_shifts,
        "shifts_worked": x.shifts_worked,
        "holiday_hours": num(x.holiday_hours),
        "personal_leave_days": num(x.personal_leave_days),
        "sick_leave_days": num(x.sick_leave_days),
        "unapproved_absence_days": num(x.unapproved_absence_days),
        "other_allowances": [[label, num(a)] for label, a in x.other_allowances],
        "other_deductions": [[label, num(a)] for label, a in x.other_deductions],
        "sources": x.sources,
        "hours": p.hours,
    }


def inputs_from_frozen(employee_no: str, d: dict[str, Any]) -> PayInputs:
    """Rebuild a person's pay inputs from their frozen form (to explain a closed month)."""
    return PayInputs(
        employee_no=employee_no,
        name=d["name"],
        role=d["role"],
        department=d["department"],
        team=d["team"],
        level=d["level"],
        status=d["status"],
        standby=d["standby"],
        base_share=Decimal(d["base_share"]),
        star_wage=Decimal(d["star_wage"]),
        monthly_bonus=Decimal(d["monthly_bonus"]),
        awards=tuple((n, Decimal(a)) for n, a in d["awards"]),
        night_shifts=d["night_shifts"],
        shifts_worked=d["shifts_worked"],
        holiday_hours=Decimal(d["holiday_hours"]),
        personal_leave_days=Decimal(d["personal_leave_days"]),
        sick_leave_days=Decimal(d["sick_leave_days"]),
        unapproved_absence_days=Decimal(d["unapproved_absence_days"]),
        other_allowances=tuple((n, Decimal(a)) for n, a in d["other_allowances"]),
        other_deductions=tuple((n, Decimal(a)) for n, a in d["other_deductions"]),
        sources=dict(d["sources"]),
    )


def _row(close_id: int, o: PayOutcome, p: PayPerson, frozen: dict[str, Any]) -> dict[str, Any]:
    return {
        "close_id": close_id,
        "employee_no": o.employee_no,
        "name": o.name,
        "department": o.department,
        "team": o.team,
        "level": o.level,
        "base_pay": o.base_pay.quantize(Decimal("0.01")),
        "gross": o.gross,
        "deductions": o.deductions,
        "net": o.net,
        "lines": [
            {
                "code": line.code,
                "label": line.label,
                "label_en": line.label_en,
                "amount": num(line.amount) or "0",
                "rule": line.rule,
            }
            for line in o.lines
        ],
        "hours": p.hours,
        "inputs": frozen,
        "reasons": [s.as_dict() for s in o.trace],
    }


def _freeze_ledger(
    session: Session,
    close_id: int,
    month: Month,
    gathered: Sequence[PayPerson],
    ledgers: dict[int, Ledger],
) -> None:
    """Append the comp-time entries dated in the month's cycle to the ledger (R-HRS-2)."""
    setting_start, setting_end = attendance.cycle_of(policy_for(session, month), month)
    rows = []
    for p in gathered:
        ledger = ledgers.get(p.employee_id)
        if ledger is None:
            continue
        for e in ledger.entries:
            if setting_start <= e.on <= setting_end:
                rows.append(
                    {
                        "close_id": close_id,
                        "employee_id": p.employee_id,
                        "on_day": e.on,
                        "kind": e.kind,
                        "hours": e.hours,
                        "lot_earned_on": e.lot_earned_on,
                        "lot_expires_on": e.lot_expires_on,
                        "balance_after": e.balance_after,
                        "rule": e.rule,
                    }
                )
    if rows:
        session.execute(insert(CompTimeEntry), rows)


def _totals(outcomes: Sequence[PayOutcome]) -> dict[str, str]:
    gross = sum((o.gross for o in outcomes), Decimal(0))
    deductions = sum((o.deductions for o in outcomes), Decimal(0))
    return {
        "gross": num(gross) or "0",
        "deductions": num(deductions) or "0",
        "net": num(gross - deductions) or "0",
    }


def _comparable(lines: list[dict[str, Any]], net: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"net": num(Decimal(str(net)))}
    for line in lines:
        key = (
            line["code"]
            if line["code"] not in ("award", "other_allowance", "other_deduction")
            else f"{line['code']}:{line['label']}"
        )
        out[key] = line["amount"]
    return out


def pay_rows(session: Session, close_id: int) -> list[PayResult]:
    return list(
        session.scalars(
            select(PayResult).where(PayResult.close_id == close_id).order_by(PayResult.id)
        )
    )


def pay_close_of(session: Session, month: Month, revision: int | None = None) -> Any:
    """The newest (or a given) revision of a month's pay close, or NotFound."""
    if revision is None:
        close = closing_repo.latest_close(session, PAY_KIND, str(month))
    else:
        close = closing_repo.close_revision(session, PAY_KIND, str(month), revision)
    if close is None:
        raise NotFound(f"{month} 的薪资尚未结算" + (f"(第 {revision} 版)" if revision else ""))
    return close


def person_pay(
    session: Session, month: Month, employee_no: str, revision: int | None = None
) -> PayResult:
    """One person's frozen pay of a closed month."""
    close = pay_close_of(session, month, revision)
    row = session.scalar(
        select(PayResult).where(
            PayResult.close_id == close.id, PayResult.employee_no == employee_no
        )
    )
    if row is None:
        raise NotFound(f"{month} 的薪资结算中没有工号 {employee_no}")
    return row
