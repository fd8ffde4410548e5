"""Request plumbing shared by pages and the API: the unit of work, common query parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.explain.messages import Lang
from kefu.periods import Month


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request, on the app's engine (committed when the route returns)."""
    with unit_of_work(request.app.state.engine) as session:
        yield session


# scope="function": the commit runs when the route returns, before the response is sent. With
# the default scope it would run after, and a browser following a redirect after a form could
# read the page before the change it just made is committed.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
PageLang = Annotated[str | None, Query(description="zh (default) | en")]
ApiLang = Annotated[Lang, Query(description="zh | en")]
# the largest value a database INTEGER column holds: a bigger revision is a 422, not a 500
INT_MAX = 2**31 - 1
Revision = Annotated[
    int | None, Query(ge=1, le=INT_MAX, description="a revision; default: the newest")
]


def chosen_month(asked: str, months: list[str]) -> str:
    """The month a page shows: the one asked for, else the newest of ``months``, else none."""
    if asked:
        return str(Month.parse(asked))
    return months[0] if months else ""
