"""Commands of autoqa under ``kefu qa``: the automatic check of transcripts (自动质检, R-QA-2).

``kefu qa check FILE`` checks one transcript and prints what was found, each with the agent's
own words; ``kefu qa check --labelled`` prints precision and recall on the labelled set;
``kefu qa library list|show|load`` keeps the phrase libraries; ``kefu qa import-transcripts``
adds contacts from files and checks each; ``kefu qa check-all`` checks every contact not yet
checked. Acting commands take ``--as USERNAME`` (default: the center's operator).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from kefu.cli.common import echo, handles_errors, session, staff_no_param
from kefu.errors import KefuError

Format = Annotated[str, typer.Option("--format", "-f", help="table | json")]
AsUser = Annotated[str, typer.Option("--as", help="以哪个账号的身份办理 (用户名；默认为中心)")]
DEFAULT_LABELLED = Path("tests/autoqa/labelled")


def _viewer(s: Any, username: str, action: str) -> str:
    """The acting username, once it may do ``action``."""
    from kefu.cli.common import acting, actor
    from kefu.errors import Forbidden

    if not username:
        return actor()
    viewer = acting(s, username)
    if not viewer.can(action):
        raise Forbidden(f"账号 {username} 没有权限 {action}")
    return viewer.username


def _format(value: str) -> str:
    if value not in ("table", "json"):
        raise KefuError(f"--format 应为 table 或 json, 而不是 {value}")
    return value


def _finding_line(f: dict[str, Any]) -> str:
    quote = f.get("quote")
    where = f"第 {quote['turn'] + 1} 段「{quote['text']}」" if quote else ""
    if quote and quote.get("at"):
        where += f" ({quote['at']})"
    if f["kind"] == "forbidden":
        mark = "✗ 使用忌语" if f["found"] else "· 引用/否定(不计)"
        return f"  {mark} {f['name']}: {where} 扣 {f['deduction']}"
    if f["found"]:
        order = "" if f["in_order"] else " (顺序不对)"
        return f"  ✓ {f['name']}: {where}{order}"
    return f"  ✗ 缺少 {f['name']} 扣 {f['deduction']}"


def print_result(data: dict[str, Any]) -> None:
    parts = ", ".join(f"{p['key']} v{p['version']}" for p in data["libraries"])
    echo(f"话术库 {parts}; 共 {data['turns']} 段发言")
    due = [f for f in data["situations"] if f["due"]]
    if due:
        echo("标准用语:")
        for f in due:
            trigger = f" (因「{f['trigger']['text']}」)" if f.get("trigger") else ""
            echo(_finding_line(f) + trigger)
    if data["steps"]:
        echo("话术流程:" if data["script_due"] else "话术流程: 本次不是订座来电, 不检查")
        for f in data["steps"]:
            if f["due"]:
                echo(_finding_line(f))
    if data["forbidden"] or data["mentions"]:
        echo("服务忌语:")
        for f in [*data["forbidden"], *data["mentions"]]:
            echo(_finding_line(f))
    echo(
        f"建议得分 {data['suggested_score']} = 满分 {data['full_score']} − 扣分 {data['deductions']}"
    )


def _library_for(s: Any, key: str, channel: str) -> Any:
    """The stored active library (key or channel), else the preset of that name or channel."""
    from kefu.autoqa import service
    from kefu.autoqa.library import combine, load_preset, preset_texts
    from kefu.errors import NotFound

    row = None
    try:
        row = service.library_row(s, key) if key else service.library_for_channel(s, channel)
    except NotFound:
        row = None
    if row is not None:
        return service.resolve(s, row)
    names = list(preset_texts())
    if key and key not in names:
        raise NotFound(f"话术库 {key} 不存在(可用: {', '.join(names)})")
    if not key:
        key = next((n for n in names if channel in load_preset(n).applies_to), "")
        if not key:
            raise NotFound(f"没有用于渠道 {channel} 的话术库")
    main = load_preset(key)
    return combine(main, [load_preset(k) for k in main.extends])


def register(app: typer.Typer) -> None:
    """Add the autoqa commands to ``kefu qa``."""

    @app.command("check")
    @handles_errors
    def check_cmd(
        file: Annotated[Path | None, typer.Argument(help="转写文件 (.txt / .json / .csv)")] = None,
        library: Annotated[str, typer.Option("--library", help="话术库 (默认按渠道)")] = "",
        channel: Annotated[
            str, typer.Option("--channel", help="渠道 phone|email|fax|chat")
        ] = "phone",
        rest_day: Annotated[bool, typer.Option("--rest-day", help="按周末/节假日检查")] = False,
        labelled: Annotated[
            bool, typer.Option("--labelled", help="在标注集上计算精确率和召回率")
        ] = False,
        labelled_dir: Annotated[
            Path, typer.Option("--labelled-dir", help="标注集目录")
        ] = DEFAULT_LABELLED,
        fmt: Format = "table",
    ) -> None:
        """自动质检一份转写 (R-QA-2): 标准用语、话术步骤、服务忌语及原文引用和建议得分。"""
        _format(fmt)
        if labelled:
            from kefu.autoqa import labelled as lab

            if not labelled_dir.is_dir():
                raise KefuError(f"标注集目录 {labelled_dir} 不存在")
            report = lab.evaluate(lab.load_dir(labelled_dir))
            if fmt == "json":
                echo(json.dumps(lab.report_dict(report), ensure_ascii=False, indent=2))
            else:
                echo(lab.format_report(report))
            if not report.passed:
                raise typer.Exit(1)
            return
        if file is None:
            raise KefuError("请给出转写文件, 或用 --labelled")
        if not file.is_file():
            raise KefuError(f"文件 {file} 不存在")
        from kefu.autoqa import rules
        from kefu.autoqa.service import FILE_FORMATS

        text = file.read_text(encoding="utf-8-sig")
        with session() as s:
            lib = _library_for(s, library, channel)
        result = rules.check_text(lib, text, FILE_FORMATS.get(file.suffix.lower()), rest_day)
        data = result.as_dict()
        if fmt == "json":
            echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print_result(data)

    lib_app = typer.Typer(help="话术库 (R-QA-2): 查看、载入新版本。", no_args_is_help=True)
    app.add_typer(lib_app, name="library")

    @lib_app.command("list")
    @handles_errors
    def library_list(fmt: Format = "table") -> None:
        """列出已载入的话术库及其版本。"""
        from kefu.autoqa import service

        _format(fmt)
        with session() as s:
            rows = service.library_rows(s)
            data = [
                {
                    "key": r.key,
                    "version": r.version,
                    "name": r.name,
                    "active": r.active,
                    "created_by": r.created_by,
                    "created_at": r.created_at.isoformat(sep=" ", timespec="minutes"),
                }
                for r in rows
            ]
        if fmt == "json":
            echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not data:
            echo("还没有载入话术库 (kefu qa library load FILE 或 kefu demo)")
        for d in data:
            mark = "*" if d["active"] else " "
            echo(
                f"{mark} {d['key']} 第 {d['version']} 版  {d['name']}  {d['created_by']} {d['created_at']}"
            )

    @lib_app.command("show")
    @handles_errors
    def library_show(
        key: Annotated[str, typer.Argument(help="话术库 key")],
        version: Annotated[int | None, typer.Option("--version", help="版本 (默认当前)")] = None,
    ) -> None:
        """打印一个话术库版本的 YAML。"""
        from kefu.autoqa import service

        with session() as s:
            row = service.library_row(s, key, version)
            echo(f"# {row.key} 第 {row.version} 版{' (当前)' if row.active else ''}")
            echo(row.yaml_text.rstrip("\n"))

    @lib_app.command("load")
    @handles_errors
    def library_load(
        file: Annotated[Path, typer.Argument(help="话术库 YAML 文件")],
        as_user: AsUser = "",
    ) -> None:
        """载入话术库 YAML 为新版本 (逐行校验；已有的检查结果不变)。"""
        from kefu.autoqa import service

        if not file.is_file():
            raise KefuError(f"文件 {file} 不存在")
        text = file.read_text(encoding="utf-8-sig")
        with session() as s:
            who = _viewer(s, as_user, "autoqa.library")
            row = service.save_library(s, who, text)
            echo(f"话术库 {row.key} 第 {row.version} 版已启用")

    @app.command("import-transcripts")
    @handles_errors
    def import_cmd(
        file: Annotated[
            Path, typer.Argument(help=".zip、文件夹、转写文件或 CSV(工号,渠道,时间,编号,内容)")
        ],
        agent: Annotated[
            str, typer.Option("--agent", help="文件名未写工号时的工号", callback=staff_no_param)
        ] = "",
        channel: Annotated[str, typer.Option("--channel", help="文件名未写渠道时的渠道")] = "phone",
        at: Annotated[
            str, typer.Option("--at", help="文件名未写时间时的时间 YYYY-MM-DD HH:MM")
        ] = "",
        as_user: AsUser = "",
    ) -> None:
        """导入转写并逐份自动质检 (每份一个被监控联络)。"""
        from kefu.autoqa import service

        when = datetime.now().replace(second=0, microsecond=0)
        if at:
            parsed = service.parse_when(at)
            if parsed is None:
                raise KefuError(f"--at「{at}」应为 YYYY-MM-DD HH:MM")
            when = parsed
        incoming = service.read_path(file, (agent, channel, when))
        with session() as s:
            # adding contacts is QA's (qa.evaluate), as on the web; the service refuses a
            # transcript without a known 工号, naming its file and row
            who = _viewer(s, as_user, "qa.evaluate")
            checks = service.import_transcripts(s, who, incoming)
            done = sum(1 for c in checks if c is not None)
        echo(f"导入 {len(incoming)} 份转写, 自动质检 {done} 份")

    @app.command("check-all")
    @handles_errors
    def check_all_cmd(as_user: AsUser = "") -> None:
        """为每个还没有自动质检的被监控联络做自动质检 (覆盖率 100%)。"""
        from kefu.autoqa import service

        with session() as s:
            _viewer(s, as_user, "autoqa.check")
            done = service.check_all(s)
            total, checked = service.coverage(s)
        echo(f"本次检查 {done} 份; 有转写的联络 {total} 份, 已检查 {checked} 份")
