"""The geographic map with real imported boundaries (read from ../shared at test time)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dashboard.config import PROJECT_DIR
from tests.browser.conftest import Server, dropdown_option, screenshot, wait_for_dash
from tests.conftest import SHARED_REAL

pytestmark = [pytest.mark.browser, pytest.mark.shared]


@pytest.fixture(scope="module")
def geo_server(tmp_path_factory):
    source = SHARED_REAL / "regencies.geojson"
    if not source.exists():
        pytest.skip(f"real boundaries not available at {source}")
    data_dir = tmp_path_factory.mktemp("geo") / "instance"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "--quiet",
            "--data-dir",
            str(data_dir),
            "import",
            "boundaries",
            str(source),
            "--level",
            "regency",
        ],
        cwd=PROJECT_DIR,
        check=True,
    )
    server = Server(data_dir).start()
    yield server
    server.stop()


@pytest.fixture
def geo_page(browser, geo_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request", lambda r: None if "127.0.0.1" in r.url else errors.append("external " + r.url)
    )
    page.errors = errors
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_geographic_map_draws_every_region_without_a_flooded_fill(geo_page, geo_server):
    page = geo_page
    page.goto(geo_server.url + "/?mode=geo")
    wait_for_dash(page)
    page.wait_for_function(
        "() => document.querySelectorAll('#readiness-map .choroplethlocation').length > 514"
    )
    ratio = page.evaluate(
        """() => {
            const plot = document.querySelector('#readiness-map .geolayer .bg rect, #readiness-map .geo .bg rect')
                || document.querySelector('#readiness-map .main-svg');
            const box = plot.getBBox();
            const area = box.width * box.height;
            let worst = 0;
            for (const path of document.querySelectorAll('#readiness-map .choroplethlocation')) {
                const b = path.getBBox();
                worst = Math.max(worst, (b.width * b.height) / area);
            }
            return worst;
        }"""
    )
    # A wrongly wound ring fills the whole plot; Papua's largest regency covers a few percent.
    assert ratio < 0.2, ratio
    drawn = page.evaluate(
        "() => document.querySelector('#readiness-map .js-plotly-plot')._fullData[1].locations.length"
    )
    assert drawn == 514
    grey = page.evaluate(
        "() => document.querySelector('#readiness-map .js-plotly-plot')._fullData[0].locations.length"
    )
    assert grey < 100  # only the regions without a composite score are drawn grey (none in 2025)
    screenshot(page, "overview-geo")
    assert page.errors == []


def test_bekasi_is_findable_on_the_geographic_map(geo_page, geo_server):
    page = geo_page
    page.goto(geo_server.url + "/?mode=geo&province=32")
    wait_for_dash(page)
    page.wait_for_function(
        "() => document.querySelectorAll('#readiness-map .choroplethlocation').length > 514"
    )
    label = page.evaluate(
        "() => JSON.stringify(document.querySelector('#readiness-map .js-plotly-plot').data.map(t => t.text || t.name))"
    )
    assert "Bekasi" in label
    assert page.errors == []


def test_geographic_map_is_explored_by_keyboard(geo_page, geo_server):
    """Tab to the map, arrows move between regions by centroid (outlined, announced, hovered),
    a year change changes the announced value, Enter opens the profile (as in test_keyboard)."""
    page = geo_page
    page.goto(geo_server.url + "/?mode=geo")
    wait_for_dash(page)
    page.wait_for_function(
        "() => document.querySelectorAll('#readiness-map .choroplethlocation').length > 514"
    )
    box, live = ".kc-map-keys[data-graph='readiness-map']", "#readiness-map-keys-live"

    def press(key: str, before: str) -> str:
        page.keyboard.press(key)
        page.wait_for_function(
            "([sel, before]) => { const t = document.querySelector(sel).textContent.trim();"
            " return t && t !== before; }",
            arg=[live, before],
        )
        return page.inner_text(live).strip()

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f'() => document.activeElement.matches("{box}")'):
            break
    home = press("ArrowLeft", "")
    assert home.startswith("Kabupaten Bekasi, Jawa Barat. Indeks Kesiapan Kota Cerdas 20"), home
    outline = page.get_attribute(f"{box} path.kc-map-focus-line", "d")
    assert outline
    assert outline.startswith("M")
    moved = press("ArrowUp", home)
    assert not moved.startswith("Kabupaten Bekasi,")
    assert " dari 514." in moved
    assert page.get_attribute(f"{box} path.kc-map-focus-line", "d") != outline
    page.wait_for_function(
        "(name) => Array.from(document.querySelectorAll('#readiness-map .hoverlayer .hovertext'))"
        ".some(h => h.textContent.includes(name))",
        arg=moved.split(",")[0],
    )
    screenshot(page, "overview-geo-keyboard", full_page=False)
    page.click("#period-select")
    dropdown_option(page, "2021", exact=True).click()
    page.wait_for_function(
        "() => (document.querySelector('#readiness-map .js-plotly-plot').layout.meta || {})"
        ".period === 2021"
    )
    page.focus(box)
    older = press("Home", moved)
    assert older.startswith("Kabupaten Bekasi, Jawa Barat. Indeks Kesiapan Kota Cerdas 2021: ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/wilayah/32\.16\?period=2021$|/wilayah/32\.16$"))
    assert page.errors == []


def test_geometry_is_served_once_with_an_etag(geo_server):
    import urllib.request

    with urllib.request.urlopen(geo_server.url + "/geometry/regency.geojson?v=1") as response:
        etag = response.headers["ETag"]
        assert "immutable" in response.headers["Cache-Control"]
        body = response.read()
    assert body.startswith(b"{")
    request = urllib.request.Request(
        geo_server.url + "/geometry/regency.geojson?v=1", headers={"If-None-Match": etag}
    )
    try:
        urllib.request.urlopen(request)
        status = 200
    except urllib.error.HTTPError as exc:
        status = exc.code
    assert status == 304
    gz = urllib.request.Request(
        geo_server.url + "/geometry/regency.geojson?v=1", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(gz) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        packed = response.read()
    assert len(packed) < 0.7 * 1024 * 1024  # SPEC P2: map geometry <= 0.7 MB compressed
    import gzip

    assert gzip.decompress(packed) == body


MAP = "document.querySelector('#readiness-map .js-plotly-plot')"
REGION_PATHS = f"""() => {{
    const gd = {MAP};
    const out = {{}};
    gd.querySelectorAll('.choroplethlayer .trace').forEach(g => {{
        if (g.__data__[0].trace.index !== 1) return;  // the values trace
        g.querySelectorAll('path').forEach(p => {{ out[p.__data__.loc] = p.getAttribute('d'); }});
    }});
    return out;
}}"""
MEMO = "() => JSON.parse(JSON.stringify(window.PlotlyGeoAssets.kcMemo))"
GEO_WIDTH = "() => document.querySelector('#readiness-map .geo .bg rect').getAttribute('width')"


def test_a_recolour_reuses_region_outlines_and_a_new_size_redraws_them(geo_page, geo_server):
    """SPEC P8: recolouring the geographic map does not project its 98,000 vertices again.

    The plotly.js bundle's geo-memo patch (tools/plotly_bundle/build.js) keeps each region's path,
    centroid, bounding box and hover polygons per geometry (paths also per projection state):
    a recolour reuses every outline; a new size must draw them afresh, and hover must still find
    the region under the mouse with its new value.
    """
    page = geo_page
    page.goto(geo_server.url + "/?mode=geo")
    wait_for_dash(page)
    page.wait_for_function(
        "() => document.querySelectorAll('#readiness-map .choroplethlocation').length > 514"
    )
    before, memo = page.evaluate(REGION_PATHS), page.evaluate(MEMO)
    assert len(before) > 400
    page.evaluate(
        f"""() => {{
            const gd = {MAP};
            gd.on('plotly_afterplot', () => {{
                if (String(gd.data[1].hovertemplate).includes('SPBE')) window.kcRecoloured = true;
            }});
            window.dash_clientside.set_props('indicator-select', {{value: 'gov_spbe'}});
        }}"""
    )
    page.wait_for_function("() => window.kcRecoloured === true")
    after, memo_after = page.evaluate(REGION_PATHS), page.evaluate(MEMO)
    shared = before.keys() & after.keys()
    assert len(shared) > 400
    assert {c: after[c] for c in shared} == {c: before[c] for c in shared}
    assert memo_after["paths"]["miss"] == memo["paths"]["miss"]
    assert memo_after["paths"]["hit"] - memo["paths"]["hit"] >= len(after)
    assert memo_after["geometry"]["miss"] == memo["geometry"]["miss"]

    # hover still finds Kabupaten Bekasi under the mouse, with the new measure
    x, y = page.evaluate(
        f"""() => {{
            const gd = {MAP};
            const pt = gd.calcdata[1].find(c => c.loc === '32.16');
            const [px, py] = gd._fullLayout.geo._subplot.projection(pt.ct);
            const box = gd.querySelector('.main-svg').getBoundingClientRect();
            return [box.left + px, box.top + py];
        }}"""
    )
    page.mouse.move(x, y)
    page.wait_for_function(
        "() => { const h = document.querySelector('#readiness-map .hoverlayer .hovertext');"
        " return h && h.textContent.includes('Bekasi') && h.textContent.includes('SPBE'); }"
    )
    page.mouse.move(0, 0)

    # another size is another projection: every outline is drawn afresh, and back again
    width = page.evaluate(GEO_WIDTH)
    page.set_viewport_size({"width": 1400, "height": 1080})
    page.wait_for_function(f"(w) => ({GEO_WIDTH})() !== w", arg=width)
    resized = page.evaluate(REGION_PATHS)
    assert all(resized[c] != before[c] for c in list(shared)[:50])
    assert page.evaluate(MEMO)["paths"]["miss"] >= memo_after["paths"]["miss"] + len(resized)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_function(f"(w) => ({GEO_WIDTH})() === w", arg=width)
    again = page.evaluate(REGION_PATHS)
    assert {c: again[c] for c in shared} == {c: before[c] for c in shared}
    assert page.errors == []
