"""Exam results flow on (R-EXM-1): the month's lowest final monthly exam becomes the award
evidence's 最低考试成绩 when the month is closed (the lower of it and an imported value, named in
the explanation), and the newest final exam is the promotion ladder's latest skills exam."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.careers import promotion_service as promotion
from kefu.closing import repository as repo
from kefu.closing import results
from kefu.closing.service import close_month
from kefu.exams import service as exams
from kefu.exams.models import Sitting
from kefu.periods import Month
from tests.closing.test_service import load, make_center, october
from tests.exams import make_question

OCT = Month(2026, 10)
QA = Viewer(username="qa", role="qa", employee_no="3001")


def sit_monthly_exam(
    session: Session, employee_no: str, right: int, day: date, seed: int = 1, by: Viewer = QA
) -> Sitting:
    """A two-question monthly exam (2 points each) with ``right`` answers right."""
    paper = exams.draw_paper(
        session,
        by,
        title="月考",
        exam_kind="written",
        purpose="monthly",
        topics={"服务用语": 2},
        seed=seed,
        today=day,
    )
    (sitting,) = exams.assign(
        session,
        by,
        paper.id,
        [employee_no],
        opens_on=day,
        closes_on=day,
        purpose="monthly",
        context={},
        today=day,
    )
    person = Viewer(username=employee_no, role="agent", employee_no=employee_no)
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
    exams.start(session, person, sitting.id, start)
    items = exams.paper_items(session, paper.id)
    answers = {i.question.id: list(i.question.key) for i in items[:right]}
    exams.hand_in(session, person, sitting.id, start + timedelta(minutes=10), answers)
    return sitting


def make_bank(session: Session, day: date, by: Viewer = QA) -> None:
    for i in range(4):
        exams.add_question(session, by, make_question(stem=f"服务用语第{i + 1}题"), day)


def test_R_EXM_1_the_lowest_monthly_exam_becomes_the_lowest_exam_score_of_the_close(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))  # imports 最低考试成绩 80 for everyone scored
    day = date(2026, 10, 20)
    make_bank(session, day)
    sit_monthly_exam(session, "1001", right=1, day=day)  # 50
    sit_monthly_exam(session, "1001", right=2, day=day + timedelta(days=1), seed=2)  # 100
    sit_monthly_exam(session, "1002", right=2, day=day, seed=3)  # 100
    close_month(session, OCT, "manager")
    rows = frozen_inputs(session)
    assert rows["1001"]["evidence"][4] == "50"
    assert rows["1002"]["evidence"][4] == "80"
    assert rows["1003"]["evidence"][4] == "80" and "exam_note" not in rows["1003"]
    lowered = "\n".join(results.explain(session, OCT, "1001"))
    assert "最低考试成绩 50.00" in lowered
    assert "本系统月度考试 #1 (2026-10-20) 50.00 低于导入值 80.00，取 50.00" in lowered
    kept = "\n".join(results.explain(session, OCT, "1002"))
    assert "导入值 80.00 不高于本系统月度考试" in kept
    assert "the imported 80.00 is not above" in "\n".join(
        results.explain(session, OCT, "1002", "en")
    )


def frozen_inputs(session: Session) -> dict[str, dict[str, Any]]:
    """工号 → the inputs the October close froze."""
    close = repo.latest_close(session, "monthly", str(OCT))
    assert close is not None
    return dict(repo.monthly_inputs(session, close.id))


def test_R_EXM_1_an_exam_outside_the_month_or_not_monthly_does_not_count(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    make_bank(session, date(2026, 9, 30))
    sit_monthly_exam(session, "1001", right=0, day=date(2026, 9, 30))  # September's
    close_month(session, OCT, "manager")
    rows = frozen_inputs(session)
    assert rows["1001"]["evidence"][4] == "80" and "exam_note" not in rows["1001"]


def test_R_EXM_1_the_newest_final_exam_is_the_ladders_latest_skills_exam(session: Session) -> None:
    from tests.careers.test_promotion_service import make_center as make_careers_center

    make_careers_center(session)  # the agent 1001 has an imported skills exam of 88 in 2026-09
    as_of = date(2026, 11, 24)

    def figure() -> str:
        check = promotion.standing(session, "1001", as_of).check
        assert check is not None
        found = next(c.figure for c in check.conditions if c.code == "skills_exam")
        assert found is not None
        return found

    assert figure().startswith("88")
    day = date(2026, 11, 20)
    hr = Viewer(username="hr", role="hr", employee_no="3001")
    make_bank(session, day, by=hr)
    sit_monthly_exam(session, "1001", right=1, day=day, by=hr)  # 50 out of 100
    assert figure().startswith("50")
    rows = {s.employee_no: s for s in promotion.overview(session, as_of)}
    check = rows["1001"].check
    assert check is not None
    assert str(next(c.figure for c in check.conditions if c.code == "skills_exam")).startswith("50")
    # before the exam's day the imported one is still the latest
    before = promotion.standing(session, "1001", date(2026, 11, 19)).check
    assert before is not None
    assert str(next(c.figure for c in before.conditions if c.code == "skills_exam")).startswith(
        "88"
    )
