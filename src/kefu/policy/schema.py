"""The policy file format (政策): every number a rule uses, validated strictly.

A policy file is one dated version of a center's rules. Unknown keys are rejected; a value
written ``[X]`` is an open parameter (the seed left it blank): the file loads, ``policy check``
lists it, and a rule that needs it refuses to run until it is set.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

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


class ShiftBreak(Strict):
    """An unpaid break inside a shift (e.g. a 30-minute meal), as clock times."""

    starts: str = Field(pattern=r"^\d{2}:\d{2}$")
    ends: str = Field(pattern=r"^\d{2}:\d{2}$")


class ShiftType(Strict):
    """班次 (R-SHF-1): on-site and counted hours; a shift whose end is not after its start ends
    the next day (a night shift). ``breaks`` place the unpaid time; without them the counted
    hours are spread evenly over the time on site when a shift is split at midnight."""

    code: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9]{0,7}$")
    name: str | None = None
    starts: str = Field(pattern=r"^\d{2}:\d{2}$")
    ends: str = Field(pattern=r"^\d{2}:\d{2}$")
    on_site_hours: Decimal = Field(gt=0, le=24)
    counted_hours: Decimal = Field(gt=0, le=24)
    night: bool = False
    breaks: list[ShiftBreak] = Field(default_factory=list)


class Hours(Strict):
    """工时 and 换休 (R-HRS-1..2)."""

    reference: str | None = None
    hours_per_working_day: Decimal = Field(gt=0)
    comp_time_expires_months: int | None = Field(ge=1)
    comp_time_request_days_ahead: int | None = Field(ge=0)
    late_grace_minutes: int = Field(default=0, ge=0, le=120)
    """Minutes after a shift's start before a clock-in counts as late (迟到)."""
    shift_types: list[ShiftType]


class OtherAllowance(Strict):
    """其它津贴: a named allowance a month, a shift worked or a night shift (R-PAY-1)."""

    name: str
    name_en: str
    amount: Yuan
    per: Literal["month", "shift_worked", "night_shift"]


class Pay(Strict):
    """薪资 (R-PAY-1..3): base pay, allowances, multipliers and leave deductions."""

    reference: str | None = None
    base_pay_by_level: dict[str, Yuan] | None = None
    """基本工资 of each level (职级), as the register names levels."""
    night_allowance_per_shift: Yuan | None
    meal_allowance_per_shift: Yuan | None = None
    holiday_pay_multiplier: Decimal | None = Field(gt=0)
    day_wage_divisor: Decimal | None = Field(gt=0)
    personal_leave_deduction_share: Share | None = None
    """Share of a day's wage deducted for each day of 事假."""
    sick_leave_deduction_share: Weight | None = None
    """Share of a day's wage deducted for each day of 病假 (0: sick leave is fully paid)."""
    absenteeism_deduction_share: Share | None = None
    """Share of a day's wage deducted for each day of 旷工."""
    rounding: Literal["half_up", "half_even"] = "half_up"
    """How each pay line is rounded to the fen (分)."""
    other_allowances: list[OtherAllowance] = Field(default_factory=list)
    """Further allowances the center pays (e.g. 交通补贴 a month); the seed names none."""


class LevelRequirement(Strict):
    """One rung of the ladder (R-ORG-3) and the conditions to apply for it (R-PRO-1).

    A condition left out (None) is not a condition of the center; one written ``[X]`` is open
    and the ladder check refuses until it is set. The first level has no conditions.
    """

    level: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """Code: junior | intermediate | senior | supervisor | manager."""
    name: str = Field(min_length=1)
    """初级客服 …, exactly as the staff register writes the level."""
    years_at_previous_level: Decimal | None = Field(default=None, ge=0)
    """在前一职级工作满 X 年 (may be fractional: 1.5 = 18 months)."""
    window_months_back: int | None = Field(default=None, ge=1)
    """近 X 个月: the complete calendar months the figures are taken over."""
    min_satisfaction: Decimal | None = Field(default=None, ge=0)
    satisfaction_scale: Decimal | None = Field(default=None, gt=0)
    """满分 of the satisfaction score; the figure and the minimum are on this scale."""
    max_response_minutes: Decimal | None = Field(default=None, ge=0)
    min_on_time_response_pct: Decimal | None = Field(default=None, ge=0)
    min_resolution_pct: Decimal | None = Field(default=None, ge=0)
    max_complaint_pct: Decimal | None = Field(default=None, ge=0)
    min_kpi_completion_pct: Decimal | None = Field(default=None, ge=0)
    min_skills_exam_score: Decimal | None = Field(default=None, ge=0)
    skills_exam_scale: Decimal | None = Field(default=None, gt=0)
    """满分 of the skills exam; an exam on another scale is rescaled to it."""
    supervisor_assessment: bool = True
    """经上级领导评估认可 is required."""
    no_violations: bool = True
    """无违规违纪行为 in the window is required."""

    @model_validator(mode="after")
    def _minimums_within_their_scales(self) -> LevelRequirement:
        pairs = (
            ("min_satisfaction", self.min_satisfaction, self.satisfaction_scale),
            ("min_skills_exam_score", self.min_skills_exam_score, self.skills_exam_scale),
        )
        for name, minimum, scale in pairs:
            if minimum is not None and scale is not None and minimum > scale:
                raise ValueError(f"{name} {minimum} 大于满分 {scale} (a minimum above its scale)")
        return self


