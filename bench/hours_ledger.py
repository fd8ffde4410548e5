"""Benchmark: every hours and comp-time ledger and the month's pay, against a per-person loop.

Generates N people (default 5,000) with twelve attendance cycles of shift roster and
attendance records (leave, late arrivals, swaps, comp-time leave) in a fresh database, closes
the last month's bonuses (untimed), then times kefu's pay close — which computes every
person's attendance cycles, their hours and comp-time ledgers over the twelve cycles and the
month's pay, and freezes it — and, in the same run, a straightforward per-person loop
computing the same ledgers and pay with ORM queries per person and cycle. It checks that both
give identical pay and prints both times and their ratio.

    python bench/hours_ledger.py                  # 5,000 people, SQLite file in a temp folder
    python bench/hours_ledger.py --people 1000 --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select, text

from close_month import fresh_database  # the sibling benchmark's database setup
from kefu.attendance import service as attendance
from kefu.attendance.imports import LEAVE_KINDS
from kefu.attendance.ledger import PeriodHours, run_ledger
from kefu.attendance.models import AttendanceEvent, ShiftAssignment
from kefu.attendance.summary import AttendanceEvent as Event
from kefu.attendance.summary import RosterDay, attendance_for_cycle
from kefu.closing.service import close_month
from kefu.db import unit_of_work
from kefu.pay import service as pay
from kefu.pay.models import PayResult
from kefu.pay.rules import PayInputs, compute_pay
from kefu.people.models import Employee, EmployeeRecord
from kefu.periods import Month
from kefu.policy.service import policy_for, use_policy
from kefu.scores.models import MonthlyScore

MONTH = Month(2026, 10)
CYCLES = 12
FIRST = MONTH.shift(-(CYCLES - 1))
ROTATION = ("R", "C", None, "W", None, None, "C", "R", None, "C", "W", None, None, "C")
LEVELS = ("初级客服", "中级客服", "高级客服")


def cycle_days(month: Month) -> tuple[date, date]:
    """The demo policy's cycle: the 26th of the month before to the 25th."""
    return month.attendance_cycle(26)


def generate(engine: Engine, people: int, seed: int) -> None:
    """N agents with a roster over twelve cycles and their records, in bulk."""
    rng = random.Random(seed)
    start, _ = cycle_days(FIRST)
    _, end = cycle_days(MONTH)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    employees, records, scores, shifts, events = [], [], [], [], []
    for i in range(people):
        emp = i + 1
        employees.append({"id": emp, "employee_no": f"{200000 + i}", "name": f"员工{i}"})
        records.append(
            {
                "employee_id": emp,
                "effective_on": date(2024, 1, 1),
                "name": f"员工{i}",
                "department": f"客服{i % 4 + 1}部",
                "team": f"客服{i % 4 + 1}部{i // 10 % 40}组",
                "role": "csr",
                "level": LEVELS[i % 3],
                "status": "regular",
                "hired_on": date(2024, 1, 1),
                "converted_on": date(2024, 4, 1),
                "left_on": None,
                "leave_reason": None,
                "recorded_by": "bench",
                "source": "bench",
            }
        )
        scores.append(
            {
                "employee_id": emp,
                "month": str(MONTH),
                "call_quality": Decimal(rng.randint(60, 100)),
                "work_ability": Decimal(rng.randint(60, 100)),
                "overall_conduct": Decimal(rng.randint(60, 100)),
            }
        )
        offset = rng.randrange(len(ROTATION))
        for d, day in enumerate(days):
            code = ROTATION[(d + offset) % len(ROTATION)]
            if code is None:
                continue
            shifts.append(
                {
                    "employee_id": emp,
                    "day": day,
                    "shift_code": code,
                    "recorded_by": "bench",
                    "source": "bench",
                }
            )
            roll = rng.random()
            kind, minutes, approved = None, None, None
            if roll < 0.02:
                kind, approved = "personal_leave", True
            elif roll < 0.03:
                kind, approved = "sick_leave", True
            elif roll < 0.05:
                kind, minutes = "late", rng.randint(1, 30)
            elif roll < 0.06:
                kind, approved = "comp_time_leave", True
            elif roll < 0.065:
                kind, approved = "personal_leave", False
            if kind:
                events.append(_event(emp, day, kind, minutes, approved))
            if rng.random() < 0.02:
                events.append(_event(emp, day, "shift_swap", None, None, voluntary=True))
    with engine.begin() as conn:
        conn.execute(insert(Employee), employees)
        conn.execute(insert(EmployeeRecord), records)
        conn.execute(insert(MonthlyScore), scores)
        for i in range(0, len(shifts), 50_000):
            conn.execute(insert(ShiftAssignment), shifts[i : i + 50_000])
        for i in range(0, len(events), 50_000):
            conn.execute(insert(AttendanceEvent), events[i : i + 50_000])
    if engine.dialect.name == "postgresql":
        # a year-old database has its statistics (autovacuum); a freshly bulk-loaded one not yet
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    print(f"  {len(shifts):,} rostered shifts, {len(events):,} attendance records")


