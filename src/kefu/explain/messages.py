"""Words for trace steps, in Chinese (default) and English (R-EXP-1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import Step, TraceValue

Lang = Literal["zh", "en"]

COMPONENT_NAMES: dict[str, dict[Lang, str]] = {
    "call_quality": {"zh": "通话评估成绩", "en": "call quality"},
    "work_ability": {"zh": "工作评估成绩", "en": "work ability"},
    "overall_conduct": {"zh": "综合工作表现", "en": "overall conduct"},
}

Args = dict[str, TraceValue]


def _strs(value: TraceValue) -> list[str]:
    """A list argument as strings (empty when absent)."""
    return [str(v) for v in value] if isinstance(value, list) else []


def _values(value: TraceValue) -> list[str | None]:
    """A list argument whose items may be None (a missing input)."""
    return list(value) if isinstance(value, list) else []


def component(name: object, lang: Lang) -> str:
    return COMPONENT_NAMES.get(str(name), {"zh": str(name), "en": str(name)})[lang]


def _parts(a: Args, lang: Lang) -> str:
    out = []
    for part in _strs(a["parts"]):
        name, _, rest = str(part).partition("=")
        weight, _, value = rest.partition("×")
        pct = _pct(weight)
        out.append(f"{pct}×{component(name, lang)} {value}")
    return " + ".join(out)


def _pct(fraction: str) -> str:
    from decimal import Decimal

    return f"{(Decimal(fraction) * 100).normalize():f}%"


def _missing(a: Args, lang: Lang) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(component(m, lang) for m in _strs(a["missing"]))


def _int(value: TraceValue) -> int:
    return value if isinstance(value, int) else 0


def _tied(a: Args, lang: Lang) -> str:
    if not a.get("tied_count"):
        if _int(a.get("same_score")) > 1:
            tb = component(a["tie_breaker"], lang)
            n = _int(a["same_score"]) - 1
            return (
                f"；另有 {n} 人得分相同，按第二条件{tb}再排名"
                if lang == "zh"
                else f"; {n} other(s) had the same score, separated by {tb}"
            )
        return ""
    names = ", ".join(_strs(a["tied_with"]))
    more = _int(a["tied_count"]) - len(_strs(a["tied_with"]))
    extra = (
        (f" 等 {a['tied_count']} 人" if more > 0 else "")
        if lang == "zh"
        else (f" and {more} more" if more > 0 else "")
    )
    tb = component(a["tie_breaker"], lang)
    if lang == "zh":
        return f"；与 {names}{extra} 得分及{tb}均相同，并列第 {a['rank']} 名"
    return f"; tied with {names}{extra} on score and {tb}: shared rank {a['rank']}"


def _money_zh(a: Args) -> str:
    return "星级工资 (每月)" if a.get("stars") else "奖金"


def _money_en(a: Args) -> str:
    return "star wage (a month)" if a.get("stars") else "bonus"


def _scope(a: Args, lang: Lang) -> str:
    scope = str(a["scope"])
    if scope == "center":
        return "全中心" if lang == "zh" else "the center"
    if scope == "leader_qa":
        return "组长及QA" if lang == "zh" else "leaders and QA"
    if scope in {"qa", "team_leader"}:
        return {
            "qa": {"zh": "QA", "en": "QA"},
            "team_leader": {"zh": "业务组长", "en": "team leaders"},
        }[scope][lang]
    return scope


# Attendance, shift hours and the hours/comp-time ledger (R-SHF-1, R-BON-4/5, R-AWD-1/2, R-HRS-1/2)

_EVENT_KINDS: dict[str, dict[Lang, str]] = {
    "clock_in": {"zh": "上班打卡", "en": "clock-in"},
    "clock_out": {"zh": "下班打卡", "en": "clock-out"},
    "late": {"zh": "迟到", "en": "late arrival"},
    "early_leave": {"zh": "早退", "en": "early leave"},
    "absence": {"zh": "缺勤", "en": "absence"},
    "personal_leave": {"zh": "事假", "en": "personal leave"},
    "sick_leave": {"zh": "病假", "en": "sick leave"},
    "comp_time_leave": {"zh": "换休", "en": "comp-time leave"},
    "shift_swap": {"zh": "换班", "en": "shift swap"},
    "unapproved_absence": {"zh": "旷工", "en": "absenteeism"},
}


def _kind(value: TraceValue, lang: Lang) -> str:
    """An attendance event kind in words (the raw kind when unknown)."""
    return _EVENT_KINDS.get(str(value), {"zh": str(value), "en": str(value)})[lang]


def _day_shift(a: Args, lang: Lang) -> str:
    """The rostered day and its shift: "2026-10-01 班次 W" / "2026-10-01, shift W"."""
    return f"{a['day']} 班次 {a['shift']}" if lang == "zh" else f"{a['day']}, shift {a['shift']}"


def _hours(value: TraceValue) -> str:
    """Hours for reading (long exact decimals shortened); "-" when absent."""
    return "-" if value is None else _short(value)


def _ref(a: Args, lang: Lang) -> str:
    """The reference of a comp-time use, when it has one."""
    ref = a.get("ref")
    if ref is None or ref == "":
        return ""
    return f"，单据 {ref}" if lang == "zh" else f", ref {ref}"


def _late_zh(a: Args) -> str:
    minutes = a.get("minutes")
    what = f"迟到 {minutes} 分钟" if minutes is not None else "迟到，未记分钟数"
    grace = f"宽限 {a['grace']} 分钟" if a.get("grace") is not None else ""
    if a.get("source") == "punch":
        source = f"上班打卡 {a['at']}" if a.get("at") else "打卡"
    else:
        source = "考勤记录"
    return f"{_day_shift(a, 'zh')}: {what} ({'，'.join(x for x in (source, grace) if x)})"


def _late_en(a: Args) -> str:
    minutes = a.get("minutes")
    what = f"late by {minutes} min" if minutes is not None else "late, minutes not recorded"
    grace = f"grace {a['grace']} min" if a.get("grace") is not None else ""
    if a.get("source") == "punch":
        source = f"clock-in {a['at']}" if a.get("at") else "punch"
    else:
        source = "attendance record"
    return f"{_day_shift(a, 'en')}: {what} ({', '.join(x for x in (source, grace) if x)})"


def _early_zh(a: Args) -> str:
    minutes = a.get("minutes")
    what = f"早退 {minutes} 分钟" if minutes is not None else "早退，未记分钟数"
    if a.get("source") == "punch":
        source = f"下班打卡 {a['at']}" if a.get("at") else "打卡"
    else:
        source = "考勤记录"
    return f"{_day_shift(a, 'zh')}: {what} ({source}，早退不设宽限)"


def _early_en(a: Args) -> str:
    minutes = a.get("minutes")
    what = (
        f"left {minutes} min early" if minutes is not None else "left early, minutes not recorded"
    )
    if a.get("source") == "punch":
        source = f"clock-out {a['at']}" if a.get("at") else "punch"
    else:
        source = "attendance record"
    return f"{_day_shift(a, 'en')}: {what} ({source}; no grace for leaving early)"


def _within_grace(a: Args, lang: Lang) -> str:
    at = a.get("at") if a.get("source") == "punch" else None
    if lang == "zh":
        source = f"上班打卡 {at}" if at else "考勤记录"
        return (
            f"{_day_shift(a, lang)}: 晚到 {a.get('minutes', 0)} 分钟 ({source})，"
            f"未超过宽限 {a['grace']} 分钟，不算迟到，不扣工时"
        )
    source = f"clock-in {at}" if at else "attendance record"
    return (
        f"{_day_shift(a, lang)}: {a.get('minutes', 0)} min after the start ({source}), "
        f"within the {a['grace']} min grace: not late, no hours taken off"
    )


def _cut(a: Args, lang: Lang) -> str:
    """The minutes a shift was cut short by: late, early or both."""
    parts = []
    if a.get("late"):
        parts.append(f"迟到 {a['late']} 分钟" if lang == "zh" else f"{a['late']} min late")
    if a.get("early"):
        parts.append(f"早退 {a['early']} 分钟" if lang == "zh" else f"{a['early']} min early")
    if not parts:
        return "未足班" if lang == "zh" else "shortened"
    return ("、" if lang == "zh" else ", ").join(parts)


def _period_zh(a: Args) -> str:
    required = f"标准工时 {_hours(a['standard'])}"
    if a.get("carried_in") not in (None, "0"):
        required += f" + 上期未补满 {_hours(a['carried_in'])} = {_hours(a['required'])}"
    worked = f"计算工时 {_hours(a['counted'])}"
    if a.get("comp_time_used") not in (None, "0"):
        worked += f" + 换休 {_hours(a['comp_time_used'])}"
    return f"{a['period']}: 应达工时 = {required} 小时；{worked} − 应达 {_hours(a['required'])} = {_hours(a['net'])} 小时"


def _period_en(a: Args) -> str:
    required = f"standard {_hours(a['standard'])}"
    if a.get("carried_in") not in (None, "0"):
        required += f" + shortfall carried in {_hours(a['carried_in'])} = {_hours(a['required'])}"
    worked = f"counted {_hours(a['counted'])}"
    if a.get("comp_time_used") not in (None, "0"):
        worked += f" + comp time used {_hours(a['comp_time_used'])}"
    return f"{a['period']}: required = {required} h; {worked} − required {_hours(a['required'])} = {_hours(a['net'])} h"


Template = Callable[[Args, Lang], str]

_ZH: dict[str, Template] = {
    "input.components": lambda a, lang: (
        "输入成绩: "
        + "、".join(
            f"{component(k, lang)} {v if v is not None else '(缺)'}"
            for k, v in zip(_strs(a["names"]), _values(a["values"]), strict=False)
        )
    ),
    "input.status": lambda a, lang: (
        f"员工状态: 岗位 {a['role']}，部门 {a['department']}，状态 {a['status']}"
    ),
    "input.attendance": lambda a, lang: (
        f"考勤周期 {a['cycle']} ({a['start']} 至 {a['end']}): 缺勤 {a['absence']} 天"
        f"(事假 {a['personal']}，病假 {a['sick']}，未批准 {a['unapproved']})，迟到 {a['late']} 次，"
        f"早退 {a['early']} 次，主动换班 {a['swaps']} 次"
    ),
    "input.no_attendance": lambda a, lang: (
        f"考勤周期 {a['cycle']} ({a['start']} 至 {a['end']}): 无考勤汇总"
    ),
    "input.evidence": lambda a, lang: (
        f"奖项依据: 书面表扬 {a['commendations']} 次，错误工单 {a['work_orders']}，错误退费登记 "
        f"{a['refunds']}，最低监控成绩 {a['monitoring'] or '(无)'}，最低考试成绩 {a['exam'] or '(无)'}"
    ),
    "score.weighted": lambda a, lang: (
        f"当月得分 = {_parts(a, lang)} = {a['score']} (精确值，仅显示时四舍五入)"
    ),
    "score.missing": lambda a, lang: f"缺少{_missing(a, lang)}，无法计算当月得分，不参加排名",
    "excl.probation": lambda a, lang: "培训试用期内的员工，不享有当月奖金，不占名额",
    "excl.dismissed": lambda a, lang: "因工作表现欠佳于本月被终止雇用，不享有当月奖金",
    "excl.standby": lambda a, lang: "待岗培训期间只发基本工资，无效益奖金",
    "excl.no_attendance": lambda a, lang: (
        "缺少本考勤周期的考勤汇总，无法确认缺勤条件，不享有当月奖金"
    ),
    "excl.absence": lambda a, lang: (
        f"当月缺勤累积 {a['days']} 天，达到 {a['limit']} 天，不享有当月奖金"
    ),
    "excl.notice_unapproved": lambda a, lang: (
        f"离职通知期内有非允许缺勤 {a['days']} 天，不享有当月奖金"
    ),
    "excl.notice_sick": lambda a, lang: (
        f"离职通知期内累积病假 {a['days']} 天，达到 {a['limit']} 天，不享有当月奖金"
    ),
    "pool.excluded": lambda a, lang: "照常计分并显示，但不参加排名、不占名额",
    "rank.placed": lambda a, lang: (
        f"在{_scope(a, lang)}排名池 {a['pool']} 人中排第 {a['rank']} 名{_tied(a, lang)}"
    ),
    "band.below_floor": lambda a, lang: f"{a['band']} 档: 需得分 ≥ {a['floor']}，未达到",
    "band.outside_quota": lambda a, lang: (
        f"{a['band']} 档: 名次须在前 {a['share']}% 内 (第 {a['rank']} 名 / {a['pool']} 人，"
        f"上限为第 {a['limit']} 名)，名额已满，落入下一档"
    ),
    "band.chosen_quota": lambda a, lang: (
        f"得分 {a['score']} ≥ {a['floor']}，且名次 {a['rank']}/{a['pool']} 在前 {a['share']}% 内"
        f"(含，上限第 {a['limit']} 名): {a['band']} 档，{_money_zh(a)} {a['amount']} 元"
    ),
    "band.chosen": lambda a, lang: (
        f"得分 {a['score']} ≥ {a['floor']}: {a['band']} 档，{_money_zh(a)} {a['amount']} 元"
    ),
    "band.none": lambda a, lang: f"得分 {a['score']} 不在任何档位内",
    "bonus.none": lambda a, lang: "不参加本月排名，奖金 0 元",
    "place.not_above": lambda a, lang: f"总分 {a['score']} 未超过 {a['floor']} 分，无名次奖金",
    "place.unpaid": lambda a, lang: f"第 {a['rank']} 名，只奖励前 {a['paid']} 名",
    "place.paid": lambda a, lang: (
        f"第 {a['rank']} 名，总分 {a['score']} 超过 {a['floor']} 分: 奖金 {a['amount']} 元"
    ),
    "lqa.no_policy": lambda a, lang: "政策未定义组长及QA奖金",
    "lqa.team_mean": lambda a, lang: (
        f"项目管理监督成绩 = 班组 {a['team']} 的 {a['count']} 名员工平均得分 {a['mean']}，作为工作评估成绩"
        if a["mean"] is not None
        else f"班组 {a['team']} 无员工得分，无法计算项目管理监督成绩"
    ),
    "award.no_attendance": lambda a, lang: "缺少考勤汇总，不参加表现优异奖评选",
    "award.absence": lambda a, lang: (
        "本考勤周期有缺勤(事假、病假、迟到、早退等)，不参加表现优异奖评选"
    ),
    "award.excluded_bonus": lambda a, lang: "不享有月度奖金者，不参加表现优异奖评选",
    "award.progress_no_scores": lambda a, lang: (
        f"{a['theme']}: 缺少本月监控或考试成绩，无法确认均在标准以上"
    ),
    "award.progress_low_scores": lambda a, lang: (
        f"{a['theme']}: 最低监控成绩 {a['monitoring']} (须 ≥ {a['floor']})、最低考试成绩 {a['exam']} (须 ≥ {a.get('exam_floor') or a['floor']})"
    ),
    "award.won": lambda a, lang: f"获得{a['theme']} {a['amount']} 元" + _award_detail(a, lang),
    "award.over_limit": lambda a, lang: (
        f"符合{a['theme']}条件，但本月得奖人数为 {a['limit']} 人，未入选" + _award_detail(a, lang)
    ),
    "star.standby": lambda a, lang: (
        f"{a['quarter']} 评得 {a['stars']} 星，但待岗培训期间只发基本工资"
    ),
    "star.paid": lambda a, lang: (
        f"{a['quarter']} 评得 {a['stars']} 星，本月发放星级工资 {a['amount']} 元"
    ),
    "star.quarter_open": lambda a, lang: f"上季度 {a['quarter']} 尚未结算，本月暂无星级工资",
    "star.none": lambda a, lang: f"{a['quarter']} 未评星级，本月无星级工资",
    "star.mean": lambda a, lang: (
        f"季度得分 = 三个月得分 {' / '.join(_strs(a['scores']))} 的平均 = {a['mean']}"
    ),
    "star.incomplete": lambda a, lang: (
        f"季度内缺少 {', '.join(_strs(a['missing']))} 的月度得分，视为新员工,0 星"
    ),
    "star.not_regular": lambda a, lang: "季度末非正式员工，不参加星级评定",
    "star.left": lambda a, lang: "季度末已离职，不参加星级评定",
    "progress.previous_open": lambda a, lang: f"上月 {a['month']} 尚未结算，本月不评进步奖",
    "calendar.working_days": lambda a, lang: (
        f"{a['start']} 至 {a['end']}: 周一至周五 {a['weekdays']} 天，其中放假 {a['weekday_days_off']} 天，"
        f"调休上班 {a['adjusted_workdays']} 天，工作日 {a['working_days']} 天 (来源: {'、'.join(_strs(a['sources']))})"
    ),
    "hours.standard_hours": lambda a, lang: (
        f"标准工时 = 工作日 {a['working_days']} 天 × 每日 {a['hours_per_working_day']} 小时 = {a['standard_hours']} 小时"
    ),
    "pay.input": lambda a, lang: (
        f"薪资输入: {a['month']}，{a['role']}，{a['department']}{'/' + str(a['team']) if a['team'] else ''}，"
        f"职级 {a['level'] or '(未填)'}，状态 {a['status']}"
        + ("，待岗" if a["standby"] else "")
        + (f"，在职比例 {a['base_share']}" if a["base_share"] not in ("1", None) else "")
        + f"；政策 {a['policy']}"
    ),
    "pay.input_figures": lambda a, lang: (
        f"结算数据: 星级工资 {a['star_wage']}，月度奖金 {a['monthly_bonus']}，表现优异奖 "
        f"{'、'.join(_strs(a['awards'])) or '无'}；夜班 {a['night_shifts']} 个，出勤 {a['shifts_worked']} 班，"
        f"国定假日工时 {a['holiday_hours']}；事假 {a['personal_leave_days']} 天、病假 {a['sick_leave_days']} 天、"
        f"旷工 {a['unapproved_absence_days']} 天"
    ),
    "pay.input_sources": lambda a, lang: (
        "数据来源: "
        + "；".join(
            f"{_source(n, lang)}: {v}"
            for n, v in zip(_strs(a["names"]), _strs(a["values"]), strict=False)
        )
    ),
    "pay.day_wage": lambda a, lang: (
        f"日工资 = 基本工资 {a['base']} ÷ {a['divisor']} = {_short(a['day_wage'])} (精确计算，不取整)"
    ),
    "pay.standby": lambda a, lang: "待岗期间只发基本工资 (R-PAY-3)",
    "pay.standby_unpaid": lambda a, lang: (
        f"{a['item']}: 待岗期间只发基本工资，本应 {_fen(a['would_be'])} 元，实发 {_fen(a['amount'])} 元"
    ),
    "pay.deduction_capped": lambda a, lang: (
        f"{a['item']} 应扣 {_fen(a['full'])} 元，扣款不能使实发为负，以应发 {_fen(a['gross'])} 元为限，实扣 {_fen(a['amount'])} 元"
    ),
    "pay.total": lambda a, lang: (
        f"应发 {_fen(a['gross'])} 元 − 扣款 {_fen(a['deductions'])} 元 = 实发 {_fen(a['net'])} 元"
    ),
    "pay.base": lambda a, lang: (
        f"基本工资 = 月基本工资 {_fen(a['monthly'])} 元"
        + (f" (职级 {a['level']})" if a.get("source") == "level" else " (个人基本工资)")
        + (f" × 在职比例 {a['share']}" if a["share"] != "1" else "")
        + f" = {_fen(a['amount'])} 元"
    ),
    "pay.star_wage": lambda a, lang: f"星级工资 {_fen(a['amount'])} 元",
    "pay.monthly_bonus": lambda a, lang: f"月度奖金 {_fen(a['amount'])} 元",
    "pay.award": lambda a, lang: f"表现优异奖「{a['theme']}」{_fen(a['amount'])} 元",
    "pay.night_allowance": lambda a, lang: (
        f"夜班津贴 = {a['shifts']} 个夜班 × {a['rate']} 元 = {_fen(a['amount'])} 元"
    ),
    "pay.meal_allowance": lambda a, lang: (
        f"伙食津贴 = {a['shifts']} 班 × {a['rate']} 元 = {_fen(a['amount'])} 元"
    ),
    "pay.holiday_pay": lambda a, lang: (
        f"加班津贴 = 国定假日工时 {a['hours']} ÷ 每日 {a['hours_per_day']} 小时 × 日工资 "
        f"{_short(a['day_wage'])} × {a['multiplier']} = {_short(a['exact'])} → {_fen(a['amount'])} 元"
    ),
    "pay.other_allowance": lambda a, lang: f"其它津贴「{a['label']}」{_fen(a['amount'])} 元",
    "pay.personal_leave": lambda a, lang: _deduction_zh("事假", a),
    "pay.sick_leave": lambda a, lang: _deduction_zh("病假", a),
    "pay.absenteeism": lambda a, lang: _deduction_zh("旷工", a),
    "pay.other_deduction": lambda a, lang: f"其它扣款「{a['label']}」{_fen(a['amount'])} 元",
    "shift.window": lambda a, lang: (
        f"{_day_shift(a, lang)}: {a['starts']} 至 {a['ends']}，在岗 {_hours(a['on_site'])} 小时，"
        f"计算工时 {_hours(a['counted'])} 小时" + ("，夜班" if a.get("night") else "")
    ),
    "shift.breaks": lambda a, lang: (
        f"班次 {a['shift']} 的休息时间 {'、'.join(_strs(a['breaks'])) or '(无)'} 不计工时"
    ),
    "shift.spread": lambda a, lang: (
        f"班次 {a['shift']} 未规定休息时段: 不计工时的时间平均分摊，每在岗 1 小时计 "
        f"{_hours(a['counted'])}/{_hours(a['on_site'])} 小时"
    ),
    "shift.shortened": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_cut(a, lang)}，实际在岗 {_hours(a['on_site'])} 小时，"
        f"计算工时 {_hours(a['counted'])} 小时"
    ),
    "shift.part": lambda a, lang: (
        f"班次 {a['shift']} 落在 {a['day']}{' (法定节假日)' if a.get('holiday') else ''} 的部分: "
        f"在岗 {_hours(a['on_site'])} 小时，计算工时 {_hours(a['counted'])} 小时"
    ),
    "shift.share": lambda a, lang: (
        f"{_day_shift(a, lang)}: 部分请假，工时按出勤比例 {a['share']} 计算，"
        f"计算工时 {_hours(a['counted'])} 小时"
    ),
    "attendance.cycle": lambda a, lang: (
        f"考勤周期 {a['first']} 至 {a['last']}: "
        + (
            "按打卡判定，无打卡且无请假、缺勤、迟到、早退记录的排班日按旷工计算"
            if a.get("mode") == "punches"
            else "本周期无打卡记录，按异常记录判定，排班日除有记录外均视为出勤"
        )
    ),
    "attendance.absence": lambda a, lang: f"{_day_shift(a, lang)}: 缺勤 {a['days']} 天",
    "attendance.unapproved_absence": lambda a, lang: f"{_day_shift(a, lang)}: 旷工 {a['days']} 天",
    "attendance.comp_time_leave": lambda a, lang: (
        f"{_day_shift(a, lang)}: 经批准换休 {a['days']} 天，使用换休 {_hours(a.get('hours'))} 小时，"
        "不算缺勤"
    ),
    "attendance.leave_unapproved": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_kind(a['kind'], lang)} {a['days']} 天"
        + ("未获批准" if a.get("approved") is False else "，无批准记录")
        + "，未经批准擅自休假者论旷工处理"
    ),
    "attendance.leave": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_kind(a['kind'], lang)} {a['days']} 天"
    ),
    "attendance.late": lambda a, lang: _late_zh(a),
    "attendance.within_grace": _within_grace,
    "attendance.early_leave": lambda a, lang: _early_zh(a),
    "attendance.ignored_on_leave": lambda a, lang: (
        f"{_day_shift(a, lang)}: 当天整班请假或缺勤，{_kind(a['kind'], lang)}记录不予计算"
    ),
    "attendance.no_punch_absent": lambda a, lang: (
        f"{_day_shift(a, lang)}: 无打卡，也无请假、缺勤、迟到或早退记录，按旷工 {a['days']} 天计算"
    ),
    "attendance.punches_not_judged": lambda a, lang: (
        f"{_day_shift(a, lang)}: 当天部分请假，不按打卡判定迟到和早退"
    ),
    "attendance.punch_missing": lambda a, lang: (
        f"{_day_shift(a, lang)}: 缺少{_kind(a['missing'], lang)}，该侧按准时计算，请核对"
    ),
    "attendance.worked": lambda a, lang: (
        f"{_day_shift(a, lang)}: 出勤，计算工时 {_hours(a['counted'])} 小时"
        + (
            f"，其中计入本周期 {_hours(a['in_cycle'])} 小时"
            if a.get("in_cycle") is not None and a["in_cycle"] != a["counted"]
            else ""
        )
    ),
    "attendance.off_day_leave_ignored": lambda a, lang: (
        f"{a['day']} 未排班，{_kind(a['kind'], lang)}记录未占用班次，不予计算"
    ),
    "attendance.off_day_event": lambda a, lang: (
        f"{a['day']} 未排班，却有{_kind(a['kind'], lang)}记录，不予计算，请核对排班"
    ),
    "attendance.shift_swap": lambda a, lang: f"{a['day']} 主动换班，计 1 次",
    "attendance.shift_swap_not_counted": lambda a, lang: (
        f"{a['day']} 换班"
        + ("非主动" if a.get("voluntary") is False else "未注明是否主动")
        + "，不计入主动换班次数"
    ),
    "attendance.hours_before_cycle": lambda a, lang: (
        f"{_day_shift(a, lang)}: 班次属上一考勤周期，只有落在本周期内的 {_hours(a['hours'])} 小时"
        "计入本周期工时"
    ),
    "attendance.hours_after_cycle": lambda a, lang: (
        f"{_day_shift(a, lang)}: 有 {_hours(a['hours'])} 小时落在本周期结束之后，计入下一周期工时"
    ),
    "attendance.totals": lambda a, lang: (
        f"周期合计: 缺勤 {a['absence_days']} 天 (事假 {a['personal_leave_days']}，病假 "
        f"{a['sick_leave_days']}，旷工 {a['unapproved_absence_days']})，迟到 {a['late_count']} 次，"
        f"早退 {a['early_leave_count']} 次，主动换班 {a['shift_swap_count']} 次；出勤 "
        f"{a['shifts_worked']} 班，其中夜班 {a['night_shifts']} 个；计算工时 "
        f"{_hours(a['counted_hours'])} 小时，其中法定节假日 {_hours(a['holiday_hours'])} 小时；"
        f"换休 {_hours(a['comp_time_leave_hours'])} 小时"
    ),
    "ledger.period": lambda a, lang: _period_zh(a),
    "ledger.earned": lambda a, lang: (
        f"{a['period']} 超出应达工时 {_hours(a['hours'])} 小时，给予相同的换休时间: 换休批次 "
        f"{a['earned_on']} 起，{a['expires_on']} 到期；换休余额 {_hours(a['balance'])} 小时"
    ),
    "ledger.used": lambda a, lang: (
        f"{a['on']} 换休 {_hours(a['hours'])} 小时 (使用 {a['earned_on']} 的换休批次，"
        f"{a['expires_on']} 到期{_ref(a, lang)})；换休余额 {_hours(a['balance'])} 小时"
    ),
    "ledger.offset": lambda a, lang: (
        f"{a['period']} 工时不足，以 {a['earned_on']} 的换休批次抵扣 {_hours(a['hours'])} 小时"
        f"；换休余额 {_hours(a['balance'])} 小时"
    ),
    "ledger.expired": lambda a, lang: (
        f"{a['earned_on']} 的换休批次剩余 {_hours(a['hours'])} 小时于 {a['on']} 到期作废；"
        f"换休余额 {_hours(a['balance'])} 小时"
    ),
    "ledger.use_unfunded": lambda a, lang: (
        f"{a['on']} 换休 {_hours(a['asked'])} 小时，"
        + (
            f"换休余额只够 {_hours(a['funded'])} 小时，其余 "
            if a.get("funded") not in (None, "0")
            else "已无换休余额，"
        )
        + f"{_hours(a['unfunded'])} 小时无换休可用，不计工时{_ref(a, lang)}"
    ),
    "ledger.shortfall_carried": lambda a, lang: (
        f"{a['period']} 尚差 {_hours(a['hours'])} 小时，工时不满者隔月补满: 计入下期应达工时"
    ),
    "ledger.balanced": lambda a, lang: f"{a['period']} 工时正好达到应达工时，无换休也无欠时",
    "ledger.use_after_as_of": lambda a, lang: (
        f"{a['on']} 换休 {_hours(a['hours'])} 小时在台账日期 {a['as_of']} 之后，暂不计入"
        f"{_ref(a, lang)}"
    ),
}

_EN: dict[str, Template] = {
    "input.components": lambda a, lang: (
        "Inputs: "
        + ", ".join(
            f"{component(k, lang)} {v if v is not None else '(missing)'}"
            for k, v in zip(_strs(a["names"]), _values(a["values"]), strict=False)
        )
    ),
    "input.status": lambda a, lang: (
        f"Register: role {a['role']}, department {a['department']}, status {a['status']}"
    ),
    "input.attendance": lambda a, lang: (
        f"Attendance cycle {a['cycle']} ({a['start']} to {a['end']}): {a['absence']} day(s) absent "
        f"(personal {a['personal']}, sick {a['sick']}, unapproved {a['unapproved']}), late {a['late']}, "
        f"early leave {a['early']}, shift swaps {a['swaps']}"
    ),
    "input.no_attendance": lambda a, lang: (
        f"Attendance cycle {a['cycle']} ({a['start']} to {a['end']}): no summary"
    ),
    "input.evidence": lambda a, lang: (
        f"Award evidence: {a['commendations']} written commendation(s), {a['work_orders']} erroneous work "
        f"order(s), {a['refunds']} erroneous refund(s), lowest monitoring {a['monitoring'] or '-'}, "
        f"lowest exam {a['exam'] or '-'}"
    ),
    "score.weighted": lambda a, lang: (
        f"Monthly score = {_parts(a, lang)} = {a['score']} (exact; rounded only for display)"
    ),
    "score.missing": lambda a, lang: f"Missing {_missing(a, lang)}: no monthly score, not ranked",
    "excl.probation": lambda a, lang: (
        "On probation/training: no monthly bonus, takes no quota place"
    ),
    "excl.dismissed": lambda a, lang: "Dismissed this month for poor performance: no monthly bonus",
    "excl.standby": lambda a, lang: "On standby retraining: base pay only, no performance bonus",
    "excl.no_attendance": lambda a, lang: (
        "No attendance summary for the cycle: absence rules cannot be checked, no bonus"
    ),
    "excl.absence": lambda a, lang: (
        f"{a['days']} day(s) absent in the cycle, limit {a['limit']}: no monthly bonus"
    ),
    "excl.notice_unapproved": lambda a, lang: (
        f"Unpermitted absence ({a['days']} day(s)) during the notice period: no monthly bonus"
    ),
    "excl.notice_sick": lambda a, lang: (
        f"{a['days']} sick day(s) during the notice period, limit {a['limit']}: no monthly bonus"
    ),
    "pool.excluded": lambda a, lang: "Scored and shown, but not ranked and takes no quota place",
    "rank.placed": lambda a, lang: (
        f"Rank {a['rank']} of {a['pool']} in the pool of {_scope(a, lang)}{_tied(a, lang)}"
    ),
    "band.below_floor": lambda a, lang: (
        f"Tier {a['band']}: needs a score of at least {a['floor']}; not reached"
    ),
    "band.outside_quota": lambda a, lang: (
        f"Tier {a['band']}: rank must be within the top {a['share']}% (rank {a['rank']} of {a['pool']}, "
        f"limit rank {a['limit']}); quota full, falls to the next tier"
    ),
    "band.chosen_quota": lambda a, lang: (
        f"Score {a['score']} ≥ {a['floor']} and rank {a['rank']}/{a['pool']} within the top {a['share']}% "
        f"(inclusive, limit rank {a['limit']}): tier {a['band']}, {_money_en(a)} {a['amount']} yuan"
    ),
    "band.chosen": lambda a, lang: (
        f"Score {a['score']} ≥ {a['floor']}: tier {a['band']}, {_money_en(a)} {a['amount']} yuan"
    ),
    "band.none": lambda a, lang: f"Score {a['score']} is in no tier",
    "bonus.none": lambda a, lang: "Not ranked this month: bonus 0 yuan",
    "place.not_above": lambda a, lang: (
        f"Score {a['score']} is not above {a['floor']}: no place bonus"
    ),
    "place.unpaid": lambda a, lang: f"Rank {a['rank']}; only the first {a['paid']} places are paid",
    "place.paid": lambda a, lang: (
        f"Rank {a['rank']} with {a['score']} above {a['floor']}: bonus {a['amount']} yuan"
    ),
    "lqa.no_policy": lambda a, lang: "The policy defines no leader/QA bonus",
    "lqa.team_mean": lambda a, lang: (
        f"Supervision score = mean score {a['mean']} of the {a['count']} people of team {a['team']}, used as work ability"
        if a["mean"] is not None
        else f"Team {a['team']} has no scored members: no supervision score"
    ),
    "award.no_attendance": lambda a, lang: "No attendance summary: not considered for awards",
    "award.absence": lambda a, lang: (
        "Absence of some kind in the cycle (leave, late, early leave…): not considered for awards"
    ),
    "award.excluded_bonus": lambda a, lang: "No monthly bonus, so not considered for awards",
    "award.progress_no_scores": lambda a, lang: (
        f"{a.get('theme_en') or a['theme']}: monitoring or exam score missing this month"
    ),
    "award.progress_low_scores": lambda a, lang: (
        f"{a.get('theme_en') or a['theme']}: lowest monitoring {a['monitoring']} (needs {a['floor']}) and exam {a['exam']} (needs {a.get('exam_floor') or a['floor']})"
    ),
    "award.won": lambda a, lang: (
        f"Won {a.get('theme_en') or a['theme']}, {a['amount']} yuan" + _award_detail(a, lang)
    ),
    "award.over_limit": lambda a, lang: (
        f"Qualified for {a.get('theme_en') or a['theme']}, but only {a['limit']} winner(s) this month"
        + _award_detail(a, lang)
    ),
    "star.standby": lambda a, lang: (
        f"{a['stars']} star(s) in {a['quarter']}, but standby pays base pay only"
    ),
    "star.paid": lambda a, lang: (
        f"{a['stars']} star(s) in {a['quarter']}: star wage {a['amount']} yuan this month"
    ),
    "star.quarter_open": lambda a, lang: (
        f"Last quarter {a['quarter']} is not closed yet: no star wage for now"
    ),
    "star.none": lambda a, lang: f"No stars in {a['quarter']}: no star wage this month",
    "star.mean": lambda a, lang: (
        f"Quarter score = mean of {' / '.join(_strs(a['scores']))} = {a['mean']}"
    ),
    "star.incomplete": lambda a, lang: (
        f"No monthly score for {', '.join(_strs(a['missing']))}: counted as new, 0 stars"
    ),
    "star.not_regular": lambda a, lang: "Not regular staff at the quarter's end: not rated",
    "star.left": lambda a, lang: "Left before the quarter's end: not rated",
    "progress.previous_open": lambda a, lang: (
        f"Previous month {a['month']} is not closed: no progress award this month"
    ),
    "calendar.working_days": lambda a, lang: (
        f"{a['start']} to {a['end']}: {a['weekdays']} weekdays, {a['weekday_days_off']} of them off, "
        f"{a['adjusted_workdays']} weekend days worked: {a['working_days']} working days "
        f"(source: {', '.join(_strs(a['sources']))})"
    ),
    "hours.standard_hours": lambda a, lang: (
        f"Standard hours = {a['working_days']} working days × {a['hours_per_working_day']} h = {a['standard_hours']} h"
    ),
    "pay.input": lambda a, lang: (
        f"Pay inputs: {a['month']}, {a['role']}, {a['department']}"
        f"{'/' + str(a['team']) if a['team'] else ''}, level {a['level'] or '(none)'}, status {a['status']}"
        + (", on standby" if a["standby"] else "")
        + (f", share of month {a['base_share']}" if a["base_share"] not in ("1", None) else "")
        + f"; policy {a['policy']}"
    ),
    "pay.input_figures": lambda a, lang: (
        f"Figures: star wage {a['star_wage']}, monthly bonus {a['monthly_bonus']}, awards "
        f"{', '.join(_strs(a['awards'])) or 'none'}; {a['night_shifts']} night shift(s), "
        f"{a['shifts_worked']} shift(s) worked, {a['holiday_hours']} holiday hour(s); personal leave "
        f"{a['personal_leave_days']}, sick leave {a['sick_leave_days']}, absenteeism "
        f"{a['unapproved_absence_days']} day(s)"
    ),
    "pay.input_sources": lambda a, lang: (
        "Sources: "
        + "; ".join(
            f"{_source(n, lang)}: {v}"
            for n, v in zip(_strs(a["names"]), _strs(a["values"]), strict=False)
        )
    ),
    "pay.day_wage": lambda a, lang: (
        f"Day wage = base {a['base']} ÷ {a['divisor']} = {_short(a['day_wage'])} (exact, not rounded)"
    ),
    "pay.standby": lambda a, lang: "On standby retraining: base pay only (R-PAY-3)",
    "pay.standby_unpaid": lambda a, lang: (
        f"{a['item_en']}: base pay only on standby; would have been {_fen(a['would_be'])}, paid {_fen(a['amount'])}"
    ),
    "pay.deduction_capped": lambda a, lang: (
        f"{a['item_en']}: {_fen(a['full'])} owed, capped at the gross {_fen(a['gross'])} so net pay stays ≥ 0; "
        f"deducted {_fen(a['amount'])}"
    ),
    "pay.total": lambda a, lang: (
        f"Gross {_fen(a['gross'])} − deductions {_fen(a['deductions'])} = net {_fen(a['net'])} yuan"
    ),
    "pay.base": lambda a, lang: (
        f"Base pay = monthly {_fen(a['monthly'])}"
        + (f" (level {a['level']})" if a.get("source") == "level" else " (personal)")
        + (f" × share of month {a['share']}" if a["share"] != "1" else "")
        + f" = {_fen(a['amount'])} yuan"
    ),
    "pay.star_wage": lambda a, lang: f"Star wage {_fen(a['amount'])} yuan",
    "pay.monthly_bonus": lambda a, lang: f"Monthly bonus {_fen(a['amount'])} yuan",
    "pay.award": lambda a, lang: f'Excellence award "{a["theme"]}" {_fen(a["amount"])} yuan',
    "pay.night_allowance": lambda a, lang: (
        f"Night allowance = {a['shifts']} night shift(s) × {a['rate']} = {_fen(a['amount'])} yuan"
    ),
    "pay.meal_allowance": lambda a, lang: (
        f"Meal allowance = {a['shifts']} shift(s) × {a['rate']} = {_fen(a['amount'])} yuan"
    ),
    "pay.holiday_pay": lambda a, lang: (
        f"Holiday pay = {a['hours']} holiday hour(s) ÷ {a['hours_per_day']} h × day wage "
        f"{_short(a['day_wage'])} × {a['multiplier']} = {_short(a['exact'])} → {_fen(a['amount'])} yuan"
    ),
    "pay.other_allowance": lambda a, lang: (
        f'Other allowance "{a["label"]}" {_fen(a["amount"])} yuan'
    ),
    "pay.personal_leave": lambda a, lang: _deduction_en("Personal leave", a),
    "pay.sick_leave": lambda a, lang: _deduction_en("Sick leave", a),
    "pay.absenteeism": lambda a, lang: _deduction_en("Absenteeism", a),
    "pay.other_deduction": lambda a, lang: (
        f'Other deduction "{a["label"]}" {_fen(a["amount"])} yuan'
    ),
    "shift.window": lambda a, lang: (
        f"{_day_shift(a, lang)}: {a['starts']} to {a['ends']}, {_hours(a['on_site'])} h on site, "
        f"{_hours(a['counted'])} h counted" + (", night shift" if a.get("night") else "")
    ),
    "shift.breaks": lambda a, lang: (
        f"Shift {a['shift']}: unpaid breaks {', '.join(_strs(a['breaks'])) or '(none)'}"
    ),
    "shift.spread": lambda a, lang: (
        f"Shift {a['shift']} has no set breaks: the unpaid time is spread evenly, "
        f"{_hours(a['counted'])}/{_hours(a['on_site'])} h counted per hour on site"
    ),
    "shift.shortened": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_cut(a, lang)}: {_hours(a['on_site'])} h on site, "
        f"{_hours(a['counted'])} h counted"
    ),
    "shift.part": lambda a, lang: (
        f"Part of shift {a['shift']} on {a['day']}{' (statutory holiday)' if a.get('holiday') else ''}: "
        f"{_hours(a['on_site'])} h on site, {_hours(a['counted'])} h counted"
    ),
    "shift.share": lambda a, lang: (
        f"{_day_shift(a, lang)}: partly on leave, hours × {a['share']} worked: "
        f"{_hours(a['counted'])} h counted"
    ),
    "attendance.cycle": lambda a, lang: (
        f"Attendance cycle {a['first']} to {a['last']}: "
        + (
            "judged on punches; a rostered day with no punch and no leave, absence, late or "
            "early record is absenteeism"
            if a.get("mode") == "punches"
            else "no punches this cycle, judged on exceptions; a rostered day counts as worked "
            "unless a record says otherwise"
        )
    ),
    "attendance.absence": lambda a, lang: f"{_day_shift(a, lang)}: absent {a['days']} day(s)",
    "attendance.unapproved_absence": lambda a, lang: (
        f"{_day_shift(a, lang)}: absenteeism {a['days']} day(s)"
    ),
    "attendance.comp_time_leave": lambda a, lang: (
        f"{_day_shift(a, lang)}: approved comp-time leave {a['days']} day(s), "
        f"{_hours(a.get('hours'))} h of comp time; not an absence"
    ),
    "attendance.leave_unapproved": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_kind(a['kind'], lang)} {a['days']} day(s) "
        + ("not approved" if a.get("approved") is False else "with no approval recorded")
        + ": leave taken without approval counts as absenteeism"
    ),
    "attendance.leave": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_kind(a['kind'], lang)} {a['days']} day(s)"
    ),
    "attendance.late": lambda a, lang: _late_en(a),
    "attendance.within_grace": _within_grace,
    "attendance.early_leave": lambda a, lang: _early_en(a),
    "attendance.ignored_on_leave": lambda a, lang: (
        f"{_day_shift(a, lang)}: the whole shift was leave or absence, so the "
        f"{_kind(a['kind'], lang)} record is not counted"
    ),
    "attendance.no_punch_absent": lambda a, lang: (
        f"{_day_shift(a, lang)}: no punch and no leave, absence, late or early record: "
        f"absenteeism {a['days']} day(s)"
    ),
    "attendance.punches_not_judged": lambda a, lang: (
        f"{_day_shift(a, lang)}: partly on leave, so punches are not judged for lateness or early leave"
    ),
    "attendance.punch_missing": lambda a, lang: (
        f"{_day_shift(a, lang)}: no {_kind(a['missing'], lang)}; that side taken as on time, "
        "please check"
    ),
    "attendance.worked": lambda a, lang: (
        f"{_day_shift(a, lang)}: worked, {_hours(a['counted'])} h counted"
        + (
            f", {_hours(a['in_cycle'])} h of them in this cycle"
            if a.get("in_cycle") is not None and a["in_cycle"] != a["counted"]
            else ""
        )
    ),
    "attendance.off_day_leave_ignored": lambda a, lang: (
        f"{a['day']}: no shift rostered, so the {_kind(a['kind'], lang)} record missed nothing "
        "and is ignored"
    ),
    "attendance.off_day_event": lambda a, lang: (
        f"{a['day']}: no shift rostered, but a {_kind(a['kind'], lang)} record; not counted, "
        "please check the roster"
    ),
    "attendance.shift_swap": lambda a, lang: f"{a['day']}: voluntary shift swap, counted once",
    "attendance.shift_swap_not_counted": lambda a, lang: (
        f"{a['day']}: shift swap "
        + ("not voluntary" if a.get("voluntary") is False else "not marked voluntary")
        + ", not counted as a voluntary swap"
    ),
    "attendance.hours_before_cycle": lambda a, lang: (
        f"{_day_shift(a, lang)}: the shift belongs to the previous cycle; only its "
        f"{_hours(a['hours'])} h inside this cycle count here"
    ),
    "attendance.hours_after_cycle": lambda a, lang: (
        f"{_day_shift(a, lang)}: {_hours(a['hours'])} h fall after the cycle's end and count to "
        "the next cycle"
    ),
    "attendance.totals": lambda a, lang: (
        f"Cycle totals: {a['absence_days']} day(s) absent (personal {a['personal_leave_days']}, "
        f"sick {a['sick_leave_days']}, absenteeism {a['unapproved_absence_days']}), late "
        f"{a['late_count']}, early leave {a['early_leave_count']}, voluntary swaps "
        f"{a['shift_swap_count']}; {a['shifts_worked']} shift(s) worked, {a['night_shifts']} of "
        f"them night shifts; {_hours(a['counted_hours'])} h counted, "
        f"{_hours(a['holiday_hours'])} h on statutory holidays; comp-time leave "
        f"{_hours(a['comp_time_leave_hours'])} h"
    ),
    "ledger.period": lambda a, lang: _period_en(a),
    "ledger.earned": lambda a, lang: (
        f"{a['period']}: {_hours(a['hours'])} h above the required hours become comp time: "
        f"lot of {a['earned_on']}, expires {a['expires_on']}; balance {_hours(a['balance'])} h"
    ),
    "ledger.used": lambda a, lang: (
        f"{a['on']}: {_hours(a['hours'])} h comp time used (lot of {a['earned_on']}, expires "
        f"{a['expires_on']}{_ref(a, lang)}); balance {_hours(a['balance'])} h"
    ),
    "ledger.offset": lambda a, lang: (
        f"{a['period']}: shortfall offset by {_hours(a['hours'])} h from the lot of "
        f"{a['earned_on']}; balance {_hours(a['balance'])} h"
    ),
    "ledger.expired": lambda a, lang: (
        f"{a['on']}: the remaining {_hours(a['hours'])} h of the lot of {a['earned_on']} expired; "
        f"balance {_hours(a['balance'])} h"
    ),
    "ledger.use_unfunded": lambda a, lang: (
        f"{a['on']}: {_hours(a['asked'])} h comp time asked, "
        + (
            f"only {_hours(a['funded'])} h in the bank; the other "
            if a.get("funded") not in (None, "0")
            else "nothing in the bank; the "
        )
        + f"{_hours(a['unfunded'])} h are not funded and count as nothing{_ref(a, lang)}"
    ),
    "ledger.shortfall_carried": lambda a, lang: (
        f"{a['period']}: {_hours(a['hours'])} h short, to be made up next period"
    ),
    "ledger.balanced": lambda a, lang: (
        f"{a['period']}: exactly the required hours, no comp time earned and nothing owed"
    ),
    "ledger.use_after_as_of": lambda a, lang: (
        f"{a['on']}: {_hours(a['hours'])} h comp time after the ledger date {a['as_of']}, "
        f"not applied yet{_ref(a, lang)}"
    ),
}


def _fen(value: TraceValue) -> str:
    """A money figure as payroll writes it: to the fen (4200 → 4200.00, −193.1 → −193.10)."""
    from decimal import Decimal, InvalidOperation

    try:
        return f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"
    except InvalidOperation:
        return str(value)


_SOURCE_NAMES = {"bonus": ("奖金", "bonus"), "attendance": ("考勤", "attendance")}


def _source(name: str, lang: Lang) -> str:
    return _SOURCE_NAMES.get(name, (name, name))[0 if lang == "zh" else 1]


def _short(value: TraceValue) -> str:
    """An exact figure for reading: at most four decimals shown, … when there are more."""
    text = str(value)
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac[:4]}…" if len(frac) > 4 else text


def _deduction_zh(what: str, a: Args) -> str:
    return (
        f"{what}扣款 = {a['days']} 天 × 日工资 {_short(a['day_wage'])} × {a['share']} = "
        f"{_short(a['exact'])} → {a['amount']} 元"
    )


def _deduction_en(what: str, a: Args) -> str:
    return (
        f"{what} deduction = {a['days']} day(s) × day wage {_short(a['day_wage'])} × {a['share']} = "
        f"{_short(a['exact'])} → {a['amount']} yuan"
    )


def _award_detail(a: Args, lang: Lang) -> str:
    if a.get("kind") == "progress":
        return (
            f" (名次由上月第 {a['previous']} 名升至第 {a['rank']} 名)"
            if lang == "zh"
            else f" (rank {a['previous']} last month → {a['rank']})"
        )
    if a.get("kind") == "hundred_percent_star":
        return (
            f" (连续 {a['streak']} 个月无错误工单及错误退费登记)"
            if lang == "zh"
            else f" ({a['streak']} consecutive months without erroneous work orders or refunds)"
        )
    return ""


CATALOG: dict[Lang, dict[str, Template]] = {"zh": _ZH, "en": _EN}


def render(step: Step, lang: Lang = "zh") -> str:
    """One line: the rule ID, then the step in words."""
    template = CATALOG[lang].get(step.code)
    text = template(step.args, lang) if template else f"{step.code} {step.args}"
    return f"{step.rule}: {text}"


def _merge_domain_messages() -> None:
    """The career rules keep their words beside them; one catalog renders every step."""
    from kefu.autoqa import messages as autoqa_messages
    from kefu.bonuses import feed_messages
    from kefu.careers import eagle_messages, election_messages, ladder_messages
    from kefu.conduct import messages as conduct_messages
    from kefu.elimination import messages as elimination_messages
    from kefu.exams import messages as exam_messages
    from kefu.meetings import messages as meeting_messages
    from kefu.qa import messages as qa_messages
    from kefu.qa_reports import messages as qa_report_messages
    from kefu.recruitment import messages as recruitment_messages
    from kefu.training import messages as training_messages
    from kefu.workflow import messages as workflow_messages

    for module in (
        ladder_messages,
        election_messages,
        eagle_messages,
        workflow_messages,
        exam_messages,
        training_messages,
        elimination_messages,
        recruitment_messages,
        feed_messages,
        qa_messages,
        autoqa_messages,
        qa_report_messages,
        conduct_messages,
        meeting_messages,
    ):
        _ZH.update(module.ZH)
        _EN.update(module.EN)


_merge_domain_messages()
