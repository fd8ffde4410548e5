"""A realistic demo center, loaded through the same import files and closes a center would use.

Four departments, 129 people (agents, team leaders, QA, supervisors, a manager), seven months
(2026-04 … 2026-10) of scores, attendance and award evidence, with ties, probation staff,
absences, a notice period, a dismissal for performance, standby retraining, and two quarters
of stars. The last two attendance cycles are kept for real: a shift roster (R, C and W shifts
in rotation, supervisors on working days), attendance records (late arrivals, leave, swaps),
leave and comp-time requests, and the monthly pay close with its hours and comp-time ledgers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kefu.accounts.service import add_user
from kefu.attendance import service as attendance
from kefu.attendance.templates import write_roster_template
from kefu.autoqa import demo as autoqa_demo
from kefu.closing.service import close_month, close_quarter
from kefu.conduct import demo as conduct_demo
from kefu.elimination import demo as elimination_demo
from kefu.exams import demo as exams_demo
from kefu.imports.service import import_file
from kefu.imports.sheets import (
    ATTENDANCE,
    AWARD_EVIDENCE,
    MONTHLY_SCORES,
    PERFORMANCE_INDICATORS,
    ROSTER,
)
from kefu.meetings import demo as meetings_demo
from kefu.pay.service import close_pay
from kefu.periods import Month, Quarter
from kefu.policy.service import use_policy
from kefu.qa import demo as qa_demo
from kefu.qa_reports import demo as qa_reports_demo
from kefu.recruitment import demo as recruitment_demo
from kefu.training import demo as training_demo

DEPARTMENTS = ("客服一部", "客服二部", "VIP客服部", "电话中心")
TEAMS_PER_DEPARTMENT = 3
AGENTS_PER_TEAM = 9
FIRST_MONTH = Month(2026, 4)
MONTHS = [FIRST_MONTH.shift(i) for i in range(7)]
# the cycles kept as a roster and attendance records, and closed for pay
ROSTERED_MONTHS = MONTHS[-2:]
# a two-week rotation of the seed's shifts (None: rest day)
ROTATION = ("R", "C", None, "W", None, None, "C", "R", None, "C", "W", None, None, "C")
EVENT_HEADERS = ["工号", "日期", "类型", "时间", "分钟", "天数", "主动", "已批准", "备注"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晶婷雪琳欣怡浩宇轩然佳琪"
)

ROSTER_HEADERS = [c.header for c in ROSTER.columns]
SCORE_HEADERS = [c.header for c in MONTHLY_SCORES.columns]
ATTENDANCE_HEADERS = [c.header for c in ATTENDANCE.columns]
EVIDENCE_HEADERS = [c.header for c in AWARD_EVIDENCE.columns]
INDICATOR_HEADERS = [c.header for c in PERFORMANCE_INDICATORS.columns]
# months with the periodic skills exam (定期业务知识和技能考核, R-PRO-1)
EXAM_MONTHS = (6, 9)
ROLE_ZH = {
    "csr": "客服代表",
    "qa": "QA",
    "team_leader": "业务组长",
    "supervisor": "客服主管",
    "manager": "客服经理",
}
STATUS_ZH = {
    "probation": "试用",
    "regular": "正式",
    "standby": "待岗",
    "notice_period": "离职通知期",
    "left": "离职",
}
REASON_ZH = {"resigned": "辞职", "dismissed_performance": "绩效不佳"}


@dataclass
class DemoPerson:
    employee_no: str
    name: str
    department: str
    team: str | None
    role: str
    level: str
    hired_on: date
    converted_on: date | None
    ability: float
    status: str = "regular"
    left_on: date | None = None
    leave_reason: str | None = None
    events: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_center(rng: random.Random) -> list[DemoPerson]:
    """The people of the demo center with their abilities and planned register changes."""
    people: list[DemoPerson] = []
    names: set[str] = set()
    number = 1001

    def name() -> str:
        while True:
            n = (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            )
            if n not in names:
                names.add(n)
                return n

    def add(
        dept: str, team: str | None, role: str, level: str, hired: date, converted: date | None
    ) -> DemoPerson:
        nonlocal number
        p = DemoPerson(
            str(number), name(), dept, team, role, level, hired, converted, rng.gauss(78, 6)
        )
        p.status = "regular" if converted and converted <= FIRST_MONTH.first_day else "probation"
        number += 1
        people.append(p)
        return p

    add(DEPARTMENTS[0], None, "manager", "客服经理", date(2019, 3, 1), date(2019, 6, 1))
    for d, dept in enumerate(DEPARTMENTS):
        add(dept, None, "supervisor", "客服主管", date(2020, 5, 11), date(2020, 8, 11))
        add(dept, None, "qa", "高级客服", date(2021, 7, 1), date(2021, 10, 1))
        for t in range(TEAMS_PER_DEPARTMENT):
            team = f"{dept}{t + 1}组"
            add(dept, team, "team_leader", "高级客服", date(2021, 2 + t, 8), date(2021, 5 + t, 8))
            for a in range(AGENTS_PER_TEAM):
                if a == AGENTS_PER_TEAM - 1 and t < 2:
                    # new hires: on probation at the start, converted during the demo
                    hired = date(2026, 3 + t, 16)
                    add(dept, team, "csr", "初级客服", hired, date(2026, 6 + t, 16))
                else:
                    year = 2022 + (a + t + d) % 4
                    add(
                        dept,
                        team,
                        "csr",
                        ("初级客服", "中级客服", "高级客服")[a % 3],
                        date(year, 1 + (a * 5 + d) % 12, 3 + a),
                        date(year, 1 + (a * 5 + d) % 12, 3 + a).replace(year=year + 1),
                    )
    agents = [p for p in people if p.role == "csr" and p.status == "regular"]
    # a resignation with a notice period and sick leave inside it (R-BON-4)
    agents[5].events["2026-08"] = {"status": "notice_period", "effective": date(2026, 8, 1)}
    agents[5].events["2026-09"] = {
        "status": "left",
        "left_on": date(2026, 9, 18),
        "reason": "resigned",
        "effective": date(2026, 9, 18),
    }
    # a dismissal for poor performance (R-BON-4)
    agents[17].ability = 58
    agents[17].events["2026-07"] = {
        "status": "left",
        "left_on": date(2026, 7, 20),
        "reason": "dismissed_performance",
        "effective": date(2026, 7, 20),
    }
    # standby retraining in September, back in October (R-BOT-1, R-PAY-3)
    agents[30].ability = 62
    agents[30].events["2026-09"] = {"status": "standby", "effective": date(2026, 9, 1)}
    agents[30].events["2026-10"] = {"status": "regular", "effective": date(2026, 10, 1)}
    return people


def _write(path: Path, sheets: dict[str, tuple[list[str], list[list[Any]]]]) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    datefmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for sheet, (headers, rows) in sheets.items():
        ws = wb.add_worksheet(sheet)
        ws.write_row(0, 0, headers)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    ws.write_datetime(r, c, value, datefmt)
                elif value is None:
                    continue
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
    wb.close()
    return path


def _roster_row(p: DemoPerson, effective: date | None) -> list[Any]:
    return [
        p.employee_no,
        p.name,
        p.department,
        p.team,
        ROLE_ZH[p.role],
        p.level,
        p.hired_on,
        None if p.status == "probation" else p.converted_on,
        STATUS_ZH[p.status],
        p.left_on,
        REASON_ZH.get(p.leave_reason or ""),
        effective,
    ]


def indicator_row(p: DemoPerson, month: Month, rng: random.Random, star: bool) -> list[Any]:
    """One month's 业绩指标 (R-PRO-1): better agents answer faster and satisfy more customers.

    ``star`` is the demo's agent account: strong enough figures to apply for the next level.
    """
    a = max(p.ability, 93.0) if star else p.ability

    def around(base: float, slope: float, spread: float, low: float, high: float) -> float:
        return max(low, min(high, base + (a - 70) * slope + rng.gauss(0, spread)))

    exam = round(around(70, 1.0, 4, 40, 100)) if month.month in EXAM_MONTHS else None
    return [
        p.employee_no,
        str(month),
        round(around(80, 0.8, 1.5, 60, 100), 1),
        round(around(3.0, -0.09, 0.15, 0.5, 5), 2),
        round(around(80, 0.9, 1.5, 60, 100), 1),
        round(around(78, 0.8, 1.5, 50, 100), 1),
        round(around(3.0, -0.12, 0.2, 0, 10), 2),
        round(around(90, 1.2, 3, 50, 150), 1),
        max(exam, 85) if star and exam is not None else exam,
        0 if star or rng.random() > 0.02 else 1,
    ]


def _clip(x: float) -> int:
    return max(30, min(100, round(x)))


def month_rows(
    p: DemoPerson, month: Month, rng: random.Random
) -> tuple[list[Any] | None, list[Any], list[Any] | None]:
    """One person's score, attendance and evidence rows for a month."""
    drift = (MONTHS.index(month) - 3) * rng.uniform(-0.8, 0.8)
    base = p.ability + drift
    conduct = _clip(rng.gauss(base + 2, 4))
    work = _clip(rng.gauss(base, 5))
    call = _clip(rng.gauss(base + 1, 5)) if p.role == "csr" else None
    score = [p.employee_no, str(month), call, work, conduct]
    roll = rng.random()
    absence = personal = sick = unapproved = 0.0
    late = early = 0
    if roll < 0.06:
        absence, personal = 3.0, 3.0
    elif roll < 0.14:
        absence, sick = 1.0, 1.0
    elif roll < 0.22:
        late = 1
    elif roll < 0.26:
        absence, personal = 0.5, 0.5
    if p.events.get(str(month), {}).get("status") == "notice_period":
        absence, sick = 3.0, 3.0
    swaps = rng.choice((0, 0, 0, 1, 1, 2, 3))
    attendance = [
        p.employee_no,
        str(month),
        absence,
        personal,
        sick,
        late,
        early,
        swaps,
        unapproved,
    ]
    evidence = None
    if p.role == "csr":
        errors = 1 if rng.random() < 0.12 else 0
        evidence = [
            p.employee_no,
            str(month),
            1 if rng.random() < 0.05 else 0,
            errors,
            1 if rng.random() < 0.04 else 0,
            _clip(rng.gauss(base + 4, 6)),
            _clip(rng.gauss(base + 3, 7)),
        ]
    return score, attendance, evidence


