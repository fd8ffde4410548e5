"""Inputs of the monthly close that kefu computes from its own records — pure.

R-QA-1: the month's 通话评估成绩 (call_quality) comes from the month's final QA evaluations, the
way the policy's ``monitoring`` section says; the lowest of them is also the month's 最低监控成绩
for the 进步奖 (R-AWD-1). Each function returns the value with the step that says where it
came from; the step is frozen with the close's inputs, so the bonus explanation shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kefu.explain.trace import Step, TraceValue, score_text
from kefu.policy.schema import Monitoring

RULE = "R-QA-1"
SHOWN_SCORES = 10
"""At most this many evaluation scores are listed in a step (the count is always given)."""


def call_quality(
    imported: Decimal | None,
    finals: Sequence[Decimal],
    disputed: int,
    section: Monitoring,
) -> tuple[Decimal | None, Step]:
    """通话评估成绩 of one agent's month from its final evaluations (R-QA-1).

    ``finals`` are the month's final monitoring scores, ``disputed`` the evaluations still
    under dispute (not final, so not counted). With at least ``min_evaluations`` finals the
    policy's aggregate (mean or minimum) is the score; with fewer, ``below_minimum`` decides:
    the imported column, a missing component, or the aggregate of what there is.
    """
    least = section.min_evaluations
    assert least is not None  # the close requires it before calling (policy.require)
    args: dict[str, TraceValue] = {
        "count": len(finals),
        "scores": [score_text(s) or "" for s in finals[:SHOWN_SCORES]],
        "aggregate": section.aggregate,
        "minimum": least,
        "disputed": disputed,
        "imported": score_text(imported),
    }
    if len(finals) >= least:
        value = aggregate(finals, section.aggregate)
        return value, Step(RULE, "qa.month.aggregate", args | {"value": score_text(value)})
    if section.below_minimum == "import":
        code = "qa.month.below_import" if imported is not None else "qa.month.below_no_import"
        return imported, Step(RULE, code, args, reason=imported is None)
    if section.below_minimum == "aggregate" and finals:
        value = aggregate(finals, section.aggregate)
        return value, Step(RULE, "qa.month.below_aggregate", args | {"value": score_text(value)})
    return None, Step(RULE, "qa.month.below_missing", args, reason=True)


def aggregate(scores: Sequence[Decimal], how: str) -> Decimal:
    """The mean (exact) or the minimum of a non-empty list of scores."""
    if not scores:
        raise ValueError("no scores to aggregate")
    if how == "minimum":
        return min(scores)
    return sum(scores, Decimal(0)) / len(scores)


def lowest_monitoring(
    imported: Decimal | None, finals: Sequence[Decimal]
) -> tuple[Decimal | None, Step | None]:
    """最低监控成绩 of the month (R-AWD-1 进步奖): the lower of the import and the evaluations."""
    if not finals:
        return imported, None
    low = min(finals)
    args: dict[str, TraceValue] = {"evaluations": score_text(low), "imported": score_text(imported)}
    if imported is None or low < imported:
        return low, Step(RULE, "qa.evidence_from_evaluations", args)
    return imported, Step(RULE, "qa.evidence_imported_lower", args)
