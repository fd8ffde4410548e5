"""The policy page's words: every preset described in Chinese and English, open [X] shown."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from pydantic import BaseModel

from kefu.errors import PolicyInvalid
from kefu.policy.describe import Section, describe
from kefu.policy.lint import SECTION_RULES
from kefu.policy.loader import LoadedPolicy, load_policy, parse_policy, preset_names
from kefu.policy.schema import AwardTheme, Policy

NOT_SET = {
    "zh": "未设置 [X]（此规则在设置前不会运行）",
    "en": "not set [X] (this rule will not run until it is set)",
}
COMPONENTS = {
    "zh": {
        "call_quality": "通话评估成绩",
        "work_ability": "工作评估成绩",
        "overall_conduct": "综合工作表现",
    },
    "en": {
        "call_quality": "call quality",
        "work_ability": "work ability",
        "overall_conduct": "overall conduct",
    },
}
SCHEMA_ORDER = ["header", *(k for k in Policy.model_fields if k == "display" or k in SECTION_RULES)]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def make_policy(*replacements: tuple[str, str], base: str = "demo") -> LoadedPolicy:
    """The preset's text with each ``(old, new)`` replaced once, parsed (lint problems kept aside)."""
    text = load_policy(base).text
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} should occur once in {base}.yaml"
        text = text.replace(old, new)
    loaded, _ = parse_policy(text, "test")
    return loaded


def section(sections: list[Section], key: str) -> Section:
    [found] = [s for s in sections if s.key == key]
    return found


def section_text(s: Section) -> str:
    cells = [cell for row in s.table.rows for cell in row] if s.table else []
    headers = s.table.headers if s.table else []
    return "\n".join([s.title, *s.lines, *headers, *cells])


def plain(value: Decimal) -> str:
    """85.00 → "85": how a number reads on the page."""
    return format(value.normalize(), "f")


def policy_strings(model: BaseModel) -> list[str]:
    """Every text the policy itself holds (titles, labels, references, the levels it names),
    except Chinese theme names."""
    found: list[str] = []
    for name in type(model).model_fields:
        if isinstance(model, AwardTheme) and name == "name":
            continue
        value = getattr(model, name)
        if isinstance(value, dict):
            found += [k for k in value if isinstance(k, str)]
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                found += policy_strings(item)
            elif isinstance(item, str):
                found.append(item)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", preset_names())
def test_every_preset_is_described_with_a_title_for_every_section(name, lang):
    policy = load_policy(name)
    sections = describe(policy, lang)
    keys = [s.key for s in sections]
    present = [k for k in SCHEMA_ORDER if k in {"header", "display"} or getattr(policy.model, k)]
    assert keys == present
    for s in sections:
        assert s.title.strip()
        assert s.lines
        if s.table:
            assert all(len(row) == len(s.table.headers) for row in s.table.rows)


def test_sections_absent_from_the_policy_are_skipped():
    keys = [s.key for s in describe(load_policy("seed-004"))]
    assert keys == ["header", "display", "exams", "bottom_elimination", "recruitment", "meetings"]


def test_each_section_cites_the_rule_ids_lint_maps_it_to():
    sections = describe(load_policy("seed-004"))
    assert section(sections, "bottom_elimination").rule_ids == ("R-BOT-1",)
    assert section(sections, "meetings").rule_ids == ("R-MTG-1",)
    assert section(sections, "recruitment").rule_ids == ("R-REC-1",)
    assert section(describe(load_policy("demo")), "monthly_bonus").rule_ids == ("R-BON-1..5",)


