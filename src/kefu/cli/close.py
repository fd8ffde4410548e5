"""``kefu close monthly YYYY-MM`` and ``kefu close quarterly YYYYQn``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kefu.cli.common import actor, echo, handles_errors, session
from kefu.closing.service import CloseReport, close_month, close_quarter
from kefu.errors import KefuError
from kefu.periods import Month, Quarter

app = typer.Typer(help="结算并冻结一个期间 (close and freeze a period).", no_args_is_help=True)


def _show(report: CloseReport) -> None:
    what = "月份" if report.kind == "monthly" else "季度"
    if not report.created:
        echo(
            f"{what} {report.period} 输入与政策均无变化，仍为修订 {report.revision} (nothing changed)"
        )
        return
    echo(
        f"{what} {report.period} 已结算: 修订 {report.revision},{report.people} 人，政策 {report.policy_label}"
    )
    totals = "、".join(f"{k} {v} 元" for k, v in report.totals.items())
    echo(f"金额合计: {totals}")
    if report.revision > 1:
        echo(
            f"与修订 {report.revision - 1} 相比的变化 (changes since revision {report.revision - 1}):"
        )
        for c in report.input_changes:
            who = f" — {c['by']} {c['at']} ({c['source']})" if c.get("by") else ""
            echo(f"  输入 {c['employee_no']} {c['field']}: {_v(c['old'])} → {_v(c['new'])}{who}")
        for c in report.result_changes:
            echo(f"  结果 {c['employee_no']} {c['field']}: {_v(c['old'])} → {_v(c['new'])}")
        if not report.input_changes and not report.result_changes:
            echo("  (政策变化，结果相同)")


def _v(value: Any) -> str:
    return "(空)" if value is None else str(value)


@app.command("monthly")
@handles_errors
def monthly(month: Annotated[str, typer.Argument(help="YYYY-MM")]) -> None:
    """结算月度: 得分、排名、奖金档位、组长及QA奖金、表现优异奖、星级工资。"""
    m = Month.parse(month)
    with session() as s:
        report = close_month(s, m, actor())
    _show(report)
    _bottom(m)


def _bottom(month: Month) -> None:
    """After the close: who is now in the center's last places and who is due (R-BOT-1)."""
    from kefu.elimination.service import bottom_list

    with session() as s:
        try:
            found = bottom_list(s, month, today=month.last_day)
        except KefuError:
            return  # a policy without bottom elimination: nothing to list
    if found.month is None:
        return
    echo(
        f"末位名单: {len(found.in_last)} 人在后 {found.places} 名，{len(found.due)} 人应办理"
        f" (kefu bottom list {month})"
    )


@app.command("quarterly")
@handles_errors
def quarterly(quarter: Annotated[str, typer.Argument(help="YYYYQn, e.g. 2026Q3")]) -> None:
    """结算季度星级 (R-STAR-1)，于之后三个月发放。"""
    q = Quarter.parse(quarter)
    with session() as s:
        report = close_quarter(s, q, actor())
    _show(report)
