"""The HTML pages: overview, a month's results, one person's explanation, a quarter's stars."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from fastapi.testclient import TestClient

from kefu.closing import repository as repo
from kefu.closing import results
from kefu.db import engine_for, unit_of_work
from kefu.periods import Month
from kefu.web.app import create_app, yuan
from kefu.web.i18n import EN
from tests.web import (
    KNOWN_PERSON,
    MONTH,
    QUARTER,
    body_rows,
    make_demo_database,
    make_second_revision,
    sign_in,
)

TEMPLATES = Path(__file__).parents[2] / "src" / "kefu" / "web" / "templates"
MONTHLY_HEADERS = (
    "工号",
    "姓名",
    "部门",
    "组别",
    "得分",
    "排名/人数",
    "档位",
    "月度奖金",
    "表现优异奖",
    "星级工资",
    "是否享有",
    "原因",
)
ENGLISH_HEADERS = (
    "Employee no.",
    "Name",
    "Department",
    "Group",
    "Score",
    "Rank/pool",
    "Tier",
    "Bonus",
    "Awards",
    "Star wage",
    "Eligible",
    "Reasons",
)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo center, with 2026-10 closed twice (1005's scores corrected to 95)."""
    folder = tmp_path_factory.mktemp("web_pages")
    url = make_demo_database(folder)
    make_second_revision(url, folder, KNOWN_PERSON[0], MONTH)
    return url


@pytest.fixture(scope="module")
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(database_url), base_url="https://testserver") as client:
        sign_in(client, "manager")
        yield client


def monthly_rows(url: str, revision: int | None = None) -> list[dict[str, object]]:
    with unit_of_work(engine_for(url)) as session:
        return results.monthly(session, Month.parse(MONTH), "zh", revision).rows


def headers_of(html: str) -> list[str]:
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r"<th[^>]*>(.*?)</th>", head)


# ---------------------------------------------------------------- overview


def test_closed_periods_lists_the_closed_months_and_quarters_with_links(
    client: TestClient,
) -> None:
    page = client.get("/periods")
    assert page.status_code == 200
    assert f'href="/months/{MONTH}"' in page.text
    assert f'href="/quarters/{QUARTER}"' in page.text
    assert "2026-04" in page.text and "2026Q2" in page.text
    assert "已结算月份" in page.text and "已结算季度" in page.text


