"""The command-center wall in headless Chromium at 1920x1080: no chrome, ticking clock, rotation,
live dataset and boundary updates without reload, offline badge and recovery, legible type."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR
from dashboard.data.regions import RegionIndex
from dashboard.data.views.wall import DEFAULT_SCENES
from tests.boundary_files import squares_file
from tests.browser.conftest import SCREENSHOTS, Server

pytestmark = pytest.mark.browser

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "long_comma_utf8.csv"
NETWORK_NOISE = ("ERR_CONNECTION_REFUSED", "Failed to load resource", "Failed to fetch")


@pytest.fixture(scope="module")
def wall_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("wall") / "instance").start()
    yield server
    server.stop()


@pytest.fixture
def wall(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _open(page, server, query: str) -> None:
    page.goto(f"{server.url}/wall?{query}")
    page.wait_for_selector(".wall-scene.active")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
        ".every(gd => gd._fullLayout)"
    )


# The 1080p legibility rule (smallest text and headline size on the 1920x1080 stage), shared with
# the other wall scene tests (tests/browser/test_districts.py).
LEGIBILITY_JS = """() => {
                const stage = document.querySelector('#wall-stage');
                const scale = stage.getBoundingClientRect().width / 1920;
                const roots = [document.querySelector('.wall-header'), document.querySelector('.wall-alerts'),
                              document.querySelector('.wall-scene.active')].filter(Boolean);
                let smallest = 1e9, where = '';
                for (const root of roots) {
                    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                    while (walker.nextNode()) {
                        const node = walker.currentNode;
                        if (!node.textContent.trim()) continue;
                        const el = node.parentElement;
                        const box = el.getBoundingClientRect();
                        const style = getComputedStyle(el);
                        if (!box.width || style.visibility === 'hidden' || style.display === 'none') continue;
                        if (el.closest('.d-none')) continue;
                        // SVG text may be shrunk by a transform (plotly fits labels into bars):
                        // measure it on screen; HTML text is scaled by the stage transform
                        const ctm = el instanceof SVGElement && el.getScreenCTM ? el.getScreenCTM() : null;
                        const size = ctm ? parseFloat(style.fontSize) * Math.hypot(ctm.a, ctm.b)
                                         : parseFloat(style.fontSize) * scale;
                        if (size < smallest) { smallest = size; where = el.outerHTML.slice(0, 120); }
                    }
                }
                const headline = document.querySelector('.wall-scene.active .wall-headline, .wall-scene.active .wall-stat-value');
                return {smallest, where, headline: headline ? parseFloat(getComputedStyle(headline).fontSize) * scale : null,
                        scene: document.querySelector('.wall-scene.active').dataset.scene};
            }"""


def _active(page) -> str:
    return page.evaluate("() => document.querySelector('.wall-scene.active').dataset.scene")


def test_wall_has_no_navigation_and_a_ticking_clock(wall, wall_server):
    _open(wall, wall_server, "scenes=peta,profil&interval=600")
    assert wall.locator(".navbar").count() == 0
    assert wall.locator("nav").count() == 0
    first = wall.inner_text("#wall-clock")
    assert first.endswith("WIB")
    wall.wait_for_function(
        "(t) => document.querySelector('#wall-clock').innerText !== t", arg=first
    )
    assert "data per" in wall.inner_text(".wall-header")
    assert "versi dataset" in wall.inner_text(".wall-header")
    assert "Data contoh (sintetis)" in wall.inner_text(".wall-header")
    assert wall.errors == []


def test_scenes_rotate_at_the_configured_interval(wall, wall_server):
    _open(wall, wall_server, "scenes=peta,profil,peringkat&interval=5")
    assert _active(wall) == "peta"
    started = time.monotonic()
    wall.wait_for_function(
        "() => document.querySelector('.wall-scene.active').dataset.scene === 'profil'",
        timeout=15_000,
    )
    first_change = time.monotonic() - started
    wall.wait_for_function(
        "() => document.querySelector('.wall-scene.active').dataset.scene === 'peringkat'",
        timeout=15_000,
    )
    second_change = time.monotonic() - started - first_change
    assert 3.5 <= second_change <= 8, second_change  # 5 s, with slack for a loaded CI machine
    graphs = wall.evaluate("() => document.querySelectorAll('.js-plotly-plot').length")
    wall.wait_for_function(
        "() => document.querySelector('.wall-scene.active').dataset.scene === 'peta'",
        timeout=15_000,
    )
    assert (
        wall.evaluate("() => document.querySelectorAll('.js-plotly-plot').length") == graphs
    )  # nothing re-mounted
    assert wall.errors == []


def test_text_is_legible_from_five_metres(wall, wall_server):
    _open(wall, wall_server, "interval=600")
    for _ in range(len(DEFAULT_SCENES)):
        sizes = wall.evaluate(LEGIBILITY_JS)
        assert sizes["smallest"] >= 23.5, sizes
        if sizes["headline"] is not None:
            assert sizes["headline"] >= 64, sizes
        wall.evaluate("() => window.kcWall.next()")
        wall.wait_for_function(
            "(s) => document.querySelector('.wall-scene.active').dataset.scene !== s",
            arg=sizes["scene"],
        )
    assert wall.errors == []


def test_every_scene_photographed_at_1080p_and_4k(browser, wall_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, suffix in ((1920, 1080, ""), (3840, 2160, "-4k")):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        _open(page, wall_server, "interval=600")
        scenes = page.evaluate(
            "() => Array.from(document.querySelectorAll('.wall-scene')).map(s => s.dataset.scene)"
        )
        for index, scene in enumerate(scenes):
            if suffix and index:
                break  # one 4K picture is enough to show the scaling
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot')).every(gd => gd._fullLayout)"
            )
            page.wait_for_function(
                "() => !document.querySelector('[data-dash-is-loading=\"true\"]')"
            )
            page.wait_for_function(  # tile maps have painted their tiles (heatmap images)
                "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
                ".every(gd => !(gd.data || []).some(t => t.type === 'heatmap')"
                " || gd.querySelector('.heatmaplayer image'))"
            )
            page.wait_for_function(  # the scene's fade-in has finished
                "() => getComputedStyle(document.querySelector('.wall-scene.active')).opacity === '1'"
            )
            page.screenshot(path=str(SCREENSHOTS / f"wall-{scene}{suffix}.png"))
            page.evaluate("() => window.kcWall.next()")
        context.close()


def test_new_dataset_version_appears_without_reload(wall, wall_server):
    _open(wall, wall_server, "scenes=peta,profil&interval=5")
    before = wall.inner_text("#wall-stage .wall-header")
    wall.evaluate("() => { window.__kcNoReload = 'still here'; }")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "--quiet",
            "--data-dir",
            str(wall_server.data_dir),
            "import",
            "indicators",
            str(GOOD),
            "--who",
            "test",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    wall.wait_for_function(
        "(before) => document.querySelector('#wall-stage .wall-header').innerText !== before"
        " && document.querySelector('#wall-stage .wall-header').innerText.includes('versi dataset 2')",
        arg=before,
        timeout=30_000,
    )
    assert wall.evaluate("() => window.__kcNoReload") == "still here"
    assert wall.errors == []


def _cli(data_dir: Path, *args: str) -> None:
    command = [sys.executable, "-m", "dashboard", "--quiet", "--data-dir", str(data_dir), *args]
    subprocess.run(command, cwd=PROJECT_DIR, check=True)


def _import_boundaries(data_dir: Path, codes: list[str]) -> None:
    path = squares_file(RegionIndex.from_file(), codes, data_dir.parent / f"{len(codes)}.geojson")
    _cli(data_dir, "import", "boundaries", str(path), "--level", "regency")


# the national map of the peta scene, and how many regions it drew with a shape (plotly keeps an
# empty path for each location without a feature in the GeoJSON)
MAP = "document.querySelector('.wall-graph-peta-map .js-plotly-plot')"
DRAWN = (
    f"({MAP} ? Array.from({MAP}.querySelectorAll('.choroplethlocation'))"
    ".filter(p => (p.getAttribute('d') || '').length > 3).length : 0)"
)


def test_new_boundary_version_redraws_the_map_without_reload(wall, tmp_path):
    data_dir = tmp_path / "instance"
    _import_boundaries(data_dir, ["32.16", "32.75", "32.15"])
    server = Server(data_dir).start()
    try:
        _open(wall, server, "scenes=peta,profil&interval=5")
        wall.wait_for_function(f"() => {DRAWN} > 0")  # plotly.js loads after the first scene
        assert wall.evaluate(f"() => {MAP}.data[1].geojson").endswith("?v=1")
        drawn = wall.evaluate(f"() => {DRAWN}")
        wall.evaluate("() => { window.__kcNoReload = 'still here'; }")
        _import_boundaries(data_dir, ["32.16", "32.75", "32.15", "32.17", "32.18"])
        wall.wait_for_function(
            f"""(drawn) => {MAP}.data.filter(t => t.type === 'choropleth')
                    .every(t => t.geojson.endsWith('?v=2')) && {DRAWN} === drawn + 2""",
            arg=drawn,
            timeout=30_000,
        )
        assert wall.evaluate("() => window.__kcNoReload") == "still here"
        assert wall.evaluate("() => window.kcWall.state().boundaryVersion") == 2
        assert wall.errors == []  # checked while the server still answers the wall's polls
    finally:
        server.stop()


def test_offline_badge_appears_and_clears_when_the_server_returns(wall, tmp_path):
    server = Server(tmp_path / "instance").start()
    try:
        _open(wall, server, "scenes=peta,profil&interval=5")
        assert wall.locator("#wall-offline.d-none").count() == 1
        server.stop()
        wall.wait_for_selector("#wall-offline:not(.d-none)", timeout=30_000)
        assert "Koneksi terputus" in wall.inner_text("#wall-offline")
        # the wall keeps its last picture and keeps rotating
        assert wall.locator(".wall-scene.active .js-plotly-plot").count() >= 1
        scene = _active(wall)
        wall.wait_for_function(
            "(s) => document.querySelector('.wall-scene.active').dataset.scene !== s",
            arg=scene,
            timeout=15_000,
        )
        server.start()
        wall.wait_for_selector("#wall-offline.d-none", state="attached", timeout=30_000)
    finally:
        server.stop()
    assert [e for e in wall.errors if not any(n in e for n in NETWORK_NOISE)] == []
