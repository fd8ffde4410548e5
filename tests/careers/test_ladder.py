"""The promotion ladder's pure rules: levels, conditions at their edges, windows, new pay."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kefu.careers.ladder import (
    CONDITION_CODES,
    INDICATORS,
    LEVEL_CODES,
    Condition,
    ExamResult,
    LadderCheck,
    MonthIndicators,
    Violation,
    check_ladder,
    check_new_pay,
    in_application_window,
    is_close,
    ladder_text,
    level_since,
    next_level,
    whole_months_between,
    window_months,
)
from kefu.careers.ladder_messages import CONDITION_NAMES, EN, ZH
from kefu.errors import KefuError
from kefu.explain.trace import Step
from kefu.periods import Month, add_months
from kefu.policy.loader import load_policy
from kefu.policy.schema import LevelRequirement, Promotion

D = Decimal
FAST = settings(max_examples=200, deadline=None)
CJK = re.compile(r"[\u3400-\u9fff]")
AS_OF = date(2026, 11, 24)  # window of 3 months: 2026-08, 2026-09, 2026-10
WINDOW = ("2026-08", "2026-09", "2026-10")
SINCE = date(2024, 3, 1)  # two years before 2026-03-01

# The test center's thresholds for 中级客服 (the seed leaves every one [X]).
TARGET: dict[str, Any] = {
    "level": "intermediate",
    "name": "中级客服",
    "years_at_previous_level": D(2),
    "window_months_back": 3,
    "min_satisfaction": D("4.5"),
    "satisfaction_scale": D(5),
    "max_response_minutes": D(3),
    "min_on_time_response_pct": D(90),
    "min_resolution_pct": D(85),
    "max_complaint_pct": D(2),
    "min_kpi_completion_pct": D(100),
    "min_skills_exam_score": D(80),
    "skills_exam_scale": D(100),
}
# Figures that meet every threshold with room to spare.
GOOD: dict[str, Decimal] = {
    "satisfaction": D("4.8"),
    "avg_response_minutes": D("2.5"),
    "on_time_response_pct": D(95),
    "resolution_pct": D(90),
    "complaint_pct": D(1),
    "kpi_completion_pct": D(110),
}
# indicator field → (its threshold, the policy field)
EDGES = {i.field: (TARGET[i.parameter], i.bound, i.code) for i in INDICATORS}


def make_promotion(**target: Any) -> Promotion:
    """A three-level ladder: 初级客服 → 中级客服 (the test's target) → 高级客服."""
    return Promotion(
        levels=[
            LevelRequirement(
                level="junior", name="初级客服", supervisor_assessment=False, no_violations=False
            ),
            LevelRequirement(**{**TARGET, **target}),
            LevelRequirement(level="senior", name="高级客服", years_at_previous_level=D(3)),
        ],
        application_months=[3, 9],
        public_notice_working_days=5,
        min_new_pay_pct_of_old=D(110),
    )


def make_months(*months: str, **figures: Decimal | None) -> list[MonthIndicators]:
    """The same figures each month (GOOD unless given)."""
    values = {**GOOD, **figures}
    return [MonthIndicators(month=m, **values) for m in months or WINDOW]


def make_exam(score: str = "90", scale: str = "100", on: date = date(2026, 10, 12)) -> ExamResult:
    return ExamResult(taken_on=on, score=D(score), scale=D(scale))


def check(promotion: Promotion | None = None, **given: Any) -> LadderCheck:
    """The ladder check of a 初级客服 with good figures, any input replaced."""
    inputs: dict[str, Any] = {
        "open_paths": (),
        "level_name": "初级客服",
        "level_since": SINCE,
        "as_of": AS_OF,
        "months": make_months(),
        "latest_exam": make_exam(),
        "supervisor_approved": True,
        "violations": [],
    }
    inputs.update(given)
    return check_ladder(promotion or make_promotion(), **inputs)


def condition(result: LadderCheck, code: str) -> Condition:
    [found] = [c for c in result.conditions if c.code == code]
    return found


def render(step: Step, lang: str) -> str:
    return (ZH if lang == "zh" else EN)[step.code](step.args, lang)  # type: ignore[arg-type]


# --- the ladder's text (R-ORG-3) -----------------------------------------------------------


def test_R_ORG_3_the_ladder_text_has_all_five_levels_with_chinese_and_english_items():
    texts = ladder_text()
    assert tuple(texts) == LEVEL_CODES
    for code, text in texts.items():
        assert text.level == code
        assert CJK.search(text.name) and text.name_en and not CJK.search(text.name_en)
        for zh, en in (
            (text.duties_zh, text.duties_en),
            (text.requirements_zh, text.requirements_en),
        ):
            assert zh and len(zh) == len(en)
            assert all(CJK.search(item) for item in zh)
            assert all(item.strip() and not CJK.search(item) for item in en)
        assert not any("[X]" in item for item in text.requirements_zh + text.requirements_en)


def test_R_ORG_3_the_ladder_text_names_the_levels_as_the_seed_001_policy_does():
    promotion = load_policy("seed-001").model.promotion
    assert promotion is not None
    assert [(lv.level, lv.name) for lv in promotion.levels] == [
        (t.level, t.name) for t in ladder_text().values()
    ]


def test_R_ORG_3_the_ladder_text_is_a_fresh_dict_each_time():
    ladder_text().pop("junior")
    assert "junior" in ladder_text()


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), -6, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2026, 11, 24), 3, date(2027, 2, 24)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
    ],
)
def test_adding_months_clamps_to_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("as_of", "n", "expected"),
    [
        (date(2026, 11, 24), 3, ["2026-08", "2026-09", "2026-10"]),
        (date(2026, 11, 1), 3, ["2026-08", "2026-09", "2026-10"]),
        (date(2026, 11, 30), 1, ["2026-10"]),
        (date(2027, 2, 1), 3, ["2026-11", "2026-12", "2027-01"]),
        (date(2027, 1, 31), 2, ["2026-11", "2026-12"]),
    ],
)
def test_R_PRO_1_the_window_is_the_complete_months_before_the_as_of_month(as_of, n, expected):
    assert [str(m) for m in window_months(as_of, n)] == expected


