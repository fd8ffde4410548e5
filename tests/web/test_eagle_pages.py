"""The Eagle plan's pages and JSON API (雏鹰计划, R-EGL-1..3, R-PUB-1, R-PRV-1) on the demo
center: HR announces, an agent applies, HR screens, and the certificate of a member who
passed prints; the pages speak Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kefu.accounts.rules import Viewer
from kefu.careers import eagle_service as eagle
from kefu.db import engine_for, unit_of_work
from kefu.web import i18n, pages_eagle
from kefu.web.app import create_app
from kefu.web.words_eagle import WORDS
from tests.web import csrf_of, make_demo_database, sign_in

TODAY = date(2026, 11, 20)  # a Friday
ROLES = ("agent", "leader", "hr", "manager")
TEMPLATES = Path(pages_eagle.__file__).parent / "templates"
HR = Viewer("hr", "hr")
BOSS = Viewer("manager", "manager")


def make_app(url: str) -> FastAPI:
    return create_app(url)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_eagle"))


@pytest.fixture(scope="module")
def clients(database_url: str) -> Iterator[dict[str, TestClient]]:
    app = make_app(database_url)
    out = {}
    for role in ROLES:
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        out[role] = sign_in(client, role)
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages_eagle, "today", lambda: TODAY)


def announce(client: TestClient, title: str, deadline: date = TODAY) -> int:
    answer = client.post(
        "/eagle",
        data={
            "title": title,
            "deadline": deadline.isoformat(),
            "notes": "申请表向人事部领取",
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    found = re.search(r"/eagle/(\d+)\?done=announced", answer.headers["location"])
    assert found is not None
    return int(found.group(1))


def version_of(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found is not None
    return found.group(1)


def apply_as(client: TestClient, case_id: int, months: str = "1.5") -> int:
    version = client.get(f"/api/v1/eagle/{case_id}").json()["version"]
    answer = client.post(
        f"/eagle/{case_id}/apply",
        data={
            "version": str(version),
            "results_summary": "满意度连续半年 95 分以上",
            "supervisor_comment": "业务熟练",
            "progress": "第一个月 SOSO，第二个月 GAP",
            "method": "组内互教",
            "exam_dates": "2026-12 中旬",
            "plan_months": months,
            "conversion_exam_score": "88",
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )
    return int(answer.status_code)


def test_the_eagle_pages_render_in_chinese_and_english(clients: dict[str, TestClient]) -> None:
    hr = clients["hr"]
    case_id = announce(hr, "2026 年冬季雏鹰计划", TODAY + timedelta(days=3))
    for role in ROLES:
        client = clients[role]
        plans = client.get("/eagle")
        assert plans.status_code == 200 and "2026 年冬季雏鹰计划" in plans.text
        assert "Eagle plan" in client.get("/eagle?lang=en").text
        page = client.get(f"/eagle/{case_id}")
        assert page.status_code == 200 and "申请截止日" in page.text
        english = client.get(f"/eagle/{case_id}?lang=en")
        assert english.status_code == 200 and "Application deadline" in english.text
    # the announcement form is HR's and managers'
    assert 'action="/eagle"' in hr.get("/eagle").text
    assert 'action="/eagle"' not in clients["agent"].get("/eagle").text
    # the suggested schedule comes from the policy's windows after the deadline
    assert "2026-11-25 前确定入围名单" in hr.get(f"/eagle/{case_id}").text


def test_R_EGL_1_an_agent_can_apply_but_not_screen(clients: dict[str, TestClient]) -> None:
    hr, agent = clients["hr"], clients["agent"]
    case_id = announce(hr, "代表可申请不可筛选")
    assert 'name="results_summary"' in agent.get(f"/eagle/{case_id}").text
    assert apply_as(agent, case_id) == 303
    page = agent.get(f"/eagle/{case_id}?done=applied").text
    assert "我的申请" in page and "赵霞" in page and "申请人自填" in page
    assert apply_as(agent, case_id) == 400  # one application each, the refusal on the page
    csrf = csrf_of(agent)
    for path, data in (
        (f"/eagle/{case_id}/shortlist", {"version": "1", "interview_on": "2026-11-26"}),
        (f"/eagle/{case_id}/decision", {"version": "1", "decision": "approve"}),
        (f"/eagle/{case_id}/applications/1005", {"version": "1", "major_complaints": "0"}),
    ):
        answer = agent.post(path, data={**data, "csrf_token": csrf}, follow_redirects=False)
        assert answer.status_code == 403, path
    api = agent.post(
        f"/api/v1/eagle/{case_id}/shortlist",
        json={"version": 1, "shortlist_on": "2026-11-21", "interview_on": "2026-11-26"},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 403
    # an agent sees only their own application; HR sees every applicant
    assert agent.get(f"/api/v1/eagle/{case_id}").json()["applicants"] == []
    applicants = hr.get(f"/api/v1/eagle/{case_id}").json()["applicants"]
    assert [a["employee_no"] for a in applicants] == ["1005"]


def test_R_EGL_1_hr_screens_and_the_page_flags_an_interview_eight_days_after_the_deadline(
    clients: dict[str, TestClient],
) -> None:
    hr, agent = clients["hr"], clients["agent"]
    case_id = announce(hr, "筛选与日程")
    assert apply_as(agent, case_id, months="3") == 303
    csrf = csrf_of(hr)
    page = hr.get(f"/eagle/{case_id}").text
    assert "重大投诉待录入" in page
    figures = hr.post(
        f"/eagle/{case_id}/applications/1005",
        data={
            "version": version_of(page),
            "major_complaints": "0",
            "conversion_exam_score": "88",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert figures.status_code == 303
    page = hr.get(f"/eagle/{case_id}").text
    closed = hr.post(
        f"/eagle/{case_id}/decision",
        data={
            "version": version_of(page),
            "decision": "approve",
            "opinion": "申请截止",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert closed.status_code == 303
    page = hr.get(f"/eagle/{case_id}").text
    assert 'data-screened="1005"' in page and "超出原则上的" in page  # kept, flagged
    shortlisted = hr.post(
        f"/eagle/{case_id}/shortlist",
        data={
            "version": version_of(page),
            "shortlist_on": TODAY.isoformat(),
            "interview_on": (TODAY + timedelta(days=8)).isoformat(),
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert shortlisted.status_code == 303
    page = hr.get(f"/eagle/{case_id}").text
    flags = re.findall(r'<li data-flag="yes"[^>]*>(.*?)</li>', page, flags=re.S)
    assert len(flags) == 1 and "2026-11-28" in flags[0]
    # a stale version is a conflict shown on the page, nothing written
    stale = hr.post(
        f"/eagle/{case_id}/shortlist",
        data={"version": "1", "interview_on": "2026-11-26", "csrf_token": csrf},
    )
    assert stale.status_code == 409 and "请刷新" in stale.text


def make_passed_plan(database_url: str, title: str = "证书测试") -> int:
    """A final plan of the demo center whose member 1005 (the agent) passed both exams and
    1102 failed; 1103 and 1037 have no results yet. Returns the plan's number."""
    applicants = ("1102", "1103", "1005", "1037")  # 电话中心 ×2, 客服一部, 客服二部
    with unit_of_work(engine_for(database_url)) as session:
        case = eagle.announce(
            session,
            HR,
            title=title,
            deadline=date(2026, 11, 6),
            notes="",
            today=date(2026, 11, 2),
        )
        case_id = case.id
        for no in applicants:
            eagle.apply(
                session,
                Viewer(f"u{no}", "agent", no),
                case_id,
                results_summary="好",
                supervisor_comment="好",
                progress="好",
                method="好",
                exam_dates="12 月",
                plan_months=Decimal("1.5"),
                conversion_exam_score=None,
                seen_version=case.version,
                today=date(2026, 11, 4),
            )
            eagle.record_figures(
                session,
                HR,
                case_id,
                no,
                major_complaints=0,
                conversion_exam_score=None,
                extra_awards=[],
                seen_version=case.version,
                today=date(2026, 11, 4),
            )
        calendar = pages_eagle.eagle_calendar()
        eagle.decide(
            session, HR, case_id, "approve", "截止", case.version, date(2026, 11, 6), calendar
        )
        eagle.set_shortlist(
            session,
            HR,
            case_id,
            members=None,
            shortlist_on=date(2026, 11, 7),
            interview_on=date(2026, 11, 12),
            seen_version=case.version,
            today=date(2026, 11, 7),
        )
        eagle.decide(
            session, HR, case_id, "approve", "入围", case.version, date(2026, 11, 7), calendar
        )
        eagle.record_group(
            session,
            BOSS,
            case_id,
            panel={
                "gm": "周总",
                "deputy_gm": "吴副总",
                "cs_director": "郑总监",
                "hr_manager": "冯经理",
            },
            members=applicants,
            leader="1102",
            seen_version=case.version,
            today=date(2026, 11, 12),
        )
        eagle.decide(
            session, BOSS, case_id, "approve", "同意", case.version, date(2026, 11, 12), calendar
        )
        eagle.finalize(session, HR, case_id, date(2026, 11, 18))
        for no, soso in (("1005", "92"), ("1102", "70")):
            eagle.record_exams(
                session,
                HR,
                case_id,
                no,
                soso_score=Decimal(soso),
                gap_score=Decimal(85),
                prior_gap=None,
                seen_version=case.version,
                today=date(2026, 11, 19),
            )
    return case_id


