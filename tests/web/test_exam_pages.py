"""The question bank and exams in the browser and over the JSON API (R-EXM-1, R-PRV-1).

The demo center holds a bank, November's monthly exam (most sittings graded, one waiting for
marking, the demo agent's still to sit) and a practice paper for the demo agent. The server's
clock is fixed by the test (a sitting's deadline counts from it). Expected scores come from
the exams service on the same database, never written into the test.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.accounts.rules import Viewer
from kefu.accounts.service import create_api_token, get_user
from kefu.db import engine_for, unit_of_work
from kefu.exams import service as exams
from kefu.exams.imports import COLUMNS
from kefu.web import pages_exams
from kefu.web.app import create_app
from tests.web import csrf_of, make_demo_database, sign_in

NOW = [datetime(2026, 11, 10, 10, 0)]


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_exams, "now", lambda: NOW[0])
        yield make_demo_database(tmp_path_factory.mktemp("web_exams"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("agent", "qa", "hr", "leader", "admin"):
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def post(client: TestClient, path: str, data: dict[str, object], **kwargs: object) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False, **kwargs
    )
    return sent


def agent_no(url: str) -> str:
    with unit_of_work(engine_for(url)) as session:
        no = get_user(session, "agent").employee_no
    assert no is not None
    return no


def fresh_sitting(url: str, topics: dict[str, int] | None = None) -> int:
    """A new objective paper assigned to the demo agent, to sit now."""
    with unit_of_work(engine_for(url)) as session:
        qa = Viewer(username="qa", role="qa")
        paper = exams.draw_paper(
            session,
            qa,
            title="练习",
            exam_kind="written",
            purpose="practice",
            topics=topics or {"服务用语": 2, "退费流程": 1},
            today=NOW[0].date(),
        )
        (sitting,) = exams.assign(
            session,
            qa,
            paper.id,
            [agent_no(url)],
            opens_on=NOW[0].date(),
            closes_on=NOW[0].date(),
            purpose="practice",
            context={},
            today=NOW[0].date(),
        )
        return sitting.id


def keys_of(url: str, sitting_id: int) -> dict[int, list[str]]:
    with unit_of_work(engine_for(url)) as session:
        sitting = exams.get_sitting(session, sitting_id)
        return {
            i.question.id: list(i.question.key)
            for i in exams.paper_items(session, sitting.paper_id)
        }


def test_R_EXM_1_my_exams_lists_the_agents_sittings_only(clients: dict[str, TestClient]) -> None:
    page = clients["agent"].get("/exams")
    assert page.status_code == 200
    assert (
        "我的考试" in page.text
        and "2026年11月 月度考试" in page.text
        and "新业务练习卷" in page.text
    )
    assert "去考试" in page.text
    english = clients["agent"].get("/exams?lang=en")
    assert "My exams" in english.text


def test_R_PRV_1_an_agent_sees_no_one_elses_sitting_and_keeps_no_bank(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    agent = clients["agent"]
    with unit_of_work(engine_for(database_url)) as session:
        other = next(
            s.id
            for s in exams.paper_sittings(session, 1)
            if s.employee_no != agent_no(database_url)
        )
    assert agent.get(f"/exams/sittings/{other}").status_code == 404
    for path in ("/exams/bank", "/exams/papers", "/exams/marking", "/exams/bank/template"):
        assert agent.get(path).status_code == 403, path
    assert clients["admin"].get("/exams").status_code == 403


def test_R_EXM_1_the_agent_sits_an_exam_answers_are_saved_and_the_result_explains_itself(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    agent = clients["agent"]
    sitting_id = fresh_sitting(database_url)
    before = agent.get(f"/exams/sittings/{sitting_id}")
    assert "开始考试" in before.text and 'name="shown"' not in before.text
    started = post(agent, f"/exams/sittings/{sitting_id}/start", {})
    assert started.status_code == 303
    page = agent.get(f"/exams/sittings/{sitting_id}?done=started")
    assert 'data-seconds-left="1800"' in page.text and "剩余时间" in page.text
    keys = keys_of(database_url, sitting_id)
    shown = [int(x) for x in re.findall(r'name="shown" value="(\d+)"', page.text)]
    assert sorted(shown) == sorted(keys)
    first, *rest = shown
    saved = post(
        agent,
        f"/exams/sittings/{sitting_id}/answers",
        {"shown": [first], f"q{first}": keys[first]},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and "已自动保存 10:00:00" in saved.text
    wrong = next(x for x in "ABCD" if x not in keys[rest[0]])
    handed = post(
        agent,
        f"/exams/sittings/{sitting_id}/hand-in",
        {"shown": rest, f"q{rest[0]}": [wrong]} | {f"q{q}": keys[q] for q in rest[1:]},
    )
    assert handed.status_code == 303 and handed.headers["location"].endswith("done=handed_in")
    result = agent.get(f"/exams/sittings/{sitting_id}")
    with unit_of_work(engine_for(database_url)) as session:
        sitting = exams.get_sitting(session, sitting_id)
        expected = sitting.score
    assert expected is not None and expected < 100
    assert f"成绩 {expected.quantize(Decimal('0.01'))} 分" in result.text
    assert "R-EXM-1" in result.text and "，得 0 分" in result.text
    explained = result.text.split('<table class="explanation">', 1)[1].split("</table>", 1)[0]
    assert len(re.findall(r"<tr data-question=", explained)) == len(keys)
    again = post(agent, f"/exams/sittings/{sitting_id}/hand-in", {"shown": []})
    assert again.status_code == 409 and "不能重复交卷" in again.text


def test_R_EXM_1_answers_after_the_deadline_are_refused_and_the_sitting_closes(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    agent = clients["agent"]
    sitting_id = fresh_sitting(database_url)
    assert post(agent, f"/exams/sittings/{sitting_id}/start", {}).status_code == 303
    keys = keys_of(database_url, sitting_id)
    first = next(iter(keys))
    assert (
        post(
            agent,
            f"/exams/sittings/{sitting_id}/answers",
            {"shown": [first], f"q{first}": keys[first]},
        ).status_code
        == 303
    )
    NOW[0] = NOW[0] + timedelta(minutes=31)
    try:
        late = post(
            agent,
            f"/exams/sittings/{sitting_id}/answers",
            {"shown": [first], f"q{first}": ["D"]},
            headers={"HX-Request": "true"},
        )
        assert "答案未保存" in late.text and late.headers["HX-Redirect"].endswith(
            f"/exams/sittings/{sitting_id}"
        )
        page = agent.get(f"/exams/sittings/{sitting_id}")
        assert "到时收卷" in page.text and "考试时间已到，按截止前保存的答案收卷" in page.text
    finally:
        NOW[0] = NOW[0] - timedelta(minutes=31)


def test_R_EXM_1_the_bank_page_filters_and_offers_the_template(
    clients: dict[str, TestClient],
) -> None:
    qa = clients["qa"]
    page = qa.get("/exams/bank", params={"topic": "退费流程", "kind": "single"})
    assert page.status_code == 200
    assert "办理退费前，首先要核实的是" in page.text and "接听来电时" not in page.text
    template = qa.get("/exams/bank/template")
    assert template.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    assert book.sheetnames == ["题库", "说明"]
    assert qa.get("/exams/bank?difficulty=x").status_code == 400


def workbook(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "题库"
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_R_EXM_1_importing_the_bank_from_the_page_is_all_or_nothing(
    clients: dict[str, TestClient],
) -> None:
    qa = clients["qa"]
    good = [
        "新业务",
        "单选",
        "笔试",
        2,
        2,
        "新业务的受理渠道是?",
        "热线",
        "信件",
        *[None] * 6,
        "A",
        None,
    ]
    bad = ["新业务", "单选", "笔试", 7, 2, "另一道题?", "热线", "信件", *[None] * 6, "A", None]
    refused = post(
        qa,
        "/exams/bank/import",
        {},
        files={"file": ("题库.xlsx", workbook([good, bad]), "application/octet-stream")},
    )
    assert refused.status_code == 422
    assert '<td>题库</td><td class="num">3</td><td>难度</td><td>7</td>' in refused.text
    assert "新业务的受理渠道是" not in qa.get("/exams/bank").text
    done = post(
        qa,
        "/exams/bank/import",
        {},
        files={"file": ("题库.xlsx", workbook([good]), "application/octet-stream")},
    )
    assert done.status_code == 303 and "count=1" in done.headers["location"]
    assert "新业务的受理渠道是" in qa.get("/exams/bank").text


def test_R_EXM_1_editing_a_question_from_its_page_makes_a_new_version(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    qa = clients["qa"]
    with unit_of_work(engine_for(database_url)) as session:
        on_paper = min(exams.paper_question_ids(session, 1))
        q = exams.get_question(session, on_paper)
        form = pages_exams._form_of(q)
    page = qa.get(f"/exams/bank/{on_paper}")
    assert "#1" in page.text  # the paper that holds it
    revised = post(qa, f"/exams/bank/{on_paper}", {**form, "stem": q.stem + "(修订)"})
    assert revised.status_code == 303 and "done=revised" in revised.headers["location"]
    with unit_of_work(engine_for(database_url)) as session:
        assert on_paper in exams.paper_question_ids(session, 1)
        assert exams.get_question(session, on_paper).retired_on is not None
    bad = post(qa, f"/exams/bank/{on_paper}", {**form, "stem": "再改一次"})
    assert bad.status_code == 409 and "已于" in bad.text


def test_R_EXM_1_a_paper_is_drawn_assigned_to_a_team_and_its_results_listed(
    clients: dict[str, TestClient],
) -> None:
    qa = clients["qa"]
    short = post(qa, "/exams/papers", {"title": "太大", "topics": "服务用语 99"})
    assert short.status_code == 409 and "差" in short.text and "服务用语" in short.text
    drawn = post(
        qa,
        "/exams/papers",
        {
            "title": "补考卷",
            "purpose": "re_exam",
            "topics": "服务用语 2\n退费流程：2",
            "d1": "2",
            "d2": "2",
            "exclude": "1",
            "seed": "5",
        },
    )
    assert drawn.status_code == 303, drawn.text
    paper_id = int(re.findall(r"/exams/papers/(\d+)", drawn.headers["location"])[0])
    page = qa.get(f"/exams/papers/{paper_id}")
    assert "补考试卷与试卷 #1 没有相同的题目" in page.text
    teams = re.findall(r'<option value="([^"]+\|[^"]+)"', page.text)
    assigned = post(
        qa,
        f"/exams/papers/{paper_id}/assign",
        {
            "team": teams[0],
            "opens_on": "2026-11-10",
            "closes_on": "2026-11-12",
            "purpose": "re_exam",
        },
    )
    assert assigned.status_code == 303
    results = qa.get(f"/exams/papers/{paper_id}/results")
    assert results.status_code == 200 and "未开始" in results.text
    twice = post(
        qa,
        f"/exams/papers/{paper_id}/assign",
        {"team": teams[0], "opens_on": "2026-11-10", "closes_on": "2026-11-12"},
    )
    assert twice.status_code == 409


def test_R_EXM_1_the_marker_marks_the_waiting_answer_within_its_points(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    hr = clients["hr"]
    queue = hr.get("/exams/marking")
    found = re.findall(r'data-sitting="(\d+)"', queue.text)
    assert found, queue.text
    sitting_id = int(found[0])
    page = hr.get(f"/exams/sittings/{sitting_id}")
    question = int(re.findall(r'name="question_id" value="(\d+)"', page.text)[0])
    too_many = post(
        hr,
        f"/exams/sittings/{sitting_id}/marks",
        {"question_id": question, "points": "99", "comment": "好"},
    )
    assert too_many.status_code == 400 and "本题分值" in too_many.text
    marked = post(
        hr,
        f"/exams/sittings/{sitting_id}/marks",
        {"question_id": question, "points": "8", "comment": "要点齐全"},
    )
    assert marked.status_code == 303
    with unit_of_work(engine_for(database_url)) as session:
        sitting = exams.get_sitting(session, sitting_id)
        assert sitting.final and sitting.score is not None
    assert "阅卷人 hr 评 8 分:要点齐全" in hr.get(f"/exams/sittings/{sitting_id}").text


def api(client: TestClient, method: str, path: str, **kwargs: object) -> Response:
    headers = {"X-CSRF-Token": csrf_of(client)}
    answer: Response = client.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]
    return answer


def test_R_EXM_1_the_json_api_sits_draws_and_lists_results(
    database_url: str, clients: dict[str, TestClient]
) -> None:
    agent, qa = clients["agent"], clients["qa"]
    mine = api(agent, "GET", "/api/v1/exams/sittings").json()
    assert {s["title"] for s in mine} >= {"新业务练习卷"}
    sitting_id = fresh_sitting(database_url, {"业务知识": 2})
    assert api(agent, "POST", f"/api/v1/exams/sittings/{sitting_id}/start").status_code == 200
    keys = keys_of(database_url, sitting_id)
    saved = api(
        agent, "PUT", f"/api/v1/exams/sittings/{sitting_id}/answers", json={"answers": keys}
    )
    assert saved.json()["saved"] == 2
    result = api(agent, "POST", f"/api/v1/exams/sittings/{sitting_id}/hand-in", json={}).json()
    assert (result["score"], result["final"], result["passed"]) == ("100.00", True, True)
    assert api(agent, "GET", "/api/v1/exams/questions").status_code == 403
    short = api(qa, "POST", "/api/v1/exams/papers", json={"title": "x", "topics": {"业务知识": 50}})
    assert short.status_code == 409 and "业务知识" in short.json()["detail"]
    listed = api(qa, "GET", "/api/v1/exams/results", params={"purpose": "practice"}).json()
    assert any(r["id"] == sitting_id and r["score"] == "100.00" for r in listed)
    assert api(qa, "GET", "/api/v1/exams/marking").status_code == 200


def test_the_api_answers_a_token_as_well(database_url: str, app: FastAPI) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        token = create_api_token(session, "test", "qa", "test")
    client = TestClient(app, base_url="https://testserver")
    answer = client.get("/api/v1/exams/papers", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.json()[-1]["title"] == "2026年11月 月度考试"


def test_the_demo_holds_a_bank_a_monthly_exam_being_marked_and_the_agents_open_sittings(
    database_url: str,
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        assert len(exams.questions(session, include_retired=True)) >= 30
        assert {"服务用语", "退费流程", "系统操作"} <= set(exams.topics(session))
        monthly = next(p for p in exams.papers(session) if p.title == "2026年11月 月度考试")
        states = [s.status for s in exams.paper_sittings(session, monthly.id)]
        assert states.count("marking") <= 1 and states.count("graded") >= 5
        mine = exams.sittings_of(session, agent_no(database_url))
        assert {s.purpose for s in mine} >= {"monthly", "practice"}
