"""Builders shared by the web tests: the demo center in a temporary SQLite database."""

from __future__ import annotations

import atexit
import re
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from kefu.closing.service import close_month
from kefu.db import engine_for, migrate, unit_of_work
from kefu.demo import load_demo
from kefu.imports.service import import_file
from kefu.periods import Month
from kefu.web.app import create_app

MONTH = "2026-10"
QUARTER = "2026Q3"
KNOWN_PERSON = ("1005", "赵霞")


_demo_template: Path | None = None


def make_demo_database(folder: Path) -> str:
    """A migrated SQLite database under ``folder`` holding the demo center, every period closed.

    The demo center is built once per test process and copied (database and import files): a
    build takes seconds, a copy milliseconds, and every copy starts the same.
    """
    global _demo_template
    if _demo_template is None:
        built = Path(tempfile.mkdtemp(prefix="kefu-demo-"))
        atexit.register(shutil.rmtree, built, ignore_errors=True)
        engine = engine_for(f"sqlite:///{built / 'kefu.sqlite3'}")
        migrate(engine)
        with unit_of_work(engine) as session:
            load_demo(session, "tester", folder=built)
        engine.dispose()
        _demo_template = built
    folder.mkdir(parents=True, exist_ok=True)
    for source in _demo_template.iterdir():
        if source.suffix == ".xlsx":
            shutil.copy(source, folder / source.name)
    with (
        sqlite3.connect(_demo_template / "kefu.sqlite3") as src,
        sqlite3.connect(folder / "kefu.sqlite3") as dst,
    ):
        src.backup(dst)
    src.close()
    dst.close()
    return f"sqlite:///{folder / 'kefu.sqlite3'}"


def make_second_revision(url: str, folder: Path, employee_no: str, month: str) -> None:
    """Correct one person's scores of a closed month to 95 and close it again (revision 2)."""
    scores = folder / "更正成绩.csv"
    scores.write_text(
        f"工号,月份,通话评估成绩,工作评估成绩,综合工作表现\n{employee_no},{month},95,95,95\n",
        encoding="utf-8",
    )
    with unit_of_work(engine_for(url)) as session:
        import_file(session, scores, "monthly-scores", "tester", date(2026, 11, 2), correct=True)
        close_month(session, Month.parse(month), "tester")


def body_rows(html: str) -> list[str]:
    """The <tr> elements inside the page's <tbody>."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.S)


DEMO_PASSWORD = "123456"  # the demo accounts' passwords are the username followed by this


def sign_in(client: TestClient, username: str, password: str | None = None) -> TestClient:
    """Sign the client in through the sign-in form, as a browser would."""
    page = client.get("/sign-in")
    token = re.search(r'name="sign_in_csrf" value="([^"]+)"', page.text)
    assert token is not None, page.text
    response = client.post(
        "/sign-in",
        data={
            "username": username,
            "password": password if password is not None else username + DEMO_PASSWORD,
            "sign_in_csrf": token.group(1),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, as the pages carry it in their forms."""
    page = client.get("/roles")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    return token.group(1)


def signed_in_client(url: str, username: str) -> TestClient:
    """A client of a new app on ``url`` (over https, so the Secure cookie is sent), signed in."""
    client = TestClient(create_app(url), base_url="https://testserver")
    client.__enter__()
    return sign_in(client, username)
