"""Queries of the monthly inputs (月度成绩) for viewing, by 工号."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.people.models import Employee
from kefu.scores.models import MonthlyScore


def score_months(session: Session) -> list[str]:
    """Months that have scores, newest first."""
    return list(
        session.scalars(select(MonthlyScore.month).distinct().order_by(MonthlyScore.month.desc()))
    )


def month_scores(
    session: Session, month: str
) -> list[tuple[str, Decimal | None, Decimal | None, Decimal | None]]:
    """(工号, 通话评估成绩, 工作评估成绩, 综合工作表现) of everyone scored in a month."""
    rows = session.execute(
        select(
            Employee.employee_no,
            MonthlyScore.call_quality,
            MonthlyScore.work_ability,
            MonthlyScore.overall_conduct,
        )
        .join(Employee, Employee.id == MonthlyScore.employee_id)
        .where(MonthlyScore.month == month)
        .order_by(Employee.employee_no)
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]
