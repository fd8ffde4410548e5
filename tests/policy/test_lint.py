"""Checks a schema cannot express: weights, band tables, award theme parameters, open [X] lines."""

from __future__ import annotations

import pytest

from kefu.errors import PolicyInvalid
from kefu.policy.lint import open_parameter_lines, policy_sections
from kefu.policy.loader import load_policy, parse_policy


def lint_problems(*replacements: tuple[str, str]) -> list[str]:
    """Lint problems of the demo text with each ``(old, new)`` replaced once."""
    text = load_policy("demo").text
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} should occur once in demo.yaml"
        text = text.replace(old, new)
    _, problems = parse_policy(text, "test")
    return problems


def test_the_demo_policy_lints_clean():
    assert lint_problems() == []


def test_load_policy_refuses_a_file_with_lint_problems(tmp_path):
    text = load_policy("demo").text.replace("call_quality: 0.30", "call_quality: 0.35")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyInvalid) as caught:
        load_policy(str(path))
    assert caught.value.problems == ["monthly_bonus.weights: 权重之和为 1.05，应为 1"]


# R-BON-1 / R-LQA-1 weights ---------------------------------------------------------------------


def test_R_BON_1_weights_not_summing_to_1_are_reported_with_the_sum():
    assert lint_problems(("call_quality: 0.30", "call_quality: 0.25")) == [
        "monthly_bonus.weights: 权重之和为 0.95，应为 1"
    ]


def test_R_LQA_1_leader_weights_not_summing_to_1_are_reported():
    problems = lint_problems(("    work_ability: 0.50\n", "    work_ability: 0.60\n"))
    assert problems == ["leader_qa_bonus.weights: 权重之和为 1.10，应为 1"]


def test_R_BON_2_a_tie_breaker_that_is_not_a_weighted_component_is_reported():
    problems = lint_problems(
        ("tie_breaker: overall_conduct\n  pools", "tie_breaker: call_quality\n  pools")
    )
    assert problems == [
        "leader_qa_bonus.tie_breaker: 「call_quality」不是计分项 (work_ability, overall_conduct)"
    ]


def test_R_LQA_2_place_amounts_rising_are_reported():
    problems = lint_problems(("place_amounts: [500, 300, 100]", "place_amounts: [500, 300, 400]"))
    assert problems == ["leader_qa_bonus.place_amounts[2]: 金额 400 高于上一档 300"]


# R-BON-3 band tables ---------------------------------------------------------------------------

B_ROW = "{label: B, score_from: 80.00, score_below: 85.00,"


def test_R_BON_3_a_gap_between_bands_is_reported_with_its_numbers():
    problems = lint_problems((B_ROW, "{label: B, score_from: 80.00, score_below: 84.00,"))
    assert problems == ["monthly_bonus.bands[1]: 档位「B」与「A」之间有空档 [84.00, 85.00)"]


def test_R_BON_3_an_overlap_between_bands_is_reported_with_its_numbers():
    problems = lint_problems((B_ROW, "{label: B, score_from: 80.00, score_below: 86.00,"))
    assert problems == ["monthly_bonus.bands[1]: 档位「B」与「A」重叠 [85.00, 86.00)"]


def test_R_BON_3_a_top_band_that_stops_below_100_leaves_a_gap():
    problems = lint_problems(
        ("{label: A, score_from: 85.00,", "{label: A, score_from: 85.00, score_below: 99,")
    )
    assert problems == ["monthly_bonus.bands[0]: 最高档到 99 为止，99–100 之间没有档位 (空档)"]


def test_R_BON_3_a_bottom_band_that_does_not_start_at_0_leaves_a_gap():
    problems = lint_problems(
        (
            "{label: F, score_from: 0, score_below: 60.00",
            "{label: F, score_from: 10, score_below: 60.00",
        )
    )
    assert problems == ["monthly_bonus.bands[5]: 最低档应从 0 分起，低于 10 分没有档位 (空档)"]


