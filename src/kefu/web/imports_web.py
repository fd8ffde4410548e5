"""Import for the web and the API: read an upload, check it without writing, then apply it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.config import get_settings
from kefu.db import unit_of_work
from kefu.errors import Forbidden, ImportProblem, ImportRejected
from kefu.imports.reader import ParsedImport, read_import
from kefu.imports.service import ImportReport, apply_import, record_refusal
from kefu.imports.sheets import SHEET_KINDS
from kefu.people.rules import ROLE_NAMES, STATUS_NAMES
from kefu.web.security import CurrentViewer
from kefu.web.uploads import clean_name

# the sheet kinds of a parsed import and the permission each needs (R-PRV-1)
KIND_PERMISSIONS = {
    "roster": "import.roster",
    "monthly_scores": "import.monthly-scores",
    "attendance": "import.attendance",
    "award_evidence": "import.award-evidence",
    "performance_indicators": "import.performance-indicators",
}
PREVIEW_ROWS = 20


@dataclass
class Preview:
    """What an import would do: rows read per sheet kind, samples, problems, or the counts."""

    source: str
    rows: int
    kinds: dict[str, int]
    samples: dict[str, list[dict[str, Any]]]
    problems: list[ImportProblem] = field(default_factory=list)
    report: ImportReport | None = None
    problem_count: int = 0  # every problem found, listed or not

    @property
    def shown_problems(self) -> list[ImportProblem]:
        """The problems the page lists: the first few hundred (Settings import_shown_problems)."""
        return self.problems[: get_settings().import_shown_problems]

    @property
    def unlisted(self) -> int:
        """Problems found but not listed on the page."""
        return self.problem_count - len(self.shown_problems)


def importer(viewer: CurrentViewer) -> Viewer:
    """A dependency: the viewer, if their role may import some kind of data (else 403).

    It runs before the upload is looked at, so a role that may import nothing gets its 403
    whatever it sent; which sheets it may import is checked once the file is read.
    """
    if not any(viewer.can(action) for action in KIND_PERMISSIONS.values()):
        raise Forbidden("您的角色无权导入数据 (R-PRV-1)")
    return viewer


def check_allowed(viewer: Viewer, parsed: ParsedImport) -> None:
    """Refuse a file holding a sheet the viewer's role may not import."""
    for kind, action in KIND_PERMISSIONS.items():
        if getattr(parsed, kind) and not viewer.can(action):
            raise Forbidden(f"您的角色无权导入此类数据({kind})(R-PRV-1)")


def _read(path: Path, source: str, kind: str | None) -> ParsedImport:
    """Read a stored upload; problems of the file as a whole name the user's file, not ours."""
    parsed = read_import(path, kind)
    for problem in parsed.problems:
        if problem.sheet == path.name:
            problem.sheet = source
    return parsed


def _shown(value: object) -> str:
    if value is None:
        return ""
    try:
        return str(value)
    except ValueError:  # an integer of thousands of digits, which Python will not print
        return "(数值过大)"


# field of a parsed row → the Chinese header users know it by (the import sheets' own)
HEADERS = {"row": "行"} | {c.key: c.header for kind in SHEET_KINDS for c in kind.columns}


SHOWN_CHOICES = (("role", ROLE_NAMES), ("status", STATUS_NAMES))


def _sample(rows: list[Any]) -> list[dict[str, Any]]:
    """The first rows of a sheet, under its Chinese headers."""
    out = []
    for r in rows[:PREVIEW_ROWS]:
        values = {k: v for k, v in vars(r).items() if k != "sheet"}
        values |= {k: names.get(values[k], values[k]) for k, names in SHOWN_CHOICES if k in values}
        out.append({HEADERS.get(k, k): _shown(v) for k, v in values.items()})
    return out


def _allowed_file(
    viewer: Viewer, path: Path, source: str, kind: str | None
) -> tuple[str, ParsedImport]:
    """The file's shown name and its rows, if the viewer may import every sheet in it."""
    source = clean_name(source) or path.name
    parsed = _read(path, source, kind)
    check_allowed(viewer, parsed)
    return source, parsed


def preview(
    engine: Engine, viewer: Viewer, path: Path, source: str, kind: str | None, correct: bool
) -> Preview:
    """Read and check everything, as the real import would, then undo it: nothing is written."""
    source, parsed = _allowed_file(viewer, path, source, kind)
    result = Preview(
        source=source,
        rows=parsed.count,
        kinds={k: len(getattr(parsed, k)) for k in KIND_PERMISSIONS if getattr(parsed, k)},
        samples={k: _sample(getattr(parsed, k)) for k in KIND_PERMISSIONS if getattr(parsed, k)},
    )
    session = Session(engine)
    refusal: ImportRejected | None = None
    try:
        result.report = apply_import(
            session, parsed, source, viewer.username, date.today(), correct
        )
    except ImportRejected as rejected:
        refusal = rejected
        result.problems = rejected.errors
        result.problem_count = rejected.total
    finally:
        session.rollback()
        session.close()
    if refusal is not None:
        _record_refusal(engine, viewer, source, kind, parsed, refusal)
    return result


def _record_refusal(
    engine: Engine,
    viewer: Viewer,
    source: str,
    kind: str | None,
    parsed: ParsedImport | None,
    rejected: ImportRejected,
) -> None:
    """The refusal in the audit log, in a unit of work of its own (no data is written)."""
    with unit_of_work(engine) as session:
        record_refusal(session, viewer.username, source, kind, parsed, rejected)


def apply(
    engine: Engine, viewer: Viewer, path: Path, source: str, kind: str | None, correct: bool
) -> ImportReport:
    """Import for real in one unit of work (all rows or none)."""
    source, parsed = _allowed_file(viewer, path, source, kind)
    try:
        with unit_of_work(engine) as session:
            return apply_import(session, parsed, source, viewer.username, date.today(), correct)
    except ImportRejected as rejected:
        _record_refusal(engine, viewer, source, kind, parsed, rejected)
        raise
