"""``kefu conduct …``: conduct points (扣分, R-DIS-1).

Acting commands take ``--as USERNAME`` (the account whose role and scope decide, exactly as in
the web app) and ``--on YYYY-MM-DD`` (the day; default today).
"""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Annotated, Any

import typer

from kefu.cli.common import (
    AsUser,
    OnDay,
    acting,
    day,
    echo,
    handles_errors,
    session,
    staff_no_list_param,
    staff_no_param,
)
from kefu.errors import KefuError

app = typer.Typer(
    help="扣分 (R-DIS-1): 记录扣分事件、每月扣分与综合工作表现。", no_args_is_help=True
)

Format = Annotated[str, typer.Option("--format", "-f", help="table | json")]


def _format(fmt: str) -> str:
    if fmt not in ("table", "json"):
        raise KefuError(f"格式「{fmt}」应为 table 或 json")
    return fmt


Reader = Annotated[
    str, typer.Option("--as", help="以哪个账号的身份查看 (用户名；默认为中心，看全部)")
]


def _viewer(s: Any, username: str) -> Any:
    """The account a reading command acts as; without ``--as`` the operator sees the center."""
    from kefu.accounts.rules import Viewer
    from kefu.cli.common import actor

    if not username:
        return Viewer(username=actor(), role="manager")
    return acting(s, username)


def _json(data: Any) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("rules")
@handles_errors
def rules_cmd(on: OnDay = "", fmt: Format = "table") -> None:
    """扣分标准: 政策中的各项扣分规则 (代码、行为、扣分范围、是否每人扣分)。"""
    from kefu.conduct import service as conduct
    from kefu.web.pages_conduct import rule_row

    _format(fmt)
    with session() as s:
        rows = [rule_row(r, "zh") for r in conduct.catalogue(s, day(on))]
    if fmt == "json":
        _json(rows)
        return
    for r in rows:
        points = (
            str(r["min_points"])
            if r["min_points"] == r["max_points"]
            else f"{r['min_points']}–{r['max_points']}"
        )
        each = " 每人" if r["each_person"] else ""
        echo(f"{r['code']}\t扣 {points} 分{each}\t{r['name']}")


@app.command("record")
@handles_errors
def record_cmd(
    rule: Annotated[str, typer.Option("--rule", help="扣分标准代码 (见 kefu conduct rules)")],
    points: Annotated[int, typer.Option("--points", help="扣分 (在扣分标准的范围内)")],
    people: Annotated[
        str,
        typer.Option(
            "--people", help="工号，多人用逗号分隔: 1001,1002", callback=staff_no_list_param
        ),
    ],
    what: Annotated[str, typer.Option("--what", help="事件经过")],
    evidence: Annotated[str, typer.Option("--evidence", help="证据")],
    as_user: AsUser,
    on: OnDay = "",
    at: Annotated[str, typer.Option("--at", help="时间 HH:MM (可选)")] = "",
    attachment: Annotated[str, typer.Option("--attachment", help="附件名称或编号")] = "",
    corrects: Annotated[int | None, typer.Option("--corrects", help="更正哪个事件")] = None,
    reason: Annotated[str, typer.Option("--reason", help="更正原因")] = "",
) -> None:
    """记录扣分事件 (组长记录本组人员；人事、经理记录全中心)。"""
    from kefu.conduct import service as conduct
    from kefu.web.pages_conduct import parse_people

    when = day(on)
    try:
        moment = time.fromisoformat(at) if at else time(0, 0)
    except ValueError:
        raise KefuError(f"时间「{at}」应为 HH:MM") from None
    with session() as s:
        done = conduct.record(
            s,
            acting(s, as_user),
            rule_code=rule,
            points=points,
            people=parse_people(people),
            occurred_at=datetime.combine(when, moment),
            what=what,
            evidence=evidence,
            attachment=attachment or None,
            today=when,
            corrects=corrects,
            reason=reason,
        )
        names = "、".join(f"{c.employee_no} {c.name}" for c in done.charges)
        echo(f"已记录扣分事件 #{done.event.id}: {done.event.rule_name}，扣 {points} 分 ({names})")
        if corrects is not None:
            echo(f"扣分事件 #{corrects} 已撤销 (更正为 #{done.event.id})")


