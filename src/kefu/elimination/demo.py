"""The demo center's elimination data (called by kefu.demo.load_demo after the closes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kefu.accounts.service import get_user, viewer_of
from kefu.elimination import case_service
from kefu.elimination.service import bottom_list


def load(session: Session, today: date) -> list[str]:
    """The bottom list of the newest closed month; HR opens a standby case for each person it
    finds due, so the manager has one waiting for approval. One line a thing done, for the log."""
    found = bottom_list(session, today=today)
    if found.month is None:
        return []
    names = "、".join(f"{e.name} ({e.employee_no}) 连续 {e.run.length} 个月" for e in found.in_last)
    lines = [f"末位名单 {found.month}: {names or '无'}"]
    hr = viewer_of(session, get_user(session, "hr"))
    for entry in found.due:
        if entry.actionable != "standby":
            continue
        case = case_service.open_standby(
            session,
            hr,
            entry.employee_no,
            note="连续三个月排名中心后两名，按末位淘汰制安排待岗培训。",
            today=today,
        )
        lines.append(f"待岗培训 #{case.id}: {entry.name} ({entry.employee_no}) 待经理审批")
    return lines
