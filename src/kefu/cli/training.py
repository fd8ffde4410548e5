"""``kefu training …``: the new-hire programme (新员工培训, R-NEW-1..4).

Acting commands take ``--as USERNAME``: the account whose role decides, exactly as if it had
acted in the web app; ``--on YYYY-MM-DD`` sets the day (default: today). Listings read as the
center does (the command line's user, with a manager's view) and take ``--format json``.
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
    actor,
    add_objection_commands,
    day,
    echo,
    handles_errors,
    session,
    staff_no_param,
    staff_nos_param,
)
from kefu.errors import KefuError

app = typer.Typer(
    help="新员工培训 (R-NEW-1..4): cohorts, the day-by-day plan, training scores, elimination.",
    no_args_is_help=True,
)

Format = Annotated[str, typer.Option("--format", "-f", help="text | json")]
Lang = Annotated[str, typer.Option(help="zh | en")]
CohortId = Annotated[int, typer.Argument(help="培训班编号")]
TraineeId = Annotated[int, typer.Argument(help="学员编号 (见 kefu training cohort)")]
CaseId = Annotated[int, typer.Argument(help="培训淘汰案件编号")]


def _center() -> Any:
    from kefu.accounts.rules import Viewer

    return Viewer(username=actor(), role="manager")


def _score(text: str, what: str) -> Decimal | None:
    from kefu.training.service import parse_score

    return parse_score(text, what) if text else None


def _calendar() -> Any:
    from kefu.attendance.service import work_calendar

    return work_calendar()


def _json(value: Any) -> None:
    echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _lang(text: str) -> Any:
    return "en" if text == "en" else "zh"


# ---------------------------------------------------------------- cohorts and the plan


@app.command("cohorts")
@handles_errors
def cohorts_cmd(fmt: Format = "text") -> None:
    """所有培训班: 开班日期、培训负责人、学员人数。"""
    from kefu.web.pages_training import cohort_rows

    with session() as s:
        rows = cohort_rows(s, _center())
    if fmt == "json":
        _json(rows)
        return
    for r in rows:
        echo(
            f"#{r['id']} {r['name']} · {r['starts_on']} 开班 · 培训负责人 {r['trainer']} · "
            f"学员 {r['trainees']} 人 (培训中 {r['running']})"
        )
    if not rows:
        echo("还没有培训班")


@app.command("open-cohort")
@handles_errors
def open_cohort_cmd(
    as_user: AsUser,
    name: Annotated[str, typer.Option(help="培训班名称")],
    start: Annotated[str, typer.Option(help="开班日期 YYYY-MM-DD")],
    trainer: Annotated[str, typer.Option(help="培训负责人账号 (QA 或人事；默认本人)")] = "",
    department: Annotated[str, typer.Option(help="新入职人员的默认部门")] = "",
    on: OnDay = "",
) -> None:
    """开设培训班: 按政策指定的培训计划复制一份，排在真实日期上 (R-NEW-1)。"""
    from kefu.training.service import open_cohort

    with session() as s:
        cohort = open_cohort(
            s,
            acting(s, as_user),
            name=name,
            starts_on=day(start),
            trainer=trainer,
            department=department,
            today=day(on),
        )
        echo(
            f"已开设培训班 #{cohort.id}: {cohort.name}，{cohort.starts_on} 开班，计划 {cohort.plan_name}"
        )


@app.command("cohort")
@handles_errors
def cohort_cmd(
    cohort_id: CohortId, fmt: Format = "text", lang: Lang = "zh", on: OnDay = ""
) -> None:
    """一个培训班: 学员、导师、状态和初步淘汰名单。"""
    from kefu.training.service import get_cohort
    from kefu.web.pages_training import cohort_view

    with session() as s:
        view = cohort_view(s, _center(), get_cohort(s, cohort_id), _lang(lang), day(on))
    if fmt == "json":
        _json(view)
        return
    echo(f"#{view['id']} {view['name']} · {view['starts_on']} 开班 · 培训负责人 {view['trainer']}")
    if view["programme_day"] >= 1:
        echo(f"  今天 {view['today']} 是培训第 {view['programme_day']} 天")
    for r in view["trainee_rows"]:
        mentor = r["mentor_no"] or "未指定导师"
        flags = (
            f" · 初步淘汰名单: {'；'.join(r['flags'] + r['criteria'])}" if r["preliminary"] else ""
        )
        missing = f" · {r['no_mentor']}" if r["no_mentor"] else ""
        echo(
            f"  [{r['id']}] {r['employee_no']} {r['name']} · {r['stage_name']} · 导师 {mentor}"
            f"{missing}{flags}"
        )
    if not view["trainee_rows"]:
        echo("  还没有学员")


@app.command("plan")
@handles_errors
def plan_cmd(cohort_id: CohortId, fmt: Format = "text", lang: Lang = "zh", on: OnDay = "") -> None:
    """培训计划排在真实日期上: 第 N 天 = 开班日 + N − 1；考试日遇非工作日顺延 (R-NEW-1)。"""
    from kefu.training.service import get_cohort
    from kefu.web.pages_training import cohort_view

    with session() as s:
        view = cohort_view(s, _center(), get_cohort(s, cohort_id), _lang(lang), day(on))
    if fmt == "json":
        _json(view["plan"])
        return
    if view["plan_problem"]:
        echo(view["plan_problem"])
    for d in view["plan"]:
        mark = " ◀ 今天" if d["today"] else ""
        exam = f" · {d['exam_name']}" if d["exam"] else ""
        echo(f"第 {d['number']:>2} 天 {d['on']}{mark} {d['title']} ({d['lead']}){exam}")
        for step in d["explanation"]:
            if step["reason"]:
                echo(f"        {step['rule']}: {step['text']}")


@app.command("edit-day")
@handles_errors
def edit_day_cmd(
    cohort_id: CohortId,
    number: Annotated[int, typer.Argument(help="计划第几天")],
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="修改原因")],
    title: Annotated[str, typer.Option(help="新标题")] = "",
    lead: Annotated[str, typer.Option(help="负责人")] = "",
    content: Annotated[list[str] | None, typer.Option("--content", help="内容 (可重复)")] = None,
    exam: Annotated[str, typer.Option(help="考试类别 (none 取消考试)")] = "",
    on: OnDay = "",
) -> None:
    """修改培训班计划中的一天 (内容、负责人、考试类别)；修改会被记录。"""
    from kefu.training.service import KEEP, edit_plan_day

    with session() as s:
        edit_plan_day(
            s,
            acting(s, as_user),
            cohort_id,
            number,
            title=title or None,
            lead=lead or None,
            content=content or None,
            exam=KEEP if not exam else (None if exam == "none" else exam),
            reason=reason,
            today=day(on),
        )
        echo(f"已修改培训班 #{cohort_id} 第 {number} 天")


@app.command("add-trainee")
@handles_errors
def add_trainee_cmd(
    cohort_id: CohortId,
    employee_no: Annotated[str, typer.Argument(help="工号", callback=staff_no_param)],
    as_user: AsUser,
    name: Annotated[str, typer.Option(help="姓名 (新入职、尚未在名册中时)")] = "",
    department: Annotated[str, typer.Option(help="部门 (新入职时)")] = "",
    hired_on: Annotated[str, typer.Option("--hired-on", help="入职日期 (新入职时)")] = "",
    mentor: Annotated[str, typer.Option(help="导师工号", callback=staff_no_param)] = "",
    on: OnDay = "",
) -> None:
    """学员加入培训班: 名册中的试用期员工，或新入职人员 (给出姓名即加入名册)。"""
    from kefu.training.service import add_trainee

    with session() as s:
        trainee = add_trainee(
            s,
            acting(s, as_user),
            cohort_id,
            employee_no,
            name=name,
            department=department,
            hired_on=day(hired_on) if hired_on else None,
            mentor_no=mentor,
            today=day(on),
        )
        echo(f"学员 [{trainee.id}] {trainee.employee_no} {trainee.name} 已加入培训班 #{cohort_id}")


@app.command("mentor")
@handles_errors
def mentor_cmd(
    trainee_id: TraineeId,
    mentor_no: Annotated[str, typer.Argument(help="导师工号", callback=staff_no_param)],
    as_user: AsUser,
    on: OnDay = "",
) -> None:
    """指定导师(师傅): 在职的正式员工。"""
    from kefu.training.service import assign_mentor

    with session() as s:
        trainee = assign_mentor(s, acting(s, as_user), trainee_id, mentor_no, day(on))
        echo(f"{trainee.name} 的导师: {mentor_no}")


# ---------------------------------------------------------------- scores and flags


@app.command("trainee")
@handles_errors
def trainee_cmd(
    trainee_id: TraineeId, fmt: Format = "text", lang: Lang = "zh", on: OnDay = ""
) -> None:
    """一名学员: 状态、成绩与反馈、淘汰标准是否成立及依据。"""
    from kefu.training.service import get_trainee
    from kefu.web.pages_training import trainee_view

    with session() as s:
        view = trainee_view(s, _center(), get_trainee(s, trainee_id), _lang(lang), day(on))
    if fmt == "json":
        _json(view)
        return
    echo(f"[{view['id']}] {view['employee_no']} {view['name']} · {view['stage_name']}")
    echo(
        f"  导师 {view['mentor_no'] or '未指定'}"
        + (f" · {view['no_mentor']}" if view["no_mentor"] else "")
    )
    for sc in [*view["scores"], *view["conversion"]]:
        echo(f"  {sc['taken_on']} {sc['kind_name']} {sc['score']} · {sc['feedback'] or '—'}")
    for f in view["flags"]:
        echo(f"  {f['name']}: {'成立' if f['held'] else '不成立'}")
        for step in f["explanation"]:
            echo(f"       {step['rule']}: {step['text']}")
    for c in view["criteria"]:
        if not c["withdrawn"]:
            echo(f"  记录的淘汰依据: {c['name']} ({c['observed_on']}) {c['evidence']}")


@app.command("score")
@handles_errors
def score_cmd(
    trainee_id: TraineeId,
    as_user: AsUser,
    kind: Annotated[str, typer.Option(help="theory | practical | conduct")],
    feedback: Annotated[str, typer.Option(help="给学员的反馈")],
    score: Annotated[str, typer.Option(help="成绩 (理论、实践，满分 100)")] = "",
    attendance: Annotated[str, typer.Option(help="出勤情况 (日常表现)")] = "",
    attitude: Annotated[str, typer.Option(help="学习态度 (日常表现)")] = "",
    teamwork: Annotated[str, typer.Option(help="团队协作 (日常表现)")] = "",
    taken_on: Annotated[str, typer.Option("--taken-on", help="考核日期 (默认 --on)")] = "",
    occasion: Annotated[str, typer.Option(help="periodic | lesson | exam")] = "periodic",
    plan_day: Annotated[int | None, typer.Option("--plan-day", help="计划第几天")] = None,
    corrects: Annotated[int | None, typer.Option(help="更正哪条成绩 (编号)")] = None,
    reason: Annotated[str, typer.Option(help="更正原因")] = "",
    on: OnDay = "",
) -> None:
    """录入 (或更正) 理论、实践或日常表现成绩，附反馈 (R-NEW-2)。"""
    from kefu.training.scores import record_score

    parts = None
    if kind == "conduct":
        given = {
            "attendance": _score(attendance, "出勤情况"),
            "attitude": _score(attitude, "学习态度"),
            "teamwork": _score(teamwork, "团队协作"),
        }
        parts = {k: v for k, v in given.items() if v is not None}
    with session() as s:
        row = record_score(
            s,
            acting(s, as_user),
            trainee_id,
            kind=kind,
            taken_on=day(taken_on or on),
            feedback=feedback,
            score=_score(score, "成绩"),
            parts=parts,
            occasion=occasion,
            plan_number=plan_day,
            corrects=corrects,
            reason=reason,
            today=day(on),
        )
        echo(f"已记录成绩 #{row.id}: {row.taken_on} {row.kind} {row.score}")


@app.command("warn")
@handles_errors
def warn_cmd(
    trainee_id: TraineeId,
    as_user: AsUser,
    note: Annotated[str, typer.Option(help="提醒内容")],
    given_on: Annotated[str, typer.Option("--given-on", help="提醒日期 (默认 --on)")] = "",
    on: OnDay = "",
) -> None:
    """记录一次提醒 (日常表现的淘汰标准按提醒次数判断, R-NEW-3)。"""
    from kefu.training.scores import warn

    with session() as s:
        warn(s, acting(s, as_user), trainee_id, note, day(given_on or on), day(on))
        echo("已记录提醒")


@app.command("criterion")
@handles_errors
def criterion_cmd(
    trainee_id: TraineeId,
    criterion: Annotated[
        str,
        typer.Argument(
            help="serious_violation | unable_after_coaching | serious_complaint | "
            "refuses_cooperation | ability_far_below"
        ),
    ],
    as_user: AsUser,
    evidence: Annotated[str, typer.Option(help="事实依据")],
    observed_on: Annotated[str, typer.Option("--observed-on", help="发生日期 (默认 --on)")] = "",
    on: OnDay = "",
) -> None:
    """培训负责人记录系统无法自动判断的淘汰标准，附事实依据 (R-NEW-3)。"""
    from kefu.training.scores import record_criterion

    with session() as s:
        row = record_criterion(
            s,
            acting(s, as_user),
            trainee_id,
            criterion,
            evidence,
            day(observed_on or on),
            day(on),
        )
        echo(f"已记录淘汰依据 #{row.id}")


@app.command("flags")
@handles_errors
def flags_cmd(fmt: Format = "text", lang: Lang = "zh", on: OnDay = "") -> None:
    """初步淘汰名单: 自动标记 (连续不及格、日常表现) 和记录的依据，附证据 (R-NEW-3)。"""
    from kefu.training.scores import preliminary_list
    from kefu.web.pages_training import trainee_view

    with session() as s:
        on_day = day(on)
        found = preliminary_list(s, _calendar(), on_day)
        views = [trainee_view(s, _center(), st.trainee, _lang(lang), on_day) for st in found]
    if fmt == "json":
        _json(views)
        return
    for v in views:
        echo(f"[{v['id']}] {v['employee_no']} {v['name']} · {v['cohort']['name']}")
        for f in v["flags"]:
            if f["held"]:
                for step in f["explanation"]:
                    echo(f"     {step['rule']}: {step['text']}")
        for c in v["criteria"]:
            if not c["withdrawn"]:
                echo(
                    f"     R-NEW-3: {c['name']} ({c['observed_on']}, {c['recorded_by']}) {c['evidence']}"
                )
    if not views:
        echo("初步淘汰名单为空")


# ---------------------------------------------------------------- conversion and the choice


@app.command("convert")
@handles_errors
def convert_cmd(
    trainee_id: TraineeId,
    as_user: AsUser,
    feedback: Annotated[str, typer.Option(help="结果反馈")],
    score: Annotated[str, typer.Option(help="转正考试 (或补考) 成绩")] = "",
    paper: Annotated[str, typer.Option(help="试卷名称")] = "",
    sitting: Annotated[int | None, typer.Option(help="或: 已评分的考试编号")] = None,
    taken_on: Annotated[str, typer.Option("--taken-on", help="考试日期 (默认 --on)")] = "",
    on: OnDay = "",
) -> None:
    """记录转正考试 (或补考) 结果并立即生效: 通过次日转正；未通过安排补考 (R-NEW-1)。"""
    from kefu.explain.messages import render
    from kefu.explain.trace import Step
    from kefu.training.conversion import record_conversion
    from kefu.training.service import STAGES, get_trainee

    with session() as s:
        row = record_conversion(
            s,
            acting(s, as_user),
            trainee_id,
            taken_on=day(taken_on or on),
            feedback=feedback,
            score=_score(score, "成绩"),
            paper_label=paper,
            sitting_id=sitting,
            calendar=_calendar(),
            today=day(on),
        )
        trainee = get_trainee(s, trainee_id)
        echo(f"已记录 {row.kind} {row.score} 分: {trainee.name} 现为「{STAGES[trainee.stage][0]}」")
        for step in row.steps:
            echo(f"  {render(Step.from_dict(step))}")


@app.command("decide")
@handles_errors
def decide_cmd(
    trainee_id: TraineeId,
    choice: Annotated[str, typer.Argument(help="eliminate (淘汰) | extend (延长试用期)")],
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="决定理由")],
    until: Annotated[str, typer.Option(help="延长试用期至 YYYY-MM-DD")] = "",
    on: OnDay = "",
) -> None:
    """补考未通过后，客服经理决定淘汰或延长试用期，写明理由。"""
    from kefu.training.conversion import decide

    with session() as s:
        trainee = decide(
            s,
            acting(s, as_user),
            trainee_id,
            choice,
            reason,
            until=day(until) if until else None,
            calendar=_calendar(),
            today=day(on),
        )
        tail = f"，案件 #{trainee.case_id}" if trainee.case_id else ""
        echo(f"已记录决定: {choice}{tail}")


# ---------------------------------------------------------------- the elimination case


@app.command("eliminate")
@handles_errors
def eliminate_cmd(
    trainee_id: TraineeId,
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="发起说明")] = "",
    on: OnDay = "",
) -> None:
    """从初步淘汰名单发起培训淘汰 (R-NEW-4)。"""
    from kefu.training.elimination_service import open_case

    with session() as s:
        case = open_case(
            s, acting(s, as_user), trainee_id, calendar=_calendar(), today=day(on), reason=reason
        )
        echo(f"已发起培训淘汰 #{case.id}: {case.title}，等待沟通面谈")


@app.command("case")
@handles_errors
def case_cmd(case_id: CaseId, fmt: Format = "text", lang: Lang = "zh", on: OnDay = "") -> None:
    """一件培训淘汰: 依据、面谈、公示与申诉、最终决定、离职手续、离职面谈。"""
    from kefu.training.elimination_service import get_case
    from kefu.web.pages_training import case_view

    with session() as s:
        view = case_view(s, _center(), get_case(s, case_id), _lang(lang), day(on))
    if fmt == "json":
        _json(view)
        return
    echo(f"#{view['id']} {view['title']} · {view['state_name']}")
    for g in view["grounds"]:
        echo(f"  依据: {g['name']} ({g['since']})")
    if view["notice_first_day"]:
        echo(f"  公示期 {view['notice_first_day']} — {view['notice_last_day']}")
    for a in view["actions"]:
        opinion = f": {a['opinion']}" if a["opinion"] else ""
        echo(f"  {a['on_day']} {a['actor']} {a['action']}{opinion} → {a['state_after']}")
    for c in view["checklist"]:
        done = f"{c['done']['on']} {c['done']['by']}" if c["done"] else "未办理"
        echo(f"  {c['name']}: {done}")


def _version(s: Any, case_id: int) -> int:
    from kefu.training.elimination_service import get_case

    return get_case(s, case_id).version


def _state(s: Any, case_id: int) -> str:
    from kefu.training.elimination_service import FLOW, get_case

    case = get_case(s, case_id)
    notice = (
        f"，公示期 {case.notice_first_day} — {case.notice_last_day}"
        if case.notice_first_day
        else ""
    )
    return f"#{case.id} 现为「{FLOW.state_name(case.state)}」{notice}"


@app.command("talk")
@handles_errors
def talk_cmd(
    case_id: CaseId,
    decision: Annotated[str, typer.Argument(help="approve (公示) | reject (不再淘汰)")],
    as_user: AsUser,
    reasons: Annotated[str, typer.Option(help="向本人说明的原因和依据")],
    response: Annotated[str, typer.Option(help="本人意见")] = "",
    on: OnDay = "",
) -> None:
    """沟通面谈 (培训负责人): 说明原因和依据，记录本人意见；公示或结束案件。"""
    from kefu.training.elimination_service import talk

    if decision not in ("approve", "reject"):
        raise KefuError("决定应为 approve 或 reject")
    with session() as s:
        talk(
            s,
            acting(s, as_user),
            case_id,
            "approve" if decision == "approve" else "reject",
            reasons,
            response,
            _version(s, case_id),
            calendar=_calendar(),
            today=day(on),
        )
        echo(_state(s, case_id))


add_objection_commands(
    app,
    "kefu.training.elimination_service",
    case_help="培训淘汰案件编号",
    object_help="公示期内提出申诉 (R-PUB-1)。",
    answer_help="人事答复申诉；申诉成立则撤销淘汰。",
)


@app.command("final")
@handles_errors
def final_cmd(
    case_id: CaseId,
    as_user: AsUser,
    opinion: Annotated[str, typer.Option(help="最终决定意见")],
    on: OnDay = "",
) -> None:
    """公示期满、申诉均已答复后，人事作出最终决定: 当天起离职 (淘汰)。"""
    from kefu.training.elimination_service import finalize

    with session() as s:
        case = finalize(s, acting(s, as_user), case_id, opinion, day(on))
        echo(
            f"#{case.id} 已生效: {case.data['name']} ({case.data['employee_no']}) 自 {case.data['left_on']} 起离职"
        )


@app.command("checklist")
@handles_errors
def checklist_cmd(
    case_id: CaseId,
    item: Annotated[
        str, typer.Argument(help="final_pay (结算工资) | badge (证件) | equipment (设备)")
    ],
    as_user: AsUser,
    done_on: Annotated[str, typer.Option("--done-on", help="办理日期 (默认 --on)")] = "",
    on: OnDay = "",
) -> None:
    """人事办理离职手续的一项，记录日期和经办人。"""
    from kefu.training.elimination_service import tick

    with session() as s:
        tick(
            s,
            acting(s, as_user),
            case_id,
            item,
            day(done_on or on),
            _version(s, case_id),
            day(on),
        )
        echo(f"已办理: {item}")


@app.command("exit")
@handles_errors
def exit_cmd(
    case_id: CaseId,
    as_user: AsUser,
    feedback: Annotated[str, typer.Option(help="本人对培训和淘汰的意见")],
    advice: Annotated[str, typer.Option(help="评价与职业建议")],
    on: OnDay = "",
) -> None:
    """人事记录离职面谈: 本人反馈与职业建议。"""
    from kefu.training.elimination_service import record_exit

    with session() as s:
        record_exit(s, acting(s, as_user), case_id, feedback, advice, _version(s, case_id), day(on))
        echo("已记录离职面谈")


# ---------------------------------------------------------------- exams on the question bank


@app.command("assign-exam")
@handles_errors
def assign_exam_cmd(
    cohort_id: CohortId,
    paper_id: Annotated[int, typer.Argument(help="试卷编号")],
    as_user: AsUser,
    purpose: Annotated[
        str, typer.Option(help="training_theory | training_practical | conversion | re_exam")
    ],
    opens: Annotated[str, typer.Option(help="开考日期")],
    closes: Annotated[str, typer.Option(help="截止日期")],
    plan_day: Annotated[int | None, typer.Option("--plan-day", help="计划第几天的考试")] = None,
    trainee: Annotated[
        list[str] | None,
        typer.Option("--trainee", help="只安排这些工号 (可重复)", callback=staff_nos_param),
    ] = None,
    on: OnDay = "",
) -> None:
    """为培训班安排题库中的试卷；补考试卷与未通过的试卷有相同题目时拒绝 (R-EXM-1)。"""
    from kefu.training.exams_link import assign_exam

    with session() as s:
        sittings = assign_exam(
            s,
            acting(s, as_user),
            cohort_id,
            paper_id,
            purpose=purpose,
            opens_on=day(opens),
            closes_on=day(closes),
            employee_nos=trainee or [],
            plan_day=plan_day,
            today=day(on),
        )
        echo(f"已安排 {len(sittings)} 人: {', '.join(x.employee_no for x in sittings)}")


@app.command("re-exam-paper")
@handles_errors
def re_exam_paper_cmd(
    trainee_id: TraineeId,
    as_user: AsUser,
    topic: Annotated[list[str], typer.Option("--topic", help="知识点=题数 (可重复)")],
    title: Annotated[str, typer.Option(help="试卷标题")] = "",
    seed: Annotated[int | None, typer.Option(help="随机种子")] = None,
    on: OnDay = "",
) -> None:
    """从题库抽一份补考试卷: 不含未通过试卷中的任何题目 (考试题目与上次不同)。"""
    from kefu.training.exams_link import draw_re_exam_paper

    topics: dict[str, int] = {}
    for value in topic:
        name, sep, count = value.rpartition("=")
        if not sep or not name.strip() or not count.strip().isdigit():
            raise KefuError(f"知识点「{value}」应写成 知识点=题数")
        topics[name.strip()] = int(count)
    with session() as s:
        paper = draw_re_exam_paper(
            s,
            acting(s, as_user),
            trainee_id,
            topics=topics,
            title=title,
            seed=seed,
            today=day(on),
        )
        echo(f"已抽取补考试卷 #{paper.id}: {paper.title}")
