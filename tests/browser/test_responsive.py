"""Every browsing page on a phone (390x844) and a tablet (820x1180), SPEC A2 / issue 16.

One browser context per size (touch, device scale 2; the phone also as a mobile browser, which
widens its layout viewport to fit anything too wide, hence the check on ``innerWidth`` too) and
one load per page, with every assertion on that load:

- no horizontal scrolling of the page;
- the page's controls are at least 44 CSS px tall (WCAG 2.5.5). Exempt, by design: links inside
  running text (WCAG's inline exception), the insides of data grids and plotly charts (their
  cells, sort and resize handles are not the page's main controls), and radio/check inputs,
  whose touch target is their whole label row (that row is checked instead);
- wide tables scroll inside their own container (``overflow-x: auto``), which stays within the
  viewport, and data grids stay within the viewport (they scroll inside themselves);
- on the overview the map comes before the ranking, stacked;
- the navbar: the region search is visible without opening the menu (type, see suggestions,
  Enter opens the profile), and the menu button opens the links and the language picker.

Screenshots of the main views go to docs/screenshots/{phone,tablet}-<page>.png.
"""

from __future__ import annotations

import re

import pytest

from dashboard.config import Settings
from tests.browser.conftest import ConsoleLog, screenshot, wait_for_dash
from tests.integration.auth_helpers import add_user

pytestmark = pytest.mark.browser

SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "tablet": {
        "viewport": {"width": 820, "height": 1180},
        "device_scale_factor": 2,
        "has_touch": True,
    },
}
# (name, path, screenshot: None, "screen" (the first screen) or "map" (the screen from the map))
PAGES = [
    ("overview", "/", "map"),
    ("overview-geo", "/?mode=geo", None),
    ("profile", "/wilayah/32.16", "screen"),
    ("districts", "/wilayah/32.16/kecamatan", None),
    ("compare", "/bandingkan?kode=32.16,32.75", "screen"),
    ("catalogue", "/indikator", "screen"),
    ("programme", "/program", None),
    ("data", "/data", "screen"),
    ("alerts", "/peringatan", None),
]
MIN_TARGET = 44  # CSS px
PASSWORD = "a-long-responsive-password"

# Everything measured in the page in one evaluation: what is wrong, as readable strings.
LAYOUT_PROBLEMS = """() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim()
       .split(/\\s+/).slice(0, 2).join('.') : '');
  const seen = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true})
    && el.getBoundingClientRect().width > 1 && el.getBoundingClientRect().height > 1;
  const root = document.documentElement;
  if (window.innerWidth > vw || root.scrollWidth > vw) {
    problems.push(`page scrolls sideways: ${root.scrollWidth} px in a ${vw} px viewport`);
  }
  const body = document.getElementById('page-body') || document.body;
  const exempt = '.ag-root-wrapper, .js-plotly-plot, .kc-search-list, .rc-slider';
  const controls = body.querySelectorAll(
    'button, select, input:not([type=hidden]), textarea, a.btn, .dash-dropdown, [role=combobox]');
  for (const el of controls) {
    if (!seen(el) || el.closest(exempt)) continue;
    let target = el;
    if (el.matches('input[type=radio], input[type=checkbox]')) {
      target = el.closest('.form-check') || el;
    }
    const h = target.getBoundingClientRect().height;
    if (h < 44 - 0.5) problems.push(`control ${name(el)} is ${h.toFixed(1)} px tall`);
  }
  for (const table of body.querySelectorAll('table')) {
    if (!seen(table)) continue;
    let box = table.parentElement;
    while (box && box !== body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    if (!box || box === body) {
      problems.push(`table ${name(table)} has no container of its own that scrolls sideways`);
    } else if (box.getBoundingClientRect().right > vw + 0.5) {
      problems.push(`table container ${name(box)} reaches past the viewport`);
    }
  }
  for (const grid of body.querySelectorAll('.ag-root-wrapper')) {
    const r = grid.getBoundingClientRect();
    if (r.left < -0.5 || r.right > vw + 0.5) problems.push(`grid ${name(grid)} is wider than the viewport`);
  }
  for (const gd of body.querySelectorAll('.js-plotly-plot')) {
    const r = gd.getBoundingClientRect();
    let inside = false;  // a chart wider than the screen must scroll inside its card
    for (let box = gd.parentElement; box && !box.classList.contains('card'); box = box.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) inside = true;
    }
    if (!inside && (r.right > vw + 0.5)) problems.push(`chart ${name(gd.parentElement)} is wider than the viewport`);
    if (gd._fullLayout && Math.abs(gd._fullLayout.width - gd.clientWidth) > 2) {
      problems.push(`chart ${name(gd.parentElement)} is drawn ${gd._fullLayout.width} px wide in a ${gd.clientWidth} px box`);
    }
  }
  return problems;
}"""

