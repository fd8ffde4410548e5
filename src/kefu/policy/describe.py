"""The policy page's words (政策说明): a loaded policy as titled sections, Chinese or English.

Pure: it reads only the loaded policy. Every number comes from the policy; an open ``[X]``
parameter is shown where it stands as not set, and a section the policy lacks is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel

from kefu.explain.messages import COMPONENT_NAMES, Lang
from kefu.policy.lint import SECTION_RULES, THEME_PARAMETERS
from kefu.policy.loader import LoadedPolicy
from kefu.policy.schema import (
    AttendanceCycle,
    Awards,
    AwardTheme,
    Band,
    Component,
    Conduct,
    Display,
    Election,
    Exclusions,
    LeaderQaBonus,
    Monitoring,
    MonthlyBonus,
    Stars,
)


@dataclass(frozen=True)
class Table:
    """A table of a section: header cells and rows of text cells."""

    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    """One titled part of the policy page, citing the rules it holds the values of."""

    key: str
    title: str
    rule_ids: tuple[str, ...]
    lines: list[str]
    table: Table | None = None


# Display holds no rule of its own; its rounding is the one R-BON-1 asks for.
_MORE_RULES = {"display": "R-BON-1"}

_TITLES: dict[str, tuple[str, str]] = {
    "header": ("政策概况", "Policy overview"),
    "attendance_cycle": ("考勤计算周期", "Attendance cycle"),
    "display": ("分数显示", "Score display"),
    "monthly_bonus": ("月度奖金", "Monthly bonus"),
    "leader_qa_bonus": ("组长及QA奖金", "Team leader and QA bonus"),
    "stars": ("星级工资", "Star wage"),
    "awards": ("表现优异奖", "Excellence awards"),
    "hours": ("工时与换休", "Hours and comp time"),
    "pay": ("薪资", "Pay"),
    "promotion": ("晋升制度", "Promotion"),
    "election": ("组长竞聘", "Team leader election"),
    "eagle_plan": ("雏鹰计划", "Eagle plan"),
    "new_hire_training": ("新员工培训与淘汰", "New-hire training and elimination"),
    "exams": ("题库与考试", "Question bank and exams"),
    "bottom_elimination": ("末位淘汰", "Bottom elimination"),
    "recruitment": ("招聘测试与人员储备", "Recruitment tests and reserve staffing"),
    "monitoring": ("QA 监控与通话评估成绩", "QA monitoring and the call-quality score"),
    "conduct": ("扣分标准", "Conduct points"),
    "meetings": ("会议制度", "Meetings"),
}

# Field names of the later modules, rendered generically until their modules exist.
_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "hours_per_working_day": ("每个工作日标准工时（小时）", "standard hours a working day"),
    "comp_time_expires_months": ("换休有效期（月）", "comp time expires after (months)"),
    "comp_time_request_days_ahead": ("换休须提前申请（天）", "comp time requested ahead (days)"),
    "shift_types": ("班次", "shift types"),
    "code": ("代码", "code"),
    "starts": ("开始", "starts"),
    "ends": ("结束", "ends"),
    "on_site_hours": ("在岗工时", "on-site hours"),
    "counted_hours": ("计算工时", "counted hours"),
    "night": ("夜班", "night"),
    "breaks": ("休息（不计工时）", "unpaid breaks"),
    "late_grace_minutes": ("迟到宽限（分钟）", "late grace (minutes)"),
    "base_pay_by_level": ("各职级基本工资", "base pay by level"),
    "meal_allowance_per_shift": ("伙食津贴（每班）", "meal allowance a shift"),
    "personal_leave_deduction_share": (
        "事假每天扣日工资的比例",
        "personal leave: share of a day's wage deducted a day",
    ),
    "sick_leave_deduction_share": (
        "病假每天扣日工资的比例",
        "sick leave: share of a day's wage deducted a day",
    ),
    "absenteeism_deduction_share": (
        "旷工每天扣日工资的比例",
        "absenteeism: share of a day's wage deducted a day",
    ),
    "rounding": ("取整方式（到分）", "rounding (to the fen)"),
    "other_allowances": ("其它津贴", "other allowances"),
    "per": ("发放单位", "paid per"),
    "name_en": ("英文名称", "English name"),
    "amount": ("金额（元）", "amount (yuan)"),
    "night_allowance_per_shift": ("夜班津贴（每班）", "night allowance a shift"),
    "holiday_pay_multiplier": ("法定节假日工资倍数", "statutory holiday pay multiplier"),
    "day_wage_divisor": ("日工资折算天数", "day wage divisor (days)"),
    "levels": ("职级", "levels"),
    "level": ("职级代码", "level"),
    "name": ("名称", "name"),
    "years_at_previous_level": ("在前一职级的年限", "years at the previous level"),
    "window_months_back": ("考察期（月）", "months looked back"),
    "min_satisfaction": ("客户满意度下限", "minimum customer satisfaction"),
    "satisfaction_scale": ("满意度满分", "satisfaction scale"),
    "max_response_minutes": ("平均响应时间上限（分钟）", "maximum response time (minutes)"),
    "min_on_time_response_pct": ("及时响应率下限", "minimum on-time response rate"),
    "min_resolution_pct": ("解决率下限", "minimum resolution rate"),
    "max_complaint_pct": ("投诉率上限", "maximum complaint rate"),
    "min_kpi_completion_pct": ("个人KPI完成率下限", "minimum KPI completion"),
    "min_skills_exam_score": ("技能考试最低分", "minimum skills exam score"),
    "skills_exam_scale": ("技能考试满分", "skills exam scale"),
    "supervisor_assessment": ("须经上级领导评估认可", "supervisor's approval required"),
    "no_violations": ("考察期内须无违规违纪", "no violation in the window required"),
    "training_plan": ("晋升培训计划", "promotion training plan"),
    "application_months": ("申请月份", "application months"),
    "public_notice_working_days": ("公示期（工作日）", "public notice (working days)"),
    "min_new_pay_pct_of_old": ("新薪酬不低于原薪酬的", "new pay at least this share of the old"),
    "probation_months": ("当选后试用期（月）", "probation after election (months)"),
    "min_tenure_years": ("最低司龄（年）", "minimum tenure (years)"),
    "members": ("成员人数", "members"),
    "pass_mark": ("及格分", "pass mark"),
    "gap_exempt_within_months": ("GAP成绩免考有效期（月）", "GAP exam exempt within (months)"),
    "source_departments": ("可申请的客服部门", "departments applicants come from"),
    "target_department": ("通过后调入部门", "department joined on passing"),
    "group": ("小组名额", "group seats"),
    "department": ("部门", "department"),
    "shortlist_within_days": (
        "截止后几天内选出候选人",
        "shortlist within (days after the deadline)",
    ),
    "interview_from_days": ("面试最早（截止后天数）", "interview from (days after the deadline)"),
    "interview_to_days": ("面试最晚（截止后天数）", "interview until (days after the deadline)"),
    "plan_months_min": ("学习计划最短（月）", "study plan at least (months)"),
    "plan_months_max": ("学习计划最长（月）", "study plan at most (months)"),
    "preferred_levels": ("优先的原职级", "preferred original levels"),
    "award_weights": ("奖项含金量（权重）", "award weights"),
    "awards_within_months": ("计入最近几个月的奖项", "awards of the last months"),
    "leader_replaced_above_share": (
        "投诉超过此比例的组员则另立组长",
        "leader replaced above this share of members complaining",
    ),
    "programme_days": ("培训天数", "programme days"),
    "evaluation_every_weeks": ("评估间隔（周）", "evaluation every (weeks)"),
    "consecutive_fails_to_eliminate": ("连续不及格次数（淘汰）", "consecutive fails to eliminate"),
    "plan": ("培训计划", "training plan"),
    "conduct_parts": ("日常表现各项满分", "daily conduct parts (maximum)"),
    "conduct_warnings_to_flag": ("提醒次数（日常表现）", "warnings before a conduct flag"),
    "conversion_pass_mark": ("转正考试及格分", "conversion exam pass mark"),
    "re_exam_after_days": ("补考间隔（天）", "re-exam after (days)"),
    "probation_after_re_exam_months": (
        "补考通过后试用（月）",
        "probation after the re-exam (months)",
    ),
    "time_limit_minutes": ("考试时限（分钟）", "time limit (minutes)"),
    "multiple_choice": ("多选题计分", "multiple-choice scoring"),
    "monthly_exam_day": ("月考截止日", "monthly exam by day"),
    "re_entry_pass_mark": ("重新上岗考试及格分", "re-entry exam pass mark"),
    "unranked_month": ("未参加排名的月份", "a month without a ranking"),
    "min_chinese_chars_per_minute": ("中文录入（字/分钟）", "Chinese input (characters a minute)"),
    "min_digits_per_minute": ("数字录入（个/分钟）", "digit input (digits a minute)"),
    "office_software_pass_mark": ("办公软件及格分", "office software pass mark"),
    "reading_aloud_pass_mark": ("朗读测试及格分", "reading aloud pass mark"),
    "interview_dimensions": ("面试考察内容", "interview dimensions"),
    "interview_pass_mark": ("面试及格分（平均）", "interview pass mark (mean)"),
    "seats": ("座席总数", "seats"),
    "last_places": ("末位名次数", "last places"),
    "consecutive_months": ("连续月数", "consecutive months"),
    "standby_months": ("待岗培训（月）", "standby training (months)"),
    "pre_shift_minutes_early": ("班前会提前（分钟）", "pre-shift meeting early (minutes)"),
    "weekly_weekday": ("工作例会（星期几）", "weekly meeting (weekday)"),
    "monthly_by_day": ("部门例会不晚于每月（日）", "monthly meeting by day"),
    "follow_up_days": ("跟进事项默认期限（天）", "follow-up due after (days)"),
    "call_quality_from": ("通话评估成绩来源", "call-quality score from"),
    "aggregate": ("月度汇总方式", "monthly aggregate"),
    "min_evaluations": ("每月最少监控次数", "fewest evaluations a month"),
    "below_minimum": ("监控次数不足时", "with too few evaluations"),
    "critical_failure_score": ("致命项不合格得分", "score on a failed critical item"),
    "acknowledge_working_days": (
        "确认或申诉期限（工作日）",
        "acknowledge or dispute within (working days)",
    ),
    "calibration_tolerance": ("校准允许偏差（分）", "calibration tolerance (points)"),
    "recurring_at_least": (
        "重复问题（同一项扣分次数）",
        "recurring problem (times an item lost points)",
    ),
    "objection_working_days": ("申诉期限（工作日）", "objection within (working days)"),
    "reserve_share_of_seats": ("储备人员占座席比例", "reserve share of seats"),
    "shift_swaps_below": ("换班次数上限", "shift-swap limit"),
    "min_monitoring_score": ("最低监控成绩", "minimum monitoring score"),
    "min_exam_score": ("最低考试成绩", "minimum exam score"),
    "min_commendations": ("书面表扬次数", "written commendations"),
    "streak_months": ("连续无错月数", "error-free months in a row"),
}
_YUAN_FIELDS = {"night_allowance_per_shift", "meal_allowance_per_shift"}
_SHARE_FIELDS = {
    "reserve_share_of_seats",
    "leader_replaced_above_share",
    "personal_leave_deduction_share",
    "sick_leave_deduction_share",
    "absenteeism_deduction_share",
}

_ELECTION_PARTS: dict[str, tuple[str, str]] = {
    "ability": ("能力表现", "ability"),
    "pm": ("PM成绩", "PM score"),
    "interview": ("面试考评", "interview"),
    "manager": ("经理评分", "manager score"),
    "peers": ("同事打分", "peer score"),
}

_AWARD_KINDS: dict[str, tuple[str, str]] = {
    "full_attendance": ("全勤奖", "full attendance"),
    "progress": ("进步奖", "progress"),
    "quality_service": ("优质服务奖", "quality service"),
    "hundred_percent_star": ("百分百之星", "100% star"),
}
# What each kind-specific parameter asks (R-AWD-1); ``{n}`` is the parameter's value.
_THEME_CONDITIONS: dict[str, tuple[str, str]] = {
    "shift_swaps_below": (
        "自愿换班少于 {n} 次，且考勤周期内无迟到、早退、事假、病假",
        "fewer than {n} voluntary shift swaps and no late arrival, early leave, "
        "personal or sick leave in the cycle",
    ),
    "min_monitoring_score": (
        "当月每次监控成绩不低于 {n} 分",
        "every monitoring score of the month at least {n}",
    ),
    "min_exam_score": (
        "当月每次考试成绩不低于 {n} 分",
        "every exam score of the month at least {n}",
    ),
    "min_commendations": (
        "当月获客户书面表扬至少 {n} 次",
        "at least {n} written customer commendation(s) in the month",
    ),
    "streak_months": (
        "连续 {n} 个月无错误工单及错误退费登记",
        "{n} consecutive months with no erroneous work order or refund registration",
    ),
}


@dataclass(frozen=True)
class _Words:
    """The language of one description and the policy's open parameters."""

    lang: Lang
    open_paths: frozenset[str]

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def pair(self, words: tuple[str, str]) -> str:
        return words[0] if self.lang == "zh" else words[1]

    @property
    def colon(self) -> str:
        return self.t("：", ": ")

    @property
    def sep(self) -> str:
        return self.t("，", ", ")

    @property
    def items(self) -> str:
        return self.t("、", ", ")

    def line(self, label: str, value: str) -> str:
        return f"{label}{self.colon}{value}"

    def not_set(self) -> str:
        return self.t(
            "未设置 [X]（此规则在设置前不会运行）",
            "not set [X] (this rule will not run until it is set)",
        )

    def is_open(self, path: str) -> bool:
        return path in self.open_paths

    def reference(self, reference: str | None) -> list[str]:
        return [self.line(self.t("依据", "Source"), reference)] if reference else []


