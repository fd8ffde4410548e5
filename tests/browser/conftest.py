"""The browser tests' world: the demo center served by a real uvicorn, and Debian's Chromium.

Chromium comes from Debian (``make browser`` or .ci/run installs it with a Chinese font);
Playwright drives it and never downloads a browser of its own. Without it the tests fail.
"""

from __future__ import annotations

import glob
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import select

from kefu.accounts.models import User
from kefu.db import engine_for, unit_of_work
from kefu.people.service import roster
from kefu.web.app import create_app
from tests.browser import DemoCenter
from tests.web import make_demo_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "run `make browser` (apt-get install -y chromium fonts-wqy-microhei)"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_health(base_url: str, server_thread: threading.Thread) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not server_thread.is_alive():
            pytest.fail("the uvicorn server thread stopped before answering /api/v1/health")
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    pytest.fail(f"{base_url}/api/v1/health did not answer within 15 s")


def _agent_and_colleague(database_url: str) -> tuple[str, str, str]:
    with unit_of_work(engine_for(database_url)) as session:
        agent_no = session.scalar(select(User.employee_no).where(User.username == "agent"))
        assert agent_no, "the demo has no linked account `agent`"
        records = dict(roster(session))
    mine = records[agent_no]
    colleagues = sorted(
        no
        for no, r in records.items()
        if no != agent_no
        and r.role == "csr"
        and r.left_on is None
        and (r.department, r.team) == (mine.department, mine.team)
    )
    assert colleagues, f"the demo agent {agent_no} has no colleague in {mine.team}"
    return agent_no, colleagues[0], records[colleagues[0]].name


@pytest.fixture(scope="session")
def demo_center(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoCenter]:
    """The demo center in a SQLite file, served by uvicorn on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("browser_demo")
    database_url = make_demo_database(folder)
    agent_no, colleague_no, colleague_name = _agent_and_colleague(database_url)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(database_url), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base_url, thread)
        yield DemoCenter(base_url, database_url, folder, agent_no, colleague_no, colleague_name)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _chinese_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(listed.stdout.strip())


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium; the tests fail (not skip) when it is missing."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium; {INSTALL_HINT}"
        )
    if not _chinese_font_installed():
        pytest.fail(f"no Chinese font: pages would render as empty boxes; {INSTALL_HINT}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, so a failed test can leave a screenshot."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(
    browser: Browser, demo_center: DemoCenter, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A new browser (own cookies) on the demo center, in Chinese; a screenshot if the test fails."""
    context = browser.new_context(
        base_url=demo_center.base_url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    for old in SCREENSHOTS.glob(glob.escape(request.node.name) + "-*.png"):
        old.unlink()  # this test's screenshots of an earlier run
    tab = context.new_page()
    yield tab
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        tab.screenshot(path=SCREENSHOTS / f"{request.node.name}-failed.png", full_page=True)
    context.close()


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Keep a full-page screenshot as test-output/screenshots/<test-name>-<step>.png."""

    def take(step: str) -> Path:
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
