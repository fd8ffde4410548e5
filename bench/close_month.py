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
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, insert, select, text

from kefu.attendance.models import AttendanceEvent, ShiftAssignment
from kefu.attendance.service import cycle_attendance, cycle_of, cycle_setting
from kefu.bonuses import feeds
from kefu.bonuses.awards import AwardEvidence as Evidence
from kefu.bonuses.monthly import PersonMonth, compute_month
from kefu.bonuses.rules import AttendanceSummary as Attendance
from kefu.bonuses.rules import StatusFacts
from kefu.closing import repository as repo
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import CLOSE_ROLES, close_month
from kefu.closing.service import _person_inputs as person_inputs
from kefu.conduct import rules as conduct_rules
from kefu.conduct.models import ConductCharge, ConductEvent
from kefu.conduct.rules import ConductItem
from kefu.conduct.service import CANCELLED, OBJECTED, RECORDED, STANDING, ConductMonth
from kefu.db import make_engine, migrate, unit_of_work
from kefu.exams import service as exam_feed
from kefu.exams.models import Paper, Sitting
from kefu.exams.rules import merged_min_exam
from kefu.explain.trace import Step, num
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.rules import RecordView, month_state
from kefu.periods import Month
from kefu.policy.service import policy_for, use_policy
from kefu.qa.models import QaContact, QaEvaluation, QaScorecard
from kefu.qa.rules import DISPUTED, FINAL, MONITORING, SUBMITTED
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


def generate_feeds(engine: Engine, people: int, seed: int) -> dict[str, int]:
    """The month's inputs kefu keeps itself, which the close reads besides the imports.

    Final QA evaluations (some agents with enough for 通话评估成绩, some with too few, some
    with a dispute still open), conduct points (some under objection, some cancelled), final
    monthly exams (R-EXM-1) and a roster with clock records for a few teams (R-BON-5).
    """
    rng = random.Random(seed + 1)
    with unit_of_work(engine) as session:
        start, end = cycle_of(policy_for(session, MONTH), MONTH)
    agents = [i + 1 for i in range(people) if i % 10]
    number = {emp: f"{100000 + emp - 1}" for emp in range(1, people + 1)}
    contacts, evaluations, events, charges, sittings, shifts, records = [], [], [], [], [], [], []
    day = MONTH.first_day.replace(day=12)
    for emp in agents:
        draw = rng.random()
        count = 0
        if draw < 0.08:
            count = rng.randint(4, 6)  # enough for the month's 通话评估成绩 (R-QA-1)
        elif draw < 0.12:
            count = rng.randint(1, 3)  # too few: the import stands, and the trace says so
        for k in range(count + (1 if draw < 0.005 else 0)):
            contact_id = len(contacts) + 1
            contacts.append(
                {
                    "id": contact_id,
                    "employee_no": number[emp],
                    "channel": "phone",
                    "contact_at": datetime(2026, 10, 1 + k, 10, 0),
                    "reference": f"CALL-{contact_id}",
                    "created_by": "bench",
                }
            )
            score = Decimal(max(0, min(100, round(rng.gauss(78, 9)))))
            disputed = k == count  # the extra one of an agent drawn below 0.5 %
            evaluations.append(
                {
                    "contact_id": contact_id,
                    "scorecard_id": 1,
                    "employee_no": number[emp],
                    "month": str(MONTH),
                    "evaluator": "qa-bench",
                    "purpose": MONITORING,
                    "marks": {},
                    "score": score,
                    "critical_failed": False,
                    "state": DISPUTED if disputed else FINAL,
                    "final_score": None if disputed else score,
                    "final_on": None if disputed else day,
                }
            )
        if rng.random() < 0.2:  # a final monthly exam or two (R-EXM-1)
            for k in range(rng.randint(1, 2)):
                score = Decimal(max(0, min(100, round(rng.gauss(80, 8)))))
                sittings.append(
                    {
                        "paper_id": 1 + k,
                        "employee_no": number[emp],
                        "name": f"员工{emp - 1}",
                        "purpose": "monthly",
                        "context": {},
                        "opens_on": day,
                        "closes_on": day,
                        "time_limit_minutes": 60,
                        "rules": {},
                        "assigned_by": "bench",
                        "assigned_on": day,
                        "status": exam_feed.GRADED,
                        "taken_on": day.replace(day=10 + k),
                        "score": score,
                        "passed": score >= 60,
                        "final": True,
                    }
                )
    for emp in range(1, people + 1):
        if rng.random() >= 0.02:
            continue
        event_id = len(events) + 1
        points = rng.choice((5, 10, 20))
        events.append(
            {
                "id": event_id,
                "occurred_at": datetime(2026, 10, 15, 11, 0),
                "on_day": date(2026, 10, 15),
                "month": str(MONTH),
                "rule_code": "untidy-desk",
                "rule_name": "办公区域不整洁、吃零食、玩手机或接打私人电话",
                "rule_name_en": "untidy desk",
                "min_points": 5,
                "max_points": 20,
                "each_person": False,
                "points": points,
                "what": "座位上吃零食",
                "evidence": "现场巡查",
                "policy_name": "demo",
                "recorded_by": "bench",
                "recorded_on": date(2026, 10, 15),
                "state": RECORDED,
            }
        )
        state = rng.choices((STANDING, OBJECTED, CANCELLED), (90, 5, 5))[0]
        charges.append(
            {
                "event_id": event_id,
                "employee_no": number[emp],
                "name": f"员工{emp - 1}",
                "points": points,
                "final_points": points,
                "state": state,
            }
        )
    # a roster for one person in 200: 白班 C on working days, clock records, a few late days
    for emp in range(1, people + 1, 200):
        d = start
        while d <= end:
            if d.weekday() < 5:
                shifts.append(
                    {
                        "employee_id": emp,
                        "day": d,
                        "shift_code": "C",
                        "recorded_by": "bench",
                        "source": "bench",
                    }
                )
                late = rng.random() < 0.03
                clock_in = datetime(d.year, d.month, d.day, 9, 50 if late else 20)
                for kind, at in (
                    ("clock_in", clock_in),
                    ("clock_out", datetime(d.year, d.month, d.day, 18, 5)),
                ):
                    records.append(_record(emp, d, kind, at))
                if late:
                    records.append(_record(emp, d, "late", None) | {"minutes": 20})
            d += timedelta(days=1)
    with engine.begin() as conn:
        conn.execute(
            insert(QaScorecard),
            [
                {
                    "id": 1,
                    "family": "bench",
                    "version": 1,
                    "channel": "phone",
                    "title": "电话监控评分表",
                    "definition": {},
                    "active": True,
                    "created_by": "bench",
                }
            ],
        )
        conn.execute(
            insert(Paper),
            [
                {
                    "id": k,
                    "title": title,
                    "exam_kind": "theory",
                    "purpose": "monthly",
                    "request": {},
                    "seed": k,
                    "pass_mark": Decimal(60),
                    "total_points": Decimal(100),
                    "steps": [],
                    "drawn_by": "bench",
                    "drawn_on": day,
                }
                for k, title in ((1, "十月月度考试"), (2, "十月月度补充考试"))
            ],
        )
        for model, rows in (
            (QaContact, contacts),
            (QaEvaluation, evaluations),
            (ConductEvent, events),
            (ConductCharge, charges),
            (Sitting, sittings),
            (ShiftAssignment, shifts),
            (AttendanceEvent, records),
        ):
            if rows:
                conn.execute(insert(model), rows)
    return {
        "evaluations": len(evaluations),
        "conduct": len(charges),
        "exams": len(sittings),
        "rostered": len(range(1, people + 1, 200)),
    }


