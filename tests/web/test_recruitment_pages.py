"""Recruitment in the browser and over the JSON API (R-REC-1, R-PRV-1).

The demo center's six candidates: HR lists them by stage, opens one, records results, sees a
move refused with the figures, moves a candidate into training (a taken staff number is
refused), and reads the reserve. Expected figures come from the recruitment service on the
same database, never written into the test. The server's day is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from openpyxl import Workbook, load_workbook

from kefu.db import engine_for, unit_of_work
from kefu.explain.trace import score_text
from kefu.people import service as people
from kefu.recruitment import service as recruitment
from kefu.training.service import trainee_records
from kefu.training.service import trainees as cohort_trainees
from kefu.web import pages_recruitment
from kefu.web.app import create_app
from kefu.web.pages_recruitment import XLSX
from tests.web import csrf_of, make_demo_database, sign_in

DAY = date(2026, 11, 2)  # the demo's today


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_recruitment, "today", lambda: DAY)
        yield make_demo_database(tmp_path_factory.mktemp("web_recruitment"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("hr", "manager", "agent", "leader", "qa"):
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def candidate_id(url: str, name: str) -> int:
    with unit_of_work(engine_for(url)) as session:
        return next(c.id for c in recruitment.candidates(session) if c.name == name)


def version_of(url: str, cid: int) -> int:
    with unit_of_work(engine_for(url)) as session:
        return recruitment.get_candidate(session, cid).version


def stage_of(url: str, cid: int) -> str:
    with unit_of_work(engine_for(url)) as session:
        return recruitment.get_candidate(session, cid).stage


def post(client: TestClient, path: str, data: dict[str, object]) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return sent


def add_candidate(client: TestClient, name: str) -> int:
    added = post(client, "/recruitment/candidates", {"name": name, "applied_on": "2026-10-28"})
    assert added.status_code == 303, added.text
    found = re.search(r"/recruitment/candidates/(\d+)\?done=added", added.headers["location"])
    assert found is not None
    return int(found.group(1))


# ---------------------------------------------------------------- reading


def test_R_REC_1_the_candidate_list_shows_every_stage_in_chinese_and_english(
    clients: dict[str, TestClient],
) -> None:
    page = clients["hr"].get("/recruitment")
    assert page.status_code == 200
    for name in ("宋佳", "马超", "何静", "郑凯", "吴婷", "林晓"):
        assert name in page.text
    assert "复试 (2)" in page.text
    english = clients["manager"].get("/recruitment?lang=en")
    assert english.status_code == 200
    assert "Recruitment" in english.text and "second test (2)" in english.text


def test_R_REC_1_the_list_filters_by_stage_and_by_name(clients: dict[str, TestClient]) -> None:
    hr = clients["hr"]
    second = hr.get("/recruitment", params={"stage": "second_test"})
    rows = re.findall(r'<tr data-candidate="\d+" data-stage="([a-z_]+)"', second.text)
    assert rows and set(rows) == {"second_test"}
    named = hr.get("/recruitment", params={"q": "何静"})
    assert "何静" in named.text and "宋佳" not in named.text
    assert hr.get("/recruitment", params={"stage": "hired"}).status_code == 400


@pytest.mark.parametrize("who", ["agent", "leader", "qa"])
def test_R_PRV_1_only_hr_and_managers_see_recruitment(
    clients: dict[str, TestClient], database_url: str, who: str
) -> None:
    client = clients[who]
    cid = candidate_id(database_url, "宋佳")
    assert client.get("/recruitment").status_code == 403
    assert client.get(f"/recruitment/candidates/{cid}").status_code == 403
    assert client.get("/recruitment/reserve").status_code == 403
    assert client.get("/api/v1/recruitment/candidates").status_code == 403
    refused = post(client, f"/recruitment/candidates/{cid}/move", {"to": "rejected", "version": 1})
    assert refused.status_code == 403


def test_R_REC_1_a_candidate_page_shows_each_result_against_its_mark(
    clients: dict[str, TestClient], database_url: str
) -> None:
    cid = candidate_id(database_url, "何静")
    page = clients["hr"].get(f"/recruitment/candidates/{cid}")
    assert page.status_code == 200
    row = re.search(r'<tr data-item="chinese_typing">(.*?)</tr>', page.text, flags=re.S)
    assert row is not None
    assert (
        "42 字/分钟" in row.group(1) and "50 字/分钟" in row.group(1) and "不合格" in row.group(1)
    )
    assert "中文输入速度 42 字/分钟，及格线 50 字/分钟" in page.text  # why the move is refused
    english = clients["hr"].get(f"/recruitment/candidates/{cid}?lang=en")
    assert "Chinese input speed 42 characters a minute is below the pass mark" in english.text


def test_R_REC_1_the_interview_mean_of_two_interviewers_is_shown_with_its_steps(
    clients: dict[str, TestClient], database_url: str
) -> None:
    cid = candidate_id(database_url, "宋佳")
    with unit_of_work(engine_for(database_url)) as session:
        found = recruitment.standing(session, recruitment.get_candidate(session, cid), DAY).checks[
            "second_test"
        ]
    interview = found.results[0]
    assert interview.passed
    body = clients["hr"].get(f"/api/v1/recruitment/candidates/{cid}").json()
    second = next(s for s in body["tests"] if s["stage"] == "second_test")
    assert second["passed"] is True
    assert second["items"][0]["value"] == score_text(interview.value)
    assert [e["code"] for e in second["items"][0]["explanation"]] == [
        s.code for s in interview.steps
    ]
    assert len(body["sheets"]) == 2 and body["next_stage"] == "training"
    assert body["blocked"] is None and body["hires"] is True
    page = clients["hr"].get(f"/recruitment/candidates/{cid}")
    assert 'data-interviewer="张敏"' in page.text and "共 2 位面试官" in page.text


# ---------------------------------------------------------------- changing


def test_R_REC_1_a_new_candidate_goes_through_the_first_test_in_the_browser(
    clients: dict[str, TestClient], database_url: str
) -> None:
    hr = clients["hr"]
    cid = add_candidate(hr, "周敏")
    moved = post(
        hr,
        f"/recruitment/candidates/{cid}/move",
        {"to": "first_test", "version": version_of(database_url, cid)},
    )
    assert moved.status_code == 303
    saved = post(
        hr,
        f"/recruitment/candidates/{cid}/results",
        {"taken_on": "2026-11-02", "chinese_typing": "50", "digit_typing": "150"},
    )
    assert saved.status_code == 303, saved.text
    refused = post(
        hr,
        f"/recruitment/candidates/{cid}/move",
        {"to": "second_test", "version": version_of(database_url, cid)},
    )
    assert refused.status_code == 400
    assert "缺少成绩: 办公软件基本操作、朗读发音清晰度、朗读准确度" in refused.text
    assert stage_of(database_url, cid) == "first_test"
    saved = post(
        hr,
        f"/recruitment/candidates/{cid}/results",
        {"office_software": "60", "reading_clarity": "70", "reading_accuracy": "70"},
    )
    assert saved.status_code == 303
    moved = post(
        hr,
        f"/recruitment/candidates/{cid}/move",
        {"to": "second_test", "version": version_of(database_url, cid), "reason": "初试合格"},
    )
    assert moved.status_code == 303, moved.text
    page = hr.get(moved.headers["location"])
    assert "阶段已变更" in page.text and "初试合格" in page.text


def test_R_REC_1_bad_input_comes_back_on_the_page_with_nothing_written(
    clients: dict[str, TestClient], database_url: str
) -> None:
    hr = clients["hr"]
    nameless = post(hr, "/recruitment/candidates", {"name": " "})
    assert nameless.status_code == 400 and "请填写姓名" in nameless.text
    cid = candidate_id(database_url, "何静")
    before = version_of(database_url, cid)
    bad = post(hr, f"/recruitment/candidates/{cid}/results", {"office_software": "101"})
    assert bad.status_code == 400 and "0–100" in bad.text
    words = post(hr, f"/recruitment/candidates/{cid}/results", {"chinese_typing": "快"})
    assert words.status_code == 400 and "不是数字" in words.text
    assert version_of(database_url, cid) == before
    stale = post(
        hr, f"/recruitment/candidates/{cid}/move", {"to": "withdrew", "version": before - 1}
    )
    assert stale.status_code == 409
    reasonless = post(
        hr, f"/recruitment/candidates/{cid}/move", {"to": "rejected", "version": before}
    )
    assert reasonless.status_code == 400 and "须写明原因" in reasonless.text


def test_R_REC_1_the_interview_form_records_one_sheet_per_interviewer(
    clients: dict[str, TestClient], database_url: str
) -> None:
    hr = clients["hr"]
    cid = candidate_id(database_url, "马超")
    page = hr.get(f"/recruitment/candidates/{cid}")
    dimensions = re.findall(r'name="dimension" value="([^"]+)"', page.text)
    assert len(dimensions) == 8
    sent = hr.post(
        f"/recruitment/candidates/{cid}/interview",
        data={
            "csrf_token": csrf_of(hr),
            "interviewer": "面试官甲",
            "taken_on": "2026-11-02",
            "dimension": dimensions,
            "score": ["75"] * len(dimensions),
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    body = hr.get(f"/api/v1/recruitment/candidates/{cid}").json()
    second = next(s for s in body["tests"] if s["stage"] == "second_test")
    assert second["items"][0]["value"] == "75.00" and second["passed"] is True


def test_R_REC_1_into_training_hires_and_a_taken_staff_number_is_refused(
    clients: dict[str, TestClient], database_url: str
) -> None:
    hr = clients["hr"]
    cid = candidate_id(database_url, "宋佳")
    with unit_of_work(engine_for(database_url)) as session:
        taken, record = people.roster(session)[0]
        before = recruitment.reserve(session, DAY)
    hire = {
        "to": "training",
        "department": record.department,
        "team": record.team or "",
        "starts_on": DAY.isoformat(),
        "cohort": "1",
    }
    refused = post(
        hr,
        f"/recruitment/candidates/{cid}/move",
        {**hire, "employee_no": taken, "version": version_of(database_url, cid)},
    )
    assert refused.status_code == 409
    assert f"工号 {taken} 已被 {record.name} 使用" in refused.text
    assert stage_of(database_url, cid) == "second_test"
    hired = post(
        hr,
        f"/recruitment/candidates/{cid}/move",
        {**hire, "employee_no": "R2611", "version": version_of(database_url, cid)},
    )
    assert hired.status_code == 303, hired.text
    with unit_of_work(engine_for(database_url)) as session:
        (new,) = people.records_of(session, "R2611")
        assert (new.name, new.role, new.status, new.hired_on) == ("宋佳", "csr", "probation", DAY)
        # and joins the demo's training cohort as a trainee (R-NEW-1)
        assert [t.cohort_id for t in trainee_records(session, "R2611")] == [1]
        after = recruitment.reserve(session, DAY)
    assert after.current == before.current + 1 and after.seats == before.seats
    page = hr.get(f"/recruitment/candidates/{cid}")
    assert "R2611" in page.text and "录用入职: 工号 R2611" in page.text
    reserve = hr.get("/recruitment/reserve")
    assert reserve.status_code == 200 and "宋佳 (R2611)" in reserve.text
    assert f'<dd class="target">{after.target}</dd>' in reserve.text


def test_R_REC_1_the_trainees_of_the_demo_cohort_are_the_reserve(database_url: str) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        found = recruitment.reserve(session, DAY)
        trainees = {t.employee_no for t in cohort_trainees(session, 1)}
    # the demo cohort's four trainees (and anyone another test hired into it) are on
    # probation on the demo's today
    demo = {"8801", "8802", "8803", "8804"}
    assert demo <= trainees
    assert found.current >= len(demo)
    assert all(any(f"({no})" in p for p in found.people) for no in demo)


def test_R_REC_1_the_reserve_page_explains_the_target_in_both_languages(
    clients: dict[str, TestClient], database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        found = recruitment.reserve(session, DAY)
    page = clients["manager"].get("/recruitment/reserve")
    assert page.status_code == 200
    assert f"座席总数 {found.seats} × 10% = " in page.text
    assert f"向上取整为 {found.target} 人" in page.text
    english = clients["manager"].get("/recruitment/reserve?lang=en&on=2026-11-02")
    assert "Reserve target = " in english.text and "rounded up" in english.text
    data = clients["manager"].get("/api/v1/recruitment/reserve", params={"on": "2026-11-02"}).json()
    assert (data["seats"], data["target"], data["current"], data["gap"]) == (
        found.seats,
        found.target,
        found.current,
        found.gap,
    )
    early = clients["manager"].get("/api/v1/recruitment/reserve", params={"on": "2001-01-01"})
    assert early.status_code == 200 and "没有生效的政策" in early.json()["problem"]


# ---------------------------------------------------------------- the JSON API


def test_R_REC_1_the_json_api_adds_records_and_moves_a_candidate(
    clients: dict[str, TestClient], database_url: str
) -> None:
    hr = clients["hr"]
    headers = {"X-CSRF-Token": csrf_of(hr)}
    made = hr.post(
        "/api/v1/recruitment/candidates",
        json={"name": "韩梅", "applied_on": "2026-10-30", "source": "招聘网站"},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert made.json()["stage"] == "applied"
    moved = hr.post(
        f"/api/v1/recruitment/candidates/{cid}/move",
        json={"version": made.json()["version"], "to": "first_test"},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    results = hr.post(
        f"/api/v1/recruitment/candidates/{cid}/results",
        json={
            "taken_on": "2026-11-02",
            "chinese_typing": 49,
            "digit_typing": 150,
            "office_software": 60,
            "reading_clarity": 70,
            "reading_accuracy": 70,
        },
        headers=headers,
    )
    assert results.status_code == 200, results.text
    refused = hr.post(
        f"/api/v1/recruitment/candidates/{cid}/move",
        json={"version": results.json()["version"], "to": "second_test"},
        headers=headers,
    )
    assert refused.status_code == 400
    assert "中文输入速度 49 字/分钟，及格线 50 字/分钟" in refused.json()["detail"]
    bad = hr.post(
        f"/api/v1/recruitment/candidates/{cid}/results",
        json={"taken_on": "2026-11-02", "office_software": 101},
        headers=headers,
    )
    assert bad.status_code == 422
    wrong_stage = hr.post(
        f"/api/v1/recruitment/candidates/{cid}/interview",
        json={"interviewer": "甲", "taken_on": "2026-11-02", "scores": {"智力": 80}},
        headers=headers,
    )
    assert wrong_stage.status_code == 400 and "复试" in wrong_stage.json()["detail"]
    listed = hr.get("/api/v1/recruitment/candidates", params={"stage": "first_test"}).json()
    assert cid in [row["id"] for row in listed]
    missing = hr.get("/api/v1/recruitment/candidates/999999")
    assert missing.status_code == 404


# ---------------------------------------------------------------- importing from Excel


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "招聘测试"
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: TestClient, content: bytes) -> Response:
    sent: Response = client.post(
        "/recruitment/import",
        data={"csrf_token": csrf_of(client)},
        files={"file": ("招聘测试.xlsx", content, XLSX)},
    )
    return sent


def test_R_REC_1_results_imported_from_excel_all_or_none(
    clients: dict[str, TestClient], database_url: str
) -> None:
    hr = clients["hr"]
    template = hr.get("/recruitment/import/template")
    assert template.status_code == 200 and template.headers["content-type"] == XLSX
    header = [c.value for c in load_workbook(BytesIO(template.content))["招聘测试"][1]]
    cid = candidate_id(database_url, "何静")
    bad = upload(hr, xlsx([header, [cid, "何静", "2026-11-02", "很快"], [cid, None, None, 55]]))
    assert bad.status_code == 422
    assert "很快" in bad.text and "测试日期" in bad.text and "未写入任何数据" in bad.text
    with unit_of_work(engine_for(database_url)) as session:
        found = recruitment.standing(session, recruitment.get_candidate(session, cid), DAY)
        assert found.blocked is not None
    good = upload(hr, xlsx([header, [cid, "何静", "2026-11-02", 55]]))
    assert good.status_code == 200, good.text
    assert "已导入 1 行、1 项成绩，涉及 1 名应聘者" in good.text
    with unit_of_work(engine_for(database_url)) as session:
        found = recruitment.standing(session, recruitment.get_candidate(session, cid), DAY)
        assert found.blocked is None
    assert upload(clients["agent"], xlsx([header])).status_code == 403