def describe(policy: LoadedPolicy, lang: Lang = "zh") -> list[Section]:
    """The policy as readable sections (政策说明), in schema order, absent sections skipped."""
    w = _Words(lang, frozenset(policy.open_parameters))
    sections = []
    for key in _TITLES:  # the schema's order
        if key == "header":
            sections.append(_section(key, w, _header(policy, w)))
        elif key == "display":
            sections.append(_section(key, w, _display(policy.model.display, w)))
        else:
            sections += _optional(key, getattr(policy.model, key), w)
    return sections


def _optional(key: str, value: BaseModel | None, w: _Words) -> list[Section]:
    """A section's description; an open section says so, an absent one is skipped."""
    if value is None:
        return [_section(key, w, [w.not_set()])] if w.is_open(key) else []
    if isinstance(value, AttendanceCycle):
        return [_section(key, w, _attendance_cycle(value, w))]
    if isinstance(value, MonthlyBonus):
        return [_section(key, w, *_monthly_bonus(value, w))]
    if isinstance(value, LeaderQaBonus):
        return [_section(key, w, _leader_qa_bonus(value, w))]
    if isinstance(value, Stars):
        return [_section(key, w, *_stars(value, w))]
    if isinstance(value, Awards):
        return [_section(key, w, *_awards(value, w))]
    if isinstance(value, Election):
        return [_section(key, w, _election(value, w))]
    if isinstance(value, Monitoring):
        return [_section(key, w, _monitoring(value, w))]
    if isinstance(value, Conduct):
        return [_section(key, w, *_conduct(value, w))]
    return [_section(key, w, _generic(value, key, w))]


