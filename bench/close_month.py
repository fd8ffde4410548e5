"""Benchmark: close a month for N people, against a straightforward per-person ORM loop.

Generates N people (default 100,000) with a month of scores, attendance and award evidence in
a fresh database, closes the month with kefu's close (bulk reads, one pure computation, bulk
writes), then computes the same results with a per-person ORM loop (queries per person, one
ORM object saved per person) in the same run, checks that both give identical results, and
prints both times and their ratio.

    python bench/close_month.py                 # 100,000 people, SQLite file in a temp folder
    python bench/close_month.py --people 20000 --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, select, text

from kefu.bonuses.awards import AwardEvidence as Evidence
from kefu.bonuses.monthly import PersonMonth, compute_month
from kefu.bonuses.rules import AttendanceSummary as Attendance
from kefu.bonuses.rules import StatusFacts
from kefu.closing import repository as repo
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import CLOSE_ROLES, close_month
from kefu.closing.service import _person_inputs as person_inputs
from kefu.db import make_engine, migrate, unit_of_work
from kefu.explain.trace import Step, num
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.rules import RecordView, month_state
from kefu.periods import Month
from kefu.policy.service import policy_for, use_policy
from kefu.scores.models import AttendanceSummary, AwardEvidence, MonthlyScore

MONTH = Month(2026, 10)
PREVIOUS = MONTH.shift(-1)
# the quarter before October is never closed in this benchmark, so no star wage is due
STAR_NOTE = Step("R-STAR-1", "star.quarter_open", {"quarter": "2026Q3"}, reason=True)
DEPARTMENTS = ("客服一部", "客服二部", "VIP客服部", "电话中心")


def generate(engine: Engine, people: int, seed: int) -> None:
    """N people (9 agents to each leader/QA) with scores, attendance and evidence, in bulk."""
    rng = random.Random(seed)
    employees, records, scores, attendance, evidence = [], [], [], [], []
    for i in range(people):
        emp_id = i + 1
        role = "csr" if i % 10 else ("team_leader" if i % 20 else "qa")
        dept = DEPARTMENTS[i % 4]
        probation = role == "csr" and rng.random() < 0.05
        employees.append({"id": emp_id, "employee_no": f"{100000 + i}", "name": f"员工{i}"})
        records.append(
            {
                "employee_id": emp_id,
                "effective_on": date(2024, 1, 1),
                "name": f"员工{i}",
                "department": dept,
                "team": f"{dept}{i // 10 % 50}组",
                "role": role,
                "level": "中级客服",
                "status": "probation" if probation else "regular",
                "hired_on": date(2024, 1, 1),
                "converted_on": None if probation else date(2024, 4, 1),
                "left_on": None,
                "leave_reason": None,
                "recorded_by": "bench",
                "source": "bench",
            }
        )
        ability = rng.gauss(76, 8)
        for month in (PREVIOUS, MONTH):
            _month_inputs(rng, emp_id, role, month, ability, scores, attendance, evidence)
    with engine.begin() as conn:
        conn.execute(insert(Employee), employees)
        conn.execute(insert(EmployeeRecord), records)
        conn.execute(insert(MonthlyScore), scores)
        conn.execute(insert(AttendanceSummary), attendance)
        conn.execute(insert(AwardEvidence), evidence)


def _month_inputs(
    rng: random.Random,
    emp_id: int,
    role: str,
    month: Month,
    ability: float,
    scores: list[dict[str, Any]],
    attendance: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
) -> None:
    """One person's scores, attendance and evidence for one month."""

    def part(spread: float, base: float = ability) -> Decimal:
        return Decimal(max(0, min(100, round(rng.gauss(base, spread)))))

    scores.append(
        {
            "employee_id": emp_id,
            "month": str(month),
            "call_quality": part(5) if role == "csr" else None,
            "work_ability": part(5),
            "overall_conduct": part(4),
        }
    )
    absent = Decimal(3) if rng.random() < 0.05 else Decimal(0)
    attendance.append(
        {
            "employee_id": emp_id,
            "cycle": str(month),
            "absence_days": absent,
            "personal_leave_days": absent,
            "sick_leave_days": Decimal(0),
            "late_count": 1 if rng.random() < 0.1 else 0,
            "early_leave_count": 0,
            "shift_swap_count": rng.choice((0, 1, 2, 3)),
            "unapproved_absence_days": Decimal(0),
        }
    )
    if role == "csr":
        evidence.append(
            {
                "employee_id": emp_id,
                "month": str(month),
                "commendations": 1 if rng.random() < 0.05 else 0,
                "erroneous_work_orders": 1 if rng.random() < 0.1 else 0,
                "erroneous_refunds": 0,
                "min_monitoring_score": part(6, ability + 4),
                "min_exam_score": part(6, ability + 3),
            }
        )