def _record(emp: int, day: date, kind: str, at: datetime | None) -> dict[str, Any]:
    return {
        "employee_id": emp,
        "day": day,
        "kind": kind,
        "at": at,
        "minutes": None,
        "days": Decimal(0),
        "recorded_by": "bench",
        "source": "bench",
    }


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
        setting = cycle_setting(session, MONTH)
        monitoring = policy.policy.model.monitoring
        conduct = policy.policy.model.conduct
        assert monitoring is not None and monitoring.call_quality_from == "evaluations"
        assert conduct is not None and conduct.overall_conduct.mode == "deduct"
        today = date.today()
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
            components = {
                "call_quality": score.call_quality if score else None,
                "work_ability": score.work_ability if score else None,
                "overall_conduct": score.overall_conduct if score else None,
            }
            evidence = None
            if ev is not None:
                evidence = Evidence(
                    ev.commendations,
                    ev.erroneous_work_orders,
                    ev.erroneous_refunds,
                    ev.min_monitoring_score,
                    ev.min_exam_score,
                )
            # R-BON-5: someone rostered in the cycle has the summary of their shifts and records
            rostered = session.scalar(
                select(ShiftAssignment.id)
                .where(
                    ShiftAssignment.employee_id == emp.id,
                    ShiftAssignment.day >= setting.start,
                    ShiftAssignment.day <= setting.end,
                )
                .limit(1)
            )
            summary = None
            if rostered is not None:
                summary = cycle_attendance(session, setting, [emp.id])[emp.id].summary()
            # R-EXM-1: the month's final monthly exams lower 最低考试成绩
            low = exam_feed.monthly_exam_lows(session, MONTH, [emp.employee_no]).get(
                emp.employee_no
            )
            exam_note = None
            if evidence is not None and low is not None:
                exam_score, exam_note = merged_min_exam(evidence.min_exam_score, low)
                evidence = replace(evidence, min_exam_score=exam_score)
            # R-QA-1: the month's final evaluations make 通话评估成绩
            evaluations = session.execute(
                select(
                    QaEvaluation.state,
                    QaEvaluation.final_score,
                    QaEvaluation.score,
                    QaEvaluation.respond_by,
                )
                .where(
                    QaEvaluation.employee_no == emp.employee_no,
                    QaEvaluation.month == str(MONTH),
                    QaEvaluation.purpose == MONITORING,
                )
                .order_by(QaEvaluation.id)
            ).all()
            finals = [
                Decimal(final if st == FINAL else raw)
                for st, final, raw, respond_by in evaluations
                if (st == FINAL and final is not None)
                or (
                    st == SUBMITTED
                    and respond_by is not None
                    and respond_by < today
                    and raw is not None
                )
            ]
            pending = sum(1 for e in evaluations if e[0] == DISPUTED)
            notes: tuple[Step, ...] = ()
            if cur.role == "csr":
                if finals or pending:
                    value, step = feeds.call_quality(
                        components["call_quality"], finals, pending, monitoring
                    )
                    components["call_quality"] = value
                    notes = (step,)
                if finals and evidence is not None:
                    lowest, low_step = feeds.lowest_monitoring(
                        evidence.min_monitoring_score, finals
                    )
                    if low_step is not None:
                        evidence = replace(evidence, min_monitoring_score=lowest)
                        notes += (low_step,)
            # R-DIS-1: the month's conduct points come off 综合工作表现
            charged = session.execute(
                select(
                    ConductEvent.rule_code,
                    ConductCharge.final_points,
                    ConductEvent.on_day,
                    ConductCharge.state,
                )
                .join(ConductEvent, ConductEvent.id == ConductCharge.event_id)
                .where(
                    ConductCharge.employee_no == emp.employee_no,
                    ConductEvent.month == str(MONTH),
                    ConductEvent.state == RECORDED,
                    ConductCharge.state != CANCELLED,
                )
                .order_by(ConductEvent.on_day, ConductEvent.id)
            ).all()
            if charged:
                items = tuple(ConductItem(code, pts, on) for code, pts, on, _ in charged)
                month_points = ConductMonth(
                    emp.employee_no,
                    conduct_rules.month_points(items),
                    len(items),
                    items,
                    sum(1 for c in charged if c[3] == OBJECTED),
                )
                value, step = conduct_rules.overall_conduct(
                    components["overall_conduct"], month_points.points, conduct.overall_conduct
                )
                components["overall_conduct"] = value
                notes += (month_points.step(str(MONTH)), step)
            people.append(
                PersonMonth(
                    employee_no=emp.employee_no,
                    name=cur.name,
                    role=cur.role,  # type: ignore[arg-type]
                    department=cur.department,
                    team=cur.team,
                    components=components,
                    facts=StatusFacts(
                        state.probation,
                        state.dismissed_for_performance,
                        state.notice_period,
                        state.standby,
                    ),
                    attendance=summary
                    if summary is not None
                    else None
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
                    evidence=evidence,
                    previous_rank=last.rank if last and last.grp == "csr" else None,
                    clean_streak=streak,
                    status=cur.status,
                    star_note=STAR_NOTE if cur.role == "csr" else None,
                    attendance_source=None if summary is None else "records",
                    exam_note=exam_note,
                    notes=notes,
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
                r.clean_streak,
                orjson.dumps(r.reasons),
                orjson.dumps(r.inputs),
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
    with unit_of_work(engine) as session:
        use_policy(session, "demo", Month(2026, 1), "bench")
    t = time.perf_counter()
    generate(engine, people, seed)
    fed = generate_feeds(engine, people, seed)
    print(
        f"[{db}] generated {people:,} people with two months of inputs in {time.perf_counter() - t:.1f} s"
        f" and, in {MONTH}, {fed['evaluations']:,} final or disputed QA evaluations,"
        f" {fed['conduct']:,} conduct charges, {fed['exams']:,} monthly exams and"
        f" {fed['rostered']:,} people on a roster with clock records"
    )
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
    with unit_of_work(engine) as session:
        frozen = repo.monthly_inputs(session, fast_id).values()
        fed = sum(1 for x in frozen if x.get("notes") or x.get("exam_note"))
        rostered = sum(1 for x in frozen if x.get("attendance_source") == "records")
    print(
        f"[{db}] of them, {fed:,} with a component or evidence from kefu's own records"
        f" (QA, conduct, exams) and {rostered:,} with attendance from the roster"
    )

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
