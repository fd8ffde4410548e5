"""The policy file format (政策): every number a rule uses, validated strictly.

A policy file is one dated version of a center's rules. Unknown keys are rejected; a value
written ``[X]`` is an open parameter (the seed left it blank): the file loads, ``policy check``
lists it, and a rule that needs it refuses to run until it is set.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Share = Annotated[Decimal, Field(gt=0, le=1)]
Weight = Annotated[Decimal, Field(ge=0, le=1)]
Score = Annotated[Decimal, Field(ge=0, le=100)]
Yuan = Annotated[Decimal, Field(ge=0)]
Component = Literal["call_quality", "work_ability", "overall_conduct"]


class Strict(BaseModel):
    """Base of every policy section: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(Strict):
    """One row of a score band table (档位): a score range, an optional rank quota, an amount.

    ``score_from`` is inclusive and ``score_below`` exclusive (``None``: up to the top of the
    scale), so the rows must tile 0..100 with no gap and no overlap. ``rank_share_at_most`` is
    the cumulative share of the pool (rank / pool size ≤ share, R-BON-3); ``None``: no quota.
    """

    label: str
    score_from: Score
    score_below: Score | None = None
    rank_share_at_most: Share | None = None
    amount: Yuan
    stars: int | None = Field(default=None, ge=0, le=10)


class AttendanceCycle(Strict):
    """考勤计算周期 (R-BON-5): the attendance month, labelled by the month it ends in."""

    start_day: int | None = Field(ge=1, le=28)
    reference: str | None = None


class Exclusions(Strict):
    """Who gets no bonus this month (R-BON-4, R-LQA-4); they keep their score but take no quota."""

    probation: bool = True
    dismissed_for_performance: bool = True
    absence_days_at_least: Decimal | None = None
    notice_period_unapproved_absence: bool = True
    notice_period_sick_leave_days_at_least: Decimal | None = None


class Display(Strict):
    """How scores are shown (R-BON-1): computed exactly, rounded only for display."""

    score_decimals: int = Field(ge=0, le=4)
    rounding: Literal["half_up", "half_even"]


class MonthlyBonus(Strict):
    """月度奖金 for agents (R-BON-1..5)."""

    reference: str | None = None
    weights: dict[Component, Weight]
    tie_breaker: Component
    pool_scope: Literal["center", "department"]
    bands: list[Band]
    exclusions: Exclusions


class LeaderQaBonus(Strict):
    """组长及QA奖金 (R-LQA-1..4): ranked places paid above a strict score floor."""

    reference: str | None = None
    weights: dict[Component, Weight]
    tie_breaker: Component
    pools: Literal["together", "separate"]
    score_above: Score
    place_amounts: list[Yuan] = Field(min_length=1)
    team_leader_work_ability_from_team_mean: bool = False
    exclusions: Exclusions


class Stars(Strict):
    """星级工资 (R-STAR-1): quarterly stars from the mean of the quarter's monthly scores."""

    reference: str | None = None
    bands: list[Band]
    paid_months: int = Field(ge=1, le=12)


