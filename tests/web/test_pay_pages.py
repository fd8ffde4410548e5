"""The pay pages: the pay closes, the pay sheet cut to the viewer, the .xlsx, one person's pay.

The demo center closes the pay of 2026-09 and 2026-10. Expected rows and sums come from the pay
services on the same database (kefu.pay.sheet.pay_sheet), never written into the test.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from kefu.accounts.service import users
from kefu.attendance import service as attendance
from kefu.closing import repository as closing_repo
from kefu.db import engine_for, unit_of_work
from kefu.explain.messages import render as render_step
from kefu.explain.trace import Step
from kefu.pay.rules import LINE_LABELS
from kefu.pay.service import PAY_KIND, person_pay
from kefu.pay.sheet import PAY_COLUMNS, TOTAL_LABELS, pay_sheet
from kefu.people import service as people
from kefu.periods import Month
from kefu.web.app import create_app, yuan
from kefu.web.pages_pay import matching_pay, pay_totals
from tests.web import csrf_of, make_demo_database, sign_in

MONTH = "2026-10"
ROLES = ("agent", "leader", "qa", "hr", "manager", "admin")
MONEY = (*PAY_COLUMNS, *TOTAL_LABELS)


@dataclass(frozen=True)
class Team:
    """The demo people the tests visit."""

    agent: str
    leader: str
    qa: str
    teammate: str


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_demo_database(tmp_path_factory.mktemp("web_pay"))


@pytest.fixture(scope="module")
def team(database_url: str) -> Team:
    with unit_of_work(engine_for(database_url)) as session:
        roster = dict(people.roster(session))
        linked = {u.username: u.employee_no for u in users(session)}
    agent, leader, qa = linked["agent"], linked["leader"], linked["qa"]
    assert agent and leader and qa
    home = roster[agent]
    teammate = next(
        no
        for no, r in sorted(roster.items())
        if no not in (agent, leader)
        and r.role == "csr"
        and (r.department, r.team) == (home.department, home.team)
        and r.status == "regular"
    )
    return Team(agent, leader, qa, teammate)


@pytest.fixture(scope="module")
def app(database_url: str) -> FastAPI:
    return create_app(database_url)


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    out = {}
    for role in ROLES:
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        out[role] = sign_in(client, role)
    yield out
    for client in out.values():
        client.__exit__(None, None, None)


def sheet_rows(url: str, month: str = MONTH) -> list[dict[str, object]]:
    with unit_of_work(engine_for(url)) as session:
        return pay_sheet(session, Month.parse(month)).rows


def listed(page: str) -> list[str]:
    """The 工号 of the pay table's rows, in order."""
    body = page.split('<table class="pay">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<td><a href="/pay/[\d-]+/(\d+)', body)


def footer_totals(page: str) -> dict[str, Decimal]:
    foot = page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    return {
        key: Decimal(value.replace("¥", "").replace(",", ""))
        for key, value in re.findall(r'data-total="(\w+)">([^<]+)<', foot)
    }


def summed(rows: list[dict[str, object]], key: str) -> Decimal:
    """A column summed as the sheet shows it: deductions as positive amounts."""
    return sum((abs(Decimal(str(r[key]))) for r in rows), Decimal(0))


def text_of(page: str) -> str:
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


# ---------------------------------------------------------------- the pay sheet (工资表)


def test_hr_sees_everyones_pay_with_sums_over_everyone(
    clients: dict[str, TestClient], database_url: str
) -> None:
    rows = sheet_rows(database_url)
    page = clients["hr"].get(f"/pay/{MONTH}", params={"per_page": 1000})
    assert page.status_code == 200
    assert listed(page.text) == [str(r["employee_no"]) for r in rows]
    totals = footer_totals(page.text)
    for key in ("gross", "deductions", "net"):
        assert totals[key] == summed(rows, key)
    assert totals["gross"] - totals["deductions"] == totals["net"]


