"""The monthly pay close on a real database (R-PAY-1..3): gather, compute, freeze, re-close.

A small center under the demo policy: the October 2026 cycle runs 09-26..10-25, National Day
10-01..10-03 is statutory. Expected amounts are worked out here from the policy's own numbers.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kefu.attendance.models import CompTimeEntry
from kefu.attendance.service import cycle_setting, import_attendance
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.repository import latest_close
from kefu.closing.service import close_month
from kefu.db import unit_of_work
from kefu.errors import CloseRefused, NotFound
from kefu.explain.trace import Step
from kefu.imports.service import import_file
from kefu.pay.models import PayResult
from kefu.pay.rules import compute_pay
from kefu.pay.service import close_pay, inputs_from_frozen, pay_close_of, person_pay
from kefu.pay.sheet import PAY_COLUMNS, pay_sheet, write_pay_xlsx
from kefu.periods import Month
from kefu.policy.schema import Pay
from kefu.policy.service import policy_for
from tests.attendance.test_imports import make_center, make_event, make_events, make_grid
from tests.factories import make_person, make_workbook, month_sheets

OCT = Month(2026, 10)
TODAY = date(2026, 10, 28)
FEN = Decimal("0.01")
LEVEL = "中级客服"  # the level make_person gives everyone


def pay_policy(session: Session) -> Pay:
    pay = policy_for(session, OCT).policy.model.pay
    assert pay is not None
    return pay


def fen(value: Decimal) -> Decimal:
    """A line rounded to the fen as the demo policy says (rounding: half_up)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def add_people(session: Session, tmp_path: Path, *rows: list[object]) -> None:
    path = make_workbook(tmp_path / f"people-{len(rows)}-{rows[0][0]}.xlsx", {"员工": list(rows)})
    import_file(session, path, None, "hr-li", date(2026, 9, 1))


def plan(session: Session, tmp_path: Path, no: str, shifts: dict[date, str]) -> None:
    days = sorted(shifts)
    path = make_grid(tmp_path / f"grid-{no}.xlsx", days, [[no, "", *(shifts[d] for d in days)]])
    import_attendance(session, path, "hr-li", only="roster")


def record(session: Session, tmp_path: Path, name: str, *rows: list[object]) -> None:
    import_attendance(session, make_events(tmp_path / name, list(rows)), "hr-li", only="events")


def close_bonus(session: Session, tmp_path: Path, **attendance: dict[str, object]) -> None:
    """October's scores for the three agents and the leader, and the monthly bonus close."""
    scores: dict[str, tuple[float | None, float, float]] = {
        "1001": (90, 90, 90),
        "1002": (80, 80, 80),
        "1003": (70, 70, 70),
        "2001": (None, 80, 80),
    }
    path = make_workbook(tmp_path / "oct.xlsx", month_sheets("2026-10", scores, **attendance))
    import_file(session, path, None, "hr-li", TODAY)
    close_month(session, OCT, "manager")


# 1001's October: a holiday R shift, two W nights, a C shift and a day of approved personal leave
HOLIDAY_R = date(2026, 10, 1)
NIGHTS = (date(2026, 10, 5), date(2026, 10, 6))
C_DAY = date(2026, 10, 8)
LEAVE_DAY = date(2026, 10, 9)


def plan_1001(session: Session, tmp_path: Path) -> None:
    plan(
        session,
        tmp_path,
        "1001",
        {HOLIDAY_R: "R", NIGHTS[0]: "W", NIGHTS[1]: "W", C_DAY: "C", LEAVE_DAY: "R"},
    )
    record(session, tmp_path, "leave.xlsx", make_event("1001", LEAVE_DAY, "事假", approved="是"))


def lines_of(session: Session, no: str, revision: int | None = None) -> dict[str, Decimal]:
    row = person_pay(session, OCT, no, revision)
    return {line["code"]: Decimal(line["amount"]) for line in row.lines}


def bonus_of(session: Session, no: str) -> Decimal:
    close = latest_close(session, "monthly", str(OCT))
    assert close is not None
    row = session.scalar(
        select(MonthlyResult).where(
            MonthlyResult.close_id == close.id, MonthlyResult.employee_no == no
        )
    )
    assert row is not None
    return Decimal(str(row.bonus))


