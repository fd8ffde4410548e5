"""Uploads built to hurt the server: refused with a capped list, audited, never blocking others."""

from __future__ import annotations

import asyncio
import inspect
import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from kefu.accounts.service import add_user, create_api_token
from kefu.audit.models import AuditEvent
from kefu.db import engine_for, unit_of_work
from kefu.errors import KefuError
from kefu.web import imports_web, pages_whatif
from kefu.web.app import create_app
from tests.imports.hostile import make_corpus
from tests.web import DEMO_PASSWORD, csrf_of, sign_in
from tests.web.test_concurrency import on_own_loop

CORPUS = Path(__file__).parents[1] / "imports" / "hostile" / "files"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 200  # problems a refusal lists (Settings import_shown_problems)
BUSY_SECONDS = 2.5  # how long the stand-in for a heavy import holds its worker thread


@pytest.fixture
def center(database_url: str) -> str:
    """A database with one manager account (a demo account: its password as the demo's)."""
    with unit_of_work(engine_for(database_url)) as session:
        add_user(session, "tester", "manager", "manager" + DEMO_PASSWORD, "manager", demo=True)
    return database_url


@pytest.fixture
def browser(center: str) -> Iterator[TestClient]:
    with TestClient(create_app(center), base_url="https://testserver") as client:
        yield sign_in(client, "manager")


@pytest.fixture
def api(center: str) -> Iterator[TestClient]:
    with unit_of_work(engine_for(center)) as session:
        token = create_api_token(session, "tester", "manager", "hostile uploads")
    with TestClient(create_app(center), base_url="https://testserver") as client:
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def refusals(url: str) -> list[Any]:
    with engine_for(url).connect() as connection:
        return list(
            connection.execute(
                select(AuditEvent.actor, AuditEvent.target, AuditEvent.detail).where(
                    AuditEvent.action == "import.refused"
                )
            )
        )


def test_no_route_runs_its_work_on_the_event_loop() -> None:
    app = create_app("sqlite://")
    on_loop = [
        route.path
        for route in app.routes
        if isinstance(route, APIRoute) and inspect.iscoroutinefunction(route.endpoint)
    ]
    assert on_loop == []


def test_the_preview_page_lists_200_problems_and_counts_the_rest(browser: TestClient) -> None:
    page = browser.post(
        "/imports/preview",
        data={"csrf_token": csrf_of(browser), "kind": "monthly-scores"},
        files={"file": ("many.csv", (CORPUS / "many_problems.csv").read_bytes(), "text/csv")},
    )
    assert page.status_code == 422
    body = page.text.split('<table class="problems">', 1)[1].split("</table>", 1)[0]
    listed = len(re.findall(r"<tr><td>", body))
    total = int(re.search(r"发现 (\d+) 个问题", page.text).group(1))  # type: ignore[union-attr]
    assert listed == SHOWN
    assert total > SHOWN
    assert f"另有 {total - SHOWN} 条问题未列出" in page.text


def test_the_api_lists_200_problems_and_counts_the_rest(api: TestClient) -> None:
    answer = api.post(
        "/api/v1/imports",
        data={"kind": "monthly-scores"},
        files={"file": ("many.csv", (CORPUS / "many_problems.csv").read_bytes(), "text/csv")},
    )
    assert answer.status_code == 422
    lines = answer.json()["detail"].splitlines()
    total = int(re.search(r"共 (\d+) 处错误", lines[0]).group(1))  # type: ignore[union-attr]
    assert len(lines) == 1 + SHOWN + 1
    assert (
        lines[-1]
        == f"另有 {total - SHOWN:,} 条问题未列出 ({total - SHOWN:,} more problems not listed)"
    )


def test_a_refused_preview_is_audited_with_who_what_and_the_first_problems(
    browser: TestClient, center: str
) -> None:
    page = browser.post(
        "/imports/preview",
        data={"csrf_token": csrf_of(browser)},
        files={
            "file": ("成绩.xlsx", (CORPUS / "formula_without_cached_value.xlsx").read_bytes(), XLSX)
        },
    )
    assert page.status_code == 422
    assert "单元格 C4 是公式但没有保存计算结果" in page.text
    [event] = refusals(center)
    assert (event.actor, event.target) == ("manager", "成绩.xlsx")
    assert event.detail["problems"] == 1
    assert event.detail["sheets"] == ["月度成绩"]
    assert "单元格 C4" in event.detail["first"][0]


