"""The JSON API of qa (/api/v1)."""

from __future__ import annotations

from fastapi import APIRouter

api = APIRouter(prefix="/api/v1", tags=["kefu"])
