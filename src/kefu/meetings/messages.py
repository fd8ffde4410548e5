"""Words for the meetings trace steps (R-MTG-1), Chinese and English (merged into
kefu.explain.messages).

``Lang`` is restated here (the same literal type) so that merge cannot import this module in
a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

KIND_WORDS: dict[str, dict[Lang, str]] = {
    "pre_shift": {"zh": "班前会", "en": "pre-shift meeting"},
    "post_shift": {"zh": "班后会", "en": "post-shift meeting"},
    "weekly": {"zh": "工作例会", "en": "weekly meeting"},
    "monthly": {"zh": "部门工作例会", "en": "monthly department meeting"},
}
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _kind(a: Args, lang: Lang) -> str:
    return KIND_WORDS.get(str(a["kind"]), {"zh": str(a["kind"]), "en": str(a["kind"])})[lang]


def _weekday(a: Args, lang: Lang) -> str:
    value = a["weekday"]
    return WEEKDAYS[lang][int(value) - 1] if isinstance(value, int) else str(value)


def _dept(a: Args, lang: Lang) -> str:
    dept = a.get("department")
    if dept is None:
        return "全中心" if lang == "zh" else "the whole center"
    return str(dept)


def _source(a: Args, lang: Lang) -> str:
    if a.get("source") == "roster":
        return "排班表有人上班" if lang == "zh" else "people of the team are on the roster"
    return (
        "该日未排班，按法定工作日"
        if lang == "zh"
        else "no roster kept that day: a statutory working day"
    )


ZH: dict[str, Template] = {
    "meeting.pre_shift_start": lambda a, lang: (
        f"班前会开始时间 = {a['shift']} 班上班时间 {a['shift_starts']} 提前 {a['minutes_early']} 分钟"
        f" = {a['starts']}"
    ),
    "meeting.due_given": lambda a, lang: f"跟进事项的完成期限按会议记录为 {a['due_on']}",
    "meeting.due_default": lambda a, lang: (
        f"跟进事项未写完成期限: 会议日期 {a['held_on']} 后 {a['days']} 天 = {a['due_on']}"
    ),
    "meeting.follow_up_overdue": lambda a, lang: (
        f"跟进事项「{a['what']}」(负责人 {a['owner']}) 应于 {a['due_on']} 前完成，"
        f"至 {a['today']} 仍未完成，逾期 {a['days']} 天"
    ),
    "meeting.attendance_rate": lambda a, lang: (
        f"出勤率 = 出席 {a['present']} ÷ (出席 {a['present']} + 缺席 {a['absent']}) = {a['rate']}%"
        f" (请假 {a['excused']} 次不计)"
    ),
    "meeting.attendance_none": lambda a, lang: (
        f"没有出席或缺席的记录 (请假 {a['excused']} 次不计): 无出勤率"
    ),
    "meeting.check_period": lambda a, lang: (
        f"检查 {a['start']} 至 {a['end']} 的会议 (统计到 {a['through']}，之后的会议尚未到期)"
    ),
    "meeting.check_summary": lambda a, lang: (
        f"{_kind(a, lang)}: 应开 {a['expected']} 次，已开 {a['held']} 次，逾期 {a['late']} 次，"
        f"未开 {a['missing']} 次"
    ),
    "meeting.shift_held": lambda a, lang: (
        f"{a['team']} {a['day']} ({_source(a, lang)}) 已召开{_kind(a, lang)} (会议 #{a['meeting']})"
    ),
    "meeting.shift_missing": lambda a, lang: (
        f"{a['team']} {a['day']} ({_source(a, lang)}) 应召开{_kind(a, lang)}，没有记录"
    ),
    "meeting.weekly_held": lambda a, lang: (
        f"{_dept(a, lang)} {a['week_from']} 至 {a['week_to']} 这一周的工作例会已于规定的"
        f"{_weekday(a, lang)} {a['held_on']} 召开 (会议 #{a['meeting']})"
    ),
    "meeting.weekly_other_day": lambda a, lang: (
        f"{_dept(a, lang)} {a['week_from']} 至 {a['week_to']} 这一周的工作例会应于"
        f"{_weekday(a, lang)} {a['due_on']} 召开，实际于 {a['held_on']} 召开 (会议 #{a['meeting']})"
    ),
    "meeting.weekly_missing": lambda a, lang: (
        f"{_dept(a, lang)} {a['week_from']} 至 {a['week_to']} 这一周应于{_weekday(a, lang)}"
        f" {a['due_on']} 召开工作例会，没有记录"
    ),
    "meeting.monthly_held": lambda a, lang: (
        f"{_dept(a, lang)} {a['month']} 的部门工作例会已于 {a['held_on']} 召开，"
        f"未超过期限 {a['due_on']} (会议 #{a['meeting']})"
    ),
    "meeting.monthly_late": lambda a, lang: (
        f"{_dept(a, lang)} {a['month']} 的部门工作例会应于 {a['due_on']} 前召开，"
        f"实际于 {a['held_on']} 召开，逾期 (会议 #{a['meeting']})"
    ),
    "meeting.monthly_missing": lambda a, lang: (
        f"{_dept(a, lang)} {a['month']} 的部门工作例会应于 {a['due_on']} 前召开，没有记录"
    ),
}

EN: dict[str, Template] = {
    "meeting.pre_shift_start": lambda a, lang: (
        f"Pre-shift meeting starts = shift {a['shift']} start {a['shift_starts']} less "
        f"{a['minutes_early']} minutes = {a['starts']}"
    ),
    "meeting.due_given": lambda a, lang: f"The follow-up is due on {a['due_on']}, as recorded",
    "meeting.due_default": lambda a, lang: (
        f"No due date given: {a['days']} days after the meeting of {a['held_on']} = {a['due_on']}"
    ),
    "meeting.follow_up_overdue": lambda a, lang: (
        f"Follow-up “{a['what']}” (owner {a['owner']}) was due on {a['due_on']} and is still "
        f"open on {a['today']}: {a['days']} day(s) overdue"
    ),
    "meeting.attendance_rate": lambda a, lang: (
        f"Attendance = present {a['present']} ÷ (present {a['present']} + absent {a['absent']})"
        f" = {a['rate']}% ({a['excused']} excused not counted)"
    ),
    "meeting.attendance_none": lambda a, lang: (
        f"No meeting attended or missed ({a['excused']} excused not counted): no rate"
    ),
    "meeting.check_period": lambda a, lang: (
        f"Meetings from {a['start']} to {a['end']} (counted through {a['through']}; later ones "
        f"are not due yet)"
    ),
    "meeting.check_summary": lambda a, lang: (
        f"{_kind(a, lang).capitalize()}: {a['expected']} expected, {a['held']} held, "
        f"{a['late']} late, {a['missing']} missing"
    ),
    "meeting.shift_held": lambda a, lang: (
        f"{a['team']} {a['day']} ({_source(a, lang)}): {_kind(a, lang)} held "
        f"(meeting #{a['meeting']})"
    ),
    "meeting.shift_missing": lambda a, lang: (
        f"{a['team']} {a['day']} ({_source(a, lang)}): a {_kind(a, lang)} was due, none recorded"
    ),
    "meeting.weekly_held": lambda a, lang: (
        f"{_dept(a, lang)}, week {a['week_from']}–{a['week_to']}: weekly meeting held on the "
        f"{_weekday(a, lang)} set, {a['held_on']} (meeting #{a['meeting']})"
    ),
    "meeting.weekly_other_day": lambda a, lang: (
        f"{_dept(a, lang)}, week {a['week_from']}–{a['week_to']}: weekly meeting due on "
        f"{_weekday(a, lang)} {a['due_on']}, held on {a['held_on']} (meeting #{a['meeting']})"
    ),
    "meeting.weekly_missing": lambda a, lang: (
        f"{_dept(a, lang)}, week {a['week_from']}–{a['week_to']}: weekly meeting due on "
        f"{_weekday(a, lang)} {a['due_on']}, none recorded"
    ),
    "meeting.monthly_held": lambda a, lang: (
        f"{_dept(a, lang)}, {a['month']}: department meeting held on {a['held_on']}, by "
        f"{a['due_on']} (meeting #{a['meeting']})"
    ),
    "meeting.monthly_late": lambda a, lang: (
        f"{_dept(a, lang)}, {a['month']}: department meeting due by {a['due_on']}, held late on "
        f"{a['held_on']} (meeting #{a['meeting']})"
    ),
    "meeting.monthly_missing": lambda a, lang: (
        f"{_dept(a, lang)}, {a['month']}: department meeting due by {a['due_on']}, none recorded"
    ),
}