def _section(key: str, w: _Words, lines: list[str], table: Table | None = None) -> Section:
    rules = SECTION_RULES.get(key) or _MORE_RULES.get(key, "")
    rule_ids = tuple(r.strip() for r in rules.split(",") if r.strip())
    return Section(key, w.pair(_TITLES[key]), rule_ids, lines, table)


def _header(policy: LoadedPolicy, w: _Words) -> list[str]:
    model = policy.model
    lines = [
        w.line(
            w.t("名称", "Name"),
            w.t(f"{model.title}（{model.name}）", f"{model.title} ({model.name})"),
        ),
        w.line(w.t("版本", "Version"), model.version),
        w.line(w.t("生效月份", "In force from"), model.effective_from),
        w.line(w.t("标识", "Label"), policy.label),
        w.line(w.t("内容哈希", "Content hash"), policy.sha256[:12]),
        w.line(w.t("来源", "Loaded from"), policy.source),
        *w.reference(model.reference),
    ]
    if policy.open_parameters:
        n = len(policy.open_parameters)
        lines.append(
            w.t(
                f"有 {n} 个参数尚未设置，需要它们的规则在设置前不会运行",
                f"{n} parameter(s) are still open; the rules that need them will not run until they are set",
            )
        )
    return lines


def _attendance_cycle(cycle: AttendanceCycle, w: _Words) -> list[str]:
    label = w.t("考勤计算周期", "Attendance cycle")
    day = cycle.start_day
    if day is None:
        lines = [
            w.line(
                w.t("开始日", "Start day"),
                w.not_set() if w.is_open("attendance_cycle.start_day") else w.t("无", "none"),
            )
        ]
    elif day == 1:
        lines = [
            w.line(
                label,
                w.t("自然月（每月 1 日至月末）", "the calendar month (day 1 to the month's end)"),
            )
        ]
    else:
        lines = [
            w.line(
                label,
                w.t(
                    f"上月 {day} 日至本月 {day - 1} 日，以结束的月份命名",
                    f"from day {day} of the previous month to day {day - 1} of the month it is named after",
                ),
            )
        ]
    lines.append(
        w.t(
            "考勤类规则中的“当月”指考勤计算周期，而非自然月",
            "“This month” in attendance rules means this cycle, not the calendar month",
        )
    )
    return lines + w.reference(cycle.reference)


