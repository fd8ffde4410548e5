"""QA monitoring steps taken at once on one evaluation: one is written, the others get a 409.

Each act runs in its own transaction and thread on SQLite and PostgreSQL (tests/races.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.errors import Conflict
from kefu.qa import service as qa
from kefu.qa.models import QaEvaluation
from tests.qa import MANAGER, SUBMITTED, as_, make_center
from tests.qa.test_service import LAST, contact, phone_marks, submitted
from tests.races import at_once, audit_rows, one_winner


def evaluation(engine: Engine, disputed: bool = False) -> tuple[int, int]:
    """A submitted evaluation of agent 1001 (tone 2 of 5), disputed if asked: (id, version)."""
    with unit_of_work(engine) as session:
        make_center(session)
        e = submitted(session, tone="2")
        if disputed:
            qa.dispute(session, as_("agent"), e.id, "语气没有问题", LAST, e.version)
        return e.id, e.version


def stored(engine: Engine, evaluation_id: int) -> tuple[QaEvaluation, list[str]]:
    """The evaluation as committed, and the actions of its history."""
    with unit_of_work(engine) as session:
        e = qa.get_evaluation(session, evaluation_id)
        return e, [h.action for h in qa.history(session, evaluation_id)]


def look(evaluation_id: int) -> Callable[[Session], object]:
    return lambda s: qa.get_evaluation(s, evaluation_id)


def test_R_QA_1_three_reviews_of_one_dispute_at_once_write_one_re_score(engine: Engine) -> None:
    evaluation_id, version = evaluation(engine, disputed=True)
    reviewers = [as_("qa2"), as_("qa3"), MANAGER]
    tones = ["5", "4", "3"]

    def rescore(i: int) -> Callable[[Session], object]:
        def act(s: Session) -> object:
            marks = phone_marks(s, tone=tones[i])
            return qa.review(s, reviewers[i], evaluation_id, f"复核 {i}", LAST, version, marks)

        return act

    outcomes = at_once(engine, look(evaluation_id), [rescore(i) for i in range(3)])
    winner = one_winner(outcomes, f"监控评分 #{evaluation_id} 已被他人处理，现为「已生效」")
    e, actions = stored(engine, evaluation_id)
    assert e.state == "final" and e.marks["tone"]["points"] == tones[winner]
    with unit_of_work(engine) as session:
        card = qa.card_of(qa.get_scorecard(session, e.scorecard_id))
        marks = phone_marks(session, tone=tones[winner])
        expected = qa.scored(session, card, marks, SUBMITTED.date()).score
    assert e.final_score == e.score == expected
    assert actions.count("rescore") == 1
    assert audit_rows(engine, "qa.review") == 1


def test_R_QA_1_an_acknowledgement_and_disputes_at_once_leave_one_answer(engine: Engine) -> None:
    evaluation_id, version = evaluation(engine)
    agent = as_("agent")
    acts = [
        lambda s: qa.acknowledge(s, agent, evaluation_id, LAST, version),
        lambda s: qa.dispute(s, agent, evaluation_id, "不同意", LAST, version),
        lambda s: qa.dispute(s, agent, evaluation_id, "不同意", LAST, version),
    ]
    winner = one_winner(at_once(engine, look(evaluation_id), acts), "已被他人处理")
    e, actions = stored(engine, evaluation_id)
    assert e.state == ("final" if winner == 0 else "disputed")
    assert actions == ["save", "submit", "acknowledge" if winner == 0 else "dispute"]
    assert audit_rows(engine, "qa.acknowledge") + audit_rows(engine, "qa.dispute") == 1


def test_R_QA_1_a_draft_submitted_from_three_tabs_at_once_is_submitted_once(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        c = qa.add_contact(
            session,
            as_("qa"),
            employee_no="1001",
            channel="phone",
            contact_at=SUBMITTED - timedelta(minutes=30),
            reference="REC-9",
            transcript="坐席: 您好。",
        )
        draft = qa.evaluate(session, as_("qa"), c.id, phone_marks(session), SUBMITTED.date())
        evaluation_id, version = draft.id, draft.version
    submit = lambda s: qa.submit(s, as_("qa"), evaluation_id, SUBMITTED, version)  # noqa: E731
    one_winner(at_once(engine, look(evaluation_id), [submit] * 3), "现为「待确认」")
    e, actions = stored(engine, evaluation_id)
    assert e.state == "submitted" and actions == ["save", "submit"]
    assert audit_rows(engine, "qa.submit") == 1


def test_R_QA_1_pages_settling_lapsed_evaluations_at_once_write_one_lapse(engine: Engine) -> None:
    evaluation_id, _ = evaluation(engine)
    after = LAST + timedelta(days=1)
    outcomes = at_once(engine, look(evaluation_id), [lambda s: qa.settle(s, after)] * 3)
    assert outcomes == ["won"] * 3
    e, actions = stored(engine, evaluation_id)
    assert e.state == "final" and actions == ["save", "submit", "lapse"]


def test_R_QA_1_one_contact_scored_by_two_evaluators_at_once_gets_one_evaluation(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        qa.ensure_presets(session)  # the scorecards are there before anyone scores
        contact_id = qa.add_contact(
            session,
            as_("qa"),
            employee_no="1001",
            channel="phone",
            contact_at=SUBMITTED - timedelta(minutes=30),
            reference="REC-7",
            transcript="坐席: 您好。",
        ).id

    def scores(username: str) -> Callable[[Session], object]:
        return lambda s: qa.evaluate(s, as_(username), contact_id, phone_marks(s), SUBMITTED.date())

    looked = lambda s: qa.get_contact(s, contact_id)  # noqa: E731
    one_winner(at_once(engine, looked, [scores("qa"), scores("qa2")]), "已有监控评分")
    with unit_of_work(engine) as session:
        found = session.scalars(
            select(QaEvaluation).where(QaEvaluation.contact_id == contact_id)
        ).all()
        assert len(found) == 1
    assert audit_rows(engine, "qa.evaluate") == 1


def test_R_QA_1_a_calibration_closed_meanwhile_takes_no_more_scorings(engine: Engine) -> None:
    day = SUBMITTED.date()
    with unit_of_work(engine) as session:
        make_center(session)
        c = contact(session)
        cal = qa.open_calibration(session, as_("qa"), c.id, ["qa2", "qa3"], "qa", day)
        for who in ("qa", "qa2"):
            qa.calibration_score(session, as_(who), cal.id, phone_marks(session), day)
        calibration_id = cal.id
    with unit_of_work(engine) as page:
        seen = qa.get_calibration(page, calibration_id)  # the page still shows it open
        with unit_of_work(engine) as other:
            qa.close_calibration(other, as_("qa"), calibration_id, day)
        assert seen.state == "open"
        with pytest.raises(Conflict, match="已由他人结束"):
            qa.calibration_score(page, as_("qa3"), calibration_id, phone_marks(page), day)
    with unit_of_work(engine) as session:
        scored_by = {e.evaluator for e in qa.calibration_scorings(session, calibration_id)}
    assert scored_by == {"qa", "qa2"}


def test_R_QA_1_a_calibration_closed_twice_at_once_is_closed_once(engine: Engine) -> None:
    day = SUBMITTED.date()
    with unit_of_work(engine) as session:
        make_center(session)
        c = contact(session)
        cal = qa.open_calibration(session, as_("qa"), c.id, ["qa2"], "qa", day)
        for who in ("qa", "qa2"):
            qa.calibration_score(session, as_(who), cal.id, phone_marks(session), day)
        calibration_id = cal.id
    acts = [
        lambda s, v=v: qa.close_calibration(s, v, calibration_id, day) for v in (as_("qa"), MANAGER)
    ]
    looked = lambda s: qa.get_calibration(s, calibration_id)  # noqa: E731
    one_winner(at_once(engine, looked, acts), "已由他人结束")
    assert audit_rows(engine, "qa.calibration") == 4  # the opening, two scorings, one close
