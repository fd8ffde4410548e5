"""The pure rules of the question bank and exams (R-EXM-1): drawing, deadlines, grading, scores.

No database: banks are built from small ``make_bank`` helpers; the re-exam property is checked
with hypothesis over random banks, including banks where no second paper can exist.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.errors import KefuError
from kefu.exams import rules
from kefu.exams.rules import BankQuestion, BankShort, DrawRequest, KeyedQuestion, QuestionIn
from kefu.explain.messages import render
from kefu.policy.schema import Display

HALF_UP_2 = Display(score_decimals=2, rounding="half_up")


def make_bank(cells: Mapping[tuple[str, int], int], first_id: int = 1) -> rules.Bank:
    """A bank with ``count`` questions in each (topic, difficulty) cell, one family each."""
    out, next_id = [], first_id
    for (topic, level), count in cells.items():
        for _ in range(count):
            out.append(BankQuestion(next_id, next_id, topic, level))
            next_id += 1
    return rules.Bank(out)


def family_of(bank: rules.Bank, question_id: int) -> int:
    for pool in bank.pools.values():
        for q in pool:
            if q.id == question_id:
                return q.family
    raise KeyError(question_id)


def make_question(kind: str = "single", **overrides: object) -> KeyedQuestion:
    values: dict[str, object] = {
        "position": 1,
        "question_id": 1,
        "kind": kind,
        "exam_kind": "written",
        "points": Decimal(4),
        "options": ("甲", "乙", "丙", "丁"),
        "key": ("B",) if kind == "single" else ("A", "C", "D") if kind == "multiple" else (),
        "reference": None,
    }
    values.update(overrides)
    return KeyedQuestion(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- drawing


def test_R_EXM_1_a_draw_takes_each_topics_count() -> None:
    bank = make_bank({("服务用语", 1): 5, ("服务用语", 3): 5, ("退费流程", 2): 6})
    drawn = rules.draw(bank, DrawRequest({"服务用语": 4, "退费流程": 3}), seed=7)
    topics = [q.topic for pool in bank.pools.values() for q in pool if q.id in drawn.question_ids]
    assert sorted(topics) == ["服务用语"] * 4 + ["退费流程"] * 3
    assert len(set(drawn.question_ids)) == 7


def test_R_EXM_1_the_same_seed_draws_the_same_paper_and_another_seed_may_not() -> None:
    bank = make_bank({("服务用语", 1): 30, ("服务用语", 2): 30})
    request = DrawRequest({"服务用语": 10}, {1: 5, 2: 5})
    first = rules.draw(bank, request, seed=42)
    assert rules.draw(bank, request, seed=42) == first
    others = {rules.draw(bank, request, seed=s).question_ids for s in range(5)}
    assert len(others) > 1


def test_R_EXM_1_a_difficulty_mix_is_met_across_topics() -> None:
    bank = make_bank({("甲", 1): 3, ("甲", 5): 3, ("乙", 1): 3, ("乙", 5): 3})
    drawn = rules.draw(bank, DrawRequest({"甲": 3, "乙": 3}, {1: 2, 5: 4}), seed=1)
    levels = [
        q.difficulty for pool in bank.pools.values() for q in pool if q.id in drawn.question_ids
    ]
    assert sorted(levels) == [1, 1, 5, 5, 5, 5]


def test_R_EXM_1_a_mix_needing_the_flow_to_move_questions_between_cells_is_found() -> None:
    # greedy could give 甲 both of its difficulty-1 questions and leave 乙 nothing it can use
    bank = make_bank({("甲", 1): 2, ("甲", 2): 2, ("乙", 1): 2})
    for seed in range(20):
        drawn = rules.draw(bank, DrawRequest({"甲": 2, "乙": 2}, {1: 2, 2: 2}), seed=seed)
        assert len(drawn.question_ids) == 4


def test_R_EXM_1_an_empty_bank_is_refused_naming_the_topic_and_the_shortfall() -> None:
    with pytest.raises(BankShort) as refused:
        rules.draw(rules.Bank([]), DrawRequest({"服务用语": 5}), seed=1)
    assert refused.value.shortages == (rules.Shortage(("服务用语",), (), 5, 0),)
    assert "知识点「服务用语」需要 5 道，可用 0 道，差 5 道" in refused.value.message


def test_R_EXM_1_a_topic_with_too_few_questions_names_how_many_are_short() -> None:
    bank = make_bank({("服务用语", 1): 10, ("退费流程", 1): 2})
    with pytest.raises(BankShort) as refused:
        rules.draw(bank, DrawRequest({"服务用语": 3, "退费流程": 5}), seed=1)
    assert refused.value.shortages == (rules.Shortage(("退费流程",), (), 5, 2),)
    assert "差 3 道" in refused.value.message


def test_R_EXM_1_a_difficulty_with_too_few_questions_names_the_difficulty() -> None:
    bank = make_bank({("甲", 1): 10, ("甲", 4): 1})
    with pytest.raises(BankShort) as refused:
        rules.draw(bank, DrawRequest({"甲": 4}, {1: 1, 4: 3}), seed=1)
    assert refused.value.shortages == (rules.Shortage(("甲",), (4,), 3, 1),)
    assert "难度 4" in refused.value.message


def test_R_EXM_1_a_combination_the_cells_cannot_fill_names_the_bottleneck() -> None:
    # each topic alone and each difficulty alone have enough, the combination does not
    bank = make_bank({("甲", 1): 3, ("乙", 2): 3})
    with pytest.raises(BankShort) as refused:
        rules.draw(bank, DrawRequest({"甲": 2, "乙": 2}, {1: 1, 2: 3}), seed=1)
    (shortage,) = refused.value.shortages
    assert shortage.short == 1
    assert "甲" in shortage.topics or "乙" in shortage.topics


def test_R_EXM_1_a_mix_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(KefuError, match="两者应相等"):
        rules.draw(make_bank({("甲", 1): 5}), DrawRequest({"甲": 3}, {1: 2}), seed=1)


def test_R_EXM_1_a_difficulty_outside_one_to_five_is_refused() -> None:
    with pytest.raises(KefuError, match="难度应为 1–5"):
        rules.draw(make_bank({("甲", 1): 5}), DrawRequest({"甲": 1}, {6: 1}), seed=1)


def test_R_EXM_1_a_request_for_nothing_is_refused() -> None:
    with pytest.raises(KefuError, match="至少为一个知识点"):
        rules.draw(make_bank({("甲", 1): 5}), DrawRequest({"甲": 0}), seed=1)


def test_R_EXM_1_excluded_families_are_never_drawn_even_as_new_versions() -> None:
    # question 2 is version 2 of family 1: excluding family 1 excludes it
    bank = rules.Bank([BankQuestion(2, 1, "甲", 1), BankQuestion(3, 3, "甲", 1)])
    drawn = rules.draw(bank, DrawRequest({"甲": 1}, exclude_families=frozenset({1})), seed=1)
    assert drawn.question_ids == (3,)
    with pytest.raises(BankShort):
        rules.draw(bank, DrawRequest({"甲": 2}, exclude_families=frozenset({1})), seed=1)


def test_R_EXM_1_the_draw_explains_itself() -> None:
    bank = make_bank({("服务用语", 1): 5})
    drawn = rules.draw(bank, DrawRequest({"服务用语": 2}, {1: 2}, exclude_papers=(4,)), seed=9)
    (step,) = drawn.steps
    text = render(step)
    assert text.startswith("R-EXM-1: 从题库抽题 2 道: 按知识点 服务用语 2 道；按难度 难度 1 2 道")
    assert "#4" in text and "随机种子 9" in text
    assert "seed 9" in render(step, "en")


def _feasible(
    counts: Mapping[tuple[str, int], int], topics: Mapping[str, int], mix: Mapping[int, int]
) -> bool:
    """Brute force: some split of each topic's count over the difficulties fits every cell."""
    levels = sorted(mix)
    splits = []
    for topic, need in topics.items():
        options = [
            combo
            for combo in itertools.product(*(range(counts.get((topic, d), 0) + 1) for d in levels))
            if sum(combo) == need
        ]
        splits.append(options)
    for choice in itertools.product(*splits):
        if all(sum(c[i] for c in choice) == mix[d] for i, d in enumerate(levels)):
            return True
    return False


