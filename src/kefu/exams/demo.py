"""The demo center's exams (called by kefu.demo.load_demo after the closes).

A bank of believable questions on the center's topics (服务用语, 退费流程, 系统操作, 投诉处理,
业务知识, 案例分析, and a few oral and practical items); November's monthly exam drawn by QA
and assigned to the demo agent's team, most sittings graded, one waiting for marking, the demo
agent's own still to sit; and a practice paper the demo agent can sit at any time.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import get_user, viewer_of
from kefu.exams import rules
from kefu.exams import service as exams
from kefu.exams.models import Sitting
from kefu.exams.rules import QuestionIn
from kefu.people.service import roster

SEED = 2026
PRACTICE_CLOSES = date(2027, 12, 31)

# (topic, kind, exam kind, difficulty, points, stem, options, key, reference)
BANK: tuple[tuple[str, str, str, int, int, str, tuple[str, ...], str, str], ...] = (
    (
        "服务用语",
        "single",
        "written",
        1,
        2,
        "接听来电时，标准的开头语是?",
        ("您好，请问什么可以帮您?", "喂，你找谁?", "有什么事?", "请讲。"),
        "A",
        "",
    ),
    (
        "服务用语",
        "single",
        "written",
        1,
        2,
        "遇到无声电话，座席首先应当说:",
        ("直接挂断", "您好，请问有什么可以帮您?", "喂喂喂?", "请您大声一点"),
        "B",
        "",
    ),
    (
        "服务用语",
        "single",
        "written",
        2,
        2,
        "客户问候「小姐，您好」时，座席应当:",
        ("不予理会", "礼貌回应「您好，请问什么可以帮您」", "纠正客户的称呼", "请客户直接说事"),
        "B",
        "",
    ),
    (
        "服务用语",
        "multiple",
        "written",
        2,
        4,
        "下列哪些属于服务禁语?",
        ("这不归我管", "请您稍等", "你自己看说明书", "我也没办法"),
        "ACD",
        "",
    ),
    (
        "服务用语",
        "multiple",
        "written",
        3,
        4,
        "结束通话前，座席应当做到:",
        ("确认客户的问题已解决", "询问是否还有其他需要", "先于客户挂机", "致谢并道别"),
        "ABD",
        "",
    ),
    (
        "服务用语",
        "fill",
        "written",
        1,
        2,
        "通话结束时的标准结束语是「感谢您的来电，____」。",
        (),
        "再见|祝您生活愉快",
        "",
    ),
    (
        "服务用语",
        "fill",
        "written",
        2,
        2,
        "需要客户等待时，应先征得同意并说「请您____」。",
        (),
        "稍等|稍候",
        "",
    ),
    (
        "服务用语",
        "single",
        "written",
        3,
        2,
        "客户情绪激动、使用不文明用语时，座席应当:",
        ("以同样语气回应", "保持冷静，礼貌提醒并继续服务", "立即挂断", "转给同事"),
        "B",
        "",
    ),
    (
        "退费流程",
        "single",
        "written",
        1,
        2,
        "办理退费前，首先要核实的是:",
        ("客户身份和原交易信息", "客户的职业", "客户的住址", "客户的来电次数"),
        "A",
        "",
    ),
    (
        "退费流程",
        "multiple",
        "written",
        2,
        4,
        "退费登记时必须填写的信息有:",
        ("原交易单号", "退费金额", "客户的兴趣爱好", "退费原因"),
        "ABD",
        "",
    ),
    (
        "退费流程",
        "single",
        "written",
        2,
        2,
        "退费金额超过座席审批权限时，应当:",
        ("自行办理", "拒绝客户", "提交值班长审批", "让客户改天再来电"),
        "C",
        "",
    ),
    (
        "退费流程",
        "fill",
        "written",
        2,
        2,
        "退费申请提交后，系统生成的编号叫作____单号。",
        (),
        "退费",
        "",
    ),
    (
        "退费流程",
        "single",
        "written",
        3,
        2,
        "发现退费登记有误时，正确的做法是:",
        ("删除原记录重新登记", "在原记录上直接修改金额", "提交更正申请并说明原因", "不做处理"),
        "C",
        "",
    ),
    (
        "退费流程",
        "multiple",
        "written",
        3,
        4,
        "下列哪些情况会被记为「错误退费登记」?",
        ("金额录入错误", "退费原因与实际不符", "按流程办理且信息无误", "重复登记"),
        "ABD",
        "",
    ),
    (
        "退费流程",
        "fill",
        "written",
        3,
        2,
        "退费到账一般需要____个工作日(填阿拉伯数字)。",
        (),
        "7",
        "",
    ),
    (
        "退费流程",
        "single",
        "written",
        4,
        2,
        "客户要求退费但已超过退费期限，座席应当:",
        ("直接拒绝并挂机", "解释政策，记录诉求并按例外流程上报", "私下为客户办理", "让客户投诉"),
        "B",
        "",
    ),
    (
        "系统操作",
        "single",
        "written",
        1,
        2,
        "在工单系统中新建工单后，首先应当:",
        ("选择工单类型", "直接关闭", "打印工单", "通知主管"),
        "A",
        "",
    ),
    ("系统操作", "fill", "written", 2, 2, "查询客户历史工单的快捷键是____。", (), "F3|F3键", ""),
    (
        "系统操作",
        "multiple",
        "written",
        2,
        4,
        "下列哪些操作需要在系统中留痕?",
        ("修改客户资料", "退费登记", "查看公告", "升级投诉"),
        "ABD",
        "",
    ),
    (
        "系统操作",
        "single",
        "written",
        3,
        2,
        "系统故障无法登记工单时，应当:",
        ("不登记", "先手工记录，系统恢复后补录", "让客户稍后再来电", "用私人手机记录"),
        "B",
        "",
    ),
    (
        "系统操作",
        "fill",
        "written",
        3,
        2,
        "座席离开座位时，应将话机状态置为____。",
        (),
        "小休|示忙",
        "",
    ),
    (
        "系统操作",
        "single",
        "written",
        2,
        2,
        "转接电话时，应当先:",
        ("直接转出", "向客户说明并征得同意", "挂断后回拨", "让客户自己拨打"),
        "B",
        "",
    ),
    (
        "投诉处理",
        "single",
        "written",
        1,
        2,
        "处理客户投诉的第一步是:",
        ("解释公司规定", "耐心倾听", "转给主管", "承诺赔偿"),
        "B",
        "",
    ),
    (
        "投诉处理",
        "multiple",
        "written",
        2,
        4,
        "投诉升级到值班长前，座席应当:",
        ("完整记录投诉内容", "安抚客户情绪", "告知客户处理时限", "让客户重新描述一遍"),
        "ABC",
        "",
    ),
    (
        "投诉处理",
        "single",
        "written",
        3,
        2,
        "客户要求直接与经理通话时，座席应当:",
        ("拒绝", "按升级流程转值班长", "挂断", "假装转接"),
        "B",
        "",
    ),
    (
        "投诉处理",
        "fill",
        "written",
        2,
        2,
        "投诉工单应在受理后____小时内回访客户(填阿拉伯数字)。",
        (),
        "24",
        "",
    ),
    (
        "投诉处理",
        "multiple",
        "written",
        4,
        4,
        "下列哪些做法有助于降低重复投诉?",
        ("首问负责", "准确记录并跟进", "推诿给其他部门", "按时回访"),
        "ABD",
        "",
    ),
    (
        "业务知识",
        "single",
        "written",
        1,
        2,
        "客户服务热线的工作时间是:",
        ("7×24 小时", "工作日 9:00—17:00", "每天 8:00—20:00", "周末不服务"),
        "A",
        "",
    ),
    (
        "业务知识",
        "fill",
        "written",
        2,
        2,
        "客户满意度调查采用____分制(填阿拉伯数字)。",
        (),
        "5",
        "",
    ),
    (
        "业务知识",
        "single",
        "written",
        2,
        2,
        "新业务上线后，座席应通过哪种方式了解业务口径?",
        ("凭经验回答", "班前会学习和知识库", "询问客户", "上网搜索"),
        "B",
        "",
    ),
    (
        "业务知识",
        "multiple",
        "written",
        3,
        4,
        "下列哪些是月度考核的组成部分?",
        ("通话评估成绩", "工作评估成绩", "综合工作表现", "个人爱好"),
        "ABC",
        "",
    ),
    (
        "案例分析",
        "short",
        "written",
        3,
        10,
        "客户来电称三天前申请的退费仍未到账，情绪激动。请写出你的处理步骤。",
        (),
        "",
        "要点: 安抚情绪；核实身份与退费单号；查询进度并告知时限；必要时上报；记录并回访。",
    ),
    (
        "案例分析",
        "short",
        "written",
        4,
        10,
        "同一位客户一周内第三次来电投诉同一问题。你会如何处理?",
        (),
        "",
        "要点: 首问负责；查看历史工单；升级处理；明确回复时限；跟进到底。",
    ),
    (
        "案例分析",
        "essay",
        "written",
        5,
        20,
        "结合本月培训内容，论述如何提升一次解决率。",
        (),
        "",
        "要点: 业务知识准确；系统操作熟练；倾听与确认需求；知识库使用；复盘改进。",
    ),
    (
        "服务用语",
        "short",
        "oral",
        2,
        10,
        "朗读标准开头语和结束语，并模拟一次礼貌转接。",
        (),
        "",
        "评分要点: 吐字清晰、语速适中、用语规范。",
    ),
    (
        "投诉处理",
        "short",
        "oral",
        3,
        10,
        "考官扮演愤怒的客户，考生现场应答。",
        (),
        "",
        "评分要点: 情绪控制、共情表达、解决方案、规范用语。",
    ),
    (
        "系统操作",
        "short",
        "practical",
        2,
        10,
        "在培训系统中完成一张退费工单的登记和提交。",
        (),
        "",
        "评分要点: 字段完整、金额正确、流程规范、用时。",
    ),
    (
        "系统操作",
        "short",
        "practical",
        3,
        10,
        "在培训系统中查询一位客户的历史工单并完成回访记录。",
        (),
        "",
        "评分要点: 查询准确、记录完整、用时。",
    ),
)

MONTHLY_TOPICS = {"服务用语": 3, "退费流程": 3, "系统操作": 2, "投诉处理": 2, "案例分析": 1}
PRACTICE_TOPICS = {"服务用语": 2, "退费流程": 2, "系统操作": 1, "业务知识": 1}


def question(row: tuple[str, str, str, int, int, str, tuple[str, ...], str, str]) -> QuestionIn:
    topic, kind, exam_kind, difficulty, points, stem, options, key, reference = row
    keys: tuple[str, ...] = tuple(key) if kind in rules.CHOICE_KINDS else rules.split_accepted(key)
    return QuestionIn(
        topic=topic,
        kind=kind,
        exam_kind=exam_kind,
        difficulty=difficulty,
        stem=stem,
        options=options,
        key=keys,
        reference=reference or None,
        points=Decimal(points),
    )


def load(session: Session, today: date) -> list[str]:
    """Add the demo's exams data as of ``today``; one line a thing done, for the log."""
    qa = viewer_of(session, get_user(session, "qa"))
    agent = viewer_of(session, get_user(session, "agent"))
    for row in BANK:
        exams.add_question(session, qa, question(row), today, source="演示题库")
    section, _ = exams.exams_policy(session, today)
    day = section.monthly_exam_day
    closes_on = date(today.year, today.month, day - 1) if day else today + timedelta(days=20)
    monthly = exams.draw_paper(
        session,
        qa,
        title=f"{today.year}年{today.month}月 月度考试",
        exam_kind="written",
        purpose="monthly",
        topics=dict(MONTHLY_TOPICS),
        seed=SEED,
        today=today,
    )
    team = _team_of(session, agent.employee_no, today)
    sittings = exams.assign(
        session,
        qa,
        monthly.id,
        team,
        opens_on=today,
        closes_on=closes_on,
        purpose="monthly",
        context={"month": f"{today.year}-{today.month:02d}"},
        today=today,
    )
    others = [s for s in sittings if s.employee_no != agent.employee_no]
    rng = random.Random(SEED)
    for i, sitting in enumerate(others):
        at = datetime.combine(today, datetime.min.time()) + timedelta(hours=9, minutes=7 * i)
        _sit(session, sitting, rng, at)
    marked = 0
    marking_at = datetime.combine(today, datetime.min.time()) + timedelta(hours=15)
    for sitting in others[:-1]:
        marked += _mark_all(session, qa, sitting, rng, marking_at)
    practice = exams.draw_paper(
        session,
        qa,
        title="新业务练习卷",
        exam_kind="written",
        purpose="practice",
        topics=dict(PRACTICE_TOPICS),
        seed=SEED + 1,
        today=today,
    )
    exams.assign(
        session,
        qa,
        practice.id,
        [agent.employee_no] if agent.employee_no else [],
        opens_on=today,
        closes_on=PRACTICE_CLOSES,
        purpose="practice",
        context={},
        today=today,
    )
    return [
        f"题库: {len(BANK)} 道演示题目；试卷 #{monthly.id}「{monthly.title}」安排给 "
        f"{len(sittings)} 人，{len(others)} 人已交卷，阅卷 {marked} 题，1 份待阅卷；"
        f"agent 可在「我的考试」参加月考和练习卷 #{practice.id}"
    ]


