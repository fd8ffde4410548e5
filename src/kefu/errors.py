"""Domain errors: expected business failures with a clear message (never a traceback).

Each subclass carries the exit code the CLI uses and the HTTP status the API uses.
"""

from __future__ import annotations

from kefu.config import get_settings


class KefuError(Exception):
    """Base of every expected failure; ``message`` is shown to the user as is."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(KefuError):
    """A named thing (person, period, policy) does not exist."""

    http_status = 404


class Conflict(KefuError):
    """Someone else changed the record first (two people at once); nothing was written."""

    http_status = 409


class StoredMeanwhile(Conflict):
    """The database refused a write by a unique key: the same thing was stored at the same
    moment by someone else (two requests creating it at once); nothing of this one is kept."""

    def __init__(self) -> None:
        super().__init__("同一内容刚由他人同时提交，本次未写入任何数据：请刷新后查看")


class PolicyInvalid(KefuError):
    """A policy file failed validation; ``problems`` lists one line each."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"政策 {source} 有 {len(problems)} 个问题:\n" + "\n".join(problems))
        self.source = source
        self.problems = problems


class PolicyParameterMissing(KefuError):
    """A rule needs a policy parameter that the policy leaves open ([X])."""

    http_status = 409

    def __init__(self, policy_name: str, path: str, rule_id: str) -> None:
        super().__init__(
            f"政策 {policy_name} 的参数 {path} 未设置 ([X])，规则 {rule_id} 需要它:"
            f"请在政策文件中填写该参数后再执行。"
        )
        self.path = path
        self.rule_id = rule_id


class ImportRejected(KefuError):
    """An import had bad rows; nothing was written. ``errors`` names each problem.

    The message lists the first problems (Settings ``import_shown_problems``) and counts the
    rest; ``unlisted`` counts problems found but not kept in ``errors`` at all.
    """

    exit_code = 2
    http_status = 422

    def __init__(self, errors: list[ImportProblem], unlisted: int = 0) -> None:
        self.errors = errors
        self.total = len(errors) + unlisted
        lines = [e.describe() for e in errors[: get_settings().import_shown_problems]]
        more = self.total - len(lines)
        if more:
            lines.append(more_problems(more))
        super().__init__(f"导入失败，共 {self.total} 处错误，未写入任何数据:\n" + "\n".join(lines))

    def listed(self) -> list[dict[str, object]]:
        """The problems a page lists, as plain data: the first few hundred, then a line
        counting the rest (its ``reason`` says how many more there are)."""
        shown = [e.as_dict() for e in self.errors[: get_settings().import_shown_problems]]
        more = self.total - len(shown)
        if more:
            shown.append(
                {
                    "sheet": "…",
                    "row": None,
                    "column": None,
                    "value": None,
                    "reason": more_problems(more),
                }
            )
        return shown


def more_problems(count: int) -> str:
    """The line closing a cut list of problems: how many more there are (zh and en)."""
    return f"另有 {count:,} 条问题未列出 ({count:,} more problems not listed)"


class ImportProblem:
    """One bad cell or row: sheet, row, column, value and reason."""

    def __init__(
        self,
        sheet: str,
        row: int | None,
        column: str | None,
        value: object,
        reason: str,
    ) -> None:
        self.sheet = sheet
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason

    def describe(self) -> str:
        """One line in Chinese: 工作表 …, 第 N 行, 列 …, 值 …: reason."""
        parts = [f"工作表「{self.sheet}」"]
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column is not None:
            parts.append(f"列「{self.column}」")
        if self.value is not None and self.value != "":
            parts.append(f"值「{self.value}」")
        return "，".join(parts) + f":{self.reason}"

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        value = self.value if self.value is None else str(self.value)
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "reason": self.reason,
        }


class PeriodNotClosed(KefuError):
    """Results were asked for a period that has not been closed."""

    http_status = 404


class CloseRefused(KefuError):
    """A close cannot run (missing inputs, missing policy, earlier months open)."""

    http_status = 409


class SignInFailed(KefuError):
    """Wrong username or password, or the account is locked or switched off."""

    http_status = 401


class TokenRefused(KefuError):
    """An API token that is unknown, expired or revoked, or whose account is switched off."""

    http_status = 401


class Forbidden(KefuError):
    """The signed-in account's role may not do this (R-PRV-1)."""

    http_status = 403


class AccountInvalid(KefuError):
    """A user change that cannot be made: a taken username, a weak password, an unknown role."""

    http_status = 422
