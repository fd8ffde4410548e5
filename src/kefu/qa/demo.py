"""The demo center's QA monitoring (called by kefu.demo.load_demo after the closes).

The shipped scorecards; 30 monitored contacts of November 1–2 for a dozen agents (the demo
agent's own among them) with Chinese transcripts; their evaluations in every state: final
(acknowledged), awaiting the agent (the demo agent has one), one disputed awaiting a second
reviewer, one with a failed critical item, one with N/A items; and one closed calibration
session scored by three QA accounts (qa, qa2, qa3).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.accounts.service import add_user, get_user, viewer_of
from kefu.people.models import EmployeeRecord
from kefu.people.service import roster
from kefu.qa import rules
from kefu.qa import service as qa
from kefu.qa.models import QaContact
from kefu.qa.rules import Mark

SEED = 7
DRAFTS = (22, 23)
DISPUTED = 24  # the demo agent's contact whose evaluation (by qa2) the agent disputes
DEMO_PASSWORD_SUFFIX = "123456"

# transcripts: {no} is the agent's staff number
CALLS: tuple[str, ...] = (
    # the cinema seat booking (seed 000 第三篇), regular card
    "坐席: 您好，欢迎致电星光影城，工号{no}为您服务！请问您想看什么影片？\n"
    "客户: 我想订两张今晚的《长安三万里》。\n"
    "坐席: 好的，今晚有19:30和21:10两场，请问您想看哪一场？\n"
    "客户: 19:30的。\n"
    "坐席: 为您推荐5号厅中间第8排7、8座，视野最好，可以吗？\n"
    "客户: 可以。\n"
    "坐席: 请问您有会员卡吗？\n"
    "客户: 有，普通卡，卡号尾号3321。\n"
    "坐席: 跟您确认一下：今晚19:30《长安三万里》，5号厅8排7、8座，两张。普通卡请在开场前40分钟到前台取票，"
    "逾期座位将释放，票款只能用会员卡支付。\n"
    "客户: 明白了。\n"
    "坐席: 请问还有什么可以帮您？\n"
    "客户: 没有了。\n"
    "坐席: 感谢您的来电，祝您周末愉快，再见！",
    # refund question, answered well
    "坐席: 您好，工号{no}为您服务，请问有什么可以帮您？\n"
    "客户: 我上周买的套餐想退，怎么弄？\n"
    "坐席: 请您稍等，我帮您查询一下订单。\n"
    "坐席: 感谢您的耐心等待，您的订单在七天内，可以办理退款，款项三到五个工作日原路退回。\n"
    "客户: 好的。\n"
    "坐席: 不知道我刚才是否将您的问题解释清楚了？\n"
    "客户: 清楚了，谢谢。\n"
    "坐席: 请问还有其他需要吗？感谢您的来电，再见！",
    # a complaint handled with the standard phrases
    "坐席: 您好，工号{no}为您服务。\n"
    "客户: 你们送的东西又晚了，我要投诉！\n"
    "坐席: 对不起，给您添麻烦了，您是否能将详细情况告诉我？\n"
    "客户: 说好昨天到，今天还没到。\n"
    "坐席: 我已经详细记录，请您留下联系方式，我们的相关人员会尽快与您联系处理。\n"
    "客户: 138开头那个号码就行。\n"
    "坐席: 好的，请问还有什么可以帮您？感谢您的来电，再见。",
    # another customer's information asked for
    "坐席: 您好，工号{no}为您服务。\n"
    "客户: 帮我查一下我朋友王先生的手机号。\n"
    "坐席: 对不起，我们必须保护用户的利益，不能泄漏客户的个人信息。\n"
    "客户: 那算了。\n"
    "坐席: 请问还有其他可以帮您的吗？感谢来电，再见。",
    # a bad line
    "坐席: 您好，工号{no}为您服务。\n"
    "客户: 喂？喂？\n"
    "坐席: 对不起，线路正在调整，您方便留下联系电话吗？我们会在调整结束后第一时间与您联系。\n"
    "客户: 好，号码是……\n"
    "坐席: 已记下，感谢您的来电，再见。",
    # a forbidden phrase (服务忌语): fails the critical item
    "坐席: 喂，什么事？\n"
    "客户: 我的积分怎么少了？\n"
    "坐席: 这事不归我们管，你去问商场吧。\n"
    "客户: 那我应该找谁？\n"
    "坐席: 我也不知道。\n"
    "客户: 你这什么态度！",
    # hold and resume, slow but polite
    "坐席: 您好，工号{no}为您服务。\n"
    "客户: 我想改一下预约时间。\n"
    "坐席: 请您稍等，我为您查询。\n"
    "坐席: 让您久等了，明天上午还有十点的号，可以吗？\n"
    "客户: 可以。\n"
    "坐席: 跟您确认：明天上午十点，已为您改好。请问还有什么可以帮您？再见。",
)
EMAILS: tuple[str, ...] = (
    "坐席: 尊敬的李女士：您好！来信收悉。您咨询的会员积分将于每月5日更新，"
    "如有疑问欢迎随时联系我们。客服中心 工号{no}\n",
    "坐席: 张先生您好：关于您反映的发票问题，我们已为您重新开具，随信附上电子发票。"
    "给您带来不便，敬请谅解。客服中心 工号{no}\n",
)
CHATS: tuple[str, ...] = (
    "坐席: 您好，工号{no}很高兴为您服务，请问有什么可以帮您？\n"
    "客户: 你们周末营业吗\n"
    "坐席: 营业的，周末时间是上午9点到晚上10点。\n"
    "客户: 好\n"
    "坐席: 请问还有其他问题吗？祝您生活愉快！",
)


def _viewer(session: Session, username: str) -> Viewer:
    return viewer_of(session, get_user(session, username))


def _marks(card: rules.Card, rng: random.Random, *, na: bool, fail: str | None) -> dict[str, Mark]:
    """Mostly full points, some items short with a note; N/A where allowed when asked."""
    out: dict[str, Mark] = {}
    for key, item in card.items.items():
        if key == fail:
            out[key] = Mark(Decimal(0), "通话中使用服务忌语「这事不归我们管」「我也不知道」")
            continue
        if na and item.na_allowed:
            out[key] = Mark(None)
            continue
        if not item.critical and rng.random() < 0.25:
            lost = Decimal(rng.choice((1, 2)))
            out[key] = Mark(item.points - lost, f"{item.name}不到位，请注意改进")
            continue
        out[key] = Mark(item.points)
    return out


def load(session: Session, today: date) -> list[str]:
    """Add the demo's qa data as of ``today``; one line a thing done, for the log."""
    rng = random.Random(SEED)
    qa.ensure_presets(session, "demo")
    people = dict(roster(session))
    agent_no = get_user(session, "agent").employee_no
    assert agent_no is not None
    home = people[agent_no]
    csrs = [
        no
        for no, r in people.items()
        if r.role == "csr" and r.status == "regular" and no != agent_no
    ]
    near = [no for no in csrs if people[no].department == home.department][:7]
    far = [no for no in csrs if people[no].department != home.department][:4]
    agents = [agent_no, *near, *far]
    lines = [f"QA 监控: 评分表 {len(qa.scorecards(session))} 张"]

    qa_people = [no for no, r in people.items() if r.role == "qa" and r.status == "regular"]
    qa_user = get_user(session, "qa").employee_no
    spare = [no for no in qa_people if no != qa_user]
    for username, no in zip(("qa2", "qa3"), spare, strict=False):
        add_user(
            session,
            "demo",
            username,
            username + DEMO_PASSWORD_SUFFIX,
            "qa",
            people[no].name,
            no,
            demo=True,
        )
    lines.append("  QA 账号 qa2 / qa3 (密码同规则: 用户名+123456)")
    qa1, qa2 = _viewer(session, "qa"), _viewer(session, "qa2")

    contacts: list[QaContact] = []
    critical: set[int] = set()
    for n in range(30):
        no = agents[n % len(agents)]
        day = date(2026, 11, 1 + n % 2)
        at = datetime.combine(day, time(9 + n % 9, (n * 7) % 60))
        if n % 10 == 7:
            channel, text = "email", EMAILS[n % len(EMAILS)]
        elif n % 10 == 9:
            channel, text = "chat", CHATS[0]
        else:
            channel, text = "phone", CALLS[n % len(CALLS)]
        if channel == "phone" and n % len(CALLS) == 5:
            critical.add(n)
        contacts.append(
            qa.add_contact(
                session,
                qa1,
                employee_no=no,
                channel=channel,
                contact_at=at,
                reference=f"{'REC' if channel == 'phone' else 'MSG'}-20261{day.day:03d}-{n + 1:04d}",
                transcript=text.format(no=no),
            )
        )
    lines.append(f"  监控联络 {len(contacts)} 条 ({len(agents)} 位客服代表)")

    submitted_at = datetime.combine(today, time(10, 0))
    states: dict[str, int] = {}
    for n, contact in enumerate(contacts[:26]):
        evaluator = qa2 if n == DISPUTED else qa1
        card = qa.card_of(qa._card_for_channel(session, contact.channel))
        fail = "no_forbidden_phrases" if n in critical else None
        marks = _marks(card, rng, na=n in (3, 10), fail=fail)
        e = qa.evaluate(session, evaluator, contact.id, marks, today)
        if n in DRAFTS:  # still being scored
            states["draft"] = states.get("draft", 0) + 1
            continue
        qa.submit(session, evaluator, e.id, submitted_at)
        agent = contact.employee_no
        if n == DISPUTED:
            # the demo agent disputes this one: a second reviewer (not qa2) decides it
            qa.dispute(
                session,
                _agent_viewer(people, agent),
                e.id,
                "录音中我已报工号并复述了订单信息，复述确认一项不应扣分，请复核。",
                today,
                e.version,
            )
        elif agent == agent_no or n % 5 == 4:
            pass  # awaiting the agent (the demo agent's own among them)
        else:
            qa.acknowledge(session, _agent_viewer(people, agent), e.id, today, e.version)
        states[e.state] = states.get(e.state, 0) + 1
    lines.append(
        "  监控评分: "
        + "，".join(f"{rules.STATE_NAMES[s]['zh']} {k}" for s, k in sorted(states.items()))
    )

    cal_contact = contacts[26]
    cal = qa.open_calibration(session, qa1, cal_contact.id, ["qa", "qa2", "qa3"], "qa", today)
    card = qa.card_of(qa.get_scorecard(session, cal.scorecard_id))
    base = _marks(card, random.Random(SEED + 1), na=False, fail=None)
    for username, shift in (("qa", 0), ("qa2", 1), ("qa3", 3)):
        marks = dict(base)
        for key in list(card.items)[:shift]:
            item = card.items[key]
            if not item.critical:
                marks[key] = Mark(item.points - Decimal(2), "校准评分: 扣 2 分")
        qa.calibration_score(session, _viewer(session, username), cal.id, marks, today)
    qa.close_calibration(session, qa1, cal.id, today)
    lines.append(f"  校准 #{cal.id}: 3 位 QA 评分，已结束")
    return lines


def _agent_viewer(people: dict[str, EmployeeRecord], employee_no: str) -> Viewer:
    """The agent as the services see them (accounts exist only for the demo agent)."""
    r = people[employee_no]
    return Viewer(
        username=f"agent-{employee_no}",
        role="agent",
        employee_no=employee_no,
        department=r.department,
        team=r.team,
        display_name=r.name,
    )
