"""A training elimination on the shared case mechanism (R-NEW-4, R-PUB-1), on SQLite and
PostgreSQL: the preliminary list opens it, the trainer's talk, the public notice in working
days with an objection, HR's final decision and the register, the offboarding checklist and
the exit talk; every step recorded, nobody acting on their own case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.errors import Forbidden, KefuError, PolicyParameterMissing
from kefu.explain.messages import render
from kefu.people.service import current_record
from kefu.training import elimination_service as elimination
from kefu.training import scores
from kefu.training import service as training
from kefu.workflow import service as cases
from kefu.workflow.rules import FINAL, NOTICE, REJECTED
from tests.training import (
    CALENDAR,
    DEPARTMENT,
    START,
    as_,
    make_center,
    make_cohort,
    make_score,
    trainee_of,
)

DAY = timedelta(days=1)
FAILED_TWICE = START + 4 * DAY  # Friday 2026-11-06
TALK = date(2026, 11, 9)  # Monday: a 3-working-day notice runs 9, 10, 11 November


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    return session


def flagged(session: Session) -> int:
    """A cohort whose trainee 2001 failed theory twice in a row; returns the trainee's id."""
    cohort = make_cohort(session)
    trainee = trainee_of(session, cohort.id, "2001")
    make_score(session, trainee.id, "theory", "55", START + 2 * DAY)
    make_score(session, trainee.id, "theory", "41", FAILED_TWICE)
    return trainee.id


def opened(session: Session) -> int:
    case = elimination.open_case(
        session, as_("qa"), flagged(session), calendar=CALENDAR, today=TALK
    )
    return case.id


def version(session: Session, case_id: int) -> int:
    return elimination.get_case(session, case_id).version


def talk(session: Session, case_id: int, by: str = "qa", decision: str = "approve") -> None:
    elimination.talk(
        session,
        as_(by),
        case_id,
        "approve" if decision == "approve" else "reject",
        "理论考核连续两次不及格，已说明依据",
        "本人表示理解",
        version(session, case_id),
        calendar=CALENDAR,
        today=TALK,
    )


def test_R_NEW_4_the_case_opens_on_the_grounds_that_hold_and_keeps_them(center: Session) -> None:
    case_id = opened(center)
    case = elimination.get_case(center, case_id)
    assert case.state == "talk" and case.subject_no == "2001" and case.involved == ["2001"]
    grounds = case.data["grounds"]
    assert [(g["kind"], g["code"], g["since"]) for g in grounds] == [
        ("flag", "theory", FAILED_TWICE.isoformat())
    ]
    assert len(grounds[0]["evidence"]) == 2
    assert "理论考核连续 2 次低于 60 分" in render(elimination.ground_steps(grounds[0])[0])
    trainee = training.get_trainee(center, case.data["trainee"])
    assert trainee.stage == "eliminating" and trainee.case_id == case_id
    with pytest.raises(KefuError, match="淘汰流程中"):
        elimination.open_case(center, as_("qa"), trainee.id, calendar=CALENDAR, today=TALK)


def test_R_NEW_4_a_trainee_not_on_the_preliminary_list_cannot_be_eliminated(
    center: Session,
) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2002")
    make_score(center, trainee.id, "theory", "55", START)
    with pytest.raises(KefuError, match="不在初步淘汰名单上"):
        elimination.open_case(center, as_("qa"), trainee.id, calendar=CALENDAR, today=TALK)
    scores.record_criterion(
        center, as_("qa"), trainee.id, "refuses_cooperation", "拒绝参加小组演练三次", START, TALK
    )
    case = elimination.open_case(center, as_("hr"), trainee.id, calendar=CALENDAR, today=TALK)
    assert case.data["grounds"][0]["code"] == "refuses_cooperation"


