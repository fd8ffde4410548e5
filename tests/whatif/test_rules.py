"""Drafts and comparisons of what-if (假设测算), with no database."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from typing import Any

import pytest

from kefu.bonuses.awards import AwardWin
from kefu.bonuses.monthly import MonthlyOutcome, compute_month
from kefu.errors import PolicyInvalid
from kefu.policy.loader import LoadedPolicy, parse_policy
from kefu.whatif.rules import (
    DraftInvalid,
    apply_edits,
    compare,
    editable_fields,
    parse_draft,
    unreflected_sections,
)
from tests.bonuses import demo_policy, make_pool

MONTH = "2026-03"


def demo_text() -> str:
    return demo_policy().text


def loaded(text: str) -> LoadedPolicy:
    policy, problems = parse_policy(text, "test")
    assert problems == []
    return policy


def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """A policy model's values by dotted path."""
    if isinstance(value, list):
        value = dict(enumerate(value))
    if not isinstance(value, dict):
        return {prefix: value}
    out: dict[str, Any] = {}
    for key, item in value.items():
        out |= flat(item, f"{prefix}.{key}" if prefix else str(key))
    return out


def changed_paths(before: LoadedPolicy, after: LoadedPolicy) -> dict[str, tuple[Any, Any]]:
    """Every value that differs between two policies: path → (before, after)."""
    a, b = flat(before.model.model_dump()), flat(after.model.model_dump())
    return {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


def refusal(edits: dict[str, str]) -> DraftInvalid:
    with pytest.raises(DraftInvalid) as caught:
        apply_edits(demo_text(), edits)
    return caught.value


# --- apply_edits ---------------------------------------------------------------------------


def test_an_edit_changes_exactly_that_number_and_marks_the_version_as_a_draft() -> None:
    old = demo_policy().model.monthly_bonus
    assert old is not None
    new_amount = old.bands[1].amount + 50
    draft = loaded(apply_edits(demo_text(), {"monthly_bonus.bands.1.amount": str(new_amount)}))
    assert changed_paths(demo_policy(), draft) == {
        "monthly_bonus.bands.1.amount": (old.bands[1].amount, new_amount),
        "version": (demo_policy().model.version, demo_policy().model.version + "-draft"),
    }
    assert draft.sha256 != demo_policy().sha256


def test_an_edit_keeps_the_comments_and_every_other_line_of_the_file() -> None:
    text = demo_text()
    draft = apply_edits(text, {"leader_qa_bonus.place_amounts.0": "450"})
    different = [
        (a, b) for a, b in zip(text.splitlines(), draft.splitlines(), strict=True) if a != b
    ]
    assert [b for _, b in different] == [
        'version: "2026-01-draft"',
        "  place_amounts: [450, 300, 100]",
    ]
    assert "# 演示政策" in draft


def test_decimal_values_stay_exact() -> None:
    draft = loaded(
        apply_edits(
            demo_text(),
            {
                "monthly_bonus.weights.call_quality": "0.35",
                "monthly_bonus.weights.work_ability": "0.35",
            },
        )
    )
    assert draft.model.monthly_bonus is not None
    weights = draft.model.monthly_bonus.weights
    assert weights["call_quality"] == Decimal("0.35") and str(weights["call_quality"]) == "0.35"
    assert sum(weights.values()) == 1


def test_a_path_may_name_list_items_with_brackets() -> None:
    dotted = apply_edits(demo_text(), {"monthly_bonus.bands.0.amount": "550"})
    bracketed = apply_edits(demo_text(), {"monthly_bonus.bands[0].amount": "550"})
    assert dotted == bracketed


def test_an_unknown_path_is_refused_naming_the_path() -> None:
    err = refusal({"monthly_bonus.weights.speed": "0.1", "monthly_bonus.bands.9.amount": "1"})
    assert len(err.problems) == 2
    assert "monthly_bonus.weights.speed" in err.problems[0] and "没有这一项" in err.problems[0]
    assert "monthly_bonus.bands.9.amount" in err.problems[1]
    assert "monthly_bonus.weights.speed" in err.message


def test_a_number_outside_the_sections_a_month_reads_is_refused() -> None:
    # the star wage is frozen with the month's inputs: a draft of it would show no change
    err = refusal({"stars.bands.0.amount": "600"})
    assert "stars.bands.0.amount" in err.problems[0] and "monthly_bonus" in err.problems[0]


@pytest.mark.parametrize("value", ["abc", "1,000", "NaN", "Infinity", "五百"])
def test_a_value_that_is_not_a_number_is_refused_naming_path_and_value(value: str) -> None:
    err = refusal({"monthly_bonus.bands.0.amount": value})
    assert err.problems == [f"monthly_bonus.bands.0.amount：「{value}」不是数字"]


def test_a_setting_that_is_not_a_number_cannot_be_edited() -> None:
    err = refusal({"monthly_bonus.tie_breaker": "1"})
    assert "monthly_bonus.tie_breaker" in err.problems[0] and "不是数值" in err.problems[0]


def test_weights_that_no_longer_sum_to_1_are_refused_by_lint_with_the_problem_listed() -> None:
    err = refusal({"monthly_bonus.weights.call_quality": "0.40"})
    assert isinstance(err, PolicyInvalid)
    assert err.problems == ["monthly_bonus.weights: 权重之和为 1.10，应为 1"]
    assert err.http_status == 422


def test_an_empty_value_is_null_where_the_schema_allows_it_and_refused_elsewhere() -> None:
    # the C band loses its quota; the D band (no quota) is below it, so the quotas stay ordered
    draft = loaded(apply_edits(demo_text(), {"monthly_bonus.bands.2.rank_share_at_most": ""}))
    assert draft.model.monthly_bonus is not None
    assert draft.model.monthly_bonus.bands[2].rank_share_at_most is None
    err = refusal({"monthly_bonus.bands.1.amount": ""})
    assert any(p.startswith("monthly_bonus.bands[1].amount") for p in err.problems)


def test_moving_a_tier_floor_moves_the_top_of_the_band_below_with_it() -> None:
    draft = loaded(apply_edits(demo_text(), {"monthly_bonus.bands.0.score_from": "88"}))
    assert draft.model.monthly_bonus is not None
    bands = draft.model.monthly_bonus.bands
    assert bands[0].score_from == bands[1].score_below == 88


def test_a_score_below_given_with_the_floor_is_kept_as_given() -> None:
    err = refusal(
        {"monthly_bonus.bands.1.score_from": "82", "monthly_bonus.bands.2.score_below": "81"}
    )
    assert any("monthly_bonus.bands[2]" in p and "空档" in p for p in err.problems)


def test_a_draft_that_fails_to_parse_is_a_draft_problem() -> None:
    with pytest.raises(DraftInvalid) as caught:
        parse_draft(demo_text().replace("display:\n", "colour: blue\ndisplay:\n"))
    assert any("colour" in p for p in caught.value.problems)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1e999999", "数值过大"),
        ("-1e999999", "数值过大"),
        ("1e-999999", "数字过长"),
        ("0." + "1" * 31, "数字过长"),
    ],
)
def test_a_value_too_large_or_too_long_for_a_policy_is_refused_quickly_naming_the_path(
    value: str, reason: str
) -> None:
    started = time.perf_counter()
    err = refusal({"monthly_bonus.weights.call_quality": value})
    # a correctness bound: 1e999999 used to be written out as a million digits
    assert time.perf_counter() - started < 2.0

    (problem,) = err.problems
    assert problem.startswith(f"monthly_bonus.weights.call_quality：「{value}」")
    assert reason in problem


