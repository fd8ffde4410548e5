"""Which new passwords are refused, and why — pure: no database."""

from __future__ import annotations

import pytest

from kefu.accounts.passwords import weak_password


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short", "至少 8 个字符"),
        ("12345678", "常见密码"),
        ("password", "常见密码"),
        ("Password", "常见密码"),
        ("woaini1314", "常见密码"),
        ("aaaaaaaa", "同一个字符"),
        ("34567890", "连续"),
        ("hgfedcba", "连续"),
        ("qwertyuiop", "常见密码"),
        ("asdfghjkl;", "键盘"),
        ("abcdefghij", "连续"),
        ("abcabcabcabc", "重复"),
        (" padded password ", "空格"),
    ],
)
def test_a_common_or_trivial_password_is_refused_with_the_reason(password: str, why: str) -> None:
    problem = weak_password(password)
    assert problem is not None and why in problem


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("wangfang", "用户名"),
        ("wangfang2026", "用户名"),
        ("1001-1001-x", "工号"),
        ("王芳王芳王芳王芳", "姓名"),
    ],
)
def test_a_password_made_of_the_users_own_name_or_number_is_refused(
    password: str, why: str
) -> None:
    problem = weak_password(password, username="wangfang", employee_no="1001", name="王芳")
    assert problem is not None and why in problem


def test_a_long_uncommon_password_is_accepted() -> None:
    assert weak_password("Quiet-Harbour-Lamp", username="wangfang", name="王芳") is None
