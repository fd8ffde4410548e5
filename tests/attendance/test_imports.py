"""Importing the shift roster (排班, a month grid) and attendance records (考勤记录) from .xlsx.

Every test runs on SQLite and PostgreSQL: the reader finds bad cells, the service checks people
and shift codes against the register and the policy, and a file with any problem writes nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.attendance.imports import read_attendance_file
from kefu.attendance.models import AttendanceEvent, ShiftAssignment
from kefu.attendance.service import import_attendance
from kefu.errors import ImportRejected
from kefu.imports.service import import_file
from kefu.people.models import Employee
from kefu.periods import Month
from kefu.policy.service import use_policy
from tests.factories import make_person, make_workbook

EVENT_HEADER = ["工号", "日期", "类型", "时间", "分钟", "天数", "主动", "已批准", "备注"]
PEOPLE = {"1001": "王芳", "1002": "李娜", "1003": "张伟"}
OCT_1 = date(2026, 10, 1)


# --- builders ------------------------------------------------------------------------------


def make_center(session: Session, tmp_path: Path) -> None:
    """Three agents and a leader, with the demo policy (cycle 26th–25th) from 2026-07."""
    use_policy(session, "demo", Month(2026, 7), "manager")
    people = [make_person(no, name) for no, name in PEOPLE.items()]
    people.append(make_person("2001", "陈组长", role="业务组长"))
    import_file(
        session,
        make_workbook(tmp_path / "people.xlsx", {"员工": people}),
        None,
        "hr-li",
        date(2026, 7, 1),
    )


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


def make_grid(
    path: Path,
    days: Sequence[date | str],
    rows: Sequence[Sequence[object]],
    *,
    events: Sequence[Sequence[object]] | None = None,
) -> Path:
    """A 排班 grid: 工号 | 姓名 | one column a day (date cells, or text as given)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "排班"
    ws.append(["工号", "姓名", *days])
    for row in rows:
        ws.append(list(row))
    if events is not None:
        sheet = wb.create_sheet("考勤记录")
        sheet.append(EVENT_HEADER)
        for event in events:
            sheet.append(list(event))
    wb.save(path)
    return path


def make_events(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    grid: tuple[Sequence[date], Sequence[Sequence[object]]] | None = None,
) -> Path:
    """A 考勤记录 sheet (and a 排班 sheet when ``grid`` is given)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "考勤记录"
    ws.append(EVENT_HEADER)
    for row in rows:
        ws.append(list(row))
    if grid is not None:
        sheet = wb.create_sheet("排班")
        sheet.append(["工号", "姓名", *grid[0]])
        for row in grid[1]:
            sheet.append(list(row))
    wb.save(path)
    return path


def make_event(
    no: str,
    day: date | str,
    kind: str,
    at: object = None,
    minutes: object = None,
    days: object = None,
    voluntary: object = None,
    approved: object = None,
    note: object = None,
) -> list[object]:
    """One 考勤记录 row in the template's column order."""
    return [no, day, kind, at, minutes, days, voluntary, approved, note]


