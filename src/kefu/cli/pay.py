"""``kefu pay close YYYY-MM``, ``kefu pay results YYYY-MM`` and ``kefu pay explain``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kefu.cli.common import actor, console, echo, handles_errors, session, staff_no_param
from kefu.errors import KefuError
from kefu.periods import Month

app = typer.Typer(
    help="薪资结算与工资表 (the monthly pay close and pay sheet).", no_args_is_help=True
)


@app.command("close")
@handles_errors
def close(month: Annotated[str, typer.Argument(help="YYYY-MM")]) -> None:
    """结算某月薪资: 基本工资+星级工资+奖金+津贴−扣款 (R-PAY-1..3)，冻结工时与换休台账。"""
    from kefu.pay.service import close_pay

    m = Month.parse(month)
    with session() as s:
        report = close_pay(s, m, actor())
    if not report.created:
        echo(f"{m} 薪资的输入与政策均无变化，仍为修订 {report.revision} (nothing changed)")
        return
    echo(f"{m} 薪资已结算: 修订 {report.revision}，{report.people} 人，政策 {report.policy_label}")
    t = report.totals
    echo(f"应发合计 {t['gross']} 元，扣款合计 {t['deductions']} 元，实发合计 {t['net']} 元")
    if report.revision > 1:
        echo(f"与修订 {report.revision - 1} 相比的变化:")
        for c in report.result_changes:
            old, new = ("—" if v is None else v for v in (c["old"], c["new"]))  # a line not paid
            echo(f"  {c['employee_no']} {c['field']}: {old} → {new}")
        if not report.result_changes:
            echo("  (结果相同)")


@app.command("results")
@handles_errors
def results(
    month: Annotated[str, typer.Argument(help="YYYY-MM")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | xlsx")] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出文件 (xlsx 必填)")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
    revision: Annotated[int | None, typer.Option("--revision", help="某一修订 (默认最新)")] = None,
) -> None:
    """工资表: 每人每项金额、应发、扣款、实发，以及工时与换休余额。"""
    from kefu.pay.sheet import pay_sheet, write_pay_xlsx

    if fmt not in ("table", "json", "xlsx"):
        raise KefuError(f"--format 应为 table、json 或 xlsx，而不是「{fmt}」")
    m = Month.parse(month)
    with session() as s:
        sheet = pay_sheet(s, m, revision)
    if fmt == "json":
        text = json.dumps(sheet.rows, ensure_ascii=False, indent=2)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            echo(f"已写入 {output}")
        else:
            echo(text)
        return
    if fmt == "xlsx":
        if output is None:
            raise KefuError("xlsx 格式需要 -o 文件名.xlsx")
        write_pay_xlsx(sheet, output, "en" if lang == "en" else "zh")
        echo(f"已写入 {output} ({len(sheet.rows)} 人，修订 {sheet.close.revision})")
        return
    table = Table(title=f"{m} 工资表 (修订 {sheet.close.revision}；各项明细见 xlsx 或 json)")
    for col, justify in (
        ("工号", "left"),
        ("姓名", "left"),
        ("部门", "left"),
        ("基本工资", "right"),
        ("星级+奖金", "right"),
        ("津贴", "right"),
        ("应发", "right"),
        ("扣款", "right"),
        ("实发", "right"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in sheet.rows:
        earned = sum(Decimal(r[c]) for c in ("star_wage", "monthly_bonus", "award"))
        allowances = sum(
            Decimal(r[c])
            for c in ("night_allowance", "meal_allowance", "holiday_pay", "other_allowance")
        )
        table.add_row(
            r["employee_no"],
            r["name"],
            r["department"],
            r["base"],
            f"{earned:.2f}",
            f"{allowances:.2f}",
            r["gross"],
            r["deductions"],
            r["net"],
        )
    console.print(table)


@app.command("explain")
@handles_errors
def explain(
    employee_no: Annotated[str, typer.Argument(help="工号", callback=staff_no_param)],
    month: Annotated[str, typer.Argument(help="YYYY-MM")],
    lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
) -> None:
    """说明某人某月工资的每一项: 输入、政策版本、计算步骤和规则编号 (R-EXP-1)。"""
    from kefu.explain.messages import Lang, render
    from kefu.explain.trace import Step
    from kefu.pay.service import pay_close_of, person_pay
    from kefu.policy.models import PolicyVersion
    from kefu.policy.service import load_version

    m = Month.parse(month)
    language: Lang = "en" if lang == "en" else "zh"
    with session() as s:
        row = person_pay(s, m, employee_no)
        close = pay_close_of(s, m)
        version = s.get(PolicyVersion, close.policy_version_id)
        label = load_version(version).label if version else ""
        steps = [Step.from_dict(d) for d in row.reasons]
    echo(f"{row.employee_no} {row.name} {m} 工资 (修订 {close.revision}，政策 {label})")
    for step in steps:
        echo(f"  {render(step, language)}")
    echo(f"实发 {row.net} 元")
