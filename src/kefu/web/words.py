"""English for the pages of sign-in, the dashboard, people, import, close, policy, what-if,
audit and users (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # layout and sign-in
    "kefu 客服绩效：每个数字都可解释，每次变更都有记录。": (
        "kefu call-center performance: every figure explains itself, every change is recorded."
    ),
    "退出登录": "Sign out",
    "登录": "Sign in",
    "用户名": "Username",
    "密码": "Password",
    "登录表单已过期，请重试": "The sign-in form expired; please try again",
    "演示中心的账号(每个角色一个):": "Accounts of the demo center (one per role):",
    "演示账号仅用于体验；正式使用请用 kefu user add 创建账号。": (
        "Demo accounts are for trying kefu out; create real accounts with kefu user add."
    ),
    "还没有任何账号。": "There are no accounts yet.",
    "在服务器上创建第一个管理员账号:": "Create the first administrator on the server:",
    "或者载入演示中心(含每个角色的演示账号):": (
        "Or load the demo center (with a demo account for each role):"
    ),
    "角色": "Role",
    # menu
    "我的成绩": "My results",
    "概览": "Dashboard",
    "结算结果": "Results",
    "员工名册": "Roster",
    "监控成绩": "Monitoring",
    "导入": "Import",
    "结算": "Close",
    "政策": "Policy",
    "假设测算": "What-if",
    "审计日志": "Audit log",
    "用户管理": "Users",
    "已结算期间": "Closed periods",
    # access and job roles, statuses (shown through t(name))
    "客服代表": "Agent",
    "QA": "QA",
    "业务组长": "Team leader",
    "客服主管": "Supervisor",
    "客服经理": "Manager",
    "试用": "Probation",
    "正式": "Regular",
    "待岗": "Standby",
    "离职通知期": "Notice period",
    "离职": "Left",
    # dashboard
    "月份": "Month",
    "临界分差": "Boundary margin",
    "其中客服代表 {n} 人": "{n} of them agents",
    "发放合计": "Total paid",
    "较上月": "vs last month",
    "上月": "last month",
    "上月未结算": "Last month is not closed",
    "临界人数": "Near a boundary",
    "距上一档 ≤ {m} 分": "At most {m} below the next tier",
    "较上月 {diff}（上月 {last}）": "{diff} on last month ({last})",
    "{delta}（现行 {old}）": "{delta} (now {old})",
    "得分分布(客服代表)": "Score distribution (agents)",
    "各档位人数": "People per tier",
    "分数段": "Score range",
    "接近上一档的人员": "People near the next tier",
    "班组": "Team",
    "上一档": "Next tier",
    "差": "Gap",
    "没有接近上一档的人员。": "Nobody is near the next tier.",
    "无档位": "No tier",
    "还没有已结算的月份。": "No month has been closed yet.",
    "先导入数据并结算一个月；想先看看效果，可以载入演示中心:": (
        "Import data and close a month first; to look around, load the demo center:"
    ),
    # month table
    "排序": "Sort",
    "每页": "Per page",
    "先选部门，或输入班组": "Choose a department, or type a team",
    "第 {page} / {pages} 页": "Page {page} of {pages}",
    "筛选结果合计（{n} 人）": "Total of the filtered people ({n})",
    "默认(组别、排名)": "Default (group, rank)",
    "排名": "Rank",
    # person
    "个人页面": "Person",
    "岗位": "Role",
    "职级": "Level",
    "状态": "Status",
    "入职日期": "Hired on",
    "转正日期": "Converted on",
    "趋势": "Trends",
    "各月结果": "Month by month",
    "说明": "Explanation",
    "为什么?": "Why?",
    "登记册历史": "Register history",
    "生效日期": "Effective on",
    "离职日期": "Left on",
    "离职原因": "Leave reason",
    "记录人": "Recorded by",
    # awards, monitoring
    "金额": "Amount",
    "本月没有获奖人员。": "Nobody won an award this month.",
    "通话评估成绩": "Call quality",
    "工作评估成绩": "Work ability",
    "综合工作表现": "Overall conduct",
    "本月没有监控成绩。": "No monitoring scores this month.",
    # import
    "上传 Excel 工作簿(按工作表名称识别:员工、月度成绩、考勤汇总、奖项依据)，或某一类数据的 CSV 文件。先预览，确认后才写入；有任何错误则一行也不写入。": (
        "Upload an Excel workbook (sheets are recognised by name: 员工, 月度成绩, 考勤汇总, "
        "奖项依据) or a CSV file of one kind. You see a preview first; nothing is written "
        "until you confirm, and nothing at all if any row is wrong."
    ),
    "文件": "File",
    "CSV 文件的数据类型": "Kind of data in a CSV file",
    "工作簿(按工作表名称)": "Workbook (by sheet names)",
    "员工": "Roster",
    "月度成绩": "Monthly scores",
    "考勤汇总": "Attendance",
    "奖项依据": "Award evidence",
    "更正已结算月份的数据(之后需重新结算生成新修订)": (
        "Correct data of a closed month (then close it again for a new revision)"
    ),
    "预览": "Preview",
    "您可以导入:": "You may import:",
    "空白模板:kefu template all -o 导入模板.xlsx": "Blank templates: kefu template all -o templates.xlsx",
    "导入预览": "Import preview",
    "发现 {n} 个问题，未写入任何数据。请修改文件后重新上传。": (
        "Found {n} problems; nothing was written. Fix the file and upload it again."
    ),
    "工作表": "Sheet",
    "行": "Row",
    "列": "Column",
    "值": "Value",
    "重新上传": "Upload again",
    "检查通过:共 {n} 行，尚未写入。确认后一次性写入。": (
        "All {n} rows passed the checks and nothing is written yet. Confirm to write them at once."
    ),
    "数据": "Data",
    "新增": "Added",
    "更新": "Updated",
    "不变": "Unchanged",
    "将更正已结算的期间:": "This corrects closed periods:",
    "写入后请重新结算以生成新修订 (R-AUD-1)。": (
        "Close them again afterwards to make a new revision (R-AUD-1)."
    ),
    "确认导入": "Confirm the import",
    "取消": "Cancel",
    "共 {n} 行，显示前 {m} 行": "{n} rows, first {m} shown",
    "导入完成": "Import done",
    "已导入 {n} 行 · {source}": "Imported {n} rows · {source}",
    "已更正已结算的期间:": "Corrected closed periods:",
    "请重新结算以生成新修订 (R-AUD-1)。": "Close them again to make a new revision (R-AUD-1).",
    "继续导入": "Import more",
    "去结算": "Go to closing",
    # close
    "结算会冻结当期的输入、政策版本与结果；更正数据后再次结算会生成新修订并列出变化 (R-AUD-1)。": (
        "Closing freezes the period's inputs, policy version and results; closing again after "
        "corrections makes a new revision listing what changed (R-AUD-1)."
    ),
    "月度": "Months",
    "已结算": "Closed",
    "未结算": "Open",
    "重新结算": "Close again",
    "还没有导入任何月度成绩。": "No monthly scores have been imported yet.",
    "季度星级": "Quarter stars",
    "季度": "Quarter",
    "已结算:修订 {revision}，{people} 人，政策 {policy}": (
        "Closed: revision {revision}, {people} people, policy {policy}"
    ),
    "输入与政策均无变化，仍为修订 {revision}。": (
        "Inputs and policy are unchanged; still revision {revision}."
    ),
    "与修订 {r} 相比的变化": "Changes since revision {r}",
    "类别": "Kind",
    "项目": "Item",
    "原值": "Old",
    "新值": "New",
    "修改人": "Changed by",
    "输入": "Input",
    "(空)": "(empty)",
    "查看结果": "See the results",
    "返回结算": "Back to closing",
    # policy
    "{month} 生效的政策:{label}，自 {start} 起": "Policy in force in {month}: {label}, since {start}",
    "{month} 没有生效的政策。": "No policy is in force in {month}.",
    "启用记录": "Adoptions",
    "自月份起": "From month",
    "版本": "Version",
    "启用人": "Adopted by",
    "启用时间": "Adopted at",
    "尚未启用任何政策。": "No policy has been adopted yet.",
    "启用政策": "Adopt a policy",
    "预置政策": "Preset",
    "或上传政策文件 (YAML)": "Or upload a policy file (YAML)",
    "校验并启用": "Check and adopt",
    # what-if
    "修改草案中的权重、档位下限、名次比例或金额，用已结算月份的冻结数据测算谁会得到或失去多少、总成本如何变化。测算不写入任何数据。": (
        "Edit weights, tier floors, quotas or amounts in a draft and see, on a closed month's "
        "frozen inputs, who would gain or lose how much and how the total cost changes. "
        "Nothing is written."
    ),
    "已结算月份": "Closed month",
    "选择": "Choose",
    "对照政策:{label}": "Compared with: {label}",
    "现行": "Current",
    "草案": "Draft",
    "测算": "Run",
    "自月份起启用": "Adopt from month",
    "启用此草案": "Adopt this draft",
    "测算结果 · {month}": "What-if result · {month}",
    "总成本": "Total cost",
    "增加 / 减少 / 不变": "Gain / lose / unchanged",
    "注意:草案修改了本月测算不读取的部分:": (
        "Note: the draft changes parts a month's figures do not read:"
    ),
    "注意:按现行政策重算与冻结结果不一致。": (
        "Note: recomputing with the current policy does not reproduce the frozen results."
    ),
    "变化": "Change",
    "草案不改变任何人的结果。": "The draft changes nobody's result.",
    # audit
    "只增不改:数据库拒绝修改或删除日志记录。": (
        "Append-only: the database refuses to change or delete log entries."
    ),
    "操作": "Action",
    "操作人": "By",
    "共 {n} 条": "{n} entries",
    "时间": "Time",
    "对象": "Target",
    "详情": "Detail",
    "上一页": "Previous",
    "下一页": "Next",
    # users
    "已保存。": "Saved.",
    "修改": "Change",
    "已停用": "Switched off",
    "锁定至 {at}": "Locked until {at}",
    "正常": "Active",
    "启用": "On",
    "停用": "Off",
    "新密码(可空)": "New password (optional)",
    "解锁": "Unlock",
    "保存": "Save",
    "新增用户": "Add a user",
    "工号(客服代表、业务组长、QA 必填)": "Employee no. (required for agents, team leaders and QA)",
    "初始密码(至少 8 个字符)": "Initial password (at least 8 characters)",
}
