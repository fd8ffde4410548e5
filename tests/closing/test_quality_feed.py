"""R-QA-1 in the monthly close: final QA evaluations make the month's 通话评估成绩."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from kefu.closing import results
from kefu.closing.service import close_month
from kefu.qa.models import QaContact, QaEvaluation, QaScorecard
from tests.closing.test_service import OCT, load, make_center, october

FAR_PAST = date(2026, 10, 30)


def make_scorecard(session: Session) -> QaScorecard:
    card = QaScorecard(
        family="phone",
        version=1,
        channel="phone",
        title="电话监控表",
        definition={"sections": []},
        active=True,
        created_by="qa",
    )
    session.add(card)
    session.flush()
    return card


def evaluate(
    session: Session,
    card: QaScorecard,
    no: str,
    score: float,
    state: str = "final",
    respond_by: date = FAR_PAST,
    purpose: str = "monitoring",
    day: int = 10,
) -> None:
    contact = QaContact(
        employee_no=no,
        channel="phone",
        contact_at=datetime(2026, 10, day, 10, 0),
        reference=f"REC-{no}-{day}",
        transcript=None,
        transcript_format=None,
        created_by="qa",
    )
    session.add(contact)
    session.flush()
    final = Decimal(str(score)) if state == "final" else None
    session.add(
        QaEvaluation(
            contact_id=contact.id,
            scorecard_id=card.id,
            employee_no=no,
            department="客服一部",
            team="一组",
            month="2026-10",
            evaluator="qa",
            purpose=purpose,
            calibration_id=None,
            marks={},
            score=Decimal(str(score)),
            critical_failed=False,
            state=state,
            auto_check_id=None,
            submitted_at=datetime(2026, 10, day, 12, 0),
            respond_by=respond_by,
            final_score=final,
            final_on=respond_by if final is not None else None,
            version=1,
        )
    )
    session.flush()


def closed_rows(session: Session) -> dict[str, dict[str, object]]:
    close_month(session, OCT, "manager")
    return {r["employee_no"]: r for r in results.monthly(session, OCT).rows}


def test_R_QA_1_four_final_evaluations_make_the_call_quality_score_and_say_so(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))  # 1001 imported 90 / 90 / 90
    card = make_scorecard(session)
    for day, score in enumerate((70, 80, 75, 85), start=5):
        evaluate(session, card, "1001", score, day=day)
    rows = closed_rows(session)
    # 0.3 × mean(70, 80, 75, 85) = 0.3 × 77.5, the other parts stay 90: 86.25
    assert rows["1001"]["score"] == "86.25"
    trace = "\n".join(results.explain(session, OCT, "1001"))
    assert "R-QA-1" in trace and "4 次终审监控评分" in trace and "77.50" in trace
    english = "\n".join(results.explain(session, OCT, "1001", lang="en"))
    assert "mean of the month's 4 final QA evaluations" in english


def test_R_QA_1_too_few_evaluations_keep_the_imported_score_under_the_demo_policy(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    card = make_scorecard(session)
    for day in (5, 6, 7):
        evaluate(session, card, "1002", 50, day=day)
    rows = closed_rows(session)
    assert rows["1002"]["score"] == "80.00"  # imported 80 everywhere
    trace = "\n".join(results.explain(session, OCT, "1002"))
    assert "只有 3 次终审监控评分，少于 4 次：通话评估成绩沿用导入值 80.00" in trace


def test_R_QA_1_disputed_drafts_calibration_and_open_windows_do_not_count(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    card = make_scorecard(session)
    for day in (5, 6, 7, 8):
        evaluate(session, card, "1003", 100, day=day)
    evaluate(session, card, "1003", 0, state="disputed", day=9)
    evaluate(session, card, "1003", 0, state="draft", day=10)
    evaluate(session, card, "1003", 0, purpose="calibration", day=11)
    # still inside its window: the agent may yet dispute it
    evaluate(session, card, "1003", 0, state="submitted", respond_by=date.today(), day=12)
    rows = closed_rows(session)
    # 0.3 × 100 + 0.4 × 70 + 0.3 × 70
    assert rows["1003"]["score"] == "79.00"
    trace = "\n".join(results.explain(session, OCT, "1003"))
    assert "另有 1 次申诉未结，不计入" in trace


def test_R_QA_1_a_submitted_evaluation_whose_window_lapsed_counts_as_it_stands(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    card = make_scorecard(session)
    lapsed = date.today() - timedelta(days=1)
    for day in (5, 6, 7, 8):
        evaluate(session, card, "1001", 60, state="submitted", respond_by=lapsed, day=day)
    rows = closed_rows(session)
    assert rows["1001"]["score"] == "81.00"  # 0.3 × 60 + 0.7 × 90


def test_R_AWD_1_the_lowest_final_evaluation_is_the_months_lowest_monitoring_score(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    card = make_scorecard(session)
    for day, score in ((5, 95), (6, 61)):
        evaluate(session, card, "1001", score, day=day)
    close_month(session, OCT, "manager")
    trace = "\n".join(results.explain(session, OCT, "1001"))
    assert "最低监控成绩取本月终审监控评分的最低分 61.00" in trace


def test_R_AUD_1_a_new_evaluation_after_the_close_shows_as_a_change_on_re_close(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    card = make_scorecard(session)
    close_month(session, OCT, "manager")
    for day in (5, 6, 7, 8):
        evaluate(session, card, "1002", 100, day=day)
    report = close_month(session, OCT, "manager")
    assert report.revision == 2
    changed = {(c["employee_no"], c["field"]) for c in report.result_changes}
    assert ("1002", "score") in changed
