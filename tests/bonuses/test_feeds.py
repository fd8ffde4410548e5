"""R-QA-1: the month's 通话评估成绩 from final evaluations, under each policy choice (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.bonuses import feeds
from kefu.policy.schema import Monitoring

D = Decimal


def section(**overrides: object) -> Monitoring:
    values: dict[str, object] = {
        "call_quality_from": "evaluations",
        "aggregate": "mean",
        "min_evaluations": 3,
        "below_minimum": "import",
        "critical_failure_score": 0,
        "acknowledge_working_days": 3,
        "calibration_tolerance": 5,
    }
    return Monitoring.model_validate(values | overrides)


def test_R_QA_1_exactly_the_minimum_count_is_enough():
    value, step = feeds.call_quality(D(50), [D(90), D(80), D(70)], 0, section())
    assert value == D(80) and step.code == "qa.month.aggregate" and not step.reason


def test_R_QA_1_one_fewer_than_the_minimum_falls_back_to_the_import():
    value, step = feeds.call_quality(D(50), [D(90), D(80)], 0, section())
    assert value == D(50) and step.code == "qa.month.below_import"


def test_R_QA_1_too_few_and_nothing_imported_leaves_the_component_missing_as_a_reason():
    value, step = feeds.call_quality(None, [D(90)], 0, section())
    assert value is None and step.code == "qa.month.below_no_import" and step.reason


def test_R_QA_1_below_minimum_aggregate_uses_what_there_is():
    value, step = feeds.call_quality(D(50), [D(90), D(81)], 0, section(below_minimum="aggregate"))
    assert value == D("85.5") and step.code == "qa.month.below_aggregate"


def test_R_QA_1_below_minimum_aggregate_with_none_at_all_is_missing():
    value, step = feeds.call_quality(D(50), [], 2, section(below_minimum="aggregate"))
    assert value is None and step.code == "qa.month.below_missing"
    assert step.args["disputed"] == 2


def test_R_QA_1_below_minimum_missing_ignores_the_import():
    value, step = feeds.call_quality(D(99), [D(90)], 0, section(below_minimum="missing"))
    assert value is None and step.code == "qa.month.below_missing" and step.reason


def test_R_QA_1_the_minimum_aggregate_takes_the_lowest():
    value, _ = feeds.call_quality(None, [D(90), D("79.5"), D(99)], 0, section(aggregate="minimum"))
    assert value == D("79.5")


def test_R_QA_1_the_mean_is_exact_not_rounded():
    value, step = feeds.call_quality(None, [D(100), D(100), D(99)], 0, section())
    assert value == D(299) / 3
    assert step.args["count"] == 3


def test_R_QA_1_a_step_lists_at_most_ten_scores_but_counts_all():
    scores = [D(80)] * 25
    _, step = feeds.call_quality(None, scores, 0, section())
    assert step.args["count"] == 25 and len(step.args["scores"]) == feeds.SHOWN_SCORES


def test_aggregating_nothing_is_refused():
    with pytest.raises(ValueError):
        feeds.aggregate([], "mean")


def test_R_AWD_1_the_lowest_monitoring_score_is_the_lower_of_import_and_evaluations():
    assert feeds.lowest_monitoring(D(70), [])[0] == D(70)
    assert feeds.lowest_monitoring(D(70), [])[1] is None
    low, step = feeds.lowest_monitoring(D(70), [D(90), D(65)])
    assert low == D(65) and step is not None and step.code == "qa.evidence_from_evaluations"
    low, step = feeds.lowest_monitoring(D(60), [D(90), D(65)])
    assert low == D(60) and step is not None and step.code == "qa.evidence_imported_lower"
    low, step = feeds.lowest_monitoring(None, [D(90)])
    assert low == D(90) and step is not None


scores = st.lists(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False), min_size=1, max_size=30
)


@given(scores)
def test_R_QA_1_the_mean_lies_between_the_lowest_and_the_highest(values):
    mean = feeds.aggregate(values, "mean")
    assert min(values) <= mean <= max(values)
    assert feeds.aggregate(values, "minimum") <= mean


@given(scores, st.integers(min_value=1, max_value=10))
def test_R_QA_1_enough_evaluations_never_depend_on_the_import(values, least):
    rules = section(min_evaluations=least)
    a, _ = feeds.call_quality(D(0), values, 0, rules)
    b, _ = feeds.call_quality(D(100), values, 0, rules)
    if len(values) >= least:
        assert a == b == feeds.aggregate(values, "mean")
    else:  # too few: the imported value stands, whatever it is
        assert (a, b) == (D(0), D(100))
