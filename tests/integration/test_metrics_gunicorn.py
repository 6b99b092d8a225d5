"""Under gunicorn (2 workers): /metrics adds up every worker (multiprocess mode) and
LOG_FORMAT=json makes every server line, access lines included, one JSON object."""

from __future__ import annotations

import json
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from tests.browser.conftest import Server

TOKEN = "gunicorn-metrics-token-0123"


def _get(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode(), dict(response.headers)


def test_metrics_of_all_workers_and_json_logs(tmp_path):
    env = {
        "METRICS_TOKEN": TOKEN,
        "LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
    }
    (tmp_path / "prom").mkdir()
    (tmp_path / "prom" / "counter_999999.db").write_bytes(b"stale")  # a previous run's file
    server = Server(tmp_path / "instance", env=env).start()
    try:
        ids = []
        for i in range(40):
            _, _, headers = _get(server.url + "/healthz", {"X-Request-ID": f"metrics-{i:04d}"})
            ids.append(headers["X-Request-ID"])
        _, text, _ = _get(server.url + "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    finally:
        server.stop()
    samples = [s for family in text_string_to_metric_families(text) for s in family.samples]
    healthz = sum(
        s.value
        for s in samples
        if s.name == "kc_http_requests_total" and s.labels.get("route") == "/healthz"
    )
    assert healthz >= 40  # the start-up check of the Server fixture adds its own
    pids = {p.name.split("_")[-1] for p in (tmp_path / "prom").glob("counter_*.db")}
    assert "999999.db" not in pids  # emptied at start
    assert len(pids) >= 2  # the master and the workers write their own files; one scrape adds up
    lines = [line for line in server.log.read_text().splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # every line is JSON
    access = [
        x for x in parsed if x["logger"] == "dashboard.access" and x.get("route") == "/healthz"
    ]
    assert {x["request_id"] for x in access} >= set(ids)
    assert all(x["status"] == 200 and x["duration_ms"] >= 0 for x in access)
    assert any(x["logger"] == "gunicorn.error" for x in parsed)
