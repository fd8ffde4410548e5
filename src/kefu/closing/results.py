"""Reading closed results: JSON-ready rows, the .xlsx bonus sheet and the explanation of a figure."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from threading import Lock
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from kefu.bonuses.monthly import compute_month
from kefu.bonuses.rules import display_score
from kefu.closing import repository as repo
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import person_from_inputs, policy_of_close
from kefu.errors import NotFound, PeriodNotClosed
from kefu.explain.messages import Lang, render
from kefu.explain.trace import Step
from kefu.periods import Month, Quarter
from kefu.policy.loader import LoadedPolicy

V = TypeVar("V")

# Reasons that restate a column of a results table (tier, leader place, stars, awards); tables
# leave them out of their 原因 column, a person's explanation shows every step.
COLUMN_REASONS = ("R-BON-3", "R-LQA-2", "R-STAR-1", "R-AWD-1")

GROUP_NAMES = {
    "csr": {"zh": "客服代表", "en": "CSR"},
    "leader_qa": {"zh": "组长及QA", "en": "Leader/QA"},
}


@dataclass(frozen=True)
class ClosedPeriod:
    """A close and its rows as plain dicts."""

    close: PeriodClose
    policy_label: str
    rows: list[dict[str, Any]]
    key: tuple[Any, ...] | None = None
    """Identifies a frozen revision's rows in this process (None for a filtered copy)."""


def _close(session: Session, kind: str, period: str, revision: int | None) -> PeriodClose:
    close = (
        repo.close_revision(session, kind, period, revision)
        if revision
        else repo.latest_close(session, kind, period)
    )
    if close is None:
        what = "月份" if kind == "monthly" else "季度"
        detail = f"修订 {revision} " if revision else ""
        raise PeriodNotClosed(
            f"{what} {period} {detail}尚未结算:请先执行 kefu close {kind} {period}"
        )
    return close


close_of = _close


def _yuan(value: Any) -> int:
    """Whole yuan for the JSON contract (amounts are whole yuan in every shipped policy)."""
    return int(Decimal(str(value)))


class FrozenCache(Generic[V]):
    """Values derived from closed revisions, kept in memory: a revision never changes.

    ``key`` holds the database, the close's id, its inputs digest and time, so a rebuilt
    database with the same ids is never mistaken for the old one. Callers must not change
    what they get (it is shared between requests).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[tuple[Any, ...], V] = OrderedDict()
        self.lock = Lock()

    @staticmethod
    def key(session: Session, close: PeriodClose, kind: str, lang: Lang) -> tuple[Any, ...]:
        url = session.get_bind().engine.url.render_as_string(hide_password=True)
        return (url, kind, close.id, close.inputs_digest, close.closed_at, lang)

    def get(self, key: tuple[Any, ...]) -> V | None:
        with self.lock:
            found = self.values.get(key)
            if found is not None:
                self.values.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], value: V) -> None:
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)


_FROZEN: FrozenCache[list[dict[str, Any]]] = FrozenCache(size=16)


def monthly(
    session: Session, month: Month, lang: Lang = "zh", revision: int | None = None
) -> ClosedPeriod:
    """Every person's figures of a closed month, in the issue's JSON shape (rows are shared)."""
    close = _close(session, "monthly", str(month), revision)
    policy = policy_of_close(session, close).policy
    key = _FROZEN.key(session, close, "monthly", lang)
    cached = _FROZEN.get(key)
    if cached is not None:
        return ClosedPeriod(close, policy.label, cached, key)
    rows = []
    for r in repo.monthly_rows(session, close.id):
        steps = [Step.from_dict(s) for s in r.reasons]
        rows.append(
            {
                "employee_no": r.employee_no,
                "name": r.name,
                "group": r.grp,
                "department": r.department,
                "team": r.inputs.get("team"),
                "score": None
                if r.score is None
                else display_score(Decimal(str(r.score)), policy.model.display),
                "rank": r.rank,
                "pool_size": r.pool_size,
                "tier": r.tier,
                "bonus": _yuan(r.bonus),
                "eligible": bool(r.eligible),
                "reasons": [render(s, lang) for s in steps if s.reason],
                "awards": [
                    {
                        "theme": a["theme"] if lang == "zh" else a["theme_en"],
                        "amount": _yuan(a["amount"]),
                    }
                    for a in r.awards
                ],
                "star_wage": _yuan(r.star_wage),
            }
        )
    _FROZEN.put(key, rows)
    return ClosedPeriod(close, policy.label, rows, key)


def quarterly(
    session: Session, quarter: Quarter, lang: Lang = "zh", revision: int | None = None
) -> ClosedPeriod:
    """Every agent's stars of a closed quarter."""
    close = _close(session, "quarterly", str(quarter), revision)
    policy = policy_of_close(session, close).policy
    rows = []
    for r in repo.quarterly_rows(session, close.id):
        steps = [Step.from_dict(s) for s in r.trace]
        rows.append(
            {
                "employee_no": r.employee_no,
                "name": r.name,
                "department": r.department,
                "team": r.inputs.get("team"),
                "score": None
                if r.score is None
                else display_score(Decimal(str(r.score)), policy.model.display),
                "rank": r.rank,
                "pool_size": r.pool_size,
                "stars": r.stars,
                "star_wage": _yuan(r.star_wage),
                "reasons": [render(s, lang) for s in steps if s.reason],
            }
        )
    return ClosedPeriod(close, policy.label, rows)


