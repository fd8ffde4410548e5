"""Shared pieces of the command line: the database, the actor, errors as exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from importlib import import_module
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kefu.accounts.rules import Viewer
from kefu.config import get_settings
from kefu.db import default_engine, ensure_schema, unit_of_work
from kefu.errors import KefuError, StoredMeanwhile
from kefu.people.identifiers import IdentifierInvalid, normalize_staff_no

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a domain error into its message on stderr and its exit code (never a traceback)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            try:
                return fn(*args, **kwargs)
            except IntegrityError:
                # the same thing stored at the same moment by another command or a web request
                raise StoredMeanwhile() from None
        except KefuError as exc:
            err_console.print(exc.message, markup=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


@contextmanager
def session() -> Iterator[Session]:
    """A unit of work on the configured database, schema brought up to date first."""
    engine = default_engine()
    ensure_schema(engine)
    with unit_of_work(engine) as s:
        yield s


@contextmanager
def refusal_recorded(source: str, kind: str | None) -> Iterator[None]:
    """An import refused inside the block is noted in the audit log, then raised as it was.

    The refused import was rolled back whole; its audit entry is the only thing written, in a
    unit of work of its own.
    """
    from kefu.errors import ImportRejected
    from kefu.imports.service import record_refusal

    try:
        yield
    except ImportRejected as rejected:
        with session() as s:
            record_refusal(s, actor(), source, kind, None, rejected)
        raise


def actor() -> str:
    return get_settings().actor()


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")


# ---------------------------------------------------------------- 工号 as typed


def staff_no_param(value: str | None) -> str | None:
    """A 工号 argument in its one form (１００５ → 1005); blank stays blank; bad ones named."""
    if value is None or not value.strip():
        return value
    try:
        return normalize_staff_no(value)
    except IdentifierInvalid as exc:
        raise typer.BadParameter(exc.message) from None


def staff_nos_param(values: list[str] | None) -> list[str] | None:
    """A repeated 工号 option, each in its one form."""
    if values is None:
        return None
    return [staff_no_param(v) or v for v in values]


def staff_no_list_param(value: str) -> str:
    """A comma-separated list of 工号 (1001,1002), each in its one form; blank stays blank."""
    if not value.strip():
        return value
    return ",".join(
        staff_no_param(v) or "" for v in value.replace("，", ",").split(",") if v.strip()
    )


# ---------------------------------------------------------------- acting as an account

AsUser = Annotated[str, typer.Option("--as", help="以哪个账号的身份办理 (用户名)")]
OnDay = Annotated[str, typer.Option("--on", help="日期 YYYY-MM-DD (默认今天)")]


def day(text: str, what: str = "日期") -> date:
    """A YYYY-MM-DD option as a date; empty: today."""
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise KefuError(f"{what}「{text}」应为 YYYY-MM-DD") from None


def acting(s: Session, username: str) -> Viewer:
    """The account a command acts as (``--as``): its role decides what it may do."""
    from kefu.accounts.service import get_user, viewer_of

    return viewer_of(s, get_user(s, username))


def add_objection_commands(
    app: typer.Typer, service: str, *, case_help: str, object_help: str, answer_help: str
) -> None:
    """``object`` and ``answer``: the public notice's objections (R-PUB-1), for any kind of case.

    ``service`` names the module whose ``object_to`` and ``answer`` file and answer them; it
    is imported when a command runs, so the command line starts without the domain.
    """

    @app.command("object", help=object_help)
    @handles_errors
    def object_cmd(
        as_user: AsUser,
        text: Annotated[str, typer.Option(help="申诉理由")],
        # a default, not an Annotated hint: the hint would be read where case_help is unknown
        case_id: int = typer.Argument(..., help=case_help),
        on: OnDay = "",
    ) -> None:
        domain = import_module(service)
        with session() as s:
            objection = domain.object_to(s, acting(s, as_user), case_id, text, day(on))
            echo(f"已提交申诉 #{objection.id}，人事将调查核实并答复")

    @app.command("answer", help=answer_help)
    @handles_errors
    def answer_cmd(
        objection_id: Annotated[int, typer.Argument(help="申诉编号")],
        outcome: Annotated[str, typer.Argument(help="dismissed (不成立) | upheld (成立)")],
        as_user: AsUser,
        finding: Annotated[str, typer.Option(help="调查核实情况")],
        reply: Annotated[str, typer.Option(help="答复申诉人")],
        on: OnDay = "",
    ) -> None:
        if outcome not in ("dismissed", "upheld"):
            raise KefuError("结论应为 dismissed 或 upheld")
        domain = import_module(service)
        with session() as s:
            domain.answer(
                s,
                acting(s, as_user),
                objection_id,
                upheld=outcome == "upheld",
                finding=finding,
                reply=reply,
                today=day(on),
            )
            echo(f"申诉 #{objection_id} 已答复 ({'成立' if outcome == 'upheld' else '不成立'})")
