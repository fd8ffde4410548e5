"""A standby month in the pay close (R-PAY-3, R-BOT-1): the standby case writes the register,
and the pay close reads it — the month's pay line is the base pay only, with no bonus.

The small rostered center of the pay tests (three agents and a leader, October 2026's cycle
09-26..10-25); 张伟 (1003) is in the last two from July to September and goes to standby for
October through a real case.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from kefu.closing.service import close_month
from kefu.elimination import case_service as bottom_cases
from kefu.explain.trace import Step
from kefu.imports.service import import_file
from kefu.pay.service import close_pay, person_pay
from kefu.periods import Month
from kefu.workdays.calendar import WorkCalendar
from tests.attendance.test_imports import make_center
from tests.elimination import HR, MANAGER
from tests.factories import make_workbook, month_sheets
from tests.pay.test_service import (
    HOLIDAY_R,
    LEVEL,
    NIGHTS,
    OCT,
    bonus_of,
    close_bonus,
    fen,
    lines_of,
    pay_policy,
    plan,
)

OPENED = date(2026, 9, 21)  # a Monday: the notice runs 21, 22, 23 September


def close_summer(session: Session, tmp_path: Path) -> None:
    """July to September: 王芳 90, 李娜 80, 张伟 70 — the last two are 李娜 and 张伟."""
    scores: dict[str, tuple[float | None, float, float]] = {
        "1001": (90, 90, 90),
        "1002": (80, 80, 80),
        "1003": (70, 70, 70),
    }
    for month in ("2026-07", "2026-08", "2026-09"):
        path = make_workbook(tmp_path / f"{month}.xlsx", month_sheets(month, scores))
        import_file(session, path, None, "hr-li", Month.parse(month).last_day)
        close_month(session, Month.parse(month), "manager")


def test_R_PAY_3_a_standby_months_pay_line_has_the_base_only_and_no_bonus(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_summer(session, tmp_path)
    case = bottom_cases.open_standby(session, HR, "1003", today=OPENED)
    bottom_cases.decide(
        session, MANAGER, case.id, "approve", "同意", case.version, OPENED, WorkCalendar()
    )
    bottom_cases.finalize(session, HR, case.id, date(2026, 9, 24))
    assert case.data["standby"]["starts_on"] == "2026-10-01"
    plan(session, tmp_path, "1003", {NIGHTS[0]: "W", HOLIDAY_R: "R"})
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    got = lines_of(session, "1003")
    base = fen(pay_policy(session).base_pay_by_level[LEVEL])  # type: ignore[index]
    assert got["base"] == base
    assert {code for code, amount in got.items() if amount} == {"base"}
    assert bonus_of(session, "1003") == Decimal(0)
    row = person_pay(session, OCT, "1003")
    assert Decimal(str(row.net)) == base
    codes = {Step.from_dict(r).code for r in row.reasons}
    assert "pay.standby" in codes
    # 王芳, not on standby, keeps her October bonus
    assert bonus_of(session, "1001") > 0
