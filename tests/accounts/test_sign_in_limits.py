"""Signing in under attack: back-off per account and per address, counted atomically, audited.

Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from kefu.accounts import service as accounts
from kefu.accounts.models import SignInThrottle
from kefu.audit.models import AuditEvent
from kefu.config import get_settings
from kefu.db import unit_of_work
from kefu.errors import SignInFailed

PASSWORD = "Quiet-Harbour-Lamp"
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"


class Clock:
    """A hand-moved clock standing in for the service's own."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 2, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    moved = Clock()
    monkeypatch.setattr(accounts, "now", moved)
    yield moved


def add_manager(engine: Engine, username: str = "boss") -> None:
    with unit_of_work(engine) as session:
        accounts.add_user(session, "admin", username, PASSWORD, "manager", "王经理")


def attempt(engine: Engine, username: str, password: str, address: str) -> str:
    """One sign-in attempt as the web app makes it: 'ok' or the message shown."""
    with unit_of_work(engine) as session:
        try:
            accounts.authenticate(session, username, password, address)
        except SignInFailed as failure:
            session.commit()  # the web app keeps the failure, as here
            return failure.message
    return "ok"


def failures_of(engine: Engine, key: str) -> int:
    with unit_of_work(engine) as session:
        found = session.scalar(select(SignInThrottle.failures).where(SignInThrottle.key == key))
    return found or 0


def test_five_wrong_passwords_from_one_address_do_not_lock_the_manager_out_elsewhere(
    engine: Engine, clock: Clock
) -> None:
    add_manager(engine)
    for _ in range(5):
        assert attempt(engine, "boss", "guess-guess", ATTACKER) == accounts.SIGN_IN_REFUSED
    assert attempt(engine, "boss", PASSWORD, ATTACKER) == accounts.SIGN_IN_REFUSED
    assert attempt(engine, "boss", PASSWORD, OFFICE) == "ok"


def test_an_unknown_user_a_wrong_password_and_a_throttled_user_read_the_same(
    engine: Engine, clock: Clock
) -> None:
    add_manager(engine)
    for _ in range(6):
        attempt(engine, "boss", "guess-guess", ATTACKER)
    answers = {
        attempt(engine, "nobody", PASSWORD, OFFICE),
        attempt(engine, "boss", "another-guess", OFFICE),
        attempt(engine, "boss", PASSWORD, ATTACKER),
    }
    assert answers == {"用户名或密码错误，或尝试过于频繁，请稍后再试"}


def test_forty_parallel_wrong_passwords_count_forty_failures(engine: Engine) -> None:
    add_manager(engine)

    def guess(i: int) -> str:
        return attempt(engine, "boss", f"guess-{i}", f"10.0.{i}.1")

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(guess, range(40)))
    assert answers == [accounts.SIGN_IN_REFUSED] * 40
    assert failures_of(engine, "account:boss") == 40


def test_the_wait_doubles_with_each_failure_past_the_free_ones_and_then_expires(
    engine: Engine, clock: Clock
) -> None:
    settings = get_settings()
    add_manager(engine)
    for _ in range(settings.login_free_failures_account):
        attempt(engine, "boss", "guess-guess", ATTACKER)
    waits = []
    for _ in range(3):
        waited = 0
        while attempt(engine, "boss", PASSWORD, ATTACKER) != "ok" and waited < 3600:
            clock.advance(1)
            waited += 1
        waits.append(waited)
        for _ in range(2):  # the next wrong guess is counted once the wait is over
            clock.advance(settings.login_backoff_max_seconds)
            attempt(engine, "boss", "guess-guess", ATTACKER)
    base = settings.login_backoff_base_seconds
    assert waits[0] == base
    assert waits[1] > waits[0]  # two more failures: the wait has grown
    clock.advance(settings.login_failure_window_minutes * 60 + 1)
    assert attempt(engine, "boss", PASSWORD, ATTACKER) == "ok"


def test_the_wait_never_exceeds_its_cap(engine: Engine, clock: Clock) -> None:
    settings = get_settings()
    add_manager(engine)
    for _ in range(40):
        clock.advance(settings.login_backoff_max_seconds)
        attempt(engine, "boss", "guess-guess", ATTACKER)
    clock.advance(settings.login_backoff_max_seconds)
    assert attempt(engine, "boss", PASSWORD, ATTACKER) == "ok"


def test_one_address_guessing_many_names_is_slowed_down_for_every_name(
    engine: Engine, clock: Clock
) -> None:
    add_manager(engine)
    for i in range(get_settings().login_free_failures_address):
        attempt(engine, f"name{i}", "guess-guess", ATTACKER)
    assert attempt(engine, "boss", PASSWORD, ATTACKER) == accounts.SIGN_IN_REFUSED
    assert attempt(engine, "boss", PASSWORD, OFFICE) == "ok"


def test_failed_sign_ins_are_audited_with_name_address_and_reason_never_the_password(
    engine: Engine, clock: Clock
) -> None:
    add_manager(engine)
    attempt(engine, "boss", "secret-guess-1", ATTACKER)
    attempt(engine, "nob\x00ody\u202e" + "x" * 200, "secret-guess-2", ATTACKER)
    for _ in range(5):
        attempt(engine, "boss", "secret-guess-3", ATTACKER)
    attempt(engine, "boss", PASSWORD, ATTACKER)
    with unit_of_work(engine) as session:
        events = list(
            session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action == "sign_in.failed")
                .order_by(AuditEvent.id)
            )
        )
    reasons = [(e.target, e.detail["address"], e.detail["reason"]) for e in events]
    assert reasons[0] == ("boss", ATTACKER, "wrong_password")
    assert reasons[1][0] == "nobody" + "x" * 58 and reasons[1][2] == "unknown_user"
    assert reasons[-1] == ("boss", ATTACKER, "throttled")
    written = repr([(e.actor, e.target, e.detail) for e in events])
    assert "secret-guess" not in written and PASSWORD not in written


def test_an_administrator_clears_the_wait_of_an_account(engine: Engine, clock: Clock) -> None:
    add_manager(engine)
    for _ in range(6):
        attempt(engine, "boss", "guess-guess", ATTACKER)
    with unit_of_work(engine) as session:
        accounts.change_user(session, "admin", "boss", unlock=True)
    assert attempt(engine, "boss", PASSWORD, ATTACKER) == "ok"


def test_failures_older_than_the_window_leave_the_table(engine: Engine, clock: Clock) -> None:
    for i in range(3):
        attempt(engine, f"name{i}", "guess-guess", ATTACKER)
    clock.advance(get_settings().login_failure_window_minutes * 60 + 1)
    attempt(engine, "other", "guess-guess", OFFICE)
    with unit_of_work(engine) as session:
        keys = set(session.scalars(select(SignInThrottle.key)))
    assert keys == {"account:other", f"address:{OFFICE}", f"pair:other {OFFICE}"}
