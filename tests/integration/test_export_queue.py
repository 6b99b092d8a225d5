"""REDIS_URL: exports built by a real ``python -m dashboard worker`` process through the queue;
Redis unreachable -> 503 "export queue unavailable" at once."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time

import pytest

from dashboard.app import create_app
from dashboard.config import PROJECT_DIR, Settings
from dashboard.exports import render
from tests.redis_fixtures import closed_port_url, redis_prefix, redis_url  # noqa: F401

pytestmark = pytest.mark.skipif(not render.available(), reason="no Chromium for export workers")
DECK = "/export/briefing/3216.pptx?lang=en"


@pytest.fixture
def queued(tmp_path, redis_url, redis_prefix):  # noqa: F811
    """An app with the queue and one worker process on the same DATA_DIR."""
    settings = Settings(
        DATA_DIR=tmp_path / "instance",
        REDIS_URL=redis_url,
        REDIS_PREFIX=redis_prefix,
        EXPORT_WAIT_SECONDS=90.0,
    )
    app = create_app(settings)  # seeds the sample dataset the worker then reads
    env = {
        **os.environ,
        "DATA_DIR": str(settings.DATA_DIR),
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": redis_prefix,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "worker", "--processes", "1"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _wait_for_worker(redis_url, f"{redis_prefix}-exports", worker)
    yield app, settings
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _wait_for_worker(url: str, queue_name: str, worker: subprocess.Popen) -> None:
    import redis
    from rq import Queue, Worker

    queue = Queue(queue_name, connection=redis.Redis.from_url(url))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Worker.all(queue=queue):
            return
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.1)
    raise AssertionError("the export worker did not register within 60 s")


def test_a_deck_is_built_by_the_worker_process_and_streamed(queued):
    app, _ = queued
    response = app.server.test_client().get(DECK)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.data[:2] == b"PK"  # a PPTX is a zip
    assert "_32.16_kab-bekasi_" in response.headers["Content-Disposition"]


def test_beyond_the_wait_a_script_gets_202_and_polls_the_job(queued):
    app, settings = queued
    app.server.config["SETTINGS"] = dataclasses.replace(settings, EXPORT_WAIT_SECONDS=0.0)
    client = app.server.test_client()
    accepted = client.get(DECK, headers={"Accept": "application/json"})
    assert accepted.status_code == 202
    body = accepted.get_json()
    assert body["state"] in ("queued", "building")
    assert accepted.headers["Location"] == body["status"]
    deadline = time.monotonic() + 120
    while True:
        status = client.get(body["status"]).get_json()
        assert status["state"] in ("queued", "building", "ready"), status
        if status["state"] == "ready" or time.monotonic() > deadline:
            break
        assert status["message"].startswith(("Queued", "Building"))
        time.sleep(0.2)
    assert status["state"] == "ready"
    file = client.get(status["file"])
    assert file.status_code == 200
    assert file.data[:2] == b"PK"
    # a browser is sent to the progress page, which moves on to the file when it is ready
    page = client.get(body["status"], headers={"Accept": "text/html"})
    assert (page.status_code, page.headers["Location"]) == (303, status["file"])


def test_unknown_or_malformed_jobs_are_404(queued):
    client = queued[0].server.test_client()
    assert client.get("/export/job/not-a-job").status_code == 404
    missing = client.get("/export/job/503413ae-b614-4561-b9d8-1df69a1d0bb7?lang=en")
    assert missing.status_code == 404
    assert "no longer available" in missing.get_json()["message"]


def test_redis_down_answers_503_export_queue_unavailable_at_once(tmp_path):
    settings = Settings(DATA_DIR=tmp_path / "instance", REDIS_URL=closed_port_url())
    client = create_app(settings).server.test_client()
    started = time.monotonic()
    plain = client.get(DECK)
    as_json = client.get(
        "/export/chart/peringkat.png?lang=en", headers={"Accept": "application/json"}
    )
    assert time.monotonic() - started < 10  # nothing hangs
    assert plain.status_code == 503
    assert "export queue is unavailable" in plain.get_data(as_text=True)
    assert int(plain.headers["Retry-After"]) > 0
    assert as_json.status_code == 503
    assert as_json.get_json()["error"] == "export_queue_unavailable"
    # data exports do not need the queue
    assert client.get("/export/data/peringkat.csv").status_code == 200