def test_closed_periods_show_the_newest_revisions_totals_in_yuan(
    client: TestClient, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        newest = repo.latest_close(session, "monthly", MONTH)
    assert newest is not None and newest.revision == 2
    page = client.get("/periods").text
    row = next(r for r in body_rows(page) if f">{MONTH}<" in r)
    for key in ("bonus", "awards", "star_wage", "total"):
        assert yuan(newest.summary["totals"][key]) in row
    assert ">2<" in row


def test_a_new_installation_tells_how_to_create_the_first_account_or_load_the_demo(
    tmp_path: Path,
) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with TestClient(app, base_url="https://testserver") as empty:
        page = empty.get("/")
    assert page.status_code == 200
    assert page.url.path == "/sign-in"
    assert "kefu user add" in page.text and "--role admin" in page.text
    assert "kefu demo" in page.text


# ---------------------------------------------------------------- a month


def test_month_page_shows_people_under_chinese_headers(
    client: TestClient, database_url: str
) -> None:
    page = client.get(f"/months/{MONTH}")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert tuple(headers_of(page.text)) == MONTHLY_HEADERS
    assert KNOWN_PERSON[1] in page.text
    everyone = monthly_rows(database_url)
    assert len(body_rows(page.text)) == min(50, len(everyone))


def test_a_long_month_is_shown_a_page_at_a_time_with_sums_over_everyone(
    client: TestClient, database_url: str
) -> None:
    everyone = monthly_rows(database_url)
    first = client.get(f"/months/{MONTH}", params={"per_page": 50}).text
    pages = -(-len(everyone) // 50)
    assert f"第 1 / {pages} 页" in first and 'rel="next"' in first
    seen = []
    for page in range(1, pages + 1):
        html = client.get(f"/months/{MONTH}", params={"per_page": 50, "page": page}).text
        seen += re.findall(r'<tr>\s*<td><a href="/months/[^/]+/people/(\w+)"', html)
    assert seen == [str(r["employee_no"]) for r in everyone]
    total = sum(int(r["bonus"]) for r in everyone)  # type: ignore[call-overload]
    assert yuan(total) in first


def test_month_page_shows_money_in_yuan_and_scores_as_the_rows_carry_them(
    client: TestClient,
) -> None:
    page = client.get(f"/months/{MONTH}", params={"q": KNOWN_PERSON[0]}).text
    (row,) = body_rows(page)
    assert ">95.00<" in row
    assert ">¥500<" in row
    assert "1/91" in row


def test_month_page_with_lang_en_shows_english_headers(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}", params={"lang": "en"})
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert tuple(headers_of(page.text)) == ENGLISH_HEADERS
    assert "Monthly results 2026-10" in page.text


def test_filtering_by_department_narrows_the_rows_to_that_department(
    client: TestClient, database_url: str
) -> None:
    everyone = monthly_rows(database_url)
    expected = [r["employee_no"] for r in everyone if r["department"] == "客服二部"]
    page = client.get(f"/months/{MONTH}", params={"department": "客服二部"}).text
    shown = body_rows(page)
    assert 0 < len(shown) == len(expected) < len(everyone)
    assert all("客服二部" in row for row in shown)
    assert f"显示 {len(expected)} / {len(everyone)} 人" in page
    assert '<option value="客服二部" selected>' in page


def test_filtering_by_group_keeps_only_that_group(client: TestClient, database_url: str) -> None:
    leaders = [r for r in monthly_rows(database_url) if r["group"] == "leader_qa"]
    shown = body_rows(client.get(f"/months/{MONTH}", params={"group": "leader_qa"}).text)
    assert len(shown) == len(leaders)
    assert all("组长及QA" in row for row in shown)


def test_searching_by_name_or_employee_number_finds_the_person(client: TestClient) -> None:
    for text in KNOWN_PERSON:
        shown = body_rows(client.get(f"/months/{MONTH}", params={"q": text}).text)
        assert len(shown) == 1
        assert KNOWN_PERSON[1] in shown[0]


def test_a_filter_matching_nobody_says_so(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}", params={"q": "无此人"})
    assert page.status_code == 200
    assert "没有符合条件的人员" in page.text


def test_month_page_offers_the_revisions_and_shows_the_chosen_one(client: TestClient) -> None:
    newest = client.get(f"/months/{MONTH}", params={"q": KNOWN_PERSON[0]}).text
    assert '<select name="revision">' in newest
    assert '<option value="2" selected>' in newest
    first = client.get(f"/months/{MONTH}", params={"q": KNOWN_PERSON[0], "revision": 1}).text
    assert '<option value="1" selected>' in first
    (row,) = body_rows(first)
    assert ">67.30<" in row and "<td>E</td>" in row
    assert f"/months/{MONTH}/people/{KNOWN_PERSON[0]}?revision=1" in row


def test_month_without_corrections_has_no_revision_selector(client: TestClient) -> None:
    page = client.get("/months/2026-09").text
    assert 'name="revision"' not in page


def test_month_page_links_to_the_bonus_sheet(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}").text
    assert f'href="/months/{MONTH}/bonus-sheet.xlsx"' in page


def test_bonus_sheet_downloads_as_a_workbook_with_a_chinese_filename(client: TestClient) -> None:
    sheet = client.get(f"/months/{MONTH}/bonus-sheet.xlsx")
    assert sheet.status_code == 200
    assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert (
        f"filename*=UTF-8''{quote('奖金表-2026-10-修订2.xlsx')}"
        in sheet.headers["content-disposition"]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.content))
    header = [cell.value for cell in workbook["奖金表"][1]]
    assert "工号" in header and "月度奖金(元)" in header


def test_bonus_sheet_in_english_has_english_headers(client: TestClient) -> None:
    sheet = client.get(f"/months/{MONTH}/bonus-sheet.xlsx", params={"lang": "en", "revision": 1})
    assert "bonus-sheet-2026-10-rev1.xlsx" in sheet.headers["content-disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.content))
    assert "Employee no." in [cell.value for cell in workbook["Bonuses"][1]]


# ---------------------------------------------------------------- one person


def test_person_page_explains_every_step_with_its_rule_and_the_policy(
    client: TestClient, database_url: str
) -> None:
    with unit_of_work(engine_for(database_url)) as session:
        label = results.monthly(session, Month.parse(MONTH)).policy_label
    page = client.get(f"/months/{MONTH}/people/{KNOWN_PERSON[0]}")
    assert page.status_code == 200
    assert f"{KNOWN_PERSON[1]} ({KNOWN_PERSON[0]})" in page.text
    assert '<code class="rule">R-BON-1</code>' in page.text
    assert label in page.text
    assert re.search(r'<p class="outcome">结果: 得分 95\.00.*合计', page.text)
    assert '<li value="1">' in page.text


def test_person_page_of_an_earlier_revision_shows_that_revision(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}/people/{KNOWN_PERSON[0]}", params={"revision": 1}).text
    assert "修订 1" in page
    assert "得分 67.30" in page


def test_person_page_in_english(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}/people/{KNOWN_PERSON[0]}", params={"lang": "en"}).text
    assert "how the figures were reached" in page
    assert '<p class="outcome">Result: score 95.00' in page
    assert f'href="/months/{MONTH}?lang=en"' in page


def test_unknown_person_is_a_404_page(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}/people/9999")
    assert page.status_code == 404
    assert "没有工号 9999" in page.text


# ---------------------------------------------------------------- a quarter


def test_quarter_page_shows_the_stars_table(client: TestClient) -> None:
    page = client.get(f"/quarters/{QUARTER}")
    assert page.status_code == 200
    assert "2026Q3 季度星级" in page.text
    assert "季度得分" in headers_of(page.text)
    assert "★" in page.text
    assert KNOWN_PERSON[1] in page.text


def test_quarter_page_in_english(client: TestClient) -> None:
    page = client.get(f"/quarters/{QUARTER}", params={"lang": "en"}).text
    assert "Quarter stars 2026Q3" in page
    assert "Quarter score" in headers_of(page)


# ---------------------------------------------------------------- failures


def test_unclosed_month_is_a_404_page_with_a_chinese_message(client: TestClient) -> None:
    page = client.get("/months/2030-01")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "月份 2030-01 尚未结算" in page.text


def test_malformed_month_is_a_400_page(client: TestClient) -> None:
    for month in ("2026-13", "october"):
        page = client.get(f"/months/{month}")
        assert page.status_code == 400
        assert "格式不正确" in page.text


def test_malformed_quarter_is_a_400_page(client: TestClient) -> None:
    page = client.get("/quarters/2026Q5")
    assert page.status_code == 400
    assert "格式不正确" in page.text


def test_invalid_revision_is_a_400_page_not_a_json_error(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}", params={"revision": "0"})
    assert page.status_code == 400
    assert page.headers["content-type"].startswith("text/html")
    assert "请求参数不正确" in page.text


def test_unclosed_revision_is_a_404_page(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}", params={"revision": 9})
    assert page.status_code == 404
    assert "修订 9" in page.text


def test_unknown_path_is_a_404_page(client: TestClient) -> None:
    page = client.get("/nowhere", params={"lang": "en"})
    assert page.status_code == 404
    assert "Page not found" in page.text


# ---------------------------------------------------------------- every page


def test_the_language_switch_links_to_the_same_page_in_the_other_language(
    client: TestClient,
) -> None:
    chinese = client.get(f"/months/{MONTH}", params={"department": "客服一部"}).text
    assert (
        f'href="/months/{MONTH}?department=%E5%AE%A2%E6%9C%8D%E4%B8%80%E9%83%A8&amp;lang=en"'
        in chinese
    )
    english = client.get(f"/months/{MONTH}", params={"lang": "en"}).text
    assert f'<a href="/months/{MONTH}" lang="zh-CN">中文</a>' in english
    assert f'href="/months/{MONTH}/people/{KNOWN_PERSON[0]}?lang=en"' in english


def test_pages_load_scripts_only_from_the_app_and_link_nowhere_outside(
    client: TestClient,
) -> None:
    for path in (
        "/dashboard",
        f"/months/{MONTH}",
        f"/months/{MONTH}/people/1005",
        f"/quarters/{QUARTER}",
        "/people/1005",
    ):
        page = client.get(path).text
        sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
        assert all(src.startswith("/static/") for src in sources), sources
        assert "http://" not in page and "https://" not in page


def test_the_front_end_packages_are_served_by_the_app(client: TestClient) -> None:
    for path in (
        "/static/echarts/echarts.min.js",
        "/static/htmx/htmx.min.js",
        "/static/kefu/kefu.js",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert len(answer.content) > 1000


def test_the_month_filters_work_as_a_plain_form_without_javascript(client: TestClient) -> None:
    page = client.get(f"/months/{MONTH}").text
    form = page.split('<form class="filters"', 1)[1].split(">", 1)[0]
    assert 'method="get"' in form and f'action="/months/{MONTH}"' in form


def test_every_template_text_has_an_english_translation() -> None:
    used = {
        text
        for template in TEMPLATES.glob("*.html")
        for text in re.findall(r"""\bt\(\s*["']([^"']+)["']""", template.read_text("utf-8"))
    }
    assert used
    assert sorted(used - EN.keys()) == []


def test_money_is_yuan_with_thousands_separators() -> None:
    assert yuan(1200) == "¥1,200"
    assert yuan("66700") == "¥66,700"
    assert yuan(Decimal("1234.5")) == "¥1,234.50"
    assert yuan(0) == "¥0"


def test_R_ORG_2_the_roles_page_lists_every_role_with_its_duties(client: TestClient) -> None:
    page = client.get("/roles")
    assert page.status_code == 200
    for name in ("客户服务中心经理", "客服主管", "QA", "业务组长", "客户服务代表"):
        assert name in page.text
    assert "负责班前会召开及会议纪录" in page.text
    english = client.get("/roles?lang=en")
    assert "Hold the pre-shift meeting and keep its minutes" in english.text


def test_the_api_docs_load_swagger_ui_from_the_app_itself(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text and "https://" not in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 404
