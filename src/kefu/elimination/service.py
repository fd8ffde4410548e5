"""Use cases of the bottom list (末位名单, R-BOT-1): the last places of each closed month, the
runs of consecutive months in them and who is due.

The list reads the monthly closes — the newest revision of each closed month: the agents'
ranking (R-BON-2) — and the register (returns from standby, R-ORG-4), and runs the pure rules
of kefu.elimination.rules. The standby and dismissal cases it leads to are
kefu.elimination.case_service's. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.bonuses.rules import competition_rank, display_score
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import policy_of_close
from kefu.elimination import rules
from kefu.elimination.flows import FLOWS
from kefu.errors import KefuError, NotFound, PeriodNotClosed
from kefu.explain.trace import Step
from kefu.people.models import EmployeeRecord
from kefu.people.service import current_record, records_of
from kefu.periods import Month
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import BottomElimination
from kefu.policy.service import policy_for
from kefu.workflow.models import Case
from kefu.workflow.rules import ENDS

RULE = rules.RULE
AGENTS = "csr"  # the close's group of agents (客服代表): the ranking R-BOT-1 reads
STANDBY_STATUS = "standby"
LEFT = "left"

# the close's reason codes that keep an agent out of the ranking, by R-BOT-1's words
_EXCLUSIONS = {
    "excl.probation": "probation",
    "excl.standby": "standby",
    "excl.dismissed": "dismissed",
    "excl.absence": "absence",
    "excl.notice_unapproved": "notice",
    "excl.notice_sick": "notice",
    "excl.no_attendance": "no_attendance",
    "score.missing": "no_score",
}


# ---------------------------------------------------------------- policy


def bottom_policy(session: Session, month: Month) -> tuple[BottomElimination, LoadedPolicy]:
    """The bottom-elimination section of the policy in force in ``month``, or a refusal."""
    loaded = policy_for(session, month).policy
    section = loaded.model.bottom_elimination
    if section is None:
        raise KefuError(
            f"政策 {loaded.name} 没有末位淘汰 (bottom_elimination) 一节:无法认定末位 (R-BOT-1)"
        )
    return section, loaded


# ---------------------------------------------------------------- the closed months


def newest_closes(session: Session, through: Month | None = None) -> list[PeriodClose]:
    """The newest revision of every closed month (up to ``through``), oldest month first."""
    newest = (
        select(PeriodClose.period, func.max(PeriodClose.revision).label("revision"))
        .where(PeriodClose.kind == "monthly")
        .group_by(PeriodClose.period)
        .subquery()
    )
    stmt = (
        select(PeriodClose)
        .join(
            newest,
            (newest.c.period == PeriodClose.period) & (newest.c.revision == PeriodClose.revision),
        )
        .where(PeriodClose.kind == "monthly")
        .order_by(PeriodClose.period)
    )
    if through is not None:
        stmt = stmt.where(PeriodClose.period <= str(through))
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class ClosedMonth:
    """One closed month's ranking of the center, as far as the last places need it."""

    month: Month
    close: PeriodClose
    pool: int
    bottom: dict[str, rules.Placing]
    """Everyone at the bottom of the ranking (in the last places or next to them)."""
    ranks: dict[str, int] | None
    """The whole center's ranks when the close ranked by department (else the rows' ranks)."""


