"""The queries of the sign-in throttle: read keys, count a failure atomically, forget keys.

A failure is counted by one INSERT … ON CONFLICT DO UPDATE SET failures = failures + 1
RETURNING failures, so attempts made in parallel (threads, or several worker processes) all
count; it works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kefu.accounts.models import SignInThrottle

THROTTLE = cast(Table, SignInThrottle.__table__)
STALE_BATCH = 500


@dataclass(frozen=True)
class KeyState:
    """A key's failures within the window, and until when its next attempt must wait."""

    failures: int = 0
    blocked_until: datetime | None = None


def states(session: Session, keys: list[str], window_start: datetime) -> dict[str, KeyState]:
    """Each key's state; a key whose last failure is older than the window has none."""
    rows = session.execute(
        select(
            THROTTLE.c.key,
            THROTTLE.c.failures,
            THROTTLE.c.last_failure_at,
            THROTTLE.c.blocked_until,
        ).where(THROTTLE.c.key.in_(keys))
    ).all()
    found = {
        key: KeyState(failures if last >= window_start else 0, blocked)
        for key, failures, last, blocked in rows
    }
    return {key: found.get(key, KeyState()) for key in keys}


def count_failure(session: Session, key: str, moment: datetime, window_start: datetime) -> int:
    """One more failure of ``key``, atomically; the count restarts after a quiet window."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(THROTTLE).values(key=key, failures=1, last_failure_at=moment)
    stmt = stmt.on_conflict_do_update(
        index_elements=[THROTTLE.c.key],
        set_={
            "failures": case(
                (THROTTLE.c.last_failure_at < window_start, 1),
                else_=THROTTLE.c.failures + 1,
            ),
            "last_failure_at": moment,
        },
    )
    return int(session.execute(stmt.returning(THROTTLE.c.failures)).scalar_one())


def block(session: Session, key: str, until: datetime) -> None:
    """The key's next attempt waits until ``until`` (never shortening a longer wait)."""
    session.execute(
        update(THROTTLE)
        .where(
            THROTTLE.c.key == key,
            or_(THROTTLE.c.blocked_until.is_(None), THROTTLE.c.blocked_until < until),
        )
        .values(blocked_until=until)
    )


def forget(session: Session, keys: list[str]) -> None:
    session.execute(delete(THROTTLE).where(THROTTLE.c.key.in_(keys)))


def forget_prefixed(session: Session, prefix: str) -> None:
    """Forget every key beginning with ``prefix`` (an account's pairs with each address)."""
    session.execute(delete(THROTTLE).where(THROTTLE.c.key.startswith(prefix, autoescape=True)))


def forget_stale(session: Session, window_start: datetime, moment: datetime) -> None:
    """Drop keys with no failure in the window and no wait left, so the table stays small.

    At most STALE_BATCH a time; on PostgreSQL rows another attempt is counting are skipped
    (FOR UPDATE SKIP LOCKED), so two attempts never wait on each other's clean-up.
    """
    stale = (
        select(THROTTLE.c.key)
        .where(
            THROTTLE.c.last_failure_at < window_start,
            or_(THROTTLE.c.blocked_until.is_(None), THROTTLE.c.blocked_until <= moment),
        )
        .limit(STALE_BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)
    session.execute(delete(THROTTLE).where(THROTTLE.c.key.in_(stale.scalar_subquery())))


def waiting(session: Session, prefix: str, moment: datetime) -> dict[str, datetime]:
    """The keys beginning with ``prefix`` that wait past ``moment`` (prefix removed): until when."""
    rows = session.execute(
        select(THROTTLE.c.key, THROTTLE.c.blocked_until).where(
            THROTTLE.c.key.startswith(prefix, autoescape=True), THROTTLE.c.blocked_until > moment
        )
    ).all()
    return {key[len(prefix) :]: until for key, until in rows}
