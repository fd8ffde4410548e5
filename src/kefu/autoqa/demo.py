"""The demo center's autoqa data: the phrase library presets."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kefu.autoqa import service


def load(session: Session, today: date) -> list[str]:
    """Add the demo's autoqa data as of ``today``; one line a thing done, for the log."""
    rows = service.load_presets(session, "qa")
    return [f"话术库 {row.key} 第 {row.version} 版 ({row.name})" for row in rows]
