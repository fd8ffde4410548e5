"""Attendance use cases on a real database: leave requests, cycles, summaries and ledgers.

The demo policy's cycle runs from the 26th to the 25th (R-BON-5): the cycle labelled 2026-10 is
2026-09-26..2026-10-25. Hours come from the policy's shift types; holidays and standard hours
from the real statutory calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.attendance import service
from kefu.attendance.models import AttendanceEvent, LeaveRequest
from kefu.attendance.service import (
    LeaveRefused,
    cancel_leave,
    computed_summaries,
    cycle_attendance,
    cycle_setting,
    decide_leave,
    import_attendance,
    ledgers,
    request_leave,
    set_roster,
)
from kefu.attendance.summary import CycleAttendance
from kefu.closing.models import MonthlyResult
from kefu.closing.repository import latest_close
from kefu.closing.service import close_month
from kefu.errors import Conflict, Forbidden, ImportRejected, NotFound
from kefu.imports.service import import_file
from kefu.people.service import employee_ids
from kefu.periods import Month
from kefu.policy.schema import ShiftType
from kefu.policy.service import policy_for
from tests.attendance.test_imports import (
    count,
    days_from,
    make_center,
    make_event,
    make_events,
    make_grid,
    roster_of,
    stored_events,
)
from tests.factories import make_workbook, month_sheets

OCT = Month(2026, 10)
NOV = Month(2026, 11)
TODAY = date(2026, 10, 10)


def shift(session: Session, code: str) -> ShiftType:
    """A shift type of the demo policy (R-SHF-1)."""
    hours = policy_for(session, OCT).policy.model.hours
    assert hours is not None
    return next(s for s in hours.shift_types if s.code == code)


def hours_of_minutes(minutes: int) -> Decimal:
    return Decimal(minutes) / 60


def plan(session: Session, tmp_path: Path, no: str, shifts: dict[date, str]) -> None:
    """Import a roster grid of one person: each listed day's shift code."""
    days = sorted(shifts)
    name = f"grid-{no}-{days[0]}-{len(list(tmp_path.iterdir()))}.xlsx"
    grid = make_grid(tmp_path / name, days, [[no, "", *(shifts[d] for d in days)]])
    import_attendance(session, grid, "hr-li", only="roster")


def record(session: Session, tmp_path: Path, *rows: list[object]) -> None:
    """Import attendance records."""
    path = make_events(tmp_path / f"events-{len(list(tmp_path.iterdir()))}.xlsx", list(rows))
    import_attendance(session, path, "hr-li", only="events")


def cycle_of(session: Session, no: str, month: Month = OCT) -> CycleAttendance:
    """One person's computed attendance cycle."""
    emp = employee_ids(session, [no])[no]
    found = cycle_attendance(session, cycle_setting(session, month), [emp])
    return found[emp]


def ask(
    session: Session,
    kind: str,
    first: date,
    last: date | None = None,
    no: str = "1001",
    today: date = TODAY,
    actor: str = "1001",
) -> LeaveRequest:
    return request_leave(session, actor, no, kind, first, last or first, "家中有事", today)


# --- leave and comp-time requests (R-HRS-2) ------------------------------------------------


