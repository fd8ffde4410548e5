"""Builders shared by the elimination tests: a small center closed month by month."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from kefu.accounts.rules import AccessRole, Viewer
from kefu.closing.service import close_month
from kefu.imports.service import import_file
from kefu.periods import Month
from kefu.policy.loader import load_policy
from kefu.policy.service import use_policy, use_policy_text
from tests.factories import make_person, make_workbook, month_sheets

AGENTS = {
    "1001": ("王芳", "一组"),
    "1002": ("李娜", "一组"),
    "1003": ("张伟", "一组"),
    "1004": ("刘洋", "二组"),
    "1005": ("陈静", "二组"),
    "1006": ("杨磊", "二组"),
}
# a month's scores by 工号 (the three parts equal); None: no score that month (not ranked)
Scores = dict[str, float | None]
# everyone's usual places: 1005 and 1006 are the last two
USUAL: Scores = {"1001": 95, "1002": 90, "1003": 85, "1004": 80, "1005": 70, "1006": 60}


def make_center(session: Session, tmp_path: Path, policy_text: str | None = None) -> None:
    """Six agents and a team leader of 客服一部 under the demo policy (or a variant) from 2026-01."""
    if policy_text is None:
        use_policy(session, "demo", Month(2026, 1), "test")
    else:
        use_policy_text(session, policy_text, "test-variant", Month(2026, 1), "test")
    people = [
        make_person(no, name, team=team, hired=date(2024, 1, 2))
        for no, (name, team) in AGENTS.items()
    ]
    people.append(make_person("2001", "陈组长", role="业务组长", team="二组"))
    path = make_workbook(tmp_path / "people.xlsx", {"员工": people})
    import_file(session, path, None, "hr-li", date(2026, 1, 2))


def demo_variant(old: str, new: str) -> str:
    """The demo policy's text with one line changed (e.g. unranked_month: break)."""
    text = load_policy("demo").text
    assert old in text, old
    return text.replace(old, new)


def close(session: Session, tmp_path: Path, month: str, scores: Scores | None = None) -> None:
    """Import a month's scores (clean attendance) and close it."""
    given = USUAL if scores is None else scores
    present: dict[str, tuple[float | None, float, float]] = {
        no: (s, s, s) for no, s in given.items() if s is not None
    }
    path = make_workbook(tmp_path / f"{month}.xlsx", month_sheets(month, present))
    import_file(session, path, None, "hr-li", Month.parse(month).last_day)
    close_month(session, Month.parse(month), "test")


def close_run(session: Session, tmp_path: Path, first: str, count: int) -> None:
    """``count`` months from ``first`` with everyone in their usual places."""
    month = Month.parse(first)
    for _ in range(count):
        close(session, tmp_path, str(month))
        month = month.shift(1)


def as_(username: str, role: AccessRole, employee_no: str | None = None) -> Viewer:
    return Viewer(username, role, employee_no, "客服一部" if employee_no else None, None, username)


HR = as_("hr", "hr")
MANAGER = as_("boss", "manager")
