"""The kecamatan view in headless Chromium: the tile-grid fallback, then the geographic district
map with the real Bekasi kecamatan boundaries (read from ../shared at test time): loads, draws,
recolours on a filter change, opens a district's profile on click, no console errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.config import PROJECT_DIR
from tests.browser.conftest import Server, dropdown_option, screenshot, wait_for_dash
from tests.browser.test_wall import LEGIBILITY_JS
from tests.conftest import SHARED_REAL

pytestmark = pytest.mark.browser

VIEW = "/wilayah/32.16/kecamatan"


def _problems(page) -> list[str]:
    return page.console_log.problems()


def _z(page) -> list:
    return page.evaluate(
        "() => { const gd = document.querySelector('#district-map .js-plotly-plot');"
        " const t = gd.data[gd.data.length > 1 ? 1 : 0]; return JSON.stringify(t.z); }"
    )


def test_district_view_without_boundaries_draws_the_grid_and_updates(page, server):
    page.goto(server.url + VIEW)
    wait_for_dash(page)
    page.wait_for_selector("#district-map .heatmaplayer image", state="attached")
    assert page.locator("#district-synthetic-badge:not(.d-none)").count() == 1
    assert "Batas kecamatan belum diimpor" in page.inner_text("body")
    before = _z(page)
    page.click("#district-measure")
    dropdown_option(page, "Prevalensi stunting balita").click()
    page.wait_for_function("(z) => { const gd = document.querySelector('#district-map .js-plotly-plot');"
                           " return JSON.stringify(gd.data[1].z) !== z; }", arg=before)  # fmt: skip
    assert "indicator=liv_stunting" in page.url
    assert _problems(page) == []


@pytest.fixture(scope="module")
def district_server(tmp_path_factory):
    source = SHARED_REAL / "bekasi_kecamatan.geojson"
    if not source.exists():
        pytest.skip(f"real district boundaries not available at {source}")
    data_dir = tmp_path_factory.mktemp("kecamatan") / "instance"
    subprocess.run(
        [sys.executable, "-m", "dashboard", "--quiet", "--data-dir", str(data_dir), "import",
         "boundaries", str(source), "--level", "district"],
        cwd=PROJECT_DIR,
        check=True,
    )  # fmt: skip
    server = Server(data_dir).start()
    yield server
    server.stop()


@pytest.fixture
def district_page(browser, district_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.on("request", lambda r: None if "127.0.0.1" in r.url or r.url.startswith("data:")
          else problems.append("external " + r.url))  # fmt: skip
    pg.problems = problems
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def test_geographic_district_map_draws_updates_and_opens_profiles(district_page, district_server):
    page = district_page
    page.goto(district_server.url + VIEW)
    wait_for_dash(page)
    page.wait_for_function(
        "() => document.querySelectorAll('#district-map .choroplethlocation').length >= 46"
    )  # grey layer and values layer: 23 districts each
    assert "Tarumajaya" in page.inner_text("#district-ranking")
    before = _z(page)
    page.click("#district-period")
    dropdown_option(page, "2021").click()
    page.wait_for_function("(z) => { const gd = document.querySelector('#district-map .js-plotly-plot');"
                           " return JSON.stringify(gd.data[1].z) !== z; }", arg=before)  # fmt: skip
    page.click("#district-select")
    dropdown_option(page, "Cikarang Utara (32.16.09)").click()
    page.wait_for_selector("#district-profile-name:has-text('Cikarang Utara')")
    assert page.locator("#district-profile tbody tr").count() == 6
    page.wait_for_function(  # outlined on the map by a Patch
        "() => JSON.stringify(document.querySelector('#district-map .js-plotly-plot').data[2]"
        ".locations) === '[\"32.16.09\"]'"
    )
    assert "sintetis" in page.inner_text("#district-profile")
    page.click("#district-period")
    dropdown_option(page, "2024").click()
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    screenshot(page, "district")
    assert page.problems == []


def test_wall_kecamatan_scene_is_legible_at_1080p(district_page, district_server):
    """The home regency by district on the wall: the map drawn, names, the test_wall rule."""
    page = district_page
    page.goto(district_server.url + "/wall?scenes=kecamatan,peta&interval=600")
    page.wait_for_selector(".wall-scene-kecamatan.active")
    page.wait_for_function(
        "() => document.querySelectorAll('.wall-scene-kecamatan .choroplethlocation').length >= 46"
    )
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.wall-scene.active')).opacity === '1'"
    )
    text = page.inner_text(".wall-scene-kecamatan")
    assert "Kabupaten Bekasi" in text
    assert "sintetis" in text
    sizes = page.evaluate(LEGIBILITY_JS)
    assert sizes["smallest"] >= 23.5, sizes
    assert sizes["headline"] >= 64, sizes
    # docs/screenshots/wall-kecamatan.png is taken with every scene by test_wall.py (sample data)
    assert page.problems == []
