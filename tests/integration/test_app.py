"""The app over HTTP with the Flask test client: pages, health, offline assets, callbacks, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import dashboard
from dashboard import ids
from tests.integration.conftest import dash_post, router_body

PAGES = [
    "/",
    "/wilayah/32.16",
    "/wilayah/3216",
    "/wilayah/32",
    "/wilayah/99.99",
    "/bandingkan",
    "/indikator",
    "/program",
    "/tidak-ada",
]
EXTERNAL = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+url\(\s*["']?https?:""",
    re.I,
)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["", "?lang=en"])
def test_every_page_answers(client, path, lang):
    response = client.get(path + lang)
    assert response.status_code == 200
    assert b"_dash-app-content" in response.data or b"react-entry-point" in response.data


def test_healthz_reports_dataset_and_boundaries(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["dataset_version"] == 1
    assert body["data_as_of"] == 2025
    assert body["boundary_source"] == "tile map"
    assert body["synthetic"] is True
    assert body["app_version"]


def test_no_page_or_asset_refers_to_an_external_origin(client):
    index = client.get("/").data.decode()
    assert not EXTERNAL.search(index), EXTERNAL.search(index)
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', index)
    assert any(a.split("?")[0].endswith(".css") for a in assets)
    assert any("10-kc.js" in a for a in assets)
    # Library bundles contain URL strings in code paths we do not use (the vendored plotly.js
    # bundle's modebar logo links to plotly.com; our graphs set displaylogo False); the browser
    # tests watch the network for any real external request. Our own files and stylesheets must
    # have none.
    vendored = ("/_dash-component-suites/", "/assets/05-plotly-partial.min.js")
    for asset in [a for a in assets if not a.startswith(vendored)]:
        text = client.get(asset).data.decode("utf-8", "replace")
        match = EXTERNAL.search(text)
        assert match is None, f"{asset} loads {text[match.start() : match.start() + 80]!r}"


def test_layout_of_every_page_has_no_external_urls(client):
    for path in PAGES:
        layout = client.get("/_dash-layout").data.decode()
        assert "googleapis" not in layout
        assert "cdn." not in layout, path


def test_geometry_is_404_until_boundaries_are_imported(client):
    assert client.get("/geometry/regency.geojson").status_code == 404
    assert client.get("/geometry/world.geojson").status_code == 404
    traversal = client.get("/geometry/../../etc/passwd.geojson")
    assert b"root:" not in traversal.data  # resolved to an app page, never to a file


# The overview panels callback: every output, and the key Dash posts for them.
PANELS_OUTPUTS = [
    {"id": "overview-badge-holder", "property": "children"},
    {"id": "overview-subtitle", "property": "children"},
    {"id": ids.OVERVIEW_ALERT, "property": "children"},
    {"id": ids.KPI_ROW, "property": "children"},
    {"id": ids.MAP_CAPTION, "property": "children"},
    {"id": ids.RANKING_CHART, "property": "figure"},
    {"id": ids.DISTRIBUTION_CHART, "property": "figure"},
    {"id": "overview-about", "property": "children"},
]
PANELS_KEY = (
    "..overview-badge-holder.children...overview-subtitle.children...overview-alert.children..."
    "kpi-row.children...map-caption.children...ranking-chart.figure...distribution-chart.figure..."
    "overview-about.children.."
)


def _overview_inputs(measure="composite", period=2024, province="all", mode="tile"):
    return [
        {"id": ids.INDICATOR_SELECT, "property": "value", "value": measure},
        {"id": ids.PERIOD_SELECT, "property": "value", "value": period},
        {"id": ids.PROVINCE_SELECT, "property": "value", "value": province},
        {"id": ids.MAP_MODE, "property": "value", "value": mode},
    ]


def test_map_callback_sends_a_small_values_only_patch(client):
    response = dash_post(
        client,
        f"{ids.READINESS_MAP}.figure",
        _overview_inputs("gov_spbe", 2023),
        state=[{"id": "overview-lang", "property": "data", "value": "id"}],
        outputs={"id": ids.READINESS_MAP, "property": "figure"},
    )
    assert response.status_code == 200
    figure = response.get_json()["response"][ids.READINESS_MAP]["figure"]
    assert figure["__dash_patch_update"] == "__dash_patch_update"
    assert len(response.data) <= 10_240, len(response.data)
    paths = {json.dumps(op["location"]) for op in figure["operations"]}
    assert not any("geojson" in p for p in paths)


def test_panels_callback_returns_ranking_and_kpis(client):
    response = dash_post(
        client,
        PANELS_KEY,
        _overview_inputs("composite", 2024, "32")[:3],
        state=[{"id": "overview-lang", "property": "data", "value": "en"}],
        outputs=PANELS_OUTPUTS,
    )
    assert response.status_code == 200, response.data[:500]
    body = response.get_json()["response"]
    ranking = body[ids.RANKING_CHART]["figure"]
    assert "32.16" in json.dumps(ranking)  # the home region is always in the ranking
    assert "Jawa Barat" in json.dumps(body["overview-subtitle"]["children"])
    assert len(response.data) <= 60_000


def _about_text(client, measure: str, lang: str) -> str:
    response = dash_post(
        client,
        PANELS_KEY,
        _overview_inputs(measure, 2024)[:3],
        state=[{"id": "overview-lang", "property": "data", "value": lang}],
        outputs=PANELS_OUTPUTS,
    )
    assert response.status_code == 200, response.data[:500]
    return json.dumps(response.get_json()["response"]["overview-about"]["children"])


def test_about_panel_never_puts_a_publisher_on_synthetic_values(client):
    # liv_water's official source is BPS, but the sample's water values are synthetic
    water = _about_text(client, "liv_water", "en")
    assert "Source of the values shown" in water
    assert "sample data (synthetic)" in water
    assert "not BPS data" in water
    # the poverty rate is real (shipped BPS table): publisher and table named, no warning
    poverty = _about_text(client, "eco_poverty", "en")
    assert "BPS \\u2014 Persentase Penduduk Miskin (P0)" in poverty  # JSON-escaped dash
    assert "synthetic" not in poverty
    # GRDP per capita is real BPS data in the sample: its publisher is named, no warning
    grdp = _about_text(client, "eco_grdp_pc", "id")
    assert "BPS" in grdp
    assert "bukan data" not in grdp
    # a score names the publishers of its indicators and the synthetic part
    composite = _about_text(client, "composite", "id")
    assert "Dihitung dari indikator bersumber" in composite
    assert "BPS" in composite
    assert "data contoh (sintetis)" in composite


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"{}",
        b'{"output": "readiness-map.figure", "inputs": "oops"}',
        b'{"output": "no-such.figure", "inputs": [], "changedPropIds": []}',
    ],
)
def test_malformed_callback_requests_leak_no_traceback(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    text = response.data.decode("utf-8", "replace")
    assert response.status_code >= 400
    assert "Traceback" not in text
    assert 'File "' not in text
    assert "site-packages" not in text


def test_a_failing_callback_shows_an_alert_with_a_request_id_and_no_traceback(client, monkeypatch):
    from dashboard.pages import overview

    client.get("/")  # the first request builds the validation layout with the real panels

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail /srv/path")

    monkeypatch.setattr(overview, "_cached_panels", broken)
    response = dash_post(
        client,
        PANELS_KEY,
        _overview_inputs()[:3],
        state=[{"id": "overview-lang", "property": "data", "value": "id"}],
        outputs=PANELS_OUTPUTS,
    )
    text = response.data.decode()
    assert "secret internal detail" not in text
    assert "Traceback" not in text
    body = response.get_json()
    alert = json.dumps(body.get("sideUpdate", {}))
    assert "page-alert" in alert
    assert re.search(r"kode [0-9a-f]{8}", alert)


def test_every_app_in_the_process_gets_every_page_callback(app, tmp_path):
    """Tests and CLI exports build several apps: each must answer every page's callbacks."""
    from dashboard.app import create_app
    from dashboard.config import Settings

    other = create_app(Settings(DATA_DIR=tmp_path / "instance"))
    for each in (app, other):
        each.server.test_client().get("/")  # Dash's own first-request setup
    assert set(other.callback_map) == set(app.callback_map)
    assert other.csp_hashes() == app.csp_hashes()  # the same clientside callbacks' inline JS
    outputs = " ".join(other.callback_map)
    for expected in (
        ids.READINESS_MAP,  # overview
        "profile-body",  # region
        "briefing-download",  # the region's briefing download
        ids.URL,  # common: language switch and profile links
        "navbar-collapse",  # common
        "admin-",  # admin sections
        '"type":"wall-graph"',  # wall
    ):
        assert expected in outputs


def test_no_module_uses_dash_private_callback_lists():
    """Pages declare callbacks with dashboard.pages.callbacks, never through dash._callback."""
    package = Path(dashboard.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "_callback import" in path.read_text(encoding="utf-8")
        or "import _callback" in path.read_text(encoding="utf-8")
        or "dash._callback" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_dash_answers_are_plotly_json_byte_for_byte(client, monkeypatch):
    """Every page's layout (components, figures, tables) as plotly's encoder writes it."""
    import plotly.io.json
    from plotly.io._json import to_json_plotly

    from dashboard.web import dash_json

    compared, different = [], []

    def both(value):
        ours = dash_json.to_json(value)
        compared.append(len(ours))
        if ours != to_json_plotly(value):
            different.append(str(value)[:200])
        return ours

    assert plotly.io.json.to_json_plotly is dash_json.to_json  # create_app installed it
    monkeypatch.setattr(plotly.io.json, "to_json_plotly", both)
    paths = ["/", "/?mode=geo", "/indikator", "/bandingkan", "/data", "/program", "/wilayah/3273"]
    for path in paths:
        pathname, _, search = path.partition("?")
        answer = client.post("/_dash-update-component", json=router_body(pathname, search))
        assert answer.status_code == 200, path
    assert len(compared) >= len(paths)  # and the page bodies cached as JSON (frozen_children)
    assert min(compared) > 1000
    assert different == []
