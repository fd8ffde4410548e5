"""Under the Content-Security-Policy the pages still work, and Chromium reports no violation.

Chromium writes every blocked script, style or request to the console ("Refused to … because it
violates the following Content Security Policy directive"); a page whose charts, what-if or API
docs are drawn without one such message runs entirely from the app's own files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, expect

from tests.browser import DemoCenter, sign_in
from tests.web import KNOWN_PERSON, MONTH

QA_DAY = "2026-11-02"  # a day with QA evaluations in the demo


@pytest.fixture
def complaints(page: Page) -> Iterator[list[str]]:
    """Every console message about the policy, and every script error, while the test runs."""
    heard: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the app has no icon: Chromium's own request for one is answered 404
        if "Content Security Policy" in message.text or message.type == "error":
            heard.append(f"{message.type}: {message.text} ({message.location.get('url')})")

    def error(exc: Error) -> None:
        heard.append(f"page error: {exc}")

    page.on("console", console)
    page.on("pageerror", error)
    yield heard


def test_the_dashboard_draws_its_charts_without_a_policy_violation(
    page: Page, complaints: list[str]
) -> None:
    sign_in(page, "manager", then="/dashboard")
    expect(page.locator("#chart-histogram canvas")).to_be_visible()
    expect(page.locator("#chart-tiers canvas")).to_be_visible()
    response = page.goto("/dashboard")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#chart-histogram canvas")).to_be_visible()
    # the stylesheet is the app's own file: the header is laid out as a row
    expect(page.locator("header.site")).to_have_css("display", "flex")
    page.locator("#chart-histogram canvas").hover()
    assert complaints == []


def test_a_persons_charts_and_explanation_draw_without_a_policy_violation(
    page: Page, complaints: list[str], demo_center: DemoCenter
) -> None:
    sign_in(page, "manager", then=f"/people/{KNOWN_PERSON[0]}")
    for chart in ("#chart-score", "#chart-rank", "#chart-tier"):
        expect(page.locator(f"{chart} canvas")).to_be_visible()
    page.goto(f"/months/{MONTH}/people/{KNOWN_PERSON[0]}")
    expect(page.locator("ol.steps li").first).to_be_visible()
    assert complaints == []


def test_the_qa_report_charts_draw_without_a_policy_violation(
    page: Page, complaints: list[str]
) -> None:
    sign_in(page, "qa", then=f"/qa/reports?period=month&on={QA_DAY}")
    expect(page.locator("#chart-qa-agents canvas")).to_be_visible()
    assert complaints == []


def test_the_what_if_swaps_its_result_in_without_a_policy_violation(
    page: Page, complaints: list[str]
) -> None:
    sign_in(page, "manager", then=f"/whatif?month={MONTH}")
    page.get_by_role("button", name="测算", exact=True).click()
    expect(page.locator("#whatif-result section.whatif-result")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/whatif\?month={MONTH}$"))  # htmx, no reload
    assert complaints == []


def test_the_api_docs_load_without_a_policy_violation(page: Page, complaints: list[str]) -> None:
    sign_in(page, "manager", then="/")
    page.goto("/docs")
    expect(page.locator("#swagger-ui .information-container")).to_contain_text("kefu")
    assert complaints == []
