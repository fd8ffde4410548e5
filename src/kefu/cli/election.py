"""``kefu election …``: the team-leader election (组长竞聘, R-ELE-1, R-PUB-1).

Acting commands take ``--as USERNAME``: the account whose role decides, exactly as if it had
acted in the web app; ``--on YYYY-MM-DD`` sets the day (default: today). Each change is made
on the election's current version (the command reads it first).
"""

from __future__ import annotations

import json
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

election_app = typer.Typer(
    help="组长竞聘: 报名、评分与排名、审定、公示与申诉、上岗与试用期 (election, R-ELE-1).",
    no_args_is_help=True,
)

CaseId = Annotated[int, typer.Argument(help="竞聘编号")]
EmployeeNo = Annotated[str, typer.Argument(help="工号", callback=staff_no_param)]


def _version(s: Any, case_id: int) -> int:
    from kefu.careers.election_service import get_election

    return get_election(s, case_id).version


def _state(s: Any, case_id: int) -> str:
    from kefu.careers.election_service import get_election
    from kefu.careers.flows import ELECTION

    case = get_election(s, case_id)
    notice = (
        f"，公示期 {case.notice_first_day} — {case.notice_last_day}"
        if case.notice_first_day
        else ""
    )
    return f"#{case.id} 现为「{ELECTION.state_name(case.state)}」{notice}"


@election_app.command("open")
@handles_errors
def open_cmd(
    as_user: AsUser,
    department: Annotated[str, typer.Option(help="部门")],
    team: Annotated[str, typer.Option(help="组别")],
    title: Annotated[str, typer.Option(help="标题 (默认: 部门 组别 组长竞聘)")] = "",
    until: Annotated[str, typer.Option(help="报名截止日 YYYY-MM-DD (可不设)")] = "",
    on: OnDay = "",
) -> None:
    """人事或客服经理为一个组发起组长竞聘。"""
    from kefu.careers.election_service import open_election

    with session() as s:
        case = open_election(
            s,
            acting(s, as_user),
            department=department,
            team=team,
            title=title,
            sign_up_until=day(until) if until else None,
            today=day(on),
        )
        echo(f"已发起组长竞聘 #{case.id}: {case.title}")


@election_app.command("list")
@handles_errors
def list_cmd() -> None:
    """所有组长竞聘及其状态。"""
    from kefu.web.pages_election import election_rows

    with session() as s:
        rows = election_rows(s, "zh")
    for r in rows:
        notice = (
            f" 公示 {r['notice_first_day']}—{r['notice_last_day']}" if r["notice_first_day"] else ""
        )
        winner = f" 当选 {r['winner']}" if r["winner"] else ""
        echo(
            f"#{r['id']} {r['title']} · 候选人 {r['candidates']} · {r['state_name']}{notice}{winner}"
        )
    if not rows:
        echo("还没有组长竞聘")


