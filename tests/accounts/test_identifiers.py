"""An account's 工号 is the register's however typed; its display name hides no control character."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kefu.accounts import service as accounts
from kefu.db import unit_of_work
from kefu.errors import KefuError
from kefu.imports.service import import_file
from tests.factories import make_person, make_workbook

PASSWORD = "correct horse"


@pytest.fixture
def roster(engine: Engine, tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "roster.xlsx", {"员工": [make_person("1005", "王芳")]})
    with unit_of_work(engine) as session:
        import_file(session, path, None, "hr", date(2026, 11, 1))


def test_an_account_given_a_full_width_staff_number_is_linked_to_the_person(
    engine: Engine, roster: None
) -> None:
    with unit_of_work(engine) as session:
        user = accounts.add_user(session, "admin", "wang", PASSWORD, "agent", "王芳", "１００５")
        assert user.employee_no == "1005"
        assert accounts.viewer_of(session, user).team == "一组"


@pytest.mark.parametrize(
    ("name", "code"), [("\x1b[31m王芳", "U+001B"), ("王芳\x07", "U+0007"), ("\u202e王芳", "U+202E")]
)
def test_a_display_name_with_an_escape_bell_or_override_is_refused_by_its_code_point(
    engine: Engine, roster: None, name: str, code: str
) -> None:
    with unit_of_work(engine) as session, pytest.raises(KefuError) as refused:
        accounts.add_user(session, "admin", "wang", PASSWORD, "agent", name, "1005")
    assert code in refused.value.message
    with unit_of_work(engine) as session:
        accounts.add_user(session, "admin", "wang", PASSWORD, "agent", "王芳", "1005")
    with unit_of_work(engine) as session, pytest.raises(KefuError) as refused:
        accounts.change_user(session, "admin", "wang", display_name=name)
    assert code in refused.value.message