def load_demo(
    session: Session, actor: str, seed: int = 2026, folder: Path | None = None
) -> list[str]:
    """Load the demo center month by month through real import files and close every period."""
    rng = random.Random(seed)
    folder = folder or Path.cwd() / "var" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    people = build_center(rng)
    lines = [f"演示中心: {len(people)} 人,{len(DEPARTMENTS)} 个部门,{MONTHS[0]} 至 {MONTHS[-1]}"]
    use_policy(session, "demo", FIRST_MONTH, actor)
    lines.append("政策: demo (基于种子 003，所有 [X] 已填写)，自 2026-04 起生效")
    # each person's first record takes effect on their hire date: the level held since then
    roster = _write(
        folder / "00-员工.xlsx",
        {"员工": (ROSTER_HEADERS, [_roster_row(p, p.hired_on) for p in people])},
    )
    # the figures promotion is judged on come from their own random stream, so the scores,
    # attendance and closes stay what they were
    indicator_rng = random.Random(seed + 1)
    star = next(p for p in people if p.role == "csr" and p.team and p.status == "regular")
    import_file(session, roster, None, actor, FIRST_MONTH.first_day)
    for month in MONTHS:
        changes = []
        for p in people:
            event = p.events.get(str(month))
            converted_now = (
                p.converted_on and Month.of(p.converted_on) == month and p.status == "probation"
            )
            if event:
                p.status = event["status"]
                p.left_on = event.get("left_on", p.left_on)
                p.leave_reason = event.get("reason", p.leave_reason)
                changes.append(_roster_row(p, event["effective"]))
            elif converted_now:
                p.status = "regular"
                assert p.converted_on is not None
                changes.append(_roster_row(p, p.converted_on))
        active = [
            p
            for p in people
            if p.role in ("csr", "qa", "team_leader")
            and (p.left_on is None or p.left_on >= month.first_day)
            and p.hired_on <= month.last_day
        ]
        scores: list[list[Any]] = []
        attendance_rows: list[list[Any]] = []
        evidence: list[list[Any]] = []
        for p in active:
            s, a, e = month_rows(p, month, rng)
            if s:
                scores.append(s)
            attendance_rows.append(a)
            if e:
                evidence.append(e)
        sheets: dict[str, tuple[list[str], list[list[Any]]]] = {}
        if changes:
            sheets["员工"] = (ROSTER_HEADERS, changes)
        sheets |= {
            "月度成绩": (SCORE_HEADERS, scores),
            "考勤汇总": (ATTENDANCE_HEADERS, attendance_rows),
            "奖项依据": (EVIDENCE_HEADERS, evidence),
            "业绩指标": (
                INDICATOR_HEADERS,
                [indicator_row(p, month, indicator_rng, p is star) for p in active],
            ),
        }
        path = _write(folder / f"{month}-月度数据.xlsx", sheets)
        import_file(session, path, None, actor, month.last_day)
        if month in ROSTERED_MONTHS:
            lines += _roster_and_records(session, people, month, attendance_rows, folder, actor)
        report = close_month(session, month, actor)
        lines.append(
            f"已结算 {month}: 修订 {report.revision},{report.people} 人，合计 {report.totals.get('total')} 元"
        )
        if month.month % 3 == 0:
            q = Quarter(month.year, month.month // 3)
            qr = close_quarter(session, q, actor)
            lines.append(
                f"已结算 {q} 星级: {qr.people} 人，星级工资 {qr.totals.get('star_wage')} 元/月"
            )
        if month in ROSTERED_MONTHS:
            pay = close_pay(session, month, actor)
            lines.append(
                f"已结算 {month} 薪资: {pay.people} 人，实发合计 {pay.totals.get('net')} 元"
            )
    lines.append(f"导入文件保存在 {folder}")
    lines += demo_accounts(session, people, actor)
    lines += demo_requests(session, people)
    lines += demo_promotion_round(session)
    # the order matters: the question bank comes first (trainees' papers are drawn from it),
    # recruits go into training, the bottom list reads the closed months
    lines += exams_demo.load(session, DEMO_TODAY)
    lines += recruitment_demo.load(session, DEMO_TODAY)
    lines += training_demo.load(session, DEMO_TODAY)
    lines += elimination_demo.load(session, DEMO_TODAY)
    lines += autoqa_demo.load(session, DEMO_TODAY)
    lines += qa_demo.load(session, DEMO_TODAY)
    lines += qa_reports_demo.load(session, DEMO_TODAY)
    lines += conduct_demo.load(session, DEMO_TODAY)
    lines += meetings_demo.load(session, DEMO_TODAY)
    lines.append(
        "试试: kefu results monthly 2026-10 ; kefu explain 2026-10 1005 ; kefu pay results 2026-10 ;"
        " kefu pay explain 1005 2026-10 ; kefu comp-time show 1005 --through 2026-10"
    )
    return lines


def _roster_and_records(
    session: Session,
    people: list[DemoPerson],
    month: Month,
    summaries: list[list[Any]],
    folder: Path,
    actor: str,
) -> list[str]:
    """The cycle's shift roster and attendance records, imported as a center would."""
    from datetime import timedelta

    from kefu.policy.service import policy_for

    policy = policy_for(session, month)
    hours = attendance.hours_policy(policy)
    start, end = attendance.cycle_of(policy, month)
    calendar = attendance.work_calendar()
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    working = [
        p
        for p in people
        if p.hired_on <= end and (p.left_on is None or p.left_on >= start) and p.role != "manager"
    ]
    filled: dict[tuple[str, date], str] = {}
    rostered: dict[str, list[date]] = {}
    for p in working:
        offset = int(p.employee_no) % len(ROTATION)
        for i, day in enumerate(days):
            if day < p.hired_on or (p.left_on and day > p.left_on):
                continue
            if p.role == "supervisor":
                code = "C" if calendar.is_working_day(day) else None
            else:
                code = ROTATION[(i + offset) % len(ROTATION)]
            if code:
                filled[(p.employee_no, day)] = code
                rostered.setdefault(p.employee_no, []).append(day)
    grid = folder / f"{month}-排班.xlsx"
    write_roster_template(
        grid,
        start,
        end,
        [(p.employee_no, p.name, p.team) for p in working],
        hours.shift_types,
        filled,
    )
    attendance.import_attendance(session, grid, actor, only="roster")
    # the records say what the month's summary says: leave, late arrivals, voluntary swaps
    events: list[list[Any]] = []
    for no, _cycle, _absence, personal, sick, late, _early, swaps, _unapproved in summaries:
        shifts = rostered.get(no, [])
        if not shifts:
            continue
        taken = iter(shifts[2:])
        for kind, days_off in (("事假", personal), ("病假", sick)):
            left = days_off
            while left > 0:
                leave_day = next(taken, None)
                if leave_day is None:
                    break
                portion = 0.5 if left == 0.5 else 1
                events.append([no, leave_day, kind, None, None, portion, None, "是", None])
                left -= portion
        for _ in range(late):
            late_day = next(taken, None)
            if late_day:
                events.append([no, late_day, "迟到", None, 12, None, None, None, "交通原因"])
        for i in range(swaps):
            events.append(
                [no, shifts[min(i, len(shifts) - 1)], "换班", None, None, None, "是", None, None]
            )
    records = _write(folder / f"{month}-考勤记录.xlsx", {"考勤记录": (EVENT_HEADERS, events)})
    attendance.import_attendance(session, records, actor, only="events")
    return [
        f"已导入 {month} 考勤周期 ({start} 至 {end}) 的排班 {len(filled)} 个班次、考勤记录 {len(events)} 条"
    ]


# the demo's "today" for its leave requests: a week after the last closed cycle
DEMO_TODAY = date(2026, 11, 2)


def demo_requests(session: Session, people: list[DemoPerson]) -> list[str]:
    """Leave and comp-time requests in the open cycle: pending ones and one approved."""
    working = [p for p in people if p.left_on is None and p.status == "regular"]
    agent = next(p for p in working if p.role == "csr" and p.team)
    team = [p for p in working if p.role == "csr" and p.team == agent.team and p is not agent]
    leader = next(p for p in working if p.role == "team_leader" and p.team == agent.team)
    day = DEMO_TODAY
    attendance.request_leave(
        session,
        "agent",
        agent.employee_no,
        "comp_time_leave",
        date(2026, 11, 9),
        date(2026, 11, 9),
        "家中有事，用换休",
        day,
    )
    attendance.request_leave(
        session,
        team[0].employee_no,
        team[0].employee_no,
        "personal_leave",
        date(2026, 11, 5),
        date(2026, 11, 5),
        "办理证件",
        day,
    )
    sick = attendance.request_leave(
        session,
        team[1].employee_no,
        team[1].employee_no,
        "sick_leave",
        date(2026, 10, 28),
        date(2026, 10, 29),
        "感冒发烧，附医院证明",
        day,
    )
    attendance.decide_leave(session, sick.id, True, "leader", "按规定提供证明，准假")
    return [
        f"请假申请: {agent.name} 换休 1 天、{team[0].name} 事假 1 天 待 {leader.name} 审批；"
        f"{team[1].name} 病假 2 天已批准"
    ]


def demo_promotion_round(session: Session) -> list[str]:
    """HR opens November's promotion round (the demo policy takes applications in May and
    November): the agent account may apply from its 晋升 page."""
    from kefu.accounts.service import get_user, viewer_of
    from kefu.careers.promotion_service import open_round

    found = open_round(session, viewer_of(session, get_user(session, "hr")), DEMO_TODAY)
    return [f"晋升: {found.month} 申请已开放至 {found.closes_on}"]


# one account per access role, linked to demo staff where the role needs a 工号
DEMO_PASSWORD_SUFFIX = "123456"


def demo_accounts(session: Session, people: list[DemoPerson], actor: str) -> list[str]:
    """Sign-in accounts for the demo center, one per role; the sign-in page lists them."""
    working = [p for p in people if p.left_on is None and p.status == "regular"]
    agent = next(p for p in working if p.role == "csr" and p.team)
    leader = next(
        p
        for p in working
        if p.role == "team_leader" and (p.department, p.team) == (agent.department, agent.team)
    )
    qa = next(p for p in working if p.role == "qa")
    accounts = [
        ("agent", "agent", agent.name, agent.employee_no),
        ("leader", "team_leader", leader.name, leader.employee_no),
        ("qa", "qa", qa.name, qa.employee_no),
        ("hr", "hr", "人事专员", None),
        ("manager", "manager", "客服经理", None),
        ("admin", "admin", "系统管理员", None),
    ]
    lines = ["演示账号(用户名 / 密码):"]
    for username, role, name, no in accounts:
        password = username + DEMO_PASSWORD_SUFFIX
        add_user(session, actor, username, password, role, name, no, demo=True)
        lines.append(f"  {username} / {password}  {role} {name}{f' ({no})' if no else ''}")
    return lines
