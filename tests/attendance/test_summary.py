"""A person's attendance cycle from roster and events (R-BON-4/5, R-AWD-1/2, R-HRS-1/2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from kefu.attendance.ledger import CompTimeUse
from kefu.attendance.summary import AttendanceEvent, RosterDay, attendance_for_cycle
from kefu.bonuses.rules import AttendanceSummary, bonus_exclusions
from kefu.errors import KefuError
from tests.attendance import (
    NATIONAL_DAY_2026,
    D,
    at,
    demo_cycle,
    demo_policy,
    make_event,
    make_roster,
    minutes_as_hours,
    punches,
    seed_shift,
    shift_types,
)
from tests.bonuses import make_facts

OCTOBER = demo_cycle("2026-10")  # 2026-09-26 .. 2026-10-25
NO_HOLIDAYS: frozenset[date] = frozenset()
R_HOURS = seed_shift("R").counted_hours
W_HOURS = seed_shift("W").counted_hours


def attendance(
    roster: list[RosterDay],
    events: Sequence[AttendanceEvent] = (),
    *,
    cycle: tuple[date, date] = OCTOBER,
    holidays=NO_HOLIDAYS,
    grace: int = 0,
):
    return attendance_for_cycle(roster, list(events), shift_types(), cycle, holidays, grace)


def codes(result, *, reasons_only: bool = False) -> list[str]:
    return [s.code for s in result.steps if s.reason or not reasons_only]


# the cycle -------------------------------------------------------------------------------


def test_R_BON_5_the_demo_cycle_labelled_october_runs_from_september_26_to_october_25():
    assert demo_cycle("2026-10") == (date(2026, 9, 26), date(2026, 10, 25))


def test_R_BON_5_only_shifts_starting_inside_the_cycle_count_not_the_calendar_month():
    roster = make_roster(
        (date(2026, 9, 25), "R"),  # September cycle
        (date(2026, 9, 26), "R"),
        (date(2026, 10, 25), "R"),
        (date(2026, 10, 26), "R"),  # November cycle
    )
    result = attendance(roster)
    assert result.shifts_worked == 2
    assert result.counted_hours == 2 * R_HOURS
    assert [d.day for d in result.days] == [date(2026, 9, 26), date(2026, 10, 25)]


def test_R_BON_5_a_night_shift_on_the_cycles_last_day_counts_here_but_its_morning_goes_on():
    roster = make_roster((date(2026, 10, 25), "W"))
    october = attendance(roster)
    assert october.night_shifts == 1
    # 20:30→24:00 on the 25th is this cycle's; 00:00→08:30 on the 26th is November's
    assert october.counted_hours == minutes_as_hours(210)
    assert "attendance.hours_after_cycle" in codes(october)

    november = attendance(roster, cycle=demo_cycle("2026-11"))
    assert november.night_shifts == 0
    assert november.shifts_worked == 0
    assert november.counted_hours == minutes_as_hours(510)
    assert october.counted_hours + november.counted_hours == W_HOURS


def test_R_SHF_1_a_W_shift_started_the_evening_before_the_cycle_gives_it_its_morning():
    roster = make_roster((date(2026, 9, 25), "W"), (date(2026, 9, 26), "R"))
    result = attendance(roster)
    assert result.counted_hours == minutes_as_hours(510) + R_HOURS
    assert result.night_shifts == 0
    assert [(d.day, d.in_cycle) for d in result.days] == [
        (date(2026, 9, 25), False),
        (date(2026, 9, 26), True),
    ]
    assert "attendance.hours_before_cycle" in codes(result)


def test_R_SHF_1_lateness_on_the_shift_before_the_cycle_belongs_to_the_previous_cycle():
    eve = date(2026, 9, 25)
    late = make_event(eve, "late", minutes=60)
    result = attendance(make_roster((eve, "W")), [late])
    assert result.late_count == 0
    # the hours lost were in the evening, before the cycle; the morning is whole
    assert result.counted_hours == minutes_as_hours(510)
    assert "attendance.late" not in codes(result)


def test_R_SHF_1_an_absence_on_the_shift_before_the_cycle_takes_its_morning_hours():
    eve = date(2026, 9, 25)
    result = attendance(make_roster((eve, "W")), [make_event(eve, "sick_leave")])
    assert result.counted_hours == 0
    assert result.sick_leave_days == 0


def test_R_SHF_1_hours_on_statutory_holidays_are_counted_apart():
    roster = make_roster((date(2026, 9, 30), "W"), (date(2026, 10, 1), "R"))
    result = attendance(roster, holidays=NATIONAL_DAY_2026)
    # W's morning on 10-01 (510 minutes) and the whole R on 10-01
    assert result.holiday_hours == minutes_as_hours(510) + R_HOURS
    assert result.counted_hours == W_HOURS + R_HOURS


# exceptions-only versus punches ----------------------------------------------------------


def test_R_BON_5_without_punches_a_rostered_day_counts_as_worked_unless_an_event_says_not():
    days = [date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7)]
    roster = make_roster(*[(d, "R") for d in days])
    result = attendance(roster, [make_event(days[1], "late", minutes=15)])
    assert result.mode == "exceptions"
    assert result.shifts_worked == 3
    assert result.late_count == 1
    assert result.unapproved_absence_days == 0
    # two whole R shifts and one less 15 minutes on site, spread at 11/12
    assert result.counted_hours == 2 * R_HOURS + D(705) * R_HOURS / 720


def test_R_BON_5_with_any_punch_a_rostered_day_without_a_punch_is_unapproved_absence():
    first, second = date(2026, 10, 5), date(2026, 10, 6)
    roster = make_roster((first, "R"), (second, "R"))
    result = attendance(roster, punches(first, "08:20", "20:40"))
    assert result.mode == "punches"
    assert result.unapproved_absence_days == 1
    assert result.absence_days == 1
    assert result.shifts_worked == 1
    assert result.counted_hours == R_HOURS
    assert "attendance.no_punch_absent" in codes(result, reasons_only=True)


def test_R_BON_5_a_clock_in_after_the_start_is_late_by_the_minutes_after_the_start():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), punches(day, "08:45", "20:30"))
    assert result.late_count == 1
    assert result.days[0].late_minutes == 15
    assert result.counted_hours == D(705) * R_HOURS / 720


def test_R_BON_5_a_clock_out_before_the_end_is_early_leave():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), punches(day, "08:30", "20:00"))
    assert result.early_leave_count == 1
    assert result.days[0].early_minutes == 30


def test_R_BON_5_a_W_clock_out_the_next_morning_is_judged_against_the_W_end():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "W")), punches(day, "20:30", "08:00", out_next_day=True))
    assert result.early_leave_count == 1
    assert result.days[0].early_minutes == 30
    assert result.night_shifts == 1


def test_R_BON_5_a_clock_in_exactly_at_the_grace_is_not_late_and_costs_no_hours():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), punches(day, "08:35", "20:30"), grace=5)
    assert result.late_count == 0
    assert result.counted_hours == R_HOURS
    assert "attendance.within_grace" in codes(result)


def test_R_BON_5_one_second_past_the_grace_is_late_by_the_whole_minutes_since_the_start():
    day = date(2026, 10, 5)
    events = [
        make_event(day, "clock_in", at=at(day, "08:35", seconds=1)),
        make_event(day, "clock_out", at=at(day, "20:30")),
    ]
    result = attendance(make_roster((day, "R")), events, grace=5)
    assert result.late_count == 1
    # 5 minutes and 1 second after 08:30: a part minute counts whole
    assert result.days[0].late_minutes == 6


def test_R_BON_5_an_explicit_late_event_within_the_grace_is_not_late():
    day = date(2026, 10, 5)
    at_grace = attendance(make_roster((day, "R")), [make_event(day, "late", minutes=5)], grace=5)
    past = attendance(make_roster((day, "R")), [make_event(day, "late", minutes=6)], grace=5)
    assert at_grace.late_count == 0
    assert past.late_count == 1


def test_R_BON_5_a_late_event_without_minutes_is_late_but_takes_no_hours():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), [make_event(day, "late")])
    assert result.late_count == 1
    assert result.counted_hours == R_HOURS


def test_R_BON_5_the_earliest_clock_in_and_latest_clock_out_count():
    day = date(2026, 10, 5)
    events = [*punches(day, "08:40", "20:00"), *punches(day, "08:25", "20:35")]
    result = attendance(make_roster((day, "R")), events)
    assert (result.late_count, result.early_leave_count) == (0, 0)


def test_R_BON_5_a_missing_clock_out_is_reported_and_the_end_taken_as_on_time():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), [make_event(day, "clock_in", at=at(day, "08:30"))])
    assert "attendance.punch_missing" in codes(result, reasons_only=True)
    assert result.early_leave_count == 0
    assert result.counted_hours == R_HOURS


def test_R_BON_5_a_punch_needs_its_time():
    day = date(2026, 10, 5)
    with pytest.raises(KefuError, match="缺少打卡时间"):
        attendance(make_roster((day, "R")), [make_event(day, "clock_in")])


# leave ---------------------------------------------------------------------------------


def test_R_HRS_2_personal_leave_without_approval_is_absenteeism():
    day = date(2026, 10, 5)
    result = attendance(
        make_roster((day, "R")), [make_event(day, "personal_leave", approved=False)]
    )
    assert result.personal_leave_days == 0
    assert result.unapproved_absence_days == 1
    assert result.absence_days == 1
    step = next(s for s in result.steps if s.code == "attendance.leave_unapproved")
    assert step.reason is True
    assert step.rule == "R-HRS-2"
    assert result.days[0].status == "absent"


def test_R_BON_4_sick_leave_whose_approval_is_not_recorded_counts_as_sick_leave():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), [make_event(day, "sick_leave")])
    assert result.sick_leave_days == 1
    assert result.absence_days == 1
    assert result.unapproved_absence_days == 0
    assert result.shifts_worked == 0
    assert result.counted_hours == 0


def test_R_HRS_2_approved_comp_time_leave_is_not_absence_and_counts_the_shifts_hours():
    day = date(2026, 10, 5)
    result = attendance(
        make_roster((day, "R")), [make_event(day, "comp_time_leave", approved=True)]
    )
    assert result.absence_days == 0
    assert result.comp_time_leave_hours == R_HOURS
    assert result.counted_hours == 0
    assert result.comp_time_uses() == (CompTimeUse(day, R_HOURS),)
    assert result.days[0].status == "comp_time"


def test_R_HRS_2_comp_time_leave_needs_an_approval_or_it_is_absenteeism():
    day = date(2026, 10, 5)
    for approved in (None, False):
        result = attendance(
            make_roster((day, "R")), [make_event(day, "comp_time_leave", approved=approved)]
        )
        assert result.comp_time_leave_hours == 0
        assert result.unapproved_absence_days == 1


def test_R_BON_4_half_a_day_of_personal_leave_keeps_half_the_shifts_hours():
    day = date(2026, 10, 5)
    result = attendance(make_roster((day, "R")), [make_event(day, "personal_leave", days=D("0.5"))])
    assert result.personal_leave_days == D("0.5")
    assert result.counted_hours == R_HOURS * D("0.5")
    assert result.shifts_worked == 0


def test_R_BON_4_every_kind_of_absence_adds_to_the_absence_days():
    days = [date(2026, 10, d) for d in (5, 6, 7, 8)]
    roster = make_roster(*[(d, "C") for d in days])
    events = [
        make_event(days[0], "absence"),
        make_event(days[1], "personal_leave"),
        make_event(days[2], "sick_leave", days=D("0.5")),
        make_event(days[3], "unapproved_absence"),
    ]
    result = attendance(roster, events)
    assert result.absence_days == 1 + 1 + D("0.5") + 1
    assert result.unapproved_absence_days == 1


def test_R_BON_4_leave_of_more_than_one_shift_on_a_day_is_refused():
    day = date(2026, 10, 5)
    events = [make_event(day, "sick_leave"), make_event(day, "personal_leave", days=D("0.5"))]
    with pytest.raises(KefuError, match="超过一个班次"):
        attendance(make_roster((day, "R")), events)


def test_R_BON_4_a_leave_event_of_more_than_one_day_is_refused():
    day = date(2026, 10, 5)
    with pytest.raises(KefuError, match="天数"):
        attendance(make_roster((day, "R")), [make_event(day, "sick_leave", days=D(2))])


def test_R_BON_5_punches_on_a_day_of_full_leave_are_reported_and_not_counted():
    day = date(2026, 10, 5)
    events = [make_event(day, "sick_leave"), *punches(day, "09:00", "20:30")]
    result = attendance(make_roster((day, "R")), events)
    assert result.late_count == 0
    assert result.counted_hours == 0
    assert "attendance.ignored_on_leave" in codes(result, reasons_only=True)


# swaps and days off ----------------------------------------------------------------------


def test_R_AWD_1_only_voluntary_shift_swaps_are_counted():
    day = date(2026, 10, 5)
    events = [
        make_event(day, "shift_swap", voluntary=True),
        make_event(day, "shift_swap", voluntary=False),
        make_event(date(2026, 10, 9), "shift_swap"),
    ]
    result = attendance(make_roster((day, "R")), events)
    assert result.shift_swap_count == 1


def test_R_BON_5_leave_on_a_day_without_a_shift_is_ignored_with_a_plain_step():
    off = date(2026, 10, 6)
    result = attendance(make_roster((date(2026, 10, 5), "R")), [make_event(off, "sick_leave")])
    assert result.sick_leave_days == 0
    step = next(s for s in result.steps if s.code == "attendance.off_day_leave_ignored")
    assert step.reason is False


def test_R_BON_5_a_punch_on_a_day_without_a_shift_is_a_problem_and_not_counted():
    worked, off = date(2026, 10, 5), date(2026, 10, 6)
    events = [*punches(worked, "08:30", "20:30"), make_event(off, "late", minutes=10)]
    result = attendance(make_roster((worked, "R")), events)
    assert result.late_count == 0
    step = next(s for s in result.steps if s.code == "attendance.off_day_event")
    assert step.reason is True
    assert step.args == {"day": "2026-10-06", "kind": "late"}


def test_R_SHF_1_an_unknown_shift_code_in_the_roster_names_the_day_and_the_code():
    with pytest.raises(KefuError, match=r"2026-10-05.*「Q」"):
        attendance(make_roster((date(2026, 10, 5), "Q")))


def test_R_SHF_1_two_shifts_on_one_day_are_refused():
    day = date(2026, 10, 5)
    with pytest.raises(KefuError, match="两个班次"):
        attendance(make_roster((day, "R"), (day, "W")))


def test_R_BON_5_a_cycle_ending_before_it_starts_is_refused():
    with pytest.raises(KefuError, match="结束日早于开始日"):
        attendance([], cycle=(date(2026, 10, 25), date(2026, 9, 26)))


# the summary feeds the bonus rules ---------------------------------------------------------


def test_R_BON_4_the_cycle_summary_feeds_attendance_summary_and_the_bonus_exclusions():
    days = [date(2026, 10, d) for d in (5, 6, 7, 8)]
    roster = make_roster(*[(d, "R") for d in days])
    events = [
        make_event(days[0], "sick_leave"),
        make_event(days[1], "personal_leave"),
        make_event(days[2], "absence"),
        make_event(days[3], "late", minutes=3),
        make_event(days[3], "shift_swap", voluntary=True),
    ]
    summary = attendance(roster, events).summary()
    assert summary == AttendanceSummary(
        absence_days=D(3),
        personal_leave_days=D(1),
        sick_leave_days=D(1),
        late_count=1,
        early_leave_count=0,
        shift_swap_count=1,
        unapproved_absence_days=D(0),
    )
    assert summary.any_absence
    mb = demo_policy().model.monthly_bonus
    assert mb is not None
    steps = bonus_exclusions(make_facts(), summary, mb.exclusions, "R-BON-4")
    # the demo policy excludes 3 or more days of absence (当月缺勤累积达3天)
    assert [s.code for s in steps] == ["excl.absence"]


def test_R_AWD_2_a_clean_cycle_has_no_absence_of_any_kind():
    days = [date(2026, 10, d) for d in (5, 6)]
    result = attendance(make_roster(*[(d, "R") for d in days]))
    assert not result.summary().any_absence
    assert result.reasons == []