def test_a_refused_api_import_is_audited_and_nothing_is_written(
    api: TestClient, center: str
) -> None:
    answer = api.post(
        "/api/v1/imports",
        files={"file": ("bomb.xlsx", (CORPUS / "zip_bomb_300mb.xlsx").read_bytes(), XLSX)},
    )
    assert answer.status_code == 422
    assert "压缩文件解压后过大" in answer.json()["detail"]
    [event] = refusals(center)
    assert event.target == "bomb.xlsx"
    with engine_for(center).connect() as connection:
        actions = [a for (a,) in connection.execute(select(AuditEvent.action))]
    assert "import" not in actions


def busy(*_: object, **__: object) -> Any:
    """A stand-in for heavy synchronous work: it holds its thread, then gives up."""
    time.sleep(BUSY_SECONDS)
    raise KefuError("busy")


@pytest.mark.parametrize(
    ("route", "target", "name"),
    [
        ("/imports/preview", imports_web, "preview"),
        ("/api/v1/imports", imports_web, "apply"),
        ("/whatif", pages_whatif, "closed_month"),
    ],
)
def test_health_answers_within_a_second_while_heavy_work_runs(
    center: str, monkeypatch: pytest.MonkeyPatch, route: str, target: object, name: str
) -> None:
    monkeypatch.setattr(target, name, busy)
    app = create_app(center)
    with TestClient(app, base_url="https://testserver") as client:
        sign_in(client, "manager")
        cookies = dict(client.cookies)
        token = csrf_of(client)

    async def run() -> tuple[float, int]:
        transport = httpx.ASGITransport(app=app)
        async with (
            httpx.AsyncClient(
                transport=transport, base_url="https://testserver", cookies=cookies, timeout=30
            ) as http,
            app.router.lifespan_context(app),
        ):
            await http.get("/api/v1/health")  # the first request warms the app up
            upload = {"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}
            heavy = asyncio.create_task(
                http.post(
                    route,
                    data={"csrf_token": token, "kind": "monthly-scores", "month": "2026-10"},
                    files=upload,
                    headers={"X-CSRF-Token": token},
                )
            )
            await asyncio.sleep(0.5)  # the heavy request is under way
            started = time.perf_counter()
            health = await http.get("/api/v1/health")
            waited = time.perf_counter() - started
            assert not heavy.done()
            answer = await heavy
            return waited, answer.status_code if health.status_code == 200 else -1

    waited, status = on_own_loop(run)
    assert status == 400  # the stand-in's refusal, after it held its thread
    assert waited < 1.0


def test_a_zip_of_transcripts_lists_200_problems_and_counts_the_rest(browser: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for i in range(250):
            bundle.writestr(f"{9000 + i}_phone_20261001-0900_{i}.txt", "坐席:您好")
    page = browser.post(
        "/qa/autoqa/import",
        data={"csrf_token": csrf_of(browser), "channel": "phone"},
        files={"upload": ("calls.zip", buffer.getvalue(), "application/zip")},
    )
    assert page.status_code == 422
    assert "导入失败，共 250 处错误" in page.text
    body = page.text.split('<table class="problems">', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr><td>", body)) == SHOWN + 1
    assert "另有 50 条问题未列出" in page.text


def test_a_zip_bomb_of_transcripts_is_refused_by_the_import_page_and_audited(
    browser: TestClient, center: str
) -> None:
    page = browser.post(
        "/qa/autoqa/import",
        data={"csrf_token": csrf_of(browser), "channel": "phone"},
        files={
            "upload": (
                "calls.zip",
                (CORPUS / "zip_bomb_300mb.xlsx").read_bytes(),
                "application/zip",
            )
        },
    )
    assert page.status_code == 422
    assert "压缩文件解压后过大" in page.text
    [event] = refusals(center)
    assert (event.actor, event.target) == ("manager", "calls.zip")
    assert event.detail["kind"] == "transcripts"
    assert "压缩文件解压后过大" in event.detail["first"][0]


def test_a_refused_question_bank_is_audited(browser: TestClient, center: str) -> None:
    sheet = make_corpus.sheet_xml(
        make_corpus.rows_xml([["题型", "题目"], ["单选", "x"]])
        + '<row r="3"><c r="A3" t="e"><v>#N/A</v></c></row>'
    )
    page = browser.post(
        "/exams/bank/import",
        data={"csrf_token": csrf_of(browser)},
        files={"file": ("题库.xlsx", make_corpus.workbook_bytes({"题库": sheet}), XLSX)},
    )
    assert page.status_code == 422
    assert "单元格 A3 是错误值 #N/A" in page.text
    [event] = refusals(center)
    assert (event.target, event.detail["kind"]) == ("题库.xlsx", "question_bank")