def test_an_agent_and_a_leader_and_qa_see_only_their_own_row(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    everyone = {str(r["employee_no"]): r for r in sheet_rows(database_url)}
    for role, own in (("agent", team.agent), ("leader", team.leader), ("qa", team.qa)):
        page = clients[role].get(f"/pay/{MONTH}").text
        assert listed(page) == [own], role
        assert footer_totals(page)["net"] == summed([everyone[own]], "net")
        assert team.teammate not in listed(page)


def test_the_sheet_is_shown_a_page_at_a_time_with_sums_over_all_filtered_people(
    clients: dict[str, TestClient], database_url: str
) -> None:
    rows = sheet_rows(database_url)
    department = str(rows[0]["department"])
    chosen = [r for r in rows if r["department"] == department]
    first = (
        clients["manager"]
        .get(f"/pay/{MONTH}", params={"department": department, "per_page": 10})
        .text
    )
    assert listed(first) == [str(r["employee_no"]) for r in chosen[:10]]
    assert f"第 1 / {-(-len(chosen) // 10)} 页" in text_of(first)
    assert footer_totals(first)["net"] == summed(chosen, "net")
    second = (
        clients["manager"]
        .get(f"/pay/{MONTH}", params={"department": department, "per_page": 10, "page": 2})
        .text
    )
    assert listed(second) == [str(r["employee_no"]) for r in chosen[10:20]]


def test_searching_finds_a_person_by_name(
    clients: dict[str, TestClient], database_url: str
) -> None:
    row = sheet_rows(database_url)[5]
    page = clients["hr"].get(f"/pay/{MONTH}", params={"q": str(row["name"])}).text
    assert str(row["employee_no"]) in listed(page)


def test_the_sheet_shows_the_lines_anyone_has_and_the_three_totals(
    clients: dict[str, TestClient], database_url: str
) -> None:
    rows = sheet_rows(database_url)
    page = clients["hr"].get(f"/pay/{MONTH}").text
    head = page.split('<table class="pay">', 1)[1].split("</thead>", 1)[0]
    for code in PAY_COLUMNS:
        used = any(Decimal(str(r[code])) != 0 for r in rows)
        assert (f">{LINE_LABELS[code][0]}<" in head) == used, code
    for zh, _ in TOTAL_LABELS.values():
        assert f">{zh}<" in head


def test_an_unclosed_month_is_a_404_page(clients: dict[str, TestClient]) -> None:
    answer = clients["hr"].get("/pay/2026-08")
    assert answer.status_code == 404
    assert "2026-08 的薪资尚未结算" in answer.text


def test_the_sheet_in_english(clients: dict[str, TestClient]) -> None:
    page = clients["hr"].get(f"/pay/{MONTH}", params={"lang": "en"}).text
    assert f"Pay sheet {MONTH}" in page and ">gross pay<" in page and ">base pay<" in page


# ---------------------------------------------------------------- the .xlsx


def _workbook_rows(
    content: bytes, cached: bool = False
) -> tuple[list[str], list[tuple[object, ...]], tuple[object, ...]]:
    """The pay sheet's headers, people rows and total row (formulas, or their cached values)."""
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=cached)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    headers = [str(h) for h in values[0]]
    people_rows = [r for r in values[1:] if isinstance(r[0], str) and r[0].isdigit()]
    total = next(r for r in values[1:] if r[0] in ("合计", "Total"))
    return headers, people_rows, total


def test_the_xlsx_opens_and_its_totals_match_the_page(
    clients: dict[str, TestClient], database_url: str
) -> None:
    answer = clients["hr"].get(f"/pay/{MONTH}.xlsx")
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert quote(f"工资表-{MONTH}-修订1.xlsx") in disposition
    headers, rows, total = _workbook_rows(answer.content)
    _, _, cached_total = _workbook_rows(answer.content, cached=True)
    expected = sheet_rows(database_url)
    assert [r[0] for r in rows] == [r["employee_no"] for r in expected]
    page_totals = footer_totals(clients["hr"].get(f"/pay/{MONTH}").text)
    for key in ("gross", "deductions", "net"):
        column = headers.index(TOTAL_LABELS[key][0])
        from_rows = sum((Decimal(str(r[column])) for r in rows), Decimal(0))
        assert from_rows.quantize(Decimal("0.01")) == page_totals[key]
        # the total row is a SUM over the people's rows, its cached value the page's total
        assert str(total[column]).startswith("=SUM(")
        assert Decimal(str(cached_total[column])).quantize(Decimal("0.01")) == page_totals[key]


