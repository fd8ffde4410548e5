"""``kefu conduct …``."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="扣分 (R-DIS-1): 记录扣分事件、每月扣分与综合工作表现。", no_args_is_help=True
)
