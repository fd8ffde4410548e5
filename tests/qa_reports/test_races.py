"""Improvement plans acted on at once: one close is written, and nothing follows it (R-QA-1)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from kefu.db import unit_of_work
from kefu.errors import Conflict
from kefu.qa_reports import service as qa_reports
from kefu.qa_reports.models import QaPlanNote
from tests.qa_reports import DAY, as_, make_center, make_scorecard
from tests.qa_reports.test_service import plan_in
from tests.races import at_once, audit_rows, one_winner

CLOSINGS = [("achieved", "已达成"), ("not_achieved", "未达标"), ("cancelled", "调岗")]


def opened(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        make_center(session, accounts=True)
        make_scorecard(session)
        return qa_reports.add_plan(session, as_("qa"), plan_in(), DAY).id


def test_R_QA_1_a_plan_closed_three_ways_at_once_keeps_the_first_close(engine: Engine) -> None:
    plan_id = opened(engine)

    def close(i: int) -> object:
        status, note = CLOSINGS[i]
        return lambda s: qa_reports.close_plan(s, as_("qa"), plan_id, status, note, DAY)

    look = lambda s: qa_reports.get_plan(s, as_("qa"), plan_id)  # noqa: E731
    winner = one_winner(at_once(engine, look, [close(i) for i in range(3)]), "已由他人结束")
    with unit_of_work(engine) as session:
        plan = qa_reports.get_plan(session, as_("qa"), plan_id)
        assert (plan.status, plan.closing_note) == CLOSINGS[winner]
    assert audit_rows(engine, "qa_plan.close") == 1


def test_R_QA_1_a_follow_up_on_a_plan_closed_meanwhile_is_a_409_and_writes_no_note(
    engine: Engine,
) -> None:
    plan_id = opened(engine)
    with unit_of_work(engine) as page:
        seen = qa_reports.get_plan(page, as_("qa"), plan_id)  # the page still shows it open
        with unit_of_work(engine) as other:
            qa_reports.close_plan(other, as_("qa"), plan_id, "cancelled", "调岗", DAY)
        assert seen.status == "open"
        with pytest.raises(Conflict, match="已由他人结束"):
            qa_reports.follow_up(page, as_("qa"), plan_id, "回听录音", DAY)
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(QaPlanNote)) == 0
    assert audit_rows(engine, "qa_plan.follow_up") == 0
