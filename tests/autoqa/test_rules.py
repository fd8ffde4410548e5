"""The automatic check of one transcript (R-QA-2), pure: reading turns, folding Chinese text,
finding phrases with the exact original words, and the suggested score."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.autoqa.library import Library, combine, load_preset
from kefu.autoqa.normalize import Normaliser
from kefu.autoqa.rules import (
    AGENT,
    CUSTOMER,
    TranscriptInvalid,
    check_text,
    explain,
    parse_transcript,
)
from kefu.explain.messages import render


@pytest.fixture(scope="module")
def general() -> Library:
    return load_preset("seed-004")


@pytest.fixture(scope="module")
def cinema() -> Library:
    main = load_preset("seed-000-cinema")
    return combine(main, [load_preset(k) for k in main.extends])


def test_R_QA_2_plain_text_speakers_and_untagged_lines_are_agent() -> None:
    turns = parse_transcript("坐席: 您好\n客户：你好\n直接说的话\n[00:12] 客服: 再见\n")
    assert [t.speaker for t in turns] == [AGENT, CUSTOMER, AGENT, AGENT]
    assert turns[3].start == "00:12"
    raw = "坐席: 您好\n客户：你好\n"
    for turn in parse_transcript(raw):
        assert turn.origin is not None
        assert raw[turn.origin : turn.origin + len(turn.text)] == turn.text


def test_R_QA_2_json_and_csv_transcripts() -> None:
    turns = [
        {"speaker": "agent", "text": "您好", "start": "00:01"},
        {"speaker": "客户", "text": "嗯"},
    ]
    assert [t.speaker for t in parse_transcript(json.dumps(turns))] == [AGENT, CUSTOMER]
    assert parse_transcript(json.dumps({"turns": turns}))[0].start == "00:01"
    csv_turns = parse_transcript("speaker,text,start,end\nagent,您好,00:00,00:02\ncustomer,你好\n")
    assert [(t.speaker, t.text, t.start) for t in csv_turns] == [
        (AGENT, "您好", "00:00"),
        (CUSTOMER, "你好", None),
    ]


@pytest.mark.parametrize(
    ("raw", "fmt"),
    [
        ("[{]", "json"),
        ('[{"speaker": "经理", "text": "x"}]', "json"),
        ('{"turns": 3}', "json"),
        ("speaker,text\nagent\n", "csv"),
        ("x", "xml"),
    ],
)
def test_R_QA_2_unreadable_transcripts_are_refused_in_chinese(raw: str, fmt: str) -> None:
    with pytest.raises(TranscriptInvalid) as error:
        parse_transcript(raw, fmt)
    assert error.value.http_status == 422


def test_R_QA_2_folding_width_traditional_punctuation_fillers() -> None:
    fold = Normaliser(["嗯", "那个"])
    assert fold.text("這事不歸我們管") == "这事不归我们管"
    assert fold.text("ＶＩＰ卡，１２０號") == "vip卡120号"
    assert fold.text("我 也，嗯，那个不知道！") == "我也不知道"
    assert fold.text("“引用”「引用」") == '"引用""引用"'


@given(st.text(alphabet="我也不知道，。嗯那个這們ＡＢ１ 「」", max_size=30))
@settings(max_examples=200, deadline=None)
def test_R_QA_2_every_folded_character_maps_back_into_the_original(raw: str) -> None:
    fold = Normaliser(["嗯", "那个"])
    text, where = fold.positions(raw)
    assert text == fold.text(raw)
    assert where == sorted(where)
    for char, index in zip(text, where, strict=True):
        assert fold.text(raw[index]) in (char, "") or raw[index] in "那个"


def _keys(findings: tuple[object, ...]) -> set[str]:
    return {f.key for f in findings}  # type: ignore[attr-defined]


def test_R_QA_2_forbidden_phrase_quoted_exactly(general: Library) -> None:
    raw = "客户: 退款呢？\n坐席: 嗯，我也，那个，不知道啊。\n"
    result = check_text(general, raw)
    (used,) = result.forbidden
    assert used.key == "dont_know"
    assert used.quote is not None
    assert used.quote.text == "我也，那个，不知道"
    assert used.quote.turn == 1
    assert used.quote.position is not None
    assert raw[used.quote.position : used.quote.position + len(used.quote.text)] == used.quote.text


def test_R_QA_2_customer_words_and_agent_mentions_are_not_uses(general: Library) -> None:
    result = check_text(
        general,
        "客户: 你们是不是只会说我也不知道？\n坐席: 我们不会说“我也不知道”，也不能说这事不归我们管。\n",
    )
    assert result.forbidden == ()
    assert _keys(result.mentions) == {"dont_know", "not_our_business"}
    assert all(f.deduction == 0 for f in result.mentions)


def test_R_QA_2_library_exception_is_innocent(general: Library) -> None:
    result = check_text(general, "坐席: 我也不知道您还有这个需要，我马上帮您查。")
    assert result.forbidden == () and result.mentions == ()


def test_R_QA_2_situation_due_from_customer_cue_and_said_after_it(general: Library) -> None:
    said_before = check_text(
        general, "坐席: 对不起，给您添麻烦了。\n客户: 我要投诉。\n坐席: 说吧。"
    )
    complaint = next(f for f in said_before.situations if f.key == "complaint")
    assert complaint.due and not complaint.found
    assert complaint.trigger is not None and complaint.trigger.text == "投诉"
    said_after = check_text(general, "客户: 我要投诉。\n坐席: 对不起，给您添麻烦了。")
    assert next(f for f in said_after.situations if f.key == "complaint").found


def test_R_QA_2_suggested_score_is_full_less_library_points(general: Library) -> None:
    result = check_text(general, "坐席: 这不归我们管，我也没办法。")
    expected = general.full_score - sum(
        (general.entry(k).points for k in ("greeting", "closing", "not_our_business", "no_way")),
        start=Decimal(0),
    )
    assert result.suggested_score == expected
    assert result.deductions == general.full_score - expected


def test_R_QA_2_score_never_below_zero(general: Library) -> None:
    small = replace(general, full_score=Decimal(20))
    words = [v for e in general.entries if e.kind == "forbidden" for v in e.variants]
    result = check_text(small, "\n".join(f"坐席: {w}" for w in words))
    assert result.deductions > small.full_score
    assert result.suggested_score == 0


def test_R_QA_2_cinema_script_regular_card_in_order(cinema: Library) -> None:
    raw = (
        "坐席: 您好，欢迎致电星光影城，工号120为您服务！\n"
        "客户: 订两张票，普通会员卡。\n"
        "坐席: 请问您想看什么影片？这是目前最佳观影位置。麻烦会员卡号提供一下。\n"
        "坐席: 跟您核对下预订信息。请您提前40分钟携带会员卡到前台取票。支付方式仅为会员卡支付。\n"
        "坐席: 请问还有其它需要帮助的吗？感谢您的来电，再见！\n"
    )
    result = check_text(cinema, raw)
    found = {f.key: f for f in result.steps}
    assert found["pickup_regular"].found and not found["pickup_vip"].due
    assert not found["closing_wishes"].due
    assert all(f.in_order for f in result.steps)
    assert result.suggested_score == cinema.full_score
    wishes = check_text(cinema, raw, rest_day=True)
    assert next(f for f in wishes.steps if f.key == "closing_wishes").due


def test_R_QA_2_cinema_vip_card_and_out_of_order(cinema: Library) -> None:
    raw = (
        "坐席: 请问您想看什么影片？\n"
        "客户: 订票，至尊VIP。\n"
        "坐席: 您好，欢迎致电星光影城，工号121为您服务！\n"
    )
    result = check_text(cinema, raw)
    steps = {f.key: f for f in result.steps}
    assert steps["pickup_vip"].due and not steps["pickup_vip"].found
    # the greeting (step 1) came after step 2: step 2 is the one said out of order
    assert steps["greet_staff_no"].found and steps["greet_staff_no"].in_order
    assert steps["film_and_time"].found and not steps["film_and_time"].in_order
    assert result.order_points == cinema.out_of_order_points


def test_R_QA_2_no_script_steps_outside_a_booking(cinema: Library) -> None:
    result = check_text(cinema, "坐席: 您好，工号120为您服务\n客户: 几点关门？\n坐席: 感谢您的来电")
    assert not result.script_due
    assert all(not f.due for f in result.steps)


def test_R_QA_2_every_step_of_the_explanation_renders(cinema: Library) -> None:
    raw = "客户: 订票，我要投诉\n坐席: 我们不会说“不能办”，我也不知道。请稍等。"
    result = check_text(cinema, raw)
    steps = explain(result)
    assert steps[0].code == "autoqa.library" and steps[-1].code == "autoqa.score"
    for step in steps:
        assert step.rule == "R-QA-2"
        for lang in ("zh", "en"):
            assert render(step, lang)  # type: ignore[arg-type]
    assert any(s.code == "autoqa.mention" for s in steps)
    assert any(s.code == "autoqa.forbidden" and s.reason for s in steps)


def test_R_QA_2_empty_transcript(general: Library) -> None:
    result = check_text(general, "")
    assert result.turns == 0
    assert _keys(tuple(f for f in result.situations if f.due)) == {"greeting", "closing"}


# Each R-QA-2 situation: the cue that makes it due, and the agent's answer with and without the
# standard phrase (hand-written, with the noise real calls have).
SITUATION_CALLS = {
    "cannot_answer_now": (
        "客户: 我的积分什么时候到账？\n坐席: 这个暂时无法确认。",
        "请您留下您的联系方式，我们核实后尽快与您联系。",
    ),
    "privacy": (
        "客户: 帮我查一下他的电话吧。\n坐席: 嗯。",
        "对不起，我们必须保护用户的利益，不能泄漏客户的个人信息。",
    ),
    "complaint": ("客户: 你们态度太差了，我要投诉！\n坐席: 嗯。", "对不起，给您添麻烦了。"),
    "abusive_caller": (
        "客户: 你们这帮混蛋！\n坐席: 嗯。",
        "对不起，我非常理解您的心情，请问有什么可以帮您？",
    ),
    "suggestion": ("客户: 我建议你们晚上多排几个人。\n坐席: 好。", "谢谢您提出的宝贵意见！"),
    "rude_call": (
        "客户: 你声音真好听，陪我聊聊天呗。\n坐席: 嗯。",
        "对不起，这里是客服热线，请问有什么业务需要咨询？",
    ),
    "bad_line": (
        "客户: 喂？信号不好啊，断断续续的。\n坐席: 嗯。",
        "对不起，您的电话听不清楚，请您换个电话再打来好吗？",
    ),
    "not_heard": ("客户: 什么？我没听清楚。\n坐席: 嗯。", "對不起，我再為您重複一遍。"),
    "hold_resume": ("坐席: 我帮您查一下，请您稍等。\n客户: 好。", "让您久等了，查到了。"),
    "wrong_number": (
        "客户: 这不是外卖吗？是不是打错了？\n坐席: 嗯。",
        "对不起，这里是星光影城客服热线。",
    ),
}


@pytest.mark.parametrize("situation", sorted(SITUATION_CALLS))
def test_R_QA_2_each_situation_is_due_on_its_cue_and_found_in_the_agents_reply(
    general: Library, situation: str
) -> None:
    cue, reply = SITUATION_CALLS[situation]
    opening = "坐席: 您好，工号120为您服务。\n"
    closing = "\n坐席: 感谢您的来电，再见。"
    missing = check_text(general, opening + cue + closing)
    finding = next(f for f in missing.situations if f.key == situation)
    assert finding.due and not finding.found and finding.deduction == finding.points > 0
    answered = check_text(general, opening + cue + "\n坐席: " + reply + closing)
    finding = next(f for f in answered.situations if f.key == situation)
    assert finding.due and finding.found and finding.deduction == 0
    assert finding.quote is not None and finding.quote.text in reply
    assert answered.suggested_score == 100


def test_R_QA_2_greeting_and_closing_are_always_due() -> None:
    general = load_preset("seed-004")
    bare = check_text(general, "坐席: 请问有什么可以帮您？")
    due = {f.key: f for f in bare.situations if f.due}
    assert set(due) == {"greeting", "closing"}
    assert not due["greeting"].found and not due["closing"].found
    said = check_text(general, "坐席: 您好，工號 一二零 为您服务。\n坐席: 谢谢您的来电！")
    assert all(f.found for f in said.situations if f.due)
