"""The profile's improvement levers and what-if control in headless Chromium."""

from __future__ import annotations

import pytest

from dashboard.config import Settings
from dashboard.data.store.repository import Repository
from dashboard.data.views.levers import what_if
from dashboard.i18n import fmt_number
from tests.browser.conftest import SCREENSHOTS, wait_for_dash

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    """The same deterministic sample as the server's, scored here with the same code."""
    return Repository(Settings(DATA_DIR=tmp_path_factory.mktemp("lv") / "instance")).snapshot()


@pytest.fixture(scope="module")
def expected(snap):
    return what_if(snap, "32.16", 2024, "eco_poverty", 1.5)


@pytest.fixture(scope="module")
def median(snap):
    from dashboard.data.views.levers import controls

    control = next(c for c in controls(snap, "32.16", 2024) if c.indicator_id == "eco_poverty")
    return what_if(snap, "32.16", 2024, "eco_poverty", control.targets["median"])


def test_what_if_updates_the_composite(page, server, expected, median):
    page.goto(server.url + "/wilayah/32.16?period=2024")
    wait_for_dash(page)
    page.wait_for_selector("#profile-levers .lever-table tbody tr")
    assert page.locator("#profile-levers .lever-table tbody tr").count() == 5
    page.wait_for_function("() => document.getElementById('whatif-composite').textContent !== ''")
    before = page.inner_text("#whatif-composite")
    assert before == fmt_number(expected.composite, "id", 2)
    # keyboard only: the indicator by typing in the focused select, the value in the input
    page.focus("#whatif-indicator")
    page.select_option("#whatif-indicator", "eco_poverty")
    page.wait_for_function(
        "() => document.getElementById('whatif-now').textContent.includes('4,8')"
    )
    page.focus("#whatif-value")
    page.keyboard.press("Control+a")
    page.keyboard.type("1.5")
    page.keyboard.press("Tab")
    want = fmt_number(expected.new_composite, "id", 2)
    page.wait_for_function(
        f"() => document.getElementById('whatif-composite').textContent === {want!r}"
    )
    rank = f"{int(expected.new_rank)} dari 514"
    page.wait_for_function(
        f"() => document.getElementById('whatif-rank').textContent.startsWith({rank!r})"
    )
    assert page.inner_text("#whatif-delta").startswith("+")
    # the slider followed the typed value
    page.wait_for_function(
        """() => document.querySelector('#whatif-slider [role=slider]')
                 .getAttribute('aria-valuenow') === '1.5'"""
    )
    # a value outside the indicator's bounds: a message, the last answer stays
    page.focus("#whatif-value")
    page.keyboard.press("Control+a")
    page.keyboard.type("250")
    page.keyboard.press("Tab")
    page.wait_for_function(
        "() => document.getElementById('whatif-message').textContent.includes('di luar batas')"
    )
    assert page.inner_text("#whatif-composite") == want
    page.focus("#whatif-value")
    page.keyboard.press("Control+a")
    page.keyboard.type("1.5")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.getElementById('whatif-message').textContent === ''")
    # a target button, by keyboard: the national median of the poverty rate goes into the input
    page.focus("#whatif-target-median")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.getElementById('whatif-value').value === {str(median.target)!r}"
    )
    page.wait_for_function(
        "() => document.getElementById('whatif-composite').textContent === "
        f"{fmt_number(median.new_composite, 'id', 2)!r}"
    )
    # back to the typed value for the screenshot
    page.focus("#whatif-value")
    page.keyboard.press("Control+a")
    page.keyboard.type("1.5")
    page.keyboard.press("Tab")
    page.wait_for_function(
        f"() => document.getElementById('whatif-composite').textContent === {want!r}"
    )
    page.locator("#profile-levers").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#profile-levers").screenshot(path=str(SCREENSHOTS / "profile-levers.png"))
    assert page.console_log.problems() == []


def test_levers_in_english(page, server):
    page.goto(server.url + "/wilayah/32.16?lang=en")
    wait_for_dash(page)
    page.wait_for_selector("#profile-levers .lever-table tbody tr")
    text = page.inner_text("#profile-levers")
    assert "Improvement levers" in text
    assert "National median" in text
    assert "IQR" in text
    assert page.console_log.problems() == []