def test_R_HRS_2_comp_time_asked_two_days_ahead_is_refused_citing_the_rule_and_the_days(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    with pytest.raises(LeaveRefused) as err:
        ask(session, "comp_time_leave", TODAY + timedelta(days=2))
    message = err.value.message
    notice = policy_for(session, OCT).policy.model.hours
    assert notice is not None and notice.comp_time_request_days_ahead == 3
    assert "R-HRS-2" in message and "至少提前 3 天" in message
    assert "2026-10-12" in message and "只有 2 天" in message
    assert session.scalar(select(func.count()).select_from(LeaveRequest)) == 0


def test_R_HRS_2_comp_time_asked_three_days_ahead_is_filed_as_pending(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    request = ask(session, "comp_time_leave", TODAY + timedelta(days=3))
    assert (request.status, request.requested_by, request.first_day) == (
        "pending",
        "1001",
        date(2026, 10, 13),
    )


def test_personal_and_sick_leave_need_no_notice(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    assert ask(session, "personal_leave", TODAY).status == "pending"
    assert ask(session, "sick_leave", TODAY - timedelta(days=1)).status == "pending"


def test_a_request_of_an_unknown_kind_or_backwards_dates_or_an_unknown_person_is_refused(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    with pytest.raises(LeaveRefused, match="事假、病假、换休"):
        ask(session, "holiday", TODAY)
    with pytest.raises(LeaveRefused, match="结束日期不能早于开始日期"):
        ask(session, "personal_leave", TODAY, TODAY - timedelta(days=1))
    with pytest.raises(LeaveRefused, match="最多 31 天"):
        ask(session, "personal_leave", TODAY, TODAY + timedelta(days=31))
    with pytest.raises(NotFound, match="9999"):
        ask(session, "personal_leave", TODAY, no="9999")


def test_approving_a_request_writes_an_approved_leave_on_each_of_its_days(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    request = ask(session, "personal_leave", date(2026, 10, 13), date(2026, 10, 15))
    decided = decide_leave(session, request.id, True, "2001", "同意")
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        "approved",
        "2001",
        "同意",
    )
    events = stored_events(session)
    assert [(e.day, e.kind, e.approved, e.request_id) for e in events] == [
        (day, "personal_leave", True, request.id) for day in days_from(date(2026, 10, 13), 3)
    ]


def test_refusing_a_request_writes_no_leave(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    request = ask(session, "personal_leave", date(2026, 10, 13))
    assert decide_leave(session, request.id, False, "2001", "人手不足").status == "refused"
    assert count(session, AttendanceEvent) == 0


def test_nobody_decides_their_own_request(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    request = ask(session, "personal_leave", date(2026, 10, 13))
    with pytest.raises(Forbidden, match="不能审批自己的申请"):
        decide_leave(session, request.id, True, "1001")
    assert count(session, AttendanceEvent) == 0


def test_a_request_is_decided_once(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    request = ask(session, "personal_leave", date(2026, 10, 13))
    decide_leave(session, request.id, True, "2001")
    with pytest.raises(Conflict, match=r"已处理.*已批准"):
        decide_leave(session, request.id, False, "2001")
    with pytest.raises(Conflict, match="已处理"):
        decide_leave(session, request.id, True, "2001")
    assert count(session, AttendanceEvent) == 1
    with pytest.raises(NotFound):
        decide_leave(session, request.id + 100, True, "2001")


def test_only_the_requester_may_withdraw_and_only_while_pending(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    request = ask(session, "personal_leave", date(2026, 10, 13))
    with pytest.raises(Forbidden, match="只有申请人"):
        cancel_leave(session, request.id, "2001")
    assert cancel_leave(session, request.id, "1001").status == "cancelled"
    with pytest.raises(Conflict, match="不能撤回"):
        cancel_leave(session, request.id, "1001")
    approved = ask(session, "personal_leave", date(2026, 10, 14))
    decide_leave(session, approved.id, True, "2001")
    with pytest.raises(Conflict, match="不能撤回"):
        cancel_leave(session, approved.id, "1001")
    with pytest.raises(Conflict, match="已撤回"):
        decide_leave(session, request.id, True, "2001")


# --- leave in the cycle: approved or absenteeism (R-HRS-2) ---------------------------------

LEAVE_DAY = date(2026, 10, 13)


def test_R_HRS_2_an_imported_leave_without_approval_or_a_request_counts_as_absenteeism(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan(session, tmp_path, "1001", {LEAVE_DAY: "R"})
    record(session, tmp_path, make_event("1001", LEAVE_DAY, "事假"))
    cycle = cycle_of(session, "1001")
    assert (cycle.unapproved_absence_days, cycle.personal_leave_days) == (1, 0)
    assert "attendance.leave_unapproved" in [s.code for s in cycle.reasons]


def test_an_imported_leave_marked_approved_is_leave(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    plan(session, tmp_path, "1001", {LEAVE_DAY: "R"})
    record(session, tmp_path, make_event("1001", LEAVE_DAY, "病假", approved="是"))
    cycle = cycle_of(session, "1001")
    assert (cycle.sick_leave_days, cycle.unapproved_absence_days) == (1, 0)


def test_an_approved_request_makes_leave_of_the_day(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    plan(session, tmp_path, "1001", {LEAVE_DAY: "R"})
    request = ask(session, "personal_leave", LEAVE_DAY)
    decide_leave(session, request.id, True, "2001")
    cycle = cycle_of(session, "1001")
    assert (cycle.personal_leave_days, cycle.unapproved_absence_days) == (1, 0)
    assert cycle.shifts_worked == 0


def test_an_imported_leave_later_covered_by_an_approved_request_is_one_day_of_leave(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan(session, tmp_path, "1001", {LEAVE_DAY: "R"})
    record(session, tmp_path, make_event("1001", LEAVE_DAY, "事假"))
    request = ask(session, "personal_leave", LEAVE_DAY, today=LEAVE_DAY)
    decide_leave(session, request.id, True, "2001")
    cycle = cycle_of(session, "1001")
    assert (cycle.personal_leave_days, cycle.unapproved_absence_days) == (1, 0)


def test_R_HRS_2_comp_time_taken_without_an_approved_request_is_absenteeism(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan(session, tmp_path, "1001", {LEAVE_DAY: "R", LEAVE_DAY + timedelta(days=1): "R"})
    record(session, tmp_path, make_event("1001", LEAVE_DAY, "换休"))
    request = ask(session, "comp_time_leave", LEAVE_DAY + timedelta(days=1))
    decide_leave(session, request.id, True, "2001")
    cycle = cycle_of(session, "1001")
    assert cycle.unapproved_absence_days == 1
    # the approved day is comp time: its shift's counted hours drawn from the bank
    assert cycle.comp_time_leave_hours == shift(session, "R").counted_hours
    assert cycle.absence_days == 1


# --- the cycle's hours (R-SHF-1, R-HRS-1) --------------------------------------------------


def test_R_SHF_1_a_W_shift_on_the_cycles_last_day_lends_its_morning_to_the_next_cycle(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    last = cycle_setting(session, OCT).end
    assert last == date(2026, 10, 25)
    plan(session, tmp_path, "1001", {last: "W"})
    october, november = cycle_of(session, "1001", OCT), cycle_of(session, "1001", NOV)
    # W runs 20:30 → 08:30: 20:30–24:00 (210 minutes) on the 25th, the rest on the 26th
    assert october.counted_hours == hours_of_minutes(210)
    assert november.counted_hours == shift(session, "W").counted_hours - hours_of_minutes(210)
    assert (october.night_shifts, october.shifts_worked) == (1, 1)
    assert (november.night_shifts, november.shifts_worked) == (0, 0)


def test_R_PAY_2_holiday_hours_of_national_day_2026_follow_the_real_calendar(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    setting = cycle_setting(session, OCT)
    # 2026: October 1–3 are statutory holidays; the 4th–7th are days off in lieu, not statutory
    statutory = {d for d in setting.holidays if setting.start <= d <= setting.end}
    assert statutory == {date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)}
    plan(
        session,
        tmp_path,
        "1001",
        {
            date(2026, 9, 30): "W",  # 00:00–08:30 of the 1st on the holiday: 510 minutes
            date(2026, 10, 2): "R",  # all of it on the holiday
            date(2026, 10, 3): "W",  # 20:30–24:00 of the 3rd (210 minutes); the 4th is not
            date(2026, 10, 4): "R",  # a day off in lieu, not a statutory holiday
        },
    )
    cycle = cycle_of(session, "1001")
    r_hours = shift(session, "R").counted_hours
    assert cycle.holiday_hours == hours_of_minutes(510) + r_hours + hours_of_minutes(210)
    assert cycle.counted_hours == 2 * shift(session, "W").counted_hours + 2 * r_hours


def test_R_SHF_1_a_W_clock_out_written_as_08_30_on_its_day_is_read_as_the_next_morning(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    night = date(2026, 10, 5)
    plan(session, tmp_path, "1001", {night: "W"})
    record(
        session,
        tmp_path,
        make_event("1001", night, "打卡上班", at="20:30"),
        make_event("1001", night, "打卡下班", at="08:30"),
    )
    assert [e.at for e in stored_events(session)] == [
        datetime(2026, 10, 5, 20, 30),
        datetime(2026, 10, 6, 8, 30),
    ]
    cycle = cycle_of(session, "1001")
    assert (cycle.early_leave_count, cycle.late_count) == (0, 0)
    assert cycle.counted_hours == shift(session, "W").counted_hours


def test_the_same_W_clock_out_imported_again_is_refused_as_already_imported(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    night = date(2026, 10, 5)
    plan(session, tmp_path, "1001", {night: "W"})
    record(session, tmp_path, make_event("1001", night, "打卡下班", at="08:30"))
    with pytest.raises(ImportRejected, match="已经导入过"):
        record(session, tmp_path, make_event("1001", night, "打卡下班", at="08:30"))
    assert count(session, AttendanceEvent) == 1


def test_a_W_clock_out_in_the_same_file_as_its_roster_is_read_as_the_next_morning(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    night = date(2026, 10, 5)
    path = make_events(
        tmp_path / "both.xlsx",
        [make_event("1001", night, "打卡下班", at="08:00")],
        grid=([night], [["1001", "", "W"]]),
    )
    import_attendance(session, path, "hr-li")
    assert [e.at for e in stored_events(session)] == [datetime(2026, 10, 6, 8, 0)]
    assert cycle_of(session, "1001").days[0].early_minutes == 30


def test_a_person_with_punches_and_a_rostered_day_without_any_is_absent_that_day(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    d1, d2 = date(2026, 10, 8), date(2026, 10, 9)
    plan(session, tmp_path, "1001", {d1: "C", d2: "C"})
    record(
        session,
        tmp_path,
        make_event("1001", d1, "打卡上班", at="09:40"),
        make_event("1001", d1, "打卡下班", at="18:00"),
    )
    cycle = cycle_of(session, "1001")
    assert (cycle.late_count, cycle.unapproved_absence_days, cycle.shifts_worked) == (1, 1, 1)
    assert cycle.days[0].late_minutes == 10


# --- the summary fed to the monthly close (R-BON-5) ----------------------------------------


def october_scores(tmp_path: Path, **attendance: dict[str, object]) -> Path:
    scores: dict[str, tuple[float | None, float, float]] = {
        "1001": (90, 90, 90),
        "1002": (80, 80, 80),
        "1003": (70, 70, 70),
        "2001": (None, 80, 80),
    }
    return make_workbook(tmp_path / "oct.xlsx", month_sheets("2026-10", scores, **attendance))


def frozen_inputs(session: Session, month: Month) -> dict[str, dict[str, object]]:
    close = latest_close(session, "monthly", str(month))
    assert close is not None
    rows = session.scalars(select(MonthlyResult).where(MonthlyResult.close_id == close.id))
    return {r.employee_no: r.inputs for r in rows}


def test_R_BON_5_the_computed_summary_replaces_the_imported_one_for_rostered_people_only(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    # the imported summary says 1001 was absent 3 days and 1003 took a day of personal leave
    scores = october_scores(tmp_path, p1001={"absence": 3}, p1003={"absence": 1, "personal": 1})
    import_file(session, scores, None, "hr-li", TODAY)
    # 1001 is rostered in the cycle and worked every shift, late once
    plan(session, tmp_path, "1001", {date(2026, 10, 8): "C", date(2026, 10, 9): "C"})
    record(session, tmp_path, make_event("1001", date(2026, 10, 9), "迟到", minutes=5))
    summaries = computed_summaries(session, OCT)
    assert set(summaries) == {employee_ids(session, ["1001"])["1001"]}
    close_month(session, OCT, "manager")
    inputs = frozen_inputs(session, OCT)
    assert inputs["1001"]["attendance_source"] == "records"
    # absence, personal, sick, late, early, swaps, unapproved: from the records, not the import
    assert inputs["1001"]["attendance"] == ["0", "0", "0", 1, 0, 0, "0"]
    assert "attendance_source" not in inputs["1003"]
    assert inputs["1003"]["attendance"] == ["1", "1", "0", 0, 0, 0, "0"]


def test_R_BON_5_a_shift_the_evening_before_the_cycle_does_not_make_its_summary_computed(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    import_file(session, october_scores(tmp_path, p1002={"absence": 3}), None, "hr-li", TODAY)
    # 1002's only shift is the W of 09-25, the September cycle's last day: it lends this
    # cycle its morning hours, but 1002 is not rostered in October's cycle
    plan(session, tmp_path, "1002", {date(2026, 9, 25): "W"})
    plan(session, tmp_path, "1001", {date(2026, 10, 8): "C"})
    summaries = computed_summaries(session, OCT)
    assert set(summaries) == {employee_ids(session, ["1001"])["1001"]}
    close_month(session, OCT, "manager")
    inputs = frozen_inputs(session, OCT)
    assert "attendance_source" not in inputs["1002"]
    assert inputs["1002"]["attendance"][0] == "3"


def test_without_any_roster_in_the_cycle_no_summary_is_computed(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    plan(session, tmp_path, "1001", {date(2026, 8, 10): "R"})
    assert computed_summaries(session, OCT) == {}


# --- hours and comp-time ledgers (R-HRS-1, R-HRS-2) ----------------------------------------


def plan_cycle(session: Session, tmp_path: Path, month: Month, no: str, r_shifts: int) -> None:
    """``r_shifts`` R shifts from the cycle's first day, rest on the others."""
    setting = cycle_setting(session, month)
    days = days_from(setting.start, (setting.end - setting.start).days + 1)
    plan(session, tmp_path, no, {d: "R" if i < r_shifts else "休" for i, d in enumerate(days)})


def test_R_HRS_1_surplus_hours_are_banked_and_offset_a_later_shortfall(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    aug, sep = Month(2026, 8), Month(2026, 9)
    r_hours = shift(session, "R").counted_hours
    plan_cycle(session, tmp_path, aug, "1001", 17)
    plan_cycle(session, tmp_path, sep, "1001", 16)
    aug_standard = cycle_setting(session, aug).standard_hours
    sep_standard = cycle_setting(session, sep).standard_hours
    surplus = 17 * r_hours - aug_standard
    shortfall = sep_standard - 16 * r_hours
    assert 0 < shortfall < surplus  # the test's premise: the bank covers September's gap
    emp = employee_ids(session, ["1001"])["1001"]
    found, _ = ledgers(session, sep, [emp])
    ledger = found[emp]
    first, second = ledger.periods
    assert (first.period, first.surplus, first.shortfall) == ("2026-08", surplus, 0)
    assert (second.period, second.shortfall, second.offset, second.carried_out) == (
        "2026-09",
        shortfall,
        shortfall,
        0,
    )
    assert ledger.balance == surplus - shortfall
    aug_end = cycle_setting(session, aug).end
    assert [(e.kind, e.on, e.hours) for e in ledger.entries] == [
        ("earned", aug_end, surplus),
        ("offset", cycle_setting(session, sep).end, shortfall),
    ]


def test_R_HRS_2_banked_comp_time_expires_on_the_exact_day(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    aug = Month(2026, 8)
    plan_cycle(session, tmp_path, aug, "1001", 17)
    emp = employee_ids(session, ["1001"])["1001"]
    earned_on = cycle_setting(session, aug).end  # 2026-08-25
    months = policy_for(session, aug).policy.model.hours
    assert months is not None and months.comp_time_expires_months == 6
    expires = date(2027, 2, 25)  # six months after 2026-08-25
    banked = 17 * shift(session, "R").counted_hours - cycle_setting(session, aug).standard_hours
    day_before, _ = ledgers(session, aug, [emp], as_of=expires - timedelta(days=1))
    assert day_before[emp].balance == banked
    assert day_before[emp].lots[0].expires_on == expires
    on_the_day, _ = ledgers(session, aug, [emp], as_of=expires)
    assert on_the_day[emp].balance == 0
    assert [(e.kind, e.on, e.hours, e.lot_earned_on) for e in on_the_day[emp].entries][-1] == (
        "expired",
        expires,
        banked,
        earned_on,
    )


def test_R_HRS_2_approved_comp_time_is_drawn_from_the_bank_oldest_first(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    aug, sep = Month(2026, 8), Month(2026, 9)
    plan_cycle(session, tmp_path, aug, "1001", 17)
    # September: exactly the standard hours, one R day of them taken as approved comp time
    r_hours = shift(session, "R").counted_hours
    sep_setting = cycle_setting(session, sep)
    plan_cycle(session, tmp_path, sep, "1001", 17)
    taken = sep_setting.start + timedelta(days=3)
    request = ask(session, "comp_time_leave", taken, today=taken - timedelta(days=3))
    decide_leave(session, request.id, True, "2001")
    emp = employee_ids(session, ["1001"])["1001"]
    found, _ = ledgers(session, sep, [emp])
    ledger = found[emp]
    used = [e for e in ledger.entries if e.kind == "used"]
    assert [(e.on, e.hours, e.lot_earned_on) for e in used] == [
        (taken, r_hours, cycle_setting(session, aug).end)
    ]
    # the comp-time day counts as hours of September (R-HRS-2)
    assert ledger.periods[1].comp_time_used == r_hours


def test_a_ledger_can_start_in_the_first_cycle_of_the_policy(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    # the July cycle (06-26..07-25) is the policy's first: a shift on 06-28 belongs to it
    plan(session, tmp_path, "1001", {date(2026, 6, 28): "R"})
    emp = employee_ids(session, ["1001"])["1001"]
    found, _ = ledgers(session, Month(2026, 7), [emp])
    assert [p.period for p in found[emp].periods] == ["2026-07"]
    assert found[emp].periods[0].counted == shift(session, "R").counted_hours


# --- roster edits ----------------------------------------------------------------------------


def test_set_roster_saves_the_cells_and_a_rest_cell_clears_a_shift(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    d1, d2 = date(2026, 10, 8), date(2026, 10, 9)
    assert set_roster(session, "2001", [("1001", d1, "r"), ("1001", d2, "W")]) == 2
    assert set_roster(session, "2001", [("1001", d2, None)]) == 0
    assert roster_of(session) == {("1001", d1): "R"}


def test_set_roster_refuses_every_cell_when_one_is_bad(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    d1 = date(2026, 10, 8)
    with pytest.raises(ImportRejected) as err:
        set_roster(session, "2001", [("1001", d1, "R"), ("1002", d1, "Z"), ("9999", d1, "R")])
    reasons = [p.describe() for p in err.value.errors]
    assert len(reasons) == 2
    assert any("Z" in r and "不是政策中的班次" in r for r in reasons)
    assert any("9999" in r and "系统中没有该工号" in r for r in reasons)
    assert roster_of(session) == {}


def test_the_cycle_setting_takes_standard_hours_from_the_statutory_calendar(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    setting = cycle_setting(session, OCT)
    calendar = service.work_calendar()
    hours = policy_for(session, OCT).policy.model.hours
    assert hours is not None
    working = calendar.working_days(setting.start, setting.end)
    assert setting.standard_hours == working * hours.hours_per_working_day
    # 09-26..10-25 of 2026: 20 weekdays, 5 of them National Day or Mid-Autumn days off, and
    # Saturday 10-10 an adjusted workday
    assert working == 16


def test_the_whole_centers_roster_read_as_one_text_a_person_matches_the_row_by_row_read(
    session: Session,
) -> None:
    """A pay close reads everyone's year of roster joined by the database (SQLite group_concat,
    PostgreSQL string_agg); it gives each person's days in order, like the row-by-row read."""
    from kefu.attendance import repository
    from kefu.attendance.models import ShiftAssignment
    from kefu.people.models import Employee

    emps = [Employee(employee_no=f"90{i}", name=f"员工{i}") for i in range(3)]
    session.add_all(emps)
    session.flush()
    days = [date(2026, 9, 28) + timedelta(days=d) for d in range(10)]
    session.add_all(
        ShiftAssignment(
            employee_id=e.id,
            day=day,
            shift_code=("R", "C", "W")[(i + d) % 3],
            recorded_by="t",
            source="t",
        )
        for i, e in enumerate(emps)
        for d, day in reversed(list(enumerate(days)))  # stored out of order
        if (i + d) % 4
    )
    session.flush()
    joined = repository.roster_days(session, days[1], days[-2])
    by_rows = repository.roster_days(session, days[1], days[-2], [e.id for e in emps])
    assert joined == by_rows
    assert [r.day for r in joined[emps[0].id]] == sorted(r.day for r in joined[emps[0].id])
    assert all(days[1] <= r.day <= days[-2] for rows in joined.values() for r in rows)
    assert {r.shift_code for rows in joined.values() for r in rows} == {"R", "C", "W"}
