"""`/admin` in headless Chromium: log in through the real form, upload, read the report, import,
see the new version; broken files show their specific messages; uploaded text stays text; a file
above MAX_UPLOAD_MB is refused in the browser with a message. The console stays empty."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.config import Settings
from dashboard.data.framework import load_framework
from dashboard.data.imports.tables import validate_file
from dashboard.data.regions import RegionIndex
from tests.browser.conftest import Server, screenshot, wait_for_dash
from tests.integration.auth_helpers import add_user

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "a-long-browser-password"
MAX_MB = 1  # small, so the too-large case needs only a 1.5 MB file


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: imports here must not change the data other browser tests see."""
    data_dir = tmp_path_factory.mktemp("admin-browser") / "instance"
    srv = Server(data_dir, env={"MAX_UPLOAD_MB": str(MAX_MB)}).start()
    add_user(Settings(DATA_DIR=data_dir), "eddie", "editor", PASSWORD)
    yield srv
    srv.stop()


def log_in(page, server) -> None:
    page.goto(server.url + "/admin")
    page.wait_for_url(re.compile(r"/login\?next="))
    page.fill("#name", "eddie")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/admin$"))
    wait_for_dash(page)
    page.wait_for_selector("#admin-upload")


def choose_file(page, path: Path) -> None:
    page.set_input_files("#admin-upload input[type=file]", str(path))


def test_upload_check_import_and_see_the_new_version(page, server):
    log_in(page, server)
    assert page.is_disabled("#admin-import")
    choose_file(page, FIXTURES / "good" / "long_comma_utf8.csv")
    summary = page.wait_for_selector("#admin-report-summary .alert-success")
    assert "lolos pemeriksaan" in summary.inner_text()
    page.wait_for_selector("#admin-import:not([disabled])")
    page.click("#admin-import")
    result = page.wait_for_selector("#admin-import-result .alert-success")
    assert "versi dataset 2" in result.inner_text()
    page.wait_for_function(
        "() => document.querySelector('#admin-versions').innerText.includes('long_comma_utf8.csv')"
    )
    first = page.locator("#admin-versions .ag-row[row-index='0']")
    assert "eddie" in first.inner_text()
    assert "aktif" in first.inner_text()
    page.wait_for_function(
        "() => document.querySelector('#admin-audit').innerText.includes('long_comma_utf8.csv')"
    )
    assert page.is_disabled("#admin-import")  # one upload, one import
    assert page.console_log.problems() == []


def test_broken_file_shows_its_specific_messages(page, server, tmp_path):
    log_in(page, server)
    bad = FIXTURES / "bad" / "three_errors.csv"
    choose_file(page, bad)
    summary = page.wait_for_selector("#admin-report-summary .alert-danger")
    assert "DITOLAK" in summary.inner_text()
    page.wait_for_selector("#admin-problems .ag-row")
    expected = validate_file(bad, regions=RegionIndex.from_file(), framework=load_framework())
    shown = page.inner_text("#admin-problems")
    for problem in expected.report.errors:
        assert problem.reason("id") in shown
    assert page.locator("#admin-problems .ag-row").count() == len(expected.report.problems)
    assert page.is_disabled("#admin-import")
    assert page.is_enabled("#admin-report-download")
    with page.expect_download() as info:
        page.click("#admin-report-download")
    saved = tmp_path / "report.csv"
    info.value.save_as(saved)
    assert saved.read_text("utf-8-sig").startswith("severity,file,row,column,value,code,reason")
    wait_for_dash(page)
    screenshot(page, "admin")
    assert page.console_log.problems() == []


def test_uploaded_markup_is_shown_as_text_and_never_runs(page, server, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, server)
    xss = "<script>alert(1)</script>"
    path = tmp_path / "<img src=x onerror=alert(2)>.csv"
    path.write_text(
        f"kode_wilayah,indikator,tahun,nilai,sumber,catatan,{xss}\n"
        f"32.16,gov_spbe,2025,3.1,{xss},{xss},x\n",
        encoding="utf-8",
    )
    choose_file(page, path)
    page.wait_for_selector("#admin-report-summary .alert-success")
    assert path.name in page.inner_text("#admin-report-summary")
    page.wait_for_function(
        "(t) => document.querySelector('#admin-problems').innerText.includes(t)", arg=xss
    )
    assert page.locator("#admin-problems script").count() == 0
    assert page.locator("#admin-report-summary img").count() == 0
    assert dialogs == []
    assert page.console_log.problems() == []


def test_file_above_the_limit_is_refused_in_the_browser(page, server, tmp_path):
    log_in(page, server)
    big = tmp_path / "besar.csv"
    big.write_bytes(b"kode_wilayah,indikator,tahun,nilai\n" + b"32.16,gov_spbe,2024,3\n" * 75_000)
    assert big.stat().st_size > MAX_MB * 1024 * 1024
    choose_file(page, big)
    note = page.wait_for_selector("#admin-upload-note .alert-danger")
    text = note.inner_text()
    assert "besar.csv" in text
    assert "melebihi batas 1,0 MB" in text
    assert "Belum ada berkas" in page.inner_text("#admin-report-summary")  # nothing was sent
    assert page.console_log.problems() == []


def test_rollback_asks_for_confirmation_then_switches(page, server):
    log_in(page, server)
    rows = page.locator("#admin-versions .ag-center-cols-container .ag-row")
    assert rows.count() >= 2  # the sample and the import of the first test
    oldest = page.locator("#admin-versions .ag-row[row-id='1']").first
    oldest.locator(".ag-selection-checkbox input").first.check()
    page.click("#admin-rollback-dataset")
    dialog = page.wait_for_selector("#admin-rollback-modal .modal-content")
    assert "versi dataset 1" in dialog.inner_text()
    page.click("#admin-rollback-confirm")
    result = page.wait_for_selector("#admin-rollback-result .alert-success")
    assert "aktif sekarang 1" in result.inner_text()
    page.wait_for_selector("#admin-rollback-modal", state="detached")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll("#admin-versions .ag-row[row-id='1']"))
                 .some(r => r.innerText.includes('aktif'))"""
    )
    page.wait_for_function(
        "() => document.querySelector('#admin-audit').innerText.includes('pulihkan')"
    )
    assert page.console_log.problems() == []


def test_hostile_files_are_rejected_with_a_report_in_english(page, server, tmp_path):
    """Issue 17: a billion-laughs XLSX and a 512 MiB whitespace sheet (0.5 MB uploaded) are
    refused by the separate check process with their reason, in the page language."""
    from tests import bombs

    log_in(page, server)
    page.goto(server.url + "/admin?lang=en")
    wait_for_dash(page)
    page.wait_for_selector("#admin-upload")
    cases = [
        (bombs.billion_laughs(tmp_path / "laughs.xlsx"), "DTD or entity declaration"),
        (bombs.whitespace_bomb(tmp_path / "spaces.xlsx", gib=0.5), "MAX_PART_MB"),
    ]
    for path, reason in cases:
        choose_file(page, path)
        page.wait_for_function(
            "name => { const s = document.querySelector('#admin-report-summary .alert-danger');"
            " return s && s.innerText.includes(name); }",
            arg=path.name,
        )
        page.wait_for_function(
            "text => document.querySelector('#admin-problems').innerText.includes(text)",
            arg=reason,
        )
        assert page.is_disabled("#admin-import")
    assert page.locator("#page-alert .alert").count() == 0  # no generic error alert
    screenshot(page, "admin_hostile_file_en")
    assert page.console_log.problems() == []