def _display(display: Display, w: _Words) -> list[str]:
    rounding = {
        "half_up": ("四舍五入", "rounded half up"),
        "half_even": ("四舍六入五成双", "rounded half to even"),
    }[display.rounding]
    n = display.score_decimals
    return [
        w.t(
            f"分数显示 {n} 位小数，{rounding[0]}",
            f"Scores are shown with {n} decimal(s), {rounding[1]}",
        ),
        w.t(
            "计算使用精确值，仅在显示时取舍；档位边界按精确值比较",
            "Scores are computed exactly and rounded only for display; band edges compare exact values",
        ),
    ]


def _monthly_bonus(mb: MonthlyBonus, w: _Words) -> tuple[list[str], Table]:
    path = "monthly_bonus"
    lines = [
        _weights(mb.weights, w),
        _tie_breaker(mb.tie_breaker, w),
        w.line(
            w.t("排名范围", "Ranking pool"),
            w.t("全中心统一排名", "the whole center")
            if mb.pool_scope == "center"
            else w.t("各部门分别排名", "each department separately"),
        ),
        w.t(
            "取分数范围与名次比例上限同时满足的最高档位；名次比例为累计比例：名次 ÷ 排名池人数 ≤ 上限",
            "An agent gets the highest band whose score range and rank share both hold; "
            "the rank share is cumulative: rank ÷ pool size ≤ the share",
        ),
        *_exclusions(mb.exclusions, f"{path}.exclusions", w),
        *w.reference(mb.reference),
    ]
    headers = [
        w.t("档位", "Band"),
        w.t("分数范围", "Score range"),
        w.t("名次比例上限", "Rank share at most"),
        w.t("金额", "Amount"),
    ]
    rows = [
        [
            band.label,
            _range(band, f"{path}.bands[{i}]", w),
            _quota(band, f"{path}.bands[{i}]", w),
            yuan(band.amount),
        ]
        for i, band in enumerate(mb.bands)
    ]
    return lines, Table(headers, rows)