class Promotion(Strict):
    """晋升制度 (R-ORG-3, R-PRO-1..4): the ladder, application months, notice, new pay."""

    reference: str | None = None
    levels: list[LevelRequirement] = Field(min_length=1)
    """Lowest first; the first level has no conditions (nobody is promoted into it)."""
    application_months: list[Annotated[int, Field(ge=1, le=12)]] | None = Field(min_length=1)
    """每年[X]月和[X]月: the months applications are taken in (1..12)."""
    public_notice_working_days: int | None = Field(ge=1)
    min_new_pay_pct_of_old: Decimal | None = Field(ge=0)
    """新岗位薪酬不低于原岗位薪酬的 X%."""
    training_plan: list[str] = Field(default_factory=list)
    """晋升培训: the plan given to the promoted person (R-PRO-4)."""

    @field_validator("application_months")
    @classmethod
    def _months_once_each(cls, months: list[int] | None) -> list[int] | None:
        if months is not None and len(set(months)) != len(months):
            raise ValueError("申请月份重复 (a month is listed twice)")
        return months

    @model_validator(mode="after")
    def _a_ladder_of_distinct_levels(self) -> Promotion:
        for what in ("level", "name"):
            values = [getattr(level, what) for level in self.levels]
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"职级重复: {', '.join(repeated)} (a level is listed twice)")
        first = self.levels[0]
        numeric = [
            name
            for name, value in first
            if isinstance(value, Decimal | int) and not isinstance(value, bool)
        ]
        if numeric:
            raise ValueError(
                f"最低职级 {first.name} 不能有晋升条件: {', '.join(numeric)} "
                "(nobody is promoted into the first level)"
            )
        return self


class Election(Strict):
    """组长竞聘 (R-ELE-1): the five parts' weights, the PM points and the probation."""

    reference: str | None = None
    weights: dict[Literal["ability", "pm", "interview", "manager", "peers"], Weight]
    """Shares of the composite; ``pm`` is carried by ``pm_points`` (its amounts are points)."""
    pm_points: list[Band]
    """Points by the mean PM score; lower edges inclusive (RULES R-ELE-1 decision)."""
    probation_months: int = Field(ge=0)
    public_notice_working_days: int | None = Field(default=None, ge=1)
    """How long the result is on public notice (R-PUB-1); the seed names no period."""


class GroupSeat(Strict):
    """Seats of a department in the Eagle group (R-EGL-2: 2 from SOSO, 1 each from 一部/二部)."""

    department: str
    members: int = Field(ge=1)


class EaglePlan(Strict):
    """雏鹰计划 (R-EGL-1..3)."""

    reference: str | None = None
    min_tenure_years: Decimal = Field(ge=0)
    """Years in a regular customer-service department before applying (任职一年以上)."""
    source_departments: list[str]
    """The regular customer-service departments applicants come from (普通客服部)."""
    target_department: str
    """Where those who pass are transferred (VIP客服部)."""
    members: int = Field(ge=1)
    group: list[GroupSeat]
    """The group's seats by department; they add up to ``members``."""
    pass_mark: Score
    gap_exempt_within_months: int = Field(ge=0)
    """A GAP score ≥ the pass mark taken within this many months before applying exempts."""
    shortlist_within_days: int = Field(ge=0)
    """Candidates are shortlisted within this many days after the deadline (2天内)."""
    interview_from_days: int = Field(ge=0)
    interview_to_days: int = Field(ge=0)
    """The panel interviews 5–7 days after the deadline."""
    plan_months_min: Decimal = Field(gt=0)
    plan_months_max: Decimal = Field(gt=0)
    """A study plan should take 1 to 2 months (原则1个月至2个月)."""
    preferred_levels: list[str] = Field(default_factory=list)
    """Original levels, most preferred first (建议高客)."""
    award_weights: dict[str, Decimal] | None
    """Weight of each award theme when screening (含金量越高越好); the seed gives none."""
    awards_within_months: int | None = Field(default=None, ge=1)
    """Awards count from the closed months of the application month and the N−1 before it;
    unset: every closed month (the seed asks only whether one was won at the company)."""
    leader_replaced_above_share: Share
    """The leader is replaced when valid complaints come from more than this share of members."""
    public_notice_working_days: int | None = Field(default=None, ge=1)
    """How long results are on public notice (R-PUB-1); the seed names no period."""


