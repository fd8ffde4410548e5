"""Words for the exams trace steps (R-EXM-1), Chinese and English (merged into
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

KIND_NAMES: dict[str, dict[Lang, str]] = {
    "single": {"zh": "单选", "en": "single choice"},
    "multiple": {"zh": "多选", "en": "multiple choice"},
    "fill": {"zh": "填空", "en": "fill-in"},
    "short": {"zh": "简答", "en": "short answer"},
    "essay": {"zh": "论述", "en": "essay"},
}
EXAM_KIND_NAMES: dict[str, dict[Lang, str]] = {
    "written": {"zh": "笔试", "en": "written"},
    "oral": {"zh": "口试", "en": "oral"},
    "practical": {"zh": "实际操作", "en": "practical"},
}
MODE_NAMES: dict[str, dict[Lang, str]] = {
    "all_or_nothing": {"zh": "全对才得分", "en": "all or nothing"},
    "partial": {"zh": "少选按比例得分", "en": "partial credit"},
}


def _strs(value: TraceValue) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _name(names: dict[str, dict[Lang, str]], key: TraceValue, lang: Lang) -> str:
    return names.get(str(key), {"zh": str(key), "en": str(key)})[lang]


def _head(a: Args, lang: Lang) -> str:
    """第 3 题 (单选，2 分)"""
    kind = _name(KIND_NAMES, a["kind"], lang)
    if a.get("exam_kind") not in (None, "written"):
        kind = f"{_name(EXAM_KIND_NAMES, a['exam_kind'], lang)}·{kind}"
    if lang == "zh":
        return f"第 {a['n']} 题 ({kind}，{a['points']} 分)"
    return f"Question {a['n']} ({kind}, {a['points']} points)"


def _given(a: Args, lang: Lang) -> str:
    answer = str(a.get("answer") or "")
    if lang == "zh":
        return f"作答「{answer}」" if answer else "未作答"
    return f"answered “{answer}”" if answer else "not answered"


def _key(a: Args, lang: Lang) -> str:
    key = str(a.get("key") or "")
    if not key:
        return ""
    return f"，答案「{key}」" if lang == "zh" else f", key “{key}”"


def _topics(value: TraceValue, lang: Lang) -> str:
    parts = []
    for item in _strs(value):
        name, _, count = item.rpartition("=")
        parts.append(f"{name} {count} 道" if lang == "zh" else f"{name} {count}")
    return ("、" if lang == "zh" else ", ").join(parts)


def _levels(value: TraceValue, lang: Lang) -> str:
    parts = []
    for item in _strs(value):
        level, _, count = item.partition("=")
        parts.append(f"难度 {level} {count} 道" if lang == "zh" else f"difficulty {level}: {count}")
    return ("、" if lang == "zh" else ", ").join(parts)


def _drawn(a: Args, lang: Lang) -> str:
    excluded = _strs(a["excluded"])
    levels = _strs(a["difficulty"])
    if lang == "zh":
        text = f"从题库抽题 {a['count']} 道: 按知识点 {_topics(a['topics'], lang)}"
        if levels:
            text += f"；按难度 {_levels(a['difficulty'], lang)}"
        if excluded:
            text += f"；不含试卷 {'、'.join('#' + p for p in excluded)} 的题目(同一题目族的新版本也不含)"
        return text + f"；随机种子 {a['seed']}(同一种子抽出同一份试卷)"
    text = f"Drew {a['count']} questions: by topic {_topics(a['topics'], lang)}"
    if levels:
        text += f"; by difficulty {_levels(a['difficulty'], lang)}"
    if excluded:
        papers = ", ".join("#" + p for p in excluded)
        text += f"; none from paper(s) {papers} (nor newer versions of them)"
    return text + f"; seed {a['seed']} (the same seed draws the same paper)"


def _marked_by(a: Args, lang: Lang) -> str:
    comment = str(a.get("comment") or "")
    if lang == "zh":
        return f"阅卷人 {a['marker']} 评 {a['earned']} 分:{comment}"
    return f"marked {a['earned']} by {a['marker']}: {comment}"


def _evidence(a: Args, lang: Lang, which: str) -> str:
    exam = f"#{a['sitting']} ({a['taken_on']}) {a['exam']}"
    if lang == "zh":
        if which == "exams":
            return f"最低考试成绩 {a['exam']} 取自本系统的月度考试 {exam}(未导入该项)"
        if which == "exams_lower":
            return (
                f"最低考试成绩取两者中较低者: 本系统月度考试 {exam} 低于导入值 {a['imported']}，"
                f"取 {a['exam']}"
            )
        return (
            f"最低考试成绩取两者中较低者: 导入值 {a['imported']} 不高于本系统月度考试 {exam}，"
            f"取导入值 {a['imported']}"
        )
    if which == "exams":
        return (
            f"Lowest exam score {a['exam']} taken from kefu's monthly exam {exam} (none imported)"
        )
    if which == "exams_lower":
        return (
            f"Lowest exam score: the lower of the two — kefu's monthly exam {exam} is below the "
            f"imported {a['imported']}, so {a['exam']}"
        )
    return (
        f"Lowest exam score: the lower of the two — the imported {a['imported']} is not above "
        f"kefu's monthly exam {exam}, so the imported value"
    )


ZH: dict[str, Template] = {
    "exam.drawn": _drawn,
    "exam.no_overlap": lambda a, lang: (
        f"补考试卷与试卷 {'、'.join('#' + p for p in _strs(a['papers']))} 没有相同的题目"
    ),
    "exam.right": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}，正确，得 {a['earned']} 分"
    ),
    "exam.wrong": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}，错误，得 0 分"
    ),
    "exam.multiple_wrong": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}，"
        + (
            f"选了错误选项 {''.join(_strs(a['wrong']))}，得 0 分"
            if _strs(a["wrong"])
            else f"漏选 {''.join(_strs(a['missed']))}，按政策「全对才得分」得 0 分"
        )
    ),
    "exam.multiple_partial": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}，没有错选，选对 {a['chosen']}/{a['of']} 项，"
        f"按政策「少选按比例得分」得 {a['earned']} 分"
    ),
    "exam.fill_right": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}，与可接受答案「{a['matched']}」一致"
        f"(忽略全角半角、大小写、空格和标点)，得 {a['earned']} 分"
    ),
    "exam.fill_wrong": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}，与任何可接受答案都不一致"
        f"(已忽略全角半角、大小写、空格和标点)，得 0 分"
    ),
    "exam.unanswered": lambda a, lang: f"{_head(a, lang)}: 未作答{_key(a, lang)}，得 0 分",
    "exam.awaiting_marking": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}，主观题，等待阅卷"
    ),
    "exam.marked": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}；{_marked_by(a, lang)}"
    ),
    "exam.timed_out": lambda a, lang: "考试时间已到，按截止前保存的答案收卷",
    "exam.waiting": lambda a, lang: f"还有 {a['count']} 道题等待阅卷，阅完后计算成绩",
    "exam.score": lambda a, lang: (
        f"成绩 = 得分 {a['earned']} ÷ 试卷总分 {a['total']} × 100 = {a['exact']}，"
        f"按政策保留 {a['decimals']} 位小数"
        f"({'四舍五入' if a['rounding'] == 'half_up' else '四舍六入五成双'}) = {a['score']}"
    ),
    "exam.passed": lambda a, lang: f"成绩 {a['score']} 达到及格线 {a['pass_mark']}，通过",
    "exam.failed": lambda a, lang: f"成绩 {a['score']} 低于及格线 {a['pass_mark']}，未通过",
    "exam.evidence_from_exams": lambda a, lang: _evidence(a, lang, "exams"),
    "exam.evidence_exams_lower": lambda a, lang: _evidence(a, lang, "exams_lower"),
    "exam.evidence_imported_lower": lambda a, lang: _evidence(a, lang, "imported_lower"),
}

EN: dict[str, Template] = {
    "exam.drawn": _drawn,
    "exam.no_overlap": lambda a, lang: (
        f"The re-exam paper shares no question with paper(s) "
        f"{', '.join('#' + p for p in _strs(a['papers']))}"
    ),
    "exam.right": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}: right, {a['earned']} points"
    ),
    "exam.wrong": lambda a, lang: f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}: wrong, 0",
    "exam.multiple_wrong": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}: "
        + (
            f"picked the wrong option(s) {''.join(_strs(a['wrong']))}, 0"
            if _strs(a["wrong"])
            else f"missed {''.join(_strs(a['missed']))}; the policy scores all or nothing, 0"
        )
    ),
    "exam.multiple_partial": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}: no wrong option, {a['chosen']} of "
        f"{a['of']} picked; the policy gives partial credit, {a['earned']} points"
    ),
    "exam.fill_right": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)} matches the accepted answer “{a['matched']}” "
        f"(ignoring full/half width, case, spaces and punctuation): {a['earned']} points"
    ),
    "exam.fill_wrong": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}: matches no accepted answer "
        f"(ignoring full/half width, case, spaces and punctuation), 0"
    ),
    "exam.unanswered": lambda a, lang: f"{_head(a, lang)}: not answered{_key(a, lang)}, 0",
    "exam.awaiting_marking": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}; subjective, waiting for a marker"
    ),
    "exam.marked": lambda a, lang: (
        f"{_head(a, lang)}: {_given(a, lang)}{_key(a, lang)}; {_marked_by(a, lang)}"
    ),
    "exam.timed_out": lambda a, lang: (
        "Time was up: the sitting closed with the answers saved by then"
    ),
    "exam.waiting": lambda a, lang: (
        f"{a['count']} answer(s) still wait for a marker; the score follows when all are marked"
    ),
    "exam.score": lambda a, lang: (
        f"Score = earned {a['earned']} ÷ paper total {a['total']} × 100 = {a['exact']}, "
        f"rounded to {a['decimals']} decimal(s) ({str(a['rounding']).replace('_', ' ')}) "
        f"= {a['score']}"
    ),
    "exam.passed": lambda a, lang: (
        f"Score {a['score']} reaches the pass mark {a['pass_mark']}: passed"
    ),
    "exam.failed": lambda a, lang: (
        f"Score {a['score']} is below the pass mark {a['pass_mark']}: failed"
    ),
    "exam.evidence_from_exams": lambda a, lang: _evidence(a, lang, "exams"),
    "exam.evidence_exams_lower": lambda a, lang: _evidence(a, lang, "exams_lower"),
    "exam.evidence_imported_lower": lambda a, lang: _evidence(a, lang, "imported_lower"),
}
