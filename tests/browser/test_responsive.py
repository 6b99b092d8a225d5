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
- on the overview the map comes before the ranking, stacked; on a phone the map's colour scale
  is copied under the map, in view without swiping the map (plotly's own bar is under the map's
  right half), with plotly's tick labels, and follows the measure; the ranking's names are drawn
  above their bars, which get most of the chart's width;
- the navbar: the region search is visible without opening the menu (type, see suggestions,
  Enter opens the profile), and the menu button opens the links and the language picker.

Screenshots of the main views go to docs/screenshots/{phone,tablet}-<page>.png.
"""

from __future__ import annotations

import re

import pytest

from dashboard.config import Settings
from tests.browser.conftest import ConsoleLog, dropdown_option, screenshot, wait_for_dash
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


# The map's colour scale as drawn: plotly's bar (hidden on phones) and the copy under the map.
COLOUR_SCALES = """() => {
  const gd = document.querySelector('#readiness-map .js-plotly-plot');
  const bar = gd && gd.querySelector('.colorbar');
  const strip = document.querySelector('.kc-colour-scale[data-graph="readiness-map"]');
  if (!bar || !strip) return null;
  const fill = bar.querySelector('.cbfill');
  const id = /#([^"')]+)/.exec(fill.style.fill || fill.getAttribute('fill') || '');
  const gradient = id && document.getElementById(id[1]);
  return {
    plotly: {
      title: bar.querySelector('.cbtitle text').textContent,
      ticks: Array.from(bar.querySelectorAll('.cbaxis text'), t => t.textContent),
      colours: gradient ? Array.from(gradient.querySelectorAll('stop'),
                                     s => s.getAttribute('stop-color')) : [],
      hidden: getComputedStyle(bar).visibility === 'hidden',
    },
    strip: {
      title: (strip.querySelector('.kc-colour-scale-title') || {}).textContent || '',
      ticks: Array.from(strip.querySelectorAll('.kc-colour-scale-ticks > span'), t => t.textContent),
      gradient: strip.querySelector('.kc-colour-scale-bar')
        ? getComputedStyle(strip.querySelector('.kc-colour-scale-bar')).backgroundImage : '',
      shown: strip.checkVisibility(),
      ariaHidden: strip.getAttribute('aria-hidden'),
    },
  };
}"""

# The ranking's names and bars: where plotly drew them.
RANKING_NAMES = """() => {
  const gd = document.querySelector('#ranking-chart .js-plotly-plot');
  const names = gd.layout.yaxis.ticktext.map(t => t.replace(/<[^>]+>/g, ''));
  const drawn = Array.from(gd.querySelectorAll('.annotation-text'), t => t.textContent);
  const ticks = Array.from(gd.querySelectorAll('.ytick text'), t => t.textContent);
  const box = gd.getBoundingClientRect();
  const cut = Array.from(gd.querySelectorAll('.annotation-text, .ytick text')).filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
  }).length;
  return {names, drawn, ticks, cut, plotShare: gd._fullLayout._size.w / gd._fullLayout.width};
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
        pg.wait_for_selector("#ranking-chart .main-svg")
        ranking = pg.evaluate(RANKING_NAMES)
        # names above their bars: every name whole, the bars get most of the chart's width
        assert ranking["names"]
        assert all(n in ranking["drawn"] for n in ranking["names"])
        assert ranking["cut"] == 0
        assert ranking["plotShare"] >= 0.85, ranking["plotShare"]
    if shot == "map":  # instant: Bootstrap scrolls smoothly, a capture would catch it midway
        pg.evaluate(
            """() => new Promise(r => {
                document.getElementById('readiness-map').closest('.card')
                    .scrollIntoView({behavior: 'instant'});
                requestAnimationFrame(() => requestAnimationFrame(r));
            })"""
        )
    if name == "overview" and size == "phone":
        _assert_colour_scale_in_view(pg)
    if shot:
        screenshot(pg, f"{size}-{name}", full_page=False)
    assert pg.console_log == []


def _colour_scales(pg) -> dict:
    """Both colour scales once the copy has been filled from plotly's bar."""
    pg.wait_for_function(
        "() => document.querySelector('.kc-colour-scale[data-graph=\"readiness-map\"] span')"
    )
    return pg.evaluate(COLOUR_SCALES)


