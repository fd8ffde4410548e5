"""One promotion application sent twice at once (two tabs): one case is opened (R-PRO-2)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.workflow.models import Case
from tests.careers.test_promotion_service import apply, as_, make_center
from tests.races import at_once, audit_rows, one_winner


def test_R_PRO_2_an_application_sent_from_two_tabs_at_once_opens_one_case(
    engine: Engine,
) -> None:
    with unit_of_work(engine) as session:
        make_center(session)

    def look(s: Session) -> object:
        return as_(s, "agent")

    one_winner(at_once(engine, look, [apply, apply]), "正在办理的")
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
    assert audit_rows(engine, "promotion.open") == 1