class NewHireTraining(Strict):
    """新员工培训与淘汰 (R-NEW-1..4): the programme, the training scores and the elimination."""

    reference: str | None = None
    programme_days: int | None = Field(ge=1)
    """How long the programme runs (入职后30天内)."""
    plan: str = Field(default="seed-000", pattern=r"^[a-z0-9][a-z0-9-]*$")
    """The day-by-day plan a new cohort starts from (a shipped plan file); each cohort keeps
    its own copy, which trainers may edit."""
    pass_mark: Score | None
    """Pass mark of the theory exam, the practical exam and the daily-conduct mean (60)."""
    conduct_parts: dict[Literal["attendance", "attitude", "teamwork"], Score] | None = None
    """Daily conduct out of 100: attendance up to 30, attitude up to 30, teamwork up to 40."""
    evaluation_every_weeks: int | None = Field(ge=1)
    """Scores are taken every N weeks (and after key lessons)."""
    consecutive_fails_to_eliminate: int | None = Field(ge=1)
    """Theory (or practical) below the pass mark this many times in a row flags elimination."""
    conduct_warnings_to_flag: int | None = Field(default=None, ge=1)
    """A conduct mean below the pass mark flags elimination once the trainee has had this many
    recorded warnings (经多次提醒仍无明显改进)."""
    conversion_pass_mark: Score | None = None
    """Pass mark of the conversion exam (转正考试) and its re-exam."""
    re_exam_after_days: int | None = Field(default=None, ge=1)
    """The re-exam after a failed conversion exam sits this many days later (二天后)."""
    probation_after_re_exam_months: int | None = Field(default=None, ge=0)
    """Passing the re-exam makes the trainee regular after this many months of probation."""
    public_notice_working_days: int | None = Field(ge=1)
    """How long an elimination is on public notice (公示期[X]个工作日)."""

    @model_validator(mode="after")
    def _conduct_parts_make_100(self) -> NewHireTraining:
        """R-NEW-2: daily conduct is out of 100, shared by attendance, attitude and teamwork."""
        parts = self.conduct_parts
        if parts is None:
            return self
        missing = sorted({"attendance", "attitude", "teamwork"} - parts.keys())
        if missing:
            raise ValueError(
                f"conduct_parts 缺少 {', '.join(missing)} (daily conduct has three parts)"
            )
        total = sum(parts.values(), Decimal(0))
        if total != 100:
            raise ValueError(
                f"conduct_parts 合计 {total} 分，应为 100 分 (the parts must add up to 100)"
            )
        return self


class Exams(Strict):
    """题库与考试 (R-EXM-1): papers drawn from the bank, graded, fed to the assessment."""

    reference: str | None = None
    pass_mark: Score | None
    """Pass mark of a paper out of 100 (a paper's score is rescaled to 100)."""
    time_limit_minutes: int | None = Field(ge=1)
    """Default time limit of a sitting; a paper may set its own."""
    multiple_choice: Literal["all_or_nothing", "partial"] = "all_or_nothing"
    """How a multiple-choice answer scores: only the exact set, or a share for a subset that
    picks no wrong option."""
    monthly_exam_day: int | None = Field(default=None, ge=1, le=28)
    """The monthly exam is to be finished before this day of the month (每月[X]日前)."""


class BottomElimination(Strict):
    """末位淘汰 (R-BOT-1)."""

    reference: str | None = None
    last_places: int = Field(ge=1)
    consecutive_months: int = Field(ge=1)
    standby_months: int | None = Field(ge=1)
    """待岗培训 lasts this many months: base pay only."""
    re_entry_pass_mark: Score | None = None
    """The re-entry exam (重新上岗考试) needs at least this score."""
    unranked_month: Literal["skip", "break"] = "skip"
    """A month the person is not in the center's ranking: ``skip`` neither counts nor breaks a
    run of last places; ``break`` ends it."""
    public_notice_working_days: int | None = Field(default=None, ge=1)
    """How long a standby or dismissal decision is on public notice (R-PUB-1)."""


