"""Words for the training trace steps, Chinese and English (merged into kefu.explain.messages).

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
    "theory": {"zh": "理论考核", "en": "theory"},
    "practical": {"zh": "实践考核", "en": "practical"},
    "conduct": {"zh": "日常表现", "en": "daily conduct"},
    "conversion": {"zh": "转正考试", "en": "conversion exam"},
    "re_exam": {"zh": "转正补考", "en": "conversion re-exam"},
}
EXAMS: dict[str, dict[Lang, str]] = {
    "ability": {"zh": "基本能力测试", "en": "ability test"},
    "theory": {"zh": "理论考试", "en": "theory exam"},
    "practical": {"zh": "实操考试", "en": "practical exam"},
    "comprehensive": {"zh": "综合考试", "en": "comprehensive exam"},
    "conversion": {"zh": "转正考试", "en": "conversion exam"},
}
PARTS: dict[str, dict[Lang, str]] = {
    "attendance": {"zh": "出勤情况", "en": "attendance"},
    "attitude": {"zh": "学习态度", "en": "attitude"},
    "teamwork": {"zh": "团队协作", "en": "teamwork"},
}
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def kind(name: TraceValue, lang: Lang) -> str:
    """A score kind in the reader's language."""
    return KINDS.get(str(name), {"zh": str(name), "en": str(name)})[lang]


def _what(value: TraceValue, lang: Lang) -> str:
    """The exam that moved: "day:8:comprehensive" → 第 8 天的综合考试; "re_exam" → 转正补考."""
    text = str(value)
    if text.startswith("day:"):
        _, number, exam = text.split(":", 2)
        name = EXAMS.get(exam, {"zh": exam, "en": exam})[lang]
        return f"第 {number} 天的{name}" if lang == "zh" else f"the {name} of day {number}"
    return kind(text, lang)


def _rest_day(a: Args, lang: Lang) -> str:
    """Why the day is not a working day: a holiday's name, else the weekend (or a rest day)."""
    holiday = a.get("holiday")
    if holiday:
        return f"{holiday}假期" if lang == "zh" else f"a {holiday} holiday"
    weekday = a.get("weekday")
    if isinstance(weekday, int) and 0 <= weekday < len(WEEKDAYS[lang]):
        day = WEEKDAYS[lang][weekday]
        return f"{day}休息日" if lang == "zh" else f"a {day} rest day"
    return "休息日" if lang == "zh" else "a rest day"


def _parts(value: TraceValue, lang: Lang) -> str:
    """ "attendance=25/30" items as "出勤情况 25/30 + …"."""
    out = []
    for item in _strs(value):
        name, _, amount = item.partition("=")
        out.append(f"{PARTS.get(name, {'zh': name, 'en': name})[lang]} {amount}")
    return " + ".join(out)


def _list(value: TraceValue, lang: Lang, empty: str = "—") -> str:
    items = _strs(value)
    if not items:
        return empty
    return ("、" if lang == "zh" else "; ").join(items)


ZH: dict[str, Template] = {
    "training.plan_day": lambda a, lang: (
        f"第 {a['day']} 天 = 开班日 {a['starts_on']} + {int(str(a['day'])) - 1} 天 = {a['on']}"
    ),
    "training.exam_moved": lambda a, lang: (
        f"{_what(a['what'], lang)}原定 {a['planned_on']}，当天是{_rest_day(a, lang)}"
        f"（不是法定工作日），顺延至下一个工作日 {a['on']}"
    ),
    "training.no_mentor": lambda a, lang: f"计划在 {a['due']} 为新人指定导师(师傅)，至今尚未指定",
    "training.conduct": lambda a, lang: f"日常表现 = {_parts(a['parts'], lang)} = {a['total']}",
    "training.mark": lambda a, lang: (
        f"{a['on']} {kind(a['kind'], lang)} {a['score']} 分，"
        f"{'及格' if a['passed'] else '低于及格线'} {a['pass_mark']} 分"
    ),
    "training.fails_in_a_row": lambda a, lang: (
        f"{kind(a['kind'], lang)}连续 {a['needed']} 次低于 {a['pass_mark']} 分："
        f"{_list(a['scores'], lang)}，列入初步淘汰名单"
    ),
    "training.no_fail_run": lambda a, lang: (
        f"{kind(a['kind'], lang)}共 {a['count']} 次，不及格 {len(_strs(a['fails']))} 次"
        f"（{_list(a['fails'], lang, '无')}），没有连续 {a['needed']} 次低于 {a['pass_mark']} 分"
    ),
    "training.conduct_flag": lambda a, lang: (
        f"日常表现 {a['count']} 次平均 {a['mean']} 分，低于 {a['pass_mark']} 分，"
        f"且已提醒 {a['warnings']} 次（{_list(a['warned_on'], lang)}，达到 {a['needed']} 次），"
        f"自 {a['since']} 起列入初步淘汰名单"
    ),
    "training.conduct_ok": lambda a, lang: (
        f"日常表现 {a['count']} 次，平均 {a['mean'] or '—'} 分（及格线 {a['pass_mark']} 分），"
        f"已提醒 {a['warnings']} 次（标准 {a['needed']} 次）：不符合淘汰条件"
    ),
    "training.exam_day": lambda a, lang: (
        f"{kind(a['what'], lang)}安排在 {a['scheduled']}，于 {a['on']} 参加"
    ),
    "training.converted": lambda a, lang: (
        f"{a['on']} 转正考试 {a['score']} 分，达到 {a['pass_mark']} 分，"
        f"自次日 {a['regular_from']} 起转正"
    ),
    "training.conversion_failed": lambda a, lang: (
        f"{a['on']} 转正考试 {a['score']} 分，未达到 {a['pass_mark']} 分：接受专项培训，"
        f"{a['days']} 天后（{a['re_exam_on']}）换一份题目不同的试卷补考"
    ),
    "training.re_exam_passed": lambda a, lang: (
        f"{a['on']} 补考 {a['score']} 分，达到 {a['pass_mark']} 分：试用期 {a['months']} 个月"
        f"（{a['starts_on']} 至 {a['ends_on']}），自 {a['regular_from']} 起转正"
    ),
    "training.extension_passed": lambda a, lang: (
        f"{a['on']} 延长试用期后的考试 {a['score']} 分，达到 {a['pass_mark']} 分，"
        f"自次日 {a['regular_from']} 起转正"
    ),
    "training.re_exam_failed": lambda a, lang: (
        f"{a['on']} 补考 {a['score']} 分，未达到 {a['pass_mark']} 分：由客服经理决定淘汰或延长试用期"
    ),
    "training.paper_differs": lambda a, lang: (
        f"补考试卷「{a['paper']}」的 {a['compared']} 道题与未通过的试卷「{a['failed']}」没有重复"
    ),
    "training.paper_named": lambda a, lang: (
        f"补考试卷「{a['paper']}」不是未通过的试卷「{a['failed']}」（由培训负责人确认题目不同）"
    ),
    "training.extended": lambda a, lang: f"试用期延长至 {a['until']}",
}

