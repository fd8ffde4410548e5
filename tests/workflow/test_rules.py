"""The case mechanism's pure rules: moves, who decides, the notice in working days."""

from __future__ import annotations

from datetime import date

import pytest

from kefu.careers.flows import EAGLE, PROMOTION
from kefu.errors import Forbidden, KefuError
from kefu.workdays.calendar import WorkCalendar
from kefu.workflow.rules import (
    FINAL,
    NOTICE,
    REJECTED,
    Flow,
    Stage,
    check_actor,
    check_final,
    check_objection,
    next_state,
    notice_window,
)

CALENDAR = WorkCalendar()


def decide_as(
    role: str,
    *,
    actor: str = "reviewer",
    actor_no: str | None = "2001",
    state: str = "dept_review",
    subject: str = "1001",
    earlier: tuple[str, ...] = (),
    flow: Flow = PROMOTION,
) -> None:
    check_actor(
        flow,
        state,
        role=role,
        actor=actor,
        actor_no=actor_no,
        subject_nos=[subject],
        earlier_actors=earlier,
    )


def test_R_PRO_3_an_approval_moves_through_the_reviews_to_the_notice():
    assert next_state(PROMOTION, "dept_review", "approve") == "hr_review"
    assert next_state(PROMOTION, "hr_review", "approve") == "approval"
    assert next_state(PROMOTION, "approval", "approve") == NOTICE


def test_R_PRO_3_a_rejection_at_any_review_ends_the_case():
    for stage in ("dept_review", "hr_review", "approval"):
        assert next_state(PROMOTION, stage, "reject") == REJECTED


def test_a_flow_without_notice_is_final_after_its_last_review():
    flow = Flow(
        "x",
        "x",
        "x",
        (Stage("only", "唯一", "only", frozenset({"hr"}), "R-X"),),
        notice=False,
        answer_roles=frozenset({"hr"}),
        rule="R-X",
    )
    assert next_state(flow, "only", "approve") == FINAL


def test_a_case_on_notice_or_ended_has_nothing_to_decide():
    for state in (NOTICE, FINAL, REJECTED):
        with pytest.raises(KefuError, match="没有待审的环节"):
            next_state(PROMOTION, state, "approve")


def test_R_PRO_3_nobody_decides_their_own_case():
    with pytest.raises(Forbidden, match="自己"):
        decide_as("manager", actor_no="1001")


def test_R_PRO_3_each_review_is_decided_by_its_roles_only():
    decide_as("team_leader")
    decide_as("manager")
    with pytest.raises(Forbidden, match="部门初审"):
        decide_as("hr")
    with pytest.raises(Forbidden, match="人事"):
        decide_as("manager", state="hr_review")
    decide_as("hr", state="hr_review")
    with pytest.raises(Forbidden):
        decide_as("agent", state="approval")


def test_R_PRO_3_one_person_decides_one_stage_of_a_promotion():
    with pytest.raises(Forbidden, match="另一位审批人"):
        decide_as("manager", state="approval", actor="boss", earlier=("boss",))
    decide_as("manager", state="approval", actor="boss", earlier=("leader",))


def test_the_eagle_plan_lets_hr_run_consecutive_stages():
    decide_as("hr", state="screening", actor="hr1", earlier=("hr1",), flow=EAGLE)


def test_R_PUB_1_a_notice_counts_working_days_across_the_national_day_week():
    # published Wed 30 Sep 2026: 30 Sep, then 8, 9, 10 (Saturday, an adjusted workday), 12 Oct
    window = notice_window(CALENDAR, date(2026, 9, 30), 5)
    assert (window.first_day, window.last_day) == (date(2026, 9, 30), date(2026, 10, 12))


def test_R_PUB_1_a_notice_published_on_a_holiday_starts_on_the_next_working_day():
    window = notice_window(CALENDAR, date(2026, 10, 1), 3)
    assert (window.first_day, window.last_day) == (date(2026, 10, 8), date(2026, 10, 10))


def test_R_PUB_1_a_notice_across_the_year_boundary_skips_new_year_and_counts_the_sunday_workday():
    # 31 Dec 2025, then 1–3 Jan 2026 off, Sunday 4 Jan an adjusted workday, Monday 5 Jan
    window = notice_window(CALENDAR, date(2025, 12, 31), 3)
    assert window.last_day == date(2026, 1, 5)


def test_R_PUB_1_a_one_day_notice_on_a_working_day_ends_that_day():
    window = notice_window(CALENDAR, date(2026, 11, 24), 1)
    assert window.first_day == window.last_day == date(2026, 11, 24)


def test_a_notice_of_no_working_days_is_refused():
    with pytest.raises(KefuError, match="至少 1 个工作日"):
        notice_window(CALENDAR, date(2026, 11, 24), 0)


def test_R_PUB_1_an_objection_on_the_last_notice_day_is_taken_and_the_day_after_is_not():
    window = notice_window(CALENDAR, date(2026, 9, 30), 5)
    assert (
        check_objection(window, date(2026, 10, 12), "R-PRO-3").code == "workflow.objection_in_time"
    )
    check_objection(window, date(2026, 10, 3), "R-PRO-3")  # a holiday inside the notice counts
    with pytest.raises(KefuError, match="已于 2026-10-12 结束"):
        check_objection(window, date(2026, 10, 13), "R-PRO-3")
    with pytest.raises(KefuError, match="尚未公示"):
        check_objection(window, date(2026, 9, 29), "R-PRO-3")


def test_R_PUB_1_a_case_becomes_final_only_after_the_notice_with_no_open_objection():
    window = notice_window(CALENDAR, date(2026, 9, 30), 5)
    with pytest.raises(KefuError, match="才结束"):
        check_final(window, date(2026, 10, 12), 0, "R-PRO-3")
    with pytest.raises(KefuError, match="1 条申诉未答复"):
        check_final(window, date(2026, 10, 13), 1, "R-PRO-3")
    assert check_final(window, date(2026, 10, 13), 0, "R-PRO-3").code == "workflow.final"


def test_state_names_read_as_words():
    assert PROMOTION.state_name("hr_review") == "待人力资源部复审"
    assert PROMOTION.state_name(NOTICE) == "公示中"
    assert PROMOTION.state_name("approval", "en") == "awaiting management approval"