cells_strategy = st.dictionaries(
    st.tuples(st.sampled_from(["甲", "乙", "丙"]), st.integers(1, 3)), st.integers(0, 4), max_size=9
)


@settings(max_examples=150, deadline=None)
@given(
    cells=cells_strategy,
    wanted=st.dictionaries(st.sampled_from(["甲", "乙", "丙"]), st.integers(1, 3), min_size=1),
    mix_seed=st.integers(0, 10_000),
    use_mix=st.booleans(),
    seed=st.integers(0, 2**31 - 1),
)
def test_R_EXM_1_a_re_exam_paper_never_shares_a_question_with_the_failed_one(
    cells: dict[tuple[str, int], int],
    wanted: dict[str, int],
    mix_seed: int,
    use_mix: bool,
    seed: int,
) -> None:
    bank = make_bank(cells)
    total = sum(wanted.values())
    mix: dict[int, int] | None = None
    if use_mix:
        # a random split of the total over the difficulties 1..3
        cut = sorted(((mix_seed >> (4 * i)) % (total + 1)) for i in range(2))
        mix = {1: cut[0], 2: cut[1] - cut[0], 3: total - cut[1]}
    first_request = DrawRequest(wanted, mix)
    try:
        failed = rules.draw(bank, first_request, seed)
    except BankShort:
        assert not _possible(cells, wanted, mix)
        return
    _assert_meets(bank, failed.question_ids, wanted, mix)
    remaining = dict(cells)
    for question_id in failed.question_ids:
        q = next(q for pool in bank.pools.values() for q in pool if q.id == question_id)
        remaining[(q.topic, q.difficulty)] -= 1
    re_request = DrawRequest(wanted, mix, exclude_families=failed.families)
    try:
        again = rules.draw(bank, re_request, seed + 1)
    except BankShort:
        # impossible: the error, never an overlapping paper
        assert not _possible(remaining, wanted, mix)
        return
    assert not set(again.question_ids) & set(failed.question_ids)
    assert not {family_of(bank, i) for i in again.question_ids} & failed.families
    _assert_meets(bank, again.question_ids, wanted, mix)