def explain(
    session: Session, month: Month, employee_no: str, lang: Lang = "zh", revision: int | None = None
) -> list[str]:
    """The full trace of one person's month: header, inputs, every step with its rule (R-EXP-1)."""
    close = _close(session, "monthly", str(month), revision)
    row = repo.monthly_row(session, close.id, employee_no)
    if row is None:
        raise NotFound(
            f"{month} 的结算结果中没有工号 {employee_no}"
            if lang == "zh"
            else f"No result for employee {employee_no} in {month}"
        )
    policy = policy_of_close(session, close).policy
    trace, consistent = _full_trace(session, close, row, policy)
    closed_at = close.closed_at.strftime("%Y-%m-%d %H:%M") if close.closed_at else ""
    if lang == "zh":
        header = [
            f"{row.name} ({row.employee_no}) {month.year}年{month.month}月 结算说明",
            f"结算: 修订 {close.revision},{closed_at} 由 {close.closed_by} 结算；政策: {policy.label}",
        ]
    else:
        header = [
            f"{row.name} ({row.employee_no}), {month}: how the figures were reached",
            f"Close: revision {close.revision}, {closed_at} by {close.closed_by}; policy: {policy.label}",
        ]
    lines = header + [f"  {i}. {render(s, lang)}" for i, s in enumerate(trace, 1)]
    if not consistent:
        lines.append(
            "注意: 以当前规则代码重算的结果与冻结结果不同，以冻结结果为准 (规则代码已更新)"
            if lang == "zh"
            else "Note: today's rules code gives a different result from the frozen one; "
            "the frozen result stands (the code changed since the close)"
        )
    score = (
        "-" if row.score is None else display_score(Decimal(str(row.score)), policy.model.display)
    )
    awards = sum((Decimal(a["amount"]) for a in row.awards), Decimal(0))
    total = Decimal(str(row.bonus)) + awards + Decimal(str(row.star_wage))
    if lang == "zh":
        lines.append(
            f"结果: 得分 {score}，名次 {row.rank or '-'} / {row.pool_size}，档位 {row.tier or '-'}，"
            f"月度奖金 {_yuan(row.bonus)} 元，表现优异奖 {_yuan(awards)} 元，"
            f"星级工资 {_yuan(row.star_wage)} 元，合计 {_yuan(total)} 元"
        )
    else:
        lines.append(
            f"Result: score {score}, rank {row.rank or '-'} of {row.pool_size}, tier {row.tier or '-'}, "
            f"bonus {_yuan(row.bonus)} yuan, awards {_yuan(awards)} yuan, "
            f"star wage {_yuan(row.star_wage)} yuan, total {_yuan(total)} yuan"
        )
    return lines


