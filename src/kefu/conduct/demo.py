"""The demo center's conduct points (called by kefu.demo.load_demo after the closes).

On the demo's today (2026-11-02, a month not yet closed) the demo agent's team leader records
chatting at the seats (−20 each for the agent and a teammate), an untidy desk within its range
and an impatient tone that the demo agent objects to (the objection waits for HR or a
manager); HR records foul language in another department.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy.orm import Session

from kefu.accounts.service import get_user, viewer_of
from kefu.conduct import service as conduct
from kefu.people.service import roster


def load(session: Session, today: date) -> list[str]:
    """Add the demo's conduct data as of ``today``; one line a thing done, for the log."""
    leader = viewer_of(session, get_user(session, "leader"))
    hr = viewer_of(session, get_user(session, "hr"))
    agent = viewer_of(session, get_user(session, "agent"))
    records = dict(roster(session))
    assert agent.employee_no is not None
    home = records[agent.employee_no]
    teammate = next(
        no
        for no, r in records.items()
        if no != agent.employee_no
        and r.role == "csr"
        and (r.department, r.team) == (home.department, home.team)
        and r.status != "left"
    )
    outsider = next(
        no
        for no, r in records.items()
        if r.role == "csr" and r.department != home.department and r.status == "regular"
    )

    def at(hour: int, minute: int) -> datetime:
        return datetime.combine(today, time(hour, minute))

    conduct.record(
        session,
        leader,
        rule_code="chatting",
        points=20,
        people=[agent.employee_no, teammate],
        occurred_at=at(10, 15),
        what="两人在座位上聊天说笑约十分钟，期间有来电排队",
        evidence="组长现场巡视所见；排队监控截图",
        attachment="排队监控-1015.png",
        today=today,
    )
    conduct.record(
        session,
        leader,
        rule_code="untidy-desk",
        points=8,
        people=[teammate],
        occurred_at=at(11, 40),
        what="座位上放有零食和饮料，桌面凌乱",
        evidence="组长巡视所见",
        today=today,
    )
    attitude = conduct.record(
        session,
        leader,
        rule_code="service-attitude",
        points=15,
        people=[agent.employee_no],
        occurred_at=at(14, 5),
        what="通话中语气不耐烦，未使用标准结束语",
        evidence="来电录音 14:05，质检抽听",
        today=today,
    )
    conduct.object_to(
        session,
        agent,
        attitude.event.id,
        "当时客户第三次来电询问同一问题，我已按流程解释，结束语因客户先挂机未说完，请复核录音。",
        today,
    )
    conduct.record(
        session,
        hr,
        rule_code="bad-language",
        points=10,
        people=[outsider],
        occurred_at=at(16, 30),
        what="挂机后在座位上说粗话，邻座同事听到",
        evidence="邻座同事陈述",
        today=today,
    )
    return [
        f"扣分事件 4 项 ({today.isoformat()})：聊天每人扣 20 分 2 人，"
        f"其中工号 {agent.employee_no} 对一项扣分提出申诉"
    ]
