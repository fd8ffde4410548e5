"""Commands of qa_reports under ``kefu qa``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the qa_reports commands to ``kefu qa``."""