def test_the_xlsx_of_an_agent_holds_only_their_own_row(
    clients: dict[str, TestClient], team: Team
) -> None:
    _, rows, _ = _workbook_rows(clients["agent"].get(f"/pay/{MONTH}.xlsx").content)
    assert [r[0] for r in rows] == [team.agent]
    _, led, _ = _workbook_rows(clients["leader"].get(f"/pay/{MONTH}.xlsx").content)
    assert [r[0] for r in led] == [team.leader]


def test_the_xlsx_keeps_the_pages_filters(
    clients: dict[str, TestClient], database_url: str
) -> None:
    rows = sheet_rows(database_url)
    department = str(rows[-1]["department"])
    _, got, _ = _workbook_rows(
        clients["manager"].get(f"/pay/{MONTH}.xlsx", params={"department": department}).content
    )
    assert [r[0] for r in got] == [r["employee_no"] for r in rows if r["department"] == department]


def test_the_xlsx_in_english_has_english_headers(clients: dict[str, TestClient]) -> None:
    answer = clients["hr"].get(f"/pay/{MONTH}.xlsx", params={"lang": "en"})
    headers, _, _ = _workbook_rows(answer.content)
    assert "net pay" in headers and "Name" in headers
    assert f"pay-sheet-{MONTH}-rev1.xlsx" in answer.headers["content-disposition"]


# ---------------------------------------------------------------- one person's pay (工资说明)


