"""Words for the recruitment trace steps (R-REC-1), Chinese and English.

Merged into ``kefu.explain.messages.CATALOG``; ``Lang`` is restated here (the same literal
type) so that merge cannot import this module in a circle. The names of the stages and of the
test items live here too: the rules, the pages and the command line all read them from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import TraceValue

Lang = Literal["zh", "en"]
Args = dict[str, TraceValue]
Template = Callable[[Args, Lang], str]

STAGE_NAMES: dict[str, dict[Lang, str]] = {
    "applied": {"zh": "报名", "en": "applied"},
    "first_test": {"zh": "初试", "en": "first test"},
    "second_test": {"zh": "复试", "en": "second test"},
    "training": {"zh": "培训", "en": "training"},
    "rejected": {"zh": "未录用", "en": "not hired"},
    "withdrew": {"zh": "放弃", "en": "withdrew"},
}
ITEM_NAMES: dict[str, dict[Lang, str]] = {
    "chinese_typing": {"zh": "中文输入速度", "en": "Chinese input speed"},
    "digit_typing": {"zh": "数字输入速度", "en": "digit input speed"},
    "office_software": {"zh": "办公软件基本操作", "en": "office software"},
    "reading_clarity": {"zh": "朗读发音清晰度", "en": "reading aloud: clarity"},
    "reading_accuracy": {"zh": "朗读准确度", "en": "reading aloud: accuracy"},
    "interview": {"zh": "面试", "en": "interview"},
}
TEST_NAMES: dict[str, dict[Lang, str]] = {
    "computer": {"zh": "上机测试", "en": "computer test"},
    "reading": {"zh": "朗读测试", "en": "reading-aloud test"},
    "interview": {"zh": "面试", "en": "interview"},
}
UNITS: dict[str, dict[Lang, str]] = {
    "chinese_typing": {"zh": "字/分钟", "en": "characters a minute"},
    "digit_typing": {"zh": "个/分钟", "en": "digits a minute"},
}
POINTS: dict[Lang, str] = {"zh": "分", "en": "points"}


def stage_name(stage: TraceValue, lang: Lang) -> str:
    """A stage's name in the reader's language."""
    return STAGE_NAMES.get(str(stage), {"zh": str(stage), "en": str(stage)})[lang]


def item_name(item: TraceValue, lang: Lang) -> str:
    """A test item's name in the reader's language."""
    return ITEM_NAMES.get(str(item), {"zh": str(item), "en": str(item)})[lang]


def unit(item: TraceValue, lang: Lang) -> str:
    """The unit a test item is measured in: a speed a minute, else points out of 100."""
    return UNITS.get(str(item), POINTS)[lang]


def figure(value: TraceValue, item: TraceValue, lang: Lang) -> str:
    """A result with its unit: "52 字/分钟", "80 分", "52 characters a minute"."""
    return f"{value} {unit(item, lang)}"


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _items(value: TraceValue, lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(item_name(i, lang) for i in _strs(value))


def _list(value: TraceValue, lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(_strs(value))


def _inputs(a: Args, lang: Lang) -> str:
    values = _strs(a["inputs"])
    if len(values) == 1:
        return values[0]
    if lang == "zh":
        return f"{'、'.join(values)} 共 {a['count']} 位面试官，平均 {a['mean']}"
    return f"{', '.join(values)} ({a['count']} interviewers, mean {a['mean']})"


def _gap_zh(a: Args) -> str:
    gap = int(str(a["gap"]))
    if gap > 0:
        return f"储备目标 {a['target']} 人，现有 {a['current']} 人，缺 {gap} 人"
    if gap == 0:
        return f"储备目标 {a['target']} 人，现有 {a['current']} 人，正好达到目标"
    return f"储备目标 {a['target']} 人，现有 {a['current']} 人，超出 {-gap} 人"


def _gap_en(a: Args) -> str:
    gap = int(str(a["gap"]))
    if gap > 0:
        return f"Reserve target {a['target']}, current {a['current']}: {gap} short"
    if gap == 0:
        return f"Reserve target {a['target']}, current {a['current']}: the target is met"
    return f"Reserve target {a['target']}, current {a['current']}: {-gap} above the target"


ZH: dict[str, Template] = {
    "recruit.passed": lambda a, lang: (
        f"{item_name(a['item'], lang)} {figure(a['value'], a['item'], lang)}，"
        f"达到及格线 {figure(a['mark'], a['item'], lang)}(含)，合格"
    ),
    "recruit.below": lambda a, lang: (
        f"{item_name(a['item'], lang)} {figure(a['value'], a['item'], lang)}，"
        f"低于及格线 {figure(a['mark'], a['item'], lang)}，不合格"
    ),
    "recruit.missing": lambda a, lang: f"{item_name(a['item'], lang)} 尚未录入成绩",
    "recruit.mark_open": lambda a, lang: (
        f"{item_name(a['item'], lang)} 的及格线 {a['path']} 在政策中未设置 ([X])，无法判定"
    ),
    "recruit.dimension": lambda a, lang: f"面试「{a['dimension']}」: {_inputs(a, lang)}",
    "recruit.dimension_missing": lambda a, lang: (
        f"面试尚缺以下考察内容的评分: {_list(a['missing'], lang)}；评分齐全前不计算面试成绩"
    ),
    "recruit.dimension_ignored": lambda a, lang: (
        f"以下评分不属于政策规定的考察内容，不计入: {_list(a['ignored'], lang)}"
    ),
    "recruit.interview_mean": lambda a, lang: (
        f"面试成绩 = {a['dimensions']} 项考察内容各自平均分的平均 = {a['mean']}"
        f"(共 {a['interviewers']} 位面试官)"
    ),
    "recruit.stage_passed": lambda a, lang: (
        f"{stage_name(a['stage'], lang)}的各项测试均已录入并合格: {_items(a['items'], lang)}"
    ),
    "recruit.stage_blocked": lambda a, lang: "；".join(
        part
        for part in (
            f"{stage_name(a['stage'], lang)}尚未通过",
            f"缺少成绩: {_items(a['missing'], lang)}" if _strs(a["missing"]) else "",
            f"未达及格线: {_items(a['below'], lang)}" if _strs(a["below"]) else "",
            f"及格线未设置: {_list(a['open'], lang)}" if _strs(a["open"]) else "",
        )
        if part
    ),
    "recruit.no_tests": lambda a, lang: f"{stage_name(a['stage'], lang)}阶段没有需要通过的测试",
    "recruit.moved": lambda a, lang: (
        f"由「{stage_name(a['from'], lang)}」进入「{stage_name(a['to'], lang)}」"
    ),
    "recruit.hired": lambda a, lang: (
        f"录用入职: 工号 {a['employee_no']}，客服代表，{a['department']}"
        f"{' ' + str(a['team']) if a['team'] else ''}，状态「试用」，"
        f"入职日期(培训开始) {a['starts_on']}"
    ),
    "recruit.seats": lambda a, lang: (
        f"座席总数 {a['seats']}，取自政策 recruitment.seats"
        if a["source"] == "policy"
        else f"座席总数 {a['seats']}: 政策未设座席数，按 {a['on']} 名册中在职的客服代表计"
        f"(不含正在培训、仍在试用的新录用人员)"
    ),
    "recruit.reserve_target": lambda a, lang: (
        f"储备目标 = 座席总数 {a['seats']} × {a['share']}% = {a['exact']}，向上取整为 {a['target']} 人"
    ),
    "recruit.reserve_current": lambda a, lang: (
        f"现有储备 {a['current']} 人: 新员工培训学员和经招聘进入培训、{a['on']} 仍在试用期的人员"
        + (f"({_list(a['people'], lang)})" if _strs(a["people"]) else "")
    ),
    "recruit.reserve_gap": lambda a, lang: _gap_zh(a),
}

EN: dict[str, Template] = {
    "recruit.passed": lambda a, lang: (
        f"{item_name(a['item'], lang)} {figure(a['value'], a['item'], lang)} reaches the pass "
        f"mark of {figure(a['mark'], a['item'], lang)} (inclusive): passed"
    ),
    "recruit.below": lambda a, lang: (
        f"{item_name(a['item'], lang)} {figure(a['value'], a['item'], lang)} is below the pass "
        f"mark of {figure(a['mark'], a['item'], lang)}: failed"
    ),
    "recruit.missing": lambda a, lang: f"{item_name(a['item'], lang)}: no result recorded yet",
    "recruit.mark_open": lambda a, lang: (
        f"The pass mark of {item_name(a['item'], lang)} ({a['path']}) is open ([X]) in the "
        f"policy: it cannot be judged"
    ),
    "recruit.dimension": lambda a, lang: f"Interview, {a['dimension']}: {_inputs(a, lang)}",
    "recruit.dimension_missing": lambda a, lang: (
        f"The interview still lacks scores for {_list(a['missing'], lang)}: no interview "
        f"score until every dimension is scored"
    ),
    "recruit.dimension_ignored": lambda a, lang: (
        f"Not counted, not a dimension of the policy: {_list(a['ignored'], lang)}"
    ),
    "recruit.interview_mean": lambda a, lang: (
        f"Interview score = the mean of the {a['dimensions']} dimensions' means = {a['mean']} "
        f"({a['interviewers']} interviewer(s))"
    ),
    "recruit.stage_passed": lambda a, lang: (
        f"Every test of the {stage_name(a['stage'], lang)} is recorded and passed: "
        f"{_items(a['items'], lang)}"
    ),
    "recruit.stage_blocked": lambda a, lang: "; ".join(
        part
        for part in (
            f"The {stage_name(a['stage'], lang)} is not passed",
            f"missing: {_items(a['missing'], lang)}" if _strs(a["missing"]) else "",
            f"below the pass mark: {_items(a['below'], lang)}" if _strs(a["below"]) else "",
            f"pass mark open: {_list(a['open'], lang)}" if _strs(a["open"]) else "",
        )
        if part
    ),
    "recruit.no_tests": lambda a, lang: (
        f"The stage {stage_name(a['stage'], lang)} has no test to pass"
    ),
    "recruit.moved": lambda a, lang: (
        f"Moved from {stage_name(a['from'], lang)} to {stage_name(a['to'], lang)}"
    ),
    "recruit.hired": lambda a, lang: (
        f"Hired: staff number {a['employee_no']}, customer-service agent, {a['department']}"
        f"{' ' + str(a['team']) if a['team'] else ''}, on probation, hired on "
        f"{a['starts_on']} (the training start)"
    ),
    "recruit.seats": lambda a, lang: (
        f"Seats: {a['seats']}, from the policy (recruitment.seats)"
        if a["source"] == "policy"
        else f"Seats: {a['seats']}: the policy sets no seat count, so the customer-service "
        f"agents employed on {a['on']} are counted (not the new hires still in training on "
        f"probation)"
    ),
    "recruit.reserve_target": lambda a, lang: (
        f"Reserve target = {a['seats']} seats × {a['share']}% = {a['exact']}, rounded up to "
        f"{a['target']}"
    ),
    "recruit.reserve_current": lambda a, lang: (
        f"Current reserve: {a['current']}, the trainees and people recruited into training still on "
        f"probation on {a['on']}" + (f" ({_list(a['people'], lang)})" if _strs(a["people"]) else "")
    ),
    "recruit.reserve_gap": lambda a, lang: _gap_en(a),
}
