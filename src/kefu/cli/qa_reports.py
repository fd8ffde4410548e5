"""``kefu qa report …`` and ``kefu qa plan …``: monitoring reports (监控日报、周报、月报) and
improvement plans (改进计划, R-QA-1).

Acting commands take ``--as USERNAME`` (the account whose role and scope decide, exactly as in
the web app; without it the command line's operator acts for the center) and ``--on
YYYY-MM-DD`` (the day; default today).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kefu.cli.common import OnDay, console, day, echo, handles_errors, session, staff_no_param
from kefu.errors import KefuError

AsUser = Annotated[str, typer.Option("--as", help="以哪个账号的身份办理 (用户名；默认为中心)")]


class Format(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table | json | xlsx")]
ListFormatOpt = Annotated[ListFormat, typer.Option("--format", "-f", help="table | json")]
OutOpt = Annotated[Path | None, typer.Option("-o", "--output", help="输出文件 (xlsx 必填)")]
TeamOpt = Annotated[str, typer.Option("--team", help="只看某个班组 (在自己可见的范围内)")]

report_app = typer.Typer(
    help="监控报表 (R-QA-1): 日报、周报(周一至周日)、月报；组长只看本组。", no_args_is_help=True
)
plan_app = typer.Typer(help="改进计划与跟进记录 (R-QA-1)。", no_args_is_help=True)


def _viewer(s: Any, username: str) -> Any:
    from kefu.accounts.rules import Viewer
    from kefu.cli.common import acting, actor

    if not username:
        return Viewer(username=actor(), role="manager")
    return acting(s, username)


def _json(data: Any, output: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        echo(f"已写入 {output}")
    else:
        echo(text)


def _report(kind: str, on: str, team: str, as_user: str, fmt: Format, output: Path | None) -> None:
    from kefu.qa_reports import export
    from kefu.qa_reports import service as qa_reports
    from kefu.web.pages_qa_reports import report_data

    if not on:
        raise KefuError("请给出日期 YYYY-MM-DD")
    with session() as s:
        view = qa_reports.report(s, _viewer(s, as_user), kind, day(on), team or None)
    data = report_data(view, "zh")
    if fmt is Format.json:
        _json(data, output)
        return
    if fmt is Format.xlsx:
        if output is None:
            raise KefuError("xlsx 格式需要 -o 文件名.xlsx")
        output.write_bytes(export.report_workbook(view))
        echo(f"已写入 {output} ({len(data['agents'])} 人，{data['total']['count']} 条评分)")
        return
    period = data["period"]
    table = Table(
        title=(
            f"监控{period['name']} {period['label']} ({period['start']} 至 {period['end']}) — "
            f"{data['scope_label']} — {data['policy']}"
        )
    )
    for h in ("工号", "姓名", "班组", "条数", "平均分", "最低", "最高", "致命项", "失分最多"):
        table.add_column(h, overflow="fold")
    for a in data["agents"]:
        table.add_row(
            a["employee_no"],
            a["name"],
            " ".join(p for p in (a["department"], a["team"]) if p),
            str(a["count"]),
            a["mean"],
            a["minimum"],
            a["maximum"],
            str(a["critical"]),
            "；".join(f"{x['name']}×{x['times']}" for x in a["losing"][:3]),
        )
    console.print(table)
    for step in data["steps"]:
        echo(f"{step['rule']}: {step['text']}")
    if data["recurring"]:
        echo("重复问题:")
        for r in data["recurring"]:
            echo(f"  {r['employee_no']} {r['name']} · {r['item']} 失分 {r['times']} 次")
    if data["improvement"]:
        echo("进步情况 (与上一期相比):")
        for c in data["improvement"]:
            change = c["change"] if c["change"] is not None else "上期无评分"
            echo(f"  {c['employee_no']} {c['name']} {c['mean']} ({change})")


@report_app.command("day")
@handles_errors
def report_day(
    on: Annotated[str, typer.Argument(help="日期 YYYY-MM-DD")],
    team: TeamOpt = "",
    as_user: AsUser = "",
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
) -> None:
    """监控日报: 联络日期为该日的监控评分。"""
    _report("day", on, team, as_user, fmt, output)


@report_app.command("week")
@handles_errors
def report_week(
    on: Annotated[str, typer.Argument(help="该周中的任一日期 YYYY-MM-DD")],
    team: TeamOpt = "",
    as_user: AsUser = "",
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
) -> None:
    """监控周报: 该日期所在的一周 (周一至周日)。"""
    _report("week", on, team, as_user, fmt, output)


@report_app.command("month")
@handles_errors
def report_month(
    on: Annotated[str, typer.Argument(help="该月中的任一日期 YYYY-MM-DD")],
    team: TeamOpt = "",
    as_user: AsUser = "",
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
) -> None:
    """监控月报: 该日期所在的自然月。"""
    _report("month", on, team, as_user, fmt, output)


# ---------------------------------------------------------------- plans


def _items(values: list[str]) -> tuple[tuple[str, str], ...]:
    """["greeting=开头语"] → (("greeting", "开头语"),)."""
    out = []
    for value in values:
        key, sep, name = value.partition("=")
        if not sep or not key.strip():
            raise KefuError(f"评分项「{value}」应写成 代码=名称，例如 greeting=开头语")
        out.append((key.strip(), name.strip() or key.strip()))
    return tuple(out)


def _score(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise KefuError(f"目标平均分「{text}」应为数字") from None


def _maybe_day(text: str, what: str) -> Any:
    return day(text, what) if text else None


@plan_app.command("add")
@handles_errors
def plan_add(
    employee_no: Annotated[str, typer.Argument(help="座席工号", callback=staff_no_param)],
    goal: Annotated[str, typer.Option(help="改进目标")],
    actions: Annotated[str, typer.Option(help="改进措施")],
    due: Annotated[str, typer.Option(help="到期日 YYYY-MM-DD")],
    item: Annotated[list[str] | None, typer.Option(help="问题评分项 代码=名称，可重复")] = None,
    problem: Annotated[str, typer.Option(help="问题描述")] = "",
    target: Annotated[str, typer.Option(help="目标平均分 (选填)")] = "",
    owner: Annotated[str, typer.Option(help="负责人用户名 (默认为本人)")] = "",
    start: Annotated[str, typer.Option(help="开始日 (默认 --on 的日期)")] = "",
    next_on: Annotated[str, typer.Option("--next", help="下次跟进日")] = "",
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """制定改进计划: 问题 (评分项和文字)、目标、措施、负责人、到期日。"""
    from kefu.qa_reports import service as qa_reports

    with session() as s:
        plan = qa_reports.add_plan(
            s,
            _viewer(s, as_user),
            qa_reports.PlanIn(
                employee_no=employee_no,
                problems=_items(item or []),
                problem_text=problem,
                goal=goal,
                actions=actions,
                due_on=day(due, "到期日"),
                target_score=_score(target),
                owner=owner or None,
                starts_on=_maybe_day(start, "开始日"),
                next_follow_up_on=_maybe_day(next_on, "下次跟进日"),
            ),
            day(on),
        )
        echo(
            f"已制定改进计划 #{plan.id} ({plan.employee_no}，负责人 {plan.owner}，到期 {plan.due_on})"
        )


@plan_app.command("list")
@handles_errors
def plan_list(
    status: Annotated[str, typer.Option(help="open | achieved | not_achieved | cancelled")] = "",
    overdue: Annotated[bool, typer.Option("--overdue", help="只列逾期的计划")] = False,
    as_user: AsUser = "",
    on: OnDay = "",
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """列出可见的改进计划 (逾期: 下次跟进日或到期日已过仍未结束)。"""
    from kefu.qa_reports import service as qa_reports
    from kefu.web.pages_qa_reports import plan_row

    with session() as s:
        rows = qa_reports.list_plans(s, _viewer(s, as_user), day(on), status or None, None, overdue)
        data = [plan_row(r.plan, r.name, r.overdue, "zh") for r in rows]
    if fmt is ListFormat.json:
        _json(data, None)
        return
    table = Table(title="改进计划")
    for h in ("编号", "工号", "姓名", "负责人", "开始", "到期", "下次跟进", "状态"):
        table.add_column(h, overflow="fold")
    for p in data:
        late = "、".join({"follow_up": "跟进逾期", "due": "已过到期日"}[x] for x in p["overdue"])
        table.add_row(
            f"#{p['id']}",
            p["employee_no"],
            p["name"],
            p["owner"],
            p["starts_on"],
            p["due_on"],
            p["next_follow_up_on"] or "-",
            p["status_name"] + (f" ({late})" if late else ""),
        )
    console.print(table)
    if not data:
        echo("没有改进计划")


@plan_app.command("show")
@handles_errors
def plan_show(
    plan_id: Annotated[int, typer.Argument(help="改进计划编号")],
    as_user: AsUser = "",
    on: OnDay = "",
    fmt: ListFormatOpt = ListFormat.table,
) -> None:
    """一份改进计划: 问题、目标、措施、计划开始以来的平均分和跟进记录。"""
    from kefu.qa_reports import service as qa_reports
    from kefu.web.pages_qa_reports import plan_data, plan_display

    with session() as s:
        view = qa_reports.plan_view(s, _viewer(s, as_user), plan_id, day(on))
        data = plan_data(view, plan_display(s, view), "zh")
    if fmt is ListFormat.json:
        _json(data, None)
        return
    echo(f"改进计划 #{data['id']} · {data['name']} ({data['employee_no']}) · {data['status_name']}")
    echo(f"负责人 {data['owner']}；{data['starts_on']} 至 {data['due_on']}")
    problems = "、".join(p["name"] for p in data["problems"])
    echo(
        f"问题: {problems}{'；' if problems and data['problem_text'] else ''}{data['problem_text']}"
    )
    echo(
        f"目标: {data['goal']}"
        + (f" (目标平均分 {data['target_score']})" if data["target_score"] else "")
    )
    echo(f"措施: {data['actions']}")
    for step in data["progress"]["steps"]:
        echo(f"{step['rule']}: {step['text']}")
    for n in data["notes"]:
        mean = (
            f" [平均 {n['mean_since_start'] or '-'}，{n['evaluations']} 条]"
            if n["kind"] == "follow_up"
            else ""
        )
        echo(f"  {n['noted_on']} {n['kind_name']} {n['author']}: {n['text']}{mean}")
    if data["closing_note"]:
        echo(f"结束说明: {data['closing_note']}")


@plan_app.command("follow-up")
@handles_errors
def plan_follow_up(
    plan_id: Annotated[int, typer.Argument(help="改进计划编号")],
    text: Annotated[str, typer.Option(help="跟进记录")],
    next_on: Annotated[str, typer.Option("--next", help="下次跟进日 (选填)")] = "",
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """跟进: 记下跟进情况，并记录计划开始以来的平均分。"""
    from kefu.qa_reports import service as qa_reports

    with session() as s:
        note = qa_reports.follow_up(
            s, _viewer(s, as_user), plan_id, text, day(on), _maybe_day(next_on, "下次跟进日")
        )
        mean = note.mean_since_start
        echo(
            f"已记录跟进 (计划 #{plan_id})，计划开始以来 {note.evaluations} 条评分，"
            f"平均 {mean if mean is not None else '-'}"
        )


@plan_app.command("comment")
@handles_errors
def plan_comment(
    plan_id: Annotated[int, typer.Argument(help="改进计划编号")],
    text: Annotated[str, typer.Option(help="意见")],
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """座席本人对自己的改进计划提出意见。"""
    from kefu.qa_reports import service as qa_reports

    with session() as s:
        qa_reports.comment(s, _viewer(s, as_user), plan_id, text, day(on))
        echo(f"已提交意见 (计划 #{plan_id})")


@plan_app.command("close")
@handles_errors
def plan_close(
    plan_id: Annotated[int, typer.Argument(help="改进计划编号")],
    status: Annotated[
        str, typer.Argument(help="achieved (已达成) | not_achieved (未达成) | cancelled (已取消)")
    ],
    note: Annotated[str, typer.Option(help="结束说明")],
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """结束改进计划。"""
    from kefu.qa_reports import service as qa_reports
    from kefu.qa_reports.rules import PLAN_STATUS_NAMES

    with session() as s:
        plan = qa_reports.close_plan(s, _viewer(s, as_user), plan_id, status, note, day(on))
        echo(f"改进计划 #{plan.id} 已结束: {PLAN_STATUS_NAMES[plan.status]['zh']}")


def register(app: typer.Typer) -> None:
    """Add the qa_reports commands to ``kefu qa``."""
    app.add_typer(report_app, name="report")
    app.add_typer(plan_app, name="plan")
