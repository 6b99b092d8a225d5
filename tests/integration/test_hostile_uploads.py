"""Hostile files through `/admin` and the CLI (issue 17 points 1-2, orphaned staging folders).

The admin page checks and imports in a separate process (``dashboard.data.imports.isolated``):
a bomb gets a report naming the file and the reason, a child that runs out of memory or time
gets a clear message, the store never changes, and the error alert follows the page language.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.cli import main
from dashboard.config import Settings
from dashboard.data.imports import isolated
from dashboard.data.imports.tables import ImportLimits
from tests import bombs
from tests.integration.auth_helpers import app_with_editor
from tests.integration.test_admin import (
    GOOD,
    PASSWORD,
    client_as,
    import_staged,
    response_of,
    store_state,
    text_of,
    upload,
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(
        DATA_DIR=tmp_path_factory.mktemp("hostile") / "instance",
        MAX_UPLOAD_MB=50,
        RATE_LIMIT_UPLOAD="10000 per hour",
        RATE_LIMIT_LOGIN="10000 per hour",
        COOKIE_SECURE=False,
    )


@pytest.fixture(scope="module")
def app(settings):
    return app_with_editor(settings, PASSWORD)


@pytest.fixture(scope="module")
def editor(app):
    return client_as(app, "eddie")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bombs")
    bombs.whitespace_bomb(folder / "spasi.xlsx")
    bombs.many_rows(folder / "baris.xlsx")
    bombs.huge_cell(folder / "sel.xlsx")
    bombs.billion_laughs(folder / "tawa.xlsx")
    bombs.external_entity(folder / "xxe.xlsx")
    return folder


@pytest.mark.parametrize(
    ("file", "needle_id", "needle_en"),
    [
        ("spasi.xlsx", "MAX_PART_MB", "MAX_PART_MB"),
        ("baris.xlsx", "MAX_IMPORT_ROWS", "MAX_IMPORT_ROWS"),
        ("sel.xlsx", "MAX_PART_MB", "MAX_PART_MB"),
        ("tawa.xlsx", "deklarasi DTD", "DTD or entity declaration"),
        ("xxe.xlsx", "deklarasi DTD", "DTD or entity declaration"),
    ],
)
def test_bombs_through_the_admin_page_get_a_report_in_the_page_language(
    app, editor, settings, files, file, needle_id, needle_en
):
    before = store_state(settings.DATA_DIR)
    started = time.perf_counter()
    for lang, needle in (("id", needle_id), ("en", needle_en)):
        out = response_of(upload(app, editor, (files / file).read_bytes(), file, lang=lang))
        assert out["admin-staged"]["data"]["ok"] is False
        rows = out["admin-problems"]["rowData"]
        assert len(rows) == 1
        assert rows[0]["code"].startswith("guard.")
        assert needle in rows[0]["reason"]
        assert file in text_of(out["admin-report-summary"])
    assert time.perf_counter() - started < 60  # two uploads; bench/bench_bombs.py measures
    refused = response_of(import_staged(app, editor, out["admin-staged"]["data"]))
    assert "admin-import-done" not in refused
    assert store_state(settings.DATA_DIR) == before


def test_a_child_out_of_time_is_a_clear_report(app, editor, settings, monkeypatch):
    monkeypatch.setattr(
        isolated, "run_child", _slow_child(isolated.run_child, timeout_s=0.2), raising=True
    )
    before = store_state(settings.DATA_DIR)
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    out = response_of(upload(app, editor, raw, "lambat.csv", lang="en"))
    (row,) = out["admin-problems"]["rowData"]
    assert row["reason"].startswith("the check of lambat.csv was stopped after 0.2 seconds")
    assert "IMPORT_TIMEOUT_S" in row["reason"]
    assert out["admin-staged"]["data"]["ok"] is False
    assert store_state(settings.DATA_DIR) == before


def _slow_child(real, *, timeout_s):
    def run(task, **kwargs):
        return real(task, **{**kwargs, "timeout_s": timeout_s})

    return run


def test_a_child_out_of_memory_is_a_clear_report(app, editor, settings, monkeypatch, tmp_path):
    """A file inside every limit that still needs more memory than the cap allows."""
    real = isolated.run_child
    monkeypatch.setattr(
        isolated, "run_child", lambda task, **kw: real(task, **{**kw, "memory_mb": 40})
    )
    raw = bombs.csv_many_rows(tmp_path / "besar.csv", 400_000).read_bytes()
    out = response_of(upload(app, editor, raw, "besar.csv", lang="id"))
    (row,) = out["admin-problems"]["rowData"]
    assert "besar.csv" in row["reason"]
    assert "lebih dari 40 MB memori (IMPORT_MEMORY_MB)" in row["reason"], row["reason"]


def test_a_killed_child_is_a_clear_import_failure(app, editor, settings, monkeypatch):
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    staged = response_of(upload(app, editor, raw, "baik.csv"))["admin-staged"]["data"]
    assert staged["ok"] is True
    before = store_state(settings.DATA_DIR)
    kill = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
    monkeypatch.setattr(isolated, "child_command", lambda memory_mb, cpu_s: kill)
    out = response_of(import_staged(app, editor, staged, lang="en"))
    text = text_of(out["admin-import-result"])
    assert "baik.csv ended without a result (code SIGKILL)" in text
    assert "admin-import-done" not in out
    assert store_state(settings.DATA_DIR) == before


def test_an_import_through_the_child_stores_a_version(app, editor, settings):
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    staged = response_of(upload(app, editor, raw, "baik.csv"))["admin-staged"]["data"]
    done = response_of(import_staged(app, editor, staged, lang="en"))
    version = done["admin-import-done"]["data"]
    assert isinstance(version, int)
    assert "baik.csv" in text_of(done["admin-import-result"])


def test_the_generic_error_alert_follows_the_page_language(app, editor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(isolated, "validate_isolated", broken)
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    for lang, start in (("en", "Something went wrong"), ("id", "Terjadi kesalahan")):
        resp = upload(app, editor, raw, "baik.csv", lang=lang)
        assert resp.status_code in (200, 204, 500)
        body = resp.get_data(as_text=True)
        assert start in body, body[:300]


# ---------------------------------------------------------------------------- CLI


@pytest.mark.parametrize(
    ("file", "needle"),
    [("tawa.xlsx", "DTD or entity declaration"), ("spasi.xlsx", "inflates to 2,048 MB")],
)
def test_cli_reports_a_bomb_as_a_validation_error(files, tmp_path, capsys, file, needle):
    code = main(
        ["--data-dir", str(tmp_path / "i"), "--lang", "en", "validate", str(files / file)],
        environ={},
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert needle in out + err
    assert file in out + err
    assert "Unexpected error" not in out + err


def test_cli_takes_the_limits_from_the_settings(files, tmp_path, capsys):
    path = bombs.xlsx(tmp_path / "rows.xlsx", bombs.sheet_rows(30))
    env = {"MAX_IMPORT_ROWS": "10"}
    code = main(["--data-dir", str(tmp_path / "i"), "--lang", "en", "validate", str(path)], env)
    out, err = capsys.readouterr()
    assert code == 1
    assert "more than 10 data rows" in out + err
    assert ImportLimits.from_settings(Settings.from_env(env)).max_rows == 10


# ---------------------------------------------------------------------------- start-up cleanup


def test_orphaned_staging_folders_are_cleaned_at_start(tmp_path, caplog):
    data_dir = tmp_path / "instance"
    create_app(Settings(DATA_DIR=data_dir))
    orphan = data_dir / "dataset" / ".staging" / "killed"
    orphan.mkdir(parents=True)
    (orphan / "observations.parquet").write_bytes(b"half")
    half_upload = data_dir / "uploads" / ("a" * 32)
    half_upload.mkdir(parents=True)
    (half_upload / "data.csv").write_bytes(b"x")
    staged = data_dir / "uploads" / ("b" * 32)
    staged.mkdir()
    (staged / "meta.json").write_text("{}")
    temporary = staged / ".meta.json.tmp-0123"
    temporary.write_text("{")
    fresh = data_dir / "uploads" / ("c" * 32)  # being written right now by another worker
    fresh.mkdir()
    old = time.time() - 3600
    for path in (half_upload, staged):
        os.utime(path, (old, old))
    with caplog.at_level(logging.INFO, logger="dashboard.app"):
        create_app(Settings(DATA_DIR=data_dir))
    assert not orphan.exists()
    assert not half_upload.exists()
    assert not temporary.exists()
    assert (staged / "meta.json").exists()
    assert fresh.exists()
    lines = [r.getMessage() for r in caplog.records if "start-up cleanup" in r.getMessage()]
    assert len(lines) == 1
    assert "1 staging folders" in lines[0]
    assert "1 abandoned uploads" in lines[0]
    assert "1 temporary files" in lines[0]
