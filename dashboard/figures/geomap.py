"""The geographic choropleth, built without geometry: the browser attaches the cached GeoJSON.

Sending 3.7 MB of boundaries inside every figure costs a quarter second per page load, so the
server builds the figure with ``locations`` only and a clientside callback sets ``geojson`` on
every choropleth trace (exports use :func:`attach_geometry`). Features are matched on
``properties.code``; outer rings must be clockwise (see TOOLING.md).

Traces, in order (indices are part of the contract with the page's ``Patch``):

0. ``BACKGROUND_TRACE``: every region in grey, carrying the "data kurang" hover.
1. ``VALUES_TRACE``: the measure; regions without a value are not drawn, so grey shows.
2. ``HOME_TRACE``: the home region alone, transparent fill and a thick accent outline.
3. ``HOME_LABEL_TRACE``: the home region's name at ``home_lonlat`` (empty when not given).
4. ``LEGEND_TRACE``: a legend-only grey square labelled "data kurang".
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colors import HOME
from dashboard.figures.mapvalues import PROVENANCE, lookup, slot_texts, value_encoding
from dashboard.figures.theme import base_layout, style_for
from dashboard.i18n import t
from dashboard.labels import short_name

BACKGROUND_TRACE = 0
VALUES_TRACE = 1
HOME_TRACE = 2
HOME_LABEL_TRACE = 3
LEGEND_TRACE = 4
FEATURE_ID_KEY = "properties.code"
UIREVISION = "geo-map"
LON_RANGE = (94.0, 142.0)
LAT_RANGE = (-11.5, 6.5)
_CLEAR = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]


def geo_codes(values: pd.DataFrame) -> list[str]:
    """The location order shared by the figure and its patches: distinct codes, sorted."""
    return sorted(set(_code_list(values)))


def _code_list(values: pd.DataFrame) -> list[str]:
    """The code column as a list of str, without pandas' per-item access (P1)."""
    return [c if isinstance(c, str) else str(c) for c in values["code"].to_numpy(dtype=object)]


def geo_values_patch(
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    categories: Sequence[str] | None = None,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    category_colours: Sequence[str] | None = None,
    lang: str = "id",
    template: str = "screen",
) -> dict:
    """What a recolour changes on ``data[VALUES_TRACE]`` (same keys as the tile map's patch).

    ``values`` must list the same regions as when the figure was built (NaN for no value):
    z is aligned to :func:`geo_codes`.
    """
    codes = _code_list(values)
    order = sorted(set(codes))  # geo_codes(values)
    by_code = dict(zip(reversed(codes), reversed(values["value"].tolist()), strict=True))
    notes = None
    if PROVENANCE in values.columns:
        note_of = dict(zip(reversed(codes), reversed(values[PROVENANCE].tolist()), strict=True))
        notes = [note_of.get(code) for code in order]
    return value_encoding(
        [by_code.get(code) for code in order],
        measure_label=measure_label,
        unit=unit,
        direction=direction,
        categories=categories,
        zrange=zrange,
        decimals=decimals,
        category_colours=category_colours,
        lang=lang,
        template=template,
        notes=notes,
        codes=order,
    )


