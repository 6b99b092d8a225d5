"""The data coverage page `/data` in headless Chromium: it draws, follows its controls, offers
its downloads, keeps its filters in the URL and is photographed for the README."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.browser.conftest import dropdown_option, screenshot, wait_for_dash

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
    dropdown_option(page, "Kabupaten Bogor (32.01)", exact=True).click()
    page.wait_for_url(re.compile(r"kode=32\.01"))
    page.wait_for_function(
        "() => document.querySelector('#coverage-gaps-title').innerText.includes('Bogor')"
    )
    page.click("#coverage-period")
    dropdown_option(page, "2021", exact=True).click()
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


def test_wall_data_scene_is_legible_and_photographed(browser, server):
    from tests.browser.conftest import SCREENSHOTS

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    wall = context.new_page()
    errors: list[str] = []
    wall.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    wall.on("pageerror", lambda e: errors.append(str(e)))
    wall.set_default_timeout(30_000)
    wall.goto(f"{server.url}/wall?scenes=data&interval=600")
    wall.wait_for_selector(".wall-scene-data.active[data-ok='1']")
    wall.wait_for_load_state("networkidle")
    wall.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    wall.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
        ".every(gd => gd._fullLayout && gd.querySelectorAll('.bars path').length > 0"
        " && !gd.closest('.dash-graph--pending'))"
    )
    wall.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    wall.wait_for_function(
        "() => getComputedStyle(document.querySelector('.wall-scene.active')).opacity === '1'"
    )
    text = wall.inner_text(".wall-scene.active")
    assert "Kabupaten Bekasi" in text
    assert "indikator bernilai nyata" in text
    assert "Ketersediaan data" in wall.inner_text(".wall-header")
    smallest = wall.evaluate(
        """() => {
            const scale = document.querySelector('#wall-stage').getBoundingClientRect().width / 1920;
            let smallest = 1e9;
            const walker = document.createTreeWalker(
                document.querySelector('.wall-scene.active'), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const el = walker.currentNode.parentElement;
                if (!walker.currentNode.textContent.trim() || !el.getBoundingClientRect().width) continue;
                const style = getComputedStyle(el);
                const ctm = el instanceof SVGElement && el.getScreenCTM ? el.getScreenCTM() : null;
                const size = ctm ? parseFloat(style.fontSize) * Math.hypot(ctm.a, ctm.b)
                                 : parseFloat(style.fontSize) * scale;
                smallest = Math.min(smallest, size);
            }
            return smallest;
        }"""
    )
    assert smallest >= 23.5  # legible from five metres on a 1080p wall
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wall.screenshot(path=str(SCREENSHOTS / "wall-data.png"))
    assert errors == []
    context.close()