def test_R_NEW_4_the_case_runs_from_the_talk_to_the_exit_feedback(center: Session) -> None:
    case_id = opened(center)
    with pytest.raises(Forbidden, match="只能由人事、QA 质检办理"):
        talk(center, case_id, by="boss")
    talk(center, case_id)
    case = elimination.get_case(center, case_id)
    assert case.state == NOTICE
    assert (case.notice_first_day, case.notice_last_day) == (TALK, TALK + 2 * DAY)
    assert case.data["talk"]["response"] == "本人表示理解"

    objection = elimination.object_to(
        center, as_("mentor"), case_id, "第二次考试当天他在发烧", TALK + DAY
    )
    with pytest.raises(KefuError, match="申诉未答复"):
        elimination.finalize(center, as_("hr"), case_id, "维持", TALK + 3 * DAY)
    elimination.answer(
        center,
        as_("hr"),
        objection.id,
        upheld=False,
        finding="病假记录显示当天未请假，考试正常进行",
        reply="申诉不成立",
        today=TALK + 2 * DAY,
    )
    with pytest.raises(KefuError, match="公示期到"):
        elimination.finalize(center, as_("hr"), case_id, "维持", TALK + 2 * DAY)
    with pytest.raises(Forbidden):
        elimination.finalize(center, as_("boss"), case_id, "维持", TALK + 3 * DAY)
    with pytest.raises(KefuError, match="意见"):
        elimination.finalize(center, as_("hr"), case_id, " ", TALK + 3 * DAY)
    final_day = TALK + 3 * DAY
    elimination.finalize(center, as_("hr"), case_id, "依据充分，予以淘汰", final_day)
    case = elimination.get_case(center, case_id)
    assert case.state == FINAL and case.data["left_on"] == final_day.isoformat()
    record = current_record(center, "2001")
    assert record is not None
    assert (record.status, record.left_on, record.leave_reason, record.effective_on) == (
        "left",
        final_day,
        "eliminated",
        final_day,
    )
    assert training.get_trainee(center, case.data["trainee"]).stage == "eliminated"

    for item in ("final_pay", "badge", "equipment"):
        elimination.tick(
            center, as_("hr"), case_id, item, final_day, version(center, case_id), final_day
        )
    with pytest.raises(KefuError, match="已经办理"):
        elimination.tick(
            center, as_("hr"), case_id, "badge", final_day, version(center, case_id), final_day
        )
    elimination.record_exit(
        center,
        as_("hr"),
        case_id,
        "认为培训节奏偏快",
        "沟通表达较好，可考虑电话回访类岗位",
        version(center, case_id),
        final_day,
    )
    case = elimination.get_case(center, case_id)
    assert case.data["checklist"]["badge"] == {"by": "hr", "on": final_day.isoformat()}
    assert case.data["exit"]["advice"].startswith("沟通表达较好")
    done = [(a.action, a.actor) for a in cases.actions(center, case_id)]
    assert done == [
        ("open", "qa"),
        ("decide", "qa"),
        ("publish", "qa"),
        ("object", "mentor"),
        ("answer", "hr"),
        ("finalize", "hr"),
        ("final_decision", "hr"),
        ("checklist", "hr"),
        ("checklist", "hr"),
        ("checklist", "hr"),
        ("exit", "hr"),
    ]


def test_R_NEW_4_the_checklist_waits_for_the_final_decision_and_is_hrs(center: Session) -> None:
    case_id = opened(center)
    with pytest.raises(KefuError, match="生效后才能办理"):
        elimination.tick(center, as_("hr"), case_id, "badge", TALK, version(center, case_id), TALK)
    with pytest.raises(Forbidden, match="人事"):
        elimination.tick(center, as_("qa"), case_id, "badge", TALK, version(center, case_id), TALK)


def test_R_NEW_4_nobody_acts_on_their_own_case(center: Session) -> None:
    case_id = opened(center)
    hr_self = Viewer("hr-self", "hr", "2001", DEPARTMENT, None, "王新")
    with pytest.raises(Forbidden, match="own case"):
        elimination.talk(
            center,
            hr_self,
            case_id,
            "approve",
            "r",
            "",
            version(center, case_id),
            calendar=CALENDAR,
            today=TALK,
        )
    talk(center, case_id)
    objection = elimination.object_to(center, as_("mentor"), case_id, "异议", TALK)
    with pytest.raises(Forbidden):
        elimination.answer(
            center, hr_self, objection.id, upheld=True, finding="f", reply="r", today=TALK
        )
    with pytest.raises(Forbidden):
        elimination.finalize(center, hr_self, case_id, "自己生效", TALK + 5 * DAY)


def test_R_NEW_4_ending_the_case_at_the_talk_puts_the_trainee_back(center: Session) -> None:
    case_id = opened(center)
    talk(center, case_id, decision="reject")
    case = elimination.get_case(center, case_id)
    assert case.state == REJECTED
    trainee = training.get_trainee(center, case.data["trainee"])
    assert trainee.stage == "training"


def test_R_NEW_4_an_upheld_objection_ends_the_case_without_elimination(center: Session) -> None:
    case_id = opened(center)
    talk(center, case_id)
    objection = elimination.object_to(center, as_("mentor"), case_id, "成绩录错了", TALK)
    elimination.answer(
        center,
        as_("hr"),
        objection.id,
        upheld=True,
        finding="核对试卷，第二次应为 71 分",
        reply="申诉成立，撤销淘汰",
        today=TALK + DAY,
    )
    case = elimination.get_case(center, case_id)
    assert case.state == REJECTED
    assert training.get_trainee(center, case.data["trainee"]).stage == "training"
    record = current_record(center, "2001")
    assert record is not None and record.status == "probation"


def test_R_NEW_4_the_notice_needs_its_working_days_in_the_policy(session: Session) -> None:
    make_center(session, "seed-002")
    case_id = opened(session)
    with pytest.raises(
        PolicyParameterMissing, match=r"new_hire_training\.public_notice_working_days"
    ):
        talk(session, case_id)
    assert elimination.get_case(session, case_id).state == "talk"
