"""The new-hire programme's pure rules (R-NEW-1..3): the plan on the statutory calendar, the
training scores, the automatic elimination flags and the conversion exam — no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.errors import Forbidden, KefuError, PolicyInvalid, PolicyParameterMissing
from kefu.explain.messages import render
from kefu.explain.trace import Step
from kefu.policy.loader import load_policy, parse_policy, read_policy_text
from kefu.training import messages, rules
from kefu.training.plans import load_plan
from kefu.training.rules import ConductScore, Mark, Paper, PlanDay, Reminder
from kefu.workdays.calendar import WorkCalendar

FAST = settings(max_examples=200, deadline=None)
CALENDAR = WorkCalendar()
D = Decimal
PASS = D(60)
PARTS_MAX = {"attendance": D(30), "attitude": D(30), "teamwork": D(40)}
MONDAY = date(2026, 11, 2)


def make_mark(day: int, score: str, ref: str | None = None) -> Mark:
    """A score taken ``day`` days after 2026-11-02."""
    return Mark(ref or f"score:{day}", MONDAY + timedelta(days=day), D(score))


def make_conduct(day: int, attendance: str, attitude: str, teamwork: str) -> ConductScore:
    return ConductScore(
        f"conduct:{day}",
        MONDAY + timedelta(days=day),
        {"attendance": D(attendance), "attitude": D(attitude), "teamwork": D(teamwork)},
    )


def make_reminder(day: int) -> Reminder:
    return Reminder(f"warning:{day}", MONDAY + timedelta(days=day))


def words(steps: tuple[Step, ...] | list[Step]) -> str:
    return " / ".join(render(s, "zh") for s in steps)


# ---------------------------------------------------------------- the plan (R-NEW-1)


def test_R_NEW_1_the_shipped_plan_holds_the_seeds_23_days_with_their_exams() -> None:
    plan = load_plan("seed-000")
    assert [d.number for d in plan.days] == list(range(1, 24))
    exams = {d.number: d.exam for d in plan.days if d.exam}
    assert exams == {
        1: "ability",
        3: "theory",
        5: "theory",
        6: "practical",
        8: "comprehensive",
        18: "comprehensive",
        22: "conversion",
    }
    first = plan.days[0]
    assert first.assigns_mentor and set(first.exam_items) == {"打字测试", "电话沟通能力测试"}
    assert [d.number for d in plan.days if d.targeted] == [23]
    assert plan.days[3].lead == "仓库负责人"


def test_R_NEW_1_an_unknown_plan_name_is_refused() -> None:
    with pytest.raises(KefuError, match="没有名为"):
        load_plan("no-such-plan")
    with pytest.raises(KefuError, match="没有名为"):
        load_plan("../policy/presets/demo")


def test_R_NEW_1_day_n_falls_on_the_start_plus_n_minus_one_rest_days_included() -> None:
    start = date(2026, 11, 5)  # a Thursday: day 3 is Saturday 11-07, a lesson day
    laid = rules.lay_out(load_plan("seed-000").days, start, CALENDAR)
    for entry in laid:
        assert entry.planned_on == start + timedelta(days=entry.day.number - 1)
    day4 = laid[3]  # 仓库学习 on Sunday 11-08: no exam, it stays
    assert day4.on == date(2026, 11, 8) and not day4.moved


def test_R_NEW_1_an_exam_on_a_weekend_moves_to_the_next_working_day() -> None:
    start = date(2026, 11, 5)
    laid = rules.lay_out(load_plan("seed-000").days, start, CALENDAR)
    day3 = laid[2]  # the theory exam of day 3: Saturday 11-07 → Monday 11-09
    assert day3.planned_on == date(2026, 11, 7)
    assert day3.on == date(2026, 11, 9) and day3.moved
    text = words(day3.steps)
    assert "第 3 天的理论考试原定 2026-11-07" in text and "周六休息日" in text
    assert "顺延至下一个工作日 2026-11-09" in text


def test_R_NEW_1_the_conversion_exam_on_a_holiday_moves_and_the_explanation_says_so() -> None:
    start = date(2026, 9, 10)  # day 22 is 2026-10-01, 国庆节
    laid = rules.lay_out(load_plan("seed-000").days, start, CALENDAR)
    exam = rules.conversion_day(laid)
    assert exam is not None and exam.day.number == 22
    assert exam.planned_on == date(2026, 10, 1)
    assert not CALENDAR.is_working_day(exam.planned_on)
    assert exam.on == rules.next_working_day(CALENDAR, exam.planned_on)
    assert exam.on > exam.planned_on and CALENDAR.is_working_day(exam.on)
    assert all(
        not CALENDAR.is_working_day(exam.planned_on + timedelta(days=i))
        for i in range((exam.on - exam.planned_on).days)
    )
    zh = words(exam.steps)
    assert "转正考试原定 2026-10-01" in zh and "国庆节假期" in zh
    assert f"顺延至下一个工作日 {exam.on.isoformat()}" in zh
    en = " ".join(render(s, "en") for s in exam.steps)
    assert "moves to the next working day" in en and "国庆节" in en


def test_R_NEW_1_an_exam_on_a_working_day_stays_put() -> None:
    start = date(2026, 11, 2)  # Monday: day 22 is Monday 11-23
    laid = rules.lay_out(load_plan("seed-000").days, start, CALENDAR)
    exam = rules.conversion_day(laid)
    assert exam is not None and exam.on == exam.planned_on == date(2026, 11, 23)
    assert [s.code for s in exam.steps] == ["training.plan_day"]


def test_R_NEW_1_a_year_the_calendar_does_not_know_is_refused_clearly() -> None:
    with pytest.raises(KefuError, match="2030"):
        rules.lay_out(load_plan("seed-000").days, date(2030, 3, 1), CALENDAR)


def test_R_NEW_1_a_plan_must_be_numbered_in_order_with_known_exams_and_one_conversion() -> None:
    day = PlanDay(1, "第一天", ("介绍",), "培训负责人")
    rules.check_plan([day])
    with pytest.raises(KefuError, match="连续编号"):
        rules.check_plan([day, replace(day, number=3)])
    with pytest.raises(KefuError, match="考试类别"):
        rules.check_plan([replace(day, exam="quiz")])
    with pytest.raises(KefuError, match="转正考试日"):
        rules.check_plan(
            [replace(day, exam="conversion"), replace(day, number=2, exam="conversion")]
        )
    with pytest.raises(KefuError, match="标题"):
        rules.check_plan([replace(day, title=" ")])
    with pytest.raises(KefuError, match="没有任何一天"):
        rules.check_plan([])


def test_R_NEW_1_a_trainee_without_a_mentor_is_flagged_only_after_the_mentor_day() -> None:
    laid = rules.lay_out(load_plan("seed-000").days, MONDAY, CALENDAR)
    due = rules.mentor_due(laid)
    assert due == MONDAY
    assert rules.without_mentor(due, MONDAY, has_mentor=False) is None
    flagged = rules.without_mentor(due, MONDAY + timedelta(days=1), has_mentor=False)
    assert flagged is not None and flagged.code == "training.no_mentor" and flagged.reason
    assert "尚未指定" in render(flagged)
    assert rules.without_mentor(due, MONDAY + timedelta(days=5), has_mentor=True) is None


def test_R_NEW_1_without_a_mentor_day_in_the_plan_the_first_day_is_the_due_day() -> None:
    days = [PlanDay(1, "a", ("x",), "l"), PlanDay(2, "b", ("y",), "l", assigns_mentor=True)]
    assert rules.mentor_due(rules.lay_out(days, MONDAY, CALENDAR)) == MONDAY + timedelta(days=1)
    plain = [PlanDay(1, "a", ("x",), "l")]
    assert rules.mentor_due(rules.lay_out(plain, MONDAY, CALENDAR)) == MONDAY


def test_R_NEW_1_the_programme_day_counts_from_one_on_the_start() -> None:
    assert rules.programme_day(MONDAY, MONDAY) == 1
    assert rules.programme_day(MONDAY, MONDAY + timedelta(days=21)) == 22
    assert rules.programme_day(MONDAY, MONDAY - timedelta(days=1)) == 0


def test_R_NEW_2_evaluations_end_every_n_weeks_within_the_programme() -> None:
    assert rules.evaluation_days(MONDAY, 30, 1) == [
        MONDAY + timedelta(days=6),
        MONDAY + timedelta(days=13),
        MONDAY + timedelta(days=20),
        MONDAY + timedelta(days=27),
    ]
    assert rules.evaluation_days(MONDAY, 30, 2) == [
        MONDAY + timedelta(days=13),
        MONDAY + timedelta(days=27),
    ]
    assert rules.evaluation_days(MONDAY, 14, 2) == [MONDAY + timedelta(days=13)]
    assert rules.evaluation_days(MONDAY, 13, 2) == []
    with pytest.raises(KefuError):
        rules.evaluation_days(MONDAY, 30, 0)


# ---------------------------------------------------------------- scores (R-NEW-2)


def test_R_NEW_2_a_score_is_out_of_100_edges_included() -> None:
    assert rules.check_mark(D(0)) == 0
    assert rules.check_mark(D(100)) == 100
    for bad in ("-0.01", "100.01", "NaN", "Infinity"):
        with pytest.raises(KefuError, match="0–100"):
            rules.check_mark(D(bad))


def test_R_NEW_2_daily_conduct_adds_attendance_attitude_and_teamwork() -> None:
    step = rules.conduct_total(
        {"attendance": D(25), "attitude": D("22.5"), "teamwork": D(40)}, PARTS_MAX
    )
    assert step.args["total"] == "87.50"
    assert (
        render(step)
        == "R-NEW-2: 日常表现 = 出勤情况 25/30 + 学习态度 22.5/30 + 团队协作 40/40 = 87.50"
    )


def test_R_NEW_2_each_conduct_part_stays_within_its_policy_maximum() -> None:
    full = {"attendance": D(30), "attitude": D(30), "teamwork": D(40)}
    assert rules.conduct_total(full, PARTS_MAX).args["total"] == "100.00"
    with pytest.raises(KefuError, match="出勤情况应在 0–30"):
        rules.conduct_total({**full, "attendance": D("30.5")}, PARTS_MAX)
    with pytest.raises(KefuError, match="团队协作应在 0–40"):
        rules.conduct_total({**full, "teamwork": D(-1)}, PARTS_MAX)
    with pytest.raises(KefuError, match="缺少「学习态度」"):
        rules.conduct_total({"attendance": D(1), "teamwork": D(1)}, PARTS_MAX)
    with pytest.raises(KefuError, match="没有「punctuality」"):
        rules.conduct_total({**full, "punctuality": D(1)}, PARTS_MAX)


def test_R_NEW_2_a_mark_says_whether_it_reaches_the_pass_mark() -> None:
    assert rules.mark_step("theory", make_mark(0, "60"), PASS).args["passed"] is True
    below = rules.mark_step("theory", make_mark(0, "59.99"), PASS)
    assert below.args["passed"] is False and "低于及格线 60 分" in render(below)


# ---------------------------------------------------------------- flags (R-NEW-3)


def test_R_NEW_3_two_consecutive_theory_fails_flag_the_trainee() -> None:
    marks = [make_mark(0, "72"), make_mark(2, "55"), make_mark(4, "48")]
    check = rules.fails_in_a_row("theory", marks, PASS, 2)
    assert check.held and check.since == MONDAY + timedelta(days=4)
    assert check.evidence == ("score:2", "score:4")
    assert "理论考核连续 2 次低于 60 分：2026-11-04 55.00、2026-11-06 48.00" in words(check.steps)


def test_R_NEW_3_two_fails_that_are_not_consecutive_do_not_flag() -> None:
    marks = [make_mark(0, "55"), make_mark(2, "75"), make_mark(4, "48")]
    check = rules.fails_in_a_row("theory", marks, PASS, 2)
    assert not check.held and check.since is None and check.evidence == ()
    text = words(check.steps)
    assert "不及格 2 次" in text and "没有连续 2 次低于 60 分" in text


def test_R_NEW_3_the_pass_mark_itself_is_a_pass() -> None:
    assert not rules.fails_in_a_row(
        "practical", [make_mark(0, "60"), make_mark(1, "60")], PASS, 2
    ).held
    assert rules.fails_in_a_row(
        "practical", [make_mark(0, "59.99"), make_mark(1, "59.99")], PASS, 2
    ).held


def test_R_NEW_3_no_scores_and_a_single_fail_do_not_flag() -> None:
    assert not rules.fails_in_a_row("theory", [], PASS, 2).held
    assert not rules.fails_in_a_row("theory", [make_mark(0, "10")], PASS, 2).held
    assert rules.fails_in_a_row("theory", [make_mark(0, "10")], PASS, 1).held


def test_R_NEW_3_the_scores_count_in_the_order_they_were_taken_not_entered() -> None:
    # entered out of order: 55 (day 4), 80 (day 2), 50 (day 0) → by day 50, 80, 55: no run
    marks = [make_mark(4, "55"), make_mark(2, "80"), make_mark(0, "50")]
    assert not rules.fails_in_a_row("theory", marks, PASS, 2).held
    # two on the same day keep the order given (the order recorded)
    same_day = [make_mark(0, "50", "a"), make_mark(0, "40", "b")]
    assert rules.fails_in_a_row("theory", same_day, PASS, 2).evidence == ("a", "b")


def test_R_NEW_3_a_run_once_completed_stays_flagged_after_a_later_pass() -> None:
    marks = [make_mark(0, "50"), make_mark(1, "40"), make_mark(5, "95")]
    check = rules.fails_in_a_row("theory", marks, PASS, 2)
    assert check.held and check.since == MONDAY + timedelta(days=1)


def test_R_NEW_3_three_in_a_row_when_the_policy_says_three() -> None:
    marks = [make_mark(0, "50"), make_mark(1, "40"), make_mark(2, "65"), make_mark(3, "30")]
    assert not rules.fails_in_a_row("theory", marks, PASS, 3).held
    marks.append(make_mark(4, "20"))
    marks.append(make_mark(5, "20"))
    assert rules.fails_in_a_row("theory", marks, PASS, 3).evidence == (
        "score:3",
        "score:4",
        "score:5",
    )


@FAST
@given(
    scores=st.lists(st.integers(min_value=0, max_value=100), max_size=12),
    needed=st.integers(min_value=1, max_value=4),
)
def test_R_NEW_3_a_flag_holds_exactly_when_some_window_of_scores_are_all_fails(
    scores: list[int], needed: int
) -> None:
    marks = [make_mark(i, str(s)) for i, s in enumerate(scores)]
    check = rules.fails_in_a_row("theory", marks, PASS, needed)
    windows = [scores[i : i + needed] for i in range(len(scores) - needed + 1)]
    expected = any(all(s < 60 for s in w) for w in windows)
    assert check.held == expected
    if expected:
        first = next(i for i, w in enumerate(windows) if all(s < 60 for s in w))
        assert check.since == MONDAY + timedelta(days=first + needed - 1)
        assert len(check.evidence) == needed


def test_R_NEW_3_conduct_below_the_pass_mark_after_enough_warnings_flags() -> None:
    scores = [make_conduct(0, "20", "15", "20"), make_conduct(7, "20", "20", "20")]  # 55, 60
    warnings = [make_reminder(3), make_reminder(9)]
    check = rules.conduct_flag(scores, warnings, PASS, 2)
    assert check.held and check.since == MONDAY + timedelta(days=9)
    assert check.evidence == ("conduct:0", "conduct:7", "warning:3", "warning:9")
    text = words(check.steps)
    assert "平均 57.50 分，低于 60 分" in text and "已提醒 2 次" in text


def test_R_NEW_3_conduct_below_the_pass_mark_without_enough_warnings_does_not_flag() -> None:
    scores = [make_conduct(0, "10", "10", "10")]
    check = rules.conduct_flag(scores, [make_reminder(1)], PASS, 2)
    assert not check.held
    assert "已提醒 1 次（标准 2 次）：不符合淘汰条件" in words(check.steps)


def test_R_NEW_3_warnings_without_a_low_conduct_mean_do_not_flag() -> None:
    scores = [make_conduct(0, "20", "20", "20")]  # exactly 60: a pass
    assert not rules.conduct_flag(scores, [make_reminder(1), make_reminder(2)], PASS, 2).held
    assert not rules.conduct_flag([], [make_reminder(1), make_reminder(2)], PASS, 2).held


def test_R_NEW_3_the_conduct_flag_is_dated_by_the_day_it_began_to_hold_now() -> None:
    # warned twice early, mean low on day 5, back to a pass on day 8, low again on day 12
    scores = [
        make_conduct(5, "10", "10", "10"),  # 30: mean 30
        make_conduct(8, "30", "30", "40"),  # 100: mean 65
        make_conduct(12, "10", "10", "10"),  # 30: mean 53.33
    ]
    warnings = [make_reminder(1), make_reminder(2)]
    check = rules.conduct_flag(scores, warnings, PASS, 2)
    assert check.held and check.since == MONDAY + timedelta(days=12)


def test_R_NEW_3_conduct_that_recovered_is_no_longer_flagged() -> None:
    scores = [make_conduct(0, "10", "10", "10"), make_conduct(7, "30", "30", "40")]
    assert not rules.conduct_flag(scores, [make_reminder(1), make_reminder(2)], PASS, 2).held


# ---------------------------------------------------------------- conversion (R-NEW-1)


def test_R_NEW_1_passing_the_conversion_exam_makes_regular_from_the_next_day() -> None:
    on = date(2026, 11, 23)
    out = rules.conversion_outcome(D(80), D(80), on, 2, CALENDAR)
    assert out.passed and out.regular_from == date(2026, 11, 24) and out.re_exam_on is None
    assert "自次日 2026-11-24 起转正" in words(out.steps)


def test_R_NEW_1_failing_the_conversion_exam_sets_a_re_exam_days_later_on_a_working_day() -> None:
    wednesday = date(2026, 11, 25)
    out = rules.conversion_outcome(D("79.5"), D(80), wednesday, 2, CALENDAR)
    assert not out.passed and out.re_exam_on == date(2026, 11, 27)
    thursday = date(2026, 11, 26)  # + 2 days = Saturday → Monday 11-30
    moved = rules.conversion_outcome(D(50), D(80), thursday, 2, CALENDAR)
    assert moved.re_exam_on == date(2026, 11, 30)
    text = words(moved.steps)
    assert "2 天后（2026-11-28）换一份题目不同的试卷补考" in text
    assert "转正补考原定 2026-11-28" in text and "顺延至下一个工作日 2026-11-30" in text


def test_R_NEW_1_the_conversion_exam_is_not_sat_before_its_day() -> None:
    day = date(2026, 11, 23)
    assert rules.check_exam_day("conversion", day, day).code == "training.exam_day"
    rules.check_exam_day("re_exam", day + timedelta(days=1), day)
    with pytest.raises(KefuError, match="转正考试安排在 2026-11-23"):
        rules.check_exam_day("conversion", day - timedelta(days=1), day)


def test_R_NEW_1_passing_the_re_exam_makes_regular_after_the_probation_months() -> None:
    out = rules.re_exam_outcome(D(85), D(80), date(2026, 11, 27), 1)
    assert out.passed and out.probation_ends == date(2026, 12, 27)
    assert out.regular_from == date(2026, 12, 28)
    assert "试用期 1 个月（2026-11-28 至 2026-12-27），自 2026-12-28 起转正" in words(out.steps)
    clamped = rules.re_exam_outcome(D(85), D(80), date(2027, 1, 30), 1)  # starts 01-31
    assert clamped.probation_ends == date(2027, 2, 28) and clamped.regular_from == date(2027, 3, 1)
    none = rules.re_exam_outcome(D(85), D(80), date(2026, 11, 27), 0)
    assert none.regular_from == date(2026, 11, 28)


def test_R_NEW_1_failing_the_re_exam_leaves_the_choice_to_the_manager() -> None:
    out = rules.re_exam_outcome(D("79.99"), D(80), date(2026, 11, 27), 1)
    assert not out.passed and out.regular_from is None
    assert "由客服经理决定淘汰或延长试用期" in words(out.steps)


def test_R_NEW_1_the_exam_ending_an_extended_probation_converts_from_the_next_day() -> None:
    out = rules.extension_outcome(D(80), D(80), date(2026, 12, 31))
    assert out.passed and out.regular_from == date(2027, 1, 1)
    assert "延长试用期后的考试 80.00 分，达到 80 分，自次日 2027-01-01 起转正" in words(out.steps)
    failed = rules.extension_outcome(D("79.9"), D(80), date(2026, 12, 31))
    assert not failed.passed and "由客服经理决定" in words(failed.steps)


def test_R_NEW_1_a_re_exam_paper_that_would_repeat_a_question_is_refused() -> None:
    failed = Paper(1, "转正考试A卷", frozenset({1, 2, 3}))
    with pytest.raises(KefuError, match="1 道相同的题目"):
        rules.check_re_exam_paper(failed, Paper(2, "B卷", frozenset({3, 4, 5})))
    with pytest.raises(KefuError, match="相同的题目"):
        rules.check_re_exam_paper(failed, Paper(1, "A卷", frozenset({1, 2, 3})))
    step = rules.check_re_exam_paper(failed, Paper(2, "B卷", frozenset({4, 5, 6})))
    assert "3 道题与未通过的试卷「转正考试A卷」没有重复" in render(step)


def test_R_NEW_1_a_paper_named_by_hand_must_not_be_the_failed_one() -> None:
    failed = Paper(None, "十一月转正卷")
    with pytest.raises(KefuError, match="就是未通过的试卷"):
        rules.check_re_exam_paper(failed, Paper(None, " 十一月转正卷 "))
    assert rules.check_re_exam_paper(failed, Paper(None, "十一月补考卷")).code == (
        "training.paper_named"
    )
    with pytest.raises(KefuError, match="就是未通过的试卷"):
        rules.check_re_exam_paper(Paper(7, "A"), Paper(7, "A 复印"))


@FAST
@given(
    bank=st.integers(min_value=1, max_value=60),
    data=st.data(),
)
def test_R_EXM_1_a_re_exam_paper_is_accepted_exactly_when_it_shares_no_question(
    bank: int, data: st.DataObject
) -> None:
    questions = st.frozensets(st.integers(min_value=1, max_value=bank), min_size=1)
    first, second = data.draw(questions), data.draw(questions)
    failed, again = Paper(1, "A", first), Paper(2, "B", second)
    if first & second:
        with pytest.raises(KefuError):
            rules.check_re_exam_paper(failed, again)
    else:
        assert rules.check_re_exam_paper(failed, again).args["compared"] == len(second)


def test_R_NEW_1_an_extension_needs_a_later_day_and_a_reason() -> None:
    today = date(2026, 11, 30)
    assert rules.check_extension(date(2026, 12, 31), today, "再观察一个月").args["until"] == (
        "2026-12-31"
    )
    with pytest.raises(KefuError, match="不晚于今天"):
        rules.check_extension(today, today, "原因")
    with pytest.raises(KefuError, match="原因"):
        rules.check_extension(date(2026, 12, 31), today, "  ")


def test_R_NEW_4_nobody_decides_their_own_case() -> None:
    rules.not_own_case("2001", ["2601"], "决定")
    rules.not_own_case(None, ["2601"], "决定")
    with pytest.raises(Forbidden, match="nobody decides their own case"):
        rules.not_own_case("2601", ["2601"], "决定")


# ---------------------------------------------------------------- the policy


def test_R_NEW_3_a_parameter_left_open_in_the_seed_preset_is_refused_by_name() -> None:
    seed = load_policy("seed-002")
    assert rules.setting(seed, "pass_mark", "R-NEW-3") == 60
    with pytest.raises(PolicyParameterMissing, match=r"new_hire_training.conduct_warnings_to_flag"):
        rules.setting(seed, "conduct_warnings_to_flag", "R-NEW-3")
    with pytest.raises(
        PolicyParameterMissing, match=r"new_hire_training.public_notice_working_days"
    ):
        rules.setting(seed, "public_notice_working_days", "R-NEW-4")
    with pytest.raises(PolicyParameterMissing, match=r"new_hire_training.pass_mark"):
        rules.setting(load_policy("seed-000"), "pass_mark", "R-NEW-2")


def test_R_NEW_2_a_parameter_the_policy_does_not_give_is_refused_by_name() -> None:
    with pytest.raises(rules.ParameterUnset, match=r"new_hire_training.conduct_parts"):
        rules.setting(load_policy("seed-000"), "conduct_parts", "R-NEW-2")
    with pytest.raises(rules.ParameterUnset, match=r"new_hire_training"):
        rules.setting(load_policy("seed-003"), "pass_mark", "R-NEW-2")


def test_R_NEW_2_the_demo_policy_sets_every_value() -> None:
    demo = load_policy("demo")
    for name in (
        "pass_mark",
        "conduct_parts",
        "evaluation_every_weeks",
        "consecutive_fails_to_eliminate",
        "conduct_warnings_to_flag",
        "conversion_pass_mark",
        "re_exam_after_days",
        "probation_after_re_exam_months",
        "public_notice_working_days",
        "programme_days",
    ):
        assert rules.setting(demo, name, "R-NEW-2") is not None


def test_R_NEW_2_conduct_parts_that_do_not_make_100_are_refused_by_the_policy() -> None:
    text, _ = read_policy_text("demo")
    wrong = text.replace(
        "conduct_parts: {attendance: 30, attitude: 30, teamwork: 40}",
        "conduct_parts: {attendance: 30, attitude: 30, teamwork: 30}",
    )
    assert wrong != text
    with pytest.raises(PolicyInvalid, match="合计 90 分，应为 100 分"):
        parse_policy(wrong, "test")
    missing = text.replace(
        "conduct_parts: {attendance: 30, attitude: 30, teamwork: 40}",
        "conduct_parts: {attendance: 60, attitude: 40}",
    )
    with pytest.raises(PolicyInvalid, match="缺少 teamwork"):
        parse_policy(missing, "test")


# ---------------------------------------------------------------- words


def test_every_training_step_has_chinese_and_english_words() -> None:
    assert messages.ZH.keys() == messages.EN.keys()
    laid = rules.lay_out(load_plan("seed-000").days, date(2026, 9, 10), CALENDAR)
    steps = [s for d in laid for s in d.steps]
    steps += rules.fails_in_a_row("theory", [make_mark(0, "1"), make_mark(1, "1")], PASS, 2).steps
    steps += rules.fails_in_a_row("practical", [make_mark(0, "1")], PASS, 2).steps
    warned = [make_reminder(0), make_reminder(1)]
    steps += rules.conduct_flag([make_conduct(0, "1", "1", "1")], warned, PASS, 2).steps
    steps += rules.conduct_flag([], [], PASS, 2).steps
    steps += rules.conversion_outcome(D(90), D(80), MONDAY, 2, CALENDAR).steps
    steps += rules.conversion_outcome(D(9), D(80), date(2026, 11, 26), 2, CALENDAR).steps
    steps += rules.re_exam_outcome(D(90), D(80), MONDAY, 1).steps
    steps += rules.re_exam_outcome(D(9), D(80), MONDAY, 1).steps
    steps += rules.extension_outcome(D(90), D(80), MONDAY).steps
    steps.append(rules.check_exam_day("conversion", MONDAY, MONDAY))
    steps.append(
        rules.check_re_exam_paper(Paper(1, "A", frozenset({1})), Paper(2, "B", frozenset({2})))
    )
    steps.append(rules.check_re_exam_paper(Paper(None, "A"), Paper(None, "B")))
    steps.append(rules.check_extension(MONDAY + timedelta(days=9), MONDAY, "原因"))
    steps.append(
        rules.conduct_total({"attendance": D(1), "attitude": D(1), "teamwork": D(1)}, PARTS_MAX)
    )
    steps.append(rules.mark_step("theory", make_mark(0, "70"), PASS))
    mentor = rules.without_mentor(MONDAY, MONDAY + timedelta(days=2), False)
    assert mentor is not None
    steps.append(mentor)
    assert {s.code for s in steps} == set(messages.ZH)
    for step in steps:
        for lang in ("zh", "en"):
            text = render(step, lang)
            assert step.code not in text, text
