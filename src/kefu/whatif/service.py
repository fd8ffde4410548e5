"""Use case of what-if (假设测算): a closed month recomputed under a draft policy, nothing written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.bonuses.monthly import MonthlyOutcome, compute_month
from kefu.closing import repository as repo
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import person_from_inputs, policy_of_close
from kefu.errors import NotFound, PeriodNotClosed
from kefu.periods import Month
from kefu.whatif.rules import WhatIf, compare, parse_draft, unreflected_sections


def what_if(
    session: Session,
    month: Month,
    draft_text: str,
    revision: int | None = None,
    source: str = "",
) -> WhatIf:
    """A closed month under its own policy and under a draft, person by person; writes nothing.

    Both sides re-run the monthly close on the inputs frozen with the close (the newest
    revision unless one is given), so the only difference between them is the policy.
    """
    close = closed_month(session, month, revision)
    current = policy_of_close(session, close).policy
    draft = parse_draft(draft_text, source)
    rows = repo.monthly_rows(session, close.id)
    people = [person_from_inputs(r.employee_no, r.inputs) for r in rows]
    # traced=(): keep only the reasons; a what-if shows figures, not each step
    old = compute_month(current, close.period, people, traced=())
    new = compute_month(draft, close.period, people, traced=())
    return replace(
        compare(old, new, teams={p.employee_no: p.team for p in people}),
        month=close.period,
        revision=close.revision,
        old_policy=current.label,
        new_policy=draft.label,
        display=current.model.display,
        baseline_matches_close=_reproduces(rows, old),
        unreflected_sections=unreflected_sections(current, draft),
    )


def closed_month(session: Session, month: Month, revision: int | None = None) -> PeriodClose:
    """The month's newest close (or the given revision); refuses a month never closed."""
    period = str(month)
    close = (
        repo.latest_close(session, "monthly", period)
        if revision is None
        else repo.close_revision(session, "monthly", period, revision)
    )
    if close is not None:
        return close
    existing = repo.revisions(session, "monthly", period)
    if not existing:
        raise PeriodNotClosed(
            f"月份 {period} 尚未结算，不能做假设测算：请先执行 kefu close monthly {period}"
        )
    raise NotFound(
        f"月份 {period} 没有修订 {revision}；已有修订：{'、'.join(str(r) for r in existing)}"
    )


def _reproduces(rows: Sequence[MonthlyResult], outcomes: Sequence[MonthlyOutcome]) -> bool:
    """Whether today's rules code gives the frozen figures again (else the code changed)."""
    by_no = {o.employee_no: o for o in outcomes}
    return all(_same(r, by_no[r.employee_no]) for r in rows)


def _same(row: MonthlyResult, outcome: MonthlyOutcome) -> bool:
    return (
        outcome.tier == row.tier
        and outcome.bonus == Decimal(str(row.bonus))
        and outcome.star_wage == Decimal(str(row.star_wage))
        and sorted(a.key for a in outcome.awards) == sorted(a["key"] for a in row.awards)
    )
