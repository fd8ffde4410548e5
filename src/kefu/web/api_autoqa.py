"""The JSON API of the automatic check (/api/v1/autoqa, R-QA-2).

The same services and permissions as the pages (kefu.web.pages_autoqa): QA, team leaders and
managers check transcripts and read libraries and a contact's checks; QA and managers store new
library versions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from kefu.accounts.rules import Viewer
from kefu.autoqa import rules
from kefu.autoqa import service as autoqa
from kefu.web.api_v1 import INT_MAX, Strict, Text
from kefu.web.deps import SessionDep
from kefu.web.pages_autoqa import contact_for, library_for_check
from kefu.web.security import require

api = APIRouter(prefix="/api/v1", tags=["kefu"])

Checker = Annotated[Viewer, Depends(require("autoqa.check"))]
Keeper = Annotated[Viewer, Depends(require("autoqa.library"))]
ContactPath = Annotated[int, Path(ge=1, le=INT_MAX, description="联络编号")]
KeyPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class CheckIn(Strict):
    """A transcript to check (text, JSON or CSV of speaker turns)."""

    text: Text = Field(min_length=1, max_length=rules.MAX_TRANSCRIPT)
    format: Literal["text", "json", "csv"] | None = None
    library: Text = Field("", max_length=64, description="library key; default: the phone one")
    rest_day: bool = False


class LibraryIn(Strict):
    """A phrase library's YAML, stored as a new version."""

    text: Text = Field(min_length=1, max_length=200_000)


def _row(row: Any) -> dict[str, Any]:
    return {
        "key": row.key,
        "version": row.version,
        "name": row.name,
        "active": row.active,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat(),
    }


@api.post("/autoqa/check")
def api_autoqa_check(body: CheckIn, session: SessionDep, viewer: Checker) -> dict[str, Any]:
    """Check one transcript; the findings with quotes and the suggested score."""
    library = library_for_check(session, body.library)
    return rules.check_text(library, body.text, body.format, body.rest_day).as_dict()


@api.get("/autoqa/libraries")
def api_autoqa_libraries(session: SessionDep, viewer: Checker) -> list[dict[str, Any]]:
    """Every stored library version."""
    return [_row(r) for r in autoqa.library_rows(session)]


@api.get("/autoqa/libraries/{key}")
def api_autoqa_library(
    key: KeyPath, session: SessionDep, viewer: Checker, version: int | None = None
) -> dict[str, Any]:
    """One library version (default: the active one) with its YAML."""
    row = autoqa.library_row(session, key, version)
    return {**_row(row), "yaml": row.yaml_text}


@api.post("/autoqa/libraries", status_code=201)
def api_autoqa_library_save(body: LibraryIn, session: SessionDep, viewer: Keeper) -> dict[str, Any]:
    """Validate and store a library as its new active version (422 lists each bad line)."""
    return _row(autoqa.save_library(session, viewer.username, body.text))


@api.get("/autoqa/contacts/{contact_id}/checks")
def api_autoqa_contact_checks(
    contact_id: ContactPath, session: SessionDep, viewer: Checker
) -> list[dict[str, Any]]:
    """The stored checks of one contact, newest first."""
    contact = contact_for(session, viewer, contact_id)
    return [
        {
            "id": c.id,
            "library": c.library_key,
            "version": c.library_version,
            "suggested_score": str(c.findings.get("suggested_score")),
            "checked_at": c.checked_at.isoformat(),
            "findings": c.findings,
        }
        for c in autoqa.checks_of(session, contact.id)
    ]
