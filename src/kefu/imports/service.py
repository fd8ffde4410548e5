"""Use case of importing: check every row against the register and closed periods, then write all.

Nothing is written unless every row is good (principle 3). Changing an input of a closed
period is a correction: it needs ``correct=True``, is logged with who changed what, and takes
effect when the period is closed again as a new revision (R-AUD-1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.careers.models import PerformanceIndicator
from kefu.closing import repository as closing_repo
from kefu.errors import ImportProblem, ImportRejected
from kefu.explain.trace import num
from kefu.imports.reader import INDICATOR_FIELDS, ParsedImport, RosterRow, read_import
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import RECORD_FIELDS, employee_ids, latest_records
from kefu.periods import Month
from kefu.scores.models import AttendanceSummary, AwardEvidence, InputChange, MonthlyScore

KIND_SHEETS = {
    "monthly_scores": "月度成绩",
    "attendance": "考勤汇总",
    "award_evidence": "奖项依据",
    "performance_indicators": "业绩指标",
}
SCORE_FIELDS = ("call_quality", "work_ability", "overall_conduct")
ATTENDANCE_FIELDS = (
    "absence_days",
    "personal_leave_days",
    "sick_leave_days",
    "late_count",
    "early_leave_count",
    "shift_swap_count",
    "unapproved_absence_days",
)
EVIDENCE_FIELDS = (
    "commendations",
    "erroneous_work_orders",
    "erroneous_refunds",
    "min_monitoring_score",
    "min_exam_score",
)
# inputs no close freezes: the promotion checks read them as they stand (R-PRO-1); a change
# to one is still logged as an InputChange
UNFROZEN = frozenset({"performance_indicators"})
TABLES: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "monthly_scores": (MonthlyScore, "month", SCORE_FIELDS),
    "attendance": (AttendanceSummary, "cycle", ATTENDANCE_FIELDS),
    "award_evidence": (AwardEvidence, "month", EVIDENCE_FIELDS),
    "performance_indicators": (PerformanceIndicator, "month", INDICATOR_FIELDS),
}


@dataclass
class ImportReport:
    """What an import wrote, by kind: inserted, updated and unchanged rows."""

    rows: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    corrections: list[str] = field(default_factory=list)


def import_file(
    session: Session,
    path: Path,
    kind: str | None,
    actor: str,
    today: date,
    correct: bool = False,
) -> ImportReport:
    """Read, check and write one file; raise ImportRejected (nothing written) on any bad row."""
    parsed = read_import(path, kind)
    return apply_import(session, parsed, path.name, actor, today, correct)


def apply_import(
    session: Session,
    parsed: ParsedImport,
    source: str,
    actor: str,
    today: date,
    correct: bool = False,
) -> ImportReport:
    """Check parsed rows against the database, then write them in the caller's transaction.

    Every problem is reported at once: the reader's (format) and the database's (unknown
    employee, closed period); nothing is written if there is any.
    """
    problems: list[ImportProblem] = list(parsed.problems)
    known = employee_ids(session)
    roster_nos = {r.employee_no for r in parsed.roster}
    closed = closing_repo.closed_periods(session, "monthly")
    spans = _employment_spans(session, known, parsed.roster)
    for kind_key, (_, period_attr, _) in TABLES.items():
        for row in getattr(parsed, kind_key):
            if row.employee_no not in known and row.employee_no not in roster_nos:
                problems.append(
                    ImportProblem(
                        row.sheet,
                        row.row,
                        "工号",
                        row.employee_no,
                        "未知员工:登记册中没有此工号，请先导入员工表",
                    )
                )
                continue
            problem = _outside_employment(row, getattr(row, period_attr), spans)
            if problem is not None:
                problems.append(problem)
    report = ImportReport(rows=parsed.count)
    corrections: list[tuple[str, str]] = []
    for r in parsed.roster:
        effective = r.effective_on or today
        if str(Month.of(effective)) in closed and r.employee_no in known:
            corrections.append((r.sheet, str(Month.of(effective))))
    for kind_key, (_, period_attr, _) in TABLES.items():
        if kind_key in UNFROZEN:
            continue
        for row in getattr(parsed, kind_key):
            if str(getattr(row, period_attr)) in closed:
                corrections.append((row.sheet, str(getattr(row, period_attr))))
    if corrections and not correct:
        for sheet, period in sorted(set(corrections)):
            problems.append(
                ImportProblem(
                    sheet,
                    None,
                    None,
                    period,
                    f"{period} 已结算，已结算期间的数据被冻结；如需更正，请加 --correct 导入，"
                    f"再重新结算生成新的修订 (R-AUD-1)",
                )
            )
    if problems:
        # group by sheet in the order the sheets were met, rows in order within each
        order = {sheet: i for i, sheet in reversed(list(enumerate(p.sheet for p in problems)))}
        problems.sort(key=lambda p: (order[p.sheet], p.row or 0))
        raise ImportRejected(problems, parsed.unlisted)
    report.corrections = sorted({p for _, p in corrections})
    report.counts["roster"] = _apply_roster(session, parsed.roster, known, actor, source, today)
    ids = employee_ids(session)
    for kind_key, (table, period_attr, fields) in TABLES.items():
        rows = getattr(parsed, kind_key)
        report.counts[kind_key] = _apply_inputs(
            session, table, kind_key, period_attr, fields, rows, ids, closed, actor, source
        )
    session.flush()
    audit.record(
        session,
        actor,
        "import",
        source,
        {"rows": report.rows, "counts": report.counts, "corrections": report.corrections},
    )
    return report


# problems a refusal's audit entry quotes (the count says how many there were)
AUDITED_PROBLEMS = 5


def record_refusal(
    session: Session,
    actor: str,
    source: str,
    kind: str | None,
    parsed: ParsedImport | None,
    rejected: ImportRejected,
) -> None:
    """Note in the audit log that an import was refused: who, which file, what was wrong.

    Only the audit entry is written, in its own unit of work opened by the caller after the
    refused import was rolled back: the import itself stays all-or-nothing.
    """
    kinds = [k for k in ("roster", *TABLES) if parsed is not None and getattr(parsed, k)]
    sheets = list(dict.fromkeys(p.sheet for p in rejected.errors))
    audit.record(
        session,
        actor,
        "import.refused",
        source,
        {
            "kind": kind or "、".join(kinds) or None,
            "sheets": sheets[:10],
            "problems": rejected.total,
            "first": [p.describe()[:300] for p in rejected.errors[:AUDITED_PROBLEMS]],
        },
    )


def _employment_spans(
    session: Session, known: dict[str, int], roster: Sequence[RosterRow]
) -> dict[str, tuple[date, date | None]]:
    """Hire and leaving dates per employee: the register's newest record, or this file's row."""
    by_id = {emp_id: no for no, emp_id in known.items()}
    spans = {
        by_id[emp_id]: (rec.hired_on, rec.left_on)
        for emp_id, rec in latest_records(session).items()
        if emp_id in by_id
    }
    for r in roster:
        spans[r.employee_no] = (r.hired_on, r.left_on)
    return spans


def _outside_employment(
    row: Any, period: Month, spans: dict[str, tuple[date, date | None]]
) -> ImportProblem | None:
    """A month's input for someone not yet hired, or already gone, is a mistake in the file."""
    span = spans.get(row.employee_no)
    if span is None:
        return None
    hired, left = span
    if period.last_day < hired:
        reason = f"该员工 {hired.isoformat()} 才入职，{period} 不在其在职期间"
    elif left is not None and period.first_day > left:
        reason = f"该员工已于 {left.isoformat()} 离职，{period} 不在其在职期间"
    else:
        return None
    column = "考勤周期" if hasattr(row, "cycle") else "月份"
    return ImportProblem(row.sheet, row.row, column, str(period), reason)