def _leader_qa_bonus(lq: LeaderQaBonus, w: _Words) -> list[str]:
    path = "leader_qa_bonus"
    pools = (
        w.t("业务组长与QA一起排名", "team leaders and QA are ranked together")
        if lq.pools == "together"
        else w.t("业务组长与QA分别排名", "team leaders and QA are ranked separately")
    )
    floor = _num(lq.score_above)
    places = w.sep.join(
        w.t(f"第 {i} 名 {yuan(amount)}", f"{ordinal(i)} {yuan(amount)}")
        for i, amount in enumerate(lq.place_amounts, start=1)
    )
    team_mean = (
        w.t(
            "业务组长的工作评估成绩取其班组成员当月得分的平均分",
            "A team leader's work ability is the mean monthly score of their team",
        )
        if lq.team_leader_work_ability_from_team_mean
        else w.t(
            "业务组长的工作评估成绩按本人成绩计", "A team leader's work ability is their own score"
        )
    )
    return [
        _weights(lq.weights, w),
        _tie_breaker(lq.tie_breaker, w),
        w.line(w.t("排名池", "Ranking pool"), pools),
        w.t(
            f"得分须高于 {floor} 分才可获奖（恰为 {floor} 分不获奖）",
            f"The score must be above {floor} to be paid (exactly {floor} is not enough)",
        ),
        w.line(w.t("名次奖金", "Place amounts"), places),
        w.t(
            "同一名次并列者各得该名次金额",
            "People tied on a paid place each get that place's amount",
        ),
        team_mean,
        *_exclusions(lq.exclusions, f"{path}.exclusions", w),
        *w.reference(lq.reference),
    ]


def _stars(stars: Stars, w: _Words) -> tuple[list[str], Table]:
    path = "stars"
    n = stars.paid_months
    lines = [
        w.t(
            "每季度评定一次：季度得分为该季度各月当月得分的平均分，按下表排名评星",
            "Stars are set each quarter from the mean of the quarter's monthly scores, ranked by this table",
        ),
        w.t(
            f"星级工资在评定后的 {n} 个月内每月发放",
            f"The star wage is paid in each of the {n} months that follow",
        ),
        *w.reference(stars.reference),
    ]
    headers = [
        w.t("档位", "Band"),
        w.t("星数", "Stars"),
        w.t("分数范围", "Score range"),
        w.t("名次比例上限", "Rank share at most"),
        w.t("每月星级工资", "Star wage a month"),
    ]
    rows = [
        [
            band.label,
            "—" if band.stars is None else str(band.stars),
            _range(band, f"{path}.bands[{i}]", w),
            _quota(band, f"{path}.bands[{i}]", w),
            yuan(band.amount),
        ]
        for i, band in enumerate(stars.bands)
    ]
    return lines, Table(headers, rows)


def _awards(awards: Awards, w: _Words) -> tuple[list[str], Table]:
    lines = [
        w.t(
            "每个奖项主题按其月份评选；未列月份的主题每月评选",
            "Each theme runs in its listed months; a theme without months runs every month",
        ),
        w.t(
            "不发月度奖金者，以及考勤周期内有任何缺勤（含迟到、早退、事假、病假）者，不得获奖",
            "Nobody excluded from the monthly bonus, and nobody with any absence in the cycle "
            "(including late arrival, early leave, personal or sick leave), can win an award",
        ),
        *w.reference(awards.reference),
    ]
    headers = [
        w.t("奖项", "Award"),
        w.t("类型", "Kind"),
        w.t("每人金额", "Amount each"),
        w.t("获奖人数", "Winners"),
        w.t("评选月份", "Months"),
        w.t("条件", "Conditions"),
    ]
    rows = [_theme_row(theme, f"awards.themes[{i}]", w) for i, theme in enumerate(awards.themes)]
    return lines, Table(headers, rows)


