"""Words for trace steps, in Chinese (default) and English (R-EXP-1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from kefu.explain.trace import Step, TraceValue

Lang = Literal["zh", "en"]

COMPONENT_NAMES: dict[str, dict[Lang, str]] = {
    "call_quality": {"zh": "通话评估成绩", "en": "call quality"},
    "work_ability": {"zh": "工作评估成绩", "en": "work ability"},
    "overall_conduct": {"zh": "综合工作表现", "en": "overall conduct"},
}

Args = dict[str, TraceValue]


def _strs(value: TraceValue) -> list[str]:
    """A list argument as strings (empty when absent)."""
    return [str(v) for v in value] if isinstance(value, list) else []


def _values(value: TraceValue) -> list[str | None]:
    """A list argument whose items may be None (a missing input)."""
    return list(value) if isinstance(value, list) else []


def component(name: object, lang: Lang) -> str:
    return COMPONENT_NAMES.get(str(name), {"zh": str(name), "en": str(name)})[lang]


def _parts(a: Args, lang: Lang) -> str:
    out = []
    for part in _strs(a["parts"]):
        name, _, rest = str(part).partition("=")
        weight, _, value = rest.partition("×")
        pct = _pct(weight)
        out.append(f"{pct}×{component(name, lang)} {value}")
    return " + ".join(out)


def _pct(fraction: str) -> str:
    from decimal import Decimal

    return f"{(Decimal(fraction) * 100).normalize():f}%"


def _missing(a: Args, lang: Lang) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(component(m, lang) for m in _strs(a["missing"]))


def _int(value: TraceValue) -> int:
    return value if isinstance(value, int) else 0


def _tied(a: Args, lang: Lang) -> str:
    if not a.get("tied_count"):
        if _int(a.get("same_score")) > 1:
            tb = component(a["tie_breaker"], lang)
            n = _int(a["same_score"]) - 1
            return (
                f"；另有 {n} 人得分相同，按第二条件{tb}再排名"
                if lang == "zh"
                else f"; {n} other(s) had the same score, separated by {tb}"
            )
        return ""
    names = ", ".join(_strs(a["tied_with"]))
    more = _int(a["tied_count"]) - len(_strs(a["tied_with"]))
    extra = (
        (f" 等 {a['tied_count']} 人" if more > 0 else "")
        if lang == "zh"
        else (f" and {more} more" if more > 0 else "")
    )
    tb = component(a["tie_breaker"], lang)
    if lang == "zh":
        return f"；与 {names}{extra} 得分及{tb}均相同，并列第 {a['rank']} 名"
    return f"; tied with {names}{extra} on score and {tb}: shared rank {a['rank']}"


def _money_zh(a: Args) -> str:
    return "星级工资 (每月)" if a.get("stars") else "奖金"


def _money_en(a: Args) -> str:
    return "star wage (a month)" if a.get("stars") else "bonus"


def _scope(a: Args, lang: Lang) -> str:
    scope = str(a["scope"])
    if scope == "center":
        return "全中心" if lang == "zh" else "the center"
    if scope == "leader_qa":
        return "组长及QA" if lang == "zh" else "leaders and QA"
    if scope in {"qa", "team_leader"}:
        return {
            "qa": {"zh": "QA", "en": "QA"},
            "team_leader": {"zh": "业务组长", "en": "team leaders"},
        }[scope][lang]
    return scope


Template = Callable[[Args, Lang], str]

_ZH: dict[str, Template] = {
    "input.components": lambda a, lang: (
        "输入成绩: "
        + "、".join(
            f"{component(k, lang)} {v if v is not None else '(缺)'}"
            for k, v in zip(_strs(a["names"]), _values(a["values"]), strict=False)
        )
    ),
    "input.status": lambda a, lang: (
        f"员工状态: 岗位 {a['role']}，部门 {a['department']}，状态 {a['status']}"
    ),
    "input.attendance": lambda a, lang: (
        f"考勤周期 {a['cycle']} ({a['start']} 至 {a['end']}): 缺勤 {a['absence']} 天"
        f"(事假 {a['personal']}，病假 {a['sick']}，未批准 {a['unapproved']})，迟到 {a['late']} 次，"
        f"早退 {a['early']} 次，主动换班 {a['swaps']} 次"
    ),
    "input.no_attendance": lambda a, lang: (
        f"考勤周期 {a['cycle']} ({a['start']} 至 {a['end']}): 无考勤汇总"
    ),
    "input.evidence": lambda a, lang: (
        f"奖项依据: 书面表扬 {a['commendations']} 次，错误工单 {a['work_orders']}，错误退费登记 "
        f"{a['refunds']}，最低监控成绩 {a['monitoring'] or '(无)'}，最低考试成绩 {a['exam'] or '(无)'}"
    ),
    "score.weighted": lambda a, lang: (
        f"当月得分 = {_parts(a, lang)} = {a['score']} (精确值，仅显示时四舍五入)"
    ),
    "score.missing": lambda a, lang: f"缺少{_missing(a, lang)}，无法计算当月得分，不参加排名",
    "excl.probation": lambda a, lang: "培训试用期内的员工，不享有当月奖金，不占名额",
    "excl.dismissed": lambda a, lang: "因工作表现欠佳于本月被终止雇用，不享有当月奖金",
    "excl.standby": lambda a, lang: "待岗培训期间只发基本工资，无效益奖金",
    "excl.no_attendance": lambda a, lang: (
        "缺少本考勤周期的考勤汇总，无法确认缺勤条件，不享有当月奖金"
    ),
    "excl.absence": lambda a, lang: (
        f"当月缺勤累积 {a['days']} 天，达到 {a['limit']} 天，不享有当月奖金"
    ),
    "excl.notice_unapproved": lambda a, lang: (
        f"离职通知期内有非允许缺勤 {a['days']} 天，不享有当月奖金"
    ),
    "excl.notice_sick": lambda a, lang: (
        f"离职通知期内累积病假 {a['days']} 天，达到 {a['limit']} 天，不享有当月奖金"
    ),
    "pool.excluded": lambda a, lang: "照常计分并显示，但不参加排名、不占名额",
    "rank.placed": lambda a, lang: (
        f"在{_scope(a, lang)}排名池 {a['pool']} 人中排第 {a['rank']} 名{_tied(a, lang)}"
    ),
    "band.below_floor": lambda a, lang: f"{a['band']} 档: 需得分 ≥ {a['floor']}，未达到",
    "band.outside_quota": lambda a, lang: (
        f"{a['band']} 档: 名次须在前 {a['share']}% 内 (第 {a['rank']} 名 / {a['pool']} 人，"
        f"上限为第 {a['limit']} 名)，名额已满，落入下一档"
    ),
    "band.chosen_quota": lambda a, lang: (
        f"得分 {a['score']} ≥ {a['floor']}，且名次 {a['rank']}/{a['pool']} 在前 {a['share']}% 内"
        f"(含，上限第 {a['limit']} 名): {a['band']} 档，{_money_zh(a)} {a['amount']} 元"
    ),
    "band.chosen": lambda a, lang: (
        f"得分 {a['score']} ≥ {a['floor']}: {a['band']} 档，{_money_zh(a)} {a['amount']} 元"
    ),
    "band.none": lambda a, lang: f"得分 {a['score']} 不在任何档位内",
    "bonus.none": lambda a, lang: "不参加本月排名，奖金 0 元",
    "place.not_above": lambda a, lang: f"总分 {a['score']} 未超过 {a['floor']} 分，无名次奖金",
    "place.unpaid": lambda a, lang: f"第 {a['rank']} 名，只奖励前 {a['paid']} 名",
    "place.paid": lambda a, lang: (
        f"第 {a['rank']} 名，总分 {a['score']} 超过 {a['floor']} 分: 奖金 {a['amount']} 元"
    ),
    "lqa.no_policy": lambda a, lang: "政策未定义组长及QA奖金",
    "lqa.team_mean": lambda a, lang: (
        f"项目管理监督成绩 = 班组 {a['team']} 的 {a['count']} 名员工平均得分 {a['mean']}，作为工作评估成绩"
        if a["mean"] is not None
        else f"班组 {a['team']} 无员工得分，无法计算项目管理监督成绩"
    ),
    "award.no_attendance": lambda a, lang: "缺少考勤汇总，不参加表现优异奖评选",
    "award.absence": lambda a, lang: (
        "本考勤周期有缺勤(事假、病假、迟到、早退等)，不参加表现优异奖评选"
    ),
    "award.excluded_bonus": lambda a, lang: "不享有月度奖金者，不参加表现优异奖评选",
    "award.progress_no_scores": lambda a, lang: (
        f"{a['theme']}: 缺少本月监控或考试成绩，无法确认均在标准以上"
    ),
    "award.progress_low_scores": lambda a, lang: (
        f"{a['theme']}: 最低监控成绩 {a['monitoring']} (须 ≥ {a['floor']})、最低考试成绩 {a['exam']} (须 ≥ {a.get('exam_floor') or a['floor']})"
    ),
    "award.won": lambda a, lang: f"获得{a['theme']} {a['amount']} 元" + _award_detail(a, lang),
    "award.over_limit": lambda a, lang: (
        f"符合{a['theme']}条件，但本月得奖人数为 {a['limit']} 人，未入选" + _award_detail(a, lang)
    ),
    "star.standby": lambda a, lang: (
        f"{a['quarter']} 评得 {a['stars']} 星，但待岗培训期间只发基本工资"
    ),
    "star.paid": lambda a, lang: (
        f"{a['quarter']} 评得 {a['stars']} 星，本月发放星级工资 {a['amount']} 元"
    ),
    "star.quarter_open": lambda a, lang: f"上季度 {a['quarter']} 尚未结算，本月暂无星级工资",
    "star.none": lambda a, lang: f"{a['quarter']} 未评星级，本月无星级工资",
    "star.mean": lambda a, lang: (
        f"季度得分 = 三个月得分 {' / '.join(_strs(a['scores']))} 的平均 = {a['mean']}"
    ),
    "star.incomplete": lambda a, lang: (
        f"季度内缺少 {', '.join(_strs(a['missing']))} 的月度得分，视为新员工,0 星"
    ),
    "star.not_regular": lambda a, lang: "季度末非正式员工，不参加星级评定",
    "star.left": lambda a, lang: "季度末已离职，不参加星级评定",
    "progress.previous_open": lambda a, lang: f"上月 {a['month']} 尚未结算，本月不评进步奖",
}

_EN: dict[str, Template] = {
    "input.components": lambda a, lang: (
        "Inputs: "
        + ", ".join(
            f"{component(k, lang)} {v if v is not None else '(missing)'}"
            for k, v in zip(_strs(a["names"]), _values(a["values"]), strict=False)
        )
    ),
    "input.status": lambda a, lang: (
        f"Register: role {a['role']}, department {a['department']}, status {a['status']}"
    ),
    "input.attendance": lambda a, lang: (
        f"Attendance cycle {a['cycle']} ({a['start']} to {a['end']}): {a['absence']} day(s) absent "
        f"(personal {a['personal']}, sick {a['sick']}, unapproved {a['unapproved']}), late {a['late']}, "
        f"early leave {a['early']}, shift swaps {a['swaps']}"
    ),
    "input.no_attendance": lambda a, lang: (
        f"Attendance cycle {a['cycle']} ({a['start']} to {a['end']}): no summary"
    ),
    "input.evidence": lambda a, lang: (
        f"Award evidence: {a['commendations']} written commendation(s), {a['work_orders']} erroneous work "
        f"order(s), {a['refunds']} erroneous refund(s), lowest monitoring {a['monitoring'] or '-'}, "
        f"lowest exam {a['exam'] or '-'}"
    ),
    "score.weighted": lambda a, lang: (
        f"Monthly score = {_parts(a, lang)} = {a['score']} (exact; rounded only for display)"
    ),
    "score.missing": lambda a, lang: f"Missing {_missing(a, lang)}: no monthly score, not ranked",
    "excl.probation": lambda a, lang: (
        "On probation/training: no monthly bonus, takes no quota place"
    ),
    "excl.dismissed": lambda a, lang: "Dismissed this month for poor performance: no monthly bonus",
    "excl.standby": lambda a, lang: "On standby retraining: base pay only, no performance bonus",
    "excl.no_attendance": lambda a, lang: (
        "No attendance summary for the cycle: absence rules cannot be checked, no bonus"
    ),
    "excl.absence": lambda a, lang: (
        f"{a['days']} day(s) absent in the cycle, limit {a['limit']}: no monthly bonus"
    ),
    "excl.notice_unapproved": lambda a, lang: (
        f"Unpermitted absence ({a['days']} day(s)) during the notice period: no monthly bonus"
    ),
    "excl.notice_sick": lambda a, lang: (
        f"{a['days']} sick day(s) during the notice period, limit {a['limit']}: no monthly bonus"
    ),
    "pool.excluded": lambda a, lang: "Scored and shown, but not ranked and takes no quota place",
    "rank.placed": lambda a, lang: (
        f"Rank {a['rank']} of {a['pool']} in the pool of {_scope(a, lang)}{_tied(a, lang)}"
    ),
    "band.below_floor": lambda a, lang: (
        f"Tier {a['band']}: needs a score of at least {a['floor']}; not reached"
    ),
    "band.outside_quota": lambda a, lang: (
        f"Tier {a['band']}: rank must be within the top {a['share']}% (rank {a['rank']} of {a['pool']}, "
        f"limit rank {a['limit']}); quota full, falls to the next tier"
    ),
    "band.chosen_quota": lambda a, lang: (
        f"Score {a['score']} ≥ {a['floor']} and rank {a['rank']}/{a['pool']} within the top {a['share']}% "
        f"(inclusive, limit rank {a['limit']}): tier {a['band']}, {_money_en(a)} {a['amount']} yuan"
    ),
    "band.chosen": lambda a, lang: (
        f"Score {a['score']} ≥ {a['floor']}: tier {a['band']}, {_money_en(a)} {a['amount']} yuan"
    ),
    "band.none": lambda a, lang: f"Score {a['score']} is in no tier",
    "bonus.none": lambda a, lang: "Not ranked this month: bonus 0 yuan",
    "place.not_above": lambda a, lang: (
        f"Score {a['score']} is not above {a['floor']}: no place bonus"
    ),
    "place.unpaid": lambda a, lang: f"Rank {a['rank']}; only the first {a['paid']} places are paid",
    "place.paid": lambda a, lang: (
        f"Rank {a['rank']} with {a['score']} above {a['floor']}: bonus {a['amount']} yuan"
    ),
    "lqa.no_policy": lambda a, lang: "The policy defines no leader/QA bonus",
    "lqa.team_mean": lambda a, lang: (
        f"Supervision score = mean score {a['mean']} of the {a['count']} people of team {a['team']}, used as work ability"
        if a["mean"] is not None
        else f"Team {a['team']} has no scored members: no supervision score"
    ),
    "award.no_attendance": lambda a, lang: "No attendance summary: not considered for awards",
    "award.absence": lambda a, lang: (
        "Absence of some kind in the cycle (leave, late, early leave…): not considered for awards"
    ),
    "award.excluded_bonus": lambda a, lang: "No monthly bonus, so not considered for awards",
    "award.progress_no_scores": lambda a, lang: (
        f"{a.get('theme_en') or a['theme']}: monitoring or exam score missing this month"
    ),
    "award.progress_low_scores": lambda a, lang: (
        f"{a.get('theme_en') or a['theme']}: lowest monitoring {a['monitoring']} (needs {a['floor']}) and exam {a['exam']} (needs {a.get('exam_floor') or a['floor']})"
    ),
    "award.won": lambda a, lang: (
        f"Won {a.get('theme_en') or a['theme']}, {a['amount']} yuan" + _award_detail(a, lang)
    ),
    "award.over_limit": lambda a, lang: (
        f"Qualified for {a.get('theme_en') or a['theme']}, but only {a['limit']} winner(s) this month"
        + _award_detail(a, lang)
    ),
    "star.standby": lambda a, lang: (
        f"{a['stars']} star(s) in {a['quarter']}, but standby pays base pay only"
    ),
    "star.paid": lambda a, lang: (
        f"{a['stars']} star(s) in {a['quarter']}: star wage {a['amount']} yuan this month"
    ),
    "star.quarter_open": lambda a, lang: (
        f"Last quarter {a['quarter']} is not closed yet: no star wage for now"
    ),
    "star.none": lambda a, lang: f"No stars in {a['quarter']}: no star wage this month",
    "star.mean": lambda a, lang: (
        f"Quarter score = mean of {' / '.join(_strs(a['scores']))} = {a['mean']}"
    ),
    "star.incomplete": lambda a, lang: (
        f"No monthly score for {', '.join(_strs(a['missing']))}: counted as new, 0 stars"
    ),
    "star.not_regular": lambda a, lang: "Not regular staff at the quarter's end: not rated",
    "star.left": lambda a, lang: "Left before the quarter's end: not rated",
    "progress.previous_open": lambda a, lang: (
        f"Previous month {a['month']} is not closed: no progress award this month"
    ),
}


def _award_detail(a: Args, lang: Lang) -> str:
    if a.get("kind") == "progress":
        return (
            f" (名次由上月第 {a['previous']} 名升至第 {a['rank']} 名)"
            if lang == "zh"
            else f" (rank {a['previous']} last month → {a['rank']})"
        )
    if a.get("kind") == "hundred_percent_star":
        return (
            f" (连续 {a['streak']} 个月无错误工单及错误退费登记)"
            if lang == "zh"
            else f" ({a['streak']} consecutive months without erroneous work orders or refunds)"
        )
    return ""


CATALOG: dict[Lang, dict[str, Template]] = {"zh": _ZH, "en": _EN}


def render(step: Step, lang: Lang = "zh") -> str:
    """One line: the rule ID, then the step in words."""
    template = CATALOG[lang].get(step.code)
    text = template(step.args, lang) if template else f"{step.code} {step.args}"
    return f"{step.rule}: {text}"