def test_R_EGL_3_the_certificate_prints_only_for_a_member_who_passed(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    case_id = make_passed_plan(database_url)
    certificate = f"/eagle/{case_id}/certificate/1005"
    own = clients["agent"].get(certificate)
    assert own.status_code == 200
    assert "赵霞" in own.text and "证书测试" in own.text and "92" in own.text
    assert "2026-11-19" in own.text
    # the print layout comes with the app's stylesheet (the CSP allows no inline style)
    assert '<link rel="stylesheet" href="/static/kefu/kefu.css">' in own.text
    styles = clients["agent"].get("/static/kefu/kefu.css").text
    assert "@media print" in styles and "body:has(.certificate)" in styles
    assert clients["hr"].get(certificate).status_code == 200
    assert "Certificate" in clients["hr"].get(certificate + "?lang=en").text
    assert clients["leader"].get(certificate).status_code == 404  # not theirs
    assert clients["hr"].get(f"/eagle/{case_id}/certificate/1102").status_code == 404  # failed
    assert clients["hr"].get(f"/eagle/{case_id}/certificate/1103").status_code == 404  # no exams
    page = clients["hr"].get(f"/eagle/{case_id}").text
    assert f'href="{certificate}"' in page and 'action="/eagle/' in page
    assert (
        clients["agent"].get(f"/api/v1/eagle/{case_id}/certificate/1005").json()["name"] == "赵霞"
    )


def test_every_eagle_template_text_has_an_english_translation() -> None:
    used = {
        text
        for template in TEMPLATES.glob("eagle_*.html")
        for text in re.findall(r"""\bt\(\s*["']([^"']+)["']""", template.read_text("utf-8"))
    }
    assert used
    assert sorted(used - (i18n.EN.keys() | WORDS.keys())) == []
    spoken = {*pages_eagle.LOG_NAMES.values(), *(zh for zh, _ in eagle.PANEL_SEATS.values())}
    assert sorted(spoken - (i18n.EN.keys() | WORDS.keys())) == []