@election_app.command("show")
@handles_errors
def show_cmd(
    case_id: CaseId,
    lang: Annotated[str, typer.Option(help="zh | en")] = "zh",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
    on: OnDay = "",
) -> None:
    """一场竞聘: 候选人、每项成绩与综合得分的计算、排名、审定、公示、申诉、试用期。"""
    from kefu.accounts.rules import Viewer
    from kefu.cli.common import actor
    from kefu.explain.messages import Lang
    from kefu.web.pages_election import election_in_view, election_view

    words: Lang = "en" if lang == "en" else "zh"
    with session() as s:
        # the command line reads as the center does (HR and managers see every score)
        center = Viewer(username=actor(), role="manager")
        view = election_view(s, center, election_in_view(s, case_id), words, day(on))
    if fmt == "json":
        echo(json.dumps(view, ensure_ascii=False, indent=2, default=str))
        return
    echo(f"#{view['id']} {view['title']} · {view['state_name']}")
    echo(f"  {view['department']} {view['team']} · 报名截止 {view['sign_up_until'] or '未设'}")
    if view["problem"]:
        echo(f"  {view['problem']}")
    for r in view["ranking"]:
        rank = r["rank"] if r["rank"] is not None else "—"
        mark = " 当选" if r["winner"] else (" 并列" if r["tied"] else "")
        missing = f" 缺少 {'、'.join(r['missing'])}" if r["missing"] else ""
        echo(f"  {rank}. {r['employee_no']} {r['name']} {r['score'] or '—'}{mark}{missing}")
        for step in r["explanation"]:
            echo(f"       {step['rule']}: {step['text']}")
    if view["winner_text"]:
        echo(f"  {view['winner_text']}")
    if view["tie_break"]:
        tb = view["tie_break"]
        lapsed = "" if view["tie_break_applies"] else " (成绩已变动，不再适用)"
        echo(f"  平局裁定: {tb['name']} 当选 ({tb['by']} {tb['on']}): {tb['reason']}{lapsed}")
    for a in view["actions"]:
        what = f" {a['decision']}" if a["decision"] else ""
        opinion = f": {a['opinion']}" if a["opinion"] else ""
        echo(f"  {a['on_day']} {a['actor']} {a['action']}{what}{opinion} → {a['state_after']}")
    for o in view["objections"]:
        answer = f" — {o['answered_by']}: {o['answer']}" if o["answer"] else ""
        echo(
            f"  申诉 #{o['id']} {o['filed_by']} {o['filed_on']}: {o['text']} [{o['state']}]{answer}"
        )
    if view["leader"]:
        echo(f"  {view['leader']['text']}")
    if view["probation"]:
        p = view["probation"]
        back = f"，自 {p['reverted_on']} 起恢复原岗位" if p["reverted_on"] else ""
        echo(f"  试用期结论: {p['decision']} ({p['by']} {p['on']}) {p['reason']}{back}")


@election_app.command("candidate")
@handles_errors
def candidate_cmd(
    case_id: CaseId,
    as_user: AsUser,
    employee_no: Annotated[
        str, typer.Argument(help="工号 (不填: 以本人身份报名)", callback=staff_no_param)
    ] = "",
    on: OnDay = "",
) -> None:
    """人事登记候选人，或 (不给工号) 员工本人报名；只有转正员工可以参加 (R-ELE-1)。"""
    from kefu.careers.election_service import add_candidate, sign_up

    with session() as s:
        viewer = acting(s, as_user)
        seen = _version(s, case_id)
        if employee_no:
            add_candidate(s, viewer, case_id, employee_no, seen, day(on))
        else:
            sign_up(s, viewer, case_id, seen, day(on))
        echo(f"已报名竞聘 #{case_id}: {employee_no or viewer.employee_no}")


@election_app.command("withdraw")
@handles_errors
def withdraw_cmd(
    case_id: CaseId,
    employee_no: EmployeeNo,
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="撤销报名的原因")],
    on: OnDay = "",
) -> None:
    """候选人本人或人事在评分录入阶段撤销报名。"""
    from kefu.careers.election_service import remove_candidate

    with session() as s:
        remove_candidate(
            s, acting(s, as_user), case_id, employee_no, reason, _version(s, case_id), day(on)
        )
        echo(f"已撤销 {employee_no} 的报名")


def _named(values: list[str] | None, what: str) -> tuple[Any, ...] | None:
    """NAME=SCORE options as named scores; None when the option was not given."""
    from kefu.careers.election_service import NamedScore, parse_score

    if not values:
        return None
    out = []
    for value in values:
        name, sep, score = value.rpartition("=")
        if not sep or not name.strip():
            raise KefuError(f"{what}「{value}」应写成 姓名=分数")
        out.append(NamedScore(name.strip(), parse_score(score, what)))
    return tuple(out)


