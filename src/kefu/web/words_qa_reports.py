"""English for the qa_reports pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {}
