"""Words for the Eagle plan's trace steps (R-EGL-1..3), Chinese and English.

Merged into ``kefu.explain.messages.CATALOG`` by the lead; ``Lang`` is restated here (the same
literal type) so that merge cannot import this module in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

STATUS: dict[str, dict[Lang, str]] = {
    "probation": {"zh": "试用", "en": "on probation"},
    "regular": {"zh": "正式", "en": "regular"},
    "standby": {"zh": "待岗", "en": "on standby"},
    "notice_period": {"zh": "离职通知期", "en": "in the notice period"},
    "left": {"zh": "离职", "en": "gone"},
}
CHECKS: dict[str, dict[Lang, str]] = {
    "status": {"zh": "员工状态", "en": "status"},
    "department": {"zh": "所在部门", "en": "department"},
    "tenure": {"zh": "任职年限", "en": "tenure"},
    "complaints": {"zh": "重大投诉", "en": "major complaints"},
}
CRITERIA: dict[str, dict[Lang, str]] = {
    "awards": {"zh": "获奖含金量", "en": "award points"},
    "exam": {"zh": "转正考试成绩", "en": "conversion-exam score"},
    "level": {"zh": "原职位级别", "en": "original level"},
    "applied_on": {"zh": "申请日期", "en": "application date"},
    "employee_no": {"zh": "工号", "en": "employee number"},
}
EXAMS: dict[str, dict[Lang, str]] = {
    "soso": {"zh": "SOSO升级考试", "en": "SOSO upgrade exam"},
    "gap": {"zh": "GAP上机考试", "en": "GAP computer exam"},
}


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _word(table: dict[str, dict[Lang, str]], key: TraceValue, lang: Lang) -> str:
    return table.get(str(key), {"zh": str(key), "en": str(key)})[lang]


def _join(value: TraceValue, lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(_strs(value)) or ("(无)" if lang == "zh" else "-")


def _or_missing(value: TraceValue, lang: Lang) -> str:
    if value is None:
        return "(缺)" if lang == "zh" else "(missing)"
    return str(value)


def _shortlist_zh(a: Args) -> str:
    state = a["state"]
    window = f"截止日 {a['deadline']} 之后 {a['days']} 天内(最迟 {a['by']})"
    if state == "pending":
        return f"尚未筛选合格候选人:应在{window}完成"
    if state == "early":
        return f"{a['on']} 筛选合格候选人，早于申请截止日 {a['deadline']}:申请尚未结束"
    if state == "late":
        return (
            f"{a['on']} 筛选合格候选人，晚于最迟日期 {a['by']}"
            f"(截止日 {a['deadline']} 之后 {a['days']} 天内)"
        )
    return f"{a['on']} 筛选合格候选人，在{window}"


def _shortlist_en(a: Args) -> str:
    state = a["state"]
    window = f"within {a['days']} day(s) after the deadline {a['deadline']} (by {a['by']})"
    if state == "pending":
        return f"No shortlist yet: due {window}"
    if state == "early":
        return f"Shortlisted on {a['on']}, before the application deadline {a['deadline']}"
    if state == "late":
        return (
            f"Shortlisted on {a['on']}, after {a['by']} ({a['days']} day(s) after the deadline "
            f"{a['deadline']})"
        )
    return f"Shortlisted on {a['on']}, {window}"


def _interview_zh(a: Args) -> str:
    window = f"{a['from']} 至 {a['to']}(截止日 {a['deadline']} 之后)"
    if a["state"] == "pending":
        return f"尚未安排面试:应在 {window} 进行"
    if a["state"] == "outside":
        return f"面试安排在 {a['on']}，不在 {window} 之内"
    return f"面试安排在 {a['on']}，在 {window} 之内"


def _interview_en(a: Args) -> str:
    window = f"{a['from']} to {a['to']} (after the deadline {a['deadline']})"
    if a["state"] == "pending":
        return f"No interview yet: due {window}"
    if a["state"] == "outside":
        return f"Interview on {a['on']}, outside {window}"
    return f"Interview on {a['on']}, within {window}"


def _gap_prior_zh(a: Args) -> str:
    head = f"原部门 GAP 成绩 {a['score']}({a['taken_on']} 考)"
    why = a["why"]
    if why == "low":
        return f"{head}，低于合格线 {a['pass_mark']}:不能免考 GAP上机考试"
    if why == "after":
        return f"{head}，晚于申请日 {a['applied_on']}:不能免考 GAP上机考试"
    if why == "old":
        return (
            f"{head}，早于 {a['since']}(申请日 {a['applied_on']} 前 {a['months']} 个月):"
            f"已过有效期，不能免考 GAP上机考试"
        )
    return (
        f"{head}，达到合格线 {a['pass_mark']}，且在申请日 {a['applied_on']} 前 {a['months']} 个月内"
        f"({a['since']} 起):免考 GAP上机考试"
    )


def _gap_prior_en(a: Args) -> str:
    head = f"Prior GAP score {a['score']} (taken {a['taken_on']})"
    why = a["why"]
    if why == "low":
        return f"{head} is below the pass mark {a['pass_mark']}: no GAP exemption"
    if why == "after":
        return f"{head} is after the application date {a['applied_on']}: no GAP exemption"
    if why == "old":
        return (
            f"{head} is before {a['since']} ({a['months']} month(s) before the application date "
            f"{a['applied_on']}): expired, no GAP exemption"
        )
    return (
        f"{head} reaches the pass mark {a['pass_mark']} within {a['months']} month(s) before the "
        f"application date {a['applied_on']} (from {a['since']}): GAP exam exempt"
    )


_EXAM_STATE: dict[str, dict[Lang, str]] = {
    "pass": {"zh": "合格", "en": "passed"},
    "fail": {"zh": "不合格", "en": "failed"},
    "missing": {"zh": "尚无成绩", "en": "no result yet"},
}
_RESULT: dict[str, dict[Lang, str]] = {
    "passed": {"zh": "两项考试均合格", "en": "Both exams passed"},
    "failed": {"zh": "考试未通过", "en": "An exam was failed"},
    "pending": {"zh": "考试成绩未齐，尚无结果", "en": "A result is missing: no outcome yet"},
}

ZH: dict[str, Template] = {
    "eagle.status": lambda a, lang: (
        f"员工状态「{_word(STATUS, a['status'], lang)}」"
        + ("" if a["ok"] else ":只有正式员工可以申请雏鹰计划")
    ),
    "eagle.department": lambda a, lang: (
        f"所在部门 {a['department']}"
        + (
            "，属于可申请的普通客服部"
            if a["ok"]
            else f"，不在可申请部门({_join(a['allowed'], lang)})之内"
        )
    ),
    "eagle.tenure": lambda a, lang: (
        f"{'入职' if a['from_hire'] else '进入普通客服部'}日期 {a['since']}，满 {a['years']} 年之日为 "
        f"{a['anniversary']}，申请日 {a['applied_on']}"
        + ("，任职年限满足" if a["ok"] else ":任职不满规定年限")
    ),
    "eagle.complaints": lambda a, lang: (
        "无重大投诉" if a["ok"] else f"有 {a['count']} 次重大投诉，不符合申请条件"
    ),
    "eagle.plan_months": lambda a, lang: (
        f"计划所需 {a['months']} 个月"
        + (
            f"，在原则上的 {a['min']}–{a['max']} 个月之内"
            if a["ok"]
            else f"，超出原则上的 {a['min']}–{a['max']} 个月:请面试小组留意(不因此淘汰)"
        )
    ),
    "eagle.qualified": lambda a, lang: "初审合格，列为合格候选人",
    "eagle.unqualified": lambda a, lang: (
        f"初审不合格: {'、'.join(_word(CHECKS, c, lang) for c in _strs(a['failed']))} 不符合条件"
    ),
    "eagle.awards": lambda a, lang: f"获奖: {_join(a['awards'], lang)}，含金量合计 {a['points']}",
    "eagle.conversion_exam": lambda a, lang: (
        f"转正考试成绩 {_or_missing(a['score'], lang)}"
        + ("(无成绩者排在有成绩者之后)" if a["score"] is None else "")
    ),
    "eagle.level": lambda a, lang: (
        f"原职位级别 {a['level'] or '(未填)'}"
        + (
            f"，为建议级别第 {a['position']} 位({_join(a['preferred'], lang)})"
            if a["position"] is not None
            else f"，不在建议级别({_join(a['preferred'], lang)})之中"
        )
    ),
    "eagle.placed": lambda a, lang: f"在 {a['pool']} 名合格候选人中排第 {a['place']} 位",
    "eagle.behind": lambda a, lang: (
        f"排在 {a['ahead']} 之后: {_word(CRITERIA, a['criterion'], lang)} "
        f"{_or_missing(a['mine'], lang)} 对 {_or_missing(a['theirs'], lang)}"
        + ("(前面各项相同)" if a["criterion"] != "awards" else "")
    ),
    "eagle.schedule.shortlist": lambda a, lang: _shortlist_zh(a),
    "eagle.schedule.interview": lambda a, lang: _interview_zh(a),
    "eagle.schedule.interview_before_shortlist": lambda a, lang: (
        f"面试日 {a['interview_on']} 早于筛选日 {a['shortlist_on']}"
    ),
    "eagle.group.seats": lambda a, lang: (
        f"{a['department']} 名额 {a['seats']} 人: {_join(a['members'], lang)}"
    ),
    "eagle.group.leader": lambda a, lang: f"组长: {a['leader']}(组员之间互为讲师和学员)",
    "eagle.group.no_leader": lambda a, lang: "小组尚未设立组长",
    "eagle.exam.gap_no_prior": lambda a, lang: "没有原部门 GAP 成绩，需参加 GAP上机考试",
    "eagle.exam.gap_prior": lambda a, lang: _gap_prior_zh(a),
    "eagle.exam.result_exempt": lambda a, lang: f"{_word(EXAMS, a['exam'], lang)}: 免考",
    "eagle.exam.score": lambda a, lang: (
        f"{_word(EXAMS, a['exam'], lang)}: {_or_missing(a['score'], lang)}，合格线 "
        f"{a['pass_mark']}，{_word(_EXAM_STATE, a['state'], lang)}"
    ),
    "eagle.exam.result": lambda a, lang: _word(_RESULT, a["result"], lang),
    "eagle.leader_complaints": lambda a, lang: (
        f"{a['members']} 名组员中有 {a['count']} 人投诉且理由得当"
        + (
            f"，超过 {a['share']}%:需另立组长"
            if a["must_replace"]
            else f"，未超过 {a['share']}%:组长继续留任"
        )
    ),
    "eagle.certificate": lambda a, lang: (
        f"通过考核:颁发奖状，调入{a['department']}，享受其待遇"
        if a["due"]
        else f"尚未通过考核:暂不颁发奖状，不调入{a['department']}"
    ),
}

EN: dict[str, Template] = {
    "eagle.status": lambda a, lang: (
        f"Status: {_word(STATUS, a['status'], lang)}"
        + ("" if a["ok"] else ": only regular staff may apply to the Eagle plan")
    ),
    "eagle.department": lambda a, lang: (
        f"Department {a['department']}"
        + (
            ", a regular customer-service department"
            if a["ok"]
            else f", not one that may apply ({_join(a['allowed'], lang)})"
        )
    ),
    "eagle.tenure": lambda a, lang: (
        f"{'Hired' if a['from_hire'] else 'In a regular CS department since'} {a['since']}; "
        f"{a['years']} year(s) reached on {a['anniversary']}; applied on {a['applied_on']}"
        + (": tenure met" if a["ok"] else ": tenure too short")
    ),
    "eagle.complaints": lambda a, lang: (
        "No major complaint" if a["ok"] else f"{a['count']} major complaint(s): does not qualify"
    ),
    "eagle.plan_months": lambda a, lang: (
        f"Study plan takes {a['months']} month(s)"
        + (
            f", within the {a['min']}–{a['max']} months in principle"
            if a["ok"]
            else f", outside the {a['min']}–{a['max']} months in principle: for the panel to "
            f"weigh (not a rejection)"
        )
    ),
    "eagle.qualified": lambda a, lang: "Passes the first review: a qualified candidate",
    "eagle.unqualified": lambda a, lang: (
        f"Fails the first review on: {', '.join(_word(CHECKS, c, lang) for c in _strs(a['failed']))}"
    ),
    "eagle.awards": lambda a, lang: (
        f"Awards: {_join(a['awards'], lang)}; {a['points']} award point(s) in all"
    ),
    "eagle.conversion_exam": lambda a, lang: (
        f"Conversion-exam score {_or_missing(a['score'], lang)}"
        + (" (ranked after those with a score)" if a["score"] is None else "")
    ),
    "eagle.level": lambda a, lang: (
        f"Original level {a['level'] or '(none)'}"
        + (
            f", preferred level no. {a['position']} ({_join(a['preferred'], lang)})"
            if a["position"] is not None
            else f", not a preferred level ({_join(a['preferred'], lang)})"
        )
    ),
    "eagle.placed": lambda a, lang: f"Place {a['place']} of {a['pool']} qualified candidates",
    "eagle.behind": lambda a, lang: (
        f"Behind {a['ahead']} on {_word(CRITERIA, a['criterion'], lang)}: "
        f"{_or_missing(a['mine'], lang)} against {_or_missing(a['theirs'], lang)}"
        + (" (earlier criteria equal)" if a["criterion"] != "awards" else "")
    ),
    "eagle.schedule.shortlist": lambda a, lang: _shortlist_en(a),
    "eagle.schedule.interview": lambda a, lang: _interview_en(a),
    "eagle.schedule.interview_before_shortlist": lambda a, lang: (
        f"The interview ({a['interview_on']}) is before the shortlist ({a['shortlist_on']})"
    ),
    "eagle.group.seats": lambda a, lang: (
        f"{a['department']}: {a['seats']} seat(s): {_join(a['members'], lang)}"
    ),
    "eagle.group.leader": lambda a, lang: f"Leader: {a['leader']} (members teach each other)",
    "eagle.group.no_leader": lambda a, lang: "The group has no leader yet",
    "eagle.exam.gap_no_prior": lambda a, lang: "No prior GAP score: the GAP exam is required",
    "eagle.exam.gap_prior": lambda a, lang: _gap_prior_en(a),
    "eagle.exam.result_exempt": lambda a, lang: f"{_word(EXAMS, a['exam'], lang)}: exempt",
    "eagle.exam.score": lambda a, lang: (
        f"{_word(EXAMS, a['exam'], lang)}: {_or_missing(a['score'], lang)}, pass mark "
        f"{a['pass_mark']}, {_word(_EXAM_STATE, a['state'], lang)}"
    ),
    "eagle.exam.result": lambda a, lang: _word(_RESULT, a["result"], lang),
    "eagle.leader_complaints": lambda a, lang: (
        f"{a['count']} of {a['members']} member(s) complained with valid reasons"
        + (
            f", more than {a['share']}%: a new leader is needed"
            if a["must_replace"]
            else f", not more than {a['share']}%: the leader stays"
        )
    ),
    "eagle.certificate": lambda a, lang: (
        f"Passed: certificate, transfer to {a['department']} with its pay and benefits"
        if a["due"]
        else f"Not passed yet: no certificate, no transfer to {a['department']}"
    ),
}
