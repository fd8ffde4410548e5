"""Use cases of the automatic check (自动质检, R-QA-2).

Phrase libraries are stored as versions of their YAML text; saving validates it (line-precise
problems) and makes the new version the active one, leaving every stored check as it was. A
contact is checked with the active library that applies to its channel (with the libraries it
extends); every contact gets a check (``check_all``), and a bulk import of transcripts creates
the contacts and checks each one. Nothing here commits: the caller's unit of work does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.autoqa import rules
from kefu.autoqa.library import (
    CHANNELS,
    Library,
    LibraryInvalid,
    combine,
    parse_library,
    preset_texts,
)
from kefu.autoqa.models import AutoqaCheck, AutoqaLibrary
from kefu.errors import ImportProblem, ImportRejected, KefuError, NotFound
from kefu.imports.archive import Archive, ArchiveRefused
from kefu.people import service as people
from kefu.people.identifiers import IdentifierInvalid, as_staff_no, normalize_staff_no
from kefu.qa.models import QaContact

IMPORT_COLUMNS = ("工号", "渠道", "时间", "编号", "内容")
FILE_FORMATS = {".txt": "text", ".json": "json", ".csv": "csv"}
MAX_IMPORT = 100_000


class LibraryConflict(KefuError):
    """Two active libraries claim one channel, or an extended library is missing."""

    http_status = 409


# ---------------------------------------------------------------- audit


def _audit(session: Session, actor: str, action: str, target: str, detail: dict[str, Any]) -> None:
    """Into the audit log (R-AUD-1)."""
    audit.record(session, actor, action, target, detail)


# ---------------------------------------------------------------- libraries


def library_rows(session: Session, key: str | None = None) -> list[AutoqaLibrary]:
    """Every stored version (of one library), newest first within a key."""
    stmt = select(AutoqaLibrary).order_by(AutoqaLibrary.key, AutoqaLibrary.version.desc())
    if key is not None:
        stmt = stmt.where(AutoqaLibrary.key == key)
    return list(session.scalars(stmt))


def active_rows(session: Session) -> list[AutoqaLibrary]:
    return list(
        session.scalars(
            select(AutoqaLibrary).where(AutoqaLibrary.active.is_(True)).order_by(AutoqaLibrary.key)
        )
    )


def library_row(session: Session, key: str, version: int | None = None) -> AutoqaLibrary:
    """The active version of ``key`` (or the given version); NotFound otherwise."""
    stmt = select(AutoqaLibrary).where(AutoqaLibrary.key == key)
    if version is None:
        stmt = stmt.where(AutoqaLibrary.active.is_(True))
    else:
        stmt = stmt.where(AutoqaLibrary.version == version)
    row = session.scalars(stmt).first()
    if row is None:
        suffix = f" 第 {version} 版" if version is not None else ""
        raise NotFound(f"话术库 {key}{suffix} 不存在")
    return row


def parsed(row: AutoqaLibrary) -> Library:
    """The stored version as a library (its version number set)."""
    library = parse_library(row.yaml_text, f"{row.key} 第 {row.version} 版")
    return Library(
        **{**library.__dict__, "version": row.version, "parts": ((row.key, row.version),)}
    )


def resolve(session: Session, row: AutoqaLibrary) -> Library:
    """The library of ``row`` with the active versions of the libraries it extends."""
    main = parsed(row)
    others = []
    for key in main.extends:
        try:
            others.append(parsed(library_row(session, key)))
        except NotFound:
            raise LibraryConflict(f"话术库 {main.key} 扩展的话术库 {key} 还没有载入") from None
    return combine(main, others) if others else main


def save_library(session: Session, actor: str, text: str) -> AutoqaLibrary:
    """Validate ``text`` and store it as the new active version of its library.

    An unchanged text is not stored again (the active version is returned).
    """
    library = parse_library(text, "话术库")
    for key in library.extends:
        if key != library.key and not library_rows(session, key):
            raise LibraryInvalid(library.key, [f"extends: 话术库 {key} 还没有载入, 请先载入它"])
    for other in active_rows(session):
        if other.key == library.key:
            continue
        shared = set(parsed(other).applies_to) & set(library.applies_to)
        if shared:
            raise LibraryConflict(
                f"渠道 {', '.join(sorted(shared))} 已由话术库 {other.key} 使用; "
                f"一个渠道只能有一个话术库, 请先从其中一个的 applies_to 去掉它"
            )
    rows = library_rows(session, library.key)
    current = next((r for r in rows if r.active), None)
    if current is not None and current.yaml_text == text:
        return current
    for row in rows:
        row.active = False
    row = AutoqaLibrary(
        key=library.key,
        version=(rows[0].version + 1) if rows else 1,
        name=library.name,
        yaml_text=text,
        active=True,
        created_by=actor,
    )
    session.add(row)
    session.flush()
    _audit(
        session,
        actor,
        "autoqa.library",
        f"autoqa_library:{row.id}",
        {"key": row.key, "version": row.version},
    )
    return row


def load_presets(session: Session, actor: str) -> list[AutoqaLibrary]:
    """Store the shipped presets (a library before those that extend it)."""
    texts = preset_texts()
    order = sorted(texts, key=lambda name: len(parse_library(texts[name], name).extends))
    return [save_library(session, actor, texts[name]) for name in order]


def library_for_channel(session: Session, channel: str) -> AutoqaLibrary | None:
    for row in active_rows(session):
        if channel in parsed(row).applies_to:
            return row
    return None


# ---------------------------------------------------------------- checks


def rest_day(day: date) -> bool:
    """A weekend or holiday by the center's calendar (the weekend alone past its years)."""
    from kefu.attendance.service import work_calendar
    from kefu.workdays.calendar import is_weekend

    try:
        return not work_calendar().is_working_day(day)
    except KefuError:
        return is_weekend(day)


