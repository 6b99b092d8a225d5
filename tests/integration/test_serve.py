"""Exports under load (issue 17 point 3): a host-wide render gate answering 503 + Retry-After,
rate counters shared by every worker of a host, thread-safe snapshot caches."""

from __future__ import annotations

import dataclasses
import json
import threading
import time

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.exports import render
from dashboard.security.limits import RateLimits

needs_chromium = pytest.mark.skipif(not render.available(), reason="Chromium not installed")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("serve") / "instance",
        RENDER_SLOTS=1,
        RENDER_QUEUE_SECONDS=0.2,
        RATE_LIMIT_EXPORT="10000 per minute",
    )
    return create_app(settings)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def full_gate(app):
    """Every render slot of the host taken (as by exports in other workers)."""
    gate = app.server.extensions["kc_render_gate"]
    with gate.slot():
        yield gate


@needs_chromium
@pytest.mark.parametrize(
    "url",
    ["/export/chart/peta-kesiapan.png", "/export/briefing/32.16.pdf"],
)
def test_a_saturated_host_answers_503_with_retry_after(client, full_gate, url):
    response = client.get(url + "?lang=en")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert response.headers["Cache-Control"] == "no-store"
    assert "busy making other exports" in response.get_data(as_text=True)


@needs_chromium
def test_the_busy_answer_suits_the_client(client, full_gate):
    as_json = client.get("/export/chart/peringkat.png", headers={"Accept": "application/json"})
    assert as_json.status_code == 503
    assert json.loads(as_json.data) == {
        "error": "busy",
        "message": "Server sedang sibuk membuat ekspor lain. Coba lagi dalam 1 detik.",
        "retry_after": 1,
    }
    page = client.get("/export/chart/peringkat.png", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html"
    assert '<meta http-equiv="refresh" content="1">' in page.get_data(as_text=True)


def test_data_exports_do_not_need_a_render_slot(client, full_gate):
    assert client.get("/export/data/peringkat.csv").status_code == 200


def test_the_export_limit_follows_the_render_slots():
    assert Settings(RENDER_SLOTS=1).export_rate_limit == "10 per minute"
    assert Settings(RENDER_SLOTS=3).export_rate_limit == "30 per minute"
    assert Settings(RATE_LIMIT_EXPORT="5 per minute").export_rate_limit == "5 per minute"
    assert Settings().render_slots >= 1


def test_rate_counters_are_shared_by_workers_and_survive_a_restart(tmp_path):
    settings = Settings(DATA_DIR=tmp_path, RATE_LIMIT_EXPORT="3 per minute")
    worker_a, worker_b = RateLimits(settings), RateLimits(settings)
    assert worker_a.hit("export", "10.0.0.1")
    assert worker_b.hit("export", "10.0.0.1")
    assert worker_a.hit("export", "10.0.0.1")
    assert not worker_b.hit("export", "10.0.0.1")  # the third hit was in the other worker
    assert 1 <= worker_b.retry_after("export", "10.0.0.1") <= 60
    restarted = RateLimits(settings)  # a killed and respawned worker
    assert not restarted.hit("export", "10.0.0.1")
    assert restarted.hit("export", "10.0.0.2")  # per client address


def test_rate_counters_hold_under_concurrent_threads(tmp_path):
    limits = RateLimits(Settings(DATA_DIR=tmp_path, RATE_LIMIT_EXPORT="25 per minute"))
    results: list[bool] = []

    def burst():
        for _ in range(10):
            results.append(limits.hit("export", "client"))

    threads = [threading.Thread(target=burst) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 25


def test_snapshot_memo_computes_once_under_threads(app):
    snap = app.server.config["REPOSITORY"].snapshot()
    snap = dataclasses.replace(snap, _memo={}, _key_locks={})
    calls: list[int] = []

    def slow():
        calls.append(1)
        time.sleep(0.05)
        return "value"

    threads = [threading.Thread(target=snap.memo, args=(("test-key",), slow)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1]
    assert snap.memo(("test-key",), slow) == "value"


def test_the_profile_briefing_button_says_busy_when_the_host_is_saturated(client, full_gate):
    from dashboard.components import briefing_button
    from tests.integration.conftest import BUTTON_OUTPUT, BUTTON_OUTPUTS, dash_post

    response = dash_post(
        client,
        BUTTON_OUTPUT,
        [{"id": briefing_button.BUTTON, "property": "n_clicks", "value": 1}],
        state=[
            {"id": briefing_button.FORMAT, "property": "value", "value": "pdf"},
            {
                "id": briefing_button.TARGET,
                "property": "data",
                "value": {"code": "32.75", "period": 2024, "lang": "en"},
            },
        ],
        outputs=BUTTON_OUTPUTS,
    )
    assert response.status_code == 200
    body = response.get_json()["response"]
    assert briefing_button.DOWNLOAD not in body
    assert "busy making other exports" in json.dumps(body[briefing_button.ALERT])


def test_workers_start_with_every_component_bundle_registered(tmp_path):
    """gunicorn forks workers from the app create_app returns: a script request that reaches a
    fresh worker before any page does must find its bundle registered (no 404 mid-page)."""
    app = create_app(Settings(DATA_DIR=tmp_path / "instance"))
    before_any_request = {name: set(paths) for name, paths in app.registered_paths.items()}
    assert app.server.test_client().get("/").status_code == 200
    after_a_page = {name: set(paths) for name, paths in app.registered_paths.items()}
    assert {"dash", "dash_ag_grid", "dash_bootstrap_components"} <= set(before_any_request)
    assert before_any_request == after_a_page
