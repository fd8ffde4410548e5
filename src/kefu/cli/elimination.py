"""``kefu bottom …``: bottom elimination (末位淘汰, R-BOT-1) and standby retraining (R-PAY-3).

Reading commands see the center as HR and managers do. Acting commands take ``--as USERNAME``:
the account whose role decides, exactly as if it had acted in the web app; ``--on YYYY-MM-DD``
sets the day (default: today). Each change is made on the case's current version (the command
reads it first).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer

from kefu.cli.common import (
    AsUser,
    OnDay,
    acting,
    add_objection_commands,
    day,
    echo,
    handles_errors,
    session,
    staff_no_param,
)
from kefu.errors import KefuError

app = typer.Typer(
    help="末位淘汰 (R-BOT-1): 末位名单、连续末位、待岗培训与重新上岗考试、辞退。",
    no_args_is_help=True,
)

CaseId = Annotated[int, typer.Argument(help="案件编号")]
EmployeeNo = Annotated[str, typer.Argument(help="工号", callback=staff_no_param)]
Lang = Annotated[str, typer.Option(help="zh | en")]
Format = Annotated[str, typer.Option("--format", "-f", help="text | json")]
Note = Annotated[str, typer.Option(help="说明 (可空)")]


def _center() -> Any:
    """The command line reads as the center does (HR and managers see everyone)."""
    from kefu.accounts.rules import Viewer
    from kefu.cli.common import actor

    return Viewer(username=actor(), role="manager")


def _version(s: Any, case_id: int) -> int:
    from kefu.elimination.case_service import get_case

    return get_case(s, case_id).version


def _state(s: Any, case_id: int) -> str:
    from kefu.elimination.case_service import flow_of, get_case

    case = get_case(s, case_id)
    notice = (
        f"，公示期 {case.notice_first_day} — {case.notice_last_day}"
        if case.notice_first_day
        else ""
    )
    return f"#{case.id} {case.title} 现为「{flow_of(case).state_name(case.state)}」{notice}"


def _words(lang: str) -> Any:
    return "en" if lang == "en" else "zh"


def _dump(value: Any) -> None:
    echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@app.command("list")
@handles_errors
def list_cmd(
    month: Annotated[str, typer.Argument(help="月份 YYYY-MM (默认最近结算的月份)")] = "",
    lang: Lang = "zh",
    fmt: Format = "text",
    on: OnDay = "",
) -> None:
    """某个结算月份的末位名单: 谁在中心后几名、连续几个月，以及应办理待岗培训或辞退的人。"""
    from kefu.web.pages_elimination import list_view, month_of

    with session() as s:
        view = list_view(s, _center(), month_of(month), _words(lang), day(on))
    if fmt == "json":
        _dump(view)
        return
    if view["month"] is None:
        echo("还没有结算过的月份")
        return
    echo(
        f"{view['month']} 末位名单 (结算修订 {view['revision']}，{view['pool']} 人参加排名，"
        f"后 {view['places']} 名，连续 {view['needed']} 个月认定；政策 {view['policy']})"
    )
    if not view["in_last"]:
        echo("  本月没有人在末位")
    for e in view["in_last"]:
        due = f" · {e['due_name']}" if e["due_name"] else ""
        case = f" · 案件 #{e['open_case']['id']}" if e["open_case"] else ""
        echo(
            f"  {e['rank']}/{e['pool']} {e['employee_no']} {e['name']} {e['score'] or '—'} "
            f"连续 {e['run_length']} 个月{due}{case}"
        )
        for step in e["explanation"]:
            echo(f"       {step['rule']}: {step['text']}")
    others = [e for e in view["due"] if not e["in_last"]]
    for e in others:
        echo(f"  {e['employee_no']} {e['name']} {e['due_name']} ({'、'.join(e['due_months'])})")
    echo(f"应办理: {len(view['due'])} 人")


@app.command("show")
@handles_errors
def show_cmd(
    employee_no: Annotated[
        str, typer.Argument(help="工号 (或用 --case 查看案件)", callback=staff_no_param)
    ] = "",
    case_id: Annotated[int, typer.Option("--case", help="案件编号")] = 0,
    month: Annotated[str, typer.Option(help="截至的结算月份 YYYY-MM (默认最近)")] = "",
    lang: Lang = "zh",
    fmt: Format = "text",
    on: OnDay = "",
) -> None:
    """一个人各月的排名、连续末位及说明；或 (--case) 一个待岗培训/辞退案件。"""
    from kefu.web.pages_elimination import case_in_view, case_view, month_of, person_view

    if not employee_no and not case_id:
        raise KefuError("请给出工号，或用 --case 给出案件编号")
    words = _words(lang)
    with session() as s:
        if case_id:
            view = case_view(s, _center(), case_in_view(s, _center(), case_id), words, day(on))
        else:
            view = person_view(s, _center(), employee_no, month_of(month), words, day(on))
    if fmt == "json":
        _dump(view)
        return
    if case_id:
        _print_case(view)
        return
    echo(
        f"{view['name']} ({view['employee_no']}) {view['department'] or ''} {view['team'] or ''} "
        f"· {view['status_name']} · 截至 {view['through']} 连续末位 {view['run_length']} 个月"
    )
    for m in view["months"]:
        rank = f"{m['rank']}/{m['pool']}" if m["rank"] else "—"
        mark = " 末位" if m["in_last"] else ""
        why = f" 未参加排名: {m['why']}" if m["why"] else ""
        echo(f"  {m['month']} {rank} {m['score'] or '—'}{mark}{why}")
    for step in view["explanation"]:
        echo(f"  {step['rule']}: {step['text']}")


def _print_case(view: dict[str, Any]) -> None:
    echo(f"#{view['id']} {view['title']} · {view['kind_name']} · {view['state_name']}")
    if view["grounds"]:
        echo(f"  依据: {view['grounds']}")
    for step in view["explanation"]:
        if step["reason"]:
            echo(f"  {step['rule']}: {step['text']}")
    for area in view["weak_areas"]:
        echo(
            f"  {area['name']}: 本人 {area['own']}，中心 {area['center']}，差 {area['gap']}"
            f"{' (弱项)' if area['weak'] else ''}"
        )
    if view["focus"]:
        echo(f"  培训重点: {'、'.join(view['focus'])}")
    for a in view["actions"]:
        what = f" {a['decision']}" if a["decision"] else ""
        opinion = f": {a['opinion']}" if a["opinion"] else ""
        echo(f"  {a['on_day']} {a['actor']} {a['action']}{what}{opinion} → {a['state_after']}")
    for o in view["objections"]:
        answer = f" — {o['answered_by']}: {o['answer']}" if o["answer"] else ""
        echo(
            f"  申诉 #{o['id']} {o['filed_by']} {o['filed_on']}: {o['text']} [{o['state']}]{answer}"
        )
    if view["standby"]:
        echo(f"  {view['standby']['text']}")
    for e in view["exams"]:
        echo(f"  {e['text']}")
    for c in view["choices"]:
        until = f" 至 {c['until']}" if c["until"] else ""
        echo(f"  经理决定: {c['choice']}{until} ({c['by']} {c['on']}): {c['reason']}")
    if view["dismissal"]:
        echo(f"  {view['dismissal']['text']}")


@app.command("open-standby")
@handles_errors
def open_standby_cmd(
    employee_no: EmployeeNo, as_user: AsUser, note: Note = "", on: OnDay = ""
) -> None:
    """人事为连续末位达到规定月数的人发起待岗培训；不符合条件则拒绝并说明 (R-BOT-1)。"""
    from kefu.elimination.case_service import open_standby

    with session() as s:
        case = open_standby(s, acting(s, as_user), employee_no, note=note, today=day(on))
        echo(f"已发起待岗培训 #{case.id}: {case.title}，等待经理审批")


@app.command("open-dismissal")
@handles_errors
def open_dismissal_cmd(
    employee_no: EmployeeNo, as_user: AsUser, note: Note = "", on: OnDay = ""
) -> None:
    """人事为重新上岗后再次连续末位 (或重新上岗考试未通过、经理决定辞退) 的人发起辞退。"""
    from kefu.elimination.case_service import open_dismissal

    with session() as s:
        case = open_dismissal(s, acting(s, as_user), employee_no, note=note, today=day(on))
        echo(f"已发起末位淘汰辞退 #{case.id}: {case.title}，等待经理审批")


@app.command("decide")
@handles_errors
def decide_cmd(
    case_id: CaseId,
    decision: Annotated[str, typer.Argument(help="approve | reject")],
    as_user: AsUser,
    opinion: Annotated[str, typer.Option(help="审批意见 (驳回须写明原因)")],
    on: OnDay = "",
) -> None:
    """经理审批: 同意即公示 (政策规定的工作日数)，驳回则案件结束。"""
    from kefu.attendance.service import work_calendar
    from kefu.elimination.case_service import decide

    if decision not in ("approve", "reject"):
        raise KefuError("决定应为 approve 或 reject")
    with session() as s:
        decide(
            s,
            acting(s, as_user),
            case_id,
            "approve" if decision == "approve" else "reject",
            opinion,
            _version(s, case_id),
            day(on),
            work_calendar(),
        )
        echo(_state(s, case_id))


add_objection_commands(
    app,
    "kefu.elimination.case_service",
    case_help="案件编号",
    object_help="公示期内提出申诉 (本人或任何员工, R-PUB-1)。",
    answer_help="人事答复申诉；申诉成立则案件不予通过。",
)


@app.command("finalize")
@handles_errors
def finalize_cmd(case_id: CaseId, as_user: AsUser, on: OnDay = "") -> None:
    """公示期满且申诉均已答复后确认生效: 下月起待岗，或次日起离职。"""
    from kefu.elimination.case_service import finalize

    with session() as s:
        case = finalize(s, acting(s, as_user), case_id, day(on))
        standby, dismissal = case.data.get("standby"), case.data.get("dismissal")
        if standby:
            echo(
                f"#{case.id} 已生效: {case.subject_no} 自 {standby['starts_on']} 起待岗 "
                f"{standby['months']} 个月，至 {standby['ends_on']}，期间只发基本工资"
            )
        elif dismissal:
            echo(f"#{case.id} 已生效: {case.subject_no} 自 {dismissal['left_on']} 起离职")


@app.command("re-entry")
@handles_errors
def re_entry_cmd(
    case_id: CaseId,
    as_user: AsUser,
    score: Annotated[str, typer.Option(help="考试成绩 (0–100)，人事录入")] = "",
    sitting: Annotated[int, typer.Option(help="或: 已评分的在线考试编号")] = 0,
    on: OnDay = "",
) -> None:
    """人事记录重新上岗考试；达到及格分即重新上岗 (次日起，不早于待岗期满)。"""
    from kefu.elimination.case_service import record_re_entry

    typed = None
    if score:
        try:
            typed = Decimal(score)
        except InvalidOperation:
            raise KefuError(f"成绩「{score}」不是数字") from None
    with session() as s:
        exam = record_re_entry(
            s,
            acting(s, as_user),
            case_id,
            score=typed,
            sitting_id=sitting or None,
            seen_version=_version(s, case_id),
            today=day(on),
        )
        from kefu.elimination.case_service import standby_of
        from kefu.explain.trace import num

        period = standby_of(s, case_id)
        if exam.passed and period is not None and period.returned_on is not None:
            echo(f"考试 {num(exam.score)} 分，通过: 自 {period.returned_on} 起重新上岗")
        else:
            echo(
                f"考试 {num(exam.score)} 分，低于及格分 {num(exam.pass_mark)}: "
                f"未通过，由经理决定延长待岗或辞退 (kefu bottom return)"
            )


@app.command("return")
@handles_errors
def return_cmd(
    case_id: CaseId,
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="决定的理由")],
    extend_to: Annotated[str, typer.Option(help="延长待岗至 YYYY-MM-DD")] = "",
    dismiss: Annotated[bool, typer.Option("--dismiss", help="辞退 (由人事发起辞退案件)")] = False,
    on: OnDay = "",
) -> None:
    """重新上岗考试未通过后，经理决定: 延长待岗 (--extend-to) 或辞退 (--dismiss)。"""
    from kefu.elimination.case_service import decide_after_exam

    if bool(extend_to) == dismiss:
        raise KefuError("请给出 --extend-to 日期或 --dismiss 之一")
    with session() as s:
        decide_after_exam(
            s,
            acting(s, as_user),
            case_id,
            "dismiss" if dismiss else "extend",
            until=day(extend_to) if extend_to else None,
            reason=reason,
            seen_version=_version(s, case_id),
            today=day(on),
        )
        if dismiss:
            echo(f"#{case_id}: 经理决定辞退，请人事发起辞退案件 (kefu bottom open-dismissal)")
        else:
            echo(f"#{case_id}: 待岗延长至 {extend_to}")
