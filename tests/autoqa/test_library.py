"""The phrase library as data (R-QA-2): the presets load; bad YAML is refused line by line."""

from __future__ import annotations

import pytest

from kefu.autoqa.library import (
    FORBIDDEN,
    STANDARD,
    STEP,
    LibraryInvalid,
    load_preset,
    parse_library,
    preset_texts,
)

SITUATIONS = {
    "greeting",
    "cannot_answer_now",
    "privacy",
    "complaint",
    "abusive_caller",
    "suggestion",
    "rude_call",
    "bad_line",
    "not_heard",
    "hold_resume",
    "wrong_number",
    "closing",
}


def test_R_QA_2_presets_cover_every_situation_and_the_cinema_script() -> None:
    assert set(preset_texts()) == {"seed-004", "seed-000-cinema"}
    general = load_preset("seed-004")
    assert {e.key for e in general.of_kind(STANDARD)} == SITUATIONS
    forbidden = " ".join(v for e in general.of_kind(FORBIDDEN) for v in e.variants)
    for phrase in (
        "这事不归我们管",
        "我也不知道",
        "我不清楚",
        "不能办",
        "我也没办法",
        "不是已经跟你讲过了吗",
        "还要问",
    ):
        assert phrase in forbidden
    cinema = load_preset("seed-000-cinema")
    steps = sorted(cinema.of_kind(STEP), key=lambda e: e.order or 0)
    assert [e.key for e in steps][:5] == [
        "greet_staff_no",
        "film_and_time",
        "best_seat",
        "member_card",
        "read_back",
    ]
    assert {
        "pickup_regular",
        "pickup_vip",
        "payment_card_only",
        "anything_else",
        "closing_thanks",
        "closing_wishes",
    } <= {e.key for e in steps}
    assert cinema.extends == ("seed-004",)


GOOD = """key: t
name: 测试
name_en: Test
applies_to: [chat]
full_score: 100
entries:
  - key: a
    kind: forbidden
    name: 甲
    name_en: A
    variants: [不能办]
    points: 5
"""


def test_R_QA_2_a_minimal_library_parses() -> None:
    library = parse_library(GOOD)
    assert library.entry("a").points == 5


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("applies_to: [chat]", "applies_to: [sms]"), 4, "渠道 sms"),
        (("full_score: 100", "full_score: lots"), 5, "full_score"),
        (("kind: forbidden", "kind: nonsense"), 8, "kind"),
        (("points: 5", "points: -1"), 12, "points"),
        (("variants: [不能办]", "variants: []"), 11, "variants"),
        (("variants: [不能办]", "variants: [，。]"), None, "空的"),
        (("    name_en: A\n", "    name_en: A\n    order: 2\n"), 11, "order"),
        (("key: t", "key: 中文"), 1, "key"),
        (("entries:", "extra: 1\nentries:"), 6, "不认识"),
    ],
)
def test_R_QA_2_bad_library_lines_are_named(
    change: tuple[str, str], line: int | None, words: str
) -> None:
    with pytest.raises(LibraryInvalid) as error:
        parse_library(GOOD.replace(*change))
    text = "\n".join(error.value.problems)
    assert words in text
    if line is not None:
        assert f"第 {line} 行" in text


def test_R_QA_2_broken_yaml_and_empty_file() -> None:
    with pytest.raises(LibraryInvalid) as error:
        parse_library("key: [unclosed\n")
    assert "YAML" in error.value.message
    with pytest.raises(LibraryInvalid):
        parse_library("")


def test_R_QA_2_standard_phrase_needs_when_and_step_needs_order() -> None:
    text = GOOD.replace("kind: forbidden", "kind: standard_phrase")
    with pytest.raises(LibraryInvalid, match="when"):
        parse_library(text)
    with pytest.raises(LibraryInvalid, match="order"):
        parse_library(GOOD.replace("kind: forbidden", "kind: script_step"))