def test_R_PRO_1_the_current_level_started_with_the_last_run_of_equal_levels():
    history = [
        (date(2020, 1, 1), "初级客服"),
        (date(2022, 5, 1), "中级客服"),
        (date(2023, 2, 1), "中级客服"),  # a department change, same level
        (date(2024, 1, 1), "中级客服"),
    ]
    assert level_since(history) == date(2022, 5, 1)


def test_R_PRO_1_a_level_returned_to_counts_from_the_return():
    history = [
        (date(2020, 1, 1), "中级客服"),
        (date(2021, 1, 1), "初级客服"),
        (date(2022, 7, 1), "中级客服"),
    ]
    assert level_since(history) == date(2022, 7, 1)


def test_R_PRO_1_no_history_or_no_current_level_has_no_level_start():
    assert level_since([]) is None
    assert level_since([(date(2020, 1, 1), "初级客服"), (date(2021, 1, 1), None)]) is None
    assert level_since([(date(2021, 1, 1), "初级客服")]) == date(2021, 1, 1)


def test_R_PRO_1_same_day_records_are_accepted_but_history_out_of_order_is_refused():
    same_day = [(date(2021, 1, 1), "初级客服"), (date(2021, 1, 1), "中级客服")]
    assert level_since(same_day) == date(2021, 1, 1)
    with pytest.raises(KefuError, match="从早到晚"):
        level_since([(date(2022, 1, 1), "初级客服"), (date(2021, 1, 1), "中级客服")])


# --- next level ----------------------------------------------------------------------------


def test_R_ORG_3_the_next_level_is_the_one_above_and_none_at_the_top():
    promotion = make_promotion()
    target = next_level(promotion, "初级客服")
    assert target is not None and target.level == "intermediate"
    above = next_level(promotion, "中级客服")
    assert above is not None and above.name == "高级客服"
    assert next_level(promotion, "高级客服") is None


@pytest.mark.parametrize("name", ["客服专员", None, ""])
def test_R_ORG_3_a_level_not_on_the_ladder_is_refused_naming_the_ladder(name):
    with pytest.raises(KefuError) as err:
        next_level(make_promotion(), name)
    assert "初级客服 → 中级客服 → 高级客服" in err.value.message


def test_R_PRO_1_nobody_at_the_top_can_be_checked_for_a_next_level():
    with pytest.raises(KefuError, match="最高职级"):
        check(level_name="高级客服")


