"""Conduct points in the database (R-DIS-1, R-PUB-1, R-PRV-1): recording within the catalogue
and the scope, withdrawal and correction as new records, objections and their answers, and the
month's points as the close reads them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kefu.audit.models import AuditEvent
from kefu.conduct import service as conduct
from kefu.conduct.rules import PointsOutOfRange
from kefu.db import unit_of_work
from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.policy.loader import read_policy_text
from kefu.workflow.rules import Conflict
from tests.conduct import DAY, as_, make_center, make_event, manager

LATER = date(2026, 11, 5)  # the day after the window (2, 3, 4 November)


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    return session


def test_R_DIS_1_an_each_person_event_charges_every_person_the_full_points(
    center: Session,
) -> None:
    done = make_event(center, rule="chatting", points=20, people=("1001", "1002"))
    assert [(c.employee_no, c.points) for c in done.charges] == [("1001", 20), ("1002", 20)]
    months = conduct.month_conduct(center, "2026-11")
    assert {no: m.points for no, m in months.items()} == {"1001": 20, "1002": 20}
    actions = center.scalars(select(AuditEvent.action)).all()
    assert "conduct.record" in actions


def test_R_DIS_1_points_outside_the_rule_are_refused_naming_the_range(center: Session) -> None:
    with pytest.raises(PointsOutOfRange, match="扣 5–20 分"):
        make_event(center, points=25)
    with pytest.raises(KefuError, match="多人请分别记录"):
        make_event(center, people=("1001", "1002"))


def test_R_PRV_1_a_leader_records_only_for_their_team_and_never_for_themselves(
    center: Session,
) -> None:
    with pytest.raises(NotFound):
        make_event(center, people=("1101",))
    with pytest.raises(Forbidden):
        make_event(center, people=("2001",))
    with pytest.raises(Forbidden):
        conduct.record(
            center,
            as_("agent"),
            rule_code="bad-language",
            points=10,
            people=["1002"],
            occurred_at=datetime(2026, 11, 2, 10),
            what="x",
            evidence="y",
            today=DAY,
        )
    assert make_event(center, by="manager", people=("1101",)).charges[0].team == "客服二部1组"


def test_R_DIS_1_an_event_needs_what_happened_evidence_and_a_past_date(center: Session) -> None:
    with pytest.raises(KefuError, match="证据"):
        conduct.record(
            center,
            as_("leader"),
            rule_code="bad-language",
            points=10,
            people=["1001"],
            occurred_at=datetime(2026, 11, 2, 10),
            what="说粗话",
            evidence=" ",
            today=DAY,
        )
    with pytest.raises(KefuError, match="晚于今天"):
        conduct.record(
            center,
            as_("leader"),
            rule_code="bad-language",
            points=10,
            people=["1001"],
            occurred_at=datetime(2026, 11, 3, 10),
            what="说粗话",
            evidence="所见",
            today=DAY,
        )


def test_R_DIS_1_a_withdrawn_event_stays_on_record_and_no_longer_counts(center: Session) -> None:
    done = make_event(center)
    with pytest.raises(KefuError, match="撤销原因"):
        conduct.withdraw(center, as_("leader"), done.event.id, "", DAY)
    conduct.withdraw(center, as_("leader"), done.event.id, "记错了人", DAY)
    assert conduct.month_conduct(center, "2026-11") == {}
    event = conduct.get_event(center, done.event.id)
    assert (event.state, event.withdraw_reason) == ("withdrawn", "记错了人")
    with pytest.raises(KefuError, match="已撤销"):
        conduct.withdraw(center, as_("leader"), done.event.id, "再撤", DAY)


def test_R_DIS_1_a_correction_is_a_new_event_and_withdraws_the_old_one(center: Session) -> None:
    old = make_event(center, points=15)
    new = conduct.record(
        center,
        as_("leader"),
        rule_code="bad-language",
        points=8,
        people=["1001"],
        occurred_at=datetime(2026, 11, 2, 10),
        what="说粗话(更正扣分)",
        evidence="组长现场所见",
        today=DAY,
        corrects=old.event.id,
        reason="扣分过重",
    )
    assert new.event.corrects_id == old.event.id
    assert conduct.get_event(center, old.event.id).state == "withdrawn"
    assert conduct.corrections_of(center, old.event.id) == [new.event.id]
    assert conduct.month_conduct(center, "2026-11")["1001"].points == 8


def test_R_PUB_1_the_person_objects_within_the_window_and_another_leader_reduces(
    center: Session,
) -> None:
    done = make_event(center, points=15)
    with pytest.raises(NotFound):
        conduct.object_to(center, as_("colleague"), done.event.id, "不是我", DAY)
    with pytest.raises(Forbidden, match="本人"):
        conduct.object_to(center, as_("leader2"), done.event.id, "代为申诉", DAY)
    objection = conduct.object_to(center, as_("agent"), done.event.id, "请复核录音", DAY)
    assert objection.last_day == date(2026, 11, 4)
    month = conduct.month_conduct(center, "2026-11")["1001"]
    assert (month.points, month.open_objections) == (15, 1)
    with pytest.raises(Forbidden, match="记录人以外"):
        conduct.answer(
            center, as_("leader"), objection.id, outcome="upheld", reply="维持", today=DAY
        )
    with pytest.raises(PointsOutOfRange, match="5–14"):
        conduct.answer(
            center,
            as_("leader2"),
            objection.id,
            outcome="reduced",
            points=15,
            reply="减少",
            today=DAY,
        )
    conduct.answer(
        center, as_("leader2"), objection.id, outcome="reduced", points=10, reply="减少", today=DAY
    )
    month = conduct.month_conduct(center, "2026-11")["1001"]
    assert (month.points, month.open_objections) == (10, 0)
    with pytest.raises(KefuError, match="已答复"):
        conduct.answer(
            center, manager(), objection.id, outcome="cancelled", reply="撤销", today=DAY
        )


def test_R_PUB_1_a_cancelled_charge_leaves_the_month(center: Session) -> None:
    done = make_event(center, rule="chatting", points=20, people=("1001", "1002"))
    objection = conduct.object_to(center, as_("agent"), done.event.id, "我在回答客户", DAY)
    conduct.answer(center, manager(), objection.id, outcome="cancelled", reply="属实", today=DAY)
    months = conduct.month_conduct(center, "2026-11")
    assert set(months) == {"1002"}


def test_R_PUB_1_an_objection_after_the_window_is_refused(center: Session) -> None:
    done = make_event(center)
    with pytest.raises(KefuError, match="2026-11-04"):
        conduct.object_to(center, as_("agent"), done.event.id, "太晚", LATER)


def test_R_PUB_1_an_open_objection_window_refuses_naming_the_parameter(session: Session) -> None:
    text, _ = read_policy_text("demo")
    make_center(session, text.replace("objection_working_days: 3", 'objection_working_days: "[X]"'))
    done = make_event(session)
    with pytest.raises(PolicyParameterMissing, match=r"conduct\.objection_working_days"):
        conduct.object_to(session, as_("agent"), done.event.id, "申诉", DAY)


def test_R_DIS_1_the_month_counts_events_by_their_date(center: Session) -> None:
    make_event(center, on=date(2026, 10, 30))
    make_event(center, rule="left-post", points=20, on=DAY)
    november = conduct.month_conduct(center, "2026-11")["1001"]
    assert (november.points, november.events) == (20, 1)
    assert [(i.rule_code, i.points, i.on) for i in november.items] == [("left-post", 20, DAY)]
    assert conduct.month_conduct(center, "2026-10")["1001"].points == 10
    assert conduct.month_conduct(center, "2026-09") == {}


def test_R_DIS_1_a_persons_month_previews_overall_conduct_by_the_mapping(
    center: Session,
) -> None:
    make_event(center, rule="service-attitude", points=25)
    (month,) = conduct.person_months(center, as_("agent"), "1001")
    assert (month.points, month.imported, month.overall) == (25, None, Decimal(75))
    value, _ = conduct.overall_for(center, "2026-11", Decimal(88), 25)
    assert value == Decimal(63)


def test_R_PRV_1_lists_are_cut_to_the_viewer(center: Session) -> None:
    make_event(center, people=("1001",))
    make_event(center, people=("1002",))
    make_event(center, by="manager", people=("1101",))

    def seen(viewer_name: str) -> set[str]:
        viewer = manager() if viewer_name == "manager" else as_(viewer_name)
        return {r.charge.employee_no for r in conduct.charge_rows(center, viewer)}

    assert seen("agent") == {"1001"}
    assert seen("leader") == {"1001", "1002"}
    assert seen("manager") == {"1001", "1002", "1101"}
    with pytest.raises(NotFound):
        conduct.person_in_view(center, as_("leader"), "1101")


def test_R_PUB_1_of_two_answers_given_at_once_only_the_first_is_written(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with unit_of_work(engine) as setup:
        make_center(setup)
        done = make_event(setup, points=15)
        objection_id = conduct.object_to(setup, as_("agent"), done.event.id, "请复核", DAY).id
    with unit_of_work(engine) as first, unit_of_work(engine) as second:
        # both reviewers have read the objection while it was open and passed every check …
        seen_open = conduct.get_objection(first, objection_id)
        assert seen_open.state == "open"
        # … the second answers and commits first
        conduct.answer(
            second, as_("leader2"), objection_id, outcome="upheld", reply="维持", today=DAY
        )
        second.commit()
        # the first goes on from what it read: the database refuses the stale answer
        monkeypatch.setattr(conduct, "get_objection", lambda session, oid: seen_open)
        with pytest.raises(Conflict, match="已由他人答复"):
            conduct.answer(
                first, manager(), objection_id, outcome="cancelled", reply="撤销", today=DAY
            )
        first.rollback()
    monkeypatch.undo()
    with unit_of_work(engine) as after:
        answered = conduct.get_objection(after, objection_id)
        assert (answered.outcome, answered.answered_by) == ("upheld", "leader2")
        assert conduct.month_conduct(after, "2026-11")["1001"].points == 15