def explain_quarter(
    session: Session,
    quarter: Quarter,
    employee_no: str,
    lang: Lang = "zh",
    revision: int | None = None,
) -> list[str]:
    """The trace of one agent's stars: the three monthly scores, the mean, rank and band."""
    close = _close(session, "quarterly", str(quarter), revision)
    row = repo.quarterly_row(session, close.id, employee_no)
    if row is None:
        raise NotFound(
            f"{quarter} 的星级结果中没有工号 {employee_no}"
            if lang == "zh"
            else f"No star result for employee {employee_no} in {quarter}"
        )
    policy = policy_of_close(session, close).policy
    closed_at = close.closed_at.strftime("%Y-%m-%d %H:%M") if close.closed_at else ""
    months = ", ".join(
        f"{m} (修订 {r})" if lang == "zh" else f"{m} (rev. {r})"
        for m, r in row.inputs.get("month_revisions", {}).items()
    )
    paid = ", ".join(
        str(m)
        for m in quarter.paid_months(policy.model.stars.paid_months if policy.model.stars else 3)
    )
    if lang == "zh":
        lines = [
            f"{row.name} ({row.employee_no}) {quarter} 星级说明",
            f"结算: 修订 {close.revision}，{closed_at} 由 {close.closed_by} 结算；政策: {policy.label}",
            f"所用月度结算: {months}",
        ]
    else:
        lines = [
            f"{row.name} ({row.employee_no}), {quarter}: how the stars were reached",
            f"Close: revision {close.revision}, {closed_at} by {close.closed_by}; policy: {policy.label}",
            f"Monthly closes used: {months}",
        ]
    lines += [f"  {i}. {render(Step.from_dict(s), lang)}" for i, s in enumerate(row.trace, 1)]
    wage = _yuan(row.star_wage)
    lines.append(
        f"结果: {row.stars} 星，星级工资每月 {wage} 元，于 {paid} 发放"
        if lang == "zh"
        else f"Result: {row.stars} star(s), star wage {wage} yuan a month, paid in {paid}"
    )
    return lines


def _full_trace(
    session: Session, close: PeriodClose, row: MonthlyResult, policy: LoadedPolicy
) -> tuple[list[Step], bool]:
    """Re-run the close's pure computation on its frozen inputs, tracing one person (R-EXP-1).

    Returns the steps and whether the recomputed figures equal the frozen ones.
    """
    inputs = repo.monthly_inputs(session, close.id)
    people = [person_from_inputs(no, d) for no, d in inputs.items()]
    outcome = next(
        o
        for o in compute_month(policy, close.period, people, traced={row.employee_no})
        if o.employee_no == row.employee_no
    )
    same = (
        (outcome.score is None) == (row.score is None)
        and (outcome.score is None or outcome.score == Decimal(str(row.score)))
        and outcome.rank == row.rank
        and outcome.tier == row.tier
        and outcome.bonus == Decimal(str(row.bonus))
        and outcome.star_wage == Decimal(str(row.star_wage))
        and sorted(a.key for a in outcome.awards) == sorted(a["key"] for a in row.awards)
    )
    return outcome.trace, same


MONTHLY_COLUMNS = [
    ("employee_no", "工号", "Employee no.", 10),
    ("name", "姓名", "Name", 10),
    ("department", "部门", "Department", 12),
    ("group", "组别", "Group", 10),
    ("score", "当月得分", "Score", 9),
    ("rank", "排名", "Rank", 6),
    ("pool_size", "排名人数", "Pool size", 8),
    ("tier", "档位", "Tier", 6),
    ("bonus", "月度奖金(元)", "Bonus (yuan)", 11),
    ("awards_text", "表现优异奖", "Awards", 22),
    ("awards_total", "优异奖金额(元)", "Awards (yuan)", 12),
    ("star_wage", "星级工资(元)", "Star wage (yuan)", 11),
    ("total", "合计(元)", "Total (yuan)", 10),
    ("eligible", "享有月度奖金", "Eligible", 10),
    ("reasons", "原因", "Reasons", 80),
]


