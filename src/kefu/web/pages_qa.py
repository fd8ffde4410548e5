"""Pages of qa."""

from __future__ import annotations

from fastapi import APIRouter

pages = APIRouter()