def orm_loop(engine: Engine) -> int:
    """The straightforward way: per person, ORM queries for each input, then one ORM row each.

    It computes and stores the same things as the close: each person's inputs (register,
    scores, attendance, evidence, last month's rank and clean streak), figures and reasons.
    """
    with unit_of_work(engine) as session:
        policy = policy_for(session, MONTH)
        previous = repo.latest_close(session, "monthly", str(PREVIOUS))
        people: list[PersonMonth] = []
        for emp in session.scalars(select(Employee).order_by(Employee.id)):
            recs = session.scalars(
                select(EmployeeRecord)
                .where(EmployeeRecord.employee_id == emp.id)
                .order_by(EmployeeRecord.effective_on, EmployeeRecord.id)
            ).all()
            views = [
                RecordView(
                    r.effective_on,
                    r.name,
                    r.department,
                    r.team,
                    r.role,
                    r.level,
                    r.status,
                    r.hired_on,
                    r.converted_on,
                    r.left_on,
                    r.leave_reason,
                )
                for r in recs
            ]
            state = month_state(emp.employee_no, views, MONTH)
            if state is None or not state.employed or state.current.role not in CLOSE_ROLES:
                continue
            score = session.scalar(
                select(MonthlyScore).where(
                    MonthlyScore.employee_id == emp.id, MonthlyScore.month == str(MONTH)
                )
            )
            att = session.scalar(
                select(AttendanceSummary).where(
                    AttendanceSummary.employee_id == emp.id, AttendanceSummary.cycle == str(MONTH)
                )
            )
            ev = session.scalar(
                select(AwardEvidence).where(
                    AwardEvidence.employee_id == emp.id, AwardEvidence.month == str(MONTH)
                )
            )
            last = None
            if previous is not None:
                last = session.scalar(
                    select(MonthlyResult).where(
                        MonthlyResult.close_id == previous.id,
                        MonthlyResult.employee_no == emp.employee_no,
                    )
                )
            clean = ev is not None and ev.erroneous_work_orders == 0 and ev.erroneous_refunds == 0
            streak = (last.clean_streak + 1 if last else 1) if clean else 0
            cur = state.current
            people.append(
                PersonMonth(
                    employee_no=emp.employee_no,
                    name=cur.name,
                    role=cur.role,  # type: ignore[arg-type]
                    department=cur.department,
                    team=cur.team,
                    components={
                        "call_quality": score.call_quality if score else None,
                        "work_ability": score.work_ability if score else None,
                        "overall_conduct": score.overall_conduct if score else None,
                    },
                    facts=StatusFacts(
                        state.probation,
                        state.dismissed_for_performance,
                        state.notice_period,
                        state.standby,
                    ),
                    attendance=None
                    if att is None
                    else Attendance(
                        att.absence_days,
                        att.personal_leave_days,
                        att.sick_leave_days,
                        att.late_count,
                        att.early_leave_count,
                        att.shift_swap_count,
                        att.unapproved_absence_days,
                    ),
                    evidence=None
                    if ev is None
                    else Evidence(
                        ev.commendations,
                        ev.erroneous_work_orders,
                        ev.erroneous_refunds,
                        ev.min_monitoring_score,
                        ev.min_exam_score,
                    ),
                    previous_rank=last.rank if last and last.grp == "csr" else None,
                    clean_streak=streak,
                    status=cur.status,
                    star_note=STAR_NOTE if cur.role == "csr" else None,
                )
            )
        outcomes = compute_month(policy.policy, str(MONTH), people, traced=())
        close = PeriodClose(
            kind="loop",
            period=str(MONTH),
            revision=1,
            closed_by="bench",
            policy_version_id=policy.version_id,
            inputs_digest="-",
            summary={},
            changes={},
        )
        session.add(close)
        session.flush()
        for person, o in zip(people, outcomes, strict=True):
            session.add(
                MonthlyResult(
                    close_id=close.id,
                    employee_no=o.employee_no,
                    name=o.name,
                    grp=o.group,
                    role=o.role,
                    department=o.department,
                    score=o.score,
                    rank=o.rank,
                    pool_size=o.pool_size,
                    tier=o.tier,
                    bonus=o.bonus,
                    eligible=o.eligible,
                    awards=[
                        {
                            "key": a.key,
                            "theme": a.name,
                            "theme_en": a.name_en,
                            "amount": num(a.amount),
                        }
                        for a in o.awards
                    ],
                    star_wage=o.star_wage,
                    clean_streak=person.clean_streak,
                    inputs=person_inputs(person),
                    reasons=[s.as_dict() for s in o.trace if s.reason],
                )
            )
        return close.id


