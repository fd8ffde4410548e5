"""A 工号 has one form however it is typed; a name never hides an invisible character."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.people.identifiers import (
    IdentifierInvalid,
    check_person_name,
    is_normal_staff_no,
    normalize_staff_no,
)

FAST = settings(max_examples=300, deadline=None)
FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)
ascii_numbers = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=32)


def test_a_full_width_staff_number_is_the_half_width_one() -> None:
    assert normalize_staff_no("１００５") == "1005"


def test_spaces_around_a_staff_number_are_trimmed_and_letters_kept_as_typed() -> None:
    assert normalize_staff_no("\u3000 Ｅ００１\n") == "E001"
    assert normalize_staff_no("R2611") == "R2611"
    assert normalize_staff_no("e001") == "e001"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("10\u200b05", "U+200B"),  # zero-width space
        ("10\u202e05", "U+202E"),  # right-to-left override
        ("\u20661005\u2069", "U+2066"),  # left-to-right isolate
        ("10\x1b[31m05", "U+001B"),  # ANSI escape
        ("1005\x07", "U+0007"),  # BEL
        ("\ufeff1005", "U+FEFF"),  # byte order mark
        ("10\u202805", "U+2028"),  # line separator
    ],
)
def test_an_invisible_character_in_a_staff_number_is_refused_by_its_code_point(
    raw: str, code: str
) -> None:
    with pytest.raises(IdentifierInvalid) as refused:
        normalize_staff_no(raw)
    assert code in refused.value.message
    assert "工号" in refused.value.message


@pytest.mark.parametrize("raw", ["", "   ", "\u3000", "10 05", "1" * 33])
def test_an_empty_spaced_or_overlong_staff_number_is_refused(raw: str) -> None:
    with pytest.raises(IdentifierInvalid):
        normalize_staff_no(raw)


@FAST
@given(st.text(max_size=40))
def test_normalising_a_staff_number_twice_changes_nothing(raw: str) -> None:
    try:
        once = normalize_staff_no(raw)
    except IdentifierInvalid:
        return
    assert normalize_staff_no(once) == once
    assert is_normal_staff_no(once)


@FAST
@given(ascii_numbers)
def test_full_width_and_half_width_digits_and_letters_give_the_same_staff_number(
    number: str,
) -> None:
    assert normalize_staff_no(number.translate(FULL_WIDTH)) == normalize_staff_no(number)


@FAST
@given(st.text(max_size=40))
def test_a_normalised_staff_number_never_holds_a_control_or_format_character(raw: str) -> None:
    try:
        number = normalize_staff_no(raw)
    except IdentifierInvalid:
        return
    assert number
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in number)
    assert not any(c.isspace() for c in number)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("\x1b[31m张三", "U+001B"),
        ("张\x07三", "U+0007"),
        ("张\u202e三", "U+202E"),
        ("张\u200b三", "U+200B"),
    ],
)
def test_a_name_with_an_escape_bell_or_override_is_refused_by_its_code_point(
    raw: str, code: str
) -> None:
    with pytest.raises(IdentifierInvalid) as refused:
        check_person_name(raw)
    assert code in refused.value.message
    assert "姓名" in refused.value.message


@pytest.mark.parametrize("name", ["阿卜杜·热合曼", "Li Wei", "欧阳 娜娜", "\uf900"])
def test_middle_dots_spaces_and_compatibility_ideographs_stay_as_written(name: str) -> None:
    assert check_person_name(f" {name} ") == name


@FAST
@given(st.text(max_size=64))
def test_an_accepted_name_never_holds_a_control_or_format_character(raw: str) -> None:
    try:
        name = check_person_name(raw)
    except IdentifierInvalid:
        return
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name)
