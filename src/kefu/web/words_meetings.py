"""English for the meetings and handover pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # menu and pages
    "会议": "Meetings",
    "新建会议": "New meeting",
    "会议检查": "Meeting check",
    "跟进事项": "Follow-ups",
    "交接班": "Handover",
    "交接班记录": "Shift handovers",
    # the meetings list
    "班前会、班后会、工作例会和部门工作例会的记录: 主持人、参会人员、议题、会议纪要和跟进事项 (R-MTG-1)。": (
        "Pre-shift, post-shift, weekly and monthly department meetings: chair, attendees, "
        "topics, minutes and follow-ups (R-MTG-1)."
    ),
    "会议类型": "Kind",
    "全部": "All",
    "月份": "Month",
    "班组": "Team",
    "部门": "Department",
    "筛选": "Filter",
    "编号": "No.",
    "日期": "Date",
    "时间": "Time",
    "主持人": "Chair",
    "议题": "Topics",
    "全中心": "Whole center",
    "没有符合条件的会议。": "No meetings match.",
    # one meeting
    "班次": "Shift",
    "记录人": "Recorded by",
    "未记录议题。": "No topics recorded.",
    "会议纪要": "Minutes",
    "未记录会议纪要。": "No minutes recorded.",
    "参会人员": "Attendees",
    "姓名": "Name",
    "出席情况": "Attendance",
    "修改": "Change",
    "保存": "Save",
    "未记录参会人员。": "No attendees recorded.",
    "补充参会人员(工号)": "Add an attendee (staff no.)",
    "添加": "Add",
    "负责人": "Owner",
    "期限": "Due",
    "说明": "Explanation",
    "逾期": "overdue",
    "完成日期": "Date done",
    "完成说明": "Note on completion",
    "标记完成": "Mark done",
    "没有跟进事项。": "No follow-ups.",
    "负责人工号": "Owner (staff no.)",
    "期限(留空按政策的默认天数)": "Due date (empty: the policy's default days)",
    "添加跟进事项": "Add follow-up",
    "会议已记录。": "The meeting is recorded.",
    "出席情况已更新。": "Attendance updated.",
    "跟进事项已添加。": "Follow-up added.",
    "跟进事项已标记完成。": "Follow-up marked done.",
    # new meeting
    "班前会不填开始时间时，按班次上班时间减去政策规定的提前分钟数推算；班后会按班次下班时间 (R-MTG-1)。": (
        "Without a start time, a pre-shift meeting starts the policy's minutes before its "
        "shift, a post-shift meeting when its shift ends (R-MTG-1)."
    ),
    "参加人员": "Who takes part",
    "会议日期": "Meeting date",
    "班次(班前会、班后会)": "Shift (pre- and post-shift meetings)",
    "开始时间(HH:MM，班前会、班后会可留空)": "Start (HH:MM; may be empty for shift meetings)",
    "结束时间(HH:MM，选填)": "End (HH:MM, optional)",
    "部门(留空为全中心)": "Department (empty: the whole center)",
    "班组(选填)": "Team (optional)",
    "主持人工号": "Chair (staff no.)",
    "议题(每行一条)": "Topics (one a line)",
    "参会人员(每行「工号」或「工号 缺席」「工号 请假」)": (
        "Attendees (one a line: “staff no.”, or “staff no. 缺席” absent, “staff no. 请假” excused)"
    ),
    "跟进事项(每行「事项 | 负责人工号 | 期限(选填)」)": (
        "Follow-ups (one a line: “what | owner staff no. | due date (optional)”)"
    ),
    "保存会议": "Save meeting",
    # follow-ups due
    "未完成的跟进事项，按期限排列；截至 {day} 已过期限的标为逾期 (R-MTG-1)。": (
        "Open follow-ups by due date; those past due on {day} are marked overdue (R-MTG-1)."
    ),
    "期限在几天之内(留空为全部)": "Due within days (empty: all)",
    "没有未完成的跟进事项。": "No open follow-ups.",
    # the schedule check
    "每个班组在有人上班的每一天应召开班前会和班后会；每周在政策规定的日子召开工作例会；每月在政策规定的日期前召开部门工作例会 (R-MTG-1)。": (
        "Each team holds a pre-shift and a post-shift meeting on every day its people work; "
        "the weekly meeting is held on the policy's weekday; the monthly department meeting by "
        "the policy's day (R-MTG-1)."
    ),
    "检查": "Check",
    "范围": "Scope",
    "应开": "Expected",
    "已召开": "Held",
    "非规定日": "Another day",
    "逾期召开": "Late",
    "未召开": "Missing",
    "未召开或逾期的会议": "Missing or late meetings",
    "应召开日期": "Due on",
    "应召开的会议都已召开。": "Every expected meeting was held.",
    "出勤率": "Attendance rate",
    "出席": "Present",
    "缺席": "Absent",
    "这段时间没有会议出席记录。": "No meeting attendance in this period.",
    # handover
    "组长交班时写明待跟进的问题和来电，接班组长阅读后确认 (R-MTG-1)。": (
        "A leader handing over writes down the open issues and calls to follow; the receiving "
        "leader reads and acknowledges them (R-MTG-1)."
    ),
    "全部记录": "All",
    "待确认": "Awaiting acknowledgement",
    "交班人": "Handed over by",
    "接班": "To",
    "下一班 {shift}": "Next shift {shift}",
    "待跟进事项": "Open items",
    "交接说明": "Notes",
    "确认": "Acknowledged",
    "已确认": "Acknowledged",
    "已阅读待跟进事项": "I have read the open items",
    "确认说明(选填)": "Note (optional)",
    "确认接班": "Acknowledge",
    "没有交接班记录。": "No handovers.",
    "填写交接班记录": "Write a handover",
    "班次日期": "Shift date",
    "交班班次": "Shift handed over",
    "接班人工号(或填接班班次)": "Receiving leader (staff no.; or give the next shift)",
    "接班班次": "Next shift",
    "待跟进的问题和来电(每行一条)": "Open issues and calls to follow (one a line)",
    "交班人工号(代组长填写)": "Handed over by (staff no.; writing for a leader)",
    "保存交接班记录": "Save handover",
    "交接班记录已保存。": "The handover is saved.",
    "已确认接班。": "Handover acknowledged.",
}
