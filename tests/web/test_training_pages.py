"""The new-hire programme in the browser and over the JSON API (R-NEW-1..4, R-PUB-1, R-PRV-1).

The demo cohort started on Monday 2026-10-26 (the demo QA trains it): 8802, the demo account
``trainee``, failed one theory exam; 8804 joined a day late and has no mentor; the demo agent
mentors 8801. The server's day is set by the test (the plan's today, notices and scores count
from it); expected figures come from the services on the same database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from kefu.db import engine_for, unit_of_work
from kefu.people.service import current_record
from kefu.training import service as training
from kefu.web import pages_training
from kefu.web.app import create_app
from kefu.web.i18n import EN
from tests.web import csrf_of, make_demo_database, sign_in

DEMO_DAY = date(2026, 11, 2)
TEMPLATES = ("home", "cohort", "plan_table", "trainee", "case")


@pytest.fixture(scope="module")
def day() -> Iterator[list[date]]:
    today = [DEMO_DAY]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages_training, "today", lambda: today[0])
        yield today


@pytest.fixture(autouse=True)
def back_to_the_demo_day(day: list[date]) -> Iterator[None]:
    """Each test starts on the demo's day, whatever the one before it did."""
    day[0] = DEMO_DAY
    yield
    day[0] = DEMO_DAY


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory, day: list[date]) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_training"))


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {}
    for name in ("qa", "hr", "manager", "agent", "trainee", "leader"):
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        made[name] = sign_in(client, name, "trainee123456" if name == "trainee" else None)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def ids(url: str) -> dict[str, int]:
    """The demo cohort and its trainees' ids by 工号."""
    with unit_of_work(engine_for(url)) as session:
        cohort = training.cohorts(session)[0]
        found = {t.employee_no: t.id for t in training.trainees(session, cohort.id)}
        return {"cohort": cohort.id, **found}


def post(client: TestClient, path: str, data: dict[str, object]) -> Response:
    sent: Response = client.post(
        path, data={"csrf_token": csrf_of(client), **data}, follow_redirects=False
    )
    return sent


def test_the_trainers_overview_lists_the_cohort(clients: dict[str, TestClient]) -> None:
    page = clients["qa"].get("/training")
    assert page.status_code == 200
    assert "2026年10月新员工培训班" in page.text and "开设培训班" in page.text
    assert clients["qa"].get("/api/v1/training/cohorts").json()[0]["trainees"] == 4


def test_R_NEW_1_the_cohorts_plan_lies_on_real_dates_with_moved_exams_explained(
    clients: dict[str, TestClient], database_url: str
) -> None:
    cohort = ids(database_url)["cohort"]
    page = clients["qa"].get(f"/training/cohorts/{cohort}").text
    day6 = page.split('data-day="6"', 1)[1].split("</tr>", 1)[0]
    # day 6 is Saturday 10-31: its practical exam sits on Monday 11-02, today
    assert "2026-11-02" in day6 and "原定 2026-10-31" in day6
    assert "周六休息日" in day6 and "顺延至下一个工作日 2026-11-02" in day6
    day8 = page.split('data-day="8"', 1)[1].split("</tr>", 1)[0]
    assert "◀ 今天" in day8
    day4 = page.split('data-day="4"', 1)[1].split("</tr>", 1)[0]
    assert "2026-10-29" in day4 and "原定" not in day4
    api = clients["qa"].get(f"/api/v1/training/cohorts/{cohort}").json()
    assert [d["on"] for d in api["plan"]][21] == "2026-11-16"
    assert api["programme_day"] == 8


def test_R_NEW_1_a_trainee_without_a_mentor_after_day_1_is_flagged_on_the_cohort(
    clients: dict[str, TestClient], database_url: str
) -> None:
    cohort = ids(database_url)["cohort"]
    page = clients["qa"].get(f"/training/cohorts/{cohort}").text
    row = page.split('data-trainee="8804"', 1)[1].split("</tr>", 1)[0]
    assert "至今尚未指定" in row
    other = page.split('data-trainee="8801"', 1)[1].split("</tr>", 1)[0]
    assert "至今尚未指定" not in other


def test_the_trainee_sees_their_plan_scores_and_feedback_not_the_flags(
    clients: dict[str, TestClient], database_url: str
) -> None:
    mine = clients["trainee"].get("/training/me", follow_redirects=False)
    assert mine.status_code == 303
    assert mine.headers["location"].endswith(f"/training/trainees/{ids(database_url)['8802']}")
    page = clients["trainee"].get(mine.headers["location"]).text
    assert "我的培训计划" in page and "◀ 今天" in page
    assert "对购买流程和支付方式掌握不牢" in page  # the feedback on the failed theory exam
    assert "淘汰标准" not in page and "录入成绩" not in page
    assert "课堂上多次走神" in page  # the warning
    exams = page.split("<h2>我的考试</h2>", 1)[1].split("</table>", 1)[0]
    assert "第 8 天" in exams and "/exams/sittings/" in exams  # the day-8 exam on the bank
    api = clients["trainee"].get(f"/api/v1/training/trainees/{ids(database_url)['8802']}").json()
    assert api["flags"] == [] and api["criteria"] == [] and api["preliminary"] is None
    assert [s["score"] for s in api["scores"] if s["kind"] == "theory"] == ["68.00", "52.00"]


