"""``kefu calendar show|check`` through Typer's CliRunner: exit 0 done, 1 a clear refusal.

Commands that read the policy run on the test databases of tests/conftest.py (SQLite in tmp_path
and PostgreSQL); the calendar directory is a tmp_path folder named by KEFU_CALENDAR_DIR.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner, Result

from kefu.cli import calendar as calendar_cmd
from kefu.config import get_settings
from kefu.db import engine_for, unit_of_work
from kefu.periods import Month
from kefu.policy.loader import PRESET_DIR
from kefu.policy.service import use_policy, use_policy_text
from kefu.workdays.calendar import PACKAGE_SOURCE
from tests.workdays import FIXTURE_2027, FIXTURE_NOTICE, d, edited, weekdays_between, write_file

Kefu = Callable[..., Result]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
JSON_KEYS = {"month", "working_days", "standard_hours", "holidays", "adjusted_workdays", "sources"}


def runner(database_url: str | None, calendar_dir: Path) -> Kefu:
    """``kefu calendar ARGS`` on ``database_url`` with ``calendar_dir`` as the calendar directory."""
    env = {"KEFU_CALENDAR_DIR": str(calendar_dir), "KEFU_DATABASE_URL": database_url}

    def run(*args: str | Path) -> Result:
        get_settings.cache_clear()  # settings are read once per process; re-read the env
        return CliRunner().invoke(calendar_cmd.app, [str(a) for a in args], env=env)

    return run


@pytest.fixture
def calendar_dir(tmp_path: Path) -> Path:
    return tmp_path / "calendar"


@pytest.fixture
def kefu(
    database_url: str, calendar_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    """``kefu calendar`` on the test database (SQLite and PostgreSQL), working in tmp_path."""
    monkeypatch.chdir(tmp_path)
    yield runner(database_url, calendar_dir)
    engine_for(database_url).dispose()
    engine_for.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def kefu_no_db(
    calendar_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Kefu]:
    """``kefu calendar`` for commands that never open the database."""
    monkeypatch.chdir(tmp_path)
    yield runner(None, calendar_dir)
    get_settings.cache_clear()


def demo_in_force(engine: Engine) -> None:
    """The demo policy (8 hours a working day) in force from 2026-01."""
    with unit_of_work(engine) as s:
        use_policy(s, "demo", Month(2026, 1), "test")


def succeeded(result: Result) -> str:
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.output
    return result.output


def failed(result: Result) -> str:
    """A clean refusal: exit 1, a Chinese message, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert CHINESE.search(result.output), result.output
    return result.output


# --- kefu calendar show ------------------------------------------------------------------------


def test_show_json_gives_october_2026_with_exactly_the_agreed_keys(
    kefu: Kefu, engine: Engine
) -> None:
    demo_in_force(engine)
    data = json.loads(succeeded(kefu("show", "2026-10", "--format", "json")))
    assert set(data) == JSON_KEYS
    # 2026 notice: 国庆节 10-1..10-7 off, 10-10 (Sat) worked → 22 weekdays − 5 + 1
    expected = weekdays_between(d("2026-10-01"), d("2026-10-31")) - 5 + 1
    assert data["month"] == "2026-10"
    assert data["working_days"] == expected
    assert data["standard_hours"] == str(expected * 8)  # the demo policy: 8 hours a day
    assert data["holidays"][0] == {"date": "2026-10-01", "name": "国庆节", "statutory": True}
    assert [h["statutory"] for h in data["holidays"]] == [True] * 3 + [False] * 4
    assert data["adjusted_workdays"] == [{"date": "2026-10-10", "name": "国庆节"}]
    assert data["sources"] == [PACKAGE_SOURCE]


def test_show_table_has_chinese_headers_and_the_figures(kefu: Kefu, engine: Engine) -> None:
    demo_in_force(engine)
    out = succeeded(kefu("show", "2026-10"))
    for head in ("工作日", "标准工时", "放假", "法定节假日", "调休上班", "来源"):
        assert head in out
    assert "144" in out and "国庆节" in out and "2026-10-10" in out and "周六" in out


