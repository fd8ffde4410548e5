"""Quarterly stars (星级, R-STAR-1): the mean of three months, ranked and banded like R-BON-3."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from kefu.bonuses.monthly import StarWageDue, compute_month
from kefu.bonuses.stars import PersonQuarter, QuarterOutcome, compute_quarter
from kefu.errors import CloseRefused
from kefu.explain.trace import Step
from kefu.policy.loader import parse_policy
from tests.bonuses import dec, demo_policy, make_facts, make_person

MONTHS = ("2026-01", "2026-02", "2026-03")


def make_quarter(
    employee_no: str,
    scores: tuple[object, object, object] | list[object],
    conduct: object = None,
    *,
    regular_at_end: bool = True,
    employed_at_end: bool = True,
) -> PersonQuarter:
    """Three months of scores (None where missing); conduct equals the score unless given."""
    monthly = tuple(
        (
            month,
            None if s is None else dec(s),  # type: ignore[arg-type]
            None if s is None else dec(conduct if conduct is not None else s),  # type: ignore[arg-type]
        )
        for month, s in zip(MONTHS, scores, strict=True)
    )
    return PersonQuarter(
        employee_no, f"员工{employee_no}", "客服一部", monthly, regular_at_end, employed_at_end
    )


def rate(*people: PersonQuarter) -> dict[str, QuarterOutcome]:
    return {o.employee_no: o for o in compute_quarter(demo_policy(), list(people))}


def reason_codes(o: QuarterOutcome) -> list[str]:
    return [s.code for s in o.reasons]


def test_R_STAR_1_quarter_score_is_the_exact_mean_of_three_months():
    out = rate(make_quarter("K01", ("85.00", "85.00", "84.99")))["K01"]
    assert out.score == (Decimal("85.00") + Decimal("85.00") + Decimal("84.99")) / 3
    assert out.score < 85
    mean = next(s for s in out.trace if s.code == "star.mean")
    assert mean.args["scores"] == ["85.00", "85.00", "84.99"]


def test_R_STAR_1_a_mean_just_under_85_is_not_five_stars_even_at_the_top_of_ten():
    people = [make_quarter("K01", ("85.00", "85.00", "84.99"))]
    people += [make_quarter(f"K{i:02d}", (70, 70, 70)) for i in range(2, 11)]
    out = rate(*people)["K01"]
    assert (out.rank, out.pool_size, out.stars, out.star_wage) == (1, 10, 4, 400)


def test_R_STAR_1_pool_of_10_gets_one_five_star_one_four_star_three_three_star_and_five_two_star():
    people = [make_quarter(f"K{i:02d}", (90, 90, 90), 99 - i) for i in range(1, 11)]
    out = rate(*people)
    assert [o.stars for o in out.values()] == [5, 4, 3, 3, 3, 2, 2, 2, 2, 2]
    assert [o.star_wage for o in out.values()] == [500, 400, 300, 300, 300, 200, 200, 200, 200, 200]


def test_R_STAR_1_a_single_agent_at_95_gets_two_stars_like_R_BON_3():
    out = rate(make_quarter("K01", (95, 95, 95)))["K01"]
    assert (out.rank, out.pool_size, out.stars, out.star_wage) == (1, 1, 2, 200)


@pytest.mark.parametrize(
    ("mean_of", "stars"),
    [((60, 60, 60), 1), ((59, 60, 60), 0), ((70, 70, 70), 2), ((69, 70, 70), 1)],
)
def test_R_STAR_1_lower_bands_go_by_the_mean_alone(mean_of, stars):
    assert rate(make_quarter("K01", mean_of))["K01"].stars == stars


def test_R_STAR_1_ties_on_the_quarter_score_are_broken_by_mean_conduct():
    out = rate(make_quarter("K01", (80, 80, 80), 70), make_quarter("K02", (80, 80, 80), 90))
    assert (out["K02"].rank, out["K01"].rank) == (1, 2)


def test_R_STAR_1_a_month_without_a_score_means_zero_stars_and_no_place_in_the_pool():
    out = rate(make_quarter("K01", (90, None, 95)), make_quarter("K02", (80, 80, 80)))
    new = out["K01"]
    assert (new.score, new.rank, new.stars, new.star_wage) == (None, None, 0, 0)
    assert reason_codes(new) == ["star.incomplete"]
    assert new.trace[0].args["missing"] == ["2026-02"]
    assert (out["K02"].rank, out["K02"].pool_size) == (1, 1)
    assert new.pool_size == 1


def test_R_STAR_1_not_regular_at_quarter_end_keeps_the_score_but_takes_no_place():
    out = rate(
        make_quarter("K01", (99, 99, 99), regular_at_end=False),
        make_quarter("K02", (80, 80, 80)),
    )
    assert out["K01"].score == 99
    assert (out["K01"].rank, out["K01"].stars) == (None, 0)
    assert reason_codes(out["K01"]) == ["star.not_regular"]
    assert out["K02"].pool_size == 1


def test_R_STAR_1_left_before_quarter_end_is_not_rated():
    out = rate(make_quarter("K01", (99, 99, 99), employed_at_end=False))["K01"]
    assert (out.rank, out.stars) == (None, 0)
    assert reason_codes(out) == ["star.left"]


def test_R_STAR_1_a_policy_without_stars_refuses_the_quarter():
    text = demo_policy().text
    policy, _ = parse_policy(text[: text.index("stars:")] + text[text.index("awards:") :], "test")
    with pytest.raises(CloseRefused, match="stars"):
        compute_quarter(policy, [make_quarter("K01", (90, 90, 90))])


# The star wage in the monthly close ----------------------------------------------------------


def test_R_STAR_1_the_star_wage_earned_last_quarter_is_paid_this_month():
    due = StarWageDue("2026Q1", 4, Decimal(400))
    out = compute_month(demo_policy(), "2026-04", [make_person("K01", 90, star_wage=due)])[0]
    assert out.star_wage == 400
    paid = next(s for s in out.trace if s.code == "star.paid")
    assert paid.args == {"quarter": "2026Q1", "stars": 4, "amount": "400"}


def test_R_PAY_3_an_agent_on_standby_gets_no_star_wage():
    due = StarWageDue("2026Q1", 5, Decimal(500))
    person = make_person("K01", 90, star_wage=due, facts=make_facts(standby=True))
    out = compute_month(demo_policy(), "2026-04", [person])[0]
    assert out.star_wage == 0
    assert "star.standby" in [s.code for s in out.reasons]


def test_R_STAR_1_a_note_explains_why_no_star_wage_is_due():
    note = Step("R-STAR-1", "star.quarter_open", {"quarter": "2026Q1"}, reason=True)
    person = replace(make_person("K01", 90), star_note=note)
    out = compute_month(demo_policy(), "2026-04", [person])[0]
    assert out.star_wage == 0
    assert note in out.trace


def test_R_STAR_1_leaders_get_no_star_wage():
    due = StarWageDue("2026Q1", 4, Decimal(400))
    person = make_person("L1", 90, role="team_leader", star_wage=due)
    out = compute_month(demo_policy(), "2026-04", [person])[0]
    assert out.star_wage == 0
