"""``kefu conduct …`` at a terminal, on SQLite and PostgreSQL (R-DIS-1, R-PUB-1): the catalogue,
recording, the list, an objection and its answer, withdrawal and the month's points."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.accounts.service import add_user
from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.conduct import PEOPLE, make_center

ON = ("--on", "2026-11-02")


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
        for username in ("agent", "leader", "leader2"):
            no, name, _, role, _ = PEOPLE[username]
            add_user(session, "test", username, "Test-Account-Pass-9", role, name, no)
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def record(kefu: Kefu, *args: str) -> str:
    return succeeded(
        kefu("conduct", "record", "--what", "上班聊天", "--evidence", "组长所见", *ON, *args)
    )


def test_R_DIS_1_the_catalogue_lists_every_rule(kefu: Kefu) -> None:
    out = succeeded(kefu("conduct", "rules", *ON))
    assert "chatting\t扣 20 分 每人" in out
    assert "bad-language\t扣 5–20 分" in out
    rows = json.loads(succeeded(kefu("conduct", "rules", *ON, "--format", "json")))
    assert len(rows) == 6


def test_R_DIS_1_record_list_and_the_month(kefu: Kefu) -> None:
    out = record(
        kefu, "--rule", "chatting", "--points", "20", "--people", "1001,1002", "--as", "leader"
    )
    assert "已记录扣分事件 #1" in out and "1001 王芳" in out and "1002 陈杰" in out
    refused = failed(
        kefu(
            "conduct",
            "record",
            "--rule",
            "bad-language",
            "--points",
            "30",
            "--people",
            "1001",
            "--what",
            "x",
            "--evidence",
            "y",
            "--as",
            "leader",
            *ON,
        ),
        1,
    )
    assert "扣 5–20 分" in refused
    mine = json.loads(succeeded(kefu("conduct", "list", "--as", "agent", "--format", "json")))
    assert [r["employee_no"] for r in mine] == ["1001"]
    month = json.loads(succeeded(kefu("conduct", "month", "2026-11", "--format", "json")))
    assert {p["employee_no"]: p["points"] for p in month["people"]} == {"1001": 20, "1002": 20}
    assert "扣分 20" in succeeded(kefu("conduct", "month", "2026-11"))


def test_R_PUB_1_object_and_answer_from_the_command_line(kefu: Kefu) -> None:
    record(
        kefu, "--rule", "service-attitude", "--points", "20", "--people", "1001", "--as", "leader"
    )
    out = succeeded(kefu("conduct", "object", "1", "--reason", "请复核录音", "--as", "agent", *ON))
    assert "已提交申诉 #1" in out and "2026-11-04" in out
    assert "记录人以外" in failed(kefu("conduct", "answer", "1", "--uphold", "--as", "leader"), 1)
    assert "一种答复" in failed(
        kefu("conduct", "answer", "1", "--uphold", "--cancel", "--as", "leader2"), 1
    )
    done = succeeded(kefu("conduct", "answer", "1", "--points", "12", "--as", "leader2", *ON))
    assert "扣分减为 12 分" in done
    month = json.loads(succeeded(kefu("conduct", "month", "2026-11", "--format", "json")))
    assert month["people"][0]["points"] == 12


def test_R_DIS_1_withdraw_needs_a_reason_and_leaves_the_month(kefu: Kefu) -> None:
    record(kefu, "--rule", "left-post", "--points", "20", "--people", "1002", "--as", "leader")
    assert "撤销原因" in failed(
        kefu("conduct", "withdraw", "1", "--reason", " ", "--as", "leader"), 1
    )
    succeeded(kefu("conduct", "withdraw", "1", "--reason", "记错日期", "--as", "leader", *ON))
    assert "没有扣分" in succeeded(kefu("conduct", "month", "2026-11"))
    listed = succeeded(kefu("conduct", "list", "--month", "2026-11"))
    assert "已撤销" in listed
