"""``kefu policy check|use|list|whatif``."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from kefu.cli.common import actor, console, echo, handles_errors, session
from kefu.cli.results import LangOpt, LangOption, RevOpt
from kefu.closing.results import GROUP_NAMES
from kefu.errors import KefuError, PolicyInvalid
from kefu.explain.messages import Lang
from kefu.periods import Month
from kefu.policy.lint import open_parameter_lines, policy_sections
from kefu.policy.loader import parse_policy, preset_names, read_policy_text
from kefu.policy.service import assignments, use_policy
from kefu.whatif.rules import WhatIf, apply_edits, money
from kefu.whatif.service import what_if

app = typer.Typer(
    help="政策文件: 检查、启用、列出、假设测算 (policy files: check, use, list, what-if).",
    no_args_is_help=True,
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


class WhatIfFormat(StrEnum):
    table = "table"
    json = "json"


WHATIF_COLUMNS: dict[Lang, tuple[str, ...]] = {
    "zh": (
        "工号",
        "姓名",
        "部门",
        "班组",
        "组别",
        "得分",
        "档位",
        "奖金",
        "优异奖",
        "星级工资",
        "合计",
        "增减",
    ),
    "en": (
        "No.",
        "Name",
        "Dept",
        "Team",
        "Group",
        "Score",
        "Tier",
        "Bonus",
        "Awards",
        "Star wage",
        "Total",
        "Change",
    ),
}


@app.command("whatif")
@handles_errors
def whatif(
    draft: Annotated[
        str, typer.Argument(help="政策草案文件路径或预置名 (draft policy file or preset)")
    ],
    month: Annotated[str, typer.Argument(help="已结算的月份 YYYY-MM (a closed month)")],
    edits: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="再改草案中的一个数值，可重复 (path=value, e.g. monthly_bonus.bands.0.amount=600)",
        ),
    ] = None,
    revision: RevOpt = None,
    fmt: Annotated[
        WhatIfFormat, typer.Option("--format", "-f", help="table | json")
    ] = WhatIfFormat.table,
    lang: LangOption = LangOpt.zh,
) -> None:
    """假设测算：按政策草案重算已结算的月份，列出谁增谁减、增减多少及奖金总成本的变化（不写入任何数据）。"""
    m = Month.parse(month)
    text, source = read_policy_text(draft)
    if edits:
        text = apply_edits(text, _edits(edits))
    with session() as s:
        result = what_if(s, m, text, revision, source)
        s.rollback()  # a what-if never writes, whatever a future change to the service does
    if fmt is WhatIfFormat.json:
        echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_what_if(result, lang.value)


def _edits(items: list[str]) -> dict[str, str]:
    """``path=value`` pairs of ``--set``; a path given twice is refused."""
    edits: dict[str, str] = {}
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise KefuError(
                f"--set 应写作 路径=值，例如 monthly_bonus.bands.0.amount=600：「{item}」"
            )
        if path.strip() in edits:
            raise KefuError(f"--set 两次修改了同一项：{path.strip()}")
        edits[path.strip()] = value
    return edits


def _print_what_if(result: WhatIf, lang: Lang) -> None:
    """The people whose tier or pay changes, then the totals and counts."""
    zh = lang == "zh"
    if zh:
        echo(f"{result.month} 假设测算（修订 {result.revision}）")
        echo(f"现行政策：{result.old_policy}")
        echo(f"政策草案：{result.new_policy}")
    else:
        echo(f"{result.month} what-if (revision {result.revision})")
        echo(f"Policy of the close: {result.old_policy}")
        echo(f"Draft: {result.new_policy}")
    changed = result.changed
    if changed:
        table = Table()
        for h in WHATIF_COLUMNS[lang]:
            table.add_column(h, overflow="fold")
        for p in changed:
            table.add_row(
                p.employee_no,
                p.name,
                p.department,
                p.team or "-",
                GROUP_NAMES[p.group][lang],
                _moved(result.shown_score(p.old_score), result.shown_score(p.new_score)),
                _moved(p.old_tier, p.new_tier),
                _moved(money(p.old_bonus), money(p.new_bonus)),
                _moved(money(p.old_awards), money(p.new_awards)),
                _moved(money(p.old_star_wage), money(p.new_star_wage)),
                _moved(money(p.old_total), money(p.new_total)),
                _signed(p.delta),
            )
        console.print(table)
    else:
        echo(
            "草案下没有人的档位或金额发生变化"
            if zh
            else "Nobody's tier or pay changes under the draft"
        )
    bonus = _from_to(result.old_bonus, result.new_bonus, result.bonus_delta, zh)
    cost = _from_to(result.old_cost, result.new_cost, result.cost_delta, zh)
    if zh:
        echo(
            f"合计：月度奖金 {bonus}；总成本（奖金、优异奖、星级工资）{cost}；"
            f"增加 {result.gainers} 人，减少 {result.losers} 人，不变 {result.unchanged} 人"
        )
    else:
        echo(
            f"Totals: bonus {bonus}; cost (bonus, awards, star wage) {cost}; "
            f"{result.gainers} gain, {result.losers} lose, {result.unchanged} unchanged"
        )
    if result.unreflected_sections:
        sections = "、".join(result.unreflected_sections)
        echo(
            f"注意：草案修改了 {sections}，这些部分随结算输入冻结，不反映在本月测算中"
            if zh
            else f"Note: the draft changes {sections}; these are frozen with the month's inputs "
            "and do not show in this what-if"
        )
    if not result.baseline_matches_close:
        echo(
            "注意：以当前规则代码重算的现行结果与冻结结果不同（规则代码已更新），测算以重算结果为基准"
            if zh
            else "Note: today's rules code gives different figures from the frozen ones (the code "
            "changed since the close); the what-if compares against today's recomputation"
        )


def _moved(old: str | None, new: str | None) -> str:
    """``a → b`` when a figure changes, else the figure."""
    return (old or "-") if old == new else f"{old or '-'} → {new or '-'}"


def _from_to(old: Decimal, new: Decimal, delta: Decimal, zh: bool) -> str:
    """``1500 → 1600 元（+100）``, or ``1500 → 1600 yuan (+100)``."""
    if zh:
        return f"{money(old)} → {money(new)} 元（{_signed(delta)}）"
    return f"{money(old)} → {money(new)} yuan ({_signed(delta)})"


def _signed(value: Decimal) -> str:
    return f"+{money(value)}" if value > 0 else money(value)
