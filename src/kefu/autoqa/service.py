"""Use cases of the automatic check (自动质检, R-QA-2)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kefu.qa.models import QaContact


def check_contact(session: Session, contact: QaContact) -> Any | None:
    """Check a contact's transcript against the active phrase library and store the result.

    Returns the stored check (with ``id``, ``suggested_score`` and ``findings``), or None when
    the contact has no transcript. Called by kefu.qa.service whenever a contact is added.
    """
    return None


def latest_check(session: Session, contact_id: int) -> Any | None:
    """The newest stored check of a contact, or None."""
    return None
