"""Benchmark: the automatic check of every transcript (R-QA-2) on one core.

Generates N realistic transcripts (default 100,000; 20–60 turns each, booking calls and other
calls, with complaints, holds, bad lines, abuse, privacy requests, forbidden phrases said,
quoted and negated, traditional characters, full-width letters and fillers) and checks every
one against the full phone library (the cinema script with the standard and forbidden phrases
it extends), parsing included. Prints transcripts per second and the ratio to the target of
5,000 per second, then precision and recall per finding kind on the hand-labelled set
(tests/autoqa/labelled) in the same run.

    python bench/autoqa.py                      # 100,000 transcripts
    python bench/autoqa.py --transcripts 20000 --seed 7
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

from zhconv import convert

from kefu.autoqa import labelled
from kefu.autoqa.library import combine, load_preset
from kefu.autoqa.rules import check, compile_library, parse_transcript

TARGET = 5000.0
LABELLED = Path(__file__).resolve().parent.parent / "tests" / "autoqa" / "labelled"

FILMS = ("流浪地球", "长津湖", "你好，李焕英", "满江红", "热辣滚烫", "封神第一部", "孤注一掷")
TIMES = ("下午两点半", "晚上七点", "晚上九点十分", "上午十点", "下午四点四十")
CHAT_AGENT = (
    "好的，我帮您看一下",
    "您稍等我查询一下系统",
    "这个活动是本月有效的",
    "您说的情况我已经记录下来了",
    "嗯，是的，没有问题",
    "那个，您可以在前台办理",
    "我们的营业时间是早上九点到晚上十一点",
    "就是说，您的积分还可以继续使用",
    "您可以关注我们的公众号查看排片",
    "好的明白了",
    "这边显示您的会员卡余额是两百元",
    "取票的时候请带上身份证",
)
CHAT_CUSTOMER = (
    "哦，那好吧",
    "我想问一下会员卡怎么充值",
    "你们那边停车方便吗",
    "积分能换爆米花吗",
    "好的好的",
    "那我下次再来",
    "嗯嗯",
    "会员卡丢了怎么办",
    "你们几点关门",
    "明白了",
    "有没有优惠活动",
    "能不能开发票",
)
SITUATIONS = (
    ("我要投诉你们，上次的票出差错了", "对不起，给您添麻烦了，您是否能将详细情况告诉我？"),
    ("你们这什么垃圾公司，他妈的", "对不起，请问有什么可以帮您？"),
    (
        "我给你们提个建议，周末多排点场次",
        "谢谢您提出的宝贵意见，我们将及时反馈给公司相关负责人员。",
    ),
    ("喂？信号不好，有杂音", "对不起，您的电话听不清楚，请您大点声，好吗？"),
    ("什么？没听清，再说一遍", "对不起，我再为您重复一遍。"),
    ("帮我查一下他的电话，他是你们会员", "我们必须保护用户的利益，不能泄漏客户的个人信息。"),
    ("不是外卖吗？我打错了", "对不起，这里是星光影城客服中心。"),
    ("陪我聊聊天吧，你多大了", "对不起，这里是客服热线，请问有什么业务需要咨询？"),
)
FORBIDDEN = (
    "这事不归我们管",
    "我也不知道",
    "我不清楚",
    "我也没办法",
    "我们向来都这样的",
    "不是已经跟你讲过了吗",
)
MENTIONS = ("我们不会说“这事不归我们管”", "不能说我也不知道", "公司规定不能说“我不清楚”")


def _noise(rng: random.Random, text: str) -> str:
    roll = rng.random()
    if roll < 0.08:
        return convert(text, "zh-tw")
    if roll < 0.12:
        return text.replace("，", ", ").replace("？", "?").replace("VIP", "ＶＩＰ")
    if roll < 0.18 and len(text) > 6:
        cut = rng.randrange(2, len(text) - 2)
        return text[:cut] + rng.choice(("嗯", "啊", "，那个，", "呃")) + text[cut:]
    return text


def transcript(rng: random.Random, number: int) -> str:
    """One transcript in the plain-text format."""
    lines: list[tuple[str, str]] = []
    staff = rng.randint(100, 999)
    booking = rng.random() < 0.6
    vip = rng.random() < 0.3
    lines.append(("坐席", f"您好，欢迎致电星光影城，工号{staff}为您服务！"))
    if booking:
        film, when = rng.choice(FILMS), rng.choice(TIMES)
        row, seat = rng.randint(3, 12), rng.randint(1, 20)
        card = "至尊VIP卡" if vip else "普通会员卡"
        lines += [
            ("客户", f"你好，我想订两张票，看《{film}》"),
            ("坐席", "好的，请问看什么时间段的电影？"),
            ("客户", f"{when}的，我是{card}"),
            (
                "坐席",
                f"帮您订到{row}排{seat}号座可以吗？这是目前最佳观影位置。麻烦会员卡号提供一下。",
            ),
            ("客户", "0300 0000"),
            (
                "坐席",
                f"跟您核对下预订信息。您预订的影片《{film}》在{when}，{rng.randint(1, 9)}号厅座位是{row}排{seat}座。",
            ),
        ]
        if vip:
            lines.append(
                (
                    "坐席",
                    "请您在电影开场前携带会员卡到前台取票，否则到开场时间后，系统会自动取消您的预定座位。",
                )
            )
        elif rng.random() < 0.9:
            lines.append(
                ("坐席", "请您提前40分钟携带会员卡到前台取票，否则系统自动取消您的预定座位。")
            )
        if rng.random() < 0.9:
            lines.append(("坐席", "支付方式仅为会员卡支付。"))
    target = rng.randint(20, 60)
    while len(lines) < target - 3:
        roll = rng.random()
        if roll < 0.06:
            customer, agent = rng.choice(SITUATIONS)
            lines.append(("客户", customer))
            lines.append(("坐席", agent if rng.random() < 0.85 else rng.choice(CHAT_AGENT)))
        elif roll < 0.09:
            lines.append(("坐席", "请您稍等，我帮您查询一下。"))
            lines.append(("坐席", "让您久等了，已经查到了。" if rng.random() < 0.8 else "查到了。"))
        elif roll < 0.11:
            lines.append(("坐席", rng.choice(FORBIDDEN) + "，您自己去前台问吧"))
        elif roll < 0.13:
            lines.append(("坐席", rng.choice(MENTIONS) + "，请您放心"))
        else:
            lines.append(("客户", rng.choice(CHAT_CUSTOMER)))
            lines.append(("坐席", rng.choice(CHAT_AGENT)))
    lines.append(("坐席", "请问还有其它需要帮助的吗？"))
    lines.append(("客户", "没有了"))
    lines.append(("坐席", "好的，感谢您的来电，再见！"))
    return "\n".join(f"{who}: {_noise(rng, text)}" for who, text in lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261102)
    args = parser.parse_args(argv)

    library = combine(load_preset("seed-000-cinema"), [load_preset("seed-004")])
    rng = random.Random(args.seed)
    started = time.perf_counter()
    texts = [transcript(rng, i) for i in range(args.transcripts)]
    made = time.perf_counter() - started
    turns = sum(t.count("\n") for t in texts)
    chars = sum(len(t) for t in texts)
    print(f"生成 {len(texts):,} 份转写 ({turns:,} 段发言, {chars:,} 字), 用时 {made:.1f} 秒")

    compiled = compile_library(library)
    gc.collect()
    gc.freeze()  # the 100,000 generated texts are not garbage: keep the collector off them
    deducted = 0
    started = time.perf_counter()
    for text in texts:
        result = check(compiled, parse_transcript(text, "text"), rest_day=False)
        deducted += result.suggested_score < library.full_score
    spent = time.perf_counter() - started
    rate = len(texts) / spent
    print(
        f"检查 {len(texts):,} 份, 用时 {spent:.2f} 秒: {rate:,.0f} 份/秒 (目标 {TARGET:,.0f} 份/秒, "
        f"比例 {rate / TARGET:.2f}); 有扣分 {deducted:,} 份"
    )

    report = labelled.evaluate(labelled.load_dir(LABELLED))
    print(labelled.format_report(report))
    return 0 if rate >= TARGET and report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
