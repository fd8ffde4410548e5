"""``kefu qa …``: QA monitoring (监控, R-QA-1), automatic checks (R-QA-2) and QA reports.

Acting commands take ``--as USERNAME`` (the account whose role decides, exactly as in the web
app) and ``--on YYYY-MM-DD`` (the day; default today). Marks are read from a YAML or JSON file
``{item: {points: "3" | null, note: "…"}}`` (null: N/A).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from kefu.cli import autoqa as autoqa_cmd
from kefu.cli import qa_reports as qa_reports_cmd
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
    help="QA 质检 (R-QA-1, R-QA-2): 评分表、监控评分、确认与申诉、校准、自动质检、报表与改进计划。",
    no_args_is_help=True,
)
scorecard_app = typer.Typer(help="评分表: 查看、载入新版本。", no_args_is_help=True)
contact_app = typer.Typer(help="监控联络: 登记 (自动质检随之进行)。", no_args_is_help=True)
calibration_app = typer.Typer(help="校准: 发起、盲评、结束、查看偏差。", no_args_is_help=True)
app.add_typer(scorecard_app, name="scorecard")
app.add_typer(contact_app, name="contact")
app.add_typer(calibration_app, name="calibration")

Format = Annotated[str, typer.Option("--format", "-f", help="table | json")]
Version = Annotated[int, typer.Option("--version", help="您看到的版本号 (防止覆盖他人的修改)")]


def _print(rows: list[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        raise KefuError("--format 应为 table 或 json")
    echo("\t".join(columns))
    for row in rows:
        echo("\t".join("" if row.get(c) is None else str(row.get(c)) for c in columns))


def _marks(path: Path) -> Any:
    from kefu.qa import rules

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise KefuError(f"读不到评分文件 {path}") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError):
        raise KefuError(f"评分文件 {path} 不是有效的 YAML/JSON") from None
    return rules.parse_marks(data)


@app.command("scorecards")
@handles_errors
def scorecards_cmd(fmt: Format = "table") -> None:
    """在用的评分表 (每个渠道一张)。"""
    from kefu.qa import service as qa
    from kefu.web.pages_qa import scorecard_row

    with session() as s:
        rows = [scorecard_row(c, "zh") for c in qa.scorecards(s)]
    _print(rows, fmt, ["family", "version", "channel_name", "title", "created_by"])


@scorecard_app.command("show")
@handles_errors
def scorecard_show(
    family: Annotated[str, typer.Argument(help="评分表 (例如 phone)")],
    version: Annotated[int | None, typer.Option("--version", help="版本 (默认在用的)")] = None,
) -> None:
    """一张评分表的某个版本 (YAML)。"""
    from kefu.qa import service as qa

    with session() as s:
        echo(qa.scorecard_yaml(qa.scorecard_version(s, family, version)))


@scorecard_app.command("load")
@handles_errors
def scorecard_load(
    file: Annotated[Path, typer.Argument(help="评分表 YAML")], as_user: AsUser
) -> None:
    """载入评分表的新版本 (严格校验；新版本即为在用版本)。"""
    from kefu.qa import service as qa

    with session() as s:
        card = qa.save_scorecard(s, acting(s, as_user), file.read_text(encoding="utf-8"), file.name)
        echo(f"已保存评分表 {card.family} 第 {card.version} 版")


@contact_app.command("add")
@handles_errors
def contact_add(
    employee_no: Annotated[str, typer.Argument(help="客服代表工号", callback=staff_no_param)],
    as_user: AsUser,
    at: Annotated[str, typer.Option("--at", help="联络时间 YYYY-MM-DDTHH:MM")],
    channel: Annotated[str, typer.Option(help="phone | email | fax | chat")] = "phone",
    reference: Annotated[str, typer.Option(help="录音编号/单号")] = "",
    transcript: Annotated[
        Path | None, typer.Option(help="通话记录文件 (.txt / .json / .csv)")
    ] = None,
) -> None:
    """登记一条监控联络。"""
    from kefu.qa import service as qa

    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise KefuError(f"联络时间「{at}」应为 YYYY-MM-DDTHH:MM") from None
    text, kind = None, "text"
    if transcript is not None:
        text = transcript.read_text(encoding="utf-8-sig")
        kind = {".json": "json", ".csv": "csv"}.get(transcript.suffix.lower(), "text")
    with session() as s:
        c = qa.add_contact(
            s,
            acting(s, as_user),
            employee_no=employee_no,
            channel=channel,
            contact_at=when,
            reference=reference,
            transcript=text,
            transcript_format=kind,
        )
        echo(f"已登记监控联络 #{c.id}")


@app.command("evaluate")
@handles_errors
def evaluate_cmd(
    contact_id: Annotated[int, typer.Argument(help="联络编号")],
    as_user: AsUser,
    marks: Annotated[Path | None, typer.Option(help="评分文件 (YAML/JSON)")] = None,
    accept_check: Annotated[bool, typer.Option(help="采纳自动质检的建议分")] = False,
    family: Annotated[str, typer.Option(help="评分表 (默认按渠道)")] = "",
    on: OnDay = "",
) -> None:
    """给一条联络评分 (保存为草稿)。"""
    from kefu.qa import service as qa

    if marks is None and not accept_check:
        raise KefuError("请给出 --marks 评分文件，或 --accept-check 采纳建议分")
    with session() as s:
        card_id = qa.scorecard_version(s, family, None).id if family else None
        e = qa.evaluate(
            s,
            acting(s, as_user),
            contact_id,
            _marks(marks) if marks else {},
            day(on),
            scorecard_id=card_id,
            accept_check=accept_check,
        )
        echo(f"监控评分 #{e.id}: {e.score} 分 (草稿，第 {e.version} 版)")


@app.command("submit")
@handles_errors
def submit_cmd(
    evaluation_id: Annotated[int, typer.Argument(help="监控评分编号")],
    as_user: AsUser,
    version: Version,
    on: OnDay = "",
) -> None:
    """把评分提交给客服代表确认。"""
    from kefu.qa import service as qa

    with session() as s:
        when = datetime.combine(day(on), datetime.now().time())
        e = qa.submit(s, acting(s, as_user), evaluation_id, when, version)
        assert e.respond_by is not None
        echo(f"已提交监控评分 #{e.id}，客服代表须在 {e.respond_by.isoformat()} 前确认或申诉")


@app.command("ack")
@handles_errors
def ack_cmd(
    evaluation_id: Annotated[int, typer.Argument(help="监控评分编号")],
    as_user: AsUser,
    version: Version,
    on: OnDay = "",
) -> None:
    """客服代表确认评分 (生效)。"""
    from kefu.qa import service as qa

    with session() as s:
        e = qa.acknowledge(s, acting(s, as_user), evaluation_id, day(on), version)
        echo(f"已确认监控评分 #{e.id}，最终成绩 {e.final_score}")


@app.command("dispute")
@handles_errors
def dispute_cmd(
    evaluation_id: Annotated[int, typer.Argument(help="监控评分编号")],
    as_user: AsUser,
    version: Version,
    reason: Annotated[str, typer.Option(help="申诉理由")],
    on: OnDay = "",
) -> None:
    """客服代表在确认期内提出申诉。"""
    from kefu.qa import service as qa

    with session() as s:
        e = qa.dispute(s, acting(s, as_user), evaluation_id, reason, day(on), version)
        echo(f"已对监控评分 #{e.id} 提出申诉，将由第二位复核人处理")


@app.command("review")
@handles_errors
def review_cmd(
    evaluation_id: Annotated[int, typer.Argument(help="监控评分编号")],
    as_user: AsUser,
    version: Version,
    answer: Annotated[str, typer.Option(help="复核答复")],
    marks: Annotated[Path | None, typer.Option(help="重新评分的评分文件 (不给则维持原分)")] = None,
    on: OnDay = "",
) -> None:
    """第二位复核人处理申诉: 维持原分或重新评分。"""
    from kefu.qa import service as qa

    with session() as s:
        e = qa.review(
            s,
            acting(s, as_user),
            evaluation_id,
            answer,
            day(on),
            version,
            _marks(marks) if marks else None,
        )
        echo(f"监控评分 #{e.id} 复核完成，最终成绩 {e.final_score}")


@app.command("list")
@handles_errors
def list_cmd(
    as_user: AsUser,
    month: Annotated[str, typer.Option(help="月份 YYYY-MM")] = "",
    agent: Annotated[str, typer.Option(help="客服代表工号", callback=staff_no_param)] = "",
    state: Annotated[str, typer.Option(help="draft | submitted | disputed | final")] = "",
    fmt: Format = "table",
    on: OnDay = "",
) -> None:
    """监控评分列表 (按账号的查看范围)。"""
    from kefu.qa import service as qa
    from kefu.web.pages_qa import evaluation_row

    with session() as s:
        found = qa.evaluations(
            s,
            acting(s, as_user),
            day(on),
            month=month or None,
            employee_no=agent or None,
            state=state or None,
        )
        names = qa.names_of(s, [e.employee_no for e in found])
        rows = [evaluation_row(e, names, "zh") for e in found]
    _print(
        rows,
        fmt,
        [
            "id",
            "employee_no",
            "name",
            "month",
            "evaluator",
            "score",
            "state_name",
            "respond_by",
            "final_score",
            "version",
        ],
    )


@app.command("settle")
@handles_errors
def settle_cmd(on: OnDay = "") -> None:
    """确认期已过的评分按原分生效 (可重复执行)。"""
    from kefu.qa import service as qa

    with session() as s:
        echo(f"{qa.settle(s, day(on))} 份监控评分按原分生效")


@calibration_app.command("open")
@handles_errors
def calibration_open(
    contact_id: Annotated[int, typer.Argument(help="联络编号")],
    as_user: AsUser,
    participant: Annotated[list[str], typer.Option(help="评分人账号，可重复")],
    reference: Annotated[str, typer.Option(help="参照评分人账号")],
    on: OnDay = "",
) -> None:
    """发起校准。"""
    from kefu.qa import service as qa

    with session() as s:
        cal = qa.open_calibration(
            s, acting(s, as_user), contact_id, participant, reference, day(on)
        )
        echo(f"已发起校准 #{cal.id}: {'、'.join(cal.participants)}")


@calibration_app.command("score")
@handles_errors
def calibration_score_cmd(
    calibration_id: Annotated[int, typer.Argument(help="校准编号")],
    as_user: AsUser,
    marks: Annotated[Path, typer.Option(help="评分文件 (YAML/JSON)")],
    on: OnDay = "",
) -> None:
    """参加校准的盲评。"""
    from kefu.qa import service as qa

    with session() as s:
        e = qa.calibration_score(s, acting(s, as_user), calibration_id, _marks(marks), day(on))
        echo(f"已保存校准评分: {e.score} 分")


@calibration_app.command("close")
@handles_errors
def calibration_close(
    calibration_id: Annotated[int, typer.Argument(help="校准编号")],
    as_user: AsUser,
    on: OnDay = "",
) -> None:
    """结束校准。"""
    from kefu.qa import service as qa

    with session() as s:
        qa.close_calibration(s, acting(s, as_user), calibration_id, day(on))
        echo(f"校准 #{calibration_id} 已结束")


@calibration_app.command("show")
@handles_errors
def calibration_show(
    calibration_id: Annotated[int, typer.Argument(help="校准编号")],
    as_user: AsUser,
    fmt: Format = "table",
) -> None:
    """校准的评分与偏差 (结束前只显示自己的评分)。"""
    from kefu.web.pages_qa import calibration_detail

    with session() as s:
        detail = calibration_detail(s, acting(s, as_user), calibration_id, "zh")
    if fmt == "json":
        echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    echo(f"校准 #{detail['id']} {detail['state_name']} 参照 {detail['reference']}")
    for x in detail["scorings"]:
        echo(f"  {x['evaluator']}: {x['score']}")
    for d in detail["deviations"]:
        flag = " 超出容差" if d["flagged"] else ""
        echo(f"  {d['evaluator']} 偏差 {d['total']}{flag}")


autoqa_cmd.register(app)
qa_reports_cmd.register(app)
