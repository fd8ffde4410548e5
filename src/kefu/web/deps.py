"""Request plumbing shared by pages and the API: the unit of work, common query parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Form, Path, Query, Request
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from kefu.db import unit_of_work
from kefu.explain.messages import Lang
from kefu.people.identifiers import STAFF_NO_MAX, IdentifierInvalid, normalize_staff_no
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


def staff_no(raw: str) -> str:
    """A 工号 from a request in its one form (１００５ → 1005); refused, naming a hidden character."""
    try:
        return normalize_staff_no(raw)
    except IdentifierInvalid as exc:
        # the message as the user reads it; "{message}" keeps its braces from being a template
        raise PydanticCustomError("staff_no", "{message}", {"message": exc.message}) from None


def staff_no_or_blank(raw: str) -> str:
    """An optional 工号 field: blank stays blank (the route says whether it is needed)."""
    return staff_no(raw) if raw.strip() else ""


# Every 工号 a request carries is one of these: a path segment, a query or form field, a JSON
# field. Full-width digits and letters become half-width, so ０１２ and 012 are one person.
StaffNo = Annotated[str, AfterValidator(staff_no)]
OptionalStaffNo = Annotated[str, AfterValidator(staff_no_or_blank)]
StaffNoPath = Annotated[
    str, Path(max_length=STAFF_NO_MAX, description="工号"), AfterValidator(staff_no)
]
StaffNoQuery = Annotated[str, Query(max_length=STAFF_NO_MAX), AfterValidator(staff_no_or_blank)]
StaffNoForm = Annotated[str, Form(max_length=STAFF_NO_MAX), AfterValidator(staff_no_or_blank)]


def chosen_month(asked: str, months: list[str]) -> str:
    """The month a page shows: the one asked for, else the newest of ``months``, else none."""
    if asked:
        return str(Month.parse(asked))
    return months[0] if months else ""
