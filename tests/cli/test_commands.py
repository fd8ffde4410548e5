"""The ``kefu`` command line, run through Typer's CliRunner on SQLite and PostgreSQL.

Each test reads like a user at a terminal: run a command, check the exit code (0 done,
1 a domain error or a policy with problems, 2 an import rejected) and what it printed.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from kefu.cli.main import app
from kefu.config import get_settings
from kefu.db import engine_for
from kefu.policy.loader import PRESET_DIR
from kefu.scores.models import MonthlyScore
from tests.conftest import PG_ADMIN_URL, _pg_available
from tests.factories import make_person, make_scores, make_workbook, month_sheets

Kefu = Callable[..., Result]

RULE_ID = re.compile(r"R-[A-Z]+-\d+")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TWO_DECIMALS = re.compile(r"^\d{1,3}\.\d{2}$")
AWARD_THEMES = {"全勤奖", "进步奖", "优质服务奖", "百分百之星"}

ROSTER = [
    make_person("1001", "王芳"),
    make_person("1002", "李娜"),
    make_person("1003", "张伟"),
    make_person("1004", "刘洋", hired=date(2026, 9, 1), converted=None, status="试用"),
    make_person("2001", "陈组长", role="业务组长"),
    make_person("3001", "杨质检", role="QA", team=""),
]
Scores = dict[str, tuple[float | None, float, float]]
OCTOBER: Scores = {
    "1001": (85, 92, 78),
    "1002": (80, 80, 80),
    "1003": (70, 70, 70),
    "1004": (95, 95, 95),
    "2001": (None, 80, 80),
    "3001": (None, 70, 74),
}


# --- running the command ------------------------------------------------------------------


def cli(url: str | None) -> Kefu:
    """A runner of ``kefu ARGS`` on ``url`` (None: the default ./var SQLite), as user manager."""
    env = {"KEFU_DATABASE_URL": url, "KEFU_USER": "manager"}

    def run(*args: str | Path) -> Result:
        get_settings.cache_clear()  # settings are read once per process; re-read the env
        return CliRunner().invoke(app, [str(a) for a in args], env=env)

    return run


def forget_engines(url: str) -> None:
    engine_for(url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def kefu(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Kefu]:
    """``kefu`` on the test database (SQLite and PostgreSQL), working in tmp_path."""
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


@pytest.fixture
def kefu_local(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Kefu]:
    """``kefu`` with no KEFU_DATABASE_URL: the embedded SQLite under ./var in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KEFU_DATABASE_URL", raising=False)
    yield cli(None)
    forget_engines(f"sqlite:///{tmp_path / 'var' / 'kefu.sqlite3'}")


def succeeded(result: Result) -> str:
    """The output of a command that must have worked."""
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.output
    return result.output


def failed(result: Result, exit_code: int) -> str:
    """The output of a command that must have refused cleanly: a Chinese message, no crash."""
    assert result.exit_code == exit_code, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert CHINESE.search(result.output), result.output
    return result.output


