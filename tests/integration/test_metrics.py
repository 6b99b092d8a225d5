"""``/metrics``: protected, bounded labels, and a scrape that prometheus_client's parser reads."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from dashboard.app import create_app
from dashboard.config import Settings
from tests.integration.conftest import ROUTER, router_body

TOKEN = "metrics-token-0123456789"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(
        DATA_DIR=tmp_path_factory.mktemp("metrics") / "instance", METRICS_TOKEN=TOKEN
    )
    return create_app(settings).server.test_client()


def scrape(client) -> dict[str, list]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    families = text_string_to_metric_families(response.get_data(as_text=True))
    return {family.name: family.samples for family in families}


def value(samples, name: str, **labels) -> float:
    return sum(
        s.value
        for s in samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )


def test_metrics_is_404_without_the_token_or_an_allowed_address(client):
    assert client.get("/metrics").status_code == 404
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope-nope-nope-nope"})
    assert wrong.status_code == 404
    assert "kc_http" not in wrong.get_data(as_text=True)


def test_allowed_network_reads_metrics_without_a_token(tmp_path):
    settings = Settings(
        DATA_DIR=tmp_path / "i",
        METRICS_ALLOW=Settings.from_env({"METRICS_ALLOW": "10.0.0.0/8"}).METRICS_ALLOW,
    )
    client = create_app(settings).server.test_client()
    inside = client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    outside = client.get("/metrics", environ_base={"REMOTE_ADDR": "192.168.1.9"})
    assert (inside.status_code, outside.status_code) == (200, 404)


def test_requests_callbacks_versions_and_cache_are_counted(client):
    before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code in (200, 503)
    client.get("/export/chart/no-such-chart.png")
    client.get("/does/not/exist/at/all")
    assert client.post("/_dash-update-component", json=router_body("/")).status_code == 200
    client.post("/_dash-update-component", json={"output": "made-up.children", "inputs": []})
    after = scrape(client)

    requests = after["kc_http_requests"]
    gained = value(requests, "kc_http_requests_total", route="/healthz", method="GET") - value(
        before.get("kc_http_requests", []), "kc_http_requests_total", route="/healthz", method="GET"
    )
    assert gained == 3
    routes = {s.labels["route"] for s in requests}
    assert "/export/chart/<filename>" in routes  # the template, never the raw file name
    assert not any("no-such-chart" in r or "does/not" in r for r in routes)
    latency = after["kc_http_request_duration_seconds"]
    assert value(latency, "kc_http_request_duration_seconds_count", route="/healthz") >= 3

    outputs = {s.labels["output"] for s in after["kc_dash_callbacks"]}
    assert ROUTER in outputs
    assert "made-up.children" not in outputs
    assert "other" in outputs
    assert (
        value(
            after["kc_dash_callback_duration_seconds"],
            "kc_dash_callback_duration_seconds_count",
            output=ROUTER,
        )
        >= 1
    )

    assert value(after["kc_dataset_version"], "kc_dataset_version") >= 1
    cache = after["kc_snapshot_cache"]
    assert value(cache, "kc_snapshot_cache_total", cache="memo", result="hit") > 0
    assert value(cache, "kc_snapshot_cache_total", cache="memo", result="miss") > 0


def test_exports_are_counted_per_kind(client):
    response = client.get("/export/data/peringkat.csv")
    assert response.status_code == 200
    samples = scrape(client)["kc_exports"]
    assert value(samples, "kc_exports_total", kind="data", outcome="ok") >= 1


def test_imports_are_counted_through_the_data_layer_observer(client, tmp_path):
    from dashboard.data import observe

    with observe.timed("import", kind="indicators"):
        pass
    with pytest.raises(RuntimeError), observe.timed("import", kind="indicators"):
        raise RuntimeError("refused")
    samples = scrape(client)
    assert value(samples["kc_imports"], "kc_imports_total", kind="indicators", outcome="ok") >= 1
    assert value(samples["kc_imports"], "kc_imports_total", kind="indicators", outcome="error") >= 1
    assert (
        value(
            samples["kc_import_duration_seconds"],
            "kc_import_duration_seconds_count",
            kind="indicators",
        )
        >= 1
    )


def test_pages_report_exports_through_the_data_layer_hook(client):
    from dashboard.data import observe

    before = value(scrape(client)["kc_exports"], "kc_exports_total", kind="briefing", outcome="ok")
    observe.emit("export", {"kind": "briefing", "outcome": "ok"}, 2.0)
    after = value(scrape(client)["kc_exports"], "kc_exports_total", kind="briefing", outcome="ok")
    assert after == before + 1