def test_R_BON_3_an_empty_band_is_reported():
    problems = lint_problems(
        (
            "{label: E, score_from: 60.00, score_below: 70.00",
            "{label: E, score_from: 70.00, score_below: 70.00",
        )
    )
    assert "monthly_bonus.bands[4]: 分数区间 [70.00, 70.00) 为空" in problems


def test_R_BON_3_cumulative_shares_that_shrink_are_reported():
    problems = lint_problems(
        (
            "{label: C, score_from: 75.00, score_below: 80.00, rank_share_at_most: 0.55,",
            "{label: C, score_from: 75.00, score_below: 80.00, rank_share_at_most: 0.15,",
        )
    )
    assert problems == ["monthly_bonus.bands[2]: 累计名次比例 0.15 小于上一档的 0.20"]


def test_R_BON_3_a_lower_band_paying_more_is_reported():
    problems = lint_problems(
        (
            "{label: D, score_from: 70.00, score_below: 75.00, amount: 200}",
            "{label: D, score_from: 70.00, score_below: 75.00, amount: 350}",
        )
    )
    assert problems == ["monthly_bonus.bands[3]: 金额 350 高于上一档 300"]


def test_R_BON_3_duplicate_band_labels_are_reported():
    problems = lint_problems(("{label: E,", "{label: D,"))
    assert problems == ["monthly_bonus.bands: 档位名「D」重复"]


def test_R_STAR_1_every_star_band_must_state_its_stars():
    problems = lint_problems(("{label: 一星, stars: 1,", "{label: 一星,"))
    assert problems == ["stars.bands[4].stars: 星级档位必须写明星数"]


def test_R_BON_5_bonus_rules_need_an_attendance_cycle():
    text = load_policy("demo").text
    start, end = text.index("attendance_cycle:"), text.index("display:")
    _, problems = parse_policy(text[:start] + text[end:], "test")
    assert problems == ["attendance_cycle: 月度奖金的缺勤判定需要考勤计算周期 (R-BON-5)"]


def test_R_STAR_1_and_R_AWD_1_need_the_monthly_bonus_section():
    text = load_policy("demo").text
    start, end = text.index("monthly_bonus:"), text.index("leader_qa_bonus:")
    _, problems = parse_policy(text[:start] + text[end:], "test")
    assert problems == [
        "stars: 星级按月度得分计算，需要 monthly_bonus 一节",
        "awards: 表现优异奖依赖月度奖金的资格判定，需要 monthly_bonus 一节",
    ]


# R-AWD-1 award themes --------------------------------------------------------------------------


def test_R_AWD_1_a_theme_missing_its_kinds_parameter_is_reported():
    problems = lint_problems(("      min_exam_score: 70\n", ""))
    assert problems == ["awards.themes[1].min_exam_score: 主题类型 progress 需要此参数"]


def test_R_AWD_1_a_theme_given_another_kinds_parameter_is_reported():
    problems = lint_problems(
        ("      min_commendations: 1\n", "      min_commendations: 1\n      streak_months: 2\n")
    )
    assert problems == ["awards.themes[2].streak_months: 主题类型 quality_service 不使用此参数"]


def test_R_AWD_1_duplicate_theme_keys_are_reported():
    problems = lint_problems(("    - key: quality_service\n", "    - key: progress\n"))
    assert problems == ["awards.themes: 主题键「progress」重复"]


def test_R_AWD_1_a_theme_month_must_be_written_yyyy_mm():
    text = load_policy("demo").text.replace(
        "      amount: 100\n      shift_swaps_below: 3",
        "      amount: 100\n      months: ['2026-13']\n      shift_swaps_below: 3",
    )
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy(text, "test")
    assert caught.value.problems[0].startswith("awards.themes[0].months[0]: 格式不正确")


# R-HRS-1 shift types ---------------------------------------------------------------------------


def test_R_SHF_1_counted_hours_above_on_site_hours_are_reported():
    problems = lint_problems(
        ("on_site_hours: 8.5, counted_hours: 8}", "on_site_hours: 8.5, counted_hours: 9}")
    )
    assert problems == ["hours.shift_types[1].counted_hours: 计算工时 9 大于在岗工时 8.5"]