def _event(
    emp: int,
    day: date,
    kind: str,
    minutes: int | None,
    approved: bool | None,
    voluntary: bool | None = None,
) -> dict[str, Any]:
    return {
        "employee_id": emp,
        "day": day,
        "kind": kind,
        "at": None,
        "minutes": minutes,
        "days": Decimal(1),
        "voluntary": voluntary,
        "approved": approved,
        "note": None,
        "request_id": None,
        "recorded_by": "bench",
        "source": "bench",
    }


def per_person_loop(engine: Engine) -> dict[str, Decimal]:
    """The straightforward way: per person and cycle, ORM queries, then the same pure rules."""
    out: dict[str, Decimal] = {}
    with unit_of_work(engine) as session:
        calendar = attendance.work_calendar()
        policy = policy_for(session, MONTH)
        hours = attendance.hours_policy(policy)
        months = [FIRST.shift(i) for i in range(CYCLES)]
        settings = [attendance.cycle_setting(session, m, calendar) for m in months]
        bonus_close = pay.closing_repo.latest_close(session, "monthly", str(MONTH))
        assert bonus_close is not None
        for emp in session.scalars(select(Employee).order_by(Employee.id)):
            record = session.scalars(
                select(EmployeeRecord).where(EmployeeRecord.employee_id == emp.id)
            ).one()
            periods, uses = [], []
            cycle = None
            for setting in settings:
                first = setting.start - timedelta(days=1)
                roster = session.scalars(
                    select(ShiftAssignment)
                    .where(
                        ShiftAssignment.employee_id == emp.id,
                        ShiftAssignment.day >= first,
                        ShiftAssignment.day <= setting.end,
                    )
                    .order_by(ShiftAssignment.day)
                ).all()
                rows = session.scalars(
                    select(AttendanceEvent)
                    .where(
                        AttendanceEvent.employee_id == emp.id,
                        AttendanceEvent.day >= first,
                        AttendanceEvent.day <= setting.end,
                    )
                    .order_by(AttendanceEvent.day, AttendanceEvent.id)
                ).all()
                cycle = attendance_for_cycle(
                    [RosterDay(r.day, r.shift_code) for r in roster],
                    [
                        Event(
                            day=e.day,
                            kind=e.kind,  # type: ignore[arg-type]
                            at=e.at,
                            minutes=e.minutes,
                            days=e.days,
                            voluntary=e.voluntary,
                            approved=e.approved
                            if e.approved is not None or e.kind not in LEAVE_KINDS
                            else False,
                            note=e.note,
                        )
                        for e in rows
                    ],
                    setting.shift_types,
                    (setting.start, setting.end),
                    setting.holidays,
                    setting.grace,
                )
                periods.append(
                    PeriodHours(
                        str(setting.month),
                        setting.start,
                        setting.end,
                        cycle.counted_hours,
                        setting.standard_hours,
                    )
                )
                uses += cycle.comp_time_uses()
            assert hours.comp_time_expires_months is not None and cycle is not None
            run_ledger(periods, uses, hours.comp_time_expires_months, settings[-1].end)
            result = pay.closing_repo.monthly_row(session, bonus_close.id, emp.employee_no)
            inputs = PayInputs(
                employee_no=emp.employee_no,
                name=record.name,
                role=record.role,
                department=record.department,
                team=record.team,
                level=record.level,
                status=record.status,
                standby=False,
                star_wage=Decimal(str(result.star_wage)).quantize(Decimal("0.01"))
                if result
                else Decimal(0),
                monthly_bonus=Decimal(str(result.bonus)).quantize(Decimal("0.01"))
                if result
                else Decimal(0),
                awards=tuple(
                    (a["theme"], Decimal(a["amount"])) for a in (result.awards if result else [])
                ),
                night_shifts=cycle.night_shifts,
                shifts_worked=cycle.shifts_worked,
                holiday_hours=cycle.holiday_hours,
                personal_leave_days=cycle.personal_leave_days,
                sick_leave_days=cycle.sick_leave_days,
                unapproved_absence_days=cycle.unapproved_absence_days,
                other_allowances=pay._policy_allowances(
                    policy.policy.model.pay, Decimal(1), cycle.shifts_worked, cycle.night_shifts
                ),
            )
            (outcome,) = compute_pay(policy.policy, str(MONTH), [inputs])
            session.add(
                PayResult(
                    close_id=bonus_close.id,
                    employee_no=outcome.employee_no,
                    name=outcome.name,
                    department=outcome.department,
                    team=outcome.team,
                    level=outcome.level,
                    base_pay=outcome.base_pay,
                    gross=outcome.gross,
                    deductions=outcome.deductions,
                    net=outcome.net,
                    lines=[],
                    hours={},
                    inputs={},
                    reasons=[s.as_dict() for s in outcome.trace],
                )
            )
            out[emp.employee_no] = outcome.net
        session.rollback()  # the loop's rows are only for timing the writes
    return out


