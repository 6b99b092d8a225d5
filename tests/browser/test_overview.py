"""Overview and region profile in headless Chromium: map draws, filters recolour it, clicks
navigate, language switch, back/forward, and an empty console."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import dropdown_option, screenshot, wait_for_dash

pytestmark = pytest.mark.browser

TILE_FILL = "#readiness-map .heatmaplayer image, #readiness-map .hm image"


def _wait_for_map(page) -> None:
    page.wait_for_function(
        "() => { const gd = document.querySelector('#readiness-map .js-plotly-plot');"
        " return gd && gd.data && gd.data.length > 1 && gd._fullLayout; }"
    )


def _map_signature(page) -> str:
    """The recoloured part of the tile map: the values heatmap's z, read from the live figure."""
    _wait_for_map(page)
    return page.evaluate(
        """() => {
            const gd = document.querySelector('#readiness-map .js-plotly-plot');
            return JSON.stringify(gd.data[1].z).slice(0, 4000);
        }"""
    )


def _choose(page, control_id: str, option_text: str) -> None:
    page.click(f"#{control_id}")
    dropdown_option(page, option_text, exact=True).click()


def test_overview_draws_the_tile_map_with_514_regions(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    _wait_for_map(page)
    counted = page.evaluate(
        """() => {
            const gd = document.querySelector('#readiness-map .js-plotly-plot');
            const codes = gd.data[0].customdata.filter(c => c);  // values may hold counts
            return new Set(codes).size;
        }"""
    )
    assert counted == 514
    assert page.locator("#ranking-chart .js-plotly-plot").count() == 1
    assert "Data contoh (sintetis)" in page.inner_text("body")
    screenshot(page, "overview")
    assert page.console_log.problems() == []


def test_changing_the_indicator_recolours_the_map_and_updates_the_url(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    before = _map_signature(page)
    _choose(page, "indicator-select", "Indeks SPBE")
    page.wait_for_function(
        "(before) => JSON.stringify(document.querySelector('#readiness-map .js-plotly-plot').data[1].z).slice(0, 4000) !== before",
        arg=before,
    )
    assert "indicator=gov_spbe" in page.url
    page.wait_for_function(
        "() => document.querySelector('#map-caption').innerText.includes('SPBE')"
    )
    _choose(page, "period-select", "2022")
    page.wait_for_url(re.compile(r"period=2022"))
    page.go_back()
    page.wait_for_function("() => !location.search.includes('period=2022')")
    page.wait_for_function(
        "() => document.querySelector('#period-select').innerText.includes('2025') || document.querySelector('#period-select').innerText.includes('2024')"
    )
    page.go_back()
    page.wait_for_function("() => !location.search.includes('indicator=')")
    page.wait_for_function(
        "() => document.querySelector('#map-caption').innerText.includes('Indeks Kesiapan')"
    )
    assert page.console_log.problems() == []


def test_clicking_a_tile_opens_the_region_profile(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    _wait_for_map(page)
    page.evaluate(
        """() => {
            const gd = document.querySelector('#readiness-map .js-plotly-plot');
            const custom = gd.data[1].customdata;
            // emit the same event plotly does for a click on Kabupaten Bekasi's tile
            // a score's values trace holds the hover's counts; the code is the tile underneath
            const slot = gd.data[0].customdata.indexOf('32.16');
            gd.emit('plotly_click', {points: [{customdata: custom[slot], pointNumber: slot,
                                               curveNumber: 1, data: gd.data[1]}]});
        }"""
    )
    page.wait_for_url(re.compile(r"/wilayah/32\.16"))
    wait_for_dash(page)
    assert "Kabupaten Bekasi" in page.inner_text("h1")
    page.wait_for_selector("#profile-pillars .js-plotly-plot")
    screenshot(page, "profile")
    assert page.console_log.problems() == []


def test_language_switch_keeps_the_filters(page, server):
    page.goto(server.url + "/?indicator=governance&period=2023")
    wait_for_dash(page)
    page.select_option("#lang-select", "en")
    page.wait_for_url(re.compile(r"lang=en"))
    wait_for_dash(page)
    assert "indicator=governance" in page.url
    assert "Smart City Readiness Index" in page.inner_text("h1")
    assert "Sample data (synthetic)" in page.inner_text("body")
    assert page.console_log.problems() == []


def test_unknown_region_gets_a_friendly_page(page, server):
    page.goto(server.url + "/wilayah/99.99")
    wait_for_dash(page)
    assert "tidak ditemukan" in page.inner_text("#profile-not-found")
    assert page.console_log.problems() == []


def test_filters_are_keyboard_reachable_and_labelled(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.add(
            page.evaluate(
                """() => { const el = document.activeElement;
                   const owner = el && el.closest('[id]');
                   return owner ? owner.id : ''; }"""
            )
        )
    for control in ("indicator-select", "period-select", "province-select", "lang-select"):
        assert any(control in r for r in reached), (control, sorted(reached))
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('input, select'))
              .filter(el => el.type !== 'hidden' && el.offsetParent !== null && el.getAttribute('aria-hidden') !== 'true')
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                            && !el.closest('[id] label') && !document.querySelector(`label[for="${el.closest('[id]').id}"]`))
              .map(el => el.outerHTML.slice(0, 120))"""
    )
    assert unlabelled == []