def closed_month(session: Session, close: PeriodClose, places: int) -> ClosedMonth:
    """The center's ranking of a closed month and its bottom (R-BON-2, R-BOT-1).

    A close that pooled the center (the usual case) already ranked it: only its bottom rows are
    read. A close that ranked each department apart is ranked again as one center, by the
    stored score and the policy's tie-breaker (the same R-BON-2 order).
    """
    month = Month.parse(close.period)
    bonus = policy_of_close(session, close).policy.model.monthly_bonus
    ranked = (
        MonthlyResult.close_id == close.id,
        MonthlyResult.grp == AGENTS,
        MonthlyResult.rank.is_not(None),
    )
    if bonus is not None and bonus.pool_scope == "department":
        tie_breaker = bonus.tie_breaker
        rows = session.execute(
            select(
                MonthlyResult.employee_no,
                MonthlyResult.name,
                MonthlyResult.score,
                MonthlyResult.inputs,
            ).where(*ranked)
        ).all()
        names = {no: name for no, name, _, _ in rows}
        entries = [
            (no, Decimal(str(score)), Decimal(str(inputs["components"][tie_breaker] or 0)))
            for no, _, score, inputs in rows
        ]
        ranks = {no: p.rank for no, p in competition_rank(entries).items()}
        ranking = [rules.Ranked(no, names[no], rank) for no, rank in ranks.items()]
        return ClosedMonth(
            month, close, len(ranks), rules.last_places(month, ranking, places), ranks
        )
    pool = session.scalar(select(func.count(MonthlyResult.id)).where(*ranked)) or 0
    if pool <= places:
        return ClosedMonth(month, close, pool, {}, None)
    boundary = session.scalar(
        select(MonthlyResult.rank)
        .where(*ranked)
        .order_by(MonthlyResult.rank.desc())
        .offset(places - 1)
        .limit(1)
    )
    bottom_rows = session.execute(
        select(MonthlyResult.employee_no, MonthlyResult.name, MonthlyResult.rank).where(
            *ranked, MonthlyResult.rank >= boundary
        )
    ).all()
    ranking = [rules.Ranked(no, name, rank) for no, name, rank in bottom_rows if rank]
    return ClosedMonth(month, close, pool, rules.last_places(month, ranking, places, pool), None)


@dataclass(frozen=True)
class MonthFigure:
    """A person's row in one closed month: rank, pool and score as shown."""

    month: str
    revision: int
    rank: int | None
    pool: int
    score: str | None
    in_last: bool
    why: tuple[str, ...]


def _why_unranked(score: Any, reasons: Sequence[Any]) -> tuple[str, ...]:
    found: list[str] = []
    for stored in reasons:
        code = Step.from_dict(stored).code
        name = _EXCLUSIONS.get(code)
        if name is not None and name not in found:
            found.append(name)
    if score is None and "no_score" not in found:
        found.append("no_score")
    return tuple(found) or ("excluded",)


