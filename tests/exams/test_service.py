"""The bank, papers, sittings and marking on a real database (SQLite and PostgreSQL), R-EXM-1.

The clock is given to each call (a sitting starts, saves and ends at a moment), so the
deadline's edges are exact.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.exams import service as exams
from kefu.exams.models import Sitting
from kefu.exams.rules import BankShort
from kefu.policy.loader import read_policy_text
from kefu.workflow.rules import Conflict
from tests.exams import (
    DAY,
    NINE,
    as_,
    assign_to,
    make_bank,
    make_center,
    make_question,
    objective_paper,
)


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    make_bank(session)
    return session


def demo_text(old: str, new: str) -> str:
    text, _ = read_policy_text("demo")
    assert text.count(old) == 1
    return text.replace(old, new)


# ---------------------------------------------------------------- the bank


def test_R_EXM_1_the_same_question_is_not_added_twice(center: Session) -> None:
    with pytest.raises(Conflict, match="已有相同的题目"):
        exams.add_question(center, as_(center, "qa"), make_question(stem="服务用语第1题"), DAY)


def test_R_EXM_1_only_qa_hr_and_managers_keep_the_bank(center: Session) -> None:
    with pytest.raises(Forbidden):
        exams.add_question(center, as_(center, "agent"), make_question(stem="新题"), DAY)


def test_R_EXM_1_editing_a_question_on_a_paper_makes_a_new_version_and_the_paper_keeps_the_old(
    center: Session,
) -> None:
    paper = objective_paper(center)
    on_paper = sorted(exams.paper_question_ids(center, paper.id))[0]
    old = exams.get_question(center, on_paper)
    new = exams.revise_question(
        center, as_(center, "qa"), old.id, make_question(stem="改写后的题目", key=("B",)), DAY
    )
    assert (new.family_id, new.version) == (old.family_id, 2)
    assert old.retired_on == DAY and old.stem != "改写后的题目"
    assert on_paper in exams.paper_question_ids(center, paper.id)
    assert [q.id for q in exams.versions(center, old.family_id)] == [old.id, new.id]
    with pytest.raises(Conflict, match="已于"):
        exams.revise_question(center, as_(center, "qa"), old.id, make_question(stem="再改"), DAY)


def test_R_EXM_1_a_retired_question_is_drawn_no_more(center: Session) -> None:
    for q in exams.questions(center, topic="退费流程"):
        exams.retire_question(center, as_(center, "qa"), q.id, DAY)
    with pytest.raises(BankShort, match="退费流程"):
        objective_paper(center, topics={"退费流程": 1})


# ---------------------------------------------------------------- papers


def test_R_EXM_1_a_paper_takes_the_pass_mark_of_the_policy_unless_given(center: Session) -> None:
    assert objective_paper(center).pass_mark == Decimal(60)
    assert objective_paper(center, pass_mark=Decimal(75)).pass_mark == Decimal(75)


def test_R_EXM_1_a_missing_pass_mark_in_seed_004_is_refused_naming_the_parameter(
    session: Session,
) -> None:
    make_center(
        session, text=demo_text("演示值\n  pass_mark: 60\n", '演示值\n  pass_mark: "[X]"\n')
    )
    make_bank(session)
    with pytest.raises(PolicyParameterMissing) as refused:
        objective_paper(session)
    assert refused.value.path == "exams.pass_mark" and refused.value.rule_id == "R-EXM-1"
    assert objective_paper(session, pass_mark=Decimal(70)).pass_mark == Decimal(70)


def test_R_EXM_1_the_seed_004_preset_leaves_the_pass_mark_open(session: Session) -> None:
    make_center(session, policy="seed-004")
    make_bank(session)
    with pytest.raises(PolicyParameterMissing, match=r"exams\.pass_mark"):
        objective_paper(session)


def test_R_EXM_1_a_paper_larger_than_the_bank_is_refused_naming_the_shortfall(
    center: Session,
) -> None:
    with pytest.raises(BankShort, match="知识点「服务用语」需要 9 道，可用 4 道，差 5 道"):
        objective_paper(center, topics={"服务用语": 9})


def test_R_EXM_1_a_re_exam_paper_shares_no_question_with_the_failed_one(center: Session) -> None:
    failed = objective_paper(center, topics={"服务用语": 2, "退费流程": 2})
    again = objective_paper(
        center,
        title="补考",
        purpose="re_exam",
        topics={"服务用语": 2, "退费流程": 2},
        exclude_papers=[failed.id],
        seed=2,
    )
    assert not exams.paper_question_ids(center, failed.id) & exams.paper_question_ids(
        center, again.id
    )
    assert any(step[1] == "exam.no_overlap" for step in again.steps)
    with pytest.raises(BankShort):
        objective_paper(center, topics={"服务用语": 1}, exclude_papers=[failed.id, again.id])


def test_R_EXM_1_the_same_seed_draws_the_same_paper(center: Session) -> None:
    first = objective_paper(center, topics={"服务用语": 3, "退费流程": 2}, seed=77)
    second = objective_paper(center, topics={"服务用语": 3, "退费流程": 2}, seed=77)
    assert [i.question.id for i in exams.paper_items(center, first.id)] == [
        i.question.id for i in exams.paper_items(center, second.id)
    ]


def test_R_EXM_1_an_unknown_excluded_paper_is_refused(center: Session) -> None:
    with pytest.raises(NotFound):
        objective_paper(center, exclude_papers=[999])


# ---------------------------------------------------------------- assigning


def test_R_EXM_1_a_sitting_takes_the_policys_time_limit_unless_the_paper_sets_one(
    center: Session,
) -> None:
    (plain,) = assign_to(center, objective_paper(center), "1001")
    (own,) = assign_to(center, objective_paper(center, time_limit_minutes=45), "1001")
    assert (plain.time_limit_minutes, own.time_limit_minutes) == (30, 45)
    assert plain.rules["multiple_choice"] == "all_or_nothing"


def test_R_EXM_1_an_open_time_limit_is_refused_unless_the_paper_has_one(session: Session) -> None:
    make_center(session, text=demo_text("time_limit_minutes: 30\n", 'time_limit_minutes: "[X]"\n'))
    make_bank(session)
    with pytest.raises(PolicyParameterMissing, match=r"exams\.time_limit_minutes"):
        assign_to(session, objective_paper(session), "1001")
    assert assign_to(session, objective_paper(session, time_limit_minutes=20), "1001")


def test_R_EXM_1_one_sitting_per_person_and_paper(center: Session) -> None:
    paper = objective_paper(center)
    assign_to(center, paper, "1001")
    with pytest.raises(Conflict, match="1001"):
        assign_to(center, paper, "1001", "1002")


def test_an_assignment_names_real_people_and_a_window_that_is_still_open(center: Session) -> None:
    paper = objective_paper(center)
    with pytest.raises(NotFound, match="9999"):
        assign_to(center, paper, "9999")
    with pytest.raises(KefuError, match="早于开始日"):
        assign_to(center, paper, "1001", closes_on=DAY - timedelta(days=1))
    with pytest.raises(KefuError, match="已过"):
        exams.assign(
            center,
            as_(center, "qa"),
            paper.id,
            ["1001"],
            opens_on=DAY - timedelta(days=3),
            closes_on=DAY - timedelta(days=1),
            purpose="monthly",
            context={},
            today=DAY,
        )


# ---------------------------------------------------------------- sitting


def sit(center: Session, **paper: object) -> Sitting:
    (sitting,) = assign_to(center, objective_paper(center, **paper), "1001")
    return sitting


def keys(center: Session, sitting: Sitting) -> dict[int, list[str]]:
    return {
        i.question.id: list(i.question.key) for i in exams.paper_items(center, sitting.paper_id)
    }


def test_R_EXM_1_only_the_person_sits_their_sitting(center: Session) -> None:
    sitting = sit(center)
    with pytest.raises(Forbidden):
        exams.start(center, as_(center, "colleague"), sitting.id, NINE)


def test_R_EXM_1_a_sitting_starts_within_its_window_only(center: Session) -> None:
    sitting = sit(center)
    with pytest.raises(KefuError, match="还没有开始"):
        exams.start(center, as_(center, "agent"), sitting.id, NINE - timedelta(days=1))
    started = exams.start(center, as_(center, "agent"), sitting.id, NINE)
    assert started.deadline_at == NINE + timedelta(minutes=30)


def test_R_EXM_1_the_deadline_is_capped_by_the_end_of_the_window(center: Session) -> None:
    sitting = sit(center)
    late = NINE.replace(hour=23, minute=45)
    exams.start(center, as_(center, "agent"), sitting.id, late)
    assert sitting.deadline_at == late.replace(hour=0, minute=0) + timedelta(days=1)


def test_R_EXM_1_handing_in_grades_objective_questions(center: Session) -> None:
    sitting = sit(center)
    agent = as_(center, "agent")
    exams.start(center, agent, sitting.id, NINE)
    exams.hand_in(center, agent, sitting.id, NINE + timedelta(minutes=5), keys(center, sitting))
    assert (sitting.status, sitting.score, sitting.passed, sitting.final) == (
        "graded",
        Decimal(100),
        True,
        True,
    )
    assert sitting.taken_on == DAY
    (result,) = exams.results(center)
    assert (result.score, result.pass_mark, result.passed, result.context) == (
        Decimal(100),
        Decimal(60),
        True,
        {"cohort": 3},
    )


def test_R_EXM_1_an_answer_exactly_at_the_deadline_counts_and_a_second_later_is_refused(
    center: Session,
) -> None:
    sitting = sit(center)
    agent = as_(center, "agent")
    exams.start(center, agent, sitting.id, NINE)
    deadline = NINE + timedelta(minutes=30)
    first, second = list(keys(center, sitting).items())
    assert exams.save_answers(center, agent, sitting.id, dict([first]), deadline) == 1
    with pytest.raises(exams.TooLate, match="答案未保存"):
        exams.save_answers(
            center, agent, sitting.id, dict([second]), deadline + timedelta(seconds=1)
        )
    assert exams.close_expired(center, deadline) == 0
    assert exams.close_expired(center, deadline + timedelta(seconds=1)) == 1
    assert (sitting.status, sitting.ended_how, sitting.ended_at) == (
        "graded",
        "timed_out",
        deadline,
    )
    assert sitting.score == Decimal(50)
    view = exams.grade_sitting(center, sitting)
    assert view.outcome.steps[0].code == "exam.timed_out"


def test_R_EXM_1_handing_in_twice_is_refused(center: Session) -> None:
    sitting = sit(center)
    agent = as_(center, "agent")
    exams.start(center, agent, sitting.id, NINE)
    exams.hand_in(center, agent, sitting.id, NINE + timedelta(minutes=1))
    with pytest.raises(Conflict, match="不能重复交卷"):
        exams.hand_in(center, agent, sitting.id, NINE + timedelta(minutes=2))
    with pytest.raises(Conflict):
        exams.save_answers(center, agent, sitting.id, {}, NINE + timedelta(minutes=2))


def test_R_EXM_1_handing_in_after_the_deadline_is_refused_and_what_was_saved_stands(
    center: Session,
) -> None:
    sitting = sit(center)
    agent = as_(center, "agent")
    exams.start(center, agent, sitting.id, NINE)
    with pytest.raises(exams.TooLate):
        exams.hand_in(
            center, agent, sitting.id, NINE + timedelta(minutes=31), keys(center, sitting)
        )
    assert exams.results(center, now=NINE + timedelta(minutes=31))[0].score == 0


def test_R_EXM_1_a_sitting_never_started_is_missed_and_no_result(center: Session) -> None:
    sitting = sit(center)
    exams.close_expired(center, NINE + timedelta(days=1))
    assert sitting.status == "missed"
    assert exams.results(center, final_only=False) == []


def test_R_EXM_1_a_choice_outside_the_options_is_refused(center: Session) -> None:
    sitting = sit(center)
    agent = as_(center, "agent")
    exams.start(center, agent, sitting.id, NINE)
    first = next(iter(keys(center, sitting)))
    with pytest.raises(KefuError, match="只能选"):
        exams.save_answers(center, agent, sitting.id, {first: ["Z"]}, NINE)
    with pytest.raises(KefuError, match="只能选一项"):
        exams.save_answers(center, agent, sitting.id, {first: ["A", "B"]}, NINE)
    with pytest.raises(KefuError, match="不在这份试卷上"):
        exams.save_answers(center, agent, sitting.id, {999: ["A"]}, NINE)


# ---------------------------------------------------------------- marking


def with_short_answer(center: Session) -> Sitting:
    exams.add_question(
        center,
        as_(center, "qa"),
        make_question(topic="案例分析", kind="short", points=10, stem="处理投诉的步骤?", key=()),
        DAY,
    )
    return sit(center, topics={"服务用语": 2, "案例分析": 1})


def hand_in_all(center: Session, sitting: Sitting, who: str = "agent") -> None:
    answers = {
        qid: key or ["倾听、致歉、核实、解决、回访"] for qid, key in keys(center, sitting).items()
    }
    exams.start(center, as_(center, who), sitting.id, NINE)
    exams.hand_in(center, as_(center, who), sitting.id, NINE + timedelta(minutes=9), answers)


def short_id(center: Session, sitting: Sitting) -> int:
    return next(
        i.question.id
        for i in exams.paper_items(center, sitting.paper_id)
        if i.question.kind == "short"
    )


def test_R_EXM_1_a_short_answer_waits_for_a_marker_then_the_score_is_final(center: Session) -> None:
    sitting = with_short_answer(center)
    hand_in_all(center, sitting)
    assert (sitting.status, sitting.score, sitting.final) == ("marking", None, False)
    assert exams.results(center) == []
    (waiting,) = exams.results(center, final_only=False)
    assert (waiting.score, waiting.passed, waiting.final) == (None, None, False)
    (entry,) = exams.marking_queue(center, as_(center, "hr"))
    assert entry.waiting == 1
    exams.mark(
        center,
        as_(center, "hr"),
        sitting.id,
        short_id(center, sitting),
        Decimal(7),
        "步骤较全",
        NINE,
    )
    # (2 + 2 + 7) / 14 × 100 = 78.571… → 78.57
    assert (sitting.status, sitting.score, sitting.passed) == ("graded", Decimal("78.57"), True)
    steps = exams.grade_sitting(center, sitting).steps
    assert any(s.code == "exam.marked" and s.args["comment"] == "步骤较全" for s in steps)
    with pytest.raises(Conflict, match="已评定"):
        exams.mark(
            center,
            as_(center, "hr"),
            sitting.id,
            short_id(center, sitting),
            Decimal(9),
            "改分",
            NINE,
        )


def test_R_EXM_1_marking_above_the_questions_points_is_refused(center: Session) -> None:
    sitting = with_short_answer(center)
    hand_in_all(center, sitting)
    with pytest.raises(KefuError, match="本题分值 10 分"):
        exams.mark(
            center,
            as_(center, "hr"),
            sitting.id,
            short_id(center, sitting),
            Decimal(11),
            "好",
            NINE,
        )
    with pytest.raises(KefuError, match="评分理由"):
        exams.mark(
            center, as_(center, "hr"), sitting.id, short_id(center, sitting), Decimal(5), " ", NINE
        )


def test_R_EXM_1_nobody_marks_their_own_sitting(center: Session) -> None:
    exams.add_question(
        center,
        as_(center, "qa"),
        make_question(topic="案例分析", kind="short", points=10, stem="处理投诉的步骤?", key=()),
        DAY,
    )
    (mine,) = assign_to(center, objective_paper(center, topics={"案例分析": 1}), "1003")
    hand_in_all(center, mine, who="qa")
    assert exams.marking_queue(center, as_(center, "qa")) == []
    with pytest.raises(Forbidden, match="不能给自己的考试阅卷"):
        exams.mark(
            center, as_(center, "qa"), mine.id, short_id(center, mine), Decimal(5), "好", NINE
        )


def test_R_EXM_1_objective_questions_are_not_marked_by_hand(center: Session) -> None:
    sitting = with_short_answer(center)
    hand_in_all(center, sitting)
    single = next(
        i.question.id
        for i in exams.paper_items(center, sitting.paper_id)
        if i.question.kind == "single"
    )
    with pytest.raises(KefuError, match="自动评分"):
        exams.mark(center, as_(center, "hr"), sitting.id, single, Decimal(1), "好", NINE)


def test_R_EXM_1_an_agent_cannot_mark(center: Session) -> None:
    sitting = with_short_answer(center)
    hand_in_all(center, sitting)
    with pytest.raises(Forbidden):
        exams.mark(
            center,
            as_(center, "colleague"),
            sitting.id,
            short_id(center, sitting),
            Decimal(1),
            "x",
            NINE,
        )


def test_R_EXM_1_partial_credit_for_multiple_choice_follows_the_policy(session: Session) -> None:
    make_center(
        session, text=demo_text("multiple_choice: all_or_nothing\n", "multiple_choice: partial\n")
    )
    qa = as_(session, "qa")
    exams.add_question(
        session,
        qa,
        make_question(kind="multiple", points=6, stem="哪些是服务禁语?", key=("A", "C", "D")),
        DAY,
    )
    (sitting,) = assign_to(session, objective_paper(session, topics={"服务用语": 1}), "1001")
    agent = as_(session, "agent")
    exams.start(session, agent, sitting.id, NINE)
    (qid,) = keys(session, sitting)
    exams.hand_in(session, agent, sitting.id, NINE + timedelta(minutes=3), {qid: ["A", "C"]})
    assert sitting.earned == Decimal(4) and sitting.score == Decimal("66.67")


# ---------------------------------------------------------------- results feeding on


def test_R_EXM_1_the_lowest_monthly_exam_of_the_month_and_the_newest_are_found(
    center: Session,
) -> None:
    agent = as_(center, "agent")
    scores = []
    for n, right in enumerate((2, 1)):
        (sitting,) = assign_to(center, objective_paper(center, seed=n), "1001")
        exams.start(center, agent, sitting.id, NINE + timedelta(hours=n))
        answers = dict(list(keys(center, sitting).items())[:right])
        exams.hand_in(center, agent, sitting.id, NINE + timedelta(hours=n, minutes=5), answers)
        scores.append(sitting.score)
    from kefu.periods import Month

    low = exams.monthly_exam_lows(center, Month(2026, 11))["1001"]
    assert low.score == Decimal(50) == min(s for s in scores if s is not None)
    assert exams.monthly_exam_lows(center, Month(2026, 10)) == {}
    assert exams.latest_skills_exams(center, DAY)["1001"].score == Decimal(50)
    assert exams.latest_skills_exams(center, date(2026, 11, 19)) == {}


def test_R_EXM_1_the_months_lows_read_the_sittings_results_reads(center: Session) -> None:
    """The close's one query for everyone's lows keeps the sittings ``results`` keeps."""
    from kefu.periods import Month

    agent = as_(center, "agent")
    for n, right in enumerate((2, 1)):
        (sitting,) = assign_to(center, objective_paper(center, seed=n), "1001")
        exams.start(center, agent, sitting.id, NINE + timedelta(hours=n))
        answers = dict(list(keys(center, sitting).items())[:right])
        exams.hand_in(center, agent, sitting.id, NINE + timedelta(hours=n, minutes=5), answers)
    (unfinished,) = assign_to(center, objective_paper(center, seed=7), "1001")
    month = Month(2026, 11)
    ended = exams.results(
        center,
        purposes=exams.ASSESSMENT_PURPOSES,
        since=month.first_day,
        until=month.last_day,
    )
    assert unfinished.id not in {r.sitting_id for r in ended}
    lowest = min(ended, key=lambda r: (r.score, r.taken_on, r.sitting_id))
    low = exams.monthly_exam_lows(center, month)
    assert set(low) == {"1001"}
    assert (low["1001"].sitting_id, low["1001"].score) == (lowest.sitting_id, lowest.score)
    assert exams.monthly_exam_lows(center, month, ["1001"]) == low
    assert exams.monthly_exam_lows(center, month, ["1002"]) == {}
