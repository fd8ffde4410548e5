"""Bottom elimination on a real database (SQLite and PostgreSQL): the list from the monthly
closes, ties, unranked months, the standby case from opening to return, the re-entry exam, the
manager's choice, the dismissal case and the refusals (R-BOT-1, R-PUB-1, R-ORG-4).

A center of six agents; each month's scores are imported and closed as a center would. The
expected places come from the scores written here, never from the code under test.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.elimination import case_service as bottom_cases
from kefu.elimination.service import bottom_list, person_entry
from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.exams import service as exams
from kefu.explain.messages import render
from kefu.explain.trace import Step
from kefu.imports.service import import_file
from kefu.people.service import histories
from kefu.periods import Month
from kefu.policy.service import use_policy
from kefu.workdays.calendar import WorkCalendar
from kefu.workflow.rules import FINAL, NOTICE, REJECTED, Conflict
from tests.elimination import (
    HR,
    MANAGER,
    USUAL,
    as_,
    close,
    close_run,
    demo_variant,
    make_center,
)
from tests.exams import make_question
from tests.factories import make_person, make_workbook

CALENDAR = WorkCalendar()
OPENED = date(2026, 11, 2)  # a Monday: a 3-working-day notice runs 2, 3, 4 November
AFTER_NOTICE = date(2026, 11, 5)
D = Decimal


def status_on(session: Session, employee_no: str, day: date) -> tuple[str, date | None, str | None]:
    record = histories(session, day)[employee_no][1][-1]
    return record.status, record.left_on, record.leave_reason


def version(session: Session, case_id: int) -> int:
    return bottom_cases.get_case(session, case_id).version


def approve(session: Session, case_id: int, on: date = OPENED) -> None:
    bottom_cases.decide(
        session, MANAGER, case_id, "approve", "同意", version(session, case_id), on, CALENDAR
    )


def standby_case(
    session: Session, opened: date = OPENED, final: date = AFTER_NOTICE, employee_no: str = "1006"
) -> int:
    """A standby case for ``employee_no``, approved when opened and final on ``final``
    (by default 2026-11-05: standby in December)."""
    case = bottom_cases.open_standby(session, HR, employee_no, today=opened)
    approve(session, case.id, opened)
    bottom_cases.finalize(session, HR, case.id, final)
    return case.id


def exam(session: Session, case_id: int, score: str, on: date) -> bool:
    found = bottom_cases.record_re_entry(
        session, HR, case_id, score=D(score), seen_version=version(session, case_id), today=on
    )
    return found.passed


# ---------------------------------------------------------------- the list


def test_R_BOT_1_the_list_shows_the_last_two_and_their_months_running(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    found = bottom_list(session, today=OPENED)
    assert str(found.month) == "2026-10" and found.pool == 6 and found.places == 2
    assert [(e.employee_no, e.placing.rank if e.placing else None) for e in found.in_last] == [
        ("1006", 6),
        ("1005", 5),
    ]
    assert [e.run.length for e in found.in_last] == [3, 3]
    assert {e.employee_no for e in found.due} == {"1005", "1006"}
    words = [render(s) for s in found.in_last[0].run.reasons]
    assert words[-1].endswith("连续 3 个月(2026-08、2026-09、2026-10)排名末位:应接受待岗培训")
    earlier = bottom_list(session, Month(2026, 9), today=OPENED)
    assert [e.run.length for e in earlier.in_last] == [2, 2] and earlier.due == []


def test_R_BOT_1_ties_in_the_last_two_placing_list_everyone_tied(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close(session, tmp_path, "2026-10", {**USUAL, "1004": 60, "1005": 60, "1006": 60})
    found = bottom_list(session, today=OPENED)
    assert {e.employee_no for e in found.in_last} == {"1004", "1005", "1006"}
    placing = next(e for e in found.in_last if e.employee_no == "1004").placing
    assert placing is not None and placing.rank == 4
    assert "与 陈静 (1005)、杨磊 (1006) 并列第 4 名" in render(placing.step)


def test_R_BOT_1_an_empty_pool_lists_nobody(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    assert bottom_list(session, today=OPENED).month is None  # nothing closed yet
    close(session, tmp_path, "2026-10", {"1001": 90, "1002": 80})  # a pool of two
    found = bottom_list(session, today=OPENED)
    assert found.pool == 2 and found.entries == ()


def test_R_BOT_1_a_close_ranked_by_department_is_ranked_again_as_one_center(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path, demo_variant("pool_scope: center", "pool_scope: department"))
    other = make_person("1101", "赵二", department="客服二部", team="一组", hired=date(2024, 1, 2))
    path = make_workbook(tmp_path / "more.xlsx", {"员工": [other]})
    import_file(session, path, None, "hr-li", date(2026, 1, 2))
    # alone in 客服二部, 1101 ranks first of one in the close; in the center it is fifth of 7
    close(session, tmp_path, "2026-10", {**USUAL, "1101": 65})
    found = bottom_list(session, today=OPENED)
    assert found.pool == 7
    placed = [(e.employee_no, e.placing.rank if e.placing else None) for e in found.in_last]
    assert placed == [("1006", 7), ("1101", 6)]


def absent_in_september(session: Session, tmp_path: Path) -> None:
    close(session, tmp_path, "2026-08")
    close(session, tmp_path, "2026-09", {**USUAL, "1006": None})
    close(session, tmp_path, "2026-10")
    close(session, tmp_path, "2026-11")


def test_R_BOT_1_an_absent_month_under_skip_neither_counts_nor_breaks(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    absent_in_september(session, tmp_path)
    entry = person_entry(session, "1006", today=date(2026, 12, 2))
    assert [str(m) for m in entry.run.months] == ["2026-08", "2026-10", "2026-11"]
    assert entry.run.due == "standby"
    unranked = next(s for s in entry.run.steps if s.code == "bottom.unranked")
    assert unranked.args["month"] == "2026-09" and unranked.args["rule"] == "skip"
    assert "既不计入也不中断" in render(unranked)


def test_R_BOT_1_an_absent_month_under_break_ends_the_run(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path, demo_variant("unranked_month: skip", "unranked_month: break"))
    absent_in_september(session, tmp_path)
    entry = person_entry(session, "1006", today=date(2026, 12, 2))
    assert [str(m) for m in entry.run.months] == ["2026-10", "2026-11"]
    assert entry.run.due is None
    unranked = next(s for s in entry.run.steps if s.code == "bottom.unranked")
    assert unranked.args["month"] == "2026-09" and "中断连续末位" in render(unranked)


def test_a_team_leader_sees_only_their_teams_people_on_the_list(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close(session, tmp_path, "2026-10", {**USUAL, "1003": 65})  # 1003 (一组) and 1006 (二组)
    leader = Viewer("leader", "team_leader", "2001", "客服一部", "二组", "陈组长")
    own = bottom_list(
        session,
        today=OPENED,
        viewer=leader,
    )
    assert [e.employee_no for e in own.in_last] == ["1006"]
    center = bottom_list(session, today=OPENED, viewer=MANAGER)
    assert {e.employee_no for e in center.in_last} == {"1003", "1006"}


# ---------------------------------------------------------------- opening and refusals


def test_R_BOT_1_a_standby_case_for_someone_not_due_is_refused_citing_the_rule(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-09", 2)
    with pytest.raises(KefuError, match="不符合待岗培训的条件 \\(R-BOT-1\\)") as refused:
        bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    assert "未达 3 个月" in refused.value.message
    with pytest.raises(KefuError, match="R-BOT-1"):
        bottom_cases.open_standby(session, HR, "1001", today=OPENED)


def test_R_BOT_1_standby_months_left_open_in_seed_004_is_refused_naming_the_parameter(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    use_policy(session, "seed-004", Month(2026, 11), "test")
    with pytest.raises(PolicyParameterMissing) as refused:
        bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    assert refused.value.path == "bottom_elimination.standby_months"
    assert "bottom_elimination.standby_months" in refused.value.message


def test_R_PUB_1_a_policy_without_notice_days_cannot_put_a_case_on_notice(
    session: Session, tmp_path: Path
) -> None:
    make_center(
        session,
        tmp_path,
        demo_variant(
            "unranked_month: skip\n  public_notice_working_days: 3\n", "unranked_month: skip\n"
        ),
    )
    close_run(session, tmp_path, "2026-08", 3)
    case = bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    with pytest.raises(KefuError, match=r"bottom_elimination\.public_notice_working_days"):
        approve(session, case.id)


def test_R_BOT_1_only_hr_opens_and_nobody_acts_on_their_own_case(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    with pytest.raises(Forbidden):
        bottom_cases.open_standby(session, MANAGER, "1006", today=OPENED)
    with pytest.raises(Forbidden, match="nobody opens their own case"):
        bottom_cases.open_standby(session, as_("hr2", "hr", "1006"), "1006", today=OPENED)
    case = bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    own = as_("boss2", "manager", "1006")
    with pytest.raises(Forbidden, match="nobody decides their own case"):
        bottom_cases.decide(
            session, own, case.id, "approve", "同意", case.version, OPENED, CALENDAR
        )
    with pytest.raises(Forbidden):  # HR does not approve: the manager does
        bottom_cases.decide(session, HR, case.id, "approve", "同意", case.version, OPENED, CALENDAR)
    approve(session, case.id)
    objection = bottom_cases.object_to(
        session, as_("yang", "agent", "1006"), case.id, "有异议", OPENED
    )
    with pytest.raises(Forbidden):
        bottom_cases.answer(
            session,
            as_("hr2", "hr", "1006"),
            objection.id,
            upheld=False,
            finding="核实",
            reply="答复",
            today=OPENED,
        )
    with pytest.raises(Forbidden):
        bottom_cases.finalize(session, as_("hr2", "hr", "1006"), case.id, AFTER_NOTICE)


def test_R_BOT_1_a_second_case_while_one_is_open_is_refused(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    first = bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    with pytest.raises(KefuError, match=f"#{first.id}"):
        bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    with pytest.raises(Conflict):
        bottom_cases.decide(session, MANAGER, first.id, "approve", "同意", 99, OPENED, CALENDAR)


# ---------------------------------------------------------------- the standby case


def test_R_BOT_1_standby_from_opening_to_return_writes_the_register(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    case = bottom_cases.open_standby(session, HR, "1006", note="培训安排", today=OPENED)
    assert case.state == "approval" and case.data["through"] == "2026-10"
    areas = {a["component"]: a for a in case.data["weak_areas"]}
    # 1006 scored 60 in every part; the center's ranked agents average 80 each month
    assert areas["call_quality"]["own"] == "60.00" and areas["call_quality"]["center"] == "80.00"
    assert areas["call_quality"]["gap"] == "−20.00" and areas["call_quality"]["weak"]
    assert case.data["focus"][:2] == ["service_phrases", "phone_skills"]
    approve(session, case.id)
    assert case.state == NOTICE and case.notice_last_day == date(2026, 11, 4)
    objection = bottom_cases.object_to(
        session, as_("yang", "agent", "1006"), case.id, "排名有误", date(2026, 11, 3)
    )
    with pytest.raises(KefuError, match="申诉未答复"):
        bottom_cases.finalize(session, HR, case.id, AFTER_NOTICE)
    bottom_cases.answer(
        session, HR, objection.id, upheld=False, finding="复核排名无误", reply="维持", today=OPENED
    )
    bottom_cases.finalize(session, HR, case.id, AFTER_NOTICE)
    assert case.state == FINAL
    assert status_on(session, "1006", date(2026, 11, 30))[0] == "regular"
    assert status_on(session, "1006", date(2026, 12, 1))[0] == "standby"
    standby = case.data["standby"]
    assert (standby["starts_on"], standby["ends_on"], standby["months"]) == (
        "2026-12-01",
        "2026-12-31",
        1,
    )
    with pytest.raises(KefuError, match="2026-12-01"):
        exam(session, case.id, "90", date(2026, 11, 20))
    assert not exam(session, case.id, "70", date(2026, 12, 20))
    with pytest.raises(KefuError, match="经理决定"):
        exam(session, case.id, "90", date(2026, 12, 21))
    bottom_cases.decide_after_exam(
        session,
        MANAGER,
        case.id,
        "extend",
        until=date(2027, 1, 31),
        reason="再培训一个月",
        seen_version=version(session, case.id),
        today=date(2026, 12, 22),
    )
    assert exam(session, case.id, "85", date(2027, 1, 10))
    # a pass before the extended standby ends waits for its end
    assert status_on(session, "1006", date(2027, 1, 31))[0] == "standby"
    assert status_on(session, "1006", date(2027, 2, 1))[0] == "regular"
    period = bottom_cases.standby_of(session, case.id)
    assert period is not None and period.returned_on == date(2027, 2, 1)
    assert period.outcome == "returned" and period.extended_to == date(2027, 1, 31)
    assert [e.passed for e in bottom_cases.exams_of(session, case.id)] == [False, True]


def test_R_BOT_1_the_pass_mark_itself_passes_and_one_below_fails(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    case_id = standby_case(session)
    assert not exam(session, case_id, "79.99", date(2026, 12, 31))
    bottom_cases.decide_after_exam(
        session,
        MANAGER,
        case_id,
        "extend",
        until=date(2027, 1, 15),
        reason="补考",
        seen_version=version(session, case_id),
        today=date(2026, 12, 31),
    )
    assert exam(session, case_id, "80", date(2027, 1, 16))
    assert status_on(session, "1006", date(2027, 1, 17))[0] == "regular"


def test_R_BOT_1_a_run_after_the_return_makes_the_person_due_for_dismissal(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-02", 3)
    # opened on Wednesday 2026-05-06, notice 6–8 May, final on the 11th: standby in June
    case_id = standby_case(session, date(2026, 5, 6), date(2026, 5, 11))
    assert exam(session, case_id, "90", date(2026, 6, 30))  # back on 2026-07-01
    close(session, tmp_path, "2026-05", {**USUAL, "1006": 75})  # before standby: above 1005
    close(session, tmp_path, "2026-06", {**USUAL, "1006": None})  # on standby: not ranked
    close_run(session, tmp_path, "2026-07", 2)
    with pytest.raises(KefuError, match="不符合末位淘汰辞退的条件"):
        bottom_cases.open_dismissal(session, HR, "1006", today=date(2026, 9, 2))
    entry = person_entry(session, "1006", today=date(2026, 9, 2))
    assert entry.run.after_return and entry.run.length == 2 and entry.run.due is None
    close(session, tmp_path, "2026-09")
    day = date(2026, 10, 9)  # a Friday after National Day: notice 9, 10 (调休上班), 12 October
    entry = person_entry(session, "1006", today=day)
    assert entry.run.due == "dismissal"
    assert [str(m) for m in entry.run.due_months] == ["2026-07", "2026-08", "2026-09"]
    assert "2026-07-01 重新上岗后又连续 3 个月" in render(entry.run.reasons[-1])
    # a standby case is the wrong one now
    with pytest.raises(KefuError, match="不符合待岗培训的条件"):
        bottom_cases.open_standby(session, HR, "1006", today=day)
    dismissal = bottom_cases.open_dismissal(session, HR, "1006", today=day)
    assert dismissal.data["grounds"] == "second_run"
    approve(session, dismissal.id, day)
    final = dismissal.notice_last_day
    assert final is not None
    bottom_cases.finalize(session, HR, dismissal.id, final + timedelta(days=1))
    left_on = final + timedelta(days=2)
    assert status_on(session, "1006", left_on) == ("left", left_on, "dismissed_performance")
    assert status_on(session, "1006", left_on - timedelta(days=1))[0] == "regular"
    assert "绩效不佳" in render(Step.from_dict(dismissal.data["dismissal"]["step"]))


def test_R_BOT_1_a_failed_exam_the_manager_chooses_dismissal_and_hr_opens_it(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    case_id = standby_case(session)
    assert not exam(session, case_id, "50", date(2026, 12, 28))
    with pytest.raises(Forbidden):
        bottom_cases.decide_after_exam(
            session,
            HR,
            case_id,
            "dismiss",
            reason="两次",
            seen_version=version(session, case_id),
            today=date(2026, 12, 29),
        )
    bottom_cases.decide_after_exam(
        session,
        MANAGER,
        case_id,
        "dismiss",
        reason="考试成绩过低",
        seen_version=version(session, case_id),
        today=date(2026, 12, 29),
    )
    chosen = bottom_cases.chosen_dismissal(session, "1006")
    assert chosen is not None and chosen.id == case_id
    dismissal = bottom_cases.open_dismissal(session, HR, "1006", today=date(2026, 12, 30))
    assert bottom_cases.chosen_dismissal(session, "1006") is None  # opened on that choice
    assert dismissal.data["grounds"] == "re_entry_failed"
    assert dismissal.data["standby_case"] == case_id
    # the manager rejects the dismissal: the choice is open again
    bottom_cases.decide(
        session,
        MANAGER,
        dismissal.id,
        "reject",
        "再给一次机会",
        dismissal.version,
        date(2026, 12, 30),
        CALENDAR,
    )
    assert dismissal.state == REJECTED
    assert bottom_cases.awaiting_choice(session, bottom_cases.get_case(session, case_id))
    with pytest.raises(KefuError, match="不符合末位淘汰辞退的条件"):
        bottom_cases.open_dismissal(session, HR, "1006", today=date(2026, 12, 31))
    with pytest.raises(KefuError, match="今天"):
        bottom_cases.decide_after_exam(
            session,
            MANAGER,
            case_id,
            "extend",
            until=date(2027, 1, 5),
            reason="延长",
            seen_version=version(session, case_id),
            today=date(2027, 1, 6),
        )
    bottom_cases.decide_after_exam(
        session,
        MANAGER,
        case_id,
        "extend",
        until=date(2027, 1, 31),
        reason="延长",
        seen_version=version(session, case_id),
        today=date(2026, 12, 31),
    )
    assert status_on(session, "1006", date(2027, 1, 15))[0] == "standby"


def test_R_BOT_1_a_rejected_case_settles_its_months(session: Session, tmp_path: Path) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    case = bottom_cases.open_standby(session, HR, "1006", today=OPENED)
    bottom_cases.decide(
        session, MANAGER, case.id, "reject", "情况特殊", case.version, OPENED, CALENDAR
    )
    close(session, tmp_path, "2026-11")
    entry = person_entry(session, "1006", today=date(2026, 12, 2))
    assert entry.run.due is None and [str(m) for m in entry.run.months] == ["2026-11"]
    assert f"案件 #{case.id}" in render(entry.run.steps[0])


def test_R_BOT_1_the_re_entry_exam_can_be_a_graded_online_sitting(
    session: Session, tmp_path: Path
) -> None:
    make_center(session, tmp_path)
    close_run(session, tmp_path, "2026-08", 3)
    case_id = standby_case(session)
    qa = as_("qa", "qa")
    for i in range(3):
        exams.add_question(session, qa, make_question(stem=f"重新上岗第{i + 1}题"), OPENED)
    paper = exams.draw_paper(
        session,
        qa,
        title="重新上岗考试",
        exam_kind="written",
        purpose="re_entry",
        topics={"服务用语": 3},
        seed=1,
        today=OPENED,
    )
    day = date(2026, 12, 28)
    (sitting,) = exams.assign(
        session,
        qa,
        paper.id,
        ["1006"],
        opens_on=day,
        closes_on=day,
        purpose="re_entry",
        context={"case": case_id},
        today=day,
    )
    person = as_("yang", "agent", "1006")
    nine = datetime(2026, 12, 28, 9, 0)
    exams.start(session, person, sitting.id, nine)
    answers = {item.question.id: ["A"] for item in exams.paper_items(session, paper.id)}
    exams.hand_in(session, person, sitting.id, nine + timedelta(minutes=10), answers)
    found = bottom_cases.re_entry_sittings(session, "1006", date(2026, 12, 1))
    assert [(s.sitting_id, s.score, s.final) for s in found] == [(sitting.id, D(100), True)]
    with pytest.raises(NotFound):
        bottom_cases.record_re_entry(
            session,
            HR,
            case_id,
            sitting_id=sitting.id + 1,
            seen_version=version(session, case_id),
            today=day,
        )
    with pytest.raises(KefuError, match="either a score or a graded sitting"):
        bottom_cases.record_re_entry(
            session,
            HR,
            case_id,
            score=D(90),
            sitting_id=sitting.id,
            seen_version=version(session, case_id),
            today=day,
        )
    recorded = bottom_cases.record_re_entry(
        session,
        HR,
        case_id,
        sitting_id=sitting.id,
        seen_version=version(session, case_id),
        today=date(2026, 12, 29),
    )
    assert recorded.source == "sitting" and recorded.score == D(100) and recorded.passed
    assert recorded.taken_on == day  # the sitting's day, not the day HR recorded it
    assert status_on(session, "1006", date(2027, 1, 1))[0] == "regular"
