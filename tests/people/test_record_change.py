"""A decision's register change is one more dated record; the old ones stay (R-ORG-4)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from kefu.errors import NotFound
from kefu.imports.service import import_file
from kefu.people.service import record_change, records_of
from tests.factories import make_person, make_workbook


@pytest.fixture
def person(session: Session, tmp_path: Path) -> str:
    book = make_workbook(
        tmp_path / "roster.xlsx",
        {"员工": [make_person("2001", "林静", status="试用", converted=None)]},
    )
    import_file(session, book, None, "hr-li", date(2026, 10, 1))
    return "2001"


def test_R_ORG_4_a_status_change_adds_a_record_with_its_source(
    session: Session, person: str
) -> None:
    before = records_of(session, person)
    record_change(
        session,
        person,
        date(2026, 11, 3),
        {"status": "regular", "converted_on": date(2026, 11, 3)},
        recorded_by="hr",
        source="转正考试 1",
    )
    after = records_of(session, person)
    assert len(after) == len(before) + 1
    old, new = after[-2], after[-1]
    assert (old.status, old.converted_on) == ("probation", None)
    assert (new.status, new.converted_on, new.effective_on) == (
        "regular",
        date(2026, 11, 3),
        date(2026, 11, 3),
    )
    # everything not changed is carried over from the latest record
    assert (new.name, new.department, new.team, new.role, new.hired_on) == (
        old.name,
        old.department,
        old.team,
        old.role,
        old.hired_on,
    )
    assert (new.recorded_by, new.source) == ("hr", "转正考试 1")


def test_a_change_to_an_unknown_field_or_person_is_refused(session: Session, person: str) -> None:
    with pytest.raises(ValueError, match="salary"):
        record_change(
            session, person, date(2026, 11, 3), {"salary": 1}, recorded_by="hr", source="x"
        )
    with pytest.raises(NotFound):
        record_change(
            session, "9999", date(2026, 11, 3), {"status": "left"}, recorded_by="hr", source="x"
        )
    assert len(records_of(session, person)) == 1
