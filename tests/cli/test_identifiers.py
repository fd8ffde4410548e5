"""``kefu`` takes a 工号 however it is typed and refuses hidden characters, naming them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from kefu.db import engine_for
from kefu.people.models import Employee
from tests.cli.test_commands import Kefu, cli, failed, forget_engines, make_center, succeeded
from tests.factories import make_scores, make_workbook


@pytest.fixture
def kefu(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Kefu]:
    """``kefu`` on the test database (SQLite and PostgreSQL), working in tmp_path."""
    monkeypatch.chdir(tmp_path)
    yield cli(database_url)
    forget_engines(database_url)


def people_count(database_url: str) -> int:
    with engine_for(database_url).connect() as connection:
        return connection.scalar(select(func.count()).select_from(Employee)) or 0


def test_an_import_with_a_full_width_staff_number_adds_no_second_person(
    kefu: Kefu, tmp_path: Path, database_url: str
) -> None:
    make_center(kefu, tmp_path)
    before = people_count(database_url)
    scores = make_workbook(
        tmp_path / "scores.xlsx", {"月度成绩": [make_scores("１００１", "2026-10", 85, 92, 78)]}
    )
    succeeded(kefu("import", scores))
    assert people_count(database_url) == before


def test_a_staff_number_argument_typed_full_width_is_the_person(kefu: Kefu, tmp_path: Path) -> None:
    make_center(kefu, tmp_path)
    shown = succeeded(kefu("attendance", "show", "１００１", "2026-10"))
    assert shown.startswith("1001 在 2026-10 考勤周期")


def test_an_account_given_a_full_width_staff_number_is_linked_to_the_person(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)
    add = ("user", "add", "wang", "--role", "agent", "-e", "１００１", "--password", "long enough")
    succeeded(kefu(*add))
    (line,) = [x for x in succeeded(kefu("user", "list")).splitlines() if x.startswith("wang")]
    assert line.split("\t")[2] == "1001"


def test_a_staff_number_argument_hiding_a_zero_width_space_is_refused_naming_it(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)
    out = failed(kefu("attendance", "show", "10\u200b01", "2026-10"), 2)
    assert "U+200B" in out


def test_an_account_name_with_an_escape_bell_or_override_is_refused_naming_it(
    kefu: Kefu, tmp_path: Path
) -> None:
    make_center(kefu, tmp_path)
    for name, code in (
        ("\x1b[31m李娜", "U+001B"),
        ("李\x07娜", "U+0007"),
        ("\u202e李娜", "U+202E"),
    ):
        add = ("user", "add", "li", "--role", "hr", "--name", name, "--password", "long enough")
        assert code in failed(kefu(*add), 1)
    assert "li\t" not in succeeded(kefu("user", "list"))


def test_check_staff_numbers_lists_the_register_s_non_normal_numbers_and_fails(
    kefu: Kefu, tmp_path: Path, database_url: str
) -> None:
    make_center(kefu, tmp_path)
    assert "均为规范形式" in succeeded(kefu("check-staff-numbers"))
    with engine_for(database_url).begin() as connection:
        connection.execute(insert(Employee).values(employee_no="１００１", name="王芳"))
    out = failed(kefu("check-staff-numbers"), 1)
    assert "应为 1001" in out and "须人工合并" in out


def test_init_points_to_the_check_when_the_register_holds_non_normal_numbers(
    kefu: Kefu, tmp_path: Path, database_url: str
) -> None:
    make_center(kefu, tmp_path)
    assert "check-staff-numbers" not in succeeded(kefu("init"))
    with engine_for(database_url).begin() as connection:
        connection.execute(insert(Employee).values(employee_no="１００１", name="王芳"))
    assert "1 个工号不是规范形式" in succeeded(kefu("init"))