def _theme_row(theme: AwardTheme, path: str, w: _Words) -> list[str]:
    if w.is_open(f"{path}.winners"):
        winners = w.not_set()
    elif theme.winners is not None:
        winners = w.t(f"{theme.winners} 人", str(theme.winners))
    elif theme.kind == "progress":
        winners = w.t("进步最大者（并列均得）", "the largest improvement (ties all win)")
    else:
        winners = w.t("不限（符合条件者均获奖）", "no limit (everyone who qualifies)")
    if w.is_open(f"{path}.months"):
        months = w.not_set()
    elif theme.months is None:
        months = w.t("每月", "every month")
    elif not theme.months:
        months = w.t("停用", "off")
    else:
        months = w.t("仅 ", "only ") + w.items.join(theme.months)
    conditions = []
    if theme.kind == "progress":
        conditions.append(
            w.t("名次较上月进步最大", "the largest rank improvement over the previous month")
        )
    for param in THEME_PARAMETERS[theme.kind]:
        value = getattr(theme, param)
        label = _FIELD_LABELS.get(param, (param, param))
        if w.is_open(f"{path}.{param}"):
            conditions.append(
                w.line(w.pair(label) if param in _FIELD_LABELS else param, w.not_set())
            )
        elif value is not None:
            conditions.append(w.pair(_THEME_CONDITIONS[param]).format(n=_num(value)))
    return [
        w.t(theme.name, theme.name_en),
        w.pair(_AWARD_KINDS[theme.kind]),
        yuan(theme.amount),
        winners,
        months,
        w.t("；", "; ").join(conditions),
    ]


def _election(election: Election, w: _Words) -> list[str]:
    parts = w.sep.join(
        f"{w.pair(_ELECTION_PARTS.get(name, (name, name)))} {percent(weight)}"
        for name, weight in election.weights.items()
    )
    lines = [
        w.line(w.t("权重", "Weights"), parts),
        w.t("PM积分（按平均PM成绩）：", "PM points (by the mean PM score):"),
    ]
    for i, band in enumerate(election.pm_points):
        points = w.t(f"{_num(band.amount)} 分", f"{_num(band.amount)} points")
        lines.append("· " + w.line(_range(band, f"election.pm_points[{i}]", w), points))
    months = election.probation_months
    lines.append(
        w.t(
            f"当选后试用 {months} 个月，再按表现确认",
            f"The winner serves {months} month(s) of probation, then is confirmed or not",
        )
    )
    lines.append(
        w.line(
            _label("public_notice_working_days", w, heading=True),
            _value(
                "public_notice_working_days",
                "election.public_notice_working_days",
                election.public_notice_working_days,
                w,
            ),
        )
    )
    return lines + w.reference(election.reference)


def _monitoring(m: Monitoring, w: _Words) -> list[str]:
    """R-QA-1: where 通话评估成绩 comes from, and the windows and thresholds of monitoring."""
    path = "monitoring"
    unset: list[str] = []
    least = _in_sentence("min_evaluations", f"{path}.min_evaluations", m.min_evaluations, w, unset)
    how = w.t("平均分", "the mean") if m.aggregate == "mean" else w.t("最低分", "the lowest")
    if m.call_quality_from == "import":
        source = w.t(
            "通话评估成绩取导入的月度成绩，不由监控评分计算",
            "The call-quality score is the imported monthly score, not computed from evaluations",
        )
    else:
        source = w.t(
            f"通话评估成绩取当月终审监控评分的{how}；每月至少 {least} 次",
            f"The call-quality score is {how} of the month's final evaluations; "
            f"at least {least} a month",
        )
    below = {
        "import": ("不足时沿用导入的通话评估成绩", "With fewer, the imported score stands"),
        "missing": (
            "不足时该项缺失（当月无得分）",
            "With fewer, the component is missing (no score)",
        ),
        "aggregate": (
            "不足时仍取已有评分的" + how,
            f"With fewer, {how} of those there are is used",
        ),
    }[m.below_minimum]
    window = _in_sentence(
        "acknowledge_working_days",
        f"{path}.acknowledge_working_days",
        m.acknowledge_working_days,
        w,
        unset,
    )
    lines = [
        source,
        w.pair(below),
        w.t(
            f"致命项不合格时整次评分为 {_num(m.critical_failure_score)} 分",
            f"A failed critical item scores the whole evaluation {_num(m.critical_failure_score)}",
        ),
        w.t(
            f"客服代表在 {window} 个工作日内确认或申诉，逾期按原分生效；申诉由另一位复核人处理",
            f"The agent acknowledges or disputes within {window} working days, after which the "
            "score stands; a dispute goes to a second reviewer",
        ),
        w.t(
            f"校准评分与参照评分相差超过 {_num(m.calibration_tolerance)} 分时标出",
            f"A calibration score more than {_num(m.calibration_tolerance)} points from the "
            "reference is flagged",
        ),
        w.line(
            _label("recurring_at_least", w, heading=True),
            _value("recurring_at_least", f"{path}.recurring_at_least", m.recurring_at_least, w),
        ),
    ]
    return lines + unset + w.reference(m.reference)


