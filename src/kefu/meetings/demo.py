"""The demo center's meetings (called by kefu.demo.load_demo after everything else).

The demo leader's team holds its pre-shift and post-shift meetings on the demo's "today"
(2026-11-02, R shift), and a neighbouring team its pre-shift meeting; the department's weekly
meeting of Friday 2026-10-30 has two follow-ups, one done and one open; two handovers between
the department's leaders, one acknowledged, one waiting for the next shift.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import get_user, viewer_of
from kefu.meetings import rules
from kefu.meetings import service as meetings
from kefu.people.service import roster

WEEKLY_ON = date(2026, 10, 30)
SHIFT = "R"


def load(session: Session, today: date) -> list[str]:
    """Add the demo's meetings data as of ``today``; one line a thing done, for the log."""
    leader = viewer_of(session, get_user(session, "leader"))
    manager = viewer_of(session, get_user(session, "manager"))
    assert leader.employee_no and leader.department and leader.team
    staff = [(no, r) for no, r in roster(session) if r.status != "left"]
    dept = leader.department
    team_nos = [no for no, r in staff if (r.department, r.team) == (dept, leader.team)]
    leaders = [no for no, r in staff if r.department == dept and r.role == "team_leader"]
    others = [no for no in leaders if no != leader.employee_no]
    supervisor = next(no for no, r in staff if r.department == dept and r.role == "supervisor")
    qa = next(no for no, r in staff if r.department == dept and r.role == "qa")
    agents = [no for no in team_nos if no != leader.employee_no]
    # most present; one absent, one excused (请假)
    attendance = tuple(
        (no, rules.ABSENT if i == 3 else rules.EXCUSED if i == 5 else rules.PRESENT)
        for i, no in enumerate(team_nos)
    )
    pre = meetings.add_meeting(
        session,
        leader,
        meetings.MeetingIn(
            kind=rules.PRE_SHIFT,
            held_on=today,
            chair_no=leader.employee_no,
            shift_code=SHIFT,
            department=dept,
            team=leader.team,
            topics=("双十一预售活动的新业务", "退费流程的注意事项", "投诉来电的应答技巧"),
            minutes="今日预计来电量上升，重点讲解预售订单的退费规则和安抚客户的标准用语。",
            attendees=((qa, rules.PRESENT), *attendance),
        ),
    )
    post = meetings.add_meeting(
        session,
        leader,
        meetings.MeetingIn(
            kind=rules.POST_SHIFT,
            held_on=today,
            chair_no=leader.employee_no,
            shift_code=SHIFT,
            department=dept,
            team=leader.team,
            topics=("本班工作小结", "近期工作目标"),
            minutes="本班接听量较昨日增加约两成，两通投诉已按流程升级；明日目标接通率不低于九成。",
            attendees=attendance,
            follow_ups=(meetings.FollowUpIn("回访两通升级的投诉来电，确认处理结果", agents[0]),),
        ),
    )
    neighbour = others[0]
    neighbour_team = next(r.team for no, r in staff if no == neighbour)
    meetings.add_meeting(
        session,
        manager,
        meetings.MeetingIn(
            kind=rules.PRE_SHIFT,
            held_on=today,
            chair_no=neighbour,
            shift_code=SHIFT,
            department=dept,
            team=neighbour_team,
            topics=("新业务培训",),
            minutes="讲解会员卡新权益。",
            attendees=tuple(
                (no, rules.PRESENT)
                for no, r in staff
                if (r.department, r.team) == (dept, neighbour_team)
            ),
        ),
    )
    weekly = meetings.add_meeting(
        session,
        manager,
        meetings.MeetingIn(
            kind=rules.WEEKLY,
            held_on=WEEKLY_ON,
            chair_no=supervisor,
            starts_at=time(16, 0),
            ends_at=time(17, 0),
            department=dept,
            topics=rules.KIND_TOPICS[rules.WEEKLY],
            minutes=(
                "本周接通率达标，投诉量较上周下降；夜班交接遗漏两次来电回访。"
                "决定: 交接班记录必须写明待回访来电；下周组织一次投诉处理案例分析。"
            ),
            attendees=(
                (supervisor, rules.PRESENT),
                (qa, rules.PRESENT),
                *((no, rules.PRESENT) for no in leaders),
            ),
            follow_ups=(
                meetings.FollowUpIn(
                    "整理本周投诉案例，准备案例分析材料", qa, WEEKLY_ON + timedelta(days=2)
                ),
                meetings.FollowUpIn("检查各组交接班记录是否写明待回访来电", leader.employee_no),
            ),
        ),
    )
    done_item = meetings.follow_ups(session, weekly.id)[0]
    meetings.finish_follow_up(
        session,
        Viewer(username="qa", role="qa", employee_no=qa, department=dept),
        done_item.id,
        WEEKLY_ON + timedelta(days=2),
        "案例材料已整理并发给各组长",
    )
    yesterday = today - timedelta(days=1)
    first = meetings.add_handover(
        session,
        manager,
        meetings.HandoverIn(
            shift_date=yesterday,
            shift_code="W",
            to_no=leader.employee_no,
            open_items=("1 通会员卡挂失来电待回访", "系统订单查询偶有延迟，已报信息协调岗"),
            notes="夜班来电平稳，无重大投诉。",
            from_no=neighbour,
        ),
        datetime.combine(today, time(8, 20)),
    )
    meetings.acknowledge(
        session, leader, first.id, datetime.combine(today, time(8, 35)), "已接班，回访已安排"
    )
    third = others[1] if len(others) > 1 else neighbour
    meetings.add_handover(
        session,
        manager,
        meetings.HandoverIn(
            shift_date=today,
            shift_code=SHIFT,
            to_shift="W",
            open_items=("2 通投诉来电待升级回复", "预售退款咨询较多，注意统一口径"),
            notes="白班接听量较大，下午系统短暂卡顿已恢复。",
            from_no=third,
        ),
        datetime.combine(today, time(20, 25)),
    )
    return [
        f"会议: {dept} {leader.team} {today} 班前会 #{pre.id}、班后会 #{post.id}，"
        f"{WEEKLY_ON} 工作例会 #{weekly.id} (跟进事项一项已完成、一项未完成)；"
        "交接班记录 2 份 (1 份待接班确认)"
    ]