def test_someone_not_in_training_is_told_so(clients: dict[str, TestClient]) -> None:
    page = clients["leader"].get("/training/me")
    assert page.status_code == 200 and "您没有参加新员工培训的记录" in page.text


def test_R_PRV_1_a_trainee_sees_only_their_own_and_a_mentor_their_mentees(
    clients: dict[str, TestClient], database_url: str
) -> None:
    known = ids(database_url)
    assert clients["trainee"].get(f"/training/trainees/{known['8801']}").status_code == 403
    assert clients["trainee"].get(f"/training/cohorts/{known['cohort']}").status_code == 403
    mentor = clients["agent"]
    home = mentor.get("/training").text
    assert "我带教的学员" in home and "林晓雨" in home
    assert mentor.get(f"/training/trainees/{known['8801']}").status_code == 200
    assert mentor.get(f"/training/trainees/{known['8802']}").status_code == 403
    assert clients["leader"].get(f"/api/v1/training/trainees/{known['8801']}").status_code == 403


def test_bad_input_comes_back_on_the_page_and_writes_nothing(
    clients: dict[str, TestClient], database_url: str
) -> None:
    trainee = ids(database_url)["8804"]
    sent = post(
        clients["qa"],
        f"/training/trainees/{trainee}/scores",
        {"kind": "theory", "taken_on": "2026-11-02", "score": "abc", "feedback": "x"},
    )
    assert sent.status_code == 400 and "不是数字" in sent.text
    future = post(
        clients["qa"],
        f"/training/trainees/{trainee}/scores",
        {"kind": "theory", "taken_on": "2026-11-09", "score": "70", "feedback": "x"},
    )
    assert future.status_code == 400 and "晚于今天" in future.text
    api = clients["qa"].get(f"/api/v1/training/trainees/{trainee}").json()
    assert len(api["scores"]) == 3


def test_R_NEW_3_a_second_theory_fail_in_a_row_puts_the_trainee_on_the_list(
    clients: dict[str, TestClient], database_url: str
) -> None:
    trainee = ids(database_url)["8802"]
    assert (
        "郑浩然"
        not in clients["qa"].get("/training").text.split("初步淘汰名单", 1)[1].split("<h2>", 1)[0]
    )
    sent = post(
        clients["qa"],
        f"/training/trainees/{trainee}/scores",
        {
            "kind": "theory",
            "taken_on": "2026-11-02",
            "score": "48",
            "occasion": "exam",
            "plan_day": "8",
            "feedback": "综合考试未达标，安排专项辅导",
        },
    )
    assert sent.status_code == 303, sent.text
    page = clients["qa"].get(f"/training/trainees/{trainee}").text
    assert "已列入初步淘汰名单" in page
    assert "理论考核连续 2 次低于 60 分：2026-10-30 52.00、2026-11-02 48.00" in page
    listed = clients["qa"].get("/training").text.split("初步淘汰名单", 1)[1]
    assert "郑浩然" in listed
    assert [p["employee_no"] for p in clients["hr"].get("/api/v1/training/preliminary").json()] == [
        "8802"
    ]


def test_R_NEW_4_the_elimination_runs_to_the_end_through_the_pages(
    clients: dict[str, TestClient], database_url: str, day: list[date]
) -> None:
    trainee = ids(database_url)["8803"]
    qa, hr = clients["qa"], clients["hr"]
    recorded = post(
        qa,
        f"/training/trainees/{trainee}/criteria",
        {
            "criterion": "serious_violation",
            "observed_on": "2026-11-02",
            "evidence": "11-02 将客户资料拍照发到私人群，已截图留存",
        },
    )
    assert recorded.status_code == 303
    opened = post(qa, f"/training/trainees/{trainee}/elimination", {"reason": ""})
    assert opened.status_code == 303
    found = re.search(r"/training/cases/(\d+)\?done=case", opened.headers["location"])
    assert found is not None
    case_id = int(found.group(1))
    version = clients["qa"].get(f"/api/v1/training/cases/{case_id}").json()["version"]
    refused = post(
        clients["manager"],
        f"/training/cases/{case_id}/talk",
        {"decision": "approve", "version": version, "reasons": "r"},
    )
    assert refused.status_code == 403
    talked = post(
        qa,
        f"/training/cases/{case_id}/talk",
        {"decision": "approve", "version": version, "reasons": "违反保密制度", "response": "认可"},
    )
    assert talked.status_code == 303
    public = clients["leader"].get(f"/training/cases/{case_id}")
    assert public.status_code == 200 and "公示中" in public.text
    objected = post(clients["agent"], f"/training/cases/{case_id}/objections", {"text": "请核实"})
    assert objected.status_code == 303
    objection = qa.get(f"/api/v1/training/cases/{case_id}").json()["objections"][0]["id"]
    answered = post(
        hr,
        f"/training/cases/objections/{objection}/answer",
        {"outcome": "dismissed", "finding": "截图属实", "reply": "申诉不成立"},
    )
    assert answered.status_code == 303
    early = post(hr, f"/training/cases/{case_id}/final", {"opinion": "淘汰"})
    assert early.status_code == 400 and "公示期到" in early.text
    notice = hr.get(f"/api/v1/training/cases/{case_id}").json()
    day[0] = date.fromisoformat(notice["notice_last_day"]) + timedelta(days=1)
    final = post(hr, f"/training/cases/{case_id}/final", {"opinion": "证据确凿，予以淘汰"})
    assert final.status_code == 303
    for item in ("final_pay", "badge", "equipment"):
        version = hr.get(f"/api/v1/training/cases/{case_id}").json()["version"]
        ticked = post(
            hr,
            f"/training/cases/{case_id}/checklist",
            {"item": item, "version": version, "done_on": day[0].isoformat()},
        )
        assert ticked.status_code == 303
    version = hr.get(f"/api/v1/training/cases/{case_id}").json()["version"]
    exit_talk = post(
        hr,
        f"/training/cases/{case_id}/exit",
        {"version": version, "feedback": "接受结果", "advice": "适合后台数据类岗位"},
    )
    assert exit_talk.status_code == 303
    shown = hr.get(f"/api/v1/training/cases/{case_id}").json()
    assert shown["state"] == "final" and shown["left_on"] == day[0].isoformat()
    assert all(c["done"] for c in shown["checklist"]) and shown["exit"]["advice"]
    with unit_of_work(engine_for(database_url)) as session:
        record = current_record(session, "8803")
        assert record is not None
        assert (record.status, record.leave_reason, record.left_on) == (
            "left",
            "eliminated",
            day[0],
        )