def _conduct(c: Conduct, w: _Words) -> tuple[list[str], Table]:
    """R-DIS-1: the conduct catalogue and how its points reach 综合工作表现."""
    path = "conduct"
    mapping = c.overall_conduct
    per = _num(mapping.score_per_point)
    start = (
        w.t("导入的综合工作表现（未导入时为 ", "the imported overall conduct (or ")
        + _num(mapping.base)
        + w.t("）", " when none)")
        if mapping.mode == "deduct"
        else _num(mapping.base)
    )
    unset: list[str] = []
    window = _in_sentence(
        "objection_working_days",
        f"{path}.objection_working_days",
        c.objection_working_days,
        w,
        unset,
    )
    lines = [
        w.t(
            f"当月综合工作表现 = {start} − 当月扣分 × {per}，不低于 {_num(mapping.floor)}，不高于 100",
            f"The month's overall conduct = {start} − the month's points × {per}, "
            f"never below {_num(mapping.floor)} nor above 100",
        ),
        w.t(
            f"本人可在 {window} 个工作日内申诉，由另一位组长、人事或经理答复",
            f"The person may object within {window} working days; another leader, HR or a "
            "manager answers",
        ),
        *unset,
        *w.reference(c.reference),
    ]
    headers = [
        w.t("代码", "Code"),
        w.t("行为", "Conduct"),
        w.t("扣分", "Points"),
        w.t("每人", "Each person"),
        w.t("出处", "Source"),
    ]
    rows = [
        [
            rule.code,
            w.t(rule.name, rule.name_en),
            str(rule.min_points)
            if rule.min_points == rule.max_points
            else f"{rule.min_points}–{rule.max_points}",
            w.t("是", "yes") if rule.each_person else w.t("否", "no"),
            rule.reference or "",
        ]
        for rule in c.rules
    ]
    return lines, Table(headers, rows)


def _in_sentence(name: str, path: str, value: object, w: _Words, unset: list[str]) -> str:
    """A value inside a sentence: an open one reads [X] there, with its own line in ``unset``."""
    if value is None and w.is_open(path):
        unset.append(w.line(_label(name, w, heading=True), w.not_set()))
        return "[X]"
    return _value(name, path, value, w)


def _generic(model: BaseModel, path: str, w: _Words) -> list[str]:
    """Field name → value for sections whose modules are not built yet; lists as lines."""
    lines = []
    for name in type(model).model_fields:
        if name == "reference":
            continue
        value = getattr(model, name)
        here = f"{path}.{name}"
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            lines.append(_label(name, w, heading=True) + w.colon.rstrip())
            lines += ["· " + _inline(item, f"{here}[{i}]", w) for i, item in enumerate(value)]
        else:
            lines.append(w.line(_label(name, w, heading=True), _value(name, here, value, w)))
    reference = getattr(model, "reference", None)
    return lines + w.reference(reference if isinstance(reference, str) else None)


def _inline(model: BaseModel, path: str, w: _Words) -> str:
    return w.sep.join(
        f"{_label(name, w)} {_value(name, f'{path}.{name}', getattr(model, name), w)}"
        for name in type(model).model_fields
    )


def _label(name: str, w: _Words, heading: bool = False) -> str:
    """A field's words; ``heading``: it starts a line (capitalised in English)."""
    label = w.pair(_FIELD_LABELS.get(name, (name, name.replace("_", " "))))
    return label[:1].upper() + label[1:] if heading else label


def _value(name: str, path: str, value: object, w: _Words) -> str:
    if value is None:
        return w.not_set() if w.is_open(path) else w.t("无", "none")
    if isinstance(value, bool):
        return w.t("是", "yes") if value else w.t("否", "no")
    if isinstance(value, Decimal):
        if name in _YUAN_FIELDS:
            return yuan(value)
        if name in _SHARE_FIELDS:
            return percent(value)
        return (
            f"{_num(value)}%"
            if name.endswith("_pct") or name.endswith("_pct_of_old")
            else _num(value)
        )
    if isinstance(value, dict):
        return w.sep.join(
            f"{k} {percent(v) if isinstance(v, Decimal) else v}" for k, v in value.items()
        )
    if isinstance(value, list):
        return w.items.join(_value(name, f"{path}[{i}]", v, w) for i, v in enumerate(value))
    return str(value)


