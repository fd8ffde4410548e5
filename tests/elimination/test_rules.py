"""The pure rules of bottom elimination (R-BOT-1): last places with ties, runs of consecutive
months, unranked months under skip and break, returns, weak areas, standby and the re-entry exam.

No database: plain values in, results and their explanation out. Hypothesis checks the ranking
and run maths against a plain reference over random rankings and month sequences.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.elimination import rules
from kefu.elimination.rules import MonthMark, Ranked
from kefu.errors import KefuError
from kefu.explain.messages import render
from kefu.explain.trace import Step
from kefu.periods import Month
from kefu.policy.schema import BottomElimination

FAST = settings(max_examples=300, deadline=None)
D = Decimal
APRIL = Month(2026, 4)


def make_section(
    places: int = 2, months: int = 3, unranked: str = "skip", standby: int | None = 1
) -> BottomElimination:
    return BottomElimination.model_validate(
        {
            "last_places": places,
            "consecutive_months": months,
            "standby_months": standby,
            "re_entry_pass_mark": 80,
            "unranked_month": unranked,
            "public_notice_working_days": 3,
        }
    )


def ranking_of(ranks: dict[str, int]) -> list[Ranked]:
    return [Ranked(no, f"员工{no}", rank) for no, rank in ranks.items()]


def competition_ranks(scores: list[int]) -> list[int]:
    """1, 2, 2, 4 ranks of scores, highest first (the close's R-BON-2 ranking)."""
    return [1 + sum(1 for other in scores if other > s) for s in scores]


def in_last(ranks: dict[str, int], places: int = 2) -> set[str]:
    found = rules.last_places(APRIL, ranking_of(ranks), places)
    return {no for no, p in found.items() if p.in_last}


# ---------------------------------------------------------------- one month's last places


def test_R_BOT_1_the_last_two_of_a_pool_of_five_without_ties() -> None:
    assert in_last({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}) == {"D", "E"}


def test_R_BOT_1_ties_at_the_boundary_put_everyone_tied_in_the_last_places() -> None:
    # D, E and F share rank 4: only one person ranks below none of them → all three are in
    found = rules.last_places(
        APRIL, ranking_of({"A": 1, "B": 2, "C": 3, "D": 4, "E": 4, "F": 4}), 2
    )
    assert {no for no, p in found.items() if p.in_last} == {"D", "E", "F"}
    step = found["D"].step
    assert step.code == "bottom.in_last" and step.args["below"] == 0
    assert step.args["tied"] == ["员工E (E)", "员工F (F)"]
    words = render(step)
    assert "并列第 4 名" in words and "并列在末位边界者一并计入" in words
    assert "everyone tied at the boundary is in" in render(step, "en")


def test_R_BOT_1_a_tie_just_above_the_last_place_is_in_when_one_person_is_below() -> None:
    # C and D tie at 3 with only E below: fewer than 2 below each → C, D and E are in
    assert in_last({"A": 1, "B": 2, "C": 3, "D": 3, "E": 5}) == {"C", "D", "E"}


def test_R_BOT_1_a_tie_two_above_the_bottom_is_not_in() -> None:
    # B and C tie at 2 with D and E below them: two below → not in
    assert in_last({"A": 1, "B": 2, "C": 2, "D": 4, "E": 5}) == {"D", "E"}


def test_R_BOT_1_an_empty_pool_has_nobody_in_the_last_places() -> None:
    assert rules.last_places(APRIL, [], 2) == {}


def test_R_BOT_1_a_pool_no_larger_than_the_last_places_marks_nobody() -> None:
    for ranks in ({"A": 1}, {"A": 1, "B": 2}, {"A": 1, "B": 1}):
        found = rules.last_places(APRIL, ranking_of(ranks), 2)
        assert not any(p.in_last for p in found.values())
        assert {p.step.code for p in found.values()} == {"bottom.pool_too_small"}
    assert "不多于末位名额 2 人" in render(found["A"].step)


def test_R_BOT_1_a_pool_one_larger_than_the_last_places_marks_the_bottom_two() -> None:
    assert in_last({"A": 1, "B": 2, "C": 3}) == {"B", "C"}


def test_R_BOT_1_a_pool_tied_from_top_to_bottom_marks_nobody() -> None:
    found = rules.last_places(APRIL, ranking_of({"A": 1, "B": 1, "C": 1, "D": 1}), 2)
    assert not any(p.in_last for p in found.values())
    assert found["A"].step.code == "bottom.all_tied"


def test_R_BOT_1_the_bottom_of_a_larger_pool_counts_as_the_whole_pool() -> None:
    # the service reads only the bottom rows; the pool size makes the rest of the ranking
    bottom = ranking_of({"X": 98, "Y": 99, "Z": 99})
    found = rules.last_places(APRIL, bottom, 2, pool_size=100)
    assert {no for no, p in found.items() if p.in_last} == {"Y", "Z"}
    assert found["X"].step.code == "bottom.not_last" and found["X"].pool == 100


def test_R_BOT_1_bad_rankings_are_refused() -> None:
    with pytest.raises(KefuError, match="出现了两次"):
        rules.last_places(APRIL, [Ranked("A", "a", 1), Ranked("A", "a", 2)], 2)
    with pytest.raises(KefuError, match="不在 1–2 之间"):
        rules.last_places(APRIL, [Ranked("A", "a", 1), Ranked("B", "b", 3)], 2)
    with pytest.raises(KefuError, match="至少为 1"):
        rules.last_places(APRIL, ranking_of({"A": 1}), 0)


@FAST
@given(
    scores=st.lists(st.integers(min_value=0, max_value=6), min_size=0, max_size=25),
    places=st.integers(min_value=1, max_value=5),
)
def test_R_BOT_1_property_the_last_places_are_the_bottom_with_their_ties(
    scores: list[int], places: int
) -> None:
    ranks = {f"P{i}": r for i, r in enumerate(competition_ranks(scores))}
    found = rules.last_places(APRIL, ranking_of(ranks), places)
    marked = {no for no, p in found.items() if p.in_last}
    for no, rank in ranks.items():
        below = sum(1 for r in ranks.values() if r > rank)
        expected = len(ranks) > places and rank > 1 and below < places
        assert (no in marked) == expected
        assert found[no].below == below
    # whoever ranks worse than someone in the last places is in them too
    for no in marked:
        assert all(other in marked for other, r in ranks.items() if r > ranks[no])
    # without a tie at the boundary, exactly ``places`` people (when someone is above them)
    if len(ranks) > places and len(set(ranks.values())) == len(ranks):
        assert len(marked) == places
    # ties never push anyone out: at least min(places, everyone not first) are in
    if len(ranks) > places:
        not_first = sum(1 for r in ranks.values() if r > 1)
        assert len(marked) >= min(places, not_first)


@FAST
@given(
    scores=st.lists(st.integers(min_value=0, max_value=8), min_size=3, max_size=40),
    places=st.integers(min_value=1, max_value=3),
)
def test_R_BOT_1_property_the_bottom_rows_alone_give_the_same_last_places(
    scores: list[int], places: int
) -> None:
    ranks = {f"P{i}": r for i, r in enumerate(competition_ranks(scores))}
    whole = rules.last_places(APRIL, ranking_of(ranks), places)
    if len(ranks) <= places:
        return
    boundary = sorted(ranks.values(), reverse=True)[places - 1]
    tail = {no: r for no, r in ranks.items() if r >= boundary}
    part = rules.last_places(APRIL, ranking_of(tail), places, pool_size=len(ranks))
    assert {no for no, p in part.items() if p.in_last} == {
        no for no, p in whole.items() if p.in_last
    }


# ---------------------------------------------------------------- runs of months


def last(month: Month, rank: int = 10, pool: int = 10) -> MonthMark:
    step = Step(rules.RULE, "bottom.in_last", {"month": str(month), "rank": rank})
    return MonthMark(month, "last", step, (), rank, pool)


def clear(month: Month, rank: int = 1, pool: int = 10) -> MonthMark:
    step = Step(rules.RULE, "bottom.not_last", {"month": str(month), "rank": rank})
    return MonthMark(month, "clear", step, (), rank, pool)


def marks_of(pattern: str, first: Month = APRIL) -> list[MonthMark]:
    """L = in the last places, C = ranked above them, U = not ranked, N = not closed."""
    out = []
    for i, c in enumerate(pattern):
        month = first.shift(i)
        out.append(
            {
                "L": lambda m: last(m),
                "C": lambda m: clear(m),
                "U": lambda m: rules.mark_unranked(m, ["no_score"]),
                "N": lambda m: rules.mark_not_closed(m),
            }[c](month)
        )
    return out


def run(pattern: str, **kwargs: object) -> rules.Run:
    section = make_section(unranked=str(kwargs.pop("unranked", "skip")))
    return rules.run_of("1008", "肖浩桂", marks_of(pattern), section, **kwargs)  # type: ignore[arg-type]


def test_R_BOT_1_three_months_running_make_the_person_due_for_standby() -> None:
    found = run("CLLL")
    assert found.length == 3 and found.due == "standby" and found.in_last
    assert [str(m) for m in found.due_months] == ["2026-05", "2026-06", "2026-07"]
    assert found.reasons[-1].code == "bottom.due"
    assert "应接受待岗培训" in render(found.reasons[-1])


def test_R_BOT_1_a_run_one_short_of_the_needed_months_is_not_due() -> None:
    found = run("CCLL")
    assert found.length == 2 and found.due is None
    assert found.steps[-1].code == "bottom.not_due"
    assert "未达 3 个月" in render(found.steps[-1])


def test_R_BOT_1_two_runs_of_two_separated_by_a_clear_month_are_not_due() -> None:
    found = run("LLCLL")
    assert found.length == 2 and found.due is None
    assert "bottom.run_ends" in [s.code for s in found.steps]


def test_R_BOT_1_an_unranked_month_under_skip_neither_counts_nor_breaks() -> None:
    found = run("LULL", unranked="skip")
    assert found.length == 3 and found.due == "standby"
    assert [str(m) for m in found.months] == ["2026-04", "2026-06", "2026-07"]
    step = next(s for s in found.steps if s.code == "bottom.unranked")
    assert step.args["month"] == "2026-05" and step.reason
    assert "2026-05 未参加排名(当月成绩不全)" in render(step)
    assert "既不计入也不中断" in render(step)
    assert "neither counts nor breaks" in render(step, "en")


def test_R_BOT_1_an_unranked_month_under_break_ends_the_run() -> None:
    found = run("LULL", unranked="break")
    assert found.length == 2 and found.due is None
    step = next(s for s in found.steps if s.code == "bottom.unranked")
    assert "中断连续末位(此前已连续 1 个月)" in render(step)
    assert "ends the run (of 1 month(s))" in render(step, "en")


def test_R_BOT_1_a_month_never_closed_ends_every_run() -> None:
    found = run("LLNL")
    assert found.length == 1 and found.due is None
    assert "没有结算" in render(next(s for s in found.steps if s.code == "bottom.not_closed"))


def test_R_BOT_1_being_due_lasts_after_the_run_ends() -> None:
    found = run("LLLCC")
    assert found.length == 0 and found.due == "standby"
    assert [str(m) for m in found.due_months] == ["2026-04", "2026-05", "2026-06"]


def test_R_BOT_1_after_a_return_only_later_months_count_and_a_new_run_means_dismissal() -> None:
    # back on 2026-08-01: April to July are before the return
    before = run("LLLCLL", returned_on=date(2026, 8, 1))
    assert before.due is None and before.after_return
    assert before.steps[0].code == "bottom.counts_from"
    assert "2026-08-01 待岗结束重新上岗，只计 2026-08 起的月份" in render(before.steps[0])
    again = run("LLLCLLL", returned_on=date(2026, 8, 1))
    assert again.due == "dismissal"
    assert [str(m) for m in again.due_months] == ["2026-08", "2026-09", "2026-10"]
    assert "应予辞退" in render(again.reasons[-1])


def test_R_BOT_1_a_return_in_mid_month_counts_from_the_next_month() -> None:
    found = run("LLLLLL", returned_on=date(2026, 6, 15))
    assert [str(m) for m in found.months] == ["2026-07", "2026-08", "2026-09"]
    assert found.due == "dismissal"


def test_R_BOT_1_a_run_that_restarts_after_a_return_needs_the_full_count_again() -> None:
    # two months in the last places right after the return are not enough
    found = run("CCCCLL", returned_on=date(2026, 8, 1))
    assert found.length == 2 and found.due is None
    assert found.steps[-1].args["kind"] == "dismissal"
    assert "暂不辞退" in render(found.steps[-1])


def test_R_BOT_1_a_settled_case_counts_only_the_months_after_the_one_it_judged() -> None:
    found = run("LLLLL", settled_through=Month(2026, 6), settled_by=7)
    assert [str(m) for m in found.months] == ["2026-07", "2026-08"]
    assert found.due is None
    assert "案件 #7" in render(found.steps[0])


def test_R_BOT_1_no_months_means_no_run() -> None:
    found = rules.run_of("1", "甲", [], make_section())
    assert found.through is None and found.length == 0 and found.due is None


def test_R_BOT_1_months_must_be_consecutive() -> None:
    with pytest.raises(ValueError, match="not consecutive"):
        rules.run_of("1", "甲", [last(APRIL), last(APRIL.shift(2))], make_section())


def reference(pattern: str, needed: int, unranked: str) -> tuple[int, bool]:
    """The run and whether due, the plain way: drop skipped months, split on the others."""
    kept = [c for c in pattern if not (c == "U" and unranked == "skip")]
    groups = "".join("L" if c == "L" else " " for c in kept).split(" ")
    current = len(groups[-1]) if kept else 0
    due = any(len(g) >= needed for g in groups)
    return current, due


@FAST
@given(
    pattern=st.text(alphabet="LCUN", min_size=0, max_size=18),
    needed=st.integers(min_value=1, max_value=4),
    unranked=st.sampled_from(["skip", "break"]),
)
def test_R_BOT_1_property_runs_match_the_plain_count(
    pattern: str, needed: int, unranked: str
) -> None:
    section = make_section(months=needed, unranked=unranked)
    found = rules.run_of("1", "甲", marks_of(pattern), section)
    current, due = reference(pattern, needed, unranked)
    assert found.length == current
    assert (found.due == "standby") == due
    assert found.length <= pattern.count("L")
    if found.due is not None:
        assert len(found.due_months) == needed
    # skipping unranked months never gives a shorter run than breaking on them
    other = make_section(months=needed, unranked="break")
    assert rules.run_of("1", "甲", marks_of(pattern), other).length <= current


# ---------------------------------------------------------------- weak areas, standby, exam


def test_R_BOT_1_weak_areas_are_the_parts_below_the_center_furthest_first() -> None:
    own = {
        "call_quality": [D(60), D(62)],
        "work_ability": [D(80), D(82)],
        "overall_conduct": [D(70)],
    }
    center = {
        "call_quality": (D(300), 4),  # mean 75 → −14
        "work_ability": (D(240), 3),  # mean 80 → +1
        "overall_conduct": (D(150), 2),  # mean 75 → −5
    }
    areas, steps = rules.weak_areas(own, center)
    assert [a.component for a in areas] == ["call_quality", "overall_conduct", "work_ability"]
    assert [a.gap for a in areas] == [D(-14), D(-5), D(1)]
    assert areas[0].own == D(61) and areas[0].center == D(75)
    weak = next(s for s in steps if s.code == "bottom.weak")
    assert weak.args["components"] == ["call_quality", "overall_conduct"]
    assert "通话评估成绩、综合工作表现" in render(weak)
    first = next(s for s in steps if s.code == "bottom.area")
    assert "本人 2 个月平均 61.00，中心平均 75.00，差 −14.00" in render(first)
    assert rules.training_focus(areas) == [
        "service_phrases",
        "phone_skills",
        "service_standards",
    ]


def test_R_BOT_1_no_part_below_the_center_is_said_so_and_a_missing_part_is_left_out() -> None:
    own = {"call_quality": [D(90)], "work_ability": [], "overall_conduct": [D(80)]}
    center = {"call_quality": (D(80), 1), "work_ability": (D(80), 1), "overall_conduct": (D(0), 0)}
    areas, steps = rules.weak_areas(own, center)
    assert [a.component for a in areas] == ["call_quality"]
    assert [s.code for s in steps].count("bottom.area_missing") == 2
    assert steps[-1].code == "bottom.no_weak" and rules.training_focus(areas) == []


def test_R_BOT_1_standby_runs_whole_months_from_the_first_day_of_the_next_month() -> None:
    assert rules.standby_period(date(2026, 11, 5), 1) == (date(2026, 12, 1), date(2026, 12, 31))
    assert rules.standby_period(date(2026, 12, 31), 2) == (date(2027, 1, 1), date(2027, 2, 28))
    step = rules.standby_step(date(2026, 12, 1), date(2026, 12, 31), 1)
    assert "只发基本工资，无效益奖金 (R-PAY-3)" in render(step)
    with pytest.raises(KefuError):
        rules.standby_period(date(2026, 11, 5), 0)


def test_R_BOT_1_the_re_entry_exam_at_the_pass_mark_returns_the_day_after() -> None:
    at = rules.re_entry_verdict(D(80), D(80), date(2027, 1, 10), date(2026, 12, 31), "typed")
    assert at.passed and at.return_on == date(2027, 1, 11)
    below = rules.re_entry_verdict(
        D("79.99"), D(80), date(2027, 1, 10), date(2026, 12, 31), "typed"
    )
    assert not below.passed and below.return_on is None
    assert "低于及格分 80:未通过" in render(below.step)


def test_R_BOT_1_an_early_pass_waits_for_the_end_of_the_standby() -> None:
    early = rules.re_entry_verdict(D(95), D(80), date(2026, 12, 10), date(2026, 12, 31), "sitting")
    assert early.return_on == date(2027, 1, 1)
    assert "待岗期至 2026-12-31 结束" in render(early.step)
    assert "在线考试" in render(early.step)


def test_R_BOT_1_an_exam_score_outside_0_to_100_is_refused() -> None:
    for bad in (D(-1), D("100.5"), D("NaN")):
        with pytest.raises(KefuError, match="0–100"):
            rules.check_exam_score(bad)


def test_R_BOT_1_an_extension_must_end_later_and_a_dismissal_leaves_the_next_day() -> None:
    with pytest.raises(KefuError, match="晚于"):
        rules.extension_step(date(2026, 12, 31), date(2026, 12, 31))
    assert "延长至 2027-01-31" in render(
        rules.extension_step(date(2026, 12, 31), date(2027, 1, 31))
    )
    assert rules.dismissal_day(date(2026, 11, 30)) == date(2026, 12, 1)
    assert "绩效不佳" in render(rules.dismissal_step(date(2026, 12, 1), "second_run"))
