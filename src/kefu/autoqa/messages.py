"""Trace and message words of autoqa, zh and en (merged into kefu.explain.messages).

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

KINDS: dict[str, dict[Lang, str]] = {
    "standard_phrase": {"zh": "标准用语", "en": "standard phrase"},
    "script_step": {"zh": "话术步骤", "en": "script step"},
    "forbidden": {"zh": "服务忌语", "en": "forbidden phrase"},
}


def _name(a: Args, lang: Lang) -> str:
    return str(a.get("name") if lang == "zh" else a.get("name_en") or a.get("name"))


def _kind(a: Args, lang: Lang) -> str:
    kind = KINDS.get(str(a.get("kind")), {"zh": str(a.get("kind")), "en": str(a.get("kind"))})[lang]
    if a.get("order"):
        kind += f" {a['order']}"
    return kind


def _trigger(a: Args, lang: Lang) -> str:
    if not a.get("trigger"):
        return ""
    return (
        f"(因「{a['trigger']}」而应说)" if lang == "zh" else f" (due because of “{a['trigger']}”)"
    )


def _library(a: Args, lang: Lang) -> str:
    value = a.get("parts")
    parts = ", ".join(str(p) for p in value) if isinstance(value, list) else str(a["key"])
    if lang == "zh":
        return f"按话术库 {parts} 检查 {a['turns']} 段发言 (只查坐席的话; 客户的话只用来判断情形)"
    return f"Checked {a['turns']} turns against phrase library {parts} (agent turns only; customer turns only make situations due)"


def _found(a: Args, lang: Lang) -> str:
    order = (
        ""
        if a.get("in_order", True)
        else ("，但顺序不对" if lang == "zh" else ", but out of order")
    )
    if lang == "zh":
        return f"{_kind(a, lang)}「{_name(a, lang)}」{_trigger(a, lang)}已说: 第 {a['turn']} 段「{a['quote']}」{order}"
    return f"{_kind(a, lang)} “{_name(a, lang)}”{_trigger(a, lang)} said: turn {a['turn']} “{a['quote']}”{order}"


def _missing(a: Args, lang: Lang) -> str:
    if lang == "zh":
        return f"{_kind(a, lang)}「{_name(a, lang)}」{_trigger(a, lang)}没有说, 扣 {a['points']} 分"
    return f"{_kind(a, lang)} “{_name(a, lang)}”{_trigger(a, lang)} not said: −{a['points']}"


def _forbidden(a: Args, lang: Lang) -> str:
    if lang == "zh":
        return f"使用服务忌语「{_name(a, lang)}」{a['count']} 次, 如第 {a['turn']} 段「{a['quote']}」, 扣 {a['points']} 分"
    return f"Forbidden phrase “{_name(a, lang)}” used {a['count']} time(s), e.g. turn {a['turn']} “{a['quote']}”: −{a['points']}"


def _mention(a: Args, lang: Lang) -> str:
    if lang == "zh":
        return f"第 {a['turn']} 段「{a['quote']}」是引用或否定服务忌语「{_name(a, lang)}」, 不扣分"
    return f"Turn {a['turn']} “{a['quote']}” quotes or negates the forbidden phrase “{_name(a, lang)}”: no deduction"


def _script(a: Args, lang: Lang) -> str:
    if a.get("due"):
        quote = a.get("quote")
        if lang == "zh":
            return f"订座来电{f'(客户说「{quote}」)' if quote else ''}, 检查话术步骤"
        return f"A booking call{f' (customer said “{quote}”)' if quote else ''}: the script steps are checked"
    return (
        "不是订座来电, 不检查话术步骤"
        if lang == "zh"
        else "Not a booking call: script steps not checked"
    )


def _order(a: Args, lang: Lang) -> str:
    if lang == "zh":
        return f"话术步骤顺序不对, 共扣 {a['points']} 分"
    return f"Script steps out of order: −{a['points']} in all"


def _score(a: Args, lang: Lang) -> str:
    if lang == "zh":
        return f"建议得分 {a['score']} = 满分 {a['full']} − 扣分 {a['deductions']} (不低于 0)"
    return f"Suggested score {a['score']} = full {a['full']} − deductions {a['deductions']} (never below 0)"


ZH: dict[str, Template] = {
    "autoqa.library": lambda a, _l: _library(a, "zh"),
    "autoqa.found": lambda a, _l: _found(a, "zh"),
    "autoqa.missing": lambda a, _l: _missing(a, "zh"),
    "autoqa.forbidden": lambda a, _l: _forbidden(a, "zh"),
    "autoqa.mention": lambda a, _l: _mention(a, "zh"),
    "autoqa.script": lambda a, _l: _script(a, "zh"),
    "autoqa.order": lambda a, _l: _order(a, "zh"),
    "autoqa.score": lambda a, _l: _score(a, "zh"),
}
EN: dict[str, Template] = {
    "autoqa.library": lambda a, _l: _library(a, "en"),
    "autoqa.found": lambda a, _l: _found(a, "en"),
    "autoqa.missing": lambda a, _l: _missing(a, "en"),
    "autoqa.forbidden": lambda a, _l: _forbidden(a, "en"),
    "autoqa.mention": lambda a, _l: _mention(a, "en"),
    "autoqa.script": lambda a, _l: _script(a, "en"),
    "autoqa.order": lambda a, _l: _order(a, "en"),
    "autoqa.score": lambda a, _l: _score(a, "en"),
}