def comparable(engine: Engine, close_id: int) -> list[tuple[Any, ...]]:
    with unit_of_work(engine) as session:
        return [
            (
                r.employee_no,
                None if r.score is None else Decimal(str(r.score)).normalize(),
                r.rank,
                r.pool_size,
                r.tier,
                Decimal(str(r.bonus)),
                r.eligible,
                tuple(sorted(a["key"] for a in r.awards)),
                Decimal(str(r.star_wage)),
            )
            for r in repo.monthly_rows(session, close_id)
        ]


PG_BENCH_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/kefu_bench"


def fresh_database(url: str, tmp: Path) -> Engine:
    """A new, migrated database: a SQLite file, or PostgreSQL's kefu_bench emptied first."""
    if url == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        name = engine.url.database
        admin = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists.first() is None:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(engine)
    return engine


def run(url: str, people: int, seed: int, tmp: Path) -> tuple[str, float, float, bool]:
    """One measurement: generate, close last month untimed, time the close and the loop."""
    engine = fresh_database(url, tmp)
    db = engine.dialect.name
    t = time.perf_counter()
    generate(engine, people, seed)
    print(
        f"[{db}] generated {people:,} people with two months of inputs in {time.perf_counter() - t:.1f} s"
    )
    with unit_of_work(engine) as session:
        use_policy(session, "demo", Month(2026, 1), "bench")
    t = time.perf_counter()
    with unit_of_work(engine) as session:
        close_month(session, PREVIOUS, "bench")
    print(
        f"[{db}] closed {PREVIOUS} first (last month's ranks and streaks) in {time.perf_counter() - t:.2f} s"
    )

    t = time.perf_counter()
    with unit_of_work(engine) as session:
        report = close_month(session, MONTH, "bench")
    close_s = time.perf_counter() - t
    with unit_of_work(engine) as session:
        fast = repo.latest_close(session, "monthly", str(MONTH))
        assert fast is not None
        fast_id = fast.id
    print(f"[{db}] kefu close monthly: {report.people:,} results in {close_s:.2f} s")

    t = time.perf_counter()
    loop_id = orm_loop(engine)
    loop_s = time.perf_counter() - t
    print(f"[{db}] per-person ORM loop: {loop_s:.2f} s")
    same = comparable(engine, fast_id) == comparable(engine, loop_id)
    print(f"[{db}] results identical: {'yes' if same else 'NO'}")
    print(f"[{db}] ratio (loop / close): {loop_s / close_s:.1f}x")
    engine.dispose()
    return db, close_s, loop_s, same


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        action="append",
        help=f"'sqlite' (a temp file) or a URL; repeatable (default: sqlite and {PG_BENCH_URL})",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    urls = args.database_url or ["sqlite", PG_BENCH_URL]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for url in urls:
            results.append(run(url, args.people, args.seed, Path(tmp)))
    print()
    print("database     people    close     loop   ratio  identical  target (≤ 10 s, ≥ 20x)")
    for db, close_s, loop_s, same in results:
        met = close_s <= 10 and loop_s / close_s >= 20
        verdict = ("met" if met else "not met") if args.people >= 100_000 else "n/a (< 100,000)"
        print(
            f"{db:<10} {args.people:>8,} {close_s:>7.2f}s {loop_s:>7.1f}s {loop_s / close_s:>6.1f}x"
            f"  {'yes' if same else 'NO':<9}  {verdict}"
        )
    return 0 if all(r[3] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
