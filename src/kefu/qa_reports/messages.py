"""Trace and message words of qa_reports, zh and en (merged into kefu.explain.messages)."""

from __future__ import annotations

from kefu.explain.messages import Template

ZH: dict[str, Template] = {}
EN: dict[str, Template] = {}
