"""Every other page in headless Chromium: it loads, draws, has an empty console, and is
photographed for the README."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import dropdown_option, screenshot, wait_for_dash

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "name", "ready"),
    [
        ("/bandingkan?kode=32.16,32.75,32.15", "compare", "#compare-chart .js-plotly-plot"),
        ("/indikator?indikator=soc_internet", "catalogue", "#catalogue-grid .ag-row"),
        ("/program", "programme", "#programme-map .js-plotly-plot"),
        ("/wilayah/32", "province", "#province-regencies .ag-row"),
        ("/?lang=en&indicator=eco_poverty", "overview-en", "#readiness-map .js-plotly-plot"),
    ],
)
def test_page_loads_with_an_empty_console(page, server, path, name, ready):
    page.goto(server.url + path)
    wait_for_dash(page)
    page.wait_for_selector(ready)
    wait_for_dash(page)
    screenshot(page, name)
    assert page.console_log.problems() == []


def test_compare_highlights_and_keeps_regions_in_the_url(page, server):
    page.goto(server.url + "/bandingkan?kode=32.16,32.75")
    wait_for_dash(page)
    page.wait_for_selector("#compare-table .ag-row")
    assert "Kab. Bekasi" in page.inner_text("#compare-table")
    assert page.console_log.problems() == []


def test_profile_period_back_and_forward(page, server):
    page.goto(server.url + "/wilayah/32.16")
    wait_for_dash(page)
    page.click("#profile-period")
    dropdown_option(page, "2021", exact=True).click()
    page.wait_for_url(re.compile(r"period=2021"))
    page.wait_for_function("() => document.querySelector('#page-body').innerText.includes('2020')")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('period=2021')")
    page.wait_for_function(
        "() => !document.querySelector('#profile-period').innerText.includes('2021')"
    )
    page.go_forward()
    page.wait_for_function(
        "() => document.querySelector('#profile-period').innerText.includes('2021')"
    )
    assert page.console_log.problems() == []
