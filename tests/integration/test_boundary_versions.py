"""A boundary import makes a new snapshot: pages, the wall and every route follow it at once.

Two imports under the same dataset version; everything must show the second one (geometry URL,
served file, versions reported), never a cached first.
"""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.imports.boundaries import import_boundaries
from tests.boundary_files import squares_file
from tests.integration.conftest import router_body

FIRST = ["32.16", "32.75", "32.15"]
SECOND = ["32.16", "32.75", "32.15", "32.17", "32.18"]


def _import(app, regions, codes: list[str], path) -> int:
    store = app.server.config["REPOSITORY"].store
    squares_file(regions, codes, path)
    manifest, _ = import_boundaries(store, path, level="regency", regions=regions, who="test")
    return manifest.version


@pytest.fixture
def reimported(tmp_path, regions):
    """An app whose boundaries were imported twice; each route already seen after the first."""
    app = create_app(Settings(DATA_DIR=tmp_path / "instance"))
    client = app.server.test_client()
    first = _import(app, regions, FIRST, tmp_path / "first.geojson")
    assert client.get(f"/geometry/regency.geojson?v={first}").status_code == 200
    assert _page(client, "/", "?mode=geo").count(f"regency.geojson?v={first}") >= 1
    second = _import(app, regions, SECOND, tmp_path / "second.geojson")
    return app, client, first, second


def _page(client, path: str, search: str = "") -> str:
    response = client.post("/_dash-update-component", json=router_body(path, search))
    assert response.status_code == 200
    return json.dumps(response.get_json())  # plotly's encoder writes "/" as "\\/"


def test_overview_page_links_the_new_geometry(reimported):
    _, client, first, second = reimported
    text = _page(client, "/", "?mode=geo")
    assert f"/geometry/regency.geojson?v={second}" in text
    assert f"regency.geojson?v={first}" not in text


def test_wall_state_and_health_report_the_new_boundary_version(reimported):
    _, client, _, second = reimported
    state = client.get("/wall/state").get_json()
    assert (state["version"], state["boundary_version"]) == (1, second)
    health = client.get("/healthz").get_json()
    assert health["dataset_version"] == 1
    assert health["boundary_version"] == second
    assert health["boundary_source"] == f"imported, boundary version {second}"


def test_geometry_route_serves_the_new_file_immutable_only_for_its_version(reimported):
    _, client, first, second = reimported
    current = client.get(f"/geometry/regency.geojson?v={second}")
    codes = sorted(f["properties"]["code"] for f in json.loads(current.data)["features"])
    assert codes == sorted(SECOND)
    assert "immutable" in current.headers["Cache-Control"]
    unversioned = client.get("/geometry/regency.geojson")
    assert unversioned.data == current.data
    assert unversioned.headers["Cache-Control"] == "no-cache"
    stale = client.get(f"/geometry/regency.geojson?v={first}")
    assert stale.data == current.data
    assert stale.headers["Cache-Control"] == "no-cache"


def test_wall_page_and_its_refresh_use_the_new_geometry(reimported):
    app, client, first, second = reimported
    text = _page(client, "/wall", "?scenes=peta,sorotan")
    assert f"/geometry/regency.geojson?v={second}" in text
    assert f"regency.geojson?v={first}" not in text
    assert f'"boundaries": {second}' in text
    assert f'"data-boundary-version": "{second}"' in text

    from dashboard.pages import wall

    config = {"scenes": ["peta"], "region": "32.16", "lang": "id", "interval": 30}
    with app.server.test_request_context("/wall"):
        figures, _, shown = wall.refresh_wall_on_new_version(
            {"dataset": 1, "boundaries": second},
            [{"type": "wall-graph", "key": "peta-map"}],
            [],
            config,
            0,
        )
    urls = {trace["geojson"] for trace in figures[0]["data"] if trace["type"] == "choropleth"}
    assert urls == {f"/geometry/regency.geojson?v={second}"}
    assert shown["boundaries"][1] == second  # what was drawn goes back to the wall


def test_spotlight_sends_the_whole_map_to_a_wall_that_has_old_boundaries(reimported):
    app, _, first, second = reimported
    from dash import Patch

    from dashboard.data.views.wall import position
    from dashboard.pages import wall

    config = {"scenes": ["sorotan"], "region": "32.16", "lang": "id", "interval": 30}
    with app.server.test_request_context("/wall"):
        drawn = position(app.server.config["REPOSITORY"].snapshot())  # what the wall shows
        older = {**drawn, "boundaries": [drawn["boundaries"][0] - 1, first]}
        current = wall.advance_spotlight(1, config, drawn)
        stale = wall.advance_spotlight(1, config, older)
    assert isinstance(current[0], Patch)
    urls = {trace.geojson for trace in stale[0].data if trace.type == "choropleth"}
    assert urls == {f"/geometry/regency.geojson?v={second}"}
