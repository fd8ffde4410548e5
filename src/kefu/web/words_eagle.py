"""English for the Eagle plan's pages (雏鹰计划): the plans, one plan, the certificate
(merged into kefu.web.i18n.EN). Words the other career pages already translate are not
repeated here."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # the plans
    "雏鹰计划": "Eagle plan",
    "符合条件的普通客服员工可申请加入雏鹰计划：初审筛选、面试评审、公示后组成互助小组，两项考试合格者颁发奖状并调入 VIP 部门 (R-EGL-1..3)。": (
        "Eligible agents of the regular customer-service departments may apply to the Eagle "
        "plan: screening, a panel interview and a public notice form a study group; those who "
        "pass both exams get a certificate and move to the VIP department (R-EGL-1..3)."
    ),
    "公告": "Announcement",
    "申请截止日": "Application deadline",
    "申请人数": "Applicants",
    "发布": "Announced",
    "还没有发布过雏鹰计划。": "No Eagle plan has been announced yet.",
    "发布公告": "Announce a plan",
    "公告标题": "Title",
    "说明(申请方式、申请表领取等)": "Notes (how to apply, where to get the form, …)",
    # one plan: messages after a change
    "公告已发布，员工可在截止日前申请。": (
        "The plan is announced; staff may apply until the deadline."
    ),
    "申请已提交。": "The application was filed.",
    "申请人的筛选数据已保存。": "The applicant's screening figures were saved.",
    "入围名单和面试日期已保存。": "The shortlist and the interview day were saved.",
    "面试官小组和入选成员已保存。": "The panel and the group were saved.",
    "公示期满，小组名单已生效。": "The notice is over: the group is final.",
    "考试成绩已保存。": "The exam results were saved.",
    "调动已确认，员工名册已更新。": "The transfer is confirmed and the register updated.",
    "投诉已提交，人事将核实。": "The complaint was filed; HR will look into it.",
    "投诉已认定。": "The complaint was judged.",
    "新组长已记录。": "The new leader was recorded.",
    # one plan: facts and the application
    "组长": "Leader",
    "建议日程:{by} 前确定入围名单，{start} 至 {end} 安排面试 (R-EGL-1)。": (
        "Suggested schedule: shortlist by {by}, interviews from {start} to {end} (R-EGL-1)."
    ),
    "申请加入": "Apply",
    "入职日期、目前级别和获奖情况由员工名册和已结算月份自动填写；重大投诉由人事核实录入。": (
        "Hire date, level and awards are filled in from the register and the closed months; "
        "HR checks and enters major complaints."
    ),
    "业绩情况": "Results",
    "上级评语": "Supervisor's comment",
    "学习进度": "Study progress",
    "学习方式": "Study method",
    "考试时间": "Exam dates",
    "计划所需时间(月)": "Plan duration (months)",
    "转正考试成绩(可空)": "Conversion-exam score (optional)",
    "提交雏鹰计划申请": "Apply to the Eagle plan",
    "申请已于 {day} 截止。": "Applications closed on {day}.",
    "您已入围面试。": "You are on the shortlist for the interview.",
    "目前级别": "Current level",
    "进入本部门": "In the department since",
    "申请日期": "Applied on",
    "转正考试成绩": "Conversion-exam score",
    "重大投诉": "Major complaints",
    "人事尚未录入": "not entered by HR yet",
    "获奖情况(近一年已结算月份)": "Awards (closed months of the last year)",
    "无": "none",
    "其他奖项": "Other awards",
    "申请人自填": "stated by the applicant",
    "人事录入 ({who})": "entered by HR ({who})",
    # applicants and screening
    "申请人": "Applicants",
    "计划 {months} 个月": "plan of {months} months",
    "重大投诉待录入": "major complaints not entered",
    "重大投诉次数": "Major complaints",
    "可计入含金量的奖项:": "Awards the screening weighs:",
    "初审筛选": "Screening",
    "尚未录入重大投诉情况(暂按无计):": "Major complaints not entered yet (counted as none):",
    "名次": "Place",
    "初审结果": "Screening result",
    "获奖含金量": "Award points",
    "合格": "qualified",
    "不合格": "not qualified",
    "需关注": "look at this",
    "全部核对项": "Every check",
    # shortlist and schedule
    "入围名单与面试日程": "Shortlist and interview schedule",
    "入围名单": "Shortlist",
    "入围日期": "Shortlisted on",
    "面试日期": "Interview day",
    "入围名单(默认全部合格候选人)": "Shortlist (default: every qualified applicant)",
    "保存入围名单": "Save the shortlist",
    # interview and group
    "面试评审:面试官小组与入选成员": "Panel interview: the panel and the group",
    "面试官小组与入选成员": "Panel and group",
    "总经理": "General manager",
    "副总经理": "Deputy general manager",
    "客服总监": "Customer-service director",
    "人事经理": "HR manager",
    "入选成员": "Members chosen",
    "保存小组": "Save the group",
    # decisions
    "同意:截止报名，进入初审筛选。": "Approve: applications close and screening starts.",
    "同意:确认入围名单，进入面试评审。": "Approve: the shortlist stands and the interviews follow.",
    "同意:小组名单进入公示。": "Approve: the group goes on public notice.",
    "驳回:本期计划终止，须写明原因。": "Reject: the plan ends; give the reason.",
    "申诉成立(结果不予通过)": "Objection upheld (the result does not stand)",
    # exams, certificate, transfer
    "考试、奖状与调动": "Exams, certificate and transfer",
    "SOSO升级考试": "SOSO upgrade exam",
    "GAP上机考试": "GAP computer exam",
    "免考": "exempt",
    "原部门 GAP 成绩": "Prior GAP score",
    "原部门 GAP 考试日期": "Prior GAP exam day",
    "尚未录入考试成绩。": "No exam results yet.",
    "查看/打印奖状": "View or print the certificate",
    "已调入 {department}，自 {day} 起生效。": "Transferred to {department} from {day}.",
    "保存成绩": "Save the results",
    "确认调入 {department}(次日生效)": "Confirm the transfer to {department} (from tomorrow)",
    # the leader
    "组长与投诉": "Leader and complaints",
    "投诉": "Complaint",
    "待认定": "to be judged",
    "理由得当": "Valid",
    "理由不成立": "Not valid",
    "认定意见": "Finding",
    "新组长": "New leader",
    "另立组长": "Replace the leader",
    "投诉组长的理由": "Why you complain about the leader",
    "投诉组长": "Complain about the leader",
    # history
    "数据变更记录": "Changes to the plan's data",
    "录入筛选数据": "entered screening figures",
    "确定入围名单": "set the shortlist",
    "记录面试结果与小组": "recorded the interview and the group",
    "录入考试成绩": "entered exam results",
    "确认调动": "confirmed a transfer",
    "认定投诉": "judged a complaint",
    # the certificate
    "雏鹰计划奖状": "Eagle plan certificate",
    "用浏览器的打印功能(Ctrl+P)打印本页。": "Print this page with the browser (Ctrl+P).",
    "奖状": "Certificate",
    "{name}(工号 {no})参加「{title}」，考核合格，特发此状，以资鼓励。": (
        "{name} (employee no. {no}) took part in “{title}” and passed. This certificate is "
        "awarded in recognition."
    ),
    "分": "points",
    "免考(原部门成绩 {score} 分，{day})": "exempt (prior score {score}, {day})",
    "调入部门": "Transferred to",
    "自 {day} 起": "from {day}",
    "人事部": "HR department",
}
