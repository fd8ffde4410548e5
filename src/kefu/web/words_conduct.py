"""English for the conduct pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    "扣分": "Conduct points",
    "扣分记录": "Conduct points",
    "扣分标准": "Conduct rules",
    "扣分事件": "Conduct events",
    "扣分事件 #{id}": "Conduct event #{id}",
    "记录扣分": "Record conduct points",
    "更正扣分事件 #{id}": "Correct conduct event #{id}",
    "扣 {n} 分": "{n} points",
    "事件": "Events",
    "事件经过": "What happened",
    "代码": "Code",
    "行为": "Conduct",
    "每人": "each person",
    "每人扣分": "Each person",
    "证据": "Evidence",
    "附件": "Attachment",
    "附件名称或编号(可选)": "Attachment name or reference (optional)",
    "工号(多人用逗号分隔)": "Employee no. (several: separate with commas)",
    "记录": "Record",
    "计入": "Counted",
    "已记录": "Recorded",
    "已提交申诉": "Objection filed",
    "申诉已答复": "Objection answered",
    "待答复的申诉": "Objections waiting for an answer",
    "申诉于 {day}": "objected on {day}",
    "申诉中": "Under objection",
    "申诉期": "Objection window",
    "等待答复": "Waiting for an answer",
    "答复内容": "Reply",
    "提交答复": "Send the answer",
    "维持扣分": "Uphold the points",
    "减少扣分为": "Reduce the points to",
    "撤销扣分": "Cancel the points",
    "被扣分人员": "People charged",
    "撤销或更正": "Withdraw or correct",
    "更正": "Correct",
    "更正了": "Corrects",
    "更正为": "Corrected by",
    "更正原因": "Reason for the correction",
    "政策 {policy}": "Policy {policy}",
    "扣分合计": "Points",
    "导入的综合工作表现": "Imported overall conduct",
    "扣分后的综合工作表现": "Overall conduct after points",
    "每月扣分与综合工作表现": "Points and overall conduct by month",
    "扣分与综合工作表现": "Points and overall conduct",
    "没有扣分记录。": "No conduct points.",
    "扣分事件不能直接修改：撤销时写明原因，记录保留；更正即记录一个新事件并撤销本事件。": (
        "A conduct event is never edited: withdrawing it needs a reason and keeps it on record; "
        "a correction records a new event and withdraws this one."
    ),
    "扣分须在扣分标准的范围内；每人扣分的规则可一次记录多人，各扣全额；其他规则一次记录一人。": (
        "Points must lie within the rule's range. An each-person rule may charge several people "
        "at once, each the full points; any other rule charges one person."
    ),
    "组长按扣分标准记录扣分事件；被扣分的本人可在规定的工作日内申诉，由记录人以外的组长、人事或经理答复。每月扣分按政策扣减综合工作表现 (R-DIS-1, R-PUB-1)。": (
        "Team leaders record conduct events by the conduct rules; the person charged may object "
        "within the policy's working days, and a leader other than the recorder, HR or a manager "
        "answers. Each month's points reduce overall conduct by the policy (R-DIS-1, R-PUB-1)."
    ),
    "综合工作表现 = 基准 {base} − 当月扣分 × {per}(不用导入值)，不低于 {floor}、不高于 100。": (
        "Overall conduct = the base {base} − the month's points × {per} (the imported value is "
        "not used), never below {floor} nor above 100."
    ),
    "综合工作表现 = 导入值(未导入时取基准 {base}) − 当月扣分 × {per}，不低于 {floor}、不高于 100。": (
        "Overall conduct = the imported value (the base {base} when none) − the month's points "
        "× {per}, never below {floor} nor above 100."
    ),
    "被扣分的本人可在记录之日起 {n} 个工作日内申诉。": (
        "The person charged may object within {n} working days of the recording."
    ),
    "申诉期未设置 (conduct.objection_working_days)：暂不受理申诉。": (
        "No objection window is set (conduct.objection_working_days): objections are not taken."
    ),
}
