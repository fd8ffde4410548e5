"""Stored libraries and checks (R-QA-2), on SQLite and PostgreSQL: versions never change a
stored check; every contact gets checked; a bulk import creates and checks contacts."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.autoqa import service
from kefu.autoqa.library import LibraryInvalid, preset_texts
from kefu.autoqa.models import AutoqaCheck
from kefu.errors import ImportRejected, NotFound
from kefu.qa.models import QaContact
from tests.qa import make_center

BOOKING = (
    "坐席: 您好，欢迎致电星光影城，工号120为您服务！\n"
    "客户: 我想订票，普通会员卡。\n"
    "坐席: 我也不知道有没有座位。\n"
)


def contact(session: Session, text: str | None = BOOKING, channel: str = "phone") -> QaContact:
    row = QaContact(
        employee_no="1001",
        channel=channel,
        contact_at=datetime(2026, 11, 2, 10, 0),
        reference="R-1",
        transcript=text,
        transcript_format="text" if text else None,
        created_by="qa",
    )
    session.add(row)
    session.flush()
    return row


def test_R_QA_2_presets_load_once_and_apply_by_channel(session: Session) -> None:
    rows = service.load_presets(session, "qa")
    assert {r.key for r in rows} == {"seed-004", "seed-000-cinema"}
    again = service.load_presets(session, "qa")
    assert [r.id for r in again] == [r.id for r in rows]
    phone = service.library_for_channel(session, "phone")
    assert phone is not None and phone.key == "seed-000-cinema"
    chat = service.library_for_channel(session, "chat")
    assert chat is not None and chat.key == "seed-004"


def test_R_QA_2_check_contact_stores_findings_and_score(session: Session) -> None:
    service.load_presets(session, "qa")
    made = contact(session)
    check = service.check_contact(session, made)
    assert check is not None
    assert check.library_key == "seed-000-cinema" and check.library_version == 1
    assert check.findings["forbidden"][0]["key"] == "dont_know"
    assert check.findings["forbidden"][0]["quote"]["text"] == "我也不知道"
    assert check.suggested_score == Decimal(check.findings["suggested_score"])
    latest = service.latest_check(session, made.id)
    assert latest is not None and latest.id == check.id
    assert service.check_contact(session, contact(session, None)) is None


def test_R_QA_2_new_library_version_leaves_stored_checks(session: Session) -> None:
    service.load_presets(session, "qa")
    made = contact(session, "坐席: 我也不知道。", channel="chat")
    first = service.check_contact(session, made)
    assert first is not None
    before = (first.suggested_score, dict(first.findings))
    text = preset_texts()["seed-004"].replace("points: 10\n", "points: 20\n", 1)
    row = service.save_library(session, "qa", text)
    assert row.version == 2 and row.active
    assert [r.active for r in service.library_rows(session, "seed-004")] == [True, False]
    second = service.check_contact(session, made)
    assert second is not None and second.library_version == 2
    session.refresh(first)
    assert (first.suggested_score, first.findings) == before
    assert [c.id for c in service.checks_of(session, made.id)] == [second.id, first.id]


def test_R_QA_2_invalid_or_conflicting_library_is_refused(session: Session) -> None:
    service.load_presets(session, "qa")
    with pytest.raises(LibraryInvalid):
        service.save_library(session, "qa", "key: x\n")
    other = preset_texts()["seed-004"].replace("key: seed-004", "key: other", 1)
    with pytest.raises(service.LibraryConflict):
        service.save_library(session, "qa", other)
    with pytest.raises(NotFound):
        service.library_row(session, "nothing")


def test_R_QA_2_check_all_covers_every_contact(session: Session) -> None:
    service.load_presets(session, "qa")
    made = [contact(session) for _ in range(3)]
    service.check_contact(session, made[0])
    assert service.check_all(session) == 2
    assert service.check_all(session) == 0
    total, checked = service.coverage(session)
    assert total == checked


def test_R_QA_2_import_folder_zip_and_table(session: Session, tmp_path: Path) -> None:
    make_center(session)  # 1001 and 1002 are in the register
    service.load_presets(session, "qa")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "1001_phone_20261101-0930_A1.txt").write_text(BOOKING, encoding="utf-8")
    (folder / "1002_chat_20261101_B2.json").write_text(
        '[{"speaker": "agent", "text": "不能办"}]', encoding="utf-8"
    )
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    incoming = service.read_path(folder, ("", "phone", datetime(2026, 11, 1)))
    assert [(i.employee_no, i.channel, i.reference) for i in incoming] == [
        ("1001", "phone", "A1"),
        ("1002", "chat", "B2"),
    ]
    checks = service.import_transcripts(session, "qa", incoming)
    assert all(isinstance(c, AutoqaCheck) for c in checks)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("x/1003_phone_20261102-1000_C3.txt", BOOKING)
    (tmp_path / "b.zip").write_bytes(bundle.getvalue())
    assert len(service.read_path(tmp_path / "b.zip", ("", "phone", datetime(2026, 11, 1)))) == 1
    table = tmp_path / "t.csv"
    table.write_text(
        '工号,渠道,时间,编号,内容\n1004,phone,2026-11-02 09:00,D4,"坐席: 您好\n客户: 订票"\n',
        encoding="utf-8",
    )
    rows = service.read_path(table, ("", "phone", datetime(2026, 11, 1)))
    assert rows[0].employee_no == "1004" and rows[0].contact_at == datetime(2026, 11, 2, 9, 0)


def test_R_QA_2_transcripts_of_unknown_people_are_refused_and_nothing_is_written(
    session: Session, tmp_path: Path
) -> None:
    make_center(session)
    service.load_presets(session, "qa")
    table = tmp_path / "calls.csv"
    table.write_text(
        "工号,渠道,时间,编号,内容\n"
        '1001,phone,2026-11-02 09:00,D1,"坐席: 您好"\n'
        '9999,phone,2026-11-02 09:05,D2,"坐席: 您好"\n',
        encoding="utf-8",
    )
    incoming = service.read_path(table, ("", "phone", datetime(2026, 11, 1)))
    with pytest.raises(ImportRejected) as error:
        service.import_transcripts(session, "qa", incoming)
    (problem,) = error.value.errors
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "calls.csv",
        3,
        "工号",
        "9999",
    )
    assert session.scalar(select(func.count()).select_from(QaContact)) == 0


def test_R_QA_2_a_bare_file_name_keeps_the_agent_given_for_the_upload(tmp_path: Path) -> None:
    (tmp_path / "call.txt").write_text("坐席: 您好", encoding="utf-8")
    (item,) = service.read_path(tmp_path / "call.txt", ("1001", "chat", datetime(2026, 11, 1)))
    assert (item.employee_no, item.channel, item.reference) == ("1001", "chat", "call")


def test_R_QA_2_bad_table_rows_are_all_named(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("工号,渠道,时间,编号,内容\n,sms,明天,E5,\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as error:
        service.read_path(table, ("", "phone", datetime(2026, 11, 1)))
    assert {p.column for p in error.value.errors} == {"工号", "渠道", "时间", "内容"}


def test_R_QA_2_full_width_staff_numbers_in_file_names_and_tables_are_the_register_s_people(
    session: Session, tmp_path: Path
) -> None:
    make_center(session)
    service.load_presets(session, "qa")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "１００１_phone_20261101-0930_A1.txt").write_text(BOOKING, encoding="utf-8")
    (folder / "calls.csv").write_text(
        '工号,渠道,时间,编号,内容\n１００２,phone,2026-11-02 09:00,D4,"坐席: 您好"\n',
        encoding="utf-8",
    )
    incoming = service.read_path(folder, ("", "phone", datetime(2026, 11, 1)))
    service.import_transcripts(session, "qa", incoming)
    stored = session.scalars(select(QaContact.employee_no).order_by(QaContact.employee_no))
    assert list(stored) == ["1001", "1002"]


def test_R_QA_2_a_staff_number_hiding_an_override_is_refused_by_its_code_point(
    tmp_path: Path,
) -> None:
    (tmp_path / "\u202e1001_phone_20261101-0930_A1.txt").write_text(BOOKING, encoding="utf-8")
    with pytest.raises(ImportRejected) as error:
        service.read_path(tmp_path, ("", "phone", datetime(2026, 11, 1)))
    assert "U+202E" in error.value.message