def _possible(
    cells: Mapping[tuple[str, int], int], wanted: Mapping[str, int], mix: Mapping[int, int] | None
) -> bool:
    """Whether any paper meets the request: with a mix by brute force, else topic totals."""
    if mix is not None:
        return _feasible(cells, wanted, mix)
    return all(
        sum(n for (t, _), n in cells.items() if t == topic) >= k for topic, k in wanted.items()
    )


def _assert_meets(
    bank: rules.Bank, ids: tuple[int, ...], wanted: Mapping[str, int], mix: Mapping[int, int] | None
) -> None:
    picked = [q for pool in bank.pools.values() for q in pool if q.id in ids]
    assert len(picked) == len(ids) == sum(wanted.values())
    for topic, count in wanted.items():
        assert sum(1 for q in picked if q.topic == topic) == count
    if mix is not None:
        for level, count in mix.items():
            assert sum(1 for q in picked if q.difficulty == level) == count


# ---------------------------------------------------------------- deadlines


START = datetime(2026, 11, 20, 9, 0)


def test_R_EXM_1_the_deadline_is_the_start_plus_the_time_limit() -> None:
    assert rules.deadline(START, 30, date(2026, 11, 30)) == START + timedelta(minutes=30)


def test_R_EXM_1_the_deadline_is_capped_by_the_end_of_the_window() -> None:
    late = datetime(2026, 11, 20, 23, 50)
    assert rules.deadline(late, 30, date(2026, 11, 20)) == datetime(2026, 11, 21, 0, 0)


def test_R_EXM_1_an_answer_exactly_at_the_deadline_counts_and_one_a_second_later_does_not() -> None:
    due = rules.deadline(START, 30, date(2026, 11, 30))
    assert rules.in_time(due, due)
    assert not rules.in_time(due + timedelta(seconds=1), due)


def test_R_EXM_1_a_sitting_starts_only_within_its_window() -> None:
    opens, closes = date(2026, 11, 20), date(2026, 11, 22)
    assert rules.may_start(datetime(2026, 11, 19, 23, 59), opens, closes) == "not_open"
    assert rules.may_start(datetime(2026, 11, 20, 0, 0), opens, closes) is None
    assert rules.may_start(datetime(2026, 11, 22, 23, 59), opens, closes) is None
    assert rules.may_start(datetime(2026, 11, 23, 0, 0), opens, closes) == "closed"


