"""Excellence awards (表现优异奖, R-AWD-1..2): the four seed themes, eligibility, winner counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kefu.bonuses.awards import (
    AwardCandidate,
    AwardEvidence,
    award_ineligibility,
    award_month,
    clean_streak,
    theme_active,
)
from kefu.bonuses.monthly import compute_month
from kefu.bonuses.rules import AttendanceSummary
from kefu.policy.schema import AwardTheme
from tests.bonuses import (
    demo_policy,
    make_attendance,
    make_evidence,
    make_facts,
    make_person,
)

MONTH = "2026-03"


def theme(key: str, **changes: object) -> AwardTheme:
    """A demo theme, optionally changed (winner count, months …)."""
    awards = demo_policy().model.awards
    assert awards is not None
    found = next(t for t in awards.themes if t.key == key)
    return found.model_copy(update=changes)


def make_candidate(
    key: str,
    *,
    eligible: bool = True,
    attendance: AttendanceSummary | str | None = "clean",
    evidence: AwardEvidence | None = None,
    rank: int | None = None,
    previous_rank: int | None = None,
    clean_streak: int = 0,
) -> AwardCandidate:
    return AwardCandidate(
        key=key,
        eligible=eligible,
        attendance=make_attendance() if attendance == "clean" else attendance,  # type: ignore[arg-type]
        evidence=evidence,
        rank=rank,
        previous_rank=previous_rank,
        clean_streak=clean_streak,
    )


def winners(
    themes: list[AwardTheme], candidates: list[AwardCandidate], month: str = MONTH
) -> dict[str, list[str]]:
    """Award keys won by each candidate."""
    result = award_month(themes, month, candidates)
    return {key: [w.key for w in wins] for key, (wins, _) in result.items()}


def steps_of(themes: list[AwardTheme], candidates: list[AwardCandidate], key: str) -> list[str]:
    return [s.code for s in award_month(themes, MONTH, candidates)[key][1]]


def good_scores(monitoring: str = "80", exam: str = "80") -> AwardEvidence:
    return make_evidence(min_monitoring_score=monitoring, min_exam_score=exam)


# 全勤奖 full attendance ------------------------------------------------------------------


@pytest.mark.parametrize(("swaps", "wins"), [(0, True), (2, True), (3, False), (5, False)])
def test_R_AWD_1_full_attendance_needs_fewer_than_3_shift_swaps(swaps, wins):
    c = make_candidate("K01", attendance=make_attendance(shift_swap_count=swaps))
    assert winners([theme("full_attendance")], [c])["K01"] == (["full_attendance"] if wins else [])


@pytest.mark.parametrize(
    "absence",
    [
        {"late_count": 1},
        {"early_leave_count": 1},
        {"personal_leave_days": "0.5"},
        {"sick_leave_days": 1, "absence_days": 1},
    ],
)
def test_R_AWD_1_full_attendance_is_lost_by_late_early_leave_or_leave(absence):
    c = make_candidate("K01", attendance=make_attendance(**absence))
    assert winners([theme("full_attendance")], [c])["K01"] == []


def test_R_AWD_1_full_attendance_needs_an_attendance_summary():
    c = make_candidate("K01", attendance=None)
    assert winners([theme("full_attendance")], [c])["K01"] == []


def test_R_AWD_1_every_qualifying_agent_wins_a_theme_without_a_winner_count():
    cs = [make_candidate(f"K0{i}", rank=i) for i in range(1, 5)]
    assert all(w == ["full_attendance"] for w in winners([theme("full_attendance")], cs).values())


# 进步奖 progress ----------------------------------------------------------------------------


def test_R_AWD_1_progress_goes_to_the_largest_rank_improvement():
    cs = [
        make_candidate("K01", rank=1, previous_rank=3, evidence=good_scores()),
        make_candidate("K02", rank=2, previous_rank=7, evidence=good_scores()),
        make_candidate("K03", rank=3, previous_rank=4, evidence=good_scores()),
    ]
    assert winners([theme("progress")], cs) == {"K01": [], "K02": ["progress"], "K03": []}
    assert steps_of([theme("progress")], cs, "K01") == ["award.over_limit"]
    won = award_month([theme("progress")], MONTH, cs)["K02"][1][0]
    assert won.args["previous"] == 7 and won.args["rank"] == 2


def test_R_AWD_1_progress_ties_on_the_largest_improvement_all_win():
    cs = [
        make_candidate("K01", rank=1, previous_rank=3, evidence=good_scores()),
        make_candidate("K02", rank=4, previous_rank=6, evidence=good_scores()),
        make_candidate("K03", rank=5, previous_rank=6, evidence=good_scores()),
    ]
    assert winners([theme("progress")], cs) == {"K01": ["progress"], "K02": ["progress"], "K03": []}


def test_R_AWD_1_progress_winner_count_2_includes_ties_on_the_boundary():
    cs = [
        make_candidate("K01", rank=1, previous_rank=6, evidence=good_scores()),
        make_candidate("K02", rank=2, previous_rank=5, evidence=good_scores()),
        make_candidate("K03", rank=3, previous_rank=6, evidence=good_scores()),
        make_candidate("K04", rank=4, previous_rank=5, evidence=good_scores()),
    ]
    won = winners([theme("progress", winners=2)], cs)
    assert won == {"K01": ["progress"], "K02": ["progress"], "K03": ["progress"], "K04": []}


def test_R_AWD_1_progress_without_a_winner_count_still_gives_only_the_largest_improvement():
    cs = [
        make_candidate("K01", rank=1, previous_rank=6, evidence=good_scores()),
        make_candidate("K02", rank=2, previous_rank=4, evidence=good_scores()),
    ]
    assert winners([theme("progress", winners=None)], cs) == {"K01": ["progress"], "K02": []}


def test_R_AWD_1_progress_is_not_awarded_when_nobody_improved():
    cs = [
        make_candidate("K01", rank=1, previous_rank=1, evidence=good_scores()),
        make_candidate("K02", rank=3, previous_rank=2, evidence=good_scores()),
    ]
    assert winners([theme("progress")], cs) == {"K01": [], "K02": []}


def test_R_AWD_1_progress_needs_a_rank_in_both_months():
    cs = [
        make_candidate("K01", rank=1, previous_rank=None, evidence=good_scores()),
        make_candidate("K02", rank=None, previous_rank=9, evidence=good_scores()),
        make_candidate("K03", rank=5, previous_rank=6, evidence=good_scores()),
    ]
    assert winners([theme("progress")], cs) == {"K01": [], "K02": [], "K03": ["progress"]}


@pytest.mark.parametrize(
    ("monitoring", "exam", "wins"),
    [("70", "70", True), ("69.99", "90", False), ("90", "69.5", False)],
)
def test_R_AWD_1_progress_needs_monitoring_and_exam_scores_of_at_least_70(monitoring, exam, wins):
    c = make_candidate("K01", rank=1, previous_rank=5, evidence=good_scores(monitoring, exam))
    assert winners([theme("progress")], [c])["K01"] == (["progress"] if wins else [])
    if not wins:
        assert steps_of([theme("progress")], [c], "K01") == ["award.progress_low_scores"]


def test_R_AWD_1_a_low_scorer_with_the_largest_improvement_leaves_the_award_to_the_next():
    cs = [
        make_candidate("K01", rank=1, previous_rank=9, evidence=good_scores("60")),
        make_candidate("K02", rank=2, previous_rank=4, evidence=good_scores()),
    ]
    assert winners([theme("progress")], cs) == {"K01": [], "K02": ["progress"]}


def test_R_AWD_1_progress_without_monitoring_or_exam_scores_is_explained():
    cs = [
        make_candidate("K01", rank=1, previous_rank=5, evidence=None),
        make_candidate("K02", rank=2, previous_rank=5, evidence=make_evidence(min_exam_score=90)),
    ]
    assert winners([theme("progress")], cs) == {"K01": [], "K02": []}
    assert steps_of([theme("progress")], cs, "K01") == ["award.progress_no_scores"]
    assert steps_of([theme("progress")], cs, "K02") == ["award.progress_no_scores"]


# 优质服务奖 quality service ------------------------------------------------------------------


@pytest.mark.parametrize(("commendations", "wins"), [(0, False), (1, True), (3, True)])
def test_R_AWD_1_quality_service_needs_a_written_commendation(commendations, wins):
    c = make_candidate("K01", evidence=make_evidence(commendations=commendations))
    assert winners([theme("quality_service")], [c])["K01"] == (["quality_service"] if wins else [])


def test_R_AWD_1_quality_service_without_evidence_is_not_won():
    assert winners([theme("quality_service")], [make_candidate("K01")])["K01"] == []


def test_R_AWD_1_a_winner_count_takes_the_best_ranked_and_keeps_boundary_ties():
    commended = make_evidence(commendations=1)
    cs = [
        make_candidate("K01", rank=1, evidence=commended),
        make_candidate("K02", rank=3, evidence=commended),
        make_candidate("K03", rank=3, evidence=commended),
        make_candidate("K04", rank=5, evidence=commended),
        make_candidate("K05", rank=None, evidence=commended),
    ]
    won = winners([theme("quality_service", winners=2)], cs)
    assert won == {
        "K01": ["quality_service"],
        "K02": ["quality_service"],
        "K03": ["quality_service"],
        "K04": [],
        "K05": [],
    }
    over = award_month([theme("quality_service", winners=2)], MONTH, cs)["K04"][1][0]
    assert over.code == "award.over_limit"
    assert over.args["limit"] == 2


# 百分百之星 100% star -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("streak", "wins"),
    [(0, False), (1, False), (2, False), (3, True), (4, False), (5, False), (6, True), (9, True)],
)
def test_R_AWD_1_hundred_percent_star_pays_when_a_3_month_streak_completes(streak, wins):
    c = make_candidate("K01", clean_streak=streak)
    expected = ["hundred_percent_star"] if wins else []
    assert winners([theme("hundred_percent_star")], [c])["K01"] == expected


def test_R_AWD_1_hundred_percent_star_trace_gives_the_streak():
    c = make_candidate("K01", clean_streak=3)
    step = award_month([theme("hundred_percent_star")], MONTH, [c])["K01"][1][0]
    assert step.code == "award.won"
    assert step.args["streak"] == 3
    assert step.args["amount"] == "500"


@pytest.mark.parametrize(
    ("months", "streak"),
    [
        ([], 0),
        ([True], 1),
        ([True, True, True], 3),
        ([True, False, True, True], 2),
        ([True, True, None, True], 1),
        ([True, True, True, None], 0),
        ([False, True, True, True, True, True, True], 6),
    ],
)
def test_R_AWD_1_clean_streak_counts_back_from_the_newest_month_and_None_breaks_it(months, streak):
    assert clean_streak(months) == streak


def test_R_AWD_1_error_free_means_no_erroneous_work_order_and_no_erroneous_refund():
    assert make_evidence().error_free
    assert not make_evidence(erroneous_work_orders=1).error_free
    assert not make_evidence(erroneous_refunds=1).error_free


# Themes switched on per month ------------------------------------------------------------------


def test_R_AWD_1_a_theme_limited_to_some_months_runs_only_in_those_months():
    limited = theme("full_attendance", months=["2026-02", "2026-04"])
    assert theme_active(limited, "2026-02")
    assert not theme_active(limited, MONTH)
    assert theme_active(theme("full_attendance"), MONTH)
    c = make_candidate("K01")
    assert winners([limited], [c], "2026-03")["K01"] == []
    assert winners([limited], [c], "2026-04")["K01"] == ["full_attendance"]


def test_R_AWD_1_an_agent_can_win_several_themes_in_one_month():
    c = make_candidate(
        "K01",
        rank=1,
        previous_rank=4,
        clean_streak=3,
        evidence=make_evidence(commendations=1, min_monitoring_score=90, min_exam_score=90),
    )
    demo = demo_policy().model.awards
    assert demo is not None
    assert winners(list(demo.themes), [c])["K01"] == [
        "full_attendance",
        "progress",
        "quality_service",
        "hundred_percent_star",
    ]


# R-AWD-2: ineligibility ----------------------------------------------------------------------


def test_R_AWD_2_an_ineligible_candidate_wins_nothing():
    c = make_candidate(
        "K01", eligible=False, evidence=make_evidence(commendations=2), clean_streak=3
    )
    demo = demo_policy().model.awards
    assert demo is not None
    assert winners(list(demo.themes), [c])["K01"] == []


def test_R_AWD_2_any_absence_or_no_summary_makes_an_agent_ineligible():
    assert award_ineligibility(make_attendance()) is None
    assert award_ineligibility(make_attendance(shift_swap_count=4)) is None
    absent = award_ineligibility(make_attendance(late_count=1))
    assert absent is not None and (absent.rule, absent.code) == ("R-AWD-2", "award.absence")
    missing = award_ineligibility(None)
    assert missing is not None and missing.code == "award.no_attendance"


def close_awards(*people):
    return {o.employee_no: o for o in compute_month(demo_policy(), MONTH, list(people))}


def test_R_AWD_2_an_agent_excluded_from_the_bonus_wins_no_award():
    commended = make_evidence(commendations=1)
    out = close_awards(
        make_person(
            "K01", 90, facts=make_facts(probation=True), evidence=commended, clean_streak=3
        ),
        make_person("K02", 80, facts=make_facts(standby=True), evidence=commended),
    )
    for o in out.values():
        assert o.awards == []
        assert "award.excluded_bonus" in [s.code for s in o.reasons]


def test_R_AWD_2_an_agent_with_sick_leave_below_the_bonus_limit_gets_the_bonus_but_no_award():
    person = make_person(
        "K01",
        90,
        attendance=make_attendance(sick_leave_days=1, absence_days=1),
        evidence=make_evidence(commendations=1),
    )
    out = close_awards(person)["K01"]
    assert out.bonus == 200
    assert out.awards == []
    assert [s.code for s in out.reasons if s.rule == "R-AWD-2"] == ["award.absence"]


def test_R_AWD_2_shift_swaps_cost_full_attendance_but_not_other_awards():
    person = make_person(
        "K01",
        90,
        attendance=make_attendance(shift_swap_count=3),
        evidence=make_evidence(commendations=1),
    )
    out = close_awards(person)["K01"]
    assert [a.key for a in out.awards] == ["quality_service"]
    assert out.awards[0].amount == Decimal(500)


def test_R_AWD_1_progress_in_the_close_compares_last_months_rank_with_this_months():
    good = make_evidence(min_monitoring_score=75, min_exam_score=80)
    out = close_awards(
        make_person("K01", 90, previous_rank=3, evidence=good),
        make_person("K02", 85, previous_rank=1, evidence=good),
        make_person("K03", 80, previous_rank=2, evidence=good),
    )
    assert [a.key for a in out["K01"].awards] == ["full_attendance", "progress"]
    assert [a.key for a in out["K02"].awards] == ["full_attendance"]
    assert out["K01"].total == 300 + 100 + 200
