"""Several people acting on the same record at the same moment, each in their own transaction.

``at_once`` runs each act on its own thread and session. Every session first looks at the
record (as a page does before its button is pressed) and only then do all acts start together
(a ``threading.Barrier``): each act believes the record is still open, so only the database's
own check can keep the second decision out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kefu.audit.models import AuditEvent
from kefu.db import unit_of_work
from kefu.errors import KefuError

WON = "won"


def at_once(
    engine: Engine,
    look: Callable[[Session], object],
    acts: Sequence[Callable[[Session], object]],
) -> list[str | BaseException]:
    """Each act's outcome in order: ``WON`` when it committed, else what it raised."""
    barrier = threading.Barrier(len(acts))
    outcomes: list[str | BaseException] = ["not run"] * len(acts)

    def run(i: int) -> None:
        try:
            with unit_of_work(engine) as session:
                seen = look(session)  # held: the session keeps what it saw until the act
                barrier.wait(timeout=60)
                acts[i](session)
                del seen
            outcomes[i] = WON
        except BaseException as exc:  # the test asserts on it, whatever it is
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(acts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def one_winner(outcomes: list[str | BaseException], refusal: str) -> int:
    """Exactly one act won; every other got a 409 whose message holds ``refusal``.

    Returns the index of the winner.
    """
    winners = [i for i, o in enumerate(outcomes) if o == WON]
    assert len(winners) == 1, outcomes
    for o in outcomes:
        if o == WON:
            continue
        assert isinstance(o, KefuError), repr(o)
        assert o.http_status == 409, (o.http_status, o.message)
        assert refusal in o.message, o.message
    return winners[0]


def audit_rows(engine: Engine, action: str) -> int:
    """How many audit rows of this action were committed."""
    with unit_of_work(engine) as session:
        return (
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
            )
            or 0
        )
