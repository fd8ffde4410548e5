"""The Eagle plan (雏鹰计划, R-EGL-1..3) on seed 000's policy, no database."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.careers.eagle import (
    Application,
    ExamOutcome,
    Screened,
    certificate_due,
    check_group,
    check_schedule,
    completion_step,
    exam_outcome,
    gap_window_start,
    leader_must_be_replaced,
    proposed_schedule,
    screen,
    transfer_department,
)
from kefu.careers.eagle_messages import EN, ZH
from kefu.errors import KefuError
from kefu.explain.trace import Step
from kefu.periods import add_months
from kefu.policy.loader import LoadedPolicy, load_policy
from kefu.policy.schema import EaglePlan, GroupSeat

FAST = settings(max_examples=200, deadline=None)
D = Decimal
SOSO, ONE, TWO = "SOSO客服部", "客服一部", "客服二部"
DEADLINE = date(2026, 4, 10)


@cache
def seed() -> LoadedPolicy:
    return load_policy("seed-000")


def plan() -> EaglePlan:
    section = seed().model.eagle_plan
    assert section is not None
    return section


def open_paths() -> tuple[str, ...]:
    return seed().open_parameters


def weighted_plan() -> EaglePlan:
    """Seed 000 with award weights filled in (the seed leaves them [X])."""
    return plan().model_copy(update={"award_weights": {"服务之星": D(3), "进步奖": D("1.5")}})


def make_application(employee_no: str = "E01", /, **overrides: Any) -> Application:
    """A regular senior agent of SOSO with exactly one year on the application day."""
    values: dict[str, Any] = {
        "employee_no": employee_no,
        "name": f"申请人{employee_no}",
        "department": SOSO,
        "level": "高级客服",
        "status": "regular",
        "hired_on": date(2025, 3, 10),
        "regular_since": None,
        "applied_on": date(2026, 3, 10),
        "major_complaints": 0,
        "awards": (),
        "conversion_exam_score": D(90),
        "plan_months": D("1.5"),
    }
    values.update(overrides)
    return Application(**values)


def screened_one(app: Application, section: EaglePlan | None = None) -> Screened:
    (result,) = screen(section or plan(), open_paths(), [app])
    return result


def step(steps: tuple[Step, ...] | list[Step], code: str) -> Step:
    found = [s for s in steps if s.code == code]
    assert len(found) == 1, f"{code} in {[s.code for s in steps]}"
    return found[0]


# --- screening: who qualifies ------------------------------------------------------------


def test_R_EGL_1_an_agent_with_exactly_one_year_qualifies() -> None:
    result = screened_one(make_application())
    assert (result.qualified, result.place, result.flagged) == (True, 1, False)
    tenure = step(result.steps, "eagle.tenure").args
    assert (tenure["anniversary"], tenure["ok"], tenure["from_hire"]) == ("2026-03-10", True, True)
    assert result.reasons == []


def test_R_EGL_1_an_agent_one_day_short_of_a_year_does_not_qualify() -> None:
    result = screened_one(make_application(applied_on=date(2026, 3, 9)))
    assert (result.qualified, result.place, result.award_points) == (False, None, None)
    assert step(result.steps, "eagle.tenure").reason
    assert step(result.steps, "eagle.unqualified").args == {"failed": ["tenure"]}


def test_R_EGL_1_tenure_counts_from_joining_a_regular_department_when_known() -> None:
    app = make_application(hired_on=date(2024, 1, 1), regular_since=date(2025, 6, 1))
    result = screened_one(app)
    assert not result.qualified
    assert step(result.steps, "eagle.tenure").args["since"] == "2025-06-01"


@pytest.mark.parametrize(
    ("applied_on", "qualified"),
    [(date(2025, 2, 27), False), (date(2025, 2, 28), True), (date(2025, 3, 1), True)],
)
def test_R_EGL_1_a_year_from_29_february_ends_on_28_february(
    applied_on: date, qualified: bool
) -> None:
    app = make_application(hired_on=date(2024, 2, 29), applied_on=applied_on)
    assert screened_one(app).qualified is qualified


@pytest.mark.parametrize(
    ("overrides", "failed"),
    [
        ({"department": "VIP客服部"}, ["department"]),
        ({"status": "probation"}, ["status"]),
        ({"status": "notice_period"}, ["status"]),
        ({"major_complaints": 1}, ["complaints"]),
        (
            {"department": "质检部", "major_complaints": 2, "applied_on": date(2025, 12, 1)},
            ["department", "tenure", "complaints"],
        ),
    ],
)
def test_R_EGL_1_an_applicant_failing_a_criterion_is_listed_with_every_reason(
    overrides: dict[str, Any], failed: list[str]
) -> None:
    result = screened_one(make_application(**overrides))
    assert not result.qualified
    assert step(result.steps, "eagle.unqualified").args["failed"] == failed
    assert len(result.reasons) == len(failed) + 1


@pytest.mark.parametrize(
    ("months", "flagged"),
    [("0.5", True), ("0.99", True), ("1", False), ("1.5", False), ("2", False), ("2.01", True)],
)
def test_R_EGL_1_a_plan_outside_one_to_two_months_is_flagged_not_rejected(
    months: str, flagged: bool
) -> None:
    result = screened_one(make_application(plan_months=D(months)))
    assert result.qualified
    assert result.flagged is flagged
    assert step(result.steps, "eagle.plan_months").reason is flagged


def test_R_EGL_1_an_empty_pool_screens_nobody() -> None:
    assert screen(plan(), open_paths(), []) == ()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"major_complaints": -1}, "不能为负"),
        ({"plan_months": D(0)}, "应大于 0"),
        ({"conversion_exam_score": D("100.5")}, "不在 0–100 分之间"),
        ({"regular_since": date(2025, 1, 1)}, "早于入职日期"),
    ],
)
def test_R_EGL_1_bad_application_data_is_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(KefuError, match=message):
        screen(plan(), open_paths(), [make_application(**overrides)])


def test_R_EGL_1_an_applicant_listed_twice_is_refused() -> None:
    with pytest.raises(KefuError, match="E01 重复申请"):
        screen(plan(), open_paths(), [make_application("E01"), make_application("E01")])


def test_R_EGL_1_a_tenure_that_is_not_whole_months_is_refused() -> None:
    odd = plan().model_copy(update={"min_tenure_years": D("1.01")})
    with pytest.raises(KefuError, match=r"eagle_plan\.min_tenure_years"):
        screen(odd, open_paths(), [make_application()])
    half = plan().model_copy(update={"min_tenure_years": D("1.5")})
    assert not screened_one(make_application(), half).qualified
    assert screened_one(make_application(applied_on=date(2026, 9, 10)), half).qualified


# --- screening: the order of the qualified ------------------------------------------------


def places(results: tuple[Screened, ...]) -> list[tuple[str, int | None]]:
    return [(r.employee_no, r.place) for r in results]


def behind(result: Screened) -> dict[str, Any]:
    return step(result.steps, "eagle.behind").args


def test_R_EGL_1_a_higher_conversion_exam_ranks_first_and_none_comes_last() -> None:
    apps = [
        make_application("E01", conversion_exam_score=D(85)),
        make_application("E02", conversion_exam_score=None),
        make_application("E03", conversion_exam_score=D("85.5")),
    ]
    results = screen(plan(), open_paths(), apps)
    assert places(results) == [("E03", 1), ("E01", 2), ("E02", 3)]
    assert behind(results[1]) == {
        "ahead": "申请人E03 (E03)",
        "criterion": "exam",
        "mine": "85",
        "theirs": "85.5",
    }
    assert behind(results[2])["mine"] is None
    assert step(results[0].steps, "eagle.placed").args == {"place": 1, "pool": 3}


def test_R_EGL_1_at_equal_exam_scores_the_preferred_level_ranks_first() -> None:
    apps = [
        make_application("E01", level="普通客服"),
        make_application("E02", level="高级客服"),
    ]
    results = screen(plan(), open_paths(), apps)
    assert places(results) == [("E02", 1), ("E01", 2)]
    assert behind(results[1])["criterion"] == "level"
    level = step(results[1].steps, "eagle.level").args
    assert level["position"] is None


def test_R_EGL_1_then_the_earlier_application_then_the_employee_number() -> None:
    apps = [
        make_application("E03", applied_on=date(2026, 3, 12)),
        make_application("E02", applied_on=date(2026, 3, 11)),
        make_application("E01", applied_on=date(2026, 3, 12)),
    ]
    results = screen(plan(), open_paths(), apps)
    assert places(results) == [("E02", 1), ("E01", 2), ("E03", 3)]
    assert behind(results[1])["criterion"] == "applied_on"
    assert behind(results[2])["criterion"] == "employee_no"


def test_R_EGL_1_unqualified_applicants_follow_the_qualified_in_the_order_given() -> None:
    apps = [
        make_application("E01", major_complaints=1),
        make_application("E02", conversion_exam_score=D(60)),
        make_application("E03", department="VIP客服部"),
        make_application("E04", conversion_exam_score=D(70)),
    ]
    results = screen(plan(), open_paths(), apps)
    assert places(results) == [("E04", 1), ("E02", 2), ("E01", None), ("E03", None)]


def test_R_EGL_1_open_award_weights_refuse_only_when_a_qualified_applicant_has_an_award() -> None:
    assert "eagle_plan.award_weights" in open_paths()
    unqualified_with_award = make_application("E02", awards=("服务之星",), department="VIP客服部")
    results = screen(plan(), open_paths(), [make_application("E01"), unqualified_with_award])
    assert [r.qualified for r in results] == [True, False]
    with pytest.raises(KefuError, match=r"eagle_plan\.award_weights.*\[X\].*R-EGL-1"):
        screen(plan(), open_paths(), [make_application("E01", awards=("服务之星",))])


def test_R_EGL_1_an_award_path_left_open_refuses_even_if_the_section_has_weights() -> None:
    with pytest.raises(KefuError, match=r"eagle_plan\.award_weights"):
        screen(
            weighted_plan(), ("eagle_plan.award_weights",), [make_application(awards=("进步奖",))]
        )


def test_R_EGL_1_weightier_awards_rank_before_a_higher_exam() -> None:
    apps = [
        make_application("E01", awards=("进步奖",), conversion_exam_score=D(99)),
        make_application("E02", awards=("服务之星",), conversion_exam_score=D(70)),
        make_application("E03", awards=("进步奖", "进步奖"), conversion_exam_score=D(60)),
    ]
    results = screen(weighted_plan(), (), apps)
    assert places(results) == [("E02", 1), ("E03", 2), ("E01", 3)]
    assert [r.award_points for r in results] == [D(3), D(3), D("1.5")]
    assert behind(results[1])["criterion"] == "exam"
    assert behind(results[2]) == {
        "ahead": "申请人E03 (E03)",
        "criterion": "awards",
        "mine": "1.5",
        "theirs": "3",
    }
    awards = step(results[1].steps, "eagle.awards").args
    assert awards == {"awards": ["进步奖×1.5", "进步奖×1.5"], "points": "3"}


def test_R_EGL_1_an_award_without_a_weight_is_refused_naming_it() -> None:
    with pytest.raises(KefuError, match="奖项「年度标兵」"):
        screen(weighted_plan(), (), [make_application(awards=("年度标兵",))])


# --- schedule -----------------------------------------------------------------------------


def test_R_EGL_1_the_proposed_schedule_counts_calendar_days_after_the_deadline() -> None:
    assert proposed_schedule(plan(), DEADLINE) == (
        date(2026, 4, 12),
        date(2026, 4, 15),
        date(2026, 4, 17),
    )


@pytest.mark.parametrize(
    ("days", "state"),
    [(-1, "early"), (0, "ok"), (2, "ok"), (3, "late")],
)
def test_R_EGL_1_candidates_are_shortlisted_within_two_days_after_the_deadline(
    days: int, state: str
) -> None:
    steps = check_schedule(plan(), DEADLINE, DEADLINE + timedelta(days=days), None)
    shortlist = step(steps, "eagle.schedule.shortlist")
    assert shortlist.args["state"] == state
    assert shortlist.reason is (state != "ok")


@pytest.mark.parametrize(
    ("days", "state"),
    [(4, "outside"), (5, "ok"), (7, "ok"), (8, "outside")],
)
def test_R_EGL_1_the_panel_interviews_five_to_seven_days_after_the_deadline(
    days: int, state: str
) -> None:
    steps = check_schedule(plan(), DEADLINE, DEADLINE, DEADLINE + timedelta(days=days))
    interview = step(steps, "eagle.schedule.interview")
    assert interview.args["state"] == state
    assert interview.reason is (state == "outside")


def test_R_EGL_1_a_schedule_not_yet_set_is_pending_without_a_flag() -> None:
    steps = check_schedule(plan(), DEADLINE, None, None)
    assert [s.args["state"] for s in steps] == ["pending", "pending"]
    assert not any(s.reason for s in steps)


def test_R_EGL_1_an_interview_before_the_shortlist_is_flagged() -> None:
    steps = check_schedule(plan(), DEADLINE, DEADLINE + timedelta(days=6), DEADLINE + timedelta(5))
    assert step(steps, "eagle.schedule.interview_before_shortlist").reason
    assert step(steps, "eagle.schedule.shortlist").args["state"] == "late"


def test_R_EGL_1_an_empty_interview_window_in_the_policy_is_refused() -> None:
    bad = plan().model_copy(update={"interview_from_days": 8})
    with pytest.raises(KefuError, match=r"eagle_plan\.interview_from_days"):
        proposed_schedule(bad, DEADLINE)


# --- the group ----------------------------------------------------------------------------

GROUP = [("E01", SOSO), ("E02", SOSO), ("E03", ONE), ("E04", TWO)]


def test_R_EGL_2_two_from_soso_and_one_each_from_departments_one_and_two_make_the_group() -> None:
    steps = check_group(plan(), GROUP, "E03")
    seats = [s.args for s in steps if s.code == "eagle.group.seats"]
    assert seats[0] == {"department": SOSO, "seats": 2, "members": ["E01", "E02"]}
    assert step(steps, "eagle.group.leader").args == {"leader": "E03"}
    assert not any(s.reason for s in steps)


def test_R_EGL_2_a_group_without_a_leader_yet_is_flagged() -> None:
    assert step(check_group(plan(), GROUP, None), "eagle.group.no_leader").reason


@pytest.mark.parametrize(
    ("members", "leader", "message"),
    [
        ([*GROUP[:3], ("E04", SOSO)], "E01", r"SOSO客服部 3/2.*客服二部 0/1"),
        ([*GROUP, ("E05", ONE)], "E01", "应有 4 名成员，现有 5 名"),
        (GROUP[:3], "E01", "应有 4 名成员，现有 3 名"),
        ([*GROUP[:3], ("E01", TWO)], "E01", "E01 重复"),
        ([*GROUP[:3], ("E04", "VIP客服部")], "E01", r"客服二部 0/1.*VIP客服部 1/0"),
        (GROUP, "E09", "组长 E09 不是小组成员"),
    ],
)
def test_R_EGL_2_a_group_that_breaks_the_seats_is_refused(
    members: list[tuple[str, str]], leader: str, message: str
) -> None:
    with pytest.raises(KefuError, match=message):
        check_group(plan(), members, leader)


def test_R_EGL_2_a_policy_whose_seats_do_not_add_up_is_refused() -> None:
    bad = plan().model_copy(update={"group": [GroupSeat(department=SOSO, members=3)]})
    with pytest.raises(KefuError, match=r"eagle_plan\.group.*3.*4"):
        check_group(bad, GROUP, "E01")


@pytest.mark.parametrize(
    ("complainers", "must"),
    [((), False), (("E01",), False), (("E01", "E02"), False), (("E01", "E02", "E03"), True)],
)
def test_R_EGL_2_the_leader_is_replaced_only_when_more_than_half_complain(
    complainers: tuple[str, ...], must: bool
) -> None:
    result = leader_must_be_replaced(plan(), 4, complainers)
    assert result.must_replace is must
    assert result.step.reason is must
    assert result.step.args["count"] == len(complainers)


def test_R_EGL_2_one_member_complaining_twice_counts_once() -> None:
    assert not leader_must_be_replaced(plan(), 4, ["E01", "E01", "E02", "E02"]).must_replace


@pytest.mark.parametrize(
    ("members", "complainers", "message"),
    [(0, (), "至少为 1"), (2, ("E01", "E02", "E03"), "多于小组人数")],
)
def test_R_EGL_2_impossible_complaint_counts_are_refused(
    members: int, complainers: tuple[str, ...], message: str
) -> None:
    with pytest.raises(KefuError, match=message):
        leader_must_be_replaced(plan(), members, complainers)


# --- exams --------------------------------------------------------------------------------

APPLIED = date(2026, 8, 15)


@pytest.mark.parametrize(
    ("applied_on", "taken_on", "exempt"),
    [
        (date(2026, 8, 15), date(2026, 2, 15), True),
        (date(2026, 8, 15), date(2026, 2, 14), False),
        (date(2026, 8, 31), date(2026, 2, 28), True),
        (date(2026, 8, 31), date(2026, 2, 27), False),
        (date(2028, 8, 31), date(2028, 2, 29), True),
        (date(2028, 8, 31), date(2028, 2, 28), False),
        (date(2026, 8, 15), date(2026, 8, 15), True),
        (date(2026, 8, 15), date(2026, 8, 16), False),
    ],
)
def test_R_EGL_3_a_gap_score_within_six_months_before_the_application_exempts(
    applied_on: date, taken_on: date, exempt: bool
) -> None:
    outcome = exam_outcome(plan(), applied_on, D(85), None, (taken_on, D(80)))
    assert outcome.gap_exempt is exempt
    assert outcome.passed is (True if exempt else None)


@pytest.mark.parametrize(("prior", "exempt"), [("79.99", False), ("80", True), ("95", True)])
def test_R_EGL_3_a_prior_gap_score_must_reach_the_pass_mark_to_exempt(
    prior: str, exempt: bool
) -> None:
    outcome = exam_outcome(plan(), APPLIED, D(80), None, (date(2026, 6, 1), D(prior)))
    assert outcome.gap_exempt is exempt
    why = step(outcome.steps, "eagle.exam.gap_prior").args["why"]
    assert why == ("exempt" if exempt else "low")


@pytest.mark.parametrize(
    ("soso", "gap", "passed"),
    [
        ("80", "80", True),
        ("79.99", "90", False),
        ("90", "79.99", False),
        (None, "90", None),
        ("90", None, None),
        ("70", None, False),
        (None, None, None),
    ],
)
def test_R_EGL_3_both_exams_must_reach_80_and_a_missing_result_leaves_it_open(
    soso: str | None, gap: str | None, passed: bool | None
) -> None:
    outcome = exam_outcome(
        plan(),
        APPLIED,
        None if soso is None else D(soso),
        None if gap is None else D(gap),
        None,
    )
    assert (outcome.gap_exempt, outcome.passed) == (False, passed)
    assert step(outcome.steps, "eagle.exam.result").reason


def test_R_EGL_3_the_soso_exam_is_never_exempt() -> None:
    outcome = exam_outcome(plan(), APPLIED, None, None, (date(2026, 6, 1), D(100)))
    assert outcome.gap_exempt
    assert outcome.passed is None
    assert step(outcome.steps, "eagle.exam.score").args["exam"] == "soso"


def test_R_EGL_3_an_exempt_gap_exam_is_not_counted_even_if_sat() -> None:
    outcome = exam_outcome(plan(), APPLIED, D(90), D(50), (date(2026, 6, 1), D(88)))
    assert outcome.passed is True
    assert step(outcome.steps, "eagle.exam.result_exempt").args == {"exam": "gap"}


def test_R_EGL_3_an_exam_score_outside_0_to_100_is_refused() -> None:
    with pytest.raises(KefuError, match="GAP 考试成绩 101"):
        exam_outcome(plan(), APPLIED, D(90), D(101), None)
    with pytest.raises(KefuError, match="原部门 GAP 成绩"):
        exam_outcome(plan(), APPLIED, D(90), None, (APPLIED, D(-1)))


def test_R_EGL_3_passing_earns_the_certificate_and_the_transfer_to_vip() -> None:
    passed = exam_outcome(plan(), APPLIED, D(80), D(80), None)
    failed = exam_outcome(plan(), APPLIED, D(80), D(79), None)
    pending = exam_outcome(plan(), APPLIED, D(80), None, None)
    assert [certificate_due(o) for o in (passed, failed, pending)] == [True, False, False]
    assert transfer_department(plan()) == "VIP客服部"
    assert completion_step(plan(), passed).args == {"due": True, "department": "VIP客服部"}


# --- messages -----------------------------------------------------------------------------


def all_steps() -> list[Step]:
    apps = [
        make_application("E01", awards=("进步奖",), plan_months=D(3)),
        make_application("E02", conversion_exam_score=None, level="普通客服"),
        make_application("E03", status="left", department="VIP客服部", major_complaints=1),
    ]
    steps = [s for r in screen(weighted_plan(), (), apps) for s in r.steps]
    for shortlist, interview in [(None, None), (DEADLINE, DEADLINE + timedelta(6))]:
        steps += check_schedule(plan(), DEADLINE, shortlist, interview)
    steps += check_schedule(plan(), DEADLINE, DEADLINE - timedelta(1), DEADLINE + timedelta(9))
    steps += check_schedule(plan(), DEADLINE, DEADLINE + timedelta(9), DEADLINE + timedelta(8))
    steps += check_group(plan(), GROUP, "E01")
    steps += check_group(plan(), GROUP, None)
    outcomes: list[ExamOutcome] = [
        exam_outcome(plan(), APPLIED, D(90), None, None),
        exam_outcome(plan(), APPLIED, D(70), D(90), (date(2026, 1, 1), D(90))),
        exam_outcome(plan(), APPLIED, None, None, (date(2026, 6, 1), D(90))),
        exam_outcome(plan(), APPLIED, D(90), D(90), (date(2026, 6, 1), D(70))),
        exam_outcome(plan(), APPLIED, D(90), D(90), (date(2026, 9, 1), D(90))),
    ]
    for outcome in outcomes:
        steps += [*outcome.steps, completion_step(plan(), outcome)]
    steps += [leader_must_be_replaced(plan(), 4, c).step for c in (("E01",), ("E1", "E2", "E3"))]
    return steps


def test_R_EXP_1_every_eagle_step_reads_in_chinese_and_english() -> None:
    steps = all_steps()
    assert {s.code for s in steps} == set(ZH) == set(EN)
    for s in steps:
        zh, en = ZH[s.code](s.args, "zh"), EN[s.code](s.args, "en")
        assert zh and en and "{" not in zh + en
    complaints = [s for s in steps if s.code == "eagle.leader_complaints"]
    assert "需另立组长" in ZH["eagle.leader_complaints"](complaints[1].args, "zh")
    assert "继续留任" in ZH["eagle.leader_complaints"](complaints[0].args, "zh")
    status = next(s for s in steps if s.code == "eagle.status" and not s.args["ok"])
    assert "离职" in ZH["eagle.status"](status.args, "zh")


# --- properties ---------------------------------------------------------------------------

exam_scores = st.one_of(st.none(), st.sampled_from([D(60), D(75), D(90)]))


@FAST
@given(
    pool=st.lists(
        st.tuples(
            exam_scores,
            st.sampled_from(["高级客服", "普通客服"]),
            st.integers(min_value=0, max_value=3),
            st.sampled_from([SOSO, ONE, "VIP客服部"]),
            st.integers(min_value=0, max_value=1),
        ),
        max_size=8,
    )
)
def test_R_EGL_1_screening_places_every_qualified_applicant_once_in_order(
    pool: list[tuple[Decimal | None, str, int, str, int]],
) -> None:
    apps = [
        make_application(
            f"E{i:02d}",
            conversion_exam_score=exam,
            level=level,
            applied_on=date(2026, 3, 10) + timedelta(days=day),
            department=department,
            major_complaints=complaints,
        )
        for i, (exam, level, day, department, complaints) in enumerate(pool)
    ]
    results = screen(plan(), open_paths(), apps)
    assert sorted(r.employee_no for r in results) == sorted(a.employee_no for a in apps)
    qualified = [r for r in results if r.qualified]
    assert [r.place for r in qualified] == list(range(1, len(qualified) + 1))
    assert all(not r.qualified for r in results[len(qualified) :])
    by_no = {a.employee_no: a for a in apps}
    for ahead, after in itertools.pairwise(qualified):
        a, b = by_no[ahead.employee_no], by_no[after.employee_no]
        assert (a.conversion_exam_score is None, -(a.conversion_exam_score or 0)) <= (
            b.conversion_exam_score is None,
            -(b.conversion_exam_score or 0),
        )
        assert behind(after)["ahead"] == f"{ahead.name} ({ahead.employee_no})"


@FAST
@given(applied_on=st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_R_EGL_3_the_exemption_window_starts_exactly_n_months_before_applying(
    applied_on: date,
) -> None:
    since = gap_window_start(plan(), applied_on)
    assert since == add_months(applied_on, -plan().gap_exempt_within_months)
    on_edge = exam_outcome(plan(), applied_on, D(80), None, (since, D(80)))
    day_before = exam_outcome(plan(), applied_on, D(80), None, (since - timedelta(1), D(80)))
    assert (on_edge.gap_exempt, day_before.gap_exempt) == (True, False)
