"""``kefu recruit …``: recruitment (招聘, R-REC-1) — candidates, their tests, the moves from
报名 to 初试, 复试 and 培训, reserve staffing.

Acting commands take ``--as USERNAME``: the account whose role decides, exactly as if it had
acted in the web app; ``--on YYYY-MM-DD`` sets the day (default: today). A move is made on the
candidate's current version (the command reads it first).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kefu.cli.common import echo, handles_errors, session, staff_no_param
from kefu.errors import KefuError

if TYPE_CHECKING:
    from kefu.explain.messages import Lang

app = typer.Typer(
    help="招聘 (R-REC-1): 应聘者、上机/朗读测试与面试成绩、初试→复试→培训、人员储备。",
    no_args_is_help=True,
)

AsUser = Annotated[str, typer.Option("--as", help="以哪个账号的身份办理 (用户名)")]
OnDay = Annotated[str, typer.Option("--on", help="日期 YYYY-MM-DD (默认今天)")]
CandidateId = Annotated[int, typer.Argument(help="应聘者编号")]
Format = Annotated[str, typer.Option("--format", "-f", help="text | json")]
Language = Annotated[str, typer.Option(help="zh | en")]


def _day(text: str, what: str = "日期") -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise KefuError(f"{what}「{text}」应为 YYYY-MM-DD") from None


def _viewer(s: Any, username: str) -> Any:
    from kefu.accounts.service import get_user, viewer_of

    return viewer_of(s, get_user(s, username))


def _stage_code(text: str) -> str:
    """A stage by its code (first_test) or its Chinese name (初试)."""
    from kefu.recruitment.messages import STAGE_NAMES

    for code, names in STAGE_NAMES.items():
        if text in (code, names["zh"], names["en"]):
            return code
    known = "、".join(f"{names['zh']} ({code})" for code, names in STAGE_NAMES.items())
    raise KefuError(f"没有「{text}」这个招聘阶段，可用: {known}")


def _lang(text: str) -> Lang:
    return "en" if text == "en" else "zh"


def _json(data: Any) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@app.command("add")
@handles_errors
def add_cmd(
    as_user: AsUser,
    name: Annotated[str, typer.Option(help="姓名")],
    contact: Annotated[str, typer.Option(help="联系方式")] = "",
    applied_on: Annotated[str, typer.Option(help="报名日期 YYYY-MM-DD (默认 --on 当天)")] = "",
    position: Annotated[str, typer.Option(help="应聘岗位 (默认 座席代表)")] = "",
    source: Annotated[str, typer.Option(help="来源，如 社会招聘、校园招聘")] = "",
    notes: Annotated[str, typer.Option(help="备注")] = "",
    on: OnDay = "",
) -> None:
    """登记一名应聘者 (报名)。"""
    from kefu.recruitment.service import add_candidate

    today = _day(on)
    with session() as s:
        candidate = add_candidate(
            s,
            _viewer(s, as_user),
            name=name,
            contact=contact,
            applied_on=_day(applied_on, "报名日期") if applied_on else today,
            position=position,
            source=source,
            notes=notes,
            today=today,
        )
        echo(f"已登记应聘者 #{candidate.id} {candidate.name}，阶段「报名」")


@app.command("list")
@handles_errors
def list_cmd(
    stage: Annotated[str, typer.Option(help="只列出某一阶段 (如 初试 或 first_test)")] = "",
    search: Annotated[str, typer.Option(help="按姓名、联系方式或工号查找")] = "",
    fmt: Format = "text",
    lang: Language = "zh",
) -> None:
    """应聘者列表 (按报名日期从新到旧)。"""
    from kefu.web.pages_recruitment import candidate_rows

    words = _lang(lang)
    with session() as s:
        rows = candidate_rows(s, words, stage=_stage_code(stage) if stage else "", search=search)
    if fmt == "json":
        _json(rows)
        return
    for r in rows:
        hired = f" 工号 {r['employee_no']}" if r["employee_no"] else ""
        echo(
            f"#{r['id']} {r['name']} · {r['stage_name']} (自 {r['stage_since']}) · "
            f"报名 {r['applied_on']} · {r['position']}{' · ' + r['source'] if r['source'] else ''}"
            f"{hired}"
        )
    if not rows:
        echo("没有符合条件的应聘者")


@app.command("show")
@handles_errors
def show_cmd(
    candidate_id: CandidateId, fmt: Format = "text", lang: Language = "zh", on: OnDay = ""
) -> None:
    """一名应聘者: 各项测试成绩与及格线、能否进入下一阶段及原因、阶段记录。"""
    from kefu.recruitment.service import get_candidate
    from kefu.web.pages_recruitment import candidate_view

    words = _lang(lang)
    with session() as s:
        view = candidate_view(s, get_candidate(s, candidate_id), words, _day(on))
    if fmt == "json":
        _json(view)
        return
    echo(f"#{view['id']} {view['name']} · {view['stage_name']} (自 {view['stage_since']})")
    echo(f"  报名 {view['applied_on']} · {view['position']} · {view['contact'] or '—'}")
    if view["employee_no"]:
        echo(
            f"  工号 {view['employee_no']} · {view['department']} {view['team'] or ''} · "
            f"培训开始 {view['training_starts_on']}"
        )
    if view["problem"]:
        echo(f"  {view['problem']}")
    for stage in view["tests"]:
        echo(f"  {stage['stage_name']}: {'已通过' if stage['passed'] else '未通过'}")
        for item in stage["items"]:
            for step in item["explanation"]:
                echo(f"    {step['rule']}: {step['text']}")
    if view["next_stage"]:
        if view["blocked"]:
            echo(f"  不能进入「{view['next_stage_name']}」: {view['blocked']}")
        else:
            echo(f"  可以进入「{view['next_stage_name']}」")
    echo("  阶段记录:")
    for m in view["history"]:
        moved = f"{m['from_name']} → {m['to_name']}" if m["from_name"] else m["to_name"]
        reason = f" ({m['reason']})" if m["reason"] else ""
        echo(f"    {m['on']} {m['by']}: {moved}{reason}")


def _scores(values: list[str]) -> dict[str, Any]:
    """维度=分数 options as a sheet's scores."""
    from kefu.web.pages_recruitment import parse_figure

    out: dict[str, Any] = {}
    for value in values:
        dimension, sep, score = value.rpartition("=")
        if not sep or not dimension.strip():
            raise KefuError(f"面试评分「{value}」应写成 考察内容=分数")
        out[dimension.strip()] = parse_figure(score, "interview", f"面试「{dimension.strip()}」")
    return out


