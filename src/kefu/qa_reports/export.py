"""A monitoring report as an .xlsx workbook (XlsxWriter): Chinese headers, one sheet a table,
and a 说明 sheet saying the period, the scope and the rules it was made by (R-QA-1, R-EXP-1)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter

from kefu.bonuses.rules import display_score
from kefu.explain.messages import render as render_step
from kefu.qa_reports.rules import PERIOD_NAMES
from kefu.qa_reports.service import RECURRING_PARAMETER, ReportView

PERCENT = Decimal(100)


def file_name(view: ReportView) -> tuple[str, str]:
    """(ASCII name, Chinese name) of the workbook."""
    label = view.period.label
    return (
        f"qa-report-{view.period.kind}-{label}.xlsx",
        f"监控{PERIOD_NAMES[view.period.kind]['zh']}-{label}.xlsx",
    )


def report_workbook(view: ReportView) -> bytes:
    """The report's tables and its 说明 as the bytes of an .xlsx file."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    report = view.report

    def score(value: Decimal | None) -> float | None:
        return None if value is None else float(display_score(value, view.display))

    def share(value: Decimal | None) -> float | None:
        return None if value is None else float(display_score(value * PERCENT, view.display))

    def sheet(name: str, headers: list[tuple[str, int]], rows: list[list[Any]]) -> None:
        ws = wb.add_worksheet(name)
        for c, (text, width) in enumerate(headers):
            ws.write_string(0, c, text, head)
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    ws.write_blank(r, c, None)
                elif isinstance(value, bool):
                    ws.write_string(r, c, "是" if value else "否")
                elif isinstance(value, int | float):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value), wrap)

    sheet(
        "座席",
        [
            ("工号", 10),
            ("姓名", 10),
            ("部门", 12),
            ("班组", 14),
            ("评分条数", 9),
            ("其中已生效", 9),
            ("平均分", 9),
            ("最低分", 9),
            ("最高分", 9),
            ("致命项未通过", 11),
            ("失分最多的评分项", 40),
        ],
        [
            [
                a.employee_no,
                a.name,
                a.department,
                a.team,
                a.stats.count,
                a.finals,
                score(a.stats.mean),
                score(a.stats.minimum),
                score(a.stats.maximum),
                a.stats.critical,
                "；".join(f"{x.name} {x.times} 次" for x in a.losing),
            ]
            for a in report.agents
        ],
    )
    group_headers = [
        ("部门", 12),
        ("班组", 14),
        ("座席人数", 9),
        ("评分条数", 9),
        ("平均分", 9),
        ("最低分", 9),
        ("最高分", 9),
        ("致命项未通过", 11),
    ]
    for name, groups in (("班组", report.teams), ("部门", report.departments)):
        sheet(
            name,
            group_headers if name == "班组" else [group_headers[0], *group_headers[2:]],
            [
                [
                    g.department,
                    *([g.team] if name == "班组" else []),
                    g.agents,
                    g.stats.count,
                    score(g.stats.mean),
                    score(g.stats.minimum),
                    score(g.stats.maximum),
                    g.stats.critical,
                ]
                for g in groups
            ],
        )
    sheet(
        "评分项",
        [
            ("评分项", 20),
            ("代码", 14),
            ("评分次数", 9),
            ("不适用", 8),
            ("失分次数", 9),
            ("平均得分率(%)", 12),
            ("评语", 60),
        ],
        [
            [
                i.name,
                i.key,
                i.scored,
                i.not_applicable,
                i.lost,
                share(i.mean_kept),
                "\n".join(i.notes),
            ]
            for i in report.items
        ],
    )
    sheet(
        "重复问题",
        [("工号", 10), ("姓名", 10), ("评分项", 20), ("失分次数", 9), ("评分编号", 24)],
        [
            [r.employee_no, r.name, r.item, r.times, "、".join(f"#{n}" for n in r.evaluation_ids)]
            for r in report.recurring or ()
        ],
    )
    sheet(
        "进步情况",
        [
            ("工号", 10),
            ("姓名", 10),
            ("本期平均分", 11),
            ("本期条数", 9),
            ("上期平均分", 11),
            ("上期条数", 9),
            ("变化", 9),
        ],
        [
            [
                c.employee_no,
                c.name,
                score(c.mean),
                c.count,
                score(c.previous_mean),
                c.previous_count,
                None if c.change is None else float(display_score(c.change, view.display)),
            ]
            for c in report.improvement
        ],
    )
    notes = wb.add_worksheet("说明")
    notes.set_column(0, 0, 16)
    notes.set_column(1, 1, 100)
    lines: list[tuple[str, str]] = [
        ("报表", f"监控{PERIOD_NAMES[view.period.kind]['zh']}"),
        ("期间", f"{view.period.label} ({view.period.start} 至 {view.period.end})"),
        ("上一期", f"{report.previous.label} ({report.previous.start} 至 {report.previous.end})"),
        ("范围", view.scope_label),
        ("政策", view.policy_label),
        (
            "重复问题门槛",
            str(report.recurring_at_least)
            if report.recurring_at_least is not None
            else f"未设置 ({RECURRING_PARAMETER})",
        ),
        (
            "分数显示",
            f"保留 {view.display.score_decimals} 位小数 ({view.display.rounding})，计算时不取整",
        ),
    ]
    lines += [("规则", render_step(step, "zh")) for step in report.steps]
    for r, (key, value) in enumerate(lines):
        notes.write_string(r, 0, key, head)
        notes.write_string(r, 1, value, wrap)
    wb.close()
    return out.getvalue()