# --- the whole check -----------------------------------------------------------------------


def test_R_PRO_1_good_figures_meet_every_condition_in_order():
    result = check()
    assert result.eligible and result.failing == 0 and result.unknown == 0
    assert [c.code for c in result.conditions] == list(CONDITION_CODES)
    assert result.current_level.name == "初级客服" and result.target.name == "中级客服"
    assert [s.code for s in result.steps][:2] == ["promotion.target", "promotion.window"]
    assert result.steps[-1].code == "promotion.ladder_result" and result.steps[-1].reason
    assert not any(c.step.reason for c in result.conditions)


def test_R_PRO_1_conditions_the_policy_leaves_out_are_not_listed():
    promotion = make_promotion(
        window_months_back=None,
        min_satisfaction=None,
        satisfaction_scale=None,
        max_response_minutes=None,
        min_on_time_response_pct=None,
        min_resolution_pct=None,
        max_complaint_pct=None,
        min_kpi_completion_pct=None,
        min_skills_exam_score=None,
        supervisor_assessment=False,
        no_violations=False,
    )
    result = check(promotion, months=[], latest_exam=None, supervisor_approved=None)
    assert [c.code for c in result.conditions] == ["tenure"]
    assert result.eligible
    assert "promotion.window" not in [s.code for s in result.steps]


def test_R_PRO_1_a_level_with_no_conditions_at_all_is_open_to_everyone():
    promotion = make_promotion(
        **{k: None for k in TARGET if k not in {"level", "name"}},
        supervisor_assessment=False,
        no_violations=False,
    )
    result = check(promotion, months=[], latest_exam=None, supervisor_approved=False)
    assert result.conditions == () and result.eligible


def test_R_PRO_1_indicator_conditions_without_a_window_are_refused_naming_the_path():
    with pytest.raises(KefuError, match=r"promotion\.levels\[1\]\.window_months_back"):
        check(make_promotion(window_months_back=None))


def test_R_PRO_1_a_level_start_after_the_as_of_day_is_refused():
    with pytest.raises(KefuError, match="晚于核对日"):
        check(level_since=AS_OF + timedelta(days=1))


# --- tenure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "since", "as_of", "holds"),
    [
        ("2", date(2024, 3, 1), date(2026, 2, 28), False),
        ("2", date(2024, 3, 1), date(2026, 3, 1), True),
        ("1.5", date(2025, 1, 15), date(2026, 7, 14), False),
        ("1.5", date(2025, 1, 15), date(2026, 7, 15), True),
        # 0.1 year = 1.2 months: a started month is not granted, two whole months are needed
        ("0.1", date(2026, 1, 10), date(2026, 3, 9), False),
        ("0.1", date(2026, 1, 10), date(2026, 3, 10), True),
        # started on 29 February: one year is reached on 28 February of a common year
        ("1", date(2024, 2, 29), date(2025, 2, 27), False),
        ("1", date(2024, 2, 29), date(2025, 2, 28), True),
        ("4", date(2024, 2, 29), date(2028, 2, 28), False),
        ("4", date(2024, 2, 29), date(2028, 2, 29), True),
        # started on a month end: half a year later is that month's last day
        ("0.5", date(2025, 8, 31), date(2026, 2, 27), False),
        ("0.5", date(2025, 8, 31), date(2026, 2, 28), True),
        ("0", date(2026, 11, 24), date(2026, 11, 24), True),
    ],
)
def test_R_PRO_1_tenure_is_reached_on_the_day_the_whole_months_come_round(
    years, since, as_of, holds
):
    promotion = make_promotion(years_at_previous_level=D(years))
    exam = make_exam(on=since)
    tenure = condition(check(promotion, level_since=since, as_of=as_of, latest_exam=exam), "tenure")
    assert tenure.holds is holds
    assert tenure.step.reason is not holds


def test_R_PRO_1_tenure_shows_whole_months_done_and_required():
    promotion = make_promotion(years_at_previous_level=D("1.5"))
    tenure = condition(check(promotion, level_since=date(2025, 1, 15)), "tenure")
    assert (tenure.figure, tenure.threshold) == ("22", "≥ 18")
    assert tenure.step.args["reached_on"] == "2026-07-15"
    assert tenure.step.args["months_required"] == 18


