"""The five import sheet kinds as data: names, columns, types and allowed values.

The reader (reader.py) and the template writer (templates.py) both work from these
definitions, so a column added here shows up in the template, its 说明 sheet and the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ColumnType(StrEnum):
    """How a cell is read."""

    TEXT = "text"
    DATE = "date"
    MONTH = "month"
    SCORE = "score"  # a number from 0 to 100, decimals allowed
    DAYS = "days"  # a number ≥ 0 in half days
    COUNT = "count"  # an integer ≥ 0
    CHOICE = "choice"  # one of ``Column.choices``
    NUMBER = "number"  # a number ≥ 0, decimals allowed, at most ``Column.maximum`` if set
    PERCENT = "percent"  # a percentage: 96.5 is 96.5%; from 0 to ``Column.maximum`` (100)


# The largest percentage unless a column says otherwise (a rate cannot pass 100%).
FULL_PERCENT = Decimal(100)


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice column: the English code, the Chinese label, aliases."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One column of a sheet: Chinese header, English key (accepted as header too), type."""

    header: str
    key: str
    required: bool
    type: ColumnType
    description: str
    choices: tuple[Choice, ...] = ()
    hint: str = ""  # a 格式/取值 text to use instead of the type's
    # The largest value of a NUMBER (None: no bound but the database's) or PERCENT column.
    maximum: Decimal | None = None

    @property
    def name(self) -> str:
        """The header without its unit: 平均响应时间（分钟） → 平均响应时间."""
        return _UNIT.sub("", self.header)

    @property
    def upper(self) -> Decimal | None:
        """The largest value a number cell may hold: ``maximum``, or 100 for a percentage."""
        if self.type is ColumnType.PERCENT and self.maximum is None:
            return FULL_PERCENT
        return self.maximum

    @property
    def format_hint(self) -> str:
        """The 格式/取值 text shown in templates: what a valid cell looks like."""
        if self.hint:
            return self.hint
        if self.type is ColumnType.CHOICE:
            labels = "、".join(c.label for c in self.choices)
            codes = "、".join(c.code for c in self.choices)
            return f"{labels}(也可填英文代码 {codes})"
        if self.type is ColumnType.NUMBER:
            if self.upper is None:
                return "不小于 0 的数字，可带小数"
            return f"0–{self.upper} 的数字，可带小数"
        if self.type is ColumnType.PERCENT:
            # In Excel, typing 96.5% stores 0.965: the hint asks for the bare number.
            return f"0–{self.upper} 的百分数，可带小数:填 96.5 表示 96.5%，不要填成 0.965 或加 % 号"
        return _FORMAT_HINTS[self.type]

    def choice_for(self, text: str) -> Choice | None:
        """The choice whose label, code or alias is ``text`` (English case-insensitive)."""
        wanted = text.strip().casefold()
        for choice in self.choices:
            names = (choice.label, choice.code, *choice.aliases)
            if wanted in (n.casefold() for n in names):
                return choice
        return None


_UNIT = re.compile(r"\s*[(（][^()（）]*[)）]$")

_FORMAT_HINTS = {
    ColumnType.TEXT: "文本",
    ColumnType.DATE: "日期 YYYY-MM-DD，例如 2026-03-01",
    ColumnType.MONTH: "月份 YYYY-MM，例如 2026-10",
    ColumnType.SCORE: "0–100 的数字，可带小数",
    ColumnType.DAYS: "不小于 0 的天数，可为半天(如 1.5)",
    ColumnType.COUNT: "不小于 0 的整数",
}