def write_monthly_xlsx(period: ClosedPeriod, path: Path, lang: Lang = "zh") -> None:
    """The bonus sheet for payroll: one row a person, totals, and a sheet saying what it is."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    money = wb.add_format({"num_format": "#,##0"})
    wrap = wb.add_format({"text_wrap": False})
    bold_money = wb.add_format({"num_format": "#,##0", "bold": True})
    sheet_name = "奖金表" if lang == "zh" else "Bonuses"
    ws = wb.add_worksheet(sheet_name)
    for c, (_, zh, en, width) in enumerate(MONTHLY_COLUMNS):
        ws.write(0, c, zh if lang == "zh" else en, head)
        ws.set_column(c, c, width)
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    for i, row in enumerate(period.rows, start=1):
        awards_total = sum(a["amount"] for a in row["awards"])
        values = {
            **row,
            "group": GROUP_NAMES[row["group"]][lang],
            "awards_text": "、".join(f"{a['theme']} {a['amount']}" for a in row["awards"]),
            "awards_total": awards_total,
            "total": row["bonus"] + awards_total + row["star_wage"],
            "eligible": yes if row["eligible"] else no,
            "reasons": ";".join(row["reasons"]),
        }
        for c, (key, *_rest) in enumerate(MONTHLY_COLUMNS):
            value = values[key]
            if key in {"bonus", "awards_total", "star_wage", "total"}:
                ws.write_number(i, c, value, money)
            elif value is None:
                ws.write_blank(i, c, None)
            elif key in {"rank", "pool_size"}:
                ws.write_number(i, c, value)
            else:
                ws.write_string(i, c, str(value), wrap)
    last = len(period.rows)
    ws.write(last + 1, 0, "合计" if lang == "zh" else "Total", head)
    for c, (key, *_rest) in enumerate(MONTHLY_COLUMNS):
        if key in {"bonus", "awards_total", "star_wage", "total"} and last:
            col = xlsxwriter.utility.xl_col_to_name(c)
            total = sum(_row_value(r, key) for r in period.rows)
            ws.write_formula(last + 1, c, f"=SUM({col}2:{col}{last + 1})", bold_money, total)
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(last, 1), len(MONTHLY_COLUMNS) - 1)
    info = wb.add_worksheet("说明" if lang == "zh" else "About")
    close = period.close
    lines = [
        ("期间", "Period", close.period),
        ("修订", "Revision", close.revision),
        ("结算人", "Closed by", close.closed_by),
        (
            "结算时间",
            "Closed at",
            close.closed_at.strftime("%Y-%m-%d %H:%M") if close.closed_at else "",
        ),
        ("政策", "Policy", period.policy_label),
        ("人数", "People", len(period.rows)),
    ]
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 48)
    for i, (zh, en, value) in enumerate(lines):
        info.write(i, 0, zh if lang == "zh" else en, head)
        info.write(i, 1, str(value))
    wb.close()


def _row_value(row: dict[str, Any], key: str) -> int:
    awards = sum(a["amount"] for a in row["awards"])
    if key == "awards_total":
        return int(awards)
    if key == "total":
        return int(row["bonus"] + awards + row["star_wage"])
    return int(row[key])


QUARTERLY_COLUMNS = [
    ("employee_no", "工号", "Employee no.", 10),
    ("name", "姓名", "Name", 10),
    ("department", "部门", "Department", 12),
    ("score", "季度得分", "Quarter score", 9),
    ("rank", "排名", "Rank", 6),
    ("pool_size", "排名人数", "Pool size", 8),
    ("stars", "星级", "Stars", 6),
    ("star_wage", "星级工资(元/月)", "Star wage (yuan/month)", 14),
    ("reasons", "原因", "Reasons", 80),
]


def write_quarterly_xlsx(period: ClosedPeriod, path: Path, lang: Lang = "zh") -> None:
    """The quarter's stars as a sheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    ws = wb.add_worksheet("星级" if lang == "zh" else "Stars")
    for c, (_, zh, en, width) in enumerate(QUARTERLY_COLUMNS):
        ws.write(0, c, zh if lang == "zh" else en, head)
        ws.set_column(c, c, width)
    for i, row in enumerate(period.rows, start=1):
        for c, (key, *_rest) in enumerate(QUARTERLY_COLUMNS):
            value = ";".join(row["reasons"]) if key == "reasons" else row[key]
            if value is None:
                ws.write_blank(i, c, None)
            elif isinstance(value, int):
                ws.write_number(i, c, value)
            else:
                ws.write_string(i, c, str(value))
    ws.freeze_panes(1, 2)
    wb.close()