def _weights(weights: dict[Component, Decimal], w: _Words) -> str:
    """R-BON-1 / R-LQA-1: each component's weight in the monthly score, as a percentage."""
    parts = w.sep.join(
        f"{w.pair(_component(name))} {percent(weight)}" for name, weight in weights.items()
    )
    return w.line(w.t("权重", "Weights"), parts)


def _tie_breaker(component: str, w: _Words) -> str:
    name = w.pair(_component(component))
    return w.line(
        w.t("同分排序", "Ties"),
        w.t(
            f"得分相同时按{name}排名，仍相同则并列",
            f"equal scores are ranked by {name}; still equal, they share the rank",
        ),
    )


def _component(name: str) -> tuple[str, str]:
    names = COMPONENT_NAMES.get(name, {"zh": name, "en": name})
    return names["zh"], names["en"]


def _exclusions(ex: Exclusions, path: str, w: _Words) -> list[str]:
    """R-BON-4 / R-LQA-4: who gets no bonus; they keep their score but take no quota."""
    items = []
    if ex.probation:
        items.append(w.t("试用期（培训期）人员", "staff in probation or training"))
    if ex.dismissed_for_performance:
        items.append(
            w.t("当月因绩效不佳被辞退者", "anyone dismissed that month for poor performance")
        )
    items += _threshold(
        ex.absence_days_at_least,
        f"{path}.absence_days_at_least",
        ("考勤周期内缺勤累计满 {n} 天者", "anyone absent {n} day(s) or more in the cycle"),
        ("缺勤天数门槛", "absence days threshold"),
        w,
    )
    if ex.notice_period_unapproved_absence:
        items.append(
            w.t(
                "离职通知期内有未批准缺勤者",
                "anyone in the notice period with an unapproved absence",
            )
        )
    items += _threshold(
        ex.notice_period_sick_leave_days_at_least,
        f"{path}.notice_period_sick_leave_days_at_least",
        (
            "离职通知期内病假累计满 {n} 天者",
            "anyone in the notice period with {n} or more sick-leave days",
        ),
        ("通知期病假天数门槛", "notice-period sick-leave threshold"),
        w,
    )
    if not items:
        return [w.line(w.t("不发奖金", "No bonus"), w.t("无排除条件", "nobody is excluded"))]
    head = w.t(
        "不发奖金（仍计分并显示原因，不占名次比例）：",
        "No bonus (still scored and shown with the reason; takes no place in the quota):",
    )
    return [head, *("· " + item for item in items)]


def _threshold(
    value: Decimal | None, path: str, text: tuple[str, str], label: tuple[str, str], w: _Words
) -> list[str]:
    if w.is_open(path):
        return [w.line(w.pair(label), w.not_set())]
    return [] if value is None else [w.pair(text).format(n=_num(value))]


def _range(band: Band, path: str, w: _Words) -> str:
    """A band's score range: ``≥85 且 <90`` (lower edge inclusive, upper exclusive)."""
    low = f"≥{_num(band.score_from)}"
    if w.is_open(f"{path}.score_below"):
        return w.t(f"{low}，上限", f"{low}, upper edge ") + w.not_set()
    if band.score_below is None:
        return low
    return w.t(f"{low} 且 <{_num(band.score_below)}", f"{low} and <{_num(band.score_below)}")


def _quota(band: Band, path: str, w: _Words) -> str:
    if w.is_open(f"{path}.rank_share_at_most"):
        return w.not_set()
    if band.rank_share_at_most is None:
        return w.t("不限", "no limit")
    return percent(band.rank_share_at_most)


def _num(value: Decimal | int) -> str:
    """Exact plain text of a number: 85.00 → "85", 8.5 → "8.5", 100 → "100"."""
    if isinstance(value, int):
        return str(value)
    return format(value.normalize(), "f")


def yuan(amount: Decimal) -> str:
    """Money as yuan with thousands separators: 1200 → ¥1,200 (cents only when non-zero)."""
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


def percent(share: Decimal) -> str:
    """A share or weight as a percentage: 0.15 → "15%", 0.125 → "12.5%"."""
    return f"{_num(share * 100)}%"


def ordinal(n: int) -> str:
    """An English ordinal: 1 → "1st", 2 → "2nd", 11 → "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# field words for other pages that list a section's values (the ladder page)
FIELD_LABELS = _FIELD_LABELS
