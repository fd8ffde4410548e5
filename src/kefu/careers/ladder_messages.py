"""Words for the promotion ladder's trace steps (R-ORG-3, R-PRO-1, R-PRO-2, R-PRO-4).

``ZH`` and ``EN`` hold one template per step code of kefu.careers.ladder; kefu.explain.messages
merges them into its CATALOG. ``Lang``, ``Args`` and ``Template`` are restated here (the same
types) so that merge cannot import this module in a circle. Chinese first, plain words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

CONDITION_NAMES: dict[str, dict[Lang, str]] = {
    "tenure": {"zh": "任职年限", "en": "years at the level"},
    "satisfaction": {"zh": "客户满意度", "en": "customer satisfaction"},
    "response_minutes": {"zh": "平均响应时间", "en": "average response time"},
    "on_time_response": {"zh": "响应及时率", "en": "on-time response rate"},
    "resolution": {"zh": "问题解决率", "en": "resolution rate"},
    "complaints": {"zh": "客户投诉率", "en": "complaint rate"},
    "kpi_completion": {"zh": "个人业绩指标完成率", "en": "personal KPI completion"},
    "skills_exam": {"zh": "技能考核成绩", "en": "skills exam"},
    "supervisor_assessment": {"zh": "上级领导评估", "en": "supervisor's assessment"},
    "no_violations": {"zh": "无违规违纪", "en": "no violations"},
}


def condition_name(code: object, lang: Lang) -> str:
    """A condition code in words (the code itself when unknown)."""
    return CONDITION_NAMES.get(str(code), {"zh": str(code), "en": str(code)})[lang]


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _verdict(holds: TraceValue, lang: Lang) -> str:
    if holds is None:
        return "无法判断" if lang == "zh" else "cannot be decided"
    if lang == "zh":
        return "符合" if holds else "不符合"
    return "met" if holds else "not met"


def _unit(a: Args, lang: Lang) -> str:
    if a.get("percent"):
        return "%"
    if a.get("indicator") == "response_minutes":
        return " 分钟" if lang == "zh" else " min"
    return ""


def _of_scale(scale: TraceValue, lang: Lang) -> str:
    if scale is None:
        return ""
    return f"（满分 {scale}）" if lang == "zh" else f" (out of {scale})"


def _indicator_zh(a: Args) -> str:
    name = condition_name(a["indicator"], "zh")
    unit = _unit(a, "zh")
    scale = _of_scale(a.get("scale"), "zh")
    bound = "不低于" if a["bound"] == "min" else "不超过"
    n = len(_strs(a["months"]))
    want = f"要求{bound} {a['threshold']}{unit}{scale}"
    missing = _strs(a["missing"])
    if missing:
        have = f"（已有月份平均 {a['figure']}{unit}）" if a.get("figure") is not None else ""
        return f"{name}：缺少 {'、'.join(missing)} 的数据{have}，{want}：无法判断"
    return (
        f"{name}：近 {n} 个月平均 {a['figure']}{unit}{scale}，{want}：{_verdict(a['holds'], 'zh')}"
    )


def _indicator_en(a: Args) -> str:
    name = condition_name(a["indicator"], "en")
    name = name[:1].upper() + name[1:]
    unit = _unit(a, "en")
    scale = _of_scale(a.get("scale"), "en")
    bound = "at least" if a["bound"] == "min" else "at most"
    n = len(_strs(a["months"]))
    want = f"required {bound} {a['threshold']}{unit}{scale}"
    missing = _strs(a["missing"])
    if missing:
        have = (
            f" (mean of the months recorded: {a['figure']}{unit})"
            if a.get("figure") is not None
            else ""
        )
        return f"{name}: no figure for {', '.join(missing)}{have}; {want}: cannot be decided"
    return (
        f"{name}: mean of the last {n} month(s) {a['figure']}{unit}{scale}; "
        f"{want}: {_verdict(a['holds'], 'en')}"
    )


def _exam_zh(a: Args) -> str:
    score = f"{a['score']} 分（满分 {a['exam_scale']}）"
    if a["exam_scale"] != a["scale"]:
        score += f"，折合 {a['rescaled']} 分（满分 {a['scale']}）"
    return (
        f"最近一次技能考核（{a['taken_on']}）成绩 {score}，要求不低于 {a['threshold']} 分"
        f"（满分 {a['scale']}）：{_verdict(a['holds'], 'zh')}"
    )


def _exam_en(a: Args) -> str:
    score = f"{a['score']} out of {a['exam_scale']}"
    if a["exam_scale"] != a["scale"]:
        score += f", {a['rescaled']} out of {a['scale']}"
    return (
        f"Latest skills exam ({a['taken_on']}): {score}; required at least {a['threshold']} "
        f"out of {a['scale']}: {_verdict(a['holds'], 'en')}"
    )


def _supervisor_zh(a: Args) -> str:
    approved = a.get("approved")
    if approved is None:
        return "上级领导评估：尚无结果，无法判断"
    return "上级领导评估：认可，符合" if approved else "上级领导评估：未认可，不符合"


def _supervisor_en(a: Args) -> str:
    approved = a.get("approved")
    if approved is None:
        return "Supervisor's assessment: not given yet, cannot be decided"
    return (
        "Supervisor's assessment: approved, met"
        if approved
        else "Supervisor's assessment: not approved, not met"
    )


def _violations_zh(a: Args) -> str:
    found = _strs(a["found"])
    if not found:
        return f"违规违纪：{a['from']} 至 {a['to']} 无记录，符合"
    return f"违规违纪：{a['from']} 至 {a['to']} 有 {len(found)} 条（{'；'.join(found)}），不符合"


def _violations_en(a: Args) -> str:
    found = _strs(a["found"])
    if not found:
        return f"Violations: none from {a['from']} to {a['to']}, met"
    return f"Violations: {len(found)} from {a['from']} to {a['to']} ({'; '.join(found)}), not met"


def _result_zh(a: Args) -> str:
    if a["eligible"]:
        return f"符合申请 {a['target']} 的全部 {a['conditions']} 项条件，可以提交晋升申请"
    parts = []
    if a["failing"]:
        parts.append(f"{a['failing']} 项不符合")
    if a["unknown"]:
        parts.append(f"{a['unknown']} 项缺少数据无法判断")
    return f"申请 {a['target']}：共 {a['conditions']} 项条件，{'，'.join(parts)}，暂不符合申请条件"


def _result_en(a: Args) -> str:
    if a["eligible"]:
        return f"All {a['conditions']} condition(s) for {a['target']} are met: may apply"
    parts = []
    if a["failing"]:
        parts.append(f"{a['failing']} not met")
    if a["unknown"]:
        parts.append(f"{a['unknown']} cannot be decided for lack of data")
    return (
        f"Applying for {a['target']}: of {a['conditions']} condition(s), "
        f"{', '.join(parts)}; not eligible yet"
    )


ZH: dict[str, Template] = {
    "promotion.target": lambda a, lang: (
        f"现职级 {a['current']}，可申请晋升为 {a['target']}（核对日 {a['as_of']}）"
    ),
    "promotion.window": lambda a, lang: (
        f"考察期：近 {len(_strs(a['months']))} 个完整自然月（{'、'.join(_strs(a['months']))}）；"
        f"违规违纪查 {a['from']} 至 {a['to']}"
    ),
    "promotion.tenure": lambda a, lang: (
        f"任职年限：{a['since']} 起任现职级，已满 {a['months_done']} 个月；要求满 {a['years']} 年"
        f"（{a['months_required']} 个月，{a['reached_on']} 起满足）：{_verdict(a['holds'], 'zh')}"
    ),
    "promotion.indicator": lambda a, lang: _indicator_zh(a),
    "promotion.exam": lambda a, lang: _exam_zh(a),
    "promotion.exam_missing": lambda a, lang: (
        f"技能考核：没有考核成绩，要求不低于 {a['threshold']} 分（满分 {a['scale']}）：无法判断"
    ),
    "promotion.supervisor": lambda a, lang: _supervisor_zh(a),
    "promotion.violations": lambda a, lang: _violations_zh(a),
    "promotion.ladder_result": lambda a, lang: _result_zh(a),
    "promotion.application_window": lambda a, lang: (
        f"{a['on']} 在晋升申请时间内（每年 {'、'.join(f'{m} 月' for m in _strs(a['months']))}）"
    ),
    "promotion.new_pay": lambda a, lang: (
        f"新岗位薪酬 {a['new']} 元，不低于原岗位薪酬 {a['old']} 元的 {a['pct']}%"
        f"（{a['minimum']} 元）：符合"
    ),
}

EN: dict[str, Template] = {
    "promotion.target": lambda a, lang: (
        f"Current level {a['current']}; may apply for {a['target']} (as of {a['as_of']})"
    ),
    "promotion.window": lambda a, lang: (
        f"Window: the last {len(_strs(a['months']))} complete calendar month(s) "
        f"({', '.join(_strs(a['months']))}); violations checked from {a['from']} to {a['to']}"
    ),
    "promotion.tenure": lambda a, lang: (
        f"Years at the level: at the current level since {a['since']}, "
        f"{a['months_done']} whole month(s); required {a['years']} year(s) "
        f"({a['months_required']} months, reached on {a['reached_on']}): "
        f"{_verdict(a['holds'], 'en')}"
    ),
    "promotion.indicator": lambda a, lang: _indicator_en(a),
    "promotion.exam": lambda a, lang: _exam_en(a),
    "promotion.exam_missing": lambda a, lang: (
        f"Skills exam: no result; required at least {a['threshold']} out of {a['scale']}: "
        "cannot be decided"
    ),
    "promotion.supervisor": lambda a, lang: _supervisor_en(a),
    "promotion.violations": lambda a, lang: _violations_en(a),
    "promotion.ladder_result": lambda a, lang: _result_en(a),
    "promotion.application_window": lambda a, lang: (
        f"{a['on']} is within the promotion application months "
        f"(months {', '.join(_strs(a['months']))} of each year)"
    ),
    "promotion.new_pay": lambda a, lang: (
        f"New pay {a['new']} is at least {a['pct']}% of the old pay {a['old']} "
        f"({a['minimum']}): met"
    ),
}