@app.command("test")
@handles_errors
def test_cmd(
    candidate_id: CandidateId,
    as_user: AsUser,
    chinese: Annotated[str, typer.Option(help="中文输入速度 (字/分钟)")] = "",
    digits: Annotated[str, typer.Option(help="数字输入速度 (个/分钟)")] = "",
    office: Annotated[str, typer.Option(help="办公软件基本操作 (0–100)")] = "",
    clarity: Annotated[str, typer.Option(help="朗读发音清晰度 (0–100)")] = "",
    accuracy: Annotated[str, typer.Option(help="朗读准确度 (0–100)")] = "",
    interviewer: Annotated[str, typer.Option(help="面试官 (与 --score 一起录入面试评分)")] = "",
    score: Annotated[
        list[str] | None, typer.Option("--score", help="面试评分 考察内容=分数 (每项一个，可重复)")
    ] = None,
    taken_on: Annotated[str, typer.Option(help="测试日期 YYYY-MM-DD (默认 --on 当天)")] = "",
    on: OnDay = "",
) -> None:
    """录入测试成绩: 初试的上机测试与朗读测试，或一位面试官的面试评分 (复试)。"""
    from kefu.recruitment.rules import InterviewSheet, Item
    from kefu.recruitment.service import record_interview, record_results
    from kefu.web.pages_recruitment import figures_from_form

    today = _day(on)
    day = _day(taken_on, "测试日期") if taken_on else today
    fields: dict[Item, str] = {
        "chinese_typing": chinese,
        "digit_typing": digits,
        "office_software": office,
        "reading_clarity": clarity,
        "reading_accuracy": accuracy,
    }
    figures = figures_from_form(fields)
    if interviewer or score:
        if figures:
            raise KefuError("面试评分请与初试成绩分开录入 (one kind of result at a time)")
        if not interviewer or not score:
            raise KefuError("录入面试评分需要 --interviewer 和每项考察内容的 --score 考察内容=分数")
    with session() as s:
        viewer = _viewer(s, as_user)
        if interviewer:
            sheet = InterviewSheet(interviewer, _scores(score or []))
            record_interview(s, viewer, candidate_id, sheet, taken_on=day, today=today)
            echo(f"已录入面试官「{interviewer}」对应聘者 #{candidate_id} 的评分")
        else:
            record_results(s, viewer, candidate_id, figures, taken_on=day, today=today)
            echo(f"已录入应聘者 #{candidate_id} 的 {len(figures)} 项成绩")


