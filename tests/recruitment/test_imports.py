"""Candidates' test results imported from Excel (招聘测试, R-REC-1): all rows or none, every
problem named by sheet, row, column, value and reason (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.errors import ImportRejected
from kefu.recruitment import imports
from kefu.recruitment import service as recruitment
from tests.recruitment.test_service import (
    FIRST,
    HR,
    SECOND,
    TODAY,
    add,
    at_second_test,
    make_center,
    move,
)

D = Decimal


def dimensions(session: Session) -> tuple[str, ...]:
    return recruitment.pass_marks(session, TODAY).dimensions


def workbook(path: Path, header: list[str], rows: list[list[Any]], sheet: str = "招聘测试") -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def row(header: list[str], **cells: Any) -> list[Any]:
    return [cells.get(column) for column in header]


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    return session


def test_R_REC_1_a_good_file_records_first_tests_and_interview_sheets(
    center: Session, tmp_path: Path
) -> None:
    first = add(center, "何静")
    move(center, first, "first_test", FIRST)
    second = at_second_test(center, "宋佳")
    header = imports.columns(dimensions(center))
    scores = dict.fromkeys(dimensions(center), 80)
    path = workbook(
        tmp_path / "招聘测试.xlsx",
        header,
        [
            row(header, 应聘者编号=first.id, 姓名="何静", 测试日期=FIRST.isoformat(),
                中文输入速度=42, 数字输入速度=168, 办公软件基本操作=75,
                朗读发音清晰度=82, 朗读准确度=78),
            row(header, 应聘者编号=second.id, 测试日期=SECOND.isoformat(), 面试官="张敏", **scores),
            row(header, 应聘者编号=second.id, 测试日期=SECOND.isoformat(), 面试官="刘伟", **scores),
        ],
    )  # fmt: skip
    done = imports.import_tests(center, HR, path, today=TODAY)
    assert (done.rows, done.results, done.candidates) == (3, 5 + 2 * len(scores), 2)
    judged = recruitment.standing(center, recruitment.get_candidate(center, first.id), TODAY)
    assert judged.blocked is not None and "中文输入速度 42 字/分钟" in judged.blocked
    passed = recruitment.standing(center, recruitment.get_candidate(center, second.id), TODAY)
    assert passed.blocked is None and len(passed.sheets) == 2


def test_R_REC_1_a_bad_file_names_every_problem_and_writes_nothing(
    center: Session, tmp_path: Path
) -> None:
    first = add(center, "何静")
    move(center, first, "first_test", FIRST)
    second = at_second_test(center, "宋佳")
    before = len(recruitment.results_of(center, second.id))
    dims = dimensions(center)
    header = [*imports.columns(dims), "身高"]
    day = FIRST.isoformat()
    path = workbook(
        tmp_path / "bad.xlsx",
        header,
        [
            row(header, 应聘者编号=first.id, 测试日期=day, 中文输入速度="很快"),  # row 2
            row(header, 应聘者编号=first.id, 测试日期="2026-13-01", 办公软件基本操作=101),  # 3
            row(header, 应聘者编号="一号", 测试日期=day, 办公软件基本操作=80),  # 4
            row(header, 应聘者编号=first.id, 测试日期=day),  # 5: nothing to record
            row(header, 应聘者编号=second.id, 测试日期=day, 面试官="张敏"),  # 6: no scores
        ],
    )
    with pytest.raises(ImportRejected) as refused:
        imports.import_tests(center, HR, path, today=TODAY)
    found = {(p.row, p.column): p for p in refused.value.errors}
    assert found[(1, "身高")].reason.startswith("无法识别的列")
    assert found[(2, "中文输入速度")].value == "很快"
    assert "0–100" in found[(3, "办公软件基本操作")].reason
    assert "日期" in found[(3, "测试日期")].reason
    assert found[(4, "应聘者编号")].value == "一号"
    assert found[(5, None)].reason == "该行没有测试成绩"
    assert all((6, d) in found for d in dims)
    assert all(p.sheet == "招聘测试" for p in refused.value.errors)
    assert "导入失败" in refused.value.message
    assert recruitment.results_of(center, first.id) == []
    assert len(recruitment.results_of(center, second.id)) == before


def test_R_REC_1_rows_the_service_refuses_are_problems_and_the_import_is_undone(
    engine: Engine, tmp_path: Path
) -> None:
    with unit_of_work(engine) as center:
        make_center(center)
        first = add(center, "何静")
        move(center, first, "first_test", FIRST)
        waiting = add(center, "林晓")  # still at the application stage
        second = at_second_test(center, "宋佳")
        dims = dimensions(center)
    day = FIRST.isoformat()
    header = imports.columns(dims)
    scores = dict.fromkeys(dims, 80)
    path = workbook(
        tmp_path / "refused.xlsx",
        header,
        [
            row(header, 应聘者编号=first.id, 测试日期=day, 办公软件基本操作=80),  # 2: fine
            row(header, 应聘者编号=waiting.id, 测试日期=day, 办公软件基本操作=80),  # 3
            row(header, 应聘者编号=999, 测试日期=day, 办公软件基本操作=80),  # 4
            row(header, 应聘者编号=first.id, 姓名="何晶", 测试日期=day, 朗读准确度=80),  # 5
            row(header, 应聘者编号=second.id, 测试日期=SECOND.isoformat(), 面试官="甲", **scores),
            row(header, 应聘者编号=second.id, 测试日期=SECOND.isoformat(), 面试官="甲", **scores),
        ],
    )  # fmt: skip
    with pytest.raises(ImportRejected) as refused, unit_of_work(engine) as session:
        imports.import_tests(session, HR, path, today=TODAY)
    found = {(p.row, p.column): p for p in refused.value.errors}
    assert "在「初试」阶段录入" in found[(3, None)].reason
    assert "没有编号为 999 的应聘者" in found[(4, "应聘者编号")].reason
    assert "姓名是「何静」" in found[(5, "姓名")].reason
    assert "与第 6 行重复" in found[(7, "面试官")].reason
    assert (2, None) not in found
    with unit_of_work(engine) as session:  # row 2 was recorded, then undone with the rest
        assert recruitment.results_of(session, first.id) == []
        assert len(recruitment.results_of(session, second.id)) == 5


def test_R_REC_1_only_an_excel_workbook_with_the_recruitment_sheet_is_read(
    center: Session, tmp_path: Path
) -> None:
    csv = tmp_path / "tests.csv"
    csv.write_text("应聘者编号,测试日期\n1,2026-10-19\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="xlsx"):
        imports.import_tests(center, HR, csv, today=TODAY)
    other = workbook(tmp_path / "other.xlsx", ["应聘者编号"], [[1]], sheet="员工")
    with pytest.raises(ImportRejected, match="应为「招聘测试」"):
        imports.import_tests(center, HR, other, today=TODAY)
    empty = workbook(tmp_path / "empty.xlsx", ["应聘者编号", "测试日期"], [])
    with pytest.raises(ImportRejected, match="没有可导入"):
        imports.import_tests(center, HR, empty, today=TODAY)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ImportRejected, match="无法打开"):
        imports.import_tests(center, HR, broken, today=TODAY)


def test_R_REC_1_the_template_has_the_policys_interview_dimensions(center: Session) -> None:
    book = load_workbook(BytesIO(imports.template(dimensions(center))))
    assert book.sheetnames == ["招聘测试", "说明"]
    header = [c.value for c in book["招聘测试"][1]]
    assert header == imports.columns(dimensions(center))
    assert header[:3] == ["应聘者编号", "姓名", "测试日期"] and header[-1] == "求职动机与工作期望"