@election_app.command("scores")
@handles_errors
def scores_cmd(
    case_id: CaseId,
    employee_no: EmployeeNo,
    as_user: AsUser,
    ability: Annotated[str, typer.Option(help="能力表现 (0–100)")] = "",
    pm: Annotated[list[str] | None, typer.Option("--pm", help="PM成绩，每月一个 (可重复)")] = None,
    interview: Annotated[
        list[str] | None, typer.Option("--interview", help="面试考评 姓名=分数 (可重复)")
    ] = None,
    manager: Annotated[str, typer.Option(help="经理评分 (0–100)")] = "",
    peer: Annotated[
        list[str] | None, typer.Option("--peer", help="同事打分 姓名=分数，满分 100 (可重复)")
    ] = None,
    on: OnDay = "",
) -> None:
    """人事录入候选人的评分；只替换给出的项，其余保持不变。"""
    from kefu.careers.election_service import (
        Scores,
        candidate_entry,
        get_election,
        parse_score,
        put_scores,
        scores_of,
    )

    with session() as s:
        case = get_election(s, case_id)
        now = scores_of(candidate_entry(case, employee_no))
        interviews = _named(interview, "面试考评")
        peers = _named(peer, "同事打分")
        scores = Scores(
            ability=parse_score(ability, "能力表现") if ability else now.ability,
            pm_scores=tuple(parse_score(v, "PM成绩") for v in pm) if pm else now.pm_scores,
            interviews=interviews if interviews is not None else now.interviews,
            manager_score=parse_score(manager, "经理评分") if manager else now.manager_score,
            peers=peers if peers is not None else now.peers,
        )
        put_scores(s, acting(s, as_user), case_id, employee_no, scores, case.version, day(on))
        echo(f"已保存 {employee_no} 的评分")


@election_app.command("tie-break")
@handles_errors
def tie_break_cmd(
    case_id: CaseId,
    employee_no: Annotated[
        str, typer.Argument(help="当选人的工号 (须为并列第一者之一)", callback=staff_no_param)
    ],
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="裁定理由")],
    on: OnDay = "",
) -> None:
    """并列第一时，人事记录由谁当选及理由 (平局裁定)。"""
    from kefu.careers.election_service import break_tie

    with session() as s:
        break_tie(
            s, acting(s, as_user), case_id, employee_no, reason, _version(s, case_id), day(on)
        )
        echo(f"已记录平局裁定: {employee_no} 当选")


@election_app.command("decide")
@handles_errors
def decide_cmd(
    case_id: CaseId,
    decision: Annotated[str, typer.Argument(help="approve | reject")],
    as_user: AsUser,
    opinion: Annotated[str, typer.Option(help="审批意见 (驳回须写明原因)")],
    on: OnDay = "",
) -> None:
    """评分录入 (人事提交) → 经理审定 (同意即公示)；驳回则竞聘结束。"""
    from kefu.attendance.service import work_calendar
    from kefu.careers.election_service import decide

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
    election_app,
    "kefu.careers.election_service",
    case_help="竞聘编号",
    object_help="公示期内对竞聘结果提出申诉 (R-PUB-1)。",
    answer_help="人事答复申诉；申诉成立则竞聘结果不予通过。",
)


@election_app.command("finalize")
@handles_errors
def finalize_cmd(case_id: CaseId, as_user: AsUser, on: OnDay = "") -> None:
    """公示期满且申诉均已答复后确认生效: 当选人次日起任组长，试用期开始。"""
    from kefu.careers.election_service import finalize

    with session() as s:
        case = finalize(s, acting(s, as_user), case_id, day(on))
        leader = case.data["leader"]
        echo(
            f"#{case.id} 已生效: {leader['name']} ({leader['employee_no']}) 自 "
            f"{leader['starts_on']} 起任 {case.team} 组长，试用期至 {leader['ends_on']}"
        )


@election_app.command("confirm")
@handles_errors
def confirm_cmd(
    case_id: CaseId,
    outcome: Annotated[str, typer.Argument(help="confirmed (转正) | not_confirmed (不予转正)")],
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="依据 (不予转正时必填)")] = "",
    on: OnDay = "",
) -> None:
    """试用期满后客服经理决定新组长是否转正；不予转正则次日恢复原岗位。"""
    from kefu.careers.election_service import decide_probation

    if outcome not in ("confirmed", "not_confirmed"):
        raise KefuError("结论应为 confirmed 或 not_confirmed")
    with session() as s:
        case = decide_probation(
            s,
            acting(s, as_user),
            case_id,
            outcome == "confirmed",
            reason,
            _version(s, case_id),
            day(on),
        )
        decided = case.data["probation"]
        if decided["reverted_on"]:
            echo(f"不予转正: 自 {decided['reverted_on']} 起恢复原岗位")
        else:
            echo("已转正")
