"""Shared pieces of the command line: the database, the actor, errors as exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.db import default_engine, migrate, unit_of_work
from kefu.errors import KefuError

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a domain error into its message on stderr and its exit code (never a traceback)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except KefuError as exc:
            err_console.print(exc.message, markup=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper


@contextmanager
def session() -> Iterator[Session]:
    """A unit of work on the configured database, schema brought up to date first."""
    engine = default_engine()
    migrate(engine)
    with unit_of_work(engine) as s:
        yield s


def actor() -> str:
    return get_settings().actor()


def echo(text: str = "") -> None:
    sys.stdout.write(text + "\n")