# Open parameters ---------------------------------------------------------------------------


def test_R_BON_5_open_parameter_lines_name_the_path_and_the_rules_it_blocks():
    lines = open_parameter_lines(load_policy("seed-003"))
    assert lines[0] == (
        "attendance_cycle.start_day: 必填参数未设置 ([X])，规则 R-BON-5 在设置前不能运行"
    )
    # the seed leaves base pay, the meal allowance and the leave deductions to company rules
    assert [line.split(":")[0] for line in lines[1:]] == [
        "pay.base_pay_by_level",
        "pay.meal_allowance_per_shift",
        "pay.personal_leave_deduction_share",
        "pay.sick_leave_deduction_share",
        "pay.absenteeism_deduction_share",
        # R-QA-1: the seed says QA scores every monitoring, not how many make a month's score
        "monitoring.min_evaluations",
        "monitoring.acknowledge_working_days",
    ]


@pytest.mark.parametrize("written", ["'[X]'", "[X]"])
def test_open_parameter_lines_list_quoted_and_bare_markers_alike(written):
    text = load_policy("demo").text
    text = text.replace("night_allowance_per_shift: 10", f"night_allowance_per_shift: {written}")
    text = text.replace("comp_time_expires_months: 6", f"comp_time_expires_months: {written}")
    loaded, problems = parse_policy(text, "test")
    assert problems == []
    assert open_parameter_lines(loaded) == [
        "hours.comp_time_expires_months: 必填参数未设置 ([X])，规则 R-HRS-1..2 在设置前不能运行",
        "pay.night_allowance_per_shift: 必填参数未设置 ([X])，规则 R-PAY-1..3 在设置前不能运行",
    ]


def test_a_policy_without_open_parameters_has_no_open_lines():
    assert open_parameter_lines(load_policy("demo")) == []


def test_policy_sections_lists_the_sections_a_policy_defines():
    assert policy_sections(load_policy("demo").model) == [
        "attendance_cycle",
        "monthly_bonus",
        "leader_qa_bonus",
        "stars",
        "awards",
        "hours",
        "pay",
        "promotion",
        "election",
        "eagle_plan",
        "new_hire_training",
        "exams",
        "bottom_elimination",
        "recruitment",
        "monitoring",
        "conduct",
        "meetings",
    ]


# Careers: the election's PM points and the Eagle plan's group and windows ------------------------


def test_R_ELE_1_pm_points_whose_top_differs_from_the_pm_weight_are_reported():
    problems = lint_problems(
        (
            '- {label: "10", score_from: 80, amount: 10}',
            '- {label: "10", score_from: 80, amount: 12}',
        )
    )
    assert problems == [
        "election.pm_points: 最高 PM 积分为 12，应等于 PM 权重 0.10 × 100 = 10.00 (R-ELE-1)"
    ]


def test_R_EGL_2_group_seats_must_add_up_to_the_members_from_known_departments():
    problems = lint_problems(
        ("- {department: 客服二部, members: 1}", "- {department: VIP客服部, members: 2}")
    )
    assert problems == [
        "eagle_plan.group: 各部门名额合计 5 人，应等于 members 4 人 (R-EGL-2)",
        "eagle_plan.group: 部门「VIP客服部」不在 source_departments 中 (R-EGL-2)",
    ]


def test_R_EGL_1_an_interview_window_or_plan_months_the_wrong_way_round_are_reported():
    problems = lint_problems(
        ("interview_from_days: 5", "interview_from_days: 8"),
        ("plan_months_min: 1", "plan_months_min: 3"),
    )
    assert problems == [
        "eagle_plan.interview_from_days: 8 天晚于 interview_to_days 7 天 (R-EGL-1)",
        "eagle_plan.plan_months_min: 3 个月大于 plan_months_max 2 个月 (R-EGL-1)",
    ]