EN: dict[str, Template] = {
    "training.plan_day": lambda a, lang: (
        f"day {a['day']} = start {a['starts_on']} + {int(str(a['day'])) - 1} day(s) = {a['on']}"
    ),
    "training.exam_moved": lambda a, lang: (
        f"{_what(a['what'], lang)} was planned for {a['planned_on']}, {_rest_day(a, lang)} "
        f"(not a statutory working day): it moves to the next working day, {a['on']}"
    ),
    "training.no_mentor": lambda a, lang: (
        f"a mentor was to be assigned on {a['due']} and none is assigned yet"
    ),
    "training.conduct": lambda a, lang: (
        f"daily conduct = {_parts(a['parts'], lang)} = {a['total']}"
    ),
    "training.mark": lambda a, lang: (
        f"{a['on']} {kind(a['kind'], lang)} {a['score']}: "
        f"{'passed' if a['passed'] else 'below'} the pass mark {a['pass_mark']}"
    ),
    "training.fails_in_a_row": lambda a, lang: (
        f"{kind(a['kind'], lang)} below {a['pass_mark']} {a['needed']} times in a row: "
        f"{_list(a['scores'], lang)}; on the preliminary elimination list"
    ),
    "training.no_fail_run": lambda a, lang: (
        f"{kind(a['kind'], lang)}: {a['count']} score(s), {len(_strs(a['fails']))} below the pass "
        f"mark ({_list(a['fails'], lang, 'none')}), never {a['needed']} in a row below "
        f"{a['pass_mark']}"
    ),
    "training.conduct_flag": lambda a, lang: (
        f"daily conduct averages {a['mean']} over {a['count']} evaluation(s), below "
        f"{a['pass_mark']}, after {a['warnings']} warning(s) ({_list(a['warned_on'], lang)}; "
        f"{a['needed']} needed): on the preliminary elimination list since {a['since']}"
    ),
    "training.conduct_ok": lambda a, lang: (
        f"daily conduct: {a['count']} evaluation(s), mean {a['mean'] or '—'} (pass mark "
        f"{a['pass_mark']}), {a['warnings']} warning(s) ({a['needed']} needed): not a criterion"
    ),
    "training.exam_day": lambda a, lang: (
        f"the {kind(a['what'], lang)} is set for {a['scheduled']} and was sat on {a['on']}"
    ),
    "training.converted": lambda a, lang: (
        f"conversion exam of {a['on']}: {a['score']}, at least {a['pass_mark']}: regular from "
        f"the next day, {a['regular_from']}"
    ),
    "training.conversion_failed": lambda a, lang: (
        f"conversion exam of {a['on']}: {a['score']}, below {a['pass_mark']}: targeted training, "
        f"then a re-exam {a['days']} day(s) later ({a['re_exam_on']}) on a different paper"
    ),
    "training.re_exam_passed": lambda a, lang: (
        f"re-exam of {a['on']}: {a['score']}, at least {a['pass_mark']}: probation of "
        f"{a['months']} month(s) ({a['starts_on']} to {a['ends_on']}), regular from "
        f"{a['regular_from']}"
    ),
    "training.extension_passed": lambda a, lang: (
        f"exam of {a['on']} after the extended probation: {a['score']}, at least "
        f"{a['pass_mark']}: regular from the next day, {a['regular_from']}"
    ),
    "training.re_exam_failed": lambda a, lang: (
        f"re-exam of {a['on']}: {a['score']}, below {a['pass_mark']}: the manager chooses "
        f"elimination or a longer probation"
    ),
    "training.paper_differs": lambda a, lang: (
        f"none of the {a['compared']} questions of the re-exam paper “{a['paper']}” is on the "
        f"failed paper “{a['failed']}”"
    ),
    "training.paper_named": lambda a, lang: (
        f"the re-exam paper “{a['paper']}” is not the failed paper “{a['failed']}” (the trainer "
        f"vouches that its questions differ)"
    ),
    "training.extended": lambda a, lang: f"probation extended to {a['until']}",
}