def check_contact(
    session: Session, contact: QaContact, key: str | None = None
) -> AutoqaCheck | None:
    """Check a contact's transcript against the active phrase library and store the result.

    Returns the stored check (with ``id``, ``suggested_score`` and ``findings``), or None when
    the contact has no transcript or no library applies to its channel. Called by
    kefu.qa.service whenever a contact is added.
    """
    if not contact.transcript:
        return None
    row = library_row(session, key) if key else library_for_channel(session, contact.channel)
    if row is None:
        return None
    library = resolve(session, row)
    result = rules.check_text(
        library, contact.transcript, contact.transcript_format, rest_day(contact.contact_at.date())
    )
    check = AutoqaCheck(
        contact_id=contact.id,
        library_key=row.key,
        library_version=row.version,
        suggested_score=result.suggested_score,
        findings=result.as_dict(),
    )
    session.add(check)
    session.flush()
    return check


def latest_check(session: Session, contact_id: int) -> AutoqaCheck | None:
    """The newest stored check of a contact, or None."""
    return session.scalars(
        select(AutoqaCheck)
        .where(AutoqaCheck.contact_id == contact_id)
        .order_by(AutoqaCheck.id.desc())
    ).first()


def checks_of(session: Session, contact_id: int) -> list[AutoqaCheck]:
    return list(
        session.scalars(
            select(AutoqaCheck)
            .where(AutoqaCheck.contact_id == contact_id)
            .order_by(AutoqaCheck.id.desc())
        )
    )


def get_check(session: Session, check_id: int) -> AutoqaCheck:
    check = session.get(AutoqaCheck, check_id)
    if check is None:
        raise NotFound(f"自动质检 {check_id} 不存在")
    return check


def check_all(session: Session, contact_ids: Iterable[int] | None = None) -> int:
    """Check every contact (of ``contact_ids``) with a transcript and no check yet; how many."""
    checked = select(AutoqaCheck.contact_id)
    stmt = select(QaContact).where(QaContact.transcript.is_not(None), QaContact.id.not_in(checked))
    if contact_ids is not None:
        stmt = stmt.where(QaContact.id.in_(list(contact_ids)))
    done = 0
    for contact in session.scalars(stmt.order_by(QaContact.id)).all():
        if check_contact(session, contact) is not None:
            done += 1
    return done


