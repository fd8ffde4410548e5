"""Blank import templates: right sheets, helpful headers, and they read back empty."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kefu.errors import KefuError
from kefu.imports.reader import read_import
from kefu.imports.sheets import SHEET_KINDS, find_kind
from kefu.imports.templates import TEMPLATE_NAMES, write_template


def make_template(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.xlsx"
    write_template(name, path)
    return path


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_a_blank_template_reads_back_as_zero_rows_and_zero_problems(
    tmp_path: Path, name: str
) -> None:
    parsed = read_import(make_template(tmp_path, name))

    assert parsed.problems == []
    assert parsed.count == 0


@pytest.mark.parametrize("name", [n for n in TEMPLATE_NAMES if n != "all"])
def test_a_single_template_has_its_sheet_and_a_readme_sheet(tmp_path: Path, name: str) -> None:
    kind = find_kind(name)
    assert kind is not None

    workbook = openpyxl.load_workbook(make_template(tmp_path, name))

    assert workbook.sheetnames == [kind.sheet_name, "说明"]
    headers = [cell.value for cell in workbook[kind.sheet_name][1]]
    assert headers == [column.header for column in kind.columns]


def test_the_all_template_holds_all_five_sheets(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(make_template(tmp_path, "all"))

    assert workbook.sheetnames == ["员工", "月度成绩", "考勤汇总", "奖项依据", "业绩指标", "说明"]


def test_headers_are_bold_frozen_and_commented_with_required_and_format(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(make_template(tmp_path, "roster"))["员工"]

    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert "必填" in sheet["A1"].comment.text
    assert "选填" in sheet["D1"].comment.text  # 班组
    assert "YYYY-MM-DD" in sheet["G1"].comment.text  # 入职日期


def test_choice_columns_have_dropdowns_of_the_chinese_values(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(make_template(tmp_path, "roster"))["员工"]

    lists = {
        str(v.sqref).split(":")[0]: v.formula1
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
    }

    assert set(lists) == {"E2", "I2", "K2"}  # 岗位, 状态, 离职原因
    assert "客服代表" in lists["E2"] and "客服经理" in lists["E2"]
    assert "离职通知期" in lists["I2"]
    assert "绩效不佳" in lists["K2"]


def test_date_columns_are_date_formatted_and_id_and_month_columns_are_text(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.load_workbook(make_template(tmp_path, "all"))

    assert workbook["员工"].column_dimensions["A"].number_format == "@"  # 工号
    assert workbook["员工"].column_dimensions["G"].number_format == "yyyy-mm-dd"  # 入职日期
    assert workbook["月度成绩"].column_dimensions["B"].number_format == "@"  # 月份


def test_the_readme_sheet_lists_every_column_of_every_sheet(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(make_template(tmp_path, "all"))["说明"]

    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("工作表", "列名", "English key", "必填", "格式/取值", "说明")
    listed = {(r[0], r[1], r[2], r[3]) for r in rows[1:] if r[2]}
    expected = {
        (kind.sheet_name, c.header, c.key, "是" if c.required else "否")
        for kind in SHEET_KINDS
        for c in kind.columns
    }
    assert listed == expected


def test_an_unknown_template_name_is_an_error_listing_the_valid_names(tmp_path: Path) -> None:
    with pytest.raises(KefuError) as error:
        write_template("salaries", tmp_path / "x.xlsx")

    for name in TEMPLATE_NAMES:
        assert name in error.value.message
    assert not (tmp_path / "x.xlsx").exists()


def test_a_filled_in_template_reads_back_its_rows(tmp_path: Path) -> None:
    path = make_template(tmp_path, "monthly-scores")
    workbook = openpyxl.load_workbook(path)
    workbook["月度成绩"].append(["1001", "2026-10", 84.99, 90, 88])
    workbook.save(path)

    parsed = read_import(path)

    assert parsed.problems == []
    assert [str(r.call_quality) for r in parsed.monthly_scores] == ["84.99"]
