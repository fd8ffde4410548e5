"""The JSON API: closed rows exactly as kefu.closing.results gives them, errors as {"detail"}."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.closing import results
from kefu.db import engine_for, unit_of_work
from kefu.periods import Month, Quarter
from kefu.web.app import create_app
from tests.web import KNOWN_PERSON, MONTH, QUARTER, make_demo_database, sign_in


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_api"))


@pytest.fixture(scope="module")
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(database_url), base_url="https://testserver") as client:
        sign_in(client, "manager")
        yield client


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    with unit_of_work(engine_for(database_url)) as session:
        yield session


def test_health_says_ok(client: TestClient) -> None:
    answer = client.get("/api/v1/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_month_results_are_the_closed_rows_in_chinese(client: TestClient, session: Session) -> None:
    answer = client.get(f"/api/v1/months/{MONTH}/results")
    assert answer.status_code == 200
    assert answer.json() == results.monthly(session, Month.parse(MONTH), "zh").rows


def test_month_results_in_english_are_the_english_rows(
    client: TestClient, session: Session
) -> None:
    answer = client.get(f"/api/v1/months/{MONTH}/results", params={"lang": "en", "revision": 1})
    assert answer.json() == results.monthly(session, Month.parse(MONTH), "en", 1).rows
    assert any(r["reasons"] and r["reasons"][0].startswith("R-") for r in answer.json())


def test_explain_gives_the_lines_of_one_persons_month(client: TestClient, session: Session) -> None:
    answer = client.get(f"/api/v1/months/{MONTH}/people/{KNOWN_PERSON[0]}/explain")
    assert answer.status_code == 200
    lines = answer.json()["lines"]
    assert lines == results.explain(session, Month.parse(MONTH), KNOWN_PERSON[0], "zh")
    assert any("R-BON-1" in line for line in lines)


def test_quarter_results_are_the_closed_stars(client: TestClient, session: Session) -> None:
    answer = client.get(f"/api/v1/quarters/{QUARTER}/results")
    assert answer.status_code == 200
    assert answer.json() == results.quarterly(session, Quarter.parse(QUARTER), "zh").rows


def test_unclosed_month_is_a_404_with_a_chinese_detail(client: TestClient) -> None:
    answer = client.get("/api/v1/months/2030-01/results")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "月份 2030-01 尚未结算:请先执行 kefu close monthly 2030-01"}


def test_malformed_month_is_a_400_with_a_detail(client: TestClient) -> None:
    answer = client.get("/api/v1/months/2026-13/results")
    assert answer.status_code == 400
    assert "格式不正确" in answer.json()["detail"]


def test_malformed_quarter_is_a_400_with_a_detail(client: TestClient) -> None:
    answer = client.get("/api/v1/quarters/2026-09/results")
    assert answer.status_code == 400
    assert "格式不正确" in answer.json()["detail"]


def test_unknown_person_is_a_404_in_the_asked_language(client: TestClient) -> None:
    answer = client.get(f"/api/v1/months/{MONTH}/people/9999/explain", params={"lang": "en"})
    assert answer.status_code == 404
    assert answer.json() == {"detail": f"No result for employee 9999 in {MONTH}"}


def test_an_unknown_language_is_refused(client: TestClient) -> None:
    answer = client.get(f"/api/v1/months/{MONTH}/results", params={"lang": "fr"})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/json")
