"""Every query of closing: monthly inputs in bulk, closes and their results."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import JSON, Numeric, Table, func, select
from sqlalchemy.orm import Session

from kefu.closing.models import MonthlyResult, PeriodClose, QuarterlyResult
from kefu.db import fetch_rows
from kefu.scores.models import AttendanceSummary, AwardEvidence, InputChange, MonthlyScore


def scores_for(session: Session, month: str) -> dict[int, tuple[Decimal | None, ...]]:
    """employee id → (call_quality, work_ability, overall_conduct) for a month."""
    rows = fetch_rows(
        session,
        select(
            MonthlyScore.employee_id,
            MonthlyScore.call_quality,
            MonthlyScore.work_ability,
            MonthlyScore.overall_conduct,
        ).where(MonthlyScore.month == month),
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def attendance_for(session: Session, cycle: str) -> dict[int, tuple[Any, ...]]:
    """employee id → the summary's figures, in AttendanceSummary field order."""
    rows = fetch_rows(
        session,
        select(
            AttendanceSummary.employee_id,
            AttendanceSummary.absence_days,
            AttendanceSummary.personal_leave_days,
            AttendanceSummary.sick_leave_days,
            AttendanceSummary.late_count,
            AttendanceSummary.early_leave_count,
            AttendanceSummary.shift_swap_count,
            AttendanceSummary.unapproved_absence_days,
        ).where(AttendanceSummary.cycle == cycle),
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def evidence_for(session: Session, months: Iterable[str]) -> dict[tuple[int, str], tuple[Any, ...]]:
    """(employee id, month) → the evidence figures, for the given months."""
    rows = fetch_rows(
        session,
        select(
            AwardEvidence.employee_id,
            AwardEvidence.month,
            AwardEvidence.commendations,
            AwardEvidence.erroneous_work_orders,
            AwardEvidence.erroneous_refunds,
            AwardEvidence.min_monitoring_score,
            AwardEvidence.min_exam_score,
        ).where(AwardEvidence.month.in_(list(months))),
    )
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def latest_close(session: Session, kind: str, period: str) -> PeriodClose | None:
    """The newest revision of a period, or None when it was never closed."""
    return session.scalar(
        select(PeriodClose)
        .where(PeriodClose.kind == kind, PeriodClose.period == period)
        .order_by(PeriodClose.revision.desc())
        .limit(1)
    )


def close_revision(session: Session, kind: str, period: str, revision: int) -> PeriodClose | None:
    return session.scalar(
        select(PeriodClose).where(
            PeriodClose.kind == kind, PeriodClose.period == period, PeriodClose.revision == revision
        )
    )


def closes(session: Session, kind: str | None = None) -> list[PeriodClose]:
    """Every close, newest period first, newest revision first."""
    stmt = select(PeriodClose).order_by(PeriodClose.period.desc(), PeriodClose.revision.desc())
    if kind:
        stmt = stmt.where(PeriodClose.kind == kind)
    return list(session.scalars(stmt))


def revisions(session: Session, kind: str, period: str) -> list[int]:
    """The revisions of one period, oldest first."""
    return list(
        session.scalars(
            select(PeriodClose.revision)
            .where(PeriodClose.kind == kind, PeriodClose.period == period)
            .order_by(PeriodClose.revision)
        )
    )


def closed_periods(session: Session, kind: str) -> set[str]:
    return set(session.scalars(select(PeriodClose.period).where(PeriodClose.kind == kind)))


def monthly_rows(session: Session, close_id: int) -> list[MonthlyResult]:
    return list(
        session.scalars(
            select(MonthlyResult)
            .where(MonthlyResult.close_id == close_id)
            .order_by(MonthlyResult.id)
        )
    )


def monthly_row(session: Session, close_id: int, employee_no: str) -> MonthlyResult | None:
    return session.scalar(
        select(MonthlyResult).where(
            MonthlyResult.close_id == close_id, MonthlyResult.employee_no == employee_no
        )
    )


def quarterly_rows(session: Session, close_id: int) -> list[QuarterlyResult]:
    return list(
        session.scalars(
            select(QuarterlyResult)
            .where(QuarterlyResult.close_id == close_id)
            .order_by(QuarterlyResult.id)
        )
    )


def quarterly_row(session: Session, close_id: int, employee_no: str) -> QuarterlyResult | None:
    return session.scalar(
        select(QuarterlyResult).where(
            QuarterlyResult.close_id == close_id, QuarterlyResult.employee_no == employee_no
        )
    )


def monthly_standing(session: Session, close_id: int) -> dict[str, tuple[int | None, int]]:
    """employee_no → (rank among agents or None, clean streak) frozen in a close.

    Next month's close reads both for 100,000 people: the progress award compares ranks and
    the 100% star counts the streak on (R-AWD-1).
    """
    rows = fetch_rows(
        session,
        select(
            MonthlyResult.employee_no,
            MonthlyResult.grp,
            MonthlyResult.rank,
            MonthlyResult.clean_streak,
        ).where(MonthlyResult.close_id == close_id),
    )
    return {no: (rank if grp == "csr" else None, streak) for no, grp, rank, streak in rows}


def monthly_inputs(session: Session, close_id: int) -> dict[str, dict[str, Any]]:
    """employee_no → frozen inputs of a close."""
    rows = fetch_rows(
        session,
        select(MonthlyResult.employee_no, MonthlyResult.inputs).where(
            MonthlyResult.close_id == close_id
        ),
    )
    return {no: inputs for no, inputs in rows}


class RawJSON(str):
    """JSON text already serialised (e.g. once for the digest and the insert alike)."""


def insert_rows(
    session: Session,
    table: type[MonthlyResult] | type[QuarterlyResult],
    rows: list[dict[str, Any]],
) -> None:
    """Bulk insert of rows given as dicts (JSON columns as data or as RawJSON text)."""
    if not rows:
        return
    columns = list(rows[0])
    t = table.__table__
    assert isinstance(t, Table)
    json_columns = [i for i, name in enumerate(columns) if isinstance(t.c[name].type, JSON)]
    values_of = operator.itemgetter(*columns)
    params: list[tuple[Any, ...]] = []
    for r in rows:
        values = list(values_of(r))
        for i in json_columns:
            v = values[i]
            if not isinstance(v, RawJSON):
                values[i] = orjson.dumps(v).decode("utf-8")
        params.append(tuple(values))
    insert_values(session, table, columns, params)


def insert_values(
    session: Session,
    table: type[MonthlyResult] | type[QuarterlyResult],
    columns: Sequence[str],
    params: Iterable[tuple[Any, ...]],
) -> None:
    """Bulk insert straight through the driver, in the session's transaction.

    ``params`` are value tuples in ``columns`` order with JSON columns already as text; they
    may be produced while they are written. A close writes up to 100,000 rows; going around
    SQLAlchemy's per-row parameter processing halves the time. Decimals are adapted here the
    way the column types would adapt them.
    """
    conn = session.connection()
    t = table.__table__
    assert isinstance(t, Table)
    if conn.dialect.name == "postgresql":
        # PostgreSQL loads rows fastest through COPY, on the session's own connection. The rows
        # are sent from a second thread while the next ones are built, and the server parses
        # them meanwhile on its own core.
        from psycopg.copy import QueuedLibpqWriter

        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(
            f"COPY {t.name} ({', '.join(columns)}) FROM STDIN",
            writer=QueuedLibpqWriter(cursor),  # type: ignore[arg-type]
        ) as copy:
            for values in params:
                copy.write_row(values)
        return
    numeric = [i for i, name in enumerate(columns) if isinstance(t.c[name].type, Numeric)]
    rows = list(params)
    if not rows:
        return
    if numeric and conn.dialect.name == "sqlite":
        adapted = []
        for row in rows:
            floats = list(row)
            for i in numeric:
                v = floats[i]
                if v is not None:
                    floats[i] = float(v)
            adapted.append(tuple(floats))
        rows = adapted
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {t.name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    )
    conn.exec_driver_sql(sql, rows)


def input_changes_after(session: Session, period: str, mark: int) -> list[InputChange]:
    """Logged input changes of a period with an id above ``mark`` (recorded at the last close)."""
    return list(
        session.scalars(
            select(InputChange)
            .where(InputChange.period == period, InputChange.id > mark)
            .order_by(InputChange.id)
        )
    )


def max_input_change_id(session: Session) -> int:
    return session.scalar(select(func.coalesce(func.max(InputChange.id), 0))) or 0


def person_results(session: Session, employee_no: str) -> list[tuple[str, int, MonthlyResult]]:
    """A person's row in the newest revision of every closed month: (month, revision, row)."""
    newest = (
        select(PeriodClose.period, func.max(PeriodClose.revision).label("revision"))
        .where(PeriodClose.kind == "monthly")
        .group_by(PeriodClose.period)
        .subquery()
    )
    rows = session.execute(
        select(PeriodClose.period, PeriodClose.revision, MonthlyResult)
        .join(
            newest,
            (newest.c.period == PeriodClose.period) & (newest.c.revision == PeriodClose.revision),
        )
        .join(MonthlyResult, MonthlyResult.close_id == PeriodClose.id)
        .where(PeriodClose.kind == "monthly", MonthlyResult.employee_no == employee_no)
        .order_by(PeriodClose.period)
    ).all()
    return [(p, r, row) for p, r, row in rows]


def has_scores(session: Session, month: str) -> bool:
    """Whether any 月度成绩 was imported for the month."""
    found = session.scalar(select(MonthlyScore.id).where(MonthlyScore.month == month).limit(1))
    return found is not None
