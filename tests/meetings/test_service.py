"""Meetings and handovers in the database (R-MTG-1, R-PRV-1): recording, who sees what,
follow-ups, the schedule check against the roster, the handover and its acknowledgement."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.attendance.models import ShiftAssignment
from kefu.audit.models import AuditEvent
from kefu.errors import Forbidden, NotFound, PolicyParameterMissing
from kefu.meetings import rules
from kefu.meetings import service as meetings
from kefu.meetings.models import Meeting, MeetingAttendee
from kefu.meetings.rules import MeetingInvalid
from kefu.people.service import employee_ids
from kefu.workflow.rules import Conflict
from tests.meetings import DAY, FRIDAY, as_, make_center, policy_with

NOON = datetime(2026, 11, 2, 12, 0)


def pre_shift(session: Session, **kw: object) -> Meeting:
    args: dict[str, object] = {
        "kind": "pre_shift",
        "held_on": DAY,
        "chair_no": "2001",
        "shift_code": "R",
        "department": "客服一部",
        "team": "客服一部1组",
        "topics": ("新业务",),
        "attendees": (("1001", "present"), ("1002", "absent")),
    }
    args.update(kw)
    return meetings.add_meeting(session, as_("leader"), meetings.MeetingIn(**args))  # type: ignore[arg-type]


def test_R_MTG_1_a_pre_shift_meeting_starts_the_policy_minutes_before_its_shift(
    session: Session,
) -> None:
    make_center(session)
    m = pre_shift(session)
    # demo policy: R starts 08:30, pre_shift_minutes_early 15
    assert (m.starts_at, m.ends_at) == (time(8, 15), time(8, 30))
    assert m.steps[0][1] == "meeting.pre_shift_start"
    assert [(a.employee_no, a.status) for a in meetings.attendees(session, m.id)] == [
        ("1001", "present"),
        ("1002", "absent"),
    ]
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.add"))


def test_R_MTG_1_an_open_minutes_early_refuses_naming_the_parameter(session: Session) -> None:
    make_center(session, policy_with(pre_shift_minutes_early='"[X]"'))
    with pytest.raises(PolicyParameterMissing, match="pre_shift_minutes_early"):
        pre_shift(session)
    # a start given by hand needs no parameter
    assert pre_shift(session, starts_at=time(8, 10)).starts_at == time(8, 10)


def test_R_MTG_1_a_post_shift_meeting_starts_when_its_shift_ends(session: Session) -> None:
    make_center(session)
    m = pre_shift(session, kind="post_shift")
    assert m.starts_at == time(20, 30)


def test_R_MTG_1_a_weekly_meeting_needs_a_start_time(session: Session) -> None:
    make_center(session)
    with pytest.raises(MeetingInvalid):
        pre_shift(session, kind="weekly", shift_code=None, team=None)


def test_R_PRV_1_a_leader_records_only_their_own_team_or_department(session: Session) -> None:
    make_center(session)
    with pytest.raises(Forbidden):
        pre_shift(session, team="客服一部2组")
    with pytest.raises(Forbidden):
        meetings.add_meeting(
            session,
            as_("leader"),
            meetings.MeetingIn("weekly", DAY, "2001", starts_at=time(16, 0), department="客服二部"),
        )
    with pytest.raises(Forbidden):
        meetings.add_meeting(
            session,
            as_("agent"),
            meetings.MeetingIn("weekly", DAY, "2001", starts_at=time(16, 0), department="客服一部"),
        )


def test_R_MTG_1_unknown_people_and_duplicate_attendees_are_refused(session: Session) -> None:
    make_center(session)
    with pytest.raises(NotFound):
        pre_shift(session, chair_no="9999")
    with pytest.raises(MeetingInvalid):
        pre_shift(session, attendees=(("1001", "present"), ("1001", "absent")))
    with pytest.raises(MeetingInvalid):
        pre_shift(session, shift_code="Z")


def test_R_PRV_1_staff_see_their_team_s_meetings_and_the_ones_they_attended(
    session: Session,
) -> None:
    make_center(session)
    own = pre_shift(session)
    other_team = meetings.add_meeting(
        session,
        as_("leader2"),
        meetings.MeetingIn(
            "pre_shift",
            DAY,
            "2002",
            shift_code="R",
            department="客服一部",
            team="客服一部2组",
            attendees=(("1004", "present"),),
        ),
    )
    department = meetings.add_meeting(
        session,
        as_("manager"),
        meetings.MeetingIn("weekly", FRIDAY, "2001", starts_at=time(16, 0), department="客服一部"),
    )

    def seen(user: str) -> set[int]:
        return {m.id for m in meetings.meetings(session, as_(user))}

    assert seen("agent") == {own.id, department.id}
    assert seen("other") == {other_team.id, department.id}
    assert seen("outsider") == {other_team.id}  # invited across departments
    assert seen("leader3") == set()
    assert seen("manager") == {own.id, other_team.id, department.id}
    with pytest.raises(NotFound):
        meetings.get_meeting(session, as_("leader3"), own.id)
    assert {m.id for m in meetings.meetings(session, as_("manager"), kind="weekly")} == {
        department.id
    }
    assert meetings.meetings(session, as_("manager"), month="2026-12") == []


def test_R_MTG_1_follow_ups_default_due_overdue_and_done_by_their_owner(session: Session) -> None:
    make_center(session)
    m = pre_shift(session)
    item = meetings.add_follow_up(
        session, as_("leader"), m.id, meetings.FollowUpIn("回访投诉", "1001")
    )
    assert item.due_on == DAY + timedelta(days=7)  # demo policy follow_up_days 7
    later = DAY + timedelta(days=9)
    due = meetings.due_follow_ups(session, as_("agent"), later)
    assert [(d.follow_up.id, d.overdue) for d in due] == [(item.id, True)]
    assert due[0].steps[-1].code == "meeting.follow_up_overdue"
    assert meetings.due_follow_ups(session, as_("outsider"), later) == []
    with pytest.raises(Forbidden):
        meetings.finish_follow_up(session, as_("colleague"), item.id, DAY)
    done = meetings.finish_follow_up(
        session, as_("agent"), item.id, DAY + timedelta(days=1), "已回访"
    )
    assert (done.status, done.done_by) == (rules.DONE, "agent")
    with pytest.raises(Conflict):
        meetings.finish_follow_up(session, as_("leader"), item.id, DAY + timedelta(days=1))
    assert meetings.due_follow_ups(session, as_("agent"), later) == []


def test_R_MTG_1_attendance_can_be_changed_and_added(session: Session) -> None:
    make_center(session)
    m = pre_shift(session)
    meetings.set_attendance(session, as_("leader"), m.id, "1002", "excused", "病假")
    meetings.set_attendance(session, as_("leader"), m.id, "2001", "present")
    assert {a.employee_no: a.status for a in meetings.attendees(session, m.id)} == {
        "1001": "present",
        "1002": "excused",
        "2001": "present",
    }
    with pytest.raises(NotFound):
        meetings.set_attendance(session, as_("leader2"), m.id, "1002", "present")
    with pytest.raises(Forbidden):
        meetings.set_attendance(session, as_("agent"), m.id, "1002", "present")


def roster(session: Session, no: str, *days: date) -> None:
    emp = employee_ids(session, [no])[no]
    for d in days:
        session.add(
            ShiftAssignment(employee_id=emp, day=d, shift_code="R", recorded_by="t", source="t")
        )
    session.flush()


def test_R_MTG_1_the_check_expects_shift_meetings_on_rostered_days(session: Session) -> None:
    make_center(session)
    monday = date(2026, 10, 26)
    # the roster is kept for the week: team 1 works Monday and Saturday only
    roster(session, "1001", monday, monday + timedelta(days=5))
    roster(session, "1003", *(monday + timedelta(days=i) for i in range(7)))
    pre_shift(session, held_on=monday)
    check, scope = meetings.schedule_check(
        session,
        as_("leader"),
        monday,
        monday + timedelta(days=6),
        DAY,
        kinds=("pre_shift", "weekly"),
    )
    assert (scope.department, scope.team) == ("客服一部", "客服一部1组")
    pre = [(e.due_on, e.status) for e in check.expected if e.kind == "pre_shift"]
    assert pre == [(monday, "held"), (monday + timedelta(days=5), "missing")]
    assert [e.status for e in check.expected if e.kind == "weekly"] == ["missing"]


def test_R_MTG_1_without_a_roster_the_working_days_are_expected(session: Session) -> None:
    make_center(session)
    check, _ = meetings.schedule_check(
        session,
        as_("manager"),
        date(2026, 10, 26),
        DAY,
        DAY,
        team="客服一部1组",
        kinds=("post_shift",),
    )
    # 10-26..10-30 and 11-02 are working days; 10-31 and 11-01 a weekend
    assert len(check.missing) == 6
    assert {s.args["source"] for e in check.expected for s in e.steps} == {"calendar"}


def test_R_MTG_1_the_check_refuses_an_open_monthly_day(session: Session) -> None:
    make_center(session, policy_with(monthly_by_day='"[X]"'))
    with pytest.raises(PolicyParameterMissing, match="monthly_by_day"):
        meetings.schedule_check(session, as_("manager"), DAY, DAY, DAY)
    check, _ = meetings.schedule_check(session, as_("manager"), DAY, DAY, DAY, kinds=("weekly",))
    assert check.expected == []


def test_R_PRV_1_a_leader_checks_only_their_own_team(session: Session) -> None:
    make_center(session)
    with pytest.raises(NotFound):
        meetings.schedule_check(session, as_("leader"), DAY, DAY, DAY, team="客服一部2组")
    with pytest.raises(Forbidden):
        meetings.schedule_check(session, as_("agent"), DAY, DAY, DAY)


def test_R_MTG_1_attendance_rates_are_cut_to_the_viewer(session: Session) -> None:
    make_center(session)
    pre_shift(session)
    pre_shift(session, kind="post_shift", attendees=(("1001", "present"), ("1002", "present")))
    scope = meetings.CheckScope(None, None)
    rates = {
        no: r for no, _, r in meetings.attendance_rates(session, as_("manager"), DAY, DAY, scope)
    }
    assert rates["1001"].rate == 1
    assert rules.percent(rates["1002"].rate) == "50.0"
    mine = meetings.attendance_rates(session, as_("agent"), DAY, DAY, scope)
    assert [no for no, _, _ in mine] == ["1001"]


def test_R_MTG_1_a_handover_is_acknowledged_by_the_receiving_leader(session: Session) -> None:
    make_center(session)
    h = meetings.add_handover(
        session,
        as_("leader"),
        meetings.HandoverIn(DAY, "R", to_no="2002", open_items=("回访 1 通来电",)),
        NOON,
    )
    assert (h.from_no, h.department) == ("2001", "客服一部")
    assert [x.id for x in meetings.handovers(session, as_("leader2"), pending=True)] == [h.id]
    assert meetings.handovers(session, as_("leader3")) == []
    with pytest.raises(Forbidden):
        meetings.acknowledge(session, as_("leader"), h.id, NOON)
    with pytest.raises(NotFound):
        meetings.acknowledge(session, as_("leader3"), h.id, NOON)
    meetings.acknowledge(session, as_("leader2"), h.id, NOON, "已接班")
    assert meetings.handovers(session, as_("leader2"), pending=True) == []
    with pytest.raises(Conflict):
        meetings.acknowledge(session, as_("manager"), h.id, NOON)


def test_R_MTG_1_a_handover_to_the_next_shift_is_acknowledged_by_another_leader(
    session: Session,
) -> None:
    make_center(session)
    h = meetings.add_handover(
        session, as_("leader"), meetings.HandoverIn(DAY, "R", to_shift="W"), NOON
    )
    assert meetings.may_acknowledge(as_("leader2"), h)
    assert not meetings.may_acknowledge(as_("leader3"), h)
    assert not meetings.may_acknowledge(as_("leader"), h)


def test_R_MTG_1_a_handover_needs_a_receiver_and_a_known_shift(session: Session) -> None:
    make_center(session)
    with pytest.raises(MeetingInvalid):
        meetings.add_handover(session, as_("leader"), meetings.HandoverIn(DAY, "R"), NOON)
    with pytest.raises(MeetingInvalid):
        meetings.add_handover(
            session, as_("leader"), meetings.HandoverIn(DAY, "Z", to_shift="W"), NOON
        )
    with pytest.raises(MeetingInvalid):
        meetings.add_handover(
            session, as_("leader"), meetings.HandoverIn(DAY, "R", to_no="2001"), NOON
        )
    with pytest.raises(Forbidden):
        meetings.add_handover(
            session,
            as_("leader"),
            meetings.HandoverIn(DAY, "R", to_shift="W", from_no="2002"),
            NOON,
        )
    with pytest.raises(Forbidden):
        meetings.add_handover(
            session, as_("agent"), meetings.HandoverIn(DAY, "R", to_shift="W"), NOON
        )


def test_R_MTG_1_staff_numbers_typed_full_width_are_stored_as_the_register_s(
    session: Session,
) -> None:
    make_center(session)
    meeting = pre_shift(session, chair_no="２００１", attendees=(("１００１", "present"),))
    assert meeting.chair_no == "2001"
    stored = session.scalars(
        select(MeetingAttendee.employee_no).where(MeetingAttendee.meeting_id == meeting.id)
    ).all()
    assert stored == ["1001"]
    with pytest.raises(MeetingInvalid, match="重复"):
        pre_shift(session, attendees=(("１００１", "present"), ("1001", "absent")))