# ---------------------------------------------------------------- grading


def test_R_EXM_1_a_single_choice_is_right_only_with_the_key() -> None:
    q = make_question("single")
    assert rules.grade(q, ["b"], "all_or_nothing").points == 4
    wrong = rules.grade(q, ["C"], "all_or_nothing")
    assert wrong.points == 0 and wrong.step.code == "exam.wrong"


def test_R_EXM_1_multiple_choice_all_or_nothing_gives_nothing_for_a_subset() -> None:
    q = make_question("multiple")
    assert rules.grade(q, ["A", "C", "D"], "all_or_nothing").points == 4
    subset = rules.grade(q, ["A", "C"], "all_or_nothing")
    assert subset.points == 0
    assert "全对才得分" in render(subset.step)


def test_R_EXM_1_multiple_choice_partial_gives_the_share_picked_without_a_wrong_option() -> None:
    q = make_question("multiple", points=Decimal(6))
    partial = rules.grade(q, ["A", "C"], "partial")
    assert partial.points == Decimal(4)
    assert "选对 2/3 项" in render(partial.step)
    assert rules.grade(q, ["A", "B"], "partial").points == 0
    assert rules.grade(q, ["D", "C", "A"], "partial").points == 6


def test_R_EXM_1_a_fill_in_with_full_width_digits_and_other_case_counts() -> None:
    q = make_question("fill", key=("95511", "Ctrl+F"), options=())
    assert rules.grade(q, ["９５５１１"], "all_or_nothing").points == 4
    matched = rules.grade(q, [" ctrl + f。"], "all_or_nothing")
    assert matched.points == 4 and "Ctrl+F" in render(matched.step)


def test_R_EXM_1_a_fill_in_keeps_a_decimal_point_between_digits() -> None:
    q = make_question("fill", key=("1.5",), options=())
    assert rules.grade(q, ["１．５"], "all_or_nothing").points == 4
    assert rules.grade(q, ["15"], "all_or_nothing").points == 0


def test_R_EXM_1_an_unanswered_objective_question_scores_zero() -> None:
    graded = rules.grade(make_question("single"), None, "all_or_nothing")
    assert graded.points == 0 and graded.step.code == "exam.unanswered"
    assert rules.grade(make_question("fill", options=(), key=("x",)), ["  "], "partial").points == 0


def test_R_EXM_1_short_answers_and_oral_items_wait_for_a_marker() -> None:
    short = make_question("short", options=())
    assert rules.grade(short, ["先倾听"], "partial").points is None
    oral = make_question("single", exam_kind="oral")
    assert rules.grade(oral, None, "partial").step.code == "exam.awaiting_marking"
    marked = rules.grade(short, ["先倾听"], "partial", (Decimal(3), "要点齐全", "qa"))
    assert marked.points == 3 and "要点齐全" in render(marked.step)


def test_R_EXM_1_an_unanswered_written_short_answer_scores_zero_without_a_marker() -> None:
    graded = rules.grade(make_question("essay", options=()), [], "partial")
    assert graded.points == 0


def test_R_EXM_1_the_score_is_earned_over_total_times_100_rounded_by_display() -> None:
    graded = [
        rules.Graded(Decimal(2), rules.grade(make_question(), ["B"], "partial").step),
        rules.Graded(Decimal(0), rules.grade(make_question(), ["C"], "partial").step),
        rules.Graded(Decimal(0), rules.grade(make_question(), ["C"], "partial").step),
    ]
    result = rules.outcome(graded, Decimal(3), Decimal(60), HALF_UP_2)
    assert result.score == Decimal("66.67")
    assert result.passed is True
    texts = [render(s) for s in result.steps]
    assert "2 ÷ 试卷总分 3 × 100 = 66.666666…" in texts[0]
    assert texts[1] == "R-EXM-1: 成绩 66.67 达到及格线 60，通过"


