"""The new-hire programme on a real database (SQLite and PostgreSQL): cohorts and their plans,
trainees and mentors, scores and feedback, the automatic flags, the recorded criteria, the
conversion exam, its re-exam and the manager's choice (R-NEW-1..3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.audit.models import AuditEvent
from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.explain.messages import render
from kefu.people.service import current_record, records_of
from kefu.training import conversion, rules, scores
from kefu.training import service as training
from kefu.training.models import TrainingScore
from tests.training import (
    CALENDAR,
    DEPARTMENT,
    START,
    D,
    as_,
    make_center,
    make_cohort,
    make_conduct,
    make_score,
    trainee_of,
)

DAY = timedelta(days=1)
CONVERSION_DAY = START + 21 * DAY  # Monday 2026-11-23


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    return session


# ---------------------------------------------------------------- cohorts and the plan


def test_R_NEW_1_a_cohort_keeps_its_own_copy_of_the_policys_plan(center: Session) -> None:
    cohort = make_cohort(center)
    assert cohort.plan_name == "seed-000" and cohort.trainer == "qa"
    days = training.cohort_days(center, cohort.id)
    assert [d.number for d in days] == list(range(1, 24))
    laid = training.laid_out(center, cohort, CALENDAR)
    assert laid[0].on == START and laid[21].on == CONVERSION_DAY
    event = center.scalar(select(AuditEvent).where(AuditEvent.action == "training.cohort"))
    assert event is not None and event.actor == "qa"


def test_R_NEW_1_only_a_trainer_hr_or_a_manager_opens_a_cohort(center: Session) -> None:
    with pytest.raises(Forbidden):
        training.open_cohort(center, as_("mentor"), name="x", starts_on=START, today=START)
    with pytest.raises(KefuError, match="请指定培训负责人"):
        training.open_cohort(center, as_("boss"), name="x", starts_on=START, today=START)
    with pytest.raises(KefuError, match="QA 或人事账号"):
        training.open_cohort(
            center, as_("boss"), name="x", starts_on=START, trainer="boss", today=START
        )
    with pytest.raises(Forbidden, match="自己负责"):
        training.open_cohort(
            center, as_("qa"), name="x", starts_on=START, trainer="qa2", today=START
        )
    made = training.open_cohort(
        center, as_("boss"), name="十二月班", starts_on=START, trainer="qa2", today=START
    )
    assert made.trainer == "qa2"


def test_R_NEW_1_a_trainer_edits_a_day_and_the_edit_is_recorded(center: Session) -> None:
    cohort = make_cohort(center)
    edit = training.edit_plan_day(
        center,
        as_("qa"),
        cohort.id,
        7,
        content=["隐身上号，接待少量顾客", "加练快捷短语"],
        exam="practical",
        exam_items=["快捷短语"],
        reason="上周快捷短语普遍不熟",
        today=START,
    )
    assert edit.before["exam"] is None and edit.after["exam"] == "practical"
    assert edit.after["content"][1] == "加练快捷短语" and edit.changed_by == "qa"
    assert [e.number for e in training.plan_edits(center, cohort.id)] == [7]
    # day 7 is Sunday 11-08: its new exam moves to Monday 11-09
    laid = training.laid_out(center, cohort, CALENDAR)
    assert laid[6].planned_on == date(2026, 11, 8) and laid[6].on == date(2026, 11, 9)
    with pytest.raises(KefuError, match="没有改动"):
        training.edit_plan_day(
            center, as_("qa"), cohort.id, 7, exam="practical", reason="再存一次", today=START
        )
    with pytest.raises(KefuError, match="转正考试日"):
        training.edit_plan_day(
            center, as_("qa"), cohort.id, 8, exam="conversion", reason="提前", today=START
        )
    with pytest.raises(Forbidden):
        training.edit_plan_day(
            center, as_("qa2"), cohort.id, 2, title="别人的班", reason="r", today=START
        )
    with pytest.raises(NotFound):
        training.edit_plan_day(center, as_("qa"), cohort.id, 40, title="t", reason="r", today=START)


# ---------------------------------------------------------------- trainees and mentors


def test_R_NEW_1_trainees_are_register_members_on_probation(center: Session) -> None:
    cohort = make_cohort(center, START, "2001")
    with pytest.raises(KefuError, match="只有试用期员工"):
        training.add_trainee(center, as_("qa"), cohort.id, "1001", today=START)
    with pytest.raises(KefuError, match="已在培训班"):
        other = training.open_cohort(center, as_("qa"), name="另一期", starts_on=START, today=START)
        training.add_trainee(center, as_("qa"), other.id, "2001", today=START)


def test_R_NEW_1_a_new_hire_not_yet_in_the_register_joins_on_probation(center: Session) -> None:
    cohort = make_cohort(center, START, "2001")
    with pytest.raises(NotFound, match="填写姓名"):
        training.add_trainee(center, as_("hr"), cohort.id, "2101", today=START)
    with pytest.raises(KefuError, match="部门"):
        training.add_trainee(center, as_("hr"), cohort.id, "2101", name="周新", today=START)
    added = training.add_trainee(
        center,
        as_("hr"),
        cohort.id,
        "2101",
        name="周新",
        department=DEPARTMENT,
        mentor_no="1002",
        today=START,
    )
    assert added.how == "hired" and added.mentor_no == "1002"
    record = current_record(center, "2101")
    assert record is not None
    assert (record.status, record.hired_on, record.role) == ("probation", START, "csr")


def test_R_NEW_1_a_mentor_is_regular_staff_and_not_the_trainee(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    with pytest.raises(KefuError, match="正式员工"):
        training.assign_mentor(center, as_("qa"), trainee.id, "2002", START)
    with pytest.raises(KefuError, match="自己的导师"):
        training.assign_mentor(center, as_("qa"), trainee.id, "2001", START)
    with pytest.raises(NotFound):
        training.assign_mentor(center, as_("qa"), trainee.id, "9999", START)
    training.assign_mentor(center, as_("qa"), trainee.id, "1001", START)
    assert trainee.mentor_no == "1001" and trainee.mentor_since == START
    assert [t.employee_no for t in training.mentees(center, "1001")] == ["2001"]


def test_R_NEW_1_a_trainee_without_a_mentor_after_day_1_is_flagged(center: Session) -> None:
    cohort = make_cohort(center)
    with_mentor = trainee_of(center, cohort.id, "2001")
    training.assign_mentor(center, as_("qa"), with_mentor.id, "1001", START)
    without = trainee_of(center, cohort.id, "2002")
    on_day_1 = scores.standing(center, without, CALENDAR, START)
    assert on_day_1.no_mentor is None and on_day_1.mentor_due == START
    day_2 = scores.standing(center, without, CALENDAR, START + DAY)
    assert day_2.no_mentor is not None
    assert "2026-11-02 为新人指定导师(师傅)，至今尚未指定" in render(day_2.no_mentor)
    assert scores.standing(center, with_mentor, CALENDAR, START + DAY).no_mentor is None


# ---------------------------------------------------------------- scores (R-NEW-2)


def test_R_NEW_2_a_score_carries_its_feedback_and_its_day(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    row = make_score(center, trainee.id, "theory", "72.5", START + 2 * DAY)
    assert row.feedback == "继续努力" and row.source == "typed" and row.pass_mark == 60
    with pytest.raises(KefuError, match="反馈"):
        scores.record_score(
            center,
            as_("qa"),
            trainee.id,
            kind="theory",
            taken_on=START,
            score=D(70),
            feedback=" ",
            today=START,
        )
    with pytest.raises(KefuError, match="早于开班日"):
        make_score(center, trainee.id, "theory", "70", START - DAY, today=START)
    with pytest.raises(KefuError, match="晚于今天"):
        make_score(center, trainee.id, "theory", "70", START + 3 * DAY, today=START)
    with pytest.raises(KefuError, match="0–100"):
        make_score(center, trainee.id, "practical", "100.5", START)
    with pytest.raises(KefuError, match="类别"):
        make_score(center, trainee.id, "conversion", "90", START)
    with pytest.raises(Forbidden):
        make_score(center, trainee.id, "theory", "70", START, by="qa2")
    shown = scores.scores_of(center, trainee)
    assert [(s.kind, s.score, s.feedback) for s in shown] == [("theory", D("72.5"), "继续努力")]


def test_R_NEW_2_daily_conduct_is_scored_by_its_three_parts(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    row = make_conduct(center, trainee.id, START + 4 * DAY, "28", "25", "35")
    assert row.score == 88 and (row.attendance, row.attitude, row.teamwork) == (28, 25, 35)
    with pytest.raises(KefuError, match="出勤情况应在 0–30"):
        make_conduct(center, trainee.id, START, "31", "25", "35")


def test_R_NEW_2_a_correction_replaces_the_score_and_keeps_the_old_one(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    wrong = make_score(center, trainee.id, "theory", "45", START + 2 * DAY)
    fixed = scores.record_score(
        center,
        as_("qa"),
        trainee.id,
        kind="theory",
        taken_on=START + 2 * DAY,
        score=D(54),
        feedback="继续努力",
        corrects=wrong.id,
        reason="阅卷漏算一题",
        today=START + 3 * DAY,
    )
    assert [s.score for s in scores.scores_of(center, trainee)] == [D(54)]
    assert fixed.corrects_id == wrong.id and "阅卷漏算一题" in fixed.feedback
    with pytest.raises(KefuError, match="已被更正"):
        scores.record_score(
            center,
            as_("qa"),
            trainee.id,
            kind="theory",
            taken_on=START + 2 * DAY,
            score=D(55),
            feedback="再改",
            corrects=wrong.id,
            reason="r",
            today=START + 3 * DAY,
        )


def test_R_NEW_2_conduct_under_a_policy_without_its_parts_is_refused_by_name(
    session: Session,
) -> None:
    make_center(session, "seed-000")
    cohort = make_cohort(session)
    trainee = trainee_of(session, cohort.id, "2001")
    with pytest.raises(PolicyParameterMissing, match=r"new_hire_training\.pass_mark"):
        make_conduct(session, trainee.id, START, "20", "20", "20")
    found = scores.standing(session, trainee, CALENDAR, START)
    assert found.checks == [] and "new_hire_training.pass_mark" in found.problems[0]


# ---------------------------------------------------------------- flags (R-NEW-3)


def test_R_NEW_3_two_consecutive_theory_fails_put_the_trainee_on_the_list(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    make_score(center, trainee.id, "theory", "58", START + 2 * DAY)
    assert not scores.standing(center, trainee, CALENDAR, START + 2 * DAY).preliminary
    make_score(center, trainee.id, "theory", "49", START + 4 * DAY)
    found = scores.standing(center, trainee, CALENDAR, START + 4 * DAY)
    assert found.preliminary and [f.kind for f in found.flags] == ["theory"]
    assert found.flags[0].since == START + 4 * DAY
    assert [s.trainee.employee_no for s in scores.preliminary_list(center, CALENDAR, START)] == [
        "2001"
    ]


def test_R_NEW_3_two_theory_fails_with_a_pass_between_do_not(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    for day, score in ((2, "58"), (4, "75"), (7, "49")):
        make_score(center, trainee.id, "theory", score, START + day * DAY)
    found = scores.standing(center, trainee, CALENDAR, START + 7 * DAY)
    assert not found.preliminary and found.flags == []
    theory = next(c for c in found.checks if c.kind == "theory")
    assert "不及格 2 次" in render(theory.steps[0])


def test_R_NEW_3_low_conduct_after_warnings_is_flagged(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    make_conduct(center, trainee.id, START + 6 * DAY, "15", "15", "20")  # 50
    scores.warn(center, as_("qa"), trainee.id, "迟到两次", START + 3 * DAY, START + 3 * DAY)
    assert not scores.standing(center, trainee, CALENDAR, START + 6 * DAY).preliminary
    scores.warn(center, as_("qa"), trainee.id, "课堂玩手机", START + 8 * DAY, START + 8 * DAY)
    found = scores.standing(center, trainee, CALENDAR, START + 8 * DAY)
    assert [f.kind for f in found.flags] == ["conduct"]
    assert found.flags[0].since == START + 8 * DAY and len(found.flags[0].evidence) == 3


def test_R_NEW_3_recorded_criteria_join_the_list_and_may_be_withdrawn(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    with pytest.raises(KefuError, match="不存在"):
        scores.record_criterion(center, as_("qa"), trainee.id, "lazy", "x", START, START)
    with pytest.raises(KefuError, match="事实依据"):
        scores.record_criterion(
            center, as_("qa"), trainee.id, "serious_complaint", " ", START, START
        )
    row = scores.record_criterion(
        center,
        as_("qa"),
        trainee.id,
        "serious_complaint",
        "11-05 顾客投诉态度恶劣，录音编号 A-113",
        START + 3 * DAY,
        START + 3 * DAY,
    )
    assert scores.standing(center, trainee, CALENDAR, START + 3 * DAY).preliminary
    scores.withdraw_criterion(center, as_("hr"), row.id, "录音核实为他人", START + 4 * DAY)
    found = scores.standing(center, trainee, CALENDAR, START + 4 * DAY)
    assert not found.preliminary and found.withdrawn[0].withdrawn_by == "hr"


def test_R_NEW_3_a_flag_open_in_the_policy_is_named_not_guessed(session: Session) -> None:
    make_center(session, "seed-002")
    cohort = make_cohort(session)
    trainee = trainee_of(session, cohort.id, "2001")
    make_score(session, trainee.id, "theory", "40", START)
    make_score(session, trainee.id, "theory", "40", START + DAY)
    found = scores.standing(session, trainee, CALENDAR, START + DAY)
    assert [f.kind for f in found.flags] == ["theory"]
    assert any("new_hire_training.conduct_warnings_to_flag" in p for p in found.problems)


# ---------------------------------------------------------------- conversion (R-NEW-1)


def convert(
    session: Session, trainee_id: int, score: str, on: date, paper: str = "转正A卷"
) -> TrainingScore:
    return conversion.record_conversion(
        session,
        as_("qa"),
        trainee_id,
        taken_on=on,
        score=D(score),
        paper_label=paper,
        feedback="结果已当面反馈",
        calendar=CALENDAR,
        today=on,
    )


def test_R_NEW_1_passing_the_conversion_exam_makes_regular_from_the_next_day(
    center: Session,
) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    with pytest.raises(KefuError, match="转正考试安排在 2026-11-23"):
        convert(center, trainee.id, "90", CONVERSION_DAY - DAY)
    convert(center, trainee.id, "80", CONVERSION_DAY)
    assert trainee.stage == "converted" and trainee.regular_from == CONVERSION_DAY + DAY
    newest = records_of(center, "2001")[-1]
    assert (newest.status, newest.converted_on, newest.effective_on) == (
        "regular",
        CONVERSION_DAY + DAY,
        CONVERSION_DAY + DAY,
    )
    assert "转正考试通过" in newest.source
    with pytest.raises(KefuError, match="已转正"):
        make_score(center, trainee.id, "theory", "70", CONVERSION_DAY)


def test_R_NEW_1_the_conversion_exam_on_a_holiday_sits_on_the_next_working_day(
    center: Session,
) -> None:
    start = date(2026, 9, 10)  # day 22 falls on 2026-10-01, 国庆节
    cohort = training.open_cohort(center, as_("qa"), name="九月班", starts_on=start, today=start)
    training.add_trainee(center, as_("qa"), cohort.id, "2003", today=start)
    trainee = trainee_of(center, cohort.id, "2003")
    found = scores.standing(center, trainee, CALENDAR, start)
    moved = found.conversion_on
    assert moved is not None and moved > date(2026, 10, 1) and CALENDAR.is_working_day(moved)
    exam = rules.conversion_day(found.laid)
    assert exam is not None and "国庆节假期" in render(exam.steps[-1])
    with pytest.raises(KefuError, match=f"转正考试安排在 {moved.isoformat()}"):
        convert(center, trainee.id, "90", date(2026, 10, 1))
    row = convert(center, trainee.id, "90", moved)
    assert trainee.regular_from == moved + DAY
    assert row.steps[0][1] == "training.exam_day"


def test_R_NEW_1_a_failed_conversion_sets_the_re_exam_on_a_different_paper(
    center: Session,
) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    convert(center, trainee.id, "70", CONVERSION_DAY)
    assert trainee.stage == "re_exam" and trainee.re_exam_on == CONVERSION_DAY + 2 * DAY
    assert records_of(center, "2001")[-1].status == "probation"
    with pytest.raises(KefuError, match="安排在 2026-11-25"):
        convert(center, trainee.id, "90", CONVERSION_DAY + DAY, paper="补考B卷")
    with pytest.raises(KefuError, match="就是未通过的试卷"):
        convert(center, trainee.id, "90", CONVERSION_DAY + 2 * DAY, paper="转正A卷")
    assert trainee.stage == "re_exam"
    row = convert(center, trainee.id, "85", CONVERSION_DAY + 2 * DAY, paper="补考B卷")
    assert row.kind == "re_exam" and trainee.stage == "converted"
    # one month of probation from 11-26: regular from 12-26, a record dated in the future
    assert trainee.regular_from == date(2026, 12, 26)
    newest = records_of(center, "2001")[-1]
    assert (newest.effective_on, newest.status) == (date(2026, 12, 26), "regular")
    codes = [step[1] for step in row.steps]
    assert codes == ["training.exam_day", "training.paper_named", "training.re_exam_passed"]


def test_R_NEW_1_a_failed_re_exam_waits_for_the_managers_recorded_choice(center: Session) -> None:
    cohort = make_cohort(center)
    first, second = trainee_of(center, cohort.id, "2001"), trainee_of(center, cohort.id, "2002")
    for trainee in (first, second):
        convert(center, trainee.id, "70", CONVERSION_DAY)
        convert(center, trainee.id, "60", CONVERSION_DAY + 2 * DAY, paper="补考B卷")
        assert trainee.stage == "decision"
    assert {t.id for t in conversion.waiting_decisions(center)} == {first.id, second.id}
    later = CONVERSION_DAY + 3 * DAY
    with pytest.raises(Forbidden):
        conversion.decide(
            center, as_("hr"), first.id, "extend", "r", until=later, calendar=CALENDAR, today=later
        )
    with pytest.raises(KefuError, match="延长试用期至哪一天"):
        conversion.decide(
            center, as_("boss"), first.id, "extend", "再观察", calendar=CALENDAR, today=later
        )
    conversion.decide(
        center,
        as_("boss"),
        first.id,
        "extend",
        "实操进步明显，再观察一个月",
        until=date(2026, 12, 31),
        calendar=CALENDAR,
        today=later,
    )
    assert (first.stage, first.extended_until, first.decided_by) == (
        "extended",
        date(2026, 12, 31),
        "boss",
    )
    conversion.decide(
        center,
        as_("boss"),
        second.id,
        "eliminate",
        "两次未通过且无明显进步",
        calendar=CALENDAR,
        today=later,
    )
    assert second.stage == "eliminating" and second.case_id is not None


def test_R_NEW_1_an_extended_probation_ends_with_another_exam_on_a_new_paper(
    center: Session,
) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    convert(center, trainee.id, "70", CONVERSION_DAY)
    convert(center, trainee.id, "60", CONVERSION_DAY + 2 * DAY, paper="补考B卷")
    until = date(2026, 12, 31)
    conversion.decide(
        center,
        as_("boss"),
        trainee.id,
        "extend",
        "再观察",
        until=until,
        calendar=CALENDAR,
        today=CONVERSION_DAY + 3 * DAY,
    )
    with pytest.raises(KefuError, match="安排在 2026-12-31"):
        convert(center, trainee.id, "90", until - DAY, paper="C卷")
    with pytest.raises(KefuError, match="就是未通过的试卷"):
        convert(center, trainee.id, "90", until, paper="补考B卷")
    failed_again = convert(center, trainee.id, "50", until, paper="C卷")
    assert trainee.stage == "decision" and trainee.decision is None
    assert failed_again.kind == "re_exam"
    conversion.decide(
        center,
        as_("boss"),
        trainee.id,
        "extend",
        "最后一次机会",
        until=date(2027, 1, 29),
        calendar=CALENDAR,
        today=until,
    )
    passed = convert(center, trainee.id, "88", date(2027, 1, 29), paper="D卷")
    assert trainee.stage == "converted" and trainee.regular_from == date(2027, 1, 30)
    assert passed.steps[-1][1] == "training.extension_passed"


def test_R_NEW_1_nobody_decides_their_own_re_exam(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    convert(center, trainee.id, "70", CONVERSION_DAY)
    convert(center, trainee.id, "60", CONVERSION_DAY + 2 * DAY, paper="补考B卷")
    themselves = Viewer("boss", "manager", "2001", DEPARTMENT, None, "本人")
    with pytest.raises(Forbidden, match="nobody decides their own case"):
        conversion.decide(
            center,
            themselves,
            trainee.id,
            "extend",
            "给自己延期",
            until=date(2026, 12, 31),
            calendar=CALENDAR,
            today=CONVERSION_DAY + 3 * DAY,
        )


def test_R_NEW_1_staff_numbers_typed_full_width_are_the_register_s_people(
    center: Session,
) -> None:
    cohort = make_cohort(center, START, "2002")
    joined = training.add_trainee(center, as_("qa"), cohort.id, "２００１", today=START)
    assert joined.employee_no == "2001" and joined.how != "hired"
    hired = training.add_trainee(
        center,
        as_("hr"),
        cohort.id,
        "２１０１",
        name="周新",
        department=DEPARTMENT,
        mentor_no="１００２",
        today=START,
    )
    assert (hired.employee_no, hired.mentor_no) == ("2101", "1002")
    assert current_record(center, "2101") is not None


@pytest.mark.parametrize(
    ("name", "code"), [("\x1b[31m周新", "U+001B"), ("周\x07新", "U+0007"), ("周新\u202e", "U+202E")]
)
def test_R_NEW_1_a_new_hire_s_name_with_an_escape_bell_or_override_is_refused(
    center: Session, name: str, code: str
) -> None:
    cohort = make_cohort(center, START)
    with pytest.raises(KefuError) as refused:
        training.add_trainee(
            center, as_("hr"), cohort.id, "2101", name=name, department=DEPARTMENT, today=START
        )
    assert code in refused.value.message
    assert current_record(center, "2101") is None
