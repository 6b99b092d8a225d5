"""A store with no intact version, in Chromium: every page says so in a banner, the wall too, and
an import repairs it without a restart (the wall reloads by itself). No console errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.config import PROJECT_DIR
from dashboard.data.framework import load_framework
from dashboard.data.imports.indicators import ensure_seeded
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore
from dashboard.i18n import t
from tests.browser.conftest import Server, wait_for_dash

pytestmark = pytest.mark.browser

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "long_comma_utf8.csv"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Overrides the session server for this module: its only dataset version is corrupt."""
    data_dir = tmp_path_factory.mktemp("degraded") / "instance"
    store = DataStore(data_dir)
    ensure_seeded(store, RegionIndex.from_file(), load_framework())
    (store.dataset.version_dir(1) / "observations.parquet").write_bytes(b"not parquet")
    srv = Server(data_dir).start()
    yield srv
    srv.stop()


def test_a_page_without_data_shows_the_banner_and_no_errors(page, server, tmp_path):
    for path, lang in (("/?lang=en", "en"), ("/bandingkan", "id"), ("/wilayah/32.16", "id")):
        page.goto(server.url + path)
        wait_for_dash(page)
        banner = page.locator("#degraded-banner")
        banner.wait_for()
        assert t("degraded.no_data", lang) in banner.inner_text()
        assert page.locator("#no-data").is_visible()
        assert t("degraded.no_data_title", lang) in page.locator("#no-data").inner_text()
    page.screenshot(path="/tmp/resilience-degraded.png")
    assert page.console_log.problems() == []


def test_the_wall_without_data_reloads_itself_after_an_import(page, server):
    page.goto(server.url + "/wall?lang=en&interval=600")
    page.locator("#wall-no-data").wait_for()
    assert t("degraded.no_data", "en") in page.locator("#wall-degraded").inner_text()
    env = {"DATA_DIR": str(server.data_dir), "PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin"}
    subprocess.run(
        [sys.executable, "-m", "dashboard", "import", "indicators", str(GOOD)],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    page.evaluate("() => window.kcWall.poll()")  # the next poll, without waiting its interval
    page.wait_for_selector(".wall-scene.active")
    assert page.locator("#wall-degraded").is_hidden()
    assert page.console_log.problems() == []
