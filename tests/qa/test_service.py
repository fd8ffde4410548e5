"""QA monitoring on a real database (SQLite and PostgreSQL), R-QA-1 and R-PRV-1.

The demo policy answers within 3 working days and scores a failed critical item 0. Contacts
are of Monday 2026-11-02; submitted that day, the window runs to Thursday 11-05.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.policy.loader import read_policy_text
from kefu.qa import rules
from kefu.qa import service as qa
from kefu.qa.models import QaContact, QaEvaluation
from kefu.qa.rules import Mark
from kefu.workflow.rules import Conflict
from tests.qa import MANAGER, SUBMITTED, as_, make_center

LAST = date(2026, 11, 5)


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    return session


def contact(session: Session, who: str = "agent", channel: str = "phone") -> QaContact:
    return qa.add_contact(
        session,
        as_("qa"),
        employee_no=as_(who).employee_no or "",
        channel=channel,
        contact_at=datetime(2026, 11, 2, 9, 30),
        reference="REC-1",
        transcript="坐席: 您好，工号1001为您服务。\n客户: 我要退款。",
    )


def marks_of(session: Session, scorecard_id: int, **given: str | None) -> dict[str, Mark]:
    card = qa.card_of(qa.get_scorecard(session, scorecard_id))
    out = {k: Mark(i.points) for k, i in card.items.items()}
    for key, value in given.items():
        out[key] = Mark(None if value is None else Decimal(value), "问题")
    return out


def phone_marks(session: Session, **given: str | None) -> dict[str, Mark]:
    card = qa.active_scorecard(session, "phone", required=True)
    assert card is not None
    return marks_of(session, card.id, **given)


def submitted(session: Session, who: str = "agent", **given: str | None) -> QaEvaluation:
    c = contact(session, who)
    e = qa.evaluate(session, as_("qa"), c.id, phone_marks(session, **given), SUBMITTED.date())
    return qa.submit(session, as_("qa"), e.id, SUBMITTED, e.version)


# ---------------------------------------------------------------- scorecards


def test_R_QA_1_the_presets_load_once_with_one_active_version_per_family(center: Session) -> None:
    cards = qa.scorecards(center)
    assert {c.channel for c in cards} == set(rules.CHANNELS)
    assert qa.ensure_presets(center) == []
    assert all(c.version == 1 and c.active for c in cards)


def test_R_QA_1_an_old_evaluation_keeps_the_scorecard_version_it_was_made_with(
    center: Session,
) -> None:
    e = submitted(center)
    old = qa.get_scorecard(center, e.scorecard_id)
    text = qa.scorecard_yaml(old).replace("电话监控评分表", "电话监控评分表 2026 版")
    new = qa.save_scorecard(center, as_("qa"), text)
    assert (new.family, new.version, new.active) == ("phone", 2, True)
    assert not qa.get_scorecard(center, old.id).active
    assert e.scorecard_id == old.id
    assert qa.explain(center, e)[0].args["version"] == 1
    assert [v.version for v in qa.scorecard_versions(center, "phone")] == [2, 1]
    with pytest.raises(Conflict, match="相同"):
        qa.save_scorecard(center, as_("qa"), text)
    with pytest.raises(Forbidden):
        qa.save_scorecard(center, as_("agent"), text)


def test_R_QA_1_a_scorecard_file_is_checked_strictly(center: Session) -> None:
    text = qa.scorecard_yaml(qa.scorecards(center)[0])
    for bad, problem in (
        (text.replace("family:", "familie:"), "未知的键"),
        ("sections: [", "不是有效的 YAML"),
        (text.replace("channel: chat", "channel: radio"), "channel"),
    ):
        with pytest.raises(rules.ScorecardInvalid, match=problem):
            qa.save_scorecard(center, as_("qa"), bad)


# ---------------------------------------------------------------- evaluating


def test_R_QA_1_an_evaluation_scores_its_marks_and_keeps_the_notes(center: Session) -> None:
    e = submitted(center, tone="3", hold_resume=None)
    assert e.score is not None and Decimal(0) < e.score < 100
    assert e.marks["tone"] == {"points": "3", "note": "问题"}
    assert e.marks["hold_resume"]["points"] is None
    assert (e.month, e.team, e.respond_by) == ("2026-11", "客服一部1组", LAST)


def test_R_QA_1_a_failed_critical_item_scores_the_policys_value(center: Session) -> None:
    e = submitted(center, privacy="0")
    assert e.critical_failed and e.score == 0


def test_R_QA_1_a_contact_is_scored_once_and_a_draft_only_by_its_evaluator(
    center: Session,
) -> None:
    c = contact(center)
    e = qa.evaluate(center, as_("qa"), c.id, phone_marks(center), SUBMITTED.date())
    with pytest.raises(Conflict, match="已有监控评分"):
        qa.evaluate(center, as_("qa2"), c.id, phone_marks(center), SUBMITTED.date())
    with pytest.raises(Forbidden):
        qa.evaluate(
            center,
            as_("qa2"),
            c.id,
            phone_marks(center),
            SUBMITTED.date(),
            evaluation_id=e.id,
            seen_version=e.version,
        )
    with pytest.raises(Conflict, match="已被他人修改"):
        qa.evaluate(
            center,
            as_("qa"),
            c.id,
            phone_marks(center),
            SUBMITTED.date(),
            evaluation_id=e.id,
            seen_version=e.version + 5,
        )
    with pytest.raises(Forbidden):
        qa.evaluate(center, as_("agent"), c.id, phone_marks(center), SUBMITTED.date())


def test_R_QA_2_accepting_the_suggestion_needs_an_automatic_check(center: Session) -> None:
    c = contact(center)
    if qa.latest_check(center, c.id) is None:
        with pytest.raises(KefuError, match="没有自动质检结果"):
            qa.evaluate(center, as_("qa"), c.id, {}, SUBMITTED.date(), accept_check=True)
    else:
        e = qa.evaluate(center, as_("qa"), c.id, {}, SUBMITTED.date(), accept_check=True)
        assert e.auto_check_id is not None and e.score is not None


def test_R_QA_1_an_open_window_parameter_refuses_submission_naming_it(session: Session) -> None:
    text, _ = read_policy_text("demo")
    make_center(
        session, text.replace("acknowledge_working_days: 3", 'acknowledge_working_days: "[X]"')
    )
    c = contact(session)
    e = qa.evaluate(session, as_("qa"), c.id, phone_marks(session), SUBMITTED.date())
    with pytest.raises(PolicyParameterMissing, match=r"monitoring\.acknowledge_working_days"):
        qa.submit(session, as_("qa"), e.id, SUBMITTED, e.version)


# ---------------------------------------------------------------- the agent's answer


def test_R_QA_1_the_agent_acknowledges_on_the_last_working_day(center: Session) -> None:
    e = submitted(center)
    done = qa.acknowledge(center, as_("agent"), e.id, LAST, e.version)
    assert (done.state, done.final_score, done.final_on) == ("final", e.score, LAST)


def test_R_QA_1_the_day_after_the_window_is_refused_and_the_score_stands(
    center: Session,
) -> None:
    e = submitted(center)
    with pytest.raises(KefuError, match="已于 2026-11-05 结束"):
        qa.dispute(center, as_("agent"), e.id, "不同意", LAST + timedelta(days=1), e.version)
    assert e.state == "final" and e.final_score == e.score and e.final_on == LAST


def test_R_QA_1_the_window_skips_the_weekend(center: Session) -> None:
    c = contact(center)
    e = qa.evaluate(center, as_("qa"), c.id, phone_marks(center), SUBMITTED.date())
    thursday = datetime(2026, 11, 5, 16, 0)
    qa.submit(center, as_("qa"), e.id, thursday, e.version)
    assert e.respond_by == date(2026, 11, 10)  # Fri 6, Mon 9, Tue 10
    qa.dispute(center, as_("agent"), e.id, "复述确认已做", date(2026, 11, 10), e.version)
    assert e.state == "disputed"


def test_R_QA_1_only_the_agent_evaluated_answers(center: Session) -> None:
    e = submitted(center)
    with pytest.raises(NotFound):
        qa.acknowledge(center, as_("outsider"), e.id, LAST, e.version)
    with pytest.raises(Forbidden):
        qa.acknowledge(center, as_("leader"), e.id, LAST, e.version)
    with pytest.raises(Conflict):
        qa.acknowledge(center, as_("agent"), e.id, LAST, e.version + 1)


def test_R_QA_1_a_dispute_needs_a_reason(center: Session) -> None:
    e = submitted(center)
    with pytest.raises(KefuError, match="申诉理由"):
        qa.dispute(center, as_("agent"), e.id, "  ", LAST, e.version)


def test_R_QA_1_settle_finalises_lapsed_evaluations_once(center: Session) -> None:
    e = submitted(center)
    assert qa.settle(center, LAST) == 0
    assert qa.settle(center, LAST + timedelta(days=1)) == 1
    assert qa.settle(center, LAST + timedelta(days=9)) == 0
    assert [h.action for h in qa.history(center, e.id)] == ["save", "submit", "lapse"]


# ---------------------------------------------------------------- the second reviewer


def test_R_QA_1_the_evaluator_may_not_decide_the_dispute_of_their_own_evaluation(
    center: Session,
) -> None:
    e = submitted(center, tone="2")
    qa.dispute(center, as_("agent"), e.id, "语气没有问题", LAST, e.version)
    with pytest.raises(Forbidden, match="第二位复核人"):
        qa.review(center, as_("qa"), e.id, "维持", LAST, e.version)
    assert [d.id for d in qa.disputes_to_review(center, as_("qa"))] == []
    assert [d.id for d in qa.disputes_to_review(center, as_("qa2"))] == [e.id]
    before = e.score
    done = qa.review(
        center,
        as_("qa2"),
        e.id,
        "录音复核：语气正常，改为满分。",
        LAST,
        e.version,
        phone_marks(center),
    )
    assert done.state == "final" and done.final_score == 100 and before != 100
    assert [h.action for h in qa.history(center, e.id)][-2:] == ["dispute", "rescore"]


def test_R_QA_1_an_upheld_dispute_keeps_the_score(center: Session) -> None:
    e = submitted(center, tone="2")
    qa.dispute(center, as_("agent"), e.id, "不同意", LAST, e.version)
    done = qa.review(center, MANAGER, e.id, "维持原分", LAST, e.version)
    assert done.final_score == done.score
    with pytest.raises(KefuError, match="复核答复"):
        e2 = submitted(center)
        qa.dispute(center, as_("agent"), e2.id, "不同意", LAST, e2.version)
        qa.review(center, MANAGER, e2.id, "", LAST, e2.version)


# ---------------------------------------------------------------- who sees what (R-PRV-1)


def test_R_PRV_1_agent_sees_own_leader_the_team_qa_every_agent(center: Session) -> None:
    mine = submitted(center, "agent")
    mate = submitted(center, "colleague")
    far = submitted(center, "outsider")
    day = SUBMITTED.date()
    assert {e.id for e in qa.evaluations(center, as_("agent"), day)} == {mine.id}
    assert {e.id for e in qa.evaluations(center, as_("leader"), day)} == {mine.id, mate.id}
    assert {e.id for e in qa.evaluations(center, as_("qa2"), day)} == {mine.id, mate.id, far.id}
    assert {e.id for e in qa.evaluations(center, MANAGER, day)} == {mine.id, mate.id, far.id}
    with pytest.raises(NotFound):
        qa.evaluation_in_view(center, as_("agent"), mate.id)
    with pytest.raises(NotFound):
        qa.evaluation_in_view(center, as_("leader"), far.id)


def test_R_PRV_1_drafts_are_seen_only_by_evaluators(center: Session) -> None:
    c = contact(center)
    e = qa.evaluate(center, as_("qa"), c.id, phone_marks(center), SUBMITTED.date())
    with pytest.raises(NotFound):
        qa.evaluation_in_view(center, as_("agent"), e.id)
    assert qa.evaluations(center, as_("leader"), SUBMITTED.date()) == []
    assert qa.evaluation_in_view(center, as_("qa2"), e.id) is e


# ---------------------------------------------------------------- the month's feed


def test_R_QA_1_the_month_feed_holds_final_and_lapsed_scores(center: Session) -> None:
    acked = submitted(center, tone="3")
    qa.acknowledge(center, as_("agent"), acked.id, LAST, acked.version)
    waiting = submitted(center)
    disputed = submitted(center, "colleague")
    qa.dispute(center, as_("colleague"), disputed.id, "不同意", LAST, disputed.version)
    draft_contact = contact(center)
    qa.evaluate(center, as_("qa"), draft_contact.id, phone_marks(center), SUBMITTED.date())
    assert qa.month_final_scores(center, "2026-11", LAST) == {"1001": [acked.score]}
    later = qa.month_final_scores(center, "2026-11", LAST + timedelta(days=1))
    assert later == {"1001": [acked.score, waiting.score]}
    assert qa.open_disputes(center, "2026-11") == {"1002": 1}
    assert qa.month_final_scores(center, "2026-10", LAST) == {}


# ---------------------------------------------------------------- calibration


def test_R_QA_1_calibration_is_blind_until_closed_then_shows_deviations(
    center: Session,
) -> None:
    c = contact(center)
    cal = qa.open_calibration(center, as_("qa"), c.id, ["qa2", "qa3"], "qa", SUBMITTED.date())
    assert cal.participants == ["qa", "qa2", "qa3"]
    day = SUBMITTED.date()
    qa.calibration_score(center, as_("qa"), cal.id, marks_of(center, cal.scorecard_id), day)
    qa.calibration_score(
        center,
        as_("qa2"),
        cal.id,
        marks_of(center, cal.scorecard_id, tone="0", paraphrase="0"),
        day,
    )
    seen = qa.calibration_view(center, as_("qa2"), cal.id)
    assert [e.evaluator for e in seen.scorings] == ["qa2"] and seen.deviations == []
    with pytest.raises(Forbidden):
        qa.calibration_score(center, MANAGER, cal.id, marks_of(center, cal.scorecard_id), day)
    qa.close_calibration(center, as_("qa"), cal.id, day)
    view = qa.calibration_view(center, as_("qa3"), cal.id)
    (dev,) = view.deviations
    assert dev.evaluator == "qa2" and dev.total < -5 and dev.flagged
    assert dev.items["tone"] == -5 and dev.items["greeting_staff_no"] == 0
    drift = qa.calibration_over_time(center, as_("qa"))
    assert [(r.evaluator, r.month, r.flagged) for r in drift] == [("qa2", "2026-11", True)]
    # calibration scorings never reach the agent or the month
    assert qa.evaluations(center, as_("agent"), day) == []
    assert qa.month_final_scores(center, "2026-11", date(2026, 12, 31)) == {}


def test_R_QA_1_a_calibration_closes_only_with_the_reference_scored(center: Session) -> None:
    c = contact(center)
    cal = qa.open_calibration(center, as_("qa"), c.id, ["qa", "qa2"], "qa", SUBMITTED.date())
    qa.calibration_score(
        center, as_("qa2"), cal.id, marks_of(center, cal.scorecard_id), SUBMITTED.date()
    )
    with pytest.raises(KefuError, match="参照评分人 qa 还没有评分"):
        qa.close_calibration(center, as_("qa"), cal.id, SUBMITTED.date())
    with pytest.raises(KefuError, match="不是 QA"):
        qa.open_calibration(center, as_("qa"), c.id, ["agent"], "qa", SUBMITTED.date())
