"""The hours ledger (工时) and the comp-time ledger (换休) (R-HRS-1, R-HRS-2)."""

from __future__ import annotations

from datetime import date

import pytest

from kefu.attendance.ledger import CompTimeUse, PeriodHours, expiry_date, run_ledger
from kefu.errors import KefuError
from tests.attendance import D, demo_hours, make_periods

STANDARD = D(168)  # 21 statutory working days × 8 hours (R-HRS-1), the tests' standard


def months() -> int:
    expires = demo_hours().comp_time_expires_months
    assert expires is not None
    return expires


def ledger(periods, uses=(), as_of=None):
    as_of = as_of or periods[-1].ends_on
    return run_ledger(periods, list(uses), months(), as_of)


def kinds(result) -> list[tuple[str, date, object]]:
    return [(e.kind, e.on, e.hours) for e in result.entries]


# expiry_date ---------------------------------------------------------------------------


def test_R_HRS_2_demo_comp_time_lasts_six_months():
    assert months() == 6


def test_R_HRS_2_a_lot_expires_on_the_same_day_six_months_later():
    assert expiry_date(date(2026, 3, 15), 6) == date(2026, 9, 15)
    assert expiry_date(date(2026, 12, 31), 2) == date(2027, 2, 28)


def test_R_HRS_2_earned_on_2027_08_31_expires_on_the_leap_day_2028_02_29():
    assert expiry_date(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_R_HRS_2_earned_on_2026_08_31_expires_on_2027_02_28():
    assert expiry_date(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_R_HRS_2_a_lot_earned_at_the_end_of_august_2027_expires_on_the_leap_day():
    result = ledger(make_periods("2027-08", [STANDARD + 2]))
    assert [(lot.earned_on, lot.expires_on) for lot in result.lots] == [
        (date(2027, 8, 31), date(2028, 2, 29))
    ]


# earning and expiring --------------------------------------------------------------------


def test_R_HRS_1_hours_above_the_standard_become_a_lot_dated_the_periods_end():
    result = ledger(make_periods("2026-01", [STANDARD + 10]))
    assert kinds(result) == [("earned", date(2026, 1, 31), D(10))]
    assert result.balance == 10
    assert result.periods[0].surplus == 10
    assert result.entries[0].lot_expires_on == date(2026, 7, 31)


def test_R_HRS_2_comp_time_can_be_used_the_day_before_it_expires():
    periods = make_periods("2026-01", [STANDARD + 10] + [STANDARD] * 5 + [STANDARD - 4])
    use = CompTimeUse(date(2026, 7, 30), D(4))
    result = ledger(periods, [use])
    assert ("used", date(2026, 7, 30), D(4)) in kinds(result)
    # July: 164 counted + 4 funded comp time = 168, the standard
    assert result.periods[-1].comp_time_used == 4
    assert result.periods[-1].shortfall == 0
    # the July period ends on the 31st, the lot's expiry day: what remained has gone
    assert kinds(result)[-1] == ("expired", date(2026, 7, 31), D(6))
    assert result.balance == 0


def test_R_HRS_2_comp_time_is_gone_on_its_expiry_day():
    periods = make_periods("2026-01", [STANDARD + 10] + [STANDARD] * 5 + [STANDARD - 4])
    use = CompTimeUse(date(2026, 7, 31), D(4))
    result = ledger(periods, [use])
    assert kinds(result) == [
        ("earned", date(2026, 1, 31), D(10)),
        ("expired", date(2026, 7, 31), D(10)),
    ]
    assert "ledger.use_unfunded" in [s.code for s in result.reasons]
    # the unfunded use counts as nothing: July falls 4 hours short, carried to August
    assert result.periods[-1].comp_time_used == 0
    assert result.carried_shortfall == 4


def test_R_HRS_2_lots_expire_up_to_and_including_the_as_of_day():
    periods = make_periods("2026-01", [STANDARD + 10])
    assert ledger(periods, as_of=date(2026, 7, 30)).balance == 10
    on_the_day = ledger(periods, as_of=date(2026, 7, 31))
    assert on_the_day.balance == 0
    assert kinds(on_the_day)[-1] == ("expired", date(2026, 7, 31), D(10))
    assert on_the_day.lots[0].remaining == 0


# using -------------------------------------------------------------------------------------


def test_R_HRS_2_comp_time_is_used_oldest_lot_first_over_three_lots():
    periods = make_periods("2026-01", [STANDARD + 5, STANDARD + 6, STANDARD + 7, STANDARD - 8])
    result = ledger(periods, [CompTimeUse(date(2026, 4, 10), D(8), "req-1")])
    used = [(e.lot_earned_on, e.hours) for e in result.entries if e.kind == "used"]
    assert used == [(date(2026, 1, 31), D(5)), (date(2026, 2, 28), D(3))]
    assert [lot.remaining for lot in result.lots] == [D(0), D(3), D(7)]
    assert result.balance == 5 + 6 + 7 - 8
    assert result.periods[-1].shortfall == 0
    assert result.entries[-1].step.args["ref"] == "req-1"


def test_R_HRS_2_a_use_larger_than_the_bank_is_funded_only_as_far_as_the_bank_goes():
    periods = make_periods("2026-01", [STANDARD + 5, STANDARD - 8])
    result = ledger(periods, [CompTimeUse(date(2026, 2, 10), D(8))])
    february = result.periods[-1]
    assert february.comp_time_used == 5
    assert february.comp_time_unfunded == 3
    # 160 counted + 5 funded − 168 required = 3 short, nothing left to offset it
    assert february.shortfall == 3
    assert february.carried_out == 3
    step = next(s for s in result.steps if s.code == "ledger.use_unfunded")
    assert step.reason is True
    assert step.args["unfunded"] == "3"


def test_R_HRS_2_a_use_after_the_last_period_draws_on_the_bank_up_to_the_as_of_day():
    periods = make_periods("2026-01", [STANDARD + 10])
    uses = [CompTimeUse(date(2026, 2, 5), D(4)), CompTimeUse(date(2026, 2, 20), D(4))]
    result = ledger(periods, uses, as_of=date(2026, 2, 10))
    assert result.balance == 6
    assert "ledger.use_after_as_of" in [s.code for s in result.steps]


# shortfalls ----------------------------------------------------------------------------


def test_R_HRS_2_a_shortfall_is_offset_against_banked_time_and_the_rest_carried():
    periods = make_periods("2026-01", [STANDARD + 5, STANDARD - 8, STANDARD + 3])
    result = ledger(periods)
    january, february, march = result.periods
    assert january.surplus == 5
    assert (february.shortfall, february.offset, february.carried_out) == (8, 5, 3)
    assert [e.kind for e in result.entries] == ["earned", "offset"]
    # March must make up February's 3 hours: 171 counted meets 168 + 3
    assert march.carried_in == 3
    assert march.required == STANDARD + 3
    assert march.surplus == march.shortfall == 0
    assert result.carried_shortfall == 0
    assert result.balance == 0


def test_R_HRS_1_a_shortfall_with_nothing_banked_is_carried_then_made_up():
    periods = make_periods("2026-01", [STANDARD - 4, STANDARD + 4 + 2])
    result = ledger(periods)
    january, february = result.periods
    assert january.carried_out == 4
    assert february.required == STANDARD + 4
    # what is above the made-up shortfall becomes comp time
    assert february.surplus == 2
    assert kinds(result) == [("earned", date(2026, 2, 28), D(2))]


def test_R_HRS_1_a_period_meeting_its_requirement_exactly_earns_and_owes_nothing():
    result = ledger(make_periods("2026-01", [STANDARD]))
    assert result.entries == ()
    assert "ledger.balanced" in [s.code for s in result.steps]


def test_R_HRS_2_balance_after_follows_every_entry():
    periods = make_periods("2026-01", [STANDARD + 5, STANDARD + 6, STANDARD - 9])
    result = ledger(periods, [CompTimeUse(date(2026, 3, 3), D(1))])
    balance = D(0)
    for entry in result.entries:
        balance += entry.hours if entry.kind == "earned" else -entry.hours
        assert entry.balance_after == balance
    assert balance == result.balance


def test_R_HRS_2_works_on_attendance_cycles_as_periods():
    periods = make_periods("2026-10", [STANDARD + 2], start_day=26)
    result = ledger(periods)
    assert result.lots[0].earned_on == date(2026, 10, 25)
    assert result.lots[0].expires_on == date(2027, 4, 25)


# refusals ------------------------------------------------------------------------------


def test_R_HRS_2_a_use_between_periods_is_refused():
    january = PeriodHours("a", date(2026, 1, 1), date(2026, 1, 31), STANDARD, STANDARD)
    march = PeriodHours("b", date(2026, 3, 1), date(2026, 3, 31), STANDARD, STANDARD)
    with pytest.raises(KefuError, match="不在任何工时周期"):
        ledger([january, march], [CompTimeUse(date(2026, 2, 10), D(1))])


def test_R_HRS_1_periods_out_of_order_are_refused():
    periods = make_periods("2026-01", [STANDARD, STANDARD])
    with pytest.raises(KefuError, match="按时间先后"):
        ledger(list(reversed(periods)), as_of=date(2026, 2, 28))


def test_R_HRS_1_an_as_of_day_before_the_last_period_ends_is_refused():
    with pytest.raises(KefuError, match="早于最后一个工时周期"):
        ledger(make_periods("2026-01", [STANDARD]), as_of=date(2026, 1, 30))


def test_R_HRS_2_a_use_of_no_hours_is_refused():
    with pytest.raises(KefuError, match="应大于 0"):
        ledger(make_periods("2026-01", [STANDARD]), [CompTimeUse(date(2026, 1, 5), D(0))])


def test_R_HRS_2_comp_time_must_last_at_least_a_month():
    with pytest.raises(KefuError, match="至少 1 个月"):
        run_ledger(make_periods("2026-01", [STANDARD]), [], 0, date(2026, 1, 31))
