"""Two app instances (two DATA_DIRs, as two hosts) on one PostgreSQL store, through the real app.

A user added on one host signs in on the other; a file uploaded and checked on host A imports on
host B; the new version is served by A within two seconds; PostgreSQL going away leaves both
hosts serving what they loaded, saying so, and they pick up again when it is back.
"""

from __future__ import annotations

import time

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.i18n import t
from tests.integration.auth_helpers import add_user
from tests.integration.test_admin import (
    GOOD,
    PASSWORD,
    client_as,
    import_staged,
    render_page,
    response_of,
    text_of,
    upload,
)


def _settings(tmp_path, host: str, url: str) -> Settings:
    return Settings(
        DATA_DIR=tmp_path / host,
        DATABASE_URL=url,
        COOKIE_SECURE=False,
        RATE_LIMIT_LOGIN="1000 per hour",
    )


def _wait(check, seconds: float, what: str) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, what
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_two_hosts_share_one_postgresql_store(pg_proxy, tmp_path):
    first, second = _settings(tmp_path, "a", pg_proxy.url), _settings(tmp_path, "b", pg_proxy.url)
    host_a = create_app(first)
    add_user(first, "eddie", "editor", PASSWORD)  # added through host A's settings
    host_b = create_app(second)
    for app in (host_a, host_b):
        app.server.config["REPOSITORY"].store.poll_s = 0.2
        app.server.test_client().get("/")
    editor_a, editor_b = client_as(host_a, "eddie"), client_as(host_b, "eddie")  # signs in on B

    raw = (GOOD / "long_comma_utf8.csv").read_bytes()
    staged = response_of(upload(host_a, editor_a, raw, "baik.csv"))["admin-staged"]["data"]
    assert staged["ok"] is True  # checked on A
    out = response_of(import_staged(host_b, editor_b, staged))  # imported on B
    assert "2" in text_of(out)
    for app in (host_a, host_b):
        health = app.server.test_client()
        _wait(
            lambda h=health: h.get("/healthz").get_json()["dataset_version"] == 2,
            2.0,
            "a host did not serve version 2 within 2 s",
        )
    audit = host_a.server.config["REPOSITORY"].store.read_audit()
    assert [e["action"] for e in audit] == ["seed", "import"]
    assert audit[-1]["who"] == "eddie"

    pg_proxy.stop()  # PostgreSQL goes away
    for app in (host_a, host_b):
        client = app.server.test_client()
        _wait(
            lambda c=client: c.get("/healthz").get_json()["status"] == "degraded",
            5.0,
            "health did not notice the outage",
        )
        body = client.get("/healthz").get_json()
        assert (body["reason"], body["dataset_version"]) == ("store_unreachable", 2)
        assert client.get("/").status_code == 200
        page = response_of(render_page(app, client, "/"))
        assert "degraded-banner" in str(page)
        assert t("degraded.store_unreachable", "id", version=2, loaded_at="")[:30] in text_of(page)

    pg_proxy.start()
    for app in (host_a, host_b):
        client = app.server.test_client()
        _wait(lambda c=client: c.get("/healthz").get_json()["status"] == "ok", 5.0, "no recovery")
