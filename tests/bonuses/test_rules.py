"""The pure rules of kefu.bonuses.rules: score, ranking, bands, exclusions, places."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kefu.bonuses.rules import (
    assign_band,
    bonus_exclusions,
    competition_rank,
    display_score,
    place_amount,
    weighted_score,
    within_share,
)
from kefu.policy.schema import Band, Display, Exclusions
from tests.bonuses import dec, demo_policy, make_attendance, make_facts

D = Decimal


def monthly_bands() -> list[Band]:
    mb = demo_policy().model.monthly_bonus
    assert mb is not None
    return list(mb.bands)


def monthly_weights() -> dict[str, Decimal]:
    mb = demo_policy().model.monthly_bonus
    assert mb is not None
    return dict(mb.weights)


def demo_exclusions(section: str = "monthly_bonus") -> Exclusions:
    block = getattr(demo_policy().model, section)
    return block.exclusions  # type: ignore[no-any-return]


def make_parts(
    call_quality: str | None, work_ability: str | None, conduct: str | None
) -> dict[str, Decimal | None]:
    """Components written as strings; None where missing."""
    return {
        "call_quality": None if call_quality is None else D(call_quality),
        "work_ability": None if work_ability is None else D(work_ability),
        "overall_conduct": None if conduct is None else D(conduct),
    }


def band_of(score: str, rank: int, pool: int) -> str | None:
    decision = assign_band(D(score), rank, pool, monthly_bands(), "R-BON-3")
    return decision.band.label if decision.band else None


# R-BON-1 ------------------------------------------------------------------------------


def test_R_BON_1_score_is_30_40_30_weighted_and_exact():
    score, step = weighted_score(
        make_parts("84.99", "85.01", "84.98"), monthly_weights(), "R-BON-1"
    )
    assert score == D("84.995")
    assert step.rule == "R-BON-1"
    assert step.code == "score.weighted"
    assert step.args["score"] == "84.995"
    assert step.args["parts"] == [
        "call_quality=0.3×84.99",
        "work_ability=0.4×85.01",
        "overall_conduct=0.3×84.98",
    ]


def test_R_BON_1_score_84_995_is_displayed_85_00_by_half_up_rounding():
    assert display_score(D("84.995"), Display(score_decimals=2, rounding="half_up")) == "85.00"
    assert display_score(D("84.985"), Display(score_decimals=2, rounding="half_up")) == "84.99"


def test_R_BON_1_display_follows_the_policy_rounding_rule_half_even():
    assert display_score(D("84.985"), Display(score_decimals=2, rounding="half_even")) == "84.98"
    assert display_score(D("84.995"), Display(score_decimals=2, rounding="half_even")) == "85.00"


def test_R_BON_1_display_pads_whole_scores_to_two_decimals():
    assert display_score(D(90), demo_policy().model.display) == "90.00"


def test_R_BON_1_a_missing_component_gives_no_score_and_a_score_missing_step():
    score, step = weighted_score(make_parts(None, "80", None), monthly_weights(), "R-BON-1")
    assert score is None
    assert step.code == "score.missing"
    assert step.reason is True
    assert step.args["missing"] == ["call_quality", "overall_conduct"]


def test_R_LQA_1_leader_score_is_50_50_of_work_ability_and_conduct():
    lq = demo_policy().model.leader_qa_bonus
    assert lq is not None
    score, step = weighted_score(make_parts(None, "71", "60"), lq.weights, "R-LQA-1")
    assert score == D("65.5")
    assert step.rule == "R-LQA-1"


# R-BON-2 ------------------------------------------------------------------------------


def test_R_BON_2_competition_ranking_is_1_2_2_4():
    placings = competition_rank(
        [("a", D(90), D(90)), ("b", D(85), D(80)), ("c", D(85), D(80)), ("d", D(70), D(70))]
    )
    assert {k: p.rank for k, p in placings.items()} == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert placings["b"].tied_with == ("c",)
    assert placings["b"].pool_size == 4


def test_R_BON_2_a_tie_on_score_is_broken_by_overall_conduct():
    placings = competition_rank([("low", D(85), D(70)), ("high", D(85), D(90))])
    assert placings["high"].rank == 1
    assert placings["low"].rank == 2
    assert placings["low"].same_score == 2
    assert placings["low"].tied_with == ()


def test_R_BON_2_scores_are_compared_exactly_so_84_995_ranks_below_85():
    placings = competition_rank([("a", D("84.995"), D(100)), ("b", D("85.00"), D(0))])
    assert placings["b"].rank == 1
    assert placings["a"].rank == 2


def test_R_BON_2_a_full_tie_shares_the_rank_whatever_the_written_precision():
    placings = competition_rank([("a", D("90"), D("80")), ("b", D("90.000"), D("80.0"))])
    assert placings["a"].rank == placings["b"].rank == 1


def test_R_BON_2_an_empty_pool_has_no_placings():
    assert competition_rank([]) == {}


# R-BON-3 ------------------------------------------------------------------------------


def test_R_BON_3_quota_boundary_is_inclusive():
    assert within_share(2, 20, D("0.10"))
    assert not within_share(3, 20, D("0.10"))
    assert within_share(1, 10, D("0.10"))
    assert not within_share(1, 9, D("0.10"))


@pytest.mark.parametrize(
    ("score", "tier"),
    [("85.00", "A"), ("84.995", "B"), ("84.99", "B"), ("80.00", "B"), ("79.99", "C")],
)
def test_R_BON_3_band_edges_are_compared_on_the_exact_score(score, tier):
    # rank 1 of 10 sits inside every quota, so only the score floor decides
    assert band_of(score, 1, 10) == tier


def test_R_BON_3_score_84_995_is_below_the_85_floor_and_gets_tier_B():
    decision = assign_band(D("84.995"), 1, 10, monthly_bands(), "R-BON-3")
    assert decision.band is not None and decision.band.label == "B"
    assert [s.code for s in decision.steps] == ["band.below_floor", "band.chosen_quota"]
    assert decision.steps[0].args == {"band": "A", "floor": "85.00"}


@pytest.mark.parametrize(
    ("score", "tier", "amount"),
    [
        ("74.99", "D", 200),
        ("70.00", "D", 200),
        ("69.99", "E", 100),
        ("60.00", "E", 100),
        ("59.99", "F", 0),
        ("0", "F", 0),
    ],
)
def test_R_BON_3_tiers_without_a_quota_go_by_score_alone(score, tier, amount):
    decision = assign_band(D(score), 10, 10, monthly_bands(), "R-BON-3")
    assert decision.band is not None
    assert (decision.band.label, decision.band.amount) == (tier, amount)
    assert decision.steps[-1].code == "band.chosen"


def test_R_BON_3_a_high_score_outside_every_quota_falls_to_tier_D():
    decision = assign_band(D(95), 1, 1, monthly_bands(), "R-BON-3")
    assert decision.band is not None and decision.band.label == "D"
    assert [s.code for s in decision.steps] == [
        "band.outside_quota",
        "band.outside_quota",
        "band.outside_quota",
        "band.chosen",
    ]
    assert decision.steps[0].args["limit"] == 0  # rank ≤ 0.1 × 1 = 0.1 means no rank fits
    assert decision.steps[2].args["share"] == "55"


def test_R_BON_3_the_deciding_step_is_a_reason_and_names_the_quota():
    decision = assign_band(D(90), 2, 10, monthly_bands(), "R-BON-3")
    chosen = decision.steps[-1]
    assert chosen.reason is True
    assert chosen.args == {
        "band": "B",
        "floor": "80.00",
        "amount": "400",
        "score": "90.00",
        "rank": 2,
        "pool": 10,
        "share": "20",
        "limit": 2,
    }


def test_R_BON_3_a_score_below_every_band_is_in_no_tier():
    bands = [b for b in monthly_bands() if b.label != "F"]
    decision = assign_band(D(59), 1, 1, bands, "R-BON-3")
    assert decision.band is None
    assert decision.steps[-1].code == "band.none"


# R-BON-4 ------------------------------------------------------------------------------


def exclusion_codes(facts=None, attendance="clean", section="monthly_bonus") -> list[str]:
    rule = "R-BON-4" if section == "monthly_bonus" else "R-LQA-4"
    steps = bonus_exclusions(
        facts or make_facts(),
        make_attendance() if attendance == "clean" else attendance,
        demo_exclusions(section),
        rule,
    )
    assert all(s.reason for s in steps)
    return [s.code for s in steps]


def test_R_BON_4_a_regular_employee_with_clean_attendance_is_eligible():
    assert exclusion_codes() == []


def test_R_BON_4_probation_excludes():
    assert exclusion_codes(make_facts(probation=True)) == ["excl.probation"]


def test_R_BON_4_dismissal_for_performance_excludes():
    assert exclusion_codes(make_facts(dismissed_for_performance=True)) == ["excl.dismissed"]


def test_R_BON_4_three_days_of_absence_exclude_and_two_and_a_half_do_not():
    assert exclusion_codes(attendance=make_attendance(absence_days=3)) == ["excl.absence"]
    assert exclusion_codes(attendance=make_attendance(absence_days="2.5")) == []


def test_R_BON_4_notice_period_with_any_unapproved_absence_excludes():
    codes = exclusion_codes(
        make_facts(notice_period=True), make_attendance(unapproved_absence_days="0.5")
    )
    assert codes == ["excl.notice_unapproved"]


def test_R_BON_4_notice_period_with_three_sick_days_excludes_and_two_do_not():
    notice = make_facts(notice_period=True)
    assert exclusion_codes(notice, make_attendance(sick_leave_days=3)) == ["excl.notice_sick"]
    assert exclusion_codes(notice, make_attendance(sick_leave_days=2, absence_days=2)) == []


def test_R_BON_4_sick_days_outside_the_notice_period_do_not_exclude_below_three_absence_days():
    assert exclusion_codes(attendance=make_attendance(sick_leave_days=2, absence_days=2)) == []


def test_R_BON_4_a_missing_attendance_summary_excludes_with_its_reason():
    assert exclusion_codes(attendance=None) == ["excl.no_attendance"]


def test_R_BON_4_exclusions_accumulate_and_standby_cites_R_BOT_1():
    steps = bonus_exclusions(
        make_facts(probation=True, standby=True),
        make_attendance(absence_days=4),
        demo_exclusions(),
        "R-BON-4",
    )
    assert [(s.rule, s.code) for s in steps] == [
        ("R-BON-4", "excl.probation"),
        ("R-BOT-1", "excl.standby"),
        ("R-BON-4", "excl.absence"),
    ]
    assert steps[-1].args == {"days": "4", "limit": "3"}


def test_R_LQA_4_leader_exclusions_do_not_include_the_three_day_absence_rule():
    assert (
        exclusion_codes(attendance=make_attendance(absence_days=5), section="leader_qa_bonus") == []
    )


def test_R_LQA_4_a_leader_needs_no_attendance_summary_unless_in_the_notice_period():
    assert exclusion_codes(attendance=None, section="leader_qa_bonus") == []
    notice = make_facts(notice_period=True)
    assert exclusion_codes(notice, None, section="leader_qa_bonus") == ["excl.no_attendance"]


def test_R_LQA_4_leader_in_notice_period_with_three_sick_days_is_excluded():
    notice = make_facts(notice_period=True)
    codes = exclusion_codes(notice, make_attendance(sick_leave_days=3), "leader_qa_bonus")
    assert codes == ["excl.notice_sick"]


# R-AWD-2 helper on the attendance summary ------------------------------------------------


@pytest.mark.parametrize(
    "field",
    [
        "absence_days",
        "personal_leave_days",
        "sick_leave_days",
        "late_count",
        "early_leave_count",
        "unapproved_absence_days",
    ],
)
def test_R_AWD_2_any_kind_of_absence_counts_as_absence(field):
    assert make_attendance(**{field: 1}).any_absence


def test_R_AWD_2_shift_swaps_are_not_absence():
    assert not make_attendance(shift_swap_count=5).any_absence


# R-LQA-2 ------------------------------------------------------------------------------

AMOUNTS = [D(500), D(300), D(100)]


def test_R_LQA_2_places_pay_500_300_100():
    paid = [place_amount(D(80), rank, D(60), AMOUNTS, "R-LQA-2")[0] for rank in (1, 2, 3, 4)]
    assert paid == [500, 300, 100, 0]


def test_R_LQA_2_exactly_60_is_not_more_than_60_and_gets_nothing():
    amount, step = place_amount(D("60.00"), 1, D(60), AMOUNTS, "R-LQA-2")
    assert amount == 0
    assert step.code == "place.not_above"
    assert step.args == {"score": "60.00", "floor": "60.00"}


def test_R_LQA_2_a_score_just_above_60_is_paid():
    amount, step = place_amount(dec("60.001"), 1, D(60), AMOUNTS, "R-LQA-2")
    assert amount == 500
    assert step.code == "place.paid"


def test_R_LQA_2_a_rank_beyond_the_paid_places_gets_an_unpaid_step():
    amount, step = place_amount(D(90), 4, D(60), AMOUNTS, "R-LQA-2")
    assert amount == 0
    assert step.args == {"rank": 4, "paid": 3}
