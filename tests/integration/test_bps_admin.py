"""BPS table exports on `/admin`: the indicator list appears for them, a re-check with the chosen
indicator makes the file importable, a new file starts without one, a rejected one changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import Settings
from dashboard.data.store.datasets import DataStore
from tests.integration.auth_helpers import app_with_editor
from tests.integration.test_admin import (
    PASSWORD,
    client_as,
    data_url,
    import_staged,
    post,
    response_of,
    store_state,
    text_of,
    upload,
)

BPS = Path(__file__).resolve().parents[1] / "fixtures" / "bps"
GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(
        DATA_DIR=tmp_path_factory.mktemp("bps-admin") / "instance",
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


def choose_indicator(app, client, raw: bytes, name: str, indicator: str, lang="en"):
    """The indicator list changed while the file is on screen: checked again with it."""
    return post(
        app,
        client,
        "admin-bps-indicator.value",
        {
            "admin-upload.contents": data_url(raw),
            "admin-upload.filename": name,
            "admin-bps-indicator.value": indicator,
            "admin-kind.value": "indicators",
            "admin-lang.data": lang,
        },
    )


def test_bps_table_shows_the_indicator_list_then_imports_with_it(app, editor, settings):
    raw = (BPS / "ipm_kabkota_id.xlsx").read_bytes()
    before = store_state(settings.DATA_DIR)
    first = response_of(upload(app, editor, raw, "ipm.xlsx", lang="en"))
    assert first["admin-bps-options"]["hidden"] is False
    assert first["admin-staged"]["data"]["ok"] is False
    assert "choose it" in text_of(first["admin-problems"]["rowData"])
    assert store_state(settings.DATA_DIR) == before

    second = response_of(choose_indicator(app, editor, raw, "ipm.xlsx", "liv_hdi"))
    staged = second["admin-staged"]["data"]
    assert staged["ok"] is True
    assert "admin-bps-indicator" not in second  # the choice stays
    assert "read as the BPS table" in text_of(second["admin-problems"]["rowData"])

    done = response_of(import_staged(app, editor, staged, lang="en"))
    assert "admin-import-done" in done
    obs = DataStore(settings.DATA_DIR).load().observations
    row = obs[(obs.region_code == "32.16") & (obs.indicator_id == "liv_hdi") & (obs.period == 2024)]
    assert row["value"].tolist() == [76.3]
    assert row["source"].iloc[0].startswith("BPS — [Metode Baru]")


def test_a_new_file_starts_without_the_last_indicator(app, editor):
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    body = {
        "admin-upload.contents": data_url(raw),
        "admin-upload.filename": "long.csv",
        "admin-bps-indicator.value": "liv_hdi",  # left over from the last BPS table
        "admin-kind.value": "indicators",
        "admin-lang.data": "en",
    }
    answer = response_of(post(app, editor, "admin-upload.contents", body))
    assert answer["admin-staged"]["data"]["ok"] is True
    assert answer["admin-bps-indicator"]["value"] == ""
    assert answer["admin-bps-options"]["hidden"] is True


def test_rejected_bps_table_changes_nothing(app, editor, settings):
    raw = (BPS / "ipm_unmatched_name.csv").read_bytes()
    before = store_state(settings.DATA_DIR)
    answer = response_of(choose_indicator(app, editor, raw, "ipm.csv", "liv_hdi"))
    staged = answer["admin-staged"]["data"]
    assert staged["ok"] is False
    assert "32.16 Kabupaten Bekasi" in text_of(answer["admin-problems"]["rowData"])
    refused = response_of(import_staged(app, editor, staged, lang="en"))
    assert "admin-import-done" not in refused
    assert store_state(settings.DATA_DIR) == before