def _assert_colour_scale_in_view(pg) -> None:
    """The copy of the colour scale is on screen, the map not swiped sideways, and shows what
    plotly's hidden bar shows."""
    scales = _colour_scales(pg)
    assert scales["strip"]["shown"]
    assert scales["plotly"]["hidden"]
    assert scales["strip"]["ariaHidden"] == "true"  # the summary says it in words
    assert scales["strip"]["ticks"] == scales["plotly"]["ticks"]
    assert scales["strip"]["title"] == scales["plotly"]["title"]
    assert scales["plotly"]["colours"]
    assert all(c in scales["strip"]["gradient"] for c in scales["plotly"]["colours"])
    scroller = pg.locator(".kc-map-keys").first
    assert scroller.evaluate("el => el.scrollLeft") == 0
    box = pg.locator(".kc-colour-scale").bounding_box()
    width, height = pg.viewport_size["width"], pg.viewport_size["height"]
    assert 0 <= box["x"] <= box["x"] + box["width"] <= width, box
    assert 0 <= box["y"] <= box["y"] + box["height"] <= height, box
    # every tick label inside the screen too
    for span in pg.locator(".kc-colour-scale-ticks > span").all():
        tick = span.bounding_box()
        assert 0 <= tick["x"] <= tick["x"] + tick["width"] <= width, span.inner_text()


def test_map_colour_scale_follows_the_measure(device, server):
    """A new measure (a Patch of the map): the copy takes the new bar's ticks (a category
    measure's names) on a phone; a tablet shows plotly's own bar and leaves the copy empty (it is
    not even read there: reading the drawn bar would cost every repaint a layout)."""
    size, pg = device
    _load(pg, server.url + "/")
    if size == "phone":
        before = _colour_scales(pg)["strip"]["ticks"]
        assert before == _colour_scales(pg)["plotly"]["ticks"]
        ticks = "'.kc-colour-scale-ticks > span'"
    else:
        pg.wait_for_selector("#readiness-map .colorbar .cbaxis text")
        before = pg.evaluate(COLOUR_SCALES)["plotly"]["ticks"]
        ticks = "'#readiness-map .colorbar .cbaxis text'"
    pg.click("#indicator-select")
    dropdown_option(pg, "Opini BPK atas LKPD", exact=True).click()
    pg.wait_for_function(
        f"""(before) => {{
            const ticks = Array.from(document.querySelectorAll({ticks}), t => t.textContent);
            return ticks.length && JSON.stringify(ticks) !== JSON.stringify(before);
        }}""",
        arg=before,
    )
    after = pg.evaluate(COLOUR_SCALES)
    assert after["plotly"]["ticks"] == ["TMP", "TW", "WDP", "WTP"]
    if size == "phone":
        assert after["strip"]["ticks"] == after["plotly"]["ticks"]
        assert after["strip"]["title"] == after["plotly"]["title"]
        assert all(c in after["strip"]["gradient"] for c in after["plotly"]["colours"])
        assert after["strip"]["shown"]
        assert after["plotly"]["hidden"]
    else:
        assert not after["strip"]["shown"]
        assert after["strip"]["ticks"] == []
        assert not after["plotly"]["hidden"]
    assert pg.console_log == []


def test_desktop_keeps_plotly_colour_bar_and_ranking(page, server):
    """At 1920 px the copy stays hidden and empty, plotly's bar shows, and the ranking keeps its
    names beside the bars."""
    page.goto(server.url + "/")
    wait_for_dash(page)
    page.wait_for_selector("#readiness-map .colorbar .cbaxis text")
    scales = page.evaluate(COLOUR_SCALES)
    assert not scales["strip"]["shown"]
    assert scales["strip"]["ticks"] == []
    assert not page.locator(".kc-colour-scale").is_visible()
    assert not scales["plotly"]["hidden"]
    page.wait_for_selector("#ranking-chart .main-svg")
    ranking = page.evaluate(RANKING_NAMES)
    assert ranking["ticks"] == ranking["names"]
    assert not set(ranking["names"]) & set(ranking["drawn"])
    assert page.console_log == []


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
