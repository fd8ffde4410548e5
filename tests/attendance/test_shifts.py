"""A shift's window and its hours split by calendar day (R-SHF-1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kefu.attendance.shifts import hours_of, shift_window, worked_hours
from kefu.errors import KefuError
from tests.attendance import (
    NATIONAL_DAY_2026,
    D,
    make_shift,
    minutes_as_hours,
    seed_shift,
)

NO_HOLIDAYS: frozenset[date] = frozenset()


def parts_of(hours):
    return [(p.day, p.counted, p.on_site, p.statutory_holiday) for p in hours.parts]


# shift_window -------------------------------------------------------------------------


def test_R_SHF_1_a_day_shift_starts_and_ends_on_its_day():
    assert shift_window(seed_shift("R"), date(2026, 9, 30)) == (
        datetime(2026, 9, 30, 8, 30),
        datetime(2026, 9, 30, 20, 30),
    )


def test_R_SHF_1_a_shift_whose_end_is_not_after_its_start_ends_the_next_day():
    assert shift_window(seed_shift("W"), date(2026, 9, 30)) == (
        datetime(2026, 9, 30, 20, 30),
        datetime(2026, 10, 1, 8, 30),
    )


def test_R_SHF_1_a_shift_ending_at_its_start_time_lasts_24_hours():
    shift = make_shift("D", "07:00", "07:00", 24, 24)
    starts, ends = shift_window(shift, date(2026, 1, 1))
    assert ends - starts == datetime(2026, 1, 2, 7) - datetime(2026, 1, 1, 7)


def test_R_SHF_1_an_impossible_clock_time_names_the_shift():
    shift = make_shift("Z", "24:00", "06:00", 6, 6)
    with pytest.raises(KefuError, match="班次 Z"):
        shift_window(shift, date(2026, 1, 1))


def test_hours_of_is_minutes_over_sixty_exactly():
    assert hours_of(90) == D("1.5")
    assert hours_of(510) == D("8.5")
    assert hours_of(0) == 0


# the seed's shifts ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["R", "C", "W"])
def test_R_SHF_1_a_full_seed_shift_gives_exactly_the_policys_counted_hours(code):
    shift = seed_shift(code)
    hours = worked_hours(shift, date(2026, 9, 30), NO_HOLIDAYS)
    assert hours.counted == shift.counted_hours
    assert hours.on_site == shift.on_site_hours
    assert sum(p.counted for p in hours.parts) == shift.counted_hours
    assert hours.night is shift.night


def test_R_SHF_1_R_and_C_on_one_day_each_fall_on_that_day_only():
    day = date(2026, 9, 30)
    r = worked_hours(seed_shift("R"), day, NO_HOLIDAYS)
    c = worked_hours(seed_shift("C"), day, NO_HOLIDAYS)
    # R 08:30–20:30: 12 h on site, 11 counted; C 09:30–18:00: 8.5 h on site, 8 counted
    assert parts_of(r) == [(day, D(11), D(12), False)]
    assert parts_of(c) == [(day, D(8), D("8.5"), False)]


def test_R_SHF_1_W_starting_2026_09_30_has_3_5_hours_on_9_30_and_8_5_on_10_01():
    hours = worked_hours(seed_shift("W"), date(2026, 9, 30), NO_HOLIDAYS)
    # 20:30→24:00 is 210 minutes, 00:00→08:30 is 510; W counts every minute (12 of 12)
    assert parts_of(hours) == [
        (date(2026, 9, 30), minutes_as_hours(210), minutes_as_hours(210), False),
        (date(2026, 10, 1), minutes_as_hours(510), minutes_as_hours(510), False),
    ]
    assert [p.counted for p in hours.parts] == [D("3.5"), D("8.5")]
    assert hours.day == date(2026, 9, 30)


def test_R_SHF_1_W_on_the_eve_of_a_holiday_puts_its_morning_hours_on_the_holiday():
    hours = worked_hours(seed_shift("W"), date(2026, 9, 30), NATIONAL_DAY_2026)
    assert [p.statutory_holiday for p in hours.parts] == [False, True]
    assert hours.holiday_hours == minutes_as_hours(510)


def test_R_SHF_1_W_within_the_holidays_is_holiday_time_throughout():
    hours = worked_hours(seed_shift("W"), date(2026, 10, 1), NATIONAL_DAY_2026)
    assert hours.holiday_hours == hours.counted == D(12)


def test_R_SHF_1_W_on_the_last_holiday_has_only_its_evening_on_the_holiday():
    hours = worked_hours(seed_shift("W"), date(2026, 10, 3), NATIONAL_DAY_2026)
    assert hours.holiday_hours == minutes_as_hours(210)


def test_R_SHF_1_W_on_2028_02_28_crosses_into_the_leap_day():
    hours = worked_hours(seed_shift("W"), date(2028, 2, 28), NO_HOLIDAYS)
    assert [p.day for p in hours.parts] == [date(2028, 2, 28), date(2028, 2, 29)]


def test_R_SHF_1_W_on_2027_02_28_crosses_into_march():
    hours = worked_hours(seed_shift("W"), date(2027, 2, 28), NO_HOLIDAYS)
    assert [p.day for p in hours.parts] == [date(2027, 2, 28), date(2027, 3, 1)]


# lateness and early leave ---------------------------------------------------------------


def test_R_SHF_1_late_arrival_reduces_counted_hours_in_proportion_without_breaks():
    shift = seed_shift("R")
    hours = worked_hours(shift, date(2026, 9, 30), NO_HOLIDAYS, late_minutes=30)
    # 690 of the 720 minutes on site; R counts 11 of its 12 hours, spread evenly
    assert hours.on_site == minutes_as_hours(690)
    assert hours.counted == D(690) * shift.counted_hours / 720
    assert hours.counted < shift.counted_hours
    assert hours.late_minutes == 30


def test_R_SHF_1_leaving_a_W_shift_early_shortens_only_its_morning():
    hours = worked_hours(seed_shift("W"), date(2026, 9, 30), NO_HOLIDAYS, early_minutes=60)
    assert [p.counted for p in hours.parts] == [minutes_as_hours(210), minutes_as_hours(450)]


def test_R_SHF_1_arriving_after_midnight_for_W_leaves_only_the_morning_part():
    hours = worked_hours(seed_shift("W"), date(2026, 9, 30), NO_HOLIDAYS, late_minutes=240)
    # 20:30 + 240 minutes = 00:30; on site until 08:30
    assert parts_of(hours) == [
        (date(2026, 10, 1), minutes_as_hours(480), minutes_as_hours(480), False)
    ]


def test_R_SHF_1_lateness_and_early_leave_covering_the_shift_leave_no_hours():
    hours = worked_hours(
        seed_shift("C"), date(2026, 9, 30), NO_HOLIDAYS, late_minutes=300, early_minutes=300
    )
    assert hours.counted == 0
    assert hours.on_site == 0
    assert hours.parts == ()


def test_R_SHF_1_negative_late_minutes_are_refused():
    with pytest.raises(KefuError, match="不能为负"):
        worked_hours(seed_shift("R"), date(2026, 9, 30), NO_HOLIDAYS, late_minutes=-1)


def test_R_SHF_1_without_breaks_the_unpaid_time_is_spread_evenly_and_says_so():
    hours = worked_hours(seed_shift("R"), date(2026, 9, 30), NO_HOLIDAYS)
    assert "shift.spread" in [s.code for s in hours.steps]
    full_time = worked_hours(seed_shift("W"), date(2026, 9, 30), NO_HOLIDAYS)
    assert "shift.spread" not in [s.code for s in full_time.steps]


# breaks ---------------------------------------------------------------------------------


def night_with_break():
    """22:00–06:00, 8 h on site, 7.5 counted: a 30-minute break after midnight, 02:00–02:30."""
    return make_shift(breaks=[("02:00", "02:30")])


def test_R_SHF_1_a_break_after_midnight_is_taken_from_the_next_days_hours():
    hours = worked_hours(night_with_break(), date(2026, 3, 1), NO_HOLIDAYS)
    # 22:00→24:00 is 120 minutes, all counted; 00:00→06:00 is 360 minutes less the 30 break
    assert [p.counted for p in hours.parts] == [minutes_as_hours(120), minutes_as_hours(330)]
    assert hours.counted == D("7.5")


def test_R_SHF_1_without_the_break_the_same_shift_spreads_the_unpaid_half_hour():
    hours = worked_hours(make_shift(), date(2026, 3, 1), NO_HOLIDAYS)
    # 7.5 / 8 of each on-site minute
    assert [p.counted for p in hours.parts] == [
        D(120) * D("7.5") / 480,
        D(360) * D("7.5") / 480,
    ]


def test_R_SHF_1_arriving_during_a_break_does_not_take_the_break_off_twice():
    shift = night_with_break()
    # late 255 minutes: arrives 02:15, inside the break; 225 minutes on site, 15 of break
    hours = worked_hours(shift, date(2026, 3, 1), NO_HOLIDAYS, late_minutes=255)
    assert hours.on_site == minutes_as_hours(225)
    assert hours.counted == minutes_as_hours(225 - 15)


def test_R_SHF_1_breaks_that_do_not_add_up_to_the_unpaid_time_name_the_shift():
    shift = make_shift("N2", counted=7, breaks=[("02:00", "02:30")])
    with pytest.raises(KefuError, match=r"班次 N2.*休息时间共 30 分钟"):
        worked_hours(shift, date(2026, 3, 1), NO_HOLIDAYS)


def test_R_SHF_1_a_break_outside_the_shift_is_refused():
    shift = make_shift("N3", breaks=[("07:00", "07:30")])
    with pytest.raises(KefuError, match="班次 N3"):
        worked_hours(shift, date(2026, 3, 1), NO_HOLIDAYS)


def test_R_SHF_1_on_site_hours_that_do_not_match_the_times_name_the_shift():
    shift = make_shift("X", "08:30", "20:30", 11, 11)
    with pytest.raises(KefuError, match="班次 X 的在岗工时 11 小时"):
        worked_hours(shift, date(2026, 3, 1), NO_HOLIDAYS)


def test_R_SHF_1_counted_hours_above_on_site_hours_are_refused():
    shift = make_shift("Y", "09:00", "17:00", 8, 9)
    with pytest.raises(KefuError, match="班次 Y 的计算工时 9 小时超过在岗工时"):
        worked_hours(shift, date(2026, 3, 1), NO_HOLIDAYS)


# scaling for a part-day leave -----------------------------------------------------------


def test_scaling_a_W_shift_by_half_halves_each_part_and_keeps_the_sum():
    hours = worked_hours(seed_shift("W"), date(2026, 9, 30), NATIONAL_DAY_2026).scaled(D("0.5"))
    assert [p.counted for p in hours.parts] == [D("1.75"), D("4.25")]
    assert hours.counted == D(6)
    assert hours.holiday_hours == D("4.25")
