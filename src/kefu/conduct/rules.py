"""Conduct points (扣分, R-DIS-1) — pure: the catalogue, a recorded event, the month's total and
how it reaches 综合工作表现.

Since the seed's 第三篇 三、客服规章制度 1–4: every rule of the catalogue deducts a range of
points (a fixed deduction has min = max); an ``each_person`` rule charges every person involved
the full points (−20 each, −40 each). The month's points reduce 综合工作表现 by the policy's
mapping (``deduct`` from the imported value, or ``replace`` it), never below its floor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kefu.errors import KefuError
from kefu.explain.trace import Step, num
from kefu.policy.schema import Conduct, ConductRule, OverallConductMapping

RULE = "R-DIS-1"
OBJECTION_RULE = "R-PUB-1"
TOP = Decimal(100)
"""综合工作表现 is a score out of 100 (R-BON-1): the scale, not a policy number."""


class PointsOutOfRange(KefuError):
    """The points given lie outside the rule's range (扣分标准)."""

    http_status = 422


@dataclass(frozen=True)
class ConductItem:
    """One person's points from one event, as the month counts them."""

    rule_code: str
    points: int
    on: date


def check_catalogue(conduct: Conduct) -> list[str]:
    """Problems of a catalogue, one line each (empty: fine): min ≤ max, codes unique."""
    problems = []
    for rule in conduct.rules:
        if rule.min_points > rule.max_points:
            problems.append(
                f"conduct.rules {rule.code}: min_points {rule.min_points} 大于 max_points "
                f"{rule.max_points} (the range is empty)"
            )
    repeated = sorted(code for code, n in Counter(r.code for r in conduct.rules).items() if n > 1)
    for code in repeated:
        problems.append(f"conduct.rules: 代码 {code} 重复 (rule codes must be unique)")
    return problems


def find_rule(conduct: Conduct, code: str) -> ConductRule:
    """The catalogue's rule of this code, or a refusal listing the codes there are."""
    for rule in conduct.rules:
        if rule.code == code:
            return rule
    codes = "、".join(r.code for r in conduct.rules)
    raise KefuError(f"扣分标准中没有「{code}」这一项；可选: {codes} (no such conduct rule)")


def range_text(min_points: int, max_points: int) -> str:
    """扣 5–20 分, or 扣 20 分 for a fixed deduction."""
    if min_points == max_points:
        return f"扣 {min_points} 分"
    return f"扣 {min_points}–{max_points} 分"


def check_points(code: str, min_points: int, max_points: int, points: int) -> Step:
    """The points must lie within the rule's range; says so, or refuses naming the range."""
    if not min_points <= points <= max_points:
        raise PointsOutOfRange(
            f"「{code}」的扣分标准为{range_text(min_points, max_points)}，不能扣 {points} 分 "
            f"(points must be {min_points}–{max_points})"
        )
    return Step(
        RULE,
        "conduct.points_in_range",
        {"rule": code, "points": points, "min": min_points, "max": max_points},
    )


def check_people(rule: ConductRule, people: Sequence[str]) -> Step:
    """Who is charged: one person, or several only for an each-person rule (−20/−40 each).

    Decision (the seed is silent): a rule that is not ``each_person`` judges one person's
    conduct, so several people are recorded as separate events, each with its own points.
    """
    if not people:
        raise KefuError("请填写被扣分人员的工号 (at least one person)")
    repeated = sorted(no for no, n in Counter(people).items() if n > 1)
    if repeated:
        raise KefuError(f"工号 {'、'.join(repeated)} 重复 (a person is listed twice)")
    if len(people) > 1 and not rule.each_person:
        raise KefuError(
            f"「{rule.name}」按人扣分，不是每人扣分的规则：多人请分别记录 "
            f"({rule.code} is not an each-person rule: record each person separately)"
        )
    if rule.each_person:
        return Step(RULE, "conduct.each_person", {"rule": rule.code, "people": list(people)})
    return Step(RULE, "conduct.one_person", {"rule": rule.code, "person": people[0]})


def check_reduced(min_points: int, recorded: int, reduced: int) -> Step:
    """An objection answered with fewer points: below what was recorded, within the range."""
    if not min_points <= reduced < recorded:
        if min_points >= recorded:
            raise PointsOutOfRange(
                f"该项扣分为 {recorded} 分，已是扣分标准的最低分：只能维持或撤销 "
                f"(the lowest points of the rule: uphold or cancel)"
            )
        raise PointsOutOfRange(
            f"减少后的扣分应在 {min_points}–{recorded - 1} 分之间，不能为 {reduced} 分 "
            f"(reduced points must be {min_points}–{recorded - 1})"
        )
    return Step(OBJECTION_RULE, "conduct.reduced", {"recorded": recorded, "points": reduced})


def month_points(items: Iterable[ConductItem]) -> int:
    """The month's conduct points: the sum of every standing item (0 with none)."""
    total = 0
    for item in items:
        if item.points < 0:
            raise KefuError(f"扣分不能为负数: {item.points} (points are never negative)")
        total += item.points
    return total


def overall_conduct(
    imported: Decimal | None, points: int, mapping: OverallConductMapping
) -> tuple[Decimal, Step]:
    """综合工作表现 after the month's conduct points (R-DIS-1 → R-BON-1).

    ``deduct``: the imported value (``base`` when none was imported) minus points × the
    score per point; ``replace``: ``base`` minus the same, whatever was imported. The result
    is never below ``floor`` nor above 100.
    """
    if points < 0:
        raise KefuError(f"扣分不能为负数: {points} (points are never negative)")
    if mapping.mode == "deduct" and imported is not None:
        start, source = imported, "imported"
    else:
        start, source = mapping.base, ("base" if mapping.mode == "deduct" else "replace")
    lost = points * mapping.score_per_point
    exact = start - lost
    value = min(max(exact, mapping.floor), TOP)
    bound = "floor" if exact < mapping.floor else ("top" if exact > TOP else "")
    return value, Step(
        RULE,
        "conduct.overall",
        {
            "mode": mapping.mode,
            "source": source,
            "start": num(start),
            "imported": num(imported),
            "points": points,
            "per_point": num(mapping.score_per_point),
            "exact": num(exact),
            "floor": num(mapping.floor),
            "bound": bound,
            "value": num(value),
        },
    )
