"""``kefu roster``, ``kefu attendance``, ``kefu comp-time`` and ``kefu pay`` at a terminal.

The real command on SQLite and PostgreSQL: exit 0 when done, 1 for a refusal, 2 for an import
with problems (one line each, nothing written); the lines a user reads are checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kefu.attendance.models import AttendanceEvent, ShiftAssignment
from kefu.audit.models import AuditEvent
from tests.attendance.test_imports import make_event, make_events, make_grid
from tests.cli.test_commands import (
    Kefu,
    by_no,
    cli,
    failed,
    forget_engines,
    json_rows,
    make_center,
    october,
    succeeded,
)

OCT_DAYS = [date(2026, 10, d) for d in (8, 9, 10)]


@pytest.fixture
def kefu(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Kefu]:
    """``kefu`` on the test database (SQLite and PostgreSQL), working in tmp_path."""
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def rows_of(engine: Engine, model: type[ShiftAssignment] | type[AttendanceEvent]) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def make_october_grid(tmp_path: Path, name: str = "grid.xlsx") -> Path:
    """1001: R, W, rest; 1002: C on each day."""
    return make_grid(
        tmp_path / name,
        OCT_DAYS,
        [["1001", "王芳", "R", "W", "休"], ["1002", "李娜", "C", "C", "C"]],
    )


def make_october_events(tmp_path: Path, name: str = "events.xlsx") -> Path:
    """1001 late 10 minutes on the 8th; 1002 on approved personal leave on the 9th."""
    return make_events(
        tmp_path / name,
        [
            make_event("1001", OCT_DAYS[0], "迟到", minutes=10),
            make_event("1002", OCT_DAYS[1], "事假", approved="是"),
        ],
    )


def closed_pay(kefu: Kefu, tmp_path: Path) -> str:
    """The CLI center with October's roster, records, bonus close and pay close."""
    make_center(kefu, tmp_path)
    succeeded(kefu("roster", "import", make_october_grid(tmp_path)))
    succeeded(kefu("attendance", "import", make_october_events(tmp_path)))
    succeeded(kefu("import", october(tmp_path)))
    succeeded(kefu("close", "monthly", "2026-10"))
    return succeeded(kefu("pay", "close", "2026-10"))


# --- kefu roster ----------------------------------------------------------------------------


