"""Checks a schema cannot express: weights summing to 1, bands tiling 0–100, theme parameters."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from kefu.conduct.rules import check_catalogue
from kefu.policy.schema import AwardTheme, Band, EaglePlan, Policy

if TYPE_CHECKING:
    from kefu.policy.loader import LoadedPolicy

SCALE_TOP = Decimal(100)

# Which rules an open parameter blocks, by the section it stands in (for `policy check`).
SECTION_RULES = {
    "attendance_cycle": "R-BON-5",
    "monthly_bonus": "R-BON-1..5",
    "leader_qa_bonus": "R-LQA-1..4",
    "stars": "R-STAR-1",
    "awards": "R-AWD-1..2",
    "hours": "R-HRS-1..2",
    "pay": "R-PAY-1..3",
    "promotion": "R-PRO-1..4",
    "election": "R-ELE-1",
    "eagle_plan": "R-EGL-1..3",
    "new_hire_training": "R-NEW-1..4",
    "exams": "R-EXM-1",
    "bottom_elimination": "R-BOT-1",
    "recruitment": "R-REC-1",
    "monitoring": "R-QA-1",
    "conduct": "R-DIS-1",
    "meetings": "R-MTG-1",
}

# Parameters each award kind needs, and therefore the only ones it accepts.
THEME_PARAMETERS = {
    "full_attendance": ("shift_swaps_below",),
    "progress": ("min_monitoring_score", "min_exam_score"),
    "quality_service": ("min_commendations",),
    "hundred_percent_star": ("streak_months",),
}
ALL_THEME_PARAMETERS = tuple(sorted({p for ps in THEME_PARAMETERS.values() for p in ps}))


def lint(loaded: LoadedPolicy) -> list[str]:
    """Every semantic problem of a schema-valid policy, one line each (Chinese)."""
    policy = loaded.model
    problems: list[str] = []
    if policy.monthly_bonus:
        mb = policy.monthly_bonus
        problems += _weights("monthly_bonus.weights", mb.weights)
        problems += _tie_breaker("monthly_bonus", mb.tie_breaker, mb.weights)
        problems += _bands("monthly_bonus.bands", mb.bands)
    if policy.leader_qa_bonus:
        lq = policy.leader_qa_bonus
        problems += _weights("leader_qa_bonus.weights", lq.weights)
        problems += _tie_breaker("leader_qa_bonus", lq.tie_breaker, lq.weights)
        problems += _non_increasing("leader_qa_bonus.place_amounts", list(lq.place_amounts))
    if policy.stars:
        problems += _bands("stars.bands", policy.stars.bands)
        for i, band in enumerate(policy.stars.bands):
            if band.stars is None:
                problems.append(f"stars.bands[{i}].stars: 星级档位必须写明星数")
        if policy.monthly_bonus is None:
            problems.append("stars: 星级按月度得分计算，需要 monthly_bonus 一节")
    if policy.awards:
        problems += _themes(policy.awards.themes)
        if policy.monthly_bonus is None:
            problems.append("awards: 表现优异奖依赖月度奖金的资格判定，需要 monthly_bonus 一节")
    if policy.election:
        problems += _weights("election.weights", policy.election.weights)
        problems += _bands("election.pm_points", policy.election.pm_points)
        problems += _pm_points(policy.election.weights, policy.election.pm_points)
    if policy.eagle_plan:
        problems += _eagle(policy.eagle_plan)
    if policy.conduct:
        problems += check_catalogue(policy.conduct)
    if policy.hours:
        for i, shift in enumerate(policy.hours.shift_types):
            if shift.counted_hours > shift.on_site_hours:
                problems.append(
                    f"hours.shift_types[{i}].counted_hours: 计算工时 {shift.counted_hours} "
                    f"大于在岗工时 {shift.on_site_hours}"
                )
    problems += _unset_parameters(policy, "", set(loaded.open_parameters))
    if (policy.monthly_bonus or policy.leader_qa_bonus) and policy.attendance_cycle is None:
        problems.append("attendance_cycle: 月度奖金的缺勤判定需要考勤计算周期 (R-BON-5)")
    return problems


def _pm_points(weights: dict[Any, Decimal], bands: list[Band]) -> list[str]:
    """R-ELE-1: the PM points are the PM part, so the best band pays its weight × 100."""
    weight = weights.get("pm")
    if weight is None or not bands:
        return []
    top = max(band.amount for band in bands)
    if top != weight * 100:
        return [
            f"election.pm_points: 最高 PM 积分为 {top}，应等于 PM 权重 {weight} × 100 = "
            f"{weight * 100} (R-ELE-1)"
        ]
    return []


def _eagle(plan: EaglePlan) -> list[str]:
    """R-EGL-1/2: the group's seats, the interview window and the plan's months agree."""
    problems = []
    seats = sum(seat.members for seat in plan.group)
    if seats != plan.members:
        problems.append(
            f"eagle_plan.group: 各部门名额合计 {seats} 人，应等于 members {plan.members} 人 (R-EGL-2)"
        )
    departments = [seat.department for seat in plan.group]
    for department in sorted({d for d in departments if departments.count(d) > 1}):
        problems.append(f"eagle_plan.group: 部门「{department}」重复 (R-EGL-2)")
    for department in departments:
        if department not in plan.source_departments:
            problems.append(
                f"eagle_plan.group: 部门「{department}」不在 source_departments 中 (R-EGL-2)"
            )
    if plan.interview_from_days > plan.interview_to_days:
        problems.append(
            f"eagle_plan.interview_from_days: {plan.interview_from_days} 天晚于 "
            f"interview_to_days {plan.interview_to_days} 天 (R-EGL-1)"
        )
    if plan.plan_months_min > plan.plan_months_max:
        problems.append(
            f"eagle_plan.plan_months_min: {plan.plan_months_min} 个月大于 plan_months_max "
            f"{plan.plan_months_max} 个月 (R-EGL-1)"
        )
    return problems


def _unset_parameters(model: BaseModel, path: str, open_paths: set[str]) -> list[str]:
    """A parameter (required key that may be [X]) written as null: neither set nor marked open."""
    problems = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        if value is None and info.is_required() and here not in open_paths:
            problems.append(f"{here}: 参数为空 (null):请填写数值，或写 [X] 表示尚未设置")
        elif isinstance(value, BaseModel):
            problems += _unset_parameters(value, here, open_paths)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    problems += _unset_parameters(item, f"{here}[{i}]", open_paths)
    return problems


def open_parameter_lines(loaded: LoadedPolicy) -> list[str]:
    """One line per ``[X]`` left open, naming the rules it blocks."""
    lines = []
    for path in loaded.open_parameters:
        section = path.split(".")[0].split("[")[0]
        rules = SECTION_RULES.get(section, "")
        lines.append(f"{path}: 必填参数未设置 ([X])，规则 {rules} 在设置前不能运行")
    return lines


def _weights(path: str, weights: dict[Any, Decimal]) -> list[str]:
    total = sum(weights.values(), Decimal(0))
    if total != 1:
        return [f"{path}: 权重之和为 {total}，应为 1"]
    return []


def _tie_breaker(section: str, tie_breaker: str, weights: dict[Any, Decimal]) -> list[str]:
    if tie_breaker not in weights:
        return [f"{section}.tie_breaker: 「{tie_breaker}」不是计分项 ({', '.join(weights)})"]
    return []


def _non_increasing(path: str, amounts: Sequence[Decimal]) -> list[str]:
    return [
        f"{path}[{i}]: 金额 {amounts[i]} 高于上一档 {amounts[i - 1]}"
        for i in range(1, len(amounts))
        if amounts[i] > amounts[i - 1]
    ]


def _bands(path: str, bands: list[Band]) -> list[str]:
    """Bands are listed highest first and must tile 0–100 with no gap or overlap."""
    if not bands:
        return [f"{path}: 至少需要一个档位"]
    problems: list[str] = []
    labels = [b.label for b in bands]
    for label in sorted({x for x in labels if labels.count(x) > 1}):
        problems.append(f"{path}: 档位名「{label}」重复")
    if bands[0].score_below is not None and bands[0].score_below < SCALE_TOP:
        problems.append(
            f"{path}[0]: 最高档到 {bands[0].score_below} 为止，"
            f"{bands[0].score_below}–{SCALE_TOP} 之间没有档位 (空档)"
        )
    for i, band in enumerate(bands):
        if band.score_below is not None and band.score_below <= band.score_from:
            problems.append(f"{path}[{i}]: 分数区间 [{band.score_from}, {band.score_below}) 为空")
        if i == 0:
            continue
        above = bands[i - 1]
        top = band.score_below if band.score_below is not None else SCALE_TOP
        if top < above.score_from:
            problems.append(
                f"{path}[{i}]: 档位「{band.label}」与「{above.label}」之间有空档 "
                f"[{top}, {above.score_from})"
            )
        elif top > above.score_from:
            problems.append(
                f"{path}[{i}]: 档位「{band.label}」与「{above.label}」重叠 "
                f"[{above.score_from}, {top})"
            )
    if bands[-1].score_from != 0:
        problems.append(
            f"{path}[{len(bands) - 1}]: 最低档应从 0 分起，低于 {bands[-1].score_from} 分没有档位 (空档)"
        )
    shares = [(i, b.rank_share_at_most) for i, b in enumerate(bands) if b.rank_share_at_most]
    for (_, prev), (i, share) in itertools.pairwise(shares):
        if share is not None and prev is not None and share < prev:
            problems.append(f"{path}[{i}]: 累计名次比例 {share} 小于上一档的 {prev}")
    problems += _non_increasing(path, [b.amount for b in bands])
    return problems


def _themes(themes: list[AwardTheme]) -> list[str]:
    problems = []
    keys = [t.key for t in themes]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"awards.themes: 主题键「{key}」重复")
    for i, theme in enumerate(themes):
        needed = THEME_PARAMETERS[theme.kind]
        for param in ALL_THEME_PARAMETERS:
            value = getattr(theme, param)
            if param in needed and value is None:
                problems.append(f"awards.themes[{i}].{param}: 主题类型 {theme.kind} 需要此参数")
            elif param not in needed and value is not None:
                problems.append(f"awards.themes[{i}].{param}: 主题类型 {theme.kind} 不使用此参数")
    return problems


def policy_sections(policy: Policy) -> list[str]:
    """The sections a policy defines, for `policy list`."""
    return [name for name in SECTION_RULES if getattr(policy, name) is not None]
