"""Words of the steps of kefu.bonuses.feeds (R-QA-1), zh and en; merged into the catalog."""

from __future__ import annotations

from kefu.explain.messages import Args, Lang, Template


def _scores(a: Args, lang: Lang) -> str:
    scores = a["scores"]
    assert isinstance(scores, list)
    count = a["count"]
    shown = "、".join(str(s) for s in scores) if lang == "zh" else ", ".join(str(s) for s in scores)
    more = "" if isinstance(count, int) and count <= len(scores) else (" …" if shown else "")
    return shown + more


def _how(a: Args, lang: Lang) -> str:
    if a["aggregate"] == "minimum":
        return "最低分" if lang == "zh" else "the lowest"
    return "平均分" if lang == "zh" else "the mean"


def _disputed(a: Args, lang: Lang) -> str:
    n = a["disputed"]
    if not n:
        return ""
    return (
        f"；另有 {n} 次申诉未结，不计入"
        if lang == "zh"
        else f"; {n} more under dispute, not counted"
    )


ZH: dict[str, Template] = {
    "qa.month.aggregate": lambda a, lang: (
        f"通话评估成绩取本月 {a['count']} 次终审监控评分({_scores(a, lang)})的{_how(a, lang)} "
        f"= {a['value']}(每月至少 {a['minimum']} 次){_disputed(a, lang)}"
    ),
    "qa.month.below_import": lambda a, lang: (
        f"本月只有 {a['count']} 次终审监控评分，少于 {a['minimum']} 次：通话评估成绩沿用导入值 "
        f"{a['imported']}{_disputed(a, lang)}"
    ),
    "qa.month.below_no_import": lambda a, lang: (
        f"本月只有 {a['count']} 次终审监控评分，少于 {a['minimum']} 次，且没有导入的通话评估成绩："
        f"该项缺失{_disputed(a, lang)}"
    ),
    "qa.month.below_aggregate": lambda a, lang: (
        f"本月只有 {a['count']} 次终审监控评分，少于 {a['minimum']} 次：按政策仍取其{_how(a, lang)} "
        f"= {a['value']}{_disputed(a, lang)}"
    ),
    "qa.month.below_missing": lambda a, lang: (
        f"本月只有 {a['count']} 次终审监控评分，少于 {a['minimum']} 次：按政策通话评估成绩缺失"
        f"{_disputed(a, lang)}"
    ),
    "qa.evidence_from_evaluations": lambda a, lang: (
        f"最低监控成绩取本月终审监控评分的最低分 {a['evaluations']}"
        + (f"(低于导入值 {a['imported']})" if a["imported"] else "")
    ),
    "qa.evidence_imported_lower": lambda a, lang: (
        f"最低监控成绩沿用导入值 {a['imported']}(不高于本月终审监控评分的最低分 {a['evaluations']})"
    ),
}

EN: dict[str, Template] = {
    "qa.month.aggregate": lambda a, lang: (
        f"The call-quality score is {_how(a, lang)} of the month's {a['count']} final QA "
        f"evaluations ({_scores(a, lang)}) = {a['value']} (at least {a['minimum']} a month)"
        f"{_disputed(a, lang)}"
    ),
    "qa.month.below_import": lambda a, lang: (
        f"Only {a['count']} final QA evaluations this month, fewer than {a['minimum']}: the "
        f"imported call-quality score {a['imported']} stands{_disputed(a, lang)}"
    ),
    "qa.month.below_no_import": lambda a, lang: (
        f"Only {a['count']} final QA evaluations this month, fewer than {a['minimum']}, and no "
        f"imported call-quality score: the component is missing{_disputed(a, lang)}"
    ),
    "qa.month.below_aggregate": lambda a, lang: (
        f"Only {a['count']} final QA evaluations this month, fewer than {a['minimum']}: by the "
        f"policy, {_how(a, lang)} of them is used = {a['value']}{_disputed(a, lang)}"
    ),
    "qa.month.below_missing": lambda a, lang: (
        f"Only {a['count']} final QA evaluations this month, fewer than {a['minimum']}: by the "
        f"policy the call-quality score is missing{_disputed(a, lang)}"
    ),
    "qa.evidence_from_evaluations": lambda a, lang: (
        f"The lowest monitoring score is the month's lowest final evaluation, {a['evaluations']}"
        + (f" (below the imported {a['imported']})" if a["imported"] else "")
    ),
    "qa.evidence_imported_lower": lambda a, lang: (
        f"The lowest monitoring score stays the imported {a['imported']} (not above the month's "
        f"lowest final evaluation, {a['evaluations']})"
    ),
}
