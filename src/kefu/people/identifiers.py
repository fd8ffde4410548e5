"""The forms a 工号 (staff number) and a person's name may take, wherever they enter kefu.

A 工号 is the key people are known by, so two spellings of one number must be one person:
``１００５`` typed on a Chinese keyboard in full-width mode is 1005. Every entry point (imports,
forms, the API, the command line) and the register's lookups pass a 工号 through
``normalize_staff_no``:

* NFKC (full-width digits and letters → half-width; ``１００５`` → ``1005``), then trimmed;
* never empty, at most ``STAFF_NO_MAX`` characters (the register's column);
* no white space inside it, and no invisible character anywhere: control characters (Cc:
  ESC, BEL, TAB …), format characters (Cf: zero-width space U+200B, the bidi overrides and
  isolates U+202A..U+202E, U+2066..U+2069, BOM U+FEFF …), line and paragraph separators,
  surrogates, private-use and unassigned code points — each is refused, naming its code point.

Letters stay allowed (the register holds 工号 such as E001 and R2611 today); their case is kept
as typed, so ``e001`` and ``E001`` remain two numbers, as they were.

A person's name is *not* NFKC-normalised: NFKC (and even NFC) replaces CJK compatibility
ideographs with their unified forms, and the register must keep a name as written on the
person's papers. A name is trimmed and refused when it holds an invisible character of the
kinds above; spaces and middle dots (阿卜杜·热合曼, Li Wei) stay valid.
"""

from __future__ import annotations

import unicodedata

from kefu.errors import KefuError

# The register's column (employee.employee_no, String(32)).
STAFF_NO_MAX = 32
# The register's column (employee.name, String(64)).
NAME_MAX = 64

# Categories never valid in a 工号 or a name: control, format, surrogate, private use, unassigned,
# line and paragraph separators.
_INVISIBLE = {
    "Cc": "控制字符",
    "Cf": "不可见的格式字符",
    "Cs": "代理字符",
    "Co": "私用区字符",
    "Cn": "未定义的字符",
    "Zl": "换行符",
    "Zp": "分段符",
}


class IdentifierInvalid(KefuError):
    """A 工号 or a name that cannot be stored: empty, too long, or holding an invisible character.

    A 400 like any other value typed wrong (a whole import refused is ImportRejected's 422).
    """


def code_point(char: str) -> str:
    """A character as people can look it up: U+202E (RIGHT-TO-LEFT OVERRIDE)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def invisible_character(text: str) -> tuple[str, str] | None:
    """The first character of ``text`` no one can see or type on purpose, with its kind."""
    for char in text:
        kind = _INVISIBLE.get(unicodedata.category(char))
        if kind is not None:
            return char, kind
    return None


def shown_visibly(text: str) -> str:
    """``text`` with each invisible character written as its code point: 10<U+200B>05."""
    return "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in _INVISIBLE else c for c in text
    )


def _refuse_invisible(text: str, field: str, english: str) -> None:
    found = invisible_character(text)
    if found is not None:
        char, kind = found
        raise IdentifierInvalid(
            f"{field}含有{kind} {code_point(char)}，请删除后重试 "
            f"(the {english} contains the invisible character U+{ord(char):04X})"
        )


def _nfkc_trimmed(raw: str) -> str:
    """NFKC, then trimmed, until it no longer changes (trimming can expose a new start)."""
    text = raw
    while (cleaned := unicodedata.normalize("NFKC", text).strip()) != text:
        text = cleaned
    return text


def normalize_staff_no(raw: str, field: str = "工号") -> str:
    """A 工号 as the register keys it: NFKC, trimmed; refuse empty, spaces inside, invisibles."""
    number = _nfkc_trimmed(raw)
    if not number:
        raise IdentifierInvalid(f"请填写{field} (a staff number is required)")
    _refuse_invisible(number, field, "staff number")
    space = next((c for c in number if c.isspace()), None)
    if space is not None:
        raise IdentifierInvalid(
            f"{field}「{number}」无效:工号不含空格，此处有 {code_point(space)} "
            f"(a staff number has no spaces)"
        )
    if len(number) > STAFF_NO_MAX:
        raise IdentifierInvalid(f"「{field}」最多 {STAFF_NO_MAX} 个字符，此处有 {len(number)} 个")
    return number


def is_normal_staff_no(text: str) -> bool:
    """Whether ``text`` is already a 工号 in the form ``normalize_staff_no`` gives."""
    try:
        return normalize_staff_no(text) == text
    except IdentifierInvalid:
        return False


def staff_no_or_none(raw: str | None, field: str = "工号") -> str | None:
    """An optional 工号: None or blank stays None, anything else is normalised."""
    if raw is None or not raw.strip():
        return None
    return normalize_staff_no(raw, field)


def check_person_name(
    raw: str, field: str = "姓名", *, required: bool = True, limit: int = NAME_MAX
) -> str:
    """A person's name as stored: trimmed, as written (no NFKC); refuse invisible characters."""
    name = raw.strip()
    if required and not name:
        raise IdentifierInvalid(f"请填写{field} ({field} is required)")
    _refuse_invisible(name, field, "name")
    if len(name) > limit:
        raise IdentifierInvalid(f"「{field}」最多 {limit} 个字符，此处有 {len(name)} 个")
    return name


def as_staff_no(raw: str) -> str:
    """A 工号 to look a person up by: its normal form, or as typed when it cannot be one.

    A lookup never raises on a malformed 工号: it simply finds no one, and the caller says so.
    """
    try:
        return normalize_staff_no(raw)
    except IdentifierInvalid:
        return raw.strip()
