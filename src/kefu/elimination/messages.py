"""Words for the elimination trace steps, Chinese and English (merged into kefu.explain.messages).

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

WHY: dict[str, dict[Lang, str]] = {
    "not_listed": {
        "zh": "不在当月结算名单中(未入职、非客服代表或已离职)",
        "en": "not in the month's close (not hired yet, not an agent, or gone)",
    },
    "probation": {"zh": "试用期", "en": "on probation"},
    "standby": {"zh": "待岗", "en": "on standby"},
    "dismissed": {"zh": "当月被辞退", "en": "dismissed that month"},
    "absence": {"zh": "缺勤天数达到排除标准", "en": "absences at the exclusion limit"},
    "notice": {
        "zh": "离职通知期内的缺勤或病假",
        "en": "absence or sick leave in the notice period",
    },
    "no_attendance": {"zh": "没有考勤汇总", "en": "no attendance summary"},
    "no_score": {"zh": "当月成绩不全", "en": "incomplete scores"},
    "excluded": {"zh": "被排除在排名之外", "en": "kept out of the ranking"},
}

COMPONENT_NAMES: dict[str, dict[Lang, str]] = {
    "call_quality": {"zh": "通话评估成绩", "en": "call quality"},
    "work_ability": {"zh": "工作评估成绩", "en": "work evaluation"},
    "overall_conduct": {"zh": "综合工作表现", "en": "overall conduct"},
}

FOCUS_NAMES: dict[str, dict[Lang, str]] = {
    "service_phrases": {"zh": "服务规范用语", "en": "standard service phrases"},
    "phone_skills": {"zh": "电话沟通技巧", "en": "telephone communication skills"},
    "business_knowledge": {"zh": "业务知识", "en": "business knowledge"},
    "system_skills": {"zh": "系统操作技能", "en": "system operation skills"},
    "service_standards": {
        "zh": "服务规范与工作纪律",
        "en": "service standards and workplace conduct",
    },
}

SOURCE_NAMES: dict[str, dict[Lang, str]] = {
    "typed": {"zh": "人事录入", "en": "entered by HR"},
    "sitting": {"zh": "在线考试", "en": "online exam"},
}

GROUNDS: dict[str, dict[Lang, str]] = {
    "second_run": {
        "zh": "重新上岗后再次连续排名末位",
        "en": "in the last places again after returning",
    },
    "re_entry_failed": {
        "zh": "重新上岗考试未通过，经理决定辞退",
        "en": "failed the re-entry exam; the manager chose dismissal",
    },
}


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _named(table: dict[str, dict[Lang, str]], value: TraceValue, lang: Lang) -> str:
    key = str(value)
    return table.get(key, {"zh": key, "en": key})[lang]


def component(value: TraceValue, lang: Lang) -> str:
    """A score component's name in the reader's language."""
    return _named(COMPONENT_NAMES, value, lang)


def focus(value: TraceValue, lang: Lang) -> str:
    """A training content's name in the reader's language."""
    return _named(FOCUS_NAMES, value, lang)


def why(value: TraceValue, lang: Lang) -> str:
    """Why someone is not ranked, in the reader's language."""
    return ("、" if lang == "zh" else "; ").join(_named(WHY, w, lang) for w in _strs(value))


def grounds(value: TraceValue, lang: Lang) -> str:
    return _named(GROUNDS, value, lang)


