"""The navbar region search, by keyboard only, as a WAI-ARIA combobox."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, wait_for_dash

pytestmark = pytest.mark.browser

SEARCH = "#region-search"


def focus_search(page) -> None:
    """Tab from the top of the page until the search input has the focus (no mouse)."""
    page.keyboard.press("Tab")
    for _ in range(20):
        if (
            page.evaluate("() => document.activeElement && document.activeElement.id")
            == "region-search"
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError("the search input is not reachable with Tab")


def test_keyboard_only_search_opens_a_profile(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    page.wait_for_selector(f"{SEARCH}[role=combobox]")
    focus_search(page)
    page.keyboard.type("kota bekasy")  # type word and a typo
    page.wait_for_selector("#region-search-list [role=option]")
    box = page.locator(SEARCH)
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "region-search-list"
    status = page.inner_text("#region-search-status")
    assert re.search(r"\d+ wilayah ditemukan", status)
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    option = page.locator(f"#{active}")
    assert option.get_attribute("aria-selected") == "true"
    assert "Kota Bekasi" in option.inner_text()
    screenshot(page, "search", full_page=False)
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens again on the first suggestion
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/wilayah/32\.75$"))
    wait_for_dash(page)
    page.wait_for_selector("h1:has-text('Kota Bekasi')")
    assert page.console_log.problems() == []


def test_code_then_enter_in_english(page, server):
    page.goto(server.url + "/indikator?lang=en")
    wait_for_dash(page)
    page.wait_for_selector(f"{SEARCH}[role=combobox]")
    page.focus(SEARCH)
    page.keyboard.type("3216")
    page.wait_for_selector("#region-search-list [role=option]")
    assert "found" in page.inner_text("#region-search-status")
    page.keyboard.press("Enter")  # nothing highlighted: the first suggestion
    page.wait_for_url(re.compile(r"/wilayah/32\.16\?lang=en$"))
    wait_for_dash(page)
    page.wait_for_selector("h1:has-text('Kabupaten Bekasi')")
    # the new page's navbar has a working search again
    page.wait_for_selector(f"{SEARCH}[role=combobox]")
    page.focus(SEARCH)
    page.keyboard.type("zzzqqq")
    page.wait_for_function(
        "() => document.getElementById('region-search-status').textContent.includes('No matching')"
    )
    assert page.locator(SEARCH).get_attribute("aria-expanded") == "false"
    assert page.console_log.problems() == []


def test_enter_before_the_suggestions_arrive(page, server):
    page.goto(server.url + "/program")
    wait_for_dash(page)
    page.wait_for_selector(f"{SEARCH}[role=combobox]")
    page.focus(SEARCH)
    page.keyboard.type("sleman")
    page.keyboard.press("Enter")  # at once: the first suggestion opens when it arrives
    page.wait_for_url(re.compile(r"/wilayah/34\.04$"))
    wait_for_dash(page)
    page.wait_for_selector("h1:has-text('Kabupaten Sleman')")
    assert page.console_log.problems() == []
