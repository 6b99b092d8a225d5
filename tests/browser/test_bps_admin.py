"""A BPS table export on `/admin` in headless Chromium: the file is refused until its indicator is
chosen in the list that appears for it, then checked again, imported and listed as a version."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import Settings
from tests.browser.conftest import Server
from tests.browser.test_admin import PASSWORD, choose_file, log_in
from tests.integration.auth_helpers import add_user

pytestmark = pytest.mark.browser

BPS = Path(__file__).resolve().parents[1] / "fixtures" / "bps"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: the import here must not change what other browser tests see."""
    data_dir = tmp_path_factory.mktemp("bps-admin-browser") / "instance"
    srv = Server(data_dir).start()
    add_user(Settings(DATA_DIR=data_dir), "eddie", "editor", PASSWORD)
    yield srv
    srv.stop()


def test_bps_table_is_imported_after_choosing_its_indicator(page, server):
    log_in(page, server)
    assert page.is_hidden("#admin-bps-options")
    choose_file(page, BPS / "ipm_kabkota_id.xlsx")
    page.wait_for_selector("#admin-report-summary .alert-danger")
    page.wait_for_selector("#admin-bps-options", state="visible")
    assert "Indikator tabel BPS" in page.inner_text("#admin-bps-options")
    page.wait_for_function(
        "() => document.querySelector('#admin-problems').innerText.includes('--indicator')"
    )
    assert page.is_disabled("#admin-import")

    page.select_option("#admin-bps-indicator", "liv_hdi")
    page.wait_for_selector("#admin-report-summary .alert-success")
    page.wait_for_function(
        "() => document.querySelector('#admin-problems').innerText.includes('tabel BPS')"
    )
    page.wait_for_selector("#admin-import:not([disabled])")
    page.click("#admin-import")
    result = page.wait_for_selector("#admin-import-result .alert-success")
    assert "ipm_kabkota_id.xlsx" in result.inner_text()
    page.wait_for_function(
        "() => document.querySelector('#admin-versions').innerText.includes('ipm_kabkota_id.xlsx')"
    )
    assert page.console_log.problems() == []
