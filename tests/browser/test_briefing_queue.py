"""With REDIS_URL, in a real browser: the briefing button and the export menu show "queued
(position 1)" while no export worker runs, then the file downloads once a
``python -m dashboard worker`` process builds it."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.components import briefing_button as bb
from dashboard.config import PROJECT_DIR
from tests.browser.conftest import Server, wait_for_dash
from tests.redis_fixtures import redis_prefix, redis_url  # noqa: F401


@pytest.fixture
def queued_server(tmp_path, redis_url, redis_prefix):  # noqa: F811
    env = {"REDIS_URL": redis_url, "REDIS_PREFIX": redis_prefix, "EXPORT_WAIT_SECONDS": "0.1"}
    srv = Server(tmp_path / "instance", env=env).start()
    yield srv
    srv.stop()


def test_briefing_button_shows_the_queue_and_downloads_when_a_worker_builds_it(
    browser, queued_server, tmp_path
):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_default_timeout(60_000)
    worker = None
    try:
        page.goto(f"{queued_server.url}/wilayah/32.16?period=2024")
        wait_for_dash(page)
        status = page.locator(f"#{bb.STATUS}")
        assert status.is_hidden()
        with page.expect_download(timeout=180_000) as download_info:
            page.locator(f"#{bb.BUTTON}").click()
            # no worker yet: the job waits in the queue, and the page says where
            status.get_by_text("Dalam antrean (posisi 1)").wait_for()
            worker = subprocess.Popen(
                [sys.executable, "-m", "dashboard", "worker"],
                cwd=PROJECT_DIR,
                env=queued_server.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        download = download_info.value
        assert download.suggested_filename == "paparan_32.16_kab-bekasi_2024.pptx"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert target.read_bytes()[:2] == b"PK"
        status.wait_for(state="hidden")
        assert not page.locator(f"#{bb.ALERT} .alert").count()
        assert errors == []
    finally:
        context.close()
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", "worker"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_export_menu_shows_the_queue_and_downloads_the_png(browser, queued_server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_default_timeout(60_000)
    worker = None
    try:
        page.goto(queued_server.url + "/")
        wait_for_dash(page)
        menu = page.locator("#export-peringkat")
        status = menu.locator(".kc-export-status")
        assert status.is_hidden()
        menu.locator(".dropdown-toggle").click()
        item = menu.get_by_role("link", name="PNG (1920×1080)")
        item.wait_for()
        with page.expect_download(timeout=180_000) as info:
            item.click()
            status.get_by_text("Dalam antrean (posisi 1)").wait_for()
            page.screenshot(
                path="/tmp/qwork/menu.png", clip={"x": 0, "y": 300, "width": 1920, "height": 500}
            )
            assert page.url.startswith(queued_server.url + "/")  # the page stays
            worker = _worker(queued_server.env)
        download = info.value
        assert download.suggested_filename.startswith("peringkat_")
        assert download.suggested_filename.endswith(".png")
        data = Path(download.path()).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert errors == []
    finally:
        context.close()
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
