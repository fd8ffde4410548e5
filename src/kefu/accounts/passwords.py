"""Password hashing with argon2id, and which new passwords are refused (and why)."""

from __future__ import annotations

import itertools
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kefu.config import get_settings

MIN_LENGTH = 8
# rows and columns of a keyboard: a password that is a run along one of them is trivial
KEYBOARD_RUNS = (
    "`1234567890-=",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
)
# a name, username or 工号 shorter than this is not looked for inside a password
SHORTEST_PERSONAL = {"username": 3, "employee_no": 3, "name": 2}


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
        parallelism=settings.password_hash_parallelism,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether the password matches the stored hash (False for a malformed hash)."""
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return False


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (data/common-passwords.txt), lower-cased."""
    text = resources.files("kefu.accounts").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def _is_sequence(password: str) -> bool:
    """Letters or digits each one up (or down) from the last: 34567890, hgfedcba."""
    steps = set()
    for a, b in itertools.pairwise(password):
        step = ord(b) - ord(a)
        if password.isdigit() and abs(step) == 9:  # 7890 and 0987: the digits wrap round
            step = -step // 9
        steps.add(step)
    return password.isalnum() and (steps == {1} or steps == {-1})


def _is_keyboard_run(password: str) -> bool:
    return any(password in run or password in run[::-1] for run in KEYBOARD_RUNS)


def _is_repeat(password: str) -> bool:
    """A short piece said again and again: abcabcabc, 12121212."""
    return any(
        len(password) % size == 0 and password == password[:size] * (len(password) // size)
        for size in range(1, len(password) // 2 + 1)
    )


def weak_password(
    password: str, *, username: str = "", employee_no: str | None = None, name: str = ""
) -> str | None:
    """Why a new password is refused, or None: too short, common, trivial or personal."""
    if len(password) < MIN_LENGTH:
        return f"密码至少 {MIN_LENGTH} 个字符"
    if password.strip() != password:
        return "密码首尾不能是空格"
    lowered = password.lower()
    if len(set(lowered)) == 1:
        return "密码不能全是同一个字符"
    if lowered in common_passwords():
        return "这是常见密码，很容易被猜中，请换一个"
    personal = (
        ("username", username, "密码不能包含用户名"),
        ("employee_no", employee_no or "", "密码不能包含工号"),
        ("name", name, "密码不能包含姓名"),
    )
    for kind, value, message in personal:
        value = value.strip().lower()
        if len(value) >= SHORTEST_PERSONAL[kind] and value in lowered:
            return message
    if _is_sequence(lowered):
        return "密码不能是连续的字母或数字(如 12345678、abcdefgh)"
    if _is_keyboard_run(lowered):
        return "密码不能是键盘上相邻的一串键(如 qwertyui、asdfghjk)"
    if _is_repeat(lowered):
        return "密码不能是一小段字符的重复(如 abcabcabc)"
    return None
