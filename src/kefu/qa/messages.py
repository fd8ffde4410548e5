"""Words for the QA monitoring trace steps (R-QA-1), Chinese and English (merged into
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


def _list(value: TraceValue, sep: str) -> str:
    return sep.join(str(v) for v in value) if isinstance(value, list) else str(value or "")


ZH: dict[str, Template] = {
    "qa.scorecard": lambda a, lang: f"评分表「{a['title']}」({a['family']} 第 {a['version']} 版)",
    "qa.section": lambda a, lang: (
        f"{a['section']}: 得 {a['earned']} / 适用 {a['applicable']} 分，权重 {a['weight']}，"
        f"计 {a['part']} 分"
    ),
    "qa.section_na": lambda a, lang: f"{a['section']}: 全部不适用，不计入",
    "qa.renormalise": lambda a, lang: (
        f"不计入的部分: {_list(a['dropped'], '、')}；其余部分权重合计 {a['kept_weight']}，"
        f"按比例放大到合计 1"
    ),
    "qa.raw_score": lambda a, lang: f"各部分合计 {a['score']} 分",
    "qa.critical": lambda a, lang: (
        f"致命项未通过 ({_list(a['items'], '、')}):本次评分按政策计 {a['score']} 分"
    ),
    "qa.accepted_check": lambda a, lang: (
        f"采纳自动质检 #{a['check']} 的建议分 {a['score']} 分 (R-QA-2)"
    ),
    "qa.in_window": lambda a, lang: f"{a['on']} 在确认/申诉期内 (截至 {a['last_day']})",
    "qa.final": lambda a, lang: f"{a['on']} 生效，最终成绩 {a['score']} 分",
}

EN: dict[str, Template] = {
    "qa.scorecard": lambda a, lang: (
        f"Scorecard “{a['title']}” ({a['family']} version {a['version']})"
    ),
    "qa.section": lambda a, lang: (
        f"{a['section']}: {a['earned']} of {a['applicable']} applicable points, weight "
        f"{a['weight']}, counts {a['part']}"
    ),
    "qa.section_na": lambda a, lang: f"{a['section']}: all N/A, left out",
    "qa.renormalise": lambda a, lang: (
        f"Left out: {_list(a['dropped'], ', ')}; the other weights ({a['kept_weight']}) are "
        f"scaled up to sum to 1"
    ),
    "qa.raw_score": lambda a, lang: f"Sections add up to {a['score']}",
    "qa.critical": lambda a, lang: (
        f"Critical item failed ({_list(a['items'], ', ')}): the evaluation scores {a['score']} "
        f"by policy"
    ),
    "qa.accepted_check": lambda a, lang: (
        f"The suggested score {a['score']} of automatic check #{a['check']} taken (R-QA-2)"
    ),
    "qa.in_window": lambda a, lang: f"{a['on']} is within the window (until {a['last_day']})",
    "qa.final": lambda a, lang: f"Final on {a['on']} at {a['score']}",
}
