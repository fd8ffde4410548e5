"""``kefu qa report …`` and ``kefu qa plan …`` at a terminal, on SQLite and PostgreSQL (R-QA-1):
a leader's week report cut to the team, the month's workbook, and a plan from start to end."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.qa_reports import DAY, make_center, make_evaluation, make_scorecard

ON = ("--on", DAY.isoformat())


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session, accounts=True)
        card = make_scorecard(session)
        make_evaluation(session, card, "agent", DAY, "70", lost={"greeting": "4"})
        make_evaluation(session, card, "teammate", DAY, "90")
        make_evaluation(session, card, "outsider", DAY, "60")
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def test_R_PRV_1_a_leaders_week_report_holds_only_their_team(kefu: Kefu) -> None:
    data = json.loads(
        succeeded(kefu("qa", "report", "week", DAY.isoformat(), "--as", "leader", "-f", "json"))
    )
    assert {a["employee_no"] for a in data["agents"]} == {"1001", "1002"}
    assert data["period"]["start"] == "2026-11-02" and data["period"]["end"] == "2026-11-08"
    table = succeeded(kefu("qa", "report", "day", DAY.isoformat(), "--as", "qa"))
    assert "1101" in table and "R-QA-1" in table


def test_R_QA_1_the_month_report_as_a_workbook(kefu: Kefu, tmp_path: Path) -> None:
    out = tmp_path / "月报.xlsx"
    succeeded(kefu("qa", "report", "month", DAY.isoformat(), "-f", "xlsx", "-o", out))
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert {r[0] for r in book["座席"].iter_rows(min_row=2, values_only=True)} == {
        "1001",
        "1002",
        "1101",
    }
    failed(kefu("qa", "report", "month", DAY.isoformat(), "-f", "xlsx"), 1)
    failed(kefu("qa", "report", "month", "2026-13-01"), 1)


def test_R_QA_1_a_plan_from_start_to_end(kefu: Kefu) -> None:
    made = succeeded(
        kefu(
            "qa",
            "plan",
            "add",
            "1001",
            "--goal",
            "平均分达到 80",
            "--actions",
            "回听录音",
            "--due",
            "2026-11-30",
            "--item",
            "greeting=标准问候语",
            "--target",
            "80",
            "--next",
            "2026-11-06",
            "--as",
            "qa",
            *ON,
        )
    )
    assert "改进计划 #1" in made
    followed = succeeded(
        kefu(
            "qa",
            "plan",
            "follow-up",
            "1",
            "--text",
            "已回听",
            "--next",
            "2026-11-06",
            "--as",
            "qa",
            *ON,
        )
    )
    assert "1 条评分" in followed and "平均 70" in followed
    succeeded(kefu("qa", "plan", "comment", "1", "--text", "会改进", "--as", "agent", *ON))
    failed(kefu("qa", "plan", "comment", "1", "--text", "代写", "--as", "qa", *ON), 1)
    late = json.loads(
        succeeded(kefu("qa", "plan", "list", "--overdue", "--on", "2026-11-10", "-f", "json"))
    )
    assert [p["id"] for p in late] == [1]
    shown = succeeded(kefu("qa", "plan", "show", "1", "--as", "agent", *ON))
    assert "标准问候语" in shown and "会改进" in shown and "R-QA-1" in shown
    failed(kefu("qa", "plan", "show", "1", "--as", "teammate", *ON), 1)
    closed = succeeded(kefu("qa", "plan", "close", "1", "achieved", "--note", "达标", "--as", "qa"))
    assert "已达成" in closed