def test_the_header_names_the_version_label_short_hash_and_source():
    policy = load_policy("demo")
    text = section_text(section(describe(policy), "header"))
    for expected in (
        policy.model.version,
        policy.model.effective_from,
        policy.label,
        policy.source,
    ):
        assert expected in text
    assert f"内容哈希：{policy.sha256[:12]}" in text
    assert policy.sha256 not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_monthly_bonus_table_has_one_row_per_band_in_yuan_and_percent(lang):
    bands = load_policy("demo").model.monthly_bonus.bands
    table = section(describe(load_policy("demo"), lang), "monthly_bonus").table
    assert table is not None
    assert len(table.rows) == len(bands)
    no_limit = {"zh": "不限", "en": "no limit"}[lang]
    for band, (label, _, quota, amount) in zip(bands, table.rows, strict=True):
        assert band.amount == int(band.amount)
        assert label == band.label
        assert amount == f"¥{int(band.amount):,}"
        share = band.rank_share_at_most
        assert quota == (f"{plain(share * 100)}%" if share is not None else no_limit)


def test_a_band_range_includes_its_floor_and_excludes_its_ceiling():
    bands = load_policy("demo").model.monthly_bonus.bands
    table = section(describe(load_policy("demo")), "monthly_bonus").table
    assert table is not None
    assert table.headers == ["档位", "分数范围", "名次比例上限", "金额"]
    assert table.rows[0][1] == f"≥{plain(bands[0].score_from)}"
    assert table.rows[1][1] == f"≥{plain(bands[1].score_from)} 且 <{plain(bands[1].score_below)}"


def test_amounts_show_thousands_separators_and_cents_only_when_there_are_any():
    policy = make_policy(
        (
            "{label: A, score_from: 85.00, rank_share_at_most: 0.10, amount: 500}",
            "{label: A, score_from: 85.00, rank_share_at_most: 0.10, amount: 1200}",
        ),
        (
            "{label: C, score_from: 75.00, score_below: 80.00, rank_share_at_most: 0.55, amount: 300}",
            "{label: C, score_from: 75.00, score_below: 80.00, rank_share_at_most: 0.55, amount: 300.50}",
        ),
    )
    amounts = [row[3] for row in section(describe(policy), "monthly_bonus").table.rows]
    assert amounts[0] == "¥1,200"
    assert amounts[1] == "¥400"
    assert amounts[2] == "¥300.50"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("key", ["monthly_bonus", "leader_qa_bonus"])
def test_weights_are_shown_as_percentages_that_sum_to_100(key, lang):
    weights = getattr(load_policy("demo").model, key).weights
    start = {"zh": "权重：", "en": "Weights: "}[lang]
    [line] = [
        x for x in section(describe(load_policy("demo"), lang), key).lines if x.startswith(start)
    ]
    shown = [Decimal(p) for p in re.findall(r"(\d+(?:\.\d+)?)%", line)]
    assert sum(shown) == 100
    assert len(shown) == len(weights)
    for component, weight in weights.items():
        assert f"{COMPONENTS[lang][component]} {plain(weight * 100)}%" in line


def test_leader_and_qa_places_are_paid_in_order_above_a_strict_floor():
    lq = load_policy("demo").model.leader_qa_bonus
    lines = section(describe(load_policy("demo"), "en"), "leader_qa_bonus").lines
    suffixes = ["1st", "2nd", "3rd"]
    places = ", ".join(f"{s} ¥{int(a):,}" for s, a in zip(suffixes, lq.place_amounts, strict=True))
    assert f"Place amounts: {places}" in lines
    assert any(f"above {plain(lq.score_above)}" in line for line in lines)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_seed_003s_open_attendance_cycle_is_shown_as_not_set(lang):
    sections = describe(load_policy("seed-003"), lang)
    assert NOT_SET[lang] in section(sections, "attendance_cycle").lines[0]
    assert NOT_SET[lang] not in section_text(section(sections, "monthly_bonus"))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", preset_names())
def test_each_open_parameter_is_shown_once_in_its_own_section(name, lang):
    policy = load_policy(name)
    for s in describe(policy, lang):
        opened = [p for p in policy.open_parameters if re.split(r"[.\[]", p)[0] == s.key]
        assert section_text(s).count(NOT_SET[lang]) == len(opened), s.key


