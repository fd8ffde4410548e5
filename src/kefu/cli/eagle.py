"""``kefu eagle …``: the Eagle plan (雏鹰计划) from the announcement to the transfer.

Acting commands take ``--as USERNAME``: the account whose role decides, exactly as if it had
acted in the web app; ``--on YYYY-MM-DD`` sets the day (default: today). A change is made on
the plan's current version (R-EGL-1..3, R-PUB-1).
"""

from __future__ import annotations

import json
from decimal import Decimal
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
    staff_no_list_param,
    staff_no_param,
)
from kefu.errors import KefuError

eagle_app = typer.Typer(
    help="雏鹰计划: 公告、申请、筛选、面试、公示、考试、奖状、调动、组长 (Eagle plan, R-EGL-1..3).",
    no_args_is_help=True,
)

CaseId = Annotated[int, typer.Argument(help="雏鹰计划编号")]
EmployeeNo = Annotated[str, typer.Argument(help="工号", callback=staff_no_param)]


def _number(text: str, what: str) -> Decimal | None:
    from kefu.web.pages_eagle import parse_decimal

    return parse_decimal(text, what)


def _list(text: str) -> list[str]:
    from kefu.web.pages_eagle import parse_list

    return parse_list(text)


def _version(s: Any, case_id: int) -> int:
    from kefu.careers.eagle_service import get_plan

    return get_plan(s, case_id).version


def _state(s: Any, case_id: int) -> str:
    from kefu.careers.eagle_service import get_plan
    from kefu.careers.flows import EAGLE

    case = get_plan(s, case_id)
    return f"#{case.id} 现为「{EAGLE.state_name(case.state)}」"


