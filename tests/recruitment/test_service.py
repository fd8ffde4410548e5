"""Recruitment on a real database (SQLite and PostgreSQL): candidates, their results, the
moves with their checks, the hire into the register, reserve staffing (R-REC-1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.errors import Forbidden, KefuError, NotFound, PolicyParameterMissing
from kefu.explain.messages import render
from kefu.explain.trace import Step
from kefu.people.models import Employee, EmployeeRecord
from kefu.people.service import histories, record_change, records_of
from kefu.periods import Month
from kefu.policy.loader import read_policy_text
from kefu.policy.service import use_policy, use_policy_text
from kefu.recruitment import rules
from kefu.recruitment import service as recruitment
from kefu.recruitment.models import RecruitCandidate
from kefu.recruitment.rules import InterviewSheet
from kefu.recruitment.service import Hire, NumberTaken
from kefu.workflow.rules import Conflict

D = Decimal
APPLIED = date(2026, 10, 12)
FIRST = date(2026, 10, 19)
SECOND = date(2026, 10, 26)
TODAY = date(2026, 11, 2)
START = date(2026, 11, 9)
HR = Viewer("hr", "hr", "3001", "人事部", None, "张敏")
BOSS = Viewer("boss", "manager", "4001", "客服一部", None, "刘伟")
AGENT = Viewer("agent", "agent", "1001", "客服一部", "一组", "王芳")
REGISTER = {
    # 工号: (name, role, status, team)
    "1001": ("王芳", "csr", "regular", "一组"),
    "1002": ("孙丽", "csr", "regular", "一组"),
    "1003": ("周洋", "csr", "probation", "二组"),
    "1004": ("李雷", "csr", "left", "二组"),
    "2001": ("陈杰", "qa", "regular", None),
}


def make_center(session: Session, preset: str = "demo") -> None:
    """Five people of 客服一部 (four agents, one of whom has left) and the policy from 2026-01."""
    use_policy(session, preset, Month(2026, 1), "test")
    for no, (name, role, status, team) in REGISTER.items():
        emp = Employee(employee_no=no, name=name)
        session.add(emp)
        session.flush()
        session.add(
            EmployeeRecord(
                employee_id=emp.id,
                effective_on=date(2024, 3, 1),
                name=name,
                department="客服一部",
                team=team,
                role=role,
                level="中级客服",
                status=status,
                hired_on=date(2024, 3, 1),
                converted_on=date(2024, 6, 1) if status != "probation" else None,
                left_on=date(2026, 9, 30) if status == "left" else None,
                leave_reason="resigned" if status == "left" else None,
                recorded_by="test",
                source="test",
            )
        )
    session.flush()


@pytest.fixture
def center(session: Session) -> Session:
    make_center(session)
    return session


def add(session: Session, name: str = "宋佳") -> RecruitCandidate:
    return recruitment.add_candidate(
        session,
        HR,
        name=name,
        contact="138 0000 0000",
        applied_on=APPLIED,
        source="社会招聘",
        today=APPLIED,
    )


def move(
    session: Session,
    candidate: RecruitCandidate,
    to: str,
    on: date,
    reason: str = "",
    hire: Hire | None = None,
) -> None:
    recruitment.move(
        session,
        HR,
        candidate.id,
        to,
        seen_version=candidate.version,
        today=on,
        reason=reason,
        hire=hire,
    )


def first_test(session: Session, candidate: RecruitCandidate, **changes: Decimal) -> None:
    values: dict[rules.Item, Decimal] = {
        "chinese_typing": D(50),
        "digit_typing": D(150),
        "office_software": D(60),
        "reading_clarity": D(70),
        "reading_accuracy": D(70),
    }
    for key, value in changes.items():
        values[next(i for i in rules.ITEMS if i == key)] = value
    recruitment.record_results(session, HR, candidate.id, values, taken_on=FIRST, today=FIRST)


def interview(session: Session, candidate: RecruitCandidate, who: str, score: int) -> None:
    dims = recruitment.pass_marks(session, SECOND).dimensions
    recruitment.record_interview(
        session,
        HR,
        candidate.id,
        InterviewSheet(who, {d: D(score) for d in dims}),
        taken_on=SECOND,
        today=SECOND,
    )


def at_second_test(session: Session, name: str = "宋佳") -> RecruitCandidate:
    candidate = add(session, name)
    move(session, candidate, "first_test", FIRST)
    first_test(session, candidate)
    move(session, candidate, "second_test", SECOND)
    return candidate


def ready_for_training(session: Session, name: str = "宋佳") -> RecruitCandidate:
    candidate = at_second_test(session, name)
    interview(session, candidate, "面试官甲", 80)
    interview(session, candidate, "面试官乙", 60)  # the mean over both: 70, the pass mark
    return candidate


def hire(number: str = "9001", **changes: object) -> Hire:
    values: dict[str, object] = {
        "employee_no": number,
        "department": "客服一部",
        "team": "一组",
        "starts_on": START,
        "cohort": None,
    }
    values.update(changes)
    return Hire(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- candidates


def test_R_REC_1_hr_records_a_candidate_at_the_application_stage(center: Session) -> None:
    candidate = add(center)
    assert (candidate.stage, candidate.stage_since, candidate.position) == (
        "applied",
        APPLIED,
        recruitment.DEFAULT_POSITION,
    )
    history = recruitment.moves_of(center, candidate.id)
    assert [(m.from_stage, m.to_stage, m.moved_by) for m in history] == [(None, "applied", "hr")]


def test_R_REC_1_only_hr_and_managers_handle_candidates(center: Session) -> None:
    with pytest.raises(Forbidden):
        recruitment.add_candidate(center, AGENT, name="x", applied_on=APPLIED, today=APPLIED)
    candidate = recruitment.add_candidate(
        center, BOSS, name="经理登记", applied_on=APPLIED, today=APPLIED
    )
    with pytest.raises(Forbidden):
        recruitment.move(center, AGENT, candidate.id, "first_test", seen_version=1, today=FIRST)


def test_R_REC_1_a_candidate_needs_a_name_and_an_application_date_not_in_the_future(
    center: Session,
) -> None:
    with pytest.raises(KefuError, match="姓名"):
        recruitment.add_candidate(center, HR, name="  ", applied_on=APPLIED, today=APPLIED)
    with pytest.raises(KefuError, match="晚于今天"):
        recruitment.add_candidate(center, HR, name="x", applied_on=TODAY, today=APPLIED)
    with pytest.raises(KefuError, match="最多"):
        recruitment.add_candidate(center, HR, name="x" * 65, applied_on=APPLIED, today=APPLIED)


def test_R_REC_1_the_list_filters_by_stage_and_by_name(center: Session) -> None:
    first = add(center, "宋佳")
    add(center, "马超")
    move(center, first, "first_test", FIRST)
    assert [c.name for c in recruitment.candidates(center, stage="first_test")] == ["宋佳"]
    assert [c.name for c in recruitment.candidates(center, search="马")] == ["马超"]
    assert len(recruitment.candidates(center)) == 2
    counts = recruitment.stage_counts(center)
    assert counts["applied"] == 1 and counts["first_test"] == 1 and counts["training"] == 0
    with pytest.raises(KefuError):
        recruitment.candidates(center, stage="hired")


def test_an_unknown_candidate_is_not_found(center: Session) -> None:
    with pytest.raises(NotFound):
        recruitment.get_candidate(center, 999)


# ---------------------------------------------------------------- results


def test_R_REC_1_first_test_results_are_recorded_in_the_first_test_only(center: Session) -> None:
    candidate = add(center)
    with pytest.raises(KefuError, match="在「初试」阶段录入"):
        first_test(center, candidate)
    move(center, candidate, "first_test", FIRST)
    first_test(center, candidate)
    with pytest.raises(KefuError, match="在「复试」阶段录入"):
        interview(center, candidate, "面试官甲", 80)


def test_R_REC_1_a_retest_adds_a_result_and_the_newest_counts(center: Session) -> None:
    candidate = add(center)
    move(center, candidate, "first_test", FIRST)
    first_test(center, candidate, chinese_typing=D(42))
    found = recruitment.standing(center, candidate, FIRST)
    assert found.blocked is not None and "中文输入速度 42 字/分钟" in found.blocked
    first_test(center, candidate, chinese_typing=D(55))
    found = recruitment.standing(center, candidate, FIRST)
    assert found.blocked is None and found.next_stage == "second_test"
    kept = [r.value for r in recruitment.results_of(center, candidate.id)]
    assert D(42) in kept and D(55) in kept  # the first try stays in the history


def test_R_REC_1_a_test_date_is_between_the_application_and_today(center: Session) -> None:
    candidate = add(center)
    move(center, candidate, "first_test", FIRST)
    values: dict[rules.Item, Decimal] = {"office_software": D(80)}
    with pytest.raises(KefuError, match="晚于今天"):
        recruitment.record_results(center, HR, candidate.id, values, taken_on=TODAY, today=FIRST)
    with pytest.raises(KefuError, match="早于报名日期"):
        recruitment.record_results(
            center, HR, candidate.id, values, taken_on=date(2026, 10, 1), today=FIRST
        )
    with pytest.raises(KefuError, match="至少"):
        recruitment.record_results(center, HR, candidate.id, {}, taken_on=FIRST, today=FIRST)


def test_R_REC_1_an_interviewer_scores_every_dimension_of_the_policy(center: Session) -> None:
    candidate = at_second_test(center)
    dims = recruitment.pass_marks(center, SECOND).dimensions
    partial = InterviewSheet("面试官甲", {d: D(80) for d in dims[:-1]})
    with pytest.raises(KefuError, match=f"缺少: {dims[-1]}"):
        recruitment.record_interview(
            center, HR, candidate.id, partial, taken_on=SECOND, today=SECOND
        )
    extra = InterviewSheet("面试官甲", {**{d: D(80) for d in dims}, "外语": D(80)})
    with pytest.raises(KefuError, match="外语"):
        recruitment.record_interview(center, HR, candidate.id, extra, taken_on=SECOND, today=SECOND)
    bad = InterviewSheet("面试官甲", {d: D(101) for d in dims})
    with pytest.raises(KefuError, match=dims[0]):
        recruitment.record_interview(center, HR, candidate.id, bad, taken_on=SECOND, today=SECOND)


def test_R_REC_1_an_interviewers_second_sheet_replaces_the_first(center: Session) -> None:
    candidate = at_second_test(center)
    interview(center, candidate, "面试官甲", 50)
    interview(center, candidate, "面试官甲", 90)
    found = recruitment.standing(center, candidate, SECOND)
    assert len(found.sheets) == 1
    assert found.checks["second_test"].results[0].value == D(90)


# ---------------------------------------------------------------- moves


def test_R_REC_1_missing_results_block_the_move_and_nothing_changes(center: Session) -> None:
    candidate = add(center)
    move(center, candidate, "first_test", FIRST)
    recruitment.record_results(
        center,
        HR,
        candidate.id,
        {"chinese_typing": D(60), "digit_typing": D(149)},
        taken_on=FIRST,
        today=FIRST,
    )
    with pytest.raises(KefuError) as refused:
        move(center, candidate, "second_test", SECOND)
    message = refused.value.message
    assert message.startswith("R-REC-1: 宋佳 (#")
    assert "缺少成绩: 办公软件基本操作、朗读发音清晰度、朗读准确度" in message
    assert "数字输入速度 149 个/分钟，及格线 150 个/分钟" in message
    assert recruitment.get_candidate(center, candidate.id).stage == "first_test"


def test_R_REC_1_the_interview_mean_over_two_interviewers_at_the_mark_opens_training(
    center: Session,
) -> None:
    candidate = ready_for_training(center)
    found = recruitment.standing(center, candidate, TODAY)
    interview_result = found.checks["second_test"].results[0]
    assert interview_result.value == D(70) and interview_result.passed is True
    assert found.next_stage == "training" and found.blocked is None


def test_R_REC_1_the_move_into_training_hires_into_the_register_on_probation(
    center: Session,
) -> None:
    candidate = ready_for_training(center)
    move(center, candidate, "training", TODAY, hire=hire())
    stored = recruitment.get_candidate(center, candidate.id)
    assert (stored.stage, stored.employee_no, stored.training_starts_on, stored.cohort) == (
        "training",
        "9001",
        START,
        None,
    )
    (record,) = records_of(center, "9001")
    assert (
        record.name,
        record.role,
        record.status,
        record.level,
        record.department,
        record.team,
        record.hired_on,
        record.effective_on,
        record.converted_on,
    ) == ("宋佳", "csr", "probation", "初级客服", "客服一部", "一组", START, START, None)
    assert record.recorded_by == "hr" and f"#{candidate.id}" in record.source
    last = recruitment.moves_of(center, candidate.id)[-1]
    steps = [Step.from_dict(s) for s in last.steps]
    assert [s.code for s in steps][-3:] == [
        "recruit.stage_passed",
        "recruit.moved",
        "recruit.hired",
    ]
    assert "工号 9001" in render(steps[-1])


def test_R_REC_1_a_staff_number_already_in_the_register_is_refused(center: Session) -> None:
    candidate = ready_for_training(center)
    with pytest.raises(NumberTaken, match="1001 已被 王芳 使用") as refused:
        move(center, candidate, "training", TODAY, hire=hire("1001"))
    assert refused.value.http_status == 409
    assert recruitment.get_candidate(center, candidate.id).stage == "second_test"
    assert center.scalar(select(Employee.name).where(Employee.employee_no == "1001")) == "王芳"


def test_R_REC_1_a_staff_number_given_to_an_earlier_recruit_is_refused(center: Session) -> None:
    first = ready_for_training(center, "宋佳")
    second = ready_for_training(center, "马超")
    move(center, first, "training", TODAY, hire=hire("9001"))
    with pytest.raises(NumberTaken, match="9001 已被 宋佳 使用"):
        move(center, second, "training", TODAY, hire=hire("9001"))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"employee_no": " "}, "工号"),
        ({"employee_no": "90 01"}, "不含空格"),
        ({"employee_no": "9" * 33}, "最多 32"),
        ({"department": "客服九部"}, "没有「客服九部」这个部门"),
        ({"team": "九组"}, "没有「九组」这个组"),
        ({"starts_on": date(2026, 10, 25)}, "早于进入复试的日期"),
    ],
)
def test_R_REC_1_the_hire_is_checked_before_anything_is_written(
    center: Session, changes: dict[str, object], words: str
) -> None:
    candidate = ready_for_training(center)
    with pytest.raises(KefuError, match=words):
        move(center, candidate, "training", TODAY, hire=hire(**changes))


def test_R_REC_1_training_without_a_hire_or_a_hire_elsewhere_is_refused(center: Session) -> None:
    candidate = ready_for_training(center)
    with pytest.raises(KefuError, match="录用入职"):
        move(center, candidate, "training", TODAY)
    other = add(center, "马超")
    with pytest.raises(KefuError, match="只有进入培训时"):
        move(center, other, "first_test", FIRST, hire=hire())


def test_R_REC_1_a_team_is_optional_for_a_new_hire(center: Session) -> None:
    candidate = ready_for_training(center)
    move(center, candidate, "training", TODAY, hire=hire(team=None, cohort=None))
    (record,) = records_of(center, "9001")
    assert record.team is None


def test_R_REC_1_leaving_needs_a_reason_and_keeps_the_tests_it_was_decided_on(
    center: Session,
) -> None:
    candidate = add(center)
    move(center, candidate, "first_test", FIRST)
    first_test(center, candidate, chinese_typing=D(30))
    with pytest.raises(KefuError, match="须写明原因"):
        move(center, candidate, "rejected", SECOND)
    move(center, candidate, "rejected", SECOND, reason="打字速度不达标")
    last = recruitment.moves_of(center, candidate.id)[-1]
    assert (last.from_stage, last.to_stage, last.reason, last.moved_on) == (
        "first_test",
        "rejected",
        "打字速度不达标",
        SECOND,
    )
    assert "recruit.below" in [Step.from_dict(s).code for s in last.steps]
    with pytest.raises(KefuError, match="不能再变更阶段"):
        move(center, recruitment.get_candidate(center, candidate.id), "first_test", TODAY)


def test_R_REC_1_a_move_cannot_predate_the_previous_one(center: Session) -> None:
    candidate = add(center)
    move(center, candidate, "first_test", FIRST)
    with pytest.raises(KefuError, match="早于"):
        move(center, candidate, "withdrew", APPLIED, reason="另有工作")


def test_R_REC_1_a_move_on_a_version_someone_else_changed_writes_nothing(center: Session) -> None:
    candidate = add(center)
    seen = candidate.version
    move(center, candidate, "first_test", FIRST)
    with pytest.raises(Conflict):
        recruitment.move(
            center, HR, candidate.id, "withdrew", seen_version=seen, today=FIRST, reason="x"
        )
    assert recruitment.get_candidate(center, candidate.id).stage == "first_test"


def test_R_REC_1_seed_004_refuses_the_move_naming_the_open_pass_mark(session: Session) -> None:
    make_center(session, "seed-004")
    candidate = add(session)
    move(session, candidate, "first_test", FIRST)
    first_test(session, candidate)
    with pytest.raises(PolicyParameterMissing) as refused:
        move(session, candidate, "second_test", SECOND)
    assert refused.value.path == "recruitment.min_chinese_chars_per_minute"
    # leaving needs no pass mark
    move(session, candidate, "withdrew", SECOND, reason="另有工作")
    with pytest.raises(PolicyParameterMissing, match="reserve_share_of_seats"):
        recruitment.reserve(session, TODAY)


# ---------------------------------------------------------------- reserve staffing


def test_R_REC_1_the_reserve_counts_recruits_in_training_still_on_probation(
    center: Session,
) -> None:
    candidate = ready_for_training(center)
    move(center, candidate, "training", TODAY, hire=hire())
    # before the training starts the recruit is not in the register yet
    before = recruitment.reserve(center, TODAY)
    assert (before.current, before.seats) == (0, 3)  # 1001, 1002, 1003; not QA, not 1004 (left)
    started = recruitment.reserve(center, START)
    assert (started.current, started.seats, started.target, started.gap) == (1, 3, 1, 0)
    assert started.people == ("宋佳 (9001)",)
    # converted (转正): a seat holder now, no longer reserve
    converted = date(2026, 12, 9)
    record_change(
        center,
        "9001",
        converted,
        {"status": "regular", "converted_on": converted},
        recorded_by="test",
        source="test",
    )
    after = recruitment.reserve(center, converted)
    assert (after.current, after.seats) == (0, 4)
    assert histories(center, converted)["9001"][1][-1].status == "regular"


def test_R_REC_1_the_policy_seat_count_is_used_when_set(session: Session) -> None:
    make_center(session)
    assert recruitment.reserve(session, TODAY).seats_from == "register"
    text, _ = read_policy_text("demo")
    share = "  reserve_share_of_seats: 0.1\n"
    assert share in text
    use_policy_text(
        session, text.replace(share, share + "  seats: 121\n"), "座席", Month(2026, 11), "test"
    )
    found = recruitment.reserve(session, TODAY)
    assert (found.seats_from, found.seats, found.target) == ("policy", 121, 13)
    # the month before keeps the register's count: the policy in force on the day decides
    assert recruitment.reserve(session, date(2026, 10, 31)).seats_from == "register"


def test_R_REC_1_a_staff_number_typed_full_width_is_the_register_s_and_so_taken(
    center: Session,
) -> None:
    candidate = ready_for_training(center)
    with pytest.raises(NumberTaken, match="1001 已被 王芳 使用"):
        move(center, candidate, "training", TODAY, hire=hire("１００１"))
    assert center.scalars(select(Employee.employee_no).where(Employee.name == "宋佳")).all() == []


def test_R_REC_1_a_new_hire_typed_full_width_is_registered_under_the_half_width_number(
    center: Session,
) -> None:
    candidate = ready_for_training(center)
    move(center, candidate, "training", TODAY, hire=hire("Ｅ９００１"))
    assert records_of(center, "E9001")[-1].name == "宋佳"


@pytest.mark.parametrize(
    ("name", "code"), [("\x1b[31m宋佳", "U+001B"), ("宋\x07佳", "U+0007"), ("宋佳\u202e", "U+202E")]
)
def test_R_REC_1_a_candidate_name_with_an_escape_bell_or_override_is_refused(
    center: Session, name: str, code: str
) -> None:
    with pytest.raises(KefuError) as refused:
        add(center, name)
    assert code in refused.value.message
    assert center.scalars(select(RecruitCandidate)).all() == []
