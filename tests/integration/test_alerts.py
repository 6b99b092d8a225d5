"""Alerts through the app: the list page, its filter, the API, exports, the wall banner, the rules
editor on /admin (admins only, CSRF, audited) and a new dataset version changing the alerts."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.store.datasets import DataStore
from dashboard.data.store.versions import read_audit
from tests.integration.auth_helpers import add_user
from tests.integration.test_admin import (
    PASSWORD,
    client_as,
    post,
    render_page,
    response_of,
    text_of,
)

ONE_RULE = """
[[rule]]
id = "sampah-rendah"
title_id = "Sampah terkelola di bawah 90 %"
title_en = "Managed waste below 90 %"
kind = "threshold"
indicator = "env_waste"
below = 90
severity = "critical"
"""


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(
        DATA_DIR=tmp_path_factory.mktemp("alerts") / "instance",
        RATE_LIMIT_LOGIN="10000 per hour",
        COOKIE_SECURE=False,
    )


@pytest.fixture(scope="module")
def app(settings):
    app = create_app(settings)
    for name, role in (("eddie", "editor"), ("ada", "admin")):
        add_user(settings, name, role, PASSWORD)
    app.server.test_client().get("/")
    return app


def api(client, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/alerts?lang=en&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["data"]


def test_list_page_shows_the_home_regions_alerts(app):
    client = client_as(app, None)
    text = text_of(response_of(render_page(app, client, "/peringatan")))
    assert "Prevalensi stunting di atas 14 %" in text
    assert "peringatan aktif untuk Kabupaten Bekasi" in text
    assert "data contoh sintetis" in text  # synthetic values say so
    assert "sejak" in text  # when each started


def test_severity_filter_callback(app):
    client = client_as(app, None)
    answer = response_of(
        post(app, client, "alerts-severity.value",
             {"alerts-severity.value": "critical", "alerts-status.value": "all",
              "alerts-lang.data": "en"}),
    )  # fmt: skip
    listed = json.dumps(answer["alerts-list"])
    assert '"data-severity": "critical"' in listed
    assert '"data-severity": "warning"' not in listed
    assert "severity=critical" in answer["alerts-export-csv"]["href"]


def test_api_and_exports_name_rule_value_threshold_and_source(app):
    client = client_as(app, None)
    rows = api(client, "status=active")
    stunting = next(r for r in rows if r["rule_id"] == "stunting-tinggi")
    assert stunting["region_code"] == "32.16"
    assert stunting["threshold"] == 14.0
    assert stunting["value"] > 14
    assert stunting["synthetic"] is True
    assert stunting["started_version"] == 1
    assert api(client, "severity=info")
    assert all(r["severity"] == "info" for r in api(client, "severity=info"))
    assert client.get("/api/v1/alerts?severity=loud").status_code == 400
    csv = client.get("/export/alerts.csv?severity=critical&lang=en")
    assert csv.status_code == 200
    body = csv.get_data(as_text=True)
    assert "# Dataset version" in body or "dataset" in body.lower()
    assert "Stunting prevalence above 14 %" in body
    xlsx = client.get("/export/alerts.xlsx?lang=id")
    book = load_workbook(io.BytesIO(xlsx.data))
    assert len(book.sheetnames) == 2
    assert client.get("/export/alerts.csv?status=maybe").status_code == 400


def test_wall_header_shows_the_banner(app):
    client = client_as(app, None)
    text = text_of(response_of(render_page(app, client, "/wall")))
    assert "peringatan" in text
    assert "Prevalensi stunting balita" in text


def test_rules_editor_is_for_admins_only(app, settings):
    editor = client_as(app, "eddie")
    assert "Aturan peringatan" not in text_of(response_of(render_page(app, editor)))
    before = settings.alerts_path.read_text("utf-8")
    refused = response_of(
        post(app, editor, "admin-alerts-save.n_clicks",
             {"admin-alerts-save.n_clicks": 1, "admin-alerts-text.value": ONE_RULE,
              "admin-lang.data": "en"}),
    )  # fmt: skip
    assert "Only admins" in text_of(refused)
    assert settings.alerts_path.read_text("utf-8") == before
    admin = client_as(app, "ada")
    assert "Aturan peringatan" in text_of(response_of(render_page(app, admin)))
    # without the CSRF header the callback is refused
    bare = admin.post("/_dash-update-component", json={"output": "x", "inputs": []})
    assert bare.status_code in (400, 403)


def test_malformed_rules_are_named_and_change_nothing(app, settings):
    admin = client_as(app, "ada")
    before = settings.alerts_path.read_text("utf-8")
    bad = ONE_RULE.replace("below = 90", "below = 90\nabove = 95")
    checked = text_of(response_of(
        post(app, admin, "admin-alerts-check.n_clicks",
             {"admin-alerts-check.n_clicks": 1, "admin-alerts-text.value": bad,
              "admin-lang.data": "en"}),
    ))  # fmt: skip
    assert "alerts.toml, rule sampah-rendah, field below/above: give exactly one" in checked
    saved = text_of(response_of(
        post(app, admin, "admin-alerts-save.n_clicks",
             {"admin-alerts-save.n_clicks": 1, "admin-alerts-text.value": bad,
              "admin-lang.data": "en"}),
    ))  # fmt: skip
    assert "Not saved" in saved
    assert settings.alerts_path.read_text("utf-8") == before


def test_saved_rules_and_a_new_version_move_the_history(app, settings):
    admin = client_as(app, "ada")
    saved = response_of(
        post(app, admin, "admin-alerts-save.n_clicks",
             {"admin-alerts-save.n_clicks": 1, "admin-alerts-text.value": ONE_RULE,
              "admin-lang.data": "en"}),
    )  # fmt: skip
    assert "Saved: 1 rules" in text_of(saved)
    assert settings.alerts_path.read_text("utf-8") == ONE_RULE
    audit = [e for e in read_audit(settings.DATA_DIR) if e.get("action") == "alerts"]
    assert audit[-1]["who"] == "ada"
    assert audit[-1]["rules"] == 1

    client = client_as(app, None)
    active = api(client, "status=active")
    assert [r["rule_id"] for r in active] == ["sampah-rendah"]
    ended = {r["rule_id"] for r in api(client, "status=ended")}
    assert "stunting-tinggi" in ended  # the old rules' alerts ended when the rules changed

    # a new dataset version with Bekasi's managed waste at 95 % ends the alert
    store = DataStore(settings.DATA_DIR)
    dataset = store.load()
    obs = dataset.observations.copy()
    latest = obs[(obs["region_code"] == "32.16") & (obs["indicator_id"] == "env_waste")][
        "period"
    ].max()
    mask = (
        (obs["region_code"] == "32.16")
        & (obs["indicator_id"] == "env_waste")
        & (obs["period"] == latest)
    )
    obs.loc[mask, ["value", "source"]] = [95.0, "Dinas LH (uji)"]
    with store.dataset.lock():
        manifest = store.save_dataset(obs, dataset.programme, kind="import", who="test")
    rows = api(client, "region=32.16")
    waste = [r for r in rows if r["rule_id"] == "sampah-rendah"]
    assert len(waste) == 1
    assert waste[0]["status"] == "ended"
    assert waste[0]["ended_version"] == manifest.version
    assert waste[0]["started_version"] == 1
    # the history survives a restart: a fresh app reads it from DATA_DIR
    again = create_app(settings).server.test_client()
    assert any(r["rule_id"] == "sampah-rendah" and r["status"] == "ended"
               for r in api(again, "region=32.16"))  # fmt: skip
    frame = pd.DataFrame(api(client))
    assert set(frame["status"]) <= {"active", "ended"}