def count(session: Session, model: type[ShiftAssignment] | type[AttendanceEvent]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def roster_of(session: Session) -> dict[tuple[str, date], str]:
    """(工号, day) → shift code, as stored."""
    rows = session.execute(
        select(Employee.employee_no, ShiftAssignment.day, ShiftAssignment.shift_code).join(
            Employee, Employee.id == ShiftAssignment.employee_id
        )
    ).all()
    return {(no, day): code for no, day, code in rows}


def stored_events(session: Session) -> list[AttendanceEvent]:
    return list(session.scalars(select(AttendanceEvent).order_by(AttendanceEvent.id)))


def import_roster(session: Session, path: Path) -> None:
    import_attendance(session, path, "hr-li", only="roster")


def import_events(session: Session, path: Path) -> None:
    import_attendance(session, path, "hr-li", only="events")


def rejected(session: Session, path: Path, only: str | None) -> list[str]:
    """The one-line problems of an import that must be refused."""
    with pytest.raises(ImportRejected) as err:
        import_attendance(session, path, "hr-li", only=only)
    return [p.describe() for p in err.value.errors]


# --- the roster grid -----------------------------------------------------------------------


def test_a_grid_with_date_headers_stores_one_shift_a_cell_and_rest_for_休_or_empty(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    days = days_from(OCT_1, 4)
    grid = make_grid(
        tmp_path / "grid.xlsx",
        days,
        [["1001", "王芳", "R", "休", "W", None], ["1002", "李娜", "C", "r", "休息", "w"]],
    )
    report = import_attendance(session, grid, "hr-li", only="roster")
    assert (report.shifts, report.rest_days, report.events, report.people) == (5, 3, 0, 2)
    assert roster_of(session) == {
        ("1001", days[0]): "R",
        ("1001", days[2]): "W",
        ("1002", days[0]): "C",
        # a lower-case code is stored in the policy's spelling
        ("1002", days[1]): "R",
        ("1002", days[3]): "W",
    }


def test_date_headers_may_be_written_as_text(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    grid = make_grid(tmp_path / "grid.xlsx", ["2026-10-01", "2026-10-02"], [["1001", "", "R", "C"]])
    import_roster(session, grid)
    assert roster_of(session) == {("1001", OCT_1): "R", ("1001", date(2026, 10, 2)): "C"}


def test_an_unknown_employee_number_is_named_and_nothing_is_written(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    grid = make_grid(
        tmp_path / "grid.xlsx", days_from(OCT_1, 2), [["1001", "王芳", "R", "R"], ["9999", "", "R"]]
    )
    problems = rejected(session, grid, "roster")
    assert problems == ["工作表「排班」，第 3 行，列「工号」，值「9999」:系统中没有该工号"]
    assert count(session, ShiftAssignment) == 0


def test_an_unknown_shift_code_is_named_with_the_codes_of_the_policy(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    grid = make_grid(tmp_path / "grid.xlsx", days_from(OCT_1, 2), [["1001", "王芳", "R", "N"]])
    # the column is named by its day (a date cell, not "2026-10-02 00:00:00"); the demo
    # policy's shift types are R, C and W (R-SHF-1)
    assert rejected(session, grid, "roster") == [
        "工作表「排班」，第 2 行，列「2026-10-02」，值「N」:不是政策中的班次；可用班次:R、C、W"
    ]
    assert count(session, ShiftAssignment) == 0


def test_a_duplicate_date_column_is_refused(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    grid = make_grid(tmp_path / "grid.xlsx", [OCT_1, "2026-10-01"], [["1001", "王芳", "R", "C"]])
    # 工号 and 姓名 are columns A and B: the dates are C and D
    assert rejected(session, grid, "roster") == [
        "工作表「排班」，第 1 行，列「2026-10-01」:第 D 列的日期与第 C 列重复"
    ]
    assert count(session, ShiftAssignment) == 0


def test_a_grid_may_cover_62_days_but_not_63(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    first = date(2026, 9, 1)
    too_long = make_grid(
        tmp_path / "long.xlsx", [first, first + timedelta(days=62)], [["1001", "王芳", "R", "R"]]
    )
    (problem,) = rejected(session, too_long, "roster")
    assert "最多 62 天" in problem and "跨 63 天" in problem
    assert count(session, ShiftAssignment) == 0
    longest = make_grid(
        tmp_path / "ok.xlsx", [first, first + timedelta(days=61)], [["1001", "王芳", "R", "R"]]
    )
    import_roster(session, longest)
    assert count(session, ShiftAssignment) == 2


def test_a_header_that_is_neither_a_date_nor_a_known_column_is_named(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    grid = make_grid(tmp_path / "grid.xlsx", [OCT_1, "十月二日"], [["1001", "王芳", "R", "R"]])
    (problem,) = rejected(session, grid, "roster")
    assert "列「十月二日」" in problem and "YYYY-MM-DD" in problem


def test_a_grid_without_an_employee_number_column_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "排班"
    ws.append(["姓名", OCT_1])
    ws.append(["王芳", "R"])
    wb.save(tmp_path / "grid.xlsx")
    parsed = read_attendance_file(tmp_path / "grid.xlsx")
    assert [p.reason for p in parsed.problems] == ["缺少「工号」列"]
    assert parsed.roster == []


def test_a_person_listed_twice_in_a_grid_is_refused(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    grid = make_grid(
        tmp_path / "grid.xlsx", [OCT_1], [["1001", "王芳", "R"], ["1001", "王芳", "C"]]
    )
    (problem,) = rejected(session, grid, "roster")
    assert "第 3 行" in problem and "与第 2 行重复" in problem
    assert count(session, ShiftAssignment) == 0


def test_reimporting_replaces_the_people_and_days_it_lists_and_nothing_else(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    d1, d2, d3 = days_from(OCT_1, 3)
    first = make_grid(
        tmp_path / "first.xlsx",
        [d1, d2, d3],
        [["1001", "王芳", "R", "R", "R"], ["1002", "李娜", "C", "C", "C"]],
    )
    import_roster(session, first)
    # only 1001, only the 2nd and 3rd: the 2nd becomes rest, the 3rd a C shift
    second = make_grid(tmp_path / "second.xlsx", [d2, d3], [["1001", "王芳", "休", "C"]])
    report = import_attendance(session, second, "hr-li", only="roster")
    assert (report.shifts, report.rest_days) == (1, 1)
    assert roster_of(session) == {
        ("1001", d1): "R",  # a day the grid does not list is kept
        ("1001", d3): "C",
        ("1002", d1): "C",  # a person the grid does not list is kept
        ("1002", d2): "C",
        ("1002", d3): "C",
    }


def test_one_bad_cell_among_good_ones_writes_nothing_and_keeps_the_old_roster(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    days = days_from(OCT_1, 5)
    import_roster(session, make_grid(tmp_path / "a.xlsx", days, [["1001", "王芳", *"RRRRR"]]))
    before = roster_of(session)
    bad = make_grid(
        tmp_path / "b.xlsx",
        days,
        [["1001", "王芳", *"CCCCC"], ["1002", "李娜", "C", "C", "X", "C", "C"]],
    )
    problems = rejected(session, bad, "roster")
    assert len(problems) == 1 and "值「X」" in problems[0]
    assert roster_of(session) == before
    assert count(session, ShiftAssignment) == 5


def test_every_problem_of_a_grid_is_listed_not_only_the_first(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    grid = make_grid(
        tmp_path / "grid.xlsx",
        days_from(OCT_1, 2),
        [["1001", "王芳", "Q", "R"], ["8888", "", "R", "R"], [None, "无名", "R", "R"]],
    )
    problems = rejected(session, grid, "roster")
    assert len(problems) == 3
    assert any("值「Q」" in p for p in problems)
    assert any("第 4 行" in p and "工号不能为空" in p for p in problems)
    # an unknown person is one problem for their row, not one for each day of it
    assert [p for p in problems if "值「8888」" in p] == [
        "工作表「排班」，第 3 行，列「工号」，值「8888」:系统中没有该工号"
    ]


def test_the_first_cycle_of_a_policy_starts_in_the_month_before_it_and_can_be_imported(
    session: Session, tmp_path: Path
) -> None:
    # the demo policy is in force from 2026-07; the July cycle runs 06-26..07-25 (R-BON-5),
    # so its June days are governed by the July policy, not refused as having no policy
    make_center(session, tmp_path)
    grid = make_grid(
        tmp_path / "july.xlsx", [date(2026, 6, 26), date(2026, 7, 1)], [["1001", "王芳", "R", "W"]]
    )
    import_roster(session, grid)
    assert roster_of(session) == {("1001", date(2026, 6, 26)): "R", ("1001", date(2026, 7, 1)): "W"}


def test_a_day_before_the_first_cycle_of_any_policy_is_refused_with_the_command_to_run(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    grid = make_grid(tmp_path / "june.xlsx", [date(2026, 6, 25)], [["1001", "王芳", "R"]])
    (problem,) = rejected(session, grid, "roster")
    assert "没有生效的政策" in problem and "kefu policy use" in problem


# --- attendance records --------------------------------------------------------------------

KINDS_IN_CHINESE = {
    "打卡上班": "clock_in",
    "打卡下班": "clock_out",
    "迟到": "late",
    "早退": "early_leave",
    "缺勤": "absence",
    "事假": "personal_leave",
    "病假": "sick_leave",
    "换休": "comp_time_leave",
    "换班": "shift_swap",
    "旷工": "unapproved_absence",
}


def test_every_kind_of_record_is_read_from_its_chinese_name(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    rows = []
    for i, name in enumerate(KINDS_IN_CHINESE):
        day = OCT_1 + timedelta(days=i)
        at = "08:30" if name.startswith("打卡") else None
        minutes = 5 if name in ("迟到", "早退") else None
        rows.append(make_event("1001", day, name, at=at, minutes=minutes))
    report = import_attendance(session, make_events(tmp_path / "e.xlsx", rows), "hr", "events")
    assert report.events == len(KINDS_IN_CHINESE)
    assert [e.kind for e in stored_events(session)] == list(KINDS_IN_CHINESE.values())


def test_a_record_keeps_its_time_minutes_days_and_flags(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    rows = [
        make_event("1001", OCT_1, "打卡上班", at="08:41"),
        make_event("1001", OCT_1, "打卡下班", at=datetime(2026, 10, 1, 20, 35)),
        make_event("1002", OCT_1, "迟到", minutes=12),
        make_event("1002", "2026-10-02", "事假", days=0.5, approved="是", note="家事"),
        make_event("1003", OCT_1, "换班", voluntary="是"),
        make_event("1003", "2026-10-02", "病假", approved="否"),
    ]
    import_events(session, make_events(tmp_path / "e.xlsx", rows))
    got = [
        (e.kind, e.at, e.minutes, e.days, e.voluntary, e.approved, e.note)
        for e in stored_events(session)
    ]
    assert got == [
        ("clock_in", datetime(2026, 10, 1, 8, 41), None, 1, None, None, None),
        ("clock_out", datetime(2026, 10, 1, 20, 35), None, 1, None, None, None),
        ("late", None, 12, 1, None, None, None),
        ("personal_leave", None, None, Decimal("0.5"), None, True, "家事"),
        ("shift_swap", None, None, 1, True, None, None),
        ("sick_leave", None, None, 1, None, False, None),
    ]


def test_an_unknown_kind_lists_the_kinds_in_chinese(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(tmp_path / "e.xlsx", [make_event("1001", OCT_1, "出差")])
    (problem,) = rejected(session, path, "events")
    assert "值「出差」" in problem
    for name in ("打卡上班", "迟到", "事假", "换休", "旷工"):
        assert name in problem


def test_a_punch_needs_its_time(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "e.xlsx",
        [make_event("1001", OCT_1, "打卡上班"), make_event("1001", OCT_1, "打卡下班", at="25:00")],
    )
    problems = rejected(session, path, "events")
    assert len(problems) == 2
    assert "第 2 行" in problems[0] and "打卡记录须填写时间" in problems[0]
    assert "第 3 行" in problems[1] and "HH:MM" in problems[1]
    assert count(session, AttendanceEvent) == 0


def test_late_and_early_leave_need_their_minutes(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "e.xlsx",
        [
            make_event("1001", OCT_1, "迟到"),
            make_event("1001", "2026-10-02", "早退"),
            make_event("1001", "2026-10-03", "迟到", minutes=1.5),
        ],
    )
    problems = rejected(session, path, "events")
    assert sum("迟到、早退须填写分钟数" in p for p in problems) == 2
    assert any("第 4 行" in p and "整数" in p for p in problems)
    assert count(session, AttendanceEvent) == 0


def test_approved_reads_是_and_否_and_refuses_anything_else(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "e.xlsx",
        [
            make_event("1001", OCT_1, "事假", approved="是"),
            make_event("1002", OCT_1, "事假", approved="否"),
            make_event("1003", OCT_1, "事假"),
        ],
    )
    import_events(session, path)
    assert [e.approved for e in stored_events(session)] == [True, False, None]
    bad = make_events(
        tmp_path / "bad.xlsx", [make_event("1001", "2026-10-02", "事假", approved="也许")]
    )
    (problem,) = rejected(session, bad, "events")
    assert "列「已批准」" in problem and "应填 是 或 否" in problem


def test_leave_days_are_a_half_or_a_whole_day(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "e.xlsx",
        [make_event("1001", OCT_1, "事假", days=2), make_event("1002", OCT_1, "病假", days=0.3)],
    )
    problems = rejected(session, path, "events")
    assert len(problems) == 2 and all("0.5 或 1" in p for p in problems)


def test_an_unknown_employee_in_the_records_is_named(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "e.xlsx", [make_event("1001", OCT_1, "事假"), make_event("7777", OCT_1, "事假")]
    )
    assert rejected(session, path, "events") == [
        "工作表「考勤记录」，第 3 行，列「工号」，值「7777」:系统中没有该工号"
    ]
    assert count(session, AttendanceEvent) == 0


def test_the_same_record_twice_in_a_file_is_refused(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "e.xlsx",
        [
            make_event("1001", OCT_1, "打卡上班", at="08:30"),
            make_event("1001", OCT_1, "打卡上班", at="08:30"),
            make_event("1001", OCT_1, "打卡上班", at="08:31"),  # another time: another record
        ],
    )
    (problem,) = rejected(session, path, "events")
    assert "第 3 行" in problem and "与第 2 行重复" in problem
    assert count(session, AttendanceEvent) == 0


def test_a_record_already_in_the_database_is_refused_and_nothing_more_is_written(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    import_events(session, make_events(tmp_path / "a.xlsx", [make_event("1001", OCT_1, "事假")]))
    again = make_events(
        tmp_path / "b.xlsx",
        [make_event("1002", OCT_1, "事假"), make_event("1001", OCT_1, "事假")],
    )
    (problem,) = rejected(session, again, "events")
    assert "第 3 行" in problem and "已经导入过" in problem
    assert count(session, AttendanceEvent) == 1


def test_a_bare_clock_time_is_on_the_rows_day(tmp_path: Path) -> None:
    rows = [make_event("1001", OCT_1, "打卡上班", at=time(20, 30))]
    parsed = read_attendance_file(make_events(tmp_path / "e.xlsx", rows))
    assert [e.at for e in parsed.events] == [datetime(2026, 10, 1, 20, 30)]


# --- which command takes which sheet -------------------------------------------------------


def test_the_roster_import_refuses_a_file_with_attendance_records(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    path = make_grid(
        tmp_path / "both.xlsx",
        [OCT_1],
        [["1001", "王芳", "R"]],
        events=[make_event("1001", OCT_1, "事假")],
    )
    problems = rejected(session, path, "roster")
    assert any("kefu attendance import" in p for p in problems)
    assert (count(session, ShiftAssignment), count(session, AttendanceEvent)) == (0, 0)


def test_the_roster_import_names_the_other_command_even_when_the_records_are_bad(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    path = make_grid(
        tmp_path / "both.xlsx",
        [OCT_1],
        [["1001", "王芳", "R"]],
        events=[make_event("1001", OCT_1, "出差")],
    )
    problems = rejected(session, path, "roster")
    assert any("kefu attendance import" in p for p in problems)
    assert any("值「出差」" in p for p in problems)


def test_the_records_import_refuses_a_file_with_a_roster(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "both.xlsx",
        [make_event("1001", OCT_1, "事假")],
        grid=([OCT_1], [["1001", "王芳", "R"]]),
    )
    problems = rejected(session, path, "events")
    assert any("kefu roster import" in p for p in problems)
    assert (count(session, ShiftAssignment), count(session, AttendanceEvent)) == (0, 0)


def test_an_import_of_both_sheets_writes_both(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = make_grid(
        tmp_path / "both.xlsx",
        [OCT_1],
        [["1001", "王芳", "R"]],
        events=[make_event("1001", OCT_1, "迟到", minutes=3)],
    )
    report = import_attendance(session, path, "hr-li")
    assert (report.shifts, report.events, report.people) == (1, 1, 1)


def test_an_unknown_sheet_and_a_file_that_is_not_xlsx_are_refused(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "工资"
    ws.append(["工号"])
    wb.save(tmp_path / "other.xlsx")
    (problem,) = read_attendance_file(tmp_path / "other.xlsx").problems
    assert "无法识别的工作表名" in problem.reason and "排班" in problem.reason
    csv = tmp_path / "grid.csv"
    csv.write_text("工号,2026-10-01\n1001,R\n", encoding="utf-8")
    (problem,) = read_attendance_file(csv).problems
    assert ".xlsx" in problem.reason
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    (problem,) = read_attendance_file(fake).problems
    assert "无法打开" in problem.reason


# --- an invariant of the reader ------------------------------------------------------------

CELLS = st.sampled_from(["R", "C", "W", "r", "休", "休息", "-", None])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=1, max_size=4))
def test_reading_a_grid_gives_back_every_cell_as_a_shift_or_rest(
    grid: list[list[str | None]],
) -> None:
    days = days_from(OCT_1, 3)
    rows = [[f"10{i:02d}", "", *cells] for i, cells in enumerate(grid)]
    with tempfile.TemporaryDirectory() as where:
        parsed = read_attendance_file(make_grid(Path(where) / "grid.xlsx", days, rows))
    assert parsed.problems == []
    rest = {"休", "休息", "-", None}
    assert {(c.employee_no, c.day, c.shift_code) for c in parsed.roster} == {
        (row[0], day, None if cell in rest else cell)
        for row in rows
        for day, cell in zip(days, row[2:], strict=True)
    }


# --- staff numbers as typed ----------------------------------------------------------------


def test_a_full_width_staff_number_in_the_grid_and_the_records_is_the_person_in_the_register(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    path = make_events(
        tmp_path / "both.xlsx",
        [make_event("１００２", OCT_1, "迟到", minutes=12)],
        grid=([OCT_1], [["１００１", "王芳", "R"]]),
    )
    import_attendance(session, path, "hr-li")
    assert roster_of(session) == {("1001", OCT_1): "R"}
    late = stored_events(session)
    assert [(e.employee_id, e.kind) for e in late] == [
        (session.scalar(select(Employee.id).where(Employee.employee_no == "1002")), "late")
    ]
    assert count_people(session) == len(PEOPLE) + 1


def count_people(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Employee)) or 0


def test_a_staff_number_hiding_a_zero_width_space_is_refused_by_its_code_point(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    grid = make_grid(tmp_path / "grid.xlsx", [OCT_1], [["10\u200b01", "王芳", "R"]])
    problems = rejected(session, grid, "roster")
    assert len(problems) == 1
    assert "U+200B" in problems[0]
    assert count(session, ShiftAssignment) == 0
