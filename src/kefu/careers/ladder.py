"""Pure rules of the promotion ladder (晋升通道 R-ORG-3, 晋升条件 R-PRO-1, 申请时间 R-PRO-2,
晋升后薪酬 R-PRO-4).

Since seed 001: five levels 初级客服 → 中级客服 → 高级客服 → 客服主管 → 客服经理; to apply for
the next level a person meets that level's conditions, all policy parameters. No database, no
web: plain values in, results with their explanation (trace steps) out. Every number comes from
the ``Promotion`` section passed in; a condition the policy leaves out (None) is not a condition
of the center, one left ``[X]`` (named in ``open_paths``) makes the check refuse.

Decisions where the seed is silent (each tested in tests/careers/test_ladder.py):

* Tenure (满 X 年) counts whole calendar months: X years are ``ceil(X × 12)`` months (1.5 years =
  18 months; a fraction of a month is never granted early). It is reached on the day the same
  day-of-month comes round that many months after the level started, inclusive (满); when that
  month has no such day (started 02-29 or 01-31) it is the month's last day.
* The window (近 N 个月) is the N complete calendar months before the month of the as-of day
  (as of 2026-11-24, N = 3: 2026-08, 2026-09, 2026-10).
* Each indicator is the plain mean of the window's monthly figures, compared exactly (≥ for a
  minimum, ≤ for a maximum: the edge holds). A window month without a figure leaves the
  condition undecided (None), never guessed. Satisfaction is on the policy's own scale.
* The skills exam is the latest one; a score on another scale is rescaled exactly to the
  policy's (score ÷ its scale × the policy's scale). No exam: undecided.
* The supervisor's assessment is approved (holds), refused (fails) or not yet given (undecided).
* Violations count from the first day of the window to the as-of day, inclusive; a level with
  no window (no indicator conditions) counts them from the day the current level started.
* Eligible means every listed condition holds; an undecided one does not.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

import yaml

from kefu.errors import KefuError
from kefu.explain.trace import Step, TraceValue, num
from kefu.periods import Month, add_months
from kefu.policy.schema import LevelRequirement, Promotion

RULE_LADDER = "R-ORG-3"
RULE = "R-PRO-1"
RULE_WINDOW = "R-PRO-2"
RULE_PAY = "R-PRO-4"
LADDER_FILE = Path(__file__).with_name("ladder.yaml")
LEVEL_CODES = ("junior", "intermediate", "senior", "supervisor", "manager")
MONTHS_A_YEAR = 12  # a calendar fact, not a policy number
_SHOWN_DECIMALS = 6  # of a mean that does not end (the exact value decides)
T = TypeVar("T")


# --- the ladder's text (R-ORG-3) -----------------------------------------------------------


@dataclass(frozen=True)
class LevelText:
    """岗位职责 and 任职要求 of one level, in Chinese and English (seed 001 §四)."""

    level: str
    name: str
    name_en: str
    duties_zh: tuple[str, ...]
    duties_en: tuple[str, ...]
    requirements_zh: tuple[str, ...]
    requirements_en: tuple[str, ...]


@lru_cache(maxsize=1)
def _ladder_text() -> tuple[LevelText, ...]:
    raw = yaml.safe_load(LADDER_FILE.read_text(encoding="utf-8"))
    levels = tuple(
        LevelText(
            level=code,
            name=entry["name"],
            name_en=entry["name_en"],
            duties_zh=tuple(item["zh"] for item in entry["duties"]),
            duties_en=tuple(item["en"] for item in entry["duties"]),
            requirements_zh=tuple(item["zh"] for item in entry["requirements"]),
            requirements_en=tuple(item["en"] for item in entry["requirements"]),
        )
        for code, entry in raw.items()
    )
    assert tuple(t.level for t in levels) == LEVEL_CODES, "ladder.yaml lacks a level"
    return levels


def ladder_text() -> dict[str, LevelText]:
    """Every level's duties and requirements, keyed by level code, lowest first."""
    return {text.level: text for text in _ladder_text()}


# --- dates ---------------------------------------------------------------------------------


def whole_months_between(start: date, end: date) -> int:
    """How many whole months have passed from ``start`` to ``end`` (add_months ≤ end)."""
    months = (end.year - start.year) * MONTHS_A_YEAR + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def window_months(as_of: date, months_back: int) -> tuple[Month, ...]:
    """The ``months_back`` complete calendar months before ``as_of``'s month, oldest first."""
    this = Month.of(as_of)
    return tuple(this.shift(-n) for n in range(months_back, 0, -1))


