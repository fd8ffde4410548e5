"""Results recorded for a candidate someone moved meanwhile are refused (R-REC-1)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from kefu.db import unit_of_work
from kefu.errors import Conflict
from kefu.recruitment import service as recruitment
from kefu.recruitment.models import RecruitResult
from tests.recruitment.test_service import FIRST, add, first_test, make_center, move


def test_R_REC_1_first_test_results_for_a_candidate_rejected_meanwhile_are_a_409(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)
        candidate = add(session)
        move(session, candidate, "first_test", FIRST)
        candidate_id = candidate.id
    with (
        pytest.raises(Conflict, match="已被他人更新，现处于「未录用」"),
        unit_of_work(engine) as page,  # the request rolls back on the refusal
    ):
        seen = recruitment.get_candidate(page, candidate_id)  # the page shows the first test
        with unit_of_work(engine) as other:
            moved = recruitment.get_candidate(other, candidate_id)
            move(other, moved, "rejected", FIRST, reason="未按时参加上机测试")
        assert seen.stage == "first_test"
        first_test(page, seen)
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(RecruitResult)) == 0
        assert recruitment.get_candidate(session, candidate_id).stage == "rejected"
