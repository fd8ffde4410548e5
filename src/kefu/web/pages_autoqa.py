"""Pages of autoqa."""

from __future__ import annotations

from fastapi import APIRouter

pages = APIRouter()
