"""Exam steps taken at once on one sitting or question: one is written, the others get a 409.

Each act runs in its own transaction and thread on SQLite and PostgreSQL (tests/races.py).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.exams import service as exams
from tests.exams import DAY, NINE, as_, make_bank, make_center
from tests.exams.test_service import hand_in_all, keys, short_id, sit, with_short_answer
from tests.races import at_once, audit_rows, one_winner


def test_R_EXM_1_a_sitting_handed_in_from_three_tabs_at_once_ends_once(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        make_bank(session)
        sitting = sit(session)
        exams.start(session, as_(session, "agent"), sitting.id, NINE)
        sitting_id, answers = sitting.id, keys(session, sitting)
    times = [NINE + timedelta(minutes=m) for m in (5, 6, 7)]

    def hand_in(i: int) -> object:
        return lambda s: exams.hand_in(s, as_(s, "agent"), sitting_id, times[i], answers)

    look = lambda s: exams.get_sitting(s, sitting_id)  # noqa: E731
    winner = one_winner(at_once(engine, look, [hand_in(i) for i in range(3)]), "已经交卷")
    with unit_of_work(engine) as session:
        ended = exams.get_sitting(session, sitting_id)
        assert (ended.status, ended.ended_how, ended.ended_at) == (
            "graded",
            "handed_in",
            times[winner],
        )


def test_R_EXM_1_one_short_answer_marked_by_two_markers_at_once_is_marked_once(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        make_bank(session)
        sitting = with_short_answer(session)
        hand_in_all(session, sitting)
        sitting_id, question_id = sitting.id, short_id(session, sitting)
    markers, points = ["hr", "qa"], [Decimal(7), Decimal(3)]

    def mark(i: int) -> object:
        def act(s: Session) -> object:
            viewer = as_(s, markers[i])
            return exams.mark(s, viewer, sitting_id, question_id, points[i], "评语", NINE)

        return act

    look = lambda s: exams.get_sitting(s, sitting_id)  # noqa: E731
    winner = one_winner(at_once(engine, look, [mark(0), mark(1)]), "成绩已评定")
    with unit_of_work(engine) as session:
        view = exams.grade_sitting(session, exams.get_sitting(session, sitting_id))
        marked = next(i.answer for i in view.items if i.question.id == question_id)
        assert marked is not None and (marked.points, marked.marked_by) == (
            points[winner],
            markers[winner],
        )
    assert audit_rows(engine, "exam.mark") == 1


def test_R_EXM_1_a_question_retired_three_times_at_once_is_retired_once(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        make_bank(session, per_topic=1, topics=("服务用语",))
        (question,) = exams.questions(session)
        question_id = question.id
    who = ["qa", "hr", "qa"]

    def retire(i: int) -> object:
        return lambda s: exams.retire_question(s, as_(s, who[i]), question_id, DAY)

    look = lambda s: exams.get_question(s, question_id)  # noqa: E731
    winner = one_winner(at_once(engine, look, [retire(i) for i in range(3)]), "已由")
    with unit_of_work(engine) as session:
        assert exams.get_question(session, question_id).retired_by == who[winner]
    assert audit_rows(engine, "exam.retire") == 1


def test_R_EXM_1_answers_saved_from_two_tabs_at_once_are_both_kept_without_an_error(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        make_bank(session)
        sitting = sit(session)
        exams.start(session, as_(session, "agent"), sitting.id, NINE)
        sitting_id, answers = sitting.id, keys(session, sitting)
    first, second = ({q: ["B"] for q in answers}, answers)

    def save(given: dict[int, list[str]], minute: int) -> object:
        at = NINE + timedelta(minutes=minute)
        return lambda s: exams.save_answers(s, as_(s, "agent"), sitting_id, given, at)

    look = lambda s: exams.get_sitting(s, sitting_id)  # noqa: E731
    assert at_once(engine, look, [save(first, 1), save(second, 2)]) == ["won", "won"]
    with unit_of_work(engine) as session:
        view = exams.grade_sitting(session, exams.get_sitting(session, sitting_id))
        saved = [i.answer.response for i in view.items if i.answer is not None]
    assert len(saved) == len(answers) and all(r in (["A"], ["B"]) for r in saved)