# --- indicators ----------------------------------------------------------------------------


def _step_for(field: str, bound: str) -> Decimal:
    """One step past the edge in the failing direction."""
    return D("0.01") if bound == "max" else D("-0.01")


@pytest.mark.parametrize("field", list(EDGES))
def test_R_PRO_1_an_indicator_exactly_at_its_threshold_holds(field):
    threshold, _, code = EDGES[field]
    result = check(months=make_months(**{field: threshold}))
    assert condition(result, code).holds is True
    assert result.eligible


@pytest.mark.parametrize("field", list(EDGES))
def test_R_PRO_1_an_indicator_one_step_past_its_threshold_fails(field):
    threshold, bound, code = EDGES[field]
    result = check(months=make_months(**{field: threshold + _step_for(field, bound)}))
    assert condition(result, code).holds is False
    assert condition(result, code).step.reason
    assert not result.eligible and result.failing == 1 and result.unknown == 0


@pytest.mark.parametrize("field", list(EDGES))
def test_R_PRO_1_an_indicator_one_step_inside_its_threshold_holds(field):
    threshold, bound, code = EDGES[field]
    result = check(months=make_months(**{field: threshold - _step_for(field, bound)}))
    assert condition(result, code).holds is True


def test_R_PRO_1_the_mean_of_the_window_decides_not_each_month():
    months = [
        MonthIndicators(month=m, **{**GOOD, "satisfaction": D(v)})
        for m, v in zip(WINDOW, ("4.4", "4.5", "4.6"), strict=True)
    ]
    satisfaction = condition(check(months=months), "satisfaction")
    assert satisfaction.holds is True
    assert (satisfaction.figure, satisfaction.threshold) == ("4.5", "≥ 4.5 / 5")


def test_R_PRO_1_a_mean_that_does_not_end_is_compared_exactly_and_shown_cut():
    months = [
        MonthIndicators(month=m, **{**GOOD, "avg_response_minutes": D(v)})
        for m, v in zip(WINDOW, ("3", "3", "3.01"), strict=True)
    ]
    response = condition(check(months=months), "response_minutes")
    assert response.holds is False  # 3.00333… > 3
    assert response.figure == "3.003333…"


def test_R_PRO_1_percent_figures_and_thresholds_carry_the_percent_sign():
    complaints = condition(check(), "complaints")
    assert (complaints.figure, complaints.threshold) == ("1%", "≤ 2%")


def test_R_PRO_1_a_window_month_without_figures_leaves_every_indicator_undecided():
    result = check(months=make_months("2026-08", "2026-10"))
    for indicator in INDICATORS:
        c = condition(result, indicator.code)
        assert c.holds is None
        assert c.step.args["missing"] == ["2026-09"]
        assert c.figure is not None  # the mean of the months that have one
    assert not result.eligible
    assert result.unknown == len(INDICATORS) and result.failing == 0
    assert "缺少 2026-09 的数据" in render(condition(result, "satisfaction").step, "zh")


def test_R_PRO_1_one_missing_figure_leaves_only_its_indicator_undecided():
    months = make_months()
    months[1] = replace(months[1], kpi_completion_pct=None)
    result = check(months=months)
    assert condition(result, "kpi_completion").holds is None
    assert condition(result, "satisfaction").holds is True
    assert result.unknown == 1 and is_close(result)


def test_R_PRO_1_no_figures_at_all_show_no_mean():
    c = condition(check(months=[]), "resolution")
    assert c.holds is None and c.figure is None
    assert c.step.args["missing"] == list(WINDOW)
    assert "无法判断" in render(c.step, "zh") and "cannot be decided" in render(c.step, "en")


def test_R_PRO_1_months_outside_the_window_are_ignored():
    outside = make_months("2026-07", "2026-11", satisfaction=D(0), complaint_pct=D(100))
    assert check(months=make_months() + outside).eligible


def test_R_PRO_1_the_window_across_a_year_boundary_takes_decembers_figures():
    months = make_months("2026-11", "2026-12", "2027-01")
    assert check(months=months, as_of=date(2027, 2, 1)).eligible
    assert not check(months=months, as_of=date(2027, 1, 31)).eligible  # needs 2026-10


