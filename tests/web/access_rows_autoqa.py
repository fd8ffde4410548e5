"""Rows of the role × route matrix (tests/web/test_access.py) for the autoqa routes."""

from __future__ import annotations

from typing import Any

CHECKERS = frozenset({"qa", "leader", "manager"})
KEEPERS = frozenset({"qa", "manager"})
NOBODY: frozenset[str] = frozenset()


def rows(team: Any) -> dict[str, tuple[str, str, frozenset[str]]]:
    """name → (method, path, roles allowed); ``team`` is test_access.Team."""
    return {
        # automatic check: QA, leaders and managers check; QA and managers keep the libraries
        "autoqa_check": ("GET", "/qa/autoqa", CHECKERS),
        "autoqa_check_run": ("POST", "/qa/autoqa", CHECKERS),
        "autoqa_libraries": ("GET", "/qa/autoqa/libraries", CHECKERS),
        "autoqa_library_add": ("POST", "/qa/autoqa/libraries", KEEPERS),
        "autoqa_library": ("GET", "/qa/autoqa/libraries/seed-004", CHECKERS),
        "autoqa_library_save": ("POST", "/qa/autoqa/libraries/seed-004", KEEPERS),
        # contact #1 is the demo agent's (the qa demo adds it first), in the leader's team
        "autoqa_contact": ("GET", "/qa/contacts/1/checks", CHECKERS),
        "autoqa_contact_check": ("POST", "/qa/contacts/1/checks", CHECKERS),
        "autoqa_import": ("GET", "/qa/autoqa/import", KEEPERS),
        "autoqa_import_run": ("POST", "/qa/autoqa/import", KEEPERS),
        "api_autoqa_check": ("POST", "/api/v1/autoqa/check", CHECKERS),
        "api_autoqa_libraries": ("GET", "/api/v1/autoqa/libraries", CHECKERS),
        "api_autoqa_library": ("GET", "/api/v1/autoqa/libraries/seed-004", CHECKERS),
        "api_autoqa_library_save": ("POST", "/api/v1/autoqa/libraries", KEEPERS),
        "api_autoqa_contact_checks": ("GET", "/api/v1/autoqa/contacts/1/checks", CHECKERS),
    }
