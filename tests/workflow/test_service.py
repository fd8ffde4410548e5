"""The case mechanism on a database: a versioned edit of a case's data and its record."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.careers.flows import ELECTION
from kefu.workflow import service as cases
from kefu.workflow.rules import Conflict

HR = Viewer("hr-li", "hr", "3001", display_name="李人事")
DAY = date(2026, 11, 24)


def entry(action: str, **detail: object) -> dict[str, object]:
    return {"action": action, "by": HR.username, "role": HR.role, "on": DAY.isoformat(), **detail}


def test_an_edit_of_a_cases_data_is_versioned_and_recorded_as_an_action(session: Session) -> None:
    case = cases.open_case(
        session,
        ELECTION,
        HR,
        title="客服一部1组 组长竞聘",
        subject_no=None,
        involved=[],
        department="客服一部",
        team="客服一部1组",
        data={"log": []},
        policy_name=None,
        today=DAY,
    )
    cases.save_data(
        session, ELECTION, case, 1, {"log": [entry("scores", employee_no="1005")]}, ["1005"]
    )
    assert (case.version, case.involved) == (2, ["1005"])
    recorded = [(a.action, a.actor, a.state_after, a.data) for a in cases.actions(session, case.id)]
    assert recorded == [
        ("open", "hr-li", "scoring", {}),
        ("scores", "hr-li", "scoring", {"employee_no": "1005"}),
    ]
    with pytest.raises(Conflict, match=r"组长竞聘 \d+ 已被他人处理"):
        cases.save_data(session, ELECTION, case, 1, {"log": []})
    assert case.version == 2 and len(cases.actions(session, case.id)) == 2