# --- refusals ------------------------------------------------------------------------------


def test_R_PAY_1_the_pay_close_is_refused_until_the_months_bonus_close_names_the_command(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    with pytest.raises(CloseRefused) as err:
        close_pay(session, OCT, "manager")
    assert "kefu close monthly 2026-10" in err.value.message
    assert "R-PAY-1" in err.value.message
    assert session.scalar(select(func.count()).select_from(PeriodClose)) == 0


def test_R_HRS_1_the_pay_close_waits_for_the_end_of_the_attendance_cycle(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    # the 2026-10 cycle ends on 10-25: on that day its hours are not all in yet
    with pytest.raises(CloseRefused, match="2026-10-25 才结束"):
        close_pay(session, OCT, "manager", today=date(2026, 10, 25))
    assert close_pay(session, OCT, "manager", today=date(2026, 10, 26)).revision == 1


def test_R_PAY_1_a_level_without_base_pay_refuses_the_close_naming_everyone_affected(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    trainee = make_person("1005", "赵见习")
    trainee[5] = "见习客服"
    other = make_person("1006", "钱见习")
    other[5] = "见习客服"
    add_people(session, tmp_path, trainee, other)
    assert "见习客服" not in pay_policy(session).base_pay_by_level
    close_bonus(session, tmp_path)
    with pytest.raises(CloseRefused) as err:
        close_pay(session, OCT, "manager")
    message = err.value.message
    assert "工号 1005 姓名 赵见习 职级 见习客服" in message
    assert "工号 1006 姓名 钱见习 职级 见习客服" in message
    assert "1001" not in message
    assert latest_close(session, "pay", str(OCT)) is None
    assert session.scalar(select(func.count()).select_from(PayResult)) == 0


def test_the_pay_of_a_month_not_closed_is_not_found(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    with pytest.raises(NotFound, match="尚未结算"):
        pay_close_of(session, OCT)


# --- what a rostered agent is paid ----------------------------------------------------------


def test_R_PAY_1_2_a_rostered_agents_pay_is_what_the_policy_numbers_give_by_hand(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    report = close_pay(session, OCT, "manager")
    assert (report.revision, report.created, report.people) == (1, True, 4)

    pay = pay_policy(session)
    hours = policy_for(session, OCT).policy.model.hours
    assert hours is not None and pay.base_pay_by_level is not None
    assert pay.day_wage_divisor and pay.holiday_pay_multiplier is not None
    assert pay.night_allowance_per_shift is not None and pay.meal_allowance_per_shift is not None
    assert pay.personal_leave_deduction_share is not None
    base = pay.base_pay_by_level[LEVEL]
    r_hours = next(s.counted_hours for s in hours.shift_types if s.code == "R")
    # worked: R on 10-01, W, W, C (the R of 10-09 was personal leave); 2 of them W nights;
    # all of 10-01's R is on a statutory holiday
    shifts_worked, nights, holiday_hours, leave_days = 4, 2, r_hours, 1
    day_wage = base / pay.day_wage_divisor
    expected = {
        "base": fen(base),
        "star_wage": Decimal("0.00"),  # no quarter closed yet
        "monthly_bonus": fen(bonus_of(session, "1001")),
        "night_allowance": fen(nights * pay.night_allowance_per_shift),
        "meal_allowance": fen(shifts_worked * pay.meal_allowance_per_shift),
        # R-PAY-2 "当日工资以3薪计算": the holiday hours as days, at 3 × the day wage
        "holiday_pay": fen(
            holiday_hours
            * base
            * pay.holiday_pay_multiplier
            / (hours.hours_per_working_day * pay.day_wage_divisor)
        ),
        "personal_leave": -fen(leave_days * day_wage * pay.personal_leave_deduction_share),
        # the policy's own monthly allowances (the demo's 交通补贴), for a whole month employed
        "other_allowance": fen(
            sum((a.amount for a in pay.other_allowances if a.per == "month"), Decimal(0))
        ),
    }
    got = lines_of(session, "1001")
    assert got == expected
    # 4800 + 300 + 20 + 60 + 910.34 + 200 − 220.69 with the demo's figures
    assert expected["holiday_pay"] == Decimal("910.34")
    assert expected["personal_leave"] == Decimal("-220.69")
    row = person_pay(session, OCT, "1001")
    assert Decimal(str(row.net)) == sum(expected.values())
    assert Decimal(str(row.deductions)) == -expected["personal_leave"]
    assert row.inputs["sources"]["attendance"].startswith("排班与考勤记录 2026-09-26")


def test_the_frozen_hours_ledger_of_a_rostered_agent_is_kept_with_the_pay(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    hours = person_pay(session, OCT, "1001").hours
    standard = cycle_setting(session, OCT).standard_hours
    # R 11 + W 12 + W 12 + C 8 counted (R-SHF-1); the leave day counts nothing
    counted = Decimal(11 + 12 + 12 + 8)
    assert (Decimal(hours["counted"]), Decimal(hours["standard"])) == (counted, standard)
    assert Decimal(hours["carried_out"]) == standard - counted
    assert person_pay(session, OCT, "1002").hours == {}  # not rostered: no ledger


def test_R_PAY_3_a_standby_agent_is_paid_the_base_only(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    add_people(session, tmp_path, make_person("1004", "孙待岗", status="待岗"))
    plan(session, tmp_path, "1004", {NIGHTS[0]: "W", HOLIDAY_R: "R"})
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    got = lines_of(session, "1004")
    base = fen(pay_policy(session).base_pay_by_level[LEVEL])  # type: ignore[index]
    assert got["base"] == base
    assert {code for code, amount in got.items() if amount} == {"base"}
    row = person_pay(session, OCT, "1004")
    assert Decimal(str(row.net)) == base
    steps = [Step.from_dict(r) for r in row.reasons]
    unpaid = {s.args["item"] for s in steps if s.code == "pay.standby_unpaid"}
    assert unpaid >= {"夜班津贴", "伙食津贴", "加班津贴 (国定假日)"}
    assert "pay.standby" in {s.code for s in steps}


def test_a_person_not_rostered_is_paid_from_the_imported_attendance_summary(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    # 1002's only shift is the W of 09-25, the evening before the cycle: not rostered in it
    plan(session, tmp_path, "1002", {date(2026, 9, 25): "W"})
    close_bonus(session, tmp_path, p1002={"absence": 1, "personal": 1})
    close_pay(session, OCT, "manager")
    row = person_pay(session, OCT, "1002")
    assert row.inputs["sources"]["attendance"] == "考勤汇总（导入）"
    assert row.inputs["personal_leave_days"] == "1"
    assert lines_of(session, "1002")["personal_leave"] < 0


def test_the_frozen_inputs_give_back_the_same_pay(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    row = person_pay(session, OCT, "1001")
    (again,) = compute_pay(
        policy_for(session, OCT).policy, str(OCT), [inputs_from_frozen("1001", row.inputs)]
    )
    assert again.net == Decimal(str(row.net))


# --- revisions (R-AUD-1) and the comp-time ledger ------------------------------------------


def test_closing_again_without_changes_keeps_revision_1(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    again = close_pay(session, OCT, "manager")
    assert (again.revision, again.created) == (1, False)
    assert session.scalar(select(func.count()).select_from(PayResult)) == 4


def test_a_changed_record_gives_revision_2_listing_the_persons_changed_lines(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    before = lines_of(session, "1001")
    # the C shift of 10-08 turns out to have been approved personal leave too
    record(session, tmp_path, "more.xlsx", make_event("1001", C_DAY, "事假", approved="是"))
    report = close_pay(session, OCT, "manager")
    assert (report.revision, report.created) == (2, True)
    changed = {(c["employee_no"], c["field"]): (c["old"], c["new"]) for c in report.result_changes}
    assert {no for no, _ in changed} == {"1001"}
    pay = pay_policy(session)
    meal, share = pay.meal_allowance_per_shift, pay.personal_leave_deduction_share
    assert meal is not None and share is not None and pay.day_wage_divisor is not None
    day_wage = pay.base_pay_by_level[LEVEL] / pay.day_wage_divisor  # type: ignore[index]
    assert changed[("1001", "personal_leave")] == (
        str(before["personal_leave"]),
        str(-fen(2 * day_wage * share)),
    )
    assert changed[("1001", "meal_allowance")] == (
        str(before["meal_allowance"]),
        str(before["meal_allowance"] - meal),
    )
    assert ("1001", "net") in changed
    # revision 1 is kept as it was
    assert lines_of(session, "1001", revision=1) == before
    close = latest_close(session, "pay", str(OCT))
    assert close is not None and close.changes["from_revision"] == 1


def surplus_agent(session: Session, tmp_path: Path) -> Decimal:
    """1002 works 12 R shifts in October's cycle: the hours above the standard are banked."""
    setting = cycle_setting(session, OCT)
    days = [date(2026, 10, d) for d in range(8, 20)]
    plan(session, tmp_path, "1002", dict.fromkeys(days, "R"))
    return 12 * setting.shift_types["R"].counted_hours - setting.standard_hours


def test_R_HRS_2_the_pay_close_appends_the_cycles_comp_time_entries(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    surplus = surplus_agent(session, tmp_path)
    assert surplus > 0
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    entries = session.execute(
        select(CompTimeEntry.kind, CompTimeEntry.on_day, CompTimeEntry.hours)
    ).all()
    assert [(k, d, Decimal(h)) for k, d, h in entries] == [
        ("earned", cycle_setting(session, OCT).end, surplus)
    ]
    assert Decimal(person_pay(session, OCT, "1002").hours["balance"]) == surplus


def test_R_HRS_2_the_database_refuses_to_change_or_delete_a_comp_time_entry(
    engine: Engine, tmp_path: Path
) -> None:
    with unit_of_work(engine) as session:
        make_center(session, tmp_path)
        surplus_agent(session, tmp_path)
        close_bonus(session, tmp_path)
        close_pay(session, OCT, "manager")
    for statement in ("UPDATE comp_time_entry SET hours = 0", "DELETE FROM comp_time_entry"):
        with pytest.raises(DBAPIError, match="append-only"), unit_of_work(engine) as session:
            session.execute(text(statement))
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(CompTimeEntry)) == 1


# --- the pay sheet --------------------------------------------------------------------------


def test_the_pay_sheet_xlsx_opens_and_its_totals_row_is_the_sum_of_its_rows(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    sheet = pay_sheet(session, OCT)
    path = tmp_path / "pay.xlsx"
    write_pay_xlsx(sheet, path)
    wb = load_workbook(path, data_only=True)
    assert wb.sheetnames == ["工资表", "说明"]
    ws = wb["工资表"]
    header = [c.value for c in ws[1]]
    rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    people, totals = rows[:-1], rows[-1]
    assert totals[0] == "合计" and len(people) == len(sheet.rows) == 4
    for column in ("基本工资", "事假扣款", "应发合计", "扣款合计", "实发工资"):
        c = header.index(column)
        assert round(sum(Decimal(str(r[c])) for r in people), 2) == round(
            Decimal(str(totals[c])), 2
        )
    # the totals row is a formula a payroll clerk can check
    formulas = load_workbook(path)["工资表"]
    net = header.index("实发工资") + 1
    assert str(formulas.cell(len(people) + 2, net).value).startswith("=SUM(")
    # a deduction is shown as a positive amount under its 扣款 header
    mine = next(r for r in people if r[0] == "1001")
    assert Decimal(str(mine[header.index("事假扣款")])) > 0
    about = {r[0]: r[1] for r in wb["说明"].iter_rows(values_only=True)}
    assert (about["期间"], about["修订"], about["人数"]) == ("2026-10", "1", "4")


def test_each_pay_sheet_row_adds_up_column_by_column(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    plan_1001(session, tmp_path)
    close_bonus(session, tmp_path)
    close_pay(session, OCT, "manager")
    for row in pay_sheet(session, OCT).rows:
        amounts = [Decimal(row[c]) for c in PAY_COLUMNS]
        assert Decimal(row["gross"]) == sum(a for a in amounts if a > 0)
        assert Decimal(row["net"]) == sum(amounts)
    only = pay_sheet(session, OCT, numbers={"1001"}).rows
    assert [r["employee_no"] for r in only] == ["1001"]
