"""Follow-ups and handovers acted on at once: one is written, the others get a 409 (R-MTG-1)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.meetings import rules
from kefu.meetings import service as meetings
from tests.meetings import DAY, as_, make_center
from tests.meetings.test_service import NOON, pre_shift
from tests.races import at_once, audit_rows, one_winner


def test_R_MTG_1_a_follow_up_marked_done_three_times_at_once_is_done_once(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        m = pre_shift(session)
        item_id = meetings.add_follow_up(
            session, as_("leader"), m.id, meetings.FollowUpIn("回访投诉", "1001")
        ).id
    who = ["agent", "leader", "manager"]

    def done(username: str) -> object:
        return lambda s: meetings.finish_follow_up(
            s, as_(username), item_id, DAY + timedelta(days=1), f"{username} 已回访"
        )

    def look(s: Session) -> object:
        return meetings.get_follow_up(s, as_("manager"), item_id)

    winner = who[one_winner(at_once(engine, look, [done(u) for u in who]), "标记完成")]
    with unit_of_work(engine) as session:
        row = meetings.get_follow_up(session, as_("manager"), item_id)
        assert (row.status, row.done_by, row.done_note) == (rules.DONE, winner, f"{winner} 已回访")
    assert audit_rows(engine, "meeting.follow_up_done") == 1


def test_R_MTG_1_a_handover_acknowledged_twice_at_once_keeps_the_first_receiver(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        handover = meetings.HandoverIn(DAY, "R", to_shift="W", open_items=("回访 1 通来电",))
        handover_id = meetings.add_handover(session, as_("leader"), handover, NOON).id
    who = ["leader2", "manager"]

    def ack(username: str) -> object:
        return lambda s: meetings.acknowledge(s, as_(username), handover_id, NOON, username)

    def look(s: Session) -> object:
        return meetings.get_handover(s, as_("manager"), handover_id)

    winner = who[one_winner(at_once(engine, look, [ack(u) for u in who]), "确认，请刷新后查看")]
    with unit_of_work(engine) as session:
        row = meetings.get_handover(session, as_("manager"), handover_id)
        assert (row.acknowledged_by, row.acknowledged_note) == (winner, winner)
    assert audit_rows(engine, "handover.ack") == 1
