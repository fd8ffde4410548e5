"""``kefu qa …`` at a terminal, on SQLite and PostgreSQL (R-QA-1): scorecards, a contact scored
from a marks file, submitted, disputed and reviewed by a second reviewer, the list, settle and
a calibration."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.qa import make_center


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    with unit_of_work(engine) as session:
        make_center(session)
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def marks_file(kefu: Kefu, path: Path, **changes: object) -> Path:
    shown = succeeded(kefu("qa", "scorecard", "show", "chat"))
    card = yaml.safe_load(shown)
    marks: dict[str, object] = {
        i["key"]: {"points": i["points"], "note": ""} for s in card["sections"] for i in s["items"]
    }
    marks.update(changes)
    path.write_text(yaml.safe_dump(marks, allow_unicode=True), encoding="utf-8")
    return path


def test_R_QA_1_scorecards_list_show_and_load_a_new_version(kefu: Kefu, tmp_path: Path) -> None:
    listed = json.loads(succeeded(kefu("qa", "scorecards", "--format", "json")))
    assert {r["family"] for r in listed} == {"phone", "email", "fax", "chat"}
    text = succeeded(kefu("qa", "scorecard", "show", "fax"))
    edited = tmp_path / "fax.yaml"
    edited.write_text(text.replace("传真监控评分表", "传真监控评分表 新版"), encoding="utf-8")
    assert "第 2 版" in succeeded(kefu("qa", "scorecard", "load", edited, "--as", "qa"))
    assert "第 2 版" not in failed(kefu("qa", "scorecard", "load", edited, "--as", "agent"), 1)


def test_R_QA_1_a_contact_from_scoring_to_a_reviewed_dispute(kefu: Kefu, tmp_path: Path) -> None:
    transcript = tmp_path / "chat.txt"
    transcript.write_text("坐席: 您好，工号1001为您服务。\n客户: 几点关门？\n", encoding="utf-8")
    added = kefu(
        "qa",
        "contact",
        "add",
        "1001",
        "--as",
        "qa",
        "--at",
        "2026-11-02T09:30",
        "--channel",
        "chat",
        "--transcript",
        transcript,
    )
    assert "#1" in succeeded(added)
    marks = marks_file(kefu, tmp_path / "m.yaml", clear_wording={"points": "2", "note": "错别字"})
    scored = succeeded(
        kefu("qa", "evaluate", "1", "--as", "qa", "--marks", marks, "--on", "2026-11-02")
    )
    assert "草稿" in scored
    sent = succeeded(
        kefu("qa", "submit", "1", "--as", "qa", "--version", "1", "--on", "2026-11-02")
    )
    assert "2026-11-05" in sent
    late = kefu(
        "qa",
        "dispute",
        "1",
        "--as",
        "agent",
        "--version",
        "2",
        "--reason",
        "x",
        "--on",
        "2026-11-06",
    )
    assert "已于 2026-11-05 结束" in failed(late, 1)
    rows = json.loads(succeeded(kefu("qa", "list", "--as", "agent", "--format", "json")))
    # the window has passed: listing settles it, final as it stands
    assert [(r["state"], r["final_score"]) for r in rows] == [("final", rows[0]["score"])]


def test_R_QA_1_the_second_reviewer_decides_and_the_evaluator_is_refused(
    kefu: Kefu, tmp_path: Path
) -> None:
    succeeded(
        kefu(
            "qa",
            "contact",
            "add",
            "1001",
            "--as",
            "qa",
            "--at",
            "2026-11-02T09:30",
            "--channel",
            "chat",
        )
    )
    marks = marks_file(kefu, tmp_path / "m.yaml", clear_wording={"points": "2", "note": "错别字"})
    succeeded(kefu("qa", "evaluate", "1", "--as", "qa", "--marks", marks, "--on", "2026-11-02"))
    succeeded(kefu("qa", "submit", "1", "--as", "qa", "--version", "1", "--on", "2026-11-02"))
    succeeded(
        kefu(
            "qa",
            "dispute",
            "1",
            "--as",
            "agent",
            "--version",
            "2",
            "--reason",
            "没有错别字",
            "--on",
            "2026-11-03",
        )
    )
    own = kefu(
        "qa",
        "review",
        "1",
        "--as",
        "qa",
        "--version",
        "3",
        "--answer",
        "维持",
        "--on",
        "2026-11-04",
    )
    assert "第二位复核人" in failed(own, 1)
    full = marks_file(kefu, tmp_path / "full.yaml")
    done = kefu(
        "qa",
        "review",
        "1",
        "--as",
        "qa2",
        "--version",
        "3",
        "--answer",
        "改为满分",
        "--marks",
        full,
        "--on",
        "2026-11-04",
    )
    assert "最终成绩 100" in succeeded(done)
    assert "0 份" in succeeded(kefu("qa", "settle", "--on", "2026-12-01"))


def test_R_QA_1_a_calibration_from_the_command_line(kefu: Kefu, tmp_path: Path) -> None:
    succeeded(
        kefu(
            "qa",
            "contact",
            "add",
            "1002",
            "--as",
            "qa",
            "--at",
            "2026-11-02T09:30",
            "--channel",
            "chat",
        )
    )
    full = marks_file(kefu, tmp_path / "full.yaml")
    off = marks_file(kefu, tmp_path / "off.yaml", accurate_answer={"points": "0", "note": ""})
    opened = kefu(
        "qa",
        "calibration",
        "open",
        "1",
        "--as",
        "qa",
        "--participant",
        "qa2",
        "--participant",
        "qa3",
        "--reference",
        "qa",
        "--on",
        "2026-11-02",
    )
    assert "#1" in succeeded(opened)
    for user, path in (("qa", full), ("qa2", off), ("qa3", full)):
        succeeded(
            kefu(
                "qa",
                "calibration",
                "score",
                "1",
                "--as",
                user,
                "--marks",
                path,
                "--on",
                "2026-11-02",
            )
        )
    succeeded(kefu("qa", "calibration", "close", "1", "--as", "qa", "--on", "2026-11-02"))
    shown = succeeded(kefu("qa", "calibration", "show", "1", "--as", "qa3"))
    # 准确 weighs 0.3: accurate_answer 0 of its 10 points (of 15) loses 0.3 × 10/15 × 100 = 20
    assert "qa2 偏差 -20 超出容差" in shown and "qa3 偏差 0\n" in shown