def test_a_long_value_is_quoted_cut_in_its_problem() -> None:
    err = refusal({"monthly_bonus.bands.0.amount": "9" * 100_000})

    (problem,) = err.problems
    assert problem.startswith("monthly_bonus.bands.0.amount：「" + "9" * 40 + "…」")
    assert len(problem) < 200


def test_a_base_text_nested_too_deep_is_a_draft_problem_not_a_recursion_error() -> None:
    with pytest.raises(DraftInvalid):
        apply_edits("a: " + "[" * 3000 + "]" * 3000, {"monthly_bonus.bands.0.amount": "1"})


def test_a_draft_using_an_alias_is_a_draft_problem() -> None:
    text = demo_text().replace("pool_scope: center", "pool_scope: &scope center", 1)

    with pytest.raises(DraftInvalid) as caught:
        apply_edits(text, {"monthly_bonus.bands.0.amount": "600"})

    assert caught.value.problems[0].endswith("政策文件不能使用 YAML 锚点或别名 (& / *)")


# --- editable_fields ------------------------------------------------------------------------


def test_editable_fields_list_weights_floors_quotas_and_amounts_with_their_values() -> None:
    fields = editable_fields(demo_policy())
    mb = demo_policy().model.monthly_bonus
    assert mb is not None
    by_path = {f.path: f for f in fields}
    assert {f.kind for f in fields} == {"weight", "floor", "quota", "amount"}
    for i, band in enumerate(mb.bands):
        assert Decimal(by_path[f"monthly_bonus.bands.{i}.amount"].value) == band.amount
    # the lowest band starts at 0 by the tiling rule: no floor to edit there
    assert f"monthly_bonus.bands.{len(mb.bands) - 1}.score_from" not in by_path
    assert by_path["monthly_bonus.weights.call_quality"].label("zh") == "月度奖金权重：通话评估成绩"
    assert by_path["leader_qa_bonus.place_amounts.0"].label("en").startswith("Leader/QA")


def test_every_editable_field_can_be_set_to_its_own_value() -> None:
    fields = editable_fields(demo_policy())
    draft = loaded(apply_edits(demo_text(), {f.path: f.value for f in fields}))
    assert set(changed_paths(demo_policy(), draft)) == {"version"}


# --- compare --------------------------------------------------------------------------------


