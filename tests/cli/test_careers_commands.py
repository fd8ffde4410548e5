"""``kefu promotion …`` at a terminal, on SQLite and PostgreSQL: the ladder, a person's check,
who is eligible, and a case from application to final with an objection on the way."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.db import unit_of_work
from tests.careers.test_promotion_service import make_center
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def test_the_ladder_lists_five_levels_and_the_application_months(kefu: Kefu) -> None:
    out = succeeded(kefu("promotion", "ladder", "--on", "2026-11-24"))
    for level in ("1. 初级客服", "2. 中级客服", "5. 客服经理"):
        assert level in out
    assert "申请月份: 5 月、11 月" in out


def test_R_PRO_1_check_shows_each_condition_with_the_persons_figure(kefu: Kefu) -> None:
    view = json.loads(
        succeeded(kefu("promotion", "check", "1001", "--on", "2026-11-24", "-f", "json"))
    )
    assert view["target"] == "中级客服" and view["may_apply"] is True
    figures = {c["code"]: c["figure"] for c in view["conditions"]}
    assert figures["satisfaction"] == "95" and figures["kpi_completion"] == "108%"
    table = succeeded(kefu("promotion", "check", "1001", "--on", "2026-11-24"))
    assert "可以申请" in table
    assert "1001" in succeeded(kefu("promotion", "eligible", "--on", "2026-11-24"))


def test_R_PRO_3_a_case_from_the_command_line_to_final(kefu: Kefu) -> None:
    on = ("--on", "2026-11-24")
    out = succeeded(
        kefu(
            "promotion",
            "apply",
            "--as",
            "agent",
            "--achievements",
            "业绩",
            "--growth",
            "成长",
            "--plan",
            "规划",
            *on,
        )
    )
    case = out.split("#", 1)[1].split(":", 1)[0]
    refused = failed(
        kefu("promotion", "decide", case, "approve", "--as", "hr", "--opinion", "同意", *on), 1
    )
    assert "部门初审" in refused
    succeeded(
        kefu("promotion", "decide", case, "approve", "--as", "leader", "--opinion", "同意", *on)
    )
    succeeded(
        kefu(
            "promotion",
            "decide",
            case,
            "approve",
            "--as",
            "hr",
            "--opinion",
            "核实无误",
            "--interview-score",
            "90",
            *on,
        )
    )
    out = succeeded(
        kefu("promotion", "decide", case, "approve", "--as", "boss", "--opinion", "同意", *on)
    )
    assert "公示期 2026-11-24 — 2026-11-26" in out
    out = succeeded(
        kefu(
            "promotion",
            "object",
            case,
            "--as",
            "colleague",
            "--text",
            "请核实",
            "--on",
            "2026-11-26",
        )
    )
    objection = out.split("#", 1)[1].split("，", 1)[0]
    assert "申诉未答复" in failed(
        kefu("promotion", "finalize", case, "--as", "hr", "--on", "2026-11-27"), 1
    )
    succeeded(
        kefu(
            "promotion",
            "answer",
            objection,
            "dismissed",
            "--as",
            "hr",
            "--finding",
            "已核实",
            "--reply",
            "不影响晋升",
            "--on",
            "2026-11-27",
        )
    )
    out = succeeded(kefu("promotion", "finalize", case, "--as", "hr", "--on", "2026-11-27"))
    assert "自 2026-12-01 起为 中级客服" in out
    shown = succeeded(kefu("promotion", "show", case))
    assert "申诉 #" in shown and "finalize" in shown
    assert "已生效" in succeeded(kefu("promotion", "list"))
