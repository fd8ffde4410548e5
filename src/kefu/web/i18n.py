"""Words of the web pages: Chinese is the source text, English a dict lookup (界面文字)."""

from __future__ import annotations

from typing import Any

from kefu.explain.messages import Lang
from kefu.web.words import WORDS
from kefu.web.words_autoqa import WORDS as AUTOQA_WORDS
from kefu.web.words_careers import WORDS as CAREER_WORDS
from kefu.web.words_conduct import WORDS as CONDUCT_WORDS
from kefu.web.words_eagle import WORDS as EAGLE_WORDS
from kefu.web.words_election import WORDS as ELECTION_WORDS
from kefu.web.words_elimination import WORDS as ELIMINATION_WORDS
from kefu.web.words_exams import WORDS as EXAM_WORDS
from kefu.web.words_meetings import WORDS as MEETING_WORDS
from kefu.web.words_qa import WORDS as QA_WORDS
from kefu.web.words_qa_reports import WORDS as QA_REPORT_WORDS
from kefu.web.words_recruitment import WORDS as RECRUITMENT_WORDS
from kefu.web.words_training import WORDS as TRAINING_WORDS

# Chinese text → English. Templates call t("中文"); a missing entry falls back to the Chinese,
# and tests/web/test_pages.py checks that every t("…") in the templates has an entry here.
EN: dict[str, str] = {
    # layout
    "客服绩效": "Call-center performance",
    "首页": "Home",
    "语言": "Language",
    "只读视图:结果来自已结算的期间；结算与导入请使用命令行 kefu。": (
        "Read-only view of closed periods; closing and importing are done with the kefu command."
    ),
    # roles
    "岗位职责": "Roles and duties",
    "各岗位的职责，摘自种子文件 (R-ORG-2)。": "The duties of each role, from the seed documents (R-ORG-2).",
    "出处": "Source",
    "渠道": "Channels",
    # home
    "中心概览": "Center overview",
    "已结算月份": "Closed months",
    "已结算季度": "Closed quarters",
    "期间": "Period",
    "最新修订": "Newest revision",
    "人数": "People",
    "结算时间": "Closed at",
    "还没有已结算的期间。": "Nothing has been closed yet.",
    "想先看看效果，可以载入演示中心(4 个部门、129 人、7 个月数据，并逐月结算):": (
        "To look around first, load the demo center (4 departments, 129 people, 7 months, "
        "each month closed):"
    ),
    "或者导入自己的数据并结算:": "Or import your own data and close a month:",
    "然后刷新本页。": "Then reload this page.",
    "暂无已结算月份。": "No month has been closed yet.",
    "暂无已结算季度。": "No quarter has been closed yet.",
    # money columns
    "月度奖金": "Bonus",
    "表现优异奖": "Awards",
    "星级工资": "Star wage",
    "合计": "Total",
    # month page
    "{month} 月度结算结果": "Monthly results {month}",
    "修订": "Revision",
    "结算人": "Closed by",
    "政策": "Policy",
    "筛选": "Filter",
    "查看": "Show",
    "部门": "Department",
    "组别": "Group",
    "全部": "All",
    "工号或姓名": "Employee no. or name",
    "清除筛选": "Clear filters",
    "下载奖金表 (.xlsx)": "Download the bonus sheet (.xlsx)",
    "显示 {shown} / {total} 人": "Showing {shown} of {total} people",
    "没有符合条件的人员。": "Nobody matches these filters.",
    "本页合计": "Total shown",
    "工号": "Employee no.",
    "姓名": "Name",
    "得分": "Score",
    "排名/人数": "Rank/pool",
    "档位": "Tier",
    "是否享有": "Eligible",
    "原因": "Reasons",
    "是": "yes",
    "否": "no",
    "第 {revision} 次修订": "revision {revision}",
    "(最新)": "(newest)",
    # person page
    "结算说明": "Explanation",
    "计算步骤": "Steps",
    "结果": "Result",
    "返回 {month} 月度结果": "Back to the results of {month}",
    # quarter page
    "{quarter} 季度星级": "Quarter stars {quarter}",
    "季度得分": "Quarter score",
    "星级": "Stars",
    "星级工资/月": "Star wage/month",
    # errors
    "出错了": "Something went wrong",
    "页面不存在": "Page not found",
    "请求参数不正确": "The request's parameters are not valid",
    "返回首页": "Back to the home page",
}


EN |= WORDS
EN |= CAREER_WORDS
EN |= ELECTION_WORDS
EN |= EAGLE_WORDS
EN |= EXAM_WORDS
EN |= TRAINING_WORDS
EN |= ELIMINATION_WORDS
EN |= RECRUITMENT_WORDS
EN |= QA_WORDS
EN |= AUTOQA_WORDS
EN |= QA_REPORT_WORDS
EN |= CONDUCT_WORDS
EN |= MEETING_WORDS


def language(value: str | None) -> Lang:
    """The page language from ?lang=: English when asked for, otherwise Chinese."""
    return "en" if value == "en" else "zh"


def translate(text: str, lang: Lang, **values: Any) -> str:
    """The text in the language, with {placeholders} filled in."""
    words = EN.get(text, text) if lang == "en" else text
    return words.format(**values) if values else words