def test_roster_import_reports_shifts_rest_days_and_people(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    out = succeeded(kefu("roster", "import", make_october_grid(tmp_path)))
    assert "已导入 2 人: 班次 5 个，休息日 1 个，考勤记录 0 条" in out


def test_roster_import_with_problems_exits_2_with_one_line_each_and_writes_nothing(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    grid = make_grid(
        tmp_path / "bad.xlsx", OCT_DAYS, [["1001", "", "R", "N", "W"], ["9999", "", "R", "R", "R"]]
    )
    out = failed(kefu("roster", "import", grid), 2)
    lines = out.strip().splitlines()
    assert lines[0] == "导入失败，共 2 处错误，未写入任何数据:"
    # in the order of the file's rows
    assert lines[1:] == [
        "工作表「排班」，第 2 行，列「2026-10-09」，值「N」:不是政策中的班次；可用班次:R、C、W",
        "工作表「排班」，第 3 行，列「工号」，值「9999」:系统中没有该工号",
    ]
    assert rows_of(engine, ShiftAssignment) == 0


def test_a_refused_roster_or_attendance_record_import_is_audited_and_writes_nothing_else(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    grid = make_grid(tmp_path / "bad.xlsx", OCT_DAYS, [["9999", "", "R", "R", "R"]])
    failed(kefu("roster", "import", grid), 2)
    events = make_events(
        tmp_path / "bad-events.xlsx", [make_event("9999", OCT_DAYS[0], "迟到", minutes=3)]
    )
    failed(kefu("attendance", "import", events), 2)
    with Session(engine) as session:
        refused = session.execute(
            select(AuditEvent.target, AuditEvent.detail)
            .where(AuditEvent.action == "import.refused")
            .order_by(AuditEvent.id)
        ).all()
    assert [(target, detail["kind"], detail["problems"]) for target, detail in refused] == [
        ("bad.xlsx", "shift_roster", 1),
        ("bad-events.xlsx", "attendance_events", 1),
    ]
    assert "9999" in refused[0].detail["first"][0]
    assert (rows_of(engine, ShiftAssignment), rows_of(engine, AttendanceEvent)) == (0, 0)


def test_roster_import_refuses_a_file_with_attendance_records(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    both = make_grid(
        tmp_path / "both.xlsx",
        OCT_DAYS[:1],
        [["1001", "", "R"]],
        events=[make_event("1001", OCT_DAYS[0], "迟到", minutes=3)],
    )
    out = failed(kefu("roster", "import", both), 2)
    assert "本命令只导入排班；考勤记录请用 kefu attendance import" in out
    assert (rows_of(engine, ShiftAssignment), rows_of(engine, AttendanceEvent)) == (0, 0)


def test_roster_template_lists_the_cycle_and_imports_back_after_filling(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    out = succeeded(kefu("roster", "template", "2026-10", "-o", "roster.xlsx"))
    assert "已写入排班模板 roster.xlsx: 2026-09-26 至 2026-10-25，6 人" in out
    wb = load_workbook(tmp_path / "roster.xlsx")
    ws = wb["排班"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["工号", "姓名", "班组"]
    assert header[3] == "2026-09-26" and header[-1] == "2026-10-25" and len(header) == 3 + 30
    assert "说明" in wb.sheetnames
    ws.cell(2, 4, "W")  # the first person's W shift on 09-26
    wb.save(tmp_path / "roster.xlsx")
    out = succeeded(kefu("roster", "import", "roster.xlsx"))
    assert "已导入 6 人: 班次 1 个，休息日 179 个" in out
    assert rows_of(engine, ShiftAssignment) == 1
    # the template comes back pre-filled with what is planned
    succeeded(kefu("roster", "template", "2026-10", "-o", "again.xlsx", "--team", "一组"))
    again = load_workbook(tmp_path / "again.xlsx")["排班"]
    assert again.cell(2, 4).value == "W"


def test_the_roster_template_of_a_policys_first_cycle_imports_back(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)  # the demo policy from 2026-07: July's cycle starts 06-26
    succeeded(kefu("roster", "template", "2026-07", "-o", "july.xlsx"))
    wb = load_workbook(tmp_path / "july.xlsx")
    wb["排班"].cell(2, 4, "R")  # 06-26
    wb.save(tmp_path / "july.xlsx")
    assert "班次 1 个" in succeeded(kefu("roster", "import", "july.xlsx"))


# --- kefu attendance ------------------------------------------------------------------------


def test_attendance_import_reports_the_records(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    out = succeeded(kefu("attendance", "import", make_october_events(tmp_path)))
    assert "已导入 2 人: 班次 0 个，休息日 0 个，考勤记录 2 条" in out


def test_attendance_import_refuses_a_file_with_a_roster(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    both = make_events(
        tmp_path / "both.xlsx",
        [make_event("1001", OCT_DAYS[0], "事假")],
        grid=(OCT_DAYS[:1], [["1001", "", "R"]]),
    )
    assert "排班请用 kefu roster import" in failed(kefu("attendance", "import", both), 2)
    assert (rows_of(engine, ShiftAssignment), rows_of(engine, AttendanceEvent)) == (0, 0)


def test_attendance_import_of_a_duplicate_exits_2_and_writes_nothing_more(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    succeeded(kefu("attendance", "import", make_october_events(tmp_path)))
    out = failed(kefu("attendance", "import", make_october_events(tmp_path, "again.xlsx")), 2)
    assert "导入失败，共 2 处错误" in out and out.count("这条考勤记录已经导入过") == 2
    assert rows_of(engine, AttendanceEvent) == 2


def test_attendance_template_writes_the_records_sheet_and_its_notes(
    kefu: Kefu, tmp_path: Path
) -> None:
    assert "已写入模板" in succeeded(kefu("attendance", "template", "-o", "events.xlsx"))
    wb = load_workbook(tmp_path / "events.xlsx")
    assert wb.sheetnames == ["考勤记录", "说明"]
    assert [c.value for c in wb["考勤记录"][1]][:3] == ["工号", "日期", "类型"]


def test_attendance_show_gives_the_cycle_as_a_table_and_as_json(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    succeeded(kefu("roster", "import", make_october_grid(tmp_path)))
    succeeded(kefu("attendance", "import", make_october_events(tmp_path)))
    table = succeeded(kefu("attendance", "show", "1001", "2026-10"))
    assert "1001 考勤周期 2026-10 (2026-09-26 至 2026-10-25)" in table
    assert "迟到次数" in table and "夜班次数" in table
    data = json.loads(succeeded(kefu("attendance", "show", "1001", "2026-10", "--format", "json")))
    assert (data["start"], data["end"]) == ("2026-09-26", "2026-10-25")
    assert (data["late_count"], data["night_shifts"], data["shifts_worked"]) == (1, 1, 2)
    # R-SHF-1: R is 12 h on site, 11 counted, so each minute on site counts 11/12; 10 minutes
    # late leave 710 of its 720 minutes. The W counts its full 12 h.
    assert Decimal(data["counted_hours"]) == Decimal(12 * 60 - 10) * 11 / (12 * 60) + 12
    leave = json.loads(succeeded(kefu("attendance", "show", "1002", "2026-10", "-f", "json")))
    assert Decimal(leave["personal_leave_days"]) == 1
    nobody = succeeded(kefu("attendance", "show", "1003", "2026-10"))
    assert "没有排班" in nobody
    assert "没有工号为 9999" in failed(kefu("attendance", "show", "9999", "2026-10"), 1)


# --- kefu comp-time show --------------------------------------------------------------------


def test_comp_time_show_prints_the_hours_ledger_and_the_balance(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    succeeded(kefu("roster", "import", make_october_grid(tmp_path)))
    out = succeeded(kefu("comp-time", "show", "1001", "--through", "2026-10"))
    assert "1001 工时台账 (R-HRS-1)" in out and "1001 换休台账" in out
    # R 11 h and W 12 h worked against the cycle's standard: the rest is to be made up
    assert "换休余额: 0 小时；待补工时:" in out


def test_comp_time_show_as_json_has_the_ledgers_keys(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    succeeded(kefu("roster", "import", make_october_grid(tmp_path)))
    out = succeeded(kefu("comp-time", "show", "1002", "--through", "2026-10", "-f", "json"))
    data = json.loads(out)
    assert set(data) == {
        "employee_no",
        "balance",
        "carried_shortfall",
        "periods",
        "entries",
        "lots",
    }
    (period,) = data["periods"]
    assert set(period) == {
        "period",
        "counted",
        "standard",
        "carried_in",
        "required",
        "comp_time_used",
        "surplus",
        "shortfall",
        "offset",
        "carried_out",
    }
    # three C shifts of 8 counted hours against the cycle's standard hours
    assert period["period"] == "2026-10" and Decimal(period["counted"]) == 24
    assert Decimal(period["shortfall"]) == Decimal(period["standard"]) - 24
    assert data["carried_shortfall"] == period["carried_out"]


def test_comp_time_show_of_someone_without_a_roster_or_unknown(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    assert "没有排班记录" in succeeded(kefu("comp-time", "show", "1003", "--through", "2026-10"))
    assert "没有工号为 9999" in failed(kefu("comp-time", "show", "9999"), 1)


# --- kefu pay -------------------------------------------------------------------------------


def test_pay_close_before_the_bonus_close_exits_1_naming_the_command(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)
    assert "kefu close monthly 2026-10" in failed(kefu("pay", "close", "2026-10"), 1)


def test_pay_close_reports_the_revision_people_and_totals(kefu: Kefu, tmp_path: Path) -> None:
    out = closed_pay(kefu, tmp_path)
    assert "2026-10 薪资已结算: 修订 1，6 人，政策 demo" in out
    assert "应发合计" in out and "实发合计" in out
    again = succeeded(kefu("pay", "close", "2026-10"))
    assert "仍为修订 1" in again


def test_pay_close_after_a_changed_record_lists_the_changes_of_revision_2(
    kefu: Kefu, tmp_path: Path
) -> None:
    closed_pay(kefu, tmp_path)
    more = make_events(
        tmp_path / "more.xlsx", [make_event("1001", OCT_DAYS[1], "病假", approved="是")]
    )
    succeeded(kefu("attendance", "import", more))
    out = succeeded(kefu("pay", "close", "2026-10"))
    assert "修订 2" in out and "与修订 1 相比的变化:" in out
    changed = [line.strip() for line in out.splitlines() if line.startswith("  1001 ")]
    assert any(line.startswith("1001 sick_leave: — → -") for line in changed)
    assert any(line.startswith("1001 night_allowance: 10 → 0") for line in changed)


def test_pay_results_json_gives_one_row_a_person_with_every_column(
    kefu: Kefu, tmp_path: Path
) -> None:
    closed_pay(kefu, tmp_path)
    rows = by_no(json_rows(kefu("pay", "results", "2026-10", "--format", "json")))
    assert set(rows) == {"1001", "1002", "1003", "1004", "2001", "3001"}
    row = rows["1001"]
    assert {
        "employee_no",
        "name",
        "base",
        "night_allowance",
        "meal_allowance",
        "holiday_pay",
        "personal_leave",
        "gross",
        "deductions",
        "net",
        "lines",
        "hours",
        "month",
        "revision",
    } <= set(row)
    assert (row["month"], row["revision"], row["base"], row["night_allowance"]) == (
        "2026-10",
        1,
        "4800.00",
        "10.00",
    )
    # meal allowance for the R and the W worked (the 10th was rest)
    assert row["meal_allowance"] == "30.00"
    assert Decimal(rows["1002"]["personal_leave"]) < 0
    assert Decimal(row["net"]) == Decimal(row["gross"]) - Decimal(row["deductions"])


def test_pay_results_as_table_and_xlsx(kefu: Kefu, tmp_path: Path) -> None:
    closed_pay(kefu, tmp_path)
    table = succeeded(kefu("pay", "results", "2026-10"))
    assert "2026-10 工资表 (修订 1" in table and "王芳" in table
    out = succeeded(kefu("pay", "results", "2026-10", "-f", "xlsx", "-o", "pay.xlsx"))
    assert "已写入 pay.xlsx (6 人，修订 1)" in out
    assert load_workbook(tmp_path / "pay.xlsx").sheetnames == ["工资表", "说明"]
    assert "-o" in failed(kefu("pay", "results", "2026-10", "-f", "xlsx"), 1)
    assert "csv" in failed(kefu("pay", "results", "2026-10", "-f", "csv"), 1)


def test_pay_results_and_explain_of_a_month_not_closed_exit_1(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    assert "尚未结算" in failed(kefu("pay", "results", "2026-10"), 1)
    assert "尚未结算" in failed(kefu("pay", "explain", "1001", "2026-10"), 1)


def test_pay_explain_lists_the_steps_with_their_rules(kefu: Kefu, tmp_path: Path) -> None:
    closed_pay(kefu, tmp_path)
    out = succeeded(kefu("pay", "explain", "1001", "2026-10"))
    assert out.startswith("1001 王芳 2026-10 工资 (修订 1，政策 demo")
    assert "R-PAY-1" in out and "R-PAY-2" in out
    assert out.strip().splitlines()[-1].startswith("实发 ")
    assert "没有工号 9999" in failed(kefu("pay", "explain", "9999", "2026-10"), 1)
