"""English for the exams pages (merged into kefu.web.i18n.EN)."""

from __future__ import annotations

WORDS: dict[str, str] = {
    # menu and pages
    "我的考试": "My exams",
    "题库": "Question bank",
    "试卷": "Papers",
    "阅卷": "Marking",
    "试题": "Question",
    "考生": "Candidate",
    # the question form
    "知识点": "Topic",
    "题型": "Kind",
    "考试形式": "Exam kind",
    "难度": "Difficulty",
    "难度(1–5)": "Difficulty (1–5)",
    "难度 {n}": "Difficulty {n}",
    "分值": "Points",
    "题干": "Question",
    "答案": "Answer",
    "选项(选择题，每行一个，依次为 A、B、C…)": "Options (choice questions: one a line, A, B, C …)",
    "答案(单选填一个字母；多选填多个字母如 ACD；填空的多个可接受答案用 | 分隔)": (
        "Key (single choice: one letter; multiple choice: letters such as ACD; fill-in: "
        "accepted answers separated by |)"
    ),
    "解析 / 参考答案(选填)": "Notes / reference answer (optional)",
    "解析 / 参考答案": "Notes / reference answer",
    # the bank
    "题目按知识点、题型、考试形式和难度归类。已在试卷中的题目不会被修改：编辑会生成新版本并停用旧版本 (R-EXM-1)。": (
        "Questions by topic, kind, exam kind and difficulty. A question on a paper never "
        "changes: editing makes a new version and retires the old one (R-EXM-1)."
    ),
    "题库导入成功，共 {n} 道题。": "The bank was imported: {n} questions.",
    "题库导入成功。": "The bank was imported.",
    "导入题库": "Import questions",
    "Excel 文件(工作表「题库」)": "Excel file (sheet 题库)",
    "下载空白模板": "Download the blank template",
    "题目数量": "Questions in the bank",
    "题数": "Questions",
    "题库还是空的。": "The bank is empty.",
    "题目": "Questions",
    "含已停用": "Include retired",
    "只列出前 500 道，请用筛选缩小范围。": "Only the first 500 are listed: narrow the filters.",
    "没有符合条件的题目。": "No question matches.",
    "新增题目": "Add a question",
    "加入题库": "Add to the bank",
    "评分": "Marking",
    "自动评分": "graded automatically",
    "阅卷人评分": "marked by a marker",
    "建立": "Written",
    "所在试卷": "On papers",
    "编辑(生成新版本)": "Edit (makes a new version)",
    "保存为新版本": "Save as a new version",
    "停用此题": "Retire this question",
    "题目已加入题库。": "The question was added to the bank.",
    "已生成新版本，旧版本已停用；已有试卷不受影响。": (
        "A new version was made and the old one retired; papers keep what they drew."
    ),
    "题目已停用，不再抽入新试卷；已有试卷不受影响。": (
        "The question is retired: no new paper draws it; papers keep it."
    ),
    # papers
    "按知识点题数和难度比例从题库抽题组卷；补考试卷可排除原试卷的全部题目 (R-EXM-1)。": (
        "Papers are drawn from the bank by topic counts and a difficulty mix; a re-exam paper "
        "can exclude every question of the failed paper (R-EXM-1)."
    ),
    "标题": "Title",
    "用途": "Purpose",
    "总分": "Total points",
    "组卷": "Drawn",
    "还没有试卷。": "No paper yet.",
    "知识点与题数(每行「知识点 题数」)": "Topics and counts (one 'topic count' a line)",
    "难度比例(选填，各难度题数之和应等于总题数)": (
        "Difficulty mix (optional; the counts must add up to the paper's total)"
    ),
    "排除试卷(编号，补考时填原试卷)": "Exclude papers (numbers; for a re-exam, the failed paper)",
    "考试时长(分钟，留空按政策)": "Time limit (minutes; empty: the policy's)",
    "及格线(留空按政策)": "Pass mark (empty: the policy's)",
    "随机种子(选填，同一种子抽出同一份试卷)": "Seed (optional; the same seed draws the same paper)",
    "抽题组卷": "Draw the paper",
    "时长": "Time limit",
    "{n} 分钟": "{n} minutes",
    "按政策": "the policy's",
    "已安排 {n} 人，已评定 {f} 人，通过 {ok} 人，待阅卷 {m} 人": (
        "{n} assigned, {f} graded, {ok} passed, {m} being marked"
    ),
    "安排考试": "Assign the paper",
    "工号(空格、逗号或换行分隔)": "Employee numbers (separated by spaces, commas or lines)",
    "或整组客服代表": "Or a whole team of agents",
    "开始日": "Opens on",
    "截止日": "Closes on",
    "安排": "Assign",
    "题目与答案": "Questions and keys",
    "题号": "No.",
    "试卷已生成。": "The paper was drawn.",
    "考试已安排。": "The sittings were assigned.",
    "这份试卷还没有安排给任何人。": "Nobody sits this paper yet.",
    "交卷日": "Handed in on",
    # results
    "已安排": "Assigned",
    "已评定": "Graded",
    "待阅卷": "Being marked",
    "平均分": "Mean score",
    "通过": "passed",
    "成绩 = 得分 ÷ 试卷总分 × 100，按政策的显示规则取整。": (
        "Score = points earned ÷ the paper's total × 100, rounded as the policy displays scores."
    ),
    # my exams and the sitting
    "在考试时间内开始作答；开始后计时，答案随时自动保存，到时间自动收卷。客观题交卷后自动评分，主观题由阅卷人评分 (R-EXM-1)。": (
        "Start within the exam dates; the clock runs from the start, answers are saved as you "
        "go and the sitting closes when time is up. Objective questions are graded when you "
        "hand in, subjective ones by a marker (R-EXM-1)."
    ),
    "有 {n} 份试卷等待阅卷": "{n} sitting(s) waiting for marking",
    "时长(分钟)": "Minutes",
    "去考试": "sit it",
    "目前没有安排给您的考试。": "No exam is assigned to you.",
    "开始": "Started",
    "截止": "Deadline",
    "交卷": "Hand in",
    "到时收卷": "closed when time was up",
    "开始后计时 {n} 分钟（不会超过考试时间的最后一天）。答案随时自动保存；时间到时按已保存的答案收卷。": (
        "Once started you have {n} minutes (never past the last exam day). Answers are saved "
        "as you go; when time is up the sitting closes with what was saved."
    ),
    "开始考试": "Start the exam",
    "考试尚未开始，开始日期为 {day}。": "The exam opens on {day}.",
    "考试时间已过。": "The exam dates have passed.",
    "剩余时间": "Time left",
    "第 {n} 题": "Question {n}",
    "{n} 分": "{n} points",
    "{kind}题由考官现场评分，不在这里作答。": (
        "{kind} items are marked by the examiner in person, not answered here."
    ),
    "保存答案": "Save answers",
    "已自动保存 {time}": "Saved automatically at {time}",
    "成绩 {score} 分": "Score {score}",
    "还有 {n} 道题等待阅卷，阅完后计算成绩。": (
        "{n} answer(s) wait for a marker; the score follows when all are marked."
    ),
    "多选题计分": "Multiple choice",
    "逐题说明": "Question by question",
    "作答": "Answered",
    "评语": "Comment",
    "考试已开始，请在截止时间前交卷。": "The exam has started: hand in before the deadline.",
    "答案已保存。": "The answers were saved.",
    "已交卷。": "Handed in.",
    "已超过截止时间：按截止前保存的答案收卷。": (
        "Past the deadline: the sitting closed with the answers saved by then."
    ),
    # marking
    "简答、论述、口试和实际操作题由阅卷人在本题分值内评分并写明理由；不能给自己的考试阅卷 (R-EXM-1)。": (
        "Short answers, essays, oral and practical items are marked within the question's "
        "points with a comment; nobody marks their own sitting (R-EXM-1)."
    ),
    "待阅题数": "Answers waiting",
    "没有等待阅卷的试卷。": "Nothing waits for marking.",
}
