"""Pages of conduct."""

from __future__ import annotations

from fastapi import APIRouter

pages = APIRouter()
