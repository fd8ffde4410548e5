"""The pure rules of recruitment (R-REC-1) on the demo policy and seed 004's, no database:
each pass mark at its edge, the interview's mean over several interviewers, the moves, the
reserve target's rounding, open [X] parameters refused by name."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.errors import KefuError, PolicyParameterMissing
from kefu.explain.messages import render
from kefu.people.rules import RecordView
from kefu.policy.loader import LoadedPolicy, load_policy
from kefu.policy.schema import Recruitment
from kefu.recruitment import rules
from kefu.recruitment.messages import EN, ZH
from kefu.recruitment.rules import InterviewSheet, Item, PassMarks

FAST = settings(max_examples=200, deadline=None)
D = Decimal
DAY = date(2026, 11, 2)


@cache
def demo() -> LoadedPolicy:
    return load_policy("demo")


@cache
def seed() -> LoadedPolicy:
    return load_policy("seed-004")


def section(policy: LoadedPolicy | None = None) -> Recruitment:
    found = (policy or demo()).model.recruitment
    assert found is not None
    return found


def marks(policy: LoadedPolicy | None = None) -> PassMarks:
    loaded = policy or demo()
    return PassMarks.of(section(loaded), loaded.name)


def mark_of(item: Item) -> Decimal:
    found = marks().marks[item]
    assert found is not None
    return found


def first_test(**overrides: Decimal | None) -> dict[Item, Decimal | None]:
    """Every first-test figure exactly at its pass mark, unless overridden."""
    values: dict[Item, Decimal | None] = {i: mark_of(i) for i in rules.STAGE_ITEMS["first_test"]}
    for key, value in overrides.items():
        values[rules.ITEMS[rules.ITEMS.index(key)]] = value  # type: ignore[arg-type]
    return values


def sheet(interviewer: str, score: Decimal | int, **by_dimension: Decimal) -> InterviewSheet:
    """One interviewer scoring every policy dimension ``score`` (some overridden by name)."""
    scores = {d: D(score) for d in marks().dimensions}
    scores.update(by_dimension)
    return InterviewSheet(interviewer, scores)


def texts(steps: tuple[object, ...], lang: str = "zh") -> list[str]:
    return [render(s, lang) for s in steps]  # type: ignore[arg-type]


# ---------------------------------------------------------------- each pass mark at its edge


@pytest.mark.parametrize("item", rules.SCORED_ITEMS)
def test_R_REC_1_a_result_equal_to_the_pass_mark_passes(item: Item) -> None:
    result = rules.judge(marks(), item, mark_of(item))
    assert result.passed is True
    assert result.steps[-1].code == "recruit.passed"
    assert "(含)" in render(result.steps[-1])


@pytest.mark.parametrize("item", rules.SCORED_ITEMS)
def test_R_REC_1_a_result_just_below_the_pass_mark_fails_with_both_figures(item: Item) -> None:
    below = mark_of(item) - D("0.0001")
    result = rules.judge(marks(), item, below)
    assert result.passed is False
    text = render(result.steps[-1])
    assert str(below) in text and str(mark_of(item)) in text and "不合格" in text


@pytest.mark.parametrize("item", rules.SCORED_ITEMS)
def test_R_REC_1_a_result_above_the_pass_mark_passes(item: Item) -> None:
    assert rules.judge(marks(), item, mark_of(item) + 1).passed is True


def test_R_REC_1_typing_speeds_are_shown_with_their_units() -> None:
    chinese = rules.judge(marks(), "chinese_typing", D(45))
    assert render(chinese.steps[-1]) == (
        "R-REC-1: 中文输入速度 45 字/分钟，低于及格线 50 字/分钟，不合格"
    )
    digits = rules.judge(marks(), "digit_typing", D(150))
    assert render(digits.steps[-1], "en") == (
        "R-REC-1: digit input speed 150 digits a minute reaches the pass mark of 150 digits a "
        "minute (inclusive): passed"
    )


def test_R_REC_1_reading_aloud_needs_clarity_and_accuracy_each_at_the_mark() -> None:
    mark = mark_of("reading_clarity")
    assert mark == mark_of("reading_accuracy")  # one pass mark for both
    check = rules.check_stage(
        marks(), "first_test", first_test(reading_clarity=mark + 20, reading_accuracy=mark - 1)
    )
    assert not check.passed
    assert [r.item for r in check.below] == ["reading_accuracy"]


def test_R_REC_1_a_missing_result_is_not_judged_and_not_counted_as_zero() -> None:
    result = rules.judge(marks(), "office_software", None)
    assert result.passed is None and result.missing
    assert render(result.steps[-1]) == "R-REC-1: 办公软件基本操作 尚未录入成绩"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("office_software", D("100.0001")),
        ("office_software", D(-1)),
        ("chinese_typing", D(-1)),
        ("chinese_typing", D(100_000)),
        ("digit_typing", D("NaN")),
        ("reading_clarity", D("Infinity")),
        ("reading_accuracy", D("70.00001")),
        ("interview", D(101)),
    ],
)
def test_R_REC_1_impossible_results_are_refused_as_bad_input(item: Item, value: Decimal) -> None:
    with pytest.raises(KefuError):
        rules.check_value(item, value)


@pytest.mark.parametrize(
    ("item", "value"),
    [("office_software", D(100)), ("office_software", D(0)), ("chinese_typing", D("99999.9999"))],
)
def test_R_REC_1_results_at_the_ends_of_their_scale_are_accepted(
    item: Item, value: Decimal
) -> None:
    assert rules.check_value(item, value) == value


# ---------------------------------------------------------------- the interview


def test_R_REC_1_the_interview_is_the_mean_over_dimensions_of_the_interviewers_means() -> None:
    dims = marks().dimensions
    first, second = dims[0], dims[1]
    # interviewer A gives 60 on the first dimension, B 90: that dimension's mean is 75
    a = sheet("面试官甲", 70, **{first: D(60), second: D(80)})
    b = sheet("面试官乙", 70, **{first: D(90), second: D(61)})
    result = rules.judge_interview(marks(), [a, b])
    per_dimension = [Fraction(75), Fraction(141, 2)] + [Fraction(70)] * (len(dims) - 2)
    expected = sum(per_dimension, Fraction(0)) / len(dims)
    assert Fraction(result.value) == expected  # type: ignore[arg-type]
    lines = texts(result.steps)
    assert lines[0] == f"R-REC-1: 面试「{first}」: 60、90 共 2 位面试官，平均 75.00"
    assert "共 2 位面试官" in lines[-2]


def test_R_REC_1_an_interview_mean_equal_to_the_pass_mark_passes() -> None:
    mark = mark_of("interview")
    dims = marks().dimensions
    # one dimension 10 above, one 10 below the mark: the mean is exactly the mark
    a = sheet("甲", mark, **{dims[0]: mark + 10, dims[1]: mark - 10})
    result = rules.judge_interview(marks(), [a])
    assert result.value == mark and result.passed is True


def test_R_REC_1_an_interview_mean_a_hair_below_the_mark_fails_exactly() -> None:
    mark = mark_of("interview")
    dims = marks().dimensions
    # three interviewers: one dimension's mean is mark − 1/3 ÷ …, never rounded up to the mark
    sheets = [
        sheet("甲", mark, **{dims[0]: mark - 1}),
        sheet("乙", mark),
        sheet("丙", mark),
    ]
    result = rules.judge_interview(marks(), sheets)
    assert result.passed is False
    assert result.value is not None and result.value < mark


def test_R_REC_1_an_interview_with_an_unscored_dimension_is_incomplete() -> None:
    dims = marks().dimensions
    partial = InterviewSheet("甲", {d: D(90) for d in dims[:-1]})
    result = rules.judge_interview(marks(), [partial])
    assert result.passed is None and result.missing
    assert dims[-1] in render(result.steps[-1])


def test_R_REC_1_a_second_interviewer_can_complete_a_dimension_the_first_left_out() -> None:
    dims = marks().dimensions
    partial = InterviewSheet("甲", {d: D(90) for d in dims[:-1]})
    other = InterviewSheet("乙", {dims[-1]: D(80)})
    result = rules.judge_interview(marks(), [partial, other])
    assert result.passed is True
    assert Fraction(result.value) == Fraction(90 * (len(dims) - 1) + 80, len(dims))  # type: ignore[arg-type]


def test_R_REC_1_no_interview_sheet_means_no_interview_result() -> None:
    result = rules.judge_interview(marks(), [])
    assert result.missing and result.steps[-1].code == "recruit.missing"


def test_R_REC_1_a_score_for_a_dimension_the_policy_does_not_name_is_shown_not_counted() -> None:
    extra = sheet("甲", 80, 外语=D(0))
    result = rules.judge_interview(marks(), [extra])
    assert result.value == D(80)
    assert "外语" in " ".join(texts(result.steps))


def test_R_REC_1_an_interviewer_scores_once_and_has_a_name() -> None:
    with pytest.raises(KefuError, match="两次"):
        rules.judge_interview(marks(), [sheet("甲", 80), sheet(" 甲 ", 90)])
    with pytest.raises(KefuError, match="面试官"):
        rules.judge_interview(marks(), [sheet(" ", 80)])
    with pytest.raises(KefuError):
        rules.judge_interview(marks(), [sheet("甲", 80, **{marks().dimensions[0]: D(120)})])


@FAST
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=100), min_size=8, max_size=8),
        min_size=1,
        max_size=5,
    )
)
def test_R_REC_1_the_interview_mean_is_exact_and_decides_the_pass(scores: list[list[int]]) -> None:
    dims = marks().dimensions
    assert len(dims) == 8
    sheets = [
        InterviewSheet(f"面试官{i}", {d: D(s) for d, s in zip(dims, row, strict=True)})
        for i, row in enumerate(scores)
    ]
    result = rules.judge_interview(marks(), sheets)
    exact = sum(
        (Fraction(sum(row[j] for row in scores), len(scores)) for j in range(len(dims))),
        Fraction(0),
    ) / len(dims)
    assert result.passed is (exact >= mark_of("interview"))
    assert min(min(r) for r in scores) <= result.value <= max(max(r) for r in scores)  # type: ignore[operator]


# ---------------------------------------------------------------- a stage and a move


def test_R_REC_1_the_first_test_is_the_computer_and_reading_tests_the_second_the_interview() -> (
    None
):
    assert {rules.ITEM_TESTS[i] for i in rules.STAGE_ITEMS["first_test"]} == {"computer", "reading"}
    assert rules.STAGE_ITEMS["second_test"] == ("interview",)


def test_R_REC_1_a_first_test_all_at_the_marks_passes_and_opens_the_second_test() -> None:
    check = rules.check_stage(marks(), "first_test", first_test())
    assert check.passed
    assert check.steps[-1].code == "recruit.stage_passed"
    step = rules.check_move("first_test", "second_test", check)
    assert render(step) == "R-REC-1: 由「初试」进入「复试」"


def test_R_REC_1_missing_results_block_the_move_naming_them() -> None:
    check = rules.check_stage(marks(), "first_test", first_test(office_software=None))
    with pytest.raises(KefuError) as refused:
        rules.check_move("first_test", "second_test", check, who="何静 (#2)")
    message = refused.value.message
    assert message.startswith("R-REC-1: 何静 (#2) 的初试未通过，不能进入「复试」")
    assert "缺少成绩: 办公软件基本操作" in message


def test_R_REC_1_a_result_below_the_mark_blocks_the_move_with_the_figures() -> None:
    check = rules.check_stage(
        marks(), "first_test", first_test(chinese_typing=D(42), digit_typing=None)
    )
    with pytest.raises(KefuError) as refused:
        rules.check_move("first_test", "second_test", check)
    message = refused.value.message
    assert "未达及格线: 中文输入速度 42 字/分钟，及格线 50 字/分钟" in message
    assert "缺少成绩: 数字输入速度" in message
    assert "chinese_typing 42 < 50" in message


def test_R_REC_1_the_interview_below_the_mark_blocks_training() -> None:
    check = rules.check_stage(marks(), "second_test", {}, [sheet("甲", 69)])
    with pytest.raises(KefuError, match=re.escape("面试 69.00 分，及格线 70 分")):
        rules.check_move("second_test", "training", check)
    passed = rules.check_stage(marks(), "second_test", {}, [sheet("甲", 70)])
    assert rules.check_move("second_test", "training", passed).code == "recruit.moved"


def test_R_REC_1_moves_go_one_stage_forward_at_a_time() -> None:
    with pytest.raises(KefuError, match="只能进入「初试」"):
        rules.check_move("applied", "second_test", None)
    with pytest.raises(KefuError, match="只能进入「复试」"):
        rules.check_move("first_test", "applied", None)
    with pytest.raises(KefuError, match="只能进入「培训」"):
        rules.check_move("second_test", "second_test", None)
    assert rules.check_move("applied", "first_test", None).code == "recruit.moved"


@pytest.mark.parametrize("stage", ["applied", "first_test", "second_test"])
@pytest.mark.parametrize("leaving", ["rejected", "withdrew"])
def test_R_REC_1_a_candidate_may_leave_from_any_stage_before_training(
    stage: rules.Stage, leaving: rules.Stage
) -> None:
    # leaving needs no passed test: a failed first test is exactly why one is not hired
    assert rules.check_move(stage, leaving, None).args == {"from": stage, "to": leaving}


@pytest.mark.parametrize("stage", ["training", "rejected", "withdrew"])
def test_R_REC_1_training_not_hired_and_withdrew_are_final(stage: rules.Stage) -> None:
    with pytest.raises(KefuError, match="不能再变更阶段"):
        rules.check_move(stage, "rejected", None)


def test_R_REC_1_the_stage_without_tests_says_so() -> None:
    check = rules.check_stage(marks(), "applied", {})
    assert check.passed and render(check.steps[-1]) == "R-REC-1: 报名阶段没有需要通过的测试"


# ---------------------------------------------------------------- open [X] parameters


@pytest.mark.parametrize("item", rules.ITEMS)
def test_R_REC_1_seed_004_leaves_each_pass_mark_open_and_the_move_names_it(item: Item) -> None:
    open_marks = marks(seed())
    assert open_marks.marks[item] is None
    stage = rules.ITEM_STAGE[item]
    values = {i: D(100) for i in rules.SCORED_ITEMS}
    check = rules.check_stage(open_marks, stage, values, [sheet("甲", 100)])
    assert not check.passed and check.open
    following = rules.next_stage(stage)
    assert following is not None
    with pytest.raises(PolicyParameterMissing) as refused:
        rules.check_move(stage, following, check, policy="seed-004")
    assert refused.value.path == rules.path_of(check.open[0].item)
    assert refused.value.rule_id == "R-REC-1"
    assert "seed-004" in refused.value.message and "[X]" in refused.value.message


def test_R_REC_1_an_open_pass_mark_is_explained_not_guessed() -> None:
    result = rules.judge(marks(seed()), "office_software", D(99))
    assert result.passed is None
    assert render(result.steps[-1]) == (
        "R-REC-1: 办公软件基本操作 的及格线 recruitment.office_software_pass_mark 在政策中未设置 "
        "([X])，无法判定"
    )


def test_R_REC_1_seed_004_leaves_the_reserve_share_open() -> None:
    with pytest.raises(PolicyParameterMissing) as refused:
        rules.reserve(section(seed()), "seed-004", DAY, 40, [])
    assert refused.value.path == "recruitment.reserve_share_of_seats"


def test_R_REC_1_one_missing_mark_is_enough_to_refuse_only_that_one() -> None:
    loaded = marks()
    one_open = replace(loaded, marks={**loaded.marks, "digit_typing": None})
    check = rules.check_stage(one_open, "first_test", first_test())
    with pytest.raises(PolicyParameterMissing) as refused:
        rules.check_move("first_test", "second_test", check, policy="demo")
    assert refused.value.path == "recruitment.min_digits_per_minute"


# ---------------------------------------------------------------- reserve staffing


@pytest.mark.parametrize(
    ("share", "seats", "target"),
    [
        ("0.1", 40, 4),  # exact: no rounding
        ("0.1", 41, 5),  # 4.1 → 5: a part of a person is a person
        ("0.1", 49, 5),
        ("0.1", 1, 1),
        ("0.15", 20, 3),
        ("0.15", 21, 4),  # 3.15 → 4
        ("1", 7, 7),
        ("0.1", 0, 0),  # no seats, no reserve
    ],
)
def test_R_REC_1_the_reserve_target_is_the_share_of_the_seats_rounded_up(
    share: str, seats: int, target: int
) -> None:
    found = rules.reserve(
        section().model_copy(update={"reserve_share_of_seats": D(share)}), "demo", DAY, seats, []
    )
    assert found.target == target and found.gap == target


def test_R_REC_1_the_policy_seat_count_wins_over_the_register() -> None:
    fixed = section().model_copy(update={"seats": 60})
    found = rules.reserve(fixed, "demo", DAY, 200, ["宋佳 (9001)"])
    assert (found.seats, found.seats_from, found.target, found.current, found.gap) == (
        60,
        "policy",
        6,
        1,
        5,
    )
    assert texts(found.steps)[0] == "R-REC-1: 座席总数 60，取自政策 recruitment.seats"


def test_R_REC_1_the_reserve_explains_seats_target_current_and_gap() -> None:
    found = rules.reserve(section(), "demo", DAY, 41, ["宋佳 (9001)", "马超 (9002)"])
    assert found.seats_from == "register"
    lines = texts(found.steps)
    assert "按 2026-11-02 名册中在职的客服代表计" in lines[0]
    assert lines[1] == "R-REC-1: 储备目标 = 座席总数 41 × 10% = 4.1，向上取整为 5 人"
    assert "宋佳 (9001)、马超 (9002)" in lines[2]
    assert lines[3] == "R-REC-1: 储备目标 5 人，现有 2 人，缺 3 人"
    english = texts(found.steps, "en")
    assert english[3] == "R-REC-1: Reserve target 5, current 2: 3 short"


def test_R_REC_1_a_reserve_above_its_target_says_by_how_many() -> None:
    found = rules.reserve(section(), "demo", DAY, 10, ["a", "b", "c"])
    assert found.gap == -2
    assert texts(found.steps)[3] == "R-REC-1: 储备目标 1 人，现有 3 人，超出 2 人"
    met = rules.reserve(section(), "demo", DAY, 10, ["a"])
    assert "正好达到目标" in texts(met.steps)[3]


def make_record(**changes: object) -> RecordView:
    base = RecordView(
        effective_on=date(2026, 10, 1),
        name="宋佳",
        department="客服一部",
        team=None,
        role="csr",
        level="初级客服",
        status="probation",
        hired_on=date(2026, 10, 1),
        converted_on=None,
        left_on=None,
        leave_reason=None,
    )
    return base._replace(**changes)  # type: ignore[arg-type]


def test_R_REC_1_a_recruit_counts_in_the_reserve_while_on_probation_and_employed() -> None:
    assert rules.in_reserve(make_record(), DAY)
    assert not rules.in_reserve(make_record(status="regular", converted_on=DAY), DAY)
    assert not rules.in_reserve(make_record(hired_on=date(2026, 11, 3)), DAY)  # not started
    assert not rules.in_reserve(make_record(status="left", left_on=DAY), DAY)
    assert rules.in_reserve(make_record(left_on=date(2026, 11, 3)), DAY)  # leaves tomorrow


def test_R_REC_1_seats_are_the_agents_employed_that_day() -> None:
    assert rules.holds_a_seat(make_record(status="regular"), DAY)
    assert not rules.holds_a_seat(make_record(role="qa"), DAY)
    assert not rules.holds_a_seat(make_record(left_on=DAY, status="left"), DAY)
    assert not rules.holds_a_seat(make_record(left_on=DAY), DAY)  # gone from the leaving day


# ---------------------------------------------------------------- words


def test_R_EXP_1_every_recruitment_step_has_chinese_and_english_words() -> None:
    assert set(ZH) == set(EN)
    steps = [
        *rules.judge_interview(marks(), [sheet("甲", 80, 外语=D(1))]).steps,
        *rules.judge_interview(marks(), [InterviewSheet("甲", {})]).steps,
        *rules.check_stage(marks(), "first_test", first_test(office_software=None)).steps,
        *rules.check_stage(marks(), "first_test", first_test(chinese_typing=D(1))).steps,
        *rules.check_stage(marks(), "first_test", first_test()).steps,
        *rules.check_stage(marks(seed()), "first_test", first_test()).steps,
        *rules.check_stage(marks(), "applied", {}).steps,
        *rules.reserve(section(), "demo", DAY, 41, ["x"]).steps,
        rules.check_move("applied", "first_test", None),
    ]
    codes = {s.code for s in steps}
    assert codes | {"recruit.hired"} == set(ZH)
    for step in steps:
        for lang in ("zh", "en"):
            text = render(step, lang)
            assert text.startswith("R-REC-1: ") and "{" not in text


def test_R_REC_1_an_open_pass_mark_refuses_the_move_even_before_any_result() -> None:
    check = rules.check_stage(marks(seed()), "second_test", {}, [])
    assert check.missing and check.open
    with pytest.raises(PolicyParameterMissing) as refused:
        rules.check_move("second_test", "training", check, policy="seed-004")
    assert refused.value.path == "recruitment.interview_pass_mark"
