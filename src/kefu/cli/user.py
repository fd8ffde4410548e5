"""``kefu user add|list|change|password|token`` — accounts for the web app and the API.

``kefu user token USER`` creates a token (``--days``), ``--list`` shows them, ``--revoke ID``
ends one.
"""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from kefu.accounts import service as accounts
from kefu.accounts.rules import ACCESS_ROLES, ROLE_NAMES
from kefu.cli.common import actor, echo, handles_errors, session, staff_no_param
from kefu.errors import AccountInvalid

app = typer.Typer(help="用户账号 (accounts for the web app and the API).", no_args_is_help=True)

ROLE_HELP = "角色: " + ", ".join(f"{r} ({ROLE_NAMES[r]['zh']})" for r in ACCESS_ROLES)


def _password(given: str | None) -> str:
    """The password from --password, else asked twice without echo."""
    if given:
        return given
    first = getpass.getpass("密码: ")
    if first != getpass.getpass("再输入一次: "):
        raise AccountInvalid("两次输入的密码不一致")
    return first


@app.command("add")
@handles_errors
def add(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option("--role", "-r", help=ROLE_HELP)],
    employee_no: Annotated[
        str | None,
        typer.Option(
            "--employee-no", "-e", help="工号(客服代表、业务组长、QA 必填)", callback=staff_no_param
        ),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="显示的姓名")] = "",
    password: Annotated[
        str | None, typer.Option("--password", help="密码(省略则提示输入，不回显)")
    ] = None,
) -> None:
    """新增用户 (argon2 哈希保存密码)。"""
    secret = _password(password)
    with session() as s:
        user = accounts.add_user(s, actor(), username, secret, role, name, employee_no)
        echo(f"已新增用户 {user.username}({ROLE_NAMES[user.role]['zh']})")


@app.command("list")
@handles_errors
def list_users() -> None:
    """列出所有用户。"""
    with session() as s:
        for u in accounts.users(s):
            state = "启用" if u.active else "停用"
            echo(
                f"{u.username}\t{ROLE_NAMES[u.role]['zh']}\t{u.employee_no or '-'}\t"
                f"{u.display_name}\t{state}"
            )


@app.command("change")
@handles_errors
def change(
    username: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str | None, typer.Option("--role", "-r", help=ROLE_HELP)] = None,
    employee_no: Annotated[
        str | None, typer.Option("--employee-no", "-e", callback=staff_no_param)
    ] = None,
    active: Annotated[bool | None, typer.Option("--active/--inactive", help="启用或停用")] = None,
    unlock: Annotated[
        bool, typer.Option("--unlock", help="解除登录限制(多次输错密码后的等待)")
    ] = False,
) -> None:
    """修改用户的角色、工号、启用状态，或解除登录限制。"""
    with session() as s:
        accounts.change_user(
            s, actor(), username, role=role, employee_no=employee_no, active=active, unlock=unlock
        )
    echo(f"已修改用户 {username}")


@app.command("password")
@handles_errors
def password(
    username: Annotated[str, typer.Argument(help="用户名")],
    new: Annotated[str | None, typer.Option("--password", help="新密码(省略则提示输入)")] = None,
) -> None:
    """重设密码；该用户的所有登录会话和 API 令牌随之失效。"""
    secret = _password(new)
    with session() as s:
        accounts.set_password(s, actor(), username, secret)
    echo(f"已重设用户 {username} 的密码")


@app.command("token")
@handles_errors
def token(
    username: Annotated[str, typer.Argument(help="用户名")],
    label: Annotated[str, typer.Option("--label", help="用途说明")] = "api",
    days: Annotated[
        int | None,
        typer.Option("--days", help="有效天数(默认 KEFU_API_TOKEN_DAYS，90 天)", min=1),
    ] = None,
    list_tokens: Annotated[
        bool,
        typer.Option("--list", help="列出该用户的令牌(编号、用途、创建、最近使用、到期、状态)"),
    ] = False,
    revoke: Annotated[
        int | None, typer.Option("--revoke", help="撤销编号为 ID 的令牌", metavar="ID")
    ] = None,
) -> None:
    """为程序创建 API 令牌 (Authorization: Bearer …)；令牌只显示这一次。也可列出或撤销令牌。"""
    if list_tokens and revoke is not None:
        raise AccountInvalid("--list 与 --revoke 不能同时使用")
    with session() as s:
        if list_tokens:
            moment = accounts.now()
            echo("编号\t用途\t创建\t最近使用\t到期\t状态")
            for t in accounts.api_tokens(s, username):
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "-"
                echo(
                    f"{t.id}\t{t.label}\t{t.created_at:%Y-%m-%d %H:%M}\t{used}\t"
                    f"{t.expires_at:%Y-%m-%d %H:%M}\t{accounts.token_state(t, moment)}"
                )
            return
        if revoke is not None:
            found = accounts.revoke_api_token(s, actor(), username, revoke)
            echo(f"已撤销用户 {username} 的 API 令牌 {found.id}({found.label})")
            return
        secret = accounts.create_api_token(s, actor(), username, label, days)
    echo(secret)
