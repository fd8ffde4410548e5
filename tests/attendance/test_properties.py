"""Properties of shift hours, the attendance cycle and the ledgers over random inputs."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.attendance.ledger import CompTimeUse, Ledger, run_ledger
from kefu.attendance.shifts import worked_hours
from kefu.attendance.summary import (
    AttendanceEvent,
    DayMemo,
    RosterDay,
    attendance_for_cycle,
    cycle_hours,
)
from kefu.errors import KefuError
from kefu.policy.schema import ShiftType
from tests.attendance import (
    NATIONAL_DAY_2026,
    D,
    at,
    demo_cycle,
    make_event,
    make_periods,
    make_roster,
    make_shift,
    shift_types,
)

FAST = settings(max_examples=200, deadline=None)
DAY_MINUTES = 24 * 60


def clock(minute_of_day: int) -> str:
    minute_of_day %= DAY_MINUTES
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


@st.composite
def shift_type_strategy(draw: st.DrawFn) -> ShiftType:
    """Any consistent shift type: 15 minutes to 24 hours, with breaks or spread unpaid time."""
    start = draw(st.integers(0, DAY_MINUTES - 1))
    quarters = draw(st.integers(1, 96))
    length = quarters * 15  # on-site hours are then exact decimals
    on_site = D(length) / 60
    with_breaks = quarters >= 3 and draw(st.booleans())
    if with_breaks:
        pairs = draw(st.integers(1, min(3, (quarters - 1) // 2)))
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(1, quarters - 1),
                    min_size=2 * pairs,
                    max_size=2 * pairs,
                    unique=True,
                )
            )
        )
        offsets = [(cuts[i] * 15, cuts[i + 1] * 15) for i in range(0, len(cuts), 2)]
        unpaid = sum(b - a for a, b in offsets)
        return make_shift(
            "P",
            clock(start),
            clock(start + length),
            on_site,
            D(length - unpaid) / 60,
            breaks=[(clock(start + a), clock(start + b)) for a, b in offsets],
        )
    percent = draw(st.integers(1, 100))
    return make_shift("P", clock(start), clock(start + length), on_site, on_site * percent / 100)


days = st.dates(date(2026, 1, 1), date(2030, 12, 31))
minutes = st.integers(0, 30 * 60)


@FAST
@given(shift_type_strategy(), days, minutes, minutes)
def test_R_SHF_1_parts_always_sum_to_the_counted_hours_which_stay_within_the_policy(
    shift, day, late, early
):
    holidays = {day + timedelta(days=1)}
    hours = worked_hours(shift, day, holidays, late_minutes=late, early_minutes=early)
    assert sum((p.counted for p in hours.parts), Decimal(0)) == hours.counted
    assert sum((p.on_site for p in hours.parts), Decimal(0)) == hours.on_site
    assert 0 <= hours.counted <= shift.counted_hours
    assert 0 <= hours.on_site <= shift.on_site_hours
    assert all(p.counted >= 0 for p in hours.parts)
    # parts are consecutive calendar days, from the start day or later, none empty
    part_days = [p.day for p in hours.parts]
    assert part_days == sorted(set(part_days))
    assert all(day <= d <= day + timedelta(days=1) for d in part_days)
    assert all(p.on_site > 0 for p in hours.parts)
    assert hours.holiday_hours <= hours.counted


@FAST
@given(shift_type_strategy(), days)
def test_R_SHF_1_a_full_shift_gives_exactly_the_policys_counted_hours(shift, day):
    hours = worked_hours(shift, day, ())
    assert hours.counted == shift.counted_hours
    assert hours.on_site == shift.on_site_hours


@FAST
@given(shift_type_strategy(), days, minutes)
def test_R_SHF_1_more_lateness_never_gives_more_hours(shift, day, late):
    earlier = worked_hours(shift, day, (), late_minutes=late)
    later = worked_hours(shift, day, (), late_minutes=late + 1)
    assert later.counted <= earlier.counted


# the attendance cycle ------------------------------------------------------------------------

OCTOBER = demo_cycle("2026-10")
NOVEMBER = demo_cycle("2026-11")
CODES = sorted(shift_types())


@st.composite
def cycle_inputs(draw: st.DrawFn) -> tuple[list, list[AttendanceEvent]]:
    """A roster from the day before the cycle to the day after, and valid events in the cycle."""
    first, last = OCTOBER
    span = [first - timedelta(days=1) + timedelta(days=i) for i in range((last - first).days + 3)]
    roster = [
        (d, code) for d in span if (code := draw(st.sampled_from([None, *CODES]))) is not None
    ]
    events: list[AttendanceEvent] = []
    for d in span:
        if draw(st.integers(0, 3)):
            continue
        leave = draw(
            st.sampled_from(
                [
                    None,
                    "absence",
                    "personal_leave",
                    "sick_leave",
                    "comp_time_leave",
                    "unapproved_absence",
                ]
            )
        )
        if leave is not None:
            events.append(
                make_event(
                    d,
                    leave,
                    days=draw(st.sampled_from([D("0.5"), D(1)])),
                    approved=draw(st.sampled_from([None, True, False])),
                )
            )
        if draw(st.booleans()):
            events.append(make_event(d, "late", minutes=draw(st.none() | st.integers(0, 900))))
        if draw(st.booleans()):
            events.append(make_event(d, "early_leave", minutes=draw(st.integers(0, 900))))
        if draw(st.booleans()):
            events.append(
                make_event(
                    d, "clock_in", at=at(d, draw(st.sampled_from(["08:00", "09:45", "21:00"])))
                )
            )
        if draw(st.booleans()):
            events.append(make_event(d, "clock_out", at=at(d, "20:00")))
        if draw(st.booleans()):
            events.append(make_event(d, "shift_swap", voluntary=draw(st.none() | st.booleans())))
    return roster, events


@FAST
@given(cycle_inputs(), st.integers(0, 15))
def test_R_BON_5_the_cycles_figures_add_up(inputs, grace):
    roster, events = inputs
    first, last = OCTOBER
    result = attendance_for_cycle(
        make_roster(*roster), events, shift_types(), OCTOBER, NATIONAL_DAY_2026, grace
    )
    in_cycle = [o for o in result.days if o.in_cycle]
    rostered = [d for d, _ in roster if first <= d <= last]
    assert [o.day for o in in_cycle] == rostered
    plain = sum((o.absence_days for o in in_cycle), Decimal(0))
    assert result.absence_days == (
        plain + result.personal_leave_days + result.sick_leave_days + result.unapproved_absence_days
    )
    summary = result.summary()
    assert summary.absence_days == result.absence_days
    assert summary.late_count == result.late_count == sum(o.late for o in in_cycle)
    assert result.night_shifts <= result.shifts_worked <= len(rostered)
    assert result.early_leave_count <= len(rostered)
    # hours: never negative, never more than the full shifts would give inside the cycle
    full = sum(
        (
            worked_hours(shift_types()[code], d, ()).counted_between(first, last)
            for d, code in roster
            if d <= last
        ),
        Decimal(0),
    )
    assert 0 <= result.counted_hours <= full
    assert 0 <= result.holiday_hours <= result.counted_hours
    assert result.comp_time_leave_hours == sum(
        (shift_types()[o.shift_code].counted_hours * o.comp_time_days for o in in_cycle),
        Decimal(0),
    )
    for o in result.days:
        assert o.absence_days + o.personal_leave_days + o.sick_leave_days <= 1
        assert o.unapproved_absence_days + o.comp_time_days <= 1
        assert o.cycle_hours >= 0


@FAST
@given(st.lists(st.sampled_from([None, *CODES]), min_size=61, max_size=61))
def test_R_SHF_1_every_hour_of_a_clean_roster_lands_in_exactly_one_of_two_cycles(codes):
    # from October's first day to the day before November's last: nothing spills outside
    first = OCTOBER[0]
    roster = make_roster(
        *[
            (first + timedelta(days=i), code)
            for i, code in enumerate(codes)
            if code is not None and first + timedelta(days=i) < NOVEMBER[1]
        ]
    )
    october = attendance_for_cycle(roster, [], shift_types(), OCTOBER, (), 0)
    november = attendance_for_cycle(roster, [], shift_types(), NOVEMBER, (), 0)
    total = sum((shift_types()[r.shift_code].counted_hours for r in roster), Decimal(0))
    assert october.counted_hours + november.counted_hours == total
    assert october.shifts_worked + november.shifts_worked == len(roster)


# the ledgers ---------------------------------------------------------------------------------


@st.composite
def ledger_inputs(draw: st.DrawFn) -> tuple[list, list[CompTimeUse], int, date]:
    count = draw(st.integers(1, 10))
    quarter_hours = st.integers(-80, 80).map(lambda q: D(q) / 4)
    deltas = draw(st.lists(quarter_hours, min_size=count, max_size=count))
    periods = make_periods("2026-01", [D(168) + delta for delta in deltas])
    uses = [
        CompTimeUse(
            periods[draw(st.integers(0, count - 1))].starts_on
            + timedelta(days=draw(st.integers(0, 27))),
            D(draw(st.integers(1, 48))) / 4,
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    months = draw(st.integers(1, 6))
    as_of = periods[-1].ends_on + timedelta(days=draw(st.integers(0, 400)))
    return periods, uses, months, as_of


def replay_is_first_in_first_out(result: Ledger) -> None:
    remaining: dict[date, Decimal] = {}
    for entry in result.entries:
        if entry.kind == "earned":
            remaining[entry.lot_earned_on] = entry.hours
            continue
        if entry.kind in ("used", "offset"):
            older = [d for d, left in remaining.items() if d < entry.lot_earned_on and left > 0]
            assert older == [], "an older lot still had hours"
            assert entry.on < entry.lot_expires_on
        else:
            assert entry.on == entry.lot_expires_on
        remaining[entry.lot_earned_on] -= entry.hours
        assert remaining[entry.lot_earned_on] >= 0


@FAST
@given(ledger_inputs())
def test_R_HRS_2_the_balance_is_earned_less_used_offset_and_expired_and_never_negative(inputs):
    periods, uses, months, as_of = inputs
    result = run_ledger(periods, uses, months, as_of)
    assert result.balance == (
        result.total("earned")
        - result.total("used")
        - result.total("offset")
        - result.total("expired")
    )
    assert result.balance >= 0
    assert all(e.balance_after >= 0 for e in result.entries)
    assert sum((lot.remaining for lot in result.lots), Decimal(0)) == result.balance
    assert [e.on for e in result.entries] == sorted(e.on for e in result.entries)
    # nothing still held has passed its expiry day
    assert all(lot.expires_on > as_of for lot in result.lots if lot.remaining > 0)


@FAST
@given(ledger_inputs())
def test_R_HRS_2_lots_are_consumed_in_the_order_they_were_earned(inputs):
    periods, uses, months, as_of = inputs
    result = run_ledger(periods, uses, months, as_of)
    assert [lot.earned_on for lot in result.lots] == sorted({lot.earned_on for lot in result.lots})
    replay_is_first_in_first_out(result)


@FAST
@given(ledger_inputs())
def test_R_HRS_1_every_period_balances_its_required_hours(inputs):
    periods, uses, months, as_of = inputs
    result = run_ledger(periods, uses, months, as_of)
    carried = Decimal(0)
    for period, hours in zip(result.periods, periods, strict=True):
        assert period.carried_in == carried
        assert period.required == hours.standard + carried
        assert period.surplus - period.shortfall == (
            hours.counted + period.comp_time_used - period.required
        )
        assert period.surplus == 0 or period.shortfall == 0
        assert 0 <= period.offset <= period.shortfall
        assert period.carried_out == period.shortfall - period.offset
        carried = period.carried_out
    assert result.carried_shortfall == carried


@FAST
@given(st.lists(cycle_inputs(), min_size=2, max_size=4), st.integers(0, 15))
def test_R_BON_5_a_memo_shared_by_many_people_changes_no_result(people, grace):
    """The close shares days without records between people; each result stays its own."""
    types = shift_types()
    memo = DayMemo(types, OCTOBER, NATIONAL_DAY_2026, grace)
    for roster, events in people:
        rostered = make_roster(*roster)
        alone = attendance_for_cycle(rostered, events, types, OCTOBER, NATIONAL_DAY_2026, grace)
        shared = attendance_for_cycle(
            rostered, events, types, OCTOBER, NATIONAL_DAY_2026, grace, memo
        )
        assert shared == alone


def test_a_memo_refuses_other_cycle_settings():
    types = shift_types()
    memo = DayMemo(types, OCTOBER, NATIONAL_DAY_2026, 0)
    with pytest.raises(ValueError, match="DayMemo"):
        attendance_for_cycle([], [], types, NOVEMBER, NATIONAL_DAY_2026, 0, memo)


@FAST
@given(cycle_inputs(), st.integers(0, 15), st.booleans())
def test_R_HRS_1_the_hours_only_path_gives_the_cycles_hours_and_comp_time_uses(
    inputs, grace, shared
):
    """A pay close runs earlier cycles through cycle_hours: the same figures, no day record."""
    roster, events = inputs
    types = shift_types()
    memo = DayMemo(types, OCTOBER, NATIONAL_DAY_2026, grace) if shared else None
    full = attendance_for_cycle(
        make_roster(*roster), events, types, OCTOBER, NATIONAL_DAY_2026, grace
    )
    hours, uses = cycle_hours(
        make_roster(*roster), events, types, OCTOBER, NATIONAL_DAY_2026, grace, memo
    )
    assert (hours, uses) == (full.counted_hours, full.comp_time_uses())


@FAST
@given(st.lists(cycle_inputs(), min_size=2, max_size=4), st.integers(0, 15))
def test_R_HRS_1_one_memo_serves_many_people_on_the_hours_only_path(people, grace):
    """Days without records are looked up in a memo shared by a close's people: same figures."""
    types = shift_types()
    memo = DayMemo(types, OCTOBER, NATIONAL_DAY_2026, grace)
    for roster, events in people:
        full = attendance_for_cycle(
            make_roster(*roster), events, types, OCTOBER, NATIONAL_DAY_2026, grace
        )
        got = cycle_hours(
            make_roster(*roster), events, types, OCTOBER, NATIONAL_DAY_2026, grace, memo
        )
        assert got == (full.counted_hours, full.comp_time_uses())


def test_R_HRS_1_a_duplicate_day_is_refused_with_a_memo_too():
    types = shift_types()
    memo = DayMemo(types, OCTOBER, NATIONAL_DAY_2026, 0)
    code = sorted(types)[0]
    twice = [RosterDay(OCTOBER[0], code), RosterDay(OCTOBER[0], code)]
    with pytest.raises(KefuError, match="两个班次"):
        cycle_hours(twice, [], types, OCTOBER, NATIONAL_DAY_2026, 0, memo)