def level_since(history: Sequence[tuple[date, str | None]]) -> date | None:
    """The day the current level started: the first record of the last run of equal levels.

    ``history`` is the register's effective-dated (effective_on, level) records, oldest first.
    None when there is no record or the latest record has no level.
    """
    for earlier, later in pairwise(history):
        if later[0] < earlier[0]:
            raise KefuError(
                f"职级记录应按生效日期从早到晚排列：{later[0].isoformat()} 排在 "
                f"{earlier[0].isoformat()} 之后 (level records must be oldest first)"
            )
    if not history or history[-1][1] is None:
        return None
    current = history[-1][1]
    start = history[-1][0]
    for effective_on, level in reversed(history):
        if level != current:
            break
        start = effective_on
    return start


# --- the ladder ----------------------------------------------------------------------------


def next_level(promotion: Promotion, level_name: str | None) -> LevelRequirement | None:
    """The level above ``level_name`` (as the register writes it); None at the top."""
    names = [level.name for level in promotion.levels]
    if level_name not in names:
        shown = "（无职级）" if level_name is None else f"「{level_name}」"
        raise KefuError(
            f"职级{shown}不在晋升阶梯上；阶梯为：{' → '.join(names)} "
            f"(level {level_name!r} is not on the ladder: {' → '.join(names)})"
        )
    index = names.index(level_name)
    return promotion.levels[index + 1] if index + 1 < len(promotion.levels) else None


@dataclass(frozen=True)
class MonthIndicators:
    """业绩指标 of one month (R-PRO-1); None: not recorded that month."""

    month: str
    """YYYY-MM."""
    satisfaction: Decimal | None = None
    avg_response_minutes: Decimal | None = None
    on_time_response_pct: Decimal | None = None
    resolution_pct: Decimal | None = None
    complaint_pct: Decimal | None = None
    kpi_completion_pct: Decimal | None = None


@dataclass(frozen=True)
class ExamResult:
    """A periodic skills exam (业务知识和技能考核): its day, score and full marks."""

    taken_on: date
    score: Decimal
    scale: Decimal


@dataclass(frozen=True)
class Violation:
    """A disciplinary violation (违规违纪) on a day."""

    on: date
    what: str


@dataclass(frozen=True)
class Condition:
    """One condition of the target level, with the person's figure and whether it holds.

    ``figure`` and ``threshold`` are exact text in neutral form (tenure in whole months,
    percentages with %); ``holds`` is None when there is no data to decide.
    """

    code: str
    figure: str | None
    threshold: str
    holds: bool | None
    step: Step


@dataclass(frozen=True)
class LadderCheck:
    """The pre-check of an application for the next level (R-PRO-1, shown to the applicant)."""

    current_level: LevelRequirement
    target: LevelRequirement
    conditions: tuple[Condition, ...]
    eligible: bool
    failing: int
    unknown: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class _Indicator:
    code: str
    parameter: str  # the LevelRequirement field
    field: str  # the MonthIndicators field
    bound: str  # "min" or "max"
    percent: bool


INDICATORS = (
    _Indicator("satisfaction", "min_satisfaction", "satisfaction", "min", False),
    _Indicator("response_minutes", "max_response_minutes", "avg_response_minutes", "max", False),
    _Indicator("on_time_response", "min_on_time_response_pct", "on_time_response_pct", "min", True),
    _Indicator("resolution", "min_resolution_pct", "resolution_pct", "min", True),
    _Indicator("complaints", "max_complaint_pct", "complaint_pct", "max", True),
    _Indicator("kpi_completion", "min_kpi_completion_pct", "kpi_completion_pct", "min", True),
)
CONDITION_CODES = (
    "tenure",
    *(i.code for i in INDICATORS),
    "skills_exam",
    "supervisor_assessment",
    "no_violations",
)


