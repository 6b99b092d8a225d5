"""Alerts in headless Chromium: the list page and its severity filter, the wall's alert banner
legible at 1080p (the wall's own legibility rule), no console errors; screenshots for the docs."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot, wait_for_dash
from tests.browser.test_wall import LEGIBILITY_JS

pytestmark = pytest.mark.browser


def test_alerts_list_loads_and_filters_by_severity(page, server):
    page.goto(f"{server.url}/peringatan")
    wait_for_dash(page)
    rows = page.locator("tr.alert-row")
    assert rows.count() >= 3
    assert "peringatan aktif untuk Kabupaten Bekasi" in page.inner_text("#alerts-summary")
    assert "sintetis" in page.inner_text(".alerts-table")
    screenshot(page, "alerts")
    page.select_option("#alerts-severity", "critical")
    page.wait_for_function(
        "() => document.querySelectorAll('tr.alert-row').length > 0 && "
        "Array.from(document.querySelectorAll('tr.alert-row'))"
        ".every(r => r.dataset.severity === 'critical')"
    )
    href = page.get_attribute("#alerts-export-csv", "href")
    assert "severity=critical" in href
    assert page.console_log.problems() == []


def test_wall_banner_is_legible_at_1080p(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    wall = context.new_page()
    errors: list[str] = []
    wall.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    wall.on("pageerror", lambda e: errors.append(str(e)))
    wall.goto(f"{server.url}/wall?scenes=profil&interval=600")
    wall.wait_for_selector(".wall-scene.active")
    wall.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
        ".every(gd => gd._fullLayout)"
    )
    banner = wall.locator("#wall-alerts")
    assert banner.is_visible()
    assert "peringatan" in banner.inner_text()
    sizes = wall.evaluate(LEGIBILITY_JS)
    assert sizes["smallest"] >= 23.5, sizes
    banner_size = wall.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.wall-alert')).fontSize)"
        " * document.querySelector('#wall-stage').getBoundingClientRect().width / 1920"
    )
    assert banner_size >= 24
    wall.wait_for_function(
        "() => getComputedStyle(document.querySelector('.wall-scene.active')).opacity === '1'"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wall.screenshot(path=str(SCREENSHOTS / "wall-alerts.png"))
    assert errors == []
    context.close()
