"""The 业绩指标 sheet (R-PRO-1 inputs): read, checked cell by cell, written like other monthly inputs."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import PERMISSIONS
from kefu.careers.models import PerformanceIndicator
from kefu.closing.service import close_month
from kefu.db import engine_for, unit_of_work
from kefu.errors import ImportProblem, ImportRejected
from kefu.imports.reader import ParsedImport, read_import
from kefu.imports.service import ImportReport, import_file
from kefu.imports.sheets import PERFORMANCE_INDICATORS, SHEET_KINDS, find_kind
from kefu.imports.templates import TEMPLATE_NAMES, write_template
from kefu.people.models import Employee
from kefu.periods import Month
from kefu.policy.service import use_policy
from kefu.scores.models import InputChange
from kefu.web import api_v1, imports_web, pages_admin
from tests.factories import make_person, make_workbook, month_sheets
from tests.web import KNOWN_PERSON, csrf_of, make_demo_database, signed_in_client

# the contract's headers, written out once
HEADER = [
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
KEYS = [
    "employee_no",
    "month",
    "satisfaction",
    "avg_response_minutes",
    "on_time_response_pct",
    "resolution_pct",
    "complaint_pct",
    "kpi_completion_pct",
    "skills_exam_score",
    "violations",
]
SHEET = "业绩指标"
TODAY = date(2026, 11, 2)
OCT = "2026-10"


def make_row(**changes: object) -> list[object]:
    """A good 业绩指标 row for 1001 in 2026-10, with some cells changed by header."""
    row: dict[str, object] = {
        "工号": "1001",
        "月份": OCT,
        "客户满意度": 4.8,
        "平均响应时间（分钟）": 1.5,
        "响应及时率（%）": 96.5,
        "问题解决率（%）": 90,
        "客户投诉率（%）": 0.2,
        "个人业绩完成率（%）": 120,
        "技能考核成绩": 88,
        "违规违纪次数": 0,
    }
    row.update(changes)
    return [row[h] for h in HEADER]


def write_sheet(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    workbook = openpyxl.Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    sheet = workbook.create_sheet(SHEET)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def read_rows(tmp_path: Path, *rows: list[object]) -> ParsedImport:
    return read_import(write_sheet(tmp_path / "indicators.xlsx", list(rows)))


def only_problem(parsed: ParsedImport) -> ImportProblem:
    """The single problem of a file (its other rows may be good)."""
    assert len(parsed.problems) == 1, [p.describe() for p in parsed.problems]
    return parsed.problems[0]


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --- reading ---------------------------------------------------------------------------------


def test_R_PRO_1_a_good_sheet_reads_every_indicator_as_an_exact_number(tmp_path: Path) -> None:
    parsed = read_rows(tmp_path, make_row(), make_row(工号="1002", 违规违纪次数=2))

    assert parsed.problems == []
    assert parsed.count == 2
    first, second = parsed.performance_indicators
    assert (first.sheet, first.row, first.employee_no, first.month) == (
        SHEET,
        2,
        "1001",
        Month(2026, 10),
    )
    assert first.satisfaction == Decimal("4.8") and str(first.satisfaction) == "4.8"
    assert first.avg_response_minutes == Decimal("1.5")
    assert first.on_time_response_pct == Decimal("96.5")
    assert first.resolution_pct == Decimal("90")
    assert first.complaint_pct == Decimal("0.2")
    assert first.kpi_completion_pct == Decimal("120")
    assert first.skills_exam_score == Decimal("88")
    assert first.violations == 0 and isinstance(first.violations, int)
    assert (second.employee_no, second.violations, second.row) == ("1002", 2, 3)


def test_blank_indicators_are_read_as_none_and_blank_violations_as_zero(tmp_path: Path) -> None:
    parsed = read_rows(
        tmp_path,
        make_row(
            客户满意度=None,
            **{"平均响应时间（分钟）": None},
            **{"问题解决率（%）": ""},
            技能考核成绩=None,
            违规违纪次数=None,
        ),
    )

    assert parsed.problems == []
    (row,) = parsed.performance_indicators
    assert row.satisfaction is None
    assert row.avg_response_minutes is None
    assert row.resolution_pct is None
    assert row.skills_exam_score is None
    assert row.violations == 0
    assert row.on_time_response_pct == Decimal("96.5")


def test_a_row_with_only_violations_is_enough(tmp_path: Path) -> None:
    blanks = {h: None for h in HEADER[2:-1]}
    parsed = read_rows(tmp_path, make_row(**blanks, 违规违纪次数=1))

    assert parsed.problems == []
    assert parsed.performance_indicators[0].violations == 1


def test_a_row_with_every_indicator_blank_is_a_problem_of_the_row(tmp_path: Path) -> None:
    blanks = {h: None for h in HEADER[2:]}

    problem = only_problem(read_rows(tmp_path, make_row(**blanks)))

    assert (problem.sheet, problem.row, problem.column, problem.value) == (SHEET, 2, None, None)
    assert problem.reason.endswith("至少要填写一项")
    for header in HEADER[2:]:
        assert header in problem.reason


@pytest.mark.parametrize(
    ("header", "value", "kept"),
    [
        ("响应及时率（%）", 0, "0"),
        ("响应及时率（%）", 100, "100"),
        ("客户投诉率（%）", "100", "100"),
        ("问题解决率（%）", "96.5%", "96.5"),
        ("问题解决率（%）", " 96.5 ％ ", "96.5"),
        ("个人业绩完成率（%）", 1000, "1000"),
        ("个人业绩完成率（%）", "100.5", "100.5"),
        ("平均响应时间（分钟）", 0, "0"),
        ("平均响应时间（分钟）", "1.33333333", "1.3333"),  # kept to the 4 stored places, half up
        ("平均响应时间（分钟）", "0.00005", "0.0001"),
        ("平均响应时间（分钟）", "99999.9999", "99999.9999"),  # the largest the column holds
        ("平均响应时间（分钟）", "1e-99999", "0.0000"),
        ("客户满意度", "0e1000000", "0"),
        ("客户满意度", 96, "96"),  # a center scoring out of 100
        ("技能考核成绩", 150, "150"),  # whatever the policy's skills_exam_scale is
    ],
)
def test_numbers_at_the_edges_of_their_range_are_read(
    tmp_path: Path, header: str, value: object, kept: str
) -> None:
    parsed = read_rows(tmp_path, make_row(**{header: value}))

    assert parsed.problems == [], [p.describe() for p in parsed.problems]
    key = KEYS[HEADER.index(header)]
    read = getattr(parsed.performance_indicators[0], key)
    assert read == Decimal(kept)
    assert str(read) == kept


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("平均响应时间（分钟）", -1, "平均响应时间不能为负数"),
        ("平均响应时间（分钟）", "-0.5", "平均响应时间不能为负数"),
        ("客户满意度", -0.1, "客户满意度不能为负数"),
        ("技能考核成绩", -3, "技能考核成绩不能为负数"),
        ("问题解决率（%）", 101, "问题解决率必须在 0% 到 100% 之间"),
        ("问题解决率（%）", "100.01%", "问题解决率必须在 0% 到 100% 之间"),
        ("响应及时率（%）", -1, "响应及时率必须在 0% 到 100% 之间"),
        ("客户投诉率（%）", "1e1000000", "客户投诉率必须在 0% 到 100% 之间"),
        ("个人业绩完成率（%）", 1000.5, "个人业绩完成率必须在 0% 到 1000% 之间"),
        ("客户满意度", "很好", "应填写数字，不能是文字"),
        ("平均响应时间（分钟）", "1分钟", "应填写数字，不能是文字"),
        ("响应及时率（%）", "%", "应填写数字，不能是文字"),
        ("技能考核成绩", date(2026, 10, 1), "应填写数字"),
        ("平均响应时间（分钟）", "1e1000000", "数值超出范围，平均响应时间不能大于 99999.9999"),
        ("客户满意度", "100000", "数值超出范围，客户满意度不能大于 99999.9999"),
        ("违规违纪次数", 1.5, "次数必须是整数"),
        ("违规违纪次数", -1, "次数不能为负数"),
        ("违规违纪次数", "两次", "应填写数字，不能是文字"),
    ],
)
def test_a_bad_cell_is_one_problem_naming_sheet_row_column_value_and_reason(
    tmp_path: Path, header: str, value: object, reason: str
) -> None:
    parsed = read_rows(tmp_path, make_row(), make_row(工号="1002", **{header: value}))

    problem = only_problem(parsed)

    shown = value.isoformat() if isinstance(value, date) else str(value).strip()
    assert [r.employee_no for r in parsed.performance_indicators] == ["1001"]
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        SHEET,
        3,
        header,
        shown,
    )
    assert problem.reason == reason
    assert (
        problem.describe() == f"工作表「{SHEET}」，第 3 行，列「{header}」，值「{shown}」:{reason}"
    )


def test_every_bad_cell_of_a_file_is_listed_at_once(tmp_path: Path) -> None:
    parsed = read_rows(
        tmp_path,
        make_row(**{"平均响应时间（分钟）": -1}),
        make_row(工号="1002", **{"问题解决率（%）": 101}, 客户满意度="abc"),
        make_row(工号="1003", 月份="2026-13"),
    )

    assert parsed.count == 0
    assert [(p.row, p.column) for p in parsed.problems] == [
        (2, "平均响应时间（分钟）"),
        (3, "客户满意度"),
        (3, "问题解决率（%）"),
        (4, "月份"),
    ]


def test_two_rows_of_the_same_employee_and_month_are_a_duplicate(tmp_path: Path) -> None:
    parsed = read_rows(tmp_path, make_row(), make_row(月份="2026-11"), make_row(客户满意度=4.9))

    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column, problem.value) == (SHEET, 4, "工号", "1001")
    assert problem.reason == ("与第 2 行重复(工号 1001、月份 2026-10)；每名员工每个月份只能有一行")


def test_english_keys_are_accepted_as_headers(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "en.xlsx", [make_row()], header=[k.upper() for k in KEYS])

    parsed = read_import(path)

    assert parsed.problems == []
    (row,) = parsed.performance_indicators
    assert (row.avg_response_minutes, row.kpi_completion_pct) == (Decimal("1.5"), Decimal(120))


def test_headers_with_half_width_brackets_or_without_their_unit_are_accepted(
    tmp_path: Path,
) -> None:
    header = [
        "工号",
        "月份",
        "客户满意度",
        "平均响应时间(分钟)",
        "响应及时率 (%)",
        "问题解决率",
        "客户投诉率％",
        "个人业绩完成率(%) *",
        "技能考核成绩",
        "违规违纪次数",
    ]

    parsed = read_import(write_sheet(tmp_path / "variants.xlsx", [make_row()], header=header))

    assert parsed.problems == []
    (row,) = parsed.performance_indicators
    assert row.avg_response_minutes == Decimal("1.5")
    assert row.on_time_response_pct == Decimal("96.5")
    assert row.resolution_pct == Decimal(90)
    assert row.complaint_pct == Decimal("0.2")
    assert row.kpi_completion_pct == Decimal(120)


def test_a_problem_names_the_column_as_the_file_wrote_it(tmp_path: Path) -> None:
    header = [*HEADER[:5], "问题解决率", *HEADER[6:]]
    path = write_sheet(
        tmp_path / "bare.xlsx", [make_row(**{"问题解决率（%）": 120})], header=header
    )

    problem = only_problem(read_import(path))

    assert (problem.column, problem.value) == ("问题解决率", "120")


def test_a_csv_of_kind_performance_indicators_is_read_under_each_of_its_names(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path, ",".join(KEYS) + "\n1001,2026-10,4.8,2,96.5%,90,0.2,120,88,\n")
    for name in ("performance-indicators", "performance_indicators", "indicators", "业绩指标"):
        parsed = read_import(path, name)
        assert parsed.problems == [], name
        assert parsed.performance_indicators[0].on_time_response_pct == Decimal("96.5")


def test_the_sheet_kind_is_found_by_its_names() -> None:
    for name in ("业绩指标", "performance-indicators", "Performance_Indicators", "indicators"):
        assert find_kind(name) is PERFORMANCE_INDICATORS
    assert PERFORMANCE_INDICATORS.template_name == "performance-indicators"
    assert PERFORMANCE_INDICATORS.key_columns == ("employee_no", "month")
    assert [c.key for c in PERFORMANCE_INDICATORS.columns] == KEYS
    assert [c.header for c in PERFORMANCE_INDICATORS.columns] == HEADER
    assert [c.required for c in PERFORMANCE_INDICATORS.columns] == [True, True] + [False] * 8


# --- the template ----------------------------------------------------------------------------


def test_the_template_has_the_sheet_with_hints_and_a_readme(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template("performance-indicators", path)
    workbook = openpyxl.load_workbook(path)

    assert workbook.sheetnames == [SHEET, "说明"]
    sheet = workbook[SHEET]
    assert [c.value for c in sheet[1]] == HEADER
    assert "选填" in sheet["D1"].comment.text and "分钟" in sheet["D1"].comment.text
    assert "0–100 的百分数" in sheet["F1"].comment.text
    assert "0–1000 的百分数" in sheet["H1"].comment.text
    assert "留空视为 0" in sheet["J1"].comment.text
    ranges = {
        str(v.sqref).split(":")[0]: (v.type, v.formula1, v.formula2)
        for v in sheet.data_validations.dataValidation
    }
    assert ranges["E2"] == ("decimal", "0", "100.0")
    assert ranges["H2"] == ("decimal", "0", "1000.0")
    assert ranges["D2"] == ("decimal", "0", None)
    assert ranges["J2"][0] == "whole"
    assert sheet.column_dimensions["A"].number_format == "@"  # 工号
    assert sheet.column_dimensions["B"].number_format == "@"  # 月份
    assert sheet.column_dimensions["E"].number_format == 'General"%"'
    readme = [tuple(c.value for c in row) for row in workbook["说明"].iter_rows()]
    listed = {r[2]: r for r in readme[1:] if r[0] == SHEET}
    assert list(listed) == KEYS
    assert listed["kpi_completion_pct"][3] == "否"
    assert "96.5" in listed["resolution_pct"][4]


def test_every_template_name_includes_performance_indicators() -> None:
    assert "performance-indicators" in TEMPLATE_NAMES
    assert PERFORMANCE_INDICATORS in SHEET_KINDS


def test_a_filled_in_template_reads_back_its_row(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template("performance-indicators", path)
    workbook = openpyxl.load_workbook(path)
    workbook[SHEET].append(make_row(技能考核成绩=None, 违规违纪次数=None))
    workbook.save(path)

    parsed = read_import(path)

    assert parsed.problems == []
    (row,) = parsed.performance_indicators
    assert (row.satisfaction, row.skills_exam_score, row.violations) == (Decimal("4.8"), None, 0)


# --- wiring ----------------------------------------------------------------------------------


def test_every_import_kind_is_offered_on_the_web_the_api_and_guarded_by_a_permission() -> None:
    for kind in SHEET_KINDS:
        assert imports_web.KIND_PERMISSIONS[kind.kind] in PERMISSIONS
        assert kind.template_name in pages_admin.IMPORT_KINDS
        assert pages_admin.KIND_NAMES[kind.template_name] == kind.sheet_name
        assert pages_admin.KIND_NAMES[kind.kind] == kind.sheet_name or kind.kind == "roster"
    assert imports_web.KIND_PERMISSIONS["performance_indicators"] == (
        "import.performance-indicators"
    )
    hints = typing.get_type_hints(api_v1.api_import, include_extras=True)
    literal = typing.get_args(typing.get_args(hints["kind"])[0])[0]
    assert set(typing.get_args(literal)) == {k.template_name for k in SHEET_KINDS}


# --- writing ---------------------------------------------------------------------------------


def make_center(session: Session, tmp_path: Path) -> None:
    """Three agents with October's scores, under the demo policy."""
    use_policy(session, "demo", Month(2026, 7), "manager")
    roster = [make_person("1001", "王芳"), make_person("1002", "李娜"), make_person("1003", "张伟")]
    sheets = {"员工": roster} | month_sheets(OCT, {no: (80, 80, 80) for no in ("1001", "1002")})
    import_file(session, make_workbook(tmp_path / "center.xlsx", sheets), None, "hr-li", TODAY)


