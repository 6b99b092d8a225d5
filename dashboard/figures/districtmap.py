"""The kecamatan map of one regency: geographic (district boundaries imported) or a tile grid.

Both take a values frame (code, label, value with NaN for no data, optional ``provenance`` note)
listing every district of the regency in code order, and share :func:`district_values_patch`: a
filter change sends only z, colours, colour bar and hover (the district geometry is a cached URL
set on the trace, as for regencies; the grid's cells never move).

Traces (indices are part of the contract with the page's ``Patch``): 0 ``BACKGROUND_TRACE`` (every
district in grey, "data kurang"), 1 ``VALUES_TRACE`` (the measure), in both kinds. The grid is a
heatmap with one cell per district (x, y and z as lists, so no padding cell is drawn).
Geo trace 2 ``OUTLINE_TRACE`` outlines the chosen district (:func:`outline_patch`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colors import HOME
from dashboard.figures.geomap import FEATURE_ID_KEY
from dashboard.figures.mapvalues import PROVENANCE, value_encoding
from dashboard.figures.theme import base_layout, d3_format, round_list, style_for, with_unit
from dashboard.i18n import t

BACKGROUND_TRACE = 0
VALUES_TRACE = 1
OUTLINE_TRACE = 2  # geo: the chosen district's outline
GRID_VALUES_TRACE = 1
GRID_COLUMNS = 6
GRID_BAND = 0.45  # rows of blank space under the grid for the colour bar's title
UIREVISION = "district-map"
MAP_HEIGHT = {"screen": 620, "print": 900}  # the wall's graph fills its scene


def district_values_patch(
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
    grid: bool = False,
) -> dict:
    """What a recolour changes on the values trace (z as a grid for the tile fallback)."""
    notes = values[PROVENANCE].tolist() if PROVENANCE in values.columns and not grid else None
    encoding = value_encoding(
        values["value"].tolist(),
        measure_label=measure_label,
        unit=unit,
        direction=direction,
        zrange=zrange,
        decimals=decimals,
        lang=lang,
        template=template,
        notes=notes,
    )
    if grid:
        encoding.pop("hovertext", None)
        value = with_unit(f"%{{z:{d3_format(decimals)}}}", unit)
        encoding["hovertemplate"] = f"%{{text}}<br>{measure_label}: <b>{value}</b><extra></extra>"
        # the unit is on the colour bar: a cell holds the name and the number only
        encoding["texttemplate"] = f"%{{text}}<br><b>%{{z:{d3_format(decimals)}}}</b>"
    return encoding


def outline_patch(code: str | None) -> dict:
    """The outline trace's locations when another district is chosen (None: no outline)."""
    return {"locations": [code] if code else [], "z": [0] if code else []}


def district_geo_map(
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    selected: str | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """Districts as a choropleth (geometry attached as a URL by the caller), framed on them."""
    style = style_for(template)
    codes = values["code"].astype(str).tolist()
    labels = values["label"].astype(str).tolist()
    common = {
        "locations": codes,
        "featureidkey": FEATURE_ID_KEY,
        "locationmode": "geojson-id",
        "text": labels,
        "customdata": codes,
        "marker": {"line": {"color": style.background, "width": 1}},
    }
    missing = t("figures.insufficient_data", lang)
    background = go.Choropleth(
        **common,
        z=[0] * len(codes),
        zmin=0,
        zmax=1,
        colorscale=[[0, style.missing], [1, style.missing]],
        showscale=False,
        hovertemplate=f"%{{text}}<br><i>{missing}</i><extra></extra>",
        name=missing,
    )
    encoding = district_values_patch(
        values, measure_label=measure_label, unit=unit, direction=direction, zrange=zrange,
        decimals=decimals, lang=lang, template=template,
    )  # fmt: skip
    shown = go.Choropleth(**common, **encoding, name=measure_label)
    outline = go.Choropleth(
        locations=[selected] if selected in codes else [],
        z=[0] if selected in codes else [],
        featureidkey=FEATURE_ID_KEY,
        locationmode="geojson-id",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        showscale=False,
        marker={"line": {"color": HOME, "width": style.home_width}},
        hoverinfo="skip",
    )
    fig = go.Figure([background, shown, outline])
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        uirevision=UIREVISION,
        showlegend=False,
        height=MAP_HEIGHT.get(template),
        margin={"l": 4, "r": 4, "t": 4, "b": round(style.font_size * 5)},
        geo={
            "projection": {"type": "mercator"},
            "fitbounds": "locations",
            "visible": False,
            "bgcolor": "rgba(0,0,0,0)",
            "uirevision": UIREVISION,
        },
    )
    return fig


