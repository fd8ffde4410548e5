"""Commands of autoqa under ``kefu qa``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the autoqa commands to ``kefu qa``."""
