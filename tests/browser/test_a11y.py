"""WCAG 2.1 A/AA checks with axe-core (vendored for tests only, tests/browser/vendor/) on every
page in both languages, /admin signed in, and every wall scene in both languages (dark theme).

Any violation fails, printing each violation's rule id, impact, target selectors and help URL.
The same page loads check the document's language: ``<html lang>`` as the server sends it (the
first paint) and as the browser has it after rendering.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.config import Settings
from dashboard.data.views.wall import SCENES
from tests.browser.conftest import wait_for_dash
from tests.integration.auth_helpers import add_user

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "/",
    "/wilayah/32.16",
    "/wilayah/32.16/kecamatan",
    "/bandingkan?kode=32.16,32.75",
    "/indikator",
    "/program",
    "/data",
    "/peringatan",
    "/login",
    "/tidak-ada",
    "/tabel/peta-kesiapan",  # a chart's data table (a Flask page, like /login)
]
NOT_DASH = ("/login", "/tabel/")
PASSWORD = "a-long-axe-password"


def _axe(page) -> list[dict]:
    # evaluated rather than add_script_tag: the app's Content-Security-Policy refuses inline tags
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.helpUrl,
                targets: v.nodes.slice(0, 8).map(n => n.target.join(' '))}));
        }""",
        TAGS,
    )


def _check(key: str, violations: list[dict]) -> None:
    report = "\n".join(
        f"  {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["targets"])
        for v in violations
    )
    assert not violations, f"axe violations on {key}:\n{report}"


def _check_lang(page, response, lang: str) -> None:
    """The server's HTML says ``lang`` (first paint) and so does the rendered document."""
    first = re.search(r"<html[^>]*>", response.text())
    assert first is not None
    assert f'lang="{lang}"' in first.group(0), first.group(0)
    assert page.evaluate("() => document.documentElement.lang") == lang


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_page_passes_axe(page, server, path, lang):
    sep = "&" if "?" in path else "?"
    response = page.goto(f"{server.url}{path}{sep}lang={lang}")
    if not path.startswith(NOT_DASH):  # server-rendered pages are complete at their load event
        wait_for_dash(page)
    _check(f"{path} {lang}", _axe(page))
    _check_lang(page, response, lang)


def test_admin_passes_axe(page, server):
    """/admin for an admin (every section, the alert rules editor included), both languages."""
    add_user(Settings(DATA_DIR=server.data_dir), "axe-admin", "admin", PASSWORD)
    page.goto(f"{server.url}/login?next=/admin")
    page.fill("#name", "axe-admin")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/admin$"))
    for lang in ("id", "en"):
        response = page.goto(f"{server.url}/admin?lang={lang}")
        wait_for_dash(page)
        page.wait_for_selector("#admin-upload input[type=file][aria-label]", state="attached")
        _check(f"/admin {lang}", _axe(page))
        _check_lang(page, response, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_wall_scenes_pass_axe(page, server, lang):
    """One wall load shows every scene in turn (kcWall.next, the wall's test hook); axe checks each."""
    response = page.goto(f"{server.url}/wall?scenes={','.join(SCENES)}&interval=600&lang={lang}")
    page.wait_for_selector(".wall-scene.active", timeout=120_000)  # nine scenes: slow when cold
    _check_lang(page, response, lang)
    for scene in SCENES:
        # next() until the scene is on screen: robust to the wall restarting its rotation
        page.wait_for_function(
            """(name) => {
                const active = document.querySelector('.wall-scene.active');
                if (active && active.dataset.scene === name) { return true; }
                window.kcWall.next();
                return false;
            }""",
            arg=scene,
            polling=100,
        )
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.wall-scene.active .js-plotly-plot'))"
            ".every(gd => gd._fullLayout)"
        )
        _check(f"wall {scene} {lang}", _axe(page))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_open_dropdown_and_export_menu_pass_axe(page, server, lang):
    """What only exists while open: the indicator dropdown's list of options (with its search box)
    and a chart's export menu, each checked by axe while shown."""
    page.goto(f"{server.url}/?lang={lang}")
    wait_for_dash(page)
    button = page.locator("button#indicator-select")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.first).to_be_visible()
    assert options.count() > 10
    _check(f"/ {lang}, indicator list open", _axe(page))
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")

    toggle = page.locator("#export-peta-kesiapan .dropdown-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#export-peta-kesiapan .dropdown-menu")).to_be_visible()
    _check(f"/ {lang}, export menu open", _axe(page))


def test_dropdown_by_keyboard_and_language_switch(page, server):
    """Dash's dropdown (repaired by assets/15-a11y.js): its button is in the tab order, its
    hidden focus target is not, its name starts with its label; the language select then changes
    the page without a reload and <html lang> follows."""
    page.goto(f"{server.url}/bandingkan?kode=32.16,32.75&lang=en")
    wait_for_dash(page)
    button = page.locator("button#compare-select")
    expect(button).to_have_accessible_name(re.compile(r"^Regions to compare \(2-6\) .*Bekasi"))
    button.focus()
    page.keyboard.press("Shift+Tab")  # Dash's focus target, right before the button, is skipped
    assert page.evaluate("() => document.activeElement.className") != "dash-dropdown-focus-target"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "compare-select"
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")

    page.evaluate("() => { window.kcNoReload = true; }")
    page.select_option("#lang-select", "id")
    page.wait_for_function("() => document.documentElement.lang === 'id'")
    assert page.evaluate("() => window.kcNoReload === true")  # the same document: no reload
    assert "lang=en" not in page.url
    expect(button).to_have_accessible_name(re.compile(r"^Wilayah yang dibandingkan"))
