"""``kefu promotion …``: the ladder, a person's next level, who is eligible, and the cases.

Acting commands take ``--as USERNAME``: the account whose role decides (R-PRO-3), exactly
as if it had acted in the web app; ``--on YYYY-MM-DD`` sets the day (default: today).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer
from rich.table import Table

from kefu.cli.common import (
    AsUser,
    OnDay,
    acting,
    add_objection_commands,
    console,
    day,
    echo,
    handles_errors,
    session,
    staff_no_param,
)
from kefu.errors import KefuError

promotion_app = typer.Typer(
    help="晋升: 阶梯、晋升条件、申请与审批、公示与申诉 (promotion, R-PRO-1..4).",
    no_args_is_help=True,
)


def _holds(value: bool | None) -> str:
    return {True: "✓ 符合", False: "✗ 不符合", None: "? 待核实"}[value]


@promotion_app.command("ladder")
@handles_errors
def ladder_cmd(on: OnDay = "") -> None:
    """晋升阶梯: 五个职级的职责、任职要求和晋升条件 (R-ORG-3)。"""
    from kefu.careers.views import ladder_view

    with session() as s:
        view = ladder_view(s, "zh", day(on))
    if view["problem"]:
        echo(view["problem"])
    for i, level in enumerate(view["levels"], start=1):
        echo(f"{i}. {level['name']}")
        for line in level["conditions"]:
            echo(f"   · {line}")
    if view["application_months"]:
        echo("申请月份: " + "、".join(f"{m} 月" for m in view["application_months"]))


@promotion_app.command("check")
@handles_errors
def check_cmd(
    employee_no: Annotated[str, typer.Argument(help="工号", callback=staff_no_param)],
    on: OnDay = "",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """某人对照下一级的每项晋升条件: 本人数据、要求、是否符合 (R-PRO-1)。"""
    from kefu.careers.promotion_service import standing
    from kefu.careers.views import standing_view

    with session() as s:
        view = standing_view(standing(s, employee_no, day(on)), "zh")
    if fmt == "json":
        echo(json.dumps(view, ensure_ascii=False, indent=2))
        return
    echo(f"{view['employee_no']} {view['name']} · {view['level']}（自 {view['level_since']}）")
    if view["reason"]:
        echo(view["reason"])
        return
    table = Table(title=f"晋升 {view['target']} 的条件")
    for col in ("条件", "本人数据", "要求", "结果"):
        table.add_column(col)
    for c in view["conditions"]:
        table.add_row(c["text"], c["figure"] or "—", c["threshold"], _holds(c["holds"]))
    console.print(table)
    if view["may_apply"]:
        echo("可以申请: 没有不符合的条件 (上级评估在部门初审时核实)")
    else:
        echo(f"尚不能申请: 不符合 {view['failing']} 项，待核实 {view['unknown']} 项")


@promotion_app.command("eligible")
@handles_errors
def eligible_cmd(on: OnDay = "") -> None:
    """全中心现在符合与接近符合 (只差一项) 晋升条件的员工。"""
    from kefu.careers.promotion_service import overview
    from kefu.careers.views import eligible_and_close, standing_view

    with session() as s:
        rows = [standing_view(r, "zh") for r in overview(s, day(on))]
    eligible, close = eligible_and_close(rows)
    for title, group in (("现在可以申请", eligible), ("只差一项", close)):
        echo(f"{title}: {len(group)} 人")
        for r in group:
            echo(f"  {r['employee_no']} {r['name']} {r['department']} {r['level']} → {r['target']}")


@promotion_app.command("open-round")
@handles_errors
def open_round_cmd(
    as_user: AsUser,
    until: Annotated[str, typer.Option("--until", help="申请截止日 YYYY-MM-DD (默认月底)")] = "",
    note: Annotated[str, typer.Option(help="说明")] = "",
    on: OnDay = "",
) -> None:
    """人事在申请月份开放本期晋升申请 (R-PRO-2)。"""
    from kefu.careers.promotion_service import open_round

    with session() as s:
        found = open_round(s, acting(s, as_user), day(on), day(until) if until else None, note)
        echo(f"{found.month} 晋升申请已开放: {found.opens_on} 至 {found.closes_on}")


@promotion_app.command("apply")
@handles_errors
def apply_cmd(
    as_user: AsUser,
    achievements: Annotated[str, typer.Option(help="个人工作业绩")],
    growth: Annotated[str, typer.Option(help="能力提升情况")],
    plan: Annotated[str, typer.Option(help="对新岗位的认识和规划")],
    on: OnDay = "",
) -> None:
    """以本人账号申请晋升下一级 (申请月份内, R-PRO-2)。"""
    from kefu.careers.promotion_service import apply

    with session() as s:
        case = apply(
            s,
            acting(s, as_user),
            achievements=achievements,
            growth=growth,
            plan=plan,
            today=day(on),
        )
        echo(f"已提交晋升申请 #{case.id}: {case.title}，等待部门初审")


@promotion_app.command("list")
@handles_errors
def list_cmd() -> None:
    """所有晋升申请及其状态。"""
    from sqlalchemy import select

    from kefu.careers.flows import PROMOTION
    from kefu.workflow.models import Case

    with session() as s:
        rows = list(s.scalars(select(Case).where(Case.kind == "promotion").order_by(Case.id)))
        for c in rows:
            notice = f" 公示 {c.notice_first_day}—{c.notice_last_day}" if c.notice_first_day else ""
            echo(f"#{c.id} {c.title} · {PROMOTION.state_name(c.state)}{notice}")
        if not rows:
            echo("还没有晋升申请")


@promotion_app.command("show")
@handles_errors
def show_cmd(case_id: Annotated[int, typer.Argument(help="申请编号")]) -> None:
    """一份申请: 条件核对、每一步审批、公示和申诉。"""
    from kefu.careers.flows import PROMOTION
    from kefu.careers.views import stored_condition_rows
    from kefu.workflow import service as cases

    with session() as s:
        case = cases.get_case(s, case_id, "promotion")
        echo(f"#{case.id} {case.title} · {PROMOTION.state_name(case.state)}")
        for c in stored_condition_rows(case.data.get("check"), "zh"):
            echo(f"  {_holds(c['holds'])} {c['text']}")
        for a in cases.actions(s, case.id):
            what = f" {a.decision}" if a.decision else ""
            opinion = f": {a.opinion}" if a.opinion else ""
            echo(f"  {a.on_day} {a.actor} {a.action}{what}{opinion} → {a.state_after}")
        for o in cases.objections(s, case.id):
            echo(f"  申诉 #{o.id} {o.filed_by} {o.filed_on}: {o.text} [{o.state}]")
        if case.notice_first_day:
            echo(f"  公示期 {case.notice_first_day} — {case.notice_last_day}")
        if case.data.get("effective_on"):
            echo(f"  新职级自 {case.data['effective_on']} 起生效")


def _score(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise KefuError(f"成绩「{text}」不是数字") from None


@promotion_app.command("decide")
@handles_errors
def decide_cmd(
    case_id: Annotated[int, typer.Argument(help="申请编号")],
    decision: Annotated[str, typer.Argument(help="approve | reject")],
    as_user: AsUser,
    opinion: Annotated[str, typer.Option(help="审批意见 (驳回须写明原因)")],
    interview_score: Annotated[str, typer.Option(help="面试/测评成绩 (人力资源部复审)")] = "",
    on: OnDay = "",
) -> None:
    """审批当前环节: 部门初审 → 人力资源部复审 → 管理层审批 (R-PRO-3)。"""
    from kefu.attendance.service import work_calendar
    from kefu.careers.flows import PROMOTION
    from kefu.careers.promotion_service import decide
    from kefu.workflow import service as cases

    if decision not in ("approve", "reject"):
        raise KefuError("决定应为 approve 或 reject")
    with session() as s:
        case = cases.get_case(s, case_id, "promotion")
        case = decide(
            s,
            acting(s, as_user),
            case_id,
            "approve" if decision == "approve" else "reject",
            opinion,
            case.version,
            day(on),
            work_calendar(),
            interview_score=_score(interview_score),
        )
        echo(f"#{case.id} 现为「{PROMOTION.state_name(case.state)}」")
        if case.notice_first_day:
            echo(f"公示期 {case.notice_first_day} — {case.notice_last_day}")


add_objection_commands(
    promotion_app,
    "kefu.careers.promotion_service",
    case_help="申请编号",
    object_help="公示期内对晋升结果提出申诉 (R-PUB-1)。",
    answer_help="人事答复申诉；申诉成立则晋升不予通过。",
)


@promotion_app.command("finalize")
@handles_errors
def finalize_cmd(
    case_id: Annotated[int, typer.Argument(help="申请编号")], as_user: AsUser, on: OnDay = ""
) -> None:
    """公示期满且申诉均已答复后确认生效: 次月起新职级与薪酬 (R-PRO-4)。"""
    from kefu.careers.promotion_service import finalize

    with session() as s:
        case = finalize(s, acting(s, as_user), case_id, day(on))
        echo(f"#{case.id} 已生效: 自 {case.data['effective_on']} 起为 {case.data['to_level']}")
        for item in case.data.get("training_plan", []):
            echo(f"  晋升培训: {item}")
