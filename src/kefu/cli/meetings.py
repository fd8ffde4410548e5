"""``kefu meeting …``: meetings, follow-ups, the schedule check and shift handover (R-MTG-1).

Every command acts as an account (``--as USERNAME``): its role and scope decide, exactly as in
the web app. ``--on YYYY-MM-DD`` is the day (default today).
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
    staff_no_param,
)
from kefu.errors import KefuError

app = typer.Typer(
    help="会议 (R-MTG-1): 班前会、班后会、周例会、月例会、跟进事项与交接班。", no_args_is_help=True
)
follow_up_app = typer.Typer(help="跟进事项: 添加、标记完成。", no_args_is_help=True)
handover_app = typer.Typer(help="交接班记录: 填写、列出、确认接班。", no_args_is_help=True)
app.add_typer(follow_up_app, name="follow-up")
app.add_typer(handover_app, name="handover")

Format = Annotated[str, typer.Option("--format", "-f", help="table | json")]


def _clock(text: str, what: str) -> time | None:
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise KefuError(f"{what}「{text}」应为 HH:MM") from None


def _out(rows: Any, fmt: str) -> bool:
    """Print JSON when asked; True when done."""
    if fmt not in ("table", "json"):
        raise KefuError("--format 应为 table 或 json")
    if fmt == "json":
        echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return True
    return False


def _attendees(values: list[str]) -> tuple[tuple[str, str], ...]:
    """["1001", "1002=absent"] → (("1001", "present"), ("1002", "absent"))."""
    out = []
    for value in values:
        no, _, status = value.partition("=")
        out.append((no.strip(), status.strip() or "present"))
    return tuple(out)


def _follow_ups(values: list[str]) -> tuple[Any, ...]:
    """["事项|1001|2026-11-09", "事项|1002"] → follow-ups."""
    from kefu.meetings.service import FollowUpIn

    out = []
    for value in values:
        parts = [p.strip() for p in value.split("|")]
        if len(parts) not in (2, 3) or not parts[0]:
            raise KefuError(f"跟进事项「{value}」应写成 事项|负责人工号|期限(选填)")
        due = day(parts[2], "期限") if len(parts) == 3 and parts[2] else None
        out.append(FollowUpIn(parts[0], parts[1], due))
    return tuple(out)


@app.command("add")
@handles_errors
def add_cmd(
    kind: Annotated[str, typer.Argument(help="pre_shift | post_shift | weekly | monthly")],
    as_user: AsUser,
    chair: Annotated[str, typer.Option(help="主持人工号", callback=staff_no_param)],
    on: OnDay = "",
    shift: Annotated[str, typer.Option(help="班次 (班前会、班后会)")] = "",
    starts: Annotated[str, typer.Option(help="开始时间 HH:MM (班前会可按班次推算)")] = "",
    ends: Annotated[str, typer.Option(help="结束时间 HH:MM")] = "",
    department: Annotated[str, typer.Option(help="部门 (留空为全中心)")] = "",
    team: Annotated[str, typer.Option(help="班组")] = "",
    topic: Annotated[list[str] | None, typer.Option(help="议题，可重复")] = None,
    minutes: Annotated[str, typer.Option(help="会议纪要")] = "",
    attendee: Annotated[
        list[str] | None, typer.Option(help="参会人员 工号[=present|absent|excused]，可重复")
    ] = None,
    follow_up: Annotated[
        list[str] | None, typer.Option("--follow-up", help="跟进事项 事项|负责人工号|期限，可重复")
    ] = None,
) -> None:
    """记录一次会议 (主持人、参会人员、议题、纪要、跟进事项)。"""
    from kefu.meetings import service as meetings

    with session() as s:
        m = meetings.add_meeting(
            s,
            acting(s, as_user),
            meetings.MeetingIn(
                kind=kind,
                held_on=day(on),
                chair_no=chair,
                starts_at=_clock(starts, "开始时间"),
                ends_at=_clock(ends, "结束时间"),
                shift_code=shift or None,
                department=department or None,
                team=team or None,
                topics=tuple(topic or ()),
                minutes=minutes,
                attendees=_attendees(attendee or []),
                follow_ups=_follow_ups(follow_up or []),
            ),
        )
        echo(f"已记录会议 #{m.id}: {m.held_on} {m.starts_at.strftime('%H:%M')} ({m.kind})")


@app.command("list")
@handles_errors
def list_cmd(
    as_user: AsUser,
    kind: Annotated[str, typer.Option(help="会议类型")] = "",
    month: Annotated[str, typer.Option(help="月份 YYYY-MM")] = "",
    team: Annotated[str, typer.Option(help="班组")] = "",
    fmt: Format = "table",
) -> None:
    """列出自己能看到的会议 (最新的在前)。"""
    from kefu.meetings import service as meetings
    from kefu.meetings import views

    with session() as s:
        rows = [
            views.meeting_row(m, "zh")
            for m in meetings.meetings(s, acting(s, as_user), kind=kind, month=month, team=team)
        ]
    if _out(rows, fmt):
        return
    if not rows:
        echo("没有会议")
    for r in rows:
        echo(
            f"#{r['id']}\t{r['held_on']} {r['starts_at']}\t{r['kind_name']}\t"
            f"{r['department'] or '全中心'} {r['team'] or ''}\t主持 {r['chair_name']}"
        )


@app.command("show")
@handles_errors
def show_cmd(
    meeting_id: Annotated[int, typer.Argument(help="会议编号")],
    as_user: AsUser,
    on: OnDay = "",
    fmt: Format = "table",
) -> None:
    """显示一次会议: 议题、纪要、出席情况、跟进事项。"""
    from kefu.meetings import service as meetings
    from kefu.meetings import views

    with session() as s:
        viewer = acting(s, as_user)
        detail = views.meeting_detail(
            s, viewer, meetings.get_meeting(s, viewer, meeting_id), "zh", day(on)
        )
    if _out(detail, fmt):
        return
    echo(f"{detail['kind_name']} #{detail['id']}  {detail['held_on']} {detail['starts_at']}")
    echo(f"主持人: {detail['chair_name']} ({detail['chair_no']})")
    for st in detail["steps"]:
        echo(f"  {st['rule']}: {st['text']}")
    echo("议题: " + "、".join(detail["topics"]))
    echo("纪要: " + (detail["minutes"] or "—"))
    for a in detail["attendees"]:
        echo(f"  {a['employee_no']} {a['name']}\t{a['status_name']}")
    for f in detail["follow_ups"]:
        late = " 逾期" if f["overdue"] else ""
        echo(
            f"  跟进 #{f['id']} {f['what']}\t{f['owner_name']}\t{f['due_on']}\t{f['status_name']}{late}"
        )


@follow_up_app.command("add")
@handles_errors
def follow_up_add_cmd(
    meeting_id: Annotated[int, typer.Argument(help="会议编号")],
    what: Annotated[str, typer.Argument(help="跟进事项")],
    as_user: AsUser,
    owner: Annotated[str, typer.Option(help="负责人工号", callback=staff_no_param)],
    due: Annotated[str, typer.Option(help="期限 YYYY-MM-DD (默认按政策天数)")] = "",
) -> None:
    """为会议添加跟进事项。"""
    from kefu.meetings import service as meetings

    with session() as s:
        row = meetings.add_follow_up(
            s,
            acting(s, as_user),
            meeting_id,
            meetings.FollowUpIn(what, owner, day(due, "期限") if due else None),
        )
        echo(f"已添加跟进事项 #{row.id}，期限 {row.due_on}")


@follow_up_app.command("done")
@handles_errors
def follow_up_done_cmd(
    follow_up_id: Annotated[int, typer.Argument(help="跟进事项编号")],
    as_user: AsUser,
    note: Annotated[str, typer.Option(help="完成说明")] = "",
    on: OnDay = "",
) -> None:
    """把跟进事项标记为完成 (负责人或会议记录人)。"""
    from kefu.meetings import service as meetings

    with session() as s:
        row = meetings.finish_follow_up(s, acting(s, as_user), follow_up_id, day(on), note)
        echo(f"跟进事项 #{row.id} 已于 {row.done_on} 完成")


@app.command("due")
@handles_errors
def due_cmd(
    as_user: AsUser,
    within: Annotated[int | None, typer.Option(help="期限在几天之内")] = None,
    on: OnDay = "",
    fmt: Format = "table",
) -> None:
    """列出未完成的跟进事项 (按期限；逾期的注明)。"""
    from kefu.meetings import service as meetings
    from kefu.meetings import views

    today = day(on)
    with session() as s:
        rows = views.due_rows(
            meetings.due_follow_ups(s, acting(s, as_user), today, within), "zh", today
        )
    if _out(rows, fmt):
        return
    if not rows:
        echo("没有未完成的跟进事项")
    for f in rows:
        late = "逾期" if f["overdue"] else ""
        echo(f"#{f['id']}\t{f['due_on']}\t{f['owner_name']}\t{f['what']}\t{late}")


@app.command("check")
@handles_errors
def check_cmd(
    as_user: AsUser,
    start: Annotated[str, typer.Option("--from", help="开始日期 YYYY-MM-DD")],
    end: Annotated[str, typer.Option("--to", help="结束日期 YYYY-MM-DD")],
    department: Annotated[str, typer.Option(help="部门")] = "",
    team: Annotated[str, typer.Option(help="班组")] = "",
    kind: Annotated[list[str] | None, typer.Option(help="会议类型，可重复 (默认全部)")] = None,
    on: OnDay = "",
    fmt: Format = "table",
) -> None:
    """检查一段时间应召开的会议是否召开，以及参会人员的出勤率。"""
    from kefu.meetings import rules, views
    from kefu.meetings import service as meetings

    first, last = day(start, "开始日期"), day(end, "结束日期")
    with session() as s:
        viewer = acting(s, as_user)
        check, scope = meetings.schedule_check(
            s,
            viewer,
            first,
            last,
            day(on),
            department=department or None,
            team=team or None,
            kinds=tuple(kind) if kind else rules.KINDS,
        )
        data = views.check_data(
            check, scope, meetings.attendance_rates(s, viewer, first, last, scope), "zh"
        )
    if _out(data, fmt):
        return
    for st in data["steps"]:
        echo(f"{st['rule']}: {st['text']}")
    for e in data["expected"]:
        if e["status"] not in ("held", "held_other_day"):
            echo(f"  {e['status_name']}: {e['steps'][0]['text']}")
    for a in data["attendance"]:
        echo(f"  出勤率 {a['employee_no']} {a['name']}: {a['rate'] or '—'}%")


@handover_app.command("add")
@handles_errors
def handover_add_cmd(
    as_user: AsUser,
    shift: Annotated[str, typer.Option(help="交班班次")],
    to: Annotated[str, typer.Option(help="接班人工号", callback=staff_no_param)] = "",
    to_shift: Annotated[str, typer.Option(help="接班班次 (不指定接班人时)")] = "",
    item: Annotated[list[str] | None, typer.Option(help="待跟进的问题或来电，可重复")] = None,
    notes: Annotated[str, typer.Option(help="交接说明")] = "",
    on: OnDay = "",
) -> None:
    """填写交接班记录。"""
    from kefu.meetings import service as meetings

    with session() as s:
        row = meetings.add_handover(
            s,
            acting(s, as_user),
            meetings.HandoverIn(
                shift_date=day(on),
                shift_code=shift,
                to_no=to or None,
                to_shift=to_shift or None,
                open_items=tuple(item or ()),
                notes=notes,
            ),
            datetime.now(),
        )
        echo(f"已保存交接班记录 #{row.id}")


@handover_app.command("list")
@handles_errors
def handover_list_cmd(
    as_user: AsUser,
    pending: Annotated[bool, typer.Option("--pending", help="只列待确认的")] = False,
    fmt: Format = "table",
) -> None:
    """列出交接班记录。"""
    from kefu.meetings import service as meetings
    from kefu.meetings import views

    with session() as s:
        viewer = acting(s, as_user)
        rows = [
            views.handover_row(h, viewer, "zh")
            for h in meetings.handovers(s, viewer, pending=pending)
        ]
    if _out(rows, fmt):
        return
    if not rows:
        echo("没有交接班记录")
    for h in rows:
        to = f"{h['to_name']} ({h['to_no']})" if h["to_no"] else f"下一班 {h['to_shift']}"
        state = f"已确认 {h['acknowledged_by']}" if h["acknowledged"] else "待确认"
        echo(f"#{h['id']}\t{h['shift_date']} {h['shift_code']}\t{h['from_name']} → {to}\t{state}")


@handover_app.command("ack")
@handles_errors
def handover_ack_cmd(
    handover_id: Annotated[int, typer.Argument(help="交接班记录编号")],
    as_user: AsUser,
    note: Annotated[str, typer.Option(help="确认说明")] = "",
) -> None:
    """接班组长确认交接班记录。"""
    from kefu.meetings import service as meetings

    with session() as s:
        meetings.acknowledge(s, acting(s, as_user), handover_id, datetime.now(), note)
        echo(f"已确认接班 #{handover_id}")
