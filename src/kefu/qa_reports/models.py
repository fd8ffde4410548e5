"""Tables of qa_reports."""

from __future__ import annotations

__all__: list[str] = []
