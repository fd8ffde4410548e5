"""Trace and message words of conduct (R-DIS-1), zh and en (merged into kefu.explain.messages).

``Lang`` and ``Template`` are restated here (the same types) so that the merge cannot import
this module in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _range(a: Args) -> str:
    return f"{a['min']}" if a["min"] == a["max"] else f"{a['min']}–{a['max']}"


def _overall_zh(a: Args) -> str:
    start = {
        "imported": f"导入值 {a['start']}",
        "base": f"基准 {a['start']}(未导入)",
        "replace": f"基准 {a['start']}(政策不用导入值)",
    }[str(a["source"])]
    text = f"综合工作表现 = {start} − 扣分 {a['points']} × {a['per_point']} = {a['exact']}"
    if a["bound"] == "floor":
        text += f"，低于下限 {a['floor']}，取 {a['value']}"
    elif a["bound"] == "top":
        text += f"，高于 100，取 {a['value']}"
    return text


def _overall_en(a: Args) -> str:
    start = {
        "imported": f"imported {a['start']}",
        "base": f"base {a['start']} (none imported)",
        "replace": f"base {a['start']} (the policy ignores the imported value)",
    }[str(a["source"])]
    text = f"Overall conduct = {start} − {a['points']} points × {a['per_point']} = {a['exact']}"
    if a["bound"] == "floor":
        text += f", below the floor {a['floor']}: {a['value']}"
    elif a["bound"] == "top":
        text += f", above 100: {a['value']}"
    return text


ZH: dict[str, Template] = {
    "conduct.points_in_range": lambda a, lang: (
        f"「{a['rule']}」扣分标准为 {_range(a)} 分，记录扣 {a['points']} 分"
    ),
    "conduct.each_person": lambda a, lang: (
        f"「{a['rule']}」每人扣分: {'、'.join(_strs(a['people']))} 各扣全额"
    ),
    "conduct.one_person": lambda a, lang: f"「{a['rule']}」按人扣分: {a['person']}",
    "conduct.reduced": lambda a, lang: f"申诉答复: 扣分由 {a['recorded']} 分减为 {a['points']} 分",
    "conduct.month": lambda a, lang: (
        f"{a['month']} 扣分 {a['events']} 项，合计 {a['points']} 分"
        + (f"(另有 {a['open']} 项申诉中，按原扣分计)" if a.get("open") else "")
    ),
    "conduct.overall": lambda a, lang: _overall_zh(a),
}
EN: dict[str, Template] = {
    "conduct.points_in_range": lambda a, lang: (
        f"{a['rule']} deducts {_range(a)} points; {a['points']} recorded"
    ),
    "conduct.each_person": lambda a, lang: (
        f"{a['rule']} charges each person: {', '.join(_strs(a['people']))} each the full points"
    ),
    "conduct.one_person": lambda a, lang: f"{a['rule']} charges one person: {a['person']}",
    "conduct.reduced": lambda a, lang: (
        f"Objection answered: points reduced from {a['recorded']} to {a['points']}"
    ),
    "conduct.month": lambda a, lang: (
        f"{a['month']}: {a['events']} conduct event(s), {a['points']} points in all"
        + (f" ({a['open']} under objection, counted as recorded)" if a.get("open") else "")
    ),
    "conduct.overall": lambda a, lang: _overall_en(a),
}