def make_outcome(
    no: str,
    bonus: int,
    tier: str | None = None,
    awards: int = 0,
    star_wage: int = 0,
) -> MonthlyOutcome:
    """An agent's outcome with the given amounts (an award named 全勤奖 when ``awards``)."""
    out = MonthlyOutcome(no, f"员工{no}", "csr", "csr", "客服一部", tier=tier, bonus=Decimal(bonus))
    if awards:
        out.awards.append(AwardWin("full_attendance", "全勤奖", "Full attendance", Decimal(awards)))
    out.star_wage = Decimal(star_wage)
    return out


def test_compare_counts_gainers_losers_and_unchanged_by_total_pay() -> None:
    old = [make_outcome("1", 300, "C"), make_outcome("2", 200, "D"), make_outcome("3", 100, "E")]
    new = [make_outcome("1", 400, "B"), make_outcome("2", 200, "D"), make_outcome("3", 0, "F")]
    result = compare(old, new)
    assert (result.gainers, result.losers, result.unchanged) == (1, 1, 1)
    assert [p.employee_no for p in result.changed] == ["3", "1"]


def test_compare_totals_the_bonus_and_the_whole_cost_of_both_sides() -> None:
    old = [make_outcome("1", 300, "C", awards=100, star_wage=200), make_outcome("2", 200, "D")]
    new = [make_outcome("1", 400, "B", awards=100, star_wage=200), make_outcome("2", 100, "E")]
    result = compare(old, new)
    assert result.old_bonus == sum(o.bonus for o in old)
    assert result.new_bonus == sum(o.bonus for o in new)
    assert result.old_cost == sum(o.total for o in old)
    assert result.new_cost == sum(o.total for o in new)
    assert result.bonus_delta == result.new_bonus - result.old_bonus
    assert result.cost_delta == sum(p.delta for p in result.people)


def test_people_run_from_the_largest_loss_to_the_largest_gain_then_by_employee_number() -> None:
    old = [make_outcome(no, 200, "D") for no in ("4", "3", "2", "1")]
    new = [
        make_outcome("4", 300, "C"),
        make_outcome("3", 100, "E"),
        make_outcome("2", 300, "C"),
        make_outcome("1", 200, "D"),
    ]
    people = compare(old, new).people
    assert [p.employee_no for p in people] == ["3", "1", "2", "4"]
    assert [p.delta for p in people] == sorted(p.delta for p in people)


def test_losing_an_award_with_the_same_bonus_is_a_loss() -> None:
    result = compare([make_outcome("1", 200, "D", awards=100)], [make_outcome("1", 200, "D")])
    (person,) = result.people
    assert person.delta == -100 and person.changed and result.losers == 1


def test_compare_refuses_runs_of_different_people() -> None:
    with pytest.raises(ValueError, match="same people"):
        compare([make_outcome("1", 100)], [make_outcome("2", 100)])
    with pytest.raises(ValueError, match="same people"):
        compare([make_outcome("1", 100)], [make_outcome("1", 100), make_outcome("2", 0)])


def test_a_draft_run_on_the_same_people_raises_exactly_the_top_band_by_the_added_amount() -> None:
    people = make_pool([96 - 2 * i for i in range(20)])
    mb = demo_policy().model.monthly_bonus
    assert mb is not None
    draft = parse_draft(
        apply_edits(demo_text(), {"monthly_bonus.bands.0.amount": str(mb.bands[0].amount + 100)})
    )
    old = compute_month(demo_policy(), MONTH, people)
    result = compare(old, compute_month(draft, MONTH, people))
    top = {o.employee_no for o in old if o.tier == mb.bands[0].label}
    assert top
    assert {p.employee_no: p.delta for p in result.people} == {
        o.employee_no: Decimal(100 if o.employee_no in top else 0) for o in old
    }
    assert result.bonus_delta == 100 * len(top) and result.gainers == len(top)


def test_as_dict_is_json_with_money_as_exact_decimal_text() -> None:
    result = compare(
        [make_outcome("1", 300, "C"), make_outcome("2", 200, "D")],
        [make_outcome("1", 350, "C"), make_outcome("2", 100, "E")],
        teams={"1": "一组", "2": None},
    )
    data = json.loads(json.dumps(result.as_dict(), ensure_ascii=False))
    assert data["totals"]["bonus"] == {"old": "500", "new": "450", "delta": "-50"}
    assert data["counts"] == {"gainers": 1, "losers": 1, "unchanged": 0}
    first = data["people"][0]
    assert (first["employee_no"], first["delta"], first["team"]) == ("2", "-100", None)
    assert (first["old"]["tier"], first["new"]["tier"]) == ("D", "E")
    assert data["people"][1]["team"] == "一组"


def test_a_draft_changing_what_a_month_does_not_read_is_flagged() -> None:
    draft = parse_draft(
        demo_text().replace("amount: 500}\n    - {label: 四星", "amount: 600}\n    - {label: 四星")
    )
    assert unreflected_sections(demo_policy(), draft) == ("stars",)
    assert unreflected_sections(demo_policy(), parse_draft(apply_edits(demo_text(), {}))) == ()
