"""The JSON API of meetings (/api/v1)."""

from __future__ import annotations

from fastapi import APIRouter

api = APIRouter(prefix="/api/v1", tags=["kefu"])