@pytest.mark.parametrize(
    ("months", "message"),
    [
        (make_months("2026-08", "2026-08"), "重复"),
        (make_months("2026-13"), "格式不正确"),
        (make_months(complaint_pct=D(-1)), "不能为负"),
    ],
)
def test_R_PRO_1_bad_monthly_figures_are_refused(months, message):
    with pytest.raises(KefuError, match=message):
        check(months=months)


# --- the skills exam -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "scale", "holds", "figure"),
    [
        ("80", "100", True, "80 / 100"),
        ("79.99", "100", False, "79.99 / 100"),
        ("80.01", "100", True, "80.01 / 100"),
        ("8", "10", True, "80 / 100"),
        ("7.99", "10", False, "79.9 / 100"),
        ("72", "90", True, "80 / 100"),
        ("71.99", "90", False, "79.988888… / 100"),
    ],
)
def test_R_PRO_1_the_latest_exam_is_rescaled_to_the_policys_full_marks(score, scale, holds, figure):
    exam = condition(check(latest_exam=make_exam(score, scale)), "skills_exam")
    assert (exam.holds, exam.figure, exam.threshold) == (holds, figure, "≥ 80 / 100")


def test_R_PRO_1_a_rescaled_exam_says_both_scores():
    exam = condition(check(latest_exam=make_exam("8.5", "10")), "skills_exam")
    assert "8.5 分（满分 10），折合 85 分（满分 100）" in render(exam.step, "zh")
    assert "8.5 out of 10, 85 out of 100" in render(exam.step, "en")


def test_R_PRO_1_no_exam_leaves_the_exam_undecided():
    result = check(latest_exam=None)
    exam = condition(result, "skills_exam")
    assert exam.holds is None and exam.figure is None and exam.step.code == "promotion.exam_missing"
    assert not result.eligible and result.unknown == 1


@pytest.mark.parametrize(
    "exam",
    [
        ExamResult(date(2026, 10, 1), D(101), D(100)),
        ExamResult(date(2026, 10, 1), D(-1), D(100)),
        ExamResult(date(2026, 10, 1), D(0), D(0)),
        ExamResult(AS_OF + timedelta(days=1), D(90), D(100)),
    ],
)
def test_R_PRO_1_an_impossible_exam_is_refused(exam):
    with pytest.raises(KefuError):
        check(latest_exam=exam)


def test_R_PRO_1_an_exam_minimum_without_full_marks_is_refused_naming_the_path():
    with pytest.raises(KefuError, match=r"promotion\.levels\[1\]\.skills_exam_scale"):
        check(make_promotion(skills_exam_scale=None))


# --- supervisor and violations -------------------------------------------------------------


@pytest.mark.parametrize(("approved", "holds"), [(True, True), (False, False), (None, None)])
def test_R_PRO_1_the_supervisors_assessment_holds_fails_or_is_undecided(approved, holds):
    result = check(supervisor_approved=approved)
    assert condition(result, "supervisor_assessment").holds is holds
    assert result.eligible is (approved is True)


@pytest.mark.parametrize(
    ("on", "holds"),
    [
        (date(2026, 7, 31), True),  # the day before the window
        (date(2026, 8, 1), False),  # the window's first day
        (AS_OF, False),  # the as-of day itself
        (AS_OF + timedelta(days=1), True),  # after the as-of day
    ],
)
def test_R_PRO_1_a_violation_counts_from_the_windows_first_day_to_the_as_of_day(on, holds):
    result = check(violations=[Violation(on, "违反保密规定")])
    c = condition(result, "no_violations")
    assert c.holds is holds
    assert c.figure == ("0" if holds else "1")


def test_R_PRO_1_violations_are_listed_in_date_order_in_the_explanation():
    found = [Violation(date(2026, 10, 3), "辱骂客户"), Violation(date(2026, 9, 1), "私自换班")]
    c = condition(check(violations=found), "no_violations")
    assert c.step.args["found"] == ["2026-09-01 私自换班", "2026-10-03 辱骂客户"]
    assert "有 2 条" in render(c.step, "zh")


def test_R_PRO_1_without_a_window_violations_count_from_the_level_start():
    promotion = make_promotion(
        **{k: None for k in TARGET if k not in {"level", "name", "years_at_previous_level"}}
    )
    before = check(promotion, violations=[Violation(SINCE - timedelta(days=1), "迟到")])
    on_start = check(promotion, violations=[Violation(SINCE, "迟到")])
    assert condition(before, "no_violations").holds is True
    assert condition(on_start, "no_violations").holds is False


