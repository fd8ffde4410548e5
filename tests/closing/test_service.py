"""The monthly and quarterly close against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.closing import results
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import close_month, close_quarter
from kefu.errors import CloseRefused, ImportRejected, KefuError, PolicyParameterMissing
from kefu.imports.service import import_file
from kefu.people.models import EmployeeRecord
from kefu.periods import Month, Quarter
from kefu.policy.service import use_policy
from kefu.scores.models import MonthlyScore
from tests.factories import make_person, make_workbook, month_sheets

OCT = Month(2026, 10)
TODAY = date(2026, 11, 2)


def load(session: Session, path: Path, correct: bool = False) -> None:
    import_file(session, path, None, "hr-li", TODAY, correct)


def make_center(session: Session, tmp_path: Path) -> None:
    """Four agents, a leader and a QA, with the demo policy from 2026-07."""
    use_policy(session, "demo", Month(2026, 7), "manager")
    roster = [
        make_person("1001", "王芳"),
        make_person("1002", "李娜"),
        make_person("1003", "张伟"),
        make_person("1004", "刘洋", hired=date(2026, 9, 1), converted=None, status="试用"),
        make_person("2001", "陈组长", role="业务组长"),
        make_person("3001", "杨质检", role="QA", team=""),
    ]
    load(session, make_workbook(tmp_path / "roster.xlsx", {"员工": roster}))


def october(
    tmp_path: Path, name: str = "oct.xlsx", **overrides: tuple[float | None, float, float]
) -> Path:
    scores: dict[str, tuple[float | None, float, float]] = {
        "1001": (90, 90, 90),
        "1002": (80, 80, 80),
        "1003": (70, 70, 70),
        "1004": (95, 95, 95),
        "2001": (None, 80, 80),
        "3001": (None, 70, 70),
    }
    scores |= {k[1:]: v for k, v in overrides.items()}
    return make_workbook(tmp_path / name, month_sheets("2026-10", scores))


def test_closing_a_month_freezes_every_person_with_score_rank_tier_and_bonus(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    report = close_month(session, OCT, "manager")
    assert (report.revision, report.created, report.people) == (1, True, 6)
    rows = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    assert rows["1001"]["score"] == "90.00" and rows["1001"]["rank"] == 1
    assert rows["1001"]["pool_size"] == 3
    # 1/3 > 10% and > 20%, but ≤ 55%: tier C (R-BON-3 quota)
    assert rows["1001"]["tier"] == "C" and rows["1001"]["bonus"] == 300
    assert rows["1004"]["eligible"] is False and rows["1004"]["bonus"] == 0
    assert any("R-BON-4" in r for r in rows["1004"]["reasons"])
    assert rows["2001"]["group"] == "leader_qa" and rows["2001"]["bonus"] == 500
    assert rows["3001"]["bonus"] == 300


def test_R_AUD_1_closing_again_without_changes_keeps_the_revision(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    again = close_month(session, OCT, "manager")
    assert (again.revision, again.created) == (1, False)
    assert session.scalar(select(func.count()).select_from(PeriodClose)) == 1


def test_R_AUD_1_an_import_into_a_closed_month_is_refused_without_correct_and_writes_nothing(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    with pytest.raises(ImportRejected) as err:
        load(session, october(tmp_path, "fix.xlsx", p1003=(70, 70, 99)))
    assert "已结算" in err.value.message and "--correct" in err.value.message
    stored = session.scalar(
        select(MonthlyScore.overall_conduct)
        .where(MonthlyScore.month == "2026-10")
        .order_by(MonthlyScore.overall_conduct.desc())
    )
    assert stored == 95


def test_R_AUD_1_a_correction_makes_a_new_revision_listing_who_changed_what(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    load(session, october(tmp_path, "fix.xlsx", p1003=(100, 100, 100)), correct=True)
    report = close_month(session, OCT, "manager")
    assert (report.revision, report.created) == (2, True)
    changed = {(c["employee_no"], c["field"]) for c in report.input_changes}
    assert ("1003", "monthly_scores.call_quality") in changed
    logged = next(c for c in report.input_changes if c["field"] == "monthly_scores.call_quality")
    assert (logged["old"], logged["new"], logged["by"]) == ("70", "100", "hr-li")
    result_fields = {(c["employee_no"], c["field"]) for c in report.result_changes}
    assert ("1003", "rank") in result_fields and ("1001", "rank") in result_fields
    old = {r["employee_no"]: r for r in results.monthly(session, OCT, revision=1).rows}
    new = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    assert old["1003"]["score"] == "70.00" and new["1003"]["score"] == "100.00"


def test_R_ORG_4_a_roster_change_adds_a_dated_record_and_keeps_the_old_one(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    change = make_person("1002", "李娜", status="离职通知期", effective=date(2026, 10, 5))
    load(session, make_workbook(tmp_path / "change.xlsx", {"员工": [change]}))
    records = session.scalars(select(EmployeeRecord.status).order_by(EmployeeRecord.id)).all()
    assert records.count("notice_period") == 1 and records.count("regular") == 5
    load(session, october(tmp_path))
    with_sick = make_workbook(
        tmp_path / "att.xlsx",
        {"考勤汇总": [["1002", "2026-10", 3, 0, 3, 0, 0, 0, 0]]},
    )
    load(session, with_sick)
    close_month(session, OCT, "manager")
    row = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}["1002"]
    assert row["eligible"] is False
    assert any("离职通知期" in r and "R-BON-4" in r for r in row["reasons"])


def test_R_BON_4_an_agent_converted_mid_month_is_excluded_that_month_only(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    converted = make_person(
        "1004",
        "刘洋",
        hired=date(2026, 9, 1),
        converted=date(2026, 10, 15),
        effective=date(2026, 10, 15),
    )
    load(session, make_workbook(tmp_path / "conv.xlsx", {"员工": [converted]}))
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    assert {r["employee_no"]: r for r in results.monthly(session, OCT).rows}["1004"][
        "eligible"
    ] is False
    load(
        session,
        make_workbook(
            tmp_path / "nov.xlsx",
            month_sheets("2026-11", {"1004": (95, 95, 95), "1001": (90, 90, 90)}),
        ),
    )
    close_month(session, Month(2026, 11), "manager")
    nov = {r["employee_no"]: r for r in results.monthly(session, Month(2026, 11)).rows}
    assert nov["1004"]["eligible"] is True and nov["1004"]["rank"] == 1


def test_an_import_with_one_unknown_employee_writes_nothing(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    sheets = month_sheets("2026-10", {"1001": (90, 90, 90), "9999": (80, 80, 80)})
    with pytest.raises(ImportRejected) as err:
        load(session, make_workbook(tmp_path / "bad.xlsx", sheets))
    problem = err.value.errors[0]
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "月度成绩",
        3,
        "工号",
        "9999",
    )
    assert session.scalar(select(func.count()).select_from(MonthlyScore)) == 0


def test_closing_refuses_a_month_with_no_policy_in_force(session: Session, tmp_path: Path) -> None:
    with pytest.raises(KefuError, match="没有生效的政策"):
        close_month(session, OCT, "manager")


def test_R_BON_5_the_seed_003_preset_refuses_to_close_until_the_cycle_is_set(
    session: Session, tmp_path: Path
) -> None:
    use_policy(session, "seed-003", Month(2026, 1), "manager")
    with pytest.raises(PolicyParameterMissing) as err:
        close_month(session, OCT, "manager")
    assert "attendance_cycle.start_day" in err.value.message and "R-BON-5" in err.value.message


def test_R_EXP_1_explain_cites_the_policy_version_the_cycle_and_each_rule(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    zh = "\n".join(results.explain(session, OCT, "1001"))
    assert "demo 2026-01" in zh and "2026-09-26 至 2026-10-25" in zh
    for rule in ("R-ORG-4", "R-BON-1", "R-BON-2", "R-BON-3", "R-BON-5"):
        assert rule in zh
    en = "\n".join(results.explain(session, OCT, "1001", "en"))
    assert "Monthly score" in en and "tier C" in en
    with pytest.raises(KefuError):
        results.explain(session, OCT, "0000")


def test_the_json_rows_carry_the_documented_fields_and_types(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    for row in results.monthly(session, OCT).rows:
        assert set(row) >= {
            "employee_no",
            "name",
            "group",
            "score",
            "rank",
            "pool_size",
            "tier",
            "bonus",
            "eligible",
            "reasons",
            "awards",
            "star_wage",
        }
        assert row["group"] in ("csr", "leader_qa")
        assert isinstance(row["bonus"], int) and isinstance(row["star_wage"], int)
        assert all("R-" in reason for reason in row["reasons"])
        assert all(set(a) == {"theme", "amount"} for a in row["awards"])


def test_the_bonus_sheet_is_a_workbook_with_one_row_a_person_and_totals(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    period = results.monthly(session, OCT)
    out = tmp_path / "bonus.xlsx"
    results.write_monthly_xlsx(period, out)
    ws = load_workbook(out)["奖金表"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["工号", "姓名", "部门"] and "月度奖金(元)" in header
    assert ws.max_row == len(period.rows) + 2
    assert ws.cell(ws.max_row, 1).value == "合计"


def test_R_STAR_1_stars_are_paid_in_the_three_months_after_the_quarter(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    for m in ("2026-07", "2026-08", "2026-09"):
        sheets = month_sheets(m, {"1001": (90, 90, 90), "1002": (80, 80, 80), "1003": (70, 70, 70)})
        load(session, make_workbook(tmp_path / f"{m}.xlsx", sheets))
        close_month(session, Month.parse(m), "manager")
    with pytest.raises(CloseRefused):
        close_quarter(session, Quarter(2026, 4), "manager")
    report = close_quarter(session, Quarter(2026, 3), "manager")
    stars = {r["employee_no"]: r for r in results.quarterly(session, Quarter(2026, 3)).rows}
    # the agent hired in September is listed with 0 stars: no three monthly scores
    assert report.people == 4 and stars["1004"]["stars"] == 0
    why = "\n".join(results.explain_quarter(session, Quarter(2026, 3), "1001"))
    assert "90.00 / 90.00 / 90.00" in why and "三星" in why
    assert "2026-10, 2026-11, 2026-12" in why and "demo 2026-01" in why
    assert any("R-STAR-1" in r for r in stars["1004"]["reasons"])
    assert stars["1001"]["stars"] == 3 and stars["1001"]["star_wage"] == 300
    assert stars["1003"]["stars"] == 2 and stars["1003"]["score"] == "70.00"
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    oct_rows = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    assert oct_rows["1001"]["star_wage"] == 300
    assert oct_rows["1004"]["star_wage"] == 0


def test_a_quarter_cannot_close_before_its_months(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    with pytest.raises(CloseRefused, match="2026-07"):
        close_quarter(session, Quarter(2026, 3), "manager")


def test_results_of_an_unclosed_month_say_how_to_close_it(session: Session) -> None:
    with pytest.raises(KefuError, match="kefu close monthly 2026-10"):
        results.monthly(session, OCT)


def test_stored_results_keep_the_exact_score(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path, p1001=(84.99, 85, 85)))
    close_month(session, OCT, "manager")
    score = session.scalar(select(MonthlyResult.score).where(MonthlyResult.employee_no == "1001"))
    assert str(score).startswith("84.997")


def test_R_AUD_1_a_second_writer_of_the_same_revision_is_refused_not_crashed(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    close_month(session, OCT, "manager")
    from kefu.closing.service import _add_close

    policy_id = session.scalar(select(PeriodClose.policy_version_id))
    duplicate = PeriodClose(
        kind="monthly",
        period="2026-10",
        revision=1,
        closed_by="other",
        policy_version_id=policy_id,
        inputs_digest="x",
        summary={},
        changes={},
    )
    with pytest.raises(CloseRefused, match="另一次结算"):
        _add_close(session, duplicate)
    session.rollback()


def test_scores_for_a_month_after_someone_left_are_refused_with_the_leaving_date(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    gone = make_person(
        "1002",
        "李娜",
        status="离职",
        left=date(2026, 8, 31),
        reason="辞职",
        effective=date(2026, 8, 31),
    )
    load(session, make_workbook(tmp_path / "gone.xlsx", {"员工": [gone]}))
    with pytest.raises(ImportRejected) as err:
        load(session, october(tmp_path))
    lines = err.value.message
    assert "已于 2026-08-31 离职" in lines and "李娜" not in lines
    problem = next(p for p in err.value.errors if p.sheet == "月度成绩")
    assert (problem.row, problem.column, problem.value) == (3, "月份", "2026-10")
    assert session.scalar(select(func.count()).select_from(MonthlyScore)) == 0


def test_scores_for_a_month_before_the_hire_date_are_refused(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    sheets = month_sheets("2026-08", {"1004": (90, 90, 90)})
    with pytest.raises(ImportRejected, match="2026-09-01 才入职"):
        load(session, make_workbook(tmp_path / "early.xlsx", sheets))


def test_a_month_without_any_scores_is_not_closed(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    with pytest.raises(CloseRefused, match="还没有导入任何月度成绩"):
        close_month(session, Month(2026, 12), "manager")
    assert session.scalar(select(func.count()).select_from(PeriodClose)) == 0


def test_a_month_waits_for_last_month_when_last_month_has_scores_but_no_close(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    load(session, october(tmp_path))
    november = {no: parts for no, parts in {"1001": (90, 90, 90), "1002": (80, 80, 80)}.items()}
    load(session, make_workbook(tmp_path / "nov.xlsx", month_sheets("2026-11", november)))
    with pytest.raises(CloseRefused, match="请先结算 2026-10"):
        close_month(session, Month(2026, 11), "manager")
    close_month(session, OCT, "manager")
    assert close_month(session, Month(2026, 11), "manager").revision == 1