def geo_map(
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    home_code: str | None = None,
    home_lonlat: tuple[float, float] | None = None,
    names: pd.Series | dict | None = None,
    provinces: pd.Series | dict | None = None,
    categories: Sequence[str] | None = None,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    category_colours: Sequence[str] | None = None,
    missing_label: str | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """The choropleth of one measure over Indonesia, geometry to be attached later.

    ``values`` has code and value (NaN = no data) for every region to draw; options as in
    :func:`dashboard.figures.tilemap.tile_map`. ``home_lonlat`` (a point inside the home
    region) places its label.
    """
    style = style_for(template)
    codes = geo_codes(values)
    region_names = lookup(names, values, "name")
    text = slot_texts(codes, region_names, lookup(provinces, values, "province_name"))
    missing = missing_label or t("figures.insufficient_data", lang)
    common = {
        "locations": codes,
        "featureidkey": FEATURE_ID_KEY,
        "locationmode": "geojson-id",
        "text": text,
        "customdata": codes,
        "marker": {"line": {"color": style.background, "width": 0.4}},
    }
    encoding = geo_values_patch(
        values,
        measure_label=measure_label,
        unit=unit,
        direction=direction,
        categories=categories,
        zrange=zrange,
        decimals=decimals,
        category_colours=category_colours,
        lang=lang,
        template=template,
    )
    shown = go.Choropleth(**{**common, **encoding}, name=measure_label)
    home = home_code if home_code in codes else None
    fig = go.Figure(
        [
            _background(common, len(codes), missing, style),
            shown,
            _home_outline(home, style),
            _home_label(home, home_lonlat, region_names, style),
            _legend_entry(missing, style),
        ]
    )
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        uirevision=UIREVISION,
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "top"},
        margin={"l": 4, "r": style.font_size, "t": 4, "b": round(style.font_size * 4.5)},
        geo=_geo(style),
    )
    return fig


def _background(common: dict, n: int, missing: str, style) -> go.Choropleth:
    """Every region in grey; its hover answers for regions the values trace does not draw."""
    return go.Choropleth(
        **common,
        z=[0] * n,
        zmin=0,
        zmax=1,
        colorscale=[[0, style.missing], [1, style.missing]],
        showscale=False,
        hovertemplate=f"%{{text}}<br><i>{missing}</i><extra></extra>",
        name=missing,
    )


def _geo(style) -> dict:
    return {
        "projection": {"type": "mercator"},
        "lonaxis": {"range": list(LON_RANGE)},
        "lataxis": {"range": list(LAT_RANGE)},
        "fitbounds": False,
        "showframe": False,
        "showcoastlines": False,
        "showcountries": False,
        "showlakes": False,
        "showocean": False,
        "showland": True,
        "landcolor": "#1a2336" if style.dark else "#eef0f3",
        "bgcolor": "rgba(0,0,0,0)",
        "uirevision": UIREVISION,
    }


def _home_outline(home: str | None, style) -> go.Choropleth:
    return go.Choropleth(
        locations=[home] if home else [],
        z=[0] if home else [],
        featureidkey=FEATURE_ID_KEY,
        locationmode="geojson-id",
        colorscale=_CLEAR,
        showscale=False,
        marker={"line": {"color": HOME, "width": style.home_width}},
        hoverinfo="skip",
        name=home or "",
    )


def _home_label(
    home: str | None, lonlat: tuple[float, float] | None, names: dict, style
) -> go.Scattergeo:
    shown = home is not None and lonlat is not None
    return go.Scattergeo(
        lon=[lonlat[0]] if shown else [],
        lat=[lonlat[1]] if shown else [],
        text=[f"<b>{short_name(names.get(home, home))}</b>"] if shown else [],
        mode="markers+text",
        marker={"size": style.font_size * 2, "color": "rgba(0,0,0,0)"},  # lifts the text clear
        textposition="top center",
        textfont={"color": HOME, "size": round(style.font_size * 1.1)},
        hoverinfo="skip",
        showlegend=False,
    )


def _legend_entry(label: str, style) -> go.Scattergeo:
    return go.Scattergeo(
        lon=[None],
        lat=[None],
        mode="markers",
        marker={"symbol": "square", "size": round(style.font_size * 1.1), "color": style.missing},
        name=label,
        hoverinfo="skip",
        showlegend=True,
    )


def attach_geometry(fig: go.Figure, geojson: dict) -> go.Figure:
    """A copy of ``fig`` with ``geojson`` on every choropleth trace (exports and tests only)."""
    out = go.Figure(fig)
    out.update_traces(geojson=geojson, selector={"type": "choropleth"})
    return out
