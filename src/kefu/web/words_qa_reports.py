"""English for the QA report and improvement plan pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # reports
    "监控报表": "Monitoring reports",
    "报表": "Report",
    "范围": "Scope",
    "评分条数": "Evaluations",
    "已生效 / 暂定": "Final / provisional",
    "下载报表 (.xlsx)": "Download the report (.xlsx)",
    "本期没有监控评分。": "No monitoring evaluation in this period.",
    "各座席平均分": "Each agent's mean",
    "失分最多的评分项": "Items losing points most often",
    "座席": "Agents",
    "最低分": "Lowest",
    "最高分": "Highest",
    "座席人数": "Agents",
    "评分次数": "Scored",
    "不适用": "N/A",
    "失分次数": "Times lost",
    "平均得分率(%)": "Mean share kept (%)",
    "重复问题": "Recurring problems",
    "政策未设置重复问题的次数门槛 (monitoring.recurring_at_least)，暂不列出。": (
        "The policy leaves the threshold of a recurring problem open "
        "(monitoring.recurring_at_least): none listed."
    ),
    "同一评分项在本期同一座席的 {n} 条及以上评分中失分。": (
        "The same item losing points for the same agent in {n} or more evaluations of the period."
    ),
    "评分编号": "Evaluations",
    "本期没有重复问题。": "No recurring problem in this period.",
    "进步情况": "Who improves",
    "与上一期 {label} 相比。": "Against the period before, {label}.",
    "本期平均分": "Mean",
    "上期平均分": "Mean before",
    "上期无评分": "none before",
    # plans
    "改进计划": "Improvement plans",
    "制定改进计划": "Make an improvement plan",
    "针对监控中发现的问题为座席制定的改进计划及跟进记录 (R-QA-1)。": (
        "Plans made for agents out of the problems the monitoring found, and their "
        "follow-ups (R-QA-1)."
    ),
    "逾期未跟进": "Overdue",
    "全部计划": "All plans",
    "只看逾期": "Overdue only",
    "没有改进计划。": "No improvement plan.",
    "列出失分评分项": "List the items losing points",
    "问题评分项(本月和上月失分的评分项)": (
        "Problem items (items losing points this month and last month)"
    ),
    "本月和上月没有失分的评分项。": "No item lost points this month or last month.",
    "问题描述": "Problems",
    "改进目标": "Goal",
    "目标平均分(选填)": "Target mean score (optional)",
    "改进措施": "Actions",
    "负责人(用户名，留空为本人)": "Owner (username; empty: yourself)",
    "下次跟进日": "Next follow-up on",
    "保存计划": "Save the plan",
    "返回改进计划": "Back to the improvement plans",
    "负责人": "Owner",
    "下次跟进": "Next follow-up",
    "目标平均分": "Target mean score",
    "跟进逾期": "follow-up overdue",
    "已过到期日": "past its due date",
    "问题": "Problems",
    "结束说明": "Closing note",
    "计划开始以来的监控平均分": "Mean monitoring score since the plan started",
    "{n} 条评分": "{n} evaluation(s)",
    "跟进记录": "Follow-ups",
    "当时平均分": "Mean then",
    "还没有跟进记录。": "No follow-up yet.",
    "我的意见": "My comment",
    "意见": "Comment",
    "提交意见": "Send the comment",
    "跟进": "Follow up",
    "保存跟进": "Save the follow-up",
    "结束计划": "Close the plan",
}
