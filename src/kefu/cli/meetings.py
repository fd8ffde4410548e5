"""``kefu meeting …``."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="会议 (R-MTG-1): 班前会、班后会、周例会、月例会、跟进事项与交接班。", no_args_is_help=True
)
