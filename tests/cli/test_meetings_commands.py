"""``kefu meeting …`` at a terminal, on SQLite and PostgreSQL (R-MTG-1): recording a meeting,
listing and showing it, follow-ups, the schedule check, and handovers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.accounts.service import add_user
from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.meetings import make_center


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
        add_user(session, "test", "leader", "Test-Account-Pass-9", "team_leader", "李强", "2001")
        add_user(session, "test", "leader2", "Test-Account-Pass-9", "team_leader", "赵敏", "2002")
        add_user(session, "test", "agent", "Test-Account-Pass-9", "agent", "王芳", "1001")
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


ON = ("--on", "2026-11-02")


def test_R_MTG_1_a_leader_records_lists_and_shows_a_pre_shift_meeting(kefu: Kefu) -> None:
    out = succeeded(
        kefu(
            "meeting", "add", "pre_shift", "--as", "leader", "--chair", "2001", *ON,
            "--shift", "R", "--department", "客服一部", "--team", "客服一部1组",
            "--topic", "新业务", "--attendee", "1001", "--attendee", "1002=absent",
            "--follow-up", "回访投诉|1001",
        )
    )  # fmt: skip
    assert "08:15" in out
    rows = json.loads(succeeded(kefu("meeting", "list", "--as", "agent", "-f", "json")))
    assert [r["kind"] for r in rows] == ["pre_shift"]
    shown = succeeded(kefu("meeting", "show", str(rows[0]["id"]), "--as", "agent", *ON))
    assert "提前 15 分钟" in shown and "缺席" in shown and "回访投诉" in shown
    due = succeeded(kefu("meeting", "due", "--as", "agent", "--on", "2026-11-20"))
    assert "回访投诉" in due and "逾期" in due
    done = succeeded(kefu("meeting", "follow-up", "done", "1", "--as", "agent", *ON))
    assert "已于 2026-11-02 完成" in done


def test_R_MTG_1_refusals_are_chinese_messages(kefu: Kefu) -> None:
    failed(kefu("meeting", "add", "weekly", "--as", "leader", "--chair", "2001", *ON), 1)
    failed(kefu("meeting", "show", "99", "--as", "agent"), 1)
    failed(kefu("meeting", "list", "--as", "agent", "-f", "xml"), 1)


def test_R_MTG_1_the_check_names_the_missing_meetings(kefu: Kefu) -> None:
    out = succeeded(
        kefu(
            "meeting", "check", "--as", "leader", "--from", "2026-10-26", "--to", "2026-10-30",
            "--kind", "weekly", "--kind", "pre_shift", *ON,
        )
    )  # fmt: skip
    assert "未召开" in out and "工作例会" in out


def test_R_MTG_1_a_handover_is_written_listed_and_acknowledged(kefu: Kefu) -> None:
    succeeded(
        kefu("meeting", "handover", "add", "--as", "leader", "--shift", "R", "--to", "2002",
             "--item", "回访 1 通来电", *ON)
    )  # fmt: skip
    listed = succeeded(kefu("meeting", "handover", "list", "--as", "leader2", "--pending"))
    assert "待确认" in listed
    failed(kefu("meeting", "handover", "ack", "1", "--as", "leader"), 1)
    succeeded(kefu("meeting", "handover", "ack", "1", "--as", "leader2", "--note", "已接班"))
    assert "没有交接班记录" in succeeded(
        kefu("meeting", "handover", "list", "--as", "leader2", "--pending")
    )