def test_R_NEW_1_a_failed_re_exam_waits_for_the_managers_choice(
    clients: dict[str, TestClient], database_url: str, day: list[date]
) -> None:
    trainee = ids(database_url)["8801"]
    qa = clients["qa"]
    day[0] = date(2026, 11, 16)  # day 22, the conversion exam
    failed = post(
        qa,
        f"/training/trainees/{trainee}/conversion",
        {"taken_on": "2026-11-16", "score": "70", "paper": "转正A卷", "feedback": "差距在实操"},
    )
    assert failed.status_code == 303, failed.text
    day[0] = date(2026, 11, 18)
    same = post(
        qa,
        f"/training/trainees/{trainee}/conversion",
        {"taken_on": "2026-11-18", "score": "90", "paper": "转正A卷", "feedback": "x"},
    )
    assert same.status_code == 400 and "就是未通过的试卷" in same.text
    again = post(
        qa,
        f"/training/trainees/{trainee}/conversion",
        {"taken_on": "2026-11-18", "score": "75", "paper": "补考B卷", "feedback": "仍未达标"},
    )
    assert again.status_code == 303
    home = clients["manager"].get("/training").text
    assert "补考未通过，待经理决定" in home and "林晓雨" in home
    assert (
        post(
            clients["hr"],
            f"/training/trainees/{trainee}/decision",
            {"choice": "extend", "reason": "r", "until": "2026-12-31"},
        ).status_code
        == 403
    )
    decided = post(
        clients["manager"],
        f"/training/trainees/{trainee}/decision",
        {"choice": "extend", "reason": "实操进步明显，再观察", "until": "2026-12-31"},
    )
    assert decided.status_code == 303
    shown = clients["manager"].get(f"/api/v1/training/trainees/{trainee}").json()
    assert shown["stage"] == "extended" and shown["extended_until"] == "2026-12-31"
    assert shown["decision"]["by"] == "manager"


def test_the_pages_read_in_english(clients: dict[str, TestClient], database_url: str) -> None:
    known = ids(database_url)
    page = clients["qa"].get(f"/training/cohorts/{known['cohort']}", params={"lang": "en"}).text
    assert "Training plan" in page and "moves to the next working day" in page
    home = clients["qa"].get("/training", params={"lang": "en"}).text
    assert "New-hire training" in home


def test_every_training_template_text_has_an_english_translation() -> None:
    from pathlib import Path

    folder = Path(pages_training.__file__).parent / "templates"
    used: set[str] = set()
    for name in TEMPLATES:
        text = (folder / f"training_{name}.html").read_text("utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([^"']+)["']""", text))
        for block in re.findall(r"\bt\(\{(.*?)\}", text, flags=re.S):
            used |= set(re.findall(r':\s*"([^"]+)"', block))
        used |= set(re.findall(r'\.get\([^,]+,\s*"([^"]+)"\)', text))
    assert used and sorted(used - EN.keys()) == []


def test_R_PRV_1_only_trainers_reach_the_cohorts(
    clients: dict[str, TestClient], database_url: str
) -> None:
    cohort = ids(database_url)["cohort"]
    assert clients["agent"].get(f"/training/cohorts/{cohort}").status_code == 403
    assert clients["agent"].get("/api/v1/training/cohorts").status_code == 403
    refused = post(clients["agent"], "/training/cohorts", {"name": "x", "starts_on": "2026-11-09"})
    assert refused.status_code == 403