class Monitoring(Strict):
    """QA 监控 (R-QA-1): how the month's final evaluations make its 通话评估成绩.

    An evaluation is final when the agent acknowledges it, when the acknowledgement window
    passes without a dispute, or when a second reviewer decides a dispute.
    """

    reference: str | None = None
    call_quality_from: Literal["evaluations", "import"]
    """``evaluations``: the month's 通话评估成绩 is computed from its final evaluations;
    ``import``: the imported 月度成绩 column stands (a center not monitoring in kefu)."""
    aggregate: Literal["mean", "minimum"] = "mean"
    """How the month's final evaluation scores of one agent make one score."""
    min_evaluations: int | None = Field(ge=1)
    """The fewest final evaluations a month needs for a computed 通话评估成绩."""
    below_minimum: Literal["import", "missing", "aggregate"]
    """Fewer final evaluations than ``min_evaluations``: ``import`` uses the imported column
    (missing if none), ``missing`` leaves the component missing (no score, R-BON-1),
    ``aggregate`` uses what there is (missing if none)."""
    critical_failure_score: Score
    """An evaluation with a failed critical item (致命项) scores this, whatever else it earned."""
    acknowledge_working_days: int | None = Field(ge=1)
    """The agent acknowledges or disputes an evaluation within this many working days; after
    that it is final as it stands."""
    calibration_tolerance: Score
    """A calibration score further than this from the reference is flagged."""
    recurring_at_least: int | None = Field(default=None, ge=1)
    """A scorecard item losing points for the same agent in this many evaluations of a
    report's period is a recurring problem (重复问题)."""


class ConductRule(Strict):
    """One rule of the conduct catalogue (扣分标准, R-DIS-1): a range of points to deduct."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    name_en: str
    min_points: int = Field(ge=1)
    max_points: int = Field(ge=1)
    """Points deducted (扣分) lie in min_points..max_points; equal for a fixed deduction."""
    each_person: bool = False
    """The deduction applies to each person involved (e.g. −20 each, −40 each)."""
    reference: str | None = None


class OverallConductMapping(Strict):
    """How the month's conduct points reach 综合工作表现 (R-DIS-1 → R-BON-1)."""

    mode: Literal["deduct", "replace"]
    """``deduct``: the imported 综合工作表现 (or ``base`` when none) minus the points;
    ``replace``: ``base`` minus the points, whatever was imported."""
    base: Score
    score_per_point: Decimal = Field(gt=0)
    """综合工作表现 lost per conduct point."""
    floor: Score
    """综合工作表现 never goes below this (0 in the presets)."""


class Conduct(Strict):
    """扣分 (R-DIS-1): conduct events recorded by leaders reduce the month's 综合工作表现."""

    reference: str | None = None
    rules: list[ConductRule] = Field(min_length=1)
    overall_conduct: OverallConductMapping
    objection_working_days: int | None = Field(default=None, ge=1)
    """A person may object to a conduct event within this many working days (R-PUB-1)."""


class Meetings(Strict):
    """会议制度 (R-MTG-1): pre-shift, post-shift, weekly and monthly meetings."""

    reference: str | None = None
    pre_shift_minutes_early: int | None = Field(ge=0)
    """The pre-shift meeting (班前会) starts this many minutes before the shift (班前提早[X]分钟)."""
    weekly_weekday: int = Field(ge=1, le=7)
    """The weekly meeting (工作例会) is held on this weekday (1 = Monday … 5 = Friday)."""
    monthly_by_day: int | None = Field(ge=1, le=28)
    """The monthly department meeting (部门工作例会) is held by this day of the month (每月初)."""
    follow_up_days: int | None = Field(default=None, ge=1)
    """A follow-up (跟进事项) without its own due date is due this many days after the meeting."""


class Recruitment(Strict):
    """招聘测试与人员储备 (R-REC-1)."""

    reference: str | None = None
    min_chinese_chars_per_minute: int | None = Field(ge=1)
    """上机测试: Chinese input speed (characters a minute)."""
    min_digits_per_minute: int | None = Field(ge=1)
    """上机测试: digit input speed (digits a minute)."""
    office_software_pass_mark: Score | None
    reading_aloud_pass_mark: Score | None
    """朗读测试: clarity and accuracy, each scored 0–100; both must reach it."""
    interview_dimensions: list[str] = Field(min_length=1)
    """面试考察内容: the dimensions an interviewer scores 0–100."""
    interview_pass_mark: Score | None
    """The mean of the interview dimensions must reach it (复试)."""
    reserve_share_of_seats: Share | None
    """Keep this share of the seat count as trained reserve (按座席代表总数的[X]储备)."""
    seats: int | None = Field(default=None, ge=1)
    """The center's seat count; unset: the register's customer-service agents."""


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
    exams: Exams | None = None
    bottom_elimination: BottomElimination | None = None
    recruitment: Recruitment | None = None
    monitoring: Monitoring | None = None
    conduct: Conduct | None = None
    meetings: Meetings | None = None