# --- close to eligible ---------------------------------------------------------------------


def test_R_PRO_1_close_means_not_eligible_with_few_conditions_missing():
    assert not is_close(check())  # eligible is not "close"
    one = check(supervisor_approved=None)
    two = check(supervisor_approved=False, latest_exam=None)
    assert is_close(one) and not is_close(two)
    assert is_close(two, at_most_failing=2) and not is_close(one, at_most_failing=0)
    with pytest.raises(KefuError):
        is_close(one, at_most_failing=-1)


# --- open [X] parameters -------------------------------------------------------------------


def test_R_PRO_1_the_seed_001_ladder_refuses_naming_the_open_parameter():
    policy = load_policy("seed-001")
    promotion = policy.model.promotion
    assert promotion is not None
    with pytest.raises(KefuError) as err:
        check(promotion, open_paths=policy.open_parameters)
    assert "promotion.levels[1].years_at_previous_level" in err.value.message
    assert "promotion.levels[1].min_satisfaction" in err.value.message
    assert "promotion.levels[2]" not in err.value.message
    assert "R-PRO-1" in err.value.message


def test_R_PRO_1_an_open_parameter_of_another_level_does_not_block_this_check():
    open_paths = ("promotion.levels[2].years_at_previous_level",)
    assert check(open_paths=open_paths).eligible
    with pytest.raises(KefuError, match=r"promotion\.levels\[2\]\.years_at_previous_level"):
        check(open_paths=open_paths, level_name="中级客服")


def test_R_PRO_2_and_4_the_seed_001_months_and_pay_share_refuse_naming_the_path():
    policy = load_policy("seed-001")
    promotion = policy.model.promotion
    assert promotion is not None
    with pytest.raises(KefuError, match=r"promotion\.application_months.*R-PRO-2"):
        in_application_window(promotion, policy.open_parameters, date(2026, 3, 1))
    with pytest.raises(KefuError, match=r"promotion\.min_new_pay_pct_of_old.*R-PRO-4"):
        check_new_pay(promotion, policy.open_parameters, D(5000), D(6000))


def test_the_seed_001_policy_lists_the_training_plan_and_leaves_the_first_level_bare():
    promotion = load_policy("seed-001").model.promotion
    assert promotion is not None
    assert len(promotion.training_plan) >= 3
    first = promotion.levels[0]
    assert not first.supervisor_assessment and not first.no_violations
    assert [lv.name for lv in promotion.levels] == [t.name for t in ladder_text().values()]


# --- application months (R-PRO-2) ----------------------------------------------------------


@pytest.mark.parametrize(
    "on", [date(2026, 3, 1), date(2026, 3, 31), date(2026, 9, 1), date(2026, 9, 30)]
)
def test_R_PRO_2_applications_are_taken_from_the_first_to_the_last_day_of_each_month(on):
    step = in_application_window(make_promotion(), (), on)
    assert step.rule == "R-PRO-2" and step.args["months"] == ["3", "9"]
    assert "每年 3 月、9 月" in render(step, "zh")


@pytest.mark.parametrize("on", [date(2026, 2, 28), date(2026, 4, 1), date(2026, 8, 31)])
def test_R_PRO_2_applications_outside_the_months_are_refused_listing_them(on):
    with pytest.raises(KefuError, match="每年 3 月、9 月") as err:
        in_application_window(make_promotion(), (), on)
    assert on.isoformat() in err.value.message


def test_R_PRO_2_december_and_january_both_open_across_the_year_end():
    promotion = make_promotion().model_copy(update={"application_months": [12, 1]})
    assert in_application_window(promotion, (), date(2026, 12, 31)).args["months"] == ["1", "12"]
    assert in_application_window(promotion, (), date(2027, 1, 1))
    with pytest.raises(KefuError):
        in_application_window(promotion, (), date(2027, 2, 1))


# --- new pay (R-PRO-4) ---------------------------------------------------------------------


def test_R_PRO_4_new_pay_exactly_at_the_share_of_the_old_is_accepted():
    step = check_new_pay(make_promotion(), (), D(5000), D(5500))
    assert step.args == {"old": "5000", "new": "5500", "pct": "110", "minimum": "5500"}
    assert "不低于原岗位薪酬 5000 元的 110%" in render(step, "zh")


