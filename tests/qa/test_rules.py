"""The pure rules of QA monitoring (R-QA-1): scorecards, the score, the window, calibration."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.qa import rules
from kefu.qa.rules import Mark, MarksInvalid, ScorecardInvalid
from kefu.workdays.calendar import WorkCalendar
from tests.qa import full, item, make_card

ZERO = Decimal(0)
CARD = make_card()


# ---------------------------------------------------------------- scorecards


def test_R_QA_1_a_valid_scorecard_keeps_its_sections_and_items() -> None:
    assert [s.key for s in CARD.sections] == ["service", "accuracy"]
    assert CARD.items["answer"].critical and CARD.items["hold"].na_allowed
    assert rules.parse_card(CARD.definition()) == CARD


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"weight": "0.5"}, "权重之和应为 1"),
        ({"weight": "0"}, "权重应为大于 0"),
        ({"weight": "abc"}, "权重应为大于 0"),
        ({"items": []}, "至少需要一个评分项"),
        ({"key": "accuracy"}, "与前面的部分重复"),
        ({"key": "Bad Key"}, "只能用小写字母"),
        ({"extra": 1}, "未知的键"),
        ({"name": ""}, "name: 应为非空文字"),
    ],
)
def test_R_QA_1_a_bad_section_is_refused_naming_it(change: dict[str, Any], problem: str) -> None:
    data = CARD.definition()
    data["sections"][0].update(change)
    with pytest.raises(ScorecardInvalid, match=problem):
        rules.parse_card(data)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"points": "0"}, "分值应为大于 0"),
        ({"points": "-1"}, "分值应为大于 0"),
        ({"key": "answer"}, "评分项的键在整张评分表中应唯一"),
        ({"critical": "yes"}, "应为 true 或 false"),
    ],
)
def test_R_QA_1_a_bad_item_is_refused_naming_it(change: dict[str, Any], problem: str) -> None:
    data = CARD.definition()
    data["sections"][0]["items"][0].update(change)
    with pytest.raises(ScorecardInvalid, match=problem):
        rules.parse_card(data)


@pytest.mark.parametrize("data", [None, [], {"sections": []}, {"sections": "x"}])
def test_R_QA_1_a_scorecard_needs_sections(data: object) -> None:
    with pytest.raises(ScorecardInvalid):
        rules.parse_card(data)


# ---------------------------------------------------------------- the score


def test_R_QA_1_full_marks_score_100() -> None:
    assert rules.score(CARD, full(CARD), ZERO).score == 100


def test_R_QA_1_the_score_weights_each_section_by_earned_over_applicable() -> None:
    # service 10/20 × 0.6 × 100 = 30; accuracy 10/15 × 0.4 × 100 = 26.6667
    got = rules.score(CARD, full(CARD, tone="0", read_back="5", hold="0"), ZERO)
    assert got.score == Decimal("56.6667")
    assert not got.critical_failed
    assert [s.code for s in got.steps] == ["qa.section", "qa.section", "qa.raw_score"]


def test_R_QA_1_na_items_leave_earned_and_applicable() -> None:
    # service: 8/10 with read-back N/A → 0.6 × 80 = 48; accuracy full → 40
    got = rules.score(CARD, full(CARD, tone="3", read_back=None), ZERO)
    assert got.score == Decimal(88)


def test_R_QA_1_na_items_renormalise_when_a_whole_section_drops_out() -> None:
    card = make_card()
    data = card.definition()
    data["sections"][1]["items"][0]["na_allowed"] = True
    card = rules.parse_card(data)
    got = rules.score(card, full(card, tone="0", answer=None, hold=None), ZERO)
    # only service remains: 15/20 → weight 1 → 75
    assert got.score == Decimal(75)
    assert got.steps[0].code == "qa.renormalise"
    assert got.steps[0].args["dropped"] == ["accuracy"]
    assert [s.weight for s in got.sections] == [Decimal(1), ZERO]


def test_R_QA_1_every_item_na_is_refused() -> None:
    data = CARD.definition()
    for s in data["sections"]:
        for i in s["items"]:
            i["na_allowed"] = True
    card = rules.parse_card(data)
    marks = {k: Mark(None) for k in card.items}
    with pytest.raises(MarksInvalid, match="不适用"):
        rules.score(card, marks, ZERO)


def test_R_QA_1_a_failed_critical_item_scores_the_policy_value() -> None:
    got = rules.score(CARD, full(CARD, answer="0"), Decimal(20))
    assert got.critical_failed and got.score == 20
    assert got.raw_score == Decimal("73.3333")  # 60 + 5/15 × 40
    assert got.steps[-1].code == "qa.critical" and got.steps[-1].reason


def test_R_QA_1_a_critical_item_with_some_points_is_no_failure() -> None:
    got = rules.score(CARD, full(CARD, answer="1"), ZERO)
    assert not got.critical_failed and got.score > 0


@pytest.mark.parametrize(
    ("marks", "problem"),
    [
        ({"nope": Mark(ZERO)}, "没有评分项「nope」"),
        ({}, "未评分"),
    ],
)
def test_R_QA_1_unknown_and_missing_items_are_refused(marks: dict[str, Mark], problem: str) -> None:
    given_marks = {**full(CARD), **marks}
    if not marks:
        given_marks.pop("tone")
    with pytest.raises(MarksInvalid, match=problem):
        rules.score(CARD, given_marks, ZERO)


@pytest.mark.parametrize("points", ["-1", "5.01", "100"])
def test_R_QA_1_marks_outside_the_items_points_are_refused_naming_it(points: str) -> None:
    with pytest.raises(MarksInvalid, match=r"项目tone.*tone"):
        rules.score(CARD, full(CARD, tone=points), ZERO)


def test_R_QA_1_na_on_an_item_that_does_not_allow_it_is_refused() -> None:
    with pytest.raises(MarksInvalid, match="不可标为不适用"):
        rules.score(CARD, full(CARD, greeting=None), ZERO)


def test_R_QA_1_marks_are_read_from_their_stored_form() -> None:
    marks = rules.parse_marks({"a": {"points": "3", "note": " 语速快 "}, "b": {"points": None}})
    assert marks == {"a": Mark(Decimal(3), "语速快"), "b": Mark(None, "")}
    assert rules.parse_marks(rules.stored_marks(marks)) == marks
    for bad in ({"a": {"points": "x"}}, {"a": {"points": "1", "extra": 1}}, "x"):
        with pytest.raises(MarksInvalid):
            rules.parse_marks(bad)


def test_R_QA_2_an_accepted_suggestion_is_the_score() -> None:
    got = rules.accepted_suggestion(Decimal("86.5"), 7)
    assert got.score == Decimal("86.5000") and got.steps[0].args["check"] == 7
    with pytest.raises(MarksInvalid):
        rules.accepted_suggestion(Decimal(101), 7)


points = st.decimals(min_value=0, max_value=1, places=2)


@settings(max_examples=200, deadline=None)
@given(
    fractions=st.lists(points, min_size=5, max_size=5),
    na=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_R_QA_1_the_score_lies_within_0_and_100(fractions: list[Decimal], na: list[bool]) -> None:
    marks: dict[str, Mark] = {}
    for (key, it), fraction, skip in zip(CARD.items.items(), fractions, na, strict=True):
        marks[key] = Mark(None) if skip and it.na_allowed else Mark(it.points * fraction)
    got = rules.score(CARD, marks, ZERO)
    assert ZERO <= got.score <= 100
    assert ZERO <= got.raw_score <= 100


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=4),
    which=st.integers(min_value=0, max_value=20),
)
def test_R_QA_1_na_never_changes_a_score_when_every_other_item_is_full(
    weights: list[int], which: int
) -> None:
    total = sum(weights)
    sections = []
    for n, w in enumerate(weights):
        sections.append(
            {
                "key": f"s{n}",
                "name": f"部分{n}",
                "name_en": f"s{n}",
                "weight": str(Decimal(w) / Decimal(total)),
                "items": [item(f"a{n}", "5", na_allowed=True), item(f"b{n}", "3", na_allowed=True)],
            }
        )
    card_data: dict[str, Any] = {"sections": sections}
    # weights as decimals may not sum to exactly 1: let the last take the remainder
    rest = Decimal(1) - sum(Decimal(s["weight"]) for s in sections[:-1])
    sections[-1]["weight"] = str(rest)
    card = rules.parse_card(card_data)
    keys = list(card.items)
    with_na = full(card, **{keys[which % len(keys)]: None})
    assert rules.score(card, with_na, ZERO).score == rules.score(card, full(card), ZERO).score


# ---------------------------------------------------------------- the agent's window


CALENDAR = WorkCalendar()


def test_R_QA_1_the_window_counts_working_days_after_submission() -> None:
    # Monday 2026-11-02 + 3 working days → Thursday 11-05
    assert rules.respond_by(CALENDAR, date(2026, 11, 2), 3) == date(2026, 11, 5)


def test_R_QA_1_the_window_skips_the_weekend() -> None:
    # Thursday 2026-11-05 + 3 → Fri 6, Mon 9, Tue 10
    assert rules.respond_by(CALENDAR, date(2026, 11, 5), 3) == date(2026, 11, 10)


def test_R_QA_1_the_window_skips_statutory_holidays() -> None:
    # submitted Wednesday 2026-09-30: National Day 10-01..10-07 is off → 10-08 is the first
    last = rules.respond_by(CALENDAR, date(2026, 9, 30), 1)
    assert last > date(2026, 10, 7) and CALENDAR.is_working_day(last)
    assert all(not CALENDAR.is_working_day(date(2026, 10, d)) for d in range(1, last.day) if d <= 7)


def test_R_QA_1_the_last_working_day_is_inclusive_and_the_next_is_refused() -> None:
    last = date(2026, 11, 5)
    assert rules.in_window(last, last).args["last_day"] == "2026-11-05"
    assert rules.in_window(last, date(2026, 11, 2)).code == "qa.in_window"
    with pytest.raises(rules.KefuError, match="已于 2026-11-05 结束"):
        rules.in_window(last, date(2026, 11, 6))
    assert not rules.lapsed(last, last) and rules.lapsed(last, date(2026, 11, 6))
    assert not rules.lapsed(None, date(2026, 11, 6))


# ---------------------------------------------------------------- calibration


def test_R_QA_1_calibration_deviation_is_total_and_per_item() -> None:
    ref = full(CARD)
    mine = full(CARD, tone="2", hold=None)
    d = rules.deviation("qa2", mine, Decimal(80), ref, Decimal(100), Decimal(5))
    assert d.total == -20 and d.flagged
    assert d.items["tone"] == -3 and d.items["hold"] is None and d.items["greeting"] == 0
    near = rules.deviation("qa3", ref, Decimal(96), ref, Decimal(100), Decimal(5))
    assert not near.flagged
    edge = rules.deviation("qa3", ref, Decimal(95), ref, Decimal(100), Decimal(5))
    assert not edge.flagged


def test_R_QA_1_mean_absolute_deviation() -> None:
    assert rules.mean_absolute([Decimal(-4), Decimal(2)]) == Decimal(3)
    with pytest.raises(rules.KefuError):
        rules.mean_absolute([])
