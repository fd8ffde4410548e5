"""``kefu roster …``, ``kefu attendance …`` and ``kefu comp-time show``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kefu.cli.common import (
    actor,
    console,
    echo,
    handles_errors,
    refusal_recorded,
    session,
    staff_no_param,
)
from kefu.errors import NotFound
from kefu.periods import Month

roster_app = typer.Typer(help="排班 (the shift roster).", no_args_is_help=True)
attendance_app = typer.Typer(
    help="考勤记录与请假 (attendance records and leave).", no_args_is_help=True
)
comp_time_app = typer.Typer(help="换休台账 (the comp-time ledger).", no_args_is_help=True)


def _imported(path: Path, only: str) -> None:
    from kefu.attendance.service import import_attendance

    kind = "shift_roster" if only == "roster" else "attendance_events"
    with refusal_recorded(path.name, kind), session() as s:
        report = import_attendance(s, path, actor(), only=only)
    echo(
        f"已导入 {report.people} 人: 班次 {report.shifts} 个，休息日 {report.rest_days} 个，"
        f"考勤记录 {report.events} 条"
    )


@roster_app.command("import")
@handles_errors
def roster_import(path: Annotated[Path, typer.Argument(help="排班表 .xlsx")]) -> None:
    """导入排班(月度表格):全部正确才写入，否则列出每处错误 (exit 2)。"""
    _imported(path, "roster")


@roster_app.command("template")
@handles_errors
def roster_template(
    month: Annotated[str, typer.Argument(help="YYYY-MM: 该月的考勤周期")],
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.xlsx")],
    team: Annotated[str | None, typer.Option("--team", help="只列出某个班组")] = None,
) -> None:
    """排班模板: 考勤周期的每一天一列，列出在职员工，已有排班预先填好。"""
    from kefu.attendance import repository as repo
    from kefu.attendance.service import cycle_of, hours_policy
    from kefu.attendance.templates import write_roster_template
    from kefu.people import service as people
    from kefu.people.rules import month_state
    from kefu.policy.service import policy_for

    m = Month.parse(month)
    with session() as s:
        policy = policy_for(s, m)
        hours = hours_policy(policy)
        start, end = cycle_of(policy, m)
        listed = []
        ids = {}
        for no, (emp_id, records) in sorted(people.histories(s, end).items()):
            state = month_state(no, records, m)
            if state is None or not state.employed:
                continue
            if team and state.current.team != team:
                continue
            listed.append((no, state.current.name, state.current.team))
            ids[emp_id] = no
        planned = repo.roster_between(s, start, end, list(ids))
        filled = {(ids[e], d): code for e, days in planned.items() for d, code in days}
    write_roster_template(output, start, end, listed, hours.shift_types, filled)
    echo(f"已写入排班模板 {output}: {start.isoformat()} 至 {end.isoformat()}，{len(listed)} 人")


@attendance_app.command("import")
@handles_errors
def attendance_import(path: Annotated[Path, typer.Argument(help="考勤记录 .xlsx")]) -> None:
    """导入考勤记录(打卡或例外):全部正确才写入，否则列出每处错误 (exit 2)。"""
    _imported(path, "events")


@attendance_app.command("template")
@handles_errors
def attendance_template(
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.xlsx")],
) -> None:
    """考勤记录模板(打卡、迟到、早退、请假、换班、旷工)。"""
    from kefu.attendance.templates import write_events_template

    write_events_template(output)
    echo(f"已写入模板 {output}")


@attendance_app.command("show")
@handles_errors
def attendance_show(
    employee_no: Annotated[str, typer.Argument(help="工号", callback=staff_no_param)],
    month: Annotated[str, typer.Argument(help="YYYY-MM: 该月的考勤周期")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """某人某考勤周期的每一天: 班次、出勤、迟到早退、工时。"""
    from kefu.attendance.service import cycle_attendance, cycle_setting
    from kefu.people import service as people

    m = Month.parse(month)
    with session() as s:
        ids = people.employee_ids(s, [employee_no])
        if employee_no not in ids:
            raise NotFound(f"没有工号为 {employee_no} 的员工")
        setting = cycle_setting(s, m)
        found = cycle_attendance(s, setting, [ids[employee_no]]).get(ids[employee_no])
    if found is None:
        echo(f"{employee_no} 在 {m} 考勤周期 ({setting.start}—{setting.end}) 没有排班")
        return
    summary = found.summary()
    data = {
        "employee_no": employee_no,
        "cycle": str(m),
        "start": setting.start.isoformat(),
        "end": setting.end.isoformat(),
        "counted_hours": str(found.counted_hours),
        "standard_hours": str(setting.standard_hours),
        "holiday_hours": str(found.holiday_hours),
        "night_shifts": found.night_shifts,
        "shifts_worked": found.shifts_worked,
        "absence_days": str(summary.absence_days),
        "personal_leave_days": str(summary.personal_leave_days),
        "sick_leave_days": str(summary.sick_leave_days),
        "unapproved_absence_days": str(summary.unapproved_absence_days),
        "late_count": summary.late_count,
        "early_leave_count": summary.early_leave_count,
        "shift_swap_count": summary.shift_swap_count,
    }
    if fmt == "json":
        echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{employee_no} 考勤周期 {m} ({setting.start} 至 {setting.end})")
    table.add_column("项目")
    table.add_column("数值", justify="right")
    names = {
        "counted_hours": "计算工时",
        "standard_hours": "标准工时",
        "holiday_hours": "国定假日工时",
        "night_shifts": "夜班次数",
        "shifts_worked": "出勤班次",
        "absence_days": "缺勤天数",
        "personal_leave_days": "事假天数",
        "sick_leave_days": "病假天数",
        "unapproved_absence_days": "旷工天数",
        "late_count": "迟到次数",
        "early_leave_count": "早退次数",
        "shift_swap_count": "主动换班次数",
    }
    for key, label in names.items():
        table.add_row(label, str(data[key]))
    console.print(table)


@comp_time_app.command("show")
@handles_errors
def comp_time_show(
    employee_no: Annotated[str, typer.Argument(help="工号", callback=staff_no_param)],
    month: Annotated[str | None, typer.Option("--through", help="YYYY-MM (默认: 本月)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """换休台账: 每月工时与标准工时、待补工时、换休的获得/使用/抵扣/过期，以及余额。"""
    from datetime import date

    from kefu.attendance.service import ledgers
    from kefu.people import service as people

    through = Month.parse(month) if month else Month.of(date.today())
    with session() as s:
        ids = people.employee_ids(s, [employee_no])
        if employee_no not in ids:
            raise NotFound(f"没有工号为 {employee_no} 的员工")
        found, _ = ledgers(s, through, [ids[employee_no]])
    ledger = found.get(ids[employee_no])
    if ledger is None:
        echo(f"{employee_no} 截至 {through} 没有排班记录，没有工时台账")
        return
    if fmt == "json":
        echo(json.dumps(ledger_json(employee_no, ledger), ensure_ascii=False, indent=2))
        return
    months = Table(title=f"{employee_no} 工时台账 (R-HRS-1)")
    for col in (
        "周期",
        "计算工时",
        "标准工时",
        "上期待补",
        "换休使用",
        "超出(存入换休)",
        "不足",
        "换休抵扣",
        "转下期待补",
    ):
        months.add_column(col, justify="right")
    for p in ledger.periods:
        months.add_row(
            p.period,
            *(
                str(v)
                for v in (
                    p.counted,
                    p.standard,
                    p.carried_in,
                    p.comp_time_used,
                    p.surplus,
                    p.shortfall,
                    p.offset,
                    p.carried_out,
                )
            ),
        )
    console.print(months)
    entries = Table(title=f"{employee_no} 换休台账 (R-HRS-2，先到期先用)")
    for col in ("日期", "类型", "小时", "来源(获得日)", "到期日", "余额"):
        entries.add_column(col)
    kinds = {"earned": "获得", "used": "使用", "offset": "抵扣不足工时", "expired": "过期"}
    for e in ledger.entries:
        entries.add_row(
            e.on.isoformat(),
            kinds.get(e.kind, e.kind),
            str(e.hours),
            e.lot_earned_on.isoformat(),
            e.lot_expires_on.isoformat(),
            str(e.balance_after),
        )
    console.print(entries)
    echo(f"换休余额: {ledger.balance} 小时；待补工时: {ledger.carried_shortfall} 小时")


def ledger_json(employee_no: str, ledger: object) -> dict[str, object]:
    """A ledger as JSON-safe data (CLI and API)."""
    from kefu.attendance.ledger import Ledger

    assert isinstance(ledger, Ledger)
    return {
        "employee_no": employee_no,
        "balance": str(ledger.balance),
        "carried_shortfall": str(ledger.carried_shortfall),
        "periods": [
            {
                "period": p.period,
                "counted": str(p.counted),
                "standard": str(p.standard),
                "carried_in": str(p.carried_in),
                "required": str(p.required),
                "comp_time_used": str(p.comp_time_used),
                "surplus": str(p.surplus),
                "shortfall": str(p.shortfall),
                "offset": str(p.offset),
                "carried_out": str(p.carried_out),
            }
            for p in ledger.periods
        ],
        "entries": [
            {
                "on": e.on.isoformat(),
                "kind": e.kind,
                "hours": str(e.hours),
                "lot_earned_on": e.lot_earned_on.isoformat(),
                "lot_expires_on": e.lot_expires_on.isoformat(),
                "balance_after": str(e.balance_after),
                "rule": e.rule,
            }
            for e in ledger.entries
        ],
        "lots": [
            {
                "earned_on": lot.earned_on.isoformat(),
                "expires_on": lot.expires_on.isoformat(),
                "hours": str(lot.hours),
                "remaining": str(lot.remaining),
            }
            for lot in ledger.lots
        ],
    }