def test_R_PRO_4_new_pay_a_fen_below_the_share_is_refused_with_both_figures():
    with pytest.raises(KefuError) as err:
        check_new_pay(make_promotion(), (), D(5000), D("5499.99"))
    for text in ("R-PRO-4", "5499.99", "5000", "110%", "5500"):
        assert text in err.value.message


def test_R_PRO_4_a_fractional_share_is_exact():
    promotion = make_promotion().model_copy(update={"min_new_pay_pct_of_old": D("102.5")})
    assert check_new_pay(promotion, (), D("4321.10"), D("4429.1275")).args["minimum"] == "4429.1275"
    with pytest.raises(KefuError):
        check_new_pay(promotion, (), D("4321.10"), D("4429.1274"))


def test_R_PRO_4_negative_pay_is_refused():
    with pytest.raises(KefuError, match="不能为负"):
        check_new_pay(make_promotion(), (), D(-1), D(5000))


# --- the schema ----------------------------------------------------------------------------


def _promotion_data(**changes: Any) -> dict[str, Any]:
    data = make_promotion().model_dump()
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"application_months": [3, 3]}, "申请月份重复"),
        ({"application_months": [13]}, "less than or equal to 12"),
        ({"application_months": [0]}, "greater than or equal to 1"),
        ({"application_months": []}, "at least 1 item"),
        ({"levels": []}, "at least 1 item"),
    ],
)
def test_R_PRO_2_bad_application_months_or_an_empty_ladder_are_invalid(changes, message):
    with pytest.raises(ValidationError, match=message):
        Promotion.model_validate(_promotion_data(**changes))


def test_R_ORG_3_a_level_twice_or_conditions_on_the_first_level_are_invalid():
    levels = make_promotion().model_dump()["levels"]
    with pytest.raises(ValidationError, match="职级重复: 中级客服"):
        Promotion.model_validate(_promotion_data(levels=[*levels, {**levels[1], "level": "x"}]))
    bare_first = {**levels[0], "years_at_previous_level": D(0)}
    with pytest.raises(ValidationError, match="最低职级 初级客服 不能有晋升条件"):
        Promotion.model_validate(_promotion_data(levels=[bare_first, *levels[1:]]))


def test_R_PRO_1_a_minimum_above_its_full_marks_is_invalid():
    with pytest.raises(ValidationError, match="大于满分"):
        LevelRequirement(**{**TARGET, "min_satisfaction": D("5.5")})


# --- messages ------------------------------------------------------------------------------


def _all_steps() -> list[Step]:
    checks = [
        check(),
        check(months=make_months("2026-08"), latest_exam=None, supervisor_approved=None),
        check(
            months=make_months(satisfaction=D(1), complaint_pct=D(9)),
            latest_exam=make_exam("5", "10"),
            supervisor_approved=False,
            violations=[Violation(date(2026, 9, 9), "迟到")],
            level_since=date(2026, 1, 1),
        ),
    ]
    steps = [s for c in checks for s in c.steps]
    steps.append(in_application_window(make_promotion(), (), date(2026, 3, 5)))
    steps.append(check_new_pay(make_promotion(), (), D(5000), D(6000)))
    return steps


def test_every_step_code_has_chinese_and_english_words():
    steps = _all_steps()
    assert set(ZH) == set(EN) == {s.code for s in steps}
    level_names = ("初级客服", "中级客服", "高级客服", "迟到")
    for step in steps:
        zh, en = render(step, "zh"), render(step, "en")
        assert CJK.search(zh), step.code
        for name in level_names:
            en = en.replace(name, "")
        assert not CJK.search(en), (step.code, en)
    assert set(CONDITION_NAMES) == set(CONDITION_CODES)


def test_the_ladder_words_can_be_imported_before_the_message_catalog():
    code = "import kefu.careers.ladder_messages as m, kefu.explain.messages as c; "
    code += "assert c.CATALOG['zh']['promotion.tenure'] is m.ZH['promotion.tenure']"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_result_says_how_many_conditions_fail_and_cannot_be_decided():
    result = check(supervisor_approved=False, latest_exam=None)
    words = render(result.steps[-1], "zh")
    assert "1 项不符合" in words and "1 项缺少数据无法判断" in words
    assert "可以提交晋升申请" in render(check().steps[-1], "zh")


