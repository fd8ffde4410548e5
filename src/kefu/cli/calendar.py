"""``kefu calendar show|check``: a month's working days and standard hours, schedule files."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kefu.cli.common import console, echo, handles_errors, session
from kefu.config import get_settings
from kefu.errors import KefuError
from kefu.explain.trace import num
from kefu.periods import Month
from kefu.policy.service import policy_for
from kefu.workdays.calendar import RULE, MonthDays
from kefu.workdays.files import CalendarFileInvalid, load_calendar, load_schedule_file

app = typer.Typer(
    help="法定节假日与调休: 某月的工作日与标准工时、检查节假日安排文件 (statutory calendar).",
    no_args_is_help=True,
)

_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class Format(StrEnum):
    table = "table"
    json = "json"


def _weekday(day: date) -> str:
    return _WEEKDAYS[day.weekday()]


def month_json(month: Month, days: MonthDays) -> dict[str, Any]:
    """The figures of ``kefu calendar show --format json``."""
    return {
        "month": str(month),
        "working_days": days.working_days,
        "standard_hours": num(days.standard_hours),
        "holidays": [
            {"date": h.day.isoformat(), "name": h.name, "statutory": h.statutory}
            for h in days.holidays
        ],
        "adjusted_workdays": [
            {"date": a.day.isoformat(), "name": a.name} for a in days.adjusted_workdays
        ],
        "sources": days.sources,
    }


def _print_table(month: Month, days: MonthDays, hours_per_day: str) -> None:
    summary = Table(title=f"{month} 工作日与标准工时 ({RULE})")
    for head in ("月份", "工作日 (天)", "每日工时", "标准工时 (小时)"):
        summary.add_column(head)
    summary.add_row(str(month), str(days.working_days), hours_per_day, num(days.standard_hours))
    console.print(summary)
    if days.holidays:
        off = Table(title="放假")
        for head in ("日期", "星期", "节日", "法定节假日"):
            off.add_column(head)
        for h in days.holidays:
            off.add_row(h.day.isoformat(), _weekday(h.day), h.name, "是" if h.statutory else "否")
        console.print(off)
    if days.adjusted_workdays:
        worked = Table(title="调休上班")
        for head in ("日期", "星期", "补哪个节日"):
            worked.add_column(head)
        for a in days.adjusted_workdays:
            worked.add_row(a.day.isoformat(), _weekday(a.day), a.name)
        console.print(worked)
    echo("来源: " + "；".join(days.sources))


@app.command("show")
@handles_errors
def show(
    month: Annotated[str, typer.Argument(help="YYYY-MM")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table | json")] = Format.table,
) -> None:
    """某月的工作日、标准工时 (R-HRS-1)、放假与调休上班日。"""
    m = Month.parse(month)
    calendar = load_calendar(get_settings().resolved_calendar_dir())
    calendar.schedule(m.year)  # a missing year is said before the database is opened
    with session() as s:
        in_force = policy_for(s, m)
    hours = in_force.policy.model.hours
    if hours is None:
        raise KefuError(
            f"{m} 生效的政策 {in_force.policy.label} 没有工时部分 (hours):"
            f"无法计算标准工时，请在政策中填写 hours.hours_per_working_day"
            f" (the policy in force has no hours section)"
        )
    in_force.policy.require("hours.hours_per_working_day", RULE)
    days = calendar.month(m, hours.hours_per_working_day)
    if fmt is Format.json:
        echo(json.dumps(month_json(m, days), ensure_ascii=False, indent=2))
        return
    hours_text = num(hours.hours_per_working_day)
    assert hours_text is not None
    _print_table(m, days, hours_text)


@app.command("check")
@handles_errors
def check(
    path: Annotated[Path, typer.Argument(help="节假日安排文件 (a schedule file, YYYY.yaml)")],
) -> None:
    """检查一个节假日安排文件: 未知的键、错误的日期、不在本年的日期、既放假又上班的日子。"""
    try:
        schedule = load_schedule_file(path)
    except CalendarFileInvalid as exc:
        for line in exc.problems:
            echo(line)
        raise typer.Exit(1) from None
    echo(
        f"节假日安排 {path} 检查通过: {schedule.year} 年，放假 {len(schedule.days_off)} 天"
        f"（其中法定节假日 {len(schedule.statutory)} 天），"
        f"调休上班 {len(schedule.adjusted_workdays)} 天 (schedule is sound)"
    )
