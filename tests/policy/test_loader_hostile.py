"""Policy texts built to break the loader: each is a PolicyInvalid naming its line, quickly."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from typing import TypeVar

import pytest

from kefu.errors import PolicyInvalid
from kefu.policy.loader import MAX_DEPTH, MAX_DIGITS, MAX_POLICY_CHARS, load_policy, parse_policy

T = TypeVar("T")

# A correctness bound, not a benchmark: these texts used to run for 25 s or more; each takes
# about 0.1 s now, and the bound leaves room for a loaded CI machine (2 s once proved too tight).
QUICK_SECONDS = 10.0

ALIAS_REFUSED = "政策文件不能使用 YAML 锚点或别名 (& / *)"


def demo_with(old: str, new: str) -> str:
    text = load_policy("demo").text
    assert text.count(old) == 1, f"{old!r} should occur once in demo.yaml"
    return text.replace(old, new)


def quickly(call: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return call()
    finally:
        assert time.perf_counter() - started < QUICK_SECONDS


def problems_of(text: str) -> list[str]:
    with pytest.raises(PolicyInvalid) as caught:
        quickly(lambda: parse_policy(text, "test"))
    return caught.value.problems


def make_alias_bomb() -> str:
    """The 'billion laughs': nine levels of nine aliases each, a few hundred bytes."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for prev, name in pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "literal",
    [
        pytest.param("9" * 5000, id="5000-digit-integer"),
        pytest.param("-" + "9" * 5000, id="negative-5000-digit-integer"),
        pytest.param("0x" + "f" * 4000, id="hex"),
        pytest.param("0b" + "1" * 200, id="binary"),
        pytest.param("0" + "7" * 100, id="octal"),
        pytest.param(":".join(["59"] * 3000), id="sexagesimal"),
        pytest.param("9" * (MAX_DIGITS + 1), id="one-digit-too-many"),
    ],
)
def test_an_integer_too_large_for_a_policy_is_refused_with_its_line(literal: str) -> None:
    problems = problems_of(f"kefu_policy: 1\nname: demo\nrate: {literal}\n")

    assert len(problems) == 1
    assert problems[0].startswith("第 3 行: ")
    assert "数值过大" in problems[0]
    assert len(problems[0]) < 300  # the literal itself is cut


def test_an_integer_of_the_largest_size_still_loads_as_that_integer() -> None:
    # 30 nines is allowed by the loader; the schema then refuses it as a version number
    problems = problems_of(demo_with("kefu_policy: 1", "kefu_policy: " + "9" * MAX_DIGITS))

    assert not any("数值过大" in p for p in problems)
    assert any(p.startswith("kefu_policy: ") for p in problems)


@pytest.mark.parametrize(
    ("literal", "reason"),
    [
        ("1.0e+999999", "数值过大"),
        ("1.0e+30", "数值过大"),
        ("1.0e-99999", "数字过长"),
        ("0." + "1" * (MAX_DIGITS + 1), "数字过长"),
        ("1." + "0" * 200, "数字过长"),
    ],
)
def test_a_decimal_too_large_or_too_long_is_refused_with_its_line(
    literal: str, reason: str
) -> None:
    problems = problems_of(
        demo_with("holiday_pay_multiplier: 3", f"holiday_pay_multiplier: {literal}")
    )

    assert len(problems) == 1
    assert problems[0].startswith("第 ")
    assert reason in problems[0]


def test_a_decimal_of_thirty_digits_is_read_exactly() -> None:
    text = f"kefu_policy: 1\nrate: 0.{'1' * MAX_DIGITS}\n"

    problems = problems_of(text)  # not a whole policy, so invalid, but for the schema's reasons

    assert not any("数字过长" in p or "数值过大" in p for p in problems)


def test_a_long_value_in_a_schema_problem_is_shown_cut() -> None:
    problems = problems_of(demo_with("pool_scope: center", "pool_scope: " + "z" * 5000))

    (problem,) = problems
    assert problem.startswith("monthly_bonus.pool_scope: 取值不在允许范围内")
    assert "共 5002 个字符" in problem  # repr adds the quotes
    assert len(problem) < 500


# --- structure -------------------------------------------------------------------------------


def test_a_list_as_a_key_is_refused_with_its_line() -> None:
    assert problems_of("kefu_policy: 1\n? [a]\n: 1\n") == [
        "第 2 行: 键只能是文字，不能是列表或键值表"
    ]


def test_a_mapping_as_a_key_is_refused_with_its_line() -> None:
    assert problems_of("? {a: 1}\n: 1\n") == ["第 1 行: 键只能是文字，不能是列表或键值表"]


def test_an_impossible_date_is_refused_with_its_line() -> None:
    assert problems_of("kefu_policy: 1\neffective_from: 2001-13-45\n") == [
        "第 2 行: 「2001-13-45」不是有效的日期"
    ]


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_refused_quickly_not_a_recursion_error(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    problems = problems_of("a: " + opening * 3000 + "1" + closing * 3000)

    assert problems == [f"第 1 行: 嵌套层数过多，最多 {MAX_DEPTH} 层"]


def nested_lists(count: int) -> str:
    return "a: " + "[" * count + "1" + "]" * count


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused() -> None:
    # every node is a level: the top mapping, each list, and the number at the bottom
    fits = problems_of(nested_lists(MAX_DEPTH - 2))
    too_deep = problems_of(nested_lists(MAX_DEPTH - 1))

    assert not any("嵌套" in p for p in fits)
    assert too_deep == [f"第 1 行: 嵌套层数过多，最多 {MAX_DEPTH} 层"]


def test_an_alias_bomb_is_refused_at_its_first_anchor_quickly() -> None:
    bomb = make_alias_bomb()
    assert len(bomb) < 600

    assert problems_of(bomb) == [f"第 1 行: {ALIAS_REFUSED}"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("kefu_policy: &v 1\nname: x\n", id="an-anchor-alone"),
        pytest.param("kefu_policy: 1\nname: *v\n", id="an-alias-alone"),
        pytest.param("a: &m {b: 1}\nc:\n  <<: *m\n", id="a-merge-key"),
    ],
)
def test_anchors_and_aliases_are_refused_even_when_harmless(text: str) -> None:
    (problem,) = problems_of(text)

    assert problem.endswith(ALIAS_REFUSED)


def test_a_text_larger_than_the_cap_is_refused_before_it_is_read() -> None:
    text = "a: " + "x" * MAX_POLICY_CHARS

    assert problems_of(text) == [f"政策文件过大: 共 {len(text)} 个字符，最多 {MAX_POLICY_CHARS} 个"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: !!binary xx\n", id="bad-base64"),
        pytest.param("a: !!python/object:os.system ls\n", id="a-python-tag"),
        pytest.param("<<: {a: 1}\n", id="a-merge-key-without-alias"),
        pytest.param("a: \x00\n", id="a-nul"),
        pytest.param("a: 'unterminated\n", id="an-open-quote"),
    ],
)
def test_any_other_yaml_error_is_a_problem_not_a_traceback(text: str) -> None:
    (problem,) = problems_of(text)

    assert problem.startswith("不是有效的 YAML: ")


def test_the_demo_policy_still_loads_with_its_exact_decimals() -> None:
    loaded, problems = parse_policy(load_policy("demo").text, "demo")

    assert problems == []
    assert loaded.model.monthly_bonus is not None
    assert sum(loaded.model.monthly_bonus.weights.values()) == Decimal(1)
