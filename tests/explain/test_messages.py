"""Every trace step renders in Chinese and English, starting with its rule ID (R-EXP-1)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import kefu
from kefu.attendance.ledger import CompTimeUse, Ledger, run_ledger
from kefu.attendance.shifts import worked_hours
from kefu.attendance.summary import CycleAttendance, attendance_for_cycle
from kefu.bonuses import feeds
from kefu.bonuses.monthly import StarWageDue, compute_month
from kefu.bonuses.stars import PersonQuarter, compute_quarter
from kefu.explain.messages import CATALOG, render
from kefu.explain.trace import Step, num, score_text
from kefu.policy.loader import LoadedPolicy
from tests.attendance import (
    NATIONAL_DAY_2026,
    D,
    at,
    demo_cycle,
    demo_hours,
    make_event,
    make_periods,
    make_roster,
    make_shift,
    punches,
    seed_shift,
    shift_types,
)
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


# Step(rule, code, …) with the code in a variable: the module passes its codes around as literals
STEP_VARIABLE_CODE = re.compile(r'Step\(\s*(?:"[^"]*"|[\w.]+)\s*,\s*[a-z_]+\s*[,)]')
CODE_LITERAL = re.compile(r'"([a-z_]+)\.([a-z_]+)"')


def module_codes(path: Path) -> set[str]:
    """The message codes of one module's Step(...) calls.

    A module that builds a step from a code in a variable (the ledger's entries, the explicit
    late/early records) gives its codes as string literals elsewhere: every literal there with
    the prefix of one of the module's own literal codes is taken as a code too.
    """
    text = path.read_text(encoding="utf-8")
    codes = set(STEP_CODE.findall(text))
    if STEP_VARIABLE_CODE.search(text):
        prefixes = {code.partition(".")[0] for code in codes}
        codes |= {f"{p}.{n}" for p, n in CODE_LITERAL.findall(text) if p in prefixes}
    return codes


def emitted_codes() -> set[str]:
    """Every message code written in a Step(...) anywhere in the package."""
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        codes |= module_codes(path)
    # a pay line's step code is built from its line code: Step(rule, f"pay.{code}", …)
    from kefu.pay.rules import LINE_LABELS

    return codes | {f"pay.{code}" for code in LINE_LABELS}


def monthly_close_codes() -> set[str]:
    """The codes of the modules a monthly bonus close runs (kefu/bonuses/*.py)."""
    return {code for path in (SRC / "bonuses").glob("*.py") for code in module_codes(path)}


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
        "shift.part",
        "attendance.totals",
        "ledger.period",
        # given to the ledger's Step(rule, code, …) through a variable
        "ledger.earned",
        "ledger.used",
        "ledger.offset",
        "ledger.expired",
    } <= codes
    assert "attendance.view" not in codes  # a permission name, not a step code


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
        *[
            replace(make_person(f"K2{i}", 80), notes=notes)
            for i, notes in enumerate(monitoring_notes(policy))
        ],
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


def monitoring_notes(policy: LoadedPolicy) -> list[tuple[Step, ...]]:
    """The steps of R-QA-1's feed: enough, too few under each rule, the lowest monitoring score."""
    section = policy.model.monitoring
    assert section is not None and section.min_evaluations == 4
    four = [Decimal(90), Decimal(85), Decimal(80), Decimal(95)]
    out: list[tuple[Step, ...]] = [
        (feeds.call_quality(Decimal(88), four, 1, section)[1],),
        (feeds.call_quality(Decimal(88), four[:1], 0, section)[1],),
        (feeds.call_quality(None, four[:1], 0, section)[1],),
    ]
    for rule in ("aggregate", "missing"):
        other = section.model_copy(update={"below_minimum": rule})
        out.append((feeds.call_quality(None, four[:2], 0, other)[1],))
    for imported in (Decimal(70), None, Decimal(95)):
        step = feeds.lowest_monitoring(imported, four)[1]
        assert step is not None
        out.append((step,))
    return out


def test_R_EXP_1_the_varied_month_reaches_almost_every_code():
    reached = {s.code for s in varied_month()}
    expected = monthly_close_codes()
    assert {"score.weighted", "award.won", "star.mean", "input.attendance"} <= expected
    assert expected - reached <= {"award.no_attendance"}


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


# Attendance, shift hours and the ledgers: steps from running the rules -------------------------

OCTOBER = demo_cycle("2026-10")  # 2026-09-26 .. 2026-10-25
GRACE = 5
COMP_TIME_REF = "换休单-0007"  # a name from the inputs: it may stay Chinese in English lines
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ATTENDANCE_MODULES = ("shifts.py", "summary.py", "ledger.py")


def punch_cycle() -> CycleAttendance:
    """A cycle judged on punches with every kind of day, on the demo shifts R, C and W."""
    d = date
    roster = make_roster(
        (d(2026, 9, 25), "W"),  # started before the cycle: lends it its morning hours
        (d(2026, 9, 26), "R"),
        (d(2026, 9, 27), "R"),
        (d(2026, 9, 28), "C"),
        (d(2026, 9, 29), "C"),
        (d(2026, 9, 30), "R"),
        (d(2026, 10, 1), "W"),  # National Day, into the 2nd
        (d(2026, 10, 3), "C"),
        (d(2026, 10, 4), "C"),
        (d(2026, 10, 5), "C"),
        (d(2026, 10, 6), "C"),
        (d(2026, 10, 7), "C"),
        (d(2026, 10, 8), "C"),
        (d(2026, 10, 9), "C"),
        (d(2026, 10, 10), "C"),
        (d(2026, 10, 25), "W"),  # the cycle's last day: its morning goes to November
    )
    events = [
        make_event(d(2026, 9, 26), "clock_in", at=at(d(2026, 9, 26), "08:33")),  # within grace
        make_event(d(2026, 9, 26), "clock_out", at=at(d(2026, 9, 26), "20:30")),
        *punches(d(2026, 9, 27), "08:47", "20:10"),  # late and early by punch
        # 09-28: rostered, no punch at all
        make_event(d(2026, 9, 29), "clock_in", at=at(d(2026, 9, 29), "09:30")),  # no clock-out
        make_event(d(2026, 9, 30), "personal_leave", days=D("0.5")),
        *punches(d(2026, 9, 30), "14:30", "20:30"),
        *punches(d(2026, 10, 1), "20:30", "08:30", out_next_day=True),
        make_event(d(2026, 10, 3), "sick_leave"),
        make_event(d(2026, 10, 3), "clock_in", at=at(d(2026, 10, 3), "09:30")),
        make_event(d(2026, 10, 4), "absence"),
        make_event(d(2026, 10, 5), "unapproved_absence"),
        make_event(d(2026, 10, 6), "comp_time_leave", approved=True),
        make_event(d(2026, 10, 7), "comp_time_leave"),  # no approval recorded
        make_event(d(2026, 10, 8), "personal_leave", approved=False),
        make_event(d(2026, 10, 9), "late"),  # minutes not recorded
        make_event(d(2026, 10, 9), "early_leave"),
        *punches(d(2026, 10, 9), "09:50", "17:00"),
        make_event(d(2026, 10, 10), "late", minutes=3),  # within the grace
        make_event(d(2026, 10, 10), "early_leave", minutes=20),
        *punches(d(2026, 10, 10), "09:30", "18:00"),
        make_event(d(2026, 10, 11), "clock_in", at=at(d(2026, 10, 11), "09:30")),  # off day
        make_event(d(2026, 10, 12), "personal_leave"),  # off day
        make_event(d(2026, 10, 13), "shift_swap", voluntary=True),
        make_event(d(2026, 10, 14), "shift_swap"),
        make_event(d(2026, 10, 15), "shift_swap", voluntary=False),
        *punches(d(2026, 10, 25), "20:30", "08:30", out_next_day=True),
    ]
    return attendance_for_cycle(roster, events, shift_types(), OCTOBER, NATIONAL_DAY_2026, GRACE)


def exceptions_cycle() -> CycleAttendance:
    """A cycle with no punches: judged on exceptions only."""
    roster = make_roster((date(2026, 10, 12), "C"), (date(2026, 10, 13), "R"))
    events = [make_event(date(2026, 10, 13), "late", minutes=25)]
    return attendance_for_cycle(roster, events, shift_types(), OCTOBER, NATIONAL_DAY_2026, GRACE)


def shift_with_breaks() -> list[Step]:
    """A night shift with a set break, shortened by a late arrival (R-SHF-1)."""
    night = make_shift(night=True, breaks=[("02:00", "02:30")])
    return list(worked_hours(night, date(2026, 9, 30), NATIONAL_DAY_2026, late_minutes=7).steps)


def ledger_run(counted_in_october: Decimal) -> Ledger:
    """Six months of hours and comp time: earned, used, offset, carried, expired (R-HRS-1/2)."""
    hours = demo_hours()
    assert hours.comp_time_expires_months is not None
    periods = make_periods("2026-05", [180, 160, 160, 172, 169, counted_in_october], standard=168)
    uses = [
        CompTimeUse(date(2026, 6, 10), D(3), COMP_TIME_REF),
        CompTimeUse(date(2026, 9, 10), D(2)),  # nothing in the bank
        CompTimeUse(date(2026, 11, 5), D("0.5")),  # after the last period, before as-of
        CompTimeUse(date(2027, 6, 1), D(4), COMP_TIME_REF),  # after as-of
    ]
    return run_ledger(periods, uses, hours.comp_time_expires_months, date(2027, 5, 31))


def a_month_of_r_shifts(cycle: CycleAttendance) -> Decimal:
    """16 R shifts, one of them the late and early one of the punch cycle (exact hours)."""
    shortened = next(d.hours for d in cycle.days if d.day == date(2026, 9, 27))
    assert shortened is not None
    return 15 * seed_shift("R").counted_hours + shortened.counted


def attendance_steps() -> list[Step]:
    cycle = punch_cycle()
    return [
        *cycle.steps,
        *exceptions_cycle().steps,
        *shift_with_breaks(),
        *(s for day in cycle.days if day.hours for s in day.hours.steps),
        *ledger_run(a_month_of_r_shifts(cycle)).steps,
    ]


def input_names(step: Step) -> set[str]:
    """The words a step takes from its inputs: shift codes and comp-time references."""
    return {str(step.args[k]) for k in ("shift", "ref") if step.args.get(k)}


def test_R_EXP_1_running_the_attendance_rules_reaches_every_attendance_code():
    attendance_dir = SRC / "attendance"
    expected = set().union(*(module_codes(attendance_dir / m) for m in ATTENDANCE_MODULES))
    assert len(expected) == 36
    assert {s.code for s in attendance_steps()} == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_R_EXP_1_every_attendance_step_renders_from_a_template(lang):
    for step in attendance_steps():
        assert step.code in CATALOG[lang], step.code
        line = render(step, lang)
        assert line.startswith(f"{step.rule}: "), line
        assert f"{step.code} {{" not in line, line
        assert "None" not in line, line
        assert "{'" not in line, line


def test_R_EXP_1_english_attendance_lines_have_no_chinese_but_the_input_names():
    for step in attendance_steps():
        line = render(step, "en")
        for name in input_names(step):
            line = line.replace(name, "")
        assert not CJK.search(line), line


def test_R_EXP_1_chinese_attendance_lines_are_in_chinese():
    for step in attendance_steps():
        assert CJK.search(render(step, "zh")), step.code


def test_R_EXP_1_long_exact_hours_are_shortened_for_reading():
    steps = punch_cycle().steps
    late = next(s for s in steps if s.code == "attendance.worked" and s.args["day"] == "2026-09-27")
    assert len(str(late.args["counted"]).partition(".")[2]) > 4  # exact in the trace
    assert render(late) == "R-HRS-1: 2026-09-27 班次 R: 出勤，计算工时 10.4347… 小时"
    assert render(late, "en") == "R-HRS-1: 2026-09-27, shift R: worked, 10.4347… h counted"


def test_R_AWD_2_late_lines_say_the_punch_the_grace_and_a_missing_minute_count():
    steps = {(s.code, s.args["day"]): s for s in punch_cycle().steps if "day" in s.args}
    by_punch = steps["attendance.late", "2026-09-27"]
    assert render(by_punch) == (
        "R-AWD-2: 2026-09-27 班次 R: 迟到 17 分钟 (上班打卡 2026-09-27 08:47:00，宽限 5 分钟)"
    )
    assert render(by_punch, "en") == (
        "R-AWD-2: 2026-09-27, shift R: late by 17 min (clock-in 2026-09-27 08:47:00, grace 5 min)"
    )
    unknown = steps["attendance.late", "2026-10-09"]
    assert unknown.args["minutes"] is None
    assert render(unknown) == (
        "R-AWD-2: 2026-10-09 班次 C: 迟到，未记分钟数 (考勤记录，宽限 5 分钟)"
    )
    early = steps["attendance.early_leave", "2026-10-09"]
    assert "minutes not recorded" in render(early, "en")
    grace = steps["attendance.within_grace", "2026-09-26"]
    assert render(grace) == (
        "R-AWD-2: 2026-09-26 班次 R: 晚到 3 分钟 (上班打卡 2026-09-26 08:33:00)，"
        "未超过宽限 5 分钟，不算迟到，不扣工时"
    )


def test_R_HRS_2_ledger_lines_name_the_lot_and_the_reference_when_there_is_one():
    steps = ledger_run(a_month_of_r_shifts(punch_cycle())).steps
    used = [s for s in steps if s.code == "ledger.used"]
    assert render(used[0]) == (
        "R-HRS-2: 2026-06-10 换休 3 小时 (使用 2026-05-31 的换休批次，2026-11-30 到期，"
        f"单据 {COMP_TIME_REF})；换休余额 9 小时"
    )
    assert used[1].args["ref"] is None
    assert render(used[1], "en") == (
        "R-HRS-2: 2026-11-05: 0.5 h comp time used (lot of 2026-09-30, expires 2027-03-30); "
        "balance 7.9347… h"
    )
    earned = [s for s in steps if s.code == "ledger.earned"]
    assert render(earned[-1], "en") == (
        "R-HRS-1: 2026-10: 7.4347… h above the required hours become comp time: "
        "lot of 2026-10-31, expires 2027-04-30; balance 8.4347… h"
    )
    unfunded = next(s for s in steps if s.code == "ledger.use_unfunded")
    assert render(unfunded) == (
        "R-HRS-2: 2026-09-10 换休 2 小时，已无换休余额，2 小时无换休可用，不计工时"
    )
    period = next(s for s in steps if s.code == "ledger.period" and s.args["carried_in"] != "0")
    assert render(period) == (
        "R-HRS-1: 2026-08: 应达工时 = 标准工时 168 + 上期未补满 4 = 172 小时；"
        "计算工时 172 − 应达 172 = 0 小时"
    )


def test_R_EXP_1_attendance_templates_survive_missing_optional_args():
    for code in (
        "attendance.late",
        "attendance.early_leave",
        "attendance.leave_unapproved",
        "attendance.shift_swap_not_counted",
        "ledger.used",
        "ledger.use_unfunded",
        "ledger.use_after_as_of",
    ):
        args = {
            "day": "2026-10-09",
            "shift": "C",
            "kind": "comp_time_leave",
            "days": "1",
            "on": "2026-10-09",
            "hours": "2",
            "earned_on": "2026-05-31",
            "expires_on": "2026-11-30",
            "balance": "0",
            "asked": "2",
            "funded": "0",
            "unfunded": "2",
            "as_of": "2026-10-31",
        }
        for lang in ("zh", "en"):
            line = render(Step("R-X-1", code, dict(args)), lang)  # type: ignore[arg-type]
            assert "None" not in line and f"{code} {{" not in line, line


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
