"""``kefu qa check|library|import-transcripts|check-all`` at a terminal (R-QA-2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.autoqa.library import preset_dir
from kefu.db import unit_of_work
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, succeeded
from tests.qa import make_center

LABELLED = Path(__file__).resolve().parent.parent / "autoqa" / "labelled"
TEXT = "坐席: 您好，工号120为您服务\n客户: 订票\n坐席: 这事不归我们管。\n"


@pytest.fixture
def kefu(
    engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def test_R_QA_2_check_a_file_with_the_presets(kefu: Kefu, tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = succeeded(kefu("qa", "check", path))
    assert "这事不归我们管" in out and "建议得分" in out
    data = json.loads(
        succeeded(kefu("qa", "check", path, "--format", "json", "--library", "seed-004"))
    )
    assert data["forbidden"][0]["quote"]["text"] == "这事不归我们管"
    failed(kefu("qa", "check", tmp_path / "missing.txt"), 1)
    failed(kefu("qa", "check", path, "--library", "nope"), 1)


def test_R_QA_2_check_labelled_prints_precision_and_recall(kefu: Kefu) -> None:
    out = succeeded(kefu("qa", "check", "--labelled", "--labelled-dir", LABELLED))
    assert "精确率" in out and "召回率" in out
    data = json.loads(
        succeeded(kefu("qa", "check", "--labelled", "--labelled-dir", LABELLED, "-f", "json"))
    )
    assert data["cases"] >= 200 and data["passed"]


def test_R_QA_2_library_load_list_show_and_refusal(kefu: Kefu, tmp_path: Path) -> None:
    for name in ("seed-004", "seed-000-cinema"):
        assert "第 1 版" in succeeded(kefu("qa", "library", "load", preset_dir() / f"{name}.yaml"))
    listed = json.loads(succeeded(kefu("qa", "library", "list", "-f", "json")))
    assert {(r["key"], r["version"], r["active"]) for r in listed} == {
        ("seed-004", 1, True),
        ("seed-000-cinema", 1, True),
    }
    assert "key: seed-004" in succeeded(kefu("qa", "library", "show", "seed-004"))
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "key: x\nname: y\nname_en: z\napplies_to: [sms]\nfull_score: 1\nentries: []\n",
        encoding="utf-8",
    )
    assert "第 4 行" in failed(kefu("qa", "library", "load", bad), 2)


def test_R_QA_2_import_and_check_all(kefu: Kefu, engine: Engine, tmp_path: Path) -> None:
    with unit_of_work(engine) as session:
        make_center(session)  # 1001 is in the register
    succeeded(kefu("qa", "library", "load", preset_dir() / "seed-004.yaml"))
    succeeded(kefu("qa", "library", "load", preset_dir() / "seed-000-cinema.yaml"))
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "1001_phone_20261101-0930_A1.txt").write_text(TEXT, encoding="utf-8")
    (folder / "1001_chat_20261101-1000_A2.txt").write_text(TEXT, encoding="utf-8")
    assert "自动质检 2 份" in succeeded(kefu("qa", "import-transcripts", folder))
    assert "已检查 2 份" in succeeded(kefu("qa", "check-all"))
    failed(kefu("qa", "import-transcripts", tmp_path / "none"), 1)
    # a bare file name is read as the 工号 when --agent is not given: unknown, refused by file
    bare = tmp_path / "call.txt"
    bare.write_text(TEXT, encoding="utf-8")
    out = failed(kefu("qa", "import-transcripts", bare), 2)
    assert "call.txt" in out and "没有这个工号" in out
    # team leaders check transcripts but do not add contacts (qa.evaluate)
    failed(kefu("qa", "import-transcripts", bare, "--agent", "1001", "--as", "leader"), 1)
    assert "自动质检 1 份" in succeeded(
        kefu("qa", "import-transcripts", bare, "--agent", "1001", "--as", "qa")
    )
