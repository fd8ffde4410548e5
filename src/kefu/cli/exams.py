"""``kefu exam …``: the question bank and exams (题库与考试, R-EXM-1).

Acting commands take ``--as USERNAME`` (the account whose role decides, exactly as in the web
app; without it the command line's operator acts for the center) and ``--on YYYY-MM-DD`` (the
day; default today).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer

from kefu.cli.common import echo, handles_errors, session, staff_nos_param
from kefu.errors import KefuError

app = typer.Typer(
    help="题库与考试 (R-EXM-1): 导入题库、组卷、安排考试、成绩与说明 (question bank and exams).",
    no_args_is_help=True,
)

AsUser = Annotated[str, typer.Option("--as", help="以哪个账号的身份办理 (用户名；默认为中心)")]
OnDay = Annotated[str, typer.Option("--on", help="日期 YYYY-MM-DD (默认今天)")]
Format = Annotated[str, typer.Option("--format", "-f", help="text | json")]


def _day(text: str) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise KefuError(f"日期「{text}」应为 YYYY-MM-DD") from None


def _viewer(s: Any, username: str) -> Any:
    from kefu.accounts.rules import Viewer
    from kefu.accounts.service import get_user, viewer_of
    from kefu.cli.common import actor

    if not username:
        return Viewer(username=actor(), role="manager")
    return viewer_of(s, get_user(s, username))


def _pairs(values: list[str], what: str) -> dict[str, int]:
    """["服务用语=3", "退费流程=2"] → {"服务用语": 3, "退费流程": 2}."""
    out: dict[str, int] = {}
    for value in values:
        name, sep, count = value.rpartition("=")
        if not sep or not name.strip() or not count.strip().isdigit():
            raise KefuError(f"{what}「{value}」应写成 名称=题数，例如 服务用语=3")
        out[name.strip()] = int(count)
    return out


@app.command("template")
@handles_errors
def template_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="写到哪个 .xlsx 文件")],
) -> None:
    """写出空白的题库导入模板 (工作表「题库」和「说明」)。"""
    from kefu.exams.imports import write_template

    write_template(output)
    echo(f"已写出题库模板 {output}")


@app.command("import")
@handles_errors
def import_cmd(
    file: Annotated[Path, typer.Argument(help="题库 .xlsx (工作表「题库」)")],
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """导入题库: 全部成功或一题都不导入；每处错误列出工作表、行、列、值和原因。"""
    from kefu.exams.service import import_bank

    with session() as s:
        done = import_bank(s, _viewer(s, as_user), file, _day(on), file.name)
    topics = "、".join(f"{t} {n} 道" for t, n in done.topics.items())
    echo(f"已导入 {done.added} 道题 ({topics})")


@app.command("bank")
@handles_errors
def bank_cmd(fmt: Format = "text") -> None:
    """题库中各考试形式、知识点和难度的题数。"""
    from kefu.exams.service import bank_counts

    with session() as s:
        counts = bank_counts(s)
    if fmt == "json":
        rows = [{"exam_kind": e, "topic": t, "difficulty": d, "count": n} for e, t, d, n in counts]
        echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from kefu.exams.rules import EXAM_KIND_NAMES

    for e, t, d, n in counts:
        echo(f"{EXAM_KIND_NAMES[e]['zh']} · {t} · 难度 {d}: {n} 道")
    if not counts:
        echo("题库还是空的")


@app.command("draw")
@handles_errors
def draw_cmd(
    title: Annotated[str, typer.Option(help="试卷标题")],
    topic: Annotated[list[str], typer.Option(help="知识点=题数，可重复，例如 服务用语=3")],
    difficulty: Annotated[
        list[str] | None, typer.Option(help="难度=题数，可重复，例如 1=2 (各难度之和等于总题数)")
    ] = None,
    kind: Annotated[str, typer.Option(help="written | oral | practical")] = "written",
    purpose: Annotated[str, typer.Option(help="monthly | practice | re_exam | …")] = "monthly",
    exclude: Annotated[
        list[int] | None, typer.Option(help="排除该试卷的题目 (补考)，可重复")
    ] = None,
    minutes: Annotated[int | None, typer.Option(help="考试时长 (分钟；默认按政策)")] = None,
    pass_mark: Annotated[str, typer.Option(help="及格线 (默认按政策)")] = "",
    seed: Annotated[int | None, typer.Option(help="随机种子 (同一种子抽出同一份试卷)")] = None,
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """按知识点题数和难度比例从题库抽题组卷；--exclude 排除原试卷的题目。"""
    from kefu.exams.service import draw_paper, paper_items

    mark = None
    if pass_mark:
        try:
            mark = Decimal(pass_mark)
        except InvalidOperation:
            raise KefuError(f"及格线「{pass_mark}」不是数字") from None
    levels = {int(k): v for k, v in _pairs(difficulty or [], "难度").items() if k.isdigit()}
    with session() as s:
        paper = draw_paper(
            s,
            _viewer(s, as_user),
            title=title,
            exam_kind=kind,
            purpose=purpose,
            topics=_pairs(topic, "知识点"),
            difficulty=levels or None,
            exclude_papers=exclude or [],
            time_limit_minutes=minutes,
            pass_mark=mark,
            seed=seed,
            today=_day(on),
        )
        count = len(paper_items(s, paper.id))
        echo(
            f"已组卷 #{paper.id}「{paper.title}」: {count} 道题，总分 {paper.total_points.normalize():f}，"
            f"及格线 {paper.pass_mark.normalize():f}，随机种子 {paper.seed}"
        )


@app.command("assign")
@handles_errors
def assign_cmd(
    paper: Annotated[int, typer.Argument(help="试卷编号")],
    to: Annotated[
        list[str], typer.Option("--to", help="考生工号，可重复", callback=staff_nos_param)
    ],
    opens: Annotated[str, typer.Option(help="开始日 YYYY-MM-DD")],
    closes: Annotated[str, typer.Option(help="截止日 YYYY-MM-DD")],
    purpose: Annotated[str, typer.Option(help="用途 (默认为试卷的用途)")] = "",
    as_user: AsUser = "",
    on: OnDay = "",
) -> None:
    """把试卷安排给考生，在考试时间内参加。"""
    from kefu.exams.service import assign, get_paper

    with session() as s:
        found = get_paper(s, paper)
        sittings = assign(
            s,
            _viewer(s, as_user),
            paper,
            to,
            opens_on=_day(opens),
            closes_on=_day(closes),
            purpose=purpose or found.purpose,
            context={},
            today=_day(on),
        )
        echo(
            f"已安排试卷 #{paper} 给 {len(sittings)} 人 ({opens} 至 {closes})，考试编号 "
            + "、".join(f"#{x.id}" for x in sittings)
        )


@app.command("results")
@handles_errors
def results_cmd(
    paper: Annotated[int | None, typer.Option(help="只看这份试卷")] = None,
    purpose: Annotated[str, typer.Option(help="只看这种用途")] = "",
    final_only: Annotated[bool, typer.Option("--final-only", help="只列成绩已评定的")] = False,
    fmt: Format = "text",
) -> None:
    """已交卷的考试及成绩 (最新在前)。"""
    from kefu.web.pages_exams import results_rows

    with session() as s:
        rows = results_rows(
            s,
            "zh",
            paper_id=paper,
            purpose=purpose or None,
            final_only=final_only,
            at=datetime.now(),
        )
    if fmt == "json":
        echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for r in rows:
        outcome = ("通过" if r["passed"] else "未通过") if r["final"] else "待阅卷"
        echo(
            f"#{r['id']} {r['taken_on']} {r['employee_no']} {r['name']} · {r['title']} · "
            f"{r['score'] or '—'} / 及格 {r['pass_mark']} · {outcome}"
        )
    if not rows:
        echo("还没有已交卷的考试")


@app.command("show")
@handles_errors
def show_cmd(
    sitting: Annotated[int, typer.Argument(help="考试编号")],
    lang: Annotated[str, typer.Option(help="zh | en")] = "zh",
    fmt: Format = "text",
) -> None:
    """一场考试: 每题的作答、答案、得分和理由，成绩的计算与是否通过。"""
    from kefu.accounts.rules import Viewer
    from kefu.cli.common import actor
    from kefu.exams.service import get_sitting
    from kefu.explain.messages import Lang
    from kefu.web.pages_exams import sitting_view

    words: Lang = "en" if lang == "en" else "zh"
    with session() as s:
        # the command line reads as the center does (every sitting, keys and marks)
        center = Viewer(username=actor(), role="manager")
        view = sitting_view(s, center, get_sitting(s, sitting), words, datetime.now())
    if fmt == "json":
        echo(json.dumps(view, ensure_ascii=False, indent=2, default=str))
        return
    echo(
        f"#{view['id']} {view['title']} · {view['name']} ({view['employee_no']}) · {view['status_name']}"
    )
    echo(
        f"  考试时间 {view['opens_on']} 至 {view['closes_on']} · 时长 {view['time_limit_minutes']} 分钟"
    )
    for q in view["questions"]:
        line = q["explanation"] or f"第 {q['position']} 题 ({q['kind_name']}，{q['points']} 分)"
        echo(f"  {line}")
    for step in view["explanation"]:
        echo(f"  {step['rule']}: {step['text']}")
