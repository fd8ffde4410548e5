"""Rows of the role × route matrix (tests/web/test_access.py) for the meetings routes.

The demo's meeting #1 is the demo leader's team's pre-shift meeting (the agent and QA attend),
follow-up #1 belongs to its post-shift meeting, handover #1 was handed to the demo leader.
"""

from __future__ import annotations

from typing import Any

VIEW = frozenset({"agent", "leader", "qa", "hr", "manager"})
MANAGE = frozenset({"leader", "qa", "hr", "manager"})
HANDOVER = frozenset({"leader", "manager"})


def rows(team: Any) -> dict[str, tuple[str, str, frozenset[str]]]:
    """name → (method, path, roles allowed); ``team`` is test_access.Team."""
    return {
        "meetings": ("GET", "/meetings", VIEW),
        "meeting_new": ("GET", "/meetings/new", MANAGE),
        "meeting_add": ("POST", "/meetings", MANAGE),
        "meeting_follow_ups": ("GET", "/meetings/follow-ups", VIEW),
        "meeting_check": ("GET", "/meetings/check", MANAGE),
        "meeting": ("GET", "/meetings/1", VIEW),
        "meeting_attendance": ("POST", "/meetings/1/attendance", MANAGE),
        "meeting_follow_up_add": ("POST", "/meetings/1/follow-ups", MANAGE),
        "meeting_follow_up_done": ("POST", "/meetings/follow-ups/1/done", VIEW),
        "handovers": ("GET", "/handovers", HANDOVER),
        "handover_add": ("POST", "/handovers", HANDOVER),
        "handover_ack": ("POST", "/handovers/1/ack", HANDOVER),
        "api_meetings": ("GET", "/api/v1/meetings", VIEW),
        "api_meeting_add": ("POST", "/api/v1/meetings", MANAGE),
        "api_meeting_follow_ups": ("GET", "/api/v1/meetings/follow-ups", VIEW),
        "api_meeting_check": ("GET", "/api/v1/meetings/check", MANAGE),
        "api_meeting": ("GET", "/api/v1/meetings/1", VIEW),
        "api_meeting_attendance": ("POST", "/api/v1/meetings/1/attendance", MANAGE),
        "api_meeting_follow_up_add": ("POST", "/api/v1/meetings/1/follow-ups", MANAGE),
        "api_meeting_follow_up_done": ("POST", "/api/v1/meetings/follow-ups/1/done", VIEW),
        "api_handovers": ("GET", "/api/v1/handovers", HANDOVER),
        "api_handover_add": ("POST", "/api/v1/handovers", HANDOVER),
        "api_handover_ack": ("POST", "/api/v1/handovers/1/ack", HANDOVER),
    }
