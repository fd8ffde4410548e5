"""``kefu bottom …`` at a terminal, on SQLite and PostgreSQL: the list, a person's run, a
refusal citing R-BOT-1, and a standby case from opening to return (R-BOT-1, R-PUB-1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.accounts.service import add_user
from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.elimination import close_run, make_center

PASSWORD = "Bottom-123456"


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    """Six agents closed August to October 2026 (1005 and 1006 last each month), HR, manager."""
    with unit_of_work(engine) as session:
        make_center(session, tmp_path)
        close_run(session, tmp_path, "2026-08", 3)
        add_user(session, "test", "hr", PASSWORD, "hr", "人事专员")
        add_user(session, "test", "manager", PASSWORD, "manager", "客服经理")
        add_user(session, "test", "yang", PASSWORD, "agent", "杨磊", "1006")
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


ON = ("--on", "2026-11-02")


def test_R_BOT_1_the_list_names_the_last_two_and_their_months_running(kefu: Kefu) -> None:
    out = succeeded(kefu("bottom", "list", *ON))
    assert "2026-10 末位名单" in out and "6 人参加排名" in out
    assert "6/6 1006 杨磊 60.00 连续 3 个月 · 应待岗培训" in out
    assert "5/6 1005 陈静 70.00 连续 3 个月 · 应待岗培训" in out
    assert "应办理: 2 人" in out
    view = json.loads(succeeded(kefu("bottom", "list", "2026-09", "--format", "json", *ON)))
    assert [e["run_length"] for e in view["in_last"]] == [2, 2] and view["due"] == []
    english = succeeded(kefu("bottom", "list", "--lang", "en", *ON))
    assert "due for standby retraining" in english


def test_R_BOT_1_closing_a_month_prints_its_last_places_and_who_is_due(kefu: Kefu) -> None:
    out = succeeded(kefu("close", "monthly", "2026-10"))
    assert "末位名单: 2 人在后 2 名，2 人应办理 (kefu bottom list 2026-10)" in out


def test_R_BOT_1_show_explains_one_persons_months(kefu: Kefu) -> None:
    out = succeeded(kefu("bottom", "show", "1006", *ON))
    assert "杨磊 (1006)" in out and "截至 2026-10 连续末位 3 个月" in out
    assert "2026-08 6/6 60.00 末位" in out
    assert "R-BOT-1: 连续 3 个月(2026-08、2026-09、2026-10)排名末位:应接受待岗培训" in out
    failed(kefu("bottom", "show", "9999", *ON), 1)


def test_R_BOT_1_opening_for_someone_not_due_is_refused_citing_the_rule(kefu: Kefu) -> None:
    out = failed(kefu("bottom", "open-standby", "1001", "--as", "hr", *ON), 1)
    assert "不符合待岗培训的条件 (R-BOT-1)" in out
    assert "待岗培训和末位淘汰辞退由人事发起" in failed(
        kefu("bottom", "open-standby", "1006", "--as", "manager", *ON), 1
    )


def test_R_BOT_1_a_standby_case_from_the_command_line_to_the_return(kefu: Kefu) -> None:
    out = succeeded(kefu("bottom", "open-standby", "1006", "--as", "hr", "--note", "培训", *ON))
    case = out.split("#", 1)[1].split(":", 1)[0]
    assert "等待经理审批" in out
    out = succeeded(
        kefu("bottom", "decide", case, "approve", "--as", "manager", "--opinion", "同意", *ON)
    )
    assert "公示中" in out and "2026-11-02 — 2026-11-04" in out
    out = succeeded(
        kefu("bottom", "object", case, "--as", "yang", "--text", "请复核", "--on", "2026-11-03")
    )
    objection = out.split("#", 1)[1].split("，", 1)[0]
    failed(kefu("bottom", "finalize", case, "--as", "hr", "--on", "2026-11-05"), 1)
    succeeded(
        kefu(
            "bottom",
            "answer",
            objection,
            "dismissed",
            "--as",
            "hr",
            "--finding",
            "复核无误",
            "--reply",
            "维持",
            "--on",
            "2026-11-05",
        )
    )
    out = succeeded(kefu("bottom", "finalize", case, "--as", "hr", "--on", "2026-11-05"))
    assert "自 2026-12-01 起待岗 1 个月，至 2026-12-31" in out
    out = succeeded(
        kefu("bottom", "re-entry", case, "--as", "hr", "--score", "70", "--on", "2026-12-20")
    )
    assert "考试 70 分，低于及格分 80: 未通过" in out
    out = succeeded(
        kefu(
            "bottom",
            "return",
            case,
            "--as",
            "manager",
            "--extend-to",
            "2027-01-31",
            "--reason",
            "再培训",
            "--on",
            "2026-12-21",
        )
    )
    assert "待岗延长至 2027-01-31" in out
    out = succeeded(
        kefu("bottom", "re-entry", case, "--as", "hr", "--score", "85", "--on", "2027-01-10")
    )
    assert "考试 85 分，通过: 自 2027-02-01 起重新上岗" in out
    shown = succeeded(kefu("bottom", "show", "--case", case, *ON))
    assert "工作评估成绩: 本人 60.00，中心 80.00，差 −20.00 (弱项)" in shown
    assert "经理决定: extend 至 2027-01-31" in shown
