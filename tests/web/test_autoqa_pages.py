"""The automatic check in the browser and over the JSON API (R-QA-2, R-PRV-1): paste a
transcript and see the evidence marked; the libraries, one version, an edit stored as a new
version; the checks of a contact, kept to those who see the agent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from kefu.accounts.service import create_api_token
from kefu.autoqa import service as autoqa
from kefu.autoqa.library import preset_texts
from kefu.db import engine_for, unit_of_work
from kefu.qa.models import QaContact
from kefu.web.app import create_app
from tests.web import csrf_of, make_demo_database, sign_in

TEXT = "坐席: 您好，工号120为您服务\n客户: 我要投诉\n坐席: 我们不会说“不能办”。这事不归我们管。\n"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_autoqa"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("agent", "qa", "leader", "manager"):
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def post(client: TestClient, path: str, data: dict[str, object], **kwargs: object) -> object:
    return client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False, **kwargs
    )


def test_R_QA_2_check_page_marks_evidence(clients: dict[str, TestClient]) -> None:
    qa = clients["qa"]
    assert qa.get("/qa/autoqa").status_code == 200
    page = post(qa, "/qa/autoqa", {"text": TEXT, "library": "seed-004"})
    assert page.status_code == 200  # type: ignore[attr-defined]
    html = page.text  # type: ignore[attr-defined]
    assert '<mark class="forbidden"' in html and "这事不归我们管</mark>" in html
    assert '<mark class="mention"' in html
    assert "建议得分" in html
    english = post(qa, "/qa/autoqa?lang=en", {"text": TEXT, "library": "seed-004"})
    assert "Suggested score" in english.text  # type: ignore[attr-defined]


def test_R_QA_2_upload_and_empty_form(clients: dict[str, TestClient]) -> None:
    qa = clients["qa"]
    sent = post(qa, "/qa/autoqa", {}, files={"upload": ("call.txt", TEXT.encode(), "text/plain")})
    assert sent.status_code == 200 and "这事不归我们管" in sent.text  # type: ignore[attr-defined]
    empty = post(qa, "/qa/autoqa", {"text": ""})
    assert empty.status_code == 400  # type: ignore[attr-defined]


def test_R_QA_2_agents_do_not_check(clients: dict[str, TestClient]) -> None:
    assert clients["agent"].get("/qa/autoqa").status_code == 403


def test_R_QA_2_library_pages_and_new_version(
    clients: dict[str, TestClient], database_url: str
) -> None:
    qa = clients["qa"]
    listed = qa.get("/qa/autoqa/libraries")
    assert "seed-004" in listed.text and "seed-000-cinema" in listed.text
    shown = qa.get("/qa/autoqa/libraries/seed-004")
    assert shown.status_code == 200 and "我也不知道" in shown.text
    bad = post(qa, "/qa/autoqa/libraries/seed-004", {"text": "key: seed-004\nname: [\n"})
    assert bad.status_code == 422 and "第 " in bad.text  # type: ignore[attr-defined]
    with unit_of_work(engine_for(database_url)) as session:
        before = autoqa.library_row(session, "seed-004").version
    text = preset_texts()["seed-004"].replace("name: 服务规范话术库", "name: 服务规范话术库(修订)")
    saved = post(qa, "/qa/autoqa/libraries/seed-004", {"text": text})
    assert saved.status_code == 303  # type: ignore[attr-defined]
    with unit_of_work(engine_for(database_url)) as session:
        assert autoqa.library_row(session, "seed-004").version == before + 1
    leader = post(clients["leader"], "/qa/autoqa/libraries/seed-004", {"text": text})
    assert leader.status_code == 403  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def api_qa(app: FastAPI, database_url: str) -> Iterator[TestClient]:
    with unit_of_work(engine_for(database_url)) as session:
        token = create_api_token(session, "test", "qa", "test")
    client = TestClient(
        app, base_url="https://testserver", headers={"Authorization": f"Bearer {token}"}
    )
    client.__enter__()
    yield client
    client.__exit__(None, None, None)


def test_R_QA_2_api_check_and_libraries(api_qa: TestClient) -> None:
    qa = api_qa
    result = qa.post("/api/v1/autoqa/check", json={"text": TEXT, "library": "seed-004"})
    assert result.status_code == 200
    data = result.json()
    assert [f["key"] for f in data["forbidden"]] == ["not_our_business"]
    assert data["forbidden"][0]["quote"]["text"] == "这事不归我们管"
    assert qa.post("/api/v1/autoqa/check", json={"text": TEXT, "extra": 1}).status_code == 422
    keys = {r["key"] for r in qa.get("/api/v1/autoqa/libraries").json()}
    assert {"seed-004", "seed-000-cinema"} <= keys
    assert "yaml" in qa.get("/api/v1/autoqa/libraries/seed-000-cinema").json()
    refused = qa.post("/api/v1/autoqa/libraries", json={"text": "key: x\n"})
    assert refused.status_code == 422


def test_R_QA_2_contact_checks_in_scope_only(
    clients: dict[str, TestClient], api_qa: TestClient, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        contact = QaContact(
            employee_no="999990",
            channel="phone",
            contact_at=datetime(2026, 11, 2, 9, 0),
            reference="W-1",
            transcript=TEXT,
            transcript_format="text",
            created_by="qa",
        )
        session.add(contact)
        session.flush()
        autoqa.check_contact(session, contact)
        contact_id = contact.id
        assert session.scalars(select(QaContact.id)).first() is not None
    qa = clients["qa"]
    page = qa.get(f"/qa/contacts/{contact_id}/checks")
    assert page.status_code == 200 and "这事不归我们管" in page.text
    again = post(qa, f"/qa/contacts/{contact_id}/checks", {})
    assert again.status_code == 303  # type: ignore[attr-defined]
    api = api_qa.get(f"/api/v1/autoqa/contacts/{contact_id}/checks").json()
    assert len(api) >= 2
    # the leader does not see an agent outside the team: 404, nothing leaks (R-PRV-1)
    assert clients["leader"].get(f"/qa/contacts/{contact_id}/checks").status_code == 404
    assert clients["agent"].get(f"/qa/contacts/{contact_id}/checks").status_code == 403


def test_R_QA_2_templates_exist() -> None:
    folder = Path(__file__).resolve().parents[2] / "src" / "kefu" / "web" / "templates"
    for name in (
        "autoqa_check.html",
        "autoqa_libraries.html",
        "autoqa_library.html",
        "autoqa_contact.html",
    ):
        assert (folder / name).is_file()


def _agent_no(database_url: str, username: str) -> str:
    from kefu.accounts.service import get_user

    with unit_of_work(engine_for(database_url)) as session:
        no = get_user(session, username).employee_no
    assert no is not None
    return no


def _contacts(database_url: str) -> int:
    with unit_of_work(engine_for(database_url)) as session:
        return len(session.scalars(select(QaContact.id)).all())


def test_R_QA_2_a_zip_of_transcripts_becomes_checked_contacts(
    clients: dict[str, TestClient], database_url: str
) -> None:
    import io
    import zipfile

    agent = _agent_no(database_url, "agent")
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr(f"{agent}_chat_20261103-0930_Z1.txt", TEXT)
        z.writestr(f"{agent}_email_20261103-1000_Z2.txt", "坐席: 您好，工号120为您服务\n")
    before = _contacts(database_url)
    page = post(
        clients["qa"],
        "/qa/autoqa/import",
        {"agent": "", "channel": "phone", "at": ""},
        files={"upload": ("calls.zip", bundle.getvalue(), "application/zip")},
    )
    assert page.status_code == 200, page.text  # type: ignore[attr-defined]
    html = page.text  # type: ignore[attr-defined]
    assert "已导入 2 份转写，全部已自动质检。" in html
    assert _contacts(database_url) == before + 2
    with unit_of_work(engine_for(database_url)) as session:
        added = session.scalars(select(QaContact).order_by(QaContact.id.desc()).limit(2)).all()
        assert {c.reference for c in added} == {"Z1", "Z2"}
        assert all(autoqa.latest_check(session, c.id) is not None for c in added)


def test_R_QA_2_an_unknown_staff_number_refuses_the_whole_upload(
    clients: dict[str, TestClient], database_url: str
) -> None:
    agent = _agent_no(database_url, "agent")
    table = (
        "工号,渠道,时间,编号,内容\n"
        f'{agent},phone,2026-11-03 09:00,T1,"坐席: 您好"\n'
        '0000,phone,2026-11-03 09:05,T2,"坐席: 您好"\n'
    )
    before = _contacts(database_url)
    page = post(
        clients["qa"],
        "/qa/autoqa/import",
        {},
        files={"upload": ("calls.csv", table.encode("utf-8"), "text/csv")},
    )
    assert page.status_code == 422  # type: ignore[attr-defined]
    html = page.text  # type: ignore[attr-defined]
    assert "未写入任何数据" in html and "0000" in html and "没有这个工号" in html
    assert _contacts(database_url) == before
    # leaders check transcripts but do not add contacts
    assert clients["leader"].get("/qa/autoqa/import").status_code == 403
