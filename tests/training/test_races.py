"""Training steps taken at once on one record: one is written, the others get a 409 (R-NEW-2/3)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.training import scores
from kefu.training.models import Criterion, TrainingScore
from tests.races import at_once, audit_rows, one_winner
from tests.training import START, as_, make_center, make_cohort, make_score, trainee_of

DAY = timedelta(days=1)


def trainee(engine: Engine) -> int:
    """A cohort starting START with trainee 2001; the trainee's id."""
    with unit_of_work(engine) as session:
        make_center(session)
        cohort = make_cohort(session)
        return trainee_of(session, cohort.id, "2001").id


def test_R_NEW_3_a_criterion_withdrawn_twice_at_once_is_withdrawn_once(engine: Engine) -> None:
    trainee_id = trainee(engine)
    with unit_of_work(engine) as session:
        criterion_id = scores.record_criterion(
            session,
            as_("qa"),
            trainee_id,
            "serious_complaint",
            "11-05 顾客投诉态度恶劣，录音编号 A-113",
            START + 3 * DAY,
            START + 3 * DAY,
        ).id
    who = ["hr", "hr2"]

    def withdraw(i: int) -> object:
        return lambda s: scores.withdraw_criterion(
            s, as_(who[i]), criterion_id, f"{who[i]} 核实", START + 4 * DAY
        )

    def look(s: Session) -> object:
        return s.get(Criterion, criterion_id)

    winner = who[one_winner(at_once(engine, look, [withdraw(0), withdraw(1)]), "已由")]
    with unit_of_work(engine) as session:
        row = session.get(Criterion, criterion_id)
        assert row is not None and (row.withdrawn_by, row.withdrawn_reason) == (
            winner,
            f"{winner} 核实",
        )
    assert audit_rows(engine, "training.withdraw") == 1


def test_R_NEW_2_a_score_corrected_twice_at_once_gets_one_correction(engine: Engine) -> None:
    trainee_id = trainee(engine)
    with unit_of_work(engine) as session:
        wrong_id = make_score(session, trainee_id, "theory", "45", START + 2 * DAY).id
    fixes = [Decimal(54), Decimal(55)]

    def correct(i: int) -> object:
        return lambda s: scores.record_score(
            s,
            as_(["qa", "hr"][i]),
            trainee_id,
            kind="theory",
            taken_on=START + 2 * DAY,
            score=fixes[i],
            feedback="继续努力",
            corrects=wrong_id,
            reason="阅卷漏算一题",
            today=START + 3 * DAY,
        )

    def look(s: Session) -> object:
        return s.get(TrainingScore, wrong_id)

    one_winner(at_once(engine, look, [correct(0), correct(1)]), "已被更正过")
    with unit_of_work(engine) as session:
        corrections = session.scalar(
            select(func.count())
            .select_from(TrainingScore)
            .where(TrainingScore.corrects_id == wrong_id)
        )
    assert corrections == 1