NAVBAR_PROBLEMS = """() => {
  const problems = [];
  const tall = (sel) => {
    const el = document.querySelector(sel);
    if (!el || !el.checkVisibility()) { problems.push(`${sel} is not visible`); return; }
    const h = el.getBoundingClientRect().height;
    if (h < 44 - 0.5) problems.push(`${sel} is ${h.toFixed(1)} px tall`);
  };
  tall('#navbar-toggler');
  tall('#region-search');
  return problems;
}"""


@pytest.fixture(scope="module", params=list(SIZES))
def device(request, browser, server):
    """One browser context per size, shared by the module's tests (one page load per page)."""
    context = browser.new_context(locale="id-ID", **SIZES[request.param])
    pg = context.new_page()
    log = ConsoleLog()
    pg.on("console", lambda msg: log.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: log.append(f"page error: {exc}"))
    pg.console_log = log
    pg.set_default_timeout(30_000)
    yield request.param, pg
    context.close()


def _load(pg, url: str) -> None:
    pg.console_log.clear()
    pg.goto(url)
    wait_for_dash(pg)


@pytest.mark.parametrize(("name", "path", "shot"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_the_screen(device, server, name, path, shot):
    size, pg = device
    _load(pg, server.url + path)
    assert pg.evaluate(LAYOUT_PROBLEMS) == []
    assert pg.evaluate(NAVBAR_PROBLEMS) == []
    if name == "overview" and size == "phone":
        map_box = pg.locator("#readiness-map").bounding_box()
        ranking_box = pg.locator("#ranking-chart").bounding_box()
        assert map_box["y"] + map_box["height"] <= ranking_box["y"], "map above the ranking"
        # readable tiles: the map keeps a tablet's width and swipes sideways inside its card
        assert map_box["width"] >= 600
    if shot == "map":  # instant: Bootstrap scrolls smoothly, a capture would catch it midway
        pg.evaluate(
            """() => new Promise(r => {
                document.getElementById('readiness-map').closest('.card')
                    .scrollIntoView({behavior: 'instant'});
                requestAnimationFrame(() => requestAnimationFrame(r));
            })"""
        )
    if shot:
        screenshot(pg, f"{size}-{name}", full_page=False)
    assert pg.console_log == []


def test_search_and_menu_without_a_mouse(device, server):
    """The 404 page: the search in reach without the menu, the menu opens the links and the
    language picker, and a typed name opens its profile."""
    size, pg = device
    _load(pg, server.url + "/tidak-ada")
    assert pg.evaluate(LAYOUT_PROBLEMS) == []
    links = pg.locator("#nav-links")
    assert not links.is_visible()  # collapsed below 992 px
    toggler = pg.locator("#navbar-toggler")
    assert toggler.get_attribute("aria-label") == "Buka atau tutup menu navigasi"
    assert toggler.get_attribute("aria-expanded") == "false"
    pg.tap("#navbar-toggler")
    links.wait_for(state="visible")
    pg.wait_for_function("document.querySelector('#navbar-toggler').ariaExpanded === 'true'")
    for link in links.locator(".nav-link").all():
        assert link.bounding_box()["height"] >= MIN_TARGET - 0.5, link.inner_text()
    language = pg.locator("#lang-select")
    assert language.is_visible()
    assert language.bounding_box()["height"] >= MIN_TARGET - 0.5
    pg.tap("#navbar-toggler")
    links.wait_for(state="hidden")

    search = pg.locator("#region-search")
    assert search.is_visible()
    search.tap()
    pg.keyboard.type("kota bekasi")
    option = pg.locator("#region-search-list [role=option]").first
    option.wait_for()
    assert "Kota Bekasi" in option.inner_text()
    assert option.bounding_box()["height"] >= MIN_TARGET - 0.5
    listbox = pg.locator("#region-search-list").bounding_box()
    assert listbox["x"] >= 0
    assert listbox["x"] + listbox["width"] <= SIZES[size]["viewport"]["width"]
    pg.keyboard.press("Enter")
    pg.wait_for_url(re.compile(r"/wilayah/32\.75$"))
    wait_for_dash(pg)
    pg.wait_for_selector("h1:has-text('Kota Bekasi')")
    assert pg.console_log == []


def test_login_and_data_management(device, server):
    """The sign-in form and /admin (signed in) fit the screen as well."""
    _size, pg = device
    add_user(Settings(DATA_DIR=server.data_dir), "rita", "editor", PASSWORD)
    pg.console_log.clear()
    pg.goto(server.url + "/login")
    pg.wait_for_selector("#login-submit")
    assert pg.evaluate(LAYOUT_PROBLEMS) == []
    for field in ("#name", "#password", "#login-submit"):
        assert pg.locator(field).bounding_box()["height"] >= MIN_TARGET - 0.5, field
    pg.fill("#name", "rita")
    pg.fill("#password", PASSWORD)
    pg.tap("#login-submit")
    pg.wait_for_url(re.compile(r"/admin$"))
    wait_for_dash(pg)
    pg.wait_for_selector("#admin-upload")
    assert pg.evaluate(LAYOUT_PROBLEMS) == []
    assert pg.evaluate(NAVBAR_PROBLEMS) == []
    assert pg.console_log == []
