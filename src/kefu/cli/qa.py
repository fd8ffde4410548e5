"""``kefu qa …``: QA monitoring (监控, R-QA-1), automatic checks (R-QA-2) and QA reports."""

from __future__ import annotations

import typer

from kefu.cli import autoqa as autoqa_cmd
from kefu.cli import qa_reports as qa_reports_cmd

app = typer.Typer(
    help="QA 质检 (R-QA-1, R-QA-2): 评分表、监控评分、确认与申诉、校准、自动质检、报表与改进计划。",
    no_args_is_help=True,
)

autoqa_cmd.register(app)
qa_reports_cmd.register(app)
