"""Words for the team-leader election's trace steps (R-ELE-1), Chinese and English.

Merged into ``kefu.explain.messages.CATALOG`` by the lead; ``Lang`` is restated here (the same
literal type) so that merge cannot import this module in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue
from kefu.people.rules import STATUS_NAMES

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

PART_NAMES: dict[str, dict[Lang, str]] = {
    "ability": {"zh": "能力表现", "en": "ability"},
    "pm": {"zh": "PM成绩", "en": "PM score"},
    "interview": {"zh": "面试考评", "en": "interview"},
    "manager": {"zh": "经理评分", "en": "manager's score"},
    "peers": {"zh": "同事打分", "en": "peers' score"},
}


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def part(name: TraceValue, lang: Lang) -> str:
    """A part's name in the reader's language."""
    return PART_NAMES.get(str(name), {"zh": str(name), "en": str(name)})[lang]


def _parts(value: TraceValue, lang: Lang) -> str:
    """The contributions "ability=32" as "能力表现 32 + …"."""
    out = []
    for item in _strs(value):
        name, _, amount = item.partition("=")
        out.append(f"{part(name, lang)} {amount}")
    return " + ".join(out)


def _missing(value: TraceValue, lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(part(m, lang) for m in _strs(value))


def _inputs(a: Args, lang: Lang) -> str:
    values = _strs(a["inputs"])
    if len(values) == 1:
        return values[0]
    if lang == "zh":
        return f"{'、'.join(values)} 共 {a['count']} 项，平均 {a['mean']}"
    return f"{', '.join(values)} ({a['count']} scores, mean {a['mean']})"


def _band_range(a: Args, lang: Lang) -> str:
    if a["below"] is None:
        return f"{a['floor']} 分及以上" if lang == "zh" else f"{a['floor']} and above"
    if lang == "zh":
        return f"{a['floor']} 分(含)至 {a['below']} 分(不含)"
    return f"from {a['floor']} (inclusive) to below {a['below']}"


ZH: dict[str, Template] = {
    "election.may_stand": lambda a, lang: (
        f"{a['who']} 状态为「{STATUS_NAMES.get(str(a['status']), a['status'])}」，已转正，可以参加竞聘"
    ),
    "election.part": lambda a, lang: (
        f"{part(a['part'], lang)}: {_inputs(a, lang)}，权重 {a['weight']}%，计 {a['contribution']} 分"
    ),
    "election.pm_points": lambda a, lang: (
        f"PM成绩: {_inputs(a, lang)}，落在「{_band_range(a, lang)}」档，计 {a['points']} 分"
    ),
    "election.incomplete": lambda a, lang: (
        f"成绩不全，缺少{_missing(a['missing'], lang)}:不计算综合得分(不按 0 分估算)"
    ),
    "election.score": lambda a, lang: f"综合得分 = {_parts(a['parts'], lang)} = {a['score']}",
    "election.ranked": lambda a, lang: (
        f"综合得分 {a['score']}，{a['pool']} 人中排第 {a['rank']} 名"
    ),
    "election.tie": lambda a, lang: (
        f"与 {'、'.join(_strs(a['tied_with']))} 综合得分同为 {a['score']}，并列第 {a['rank']} 名:"
        f"需由评选小组决定"
    ),
    "election.unranked": lambda a, lang: (
        f"缺少{_missing(a['missing'], lang)}，成绩补齐前不参加排名"
    ),
    "election.winner": lambda a, lang: f"{a['who']} 以综合得分 {a['score']} 排名第一，竞聘成功",
    "election.no_winner": lambda a, lang: (
        f"{'、'.join(_strs(a['tied']))} 并列第一，尚无当选者:需由评选小组决定"
        if _strs(a["tied"])
        else "没有成绩完整的候选人，尚无当选者"
    ),
    "election.probation": lambda a, lang: (
        f"试用期 {a['months']} 个月: {a['starts_on']} 至 {a['ends_on']}，"
        f"期满按工作情况和能力表现决定是否转正"
    ),
}

EN: dict[str, Template] = {
    "election.may_stand": lambda a, lang: (
        f"{a['who']} is a regular (converted) employee and may stand for team leader"
    ),
    "election.part": lambda a, lang: (
        f"{part(a['part'], lang)}: {_inputs(a, lang)}, weight {a['weight']}%, "
        f"counts {a['contribution']}"
    ),
    "election.pm_points": lambda a, lang: (
        f"PM score: {_inputs(a, lang)}, in the band {_band_range(a, lang)}: {a['points']} points"
    ),
    "election.incomplete": lambda a, lang: (
        f"Incomplete, missing {_missing(a['missing'], lang)}: no composite score "
        f"(a missing part is not counted as 0)"
    ),
    "election.score": lambda a, lang: f"Composite = {_parts(a['parts'], lang)} = {a['score']}",
    "election.ranked": lambda a, lang: f"Composite {a['score']}: rank {a['rank']} of {a['pool']}",
    "election.tie": lambda a, lang: (
        f"Tied at rank {a['rank']} with {', '.join(_strs(a['tied_with']))} (composite "
        f"{a['score']}): the panel must decide"
    ),
    "election.unranked": lambda a, lang: (
        f"Missing {_missing(a['missing'], lang)}: not ranked until the scores are complete"
    ),
    "election.winner": lambda a, lang: (
        f"{a['who']} ranks first with a composite of {a['score']} and is elected"
    ),
    "election.no_winner": lambda a, lang: (
        f"{', '.join(_strs(a['tied']))} tie for first: no one is elected yet, the panel must decide"
        if _strs(a["tied"])
        else "No candidate has a complete score: no one is elected yet"
    ),
    "election.probation": lambda a, lang: (
        f"Probation of {a['months']} month(s): {a['starts_on']} to {a['ends_on']}; then confirmed "
        f"or not on performance and ability"
    ),
}
