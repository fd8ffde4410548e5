"""Helpers of the browser tests: the served demo center, signing in, import workbooks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
from playwright.sync_api import Page, expect

from kefu.db import engine_for, unit_of_work
from kefu.people.service import roster
from kefu.periods import Month
from tests.web import DEMO_PASSWORD


@dataclass(frozen=True)
class DemoCenter:
    """The served demo center and the people the tests visit."""

    base_url: str
    database_url: str
    folder: Path
    agent_no: str
    """The 工号 of the demo account ``agent``."""
    colleague_no: str
    """Another agent of the same team, whom ``agent`` must not see."""
    colleague_name: str
    """That colleague's name, which must not show on the agent's pages."""


def sign_in(page: Page, username: str, then: str = "/") -> None:
    """Sign in through the sign-in form with the demo password and land on the page ``then``."""
    page.goto(f"/sign-in?next={quote(then, safe='')}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(username + DEMO_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))
    if then != "/":
        expect(page).to_have_url(re.compile(re.escape(then) + "$"))
    # The URL changes when the new page starts; htmx and the charts attach only once its
    # scripts have run, and a click before that would post the form the old-fashioned way.
    page.wait_for_load_state("load")


SCORE_HEADERS = ["工号", "月份", "通话评估成绩", "工作评估成绩", "综合工作表现"]


def make_workbook(
    path: Path, sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]
) -> Path:
    """An .xlsx with one sheet per entry: a header row, then the rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (headers, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def employed_in(database_url: str, month: Month) -> set[str]:
    """The 工号 of everyone still employed on the first day of ``month``."""
    with unit_of_work(engine_for(database_url)) as session:
        return {
            no
            for no, record in roster(session)
            if record.left_on is None or record.left_on >= month.first_day
        }


def next_month_workbook(demo_folder: Path, database_url: str, path: Path, month: Month) -> Path:
    """The demo's 2026-10 scores and attendance carried to ``month`` for everyone still employed."""
    source = openpyxl.load_workbook(demo_folder / "2026-10-月度数据.xlsx", read_only=True)
    employed = employed_in(database_url, month)
    sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]] = {}
    for title in ("月度成绩", "考勤汇总"):
        rows = list(source[title].iter_rows(values_only=True))
        headers, body = [str(h) for h in rows[0]], rows[1:]
        # column 2 is 月份 in 月度成绩 and 考勤周期 in 考勤汇总
        carried = [[r[0], str(month), *r[2:]] for r in body if str(r[0]) in employed]
        sheets[title] = (headers, carried)
    source.close()
    return make_workbook(path, sheets)
