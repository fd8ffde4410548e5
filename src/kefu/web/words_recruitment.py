"""English for the recruitment pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # the candidates
    "招聘": "Recruitment",
    "应聘者": "Candidate",
    "应聘者依次经过报名、初试(上机测试、朗读测试)、复试(面试)进入培训；每一关的测试全部录入并达到"
    "政策的及格线才能进入下一关，进入培训即录用入职(试用) (R-REC-1)。": (
        "Candidates go from application through the first test (computer and reading-aloud "
        "tests) and the second test (interview) into training; each stage's tests must all be "
        "recorded and reach the policy's pass marks before the next, and the move into training "
        "hires the candidate (on probation) (R-REC-1)."
    ),
    "招聘阶段": "Recruitment stages",
    "阶段": "Stage",
    "姓名、联系方式或工号": "Name, contact or staff number",
    "联系方式": "Contact",
    "报名日期": "Applied on",
    "应聘岗位": "Position",
    "进入本阶段": "At this stage since",
    "没有符合条件的应聘者。": "No candidate matches.",
    "登记应聘者": "Add a candidate",
    "来源(如 社会招聘、校园招聘、内部推荐)": "Source (e.g. open hiring, campus, referral)",
    "备注": "Notes",
    # one candidate
    "应聘者已登记。": "The candidate is recorded.",
    "测试成绩已保存。": "The test results are saved.",
    "面试评分已保存。": "The interview scores are saved.",
    "阶段已变更。": "The stage is changed.",
    "自 {day}": "since {day}",
    "培训开始": "Training starts",
    "培训班": "Cohort",
    "测试与成绩": "Tests and results",
    "已通过": "passed",
    "未通过": "not passed",
    "测试": "Test",
    "成绩": "Result",
    "及格线": "Pass mark",
    "未录入": "not recorded",
    "及格线未设置": "pass mark open",
    "面试评分表": "Interview sheets",
    "面试官": "Interviewer",
    "录入初试成绩": "Record first-test results",
    "只填本次测得的项目；重测时再录一次，以最新的成绩为准。": (
        "Fill in only what was tested now; a retest is recorded again and the newest result counts."
    ),
    "测试日期": "Test day",
    "录入面试评分": "Record an interview sheet",
    "每位面试官一份评分表，每项 0–100 分；同一面试官再次录入即替换其原评分。面试成绩 = "
    "各考察内容在面试官之间的平均分再取平均。": (
        "One sheet per interviewer, each dimension 0–100; the same interviewer's new sheet "
        "replaces the earlier one. Interview score = the mean over the dimensions of each "
        "dimension's mean over the interviewers."
    ),
    "变更阶段": "Change the stage",
    "进入培训即录用入职:在员工名册中新增一名客服代表，状态为试用，入职日期为培训开始日期。": (
        "Moving into training hires: a new customer-service agent in the register, on "
        "probation, hired on the training's first day."
    ),
    "工号(由人事分配)": "Staff number (given by HR)",
    "组别(可空)": "Team (optional)",
    "培训开始日期": "Training starts on",
    "培训班编号(可空)": "Cohort number (optional)",
    "备注(可空)": "Note (optional)",
    "进入「{stage}」": "Move to {stage}",
    "未录用或放弃": "Not hired or withdrew",
    "原因(必填)": "Reason (required)",
    "未录用": "Not hired",
    "放弃": "Withdrew",
    "阶段记录": "Stage history",
    "全部成绩记录": "Every result recorded",
    "考察内容": "Dimension",
    "录入人": "Recorded by",
    # importing results
    "导入招聘测试成绩": "Import recruitment test results",
    "从 Excel 工作表「招聘测试」导入初试成绩和面试评分:全部写入或一行也不写入。": (
        "Import first-test results and interview sheets from the Excel sheet 招聘测试: every "
        "row is written, or none."
    ),
    "下载模板": "Download the template",
    "导入失败，共 {n} 处错误，未写入任何数据。": "Import refused: {n} problem(s), nothing written.",
    "已导入 {rows} 行、{results} 项成绩，涉及 {n} 名应聘者。": (
        "Imported {rows} row(s), {results} result(s) of {n} candidate(s)."
    ),
    # reserve staffing
    "人员储备": "Reserve staffing",
    "按座席总数的政策比例储备人员(向上取整)；储备人员为新员工培训学员和经招聘进入培训、当日仍在试用期的人员 "
    "(R-REC-1)。": (
        "Keep the policy's share of the seat count in reserve (rounded up); the reserve is the "
        "trainees and people recruited into training who are still on probation that day (R-REC-1)."
    ),
    "座席总数": "Seats",
    "政策设定": "set by the policy",
    "名册中在职的客服代表": "customer-service agents employed in the register",
    "储备比例": "Reserve share",
    "储备目标": "Reserve target",
    "现有储备": "Current reserve",
    "缺口": "Gap",
    "已达到目标": "target met",
    "超出 {n} 人": "{n} above the target",
    "储备人员": "The reserve",
}
