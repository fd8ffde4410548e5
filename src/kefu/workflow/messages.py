"""Words for the case mechanism's steps (R-PRO-3, R-PUB-1), merged into the explain catalog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

ZH: dict[str, Template] = {
    "workflow.may_decide": lambda a, lang: f"{a['actor']} 可以办理「{a['stage']}」环节",
    "workflow.notice": lambda a, lang: (
        f"{a['published_on']} 发布公示，公示期 {a['working_days']} 个工作日："
        f"{a['first_day']} 至 {a['last_day']}（节假日与调休按法定日历计）"
    ),
    "workflow.objection_in_time": lambda a, lang: (
        f"{a['on']} 提出的申诉在公示期内（公示期至 {a['last_day']}）"
    ),
    "workflow.final": lambda a, lang: (
        f"公示期已于 {a['last_day']} 结束，申诉均已答复，{a['on']} 确认生效"
    ),
}

EN: dict[str, Template] = {
    "workflow.may_decide": lambda a, lang: f"{a['actor']} may decide the {a['stage']} stage",
    "workflow.notice": lambda a, lang: (
        f"published on {a['published_on']} for {a['working_days']} working day(s): "
        f"{a['first_day']} to {a['last_day']} (holidays and adjusted workdays by the statutory "
        f"calendar)"
    ),
    "workflow.objection_in_time": lambda a, lang: (
        f"the objection of {a['on']} is within the notice (which ends {a['last_day']})"
    ),
    "workflow.final": lambda a, lang: (
        f"the notice ended {a['last_day']} with every objection answered; final on {a['on']}"
    ),
}
