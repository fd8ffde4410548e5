"""Pages of qa_reports."""

from __future__ import annotations

from fastapi import APIRouter

pages = APIRouter()
