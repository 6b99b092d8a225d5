"""Keyboard use in headless Chromium: the skip link, the tab order (no positive tabindex, every
stop visible with a focus ring), and the overview's tile map explored with the arrow keys
(announced in its live region, outlined, Enter opens the profile). The geographic map's keys are
tested in test_geo.py (it needs boundaries)."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import dropdown_option, screenshot, wait_for_dash

pytestmark = pytest.mark.browser

MAP = ".kc-map-keys[data-graph='readiness-map']"
LIVE = "#readiness-map-keys-live"

# Where keyboard focus is: tag, id, classes, whether it can be seen and its outline.
ACTIVE_JS = """() => {
    const el = document.activeElement;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) { opacity *= +getComputedStyle(e).opacity; }
    const style = getComputedStyle(el);
    return {tag: el.tagName, id: el.id, cls: String(el.className || ''),
            navbar: !!el.closest('#navbar'), main: !!el.closest('main'),
            shown: el.getClientRects().length > 0 && style.visibility !== 'hidden' && opacity > 0
                   && !el.closest('[aria-hidden=true]'),
            outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
}"""


def _tab(page) -> dict:
    page.keyboard.press("Tab")
    return page.evaluate(ACTIVE_JS)


def _live(page) -> str:
    return page.inner_text(LIVE).strip()


def _press_until_announced(page, key: str, before: str) -> str:
    """Press ``key`` on the focused map and wait until the live region says something new."""
    page.keyboard.press(key)
    page.wait_for_function(
        "([sel, before]) => { const t = document.querySelector(sel).textContent.trim();"
        " return t && t !== before; }",
        arg=[LIVE, before],
    )
    return _live(page)


def _outline(page) -> str:
    return page.get_attribute(f"{MAP} svg.kc-map-focus path.kc-map-focus-line", "d") or ""


def _tab_stops(page, limit: int = 40) -> list[dict]:
    """The next ``limit`` keyboard stops (fewer when focus leaves the page)."""
    stops = []
    for _ in range(limit):
        stops.append(_tab(page))
        if stops[-1]["tag"] == "BODY":  # past the last stop: focus left the page
            return stops[:-1]
    return stops


def _no_positive_tabindex(page) -> None:
    positive = page.evaluate(
        "() => Array.from(document.querySelectorAll('[tabindex]'))"
        ".filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80))"
    )
    assert positive == []


def _all_visible_with_a_ring(stops: list[dict]) -> None:
    hidden = [s for s in stops if not s["shown"]]
    assert hidden == [], hidden
    unringed = [s for s in stops if s["outline"] == "none" or s["outlineWidth"] < 2]
    assert unringed == [], unringed


def test_skip_link_moves_focus_to_main_and_every_stop_is_visible(page, server):
    page.goto(server.url + "/wilayah/32.16")
    wait_for_dash(page)
    _no_positive_tabindex(page)
    first = _tab(page)
    assert "skip-link" in first["cls"], first
    assert page.inner_text(".skip-link") == "Lewati ke konten utama"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'main-content'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    stops = _tab_stops(page)  # Tab goes on from the main landmark, past the navbar
    assert stops[0]["main"], stops[0]
    assert stops[0]["tag"] == "BUTTON", stops[0]
    assert not any(s["navbar"] for s in stops)
    _all_visible_with_a_ring([first, *stops])  # plotly's mode bar buttons included
    assert page.console_log.problems() == []


def test_tile_map_is_explored_by_keyboard_and_enter_opens_the_profile(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    _no_positive_tabindex(page)
    stops = []
    for _ in range(40):  # skip link, navbar, filters, the map's menu and table link, the map
        stops.append(_tab(page))
        if "kc-map-keys" in stops[-1]["cls"]:
            break
    assert "kc-map-keys" in stops[-1]["cls"], stops
    assert "skip-link" in stops[0]["cls"]
    first_in_main = next(i for i, s in enumerate(stops) if s["main"])
    assert all(s["navbar"] for s in stops[1:first_in_main])  # then the navbar, then the page
    _all_visible_with_a_ring(stops)  # the map's ring included
    name = page.evaluate(
        f"""() => {{ const box = document.querySelector("{MAP}");
            return [box.getAttribute('role'),
                    document.getElementById(box.getAttribute('aria-labelledby')).innerText,
                    document.getElementById(box.getAttribute('aria-describedby')).innerText]; }}"""
    )
    assert name[0] == "application"
    assert name[1].startswith("Peta: Indeks Kesiapan Kota Cerdas")
    assert "panah" in name[2]
    assert "Enter" in name[2]

    home = _press_until_announced(page, "ArrowRight", "")  # the first key starts at our region
    assert home.startswith("Kabupaten Bekasi, Jawa Barat. Indeks Kesiapan Kota Cerdas 20")
    assert re.search(
        r" 20\d\d: \d+,\d skor 0-100 \(.*sintetis\), peringkat \d+ dari 514\.$", home
    ), home
    assert page.get_attribute(MAP, "data-current") == "32.16"
    at_home = _outline(page)
    assert at_home.startswith("M")
    screenshot(page, "overview-keyboard", full_page=False)

    moved = _press_until_announced(page, "ArrowRight", home)
    code = page.get_attribute(MAP, "data-current")
    assert code != "32.16"
    assert not moved.startswith("Kabupaten Bekasi,")
    assert _outline(page) not in ("", at_home)  # the outline moved
    region = moved.split(",")[0]
    page.wait_for_function(  # plotly's own hover label follows (it is throttled)
        "(name) => Array.from(document.querySelectorAll('#readiness-map .hoverlayer .hovertext'))"
        ".some(h => h.textContent.includes(name))",
        arg=region,
    )
    back = _press_until_announced(page, "ArrowLeft", moved)
    assert back.rstrip("\u00a0") == home

    # a filter change: the same region now announces the new measure's value
    page.click("#indicator-select")
    dropdown_option(page, "Persentase penduduk miskin", exact=True).click()
    page.wait_for_function(
        "() => (document.querySelector('#readiness-map .js-plotly-plot').layout.meta || {})"
        ".measure === 'Persentase penduduk miskin'"
    )
    page.focus(MAP)
    poverty = _press_until_announced(page, "Home", back)
    assert poverty.startswith("Kabupaten Bekasi, Jawa Barat. Persentase penduduk miskin 20")
    assert re.search(r" 20\d\d: \d+,\d\d% \(", poverty), poverty

    page.keyboard.press("ArrowDown")
    page.wait_for_function(f"() => document.querySelector(\"{MAP}\").dataset.current !== '32.16'")
    chosen = page.get_attribute(MAP, "data-current")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/wilayah/{re.escape(chosen)}$"))
    wait_for_dash(page)
    assert page.console_log.problems() == []


def test_escape_leaves_the_map_and_english_is_announced(page, server):
    page.goto(server.url + "/?lang=en&province=32")
    wait_for_dash(page)
    page.focus(MAP)
    text = _press_until_announced(page, "ArrowUp", "")
    assert text.startswith("Kabupaten Bekasi, Jawa Barat. Smart City Readiness Index 20")
    assert re.search(
        r"\d+\.\d score 0-100 \(.*synthetic\), rank \d+ of 27 in the province\.$", text
    )
    page.keyboard.press("Escape")
    page.wait_for_function(f'() => !document.activeElement.matches("{MAP}")')
    assert page.evaluate(  # focus went on to what follows the map, the ranking's menu
        f"""() => document.querySelector("{MAP}").compareDocumentPosition(
            document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING"""
    )
    assert page.is_hidden(f"{MAP} svg.kc-map-focus")
    assert page.console_log.problems() == []