@app.command("list")
@handles_errors
def list_cmd(
    as_user: Reader = "",
    month: Annotated[str, typer.Option("--month", help="月份 YYYY-MM")] = "",
    person: Annotated[str, typer.Option("--person", help="工号", callback=staff_no_param)] = "",
    rule: Annotated[str, typer.Option("--rule", help="扣分标准代码")] = "",
    fmt: Format = "table",
) -> None:
    """扣分记录 (按月份、人员、扣分标准筛选；只列出该账号可见的人员)。"""
    from kefu.web.pages_conduct import list_view

    _format(fmt)
    with session() as s:
        rows = list_view(s, _viewer(s, as_user), "zh", month, person, rule)
    if fmt == "json":
        _json(rows)
        return
    for r in rows:
        counted = r["final_points"] if r["counts"] else "—"
        echo(
            f"#{r['event_id']}\t{r['occurred_at']}\t{r['employee_no']} {r['name']}\t"
            f"{r['rule_code']}\t扣 {r['points']} 分\t计入 {counted}\t{r['state_name']}"
        )
    if not rows:
        echo("没有扣分记录")


@app.command("withdraw")
@handles_errors
def withdraw_cmd(
    event_id: Annotated[int, typer.Argument(help="扣分事件编号")],
    reason: Annotated[str, typer.Option("--reason", help="撤销原因")],
    as_user: AsUser,
    on: OnDay = "",
) -> None:
    """撤销扣分事件 (写明原因；记录保留，不再计入)。"""
    from kefu.conduct import service as conduct

    with session() as s:
        conduct.withdraw(s, acting(s, as_user), event_id, reason, day(on))
    echo(f"扣分事件 #{event_id} 已撤销")


@app.command("object")
@handles_errors
def object_cmd(
    event_id: Annotated[int, typer.Argument(help="扣分事件编号")],
    reason: Annotated[str, typer.Option("--reason", help="申诉理由")],
    as_user: AsUser,
    on: OnDay = "",
) -> None:
    """被扣分的本人在申诉期内对扣分提出申诉 (R-PUB-1)。"""
    from kefu.conduct import service as conduct

    with session() as s:
        objection = conduct.object_to(s, acting(s, as_user), event_id, reason, day(on))
        echo(f"已提交申诉 #{objection.id}，申诉期至 {objection.last_day.isoformat()}")


@app.command("answer")
@handles_errors
def answer_cmd(
    objection_id: Annotated[int, typer.Argument(help="申诉编号")],
    as_user: AsUser,
    reply: Annotated[str, typer.Option("--reply", help="答复内容")] = "",
    uphold: Annotated[bool, typer.Option("--uphold", help="维持扣分")] = False,
    points: Annotated[int | None, typer.Option("--points", help="减少扣分为 N 分")] = None,
    cancel: Annotated[bool, typer.Option("--cancel", help="撤销扣分")] = False,
    on: OnDay = "",
) -> None:
    """答复扣分申诉: --uphold 维持、--points N 减少、--cancel 撤销 (记录人以外的人答复)。"""
    from kefu.conduct import service as conduct

    chosen = [name for name, on_ in (("upheld", uphold), ("cancelled", cancel)) if on_]
    if points is not None:
        chosen.append("reduced")
    if len(chosen) != 1:
        raise KefuError("请选择一种答复: --uphold、--points N 或 --cancel")
    outcome = chosen[0]
    words = {"upheld": "维持扣分", "reduced": f"扣分减为 {points} 分", "cancelled": "撤销扣分"}
    with session() as s:
        conduct.answer(
            s,
            acting(s, as_user),
            objection_id,
            outcome=outcome,
            reply=reply or words[outcome],
            today=day(on),
            points=points,
        )
    echo(f"申诉 #{objection_id} 已答复: {words[outcome]}")


@app.command("month")
@handles_errors
def month_cmd(
    month: Annotated[str, typer.Argument(help="月份 YYYY-MM")],
    as_user: Reader = "",
    fmt: Format = "table",
) -> None:
    """每月扣分: 每人扣分合计、事件数及明细 (结算时读取的数字)。"""
    from kefu.web.pages_conduct import month_view

    _format(fmt)
    with session() as s:
        data = month_view(s, _viewer(s, as_user), month, "zh")
    if fmt == "json":
        _json(data)
        return
    for p in data["people"]:
        echo(f"{p['employee_no']}\t扣分 {p['points']}\t{p['text']}")
    if not data["people"]:
        echo(f"{data['month']} 没有扣分")