class AwardTheme(Strict):
    """One 奖项主题 (R-AWD-1), switched on for some or all months."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["full_attendance", "progress", "quality_service", "hundred_percent_star"]
    name: str
    name_en: str
    amount: Yuan
    winners: int | None = Field(default=None, ge=1)
    months: list[Month] | None = None
    shift_swaps_below: int | None = Field(default=None, ge=0)
    min_monitoring_score: Score | None = None
    min_exam_score: Score | None = None
    min_commendations: int | None = Field(default=None, ge=1)
    streak_months: int | None = Field(default=None, ge=1)


class Awards(Strict):
    """表现优异奖 (R-AWD-1..2)."""

    reference: str | None = None
    themes: list[AwardTheme]


class ShiftType(Strict):
    """班次 (R-SHF-1): on-site and counted hours."""

    code: str
    starts: str = Field(pattern=r"^\d{2}:\d{2}$")
    ends: str = Field(pattern=r"^\d{2}:\d{2}$")
    on_site_hours: Decimal = Field(gt=0, le=24)
    counted_hours: Decimal = Field(gt=0, le=24)
    night: bool = False


class Hours(Strict):
    """工时 and 换休 (R-HRS-1..2)."""

    reference: str | None = None
    hours_per_working_day: Decimal = Field(gt=0)
    comp_time_expires_months: int | None = Field(ge=1)
    comp_time_request_days_ahead: int | None = Field(ge=0)
    shift_types: list[ShiftType]


class Pay(Strict):
    """薪资 (R-PAY-1..3): allowances and multipliers."""

    reference: str | None = None
    night_allowance_per_shift: Yuan | None
    holiday_pay_multiplier: Decimal | None = Field(gt=0)
    day_wage_divisor: Decimal | None = Field(gt=0)


class LevelRequirement(Strict):
    """Numeric entry conditions for one ladder level (R-PRO-1)."""

    level: str
    name: str
    years_at_previous_level: Decimal | None = Field(ge=0)


class Promotion(Strict):
    """晋升制度 (R-PRO-1..4)."""

    reference: str | None = None
    levels: list[LevelRequirement]
    window_months_back: int | None = Field(ge=1)
    min_satisfaction: Decimal | None
    satisfaction_scale: Decimal | None
    max_response_minutes: Decimal | None
    min_on_time_response_pct: Decimal | None
    min_resolution_pct: Decimal | None
    max_complaint_pct: Decimal | None
    min_kpi_completion_pct: Decimal | None
    min_skills_exam_score: Decimal | None
    skills_exam_scale: Decimal | None
    application_months: list[int] | None
    public_notice_working_days: int | None = Field(ge=1)
    min_new_pay_pct_of_old: Decimal | None


class Election(Strict):
    """组长竞聘 (R-ELE-1)."""

    reference: str | None = None
    weights: dict[str, Weight]
    pm_points: list[Band]
    probation_months: int = Field(ge=0)


class EaglePlan(Strict):
    """雏鹰计划 (R-EGL-1..3)."""

    reference: str | None = None
    min_tenure_years: Decimal = Field(ge=0)
    members: int = Field(ge=1)
    pass_mark: Score
    gap_exempt_within_months: int = Field(ge=0)


class NewHireTraining(Strict):
    """新员工培训与淘汰 (R-NEW-1..4)."""

    reference: str | None = None
    programme_days: int | None = Field(ge=1)
    pass_mark: Score | None
    evaluation_every_weeks: int | None = Field(ge=1)
    consecutive_fails_to_eliminate: int | None = Field(ge=1)
    public_notice_working_days: int | None = Field(ge=1)


class BottomElimination(Strict):
    """末位淘汰 (R-BOT-1) and the reserve staffing of R-REC-1."""

    reference: str | None = None
    last_places: int = Field(ge=1)
    consecutive_months: int = Field(ge=1)
    standby_months: int | None = Field(ge=1)
    pre_shift_meeting_minutes_early: int | None = Field(ge=0)
    reserve_share_of_seats: Share | None


class Policy(Strict):
    """A whole policy file: metadata and the sections a center uses."""

    kefu_policy: Literal[1]
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: str
    reference: str
    effective_from: Month
    attendance_cycle: AttendanceCycle | None = None
    display: Display
    monthly_bonus: MonthlyBonus | None = None
    leader_qa_bonus: LeaderQaBonus | None = None
    stars: Stars | None = None
    awards: Awards | None = None
    hours: Hours | None = None
    pay: Pay | None = None
    promotion: Promotion | None = None
    election: Election | None = None
    eagle_plan: EaglePlan | None = None
    new_hire_training: NewHireTraining | None = None
    bottom_elimination: BottomElimination | None = None