@eagle_app.command("announce")
@handles_errors
def announce_cmd(
    as_user: AsUser,
    title: Annotated[str, typer.Option(help="公告标题")],
    deadline: Annotated[str, typer.Option(help="申请截止日 YYYY-MM-DD")],
    notes: Annotated[str, typer.Option(help="说明")] = "",
    on: OnDay = "",
) -> None:
    """发布雏鹰计划公告: 标题、申请截止日、说明 (R-EGL-1)。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        case = eagle.announce(
            s,
            acting(s, as_user),
            title=title,
            deadline=day(deadline, "申请截止日"),
            notes=notes,
            today=day(on),
        )
        proposed = case.data["proposed"]
        echo(f"已发布雏鹰计划 #{case.id}: {case.title}，申请截止 {case.data['deadline']}")
        echo(
            f"建议日程: {proposed['shortlist_by']} 前确定入围名单，"
            f"{proposed['interview_from']} 至 {proposed['interview_to']} 面试"
        )


@eagle_app.command("list")
@handles_errors
def list_cmd() -> None:
    """所有雏鹰计划及其状态。"""
    from kefu.careers import eagle_service as eagle
    from kefu.careers.flows import EAGLE

    with session() as s:
        rows = eagle.plans(s)
        for c in rows:
            notice = f" 公示 {c.notice_first_day}—{c.notice_last_day}" if c.notice_first_day else ""
            echo(
                f"#{c.id} {c.title} · 截止 {c.data['deadline']} · "
                f"{len(c.data.get('applications', []))} 人申请 · "
                f"{EAGLE.state_name(c.state)}{notice}"
            )
        if not rows:
            echo("还没有雏鹰计划")


@eagle_app.command("show")
@handles_errors
def show_cmd(
    case_id: CaseId,
    as_user: AsUser = "",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text | json")] = "text",
) -> None:
    """一期计划: 申请人、初审结果与排名、日程核对、小组、考试、组长 (默认以人事视角)。"""
    from kefu.accounts.rules import Viewer
    from kefu.careers import eagle_service as eagle
    from kefu.web import pages_eagle as views

    with session() as s:
        viewer = acting(s, as_user) if as_user else Viewer("cli", "hr")
        view = views.plan_view(s, viewer, eagle.get_plan(s, case_id), "zh")
    if fmt == "json":
        echo(json.dumps(view, ensure_ascii=False, indent=2, default=str))
        return
    echo(f"#{view['id']} {view['title']} · {view['state_name']} · 版本 {view['version']}")
    echo(f"  申请截止 {view['deadline']}，{view['applications']} 人申请")
    if view["notice_first_day"]:
        echo(f"  公示期 {view['notice_first_day']} — {view['notice_last_day']}")
    screening = view["screening"]
    if screening:
        if screening["problem"]:
            echo(f"  初审: {screening['problem']}")
        for r in screening["rows"]:
            mark = "✓ 合格" if r["qualified"] else "✗ 不合格"
            flag = " ⚠" if r["flagged"] else ""
            echo(f"  {r['place'] or '—'}. {r['employee_no']} {r['name']} {mark}{flag}")
            for step in r["steps"]:
                if step["flag"] or step["code"] in ("eagle.placed", "eagle.behind"):
                    echo(f"       {step['rule']} {step['text']}")
    for step in view["schedule"]:
        echo(f"  {'⚠ ' if step['flag'] else ''}{step['text']}")
    if view["group"]:
        group = view["group"]
        echo("  面试官: " + " · ".join(f"{p['seat']} {p['name']}" for p in group["panel"]))
        for m in group["members"]:
            echo(
                f"  成员 {m['employee_no']} {m['name']} {m['department']}{' ★组长' if m['leader'] else ''}"
            )
    for m in view["members"]:
        exams = m["exams"]
        if exams:
            state = {True: "合格", False: "不合格", None: "待定"}[exams["passed"]]
            gap = "免考" if exams["gap_exempt"] else (exams["gap"] or "—")
            echo(f"  考试 {m['employee_no']}: SOSO {exams['soso'] or '—'} · GAP {gap} → {state}")
        if m["transfer"]:
            echo(
                f"  调动 {m['employee_no']} → {m['transfer']['department']} 自 {m['transfer']['effective_on']}"
            )
    if view["leader_status"]:
        echo(f"  组长: {view['leader']} · {view['leader_status']['text']}")
    for c in view["complaints"]:
        valid = {None: "待认定", True: "理由得当", False: "理由不成立"}[c["valid"]]
        echo(f"  投诉 #{c['id']} {c['by']} → {c['leader']} [{valid}]: {c['reasons']}")
    for o in view["objections"]:
        echo(f"  申诉 #{o['id']} {o['filed_by']} {o['filed_on']}: {o['text']} [{o['state']}]")


@eagle_app.command("apply")
@handles_errors
def apply_cmd(
    case_id: CaseId,
    as_user: AsUser,
    results: Annotated[str, typer.Option(help="业绩情况")],
    comment: Annotated[str, typer.Option(help="上级评语")],
    progress: Annotated[str, typer.Option(help="学习进度")],
    method: Annotated[str, typer.Option(help="学习方式")],
    exam_dates: Annotated[str, typer.Option(help="考试时间")],
    months: Annotated[str, typer.Option(help="计划所需时间(月)")],
    score: Annotated[str, typer.Option(help="转正考试成绩 (可空)")] = "",
    on: OnDay = "",
) -> None:
    """以本人账号在截止日前申请 (R-EGL-1)。"""
    from kefu.careers import eagle_service as eagle

    plan_months = _number(months, "计划所需时间")
    if plan_months is None:
        raise KefuError("请填写计划所需时间(月)")
    with session() as s:
        viewer = acting(s, as_user)
        eagle.apply(
            s,
            viewer,
            case_id,
            results_summary=results,
            supervisor_comment=comment,
            progress=progress,
            method=method,
            exam_dates=exam_dates,
            plan_months=plan_months,
            conversion_exam_score=_number(score, "转正考试成绩"),
            seen_version=_version(s, case_id),
            today=day(on),
        )
        echo(f"{viewer.employee_no} 已申请雏鹰计划 #{case_id}")


@eagle_app.command("figures")
@handles_errors
def figures_cmd(
    case_id: CaseId,
    employee_no: EmployeeNo,
    as_user: AsUser,
    complaints: Annotated[str, typer.Option(help="重大投诉次数 (不填: 保持不变)")] = "",
    score: Annotated[str, typer.Option(help="转正考试成绩 (不填: 保持不变)")] = "",
    awards: Annotated[str, typer.Option(help="其他奖项，逗号分隔 (不填: 保持不变)")] = "",
    on: OnDay = "",
) -> None:
    """人事录入申请人的重大投诉、转正考试成绩和其他奖项 (R-EGL-1)。"""
    from kefu.careers import eagle_service as eagle
    from kefu.web.pages_eagle import parse_count

    count = parse_count(complaints, "重大投诉次数")
    with session() as s:
        # an option left out keeps what is there
        entry = eagle.application_of(eagle.get_plan(s, case_id), employee_no) or {}
        kept_score = entry.get("conversion_exam_score")
        eagle.record_figures(
            s,
            acting(s, as_user),
            case_id,
            employee_no,
            major_complaints=count if count is not None else entry.get("major_complaints"),
            conversion_exam_score=_number(score or kept_score or "", "转正考试成绩"),
            extra_awards=_list(awards) if awards else entry.get("extra_awards", []),
            seen_version=_version(s, case_id),
            today=day(on),
        )
        echo(f"已保存 {employee_no} 的筛选数据")


def _decide(case_id: int, decision: str, as_user: str, opinion: str, on: str) -> None:
    from kefu.attendance.service import work_calendar
    from kefu.careers import eagle_service as eagle

    if decision not in ("approve", "reject"):
        raise KefuError("决定应为 approve 或 reject")
    with session() as s:
        case = eagle.decide(
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
        if case.notice_first_day:
            echo(f"公示期 {case.notice_first_day} — {case.notice_last_day}")


@eagle_app.command("close-applications")
@handles_errors
def close_cmd(
    case_id: CaseId,
    as_user: AsUser,
    opinion: Annotated[str, typer.Option(help="审批意见")] = "申请截止，进入初审筛选",
    on: OnDay = "",
) -> None:
    """截止报名，进入初审筛选 (人事，截止日起)。"""
    _decide(case_id, "approve", as_user, opinion, on)


@eagle_app.command("shortlist")
@handles_errors
def shortlist_cmd(
    case_id: CaseId,
    as_user: AsUser,
    interview_on: Annotated[str, typer.Option(help="面试日期 YYYY-MM-DD")],
    members: Annotated[
        str, typer.Option(help="入围工号，逗号分隔 (默认全部合格)", callback=staff_no_list_param)
    ] = "",
    shortlist_on: Annotated[str, typer.Option(help="入围日期 (默认 --on)")] = "",
    on: OnDay = "",
) -> None:
    """确定入围名单和面试日期；超出规定天数的日期会被标出 (R-EGL-1)。"""
    from kefu.careers import eagle_service as eagle

    today = day(on)
    with session() as s:
        eagle.set_shortlist(
            s,
            acting(s, as_user),
            case_id,
            members=_list(members) or None,
            shortlist_on=day(shortlist_on, "入围日期") if shortlist_on else today,
            interview_on=day(interview_on, "面试日期"),
            seen_version=_version(s, case_id),
            today=today,
        )
        case = eagle.get_plan(s, case_id)
        echo("入围名单: " + "、".join(case.data["shortlist"]["members"]))
        from kefu.web.pages_eagle import step_row

        for step in eagle.schedule_steps(s, case):
            row = step_row(step, "zh")
            echo(f"{'⚠ ' if row['flag'] else ''}{row['text']}")


@eagle_app.command("select")
@handles_errors
def select_cmd(
    case_id: CaseId,
    as_user: AsUser,
    members: Annotated[
        str, typer.Option(help="入选小组的工号，逗号分隔", callback=staff_no_list_param)
    ],
    leader: Annotated[str, typer.Option(help="组长工号", callback=staff_no_param)],
    gm: Annotated[str, typer.Option(help="面试官: 总经理")],
    deputy_gm: Annotated[str, typer.Option(help="面试官: 副总经理")],
    cs_director: Annotated[str, typer.Option(help="面试官: 客服总监")],
    hr_manager: Annotated[str, typer.Option(help="面试官: 人事经理")],
    on: OnDay = "",
) -> None:
    """记录面试官小组和入选的小组成员及组长 (客服经理, R-EGL-2)。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        eagle.record_group(
            s,
            acting(s, as_user),
            case_id,
            panel={
                "gm": gm,
                "deputy_gm": deputy_gm,
                "cs_director": cs_director,
                "hr_manager": hr_manager,
            },
            members=_list(members),
            leader=leader,
            seen_version=_version(s, case_id),
            today=day(on),
        )
        echo(f"小组: {'、'.join(eagle.member_numbers(eagle.get_plan(s, case_id)))}，组长 {leader}")


