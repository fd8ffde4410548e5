"""The demo center's new-hire programme (called by kefu.demo.load_demo after the closes).

A cohort that started on Monday 2026-10-26, trained by the demo QA: four new hires in the
register on probation (staff numbers 8801–8804, outside the demo center's; entered after
October was closed, so their records take effect from November), mentors assigned on
day 1 — the demo agent mentors one — except for the one who joined a day late, the exams of
days 3 and 5 and the first daily-conduct evaluation scored with feedback, one trainee already
with a failed theory score, a warning, and the day-8 comprehensive exam set on the question
bank for the whole cohort. The sign-in account ``trainee`` belongs to the trainee with the
failed score.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.service import add_user, get_user, viewer_of
from kefu.attendance.service import work_calendar
from kefu.exams import service as exams
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import roster
from kefu.training import exams_link, scores
from kefu.training import service as training

STARTS_ON = date(2026, 10, 26)
ENTERED_ON = date(2026, 11, 1)
DEPARTMENT = "客服一部"
ACCOUNT = "trainee"
PASSWORD = "trainee123456"
# 工号, name, joins on day N, theory on day 3, theory on day 5, conduct (attendance, attitude,
# teamwork) for the first week
TRAINEES: tuple[tuple[str, str, int, int, int, tuple[int, int, int]], ...] = (
    ("8801", "林晓雨", 1, 86, 90, (30, 27, 36)),
    ("8802", "郑浩然", 1, 68, 52, (25, 20, 30)),
    ("8803", "何思琪", 1, 74, 81, (28, 26, 35)),
    ("8804", "罗嘉怡", 2, 79, 72, (26, 25, 33)),
)
ACCOUNT_OF = "8802"
FEEDBACK = {
    True: "掌握扎实，继续保持；多练习快捷短语的使用。",
    False: "对购买流程和支付方式掌握不牢，已约定晚间复习，下次考试前由导师抽查。",
}
# the day-8 comprehensive exam on the bank (written, objective topics only)
EXAM_TOPICS = {"服务用语": 2, "退费流程": 2, "业务知识": 1}
EXAM_SEED = 2608


def load(session: Session, today: date) -> list[str]:
    """Add the demo's training data as of ``today``; one line a thing done, for the log."""
    qa = viewer_of(session, get_user(session, "qa"))
    agent = get_user(session, "agent")
    cohort = training.open_cohort(
        session,
        qa,
        name="2026年10月新员工培训班",
        starts_on=STARTS_ON,
        department=DEPARTMENT,
        today=STARTS_ON,
    )
    mentors = _mentors(session, agent.employee_no)
    day = {n: STARTS_ON + timedelta(days=n - 1) for n in range(1, 24)}
    added = []
    for i, (no, name, joins, _, _, _) in enumerate(TRAINEES):
        _enter(session, no, name, day[joins])
        mentor = mentors[i % len(mentors)] if joins == 1 else ""
        added.append(
            training.add_trainee(session, qa, cohort.id, no, mentor_no=mentor, today=day[joins])
        )
    entered = 0
    for trainee, (_, _, _, first, second, conduct) in zip(added, TRAINEES, strict=True):
        for n, score in ((3, first), (5, second)):
            scores.record_score(
                session,
                qa,
                trainee.id,
                kind="theory",
                taken_on=day[n],
                score=Decimal(score),
                feedback=FEEDBACK[score >= 60],
                occasion="exam",
                plan_number=n,
                today=day[n],
            )
            entered += 1
        attendance, attitude, teamwork = conduct
        scores.record_score(
            session,
            qa,
            trainee.id,
            kind="conduct",
            taken_on=day[5],
            parts={
                "attendance": Decimal(attendance),
                "attitude": Decimal(attitude),
                "teamwork": Decimal(teamwork),
            },
            feedback="第一周日常表现评估：出勤、学习态度与团队协作。",
            occasion="periodic",
            today=day[5],
        )
        entered += 1
    flagged = next(t for t in added if t.employee_no == ACCOUNT_OF)
    scores.warn(session, qa, flagged.id, "课堂上多次走神，提醒专心听讲。", day[4], day[4])
    paper = exams.draw_paper(
        session,
        qa,
        title="新员工第8天综合考试(理论)",
        exam_kind="written",
        purpose="training_theory",
        topics=dict(EXAM_TOPICS),
        seed=EXAM_SEED,
        today=today,
    )
    exam_day = next(
        d for d in training.laid_out(session, cohort, work_calendar()) if d.day.number == 8
    )
    sittings = exams_link.assign_exam(
        session,
        qa,
        cohort.id,
        paper.id,
        purpose="training_theory",
        opens_on=today,
        closes_on=exam_day.on,
        plan_day=8,
        today=today,
    )
    add_user(
        session, "demo", ACCOUNT, PASSWORD, "agent", flagged.name, flagged.employee_no, demo=True
    )
    return [
        f"新员工培训: 培训班 #{cohort.id}「{cohort.name}」{STARTS_ON} 开班，{len(added)} 名学员"
        f"(工号 {added[0].employee_no}–{added[-1].employee_no}，试用)，成绩 {entered} 条；"
        f"第8天综合考试试卷 #{paper.id} 已安排 {len(sittings)} 人；"
        f"学员账号 {ACCOUNT} / {PASSWORD} ({flagged.name}，理论已不及格一次)"
    ]


def _enter(session: Session, employee_no: str, name: str, hired_on: date) -> None:
    """A new hire in the register on probation. Entered after October was closed, the record
    takes effect from November: the closed months keep what they were closed with (R-AUD-1)."""
    employee = Employee(employee_no=employee_no, name=name)
    session.add(employee)
    session.flush()
    session.add(
        EmployeeRecord(
            employee_id=employee.id,
            effective_on=ENTERED_ON,
            name=name,
            department=DEPARTMENT,
            team=None,
            role="csr",
            level="初级客服",
            status="probation",
            hired_on=hired_on,
            converted_on=None,
            left_on=None,
            leave_reason=None,
            recorded_by="demo",
            source="新员工入职 (演示)",
        )
    )
    session.flush()


def _mentors(session: Session, agent_no: str | None) -> list[str]:
    """The demo agent and two regular agents of their team mentor the new hires."""
    records = dict(roster(session))
    assert agent_no is not None and agent_no in records
    mine = records[agent_no]
    colleagues = sorted(
        no
        for no, r in records.items()
        if no != agent_no
        and (r.department, r.team) == (mine.department, mine.team)
        and r.role == "csr"
        and r.status == "regular"
        and r.left_on is None
    )
    return [agent_no, *colleagues[:2]]
