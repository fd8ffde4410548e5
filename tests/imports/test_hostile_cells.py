"""Cells built to break the reader: each is one problem naming its cell, found quickly."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest

from kefu.errors import ImportProblem
from kefu.imports.reader import SHOWN_VALUE_CHARS, ParsedImport, read_import
from kefu.people.models import Employee, EmployeeRecord
from tests.factories import ATTENDANCE, EVIDENCE, ROSTER, SCORES

T = TypeVar("T")

INDICATORS = [
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

# A correctness bound, not a benchmark: int() of 1e1000000 used to run for 25 s or more.
QUICK_SECONDS = 2.0

# The limits a user meets, as the database columns define them.
EMPLOYEE_NO_CHARS = Employee.__table__.c.employee_no.type.length
NAME_CHARS = EmployeeRecord.__table__.c.name.type.length
DEPARTMENT_CHARS = EmployeeRecord.__table__.c.department.type.length
TEAM_CHARS = EmployeeRecord.__table__.c.team.type.length

GOOD_ROWS = {
    "roster": dict(
        zip(
            ROSTER,
            [
                "1001",
                "张三",
                "客服一部",
                "一组",
                "客服代表",
                "初级",
                "2025-03-01",
                "2025-06-01",
                "正式",
                "",
                "",
                "",
            ],
            strict=True,
        )
    ),
    "monthly-scores": dict(zip(SCORES, ["1001", "2026-10", "84.99", "90", "88.5"], strict=True)),
    "attendance": dict(
        zip(ATTENDANCE, ["1001", "2026-10", "2.5", "1", "0.5", "1", "0", "2", "1"], strict=True)
    ),
    "award-evidence": dict(
        zip(EVIDENCE, ["1001", "2026-10", "2", "0", "0", "95.5", ""], strict=True)
    ),
    "performance-indicators": dict(
        zip(
            INDICATORS,
            ["1001", "2026-10", "4.8", "1.5", "96.5", "90", "0.2", "120", "88", ""],
            strict=True,
        )
    ),
}


def quickly(call: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return call()
    finally:
        assert time.perf_counter() - started < QUICK_SECONDS


def read_csv_row(tmp_path: Path, kind: str, **cells: str) -> ParsedImport:
    """A CSV of ``kind`` with its header and one good row, some cells changed by header."""
    row = GOOD_ROWS[kind] | cells
    text = ",".join(row) + "\n" + ",".join(f'"{v}"' for v in row.values()) + "\n"
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(text.encode("utf-8"))
    return quickly(lambda: read_import(path, kind))


def only_problem(parsed: ParsedImport) -> ImportProblem:
    assert len(parsed.problems) == 1, [p.describe() for p in parsed.problems]
    assert parsed.count == 0
    return parsed.problems[0]


def test_the_good_rows_of_these_tests_read_without_problems(tmp_path: Path) -> None:
    for kind in GOOD_ROWS:
        parsed = read_csv_row(tmp_path, kind)
        assert parsed.problems == [], kind
        assert parsed.count == 1


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("days", ["1e30", "1e1000000", "100000", "99999.995"])
def test_more_days_than_the_column_holds_are_out_of_range(tmp_path: Path, days: str) -> None:
    problem = only_problem(read_csv_row(tmp_path, "attendance", 缺勤天数=days))

    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "attendance.csv",
        2,
        "缺勤天数",
        days,
    )
    assert problem.reason.startswith("数值超出范围，天数不能大于 99999.99")


def test_the_largest_number_of_days_the_column_holds_is_read(tmp_path: Path) -> None:
    parsed = read_csv_row(tmp_path, "attendance", 缺勤天数="99999.5")

    assert parsed.problems == []
    assert parsed.attendance[0].absence_days == Decimal("99999.5")


@pytest.mark.parametrize("days", ["1e-99999", "0.50000000000000000000000000000001"])
def test_days_with_a_tiny_fraction_are_finer_than_half_a_day(tmp_path: Path, days: str) -> None:
    problem = only_problem(read_csv_row(tmp_path, "attendance", 病假天数=days))

    assert problem.column == "病假天数"
    assert "半天" in problem.reason


@pytest.mark.parametrize("count", ["1e1000000", "-1e1000000", "2147483648", "1e10"])
def test_a_count_larger_than_the_column_holds_is_refused_quickly(
    tmp_path: Path, count: str
) -> None:
    problem = only_problem(read_csv_row(tmp_path, "award-evidence", 书面表扬次数=count))

    assert (problem.row, problem.column, problem.value) == (2, "书面表扬次数", count)
    assert problem.reason == "数值超出范围，次数不能大于 2147483647"


def test_the_largest_count_the_column_holds_is_read(tmp_path: Path) -> None:
    parsed = read_csv_row(tmp_path, "attendance", 迟到次数="2147483647")

    assert parsed.problems == []
    assert parsed.attendance[0].late_count == 2**31 - 1


def test_zero_with_a_huge_exponent_is_read_as_zero_quickly(tmp_path: Path) -> None:
    parsed = read_csv_row(tmp_path, "attendance", 早退次数="0e1000000", 事假天数="0e1000000")

    assert parsed.problems == []
    assert parsed.attendance[0].early_leave_count == 0
    assert parsed.attendance[0].personal_leave_days == 0


@pytest.mark.parametrize(
    ("score", "kept"),
    [
        ("1e-99999", "0.0000"),
        ("84.12345", "84.1235"),
        ("83.33333333", "83.3333"),
        ("0.00004", "0.0000"),
    ],
)
def test_a_score_with_more_than_four_decimal_places_is_kept_to_four_half_up(
    tmp_path: Path, score: str, kept: str
) -> None:
    parsed = read_csv_row(tmp_path, "monthly-scores", 工作评估成绩=score)

    assert parsed.problems == []
    assert parsed.monthly_scores[0].work_ability == Decimal(kept)
    assert str(parsed.monthly_scores[0].work_ability) == kept


def test_a_score_with_four_decimal_places_or_trailing_zeros_is_read(tmp_path: Path) -> None:
    parsed = read_csv_row(
        tmp_path, "monthly-scores", 工作评估成绩="84.1234", 综合工作表现="88.500000"
    )

    assert parsed.problems == []
    assert parsed.monthly_scores[0].work_ability == Decimal("84.1234")
    assert parsed.monthly_scores[0].overall_conduct == Decimal("88.5")


@pytest.mark.parametrize("score", ["1e1000000", "-1e1000000"])
def test_a_score_with_a_huge_exponent_is_outside_0_to_100(tmp_path: Path, score: str) -> None:
    problem = only_problem(read_csv_row(tmp_path, "monthly-scores", 通话评估成绩=score))

    assert "0 到 100" in problem.reason


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "limit"),
    [("姓名", NAME_CHARS), ("部门", DEPARTMENT_CHARS), ("班组", TEAM_CHARS)],
)
def test_text_longer_than_its_column_is_refused_naming_the_limit(
    tmp_path: Path, header: str, limit: int
) -> None:
    fits = read_csv_row(tmp_path, "roster", **{header: "字" * limit})
    too_long = read_csv_row(tmp_path, "roster", **{header: "字" * (limit + 1)})

    assert fits.problems == []
    problem = only_problem(too_long)
    assert (problem.row, problem.column) == (2, header)
    assert problem.reason == f"「{header}」最多 {limit} 个字符，此处有 {limit + 1} 个"


@pytest.mark.parametrize(
    "kind", ["roster", "monthly-scores", "attendance", "award-evidence", "performance-indicators"]
)
def test_an_employee_number_longer_than_the_register_holds_is_refused_on_every_sheet(
    tmp_path: Path, kind: str
) -> None:
    problem = only_problem(read_csv_row(tmp_path, kind, 工号="9" * (EMPLOYEE_NO_CHARS + 1)))

    assert problem.column == "工号"
    assert f"最多 {EMPLOYEE_NO_CHARS} 个字符" in problem.reason


def test_a_very_long_cell_is_shown_cut_in_its_problem(tmp_path: Path) -> None:
    problem = only_problem(read_csv_row(tmp_path, "roster", 姓名="长" * 100_000))

    assert isinstance(problem.value, str)
    assert problem.value.startswith("长" * SHOWN_VALUE_CHARS + "…")
    assert "共 100000 个字符" in problem.value
    assert len(problem.describe()) < 400


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("roster", "姓名"),
        ("roster", "岗位"),
        ("roster", "入职日期"),
        ("monthly-scores", "工号"),
        ("monthly-scores", "通话评估成绩"),
    ],
)
def test_a_nul_character_in_any_cell_is_a_problem_with_the_nul_made_visible(
    tmp_path: Path, kind: str, header: str
) -> None:
    cell = GOOD_ROWS[kind][header][:1] + "\x00" + GOOD_ROWS[kind][header][1:]

    problem = only_problem(read_csv_row(tmp_path, kind, **{header: cell}))

    assert (problem.row, problem.column) == (2, header)
    assert problem.reason == "含有空字符（\\x00），请删除后重新导入"
    assert isinstance(problem.value, str) and "\x00" not in problem.value
    assert "\\x00" in problem.value