def coverage(session: Session) -> tuple[int, int]:
    """(contacts with a transcript, of them checked)."""
    total = session.scalar(
        select(func.count(QaContact.id)).where(QaContact.transcript.is_not(None))
    )
    checked = session.scalar(select(func.count(func.distinct(AutoqaCheck.contact_id))))
    return total or 0, checked or 0


# ---------------------------------------------------------------- bulk import


@dataclass(frozen=True)
class Incoming:
    """One transcript to import: who, channel, when, reference, text and its format."""

    employee_no: str
    channel: str
    contact_at: datetime
    reference: str
    transcript: str
    transcript_format: str
    source: str = ""
    """The file (or CSV table) it came from, for a problem's message."""
    row: int | None = None
    """Its row in a CSV table."""


def parse_when(value: str) -> datetime | None:
    value = value.strip()
    for shape in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, shape)
        except ValueError:
            continue
    return None


def read_table(text: str, sheet: str) -> list[Incoming]:
    """A CSV with one transcript per row: 工号, 渠道, 时间, 编号, 内容."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [c.strip() for c in rows[0][:5]] != list(IMPORT_COLUMNS):
        raise ImportRejected(
            [
                ImportProblem(
                    sheet,
                    1,
                    None,
                    ",".join(rows[0]) if rows else "",
                    f"表头应为 {','.join(IMPORT_COLUMNS)}",
                )
            ]
        )
    problems: list[ImportProblem] = []
    out: list[Incoming] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = [*row, "", "", "", "", ""][:5]
        no_v, channel_v, when_v, reference_v = (
            cells[0].strip(),
            cells[1].strip(),
            cells[2],
            cells[3].strip(),
        )
        content_v = cells[4]
        at = parse_when(when_v)
        if not no_v:
            problems.append(ImportProblem(sheet, number, "工号", no_v, "工号不能为空"))
        else:
            try:
                no_v = normalize_staff_no(no_v)
            except IdentifierInvalid as error:
                problems.append(ImportProblem(sheet, number, "工号", None, error.message))
                no_v = ""
        if channel_v not in CHANNELS:
            problems.append(
                ImportProblem(sheet, number, "渠道", channel_v, f"渠道应为 {' | '.join(CHANNELS)}")
            )
        if at is None:
            problems.append(
                ImportProblem(sheet, number, "时间", when_v, "时间应为 YYYY-MM-DD HH:MM")
            )
        if not content_v.strip():
            problems.append(ImportProblem(sheet, number, "内容", "", "内容不能为空"))
        else:
            try:
                rules.parse_transcript(content_v)
            except KefuError as error:
                problems.append(ImportProblem(sheet, number, "内容", content_v[:30], error.message))
        if at is not None and content_v.strip() and channel_v in CHANNELS and no_v:
            out.append(
                Incoming(
                    no_v,
                    channel_v,
                    at,
                    reference_v,
                    content_v,
                    rules.detect_format(content_v),
                    sheet,
                    number,
                )
            )
    if problems:
        raise ImportRejected(problems)
    return out


def _from_name(name: str, text: str, defaults: tuple[str, str, datetime]) -> Incoming:
    """A transcript file named ``工号_渠道_YYYYMMDD-HHMM_编号.ext`` (parts optional)."""
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    parts = stem.split("_")
    employee_no, channel, at = defaults
    # a bare name (call.txt) keeps the 工号 given for the upload; 工号_… names its own
    if parts[0] and (len(parts) > 1 or not employee_no):
        employee_no = normalize_staff_no(parts[0], "文件名中的工号")
    if len(parts) > 1 and parts[1] in CHANNELS:
        channel = parts[1]
    if len(parts) > 2:
        for shape in ("%Y%m%d-%H%M", "%Y%m%d"):
            try:
                at = datetime.strptime(parts[2], shape)
                break
            except ValueError:
                continue
    reference = parts[3] if len(parts) > 3 else stem
    return Incoming(employee_no, channel, at, reference, text, FILE_FORMATS[suffix], name)


def read_bundle(
    files: Sequence[tuple[str, bytes]], defaults: tuple[str, str, datetime]
) -> list[Incoming]:
    """Transcripts from named files (.txt/.json/.csv transcripts, or a .csv table of them)."""
    out: list[Incoming] = []
    problems: list[ImportProblem] = []
    for name, data in files:
        suffix = Path(name).suffix.lower()
        if suffix not in FILE_FORMATS:
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(ImportProblem(name, None, None, "", "文件不是 UTF-8 编码"))
            continue
        if suffix == ".csv" and text.split("\n", 1)[0].startswith(IMPORT_COLUMNS[0]):
            out.extend(read_table(text, name))
            continue
        try:
            incoming = _from_name(name, text, defaults)
            rules.parse_transcript(text, incoming.transcript_format)
        except KefuError as error:
            problems.append(ImportProblem(name, None, None, "", error.message))
            continue
        out.append(incoming)
    if problems:
        raise ImportRejected(problems)
    if len(out) > MAX_IMPORT:
        raise ImportRejected(
            [ImportProblem("导入", None, None, len(out), f"一次最多导入 {MAX_IMPORT} 份转写")]
        )
    return out


def read_path(path: Path, defaults: tuple[str, str, datetime]) -> list[Incoming]:
    """A .zip, a folder, a transcript file or a CSV table of transcripts."""
    if path.is_dir():
        files = [(p.name, p.read_bytes()) for p in sorted(path.rglob("*")) if p.is_file()]
    elif path.suffix.lower() == ".zip":
        files = read_zip(path.read_bytes())
    elif path.is_file():
        files = [(path.name, path.read_bytes())]
    else:
        raise NotFound(f"文件 {path} 不存在")
    return read_bundle(files, defaults)


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    """The files of a zip of transcripts, within the bounds of an archive (entries, sizes)."""
    try:
        with Archive(io.BytesIO(data)) as bundle:
            return [
                (info.filename, bundle.read(info))
                for info in bundle.infos()
                if info.file_size <= 5_000_000
            ]
    except ArchiveRefused as refused:
        raise ImportRejected([ImportProblem("zip", None, None, "", refused.reason)]) from None


def import_transcripts(
    session: Session, actor: str, incoming: Sequence[Incoming]
) -> list[AutoqaCheck | None]:
    """Create a contact for each transcript and check every one; their checks in order.

    All or nothing: a transcript without a 工号, or with one the register does not know, is
    refused with its file and row, and nothing is written.
    """
    known = {no for no, _ in people.roster(session)}
    incoming = [replace(item, employee_no=as_staff_no(item.employee_no)) for item in incoming]
    problems = [
        ImportProblem(
            item.source or "转写",
            item.row,
            "工号",
            item.employee_no,
            "没有这个工号"
            if item.employee_no
            else "没有工号: 文件名写 工号_渠道_YYYYMMDD-HHMM_编号",
        )
        for item in incoming
        if item.employee_no not in known
    ]
    if problems:
        raise ImportRejected(problems)
    if not incoming:
        raise ImportRejected([ImportProblem("导入", None, None, "", "没有找到转写文件")])
    checks: list[AutoqaCheck | None] = []
    for item in incoming:
        contact = QaContact(
            employee_no=item.employee_no,
            channel=item.channel,
            contact_at=item.contact_at,
            reference=item.reference[:128],
            transcript=item.transcript,
            transcript_format=item.transcript_format,
            created_by=actor,
        )
        session.add(contact)
        session.flush()
        checks.append(check_contact(session, contact))
    _audit(session, actor, "autoqa.import", "qa_contact", {"contacts": len(incoming)})
    return checks
