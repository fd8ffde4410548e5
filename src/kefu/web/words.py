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
    "上传 Excel 工作簿(按工作表名称识别:员工、月度成绩、考勤汇总、奖项依据、业绩指标)，或某一类数据的 CSV 文件。先预览，确认后才写入；有任何错误则一行也不写入。": (
        "Upload an Excel workbook (sheets are recognised by name: 员工, 月度成绩, 考勤汇总, "
        "奖项依据, 业绩指标) or a CSV file of one kind. You see a preview first; nothing is written "
        "until you confirm, and nothing at all if any row is wrong."
    ),
    "文件": "File",
    "CSV 文件的数据类型": "Kind of data in a CSV file",
    "工作簿(按工作表名称)": "Workbook (by sheet names)",
    "员工": "Roster",
    "月度成绩": "Monthly scores",
    "考勤汇总": "Attendance",
    "奖项依据": "Award evidence",
    "业绩指标": "Performance indicators",
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
    "另有 {n} 条问题未列出": "{n} more problems not listed",
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
    "正常": "Active",
    "启用": "On",
    "停用": "Off",
    "新密码(可空)": "New password (optional)",
    "保存": "Save",
    "新增用户": "Add a user",
    "工号(客服代表、业务组长、QA 必填)": "Employee no. (required for agents, team leaders and QA)",
    "初始密码(至少 8 个字符)": "Initial password (at least 8 characters)",
    # shifts, attendance, leave, hours and comp time, the calendar (排班、考勤、请假、工时、日历)
    "排班": "Shifts",
    "请假": "Leave",
    "薪资": "Pay",
    "日历": "Calendar",
    "我的薪资": "My pay",
    "考勤": "Attendance",
    "考勤周期 {start} 至 {end} (R-BON-5)": "Attendance cycle {start} to {end} (R-BON-5)",
    "班次": "Shift",
    "名称": "Name",
    "在岗工时": "Hours on site",
    "计算工时": "Counted hours",
    "夜班": "Night shift",
    "次日": "next day",
    "休": "Off",
    "休息日(不排班)": "Rest day (no shift)",
    "法": "S",
    "假": "H",
    "班": "W",
    "列头: 灰色为周末，红色为放假(法 = 法定节假日，假 = 其他放假日)，黄色为调休上班日 (R-SHF-1, R-HRS-1)。": (
        "Column heads: grey is a weekend, red a holiday (S = statutory holiday, H = other day "
        "off), yellow a weekend working day (调休) (R-SHF-1, R-HRS-1)."
    ),
    "保存排班": "Save the roster",
    "已保存 {n} 个排班格子。": "Saved {n} roster cells.",
    "没有修改任何排班格子。": "No roster cell was changed.",
    "排班未保存，共 {n} 处错误:": "The roster was not saved; {n} problems:",
    "没有可显示的人员。": "Nobody to show.",
    "标准工时": "Standard hours",
    "周期合计": "Cycle totals",
    "每日考勤": "Day by day",
    "日期": "Date",
    "星期": "Day",
    "迟到(分钟)": "Late (min)",
    "早退(分钟)": "Left early (min)",
    "请假/缺勤(天)": "Leave/absence (days)",
    "计入本周期": "In this cycle",
    "国定假日工时": "Statutory holiday hours",
    "上周期的夜班": "Night shift of the previous cycle",
    "周期说明": "Notes on the cycle",
    "{no} 在 {month} 考勤周期没有排班。": "{no} has no shifts in the {month} cycle.",
    "出勤": "Worked",
    "换休": "Comp time off",
    "缺勤": "Absent",
    "事假": "Personal leave",
    "病假": "Sick leave",
    "缺勤天数": "Absence days",
    "事假天数": "Personal leave days",
    "病假天数": "Sick leave days",
    "旷工天数": "Unapproved absence days",
    "迟到次数": "Late arrivals",
    "早退次数": "Early departures",
    "主动换班次数": "Voluntary shift swaps",
    "夜班次数": "Night shifts",
    "出勤班次": "Shifts worked",
    "换休工时": "Comp time off (hours)",
    "工时与换休": "Hours and comp time",
    "截至 {month} 考勤周期 (R-HRS-1, R-HRS-2)": "Through the {month} cycle (R-HRS-1, R-HRS-2)",
    "{no} 截至 {month} 没有排班记录，没有工时台账。": (
        "{no} has no shifts through {month}, so there is no hours ledger."
    ),
    "换休余额(小时)": "Comp time (hours)",
    "待补工时(小时)": "Hours to make up",
    "工时台账": "Hours ledger",
    "工时不满者隔月补满；超出工时则给予相同的换休时间 (R-HRS-1)。": (
        "Hours short of the standard are made up the next cycle; hours above it become comp "
        "time of the same length (R-HRS-1)."
    ),
    "周期": "Cycle",
    "上期待补": "Carried in",
    "换休使用": "Comp time used",
    "超出(存入换休)": "Surplus (banked)",
    "不足": "Shortfall",
    "换休抵扣": "Offset from comp time",
    "转下期待补": "Carried out",
    "换休批次": "Comp-time lots",
    "获得日": "Earned on",
    "到期日": "Expires on",
    "获得(小时)": "Earned (hours)",
    "剩余(小时)": "Left (hours)",
    "下个考勤周期结束前到期，请尽快换休": "Expires before the next cycle ends: take it soon",
    "没有剩余的换休。": "No comp time left.",
    "换休台账": "Comp-time ledger",
    "换休按批次先到期先用，过期作废；不足工时与换休可相抵扣 (R-HRS-2)。": (
        "Comp time is used soonest-expiring lot first and lapses when it expires; a shortfall "
        "and banked comp time offset each other (R-HRS-2)."
    ),
    "小时": "Hours",
    "来源(获得日)": "Lot (earned on)",
    "余额": "Balance",
    "规则": "Rule",
    "获得": "Earned",
    "使用": "Used",
    "抵扣不足工时": "Offset a shortfall",
    "过期": "Expired",
    "还没有换休记录。": "No comp-time entries yet.",
    "请假与换休": "Leave and comp time",
    "申请已提交，等待审批。": "Request filed; waiting for approval.",
    "申请已撤回。": "Request withdrawn.",
    "已批准。": "Approved.",
    "已驳回。": "Refused.",
    "申请未提交:": "The request was not filed:",
    "提交申请": "File a request",
    "开始日期": "First day",
    "结束日期": "Last day",
    "事由": "Reason",
    "类型": "Kind",
    "换休须至少提前 {n} 天申请，批准后方可执行；未经批准擅自休假论旷工 (R-HRS-2)。": (
        "Comp time off must be asked for at least {n} days ahead and taken only once approved; "
        "leave taken without approval is unapproved absence (R-HRS-2)."
    ),
    "今天是 {day}。": "Today is {day}.",
    "我的申请": "My requests",
    "编号": "No.",
    "天数": "Days",
    "审批": "Decision",
    "撤回": "Withdraw",
    "还没有申请。": "No requests yet.",
    "您的账号没有关联工号，不能提交请假或换休申请。": (
        "Your account is not linked to an employee number, so it cannot file requests."
    ),
    "待审批": "Pending",
    "已批准": "Approved",
    "已驳回": "Refused",
    "已撤回": "Withdrawn",
    "审批意见(可空)": "Note (optional)",
    "批准": "Approve",
    "驳回": "Refuse",
    "没有待审批的申请。": "No request is waiting for a decision.",
    "工作日历": "Working-day calendar",
    "工作日 (天)": "Working days",
    "标准工时 (小时)": "Standard hours",
    "{days} 天 × {hours} 小时 (R-HRS-1)": "{days} days × {hours} hours (R-HRS-1)",
    "标准工时无法计算:": "The standard hours cannot be computed:",
    "法定": "statutory",
    "调休上班": "Weekend working day (调休)",
    "放假": "Days off",
    "节日": "Holiday",
    "法定节假日": "Statutory holiday",
    "法定节假日上班按政策的倍数计发工资 (R-PAY-2)。": (
        "Work on a statutory holiday is paid at the policy's multiplier (R-PAY-2)."
    ),
    "本月没有放假日。": "No days off this month.",
    "补哪个节日": "Makes up for",
    "本月没有调休上班日。": "No weekend working days this month.",
    "来源": "Source",
    # pay (薪资)
    "薪资结算冻结当月的输入(月度奖金结算、排班与考勤、工时与换休台账)、政策版本与结果；更正后再次结算会生成新修订并列出变化 (R-PAY-1..3, R-AUD-1)。": (
        "Closing pay freezes the month's inputs (the bonus close, shifts and attendance, the "
        "hours and comp-time ledgers), the policy version and the results; closing again after "
        "corrections makes a new revision listing what changed (R-PAY-1..3, R-AUD-1)."
    ),
    "结算薪资": "Close pay",
    "月度奖金结算": "Bonus close",
    "应发合计": "Gross pay",
    "扣款合计": "Deductions",
    "实发合计": "Net pay",
    "实发工资": "Net pay",
    "还没有已结算的月度奖金:请先结算月度奖金，再结算薪资 (R-PAY-1)。": (
        "No month's bonus is closed yet: close the monthly bonus first, then pay (R-PAY-1)."
    ),
    "薪资结算": "Pay close",
    "结果相同。": "The results are the same.",
    "查看工资表": "See the pay sheet",
    "返回薪资": "Back to pay",
    "还没有已结算的薪资。": "No pay has been closed yet.",
    "{month} 工资表": "Pay sheet {month}",
    "下载工资表 (.xlsx)": "Download the pay sheet (.xlsx)",
    "当月薪资 = 基本工资 + 星级工资 + 奖金(月奖及表现优异奖) + 津贴 − 扣款 (R-PAY-1)；扣款列为正数。": (
        "Pay = base + star wage + bonus (monthly and awards) + allowances − deductions "
        "(R-PAY-1); deductions are shown as positive amounts."
    ),
    "工资说明": "Pay explained",
    "各月薪资": "Pay by month",
    "{month} 工资": "Pay {month}",
    "工资项目": "Pay lines",
    "绩效结算": "Results and pay",
    "排班考勤": "Shifts",
    "人员发展": "People",
    "服务质量": "Service quality",
    "现场管理": "Floor",
    "系统": "System",
    # signing in safely, one's own password
    "用户名或密码错误，或尝试过于频繁，请稍后再试": (
        "Wrong username or password, or too many attempts; please try again later"
    ),
    "账号已停用，请联系管理员": "This account is switched off; please ask an administrator",
    "此页面不是 HTTPS 连接：浏览器不会保存登录凭据(Cookie)，登录后会回到本页。请用 https:// 地址访问(在服务器前配置 TLS 反向代理)，或在服务器本机用 http://localhost 访问。": (
        "This page did not come over HTTPS: the browser will not keep the sign-in cookie, so "
        "signing in brings you back here. Use the https:// address (a TLS reverse proxy in front "
        "of the server), or http://localhost on the server itself."
    ),
    "修改密码": "Change password",
    "当前密码": "Current password",
    "新密码": "New password",
    "再输入一次新密码": "New password again",
    "密码已修改。其他设备上的登录和您的 API 令牌都已失效。": (
        "Password changed. Your sign-ins on other devices and your API tokens have ended."
    ),
    "新密码至少 8 个字符，不能是常见密码、连续或重复的字符，也不能包含您的用户名、工号或姓名。修改后，其他设备上的登录和您的 API 令牌都会失效。": (
        "At least 8 characters; not a common password, not a run or repeat of characters, and "
        "not containing your username, staff number or name. Changing it ends your sign-ins on "
        "other devices and your API tokens."
    ),
    "当前密码不正确，或尝试过于频繁，请稍后再试": (
        "The current password is wrong, or too many attempts; please try again later"
    ),
    "两次输入的新密码不一致": "The two new passwords differ",
    "新密码不能与当前密码相同": "The new password must differ from the current one",
    "这是常见密码，很容易被猜中，请换一个": "This is a common password, easy to guess; choose another",
    "密码不能全是同一个字符": "A password cannot be one character repeated",
    "密码不能包含用户名": "A password cannot contain the username",
    "密码不能包含工号": "A password cannot contain the staff number",
    "密码不能包含姓名": "A password cannot contain the name",
    "密码不能是连续的字母或数字(如 12345678、abcdefgh)": (
        "A password cannot be a run of letters or digits (like 12345678, abcdefgh)"
    ),
    "密码不能是键盘上相邻的一串键(如 qwertyui、asdfghjk)": (
        "A password cannot be a run of neighbouring keys (like qwertyui, asdfghjk)"
    ),
    "密码不能是一小段字符的重复(如 abcabcabc)": (
        "A password cannot be a short piece repeated (like abcabcabc)"
    ),
    "密码首尾不能是空格": "A password cannot begin or end with a space",
    "登录受限至 {at}": "Sign-in slowed down until {at}",
    "解除登录限制": "Lift sign-in limit",
}
