"""The pure rules of conduct points (R-DIS-1): the catalogue, points in range, who is charged,
the month's total and how it reaches 综合工作表现."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kefu.conduct import rules
from kefu.conduct.messages import EN, ZH
from kefu.conduct.rules import ConductItem, PointsOutOfRange
from kefu.errors import KefuError
from kefu.explain.messages import render
from kefu.policy.loader import load_policy
from kefu.policy.schema import Conduct, ConductRule, OverallConductMapping


def make_rule(
    code: str = "bad-language", low: int = 5, high: int = 20, each: bool = False
) -> ConductRule:
    return ConductRule(
        code=code,
        name="用词不当",
        name_en="bad language",
        min_points=low,
        max_points=high,
        each_person=each,
    )


def make_mapping(
    mode: str = "deduct", base: str = "100", per: str = "1", floor: str = "0"
) -> OverallConductMapping:
    return OverallConductMapping(
        mode=mode,  # type: ignore[arg-type]
        base=Decimal(base),
        score_per_point=Decimal(per),
        floor=Decimal(floor),
    )


def make_conduct(*rules_: ConductRule) -> Conduct:
    return Conduct(rules=list(rules_ or [make_rule()]), overall_conduct=make_mapping())


def test_R_DIS_1_the_presets_catalogues_are_sound() -> None:
    for name in ("demo", "seed-000"):
        section = load_policy(name).model.conduct
        assert section is not None
        assert rules.check_catalogue(section) == []


def test_R_DIS_1_an_empty_range_and_a_repeated_code_are_problems() -> None:
    problems = rules.check_catalogue(
        make_conduct(make_rule(low=30, high=10), make_rule(code="x"), make_rule(code="x"))
    )
    assert len(problems) == 2
    assert "min_points 30" in problems[0]
    assert "x 重复" in problems[1]


def test_R_DIS_1_an_unknown_rule_is_refused_naming_the_codes() -> None:
    with pytest.raises(KefuError, match=r"没有「nope」.*bad-language"):
        rules.find_rule(make_conduct(), "nope")


@pytest.mark.parametrize("points", [5, 12, 20])
def test_R_DIS_1_points_within_the_range_are_taken(points: int) -> None:
    step = rules.check_points("bad-language", 5, 20, points)
    assert step.args["points"] == points
    assert "扣分标准为 5–20 分" in render(step)


@pytest.mark.parametrize("points", [0, 4, 21, 100])
def test_R_DIS_1_points_outside_the_range_are_refused_naming_it(points: int) -> None:
    with pytest.raises(PointsOutOfRange, match="扣 5–20 分"):
        rules.check_points("bad-language", 5, 20, points)


def test_R_DIS_1_a_fixed_deduction_takes_only_its_points() -> None:
    rules.check_points("left-post", 20, 20, 20)
    with pytest.raises(PointsOutOfRange, match="扣 20 分，不能扣 19 分"):
        rules.check_points("left-post", 20, 20, 19)


def test_R_DIS_1_an_each_person_rule_charges_everyone_the_full_points() -> None:
    step = rules.check_people(make_rule(each=True), ["1001", "1002"])
    assert step.code == "conduct.each_person"
    assert "1001、1002 各扣全额" in render(step)


def test_R_DIS_1_other_rules_charge_one_person() -> None:
    assert rules.check_people(make_rule(), ["1001"]).code == "conduct.one_person"
    with pytest.raises(KefuError, match="多人请分别记录"):
        rules.check_people(make_rule(), ["1001", "1002"])


def test_R_DIS_1_nobody_or_a_person_twice_is_refused() -> None:
    with pytest.raises(KefuError, match="请填写被扣分人员的工号"):
        rules.check_people(make_rule(each=True), [])
    with pytest.raises(KefuError, match="1001 重复"):
        rules.check_people(make_rule(each=True), ["1001", "1001"])


def test_R_PUB_1_a_reduction_lies_below_the_points_and_within_the_range() -> None:
    assert rules.check_reduced(5, 15, 10).args == {"recorded": 15, "points": 10}
    with pytest.raises(PointsOutOfRange, match="5–14"):
        rules.check_reduced(5, 15, 15)
    with pytest.raises(PointsOutOfRange, match="5–14"):
        rules.check_reduced(5, 15, 4)
    with pytest.raises(PointsOutOfRange, match="最低分"):
        rules.check_reduced(20, 20, 10)


def test_R_DIS_1_no_events_make_no_points() -> None:
    assert rules.month_points([]) == 0


def test_R_DIS_1_the_month_adds_every_item() -> None:
    day = date(2026, 11, 2)
    items = [ConductItem("chatting", 20, day), ConductItem("untidy-desk", 8, day)]
    assert rules.month_points(items) == 28


def test_R_DIS_1_negative_points_are_refused() -> None:
    with pytest.raises(KefuError):
        rules.month_points([ConductItem("x", -1, date(2026, 11, 2))])
    with pytest.raises(KefuError):
        rules.overall_conduct(None, -1, make_mapping())


def test_R_DIS_1_deduct_takes_points_off_the_imported_value() -> None:
    value, step = rules.overall_conduct(Decimal(88), 25, make_mapping())
    assert value == Decimal(63)
    assert render(step) == "R-DIS-1: 综合工作表现 = 导入值 88 − 扣分 25 × 1 = 63"


def test_R_DIS_1_deduct_without_an_import_starts_from_the_base() -> None:
    value, step = rules.overall_conduct(None, 10, make_mapping(base="90"))
    assert value == Decimal(80)
    assert step.args["source"] == "base"
    assert "基准 90(未导入)" in render(step)


def test_R_DIS_1_replace_ignores_the_imported_value() -> None:
    value, step = rules.overall_conduct(Decimal(70), 10, make_mapping(mode="replace"))
    assert value == Decimal(90)
    assert step.args["source"] == "replace"
    assert "the policy ignores the imported value" in render(step, "en")


def test_R_DIS_1_no_points_leave_the_start_as_it_is() -> None:
    assert rules.overall_conduct(Decimal("77.5"), 0, make_mapping())[0] == Decimal("77.5")
    assert rules.overall_conduct(None, 0, make_mapping(mode="replace"))[0] == Decimal(100)


def test_R_DIS_1_never_below_the_floor_at_0() -> None:
    value, step = rules.overall_conduct(Decimal(30), 45, make_mapping())
    assert value == Decimal(0)
    assert step.args["bound"] == "floor"
    assert "低于下限 0，取 0" in render(step)


def test_R_DIS_1_never_below_a_higher_floor() -> None:
    value, _ = rules.overall_conduct(Decimal(70), 20, make_mapping(per="2", floor="40"))
    assert value == Decimal(40)


def test_R_DIS_1_fractional_points_per_point_stay_exact() -> None:
    value, _ = rules.overall_conduct(Decimal(90), 3, make_mapping(per="0.5"))
    assert value == Decimal("88.5")


@given(
    imported=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
    points=st.integers(min_value=0, max_value=500),
    per=st.decimals(min_value=Decimal("0.01"), max_value=5, places=2),
    floor=st.decimals(min_value=0, max_value=100, places=2),
    mode=st.sampled_from(["deduct", "replace"]),
)
def test_R_DIS_1_the_result_stays_between_the_floor_and_100_and_never_rises(
    imported: Decimal | None, points: int, per: Decimal, floor: Decimal, mode: str
) -> None:
    mapping = make_mapping(mode=mode, per=str(per), floor=str(floor))
    value, step = rules.overall_conduct(imported, points, mapping)
    assert floor <= value <= 100
    start = imported if (mode == "deduct" and imported is not None) else mapping.base
    assert value == max(start - points * per, floor)
    more, _ = rules.overall_conduct(imported, points + 1, mapping)
    assert more <= value
    assert render(step) and render(step, "en")


def test_R_EXP_1_every_conduct_step_has_chinese_and_english_words() -> None:
    assert set(ZH) == set(EN)
