"""What a page makes the browser download (issue 16, SPEC P2): the partial plotly.js bundle instead
of plotly.min.js, and dash-ag-grid only on the pages that draw a grid, also after navigating there
inside the app."""

from __future__ import annotations

from dashboard.figures.plotly_bundle import BUNDLE_FILE, BUNDLE_TRACES, PLOTLY_JS_VERSION
from tests.browser.conftest import wait_for_dash


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda req: seen.append(req.url.split("?")[0]))
    return seen


def test_overview_loads_the_partial_plotly_and_no_grid(page, server):
    seen = _requests(page)
    page.goto(server.url + "/")
    wait_for_dash(page)
    assert any(url.endswith("/assets/" + BUNDLE_FILE) for url in seen)
    assert not [u for u in seen if u.endswith("plotly.min.js")], "full plotly.js was fetched"
    assert not [u for u in seen if "dash_ag_grid" in u], "dash-ag-grid fetched without a grid"
    assert page.evaluate("() => window.Plotly.version") == PLOTLY_JS_VERSION
    registered = page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces).sort()")
    assert registered == sorted(BUNDLE_TRACES)
    # no @babel/polyfill (its regeneratorRuntime comes from an asset) and no dash_table; dcc's
    # graph and dropdown chunks are linked from the page, not fetched after the layout arrived
    assert not [u for u in seen if "polyfill@" in u or "/dash_table/" in u]
    assert page.evaluate("() => typeof window.regeneratorRuntime.mark") == "function"
    linked = page.evaluate("() => Array.from(document.scripts, s => s.src.split('?')[0])")
    assert [u for u in linked if "/dcc/async-graph." in u]
    assert [u for u in linked if "/dcc/async-dropdown." in u]
    # the map is drawn first, the other graphs one per frame after it (assets/07-draw-order.js)
    drawn = page.evaluate("() => window.kcDrawOrder.first")
    assert drawn[:3] == ["readiness-map", "ranking-chart", "distribution-chart"]
    assert page.evaluate("() => window.kcDrawOrder.waiting()") == 0
    assert page.console_log.problems() == []


def test_grid_loads_on_first_use_after_navigating_inside_the_app(page, server):
    seen = _requests(page)
    page.goto(server.url + "/")
    wait_for_dash(page)
    page.click('a[href^="/indikator"]')  # Dash Pages: no new document, the grid arrives later
    page.wait_for_selector(".ag-row")
    assert page.locator(".ag-row").count() > 5
    grid_bundles = [u for u in seen if u.endswith(".min.js") and "dash_ag_grid" in u]
    assert len(grid_bundles) == 1
    assert page.console_log.problems() == []


def test_grid_page_opened_directly(page, server):
    page.goto(server.url + "/indikator")
    page.wait_for_selector(".ag-row")
    wait_for_dash(page)
    # the real library's helpers are on the namespace the app sees
    assert page.evaluate("() => typeof window.dash_ag_grid.getApi") == "function"
    assert page.console_log.problems() == []
