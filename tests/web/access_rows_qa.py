"""Rows of the role × route matrix (tests/web/test_access.py) for the qa routes.

The demo's first evaluation (#1) is the demo agent's own, awaiting their answer; contact #1
and calibration #1 (closed) exist. POSTs are sent empty: permitted roles get a 4xx for the
missing fields (or a conflict on the closed calibration), the others 403.
"""

from __future__ import annotations

from typing import Any

VIEW = frozenset({"agent", "leader", "qa", "hr", "manager"})
QA = frozenset({"qa", "manager"})


def rows(team: Any) -> dict[str, tuple[str, str, frozenset[str]]]:
    """name → (method, path, roles allowed); ``team`` is test_access.Team."""
    return {
        "qa_home": ("GET", "/qa", VIEW),
        "qa_mine": ("GET", "/qa/mine", VIEW),
        "qa_disputes": ("GET", "/qa/disputes", QA),
        "qa_contact_new": ("GET", "/qa/contacts/new", QA),
        "qa_contact_add": ("POST", "/qa/contacts", QA),
        "qa_contact": ("GET", "/qa/contacts/1", QA),
        "qa_evaluate": ("POST", "/qa/contacts/1/evaluations", QA),
        "qa_evaluation": ("GET", "/qa/evaluations/1", VIEW),
        "qa_submit": ("POST", "/qa/evaluations/1/submit", QA),
        "qa_acknowledge": ("POST", "/qa/evaluations/1/acknowledge", VIEW),
        "qa_dispute": ("POST", "/qa/evaluations/1/dispute", VIEW),
        "qa_review": ("POST", "/qa/evaluations/1/review", QA),
        "qa_scorecards": ("GET", "/qa/scorecards", VIEW),
        "qa_scorecard": ("GET", "/qa/scorecards/phone", VIEW),
        "qa_scorecard_save": ("POST", "/qa/scorecards", QA),
        "qa_calibrations": ("GET", "/qa/calibrations", QA),
        "qa_calibration_drift": ("GET", "/qa/calibrations/over-time", QA),
        "qa_calibration_open": ("POST", "/qa/calibrations", QA),
        "qa_calibration": ("GET", "/qa/calibrations/1", QA),
        "qa_calibration_score": ("POST", "/qa/calibrations/1/score", QA),
        "qa_calibration_close": ("POST", "/qa/calibrations/1/close", QA),
        "api_qa_evaluations": ("GET", "/api/v1/qa/evaluations", VIEW),
        "api_qa_evaluation": ("GET", "/api/v1/qa/evaluations/1", VIEW),
        "api_qa_contact_add": ("POST", "/api/v1/qa/contacts", QA),
        "api_qa_contact": ("GET", "/api/v1/qa/contacts/1", QA),
        "api_qa_evaluate": ("POST", "/api/v1/qa/contacts/1/evaluations", QA),
        "api_qa_submit": ("POST", "/api/v1/qa/evaluations/1/submit", QA),
        "api_qa_acknowledge": ("POST", "/api/v1/qa/evaluations/1/acknowledge", VIEW),
        "api_qa_dispute": ("POST", "/api/v1/qa/evaluations/1/dispute", VIEW),
        "api_qa_review": ("POST", "/api/v1/qa/evaluations/1/review", QA),
        "api_qa_disputes": ("GET", "/api/v1/qa/disputes", QA),
        "api_qa_scorecards": ("GET", "/api/v1/qa/scorecards", VIEW),
        "api_qa_scorecard": ("GET", "/api/v1/qa/scorecards/phone", VIEW),
        "api_qa_scorecard_save": ("POST", "/api/v1/qa/scorecards", QA),
        "api_qa_calibrations": ("GET", "/api/v1/qa/calibrations", QA),
        "api_qa_calibration_drift": ("GET", "/api/v1/qa/calibrations/over-time", QA),
        "api_qa_calibration_open": ("POST", "/api/v1/qa/calibrations", QA),
        "api_qa_calibration": ("GET", "/api/v1/qa/calibrations/1", QA),
        "api_qa_calibration_score": ("POST", "/api/v1/qa/calibrations/1/score", QA),
        "api_qa_calibration_close": ("POST", "/api/v1/qa/calibrations/1/close", QA),
    }