def test_an_open_band_quota_and_award_parameter_are_shown_in_their_cells():
    policy = make_policy(
        (
            "{label: B, score_from: 80.00, score_below: 85.00, rank_share_at_most: 0.20, amount: 400}",
            '{label: B, score_from: 80.00, score_below: 85.00, rank_share_at_most: "[X]", amount: 400}',
        ),
        ("shift_swaps_below: 3", 'shift_swaps_below: "[X]"'),
    )
    sections = describe(policy, "en")
    assert section(sections, "monthly_bonus").table.rows[1][2] == NOT_SET["en"]
    assert NOT_SET["en"] in section(sections, "awards").table.rows[0][5]


def test_a_section_left_open_as_a_whole_is_shown_as_not_set():
    text = load_policy("demo").text
    loaded, _ = parse_policy(text[: text.index("\npay:")] + '\npay: "[X]"\n', "test")
    assert section(describe(loaded), "pay").lines == [NOT_SET["zh"]]


def test_any_single_number_of_the_demo_left_open_is_shown_as_not_set_without_crashing():
    text = load_policy("demo").text
    numbers = re.compile(r"^(\s+\w+: )\d+(\.\d+)?$", re.MULTILINE)
    tried = 0
    for match in numbers.finditer(text):
        opened = text[: match.start()] + match.group(1) + '"[X]"' + text[match.end() :]
        try:
            loaded, _ = parse_policy(opened, "test")
        except PolicyInvalid:
            continue  # a required number cannot be left open; the loader says so
        tried += 1
        for lang in ("zh", "en"):
            shown = "\n".join(section_text(s) for s in describe(loaded, lang))
            assert shown.count(NOT_SET[lang]) == 1, match.group(0)
    assert tried >= 5


@pytest.mark.parametrize("name", preset_names())
def test_english_has_no_chinese_except_names_taken_from_the_policy(name):
    policy = load_policy(name)
    shown = "\n".join(section_text(s) for s in describe(policy, "en"))
    for text in sorted(policy_strings(policy.model), key=len, reverse=True):
        shown = shown.replace(text, "")
    assert CJK.findall(shown) == []


def test_award_themes_use_their_english_name_in_english():
    themes = load_policy("demo").model.awards.themes
    zh = section(describe(load_policy("demo"), "zh"), "awards").table
    en = section(describe(load_policy("demo"), "en"), "awards").table
    assert [row[0] for row in zh.rows] == [t.name for t in themes]
    assert [row[0] for row in en.rows] == [t.name_en for t in themes]
    assert not any(t.name in cell for t in themes for row in en.rows for cell in row)


def test_chinese_lines_use_full_width_punctuation():
    lines = [line for s in describe(load_policy("demo")) for line in s.lines]
    assert "排名范围：全中心统一排名" in lines
    assert not any(re.search(r"[\u4e00-\u9fff]: ", line) for line in lines)


def test_R_QA_1_the_monitoring_section_says_where_the_call_quality_score_comes_from():
    lines = section(describe(load_policy("demo")), "monitoring").lines
    assert lines[0] == "通话评估成绩取当月终审监控评分的平均分；每月至少 4 次"
    assert "不足时沿用导入的通话评估成绩" in lines
    english = section(describe(load_policy("seed-003"), "en"), "monitoring").lines
    assert "at least [X] a month" in english[0]
    assert any(line.startswith("Fewest evaluations a month: not set [X]") for line in english)


def test_R_DIS_1_the_conduct_section_has_the_mapping_and_a_table_of_rules():
    found = section(describe(load_policy("seed-000")), "conduct")
    assert found.lines[0].startswith(
        "当月综合工作表现 = 导入的综合工作表现（未导入时为 100） − 当月扣分 × 1"
    )
    assert found.table is not None
    rows = {row[0]: row for row in found.table.rows}
    assert rows["service-attitude"][2] == "10–30" and rows["left-post"][2] == "20"
    assert rows["chatting"][3] == "是" and rows["bad-language"][3] == "否"
    assert any("申诉期限（工作日）：未设置 [X]" in line for line in found.lines)
