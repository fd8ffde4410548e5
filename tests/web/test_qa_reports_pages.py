"""QA reports and improvement plans in the browser and over the JSON API (R-QA-1, R-PRV-1).

The demo center holds the monitoring evaluations of 2026-11-01..02 and two improvement plans
(the demo agent's, owned by QA and followed up once; a teammate's, owned by the leader).
Expected figures come from the service on the same database, never written into the test.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from httpx import Response

from kefu.accounts.service import get_user, viewer_of
from kefu.db import engine_for, unit_of_work
from kefu.qa_reports import service as qa_reports
from kefu.web import pages_qa_reports
from kefu.web.app import create_app
from kefu.web.i18n import EN
from tests.web import csrf_of, make_demo_database, sign_in
from tests.web.access_rows_qa_reports import DEMO_PLAN

ON = "2026-11-02"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "kefu" / "web" / "templates"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_qa_reports"))


@pytest.fixture(scope="module")
def clients(database_url: str) -> Iterator[dict[str, TestClient]]:
    app = create_app(database_url)
    made = {}
    for name in ("agent", "leader", "qa", "hr"):
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


def expected(url: str, username: str, kind: str) -> qa_reports.ReportView:
    with unit_of_work(engine_for(url)) as session:
        viewer = viewer_of(session, get_user(session, username))
        return qa_reports.report(session, viewer, kind, date.fromisoformat(ON))


def test_R_QA_1_the_report_page_shows_the_agents_and_its_charts(
    clients: dict[str, TestClient], database_url: str
) -> None:
    page = clients["qa"].get("/qa/reports", params={"period": "month", "on": ON})
    assert page.status_code == 200
    view = expected(database_url, "qa", "month")
    assert view.report.total.count > 0
    shown = set(re.findall(r'data-agent="([^"]+)"', page.text))
    assert shown == {a.employee_no for a in view.report.agents}
    assert 'id="chart-qa-agents"' in page.text and 'id="qa-report-data"' in page.text
    assert "/static/echarts/echarts.min.js" in page.text
    assert "月报" in page.text
    assert "R-QA-1" in page.text


def test_R_PRV_1_a_leaders_report_and_export_hold_only_their_team(
    clients: dict[str, TestClient], database_url: str
) -> None:
    leader = clients["leader"]
    data = leader.get("/api/v1/qa/reports", params={"period": "month", "on": ON}).json()
    center = clients["qa"].get("/api/v1/qa/reports", params={"period": "month", "on": ON}).json()
    with unit_of_work(engine_for(database_url)) as session:
        me = viewer_of(session, get_user(session, "leader"))
    assert data["agents"] and {(a["department"], a["team"]) for a in data["agents"]} == {
        (me.department, me.team)
    }
    assert data["total"]["count"] < center["total"]["count"]
    book = openpyxl.load_workbook(
        io.BytesIO(leader.get("/qa/reports.xlsx", params={"period": "month", "on": ON}).content)
    )
    exported = {r[0] for r in book["座席"].iter_rows(min_row=2, values_only=True)}
    assert exported == {a["employee_no"] for a in data["agents"]}


def test_R_QA_1_the_workbook_says_its_period_and_scope(clients: dict[str, TestClient]) -> None:
    answer = clients["hr"].get("/qa/reports.xlsx", params={"period": "week", "on": ON})
    assert answer.status_code == 200
    assert "qa-report-week-2026-W45.xlsx" in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    readme = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert readme["期间"].startswith("2026-W45 (2026-11-02 至 2026-11-08)")
    assert readme["范围"] == "全中心"


def test_R_PRV_1_agents_get_no_report(clients: dict[str, TestClient]) -> None:
    assert clients["agent"].get("/qa/reports").status_code == 403
    assert clients["agent"].get("/api/v1/qa/reports").status_code == 403


def test_a_bad_period_is_a_400_not_a_500(clients: dict[str, TestClient]) -> None:
    assert clients["qa"].get("/qa/reports", params={"period": "year"}).status_code == 400
    assert clients["qa"].get("/qa/reports", params={"on": "2026-13-01"}).status_code == 400


def test_R_QA_1_the_agent_sees_their_plan_and_comments_on_it(
    clients: dict[str, TestClient],
) -> None:
    agent = clients["agent"]
    listed = agent.get("/api/v1/qa/plans").json()
    assert [p["id"] for p in listed] == [DEMO_PLAN]
    page = agent.get(f"/qa/plans/{DEMO_PLAN}")
    assert page.status_code == 200 and "跟进记录" in page.text and "提交意见" in page.text
    assert "结束计划" not in page.text
    sent = post(agent, f"/qa/plans/{DEMO_PLAN}/comments", {"text": "我会每天练习标准用语"})
    assert sent.status_code == 303
    assert "我会每天练习标准用语" in agent.get(f"/qa/plans/{DEMO_PLAN}").text


def test_R_QA_1_qa_makes_a_plan_from_the_report_and_follows_it_up(
    clients: dict[str, TestClient], database_url: str
) -> None:
    qa = clients["qa"]
    view = expected(database_url, "qa", "month")
    worst = min(view.report.agents, key=lambda a: a.stats.mean or 0)
    form = qa.get("/qa/plans", params={"employee_no": worst.employee_no})
    assert form.status_code == 200
    boxes = re.findall(r'name="problem" value="([^"]+)"', form.text)
    sent = post(
        qa,
        "/qa/plans",
        {
            "employee_no": worst.employee_no,
            "problem": boxes[:1],
            "goal": "平均分达到 80",
            "target_score": "80",
            "actions": "回听录音",
            "starts_on": ON,
            "due_on": "2026-12-31",
        },
    )
    assert sent.status_code == 303
    plan_id = int(sent.headers["location"].rsplit("/", 1)[-1])
    followed = post(qa, f"/qa/plans/{plan_id}/follow-ups", {"text": "已回听两通电话"})
    assert followed.status_code == 303
    data = qa.get(f"/api/v1/qa/plans/{plan_id}").json()
    assert data["problems"][0]["key"] == boxes[0].split("|")[0]
    assert data["notes"][0]["kind"] == "follow_up"
    assert data["progress"]["evaluations"] >= 0 and data["progress"]["steps"]
    closed = qa.post(
        f"/api/v1/qa/plans/{plan_id}/close",
        json={"status": "cancelled", "note": "调岗"},
        headers={"X-CSRF-Token": csrf_of(qa)},
    )
    assert closed.status_code == 200 and closed.json()["status"] == "cancelled"


def test_R_PRV_1_the_leader_cannot_see_a_plan_outside_the_team(
    clients: dict[str, TestClient], database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        leader = viewer_of(session, get_user(session, "leader"))
        outside = [
            p.id
            for p in qa_reports.list_plans(
                session,
                viewer_of(session, get_user(session, "qa")),
                __import__("datetime").date(2026, 11, 24),
            )
            if not qa_reports.visible(leader, p.plan.employee_no, p.plan.department, p.plan.team)
        ]
    for plan_id in outside:
        assert clients["leader"].get(f"/qa/plans/{plan_id}").status_code == 404


def test_R_QA_1_overdue_plans_are_listed_on_the_plans_page(
    clients: dict[str, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages_qa_reports, "today", lambda: date(2026, 12, 31))
    page = clients["qa"].get("/qa/plans")
    assert page.status_code == 200
    late = page.text.split("逾期未跟进", 1)[1].split("全部计划", 1)[0]
    assert f'data-plan="{DEMO_PLAN}"' in late and "已过到期日" in late
    api = clients["qa"].get("/api/v1/qa/plans", params={"overdue": "true"}).json()
    assert DEMO_PLAN in [p["id"] for p in api]


def test_the_pages_in_english(clients: dict[str, TestClient]) -> None:
    page = clients["qa"].get("/qa/reports", params={"period": "day", "on": ON, "lang": "en"})
    assert "Monitoring reports" in page.text and "Who improves" in page.text
    assert "Improvement plans" in clients["qa"].get("/qa/plans", params={"lang": "en"}).text


def test_every_qa_report_template_text_has_an_english_translation() -> None:
    used = {
        text
        for pattern in ("qa_report*.html", "qa_plan*.html", "_qa_plan*.html")
        for template in TEMPLATES.glob(pattern)
        for text in re.findall(r"""\bt\(\s*["']([^"']+)["']""", template.read_text("utf-8"))
    }
    assert used and sorted(used - EN.keys()) == []