def district_tile_map(
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    zrange: tuple[float, float] | None = None,
    decimals: int = 1,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """The fallback without district boundaries: one labelled cell per district, in code order
    (a grid, not geography: the page says so)."""
    style = style_for(template)
    encoding = district_values_patch(
        values, measure_label=measure_label, unit=unit, direction=direction, zrange=zrange,
        decimals=decimals, lang=lang, template=template, grid=True,
    )  # fmt: skip
    labels = [_wrap(v) for v in values["label"].astype(str)]
    cells = {
        "x": [i % GRID_COLUMNS for i in range(len(values))],
        "y": [i // GRID_COLUMNS for i in range(len(values))],
        "xgap": 3,
        "ygap": 3,
        "customdata": values["code"].astype(str).tolist(),
    }
    missing = t("figures.insufficient_data", lang)
    background = go.Heatmap(
        **cells, z=[0] * len(values), zmin=0, zmax=1, showscale=False,
        colorscale=[[0, style.missing], [1, style.missing]], text=labels,
        hovertemplate=f"%{{text}}<br><i>{missing}</i><extra></extra>",
    )  # fmt: skip
    shown = go.Heatmap(**cells, **encoding, text=labels, textfont={"size": style.font_size},
                       hoverongaps=False)  # fmt: skip
    fig = go.Figure([background, shown])
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        uirevision=UIREVISION,
        plot_bgcolor="rgba(0,0,0,0)",
        margin={"l": 4, "r": 4, "t": 4, "b": round(style.font_size * 4.5)},
    )
    rows = -(-len(values) // GRID_COLUMNS)
    fig.update_xaxes(visible=False, range=[-0.5, GRID_COLUMNS - 0.5])
    # reversed, with a blank band under the last row where the colour bar's title sits
    fig.update_yaxes(visible=False, range=[rows - 0.5 + GRID_BAND, -0.5])
    return fig


def district_ranking(
    values: pd.DataFrame,
    *,
    measure_label: str,
    unit: str,
    direction: str,
    decimals: int = 1,
    selected: str | None = None,
    lang: str = "id",
    template: str = "screen",
) -> go.Figure:
    """All districts with a value, best on top (by ``rank``); the selected one in the accent."""
    style = style_for(template)
    shown = values[values["value"].notna()].sort_values(["rank", "label"], kind="stable")
    colours = [HOME if c == selected else "#4f7cac" for c in shown["code"]]
    numbers = round_list(shown["value"], decimals)
    fmt = d3_format(decimals)
    fig = go.Figure(
        go.Bar(
            x=numbers,
            y=[f"{int(r)}. {lab}" for r, lab in zip(shown["rank"], shown["label"], strict=True)],
            orientation="h",
            marker={"color": colours},
            customdata=shown["code"].tolist(),
            texttemplate=with_unit(f"%{{x:{fmt}}}", unit),
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}<br>{measure_label}: <b>"
            + with_unit(f"%{{x:{fmt}}}", unit)
            + "</b><extra></extra>",
        )
    )
    height = max(300, round(len(shown) * style.font_size * 2.0) + 40)
    fig.update_layout(
        **base_layout(lang=lang, template=template),
        height=height,
        margin={"l": 8, "r": style.font_size * 4, "t": 8, "b": 8},
        showlegend=False,
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(automargin=True, title=with_unit("", unit).strip() or None)
    return fig


def _wrap(label: str) -> str:
    """Two lines for long names, so cells stay narrow."""
    if len(label) <= 12 or " " not in label:
        return label
    head, _, tail = label.rpartition(" ")
    return f"{head}<br>{tail}"