def run(url: str, people: int, seed: int, tmp: Path) -> tuple[str, float, float, bool]:
    engine = fresh_database(url, tmp)
    db = engine.dialect.name
    t = time.perf_counter()
    print(f"[{db}] generating {people:,} people × {CYCLES} cycles …")
    generate(engine, people, seed)
    print(f"[{db}] generated in {time.perf_counter() - t:.1f} s")
    with unit_of_work(engine) as session:
        use_policy(session, "demo", FIRST.shift(-1), "bench")
    with unit_of_work(engine) as session:
        close_month(session, MONTH, "bench")
    t = time.perf_counter()
    with unit_of_work(engine) as session:
        report = pay.close_pay(session, MONTH, "bench")
    fast_s = time.perf_counter() - t
    print(
        f"[{db}] kefu pay close {MONTH}: {report.people:,} people, ledgers over {CYCLES} cycles, "
        f"in {fast_s:.2f} s"
    )
    with unit_of_work(engine) as session:
        close = pay.pay_close_of(session, MONTH)
        fast = {r.employee_no: Decimal(str(r.net)) for r in pay.pay_rows(session, close.id)}
    t = time.perf_counter()
    slow = per_person_loop(engine)
    loop_s = time.perf_counter() - t
    print(f"[{db}] per-person loop: {loop_s:.2f} s")
    same = fast == slow
    print(f"[{db}] net pay identical: {'yes' if same else 'NO'}")
    print(f"[{db}] ratio (loop / close): {loop_s / fast_s:.1f}x")
    engine.dispose()
    return db, fast_s, loop_s, same


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--database-url", action="append", help="'sqlite' or a URL; repeatable")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    urls = args.database_url or ["sqlite"]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for url in urls:
            results.append(run(url, args.people, args.seed, Path(tmp)))
    print()
    print("database     people  cycles    close     loop   ratio  identical  target (≤ 5 s)")
    for db, fast_s, loop_s, same in results:
        met = "met" if fast_s <= 5 else "not met"
        print(
            f"{db:<10} {args.people:>8,} {CYCLES:>7} {fast_s:>7.2f}s {loop_s:>7.1f}s "
            f"{loop_s / fast_s:>6.1f}x  {'yes' if same else 'NO':<9}  {met}"
        )
    return 0 if all(r[3] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
