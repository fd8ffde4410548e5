"""The team-leader election (组长竞聘, R-ELE-1) on seed 000's policy, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.careers.election import (
    Candidate,
    RankedCandidate,
    composite,
    may_stand,
    probation_end,
    probation_step,
    rank_candidates,
    winner,
    winner_step,
)
from kefu.careers.election_messages import EN, ZH
from kefu.errors import KefuError
from kefu.explain.trace import Step
from kefu.periods import add_months
from kefu.policy.loader import LoadedPolicy, load_policy
from kefu.policy.schema import Election

FAST = settings(max_examples=200, deadline=None)
D = Decimal


@cache
def seed() -> LoadedPolicy:
    return load_policy("seed-000")


def election() -> Election:
    section = seed().model.election
    assert section is not None
    return section


def open_paths() -> tuple[str, ...]:
    return seed().open_parameters


def make_candidate(employee_no: str = "E01", /, **overrides: Any) -> Candidate:
    """A regular candidate with every part present: 36 + 10 + 25.5 + 7 + 8 = 86.5."""
    values: dict[str, Any] = {
        "employee_no": employee_no,
        "name": f"候选人{employee_no}",
        "status": "regular",
        "ability": D(90),
        "pm_scores": (D(85),),
        "interview_scores": (D(80), D(90)),
        "manager_score": D(70),
        "peer_scores": (D(90), D(80), D(70)),
    }
    values.update(overrides)
    return Candidate(**values)


def score_of(candidate: Candidate, section: Election | None = None) -> Decimal | None:
    return composite(section or election(), open_paths(), candidate).score


def step(steps: tuple[Step, ...] | list[Step], code: str) -> Step:
    found = [s for s in steps if s.code == code]
    assert len(found) == 1, f"{code} in {[s.code for s in steps]}"
    return found[0]


# --- standing ------------------------------------------------------------------------------


def test_R_ELE_1_a_regular_employee_may_stand() -> None:
    assert may_stand("regular", "李四", "E02").code == "election.may_stand"


@pytest.mark.parametrize("status", ["probation", "standby", "notice_period", "left"])
def test_R_ELE_1_anyone_not_yet_regular_is_refused(status: str) -> None:
    with pytest.raises(KefuError, match="转正员工"):
        may_stand(status)


def test_R_ELE_1_a_candidate_on_probation_is_refused_by_name_when_ranking() -> None:
    pool = [make_candidate("E01"), make_candidate("E02", status="probation", name="王五")]
    with pytest.raises(KefuError, match=r"王五 \(E02\).*试用"):
        rank_candidates(election(), open_paths(), pool)


# --- the composite -------------------------------------------------------------------------


def test_R_ELE_1_the_composite_adds_the_weighted_parts_and_the_pm_points_exactly() -> None:
    result = composite(election(), open_paths(), make_candidate())
    assert result.score == D("86.5")
    assert result.missing == ()
    assert step(result.steps, "election.score").args["parts"] == [
        "ability=36.00",
        "pm=10.00",
        "interview=25.50",
        "manager=7.00",
        "peers=8.00",
    ]


def test_R_ELE_1_every_part_is_a_step_with_its_inputs_mean_weight_and_contribution() -> None:
    result = composite(election(), open_paths(), make_candidate())
    parts = {s.args["part"]: s.args for s in result.steps if s.code == "election.part"}
    assert parts["interview"] == {
        "part": "interview",
        "inputs": ["80", "90"],
        "count": 2,
        "mean": "85.00",
        "weight": "30",
        "contribution": "25.50",
    }
    assert parts["peers"]["mean"] == "80.00"
    assert set(parts) == {"ability", "interview", "manager", "peers"}
    pm = step(result.steps, "election.pm_points").args
    assert (pm["mean"], pm["band"], pm["points"]) == ("85.00", "10", "10")


def test_R_ELE_1_the_peer_mean_of_scores_out_of_100_counts_ten_percent() -> None:
    low = make_candidate(peer_scores=(D(60), D(70)))
    high = make_candidate(peer_scores=(D(100), D(90)))
    assert score_of(high) - score_of(low) == D("3.0")  # type: ignore[operator]


@pytest.mark.parametrize(
    ("mean_pm", "points"),
    [
        ("0", 0),
        ("59.99", 0),
        ("60", 6),
        ("69.99", 6),
        ("70", 8),
        ("79.99", 8),
        ("80", 10),
        ("100", 10),
    ],
)
def test_R_ELE_1_the_mean_pm_score_earns_points_lower_edge_inclusive(
    mean_pm: str, points: int
) -> None:
    result = composite(election(), open_paths(), make_candidate(pm_scores=(D(mean_pm),)))
    assert step(result.steps, "election.pm_points").args["points"] == str(points)
    assert result.score == D("76.5") + points


def test_R_ELE_1_a_mean_pm_score_of_exactly_60_from_two_months_earns_6_points() -> None:
    result = composite(election(), open_paths(), make_candidate(pm_scores=(D("59.99"), D("60.01"))))
    assert step(result.steps, "election.pm_points").args["points"] == "6"


def test_R_ELE_1_a_mean_pm_score_just_below_70_over_three_months_stays_at_6_points() -> None:
    # (70 + 70 + 69.99) / 3 = 69.99666…: the exact mean decides, never a rounded one.
    result = composite(
        election(), open_paths(), make_candidate(pm_scores=(D(70), D(70), D("69.99")))
    )
    assert step(result.steps, "election.pm_points").args["points"] == "6"


def test_R_ELE_1_a_repeating_mean_still_gives_an_exact_composite() -> None:
    # 0.3 × (80 + 80 + 81) / 3 = 24.1 exactly, though the mean 80.333… never ends.
    result = composite(
        election(), open_paths(), make_candidate(interview_scores=(D(80), D(80), D(81)))
    )
    assert result.score == D("36") + 10 + D("24.1") + 7 + 8
    interview = [s for s in result.steps if s.args.get("part") == "interview"]
    assert interview[0].args["mean"] == "80.333333…"
    assert interview[0].args["contribution"] == "24.10"


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"ability": None}, ("ability",)),
        ({"pm_scores": ()}, ("pm",)),
        ({"interview_scores": ()}, ("interview",)),
        ({"manager_score": None}, ("manager",)),
        ({"peer_scores": ()}, ("peers",)),
        ({"ability": None, "peer_scores": ()}, ("ability", "peers")),
    ],
)
def test_R_ELE_1_a_missing_part_leaves_the_score_incomplete_not_zero(
    overrides: dict[str, object], missing: tuple[str, ...]
) -> None:
    result = composite(election(), open_paths(), make_candidate(**overrides))
    assert result.score is None
    assert result.exact is None
    assert result.missing == missing
    incomplete = step(result.steps, "election.incomplete")
    assert incomplete.reason
    assert incomplete.args["missing"] == list(missing)


@pytest.mark.parametrize("field", ["ability", "manager_score"])
@pytest.mark.parametrize("value", ["-0.01", "100.01"])
def test_R_ELE_1_a_score_outside_0_to_100_is_refused(field: str, value: str) -> None:
    with pytest.raises(KefuError, match="不在 0–100 分之间"):
        composite(election(), open_paths(), make_candidate(**{field: D(value)}))


def test_R_ELE_1_a_peer_score_above_100_is_refused() -> None:
    with pytest.raises(KefuError, match="同事打分 101"):
        composite(election(), open_paths(), make_candidate(peer_scores=(D(90), D(101))))


# --- the policy ----------------------------------------------------------------------------


def test_R_ELE_1_seed_000_runs_although_its_notice_period_is_open() -> None:
    assert "election.public_notice_working_days" in open_paths()
    assert score_of(make_candidate()) == D("86.5")


def test_R_ELE_1_an_open_weight_is_refused_naming_it() -> None:
    with pytest.raises(KefuError, match=r"election\.weights\.ability.*\[X\]"):
        composite(election(), ("election.weights.ability",), make_candidate())


def test_R_ELE_1_a_policy_whose_top_pm_points_differ_from_the_pm_weight_is_refused() -> None:
    weights = {**election().weights, "pm": D("0.2"), "ability": D("0.3")}
    section = election().model_copy(update={"weights": weights})
    with pytest.raises(KefuError, match=r"election\.pm_points.*10.*20%"):
        composite(section, (), make_candidate())


def test_R_ELE_1_a_policy_without_a_part_s_weight_is_refused_naming_it() -> None:
    weights = {k: v for k, v in election().weights.items() if k != "peers"}
    section = election().model_copy(update={"weights": weights})
    with pytest.raises(KefuError, match=r"election\.weights\.peers"):
        composite(section, (), make_candidate())


def test_R_ELE_1_a_mean_pm_score_no_band_holds_is_refused() -> None:
    bands = [b for b in election().pm_points if b.score_from >= 60]
    section = election().model_copy(update={"pm_points": bands})
    with pytest.raises(KefuError, match=r"election\.pm_points.*50\.00"):
        composite(section, (), make_candidate(pm_scores=(D(50),)))
    assert score_of(make_candidate(pm_scores=(D(60),)), section) == D("82.5")


def test_R_ELE_1_bands_listed_in_any_order_pick_the_same_points() -> None:
    section = election().model_copy(update={"pm_points": list(reversed(election().pm_points))})
    assert score_of(make_candidate(pm_scores=(D(70),)), section) == D("84.5")


# --- ranking -------------------------------------------------------------------------------


def test_R_ELE_1_an_empty_pool_ranks_nobody_and_elects_nobody() -> None:
    assert rank_candidates(election(), open_paths(), []) == ()
    assert winner(()) is None
    assert winner_step(()).code == "election.no_winner"


def test_R_ELE_1_candidates_rank_by_composite_highest_first() -> None:
    pool = [
        make_candidate("E01", ability=D(80)),
        make_candidate("E02", ability=D(95)),
        make_candidate("E03", ability=D(85)),
    ]
    ranked = rank_candidates(election(), open_paths(), pool)
    assert [(r.employee_no, r.rank, r.tied) for r in ranked] == [
        ("E02", 1, False),
        ("E03", 2, False),
        ("E01", 3, False),
    ]
    assert step(ranked[1].steps, "election.ranked").args == {
        "rank": 2,
        "pool": 3,
        "score": "84.50",
    }
    chosen = winner(ranked)
    assert chosen is not None and chosen.employee_no == "E02"
    assert winner_step(ranked).code == "election.winner"


def test_R_ELE_1_tied_candidates_share_the_rank_and_need_a_decision() -> None:
    pool = [
        make_candidate("E03"),
        make_candidate("E01"),
        make_candidate("E02", ability=D(50)),
    ]
    ranked = rank_candidates(election(), open_paths(), pool)
    assert [(r.employee_no, r.rank, r.tied) for r in ranked] == [
        ("E01", 1, True),
        ("E03", 1, True),
        ("E02", 3, False),
    ]
    tie = step(ranked[0].steps, "election.tie")
    assert tie.reason
    assert tie.args["tied_with"] == ["候选人E03 (E03)"]
    assert winner(ranked) is None
    no_winner = winner_step(ranked)
    assert no_winner.args["tied"] == ["候选人E01 (E01)", "候选人E03 (E03)"]


def test_R_ELE_1_a_tie_below_first_place_still_elects_the_first() -> None:
    pool = [make_candidate("E01", ability=D(99)), make_candidate("E02"), make_candidate("E03")]
    ranked = rank_candidates(election(), open_paths(), pool)
    assert [r.rank for r in ranked] == [1, 2, 2]
    chosen = winner(ranked)
    assert chosen is not None and chosen.employee_no == "E01"


def test_R_ELE_1_equal_composites_reached_through_repeating_means_are_still_a_tie() -> None:
    # Seven interviewers and seven peers: 0.3 × 490/7 + 0.1 × 491/7 = 0.3 × 492/7 + 0.1 × 485/7.
    # Rounded means would differ in the 26th decimal; the exact composite ties.
    a = make_candidate("E01", interview_scores=(D(70),) * 7, peer_scores=(D(70),) * 6 + (D(71),))
    b = make_candidate(
        "E02",
        interview_scores=(D(70),) * 5 + (D(71),) * 2,
        peer_scores=(D(70),) * 6 + (D(65),),
    )
    ranked = rank_candidates(election(), open_paths(), [a, b])
    assert [(r.rank, r.tied) for r in ranked] == [(1, True), (1, True)]


def test_R_ELE_1_incomplete_candidates_are_listed_after_the_ranked_ones_unranked() -> None:
    pool = [
        make_candidate("E01", manager_score=None),
        make_candidate("E02", ability=D(10)),
        make_candidate("E03", interview_scores=()),
    ]
    ranked = rank_candidates(election(), open_paths(), pool)
    assert [(r.employee_no, r.rank) for r in ranked] == [("E02", 1), ("E01", None), ("E03", None)]
    unranked = step(ranked[1].steps, "election.unranked")
    assert unranked.reason and unranked.args["missing"] == ["manager"]
    assert ranked[1].score is None
    assert [s.code for s in ranked[2].reasons] == ["election.incomplete", "election.unranked"]


def test_R_ELE_1_nobody_is_elected_when_no_score_is_complete() -> None:
    ranked = rank_candidates(election(), open_paths(), [make_candidate(ability=None)])
    assert winner(ranked) is None
    assert winner_step(ranked).args == {"tied": []}


def test_R_ELE_1_a_candidate_listed_twice_is_refused() -> None:
    with pytest.raises(KefuError, match="E01 重复"):
        rank_candidates(election(), open_paths(), [make_candidate("E01"), make_candidate("E01")])


# --- probation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 3, 15), date(2026, 4, 14)),
        (date(2026, 1, 28), date(2026, 2, 27)),
        (date(2026, 1, 29), date(2026, 2, 28)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2024, 1, 29), date(2024, 2, 28)),
        (date(2026, 3, 30), date(2026, 4, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 14)),
        (date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_R_ELE_1_a_one_month_probation_ends_the_day_before_the_same_day_a_month_later(
    starts_on: date, ends_on: date
) -> None:
    assert probation_end(election(), starts_on) == ends_on


def test_R_ELE_1_a_longer_probation_counts_whole_months_and_clamps_at_month_end() -> None:
    three = election().model_copy(update={"probation_months": 3})
    assert probation_end(three, date(2025, 11, 30)) == date(2026, 2, 28)
    assert probation_end(three, date(2025, 11, 28)) == date(2026, 2, 27)


def test_R_ELE_1_no_probation_months_means_an_empty_probation() -> None:
    none = election().model_copy(update={"probation_months": 0})
    assert probation_end(none, date(2026, 3, 1)) == date(2026, 2, 28)


def test_R_ELE_1_the_probation_step_names_its_first_and_last_day() -> None:
    assert probation_step(election(), date(2026, 3, 1)).args == {
        "months": 1,
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
    }


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), -6, date(2026, 2, 28)),
        (date(2028, 8, 31), -6, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


# --- messages ------------------------------------------------------------------------------


def all_steps() -> list[Step]:
    tied = [make_candidate("E01"), make_candidate("E02"), make_candidate("E03", ability=None)]
    ranked = rank_candidates(election(), open_paths(), tied)
    solo = rank_candidates(election(), open_paths(), [make_candidate("E01")])
    steps = [s for r in (*ranked, *solo) for s in r.steps]
    steps += [winner_step(ranked), winner_step(solo), winner_step(())]
    steps.append(probation_step(election(), date(2026, 3, 1)))
    return steps


def test_R_EXP_1_every_election_step_reads_in_chinese_and_english() -> None:
    steps = all_steps()
    codes = {s.code for s in steps}
    assert codes == set(ZH) == set(EN)
    for s in steps:
        zh, en = ZH[s.code](s.args, "zh"), EN[s.code](s.args, "en")
        assert zh and en and "{" not in zh + en
    tie = next(s for s in steps if s.code == "election.tie")
    assert "并列第 1 名" in ZH["election.tie"](tie.args, "zh")
    pm = next(s for s in steps if s.code == "election.pm_points")
    assert "80 分及以上" in ZH["election.pm_points"](pm.args, "zh")


# --- properties ----------------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=100, places=2)
score_lists = st.lists(scores, min_size=1, max_size=7).map(tuple)


@st.composite
def candidates(draw: st.DrawFn, employee_no: str = "E01") -> Candidate:
    return make_candidate(
        employee_no,
        ability=draw(scores),
        pm_scores=draw(score_lists),
        interview_scores=draw(score_lists),
        manager_score=draw(scores),
        peer_scores=draw(score_lists),
    )


@FAST
@given(
    candidate=candidates(),
    part=st.sampled_from(["ability", "pm", "interview", "manager", "peers"]),
    raise_by=st.decimals(min_value=0, max_value=100, places=2),
    index=st.integers(min_value=0, max_value=6),
)
def test_R_ELE_1_raising_any_part_never_lowers_the_score(
    candidate: Candidate, part: str, raise_by: Decimal, index: int
) -> None:
    def up(value: Decimal) -> Decimal:
        return min(value + raise_by, D(100))

    field = {
        "ability": "ability",
        "pm": "pm_scores",
        "interview": "interview_scores",
        "manager": "manager_score",
        "peers": "peer_scores",
    }[part]
    value = getattr(candidate, field)
    raised: Any
    if isinstance(value, tuple):
        i = index % len(value)
        raised = (*value[:i], up(value[i]), *value[i + 1 :])
    else:
        raised = up(value)
    before = score_of(candidate)
    after = score_of(replace(candidate, **{field: raised}))
    assert before is not None and after is not None
    assert after >= before


@FAST
@given(
    pool=st.lists(
        st.tuples(scores, st.sampled_from([D(55), D(65), D(75), D(85)]), scores),
        max_size=8,
    )
)
def test_R_ELE_1_ranking_is_a_permutation_consistent_with_the_scores(
    pool: list[tuple[Decimal, Decimal, Decimal]],
) -> None:
    # Few distinct values, so ties are frequent.
    people = [
        make_candidate(f"E{i:02d}", ability=a.quantize(D(10)), pm_scores=(pm,), manager_score=m)
        for i, (a, pm, m) in enumerate(pool)
    ]
    ranked: tuple[RankedCandidate, ...] = rank_candidates(election(), open_paths(), people)
    assert sorted(r.employee_no for r in ranked) == sorted(p.employee_no for p in people)
    for r in ranked:
        assert r.score is not None and r.rank is not None
        higher = sum(1 for o in ranked if o.score is not None and o.score > r.score)
        same = sum(1 for o in ranked if o.score == r.score)
        assert r.rank == higher + 1
        assert r.tied == (same > 1)
        assert any(s.code == "election.tie" for s in r.steps) == r.tied
    ranks = [r.rank for r in ranked]
    assert ranks == sorted(ranks)  # type: ignore[type-var]
    first = [r for r in ranked if r.rank == 1]
    assert (winner(ranked) is not None) == (len(first) == 1)


@FAST
@given(
    starts_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30)),
    months=st.integers(min_value=1, max_value=24),
)
def test_R_ELE_1_a_later_start_never_ends_the_probation_earlier(
    starts_on: date, months: int
) -> None:
    section = election().model_copy(update={"probation_months": months})
    end = probation_end(section, starts_on)
    assert end >= starts_on
    assert probation_end(section, starts_on + timedelta(days=1)) >= end
    assert add_months(starts_on, months) - end <= timedelta(days=1)
