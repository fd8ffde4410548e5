"""The 题库 sheet (R-EXM-1): the blank template, a good import, and every bad row named with its
sheet, row, column, value and reason while nothing is written (all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy.orm import Session

from kefu.errors import ImportRejected
from kefu.exams import service as exams
from kefu.exams.imports import COLUMNS, read_bank, write_template
from tests.exams import DAY, as_, make_center

HEADERS = [c.header for c in COLUMNS]
GOOD: list[list[Any]] = [
    [
        "服务用语",
        "单选",
        "笔试",
        1,
        2,
        "标准问候语是?",
        "您好",
        "喂",
        None,
        None,
        None,
        None,
        None,
        None,
        "A",
        None,
    ],
    [
        "退费流程",
        "多选题",
        None,
        3,
        4,
        "退费要核实?",
        "身份",
        "单号",
        "爱好",
        None,
        None,
        None,
        None,
        None,
        "A,B",
        None,
    ],
    [
        "系统操作",
        "填空",
        "笔试",
        2,
        2,
        "查询快捷键是____",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "F3 | F3键",
        None,
    ],
    [
        "案例分析",
        "简答",
        "",
        4,
        10,
        "处理投诉的步骤?",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "倾听、致歉",
        "要点齐全",
    ],
    [
        "服务用语",
        "简答",
        "口试",
        2,
        10,
        "朗读开头语",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ],
]


def make_sheet(
    path: Path, rows: list[list[Any]], headers: list[str] = HEADERS, name: str = "题库"
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = name
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_blank_template_reads_back_as_no_rows_and_no_problems(tmp_path: Path) -> None:
    path = tmp_path / "题库模板.xlsx"
    write_template(path)
    parsed = read_bank(path)
    assert (parsed.rows, parsed.problems) == ([], [])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["题库", "说明"]
    assert [c.value for c in book["题库"][1]] == HEADERS


def test_R_EXM_1_a_good_sheet_reads_every_question(tmp_path: Path) -> None:
    parsed = read_bank(make_sheet(tmp_path / "bank.xlsx", GOOD))
    assert parsed.problems == []
    single, multiple, fill, short, oral = (r.question for r in parsed.rows)
    assert (single.kind, single.key, single.options) == ("single", ("A",), ("您好", "喂"))
    assert (multiple.kind, multiple.key, multiple.exam_kind) == ("multiple", ("A", "B"), "written")
    assert fill.key == ("F3", "F3键")
    assert (short.key, short.reference) == ((), "倾听、致歉\n要点齐全")
    assert (oral.exam_kind, oral.kind) == ("oral", "short")


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            ["服务用语", "判断", None, 1, 2, "题?", "对", "错", *[None] * 6, "A", None],
            "题型",
            "不是有效的题型",
        ),
        (
            ["服务用语", "单选", None, 6, 2, "题?", "对", "错", *[None] * 6, "A", None],
            "难度",
            "1 到 5 的整数",
        ),
        (
            ["服务用语", "单选", None, 1, 0, "题?", "对", "错", *[None] * 6, "A", None],
            "分值",
            "大于 0",
        ),
        (
            ["服务用语", "单选", None, 1, 2, "题?", "对", "错", *[None] * 6, "C", None],
            "答案",
            "已有选项",
        ),
        (
            ["服务用语", "单选", None, 1, 2, "题?", "对", None, "错", *[None] * 5, "A", None],
            "选项C",
            "连续填写",
        ),
        (
            ["服务用语", "多选", None, 1, 2, "题?", "对", "错", *[None] * 6, "A", None],
            "答案",
            "至少有两个",
        ),
        (["服务用语", "填空", None, 1, 2, "题?", *[None] * 8, None, None], "答案", "可接受的答案"),
        (["", "单选", None, 1, 2, "题?", "对", "错", *[None] * 6, "A", None], "知识点", "必填"),
    ],
)
def test_R_EXM_1_a_bad_row_is_named_with_its_sheet_row_column_and_reason(
    tmp_path: Path, row: list[Any], column: str, reason: str
) -> None:
    parsed = read_bank(make_sheet(tmp_path / "bank.xlsx", [GOOD[0], row]))
    assert len(parsed.rows) == 1
    (problem,) = parsed.problems
    assert (problem.sheet, problem.row, problem.column) == ("题库", 3, column)
    assert reason in problem.reason


def test_the_same_question_twice_in_a_sheet_names_the_first_row(tmp_path: Path) -> None:
    parsed = read_bank(make_sheet(tmp_path / "bank.xlsx", [GOOD[0], GOOD[1], GOOD[0]]))
    (problem,) = parsed.problems
    assert (problem.row, problem.column) == (4, "题干") and "第 2 行" in problem.reason


def test_a_workbook_without_the_bank_sheet_or_a_required_column_is_refused(tmp_path: Path) -> None:
    (problem,) = read_bank(make_sheet(tmp_path / "a.xlsx", GOOD, name="Sheet1")).problems
    assert "找不到工作表「题库」" in problem.reason
    renamed = [("题目内容" if h == "题干" else h) for h in HEADERS]
    (problem,) = read_bank(make_sheet(tmp_path / "b.xlsx", GOOD, headers=renamed)).problems
    assert (problem.row, problem.column) == (1, "题干") and "缺少必填列" in problem.reason
    text = tmp_path / "c.xlsx"
    text.write_text("not a workbook")
    (problem,) = read_bank(text).problems
    assert "不是有效的 Excel" in problem.reason


def test_english_keys_are_accepted_as_headers(tmp_path: Path) -> None:
    english = [c.key for c in COLUMNS]
    parsed = read_bank(make_sheet(tmp_path / "bank.xlsx", GOOD[:1], headers=english))
    assert parsed.problems == [] and len(parsed.rows) == 1


def test_R_EXM_1_an_import_with_a_bad_row_writes_nothing(session: Session, tmp_path: Path) -> None:
    make_center(session)
    bad = [*GOOD, ["服务用语", "单选", None, 9, 2, "题?", "对", "错", *[None] * 6, "A", None]]
    with pytest.raises(ImportRejected) as rejected:
        exams.import_bank(session, as_(session, "qa"), make_sheet(tmp_path / "x.xlsx", bad), DAY)
    assert "工作表「题库」，第 7 行，列「难度」，值「9」" in rejected.value.message
    assert exams.questions(session) == []


def test_R_EXM_1_a_good_import_adds_every_question_and_refuses_it_a_second_time(
    session: Session, tmp_path: Path
) -> None:
    make_center(session)
    path = make_sheet(tmp_path / "bank.xlsx", GOOD)
    done = exams.import_bank(session, as_(session, "qa"), path, DAY, "题库.xlsx")
    assert done.added == 5 and done.topics["服务用语"] == 2
    assert {q.source for q in exams.questions(session)} >= {"题库.xlsx 第 2 行"}
    with pytest.raises(ImportRejected, match="题库中已有相同的题目"):
        exams.import_bank(session, as_(session, "qa"), path, DAY)
    assert len(exams.questions(session)) == 5