def _team_of(session: Session, employee_no: str | None, today: date) -> list[str]:
    records = dict(roster(session))
    assert employee_no is not None and employee_no in records
    mine = records[employee_no]
    return sorted(
        no
        for no, r in records.items()
        if (r.department, r.team) == (mine.department, mine.team)
        and r.role == "csr"
        and (r.left_on is None or r.left_on > today)
    )


def _sit(session: Session, sitting: Sitting, rng: random.Random, at: datetime) -> None:
    """A demo agent sits the paper: mostly right answers, handed in after a while."""
    person = viewer_of_employee(sitting.employee_no)
    exams.start(session, person, sitting.id, at)
    answers: dict[int, list[str]] = {}
    for item in exams.paper_items(session, sitting.paper_id):
        q = item.question
        right = rng.random() < 0.8
        if q.kind == "single":
            wrong = [
                letter for letter in rules.OPTION_LETTERS[: len(q.options)] if letter not in q.key
            ]
            answers[q.id] = list(q.key) if right else [rng.choice(wrong)]
        elif q.kind == "multiple":
            answers[q.id] = list(q.key) if right else list(q.key)[:-1]
        elif q.kind == "fill":
            answers[q.id] = [q.key[0]] if right else ["不清楚"]
        else:
            answers[q.id] = [
                "先安抚客户情绪，核实身份和单号，查询进度后告知处理时限，并做好记录和回访。"
            ]
    exams.hand_in(session, person, sitting.id, at + timedelta(minutes=rng.randint(12, 25)), answers)


def viewer_of_employee(employee_no: str) -> Viewer:
    """The person as the service sees them when they sit (no account needed for the demo)."""
    return Viewer(username=employee_no, role="agent", employee_no=employee_no)


def _mark_all(
    session: Session, marker: Viewer, sitting: Sitting, rng: random.Random, at: datetime
) -> int:
    view = exams.grade_sitting(session, sitting)
    count = 0
    for item, graded in zip(view.items, view.outcome.questions, strict=True):
        if graded.points is not None:
            continue
        given = (item.points * Decimal(rng.choice((6, 7, 8, 9)))) / 10
        exams.mark(
            session, marker, sitting.id, item.question.id, given, "要点基本齐全，表述清楚", at
        )
        count += 1
    return count
