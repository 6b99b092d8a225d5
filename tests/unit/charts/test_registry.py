"""The chart registry: every chart builds for its default query, on screen and as an export,
and every page's export menus list exactly the registry's charts of that page."""

from __future__ import annotations

import importlib

import plotly.graph_objects as go
import pytest

from dashboard.charts.formats import DATA_FORMATS, FORMATS, IMAGE_FORMATS, MIMETYPES
from dashboard.charts.query import resolve
from dashboard.charts.registry import (
    CHARTS,
    build_chart,
    chart_figure,
    charts_on,
    menu_links,
)
from dashboard.components.export_menu import menu_id
from tests.layout_tree import components

HOME = "32.16"
PAGES = {  # registry page -> (page module, layout arguments)
    "/": ("overview", {}),
    "/wilayah/<kode>": ("region", {"code": HOME}),
    "/wilayah/<kode>/kecamatan": ("districts", {"code": HOME}),
    "/bandingkan": ("compare", {}),
    "/indikator": ("catalogue", {}),
    "/program": ("programme", {}),
    "/data": ("data_coverage", {}),
}


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_builds_for_its_default_query(snap, name):
    chart = CHARTS[name]
    values = resolve(snap, chart.params, {}, home=HOME).values
    screen = chart_figure(name, snap, values, lang="id", home=HOME)
    assert isinstance(screen, go.Figure)
    assert screen.data
    export = build_chart(name, {}, snap=snap, lang="id", home=HOME)
    assert export.name == name
    assert [t.type for t in export.figure.data] == [t.type for t in screen.data]


def test_formats_and_mimetypes_are_declared_once():
    assert FORMATS == {"chart": IMAGE_FORMATS, "data": DATA_FORMATS}
    assert set(MIMETYPES) == {*IMAGE_FORMATS, *DATA_FORMATS}


def test_every_chart_is_on_a_known_page():
    assert {c.page for c in CHARTS.values()} == set(PAGES)
    assert sum(len(charts_on(page)) for page in PAGES) == len(CHARTS)


def test_menu_links_carry_the_filters_and_the_language():
    links = menu_links(
        "pilar", lang="en", default_lang="id", resolved={"period": 2024}, fixed={"kode": HOME}
    )
    assert links.keys == ("period",)
    assert [href for *_, href in links.items] == [
        "/export/chart/pilar.png?period=2024&kode=32.16&lang=en",
        "/export/chart/pilar.png?period=2024&kode=32.16&lang=en&scale=2",
        "/export/chart/pilar.svg?period=2024&kode=32.16&lang=en",
        "/export/chart/pilar.pdf?period=2024&kode=32.16&lang=en",
        "/export/data/pilar.csv?period=2024&kode=32.16&lang=en",
        "/export/data/pilar.xlsx?period=2024&kode=32.16&lang=en",
    ]


def _ids(component) -> list[str]:
    found = [getattr(component, "id", None)]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += _ids(child)
    return [i for i in found if isinstance(i, str)]


@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_menus_list_exactly_the_registry_charts(app, page):
    module_name, kwargs = PAGES[page]
    module = importlib.import_module(f"dashboard.pages.{module_name}")
    with app.server.test_request_context("/"):
        layout = components(module.layout(**kwargs))
    menus = [i for i in _ids(layout) if i.startswith("export-")]
    assert menus == [menu_id(name) for name in charts_on(page)]


def test_map_cache_keys_carry_the_boundary_version(snap, tmp_path):
    """Two boundary versions never share a cached map, even through a shared memo."""
    import dataclasses

    from dashboard.charts import maps
    from dashboard.data.store.boundaries import Boundaries

    geojson = tmp_path / "regency.geojson"
    urls = []
    for version in (1, 2):
        with_shapes = dataclasses.replace(
            snap, boundaries=Boundaries(version, {"regency": geojson})
        )
        assert maps.has_geometry(with_shapes)
        fig = maps.readiness_figure(
            with_shapes, "composite", 2024, mode="geo", province="all", lang="id", home=HOME
        )
        urls.append({t.geojson for t in fig.data if t.type == "choropleth"})
    assert urls == [{"/geometry/regency.geojson?v=1"}, {"/geometry/regency.geojson?v=2"}]
    assert not maps.has_geometry(snap)
