"""The pure pay rules of kefu.pay.rules: lines, day wage, standby, rounding, caps, refusals."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

import pytest

from kefu.errors import CloseRefused, KefuError, PolicyParameterMissing
from kefu.pay.rules import (
    FEN,
    LINE_LABELS,
    PAY_PARAMETERS,
    PayInputs,
    PayOutcome,
    compute_pay,
    pay_rates,
)
from kefu.policy.loader import LoadedPolicy
from tests.pay import (
    amount_of,
    demo_policy,
    filled_seed_policy,
    line_of,
    make_inputs,
    policy_variant,
    seed_policy,
    with_hours_per_day,
    with_pay,
    without_section,
)

D = Decimal
MONTH = "2026-10"
FIXED_COLUMNS = [
    "base",
    "star_wage",
    "monthly_bonus",
    "night_allowance",
    "meal_allowance",
    "holiday_pay",
]


def pay_one(x: PayInputs, policy: LoadedPolicy | None = None) -> PayOutcome:
    """The outcome of a close with one person."""
    (outcome,) = compute_pay(policy or demo_policy(), MONTH, [x])
    return outcome


def codes(outcome: PayOutcome) -> list[str]:
    return [line.code for line in outcome.lines]


# The seed's own figures (seeds/003 夜班津贴, 加班工资; R-PAY-2's 21.75 decision) ------------


def test_R_PAY_2_day_wage_is_the_monthly_base_over_21_75_carried_exactly():
    out = pay_one(make_inputs(), filled_seed_policy())
    assert out.base_pay == D(4800)
    assert out.day_wage == Context(prec=34).divide(D(4800), D("21.75"))
    assert out.day_wage.quantize(FEN) == D("220.69")  # 4800 / 21.75 = 220.6896…
    assert abs(out.day_wage * D("21.75") - 4800) < D("1e-28")


def test_R_PAY_2_eight_holiday_hours_are_one_day_paid_three_times_on_top_of_the_base():
    out = pay_one(make_inputs(holiday_hours=D(8)), filled_seed_policy())
    # 8 h / 8 h a day = 1 day; 1 × (4800 / 21.75) × 3 = 14400 / 21.75 = 662.0689… → 662.07
    assert amount_of(out, "holiday_pay") == D("662.07")
    assert amount_of(out, "base") == D("4800.00")
    assert out.net == D("4800.00") + D("662.07")


def test_R_PAY_2_five_night_shifts_earn_ten_yuan_each():
    out = pay_one(make_inputs(night_shifts=5, shifts_worked=20), filled_seed_policy())
    assert amount_of(out, "night_allowance") == D("50.00")  # 5 W shifts × 10 元/晚


def test_R_PAY_1_the_seed_month_adds_up_base_star_bonus_awards_and_allowances():
    x = make_inputs(
        star_wage=D(300),
        monthly_bonus=D(400),
        awards=(("全勤奖", D(100)),),
        night_shifts=5,
        shifts_worked=20,
        holiday_hours=D(8),
    )
    out = pay_one(x, filled_seed_policy())
    # 4800 + 300 + 400 + 100 + 5×10 + 20×0 (meal filled as 0) + 662.07
    assert out.gross == D("6312.07")
    assert out.deductions == 0
    assert out.net == out.gross


def test_R_PAY_2_holiday_hours_are_turned_into_days_by_the_policy_working_day():
    policy = with_hours_per_day("7.5")
    out = pay_one(make_inputs(holiday_hours=D("7.5")), policy)
    # 7.5 h / 7.5 h = 1 day of the demo's 4800 / 21.75 × 3 = 662.07
    assert amount_of(out, "holiday_pay") == D("662.07")


def test_R_PAY_1_meal_allowance_is_paid_for_every_shift_worked():
    out = pay_one(make_inputs(shifts_worked=21))
    assert amount_of(out, "meal_allowance") == D("315.00")  # 21 shifts × demo's 15


# Lines of the pay sheet ------------------------------------------------------------------


def test_R_PAY_1_a_month_of_base_only_still_shows_every_fixed_column_at_zero():
    out = pay_one(make_inputs())
    assert codes(out) == FIXED_COLUMNS
    assert [line.amount for line in out.lines] == [D("4800.00")] + [D("0.00")] * 5
    assert all(line.amount.as_tuple().exponent == -2 for line in out.lines)


def test_R_PAY_1_each_award_other_allowance_and_other_deduction_has_its_own_line():
    x = make_inputs(
        awards=(("全勤奖", D(100)), ("优质服务奖", D(500))),
        other_allowances=(("交通补贴", D(80)), ("通讯补贴", D(50))),
        other_deductions=(("社保个人部分", D(480)), ("借支", D(0))),
    )
    out = pay_one(x)
    assert [ln.label for ln in out.lines if ln.code in {"award", "other_allowance"}] == [
        "表现优异奖「全勤奖」",
        "表现优异奖「优质服务奖」",
        "其它津贴「交通补贴」",
        "其它津贴「通讯补贴」",
    ]
    deductions = [(ln.label, ln.amount) for ln in out.lines if ln.code == "other_deduction"]
    assert deductions == [
        ("其它扣款「社保个人部分」", D("-480.00")),
        ("其它扣款「借支」", D("0.00")),
    ]
    assert out.gross == D(4800) + 100 + 500 + 80 + 50
    assert out.deductions == D(480)


def test_R_PAY_1_leave_lines_appear_only_for_the_kinds_of_leave_taken():
    out = pay_one(make_inputs(sick_leave_days=D(2)))
    assert codes(out) == [*FIXED_COLUMNS, "sick_leave"]


def test_R_PAY_1_every_line_has_chinese_and_english_labels_and_cites_a_pay_rule():
    x = make_inputs(
        awards=(("全勤奖", D(100)),),
        other_allowances=(("交通补贴", D(80)),),
        other_deductions=(("借支", D(10)),),
        personal_leave_days=D(1),
        sick_leave_days=D(1),
        unapproved_absence_days=D(1),
    )
    out = pay_one(x)
    assert sorted({ln.code for ln in out.lines}) == sorted(LINE_LABELS)
    for ln in out.lines:
        assert ln.label.startswith(LINE_LABELS[ln.code][0])
        assert ln.label_en.startswith(LINE_LABELS[ln.code][1])
        assert ln.rule in {"R-PAY-1", "R-PAY-2", "R-PAY-3"}
        assert ln.step.rule == ln.rule


# Base pay (R-PAY-1) -----------------------------------------------------------------------


def test_R_PAY_1_base_comes_from_the_level_table():
    assert amount_of(pay_one(make_inputs(level="高级客服")), "base") == D("5600.00")


def test_R_PAY_1_a_person_specific_base_wins_over_the_level_table():
    out = pay_one(make_inputs(level="高级客服", base_pay_override=D(6100)))
    assert out.base_pay == D(6100)
    assert amount_of(out, "base") == D("6100.00")
    assert out.lines[0].step.args["source"] == "override"


def test_R_PAY_1_a_person_specific_base_needs_no_level():
    out = pay_one(make_inputs(level=None, base_pay_override=D(3000)))
    assert amount_of(out, "base") == D("3000.00")


def test_R_PAY_1_a_part_month_pays_the_share_of_the_base_and_says_why():
    out = pay_one(make_inputs(base_share=D("0.5"), personal_leave_days=D(1)))
    assert amount_of(out, "base") == D("2400.00")  # 4800 × 0.5
    # the day wage is the monthly figure's, before the share: 4800 / 21.75 → 220.69
    assert out.day_wage.quantize(FEN) == D("220.69")
    assert amount_of(out, "personal_leave") == D("-220.69")
    assert out.lines[0].step in out.reasons
    assert out.lines[0].step.args["share"] == "0.5"


def test_R_PAY_1_a_full_month_base_is_no_reason():
    out = pay_one(make_inputs())
    assert out.lines[0].step not in out.reasons
    assert out.reasons == []


def test_R_PAY_1_a_level_missing_from_the_table_refuses_the_close_naming_everyone():
    people = [
        make_inputs("E001", name="张三", level="特级客服"),
        make_inputs("E002", name="李四"),
        make_inputs("E003", name="王五", level=None),
    ]
    with pytest.raises(CloseRefused) as caught:
        compute_pay(demo_policy(), MONTH, people)
    message = caught.value.message
    assert "工号 E001 姓名 张三 职级 特级客服" in message
    assert "工号 E003 姓名 王五 职级 (未填)" in message
    assert "E002" not in message
    assert "以下 2 人" in message
    assert "初级客服、中级客服、高级客服" in message


def test_R_PAY_1_an_empty_level_table_pays_people_with_their_own_base():
    policy = with_pay(base_pay_by_level={})
    out = pay_one(make_inputs(base_pay_override=D(4000)), policy)
    assert amount_of(out, "base") == D("4000.00")


# Deductions (R-PAY-1) ---------------------------------------------------------------------


def test_R_PAY_1_leave_deducts_days_times_day_wage_times_the_policy_share():
    x = make_inputs(
        personal_leave_days=D(1), sick_leave_days=D(2), unapproved_absence_days=D("0.5")
    )
    out = pay_one(x)
    # demo shares: 事假 1, 病假 0.4, 旷工 1 of the day wage 4800 / 21.75
    assert amount_of(out, "personal_leave") == D("-220.69")  # 4800 / 21.75 = 220.689…
    assert amount_of(out, "sick_leave") == D("-176.55")  # 2 × 0.4 × 4800 / 21.75 = 176.551…
    assert amount_of(out, "absenteeism") == D("-110.34")  # 0.5 × 4800 / 21.75 = 110.344…
    assert out.deductions == D("220.69") + D("176.55") + D("110.34")
    assert out.net == D("4800.00") - out.deductions


def test_R_PAY_1_sick_leave_with_a_zero_share_is_shown_but_deducts_nothing():
    out = pay_one(make_inputs(sick_leave_days=D(3)), with_pay(sick_leave_deduction_share=D(0)))
    assert amount_of(out, "sick_leave") == D("0.00")
    assert not amount_of(out, "sick_leave").is_signed()  # no "-0.00" on the pay sheet


def test_R_PAY_1_deductions_are_capped_at_the_gross_and_the_cap_is_a_reason():
    # a tenth of a month: base 480.00; 1 day of 事假 220.69 fits, 3 days of 旷工 662.07 do not
    x = make_inputs(base_share=D("0.1"), personal_leave_days=D(1), unapproved_absence_days=D(3))
    out = pay_one(x)
    assert out.gross == D("480.00")
    assert amount_of(out, "personal_leave") == D("-220.69")
    assert amount_of(out, "absenteeism") == D("-259.31")  # 480.00 − 220.69 left
    assert out.deductions == out.gross
    assert out.net == 0
    capped = [s for s in out.reasons if s.code == "pay.deduction_capped"]
    assert len(capped) == 1
    assert capped[0].args == {
        "item": "旷工扣款",
        "item_en": "absenteeism deduction",
        "full": "-662.07",  # 3 × 4800 / 21.75 = 662.068…
        "amount": "-259.31",
        "gross": "480",
    }
    absenteeism = line_of(out, "absenteeism")
    assert absenteeism.step is capped[0]


def test_R_PAY_1_deductions_after_the_cap_is_reached_are_zero_with_a_reason_each():
    x = make_inputs(
        base_share=D("0.1"),
        unapproved_absence_days=D(5),
        other_deductions=(("借支", D(100)),),
    )
    out = pay_one(x)
    assert amount_of(out, "absenteeism") == D("-480.00")
    assert amount_of(out, "other_deduction") == D("0.00")
    assert [s.args["item"] for s in out.reasons if s.code == "pay.deduction_capped"] == [
        "旷工扣款",
        "其它扣款「借支」",
    ]
    assert out.net == 0


# Standby retraining (R-PAY-3) -------------------------------------------------------------


def make_standby(**overrides: object) -> PayInputs:
    """A 待岗 agent whose month would otherwise have earned something in every column."""
    values: dict[str, object] = {
        "status": "standby",
        "standby": True,
        "star_wage": D(300),
        "monthly_bonus": D(400),
        "awards": (("全勤奖", D(100)),),
        "night_shifts": 2,
        "shifts_worked": 10,
        "holiday_hours": D(8),
        "other_allowances": (("交通补贴", D(80)),),
    }
    values.update(overrides)
    return make_inputs(**values)


def test_R_PAY_3_standby_pays_the_base_only():
    out = pay_one(make_standby())
    assert amount_of(out, "base") == D("4800.00")
    assert [ln.amount for ln in out.lines if ln.code != "base"] == [D("0.00")] * 7
    assert out.net == D("4800.00")


def test_R_PAY_3_every_unpaid_standby_line_says_what_it_would_have_been():
    out = pay_one(make_standby())
    unpaid = [s for s in out.reasons if s.code == "pay.standby_unpaid"]
    assert [s.args["item"] for s in unpaid] == [
        "星级工资",
        "月度奖金",
        "表现优异奖「全勤奖」",
        "夜班津贴",
        "伙食津贴",
        "加班津贴 (国定假日)",
        "其它津贴「交通补贴」",
    ]
    would_be = [s.args["would_be"] for s in unpaid]
    # 2 × 10 night, 10 × 15 meal, 8 h = 1 day × 4800/21.75 × 3 = 662.07 holiday
    assert would_be == ["300", "400", "100", "20", "150", "662.07", "80"]
    assert all(s.rule == "R-PAY-3" for s in unpaid)
    assert "pay.standby" in [s.code for s in out.reasons]


def test_R_PAY_3_leave_deductions_still_apply_to_a_standby_base():
    out = pay_one(make_standby(personal_leave_days=D(2)))
    assert amount_of(out, "personal_leave") == D("-441.38")  # 2 × 4800 / 21.75 = 441.379…
    assert out.net == D("4800.00") - D("441.38")


def test_R_PAY_3_a_standby_base_is_cited_under_the_standby_rule():
    out = pay_one(make_standby())
    assert out.lines[0].rule == "R-PAY-3"


# Rounding to the fen by the policy's rule ---------------------------------------------------


@pytest.mark.parametrize(("rounding", "expected"), [("half_up", "50.01"), ("half_even", "50.00")])
def test_R_PAY_1_a_half_fen_base_is_rounded_by_the_policy_rule(rounding: str, expected: str):
    # 100.01 × 0.5 = 50.005: half_up goes up, half_even goes to the even fen
    out = pay_one(
        make_inputs(base_pay_override=D("100.01"), base_share=D("0.5")), with_pay(rounding=rounding)
    )
    assert amount_of(out, "base") == D(expected)


@pytest.mark.parametrize(("rounding", "expected"), [("half_up", "-0.13"), ("half_even", "-0.12")])
def test_R_PAY_1_a_half_fen_deduction_is_rounded_by_its_size(rounding: str, expected: str):
    out = pay_one(
        make_inputs(other_deductions=(("零头", D("0.125")),)), with_pay(rounding=rounding)
    )
    assert amount_of(out, "other_deduction") == D(expected)


def test_R_PAY_1_totals_are_sums_of_the_rounded_lines():
    # three allowances of 0.005 each: every line rounds half up to 0.01, the total is 0.03,
    # not the rounded exact 0.015 → 0.02
    x = make_inputs(base_pay_override=D(0), other_allowances=(("a", D("0.005")),) * 3)
    out = pay_one(x)
    assert out.gross == D("0.03")
    assert out.net == sum(ln.amount for ln in out.lines)


def test_R_PAY_1_the_caller_decimal_context_does_not_change_the_figures():
    x = make_inputs(base_pay_override=D("123456.78"), holiday_hours=D(8), sick_leave_days=D(3))
    expected = pay_one(x)
    totals = (expected.gross, expected.deductions, expected.net)
    with localcontext() as ctx:
        ctx.prec = 6
        ctx.rounding = ROUND_HALF_UP
        out = pay_one(x)
        assert out == expected
        assert (out.gross, out.deductions, out.net) == totals
    assert expected.net == sum(ln.amount for ln in expected.lines)


# Refusals: the policy ---------------------------------------------------------------------


def test_R_PAY_1_the_shipped_seed_003_refuses_naming_its_open_base_pay_table():
    with pytest.raises(PolicyParameterMissing) as caught:
        compute_pay(seed_policy(), MONTH, [make_inputs()])
    assert caught.value.path == "pay.base_pay_by_level"
    assert caught.value.rule_id == "R-PAY-1"
    assert "pay.base_pay_by_level" in caught.value.message


def test_R_PAY_1_refuses_an_open_parameter_even_when_nobody_needs_it_this_month():
    policy = policy_variant(
        demo_policy(), ("meal_allowance_per_shift: 15", 'meal_allowance_per_shift: "[X]"')
    )
    with pytest.raises(PolicyParameterMissing) as caught:
        compute_pay(policy, MONTH, [make_inputs(shifts_worked=0)])
    assert caught.value.path == "pay.meal_allowance_per_shift"
    assert caught.value.rule_id == "R-PAY-1"


def test_R_PAY_2_an_open_day_wage_divisor_is_refused_under_the_holiday_rule():
    policy = policy_variant(demo_policy(), ("day_wage_divisor: 21.75", 'day_wage_divisor: "[X]"'))
    with pytest.raises(PolicyParameterMissing) as caught:
        compute_pay(policy, MONTH, [])
    assert caught.value.path == "pay.day_wage_divisor"
    assert caught.value.rule_id == "R-PAY-2"


def test_R_PAY_1_every_pay_parameter_is_required_with_the_rule_that_uses_it():
    rules = dict(PAY_PARAMETERS)
    assert rules["night_allowance_per_shift"] == "R-PAY-2"
    assert rules["holiday_pay_multiplier"] == "R-PAY-2"
    assert rules["personal_leave_deduction_share"] == "R-PAY-1"
    pay = demo_policy().model.pay
    assert pay is not None
    # other_allowances is a list the center may leave empty (the seed names none)
    settable = set(type(pay).model_fields) - {"reference", "rounding", "other_allowances"}
    assert set(rules) == settable


def test_R_PAY_1_an_omitted_optional_parameter_is_refused_by_name():
    with pytest.raises(CloseRefused, match=r"pay\.personal_leave_deduction_share"):
        compute_pay(with_pay(personal_leave_deduction_share=None), MONTH, [make_inputs()])


def test_R_PAY_1_a_policy_without_a_pay_section_cannot_close_pay():
    with pytest.raises(CloseRefused, match=r"薪资 \(pay\)"):
        compute_pay(without_section("pay"), MONTH, [make_inputs()])


def test_R_PAY_2_a_policy_without_hours_cannot_close_pay():
    with pytest.raises(CloseRefused, match=r"工时 \(hours\)"):
        compute_pay(without_section("hours"), MONTH, [make_inputs()])


def test_R_PAY_1_pay_rates_reads_every_parameter_of_the_demo():
    rates = pay_rates(demo_policy())
    assert rates.base_pay_by_level == {
        "初级客服": 4200,
        "中级客服": 4800,
        "高级客服": 5600,
        "客服主管": 7500,
        "客服经理": 11000,
    }
    assert (rates.night_allowance_per_shift, rates.day_wage_divisor) == (10, D("21.75"))
    assert rates.hours_per_working_day == 8
    assert rates.rounding == "half_up"


# Refusals: the inputs -----------------------------------------------------------------------


def test_R_PAY_1_a_bad_month_is_refused():
    with pytest.raises(KefuError, match="格式不正确"):
        compute_pay(demo_policy(), "2026-13", [make_inputs()])


def test_R_PAY_1_impossible_inputs_are_refused_for_everyone_at_once():
    people = [
        make_inputs("E001", star_wage=D(-1)),
        make_inputs("E002", base_share=D("1.5")),
        make_inputs("E003", night_shifts=-2),
    ]
    with pytest.raises(KefuError) as caught:
        compute_pay(demo_policy(), MONTH, people)
    message = caught.value.message
    assert "未结算任何人" in message
    assert "工号 E001" in message and "星级工资" in message
    assert "工号 E002" in message and "base_share" in message
    assert "工号 E003" in message and "夜班数" in message


def test_R_PAY_1_a_person_given_twice_is_refused():
    with pytest.raises(KefuError, match="E001: 出现 2 次"):
        compute_pay(demo_policy(), MONTH, [make_inputs("E001"), make_inputs("E001")])


# The explanation (R-EXP-1) -----------------------------------------------------------------


def test_R_EXP_1_the_trace_gives_inputs_first_then_each_line_then_the_total():
    x = make_inputs(
        night_shifts=3,
        sick_leave_days=D(1),
        sources={"bonus": "2026-10 结算第2版", "hours": "考勤 2026-09-26..10-25"},
    )
    out = pay_one(x)
    trace_codes = [s.code for s in out.trace]
    assert trace_codes[:4] == [
        "pay.input",
        "pay.input_figures",
        "pay.input_sources",
        "pay.day_wage",
    ]
    assert trace_codes[4:-1] == [f"pay.{c}" for c in codes(out)]
    assert trace_codes[-1] == "pay.total"
    assert out.trace[-1].args == {"gross": "4830", "deductions": "88.28", "net": "4741.72"}
    sources = out.trace[2].args
    assert sources == {
        "names": ["bonus", "hours"],
        "values": ["2026-10 结算第2版", "考勤 2026-09-26..10-25"],
    }
    assert out.trace[0].args["policy"] == demo_policy().label
    assert out.trace[0].args["status"] == "正式"


def test_R_EXP_1_every_step_cites_a_rule_and_is_json_safe():
    out = pay_one(make_standby(unapproved_absence_days=D(30), sources={"bonus": "结算"}))
    for step in out.trace:
        assert step.rule.startswith("R-")
        json.dumps(step.as_dict(), ensure_ascii=False)


def test_R_EXP_1_each_line_step_shows_quantity_times_rate():
    out = pay_one(make_inputs(night_shifts=4, holiday_hours=D(4)))
    night = line_of(out, "night_allowance")
    assert night.step.args == {
        "item": "夜班津贴",
        "item_en": "night-shift allowance",
        "shifts": 4,
        "rate": "10",
        "amount": "40",
    }
    holiday = line_of(out, "holiday_pay")
    assert holiday.step.args["hours"] == "4"
    assert holiday.step.args["hours_per_day"] == "8"
    assert holiday.step.args["multiplier"] == "3"
    # 4 / 8 × 4800 / 21.75 × 3 = 331.034… → 331.03
    assert holiday.step.args["amount"] == "331.03"


def test_R_PAY_1_compute_pay_keeps_the_order_given_and_is_deterministic():
    people = [make_inputs("E003"), make_inputs("E001", level="初级客服"), make_inputs("E002")]
    first = compute_pay(demo_policy(), MONTH, people)
    assert [o.employee_no for o in first] == ["E003", "E001", "E002"]
    assert compute_pay(demo_policy(), MONTH, people) == first


def test_R_PAY_1_an_empty_close_pays_nobody():
    assert compute_pay(demo_policy(), MONTH, []) == []
