"""``kefu training …`` at a terminal, on SQLite and PostgreSQL: a cohort opened and laid out on
the calendar, trainees and mentors, scores with feedback, the preliminary list with its evidence,
the conversion exam and an elimination from the talk to the exit talk (R-NEW-1..4)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.training import make_center

START = "2026-11-02"


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def opened(kefu: Kefu) -> str:
    out = succeeded(
        kefu(
            "training",
            "open-cohort",
            "--as",
            "qa",
            "--name",
            "十一月班",
            "--start",
            START,
            "--on",
            START,
        )
    )
    return out.split("#", 1)[1].split(":", 1)[0]


def joined(kefu: Kefu, cohort: str, employee_no: str, *extra: str) -> str:
    out = succeeded(
        kefu("training", "add-trainee", cohort, employee_no, "--as", "qa", "--on", START, *extra)
    )
    return out.split("[", 1)[1].split("]", 1)[0]


def test_R_NEW_1_a_cohort_from_the_command_line_with_its_plan_on_the_calendar(
    kefu: Kefu,
) -> None:
    cohort = opened(kefu)
    assert "十一月班" in succeeded(kefu("training", "cohorts"))
    plan = succeeded(kefu("training", "plan", cohort, "--on", "2026-11-03"))
    assert "第  2 天 2026-11-03 ◀ 今天" in plan
    assert "第 22 天 2026-11-23" in plan and "转正考试" in plan
    days = json.loads(succeeded(kefu("training", "plan", cohort, "-f", "json")))
    assert [d["number"] for d in days] == list(range(1, 24))
    refused = failed(
        kefu("training", "open-cohort", "--as", "mentor", "--name", "x", "--start", START), 1
    )
    assert "mentor" in refused


def test_R_NEW_1_trainees_join_and_one_without_a_mentor_is_named(kefu: Kefu) -> None:
    cohort = opened(kefu)
    joined(kefu, cohort, "2001", "--mentor", "1001")
    joined(kefu, cohort, "2002")
    shown = succeeded(kefu("training", "cohort", cohort, "--on", "2026-11-04"))
    assert "2001 王新" in shown and "导师 1001" in shown
    assert "2002 李新" in shown and "至今尚未指定" in shown
    refused = failed(kefu("training", "add-trainee", cohort, "1001", "--as", "qa"), 1)
    assert "只有试用期员工" in refused


def test_R_NEW_3_two_fails_in_a_row_from_the_command_line_and_the_case_to_its_end(
    kefu: Kefu,
) -> None:
    cohort = opened(kefu)
    trainee = joined(kefu, cohort, "2001", "--mentor", "1001")
    for day, score in (("2026-11-04", "55"), ("2026-11-06", "48")):
        succeeded(
            kefu(
                "training",
                "score",
                trainee,
                "--as",
                "qa",
                "--kind",
                "theory",
                "--score",
                score,
                "--feedback",
                "加强复习",
                "--on",
                day,
            )
        )
    flags = succeeded(kefu("training", "flags", "--on", "2026-11-06"))
    assert "2001 王新" in flags
    assert "理论考核连续 2 次低于 60 分：2026-11-04 55.00、2026-11-06 48.00" in flags
    out = succeeded(kefu("training", "eliminate", trainee, "--as", "qa", "--on", "2026-11-09"))
    case = out.split("#", 1)[1].split(":", 1)[0]
    on_notice = succeeded(
        kefu(
            "training",
            "talk",
            case,
            "approve",
            "--as",
            "qa",
            "--reasons",
            "连续两次不及格",
            "--on",
            "2026-11-09",
        )
    )
    assert "公示中" in on_notice and "2026-11-09 — 2026-11-11" in on_notice
    early = failed(
        kefu("training", "final", case, "--as", "hr", "--opinion", "淘汰", "--on", "2026-11-11"), 1
    )
    assert "公示期到 2026-11-11" in early
    final = succeeded(
        kefu("training", "final", case, "--as", "hr", "--opinion", "淘汰", "--on", "2026-11-12")
    )
    assert "自 2026-11-12 起离职" in final
    for item in ("final_pay", "badge", "equipment"):
        succeeded(kefu("training", "checklist", case, item, "--as", "hr", "--on", "2026-11-12"))
    succeeded(
        kefu(
            "training",
            "exit",
            case,
            "--as",
            "hr",
            "--feedback",
            "无",
            "--advice",
            "可从事后台",
            "--on",
            "2026-11-12",
        )
    )
    shown = json.loads(succeeded(kefu("training", "case", case, "-f", "json")))
    assert shown["state"] == "final" and all(c["done"] for c in shown["checklist"])
    assert [a["action"] for a in shown["actions"]][:3] == ["open", "decide", "publish"]


def test_R_NEW_1_the_conversion_exam_and_the_managers_choice(kefu: Kefu) -> None:
    cohort = opened(kefu)
    trainee = joined(kefu, cohort, "2001", "--mentor", "1001")
    failed_exam = succeeded(
        kefu(
            "training",
            "convert",
            trainee,
            "--as",
            "qa",
            "--score",
            "60",
            "--paper",
            "A卷",
            "--feedback",
            "未通过",
            "--on",
            "2026-11-23",
        )
    )
    assert "待补考" in failed_exam and "2026-11-25" in failed_exam
    same = failed(
        kefu(
            "training",
            "convert",
            trainee,
            "--as",
            "qa",
            "--score",
            "90",
            "--paper",
            "A卷",
            "--feedback",
            "x",
            "--on",
            "2026-11-25",
        ),
        1,
    )
    assert "就是未通过的试卷" in same
    succeeded(
        kefu(
            "training",
            "convert",
            trainee,
            "--as",
            "qa",
            "--score",
            "70",
            "--paper",
            "B卷",
            "--feedback",
            "仍未通过",
            "--on",
            "2026-11-25",
        )
    )
    refused = failed(
        kefu("training", "decide", trainee, "extend", "--as", "hr", "--reason", "r"), 1
    )
    assert "客服经理" in refused
    out = succeeded(
        kefu(
            "training",
            "decide",
            trainee,
            "eliminate",
            "--as",
            "boss",
            "--reason",
            "两次未过",
            "--on",
            "2026-11-26",
        )
    )
    assert "案件 #" in out
