"""The monthly close as a whole (compute_month): agents' tiers, leaders' places, exclusions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kefu.bonuses.monthly import MonthlyOutcome, PersonMonth, compute_month
from kefu.errors import CloseRefused
from kefu.policy.loader import LoadedPolicy, parse_policy
from tests.bonuses import (
    demo_policy,
    demo_variant,
    make_attendance,
    make_evidence,
    make_facts,
    make_person,
    make_pool,
)

MONTH = "2026-03"


def close(
    people: list[PersonMonth], policy: LoadedPolicy | None = None
) -> dict[str, MonthlyOutcome]:
    """Run the month and index the outcomes by employee number."""
    outcomes = compute_month(policy or demo_policy(), MONTH, people)
    return {o.employee_no: o for o in outcomes}


def tiers(outcomes: dict[str, MonthlyOutcome]) -> list[str | None]:
    return [o.tier for o in outcomes.values()]


def reason_codes(outcome: MonthlyOutcome) -> list[str]:
    """Why the bonus is what it is (award and star-wage reasons left out)."""
    return [s.code for s in outcome.reasons if not s.code.startswith(("award.", "star."))]


def rule_codes(outcome: MonthlyOutcome) -> list[str]:
    """Every step after the inputs (R-EXP-1 puts the inputs first)."""
    return [s.code for s in outcome.trace if not s.code.startswith("input.")]


def ten_at_90_with_distinct_conduct(n: int = 10) -> list[PersonMonth]:
    return make_pool([90] * n, [99 - i for i in range(n)])


# R-BON-3: pools of 0, 1, 3, 10 and 11 agents, worked out by hand from the table ------------


def test_R_BON_3_pool_of_10_at_90_gives_one_A_one_B_three_C_and_five_D():
    out = close(ten_at_90_with_distinct_conduct())
    assert [o.rank for o in out.values()] == list(range(1, 11))
    assert tiers(out) == ["A", "B", "C", "C", "C", "D", "D", "D", "D", "D"]
    assert [o.bonus for o in out.values()] == [500, 400, 300, 300, 300, 200, 200, 200, 200, 200]
    assert all(o.pool_size == 10 for o in out.values())


def test_R_BON_3_pool_of_11_at_90_gives_one_A_one_B_four_C_and_five_D():
    # limits: A 1.1, B 2.2, C 6.05 → ranks 1 | 2 | 3–6 | 7–11
    out = close(ten_at_90_with_distinct_conduct(11))
    assert tiers(out) == ["A", "B", "C", "C", "C", "C", "D", "D", "D", "D", "D"]


def test_R_BON_3_pool_of_3_gives_C_to_the_first_and_D_to_the_others():
    # limits: A 0.3, B 0.6, C 1.65 → only rank 1 fits a quota, and only C's
    out = close(make_pool([95, 88, 72]))
    assert tiers(out) == ["C", "D", "D"]
    assert [o.bonus for o in out.values()] == [300, 200, 200]


def test_R_BON_3_pool_of_1_at_95_gets_D_because_rank_1_of_1_exceeds_every_quota():
    out = close(make_pool([95]))["K01"]
    assert (out.rank, out.pool_size, out.tier, out.bonus) == (1, 1, "D", 200)
    assert [s.code for s in out.trace if s.rule == "R-BON-3"] == [
        "band.outside_quota",
        "band.outside_quota",
        "band.outside_quota",
        "band.chosen",
    ]


def test_R_BON_3_pool_of_0_when_everyone_is_excluded_pays_nobody():
    people = [
        make_person("K01", 95, facts=make_facts(probation=True)),
        make_person("K02", 90, attendance=make_attendance(absence_days=3)),
    ]
    out = close(people)
    for o in out.values():
        assert (o.rank, o.pool_size, o.tier, o.bonus, o.eligible) == (None, 0, None, 0, False)
        assert "bonus.none" in reason_codes(o)


def test_R_BON_3_a_month_with_no_agents_closes_with_no_outcomes():
    assert compute_month(demo_policy(), MONTH, []) == []


# R-BON-3: quota boundaries and ties ---------------------------------------------------------


def test_R_BON_3_rank_exactly_at_the_quota_share_is_inside():
    # pool of 20: rank 2 is exactly 10% → A; rank 4 exactly 20% → B; rank 11 exactly 55% → C
    out = close(make_pool([90] * 20, [99 - i for i in range(20)]))
    assert tiers(out)[:12] == ["A", "A", "B", "B", "C", "C", "C", "C", "C", "C", "C", "D"]


def test_R_BON_3_agents_tied_on_a_quota_boundary_are_all_inside():
    # pool of 10, B's cumulative limit is rank 2: three agents share rank 2 → all B
    out = close(make_pool([95, 90, 90, 90, 70, 70, 70, 70, 70, 70]))
    assert [o.rank for o in out.values()][:4] == [1, 2, 2, 2]
    assert tiers(out)[:5] == ["A", "B", "B", "B", "D"]


def test_R_BON_3_two_agents_tied_first_in_a_pool_of_10_both_get_A():
    out = close(make_pool([90, 90] + [70] * 8))
    assert tiers(out)[:2] == ["A", "A"]


def test_R_BON_3_agents_whose_shared_rank_is_outside_a_quota_are_all_outside():
    # pool of 10: the shared rank 3 is beyond B's limit (2) → all three fall to C
    out = close(make_pool([95, 94, 90, 90, 90, 70, 70, 70, 70, 70]))
    assert tiers(out)[:5] == ["A", "B", "C", "C", "C"]


def test_R_BON_3_a_score_of_84_995_is_shown_as_85_00_but_gets_B():
    people = [make_person("X", components=_parts("84.99", "85.01", "84.98")), *make_pool([70] * 9)]
    out = close(people)["X"]
    assert out.score == Decimal("84.995")
    assert (out.rank, out.tier, out.bonus) == (1, "B", 400)


def _parts(cq: str, wa: str, oc: str) -> dict[str, Decimal | None]:
    return {
        "call_quality": Decimal(cq),
        "work_ability": Decimal(wa),
        "overall_conduct": Decimal(oc),
    }


def test_R_BON_3_the_deciding_step_is_among_the_reasons():
    out = close(ten_at_90_with_distinct_conduct())["K02"]
    assert reason_codes(out) == ["band.chosen_quota"]
    assert out.reasons[0].args["band"] == "B"


# R-BON-2 ------------------------------------------------------------------------------


def test_R_BON_2_ranking_is_1_2_2_4_and_ties_are_broken_by_conduct():
    people = [
        make_person("K01", 88),
        make_person("K02", 82, 82),
        make_person("K03", 82, 82),
        make_person("K04", 82, 80),
    ]
    out = close(people)
    assert [o.rank for o in out.values()] == [1, 2, 2, 4]
    placed = next(s for s in out["K02"].trace if s.code == "rank.placed")
    assert placed.args["tied_with"] == ["K03 员工K03"]
    assert placed.args["same_score"] == 3


def test_R_BON_2_department_pools_rank_each_department_separately():
    policy = demo_variant(("pool_scope: center", "pool_scope: department"))
    people = [
        make_person("K01", 90, department="客服一部"),
        make_person("K02", 80, department="客服一部"),
        make_person("K03", 75, department="客服二部"),
    ]
    out = close(people, policy)
    assert [(o.rank, o.pool_size) for o in out.values()] == [(1, 2), (2, 2), (1, 1)]
    placed = next(s for s in out["K03"].trace if s.code == "rank.placed")
    assert placed.args["scope"] == "客服二部"


def test_R_BON_2_agents_with_a_missing_component_are_not_ranked():
    people = [
        make_person(
            "K01",
            components={
                "call_quality": None,
                "work_ability": Decimal(99),
                "overall_conduct": Decimal(99),
            },
        ),
        make_person("K02", 80),
    ]
    out = close(people)
    assert out["K01"].score is None
    assert (out["K01"].rank, out["K01"].tier, out["K01"].bonus) == (None, None, 0)
    assert reason_codes(out["K01"]) == ["score.missing", "bonus.none"]
    assert (out["K02"].rank, out["K02"].pool_size) == (1, 1)


# R-BON-4 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "attendance", "code"),
    [
        (make_facts(probation=True), make_attendance(), "excl.probation"),
        (make_facts(), make_attendance(absence_days=3), "excl.absence"),
        (make_facts(dismissed_for_performance=True), make_attendance(), "excl.dismissed"),
        (
            make_facts(notice_period=True),
            make_attendance(unapproved_absence_days=1, absence_days=1),
            "excl.notice_unapproved",
        ),
        (
            make_facts(notice_period=True),
            make_attendance(sick_leave_days=3, absence_days=3),
            "excl.notice_sick",
        ),
        (make_facts(), None, "excl.no_attendance"),
    ],
)
def test_R_BON_4_excluded_agents_keep_their_score_take_no_quota_and_get_0(facts, attendance, code):
    people = [make_person("X", 99, facts=facts, attendance=attendance)]
    people += ten_at_90_with_distinct_conduct()
    out = close(people)
    excluded = out["X"]
    assert excluded.score == 99
    assert (excluded.rank, excluded.tier, excluded.bonus, excluded.eligible) == (
        None,
        None,
        0,
        False,
    )
    assert code in reason_codes(excluded)
    assert "bonus.none" in reason_codes(excluded)
    assert any(s.code == "pool.excluded" for s in excluded.trace)
    # the ten others are ranked among themselves: the excluded 99 takes no place
    assert excluded.pool_size == 10
    assert tiers(out)[1:] == ["A", "B", "C", "C", "C", "D", "D", "D", "D", "D"]


def test_R_BON_4_notice_period_with_two_sick_days_and_no_unapproved_absence_is_paid():
    person = make_person(
        "K01",
        80,
        facts=make_facts(notice_period=True),
        attendance=make_attendance(sick_leave_days=2, absence_days=2),
    )
    assert close([person])["K01"].bonus == 200


def test_R_BON_4_an_excluded_agent_with_a_missing_component_has_no_score_and_no_bonus():
    person = make_person(
        "K01",
        components={
            "call_quality": None,
            "work_ability": Decimal(90),
            "overall_conduct": Decimal(90),
        },
        facts=make_facts(probation=True),
    )
    out = close([person])["K01"]
    assert out.score is None
    assert reason_codes(out) == ["score.missing", "excl.probation", "bonus.none"]


# R-LQA-1..4 --------------------------------------------------------------------------


def test_R_LQA_1_leaders_and_qa_are_ranked_together_with_a_50_50_score():
    people = [
        make_person("Q1", 80, role="qa"),
        make_person(
            "L1",
            components={
                "call_quality": None,
                "work_ability": Decimal(90),
                "overall_conduct": Decimal(70),
            },
            role="team_leader",
        ),
    ]
    out = close(people)
    assert out["L1"].score == 80
    assert out["Q1"].score == 80
    # same score: conduct 80 beats 70
    assert (out["Q1"].rank, out["L1"].rank) == (1, 2)
    assert (out["Q1"].bonus, out["L1"].bonus) == (500, 300)
    assert out["L1"].tier is None
    assert out["L1"].group == "leader_qa"


def test_R_LQA_1_leaders_do_not_take_places_among_agents():
    people = [make_person("L1", 99, role="team_leader"), make_person("K01", 90)]
    out = close(people)
    assert (out["K01"].rank, out["K01"].pool_size) == (1, 1)
    assert (out["L1"].rank, out["L1"].pool_size) == (1, 1)


def test_R_LQA_2_two_tied_first_both_get_500_and_the_next_is_third_with_100():
    people = [
        make_person("Q1", 90, role="qa"),
        make_person("L1", 90, role="team_leader"),
        make_person("L2", 85, role="team_leader"),
        make_person("L3", 84, role="team_leader"),
    ]
    out = close(people)
    assert [(o.rank, o.bonus) for o in out.values()] == [(1, 500), (1, 500), (3, 100), (4, 0)]


def test_R_LQA_2_exactly_60_gets_nothing_even_in_first_place():
    out = close([make_person("L1", "60.00", role="team_leader")])["L1"]
    assert (out.rank, out.bonus) == (1, 0)
    assert reason_codes(out) == ["place.not_above"]


def test_R_LQA_2_separate_pools_give_each_role_its_own_first_place():
    policy = demo_variant(("pools: together", "pools: separate"))
    people = [
        make_person("Q1", 70, role="qa"),
        make_person("Q2", 65, role="qa"),
        make_person("L1", 90, role="team_leader"),
    ]
    out = close(people, policy)
    assert [(o.rank, o.pool_size, o.bonus) for o in out.values()] == [
        (1, 2, 500),
        (2, 2, 300),
        (1, 1, 500),
    ]
    placed = next(s for s in out["L1"].trace if s.code == "rank.placed")
    assert placed.args["scope"] == "team_leader"


def test_R_LQA_3_team_mean_switch_replaces_a_leaders_work_ability_by_the_team_mean():
    policy = demo_variant(
        (
            "team_leader_work_ability_from_team_mean: false",
            "team_leader_work_ability_from_team_mean: true",
        )
    )
    people = [
        make_person("K01", 80, team="一组"),
        make_person("K02", 90, team="一组", facts=make_facts(probation=True)),
        make_person("K03", 60, team="二组"),
        make_person(
            "L1",
            components={
                "call_quality": None,
                "work_ability": Decimal(0),
                "overall_conduct": Decimal(75),
            },
            role="team_leader",
            team="一组",
        ),
        make_person(
            "Q1",
            components={
                "call_quality": None,
                "work_ability": Decimal(70),
                "overall_conduct": Decimal(70),
            },
            role="qa",
            team="一组",
        ),
    ]
    out = close(people, policy)
    # mean of every scored agent of 一组 (85, the probationer included) stands for work ability
    assert out["L1"].score == Decimal("80")
    step = next(s for s in out["L1"].trace if s.code == "lqa.team_mean")
    assert step.rule == "R-LQA-3"
    assert step.args == {"team": "一组", "mean": "85.00", "count": 2}
    # QA keep their own work ability
    assert out["Q1"].score == 70
    assert (out["L1"].rank, out["Q1"].rank) == (1, 2)


def test_R_LQA_3_the_team_mean_counts_only_the_leaders_own_departments_team():
    policy = demo_variant(
        (
            "team_leader_work_ability_from_team_mean: false",
            "team_leader_work_ability_from_team_mean: true",
        )
    )
    people = [
        make_person("K01", 90, department="客服一部", team="一组"),
        make_person("K02", 60, department="客服二部", team="一组"),
        make_person(
            "L1",
            components={
                "call_quality": None,
                "work_ability": Decimal(0),
                "overall_conduct": Decimal(80),
            },
            role="team_leader",
            department="客服一部",
            team="一组",
        ),
    ]
    step = next(s for s in close(people, policy)["L1"].trace if s.code == "lqa.team_mean")
    assert step.args == {"team": "一组", "mean": "90.00", "count": 1}


def test_R_LQA_3_a_leader_whose_team_has_no_scored_agent_gets_no_score():
    policy = demo_variant(
        (
            "team_leader_work_ability_from_team_mean: false",
            "team_leader_work_ability_from_team_mean: true",
        )
    )
    people = [make_person("L1", 90, role="team_leader", team="空组")]
    out = close(people, policy)["L1"]
    assert out.score is None
    assert rule_codes(out) == ["lqa.team_mean", "score.missing", "bonus.none"]


def test_R_LQA_3_with_the_switch_off_the_leaders_own_work_ability_counts():
    people = [
        make_person("K01", 60, team="一组"),
        make_person("L1", 90, role="team_leader", team="一组"),
    ]
    out = close(people)["L1"]
    assert out.score == 90
    assert not any(s.code == "lqa.team_mean" for s in out.trace)


def test_R_LQA_4_a_leader_with_five_absence_days_still_takes_a_place():
    people = [make_person("L1", 80, role="team_leader", attendance=make_attendance(absence_days=5))]
    out = close(people)["L1"]
    assert (out.rank, out.bonus) == (1, 500)


def test_R_LQA_4_a_leader_on_probation_takes_no_place_so_the_next_is_first():
    people = [
        make_person("L1", 99, role="team_leader", facts=make_facts(probation=True)),
        make_person("Q1", 70, role="qa"),
    ]
    out = close(people)
    assert (out["L1"].rank, out["L1"].bonus) == (None, 0)
    assert reason_codes(out["L1"]) == ["excl.probation", "bonus.none"]
    assert (out["Q1"].rank, out["Q1"].bonus) == (1, 500)


def test_R_LQA_4_a_leader_in_notice_period_with_unapproved_absence_is_excluded():
    person = make_person(
        "L1",
        80,
        role="team_leader",
        facts=make_facts(notice_period=True),
        attendance=make_attendance(unapproved_absence_days=1),
    )
    out = close([person])["L1"]
    assert out.bonus == 0
    assert [s.rule for s in out.reasons] == ["R-LQA-4", "R-LQA-2"]


def test_R_LQA_1_a_policy_without_a_leader_section_explains_why_leaders_get_nothing():
    text = demo_policy().text
    start = text.index("leader_qa_bonus:")
    end = text.index("stars:")
    policy, problems = parse_policy(text[:start] + text[end:], "test")
    assert problems == []
    out = close([make_person("L1", 90, role="team_leader")], policy)["L1"]
    assert (out.score, out.bonus) == (None, 0)
    assert reason_codes(out) == ["lqa.no_policy"]


# The close as a whole -----------------------------------------------------------------


def test_R_BON_1_a_policy_without_a_monthly_bonus_section_refuses_to_close():
    text = demo_policy().text
    start = text.index("monthly_bonus:")
    end = text.index("leader_qa_bonus:")
    policy, _ = parse_policy(text[:start] + text[end:], "test")
    with pytest.raises(CloseRefused, match="monthly_bonus"):
        compute_month(policy, MONTH, [make_person("K01", 90)])


def test_R_EXP_1_outcomes_come_back_in_input_order_and_the_same_inputs_give_the_same_trace():
    people = [make_person("L1", 80, role="team_leader"), *ten_at_90_with_distinct_conduct()]
    first = compute_month(demo_policy(), MONTH, people)
    second = compute_month(demo_policy(), MONTH, people)
    assert [o.employee_no for o in first] == [p.employee_no for p in people]
    assert [o.trace for o in first] == [o.trace for o in second]


def test_R_EXP_1_a_close_traced_for_one_person_keeps_everyones_figures_and_reasons():
    people = [
        make_person("L1", 80, role="team_leader"),
        make_person("X", 99, facts=make_facts(probation=True)),
        *ten_at_90_with_distinct_conduct(),
    ]
    full = compute_month(demo_policy(), MONTH, people)
    lean = compute_month(demo_policy(), MONTH, people, traced={"K03"})
    for a, b in zip(full, lean, strict=True):
        assert (a.score, a.rank, a.pool_size, a.tier, a.bonus, a.awards, a.total) == (
            b.score,
            b.rank,
            b.pool_size,
            b.tier,
            b.bonus,
            b.awards,
            b.total,
        )
        assert a.reasons == b.reasons
        if a.employee_no == "K03":
            assert a.trace == b.trace
        else:
            assert b.trace == b.reasons


def test_R_EXP_1_every_trace_starts_with_the_inputs_used():
    out = close([make_person("K01", 90, evidence=make_evidence(commendations=1))])["K01"]
    assert [s.code for s in out.trace[:4]] == [
        "input.status",
        "input.components",
        "input.attendance",
        "input.evidence",
    ]
    attendance = out.trace[2].args
    assert (attendance["start"], attendance["end"]) == ("2026-02-26", "2026-03-25")


def test_R_PAY_1_total_adds_bonus_awards_and_star_wage():
    person = make_person("K01", 90)  # clean attendance: full-attendance award
    out = close([person])["K01"]
    assert out.bonus == 200
    assert [a.key for a in out.awards] == ["full_attendance"]
    assert out.total == 300