@dataclass(frozen=True)
class SheetKind:
    """One kind of import sheet: key, Chinese sheet name, accepted aliases and columns."""

    kind: str
    sheet_name: str
    aliases: tuple[str, ...]
    description: str
    columns: tuple[Column, ...]
    # Columns whose values identify a row; two rows with the same values are duplicates.
    key_columns: tuple[str, ...]

    @property
    def template_name(self) -> str:
        """The hyphenated name used on the command line, e.g. ``monthly-scores``."""
        return self.kind.replace("_", "-")

    def column(self, key: str) -> Column:
        """The column with English key ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


ROLES = (
    Choice("csr", "客服代表", ("客户服务代表",)),
    Choice("qa", "QA", ("质检",)),
    Choice("team_leader", "业务组长"),
    Choice("supervisor", "客服主管"),
    Choice("manager", "客服经理"),
)

STATUSES = (
    Choice("probation", "试用", ("试用期",)),
    Choice("regular", "正式"),
    Choice("standby", "待岗"),
    Choice("notice_period", "离职通知期"),
    Choice("left", "离职", ("已离职",)),
)

LEAVE_REASONS = (
    Choice("resigned", "辞职"),
    Choice("eliminated", "淘汰"),
    Choice("dismissed_performance", "绩效不佳"),
    Choice("dismissed_conduct", "违纪"),
    Choice("other", "其他"),
)

EMPLOYEE_NO = Column(
    "工号",
    "employee_no",
    True,
    ColumnType.TEXT,
    "员工工号，须与系统中的员工一致",
    hint="文本，例如 1001",
)
MONTH = Column("月份", "month", True, ColumnType.MONTH, "数据所属的月份")


def _score(header: str, key: str, description: str) -> Column:
    return Column(header, key, False, ColumnType.SCORE, description)


ROSTER = SheetKind(
    kind="roster",
    sheet_name="员工",
    aliases=("roster", "staff", "employees"),
    description="员工名册:每行一名员工的当前情况",
    columns=(
        EMPLOYEE_NO,
        Column("姓名", "name", True, ColumnType.TEXT, "员工姓名"),
        Column("部门", "department", True, ColumnType.TEXT, "所属部门，例如 客服一部"),
        Column("班组", "team", False, ColumnType.TEXT, "所属班组；没有班组可留空"),
        Column("岗位", "role", True, ColumnType.CHOICE, "员工岗位", ROLES),
        Column("职级", "level", False, ColumnType.TEXT, "职级，例如 初级、中级、高级"),
        Column("入职日期", "hired_on", True, ColumnType.DATE, "入职日期"),
        Column(
            "转正日期",
            "converted_on",
            False,
            ColumnType.DATE,
            "转正日期；试用期内留空；状态为 正式 时必填，不能早于入职日期",
        ),
        Column("状态", "status", True, ColumnType.CHOICE, "当前在职状态", STATUSES),
        Column(
            "离职日期",
            "left_on",
            False,
            ColumnType.DATE,
            "离职日期；状态为 离职 时必填，不能早于入职日期",
        ),
        Column("离职原因", "leave_reason", False, ColumnType.CHOICE, "离职原因", LEAVE_REASONS),
        Column(
            "生效日期",
            "effective_on",
            False,
            ColumnType.DATE,
            "本行信息从哪天起生效；留空则为导入当天",
        ),
    ),
    key_columns=("employee_no",),
)

MONTHLY_SCORES = SheetKind(
    kind="monthly_scores",
    sheet_name="月度成绩",
    aliases=("monthly-scores", "monthly_scores", "scores"),
    description="月度成绩:每行一名员工一个月的三项成绩",
    columns=(
        EMPLOYEE_NO,
        MONTH,
        _score(
            "通话评估成绩",
            "call_quality",
            "QA 监控得出的通话评估成绩；业务组长和 QA 留空",
        ),
        _score("工作评估成绩", "work_ability", "工作评估成绩"),
        _score("综合工作表现", "overall_conduct", "综合工作表现成绩；同分时用于再排名"),
    ),
    key_columns=("employee_no", "month"),
)

ATTENDANCE = SheetKind(
    kind="attendance",
    sheet_name="考勤汇总",
    aliases=("attendance",),
    description="考勤汇总:每行一名员工一个考勤计算周期的汇总",
    columns=(
        EMPLOYEE_NO,
        Column(
            "考勤周期",
            "cycle",
            True,
            ColumnType.MONTH,
            "考勤计算周期，以结束月份标记(例如 2026-10 表示 9 月 26 日至 10 月 25 日)",
        ),
        Column(
            "缺勤天数",
            "absence_days",
            True,
            ColumnType.DAYS,
            "全部缺勤天数，包括事假、病假和未批准缺勤",
        ),
        Column("事假天数", "personal_leave_days", True, ColumnType.DAYS, "事假天数"),
        Column("病假天数", "sick_leave_days", True, ColumnType.DAYS, "病假天数"),
        Column("迟到次数", "late_count", True, ColumnType.COUNT, "迟到次数"),
        Column("早退次数", "early_leave_count", True, ColumnType.COUNT, "早退次数"),
        Column("主动换班次数", "shift_swap_count", True, ColumnType.COUNT, "主动申请换班的次数"),
        Column(
            "未批准缺勤天数",
            "unapproved_absence_days",
            True,
            ColumnType.DAYS,
            "未经批准的缺勤(旷工)天数",
        ),
    ),
    key_columns=("employee_no", "cycle"),
)

AWARD_EVIDENCE = SheetKind(
    kind="award_evidence",
    sheet_name="奖项依据",
    aliases=("award-evidence", "award_evidence", "evidence"),
    description="奖项依据:评选表现优异奖所需的每月记录",
    columns=(
        EMPLOYEE_NO,
        MONTH,
        Column("书面表扬次数", "commendations", True, ColumnType.COUNT, "当月收到的书面表扬次数"),
        Column(
            "错误工单数", "erroneous_work_orders", True, ColumnType.COUNT, "当月填写错误的工单数"
        ),
        Column(
            "错误退费登记数", "erroneous_refunds", True, ColumnType.COUNT, "当月错误的退费登记数"
        ),
        _score("最低监控成绩", "min_monitoring_score", "当月各次监控中的最低成绩；没有监控留空"),
        _score("最低考试成绩", "min_exam_score", "当月各次考试中的最低成绩；没有考试留空"),
    ),
    key_columns=("employee_no", "month"),
)


def _percent(header: str, key: str, description: str, maximum: Decimal | None = None) -> Column:
    return Column(header, key, False, ColumnType.PERCENT, description, maximum=maximum)


PERFORMANCE_INDICATORS = SheetKind(
    kind="performance_indicators",
    sheet_name="业绩指标",
    aliases=("performance-indicators", "performance_indicators", "indicators"),
    description="业绩指标:每行一名员工一个月的业绩指标，用于晋升条件 (R-PRO-1)",
    columns=(
        EMPLOYEE_NO,
        MONTH,
        Column(
            "客户满意度",
            "satisfaction",
            False,
            ColumnType.NUMBER,
            "当月客户满意度，按本中心的满分制填写(例如 5 分制填 4.8，百分制填 96)；"
            "满分是多少由政策规定；没有数据留空",
        ),
        Column(
            "平均响应时间（分钟）",
            "avg_response_minutes",
            False,
            ColumnType.NUMBER,
            "当月平均响应时间，单位为分钟，可带小数(例如 1.5)；没有数据留空",
        ),
        _percent("响应及时率（%）", "on_time_response_pct", "当月响应及时率；没有数据留空"),
        _percent("问题解决率（%）", "resolution_pct", "当月问题解决率；没有数据留空"),
        _percent("客户投诉率（%）", "complaint_pct", "当月客户投诉率；没有数据留空"),
        _percent(
            "个人业绩完成率（%）",
            "kpi_completion_pct",
            "当月个人业绩(KPI)完成率，超额完成可大于 100；没有数据留空",
            maximum=Decimal(1000),
        ),
        Column(
            "技能考核成绩",
            "skills_exam_score",
            False,
            ColumnType.NUMBER,
            "当月技能考核成绩，按政策规定的满分制填写；当月没有考核留空",
        ),
        Column(
            "违规违纪次数",
            "violations",
            False,
            ColumnType.COUNT,
            "当月违规违纪次数；留空视为 0",
            hint="不小于 0 的整数；留空视为 0",
        ),
    ),
    key_columns=("employee_no", "month"),
)

SHEET_KINDS: tuple[SheetKind, ...] = (
    ROSTER,
    MONTHLY_SCORES,
    ATTENDANCE,
    AWARD_EVIDENCE,
    PERFORMANCE_INDICATORS,
)

# Sheets that carry instructions, not data (templates include one).
IGNORED_SHEETS = ("说明", "readme")


def find_kind(name: str) -> SheetKind | None:
    """The sheet kind named ``name``: its key, hyphenated key, Chinese sheet name or alias."""
    wanted = name.strip().casefold()
    for sheet_kind in SHEET_KINDS:
        names = (sheet_kind.kind, sheet_kind.template_name, sheet_kind.sheet_name)
        if wanted in (n.casefold() for n in (*names, *sheet_kind.aliases)):
            return sheet_kind
    return None


def is_ignored_sheet(name: str) -> bool:
    """True for an instructions sheet (说明 / README) that holds no data."""
    return name.strip().casefold() in IGNORED_SHEETS
