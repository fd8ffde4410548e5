"""``kefu results monthly|quarterly`` and ``kefu explain``."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kefu.cli.common import console, echo, handles_errors, session, staff_no_param
from kefu.closing import results as res
from kefu.errors import KefuError
from kefu.explain.messages import Lang
from kefu.periods import Month, Quarter

app = typer.Typer(help="查看已结算的结果 (results of closed periods).", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


class LangOpt(StrEnum):
    zh = "zh"
    en = "en"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table | json | xlsx")]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="输出文件 (xlsx 必填)")]
LangOption = Annotated[LangOpt, typer.Option("--lang", help="zh | en")]
RevOpt = Annotated[int | None, typer.Option("--revision", help="某一修订 (default: newest)")]


def _write_json(rows: list[dict[str, Any]], output: Path | None) -> None:
    text = json.dumps(rows, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        echo(f"已写入 {output}")
    else:
        echo(text)


def _written(
    period: res.ClosedPeriod,
    fmt: Format,
    output: Path | None,
    language: Lang,
    write_xlsx: Callable[[res.ClosedPeriod, Path, Lang], None],
) -> bool:
    """Write JSON (stdout or file) or .xlsx; False when the format is the table."""
    if fmt is Format.json:
        _write_json(period.rows, output)
        return True
    if fmt is Format.xlsx:
        if output is None:
            raise KefuError("xlsx 格式需要 -o 文件名.xlsx")
        write_xlsx(period, output, language)
        echo(f"已写入 {output} ({len(period.rows)} 人，修订 {period.close.revision})")
        return True
    return False


@app.command("monthly")
@handles_errors
def monthly(
    month: Annotated[str, typer.Argument(help="YYYY-MM")],
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
    lang: LangOption = LangOpt.zh,
    revision: RevOpt = None,
) -> None:
    """月度结果: 得分、排名、档位、奖金、资格与原因、表现优异奖、星级工资。"""
    m = Month.parse(month)
    language: Lang = lang.value
    with session() as s:
        period = res.monthly(s, m, language, revision)
    if _written(period, fmt, output, language, res.write_monthly_xlsx):
        return
    zh = language == "zh"
    table = Table(
        title=f"{m} {'月度结算' if zh else 'monthly results'} — 修订 {period.close.revision} — {period.policy_label}"
    )
    heads = (
        (
            "工号",
            "姓名",
            "部门",
            "组别",
            "得分",
            "排名",
            "档位",
            "奖金",
            "优异奖",
            "星级工资",
            "原因",
        )
        if zh
        else (
            "No.",
            "Name",
            "Dept",
            "Group",
            "Score",
            "Rank",
            "Tier",
            "Bonus",
            "Awards",
            "Star wage",
            "Reasons",
        )
    )
    for h in heads:
        table.add_column(h, overflow="fold")
    for r in period.rows:
        table.add_row(
            r["employee_no"],
            r["name"],
            r["department"],
            res.GROUP_NAMES[r["group"]][language],
            r["score"] or "-",
            f"{r['rank']}/{r['pool_size']}" if r["rank"] else f"-/{r['pool_size']}",
            r["tier"] or "-",
            str(r["bonus"]),
            "、".join(f"{a['theme']} {a['amount']}" for a in r["awards"]),
            str(r["star_wage"]),
            ";".join(x for x in r["reasons"] if not x.startswith(res.COLUMN_REASONS)) or "",
        )
    console.print(table)


@app.command("quarterly")
@handles_errors
def quarterly(
    quarter: Annotated[str, typer.Argument(help="YYYYQn")],
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
    lang: LangOption = LangOpt.zh,
    revision: RevOpt = None,
) -> None:
    """季度星级: 季度得分、排名、星级、星级工资、原因。"""
    q = Quarter.parse(quarter)
    language: Lang = lang.value
    with session() as s:
        period = res.quarterly(s, q, language, revision)
    if _written(period, fmt, output, language, res.write_quarterly_xlsx):
        return
    table = Table(title=f"{q} 季度星级 — 修订 {period.close.revision} — {period.policy_label}")
    for h in ("工号", "姓名", "部门", "季度得分", "排名", "星级", "星级工资/月", "原因"):
        table.add_column(h, overflow="fold")
    for r in period.rows:
        table.add_row(
            r["employee_no"],
            r["name"],
            r["department"],
            r["score"] or "-",
            f"{r['rank']}/{r['pool_size']}" if r["rank"] else "-",
            "★" * r["stars"] or "-",
            str(r["star_wage"]),
            ";".join(r["reasons"]),
        )
    console.print(table)


def register(root: typer.Typer) -> None:
    """Top-level ``kefu explain``."""

    @root.command("explain")
    @handles_errors
    def explain(
        period: Annotated[str, typer.Argument(help="YYYY-MM (月度) 或 YYYYQn (季度星级)")],
        employee_no: Annotated[str, typer.Argument(help="工号", callback=staff_no_param)],
        lang: LangOption = LangOpt.zh,
        revision: RevOpt = None,
    ) -> None:
        """说明某人某月 (或某季度星级) 的每个数字: 输入、权重、并列、名额边界、规则编号、政策版本 (R-EXP-1)。"""
        with session() as s:
            if "q" in period.lower():
                quarter = Quarter.parse(period)
                lines = res.explain_quarter(s, quarter, employee_no, lang.value, revision)
            else:
                lines = res.explain(s, Month.parse(period), employee_no, lang.value, revision)
        for line in lines:
            echo(line)
