"""The region profile's briefing button in a real browser: progress while it builds, then a file."""

from __future__ import annotations

from pypdf import PdfReader

from dashboard.components import briefing_button as bb
from dashboard.exports.briefing.facts import CHART_KEYS
from tests.browser.conftest import wait_for_dash


def test_briefing_button_shows_progress_and_downloads_the_deck(page, server, tmp_path):
    page.goto(f"{server.url}/wilayah/32.16?period=2024")
    wait_for_dash(page)
    button = page.locator(f"#{bb.BUTTON}")
    progress = page.locator(f"#{bb.PROGRESS}")
    assert progress.is_hidden()
    page.select_option(f"#{bb.FORMAT}", "pdf")
    with page.expect_download(timeout=90_000) as download_info:
        button.click()
        progress.wait_for(state="visible")  # the build takes seconds: the user sees it working
        assert button.is_disabled()
    download = download_info.value
    assert download.suggested_filename == "paparan_32.16_kab-bekasi_2024.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    # every slide of tests/integration/test_briefing.py's N_SLIDES: Kab. Bekasi has targets
    assert len(PdfReader(target).pages) == len(CHART_KEYS) + 6
    progress.wait_for(state="hidden")
    assert button.is_enabled()
    assert not page.locator(f"#{bb.ALERT} .alert").count()
    assert page.console_log.problems() == []