def _apply_roster(
    session: Session,
    rows: Sequence[RosterRow],
    known: dict[str, int],
    actor: str,
    source: str,
    today: date,
) -> dict[str, int]:
    """New people get a first record from their hire date; a changed fact adds a dated record.

    Written in bulk: a center's whole roster is tens of thousands of rows.
    """
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    if not rows:
        return counts
    latest = latest_records(session)
    new_people = [r for r in rows if r.employee_no not in known]
    if new_people:
        session.execute(
            insert(Employee), [{"employee_no": r.employee_no, "name": r.name} for r in new_people]
        )
        known.update(employee_ids(session))
    records: list[dict[str, Any]] = []
    renamed: list[dict[str, Any]] = []
    fresh = {r.employee_no for r in new_people}
    for r in rows:
        values = {f: getattr(r, f) for f in RECORD_FIELDS}
        emp_id = known[r.employee_no]
        if r.employee_no in fresh:
            effective = r.effective_on or r.hired_on
            counts["inserted"] += 1
        else:
            current = latest.get(emp_id)
            if current is not None and all(getattr(current, f) == values[f] for f in RECORD_FIELDS):
                counts["unchanged"] += 1
                continue
            effective = r.effective_on or today
            if current is None or current.name != r.name:
                renamed.append({"id": emp_id, "name": r.name})
            counts["updated"] += 1
        records.append(
            {
                "employee_id": emp_id,
                "effective_on": effective,
                "recorded_by": actor,
                "source": source,
                **values,
            }
        )
    if records:
        session.execute(insert(EmployeeRecord), records)
    if renamed:
        session.execute(update(Employee), renamed)
    return counts


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return num(value)
    return str(value)


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


def _apply_inputs(
    session: Session,
    table: Any,
    kind: str,
    period_attr: str,
    fields: tuple[str, ...],
    rows: Sequence[Any],
    ids: dict[str, int],
    closed: set[str],
    actor: str,
    source: str,
) -> dict[str, int]:
    """Upsert one kind of monthly input; log every change to an existing value."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    if not rows:
        return counts
    keys = [(ids[r.employee_no], str(getattr(r, period_attr))) for r in rows]
    period_col = getattr(table, period_attr)
    existing = {
        (e.employee_id, getattr(e, period_attr)): e
        for chunk in _chunks(keys, 500)
        for e in session.scalars(
            select(table).where(tuple_(table.employee_id, period_col).in_(chunk))
        )
    }
    new_rows = []
    for r, key in zip(rows, keys, strict=True):
        values = {f: getattr(r, f) for f in fields}
        old = existing.get(key)
        if old is None:
            new_rows.append({"employee_id": key[0], period_attr: key[1], **values})
            counts["inserted"] += 1
            continue
        changed = [f for f in fields if not _same(getattr(old, f), values[f])]
        if not changed:
            counts["unchanged"] += 1
            continue
        for f in changed:
            session.add(
                InputChange(
                    changed_by=actor,
                    kind=kind,
                    period=key[1],
                    employee_no=r.employee_no,
                    field=f,
                    old_value=_text(getattr(old, f)),
                    new_value=_text(values[f]),
                    source=source,
                )
            )
            setattr(old, f, values[f])
        counts["updated"] += 1
    if new_rows:
        session.execute(insert(table), new_rows)
    return counts


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
