"""``kefu exam …`` at a terminal, on SQLite and PostgreSQL (R-EXM-1): the template, an import
(all or nothing), drawing a paper, assigning it, the results and one sitting's explanation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine

from kefu.accounts.service import add_user
from kefu.db import unit_of_work
from kefu.exams import service as exams
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.exams import DAY, NINE, as_, make_bank, make_center

ON = ("--on", DAY.isoformat())


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
        make_bank(session)
        add_user(session, "test", "agent", "Test-Account-Pass-9", "agent", "王芳", "1001")
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def filled_template(kefu: Kefu, path: Path, rows: list[list[Any]]) -> Path:
    succeeded(kefu("exam", "template", "-o", path))
    book = openpyxl.load_workbook(path)
    for row in rows:
        book["题库"].append(row)
    book.save(path)
    return path


ROW = [
    "新业务",
    "单选",
    "笔试",
    2,
    2,
    "新业务的受理渠道是?",
    "热线",
    "信件",
    *[None] * 6,
    "A",
    None,
]


def test_R_EXM_1_the_template_filled_in_imports_and_a_bad_row_imports_nothing(
    kefu: Kefu, tmp_path: Path
) -> None:
    bad = filled_template(
        kefu, tmp_path / "bad.xlsx", [ROW, [*ROW[:3], 8, *ROW[4:5], "另一题?", *ROW[6:]]]
    )
    out = failed(kefu("exam", "import", bad, *ON), 2)
    assert "工作表「题库」，第 3 行，列「难度」，值「8」" in out
    good = filled_template(kefu, tmp_path / "good.xlsx", [ROW])
    assert "已导入 1 道题 (新业务 1 道)" in succeeded(kefu("exam", "import", good, *ON))
    assert "笔试 · 新业务 · 难度 2: 1 道" in succeeded(kefu("exam", "bank"))


def test_R_EXM_1_draw_and_assign_from_the_command_line(kefu: Kefu) -> None:
    drawn = succeeded(
        kefu(
            "exam",
            "draw",
            "--title",
            "月考",
            "--topic",
            "服务用语=2",
            "--topic",
            "退费流程=2",
            "--difficulty",
            "1=2",
            "--difficulty",
            "2=2",
            "--seed",
            "4",
            *ON,
        )
    )
    assert "已组卷 #1「月考」: 4 道题，总分 8，及格线 60，随机种子 4" in drawn
    short = failed(kefu("exam", "draw", "--title", "大", "--topic", "服务用语=9", *ON), 1)
    assert "差 5 道" in short
    again = succeeded(
        kefu(
            "exam",
            "draw",
            "--title",
            "补考",
            "--purpose",
            "re_exam",
            "--topic",
            "服务用语=2",
            "--exclude",
            "1",
            *ON,
        )
    )
    assert "已组卷 #2" in again
    assigned = succeeded(
        kefu(
            "exam",
            "assign",
            "1",
            "--to",
            "1001",
            "--to",
            "1002",
            "--opens",
            "2026-11-20",
            "--closes",
            "2026-11-22",
            *ON,
        )
    )
    assert "已安排试卷 #1 给 2 人" in assigned
    refused = failed(
        kefu("exam", "draw", "--title", "x", "--topic", "服务用语=1", "--as", "agent", *ON), 1
    )
    assert "题库和试卷由品管培训岗" in refused


def test_R_EXM_1_results_and_a_sittings_explanation(kefu: Kefu, engine: Engine) -> None:
    with unit_of_work(engine) as session:
        paper = exams.draw_paper(
            session,
            as_(session, "qa"),
            title="月考",
            exam_kind="written",
            purpose="monthly",
            topics={"服务用语": 2},
            seed=1,
            today=DAY,
        )
        (sitting,) = exams.assign(
            session,
            as_(session, "qa"),
            paper.id,
            ["1001"],
            opens_on=DAY,
            closes_on=DAY,
            purpose="monthly",
            context={},
            today=DAY,
        )
        agent = as_(session, "agent")
        exams.start(session, agent, sitting.id, NINE)
        first = exams.paper_items(session, paper.id)[0].question
        exams.hand_in(
            session, agent, sitting.id, NINE + timedelta(minutes=4), {first.id: list(first.key)}
        )
        sitting_id = sitting.id
    rows = json.loads(succeeded(kefu("exam", "results", "--format", "json")))
    assert [(r["id"], r["score"], r["passed"]) for r in rows] == [(sitting_id, "50.00", False)]
    assert "未通过" in succeeded(kefu("exam", "results"))
    shown = succeeded(kefu("exam", "show", str(sitting_id)))
    assert "正确，得 2 分" in shown and "未作答" in shown
    assert "R-EXM-1: 成绩 50.00 低于及格线 60，未通过" in shown
    assert "below the pass mark" in succeeded(kefu("exam", "show", str(sitting_id), "--lang", "en"))
    assert "没有编号为 999 的考试" in failed(kefu("exam", "show", "999"), 1)
