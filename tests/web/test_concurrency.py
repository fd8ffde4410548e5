"""Many signed-in requests at once finish, even with fewer connections than requests."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from kefu.config import get_settings
from kefu.web.app import create_app
from tests.web import MONTH, make_demo_database

T = TypeVar("T")


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KEFU_DB_POOL_SIZE", "2")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def _sign_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/sign-in")
    token = re.search(r'name="sign_in_csrf" value="([^"]+)"', page.text)
    assert token is not None
    answer = await client.post(
        "/sign-in",
        data={"username": "manager", "password": "manager123456", "sign_in_csrf": token.group(1)},
    )
    assert answer.status_code in (200, 303)


def on_own_loop(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on a new event loop in its own thread.

    The browser tests' Playwright (sync API) keeps an event loop running in the main thread
    of the pytest worker they ran in; asyncio.run() there would refuse to start.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(make())
        except BaseException as exc:  # re-raised in the test's thread
            box["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def test_thirty_requests_at_once_all_finish_with_two_connections(
    tmp_path: Path, small_pool: None
) -> None:
    url = make_demo_database(tmp_path)
    app = create_app(url)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(
                transport=transport, base_url="https://testserver", timeout=60
            ) as client,
            app.router.lifespan_context(app),
        ):
            await _sign_in(client)
            paths = [f"/months/{MONTH}", "/api/v1/me", f"/api/v1/months/{MONTH}/results"]
            answers = await asyncio.wait_for(
                asyncio.gather(*(client.get(paths[i % 3]) for i in range(30))), timeout=60
            )
            return [a.status_code for a in answers]

    assert on_own_loop(run) == [200] * 30


def test_the_sign_in_lookup_never_runs_on_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a database call on the event loop stalls every other request (and, with the pool
    # taken, the whole server): the lookup must run in a worker thread
    import threading

    from kefu.accounts import service as accounts

    url = make_demo_database(tmp_path)
    app = create_app(url)
    real = accounts.session_user
    threads: list[str] = []

    def recording(session, token):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(session, token)

    monkeypatch.setattr(accounts, "session_user", recording)

    async def run() -> tuple[str, int]:
        loop_thread = threading.current_thread().name
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(transport=transport, base_url="https://testserver") as client,
            app.router.lifespan_context(app),
        ):
            await _sign_in(client)
            answer = await client.get("/api/v1/me")
            return loop_thread, answer.status_code

    loop_thread, status = on_own_loop(run)
    assert status == 200
    assert threads and loop_thread not in threads
