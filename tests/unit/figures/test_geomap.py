"""The geographic map: no geometry from the server, grey for missing, home outlined, small patch."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from plotly.io.json import to_json_plotly

from dashboard.figures import colors
from dashboard.figures.geomap import (
    BACKGROUND_TRACE,
    FEATURE_ID_KEY,
    HOME_LABEL_TRACE,
    HOME_TRACE,
    LEGEND_TRACE,
    VALUES_TRACE,
    attach_geometry,
    geo_map,
    geo_values_patch,
)
from dashboard.figures.mapvalues import PATCH_KEYS

OPTIONS = {"measure_label": "PDRB per kapita", "unit": "juta Rp", "direction": "up"}


def square(code: str, lon: float, lat: float) -> dict:
    ring = [[lon, lat], [lon, lat + 1], [lon + 1, lat + 1], [lon + 1, lat], [lon, lat]]  # clockwise
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture
def fig(tiny_values):
    return geo_map(tiny_values, home_code="32.16", home_lonlat=(107.1, -6.3), **OPTIONS)


def test_traces_come_in_the_documented_order(fig):
    kinds = [trace.type for trace in fig.data]
    assert kinds == ["choropleth", "choropleth", "choropleth", "scattergeo", "scattergeo"]
    order = (BACKGROUND_TRACE, VALUES_TRACE, HOME_TRACE, HOME_LABEL_TRACE, LEGEND_TRACE)
    assert order == tuple(range(5))


def test_no_geometry_is_sent_only_locations_matched_on_the_code_property(fig, tiny_values):
    assert all("geojson" not in trace for trace in fig.to_plotly_json()["data"])
    assert len(json.dumps(fig.to_plotly_json()["data"])) < 10_000
    for trace in fig.data[:3]:
        assert trace.featureidkey == FEATURE_ID_KEY
        assert trace.locationmode == "geojson-id"
    assert list(fig.data[VALUES_TRACE].locations) == sorted(tiny_values["code"])


def test_missing_regions_show_the_grey_background_with_data_kurang(fig, hover):
    background, values = fig.data[BACKGROUND_TRACE], fig.data[VALUES_TRACE]
    assert set(background.z) == {0}
    assert background.colorscale[0][1] == background.colorscale[-1][1] == colors.MISSING
    karawang = list(values.locations).index("32.15")
    assert values.z[karawang] is None
    assert hover(fig, BACKGROUND_TRACE, karawang) == "Kabupaten Karawang\nJawa Barat\ndata kurang"
    assert fig.data[LEGEND_TRACE].name == "data kurang"


@pytest.mark.parametrize(("lang", "value"), [("id", "1.234,5 juta Rp"), ("en", "1,234.5 juta Rp")])
def test_hover_shows_the_locale_formatted_value(tiny_values, hover, lang, value):
    fig = geo_map(tiny_values, lang=lang, **OPTIONS)
    bekasi = list(fig.data[VALUES_TRACE].locations).index("32.16")
    assert (
        hover(fig, VALUES_TRACE, bekasi)
        == f"Kabupaten Bekasi\nJawa Barat\nPDRB per kapita: {value}"
    )


def test_home_region_gets_a_transparent_shape_with_a_thick_accent_outline(fig):
    home = fig.data[HOME_TRACE]
    assert list(home.locations) == ["32.16"]
    assert home.marker.line.color == colors.HOME
    assert home.marker.line.width >= 3
    assert all(colour == "rgba(0,0,0,0)" for _, colour in home.colorscale)
    assert home.hoverinfo == "skip"
    label = fig.data[HOME_LABEL_TRACE]
    assert list(label.text) == ["<b>Kab. Bekasi</b>"]
    assert (label.lon[0], label.lat[0]) == (107.1, -6.3)


def test_without_home_or_its_point_nothing_is_highlighted(tiny_values):
    fig = geo_map(tiny_values, home_code="99.99", **OPTIONS)
    assert list(fig.data[HOME_TRACE].locations) == []
    assert list(fig.data[HOME_LABEL_TRACE].text) == []


def test_geo_is_fitted_to_indonesia_without_clutter(fig):
    geo = fig.layout.geo
    assert geo.projection.type == "mercator"
    assert tuple(geo.lonaxis.range) == (94, 142)
    assert tuple(geo.lataxis.range) == (-11.5, 6.5)
    assert geo.showframe is False
    assert geo.showcoastlines is False
    assert geo.showcountries is False
    assert geo.showland is True
    assert fig.layout.uirevision == geo.uirevision


def test_attach_geometry_sets_it_on_every_choropleth_and_leaves_the_original_alone(
    fig, tiny_values
):
    geojson = {
        "type": "FeatureCollection",
        "features": [square(c, 100 + i, -5) for i, c in enumerate(tiny_values["code"])],
    }
    attached = attach_geometry(fig, geojson)
    assert [t.geojson is not None for t in attached.data[:3]] == [True, True, True]
    assert attached.data[VALUES_TRACE].geojson["features"][0]["properties"]["code"] == "32.16"
    assert all(trace.geojson is None for trace in fig.data[:3])


def test_patch_holds_only_the_value_fields_and_turns_one_figure_into_another(tiny_values):
    other = tiny_values.assign(value=tiny_values["value"] * 2)
    options = {**OPTIONS, "direction": "down", "unit": "%"}
    before = geo_map(tiny_values, **OPTIONS)
    patch = geo_values_patch(other, **options)
    assert tuple(patch) == PATCH_KEYS
    before.data[VALUES_TRACE].update(patch)
    after = geo_map(other, **options)
    assert before.data[VALUES_TRACE].to_plotly_json() == after.data[VALUES_TRACE].to_plotly_json()


def test_patch_for_514_regions_stays_under_10_kb(national_layout):
    codes = national_layout["code"]
    values = np.random.default_rng(3).uniform(0, 100, len(codes))
    patch = geo_values_patch(
        pd.DataFrame({"code": codes, "value": values}),
        measure_label="Indeks Kesiapan Kota Cerdas",
        unit="skor 0-100",
        direction="up",
        zrange=(0, 100),
    )
    assert len(patch["z"]) == len(codes)
    assert len(to_json_plotly(patch).encode()) <= 10_000