def _months(value: TraceValue, lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(_strs(value))


def _tied_zh(a: Args) -> str:
    tied = _strs(a["tied"])
    if not tied:
        return ""
    return f"，与 {'、'.join(tied)} 并列第 {a['rank']} 名(并列在末位边界者一并计入)"


def _tied_en(a: Args) -> str:
    tied = _strs(a["tied"])
    if not tied:
        return ""
    return (
        f", tied at rank {a['rank']} with {', '.join(tied)} (everyone tied at the boundary is in)"
    )


def _since_zh(a: Args) -> str:
    if a["why"] == "returned":
        return f"{a['day']} 待岗结束重新上岗，只计 {a['first_month']} 起的月份"
    return f"此前的月份已由案件 #{a['case']} 处理，只计 {a['first_month']} 起的月份"


def _since_en(a: Args) -> str:
    if a["why"] == "returned":
        return f"back from standby on {a['day']}: only months from {a['first_month']} count"
    return f"the months before were judged by case #{a['case']}: only {a['first_month']} on count"


def _unranked_zh(a: Args) -> str:
    what = (
        "按政策(unranked_month: skip)既不计入也不中断连续末位"
        if a["rule"] == "skip"
        else "按政策(unranked_month: break)中断连续末位"
        + (f"(此前已连续 {a['run']} 个月)" if a["run"] else "")
    )
    return f"{a['month']} 未参加排名({why(a['why'], 'zh')}):{what}"


def _unranked_en(a: Args) -> str:
    what = (
        "under the policy (unranked_month: skip) it neither counts nor breaks the run"
        if a["rule"] == "skip"
        else "under the policy (unranked_month: break) it ends the run"
        + (f" (of {a['run']} month(s))" if a["run"] else "")
    )
    return f"{a['month']}: not ranked ({why(a['why'], 'en')}); {what}"


def _due_zh(a: Args) -> str:
    months = _months(a["months"], "zh")
    if a["kind"] == "dismissal":
        return (
            f"{a['returned_on']} 重新上岗后又连续 {a['needed']} 个月({months})排名末位:"
            f"应予辞退 (末位淘汰)"
        )
    return f"连续 {a['needed']} 个月({months})排名末位:应接受待岗培训"


def _due_en(a: Args) -> str:
    months = _months(a["months"], "en")
    if a["kind"] == "dismissal":
        return (
            f"back since {a['returned_on']} and again in the last places {a['needed']} months "
            f"running ({months}): due for dismissal"
        )
    return f"in the last places {a['needed']} months running ({months}): due for standby retraining"


def _not_due_zh(a: Args) -> str:
    outcome = "辞退" if a["kind"] == "dismissal" else "待岗培训"
    return f"连续末位 {a['length']} 个月，未达 {a['needed']} 个月，暂不{outcome}"


def _not_due_en(a: Args) -> str:
    outcome = "dismissal" if a["kind"] == "dismissal" else "standby retraining"
    return f"{a['length']} month(s) running, fewer than {a['needed']}: not due for {outcome}"


def _pass_zh(a: Args) -> str:
    wait = f"，待岗期至 {a['ends_on']} 结束" if a["waited"] else ""
    return (
        f"{a['taken_on']} 重新上岗考试({_named(SOURCE_NAMES, a['source'], 'zh')}) {a['score']} 分，"
        f"达到及格分 {a['pass_mark']}:通过{wait}，{a['return_on']} 起重新上岗"
    )


def _pass_en(a: Args) -> str:
    wait = f"; the standby runs until {a['ends_on']}" if a["waited"] else ""
    return (
        f"re-entry exam of {a['taken_on']} ({_named(SOURCE_NAMES, a['source'], 'en')}): "
        f"{a['score']}, at least the pass mark {a['pass_mark']}: passed{wait}; back on "
        f"{a['return_on']}"
    )


ZH: dict[str, Template] = {
    "bottom.in_last": lambda a, lang: (
        f"{a['month']} 在 {a['pool']} 人中排第 {a['rank']} 名，排在其后的只有 {a['below']} 人"
        f"(少于 {a['places']} 人){_tied_zh(a)}:属于中心后 {a['places']} 名"
    ),
    "bottom.not_last": lambda a, lang: (
        f"{a['month']} 在 {a['pool']} 人中排第 {a['rank']} 名:不在后 {a['places']} 名"
    ),
    "bottom.pool_too_small": lambda a, lang: (
        f"{a['month']} 参加排名的只有 {a['pool']} 人，不多于末位名额 {a['places']} 人:"
        f"当月不认定末位"
    ),
    "bottom.all_tied": lambda a, lang: (
        f"{a['month']} 在 {a['pool']} 人中并列第 {a['rank']} 名，没有人排在其前:不认定末位"
    ),
    "bottom.unranked": lambda a, lang: _unranked_zh(a),
    "bottom.not_closed": lambda a, lang: f"{a['month']} 没有结算(未考核):连续末位中断",
    "bottom.run_ends": lambda a, lang: f"{a['month']} 起此前连续 {a['length']} 个月的末位中断",
    "bottom.counts_from": lambda a, lang: _since_zh(a),
    "bottom.run": lambda a, lang: (
        f"截至 {a['through']} 连续 {a['length']} 个月排名末位({_months(a['months'], lang)})，"
        f"满 {a['needed']} 个月即认定"
    ),
    "bottom.no_run": lambda a, lang: f"截至 {a['through']} 没有连续末位",
    "bottom.due": lambda a, lang: _due_zh(a),
    "bottom.not_due": lambda a, lang: _not_due_zh(a),
    "bottom.area": lambda a, lang: (
        f"{component(a['component'], lang)}: 本人 {a['months']} 个月平均 {a['own']}，"
        f"中心平均 {a['center']}，差 {a['gap']}"
    ),
    "bottom.area_missing": lambda a, lang: f"{component(a['component'], lang)}: 缺少成绩，无法比较",
    "bottom.weak": lambda a, lang: (
        "弱项(低于中心平均，差距最大的在前): "
        + "、".join(component(c, lang) for c in _strs(a["components"]))
    ),
    "bottom.no_weak": lambda a, lang: "各项成绩均不低于中心平均:没有突出的弱项",
    "bottom.standby": lambda a, lang: (
        f"待岗培训 {a['months']} 个月: {a['starts_on']} 至 {a['ends_on']}，"
        f"期间只发基本工资，无效益奖金 (R-PAY-3)"
    ),
    "bottom.re_entry_pass": lambda a, lang: _pass_zh(a),
    "bottom.re_entry_fail": lambda a, lang: (
        f"{a['taken_on']} 重新上岗考试({_named(SOURCE_NAMES, a['source'], lang)}) {a['score']} 分，"
        f"低于及格分 {a['pass_mark']}:未通过，由经理决定延长待岗或辞退"
    ),
    "bottom.extended": lambda a, lang: f"待岗由 {a['from']} 延长至 {a['until']}",
    "bottom.dismissal": lambda a, lang: (
        f"{grounds(a['grounds'], lang)}:自 {a['left_on']} 起离职(离职原因: 绩效不佳)"
    ),
}

EN: dict[str, Template] = {
    "bottom.in_last": lambda a, lang: (
        f"{a['month']}: rank {a['rank']} of {a['pool']}, only {a['below']} below (fewer than "
        f"{a['places']}){_tied_en(a)}: in the center's last {a['places']}"
    ),
    "bottom.not_last": lambda a, lang: (
        f"{a['month']}: rank {a['rank']} of {a['pool']}: not in the last {a['places']}"
    ),
    "bottom.pool_too_small": lambda a, lang: (
        f"{a['month']}: only {a['pool']} ranked, no more than the {a['places']} last places: "
        f"nobody is in the last places that month"
    ),
    "bottom.all_tied": lambda a, lang: (
        f"{a['month']}: tied at rank {a['rank']} of {a['pool']} with nobody above: not in the "
        f"last places"
    ),
    "bottom.unranked": lambda a, lang: _unranked_en(a),
    "bottom.not_closed": lambda a, lang: f"{a['month']} was never closed (no assessment): run ends",
    "bottom.run_ends": lambda a, lang: f"{a['month']} ends the run of {a['length']} month(s)",
    "bottom.counts_from": lambda a, lang: _since_en(a),
    "bottom.run": lambda a, lang: (
        f"through {a['through']}: {a['length']} month(s) running in the last places "
        f"({_months(a['months'], lang)}); {a['needed']} make it"
    ),
    "bottom.no_run": lambda a, lang: f"through {a['through']}: not in the last places",
    "bottom.due": lambda a, lang: _due_en(a),
    "bottom.not_due": lambda a, lang: _not_due_en(a),
    "bottom.area": lambda a, lang: (
        f"{component(a['component'], lang)}: own mean {a['own']} over {a['months']} month(s), "
        f"center mean {a['center']}, gap {a['gap']}"
    ),
    "bottom.area_missing": lambda a, lang: (
        f"{component(a['component'], lang)}: no scores to compare"
    ),
    "bottom.weak": lambda a, lang: (
        "Weak areas (below the center's mean, furthest first): "
        + ", ".join(component(c, lang) for c in _strs(a["components"]))
    ),
    "bottom.no_weak": lambda a, lang: "No part is below the center's mean: no marked weak area",
    "bottom.standby": lambda a, lang: (
        f"Standby retraining for {a['months']} month(s): {a['starts_on']} to {a['ends_on']}, "
        f"base pay only, no performance bonus (R-PAY-3)"
    ),
    "bottom.re_entry_pass": lambda a, lang: _pass_en(a),
    "bottom.re_entry_fail": lambda a, lang: (
        f"re-entry exam of {a['taken_on']} ({_named(SOURCE_NAMES, a['source'], lang)}): "
        f"{a['score']}, below the pass mark {a['pass_mark']}: failed; the manager extends the "
        f"standby or dismisses"
    ),
    "bottom.extended": lambda a, lang: f"Standby extended from {a['from']} to {a['until']}",
    "bottom.dismissal": lambda a, lang: (
        f"{grounds(a['grounds'], lang)}: leaves on {a['left_on']} (reason: poor performance)"
    ),
}
