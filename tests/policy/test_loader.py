"""Strict loading of policy files: unknown and duplicate keys, exact decimals, open [X] values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kefu.bonuses.monthly import compute_month
from kefu.errors import KefuError, NotFound, PolicyInvalid, PolicyParameterMissing
from kefu.policy.loader import load_policy, parse_policy, preset_names
from tests.bonuses import make_person


def demo_text() -> str:
    return load_policy("demo").text


def demo_with(old: str, new: str) -> str:
    text = demo_text()
    assert text.count(old) == 1, f"{old!r} should occur once in demo.yaml"
    return text.replace(old, new)


def problems_of(text: str) -> list[str]:
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy(text, "test")
    return caught.value.problems


def test_every_preset_loads_without_problems():
    names = preset_names()
    assert {"demo", "seed-003"} <= set(names)
    for name in names:
        loaded = load_policy(name)
        assert loaded.name == name


def test_an_unknown_preset_name_is_not_found_and_lists_the_presets():
    with pytest.raises(NotFound, match="seed-003"):
        load_policy("no-such-policy")


def test_a_policy_file_can_be_loaded_by_path(tmp_path):
    path = tmp_path / "center.yaml"
    path.write_text(demo_with("name: demo", "name: center-one"), encoding="utf-8")
    loaded = load_policy(str(path))
    assert loaded.name == "center-one"
    assert loaded.source == str(path)


def test_an_unknown_key_is_rejected_with_its_path():
    problems = problems_of(demo_with("  pool_scope: center", "  pool_scope: center\n  colour: red"))
    assert len(problems) == 1
    assert problems[0].startswith("monthly_bonus.colour: 未知的键")


def test_an_unknown_key_inside_a_band_is_rejected_with_its_list_index():
    text = demo_with("{label: C, score_from: 75.00,", "{label: C, floor: 1, score_from: 75.00,")
    problems = problems_of(text)
    assert problems[0].startswith("monthly_bonus.bands[2].floor: 未知的键")


def test_a_duplicate_key_is_rejected_with_its_line():
    text = demo_with("  pool_scope: center", "  pool_scope: center\n  pool_scope: department")
    problems = problems_of(text)
    line = text.splitlines().index("  pool_scope: department") + 1
    assert problems == [f"第 {line} 行: 重复的键「pool_scope」"]


def test_a_duplicate_key_inside_a_flow_mapping_is_rejected():
    problems = problems_of(
        demo_with("{label: D, score_from: 70.00,", "{label: D, label: X, score_from: 70.00,")
    )
    assert "重复的键「label」" in problems[0]


def test_floats_are_read_as_exact_decimals():
    loaded = load_policy("demo")
    mb = loaded.model.monthly_bonus
    assert mb is not None
    weights = mb.weights
    assert all(type(w) is Decimal for w in weights.values())
    assert weights == {
        "call_quality": Decimal("0.30"),
        "work_ability": Decimal("0.40"),
        "overall_conduct": Decimal("0.30"),
    }
    assert sum(weights.values()) == 1  # 0.3 + 0.4 + 0.3 in binary floats is not exactly 1
    assert mb.bands[1].score_from == Decimal("80.00")
    assert mb.bands[0].rank_share_at_most == Decimal("0.10")
    assert loaded.model.pay is not None
    assert loaded.model.pay.day_wage_divisor == Decimal("21.75")


def test_underscores_in_numbers_are_allowed():
    loaded, _ = parse_policy(demo_with("day_wage_divisor: 21.75", "day_wage_divisor: 2_1.75"), "t")
    assert loaded.model.pay is not None
    assert loaded.model.pay.day_wage_divisor == Decimal("21.75")


def test_a_wrong_value_names_the_path_and_the_value():
    problems = problems_of(demo_with("pool_scope: center", "pool_scope: everywhere"))
    assert problems[0].startswith("monthly_bonus.pool_scope: 取值不在允许范围内")
    assert "everywhere" in problems[0]


def test_a_file_that_is_not_a_mapping_is_invalid():
    assert problems_of("- a\n- b\n") == ["文件内容应为键值表 (mapping)"]


def test_broken_yaml_is_invalid_not_a_traceback():
    assert problems_of("a: [\n")[0].startswith("不是有效的 YAML")


@pytest.mark.parametrize("literal", [".inf", ".nan", "1:30.5"])
def test_a_float_decimal_cannot_read_is_reported_as_invalid(literal):
    problems_of(demo_with("holiday_pay_multiplier: 3", f"holiday_pay_multiplier: {literal}"))


# Open parameters ([X]) -----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["'[X]'", '"[X]"', "[X]"])
def test_R_BON_5_an_open_parameter_loads_quoted_or_bare_and_is_recorded(written):
    loaded, problems = parse_policy(demo_with("start_day: 26", f"start_day: {written}"), "t")
    assert problems == []
    assert loaded.open_parameters == ("attendance_cycle.start_day",)
    assert loaded.model.attendance_cycle is not None
    assert loaded.model.attendance_cycle.start_day is None


def test_an_open_parameter_inside_a_list_is_recorded_with_its_index():
    text = demo_with("place_amounts: [500, 300, 100]", "place_amounts: [500, '[X]', 100]")
    with pytest.raises(PolicyInvalid) as caught:
        parse_policy(text, "t")
    assert caught.value.problems == ["leader_qa_bonus.place_amounts[1]: 此项不能留作 [X]，必须填写"]


def test_a_required_value_cannot_be_left_open():
    problems = problems_of(
        demo_with(
            "  tie_breaker: overall_conduct\n  pool_scope", "  tie_breaker: '[X]'\n  pool_scope"
        )
    )
    assert problems == ["monthly_bonus.tie_breaker: 此项不能留作 [X]，必须填写"]


def test_R_BON_5_require_raises_naming_the_open_path_and_the_rule():
    loaded, _ = parse_policy(demo_with("start_day: 26", "start_day: [X]"), "t")
    with pytest.raises(PolicyParameterMissing) as caught:
        loaded.require("attendance_cycle", "R-BON-5")
    assert caught.value.path == "attendance_cycle.start_day"
    assert caught.value.rule_id == "R-BON-5"
    assert "attendance_cycle.start_day" in caught.value.message
    assert "R-BON-5" in caught.value.message
    assert caught.value.http_status == 409


def test_require_passes_for_paths_that_are_set_and_does_not_match_on_a_prefix_of_a_word():
    loaded, _ = parse_policy(demo_with("start_day: 26", "start_day: [X]"), "t")
    loaded.require("monthly_bonus", "R-BON-1")
    loaded.require("attendance", "R-BON-5")  # not a path prefix of attendance_cycle.start_day
    load_policy("demo").require("attendance_cycle", "R-BON-5")


def test_R_BON_5_an_explicit_null_start_day_is_refused_with_a_domain_error():
    loaded, problems = parse_policy(demo_with("start_day: 26", "start_day: null"), "t")
    if problems:
        return
    with pytest.raises(KefuError):
        compute_month(loaded, "2026-03", [make_person("K01", 90)])


def test_seed_003_leaves_open_exactly_what_the_seed_leaves_to_company_rules():
    # R-BON-5: the cycle's start day; R-PAY-1: base pay, meal allowance and leave deductions;
    # R-QA-1: how many evaluations a month needs and the acknowledgement window
    assert load_policy("seed-003").open_parameters == (
        "attendance_cycle.start_day",
        "pay.base_pay_by_level",
        "pay.meal_allowance_per_shift",
        "pay.personal_leave_deduction_share",
        "pay.sick_leave_deduction_share",
        "pay.absenteeism_deduction_share",
        "monitoring.min_evaluations",
        "monitoring.acknowledge_working_days",
    )


def test_R_BON_5_seed_003_refuses_the_monthly_close_naming_the_start_day():
    with pytest.raises(PolicyParameterMissing) as caught:
        compute_month(load_policy("seed-003"), "2026-03", [make_person("K01", 90)])
    assert (caught.value.path, caught.value.rule_id) == ("attendance_cycle.start_day", "R-BON-5")


def test_seed_003_and_demo_share_every_bonus_number():
    seed, demo = load_policy("seed-003").model, load_policy("demo").model
    assert seed.monthly_bonus == demo.monthly_bonus
    assert seed.leader_qa_bonus == demo.leader_qa_bonus
    assert seed.stars == demo.stars
    assert seed.awards == demo.awards


def test_the_content_hash_and_label_identify_the_text():
    a = load_policy("demo")
    b, _ = parse_policy(a.text + "\n# 注释\n", "t")
    assert a.sha256 != b.sha256
    assert len(a.sha256) == 64
    assert a.label == f"demo 2026-01 ({a.sha256[:12]})"
