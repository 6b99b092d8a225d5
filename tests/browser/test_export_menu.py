"""The export menu in headless Chromium: on the overview, links follow filter changes, and the
PNG that comes down is a real 1920x1080 image of the chosen indicator."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import dropdown_option, wait_for_dash

pytestmark = pytest.mark.browser


def _choose(page, control_id: str, option_text: str) -> None:
    page.click(f"#{control_id}")
    dropdown_option(page, option_text, exact=True).click()


def test_png_export_carries_the_current_filters(page, server):
    page.goto(server.url + "/")
    wait_for_dash(page)
    menu = page.locator("#export-peta-kesiapan")
    assert menu.locator(".dropdown-toggle").inner_text().strip() == "Ekspor"
    assert page.locator(".kc-export").count() == 3  # map, ranking, distribution

    _choose(page, "indicator-select", "Indeks SPBE")
    page.wait_for_url("**indicator=gov_spbe**")

    menu.locator(".dropdown-toggle").click()
    item = menu.get_by_role("link", name="PNG (1920×1080)")
    item.wait_for()
    with page.expect_download() as info:
        item.click()
    download = info.value
    assert "/export/chart/peta-kesiapan.png?" in download.url
    assert "indicator=gov_spbe" in download.url
    assert "scale" not in download.url
    assert download.suggested_filename.startswith("peta-kesiapan_gov-spbe_")
    assert download.failure() is None
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1920, 1080)

    # the data links follow the same filters, read from the URL at the moment of the click
    _choose(page, "period-select", "2022")
    page.wait_for_url("**period=2022**")
    menu.locator(".dropdown-toggle").click()
    csv = menu.get_by_role("link", name="CSV")
    csv.wait_for()
    with page.expect_download() as info:
        csv.click()
    assert "indicator=gov_spbe" in info.value.url
    assert "period=2022" in info.value.url
    assert info.value.suggested_filename == "peta-kesiapan_gov-spbe_2022.csv"
    # a link answered with an attachment turns into a download: Chromium reports the
    # navigation it replaces as aborted, which is no problem
    problems = [
        p for p in page.console_log.problems() if not ("/export/" in p and "ERR_ABORTED" in p)
    ]
    assert problems == []
