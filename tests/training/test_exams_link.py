"""Training exams on the question bank (R-NEW-1..3, R-EXM-1), on SQLite and PostgreSQL: a paper
set for the cohort, sat and graded, counts as a theory score the moment it is graded; the
conversion exam taken from a graded sitting; the re-exam drawn without the failed paper's
questions, and a re-exam paper that repeats one refused."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.errors import KefuError
from kefu.exams import service as exams
from kefu.exams.models import Paper
from kefu.exams.rules import QuestionIn
from kefu.training import conversion, exams_link, scores
from tests.training import CALENDAR, START, as_, make_center, make_cohort, trainee_of

DAY = timedelta(days=1)
CONVERSION_DAY = START + 21 * DAY
TOPIC = "服务用语"


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    for i in range(12):
        exams.add_question(
            session,
            as_("qa"),
            QuestionIn(
                topic=TOPIC,
                kind="single",
                exam_kind="written",
                difficulty=1,
                stem=f"第 {i + 1} 题：标准问候语是?",
                options=("您好，请问什么可以帮您?", "喂?", "说吧", "请讲"),
                key=("A",),
                reference=None,
                points=Decimal(2),
            ),
            START,
        )
    return session


def draw(session: Session, purpose: str, count: int = 4, exclude: tuple[int, ...] = ()) -> Paper:
    return exams.draw_paper(
        session,
        as_("qa"),
        title=f"{purpose} 试卷",
        exam_kind="written",
        purpose=purpose,
        topics={TOPIC: count},
        exclude_papers=exclude,
        seed=7,
        today=START,
    )


def sit(session: Session, sitting_id: int, on: date, right: bool) -> None:
    """The trainee sits the paper on ``on``: every answer right, or every answer wrong."""
    person = Viewer("2001", "agent", "2001")
    at = datetime.combine(on, time(10, 0))
    exams.start(session, person, sitting_id, at)
    sitting = exams.get_sitting(session, sitting_id)
    answers = {
        item.question.id: ["A" if right else "B"]
        for item in exams.paper_items(session, sitting.paper_id)
    }
    exams.hand_in(session, person, sitting_id, at + timedelta(minutes=10), answers)


def test_R_NEW_2_a_graded_theory_sitting_is_a_score_the_moment_it_is_graded(
    center: Session,
) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    paper = draw(center, "training_theory")
    sittings = exams_link.assign_exam(
        center,
        as_("qa"),
        cohort.id,
        paper.id,
        purpose="training_theory",
        opens_on=START + 2 * DAY,
        closes_on=START + 2 * DAY,
        plan_day=3,
        today=START,
    )
    assert sorted(s.employee_no for s in sittings) == ["2001", "2002"]
    assert sittings[0].context == {"cohort": cohort.id, "plan_day": 3}
    assert scores.scores_of(center, trainee) == []
    sit(center, next(s.id for s in sittings if s.employee_no == "2001"), START + 2 * DAY, False)
    found = scores.scores_of(center, trainee)
    assert [(s.kind, s.source, s.score, s.plan_day) for s in found] == [
        ("theory", "exam", Decimal(0), 3)
    ]
    # a second fail in a row, typed this time: the flag holds on the exam's evidence
    scores.record_score(
        center,
        as_("qa"),
        trainee.id,
        kind="theory",
        taken_on=START + 4 * DAY,
        score=Decimal(50),
        feedback="重点复习退费流程",
        today=START + 4 * DAY,
    )
    standing = scores.standing(center, trainee, CALENDAR, START + 4 * DAY)
    assert [f.kind for f in standing.flags] == ["theory"]
    assert standing.flags[0].evidence[0] == f"sitting:{found[0].sitting_id}"
    # the trainer's feedback keeps the result beside the typed scores, once
    sitting_id = found[0].sitting_id
    assert sitting_id is not None
    scores.adopt_exam_result(
        center, as_("qa"), trainee.id, sitting_id, "审题不仔细", START + 4 * DAY
    )
    kept = scores.scores_of(center, trainee)
    assert (kept[0].source, kept[0].feedback) == ("exam", "审题不仔细")
    assert len(kept) == 2
    with pytest.raises(KefuError, match="已经记录"):
        scores.adopt_exam_result(center, as_("qa"), trainee.id, sitting_id, "再一次", START)


def test_R_NEW_2_a_sitting_of_another_cohort_is_not_this_cohorts_score(center: Session) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    paper = draw(center, "training_theory")
    sitting = exams.assign(
        center,
        as_("qa"),
        paper.id,
        ["2001"],
        opens_on=START,
        closes_on=START,
        purpose="training_theory",
        context={"cohort": cohort.id + 1},
        today=START,
    )[0]
    sit(center, sitting.id, START, False)
    assert scores.scores_of(center, trainee) == []


def test_R_NEW_1_the_conversion_exam_from_a_sitting_and_a_re_exam_with_new_questions(
    center: Session,
) -> None:
    cohort = make_cohort(center)
    trainee = trainee_of(center, cohort.id, "2001")
    failed_paper = draw(center, "conversion")
    sitting = exams_link.assign_exam(
        center,
        as_("qa"),
        cohort.id,
        failed_paper.id,
        purpose="conversion",
        opens_on=CONVERSION_DAY,
        closes_on=CONVERSION_DAY,
        employee_nos=["2001"],
        today=CONVERSION_DAY,
    )[0]
    sit(center, sitting.id, CONVERSION_DAY, False)
    row = conversion.record_conversion(
        center,
        as_("qa"),
        trainee.id,
        taken_on=CONVERSION_DAY,
        sitting_id=sitting.id,
        feedback="专项培训：服务用语",
        calendar=CALENDAR,
        today=CONVERSION_DAY,
    )
    assert (row.source, row.paper_id, row.score) == ("exam", failed_paper.id, Decimal(0))
    assert trainee.stage == "re_exam"
    # the same paper again is refused: it repeats every question
    with pytest.raises(KefuError, match="相同的题目"):
        exams_link.assign_exam(
            center,
            as_("qa"),
            cohort.id,
            failed_paper.id,
            purpose="re_exam",
            opens_on=CONVERSION_DAY + 2 * DAY,
            closes_on=CONVERSION_DAY + 2 * DAY,
            today=CONVERSION_DAY,
        )
    again = exams_link.draw_re_exam_paper(
        center, as_("qa"), trainee.id, topics={TOPIC: 4}, seed=3, today=CONVERSION_DAY
    )
    assert not (
        exams.paper_question_ids(center, again.id)
        & exams.paper_question_ids(center, failed_paper.id)
    )
    re_sitting = exams_link.assign_exam(
        center,
        as_("qa"),
        cohort.id,
        again.id,
        purpose="re_exam",
        opens_on=CONVERSION_DAY + 2 * DAY,
        closes_on=CONVERSION_DAY + 2 * DAY,
        today=CONVERSION_DAY,
    )[0]
    sit(center, re_sitting.id, CONVERSION_DAY + 2 * DAY, True)
    passed = conversion.record_conversion(
        center,
        as_("qa"),
        trainee.id,
        taken_on=CONVERSION_DAY + 2 * DAY,
        sitting_id=re_sitting.id,
        feedback="补考通过",
        calendar=CALENDAR,
        today=CONVERSION_DAY + 2 * DAY,
    )
    assert passed.kind == "re_exam" and passed.score == 100
    assert [s[1] for s in passed.steps] == [
        "training.exam_day",
        "training.paper_differs",
        "training.re_exam_passed",
    ]
    assert trainee.stage == "converted"


def test_R_NEW_1_a_paper_is_set_only_for_the_trainees_it_is_for(center: Session) -> None:
    cohort = make_cohort(center)
    paper = draw(center, "re_exam")
    with pytest.raises(KefuError, match="没有可以参加"):
        exams_link.assign_exam(
            center,
            as_("qa"),
            cohort.id,
            paper.id,
            purpose="re_exam",
            opens_on=START,
            closes_on=START,
            today=START,
        )
    with pytest.raises(KefuError, match="不是培训考试"):
        exams_link.assign_exam(
            center,
            as_("qa"),
            cohort.id,
            paper.id,
            purpose="monthly",
            opens_on=START,
            closes_on=START,
            today=START,
        )
    with pytest.raises(KefuError, match="没有考试"):
        exams_link.assign_exam(
            center,
            as_("qa"),
            cohort.id,
            paper.id,
            purpose="training_theory",
            opens_on=START,
            closes_on=START,
            plan_day=2,
            today=START,
        )