def check_ladder(
    promotion: Promotion,
    open_paths: Collection[str],
    level_name: str,
    level_since: date,
    as_of: date,
    months: Sequence[MonthIndicators],
    latest_exam: ExamResult | None,
    supervisor_approved: bool | None,
    violations: Sequence[Violation],
) -> LadderCheck:
    """Which conditions of the next level hold as of a day, with the figures (R-PRO-1)."""
    target = next_level(promotion, level_name)
    if target is None:
        raise KefuError(
            f"「{level_name}」已是晋升阶梯的最高职级，没有可申请的上一级 "
            f"(already at the top of the ladder)"
        )
    index = promotion.levels.index(target)
    path = f"promotion.levels[{index}]"
    _refuse_open(open_paths, (path,), RULE)
    current = promotion.levels[index - 1]
    if level_since > as_of:
        raise KefuError(
            f"任现职级日期 {level_since.isoformat()} 晚于核对日 {as_of.isoformat()} "
            f"(the level starts after the as-of day)"
        )
    figures = _by_month(months)
    steps = [
        Step(
            RULE_LADDER,
            "promotion.target",
            {"current": current.name, "target": target.name, "as_of": as_of.isoformat()},
        )
    ]
    wanted = [i for i in INDICATORS if getattr(target, i.parameter) is not None]
    window: tuple[Month, ...] = ()
    if target.window_months_back is not None:
        window = window_months(as_of, target.window_months_back)
        steps.append(
            Step(
                RULE,
                "promotion.window",
                {
                    "months": [str(m) for m in window],
                    "from": window[0].first_day.isoformat(),
                    "to": as_of.isoformat(),
                },
            )
        )
    elif wanted:
        raise KefuError(
            f"{path}.window_months_back 未填写：{target.name} 的业绩条件需要考察期（近几个月）"
            f"(the level's indicator conditions need a window)"
        )
    conditions = []
    if target.years_at_previous_level is not None:
        conditions.append(_tenure(target.years_at_previous_level, level_since, as_of))
    conditions += [_indicator(i, target, window, figures) for i in wanted]
    if target.min_skills_exam_score is not None:
        conditions.append(_exam(target, path, latest_exam, as_of))
    if target.supervisor_assessment:
        conditions.append(_supervisor(supervisor_approved))
    if target.no_violations:
        start = window[0].first_day if window else level_since
        conditions.append(_violations(violations, start, as_of))
    failing = sum(1 for c in conditions if c.holds is False)
    unknown = sum(1 for c in conditions if c.holds is None)
    eligible = failing == 0 and unknown == 0
    steps += [c.step for c in conditions]
    steps.append(
        Step(
            RULE,
            "promotion.ladder_result",
            {
                "current": current.name,
                "target": target.name,
                "eligible": eligible,
                "conditions": len(conditions),
                "failing": failing,
                "unknown": unknown,
            },
            reason=True,
        )
    )
    return LadderCheck(
        current_level=current,
        target=target,
        conditions=tuple(conditions),
        eligible=eligible,
        failing=failing,
        unknown=unknown,
        steps=tuple(steps),
    )


def is_close(check: LadderCheck, at_most_failing: int = 1) -> bool:
    """Not yet eligible, with at most ``at_most_failing`` conditions failing or undecided."""
    if at_most_failing < 0:
        raise KefuError(f"差几项条件应为非负数，而不是 {at_most_failing} (must not be negative)")
    return not check.eligible and check.failing + check.unknown <= at_most_failing


def in_application_window(promotion: Promotion, open_paths: Collection[str], on: date) -> Step:
    """R-PRO-2: applications are taken only in the policy's months; refuse any other day."""
    path = "promotion.application_months"
    _refuse_open(open_paths, (path,), RULE_WINDOW)
    months = _required(promotion.application_months, path, RULE_WINDOW)
    shown = sorted(months)
    if on.month not in months:
        raise KefuError(
            f"{on.isoformat()} 不在晋升申请时间内：每年 {'、'.join(f'{m} 月' for m in shown)} "
            f"可以提交晋升申请 (R-PRO-2: applications are taken only in month(s) "
            f"{', '.join(str(m) for m in shown)})"
        )
    return Step(
        RULE_WINDOW,
        "promotion.application_window",
        {"on": on.isoformat(), "months": [str(m) for m in shown]},
    )