def test_R_EXM_1_a_score_just_below_the_pass_mark_fails_and_one_at_it_passes() -> None:
    step = rules.grade(make_question(), ["B"], "partial").step
    at_mark = rules.outcome([rules.Graded(Decimal(60), step)], Decimal(100), Decimal(60), HALF_UP_2)
    assert at_mark.passed is True
    below = rules.outcome(
        [rules.Graded(Decimal("59.994"), step)], Decimal(100), Decimal(60), HALF_UP_2
    )
    assert below.score == Decimal("59.99") and below.passed is False
    rounded_up = rules.outcome(
        [rules.Graded(Decimal("59.995"), step)], Decimal(100), Decimal(60), HALF_UP_2
    )
    assert rounded_up.score == Decimal("60.00") and rounded_up.passed is True


def test_R_EXM_1_half_even_rounding_follows_the_policy() -> None:
    step = rules.grade(make_question(), ["B"], "partial").step
    even = Display(score_decimals=0, rounding="half_even")
    result = rules.outcome([rules.Graded(Decimal("62.5"), step)], Decimal(100), Decimal(60), even)
    assert result.score == Decimal(62)


def test_R_EXM_1_a_sitting_waiting_for_a_marker_has_no_score_yet() -> None:
    waiting = rules.grade(make_question("short", options=()), ["答"], "partial")
    result = rules.outcome([waiting], Decimal(4), Decimal(60), HALF_UP_2)
    assert (result.score, result.passed, result.final, result.waiting) == (None, None, False, 1)


def test_R_EXM_1_marking_above_the_questions_points_is_refused() -> None:
    assert rules.check_marks(Decimal(5), Decimal(5)) == 5
    with pytest.raises(KefuError, match="0 到本题分值 5 分之间"):
        rules.check_marks(Decimal("5.5"), Decimal(5))
    with pytest.raises(KefuError):
        rules.check_marks(Decimal(-1), Decimal(5))


# ---------------------------------------------------------------- results feeding on


def test_R_EXM_1_the_lowest_of_a_months_exams_is_taken_and_ties_are_irrelevant() -> None:
    scores = [
        rules.ExamScore(3, date(2026, 11, 5), Decimal(70)),
        rules.ExamScore(4, date(2026, 11, 9), Decimal(70)),
        rules.ExamScore(5, date(2026, 11, 20), Decimal(88)),
    ]
    low = rules.lowest_of_month(scores)
    assert low is not None and low.score == 70
    assert rules.lowest_of_month([]) is None


def test_R_EXM_1_the_lower_of_imported_and_exam_scores_is_taken_and_named() -> None:
    exam = rules.ExamScore(7, date(2026, 11, 20), Decimal(72))
    assert rules.merged_min_exam(None, None) == (None, None)
    value, step = rules.merged_min_exam(None, exam)
    assert value == 72 and step is not None and "取自本系统的月度考试 #7" in render(step)
    value, step = rules.merged_min_exam(Decimal(80), exam)
    assert value == 72 and step is not None and "低于导入值 80.00" in render(step)
    value, step = rules.merged_min_exam(Decimal(65), exam)
    assert value == 65 and step is not None and "取导入值 65.00" in render(step)


# ---------------------------------------------------------------- a question as written


def make_in(**overrides: object) -> QuestionIn:
    values: dict[str, object] = {
        "topic": "服务用语",
        "kind": "single",
        "exam_kind": "written",
        "difficulty": 2,
        "stem": "标准问候语是?",
        "options": ("您好", "喂"),
        "key": ("A",),
        "reference": None,
        "points": Decimal(2),
    }
    values.update(overrides)
    return QuestionIn(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"topic": " "}, "topic"),
        ({"kind": "quiz"}, "kind"),
        ({"difficulty": 6}, "difficulty"),
        ({"points": Decimal(0)}, "points"),
        ({"options": ("只有一个",)}, "options"),
        ({"key": ("C",)}, "key"),
        ({"key": ("A", "B")}, "key"),
        ({"kind": "multiple", "key": ("A",)}, "key"),
        ({"kind": "fill", "options": (), "key": ()}, "key"),
        ({"kind": "short", "options": (), "key": ("x",)}, "key"),
        ({"kind": "fill", "key": ("x",)}, "options"),
    ],
)
def test_a_question_that_cannot_be_graded_is_refused(
    overrides: dict[str, object], field: str
) -> None:
    assert field in {f for f, _ in rules.question_problems(make_in(**overrides))}


def test_a_well_formed_question_has_no_problem() -> None:
    assert rules.question_problems(make_in()) == []
    assert rules.cleaned(make_in(key=("a",))).key == ("A",)
