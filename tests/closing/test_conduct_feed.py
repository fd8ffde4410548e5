"""R-DIS-1 in the monthly close: the month's conduct points reduce 综合工作表现."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.closing import results
from kefu.closing.service import close_month
from kefu.conduct import service as conduct
from kefu.policy.service import load_policy, use_policy
from tests.closing.test_service import OCT, load, make_center, october

HR = Viewer("hr-li", "hr")


def charge(session: Session, rule: str, points: int, *people: str, day: int = 12) -> None:
    conduct.record(
        session,
        HR,
        rule_code=rule,
        points=points,
        people=list(people),
        occurred_at=datetime(2026, 10, day, 10, 30),
        what="当班时间聊天",
        evidence="现场巡视记录",
        today=date(2026, 10, 31),
    )


def test_R_DIS_1_each_persons_points_come_off_their_imported_overall_conduct(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))  # 1001: 90 / 90 / 90, 1002: 80 / 80 / 80
    charge(session, "chatting", 20, "1001", "1002")  # −20 each person
    charge(session, "untidy-desk", 5, "1001", day=20)
    close_month(session, OCT, "manager")
    rows = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    # 1001: 综合工作表现 90 − 25 = 65 → 0.3 × 90 + 0.4 × 90 + 0.3 × 65
    assert rows["1001"]["score"] == "82.50"
    assert rows["1002"]["score"] == "74.00"  # 80 − 20 = 60 → 24 + 32 + 18
    assert rows["1003"]["score"] == "70.00"  # no events: unchanged
    trace = "\n".join(results.explain(session, OCT, "1001"))
    assert "R-DIS-1" in trace and "65" in trace
    assert "25" in trace  # the month's points


def test_R_DIS_1_the_conduct_mapping_never_goes_below_the_floor(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path, o1003=(70, 70, 30)))
    charge(session, "chatting-complaint", 40, "1003")
    close_month(session, OCT, "manager")
    rows = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    # 30 − 40 would be −10: the floor is 0 → 0.3 × 70 + 0.4 × 70 + 0
    assert rows["1003"]["score"] == "49.00"


def test_R_DIS_1_leaders_lose_conduct_points_too(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))  # 2001 leader: work 80 (team mean used), conduct 80
    before = close_month(session, OCT, "manager")
    assert before.revision == 1
    charge(session, "left-post", 20, "2001")
    report = close_month(session, OCT, "manager")
    assert report.revision == 2
    changed = {(c["employee_no"], c["field"]) for c in report.result_changes}
    assert ("2001", "score") in changed


def test_R_DIS_1_replace_mode_starts_everyone_from_the_base(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    text = load_policy("demo").text.replace("    mode: deduct\n", "    mode: replace\n")
    draft = tmp_path / "replace.yaml"
    draft.write_text(text.replace("name: demo\n", "name: replace-demo\n"), encoding="utf-8")
    use_policy(session, str(draft), OCT, "manager")
    load(session, october(tmp_path))
    charge(session, "untidy-desk", 10, "1003")
    close_month(session, OCT, "manager")
    rows = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    assert rows["1001"]["score"] == "93.00"  # 27 + 36 + 0.3 × 100
    assert rows["1003"]["score"] == "76.00"  # 21 + 28 + 0.3 × 90
