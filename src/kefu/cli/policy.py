"""``kefu policy check|use|list``."""

from __future__ import annotations

from typing import Annotated

import typer

from kefu.cli.common import actor, echo, handles_errors, session
from kefu.errors import PolicyInvalid
from kefu.periods import Month
from kefu.policy.lint import open_parameter_lines, policy_sections
from kefu.policy.loader import parse_policy, preset_names, read_policy_text
from kefu.policy.service import assignments, use_policy

app = typer.Typer(
    help="政策文件: 检查、启用、列出 (policy files: check, use, list).", no_args_is_help=True
)


@app.command("check")
@handles_errors
def check(
    path: Annotated[str, typer.Argument(help="政策文件路径或预置名 (path or preset name)")],
) -> None:
    """检查政策文件: 未知键、权重之和、档位空档或重叠、未设置的 [X] 参数。Exit 0 if sound."""
    text, source = read_policy_text(path)
    try:
        loaded, problems = parse_policy(text, source)
    except PolicyInvalid as exc:
        for line in exc.problems:
            echo(line)
        raise typer.Exit(1) from None
    lines = problems + open_parameter_lines(loaded)
    for line in lines:
        echo(line)
    if lines:
        raise typer.Exit(1)
    echo(f"政策 {loaded.label} 检查通过 (policy is sound)")


@app.command("use")
@handles_errors
def use(
    path: Annotated[str, typer.Argument(help="政策文件路径或预置名 (path or preset name)")],
    from_month: Annotated[
        str | None,
        typer.Option("--from", help="自哪个月起生效 YYYY-MM (default: the file's effective_from)"),
    ] = None,
) -> None:
    """启用政策: 自某月起生效 (put a policy in force from a month)."""
    with session() as s:
        result = use_policy(s, path, Month.parse(from_month) if from_month else None, actor())
    echo(f"政策 {result.policy.label} 自 {result.from_month} 起生效")
    for line in open_parameter_lines(result.policy):
        echo(f"注意: {line}")


@app.command("list")
@handles_errors
def list_() -> None:
    """列出预置政策及已启用的政策 (presets and policies in force)."""
    echo("预置政策 (presets):")
    for name in preset_names():
        text, source = read_policy_text(name)
        loaded, _ = parse_policy(text, source)
        open_count = len(loaded.open_parameters)
        note = f",{open_count} 个 [X] 参数未设置" if open_count else ""
        sections = ", ".join(policy_sections(loaded.model))
        echo(f"  {name:<9} {loaded.model.title} [{sections}]{note}")
    with session() as s:
        rows = assignments(s)
    if rows:
        echo("已启用 (in force, newest first):")
        for a, v in rows:
            echo(
                f"  自 {a.from_month} 起: {v.name} {v.version} ({v.sha256[:12]}),{a.assigned_by} 设置"
            )
