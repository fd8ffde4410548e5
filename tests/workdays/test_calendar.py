"""The statutory calendar: working days, 法定节假日, 调休 and standard hours (R-HRS-1).

Expected figures are derived in each test from the State Council's published schedule of that
year (国务院办公厅关于 YYYY 年部分节假日安排的通知), quoted in a comment: the weekdays of the
range, less the weekdays off, plus the weekend days worked.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from chinese_calendar import constants  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.errors import KefuError
from kefu.periods import Month
from kefu.workdays.calendar import (
    PACKAGE_SOURCE,
    AdjustedWorkday,
    CalendarYearMissing,
    HolidayDay,
    WorkCalendar,
    YearSchedule,
    is_weekend,
    package_schedule,
    package_years,
)
from tests.workdays import d, dates, make_schedule, weekdays_between

EIGHT = Decimal(8)
FAST = settings(max_examples=200, deadline=None)
CALENDAR = WorkCalendar()


def statutory_of(year: int) -> list[date]:
    return sorted(CALENDAR.schedule(year).statutory)


# --- working days of package years -----------------------------------------------------------


def test_october_2024_has_19_working_days_by_the_published_schedule() -> None:
    # 2024 notice: 国庆节 10-1..10-7 off; 9-29 (Sun) and 10-12 (Sat) worked. October's weekdays
    # off are 10-1, 10-2, 10-3, 10-4 and 10-7 (10-5 and 10-6 are a weekend anyway).
    weekdays = weekdays_between(d("2024-10-01"), d("2024-10-31"))
    expected = weekdays - 5 + 1
    assert expected == 19  # 23 weekdays − 5 + 1: not the 18 one might guess
    assert CALENDAR.working_days(d("2024-10-01"), d("2024-10-31")) == expected


def test_october_2026_has_18_working_days_and_144_standard_hours_at_8_a_day() -> None:
    # 2026 notice: 国庆节 10-1..10-7 off; 9-20 (Sun) and 10-10 (Sat) worked. October's weekdays
    # off: 10-1, 10-2, 10-5, 10-6, 10-7; 10-10 is worked.
    expected = weekdays_between(d("2026-10-01"), d("2026-10-31")) - 5 + 1
    days = CALENDAR.month(Month(2026, 10), EIGHT)
    assert days.working_days == expected == 18
    assert days.standard_hours == expected * EIGHT == Decimal(144)  # R-HRS-1


def test_a_weekend_day_worked_by_adjustment_counts_as_a_working_day() -> None:
    assert is_weekend(d("2026-10-10"))
    assert CALENDAR.is_working_day(d("2026-10-10"))  # Saturday, 调休 for 国庆节
    assert CALENDAR.is_working_day(d("2026-09-20"))  # Sunday, 调休 for 国庆节


def test_a_holiday_weekday_is_not_a_working_day() -> None:
    assert not is_weekend(d("2026-10-05"))
    assert not CALENDAR.is_working_day(d("2026-10-05"))


def test_an_ordinary_saturday_is_a_rest_day_and_an_ordinary_wednesday_a_working_day() -> None:
    assert not CALENDAR.is_working_day(d("2026-10-17"))
    assert CALENDAR.is_working_day(d("2026-10-14"))
    assert CALENDAR.holiday_name(d("2026-10-14")) is None


def test_a_range_crossing_the_year_end_counts_both_years() -> None:
    # 12-29..12-31 (Mon–Wed) are worked; 2026 notice: 元旦 1-1..1-3 off, 1-4 (Sun) worked.
    start, end = d("2025-12-29"), d("2026-01-04")
    expected = weekdays_between(start, end) - 2 + 1  # weekdays off: 1-1, 1-2
    assert CALENDAR.working_days(start, end) == expected == 4


def test_an_attendance_cycle_from_the_26th_has_its_own_figures() -> None:
    # Cycle 2026-09-26..10-25: 中秋节 9-25..9-27 (9-26, 9-27 are a weekend inside it), 国庆节
    # weekdays off 10-1, 10-2, 10-5, 10-6, 10-7, and 10-10 worked.
    start, end = d("2026-09-26"), d("2026-10-25")
    expected = weekdays_between(start, end) - 5 + 1
    days = CALENDAR.period(start, end, EIGHT)
    assert days.working_days == expected
    assert days.standard_hours == expected * EIGHT
    assert days.holidays[:2] == [
        HolidayDay(d("2026-09-26"), "中秋节", False),
        HolidayDay(d("2026-09-27"), "中秋节", False),
    ]
    assert [h.day for h in days.holidays if h.statutory] == dates(
        "2026-10-01", "2026-10-02", "2026-10-03"
    )
    assert days.adjusted_workdays == [AdjustedWorkday(d("2026-10-10"), "国庆节")]
    assert (days.start, days.end) == (start, end)


def test_a_month_lists_its_days_off_worked_weekends_and_source() -> None:
    days = CALENDAR.month(Month(2026, 10), EIGHT)
    assert [(h.day.day, h.name) for h in days.holidays] == [(n, "国庆节") for n in range(1, 8)]
    assert [h.statutory for h in days.holidays] == [True] * 3 + [False] * 4
    assert days.adjusted_workdays == [AdjustedWorkday(d("2026-10-10"), "国庆节")]
    assert days.sources == [PACKAGE_SOURCE]


def test_a_month_explains_its_standard_hours_citing_r_hrs_1() -> None:
    days = CALENDAR.month(Month(2026, 10), Decimal("7.5"))
    counted, standard = days.steps
    assert counted.rule == standard.rule == "R-HRS-1"
    assert counted.code == "calendar.working_days"
    assert counted.args["weekdays"] == 22
    assert counted.args["weekday_days_off"] == 5
    assert counted.args["adjusted_workdays"] == 1
    assert counted.args["working_days"] == 18
    assert standard.code == "hours.standard_hours"
    assert standard.args == {
        "working_days": 18,
        "hours_per_working_day": "7.5",
        "standard_hours": "135",  # 18 × 7.5
    }


def test_a_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(KefuError, match="开始日期晚于结束日期"):
        CALENDAR.working_days(d("2026-10-02"), d("2026-10-01"))


# --- 法定节假日 ----------------------------------------------------------------------------------


def test_the_2025_spring_festival_statutory_days_are_new_years_eve_to_the_third_day() -> None:
    # From 2025 the law names 除夕 and 初一..初三: 1-28..1-31. 1-26 (Sun) and 2-8 (Sat) worked.
    days_off = [day for day, name in CALENDAR.schedule(2025).days_off.items() if name == "春节"]
    assert days_off == [d("2025-01-28") + timedelta(days=i) for i in range(8)]  # 1-28..2-4
    assert [day for day in days_off if CALENDAR.is_statutory_holiday(day)] == dates(
        "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"
    )


def test_the_2025_national_day_and_mid_autumn_statutory_days_are_1_2_3_and_6_october() -> None:
    october = [day for day in statutory_of(2025) if day.month == 10]
    assert october == dates("2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06")
    assert CALENDAR.holiday_name(d("2025-10-06")) == "中秋节"
    assert not CALENDAR.is_statutory_holiday(d("2025-10-07"))  # a rest day moved by 调休


def test_2026_has_the_13_statutory_days_the_law_names() -> None:
    # 全国年节及纪念日放假办法 (2024): 元旦 1; 春节 除夕..初三 4 (初一 is 2-17); 清明节 1 (the solar
    # term, 4-5); 劳动节 5-1, 5-2; 端午节 1 (6-19); 中秋节 1 (9-25); 国庆节 10-1..10-3.
    assert statutory_of(2026) == dates(
        "2026-01-01",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-04-05",
        "2026-05-01",
        "2026-05-02",
        "2026-06-19",
        "2026-09-25",
        "2026-10-01",
        "2026-10-02",
        "2026-10-03",
    )


def test_a_statutory_day_on_a_saturday_stays_statutory_and_its_monday_makeup_is_not() -> None:
    # 2026 国庆节: Saturday 10-3 is the law's third day; Monday 10-5 is the 补休 for it.
    assert CALENDAR.is_statutory_holiday(d("2026-10-03"))
    assert not CALENDAR.is_statutory_holiday(d("2026-10-05"))
    assert CALENDAR.holiday_name(d("2026-10-05")) == "国庆节"
    # 2026 清明节 falls on Sunday 4-5: Monday 4-6 is off but not statutory.
    assert CALENDAR.is_statutory_holiday(d("2026-04-05"))
    assert not CALENDAR.is_statutory_holiday(d("2026-04-06"))
    assert CALENDAR.holiday_name(d("2026-04-06")) == "清明节"


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_years_up_to_2024_have_11_statutory_days(year: int) -> None:
    # 元旦 1 + 春节 3 + 清明节 1 + 劳动节 1 + 端午节 1 + 中秋节 1 + 国庆节 3
    assert len(statutory_of(year)) == 1 + 3 + 1 + 1 + 1 + 1 + 3


@pytest.mark.parametrize("year", [2025, 2026])
def test_years_from_2025_have_13_statutory_days(year: int) -> None:
    # the 2024 revision adds 除夕 to 春节 and 5-2 to 劳动节
    assert len(statutory_of(year)) == 1 + 4 + 1 + 2 + 1 + 1 + 3


def test_a_weekend_new_years_day_is_statutory_not_the_monday_after() -> None:
    # 2022: 元旦 1-1 is a Saturday; 1-3 (Mon) is the 补休.
    assert CALENDAR.is_statutory_holiday(d("2022-01-01"))
    assert not CALENDAR.is_statutory_holiday(d("2022-01-03"))


# --- center schedules and missing years ---------------------------------------------------------


def test_a_center_schedule_replaces_the_package_year_entirely() -> None:
    own = make_schedule(
        2026,
        {"2026-10-01": "国庆节", "2026-10-02": "国庆节", "2026-10-03": "国庆节"},
        statutory=["2026-10-01"],
        source="center 2026",
    )
    calendar = WorkCalendar({2026: own})
    assert calendar.is_working_day(d("2026-10-05"))  # off in the package, worked here
    assert not calendar.is_working_day(d("2026-10-10"))  # no 调休 in this schedule
    assert calendar.holiday_name(d("2026-02-17")) is None  # none of the package's 2026 is left
    assert not calendar.is_statutory_holiday(d("2026-10-02"))
    assert calendar.month(Month(2026, 10), EIGHT).sources == ["center 2026"]
    assert calendar.is_statutory_holiday(d("2025-10-01"))  # other years are still the package's


def test_a_center_schedule_adds_a_year_the_package_lacks() -> None:
    # a made-up 2027: 元旦 1-1..1-3 (Fri–Sun), 1-1 statutory
    own = make_schedule(
        2027,
        {"2027-01-01": "元旦", "2027-01-02": "元旦", "2027-01-03": "元旦"},
        statutory=["2027-01-01"],
    )
    calendar = WorkCalendar({2027: own})
    expected = weekdays_between(d("2027-01-01"), d("2027-01-31")) - 1
    assert calendar.working_days(d("2027-01-01"), d("2027-01-31")) == expected
    assert calendar.is_statutory_holiday(d("2027-01-01"))
    assert 2027 in calendar.years and 2027 not in CALENDAR.years


def test_a_missing_year_is_refused_with_a_chinese_message_naming_it() -> None:
    with pytest.raises(CalendarYearMissing) as caught:
        WorkCalendar(where="/srv/kefu/calendar").schedule(2027)
    message = caught.value.message
    assert message.startswith("2027 年的法定节假日与调休安排未知")
    assert "/srv/kefu/calendar" in message and "添加 2027.yaml" in message
    assert "不会按周末推测" in message
    assert "(No holiday schedule for 2027" in message
    assert caught.value.http_status == 422 and caught.value.exit_code == 1
    assert caught.value.year == 2027


def test_a_year_before_the_package_is_refused_too_and_never_guessed() -> None:
    first = package_years().start
    with pytest.raises(CalendarYearMissing, match=str(first - 1)):
        CALENDAR.is_working_day(date(first - 1, 6, 3))


def test_a_range_reaching_into_a_missing_year_is_refused() -> None:
    with pytest.raises(CalendarYearMissing, match="2027"):
        CALENDAR.working_days(d("2026-12-28"), d("2027-01-03"))


def test_a_leap_day_in_a_center_year_is_an_ordinary_date() -> None:
    # made-up 2028: 2-28 (Mon) and 2-29 (Tue) off, 2-29 statutory
    own = make_schedule(
        2028, {"2028-02-28": "闰日假", "2028-02-29": "闰日假"}, statutory=["2028-02-29"]
    )
    calendar = WorkCalendar({2028: own})
    assert calendar.is_statutory_holiday(d("2028-02-29"))
    expected = weekdays_between(d("2028-02-01"), d("2028-02-29")) - 2
    assert calendar.month(Month(2028, 2), EIGHT).working_days == expected


def test_a_schedule_refuses_dates_outside_its_year_or_contradictions() -> None:
    with pytest.raises(ValueError, match="outside the year"):
        make_schedule(2027, {"2026-12-31": "元旦"})
    with pytest.raises(ValueError, match="statutory"):
        make_schedule(2027, {"2027-01-01": "元旦"}, statutory=["2027-01-02"])
    with pytest.raises(ValueError, match="both"):
        make_schedule(2027, {"2027-01-02": "元旦"}, adjusted_workdays={"2027-01-02": "元旦"})
    with pytest.raises(ValueError, match="weekend"):
        make_schedule(2027, adjusted_workdays={"2027-01-04": "元旦"})
    with pytest.raises(ValueError, match="holds the year"):
        WorkCalendar({2026: make_schedule(2027)})


# --- properties ------------------------------------------------------------------------------

first_day = date(package_years().start, 1, 1)
last_day = date(package_years().stop - 1, 12, 31)
package_days = st.dates(min_value=first_day, max_value=last_day)
lengths = st.integers(min_value=0, max_value=400)


def _clamped(start: date, length: int) -> tuple[date, date]:
    return start, min(start + timedelta(days=length), last_day)


@FAST
@given(package_days, lengths)
def test_working_days_count_exactly_the_working_days_one_by_one(start: date, length: int) -> None:
    start, end = _clamped(start, length)
    one_by_one = sum(
        CALENDAR.is_working_day(start + timedelta(days=i)) for i in range((end - start).days + 1)
    )
    assert CALENDAR.working_days(start, end) == one_by_one


@FAST
@given(package_days, lengths, lengths)
def test_working_days_of_two_adjacent_ranges_add_up(start: date, first: int, second: int) -> None:
    start, middle = _clamped(start, first)
    if middle == last_day:
        return
    _, end = _clamped(middle + timedelta(days=1), second)
    assert CALENDAR.working_days(start, end) == CALENDAR.working_days(
        start, middle
    ) + CALENDAR.working_days(middle + timedelta(days=1), end)


@FAST
@given(package_days, lengths, st.integers(min_value=1, max_value=2400))
def test_standard_hours_are_working_days_times_hours_a_day(
    start: date, length: int, tenths: int
) -> None:
    start, end = _clamped(start, length)
    hours = Decimal(tenths).scaleb(-1)
    days = CALENDAR.period(start, end, hours)
    assert days.standard_hours == days.working_days * hours


@pytest.mark.parametrize("year", list(package_years()))
def test_every_package_year_is_consistent(year: int) -> None:
    schedule: YearSchedule = package_schedule(year)
    assert schedule.statutory <= schedule.days_off.keys()
    assert not schedule.days_off.keys() & schedule.adjusted_workdays.keys()
    assert all(is_weekend(day) for day in schedule.adjusted_workdays)
    assert all(day.year == year for day in schedule.days_off)
    assert schedule.source == PACKAGE_SOURCE


@pytest.mark.parametrize("year", list(package_years()))
def test_each_holiday_keeps_as_many_statutory_days_as_weekdays_off_not_in_lieu(year: int) -> None:
    schedule = package_schedule(year)
    for name in set(schedule.days_off.values()):
        days = [day for day, n in schedule.days_off.items() if n == name]
        named = [day for day in days if not is_weekend(day) and day not in constants.in_lieu_days]
        assert len([day for day in days if day in schedule.statutory]) == len(named), name
