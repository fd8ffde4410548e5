"""Rows of the role × route matrix (tests/web/test_access.py) for the conduct routes."""

from __future__ import annotations

from typing import Any


def rows(team: Any) -> dict[str, tuple[str, str, frozenset[str]]]:
    """name → (method, path, roles allowed); ``team`` is test_access.Team."""
    return {}
