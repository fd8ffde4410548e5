"""Builders shared by the pure rule tests: small ``make_<noun>()`` helpers, no database."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from kefu.bonuses.awards import AwardEvidence
from kefu.bonuses.monthly import PersonMonth, Role, StarWageDue
from kefu.bonuses.rules import AttendanceSummary, StatusFacts
from kefu.policy.loader import LoadedPolicy, load_policy, parse_policy

Number = Decimal | int | str


def dec(value: Number | float) -> Decimal:
    """An exact decimal from an int, a string or a short float literal written in a test."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


@cache
def demo_policy() -> LoadedPolicy:
    """The demo preset: seed 003 with every open parameter filled."""
    return load_policy("demo")


def demo_variant(*replacements: tuple[str, str]) -> LoadedPolicy:
    """The demo policy text with each ``(old, new)`` replaced once; it must still lint clean."""
    text = demo_policy().text
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} should occur once in demo.yaml"
        text = text.replace(old, new)
    loaded, problems = parse_policy(text, "test")
    assert problems == []
    return loaded


def make_attendance(**overrides: Number) -> AttendanceSummary:
    """A clean attendance cycle (no absence, lateness or swaps) unless told otherwise."""
    values: dict[str, Number] = {
        "absence_days": 0,
        "personal_leave_days": 0,
        "sick_leave_days": 0,
        "late_count": 0,
        "early_leave_count": 0,
        "shift_swap_count": 0,
        "unapproved_absence_days": 0,
    }
    values.update(overrides)
    counts = {"late_count", "early_leave_count", "shift_swap_count"}
    return AttendanceSummary(
        **{k: int(v) if k in counts else dec(v) for k, v in values.items()}  # type: ignore[arg-type]
    )


def make_facts(
    *,
    probation: bool = False,
    dismissed_for_performance: bool = False,
    notice_period: bool = False,
    standby: bool = False,
) -> StatusFacts:
    """A regular employee's register facts unless a flag is raised."""
    return StatusFacts(probation, dismissed_for_performance, notice_period, standby)


def make_evidence(
    *,
    commendations: int = 0,
    erroneous_work_orders: int = 0,
    erroneous_refunds: int = 0,
    min_monitoring_score: Number | None = None,
    min_exam_score: Number | None = None,
) -> AwardEvidence:
    """Award evidence of one month; nothing notable unless told."""
    return AwardEvidence(
        commendations,
        erroneous_work_orders,
        erroneous_refunds,
        None if min_monitoring_score is None else dec(min_monitoring_score),
        None if min_exam_score is None else dec(min_exam_score),
    )


def make_components(
    score: Number, conduct: Number | None = None, role: Role = "csr"
) -> dict[str, Decimal | None]:
    """Components whose weighted score (demo weights) is exactly ``score``.

    The conduct (tie-breaker) is ``conduct`` or the score itself; for agents call quality
    makes up the difference (0.3×(2s−c) + 0.4×s + 0.3×c = s), for leaders and QA work
    ability does (0.5×(2s−c) + 0.5×c = s).
    """
    s = dec(score)
    c = s if conduct is None else dec(conduct)
    if role == "csr":
        return {"call_quality": 2 * s - c, "work_ability": s, "overall_conduct": c}
    return {"call_quality": None, "work_ability": 2 * s - c, "overall_conduct": c}


def make_person(
    employee_no: str,
    score: Number | None = None,
    conduct: Number | None = None,
    *,
    components: dict[str, Decimal | None] | None = None,
    role: Role = "csr",
    name: str | None = None,
    department: str = "客服一部",
    team: str | None = None,
    facts: StatusFacts | None = None,
    attendance: AttendanceSummary | str | None = "clean",
    evidence: AwardEvidence | None = None,
    previous_rank: int | None = None,
    clean_streak: int = 0,
    star_wage: StarWageDue | None = None,
) -> PersonMonth:
    """One person's month: a score (and conduct) or explicit components, regular and present."""
    if components is None:
        assert score is not None, "give a score or the components"
        components = make_components(score, conduct, role)
    return PersonMonth(
        employee_no=employee_no,
        name=name or f"员工{employee_no}",
        role=role,
        department=department,
        team=team,
        components=components,
        facts=facts or make_facts(),
        attendance=make_attendance() if attendance == "clean" else attendance,  # type: ignore[arg-type]
        evidence=evidence,
        previous_rank=previous_rank,
        clean_streak=clean_streak,
        star_wage=star_wage,
    )


def make_pool(scores: list[Number], conducts: list[Number] | None = None) -> list[PersonMonth]:
    """Agents numbered K01, K02 … with the given scores (and conducts)."""
    conducts_or_none: list[Number | None] = list(conducts) if conducts else [None] * len(scores)
    return [
        make_person(f"K{i:02d}", s, c)
        for i, (s, c) in enumerate(zip(scores, conducts_or_none, strict=True), start=1)
    ]
