"""A command refused by the database because the same thing was stored at the same moment."""

from __future__ import annotations

import pytest
import typer
from sqlalchemy.exc import IntegrityError

from kefu.cli.common import handles_errors
from kefu.errors import StoredMeanwhile


def test_a_duplicate_refused_by_the_database_is_a_message_and_an_exit_code_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    @handles_errors
    def created_twice() -> None:
        raise IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed"))

    with pytest.raises(typer.Exit) as stopped:
        created_twice()
    assert stopped.value.exit_code == StoredMeanwhile().exit_code != 0
    assert StoredMeanwhile().message in capsys.readouterr().err