@app.command("move")
@handles_errors
def move_cmd(
    candidate_id: CandidateId,
    stage: Annotated[
        str, typer.Argument(help="目标阶段: 初试、复试、培训、未录用、放弃 (或其代码)")
    ],
    as_user: AsUser,
    reason: Annotated[str, typer.Option(help="原因或备注 (未录用、放弃时必填)")] = "",
    employee_no: Annotated[
        str, typer.Option(help="进入培训: 新员工的工号", callback=staff_no_param)
    ] = "",
    department: Annotated[str, typer.Option(help="进入培训: 部门")] = "",
    team: Annotated[str, typer.Option(help="进入培训: 组别 (可不填)")] = "",
    starts_on: Annotated[str, typer.Option(help="进入培训: 培训开始日期 (默认 --on 当天)")] = "",
    cohort: Annotated[int | None, typer.Option(help="进入培训: 加入的培训班编号")] = None,
    on: OnDay = "",
) -> None:
    """变更阶段: 本阶段测试全部合格才能进入下一阶段；进入培训即录用入职 (试用)。"""
    from kefu.recruitment.rules import stage_zh
    from kefu.recruitment.service import Hire, get_candidate, move

    today = _day(on)
    to = _stage_code(stage)
    with session() as s:
        candidate = get_candidate(s, candidate_id)
        hire = None
        if to == "training":
            hire = Hire(
                employee_no=employee_no,
                department=department,
                team=team or None,
                starts_on=_day(starts_on, "培训开始日期") if starts_on else today,
                cohort=cohort,
            )
        move(
            s,
            _viewer(s, as_user),
            candidate_id,
            to,
            seen_version=candidate.version,
            today=today,
            reason=reason,
            hire=hire,
        )
        hired = f"，工号 {candidate.employee_no} 已录入员工名册 (试用)" if hire else ""
        echo(f"#{candidate.id} {candidate.name} 已进入「{stage_zh(to)}」{hired}")


@app.command("reserve")
@handles_errors
def reserve_cmd(fmt: Format = "text", lang: Language = "zh", on: OnDay = "") -> None:
    """人员储备: 座席总数、储备目标 (按政策比例向上取整)、现有储备与缺口，及计算说明。"""
    from kefu.web.pages_recruitment import reserve_view

    words = _lang(lang)
    with session() as s:
        view = reserve_view(s, words, _day(on))
    if fmt == "json":
        _json(view)
        return
    if view["problem"]:
        raise KefuError(view["problem"])
    echo(
        f"{view['on']} 座席 {view['seats']} · 储备目标 {view['target']} · 现有 {view['current']} · "
        f"缺口 {max(view['gap'], 0)}"
    )
    for step in view["explanation"]:
        echo(f"  {step['rule']}: {step['text']}")


@app.command("template")
@handles_errors
def template_cmd(
    path: Annotated[Path, typer.Argument(help="写入的 Excel 文件 (.xlsx)")], on: OnDay = ""
) -> None:
    """写出「招聘测试」导入模板 (面试考察内容按当天生效的政策)。"""
    from kefu.recruitment.imports import template
    from kefu.recruitment.service import pass_marks

    with session() as s:
        dimensions = pass_marks(s, _day(on)).dimensions
    path.write_bytes(template(dimensions))
    echo(f"已写出导入模板 {path}")


@app.command("import")
@handles_errors
def import_cmd(
    path: Annotated[Path, typer.Argument(help="Excel 文件 (.xlsx)，工作表「招聘测试」")],
    as_user: AsUser,
    on: OnDay = "",
) -> None:
    """导入应聘者的测试成绩: 全部写入或一行也不写入 (错误列出工作表、行、列、值、原因)。"""
    from kefu.recruitment.imports import import_tests

    if not path.is_file():
        raise KefuError(f"找不到文件 {path}")
    with session() as s:
        done = import_tests(s, _viewer(s, as_user), path, today=_day(on))
    echo(f"已导入 {done.rows} 行、{done.results} 项成绩，涉及 {done.candidates} 名应聘者")
