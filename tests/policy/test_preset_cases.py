"""Run the YAML cases shipped next to the presets (src/kefu/policy/presets/cases/*.yaml).

A case file is a list of cases. Each case:

    name: a sentence saying what the case shows
    policy: a preset name (demo, seed-003 …)
    month: YYYY-MM
    people:                               # one mapping per person
      - employee_no: "K001"
        name: 王芳
        role: csr | qa | team_leader
        department: 客服一部
        team: 一组                         # optional
        components: {call_quality: 90, work_ability: 90, overall_conduct: 90}
                                          # a missing or null component is missing
        status: [probation, dismissed_for_performance, notice_period, standby]  # optional
        attendance: {absence_days: 3, …}  # optional: omitted = a clean cycle, null = no summary
        evidence: {commendations: 1, …}   # optional award evidence
        previous_rank: 4                  # optional, last month's rank
        clean_streak: 3                   # optional, error-free months ending this month
        star_wage: {quarter: 2026Q1, stars: 4, amount: 400}  # optional, due this month
    expect:                               # per employee_no, only the keys given are checked
      K001: {score: "90.00", rank: 1, pool: 10, tier: A, bonus: 500, awards: [full_attendance],
             star_wage: 0, total: 600, eligible: true, reasons: [band.chosen_quota]}
    refused: attendance_cycle.start_day   # instead of expect: the close must refuse, naming it

``score`` is the displayed score (policy rounding) or null; ``reasons`` lists step codes that
must all be among the person's reasons. Numbers in case files are read as exact decimals.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kefu.bonuses.monthly import MonthlyOutcome, PersonMonth, StarWageDue, compute_month
from kefu.bonuses.rules import display_score
from kefu.errors import PolicyParameterMissing
from kefu.policy.loader import PRESET_DIR, load_policy
from tests.bonuses import make_attendance, make_evidence, make_facts

CASE_DIR = PRESET_DIR / "cases"

CASE_KEYS = {"name", "policy", "month", "people", "expect", "refused"}
PERSON_KEYS = {
    "employee_no",
    "name",
    "role",
    "department",
    "team",
    "components",
    "status",
    "attendance",
    "evidence",
    "previous_rank",
    "clean_streak",
    "star_wage",
}
EXPECT_KEYS = {
    "score",
    "rank",
    "pool",
    "tier",
    "bonus",
    "awards",
    "star_wage",
    "total",
    "eligible",
    "reasons",
}
COMPONENTS = ("call_quality", "work_ability", "overall_conduct")


class _CaseLoader(yaml.SafeLoader):
    """Reads floats as exact decimals, as the policy loader does."""


_CaseLoader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: Decimal(loader.construct_scalar(node)),  # type: ignore[arg-type]
)


def load_cases() -> list[tuple[Path, dict[str, Any]]]:
    cases = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)
        assert isinstance(data, list), f"{path.name}: a case file is a list of cases"
        cases += [(path, case) for case in data]
    return cases


CASES = load_cases()


def make_person_month(p: dict[str, Any]) -> PersonMonth:
    """A PersonMonth from one person of a case."""
    unknown = set(p) - PERSON_KEYS
    assert not unknown, f"unknown person keys {unknown}"
    components = p.get("components") or {}
    assert set(components) <= set(COMPONENTS), f"unknown components {set(components)}"
    status = set(p.get("status") or [])
    flags = {"probation", "dismissed_for_performance", "notice_period", "standby"}
    assert status <= flags, f"unknown status flags {status - flags}"
    attendance = make_attendance(**p["attendance"]) if p.get("attendance") else make_attendance()
    if "attendance" in p and p["attendance"] is None:
        attendance = None
    star = p.get("star_wage")
    return PersonMonth(
        employee_no=str(p["employee_no"]),
        name=p["name"],
        role=p.get("role", "csr"),
        department=p.get("department", "客服一部"),
        team=p.get("team"),
        components={
            c: None if components.get(c) is None else Decimal(str(components[c]))
            for c in COMPONENTS
        },
        facts=make_facts(**{flag: True for flag in status}),
        attendance=attendance,
        evidence=make_evidence(**p["evidence"]) if p.get("evidence") else None,
        previous_rank=p.get("previous_rank"),
        clean_streak=p.get("clean_streak", 0),
        star_wage=StarWageDue(str(star["quarter"]), star["stars"], Decimal(str(star["amount"])))
        if star
        else None,
    )


def observed(outcome: MonthlyOutcome, display: Any) -> dict[str, Any]:
    """The outcome in the terms a case's expect block uses."""
    return {
        "score": None if outcome.score is None else display_score(outcome.score, display),
        "rank": outcome.rank,
        "pool": outcome.pool_size,
        "tier": outcome.tier,
        "bonus": outcome.bonus,
        "awards": [a.key for a in outcome.awards],
        "star_wage": outcome.star_wage,
        "total": outcome.total,
        "eligible": outcome.eligible,
        "reasons": [s.code for s in outcome.reasons],
    }


def expected_value(key: str, value: Any) -> Any:
    if key in {"bonus", "star_wage", "total"}:
        return Decimal(str(value))
    if key == "score" and value is not None:
        return str(value)
    return value


def test_there_are_at_least_eight_demo_cases():
    assert sum(1 for _, case in CASES if case["policy"] == "demo") >= 8


def test_case_names_are_unique():
    names = [case["name"] for _, case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    "path_case", CASES, ids=[f"{path.stem}: {case['name']}" for path, case in CASES]
)
def test_preset_case(path_case):
    path, case = path_case
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{path.name}: unknown case keys {unknown}"
    policy = load_policy(case["policy"])
    people = [make_person_month(p) for p in case["people"]]
    assert len({p.employee_no for p in people}) == len(people), "employee_no must be unique"

    if "refused" in case:
        with pytest.raises(PolicyParameterMissing) as caught:
            compute_month(policy, str(case["month"]), people)
        assert caught.value.path == case["refused"]
        return

    outcomes = {o.employee_no: o for o in compute_month(policy, str(case["month"]), people)}
    expect = case["expect"]
    assert expect, "a case must expect something"
    mismatches = []
    for no, wanted in expect.items():
        no = str(no)
        assert no in outcomes, f"expect names {no}, who is not among the people"
        assert set(wanted) <= EXPECT_KEYS, f"unknown expect keys {set(wanted) - EXPECT_KEYS}"
        got = observed(outcomes[no], policy.model.display)
        for key, value in wanted.items():
            if key == "reasons":
                missing = [code for code in value if code not in got["reasons"]]
                if missing:
                    mismatches.append(f"{no} reasons: missing {missing}, got {got['reasons']}")
            elif got[key] != expected_value(key, value):
                mismatches.append(f"{no} {key}: expected {value!r}, got {got[key]!r}")
    assert not mismatches, "\n".join(mismatches)
