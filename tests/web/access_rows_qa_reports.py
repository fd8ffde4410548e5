"""Rows of the role × route matrix (tests/web/test_access.py) for the qa_reports routes."""

from __future__ import annotations

from typing import Any

SEES_MONITORING = frozenset({"agent", "leader", "qa", "hr", "manager"})
REPORTS = frozenset({"leader", "qa", "hr", "manager"})
PLANNERS = frozenset({"leader", "qa", "manager"})
DEMO_PLAN = 1  # the demo agent's plan (kefu.qa_reports.demo makes it first)


def rows(team: Any) -> dict[str, tuple[str, str, frozenset[str]]]:
    """name → (method, path, roles allowed); ``team`` is test_access.Team."""
    plan = f"/qa/plans/{DEMO_PLAN}"
    api_plan = f"/api/v1/qa/plans/{DEMO_PLAN}"
    return {
        "qa_reports": ("GET", "/qa/reports?period=week&on=2026-11-02", REPORTS),
        "qa_report_xlsx": ("GET", "/qa/reports.xlsx?period=month&on=2026-11-02", REPORTS),
        "qa_plans": ("GET", "/qa/plans", SEES_MONITORING),
        "qa_plan_add": ("POST", "/qa/plans", PLANNERS),
        "qa_plan": ("GET", plan, SEES_MONITORING),
        "qa_plan_change": ("POST", plan, PLANNERS),
        "qa_plan_follow_up": ("POST", f"{plan}/follow-ups", PLANNERS),
        "qa_plan_comment": ("POST", f"{plan}/comments", SEES_MONITORING),
        "qa_plan_close": ("POST", f"{plan}/close", PLANNERS),
        "api_qa_report": ("GET", "/api/v1/qa/reports?period=day&on=2026-11-02", REPORTS),
        "api_qa_plans": ("GET", "/api/v1/qa/plans", SEES_MONITORING),
        "api_qa_plan_add": ("POST", "/api/v1/qa/plans", PLANNERS),
        "api_qa_plan": ("GET", api_plan, SEES_MONITORING),
        "api_qa_plan_change": ("PATCH", api_plan, PLANNERS),
        "api_qa_plan_follow_up": ("POST", f"{api_plan}/follow-ups", PLANNERS),
        "api_qa_plan_comment": ("POST", f"{api_plan}/comments", SEES_MONITORING),
        "api_qa_plan_close": ("POST", f"{api_plan}/close", PLANNERS),
    }
