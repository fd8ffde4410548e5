"""English for the QA monitoring pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # navigation and lists
    "监控评分": "Monitoring",
    "我的监控评分": "My evaluations",
    "登记联络": "Add a contact",
    "申诉复核": "Disputes to review",
    "评分表": "Scorecards",
    "校准": "Calibration",
    "校准趋势": "Calibration over time",
    "QA 按评分表对电话、邮件、传真和在线联络评分并记录问题；客服代表在确认期内确认或申诉，逾期按原分生效 (R-QA-1)。": (
        "QA score phone calls, e-mails, faxes and chats on scorecards and note the problems; "
        "the agent acknowledges or disputes within the window, after which the score stands "
        "(R-QA-1)."
    ),
    "有 {n} 条申诉等待复核": "{n} dispute(s) waiting for review",
    "待评分的联络": "Contacts to score",
    "没有待评分的联络。": "No contact is waiting to be scored.",
    "没有符合条件的监控评分。": "No evaluation matches.",
    "联络时间": "Contact time",
    "录音编号/单号": "Recording / ticket",
    "评分人": "Evaluator",
    "确认截止": "Answer by",
    "最终成绩": "Final score",
    "致命项": "Critical",
    "致命项未通过": "Critical item failed",
    "请在确认截止日前确认评分或写明理由提出申诉；逾期未处理的评分按原分生效 (R-QA-1)。": (
        "Acknowledge each evaluation or dispute it with a reason by its answer-by day; after "
        "that it is final as it stands (R-QA-1)."
    ),
    "申诉由评分人以外的第二位复核人处理：维持原分或重新评分，并写明答复。": (
        "A second reviewer, never the evaluator, decides each dispute: upholds the score or "
        "re-scores it, with a written answer."
    ),
    # contacts
    "客服代表工号": "Agent's employee no.",
    "通话记录 (粘贴，每行以「坐席:」或「客户:」开头)": (
        "Transcript (paste; each line starts with “坐席:” for the agent or “客户:” for the "
        "customer)"
    ),
    "记录格式": "Transcript format",
    "或上传文件 (.txt / .json / .csv)": "Or upload a file (.txt / .json / .csv)",
    "登记并自动质检": "Add and check automatically",
    "监控联络": "Monitored contact",
    "客服代表": "Agent",
    "通话记录": "Transcript",
    "没有通话记录。": "No transcript.",
    "自动质检": "Automatic check",
    "建议分": "Suggested score",
    "采纳建议分 {score}": "Accept the suggested score {score}",
    "或按评分表逐项评分 (人工覆盖):": "Or score item by item on the scorecard (override):",
    "第 {n} 版": "version {n}",
    "保存草稿": "Save draft",
    "保存并提交给客服代表": "Save and send to the agent",
    # marks
    "权重": "weight",
    "评分项": "Item",
    "分值": "Points",
    "不适用": "N/A",
    "问题记录": "Problem noted",
    # one evaluation
    "旧版本": "older version",
    "确认或申诉": "Acknowledge or dispute",
    "请在 {day} 前确认或申诉；逾期按原分生效。": (
        "Acknowledge or dispute by {day}; after that the score stands."
    ),
    "确认评分": "Acknowledge",
    "提交给客服代表": "Send to the agent",
    "修改评分": "Change the marks",
    "复核答复": "Reviewer's answer",
    "逐项评分与问题记录": "Marks and problems noted, item by item",
    "得分说明": "How the score was reached",
    "复核申诉": "Review the dispute",
    "维持原分": "Uphold the score",
    "按下面的评分重新评分": "Re-score with the marks below",
    "提交复核结论": "Record the decision",
    "处理记录": "History",
    "办理人": "By",
    # scorecards
    "每个渠道一张评分表；修改会生成新版本，已有评分保留当时的版本。": (
        "One scorecard per channel; editing makes a new version, and every evaluation keeps "
        "the version it was scored with."
    ),
    "修改时间": "Saved at",
    "使用中": "in use",
    "得分 = Σ 各部分权重 × 得分 ÷ 适用分值 × 100；不适用的评分项不计；整部分不适用时其余部分按比例放大；致命项得 0 分时整次评分按政策计分。": (
        "Score = Σ section weight × earned ÷ applicable points × 100; N/A items are left out; "
        "when a whole section is N/A the other weights are scaled up; a critical item marked 0 "
        "makes the evaluation score the policy's critical-failure score."
    ),
    "可不适用": "May be N/A",
    "版本历史": "Versions",
    "编辑 (保存为新版本)": "Edit (saved as a new version)",
    "保存为新版本": "Save as a new version",
    # calibration
    "几位 QA 对同一联络分别盲评；结束后显示每人与参照评分人的偏差 (总分与逐项)。": (
        "Several QA score the same contact blind; when the session closes each one's deviation "
        "from the reference evaluator is shown (total and per item)."
    ),
    "联络": "Contact",
    "参照评分人": "Reference evaluator",
    "结束": "Closed",
    "还没有校准。": "No calibration yet.",
    "发起校准": "Open a calibration",
    "联络编号": "Contact no.",
    "评分人 (账号，逗号分隔)": "Scorers (accounts, comma-separated)",
    "参照评分人 (账号)": "Reference evaluator (account)",
    "已评分": "Scored",
    "偏差": "Deviation",
    "容差": "Tolerance",
    "与参照的偏差": "From the reference",
    "参照": "reference",
    "超出容差": "beyond tolerance",
    "我的盲评": "My blind scoring",
    "校准结束前看不到其他人的评分。": "Others' marks stay hidden until the session closes.",
    "保存我的评分": "Save my scoring",
    "结束校准并显示偏差": "Close and show the deviations",
    "每位评分人每月与参照评分人的平均绝对偏差 (按校准结束的月份)；超出政策容差的标出。": (
        "Each evaluator's mean absolute deviation from the reference per month (the month a "
        "session closed); beyond the policy's tolerance is flagged."
    ),
    "校准次数": "Sessions",
    "平均绝对偏差": "Mean absolute deviation",
    "还没有已结束的校准。": "No calibration has closed yet.",
    # outcomes
    "联络已登记。": "Contact added.",
    "已保存。": "Saved.",
    "已提交给客服代表确认。": "Sent to the agent.",
    "已确认，评分生效。": "Acknowledged: the score is final.",
    "申诉已提交，将由第二位复核人处理。": "Dispute filed: a second reviewer will decide it.",
    "复核已完成，评分生效。": "Reviewed: the score is final.",
    "校准已开始。": "Calibration opened.",
    "校准已结束。": "Calibration closed.",
    "申诉原因": "Reason for the dispute",
    "对评分提出申诉": "Dispute",
    "终审监控评分": "Final evaluations",
    "评分平均": "Their mean",
    "申诉未结": "Disputes open",
    "通话评估成绩为导入值；本月终审监控评分够政策要求的次数时，结算改用评分的汇总 (R-QA-1)。": "The call-quality score is the imported one; when the month has as many final evaluations as the policy asks, the close uses their aggregate instead (R-QA-1).",
}
