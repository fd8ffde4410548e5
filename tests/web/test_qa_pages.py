"""QA monitoring in the browser and over the JSON API (R-QA-1, R-PRV-1).

The demo center holds 30 contacts of November 1–2, their evaluations in every state (the demo
agent's own awaiting an answer, one disputed awaiting review by someone other than qa2), and a
closed calibration. The server's clock is fixed on 2026-11-03, inside the answer window.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.accounts.rules import Viewer
from kefu.accounts.service import get_user, viewer_of
from kefu.db import engine_for, unit_of_work
from kefu.qa import rules
from kefu.qa import service as qa
from kefu.web import pages_qa
from kefu.web.app import create_app
from tests.web import body_rows, csrf_of, make_demo_database, sign_in

NOW = datetime(2026, 11, 3, 10, 0)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_qa, "now", lambda: NOW)
        yield make_demo_database(tmp_path_factory.mktemp("web_qa"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("agent", "leader", "qa", "qa2", "hr", "manager"):
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def post(client: TestClient, path: str, data: dict[str, object]) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return sent


def viewer(url: str, username: str) -> Viewer:
    with unit_of_work(engine_for(url)) as session:
        return viewer_of(session, get_user(session, username))


def shown_ids(html: str) -> set[int]:
    return {int(x) for x in re.findall(r'data-evaluation="(\d+)"', html)}


def test_R_PRV_1_the_agent_sees_only_their_own_submitted_evaluations(
    clients: dict[str, TestClient], database_url: str
) -> None:
    me = viewer(database_url, "agent")
    page = clients["agent"].get("/qa/mine")
    assert page.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        own = {
            e.id
            for e in qa.evaluations(session, me, NOW.date(), employee_no=me.employee_no)
            if e.state != rules.DRAFT
        }
        others = qa.evaluations(session, viewer(database_url, "qa"), NOW.date())
    assert own and shown_ids(page.text) == own
    foreign = next(e for e in others if e.employee_no != me.employee_no and e.state != "draft")
    assert clients["agent"].get(f"/qa/evaluations/{foreign.id}").status_code == 404
    listed = clients["agent"].get("/api/v1/qa/evaluations").json()
    assert {row["employee_no"] for row in listed} == {me.employee_no}


def test_R_PRV_1_a_leader_sees_their_team_and_qa_sees_every_agent(
    clients: dict[str, TestClient], database_url: str
) -> None:
    lead = viewer(database_url, "leader")
    rows = clients["leader"].get("/api/v1/qa/evaluations").json()
    assert rows and all(
        r["team"] == lead.team or r["employee_no"] == lead.employee_no for r in rows
    )
    assert all(r["state"] != "draft" for r in rows)
    every = clients["qa"].get("/api/v1/qa/evaluations").json()
    assert len({r["team"] for r in every}) > 1
    assert any(r["state"] == "draft" for r in every)


def test_R_QA_1_the_agent_acknowledges_their_evaluation_and_it_is_final(
    clients: dict[str, TestClient], database_url: str
) -> None:
    me = viewer(database_url, "agent")
    with unit_of_work(engine_for(database_url)) as session:
        waiting = [
            e
            for e in qa.evaluations(session, me, NOW.date(), employee_no=me.employee_no)
            if e.state == rules.SUBMITTED
        ]
        e = waiting[-1]
        score, version = e.score, e.version
    page = clients["agent"].get(f"/qa/evaluations/{e.id}")
    assert "确认评分" in page.text and "提出申诉" in page.text
    done = post(clients["agent"], f"/qa/evaluations/{e.id}/acknowledge", {"version": version})
    assert done.status_code == 303
    shown = clients["agent"].get(f"/api/v1/qa/evaluations/{e.id}").json()
    assert shown["state"] == "final" and shown["final_score"] == shown["score"]
    assert shown["score"] is not None and score is not None
    again = post(clients["agent"], f"/qa/evaluations/{e.id}/acknowledge", {"version": version})
    assert again.status_code == 409


def test_R_QA_1_the_evaluator_may_not_review_a_dispute_a_second_reviewer_does(
    clients: dict[str, TestClient], database_url: str
) -> None:
    disputes = clients["qa2"].get("/api/v1/qa/disputes").json()
    assert disputes == []  # qa2 scored the demo's disputed evaluation
    waiting = clients["qa"].get("/api/v1/qa/disputes").json()
    assert len(waiting) == 1
    e = waiting[0]
    refused = clients["qa2"].post(
        f"/api/v1/qa/evaluations/{e['id']}/review",
        json={"version": e["version"], "answer": "维持"},
        headers={"X-CSRF-Token": csrf_of(clients["qa2"])},
    )
    assert refused.status_code == 403
    page = clients["qa"].get(f"/qa/evaluations/{e['id']}")
    assert "复核申诉" in page.text and "录音中我已报工号" in page.text
    done = post(
        clients["qa"],
        f"/qa/evaluations/{e['id']}/review",
        {"version": e["version"], "decision": "uphold", "answer": "录音复核后维持原分。"},
    )
    assert done.status_code == 303
    shown = clients["agent"].get(f"/api/v1/qa/evaluations/{e['id']}").json()
    assert shown["state"] == "final" and shown["review_answer"] == "录音复核后维持原分。"
    assert [h["action"] for h in shown["history"]][-2:] == ["dispute", "uphold"]


def test_R_QA_1_qa_adds_a_contact_scores_it_and_submits_with_a_window(
    clients: dict[str, TestClient], database_url: str
) -> None:
    agent = viewer(database_url, "agent").employee_no
    added = post(
        clients["qa"],
        "/qa/contacts",
        {
            "employee_no": agent,
            "channel": "chat",
            "contact_at": "2026-11-03T09:30",
            "reference": "MSG-1",
            "transcript": "坐席: 您好，工号100为您服务。\n客户: 营业时间？\n坐席: 九点到十点。",
        },
    )
    assert added.status_code == 303
    contact_id = int(re.search(r"/qa/contacts/(\d+)", added.headers["location"]).group(1))  # type: ignore[union-attr]
    form = clients["qa"].get(f"/qa/contacts/{contact_id}")
    assert form.status_code == 200 and "营业时间" in form.text
    card_id = re.search(r'name="scorecard_id" value="(\d+)"', form.text).group(1)  # type: ignore[union-attr]
    fields = dict(re.findall(r'name="(p_[a-z_]+)"[^>]*value="([^"]*)"', form.text))
    fields = {k: v for k, v in fields.items()}
    fields["p_clear_wording"] = "3"
    fields["n_clear_wording"] = "有错别字"
    sent = post(
        clients["qa"],
        f"/qa/contacts/{contact_id}/evaluations",
        {"scorecard_id": card_id, "then": "submit", **fields},
    )
    assert sent.status_code == 303, sent.text
    eid = int(sent.headers["location"].split("/qa/evaluations/")[1].split("?")[0])
    shown = clients["qa"].get(f"/api/v1/qa/evaluations/{eid}").json()
    assert shown["state"] == "submitted"
    assert shown["respond_by"] == "2026-11-06"  # Tuesday + 3 working days
    assert any(s["code"] == "qa.section" for s in shown["steps"])
    note = next(i for s in shown["marks"] for i in s["items"] if i["key"] == "clear_wording")
    assert note["note"] == "有错别字" and note["given"] == "3"


def test_R_QA_1_a_bad_mark_is_refused_naming_the_item(clients: dict[str, TestClient]) -> None:
    form = clients["qa"].get("/qa")
    contact_id = re.search(r'data-contact="(\d+)"', form.text).group(1)  # type: ignore[union-attr]
    page = clients["qa"].get(f"/qa/contacts/{contact_id}")
    card_id = re.search(r'name="scorecard_id" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    fields = dict(re.findall(r'name="(p_[a-z_]+)"[^>]*value="([^"]*)"', page.text))
    key = next(iter(fields))
    fields[key] = "99"
    sent = post(
        clients["qa"], f"/qa/contacts/{contact_id}/evaluations", {"scorecard_id": card_id, **fields}
    )
    assert sent.status_code == 422 and key in sent.text


def test_R_QA_1_scorecards_have_versions_and_qa_saves_a_new_one(
    clients: dict[str, TestClient],
) -> None:
    page = clients["qa"].get("/qa/scorecards/fax")
    text = re.search(r'<textarea name="definition"[^>]*>(.*?)</textarea>', page.text, re.S)
    assert text is not None
    import html

    yaml_text = html.unescape(text.group(1)).replace("传真监控评分表", "传真监控评分表 (修订)")
    saved = post(clients["qa"], "/qa/scorecards", {"definition": yaml_text})
    assert saved.status_code == 303
    shown = clients["agent"].get("/api/v1/qa/scorecards/fax").json()
    assert shown["version"] == 2 and shown["versions"] == [2, 1]
    bad = post(clients["qa"], "/qa/scorecards", {"definition": yaml_text.replace("'0.4'", "'0.5'")})
    assert bad.status_code == 422 and "权重之和应为 1" in bad.text
    assert (
        clients["agent"].post("/qa/scorecards", data={"definition": yaml_text}).status_code == 403
    )


def test_R_QA_1_a_closed_calibration_shows_each_deviation(clients: dict[str, TestClient]) -> None:
    shown = clients["qa"].get("/api/v1/qa/calibrations/1").json()
    assert shown["state"] == "closed"
    assert {d["evaluator"] for d in shown["deviations"]} == {"qa2", "qa3"}
    page = clients["qa"].get("/qa/calibrations/1")
    assert "与参照的偏差" in page.text
    drift = clients["manager"].get("/api/v1/qa/calibrations/over-time").json()
    assert {r["evaluator"] for r in drift} == {"qa2", "qa3"}


@pytest.mark.parametrize(
    "path",
    [
        "/qa",
        "/qa/mine",
        "/qa/disputes",
        "/qa/contacts/new",
        "/qa/contacts/1",
        "/qa/evaluations/1",
        "/qa/scorecards",
        "/qa/scorecards/phone",
        "/qa/calibrations",
        "/qa/calibrations/1",
        "/qa/calibrations/over-time",
    ],
)
def test_every_qa_page_shows_in_english_too(clients: dict[str, TestClient], path: str) -> None:
    page = clients["manager"].get(path + "?lang=en")
    assert page.status_code == 200


def test_R_QA_2_a_new_contact_is_checked_and_qa_accepts_the_suggested_score(
    clients: dict[str, TestClient], database_url: str
) -> None:
    agent = viewer(database_url, "agent").employee_no
    added = post(
        clients["qa"],
        "/qa/contacts",
        {
            "employee_no": agent,
            "channel": "chat",
            "contact_at": "2026-11-03T10:30",
            "reference": "MSG-2",
            "transcript": "坐席: 您好。\n客户: 我的快递到哪了？\n坐席: 这事不归我们管。",
        },
    )
    assert added.status_code == 303
    contact_id = int(re.search(r"/qa/contacts/(\d+)", added.headers["location"]).group(1))  # type: ignore[union-attr]
    page = clients["qa"].get(f"/qa/contacts/{contact_id}")
    # the check quotes the agent's own words as evidence, with the suggested score
    suggested = re.search(r"建议分 (\d+(?:\.\d+)?)", page.text)
    assert suggested is not None and Decimal(suggested.group(1)) < 100
    assert "「这事不归我们管」" in page.text
    card_id = re.search(r'name="scorecard_id" value="(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    sent = post(
        clients["qa"],
        f"/qa/contacts/{contact_id}/evaluations",
        {"scorecard_id": card_id, "accept": "1", "then": "submit"},
    )
    assert sent.status_code == 303, sent.text
    eid = int(sent.headers["location"].split("/qa/evaluations/")[1].split("?")[0])
    shown = clients["qa"].get(f"/api/v1/qa/evaluations/{eid}").json()
    assert Decimal(shown["score"]) == Decimal(suggested.group(1))
    assert shown["auto_check_id"] is not None
    evaluation = clients["qa"].get(f"/qa/evaluations/{eid}")
    assert "「这事不归我们管」" in evaluation.text and "R-QA-2" in evaluation.text


def test_R_QA_1_the_monitoring_page_shows_the_months_final_evaluations_beside_the_import(
    clients: dict[str, TestClient], database_url: str
) -> None:
    page = clients["qa"].get("/monitoring", params={"month": "2026-11"})
    assert page.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        finals = qa.month_final_scores(session, "2026-11", date.today())
    assert finals  # the demo's November evaluations
    no, scores = next(iter(sorted(finals.items())))
    row = next(r for r in body_rows(page.text) if f"<td>{no}</td>" in r)
    assert f'<td class="num">{len(scores)}</td>' in row
    # agents have no monitoring page
    assert clients["agent"].get("/monitoring").status_code == 403
