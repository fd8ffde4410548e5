"""Rows of the role × route matrix (tests/web/test_access.py) for the conduct routes.

The demo's conduct events (kefu.conduct.demo): #1 chatting by the agent and a teammate, #2 the
teammate's untidy desk, #3 the agent's tone (recorded by the leader, objected to: objection
#1), #4 foul language in another department (recorded by HR).
"""

from __future__ import annotations

from typing import Any

VIEW = frozenset({"agent", "leader", "qa", "hr", "manager"})
RECORD = frozenset({"leader", "hr", "manager"})
CENTER = frozenset({"hr", "manager"})


def rows(team: Any) -> dict[str, tuple[str, str, frozenset[str]]]:
    """name → (method, path, roles allowed); ``team`` is test_access.Team."""
    return {
        "conduct_events": ("GET", "/conduct", VIEW),
        "conduct_rules": ("GET", "/conduct/rules", VIEW),
        "conduct_record_form": ("GET", "/conduct/record", RECORD),
        "conduct_record": ("POST", "/conduct/record", RECORD),
        # QA sees only their own points: the agent's event is not theirs (404)
        "conduct_event": ("GET", "/conduct/events/1", RECORD | {"agent"}),
        "conduct_withdraw": ("POST", "/conduct/events/1/withdraw", RECORD),
        # only the person charged objects; the agent already objected (400, not refused)
        "conduct_object": ("POST", "/conduct/events/3/objection", frozenset({"agent"})),
        # the leader recorded event #3: another leader, HR or a manager answers
        "conduct_answer": ("POST", "/conduct/objections/1/answer", CENTER),
        "conduct_person": ("GET", f"/conduct/people/{team.agent}", RECORD | {"agent"}),
        "api_conduct_rules": ("GET", "/api/v1/conduct/rules", VIEW),
        "api_conduct_events": ("GET", "/api/v1/conduct/events", VIEW),
        "api_conduct_record": ("POST", "/api/v1/conduct/events", RECORD),
        "api_conduct_event": ("GET", "/api/v1/conduct/events/1", RECORD | {"agent"}),
        "api_conduct_withdraw": ("POST", "/api/v1/conduct/events/1/withdraw", RECORD),
        # an empty body is refused (422) before the service knows who is charged
        "api_conduct_object": ("POST", "/api/v1/conduct/events/3/objection", VIEW),
        "api_conduct_answer": ("POST", "/api/v1/conduct/objections/1/answer", RECORD),
        "api_conduct_person": (
            "GET",
            f"/api/v1/conduct/people/{team.outsider}",
            CENTER,
        ),
        "api_conduct_month": ("GET", "/api/v1/conduct/months/2026-11", VIEW),
    }
