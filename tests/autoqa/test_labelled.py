"""Precision and recall of the automatic check on the hand-labelled transcripts (R-QA-2)."""

from __future__ import annotations

from pathlib import Path

from kefu.autoqa import labelled
from kefu.autoqa.library import load_preset

LABELLED = Path(__file__).parent / "labelled"


def test_R_QA_2_labelled_set_is_large_and_covers_every_situation() -> None:
    cases = labelled.load_dir(LABELLED)
    assert len(cases) >= 200
    assert len({(c.source, c.id) for c in cases}) == len(cases)
    due = set().union(*(c.expected.get("due", frozenset()) for c in cases))
    situations = {e.key for e in load_preset("seed-004").of_kind("standard_phrase")}
    assert situations - {"greeting", "closing"} <= due
    steps = set().union(*(c.expected.get("steps", frozenset()) for c in cases))
    assert {"pickup_regular", "pickup_vip", "closing_wishes"} <= steps
    forbidden = set().union(*(c.expected.get("forbidden", frozenset()) for c in cases))
    assert {e.key for e in load_preset("seed-004").of_kind("forbidden")} <= forbidden


def test_R_QA_2_precision_and_recall_above_threshold() -> None:
    report = labelled.evaluate(labelled.load_dir(LABELLED))
    for kind, tally in [*report.kinds.items(), ("overall", report.overall)]:
        assert tally.precision >= labelled.THRESHOLD, (kind, labelled.format_report(report))
        assert tally.recall >= labelled.THRESHOLD, (kind, labelled.format_report(report))
    assert report.passed
