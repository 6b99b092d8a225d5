"""The briefing's map: the tile map of one province with every tile named and its score in it.

On paper there is no hover, so each tile carries its short name and score, in black or white
to contrast with its fill.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import colors
from dashboard.figures.theme import empty_figure, style_for
from dashboard.figures.tilemap import LEGEND_TRACE, VALUES_TRACE, tile_map, tile_slots
from dashboard.i18n import fmt_number, t

TEMPLATE = "print"


def tile_label(name: str) -> str:
    """'Kabupaten Bandung Barat' -> 'Bandung<br>Barat'; 'Kota Bekasi' -> 'Kota<br>Bekasi'."""
    text = str(name)
    for prefix in ("Kabupaten Administrasi ", "Kabupaten "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    text = text.replace("Kota Administrasi ", "Kota ").replace("Kepulauan ", "Kep. ")
    words = text.split()
    if len(words) < 2:
        return text
    cut = max(range(1, len(words)), key=lambda i: -abs(len(" ".join(words[:i])) - len(text) / 2))
    return " ".join(words[:cut]) + "<br>" + " ".join(words[cut:])


def province_tile_map(
    layout: pd.DataFrame,
    values: pd.DataFrame,
    *,
    home_code: str,
    measure_label: str,
    lang: str = "id",
    template: str = TEMPLATE,
) -> go.Figure:
    """The tile map of one province with every tile named and its score written in it.

    ``values`` has code, name and value (NaN = no data); ``layout`` the province's tiles.
    """
    if layout.empty:
        return empty_figure(lang=lang, template=template)
    names = dict(zip(values["code"], values["name"], strict=True))
    fig = tile_map(
        layout,
        values,
        measure_label=measure_label,
        unit=t("common.score_unit", lang),
        direction="up",
        home_code=home_code,
        names=names,
        zrange=(0.0, 100.0),
        lang=lang,
        template=template,
    )
    fig.layout.annotations = ()  # every tile is labelled below; the home tile keeps its outline
    _style_scale(fig, values, lang)
    scale = fig.data[VALUES_TRACE]
    font_size = style_for(template).font_size
    fig.add_trace(
        _tile_texts(
            layout, values, names, scale, home_code=home_code, lang=lang, font_size=font_size
        )
    )
    return fig


def _style_scale(fig: go.Figure, values: pd.DataFrame, lang: str) -> None:
    """A vertical colour bar right of the map; the no-data legend only when a tile has no data."""
    fig.data[VALUES_TRACE].colorbar.update(
        orientation="v",
        x=1.0,
        xanchor="left",
        y=0.5,
        yanchor="middle",
        len=0.8,
        title={"text": t("briefing.chart.map_scale", lang), "side": "top"},
    )
    fig.data[LEGEND_TRACE].showlegend = bool(values["value"].isna().any())
    fig.update_layout(
        legend={"orientation": "v", "x": 0, "y": 0, "yanchor": "bottom"},
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
    )


def _tile_texts(
    layout: pd.DataFrame,
    values: pd.DataFrame,
    names: dict[str, str],
    scale: go.Heatmap,
    *,
    home_code: str,
    lang: str,
    font_size: float,
) -> go.Scatter:
    """Name and score written in every tile, in black or white to contrast with its fill."""
    slots = tile_slots(layout)
    by_code = dict(zip(values["code"], values["value"], strict=True))
    xs, ys, texts, tones, sizes = [], [], [], [], []
    for code, col, row in zip(slots["code"], slots["col"], slots["row"], strict=True):
        if code is None:
            continue
        value = by_code.get(code)
        fill = _tile_colour(value, scale.zmin, scale.zmax, scale.colorscale)
        bold = code == home_code
        label = tile_label(names.get(code, code))
        number = (
            fmt_number(value, lang, 1) if pd.notna(value) else t("figures.insufficient_data", lang)
        )
        texts.append(f"<b>{label}</b><br><b>{number}</b>" if bold else f"{label}<br>{number}")
        longest = max(len(part) for part in label.split("<br>"))
        sizes.append(round(font_size * min(0.78, 7.5 / max(longest, 1)), 1))
        xs.append(col)
        ys.append(row)
        tones.append(colors.contrast_text(fill))
    return go.Scatter(
        x=xs,
        y=ys,
        mode="text",
        text=texts,
        textfont={"color": tones, "size": sizes},
        hoverinfo="skip",
        showlegend=False,
    )


def _tile_colour(value: object, zmin: float, zmax: float, scale) -> str:
    if value is None or pd.isna(value):
        return colors.MISSING
    span = (float(zmax) - float(zmin)) or 1.0
    stops = [[float(p), c] for p, c in scale]
    return colors.sample((float(value) - float(zmin)) / span, stops)