def check_new_pay(
    promotion: Promotion, open_paths: Collection[str], old_pay: Decimal, new_pay: Decimal
) -> Step:
    """R-PRO-4: the new level's pay is at least the policy's share of the old (edge included)."""
    path = "promotion.min_new_pay_pct_of_old"
    _refuse_open(open_paths, (path,), RULE_PAY)
    pct = _required(promotion.min_new_pay_pct_of_old, path, RULE_PAY)
    for label, pay in (("原岗位薪酬", old_pay), ("新岗位薪酬", new_pay)):
        if pay < 0:
            raise KefuError(f"{label}不能为负：{num(pay)} (pay cannot be negative)")
    minimum = old_pay * pct / 100
    args: dict[str, TraceValue] = {
        "old": num(old_pay),
        "new": num(new_pay),
        "pct": num(pct),
        "minimum": num(minimum),
    }
    # Compared as new × 100 ≥ old × pct: no division, so the edge is exact.
    if new_pay * 100 < old_pay * pct:
        raise KefuError(
            f"新岗位薪酬 {num(new_pay)} 元低于原岗位薪酬 {num(old_pay)} 元的 {num(pct)}%"
            f"（至少 {num(minimum)} 元），不符合 R-PRO-4 "
            f"(R-PRO-4: new pay {num(new_pay)} is below {num(pct)}% of the old pay "
            f"{num(old_pay)}, at least {num(minimum)})"
        )
    return Step(RULE_PAY, "promotion.new_pay", args)


# --- the conditions ------------------------------------------------------------------------


def _tenure(years: Decimal, since: date, as_of: date) -> Condition:
    """在前一职级工作满 X 年: whole months, inclusive of the day it is reached."""
    required = int((years * MONTHS_A_YEAR).to_integral_value(rounding=ROUND_CEILING))
    reached_on = add_months(since, required)
    done = whole_months_between(since, as_of)
    holds = as_of >= reached_on
    step = Step(
        RULE,
        "promotion.tenure",
        {
            "since": since.isoformat(),
            "years": num(years),
            "months_required": required,
            "months_done": done,
            "reached_on": reached_on.isoformat(),
            "holds": holds,
        },
        reason=not holds,
    )
    return Condition("tenure", str(done), f"≥ {required}", holds, step)


def _indicator(
    indicator: _Indicator,
    target: LevelRequirement,
    window: tuple[Month, ...],
    figures: dict[Month, MonthIndicators],
) -> Condition:
    """A mean over the window's months against a minimum (≥) or a maximum (≤)."""
    threshold: Decimal = getattr(target, indicator.parameter)
    values: list[Decimal] = []
    missing: list[str] = []
    for month in window:
        row = figures.get(month)
        value = None if row is None else getattr(row, indicator.field)
        if value is None:
            missing.append(str(month))
        else:
            values.append(value)
    mean = Fraction(sum(values, Decimal(0))) / len(values) if values else None
    holds: bool | None = None
    if not missing:
        assert mean is not None  # the window has at least one month
        limit = Fraction(threshold)
        holds = mean >= limit if indicator.bound == "min" else mean <= limit
    unit = "%" if indicator.percent else ""
    scale = target.satisfaction_scale if indicator.code == "satisfaction" else None
    of_scale = f" / {num(scale)}" if scale is not None else ""
    sign = "≥" if indicator.bound == "min" else "≤"
    figure = None if mean is None else _fraction_text(mean) + unit
    step = Step(
        RULE,
        "promotion.indicator",
        {
            "indicator": indicator.code,
            "bound": indicator.bound,
            "figure": None if mean is None else _fraction_text(mean),
            "threshold": num(threshold),
            "scale": num(scale),
            "percent": indicator.percent,
            "months": [str(m) for m in window],
            "missing": missing,
            "holds": holds,
        },
        reason=holds is not True,
    )
    return Condition(
        indicator.code, figure, f"{sign} {num(threshold)}{unit}{of_scale}", holds, step
    )


