"""English for the team-leader election pages (组长竞聘): the list, one election, its
candidates, scores, ranking, tie-break, notice, objections and the probation (merged into
kefu.web.i18n.EN). Words the career pages already carry (状态, 公示期, 申诉 …) are not repeated.
"""

from __future__ import annotations

WORDS: dict[str, str] = {
    # menu and list
    "组长竞聘": "Team-leader elections",
    "综合得分由能力表现、PM成绩(按平均分分档计分)、面试考评、经理评分、同事打分五项按政策的权重合计；只有转正员工可以参加，当选后先试用，期满决定是否转正 (R-ELE-1)。": (
        "The composite adds ability, the PM score (points by the band of the mean), interview, "
        "the manager's score and the peers' score with the policy's weights; only regular staff "
        "may stand, and the winner serves a probation before being confirmed (R-ELE-1)."
    ),
    "报名截止": "Sign-up deadline",
    "候选人": "Candidates",
    "当选": "Elected",
    "还没有组长竞聘。": "There are no elections yet.",
    "发起组长竞聘": "Open a team-leader election",
    "标题(可空)": "Title (optional)",
    "报名截止日(可空)": "Sign-up deadline (optional)",
    "发起竞聘": "Open the election",
    # one election
    "未设截止日": "no deadline",
    "报名参加竞聘": "Stand in this election",
    "您的账号没有关联工号，不能报名。": (
        "Your account is not linked to an employee number, so you cannot stand."
    ),
    "您已报名本场竞聘。": "You stand in this election.",
    "报名已于 {day} 截止。": "Sign-up closed on {day}.",
    "员工名册中没有您的记录。": "The register has no record of you.",
    "候选人与排名": "Candidates and ranking",
    "共 {n} 名候选人；评分与排名在公示时公开。": (
        "{n} candidate(s); the scores and the ranking are published with the notice."
    ),
    "平局裁定": "Tie-break",
    "(成绩已变动，此裁定不再适用)": "(the scores have changed since: this decision no longer applies)",
    "综合得分": "Composite",
    "并列": "tied",
    "缺少": "Missing",
    "能力表现": "Ability",
    "PM成绩": "PM score",
    "面试考评": "Interview",
    "经理评分": "Manager's score",
    "同事打分": "Peers' score",
    "人事登记": "entered by HR",
    "本人报名": "signed up",
    "录入评分": "Enter scores",
    "能力表现(0–100)": "Ability (0–100)",
    "PM成绩(每月一个，逗号分隔)": "PM scores (one a month, separated by commas)",
    "面试考评(每行一位面试官：姓名 分数)": "Interview (one interviewer a line: name score)",
    "经理评分(0–100)": "Manager's score (0–100)",
    "同事打分(每行一位同事：姓名 分数，满分 100)": (
        "Peers' scores (one colleague a line: name score, out of 100)"
    ),
    "保存评分": "Save the scores",
    "撤销报名": "Withdraw the candidacy",
    "还没有候选人。": "No candidates yet.",
    "登记候选人": "Add a candidate",
    "登记": "Add",
    "只有转正员工可以参加竞聘 (R-ELE-1)。": "Only regular (converted) staff may stand (R-ELE-1).",
    "当选人": "Elected candidate",
    "裁定理由": "Reason for the decision",
    "记录平局裁定": "Record the tie-break",
    "提交前须每位候选人的五项成绩齐全，且只有一位第一名（并列须先裁定）。": (
        "Before submitting, every candidate needs all five parts and there must be a single "
        "first (a tie is decided first)."
    ),
    "提交经理审定": "Submit for the manager's approval",
    "同意并公示": "Approve and publish",
    "驳回(竞聘结束)": "Reject (ends the election)",
    "报名与评分记录": "Record of candidacies and scores",
    "申诉成立(竞聘结果不予通过)": "Objection upheld (the result is rejected)",
    "上岗与试用期": "Taking office and probation",
    "{name} ({no}) 自 {day} 起任 {team} 业务组长。": (
        "{name} ({no}) leads {team} as team leader from {day}."
    ),
    "试用期结论": "Probation decision",
    "自 {day} 起恢复原岗位。": "Back in the former role from {day}.",
    "依据(不予转正时必填)": "Grounds (required when not confirming)",
    "转正": "Confirmed",
    "不予转正": "Not confirmed",
    "不予转正(恢复原岗位)": "Not confirmed (back to the former role)",
    "试用期到 {day} 才结束，期满后再决定是否转正。": (
        "The probation runs until {day}; decide after it ends."
    ),
    # what was done
    "竞聘已发起，可以登记候选人。": "The election is open: candidates may be added.",
    "候选人已登记。": "The candidate was added.",
    "报名成功。": "You stand in the election.",
    "报名已撤销。": "The candidacy was withdrawn.",
    "评分已保存。": "The scores were saved.",
    "平局裁定已记录。": "The tie-break was recorded.",
    "竞聘结果已生效。": "The result is final.",
    "试用期结论已记录。": "The probation decision was recorded.",
}
