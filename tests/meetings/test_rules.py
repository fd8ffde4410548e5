"""会议制度 (R-MTG-1) as pure rules: the pre-shift time, due dates, attendance rates and the
schedule check, without a database."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.explain.messages import render
from kefu.meetings import rules
from kefu.meetings.rules import HeldMeeting, MeetingInvalid, TeamDays

MONDAY = date(2026, 10, 26)
FRIDAY = date(2026, 10, 30)


def test_R_MTG_1_pre_shift_meeting_starts_the_policy_minutes_before_the_shift() -> None:
    at, step = rules.pre_shift_start("R", time(8, 30), 15)
    assert at == time(8, 15)
    assert "08:30" in render(step) and "15" in render(step) and "08:15" in render(step)


def test_R_MTG_1_pre_shift_meeting_of_a_midnight_shift_starts_the_evening_before() -> None:
    at, _ = rules.pre_shift_start("N", time(0, 0), 20)
    assert at == time(23, 40)


def test_R_MTG_1_a_negative_number_of_minutes_is_refused() -> None:
    with pytest.raises(MeetingInvalid):
        rules.pre_shift_start("R", time(8, 30), -1)


@given(st.integers(0, 23), st.integers(0, 59), st.integers(0, 24 * 60 - 1))
def test_R_MTG_1_the_start_is_always_exactly_the_minutes_before(h: int, m: int, early: int) -> None:
    at, _ = rules.pre_shift_start("R", time(h, m), early)
    shift = h * 60 + m
    assert (shift - (at.hour * 60 + at.minute)) % (24 * 60) == early


def test_R_MTG_1_a_follow_up_without_a_date_is_due_the_policy_days_after() -> None:
    due, step = rules.follow_up_due(FRIDAY, None, 7)
    assert due == FRIDAY + timedelta(days=7)
    assert step.code == "meeting.due_default"


def test_R_MTG_1_a_follow_up_keeps_its_own_due_date() -> None:
    due, step = rules.follow_up_due(FRIDAY, date(2026, 11, 1), 7)
    assert due == date(2026, 11, 1) and step.code == "meeting.due_given"


def test_R_MTG_1_a_due_date_before_the_meeting_is_refused() -> None:
    with pytest.raises(MeetingInvalid):
        rules.follow_up_due(FRIDAY, FRIDAY - timedelta(days=1), 7)


def test_R_MTG_1_no_date_and_no_policy_days_is_refused_naming_the_parameter() -> None:
    with pytest.raises(MeetingInvalid, match="follow_up_days"):
        rules.follow_up_due(FRIDAY, None, None)


def test_R_MTG_1_only_an_open_follow_up_past_its_date_is_overdue() -> None:
    assert rules.overdue(rules.OPEN, FRIDAY, FRIDAY + timedelta(days=1))
    assert not rules.overdue(rules.OPEN, FRIDAY, FRIDAY)
    assert not rules.overdue(rules.DONE, FRIDAY, FRIDAY + timedelta(days=9))
    step = rules.overdue_step("回访", "王芳", FRIDAY, FRIDAY + timedelta(days=3))
    assert step.reason and "3" in render(step)


def test_R_MTG_1_attendance_rate_leaves_excused_absences_out() -> None:
    rates = rules.attendance_rates(
        [("1001", "present"), ("1001", "absent"), ("1001", "excused"), ("1001", "present")]
    )
    r = rates["1001"]
    assert (r.present, r.absent, r.excused, r.invited) == (2, 1, 1, 4)
    assert r.rate == Decimal(2) / Decimal(3)
    assert rules.percent(r.rate) == "66.7"
    assert "66.7%" in render(r.steps[0])


def test_R_MTG_1_only_excused_absences_give_no_rate() -> None:
    r = rules.attendance_rates([("1001", "excused")])["1001"]
    assert r.rate is None and r.steps[0].code == "meeting.attendance_none"


def test_R_MTG_1_no_records_no_rates_and_a_bad_status_is_refused() -> None:
    assert rules.attendance_rates([]) == {}
    with pytest.raises(MeetingInvalid):
        rules.attendance_rates([("1001", "late")])


@given(st.lists(st.sampled_from(rules.ATTENDANCE), max_size=30))
def test_R_MTG_1_the_rate_is_between_zero_and_one(statuses: list[str]) -> None:
    rates = rules.attendance_rates([("1001", s) for s in statuses])
    if not statuses:
        assert rates == {}
        return
    r = rates["1001"]
    assert r.invited == len(statuses)
    assert r.rate is None or Decimal(0) <= r.rate <= Decimal(1)


def week_days(start: date, days: int, source: str = "roster") -> dict[date, str]:
    return {start + timedelta(days=i): source for i in range(days)}


def held(
    id_: int, kind: str, day: date, dept: str | None = "一部", team: str | None = "1组"
) -> HeldMeeting:
    return HeldMeeting(id_, kind, day, dept, team)


def check(meetings: list[HeldMeeting], **kw: object) -> rules.ScheduleCheck:
    args: dict[str, object] = {
        "start": MONDAY,
        "end": MONDAY + timedelta(days=6),
        "today": MONDAY + timedelta(days=30),
        "teams": [TeamDays("一部", "1组", week_days(MONDAY, 5))],
        "departments": ["一部"],
        "meetings": meetings,
        "weekly_weekday": 5,
        "monthly_by_day": 5,
    }
    args.update(kw)
    return rules.schedule_check(**args)  # type: ignore[arg-type]


def test_R_MTG_1_each_working_day_of_a_team_needs_a_pre_and_post_shift_meeting() -> None:
    c = check(
        [held(1, "pre_shift", MONDAY), held(2, "post_shift", MONDAY)],
        kinds=("pre_shift", "post_shift"),
    )
    assert c.counts() == {
        "pre_shift": {"held": 1, "missing": 4},
        "post_shift": {"held": 1, "missing": 4},
    }
    assert all(e.due_on != MONDAY for e in c.missing)


def test_R_MTG_1_another_team_s_meeting_does_not_count() -> None:
    c = check([held(1, "pre_shift", MONDAY, team="2组")], kinds=("pre_shift",))
    assert len(c.missing) == 5


def test_R_MTG_1_days_after_today_are_not_missing_yet() -> None:
    c = check([], kinds=("pre_shift",), today=MONDAY + timedelta(days=1))
    assert [e.due_on for e in c.missing] == [MONDAY, MONDAY + timedelta(days=1)]


def test_R_MTG_1_the_weekly_meeting_on_its_day_another_day_or_missing() -> None:
    on_day = check([held(1, "weekly", FRIDAY, team=None)], kinds=("weekly",))
    assert [e.status for e in on_day.expected] == ["held"]
    other = check([held(1, "weekly", FRIDAY - timedelta(days=1), team=None)], kinds=("weekly",))
    assert [e.status for e in other.expected] == ["held_other_day"]
    none = check([], kinds=("weekly",))
    assert [e.status for e in none.expected] == ["missing"]
    assert none.expected[0].steps[0].reason


def test_R_MTG_1_a_center_wide_weekly_meeting_counts_for_every_department() -> None:
    c = check([held(1, "weekly", FRIDAY, dept=None, team=None)], kinds=("weekly",))
    assert [e.status for e in c.expected] == ["held"]


def test_R_MTG_1_a_weekly_meeting_whose_day_is_outside_the_period_is_not_expected() -> None:
    c = check([], kinds=("weekly",), end=MONDAY + timedelta(days=3))
    assert c.expected == []


def test_R_MTG_1_the_monthly_meeting_in_time_late_or_missing() -> None:
    start, end = date(2026, 11, 1), date(2026, 11, 30)
    kw: dict[str, object] = {"kinds": ("monthly",), "start": start, "end": end}
    in_time = check([held(1, "monthly", date(2026, 11, 3), team=None)], **kw)
    assert [e.status for e in in_time.expected] == ["held"]
    late = check([held(1, "monthly", date(2026, 11, 9), team=None)], **kw)
    assert [e.status for e in late.expected] == ["late"]
    missing = check([], **kw)
    assert [(e.status, e.due_on) for e in missing.expected] == [("missing", date(2026, 11, 5))]


def test_R_MTG_1_the_check_refuses_open_parameters_and_bad_input() -> None:
    with pytest.raises(MeetingInvalid, match="monthly_by_day"):
        check([], kinds=("monthly",), monthly_by_day=None)
    with pytest.raises(MeetingInvalid):
        check([], kinds=("weekly",), weekly_weekday=8)
    with pytest.raises(MeetingInvalid):
        check([], start=MONDAY, end=MONDAY - timedelta(days=1))
    with pytest.raises(MeetingInvalid):
        check([], kinds=("daily",))


def test_R_MTG_1_every_check_step_renders_in_both_languages() -> None:
    c = check(
        [held(1, "pre_shift", MONDAY), held(2, "weekly", FRIDAY - timedelta(days=1), team=None)],
        start=date(2026, 10, 26),
        end=date(2026, 11, 30),
    )
    for step in c.steps + [s for e in c.expected for s in e.steps]:
        for lang in ("zh", "en"):
            text = render(step, lang)
            assert step.code not in text, text


def test_R_MTG_1_team_days_come_from_the_roster_else_the_calendar() -> None:
    kept = {MONDAY, MONDAY + timedelta(days=1)}
    t = rules.team_days(
        "一部",
        "1组",
        {MONDAY},
        kept,
        {MONDAY + timedelta(days=2)},
        MONDAY,
        MONDAY + timedelta(days=3),
    )
    assert t.days == {MONDAY: "roster", MONDAY + timedelta(days=2): "calendar"}


def test_R_MTG_1_times_kinds_and_attendance_are_checked() -> None:
    with pytest.raises(MeetingInvalid):
        rules.check_times(time(9, 0), time(8, 0))
    rules.check_times(time(9, 0), None)
    with pytest.raises(MeetingInvalid):
        rules.check_kind("daily")
    with pytest.raises(MeetingInvalid):
        rules.check_attendance("late")
