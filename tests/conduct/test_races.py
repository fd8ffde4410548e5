"""Conduct steps taken at once on one event: one is written, the others get a 409 (R-DIS-1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kefu.conduct import service as conduct
from kefu.conduct.models import ConductObjection
from kefu.db import unit_of_work
from tests.conduct import DAY, as_, make_center, make_event, manager
from tests.races import at_once, audit_rows, one_winner


def recorded(engine: Engine) -> int:
    """A center with one 15-point event of agent 1001; its id."""
    with unit_of_work(engine) as session:
        make_center(session)
        return make_event(session, points=15).event.id


def look(event_id: int) -> object:
    return lambda s: conduct.get_event(s, event_id)


def test_R_DIS_1_three_withdrawals_at_once_withdraw_the_event_once(engine: Engine) -> None:
    event_id = recorded(engine)
    who = [as_("leader"), as_("leader2"), manager()]

    def withdraw(i: int) -> object:
        return lambda s: conduct.withdraw(s, who[i], event_id, f"撤销 {i}", DAY)

    winner = one_winner(at_once(engine, look(event_id), [withdraw(i) for i in range(3)]), "撤销")
    with unit_of_work(engine) as session:
        event = conduct.get_event(session, event_id)
        assert (event.state, event.withdraw_reason) == ("withdrawn", f"撤销 {winner}")
    assert audit_rows(engine, "conduct.withdraw") == 1


def test_R_DIS_1_two_corrections_at_once_write_one_correcting_event(engine: Engine) -> None:
    event_id = recorded(engine)
    who = [as_("leader"), as_("leader2")]
    points = [8, 5]

    def correct(i: int) -> object:
        return lambda s: conduct.record(
            s,
            who[i],
            rule_code="bad-language",
            points=points[i],
            people=["1001"],
            occurred_at=datetime(2026, 11, 2, 10),
            what="说粗话(更正扣分)",
            evidence="组长现场所见",
            today=DAY,
            corrects=event_id,
            reason="扣分过重",
        )

    winner = one_winner(at_once(engine, look(event_id), [correct(0), correct(1)]), "已由")
    with unit_of_work(engine) as session:
        assert len(conduct.corrections_of(session, event_id)) == 1
        assert conduct.month_conduct(session, "2026-11")["1001"].points == points[winner]
    assert audit_rows(engine, "conduct.record") == 2  # the event and its one correction


def test_R_PUB_1_an_objection_sent_from_two_tabs_at_once_is_filed_once(engine: Engine) -> None:
    event_id = recorded(engine)

    def objects(s: Session) -> object:
        return conduct.object_to(s, as_("agent"), event_id, "请复核录音", DAY)

    one_winner(at_once(engine, look(event_id), [objects, objects]), "已对这项扣分提出过申诉")
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(ConductObjection)) == 1
    assert audit_rows(engine, "conduct.object") == 1
