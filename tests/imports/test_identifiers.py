"""A 工号 typed full-width in a workbook is the person already in the register; bad names refused."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.errors import ImportRejected
from kefu.imports.service import import_file
from kefu.people.models import Employee
from kefu.people.service import records_of
from kefu.scores.models import MonthlyScore
from tests.factories import ROSTER, make_person, make_scores, make_workbook

TODAY = date(2026, 10, 15)


def import_sheets(
    session: Session, tmp_path: Path, name: str, sheets: dict[str, list[list[object]]]
):  # type: ignore[no-untyped-def]
    return import_file(session, make_workbook(tmp_path / name, sheets), None, "hr-li", TODAY)


def roster_csv(tmp_path: Path, rows: list[list[object]]) -> Path:
    """A 员工 CSV: Excel's .xlsx cannot carry an ESC or a BEL typed into a cell, a CSV can."""
    path = tmp_path / "roster.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ROSTER)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


@pytest.fixture
def person_1005(session: Session, tmp_path: Path) -> None:
    import_sheets(session, tmp_path, "roster.xlsx", {"员工": [make_person("1005", "王芳")]})


def people(session: Session) -> list[str]:
    return list(session.scalars(select(Employee.employee_no).order_by(Employee.employee_no)))


def test_a_full_width_staff_number_in_the_roster_updates_the_person_instead_of_adding_one(
    session: Session, tmp_path: Path, person_1005: None
) -> None:
    report = import_sheets(
        session, tmp_path, "again.xlsx", {"员工": [make_person("１００５", "王芳", team="二组")]}
    )
    assert people(session) == ["1005"]
    assert report.counts["roster"]["updated"] == 1
    assert records_of(session, "1005")[-1].team == "二组"


def test_monthly_scores_under_a_full_width_staff_number_go_to_the_person(
    session: Session, tmp_path: Path, person_1005: None
) -> None:
    import_sheets(
        session,
        tmp_path,
        "scores.xlsx",
        {"月度成绩": [make_scores("１００５", "2026-09", 90, 88, 86)]},
    )
    owner = session.scalar(
        select(Employee.employee_no)
        .join(MonthlyScore, MonthlyScore.employee_id == Employee.id)
        .where(MonthlyScore.month == "2026-09")
    )
    assert owner == "1005"
    assert session.scalar(select(func.count()).select_from(Employee)) == 1
    assert session.scalar(select(MonthlyScore.call_quality)) == Decimal(90)


def test_a_new_person_typed_full_width_is_registered_under_the_half_width_number(
    session: Session, tmp_path: Path
) -> None:
    import_sheets(session, tmp_path, "roster.xlsx", {"员工": [make_person("Ｅ００７", "赵敏")]})
    assert people(session) == ["E007"]


def test_the_same_person_full_and_half_width_in_one_file_is_a_duplicate_row(
    session: Session, tmp_path: Path
) -> None:
    sheets = {"员工": [make_person("1005", "王芳"), make_person("１００５", "王芳")]}
    with pytest.raises(ImportRejected) as refused:
        import_sheets(session, tmp_path, "twice.xlsx", sheets)
    assert "重复" in refused.value.message
    assert people(session) == []


@pytest.mark.parametrize(("number", "code"), [("10\u200b05", "U+200B"), ("\u202e1005", "U+202E")])
def test_a_staff_number_with_a_zero_width_space_or_override_is_refused_by_code_point(
    session: Session, tmp_path: Path, number: str, code: str
) -> None:
    with pytest.raises(ImportRejected) as refused:
        import_sheets(session, tmp_path, "hidden.xlsx", {"员工": [make_person(number, "王芳")]})
    assert code in refused.value.message
    assert "工号" in refused.value.message
    assert people(session) == []


@pytest.mark.parametrize(
    ("name", "code"),
    [("\x1b[31m王芳", "U+001B"), ("王\x07芳", "U+0007"), ("王芳\u202e", "U+202E")],
)
def test_a_name_with_an_escape_bell_or_override_is_refused_by_code_point(
    session: Session, tmp_path: Path, name: str, code: str
) -> None:
    with pytest.raises(ImportRejected) as refused:
        import_file(
            session, roster_csv(tmp_path, [make_person("1005", name)]), "roster", "hr-li", TODAY
        )
    assert code in refused.value.message
    assert "姓名" in refused.value.message
    assert people(session) == []


def test_a_name_with_a_middle_dot_is_imported_as_written(session: Session, tmp_path: Path) -> None:
    import_sheets(session, tmp_path, "dot.xlsx", {"员工": [make_person("1006", "阿卜杜·热合曼")]})
    assert records_of(session, "1006")[-1].name == "阿卜杜·热合曼"