def test_a_persons_pay_shows_every_line_and_every_step_with_its_rule(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    page = clients["agent"].get(f"/pay/{MONTH}/{team.agent}")
    assert page.status_code == 200
    with unit_of_work(engine_for(database_url)) as session:
        row = person_pay(session, Month.parse(MONTH), team.agent)
    words = text_of(page.text)
    for line in row.lines:
        assert line["label"] in words
    for data in row.reasons:
        rule, _, sentence = render_step(Step.from_dict(data), "zh").partition(": ")
        assert sentence in words and rule in words
    assert f"实发工资 {yuan(row.net)} = 应发合计 {yuan(row.gross)}" in words
    assert f'href="/attendance/{team.agent}?month={MONTH}"' in page.text
    assert f'href="/hours/{team.agent}?through={MONTH}"' in page.text


def test_a_persons_pay_in_english(clients: dict[str, TestClient], team: Team) -> None:
    page = clients["agent"].get(f"/pay/{MONTH}/{team.agent}", params={"lang": "en"}).text
    assert "base pay" in page and "Pay lines" in page


def test_a_leader_does_not_see_a_teammates_pay(clients: dict[str, TestClient], team: Team) -> None:
    hidden = clients["leader"].get(f"/pay/{MONTH}/{team.teammate}")
    unknown = clients["leader"].get(f"/pay/{MONTH}/0000")
    assert hidden.status_code == unknown.status_code == 404
    assert clients["leader"].get(f"/people/{team.teammate}/pay").status_code == 404
    assert clients["hr"].get(f"/pay/{MONTH}/{team.teammate}").status_code == 200


def test_my_pay_lists_every_closed_month_with_its_net_pay(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    page = clients["agent"].get(f"/people/{team.agent}/pay").text
    with unit_of_work(engine_for(database_url)) as session:
        months = sorted({c.period for c in closing_repo.closes(session, PAY_KIND)}, reverse=True)
        nets = [person_pay(session, Month.parse(m), team.agent).net for m in months]
    assert re.findall(r"<td>(\d{4}-\d\d)</td>", page) == months
    for month, net in zip(months, nets, strict=True):
        row = page.split(f"<td>{month}</td>", 1)[1].split("</tr>", 1)[0]
        assert f'href="/pay/{month}/{team.agent}"' in row
        assert yuan(net) in row


# ---------------------------------------------------------------- closing pay (薪资结算)


def test_only_hr_and_managers_close_pay(clients: dict[str, TestClient]) -> None:
    for role in ("agent", "leader", "qa", "admin"):
        assert clients[role].get("/pay").status_code == 403
    page = clients["hr"].get("/pay").text
    assert 'name="month"' in page and f'href="/pay/{MONTH}"' in page


def test_the_pay_list_shows_each_closes_totals(
    clients: dict[str, TestClient], database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        close = closing_repo.latest_close(session, PAY_KIND, MONTH)
    assert close is not None
    page = clients["manager"].get("/pay").text
    row = page.split(f'<a href="/pay/{MONTH}">{MONTH}</a>', 1)[1].split("</tr>", 1)[0]
    for key in ("gross", "deductions", "net"):
        assert yuan(close.summary["totals"][key]) in row


def test_closing_unchanged_pay_keeps_the_revision(clients: dict[str, TestClient]) -> None:
    hr = clients["hr"]
    answer = hr.post("/pay/closes", data={"csrf_token": csrf_of(hr), "month": MONTH})
    assert answer.status_code == 200
    assert "输入与政策均无变化，仍为修订 1。" in text_of(answer.text)


def test_closing_pay_after_a_change_makes_a_revision_listing_who_changed(
    clients: dict[str, TestClient], team: Team, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        setting = attendance.cycle_setting(session, Month.parse("2026-09"))
        emp = people.employee_ids(session, [team.teammate])[team.teammate]
        cycle = attendance.cycle_attendance(session, setting, [emp])[emp]
        worked = next(d.day for d in cycle.days if d.in_cycle and d.status == "worked")
        request = attendance.request_leave(
            session, "tester", team.teammate, "personal_leave", worked, worked, "", worked
        )
        attendance.decide_leave(session, request.id, True, "leader")
    hr = clients["hr"]
    answer = hr.post("/pay/closes", data={"csrf_token": csrf_of(hr), "month": "2026-09"})
    assert answer.status_code == 200
    words = text_of(answer.text)
    assert "已结算:修订 2" in words and "与修订 1 相比的变化" in words
    changes = answer.text.split('<table class="changes">', 1)[1].split("</table>", 1)[0]
    assert f">{team.teammate}</a>" in changes and "<td>事假扣款</td>" in changes
    assert "<td>实发工资</td>" in changes
    assert team.agent not in changes


def test_closing_a_month_without_a_bonus_close_is_refused(clients: dict[str, TestClient]) -> None:
    hr = clients["hr"]
    answer = hr.post("/pay/closes", data={"csrf_token": csrf_of(hr), "month": "2026-12"})
    assert answer.status_code == 409
    assert "月度奖金尚未结算" in answer.text


def test_an_agent_cannot_close_pay(clients: dict[str, TestClient]) -> None:
    agent = clients["agent"]
    answer = agent.post("/pay/closes", data={"csrf_token": csrf_of(agent), "month": MONTH})
    assert answer.status_code == 403


MONEY_TEXT = st.decimals(
    min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2, allow_nan=False
).map(lambda d: str(d.quantize(Decimal("0.01"))))


@given(
    st.lists(st.fixed_dictionaries({key: MONEY_TEXT for key in MONEY}), max_size=30),
    st.integers(min_value=0, max_value=30),
)
def test_the_totals_of_two_parts_add_up_to_the_totals_of_the_whole(
    rows: list[dict[str, object]], cut: int
) -> None:
    whole = pay_totals(rows)
    first, second = pay_totals(rows[:cut]), pay_totals(rows[cut:])
    for key in MONEY:
        assert Decimal(whole[key]) == Decimal(first[key]) + Decimal(second[key])
        assert Decimal(whole[key]) >= 0  # deductions are shown as positive amounts


@given(st.text(max_size=4))
def test_a_search_never_finds_someone_outside_the_chosen_department(needle: str) -> None:
    rows: list[dict[str, Any]] = [
        {"employee_no": "1001", "name": "赵霞", "department": "一部", "team": "1组"},
        {"employee_no": "1002", "name": "王伟", "department": "二部", "team": None},
    ]
    found = matching_pay(rows, "一部", "", needle)
    assert all(r["department"] == "一部" for r in found)
    assert matching_pay(rows, "", "", "") == rows
