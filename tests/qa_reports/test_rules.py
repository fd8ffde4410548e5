"""The pure rules of QA reports and improvement plans (R-QA-1): no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.errors import KefuError
from kefu.qa_reports import rules
from kefu.qa_reports.rules import ItemMark, Period, Scored
from tests.qa_reports import DEFINITION


def item(key: str, given: str | None, points: str = "10", note: str = "") -> ItemMark:
    return ItemMark(
        key,
        f"项{key}",
        f"item {key}",
        Decimal(points),
        None if given is None else Decimal(given),
        note,
    )


def ev(
    n: int,
    no: str,
    score: str,
    on: date = date(2026, 11, 4),
    items: tuple[ItemMark, ...] = (),
    team: str = "1组",
    department: str = "客服一部",
    final: bool = True,
    critical: bool = False,
) -> Scored:
    return Scored(n, no, f"人{no}", department, team, on, Decimal(score), final, critical, items)


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("on", "start", "end"),
    [
        (date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 8)),  # a Monday starts its week
        (date(2026, 11, 8), date(2026, 11, 2), date(2026, 11, 8)),  # a Sunday ends it
        (date(2026, 11, 9), date(2026, 11, 9), date(2026, 11, 15)),
        (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3)),  # across the year
    ],
)
def test_R_QA_1_a_week_runs_monday_to_sunday(on: date, start: date, end: date) -> None:
    week = rules.period_of("week", on)
    assert (week.start, week.end) == (start, end)
    assert week.start.weekday() == 0 and week.days == 7


def test_R_QA_1_the_iso_week_label_belongs_to_the_year_of_its_monday_thursday() -> None:
    assert rules.period_of("week", date(2026, 12, 31)).label == "2026-W53"
    assert rules.period_of("week", date(2027, 1, 4)).label == "2027-W01"


@pytest.mark.parametrize(
    ("on", "end"),
    [
        (date(2028, 2, 10), date(2028, 2, 29)),  # a leap February
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 11, 30), date(2026, 11, 30)),
        (date(2026, 12, 31), date(2026, 12, 31)),
    ],
)
def test_R_QA_1_a_month_ends_on_its_last_day(on: date, end: date) -> None:
    month = rules.period_of("month", on)
    assert month.start == date(on.year, on.month, 1) and month.end == end


def test_R_QA_1_the_previous_period_is_the_one_of_the_same_kind_before() -> None:
    assert rules.period_of("day", date(2026, 3, 1)).previous() == Period(
        "day", date(2026, 2, 28), date(2026, 2, 28)
    )
    assert rules.period_of("week", date(2026, 11, 4)).previous() == Period(
        "week", date(2026, 10, 26), date(2026, 11, 1)
    )
    assert rules.period_of("month", date(2026, 1, 15)).previous() == Period(
        "month", date(2025, 12, 1), date(2025, 12, 31)
    )
    assert rules.period_of("month", date(2026, 3, 31)).previous().end == date(2026, 2, 28)


def test_R_QA_1_an_unknown_period_kind_is_refused() -> None:
    with pytest.raises(KefuError, match="day"):
        rules.period_of("year", date(2026, 1, 1))


# ---------------------------------------------------------------- reading an evaluation


def test_R_QA_1_marks_are_read_against_the_scorecard_and_na_items_lose_nothing() -> None:
    marks = {
        "greeting": {"points": "6", "note": " 未报工号 "},
        "hold": {"points": None, "note": ""},
        "closing": {"points": "10", "note": ""},
    }
    found = {m.key: m for m in rules.item_marks(DEFINITION, marks)}
    assert set(found) == {"greeting", "hold", "closing"}  # taboo was not marked: left out
    assert found["greeting"].lost and found["greeting"].note == "未报工号"
    assert found["greeting"].kept == Decimal("0.6")
    assert not found["hold"].lost and found["hold"].kept is None
    assert not found["closing"].lost and found["closing"].kept == 1


def test_R_QA_1_unreadable_marks_are_not_marks() -> None:
    assert rules.item_marks(DEFINITION, {"greeting": {"points": "abc"}, "hold": "x"}) == ()
    assert rules.item_marks({}, {"greeting": {"points": "1"}}) == ()


def test_R_QA_1_a_final_evaluation_counts_with_its_final_score() -> None:
    assert rules.counted_score("final", Decimal(70), Decimal(80)) == (Decimal(80), True)
    assert rules.counted_score("disputed", Decimal(70), None) == (Decimal(70), False)
    assert rules.counted_score("final", Decimal(70), None) == (Decimal(70), False)


# ---------------------------------------------------------------- the report


def test_R_QA_1_an_empty_period_makes_an_empty_report_that_still_explains_itself() -> None:
    report = rules.build_report(rules.period_of("day", date(2026, 11, 4)), [], [], 2)
    assert report.total == rules.Stats(0, None, None, None, 0)
    assert report.agents == report.teams == report.items == report.improvement == ()
    assert report.recurring == ()
    assert [s.code for s in report.steps] == [
        "qa_report.period",
        "qa_report.counted",
        "qa_report.recurring",
        "qa_report.improvement",
    ]


def test_R_QA_1_per_agent_figures_and_the_items_most_often_losing_points() -> None:
    a = ev(1, "1001", "80", items=(item("x", "5"), item("y", "9")), critical=True)
    b = ev(2, "1001", "90", items=(item("x", "8"), item("y", "10")), final=False)
    c = ev(3, "1002", "70", items=(item("y", "1"),))
    report = rules.build_report(rules.period_of("week", date(2026, 11, 4)), [a, b, c], [], None)
    first, second = report.agents
    assert first.employee_no == "1001"
    assert first.stats == rules.Stats(2, Decimal(85), Decimal(80), Decimal(90), 1)
    assert first.finals == 1
    assert [(x.key, x.times) for x in first.losing] == [("x", 2), ("y", 1)]
    assert second.stats.count == 1 and [x.key for x in second.losing] == ["y"]
    assert report.finals == 2 and report.provisional == 1


def test_R_QA_1_teams_and_departments_are_summed_apart() -> None:
    evs = [
        ev(1, "1001", "80"),
        ev(2, "1002", "90"),
        ev(3, "1101", "60", team="1组", department="客服二部"),
        ev(4, "1102", "70", team="2组", department="客服二部"),
    ]
    report = rules.build_report(rules.period_of("month", date(2026, 11, 4)), evs, [], None)
    assert [(g.department, g.team, g.agents, g.stats.mean) for g in report.teams] == [
        ("客服一部", "1组", 2, Decimal(85)),
        ("客服二部", "1组", 1, Decimal(60)),
        ("客服二部", "2组", 1, Decimal(70)),
    ]
    assert [(g.department, g.team, g.stats.count) for g in report.departments] == [
        ("客服一部", None, 2),
        ("客服二部", None, 2),
    ]


def test_R_QA_1_per_item_how_often_it_lost_points_the_share_kept_and_the_notes() -> None:
    evs = [
        ev(1, "1001", "80", items=(item("x", "5", note="语速太快"), item("z", None))),
        ev(2, "1002", "90", items=(item("x", "10"), item("z", "2", points="4"))),
    ]
    report = rules.build_report(rules.period_of("day", date(2026, 11, 4)), evs, [], None)
    x, z = report.items
    assert (x.key, x.scored, x.lost, x.not_applicable) == ("x", 2, 1, 0)
    assert x.mean_kept == Decimal("0.75") and x.notes == ("语速太快",)
    assert (z.key, z.scored, z.not_applicable, z.mean_kept) == ("z", 1, 1, Decimal("0.5"))


@pytest.mark.parametrize(("at_least", "listed"), [(1, 2), (2, 1), (3, 0)])
def test_R_QA_1_recurring_problems_need_at_least_the_threshold(at_least: int, listed: int) -> None:
    evs = [
        ev(1, "1001", "80", items=(item("x", "5"), item("y", "5"))),
        ev(2, "1001", "85", items=(item("x", "5"), item("y", "10"))),
        ev(3, "1002", "85", items=(item("y", "10"),)),
    ]
    found = rules.recurring(evs, at_least)
    assert len(found) == listed
    if listed:
        assert (found[0].employee_no, found[0].key, found[0].times) == ("1001", "x", 2)
        assert found[0].evaluation_ids == (1, 2)


def test_R_QA_1_a_recurring_threshold_below_one_is_refused() -> None:
    with pytest.raises(KefuError, match="至少为 1"):
        rules.recurring([], 0)


def test_R_QA_1_an_open_recurring_threshold_lists_nothing_and_says_why() -> None:
    report = rules.build_report(
        rules.period_of("day", date(2026, 11, 4)), [ev(1, "1", "8")], [], None
    )
    assert report.recurring is None
    assert "qa_report.recurring_unset" in [s.code for s in report.steps]


def test_R_QA_1_who_improves_is_sorted_by_the_change_and_newcomers_come_last() -> None:
    before = [ev(1, "A", "70"), ev(2, "B", "90"), ev(3, "C", "80"), ev(4, "D", "50")]
    now = [ev(5, "A", "80"), ev(6, "B", "85"), ev(7, "C", "90"), ev(8, "E", "99")]
    changes = rules.improvement(now, before)
    assert [(c.employee_no, c.change) for c in changes] == [
        ("A", Decimal(10)),
        ("C", Decimal(10)),
        ("B", Decimal(-5)),
        ("E", None),
    ]
    assert changes[-1].previous_count == 0 and changes[-1].previous_mean is None


def test_R_QA_1_an_evaluation_outside_the_period_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        rules.build_report(
            rules.period_of("day", date(2026, 11, 4)),
            [ev(1, "1", "8", on=date(2026, 11, 5))],
            [],
            1,
        )


@given(st.lists(st.decimals(min_value=0, max_value=100, places=4), min_size=1, max_size=30))
def test_R_QA_1_the_mean_lies_between_the_lowest_and_highest_score(scores: list[Decimal]) -> None:
    evs = [ev(i, "1001", str(s)) for i, s in enumerate(scores)]
    s = rules.stats(evs)
    assert s.minimum is not None and s.maximum is not None and s.mean is not None
    assert s.minimum <= s.mean <= s.maximum
    assert s.count == len(scores)


# ---------------------------------------------------------------- plans


def test_R_QA_1_progress_measures_the_mean_against_the_target() -> None:
    found = rules.progress(
        date(2026, 11, 2), date(2026, 11, 20), [Decimal(80), Decimal(90)], Decimal(85)
    )
    assert found.mean == Decimal(85) and found.reached is True
    assert [s.code for s in found.steps] == ["qa_plan.mean_since", "qa_plan.target_reached"]
    missed = rules.progress(date(2026, 11, 2), date(2026, 11, 20), [Decimal(80)], Decimal("80.01"))
    assert missed.reached is False
    none = rules.progress(date(2026, 11, 2), date(2026, 11, 2), [], Decimal(80))
    assert none.mean is None and none.reached is None and len(none.steps) == 1


@pytest.mark.parametrize(
    ("status", "follow", "due", "today", "expected"),
    [
        ("open", date(2026, 11, 9), date(2026, 11, 30), date(2026, 11, 9), ()),
        ("open", date(2026, 11, 9), date(2026, 11, 30), date(2026, 11, 10), ("follow_up",)),
        ("open", None, date(2026, 11, 30), date(2026, 11, 30), ()),
        ("open", None, date(2026, 11, 30), date(2026, 12, 1), ("due",)),
        ("open", date(2026, 11, 9), date(2026, 11, 30), date(2026, 12, 1), ("follow_up", "due")),
        ("achieved", date(2026, 11, 9), date(2026, 11, 30), date(2026, 12, 1), ()),
    ],
)
def test_R_QA_1_an_open_plan_is_overdue_once_a_date_has_passed(
    status: str, follow: date | None, due: date, today: date, expected: tuple[str, ...]
) -> None:
    assert rules.overdue(status, follow, due, today) == expected


def test_R_QA_1_plan_dates_and_closing_are_checked() -> None:
    rules.check_dates(date(2026, 11, 2), date(2026, 11, 2), None)
    with pytest.raises(KefuError, match="到期日"):
        rules.check_dates(date(2026, 11, 2), date(2026, 11, 1), None)
    with pytest.raises(KefuError, match="下次跟进日"):
        rules.check_dates(date(2026, 11, 2), date(2026, 11, 30), date(2026, 11, 1))
    rules.check_closing("open", "achieved")
    with pytest.raises(KefuError, match="achieved"):
        rules.check_closing("open", "open")
    with pytest.raises(KefuError, match="已结束"):
        rules.check_closing("cancelled", "achieved")