def json_rows(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def by_no(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["employee_no"]: r for r in rows}


# --- a small center -----------------------------------------------------------------------


def october(
    tmp_path: Path, name: str = "oct.xlsx", **changes: tuple[float | None, float, float]
) -> Path:
    """The October workbook; ``p1003=(…)`` replaces one person's scores."""
    scores = OCTOBER | {k[1:]: v for k, v in changes.items()}
    return make_workbook(tmp_path / name, month_sheets("2026-10", scores))


def make_center(kefu: Kefu, tmp_path: Path) -> None:
    """Four agents (one on probation), a leader and a QA, with the demo policy from 2026-07."""
    succeeded(kefu("policy", "use", "demo", "--from", "2026-07"))
    succeeded(kefu("import", make_workbook(tmp_path / "roster.xlsx", {"员工": ROSTER})))


def close_october(kefu: Kefu, tmp_path: Path) -> str:
    make_center(kefu, tmp_path)
    succeeded(kefu("import", october(tmp_path)))
    return succeeded(kefu("close", "monthly", "2026-10"))


def policy_file(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """The demo policy with each (old, new) text edit applied, written as ``name``."""
    body = (PRESET_DIR / "demo.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in body, old
        body = body.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


WEIGHTS_OFF = ("    work_ability: 0.40\n", "    work_ability: 0.50\n")
BAND_GAP = (
    "{label: C, score_from: 75.00, score_below: 80.00",
    "{label: C, score_from: 75.00, score_below: 79.00",
)
STAR_OVERLAP = (
    "{label: 二星, stars: 2, score_from: 70.00, score_below: 75.00",
    "{label: 二星, stars: 2, score_from: 70.00, score_below: 76.00",
)
CYCLE_UNSET = ("start_day: 26", "start_day: '[X]'")
UNKNOWN_KEY = ("display:\n", "colour: blue\ndisplay:\n")


# --- kefu init ----------------------------------------------------------------------------


def test_init_prepares_the_database_and_running_it_twice_is_harmless(kefu: Kefu) -> None:
    assert "数据库已就绪" in succeeded(kefu("init"))
    assert "数据库已就绪" in succeeded(kefu("init"))


def test_init_without_a_database_url_creates_the_sqlite_file_under_var(
    kefu_local: Kefu, tmp_path: Path
) -> None:
    succeeded(kefu_local("init"))
    succeeded(kefu_local("init"))
    assert (tmp_path / "var" / "kefu.sqlite3").is_file()


# --- kefu policy check | use | list -------------------------------------------------------


def test_policy_check_passes_the_demo_policy(kefu_local: Kefu) -> None:
    out = succeeded(kefu_local("policy", "check", "demo"))
    assert "demo 2026-01" in out and "检查通过" in out


def test_policy_check_passes_a_sound_policy_file_given_by_path(
    kefu_local: Kefu, tmp_path: Path
) -> None:
    succeeded(kefu_local("policy", "check", policy_file(tmp_path, "mine.yaml")))


def test_policy_check_of_seed_003_names_each_unset_parameter_and_the_rule_it_blocks(
    kefu_local: Kefu,
) -> None:
    out = failed(kefu_local("policy", "check", "seed-003"), 1)
    lines = out.splitlines()
    # the cycle's start day (R-BON-5), base pay, meal allowance and three leave deductions,
    # how many evaluations a month needs and the agent's window (R-QA-1)
    assert len(lines) == 8
    assert "attendance_cycle.start_day" in lines[0] and "R-BON-5" in lines[0]
    assert all("pay." in line and "R-PAY-1..3" in line for line in lines[1:6])
    assert all("monitoring." in line and "R-QA-1" in line for line in lines[6:])


def test_policy_check_prints_one_line_per_problem_and_exits_1(
    kefu_local: Kefu, tmp_path: Path
) -> None:
    path = policy_file(tmp_path, "bad.yaml", WEIGHTS_OFF, BAND_GAP, STAR_OVERLAP, CYCLE_UNSET)
    lines = failed(kefu_local("policy", "check", path), 1).splitlines()
    assert len(lines) == 4, lines
    assert any("monthly_bonus.weights" in x and "1.10" in x for x in lines)
    assert any("monthly_bonus.bands" in x and "空档" in x for x in lines)
    assert any("stars.bands" in x and "重叠" in x for x in lines)
    assert any("attendance_cycle.start_day" in x and "[X]" in x for x in lines)


def test_policy_check_names_an_unknown_key(kefu_local: Kefu, tmp_path: Path) -> None:
    out = failed(kefu_local("policy", "check", policy_file(tmp_path, "k.yaml", UNKNOWN_KEY)), 1)
    assert "colour" in out and "未知的键" in out


def test_policy_check_lists_an_unknown_key_and_bad_weights_together(
    kefu_local: Kefu, tmp_path: Path
) -> None:
    path = policy_file(tmp_path, "two.yaml", UNKNOWN_KEY, WEIGHTS_OFF)
    lines = failed(kefu_local("policy", "check", path), 1).splitlines()
    assert any("colour" in x for x in lines)
    assert any("monthly_bonus.weights" in x for x in lines)


def test_policy_check_of_a_missing_file_says_so_in_chinese(kefu_local: Kefu) -> None:
    assert "找不到政策文件" in failed(kefu_local("policy", "check", "nowhere.yaml"), 1)


def test_policy_use_puts_a_preset_in_force_and_list_shows_it(kefu: Kefu) -> None:
    out = succeeded(kefu("policy", "use", "demo", "--from", "2026-07"))
    assert "demo 2026-01" in out and "自 2026-07 起生效" in out
    listed = succeeded(kefu("policy", "list"))
    assert re.search(r"自 2026-07 起: demo 2026-01 .*manager 设置", listed)


def test_policy_use_of_a_file_takes_its_effective_month_by_default(
    kefu: Kefu, tmp_path: Path
) -> None:
    out = succeeded(kefu("policy", "use", policy_file(tmp_path, "mine.yaml")))
    assert "自 2026-01 起生效" in out


def test_policy_use_of_seed_003_warns_about_its_open_parameter(kefu: Kefu) -> None:
    out = succeeded(kefu("policy", "use", "seed-003", "--from", "2026-01"))
    assert "注意" in out and "attendance_cycle.start_day" in out


def test_policy_use_refuses_a_policy_with_problems(kefu: Kefu, tmp_path: Path) -> None:
    out = failed(kefu("policy", "use", policy_file(tmp_path, "w.yaml", WEIGHTS_OFF)), 1)
    assert "monthly_bonus.weights" in out
    assert "已启用" not in succeeded(kefu("policy", "list"))


def test_policy_use_refuses_an_unknown_preset_and_a_bad_month(kefu: Kefu) -> None:
    assert "没有名为 nope 的预置政策" in failed(kefu("policy", "use", "nope"), 1)
    assert "YYYY-MM" in failed(kefu("policy", "use", "demo", "--from", "26-7"), 1)


def test_policy_list_shows_every_preset(kefu: Kefu) -> None:
    out = succeeded(kefu("policy", "list"))
    for name in ("seed-000", "seed-001", "seed-002", "seed-003", "seed-004", "demo"):
        assert re.search(rf"^  {name}\s", out, flags=re.M), name
    assert re.search(r"^  seed-003 .*8 个 \[X\] 参数未设置", out, flags=re.M)


# --- kefu template ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sheets"),
    [
        ("roster", ["员工"]),
        ("monthly-scores", ["月度成绩"]),
        ("attendance", ["考勤汇总"]),
        ("award-evidence", ["奖项依据"]),
        ("performance-indicators", ["业绩指标"]),
        ("all", ["员工", "月度成绩", "考勤汇总", "奖项依据", "业绩指标"]),
    ],
)
def test_template_writes_a_workbook_with_its_sheets_and_a_readme(
    kefu_local: Kefu, tmp_path: Path, name: str, sheets: list[str]
) -> None:
    out = tmp_path / f"{name}.xlsx"
    succeeded(kefu_local("template", name, "-o", out))
    workbook = load_workbook(out)
    assert workbook.sheetnames == [*sheets, "说明"]
    assert workbook[sheets[0]].cell(1, 1).value == "工号"


def test_a_blank_template_imports_as_zero_rows(kefu: Kefu, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    succeeded(kefu("template", "all", "-o", out))
    assert "导入成功: 共 0 行" in succeeded(kefu("import", out))


def test_template_with_an_unknown_name_lists_the_names_and_writes_nothing(
    kefu_local: Kefu, tmp_path: Path
) -> None:
    out = failed(kefu_local("template", "payroll", "-o", tmp_path / "p.xlsx"), 1)
    assert "没有名为「payroll」的模板" in out and "monthly-scores" in out
    assert not (tmp_path / "p.xlsx").exists()


# --- kefu import --------------------------------------------------------------------------


def test_import_of_a_roster_reports_the_rows(kefu: Kefu, tmp_path: Path) -> None:
    out = succeeded(kefu("import", make_workbook(tmp_path / "r.xlsx", {"员工": ROSTER})))
    assert "导入成功: 共 6 行" in out and "员工: 新增 6" in out


def test_import_of_a_csv_needs_its_kind(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    scores = tmp_path / "scores.csv"
    scores.write_text(
        "工号,月份,通话评估成绩,工作评估成绩,综合工作表现\n1001,2026-10,90,90,90\n",
        encoding="utf-8",
    )
    assert "CSV 文件需要指明导入类型" in failed(kefu("import", scores), 2)
    out = succeeded(kefu("import", scores, "--kind", "monthly-scores"))
    assert "导入成功: 共 1 行" in out and "月度成绩: 新增 1" in out


def count_scores(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(MonthlyScore)) or 0


def test_import_with_bad_cells_lists_each_error_and_writes_nothing(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    rows = [
        make_scores("1001", "2026-10", 90, 90, 90),
        make_scores("1002", "2026-10", 120, 80, 80),
        make_scores("1003", "2026/13", 70, 70, 70),
    ]
    out = failed(kefu("import", make_workbook(tmp_path / "bad.xlsx", {"月度成绩": rows})), 2)
    assert "导入失败，共 2 处错误，未写入任何数据" in out
    assert (
        "工作表「月度成绩」，第 3 行，列「通话评估成绩」，值「120」:成绩必须在 0 到 100 之间" in out
    )
    assert "工作表「月度成绩」，第 4 行，列「月份」，值「2026/13」:不是有效的月份" in out
    assert count_scores(engine) == 0


def test_import_naming_an_unknown_employee_is_rejected_and_writes_nothing(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    rows = [make_scores("1001", "2026-10", 90, 90, 90), make_scores("9999", "2026-10", 80, 80, 80)]
    out = failed(kefu("import", make_workbook(tmp_path / "who.xlsx", {"月度成绩": rows})), 2)
    assert "工作表「月度成绩」，第 3 行，列「工号」，值「9999」:未知员工" in out
    assert count_scores(engine) == 0


def test_import_lists_bad_cells_and_unknown_employees_together(
    kefu: Kefu, tmp_path: Path, engine: Engine
) -> None:
    make_center(kefu, tmp_path)
    rows = [make_scores("1002", "2026-10", 120, 80, 80), make_scores("9999", "2026-10", 80, 80, 80)]
    out = failed(kefu("import", make_workbook(tmp_path / "both.xlsx", {"月度成绩": rows})), 2)
    assert "共 2 处错误" in out
    assert (
        "第 2 行，列「通话评估成绩」，值「120」" in out and "第 3 行，列「工号」，值「9999」" in out
    )
    assert count_scores(engine) == 0


def test_import_of_a_text_file_named_xlsx_is_rejected_with_a_clear_message(
    kefu: Kefu, tmp_path: Path
) -> None:
    fake = tmp_path / "scores.xlsx"
    fake.write_text("工号,月份\n1001,2026-10\n", encoding="utf-8")
    out = failed(kefu("import", fake), 2)
    assert "scores.xlsx" in out and "不是有效的 Excel 工作簿" in out


def test_import_of_a_missing_file_or_an_unknown_type_is_rejected(
    kefu: Kefu, tmp_path: Path
) -> None:
    assert "找不到该文件" in failed(kefu("import", tmp_path / "none.xlsx"), 2)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    assert "不支持的文件类型" in failed(kefu("import", notes), 2)


# --- kefu close ---------------------------------------------------------------------------


def test_close_monthly_freezes_the_month_with_the_hand_computed_totals(
    kefu: Kefu, tmp_path: Path
) -> None:
    out = close_october(kefu, tmp_path)
    assert "月份 2026-10 已结算: 修订 1,6 人，政策 demo 2026-01" in out
    # bonuses C 300 + D 200 + D 200 + probation 0 + 1st 500 + 2nd 300; 全勤奖 100 × 3 agents
    assert "bonus 1500 元、awards 300 元、star_wage 0 元、total 1800 元" in out


def test_close_monthly_again_without_changes_keeps_revision_1(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    out = succeeded(kefu("close", "monthly", "2026-10"))
    assert "仍为修订 1" in out


def test_close_monthly_without_a_policy_in_force_is_refused(kefu: Kefu) -> None:
    assert "没有生效的政策" in failed(kefu("close", "monthly", "2026-10"), 1)


def test_close_monthly_with_seed_003_names_the_missing_parameter(kefu: Kefu) -> None:
    succeeded(kefu("policy", "use", "seed-003", "--from", "2026-01"))
    out = failed(kefu("close", "monthly", "2026-10"), 1)
    assert "attendance_cycle.start_day" in out and "R-BON-5" in out


def test_close_monthly_of_a_malformed_month_says_the_format(kefu: Kefu) -> None:
    assert "应为 YYYY-MM" in failed(kefu("close", "monthly", "2026-13"), 1)


def test_close_quarterly_before_its_months_are_closed_is_refused(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)
    out = failed(kefu("close", "quarterly", "2026Q3"), 1)
    assert "2026-07 尚未结算" in out and "R-STAR-1" in out


def test_close_quarterly_of_a_malformed_quarter_says_the_format(kefu: Kefu) -> None:
    assert "应为 YYYYQn" in failed(kefu("close", "quarterly", "2026-Q5"), 1)


def close_third_quarter(kefu: Kefu, tmp_path: Path) -> str:
    make_center(kefu, tmp_path)
    for month in ("2026-07", "2026-08", "2026-09"):
        scores: Scores = {"1001": (90, 90, 90), "1002": (80, 80, 80), "1003": (70, 70, 70)}
        succeeded(
            kefu("import", make_workbook(tmp_path / f"{month}.xlsx", month_sheets(month, scores)))
        )
        succeeded(kefu("close", "monthly", month))
    return succeeded(kefu("close", "quarterly", "2026Q3"))


def test_close_quarterly_after_its_three_months_gives_stars(kefu: Kefu, tmp_path: Path) -> None:
    out = close_third_quarter(kefu, tmp_path)
    assert "季度 2026Q3 已结算: 修订 1,4 人，政策 demo 2026-01" in out


# --- kefu results -------------------------------------------------------------------------


def test_results_monthly_json_has_every_field_with_its_type(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    rows = json_rows(kefu("results", "monthly", "2026-10", "--format", "json"))
    assert [r["employee_no"] for r in rows] == list(OCTOBER)
    for row in rows:
        assert isinstance(row["employee_no"], str) and isinstance(row["name"], str)
        assert row["group"] in ("csr", "leader_qa")
        assert isinstance(row["score"], str) and TWO_DECIMALS.match(row["score"])
        assert row["rank"] is None or type(row["rank"]) is int
        assert type(row["pool_size"]) is int
        assert row["tier"] is None or isinstance(row["tier"], str)
        assert type(row["bonus"]) is int and type(row["star_wage"]) is int
        assert type(row["eligible"]) is bool
        assert row["reasons"] and all(RULE_ID.search(r) for r in row["reasons"])
        for award in row["awards"]:
            assert set(award) == {"theme", "amount"} and type(award["amount"]) is int


def test_results_monthly_json_gives_the_hand_computed_figures(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    rows = by_no(json_rows(kefu("results", "monthly", "2026-10", "--format", "json")))
    wang = rows["1001"]
    # 30%×85 + 40%×92 + 30%×78 = 25.5 + 36.8 + 23.4 = 85.70
    assert wang["score"] == "85.70"
    # rank 1 of 3: not within 10% (0.3) or 20% (0.6), within 55% (1.65) → tier C, 300
    assert (wang["rank"], wang["pool_size"], wang["tier"], wang["bonus"]) == (1, 3, "C", 300)
    assert wang["eligible"] is True and wang["name"] == "王芳" and wang["group"] == "csr"
    assert wang["awards"] == [{"theme": "全勤奖", "amount": 100}]
    assert wang["star_wage"] == 0
    assert (rows["1002"]["tier"], rows["1002"]["bonus"]) == ("D", 200)
    probation = rows["1004"]
    assert (probation["eligible"], probation["rank"], probation["tier"]) == (False, None, None)
    assert probation["bonus"] == 0 and probation["awards"] == []
    assert any(r.startswith("R-BON-4") for r in probation["reasons"])
    # leaders and QA: 50%×80 + 50%×80 = 80.00 first (500); 50%×70 + 50%×74 = 72.00 second (300)
    leader, qa = rows["2001"], rows["3001"]
    assert (leader["group"], leader["score"], leader["rank"], leader["bonus"]) == (
        "leader_qa",
        "80.00",
        1,
        500,
    )
    assert (qa["score"], qa["rank"], qa["pool_size"], qa["bonus"]) == ("72.00", 2, 2, 300)


def test_results_monthly_json_can_be_written_to_a_file(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    out = tmp_path / "oct.json"
    assert "已写入" in succeeded(kefu("results", "monthly", "2026-10", "-f", "json", "-o", out))
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 6


def test_results_monthly_xlsx_is_a_bonus_sheet_openpyxl_can_read(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    out = tmp_path / "bonus.xlsx"
    said = succeeded(kefu("results", "monthly", "2026-10", "--format", "xlsx", "-o", out))
    assert "6 人" in said and "修订 1" in said
    sheet = load_workbook(out, data_only=True)["奖金表"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["工号", "姓名", "部门"]
    table = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    assert table["1001"]["当月得分"] == "85.70" and table["1001"]["月度奖金(元)"] == 300
    assert table["1001"]["合计(元)"] == 400
    assert table["合计"]["月度奖金(元)"] == 1500
    assert sheet.max_row == 6 + 2


def test_results_monthly_xlsx_without_an_output_file_is_refused(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    assert "-o" in failed(kefu("results", "monthly", "2026-10", "--format", "xlsx"), 1)


def test_results_monthly_table_shows_the_revision_policy_and_people(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    out = succeeded(kefu("results", "monthly", "2026-10"))
    assert "修订 1" in out and "demo 2026-01" in out
    assert "1001" in out and "85.70" in out and "3001" in out


def test_results_of_a_month_not_yet_closed_say_how_to_close_it(kefu: Kefu) -> None:
    out = failed(kefu("results", "monthly", "2026-09", "--format", "json"), 1)
    assert "尚未结算" in out and "kefu close monthly 2026-09" in out


def test_results_quarterly_json_gives_stars_and_star_wage(kefu: Kefu, tmp_path: Path) -> None:
    close_third_quarter(kefu, tmp_path)
    rows = by_no(json_rows(kefu("results", "quarterly", "2026Q3", "--format", "json")))
    assert set(rows) == {"1001", "1002", "1003", "1004"}
    for row in rows.values():
        assert set(row) >= {"employee_no", "name", "score", "rank", "pool_size", "stars"}
        assert type(row["stars"]) is int and 0 <= row["stars"] <= 5
        assert type(row["star_wage"]) is int
        assert all(RULE_ID.search(r) for r in row["reasons"])
    # 90 each month; rank 1 of 3 is outside the 10% and 20% quotas, inside 55% → 三星 300
    assert rows["1001"]["score"] == "90.00" and rows["1001"]["rank"] == 1
    assert (rows["1001"]["stars"], rows["1001"]["star_wage"]) == (3, 300)
    assert (rows["1003"]["stars"], rows["1003"]["star_wage"]) == (2, 200)
    # hired in September: no three monthly scores
    assert rows["1004"]["stars"] == 0 and any("R-STAR-1" in r for r in rows["1004"]["reasons"])


def test_results_quarterly_as_table_and_xlsx(kefu: Kefu, tmp_path: Path) -> None:
    close_third_quarter(kefu, tmp_path)
    assert "2026Q3 季度星级" in succeeded(kefu("results", "quarterly", "2026Q3"))
    out = tmp_path / "stars.xlsx"
    succeeded(kefu("results", "quarterly", "2026Q3", "-f", "xlsx", "-o", out))
    sheet = load_workbook(out)["星级"]
    assert [c.value for c in sheet[1]][:3] == ["工号", "姓名", "部门"]
    assert sheet.max_row == 4 + 1


def test_results_of_a_quarter_not_yet_closed_say_how_to_close_it(kefu: Kefu) -> None:
    out = failed(kefu("results", "quarterly", "2026Q3", "--format", "json"), 1)
    assert "kefu close quarterly 2026Q3" in out


# --- corrections (R-AUD-1) ----------------------------------------------------------------


def test_an_import_into_a_closed_month_needs_correct_and_changes_nothing_without_it(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    out = failed(kefu("import", october(tmp_path, "fix.xlsx", p1003=(100, 100, 100))), 2)
    assert "已结算" in out and "--correct" in out
    assert "仍为修订 1" in succeeded(kefu("close", "monthly", "2026-10"))


def test_a_correction_closes_as_revision_2_and_revision_1_keeps_the_old_score(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    fix = october(tmp_path, "fix.xlsx", p1003=(100, 100, 100))
    corrected = succeeded(kefu("import", fix, "--correct"))
    assert "已更正已结算期间 2026-10" in corrected and "月度成绩: 新增 0，更新 1" in corrected
    out = succeeded(kefu("close", "monthly", "2026-10"))
    assert "修订 2" in out and "与修订 1 相比的变化" in out
    assert "输入 1003 monthly_scores.call_quality: 70 → 100 — manager" in out
    assert "结果 1003 rank: 3 → 1" in out
    old = by_no(json_rows(kefu("results", "monthly", "2026-10", "-f", "json", "--revision", "1")))
    new = by_no(json_rows(kefu("results", "monthly", "2026-10", "-f", "json")))
    assert old["1003"]["score"] == "70.00" and new["1003"]["score"] == "100.00"
    assert (old["1003"]["rank"], new["1003"]["rank"]) == (3, 1)


# --- kefu explain -------------------------------------------------------------------------


def test_explain_in_chinese_cites_the_rules_and_the_policy(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    out = succeeded(kefu("explain", "2026-10", "1001"))
    assert "demo 2026-01" in out and "当月得分" in out and "85.70" in out
    for rule in ("R-ORG-4", "R-BON-1", "R-BON-2", "R-BON-3", "R-BON-5", "R-AWD-1"):
        assert rule in out, rule


def test_explain_in_english_cites_the_rules_and_the_policy(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    out = succeeded(kefu("explain", "2026-10", "1001", "--lang", "en"))
    assert "demo 2026-01" in out and "Monthly score" in out and "tier C" in out
    for rule in ("R-ORG-4", "R-BON-1", "R-BON-2", "R-BON-3", "R-BON-5"):
        assert rule in out, rule


def test_explain_of_an_unknown_person_or_an_open_month_is_refused(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    assert "没有工号 0000" in failed(kefu("explain", "2026-10", "0000"), 1)
    assert "尚未结算" in failed(kefu("explain", "2026-09", "1001"), 1)


# --- kefu demo: loaded once per database for the module -----------------------------------


@dataclass
class Demo:
    kefu: Kefu
    output: str


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """An empty database URL: a SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'demo.sqlite3'}"
        return
    if os.environ.get("KEFU_TEST_SKIP_PG") == "1" and not _pg_available():
        pytest.skip("PostgreSQL not reachable and KEFU_TEST_SKIP_PG=1")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    """``kefu demo`` run once on an empty database of each kind."""
    folder = tmp_path_factory.mktemp("demo")
    with fresh_database(request.param, folder) as url:
        kefu = cli(url)
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(folder)  # the demo keeps its import files under ./var/demo
            output = succeeded(kefu("demo"))
        yield Demo(kefu, output)
        forget_engines(url)


def test_demo_loads_four_departments_and_closes_seven_months_and_two_quarters(
    demo: Demo,
) -> None:
    people = re.search(r"(\d+) 人,4 个部门", demo.output)
    assert people and int(people[1]) >= 120
    for month in ("2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"):
        assert f"已结算 {month}: 修订 1" in demo.output, month
    assert "已结算 2026Q2 星级" in demo.output and "已结算 2026Q3 星级" in demo.output


def test_demo_october_lists_at_least_120_agents_leaders_and_qa_in_four_departments(
    demo: Demo,
) -> None:
    rows = json_rows(demo.kefu("results", "monthly", "2026-10", "--format", "json"))
    assert sum(r["group"] in ("csr", "leader_qa") for r in rows) >= 120
    assert len({r["department"] for r in rows}) == 4
    assert all(RULE_ID.search(x) for r in rows for x in r["reasons"])


def test_demo_awards_are_among_the_four_themes_of_the_policy(demo: Demo) -> None:
    themes: set[str] = set()
    for month in ("2026-06", "2026-10"):
        rows = json_rows(demo.kefu("results", "monthly", month, "--format", "json"))
        themes |= {a["theme"] for r in rows for a in r["awards"]}
    assert themes and themes <= AWARD_THEMES


def test_demo_third_quarter_stars_are_between_0_and_5(demo: Demo) -> None:
    rows = json_rows(demo.kefu("results", "quarterly", "2026Q3", "--format", "json"))
    assert rows
    assert all(type(r["stars"]) is int and 0 <= r["stars"] <= 5 for r in rows)
    assert any(r["stars"] > 0 for r in rows)
    # the demo policy pays 100 yuan a month per star (一星 100 … 五星 500)
    assert all(r["star_wage"] == 100 * r["stars"] for r in rows)


def test_demo_refuses_a_database_that_already_has_people(demo: Demo) -> None:
    assert "只能载入空数据库" in failed(demo.kefu("demo"), 1)
    assert "跳过演示数据" in succeeded(demo.kefu("demo", "--if-empty"))


def test_R_ORG_2_kefu_roles_prints_every_role_and_its_duties() -> None:
    from typer.testing import CliRunner

    from kefu.cli.main import app

    zh = CliRunner().invoke(app, ["roles"])
    assert zh.exit_code == 0
    assert "业务组长 (team_leader)" in zh.output and "负责班前会召开及会议纪录" in zh.output
    en = CliRunner().invoke(app, ["roles", "--lang", "en"])
    assert "Team leader (team_leader)" in en.output


# --- kefu policy whatif -------------------------------------------------------------------

RAISE_C = (
    "{label: C, score_from: 75.00, score_below: 80.00, rank_share_at_most: 0.55, amount: 300}",
    "{label: C, score_from: 75.00, score_below: 80.00, rank_share_at_most: 0.55, amount: 350}",
)


def frozen_october(kefu: Kefu) -> dict[str, dict[str, Any]]:
    """The closed October's rows, by 工号."""
    return by_no(json_rows(kefu("results", "monthly", "2026-10", "--format", "json")))


def in_tier(rows: dict[str, dict[str, Any]], tier: str) -> dict[str, dict[str, Any]]:
    return {no: r for no, r in rows.items() if r["tier"] == tier}


def test_policy_whatif_lists_who_gains_and_the_change_of_the_totals(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    frozen = frozen_october(kefu)
    in_c = in_tier(frozen, "C")
    assert in_c
    bonus = sum(r["bonus"] for r in frozen.values())
    out = succeeded(
        kefu("policy", "whatif", policy_file(tmp_path, "draft.yaml", RAISE_C), "2026-10")
    )
    assert "2026-10 假设测算（修订 1）" in out and "现行政策：demo 2026-01" in out
    for no, row in in_c.items():
        assert no in out and row["name"] in out
    assert "李娜" not in out  # tier D: unchanged, so not listed
    assert f"月度奖金 {bonus} → {bonus + 50 * len(in_c)} 元（+{50 * len(in_c)}）" in out
    assert f"增加 {len(in_c)} 人，减少 0 人，不变 {len(OCTOBER) - len(in_c)} 人" in out


def test_policy_whatif_as_json_with_an_edit_on_the_command_line(kefu: Kefu, tmp_path: Path) -> None:
    close_october(kefu, tmp_path)
    in_d = in_tier(frozen_october(kefu), "D")
    result = kefu(
        "policy",
        "whatif",
        "demo",
        "2026-10",
        "--set",
        "monthly_bonus.bands.3.amount=150",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["month"] == "2026-10" and data["revision"] == 1
    assert data["policy"]["new"].startswith("demo 2026-01-draft")
    assert data["totals"]["bonus"]["delta"] == str(-50 * len(in_d))
    assert data["counts"]["losers"] == len(in_d)
    changed = {p["employee_no"]: p for p in data["people"] if p["changed"]}
    assert set(changed) == set(in_d)
    assert all(p["delta"] == "-50" and p["new"]["bonus"] == "150" for p in changed.values())
    assert "仍为修订 1" in succeeded(kefu("close", "monthly", "2026-10"))


def test_policy_whatif_of_an_open_month_or_a_bad_edit_is_refused(
    kefu: Kefu, tmp_path: Path
) -> None:
    close_october(kefu, tmp_path)
    assert "尚未结算" in failed(kefu("policy", "whatif", "demo", "2026-09"), 1)
    out = failed(kefu("policy", "whatif", "demo", "2026-10", "--set", "monthly_bonus.speed=1"), 1)
    assert "monthly_bonus.speed" in out
    weights = failed(
        kefu(
            "policy", "whatif", "demo", "2026-10", "--set", "monthly_bonus.weights.work_ability=0.5"
        ),
        1,
    )
    assert "monthly_bonus.weights" in weights and "1.10" in weights


# --- kefu user ------------------------------------------------------------------------------


def test_kefu_user_add_list_change_and_token(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    out = succeeded(
        kefu(
            "user",
            "add",
            "wang",
            "--role",
            "agent",
            "--employee-no",
            "1001",
            "--password",
            "long enough",
        )
    )
    assert "已新增用户 wang" in out
    listed = succeeded(kefu("user", "list"))
    assert "wang" in listed and "1001" in listed and "客服代表" in listed
    assert "已修改用户 wang" in succeeded(kefu("user", "change", "wang", "--inactive"))
    assert "停用" in succeeded(kefu("user", "list"))
    token = succeeded(kefu("user", "token", "wang")).strip()
    assert token.startswith("kefu_") and len(token) > 30


def test_kefu_user_add_refuses_an_agent_without_a_staff_number(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    out = failed(kefu("user", "add", "li", "--role", "agent", "--password", "long enough"), 1)
    assert "必须关联工号" in out
    assert "至少 8 个字符" in failed(
        kefu("user", "add", "li", "--role", "hr", "--password", "short"), 1
    )


def test_kefu_user_add_and_password_refuse_common_and_trivial_passwords(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)
    for weak, why in (("12345678", "常见密码"), ("aaaaaaaa", "同一个字符"), ("wang2026", "用户名")):
        assert why in failed(kefu("user", "add", "wang", "--role", "hr", "--password", weak), 1)
    succeeded(kefu("user", "add", "wang", "--role", "hr", "--password", "long enough"))
    assert "常见密码" in failed(kefu("user", "password", "wang", "--password", "password"), 1)


def test_kefu_user_token_lists_expires_and_revokes_tokens(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    succeeded(kefu("user", "add", "wang", "--role", "hr", "--password", "long enough"))
    succeeded(kefu("user", "token", "wang", "--label", "payroll", "--days", "7"))
    succeeded(kefu("user", "token", "wang", "--label", "backup"))
    listed = succeeded(kefu("user", "token", "wang", "--list"))
    rows = [line.split("\t") for line in listed.strip().splitlines()[1:]]
    assert [r[1] for r in rows] == ["payroll", "backup"]
    assert all(r[5] == "有效" for r in rows)
    created = date.fromisoformat(rows[0][2][:10])
    assert rows[0][4][:10] == (created + timedelta(days=7)).isoformat()
    default_days = get_settings().api_token_days
    assert rows[1][4][:10] == (created + timedelta(days=default_days)).isoformat()
    assert "已撤销" in succeeded(kefu("user", "token", "wang", "--revoke", rows[0][0]))
    states = [
        line.split("\t")[5]
        for line in succeeded(kefu("user", "token", "wang", "--list")).strip().splitlines()[1:]
    ]
    assert states == ["已撤销", "有效"]
    assert "没有" in failed(kefu("user", "token", "wang", "--revoke", "999999"), 1)
