"""``kefu recruit …`` at a terminal, on SQLite and PostgreSQL: a candidate from application to
training (a move refused with the figures, a taken staff number refused), the list, one
candidate, and the reserve (R-REC-1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from kefu.accounts.service import add_user
from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, json_rows, succeeded
from tests.recruitment.test_service import make_center

ON = ("--on", "2026-11-02")
DIMENSIONS = (
    "智力",
    "仪表风度",
    "反应能力",
    "沟通能力",
    "语言表达能力",
    "事业进取心",
    "工作态度",
    "求职动机与工作期望",
)


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
        add_user(session, "test", "hr", "Test-Account-Pass-9", "hr", "张敏")
        add_user(session, "test", "agent", "Test-Account-Pass-9", "agent", "王芳", "1001")
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def added(kefu: Kefu, name: str) -> str:
    out = succeeded(
        kefu("recruit", "add", "--as", "hr", "--name", name, "--applied-on", "2026-10-20", *ON)
    )
    return out.split("#", 1)[1].split(" ", 1)[0]


def test_R_REC_1_a_candidate_from_the_command_line_to_training(kefu: Kefu) -> None:
    cid = added(kefu, "宋佳")
    succeeded(kefu("recruit", "move", cid, "初试", "--as", "hr", *ON))
    succeeded(
        kefu(
            "recruit", "test", cid, "--as", "hr", "--chinese", "49", "--digits", "150",
            "--office", "60", "--clarity", "70", "--accuracy", "70", *ON,
        )
    )  # fmt: skip
    refused = failed(kefu("recruit", "move", cid, "复试", "--as", "hr", *ON), 1)
    assert "R-REC-1" in refused and "中文输入速度 49 字/分钟，及格线 50 字/分钟" in refused
    succeeded(kefu("recruit", "test", cid, "--as", "hr", "--chinese", "50", *ON))
    succeeded(
        kefu("recruit", "move", cid, "second_test", "--as", "hr", "--reason", "初试合格", *ON)
    )
    for who, score in (("面试官甲", "80"), ("面试官乙", "60")):
        scores = [a for d in DIMENSIONS for a in ("--score", f"{d}={score}")]
        succeeded(kefu("recruit", "test", cid, "--as", "hr", "--interviewer", who, *scores, *ON))
    shown = succeeded(kefu("recruit", "show", cid, *ON))
    assert "面试成绩 = 8 项考察内容各自平均分的平均 = 70.00(共 2 位面试官)" in shown
    assert "可以进入「培训」" in shown
    hire = ("--department", "客服一部", "--team", "一组", "--starts-on", "2026-11-09")
    taken = failed(
        kefu("recruit", "move", cid, "培训", "--as", "hr", "--employee-no", "1001", *hire, *ON), 1
    )
    assert "工号 1001 已被 王芳 使用" in taken
    out = succeeded(
        kefu("recruit", "move", cid, "培训", "--as", "hr", "--employee-no", "9001", *hire, *ON)
    )
    assert "工号 9001 已录入员工名册" in out
    view = json.loads(succeeded(kefu("recruit", "show", cid, "--format", "json", *ON)))
    assert (view["stage"], view["employee_no"], view["training_starts_on"]) == (
        "training",
        "9001",
        "2026-11-09",
    )
    assert [m["to"] for m in view["history"]] == [
        "applied",
        "first_test",
        "second_test",
        "training",
    ]
    reserve = json.loads(
        succeeded(kefu("recruit", "reserve", "--format", "json", "--on", "2026-11-09"))
    )
    assert (reserve["seats"], reserve["target"], reserve["current"], reserve["gap"]) == (3, 1, 1, 0)
    text = succeeded(kefu("recruit", "reserve", "--on", "2026-11-09"))
    assert "储备目标 = 座席总数 3 × 10% = 0.3，向上取整为 1 人" in text


def test_R_REC_1_the_list_by_stage_in_text_and_json(kefu: Kefu) -> None:
    first = added(kefu, "宋佳")
    added(kefu, "马超")
    succeeded(kefu("recruit", "move", first, "first_test", "--as", "hr", *ON))
    rows = json_rows(kefu("recruit", "list", "--stage", "初试", "--format", "json"))
    assert [r["name"] for r in rows] == ["宋佳"]
    listing = succeeded(kefu("recruit", "list"))
    assert "宋佳 · 初试" in listing and "马超 · 报名" in listing
    assert "没有符合条件" in succeeded(kefu("recruit", "list", "--search", "无此人"))


def test_R_REC_1_refusals_are_chinese_messages_not_tracebacks(kefu: Kefu) -> None:
    cid = added(kefu, "宋佳")
    assert "没有「录用」这个招聘阶段" in failed(
        kefu("recruit", "move", cid, "录用", "--as", "hr", *ON), 1
    )
    assert "须写明原因" in failed(kefu("recruit", "move", cid, "未录用", "--as", "hr", *ON), 1)
    denied = failed(kefu("recruit", "move", cid, "初试", "--as", "agent", *ON), 1)
    assert "人事或客服经理" in denied
    assert "在「初试」阶段录入" in failed(
        kefu("recruit", "test", cid, "--as", "hr", "--office", "80", *ON), 1
    )
    assert "不是数字" in failed(
        kefu("recruit", "test", cid, "--as", "hr", "--office", "八十", *ON), 1
    )
    assert "没有编号为 99 的应聘者" in failed(kefu("recruit", "show", "99"), 1)


def test_R_REC_1_results_imported_from_a_workbook_at_the_terminal(
    kefu: Kefu, tmp_path: Path
) -> None:
    cid = added(kefu, "宋佳")
    succeeded(kefu("recruit", "move", cid, "初试", "--as", "hr", *ON))
    template = tmp_path / "模板.xlsx"
    succeeded(kefu("recruit", "template", str(template), *ON))
    book = load_workbook(template)
    sheet = book["招聘测试"]
    sheet.append([int(cid), "宋佳", "2026-11-02", 50, 150, 60, 70, "七十"])
    book.save(template)
    refused = failed(kefu("recruit", "import", str(template), "--as", "hr", *ON), 2)
    assert "第 2 行" in refused and "朗读准确度" in refused and "七十" in refused
    sheet.delete_rows(2)
    sheet.append([int(cid), "宋佳", "2026-11-02", 50, 150, 60, 70, 70])
    book.save(template)
    out = succeeded(kefu("recruit", "import", str(template), "--as", "hr", *ON))
    assert "已导入 1 行、5 项成绩" in out
    assert "可以进入「复试」" in succeeded(kefu("recruit", "show", cid, *ON))
