"""Words for the QA report and improvement plan steps (R-QA-1), Chinese and English (merged
into kefu.explain.messages).

``Lang`` is restated here (the same literal type) so that merge cannot import this module in a
circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

_KINDS: dict[str, dict[Lang, str]] = {
    "day": {"zh": "日报", "en": "daily report"},
    "week": {"zh": "周报(周一至周日)", "en": "weekly report (Monday to Sunday)"},
    "month": {"zh": "月报", "en": "monthly report"},
}


def _kind(a: Args, lang: Lang) -> str:
    return _KINDS.get(str(a["kind"]), {"zh": str(a["kind"]), "en": str(a["kind"])})[lang]


def _mean(a: Args, lang: Lang) -> str:
    if a.get("mean") is None:
        return "无评分" if lang == "zh" else "no score"
    return str(a["mean"])


ZH: dict[str, Template] = {
    "qa_report.period": lambda a, lang: (
        f"{_kind(a, lang)} {a['label']}: 联络日期在 {a['start']} 至 {a['end']} 之间的监控评分"
    ),
    "qa_report.counted": lambda a, lang: (
        f"计入已送达座席的监控评分 {a['count']} 条(已提交、已确认、申诉中、已生效；不含草稿和校准): "
        f"已生效 {a['finals']} 条按最终成绩，其余 {a['provisional']} 条按评分时的成绩(暂定)；"
        f"致命项未通过 {a['critical']} 条；平均 {_mean(a, lang)}"
    ),
    "qa_report.recurring": lambda a, lang: (
        f"重复问题: 同一评分项在本期同一座席的 {a['at_least']} 条及以上评分中失分，"
        f"共 {a['found']} 项 (政策 monitoring.recurring_at_least)"
    ),
    "qa_report.recurring_unset": lambda a, lang: (
        "重复问题未列出: 政策参数 monitoring.recurring_at_least (重复次数门槛) 未设置"
    ),
    "qa_report.improvement": lambda a, lang: (
        f"进步情况: 每位座席本期平均分与上一期 {a['label']} ({a['start']} 至 {a['end']}，"
        f"{a['previous']} 条评分) 的平均分相比，进步最多者在前"
    ),
    "qa_report.scope": lambda a, lang: (
        "范围: 全中心" if a["scope"] == "center" else f"范围: {a['team'] or '本人'}"
    ),
    "qa_plan.mean_since": lambda a, lang: (
        f"计划开始 {a['since']} 至 {a['until']} 的监控评分 {a['count']} 条，平均 {_mean(a, lang)}"
    ),
    "qa_plan.target_reached": lambda a, lang: f"平均 {a['mean']} 达到目标 {a['target']}",
    "qa_plan.target_missed": lambda a, lang: f"平均 {a['mean']} 未达到目标 {a['target']}",
}

EN: dict[str, Template] = {
    "qa_report.period": lambda a, lang: (
        f"{_kind(a, lang).capitalize()} {a['label']}: monitoring evaluations of contacts "
        f"from {a['start']} to {a['end']}"
    ),
    "qa_report.counted": lambda a, lang: (
        f"{a['count']} evaluation(s) that reached the agent (submitted, acknowledged, disputed "
        f"or final; no drafts, no calibration): {a['finals']} final with the final score, "
        f"{a['provisional']} provisional with the score as evaluated; {a['critical']} with a "
        f"failed critical item; mean {_mean(a, lang)}"
    ),
    "qa_report.recurring": lambda a, lang: (
        f"Recurring problems: an item losing points for the same agent in {a['at_least']} or "
        f"more evaluations of the period; {a['found']} found (policy "
        f"monitoring.recurring_at_least)"
    ),
    "qa_report.recurring_unset": lambda a, lang: (
        "Recurring problems not listed: the policy leaves monitoring.recurring_at_least open"
    ),
    "qa_report.improvement": lambda a, lang: (
        f"Who improves: each agent's mean against the period before, {a['label']} "
        f"({a['start']} to {a['end']}, {a['previous']} evaluation(s)), most improved first"
    ),
    "qa_report.scope": lambda a, lang: (
        "Scope: the whole center" if a["scope"] == "center" else f"Scope: {a['team'] or 'own'}"
    ),
    "qa_plan.mean_since": lambda a, lang: (
        f"{a['count']} monitoring evaluation(s) from the plan's start {a['since']} to "
        f"{a['until']}, mean {_mean(a, lang)}"
    ),
    "qa_plan.target_reached": lambda a, lang: (
        f"The mean {a['mean']} reaches the target {a['target']}"
    ),
    "qa_plan.target_missed": lambda a, lang: (
        f"The mean {a['mean']} is below the target {a['target']}"
    ),
}
