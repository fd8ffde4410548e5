"""Every query of closing: monthly inputs in bulk, closes and their results."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import JSON, Numeric, Table, func, select
from sqlalchemy.orm import Session

from kefu.closing.models import MonthlyResult, PeriodClose, QuarterlyResult
from kefu.scores.models import AttendanceSummary, AwardEvidence, InputChange, MonthlyScore


def scores_for(session: Session, month: str) -> dict[int, tuple[Decimal | None, ...]]:
    """employee id → (call_quality, work_ability, overall_conduct) for a month."""
    rows = (
        session.connection()
        .execute(
            select(
                MonthlyScore.employee_id,
                MonthlyScore.call_quality,
                MonthlyScore.work_ability,
                MonthlyScore.overall_conduct,
            ).where(MonthlyScore.month == month)
        )
        .all()
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def attendance_for(session: Session, cycle: str) -> dict[int, tuple[Any, ...]]:
    """employee id → the summary's figures, in AttendanceSummary field order."""
    rows = (
        session.connection()
        .execute(
            select(
                AttendanceSummary.employee_id,
                AttendanceSummary.absence_days,
                AttendanceSummary.personal_leave_days,
                AttendanceSummary.sick_leave_days,
                AttendanceSummary.late_count,
                AttendanceSummary.early_leave_count,
                AttendanceSummary.shift_swap_count,
                AttendanceSummary.unapproved_absence_days,
            ).where(AttendanceSummary.cycle == cycle)
        )
        .all()
    )
    return {r[0]: tuple(r[1:]) for r in rows}


def evidence_for(session: Session, months: Iterable[str]) -> dict[tuple[int, str], tuple[Any, ...]]:
    """(employee id, month) → the evidence figures, for the given months."""
    rows = (
        session.connection()
        .execute(
            select(
                AwardEvidence.employee_id,
                AwardEvidence.month,
                AwardEvidence.commendations,
                AwardEvidence.erroneous_work_orders,
                AwardEvidence.erroneous_refunds,
                AwardEvidence.min_monitoring_score,
                AwardEvidence.min_exam_score,
            ).where(AwardEvidence.month.in_(list(months)))
        )
        .all()
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


def monthly_streaks(session: Session, close_id: int) -> dict[str, int]:
    """employee_no → the clean streak frozen in a close (R-AWD-1, 百分百之星)."""
    rows = (
        session.connection()
        .execute(
            select(MonthlyResult.employee_no, MonthlyResult.clean_streak).where(
                MonthlyResult.close_id == close_id
            )
        )
        .all()
    )
    return {no: streak for no, streak in rows}


def quarterly_row(session: Session, close_id: int, employee_no: str) -> QuarterlyResult | None:
    return session.scalar(
        select(QuarterlyResult).where(
            QuarterlyResult.close_id == close_id, QuarterlyResult.employee_no == employee_no
        )
    )


def monthly_ranks(session: Session, close_id: int) -> dict[str, int]:
    """employee_no → rank of the agents ranked in a close."""
    rows = (
        session.connection()
        .execute(
            select(MonthlyResult.employee_no, MonthlyResult.rank).where(
                MonthlyResult.close_id == close_id,
                MonthlyResult.grp == "csr",
                MonthlyResult.rank.is_not(None),
            )
        )
        .all()
    )
    return {no: rank for no, rank in rows if rank is not None}


def monthly_inputs(session: Session, close_id: int) -> dict[str, dict[str, Any]]:
    """employee_no → frozen inputs of a close."""
    rows = (
        session.connection()
        .execute(
            select(MonthlyResult.employee_no, MonthlyResult.inputs).where(
                MonthlyResult.close_id == close_id
            )
        )
        .all()
    )
    return {no: inputs for no, inputs in rows}


class RawJSON(str):
    """JSON text already serialised (e.g. once for the digest and the insert alike)."""


def insert_rows(
    session: Session,
    table: type[MonthlyResult] | type[QuarterlyResult],
    rows: list[dict[str, Any]],
) -> None:
    """Bulk insert straight through the driver's executemany, in the session's transaction.

    A close writes up to 100,000 rows; going around SQLAlchemy's per-row parameter processing
    halves the time. Values are adapted here the way the column types would adapt them.
    """
    if not rows:
        return
    conn = session.connection()
    t = table.__table__
    assert isinstance(t, Table)
    columns = list(rows[0])
    kinds = {c.name: c.type for c in t.columns}
    sqlite = conn.dialect.name == "sqlite"

    def plan(name: str) -> Any:
        kind = kinds[name]
        if isinstance(kind, JSON):
            return lambda v: v if isinstance(v, RawJSON) else orjson.dumps(v).decode("utf-8")
        if sqlite and isinstance(kind, Numeric):
            return lambda v: None if v is None else float(v)
        return None

    # one C-level lookup of every column per row, then only the columns that need adapting
    values_of = operator.itemgetter(*columns)
    adapt = [(i, f) for i, name in enumerate(columns) if (f := plan(name)) is not None]
    params: list[Any] = []
    for r in rows:
        values = list(values_of(r))
        for i, f in adapt:
            values[i] = f(values[i])
        params.append(tuple(values))
    if conn.dialect.name == "postgresql":
        # PostgreSQL loads rows fastest through COPY, on the session's own connection
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {t.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for values in params:
                copy.write_row(values)
        return
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {t.name} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"
    )
    conn.exec_driver_sql(sql, params)


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
