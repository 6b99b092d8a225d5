"""Degraded start (SPEC R2): a store with no intact version, or with broken versions, still serves.

No intact dataset version at all: every page shows its "no data" state and the banner saying why
(both languages), exports and the API answer 503 with one sentence, ``/healthz`` says
``degraded``/``no_data`` and which version it skipped; an import (CLI or ``/admin``) repairs it and
the same app serves the new data without a restart. Some versions broken: the last intact one.
"""

from __future__ import annotations

import json
import shutil

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.framework import load_framework
from dashboard.data.imports.indicators import ensure_seeded, import_indicators
from dashboard.data.regions import RegionIndex
from dashboard.data.store.datasets import DataStore
from dashboard.i18n import t
from tests.integration.auth_helpers import add_user
from tests.integration.test_admin import (
    GOOD,
    PASSWORD,
    client_as,
    import_staged,
    post,
    render_page,
    response_of,
    text_of,
    upload,
)

PAGES = (
    "/",
    "/wilayah/32.16",
    "/wilayah/32.16/kecamatan",
    "/bandingkan",
    "/indikator",
    "/data",
    "/program",
)


@pytest.fixture(scope="module")
def regions():
    return RegionIndex.from_file()


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def _broken_store(tmp_path, regions, framework, *, how: str) -> Settings:
    """A DATA_DIR whose only dataset version is corrupt (``how="corrupt"``) or gone ("missing")."""
    settings = Settings(
        DATA_DIR=tmp_path / "instance", COOKIE_SECURE=False, RATE_LIMIT_LOGIN="1000 per hour"
    )
    store = DataStore(settings.DATA_DIR)
    ensure_seeded(store, regions, framework)
    folder = store.dataset.version_dir(1)
    if how == "corrupt":
        (folder / "observations.parquet").write_bytes(b"not parquet at all")
    else:
        shutil.rmtree(folder)
    return settings


@pytest.mark.parametrize("how", ["corrupt", "missing"])
def test_no_intact_version_starts_degraded_and_every_route_says_so(
    tmp_path, regions, framework, how
):
    settings = _broken_store(tmp_path, regions, framework, how=how)
    app = create_app(settings)  # used to refuse: "the dataset store holds no version yet"
    client = app.server.test_client()
    versions = sorted(p.name for p in (settings.DATA_DIR / "dataset" / "versions").iterdir())
    assert versions == (["000001"] if how == "corrupt" else [])  # no sample seeded over it

    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.get_json()
    assert (body["status"], body["reason"], body["dataset_version"]) == (
        "degraded",
        "no_data",
        None,
    )
    assert body["skipped_versions"] == [1]
    assert "problem" not in body  # details for admins only

    for lang in ("id", "en"):
        for path in PAGES:
            layout = text_of(response_of(render_page(app, client, path, f"?lang={lang}")))
            assert t("degraded.no_data_title", lang) in layout, (path, lang)
            assert t("degraded.no_data", lang) in layout, (path, lang)  # the banner
            assert "Traceback" not in layout
    wall = client.get("/wall")
    assert wall.status_code == 200
    wall_layout = text_of(response_of(render_page(app, client, "/wall", "?lang=en")))
    assert t("degraded.wall_no_data", "en") in wall_layout
    assert t("degraded.no_data", "en") in wall_layout  # the wall's banner
    state = client.get("/wall/state?lang=en").get_json()
    assert (state["version"], state["has_data"]) == (None, False)
    assert state["notice"] == t("degraded.no_data", "en")

    for url in ("/export/data/peringkat.csv", "/export/chart/peta-kesiapan.png"):
        answer = client.get(url)
        assert answer.status_code == 503, url
        assert answer.headers["Retry-After"]
        assert t("degraded.no_data", "id") in answer.get_data(as_text=True)
    api = client.get("/api/v1/observations?lang=en")
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "no_data"
    assert client.get("/api/v1/openapi.json").status_code == 200
    for path in ("/", "/wall", "/wall/state", "/healthz", "/search/regions?q=bek"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "Traceback" not in answer.get_data(as_text=True)

    # an admin reads why, on /healthz and on the page's banner
    add_user(settings, "ada", "admin", PASSWORD)
    admin = client_as(app, "ada")
    assert "no intact version" in admin.get("/healthz").get_json()["problem"]
    banner = text_of(response_of(render_page(app, admin, "/admin")))
    assert t("degraded.no_data", "id") in banner
    assert t("admin.step1", "id") in banner  # the workspace works: an import repairs the store

    # the CLI's import repairs it; the running app picks it up without a restart
    store = DataStore(settings.DATA_DIR)
    import_indicators(store, GOOD / "long_comma_utf8.csv", regions=regions, framework=framework)
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok", body
    assert body["dataset_version"] == 2
    assert client.get("/wall/state").get_json()["has_data"] is True
    layout = text_of(response_of(render_page(app, client, "/")))
    assert t("degraded.no_data_title", "id") not in layout
    assert client.get("/api/v1/regions").status_code == 200


def test_an_import_through_admin_repairs_a_store_without_data(tmp_path, regions, framework):
    settings = _broken_store(tmp_path, regions, framework, how="corrupt")
    app = create_app(settings)
    add_user(settings, "eddie", "editor", PASSWORD)
    editor = client_as(app, "eddie")
    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    staged = response_of(upload(app, editor, raw, "long_comma_utf8.csv"))["admin-staged"]["data"]
    assert staged, "the upload was not staged"
    response_of(import_staged(app, editor, staged))
    health = editor.get("/healthz").get_json()
    assert (health["status"], health["dataset_version"]) == ("ok", 2)
    assert editor.get("/api/v1/observations").status_code == 200


def test_some_versions_corrupt_the_last_intact_one_is_used(tmp_path, regions, framework):
    settings = Settings(DATA_DIR=tmp_path / "instance", COOKIE_SECURE=False)
    store = DataStore(settings.DATA_DIR)
    ensure_seeded(store, regions, framework)
    for _ in range(2):
        import_indicators(store, GOOD / "long_comma_utf8.csv", regions=regions, framework=framework)
    # version 3 (the pointer's) unreadable, version 2 with a file gone: version 1 serves
    (store.dataset.version_dir(3) / "observations.parquet").write_bytes(b"garbage")
    (store.dataset.version_dir(2) / "programme.parquet").unlink()
    app = create_app(settings)
    client = app.server.test_client()
    body = client.get("/healthz").get_json()
    assert (body["status"], body["reason"]) == ("degraded", "fallback_dataset_version")
    assert body["dataset_version"] == 1
    assert body["skipped_versions"] == [3]
    assert "parquet" not in json.dumps(body)
    layout = text_of(response_of(render_page(app, client, "/")))
    assert t("degraded.no_data_title", "id") not in layout  # data shows
    assert "degraded-banner" not in json.dumps(response_of(render_page(app, client, "/")))
    # a merge builds on what is intact and shown (version 1), never on the broken pointer
    outcome = import_indicators(
        store, GOOD / "long_comma_utf8.csv", regions=regions, framework=framework
    )
    assert outcome.manifest.info["base_version"] == 1
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_a_page_callback_does_nothing_while_there_is_no_data(tmp_path, regions, framework):
    """A wall or page open from before the data broke: its callbacks leave the screen as it is."""
    settings = _broken_store(tmp_path, regions, framework, how="corrupt")
    app = create_app(settings)
    client = app.server.test_client()
    client.get("/")
    answer = post(app, client, "briefing-button.n_clicks", {"briefing-button.n_clicks": 1})
    assert answer.status_code == 204, answer.get_data(as_text=True)[:300]
