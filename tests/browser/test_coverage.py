"""The data coverage page `/data` in headless Chromium: it draws, follows its controls, offers
its downloads, keeps its filters in the URL and is photographed for the README."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.browser.conftest import screenshot, wait_for_dash

pytestmark = pytest.mark.browser


def test_coverage_page_draws_and_is_photographed(page, server):
    page.goto(server.url + "/data")
    wait_for_dash(page)
    page.wait_for_selector("#coverage-heatmap .js-plotly-plot")
    body = page.inner_text("#page-body")
    assert "Ketersediaan data" in body
    assert "Kabupaten Bekasi" in page.inner_text("#coverage-gaps-title")
    assert page.locator("#coverage-table tbody tr").count() >= 33
    assert page.locator(".kc-cov-request-group").count() >= 1
    assert page.locator("#coverage-heatmap .heatmaplayer image").count() == 1
    screenshot(page, "data-coverage")
    assert page.console_log.problems() == []


def test_region_and_year_follow_the_controls_and_the_url(page, server):
    page.goto(server.url + "/data")
    wait_for_dash(page)
    page.click("#coverage-region")  # the home region first, then its province
    page.get_by_role("option", name="Kabupaten Bogor (32.01)", exact=True).click()
    page.wait_for_url(re.compile(r"kode=32\.01"))
    page.wait_for_function(
        "() => document.querySelector('#coverage-gaps-title').innerText.includes('Bogor')"
    )
    page.click("#coverage-period")
    page.get_by_role("option", name="2021", exact=True).click()
    page.wait_for_url(re.compile(r"period=2021"))
    page.wait_for_function(
        "() => document.querySelector('#coverage-table-title').innerText.includes('2021')"
    )
    href = page.get_attribute("#coverage-download-csv", "href")
    assert "period=2021" in href
    with urllib.request.urlopen(server.url + href, timeout=30) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/csv")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('period=2021')")
    assert page.console_log.problems() == []


def test_template_link_downloads_a_form(page, server):
    page.goto(server.url + "/data?cakupan=32")
    wait_for_dash(page)
    link = page.locator(".kc-cov-template-link").first
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert download.value.failure() is None
    # the navigation a download replaces is reported as aborted, which is no problem
    problems = [
        p for p in page.console_log.problems() if not ("/export/" in p and "ERR_ABORTED" in p)
    ]
    assert problems == []