# --- properties ----------------------------------------------------------------------------

figure = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
maybe_figure = st.one_of(st.none(), figure)
month_figures = st.fixed_dictionaries({i.field: maybe_figure for i in INDICATORS})
gain = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)


def _improve(value: Decimal | None, bound: str, delta: Decimal, fill: Decimal) -> Decimal | None:
    if value is None:
        return fill
    return value + delta if bound == "min" else max(value - delta, D(0))


@FAST
@given(
    rows=st.lists(month_figures, min_size=3, max_size=3),
    better=st.lists(
        st.fixed_dictionaries({i.field: gain for i in INDICATORS}), min_size=3, max_size=3
    ),
    fill=figure,
    fill_missing=st.booleans(),
    exam_score=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1)),
    exam_gain=st.decimals(min_value=0, max_value=100, places=1),
    approved=st.sampled_from([None, False, True]),
    approve=st.booleans(),
    violations=st.lists(st.integers(min_value=0, max_value=200), max_size=3),
    drop_violations=st.booleans(),
    since_days=st.integers(min_value=0, max_value=2000),
    earlier_days=st.integers(min_value=0, max_value=400),
)
def test_R_PRO_1_improving_any_figure_never_breaks_a_condition_that_held(
    rows,
    better,
    fill,
    fill_missing,
    exam_score,
    exam_gain,
    approved,
    approve,
    violations,
    drop_violations,
    since_days,
    earlier_days,
):
    bounds = {i.field: i.bound for i in INDICATORS}
    before_rows = [MonthIndicators(month=m, **row) for m, row in zip(WINDOW, rows, strict=True)]
    after_rows = [
        MonthIndicators(
            month=m,
            **{
                f: (
                    _improve(v, bounds[f], delta[f], fill)
                    if v is not None or fill_missing
                    else None
                )
                for f, v in row.items()
            },
        )
        for m, row, delta in zip(WINDOW, rows, better, strict=True)
    ]
    exam = None if exam_score is None else make_exam(str(exam_score))
    better_exam = make_exam(str(min(D(100), (exam_score or D(0)) + exam_gain)))
    found = [Violation(AS_OF - timedelta(days=d), "违规") for d in violations]
    since = AS_OF - timedelta(days=since_days)
    before = check(
        months=before_rows,
        latest_exam=exam,
        supervisor_approved=approved,
        violations=found,
        level_since=since,
    )
    after = check(
        months=after_rows,
        latest_exam=better_exam if exam is not None or fill_missing else None,
        supervisor_approved=True if approve else approved,
        violations=[] if drop_violations else found,
        level_since=since - timedelta(days=earlier_days),
    )
    for was, now in zip(before.conditions, after.conditions, strict=True):
        assert was.code == now.code
        if was.holds:
            assert now.holds, (was, now)
    if before.eligible:
        assert after.eligible
    assert after.failing + after.unknown <= before.failing + before.unknown


@FAST
@given(
    rows=st.lists(month_figures, min_size=3, max_size=3),
    order=st.permutations(range(3)),
)
def test_R_PRO_1_the_order_of_the_monthly_figures_does_not_matter(rows, order):
    months = [MonthIndicators(month=m, **row) for m, row in zip(WINDOW, rows, strict=True)]
    shuffled = [months[i] for i in order]
    assert [c.holds for c in check(months=months).conditions] == [
        c.holds for c in check(months=shuffled).conditions
    ]


@FAST
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
    months=st.integers(min_value=0, max_value=600),
)
def test_adding_whole_months_is_undone_by_counting_them(day, months):
    later = add_months(day, months)
    assert Month.of(later) == Month.of(day).shift(months)
    assert later.day <= day.day
    assert whole_months_between(day, later) == months
    assert whole_months_between(day, later - timedelta(days=1)) == months - 1 or months == 0


@FAST
@given(
    as_of=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    n=st.integers(min_value=1, max_value=36),
)
def test_R_PRO_1_the_window_is_n_consecutive_months_ending_before_the_as_of_month(as_of, n):
    window = window_months(as_of, n)
    assert len(window) == n
    assert window[-1] == Month.of(as_of).shift(-1)
    assert all(b == a.shift(1) for a, b in pairwise(window))
