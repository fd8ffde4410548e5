"""Reading import files: typed rows from good files, one clear problem per bad cell or row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kefu.errors import ImportProblem, ImportRejected
from kefu.imports.reader import ParsedImport, read_import
from kefu.periods import Month
from tests.factories import ATTENDANCE, EVIDENCE, ROSTER, SCORES

# the contract's headers, written out once for every test (tests/factories.py)
ROSTER_HEADER = ROSTER
SCORES_HEADER = SCORES
ATTENDANCE_HEADER = ATTENDANCE
EVIDENCE_HEADER = EVIDENCE
INDICATORS_HEADER = [
    "工号",
    "月份",
    "客户满意度",
    "平均响应时间（分钟）",
    "响应及时率（%）",
    "问题解决率（%）",
    "客户投诉率（%）",
    "个人业绩完成率（%）",
    "技能考核成绩",
    "违规违纪次数",
]


def make_roster_row(**changes: object) -> list[object]:
    """A good 员工 row (a regular CSR), with some cells changed by header."""
    row: dict[str, object] = {
        "工号": 1001.0,
        "姓名": "张三",
        "部门": "客服一部",
        "班组": "一组",
        "岗位": "客服代表",
        "职级": "初级",
        "入职日期": date(2025, 3, 1),
        "转正日期": date(2025, 6, 1),
        "状态": "正式",
        "离职日期": None,
        "离职原因": None,
        "生效日期": None,
    }
    row.update(changes)
    return [row[h] for h in ROSTER_HEADER]


def make_score_row(**changes: object) -> list[object]:
    row: dict[str, object] = {
        "工号": "1001",
        "月份": "2026-10",
        "通话评估成绩": 84.99,
        "工作评估成绩": 90,
        "综合工作表现": 88.5,
    }
    row.update(changes)
    return [row[h] for h in SCORES_HEADER]


def make_attendance_row(**changes: object) -> list[object]:
    row: dict[str, object] = {
        "工号": "1001",
        "考勤周期": "2026-10",
        "缺勤天数": 2.5,
        "事假天数": 1,
        "病假天数": 0.5,
        "迟到次数": 1,
        "早退次数": 0,
        "主动换班次数": 2,
        "未批准缺勤天数": 1,
    }
    row.update(changes)
    return [row[h] for h in ATTENDANCE_HEADER]


def make_evidence_row(**changes: object) -> list[object]:
    row: dict[str, object] = {
        "工号": "1001",
        "月份": "2026-10",
        "书面表扬次数": 2,
        "错误工单数": 0,
        "错误退费登记数": 0,
        "最低监控成绩": 95.5,
        "最低考试成绩": None,
    }
    row.update(changes)
    return [row[h] for h in EVIDENCE_HEADER]


def make_workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An .xlsx with one sheet per entry, rows written from A1 down."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "import.xlsx"
    workbook.save(path)
    return path


def read_sheet(tmp_path: Path, name: str, rows: list[list[object]]) -> ParsedImport:
    return read_import(make_workbook(tmp_path, {name: rows}))


def only_problem(parsed: ParsedImport) -> ImportProblem:
    assert len(parsed.problems) == 1, [p.describe() for p in parsed.problems]
    return parsed.problems[0]


# --- good files ------------------------------------------------------------------------


def test_a_good_workbook_with_all_five_sheets_parses_into_typed_rows(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {
            "员工": [
                ROSTER_HEADER,
                make_roster_row(),
                make_roster_row(
                    工号="1002",
                    岗位="QA",
                    状态="离职",
                    离职日期=date(2026, 9, 30),
                    离职原因="辞职",
                    生效日期=date(2026, 10, 1),
                ),
                make_roster_row(工号="1003", 岗位="team_leader", 状态="试用", 转正日期=None),
            ],
            "月度成绩": [
                SCORES_HEADER,
                make_score_row(),
                make_score_row(工号="1002", 月份=datetime(2026, 9, 1), 通话评估成绩=None),
            ],
            "考勤汇总": [ATTENDANCE_HEADER, make_attendance_row()],
            "奖项依据": [EVIDENCE_HEADER, make_evidence_row()],
            "业绩指标": [
                INDICATORS_HEADER,
                ["1001", "2026-10", 4.8, 1.5, 96.5, 90, 0.2, 120, 88, None],
            ],
        },
    )

    parsed = read_import(path)

    assert parsed.problems == []
    assert parsed.count == 8
    first, left, trainee = parsed.roster
    assert first.employee_no == "1001"
    assert (first.sheet, first.row) == ("员工", 2)
    assert (first.role, first.status) == ("csr", "regular")
    assert first.hired_on == date(2025, 3, 1)
    assert first.converted_on == date(2025, 6, 1)
    assert first.team == "一组"
    assert first.left_on is None and first.effective_on is None
    assert (left.role, left.status, left.leave_reason) == ("qa", "left", "resigned")
    assert left.left_on == date(2026, 9, 30)
    assert left.effective_on == date(2026, 10, 1)
    assert (trainee.role, trainee.status, trainee.converted_on) == (
        "team_leader",
        "probation",
        None,
    )

    score, leader_score = parsed.monthly_scores
    assert score.month == Month(2026, 10)
    assert score.call_quality == Decimal("84.99")
    assert str(score.call_quality) == "84.99"
    assert score.work_ability == Decimal("90")
    assert score.overall_conduct == Decimal("88.5")
    assert leader_score.month == Month(2026, 9)
    assert leader_score.call_quality is None
    assert leader_score.row == 3

    (attendance,) = parsed.attendance
    assert attendance.cycle == Month(2026, 10)
    assert attendance.absence_days == Decimal("2.5")
    assert attendance.sick_leave_days == Decimal("0.5")
    assert attendance.late_count == 1 and isinstance(attendance.late_count, int)
    assert attendance.shift_swap_count == 2

    (evidence,) = parsed.award_evidence
    assert evidence.commendations == 2
    assert evidence.min_monitoring_score == Decimal("95.5")
    assert evidence.min_exam_score is None

    (indicators,) = parsed.performance_indicators
    assert indicators.month == Month(2026, 10)
    assert indicators.satisfaction == Decimal("4.8")
    assert indicators.kpi_completion_pct == Decimal("120")
    assert indicators.violations == 0


def test_english_keys_are_accepted_as_headers_and_extra_columns_are_ignored(
    tmp_path: Path,
) -> None:
    header = ["employee_no", "MONTH", "call_quality", "备注", "work_ability", "overall_conduct"]
    parsed = read_sheet(tmp_path, "scores", [header, ["1001", "2026-10", 80, "随便写", 81, 82]])

    assert parsed.problems == []
    (row,) = parsed.monthly_scores
    assert (row.sheet, row.call_quality, row.overall_conduct) == ("scores", 80, 82)


def test_the_readme_sheet_and_empty_sheets_are_ignored(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {
            "说明": [["列名", "说明"], ["工号", "员工工号"]],
            "Sheet1": [],
            "奖项依据": [EVIDENCE_HEADER, make_evidence_row()],
        },
    )

    parsed = read_import(path)

    assert parsed.problems == []
    assert parsed.count == 1


def test_fully_empty_rows_are_skipped_and_row_numbers_stay_excel_row_numbers(
    tmp_path: Path,
) -> None:
    parsed = read_sheet(
        tmp_path,
        "月度成绩",
        [
            SCORES_HEADER,
            make_score_row(),
            [None] * 5,
            make_score_row(工号="1002", 通话评估成绩="x"),
        ],
    )

    problem = only_problem(parsed)
    assert problem.row == 4
    assert len(parsed.monthly_scores) == 1


@pytest.mark.parametrize("month", ["2026-10", "2026/10", "2026-1", "2026年10月", date(2026, 10, 1)])
def test_months_may_be_written_as_yyyy_mm_yyyy_slash_mm_or_a_date_cell(
    tmp_path: Path, month: object
) -> None:
    parsed = read_sheet(tmp_path, "月度成绩", [SCORES_HEADER, make_score_row(月份=month)])

    assert parsed.problems == []
    assert parsed.monthly_scores[0].month.year == 2026


def test_dates_may_be_written_as_text(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path,
        "员工",
        [ROSTER_HEADER, make_roster_row(入职日期="2025/3/1", 转正日期="2025-06-01")],
    )

    assert parsed.problems == []
    assert parsed.roster[0].hired_on == date(2025, 3, 1)
    assert parsed.roster[0].converted_on == date(2025, 6, 1)


# --- csv -------------------------------------------------------------------------------


def write_csv(tmp_path: Path, text: str, encoding: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_bytes(text.encode(encoding))
    return path


SCORES_CSV = "工号,月份,通话评估成绩,工作评估成绩,综合工作表现\r\n1001,2026-10,84.99,90,88.5\r\n"


def test_a_utf8_csv_with_a_bom_reads_as_the_named_kind(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SCORES_CSV, "utf-8-sig")

    parsed = read_import(path, "monthly-scores")

    assert parsed.problems == []
    (row,) = parsed.monthly_scores
    assert (row.sheet, row.row, row.employee_no) == ("scores.csv", 2, "1001")
    assert row.call_quality == Decimal("84.99")


def test_a_gb18030_csv_from_chinese_excel_reads_too(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SCORES_CSV, "gb18030")

    parsed = read_import(path, "monthly_scores")

    assert parsed.problems == []
    assert parsed.monthly_scores[0].month == Month(2026, 10)


def test_a_csv_without_a_kind_is_a_problem_naming_the_kinds(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SCORES_CSV, "utf-8")

    problem = only_problem(read_import(path))

    assert problem.sheet == "scores.csv"
    assert "monthly-scores" in problem.reason and "award-evidence" in problem.reason
    assert "performance-indicators" in problem.reason


def test_a_csv_with_an_unknown_kind_is_a_problem(tmp_path: Path) -> None:
    path = write_csv(tmp_path, SCORES_CSV, "utf-8")

    problem = only_problem(read_import(path, "salaries"))

    assert problem.value == "salaries"
    assert "roster" in problem.reason


# --- bad files -------------------------------------------------------------------------


def test_a_text_file_renamed_xlsx_is_reported_as_not_an_excel_workbook(tmp_path: Path) -> None:
    path = tmp_path / "scores.xlsx"
    path.write_text("工号,月份\n1001,2026-10\n", encoding="utf-8")

    problem = only_problem(read_import(path))

    assert problem.sheet == "scores.xlsx"
    assert problem.row is None
    assert "不是有效的 Excel 工作簿" in problem.reason


def test_an_unknown_file_extension_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "scores.json"
    path.write_text("{}", encoding="utf-8")

    problem = only_problem(read_import(path))

    assert problem.sheet == "scores.json"
    assert "不支持的文件类型" in problem.reason and ".xlsx" in problem.reason


def test_an_unknown_sheet_is_a_problem_listing_the_known_sheet_names(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "工资", [["工号", "工资"], ["1001", 5000]])

    problem = only_problem(parsed)
    assert problem.sheet == "工资"
    assert problem.row is None
    for name in ("员工", "月度成绩", "考勤汇总", "奖项依据", "业绩指标"):
        assert name in problem.reason


def test_a_missing_required_column_is_a_problem_naming_the_column(tmp_path: Path) -> None:
    header = [h for h in ATTENDANCE_HEADER if h != "迟到次数"]
    row = make_attendance_row()
    del row[ATTENDANCE_HEADER.index("迟到次数")]

    parsed = read_sheet(tmp_path, "考勤汇总", [header, row])

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("考勤汇总", 1, "迟到次数")
    assert "缺少必填列「迟到次数」" in problem.reason
    assert parsed.count == 0


def test_text_in_a_number_cell_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "月度成绩", [SCORES_HEADER, make_score_row(工作评估成绩="优秀")])

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("月度成绩", 2, "工作评估成绩")
    assert problem.value == "优秀"
    assert "数字" in problem.reason
    assert parsed.count == 0


def test_a_score_above_100_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "月度成绩", [SCORES_HEADER, make_score_row(通话评估成绩=120)])

    problem = only_problem(parsed)
    assert (problem.row, problem.column, problem.value) == (2, "通话评估成绩", "120")
    assert "0 到 100" in problem.reason


def test_a_negative_score_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path, "奖项依据", [EVIDENCE_HEADER, make_evidence_row(最低考试成绩=-0.5)]
    )

    problem = only_problem(parsed)
    assert (problem.column, problem.value) == ("最低考试成绩", "-0.5")
    assert "0 到 100" in problem.reason


def test_a_negative_count_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "奖项依据", [EVIDENCE_HEADER, make_evidence_row(错误工单数=-1)])

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "奖项依据",
        2,
        "错误工单数",
        "-1",
    )
    assert "负数" in problem.reason


def test_a_count_that_is_not_a_whole_number_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path, "考勤汇总", [ATTENDANCE_HEADER, make_attendance_row(迟到次数=1.5)]
    )

    problem = only_problem(parsed)
    assert (problem.row, problem.column, problem.value) == (2, "迟到次数", "1.5")
    assert "整数" in problem.reason


def test_days_finer_than_half_a_day_are_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path, "考勤汇总", [ATTENDANCE_HEADER, make_attendance_row(缺勤天数=2.3)]
    )

    problem = only_problem(parsed)
    assert (problem.column, problem.value) == ("缺勤天数", "2.3")
    assert "半天" in problem.reason


@pytest.mark.parametrize("month", ["2026-13", "10/2026", "2026.10", "十月", 202610])
def test_a_malformed_month_is_a_problem(tmp_path: Path, month: object) -> None:
    parsed = read_sheet(tmp_path, "月度成绩", [SCORES_HEADER, make_score_row(月份=month)])

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("月度成绩", 2, "月份")
    assert problem.value == str(month)
    assert "YYYY-MM" in problem.reason


def test_a_malformed_date_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "员工", [ROSTER_HEADER, make_roster_row(入职日期="2025-02-30")])

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "员工",
        2,
        "入职日期",
        "2025-02-30",
    )
    assert "日期" in problem.reason and "YYYY-MM-DD" in problem.reason


def test_a_bad_choice_is_a_problem_listing_the_allowed_values(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "员工", [ROSTER_HEADER, make_roster_row(岗位="实习生")])

    problem = only_problem(parsed)
    assert (problem.row, problem.column, problem.value) == (2, "岗位", "实习生")
    for allowed in ("客服代表", "QA", "业务组长", "客服主管", "客服经理", "csr", "team_leader"):
        assert allowed in problem.reason


def test_an_empty_required_cell_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "员工", [ROSTER_HEADER, make_roster_row(姓名=None)])

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("员工", 2, "姓名", None)
    assert "必填" in problem.reason


def test_a_duplicate_employee_in_the_roster_names_the_row_it_repeats(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path,
        "员工",
        [ROSTER_HEADER, make_roster_row(), make_roster_row(工号="1002"), make_roster_row()],
    )

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "员工",
        4,
        "工号",
        "1001",
    )
    assert "第 2 行重复" in problem.reason


def test_a_duplicate_employee_and_month_in_scores_names_the_row_it_repeats(
    tmp_path: Path,
) -> None:
    parsed = read_sheet(
        tmp_path,
        "月度成绩",
        [
            SCORES_HEADER,
            make_score_row(),
            make_score_row(月份="2026-11"),
            make_score_row(月份=date(2026, 10, 1)),
        ],
    )

    problem = only_problem(parsed)
    assert (problem.row, problem.column, problem.value) == (4, "工号", "1001")
    assert "第 2 行重复" in problem.reason and "2026-10" in problem.reason


def test_a_duplicate_employee_and_cycle_in_attendance_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path,
        "考勤汇总",
        [ATTENDANCE_HEADER, make_attendance_row(), make_attendance_row(考勤周期="2026/10")],
    )

    problem = only_problem(parsed)
    assert (problem.row, problem.column) == (3, "工号")
    assert "第 2 行重复" in problem.reason and "考勤周期" in problem.reason


def test_a_duplicate_in_evidence_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path, "奖项依据", [EVIDENCE_HEADER, make_evidence_row(), make_evidence_row()]
    )

    problem = only_problem(parsed)
    assert problem.row == 3
    assert "第 2 行重复" in problem.reason


def test_a_regular_employee_without_a_conversion_date_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "员工", [ROSTER_HEADER, make_roster_row(转正日期=None)])

    problem = only_problem(parsed)
    assert (problem.row, problem.column, problem.value) == (2, "转正日期", None)
    assert "正式" in problem.reason


def test_a_leaver_without_a_leaving_date_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "员工", [ROSTER_HEADER, make_roster_row(状态="离职")])

    problem = only_problem(parsed)
    assert (problem.row, problem.column) == (2, "离职日期")
    assert "离职" in problem.reason


def test_a_conversion_before_the_hire_date_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path, "员工", [ROSTER_HEADER, make_roster_row(转正日期=date(2025, 2, 1))]
    )

    problem = only_problem(parsed)
    assert (problem.column, problem.value) == ("转正日期", "2025-02-01")
    assert "不能早于入职日期" in problem.reason


def test_leave_days_beyond_the_absence_days_are_a_problem_on_the_absence_column(
    tmp_path: Path,
) -> None:
    parsed = read_sheet(
        tmp_path,
        "考勤汇总",
        [
            ATTENDANCE_HEADER,
            make_attendance_row(缺勤天数=2, 事假天数=1, 病假天数=1, 未批准缺勤天数=0.5),
        ],
    )

    problem = only_problem(parsed)
    assert (problem.row, problem.column, problem.value) == (2, "缺勤天数", "2")
    assert "2.5" in problem.reason


def test_a_score_row_without_any_score_is_a_problem(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path,
        "月度成绩",
        [SCORES_HEADER, make_score_row(通话评估成绩=None, 工作评估成绩=None, 综合工作表现=None)],
    )

    problem = only_problem(parsed)
    assert problem.row == 2
    assert "至少" in problem.reason


def test_the_column_in_a_problem_is_the_header_as_written_in_the_file(tmp_path: Path) -> None:
    header = ["employee_no", "month", "call_quality", "work_ability", "overall_conduct"]
    parsed = read_sheet(tmp_path, "月度成绩", [header, ["1001", "2026-10", "abc", 80, 80]])

    assert only_problem(parsed).column == "call_quality"


def test_every_bad_row_is_reported_and_problems_reject_the_whole_import(tmp_path: Path) -> None:
    parsed = read_sheet(
        tmp_path,
        "月度成绩",
        [
            SCORES_HEADER,
            make_score_row(通话评估成绩=101),
            make_score_row(工号="1002"),
            make_score_row(工号="1003", 月份="bad", 工作评估成绩="x"),
        ],
    )

    assert [(p.row, p.column) for p in parsed.problems] == [
        (2, "通话评估成绩"),
        (4, "月份"),
        (4, "工作评估成绩"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        parsed.raise_for_problems()
    assert "第 4 行" in rejected.value.message


def test_a_duplicate_is_found_even_when_the_row_it_repeats_has_another_problem(
    tmp_path: Path,
) -> None:
    parsed = read_sheet(
        tmp_path, "员工", [ROSTER_HEADER, make_roster_row(岗位="实习生"), make_roster_row()]
    )

    assert [(p.row, p.column) for p in parsed.problems] == [(2, "岗位"), (3, "工号")]


def test_a_duplicate_across_two_sheets_of_the_same_kind_names_the_other_sheet(
    tmp_path: Path,
) -> None:
    path = make_workbook(
        tmp_path,
        {
            "奖项依据": [EVIDENCE_HEADER, make_evidence_row()],
            "evidence": [EVIDENCE_HEADER, make_evidence_row()],
        },
    )

    problem = only_problem(read_import(path))

    assert (problem.sheet, problem.row) == ("evidence", 2)
    assert "工作表「奖项依据」第 2 行" in problem.reason


def test_a_header_below_blank_rows_keeps_excel_row_numbers(tmp_path: Path) -> None:
    parsed = read_sheet(tmp_path, "月度成绩", [[], SCORES_HEADER, make_score_row(通话评估成绩="x")])

    assert only_problem(parsed).row == 3


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    problem = only_problem(read_import(tmp_path / "nowhere.xlsx"))

    assert problem.sheet == "nowhere.xlsx"
    assert "找不到" in problem.reason