def _rows_of(
    session: Session, months: Sequence[ClosedMonth], numbers: Iterable[str]
) -> dict[tuple[int, str], tuple[Any, ...]]:
    """(close id, 工号) → (name, group, rank, score, reasons) of the given people."""
    wanted = sorted(set(numbers))
    if not wanted or not months:
        return {}
    out: dict[tuple[int, str], tuple[Any, ...]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in session.execute(
            select(
                MonthlyResult.close_id,
                MonthlyResult.employee_no,
                MonthlyResult.name,
                MonthlyResult.grp,
                MonthlyResult.rank,
                MonthlyResult.score,
                MonthlyResult.reasons,
            ).where(
                MonthlyResult.close_id.in_([m.close.id for m in months]),
                MonthlyResult.employee_no.in_(chunk),
            )
        ):
            close_id, no, *rest = row
            out[(close_id, no)] = tuple(rest)
    return out


# ---------------------------------------------------------------- runs


@dataclass(frozen=True)
class Entry:
    """One person on the list: their run, where they stand, their register status and case."""

    employee_no: str
    name: str
    department: str | None
    team: str | None
    status: str | None
    """The register's status today (regular, standby, left …)."""
    left_on: date | None
    run: rules.Run
    figures: tuple[MonthFigure, ...]
    placing: rules.Placing | None
    """Where they stand in the listed month (None: not ranked that month)."""
    open_case: Case | None
    cases: tuple[Case, ...]

    @property
    def in_last(self) -> bool:
        return self.placing is not None and self.placing.in_last

    @property
    def gone(self) -> bool:
        return self.status == LEFT

    @property
    def actionable(self) -> rules.Due | None:
        """What HR may open now: the due case, when the person is still here and has none open."""
        if self.run.due is None or self.open_case is not None or self.gone:
            return None
        if self.status == STANDBY_STATUS:
            return None
        return self.run.due


@dataclass(frozen=True)
class BottomList:
    """The last places of one closed month and everyone due (R-BOT-1)."""

    month: Month | None
    revision: int | None
    policy_label: str | None
    places: int | None
    needed: int | None
    unranked_rule: str | None
    pool: int
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    @property
    def in_last(self) -> list[Entry]:
        return [e for e in self.entries if e.in_last]

    @property
    def due(self) -> list[Entry]:
        return [e for e in self.entries if e.actionable is not None]


def _cases_of(session: Session, numbers: Iterable[str]) -> dict[str, list[Case]]:
    wanted = sorted(set(numbers))
    out: dict[str, list[Case]] = {}
    if not wanted:
        return out
    for case in session.scalars(
        select(Case)
        .where(Case.kind.in_([f.kind for f in FLOWS]), Case.subject_no.in_(wanted))
        .order_by(Case.id)
    ):
        assert case.subject_no is not None
        out.setdefault(case.subject_no, []).append(case)
    return out


def _returned_on(history: Sequence[EmployeeRecord], until: date) -> date | None:
    """The day of the latest return from standby on or before ``until`` (the register)."""
    found = None
    previous = None
    for record in history:
        if record.effective_on > until:
            break
        if previous == STANDBY_STATUS and record.status != STANDBY_STATUS:
            found = record.effective_on
        previous = record.status
    return found


def _settled(person_cases: Sequence[Case]) -> tuple[Month | None, int | None, Case | None]:
    """The last month an ended case judged (and which), and the case still open, if any."""
    through: Month | None = None
    by: int | None = None
    still_open = None
    for case in person_cases:
        if case.state not in ENDS:
            still_open = case
            continue
        judged = Month.parse(case.data["through"]) if case.data.get("through") else None
        if judged is not None and (through is None or judged >= through):
            through, by = judged, case.id
    return through, by, still_open


def _calendar_months(first: Month, last: Month) -> list[Month]:
    out = [first]
    while out[-1] < last:
        out.append(out[-1].shift(1))
    return out


def _entries(
    session: Session,
    months: Sequence[ClosedMonth],
    numbers: Iterable[str],
    section: BottomElimination,
    today: date,
) -> list[Entry]:
    """Each person's marks, run and standing over the closed months (oldest first)."""
    numbers = sorted(set(numbers))
    if not months or not numbers:
        return []
    display = policy_of_close(session, months[-1].close).policy.model.display
    rows = _rows_of(session, months, numbers)
    by_month = {m.month: m for m in months}
    calendar = _calendar_months(months[0].month, months[-1].month)
    person_cases = _cases_of(session, numbers)
    places = section.last_places
    through = months[-1].month
    out: list[Entry] = []
    for no in numbers:
        marks: list[rules.MonthMark] = []
        figures: list[MonthFigure] = []
        name = no
        placing_now: rules.Placing | None = None
        for month in calendar:
            closed = by_month.get(month)
            if closed is None:
                marks.append(rules.mark_not_closed(month))
                continue
            row = rows.get((closed.close.id, no))
            placing = closed.bottom.get(no)
            if row is not None:
                name = row[0]
            rank: int | None
            if row is None or row[1] != AGENTS:
                rank = None
                why: tuple[str, ...] = ("not_listed",)
            elif closed.ranks is not None:
                rank = closed.ranks.get(no)
                why = () if rank is not None else _why_unranked(row[3], row[4])
            else:
                rank = row[2]
                why = () if rank is not None else _why_unranked(row[3], row[4])
            if rank is not None and placing is None:
                placing = rules.outside_last(month, no, name, rank, closed.pool, places)
            if placing is not None:
                marks.append(rules.mark_placed(placing))
            else:
                marks.append(rules.mark_unranked(month, why))
            if month == through:
                placing_now = placing
            score = None
            if row is not None and row[3] is not None:
                score = display_score(Decimal(str(row[3])), display)
            figures.append(
                MonthFigure(
                    str(month),
                    closed.close.revision,
                    rank,
                    closed.pool,
                    score,
                    placing is not None and placing.in_last,
                    why,
                )
            )
        history = records_of(session, no)
        returned_on = _returned_on(history, through.last_day)
        found = person_cases.get(no, [])
        settled_through, settled_by, still_open = _settled(found)
        run = rules.run_of(
            no,
            name,
            marks,
            section,
            returned_on=returned_on,
            settled_through=settled_through,
            settled_by=settled_by,
        )
        now = [r for r in history if r.effective_on <= today][-1:] or history[-1:]
        current = now[0] if now else None
        out.append(
            Entry(
                employee_no=no,
                name=current.name if current is not None else name,
                department=current.department if current is not None else None,
                team=current.team if current is not None else None,
                status=current.status if current is not None else None,
                left_on=current.left_on if current is not None else None,
                run=run,
                figures=tuple(figures),
                placing=placing_now,
                open_case=still_open,
                cases=tuple(found),
            )
        )
    return out


def _month_asked(session: Session, month: Month | None, today: date) -> list[PeriodClose]:
    """The closes up to the month asked (default: the newest closed month up to today)."""
    through = month if month is not None else Month.of(today)
    closes = newest_closes(session, through)
    if month is not None and (not closes or closes[-1].period != str(month)):
        raise PeriodNotClosed(
            f"月份 {month} 尚未结算:末位名单在月度结算后才有 (kefu close monthly {month})"
        )
    return closes


def bottom_list(
    session: Session,
    month: Month | None = None,
    *,
    today: date,
    viewer: Viewer | None = None,
) -> BottomList:
    """Who is in the last places of a closed month, for how many months running, and who is
    due (R-BOT-1). A team leader sees their team's people, HR and managers the center."""
    closes = _month_asked(session, month, today)
    if not closes:
        return BottomList(None, None, None, None, None, None, 0)
    through = Month.parse(closes[-1].period)
    section, loaded = bottom_policy(session, through)
    months = [closed_month(session, c, section.last_places) for c in closes]
    numbers = {no for m in months for no, p in m.bottom.items() if p.in_last}
    entries = [
        e
        for e in _entries(session, months, numbers, section, today)
        if (e.in_last or e.actionable is not None)
        and (viewer is None or viewer.sees(e.employee_no, e.department, e.team))
    ]
    entries.sort(
        key=lambda e: (
            not e.in_last,
            -(e.placing.rank if e.placing is not None else 0),
            e.employee_no,
        )
    )
    return BottomList(
        through,
        closes[-1].revision,
        loaded.label,
        section.last_places,
        section.consecutive_months,
        section.unranked_month,
        months[-1].pool,
        tuple(entries),
    )


def person_entry(
    session: Session, employee_no: str, month: Month | None = None, *, today: date
) -> Entry:
    """One person's months, run and explanation up to a closed month (R-BOT-1, R-EXP-1)."""
    if current_record(session, employee_no) is None:
        raise NotFound(f"系统中没有工号 {employee_no} (no such employee)")
    closes = _month_asked(session, month, today)
    if not closes:
        raise PeriodNotClosed("还没有结算过的月份:末位名单在月度结算后才有 (no month closed yet)")
    through = Month.parse(closes[-1].period)
    section, _ = bottom_policy(session, through)
    months = [closed_month(session, c, section.last_places) for c in closes]
    return _entries(session, months, [employee_no], section, today)[0]


# ---------------------------------------------------------------- weak areas


def weak_areas(
    session: Session, employee_no: str, months: Sequence[str]
) -> tuple[tuple[rules.Area, ...], tuple[Step, ...]]:
    """The person's score components over the run against the center's (every ranked agent)."""
    closes = {c.period: c for c in newest_closes(session)}
    own: dict[str, list[Decimal]] = {c: [] for c in rules.COMPONENTS}
    center: dict[str, tuple[Decimal, int]] = {c: (Decimal(0), 0) for c in rules.COMPONENTS}
    for period in months:
        close = closes.get(period)
        if close is None:
            continue
        for no, inputs in session.execute(
            select(MonthlyResult.employee_no, MonthlyResult.inputs).where(
                MonthlyResult.close_id == close.id,
                MonthlyResult.grp == AGENTS,
                MonthlyResult.rank.is_not(None),
            )
        ):
            components = inputs.get("components", {})
            for name in rules.COMPONENTS:
                value = components.get(name)
                if value is None:
                    continue
                amount = Decimal(str(value))
                total, count = center[name]
                center[name] = (total + amount, count + 1)
                if no == employee_no:
                    own[name].append(amount)
    return rules.weak_areas(own, center)