def load(session: Session, path: Path, correct: bool = False) -> ImportReport:
    return import_file(session, path, None, "hr-li", TODAY, correct)


def stored(session: Session, month: str | None = None) -> dict[str, PerformanceIndicator]:
    """Each person's stored row (of ``month``, when the database holds several months)."""
    stmt = select(Employee.employee_no, PerformanceIndicator).join(
        Employee, Employee.id == PerformanceIndicator.employee_id
    )
    if month is not None:
        stmt = stmt.where(PerformanceIndicator.month == month)
    return {no: row for no, row in session.execute(stmt).all()}


def test_R_PRO_1_a_good_sheet_is_inserted_then_unchanged_then_updated(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    rows = [make_row(), make_row(工号="1002", 客户满意度=4.5, 违规违纪次数=1)]

    first = load(session, write_sheet(tmp_path / "a.xlsx", rows))
    again = load(session, write_sheet(tmp_path / "b.xlsx", rows))
    rows[1] = make_row(工号="1002", 客户满意度=4.6, 违规违纪次数=1)
    rows.append(make_row(工号="1003"))
    changed = load(session, write_sheet(tmp_path / "c.xlsx", rows))

    counts = "performance_indicators"
    assert first.counts[counts] == {"inserted": 2, "updated": 0, "unchanged": 0}
    assert again.counts[counts] == {"inserted": 0, "updated": 0, "unchanged": 2}
    assert changed.counts[counts] == {"inserted": 1, "updated": 1, "unchanged": 1}
    assert changed.corrections == []
    saved = stored(session)
    assert set(saved) == {"1001", "1002", "1003"}
    assert saved["1002"].satisfaction == Decimal("4.6")
    assert saved["1002"].violations == 1
    assert saved["1001"].month == OCT
    assert saved["1001"].kpi_completion_pct == Decimal(120)
    logged = session.scalars(select(InputChange)).all()
    assert [(c.kind, c.employee_no, c.field, c.old_value, c.new_value) for c in logged] == [
        ("performance_indicators", "1002", "satisfaction", "4.5", "4.6")
    ]


def test_blank_indicators_are_stored_as_null_and_blank_violations_as_zero(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    row = make_row(客户满意度=None, **{"客户投诉率（%）": None}, 技能考核成绩="", 违规违纪次数=None)

    load(session, write_sheet(tmp_path / "a.xlsx", [row]))

    saved = stored(session)["1001"]
    assert (saved.satisfaction, saved.complaint_pct, saved.skills_exam_score) == (None, None, None)
    assert saved.violations == 0
    assert saved.avg_response_minutes == Decimal("1.5")


def test_blanking_a_stored_indicator_stores_null_and_logs_the_change(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, write_sheet(tmp_path / "a.xlsx", [make_row()]))

    report = load(session, write_sheet(tmp_path / "b.xlsx", [make_row(技能考核成绩=None)]))

    assert report.counts["performance_indicators"]["updated"] == 1
    assert stored(session)["1001"].skills_exam_score is None
    (change,) = session.scalars(select(InputChange)).all()
    assert (change.field, change.old_value, change.new_value) == ("skills_exam_score", "88", None)


def test_an_unknown_employee_number_is_refused_and_nothing_is_written(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    path = write_sheet(tmp_path / "a.xlsx", [make_row(), make_row(工号="9999")])

    with pytest.raises(ImportRejected) as rejected:
        load(session, path)

    (problem,) = rejected.value.errors
    assert (problem.sheet, problem.row, problem.column, problem.value) == (SHEET, 3, "工号", "9999")
    assert problem.reason == "未知员工:登记册中没有此工号，请先导入员工表"
    assert stored(session) == {}


def test_a_month_before_the_hire_date_is_refused(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)  # hired 2024-01-02
    path = write_sheet(tmp_path / "a.xlsx", [make_row(月份="2023-12")])

    with pytest.raises(ImportRejected) as rejected:
        load(session, path)

    (problem,) = rejected.value.errors
    assert (problem.row, problem.column, problem.value) == (2, "月份", "2023-12")
    assert "才入职" in problem.reason


def test_R_PRO_1_indicators_of_a_closed_month_are_not_frozen_but_every_change_is_logged(
    session: Session, tmp_path: Path
) -> None:
    """No close reads 业绩指标: a closed bonus month doesn't freeze them (no --correct), and
    a changed value is still logged with who, from what and to what."""
    make_center(session, tmp_path)
    load(session, write_sheet(tmp_path / "a.xlsx", [make_row(), make_row(工号="1002")]))
    close_month(session, Month(2026, 10), "manager")
    fixed = write_sheet(
        tmp_path / "fix.xlsx",
        [make_row(**{"问题解决率（%）": 92.5}, 违规违纪次数=1), make_row(工号="1002")],
    )

    report = load(session, fixed)

    assert report.counts["performance_indicators"] == {"inserted": 0, "updated": 1, "unchanged": 1}
    assert report.corrections == []
    saved = stored(session)["1001"]
    assert (saved.resolution_pct, saved.violations) == (Decimal("92.5"), 1)
    logged = session.scalars(select(InputChange).order_by(InputChange.id)).all()
    assert [
        (c.kind, c.period, c.employee_no, c.field, c.old_value, c.new_value) for c in logged
    ] == [
        ("performance_indicators", OCT, "1001", "resolution_pct", "90", "92.5"),
        ("performance_indicators", OCT, "1001", "violations", "0", "1"),
    ]
    assert {(c.changed_by, c.source) for c in logged} == {("hr-li", "fix.xlsx")}


def test_a_filled_in_template_imports_round_trip(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = tmp_path / "业绩指标模板.xlsx"
    write_template("performance-indicators", path)
    workbook = openpyxl.load_workbook(path)
    workbook[SHEET].append(
        make_row(工号="1003", **{"平均响应时间（分钟）": "0.75"}, 违规违纪次数=None)
    )
    workbook.save(path)

    report = load(session, path)

    assert report.rows == 1
    assert report.counts["performance_indicators"]["inserted"] == 1
    saved = stored(session)["1003"]
    assert saved.avg_response_minutes == Decimal("0.75")
    assert saved.on_time_response_pct == Decimal("96.5")
    assert saved.violations == 0


def test_a_csv_with_english_headers_imports(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    path = write_csv(tmp_path, ",".join(KEYS) + "\n1002,2026-10,96,3,88%,91,1.5,101,72,2\n")

    report = import_file(session, path, "performance-indicators", "hr-li", TODAY)

    assert report.counts["performance_indicators"]["inserted"] == 1
    saved = stored(session)["1002"]
    assert (saved.satisfaction, saved.on_time_response_pct, saved.violations) == (
        Decimal(96),
        Decimal(88),
        2,
    )


# --- the web ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("indicators_web"))


@pytest.fixture
def qa(demo_url: str) -> Iterator[TestClient]:
    client = signed_in_client(demo_url, "qa")
    yield client
    client.__exit__(None, None, None)


def test_qa_imports_indicators_on_the_web_after_a_preview(
    qa: TestClient, demo_url: str, tmp_path: Path
) -> None:
    form = qa.get("/imports")
    assert '<option value="performance-indicators">业绩指标</option>' in form.text
    person, _ = KNOWN_PERSON
    path = write_csv(tmp_path, ",".join(HEADER) + f"\n{person},2026-11,4.7,2,95,90,0.5,110,,\n")
    with path.open("rb") as f:
        page = qa.post(
            "/imports/preview",
            data={"csrf_token": csrf_of(qa), "kind": "performance-indicators"},
            files={"file": (path.name, f, "text/csv")},
        )
    assert page.status_code == 200, page.text
    assert "业绩指标" in page.text and "平均响应时间（分钟）" in page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token is not None
    with unit_of_work(engine_for(demo_url)) as session:
        assert person not in stored(session, "2026-11")  # a preview writes nothing

    done = qa.post(
        "/imports/confirm",
        data={
            "csrf_token": csrf_of(qa),
            "token": token.group(1),
            "kind": "performance-indicators",
        },
    )

    assert done.status_code == 200, done.text
    assert "业绩指标" in done.text
    with unit_of_work(engine_for(demo_url)) as session:
        saved = stored(session, "2026-11")[person]
    assert (saved.month, saved.satisfaction, saved.skills_exam_score, saved.violations) == (
        "2026-11",
        Decimal("4.7"),
        None,
        0,
    )


def api_import(client: TestClient, path: Path, **fields: str) -> Response:
    with path.open("rb") as f:
        return client.post(
            "/api/v1/imports",
            data={"kind": "performance-indicators", **fields},
            files={"file": (path.name, f, "text/csv")},
            headers={"X-CSRF-Token": csrf_of(client)},
        )


def test_the_api_takes_the_kind_performance_indicators_from_qa_but_not_from_an_agent(
    qa: TestClient, demo_url: str, tmp_path: Path
) -> None:
    person, _ = KNOWN_PERSON
    path = write_csv(tmp_path, ",".join(KEYS) + f"\n{person},2026-12,4.7,2,95,90,0.5,110,,1\n")
    agent = signed_in_client(demo_url, "agent")
    try:
        refused = api_import(agent, path)
    finally:
        agent.__exit__(None, None, None)

    checked = api_import(qa, path, dry_run="true")

    assert refused.status_code == 403 and "R-PRV-1" in refused.text
    assert checked.status_code == 200, checked.text
    answer = checked.json()
    assert answer["written"] is False
    assert answer["counts"]["performance_indicators"] == {
        "inserted": 1,
        "updated": 0,
        "unchanged": 0,
    }
