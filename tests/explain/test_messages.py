"""Every trace step renders in Chinese and English, starting with its rule ID (R-EXP-1)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

import kefu
from kefu.bonuses.monthly import StarWageDue, compute_month
from kefu.bonuses.stars import PersonQuarter, compute_quarter
from kefu.explain.messages import CATALOG, render
from kefu.explain.trace import Step, num, score_text
from tests.bonuses import (
    demo_policy,
    demo_variant,
    make_attendance,
    make_evidence,
    make_facts,
    make_person,
)

SRC = Path(kefu.__file__).parent
# Step(rule, "code", …) with the rule as a name or a literal, over one or more lines
STEP_CODE = re.compile(r'Step\(\s*(?:"[^"]*"|[\w.]+)\s*,\s*"([a-z_]+\.[a-z_]+)"')


def emitted_codes() -> set[str]:
    """Every message code written in a Step(...) anywhere in the package."""
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        codes |= set(STEP_CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_R_EXP_1_the_code_collector_finds_the_rule_modules_codes():
    codes = emitted_codes()
    assert {
        "score.weighted",
        "band.outside_quota",
        "excl.notice_sick",
        "place.paid",
        "award.won",
        "star.mean",
        "rank.placed",
    } <= codes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_R_EXP_1_every_emitted_step_code_has_a_template(lang):
    missing = sorted(emitted_codes() - set(CATALOG[lang]))
    assert missing == []


def test_R_EXP_1_chinese_and_english_catalogs_cover_the_same_codes():
    assert set(CATALOG["zh"]) == set(CATALOG["en"])


# A varied month: every path the rules can take ------------------------------------------------


def varied_month() -> list[Step]:
    policy = demo_variant(
        (
            "team_leader_work_ability_from_team_mean: false",
            "team_leader_work_ability_from_team_mean: true",
        )
    )
    good = make_evidence(min_monitoring_score=80, min_exam_score=75)
    people = [
        make_person("K01", 90, 95, team="一组", previous_rank=4, evidence=good, clean_streak=3),
        make_person("K02", 90, 95, team="一组", previous_rank=5, evidence=good),
        make_person(
            "K03",
            90,
            90,
            team="一组",
            previous_rank=9,
            evidence=make_evidence(min_monitoring_score=60, min_exam_score=90),
        ),
        make_person("K04", 84, team="二组", previous_rank=9),
        make_person("K05", 80, evidence=make_evidence(commendations=1)),
        make_person("K06", 76, attendance=make_attendance(shift_swap_count=3)),
        make_person("K07", 72, attendance=make_attendance(late_count=1)),
        make_person("K08", 65, star_wage=StarWageDue("2026Q1", 3, Decimal(300))),
        make_person("K09", 55),
        make_person("K10", 95, facts=make_facts(probation=True)),
        make_person("K11", 95, facts=make_facts(dismissed_for_performance=True)),
        make_person("K12", 95, attendance=make_attendance(absence_days=3)),
        make_person(
            "K13",
            95,
            facts=make_facts(notice_period=True),
            attendance=make_attendance(unapproved_absence_days=1, sick_leave_days=3),
        ),
        make_person("K14", 95, attendance=None),
        make_person(
            "K15",
            95,
            facts=make_facts(standby=True),
            star_wage=StarWageDue("2026Q1", 5, Decimal(500)),
        ),
        make_person(
            "K16",
            components={"call_quality": None, "work_ability": Decimal(80), "overall_conduct": None},
        ),
        replace(
            make_person("K17", 70),
            star_note=Step("R-STAR-1", "star.quarter_open", {"quarter": "2026Q1"}, reason=True),
        ),
        replace(
            make_person("K18", 70),
            star_note=Step("R-STAR-1", "star.none", {"quarter": "2026Q1"}, reason=True),
        ),
        make_person("L1", 90, role="team_leader", team="一组"),
        make_person("L2", 90, role="team_leader", team="无人组"),
        make_person("Q1", 60, role="qa"),
        make_person("Q2", 99, role="qa", facts=make_facts(probation=True)),
        make_person("Q3", 70, role="qa"),
        make_person("Q4", 65, role="qa"),
        make_person("Q5", 64, role="qa"),
    ]
    steps = [s for o in compute_month(policy, "2026-04", people) for s in o.trace]
    quarter = [
        PersonQuarter(
            f"S{i}",
            f"员工S{i}",
            "客服一部",
            (
                ("2026-01", Decimal(s), Decimal(80)),
                ("2026-02", Decimal(s), Decimal(80)),
                ("2026-03", Decimal(s), Decimal(80)),
            ),
            True,
            True,
        )
        for i, s in enumerate([90, 90, 80, 70, 60, 50])
    ]
    quarter += [
        PersonQuarter(
            "S9",
            "新人",
            "客服一部",
            (
                ("2026-01", None, None),
                ("2026-02", Decimal(80), Decimal(80)),
                ("2026-03", Decimal(80), Decimal(80)),
            ),
            False,
            False,
        ),
    ]
    steps += [s for o in compute_quarter(demo_policy(), quarter) for s in o.trace]
    steps.append(Step("R-BON-3", "band.none", {"score": "59.00"}, reason=True))
    steps.append(Step("R-LQA-1", "lqa.no_policy", reason=True))
    return steps


def test_R_EXP_1_the_varied_month_reaches_almost_every_code():
    reached = {s.code for s in varied_month()}
    assert emitted_codes() - reached <= {"award.no_attendance"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_R_EXP_1_every_step_of_a_varied_month_renders_from_a_template(lang):
    for step in varied_month():
        assert step.code in CATALOG[lang], step.code
        line = render(step, lang)  # type: ignore[arg-type]
        assert line.startswith(f"{step.rule}: "), line
        assert f"{step.code} {{" not in line
        assert "None" not in line, line


def test_R_EXP_1_render_falls_back_to_the_code_and_args_for_an_unknown_code():
    assert render(Step("R-X-1", "no.such_code", {"a": 1})) == "R-X-1: no.such_code {'a': 1}"


def test_R_EXP_1_render_defaults_to_chinese():
    step = Step("R-BON-4", "excl.probation", reason=True)
    assert (
        render(step)
        == render(step, "zh")
        == "R-BON-4: 培训试用期内的员工，不享有当月奖金，不占名额"
    )
    assert render(step, "en").startswith("R-BON-4: On probation")


# Specific lines a manager reads ---------------------------------------------------------------


def test_R_BON_1_the_score_line_gives_weights_components_and_the_exact_score():
    step = Step(
        "R-BON-1",
        "score.weighted",
        {
            "parts": [
                "call_quality=0.3×84.99",
                "work_ability=0.4×85.01",
                "overall_conduct=0.3×84.98",
            ],
            "score": "84.995",
        },
    )
    assert render(step) == (
        "R-BON-1: 当月得分 = 30%×通话评估成绩 84.99 + 40%×工作评估成绩 85.01 + "
        "30%×综合工作表现 84.98 = 84.995 (精确值，仅显示时四舍五入)"
    )


def test_R_BON_3_the_quota_line_says_inclusive_and_gives_the_limit_rank():
    step = Step(
        "R-BON-3",
        "band.chosen_quota",
        {
            "band": "B",
            "floor": "80.00",
            "amount": "400",
            "score": "90.00",
            "rank": 2,
            "pool": 10,
            "share": "20",
            "limit": 2,
        },
        reason=True,
    )
    assert render(step) == (
        "R-BON-3: 得分 90.00 ≥ 80.00，且名次 2/10 在前 20% 内(含，上限第 2 名): B 档，奖金 400 元"
    )
    assert render(step, "en") == (
        "R-BON-3: Score 90.00 ≥ 80.00 and rank 2/10 within the top 20% (inclusive, limit rank 2): "
        "tier B, bonus 400 yuan"
    )


def test_R_BON_2_a_shared_rank_names_the_people_it_is_shared_with():
    step = Step(
        "R-BON-2",
        "rank.placed",
        {
            "rank": 2,
            "pool": 4,
            "scope": "center",
            "same_score": 2,
            "tie_breaker": "overall_conduct",
            "tied_with": ["K03 李娜"],
            "tied_count": 1,
        },
    )
    assert render(step) == (
        "R-BON-2: 在全中心排名池 4 人中排第 2 名；与 K03 李娜 得分及综合工作表现均相同，并列第 2 名"
    )


def test_R_BON_2_a_tie_on_score_alone_says_the_tie_breaker_separated_it():
    step = Step(
        "R-BON-2",
        "rank.placed",
        {
            "rank": 1,
            "pool": 4,
            "scope": "center",
            "same_score": 2,
            "tie_breaker": "overall_conduct",
            "tied_with": [],
            "tied_count": 0,
        },
    )
    assert render(step).endswith("；另有 1 人得分相同，按第二条件综合工作表现再排名")
    assert render(step, "en").endswith(
        "; 1 other(s) had the same score, separated by overall conduct"
    )


def test_R_LQA_2_the_strict_floor_line_says_not_above():
    step = Step("R-LQA-2", "place.not_above", {"score": "60.00", "floor": "60.00"}, reason=True)
    assert render(step) == "R-LQA-2: 总分 60.00 未超过 60.00 分，无名次奖金"


def test_R_EXP_1_award_lines_use_the_theme_name_of_the_language():
    out = compute_month(demo_policy(), "2026-03", [make_person("K01", 90)])[0]
    won = next(s for s in out.trace if s.code == "award.won")
    assert render(won) == "R-AWD-1: 获得全勤奖 100 元"
    assert render(won, "en") == "R-AWD-1: Won Full attendance, 100 yuan"


# The trace's number formatting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("85"), "85.00"),
        (Decimal("84.995"), "84.995"),
        (Decimal("90.000"), "90.00"),
        (Decimal("1E+2"), "100.00"),
        (None, None),
    ],
)
def test_R_BON_1_score_text_is_exact_with_at_least_two_decimals(value, text):
    assert score_text(value) == text


def test_R_EXP_1_num_writes_decimals_without_exponent_or_trailing_zeros():
    assert num(Decimal("500")) == "500"
    assert num(Decimal("0.10")) == "0.1"
    assert num(3) == "3"
    assert num(None) is None


def test_R_EXP_1_steps_survive_a_round_trip_through_plain_data():
    step = Step("R-BON-3", "band.none", {"score": "59.00", "list": ["a"]}, reason=True)
    assert Step.from_dict(step.as_dict()) == step