def test_show_uses_the_center_file_for_a_year_the_package_lacks(
    kefu: Kefu, engine: Engine, calendar_dir: Path
) -> None:
    demo_in_force(engine)
    write_file(calendar_dir, "2027.yaml", FIXTURE_2027)
    data = json.loads(succeeded(kefu("show", "2027-01", "-f", "json")))
    # made-up 2027: 1-1 (Fri) is the only weekday off in January
    expected = weekdays_between(d("2027-01-01"), d("2027-01-31")) - 1
    assert data["working_days"] == expected
    assert data["sources"] == [f"{calendar_dir / '2027.yaml'}: {FIXTURE_NOTICE}"]


def test_show_of_a_missing_year_exits_1_asking_for_a_file(kefu_no_db: Kefu) -> None:
    out = failed(kefu_no_db("show", "2027-03"))
    assert "2027 年的法定节假日与调休安排未知" in out and "添加 2027.yaml" in out


def test_show_without_a_policy_in_force_exits_1(kefu: Kefu) -> None:
    assert "没有生效的政策" in failed(kefu("show", "2026-10"))


def test_show_with_a_policy_without_hours_exits_1_saying_so(kefu: Kefu, engine: Engine) -> None:
    text = (PRESET_DIR / "demo.yaml").read_text(encoding="utf-8")
    no_hours = text[: text.index("hours:\n")] + text[text.index("pay:\n") :]
    with unit_of_work(engine) as s:
        use_policy_text(s, no_hours, "no-hours", Month(2026, 1), "test")
    assert "没有工时部分 (hours)" in failed(kefu("show", "2026-10"))


def test_show_with_a_broken_calendar_file_exits_1_naming_it(
    kefu_no_db: Kefu, calendar_dir: Path
) -> None:
    path = write_file(calendar_dir, "2027.yaml", edited(FIXTURE_2027, ("year: 2027", "year: x")))
    out = failed(kefu_no_db("show", "2026-10"))
    assert str(path) in out and "year = 「x」" in out


def test_show_refuses_a_month_written_wrongly(kefu_no_db: Kefu) -> None:
    assert "格式不正确" in failed(kefu_no_db("show", "2026/10"))


def test_the_sub_app_works_when_added_to_the_kefu_command(
    calendar_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """kefu"""

    root.add_typer(calendar_cmd.app, name="calendar")
    path = write_file(calendar_dir, "2027.yaml", FIXTURE_2027)
    result = CliRunner().invoke(root, ["calendar", "check", str(path)])
    assert "检查通过" in succeeded(result)


# --- kefu calendar check -----------------------------------------------------------------------


def test_check_passes_a_sound_file_and_sums_it_up(kefu_no_db: Kefu, tmp_path: Path) -> None:
    path = write_file(tmp_path, "2027.yaml", FIXTURE_2027)
    out = succeeded(kefu_no_db("check", path))
    assert "检查通过: 2027 年，放假 10 天（其中法定节假日 5 天），调休上班 1 天" in out


def test_check_prints_one_line_per_problem_and_exits_1(kefu_no_db: Kefu, tmp_path: Path) -> None:
    text = edited(
        FIXTURE_2027,
        ("2027-02-11]", "2027-02-30]"),
        ("{date: 2027-02-20,", "{date: 2027-01-02,"),
        ("year: 2027\n", "year: 2027\ncolour: red\n"),
    )
    out = failed(kefu_no_db("check", write_file(tmp_path, "2027.yaml", text)))
    assert out.splitlines() == [
        "colour: 未知的键 (可用的键: kefu_calendar, year, source, holidays, adjusted_workdays)",
        "holidays[1].days_off[6] = 「2027-02-30」: 不是有效的日期 (没有这一天)",
        "adjusted_workdays[0].date = 「2027-01-02」: 这一天已在 holidays[0].days_off[1] 中"
        "列为放假日，不能同时是调休上班日",
    ]


def test_check_of_a_missing_file_exits_1(kefu_no_db: Kefu, tmp_path: Path) -> None:
    assert "找不到节假日安排文件" in failed(kefu_no_db("check", tmp_path / "2030.yaml"))
