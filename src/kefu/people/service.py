"""Use cases of the staff register: apply a roster, read what was true in a month (R-ORG-4)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.db import fetch_rows
from kefu.errors import NotFound
from kefu.people.identifiers import (
    IdentifierInvalid,
    as_staff_no,
    normalize_staff_no,
    shown_visibly,
)
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.rules import RecordView

RECORD_FIELDS = (
    "name",
    "department",
    "team",
    "role",
    "level",
    "status",
    "hired_on",
    "converted_on",
    "left_on",
    "leave_reason",
)


def histories(session: Session, until: date) -> dict[str, tuple[int, list[RecordView]]]:
    """Every person's records effective on or before ``until``: employee_no → (id, records)."""
    rows = fetch_rows(
        session,
        select(
            Employee.employee_no,
            Employee.id,
            *[getattr(EmployeeRecord, f) for f in ("effective_on", *RECORD_FIELDS)],
        )
        .join(EmployeeRecord, EmployeeRecord.employee_id == Employee.id)
        .where(EmployeeRecord.effective_on <= until)
        .order_by(Employee.id, EmployeeRecord.effective_on, EmployeeRecord.id),
    )
    out: dict[str, tuple[int, list[RecordView]]] = {}
    for row in rows:
        no, emp_id, *values = row
        out.setdefault(no, (emp_id, []))[1].append(RecordView(*values))
    return out


def employee_ids(session: Session, numbers: Sequence[str] | None = None) -> dict[str, int]:
    """employee_no → id, for all people or the given numbers (looked up in their normal form)."""
    stmt = select(Employee.employee_no, Employee.id)
    if numbers is not None:
        # keyed as the caller asked: ids["１００５"] is person 1005
        asked: dict[str, list[str]] = {}
        for number in numbers:
            asked.setdefault(as_staff_no(number), []).append(number)
        stmt = stmt.where(Employee.employee_no.in_(list(asked)))
        return {a: i for no, i in session.execute(stmt).all() for a in asked[no]}
    return {no: i for no, i in session.execute(stmt).all()}


def latest_records(session: Session) -> dict[int, EmployeeRecord]:
    """Each person's newest record (by effective date, then entry order)."""
    out: dict[int, EmployeeRecord] = {}
    for rec in session.scalars(
        select(EmployeeRecord).order_by(
            EmployeeRecord.employee_id, EmployeeRecord.effective_on, EmployeeRecord.id
        )
    ):
        out[rec.employee_id] = rec
    return out


def current_record(session: Session, employee_no: str) -> EmployeeRecord | None:
    """A person's newest record (by effective date, then entry order), or None."""
    return session.scalar(
        select(EmployeeRecord)
        .join(Employee, Employee.id == EmployeeRecord.employee_id)
        .where(Employee.employee_no == as_staff_no(employee_no))
        .order_by(EmployeeRecord.effective_on.desc(), EmployeeRecord.id.desc())
        .limit(1)
    )


def roster(session: Session) -> list[tuple[str, EmployeeRecord]]:
    """Everyone's newest record with their 工号, in 工号 order."""
    rows = session.execute(
        select(Employee.employee_no, EmployeeRecord)
        .join(EmployeeRecord, EmployeeRecord.employee_id == Employee.id)
        .order_by(Employee.employee_no, EmployeeRecord.effective_on, EmployeeRecord.id)
    ).all()
    newest: dict[str, EmployeeRecord] = {}
    for no, record in rows:
        newest[no] = record
    return list(newest.items())


def records_of(session: Session, employee_no: str) -> list[EmployeeRecord]:
    """A person's register history, oldest first (R-ORG-4)."""
    return list(
        session.scalars(
            select(EmployeeRecord)
            .join(Employee, Employee.id == EmployeeRecord.employee_id)
            .where(Employee.employee_no == as_staff_no(employee_no))
            .order_by(EmployeeRecord.effective_on, EmployeeRecord.id)
        )
    )


def record_change(
    session: Session,
    employee_no: str,
    effective_on: date,
    changes: dict[str, Any],
    *,
    recorded_by: str,
    source: str,
) -> EmployeeRecord:
    """Add a register record from ``effective_on``: the person's latest record with ``changes``.

    The register never overwrites (R-ORG-4): a status, level or department change made by a
    decision (conversion, standby, elimination …) is one more effective-dated record, whose
    ``source`` says which decision made it.
    """
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"not register fields: {sorted(unknown)}")
    history = records_of(session, employee_no)
    if not history:
        raise NotFound(f"花名册中没有工号 {employee_no} (no such employee)")
    current = history[-1]
    values = {f: getattr(current, f) for f in RECORD_FIELDS} | changes
    record = EmployeeRecord(
        employee_id=current.employee_id,
        effective_on=effective_on,
        recorded_by=recorded_by,
        source=source,
        **values,
    )
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class StaffNoProblem:
    """A 工号 stored before 工号 had one form: what it should be, and whom it would collide with."""

    employee_no: str
    name: str
    normal: str | None  # its normal form; None when it cannot be a 工号 at all
    reason: str
    collides_with: tuple[str, ...] = ()  # other stored 工号 of the same normal form

    def describe(self) -> str:
        """One line in Chinese, naming the person by name and 工号."""
        shown = shown_visibly(self.employee_no)
        line = f"{self.name} (工号 {shown}):{self.reason}"
        if self.collides_with:
            line += f"；与工号 {'、'.join(self.collides_with)} 为同一工号，须人工合并"
        return line


def staff_number_problems(session: Session) -> list[StaffNoProblem]:
    """Every register 工号 not in its normal form (a full-width １００５, a hidden character …).

    Nothing is changed: a 工号 is copied into accounts, evaluations and decisions, and two rows
    that normalise to the same 工号 are two histories only HR can merge.
    """
    rows = session.execute(
        select(Employee.employee_no, Employee.name).order_by(Employee.employee_no)
    ).all()
    by_normal: dict[str, list[str]] = {}
    for no, _ in rows:
        by_normal.setdefault(as_staff_no(no), []).append(no)
    problems = []
    for no, name in rows:
        try:
            normal = normalize_staff_no(no)
        except IdentifierInvalid as exc:
            problems.append(StaffNoProblem(no, name, None, exc.message))
            continue
        if normal == no:
            continue
        others = tuple(o for o in by_normal[normal] if o != no)
        problems.append(StaffNoProblem(no, name, normal, f"不是规范形式，应为 {normal}", others))
    return problems