@eagle_app.command("decide")
@handles_errors
def decide_cmd(
    case_id: CaseId,
    decision: Annotated[str, typer.Argument(help="approve | reject")],
    as_user: AsUser,
    opinion: Annotated[str, typer.Option(help="审批意见 (驳回须写明原因)")],
    on: OnDay = "",
) -> None:
    """审批当前环节: 报名 → 初审筛选 → 面试评审 → 公示。"""
    _decide(case_id, decision, as_user, opinion, on)


add_objection_commands(
    eagle_app,
    "kefu.careers.eagle_service",
    case_help="雏鹰计划编号",
    object_help="公示期内对小组名单提出申诉 (R-PUB-1)。",
    answer_help="人事答复申诉；申诉成立则本期结果不予通过。",
)


@eagle_app.command("finalize")
@handles_errors
def finalize_cmd(case_id: CaseId, as_user: AsUser, on: OnDay = "") -> None:
    """公示期满且申诉均已答复后确认生效: 小组成立。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        eagle.finalize(s, acting(s, as_user), case_id, day(on))
        echo(_state(s, case_id))


@eagle_app.command("exams")
@handles_errors
def exams_cmd(
    case_id: CaseId,
    employee_no: EmployeeNo,
    as_user: AsUser,
    soso: Annotated[str, typer.Option(help="SOSO升级考试成绩")] = "",
    gap: Annotated[str, typer.Option(help="GAP上机考试成绩")] = "",
    prior_gap_score: Annotated[str, typer.Option(help="原部门 GAP 成绩")] = "",
    prior_gap_on: Annotated[str, typer.Option(help="原部门 GAP 考试日期")] = "",
    on: OnDay = "",
) -> None:
    """录入小组成员的两项考试，或原部门 GAP 成绩以判断免考 (R-EGL-3)。"""
    from kefu.careers import eagle_service as eagle
    from kefu.web.pages_eagle import prior_gap, step_row

    with session() as s:
        outcome = eagle.record_exams(
            s,
            acting(s, as_user),
            case_id,
            employee_no,
            soso_score=_number(soso, "SOSO升级考试成绩"),
            gap_score=_number(gap, "GAP上机考试成绩"),
            prior_gap=prior_gap(prior_gap_score, prior_gap_on),
            seen_version=_version(s, case_id),
            today=day(on),
        )
        for step in outcome.steps:
            echo(f"  {step.rule} {step_row(step, 'zh')['text']}")


@eagle_app.command("certificate")
@handles_errors
def certificate_cmd(case_id: CaseId, employee_no: EmployeeNo, as_user: AsUser) -> None:
    """通过两项考试的成员的奖状 (网页可打印: /eagle/<编号>/certificate/<工号>)。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        cert = eagle.certificate(s, acting(s, as_user), case_id, employee_no)
    gap = (
        f"免考 (原部门 {cert.prior_gap_score} 分，{cert.prior_gap_on})"
        if cert.gap_exempt
        else f"{cert.gap_score} 分"
    )
    echo("奖状")
    echo(f"{cert.name}(工号 {cert.employee_no})参加「{cert.plan_title}」，考核合格，特发此状。")
    echo(f"  SOSO升级考试 {cert.soso_score} 分 · GAP上机考试 {gap}")
    echo(
        f"  调入 {cert.department}"
        + (f"，自 {cert.transferred_on} 起" if cert.transferred_on else "")
    )
    echo(f"  人事部 {cert.issued_on}")


