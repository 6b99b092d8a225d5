"""Charts' text alternatives in Chromium: every graph on every page sits in a figure named by its
title and described by its summary, with a "Tabel data" link that answers with a real table; on
the overview the summary follows a filter change and the link carries the new filters to an
axe-clean table page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import dropdown_option, screenshot, wait_for_dash
from tests.browser.test_a11y import _axe

pytestmark = pytest.mark.browser

DESCRIBED = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(gd => {
    const figure = gd.closest('figure');
    const text = (attr) => (figure && figure.getAttribute(attr) || '').split(' ')
        .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    const link = figure && figure.querySelector('a.kc-table-link');
    return {name: text('aria-labelledby'), summary: text('aria-describedby'),
            href: link && link.getAttribute('href')};
})"""
PAGES = [  # one load each; the overview has its own test
    "/wilayah/32.16?lang=en",
    "/wilayah/32.16/kecamatan",
    "/bandingkan?kode=32.16,32.75",
    "/indikator?lang=en",
    "/program",
    "/data",
]


def _choose(page, control_id: str, option_text: str) -> None:
    page.click(f"#{control_id}")
    dropdown_option(page, option_text, exact=True).click()


def test_overview_summary_follows_the_filters_and_the_table_link_works(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    charts = page.evaluate(DESCRIBED)
    assert len(charts) == 3
    for chart in charts:
        assert chart["name"], chart
        assert chart["summary"], chart
        assert chart["href"].startswith("/tabel/"), chart
    assert "Tertinggi:" in charts[0]["summary"]
    assert "nilai sintetis" in charts[0]["summary"]
    before = page.locator("#peta-kesiapan-text-summary").inner_text()

    _choose(page, "indicator-select", "Indeks SPBE")
    page.wait_for_url("**indicator=gov_spbe**")
    page.wait_for_function(
        """(before) => document.getElementById('peta-kesiapan-text-summary').textContent
                       !== before""",
        arg=before,
    )
    assert "Indeks SPBE" in page.locator("#peta-kesiapan-text-title").inner_text()
    assert "Indeks SPBE" in page.locator("#sebaran-text-title").inner_text()

    wait_for_dash(page)  # no callback in flight when the link navigates away
    link = page.locator("#peta-kesiapan-table-link")
    assert link.get_attribute("aria-labelledby") == (
        "peta-kesiapan-table-link peta-kesiapan-text-title"
    )
    link.click()
    page.wait_for_url("**/tabel/peta-kesiapan?**")
    assert "indicator=gov_spbe" in page.url
    assert "Indeks SPBE" in page.locator("caption").inner_text()
    assert page.locator("tbody th[scope=row]").count() == 514
    assert page.locator("thead th[scope=col]").count() > 5
    assert _axe(page) == []
    screenshot(page, "data-table", full_page=False)
    page.get_by_role("link", name="Kembali ke grafik").click()
    page.wait_for_url("**/?**indicator=gov_spbe**")
    wait_for_dash(page)
    assert page.console_log.problems() == []


def test_every_graph_on_every_page_is_named_described_and_tabled(page, server):
    page.set_default_timeout(90_000)  # the profile's target panels take seconds on a busy host
    for path in PAGES:
        page.goto(server.url + path)
        wait_for_dash(page)
        charts = page.evaluate(DESCRIBED)
        assert charts, path
        for chart in charts:
            assert chart["name"], (path, chart)
            assert chart["summary"], (path, chart)
            href = chart["href"]
            assert href, (path, chart)
            if href.startswith("#"):  # a table on the same page (the profile's targets)
                assert page.locator(href).count() == 1, (path, href)
                continue
            response = page.request.get(server.url + href)
            assert response.status == 200, (path, href)
            assert "<caption" in response.text(), (path, href)
    page.goto(server.url + "/wall?scenes=peta,peringkat&interval=600")
    page.wait_for_selector(".wall-scene.active")
    labels = page.eval_on_selector_all(".wall-scene", "els => els.map(e => e.ariaLabel)")
    assert all(labels), labels
    assert page.console_log.problems() == []