def _exam(target: LevelRequirement, path: str, exam: ExamResult | None, as_of: date) -> Condition:
    """The latest skills exam, rescaled to the policy's full marks, against the minimum."""
    minimum = target.min_skills_exam_score
    scale = target.skills_exam_scale
    assert minimum is not None
    if scale is None:
        raise KefuError(
            f"{path}.skills_exam_scale 未填写：技能考核的最低分需要满分才能换算 "
            f"(the exam's minimum needs the policy's full marks)"
        )
    threshold = f"≥ {num(minimum)} / {num(scale)}"
    if exam is None:
        step = Step(
            RULE,
            "promotion.exam_missing",
            {"threshold": num(minimum), "scale": num(scale)},
            reason=True,
        )
        return Condition("skills_exam", None, threshold, None, step)
    if exam.scale <= 0 or not 0 <= exam.score <= exam.scale:
        raise KefuError(
            f"{exam.taken_on.isoformat()} 的技能考核成绩 {num(exam.score)}（满分 "
            f"{num(exam.scale)}）不正确 (an exam score must lie between 0 and its full marks)"
        )
    if exam.taken_on > as_of:
        raise KefuError(
            f"技能考核日期 {exam.taken_on.isoformat()} 晚于核对日 {as_of.isoformat()} "
            f"(the exam is after the as-of day)"
        )
    rescaled = Fraction(exam.score) / Fraction(exam.scale) * Fraction(scale)
    holds = rescaled >= Fraction(minimum)
    step = Step(
        RULE,
        "promotion.exam",
        {
            "taken_on": exam.taken_on.isoformat(),
            "score": num(exam.score),
            "exam_scale": num(exam.scale),
            "rescaled": _fraction_text(rescaled),
            "threshold": num(minimum),
            "scale": num(scale),
            "holds": holds,
        },
        reason=not holds,
    )
    return Condition(
        "skills_exam", f"{_fraction_text(rescaled)} / {num(scale)}", threshold, holds, step
    )


def _supervisor(approved: bool | None) -> Condition:
    """经上级领导评估认可: approved holds, refused fails, not yet given is undecided."""
    step = Step(RULE, "promotion.supervisor", {"approved": approved}, reason=approved is not True)
    figure = None if approved is None else str(approved).lower()
    return Condition("supervisor_assessment", figure, "true", approved, step)


def _violations(violations: Iterable[Violation], start: date, as_of: date) -> Condition:
    """无违规违纪行为: none dated from ``start`` to ``as_of`` (both included)."""
    found = sorted((v for v in violations if start <= v.on <= as_of), key=lambda v: v.on)
    holds = not found
    step = Step(
        RULE,
        "promotion.violations",
        {
            "from": start.isoformat(),
            "to": as_of.isoformat(),
            "found": [f"{v.on.isoformat()} {v.what}" for v in found],
            "holds": holds,
        },
        reason=not holds,
    )
    return Condition("no_violations", str(len(found)), "= 0", holds, step)


# --- helpers -------------------------------------------------------------------------------


def _refuse_open(open_paths: Collection[str], needed: Iterable[str], rule: str) -> None:
    """Refuse while a needed parameter (or anything under or above it) is left ``[X]``."""
    opened = [
        path
        for path in open_paths
        if any(_related(path, need) or _related(need, path) for need in needed)
    ]
    if opened:
        listed = "、".join(opened)
        raise KefuError(
            f"政策参数 {listed} 未设置 ([X])，规则 {rule} 需要：请在政策文件中填写后再执行 "
            f"(policy parameter(s) {', '.join(opened)} not set ([X]); {rule} needs them)"
        )


def _related(path: str, under: str) -> bool:
    return path == under or path.startswith(under + ".") or path.startswith(under + "[")


def _required(value: T | None, path: str, rule: str) -> T:
    if value is None:
        raise KefuError(
            f"政策参数 {path} 未填写，规则 {rule} 需要它 (policy parameter {path} is empty)"
        )
    return value


def _by_month(months: Sequence[MonthIndicators]) -> dict[Month, MonthIndicators]:
    """The monthly figures by month; a month twice or a negative figure is bad input."""
    out: dict[Month, MonthIndicators] = {}
    for row in months:
        month = Month.parse(row.month)
        if month in out:
            raise KefuError(f"{month} 的业绩指标重复 (a month's indicators are given twice)")
        for indicator in INDICATORS:
            value: Decimal | None = getattr(row, indicator.field)
            if value is not None and value < 0:
                raise KefuError(
                    f"{month} 的 {indicator.field} 不能为负：{num(value)} "
                    f"(an indicator cannot be negative)"
                )
        out[month] = row
    return out


def _fraction_text(value: Fraction) -> str:
    """Exact text of a fraction; one that does not end is cut to six decimals with '…'."""
    with localcontext() as ctx:
        ctx.prec = 80
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(quotient) == value:
            text = num(quotient)
            assert text is not None
            return text
        cut = quotient.quantize(Decimal(1).scaleb(-_SHOWN_DECIMALS), rounding=ROUND_DOWN)
    return f"{cut:f}…"