@eagle_app.command("transfer")
@handles_errors
def transfer_cmd(case_id: CaseId, employee_no: EmployeeNo, as_user: AsUser, on: OnDay = "") -> None:
    """确认通过考核的成员调入 VIP 部门: 员工名册次日生效 (R-EGL-3)。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        record = eagle.transfer(
            s, acting(s, as_user), case_id, employee_no, _version(s, case_id), day(on)
        )
        echo(f"{employee_no} 自 {record.effective_on} 起调入 {record.department}")


@eagle_app.command("complaint")
@handles_errors
def complaint_cmd(
    case_id: CaseId,
    as_user: AsUser,
    reasons: Annotated[str, typer.Option(help="投诉组长的理由")],
    on: OnDay = "",
) -> None:
    """小组成员投诉组长 (R-EGL-2)。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        entry = eagle.file_complaint(
            s, acting(s, as_user), case_id, reasons, _version(s, case_id), day(on)
        )
        echo(f"已提交投诉 #{entry['id']}，人事将核实")


@eagle_app.command("judge")
@handles_errors
def judge_cmd(
    case_id: CaseId,
    complaint_id: Annotated[int, typer.Argument(help="投诉编号")],
    verdict: Annotated[str, typer.Argument(help="valid (理由得当) | invalid (不成立)")],
    as_user: AsUser,
    note: Annotated[str, typer.Option(help="认定意见")],
    on: OnDay = "",
) -> None:
    """人事认定投诉理由是否得当；超过半数成员的有效投诉须另立组长 (R-EGL-2)。"""
    from kefu.careers import eagle_service as eagle

    if verdict not in ("valid", "invalid"):
        raise KefuError("认定应为 valid 或 invalid")
    with session() as s:
        eagle.judge_complaint(
            s,
            acting(s, as_user),
            case_id,
            complaint_id,
            valid=verdict == "valid",
            note=note,
            seen_version=_version(s, case_id),
            today=day(on),
        )
        status = eagle.leader_status(s, eagle.get_plan(s, case_id))
        if status is not None:
            from kefu.web.pages_eagle import step_row

            echo(step_row(status.step, "zh")["text"])


@eagle_app.command("leader")
@handles_errors
def leader_cmd(
    case_id: CaseId,
    new_leader: Annotated[
        str, typer.Argument(help="新组长工号 (小组成员)", callback=staff_no_param)
    ],
    as_user: AsUser,
    on: OnDay = "",
) -> None:
    """另立组长: 有效投诉超过半数成员时，人事记录新组长 (R-EGL-2)。"""
    from kefu.careers import eagle_service as eagle

    with session() as s:
        eagle.replace_leader(
            s, acting(s, as_user), case_id, new_leader, _version(s, case_id), day(on)
        )
        echo(f"#{case_id} 新组长: {new_leader}")
