"""Pure rules of the staff register: what was true of a person in a month (R-ORG-4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from kefu.periods import Month

ROLE_NAMES = {
    "csr": "客服代表",
    "qa": "QA",
    "team_leader": "业务组长",
    "supervisor": "客服主管",
    "manager": "客服经理",
}
STATUS_NAMES = {
    "probation": "试用",
    "regular": "正式",
    "standby": "待岗",
    "notice_period": "离职通知期",
    "left": "离职",
}


class RecordView(NamedTuple):
    """One effective-dated record as plain values (a tuple: a close builds 100,000 of them)."""

    effective_on: date
    name: str
    department: str
    team: str | None
    role: str
    level: str | None
    status: str
    hired_on: date
    converted_on: date | None
    left_on: date | None
    leave_reason: str | None


class MonthState(NamedTuple):
    """What the register says of a person for one month."""

    employee_no: str
    current: RecordView
    employed: bool
    probation: bool
    notice_period: bool
    standby: bool
    dismissed_for_performance: bool


def month_state(employee_no: str, history: Sequence[RecordView], month: Month) -> MonthState | None:
    """Facts for the month from a person's records (oldest first); None before any record.

    Decisions: on probation if not converted by the month's first day; in the notice period or
    on standby if any record in force during the month says so.
    """
    start, end = month.first_day, month.last_day
    statuses: set[str]
    if len(history) == 1:
        # most people have a single record, in force all month once it has begun
        current = history[0]
        if current.effective_on > end:
            return None
        statuses = {current.status}
    else:
        in_force = [r for r in history if r.effective_on <= end]
        if not in_force:
            return None
        current = in_force[-1]
        during = [r for r in in_force if r.effective_on > start]
        before = [r for r in in_force if r.effective_on <= start]
        if before:
            during.insert(0, before[-1])
        statuses = {r.status for r in during}
    employed = current.hired_on <= end and (current.left_on is None or current.left_on >= start)
    probation = (
        current.converted_on is None
        or current.converted_on > start
        or current.status == "probation"
    )
    dismissed = (
        current.left_on is not None
        and start <= current.left_on <= end
        and current.leave_reason == "dismissed_performance"
    )
    return MonthState(
        employee_no=employee_no,
        current=current,
        employed=employed,
        probation=probation,
        notice_period="notice_period" in statuses,
        standby="standby" in statuses,
        dismissed_for_performance=dismissed,
    )
